"""Issue 13: plain-text extracts of the official PDFs, as users have them, are a source.

The extracts are made here from the shared PDFs, in the forms the tools users run give:
PyMuPDF's ``page.get_text()`` joined without form feeds (what most scrapers keep) and with them,
PyMuPDF's ``get_text("text", sort=True)`` (columns padded with spaces, pages glued with no line end),
``pdftotext`` (a form feed between pages), ``pdftotext -layout`` (columns padded with spaces: the
masthead's two columns on one line, centred titles, tables), ``pdftotext -raw``, ``pdftotext``
with its form feeds removed (pages glued), pdfplumber's and pypdf's ``extract_text()`` (pages
joined by a newline: no form feeds), a PyMuPDF extract saved with CRLF line ends and a UTF-8
BOM, and the text copied from pdf.js, the browsers' PDF viewer (a line's runs joined with nothing
between them where the PDF sets no space: "9/2523-25871", folio and job number).  The commonest forms are made of all 32 PDFs; the slower libraries' of eight of them
(reports, letters, resolutions long and short, joint symbol, ECOSOC, SC, Executive Board).  Held to: no refusal; notes at their calls (≥ 95 % of the PDF's notes, counted
independently with PyMuPDF's layout); page furniture ≤ 1 % of the lines; and an extract is told
from the cleaned-up text form by content.
"""

from __future__ import annotations

import re
import subprocess
from functools import lru_cache
from pathlib import Path

import pytest

from pipeline import model, read_source
from pipeline.diagnostics import Reporter
from pipeline.readers.extract import looks_like_extract
from pipeline.readers.text import ReadOptions

from conftest import SAMPLE, SHARED
from realworld_truth import pdf_facts

PDF_DIR = SHARED / "realworld" / "pdf"
STEMS = sorted(p.stem for p in PDF_DIR.glob("*.pdf"))
REPORTS = [s for s in STEMS if not s.startswith("A_RES_")]
FURNITURE = re.compile(r"^(?:\d{2}-\d{5}.*|\*\d{7}\*|\d{1,3}/\d{1,3}|Please recycle.*|_{5,})$")


#: Eight of the PDFs, of every kind, for the forms that are slow to make.
SEVERAL = ["A_79_989", "A_80_33", "A_RES_78_128", "A_RES_78_221", "A_RES_78_294", "DP_2025_1", "E_2025_8", "S_2025_85"]
PDFTOTEXT = {"pdftotext": [], "pdftotext-layout": ["-layout"], "pdftotext-raw": ["-raw"], "pdftotext-glued": []}


@lru_cache(maxsize=None)
def pdfjs_texts() -> dict:
    """The text pdf.js gives of SEVERAL's PDFs (one Node process for all of them)."""
    from validators import TOOLS, node_json

    data = node_json(TOOLS / "pdfjs_text.mjs", [PDF_DIR / f"{s}.pdf" for s in SEVERAL], ("pdfjs-dist",), 600)
    return {Path(path).stem: text for path, text in data["texts"].items()}


@lru_cache(maxsize=None)
def extract(stem: str, form: str) -> bytes:
    path = PDF_DIR / f"{stem}.pdf"
    if form == "pdfjs":
        return pdfjs_texts()[stem]["lines"].encode("utf-8")
    if form in PDFTOTEXT:
        text = subprocess.run(["pdftotext", *PDFTOTEXT[form], str(path), "-"], capture_output=True,
                              check=True).stdout
        return text.replace(b"\f", b"") if form == "pdftotext-glued" else text
    if form == "pdfplumber":
        import pdfplumber
        with pdfplumber.open(path) as pdf:
            return "\n".join(page.extract_text() or "" for page in pdf.pages).encode("utf-8")
    if form == "pypdf":
        import pypdf
        return "\n".join(page.extract_text() or "" for page in pypdf.PdfReader(path).pages).encode("utf-8")
    import pymupdf
    with pymupdf.open(path) as doc:
        pages = [page.get_text("text", sort=form == "pymupdf-sort") for page in doc]
    text = ("\f" if form == "pymupdf-ff" else "").join(pages)
    if form == "pymupdf-crlf-bom":
        return "\ufeff".encode("utf-8") + text.replace("\n", "\r\n").encode("utf-8")
    return text.encode("utf-8")


@lru_cache(maxsize=None)
def read(stem: str, form: str):
    reporter = Reporter()
    tree = read_source(extract(stem, form), f"{stem}.txt", reporter, ReadOptions(source_date_epoch=0))
    return tree, reporter


def attached(tree) -> int:
    """Numbered notes at a call (not put at the end of a paragraph for want of one)."""
    return len([n for n in model.xpath(tree, "//a:authorialNote[not(@pl:orphan)]") if n.get("marker").isdigit()])


#: The documents each form is made of.
FORMS = {"pymupdf": STEMS, "pymupdf-ff": REPORTS, "pdftotext": STEMS, "pdftotext-layout": STEMS,
         "pdftotext-raw": SEVERAL, "pdftotext-glued": SEVERAL, "pdfplumber": SEVERAL, "pypdf": SEVERAL,
         "pymupdf-crlf-bom": SEVERAL, "pymupdf-sort": SEVERAL, "pdfjs": SEVERAL}
CASES = [(s, form) for form, stems in FORMS.items() for s in stems]


@pytest.mark.parametrize("stem,form", CASES)
def test_an_extract_is_read_without_refusal_and_without_furniture(stem, form):
    data = extract(stem, form)
    assert looks_like_extract(data)
    tree, reporter = read(stem, form)
    info = model.document_info(tree)
    assert info.symbol.split("-")[0].replace("/", "_") == stem and info.language == "en"
    doc = model.document_element(tree)
    blocks = [" ".join(p.itertext()).strip()
              for p in model.xpath(doc, "(.//a:p | .//a:heading)[not(ancestor::a:coverPage)]")]
    furniture = [b for b in blocks if FURNITURE.match(b) or b in info.symbol.split("-")]
    lines = len(data.decode("utf-8-sig").splitlines())
    assert len(furniture) <= 0.01 * lines, furniture[:5]
    # A table of contents is dropped (the outputs make their own), whichever line the tool puts
    # an entry's page number on: none of its entries is left as a heading or a paragraph.
    contents = [b for b in blocks if re.search(r"(?:\.\s?){6,}\s*\d{0,4}\s*$", b)]
    assert not contents, contents[:3]


@pytest.mark.parametrize("form", list(FORMS))
def test_notes_at_their_calls(form):
    """Over all documents of the form, at least 95 % of the PDF's notes are at their calls."""
    stems = FORMS[form]
    truth = sum(len(pdf_facts(PDF_DIR / f"{s}.pdf")["note_numbers"]) for s in stems)
    found = sum(attached(read(s, form)[0]) for s in stems)
    assert found >= 0.95 * truth, f"{found} of {truth}"


def test_the_cleaned_up_text_form_is_not_an_extract():
    assert not looks_like_extract(SAMPLE.read_bytes())
    for path in sorted((SHARED / "corpus").glob("*.txt")):
        assert not looks_like_extract(path.read_bytes()), path.name


def test_a_call_is_read_only_on_the_documents_evidence():
    """"Goal 14" is not a call; "want”,1" is, with note 1 at the foot of its page; "20242" is the
    year 2024 and the call of note 2 (reported); a number after a word and a space is a call only
    when it is the next note of the page."""
    page = ("United Nations\nA/RES/80/1\nGeneral Assembly\nDistr.: General\n1 January 2026\n\n"
            "80/1. Title of the resolution\n\nThe General Assembly,\n\n"
            "Recalling the outcome document entitled “The future we want”,1 and Goal 14 of the\n"
            "Agenda adopted in 20242 with the strategy 3 agreed then,\n\n"
            "1. Decides to act;\n__________________\n1 Resolution 66/288, annex.\n2 A/79/1.\n"
            "3 A/79/2.\n23-25871 (E)\n*2325871*\n")
    reporter = Reporter()
    tree = read_source(page.encode(), "extract.txt", reporter, ReadOptions(source_date_epoch=0, language="en"))
    notes = model.xpath(tree, "//a:authorialNote")
    assert [n.get("marker") for n in notes] == ["1", "2", "3"]
    text = model.flow_text(model.xpath(tree, "//a:preamble")[0])
    assert "Goal 14 of the" in text and "in 2024 with" in text.replace("2024with", "2024 with")
    assert {"note-call-uncertain", "note-call-by-evidence"} <= set(reporter.codes())


def preamble_starts(texts: list[str]) -> list[str]:
    return [" ".join(t.split()[:4]) for t in texts]


@pytest.mark.parametrize("form", ["pymupdf", "pdftotext"])
def test_a_resolutions_preamble_is_read_from_its_extract(form):
    """Without italics, a resolution's preamble is still its paragraphs: the enacting formula
    ("The General Assembly,") is a paragraph of its own, and each preambular paragraph starts
    where the UN's XML starts one.  Over the 18 resolutions (one of them a single paragraph), at
    least 95 % of the UN's preambular paragraphs start one in ours, and at most 5 % of ours start
    where the UN's do not."""
    from test_realworld_pdf import RESOLUTIONS, ours, truth

    theirs = found = extra = 0
    for stem in RESOLUTIONS:
        tree, _ = read(stem, form)
        expected = preamble_starts(truth(stem)["preamble"])
        got = preamble_starts(ours(tree)["preamble"])
        theirs += len(expected)
        found += sum(1 for s in expected if s in got)
        extra += sum(1 for s in got if s not in expected)
    assert found >= 0.95 * theirs and extra <= 0.05 * theirs, (found, extra, theirs)


def test_a_resolution_of_one_paragraph_run_together_is_read():
    """pdftotext runs a short resolution's lines together (no blank lines, no numbers): its title,
    formula, preambular and single operative paragraph are told apart by where lines stop short
    (a line is broken only where the next word does not fit), a call does not hide a line's end,
    and the job number's date printed apart is dropped with the job number, not left in a note."""
    page = ("A/RES/80/7\n\nUnited Nations\n\nGeneral Assembly\n\nDistr.: General\n3 March 2026\n\n"
            "Eightieth session\nAgenda item 12\n\nResolution adopted by the General Assembly on\n"
            "1 March 2026\n\n80/7.\n\nReview of the working methods of the Board\n"
            "The General Assembly,\n"
            "Recalling its resolutions 75/101 of 10 December 2020 and 77/202 of 15 December 2022 on\n"
            "the working methods of the Board and its decision 78/540 of 22 December 2023,\n"
            "Having considered the note by the Secretary-General,1\n"
            "Approves the revised working methods of the Board.\n"
            "65th plenary meeting\n1 March 2026\n\n__________________\n1\n\n26-01234 (E)\n\n"
            "A/80/55.\n\n040326\n\n*2601234*\n\n\f")
    reporter = Reporter()
    tree = read_source(page.encode(), "A_RES_80_7.txt", reporter, ReadOptions(source_date_epoch=0, language="en"))
    doc = model.document_element(tree)
    assert model.xpath(doc, "a:preamble/a:formula//text()") == ["The General Assembly,"]
    body = [" ".join(p.itertext()) for p in model.xpath(doc, "a:mainBody/a:paragraph")]
    assert body == ["Approves the revised working methods of the Board."]
    notes = model.xpath(doc, "//a:authorialNote")
    assert ["".join(n.itertext()).strip() for n in notes] == ["A/80/55."]
    assert "unnumbered-paragraph" in reporter.codes()
    dropped = [d.message for d in reporter.diagnostics if d.code == "furniture-dropped"]
    assert "job number “26-01234 (E) 040326” dropped" in dropped and "barcode “*2601234*” dropped" in dropped
    assert "040326" not in model.content_text(tree)


def test_a_word_cut_apart_by_the_tool_is_joined_on_the_documents_evidence():
    """pdftotext breaks words of justified lines ("infor mation") and sets hyphens apart ("non
    -governmental"): joined, and reported, only where the whole word is printed elsewhere in the
    document and a piece is no word of it; "a part" (both words) and "Vice Presidents"
    (capitalised) stay; a piece with no whole word elsewhere stays."""
    from pipeline.readers.extract import SplitWords

    text = ("the information and information apart from non-governmental non-governmental Vice-Presidents VicePresidents, a part of it\n"
            "infor mation a part non -governmental Vice Presidents exper tise")
    words = SplitWords(text)
    joined = []
    line = words.rejoin(text.split("\n")[1], lambda col, found, word: joined.append((col, found, word)))
    assert line == "information a part non-governmental Vice Presidents exper tise"
    assert joined == [(1, "infor mation", "information"), (21, "non -governmental", "non-governmental")]


def test_pdftotexts_cut_words_are_joined_into_the_pdfs_words():
    """On pdftotext's extracts, every join gives a word of the PDF as PyMuPDF reads it (hyphens
    aside: pdftotext drops the non-breaking ones of "Port-au-Prince"), and the model holds few cut
    words whose whole form the PDF prints."""
    from realworld_truth import norm_word

    joins = cut = 0
    for stem in SEVERAL:
        tree, reporter = read(stem, "pdftotext")
        # Body words as read (normalised); a table's words come as one Counter, in no order.
        body = [w for item in pdf_facts(PDF_DIR / f"{stem}.pdf")["body"]
                for w in (item if isinstance(item, dict) else [item])]
        pdf_words = set(body)
        runs = {"".join(body[i: i + n]) for n in (1, 2, 3) for i in range(len(body))}
        for d in reporter.diagnostics:
            if d.code == "word-rejoined":
                joins += 1
                word = re.search(r"joined as “(.+?)”", d.message)[1]
                assert norm_word(word) in runs, d.message
        tokens = [norm_word(t) for t in model.content_text(tree).split()]
        cut += sum(1 for a, b in zip(tokens, tokens[1:])
                   if a and b and a + b in pdf_words and a not in pdf_words and b not in pdf_words)
    # Of the eight documents' cut words, 82 are joined and 11 stay: their whole form is printed
    # at most once elsewhere, too thin a piece of evidence.
    assert joins >= 6 * cut, (joins, cut)


def test_notes_under_a_rule_drawn_as_a_line_are_found_by_their_numbers_and_calls():
    """A PDF that draws its note rule as a line gives an extract with no rule: the notes begin at
    the line opening with the next note number, in the lower part of the page, when the numbers
    run on in sequence to the foot and the number is called above (said: note-rule-inferred).  A
    line opening with a number that nothing calls opens no note area (said), and no note is put at
    a call."""
    body = "\n".join(f"Recalling the line {i} of the text of this page, which runs on," for i in range(12))
    page = ("United Nations\nA/RES/80/1\nGeneral Assembly\nDistr.: General\n1 January 2026\n\n"
            "80/1. Title of the resolution\n\nThe General Assembly,\n\n"
            f"{body}\nRecalling the outcome document entitled “The future we want”,1 and its\n"
            "resolution 70/1 of 25 September 2015,2\n\n1. Decides to act;\n"
            "1 Resolution 66/288, annex.\n2 See A/70/1.\n23-25871 (E)\n*2325871*\n")
    reporter = Reporter()
    tree = read_source(page.encode(), "extract.txt", reporter, ReadOptions(source_date_epoch=0, language="en"))
    notes = model.xpath(tree, "//a:authorialNote[not(@pl:orphan)]")
    assert ["".join(n.itertext()).strip() for n in notes] == ["Resolution 66/288, annex.", "See A/70/1."]
    assert "note-rule-inferred" in reporter.codes()
    uncalled = page.replace("want”,1", "want”").replace("2015,2", "2015,")
    reporter = Reporter()
    tree = read_source(uncalled.encode(), "extract.txt", reporter, ReadOptions(source_date_epoch=0, language="en"))
    assert "note-area-uncertain" in reporter.codes() and "note-rule-inferred" not in reporter.codes()
    assert not model.xpath(tree, "//a:authorialNote[not(@pl:orphan)]")


#: A note rule drawn as a line: the extract has no "____" line.  Made here by taking the rule out.
RULE_LINE = re.compile(r"^[ \t]*[_\u2014\u2015-]{8,}[ \t]*\r?$", re.M)


def without_rules(data: bytes) -> bytes:
    return re.sub(r"_{8,}", "", RULE_LINE.sub("", data.decode("utf-8-sig"))).encode("utf-8")


def notes_and_paragraphs(tree) -> tuple[set, int]:
    notes = {(n.get("marker"), " ".join(model.flow_text(n, notes=True).split())[:40])
             for n in model.xpath(tree, "//a:authorialNote[not(@pl:orphan)]") if n.get("marker").isdigit()}
    return notes, len(model.xpath(tree, "//a:paragraph[a:num]"))


#: The share of the PDF's notes found at their calls in each form's extracts with their rules
#: taken out, at least (measured: PyMuPDF 98 %, pdftotext 98.5 %, -layout 98 %, glued pdftotext 97 %,
#: pypdf 97 %, pdf.js 97 %, PyMuPDF sorted 96 %, pdfplumber 95 %): the note numbers running on
#: from the last page's, a call of each (glued, or a space after a word when the run opens with
#: the number expected next), an annex's notes numbered anew from 1 when all are called.
RULELESS_FLOOR = 0.95


@pytest.mark.parametrize("form", list(FORMS))
def test_notes_under_a_rule_drawn_as_a_line(form):
    """Many PDFs draw the note rule as a line: their extracts have no rule.  With the rules taken
    out of every extract, the PDF's notes are still at their calls (95 % of them in every form),
    found by the document's own evidence (the next note number at
    the page foot, called above, the numbers in sequence to the foot), and no note is one the
    extract with its rules does not have: no numbered paragraph, no line of text opening with a
    number, is taken for a note."""
    stems = FORMS[form]
    truth = found = false = 0
    for stem in stems:
        ruled_notes, ruled_paragraphs = notes_and_paragraphs(read(stem, form)[0])
        tree = read_source(without_rules(extract(stem, form)), f"{stem}.txt", Reporter(),
                           ReadOptions(source_date_epoch=0))
        notes, paragraphs = notes_and_paragraphs(tree)
        assert paragraphs == ruled_paragraphs, stem
        truth += len(pdf_facts(PDF_DIR / f"{stem}.pdf")["note_numbers"])
        found += len(notes & ruled_notes)
        # A note whose text opens as no note of the ruled extract does (two notes run together,
        # cut apart otherwise, are notes lost, not false ones).
        openings = {text[:8] for _, text in ruled_notes}
        false += len([n for n in notes - ruled_notes if n[1][:8] not in openings])
    assert found >= RULELESS_FLOOR * truth and false == 0, f"{found} of {truth}, {false} false"


def test_a_rule_drawn_as_a_line_in_every_form_and_what_is_no_note():
    """Without a rule, the notes are told by their numbers and calls in the forms the tools give:
    the number before its text (PyMuPDF), or alone on its line, pdftotext printing the first
    note's number after the bodies.  A line of text opening with the next note's number ("2 March
    2022 … session,3") is no note (the notes it would open are called below it), and neither is
    a paragraph numbered without its full stop that continues the paragraph numbers and that
    nothing calls."""
    head = ("United Nations\nA/80/5\nGeneral Assembly\nDistr.: General\n1 January 2026\n\n"
            "Eightieth session\nAgenda item 12\n\nReport on the matter\n\nReport of the Secretary-General\n\n"
            "I. Introduction\n\n")
    text = "\n".join(["This is a line of the text of the report, which runs on and on."] * 14)
    body = (f"1. The Committee met twice in the year.1 {text}\n"
            "2 March 2022 was the date of its session,2 and of its report.\n")
    pymupdf = head + body + "\n1 See A/79/1.\n\n2 See A/79/2, annex,\n5 January 2025.\n23-00001 (E)\n*2300001*\n"
    pdftotext = head + body + "\nSee A/79/1.\n2\nSee A/79/2, annex,\n5 January 2025.\n1\n\n23-00001 (E)\n*2300001*\n"
    for form, page in (("pymupdf", pymupdf), ("pdftotext", pdftotext)):
        reporter = Reporter()
        tree = read_source(page.encode(), "A_80_5.txt", reporter, ReadOptions(source_date_epoch=0))
        notes = model.xpath(tree, "//a:authorialNote[not(@pl:orphan)]")
        assert [(n.get("marker"), " ".join(model.flow_text(n, notes=True).split())) for n in notes] == [
            ("1", "See A/79/1."), ("2", "See A/79/2, annex, 5 January 2025.")], form
        assert "note-rule-inferred" in reporter.codes(), form
        assert "2 March 2022 was the date" in model.content_text(tree), form
    # Paragraphs numbered without a full stop (another tool's PDF), none called: no notes.
    numbered = head + "1 The Committee met.\n" + text + "\n2 The Committee decided.\n3 The Committee ended.\n" \
        "23-00001 (E)\n*2300001*\n"
    reporter = Reporter()
    tree = read_source(numbered.encode(), "A_80_5.txt", reporter, ReadOptions(source_date_epoch=0))
    assert not model.xpath(tree, "//a:authorialNote")
    assert "The Committee decided." in model.content_text(tree)


def table_rows_of(tree) -> list[tuple[str, ...]]:
    return [tuple(" ".join(model.flow_text(c, notes=False).split()) for c in tr)
            for tr in model.xpath(tree, "//a:table/a:tr")]


def test_a_layout_extracts_tables_are_tables():
    """``pdftotext -layout`` sets a table's columns apart by runs of spaces at the same character
    positions: such runs of lines are read into AKN tables, as the PDF reader reads the same
    pages.  A/80/38 (lists of States and their documents, the Committee's members): at least 90 %
    of the rows the PDF reader gives are rows of the extract's tables, cell for cell; the other
    rows are the PDF's words (a table the PDF reader read as paragraphs), none of the text after
    a table (which ends no sentence, but has no tail); a paragraph's number before its text is no
    column."""
    from realworld_truth import words_of

    stem = "A_80_38"
    pdf_tree = read_source((PDF_DIR / f"{stem}.pdf").read_bytes(), f"{stem}.pdf", Reporter(),
                           ReadOptions(source_date_epoch=0))
    pdf_rows = table_rows_of(pdf_tree)
    rows = table_rows_of(read(stem, "pdftotext-layout")[0])
    assert len([r for r in pdf_rows if r in rows]) >= 0.9 * len(pdf_rows), (len(pdf_rows), len(rows))
    pdf_words = set(words_of(" ".join(model.document_element(pdf_tree).itertext())))
    strays = [r for r in rows if r not in pdf_rows]
    assert len(strays) <= 0.15 * len(rows) and all(len(" ".join(r)) < 80 for r in strays), strays
    # (pdftotext cuts "Draza" as "Draz a"; a call "1" is a raised figure in the PDF.)
    assert all(set(words_of(" ".join(r))) <= pdf_words | {"draz", "a", "1"} for r in strays), strays
    # A numbered paragraph set as pdftotext -layout sets it stays a paragraph.
    text = (b"United Nations\nA/80/5\nGeneral Assembly\nDistr.: General\n1 January 2026\n\nEightieth session\n"
            b"Agenda item 12\n\nReport on the matter\n\nReport of the Secretary-General\n\nI. Introduction\n\n" +
            b"".join(b"          %d.   The Committee met and considered the report of the body.\n" % n for n in range(1, 6)) +
            b"23-00001 (E)\n*2300001*\n")
    tree = read_source(text, "A_80_5.txt", Reporter(), ReadOptions(source_date_epoch=0))
    assert not model.xpath(tree, "//a:table") and len(model.xpath(tree, "//a:paragraph[a:num]")) == 5


def resolution_parts(tree) -> tuple[list[str], list[str]]:
    doc = model.document_element(tree)
    return ([" ".join(model.flow_text(p, notes=False).split()) for p in model.xpath(doc, "a:preamble//a:p")],
            [" ".join(model.flow_text(p, notes=False).split()) for p in model.xpath(doc, "a:mainBody/a:paragraph")])


ALL_FORMS = ("pymupdf", "pdftotext", "pdftotext-layout")


@pytest.mark.parametrize("language,stem,forms", [("chinese", "A_RES_78_117-2324913C", ALL_FORMS),
                                                 ("russian", "A_RES_78_117-2324913R", ALL_FORMS),
                                                 ("russian", "A_RES_78_50-2324493R", ("pdftotext", "pdftotext-layout"))])
def test_an_extract_in_another_language_is_read(language, stem, forms, tmp_path):
    """Extracts of a Chinese and a Russian resolution (made here from our PDF of the UN's XML, as the
    UN prints it: the job number beside "请回收" / "Просьба отправить на вторичную переработку",
    which ``-layout`` keeps on one line; a Chinese sentence ends with "。", the enacting formula
    "大会，" with a comma the next line's first word does not follow) are told for extracts and read
    into the UN's preamble and operative paragraphs, word for word, in the three commonest forms.
    A Russian resolution of three pages with eleven notes, through pdftotext: its notes are at
    their calls ("разоружению 1 ,", "региона» 2 ,"), "от 1 декабря" is a date, not the call of note 1;
    its running title, beside or under the symbol on pages 2 and 3, is no text."""
    import pymupdf
    from pipeline import write

    xml = SHARED / "realworld" / "akn4un" / language / f"{stem}.xml"
    truth = read_source(xml.read_bytes(), xml.name, Reporter(), ReadOptions(source_date_epoch=0))
    pdf = tmp_path / "resolution.pdf"
    pdf.write_bytes(write(truth, "pdf"))
    info = model.document_info(truth)
    name = f"{info.symbol.replace('/', '_')}-{info.language.upper()}.txt"
    with pymupdf.open(pdf) as doc:
        extracts = {"pymupdf": "".join(page.get_text() for page in doc).encode("utf-8")}
    for form, flags in (("pdftotext", []), ("pdftotext-layout", ["-layout"])):
        extracts[form] = subprocess.run(["pdftotext", *flags, str(pdf), "-"], capture_output=True, check=True).stdout
    for form in forms:
        data = extracts[form]
        assert looks_like_extract(data), form
        tree = read_source(data, name, Reporter(), ReadOptions(source_date_epoch=0))
        assert resolution_parts(tree) == resolution_parts(truth), form
        notes = model.xpath(tree, "//a:authorialNote[not(@pl:orphan)]")
        assert len(notes) == len(model.xpath(truth, "//a:authorialNote")), form


def test_directional_formatting_characters_are_removed_and_said():
    """pdftotext sets embedding marks around a right-to-left document's runs ("\u202b\u202a)A(
    23-24913\u202c\u202c"): they hold no text and hide the furniture; removed, and said."""
    page = ("\u202bUnited Nations\u202c\nA/RES/80/1\nGeneral Assembly\nDistr.: General\n1 January 2026\n\n"
            "80/1. Title of the resolution\n\nThe General Assembly,\n\n\u202bRecalling its resolutions,\u202c\n\n"
            "1. Decides to act.\n\n\u202b\u202a(A) 23-24913\u202c\u202c\n\u202bPlease recycle\u202c\n\f")
    assert looks_like_extract(page.encode())
    reporter = Reporter()
    tree = read_source(page.encode(), "A_RES_80_1.txt", reporter, ReadOptions(source_date_epoch=0, language="en"))
    assert "bidi-controls-removed" in reporter.codes()
    text = model.content_text(tree)
    assert "Recalling its resolutions," in text and "23-24913" not in text and "\u202b" not in text


def test_a_word_hyphenated_at_a_lines_end_is_joined_on_the_documents_evidence():
    """Another publisher's PDF hyphenates words at line ends: "develop-" / "ment" is
    "development" where the document prints that word whole and never "develop-ment" (said:
    hyphen-removed); a compound broken after its hyphen ("non-" / "governmental", "well-" /
    "being"), whose joined form the document does not print, keeps its hyphen (said: hyphen-kept),
    and a line ending in a hyphen ends no paragraph; a soft hyphen is always a word's."""
    head = ("United Nations\nA/80/5\nGeneral Assembly\nDistr.: General\n1 January 2026\n\n"
            "Eightieth session\nAgenda item 12\n\nReport on development\n\nReport of the Secretary-General\n\n"
            "I. Introduction\n\n")
    body = ("1. The Committee met twice in the year to discuss sustainable development and the non-\n"
            "governmental organizations, whose develop-\n"
            "ment was the subject of its work on the\n"
            "implementation of the programme of the develop-\n"
            "ment. Its members wrote a new regional pro\u00ad\n"
            "gramme, and its well-\n"
            "being grew and the Committee was pleased with all of it, and its members went home.\n"
            "23-00001 (E)\n*2300001*\n")
    reporter = Reporter()
    tree = read_source((head + body).encode(), "A_80_5.txt", reporter, ReadOptions(source_date_epoch=0))
    (paragraph,) = model.xpath(tree, "//a:paragraph[a:num]")
    assert " ".join(model.flow_text(paragraph, notes=False).split()) == (
        "1.The Committee met twice in the year to discuss sustainable development and the "
        "non-governmental organizations, whose development was the subject of its work on the "
        "implementation of the programme of the development. Its members wrote a new regional programme, "
        "and its well-being grew and the Committee was pleased with all of it, and its members went home.")
    assert reporter.codes().count("hyphen-removed") == 3 and reporter.codes().count("hyphen-kept") == 2


#: A table of figures as ``pdftotext -layout`` prints it when its columns are narrow: one space
#: between two figures whose thousands are set apart by a space too, a label wrapped onto the line
#: above its figures, a long row's figures drifted left, column heads over the figures.
FIGURES = """\
Table 6
Projected summary cost plan, 2014–2020
(Thousands of Swiss francs)


                              2014    2015    2016    2017    2018    2019    2020     Total


Construction of new
building                         –       –       – 10 599 27 612 30 486 41 577   110 274
Renovation work                  –       –       –       –      75 12 464 19 405    31 944
Consultancy services          1 705 23 685 36 857     9 096 16 073 11 765 12 505   111 686
Escalation                       –       –       –       –       –       –       –        –

    Total                     1 705 23 685 36 857 19 695 43 760 54 715 73 487 253 904
"""


def test_a_layout_extracts_table_of_figures_is_read_column_by_column():
    """Figures one space apart ("10 599 27 612") are cut by the grammar of a figure (a first group
    of one to three digits, groups of three after it) where they end nearest the columns' edges,
    read over all the table's lines; a figure has two groups at most unless a row shows a wider
    one standing apart.  The wrapped label is its row's, the heads a row of their own."""
    from pipeline.readers.extract import figure_tables

    lines = FIGURES.split("\n")
    tables = figure_tables(lines, len(lines))
    (table,) = [t for t in tables.values() if t]
    rows = [(head, [cell[0].text for cell in row]) for head, row in table]
    assert rows == [
        (True, ["", "2014", "2015", "2016", "2017", "2018", "2019", "2020", "Total"]),
        (False, ["Construction of new building", "–", "–", "–", "10 599", "27 612", "30 486", "41 577", "110 274"]),
        (False, ["Renovation work", "–", "–", "–", "–", "75", "12 464", "19 405", "31 944"]),
        (False, ["Consultancy services", "1 705", "23 685", "36 857", "9 096", "16 073", "11 765", "12 505", "111 686"]),
        (False, ["Escalation", "–", "–", "–", "–", "–", "–", "–", "–"]),
        (False, ["Total", "1 705", "23 685", "36 857", "19 695", "43 760", "54 715", "73 487", "253 904"])]
    # The caption above the heads is no part of the table.
    assert min(tables) == lines.index(next(l for l in lines if "2014    2015" in l))


def test_a_layout_extracts_wide_tables_of_figures_are_the_pdfs():
    """A/79/352's budget tables (sixteen columns of figures, one space apart where they are wide):
    of the rows of figures the PDF reader reads from its tables, at least 80 % are rows of the
    extract's tables figure for figure (the labels aside: the PDF reader cuts some wrapped labels
    apart); before, a third were."""
    from pipeline.readers.pages import NUMERIC_CELL

    stem = "A_79_352"
    pdf_tree = read_source((PDF_DIR / f"{stem}.pdf").read_bytes(), f"{stem}.pdf", Reporter(),
                           ReadOptions(source_date_epoch=0))
    figure_rows = [r for r in table_rows_of(pdf_tree)
                   if sum(bool(NUMERIC_CELL.match(c)) or c == "–" for c in r if c) >= 3]
    ours = {r[1:] for r in table_rows_of(read(stem, "pdftotext-layout")[0])}
    found = [r for r in figure_rows if r[1:] in ours]
    assert len(found) >= 0.8 * len(figure_rows), (len(found), len(figure_rows))
    assert ("Subtotal", "2 973", "26 575", "40 838", "24 013", "48 453", "59 017", "81 203", "107 661", "103 237",
            "61 315", "54 278", "54 498", "117 090", "91 274", "16 333", "888 760") in figure_rows
    assert ("2 973", "26 575", "40 838", "24 013", "48 453", "59 017", "81 203", "107 661", "103 237",
            "61 315", "54 278", "54 498", "117 090", "91 274", "16 333", "888 760") in ours


def test_a_running_title_under_the_symbol_is_dropped():
    """A resolution's pages print its symbol, then its title on two or three lines (page 2), or
    the title first (page 3): the title is the running head either way, dropped and said, not
    text glued into the paragraph the page break cut ("sustainable developmentconcrete")."""
    tree, reporter = read("A_RES_78_128", "pdftotext")
    dropped = [d.message for d in reporter.diagnostics if d.code == "furniture-dropped" and "#page=2:" in str(d.pos)]
    assert any("2025 United Nations Conference to Support the Implementation" in m for m in dropped), dropped
    assert "developmentconcrete" not in "".join(model.content_text(tree).split())


def test_a_masthead_glued_by_the_tool_is_set_apart():
    """pdf.js and PyMuPDF join a line's runs with nothing between them where the PDF sets none:
    the symbol glued to "United Nations" ("DP/2025/1*United Nations"), a right-to-left masthead's
    columns glued where the Arabic script meets the Latin ("الأمــم المتحـدةA/RES/78/117",
    "الجمعية العامةDistr.: General") are set apart as the masthead's two columns; a title is not cut."""
    from pipeline.readers.extract import masthead_columns

    lines = ["DP/2025/1*United Nations", "الأمــم المتحـدةA/RES/78/117", "الجمعية العامةDistr.: General",
             "Report of the Executive Board on its work in 2024"]
    assert masthead_columns(lines) == ["DP/2025/1*   United Nations", "الأمــم المتحـدة   A/RES/78/117",
                                       "الجمعية العامة   Distr.: General", lines[3]]
