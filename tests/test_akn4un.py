"""Issue 13 item 3: the UN's own Akoma Ntoso XML (AKN4UN) read into the model as it is.

For every file of ``../shared/realworld/akn4un/`` (18 General Assembly resolutions in the six
languages, as DGACM publishes them) and the UN's XML beside the corpus, the model read from it
has the XML's preambular paragraphs, operative paragraphs, list points, notes (each at its call,
with its body), annexes and links, and the same running text word for word: every character of
the UN's text, the layout white space (tabs, indentation) excepted, which the reader reports
(as it reports putting the text in Unicode NFC).

The expectations are computed from the UN's XML with plain XPath, not with the reader's code.
Reading all 115 files takes a few seconds.
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path
from urllib.parse import unquote

import pytest
from lxml import etree

from conftest import SHARED
from pipeline import ReadOptions, model, read_source
from pipeline.diagnostics import Level, Reporter

REALWORLD = SHARED / "realworld" / "akn4un"
UN_FILES = sorted(REALWORLD.glob("*/*.xml"))
#: The UN's XML of the corpus texts (HRC and SC resolutions, A/RES/75/234); 75_234_C.xml is
#: not valid AKN (tested in test_akn4un_sources.py).
CORPUS_FILES = sorted(p for p in (SHARED / "corpus" / "akn4un").glob("*.xml") if p.name != "75_234_C.xml")
FILES = UN_FILES + CORPUS_FILES
NS = {"a": model.AKN_NS}

#: Elements that start a block of text (a line of their own) in either tree.
BLOCKS = {"p", "num", "heading", "subheading", "td", "th", "tr", "eol", "docNumber", "docTitle"}


def ids(path: Path) -> str:
    return f"{path.parent.name}/{path.name}"


@pytest.fixture(scope="module")
def read():
    """Every file read once: name → (UN root, model tree, reporter)."""
    out = {}
    for path in FILES:
        reporter = Reporter()
        tree = read_source(path.read_bytes(), str(path), reporter, ReadOptions(source_date_epoch=0))
        out[path] = (without_word_note_parentheses(etree.parse(str(path)).getroot()), tree, reporter)
    return out


def without_word_note_parentheses(root):
    """The UN's XML as the reader is to read it: Word's parentheses around an Arabic note call
    (``<sup>(</sup><authorialNote/><sup>)</sup>``) and the empty ``()`` opening its body are the
    printed form of the call and the note's number, not text (reported as
    note-parentheses-dropped; tested below)."""
    for note in root.iterfind(".//a:authorialNote", NS):
        before, after = note.getprevious(), note.getnext()
        if before is not None and after is not None and local(before) == local(after) == "sup" \
                and (before.text or "").strip() == "(" and (after.text or "").strip() == ")":
            note.tail = (note.tail or "") + (after.tail or "")
            before.getparent().remove(before)
            after.getparent().remove(after)
        p = note.find("a:p", NS)
        if p is not None and p.text and p.text.strip().startswith("()"):
            p.text = p.text.replace("()", "", 1)
    return root


@pytest.mark.parametrize("path", [p for p in UN_FILES if p.parent.name == "arabic"], ids=ids)
def test_word_parentheses_of_arabic_note_calls_are_not_text(read, path):
    """Every Arabic AKN4UN file wraps each call in ``<sup>(</sup>…<sup>)</sup>`` and opens each
    note with ``()``: our writers print "(1)" themselves, so kept they printed "((1))"."""
    un = etree.parse(str(path)).getroot()
    marked = [n for n in un.iterfind(".//a:authorialNote", NS) if n.getprevious() is not None
              and local(n.getprevious()) == "sup" and (n.getprevious().text or "").strip() == "("]
    _, tree, reporter = read[path]
    notes = model.xpath(tree, "//a:authorialNote")
    assert len(marked) == len(notes)
    assert not [n for n in notes if n.getprevious() is not None and local(n.getprevious()) == "sup"]
    assert not [n for n in notes if n.findtext("a:p", namespaces=NS).lstrip().startswith("()")]
    assert [d.code for d in reporter.diagnostics].count("note-parentheses-dropped") == (1 if notes else 0)


#: The elements of a paragraph's subparagraph structure (AKN4UN), compared by name.
LIST_PARTS = {"list", "sublist", "intro", "point", "num", "content", "wrapUp"}


def list_shape(el) -> list:
    """The names of ``el``'s list structure (``list``, ``intro``, ``point``…), nested as in the tree."""
    return [(local(c), list_shape(c)) for c in el if isinstance(c.tag, str) and local(c) in LIST_PARTS]


def local(el) -> str:
    return etree.QName(el).localname


def words(el, notes: list | None = None) -> list[str]:
    """The words of ``el`` in document order, a block boundary between blocks; a note call is the
    word ``⟦note m⟧`` (its body's words go to ``notes``).  Comments, meta and images hold none."""
    parts: list[str] = []

    def walk(node):
        name = etree.QName(node).localname
        if name == "meta":
            return
        if name == "authorialNote":
            parts.append(f" ⟦note {node.get('marker')}⟧ ")
            if notes is not None:
                notes.append(words_of_note(node))
            return
        boundary = name in BLOCKS
        if boundary:
            parts.append(" ")
        if node.text:
            parts.append(node.text)
        for child in node:
            if isinstance(child.tag, str):
                walk(child)
            if child.tail:
                parts.append(child.tail)
        if boundary:
            parts.append(" ")

    walk(el)
    return unicodedata.normalize("NFC", "".join(parts)).split()


def words_of_note(note) -> list[str]:
    out: list[str] = []
    for child in note:
        if isinstance(child.tag, str):
            out += words(child)
    return out


def un_parts(root):
    doc = root[0] if isinstance(root[0].tag, str) else root.find("a:*", NS)
    doc = root.find("a:statement", NS) if root.find("a:statement", NS) is not None else root.find("a:doc", NS)
    get = lambda xp: doc.xpath(xp, namespaces=NS)  # noqa: E731
    return {"cover": get("a:coverPage | a:preface"), "preamble": get("a:preamble"),
            "body": get("a:mainBody"), "conclusions": get("a:conclusions"),
            "annexes": get("a:attachments/a:attachment/a:doc/a:mainBody")}


def model_parts(tree):
    doc = model.document_element(tree)
    get = lambda xp: model.xpath(doc, xp)  # noqa: E731
    return {"cover": get("a:coverPage | a:preface"), "preamble": get("a:preamble"), "body": get("a:mainBody"),
            "conclusions": get("a:conclusions"), "annexes": get("a:attachments/a:attachment/a:doc/a:mainBody")}


def part_words(elements, notes=None) -> list[str]:
    out: list[str] = []
    for el in elements:
        out += words(el, notes)
    return out


def test_the_files_are_all_here():
    assert len(UN_FILES) == 108
    assert {p.parent.name for p in UN_FILES} == {"arabic", "chinese", "english", "french", "russian", "spanish"}


@pytest.mark.parametrize("path", FILES, ids=ids)
def test_same_running_text_word_for_word_with_notes_at_their_calls(read, path):
    """Cover, preamble, operative part, conclusions and annexes: the model's words are the
    XML's, in order, each note call where the XML has it and each note body the XML's."""
    root, tree, _ = read[path]
    un, ours = un_parts(root), model_parts(tree)
    for part in ("cover", "preamble", "body", "conclusions", "annexes"):
        un_notes: list = []
        our_notes: list = []
        assert part_words(ours[part], our_notes) == part_words(un[part], un_notes), part
        assert our_notes == un_notes, part


@pytest.mark.parametrize("path", FILES, ids=ids)
def test_every_character_of_the_un_text_is_in_the_model(read, path):
    """The strongest form, as characters: the UN's content (all but meta, comments and layout
    white space) equals the model's, character for character, notes at their calls (both in
    Unicode NFC: the reader composes and orders marks as HTML wants, and reports it)."""
    root, tree, _ = read[path]
    un, ours = un_parts(root), model_parts(tree)
    order = ("cover", "preamble", "body", "conclusions", "annexes")
    text = lambda parts: unicodedata.normalize("NFC", re.sub(r"\s+", "", "".join(  # noqa: E731
        "".join(el.xpath(".//text()[not(ancestor::a:meta)]", namespaces=NS)) for p in order for el in parts[p])))
    assert text(ours) == text(un)


@pytest.mark.parametrize("path", FILES, ids=ids)
def test_same_preamble_paragraphs_operative_paragraphs_and_list_points(read, path):
    root, tree, _ = read[path]
    un = lambda xp: root.xpath(xp, namespaces=NS)  # noqa: E731
    preamble = un("//a:statement/a:preamble/a:container")
    ours = model.xpath(tree, "//a:preamble/a:container[@name='preambularParagraph']")
    assert [" ".join(words(c)) for c in ours] == [" ".join(words(c)) for c in preamble]
    # Operative paragraphs: the numbered paragraphs of the main body, in order, with their text.
    operative = un("//a:statement/a:mainBody/a:paragraph[a:num][a:content or a:list]"
                   "[not(starts-with(@class, 'H'))]")
    ours = model.xpath(tree, "//a:mainBody/descendant::a:paragraph[a:num]"
                             "[not(ancestor::a:hcontainer[@name='annex'])]")
    assert [" ".join(words(p)) for p in ours] == [" ".join(words(p)) for p in operative]
    # List points (sublists included), their numbers in order, with their text.
    points = un("//a:point")
    items = model.xpath(tree, "//a:point")
    assert [" ".join(words(i.find(model.akn("num")))) for i in items] == \
        [" ".join(words(p.find("a:num", NS))) for p in points]
    assert len(items) == len(points)
    # The same structure: each paragraph's lists are the UN's, element for element.
    assert [list_shape(p) for p in ours] == [list_shape(p) for p in operative]


@pytest.mark.parametrize("path", FILES, ids=ids)
def test_same_notes_markers_and_bodies(read, path):
    root, tree, _ = read[path]
    un_notes = root.xpath("//a:authorialNote", namespaces=NS)
    our_notes = model.xpath(tree, "//a:authorialNote")
    assert [n.get("marker") for n in our_notes] == [n.get("marker") for n in un_notes]
    assert [words_of_note(n) for n in our_notes] == [words_of_note(n) for n in un_notes]
    assert all(n.get("eId", "").startswith("fn_") and n.get("placement") == "bottom" for n in our_notes)


@pytest.mark.parametrize("path", FILES, ids=ids)
def test_same_annexes(read, path):
    """Every annex heading the model has is one of the XML's lines in an attachment, and an
    attachment gives at least one annex (the annexes' text is checked word for word above)."""
    root, tree, _ = read[path]
    attachments = root.xpath("//a:attachments/a:attachment", namespaces=NS)
    annexes = model.annexes(tree)
    assert len(annexes) >= len(attachments)
    assert bool(annexes) == bool(attachments)
    # As the UN has them: attachments after the body and the closing lines, a doc name="annex" each.
    doc = model.document_element(tree)
    assert [model.local(c) for c in doc][-1:] == (["attachments"] if attachments else [model.local(doc[-1])])
    assert all(a.getparent().getparent().get("name") == "annex" for a in annexes)
    assert not model.xpath(tree, "//a:mainBody/a:hcontainer[@name='annex'][not(ancestor::a:attachment)]")
    # A heading of the XML: heading, subheading, or a line of its own (all bold, in Arabic).
    un_headings = {" ".join(words(h)) for h in root.xpath(
        "//a:attachment//a:heading | //a:attachment//a:subheading | //a:attachment//a:p", namespaces=NS)}
    for annex in annexes:
        assert " ".join(words(annex.find(model.akn("heading")))) in un_headings


@pytest.mark.parametrize("path", FILES, ids=ids)
def test_same_links(read, path):
    """Every ``a href`` of the XML is a link of the model, in order, with its text: undocs.org
    symbols as ``ref class="symbol"`` (``"resolution"`` when only ``70/1`` is printed)."""
    root, tree, _ = read[path]
    # A link the XML cuts into pieces (``<a>973</a><a> </a><a>(X)</a>``: the same address,
    # nothing between them) is one link of the model.
    un_links: list[list[str]] = []
    for link in root.xpath("//a:a[@href]", namespaces=NS):
        previous = link.getprevious()
        text = "".join(link.itertext())
        if previous is not None and previous.tag == link.tag and previous.get("href") == link.get("href") \
                and not (previous.tail or "").strip() and un_links:
            un_links[-1][1] += (previous.tail or "") + text
        else:
            un_links.append([unquote(link.get("href").strip()), text])
    ours = model.xpath(tree, "//a:ref[@href] | //a:a[@href]")
    # A space in the XML's address is percent-encoded (an address holds none).
    assert [(unquote(link.get("href")), words(link)) for link in ours] == \
        [(href, unicodedata.normalize("NFC", text).split()) for href, text in un_links]
    assert all(words(link) for link in ours)
    assert not [link.get("href") for link in ours if " " in link.get("href")]
    for link in ours:
        if "undocs.org" in link.get("href"):
            assert model.local(link) == "ref" and link.get("class") in ("symbol", "resolution")
        else:
            assert model.local(link) == "a" and link.get("class") == "url"


@pytest.mark.parametrize("path", FILES, ids=ids)
def test_identity_from_the_document(read, path):
    """Symbol, language, date and organ come from the XML itself (cover and FRBR), not the name."""
    root, tree, reporter = read[path]
    info = model.document_info(tree)
    printed = " ".join(root.xpath("string(//a:coverPage//a:docNumber)", namespaces=NS).split())
    assert info.symbol == printed
    frbr = root.xpath("string(//a:FRBRExpression/a:FRBRlanguage/@language)", namespaces=NS)
    assert info.lang.iso639_2 == frbr
    assert info.date == root.xpath("string(//a:coverPage//a:docDate/@date)", namespaces=NS)
    assert info.kind == "resolution"
    assert info.organ == {"A/HRC/": "hrc", "S/": "sc"}.get(info.symbol[:6] if info.symbol.startswith("A/HRC/")
                                                            else info.symbol[:2], "ga")
    # The UN's FRBR identification is kept as it is.
    assert model.xpath(tree, "string(//a:meta/a:identification/a:FRBRWork/a:FRBRuri/@value)") == \
        root.xpath("string(/a:akomaNtoso/*/a:meta/a:identification/a:FRBRWork/a:FRBRuri/@value)", namespaces=NS)


@pytest.mark.parametrize("path", FILES, ids=ids)
def test_layout_white_space_is_reported_and_nothing_else_is_changed(read, path):
    _, tree, reporter = read[path]
    assert reporter.at_least(Level.WARNING) == []
    codes = set(reporter.codes())
    assert "layout-whitespace-normalized" in codes
    assert codes <= {"layout-whitespace-normalized", "cover-image-dropped", "annex-meta-merged", "unicode-normalized",
                     "links-merged", "note-parentheses-dropped"}
    for el in model.xpath(tree, "//a:p | //a:heading | //a:num"):
        text = model.flow_text(el)
        # A no-break space the UN typed at the start of a point is text, and stays.
        assert text == text.strip(" \t\r\n") and "\t" not in text and "\n" not in text and "  " not in text


def test_the_un_xml_symbol_language_and_names():
    from pipeline.names import metadata_from_name, un_xml_stem
    assert un_xml_stem("A_RES_78_128-2325871E") == "A_RES_78_128-EN"
    assert un_xml_stem("A_RES_78_128-2325871C") == "A_RES_78_128-ZH"
    assert un_xml_stem("A_73_321-ZH") is None
    assert metadata_from_name("downloads/A_RES_78_128-2325871S.xml") == {"symbol": "A/RES/78/128", "language": "es"}
    assert metadata_from_name("S_RES_2713-2323995F.xml") == {"symbol": "S/RES/2713", "language": "fr"}


def test_lists_nested_in_points_notes_in_points_tables_and_links_of_other_kinds():
    """A hand-written AKN4UN file in the shapes the 18 resolutions do not use (a ``list`` inside a
    ``point`` with its own intro and wrap-up, a table in a paragraph's content, a ``mailto:``
    link, an address with a space, no cover page): every word kept, the model valid."""
    from pipeline import write
    from pipeline.writers import WriteOptions

    path = Path(__file__).parent / "cases" / "akn4un" / "A_RES_80_5-2512345E.xml"
    reporter = Reporter()
    tree = read_source(path.read_bytes(), path.name, reporter, ReadOptions(source_date_epoch=0))
    root = etree.parse(str(path)).getroot()
    assert part_words(model_parts(tree)["body"]) == part_words(un_parts(root)["body"])
    # AKN4UN's own form: the point's list is the sublist after it, with its intro in the point.
    lst = model.xpath(tree, "//a:paragraph[@eId='para_1']/a:list")[0]
    assert [local(c) for c in lst] == ["intro", "point", "sublist", "point", "wrapUp"]
    outer = model.xpath(lst, "a:point")
    assert [model.xpath(i, "string(a:num)") for i in outer] == ["(a)", "(b)"]
    assert model.flow_text(model.xpath(outer[0], "a:content/a:p")[0]) == "To act on:"
    inner = model.xpath(lst, "a:sublist/a:point")
    assert [model.xpath(i, "string(a:num)") for i in inner] == ["(i)", "(ii)"]
    assert model.list_owner(inner[0].getparent()) is outer[0]
    assert model.xpath(lst, "string(a:sublist/a:wrapUp/a:p)") == "as appropriate;"
    assert model.xpath(lst, "string(a:wrapUp/a:p)") == "and to continue."
    assert model.xpath(inner[1], "string(a:content/a:p/a:authorialNote/@marker)") == "2"
    assert model.xpath(tree, "count(//a:paragraph[@eId='para_2']/a:content/a:table/a:tr)") == 2
    assert model.xpath(tree, "string(//a:a[@class='url']/@href)") == "https://example.org/x%20y"
    assert model.xpath(tree, "string(//a:inline[@name='link'])") == "the desk"
    assert {d.code for d in reporter.at_least(Level.WARNING)} == {"link-not-web"}
    assert "masthead-generated" in reporter.codes()
    assert model.document_info(tree).symbol == "A/RES/80/5"          # from the FRBR work URI
    html = write(tree, "html", WriteOptions(source_date_epoch=0)).decode()
    assert "<table" in html and "<th>" in html


def test_elements_the_model_has_no_place_for_keep_their_text_and_are_reported():
    """A part (``hcontainer``) in the body and a preface in an annex: their words are in the
    model, in order, each such element named once (akn4un-element-kept); the model is valid."""
    path = Path(__file__).parent / "cases" / "akn4un" / "A_RES_80_6-2512346E.xml"
    reporter = Reporter()
    tree = read_source(path.read_bytes(), path.name, reporter, ReadOptions(source_date_epoch=0))
    root = etree.parse(str(path)).getroot()
    un, ours = un_parts(root), model_parts(tree)
    assert part_words(ours["body"]) == part_words(un["body"])
    annex_words = part_words(root.xpath("//a:attachment/a:doc/*[not(self::a:meta)]", namespaces=NS))
    assert part_words(ours["annexes"]) == annex_words == ["Terms", "of", "reference", "Annex", "1.", "First", "term."]
    kept = [d.message for d in reporter.diagnostics if d.code == "akn4un-element-kept"]
    assert any(m.startswith("<hcontainer>") for m in kept) and any(m.startswith("<preface>") for m in kept)
