"""Issue 18: a Word file made the way UN editors make one — not by our writer — read into the model.

The documents are built here with python-docx on its default template (Word's own styles):
numbers typed as text ("1.<tab>…"), chapter headings in "Heading 1", the masthead in the
first-page header, real Word footnotes (a footnotes part added through python-docx's package
API, as Word stores it), a custom-mark note, symbols typed as plain text and one hyperlink.
"""

from __future__ import annotations

import io

import docx
import pytest
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from pipeline import model, read_source
from pipeline.diagnostics import Level, Reporter, SourceError
from pipeline.readers import source_kind
from pipeline.readers.text import ReadOptions

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
FOOTNOTES_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"


class WordDocument:
    """A Word document written paragraph by paragraph, footnotes included."""

    def __init__(self) -> None:
        self.document = docx.Document()
        self.notes: list[tuple[str, str | None]] = []     # (text, custom mark)

    def masthead_in_header(self, *lines: str) -> None:
        section = self.document.sections[0]
        section.different_first_page_header_footer = True
        header = section.first_page_header
        header.paragraphs[0].text = lines[0]
        for line in lines[1:]:
            header.add_paragraph(line)

    def paragraph(self, *pieces, style: str | None = None):
        """Pieces: text, ("note", text), ("mark", mark, text), ("link", text, url), ("bold", text)."""
        p = self.document.add_paragraph(style=style)
        for piece in pieces:
            if isinstance(piece, str):
                self.text_run(p, piece)
            elif piece[0] == "bold":
                p.add_run(piece[1]).bold = True
            elif piece[0] == "note":
                self.note_call(p, piece[1], None)
            elif piece[0] == "mark":
                self.note_call(p, piece[2], piece[1])
            elif piece[0] == "link":
                self.hyperlink(p, piece[1], piece[2])
        return p

    @staticmethod
    def text_run(p, text: str) -> None:
        """A run; a tab typed in the text is Word's ``w:tab``."""
        run = p.add_run()
        for i, chunk in enumerate(text.split("\t")):
            if i:
                run._r.append(OxmlElement("w:tab"))
            if chunk:
                t = OxmlElement("w:t")
                t.text = chunk
                t.set(qn("xml:space"), "preserve")
                run._r.append(t)

    def note_call(self, p, text: str, mark: str | None) -> None:
        self.notes.append((text, mark))
        run = p.add_run()
        run.style = self.document.styles.add_style("Footnote Reference", 2) \
            if "Footnote Reference" not in [s.name for s in self.document.styles] else "Footnote Reference"
        run.font.superscript = True
        ref = OxmlElement("w:footnoteReference")
        ref.set(qn("w:id"), str(len(self.notes)))
        if mark:
            ref.set(qn("w:customMarkFollows"), "1")
        run._r.append(ref)
        if mark:
            t = OxmlElement("w:t")
            t.text = mark
            run._r.append(t)

    def hyperlink(self, p, text: str, url: str) -> None:
        rid = p.part.relate_to(url, RT.HYPERLINK, is_external=True)
        link = OxmlElement("w:hyperlink")
        link.set(qn("r:id"), rid)
        run = OxmlElement("w:r")
        t = OxmlElement("w:t")
        t.text = text
        run.append(t)
        link.append(run)
        p._p.append(link)

    def bytes(self) -> bytes:
        notes = [f'<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>',
                 f'<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:r><w:continuationSeparator/>'
                 f'</w:r></w:p></w:footnote>']
        for i, (text, mark) in enumerate(self.notes, start=1):
            own = f"<w:t>{mark}</w:t>" if mark else "<w:footnoteRef/>"
            notes.append(f'<w:footnote w:id="{i}"><w:p><w:pPr><w:pStyle w:val="FootnoteText"/></w:pPr>'
                         f'<w:r><w:rPr><w:vertAlign w:val="superscript"/></w:rPr>{own}</w:r>'
                         f'<w:r><w:tab/><w:t xml:space="preserve">{text}</w:t></w:r></w:p></w:footnote>')
        xml = f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:footnotes xmlns:w="{W_NS}">' \
              f'{"".join(notes)}</w:footnotes>'
        part = Part(PackURI("/word/footnotes.xml"), FOOTNOTES_TYPE, xml.encode(), self.document.part.package)
        self.document.part.relate_to(part, RT.FOOTNOTES)
        out = io.BytesIO()
        self.document.save(out)
        return out.getvalue()


def un_report(skip: int | None = None) -> bytes:
    """An English report as a UN editor types it; ``skip`` leaves one paragraph number out."""
    doc = WordDocument()
    doc.masthead_in_header("United Nations", "A/79/123", "General Assembly", "Distr.: General", "1 July 2024")
    doc.paragraph("Seventy-ninth session")
    doc.paragraph("Agenda item 20", ("mark", "*", "A/79/50."))
    doc.paragraph("Promotion and protection of the sample", style="Heading 2")
    doc.paragraph("Report on the sample subject", style="Title")
    doc.paragraph("Report of the Secretary-General")
    doc.paragraph("I.\tIntroduction", style="Heading 1")
    numbers = [n for n in range(1, 6) if n != skip]
    texts = {
        1: ("1.\tThe present report is submitted pursuant to General Assembly resolution 78/166.",),
        2: ("2.\tThe Assembly adopted the 2030 Agenda", ("note", "Resolution 70/1."),
            " and asked for a report (see A/78/210)."),
        3: ("3.\tMore is online at ", ("link", "the UN website", "https://www.un.org/en/"), "."),
        4: (("bold", "4."), "\tMember States were invited to do the following:"),
        5: ("5.\tThe present report covers the period", ("note", "See A/78/210, para. 4."), " of one year."),
    }
    for n in numbers:
        if n == 5:
            doc.paragraph("II.\tActivities", style="Heading 1")
        doc.paragraph(*texts[n])
        if n == 4:
            doc.paragraph("(a)\tTo report on progress;")
            doc.paragraph("(b)\tTo share good practice.")
    return doc.bytes()


@pytest.fixture(scope="module")
def report():
    reporter = Reporter()
    data = un_report()
    tree = read_source(data, "N2412345.docx", reporter, ReadOptions(source_date_epoch=0))
    return tree, reporter, data


def test_detected_by_content_whatever_the_name(report):
    _, _, data = report
    assert source_kind(data) == "docx"


def test_metadata_from_the_masthead_in_the_header_and_the_language_marks(report):
    tree, _, _ = report
    info = model.document_info(tree)
    assert (info.symbol, info.language, info.kind, info.date) == ("A/79/123", "en", "report", "2024-07-01")
    assert model.xpath(tree, "string(//a:longTitle)") == "Report on the sample subject"


def test_typed_numbers_headings_and_lists(report):
    tree, reporter, _ = report
    assert [model.xpath(s, "string(a:num)") + " " + model.xpath(s, "string(a:heading)")
            for s in model.xpath(tree, "//a:section")] == ["I. Introduction", "II. Activities"]
    paragraphs = model.xpath(tree, "//a:paragraph")
    assert [p.get("eId") for p in paragraphs] == [f"para_{n}" for n in range(1, 6)]
    assert model.xpath(paragraphs[0], "string(a:content/a:p)").startswith("The present report is submitted")
    assert model.xpath(paragraphs[3], "string(a:num)") == "4."            # bold number typed in Word
    items = model.xpath(paragraphs[3], "a:list/a:point")
    assert [model.xpath(i, "string(a:num)") for i in items] == ["(a)", "(b)"]
    assert not [d for d in reporter.diagnostics if d.level >= Level.WARNING]


def test_footnotes_at_their_calls_with_word_numbers_and_custom_marks(report):
    tree, _, _ = report
    notes = model.xpath(tree, "//a:authorialNote")
    assert [(n.get("marker"), n.get("eId"), model.flow_text(n)) for n in notes] == [
        ("*", "fn_star", "A/79/50."), ("1", "fn_1", "Resolution 70/1."), ("2", "fn_2", "See A/78/210, para. 4.")]
    call = notes[1].getparent()
    assert model.flow_text(call).startswith("The Assembly adopted the 2030 Agenda and asked")
    assert model.flow_text(call, notes=True).startswith("The Assembly adopted the 2030 AgendaResolution 70/1.")


def test_symbols_linked_and_hyperlinks_kept(report):
    tree, reporter, _ = report
    hrefs = {el.text: el.get("href") for el in model.xpath(tree, "//a:ref")}
    assert hrefs["78/166"] == "https://undocs.org/en/A/RES/78/166"
    assert hrefs["A/78/210"] == "https://undocs.org/en/A/78/210"
    assert hrefs["70/1"] == "https://undocs.org/en/A/RES/70/1"                     # inside a note
    assert model.xpath(tree, "string(//a:a[@class='url']/@href)") == "https://www.un.org/en/"
    assert any(d.code == "symbol-linked" for d in reporter.diagnostics)


def test_a_numbering_gap_is_reported_at_its_word_paragraph():
    reporter = Reporter()
    read_source(un_report(skip=3), "N2412345.docx", reporter, ReadOptions(source_date_epoch=0))
    gaps = [d for d in reporter.diagnostics if d.code == "paragraph-number-gap"]
    assert len(gaps) == 1
    # Paragraphs of the Word file: 1 session, 2 item, 3 item title, 4 title, 5 proponent, 6 heading,
    # 7 "1.", 8 "2.", 9 "4."
    assert (gaps[0].pos.path, gaps[0].pos.line, gaps[0].pos.column) == ("N2412345.docx", 9, 1)


def test_word_numbered_list_gets_its_printed_numbers():
    """Paragraph numbers made by Word's numbering (style "List Number"), not typed."""
    doc = WordDocument()
    doc.paragraph("Report of the Secretary-General")
    doc.paragraph("I.\tIntroduction", style="Heading 1")
    for text in ("First paragraph of the report.", "Second paragraph of the report."):
        doc.paragraph(text, style="List Number")
    tree = read_source(doc.bytes(), "A_79_1-EN.docx", Reporter(), ReadOptions(source_date_epoch=0))
    assert [model.xpath(p, "string(a:num)") for p in model.xpath(tree, "//a:paragraph")] == ["1.", "2."]


def test_no_symbol_anywhere_is_one_clear_error():
    doc = WordDocument()
    doc.paragraph("I.\tIntroduction", style="Heading 1")
    doc.paragraph("1.\tText.")
    with pytest.raises(SourceError) as err:
        read_source(doc.bytes(), "memo.docx", Reporter())
    assert "symbol" in str(err.value) and err.value.pos.path == "memo.docx"


def test_paragraph_texts_are_the_lines_diagnostics_count(report):
    """What pipeline serve shows as a Word file's source: line N of a diagnostic is its N-th text."""
    from pipeline.readers.docx import paragraph_texts
    tree, reporter, data = report
    texts = paragraph_texts(data, "N2412345.docx")
    assert texts[6].startswith("1. The present report") and texts[-1] == "See A/78/210, para. 4."
    linked = [d for d in reporter.diagnostics if d.code == "symbol-linked" and "78/166" in d.message]
    assert len(linked) == 1 and texts[linked[0].pos.line - 1][linked[0].pos.column - 1:].startswith("78/166")


def test_a_title_first_stays_in_the_document():
    """Pandoc moves leading Title/Author/Date paragraphs into its metadata; a UN document's title
    paragraph (or date line) at the top is text of the document and is kept."""
    doc = WordDocument()
    doc.paragraph("Report on the sample subject", style="Title")
    doc.paragraph("Report of the Secretary-General")
    doc.paragraph("I.\tIntroduction", style="Heading 1")
    doc.paragraph("1.\tText of the report.")
    tree = read_source(doc.bytes(), "A_79_1-EN.docx", Reporter(), ReadOptions(source_date_epoch=0))
    assert model.xpath(tree, "string(//a:longTitle)") == "Report on the sample subject"


def test_a_table_is_a_table_with_its_heads_spans_and_notes():
    """A table of the Word file (not the masthead's) is an AKN table: head rows of ``th``, a
    head over two columns with its ``colspan``, cells with their own notes at their calls; and
    what the DOCX writer writes reads back as the table it was."""
    doc = WordDocument()
    doc.paragraph("Report of the Secretary-General")
    doc.paragraph("I.\tIntroduction", style="Heading 1")
    doc.paragraph("1.\tThe resources are the following:")
    table = doc.document.add_table(rows=3, cols=3)
    head = table.rows[0].cells
    head[0].text = "Category"
    head[1].merge(head[2]).text = "Resources"
    for row, values in zip(table.rows[1:], (("Posts", "12", "14"), ("Travel", "3", "5"))):
        for cell, value in zip(row.cells, values):
            cell.text = value
    # python-docx marks no header row: Word's "repeat as header row" makes the first one a head.
    tr_pr = table.rows[0]._tr.get_or_add_trPr()
    tr_pr.append(OxmlElement("w:tblHeader"))
    doc.note_call(table.rows[2].cells[0].paragraphs[0], "Including meetings.", None)
    doc.paragraph("2.\tThe Committee took note of them.")
    reporter = Reporter()
    tree = read_source(doc.bytes(), "A_79_1-EN.docx", reporter, ReadOptions(source_date_epoch=0))
    tables = model.xpath(tree, "//a:table")
    assert len(tables) == 1 and not [d for d in reporter.diagnostics if d.code == "table-flattened"]
    rows = [[(c.tag.split("}")[1], model.flow_text(c).strip(), c.get("colspan")) for c in tr]
            for tr in model.xpath(tables[0], "a:tr")]
    assert rows == [[("th", "Category", None), ("th", "Resources", "2")],
                    [("td", "Posts", None), ("td", "12", None), ("td", "14", None)],
                    [("td", "Travel", None), ("td", "3", None), ("td", "5", None)]]
    assert model.xpath(tables[0], "string(.//a:authorialNote)").strip() == "Including meetings."
    # In the paragraph that introduces it, between paragraphs 1 and 2.
    assert [model.xpath(p, "string(a:num)") for p in model.xpath(tree, "//a:paragraph")] == ["1.", "2."]
    assert model.xpath(tables[0], "ancestor::a:paragraph/a:num/text()") == ["1."]

    from pipeline.writers import WriteOptions
    from pipeline.writers.docx import write_docx
    again = read_source(write_docx(tree, WriteOptions(source_date_epoch=0)), "A_79_1-EN.docx", Reporter(),
                        ReadOptions(source_date_epoch=0))
    assert [[(c.tag, model.flow_text(c).strip(), c.get("colspan")) for c in tr]
            for tr in model.xpath(again, "//a:table/a:tr")] == \
        [[(c.tag, model.flow_text(c).strip(), c.get("colspan")) for c in tr] for tr in model.xpath(tree, "//a:table/a:tr")]
