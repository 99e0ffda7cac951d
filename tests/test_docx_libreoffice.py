"""Issue 18: the Word files as LibreOffice lays them out (headless, one run for every file):
footnotes at the foot of the page of their call, and the fonts of each script embedded."""

from __future__ import annotations

import re
import shutil
import subprocess

import pytest
from lxml import etree

from pipeline import model, read_source, write
from pipeline.diagnostics import Reporter
from pipeline.readers.text import ReadOptions
from pipeline.writers import WriteOptions

from conftest import SAMPLE, SHARED

DOCUMENTS = {"zh": SAMPLE, "ar": SHARED / "corpus" / "ar_A-RES-75-234.txt",
             "fr": SHARED / "corpus" / "fr_S-RES-2713-2023.txt"}
#: The font LibreOffice must embed for each document's script (named by the reference document).
FONTS = {"zh": "NotoSerifCJK", "ar": "NotoNaskhArabic", "fr": "NotoSerif-Regular"}


@pytest.fixture(scope="module")
def rendered(tmp_path_factory):
    """Each document → DOCX → PDF by LibreOffice (one soffice process for all): {lang: (tree, pdf path)}."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    assert soffice, "LibreOffice is not installed (Debian libreoffice-writer-nogui; make test installs it)"
    folder = tmp_path_factory.mktemp("docx")
    trees = {}
    for lang, path in DOCUMENTS.items():
        tree = read_source(path.read_bytes(), str(path), Reporter(), ReadOptions(source_date_epoch=0))
        (folder / f"{lang}.docx").write_bytes(write(tree, "docx", WriteOptions(source_date_epoch=0)))
        trees[lang] = tree
    subprocess.run([soffice, f"-env:UserInstallation=file://{folder}/profile", "--headless", "--convert-to", "pdf",
                    "--outdir", str(folder), *(str(folder / f"{lang}.docx") for lang in DOCUMENTS)],
                   check=True, capture_output=True, timeout=300)
    return {lang: (trees[lang], folder / f"{lang}.pdf") for lang in DOCUMENTS}


ARABIC = re.compile("[\u0600-\u06ff]")


def pages(pdf) -> list[tuple[float, list[tuple[float, str]]]]:
    """Each page: its height and its words as (top, text), from poppler's ``pdftotext -bbox``
    (which gives an Arabic word's letters in visual order: they are put back in reading order)."""
    xhtml = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], check=True, capture_output=True).stdout
    root = etree.fromstring(xhtml)
    ns = {"h": "http://www.w3.org/1999/xhtml"}
    return [(float(page.get("height")),
             [(float(w.get("yMin")), (w.text or "")[::-1] if ARABIC.search(w.text or "") else w.text or "")
              for w in page.findall("h:word", ns)])
            for page in root.iterfind(".//h:page", ns)]


def find(pages_, needle: str) -> list[tuple[int, float]]:
    """(page index, top of the word where it starts) of each place ``needle`` starts (spaces ignored);
    in Arabic, whose words the PDF orders visually, ``needle`` is one word."""
    found = []
    for index, (_, words) in enumerate(pages_):
        if ARABIC.search(needle):
            found += [(index, top) for top, text in words if text.strip(".,،()") == needle]
            continue
        joined, starts = "", []
        for top, text in words:
            starts.extend([top] * len(text))
            joined += text
        for m in re.finditer(re.escape(needle), joined):
            found.append((index, starts[m.start()]))
    return found


def needle(text: str, last: bool = False) -> str:
    """A piece of ``text`` to look for: 12 characters (first or last), or in Arabic a word of 4 letters or more."""
    if ARABIC.search(text):
        words = [w.strip(".,،()") for w in text.split() if len(w.strip(".,،()")) >= 4 and ARABIC.search(w)]
        return (words[-1] if last else words[0]) if words else ""
    text = squeeze(text)
    return text[-6:] if last else text[:12].strip(".,;:。")


def squeeze(text: str) -> str:
    return "".join(text.split())


@pytest.mark.parametrize("lang", list(DOCUMENTS))
def test_footnotes_at_the_foot_of_the_page_of_their_call(rendered, lang):
    tree, pdf = rendered[lang]
    pages_ = pages(pdf)
    notes = model.xpath(tree, "//a:authorialNote")
    assert notes
    for note in notes:
        body = needle(model.flow_text(note, notes=True))
        places = find(pages_, body)
        assert places, f"note {note.get('marker')} ({body}) is not in the PDF"
        # The text just before the call, in the paragraph that holds it.
        previous = note.getprevious()
        before = note.getparent().text if previous is None else previous.tail or model.flow_text(previous)
        before = needle(before or "", last=True)
        call_pages = {page for page, _ in find(pages_, before)} if before else set()
        # On the page of the call, the lowest place the note's text is found (a body word may recur above).
        page, top = max((p, t) for p, t in places if not call_pages or p in call_pages) \
            if any(not call_pages or p in call_pages for p, _ in places) else places[0]
        height = pages_[page][0]
        assert top > height * 0.45, f"note {note.get('marker')} is not at the foot of page {page + 1}"
        if call_pages:
            assert page in call_pages, f"note {note.get('marker')} is on page {page + 1}, its call on {call_pages}"


@pytest.mark.parametrize("lang", list(DOCUMENTS))
def test_fonts_of_the_script_embedded(rendered, lang):
    _, pdf = rendered[lang]
    fonts = subprocess.run(["pdffonts", str(pdf)], check=True, capture_output=True, text=True).stdout
    assert FONTS[lang] in fonts
    assert all(line.split()[-5] == "yes" for line in fonts.splitlines()[2:]), fonts      # embedded
