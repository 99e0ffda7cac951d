"""Reading an official PDF (issue 13) against ``pdftotext -bbox-layout`` on the same file, whole processes.

The issue's measure, and this benchmark's verdict: the user's whole process — ``pipeline check
X.pdf`` and ``pipeline build X.pdf --to akn``, the PDF read all the way to a valid model
(PDFium, the page normaliser, the structure rules, the transforms, the AKN XSD) — costs at most
3× the CPU time of poppler's ``pdftotext -bbox-layout`` (positions, no fonts) on the same file.
Beside it, the layout reading alone (PDFium text objects → pages of lines → the page normaliser
→ the normalised text: what stands in for pdftotext), and the fixed costs every such process
pays whatever the file: Python's own start (``python -c pass``), the floor of the chosen stack
(``STACK``: Python, lxml imported and PDFium loaded, none of the pipeline's code), parsing the AKN schema
(``model.load_schema``: a process that imports ``pipeline.model`` and parses it, less one that
only imports it; that is the schema restricted to the common elements, ``model.restrict_schema``,
and the whole schema, parsed only for a document outside them, is shown beside it), and the
start-up of a process reading a PDF (``START_UP``: Python, the modules ``pipeline check`` imports
to read a PDF, the schema, PDFium loaded; no file read).  Where that start-up alone costs more
than the target allows (a one-page PDF, which poppler reads in about 0.01 s), the target is out of
reach for that file whatever the reading costs: the verdict says so, with its figures and the
stack's floor beside them.
Every resolution of shared/realworld is read too, one process each, and summed.

Python runs as an installed package does, its modules compiled once (the warm-up run writes them
to a private ``PYTHONPYCACHEPREFIX``), not recompiled at each start because the environment sets
``PYTHONDONTWRITEBYTECODE``.

Memory: the peak RSS of streaming the first 2, 14 and all 56 pages of A/79/352 (one page of
PDFium objects at a time: it must not grow with the page count), and the peak of each process.

``python -m bench.pdf_read [RUNS]`` prints the table; ``bench/run.py`` adds it to RESULTS.md.
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PDFS = Path(os.environ.get("UN_SHARED_DIR") or ROOT.parent / "shared") / "realworld" / "pdf"
FILES = ("A_79_352.pdf", "S_2025_85.pdf", "A_RES_78_128.pdf", "A_RES_78_117.pdf")
BIG = "A_79_352.pdf"
STREAMED_PAGES = (2, 14, 56)
TARGET_RATIO = 3.0

#: The layout reading in a process of its own: pages → normalised text, nothing else.
LAYOUT = ("import sys; from pipeline.readers.pdf import read_pages; from pipeline.readers.pages import "
          "PageNormaliser; from pipeline.diagnostics import Reporter; p = sys.argv[1]; "
          "PageNormaliser(p, Reporter(), True).run(read_pages(open(p, 'rb').read(), p))")
#: The model module imported, then also the AKN schema parsed: the difference is the parse, which
#: every validating process pays.
MODEL = "from pipeline import model"
SCHEMA = MODEL + "; model.load_schema()"
WHOLE_SCHEMA = MODEL + "; model._schema(str(model.schema_path()))"
#: The floor of the chosen stack, whatever the pipeline's code: Python started, lxml imported,
#: PDFium's library loaded (found as ``readers.pdf`` finds it) and initialised.
STACK = ("import ctypes, importlib.util, pathlib, lxml.etree; folder = pathlib.Path(next(iter(importlib.util."
         "find_spec('pypdfium2_raw').submodule_search_locations))); library = ctypes.CDLL(str(next(p for p in "
         "sorted(folder.iterdir()) if p.name in ('libpdfium.so', 'libpdfium.dylib', 'pdfium.dll')))); "
         "library.FPDF_InitLibrary()")
#: What every ``pipeline check X.pdf`` process does before reading its file.
START_UP = ("import pipeline.cli, pipeline.transforms; from pipeline import model; from pipeline.readers import "
            "pdf, pages; model.load_schema(); pdf._pdfium()")
#: The first N pages streamed and dropped: PDFium's own memory, page after page.
STREAM = ("import sys, itertools; from pipeline.readers.pdf import read_pages; p = sys.argv[1]; "
          "[None for page in itertools.islice(read_pages(open(p, 'rb').read(), p), int(sys.argv[2]))]")


def measure(runs: int, run_process, median_of) -> dict:
    """{"files": {file: {process: (wall s, peak MiB, CPU s)}}, "resolutions": {process: (…)},
    "floor": (…), "lxml": (…), "stack": (…), "model": (…), "schema": (…), "whole schema": (…),
    "start-up": (…), "streamed": {pages: (…)}}."""
    if not PDFS.is_dir():
        raise SystemExit(f"{PDFS} is missing: set UN_SHARED_DIR")
    if not shutil.which("pdftotext"):
        raise SystemExit("pdftotext (poppler-utils) is missing")
    with tempfile.TemporaryDirectory(prefix="pdf-read-pycache-") as cache:
        env = {"PYTHONPATH": str(ROOT), "PYTHONPYCACHEPREFIX": cache, "PYTHONDONTWRITEBYTECODE": ""}

        def pdftotext(path):
            return median_of(runs, lambda: run_process(["pdftotext", "-bbox-layout", str(path), os.devnull]))

        def layout(path):
            return median_of(runs, lambda: run_process([sys.executable, "-c", LAYOUT, str(path)], env=env))

        files = {}
        for name in FILES:
            path = PDFS / name
            files[name] = {
                "pdftotext -bbox-layout": pdftotext(path),
                "layout reading": layout(path),
                "pipeline check": median_of(runs, lambda: run_process(
                    [sys.executable, "-m", "pipeline", "check", "-q", str(path)], env=env)),
                "pipeline build --to akn": median_of(runs, lambda: run_process(
                    [sys.executable, "-m", "pipeline", "build", "-q", "--force", "--to", "akn", "-o",
                     str(Path(cache) / "out"), "--cache-dir", str(Path(cache) / "build-cache"), str(path)],
                    env=env)),
            }
        resolutions = sorted(PDFS.glob("A_RES_*.pdf"))
        totals = {"pdftotext -bbox-layout": [0.0, 0.0, 0.0], "layout reading": [0.0, 0.0, 0.0]}
        for path in resolutions:
            for process, result in (("pdftotext -bbox-layout", pdftotext(path)), ("layout reading", layout(path))):
                totals[process] = [totals[process][0] + result[0], max(totals[process][1], result[1]),
                                   totals[process][2] + result[2]]
        floor = median_of(runs, lambda: run_process([sys.executable, "-c", "pass"], env=env))
        lxml = median_of(runs, lambda: run_process([sys.executable, "-c", "import lxml.etree"], env=env))
        stack = median_of(runs, lambda: run_process([sys.executable, "-c", STACK], env=env))
        imported = median_of(runs, lambda: run_process([sys.executable, "-c", MODEL], env=env))
        schema = median_of(runs, lambda: run_process([sys.executable, "-c", SCHEMA], env=env))
        whole_schema = median_of(runs, lambda: run_process([sys.executable, "-c", WHOLE_SCHEMA], env=env))
        start_up = median_of(runs, lambda: run_process([sys.executable, "-c", START_UP], env=env))
        streamed = {pages: median_of(runs, lambda: run_process(
            [sys.executable, "-c", STREAM, str(PDFS / BIG), str(pages)], env=env)) for pages in STREAMED_PAGES}
    return {"files": files, "resolutions": {k: tuple(v) for k, v in totals.items()}, "count": len(resolutions),
            "floor": floor, "lxml": lxml, "stack": stack, "model": imported, "schema": schema,
            "whole schema": whole_schema, "start-up": start_up, "streamed": streamed}


WHOLE = ("pipeline check", "pipeline build --to akn")


def report(results: dict) -> str:
    floor_cpu = results["floor"][2]
    schema_cpu = max(results["schema"][2] - results["model"][2], 0.0)
    whole_cpu = max(results["whole schema"][2] - results["model"][2], 0.0)
    start_cpu = results["start-up"][2]
    stack_cpu = results["stack"][2]
    lines = ["## Reading official PDFs (issue 13)", "",
             f"The verdict is the issue's measure: the whole process (`pipeline check`, `pipeline build --to akn`) "
             f"against the reference, `pdftotext -bbox-layout` on the same file in the same run, median CPU "
             f"seconds (target ≤ {TARGET_RATIO:g}×). The layout reading alone stands beside it; the fixed costs "
             f"of any such process are Python's start ({floor_cpu:.3f} s), the chosen stack's floor (Python, "
             f"lxml imported, PDFium loaded, none of the pipeline's code: {stack_cpu:.3f} s) and the AKN schema "
             f"({schema_cpu:.3f} s, "
             f"restricted to the common elements; the whole schema, parsed only for a document using others: "
             f"{whole_cpu:.3f} s), and the start-up of a process reading a PDF, all of them and the imports, no "
             f"file read: {start_cpu:.3f} s.",
             "", "| file | pdftotext CPU s | check CPU s | ratio | build --to akn CPU s | ratio | layout reading CPU s "
             "| ratio | start-up alone | verdict |",
             "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |"]
    out_of_reach = []
    for name, readers in results["files"].items():
        base = readers["pdftotext -bbox-layout"][2] or 1e-9
        worst = max(readers[p][2] for p in WHOLE) / base
        cells = [f"{readers[p][2]:.2f} | {readers[p][2] / base:.1f}×" for p in (*WHOLE, "layout reading")]
        if worst <= TARGET_RATIO:
            verdict = "met"
        elif start_cpu > TARGET_RATIO * base:
            verdict = "OVER: out of reach (start-up alone is over the target)"
            out_of_reach.append(f"{name} (pdftotext {base:.3f} s, so {TARGET_RATIO:g}× is {TARGET_RATIO * base:.3f} s; "
                                f"start-up alone {start_cpu:.3f} s = {start_cpu / base:.1f}×; the floor of the "
                                f"stack, Python + lxml + PDFium with none of the pipeline's code, {stack_cpu:.3f} s = "
                                f"{stack_cpu / base:.1f}×; Python's own start {floor_cpu:.3f} s = "
                                f"{floor_cpu / base:.1f}×)")
        else:
            verdict = "OVER"
        lines.append(f"| {name} | {base:.2f} | {' | '.join(cells)} | {start_cpu / base:.1f}× | {verdict} |")
    lines += ["", "Each process: median wall and CPU seconds, peak RSS of its largest process; the ratio is CPU "
                  "time against `pdftotext -bbox-layout` on the same file in the same run.", "",
              "| file | process | wall s | CPU s | peak MiB | CPU ratio |", "| --- | --- | ---: | ---: | ---: | ---: |"]
    for name, readers in results["files"].items():
        base = readers["pdftotext -bbox-layout"][2] or 1e-9
        for reader, (wall, peak, cpu) in readers.items():
            lines.append(f"| {name} | {reader} | {wall:.2f} | {cpu:.2f} | {peak:.0f} | {cpu / base:.1f}× |")
    res = results["resolutions"]
    base = res["pdftotext -bbox-layout"][2] or 1e-9
    for reader, (wall, peak, cpu) in res.items():
        lines.append(f"| {results['count']} resolutions, a process each (sum) | {reader} | {wall:.2f} | {cpu:.2f} "
                     f"| {peak:.0f} | {cpu / base:.1f}× |")
    wall, peak, cpu = results["floor"]
    lines.append(f"| – | python -c pass | {wall:.2f} | {cpu:.3f} | {peak:.0f} | |")
    for key, label in (("lxml", "python -c \"import lxml.etree\""),
                       ("stack", "python: the stack's floor (lxml imported, PDFium loaded and initialised)"),
                       ("model", "python: import pipeline.model"),
                       ("schema", "python: … and parse the AKN schema (restricted to the common elements)"),
                       ("whole schema", "python: … or parse the whole AKN schema"),
                       ("start-up", "python: start-up of `pipeline check X.pdf` (imports, schema, PDFium), no file")):
        wall, peak, cpu = results[key]
        lines.append(f"| – | {label} | {wall:.2f} | {cpu:.3f} | {peak:.0f} | |")
    met = [name for name, readers in results["files"].items()
           if max(readers[p][2] for p in WHOLE) <= TARGET_RATIO * (readers["pdftotext -bbox-layout"][2] or 1e-9)]
    lines += ["", f"Whole process within {TARGET_RATIO:g}× pdftotext -bbox-layout: {len(met)} of "
                  f"{len(results['files'])} files ({', '.join(met) or 'none'})."]
    if out_of_reach:
        lines.append("Out of reach whatever the reading costs, because the start-up of the process alone is over "
                     f"{TARGET_RATIO:g}× poppler's whole read: " + "; ".join(out_of_reach) + ".")
    ratio = res["layout reading"][2] / base
    lines.append(f"The {results['count']} resolutions, layout reading: {ratio:.2f}× ({results['count']} Python "
                 f"start-ups alone: {results['count'] * floor_cpu / base:.2f}×).")
    streamed = results["streamed"]
    lines.append(f"Streaming the pages of {BIG} (one pass, one page of PDFium objects at a time), peak RSS: " +
                 ", ".join(f"{pages} pages {peak:.0f} MiB" for pages, (_, peak, _) in streamed.items()) + ".")
    return "\n".join(lines) + "\n"


def main() -> None:
    from .run import median_of, run_process
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 3
    print(report(measure(runs, run_process, median_of)))


if __name__ == "__main__":
    main()
