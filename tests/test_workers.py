"""The NLP and extract stages on worker processes (`pipelines.workers`): the same tables as one process, in
chunks that cover every document once, and honest about workers that die: the document that killed its
worker is one quarantine row, workers that keep dying stop the run, nothing ever hangs."""

from __future__ import annotations

import datetime as dt
import multiprocessing
import os
import signal
import subprocess
import sys
import textwrap
import threading
from collections.abc import Iterator

import duckdb
import pytest
from conftest import BBC, PROJECT, SEED, clean_env, hang_watchdog

import pipelines.extract.document as extract_document
from pipelines import isolation, nlp, unchanged, workers
from pipelines.isolation import PendingText
from pipelines.progress import Progress

STATES = ["France", "Germany", "Japan", "India", "Brazil", "Kenya", "Canada", "Egypt", "Mexico", "Chile"]


def texts(n: int = 40) -> list[PendingText]:
    result = []
    for k in range(n):
        a, b = STATES[k % len(STATES)], STATES[(k * 3 + 1) % len(STATES)]
        body = (f"Talks {k}\n\n{a} and {b} signed a trade agreement in {a}'s capital on Monday.\n\n"
                f"The weather was fine. \u201cIt is a good day,\u201d the {a} foreign minister said.\n")
        result.append(PendingText(f"doc_{k:03d}", body, None))
    return result


def read_text(path) -> str:
    data = path.read_bytes()
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1252")


def real_texts(n_bbc: int) -> list[PendingText]:
    """The seed article and the first `n_bbc` BBC articles (read from ../shared, never copied here)."""
    paths = [SEED, *sorted(BBC.rglob("*.txt"))[:n_bbc]]
    return [PendingText(f"real_{k:03d}", read_text(path), None) for k, path in enumerate(paths)]


def tables(outcome: workers.StreamOutcome) -> dict[str, list[tuple]]:
    t = outcome.extraction.tables
    frames = {**t.facts, "dim_actor": t.actors, "bridge_event_party": t.parties, "stats": outcome.stats}
    return {name: frame.rows() for name, frame in frames.items()}


# How long a busy worker may stay silent in the hang tests. The hang itself is certain (a sleep of an hour),
# so the limit only has to stay well above what a healthy worker takes to report: a whole chunk of 16 of the
# short `texts()` was parsed and extracted in under 0.8 s with the machine's load average at 10 to 12 (its
# first report comes sooner), one document alone in about 0.1 s. Three seconds keeps that margin and proves
# what ten did: the hung worker is killed, its document is one row, the rest goes on.
STALL_SECONDS = 3


@pytest.fixture
def watchdog(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Turns a hang (a worker that never answers) into a failure, and makes the workers forks: the faults
    here are injected by patching this process, which only a forked worker inherits. The pool itself
    spawns when another thread runs in this process, and one may be left by an earlier test in the same
    pytest worker (the fan-out tests' executors), which would hide every injected fault."""
    monkeypatch.setattr(workers, "_context", lambda: multiprocessing.get_context("fork"))
    with hang_watchdog(300):
        yield


def test_the_pool_spawns_fresh_processes_while_another_thread_runs() -> None:
    """Forking a process with a second thread can copy a lock that thread holds; spawn is the safe start."""
    release = threading.Event()
    other = threading.Thread(target=release.wait, daemon=True)
    other.start()
    try:
        assert workers._context().get_start_method() == "spawn"
    finally:
        release.set()
        other.join()


@pytest.mark.slow  # a fresh interpreter imports spaCy and loads the model
def test_a_zygote_spawned_while_another_thread_runs_gives_the_tables_of_one_process() -> None:
    """With another thread here the zygote is a fresh process (spawn); it still forks the workers itself."""
    docs = texts(48)
    alone = workers.process_pending(docs, workers.StreamSettings(workers=1))
    release = threading.Event()
    other = threading.Thread(target=release.wait, daemon=True)
    other.start()
    try:
        pooled = workers.process_pending(docs, workers.StreamSettings(workers=2, chunk_size=16))
    finally:
        release.set()
        other.join()
    assert pooled.processes == 2 and sum(pooled.shares) == len(docs)
    assert tables(pooled) == tables(alone)


def test_chunks_cover_every_document_once_and_shrink_towards_the_end() -> None:
    for n, size in [(1, 200), (31, 200), (2195, 200), (4000, 64), (500, 16)]:
        spans = workers.chunk_spans(n, 2, size)
        assert [a for a, _ in spans] == [0, *[b for _, b in spans[:-1]]] and spans[-1][1] == n
        assert all(b - a <= max(size, workers.MIN_CHUNK_SIZE) for a, b in spans)
        assert all(b - a >= workers.MIN_CHUNK_SIZE for a, b in spans[:-1])
        sizes = [b - a for a, b in spans]
        assert sizes == sorted(sizes, reverse=True) or sizes[-1] < workers.MIN_CHUNK_SIZE


def test_workers_give_the_tables_of_one_process(watchdog) -> None:
    docs = texts()
    alone = workers.process_pending(docs, workers.StreamSettings(workers=1))
    shown = Progress(len(docs), enabled=False)
    pooled = workers.process_pending(docs, workers.StreamSettings(workers=2, chunk_size=16), shown)
    assert alone.processes == 0 and pooled.processes == 2
    assert tables(pooled) == tables(alone)
    assert pooled.extraction.failures == alone.extraction.failures == []
    assert shown.counts == {"parsed": len(docs), "extracted": len(docs)}
    assert alone.extraction.tables.facts["fact_deal"].height > 0


def test_a_worker_retires_after_its_share_of_documents_and_nothing_is_lost(watchdog) -> None:
    """Workers are replaced by fresh ones after `documents_per_worker` (memory bounded by that, not by the
    corpus); the tables are still those of one process, every document counted once."""
    docs = texts(64)
    alone = workers.process_pending(docs, workers.StreamSettings(workers=1))
    shown = Progress(len(docs), enabled=False)
    pooled = workers.process_pending(docs, workers.StreamSettings(workers=2, chunk_size=16, documents_per_worker=16),
                                     shown)
    # Four chunks of 16, each on a fresh worker. Which worker is ready first is the machine's choice: one of
    # the first two may finish no chunk before the others have run them all (then five were started).
    assert pooled.processes == 2 and sorted(n for n in pooled.shares if n) == [16, 16, 16, 16]
    assert pooled.started == len(pooled.shares) and pooled.started - pooled.shares.count(0) == 4
    assert tables(pooled) == tables(alone)
    assert pooled.extraction.failures == []
    assert shown.counts == {"parsed": len(docs), "extracted": len(docs)}
    kept = workers.process_pending(docs, workers.StreamSettings(workers=2, chunk_size=16), shown)
    assert kept.started == 2 and sum(kept.shares) == len(docs)


def test_the_zygote_forks_every_worker_and_this_process_loads_no_model(watchdog) -> None:
    """A zygote started before the run knows its documents (`EarlyZygote`, as the CLI does) loads the model
    once and forks every worker, successors of retiring workers too; this process loads none; same tables."""
    docs = texts(96)
    alone = workers.process_pending(docs, workers.StreamSettings(workers=1))
    settings = workers.StreamSettings(workers=2, chunk_size=16, documents_per_worker=32)
    nlp._load_model.cache_clear()
    with workers.EarlyZygote() as early:
        assert early.start(settings) and early.started
        pooled = _stream(docs, settings, early)
        assert not early.started  # the run took it, and stopped it
    assert pooled.started > 2 and sum(pooled.shares) == len(docs) and max(pooled.shares) <= 32
    assert nlp._load_model.cache_info().currsize == 0
    assert tables(pooled) == tables(alone)
    assert pooled.extraction.failures == []


def test_without_an_early_zygote_the_run_starts_its_own_and_loads_no_model_here(watchdog) -> None:
    docs = texts(48)
    alone = workers.process_pending(docs, workers.StreamSettings(workers=1))
    nlp._load_model.cache_clear()
    pooled = workers.process_pending(docs, workers.StreamSettings(workers=2, chunk_size=16))
    assert pooled.processes == 2 and nlp._load_model.cache_info().currsize == 0
    assert tables(pooled) == tables(alone)


def test_an_early_zygote_is_stopped_when_the_run_has_too_few_documents(watchdog) -> None:
    settings = workers.StreamSettings(workers=2)
    with workers.EarlyZygote() as early:
        early.start(settings)
        zygote = early._zygote
        assert zygote is not None
        outcome = _stream(texts(4), settings, early)
        assert outcome.processes == 0 and not early.started
        assert not zygote.process.is_alive()


def _stream(docs: list[PendingText], settings: workers.StreamSettings, early: workers.EarlyZygote
            ) -> workers.StreamOutcome:
    """`process_pending` with an early zygote: the chunks' outcomes kept and combined."""
    results: dict[tuple[int, int], isolation.ChunkOutcome] = {}

    def keep(key: tuple[int, int], start: int, end: int, outcome: isolation.ChunkOutcome) -> None:
        results[key] = outcome

    run = workers.stream_pending(len(docs), lambda a, b: docs[a:b], [len(d.body) for d in docs], settings, keep,
                                 early=early)
    extraction, stats = isolation.combine([results[key] for key in sorted(results)])
    return workers.StreamOutcome(extraction, stats, run.processes, [], run.shares)


def test_the_model_batch_is_no_larger_than_the_smallest_chunk() -> None:
    """A worker's peak memory follows the documents in the model at once: with the batch no larger than
    any full chunk, it does not depend on the chunk sizes (which shrink towards the end of a run)."""
    from pipelines.defs.resources import SpacyModel

    assert workers.DEFAULT_BATCH_SIZE <= workers.MIN_CHUNK_SIZE <= workers.DEFAULT_CHUNK_SIZE
    assert SpacyModel().stream_settings().batch_size == workers.StreamSettings().batch_size == workers.DEFAULT_BATCH_SIZE


def test_the_model_takes_batches_bounded_by_documents_and_tokens() -> None:
    import spacy

    blank = spacy.blank("en")
    docs = [blank.make_doc(" ".join(["word"] * n)) for n in (10, 10, 10, 50, 5, 5, 5, 5)]
    batches = [[len(d) for d in batch] for batch in nlp.token_batches(docs, max_docs=3, max_tokens=25)]
    assert batches == [[10, 10], [10], [50], [5, 5, 5], [5]]  # a longer document is a batch of its own


def test_the_token_bound_on_a_batch_changes_no_parse(watchdog) -> None:
    docs = [(t.document_id, t.body) for t in real_texts(12)]
    model = nlp.load_model()

    def parses(max_tokens: int) -> list[list[tuple[str, str, str, int, str]]]:
        return [[(t.text, t.tag_, t.dep_, t.head.i, t.ent_type_) for t in parsed.parse]
                for parsed in nlp.iter_parsed(docs, model, 16, True, max_tokens)]

    assert parses(500) == parses(10**9)


@pytest.mark.slow  # parses 60 news articles three times
def test_workers_give_the_rows_of_one_process_on_real_news(watchdog) -> None:
    docs = real_texts(59)
    alone = workers.process_pending(docs, workers.StreamSettings(workers=1))
    pooled = workers.process_pending(docs, workers.StreamSettings(workers=2, chunk_size=16))
    assert alone.processes == 0 and pooled.processes == 2
    assert pooled.extraction.failures == alone.extraction.failures == []
    assert tables(pooled) == tables(alone)
    whole_chunks = workers.process_pending(docs, workers.StreamSettings(workers=1, batch_size=64))
    assert tables(whole_chunks) == tables(alone)  # the model's batch size changes no row
    facts = alone.extraction.tables.facts
    assert sum(frame.height for frame in facts.values()) > 50  # real rows, not two empty tables
    assert 0 < alone.stats["parsed_words"].sum() < alone.stats["words"].sum()  # candidate sentences only


# In a fresh interpreter, so that no earlier test has filled a cache: which of the cached tables of
# `pipelines` a chunk of news articles still builds after the zygote's warm-up (each worker would build it).
BUILT_AFTER_WARM_UP = textwrap.dedent("""
    import importlib, pkgutil, sys
    sys.path.insert(0, sys.argv[1])
    import pipelines
    from test_workers import real_texts
    from pipelines import workers
    from pipelines.nlp import load_model
    from pipelines.resolve import lexicon

    nlp = load_model()
    lexicon(nlp)
    workers._warm_up(nlp, workers.StreamSettings())
    modules = [importlib.import_module(m.name) for m in pkgutil.walk_packages(pipelines.__path__, "pipelines.")
               if not m.name.startswith(("pipelines.defs", "pipelines.definitions", "pipelines.__main__"))]
    caches = {f"{m.__name__}.{name}": f for m in modules for name, f in vars(m).items()
              if hasattr(f, "cache_info") and getattr(f, "__module__", None) == m.__name__}
    empty = {name for name, f in caches.items() if f.cache_info().currsize == 0}
    outcome = workers.process_texts(real_texts(59), nlp, 16, True)
    assert sum(frame.height for frame in outcome.facts.values()) > 50
    print(sorted(name for name in empty if caches[name].cache_info().currsize))
""")


@pytest.mark.slow  # a fresh interpreter loads the model and parses 60 news articles
def test_the_warm_up_builds_every_table_a_worker_reads() -> None:
    result = subprocess.run([sys.executable, "-c", BUILT_AFTER_WARM_UP, str(PROJECT / "tests")], cwd=PROJECT,
                            env=clean_env(), capture_output=True, text=True, timeout=600, check=False)
    assert result.returncode == 0, result.stderr[-3000:]
    assert result.stdout.strip() == "[]"


def test_a_guessed_publication_date_is_read_as_no_date(watchdog) -> None:
    """A file's own date (date_source file_modified) must not decide who held an office: the worker path
    reads such a document as the reference path (`extract_documents`) does, as if undated."""
    body = "Talks\n\nTony Blair met George W Bush at the White House.\n"  # their states from their offices
    guessed = workers.process_pending([PendingText("guessed", body, dt.date(2026, 1, 5), date_is_a_guess=True)],
                                      workers.StreamSettings(workers=1))
    undated = workers.process_pending([PendingText("guessed", body, None)], workers.StreamSettings(workers=1))
    trusted = workers.process_pending([PendingText("guessed", body, dt.date(2026, 1, 5))],
                                      workers.StreamSettings(workers=1))
    meetings = {name: outcome.extraction.tables.facts["fact_meeting"].select("party_a_code", "party_b_code").rows()
                for name, outcome in (("guessed", guessed), ("undated", undated), ("trusted", trusted))}
    assert meetings["guessed"] == meetings["undated"] == [("GBR", "USA")]
    assert meetings["trusted"] == []  # trusted, the date does matter: in 2026 neither held an office


def test_nothing_pending_loads_no_model(monkeypatch) -> None:
    def no_model(name: str = nlp.DEFAULT_MODEL):
        raise AssertionError("the model was loaded")

    monkeypatch.setattr(workers, "load_model", no_model)
    outcome = workers.process_pending([], workers.StreamSettings())
    assert outcome.stats.height == 0 and outcome.extraction.failures == []


def _die(document_id: str) -> None:
    # Only a worker dies: the parent would run the test's own process down, and the zygote (forked too) runs
    # its warm-up article before any worker exists.
    if os.getpid() != PARENT and document_id != workers.WARM_UP_ID:
        os.kill(os.getpid(), signal.SIGKILL)


PARENT = os.getpid()


def test_a_document_that_kills_its_worker_is_one_row_and_the_rest_goes_on(monkeypatch, watchdog) -> None:
    real_extract, real_split = extract_document.extract_parsed, nlp.split_sentences

    def extract(document_id, body, *args, **kwargs):
        if "KILL-EXTRACT" in body:
            _die(document_id)
        return real_extract(document_id, body, *args, **kwargs)

    def split(text: str, *model):
        if "KILL-PARSE" in text:
            _die(text)
        return real_split(text, *model)

    monkeypatch.setattr(extract_document, "extract_parsed", extract)  # forked workers inherit both
    monkeypatch.setattr(nlp, "split_sentences", split)
    docs = texts()
    docs[5] = PendingText("doc_kill_extract", docs[5].body + "KILL-EXTRACT\n", None)
    docs[30] = PendingText("doc_kill_parse", docs[30].body + "KILL-PARSE\n", None)
    shown = Progress(len(docs), enabled=False)
    pooled = workers.process_pending(docs, workers.StreamSettings(workers=2, chunk_size=16), shown)
    failures = {f.document_id: f for f in pooled.extraction.failures}
    assert set(failures) == {"doc_kill_extract", "doc_kill_parse"}
    assert (failures["doc_kill_extract"].stage, failures["doc_kill_extract"].reason) == ("extract", "extraction_failed")
    assert (failures["doc_kill_parse"].stage, failures["doc_kill_parse"].reason) == ("nlp", "parse_failed")
    assert all("killed by SIGKILL" in f.detail for f in failures.values())
    # Every other document is there, as one process would have made it.
    monkeypatch.setattr(extract_document, "extract_parsed", real_extract)
    monkeypatch.setattr(nlp, "split_sentences", real_split)
    rest = [d for d in docs if d.document_id not in failures]
    alone = workers.process_pending(rest, workers.StreamSettings(workers=1))
    assert tables(pooled) == tables(alone)
    assert shown.counts == {"parsed": len(docs) - 1, "extracted": len(docs) - 2}  # redone chunks counted once


@pytest.mark.slow  # waits for the stall limit twice (the chunk, then the document alone)
def test_a_document_that_hangs_its_worker_is_one_row_and_the_rest_goes_on(monkeypatch, watchdog) -> None:
    real_extract = extract_document.extract_parsed

    def extract(document_id, body, *args, **kwargs):
        if "HANG" in body and os.getpid() != PARENT:
            import time

            time.sleep(3600)
        return real_extract(document_id, body, *args, **kwargs)

    monkeypatch.setattr(extract_document, "extract_parsed", extract)
    docs = texts()
    docs[20] = PendingText("doc_hang", docs[20].body + "HANG\n", None)
    shown = Progress(len(docs), enabled=False)
    settings = workers.StreamSettings(workers=2, chunk_size=16, stall_seconds=STALL_SECONDS)
    pooled = workers.process_pending(docs, settings, shown)
    (failure,) = pooled.extraction.failures
    assert (failure.document_id, failure.stage, failure.reason) == ("doc_hang", "extract", "extraction_failed")
    assert f"hung: killed after {STALL_SECONDS} s" in failure.detail
    monkeypatch.setattr(extract_document, "extract_parsed", real_extract)
    alone = workers.process_pending([d for d in docs if d.document_id != "doc_hang"], workers.StreamSettings(workers=1))
    assert tables(pooled) == tables(alone)
    assert shown.counts == {"parsed": len(docs), "extracted": len(docs) - 1}


def test_workers_that_keep_dying_stop_the_run(monkeypatch, watchdog) -> None:
    def extract(document_id, *args, **kwargs):
        _die(document_id)

    monkeypatch.setattr(extract_document, "extract_parsed", extract)
    with pytest.raises(workers.WorkerError, match="in a row"):
        workers.process_pending(texts(), workers.StreamSettings(workers=2, chunk_size=16))


def test_a_chunk_that_raises_outside_any_document_fails_the_run(monkeypatch, watchdog) -> None:
    real, real_process = isolation._tables, isolation.process_texts
    warming = threading.local()

    def process_texts(texts, *args, **kwargs):  # the zygote's warm-up goes through this too
        warming.on = [t.document_id for t in texts] == [workers.WARM_UP_ID]
        return real_process(texts, *args, **kwargs)

    def broken(*args, **kwargs):
        if os.getpid() != PARENT and not warming.on:
            raise MemoryError("simulated")
        return real(*args, **kwargs)

    monkeypatch.setattr(workers, "process_texts", process_texts)

    monkeypatch.setattr(isolation, "_tables", broken)
    with pytest.raises(workers.WorkerError, match="not one document's fault"):
        workers.process_pending(texts(), workers.StreamSettings(workers=2, chunk_size=16))


@pytest.mark.slow  # a child process
def test_workers_exit_when_their_parent_is_killed(tmp_path, watchdog) -> None:
    script = textwrap.dedent("""
        import os, sys, time
        import pipelines.extract.document as d
        from pipelines import workers
        sys.path.insert(0, sys.argv[1])
        from test_workers import texts

        parent, real = os.getpid(), d.extract_parsed

        def hang(document_id, *args, **kwargs):
            if os.getpid() == parent or document_id == workers.WARM_UP_ID:  # the zygote's warm-up
                return real(document_id, *args, **kwargs)
            os.write(1, f"{os.getpid()}\\n".encode())  # one write: the two workers' lines never interleave
            time.sleep(3600)

        d.extract_parsed = hang
        workers.process_pending(texts(), workers.StreamSettings(workers=2, chunk_size=16))
    """)
    parent = subprocess.Popen([sys.executable, "-c", script, str(PROJECT / "tests")], cwd=PROJECT,
                              stdout=subprocess.PIPE, text=True)
    assert parent.stdout is not None
    children = {int(parent.stdout.readline()), int(parent.stdout.readline())}
    parent.kill()
    parent.wait(60)
    for pid in children:
        for _ in range(600):  # each worker notices within a second; ten minutes is a hang
            try:
                os.kill(pid, 0)
            except ProcessLookupError:
                break
            try:
                os.waitpid(pid, os.WNOHANG)
            except ChildProcessError:
                pass
            import time

            time.sleep(1)
        else:
            pytest.fail(f"worker {pid} outlived its parent")


# The CLI with two workers, one document killing its worker in extraction and one hanging it in parsing.
CLI_WITH_BAD_DOCUMENTS = textwrap.dedent("""
    import dataclasses, os, signal, sys, time
    import pipelines.extract.document as d
    from pipelines import nlp
    from pipelines.cli import main
    from pipelines.defs.resources import SpacyModel

    parent = os.getpid()
    real_extract, real_split, real_settings = d.extract_parsed, nlp.split_sentences, SpacyModel.stream_settings

    def extract(document_id, body, *args, **kwargs):
        if "KILL-ME" in body and os.getpid() != parent:
            os.kill(os.getpid(), signal.SIGKILL)
        return real_extract(document_id, body, *args, **kwargs)

    def split(text, *model):
        if "HANG-ME" in text and os.getpid() != parent:
            time.sleep(3600)
        return real_split(text, *model)

    d.extract_parsed, nlp.split_sentences = extract, split
    SpacyModel.stream_settings = lambda self: dataclasses.replace(real_settings(self), stall_seconds=STALL_SECONDS)
    sys.exit(main(sys.argv[1:]))
""").replace("STALL_SECONDS", str(STALL_SECONDS))


@pytest.mark.slow  # a child process running the pipeline
def test_the_documents_a_worker_dies_or_hangs_on_are_quarantined_and_the_others_load(tmp_path, watchdog) -> None:
    raw, db = tmp_path / "raw", tmp_path / "warehouse" / "bilateral.duckdb"
    raw.mkdir()
    # The short texts, not news: with a stall limit of a few seconds a chunk of 16 long articles could take
    # that long to parse on a loaded machine and be killed for nothing. 42 files still make two workers.
    bodies = {f"text_{k:02d}.txt": t.body for k, t in enumerate(texts(40))}
    bodies["kill.txt"] = bodies["text_03.txt"] + "\nKILL-ME\n"
    bodies["hang.txt"] = bodies["text_30.txt"] + "\nHANG-ME\n"
    for name, body in bodies.items():
        (raw / name).write_text(body, encoding="utf-8")
    done = subprocess.run([sys.executable, "-c", CLI_WITH_BAD_DOCUMENTS, "run", "--raw-dir", str(raw),
                           "--warehouse", str(db)], cwd=PROJECT, env=clean_env(BILATERAL_WORKERS="2"),
                          capture_output=True, text=True, check=False, timeout=900)
    assert done.returncode == 0, done.stderr[-3000:]
    with duckdb.connect(str(db), read_only=True) as con:
        quarantined = con.execute("SELECT source_name, stage, reason, detail FROM quarantine ORDER BY 1").fetchall()
        loaded = {row[0] for row in con.execute("SELECT source_name FROM document_source").fetchall()}
    assert [(name, stage, reason) for name, stage, reason, _ in quarantined] == [
        ("hang.txt", "nlp", "parse_failed"), ("kill.txt", "extract", "extraction_failed")]
    assert f"hung: killed after {STALL_SECONDS} s" in quarantined[0][3] and "killed by SIGKILL" in quarantined[1][3]
    assert loaded == set(bodies) - {"kill.txt", "hang.txt"}
    # Both are retried by the next run, so this run left no record that would let it skip them.
    assert not unchanged.record_path(db).exists()


def test_early_workers_are_switched_off_by_the_environment(monkeypatch, tmp_path) -> None:
    """`BILATERAL_EARLY_WORKERS=off`: `run` starts no zygote before it knows its documents, however many
    files are new (the run then starts it when it has documents to parse)."""
    from pipelines import cli
    from pipelines.settings import EARLY_WORKERS_ENV, Settings

    raw = tmp_path / "raw"
    raw.mkdir()
    for k in range(2 * workers.MIN_CHUNK_SIZE):
        (raw / f"a{k}.txt").write_text("Talks\n\nFrance and Germany met.\n")
    started: list[object] = []
    monkeypatch.setattr(workers.EarlyZygote, "start", lambda self, settings: started.append(settings) or True)
    monkeypatch.setattr(workers, "available_cores", lambda: 2)
    monkeypatch.setenv(EARLY_WORKERS_ENV, "off")
    early = workers.EarlyZygote()
    assert not cli._start_zygote_early(early, Settings.from_env(str(raw), str(tmp_path / "w.duckdb")), None)
    monkeypatch.setenv(EARLY_WORKERS_ENV, "on")
    assert cli._start_zygote_early(early, Settings.from_env(str(raw), str(tmp_path / "w.duckdb")), None)
    assert len(started) == 1


def test_a_zygote_still_loading_the_model_is_stopped_at_once(monkeypatch, watchdog) -> None:
    """A run that needs no workers (too few documents, nothing pending) does not wait for the early
    zygote to finish loading a model it will not use."""
    import time

    real = workers.load_model

    def slow_model(name: str = nlp.DEFAULT_MODEL):
        time.sleep(60)
        return real(name)

    monkeypatch.setattr(workers, "load_model", slow_model)  # the forked zygote inherits it
    early = workers.EarlyZygote()
    assert early.start(workers.StreamSettings(workers=2))
    zygote = early._zygote
    assert zygote is not None
    began = time.monotonic()
    early.close()
    assert time.monotonic() - began < 10 and not zygote.process.is_alive() and not early.started
