"""Reading an official PDF (issue 13) against ``pdftotext -bbox-layout`` on the same file, whole processes.

Three processes on each PDF: poppler's ``pdftotext -bbox-layout`` (positions, no fonts: the
reference), the pipeline's layout reading (PDFium text objects → pages of lines → the page
normaliser → the normalised text: what stands in for pdftotext), and ``pipeline check`` (the
PDF read all the way to a valid model: pandoc's inline reader, the transforms, the XSD).
Memory: the peak of streaming the pages alone (one page of PDFium objects at a time) on the
56-page A/79/352 against a 2-page resolution — it must not grow with the page count — and the
peak of the layout reading, which keeps the lines (the size of the document's text).

``python -m bench.pdf_read`` prints the table; ``bench/run.py`` adds it to RESULTS.md.
"""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PDFS = Path(os.environ.get("UN_SHARED_DIR") or ROOT.parent / "shared") / "realworld" / "pdf"
FILES = ("A_79_352.pdf", "S_2025_85.pdf", "A_RES_78_117.pdf")
TARGET_RATIO = 3.0

#: The layout reading in a process of its own: pages → normalised text, nothing else.
LAYOUT = ("import sys; from pipeline.readers.pdf import read_pages; from pipeline.readers.pages import "
          "PageNormaliser; from pipeline.diagnostics import Reporter; p = sys.argv[1]; "
          "PageNormaliser(p, Reporter(), True).run(read_pages(open(p, 'rb').read(), p))")
#: The pages streamed and dropped: PDFium's own memory, page after page.
STREAM = ("import sys; from pipeline.readers.pdf import read_pages; p = sys.argv[1]; "
          "[None for page in read_pages(open(p, 'rb').read(), p)]")


def measure(runs: int, run_process, median_of) -> dict:
    """{file: {reader: (wall s, peak MiB, CPU s)}} for the files of shared/realworld/pdf."""
    if not PDFS.is_dir():
        raise SystemExit(f"{PDFS} is missing: set UN_SHARED_DIR")
    if not shutil.which("pdftotext"):
        raise SystemExit("pdftotext (poppler-utils) is missing")
    env = {"PYTHONPATH": str(ROOT)}
    results: dict = {}
    for name in FILES:
        path = PDFS / name
        results[name] = {
            "pdftotext -bbox-layout": median_of(runs, lambda: run_process(
                ["pdftotext", "-bbox-layout", str(path), os.devnull])),
            "layout reading": median_of(runs, lambda: run_process(
                [sys.executable, "-c", LAYOUT, str(path)], env=env)),
            "pages streamed": median_of(runs, lambda: run_process(
                [sys.executable, "-c", STREAM, str(path)], env=env)),
            "pipeline check": median_of(runs, lambda: run_process(
                [sys.executable, "-m", "pipeline", "check", "-q", str(path)], env=env)),
        }
    return results


def report(results: dict) -> str:
    lines = ["## Reading official PDFs (issue 13)", "",
             "Whole processes, median wall and CPU seconds, peak RSS; the ratio is CPU time against "
             f"`pdftotext -bbox-layout` on the same file (target: layout reading ≤ {TARGET_RATIO:g}×).", "",
             "| file | process | wall s | CPU s | peak MiB | CPU ratio |", "| --- | --- | ---: | ---: | ---: | ---: |"]
    for name, readers in results.items():
        base = readers["pdftotext -bbox-layout"][2] or 1e-9
        for reader, (wall, peak, cpu) in readers.items():
            lines.append(f"| {name} | {reader} | {wall:.2f} | {cpu:.2f} | {peak:.0f} | {cpu / base:.1f}× |")
    big, small = results.get("A_79_352.pdf"), results.get("A_RES_78_117.pdf")
    if big and small:
        grow = big["pages streamed"][1] - small["pages streamed"][1]
        lines += ["", f"Streaming 56 pages against 2: peak RSS {big['pages streamed'][1]:.0f} MiB against "
                      f"{small['pages streamed'][1]:.0f} MiB ({grow:+.0f} MiB): the pages are read one at a time."]
        ratio = big["layout reading"][2] / (big["pdftotext -bbox-layout"][2] or 1e-9)
        lines.append(f"Layout reading of A/79/352: {ratio:.1f}× pdftotext -bbox-layout "
                     f"({'within' if ratio <= TARGET_RATIO else 'OVER'} the {TARGET_RATIO:g}× target).")
    return "\n".join(lines) + "\n"


def main() -> None:
    from .run import median_of, run_process
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 3
    print(report(measure(runs, run_process, median_of)))


if __name__ == "__main__":
    main()
