"""Issue 13: tables of a UN report read from its PDF, on small PDFs made here with WeasyPrint in
the UN's table style (body in 10 pt, the table in 8.5 pt, column heads in italics, the table's
own notes set small under it).

A table's own notes ("a Including …", called by raised letters in its cells or title) are notes at
their calls in the model, as body notes are: an ``authorialNote`` whose ``marker`` is the letter.
"Source:" and "Note:" lines stay the table's text after it.
"""

from __future__ import annotations

import io
import re
import subprocess
import zipfile

import pytest
from lxml import etree
from lxml import html as lxml_html

from conftest import AKN_XSD
from pipeline import model, read_source, write
from pipeline.diagnostics import Reporter
from pipeline.readers.text import ReadOptions
from pipeline.writers import WriteOptions

STYLE = """
  @page { size: A4; margin: 2.5cm; }
  body { font-family: 'Times New Roman', serif; font-size: 10pt; line-height: 12pt; }
  p { margin: 0 0 6pt 0; text-align: justify; }
  h2 { font-size: 10pt; font-weight: bold; margin: 12pt 0 6pt 0; }
  table { border-collapse: collapse; width: 100%; font-size: 8.5pt; line-height: 10pt; }
  th { font-style: italic; font-weight: normal; font-size: 7pt; text-align: right; vertical-align: bottom; }
  th, td { padding: 2pt 0 2pt 10pt; vertical-align: top; } td { text-align: right; }
  th:first-child, td:first-child { text-align: left; width: 45%; padding-left: 0; }
  td.l { text-align: left; }
  sup { font-size: 6pt; vertical-align: 3pt; line-height: 0; }
  .tn { font-size: 8.5pt; line-height: 10pt; margin: 0 0 0 12pt; text-indent: -6pt; text-align: left; }
"""

PARAGRAPH = ("The Secretary-General reports on the progress of the project during the period, as "
             "requested by the General Assembly, and on the measures taken to contain its costs.")


def pdf_of(body: str) -> bytes:
    import weasyprint

    return weasyprint.HTML(string=f"<html><head><style>{STYLE}</style></head><body>{body}</body></html>").write_pdf()


def read(data: bytes):
    reporter = Reporter()
    tree = read_source(data, "A_80_999.pdf", reporter, ReadOptions(source_date_epoch=0, symbol="A/80/999",
                                                                   language="en"))
    return tree, reporter


@pytest.fixture(scope="module")
def with_notes():
    rows = "".join(
        f"<tr><td>Building {name}{'<sup>b</sup>' if name in 'AC' else ''}{'<sup>c</sup>' if name == 'D' else ''}"
        f"</td><td>{100 + i * 37}</td><td>{90 + i * 41}</td></tr>"
        for i, name in enumerate("ABCDE"))
    body = f"""
      <p>1. {PARAGRAPH} {PARAGRAPH}</p>
      <p>2. {PARAGRAPH} The workspaces of each building are given in table 1.</p>
      <p>Table 1</p>
      <h2>Workspaces by building<sup>a</sup></h2>
      <table><thead><tr><th>Building</th><th>Workspaces</th><th>Occupants</th></tr></thead>
      <tbody>{rows}</tbody></table>
      <p class="tn"><sup>a</sup> Figures as provided in the first annual progress report (A/68/372).</p>
      <p class="tn"><sup>b</sup> Figures for buildings A and C are indicative only, as the technical design of
        their renovation has yet to be completed and the occupancy continues to be assessed with the
        needs of the clients in mind.</p>
      <p class="tn"><sup>c</sup> Building D closed in May 2024.</p>
      <p class="tn">Source: Office of Central Support Services.</p>
      <p>3. {PARAGRAPH} {PARAGRAPH}</p>
      <p>4. {PARAGRAPH}</p>"""
    return read(pdf_of(body))


def test_table_notes_are_notes_at_their_calls(with_notes):
    tree, reporter = with_notes
    doc = model.document_element(tree)
    (table,) = model.xpath(doc, ".//a:table")
    notes = model.xpath(doc, ".//a:authorialNote")
    assert [n.get("marker") for n in notes] == ["a", "b", "c"]
    text = {n.get("marker"): " ".join(model.flow_text(n).split()) for n in notes}
    assert text["a"] == "Figures as provided in the first annual progress report (A/68/372)."
    # A note's lines are one note.
    assert text["b"].startswith("Figures for buildings A and C") and text["b"].endswith("needs of the clients in mind.")
    assert text["c"] == "Building D closed in May 2024."
    # "a" is called in the title, "b" in the cell of building A (its first call) and "c" in D's.
    (heading,) = [h for h in model.xpath(doc, ".//a:heading") if "Workspaces by building" in "".join(h.itertext())]
    assert [n.get("marker") for n in model.xpath(heading, ".//a:authorialNote")] == ["a"]
    cells = {(tr[0][0].text or "").strip(): tr[0] for tr in table}     # by the text before any call
    assert [n.get("marker") for n in model.xpath(cells["Building A"], ".//a:authorialNote")] == ["b"]
    assert [n.get("marker") for n in model.xpath(cells["Building D"], ".//a:authorialNote")] == ["c"]
    # A later call of "b" (building C) is a noteRef to it.
    (b,) = [n for n in notes if n.get("marker") == "b"]
    assert [(r.get("marker"), r.get("href")) for r in model.xpath(cells["Building C"], ".//a:noteRef")] == \
        [("b", "#" + b.get("eId"))]
    # Validated by the AKN schema restricted to the common elements, not the whole one (a noteRef
    # outside them made reading A/79/352 parse the whole schema: 0.15 s of its 0.8).
    assert model._common_schema(str(model.schema_path())).validate(tree)
    assert not model.xpath(doc, ".//a:sup")
    # No note is left as text, and the source line is the table's text after it.
    paragraphs = [" ".join(model.flow_text(p).split()) for p in model.xpath(doc, ".//a:p[not(ancestor::a:authorialNote)]")]
    assert not [p for p in paragraphs if "indicative only" in p or "closed in May" in p]
    assert "Source: Office of Central Support Services." in paragraphs
    following = table.xpath("following::a:p[1]", namespaces={"a": model.AKN_NS})[0]
    assert model.flow_text(following).strip() == "Source: Office of Central Support Services."
    assert "table-note-without-call" not in reporter.codes()


def test_table_notes_in_every_writer(with_notes):
    tree, _ = with_notes
    options = WriteOptions(source_date_epoch=0)
    published = model.parse_model(write(tree, "akn", options), "A_80_999.akn.xml")
    model.validate(published, AKN_XSD)
    page = lxml_html.fromstring(write(tree, "html", options))
    # Building C's call of "b" again: a link to the note, without the first call's id.
    refs = [(a.text_content(), a.get("href"), a.get("id")) for a in page.find_class("noteref")]
    assert refs == [("a", "#fn_a", "fnref_a"), ("b", "#fn_b", "fnref_b"), ("b", "#fn_b", None),
                    ("c", "#fn_c", "fnref_c")]
    assert [aside.get("data-marker") for aside in page.find_class("footnote")] == ["a", "b", "c"]
    docx = zipfile.ZipFile(io.BytesIO(write(tree, "docx", options)))
    document = etree.fromstring(docx.read("word/document.xml"))
    w = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    marks = [ref.getparent().findtext(f"{w}t") for ref in document.iter(f"{w}footnoteReference")
             if ref.get(f"{w}customMarkFollows") == "1"]
    assert marks == ["a", "b", "c"]
    raised = [run.findtext(f"{w}t") for run in document.iter(f"{w}r")
              if run.find(f"{w}rPr/{w}vertAlign[@{w}val='superscript']") is not None
              and run.find(f"{w}footnoteReference") is None]
    assert raised == ["b"]
    xliff = etree.fromstring(write(tree, "xliff", WriteOptions(source_date_epoch=0, target_language="fr")))
    calls = [(ph.get("subType"), ph.get("disp")) for ph in xliff.iter("{urn:oasis:names:tc:xliff:document:2.0}ph")
             if ph.get("subType") in ("akn:authorialNote", "akn:noteRef")]
    assert calls == [("akn:authorialNote", "a"), ("akn:authorialNote", "b"), ("akn:noteRef", "b"),
                     ("akn:authorialNote", "c")]
    # The PDF: each call a link to its note at the page foot, the later call of "b" too.
    import pikepdf
    pdf = pikepdf.open(io.BytesIO(write(tree, "pdf", options)))
    links = [str(annot.get("/Dest", "")) for page_ in pdf.pages for annot in page_.get("/Annots", [])
             if annot.get("/Subtype") == "/Link" and str(annot.get("/Dest", "")).startswith("fn_")]
    assert sorted(links) == ["fn_a", "fn_b", "fn_b", "fn_c"]


def test_a_note_without_a_call_stays_text_after_the_table():
    rows = "".join(f"<tr><td>Building {name}</td><td>{100 + i * 37}</td><td>{90 + i * 41}</td></tr>"
                   for i, name in enumerate("ABCD"))
    body = f"""
      <p>1. {PARAGRAPH} {PARAGRAPH}</p>
      <p>2. {PARAGRAPH}</p>
      <table><thead><tr><th>Building</th><th>Workspaces</th><th>Occupants</th></tr></thead>
      <tbody>{rows}</tbody></table>
      <p class="tn"><sup>a</sup> Figures as provided in the first annual progress report.</p>
      <p>3. {PARAGRAPH} {PARAGRAPH}</p>"""
    tree, reporter = read(pdf_of(body))
    doc = model.document_element(tree)
    assert not model.xpath(doc, ".//a:authorialNote")
    (table,) = model.xpath(doc, ".//a:table")
    following = table.xpath("following::a:p[1]", namespaces={"a": model.AKN_NS})[0]
    assert " ".join(model.flow_text(following).split()) == "a Figures as provided in the first annual progress report."
    assert "table-note-without-call" in reporter.codes()


def test_a_row_head_beside_several_rows_spans_them():
    """A year set once at the top of its twelve months ("2021" | "January" … "December", then
    "Total"), as the UN sets a table with two columns of row heads: one cell with ``rowspan``,
    not a cell and eleven empty ones; the HTML and Word tables merge it down too.  A row of
    figures under an empty first cell is not spanned."""
    months = ["January", "February", "March", "April"]
    groups = "".join(
        "".join(f"<tr>{f'<td class=l rowspan={len(months)}><b>{year}</b></td>' if m == 0 else ''}"
                f"<td class=l>{month}</td><td>{(year + m * 7) % 31}</td><td>{(year + m * 3) % 11}</td></tr>"
                for m, month in enumerate(months))
        + f"<tr><td class=l><b>Total</b></td><td></td><td>{year % 97}</td><td>{year % 13}</td></tr>"
        for year in (2021, 2022))
    body = f"""
      <p>1. {PARAGRAPH} {PARAGRAPH}</p>
      <p>2. {PARAGRAPH} The weapons seized are given in the table below.</p>
      <table><colgroup><col style="width: 15%"><col style="width: 45%"><col><col></colgroup>
      <thead><tr><th></th><th></th><th>Pistol</th><th>Rifle</th></tr></thead>
      <tbody>{groups}<tr><td class=l>Not dated</td><td></td><td>4</td><td>1</td></tr>
      <tr><td></td><td class=l>15</td><td>7</td><td>2</td></tr></tbody></table>
      <p>3. {PARAGRAPH} {PARAGRAPH}</p>"""
    tree, _ = read(pdf_of(body))
    (table,) = model.xpath(model.document_element(tree), ".//a:table")
    rows = [[(model.flow_text(c).strip(), c.get("rowspan")) for c in tr] for tr in table]
    assert [r[0] for r in rows[1:7]] == [("2021", "4"), ("February", None), ("March", None), ("April", None),
                                        ("Total", None), ("2022", "4")]
    assert [len(r) for r in rows[1:6]] == [4, 3, 3, 3, 4]
    # Figures under an empty first cell: an empty cell, no span.
    assert rows[-1][0] == ("", None) and len(rows[-1]) == 4 and rows[-2][0] == ("Not dated", None)
    page = lxml_html.fromstring(write(tree, "html", WriteOptions(source_date_epoch=0)))
    assert [td.get("rowspan") for td in page.iter("td") if td.get("rowspan")] == ["4", "4"]
    docx = zipfile.ZipFile(io.BytesIO(write(tree, "docx", WriteOptions(source_date_epoch=0))))
    document = etree.fromstring(docx.read("word/document.xml"))
    w = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    merges = [m.get(f"{w}val", "continue") for m in document.iter(f"{w}vMerge")]
    assert merges.count("restart") == 2 and merges.count("continue") == 6


def test_a_short_head_centred_over_columns_spans_them():
    """A head narrower than the columns it spans, centred over them ("Allocation" over three
    columns of figures, each column's head and figures set to its right edge), spans all three,
    not the one column its words happen to stand over."""
    rows = "".join(f"<tr><td>Building {name}</td><td>{100 + i * 37}</td><td>{90 + i * 41}</td>"
                   f"<td>{80 + i * 13}</td><td>{70 + i * 11}</td></tr>" for i, name in enumerate("ABCDE"))
    body = f"""
      <p>1. {PARAGRAPH} {PARAGRAPH}</p>
      <p>2. {PARAGRAPH} The workspaces of each building are given in the table below.</p>
      <table><colgroup><col style="width: 40%"><col><col><col><col></colgroup>
      <thead><tr><th></th><th></th><th colspan="3" style="text-align: center">Allocation</th></tr>
      <tr><th>Location</th><th>Baseline projection</th><th>Workspaces reported</th><th>Occupants reported</th>
      <th>Current staff</th></tr></thead><tbody>{rows}</tbody></table>
      <p>3. {PARAGRAPH} {PARAGRAPH}</p>"""
    tree, _ = read(pdf_of(body))
    (table,) = model.xpath(model.document_element(tree), ".//a:table")
    heads = [[(model.flow_text(c).strip(), c.get("colspan", "1")) for c in tr] for tr in table[:2]]
    assert heads[0] == [("", "1"), ("", "1"), ("Allocation", "3")]
    assert [text for text, _ in heads[1]] == ["Location", "Baseline projection", "Workspaces reported",
                                              "Occupants reported", "Current staff"]


def table_of(tree) -> list[list[str]]:
    (table,) = model.xpath(model.document_element(tree), ".//a:table")
    return [[" ".join(model.flow_text(c).split()) for c in tr] for tr in table]


def test_a_table_over_a_page_break_is_one_table_its_repeated_heads_dropped():
    """A table continued on the next page, its column heads repeated there (as the UN prints a long
    table, and our PDF writer's ``thead``), is one table: the repeated heads are dropped and the
    drop is listed.  A group's label at the foot of the first page ("General Service"), its rows on
    the next, is a row of the table, not running text between two tables."""
    professional = "".join(f"<tr><td class=l>Professional level {i}</td><td>{100 + 7 * i}</td><td>{i * 13 % 50}</td></tr>"
                           for i in range(1, 31))
    general = "".join(f"<tr><td class=l>General Service level {i}</td><td>{200 + 3 * i}</td><td>{i * 7 % 20}</td></tr>"
                      for i in range(1, 61))
    body = f"""
      <p>1. {PARAGRAPH} {PARAGRAPH}</p>
      <table><thead><tr><th>Category</th><th>Posts funded</th><th>Posts vacant</th></tr></thead>
      <tbody><tr><td class=l><b>Professional</b></td><td></td><td></td></tr>{professional}
      <tr style="break-after: page"><td class=l><b>General Service</b></td><td></td><td></td></tr>{general}</tbody></table>
      <p>2. {PARAGRAPH}</p>"""
    data = pdf_of(body)
    tree, reporter = read(data)
    rows = table_of(tree)
    assert rows[0] == ["Category", "Posts funded", "Posts vacant"]
    assert [r for r in rows if r[0] == "Category"] == [rows[0]]
    assert rows[1] == ["Professional", "", ""] and rows[31] == ["Professional level 30", "310", "40"]
    assert rows[32] == ["General Service", "", ""]
    assert rows[33:] == [[f"General Service level {i}", str(200 + 3 * i), str(i * 7 % 20)] for i in range(1, 61)]
    continued = [d for d in reporter.diagnostics if d.code == "table-continued"][0]
    assert continued.pos.path.endswith("#page=2")
    assert "“Category | Posts funded | Posts vacant”" in continued.message
    paragraphs = [" ".join(model.flow_text(p).split()) for p in model.xpath(
        model.document_element(tree), ".//a:p[not(ancestor::a:table)]")]
    assert "General Service" not in paragraphs
    # Our PDF of it repeats the heads too (html.py's thead): the EPUB's page list marks each page
    # at the row the print's page starts with, the repeated heads aside (they are not the text's).
    options = WriteOptions(source_date_epoch=0)
    ours = write(tree, "pdf", options)
    printed = subprocess.run(["pdftotext", "-layout", "-", "-"], input=ours, capture_output=True, check=True).stdout
    firsts = [re.search(r"(?:Professional|General Service) level \d+", page.decode())[0]
              for page in printed.split(b"\f")[1:-1]]
    assert len(firsts) >= 2
    book = zipfile.ZipFile(io.BytesIO(write(tree, "epub", options)))
    chapters = [lxml_html.fromstring(book.read(n)) for n in book.namelist() if n.endswith(".xhtml") and "nav" not in n]
    marked = [next(c for c in chapters if c.xpath(f"//*[@id='page_{n}']")).xpath(f"//*[@id='page_{n}']")[0]
              .getparent().text_content().strip() for n in range(2, 2 + len(firsts))]
    assert marked == firsts


def test_a_figure_wrapped_in_a_narrow_column_is_one_figure():
    """A figure cut at one of its spaces by a narrow column ("63 930" over "800", "(2 061" over
    "900)") is one figure in its cell, where the table sets its rows apart; figures of two rows
    set one under the other ("1 234" over "567": each with its row's label and other figures)
    stay two rows."""
    figures = [("Estimated appropriation", "63 930 800", "58 552 400"),
               ("Recommendations of the Advisory Committee", "(2 061 900)", "(1 897 200)"),
               ("Estimated initial appropriation", "65 459 100", "60 132 400")]
    rows = "".join(f"<tr><td class=l>{a}</td><td>{b}</td><td>{c}</td></tr>" for a, b, c in figures)
    body = f"""
      <p>1. {PARAGRAPH} {PARAGRAPH}</p>
      <style>.narrow td {{ padding: 4pt 6pt 8pt 6pt; text-align: left; }} .narrow td:nth-child(2) {{ width: 22pt; }}</style>
      <table class=narrow><thead><tr><th>Item</th><th>Gross</th><th>Net</th></tr></thead><tbody>{rows}
      <tr><td class=l>Total</td><td>1 234</td><td>5 678</td></tr><tr><td class=l>Other</td><td>567</td><td>890</td></tr>
      </tbody></table>
      <p>2. {PARAGRAPH}</p>"""
    data = pdf_of(body)
    tree, _ = read(data)
    got = table_of(tree)
    assert got[1:4] == [list(row) for row in figures]
    assert got[4:] == [["Total", "1 234", "5 678"], ["Other", "567", "890"]]
    # Rows at one pitch, a subtotal set a little apart (A/RES/78/252's staffing table): each line
    # is a row, "106" under "1 919" a figure of its own.
    staff = [("Security Service", "306", "–", "306"), ("Local level", "1 919", "1 638", "3 557"),
             ("Field Service", "106", "725", "831"), ("National Professional Officer", "102", "572", "674")]
    rows = "".join(f"<tr><td class=l>{a}</td><td>{b}</td><td>{c}</td><td>{d}</td></tr>" for a, b, c, d in staff)
    body = f"""
      <p>1. {PARAGRAPH} {PARAGRAPH}</p>
      <table><thead><tr><th>Category</th><th>Regular budget</th><th>Missions</th><th>Total</th></tr></thead>
      <tbody>{rows}<tr class=sub><td class=l><b>Subtotal</b></td><td>2 433</td><td>2 935</td><td>5 368</td></tr>
      </tbody></table><style>tr.sub td {{ padding-top: 8pt; }}</style>
      <p>2. {PARAGRAPH}</p>"""
    tree, _ = read(pdf_of(body))
    assert table_of(tree)[1:] == [list(row) for row in staff] + [["Subtotal", "2 433", "2 935", "5 368"]]


def test_a_row_head_centred_beside_its_rows_spans_them():
    """A row head set in the middle of the rows it heads (a merged cell centred vertically, as a
    word processor sets it: "2021" beside "January" … "April", on a line between two of them) spans
    those rows, from the first: not a head of the row it happens to stand on, nor of the rows
    under it only."""
    months = {2021: ["January", "February", "March", "April"], 2022: ["January", "February", "March"],
              2023: ["January", "February", "March", "April", "May"]}

    def row(year: int, m: int, month: str) -> str:
        head = f"<td class=mid rowspan={len(months[year])}><b>{year}</b></td>" if m == 0 else ""
        return (f"<tr>{head}<td>{month}</td><td class=n>{(year + m * 7) % 31}</td>"
                f"<td class=n>{(year + m * 3) % 11}</td></tr>")
    groups = "".join(row(year, m, month) for year in months for m, month in enumerate(months[year]))
    body = f"""
      <p>1. {PARAGRAPH} {PARAGRAPH}</p>
      <style>.g td, .g th {{ text-align: left; width: auto; padding: 2pt 12pt 2pt 0; }} .g .n {{ text-align: right; }}
      .g td.mid {{ vertical-align: middle; }}</style>
      <table class=g><thead><tr><th>Year</th><th>Month</th><th class=n>Pistol</th><th class=n>Rifle</th></tr></thead>
      <tbody>{groups}</tbody></table>
      <p>2. {PARAGRAPH}</p>"""
    tree, _ = read(pdf_of(body))
    (table,) = model.xpath(model.document_element(tree), ".//a:table")
    heads = [(model.flow_text(tr[0]).strip(), tr[0].get("rowspan")) for tr in table[1:] if len(tr) == 4]
    assert heads == [("2021", "4"), ("2022", "3"), ("2023", "5")]
    assert [model.flow_text(tr[0]).strip() for tr in table[1:] if len(tr) == 3] == \
        [m for year in months for m in months[year][1:]]
    page = lxml_html.fromstring(write(tree, "html", WriteOptions(source_date_epoch=0)))
    assert [td.get("rowspan") for td in page.iter("td") if td.get("rowspan")] == ["4", "3", "5"]


def test_the_unit_line_under_a_title_is_the_titles_not_a_head_row():
    """"(Millions of Swiss francs)" set small at the table's left under its title (A/79/352's
    tables) is a line of the title, before the table: not a row of column heads whose first cell
    it would be."""
    rows = "".join(f"<tr><td>Phase {name}</td><td>{100 + i * 37}.5</td><td>{90 + i * 41}.2</td></tr>"
                   for i, name in enumerate("ABCDE"))
    body = f"""
      <p>1. {PARAGRAPH} {PARAGRAPH}</p>
      <p>Table 2</p>
      <h2>Projected cost of the project by phase</h2>
      <p class=unit>(Millions of Swiss francs)</p>
      <table><thead><tr><th>Phase</th><th>Approved budget</th><th>Projected cost</th></tr></thead>
      <tbody>{rows}</tbody></table>
      <p>2. {PARAGRAPH}</p>
      <style>p.unit {{ font-size: 7pt; line-height: 8pt; margin: 4pt 0 6pt 0; }}</style>"""
    tree, _ = read(pdf_of(body))
    doc = model.document_element(tree)
    assert table_of(tree)[0] == ["Phase", "Approved budget", "Projected cost"]
    (table,) = model.xpath(doc, ".//a:table")
    before = table.xpath("preceding::a:p[1]", namespaces={"a": model.AKN_NS})[0]
    assert model.flow_text(before).strip() == "(Millions of Swiss francs)"


#: A table in Arabic and in Chinese: its running text, column heads and rows (first column first).
OTHER_SCRIPTS = {
    "ar": ("يقدم الأمين العام تقريرا عن التقدم المحرز في المشروع خلال الفترة، بناء على طلب الجمعية العامة، "
           "وعن التدابير المتخذة لاحتواء تكاليفه.", "'Noto Naskh Arabic'",
           [("المبنى", "أماكن العمل", "الشاغلون"), ("المبنى ألف", "100", "90"), ("المبنى باء", "137", "131"),
            ("المبنى جيم", "174", "172"), ("المبنى دال", "211", "213")]),
    "zh": ("秘书长报告本期间项目的进展情况，这是大会所要求的，并报告为控制项目费用而采取的措施。", "'Noto Sans CJK SC'",
           [("建筑", "工作空间", "使用者"), ("甲楼", "100", "90"), ("乙楼", "137", "131"), ("丙楼", "174", "172"),
            ("丁楼", "211", "1 213")]),
}


def other_script_pdf(lang: str) -> bytes:
    """A short document of two paragraphs and a table in ``lang`` (OTHER_SCRIPTS), as a word
    processor sets it: heads at the start of their columns, figures at the end."""
    import weasyprint

    text, font, (heads, *rows) = OTHER_SCRIPTS[lang]
    body = "".join(f"<tr><td>{a}</td><td class=n>{b}</td><td class=n>{c}</td></tr>" for a, b, c in rows)
    html = f"""<html lang={lang} dir={'rtl' if lang == 'ar' else 'ltr'}><head><style>
      @page {{ size: A4; margin: 2.5cm; }} body {{ font-family: {font}; font-size: 10pt; line-height: 16pt; }}
      p {{ margin: 0 0 6pt 0; text-align: justify; }} table {{ border-collapse: collapse; width: 100%; font-size: 9pt; }}
      th {{ font-weight: bold; text-align: start; }} th, td {{ padding: 2pt 8pt; text-align: start; }} .n {{ text-align: end; }}
      </style></head><body><p>1. {text} {text}</p><p>2. {text}</p>
      <table><thead><tr>{"".join(f"<th>{h}</th>" for h in heads)}</tr></thead><tbody>{body}</tbody></table>
      <p>3. {text}</p></body></html>"""
    return weasyprint.HTML(string=html).write_pdf()


def read_other_script(lang: str):
    return read_source(other_script_pdf(lang), "A_80_999.pdf", Reporter(),
                       ReadOptions(source_date_epoch=0, symbol="A/80/999", language=lang))


@pytest.mark.parametrize("lang", sorted(OTHER_SCRIPTS))
def test_a_table_in_arabic_or_chinese(lang):
    """An Arabic table reads from the right (its first column is the rightmost); a Chinese one as
    a Latin one.  Each head is its column's, in order, though it stands at the column's start over
    figures set to its end (the heads of a column of figures in a word processor's table)."""
    heads, *rows = OTHER_SCRIPTS[lang][2]
    tree = read_other_script(lang)
    (table,) = model.xpath(model.document_element(tree), ".//a:table")
    assert [[(etree.QName(c).localname, model.flow_text(c).strip()) for c in tr] for tr in table] == \
        [[("th", h) for h in heads]] + [[("td", c) for c in row] for row in rows]


def test_a_table_document_in_every_format_passes_the_validators(tmp_path):
    """A report in the UN's layout whose table has notes (one called twice: a noteRef), read from
    its PDF, in every format: the AKN 3.0 XSD, the XLIFF 2.1 schemas and rules, the Nu
    checker and axe-core on the HTML page, EPUBCheck, Ace and axe on the EPUB, the PDF tagged with
    its language and every font embedded with a ToUnicode map, and every character of the model
    in the PDF's text."""
    import collections
    import unicodedata

    import pikepdf
    from validators import ace, axe, epubcheck, vnu
    from validators import pdf as pdfcheck
    from validators import xliff as xliffcheck

    from doctypes_sources import Masthead, page
    from doctypes_sources import pdf as un_pdf

    rows = "".join(f"<tr><td>Building {name}{'<sup>b</sup>' if name in 'AC' else ''}</td><td>{100 + i * 37}</td>"
                   f"<td>{90 + i * 41}</td></tr>" for i, name in enumerate("ABCDE"))
    body = f"""
      <style>table {{ border-collapse: collapse; width: 100%; font-size: 8.5pt; line-height: 10pt; }}
      th {{ font-style: italic; font-weight: normal; font-size: 7pt; text-align: right; }}
      th, td {{ padding: 2pt 0 2pt 10pt; vertical-align: top; text-align: right; }}
      th:first-child, td:first-child {{ text-align: left; padding-left: 0; }}
      sup {{ font-size: 6pt; vertical-align: 3pt; line-height: 0; }}
      .tn {{ font-size: 8.5pt; line-height: 10pt; text-indent: 0; }}</style>
      <h1>Strategic heritage plan of the United Nations Office at Geneva</h1>
      <h2>Report of the Secretary-General</h2>
      <p class=num><span class=n>1.</span>{PARAGRAPH} {PARAGRAPH}</p>
      <p class=flush>Table 1</p><h3>Workspaces by building<sup>a</sup></h3>
      <table><thead><tr><th>Building</th><th>Workspaces</th><th>Occupants</th></tr></thead><tbody>{rows}</tbody></table>
      <p class=tn><sup>a</sup> Figures as provided in the first annual progress report.</p>
      <p class=tn><sup>b</sup> Figures for buildings A and C are indicative only.</p>
      <p class=num><span class=n>2.</span>{PARAGRAPH}</p>"""
    masthead = Masthead("A/79/999", distribution="General", date="2 September 2024",
                        session=["<b>Seventy-ninth session</b>", "Item 140 of the provisional agenda*"])
    report = read_source(un_pdf(page(masthead, body)), "A_79_999.pdf", Reporter(), ReadOptions(source_date_epoch=0))
    assert [r.get("marker") for r in model.xpath(report, "//a:noteRef")] == ["b"]
    documents = {"report": report}
    options = WriteOptions(source_date_epoch=0)
    paths: dict[str, dict[str, object]] = {}
    for name, tree in documents.items():
        published = model.parse_model(write(tree, "akn", options), f"{name}.akn.xml")
        model.validate(published, AKN_XSD)
        xliff = write(tree, "xliff", WriteOptions(source_date_epoch=0, target_language="fr"))
        assert xliffcheck.problems_21(xliff) == [], name
        paths[name] = {}
        for fmt, suffix in (("html", ".html"), ("epub", ".epub"), ("pdf", ".pdf")):
            path = tmp_path / f"{name}{suffix}"
            path.write_bytes(write(tree, fmt, options))
            paths[name][fmt] = path
        with pikepdf.open(paths[name]["pdf"]) as pdf:
            assert "/StructTreeRoot" in pdf.Root and str(pdf.Root.Lang) == model.document_info(tree).lang.bcp47
        assert [f.name for f in pdfcheck.pdffonts(paths[name]["pdf"]) if not (f.embedded and f.unicode)] == []
        have = collections.Counter("".join(unicodedata.normalize("NFKC", "".join(
            pdfcheck.pdftotext(paths[name]["pdf"], layout=True))).split()))
        want = collections.Counter(c for c in "".join(unicodedata.normalize("NFKC", model.content_text(tree)).split())
                                   if unicodedata.category(c) != "Cf")
        assert dict(want - have) == {}, name
    pages = [p["html"] for p in paths.values()]
    assert [str(m) for m in vnu.check(pages) if m.kind in ("error", "warning")] == []
    chapters = []
    for name, p in paths.items():
        book = zipfile.ZipFile(p["epub"])
        book.extractall(tmp_path / name)
        chapters += [tmp_path / name / n for n in book.namelist() if n.endswith(".xhtml")]
        assert [str(m) for m in epubcheck.check(p["epub"]).of("FATAL", "ERROR", "WARNING", "USAGE")] == [], name
        report = ace.check(p["epub"])
        assert [str(v) for v in report.violations] == [] and report.outcome == "pass", name
    report = axe.run([*pages, *chapters])
    assert [r.describe() for r in report.runs if r.violations] == []
