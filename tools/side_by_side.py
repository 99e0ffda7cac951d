"""Our PDF beside the UN's official one, page by page, as PNGs: for looking at the layout.

    python tools/side_by_side.py OFFICIAL.pdf SOURCE [-o DIR] [--dpi 50]

SOURCE is what the pipeline reads (the UN's AKN4UN XML of the same document, a text, a model);
it is built to PDF with this checkout's pipeline, then page ``n`` of both files is rendered
with Poppler (``pdftoppm``) and set side by side, official on the left, in ``DIR/page-NN.png``.
It prints, per file, the page count and, per page, the first paragraph number starting on it
(the facts styles/LAYOUT.md compares), so a difference is visible before opening the images.
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
import tempfile
from pathlib import Path


def build_pdf(source: Path, out: Path) -> Path:
    from pipeline import ReadOptions, Reporter, read_source, write
    from pipeline.writers import WriteOptions

    tree = read_source(source.read_bytes(), source.name, Reporter(), ReadOptions(source_date_epoch=0))
    pdf = out / (source.stem + ".ours.pdf")
    pdf.write_bytes(write(tree, "pdf", WriteOptions(source_date_epoch=0)))
    return pdf


def page_texts(pdf: Path) -> list[str]:
    text = subprocess.run(["pdftotext", "-enc", "UTF-8", "-layout", str(pdf), "-"], capture_output=True,
                          text=True, check=True).stdout
    pages = text.split("\f")
    return pages[:-1] if pages and not pages[-1].strip() else pages


def first_paragraphs(pdf: Path) -> list[str | None]:
    """The first operative paragraph number that starts a line of each page ("3." → "3")."""
    out = []
    for page in page_texts(pdf):
        m = re.search(r"^\s{0,12}(\d{1,3})\.\s{1,}\S", page, re.M)
        out.append(m.group(1) if m else None)
    return out


def render(pdf: Path, folder: Path, dpi: int) -> list[Path]:
    stem = folder / pdf.stem
    subprocess.run(["pdftoppm", "-r", str(dpi), "-png", str(pdf), str(stem)], check=True)
    return sorted(folder.glob(pdf.stem + "-*.png"))


def side_by_side(official: Path, ours: Path, out: Path, dpi: int) -> list[Path]:
    from PIL import Image

    with tempfile.TemporaryDirectory() as tmp:
        left, right = render(official, Path(tmp), dpi), render(ours, Path(tmp), dpi)
        written = []
        for n in range(max(len(left), len(right))):
            images = [Image.open(p).convert("RGB") if p else None for p in
                      (left[n] if n < len(left) else None, right[n] if n < len(right) else None)]
            width = sum(i.width if i else images[0 if images[0] else 1].width for i in images) + 20
            height = max(i.height for i in images if i)
            sheet = Image.new("RGB", (width, height), "#888888")
            x = 0
            for image in images:
                if image is not None:
                    sheet.paste(image, (x, 0))
                x += (image.width if image else sheet.width // 2) + 20
            path = out / f"page-{n + 1:02d}.png"
            sheet.save(path)
            written.append(path)
        return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("official", type=Path)
    parser.add_argument("source", type=Path)
    parser.add_argument("-o", "--out", type=Path, default=Path("side-by-side"))
    parser.add_argument("--dpi", type=int, default=50)
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    ours = build_pdf(args.source, args.out)
    for name, pdf in (("official", args.official), ("ours", ours)):
        firsts = first_paragraphs(pdf)
        print(f"{name}: {len(firsts)} pages; first paragraph per page: {firsts}")
    for path in side_by_side(args.official, ours, args.out, args.dpi):
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
