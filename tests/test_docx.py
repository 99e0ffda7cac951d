"""Issue 18: the DOCX writer (pandoc, UN-like reference document) read back by python-docx and pandoc,
its reference document rebuilt by its script, and the round trip model → DOCX → model."""

from __future__ import annotations

import collections
import io
import json
import re
import subprocess
import time
import zipfile
from pathlib import Path

import docx
import pytest
from lxml import etree

from pipeline import model, read_source, write
from pipeline.diagnostics import Level, Reporter
from pipeline.readers import source_kind
from pipeline.readers.text import ReadOptions
from pipeline.writers import WriteOptions
from pipeline.writers import docx_reference
from pipeline.writers.docx import reference_docx

from conftest import SAMPLE, SHARED

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
W = "{%s}" % W_NS
EPOCH = 1533600000
CORPUS = sorted((SHARED / "corpus").glob("*.txt"))


def build_docx(tree, epoch: int | None = EPOCH, **options) -> bytes:
    return write(tree, "docx", WriteOptions(source_date_epoch=epoch, **options))


def read(path: Path):
    reporter = Reporter()
    tree = read_source(path.read_bytes(), str(path), reporter, ReadOptions(source_date_epoch=0))
    return tree, reporter


def footnotes_of(document: docx.document.Document) -> dict[str, etree._Element]:
    """python-docx has no footnote API: the footnotes part, found through the package's relationships."""
    rel = next(r for r in document.part.rels.values() if r.reltype.endswith("/footnotes"))
    root = etree.fromstring(rel.target_part.blob)
    return {n.get(W + "id"): n for n in root.iter(W + "footnote")
            if n.get(W + "type") not in ("separator", "continuationSeparator")}


def note_text(el: etree._Element) -> str:
    return " ".join(model.flow_text(el, notes=True).split())


def word_text(el: etree._Element) -> str:
    """The text Word shows, a tab as a space, white space folded."""
    return " ".join("".join(" " if t.tag == W + "tab" else t.text or "" for t in el.iter(W + "t", W + "tab")
                            if t.getparent().tag == W + "r").split())


@pytest.fixture(scope="module")
def sample_docx(sample_read):
    tree, _ = sample_read
    return tree, build_docx(tree)


def test_python_docx_finds_every_footnote_at_its_call(sample_docx):
    tree, data = sample_docx
    document = docx.Document(io.BytesIO(data))
    notes = model.xpath(tree, "//a:authorialNote")
    bodies = footnotes_of(document)
    refs = list(document.element.body.iter(W + "footnoteReference"))
    assert len(notes) == len(bodies) == len(refs) == 15
    for note, ref in zip(notes, refs):
        body = bodies[ref.get(W + "id")]
        marker = note.get("marker")
        text = word_text(body)
        if ref.get(W + "customMarkFollows") == "1":          # "*": a custom mark, in the text and the note
            assert marker == "*" and "".join(t.text for t in ref.getparent().iter(W + "t")) == "*"
            assert text == f"{marker} {note_text(note)}"             # the mark, a tab, the text
        else:                                               # Word numbers it: its number is the marker
            assert body.find(f".//{W}footnoteRef") is not None
            assert text == note_text(note)
    # Each call sits in the paragraph whose text comes before it in the model.
    first = refs[1].getparent().getparent()
    assert word_text(first).startswith("1. 国际社会在其通过的《2030 年可持续发展议程》")


def test_styles_headings_links_and_properties(sample_docx):
    tree, data = sample_docx
    document = docx.Document(io.BytesIO(data))
    numbered = [p for p in document.paragraphs if p.style.name == "UN Numbered Paragraph"]
    assert len(numbered) == len(model.xpath(tree, "//a:paragraph[a:num]"))
    assert numbered[0].text.startswith("1.\t国际社会")            # typed number, then a real tab
    style = document.styles["UN Numbered Paragraph"]
    assert style.paragraph_format.first_line_indent < 0          # hanging indent
    assert style.paragraph_format.left_indent == -style.paragraph_format.first_line_indent * 2
    assert document.styles["Footnote Text"].paragraph_format.first_line_indent < 0
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    assert headings[0] == "一.\t引言"
    assert [p.text for p in document.paragraphs if p.style.name == "Heading 2"][0].startswith("A.\t")
    # Every symbol, resolution and URL of the model is a hyperlink, in the body or in its note.
    rid = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
    notes_part = next(r.target_part for r in document.part.rels.values() if r.reltype.endswith("/footnotes"))
    targets = []
    for part, root in ((document.part, document.element.body), (notes_part, etree.fromstring(notes_part.blob))):
        targets += [part.rels[h.get(rid)].target_ref for h in root.iter(W + "hyperlink")]
    assert sorted(targets) == sorted(el.get("href") for el in model.xpath(tree, "//a:ref | //a:a"))
    assert "https://undocs.org/zh/A/RES/72/237" in targets
    core = document.core_properties
    assert core.title == "南南合作情况" and core.subject == "A/73/321" and core.language == "zh-Hans"
    assert core.author == "联合国"
    assert not [p for p in document.paragraphs if p.style.name in ("Author", "Title") and p.text == core.author]
    # East Asian text in the CJK font, Latin in the serif the PDF uses, Arabic in Naskh.
    fonts = document.styles.element.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr/{W}rFonts")
    assert fonts.get(W + "eastAsia") == "Noto Serif CJK SC" and fonts.get(W + "ascii") == "Noto Serif"
    # The masthead table: United Nations | symbol, then the organ | Distr.
    table = document.tables[0]
    assert [c.text for c in table.rows[0].cells] == ["联合国", "A/73/321"]


def test_pandoc_reads_it_back(sample_docx):
    import pypandoc
    tree, data = sample_docx
    ast = json.loads(subprocess.run([pypandoc.get_pandoc_path(), "-f", "docx", "-t", "json"], input=data,
                                    capture_output=True, check=True).stdout)
    kinds = collections.Counter(b["t"] for b in ast["blocks"])
    assert kinds["Header"] == len(model.xpath(tree, "//a:section | //a:title | //a:hcontainer[a:heading]"))
    notes = json.dumps(ast, ensure_ascii=False).count('"t": "Note"') or \
        json.dumps(ast, ensure_ascii=False).count('"t":"Note"')
    assert notes == 15


def test_same_bytes_twice_and_dates_from_source_date_epoch(sample_read):
    tree, _ = sample_read
    first = build_docx(tree)
    time.sleep(1.1)                                   # pandoc's clock would show in created/modified
    assert build_docx(tree) == first
    zf = zipfile.ZipFile(io.BytesIO(first))
    assert {i.date_time for i in zf.infolist()} == {(2018, 8, 7, 0, 0, 0)}
    core = zf.read("docProps/core.xml").decode()
    assert "2018-08-07T00:00:00Z" in core
    assert build_docx(tree, epoch=EPOCH + 86400) != first


def test_arabic_is_right_to_left(tmp_path):
    tree, _ = read(SHARED / "corpus" / "ar_A-RES-75-234.txt")
    document = etree.fromstring(zipfile.ZipFile(io.BytesIO(build_docx(tree))).read("word/document.xml"))
    arabic = [p for p in document.iter(W + "p") if re.search("[\u0600-\u06ff]", word_text(p))]
    assert len(arabic) > 20 and all(p.find(f"{W}pPr/{W}bidi") is not None for p in arabic)
    # The masthead: its first column on the right; "Distr.: General", the symbol, the date left to right.
    table = document.find(f".//{W}tbl")
    assert table.find(f"{W}tblPr/{W}bidiVisual") is not None
    latin = [p for p in table.iter(W + "p") if word_text(p) and not re.search("[\u0600-\u06ff]", word_text(p))]
    assert [word_text(p) for p in latin] == ["A/RES/75/234", "Distr.: General", "30 December 2020"]
    assert all(p.find(f"{W}pPr/{W}bidi") is None for p in latin)


def test_page_size(sample_read):
    tree, _ = sample_read
    for size, expected in (("A4", ("11906", "16838")), ("letter", ("12240", "15840"))):
        xml = etree.fromstring(zipfile.ZipFile(io.BytesIO(build_docx(tree, page_size=size))).read("word/document.xml"))
        pg = xml.find(f".//{W}sectPr/{W}pgSz")
        assert (pg.get(W + "w"), pg.get(W + "h")) == expected


def test_reference_document_is_what_its_script_makes():
    """The shipped reference.docx is rebuilt byte for byte from pandoc's own by its script (with the
    pandoc it was made from; another pandoc must still give every UN style)."""
    base, version = docx_reference.pandoc_default_reference()
    made = docx_reference.make_reference(base, version)
    shipped = reference_docx()
    if f"pandoc {version}".encode() in zipfile.ZipFile(io.BytesIO(shipped)).read("docProps/core.xml"):
        assert made == shipped, "run: python -m pipeline.writers.docx_reference"
    names = {s.name for s in docx.Document(io.BytesIO(made)).styles}
    assert {name for _, name, *_ in docx_reference.STYLES} <= names


# ------------------------------------------------------------------ round trip

def canonical(tree) -> bytes:
    """The model without positions and without the source's file name (the round trip changes it)."""
    copy_ = model.strip_private(tree)
    for el in model.xpath(copy_, "//pl:document"):
        el.attrib.pop("sourceName", None)
    return model.to_bytes(copy_)


@pytest.mark.parametrize("path", [SAMPLE, *CORPUS], ids=lambda p: p.name)
def test_round_trip_loses_nothing(path):
    """source → model → DOCX → model: the same model (text, structure, notes, links, metadata), the
    same warnings."""
    tree, reporter = read(path)
    data = build_docx(tree)
    assert source_kind(data) == "docx"
    again = Reporter()
    back = read_source(data, path.stem + ".docx", again, ReadOptions(source_date_epoch=0))
    assert model.content_text(back) == model.content_text(tree)
    assert canonical(back) == canonical(tree)
    codes = collections.Counter(d.code for d in reporter.diagnostics if d.level >= Level.WARNING)
    assert collections.Counter(d.code for d in again.diagnostics if d.level >= Level.WARNING) == codes


def test_an_edit_in_word_comes_back(sample_read):
    """An editor changes a paragraph's text and deletes one: the model has the new text, and the
    numbering gap is reported at the Word paragraph that follows it."""
    tree, _ = sample_read
    data = build_docx(tree)
    zf = zipfile.ZipFile(io.BytesIO(data))
    document = etree.fromstring(zf.read("word/document.xml"))
    paragraphs = [p for p in document.iter(W + "p")
                  if p.find(f"{W}pPr/{W}pStyle") is not None and
                  p.find(f"{W}pPr/{W}pStyle").get(W + "val") == "UNNumberedParagraph"]
    texts = [t for t in paragraphs[2].iter(W + "t") if t.text and "如报告所示" in t.text]
    texts[0].text = texts[0].text.replace("如报告所示", "如本报告所示")
    paragraphs[4].getparent().remove(paragraphs[4])         # paragraph 5
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for info in zf.infolist():
            target.writestr(info.filename, etree.tostring(document) if info.filename == "word/document.xml"
                            else zf.read(info.filename))
    reporter = Reporter()
    back = read_source(out.getvalue(), "edited.docx", reporter, ReadOptions(symbol="A/73/321", language="zh"))
    assert "如本报告所示" in model.xpath(back, "string(//a:paragraph[@eId='para_3'])")
    assert not model.xpath(back, "//a:paragraph[@eId='para_5']")
    gap = [d for d in reporter.diagnostics if d.code == "paragraph-number-gap"]
    assert len(gap) == 1 and "5" in gap[0].message
    line = gap[0].pos.line                                     # the Word paragraph "6. …"
    reader_lines = [d for d in reporter.diagnostics if d.pos and d.pos.path == "edited.docx"]
    assert reader_lines and line > 5


def test_a_zip_that_is_not_word_is_not_docx():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as zf:
        zf.writestr("mimetype", "application/epub+zip")
    assert source_kind(out.getvalue()) != "docx"


def test_building_a_word_file_into_its_own_folder_is_refused(tmp_path, sample_read):
    """An edited output/X.docx built with the default -o output would be overwritten by its own output."""
    import os
    import sys
    from conftest import ROOT
    tree, _ = sample_read
    source = tmp_path / "A_73_321-ZH.docx"
    source.write_bytes(build_docx(tree))
    before = source.read_bytes()
    proc = subprocess.run([sys.executable, "-m", "pipeline", "build", str(source), "--to", "docx", "-o", str(tmp_path)],
                          capture_output=True, text=True, env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert proc.returncode != 0 and "would overwrite it" in proc.stderr
    assert source.read_bytes() == before


def test_tracked_changes_are_said(sample_read):
    tree, _ = sample_read
    zf = zipfile.ZipFile(io.BytesIO(build_docx(tree)))
    document = etree.fromstring(zf.read("word/document.xml"))
    run = next(document.iter(W + "r"))
    insertion = etree.Element(W + "ins", {W + "id": "900", W + "author": "Editor"})
    run.addprevious(insertion)
    insertion.append(run)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for info in zf.infolist():
            target.writestr(info.filename, etree.tostring(document) if info.filename == "word/document.xml"
                            else zf.read(info.filename))
    reporter = Reporter()
    back = read_source(out.getvalue(), "edited.docx", reporter, ReadOptions(source_date_epoch=0))
    assert [d.code for d in reporter.diagnostics if d.level >= Level.WARNING].count("tracked-changes-accepted") == 1
    assert canonical(back) == canonical(tree)


@pytest.mark.parametrize("name", ["english/A_RES_78_128-2325871E.xml", "chinese/A_RES_78_182-2326018C.xml"])
def test_the_uns_own_xml_to_word_and_back_keeps_the_text(name):
    """A model of another shape (the UN's AKN4UN: annexes with chapters, lists, notes) → DOCX → the
    same running text (white space aside: the space between a resolution's number and title)."""
    path = SHARED / "realworld" / "akn4un" / name
    tree, _ = read(path)
    back = read_source(build_docx(tree), path.stem + ".docx", Reporter(), ReadOptions(source_date_epoch=0))
    assert "".join(model.content_text(back).split()) == "".join(model.content_text(tree).split())
    assert len(model.xpath(back, "//a:authorialNote")) == len(model.xpath(tree, "//a:authorialNote"))


def test_the_reference_document_is_an_input_of_every_docx_output(tmp_path):
    """The build cache keys a DOCX on the reference document it was made with (a new one rebuilds)."""
    import shutil
    from pipeline import build
    from pipeline.files import PACKAGE_DIR, environment
    inputs = build.format_inputs(environment(tmp_path), "docx")
    assert "data/reference.docx" in inputs["code"] and "writers/docx.py" in inputs["code"]
    package = tmp_path / "pipeline"
    shutil.copytree(PACKAGE_DIR, package, ignore=shutil.ignore_patterns("__pycache__"))
    (package / "data" / "reference.docx").write_bytes(b"another reference")
    changed = build.format_inputs(environment(tmp_path, package_dir=package), "docx")
    assert changed["code"]["data/reference.docx"] != inputs["code"]["data/reference.docx"]
    assert "data/reference.docx" not in build.format_inputs(environment(tmp_path), "html")["code"]
