"""Issue 19 in figures: memory per worker, cost against document length, what an edit rebuilds, the resident builder.

* **Batch memory**: a batch of 50 documents of the six languages (the shared corpus, each file
  copied under new symbols) built in every format at ``-j2``: the peak of the largest process.
* **Length**: the sample repeated 1×, 4× and 16× (its body again and again under one cover,
  paragraphs numbered on: 16, 59 and 233 pages), each writer timed in CPU seconds (which other
  processes on the machine move less) in a child process of its own per size, the sizes taken in
  turn round after round, medians and each round's figures; per page of the PDF; and the 16×
  document built in every format as a whole process at ``-j1``: its peak.
* **What a stylesheet edit rebuilds**: a copy of the package and of ``styles/`` builds two
  documents in every format, ``styles/html.css`` gets one more rule, and the same build runs
  again: the status of every output, counted by format.
* **The resident builder** (``build.ResidentBuilder``) against cold processes: the sample's HTML,
  issue 19's five formats (its target), DOCX alone and every format, after an edit of one
  paragraph; CPU seconds with pandoc's.
"""

from __future__ import annotations

import json
import re
import shutil
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "source" / "A_73_321-ZH.md"
FACTORS = (1, 4, 16)
#: ``python -m bench --quick``: the same measures on small inputs, to check that the benchmark runs.
QUICK = {"factors": (1, 2, 4), "batch": 6}
TARGETS = {"peak_mib": 400, "flat": 0.10, "resident_html": 0.1, "resident_all": 1.2}


# ------------------------------------------------------------------ documents

def scaled_sample(factor: int) -> str:
    """The sample's cover, then its body ``factor`` times, the paragraphs numbered on across copies."""
    lines = SAMPLE.read_text(encoding="utf-8").split("\n")
    start = next(i for i, line in enumerate(lines) if re.match(r"^一\. ", line))
    cover, body = lines[:start], lines[start:]
    numbers = [int(m[1]) for line in body if (m := re.match(r"^(\d+)\. ", line))]
    step = max(numbers) if numbers else 0
    out = list(cover)
    for copy in range(factor):
        out += [re.sub(r"^(\d+)\. ", lambda m: f"{int(m[1]) + copy * step}. ", line) for line in body]
    return "\n".join(out)


def write_scaled(folder: Path, factor: int) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"A_73_{321 + factor * 1000}-ZH.md"
    path.write_text(scaled_sample(factor), encoding="utf-8")
    return path


def batch_sources(folder: Path, corpus: Path, count: int = 50) -> tuple[Path, dict[str, int]]:
    """``count`` documents: the corpus's files in turn, each copy under a symbol of its own."""
    folder.mkdir(parents=True, exist_ok=True)
    texts = sorted(corpus.glob("*.txt")) if corpus.is_dir() else []
    if not texts:
        texts = [SAMPLE]
    languages: dict[str, int] = {}
    for i in range(count):
        text = texts[i % len(texts)]
        m = re.match(r"^([a-z]{2})_(.*)$", text.stem)
        lang, symbol = (m[1], m[2]) if m else ("zh", "A-73-321")
        (folder / f"{lang}_{symbol}-{i:03d}.txt").write_bytes(text.read_bytes())
        languages[lang] = languages.get(lang, 0) + 1
    return folder, languages


# ------------------------------------------------------------------ measures

#: One measure of :func:`writer_curve`, run as a child process: the sample ``factor`` times, each
#: writer timed in CPU seconds after a warm-up (imports, schema, fonts) and with the collector
#: set as a build's processes set it (``gc.freeze`` after the warm-up, ``build.GC_THRESHOLD``).
WRITER_CHILD = """
import gc, io, json, sys, time
import pikepdf
from bench import scale
from pipeline import build, read_source, write
from pipeline.diagnostics import Reporter
from pipeline.readers.text import ReadOptions
from pipeline.writers import WriteOptions
from pipeline.writers import epub as epub_writer

factor = int(sys.argv[1])
options = WriteOptions(target_language="en", source_date_epoch=0)
warm = read_source(scale.SAMPLE.read_bytes(), scale.SAMPLE.name, Reporter(), ReadOptions(source_date_epoch=0))
for fmt in ("akn", "html", "xliff", "pdf", "epub"):
    write(warm, fmt, options)
del warm
build.release_task_state()
gc.freeze()
gc.set_threshold(*build.GC_THRESHOLD)
data = scale.scaled_sample(factor).encode("utf-8")
times = {}

def timed(label, func):
    start = time.process_time()
    value = func()
    times[label] = time.process_time() - start
    return value

tree = timed("read", lambda: read_source(data, f"A_73_{321 + factor * 1000}-ZH.md", Reporter(),
                                         ReadOptions(source_date_epoch=0)))
for fmt in ("akn", "html", "xliff"):
    timed(fmt, lambda: write(tree, fmt, options))
pdf = timed("pdf", lambda: write(tree, "pdf", options))
page_map = timed("page map (after the PDF)", lambda: epub_writer.page_map(tree, options))
timed("epub (with the page map)", lambda: write(tree, "epub", WriteOptions(
    target_language="en", source_date_epoch=0, page_map=page_map)))
with pikepdf.open(io.BytesIO(pdf)) as doc:
    pages = len(doc.pages)
print(json.dumps({"factor": factor, "pages": pages, "characters": len(data.decode("utf-8")), "times": times}))
"""


def writer_curve(runs: int, factors: tuple[int, ...] = FACTORS) -> list[dict]:
    """Each writer on the 1×, 4× and 16× models: medians of ``runs`` rounds of CPU seconds.

    Each measure is a child process of its own (:data:`WRITER_CHILD`), so no size inherits the
    heap another left, and a round measures every size in turn (1×, 4×, 16×, then 16×, 4×, 1×
    in the next round), so a slower spell of a shared host falls on every size rather than on
    one.  The child's own CPU seconds of each writer are its figures (``time.process_time``,
    which other processes on the host barely move); ``RUSAGE_CHILDREN`` gives each child's
    total, warm-up included (``child``).  The marginal cost of a page is taken in every round
    as well as on the medians (:func:`marginal_costs`): the report shows how far rounds differ."""
    import json
    import resource
    import subprocess

    rounds: list[dict[int, dict]] = []
    for round_ in range(runs):
        measured: dict[int, dict] = {}
        for factor in (factors if round_ % 2 == 0 else tuple(reversed(factors))):
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            proc = subprocess.run([sys.executable, "-c", WRITER_CHILD, str(factor)], cwd=ROOT,
                                  capture_output=True, text=True, timeout=1800)
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            if proc.returncode != 0:
                raise SystemExit(f"the {factor}× measure failed:\n{proc.stderr}")
            row = json.loads(proc.stdout)
            row["child"] = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
            measured[factor] = row
        rounds.append(measured)
    rows = []
    for factor in factors:
        first = rounds[0][factor]
        labels = list(first["times"])
        rows.append({"factor": factor, "pages": first["pages"], "characters": first["characters"],
                     **{label: statistics.median(r[factor]["times"][label] for r in rounds) for label in labels},
                     "child": statistics.median(r[factor]["child"] for r in rounds),
                     "rounds": [{label: r[factor]["times"][label] for label in labels} for r in rounds]})
    return rows


#: The steps whose cost follows the pages: what the marginal cost of a page is made of.
LAYOUT_STEPS = ("pdf", "page map (after the PDF)", "epub (with the page map)")


def marginal_costs(rows: list[dict], totals: dict[int, float]) -> tuple[list[tuple[float, int, int]], float]:
    """The extra CPU seconds per extra page between consecutive sizes, and their spread
    (the largest over the smallest, minus one)."""
    rows = sorted(rows, key=lambda row: row["factor"])
    marginal = [((totals[b["factor"]] - totals[a["factor"]]) / max(b["pages"] - a["pages"], 1),
                 a["factor"], b["factor"]) for a, b in zip(rows, rows[1:])]
    return marginal, max(m for m, _, _ in marginal) / min(m for m, _, _ in marginal) - 1


def big_document(work: Path, run_process, pipeline, factor: int = 16) -> dict:
    """The 16× sample (about 200 pages) in every format, one process (-j1): wall, CPU, peak."""
    path = write_scaled(work / "big", factor)
    wall, peak, cpu = run_process(pipeline("build", path, "-o", work / "big-out", "--target-lang", "en",
                                           "-j", 1, "--force", "--cache-dir", work / "big-cache", "-q"))
    largest = _largest()
    import pikepdf
    with pikepdf.open(work / "big-out" / (path.name[:-3] + ".pdf")) as doc:
        pages = len(doc.pages)
    return {"wall": wall, "cpu": cpu, "peak": peak, "pages": pages, "factor": factor, "largest": largest}


def batch(work: Path, corpus: Path, run_process, pipeline, count: int = 50) -> dict:
    """50 documents of mixed languages, every format, -j2: wall, CPU, the largest process's peak."""
    folder, languages = batch_sources(work / "batch", corpus, count)
    wall, peak, cpu = run_process(pipeline("build", folder, "-o", work / "batch-out", "--target-lang", "en",
                                           "-j", 2, "--force", "--cache-dir", work / "batch-cache", "-q"))
    outputs = len([p for p in (work / "batch-out").iterdir() if p.name not in ("manifest.json", "SHA256SUMS")])
    return {"wall": wall, "cpu": cpu, "peak": peak, "documents": sum(languages.values()),
            "languages": languages, "outputs": outputs, "largest": _largest()}


def _largest() -> str:
    """The largest peak of each program in the last whole process run: "python 283, pandoc 173"."""
    from .run import LARGEST
    return ", ".join(f"{name} {mib:.0f}" for name, mib in list(LARGEST.items())[:3])


def css_edit(work: Path, corpus: Path, run_process) -> dict[str, dict[str, int]]:
    """Statuses by format of a rebuild after one rule is added to a copy of styles/html.css."""
    code = work / "code"
    shutil.copytree(ROOT / "pipeline", code / "pipeline", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(ROOT / "styles", code / "styles")
    src = work / "css-src"
    src.mkdir()
    shutil.copy(SAMPLE, src / SAMPLE.name)
    english = corpus / "en_A-RES-75-234.txt"
    if english.exists():
        shutil.copy(english, src / english.name)
    args = [sys.executable, "-m", "pipeline", "build", str(src), "-o", str(work / "css-out"), "--target-lang", "en",
            "--cache-dir", str(work / "css-cache"), "--json"]
    env = {"PYTHONPATH": str(code)}
    run_process(args, cwd=code, env=env)
    with open(code / "styles" / "html.css", "a", encoding="utf-8") as css:
        css.write("\n/* an edit */ p { hyphens: manual; }\n")
    out = work / "css-result.json"
    run_process(["sh", "-c", " ".join(f"'{a}'" for a in args) + f" > '{out}'"], cwd=code, env=env)
    counts: dict[str, dict[str, int]] = {}
    for row in json.loads(out.read_text())["outputs"]:
        by_status = counts.setdefault(row["format"], {})
        by_status[row["status"]] = by_status.get(row["status"], 0) + 1
    return counts


#: The formats of issue 19's resident target (< 1.2 s); DOCX (added since, through pandoc) is
#: reported on its own row, and with them all on another.
ISSUE_FORMATS = ("akn", "html", "pdf", "epub", "xliff")


def resident(runs: int, work: Path, run_process, pipeline) -> dict:
    """Edit → rebuilt bytes in a warm ResidentBuilder, against whole cold processes (``-j1``).

    Two resident builders run side by side, a round of each row in turn: the default one, whose
    layout worker lays out the PDF and EPUB while the resident process writes the other formats,
    and one laying out in its own process (``layout_workers=0``).  CPU seconds include the
    children's (pandoc, which the reader and the DOCX writer run) and the layout worker's up to
    its reply (read from ``/proc``: it is not waited for), as ``wait4`` counts every process of
    a cold build."""
    import os

    from pipeline import build, files
    from pipeline.writers import WRITERS, WriteOptions

    rows = {"HTML": ["html"], "issue": [f for f in ISSUE_FORMATS if f in WRITERS],
            "DOCX": [f for f in WRITERS if f == "docx"], "every": list(WRITERS)}
    rows = {label: formats for label, formats in rows.items() if formats}
    result: dict = {"formats": rows}
    for label, formats in rows.items():
        if label == "every":
            continue
        wall, _, cpu = _median(runs, lambda: run_process(pipeline(
            "build", SAMPLE, "-o", work / f"cold-{label}", "--to", ",".join(formats), "--target-lang", "en",
            "-j", 1, "--force", "--cache-dir", work / "cold-cache", "-q")))
        result[label] = {"cold": wall, "cold_cpu": cpu}
    options = WriteOptions(target_language="en", source_date_epoch=0)
    builders = {"worker": build.ResidentBuilder(options, lambda: files.environment(work / "resident-cache")),
                "solo": build.ResidentBuilder(options, lambda: files.environment(work / "resident-cache"),
                                              layout_workers=0)}
    start = time.perf_counter()
    builders["worker"].warm(list(WRITERS), {"zh"})
    result["warm"] = time.perf_counter() - start
    builders["solo"].warm(list(WRITERS), {"zh"})
    result["worker"] = builders["worker"].worker_pid is not None
    data = SAMPLE.read_bytes()
    edits = iter(range(10_000))

    def edited() -> build.Source:
        return build.Source(str(SAMPLE), SAMPLE.stem,
                            data.replace("南南合作".encode(), f"南南合作{next(edits)}".encode(), 1))

    def cpu_now(builder) -> tuple[float, float]:
        """CPU seconds so far of this process (its children included) and of the layout worker."""
        t = os.times()
        return t.user + t.system + t.children_user + t.children_system, _process_cpu(builder.worker_pid)

    for builder in builders.values():
        builder.build_all([edited()], list(WRITERS), ["en"])      # a warm-up edit
    for round_ in range(runs):
        for label, formats in rows.items():
            for kind in (("worker", "solo") if round_ % 2 == 0 else ("solo", "worker")):
                builder = builders[kind]
                source = edited()
                start, start_cpu = time.perf_counter(), cpu_now(builder)
                results = builder.build_all([source], formats, ["en"])
                row = result.setdefault(label, {})
                row.setdefault(f"{kind}_walls", []).append(time.perf_counter() - start)
                end_cpu = cpu_now(builder)
                here, worker = end_cpu[0] - start_cpu[0], end_cpu[1] - start_cpu[1]
                row.setdefault(f"{kind}_cpus", []).append(here + worker)
                # The longer of the two processes' shares: the rebuild's wall time on two idle cores.
                row.setdefault(f"{kind}_paths", []).append(max(here, worker))
                assert all(r.ok for _, r in results), [r.error for _, r in results]
                time.sleep(0.2)       # the worker's collection after its reply is not the next rebuild's
    for builder in builders.values():
        builder.close()
    for label in rows:
        row = result[label]
        for kind in builders:
            row[kind] = statistics.median(row.pop(f"{kind}_walls"))
            row[f"{kind}_cpu"] = statistics.median(row.pop(f"{kind}_cpus"))
            row[f"{kind}_path"] = statistics.median(row.pop(f"{kind}_paths"))
        row["resident"], row["resident_cpu"], row["resident_path"] = row["worker"], row["worker_cpu"], row["worker_path"]
    return result


def _process_cpu(pid: int | None) -> float:
    """User + system CPU seconds of a running process (0 without one), from ``/proc/PID/stat``."""
    if pid is None:
        return 0.0
    import os
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _median(runs: int, measure):
    from . import run
    if not run.QUICK:
        measure()
    results = [measure() for _ in range(runs)]
    return (statistics.median(r[0] for r in results), max(r[1] for r in results),
            statistics.median(r[2] for r in results))


# ------------------------------------------------------------------ report

def verdict(ok: bool) -> str:
    return "meets the target" if ok else "**misses the target**"


def report(curve: list[dict], big: dict, batch_result: dict, css: dict, res: dict, busy: bool = False) -> str:
    """``busy``: the load average exceeded the cores during the run, so wall times are upper bounds
    and the resident builder's verdicts are taken on CPU seconds (what the rebuild costs the machine)."""
    lines = ["## Issue 19: memory per worker, cost against length, what an edit rebuilds, the resident builder", ""]
    b = batch_result
    langs = ", ".join(f"{n} {lang}" for lang, n in sorted(b["languages"].items()))
    lines += ["Peak: the largest process of the build (each process's own high-water mark, `VmHWM`); "
              "the largest of each program in brackets (python: the build and its workers; pandoc: "
              "the reader's and the DOCX writer's runs).", "",
              "| measure | wall s | CPU s | peak MiB | target |", "| --- | ---: | ---: | ---: | --- |",
              f"| batch of {b['documents']} documents ({langs}), every format, -j2, cold: {b['outputs']} outputs "
              f"| {b['wall']:.1f} | {b['cpu']:.1f} | {b['peak']:.0f} ({b['largest']}) "
              f"| ≤ {TARGETS['peak_mib']} MiB per process: {verdict(b['peak'] <= TARGETS['peak_mib'])} |",
              f"| the sample {big['factor']}× ({big['pages']} pages), every format, -j1, cold | {big['wall']:.1f} | {big['cpu']:.1f} "
              f"| {big['peak']:.0f} ({big['largest']}) | ≤ {TARGETS['peak_mib']} MiB: {verdict(big['peak'] <= TARGETS['peak_mib'])} |",
              "", f"### Each writer against document length (CPU seconds, medians of {len(curve[0]['rounds'])} "
              "rounds; each measure a child process, every size in each round)", ""]
    labels = [k for k in curve[0] if k not in ("factor", "pages", "characters", "child", "rounds")]
    lines += ["| size | pages | " + " | ".join(labels) + " | PDF + page map + EPUB per page | child process CPU s |",
              "| --- | ---: | " + " | ".join("---:" for _ in labels) + " | ---: | ---: |"]
    per_page = {row["factor"]: sum(row[k] for k in LAYOUT_STEPS) / max(row["pages"], 1) for row in curve}
    for row in curve:
        lines.append(f"| {row['factor']}× | {row['pages']} | " + " | ".join(f"{row[k]:.3f}" for k in labels)
                     + f" | {per_page[row['factor']]:.3f} | {row['child']:.2f} |")
    # Linear cost is a + b·pages: the fixed part (a stylesheet to parse, fonts to subset) makes a
    # short document dearer per page, so flatness is judged on the marginal cost of a page, the
    # extra time per extra page from 1× to 4× and from 4× to 16×.
    marginal, spread = marginal_costs(curve, {row["factor"]: sum(row[k] for k in LAYOUT_STEPS) for row in curve})
    by_round = [marginal_costs(curve, {row["factor"]: sum(row["rounds"][i][k] for k in LAYOUT_STEPS) for row in curve})
                for i in range(len(curve[0]["rounds"]))]
    per_char = {row["factor"]: {k: row[k] / row["characters"] for k in labels} for row in curve}
    worst = max((per_char[curve[-1]["factor"]][k] / per_char[curve[0]["factor"]][k], k) for k in labels)
    lines += ["", "Marginal cost of a page of PDF + EPUB (medians): "
              + ", ".join(f"{m:.3f} s from {a}× to {b}×" for m, a, b in marginal)
              + f"; spread {spread:.0%} (target: flat within {TARGETS['flat']:.0%}: "
              f"{verdict(spread <= TARGETS['flat'])}). Round by round: "
              + "; ".join(", ".join(f"{m:.3f}" for m, _, _ in costs) + f" (spread {s:.0%})" for costs, s in by_round)
              + f". Per character, the step that grows most from {curve[0]['factor']}× to {curve[-1]['factor']}× is "
              f"{worst[1]} (× {worst[0]:.2f}; fixed costs make every step cheaper per character as it grows).", ""]
    lines += ["### A stylesheet edit (one rule added to `styles/html.css`), then the same build", "",
              "| format | built | up to date |", "| --- | ---: | ---: |"]
    for fmt in sorted(css):
        lines.append(f"| {fmt} | {css[fmt].get('built', 0)} | {css[fmt].get('up to date', 0)} |")
    rebuilt = {fmt for fmt, counts in css.items() if counts.get("built")}
    lines += ["", f"Rebuilt: {', '.join(sorted(rebuilt)) or 'nothing'} (target: only html, pdf, epub: "
              f"{verdict(rebuilt <= {'html', 'pdf', 'epub'} and 'akn' not in rebuilt)}).", ""]
    r = res
    basis = ("CPU s of the longer of the resident process and its layout worker, the machine being shared"
             if busy else "wall s")
    targets = {"HTML": TARGETS["resident_html"], "issue": TARGETS["resident_all"]}
    names = {"HTML": "HTML", "issue": "issue 19's formats ({})", "DOCX": "DOCX alone ({})",
             "every": "every format ({})"}
    lines += ["### The resident builder against a cold process (the sample, one paragraph edited)", "",
              "CPU seconds include pandoc's (the reader and the DOCX writer run it) and the layout "
              "worker's up to its reply. The resident builder (its default: "
              + ("a layout worker lays out the PDF and EPUB while the resident process writes the rest"
                 if r.get("worker") else "no layout worker, as on one core")
              + ") and one laying out in its own process were measured a round of each in turn; in brackets, "
              "the CPU seconds of the longer of the resident process's and the worker's shares (what the wall "
              "time is on two idle cores). The target "
              "is issue 19's, set before the DOCX writer existed: it applies to the HTML and to its five "
              "formats; DOCX is reported beside them, without a target.", "",
              "| rebuild | cold process: wall s | CPU s | resident: wall s | CPU s | one resident process: wall s "
              "| CPU s | target (resident) |",
              "| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |"]
    for label, formats in r["formats"].items():
        row = r[label]
        cold = (f"{row['cold']:.2f} | {row['cold_cpu']:.2f}" if "cold" in row else "| ")
        target = ""
        if label in targets:
            value = row["resident_path"] if busy else row["resident"]
            target = f"< {targets[label]} s ({basis}): {verdict(value < targets[label])}"
        lines.append(f"| {names[label].format(', '.join(formats))} | {cold} | {row['resident']:.3f} "
                     f"| {row['resident_cpu']:.3f} ({row['resident_path']:.3f}) | {row['solo']:.3f} | {row['solo_cpu']:.3f} "
                     f"| {target} |")
    lines += ["", f"Warming the resident builder (WeasyPrint, schema, pandoc, Chinese fonts): {r['warm']:.2f} s, once.",
              ""]
    return "\n".join(lines)
