"""The NLP and extract stages on every core: pending documents stream in chunks through worker processes.

Each worker process loads the spaCy model and the actor lexicon once, then takes one chunk of documents
at a time, splits, parses and extracts it (`isolation.process_texts`, every document isolated) and sends
back only rows, the documents it refused and counts; parses never leave the worker. Memory is bounded by
the chunk and by the documents one worker runs before it retires for a fresh one (`documents_per_worker`),
not by the number of documents. Chunks shrink towards the end of a run (`chunk_spans`) so the
workers finish together. Results are put together in document order, so the tables are the ones a single
process would make.

Workers are forked from this process after it has loaded the model (they share its pages) when it runs
no other thread; otherwise they are started afresh and load the model themselves. `start_early` forks
them before the run knows its documents (the CLI does, before it imports Dagster): they load the model
themselves while this process gets ready, and this process loads it only for a retiring worker's successor. A run with few
documents, or with `workers=1`, stays in this process.

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
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from multiprocessing.connection import Connection, wait
from multiprocessing.context import ForkContext, SpawnContext
from multiprocessing.process import BaseProcess
from typing import TYPE_CHECKING, Any

import polars as pl

from pipelines.display import describe_exception
from pipelines.isolation import (
    ChunkOutcome,
    ExtractionOutcome,
    PendingText,
    Progress,
    combine,
    empty_chunk,
    no_progress,
    process_texts,
)
from pipelines.nlp import DEFAULT_MODEL, DocumentFailure, load_model

if TYPE_CHECKING:
    from spacy.language import Language

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
# run would otherwise hold more than a short one. A fork from this process costs milliseconds.
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
# The article `_warm_up` runs.
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


@dataclass
class StreamOutcome:
    extraction: ExtractionOutcome
    stats: pl.DataFrame  # one row per parsed document: sentences and words, all and parsed
    processes: int  # worker processes used at a time (0: the run stayed in this process)
    notes: list[str] = field(default_factory=list)  # warnings for the run's log
    started: int = 0  # worker processes started in all (a retired or dead one is replaced)


# The texts of the pending documents [start, end), read when a chunk of them is sent, not all at once.
TextSource = Callable[[int, int], list[PendingText]]
# Takes each chunk's outcome as it arrives: (key, first document, end, outcome). Keys sort in document order;
# a chunk whose worker died comes back one document per key.
ChunkSink = Callable[[tuple[int, int], int, int, ChunkOutcome], None]


@dataclass
class StreamRun:
    """What `stream_pending` did besides handing the chunks to its sink."""

    processes: int  # worker processes used at a time (0: the run stayed in this process)
    started: int = 0  # worker processes started in all


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


def process_pending(texts: list[PendingText], settings: StreamSettings, progress: Progress = no_progress
                    ) -> StreamOutcome:
    """Parse and extract every pending document, on as many processes as the settings say; every chunk's
    outcome is kept in memory and combined (`stream_pending` hands them on as they arrive instead)."""
    results: dict[tuple[int, int], ChunkOutcome] = {}

    def keep(key: tuple[int, int], start: int, end: int, outcome: ChunkOutcome) -> None:
        results[key] = outcome

    run = stream_pending(len(texts), lambda a, b: texts[a:b], [len(t.body) for t in texts], settings, keep, progress)
    chunks = [results[key] for key in sorted(results)]
    extraction, stats = combine(chunks)
    return StreamOutcome(extraction, stats, run.processes, [note for c in chunks for note in c.notes], run.started)


def stream_pending(count: int, texts_at: TextSource, lengths: Sequence[int], settings: StreamSettings,
                   sink: ChunkSink, progress: Progress = no_progress) -> StreamRun:
    """Parse and extract the `count` pending documents, on as many processes as the settings say, reading
    each chunk's texts (`texts_at`) only when the chunk is sent and handing each chunk's outcome to `sink`
    as it arrives: this process holds neither every text nor every row. `lengths`: each document's
    characters, to bound a chunk's."""
    if not count:  # nothing to parse: the model is not even loaded
        stop_early()
        return StreamRun(0)
    workers = min(settings.workers or available_cores(), count // MIN_CHUNK_SIZE)
    early = _take_early(settings, workers)
    spans = chunk_spans(count, max(workers, 1), max(settings.chunk_size, MIN_CHUNK_SIZE), lengths,
                        settings.chunk_chars)
    if workers <= 1:
        nlp = load_model(settings.model)  # a model that cannot load is the run's fault, not a document's
        for k, (a, b) in enumerate(spans):
            sink((k, 0), a, b, process_texts(texts_at(a, b), nlp, settings.batch_size, settings.select, progress))
        return StreamRun(0)
    context = _context()
    if not early:  # the workers are forked from here: they share this process's model and warm caches
        nlp = load_model(settings.model)  # a model that cannot load is the run's fault, not a document's
        if context.get_start_method() == "fork":
            _warm_up(nlp, settings)
    tasks = [_Task((k, 0), a, b) for k, (a, b) in enumerate(spans)]
    pool = _Pool(context, settings, workers, progress, texts_at, sink, early)
    with _frozen_heap(context):
        pool.run(tasks)
    return StreamRun(workers, pool.started)


# Workers forked by `start_early`, waiting for `stream_pending` to adopt them, and their settings.
_early: list[_Worker] = []
_early_settings: list[StreamSettings] = []


def start_early(settings: StreamSettings) -> int:
    """Fork the run's worker processes now, before this process imports Dagster and reads the raw
    directory: each loads the model and warms its caches while this process does that, on the core that
    would otherwise wait (`bench/results/timeline-*.md`). `stream_pending` adopts them when its settings are
    the same; a run with too few documents for workers stops them, and so does `stop_early`. Only where
    fork is safe (no other thread here); returns how many were started."""
    context = _context()
    if _early or context.get_start_method() != "fork":
        return 0
    _early_settings[:] = [settings]
    _early.extend(_fork(context, settings, warm_up=True) for _ in range(settings.workers or available_cores()))
    return len(_early)


def stop_early() -> None:
    """Stop the workers `start_early` forked and no run adopted (a run that failed before parsing, or
    had too few documents for them)."""
    for worker in _early:
        _ask_to_stop(worker)
    for worker in _early:
        _reap(worker, 10)
    _early.clear()
    _early_settings.clear()


def _take_early(settings: StreamSettings, workers: int) -> list[_Worker]:
    """The early workers when the run wants workers with the settings they were started with; else none
    (and they are stopped)."""
    if _early and workers > 1 and _early_settings == [settings]:
        taken = [w for w in _early[:workers] if w.process.is_alive()]
        for worker in _early[workers:]:
            _ask_to_stop(worker)
            _reap(worker, 10)
        _early.clear()
        _early_settings.clear()
        return taken
    stop_early()
    return []


@contextmanager
def _frozen_heap(context: _Context) -> Iterator[None]:
    """While workers are forked from this process, its objects are kept out of the garbage collector's
    sight: a collection in a worker would otherwise write to every object it inherited and so copy every
    page of this process's heap into the worker (tens of MB each, more for a bigger run)."""
    if context.get_start_method() != "fork":
        yield
        return
    gc.collect()
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()


def _context() -> _Context:
    """Fork (the model is shared, nothing to load) unless another thread runs here: then fresh processes."""
    if "fork" in multiprocessing.get_all_start_methods() and threading.active_count() == 1:
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context("spawn")


# --- the worker process ------------------------------------------------------------------------------

def _warm_up(nlp: Language, settings: StreamSettings) -> None:
    """Fill every cache of the parse and extract stages with one short article (`WARM_UP_TEXT`): in the
    parent before it forks workers, so they share the caches, or in a worker that loads its own model."""
    process_texts([PendingText("warm-up", WARM_UP_TEXT, None)], nlp, settings.batch_size, settings.select)


def serve(conn: Connection, settings: StreamSettings, parent: int, warm_up: bool = False) -> None:
    """A worker's life: load the model, then parse and extract one chunk after another until told to stop
    (None), until the parent goes away, or until something that is not a document's fault happens.
    `warm_up`: warm the extract stage's caches first, as the parent does before it forks workers."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is for the parent, which stops the workers
    _return_large_blocks_to_the_system()
    threading.Thread(target=_exit_with, args=(parent,), daemon=True, name="parent-watch").start()
    try:
        from pipelines.resolve import lexicon

        nlp = load_model(settings.model)
        lexicon(nlp)
        if warm_up:
            _warm_up(nlp, settings)
    except BaseException as exc:  # noqa: BLE001 - reported to the parent, which fails the run
        conn.send(("failed", describe_exception(exc)))
        return
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
            outcome = process_texts(texts, nlp, settings.batch_size, settings.select, report)
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
    process: BaseProcess
    conn: Connection
    ready: bool = False
    task: _Task | None = None
    counts: dict[str, int] = field(default_factory=lambda: {"parsed": 0, "extracted": 0})  # of its task
    heard: float = field(default_factory=time.monotonic)  # when it last said something or got its task
    hung: bool = False  # killed for saying nothing for too long
    documents: int = 0  # of the chunks it finished: it retires after `documents_per_worker`


class _Pool:
    def __init__(self, context: _Context, settings: StreamSettings, size: int, progress: Progress,
                 texts_at: TextSource, sink: ChunkSink, early: list[_Worker] | None = None):
        self.context = context
        self.settings = settings
        self.size = size
        self.progress = progress
        self.texts_at = texts_at
        self.sink = sink
        self.workers: list[_Worker] = list(early or [])
        # Without early workers this process has the model and warm caches, which a fork inherits; with
        # them it has neither, and a worker started later (a retired or dead one's successor) warms its own.
        self.warm_up = bool(early)
        self.deaths_in_a_row = 0
        self.started = len(self.workers)

    def run(self, tasks: list[_Task]) -> None:
        queue = deque(tasks)
        finished = False
        try:
            for _ in range(min(self.size, len(queue)) - len(self.workers)):
                self._start()
            while queue or any(w.task is not None for w in self.workers):
                for worker in list(self.workers):
                    if worker.ready and worker.task is None and queue:
                        if self._retires(worker, queue):
                            self._retire(worker)
                            self._start()
                        else:
                            self._assign(worker, queue.popleft(), queue)
                if self.warm_up and any(w.task is not None for w in self.workers) and self._successors_ahead(queue):
                    self._load_model_for_successors()
                self._step(queue)
            finished = True
        finally:
            self._stop(graceful=finished)

    def _start(self) -> None:
        self.workers.append(_fork(self.context, self.settings, self.warm_up))
        self.started += 1

    def _retires(self, worker: _Worker, queue: deque[_Task]) -> bool:
        """A worker retires after its share of documents; but a successor that must load the model itself
        (early workers, this process without the model) is not worth it for the last few documents: the
        worker then runs up to half a share more."""
        share = self.settings.documents_per_worker
        if worker.documents < share:
            return False
        return not self.warm_up or _queued(queue) > share // 2

    def _successors_ahead(self, queue: deque[_Task]) -> bool:
        """Whether some worker will retire before the queue is done (see `_retires`): by the time the
        furthest worker has run its share, the workers together will have run about as many documents each
        (of those running and queued now); what is left then must be more than half a share."""
        share = self.settings.documents_per_worker
        furthest = max(w.documents for w in self.workers)
        running = sum(w.task.end - w.task.start for w in self.workers if w.task is not None)
        return _queued(queue) + running - len(self.workers) * max(0, share - furthest) > share // 2

    def _load_model_for_successors(self) -> None:
        """Load the model and warm the caches here, while workers parse, so that the successors of
        retiring workers are forked with them (milliseconds) instead of loading their own (seconds each)."""
        nlp = load_model(self.settings.model)
        _warm_up(nlp, self.settings)
        if self.context.get_start_method() == "fork":
            gc.collect()
            gc.freeze()  # as `_frozen_heap`: the model's objects too are kept out of the successors' collector
        self.warm_up = False

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
        """Wait for any worker to say something or to die, and act on it; kill a busy worker gone silent."""
        waiting: dict[Any, _Worker] = {}
        for worker in self.workers:
            waiting[worker.conn] = worker
            waiting[worker.process.sentinel] = worker
        busy = [w for w in self.workers if w.task is not None]
        timeout = None
        if busy:
            timeout = max(0.0, min(w.heard for w in busy) + self.settings.stall_seconds - time.monotonic())
        ready_list = wait(list(waiting), timeout)
        if not ready_list:
            self._kill_hung(queue)
            return
        for ready in ready_list:
            worker = waiting[ready]
            if worker not in self.workers:  # already found dead in this round
                continue
            if ready is worker.conn:
                self._receive(worker, queue)
            else:
                self._died(worker, queue)

    def _kill_hung(self, queue: deque[_Task]) -> None:
        now = time.monotonic()
        for worker in [w for w in self.workers if w.task is not None]:
            if now - worker.heard >= self.settings.stall_seconds:
                worker.hung = True
                worker.process.kill()
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
        elif kind == "failed":
            raise WorkerError(f"a worker process could not load the spaCy model: {message[1]}")
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
        worker.process.join(5)
        how = (f"hung: killed after {self.settings.stall_seconds:g} s without finishing a document" if worker.hung
               else _exit_text(worker.process.exitcode))
        self.workers.remove(worker)
        worker.conn.close()
        if not worker.ready:
            raise WorkerError(f"a worker process died while loading the spaCy model ({how})")
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
        _reap(worker, 10)

    def _stop(self, graceful: bool) -> None:
        for worker in self.workers:
            if graceful:
                _ask_to_stop(worker)
            else:
                worker.process.terminate()
        for worker in self.workers:
            _reap(worker, 10 if graceful else 5)
        self.workers = []


def _queued(queue: deque[_Task]) -> int:
    return sum(task.end - task.start for task in queue)


def _fork(context: _Context, settings: StreamSettings, warm_up: bool = False) -> _Worker:
    parent_end, child_end = context.Pipe()
    process = context.Process(target=serve, args=(child_end, settings, os.getpid(), warm_up),
                              name="bilateral-worker", daemon=True)
    process.start()
    child_end.close()
    return _Worker(process, parent_end)


def _ask_to_stop(worker: _Worker) -> None:
    try:
        worker.conn.send(None)
    except OSError:  # already gone: nothing of the run's was with it
        pass


def _reap(worker: _Worker, seconds: float) -> None:
    """Wait `seconds` for the worker to exit, then kill it; its end of the pipe is closed either way."""
    worker.process.join(seconds)
    if worker.process.is_alive():
        worker.process.kill()
        worker.process.join(5)
    worker.conn.close()


def _died_on(text: PendingText, parsed: bool, how: str) -> ChunkOutcome:
    """The outcome of a document that killed the process working on it: refused alone."""
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
