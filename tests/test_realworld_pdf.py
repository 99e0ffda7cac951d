"""Issue 13: the official UN PDFs of shared/realworld read into the model.

Each General Assembly resolution read from its PDF is compared with the UN's own AKN4UN XML of it
(the truth of its structure, parsed here directly with lxml): its preambular paragraphs, operative
paragraphs, list points, notes (each in the same paragraph), annexes, and its running text word
for word; each operative paragraph has the XML's structure, element for element (``num``,
``content`` or ``list`` with ``intro``, ``point`` and ``wrapUp``).  Each report, letter and
other document is held to: every numbered paragraph, every note at its call (numbers in order,
none left in the text), no page furniture in the reading text, no heading that is not one of
the document's, nothing lost (every body word of the PDF in the model, in order), tables as
tables.
"""

from __future__ import annotations

import collections
import re
import subprocess
import unicodedata
from functools import lru_cache

import pytest
from lxml import etree
from lxml import html as lxml_html

from pipeline import model, read_source
from pipeline.diagnostics import Reporter
from pipeline.readers.text import ReadOptions

from conftest import SHARED

PDF_DIR = SHARED / "realworld" / "pdf"
AKN4UN_DIR = SHARED / "realworld" / "akn4un" / "english"
A = "{%s}" % model.AKN_NS
NS = {"a": model.AKN_NS}

RESOLUTIONS = sorted(p.stem for p in PDF_DIR.glob("A_RES_78_*.pdf"))
OTHERS = sorted(p.stem for p in PDF_DIR.glob("*.pdf") if not p.stem.startswith("A_RES_"))


@lru_cache(maxsize=None)
def read_pdf(stem: str):
    reporter = Reporter()
    tree = read_source((PDF_DIR / f"{stem}.pdf").read_bytes(), f"{stem}.pdf", reporter,
                       ReadOptions(source_date_epoch=0))
    return tree, reporter


#: Unicode's directional formatting characters: invisible, so never read from a page.
BIDI_CONTROLS = re.compile("[\u200e\u200f\u061c\u202a-\u202e\u2066-\u2069]")
PRESENTATION_FORMS = re.compile("[\ufb50-\ufdff\ufe70-\ufefe]")


#: Where a note stood in running text (``our_text``): a space beside it between two Chinese
#: characters is not compared.  The UN's Chinese XML has one after some calls and not after
#: others ("《残疾人权利公约》<note/> 和" but "、<note/>《禁止"); Chinese is set without spaces, a
#: full-width mark's blank half is no space, and at a line's end none can show, so no reader of
#: the printed page can tell them apart.  Between Latin words and numbers it is compared.
NOTE_MARK = "\ue000"
CJK_AROUND_NOTE = re.compile(r"(?<=[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef“”‘’])\s*\ue000\s*"
                             r"(?=[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef“”‘’])")


def words(text: str) -> list[str]:
    """Words for comparing running text: quotes, dashes and spaces unified; the bidirectional
    marks (LRM, RLM, ALM, embeddings, isolates), which no page shows, left out."""
    text = CJK_AROUND_NOTE.sub("", text).replace(NOTE_MARK, "")
    text = text.replace("\u00a0", " ").replace("\u2011", "-").replace("\t", " ")
    text = BIDI_CONTROLS.sub("", text)
    # Arabic presentation forms ("ﰲ" for "في"), which a PDF's text gives as the letters they show.
    text = PRESENTATION_FORMS.sub(lambda m: unicodedata.normalize("NFKC", m.group()), text)
    return text.split()


# ------------------------------------------------------------------ the UN's XML

def truth(stem: str):
    """What the UN's XML of resolution ``stem`` holds."""
    number = stem.split("_")[-1]
    (path,) = AKN4UN_DIR.glob(f"A_RES_78_{number}-*.xml")
    root = etree.parse(str(path)).getroot()
    statement = root.find(f"{A}statement")
    preamble = statement.find(f"{A}preamble")
    containers = [c for c in preamble if c.tag == f"{A}container"]
    body = statement.find(f"{A}mainBody")
    paragraphs = [p for p in body if p.tag == f"{A}paragraph" and p.find(f"{A}num") is not None]
    attachments = statement.findall(f"{A}attachments/{A}attachment")
    return {
        "preamble": [" ".join(words(un_text(c))) for c in containers],
        "preamble_notes": [[n.get("marker") for n in c.iter(f"{A}authorialNote")] for c in containers],
        "paragraphs": [p.findtext(f"{A}num").strip() for p in paragraphs],
        "paragraph_text": [" ".join(words(un_text(p, skip_num=True))) for p in paragraphs],
        "paragraph_notes": [[n.get("marker") for n in p.iter(f"{A}authorialNote")] for p in paragraphs],
        "points": [[pt.findtext(f"{A}num").strip() for pt in p.iter(f"{A}point")] for p in paragraphs],
        "structure": [shape(p) for p in paragraphs],
        "annexes": bool(attachments),
        "annex_words": [w for a in attachments for w in words(un_text(a))],
    }


#: The elements of an operative paragraph's structure, the same in the UN's XML and in the model.
STRUCTURE = {f"{A}{name}" for name in ("num", "content", "list", "sublist", "intro", "point", "wrapUp")}


def shape(el) -> list:
    """The names of a paragraph's structure (``num``, ``list``, ``intro``, ``point``, ``wrapUp``…),
    nested as in the tree: compared element for element, the UN's and ours."""
    return [(etree.QName(c).localname, shape(c)) for c in el if c.tag in STRUCTURE]


def un_text(el, skip_num: bool = False) -> str:
    """The running text of a UN XML element, without note bodies (and its own num)."""
    parts = []

    def walk(node):
        if node.text:
            parts.append(node.text)
        for child in node:
            if child.tag in (f"{A}authorialNote", f"{A}meta") or skip_num and child.tag == f"{A}num" \
                    and child.getparent() is el:
                pass
            else:
                walk(child)
                if child.tag in (f"{A}p", f"{A}heading", f"{A}num", f"{A}subheading"):
                    parts.append(" ")
            if child.tail:
                parts.append(child.tail)

    walk(el)
    return "".join(parts)


# ------------------------------------------------------------------ ours

def ours(tree):
    doc = model.document_element(tree)
    preamble = doc.find(f"{A}preamble")
    containers = [c for c in preamble if c.get("name") == "preambularParagraph"] if preamble is not None else []
    body = doc.find(f"{A}mainBody")
    # Operative paragraphs, under the headings that group them too (the UN's XML keeps its
    # headings as siblings), but not those of the annexes.
    paragraphs = model.xpath(body, ".//a:paragraph[a:num][not(ancestor::a:hcontainer[@name='annex'])]"
                                   "[not(ancestor::a:paragraph)]")
    annexes = model.xpath(doc, "a:attachments/a:attachment")      # where the UN's XML has them
    return {
        "preamble": [" ".join(words(our_text(c))) for c in containers],
        "preamble_notes": [[n.get("marker") for n in c.iter(f"{A}authorialNote")] for c in containers],
        "paragraphs": [p.findtext(f"{A}num").strip() for p in paragraphs],
        "paragraph_text": [" ".join(words(our_text(p))) for p in paragraphs],
        "paragraph_notes": [[n.get("marker") for n in p.iter(f"{A}authorialNote")] for p in paragraphs],
        "points": [[i.findtext(f"{A}num").strip() for i in p.iter(f"{A}point")] for p in paragraphs],
        "structure": [shape(p) for p in paragraphs],
        "annexes": bool(annexes),
        "annex_words": [w for a in annexes for w in words(our_text(a))],
    }


def our_text(el) -> str:
    """The running text of our model of ``el``, without note bodies and its own num.  A table's own
    note (marker "a", "b" …: an ``authorialNote`` at its call in the table or its title) reads as
    the UN's XML has it: its letter at the call (``<sup>a</sup>``), its text after the table (a
    paragraph "a See A/78/534.")."""
    parts = []
    table_notes = []

    def walk(node):
        if node.text:
            parts.append(node.text)
        for child in node:
            if child.tag == f"{A}authorialNote" and not re.fullmatch(r"\d+|\*+", child.get("marker")):
                parts.append(child.get("marker"))
                table_notes.append(child)
            elif child.tag == f"{A}authorialNote":
                parts.append(NOTE_MARK)
            elif child.tag == f"{A}noteRef":
                parts.append(child.get("marker"))       # a later call of a table's note, as printed
            elif child.tag == f"{A}num" and child.getparent() is el:
                pass
            else:
                walk(child)
                if child.tag in (f"{A}p", f"{A}heading", f"{A}num", f"{A}subheading"):
                    parts.append(" ")
                if child.tag == f"{A}table":
                    parts.extend(f" {n.get('marker')} {model.flow_text(n)} " for n in table_notes)
                    table_notes.clear()
            if child.tail:
                parts.append(child.tail)

    walk(el)
    return "".join(parts)


#: Resolutions whose PDF does not yet read as the UN's XML has them (work in progress, issue 13).
NOT_YET: set[str] = set()


@pytest.mark.parametrize("stem", [pytest.param(s, marks=pytest.mark.xfail(strict=True, reason="issue 13"))
                                  if s in NOT_YET else s for s in RESOLUTIONS])
def test_resolution_matches_the_uns_xml(stem):
    tree, reporter = read_pdf(stem)
    expected, got = truth(stem), ours(tree)
    assert got["preamble"] == expected["preamble"]
    assert got["preamble_notes"] == expected["preamble_notes"]
    assert got["paragraphs"] == expected["paragraphs"]
    assert got["paragraph_text"] == expected["paragraph_text"]
    assert got["paragraph_notes"] == expected["paragraph_notes"]
    assert got["points"] == expected["points"]
    assert got["structure"] == expected["structure"]
    assert got["annexes"] == expected["annexes"]
    assert got["annex_words"] == expected["annex_words"]


def test_a_table_continued_on_the_next_page_is_one_table():
    """A table run over pages with its column heads repeated on each (as the UN sets its annexes'
    tables, as any HTML renderer repeats a ``thead``) reads as one table: heads once, the rows in
    order, each once; a group's label in bold over its first row is a row of its own."""
    import weasyprint

    from pipeline.readers.pages import PageNormaliser
    from pipeline.readers.pdf import read_pages

    rows = "".join(f"<tr><td>Office number {i} of the programme</td><td>{i * 3}</td><td>{i % 4 or '–'}</td>"
                   f"<td>{i * 3 + i % 4}</td></tr>" for i in range(1, 81))
    html = f"""<html><head><style>
      @page {{ size: A4; margin: 2.5cm; @top-right {{ content: "A/80/999"; font-weight: bold; }}
              @bottom-right {{ content: counter(page) "/" counter(pages); font-size: 9pt; }} }}
      body {{ font-family: 'Times New Roman', serif; font-size: 10pt; }}
      table {{ border-collapse: collapse; width: 100%; page-break-before: always; }}
      th {{ font-style: italic; font-weight: normal; font-size: 8pt; text-align: right; }}
      th, td {{ padding: 1pt 0 1pt 12pt; }} td {{ text-align: right; }}
      th:first-child, td:first-child {{ text-align: left; width: 40%; }}
      </style></head><body><p>The table below gives the posts of each office of the programme.</p>
      <table><thead><tr><th>Office</th><th style="width: 20%">Regular budget</th>
      <th style="width: 20%">Extrabudgetary resources</th><th>Total</th></tr></thead>
      <tbody><tr><td><b>Professional and higher</b></td><td></td><td></td><td></td></tr>{rows}</tbody>
      </table><p>The offices are those of the programme as approved.</p></body></html>"""
    data = weasyprint.HTML(string=html).write_pdf()
    reporter = Reporter()
    norm = PageNormaliser("t.pdf", reporter, True).run(read_pages(data, "t.pdf"))
    assert len(norm.tables) == 1
    (table,) = norm.tables.values()
    heads = [cells for header, cells in table if header]
    body = [cells for header, cells in table if not header]
    assert [[c for c in row if c] for row in heads] == [["Office", "Regular budget", "Extrabudgetary resources", "Total"]]
    assert body[0][0] == "Professional and higher" and not any(body[0][1:])
    assert [row[0] for row in body[1:]] == [f"Office number {i} of the programme" for i in range(1, 81)]
    assert [[c for c in row[1:] if c] for row in body[1:3]] == [["3", "1", "4"], ["6", "2", "8"]]
    assert "table-continued" in reporter.codes()


def test_a_column_head_over_two_columns_spans_them_in_every_writer():
    """A head over two columns ("In current report" over "Start" and "End", centred over them as
    the UN sets it) and a table note's raised letter: read from the PDF, the head spans its
    columns (``colspan``) in the model, in the HTML and in the Word file; each date is in its
    column; the letter is a ``sup``, not glued to its word."""
    import io
    import zipfile

    import weasyprint

    from pipeline.writers import WriteOptions
    from pipeline.writers.docx import write_docx
    from pipeline.writers.html import write_html

    rows = "".join(f"<tr><td>Phase {i} of the renovation{'<sup>a</sup>' if i == 2 else ''}</td>"
                   f"<td>March {2010 + i}</td><td>June {2012 + i}</td><td>April {2010 + i}</td>"
                   f"<td>May {2013 + i}</td></tr>" for i in range(1, 7))
    html = f"""<html><head><style>
      @page {{ size: A4; margin: 2.5cm; }}
      body {{ font-family: 'Times New Roman', serif; font-size: 10pt; }}
      table {{ border-collapse: collapse; width: 100%; page-break-before: always; }}
      th {{ font-style: italic; font-weight: normal; font-size: 7pt; text-align: left; }}
      th, td {{ padding: 2pt 4pt 2pt 0; vertical-align: top; }} td:first-child {{ width: 40%; }}
      th[colspan] {{ text-align: center; }} sup {{ font-size: 6pt; vertical-align: 3pt; line-height: 0; }}
      </style></head><body><p>1. The table below gives the dates of each phase of the project.</p>
      <table><thead><tr><th></th><th colspan="2">In current report</th><th colspan="2">In previous report</th></tr>
      <tr><th>Phase</th><th>Start</th><th>End</th><th>Start</th><th>End</th></tr></thead>
      <tbody>{rows}</tbody></table><p><sup>a</sup> The second phase was moved.</p>
      <p>2. The dates are those of the programme as approved.</p></body></html>"""
    data = weasyprint.HTML(string=html).write_pdf()
    tree = read_source(data, "A_80_999.pdf", Reporter(), ReadOptions(source_date_epoch=0, symbol="A/80/999",
                                                                     language="en"))
    (table,) = model.xpath(model.document_element(tree), ".//a:table")
    cells = [[("".join(c.itertext()).strip(), c.get("colspan", "1")) for c in tr] for tr in table]
    assert cells[0] == [("", "1"), ("In current report", "2"), ("In previous report", "2")]
    assert cells[1] == [("Phase", "1"), ("Start", "1"), ("End", "1"), ("Start", "1"), ("End", "1")]
    assert [c for c, _ in cells[2]] == ["Phase 1 of the renovation", "March 2011", "June 2013", "April 2011", "May 2014"]
    assert [sup.text for sup in model.xpath(table, ".//a:td/a:p/a:sup")] == ["a"]
    assert cells[3][0][0] == "Phase 2 of the renovationa"      # the text, with its sup apart
    page = lxml_html.fromstring(write_html(tree, WriteOptions(source_date_epoch=0)))
    heads = [(th.text_content().strip(), th.get("colspan")) for th in page.iter("th")]
    assert ("In current report", "2") in heads and ("In previous report", "2") in heads
    docx = zipfile.ZipFile(io.BytesIO(write_docx(tree, WriteOptions(source_date_epoch=0))))
    document = etree.fromstring(docx.read("word/document.xml"))
    w = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    spans = [int(g.get(f"{w}val")) for g in document.iter(f"{w}gridSpan")]
    assert spans.count(2) >= 2
    # The Word table's rows: the two head rows and the six rows of the body, as in the PDF.
    (tbl,) = [t for t in document.iter(f"{w}tbl") if "In current report" in "".join(t.itertext())]
    assert len(tbl.findall(f"{w}tr")) == 8


@pytest.mark.parametrize("stem", [pytest.param(s, marks=pytest.mark.xfail(strict=True, reason="issue 13"))
                                  if s in set() else s for s in OTHERS])
def test_document_reads(stem):
    tree, reporter = read_pdf(stem)
    info = model.document_info(tree)
    assert info.language == "en"
    assert info.symbol.replace("/", "_").startswith(stem)


# ------------------------------------------------------------------ reports, letters, other organs
# What the PDF holds is read independently with PyMuPDF (tests/realworld_truth.py).

from realworld_truth import element_words, flat, is_subsequence, model_words, pdf_facts, unspaced, words_of  # noqa: E402

#: Known shortfalls, each a strict xfail: the test fails the day one is fixed, to be removed then.
SHORT = {
    "paragraphs": set(),
    "notes": set(),
    "words": set(),
    "headings": set(),
}


def params(measure: str):
    return [pytest.param(s, marks=pytest.mark.xfail(strict=True, reason="issue 13: " + measure))
            if s in SHORT[measure] else s for s in OTHERS]


def body_paragraphs(tree):
    doc = model.document_element(tree)
    return model.xpath(doc, "a:mainBody//a:paragraph[a:num][not(ancestor::a:hcontainer[@name='annex'])]"
                            "[not(ancestor::a:paragraph)]")


@pytest.mark.parametrize("stem", params("paragraphs"))
def test_every_numbered_paragraph(stem):
    """The body's paragraphs are numbered 1 … N with none missing, none twice (numbers restart in
    an annex), and each number the PDF prints at the start of a line is one of them."""
    tree, reporter = read_pdf(stem)
    numbers = [int(p.findtext(f"{A}num").strip(". ")) for p in body_paragraphs(tree)
               if p.findtext(f"{A}num").strip(". ").isdigit()]
    assert numbers == list(range(1, len(numbers) + 1))


@pytest.mark.parametrize("stem", params("notes"))
def test_every_note_at_its_call(stem):
    """Each note of the PDF (numbered at a page foot) is an authorialNote at its call, in the
    order of the PDF; no note is left without a call, and no call digit is left in the text."""
    tree, reporter = read_pdf(stem)
    doc = model.document_element(tree)
    notes = model.xpath(doc, ".//a:authorialNote")
    numbered = [n.get("marker") for n in notes if n.get("marker").isdigit()]
    assert numbered == pdf_facts(PDF_DIR / f"{stem}.pdf")["note_numbers"]
    assert not model.xpath(doc, ".//a:authorialNote[@pl:orphan]")
    assert not re.search("[⁰¹²³⁴⁵⁶⁷⁸⁹]", model.content_text(tree))


@pytest.mark.parametrize("stem", OTHERS)
def test_no_page_furniture_in_the_reading_text(stem):
    tree, reporter = read_pdf(stem)
    info = model.document_info(tree)
    pages = pdf_facts(PDF_DIR / f"{stem}.pdf")["pages"]
    doc = model.document_element(tree)
    text = " ".join(model.flow_text(c, notes=True) for c in doc if c.tag not in (f"{A}meta", f"{A}coverPage"))
    assert not re.search(r"\b\d{2}-\d{5}\b", text), "a job number"
    assert not re.search(r"\*\d{7}\*", text), "a barcode"
    assert "Please recycle" not in text
    folios = [f"{i}/{pages}" for i in range(2, pages + 1)]
    assert not [f for f in folios if re.search(rf"(?<![\d/]){re.escape(f)}(?![\d/])", text)], "a folio"
    blocks = [" ".join(p.itertext()).strip()
              for p in model.xpath(doc, "(.//a:p | .//a:heading)[not(ancestor::a:coverPage)]")]
    for symbol in info.symbol.split("-"):
        assert symbol not in blocks, "a running head"
    dropped = {d.message for d in reporter.diagnostics if d.code == "furniture-dropped"}
    assert any("job number" in m for m in dropped) and any("running head" in m for m in dropped)


@pytest.mark.parametrize("stem", params("headings"))
def test_no_heading_that_is_not_a_heading_of_the_document(stem):
    """Every heading of the model is set in bold in the PDF."""
    tree, _ = read_pdf(stem)
    bold = " ".join(" ".join(words_of(line)) for line in pdf_facts(PDF_DIR / f"{stem}.pdf")["bold"])
    # A heading's words without the body of a note it calls (the note is not the heading), a
    # table note's letter kept (the PDF sets it in the heading's line).
    headings = [" ".join(element_words(h, notes=False))
                for h in model.xpath(model.document_element(tree), ".//a:heading")]
    assert [h for h in headings if h not in bold] == []


@pytest.mark.parametrize("stem", params("words"))
def test_nothing_lost(stem):
    """Every body word of the PDF is in the model, in order; with the notes and the masthead,
    every word of the PDF is in it."""
    tree, _ = read_pdf(stem)
    facts = pdf_facts(PDF_DIR / f"{stem}.pdf")
    ok, index, context = is_subsequence(facts["body"], model_words(tree, notes=False))
    assert ok, f"word {index} of {len(facts['body'])}: {context}"
    truth = flat(facts["body"]) + facts["notes"] + facts["masthead"]
    ours = model_words(tree, notes=True)
    missing = unspaced(collections.Counter(truth) - collections.Counter(ours), truth, ours)
    assert not missing


@pytest.mark.parametrize("stem", ["A_79_352",
                                  "S_2025_85", "S_2025_153"])
def test_tables_come_out_as_tables(stem):
    tree, _ = read_pdf(stem)
    tables = model.xpath(model.document_element(tree), ".//a:table")
    assert tables and all(len(t) >= 2 and all(len(row) >= 2 for row in t) for t in tables)


@pytest.mark.parametrize("stem", OTHERS)
def test_numbering_gaps_are_real(stem):
    """A numbering gap is reported only where the document's numbers really jump: paragraphs under
    a subheading of an annex continue the annex's numbers (no "follows paragraph 0")."""
    tree, reporter = read_pdf(stem)
    gaps = [d.message for d in reporter.diagnostics if d.code == "paragraph-number-gap"]
    assert not [m for m in gaps if "follows paragraph 0" in m]


def test_a_list_before_the_body_keeps_its_labels():
    """A summary's list, before the first numbered paragraph, is cover text: its labels "(a)",
    "(b)" stay in it (they were cut off, as a list item's label is, with nothing to hold them)."""
    from pipeline.readers.extract import read_extract
    text = ("United Nations   A/79/999\nGeneral Assembly   Distr.: General\n1 July 2024\nOriginal: English\n"
            "24-12345 (E) 010724\n*2412345*\nSeventy-ninth session\nItem 1 of the provisional agenda\n"
            "Report on the review of something\nReport of the Secretary-General\nSummary\n"
            "The General Assembly is requested to take the following action:\n"
            "(a) To take note of the present report;\n(b) To approve the budget of the project.\n"
            "\f A/79/999\n2/2 24-12345\nI. Introduction\n"
            "1. The present report is submitted pursuant to resolution 78/1 of the General Assembly.\n"
            "2. The report covers the period from 1 January to 30 June 2024.\n")
    tree = read_extract(text.encode(), "A_79_999.txt", Reporter(),
                        ReadOptions(source_date_epoch=0, symbol="A/79/999", language="en"))
    preface = model.flow_text(model.document_element(tree).find(f"{A}preface"))
    assert "(a) To take note" in preface and "(b) To approve" in preface


def test_a_table_of_text_rows_reads_row_by_row_over_the_page_break():
    """A/79/352's options for de-scoping (a landscape table of paragraphs, rows set apart by a
    little more than its line pitch, cells drawn on slightly shifted baselines): each row is one
    row of cells, the row the page break cut is joined, a cell's lines are joined as running text
    ("SwF 10–" / "14 million")."""
    tree, _ = read_pdf("A_79_352")
    (table,) = [t for t in model.xpath(model.document_element(tree), ".//a:table")
                if "Potential savings" in model.flow_text(t)]
    rows = [[" ".join(model.flow_text(c).split()) for c in tr] for tr in table]
    assert [r[0] for r in rows] == ["Buildings/Sections", "Section S2 fire and life safety works only",
                                    "Building B", "Building B", "Building E"]
    assert rows[1][1] == "Works limited to essential interventions only"
    assert rows[2][2].startswith("SwF 14 million and potential risk avoidance of cost of up to SwF 10–14 million")
    # The cell cut by the page break runs on at the top of page 56 (no row of its own there).
    assert "collection during the works. This would avoid the risk of moving the entire collection" in rows[2][3]


@pytest.mark.parametrize("stem", ["A_80_33", "A_80_38", "A_80_39"])
def test_official_records_front_matter_is_not_body(stem):
    """An Official Records supplement's inner title page (its masthead, title and sessions again,
    the imprint) and its note on symbols are front matter: the repetition is dropped as furniture
    (listed by ``check -v``), the imprint, the note and the ISSN go to the preface, and so does
    the report's date in brackets over its contents (A/80/38, A/80/39); the body opens
    with the document's own text, not with the title again."""
    tree, reporter = read_pdf(stem)
    doc = model.document_element(tree)
    front = [" ".join(model.flow_text(p).split()) for p in model.xpath(doc, "a:preface/a:p[@class='frontMatter']")]
    assert front[0] == "United Nations • New York, 2025"
    assert "Note" in front and any(p.startswith("Symbols of United Nations documents") for p in front)
    # The ISSN last, but for the report's date in brackets over its contents ("[28 March 2025]").
    issn = next(i for i, p in enumerate(front) if p.startswith("ISSN 0255-"))
    assert all(re.fullmatch(r"\[\d{1,2} \w+ \d{4}\]", p) for p in front[issn + 1:])
    title = " ".join(model.flow_text(model.xpath(doc, "a:preface/a:longTitle")[0]).split())
    body = " ".join(model.flow_text(doc.find(f"{A}mainBody")).split())
    assert title not in body[:300] and "Official Records" not in body[:500] and "ISSN" not in body
    assert not body.startswith("[")
    assert title not in [" ".join(model.flow_text(h).split()) for h in model.xpath(doc, "a:mainBody//a:heading")]
    dropped = [d.message for d in reporter.diagnostics if d.code == "furniture-dropped"]
    assert any("title page repeated" in m and "Supplement No." in m for m in dropped)
