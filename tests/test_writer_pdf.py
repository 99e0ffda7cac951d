"""Issues 4 and 9: the PDF in UN layout, tagged PDF/UA-1 in substance.

Facts, not bytes: pikepdf reads the catalog, the outline, the annotations and the structure
tree; the page content streams are decoded (ToUnicode) to tell structure content from
artifacts; poppler (pdffonts, pdftotext, pdftoppm) and MuPDF (mutool draw) read the file as
viewers do.  Writer tests start from ``tests/models/minimal.akn.xml``; the end-to-end tests build
the sample report's PDF once per session.
"""

from __future__ import annotations

import collections
import re
import subprocess
from copy import deepcopy
from pathlib import Path

import lxml.html
import pikepdf
import pytest
from lxml import etree

from conftest import SHARED, load_model
from pipeline import model, write
from pipeline.diagnostics import WriterError
from pipeline.writers import WRITERS, WriteOptions
from pipeline.writers import pdf as pdf_writer
from pipeline.writers import pdf_furniture
from validators import pdf as v
from validators import pdfjs

EPOCH = 1_546_300_800          # 2019-01-01T00:00:00Z
OPTIONS = WriteOptions(source_date_epoch=EPOCH)
SUPERSCRIPTS = "⁰¹²³⁴⁵⁶⁷⁸⁹"


class Built:
    """A PDF written by the pipeline, on disk and opened, with the model it came from."""

    def __init__(self, tree, folder: Path, name: str, options: WriteOptions = OPTIONS):
        self.tree = tree
        self.info = model.document_info(tree)
        self.data = write(tree, "pdf", options)
        self.path = folder / f"{name}.pdf"
        self.path.write_bytes(self.data)
        self.pdf = pikepdf.open(self.path)
        self.root = v.structure(self.pdf)
        self.marked = v.marked_content(self.pdf)
        self.texts = v.pdftotext(self.path)
        #: -layout keeps a hyphen at a line end (the default mode joins "south-" + "trust").
        self.layout_texts = v.pdftotext(self.path, layout=True)

    def mcid_text(self) -> dict[tuple[int, int], str]:
        return {(m.page, m.mcid): m.text for m in self.marked if m.mcid is not None}

    def text_of(self, elem: v.Elem, skip=()) -> str:
        texts = self.mcid_text()
        out = []

        def walk(e):
            for kind, value in e.kids:
                if kind == "mcid":
                    out.append(texts.get(value, ""))
                elif value.type not in skip:
                    walk(value)
        walk(elem)
        return "".join(out)


@pytest.fixture(scope="session")
def minimal_pdf(tmp_path_factory):
    return Built(load_model("minimal.akn.xml"), tmp_path_factory.mktemp("pdf"), "minimal")


@pytest.fixture(scope="session")
def sample_pdf(sample_read, tmp_path_factory):
    return Built(sample_read[0], tmp_path_factory.mktemp("pdf"), "sample")


BOTH = ["minimal_pdf", "sample_pdf"]


def nospace(text: str) -> str:
    return re.sub(r"\s+", "", text)


# ------------------------------------------------------------------ PDF/UA-1 basics

def test_registered():
    writer = WRITERS["pdf"]
    assert (writer.module, writer.function, writer.suffix) == (".pdf", "write_pdf", ".pdf")


@pytest.mark.parametrize("which", BOTH)
def test_tagged_pdf_ua_1_with_language_and_title(which, request):
    built = request.getfixturevalue(which)
    pdf = built.pdf
    assert "/StructTreeRoot" in pdf.Root
    assert bool(pdf.Root.MarkInfo.Marked) is True
    assert str(pdf.Root.Lang) == "zh-Hans"
    assert bool(pdf.Root.ViewerPreferences.DisplayDocTitle) is True
    with pdf.open_metadata() as meta:
        assert meta.get("pdfuaid:part") == "1"
        title = meta.get("dc:title")
    assert title == str(pdf.docinfo.Title)
    assert title.endswith(" — A/73/321") and "南南合作情况" in title
    assert pdf.pdf_version == "1.7"


@pytest.mark.parametrize("which", BOTH)
def test_outline_titles_are_the_headings(which, request):
    built = request.getfixturevalue(which)
    doc = model.document_element(built.tree)
    expected = [" ".join(model.flow_text(doc.find(".//" + model.akn("longTitle"))).split())]
    expected += [" ".join(model.flow_text(p).split())
                 for p in model.xpath(doc, "a:preface/a:container/a:p[@class='heading']")]
    for el in model.xpath(doc, "a:mainBody//*[a:heading]"):
        parts = [model.flow_text(el.find(model.akn(t))) for t in ("num", "heading")
                 if el.find(model.akn(t)) is not None]
        expected.append(" ".join(" ".join(parts).split()))
    with built.pdf.open_outline() as outline:
        titles = []

        def walk(items):
            for item in items:
                titles.append(" ".join(item.title.split()))
                walk(item.children)
        walk(outline.root)
    assert titles == expected
    headings = [e for e in built.root.iter() if re.fullmatch(r"H[1-6]", e.type)]
    assert [nospace(built.text_of(h)) for h in headings] == [nospace(t) for t in expected]


@pytest.mark.parametrize("which", BOTH)
def test_heading_levels_never_skip(which, request):
    built = request.getfixturevalue(which)
    levels = [int(e.type[1]) for e in built.root.iter() if re.fullmatch(r"H[1-6]", e.type)]
    assert levels[0] == 1
    assert all(b <= a + 1 for a, b in zip(levels, levels[1:])), levels
    assert not [e for e in built.root.iter() if e.type == "H"]


@pytest.mark.parametrize("which", BOTH)
def test_every_font_embedded_with_unicode_and_cjk_in_a_portable_form(which, request):
    built = request.getfixturevalue(which)
    fonts = v.pdffonts(built.path)
    assert fonts
    assert [f.name for f in fonts if not (f.embedded and f.subset and f.unicode)] == []
    cjk = [f for f in fonts if "CJK" in f.name]
    assert cjk and all("CJK-SC" in f.name for f in cjk)
    # Bare CFF (or TrueType), never the OpenType wrapper some viewers show blank (issue 9).
    assert {f.type for f in fonts} <= {"CID Type 0C", "CID TrueType"}, [(f.name, f.type) for f in fonts]
    # No fallback font: margin boxes use the document's fonts too (user-asks §1.2).
    assert not [f.name for f in fonts if "DejaVu" in f.name]
    # Chinese is never slanted: no oblique synthesized from an upright CJK face (the summary
    # box's italic "Summary" is an upright "摘要").
    assert not [f.name for f in cjk if re.search("Oblique|Italic", f.name)]


# ----------------------------------------------------------------------- links

@pytest.mark.parametrize("which", BOTH)
def test_links_work_and_are_tagged(which, request):
    built = request.getfixturevalue(which)
    pdf = built.pdf
    dests = v.named_destinations(pdf)
    hrefs = {a.get("href") for a in model.xpath(built.tree, "//a:ref | //a:a")}
    annots = v.link_annotations(pdf)
    assert annots
    tagged = {a.objgen: e for e in built.root.iter() if e.type == "Link" for a in e.annotations}
    parent_tree = dict(pikepdf.NumberTree(pdf.Root.StructTreeRoot.ParentTree).items())
    for page, annot in annots:
        contents = str(annot.get("/Contents", ""))
        assert contents.strip(), annot
        assert annot.objgen in tagged, f"link annotation without a Link element: {contents}"
        assert parent_tree[int(annot.StructParent)].objgen == tagged[annot.objgen].obj.objgen
        if "/A" in annot:
            uri = str(annot.A.URI)
            # https everywhere, except http addresses printed as such in the source (kept verbatim).
            assert uri.startswith("https://") or (uri.startswith("http://") and uri in hrefs), uri
        else:
            name = str(annot.Dest)
            assert name in dests, name
            target_page, y = dests[name]
            top = float(pdf.pages[target_page].MediaBox[3])
            assert not (target_page == 0 and y > top - 72), f"{name} goes to the top of page 1"
    uris = {str(a.A.URI) for _, a in annots if "/A" in a}
    assert uris == hrefs


# ------------------------------------------------------------------- footnotes

@pytest.mark.parametrize("which", BOTH)
def test_each_note_is_a_note_element_referenced_from_its_call(which, request):
    built = request.getfixturevalue(which)
    notes_model = model.xpath(built.tree, "//a:authorialNote")
    notes = [e for e in built.root.iter() if e.type == "Note"]
    ids = [e.get("ID") for e in notes]
    assert ids == [n.get("eId") for n in notes_model]
    assert len(set(ids)) == len(ids)
    if which == "sample_pdf":
        assert len(notes) == 15
    for note, source in zip(notes, notes_model):
        siblings = note.parent.children
        ref = siblings[siblings.index(note) - 1]
        assert ref.type == "Reference"
        (link,) = [c for c in ref.children if c.type == "Link"]
        (annot,) = link.annotations
        assert str(annot.Dest) == note.get("ID")
        assert str(annot.Contents) == built.info.lang.footnote.format(marker=source.get("marker"))
        # The call prints the marker; the body starts with it as a label.
        assert built.text_of(ref).strip() == source.get("marker")
        lbl = [e for e in note.iter() if e.type == "Lbl"]
        assert built.text_of(lbl[0]).strip() == source.get("marker")
        assert nospace(built.text_of(note, skip={"Lbl"})) == nospace(model.flow_text(source))


@pytest.mark.parametrize("which", BOTH)
def test_each_note_body_is_on_the_page_of_its_call(which, request):
    built = request.getfixturevalue(which)
    for note in (e for e in built.root.iter() if e.type == "Note"):
        siblings = note.parent.children
        ref = siblings[siblings.index(note) - 1]
        call_pages = {page for page, _ in ref.mcids()}
        body_pages = {page for page, _ in note.mcids()}
        assert len(call_pages) == 1 and body_pages == call_pages, note.get("ID")
        # Poppler agrees: the body text is on that page.
        page_text = nospace(built.texts[call_pages.pop()])
        assert nospace(built.text_of(note, skip={"Lbl"}))[:12] in page_text


@pytest.mark.parametrize("which", BOTH)
def test_calls_are_real_superscripts_not_unicode_ones(which, request):
    built = request.getfixturevalue(which)
    assert not [c for c in "".join(built.texts) if c in SUPERSCRIPTS]


# --------------------------------------------------------------- artifacts, text

@pytest.mark.parametrize("which", BOTH)
def test_page_furniture_is_artifact_and_everything_else_is_in_the_tree(which, request):
    built = request.getfixturevalue(which)
    in_tree = set(built.root.mcids())
    symbol = built.info.symbol
    pages = len(built.pdf.pages)
    furniture: dict[int, set[str]] = collections.defaultdict(set)
    for mc in built.marked:
        if not mc.text.strip():
            continue
        assert mc.tag, f"unmarked text on page {mc.page + 1}: {mc.text!r}"
        if mc.tag == "Artifact":
            furniture[mc.page].add(mc.text.strip())
            kind = "Header" if mc.text.strip() == symbol else "Footer"
            assert (mc.properties.get("/Type"), mc.properties.get("/Subtype")) == ("/Pagination", "/" + kind)
        else:
            assert (mc.page, mc.mcid) in in_tree, f"page {mc.page + 1}: {mc.text!r} is in no element"
    # Running header and folio on every page but the first, and nothing else as an artifact;
    # on page 1 only the foot's "Please recycle" (and the job number when known).
    assert furniture[0] == {pdf_furniture.PLEASE_RECYCLE[built.info.language]}
    for page in range(1, pages):
        assert furniture[page] == {symbol, f"{page + 1}/{pages}"}, page + 1
    # And none of that furniture text is structure content.
    folios = {f"{n}/{pages}" for n in range(1, pages + 1)} | {symbol}
    tree_texts = [t.strip() for (page, mcid), t in built.mcid_text().items() if (page, mcid) in in_tree]
    # The symbol is content once: in the masthead on page 1 (its first letter drawn larger,
    # as the UN prints it, so in two pieces of marked content).
    assert [t for t in tree_texts if t in folios - {symbol}] == []
    page_one = "".join(t for (page, mcid), t in sorted(built.mcid_text().items()) if page == 0
                       and (page, mcid) in in_tree)
    assert nospace(page_one).count(nospace(symbol)) == 1
    assert nospace("".join(t for (page, mcid), t in built.mcid_text().items()
                           if page > 0 and (page, mcid) in in_tree)).count(nospace(symbol)) == 0
    # Rules, borders and the short line above the notes are drawn as artifacts.
    paints = v.painting(built.pdf)
    assert [p for p in paints if p[2] == ""] == []
    assert {p[2] for p in paints if p[1] in ("Do", "f", "S")} == {"Artifact"}
    parent_tree = pikepdf.NumberTree(built.pdf.Root.StructTreeRoot.ParentTree)
    for page in range(pages):
        entries = parent_tree[int(built.pdf.pages[page].StructParents)]
        mapped = {i for i, e in enumerate(entries) if e is not None}
        assert mapped == {m for p, m in in_tree if p == page}


@pytest.mark.parametrize("which", BOTH)
def test_structure_tree_reads_the_whole_model_in_order(which, request):
    """Reading order = the model's order, notes at their calls (what the print HTML says)."""
    built = request.getfixturevalue(which)
    text = built.text_of(built.root, skip={"Reference", "Lbl"})
    assert nospace(text) == nospace(model.content_text(built.tree))


@pytest.mark.parametrize("which", BOTH)
def test_an_element_over_a_page_break_stays_one_element(which, request):
    """One P per paragraph, one Sect per section, one Part for main: not one per page."""
    built = request.getfixturevalue(which)
    page = pdf_writer.print_document(built.tree, OPTIONS)
    counts = collections.Counter(e.type for e in built.root.iter())
    assert counts["Part"] == len(page.xpath("//main")) == 1
    assert counts["Sect"] == len(page.xpath("//section"))
    assert counts["P"] == len(page.xpath("//p"))
    assert counts["Note"] == len(page.xpath("//span[@class='fn']"))


@pytest.mark.parametrize("which", BOTH)
def test_pdftotext_has_every_character_of_the_model(which, request):
    built = request.getfixturevalue(which)
    have = collections.Counter(nospace("".join(built.layout_texts)))
    want = collections.Counter(nospace(model.content_text(built.tree)))
    assert want - have == collections.Counter()
    assert "\ufffd" not in "".join(built.texts)


def han_8grams(text: str) -> set[str]:
    han = "".join(re.findall(r"[\u4e00-\u9fff]", text))
    return {han[i:i + 8] for i in range(len(han) - 7)}


def test_pdftotext_reads_the_text_in_order(sample_pdf):
    """Poppler's reading order keeps the model's: nearly every run of 8 ideographs survives
    (only runs cut by a page break, where the page's notes and folio come in between, do not)."""
    doc = model.document_element(sample_pdf.tree)
    pieces = [model.flow_text(child) for child in doc if child.tag != model.akn("meta")]
    pieces += [model.flow_text(note) for note in model.xpath(doc, "//a:authorialNote")]
    want = set().union(*(han_8grams(p) for p in pieces))
    have = han_8grams("".join(sample_pdf.layout_texts).replace("\n", "")) | han_8grams("".join(sample_pdf.texts))
    recall = len(want & have) / len(want)
    assert recall > 0.98, recall


@pytest.mark.parametrize("which", BOTH)
def test_latin_words_in_chinese_carry_lang_en(which, request):
    built = request.getfixturevalue(which)
    texts = built.mcid_text()
    outside: list[str] = []
    inside: list[str] = []

    def walk(e, lang):
        lang = e.get("Lang") or lang
        for kind, value in e.kids:
            if kind == "mcid":
                (inside if lang == "en" else outside).append(texts.get(value, ""))
            else:
                walk(value, lang)
    walk(built.root, None)
    assert not [t for t in outside if re.search(r"[A-Za-z]{2,}", t)]
    langs = {e.get("Lang") for e in built.root.iter() if e.get("Lang")}
    assert langs == {"en"}
    if which == "minimal_pdf":
        assert "Mobile Money for the Poor" in inside


# ----------------------------------------------------------------- UN layout

@pytest.mark.parametrize("which", BOTH)
def test_first_page_masthead_and_no_invented_date(which, request):
    built = request.getfixturevalue(which)
    first = built.texts[0]
    for word in ("联合国", "A/73/321", "大会", "Distr.: General", "第七十三届会议", "秘书长的报告", "摘要"):
        assert word in first, word
    assert built.info.date is None
    assert not re.search(r"\d{4}\s*年\s*\d{1,2}\s*月|\d{1,2} (January|February|March|April|May|June|July|"
                         r"August|September|October|November|December) \d{4}", first)
    assert "Original" not in first  # the model does not know the original language


@pytest.mark.parametrize("which", BOTH)
def test_running_header_is_mirrored(which, request):
    built = request.getfixturevalue(which)
    width = float(built.pdf.pages[0].MediaBox[2])
    assert len(built.pdf.pages) >= 2
    for mc in built.marked:
        if mc.tag == "Artifact" and mc.text.strip() == built.info.symbol:
            left_page = (mc.page + 1) % 2 == 0
            assert (mc.x < width / 2) == left_page, (mc.page + 1, mc.x)


def test_known_date_and_original_language_are_printed(tmp_path):
    tree = load_model("minimal.akn.xml")
    facts = model.xpath(tree, "//pl:document")[0]
    facts.set("date", "2018-08-03")
    facts.set("originalLanguage", "en")
    first = Built(tree, tmp_path, "dated").texts[0]
    assert "3 August 2018" in first and "Original: English" in first


def test_arabic_marks_latin_symbols_and_reads_right_to_left(tmp_path):
    """The minimal model declared Arabic: direction, and Latin symbols as another language."""
    tree = load_model("minimal.akn.xml")
    model.xpath(tree, "//pl:document")[0].set("language", "ar")
    built = Built(tree, tmp_path, "minimal-ar")
    assert str(built.pdf.Root.Lang) == "ar"
    assert str(built.pdf.Root.ViewerPreferences.Direction) == "/R2L"
    texts = built.mcid_text()
    english = set()
    for e in built.root.iter():
        if e.get("Lang") == "en":
            english.add(nospace("".join(texts.get(m, "") for m in e.mcids())))
    for symbol in ("A/73/150", "A/72/297", "A/71/208", "SSC/19/3", "JIU/REP/2018/2"):
        assert any(symbol in t for t in english), symbol


def test_a_vowel_mark_reads_as_itself_wherever_it_is_drawn(tmp_path):
    """Issue 13: WeasyPrint maps a glyph to the text of the first cluster it is drawn in, and
    HarfBuzz keeps the damma of "أُ" in the alef's cluster: the damma glyph read "أُ" in every
    later "تُفرض" ("تأُفرض"), for pdftotext, PDFium and copy-paste alike."""
    tree = load_model("minimal.akn.xml")
    model.xpath(tree, "//pl:document")[0].set("language", "ar")
    first, later = model.xpath(tree, "//a:paragraph/a:content/a:p")[:2]
    for p, text in ((first, "تدين ما أُبلغ عنه من عمليات."), (later, "القيود التي تُفرض على تمتّعهم، وتُسلِّم بضرورة الترويج.")):
        for child in list(p):
            p.remove(child)
        p.text = text
    words = nospace("".join(Built(tree, tmp_path, "marks-ar").texts))
    assert "أُبلغ" in words and "تُفرض" in words and "وتُسلِّم" in words
    assert "تأُ" not in words


@pytest.fixture(scope="session")
def arabic_resolution_pdf(tmp_path_factory):
    from pipeline import ReadOptions, Reporter, read_source
    name = "ar_A-RES-75-234.txt"
    tree = read_source((SHARED / "corpus" / name).read_bytes(), name, Reporter(), ReadOptions(source_date_epoch=0))
    return Built(tree, tmp_path_factory.mktemp("pdf"), "ar-res")


def test_english_inside_arabic_is_one_left_to_right_run(arabic_resolution_pdf):
    """A/RES/75/234 (ar) note 3 is an English citation: WeasyPrint set its comma-separated parts
    right to left (".No. 30822 ,vol. 1771 ,Treaty Series ,United Nations"); one isolated
    left-to-right run, as Chromium orders it, reads in order in Poppler and in MuPDF, and the
    calls are in parentheses as in the UN's Arabic documents."""
    import subprocess
    citation = "United Nations, Treaty Series, vol. 1771, No. 30822"
    assert citation in "".join(arabic_resolution_pdf.texts)
    mupdf = subprocess.run(["mutool", "draw", "-q", "-F", "txt", str(arabic_resolution_pdf.path)],
                           capture_output=True, text=True, check=True).stdout
    assert citation in mupdf
    english = [e for e in arabic_resolution_pdf.root.iter() if e.get("Lang") == "en"]
    texts = arabic_resolution_pdf.mcid_text()
    assert any(citation in "".join(texts.get(m, "") for m in e.mcids()) for e in english)
    calls = [arabic_resolution_pdf.text_of(e) for e in arabic_resolution_pdf.root.iter() if e.type == "Reference"]
    # (the content stream draws glyphs left to right: a right-to-left "(1)" is ")1(" there)
    assert calls and all(re.fullmatch(r"\(\d+\)|\)\d+\(", nospace(c)) for c in calls), calls


def test_paragraph_numbers_run_1_to_95_without_restart(sample_pdf):
    numbers = [int(m.group(1)) for page in sample_pdf.texts
               for m in re.finditer(r"^(\d+)\.(?!\d)", page, re.M)]
    assert numbers == list(range(1, 96))


def test_sample_is_a_handful_of_a4_pages(sample_pdf):
    box = sample_pdf.pdf.pages[0].MediaBox
    assert (round(float(box[2])), round(float(box[3]))) == (595, 842)
    assert 8 <= len(sample_pdf.pdf.pages) <= 20


def test_page_size_option(tmp_path):
    built = Built(load_model("minimal.akn.xml"), tmp_path, "letter", WriteOptions(page_size="letter"))
    box = built.pdf.pages[0].MediaBox
    assert (round(float(box[2])), round(float(box[3]))) == (612, 792)
    with pytest.raises(WriterError, match="page size"):
        write(load_model("minimal.akn.xml"), "pdf", WriteOptions(page_size="A4; } body { color: red"))


def test_a_note_without_its_call_is_an_error_not_a_silent_drop():
    tree = load_model("minimal.akn.xml")
    page = pdf_writer.print_document(tree, OPTIONS)
    assert not page.xpath("//aside") and len(page.xpath("//span[@class='fn']")) == 4
    broken = deepcopy(tree)
    html = pdf_writer.html_document(broken, OPTIONS)
    call = html.xpath("//a[@class='noteref']")[0]
    call.getparent().remove(call)
    with pytest.raises(WriterError, match="has no call"):
        pdf_writer._notes_to_calls(html, "minimal.md")


def notes_off_their_call_page(document) -> list[str]:
    return [] if pdf_writer._deferred_note_block(document) is None else ["deferred"]


def test_sample_notes_stay_with_their_calls_in_one_layout(sample_read, monkeypatch):
    """WeasyPrint's footnote deferral (note 13 of the sample, with WeasyPrint 70 alone) is
    stopped during layout: no second layout needed."""
    layouts = []
    real = pdf_writer._layout
    monkeypatch.setattr(pdf_writer, "_layout", lambda page, options: layouts.append(1) or real(page, options))
    document = pdf_writer._render(sample_read[0], OPTIONS)
    assert len(layouts) == 1
    assert notes_off_their_call_page(document) == []


def many_notes(count: int = 26) -> "etree._ElementTree":
    """The minimal model with ``count`` more paragraphs of varied length, each calling two notes:
    with WeasyPrint 70 alone, one of its page breaks moves a note away from its call."""
    tree = load_model("minimal.akn.xml")
    section = model.xpath(tree, "//a:section[@eId='sec_1']")[0]
    para = model.xpath(tree, "//a:paragraph[@eId='para_1']")[0]
    for i in range(2, count + 2):
        p = deepcopy(para)
        p.set("eId", f"para_x{i}")
        p.find(model.akn("num")).text = f"{i}."
        for k, note in enumerate(model.xpath(p, ".//a:authorialNote")):
            note.set("eId", f"fn_x{i}_{k}")
        model.xpath(p, ".//a:content/a:p")[0].text = "联合国系统为支持发展中国家执行议程而采取的行动。" * (1 + i * 3 % 5)
        section.append(p)
    return tree


def test_notes_stay_with_their_calls_without_the_layout_fix(monkeypatch):
    """The safety net for another WeasyPrint: push the paragraph to the next page, lay out again."""
    tree = many_notes()
    pdf_writer._install_note_keeper()
    monkeypatch.setattr(pdf_writer, "_LINEBOX_CODE", [None])
    page = pdf_writer.print_document(tree, OPTIONS)
    assert notes_off_their_call_page(pdf_writer._layout(page, OPTIONS)) == ["deferred"]  # the bug
    layouts = []
    real = pdf_writer._layout
    monkeypatch.setattr(pdf_writer, "_layout", lambda page, options: layouts.append(1) or real(page, options))
    document = pdf_writer._render(tree, OPTIONS)
    assert len(layouts) >= 2
    assert notes_off_their_call_page(document) == []


def test_notes_stay_with_their_calls_in_one_layout_with_the_fix(monkeypatch):
    layouts = []
    real = pdf_writer._layout
    monkeypatch.setattr(pdf_writer, "_layout", lambda page, options: layouts.append(1) or real(page, options))
    document = pdf_writer._render(many_notes(), OPTIONS)
    assert len(layouts) == 1
    assert notes_off_their_call_page(document) == []


def test_layout_is_memoized_per_tree_and_options():
    tree = load_model("minimal.akn.xml")
    first = pdf_writer.render_document(tree, OPTIONS)
    assert pdf_writer.render_document(tree, OPTIONS) is first
    assert pdf_writer.render_document(tree, WriteOptions(page_size="letter")) is not first
    model.xpath(tree, "//a:paragraph[@eId='para_1']//a:p")[0].text = "改了。"
    assert pdf_writer.render_document(tree, OPTIONS) is not first


def test_same_bytes_twice(minimal_pdf):
    assert write(load_model("minimal.akn.xml"), "pdf", OPTIONS) == minimal_pdf.data


# ---------------------------------------------------------------- viewers

@pytest.mark.parametrize("which", BOTH)
def test_poppler_and_mupdf_both_draw_the_chinese_text(which, request, tmp_path):
    built = request.getfixturevalue(which)
    page = 2
    poppler = v.ink(v.render_poppler(built.path, page, tmp_path / "poppler.png"))
    mupdf = v.ink(v.render_mupdf(built.path, page, tmp_path / "mupdf.png"))
    assert poppler > 0.005 and mupdf > 0.005
    assert abs(poppler - mupdf) / poppler < 0.25, (poppler, mupdf)


def test_pdfjs_in_chromium_draws_and_reads_the_chinese_text(sample_pdf, tmp_path):
    """The third common viewer: pdf.js (Firefox's viewer) with its own font parser."""
    report = pdfjs.render(sample_pdf.path, tmp_path, pages=(1, 2))
    assert report.pages == len(sample_pdf.pdf.pages)
    assert report.warnings == []
    han = re.compile(r"[\u4e00-\u9fff]")
    for page in report.rendered:
        poppler = v.ink(v.render_poppler(sample_pdf.path, page.page, tmp_path / f"poppler-{page.page}.png", dpi=72))
        drawn = v.ink(page.png)
        assert drawn > 0.01 and abs(drawn - poppler) / poppler < 0.25, (page.page, drawn, poppler)
        assert (collections.Counter(han.findall(page.text))
                == collections.Counter(han.findall(sample_pdf.texts[page.page - 1])))


# ------------------------------------------------------------------ Chinese typesetting (issue 16)

_CJK = re.compile(r"[\u3000-\u30ff\u4e00-\u9fff\uff00-\uffef]")
_LABEL = re.compile(r"^(?:\d+\.|[一二三四五六七八九十]+\.|[A-Z]\.|\([a-z]\))")


def text_lines(path: Path):
    """Each line of text of each page as (page, font size, its glyphs left to right), read
    from the glyph positions (pdfplumber); a raised note call joins the line it is raised from."""
    import pdfplumber

    with pdfplumber.open(path) as pdf:
        for number, page in enumerate(pdf.pages, 1):
            rows = collections.defaultdict(list)
            small = []
            for c in page.chars:
                if c["size"] >= 8.5:
                    rows[(round(c["bottom"] * 2) / 2, round(c["size"], 1))].append(c)
                else:
                    small.append(c)
            for c in small:
                near = [k for k in rows if 0 <= k[0] - c["bottom"] <= k[1] * 0.8
                        and min(x["x0"] for x in rows[k]) - 20 <= c["x0"] <= max(x["x1"] for x in rows[k]) + 20]
                if near:
                    rows[min(near, key=lambda k: k[0] - c["bottom"])].append(c)
            for (_, size), chars in sorted(rows.items()):
                yield number, size, sorted((c for c in chars if c["text"].strip()), key=lambda c: c["x0"])


def test_chinese_is_justified_between_characters_and_ends_no_paragraph_on_one_or_two(sample_pdf):
    """No word gap inside a Chinese line wider than 1.5 normal spaces (WeasyPrint widened only
    the spaces: "5      000万", "《2030    年议程》"); the slack goes to the gaps next to the
    Chinese characters, none of them over half an em (a line that would need more is left
    short, as JIS X 4051 does); the thin space of "5 000万" intact; and no paragraph whose last line holds one or
    two characters (there were six)."""
    words, chars, short = [], [], []
    width = float(sample_pdf.pdf.pages[0].MediaBox[2])
    column_end = width / 2 + 129.5 / 2 * 72 / 25.4 + 1           # the text column (print.css)
    justified = 0
    for page, size, glyphs in text_lines(sample_pdf.path):
        text = "".join(c["text"] for c in glyphs)
        if not _CJK.search(text) or glyphs[-1]["x1"] > column_end:    # the masthead is wider
            continue
        label = _LABEL.match(text)
        skip = len(label.group()) if label else 0
        if not skip and glyphs[0]["size"] < 8.5:          # a note's marker hanging before its text
            skip = next((i for i, c in enumerate(glyphs) if c["size"] >= 8.5), 0)
        space = 0.26 * size                               # U+0020 in Noto Serif (CJK): 0.256–0.26 em
        justified += glyphs[-1]["x1"] > column_end - 2
        for i, (a, b) in enumerate(zip(glyphs, glyphs[1:]), 1):
            gap = b["x0"] - a["x1"]
            where = (page, text[max(0, i - 8):i + 8], round(gap / space, 2))
            if i == skip:
                continue
            if _CJK.match(a["text"]) or _CJK.match(b["text"]):
                if gap > 0.5 * size:
                    chars.append(where)
            elif gap > 1.5 * space:
                words.append(where)
        if size == 10.5 and page > 1 and len(text[skip:]) <= 2:
            short.append((page, text))
    assert justified > 300
    assert not words, words[:10]
    assert not chars, chars[:10]
    assert not short, short
    assert "5 000万" in "".join(sample_pdf.texts)


def test_adjacent_full_width_marks_are_compressed(sample_pdf):
    """"。《" and the like: the first closing mark is set half width (the font's halt feature),
    so the two marks do not leave a full em of white between them."""
    pairs = 0
    for _, size, glyphs in text_lines(sample_pdf.path):
        for a, b in zip(glyphs, glyphs[1:]):
            if a["text"] in "。，、；：）》」" and b["text"] in "（《「“" and a["size"] == size:
                pairs += 1
                assert b["x0"] - a["x0"] < 0.75 * size, (a["text"] + b["text"], b["x0"] - a["x0"])
    assert pairs


# ------------------------------------------------------------------ the UN's own layout (issue 16)

def test_resolutions_are_laid_out_as_the_un_prints_them(tmp_path):
    """The 18 resolutions of shared/realworld built from the UN's AKN4UN XML on the official
    files' paper (Letter), against the official PDFs (styles/LAYOUT.md): the same masthead lines
    on page 1, page counts within one, the first paragraph starting each page within two
    paragraphs on at least 80 % of the pages, and the notes on the same pages (Word lets a long
    note run on to the next page where WeasyPrint keeps it whole with its call: 90 % overall)."""
    import sys
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tools"))
    import side_by_side

    officials = sorted((SHARED / "realworld" / "pdf").glob("A_RES_78_*.pdf"))
    assert len(officials) == 18
    notes_same = notes_total = 0
    report = []
    short = []
    for official in officials:
        number = official.stem.rsplit("_", 1)[1]
        [source] = (SHARED / "realworld" / "akn4un" / "english").glob(f"A_RES_78_{number}-*.xml")
        tree = side_by_side.read(source)
        size = side_by_side.page_size_of(official)
        ours = side_by_side.build_pdf(tree, tmp_path, official.stem, size)
        # The layout just written (memoized): no justified line left short (styles/LAYOUT.md).
        document = pdf_writer.render_document(tree, WriteOptions(source_date_epoch=0, page_size=size))
        short.extend((official.stem, line) for line in short_justified_lines(document))
        r = side_by_side.compare(official, ours, tree)
        off, us = r["official"], r["ours"]
        report.append((official.stem, off["pages"], us["pages"], r["pages_within_two"], r["notes_same_page"]))
        assert off["masthead"] == us["masthead"] and len(us["masthead"]) >= 5, (official.stem, off, us)
        assert abs(off["pages"] - us["pages"]) <= 1, report[-1]
        assert r["pages_within_two"] >= 0.8, report[-1]
        known = [(a, b) for a, b in zip(off["note_pages"], us["note_pages"]) if a is not None and b is not None]
        notes_same += sum(a == b for a, b in known)
        notes_total += len(known)
    assert notes_total > 100 and notes_same / notes_total >= 0.9, (notes_same, notes_total, report)
    assert short == []


def test_first_page_foot_has_the_job_numbers_barcode_and_the_documents_qr_code(tmp_path):
    """Page 1's foot as the UN prints it, drawn from the model's job number, symbol and language:
    read back by a real barcode reader (zxing-cpp) from the page rendered at 300 dpi, as
    vector paths that are artifacts, and nowhere in the HTML or the EPUB."""
    import zxingcpp
    from PIL import Image

    tree = load_model("minimal.akn.xml")
    model.xpath(tree, "//pl:document")[0].set("jobNumber", "18-13022 (C)")
    built = Built(tree, tmp_path, "minimal-foot")
    subprocess.run(["pdftoppm", "-r", "300", "-f", "1", "-l", "1", "-png", str(built.path),
                    str(tmp_path / "page")], check=True)
    [png] = tmp_path.glob("page-*.png")
    found = {(r.format, r.text) for r in zxingcpp.read_barcodes(Image.open(png))}
    assert found == {(zxingcpp.BarcodeFormat.QRCode, "https://undocs.org/zh/A/73/321"),
                     (zxingcpp.BarcodeFormat.Code39, "1813022")}
    # Vector drawings (forms of paths), no pictures; every drawing an artifact (the test above).
    def subtypes(resources):
        for xobject in (resources.get("/XObject") or {}).values():
            yield str(xobject.get("/Subtype"))
            if xobject.get("/Resources") is not None:
                yield from subtypes(xobject.Resources)
    assert set(subtypes(built.pdf.pages[0].Resources)) == {"/Form"}
    assert {p[2] for p in v.painting(built.pdf) if p[0] == 0 and p[1] in ("Do", "f", "S")} == {"Artifact"}
    page_one = {mc.text.strip() for mc in built.marked if mc.page == 0 and mc.tag == "Artifact" and mc.text.strip()}
    assert page_one == {"18-13022 (C)", "请回收"}
    for fmt in ("html", "epub"):
        assert "请回收".encode() not in write(tree, fmt, OPTIONS)


def test_info_and_xmp_say_what_the_document_is(tmp_path):
    """Title, description (symbol and title), keywords (symbol, issue date, job number) and
    language in the Info dictionary and the XMP metadata."""
    tree = load_model("minimal.akn.xml")
    el = model.xpath(tree, "//pl:document")[0]
    el.set("date", "2018-08-07")
    el.set("jobNumber", "18-13022 (C)")
    built = Built(tree, tmp_path, "minimal-meta")
    info = built.pdf.docinfo
    assert str(info.Subject).startswith("A/73/321: ")
    assert [k.strip() for k in str(info.Keywords).split(",")] == ["A/73/321", "2018-08-07", "18-13022 (C)"]
    with built.pdf.open_metadata() as meta:
        assert meta.get("dc:description").startswith("A/73/321: ")
        assert "A/73/321" in meta.get("pdf:Keywords")
    assert str(built.pdf.Root.Lang) == "zh-Hans"


def test_a_note_call_never_starts_a_line():
    """A call glued to its word stays on that word's line ("thereto,¹¹", where a line may break
    after the comma: the UN's line keeps them together, WeasyPrint alone put the call at the
    start of the next line).  Sixteen paragraphs, each a word longer, put "thereto," at every
    place of a line; the call's box starts where the comma's ends, on its line."""
    import pypdfium2 as pdfium

    from pipeline import read_source
    from pipeline.diagnostics import Reporter
    from pipeline.readers.text import ReadOptions
    sup = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")
    blocks = []
    for n in range(1, 17):
        blocks.append(f"{n}. The Assembly recalls " + "the instrument " * n
                      + f"and the Optional Protocols thereto,{str(n).translate(sup)} and more words follow here.")
        blocks.append(f"{str(n).translate(sup)} Note {n}.")
    tree = read_source(("Resolution on calls\n\n" + "\n\n".join(blocks) + "\n").encode(), "A_RES_1_1-EN.md",
                       Reporter(), ReadOptions(source_date_epoch=0))
    pdf = pdfium.PdfDocument(pdf_writer.write_pdf(tree, WriteOptions(source_date_epoch=0)))
    calls = []
    for index in range(len(pdf)):
        page = pdf[index].get_textpage()
        text = page.get_text_range()
        for match in re.finditer(r"thereto,\s*(\d+)", text):
            comma = page.get_charbox(match.start() + len("thereto,") - 1)
            call = page.get_charbox(match.start(1))
            calls.append((match[1], call[0] >= comma[2] - 1 and call[1] > comma[1] - 2))
    assert sorted(int(n) for n, _ in calls) == list(range(1, 17))
    assert [n for n, same_line in calls if not same_line] == []


# ------------------------------------------------------------ line breaking (WeasyPrint 70 defect)

#: The reproducer of styles/LAYOUT.md ("A WeasyPrint line-breaking defect"): E/2025/76, ¶2 (the
#: line Pango fits is taken for one that cannot be split: "the" alone) and A/RES/78/128,
#: preamble ¶10 (the text after an <i> overflows by Pango's measure: "Recalling" alone).
LINE_BREAK_REPRODUCER = """<html lang="en"><style>
@page { size: 600pt 300pt; margin: 10pt }
p { font: 10pt/12pt "Liberation Serif"; letter-spacing: 0.33pt; word-spacing: -0.7pt;
    font-kerning: none; font-variant-ligatures: none; text-align: justify; margin: 0 0 12pt }
</style>
<p style="width: 338.74pt">the tangible progress achieved through United Nations support. In South
Sudan, despite worsening humanitarian conditions, delayed political reforms</p>
<p style="width: 367pt; text-indent: 8.4mm"><i>Recalling also</i> that the Sustainable Development
Goals and targets are integrated and indivisible and balance the three dimensions of sustainable
development: the economic, social and environmental,</p></html>"""


def first_lines_of_reproducer() -> list[str]:
    import weasyprint
    from weasyprint.formatting_structure import boxes

    page = weasyprint.HTML(string=LINE_BREAK_REPRODUCER).render().pages[0]._page_box
    firsts = {}

    def walk(box):
        for child in getattr(box, "children", ()) or ():
            if isinstance(child, boxes.LineBox):
                firsts.setdefault(box.element, " ".join(text_of_box(child).split()))
            else:
                walk(child)
    walk(page)
    return list(firsts.values())


def text_of_box(box) -> str:
    from weasyprint.formatting_structure import boxes
    if isinstance(box, boxes.TextBox):
        return box.text
    return "".join(text_of_box(c) for c in getattr(box, "children", ()) or ())


def test_weasyprint_line_break_defect_is_still_there_upstream(monkeypatch):
    """Without our wrapper WeasyPrint 70 sets "the" and "Recalling" alone on a justified line.
    When this fails, WeasyPrint fixed it: delete pipeline/writers/weasyprint_line_break.py."""
    from weasyprint.layout import inline

    from pipeline.writers import weasyprint_line_break
    weasyprint_line_break.install()
    monkeypatch.setattr(inline, "split_first_line", inline.split_first_line.__wrapped__)
    assert first_lines_of_reproducer() == ["the", "Recalling"]


def test_weasyprint_line_break_keeps_each_line_that_fits():
    from pipeline.writers import weasyprint_line_break
    weasyprint_line_break.install()
    assert first_lines_of_reproducer() == [
        "the tangible progress achieved through United Nations support. In South Sudan,",
        "Recalling also that the Sustainable Development Goals and targets are"]


def short_justified_lines(document, ratio: float = 0.6) -> list[tuple]:
    """Lines of a justified paragraph, not its last (the paragraph goes on, on this page or the
    next), whose text is narrower than ``ratio`` of the line although the first word of the next
    line would have fitted after it: [(page, share of the measure, line, next line's start)].
    Table cells are left out (the UN sets them ragged)."""
    from weasyprint.formatting_structure import boxes
    from weasyprint.layout.inline import count_expandable_spaces
    from weasyprint.text.line_break import create_layout, line_size

    lines = []

    def walk(box, page):
        for child in getattr(box, "children", ()) or ():
            if isinstance(child, boxes.LineBox):
                if child.style["text_align_all"] == "justify":
                    lines.append((page, box.element, box, child))
            elif not isinstance(child, boxes.TableBox):
                walk(child, page)

    for number, page in enumerate(document.pages, 1):
        walk(page._page_box, number)

    def stretch(box):
        if isinstance(box, boxes.TextBox):
            return getattr(box, "justification_spacing", 0) * count_expandable_spaces(box)
        return sum(stretch(c) for c in getattr(box, "children", ()) or () if c.is_in_normal_flow())

    def leaves(box):
        if isinstance(box, (boxes.LineBox, boxes.InlineBox)):
            for child in box.children:
                if child.is_in_normal_flow():
                    yield from leaves(child)
        else:
            yield box

    def first_word_width(line) -> float:
        """The next line's first unbreakable run, with the space before it."""
        width = 0.0
        for leaf in leaves(line):
            if isinstance(leaf, boxes.TextBox):
                text = leaf.text.lstrip(" ") if width == 0 else leaf.text
                if " " in text:
                    run = " " + text[:text.index(" ")] if width == 0 else text[:text.index(" ")]
                    layout = create_layout(run, leaf.style, None, None, 0)
                    return width + line_size(layout.get_first_line()[0], leaf.style)[0]
                width += leaf.width - stretch(leaf)
            else:
                width += leaf.margin_width()
        return width

    found = []
    for k, (page, element, block, line) in enumerate(lines[:-1]):
        following = lines[k + 1]
        if following[1] is not element:
            continue                      # the paragraph's last line
        natural = line.width - stretch(line)
        if natural < ratio * block.width and natural + first_word_width(following[3]) <= block.width:
            found.append((page, round(natural / block.width, 2), " ".join(text_of_box(line).split()),
                          " ".join(text_of_box(following[3]).split())[:40]))
    return found


def _short_lines_of_shared_pdf(stem: str) -> tuple[str, int, list[tuple]]:
    from pipeline import read_source
    from pipeline.diagnostics import Reporter
    from pipeline.readers.text import ReadOptions

    path = SHARED / "realworld" / "pdf" / f"{stem}.pdf"
    tree = read_source(path.read_bytes(), path.name, Reporter(), ReadOptions(source_date_epoch=EPOCH))
    document = pdf_writer.render_document(tree, OPTIONS)
    try:
        return stem, len(document.pages), short_justified_lines(document)
    finally:
        pdf_writer.clear_layouts()


def test_no_justified_line_is_left_short():
    """Our PDFs of the official PDFs of shared/realworld: no line of a justified paragraph but
    its last is left much shorter than the measure when the next word would have fitted on it
    (WeasyPrint 70 set "the", "of", "Recalling", "17." alone on such lines; styles/LAYOUT.md).
    Here the 14 reports, letters and other organs' documents, read from their PDFs and laid out
    as ``--to pdf`` lays them out; the 18 resolutions, built from the UN's XML, are scanned in
    ``test_resolutions_are_laid_out_as_the_un_prints_them`` from the layout it makes anyway."""
    import concurrent.futures
    import multiprocessing

    stems = sorted(p.stem for p in (SHARED / "realworld" / "pdf").glob("*.pdf") if not p.stem.startswith("A_RES_"))
    assert len(stems) == 14
    with concurrent.futures.ProcessPoolExecutor(2, mp_context=multiprocessing.get_context("fork")) as pool:
        results = list(pool.map(_short_lines_of_shared_pdf, stems))
    assert sum(pages for _, pages, _ in results) > 250
    assert [(stem, found) for stem, _, found in results if found] == []


# ------------------------------------------------------------------------ letters

LETTERS = ["S_2025_330", "S_2025_395", "A_79_989"]


def page_one_layout(path: Path) -> dict:
    """What a letter's first page shows, measured with pdfplumber: the column's start (the
    leftmost x of the body lines), the title's size, each body paragraph's first-line indent
    and its other lines' start, the signature line's ends, and the colour of the symbol links."""
    import pdfplumber

    with pdfplumber.open(path) as pdf:
        page = pdf.pages[0]
        words = page.extract_words(extra_attrs=["size", "fontname", "non_stroking_color"])
    lines = collections.defaultdict(list)
    for w in words:
        lines[round(w["bottom"])].append(w)
    rows = [sorted(ws, key=lambda w: w["x0"]) for _, ws in sorted(lines.items())]
    title = [r for r in rows if "Bold" in r[0]["fontname"] and 11 < r[0]["size"] < 16
             and r[0]["text"] in ("Letter", "Note", "Identical", "Permanent", "to", "Nations", "General")]
    [signed] = [r for r in rows if r[0]["text"].startswith("(") and any(w["text"].startswith("Signed") for w in r)]
    # The letter's text: between its title and its signature.
    body = [r for r in rows if round(r[0]["size"]) == 10 and "Bold" not in r[0]["fontname"]
            and title[-1][0]["top"] < r[0]["top"] < signed[0]["top"]]
    column = min(r[0]["x0"] for r in body)
    right = max(r[-1]["x1"] for r in body)
    paragraphs, previous = [], None
    for r in body:
        if previous is None or r[0]["top"] - previous[0]["top"] > 13:
            paragraphs.append([])
        paragraphs[-1].append(round(r[0]["x0"] - column, 1))
        previous = r
    blue = {str(tuple(w["non_stroking_color"] or ())) for r in body for w in r if re.match(r"\d{3,4}$", w["text"])
            and w["non_stroking_color"] not in (None, (0,), [0], (0, 0, 0))}
    return {"title size": {round(r[0]["size"]) for r in title},
            "first-line indents": [p[0] for p in paragraphs if len(p) > 1],
            "other lines": {x for p in paragraphs for x in p[1:]},
            "signature from right": round(right - signed[-1]["x1"]),
            "signature past the middle": signed[0]["x0"] > (column + right) / 2,
            "link colours": blue}


def annex_headings(path: Path) -> list[tuple[float, int]]:
    """(x, size) of each "Annex" / "Annex II" heading line opening a page."""
    import pdfplumber

    found = []
    with pdfplumber.open(path) as pdf:
        for page in pdf.pages[1:]:
            words = sorted((w for w in page.extract_words(extra_attrs=["size"]) if 65 < w["top"] < 100),
                           key=lambda w: w["top"])
            if not words:
                continue
            words = sorted((w for w in words if abs(w["bottom"] - words[0]["bottom"]) < 1), key=lambda w: w["x0"])
            line = " ".join(w["text"] for w in words)
            if re.fullmatch(r"Annex(?: [IVX]+)?", line):
                found.append((round(words[0]["x0"]), round(words[0]["size"])))
    return found


@pytest.mark.parametrize("stem", LETTERS)
def test_a_letter_is_set_as_the_un_sets_it(stem, tmp_path):
    """A letter read from its official PDF and printed on the same paper, measured against the
    official page 1: the title 12 pt (a report's is 14), each paragraph's first line indented
    23.7 pt and its other lines at the column's start, "(Signed) …" set right at the column's
    end, the resolution links blue."""
    from pipeline import read_source
    from pipeline.diagnostics import Reporter
    from pipeline.readers.text import ReadOptions

    official = SHARED / "realworld" / "pdf" / f"{stem}.pdf"
    tree = read_source(official.read_bytes(), official.name, Reporter(), ReadOptions(source_date_epoch=EPOCH))
    ours = tmp_path / official.name
    ours.write_bytes(write(tree, "pdf", WriteOptions(source_date_epoch=EPOCH, page_size="letter")))
    theirs, mine = page_one_layout(official), page_one_layout(ours)
    assert theirs["title size"] == mine["title size"] == {12}
    assert len(mine["first-line indents"]) == len(theirs["first-line indents"]) >= 2
    for a, b in zip(theirs["first-line indents"], mine["first-line indents"]):
        assert abs(a - 23.7) < 0.5 and abs(b - a) < 0.5, (theirs, mine)
    assert theirs["other lines"] == mine["other lines"] == {0.0}
    assert abs(mine["signature from right"] - theirs["signature from right"]) <= 1, (theirs, mine)
    assert mine["signature past the middle"] and theirs["signature past the middle"]
    assert mine["link colours"] == theirs["link colours"] == {"(0.0, 0.0, 1.0)"}
    # "Annex" at the block's left (21 mm from the edge), 12 pt bold, as a letter's annex opens.
    headings, official_headings = annex_headings(ours), annex_headings(official)
    assert len(headings) == len(official_headings) and all(
        abs(a[0] - b[0]) <= 1 and a[1] == b[1] for a, b in zip(headings, official_headings)), \
        (official_headings, headings)


@pytest.mark.parametrize("title, signed, office", [
    ("Lettre datée du 27 mai 2025, adressée au Président du Conseil de sécurité par le Secrétaire général",
     "(<i>Signé</i>) António <b>Guterres</b>", "Secrétaire général"),
    ("Carta de fecha 27 de mayo de 2025 dirigida a la Presidencia del Consejo de Seguridad",
     "(<i>Firmado</i>) António <b>Guterres</b>", "Secretario General"),
    ("Письмо Генерального секретаря от 27 мая 2025 года на имя Председателя Совета Безопасности",
     "(<i>Подпись</i>) Антониу <b>Гутерриш</b>", "Генеральный секретарь"),
    ("2025年5月27日秘书长给安全理事会主席的信", "（签名）安东尼奥·古特雷斯", "秘书长"),
    ("رسالة مؤرخة 27 أيار/مايو 2025 موجهة إلى رئيس مجلس الأمن من الأمين العام",
     "(توقيع) أنطونيو غوتيريش", "الأمين العام"),
])
def test_letters_and_signatures_are_marked_in_every_language(title, signed, office):
    page = lxml.html.fromstring(
        f"<html><body><main><div class='preface'><h1><span class='docTitle'>{title}</span></h1></div>"
        f"<div class='para'><p>Text of the letter.</p></div><div class='para'><p>{signed}</p></div>"
        f"<div class='para'><p>{office}</p></div><section class='annex'><h2>Annex</h2>"
        f"<div class='para'><p>An annexed text.</p></div></section></main></body></html>")
    pdf_writer.mark_letters_and_signatures(page)
    assert page.find("body").get("class") == "letter"
    assert [p.get("class") for p in page.xpath("//div[@class='para']/p")] == \
        [None, "signature", "signature-line", None]


def test_a_report_is_no_letter():
    page = lxml.html.fromstring(
        "<html><body><main><div class='preface'><h1>Report of the Secretary-General on letters of "
        "credit</h1></div><div class='para'><p>1. Text.</p></div></main></body></html>")
    pdf_writer.mark_letters_and_signatures(page)
    assert page.find("body").get("class") is None
