"""The UN's own Akoma Ntoso XML (AKN4UN, as DGACM publishes its resolutions) → the document model.

DGACM marks up every General Assembly resolution (and Security Council and Human Rights Council
ones) in Akoma Ntoso following the AKN4UN guidelines: ``statement name="resolution"`` with a
``coverPage`` of masthead lines, a ``preface`` (``docNumber`` and ``docTitle``), a ``preamble``
(``formula`` and one ``container`` per preambular paragraph, its opening words in
``span class="italic"``), a ``mainBody`` of ``paragraph`` (``num``, ``content``, or
``list/intro/point/sublist/wrapUp``; headings are ``paragraph`` holding only a ``heading`` or
``subheading``), ``conclusions`` (meeting, date, vote), and ``attachments/attachment/doc
name="annex"`` for the annexes.  Notes are ``authorialNote`` at their call; links are ``a href``;
emphasis is ``span class="italic"``/``"bold"``; running text is laid out with ``xml:space="preserve"``
tabs and indentation.

This reader turns that into the model every writer consumes (``pipeline.model``): the masthead
lines into ``coverPage/container name="masthead"``, the cover lines (session, agenda item, adoption,
origin) and ``longTitle`` into the ``preface``, preambular paragraphs into ``container
name="preambularParagraph"``, a paragraph's lists stay AKN4UN's ``list/intro/point/sublist/wrapUp``
(the model's form: a point's own list is the ``sublist`` after it; a list in a preambular
paragraph or a cell becomes AKN's ``blockList``), heading paragraphs into
``section``/``title``/``hcontainer name="subheading"`` holding what follows them, each annex
(one per annex heading of an attachment) into ``hcontainer name="annex"`` in an attachment of its
own (``attachments/attachment/doc name="annex"``, :func:`pipeline.model.attach_annexes`),
undocs.org links into ``ref class="symbol"`` (``"resolution"`` when the text prints only
``70/1``), other links into ``a class="url"``, italic and bold spans into ``i`` and ``b``;
eIds follow the model's language-neutral conventions (``para_7``, ``fn_1``).  The UN's ``meta``
(FRBR identification, classification, references) is kept, with the pipeline's ``pl:document``
added.

Nothing of the text is dropped.  Layout white space is not text: a tab or line break, a run of
spaces, and white space at the start or end of a block become one space or nothing, and the
reader says so (one ``layout-whitespace-normalized`` entry per document).  The UN emblem image of
the cover is not text either (``cover-image-dropped``).  An element the model has no place for
keeps its text inside an ``inline`` or its AKN element (``akn4un-element-kept``).
"""

from __future__ import annotations

import re
import unicodedata
import urllib.parse
from pathlib import PurePath

from lxml import etree

from .. import model
from ..diagnostics import Reporter, SourceError, SourcePos
from ..languages import LANGUAGES, Language, UnknownLanguage, language
from ..model import PL, E, akn, local, set_pos
from ..symbols import is_resolution_symbol

#: FRBR work-level author or URI component → the model's organ key.

#: AKN4UN ``span`` classes → the model's emphasis elements.
SPAN_CLASSES = {"italic": ("i",), "bold": ("b",), "bold italic": ("b", "i"), "italic bold": ("b", "i"),
                "underline": ("u",), "superscript": ("sup",), "subscript": ("sub",)}

#: Inline elements the model keeps as they are (their children converted).
KEPT_INLINES = {"i", "b", "u", "sup", "sub", "eol", "inline", "docDate", "docNumber", "docTitle",
                "docProponent", "docAuthority", "docStatus", "docType", "session", "event", "location",
                "date", "time", "quantity", "organization", "person", "concept", "term", "role", "vote",
                "outcome", "abbr", "def", "entity", "object", "process", "shortTitle", "legislature",
                "docCommittee", "docPurpose", "docStage", "docJurisdiction", "docketNumber", "remark",
                "placeholder", "span", "mref", "rref", "ins", "del", "omissis", "decoration"}

#: AKN elements whose content is running text (inline content), normalized as one block.
TEXT_BLOCKS = {"p", "heading", "subheading", "num", "docTitle"}

#: Layout white space: ASCII blanks, tabs and line ends (a no-break space is text).
LAYOUT_SPACE = re.compile(r"[ \t\r\n]+")

#: Paragraph classes of DGACM's templates that are headings when they hold a single line.
HEADING_CLASSES = re.compile(r"^(HCh|HM|H\d+|AgendaTitleH\d*|Title)$")

#: The word an annex heading starts with, in the six official languages.
ANNEX_WORDS = re.compile(r"^\s*(Annex|Annexe|Anexo|Приложение|المرفق|مرفق|附件)", re.I)

ROMAN = re.compile(r"^[IVXLC]+$")


def is_akn4un(root: etree._Element) -> bool:
    """An Akoma Ntoso document that this pipeline did not write (no ``pl:document``)."""
    return root.tag == akn("akomaNtoso") and not model.xpath(root, "*/a:meta/a:proprietary/pl:document")


class Akn4unReader:
    """One AKN4UN document → the model; ``read()`` returns the tree."""

    def __init__(self, root: etree._Element, name: str, reporter: Reporter, options) -> None:
        self.root, self.name, self.reporter, self.options = root, name, reporter, options
        self.layout = {"tab": 0, "line": 0, "run": 0, "edge": 0}
        self.kept: dict[str, int] = {}
        self.notes: dict[str, int] = {}
        self.last_letter = ""
        self.merged_links = 0

    # ------------------------------------------------------------------ positions
    def pos(self, el: etree._Element | None) -> SourcePos:
        line = el.sourceline if el is not None and el.sourceline else 1
        return SourcePos(self.name, line, 1)

    def at(self, new: etree._Element, src: etree._Element) -> etree._Element:
        if src is not None and src.sourceline:
            set_pos(new, src.sourceline, 1)
        return new

    # --------------------------------------------------------------- identity
    def identity(self, doc: etree._Element) -> model.DocumentInfo:
        opts = self.options
        ident = model.xpath(doc, "a:meta/a:identification")
        work_uri = model.xpath(doc, "string(a:meta/a:identification/a:FRBRWork/a:FRBRuri/@value)")
        lang_code = model.xpath(doc, "string(a:meta/a:identification/a:FRBRExpression/a:FRBRlanguage/@language)")
        author = model.xpath(doc, "string(a:meta/a:identification/a:FRBRWork/a:FRBRauthor/@href)").lstrip("#")
        printed = " ".join(model.xpath(doc, "string(a:coverPage//a:docNumber[1])").split())
        from_uri = symbol_from_uri(work_uri, author)
        symbol = opts.symbol or printed or from_uri
        if not symbol:
            raise SourceError("cannot tell the document symbol: the cover has no docNumber and the FRBR "
                              f"work URI {work_uri!r} is not a UN one", self.pos(ident[0] if ident else doc),
                              "give symbol in a <stem>.meta.toml sidecar")
        if printed and from_uri and printed.replace(" ", "") != from_uri.replace(" ", "") and not opts.symbol:
            self.reporter.warning("symbol-mismatch", f"the cover prints {printed} but the FRBR work URI names "
                                  f"{from_uri}; the cover's symbol is used", self.pos(doc))
        code = opts.language or lang_code
        if not code:
            raise SourceError("cannot tell the document language: no FRBRlanguage in the FRBR expression",
                              self.pos(ident[0] if ident else doc), "give language in a <stem>.meta.toml sidecar")
        try:
            lang = language(code)
        except UnknownLanguage as exc:
            raise SourceError(str(exc), self.pos(doc)) from None
        issued = model.xpath(doc, "string(a:coverPage//a:docDate[@date][1]/@date)") or model.xpath(
            doc, "string(a:meta/a:identification/a:FRBRExpression/a:FRBRdate[@name='publication']/@date)")
        from .text import organ_of, unknown_organ
        organ = opts.organ or organ_of(symbol) or actor_organ(author)
        if organ is None:
            unknown_organ(symbol, self.reporter, self.pos(doc))
        original = opts.original_language or self.original_language(doc, lang)
        kind = opts.kind or ("resolution" if doc.get("name") == "resolution" or is_resolution_symbol(symbol)
                             else "report")
        del author
        # The job number sits in the first page's footer (akn4un:footerFirstPage).
        job = " ".join(model.xpath(doc, "string(a:meta//a:docketNumber[@refersTo='#publicationJobNumber'])").split())
        return model.DocumentInfo(symbol=symbol, language=lang.code, kind=kind, organ=organ,
                                  date=opts.date or issued or None, original_language=original,
                                  source_name=PurePath(self.name).name, job_number=job or None)

    def original_language(self, doc: etree._Element, lang: Language) -> str | None:
        text = model.xpath(doc, "string(a:coverPage//a:inline[@name='originalLanguage'])")
        if not text:
            return None
        said = text.split(":", 1)[-1].strip().lower()
        for code, name in lang.language_names.items():
            if name.lower() == said:
                return code
        for other in LANGUAGES.values():
            for code, name in other.language_names.items():
                if name.lower() == said:
                    return code
        return None

    # ------------------------------------------------------------------- read
    def read(self) -> etree._ElementTree:
        doc = self.root[0] if len(self.root) else None
        docs = [c for c in self.root if isinstance(c.tag, str)]
        if len(docs) != 1 or local(docs[0]) not in ("statement", "doc"):
            found = ", ".join(local(c) for c in docs) or "nothing"
            raise SourceError(f"the Akoma Ntoso document holds {found}; the pipeline reads UN resolutions "
                              "(statement) and documents (doc)", self.pos(self.root))
        doc = docs[0]
        self.normalize_unicode(doc)
        info = self.identity(doc)
        self.lang = info.lang
        masthead, cover_lines = self.cover(doc.find(akn("coverPage")))
        preface = E("preface")
        for p in cover_lines:
            preface.append(p)
        for el in self.children(doc, "preface"):
            for child in el:
                if isinstance(child.tag, str):
                    preface.append(self.preface_block(child))
        out = E(local(doc), name=doc.get("name") or ("resolution" if info.kind == "resolution" else "report"))
        out.append(self.meta(doc.find(akn("meta")), info))
        if len(masthead):
            out.append(E("coverPage", masthead))
        else:
            # No masthead lines in the file: the model's own, from the document's identity.
            from .text import masthead as generated_masthead
            self.reporter.info("masthead-generated", "the file has no cover page; the masthead is made "
                               "from the document's symbol, organ and date", self.pos(doc))
            out.append(generated_masthead(info))
        if len(preface):
            out.append(preface)
        preamble = E("preamble")
        for el in self.children(doc, "preamble"):
            self.preamble_into(preamble, el)
        if len(preamble):
            out.append(preamble)
        body = E("mainBody")
        for el in self.children(doc, "mainBody", "body"):
            self.body_into(body, el, annex=None)
        for attachment in model.xpath(doc, "a:attachments/a:attachment"):
            self.attachment_into(body, attachment)
        out.append(body)
        conclusions = [self.generic_block(el) for el in self.children(doc, "conclusions")]
        for el in conclusions:
            el.attrib.pop("eId", None)
            out.append(el)
        for child in doc:
            if isinstance(child.tag, str) and local(child) not in (
                    "meta", "coverPage", "preface", "preamble", "mainBody", "body", "conclusions", "attachments"):
                self.keep(child, "a part of the document outside its cover, preface, preamble, body and "
                                 "conclusions; kept at the end of the body")
                body.append(self.loose_paragraph(child, body))
        root = E("akomaNtoso")
        root.append(out)
        tree = etree.ElementTree(root)
        self.finish(tree)
        model.attach_annexes(out)
        return tree

    def normalize_unicode(self, doc: etree._Element) -> None:
        """Text in Unicode NFC, as HTML wants it (the UN's Arabic orders some vowel marks
        otherwise: shadda after fatha); each change is counted and reported."""
        changed, first = 0, None
        for el in doc.iter():
            if not isinstance(el.tag, str) or el.tag == akn("meta"):
                continue
            for slot in ("text", "tail"):
                value = getattr(el, slot)
                if value and not unicodedata.is_normalized("NFC", value):
                    new = unicodedata.normalize("NFC", value)
                    changed += sum(1 for a, b in zip(value, new) if a != b) + abs(len(value) - len(new))
                    setattr(el, slot, new)
                    first = first if first is not None else el
        if changed:
            self.reporter.info("unicode-normalized", f"{changed} character(s) of the text put in Unicode "
                               "normalization form C (the same letters, in their canonical order or "
                               "composed)", self.pos(first))

    def children(self, doc: etree._Element, *names: str) -> list[etree._Element]:
        return [c for c in doc if isinstance(c.tag, str) and local(c) in names]

    def keep(self, el: etree._Element, why: str) -> None:
        key = local(el)
        self.kept[key] = self.kept.get(key, 0) + 1
        if self.kept[key] == 1:
            self.reporter.info("akn4un-element-kept", f"<{key}>: {why}", self.pos(el))

    # --------------------------------------------------------------------- meta
    def meta(self, src: etree._Element | None, info: model.DocumentInfo) -> etree._Element:
        """The UN's meta as it is (identification, classification, references …), with the
        pipeline's ``pl:document`` in ``proprietary``."""
        meta = E("meta")
        if src is not None:
            for child in src:
                if isinstance(child.tag, str):
                    meta.append(clean_copy(child))
        if meta.find(akn("identification")) is None:
            raise SourceError("the Akoma Ntoso document has no meta/identification",
                              self.pos(src), "an AKN4UN file carries its FRBR identification in meta")
        proprietary = meta.find(akn("proprietary"))
        if proprietary is None:
            proprietary = E("proprietary", source="#pipeline")
            meta.append(proprietary)
        proprietary.append(model.info_element(info))
        # The schema wants proprietary after identification, publication, classification,
        # lifecycle, workflow, analysis, temporalData and references, before presentation and notes.
        order = ["identification", "publication", "classification", "lifecycle", "workflow", "analysis",
                 "temporalData", "references", "notes", "proprietary", "presentation"]
        kids = sorted(list(meta), key=lambda c: order.index(local(c)) if local(c) in order else len(order))
        for kid in kids:
            meta.append(kid)
        return meta

    # -------------------------------------------------------------------- cover
    def cover(self, cover: etree._Element | None) -> tuple[etree._Element, list[etree._Element]]:
        """The coverPage's lines → (masthead container, preface lines)."""
        masthead = E("container", name="masthead")
        lines: list[etree._Element] = []
        if cover is None:
            return masthead, lines
        authorities = 0
        for p in cover:
            if not isinstance(p.tag, str):
                continue
            if local(p) != "p":
                lines.extend(self.flatten(p))
                continue
            for img in p.iter(akn("img")):
                self.reporter.info("cover-image-dropped", f"the cover image {img.get('src')!r} (the UN emblem) "
                                   "is layout, not text; the writers draw the masthead", self.pos(img))
            inner = sole_inline(p)
            first = local(inner) if inner is not None else ""
            name = inner.get("name") if inner is not None else None
            if first == "docAuthority" and not lines:
                authorities += 1
                line = E("docAuthority", refersTo="#un" if authorities == 1 else inner.get("refersTo"))
                self.inline_into(line, inner)
                masthead.append(self.text_block(self.at(E("p", line), p)))
            elif first == "docNumber" and not lines:
                line = E("docNumber", refersTo="#symbol")
                self.inline_into(line, inner)
                masthead.append(self.text_block(self.at(E("p", line), p)))
            elif first == "docStatus" and not lines:
                line = E("inline", name="distribution")
                self.inline_into(line, inner)
                masthead.append(self.text_block(self.at(E("p", line), p)))
            elif first == "docDate" and not lines:
                line = E("docDate", date=inner.get("date"))
                self.inline_into(line, inner)
                masthead.append(self.text_block(self.at(E("p", line), p)))
            elif first == "inline" and name in ("languageOfExpression", "originalLanguage") and not lines:
                line = E("inline", name="language" if name == "languageOfExpression" else "originalLanguage")
                self.inline_into(line, inner)
                masthead.append(self.text_block(self.at(E("p", line), p)))
            elif first == "docAuthority":
                line = E("docAuthority", refersTo=inner.get("refersTo"))
                self.inline_into(line, inner)
                masthead.append(self.text_block(self.at(E("p", line), p)))
            else:
                kids = [c for c in p.iter() if isinstance(c.tag, str) and c is not p and local(c) not in ("span", "img")]
                first = local(kids[0]) if kids else ""
                name = kids[0].get("name") if kids else None
                cls = {"session": "session", "docTitle": "adoption", "docProponent": "origin",
                       "event": "sessionDates"}.get(first)
                if first == "inline" and name == "agenda item":
                    cls = "agendaItem"
                elif first == "inline" and name == "agenda item name":
                    cls = "agendaTitle"
                out = self.at(E("p", class_=cls), p)
                self.inline_into(out, p)
                lines.append(self.text_block(out))
        return masthead, lines

    def preface_block(self, el: etree._Element) -> etree._Element:
        """``p(docNumber, docTitle)`` → ``longTitle``; other preface lines stay paragraphs."""
        if local(el) == "p" and (el.find(akn("docNumber")) is not None or el.find(akn("docTitle")) is not None):
            p = self.text_block(self.inline_into(E("p"), el))
            return self.at(E("longTitle", p), el)
        if local(el) == "longTitle":
            return self.generic_block(el)
        if local(el) == "p":
            return self.text_block(self.inline_into(self.at(E("p"), el), el))
        self.keep(el, "a preface element other than p and longTitle; its text kept as paragraphs")
        return self.at(E("container", *self.flatten(el), name=local(el)), el)

    # ----------------------------------------------------------------- preamble
    def preamble_into(self, preamble: etree._Element, src: etree._Element) -> None:
        count = len(preamble.findall(akn("container")))
        for child in src:
            if not isinstance(child.tag, str):
                continue
            name = local(child)
            if name == "formula":
                formula = self.at(E("formula", name=child.get("name") or "enactingFormula"), child)
                for block in self.blocks_of(child):
                    formula.append(block)
                preamble.append(formula)
            elif name == "container":
                count += 1
                container = self.at(E("container", name="preambularParagraph",
                                      eId=f"preamble__para_{count}"), child)
                for block in self.blocks_of(child):
                    container.append(block)
                preamble.append(container)
            elif name == "p":
                # A line of its own in the preamble: a heading over the paragraphs that follow.
                p = self.text_block(self.inline_into(self.at(E("p", class_="heading"), child), child))
                preamble.append(self.at(E("container", p, name="crossHeading"), child))
            else:
                self.keep(child, "a preamble element other than formula, container and p")
                preamble.append(self.at(E("container", *self.flatten(child), name=local(child)), child))

    def blocks_of(self, src: etree._Element, hierarchy: str | None = None) -> list[etree._Element]:
        """The block children of a container, formula, content or intro, converted.  In a
        paragraph (``hierarchy``: its eId) a list is the model's ``list/point``, elsewhere AKN's
        ``blockList/item`` (the only list AKN allows in a container, a cell or a note)."""
        out = []
        for child in src:
            if isinstance(child.tag, str):
                if local(child) == "p":
                    out.append(self.text_block(self.inline_into(self.at(E("p"), child), child)))
                elif local(child) == "table":
                    out.append(self.table(child))
                elif local(child) in ("list", "blockList") and hierarchy:
                    out.append(self.hierarchical_list(child, hierarchy))
                elif local(child) in ("list", "blockList"):
                    out.extend(self.list_blocks(child, None))
                else:
                    out.extend(self.flatten(child))
        return out

    # --------------------------------------------------------------------- body
    def body_into(self, body: etree._Element, src: etree._Element, annex: etree._Element | None) -> None:
        """Paragraphs and heading paragraphs → the model's hierarchy under ``body`` (or an annex)."""
        stack: list[tuple[float, etree._Element]] = [(0, annex if annex is not None else body)]
        # The headings that open an annex before any content or numbered heading ("Provisional
        # agenda of …", "Nice, France") are its title: above every division inside it.
        title_run = annex is not None
        for child in src:
            if not isinstance(child.tag, str):
                continue
            heading = self.heading_of(child)
            if heading is not None:
                num, text_el, is_sub = heading
                rank = self.heading_rank(num)
                title_run = title_run and rank == 3
                if title_run:
                    rank = 0.5
                # A heading closes the divisions of its rank or below that have content; right
                # after another heading (nothing between them) it nests inside that one.
                while len(stack) > 1 and stack[-1][0] >= rank and has_content(stack[-1][1]):
                    stack.pop()
                parent_rank, parent = stack[-1]
                division = self.division(child, num, text_el, rank, parent, annex is not None)
                parent.append(division)
                stack.append((max(rank, parent_rank + 0.01), division))
                continue
            title_run = False
            parent = stack[-1][1]
            if local(child) == "paragraph":
                parent.append(self.paragraph(child, scope=parent if annex is not None else body))
            elif local(child) == "container":
                # A container of the body (a table): an unnumbered paragraph holding its blocks,
                # since a division holds paragraphs, not containers.
                parent.append(self.paragraph(child, scope=parent if annex is not None else body))
            else:
                self.keep(child, "a body element other than paragraph and container")
                parent.append(self.loose_paragraph(child, parent if annex is not None else body))

    def heading_of(self, el: etree._Element):
        """(num, element holding the heading text, is a subheading) of a heading paragraph, or None."""
        if local(el) != "paragraph":
            return None
        kids = [c for c in el if isinstance(c.tag, str)]
        names = [local(c) for c in kids]
        num = el.find(akn("num"))
        if set(names) <= {"num", "heading", "subheading"} and ("heading" in names or "subheading" in names):
            if "heading" in names and "subheading" in names:
                return None   # heading and subheading: kept as a paragraph of its own below
            text = el.find(akn("heading"))
            if text is None:
                text = el.find(akn("subheading"))
            return num, text, local(text) == "subheading"
        # DGACM's heading style on a one-line paragraph (a Security Council "A. Targeted
        # sanctions"), or a line set all in bold (an Arabic annex's "المرفق").
        if set(names) <= {"num", "content"}:
            content = el.find(akn("content"))
            blocks = [c for c in content if isinstance(c.tag, str)] if content is not None else []
            if len(blocks) == 1 and local(blocks[0]) == "p" and (
                    HEADING_CLASSES.match(el.get("class") or "") or all_bold(blocks[0])):
                return num, blocks[0], True
        return None

    def heading_rank(self, num: etree._Element | None) -> int:
        """1 for a chapter (I.), 2 for a lettered division (A.), 3 for an unnumbered heading.

        "C.", "D.", "I.", "L.", "V.", "X." are letters when they follow the letter before them
        (B. then C.), else Roman numerals."""
        label = "".join(num.itertext()).strip().rstrip(".").strip() if num is not None else ""
        if len(label) == 1 and label.isascii() and label.isupper() and (
                label not in "IVXLCDM" or self.last_letter == chr(ord(label) - 1)):
            self.last_letter = label
            return 2
        if ROMAN.match(label):
            return 1
        return 3

    def division(self, src, num, text_el, rank, parent, in_annex) -> etree._Element:
        label = re.sub(r"[^0-9A-Za-z]", "", "".join(num.itertext())) if num is not None else ""
        top = parent.tag in (akn("mainBody"),) or parent.get("name") == "annex"
        if not in_annex and rank == 1 and label and parent.tag == akn("mainBody"):
            el = E("section", eId=f"sec_{roman_value(label)}")
        elif not in_annex and rank == 2 and label and (top or parent.tag == akn("section")):
            base = parent.get("eId") + "__" if parent.tag == akn("section") else ""
            el = E("title", eId=f"{base}title_{label}")
        else:
            count = len([c for c in parent if c.get("name") == "subheading"]) + 1
            base = parent.get("eId")
            el = E("hcontainer", name="subheading", eId=f"{base}__subhead_{count}" if base else f"subhead_{count}")
        self.at(el, src)
        if num is not None:
            el.append(self.text_block(self.inline_into(self.at(E("num"), num), num)))
        heading = self.at(E("heading"), text_el)
        el.append(self.text_block(self.inline_into(heading, text_el)))
        return el

    def attachment_into(self, body: etree._Element, attachment: etree._Element) -> None:
        """An attachment's document → one ``hcontainer name="annex"`` per annex heading in it."""
        docs = [c for c in attachment if isinstance(c.tag, str)]
        for doc in docs:
            if doc.find(akn("meta")) is not None:
                self.reporter.info("annex-meta-merged", "the annex's own FRBR identification repeats the "
                                   "resolution's; the model's attachment names each annex from the "
                                   "resolution's (…/!main/annex_A)",
                                   self.pos(doc.find(akn("meta"))))
            parts = [c for c in doc if isinstance(c.tag, str) and local(c) != "meta"]   # in their order
            for extra in parts:
                if local(extra) not in ("mainBody", "body"):
                    self.keep(extra, "a part of an annex other than its body; kept in the annex")
            annex = None
            pending: list[etree._Element] = []
            for part in parts:
                if local(part) not in ("mainBody", "body"):
                    if annex is None:
                        annex = self.new_annex(body, None, doc)
                    annex.append(self.loose_paragraph(part, annex))
                    continue
                for child in part:
                    if not isinstance(child.tag, str):
                        continue
                    heading = self.heading_of(child)
                    text = "".join(heading[1].itertext()) if heading else ""
                    # An annex starts at its "Annex II" heading (the first heading of an
                    # attachment, whatever it says, heads the first annex in it).
                    starts = heading is not None and heading[0] is None and (
                        annex is None or ANNEX_WORDS.match(text) and pending)
                    if starts:
                        if pending:
                            self.flush(pending, annex)
                            pending = []
                        annex = self.new_annex(body, heading[1], child)
                        continue
                    if annex is None:
                        annex = self.new_annex(body, None, doc)
                    pending.append(child)
            if annex is not None:
                self.flush(pending, annex)

    def flush(self, children: list[etree._Element], annex: etree._Element) -> None:
        holder = etree.Element("holder")
        for child in children:
            holder.append(child_copy(child))
        self.body_into(None, holder, annex)

    def new_annex(self, body: etree._Element, heading_src: etree._Element | None,
                  src: etree._Element) -> etree._Element:
        count = len([c for c in body if c.get("name") == "annex"]) + 1
        text = " ".join("".join(heading_src.itertext()).split()) if heading_src is not None else ""
        words = text.split(None, 1)
        label = re.sub(r"[^0-9A-Za-z]", "", words[1]) if len(words) > 1 else ""
        eid = f"annex_{label}" if label and len(label) <= 8 else f"annex_{count}"
        if model.xpath(body, "a:hcontainer[@eId=$e]", e=eid):
            eid = f"annex_{count}"
        annex = self.at(E("hcontainer", name="annex", eId=eid), src)
        heading = self.at(E("heading"), heading_src) if heading_src is not None else E("heading")
        if heading_src is not None:
            self.inline_into(heading, heading_src)
            self.text_block(heading)
        annex.append(heading)
        body.append(annex)
        return annex

    # ---------------------------------------------------------------- paragraphs
    def paragraph(self, src: etree._Element, scope: etree._Element) -> etree._Element:
        num = src.find(akn("num"))
        label = digits_of("".join(num.itertext())) if num is not None else ""
        prefix = (scope.get("eId") + "__") if scope is not None and scope.get("eId") and \
            scope.tag != akn("mainBody") else ""
        if label:
            eid = f"{prefix}para_{label}"
        else:
            eid = f"{prefix}para_unnumbered_{self.next_count(prefix + 'unnumbered')}"
        para = self.at(E("paragraph", eId=eid), src)
        if num is not None:
            para.append(self.text_block(self.inline_into(self.at(E("num"), num), num)))
        blocks: list[etree._Element] = []
        for child in src:
            if not isinstance(child.tag, str) or local(child) == "num":
                continue
            name = local(child)
            if name in ("content", "intro", "wrapUp"):
                blocks.extend(self.blocks_of(child, hierarchy=eid))
            elif name == "table":
                blocks.append(self.table(child))
            elif name == "p":
                blocks.append(self.text_block(self.inline_into(self.at(E("p"), child), child)))
            elif name in ("list", "blockList"):
                blocks.append(self.hierarchical_list(child, eid))
            elif name in ("heading", "subheading"):
                blocks.append(self.text_block(self.inline_into(self.at(E("p", class_="heading"), child), child)))
            else:
                self.keep(child, "a paragraph part other than num, content and list")
                blocks.extend(self.flatten(child))
        model.hierarchy_into(para, blocks or [E("p")])
        return para

    def next_count(self, key: str) -> int:
        self.notes[key] = self.notes.get(key, 0) + 1
        return self.notes[key]

    def hierarchical_list(self, src: etree._Element, owner: str, tag: str = "list") -> etree._Element:
        """AKN4UN's ``list`` (``intro``, ``point``…, ``sublist``, ``wrapUp``) of a paragraph → the
        model's (the same elements, eIds in the model's conventions: ``para_4__list_1__point_a``).
        A point's own list (AKN's ``point/list``) becomes the ``sublist`` after it, as AKN4UN has it."""
        lst = self.at(E(tag, eId=f"{owner}__list_{self.next_count(owner + '#list')}"), src)
        intro: list[etree._Element] = []
        wrap: list[etree._Element] = []
        for child in src:
            if not isinstance(child.tag, str):
                continue
            name = local(child)
            points = [c for c in lst if c.tag == akn("point")]
            if name in ("intro", "listIntroduction", "wrapUp", "listWrapUp"):
                blocks = (self.blocks_of(child) if name in ("intro", "wrapUp") else
                          [self.text_block(self.inline_into(self.at(E("p"), child), child))])
                (intro if name in ("intro", "listIntroduction") and not points else wrap).extend(blocks)
            elif name in ("point", "item"):
                lst.extend(self.point(child, lst))
            elif name in ("sublist", "list", "blockList"):
                lst.append(self.hierarchical_list(child, (points[-1] if points else lst).get("eId"), "sublist"))
            else:
                self.keep(child, "a list part other than intro, point, sublist and wrapUp")
                lst.append(self.at(E("point", E("content", *self.flatten(child)),
                                     eId=f"{lst.get('eId')}__point_{len(points) + 1}"), child))
        if intro:
            lst.insert(0, E("intro", *intro))
        if wrap:
            lst.append(E("wrapUp", *wrap))
        return lst

    def labelled(self, src: etree._Element, tag: str, parent: etree._Element, count: int) -> etree._Element:
        """A new ``point`` or ``item`` of ``parent`` for ``src``, with its ``num``: its eId from
        its label ("…__point_a"), or from its place when the label is missing or taken."""
        num = src.find(akn("num"))
        key = re.sub(r"[^0-9A-Za-z]", "", "".join(num.itertext())) if num is not None else ""
        eid = f"{parent.get('eId')}__{tag}_{key or count}"
        if model.xpath(parent, f"a:{tag}[@eId=$e]", e=eid):
            eid = f"{parent.get('eId')}__{tag}_{count}"
        el = self.at(E(tag, eId=eid), src)
        if num is not None:
            el.append(self.text_block(self.inline_into(self.at(E("num"), num), num)))
        return el

    def point(self, src: etree._Element, lst: etree._Element) -> list[etree._Element]:
        """A list point → ``point`` (``num``, ``content``), then the ``sublist`` of its own list if it has one."""
        point = self.labelled(src, "point", lst, 1 + sum(1 for c in lst if c.tag == akn("point")))
        blocks: list[etree._Element] = []
        sublists: list[etree._Element] = []
        after: list[etree._Element] = []
        for child in src:
            if not isinstance(child.tag, str) or local(child) == "num":
                continue
            name = local(child)
            if name in ("content", "intro", "wrapUp"):
                (after if name == "wrapUp" and sublists else blocks).extend(self.blocks_of(child))
            elif name in ("list", "sublist", "blockList"):
                sublists.append(self.hierarchical_list(child, point.get("eId"), "sublist"))
            elif name in ("heading", "subheading", "p"):
                blocks.append(self.text_block(self.inline_into(self.at(E("p"), child), child)))
            else:
                self.keep(child, "a list point part other than num, content and list")
                blocks.extend(self.flatten(child))
        intro = sublists[0].find(akn("intro")) if sublists and not blocks else None
        if intro is not None:
            # AKN's point/list/intro: the words that open the point's list are the point's text.
            blocks = list(intro)
            sublists[0].remove(intro)
        point.append(E("content", *(blocks or [E("p")])))
        if after:
            model.wrap_up(sublists[-1]).extend(after)
        return [point, *sublists]

    def list_blocks(self, src: etree._Element, owner: str | None) -> list[etree._Element]:
        """``list(intro, point…, sublist, wrapUp)`` → [intro p…, blockList, wrap-up p…]."""
        before: list[etree._Element] = []
        after: list[etree._Element] = []
        owner = owner or "list"
        blocklist = self.at(E("blockList", eId=f"{owner}__list_{self.next_count(owner + '#list')}"), src)
        for child in src:
            if not isinstance(child.tag, str):
                continue
            name = local(child)
            if name == "intro" or name == "listIntroduction":
                target = before if not len(blocklist) else after
                target.extend(self.blocks_of(child) if name == "intro" else
                              [self.text_block(self.inline_into(self.at(E("p"), child), child))])
            elif name in ("wrapUp", "listWrapUp"):
                blocks = (self.blocks_of(child) if name == "wrapUp" else
                          [self.text_block(self.inline_into(self.at(E("p"), child), child))])
                for block in blocks:
                    if block.tag == akn("p"):
                        block.set("class", "wrapUp")
                after.extend(blocks)
            elif name in ("point", "item"):
                blocklist.append(self.item(child, blocklist))
            elif name in ("sublist", "list", "blockList"):
                # A sublist after a point is that point's own list.
                if len(blocklist):
                    last = blocklist[-1]
                    for block in self.list_blocks(child, last.get("eId")):
                        last.append(block)
                else:
                    before.extend(self.list_blocks(child, owner))
            else:
                self.keep(child, "a list part other than intro, point, sublist and wrapUp")
                blocklist.append(self.at(E("item", *self.flatten(child),
                                           eId=f"{blocklist.get('eId')}__item_{len(blocklist) + 1}"), child))
        out = before
        if len(blocklist):
            out.append(blocklist)
        return out + after

    def item(self, src: etree._Element, blocklist: etree._Element) -> etree._Element:
        item = self.labelled(src, "item", blocklist, len(blocklist) + 1)
        for child in src:
            if not isinstance(child.tag, str) or local(child) == "num":
                continue
            name = local(child)
            if name in ("content", "intro"):
                item.extend(self.blocks_of(child))
            elif name == "wrapUp":
                for block in self.blocks_of(child):
                    block.set("class", "wrapUp")
                    item.append(block)
            elif name in ("list", "sublist", "blockList"):
                item.extend(self.list_blocks(child, item.get("eId")))
            elif name in ("heading", "subheading", "p"):
                item.append(self.text_block(self.inline_into(self.at(E("p"), child), child)))
            else:
                self.keep(child, "a list point part other than num, content and list")
                item.extend(self.flatten(child))
        if len(item) == (1 if num is not None else 0):
            item.append(E("p"))
        return item

    # ------------------------------------------------------------------- tables
    def table(self, src: etree._Element) -> etree._Element:
        table = self.at(E("table", eId=f"table_{self.next_count('#table')}"), src)
        copy_attrs(src, table, skip={"eId"})
        for row in src:
            if not isinstance(row.tag, str):
                continue
            if local(row) != "tr":
                self.keep(row, "a table part other than tr")
                continue
            tr = self.at(E("tr"), row)
            copy_attrs(row, tr, skip={"eId"})
            for cell in row:
                if not isinstance(cell.tag, str):
                    continue
                out = self.at(E(local(cell)), cell)
                copy_attrs(cell, out, skip={"eId"})
                blocks = self.blocks_of(cell)
                if not blocks:
                    blocks = [E("p")]
                for block in blocks:
                    out.append(block)
                tr.append(out)
            table.append(tr)
        return table

    # ---------------------------------------------------------------- generic
    def flatten(self, src: etree._Element) -> list[etree._Element]:
        """Blocks (``p``, ``table``, lists) holding all the text of an element the model has no
        place for, wherever a block may stand; reported once per element name."""
        name = local(src)
        if name == "p":
            return [self.text_block(self.inline_into(self.at(E("p"), src), src))]
        if name == "table":
            return [self.table(src)]
        if name in ("list", "blockList"):
            return self.list_blocks(src, None)
        self.keep(src, "an element the model has no place for here; its text kept as paragraphs")
        kids = [c for c in src if isinstance(c.tag, str)]
        if (src.text or "").strip() or any(local(c) in KEPT_INLINES | {"a", "authorialNote", "ref"} for c in kids):
            return [self.text_block(self.inline_into(self.at(E("p"), src), src))]
        out: list[etree._Element] = []
        for child in kids:
            out.extend(self.flatten(child))
        return out or [self.at(E("p"), src)]

    def loose_paragraph(self, src: etree._Element, scope: etree._Element) -> etree._Element:
        """An unnumbered paragraph holding the text of an element the body has no place for."""
        prefix = (scope.get("eId") + "__") if scope is not None and scope.get("eId") and \
            scope.tag != akn("mainBody") else ""
        para = self.at(E("paragraph", eId=f"{prefix}para_unnumbered_{self.next_count(prefix + 'unnumbered')}"), src)
        para.append(E("content", *self.flatten(src)))
        return para

    def generic_block(self, src: etree._Element) -> etree._Element:
        """An element with no place of its own in the model: the same AKN element, its text
        blocks normalized and its inlines converted (what validates in the source validates here)."""
        name = local(src)
        if name in TEXT_BLOCKS:
            return self.text_block(self.inline_into(self.at(E(name), src), src))
        if name == "table":
            return self.table(src)
        out = self.at(E(name), src)
        copy_attrs(src, out, skip={"eId", "wId", "GUID"})
        if (src.text or "").strip() or any(isinstance(c.tag, str) and local(c) in KEPT_INLINES | {"a", "authorialNote"}
                                           for c in src):
            self.inline_into(out, src)
            return self.text_block(out)
        for child in src:
            if isinstance(child.tag, str):
                out.append(self.generic_block(child))
        return out

    # ----------------------------------------------------------------- inlines
    def inline_into(self, dst: etree._Element, src: etree._Element) -> etree._Element:
        """Append the mixed content of ``src`` (text, inlines, tails) to ``dst``; returns ``dst``."""
        model.append_text(dst, src.text or "")
        for child in src:
            if isinstance(child.tag, str):
                converted = self.inline(child)
                if converted is not None:
                    dst.append(converted)
            if child.tail:
                model.append_text(dst, child.tail)
        return dst

    def inline(self, el: etree._Element) -> etree._Element | None:
        name = local(el)
        if el.tag is etree.Comment or not isinstance(el.tag, str):
            return None
        if name == "span":
            tags = SPAN_CLASSES.get(" ".join((el.get("class") or "").split()))
            if tags:
                outer = inner = E(tags[0])
                for tag in tags[1:]:
                    inner.append(E(tag))
                    inner = inner[-1]
                self.inline_into(inner, el)
                return outer
            if not el.get("class") or el.get("class") in ("upperLeft", "upperRight"):
                out = E("span")
                copy_attrs(el, out, skip={"eId", "class"})
                return self.inline_into(out, el)
        if name == "a":
            return self.link(el)
        if name == "authorialNote":
            return self.note(el)
        if name == "img":
            self.reporter.warning("image-dropped", f"an image ({el.get('src')!r}) is not text and the "
                                  "model has no place for it; dropped", self.pos(el))
            return None
        if name == "ref":
            href = el.get("href") or ""
            if href.startswith(("http://", "https://")):
                return self.link(el)
        if name in KEPT_INLINES or name == "ref":
            out = E(name)
            copy_attrs(el, out, skip={"eId", "wId", "GUID"} if name != "session" else {"wId", "GUID"})
            if out.get("eId"):
                out.set("eId", f"{out.get('eId')}")
            return self.inline_into(out, el)
        if name in ("p", "heading", "subheading"):
            # A block where an inline is expected: its text, as an inline.
            return self.inline_into(E("inline", name=name), el)
        self.keep(el, "an inline element the model does not know; kept as an inline with its text")
        return self.inline_into(E("inline", name=name), el)

    def link(self, el: etree._Element) -> etree._Element:
        href = (el.get("href") or "").strip()
        text = " ".join("".join(el.itertext()).split())
        if not href.startswith(("http://", "https://")):
            self.reporter.warning("link-not-web", f"the link {href!r} is not a web address; its text "
                                  f"“{text}” is kept without the link", self.pos(el),
                                  "a link in a UN document points to https://undocs.org/… or another web page")
            return self.inline_into(E("inline", name="link"), el)
        href = urllib.parse.quote(href, safe=":/?#[]@!$&'()*+,;=%~")
        parsed = urllib.parse.urlsplit(href)
        if parsed.netloc.lower().endswith("undocs.org"):
            parts = urllib.parse.unquote(parsed.path).strip("/").split("/", 1)
            symbol = parts[1] if len(parts) == 2 and len(parts[0]) == 2 else "/".join(parts)
            cls = "symbol" if text.replace(" ", "") == symbol.replace(" ", "") or "/" not in text or \
                not re.fullmatch(r"[\d\s/().A-Za-z-]+", text) or text.count("/") > 1 else "resolution"
            if is_resolution_symbol(symbol) and text.count("/") == 1:
                cls = "resolution"
            out = E("ref", class_=cls, href=href)
        else:
            out = E("a", class_="url", href=href)
        return self.inline_into(out, el)

    def note(self, el: etree._Element) -> etree._Element:
        marker = (el.get("marker") or "").strip()
        if not marker:
            raise SourceError("a note (authorialNote) has no marker", self.pos(el),
                              "give the note the marker printed at its call (marker=\"1\")")
        key = "star" if marker == "*" else re.sub(r"[^0-9A-Za-z]", "", marker) or "note"
        count = self.next_count("fn_" + key)
        eid = f"fn_{key}" + ("" if count == 1 else f"_{count}")
        note = self.at(E("authorialNote", marker=marker, placement=el.get("placement") or "bottom", eId=eid), el)
        blocks = self.blocks_of(el)
        if not blocks or (el.text or "").strip():
            p = self.text_block(self.inline_into(self.at(E("p"), el), el))
            note.append(p)
        else:
            note.extend(blocks)
        return note

    # --------------------------------------------------------- layout white space
    def text_block(self, el: etree._Element) -> etree._Element:
        """Normalize the layout white space of one block of running text, in place: runs of
        blanks, tabs and line ends become one space; none at the start or the end."""
        self.merge_split_links(el)
        slots = []

        def walk(node):
            slots.append((node, "text"))
            for child in node:
                if isinstance(child.tag, str) and child.tag != akn("authorialNote") and \
                        local(child) not in ("p", "table"):
                    walk(child)
                slots.append((child, "tail"))

        walk(el)
        previous_space = True     # at the start of the block
        last_slot = None
        for node, slot in slots:
            value = getattr(node, slot)
            if not value:
                continue
            self.layout["tab"] += value.count("\t")
            self.layout["line"] += value.count("\n")
            new = LAYOUT_SPACE.sub(" ", value)
            self.layout["run"] += sum(1 for m in LAYOUT_SPACE.finditer(value) if m.group(0) != " "
                                      and "\t" not in m.group(0) and "\n" not in m.group(0))
            if previous_space and new.startswith(" "):
                new = new[1:]
                self.layout["edge"] += 1
            if new:
                previous_space = new.endswith(" ")
                last_slot = (node, slot)
            setattr(node, slot, new or None)
        if last_slot is not None:
            node, slot = last_slot
            value = getattr(node, slot)
            if value.endswith(" "):
                setattr(node, slot, value[:-1] or None)
                self.layout["edge"] += 1
        return el

    def merge_split_links(self, el: etree._Element) -> None:
        """One link of a symbol cut into several (``<a>973</a><a> </a><a>(X)</a>``, all to the
        same address, nothing between them): one link, reported.  A link of white space alone
        has no name for a screen reader."""
        for link in list(el.iter(akn("ref"), akn("a"))):
            if link.getparent() is None:
                continue
            while True:
                following = link.getnext()
                if following is None or following.tag != link.tag or (link.tail or "").strip() or \
                        following.get("href") != link.get("href"):
                    break
                model.append_text(link, link.tail or "")
                link.tail = None
                model.append_text(link, following.text or "")
                for child in following:
                    link.append(child)
                link.tail = following.tail
                following.getparent().remove(following)
                self.merged_links += 1
                if self.merged_links == 1:
                    self.reporter.info("links-merged", f"a link to {link.get('href')} cut into pieces "
                                       "with nothing between them is one link", self.pos(el))

    # ----------------------------------------------------------------- finish
    def word_note_parentheses(self, tree: etree._ElementTree) -> None:
        """The parentheses Word leaves around Arabic note calls, and its empty "()" for the
        note's own number, are not text: ``…2023<sup>(</sup><authorialNote>…<p>() Official
        Records…</p></authorialNote><sup>)</sup>،`` (every Arabic AKN4UN file).  Our writers
        print a call "(1)" in Arabic and the note's number, so kept they printed "((1))" and
        "(1) () Official Records".  Dropped, and counted in one info."""
        calls = bodies = 0
        first = None
        for note in model.xpath(tree, "//a:authorialNote"):
            before, after = note.getprevious(), note.getnext()
            if before is not None and after is not None and before.tag == akn("sup") and after.tag == akn("sup") \
                    and not len(before) and not len(after) and (before.text or "").strip() == "(" \
                    and (after.text or "").strip() == ")" and not (before.tail or "").strip() \
                    and not (note.tail or "").strip():
                note.tail = (note.tail or "") + (after.tail or "")
                note.getparent().remove(before)
                note.getparent().remove(after)
                calls += 1
                first = note if first is None else first
            p = note.find(akn("p"))
            if p is not None and p.text and re.match(r"\s*\(\)", p.text):
                p.text = re.sub(r"^\s*\(\)\s*", "", p.text)
                bodies += 1
                first = note if first is None else first
        if first is not None:
            line_col = model.pos_of(first)
            self.reporter.info("note-parentheses-dropped",
                               f"Word's parentheses around {calls} note call(s) and the empty “()” "
                               f"opening {bodies} note(s) dropped: the call and the note's number are "
                               "printed with their parentheses",
                               SourcePos(self.name, *line_col) if line_col else SourcePos(self.name, 1, 1))

    def finish(self, tree: etree._ElementTree) -> None:
        """Unique eIds (a numbering the UN repeats gets a suffix) and the reports of the read."""
        self.word_note_parentheses(tree)
        seen: dict[str, int] = {}
        for el in model.xpath(tree, "//*[@eId]"):
            eid = el.get("eId")
            if eid in seen:
                seen[eid] += 1
                new = f"{eid}_{seen[eid]}"
                while new in seen:
                    seen[eid] += 1
                    new = f"{eid}_{seen[eid]}"
                el.set("eId", new)
                seen[new] = 1
            else:
                seen[eid] = 1
        total = sum(self.layout.values())
        if total:
            parts = [f"{self.layout['tab']} tab(s)", f"{self.layout['line']} line break(s)",
                     f"{self.layout['run']} run(s) of spaces", f"{self.layout['edge']} space(s) at the "
                     "start or end of a block"]
            self.reporter.info("layout-whitespace-normalized",
                               "the XML's layout white space is not text: " + ", ".join(parts)
                               + " became one space or none", SourcePos(self.name, 1, 1))


# ------------------------------------------------------------------- helpers

def sole_inline(p: etree._Element) -> etree._Element | None:
    """The one inline element a cover line holds (through ``span`` wrappers, beside the emblem
    image), when no other text is in the line; else None."""
    node = p
    while True:
        if (node.text or "").strip():
            return None
        kids = [c for c in node if isinstance(c.tag, str) and local(c) != "img"]
        if len(kids) != 1 or any((c.tail or "").strip() for c in node if isinstance(c.tag, str)):
            return None
        node = kids[0]
        if local(node) != "span" or node.get("class") not in ("upperLeft", "upperRight", None):
            return node


def all_bold(p: etree._Element) -> bool:
    """Whether every character of a short line is set in bold (DGACM's unstyled headings)."""
    kids = [c for c in p if isinstance(c.tag, str)]
    text = "".join(p.itertext()).strip()
    return (len(kids) == 1 and local(kids[0]) == "span" and "bold" in (kids[0].get("class") or "").split()
            and not (p.text or "").strip() and not (kids[0].tail or "").strip() and 0 < len(text) <= 200)


def has_content(el: etree._Element) -> bool:
    """Whether a division holds more than its number and heading."""
    return any(isinstance(c.tag, str) and local(c) not in ("num", "heading", "subheading") for c in el)


def copy_attrs(src: etree._Element, dst: etree._Element, skip: set[str] = frozenset()) -> None:
    for key, value in src.attrib.items():
        if key in skip or key.startswith("{http://www.w3.org/XML/1998/namespace}"):
            continue
        dst.set(key, value)


def clean_copy(el: etree._Element) -> etree._Element:
    """A copy of a meta element in the model's namespace map, comments left out."""
    copy = etree.fromstring(etree.tostring(el))
    for comment in copy.xpath("//comment()"):
        comment.getparent().remove(comment)
    etree.cleanup_namespaces(copy, top_nsmap=model.NSMAP)
    return copy


def child_copy(el: etree._Element) -> etree._Element:
    """An element, with its source line, detached for reparenting (the original stays put)."""
    import copy
    new = copy.deepcopy(el)
    # deepcopy keeps sourceline on lxml elements
    return new


def digits_of(text: str) -> str:
    """The paragraph number of ``1.``, ``1 -``, ``١.``: its digits, as ASCII."""
    import unicodedata
    out = ""
    for ch in text:
        if ch.isdigit():
            out += str(unicodedata.digit(ch, 0))
        elif out and ch.isalpha() and ch.isascii():
            out += ch          # 29A
        elif out:
            break
    if out:
        return out
    return re.sub(r"[^0-9A-Za-z]", "", text)


def roman_value(text: str) -> int:
    values = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}
    total, previous = 0, 0
    for ch in reversed(text.upper()):
        value = values.get(ch, 0)
        total = total - value if value < previous else total + value
        previous = max(previous, value)
    return total


#: The date component of an AKN FRBR work URI: ``2023-12-18``, ``2023-12``, ``2023``.
URI_DATE = re.compile(r"\d{4}(?:-\d{2}(?:-\d{2})?)?")


def actor_organ(actor: str) -> str | None:
    """The organ key of an AKN4UN actor (``unga``, ``unsc``, ``unecosoc``, ``unga-hrc``, ``ga``,
    ``un-undp-unfpa-unops`` as this pipeline writes it), by :data:`languages.ORGANS`; None if unknown."""
    from ..languages import ORGANS
    actor = actor.strip().lstrip("#").lower()
    for candidate in (actor, actor.removeprefix("un-"), actor.removeprefix("un"), actor.rsplit("-", 1)[-1],
                      actor.rsplit("-", 1)[-1].removeprefix("un")):
        if candidate in ORGANS:
            return candidate
    return None


def spelled_symbol(number: str) -> str | None:
    """A symbol spelled as an FRBR number (``/`` as ``-``, a space as ``_``): ``A-79-352`` →
    A/79/352, ``S-RES-2713_(2023)`` → S/RES/2713 (2023), and a joint one where a hyphen starts a
    second symbol (``A-79-989-S-2025-511`` → A/79/989-S/2025/511); None if it spells none."""
    from ..symbols import is_symbol
    text = number.replace("_", " ")
    hyphens = [i for i, ch in enumerate(text) if ch == "-"]
    for at in hyphens:
        first, second = text[:at].replace("-", "/"), text[at + 1:].replace("-", "/")
        if "/" in first and "/" in second and is_symbol(first) and is_symbol(second):
            return f"{first}-{second}"
    spelled = text.replace("-", "/")
    return spelled if is_symbol(spelled) else None


def symbol_from_uri(uri: str, author: str) -> str | None:
    """The document symbol an AKN4UN FRBR work URI names, by the Akoma Ntoso naming convention
    ``/akn/un/{docType}[/{subtype}][/{actor}]/{date}/{number}``: a resolution's number is its
    organ's (the actor's, else ``author``'s) by that organ's numbering —
    ``/akn/un/statement/deliberation/unga/2023-12-18/78-128/`` → A/RES/78/128, ``…/unsc/…/2713-2023``
    → S/RES/2713 (2023), ``…/unecosoc/…/2023-5`` → E/RES/2023/5, ``…/unga-hrc/…/52-3`` →
    A/HRC/RES/52/3; any other document's number is its symbol with ``-`` for ``/`` (``A-79-352``,
    as this pipeline writes it).  None when the URI names no symbol: a decision (it has none), an
    organ whose resolutions have no symbol, a URI that is not an AKN one of the UN."""
    from ..symbols import is_symbol, resolution_symbol
    parts = [p for p in uri.split("/") if p]
    if len(parts) < 5 or parts[:2] != ["akn", "un"]:
        return None
    at = next((i for i in range(3, len(parts) - 1) if URI_DATE.fullmatch(parts[i])), None)
    if at is None or "@" in parts[at + 1] or parts[at + 1].startswith("!"):
        return None
    qualifiers, number = parts[3:at], parts[at + 1]       # parts[2] is the docType
    if "decision" in qualifiers:
        return None          # decisions are not issued as documents: no symbol
    m = re.fullmatch(r"((?:ES-|S-)?\d+)-(\d+[A-Z]?)", number)
    if m is None:
        return spelled_symbol(number)
    organ = (actor_organ(qualifiers[-1]) if qualifiers else None) or actor_organ(author)
    for text in (f"{m[1]}/{m[2]}", f"{m[1]} ({m[2]})"):
        symbol = resolution_symbol(text, organ)
        if symbol:
            return symbol
    return None


def read_akn4un(root: etree._Element, name: str, reporter: Reporter, options) -> etree._ElementTree:
    """Step 1 for the UN's XML: a parsed, schema-valid AKN4UN root → the model."""
    return Akn4unReader(root, name, reporter, options).read()
