"""The cluster benchmark: ``python -m bench.cluster`` builds the UN's AKN4UN files in every format through the local pool and through a Dask LocalCluster, measures the scheduler with empty tasks, and estimates an archive rebuild on N machines.

What it measures (each configuration a whole ``pipeline build`` process, cold cache,
``--force``; the configurations interleaved run by run, so that the load of the machine
hits them alike; medians over ``--runs``):

* throughput in documents per minute, every format (AKN, HTML, PDF, EPUB, XLIFF into
  English), of the 108 files of ``../shared/realworld/akn4un`` (``--files N``: the first N
  of each language, for a quick run), at ``-j 1`` and ``-j 2`` (the local process pool) and
  ``--scheduler local:1`` and ``local:2`` (a Dask LocalCluster: the same plan and tasks);
* CPU time (user + system of the whole process tree, workers included: steadier than wall
  time when other processes share the cores) and the peak resident memory of the largest
  process of the tree (each process's own ``VmHWM``: a worker, or the coordinator; see ``run.run_process``);
* the scheduler's own limit: empty tasks per second through a LocalCluster of 2 processes,
  submitted all at once (``client.map``) and as the build submits them (a bounded window,
  one task per document, :func:`pipeline.cluster.run_groups`);
* where a worker's CPU goes: the tasks of 11 documents, start-up excluded, in a process
  warmed up as the pool's are, on a LocalCluster worker with Dask's defaults, and on one as the
  build runs it (:func:`worker_cpu`; ``--worker-cpu`` measures only that).

``--record`` writes the tables and the estimate to ``bench/CLUSTER.md``.  Targets (issue 17):
the Dask path costs at most 10 % over the local pool at equal workers; 1 → 2 workers ≥ 1.7 ×.
"""

from __future__ import annotations

import argparse
import datetime
import logging
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

from .run import EPOCH, ROOT, machine, run_process

SHARED = Path(os.environ.get("UN_SHARED_DIR") or ROOT.parent / "shared")
AKN4UN = SHARED / "realworld" / "akn4un"
RESULTS = Path(__file__).resolve().parent / "CLUSTER.md"

CONFIGS = [
    ("local pool, -j 1", ["-j", "1"], 1),
    ("Dask LocalCluster, local:1", ["--scheduler", "local:1"], 1),
    ("local pool, -j 2", ["-j", "2"], 2),
    ("Dask LocalCluster, local:2", ["--scheduler", "local:2"], 2),
]

#: The archive the estimate is about: sessions 74–80 of the General Assembly, six languages.
ARCHIVE_DOCUMENTS = 11_500
#: An assumed price, for the estimate: a 2-vCPU on-demand cloud machine (e.g. AWS c7i.large,
#: us-east-1, about USD 0.09 an hour in 2025); change it here for another provider.
PRICE_PER_MACHINE_HOUR = 0.09
CORES_PER_MACHINE = 2


def sources(work: Path, per_language: int | None) -> tuple[Path, int]:
    """The list file of the AKN4UN sources (all, or the first ``per_language`` of each language)."""
    files = []
    for folder in sorted(p for p in AKN4UN.iterdir() if p.is_dir()):
        found = sorted(folder.glob("*.xml"))
        files += found[:per_language] if per_language else found
    listing = work / "files.txt"
    listing.write_text("".join(f"{f}\n" for f in files), encoding="utf-8")
    return listing, len(files)


def build(listing: Path, work: Path, name: str, args: list[str]) -> tuple[float, float, float]:
    out, cache = work / f"out-{name}", work / f"cache-{name}"
    command = [sys.executable, "-m", "pipeline", "build", "--from-list", str(listing), "--to", "all",
               "--target-lang", "en", "--force", "-q", "-o", str(out), "--cache-dir", str(cache), *args]
    return run_process(command)


def scheduler_rate(tasks: int = 2000) -> dict:
    """Empty tasks per second through a LocalCluster of 2 worker processes."""
    from distributed import Client, LocalCluster, wait

    from pipeline import cluster

    result = {}
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
                      dashboard_address=None, silence_logs=logging.ERROR) as local, Client(local) as client:
        client.submit(cluster.empty_task, [0]).result()     # both workers up, the function shipped
        start = time.perf_counter()
        futures = client.map(cluster.empty_task, [[i] for i in range(tasks)], pure=False)
        wait(futures)
        result["map"] = tasks / (time.perf_counter() - start)
        del futures
        workers = list(client.nthreads())
        for name, ahead in (("window", cluster.TASKS_AHEAD * len(workers)), ("window64", 64)):
            start = time.perf_counter()
            done = sum(1 for _ in cluster.run_groups(client, iter([[i] for i in range(tasks)]), ahead,
                                                     lambda group: (cluster.empty_task, group)))
            assert done == tasks
            result[name] = tasks / (time.perf_counter() - start)
    result["tasks"] = tasks
    return result


def cpu_now() -> float:
    """This process's CPU seconds (on a worker, through ``client.run``)."""
    return time.process_time()


def unfreeze() -> None:
    """On a worker: give the collector back the heap :func:`pipeline.cluster.prepare_worker` froze."""
    import gc
    gc.unfreeze()


def timed_task(*args) -> float:
    """On a worker: :func:`pipeline.cluster.run_checked_task`; the CPU seconds of its thread."""
    from pipeline import cluster
    start = time.thread_time()
    cluster.run_checked_task(*args)
    return time.thread_time() - start


def worker_cpu(listing: Path) -> dict[str, tuple[float, float | None]]:
    """CPU seconds a document of the build's tasks, start-up and first document excluded, of the
    process that runs them and of the thread that runs them, where they run:

    * ``pool``: this process, warmed up as a one-process build is (``build.warm_up``: WeasyPrint
      imported, the heap frozen, as the local pool's layout workers inherit it);
    * ``defaults``: a LocalCluster worker as Dask configures it (profiler, memory monitor and
      tick as they come; the warm-up's heap not frozen);
    * ``eased``: a LocalCluster worker as a build runs it (``cluster.connect`` and the build's
      worker plugin: the heap frozen, Dask's periodic work eased)."""
    import dask
    from distributed import Client, LocalCluster

    from pipeline import build, cli, cluster
    from pipeline.files import environment
    from pipeline.writers import WRITERS, WriteOptions

    sources = [cli.load_source(Path(line)) for line in listing.read_text(encoding="utf-8").split()]
    formats = ["akn", "html", "pdf", "epub", "xliff"]
    options = WriteOptions(target_language="en", source_date_epoch=int(EPOCH))
    env = environment()
    groups = build.tasks(build.plan(sources, formats, options, env, ["en"], None), 1)
    here, writers = cluster.flat_environment(env), {fmt: WRITERS[fmt] for fmt in formats}
    documents = len(groups) - 1
    result = {}
    for name, config in (("defaults", {}), ("eased", cluster.EASED_CONFIG)):
        with dask.config.set(config), LocalCluster(
                n_workers=1, threads_per_worker=1, processes=True, host="127.0.0.1", dashboard_address=None,
                silence_logs=logging.ERROR) as local, Client(local) as client:
            cluster.check_workers(client, here, formats, writers)
            if name == "eased":
                gate = cluster.EnvironmentGate(here, formats, writers)
                client.register_plugin(gate, name=gate.resource)
            else:
                client.run(unfreeze)
            client.submit(timed_task, groups[0], options, False, here, writers, pure=False).result()
            start = next(iter(client.run(cpu_now).values()))
            thread = sum(client.submit(timed_task, group, options, False, here, writers, pure=False).result()
                         for group in groups[1:])
            process = next(iter(client.run(cpu_now).values())) - start
        result[name] = (process / documents, thread / documents)
    for fmt in formats:
        WRITERS[fmt].load()
    build.warm_up(groups, options.source_date_epoch)
    build.run_task((groups[0], options, False))
    start = time.process_time()
    for group in groups[1:]:
        build.run_task((group, options, False))
    result["pool"] = ((time.process_time() - start) / documents, None)
    result["documents"] = documents
    return result


def report(runs: int, documents: int, figures: dict, rate: dict, start_load, per_task: dict | None = None) -> str:
    med = {name: tuple(statistics.median(r[i] for r in values) for i in range(3))
           for name, values in figures.items()}
    lines = ["# Cluster benchmark", "",
             f"`python -m bench.cluster --runs {runs}`: {documents} AKN4UN files of `../shared/realworld/akn4un` "
             "(six languages), every format (AKN, HTML, PDF, EPUB, XLIFF into English), cold cache, "
             f"medians of {runs} run(s) per configuration, configurations interleaved.", "",
             *machine(start_load), "",
             "| configuration | wall s | documents/min | CPU s (tree) | CPU s/document | peak MiB (largest process) |",
             "| --- | ---: | ---: | ---: | ---: | ---: |"]
    for name, _, _ in CONFIGS:
        wall, peak, cpu = med[name]
        lines.append(f"| {name} | {wall:.1f} | {documents / wall * 60:.1f} | {cpu:.1f} | {cpu / documents:.2f} "
                     f"| {peak:.0f} |")
    j1, j2 = med["local pool, -j 1"], med["local pool, -j 2"]
    d1, d2 = med["Dask LocalCluster, local:1"], med["Dask LocalCluster, local:2"]
    overhead1, overhead2 = d1[0] / j1[0] - 1, d2[0] / j2[0] - 1
    cpu_overhead2 = d2[2] / j2[2] - 1
    lines += ["",
              "| measure | value | target |", "| --- | ---: | --- |",
              f"| Dask over the local pool, 1 worker (wall) | {overhead1:+.1%} | ≤ +10 % : "
              f"{'met' if overhead1 <= 0.10 else '**missed**'} |",
              f"| Dask over the local pool, 2 workers (wall) | {overhead2:+.1%} | ≤ +10 % : "
              f"{'met' if overhead2 <= 0.10 else '**missed**'} |",
              f"| Dask over the local pool, 2 workers (CPU) | {cpu_overhead2:+.1%} | |",
              f"| local pool, 1 → 2 workers | {j1[0] / j2[0]:.2f} × | ≥ 1.7 × : "
              f"{'met' if j1[0] / j2[0] >= 1.7 else '**missed**'} |",
              f"| Dask LocalCluster, 1 → 2 workers | {d1[0] / d2[0]:.2f} × | ≥ 1.7 × : "
              f"{'met' if d1[0] / d2[0] >= 1.7 else '**missed**'} |",
              f"| scheduler: empty tasks submitted at once (`client.map`, {rate['tasks']}) | "
              f"{rate['map']:.0f} tasks/s | |",
              f"| scheduler: empty tasks as the build submits them, 4 in flight (2 workers) | "
              f"{rate['window']:.0f} tasks/s | |",
              f"| scheduler: empty tasks as the build submits them, 64 in flight (32 workers) | "
              f"{rate['window64']:.0f} tasks/s | |", ""]
    if per_task:
        lines += worker_cpu_lines(per_task)
    lines += estimate(j1[2] / documents, d1[2] - j1[2], rate)
    return "\n".join(lines) + "\n"


def worker_cpu_lines(per_task: dict) -> list[str]:
    pool = per_task["pool"][0]
    rows = [("a warm process, as the local pool's layout workers are (`build.warm_up`)", "pool"),
            ("a Dask worker with Dask's defaults (profiler, monitors; heap not frozen)", "defaults"),
            ("a Dask worker as the build runs it (heap frozen, Dask's periodic work eased)", "eased")]
    lines = ["## Where a Dask worker's CPU goes", "",
             f"The tasks of {per_task['documents']} documents (the first two of each language but the very "
             "first, every format), start-up excluded: CPU seconds a document of the process that runs "
             "them, and of the thread that runs them (on a worker, the rest is Dask's event loop).", "",
             "| where the tasks run | CPU s/document | of which the task's thread | over the pool |",
             "| --- | ---: | ---: | ---: |"]
    for label, key in rows:
        process, thread = per_task[key]
        lines.append(f"| {label} | {process:.2f} | {'' if thread is None else f'{thread:.2f}'} | "
                     f"{process / pool - 1:+.0%} |")
    lines += ["",
              "With Dask's defaults a worker's event loop wakes about 160 times a second (the statistical "
              "profiler every 10 ms, which walks the task's stack, deep in WeasyPrint's layout; the tick "
              "every 20 ms; the memory monitor every 100 ms) and takes the GIL from the task each time; "
              "and the collections (the full one after each task, those WeasyPrint's allocations "
              "trigger) walk the whole heap of Dask, WeasyPrint and the pipeline, which the pool's "
              "processes freeze before they fork. The build's worker plugin freezes it and eases that "
              "work while the build runs (`pipeline/cluster.py`: `EASED_CALLBACKS`), on any worker.", ""]
    return lines


def estimate(cpu_per_document: float, dask_fixed_cpu: float, rate: dict) -> list[str]:
    """Wall time and cost of rebuilding the archive on N machines, from the figures above.

    The work is the local pool's CPU per document (-j 1: no start-up shared with a second
    process); what Dask adds is a fixed cost per worker (its process start, imports and warm-up:
    ``dask_fixed_cpu``, local:1 minus -j 1, start-up of the scheduler included) and the
    scheduler's time per task (the empty-task rate)."""
    per_doc = cpu_per_document
    total_core_hours = ARCHIVE_DOCUMENTS * per_doc / 3600
    # Cores the scheduler can keep busy with one task per document: the build keeps 2 tasks per
    # worker in flight, so on many machines its rate is the rate with many in flight.
    limit = max(rate["map"], rate["window64"])
    limit_cores = limit * per_doc
    lines = ["## Estimate: rebuilding the 11,500-resolution archive", "",
             f"From the figures above: a document costs {cpu_per_document:.2f} s of CPU in every format "
             f"(the local pool at -j 1), so the archive is {ARCHIVE_DOCUMENTS:,} × {per_doc:.2f} s ≈ "
             f"{total_core_hours:.1f} core-hours. Dask adds a fixed cost, about {max(dask_fixed_cpu, 0):.1f} s "
             "of CPU for a LocalCluster of one worker here (local:1 minus -j 1: the scheduler, the worker "
             "process, its imports and warm-up), paid once per worker, and the scheduler's time per task "
             f"(1 / {max(rate['map'], rate['window64']):.0f} s, below). Machines of "
             f"{CORES_PER_MACHINE} cores (one single-threaded worker per core) at an assumed "
             f"USD {PRICE_PER_MACHINE_HOUR:.2f} an hour each; wall time = core-hours / cores, plus about "
             "a minute to start the workers; cost = machines × hours (billed by the second).", "",
             "| machines | cores | wall time | cost (USD) |", "| ---: | ---: | ---: | ---: |"]
    for machines in (1, 4, 16, 64, 256):
        cores = machines * CORES_PER_MACHINE
        busy = min(cores, limit_cores)
        hours = total_core_hours / busy + 1 / 60
        lines.append(f"| {machines} | {cores} | {format_hours(hours)} | {machines * hours * PRICE_PER_MACHINE_HOUR:.2f} |")
    lines += ["",
              f"The scheduler is not the limit below about {limit_cores:,.0f} cores: it hands out about "
              f"{limit:.0f} empty tasks a second with many in flight (measured above, on this machine "
              f"while it was shared), and each task keeps a core busy for {per_doc:.2f} s. Beyond that, "
              "more machines stop helping (the table caps the busy cores there); a document a task is "
              "then too fine, and a task should carry several documents. With few workers the build keeps "
              "only 2 tasks per worker in flight, and the round trip, not the scheduler, sets the pace of "
              "empty tasks (the 4-in-flight row); a real task lasts a second, so it is not felt. What else bounds it: the coordinator "
              "receives every output (about 1 MB a document in all formats: 11.5 GB for the archive, a "
              "few minutes on a 1 Gbit/s link) and writes each with an fsync; the shared cache (S3) takes "
              "two PUTs an output. The estimate assumes the archive's documents cost what the AKN4UN "
              "sample costs (resolutions of a few pages; long reports cost more) and that the workers "
              "are warmed once (WeasyPrint's import and fonts, a few seconds each).", ""]
    return lines


def format_hours(hours: float) -> str:
    return f"{hours:.1f} h" if hours >= 1 else f"{hours * 60:.0f} min"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.cluster", description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=1, help="runs per configuration (default 1: a run is minutes)")
    parser.add_argument("--files", type=int, default=None, metavar="N",
                        help="only the first N files of each language (default: all 108)")
    parser.add_argument("--record", action="store_true", help=f"also write the results to {RESULTS}")
    parser.add_argument("--worker-cpu", action="store_true",
                        help="only measure where a worker's CPU goes (a minute), and print it")
    args = parser.parse_args(argv)
    if args.worker_cpu:
        with tempfile.TemporaryDirectory(prefix="bench-cluster-") as tmp:
            print("\n".join(worker_cpu_lines(worker_cpu(sources(Path(tmp), 2)[0]))))
        return
    start_load = os.getloadavg()
    with tempfile.TemporaryDirectory(prefix="bench-cluster-") as tmp:
        work = Path(tmp)
        listing, documents = sources(work, args.files)
        figures: dict[str, list] = {name: [] for name, _, _ in CONFIGS}
        for run in range(args.runs):
            for name, config, _ in CONFIGS:
                print(f"run {run + 1}/{args.runs}: {name} …", file=sys.stderr)
                figures[name].append(build(listing, work, name.split(",")[0].replace(" ", "-") + config[-1],
                                           config))
                print(f"  {figures[name][-1][0]:.1f} s wall, {figures[name][-1][2]:.1f} s CPU", file=sys.stderr)
        print("scheduler: empty tasks …", file=sys.stderr)
        rate = scheduler_rate()
        print("a worker's CPU a document …", file=sys.stderr)
        per_task = worker_cpu(sources(work, 2)[0])
    text = report(args.runs, documents, figures, rate, start_load, per_task)
    text += f"\nRecorded {datetime.datetime.now(datetime.timezone.utc):%Y-%m-%d %H:%M} UTC.\n"
    print(text)
    if args.record:
        RESULTS.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
