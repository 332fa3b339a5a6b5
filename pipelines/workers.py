"""The NLP and extract stages on every core: pending documents stream in chunks through worker processes.

Each worker process, forked with the spaCy model and the actor lexicon loaded, takes one chunk of documents
at a time, splits, parses and extracts it (`isolation.process_texts`, every document isolated) and sends
back only rows, the documents it refused and counts; parses never leave the worker. Memory is bounded by
the chunk and by the documents one worker runs before it retires for a fresh one (`documents_per_worker`),
not by the number of documents. Chunks shrink towards the end of a run (`chunk_spans`) so the
workers finish together. Results are put together in document order, so the tables are the ones a single
process would make.

Workers are forked from one process that holds the model, the zygote (`Zygote`): it loads the model and
warms its caches once, then forks every worker, and every retiring or dead worker's successor, from
itself, so all of them share the model's pages and this process never loads it. The CLI starts the
zygote before it imports Dagster (`EarlyZygote`, passed to the run as a resource), so the model loads
while the run gets ready; otherwise the run starts its own. A run with few documents, or with
`workers=1`, stays in this process.

A worker that dies (killed, out of memory, a crash in native code) never hangs the run and never loses a
document: the documents of its chunk are run again one per task, and a document that kills its worker
again is refused alone (one quarantine row, stage `nlp` or `extract` by how far it got, saying how the
process died). A worker that hangs is one that dies: a busy worker that has reported no document for
`stall_seconds` is killed, and its chunk goes the same way. (A run that stays in this process, with
`workers=1` or too few documents for two chunks, cannot stop a document that hangs.) Workers that keep dying, or that cannot load the model, fail the run with that reason.
A worker whose parent dies exits.
"""

from __future__ import annotations

import ctypes
import gc
import logging
import math
import multiprocessing
import os
import signal
import threading
import time
import traceback
from collections import deque
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from multiprocessing.connection import Connection, wait
from multiprocessing.context import ForkContext, SpawnContext
from multiprocessing.process import BaseProcess
from multiprocessing.reduction import recv_handle, send_handle
from typing import TYPE_CHECKING, Any, Self

from pipelines.display import describe_exception
from pipelines.nlp import DEFAULT_MODEL, DocumentFailure, load_model

if TYPE_CHECKING:
    import polars as pl
    from spacy.language import Language

    from pipelines.isolation import ChunkOutcome, ExtractionOutcome, PendingText, Progress

log = logging.getLogger(__name__)
_Context = ForkContext | SpawnContext

# A chunk of the 500-article run: the unit of work a worker is sent and sends back.
DEFAULT_CHUNK_SIZE = 64
# Documents in the model at once. The parse of a batch (tok2vec, parser and NER arrays, ~1.8 MB per 1,000
# characters) is a worker's peak over what it holds between chunks: 64 documents (a whole chunk) went
# 240 MB above it, 16 go 70 MB. With the batch no larger than the smallest chunk, a worker's peak no
# longer depends on the chunk sizes, which shrink towards the end of a run (a short run's are mostly
# small, a long run's mostly full), nor on how long the run is. The rows are the same at any batch size.
DEFAULT_BATCH_SIZE = 16
# A chunk also ends before its characters pass this (the median chunk of 64 BBC articles): a worker's peak
# memory follows the words of the chunk it parses, so a corpus of long articles would otherwise peak higher.
DEFAULT_CHUNK_CHARS = 128_000
# A worker retires after this many documents and a fresh one takes its place: a worker's memory creeps up
# with the documents it has run (Python's and the allocator's free lists, spaCy's vocabulary), so a long
# run would otherwise hold more than a short one. A fork from the zygote costs milliseconds.
DEFAULT_DOCUMENTS_PER_WORKER = 256
# Chunks never shrink below this many documents; a run with fewer than two such chunks stays in process.
MIN_CHUNK_SIZE = 16
# A worker that dies this many times in a row, with no chunk finished in between, is the machine's
# problem (memory, a broken install), not a document's: the run fails.
MAX_DEATHS_IN_A_ROW = 3
# A busy worker silent this long is hung. Generous: a chunk's first batch of 64 long articles on a
# loaded machine reports after well under a minute.
DEFAULT_STALL_SECONDS = 300.0
# glibc's mallopt parameter for the size from which a block gets its own pages (malloc.h).
M_MMAP_THRESHOLD = -3
# The article `_warm_up` runs, and its document id.
WARM_UP_ID = "warm-up"
WARM_UP_TEXT = ("Talks\n\nFrance and Germany signed a trade deal in Paris on Monday, the French foreign minister "
                "said. \u201cIt is a good day,\u201d he said.\n")


@dataclass(frozen=True)
class StreamSettings:
    """How the NLP and extract stages run: the model, spaCy's batch size, whether only candidate sentences
    are parsed, how many processes (0: one per core; 1: this process), the largest chunk, how long a
    busy worker may go without finishing a document before it is taken for hung and killed, and after how
    many documents a worker retires for a fresh one (memory bounded by that, not by the corpus); a chunk
    also ends before its characters pass `chunk_chars` (0: no bound)."""

    model: str = DEFAULT_MODEL
    batch_size: int = DEFAULT_BATCH_SIZE
    select: bool = True
    workers: int = 0
    chunk_size: int = DEFAULT_CHUNK_SIZE
    stall_seconds: float = DEFAULT_STALL_SECONDS
    documents_per_worker: int = DEFAULT_DOCUMENTS_PER_WORKER
    chunk_chars: int = DEFAULT_CHUNK_CHARS
    frames_prefilter: bool = False  # which sentences are parsed (`nlp.is_candidate`; `Settings.prefilter`)


@dataclass
class StreamOutcome:
    extraction: ExtractionOutcome
    stats: pl.DataFrame  # one row per parsed document: sentences and words, all and parsed
    processes: int  # worker processes used at a time (0: the run stayed in this process)
    notes: list[str] = field(default_factory=list)  # warnings for the run's log
    shares: list[int] = field(default_factory=list)  # documents each worker process finished

    @property
    def started(self) -> int:
        """Worker processes started in all (a retired or dead one is replaced)."""
        return len(self.shares)


# The texts of the pending documents [start, end), read when a chunk of them is sent, not all at once.
TextSource = Callable[[int, int], "list[PendingText]"]
# Takes each chunk's outcome as it arrives: (key, first document, end, outcome). Keys sort in document order;
# a chunk whose worker died comes back one document per key.
ChunkSink = Callable[[tuple[int, int], int, int, "ChunkOutcome"], None]


# `pipelines.isolation` (and with it polars, pandera and the extraction's tables) is imported only where a
# chunk is processed or combined, not with this module: the CLI imports this module to start the zygote
# first thing, and the zygote should start loading the model without waiting for those imports.
def process_texts(texts: Sequence[PendingText], nlp: Language, batch_size: int, select: bool,
                  progress: Progress | None = None, frames_prefilter: bool = False) -> ChunkOutcome:
    """`isolation.process_texts` (looked up on this module, so a test or the timeline may replace it)."""
    from pipelines import isolation

    return isolation.process_texts(texts, nlp, batch_size, select, progress or isolation.no_progress,
                                   frames_prefilter)


@dataclass
class StreamRun:
    """What `stream_pending` did besides handing the chunks to its sink."""

    processes: int  # worker processes used at a time (0: the run stayed in this process)
    shares: list[int] = field(default_factory=list)  # documents each worker process finished, one per process


def available_cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def chunk_spans(n: int, workers: int, chunk_size: int, lengths: Sequence[int] | None = None, max_chars: int = 0
                ) -> list[tuple[int, int]]:
    """[start, end) of each chunk: `chunk_size` documents while plenty remain, then smaller ones (a quarter
    of what remains per worker, at least MIN_CHUNK_SIZE) so that no worker is left with a long chunk
    while the others wait. With the documents' `lengths`, a chunk also ends before its characters pass
    `max_chars` (it always holds at least one document)."""
    spans = []
    start = 0
    while start < n:
        size = max(MIN_CHUNK_SIZE, min(chunk_size, math.ceil((n - start) / (4 * max(workers, 1)))))
        end = min(n, start + size)
        if lengths is not None and max_chars > 0:
            end = _end_within(lengths, start, end, max_chars)
        spans.append((start, end))
        start = end
    return spans


def _end_within(lengths: Sequence[int], start: int, end: int, max_chars: int) -> int:
    """The end of the longest run of documents from `start` (at least one, at most to `end`) whose
    characters stay within `max_chars`."""
    total = lengths[start]
    stop = start + 1
    while stop < end and total + lengths[stop] <= max_chars:
        total += lengths[stop]
        stop += 1
    return stop


def process_pending(texts: list[PendingText], settings: StreamSettings, progress: Progress | None = None
                    ) -> StreamOutcome:
    """Parse and extract every pending document, on as many processes as the settings say; every chunk's
    outcome is kept in memory and combined (`stream_pending` hands them on as they arrive instead)."""
    results: dict[tuple[int, int], ChunkOutcome] = {}

    def keep(key: tuple[int, int], start: int, end: int, outcome: ChunkOutcome) -> None:
        results[key] = outcome

    from pipelines.isolation import combine

    run = stream_pending(len(texts), lambda a, b: texts[a:b], [len(t.body) for t in texts], settings, keep, progress)
    chunks = [results[key] for key in sorted(results)]
    extraction, stats = combine(chunks)
    return StreamOutcome(extraction, stats, run.processes, [note for c in chunks for note in c.notes], run.shares)


def stream_pending(count: int, texts_at: TextSource, lengths: Sequence[int], settings: StreamSettings,
                   sink: ChunkSink, progress: Progress | None = None, early: EarlyZygote | None = None) -> StreamRun:
    """Parse and extract the `count` pending documents, on as many processes as the settings say, reading
    each chunk's texts (`texts_at`) only when the chunk is sent and handing each chunk's outcome to `sink`
    as it arrives: this process holds neither every text nor every row. `lengths`: each document's
    characters, to bound a chunk's. `early`: a zygote started before the run (the CLI's), taken when it
    holds the run's model; otherwise the run starts its own, and stops it when done."""
    if not count:  # nothing to parse: the model is not even loaded
        return StreamRun(0)
    from pipelines.isolation import no_progress

    progress = progress or no_progress
    workers = min(settings.workers or available_cores(), count // MIN_CHUNK_SIZE)
    spans = chunk_spans(count, max(workers, 1), max(settings.chunk_size, MIN_CHUNK_SIZE), lengths,
                        settings.chunk_chars)
    if workers <= 1:
        if early is not None:
            early.close()  # its model would only sit beside this process's own
        nlp = load_model(settings.model)  # a model that cannot load is the run's fault, not a document's
        for k, (a, b) in enumerate(spans):
            sink((k, 0), a, b, process_texts(texts_at(a, b), nlp, settings.batch_size, settings.select, progress,
                                                 settings.frames_prefilter))
        return StreamRun(0)
    zygote = early.take(settings) if early is not None else None
    with zygote or Zygote.start(_context(), settings) as forking:
        pool = _Pool(forking, settings, workers, progress, texts_at, sink)
        pool.run([_Task((k, 0), a, b) for k, (a, b) in enumerate(spans)])
    return StreamRun(workers, pool.shares)


def _context() -> _Context:
    """Fork (the zygote starts at once, sharing this process's imports) unless another thread runs here:
    then a fresh process. The zygote itself is one thread, so it always forks the workers."""
    if "fork" in multiprocessing.get_all_start_methods() and threading.active_count() == 1:
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context("spawn")


# --- the zygote: one process with the model, forking every worker --------------------------------------

class Zygote:
    """The process that loads the model and warms its caches once, then forks every worker of the run
    (and every retiring or dead worker's successor) from itself: the model's pages are shared copy-on-write
    by all of them, and this process never loads the model. It reports each worker's exit (it is their
    parent) and hands over each worker's end of a pipe. It exits when this process goes away; its workers
    then exit too (they watch their parent, the zygote)."""

    def __init__(self, process: BaseProcess, conn: Connection, model: str):
        self.process = process
        self.conn = conn
        self.model = model
        self.ready = False
        self.exits: dict[int, int] = {}  # exit codes of workers, by pid, as the zygote reported them

    @classmethod
    def start(cls, context: _Context, settings: StreamSettings) -> Zygote:
        """Start the zygote; it loads the model while this process goes on (`fork` waits for it)."""
        parent_end, child_end = context.Pipe()
        process = context.Process(target=_zygote_main, args=(child_end, settings, os.getpid()),
                                  name="bilateral-zygote", daemon=True)
        process.start()
        child_end.close()
        return cls(process, parent_end, settings.model)

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def fork(self, settings: StreamSettings) -> _Worker:
        """A fresh worker forked from the zygote, with the model loaded and warm (waits for the zygote to be
        ready); raises WorkerError when the zygote could not load the model or is gone."""
        try:
            self.conn.send(("fork", settings))
            while True:
                message = self.conn.recv()
                if message[0] == "forked":
                    fd = recv_handle(self.conn)
                    return _Worker(message[1], Connection(fd), ready=True)
                self._handle(message)
        except (EOFError, OSError) as exc:
            raise WorkerError(f"the process that starts the workers is gone ({self._exit_text()})") from exc

    def receive(self) -> None:
        """Take one message the zygote sent by itself (a worker's exit)."""
        try:
            self._handle(self.conn.recv())
        except (EOFError, OSError) as exc:
            raise WorkerError(f"the process that starts the workers is gone ({self._exit_text()})") from exc

    def exit_code(self, pid: int, seconds: float) -> int | None:
        """The exit code of worker `pid` (negative: the signal that killed it), waiting up to `seconds` for
        the zygote to report it; None when it did not exit in that time."""
        deadline = time.monotonic() + seconds
        while pid not in self.exits:
            left = deadline - time.monotonic()
            try:
                if left <= 0 or not self.conn.poll(left):
                    return None
                self._handle(self.conn.recv())
            except (EOFError, OSError):
                return None
        return self.exits.pop(pid)

    def _handle(self, message: tuple[Any, ...]) -> None:
        kind = message[0]
        if kind == "exited":
            self.exits[message[1]] = message[2]
        elif kind == "ready":
            self.ready = True
        elif kind == "failed":
            raise WorkerError(f"a worker process could not load the spaCy model: {message[1]}")

    def _exit_text(self) -> str:
        self.process.join(1)
        return _exit_text(self.process.exitcode)

    def close(self) -> None:
        """Stop the zygote (its idle workers, if any are left, exit with it). One still loading the model
        holds nothing of the run's and reads no request until it is done: it is terminated at once, so a
        run that needed no workers does not wait for the model it will not use."""
        try:
            while not self.ready and self.conn.poll():
                self._handle(self.conn.recv())
            self.conn.send(None)
        except (EOFError, OSError, WorkerError):
            pass
        if not self.ready:
            self.process.kill()
        self.process.join(10)
        if self.process.is_alive():
            self.process.kill()
            self.process.join(5)
        self.conn.close()


class EarlyZygote:
    """A zygote started before the run knows its documents (by the CLI, before it imports Dagster): it loads
    the model and warms its caches while this process imports, sets up the run and reads the files, on
    the core that would otherwise wait (`bench/results/timeline-*.md`). Owned by whoever starts it, which
    passes it to the run (the `early_zygote` resource) and closes it after; the run takes it when it
    parses with workers and the same model, and closes it when it parses in this process."""

    def __init__(self) -> None:
        self._zygote: Zygote | None = None

    def start(self, settings: StreamSettings) -> bool:
        """Start the zygote, where fork is safe (no other thread here); whether it was started."""
        context = _context()
        if self._zygote is not None or context.get_start_method() != "fork":
            return False
        self._zygote = Zygote.start(context, settings)
        return True

    @property
    def started(self) -> bool:
        return self._zygote is not None

    def take(self, settings: StreamSettings) -> Zygote | None:
        """The zygote, now the caller's to close, when it holds the run's model; else None (and it is stopped)."""
        zygote, self._zygote = self._zygote, None
        if zygote is not None and zygote.model != settings.model:
            zygote.close()
            return None
        return zygote

    def close(self) -> None:
        """Stop the zygote unless the run took it."""
        zygote, self._zygote = self._zygote, None
        if zygote is not None:
            zygote.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _zygote_main(conn: Connection, settings: StreamSettings, parent: int) -> None:
    """The zygote's life: load the model and warm it, then fork a worker for each request until told to
    stop (None) or until the parent is gone, reporting each worker's exit."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is for the parent, which stops everything
    signal.signal(signal.SIGTERM, signal.SIG_DFL)  # a handler inherited from the parent must not outlive it
    gc.freeze()  # what a fork inherited from the parent is kept out of the collector's sight (not copied)
    _return_large_blocks_to_the_system()  # the allocator's setting is inherited by every worker
    try:
        from pipelines.resolve import lexicon

        nlp = load_model(settings.model)
        lexicon(nlp)
        _warm_up(nlp, settings)
    except BaseException as exc:  # noqa: BLE001 - reported to the parent, which fails the run
        conn.send(("failed", describe_exception(exc)))
        return
    # The model's objects too: a collection in a worker would otherwise write to every object it inherited
    # and so copy every page of the model into the worker.
    gc.collect()
    gc.freeze()
    conn.send(("ready",))
    children: set[int] = set()
    try:
        _fork_on_request(conn, nlp, parent, children)
    finally:
        for pid in children:  # normally none: the parent stops its workers before the zygote
            _signal(pid, signal.SIGTERM)


def _fork_on_request(conn: Connection, nlp: Language, parent: int, children: set[int]) -> None:
    while os.getppid() == parent:
        _report_exits(conn, children)
        if not conn.poll(0.2):
            continue
        try:
            request = conn.recv()
        except EOFError:
            return
        if request is None:
            return
        pid, parent_end = _fork_worker(conn, nlp, request[1])
        children.add(pid)
        conn.send(("forked", pid))
        send_handle(conn, parent_end.fileno(), parent)
        parent_end.close()


def _report_exits(conn: Connection, children: set[int]) -> None:
    while children:
        try:
            pid, status = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return
        if pid == 0:
            return
        children.discard(pid)
        conn.send(("exited", pid, os.waitstatus_to_exitcode(status)))


def _fork_worker(control: Connection, nlp: Language, settings: StreamSettings) -> tuple[int, Connection]:
    """Fork a worker; its pid and this side's end of its pipe (for the parent)."""
    parent_end, child_end = multiprocessing.Pipe()
    zygote = os.getpid()
    pid = os.fork()
    if pid == 0:  # the worker
        code = 1
        try:
            control.close()
            parent_end.close()
            serve(child_end, nlp, settings, zygote)
            code = 0
        except BaseException:  # noqa: BLE001 - shown, and the parent sees the exit code
            traceback.print_exc()
        finally:
            os._exit(code)
    child_end.close()
    return pid, parent_end


def _signal(pid: int, signum: int) -> None:
    try:
        os.kill(pid, signum)
    except ProcessLookupError:  # it exited already
        pass


# --- the worker process ------------------------------------------------------------------------------

def _warm_up(nlp: Language, settings: StreamSettings) -> None:
    """Fill every cache of the parse and extract stages with one short article (`WARM_UP_TEXT`), in the
    zygote before it forks workers, so they all share the caches; and the tables that article does not reach
    (`tests/test_workers.py` checks that a chunk of news articles builds none after it)."""
    from pipelines.extract.vocabulary import engine_lexicon, item_categories, trigger_objects
    from pipelines.isolation import PendingText
    from pipelines.nlp import may_name_someone
    from pipelines.resolve import (
        article_states,
        event_nouns,
        treaty_name_words,
    )

    process_texts([PendingText(WARM_UP_ID, WARM_UP_TEXT, None)], nlp, settings.batch_size, settings.select,
                  frames_prefilter=settings.frames_prefilter)
    engine_lexicon()
    item_categories()
    trigger_objects()
    event_nouns()
    treaty_name_words()
    article_states(nlp.make_doc(WARM_UP_TEXT))  # the whole article's states, asked only of a lone official
    may_name_someone("It was")  # the pre-filter's function words (`nlp._stop_words`), which the article does not reach


def serve(conn: Connection, nlp: Language, settings: StreamSettings, parent: int) -> None:
    """A worker's life, forked from the zygote with the model loaded: parse and extract one chunk after
    another until told to stop (None), until the zygote goes away, or until something that is not a
    document's fault happens."""
    threading.Thread(target=_exit_with, args=(parent,), daemon=True, name="parent-watch").start()
    conn.send(("ready",))
    while True:
        try:
            task = conn.recv()
        except EOFError:
            return
        if task is None:
            return
        key, texts = task

        def report(kind: str, n: int) -> None:
            conn.send(("progress", kind, n))

        try:
            outcome = process_texts(texts, nlp, settings.batch_size, settings.select, report, settings.frames_prefilter)
        except BaseException as exc:  # noqa: BLE001 - not one document's fault: the run's
            conn.send(("error", key, describe_exception(exc)))
            return
        conn.send(("done", key, outcome))


def _return_large_blocks_to_the_system() -> None:
    """Blocks of 128 KiB and more (a batch's parse arrays) get pages of their own, unmapped when freed.
    By default glibc raises that threshold as the process frees large blocks, so a worker's later
    arrays come from its heap, which fragments and never shrinks: 180 MB more per worker after one chunk
    of 64 articles, against 30 MB with the threshold held. Elsewhere than glibc, nothing to do."""
    try:
        libc = ctypes.CDLL("libc.so.6")
        libc.mallopt(M_MMAP_THRESHOLD, 128 * 1024)
    except (OSError, AttributeError):
        pass


def _exit_with(parent: int) -> None:
    """Exit when the parent process is gone (killed, crashed), instead of waiting for work forever."""
    while os.getppid() == parent:
        time.sleep(0.5)
    os._exit(70)


# --- the parent's side ------------------------------------------------------------------------------

class WorkerError(RuntimeError):
    """Worker processes could not do the run's work: the model would not load, or they keep dying."""


@dataclass
class _Task:
    key: tuple[int, int]  # (chunk, position of the document in it when the chunk is run one by one)
    start: int  # the pending documents [start, end)
    end: int
    alone: bool = False  # one document of a chunk whose worker died: its worker's death is its own
    texts: list[PendingText] = field(default_factory=list)  # read when sent to a worker, dropped when done


@dataclass
class _Worker:
    pid: int
    conn: Connection
    ready: bool = False
    task: _Task | None = None
    counts: dict[str, int] = field(default_factory=lambda: {"parsed": 0, "extracted": 0})  # of its task
    heard: float = field(default_factory=time.monotonic)  # when it last said something or got its task
    hung: bool = False  # killed for saying nothing for too long
    documents: int = 0  # of the chunks it finished: it retires after `documents_per_worker`


class _Pool:
    def __init__(self, zygote: Zygote, settings: StreamSettings, size: int, progress: Progress,
                 texts_at: TextSource, sink: ChunkSink):
        self.zygote = zygote
        self.settings = settings
        self.size = size
        self.progress = progress
        self.texts_at = texts_at
        self.sink = sink
        self.workers: list[_Worker] = []
        self.deaths_in_a_row = 0
        # Documents each worker process finished, appended as it retires, dies or stops: every process
        # this pool started, once.
        self.shares: list[int] = []

    def run(self, tasks: list[_Task]) -> None:
        queue = deque(tasks)
        finished = False
        try:
            for _ in range(min(self.size, len(queue))):
                self._start()
            while queue or any(w.task is not None for w in self.workers):
                for worker in list(self.workers):
                    if worker.ready and worker.task is None and queue:
                        if worker.documents >= self.settings.documents_per_worker:
                            self._retire(worker)
                            self._start()
                        else:
                            self._assign(worker, queue.popleft(), queue)
                self._step(queue)
            finished = True
        finally:
            self._stop(graceful=finished)

    def _start(self) -> None:
        self.workers.append(self.zygote.fork(self.settings))

    def _assign(self, worker: _Worker, task: _Task, queue: deque[_Task]) -> None:
        worker.task = task
        worker.counts = {"parsed": 0, "extracted": 0}
        worker.heard = time.monotonic()
        task.texts = self.texts_at(task.start, task.end)
        try:
            worker.conn.send((task.key, task.texts))
        except OSError:  # it died meanwhile
            self._died(worker, queue)

    def _step(self, queue: deque[_Task]) -> None:
        """Wait for any worker to say something or to die (its pipe closes), and act on it; kill a busy
        worker gone silent. The zygote's reports of exits are kept for when a worker's death is handled."""
        waiting: dict[Any, _Worker] = {worker.conn: worker for worker in self.workers}
        busy = [w for w in self.workers if w.task is not None]
        timeout = None
        if busy:
            timeout = max(0.0, min(w.heard for w in busy) + self.settings.stall_seconds - time.monotonic())
        ready_list = wait([*waiting, self.zygote.conn], timeout)
        if not ready_list:
            self._kill_hung(queue)
            return
        for ready in ready_list:
            if ready is self.zygote.conn:
                self.zygote.receive()
                continue
            worker = waiting[ready]
            if worker in self.workers:  # not already found dead in this round
                self._receive(worker, queue)

    def _kill_hung(self, queue: deque[_Task]) -> None:
        now = time.monotonic()
        for worker in [w for w in self.workers if w.task is not None]:
            if now - worker.heard >= self.settings.stall_seconds:
                worker.hung = True
                _signal(worker.pid, signal.SIGKILL)
                self._died(worker, queue)

    def _receive(self, worker: _Worker, queue: deque[_Task]) -> None:
        try:
            message = worker.conn.recv()
        except (EOFError, OSError):
            self._died(worker, queue)
            return
        self._handle(worker, message)

    def _handle(self, worker: _Worker, message: tuple[Any, ...]) -> None:
        kind = message[0]
        worker.heard = time.monotonic()
        if kind == "progress":
            worker.counts[message[1]] += message[2]
            self.progress(message[1], message[2])
        elif kind == "done" and worker.task is not None:
            task = worker.task
            self.sink(task.key, task.start, task.end, message[2])
            worker.documents += task.end - task.start
            worker.task = None
            self.deaths_in_a_row = 0
        elif kind == "ready":
            worker.ready = True
        elif kind == "error":
            raise WorkerError(f"a worker process failed on a chunk of {len(worker.task.texts) if worker.task else 0} "
                              f"documents (not one document's fault): {message[2]}")

    def _died(self, worker: _Worker, queue: deque[_Task]) -> None:
        while True:  # what it said before it died is still in the pipe
            try:
                if not worker.conn.poll():
                    break
                self._handle(worker, worker.conn.recv())
            except (EOFError, OSError):
                break
        how = (f"hung: killed after {self.settings.stall_seconds:g} s without finishing a document" if worker.hung
               else _exit_text(self.zygote.exit_code(worker.pid, 5)))
        self.workers.remove(worker)
        self.shares.append(worker.documents)
        worker.conn.close()
        task = worker.task
        if task is not None:
            self.deaths_in_a_row += 1
            if self.deaths_in_a_row >= MAX_DEATHS_IN_A_ROW:
                raise WorkerError(f"worker processes died {self.deaths_in_a_row} times in a row, the last {how} "
                                  "(out of memory?); the run stops")
            for kind, n in worker.counts.items():  # its documents are counted again when they are redone
                if n:
                    self.progress(kind, -n)
            if task.alone:
                self.sink(task.key, task.start, task.end, _died_on(task.texts[0], worker.counts["parsed"] > 0, how))
                if worker.counts["parsed"]:
                    self.progress("parsed", 1)  # it was parsed; its extraction killed the worker
            else:
                log.warning("a worker process died (%s) on a chunk of %d documents; running them one by one",
                            how, len(task.texts))
                queue.extendleft(reversed([_Task((task.key[0], k), task.start + k, task.start + k + 1, alone=True)
                                           for k in range(task.end - task.start)]))
        if queue:
            self._start()

    def _retire(self, worker: _Worker) -> None:
        """An idle worker that has run its share of documents exits; what it held goes with it."""
        self.workers.remove(worker)
        _ask_to_stop(worker)
        self._reap(worker, 10)

    def _stop(self, graceful: bool) -> None:
        for worker in self.workers:
            if graceful:
                _ask_to_stop(worker)
            else:
                _signal(worker.pid, signal.SIGTERM)
        for worker in self.workers:
            self._reap(worker, 10 if graceful else 5)
        self.workers = []

    def _reap(self, worker: _Worker, seconds: float) -> None:
        """Wait `seconds` for the worker to exit, then kill it; its end of the pipe is closed either way."""
        self.shares.append(worker.documents)
        if self.zygote.exit_code(worker.pid, seconds) is None:
            _signal(worker.pid, signal.SIGKILL)
            self.zygote.exit_code(worker.pid, 5)
        worker.conn.close()


def _ask_to_stop(worker: _Worker) -> None:
    try:
        worker.conn.send(None)
    except OSError:  # already gone: nothing of the run's was with it
        pass


def _died_on(text: PendingText, parsed: bool, how: str) -> ChunkOutcome:
    """The outcome of a document that killed the process working on it: refused alone."""
    from pipelines.isolation import empty_chunk

    outcome = empty_chunk()
    stage, reason, doing = ("extract", "extraction_failed", "extracting") if parsed else ("nlp", "parse_failed", "parsing")
    failure = DocumentFailure(text.document_id, stage, reason, f"the worker process {doing} it died ({how})")
    (outcome.extract_failures if parsed else outcome.parse_failures).append(failure)
    return outcome


def _exit_text(code: int | None) -> str:
    if code is None:
        return "it did not exit"
    if code < 0:
        try:
            return f"killed by {signal.Signals(-code).name}"
        except ValueError:
            return f"killed by signal {-code}"
    return f"exit code {code}"
