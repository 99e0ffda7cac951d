"""The accessible EPUB 3: the document model in, the bytes of one EPUB 3.3 publication out.

Built on the HTML writer (``html.html_document``) and, for the page list, on the PDF
edition's page map (:func:`page_map`: where each page of the PDF writer's layout begins, a
small JSON artifact that a build makes with the PDF and caches like any output, and hands
in as ``WriteOptions.page_map``; without one the writer lays the document out itself), the
way pandoc's EPUB writer chunks its HTML (``Text.Pandoc.Chunks``):

* ``cover.xhtml`` holds the masthead and the preface (title, summary), and in a resolution
  also the preamble and the operative paragraphs before any division; then one file per
  top-level section: ``sec_N.xhtml`` per chapter of a report, ``title_X.xhtml`` per lettered
  division of a resolution (``epub:type="chapter"``), ``annex_X.xhtml`` per annex
  (``epub:type="appendix"``, ``role="doc-appendix"``).  Footnote bodies stay where the HTML
  writer put them, right after the block that calls them, so every note sits in the same
  file as its call; calls and bodies carry DPUB-ARIA roles *and* ``epub:type``
  (``noteref``/``footnote``) so reading systems show them as pop-ups.
* Headings are shifted so each content document starts at ``h1``.  Every ``#id`` link is
  rewritten after chunking to ``file.xhtml#id``; ids are checked to be XML NCNames.
* Page-break markers ``<span epub:type="pagebreak" role="doc-pagebreak" id="page_N"
  title="…">`` sit where the PDF edition's pages begin: for each page of WeasyPrint's
  layout we take the first text box of the main flow (not margin boxes, footnotes or
  generated text), the nearest ancestor with an id (or a known unique class), and the number
  of characters of that ancestor's text laid out before the page; the marker goes at the
  same character of the same element here.  Whitespace and invisible format characters are
  not counted, so line breaking and white-space collapsing do not move it.
* ``nav.xhtml`` has the ``toc``, ``landmarks`` and ``page-list`` navs; the package names
  the print edition in ``dc:source`` and ``pageBreakSource`` and carries the EPUB
  Accessibility 1.1 discovery metadata and conformance claim.
* No fonts are embedded: ``styles/epub.css`` names families only, the reading system chooses.
* Packaging is deterministic: ``mimetype`` first and stored, entries in a fixed order with
  a fixed date from ``options.source_date_epoch``; ``dc:identifier`` is a UUIDv5 of the
  symbol and language, so two builds of the same model are byte-identical.
"""

from __future__ import annotations

import datetime
import io
import json
import re
import time
import uuid
import zipfile
from dataclasses import dataclass, field

import lxml.html
from lxml import etree

from .. import model
from ..diagnostics import WriterError
from ..languages import Language, undocs_url
from . import WriteOptions
from .html import html_document, stylesheet

XHTML_NS = "http://www.w3.org/1999/xhtml"
EPUB_NS = "http://www.idpf.org/2007/ops"
OPF_NS = "http://www.idpf.org/2007/opf"
DC_NS = "http://purl.org/dc/elements/1.1/"
CONTAINER_NS = "urn:oasis:names:tc:opendocument:xmlns:container"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
EPUB_TYPE = "{%s}type" % EPUB_NS

#: Folder of the publication inside the container.
ROOT = "EPUB"
CSS_HREF = "styles/epub.css"

#: The accessibility conformance claim (EPUB Accessibility 1.1 §2.1: this exact string).
CONFORMS_TO = "EPUB Accessibility 1.1 - WCAG 2.2 Level AA"
#: Who evaluated the claim: the publisher itself (its test suite runs EPUBCheck, Ace and axe-core
#: on sample publications), not an independent certifier.
CERTIFIED_BY = "United Nations document pipeline (self-declared)"

#: Words the navigation document prints that ``languages.Language`` does not carry.
NAV_WORDS = {
    "en": {"landmarks": "Landmarks", "pages": "Pages", "start": "Start of content"},
    "fr": {"landmarks": "Repères", "pages": "Pages", "start": "Début du contenu"},
    "es": {"landmarks": "Puntos de referencia", "pages": "Páginas", "start": "Inicio del contenido"},
    "ru": {"landmarks": "Ориентиры", "pages": "Страницы", "start": "Начало содержания"},
    "ar": {"landmarks": "المعالم", "pages": "الصفحات", "start": "بداية المحتوى"},
    "zh": {"landmarks": "导航标志", "pages": "页码", "start": "正文开始"},
}

#: The accessibility summary (schema:accessibilitySummary), in the publication's language so
#: that a reading system shows it to its reader: what is in the book, then, with a page list,
#: ``{pages}`` pages of the print edition.
SUMMARY = {
    "en": ("Text only, with no images, audio or video. Every chapter and division has a heading, "
           "the table of contents links them all, and footnotes link to their calls and back.",
           " Page-break markers and a page list give the {pages} pages of the print edition."),
    "fr": ("Texte seul, sans image, son ni vidéo. Chaque chapitre et chaque division a un titre, "
           "la table des matières renvoie à chacun, et chaque note renvoie à son appel et inversement.",
           " Des repères de saut de page et une liste des pages donnent les {pages} pages de "
           "l’édition imprimée."),
    "es": ("Solo texto, sin imágenes, audio ni vídeo. Cada capítulo y cada división tiene un "
           "encabezado, el índice enlaza con todos ellos y cada nota enlaza con su llamada y viceversa.",
           " Marcadores de salto de página y una lista de páginas dan las {pages} páginas de la "
           "edición impresa."),
    "ru": ("Только текст, без изображений, аудио и видео. У каждой главы и каждого раздела есть "
           "заголовок, оглавление ссылается на все из них, сноски связаны ссылками со своими "
           "знаками сноски в обе стороны.",
           " Метки разрывов страниц и список страниц передают страницы печатного издания "
           "(всего: {pages})."),
    "ar": ("نص فقط، بلا صور ولا صوت ولا فيديو. لكل فصل وقسم عنوان، ويحيل جدول المحتويات إليها "
           "جميعا، وترتبط كل حاشية بموضع الإحالة إليها والعكس.",
           " وتبيّن علامات فواصل الصفحات وقائمة الصفحات صفحات الطبعة الورقية (وعددها {pages})."),
    "zh": ("纯文本，无图像、音频或视频。每一章、每一节都有标题，目录链接到全部章节，"
           "脚注与其引用处双向链接。",
           "分页标记和页码列表对应印刷版的 {pages} 页。"),
}

#: Elements whose text is not part of the main flow of the print edition (note bodies are
#: laid out in the footnote area, calls are generated markers): neither side counts them.
_OUT_OF_FLOW_CLASSES = {"footnote", "fn", "noteref", "skip-link", "toc"}
#: Elements without an id that exist once per document: anchors for page breaks too.
_UNIQUE_CLASSES = ("masthead", "masthead-lines", "cover", "preface")
#: Characters not counted when matching a text position between the PDF layout and the EPUB.
_IGNORED = set("\u00ad\u200b\u200c\u200d\u2060\ufeff")
_CONTAINERS = {"section", "div", "header", "main", "aside", "nav", "body"}
_HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
#: An XML NCName, near enough: a letter or "_" first, then letters, digits, "_", "-", ".".
_NCNAME = re.compile(r"^[^\W\d][\w.\-]*$")


# --------------------------------------------------------------------- pages

@dataclass(frozen=True)
class PageStart:
    """Where a page of the print edition begins: ``count`` flow characters into ``anchor``."""

    number: int                 # 1-based page number
    anchor: tuple[str, str] | None  # ("id", "para_3") or ("class", "masthead"); None: no text on the page
    count: int


def _counted(text: str) -> int:
    return sum(1 for ch in text if not ch.isspace() and ch not in _IGNORED)


def _classes(el) -> set[str]:
    return set((el.get("class") or "").split())


def _anchor_key(el) -> tuple[str, str] | None:
    if el.get("id"):
        return ("id", el.get("id"))
    cls = _classes(el)
    for name in _UNIQUE_CLASSES:
        if name in cls:
            return ("class", name)
    return None


def _out_of_flow(el) -> bool:
    """Note bodies and calls, and the HTML page's parts the EPUB does not carry (skip link,
    table of contents: nav.xhtml has it; the footer)."""
    return (bool(_classes(el) & _OUT_OF_FLOW_CLASSES) or el.get("role") in ("doc-footnote", "doc-noteref")
            or el.tag in ("footer", "nav"))


def page_starts(document) -> list[PageStart]:
    """For each page of a laid-out WeasyPrint ``Document``, where its main-flow text begins."""
    from weasyprint.formatting_structure import boxes

    parents: dict = {}
    for page in document.pages[:1]:
        for box in page._page_box.children:
            if box.element is not None and box.element_tag == "html":
                for parent in box.element.iter():
                    for child in parent:
                        parents[child] = parent

    def chain(el):
        while el is not None:
            yield el
            el = parents.get(el)

    excluded: dict = {}

    def is_excluded(el) -> bool:
        if el not in excluded:
            excluded[el] = any(_out_of_flow(e) for e in chain(el))
        return excluded[el]

    def text_boxes(box):
        if isinstance(box, (boxes.MarginBox, boxes.FootnoteAreaBox)):
            return
        if "::" in (box.element_tag or ""):
            return   # generated content: list markers, counters, footnote calls
        if box.style["float"] == "footnote" or box.style["position"] in ("absolute", "fixed"):
            return
        if isinstance(box, boxes.TextBox):
            yield box
            return
        for child in getattr(box, "children", ()):
            yield from text_boxes(child)

    starts: list[PageStart] = []
    total = 0                       # flow characters laid out so far, whole document
    first_seen: dict = {}           # anchor key -> ``total`` when its first text was laid out
    heads: dict = {}                # a table's thead -> the page it was first laid out on
    for number, page in enumerate(document.pages, 1):
        start = None
        for box in text_boxes(page._page_box):
            el = box.element
            if el is None or is_excluded(el):
                continue
            head = next((e for e in chain(el) if e.tag == "thead"), None)
            if head is not None and heads.setdefault(head, number) != number:
                continue            # a table's column heads repeated on the pages it runs onto
            n = _counted(box.text)
            hyphen = box.style["hyphenate_character"]
            if box.style["hyphens"] != "none" and hyphen and box.text.endswith(hyphen):
                n -= _counted(hyphen)   # added by WeasyPrint at a hyphenation break, not in the text
            if not n:
                continue
            keys = [k for k in map(_anchor_key, chain(el)) if k]
            for key in keys:
                first_seen.setdefault(key, total)
            if start is None:
                anchor = keys[0] if keys else None
                start = PageStart(number, anchor, total - first_seen[anchor] if anchor else total)
            total += n
        starts.append(start or PageStart(number, None, 0))
    return starts


#: Bumped when the page map's JSON changes meaning.
PAGE_MAP_VERSION = 1


def page_map(tree: etree._ElementTree, options: WriteOptions) -> bytes:
    """The PDF edition's page map: for each page, where its main-flow text begins (JSON).

    It is all the EPUB writer needs of the print layout, so a build makes it with the PDF
    (one layout for both), caches it, and an EPUB can then be written on any machine, or from
    a cached PDF, without laying the document out again.
    """
    starts = page_starts(_print_layout(tree, options))
    pages = [[s.number, list(s.anchor) if s.anchor else None, s.count] for s in starts]
    return json.dumps({"page_map_version": PAGE_MAP_VERSION, "pages": pages},
                      ensure_ascii=False, separators=(",", ":")).encode() + b"\n"


def read_page_map(data: bytes) -> list[PageStart]:
    """The page starts of a :func:`page_map`; anything else is a WriterError (a build bug)."""
    try:
        doc = json.loads(data)
        if doc.get("page_map_version") != PAGE_MAP_VERSION:
            raise ValueError(f"page map version {doc.get('page_map_version')!r}, not {PAGE_MAP_VERSION}")
        return [PageStart(int(number), tuple(anchor) if anchor else None, int(count))
                for number, anchor, count in doc["pages"]]
    except (ValueError, TypeError, KeyError, AttributeError) as exc:
        raise WriterError(f"the PDF edition's page map cannot be read: {exc}",
                          "build the PDF again (--force); this is a bug, please report it") from None


# --------------------------------------------------------------- content model

@dataclass
class Chunk:
    """One XHTML content document of the spine."""

    name: str                       # file name: "cover.xhtml", "sec_1.xhtml"
    title: str
    body: list = field(default_factory=list)   # lxml.html elements, in order


def _text(el) -> str:
    return " ".join("".join(el.itertext()).split())


#: Top-level sections that begin a content document of their own, with their ``epub:type``
#: and DPUB-ARIA role: a report's chapters, a resolution's lettered divisions, annexes.
_CHUNKED = {"chapter": ("chapter", "doc-chapter"), "division": ("chapter", "doc-chapter"),
            "annex": ("appendix", "doc-appendix")}


def _chunks(page: lxml.html.HtmlElement, lang: Language, title: str) -> tuple[list[Chunk], str]:
    """Split the HTML page into the cover (masthead + preface) and one chunk per chapter,
    division or annex, and say where the body begins (the ``bodymatter`` landmark): the first
    chapter's file, or, in a resolution, ``#`` and the id of its preamble, which stays in the
    cover's document."""
    body = page.find("body")
    main = body.find("main")
    if main is None:
        raise WriterError("the HTML page has no <main>: the EPUB writer cannot find the chapters",
                          "this is a bug in pipeline/writers/html.py; please report it")
    cover = Chunk("cover.xhtml", title)
    for el in body:
        if el.tag == "header":
            cover.body.append(el)
    chunks = [cover]
    current = cover
    start = None
    for el in list(main):
        if el.tag == "nav":
            continue          # the contents: nav.xhtml has them
        kind = next((c for c in _classes(el) if c in _CHUNKED), None) if el.tag == "section" else None
        if kind:
            if not el.get("id"):
                raise WriterError(f"a {kind} has no id: {_text(el)[:40]!r}",
                                  "the model's sections need eIds (run the pipeline's transforms)")
            heading = el[0] if len(el) and el[0].tag in ("h1", "h2", "h3") else None
            ident = el.get("id")
            name = ident if re.fullmatch(r"[A-Za-z0-9_.-]+", ident) else f"chapter_{len(chunks)}"
            current = Chunk(f"{name}.xhtml", _text(heading) if heading is not None else title)
            epub_type, role = _CHUNKED[kind]
            el.set("epub-type", epub_type)
            el.set("role", role)
            chunks.append(current)
            start = start or current.name
        elif el.tag == "div" and "preface" in _classes(el):
            current = cover
        elif start is None and el.get("id"):
            start = "#" + el.get("id")
        current.body.append(el)
    return chunks, start or cover.name


def _shift_headings(els: list, by: int) -> None:
    if by <= 0:
        return
    for root in els:
        for el in root.iter("h1", "h2", "h3", "h4", "h5", "h6"):
            el.tag = f"h{max(1, int(el.tag[1]) - by)}"


def _top_heading(els: list) -> int:
    levels = [int(el.tag[1]) for root in els for el in root.iter("h1", "h2", "h3", "h4", "h5", "h6")]
    return min(levels) if levels else 1


def _mark_notes(els: list) -> None:
    """``epub:type`` beside the DPUB-ARIA role of note calls and bodies, for pop-up notes."""
    for root in els:
        for el in root.iter():
            role = el.get("role")
            if role == "doc-noteref":
                el.set("epub-type", "noteref")
            elif role == "doc-footnote":
                el.set("epub-type", "footnote")


# ------------------------------------------------------------- page markers

def _anchor_index(chunks: list[Chunk]) -> dict[tuple[str, str], tuple]:
    """Every anchor a page can start at, ("id", …) or ("class", …), to the first (chunk,
    element) holding it in document order: one pass, so placing n page markers is linear."""
    index: dict[tuple[str, str], tuple] = {}
    for chunk in chunks:
        for root in chunk.body:
            for el in root.iter():
                if not isinstance(el.tag, str):
                    continue
                if el.get("id"):
                    index.setdefault(("id", el.get("id")), (chunk, el))
                for name in _classes(el):
                    index.setdefault(("class", name), (chunk, el))
    return index


def _text_slots(el):
    """(owner, "text"|"tail", string) for each text node inside ``el``, in document order,
    skipping elements out of the flow (and their tails stay: they belong to the parent)."""
    def walk(node):
        if node.text:
            yield node, "text", node.text
        for child in node:
            if isinstance(child.tag, str) and not _out_of_flow(child):
                yield from walk(child)
            if child.tail:
                yield child, "tail", child.tail
    if not _out_of_flow(el):
        yield from walk(el)


def _place_marker(anchor, count: int, marker) -> bool:
    """Insert ``marker`` before the ``count``-th counted character of ``anchor``'s flow text."""
    seen = 0
    for owner, slot, text in _text_slots(anchor):
        for i, ch in enumerate(text):
            if ch.isspace() or ch in _IGNORED:
                continue
            if seen == count:
                _insert_at(owner, slot, i, marker, anchor)
                return True
            seen += 1
    return False


def _insert_at(owner, slot: str, index: int, marker, anchor) -> None:
    text = owner.text if slot == "text" else owner.tail
    before, after = text[:index], text[index:]
    if slot == "text" and not _counted(before):
        # At the very start of an element's content: climb to the outermost element that
        # starts at the same character, so the marker sits before it, not inside it.
        target = owner
        while target is not anchor:
            parent = target.getparent()
            if parent is None or _counted(parent.text or "") or _first_element(parent) is not target:
                break
            target = parent
        while target.tag in ("thead", "tbody", "tr"):
            target = _first_element(target)      # a row holds cells only: into its first cell
        if (target is anchor and anchor.tag in _CONTAINERS) or target.tag in ("li", "td", "th"):
            # (A list item's marker goes inside it: an ol/ul may hold only li elements; so
            # does a table cell's: a row holds only cells.)
            marker.tail = target.text
            target.text = None
            target.insert(0, marker)
        else:
            target.addprevious(marker)
    elif slot == "text":
        owner.text = before
        marker.tail = after
        owner.insert(0, marker)
    else:
        owner.tail = before
        marker.tail = after
        owner.addnext(marker)
    # Never inside a link or a heading, whose accessible name would then include the label.
    for el in list(marker.iterancestors()):
        if el is anchor:
            break
        if el.tag == "a" or el.tag in _HEADINGS:
            _move_before(marker, el)
            break


def _move_before(marker, el) -> None:
    """Take ``marker`` out of the text (keeping its tail in place) and put it before ``el``."""
    prev, parent = marker.getprevious(), marker.getparent()
    if marker.tail:
        if prev is not None:
            prev.tail = (prev.tail or "") + marker.tail
        else:
            parent.text = (parent.text or "") + marker.tail
    parent.remove(marker)
    marker.tail = None
    el.addprevious(marker)


def _first_element(parent):
    for child in parent:
        if isinstance(child.tag, str):
            return child
    return None


def _marker(number: int, lang: Language) -> lxml.html.HtmlElement:
    span = lxml.html.html_parser.makeelement("span")
    span.set("id", f"page_{number}")
    span.set("role", "doc-pagebreak")
    span.set("epub-type", "pagebreak")
    # The name goes in ``title``: Ace's pagebreak-label rule accepts it, while axe-core 4.14
    # reports aria-label on a span as prohibited (its check ignores doc-* roles).
    span.set("title", lang.page.format(n=number))
    span.text = ""
    return span


def _add_page_markers(chunks: list[Chunk], starts: list[PageStart], lang: Language) -> list[tuple[int, str]]:
    """Place one marker per page; returns (page number, file name) in page order."""
    placed: list[tuple[int, str]] = []
    pending: list[int] = []
    anchors = _anchor_index(chunks)     # before any marker goes in: markers are never anchors
    for start in starts:
        if start.anchor is None:
            pending.append(start.number)     # a page without text: marked with the next one
            continue
        chunk, anchor = anchors.get(start.anchor, (None, None))
        marker = _marker(start.number, lang)
        if anchor is None or not _place_marker(anchor, start.count, marker):
            raise WriterError(
                f"page {start.number} of the print edition starts in {start.anchor[0]} "
                f"{start.anchor[1]!r}, {start.count} characters in, which the EPUB does not have",
                "the PDF and EPUB writers disagree on the document's text; this is a bug, please report it")
        for number in pending:
            marker.addprevious(_marker(number, lang))
            placed.append((number, chunk.name))
        pending.clear()
        placed.append((start.number, chunk.name))
    for number in pending:                   # trailing pages without text
        chunks[-1].body[-1].append(_marker(number, lang))
        placed.append((number, chunks[-1].name))
    placed.sort()
    return placed


# ------------------------------------------------------------------ links

def ncname(ident: str) -> str:
    """``ident`` made an XML NCName (an EPUB id): other characters become ``_``."""
    safe = re.sub(r"[^\w.\-]", "_", ident)
    return safe if _NCNAME.match(safe) else "id_" + safe


def _rewrite_links(chunks: list[Chunk]) -> tuple[dict[str, str], dict[str, str]]:
    """Make every id an NCName, unique in the publication, and point every ``#id`` link (and
    ``aria-labelledby``) at the file holding it.  Returns (new id -> file, old id -> new id)."""
    where: dict[str, str] = {}
    rename: dict[str, str] = {}
    for chunk in chunks:
        for root in chunk.body:
            for el in root.iter():
                ident = el.get("id") if isinstance(el.tag, str) else None
                if ident is None:
                    continue
                if ident in rename:
                    raise WriterError(f"the id {ident!r} occurs twice in the publication",
                                      "this is a bug in the HTML writer; please report it")
                new = ncname(ident)
                while new in where:
                    new += "_"
                rename[ident] = new
                where[new] = chunk.name
                el.set("id", new)
    for chunk in chunks:
        for root in chunk.body:
            for el in root.iter():
                if not isinstance(el.tag, str):
                    continue
                for attr in ("aria-labelledby", "aria-describedby"):
                    if el.get(attr):
                        el.set(attr, " ".join(rename.get(t, t) for t in el.get(attr).split()))
                href = el.get("href") or "" if el.tag == "a" else ""
                if href.startswith("#"):
                    el.set("href", _link(href[1:], chunk.name, where, rename))
    return where, rename


def _link(target: str, here: str | None, where: dict[str, str], rename: dict[str, str]) -> str:
    new = rename.get(target)
    if new is None:
        raise WriterError(f"a link points to #{target}, which the publication does not have",
                          "this is a bug in the HTML writer; please report it")
    return f"#{new}" if where[new] == here else f"{where[new]}#{new}"


# ------------------------------------------------------------- serializing

def _to_xhtml(el) -> etree._Element:
    """A copy of an ``lxml.html`` subtree in the XHTML namespace (``epub-type`` → ``epub:type``)."""
    out = etree.Element("{%s}%s" % (XHTML_NS, el.tag), nsmap={None: XHTML_NS, "epub": EPUB_NS})
    _copy_into(el, out)
    return out


def _copy_into(src, out) -> None:
    for name, value in src.attrib.items():
        if name == "epub-type":
            out.set(EPUB_TYPE, value)
        elif name == "tabindex" and src.tag == "main":
            continue
        elif name == "lang":
            out.set("lang", value)
            out.set(XML_LANG, value)    # XHTML: both, with the same value
        else:
            out.set(name, value)
    out.text = src.text
    for child in src:
        if not isinstance(child.tag, str):
            continue    # comments and processing instructions are not content
        sub = etree.SubElement(out, "{%s}%s" % (XHTML_NS, child.tag))
        _copy_into(child, sub)
        sub.tail = child.tail


def _xhtml_document(title: str, lang: Language, body_els: list, body_class: str | None = None) -> bytes:
    X = "{%s}" % XHTML_NS
    html = etree.Element(X + "html", nsmap={None: XHTML_NS, "epub": EPUB_NS})
    html.set("lang", lang.bcp47)
    html.set(XML_LANG, lang.bcp47)
    html.set("dir", lang.direction)
    head = etree.SubElement(html, X + "head")
    etree.SubElement(head, X + "meta", charset="utf-8")
    etree.SubElement(head, X + "title").text = title
    etree.SubElement(head, X + "link", rel="stylesheet", type="text/css", href=CSS_HREF)
    body = etree.SubElement(html, X + "body")
    if body_class:
        body.set("class", body_class)
    for el in body_els:
        body.append(el if el.tag.startswith("{") else _to_xhtml(el))
    _tidy(body)
    return (b'<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE html>\n'
            + etree.tostring(html, encoding="UTF-8") + b"\n")


_BLOCK_TAGS = {"body", "header", "main", "section", "div", "aside", "nav", "ol", "ul", "li", "p",
               "h1", "h2", "h3", "h4", "h5", "h6", "footer"}


def _tidy(body) -> None:
    """Newlines between blocks (insignificant whitespace), for a readable file."""
    for el in body.iter():
        name = etree.QName(el).localname
        if name in ("body", "header", "main", "section", "div", "aside", "nav", "ol", "ul") and len(el) \
                and not (el.text or "").strip() and etree.QName(el[0]).localname in _BLOCK_TAGS:
            el.text = "\n"
        parent = el.getparent()
        if parent is not None and name in _BLOCK_TAGS and etree.QName(parent).localname in (
                "body", "header", "main", "section", "div", "aside", "nav", "ol", "ul") \
                and not (el.tail or "").strip():
            el.tail = "\n"


def _X(tag: str, *children, **attrs) -> etree._Element:
    el = etree.Element("{%s}%s" % (XHTML_NS, tag), nsmap={None: XHTML_NS, "epub": EPUB_NS})
    for name, value in attrs.items():
        if value is None:
            continue
        key = EPUB_TYPE if name == "epub_type" else name.rstrip("_").replace("_", "-")
        el.set(key, str(value))
    for child in children:
        if isinstance(child, str):
            model.append_text(el, child)
        elif child is not None:
            el.append(child)
    return el


def _nav_document(page: lxml.html.HtmlElement, chunks: list[Chunk], start: str,
                  pages: list[tuple[int, str]], lang: Language, where: dict[str, str],
                  rename: dict[str, str]) -> bytes:
    words = NAV_WORDS[lang.code]
    # The table of contents: the title page, then the HTML writer's chapter list.
    toc_ol = _X("ol")
    toc_ol.append(_X("li", _X("a", chunks[0].title, href=chunks[0].name)))
    html_toc = page.find(".//nav")
    if html_toc is not None and html_toc.find("ol") is not None:
        for li in html_toc.find("ol"):
            toc_ol.append(_to_xhtml(li))
    for a in toc_ol.iter("{%s}a" % XHTML_NS):
        href = a.get("href") or ""
        if href.startswith("#"):
            a.set("href", _link(href[1:], None, where, rename))
    toc = _X("nav", _X("h1", lang.contents, id="toc-heading"), toc_ol,
             epub_type="toc", role="doc-toc", id="toc", aria_labelledby="toc-heading")
    marks = _X("ol")
    marks.append(_X("li", _X("a", lang.contents, href="nav.xhtml#toc", epub_type="toc")))
    marks.append(_X("li", _X("a", chunks[0].title, href=chunks[0].name, epub_type="titlepage")))
    if start.startswith("#"):
        start = _link(start[1:], None, where, rename)
    marks.append(_X("li", _X("a", words["start"], href=start, epub_type="bodymatter")))
    landmarks = _X("nav", _X("h2", words["landmarks"], id="landmarks-heading"), marks,
                   epub_type="landmarks", id="landmarks", aria_labelledby="landmarks-heading", hidden="hidden")
    body = [toc, landmarks]
    if pages:
        plist = _X("ol")
        for number, name in pages:
            plist.append(_X("li", _X("a", str(number), href=f"{name}#page_{number}")))
        body.append(_X("nav", _X("h2", words["pages"], id="page-list-heading"), plist,
                       epub_type="page-list", role="doc-pagelist", id="page-list",
                       aria_labelledby="page-list-heading", hidden="hidden"))
    return _xhtml_document(lang.contents, lang, [_X("main", *body)], body_class="nav")


def _iso(epoch: int) -> str:
    return datetime.datetime.fromtimestamp(epoch, datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def _package(info, lang: Language, title: str, chunks: list[Chunk], pages: int, options: WriteOptions,
             epoch: int) -> bytes:
    O = "{%s}" % OPF_NS
    D = "{%s}" % DC_NS
    pkg = etree.Element(O + "package", nsmap={None: OPF_NS, "dc": DC_NS})
    pkg.set("version", "3.0")
    pkg.set("unique-identifier", "uid")
    pkg.set(XML_LANG, lang.bcp47)
    pkg.set("dir", lang.direction)
    meta = etree.SubElement(pkg, O + "metadata")

    def dc(name, text, **attrs):
        el = etree.SubElement(meta, D + name, **attrs)
        el.text = text
        return el

    def prop(name, text, **attrs):
        el = etree.SubElement(meta, O + "meta", property=name, **attrs)
        el.text = text
        return el

    dc("identifier", "urn:uuid:" + str(uuid.uuid5(uuid.NAMESPACE_URL, undocs_url(info.symbol, lang))), id="uid")
    dc("title", title)
    dc("language", lang.bcp47)
    dc("creator", lang.united_nations)
    dc("publisher", lang.united_nations)
    if info.date:
        dc("date", info.date)
    edition = f"{info.symbol}, {lang.name_en}, PDF edition ({options.page_size})"
    if pages:
        dc("source", edition)
    prop("dcterms:modified", _iso(epoch))
    prop("schema:accessMode", "textual")
    prop("schema:accessModeSufficient", "textual")
    features = ["structuralNavigation", "tableOfContents", "readingOrder", "displayTransformability", "ARIA"]
    if pages:
        features += ["pageBreakMarkers", "pageNavigation"]
    for feature in features:
        prop("schema:accessibilityFeature", feature)
    prop("schema:accessibilityHazard", "none")
    what, paged = SUMMARY[lang.code]
    summary = what + (paged.format(pages=pages) if pages else "")
    prop("schema:accessibilitySummary", summary, **{XML_LANG: lang.bcp47})
    prop("dcterms:conformsTo", CONFORMS_TO)
    prop("a11y:certifiedBy", CERTIFIED_BY)
    if pages:
        prop("pageBreakSource", edition)

    manifest = etree.SubElement(pkg, O + "manifest")
    etree.SubElement(manifest, O + "item", id="nav", href="nav.xhtml",
                     **{"media-type": "application/xhtml+xml", "properties": "nav"})
    for chunk in chunks:
        etree.SubElement(manifest, O + "item", id=_item_id(chunk), href=chunk.name,
                         **{"media-type": "application/xhtml+xml"})
    etree.SubElement(manifest, O + "item", id="css", href=CSS_HREF, **{"media-type": "text/css"})
    spine = etree.SubElement(pkg, O + "spine")
    if lang.direction == "rtl":
        spine.set("page-progression-direction", "rtl")
    etree.SubElement(spine, O + "itemref", idref=_item_id(chunks[0]))
    etree.SubElement(spine, O + "itemref", idref="nav")
    for chunk in chunks[1:]:
        etree.SubElement(spine, O + "itemref", idref=_item_id(chunk))
    etree.indent(pkg, space=" ")
    return etree.tostring(pkg, xml_declaration=True, encoding="UTF-8") + b"\n"


def _item_id(chunk: Chunk) -> str:
    return "x_" + chunk.name[: -len(".xhtml")]


CONTAINER = (b'<?xml version="1.0" encoding="UTF-8"?>\n'
             b'<container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container">\n'
             b' <rootfiles>\n'
             b'  <rootfile full-path="' + ROOT.encode() + b'/package.opf" media-type="application/oebps-package+xml"/>\n'
             b' </rootfiles>\n'
             b'</container>\n')


def zip_entries(files: list[tuple[str, bytes]], epoch: int) -> bytes:
    """The OCF container: ``mimetype`` first and stored, then ``files`` in the order given,
    every entry dated ``epoch`` (zipfile ignores SOURCE_DATE_EPOCH) with fixed attributes."""
    stamp = time.gmtime(max(epoch, 315532800))[:6]     # ZIP dates start in 1980
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        for name, data, method in [("mimetype", b"application/epub+zip", zipfile.ZIP_STORED)] + [
                (n, d, zipfile.ZIP_DEFLATED) for n, d in files]:
            zi = zipfile.ZipInfo(name, date_time=stamp)
            zi.compress_type = method
            zi.create_system = 3
            zi.external_attr = 0o644 << 16
            zf.writestr(zi, data, compress_type=method, compresslevel=9 if method == zipfile.ZIP_DEFLATED else None)
    return buf.getvalue()


# ------------------------------------------------------------------ writer

def _print_layout(tree: etree._ElementTree, options: WriteOptions):
    """The PDF edition's layout of the same model (memoized by the PDF writer, so the PDF
    and its page map cost one layout)."""
    from .pdf import render_document
    return render_document(tree, options)


def write_epub(tree: etree._ElementTree, options: WriteOptions) -> bytes:
    info = model.document_info(tree)
    lang = info.lang
    epoch = options.source_date_epoch if options.source_date_epoch is not None else int(time.time())
    page = html_document(tree, options)
    title_el = page.find(".//main//h1")
    title = _text(title_el) if title_el is not None else info.symbol
    chunks, start = _chunks(page, lang, title)
    if lang.code not in NAV_WORDS:
        raise WriterError(f"the EPUB writer has no navigation labels for language {lang.code!r}")

    starts = read_page_map(options.page_map if options.page_map is not None else page_map(tree, options))
    pages = _add_page_markers(chunks, starts, lang)

    for chunk in chunks:
        _mark_notes(chunk.body)
        top = _top_heading(chunk.body)
        _shift_headings(chunk.body, top - 1)
    where, rename = _rewrite_links(chunks)

    files: list[tuple[str, bytes]] = [("META-INF/container.xml", CONTAINER)]
    docs: list[tuple[str, bytes]] = []
    for chunk in chunks:
        body = []
        for el in chunk.body:
            body.append(el)
        if chunk.name == "cover.xhtml":
            header = [el for el in body if el.tag == "header"]
            rest = [el for el in body if el.tag != "header"]
            main = lxml.html.html_parser.makeelement("main")
            main.set("id", "main")
            main.extend(rest)
            content = header + [main]
        else:
            main = lxml.html.html_parser.makeelement("main")
            main.extend(body)
            content = [main]
        doc_title = chunk.title if chunk.name == "cover.xhtml" else f"{chunk.title} — {title}"
        docs.append((chunk.name, _xhtml_document(doc_title, lang, content)))
    nav = _nav_document(page, chunks, start, pages, lang, where, rename)
    opf = _package(info, lang, title, chunks, len(pages), options, epoch)
    files.append((f"{ROOT}/package.opf", opf))
    files.append((f"{ROOT}/nav.xhtml", nav))
    files += [(f"{ROOT}/{name}", data) for name, data in docs]
    files.append((f"{ROOT}/{CSS_HREF}", stylesheet("epub.css").encode("utf-8")))
    return zip_entries(files, epoch)
