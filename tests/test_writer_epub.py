"""Issue 5: the accessible EPUB 3 — EPUBCheck, Ace and axe-core clean, footnotes as pop-ups,
a page list that matches the PDF edition page for page, byte-identical builds.

Writer tests start from ``tests/models/minimal.akn.xml``; the end-to-end tests build the
sample report once per session (EPUB and the PDF layout it reads its page breaks from).
"""

from __future__ import annotations

import io
import re
import subprocess
import uuid
import zipfile
from pathlib import Path

import pytest
from lxml import etree

from conftest import load_model
from pipeline import model, write
from pipeline.diagnostics import WriterError
from pipeline.languages import language, undocs_url
from pipeline.writers import WriteOptions
from pipeline.writers import epub as epub_writer
from validators import ace, axe, epubcheck

EPOCH = 1_546_300_800          # 2019-01-01T00:00:00Z
OPTIONS = WriteOptions(source_date_epoch=EPOCH)
NS = {"x": "http://www.w3.org/1999/xhtml", "epub": "http://www.idpf.org/2007/ops",
      "opf": "http://www.idpf.org/2007/opf", "dc": "http://purl.org/dc/elements/1.1/"}
EPUB_TYPE = "{http://www.idpf.org/2007/ops}type"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


class Book:
    """An EPUB's bytes, unpacked on disk, with its package and spine parsed."""

    def __init__(self, data: bytes, folder: Path):
        self.data = data
        self.folder = folder
        self.zip = zipfile.ZipFile(io.BytesIO(data))
        self.zip.extractall(folder)
        self.path = folder.with_suffix(".epub")
        self.path.write_bytes(data)
        self.opf = etree.fromstring(self.zip.read("EPUB/package.opf"))
        items = {i.get("id"): i for i in self.opf.iterfind(".//opf:manifest/opf:item", NS)}
        self.spine = [items[r.get("idref")].get("href") for r in self.opf.iterfind(".//opf:spine/opf:itemref", NS)]
        self.docs = {name: etree.fromstring(self.zip.read(f"EPUB/{name}")) for name in self.spine}

    def file(self, name: str) -> Path:
        return self.folder / "EPUB" / name

    def content_docs(self) -> list[tuple[str, etree._Element]]:
        return [(n, d) for n, d in self.docs.items() if n != "nav.xhtml"]

    def meta(self, prop: str) -> list[str]:
        return [m.text for m in self.opf.iterfind(f".//opf:meta[@property='{prop}']", NS)]


def build(tree, tmp: Path, name: str, options: WriteOptions = OPTIONS) -> Book:
    return Book(write(tree, "epub", options), tmp / name)


@pytest.fixture(scope="module")
def minimal_book(tmp_path_factory):
    return build(load_model("minimal.akn.xml"), tmp_path_factory.mktemp("epub"), "minimal")


@pytest.fixture(scope="module")
def arabic_book(tmp_path_factory):
    """The minimal model declared Arabic: direction and labels, not Arabic text."""
    tree = load_model("minimal.akn.xml")
    model.xpath(tree, "//pl:document")[0].set("language", "ar")
    return build(tree, tmp_path_factory.mktemp("epub"), "minimal-ar")


@pytest.fixture(scope="session")
def sample_book(sample_read, tmp_path_factory):
    """The sample's EPUB and its PDF edition, built once (the PDF writer memoizes its layout,
    so the EPUB reads its page breaks from the very layout the PDF is written from)."""
    tree = sample_read[0]
    book = build(tree, tmp_path_factory.mktemp("epub"), "sample")
    pdf = book.folder.with_suffix(".pdf")
    pdf.write_bytes(write(tree, "pdf", OPTIONS))
    book.pdf = pdf
    return book


# ------------------------------------------------------------------ validators

@pytest.mark.parametrize("which", ["minimal_book", "arabic_book", "sample_book"])
def test_epubcheck_reports_nothing(which, request):
    report = epubcheck.check(request.getfixturevalue(which).path)
    # Usage messages are on: there are none to excuse either.
    assert [str(m) for m in report.of("FATAL", "ERROR", "WARNING", "USAGE")] == []


@pytest.mark.parametrize("which", ["minimal_book", "arabic_book", "sample_book"])
def test_ace_reports_no_violation(which, request):
    report = ace.check(request.getfixturevalue(which).path)
    assert [str(v) for v in report.violations] == []
    assert report.outcome == "pass"
    for prop in ("schema:accessMode", "schema:accessibilityFeature", "schema:accessibilityHazard",
                 "schema:accessibilitySummary", "schema:accessModeSufficient", "dcterms:conformsTo",
                 "a11y:certifiedBy"):
        assert prop in report.a11y_metadata["present"], prop


def test_axe_on_every_content_document(sample_book, arabic_book):
    files = [b.file(n) for b in (sample_book, arabic_book) for n in b.spine]
    report = axe.run(files, schemes=("light", "dark"))
    assert len(report.runs) == 2 * len(files)
    problems = [r.describe() for r in report.runs if r.violations]
    assert problems == []


# ------------------------------------------------------------------ page list

def page_list(book: Book) -> list[tuple[str, str]]:
    nav = book.docs["nav.xhtml"]
    (plist,) = nav.xpath("//x:nav[@epub:type='page-list']", namespaces=NS)
    assert plist.get("role") == "doc-pagelist"
    return [(a.text, a.get("href")) for a in plist.iterfind(".//x:a", NS)]


def flow_after(marker: etree._Element, chars: int) -> str:
    """The next ``chars`` non-space characters of the reading flow after ``marker``
    (note calls included as printed, note bodies skipped: the PDF sets them at the page foot)."""
    out: list[str] = []
    started = False

    def walk(el) -> bool:
        nonlocal started
        if el is marker:
            started = True
        elif "footnote" in (el.get("class") or "").split():
            return False
        elif started and el.text:
            out.append(el.text)
        for child in el:
            walk(child)
            if started and child.tail:
                out.append(child.tail)
            if len(re.sub(r"\s", "", "".join(out))) >= chars:
                return True
        return False

    walk(marker.getroottree().getroot().find("x:body", NS))
    return re.sub(r"\s", "", "".join(out))[:chars]


def pdf_pages(pdf: Path) -> list[str]:
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    count = int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1))
    return [subprocess.run(["pdftotext", "-f", str(n), "-l", str(n), "-enc", "UTF-8", str(pdf), "-"],
                           capture_output=True, text=True, check=True).stdout for n in range(1, count + 1)]


def test_page_list_has_one_entry_per_pdf_page_at_its_first_words(sample_book, sample_read):
    pages = pdf_pages(sample_book.pdf)
    entries = page_list(sample_book)
    assert [label for label, _ in entries] == [str(n) for n in range(1, len(pages) + 1)]
    symbol = model.document_info(sample_read[0]).symbol
    for n, (label, href) in enumerate(entries, 1):
        name, _, ident = href.partition("#")
        (marker,) = sample_book.docs[name].xpath(f"//*[@id='{ident}']")
        assert marker.get("role") == "doc-pagebreak" and marker.get(EPUB_TYPE) == "pagebreak"
        assert marker.get("title") == f"第 {n} 页"
        words = flow_after(marker, 10)
        text = re.sub(r"\s", "", pages[n - 1])
        if n == 1:
            # The masthead is read in its visual order: the symbol, top right and set with a
            # larger first letter (styles/LAYOUT.md), may come before "United Nations".
            text = text.replace(symbol, "", 1)
            words = words.replace(symbol[:max(0, len(words) - 3)], "")[:3]
        at = text.find(words)
        # Only the running head (the symbol) and a folio may come before the first words.
        assert at >= 0, f"page {n}: {words!r} not on the PDF page: {text[:60]!r}"
        assert re.fullmatch(r"[\d/\-–]*", text[:at].replace(symbol, "")), \
            f"page {n}: {text[:at]!r} precedes {words!r} on the PDF page"


def test_page_markers_follow_the_spine_in_page_order(sample_book):
    seen = []
    for name, doc in sample_book.content_docs():
        seen += [int(m.get("id")[5:]) for m in doc.xpath("//x:span[@role='doc-pagebreak']", namespaces=NS)]
    assert seen == list(range(1, len(seen) + 1))
    assert len(seen) == len(page_list(sample_book))


def test_pagination_source_is_named(sample_book):
    source = sample_book.opf.findtext(".//dc:source", namespaces=NS)
    assert source and "A/73/321" in source and "PDF" in source
    assert sample_book.meta("pageBreakSource") == [source]
    features = sample_book.meta("schema:accessibilityFeature")
    assert {"pageBreakMarkers", "pageNavigation"} <= set(features)


def test_a_page_the_epub_cannot_find_is_an_error():
    page = epub_writer.html_document(load_model("minimal.akn.xml"), OPTIONS)
    chunks, _start = epub_writer._chunks(page, language("zh"), "t")
    starts = [epub_writer.PageStart(1, ("id", "para_1"), 10_000)]
    with pytest.raises(WriterError, match="page 1 of the print edition starts in id 'para_1'"):
        epub_writer._add_page_markers(chunks, starts, language("zh"))


# ------------------------------------------------------------------ footnotes

def test_footnotes_pop_up_in_the_file_of_their_call(sample_book):
    markers = []
    for name, doc in sample_book.content_docs():
        for call in doc.xpath("//x:a[@role='doc-noteref']", namespaces=NS):
            assert call.get(EPUB_TYPE) == "noteref"
            href = call.get("href")
            assert href.startswith("#"), f"{name}: the note of {href} is in another file"
            (note,) = doc.xpath(f"//*[@id='{href[1:]}']")
            assert note.tag == f"{{{NS['x']}}}aside"
            assert note.get("role") == "doc-footnote" and note.get(EPUB_TYPE) == "footnote"
            (back,) = note.xpath(".//x:a[@role='doc-backlink']", namespaces=NS)
            assert back.get("href") == "#" + call.get("id")
            markers.append(call.text)
    assert markers == ["*"] + [str(n) for n in range(1, 15)]


# ------------------------------------------------------------------ text and structure

def visible_text(book: Book) -> str:
    """The spine's text without note bodies and calls and the generated masthead lines."""
    skip = {"footnote", "noteref", "date", "original"}
    out = []

    def walk(el):
        if isinstance(el.tag, str) and skip & set((el.get("class") or "").split()):
            return
        if el.text:
            out.append(el.text)
        for child in el:
            walk(child)
            if child.tail:
                out.append(child.tail)

    for _, doc in book.content_docs():
        walk(doc.find("x:body", NS))
    return re.sub(r"\s", "", "".join(out))


@pytest.mark.parametrize("which", ["minimal_book", "sample_book"])
def test_every_character_of_the_model_is_in_the_epub_in_order(which, request, sample_read):
    book = request.getfixturevalue(which)
    tree = sample_read[0] if which == "sample_book" else load_model("minimal.akn.xml")
    doc = model.document_element(tree)
    expected = "".join(model.flow_text(el) for el in doc if el.tag != model.akn("meta"))
    assert visible_text(book) == re.sub(r"\s", "", expected)
    bodies = {}
    for _, d in book.content_docs():
        for aside in d.xpath("//x:aside[@role='doc-footnote']", namespaces=NS):
            back = aside.find(".//x:a[@role='doc-backlink']", NS)
            text = "".join(aside.itertext())
            bodies[aside.get("id")] = re.sub(r"\s", "", text)[len(back.text):]
    for note in model.xpath(tree, "//a:authorialNote"):
        assert bodies[note.get("eId")] == re.sub(r"\s", "", model.flow_text(note, notes=True))


def test_one_content_document_per_chapter_cover_first(sample_book, sample_read):
    chapters = model.xpath(sample_read[0], "//a:mainBody/a:section/@eId")
    assert sample_book.spine == ["cover.xhtml", "nav.xhtml"] + [f"{c}.xhtml" for c in chapters]
    for name, doc in sample_book.content_docs():
        assert len(doc.xpath("//x:h1", namespaces=NS)) == 1, name


def test_navigation_document(minimal_book):
    nav = minimal_book.docs["nav.xhtml"]
    toc = [a.get("href") for a in nav.xpath("//x:nav[@epub:type='toc']//x:a", namespaces=NS)]
    assert toc == ["cover.xhtml", "sec_1.xhtml#sec_1", "sec_2.xhtml#sec_2", "sec_2.xhtml#sec_2__title_A"]
    marks = {a.get(EPUB_TYPE): a.get("href") for a in nav.xpath("//x:nav[@epub:type='landmarks']//x:a", namespaces=NS)}
    assert marks == {"toc": "nav.xhtml#toc", "titlepage": "cover.xhtml", "bodymatter": "sec_1.xhtml"}
    assert_links_resolve(minimal_book)


def assert_links_resolve(book: Book) -> None:
    """Every internal link of every document resolves; every id is an NCName."""
    ids = {(n, i) for n, d in book.docs.items() for i in d.xpath("//@id")}
    for _, ident in ids:
        assert re.fullmatch(r"[^\W\d][\w.\-]*", ident), ident
    for name, doc in book.docs.items():
        for href in doc.xpath("//x:a/@href", namespaces=NS):
            if href.startswith("http"):
                continue
            target, _, frag = href.partition("#")
            assert (target or name) in book.docs, href
            assert not frag or (target or name, frag) in ids, f"{name}: {href}"
        for ref in doc.xpath("//@aria-labelledby"):
            assert all((name, t) in ids for t in ref.split()), f"{name}: {ref}"


def test_ids_that_are_not_xml_names_are_rewritten_with_their_links(tmp_path):
    tree = load_model("minimal.akn.xml")
    for el in model.xpath(tree, "//*[@eId]"):
        el.set("eId", el.get("eId").replace("sec_2", "2:第二章"))
    book = build(tree, tmp_path, "odd-ids")
    assert "chapter_2.xhtml" in book.spine
    doc = book.docs["chapter_2.xhtml"]
    assert doc.xpath("//x:section[@id='id_2_第二章']", namespaces=NS)
    assert_links_resolve(book)
    toc = [a.get("href") for a in book.docs["nav.xhtml"].xpath("//x:nav[@epub:type='toc']//x:a", namespaces=NS)]
    assert "chapter_2.xhtml#id_2_第二章__title_A" in toc


def test_a_chapter_without_id_is_an_error():
    tree = load_model("minimal.akn.xml")
    del model.xpath(tree, "//a:section[@eId='sec_1']")[0].attrib["eId"]
    with pytest.raises(WriterError, match="a chapter has no id"):
        write(tree, "epub", OPTIONS)


# ------------------------------------------------------------------ metadata and language

def test_accessibility_metadata(minimal_book):
    b = minimal_book
    assert b.meta("schema:accessMode") == ["textual"]
    assert b.meta("schema:accessModeSufficient") == ["textual"]
    assert b.meta("schema:accessibilityHazard") == ["none"]
    assert b.meta("dcterms:conformsTo") == ["EPUB Accessibility 1.1 - WCAG 2.2 Level AA"]
    assert b.meta("a11y:certifiedBy") and b.meta("schema:accessibilitySummary")
    features = set(b.meta("schema:accessibilityFeature"))
    # Only features really present: no images, so no alternativeText; no MathML, no audio.
    assert features == {"structuralNavigation", "tableOfContents", "readingOrder", "displayTransformability",
                        "ARIA", "pageBreakMarkers", "pageNavigation"}
    assert not b.zip.namelist().count("EPUB/images")
    assert b.meta("dcterms:modified") == ["2019-01-01T00:00:00Z"]
    ident = b.opf.findtext(".//dc:identifier", namespaces=NS)
    assert ident == "urn:uuid:" + str(uuid.uuid5(uuid.NAMESPACE_URL, undocs_url("A/73/321", language("zh"))))


@pytest.mark.parametrize("which,lang,direction", [("minimal_book", "zh-Hans", "ltr"), ("arabic_book", "ar", "rtl")])
def test_language_and_direction_everywhere(which, lang, direction, request):
    b = request.getfixturevalue(which)
    assert b.opf.get(XML_LANG) == lang and b.opf.get("dir") == direction
    assert b.opf.findtext(".//dc:language", namespaces=NS) == lang
    spine = b.opf.find(".//opf:spine", NS)
    assert spine.get("page-progression-direction") == ("rtl" if direction == "rtl" else None)
    for name, doc in b.docs.items():
        assert (doc.get("lang"), doc.get(XML_LANG), doc.get("dir")) == (lang, lang, direction), name
    # The accessibility summary speaks the reader's language, with the print edition's page count.
    summary = b.opf.find(".//opf:meta[@property='schema:accessibilitySummary']", NS)
    assert summary.get(XML_LANG) == lang
    assert summary.text.startswith(epub_writer.SUMMARY[lang[:2]][0])
    pages = len(b.docs["nav.xhtml"].xpath("//x:nav[@epub:type='page-list']//x:li", namespaces=NS))
    assert pages and re.search(rf"(?<![0-9]){pages}(?![0-9])", summary.text)


def test_no_fonts_embedded(sample_book):
    types = [i.get("media-type") for i in sample_book.opf.iterfind(".//opf:item", NS)]
    assert not [t for t in types if "font" in t]
    css = sample_book.zip.read("EPUB/styles/epub.css").decode()
    assert "@font-face" not in css and "font-family" not in css
    assert len(sample_book.data) < 200_000


# ------------------------------------------------------------------ packaging

def test_two_builds_are_byte_identical(minimal_book, tmp_path):
    again = write(load_model("minimal.akn.xml"), "epub", OPTIONS)
    assert again == minimal_book.data


def test_two_builds_of_the_sample_are_byte_identical(sample_book, sample_read):
    assert write(sample_read[0], "epub", OPTIONS) == sample_book.data


def test_zip_container(minimal_book):
    infos = minimal_book.zip.infolist()
    first = infos[0]
    assert first.filename == "mimetype" and first.compress_type == zipfile.ZIP_STORED
    assert minimal_book.data[30:38] == b"mimetype" and not first.extra
    assert minimal_book.zip.read("mimetype") == b"application/epub+zip"
    assert {i.date_time for i in infos} == {(2019, 1, 1, 0, 0, 0)}
    assert [i.filename for i in infos][:3] == ["mimetype", "META-INF/container.xml", "EPUB/package.opf"]


def test_modified_date_follows_the_epoch(tmp_path):
    later = build(load_model("minimal.akn.xml"), tmp_path, "later", WriteOptions(source_date_epoch=EPOCH + 86400))
    assert later.meta("dcterms:modified") == ["2019-01-02T00:00:00Z"]
    assert {i.date_time for i in later.zip.infolist()} == {(2019, 1, 2, 0, 0, 0)}
