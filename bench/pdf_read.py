"""Reading an official PDF (issue 13) against ``pdftotext -bbox-layout`` on the same file, whole processes.

Processes on each PDF: poppler's ``pdftotext -bbox-layout`` (positions, no fonts: the reference),
the pipeline's layout reading (PDFium text objects → pages of lines → the page normaliser → the
normalised text: what stands in for pdftotext), and ``pipeline check`` (the PDF read all the way
to a valid model: pandoc's inline reader, the transforms, the XSD).  Every resolution of
shared/realworld is read too, one process each, and summed.  The floor of any Python process,
``python -c pass``, is measured beside them: on a one-page PDF it alone costs more than poppler's
whole read.

Python runs as an installed package does, its modules compiled once (the warm-up run writes them
to a private ``PYTHONPYCACHEPREFIX``), not recompiled at each start because the environment sets
``PYTHONDONTWRITEBYTECODE``.

Memory: the peak RSS of streaming the first 2, 14 and all 56 pages of A/79/352 (one page of
PDFium objects at a time: it must not grow with the page count), and the peak of the layout
reading, which keeps the lines (the size of the document's text, as the model will).

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
#: The first N pages streamed and dropped: PDFium's own memory, page after page.
STREAM = ("import sys, itertools; from pipeline.readers.pdf import read_pages; p = sys.argv[1]; "
          "[None for page in itertools.islice(read_pages(open(p, 'rb').read(), p), int(sys.argv[2]))]")


def measure(runs: int, run_process, median_of) -> dict:
    """{"files": {file: {process: (wall s, peak MiB, CPU s)}}, "resolutions": {process: (…)},
    "floor": (…), "streamed": {pages: (…)}}."""
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
            }
        resolutions = sorted(PDFS.glob("A_RES_*.pdf"))
        totals = {"pdftotext -bbox-layout": [0.0, 0.0, 0.0], "layout reading": [0.0, 0.0, 0.0]}
        for path in resolutions:
            for process, result in (("pdftotext -bbox-layout", pdftotext(path)), ("layout reading", layout(path))):
                totals[process] = [totals[process][0] + result[0], max(totals[process][1], result[1]),
                                   totals[process][2] + result[2]]
        floor = median_of(runs, lambda: run_process([sys.executable, "-c", "pass"], env=env))
        streamed = {pages: median_of(runs, lambda: run_process(
            [sys.executable, "-c", STREAM, str(PDFS / BIG), str(pages)], env=env)) for pages in STREAMED_PAGES}
    return {"files": files, "resolutions": {k: tuple(v) for k, v in totals.items()}, "count": len(resolutions),
            "floor": floor, "streamed": streamed}


def report(results: dict) -> str:
    lines = ["## Reading official PDFs (issue 13)", "",
             "Whole processes, median wall and CPU seconds, peak RSS; the ratio is CPU time against "
             f"`pdftotext -bbox-layout` on the same file in the same run (target: layout reading ≤ {TARGET_RATIO:g}×).",
             "", "| file | process | wall s | CPU s | peak MiB | CPU ratio |", "| --- | --- | ---: | ---: | ---: | ---: |"]
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
    big = results["files"].get(BIG)
    if big:
        ratio = big["layout reading"][2] / (big["pdftotext -bbox-layout"][2] or 1e-9)
        lines += ["", f"Layout reading of {BIG}: {ratio:.2f}× pdftotext -bbox-layout "
                      f"({'within' if ratio <= TARGET_RATIO else 'OVER'} the {TARGET_RATIO:g}× target)."]
    ratio = res["layout reading"][2] / base
    lines.append(f"The {results['count']} resolutions: {ratio:.2f}× ({results['count']} Python start-ups "
                 f"alone: {results['count'] * cpu / base:.2f}×).")
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
