"""Builds on a Dask cluster: the build's tasks in, each job's result out, through ``distributed.Client``; and the check that every worker makes the same bytes as this machine.

The build plan is the local one (``build.plan`` and ``build.tasks``); this module is
its second executor, beside the local process pool of ``cli.run_jobs``, and runs the
same task function (``build.run_task``) on Dask workers:

* a task carries its inputs as bytes (the sources, their sidecars, the page map of a cached
  PDF) and returns bytes (``build.JobResult``), so a worker needs no shared filesystem; only
  the coordinator (``cli.py``) writes the outputs, the manifest, ``SHA256SUMS`` and the cache;
* at most a few tasks per worker thread are submitted at a time, the next as one finishes,
  so tens of thousands of documents never sit in the scheduler's memory at once;
* a worker that dies has its tasks run again on another (the scheduler's own
  ``distributed.scheduler.allowed-failures``); a task that still kills its workers is
  submitted once more, alone (Dask blames every task the dead worker held, queued ones too),
  then reported as failed, like a document whose writer fails, and the others go on;
* same bytes anywhere: before the build every worker reports its environment (the digest of
  the pipeline's files and of ``styles/``, and the versions of WeasyPrint, pandoc, lxml, the
  font and shaping packages: ``files.environment``).  A worker whose environment differs
  from this machine's is refused, named with the difference, and given no task (the tasks
  require a Dask resource that only matching workers get, from a worker plugin that also
  checks the workers that join or restart during the build); each task checks again on its
  worker, so a worker upgraded mid-build refuses too;
* a worker costs what a process of the local pool costs: warmed up before its first task, its
  heap frozen (:func:`prepare_worker`), and Dask's own periodic work eased while the build runs
  (:data:`EASED_CALLBACKS`).

``$PIPELINE_TOOL_VERSIONS_OVERRIDE`` (a JSON object, name → version) replaces tool versions
in the environment a process reports here.  It exists for the tests, which start a worker
with another "font package version" to see it refused; it changes nothing else.
"""

from __future__ import annotations

import collections
import contextlib
import dataclasses
import functools
import itertools
import json
import logging
import os
import re
import uuid
from typing import Iterable, Iterator

from distributed.diagnostics.plugin import WorkerPlugin

from .build import Environment, Job, JobResult, run_task, tasks
from .diagnostics import PipelineError

#: For the tests only: a JSON object of tool versions that replace the real ones (see the module docstring).
TOOL_VERSIONS_OVERRIDE = "PIPELINE_TOOL_VERSIONS_OVERRIDE"

#: Tasks submitted ahead per worker thread: enough to keep every worker busy while results
#: travel back, few enough that a huge batch does not sit in the scheduler's memory.
TASKS_AHEAD = 2

#: Seconds to wait for a worker to join a scheduler that has none yet.
WORKER_WAIT = 30
#: Seconds to wait for the scheduler to answer.
CONNECT_WAIT = 10
#: Seconds a task of a LocalCluster (``--scheduler local:N``) may wait with no worker to run it.
NO_WORKERS_WAIT = 2 * WORKER_WAIT

#: Dask's own periodic work that a build does not need, eased on every worker while the build's
#: plugin is installed (:class:`EnvironmentGate`; put back when the build ends): name of the
#: worker's periodic callback → its least interval in milliseconds (``None``: stopped).  Each
#: run wakes the worker's event loop, which then takes the GIL from the task's thread: the
#: statistical profiler walks the task's stack 100 times a second (deep, in WeasyPrint's
#: layout), the memory monitor reads /proc 10 times a second, the tick 50 times, the system
#: monitor twice.  Together they cost a worker about 0.4 s of CPU a document, a third of the
#: document (measured: ``python -m bench.cluster --worker-cpu``).
#: Slowed, not stopped: the memory monitor still pauses or spills a worker short of memory
#: (its nanny, in its own process, still ends one that runs out), the tick still reports an
#: event loop blocked for seconds.
EASED_CALLBACKS = {"profile": None, "profile-cycle": None, "memory_monitor": 1000, "tick": 1000, "monitor": 2000}

#: The same in Dask's configuration, for a LocalCluster (its scheduler and nannies run in this
#: process; its workers get the configuration from their nanny).
EASED_CONFIG = {"distributed.worker.profile.enabled": False,
                "distributed.worker.memory.monitor-interval": "1000ms",
                "distributed.admin.tick.interval": "1000ms",
                "distributed.admin.system-monitor.interval": "2000ms"}

#: What each entry of an environment is, for messages.
LABELS = {"code": "the pipeline's own files (digest)", "styles": "styles/ (digest)"}


class ClusterError(PipelineError):
    """The cluster cannot build: no scheduler, no worker, or none with this machine's environment."""

    exit_code = 11


# ------------------------------------------------------------- environments

def flat_environment(env: Environment) -> dict[str, str]:
    """An environment as one table, name → value: ``code``, ``styles``, then every tool version,
    with :data:`TOOL_VERSIONS_OVERRIDE` applied."""
    flat = {"code": env.code_digest, "styles": env.styles_digest, **dict(sorted(env.tools.items()))}
    override = os.environ.get(TOOL_VERSIONS_OVERRIDE)
    if override:
        try:
            flat.update({str(k): str(v) for k, v in json.loads(override).items()})
        except (ValueError, AttributeError) as exc:
            raise ClusterError(f"${TOOL_VERSIONS_OVERRIDE} is not a JSON object: {exc}",
                               "unset it: it is for the tests only") from None
    return flat


@functools.lru_cache(maxsize=1)
def worker_environment() -> dict[str, str]:
    """This process's environment (:func:`flat_environment`), computed once per process."""
    from .files import environment
    return flat_environment(environment())


def differences(here: dict[str, str], there: dict[str, str]) -> list[tuple[str, str, str]]:
    """(name, value here, value there) for every entry that differs, sorted by name."""
    return [(name, here.get(name, "absent"), there.get(name, "absent"))
            for name in sorted(set(here) | set(there)) if here.get(name) != there.get(name)]


def describe(diffs: list[tuple[str, str, str]]) -> str:
    return "; ".join(f"{LABELS.get(name, name)}: {a} on this machine, {b} on the worker" for name, a, b in diffs)


@dataclasses.dataclass(frozen=True)
class WorkerCheck:
    address: str
    environment: dict[str, str]
    differences: list[tuple[str, str, str]]

    @property
    def ok(self) -> bool:
        return not self.differences


def prepare_worker(formats: list[str], writers: dict) -> dict[str, str]:
    """On a worker, before its first task: register the build's writers, import what they import
    (WeasyPrint), parse the schema, find pandoc; then freeze the heap; return the worker's environment.

    The freeze is the local pool's (``build.freeze_heap``): what is alive now (Dask, WeasyPrint, the
    pipeline: about 100,000 objects) moves to the collector's permanent generation, so the full
    collection after each task (``build.release_task_state``) and those WeasyPrint's layouts
    trigger stop walking it.  Unfrozen, they cost a Dask worker about 0.2 s of CPU a document
    (the task thread's CPU in ``python -m bench.cluster --worker-cpu``)."""
    import gc
    import importlib

    from .build import PRELOAD, prepare_reading
    from .writers import WRITERS
    for name, writer in writers.items():
        WRITERS.setdefault(name, writer)
    for fmt in formats:
        WRITERS[fmt].load()
        for module in PRELOAD.get(fmt, ()):
            importlib.import_module(module)
    prepare_reading([])
    environment = worker_environment()
    gc.collect()
    gc.freeze()
    return environment


def check_workers(client, here: dict[str, str], formats: list[str] = (), writers: dict | None = None) \
        -> list[WorkerCheck]:
    """Every worker's environment against ``here``, sorted by address (the workers are warmed up on the way)."""
    found = client.run(prepare_worker, list(formats), dict(writers or {}))
    return [WorkerCheck(address, env, differences(here, env)) for address, env in sorted(found.items())]


def environment_table(here: dict[str, str], checks: list[WorkerCheck]) -> str:
    """What ``pipeline cluster check`` prints: one row per entry, one column for this machine and
    one per distinct worker environment (workers with the same one share a column); ``*``
    marks a value that differs from this machine's."""
    groups: dict[str, list[WorkerCheck]] = {}
    for check in checks:
        groups.setdefault(json.dumps(check.environment, sort_keys=True), []).append(check)
    columns = [("this machine", here)] + [
        (f"{len(members)} worker{'s' if len(members) > 1 else ''}" if len(members) > 1
         else members[0].address, members[0].environment) for members in groups.values()]
    names = sorted(set(here).union(*(env for _, env in columns)), key=lambda n: (n not in LABELS, n))
    def cell(env: dict[str, str], name: str) -> str:
        value = env.get(name, "absent")
        if re.fullmatch(r"[0-9a-f]{64}", value):
            value = value[:16] + "…"     # a digest: its start tells them apart (--json has it whole)
        return value + (" *" if env is not here and env.get(name) != here.get(name) else "")

    rows = [["", *(title for title, _ in columns)]]
    for name in names:
        rows.append([name, *(cell(env, name) for _, env in columns)])
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    lines = ["  ".join(cell.ljust(w) for cell, w in zip(row, widths)).rstrip() for row in rows]
    lines.insert(1, "  ".join("-" * w for w in widths))
    for members in groups.values():
        if len(members) > 1:
            lines.append(f"{len(members)} workers: {', '.join(m.address for m in members)}")
    refused = [c for c in checks if not c.ok]
    lines.append(f"{len(checks)} worker(s); " + (
        f"{len(refused)} differ from this machine and would be refused: "
        + ", ".join(f"{c.address} ({', '.join(n for n, _, _ in c.differences)})" for c in refused)
        if refused else "all build the same bytes as this machine"))
    return "\n".join(lines)


# ------------------------------------------------------------------ clients

@contextlib.contextmanager
def connect(scheduler: str) -> Iterator:
    """A ``distributed.Client`` of ``tcp://host:port`` (a running scheduler) or ``local:N`` (a
    ``LocalCluster`` of N single-threaded worker processes on 127.0.0.1), closed on exit."""
    import dask
    from distributed import Client, LocalCluster

    match = re.fullmatch(r"local(?::(\d+))?", scheduler)
    cluster = None
    try:
        if match:
            workers = int(match[1] or len(os.sched_getaffinity(0)))
            if workers < 1:
                raise ClusterError(f"--scheduler {scheduler}: a LocalCluster needs at least one worker")
            # A worker holds only the task it runs (saturation 1.0, not Dask's 1.1): a worker that
            # dies then takes no queued task down with it.  A task that no worker can run for
            # NO_WORKERS_WAIT seconds (every worker dead and not restarted) fails, and the build
            # says so, rather than waiting for ever (Dask's default: no limit).
            with dask.config.set({"distributed.scheduler.worker-saturation": 1.0,
                                  "distributed.scheduler.no-workers-timeout": f"{NO_WORKERS_WAIT}s", **EASED_CONFIG}):
                cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                                       host="127.0.0.1", dashboard_address=None, silence_logs=logging.ERROR)
            client = Client(cluster)
        else:
            client = Client(scheduler, timeout=CONNECT_WAIT)
    except (OSError, TimeoutError) as exc:
        if cluster is not None:
            cluster.close()
        raise ClusterError(f"cannot reach the Dask scheduler at {scheduler}: {exc}",
                           "start one (dask scheduler; dask worker tcp://HOST:8786), or use --scheduler local:N") \
            from None
    try:
        if not match:
            try:
                client.wait_for_workers(1, timeout=WORKER_WAIT)
            except TimeoutError:
                raise ClusterError(f"the Dask scheduler at {scheduler} has no worker after {WORKER_WAIT} s",
                                   "start workers: dask worker " + scheduler) from None
        yield client
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


def run_checked_task(jobs: list[Job], options, show_traceback: bool, expected: dict[str, str],
                     writers: dict) -> list[JobResult]:
    """On a worker: :func:`build.run_task`, unless this worker's environment differs from the
    coordinator's (``expected``); then every job fails with the difference named."""
    from .writers import WRITERS
    diffs = differences(expected, worker_environment())
    if diffs:
        from distributed import get_worker
        error = (f"error: worker {get_worker().address} refuses to build {jobs[0].source.name}: its environment "
                 f"differs from the coordinator's: {describe(diffs)}\n"
                 "  hint: install the same versions on every machine (pipeline cluster check lists them)")
        return [JobResult(job.output, error=error, exit_code=ClusterError.exit_code) for job in jobs]
    for name, writer in writers.items():
        WRITERS.setdefault(name, writer)
    return run_task((jobs, options, show_traceback))


def run_jobs(scheduler: str, batches: Iterable[list[Job]], options, formats: list[str], show_traceback: bool,
             here: dict[str, str], warn=print) -> Iterator[tuple[Job, JobResult]]:
    """Yield (job, result) as the cluster finishes them (``cli.run_jobs``' twin).

    ``batches`` gives the jobs to build a batch at a time (the coordinator reads sources as it
    goes); the cluster is reached at the first job (a build the cache satisfies needs none) and
    left when the generator ends or is closed, cancelling what is still queued.  Only workers
    whose environment is ``here`` get tasks; ``warn`` gets a line per refused worker."""
    from .writers import WRITERS
    batches = iter(batches)
    first = next((batch for batch in batches if batch), None)
    if first is None:
        return
    writers = {fmt: WRITERS[fmt] for fmt in formats}
    with connect(scheduler) as client:
        checks = check_workers(client, here, formats, writers)
        for check in checks:
            if not check.ok:
                warn(f"warning: worker {check.address} is refused: its environment differs from this "
                     f"machine's: {describe(check.differences)}")
        accepted = [c.address for c in checks if c.ok]
        if not accepted:
            raise ClusterError(f"no worker of the cluster at {scheduler} has this machine's environment "
                               f"({len(checks)} refused)",
                               "install the same versions on every machine; pipeline cluster check lists them")
        gate = EnvironmentGate(here, formats, writers)
        client.register_plugin(gate, name=gate.name)
        try:
            threads = sum(n for address, n in client.nthreads().items() if address in accepted) or len(accepted)
            groups = (group for batch in itertools.chain([first], batches) for group in tasks(batch, threads))
            with waking(client):
                yield from run_groups(client, groups, TASKS_AHEAD * threads,
                                      lambda group: (run_checked_task, group, options, show_traceback, here,
                                                     writers),
                                      resources={gate.resource: 1})
        finally:
            with contextlib.suppress(Exception):
                client.unregister_worker_plugin(gate.name)


class EnvironmentGate(WorkerPlugin):
    """A Dask worker plugin: a worker whose environment is the coordinator's gets the resource
    :attr:`resource` (one unit per thread), which every task of the build requires.

    Dask installs it on the workers there are and on every worker that joins later, a worker
    restarted by its nanny included (with a new address), so the tasks go to exactly the
    workers that make the same bytes, whenever they join.  On those it also eases Dask's own
    periodic work (:data:`EASED_CALLBACKS`) until it is removed, at the end of the build."""

    def __init__(self, expected: dict[str, str], formats: list[str], writers: dict) -> None:
        from .build import sha256
        self.expected, self.formats, self.writers = expected, list(formats), dict(writers)
        self.resource = "un-pipeline-" + sha256(json.dumps(expected, sort_keys=True).encode())[:16]
        # The plugin's own name: two builds of one environment on one cluster each install and
        # remove theirs (they share the resource, which only says what a worker can build).
        self.name = f"{self.resource}-{uuid.uuid4().hex[:12]}"
        self.eased = False

    async def setup(self, worker) -> None:
        import asyncio
        env = await asyncio.get_running_loop().run_in_executor(None, prepare_worker, self.formats, self.writers)
        if differences(self.expected, env):
            logging.getLogger("distributed.worker").warning(
                "this worker does not build for the pipeline: its environment differs: %s",
                describe(differences(self.expected, env)))
            return
        ease_worker(worker)
        self.eased = True
        await worker.set_resources(**{self.resource: worker.state.nthreads})

    def teardown(self, worker) -> None:
        if self.eased:
            restore_worker(worker)


#: The attribute of a worker that holds its easing: how many builds' plugins hold it, and what
#: the callbacks were before the first of them (two builds may share a cluster).
EASING = "_un_pipeline_easing"


def ease_worker(worker) -> None:
    """Stop or slow ``worker``'s periodic callbacks as :data:`EASED_CALLBACKS` says, once for
    every build that asks; :func:`restore_worker` puts them back when the last one is done."""
    holders, was = getattr(worker, EASING, (0, {}))
    if not holders:
        for name, least in EASED_CALLBACKS.items():
            callback = worker.periodic_callbacks.get(name)
            if callback is None:
                continue
            was[name] = (callback.callback_time, callback.is_running())
            if least is None:
                callback.stop()
            else:
                callback.callback_time = max(callback.callback_time, least)
    setattr(worker, EASING, (holders + 1, was))


def restore_worker(worker) -> None:
    """Put back what :func:`ease_worker` changed, when no other build still holds it."""
    holders, was = getattr(worker, EASING, (0, {}))
    if holders > 1:
        setattr(worker, EASING, (holders - 1, was))
        return
    if hasattr(worker, EASING):
        delattr(worker, EASING)
    for name, (interval, running) in was.items():
        callback = worker.periodic_callbacks.get(name)
        if callback is None:
            continue
        callback.callback_time = interval
        if running and not callback.is_running():
            callback.start()


def wake_unrunnable(dask_scheduler) -> int:
    """On the scheduler: give the tasks waiting for a worker ("no-worker") to the workers that can
    now run them; return how many.  The scheduler does that when a worker registers, but not when
    a registered worker gains a resource, as a restarted worker does from :class:`EnvironmentGate`
    just after it registers."""
    import time as clock

    from distributed.core import Status
    woken = 0
    for ws in list(dask_scheduler.workers.values()):
        if not dask_scheduler.unrunnable:
            break
        if ws.status == Status.running:
            recommendations = dask_scheduler.bulk_schedule_unrunnable_after_adding_worker(ws)
            if recommendations:
                dask_scheduler.transitions(recommendations, f"un-pipeline-wake-{clock.time()}")
                woken += len(recommendations)
    return woken


@contextlib.contextmanager
def waking(client, every: float = 2.0) -> Iterator[None]:
    """While the block runs, :func:`wake_unrunnable` on the scheduler every ``every`` seconds."""
    import threading
    stop = threading.Event()

    def loop() -> None:
        while not stop.wait(every):
            with contextlib.suppress(Exception):
                client.run_on_scheduler(wake_unrunnable)

    thread = threading.Thread(target=loop, name="wake-unrunnable", daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join()


def run_groups(client, groups: Iterator[list[Job]], ahead: int, task, resources: dict | None = None) \
        -> Iterator[tuple[Job, JobResult]]:
    """Submit ``task(group)`` for each group, ``ahead`` at a time, to workers with ``resources``;
    yield (job, result) as they finish.

    Dask gives up on a task (``KilledWorker``) when the workers it was on died too often, and it
    blames every task a dead worker held, queued ones too, not only the one that killed it.  So a
    task given up on is submitted once more, alone among such retries (one at a time): a task that
    was only queued beside the culprit is then built, and the culprit fails for good."""
    from distributed import KilledWorker, as_completed

    running: dict[str, tuple[object, list[Job]]] = {}
    # Results are fetched in the background as tasks finish (one blocking fetch per task
    # capped the build at one round trip per task: about 30 tasks a second, whatever the window).
    done = as_completed(with_results=True, raise_errors=False)
    build_id = uuid.uuid4().hex[:8]
    submitted = 0
    retried: set[str] = set()
    to_retry: collections.deque[list[Job]] = collections.deque()
    retrying: str | None = None          # the key of the one retry in flight

    def submit(group: list[Job]) -> str:
        nonlocal submitted
        function, *args = task(group)
        future = client.submit(function, *args, key=f"build-{build_id}-{submitted}", pure=False,
                               resources=resources)
        submitted += 1
        running[future.key] = (future, group)
        done.add(future)
        return future.key

    def submit_more() -> None:
        nonlocal retrying
        if retrying is None and to_retry:
            retrying = submit(to_retry.popleft())
        group = next(groups, None)
        if group is not None:
            submit(group)

    for _ in range(ahead):
        submit_more()
    try:
        for future, results in done:
            _, group = running.pop(future.key)
            finished = future.status == "finished"
            future.release()
            if future.key == retrying:
                retrying = None
            if not finished:     # KilledWorker, or the task could not run at all
                exc = results[1] if isinstance(results, tuple) else results
                if isinstance(exc, KilledWorker) and group[0].output not in retried:
                    retried.add(group[0].output)
                    to_retry.append(group)
                    submit_more()
                    continue
                results = [task_failure(job, exc) for job in group]
            submit_more()
            yield from zip(group, results)
    finally:
        if running:
            client.cancel([future for future, _ in running.values()], force=True)


def task_failure(job: Job, exc: BaseException) -> JobResult:
    """The result of a job whose task never returned (it killed its workers, or Dask failed)."""
    from distributed import KilledWorker
    if isinstance(exc, KilledWorker):
        error = (f"error: building {job.output} killed {exc.last_worker.address if exc.last_worker else 'its'} "
                 "worker and every worker it was retried on\n"
                 "  hint: a worker ran out of memory or crashed; see the workers' logs")
    else:
        error = (f"error: the cluster could not build {job.output}: {exc.__class__.__name__}: {exc}\n"
                 "  hint: see the scheduler's and workers' logs")
    return JobResult(job.output, error=error, exit_code=ClusterError.exit_code)


def empty_task(group: list) -> list:
    """A task that does nothing (its results are its inputs): what the benchmark submits to
    measure the scheduler's own rate."""
    return group
