"""Issue 13: meeting records — verbatim (A/79/PV.12, S/PV.9876) and summary (E/2025/SR.5) —
read from their PDF and its text extracts into AKN's ``debate``, and carried by every writer.

The records are ``doctypes_sources``' (the UN's layout: two columns, the speaker in bold), in
English, French ("Le Président :"), Russian ("Председатель:") and Chinese ("主席：").  Each is read as a ``debate``
(AKN4UN: subtype ``record``, ``name="verbatimRecord"``/``"summaryRecord"``) whose speeches have
their ``from`` as printed, a ``by`` that names a ``TLCPerson`` and an ``as`` a ``TLCRole``, whose
procedural lines are ``narrative`` and whose sections are the agenda items, valid against the
OASIS schema, with every word of the page in the model in order; the same from pdftotext's and
PyMuPDF's extracts.  Then HTML (axe, the Nu checker), EPUB (EPUBCheck, Ace), the tagged PDF (the
speaker's name in a bold font at the start of the turn), XLIFF (a unit per ``from``, identity
round trip) and Word (the name in a bold run opening the turn's paragraph).
"""

from __future__ import annotations

import concurrent.futures
import copy
import io
import re
import subprocess
from collections import Counter

import pytest
from lxml import etree

import doctypes_sources
from conftest import AKN_XSD, copy_source_to_target
from pipeline import model, read_source, write
from pipeline.diagnostics import Reporter
from pipeline.merge import merge_xliff
from pipeline.readers.text import ReadOptions
from pipeline.writers import WriteOptions
from validators import ace, axe, epubcheck, vnu

EPOCH = 1_700_000_000

RECORDS = {
    "A_79_PV.12": doctypes_sources.verbatim_record,
    "A_79_PV.13": lambda: doctypes_sources.verbatim_record("A/79/PV.13", rounds=4),
    "S_PV.9876": doctypes_sources.security_council_record,
    "E_2025_SR.5": doctypes_sources.summary_record,
    "A_79_PV.12-FR": lambda: doctypes_sources.verbatim_record_in("fr"),
    "A_79_PV.12-RU": lambda: doctypes_sources.verbatim_record_in("ru"),
    "A_79_PV.12-ZH": lambda: doctypes_sources.verbatim_record_in("zh"),
    "A_79_PV.20": doctypes_sources.verbatim_record_with_acting_president,
}
NAMES = sorted(RECORDS)


@pytest.fixture(scope="module")
def sources(tmp_path_factory) -> dict:
    """{name: (pdf path, facts)}."""
    folder = tmp_path_factory.mktemp("records")

    def make(name):
        document, facts = RECORDS[name]()
        path = folder / f"{name}.pdf"
        path.write_bytes(doctypes_sources.pdf(document))
        return name, (path, facts)

    with concurrent.futures.ThreadPoolExecutor(max_workers=2) as pool:
        return dict(pool.map(make, NAMES))


def read(data: bytes, name: str):
    reporter = Reporter()
    return read_source(data, name, reporter, ReadOptions(source_date_epoch=EPOCH)), reporter


def find(node, path: str, **kw) -> list:
    return model.xpath(node.getroot() if hasattr(node, "getroot") else node, path, **kw)


def text_of(el) -> str:
    return " ".join("".join(el.itertext()).split())


def speeches(tree) -> list[tuple[str, str, str, str]]:
    """Each speech's ``from`` as printed, its speaker's and capacity's ``showAs``, its text."""
    out = []
    for speech in find(tree, "//a:debateBody//a:speech"):
        person = find(tree, "//a:references/a:TLCPerson[@eId=$id]/@showAs", id=speech.get("by")[1:])
        role = find(tree, "//a:references/a:TLCRole[@eId=$id]/@showAs", id=(speech.get("as") or "#")[1:])
        assert len(person) == 1, f"{speech.get('by')} names no TLCPerson"
        assert speech.get("as") is None or len(role) == 1, f"{speech.get('as')} names no TLCRole"
        rest = " ".join(text_of(p) for p in speech.iter(model.akn("p")))
        out.append((text_of(model.xpath(speech, "a:from")[0]), person[0], role[0] if role else "", rest))
    return out


#: A word; a Chinese character is one (a Chinese line breaks anywhere, between any two).
WORD = re.compile(r"[\u3400-\u9fff]|[^\W\u3400-\u9fff]+(?:['’.][^\W\u3400-\u9fff]+)*")
FURNITURE = re.compile(r"^\s*(?:\d{2}-\d{5} \([A-Z]\).*|\*\d{7}\*|\d+/\d+|[A-Z]/[\w./]+)\s*$")


def words(text: str) -> list[str]:
    return WORD.findall(text.replace("-", ""))


@pytest.mark.parametrize("name", NAMES)
def test_a_record_is_a_debate(sources, name):
    path, facts = sources[name]
    tree, reporter = read(path.read_bytes(), path.name)
    doc = model.document_element(tree)
    summary = "/SR." in facts["symbol"]
    assert model.local(doc) == "debate"
    assert doc.get("name") == ("summaryRecord" if summary else "verbatimRecord")
    assert find(tree, "//a:FRBRWork/a:FRBRsubtype/@value") == ["record"]
    assert find(tree, "//a:FRBRWork/a:FRBRuri/@value")[0].startswith("/akn/un/debate/record/")
    assert find(tree, "//a:mainBody") == []
    model.validate(tree, AKN_XSD)
    assert [str(d) for d in reporter.diagnostics if d.level.name in ("WARNING", "ERROR")] == []
    # Nothing lost: every word poppler reads on the pages, furniture aside, is in the model; and
    # from the meeting's first line on, each line poppler reads (poppler orders a page's pieces
    # its own way) is a run of the debate's words, in order.  (A summary record's paragraph
    # number is its paragraph's, after the speaker its speech names: numbers aside.)
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    lines = [line for line in text.splitlines() if not FURNITURE.match(line)]
    assert not Counter(w for line in lines for w in words(line)) - Counter(words(" ".join(doc.itertext())))
    opening = text_of(find(tree, "//a:debateBody//a:narrative")[0])
    start = next(i for i, line in enumerate(lines) if line.strip() and opening.startswith(line.strip()[:20]))
    debate = copy.deepcopy(find(tree, "//a:debateBody")[0])
    for num in debate.iter(model.akn("num")):
        num.text = ""
    body = " " + " ".join(words(" ".join(debate.itertext()))) + " "
    for i, line in enumerate(lines[start:], start):
        run = words(re.sub(r"^\s*\d{1,3}\.(?:\s|$)", "", line))
        if line.rstrip().endswith("-"):
            run = run[:-1]          # a word cut at the line's end: its halves are one word in the model
        if i > 0 and lines[i - 1].rstrip().endswith("-"):
            run = run[1:]
        assert not run or f" {' '.join(run)} " in body, f"not in the debate, in this order: {line!r}"


def test_verbatim_record_speeches(sources):
    path, facts = sources["A_79_PV.12"]
    tree, _ = read(path.read_bytes(), path.name)
    turns = speeches(tree)
    expected = [who + ":" if "(" not in who else f"{who.split(' (')[0]} ({who.split(' (')[1]}:"
                for who in facts["speakers"]]
    assert [t[0] for t in turns] == expected + expected[:3] + ["Mr. Okafor (Nigeria):"]
    # "The President" speaks as the presiding officer; the cover says who that is.
    assert turns[0][1:3] == ("Mr. Yang (Cameroon)", "The President")
    assert turns[1][1:3] == ("Mr. Smith (United Kingdom)", "United Kingdom")
    assert turns[1][3].startswith("Let me begin by congratulating you")
    # The same speaker is one TLCPerson, however many turns.
    speech = find(tree, "//a:speech")
    assert speech[1].get("by") == speech[5].get("by") and speech[1].get("by") != speech[2].get("by")
    section = find(tree, "//a:debateSection[a:heading]")[0]
    assert section.get("name") == "agendaItem"
    assert text_of(model.xpath(section, "a:heading")[0]) == "Agenda item 8 (continued)"
    assert text_of(model.xpath(section, "a:subheading")[0]) == "General debate"
    assert [text_of(n) for n in find(tree, "//a:narrative")] == \
        ["The meeting was called to order at 10.05 a.m.", "The meeting rose at 1.10 p.m."]
    # The bold is the name alone, as printed.
    assert [text_of(b) for b in find(tree, "//a:speech[2]/a:from/a:b")] == ["Mr. Smith"]


def test_who_presides(sources):
    """The Acting President's turns are by the Vice-President who took the Chair, until the
    President returns to it; a head of State's address has its own section, his escort in and
    out are procedural lines."""
    path, facts = sources["A_79_PV.20"]
    tree, _ = read(path.read_bytes(), path.name)
    assert [t[:3] for t in speeches(tree)] == facts["turns"]
    assert [text_of(h) for h in find(tree, "//a:debateSection/a:heading")] == facts["headings"]
    assert [text_of(h) for h in find(tree, "//a:debateSection/a:subheading")] == ["General debate"]
    narratives = [text_of(n) for n in find(tree, "//a:narrative")]
    assert len(narratives) == 6 and narratives[2].endswith("was escorted into the General Assembly Hall.")
    # Before the meeting is called to order, the Vice-President's taking the Chair is the meeting's.
    assert narratives[0].startswith("In the absence of the President")
    # A turn of two paragraphs is one speech of two p.
    last = find(tree, "//a:speech")[-1]
    assert [text_of(p)[:20] for p in model.xpath(last, "a:p")] == ["Norway thanks the Pr", "We share his hope th"]


@pytest.mark.parametrize("lang", ["fr", "ru", "zh"])
def test_record_in_another_language(sources, lang):
    path, facts = sources[f"A_79_PV.12-{lang.upper()}"]
    tree, _ = read(path.read_bytes(), path.name)
    assert model.document_info(tree).language == lang
    turns = speeches(tree)
    assert [t[0] for t in turns] == facts["from"]
    assert turns[0][1] == facts["president"]            # "Le Président :" is M. Yang
    assert [text_of(n) for n in find(tree, "//a:narrative")] == facts["narratives"]
    assert [text_of(h) for h in find(tree, "//a:debateSection/a:heading")] == [facts["heading"]]
    assert [text_of(h) for h in find(tree, "//a:debateSection/a:subheading")] == [facts["subheading"]]


def test_security_council_record_cover(sources):
    """What the Council's record prints before the meeting opens (members, agenda) is its cover."""
    path, facts = sources["S_PV.9876"]
    tree, _ = read(path.read_bytes(), path.name)
    preface = text_of(find(tree, "//a:preface")[0])
    for country, representative in facts["members"]:
        assert country in preface and representative in preface
    assert [text_of(p) for p in find(tree, "//a:preface/a:container[@name='agenda']/a:p")] == \
        ["Agenda", "The situation in the Middle East"]
    assert text_of(find(tree, "//a:debateBody/a:debateSection[1]/*[1]")[0]).startswith(
        "The meeting was called to order")
    assert len(speeches(tree)) == facts["turns"]


def test_summary_record(sources):
    """A summary record's numbered paragraphs keep their numbers (``para_N``) in its speeches;
    the speaker's name opens the reported speech ("Mr. Hernández (Mexico) said that …")."""
    path, _ = sources["E_2025_SR.5"]
    tree, _ = read(path.read_bytes(), path.name)
    turns = speeches(tree)
    assert [t[0] for t in turns] == ["The President", "Mr. Hernández (Mexico)", "Ms. Okonjo (Nigeria)"]
    assert turns[0][1] == "Mr. Rae (Canada)"
    assert turns[1][3] == "said that his delegation supported the candidates nominated by the Group of " \
                          "Latin American and Caribbean States."
    assert [c.get("eId") for c in find(tree, "//a:speech/a:blockContainer")] == ["para_1", "para_2", "para_3"]
    # The outcome, numbered, is procedural: in the section, not in the last speech.
    outcome = find(tree, "//a:debateSection/a:blockContainer[@eId='para_4']")
    assert outcome and outcome[0].get("class") == "narrative"
    preface = [text_of(p) for p in find(tree, "//a:preface//a:p")]
    assert "Held at Headquarters, New York, on Thursday, 6 February 2025, at 10 a.m." in preface
    assert "President: Mr. Rae (Canada)" in preface


def extract(path, form: str) -> bytes:
    if form == "pdftotext":
        return subprocess.run(["pdftotext", str(path), "-"], capture_output=True, check=True).stdout
    import pymupdf
    with pymupdf.open(path) as doc:
        return "".join(page.get_text() for page in doc).encode("utf-8")


@pytest.mark.parametrize("name, form", [(name, form) for name in ("A_79_PV.12", "E_2025_SR.5", "S_PV.9876")
                                        for form in ("pdftotext", "pymupdf")]
                         + [("A_79_PV.12-FR", "pymupdf"), ("A_79_PV.20", "pymupdf")])
def test_an_extract_is_read_as_the_same_debate(sources, name, form):
    """Without fonts, the speaker is the title and name before the colon (or before the
    delegation and "said"): the extract gives the PDF's speakers, capacities and narratives.
    (pdftotext reads the French record's and A/79/PV.20's columns in an order of its own, the
    turns of the two columns interleaved: those extracts are not the record's text in order.)"""
    path, _ = sources[name]
    pdf_tree, _ = read(path.read_bytes(), path.name)
    tree, _ = read(extract(path, form), f"{name}.txt")
    assert model.local(model.document_element(tree)) == "debate"
    assert [t[:3] for t in speeches(tree)] == [t[:3] for t in speeches(pdf_tree)]
    assert [text_of(n) for n in find(tree, "//a:narrative")] == [text_of(n) for n in find(pdf_tree, "//a:narrative")]


# ------------------------------------------------------------------ writers

@pytest.fixture(scope="module")
def built(sources, tmp_path_factory) -> dict:
    folder = tmp_path_factory.mktemp("records-built")
    options = WriteOptions(source_date_epoch=EPOCH)
    formats = [("html", ".html", options), ("pdf", ".pdf", options), ("epub", ".epub", options),
               ("docx", ".docx", options)]

    def build(name):
        path = sources[name][0]
        tree, _ = read(path.read_bytes(), path.name)
        paths = {"tree": tree}
        for fmt, suffix, opts in formats:
            out = folder / f"{name}{suffix}"
            out.write_bytes(write(tree, fmt, opts))
            paths[fmt] = out
        return name, paths

    names = ["A_79_PV.13", "E_2025_SR.5", "A_79_PV.12-RU"]
    with concurrent.futures.ThreadPoolExecutor(max_workers=2) as pool:
        return dict(pool.map(build, names))


def test_html_speech_opens_with_its_speaker(built):
    page = etree.parse(str(built["A_79_PV.13"]["html"]), etree.HTMLParser())
    speeches_ = page.xpath("//div[@class='speech']")
    assert len(speeches_) == len(find(built["A_79_PV.13"]["tree"], "//a:speech"))
    first = speeches_[1].xpath("p[1]")[0]
    assert etree.tostring(first, encoding="unicode", method="html").startswith(
        '<p><span class="from"><b>Mr. Smith</b> (United Kingdom):</span> Let me begin')
    assert page.xpath("//p[@class='narrative']/i/text()")[0] == "The meeting was called to order at 10.05 a.m"
    heading = page.xpath("//section[@class='debateSection']/h2")[0]
    assert ["".join(s.itertext()) for s in heading] == ["Agenda item 8 (continued)", "General debate"]
    # A summary record's turn: the number, then the speaker opening the reported speech.
    sr = etree.parse(str(built["E_2025_SR.5"]["html"]), etree.HTMLParser())
    para = sr.xpath("//div[@class='speech']/div[@id='para_2']")[0]
    assert para.xpath("a[@class='num']/text()") == ["2."]
    assert " ".join("".join(para.xpath("p")[0].itertext()).split()) == \
        "Mr. Hernández (Mexico) said that his delegation supported the candidates nominated by the Group of " \
        "Latin American and Caribbean States."


def test_html_and_epub_are_accessible(built):
    files = [paths["html"] for paths in built.values()]
    messages = vnu.check(files)
    assert [str(m) for m in messages if m.kind in ("error", "warning")] == []
    report = axe.run(files)
    assert [v for run in report.runs for v in run.violations] == []
    # EPUBCheck on a verbatim and a summary record, Ace on the verbatim one: one JVM or Chromium
    # each, two at a time.
    with concurrent.futures.ThreadPoolExecutor(max_workers=2) as pool:
        checks = {name: pool.submit(epubcheck.check, built[name]["epub"]) for name in ("A_79_PV.13", "E_2025_SR.5")}
        aced = pool.submit(ace.check, built["A_79_PV.13"]["epub"])
        for name, check in checks.items():
            assert [str(m) for m in check.result().of("FATAL", "ERROR", "WARNING")] == [], name
        assert [str(v) for v in aced.result().violations] == [] and aced.result().outcome == "pass"


def test_pdf_sets_the_speaker_in_bold_at_the_start_of_the_turn(built):
    """As the UN prints a turn: the name in a bold face, then the delegation and the words in
    the regular face, on the same line; the tagged PDF's text has every turn in order."""
    import pikepdf
    import pymupdf
    path = built["A_79_PV.13"]["pdf"]
    with pikepdf.open(path) as pdf:
        assert "/StructTreeRoot" in pdf.Root
    names = []
    with pymupdf.open(path) as doc:
        for page in doc:
            for block in page.get_text("dict")["blocks"]:
                for line in block.get("lines", []):
                    spans = [s for s in line["spans"] if s["text"].strip()]
                    if len(spans) > 1 and spans[0]["flags"] & 16 and spans[1]["text"].lstrip().startswith(("(", ":")):
                        names.append(spans[0]["text"].strip())
    tree = built["A_79_PV.13"]["tree"]
    assert names == [text_of(b) for b in find(tree, "//a:speech/a:from/a:b")]


def test_xliff_units_and_identity_round_trip(built):
    tree = built["A_79_PV.12-RU"]["tree"]
    data = write(tree, "xliff", WriteOptions(source_date_epoch=EPOCH, target_language="en"))
    xliff = etree.fromstring(data)
    ns = {"x": "urn:oasis:names:tc:xliff:document:2.0"}
    froms = xliff.xpath("//x:unit[@type='akn:from']", namespaces=ns)
    assert len(froms) == len(find(tree, "//a:speech"))
    assert "Председатель" in "".join(froms[0].xpath(".//x:source//text()", namespaces=ns))
    assert xliff.xpath("//x:unit[@type='akn:narrative']", namespaces=ns)
    original = copy.deepcopy(tree)
    reporter = Reporter()
    merged = merge_xliff(tree, copy_source_to_target(data), reporter, "rt.xlf")
    assert [str(d) for d in reporter.diagnostics if d.level.name in ("WARNING", "ERROR")] == []
    body = lambda t: [(model.local(e), text_of(e)) for e in find(t, "//a:debateBody//*[self::a:from or self::a:p "
                                                                   "or self::a:narrative]")]
    assert body(merged) == body(original)
    assert find(merged, "//a:speech/@by") == find(original, "//a:speech/@by")
    model.validate(merged)


def test_docx_opens_each_turn_with_the_speaker_in_bold(built):
    import docx
    document = docx.Document(io.BytesIO(built["A_79_PV.13"]["docx"].read_bytes()))
    turns = [p for p in document.paragraphs if p.runs and p.runs[0].bold]
    tree = built["A_79_PV.13"]["tree"]
    assert [p.runs[0].text for p in turns] == [text_of(b) for b in find(tree, "//a:speech/a:from/a:b")]
    assert turns[1].text.startswith("Mr. Smith (United Kingdom): Let me begin")


def test_masthead_text_it_cannot_place_is_reported_not_lost(tmp_path):
    """A wrapped "Официальные / отчеты" beside a known organ is no masthead item the reader can
    place: it stays out of the body, and the user is told what is not in the document."""
    document, _ = doctypes_sources.verbatim_record_in("ru")
    wrapped = document.replace('style="white-space: nowrap"', 'style="display: block; width: 40pt"')
    assert wrapped != document
    tree, reporter = read(doctypes_sources.pdf(wrapped), "A_79_PV.12-RU.pdf")
    (warning,) = [d for d in reporter.diagnostics if d.code == "masthead-text-unread"]
    assert "отчеты" in warning.dropped and warning.pos.line >= 1
    assert "отчеты" not in "".join(model.document_element(tree).itertext())
