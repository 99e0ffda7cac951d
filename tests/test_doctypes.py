"""Issue 13: kinds of UN documents that shared/ does not hold, read from their PDF.

Draft resolutions and decisions ("L." documents, a revision), corrigenda (numbered and not), a
verbatim record set in two columns, a Security Council record with its members' list, a summary
record, a provisional agenda, a note verbale and a letter with their annexes and an enclosure,
resolutions of the Security Council, the Human Rights Council and the Economic and Social Council,
a presidential statement, a Secretary-General's bulletin (sections, paragraphs 1.1, 1.2) and a
report with a dated contents page, written in the UN's layout by
``doctypes_sources`` and printed by WeasyPrint: each is read with no refusal and nothing lost
(every word of the page in the model, furniture aside), its masthead identity, its cover (a
draft's sponsors and title, a record's meeting) and its structure; then built to every format
and held to the validators (the OASIS schema, the Nu checker, EPUBCheck, the XLIFF 2.1 schema,
the PDF's tags and fonts, Word's package opened by python-docx).
"""

from __future__ import annotations

import concurrent.futures
import io
import re
import subprocess
from collections import Counter

import pikepdf
import pytest

import doctypes_sources
from conftest import AKN_XSD
from pipeline import model, read_source, write
from pipeline.diagnostics import Reporter
from pipeline.readers.text import ReadOptions
from pipeline.writers import WriteOptions
from validators import epubcheck, vnu
from validators import pdf as pdfcheck
from validators import xliff as xliffcheck

EPOCH = 1_700_000_000
NAMES = sorted(doctypes_sources.DOCUMENTS)


@pytest.fixture(scope="module")
def sources(tmp_path_factory) -> dict:
    """{name: (pdf path, facts)} for every document of ``doctypes_sources``."""
    folder = tmp_path_factory.mktemp("doctypes")

    def make(name):
        document, facts = doctypes_sources.DOCUMENTS[name]()
        path = folder / f"{name}.pdf"
        path.write_bytes(doctypes_sources.pdf(document))
        return name, (path, facts)

    with concurrent.futures.ThreadPoolExecutor(max_workers=2) as pool:
        return dict(pool.map(make, NAMES))


def read(path):
    reporter = Reporter()
    tree = read_source(path.read_bytes(), path.name, reporter, ReadOptions(source_date_epoch=EPOCH))
    return tree, reporter


def find(tree, path: str) -> list:
    return model.xpath(tree.getroot(), path)


def text_of(el) -> str:
    return " ".join("".join(el.itertext()).split())


WORD = re.compile(r"\w+(?:['’.]\w+)*")     # (hyphens removed first: poppler drops a line-end one)
#: (and the masthead symbol's first letter, drawn apart: "S" over "T/SGB/2024/1"; the note rule)
FURNITURE = re.compile(r"^\s*(?:\d{2}-\d{5} \(E\).*|\*\d{7}\*|\d+/\d+|[A-Z]/[\w./]+|[A-Z]|_{8,})\s*$")


def words_of_model(tree) -> Counter:
    """The words of the model's text, with each note's marker twice (its call and the number
    before its body, which the page prints and the model keeps as ``@marker``)."""
    doc = model.document_element(tree)
    words = Counter(WORD.findall(" ".join(doc.itertext()).replace("-", "")))
    words.update(m for m in model.xpath(doc, ".//a:authorialNote/@marker") if m.isdigit() for _ in range(2))
    return words


def dropped_words(facts: dict) -> Counter:
    """The words of what the document's facts say the reader drops as page furniture (a table
    of contents)."""
    return Counter(WORD.findall(facts.get("dropped", "").replace("-", "")))


def page_words(path) -> Counter:
    """The words poppler reads on the pages (its own reading order: columns apart), the job
    number, barcode, running head and folio aside."""
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    return Counter(w for line in text.splitlines() if not FURNITURE.match(line)
                   for w in WORD.findall(line.replace("-", "")))


@pytest.mark.parametrize("name", NAMES)
def test_read_without_loss(sources, name):
    path, facts = sources[name]
    tree, reporter = read(path)
    info = model.document_info(tree)
    assert info.symbol == facts["symbol"]
    lost = page_words(path) - words_of_model(tree) - dropped_words(facts)
    assert not lost, f"words of the page missing from the model: {dict(lost)}"
    # No table where the page has none (a verbatim record's columns are text).
    assert find(tree, "//a:table") == []
    assert [str(d) for d in reporter.diagnostics if d.level.name in ("WARNING", "ERROR")] == []


def test_draft_resolution(sources):
    path, facts = sources["A_C.3_79_L.12"]
    tree, _ = read(path)
    masthead = [text_of(p) for p in find(tree, "//a:coverPage//a:p")]
    assert "Distr.: Limited" in masthead and "A/C.3/79/L.12" in masthead
    assert model.document_info(tree).date == facts["date"]
    assert [text_of(p) for p in find(tree, "//a:preface/a:p[@class='proponent']")] == [facts["sponsor"]]
    assert text_of(find(tree, "//a:docProponent")[0]) == "Argentina, Brazil, Chile, Ecuador and Paraguay"
    assert text_of(find(tree, "//a:docStage")[0]) == "draft resolution"
    assert [text_of(t) for t in find(tree, "//a:preface/a:longTitle//a:docTitle")] == [facts["title"]]
    assert [text_of(p) for p in find(tree, "//a:preface/a:p[@class='agendaItem']")] == [facts["agenda"]]
    # A resolution's structure: the formula, preambular and operative paragraphs, list points.
    assert model.document_element(tree).tag == model.akn("statement")
    assert text_of(find(tree, "//a:preamble/a:formula")[0]) == "The General Assembly,"
    assert len(find(tree, "//a:preamble/a:container[@name='preambularParagraph']")) == facts["preamble"]
    assert [text_of(n) for n in find(tree, "//a:mainBody/a:paragraph/a:num")] == ["1.", "2.", "3.", "4."]
    assert len(find(tree, "//a:mainBody//a:point")) == facts["items"]
    assert find(tree, "//a:mainBody//a:hcontainer") == []       # the title is no heading of the body


def test_revised_draft_resolution(sources):
    tree, _ = read(sources["A_79_L.5_Rev.1"][0])
    assert model.document_info(tree).symbol == "A/79/L.5/Rev.1"
    assert text_of(find(tree, "//a:docStage")[0]) == "revised draft resolution"
    assert len(find(tree, "//a:mainBody/a:paragraph")) == 4


def test_draft_decision(sources):
    path, facts = sources["E_2025_L.10"]
    tree, _ = read(path)
    assert model.document_info(tree).organ == "ecosoc"
    # The sponsor line wraps onto a second line: one proponent line, whole.
    assert [text_of(p) for p in find(tree, "//a:preface/a:p[@class='proponent']")] == [facts["sponsor"]]
    assert [text_of(t) for t in find(tree, "//a:docTitle")] == [facts["title"]]
    assert len(find(tree, "//a:mainBody/a:paragraph")) == 1


def test_corrigendum(sources):
    path, facts = sources["A_79_352_Corr.1"]
    tree, _ = read(path)
    assert [text_of(t) for t in find(tree, "//a:docTitle")] == [facts["title"]]
    assert "Corrigendum" in [text_of(p) for p in find(tree, "//a:preface/a:p[@class='subtitle']")]
    assert [text_of(n) for n in find(tree, "//a:mainBody/a:paragraph/a:num")] == ["1.", "2.", "3."]
    # Each correction one paragraph: where, then what to change there, in the order printed.
    corrections = [[text_of(p) for p in model.xpath(para, "a:content/a:p")]
                   for para in find(tree, "//a:mainBody/a:paragraph")]
    assert corrections == [
        ["Paragraph 5, third line", "For 12 per cent read 21 per cent"],
        ["Paragraph 17, first sentence", "The sentence should read",
         "Since 2020, social protection coverage has grown in 41 countries, but remains below half of the "
         "population in most low-income countries."],
        ["Annex, table 2, column headed \u201c2023\u201d", "For 4.6 read 6.4"]]
    assert find(tree, "//a:mainBody//a:hcontainer") == []


@pytest.mark.parametrize("form", ["pdf", "pdftotext", "pymupdf"])
def test_unnumbered_corrigendum(sources, form):
    """E/2025/8/Corr.1: unnumbered corrections, each its place (in italics, no full stop: not a
    heading) and what to change there, one paragraph each; so from its extracts too."""
    path, facts = sources["E_2025_8_Corr.1"]
    if form == "pdf":
        tree, _ = read(path)
    else:
        tree = read_source(extract(path, form), "E_2025_8_Corr.1.txt", Reporter(),
                           ReadOptions(source_date_epoch=EPOCH))
    corrections = [[text_of(p) for p in model.xpath(para, "a:content/a:p")]
                   for para in find(tree, "//a:mainBody/a:paragraph")]
    assert corrections == facts["corrections"]
    assert find(tree, "//a:mainBody//a:hcontainer") == []


def test_verbatim_record_in_two_columns(sources):
    path, facts = sources["A_79_PV.12"]
    tree, _ = read(path)
    preface = [(p.get("class"), text_of(p)) for p in find(tree, "//a:preface/a:p")]
    assert preface[:2] == [("session", "Seventy-ninth session"), ("sessionDates", "Tuesday, 1 October 2024, 10 a.m.")]
    # A record is titled by its meeting; "Official Records" stands where other documents print
    # their distribution.
    assert [text_of(t) for t in find(tree, "//a:longTitle//a:docTitle")] == ["12th plenary meeting"]
    assert "Official Records" in [text_of(p) for p in find(tree, "//a:coverPage//a:inline[@name='distribution']")]
    assert find(tree, "//a:session/@value") == ["79"]
    # Read as a debate (tests/test_records.py has the rest): the procedural lines around it, each
    # turn one speech, whole across the column break, its speaker in bold first.
    narratives = [text_of(n) for n in find(tree, "//a:debateBody//a:narrative")]
    assert narratives[0] == "The meeting was called to order at 10.05 a.m."
    assert narratives[-1] == "The meeting rose at 1.10 p.m."
    turns = find(tree, "//a:debateBody//a:speech")
    speakers = [text_of(model.xpath(t, "a:from/a:b")[0]) for t in turns]
    first = [s.split(" (")[0] for s in facts["speakers"]]
    assert speakers == first + first[:3] + ["Mr. Okafor"]
    tanaka = next(t for t in turns if text_of(t).startswith("Mr. Tanaka"))
    assert text_of(tanaka).endswith("the reform of the Security Council, which must reflect the realities of the "
                                    "twenty-first century.")
    assert len(model.xpath(turns[3], ".//a:p")) == 1


@pytest.mark.parametrize("name", ["A_79_PV.12", "A_79_PV.13"])
def test_verbatim_record_turns_whole_across_columns_and_pages(sources, name):
    path, facts = sources[name]
    tree, reporter = read(path)
    turns = find(tree, "//a:debateBody//a:speech")
    assert len(turns) == facts["turns"]
    for turn in turns:
        assert len(model.xpath(turn, ".//a:p")) == 1 and text_of(turn).endswith("."), text_of(turn)
    rejoined = [d.message for d in reporter.diagnostics if d.code == "paragraph-rejoined"]
    assert "a paragraph cut by a column break was joined" in rejoined
    if name == "A_79_PV.13":        # two pages: the running head dropped, the page break joined
        assert "a paragraph cut by a page break was joined" in rejoined
        dropped = [d.message for d in reporter.diagnostics if d.code == "furniture-dropped"]
        assert any(m.startswith("running head “A/79/PV.13") for m in dropped), dropped


def test_security_council_record(sources):
    """S/PV.9876: "Provisional" in the masthead, the year as its session, its columns' baselines
    apart (headings in one column only), and a last page of two lines read with the columns of
    the page before it."""
    path, facts = sources["S_PV.9876"]
    tree, reporter = read(path)
    assert model.document_info(tree).organ == "sc"
    assert [text_of(p) for p in find(tree, "//a:coverPage//a:inline[@name='distribution']")] == ["Provisional"]
    assert find(tree, "//a:session/@value") == ["79"]
    assert [text_of(t) for t in find(tree, "//a:longTitle//a:docTitle")] == ["9876th meeting"]
    # The agenda is the cover's (before the meeting opens); the sections are the meeting's.
    assert [text_of(h) for h in find(tree, "//a:preface/a:container[@name='agenda']/a:p")] == \
        ["Agenda", "The situation in the Middle East"]
    assert [text_of(h) for h in find(tree, "//a:debateBody//a:heading")] == \
        ["Adoption of the agenda", "The situation in the Middle East"]
    turns = [text_of(t) for t in find(tree, "//a:debateBody//a:speech")]
    assert all(re.match(r"(The President|M[rs]s?\. \w+)( \(.*?\))?:", t) for t in turns)
    assert len(turns) == facts["turns"] and all(t.endswith(".") for t in turns)
    assert text_of(find(tree, "//a:debateBody//a:narrative")[-1]) == "The meeting rose at 11.40 a.m."
    assert turns[-1].endswith("the reform of the Security Council, which must reflect the realities of the "
                              "twenty-first century.")


@pytest.mark.parametrize("form", ["pdf", "pdftotext", "pymupdf"])
def test_security_council_members_one_a_line(sources, form):
    """The members' list of S/PV.9876, a country and its representative a row, set with leader
    dots: one paragraph a row, none run into the next (nor into "Agenda" after the last)."""
    path, facts = sources["S_PV.9876"]
    if form == "pdf":
        tree, _ = read(path)
    else:
        tree = read_source(extract(path, form), "S_PV.9876.txt", Reporter(), ReadOptions(source_date_epoch=EPOCH))
    texts = [text_of(p) for p in find(tree, "//a:p")]
    rows = [t for t in texts if re.search(r"\. \. \. \.", t) and not t.startswith("President")]
    assert [re.sub(r"\s*(?:\.\s*){4,}", " | ", r) for r in rows] == \
        [("Members: " if i == 0 else "") + f"{country} | {name}" for i, (country, name) in enumerate(facts["members"])]


def test_summary_record(sources):
    tree, _ = read(sources["E_2025_SR.5"][0])
    numbered = find(tree, "//a:debateBody//a:blockContainer[a:num]")
    assert [text_of(model.xpath(p, "a:num")[0]) for p in numbered] == ["1.", "2.", "3.", "4."]
    assert [text_of(b) for b in find(tree, "//a:debateBody//a:speech/a:from/a:b")] == \
        ["The President", "Mr. Hernández", "Ms. Okonjo"]
    assert [text_of(t) for t in find(tree, "//a:docTitle")] == ["Summary record of the 5th meeting"]


def test_provisional_agenda(sources):
    path, facts = sources["A_79_150"]
    tree, _ = read(path)
    assert len(find(tree, "//a:mainBody/a:paragraph[a:num]")) == facts["items"]
    assert len(find(tree, "//a:mainBody//a:point")) == facts["subitems"]


def test_security_council_resolution(sources):
    """S/RES/2719 (2023): its symbol as ODS writes it (the year a space apart, though the
    masthead draws the "S" apart and the reader reads the symbol without its spaces), the line of
    its adoption, the Council's formula, preamble and operative part, its note at its call."""
    path, facts = sources["S_RES_2719_2023"]
    tree, _ = read(path)
    info = model.document_info(tree)
    assert (info.symbol, info.organ, info.date, info.kind) == (facts["symbol"], "sc", facts["date"], "resolution")
    assert find(tree, "//a:FRBRWork/a:FRBRnumber/@showAs") == ["S/RES/2719 (2023)"]
    assert [text_of(n) for n in find(tree, "//a:preface/a:longTitle//a:docNumber")] == [facts["title"]]
    assert [text_of(p) for p in find(tree, "//a:preface/a:p[@class='adoption']")] == [facts["adopted"]]
    assert text_of(find(tree, "//a:preamble/a:formula")[0]) == "The Security Council,"
    assert len(find(tree, "//a:preamble/a:container[@name='preambularParagraph']")) == facts["preamble"]
    assert [text_of(n) for n in find(tree, "//a:mainBody/a:paragraph/a:num")] == ["1.", "2.", "3."]
    assert len(find(tree, "//a:mainBody//a:point")) == facts["items"]
    assert text_of(find(tree, "//a:mainBody/a:paragraph")[-1]).endswith("Decides to remain seized of the matter.")
    note = find(tree, "//a:preamble/a:container[3]//a:authorialNote")
    assert [(n.get("marker"), text_of(n)) for n in note] == [("1", "See S/2023/303, annex.")]
    assert find(tree, "//a:authorialNote//a:ref/@href") == ["https://undocs.org/en/S/2023/303"]


def test_presidential_statement(sources):
    """S/PRST/2024/5: its title, the meeting at which it was made, and the statement's
    paragraphs in quotation marks, unnumbered and none a heading."""
    path, facts = sources["S_PRST_2024_5"]
    tree, _ = read(path)
    assert (model.document_info(tree).organ, model.document_info(tree).date) == ("sc", facts["date"])
    assert [text_of(t) for t in find(tree, "//a:longTitle//a:docTitle")] == [facts["title"]]
    texts = [text_of(p) for p in find(tree, "//a:mainBody/a:paragraph")]
    assert len(texts) == facts["paragraphs"]
    assert texts[0].startswith("At the 9600th meeting") and texts[0].endswith("on behalf of the Council:")
    assert all(t.startswith("\u201cThe Security Council ") for t in texts[1:]) and texts[-1].endswith(".\u201d")
    assert find(tree, "//a:mainBody//a:hcontainer | //a:mainBody//a:num") == []


def test_human_rights_council_resolution(sources):
    """A/HRC/RES/55/1: the session block read by its layout (the session's dates apart from the
    agenda item), the line of adoption, "55/1." and the title, and at the end the meeting, the
    date and the vote as the resolution's conclusions."""
    path, facts = sources["A_HRC_RES_55_1"]
    tree, _ = read(path)
    info = model.document_info(tree)
    assert (info.symbol, info.organ, info.date) == (facts["symbol"], "hrc", facts["date"])
    preface = [(p.get("class"), text_of(p)) for p in find(tree, "//a:preface/a:p")]
    assert preface == [("session", "Human Rights Council Fifty-fifth session"),
                       ("sessionDates", "26 February\u20135 April 2024"), ("agendaItem", "Agenda item 3"),
                       ("agendaTitle", "Promotion and protection of all human rights, civil, political, economic, "
                                       "social and cultural rights, including the right to development"),
                       ("adoption", "Resolution adopted by the Human Rights Council on 4 April 2024")]
    assert find(tree, "//a:preface//a:session/@value") == ["55"]
    assert [text_of(n) for n in find(tree, "//a:longTitle//a:docNumber")] == [facts["number"]]
    assert [text_of(n) for n in find(tree, "//a:longTitle//a:docTitle")] == [facts["title"]]
    # The work's name: the number and the title apart.
    assert find(tree, "//a:FRBRWork/a:FRBRname/@value") == ["55/1. The right to food"]
    assert text_of(find(tree, "//a:preamble/a:formula")[0]) == "The Human Rights Council,"
    assert len(find(tree, "//a:preamble/a:container[@name='preambularParagraph']")) == facts["preamble"]
    assert [text_of(n) for n in find(tree, "//a:mainBody/a:paragraph/a:num")] == ["1.", "2."]
    assert len(find(tree, "//a:mainBody/a:paragraph")) == facts["operative"]
    assert [text_of(p) for p in find(tree, "//a:conclusions/a:p")] == \
        ["56th meeting", "4 April 2024", "[Adopted without a vote.]"]


def test_ecosoc_resolution(sources):
    """E/RES/2024/3: the agenda title that wraps after its colon is one title; the bracketed
    line under the line of adoption is the resolution's origin; the plenary meeting and its date
    close it; a resolution of the Council cited by number is linked to its symbol."""
    path, facts = sources["E_RES_2024_3"]
    tree, _ = read(path)
    assert model.document_info(tree).organ == "ecosoc"
    preface = [(p.get("class"), text_of(p)) for p in find(tree, "//a:preface/a:p")]
    assert preface[:4] == [("session", "2024 session"), ("sessionDates", "27 July 2023\u201324 July 2024"),
                           ("agendaItem", "Agenda item 18 (e)"),
                           ("agendaTitle", "Economic and environmental questions: cartography")]
    assert [c for c, t in preface[4:]] == ["adoption", "origin"]
    assert preface[-1][1].startswith("[on the recommendation of the Committee of Experts")
    assert [text_of(n) for n in find(tree, "//a:longTitle//a:docNumber")] == [facts["number"]]
    assert len(find(tree, "//a:mainBody/a:paragraph")) == facts["operative"]
    assert [text_of(p) for p in find(tree, "//a:conclusions/a:p")] == ["22nd plenary meeting", "5 June 2024"]
    assert "https://undocs.org/en/E/RES/2016/27" in find(tree, "//a:preamble//a:ref/@href")


@pytest.mark.parametrize("form", ["pdftotext", "pymupdf"])
@pytest.mark.parametrize("name", ["A_HRC_RES_55_1", "E_RES_2024_3"])
def test_resolution_extract(sources, name, form):
    """The two resolutions as plain text: the line of adoption, its bracketed origin, the number
    and title (not run into the line of adoption), the operative part, and the meeting and date
    as conclusions (not run into the last paragraph)."""
    path, facts = sources[name]
    tree = read_source(extract(path, form), f"{name}.txt", Reporter(), ReadOptions(source_date_epoch=EPOCH))
    assert [text_of(p) for p in find(tree, "//a:preface/a:p[@class='adoption']")] == [
        f"Resolution adopted by the {'Human Rights' if 'HRC' in name else 'Economic and Social'} Council on "
        + ("4 April 2024" if "HRC" in name else "5 June 2024")]
    assert len(find(tree, "//a:preface/a:p[@class='origin']")) == (0 if "HRC" in name else 1)
    assert [text_of(n) for n in find(tree, "//a:longTitle//a:docNumber")] == [facts["number"]]
    assert [text_of(n) for n in find(tree, "//a:longTitle//a:docTitle")] == [facts["title"]]
    assert len(find(tree, "//a:mainBody/a:paragraph")) == facts["operative"]
    assert [text_of(p) for p in find(tree, "//a:conclusions/a:p")][:2] == (
        ["56th meeting", "4 April 2024"] if "HRC" in name else ["22nd plenary meeting", "5 June 2024"])


def bulletin_checks(tree, facts, signature: bool = True) -> None:
    assert model.document_info(tree).organ == "secretariat"
    assert [text_of(p) for p in find(tree, "//a:preface/a:p[@class='docType']/a:docType")] == \
        ["Secretary-General\u2019s bulletin"]
    assert [text_of(t) for t in find(tree, "//a:longTitle//a:docTitle")] == [facts["title"]]
    sections = find(tree, "//a:mainBody/a:section")
    assert [(text_of(model.xpath(s, "a:num")[0]), text_of(model.xpath(s, "a:heading")[0])) for s in sections] == \
        [(f"Section {n}", heading) for n, heading in enumerate(facts["sections"], 1)]
    assert [s.get("eId") for s in sections] == ["sec_1", "sec_2", "sec_3"]
    assert [text_of(n) for n in find(tree, "//a:mainBody/a:section/a:paragraph/a:num")] == facts["numbers"]
    assert find(tree, "//a:paragraph[a:num='1.1']/@eId") == ["para_1.1"]
    if signature:       # the signature's two lines, each set right: apart
        assert [text_of(p) for p in find(tree, "//a:mainBody/a:section[3]/a:paragraph[not(a:num)]")] == \
            ["(Signed) Ant\u00f3nio Guterres", "Secretary-General"]


def test_secretary_generals_bulletin(sources):
    """ST/SGB/2024/1: "Secretary-General’s bulletin" is the document's type, the title below it;
    "Section 1" over "Definitions" is a numbered section, its paragraphs numbered 1.1, 1.2."""
    path, facts = sources["ST_SGB_2024_1"]
    tree, _ = read(path)
    bulletin_checks(tree, facts)
    assert find(tree, "//a:FRBRWork/a:FRBRname/@value") == [facts["title"]]


def extract(path, form: str) -> bytes:
    """The text a user's tool extracts from the PDF: pdftotext's, or PyMuPDF's ``get_text()``."""
    if form == "pdftotext":
        return subprocess.run(["pdftotext", str(path), "-"], capture_output=True, check=True).stdout
    import pymupdf
    with pymupdf.open(path) as doc:
        return "".join(page.get_text() for page in doc).encode("utf-8")


@pytest.mark.parametrize("form", ["pdftotext", "pymupdf"])
@pytest.mark.parametrize("name", NAMES)
def test_an_extract_is_read_without_refusal_or_loss(sources, name, form):
    """The same documents as plain text: the symbol from the masthead (not the file name, which
    here carries none), every word of the text in the model but the page furniture, no
    furniture left as text."""
    path, facts = sources[name]
    data = extract(path, form)
    tree = read_source(data, f"{name}.txt", Reporter(), ReadOptions(source_date_epoch=EPOCH))
    assert model.document_info(tree).symbol == facts["symbol"]
    doc = model.document_element(tree)
    model_words = words_of_model(tree)
    text = data.decode("utf-8").replace("-\n", "")        # (a word hyphenated at a line end: one word)
    words = Counter(w for line in text.splitlines() if not FURNITURE.match(line)
                    for w in WORD.findall(line.replace("-", "")))
    lost = words - model_words - dropped_words(facts)
    assert not lost, f"words of the extract missing from the model: {dict(lost)}"
    body = [text_of(p) for p in model.xpath(doc, "(a:mainBody | a:preamble | a:debateBody)//*[self::a:p or self::a:from or self::a:narrative]")]
    assert [b for b in body if FURNITURE.match(b)] == []


@pytest.mark.parametrize("form", ["pdftotext", "pymupdf"])
def test_bulletin_extract(sources, form):
    """The bulletin as plain text: "Section 1" and its heading on lines of their own, "1.1" alone
    on its line (pdftotext) or before its text: the same sections and numbers."""
    path, facts = sources["ST_SGB_2024_1"]
    tree = read_source(extract(path, form), "ST_SGB_2024_1.txt", Reporter(), ReadOptions(source_date_epoch=EPOCH))
    bulletin_checks(tree, facts, signature=False)


def test_note_verbale(sources):
    path, facts = sources["A_79_412"]
    tree, _ = read(path)
    assert [text_of(t) for t in find(tree, "//a:longTitle//a:docTitle")] == [facts["title"]]
    texts = [text_of(p) for p in find(tree, "//a:mainBody//a:paragraph")]
    assert texts[0].startswith("The Permanent Mission of Chile to the United Nations presents its compliments")
    assert texts[1].endswith("under agenda item 68.")
    assert [text_of(n) for n in find(tree, "//a:mainBody//a:paragraph/a:num")] == ["1.", "2."]
    # "Annex to the note verbale dated …" opens the annex, an attachment as in AKN4UN, its
    # heading that line; the paragraphs of the report annexed number from 1 in it.
    annexes = model.annexes(tree)
    assert [a.get("eId") for a in annexes] == ["annex_1"]
    assert text_of(model.xpath(annexes[0], "a:heading")[0]).startswith(
        "Annex to the note verbale dated 1 October 2024 from the Permanent Mission of Chile")
    assert [text_of(n) for n in model.xpath(annexes[0], ".//a:paragraph/a:num")] == ["1.", "2."]
    assert find(tree, "/a:akomaNtoso/a:doc/a:mainBody//a:heading") == []


def test_letter_with_annex_and_enclosure(sources):
    """A letter transmitting a letter (its annex) that encloses a report: the annex and the
    enclosure are the document's attachments, in order, each under its heading; each signature's
    name, title and office (lines set right) are paragraphs apart, not one run-on line."""
    path, facts = sources["S_2025_612"]
    tree, _ = read(path)
    assert [a.get("eId") for a in model.annexes(tree)] == ["annex_1", "enclosure_1"]
    annex, enclosure = model.annexes(tree)
    assert text_of(model.xpath(annex, "a:heading")[0]) == (
        "Annex to the letter dated 30 September 2025 from the Secretary-General addressed to the President "
        "of the Security Council")
    assert text_of(model.xpath(enclosure, "a:heading")[0]) == "Enclosure"
    assert [text_of(n) for n in model.xpath(enclosure, ".//a:paragraph/a:num")] == ["1.", "2."]
    for part, signature in zip([model.xpath(tree.getroot(), "/a:akomaNtoso/a:doc/a:mainBody")[0], annex],
                               facts["signatures"]):
        texts = [text_of(p) for p in model.xpath(part, ".//a:paragraph")]
        assert texts[-len(signature):] == signature


def test_dated_contents_page(sources):
    """A/80/44: the report's date in brackets over its contents page is front matter (in the
    preface), not the body's first paragraph; the contents are dropped, the body starts at I.;
    "Item 68 of the preliminary list" is the agenda item."""
    path, facts = sources["A_80_44"]
    tree, reporter = read(path)
    assert [text_of(p) for p in find(tree, "//a:preface/a:p[@class='frontMatter']")] == [facts["date_line"]]
    assert [text_of(p) for p in find(tree, "//a:preface/a:p[@class='agendaItem']")] == ["Item 68 of the preliminary list"]
    assert [text_of(h) for h in find(tree, "//a:mainBody/a:section/a:heading")] == facts["chapters"]
    assert model.document_element(tree).find(model.akn("mainBody"))[0].tag == model.akn("section")
    assert "table of contents" in [d.message.split(": ")[0].split(" (")[0] for d in reporter.diagnostics
                                   if d.code == "furniture-dropped"] or any(
        "contents" in d.message for d in reporter.diagnostics if d.code == "furniture-dropped")


@pytest.fixture(scope="module")
def built(sources, tmp_path_factory) -> dict:
    """{name: {format: path}}: every format of every document."""
    folder = tmp_path_factory.mktemp("doctypes-built")
    options = WriteOptions(source_date_epoch=EPOCH)
    formats = [("akn", ".akn.xml", options), ("html", ".html", options), ("pdf", ".pdf", options),
               ("epub", ".epub", options), ("docx", ".docx", options),
               ("xliff", ".fr.xlf", WriteOptions(source_date_epoch=EPOCH, target_language="fr"))]

    def build(name):
        tree, _ = read(sources[name][0])
        paths = {}
        for fmt, suffix, opts in formats:
            path = folder / f"{name}{suffix}"
            path.write_bytes(write(tree, fmt, opts))
            paths[fmt] = path
        return name, paths

    with concurrent.futures.ThreadPoolExecutor(max_workers=2) as pool:
        return dict(pool.map(build, NAMES))


def test_every_format_is_valid(built):
    for name, paths in built.items():
        model.validate(model.parse_model(paths["akn"].read_bytes(), paths["akn"].name), AKN_XSD)
        with pikepdf.open(paths["pdf"]) as pdf:
            assert "/StructTreeRoot" in pdf.Root and str(pdf.Root.Lang) == "en", name
        assert [f.name for f in pdfcheck.pdffonts(paths["pdf"]) if not f.embedded] == [], name
        assert xliffcheck.schema_21().validate(xliffcheck._parse(paths["xliff"].read_bytes())), name
        import docx
        assert docx.Document(io.BytesIO(paths["docx"].read_bytes())).paragraphs, name
    messages = vnu.check([paths["html"] for paths in built.values()])
    assert [str(m) for m in messages if m.kind in ("error", "warning")] == []


@pytest.mark.parametrize("name", ["A_C.3_79_L.12", "A_79_PV.12", "A_79_352_Corr.1"])
def test_epub_passes_epubcheck(built, name):
    report = epubcheck.check(built[name]["epub"])
    assert [str(m) for m in report.of("FATAL", "ERROR", "WARNING")] == []


def test_speaker_and_sponsor_reach_the_html(built):
    html = built["A_79_PV.12"]["html"].read_text()
    assert '<span class="from"><b>Mr. Smith</b> (United Kingdom):</span> Let me begin' in html
    html = built["A_C.3_79_L.12"]["html"].read_text()
    # The sponsors stand over the title, in the text column, not in the cover's session block.
    assert "proponent" not in html[html.index('<div class="cover">'):html.index("<main")]
    assert re.search(r'class="proponent"[^>]*>.*Argentina, Brazil, Chile, Ecuador and Paraguay.*: .*draft resolution',
                     html)
