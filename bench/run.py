"""Time the pipeline's stages, a full build against WeasyPrint alone, corpus throughput, no-op rebuilds and peak memory."""

from __future__ import annotations

import argparse
import datetime
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "source" / "A_73_321-ZH.md"
CORPUS = Path(os.environ.get("UN_SHARED_DIR") or ROOT.parent / "shared") / "corpus"
RESULTS = Path(__file__).resolve().parent / "RESULTS.md"
EPOCH = "1533600000"

TARGETS = {"full_ratio": 1.3, "parallel_speedup": 1.7, "noop_ratio": 0.05, "peak_mib": 400}


def run_process(args: list[str], cwd: Path = ROOT, env: dict | None = None) -> tuple[float, float, float]:
    """Run a whole process: (wall seconds, peak MiB of its largest process, CPU seconds of the tree).

    The peak is each process's own high-water mark (``VmHWM`` in ``/proc/PID/status``), sampled
    every 20 ms for the process and every process it starts (its workers), and the largest is
    kept.  ``wait4``'s ``ru_maxrss`` would not do: a child started by fork, vfork or
    ``posix_spawn`` inherits the high-water mark of the process that started it (this benchmark,
    once it has built a 200-page document in process), so it measured the parent as much as the
    child.  CPU time (user + system, waited-for workers included, from ``wait4``) barely moves
    when other processes share the cores; wall time does.
    """
    environ = {**os.environ, "SOURCE_DATE_EPOCH": EPOCH, **(env or {})}
    start = time.perf_counter()
    proc = subprocess.Popen(args, cwd=cwd, env=environ, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    stderr: list[bytes] = []
    reader = threading.Thread(target=lambda: stderr.append(proc.stderr.read()), daemon=True)
    reader.start()
    tree = ProcessTree(proc.pid)
    while True:
        pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
        if pid:
            break
        tree.sample()
        time.sleep(0.02)
    seconds = time.perf_counter() - start
    LARGEST.clear()
    for kib, name in sorted(tree.peaks.values(), reverse=True):
        LARGEST.setdefault(name, kib / 1024)
    if os.environ.get("BENCH_PEAKS"):       # which process peaked: BENCH_PEAKS=1 python -m bench
        print(f"{' '.join(map(str, args[:6]))}: " + ", ".join(
            f"{name} {kib / 1024:.0f} MiB" for kib, name in sorted(tree.peaks.values(), reverse=True)[:4]),
            file=sys.stderr)
    proc.returncode = os.waitstatus_to_exitcode(status)
    reader.join()
    proc.stderr.close()
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(args)} failed ({proc.returncode}):\n{b''.join(stderr).decode(errors='replace')}")
    return seconds, tree.peak_kib / 1024, usage.ru_utime + usage.ru_stime


#: The last :func:`run_process`'s largest peak of each program (MiB by command name: python, pandoc).
LARGEST: dict[str, float] = {}


class ProcessTree:
    """The processes descending from ``root`` and the largest ``VmHWM`` seen among them (KiB)."""

    def __init__(self, root: int) -> None:
        self.members, self.others = {root}, set()
        self.peaks: dict[int, tuple[int, str]] = {}     # pid → (VmHWM KiB, command name)

    @property
    def peak_kib(self) -> int:
        return max((kib for kib, _ in self.peaks.values()), default=0)

    def sample(self) -> None:
        self._find_new()
        for pid in list(self.members):
            try:
                status = Path(f"/proc/{pid}/status").read_text()
            except OSError:          # exited
                continue
            fields = dict(line.split(":", 1) for line in status.splitlines() if ":" in line)
            if "VmHWM" in fields:                  # a zombie has none
                self.peaks[pid] = (int(fields["VmHWM"].split()[0]), fields["Name"].strip())

    def _find_new(self) -> None:
        """Classify the processes not seen before: a parent in the tree puts a process in it."""
        parents = {}
        for entry in os.listdir("/proc"):
            if not entry.isdigit() or int(entry) in self.members or int(entry) in self.others:
                continue
            try:
                stat = Path(f"/proc/{entry}/stat").read_text()
            except OSError:
                continue
            parents[int(entry)] = int(stat[stat.rindex(")") + 2:].split()[1])
        grew = True
        while grew:
            grew = False
            for pid, parent in list(parents.items()):
                if parent in self.members:
                    self.members.add(pid)
                    del parents[pid]
                    grew = True
        self.others.update(parents)


#: ``--quick``: no warm-up calls (the figures are not the benchmark's; only that it runs).
QUICK = False


def median_of(runs: int, measure) -> tuple[float, float, float]:
    """Median wall time, peak memory and median CPU time of ``runs`` calls after one warm-up call."""
    if not QUICK:
        measure()
    results = [measure() for _ in range(runs)]
    return (statistics.median(r[0] for r in results), max(r[1] for r in results),
            statistics.median(r[2] for r in results))


def pipeline(*args) -> list[str]:
    return [sys.executable, "-m", "pipeline", *map(str, args)]


# ---------------------------------------------------------------------- stages

def stages(runs: int) -> list[tuple[str, float]]:
    """Each stage in this process, on a fresh model each run (the PDF layout memo is per tree)."""
    from copy import deepcopy

    from pipeline import model, write
    from pipeline.diagnostics import Reporter
    from pipeline.readers.text import ReadOptions, read_report
    from pipeline.transforms import Context, run_transforms
    from pipeline.writers import WRITERS, WriteOptions

    data = SAMPLE.read_bytes()
    name = "source/" + SAMPLE.name
    options = WriteOptions(target_language="en", source_date_epoch=int(EPOCH))
    read_options = ReadOptions(source_date_epoch=int(EPOCH))
    # PDF before EPUB, as a build runs them (the EPUB writer reuses the PDF layout).
    formats = sorted(WRITERS, key=lambda f: {"pdf": 0, "epub": 1}.get(f, -1))
    times: dict[str, list[float]] = {}

    def timed(label, func):
        start = time.perf_counter()
        value = func()
        times.setdefault(label, []).append(time.perf_counter() - start)
        return value

    for i in range(runs + 1):
        reporter = Reporter()
        tree, text = timed("read", lambda: read_report(data, name, reporter, read_options))
        context = Context(reporter, text.name, text.lines, text.first_line, text.blocks)
        timed("transforms", lambda: run_transforms(tree, context))
        timed("validate", lambda: model.validate(tree))
        tree = deepcopy(tree)
        for fmt in formats:
            label = "write epub (after pdf: shared layout)" if fmt == "epub" and "pdf" in WRITERS \
                else f"write {fmt}"
            timed(label, lambda: write(tree, fmt, options))
        if i == 0:
            times.clear()    # the warm-up run: imports, font discovery
    import lxml.html
    import weasyprint

    from pipeline.writers import pdf
    html = lxml.html.tostring(pdf.print_document(tree, options), doctype="<!DOCTYPE html>", encoding="utf-8")
    label = "weasyprint alone on the PDF writer's HTML (in process)"
    times[label] = []
    for _ in range(runs):
        start = time.perf_counter()
        weasyprint.HTML(string=html.decode()).write_pdf(pdf_variant="pdf/ua-1")
        times[label].append(time.perf_counter() - start)
    return [(label, statistics.median(values)) for label, values in times.items()]


# ------------------------------------------------------- reading curve (issue 14)

def generated_report(size: int, shape: str) -> str:
    """A raw-text report of about ``size`` characters.  ``paragraphs``: numbered Chinese and English
    paragraphs with notes, symbols, links and emphasis; ``one paragraph``: all of it one line."""
    chinese = "发展中国家的南南合作，见 A/73/150 和 https://example.org/x。" * 20
    english = "The report notes progress in *several* areas, see [A/72/297](#) and resolution 70/1. " * 10
    parts, length, number = ["第七十三届会议\n\n南南合作情况\n\n"], 0, 0
    if shape == "one paragraph":
        body = (chinese + english) * (size // len(chinese + english) + 1)
        return parts[0] + "1. " + body[:size] + "。\n"
    while length < size:
        block = f"{number + 1}. {chinese}¹\n\n¹ 脚注。\n\n{number + 2}. {english}²\n\n² Note.\n\n"
        number += 2
        parts.append(block)
        length += len(block)
    return "".join(parts)


def reading_curve(runs: int, base: int = 125_000, factors: tuple[int, ...] = (1, 4, 16)) -> list[tuple[str, int, float]]:
    """Read, transform and validate generated reports of 1×, 4× and 16× ``base`` characters, in this
    process: (shape, characters, median seconds).  Linear cost keeps seconds per character flat;
    reading was quadratic in a paragraph's length (a 400 KB paragraph took 22 s)."""
    from pipeline import read_source
    from pipeline.diagnostics import Reporter
    from pipeline.readers.text import ReadOptions

    options = ReadOptions(source_date_epoch=int(EPOCH))
    read_source(generated_report(10_000, "paragraphs").encode(), "A_73_999-ZH.md", Reporter(), options)
    curve = []
    for shape in ("paragraphs", "one paragraph"):
        for factor in factors:
            data = generated_report(base * factor, shape).encode("utf-8")
            seconds = []
            for _ in range(runs if factor < max(factors) else 1):     # the largest (50 s of CPU): once
                start = time.perf_counter()
                read_source(data, "A_73_999-ZH.md", Reporter(), options)
                seconds.append(time.perf_counter() - start)
            curve.append((shape, len(data.decode("utf-8")), statistics.median(seconds)))
    return curve


def reading_curve_report(curve: list[tuple[str, int, float]]) -> str:
    lines = ["## Reading cost against document size (read, transforms, validation; in one process)", "",
             "Linear cost: the time per million characters stays flat from 1× to 16× (a quadratic step "
             "would make it grow 16-fold).", "",
             "| shape | characters | median s | s per million characters | × the time at 1× |",
             "| --- | ---: | ---: | ---: | ---: |"]
    first: dict[str, float] = {}
    for shape, chars, seconds in curve:
        first.setdefault(shape, seconds)
        lines.append(f"| {shape} | {chars:,} | {seconds:.2f} | {seconds / chars * 1e6:.2f} "
                     f"| {seconds / first[shape]:.1f} |")
    return "\n".join(lines + [""])


# ------------------------------------------------------------------ whole builds

def full_build(runs: int, work: Path) -> dict:
    out, cache = work / "full", work / "full-cache"
    build = pipeline("build", SAMPLE, "-o", out, "--target-lang", "en", "--force", "--cache-dir", cache, "-q")
    full, full_peak, full_cpu = median_of(runs, lambda: run_process(build))
    html = print_html(work)
    weasy = [sys.executable, "-m", "weasyprint", "-q", str(html), str(work / "weasyprint-alone.pdf")]
    alone, alone_peak, alone_cpu = median_of(runs, lambda: run_process(weasy))
    return {"full": full, "full_peak": full_peak, "full_cpu": full_cpu,
            "alone": alone, "alone_peak": alone_peak, "alone_cpu": alone_cpu}


PRINT_HTML = """
import sys, lxml.html
from pipeline import read_source
from pipeline.diagnostics import Reporter
from pipeline.writers import WriteOptions, pdf
tree = read_source(open(sys.argv[1], "rb").read(), sys.argv[1], Reporter())
page = pdf.print_document(tree, WriteOptions(source_date_epoch=int(sys.argv[3])))
open(sys.argv[2], "wb").write(lxml.html.tostring(page, doctype="<!DOCTYPE html>", encoding="utf-8"))
"""


def print_html(work: Path) -> Path:
    """The HTML the PDF writer hands WeasyPrint (``pdf.print_document``): the same input for both."""
    target = work / "print.html"
    run_process([sys.executable, "-c", PRINT_HTML, str(SAMPLE), str(target), EPOCH])
    return target


def corpus_sources(work: Path) -> tuple[Path, str]:
    """A folder of documents: the shared corpus when it builds in every format, else 8 copies of the sample."""
    folder = work / "corpus"
    folder.mkdir()
    texts = sorted(CORPUS.glob("*.txt")) if CORPUS.is_dir() else []
    for text in texts:
        shutil.copy(text, folder / text.name)
    why = "no readable shared corpus"
    if texts:
        try:
            run_process(pipeline("build", "-q", folder, "-o", work / "probe", "--target-lang", "en",
                                 "--cache-dir", work / "probe-cache"))
            return folder, f"{len(texts)} documents of the shared corpus"
        except SystemExit as exc:
            first = next((line for line in str(exc).splitlines()[1:] if line.strip()), "")
            why = f"the shared corpus does not build yet: {first.strip()}"
            for path in folder.iterdir():
                path.unlink()
    for i in range(8):
        shutil.copy(SAMPLE, folder / f"A_73_{321 + i}-ZH.md")
    return folder, f"8 copies of the sample ({why})"


def corpus(runs: int, work: Path) -> dict:
    folder, what = corpus_sources(work)
    documents = len(list(folder.iterdir()))
    result = {"what": what, "documents": documents}
    cold = {jobs: pipeline("build", folder, "-o", work / f"corpus-j{jobs}", "--target-lang", "en", "--force",
                           "--cache-dir", work / f"cache-j{jobs}", "-j", jobs, "-q") for jobs in (1, 2)}
    # -j1 and -j2 in turn, round after round (-j2 first in every other round): a slower spell of
    # a shared host falls on both, and the speed-up is also taken round by round.
    if not QUICK:
        for jobs in (1, 2):
            run_process(cold[jobs])
    measured: dict[int, list] = {1: [], 2: []}
    for round_ in range(runs):
        for jobs in ((1, 2) if round_ % 2 == 0 else (2, 1)):
            measured[jobs].append(run_process(cold[jobs]))
    for jobs, results in measured.items():
        result[f"j{jobs}"] = statistics.median(r[0] for r in results)
        result[f"j{jobs}_peak"] = max(r[1] for r in results)
        result[f"j{jobs}_cpu"] = statistics.median(r[2] for r in results)
    result["speedups"] = [one[0] / two[0] for one, two in zip(measured[1], measured[2])]
    noop = pipeline("build", folder, "-o", work / "corpus-j2", "--target-lang", "en", "--cache-dir",
                    work / "cache-j2", "-j", 2, "-q")
    result["noop"], result["noop_peak"], result["noop_cpu"] = median_of(runs, lambda: run_process(noop))
    return result


# ----------------------------------------------------------------------- report

def machine(start_load: tuple[float, float, float], seconds: float | None = None) -> list[str]:
    cpu = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    import importlib.metadata
    end_load = os.getloadavg()
    busy = max(start_load[0], end_load[0]) > (os.cpu_count() or 1)
    shared = (f" (above the {os.cpu_count()} cores: other processes shared them, wall times are then "
              "upper bounds)" if busy else f" (below the {os.cpu_count()} cores)")
    return [f"- date: {datetime.datetime.now(datetime.timezone.utc):%Y-%m-%d %H:%M} UTC",
            f"- machine: {os.cpu_count()} cores (nproc {len(os.sched_getaffinity(0))}), {cpu}, "
            f"{platform.system()} {platform.release()}",
            f"- Python {platform.python_version()}, WeasyPrint {importlib.metadata.version('weasyprint')}",
            "- load average (1, 5, 15 min) at the start: " + ", ".join(f"{x:.2f}" for x in start_load)
            + "; at the end: " + ", ".join(f"{x:.2f}" for x in end_load) + shared,
            *([f"- the whole run took {seconds / 60:.1f} min"] if seconds is not None else [])]


def verdict(ok: bool) -> str:
    return "meets the target" if ok else "**misses the target**"


def report(runs: int, stage_times, full, corpus_result, start_load, seconds: float | None = None) -> str:
    how = ("`python -m bench --quick`: one run of each measure on small inputs, no warm-up run (a check "
           "that the benchmark runs, not its figures)." if QUICK else
           f"`python -m bench --runs {runs}`: medians of {runs} runs after one warm-up run.")
    lines = ["# Benchmark results", "", how, "", *machine(start_load, seconds), "",
             "## Stages, in one process, on the sample (`source/A_73_321-ZH.md`)", "",
             "| stage | median s |", "| --- | ---: |"]
    lines += [f"| {label} | {seconds:.3f} |" for label, seconds in stage_times]
    ratio = full["full"] / full["alone"]
    cpu_ratio = full["full_cpu"] / full["alone_cpu"]
    c = corpus_result
    speedup = c["j1"] / c["j2"]
    noop_ratio = c["noop"] / c["j2"]
    peak = max(full["full_peak"], c["j1_peak"], c["j2_peak"], c["noop_peak"])
    lines += ["", "## Whole processes", "",
              "Wall time is what the targets are about; CPU time (user + system, workers included) is the "
              "figure to trust when the load average above says other processes shared the cores.", "",
              "| measure | wall s | CPU s | peak MiB | ratio | target |",
              "| --- | ---: | ---: | ---: | --- | --- |",
              f"| full build of the sample, every format (`pipeline build`, default -j) | {full['full']:.2f} "
              f"| {full['full_cpu']:.2f} | {full['full_peak']:.0f} | {ratio:.2f} × WeasyPrint alone (CPU: "
              f"{cpu_ratio:.2f} ×) | ≤ {TARGETS['full_ratio']} × : {verdict(ratio <= TARGETS['full_ratio'])} |",
              f"| `weasyprint` alone on the same HTML (the PDF writer's `print_document`) | {full['alone']:.2f} "
              f"| {full['alone_cpu']:.2f} "
              f"| {full['alone_peak']:.0f} | 1 | |",
              f"| corpus ({c['what']}), every format, cold, -j1 | {c['j1']:.2f} | {c['j1_cpu']:.2f} "
              f"| {c['j1_peak']:.0f} | {c['documents'] / c['j1'] * 60:.1f} documents/min | |",
              f"| corpus, cold, -j2 | {c['j2']:.2f} | {c['j2_cpu']:.2f} | {c['j2_peak']:.0f} "
              f"| {speedup:.2f} × the throughput of -j1 (round by round: "
              + ", ".join(f"{x:.2f}" for x in c["speedups"]) + ") "
              f"| ≥ {TARGETS['parallel_speedup']} × : {verdict(speedup >= TARGETS['parallel_speedup'])} |",
              f"| corpus, no-op rebuild, -j2 | {c['noop']:.2f} | {c['noop_cpu']:.2f} | {c['noop_peak']:.0f} "
              f"| {noop_ratio:.1%} of cold | ≤ {TARGETS['noop_ratio']:.0%} : "
              f"{verdict(noop_ratio <= TARGETS['noop_ratio'])} |",
              "", f"Peak memory of any process in any run: {peak:.0f} MiB (target ≤ {TARGETS['peak_mib']} MiB: "
              f"{verdict(peak <= TARGETS['peak_mib'])}).", ""]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("--runs", type=int, default=3, help="runs per measure, after one warm-up (default 3)")
    parser.add_argument("--record", action="store_true", help=f"also write the table to {RESULTS}")
    parser.add_argument("--quick", action="store_true",
                        help="every measure once on small inputs (batch of 6, sizes up to 4×): checks that the "
                             "benchmark runs, in a few minutes; its figures are not the benchmark's")
    args = parser.parse_args(argv)
    if args.quick and args.record:
        parser.error("--quick figures are not recorded")
    if args.quick:
        global QUICK
        args.runs, QUICK = 1, True
    if not SAMPLE.exists():
        raise SystemExit(f"{SAMPLE} is missing: run the benchmark from a checkout")
    start_load, started = os.getloadavg(), time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="bench-") as tmp:
        work = Path(tmp)
        print("full build against WeasyPrint alone …", file=sys.stderr)
        full = full_build(args.runs, work)
        print("corpus at -j1, -j2, no-op …", file=sys.stderr)
        corpus_result = corpus(args.runs, work)
        from . import scale
        print("batch of 50 documents, the sample 16×, a stylesheet edit …", file=sys.stderr)
        size = scale.QUICK if args.quick else {"factors": scale.FACTORS, "batch": 50}
        batch_result = scale.batch(work, CORPUS, run_process, pipeline, size["batch"])
        big = scale.big_document(work, run_process, pipeline, max(size["factors"]))
        css = scale.css_edit(work, CORPUS, run_process)
        print("stages …", file=sys.stderr)
        stage_times = stages(args.runs)
        print("live preview: edit → preview …", file=sys.stderr)
        from .preview import edit_to_preview, report as preview_report
        preview = edit_to_preview(args.runs, work)
        print("reading at 1×, 4×, 16× …", file=sys.stderr)
        curve = reading_curve(args.runs, 20_000 if args.quick else 125_000, size["factors"])
        print("each writer at 1×, 4×, 16×; the resident builder …", file=sys.stderr)
        writers = scale.writer_curve(args.runs, size["factors"])
        resident = scale.resident(args.runs, work, run_process, pipeline)
        from . import pdf_read
        print("reading official PDFs against pdftotext -bbox-layout …", file=sys.stderr)
        pdfs = pdf_read.report(pdf_read.measure(args.runs, run_process, median_of))
    text = (report(args.runs, stage_times, full, corpus_result, start_load, time.perf_counter() - started)
            + preview_report(preview)
            + "\n" + reading_curve_report(curve) + "\n" + scale.report(writers, big, batch_result, css, resident,
                                                             busy=max(start_load[0], os.getloadavg()[0]) > (os.cpu_count() or 1))
            + "\n" + pdfs)
    print(text)
    if args.record:
        RESULTS.write_text(text, encoding="utf-8")
