"""Our PDF beside the UN's official one, page by page, as PNGs and as figures: for the layout.

    python tools/side_by_side.py OFFICIAL.pdf SOURCE [-o DIR] [--dpi 50] [--page-size letter]

SOURCE is what the pipeline reads (the UN's AKN4UN XML of the same document, a text, a model);
it is built to PDF with this checkout's pipeline on the official file's page size, then page
``n`` of both files is rendered with Poppler (``pdftoppm``) and set side by side, official on
the left, in ``DIR/page-NN.png``.  It prints what styles/LAYOUT.md compares (``compare``): the
page counts, the masthead lines found on page 1 of each, the index of the first paragraph
starting on each page, and the page of each note, so a difference shows before the images.
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
import tempfile
import unicodedata
from pathlib import Path


def read(source: Path):
    from pipeline import ReadOptions, Reporter, read_source

    return read_source(source.read_bytes(), source.name, Reporter(), ReadOptions(source_date_epoch=0))


def page_size_of(pdf: Path) -> str:
    """The CSS page size of the first page of ``pdf`` ("612pt 792pt")."""
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    m = re.search(r"Page size:\s+([\d.]+) x ([\d.]+) pts", info)
    return f"{float(m.group(1)):.0f}pt {float(m.group(2)):.0f}pt" if m else "A4"


def build_pdf(tree, out: Path, name: str, page_size: str) -> Path:
    from pipeline import write
    from pipeline.writers import WriteOptions

    pdf = out / (name + ".ours.pdf")
    pdf.write_bytes(write(tree, "pdf", WriteOptions(source_date_epoch=0, page_size=page_size)))
    return pdf


def page_texts(pdf: Path) -> list[str]:
    """Each page's text (Poppler's reading order), NFKC, one space for any run of white space."""
    text = subprocess.run(["pdftotext", "-enc", "UTF-8", str(pdf), "-"], capture_output=True,
                          text=True, check=True).stdout
    pages = text.split("\f")
    if pages and not pages[-1].strip():
        pages.pop()
    return [" ".join(unicodedata.normalize("NFKC", p).split()) for p in pages]


_LABEL = re.compile(r"^(?:\d+\.|\([a-z]+\)|[a-z]\)|[A-Z]\.)$")


def _opening(text: str, words: int) -> str | None:
    tokens = unicodedata.normalize("NFKC", text).split()
    if tokens and _LABEL.match(tokens[0]):
        tokens = tokens[1:]
    return " ".join(tokens[:words]) if len(tokens) >= 3 else None


def pages_of(pages: list[str], openings: list[str | None]) -> list[int | None]:
    """The page (0-based) where each opening is found, searching in order from the last one found."""
    starts, total = [], 0
    for page in pages:
        starts.append(total)
        total += len(page) + 1
    text = " ".join(pages)
    out: list[int | None] = []
    pos = 0
    for opening in openings:
        at = text.find(opening, pos) if opening else -1
        if at < 0:
            out.append(None)
            continue
        pos = at + 1
        out.append(max(i for i, s in enumerate(starts) if s <= at))
    return out


def compare(official: Path, ours: Path, tree) -> dict:
    """What styles/LAYOUT.md holds our PDF to, against the official one: masthead lines on page
    1, page counts, the first paragraph starting each page (index in the model's order) and
    the page of each note (found by its opening words, in order)."""
    from pipeline import model

    doc = model.document_element(tree)
    masthead = [" ".join(model.flow_text(p).split()) for p in
                model.xpath(doc, "a:coverPage/a:container[@name='masthead']/a:p")]
    masthead = [m for m in masthead if m]
    paragraphs = model.xpath(doc, ".//a:container[@name='preambularParagraph'] | .//a:paragraph"
                                  "[not(ancestor::a:paragraph)]")
    para_openings = [_opening(model.flow_text(p), 6) for p in paragraphs]
    notes = model.xpath(doc, ".//a:authorialNote")
    note_openings = [_opening(model.flow_text(n), 5) for n in notes]
    result: dict = {"paragraphs": len(paragraphs), "notes": len(notes)}
    for name, pdf in (("official", official), ("ours", ours)):
        pages = page_texts(pdf)
        para_pages = pages_of(pages, para_openings)
        first = []
        for n in range(len(pages)):
            on = [i for i, p in enumerate(para_pages) if p == n]
            first.append(min(on) if on else None)
        result[name] = {"pages": len(pages), "masthead": [m for m in masthead if m in pages[0]],
                        "first_paragraph": first, "note_pages": pages_of(pages, note_openings)}
    off, us = result["official"], result["ours"]
    pairs = [(a, b) for a, b in zip(off["first_paragraph"], us["first_paragraph"]) if a is not None and b is not None]
    result["pages_within_two"] = sum(abs(a - b) <= 2 for a, b in pairs) / len(pairs) if pairs else 1.0
    known = [(a, b) for a, b in zip(off["note_pages"], us["note_pages"]) if a is not None and b is not None]
    result["notes_same_page"] = sum(a == b for a, b in known) / len(known) if known else 1.0
    return result


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
    parser.add_argument("--page-size", help="our page size (default: the official PDF's)")
    parser.add_argument("--no-images", action="store_true", help="only the figures")
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    tree = read(args.source)
    ours = build_pdf(tree, args.out, args.official.stem, args.page_size or page_size_of(args.official))
    result = compare(args.official, ours, tree)
    for name in ("official", "ours"):
        r = result[name]
        print(f"{name}: {r['pages']} pages; masthead {r['masthead']}; first paragraph per page "
              f"{r['first_paragraph']}; note pages {r['note_pages']}")
    print(f"pages whose first paragraph is within two: {result['pages_within_two']:.0%}; "
          f"notes on the same page: {result['notes_same_page']:.0%}")
    if not args.no_images:
        for path in side_by_side(args.official, ours, args.out, args.dpi):
            print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
