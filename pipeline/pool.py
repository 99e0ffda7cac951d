"""The local process pool of ``pipeline build -jN``: the build's jobs in, each job's result out as it finishes.

A cold build on two cores used to wait for its own parent: the parent imported WeasyPrint
(about 0.5 s of CPU that holds the GIL), laid out a line to load the fonts and read the
documents that several tasks share, and only then forked the workers, which inherited all of
it.  The other core idled meanwhile.  Here the work is cut by what it needs:

* a **reading task** per document: its model read, and its formats that do not lay out
  (AKN, HTML, XLIFF, DOCX, …: they need no WeasyPrint);
* a **layout task** per document: its formats that lay out (:data:`build.PRELOAD`: PDF, and
  EPUB, whose page breaks come from the same layout).

The reading workers are forked at once, from the cold parent, and read the documents in the
order their layouts will start (the longest first).  Meanwhile the parent imports WeasyPrint,
loads the fonts and freezes its heap; then it forks the layout workers, which inherit that.
A reading worker sends each model it reads to the parent as bytes (:func:`build.model_bytes`)
before building the document's other formats, and the parent hands it to the layout task of
that document (:func:`build.adopt_model`), so a document is read once in all.  A layout worker
that would otherwise wait takes a document nobody has started (its reading task and its layout
task at once); once no layout task is left, the layout workers take reading tasks too.  So
both cores work from the first fork to the last result, and the bytes are those of a one-process
build (tests compare them).

Which reading task a worker takes next is decided in the workers, through a lock-protected
array shared by the fork (a worker never waits for the parent); the layout tasks are handed out
by the parent, one at a time to a worker that has finished its last, from a thread of its own
while the caller writes the outputs (fsync).  Each worker sends its messages through a thread
of its own, so a busy parent (still importing WeasyPrint) never stops it.  Workers ignore
Ctrl-C: the parent ends them.
A worker that dies (killed, out of memory) fails the jobs it had in hand, with a message saying
so, and the others carry on.
"""

from __future__ import annotations

import collections
import dataclasses
import os
import queue
import signal
import threading

from . import build
from .build import Job, JobResult, Source
from .writers import WriteOptions


#: Models this process holds at most for layout tasks not yet handed out (see ``_Pool.handle``).
MODELS_HELD = 64


@dataclasses.dataclass
class ReadingTask:
    """One document's model and its formats that do not lay out."""

    source: Source
    jobs: list[Job]
    #: The document has formats that lay out: send its model to the parent for their task.
    send_model: bool


def lays_out(job: Job) -> bool:
    """Whether a job's writer lays the document out (imports WeasyPrint)."""
    return bool(build.PRELOAD.get(job.fmt))


def split(jobs: list[Job]) -> tuple[list[ReadingTask], list[list[Job]]]:
    """(reading tasks, layout tasks): a reading task per document, a layout task per document
    that has formats that lay out.  The layout tasks come longest first (:func:`build.tasks`),
    and the reading tasks in the order of their documents' layouts, then the other documents
    (longest first too)."""
    layouts = build.tasks([job for job in jobs if lays_out(job)], 1)
    laid_out = {task[0].source.name for task in layouts}
    others = build.tasks([job for job in jobs if job.source.name not in laid_out], 1)
    plain: dict[str, list[Job]] = {}
    for job in jobs:
        if not lays_out(job):
            plain.setdefault(job.source.name, []).append(job)
    return ([ReadingTask(task[0].source, plain.get(task[0].source.name, []), True) for task in layouts]
            + [ReadingTask(task[0].source, task, False) for task in others]), layouts


def run(jobs: list[Job], options: WriteOptions, workers: int, show_traceback: bool = False):
    """Yield (job, result) for every job of ``jobs`` as the workers finish them (see the module
    docstring): ``workers`` layout workers, and before them ``workers - 1`` reading workers
    (``workers`` when nothing lays out), which end when no reading task is left."""
    reading, layouts = split(jobs)
    pool = _Pool(reading, layouts, options, show_traceback)
    try:
        yield from pool.run(workers)
    finally:
        pool.close()


class _Pool:
    def __init__(self, reading: list[ReadingTask], layouts: list[list[Job]], options: WriteOptions,
                 show_traceback: bool) -> None:
        import multiprocessing
        self.context = multiprocessing.get_context("fork")
        self.reading, self.options, self.show_traceback = reading, options, show_traceback
        self.layouts = collections.deque(layouts)
        #: Reading task → the number of the worker that took it (0: not taken), shared by the fork:
        #: a worker takes its next reading task here, without asking this process.
        self.owners = self.context.Array("i", len(reading), lock=True)
        self.reading_done: set[int] = set()
        self.reading_of = {task.source.name: i for i, task in enumerate(reading)}
        #: Models read for layout tasks not yet handed out: source name → (bytes, diagnostics),
        #: or None when reading failed (the layout task then reads it again, and says why).
        self.models: dict[str, tuple[bytes, list] | None] = {}
        self.workers: dict[object, _Worker] = {}        # connection → worker, while it works
        self.everyone: list[_Worker] = []               # every worker forked
        self.server: threading.Thread | None = None
        self.closing = False
        self.warm = False
        #: Reading tasks a worker that died had finished, their results lost with it: this
        #: process builds them once the workers are done (:meth:`died`).
        self.orphans: list[int] = []

    def fork(self, reads: bool) -> None:
        """A worker (one that can lay out once the parent is warm); ``reads``: it starts on reading tasks."""
        parent_end, child_end = self.context.Pipe()
        number = len(self.everyone) + 1
        process = self.context.Process(target=_worker_main, name="build-worker", daemon=True,
                                       args=(child_end, parent_end, number, self.reading, self.owners,
                                             self.options, self.show_traceback))
        process.start()
        child_end.close()           # so that the worker's death is an EOF here
        worker = _Worker(number, process, parent_end, can_lay_out=self.warm)
        self.workers[parent_end] = worker
        self.everyone.append(worker)
        if reads:
            worker.send(("read",))

    def run(self, workers: int):
        build.join_reading_threads()        # a thread inside libxml2 at a fork could leave a lock held
        build.freeze_heap(collect=False)     # the workers' collections skip what is alive now
        for _ in range(min(len(self.reading), max(1, workers - 1) if self.layouts else workers)):
            self.fork(reads=True)
        if self.layouts:
            self.warm_up()
            for _ in range(min(workers, len(self.layouts))):
                self.fork(reads=False)
        # The workers are served from a thread of their own, so that a worker that finishes gets
        # its next task while this one writes outputs (each an fsync or several: they took the
        # parent 5 s of a 20 s build on a loaded machine, with layout workers waiting on it).
        # Nothing is forked from now on.
        results: queue.SimpleQueue = queue.SimpleQueue()

        def serve() -> None:
            try:
                for pair in self.loop():
                    results.put(pair)
            except BaseException as exc:     # raised again in the caller's thread
                results.put(exc)
            results.put(None)

        self.server = threading.Thread(target=serve, name="serve-workers", daemon=True)
        self.server.start()
        while (item := results.get()) is not None:
            if isinstance(item, BaseException):
                raise item
            yield item
        for index in self.orphans:
            task = self.reading[index]
            yield from zip(task.jobs, build.run_task((task.jobs, self.options, self.show_traceback)))

    def warm_up(self) -> None:
        """What the layout workers inherit: the layout writers and what they import (WeasyPrint),
        the fonts of the first layout's language (:func:`build.warm_fonts`), the heap frozen."""
        import importlib
        formats = sorted({job.fmt for task in self.layouts for job in task})
        modules = sorted({m for fmt in formats for m in build.PRELOAD.get(fmt, ())})
        imported = True
        for module in modules:
            try:        # a failed import is reported by each job that needs it (exit 8)
                importlib.import_module(module)
            except Exception:
                imported = False
        if imported:
            for fmt in formats:
                try:
                    build.writer_of(fmt).load()
                except Exception:
                    imported = False
        if imported and "weasyprint" in modules:
            build.warm_fonts({self.layouts[0][0].source.facts()["language"] or "en"})
        build.freeze_heap()
        self.warm = True

    def busy(self) -> bool:
        return bool(len(self.reading_done) < len(self.reading) or self.layouts
                    or any(w.task is not None for w in self.workers.values()))

    def loop(self):
        from multiprocessing.connection import wait
        timeout = 0.0       # first what came during the warm-up (the models), then hand out layouts
        while self.busy() and not self.closing:
            if not self.workers:
                yield from self.abandon()
                return
            for conn in wait(list(self.workers), timeout):
                worker = self.workers[conn]
                try:
                    while conn in self.workers and conn.poll():   # all it said: every model that came
                        yield from self.handle(worker, conn.recv())
                except (EOFError, OSError):
                    yield from self.died(worker)
            timeout = None
            for worker in list(self.workers.values()):
                self.dispatch(worker)
        for worker in list(self.workers.values()):
            worker.send(("stop",))

    def abandon(self):
        """Every worker died with work left (the memory ran out?): what no worker had fails."""
        jobs = [job for task in self.layouts for job in task]
        self.layouts.clear()
        for index, task in enumerate(self.reading):
            if index not in self.reading_done:
                self.reading_done.add(index)
                jobs.extend(task.jobs)
        for job in jobs:
            yield job, JobResult(job.output, exit_code=1, error=(
                f"error: {job.output} was not built: every worker process of the build ended unexpectedly "
                "(killed, or out of memory?)\n  hint: build it again, with fewer worker processes (-j)"))

    def handle(self, worker: _Worker, message: tuple):
        kind = message[0]
        if kind == "model":
            _, index, data, diagnostics = message
            # A reading worker far ahead of the layouts (hundreds of documents) does not make this
            # process hold hundreds of models: past MODELS_HELD, a layout worker reads its own.
            self.models[self.reading[index].source.name] = (
                (data, diagnostics) if len(self.models) < MODELS_HELD else None)
        elif kind == "read-done":
            _, index, results = message
            self.reading_done.add(index)
            task = self.reading[index]
            if task.send_model:
                self.models.setdefault(task.source.name, None)     # not read: no model came
            yield from zip(task.jobs, results)
        elif kind == "read-idle":
            worker.reading = False
            if not (worker.can_lay_out and self.layouts):
                worker.send(("stop",))
                self.forget(worker)
        elif kind == "done":
            _, results = message
            task, worker.task = worker.task, None
            if worker.task_reading is not None:
                self.reading_done.add(worker.task_reading)
                worker.task_reading = None
            self.dispatch(worker)           # its next task first: the parent writes meanwhile
            yield from zip(task, results)

    def dispatch(self, worker: _Worker) -> None:
        """A layout worker that has finished gets the next layout task it can start now: the
        longest whose model has come, or whose document nobody has started (it then reads it
        and builds its other formats too); none left, it takes reading tasks."""
        if not worker.can_lay_out or worker.task is not None or worker.reading:
            return
        if not self.layouts:
            worker.send(("read",))
            return
        for task in list(self.layouts):
            name = task[0].source.name
            index = self.reading_of.get(name)
            if name in self.models:
                self.layouts.remove(task)
                worker.task = task
                worker.send(("layout", task, self.models.pop(name)))
                return
            if index is None or self.take(index, worker):
                self.layouts.remove(task)
                worker.task = (self.reading[index].jobs if index is not None else []) + task
                worker.task_reading = index
                worker.send(("layout", worker.task, None))
                return
        # Every layout task left waits for a model being read: so does this worker.

    def take(self, index: int, worker: _Worker) -> bool:
        """Take reading task ``index`` for ``worker``, unless a worker has taken it."""
        with self.owners.get_lock():
            if self.owners[index]:
                return False
            self.owners[index] = worker.number
        return True

    def died(self, worker: _Worker):
        """A worker ended without a word: the jobs it had in hand fail, the others go on.

        A worker takes reading tasks in increasing order and sends their results from a thread
        of its own, so of those it took whose results never came, the last is the one it had in
        hand (unless it had a layout task in hand); the others it had finished, their results
        unsent: they are orphans, built again by this process, not failed."""
        self.forget(worker)
        worker.process.join(timeout=5)
        code = worker.process.exitcode
        how = f"signal {-code}" if code is not None and code < 0 else f"exit status {code}"
        failed: list[Job] = list(worker.task or [])
        with self.owners.get_lock():
            had = [index for index in range(len(self.reading))
                   if self.owners[index] == worker.number and index not in self.reading_done]
        for index in had:       # reading tasks it took (one of them perhaps with its layout task)
            self.reading_done.add(index)
            if index == worker.task_reading:
                continue
            if worker.task is None and index == max(had):
                failed.extend(self.reading[index].jobs)
            else:
                self.orphans.append(index)
            if self.reading[index].send_model:
                self.models.setdefault(self.reading[index].source.name, None)
        for job in failed:
            yield job, JobResult(job.output, exit_code=1, error=(
                f"error: the worker process building {job.output} ended unexpectedly ({how}: killed, or out "
                "of memory?)\n  hint: build it again; with -j1, an error in the pipeline is reported in full"))

    def forget(self, worker: _Worker) -> None:
        self.workers.pop(worker.conn, None)

    def close(self) -> None:
        """End the workers: those told to stop end by themselves; the others (an interrupted
        build) are terminated."""
        self.closing = True
        for worker in self.everyone:
            if not worker.stopped and worker.process.is_alive():
                worker.process.terminate()
        if self.server is not None:
            self.server.join(timeout=5)
        for worker in self.everyone:
            worker.process.join(timeout=5)
            worker.conn.close()


class _Worker:
    """The parent's side of one worker process."""

    def __init__(self, number: int, process, conn, can_lay_out: bool) -> None:
        self.number, self.process, self.conn, self.can_lay_out = number, process, conn, can_lay_out
        self.task: list[Job] | None = None       # the layout task in hand
        self.task_reading: int | None = None     # the reading task taken with it, if any
        self.reading = False                     # taking reading tasks (until it says "read-idle")
        self.stopped = False

    def send(self, message: tuple) -> None:
        self.reading = self.reading or message[0] == "read"
        self.stopped = self.stopped or message[0] == "stop"
        try:
            self.conn.send(message)
        except (OSError, EOFError):
            pass                    # it died: the loop hears it at its connection


# ------------------------------------------------------------------ in a worker

def _claim(owners, number: int, start: int) -> int | None:
    """The first free reading task from ``start`` on, taken for worker ``number`` (a task is
    never freed again, so those before a worker's last one stay taken)."""
    with owners.get_lock():
        for index in range(start, len(owners)):
            if not owners[index]:
                owners[index] = number
                return index
    return None


def _worker_main(conn, parent_end, number: int, reading: list[ReadingTask], owners, options: WriteOptions,
                 show_traceback: bool) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)      # Ctrl-C is the parent's to handle
    parent_end.close()
    outbox: queue.SimpleQueue = queue.SimpleQueue()

    def send_all() -> None:
        while (message := outbox.get()) is not None:
            try:
                conn.send(message)
            except (OSError, EOFError):
                return

    sender = threading.Thread(target=send_all, name="send-results", daemon=True)
    sender.start()
    try:
        while True:
            try:
                message = conn.recv()
            except (EOFError, OSError):
                break
            if message[0] == "stop":
                break
            if message[0] == "read":
                index = 0
                while (index := _claim(owners, number, index)) is not None:
                    outbox.put(("read-done", index, _read_task(reading[index], index, outbox, options,
                                                               show_traceback)))
                outbox.put(("read-idle",))
            elif message[0] == "layout":
                _, jobs, model = message
                if model is not None:
                    build.adopt_model(jobs[0].source, options.source_date_epoch, *model)
                outbox.put(("done", build.run_task((jobs, options, show_traceback))))
    finally:
        outbox.put(None)
        sender.join()


def _read_task(task: ReadingTask, index: int, outbox, options: WriteOptions, show_traceback: bool) -> list[JobResult]:
    """Read the document, send its model (when its layout task needs it), build its other formats."""
    if task.send_model:
        tree, diagnostics, error = build.read_model(task.source, options.source_date_epoch)
        if error is None:
            outbox.put(("model", index, build.model_bytes(tree), diagnostics))
    if not task.jobs:
        build.release_task_state(collect=False)
        return []
    return build.run_task((task.jobs, options, show_traceback))
