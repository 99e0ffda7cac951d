"""The document model in, an XLIFF 2.1 (or 1.2) file for translators out.

One ``unit`` per block of text the translator translates: each paragraph, heading,
chapter number, preface (cover) item and footnote.  Unit ids are made from the unit's
source (:func:`assign_unit_ids`: ``para-3f2a9c1b``), so adding, removing or moving a
paragraph changes no other unit id; the unit's ``name`` (1.2: ``resname``) is its place in
the model from the nearest eId (``para_12``, ``fn_3``, ``sec_1__heading``,
``preface__agendaTitle_1``), for people and for aligning language versions
(:mod:`pipeline.tm`).  Code ids (``c1``, ``m1``, ``d1``) restart in every unit (user-asks
§5.5).  Each unit's note says what it is in words ("Operative paragraph 4, item (b)",
"Footnote 3, called in preambular paragraph 7").

Inline markup becomes codes (standards §2.2, user-asks §5.2): a footnote call is a ``ph``
whose ``subFlows`` names the unit holding the note's text; links and other inline
elements are ``pc`` with their original markup in ``originalData``; the text of a
document symbol or web address is ``mrk translate="no"``.  Every code is
``canCopy="no"``; footnote calls, links and semantic elements are ``canDelete="no"``, and a
``val:rule isPresent`` per symbol lets a CAT tool's QA check the target keeps it.
Sentences become segments (:mod:`pipeline.segment`), the whitespace between them
``ignorable``.  Each unit carries a fingerprint of its source in ``mda:metadata`` so that
merge can tell a translation of another version of the text from one of this version.

XLIFF 1.2 (``options.xliff_version == "1.2"``) carries the same units and ids as
``trans-unit`` with ``x`` / ``g`` / ``mrk mtype="protected"``, ``xid`` for the note,
``seg-source`` for the sentences and ``extradata`` for the fingerprint (strict 1.2: no
``prop-group``).  ``options.xliff_profile`` adapts it to a tool: ``omegat`` (OmegaT 3
translates what ``<target>`` holds: targets hold the source, no ``seg-source``),
``trados`` (Trados Studio, memoQ: targets segmented like ``seg-source``).

With ``options.translation_memory`` (TMX bytes), :func:`plan_targets` pre-translates:
exact matches fill targets (``state="translated"``), fuzzy ones go to the Translation
Candidates module (``mtc:match``) / ``alt-trans``, never to the target.

:func:`extract_units` is shared with :mod:`pipeline.merge`, which maps targets back onto
the very elements the units were made from.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import re

from lxml import etree

from .. import model
from ..diagnostics import WriterError
from ..languages import UnknownLanguage, language
from ..model import PL, akn, local, xpath
from ..segment import sentence_boundaries
from . import WriteOptions

XLIFF2_NS = "urn:oasis:names:tc:xliff:document:2.0"
XLIFF12_NS = "urn:oasis:names:tc:xliff:document:1.2"
MDA_NS = "urn:oasis:names:tc:xliff:metadata:2.0"
XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
X2 = "{%s}" % XLIFF2_NS
X1 = "{%s}" % XLIFF12_NS
MDA = "{%s}" % MDA_NS
VAL_NS = "urn:oasis:names:tc:xliff:validation:2.0"
VAL = "{%s}" % VAL_NS
MTC_NS = "urn:oasis:names:tc:xliff:matches:2.0"
MTC = "{%s}" % MTC_NS

#: Elements whose content is one run of inline text: each becomes a unit.
BLOCKS = {akn(t) for t in ("p", "heading", "subheading", "num", "listIntroduction", "listWrapUp",
                           "td", "th", "caption", "tocItem", "block", "from", "narrative")}
#: Parts of the document that are not extracted: meta, and the masthead (whose words come
#: from languages.py in the target language, and whose symbol is not translated).
SKIPPED_PARTS = {akn("meta"), akn("coverPage")}
#: Inline elements whose text is a code the translator keeps as it is.
PROTECTED = {akn("ref"), akn("docNumber")}
#: Inline elements that are formatting (a translator may drop them, with a note in the report).
FORMATTING = {akn(t) for t in ("i", "b", "u", "sup", "sub", "span")}
#: A number that stays as it is in every language (paragraph numbers): not a unit.
UNTRANSLATED_NUM = re.compile(r"^[\s\d.()-]*$")
#: A list item's label ((a), a), (أ), (iv)): derived in the target language by merge, not a unit.
LIST_LABEL = re.compile(r"^\s*\(?\s*(?:[a-z]{1,2}|[ivxlc]{1,6}|[\u0600-\u06ff]{1,3})\s*\)\s*$")
#: Whitespace that is layout, not text: a no-break space (French before ";") is part of the text.
_LAYOUT = " \t\r\n"
_URLISH = re.compile(r"^(?:https?://|www\.)\S+$")

_INSTRUCTIONS = (
    "Unit ids are made from each unit's source text: they change only when that text changes; "
    "the unit's name is its place in the document. "
    "Keep every footnote call code in its sentence (the note's text is its own unit), keep "
    "the link codes, and leave the protected text of document symbols and web addresses as it is.")


# ------------------------------------------------------------------ units

@dataclasses.dataclass
class Code:
    """One inline element of a unit, as the translator sees it."""

    id: str                        # "c1", unit-local
    element: etree._Element        # the model element it stands for
    kind: str                      # "ph" (standalone) or "pc" (paired)
    type: str                      # XLIFF type: link, fmt, other
    protected: bool = False        # the content is a symbol or address: mrk translate="no"
    can_delete: bool = False
    sub_flows: str | None = None   # unit ids of a footnote's text
    mrk_id: str | None = None
    data_ids: tuple[str, ...] = ()

    @property
    def is_note(self) -> bool:
        return self.element.tag == akn("authorialNote")

    @property
    def sub_type(self) -> str:
        return "akn:" + local(self.element)

    @property
    def marker(self) -> str | None:
        """What the translator sees of a note's call, or of a later call of it (``noteRef``)."""
        return self.element.get("marker") if self.element.tag in (akn("authorialNote"), akn("noteRef")) else None

    def protected_text(self) -> str:
        return model.flow_text(self.element)


@dataclasses.dataclass
class Unit:
    """One translatable block: its id, the element its text lives in, and its content."""

    id: str                        # content-derived: "pp-3f2a9c1b" (see unit_ids)
    element: etree._Element
    kind: str                      # paragraph, heading, num, authorialNote, p …
    context: str                   # the note for the translator
    tokens: list                   # ("text", str) | ("ph", Code) | ("open", Code) | ("close", Code)
    codes: dict[str, Code]
    segments: list = dataclasses.field(default_factory=list)   # [("segment"|"ignorable", tokens)]
    name: str = ""                 # where it is in the model: "preamble__para_3", "fn_2"
    label: str = ""                # what it is, in words: "preambular paragraph 3"

    @property
    def fingerprint(self) -> str:
        """A hash of the source text and codes: changes when the unit's source changes.

        Footnote markers and eIds are left out: inserting a note before this one renumbers
        its marker but changes nothing the translator translates.
        """
        canon = []
        for kind, value in self.tokens:
            if kind == "text":
                canon.append(["t", value])
            else:
                el = value.element
                canon.append([kind, local(el), el.get("class"), el.get("href"),
                              value.protected_text() if value.protected else None])
        data = json.dumps(canon, ensure_ascii=False, separators=(",", ":")).encode()
        return hashlib.sha256(data).hexdigest()[:16]

    def plain_source(self) -> str:
        return "".join(v for k, v in self.tokens if k == "text")

    def describe(self) -> str:
        """``pp-3f2a9c1b (preambular paragraph 3)``: the id and what it is, for messages."""
        return f"{self.id} ({self.label})" if self.label else self.id


def extract_units(tree: etree._ElementTree) -> list[Unit]:
    """The translatable units of the model, in reading order (each note after its caller).

    Raises WriterError if some text of the document would be in no unit.
    """
    return _Extractor(tree).run()


class _Extractor:
    def __init__(self, tree: etree._ElementTree) -> None:
        self.tree = tree
        self.info = model.document_info(tree)
        self.units: list[Unit] = []
        self.ids: set[str] = set()

    def run(self) -> list[Unit]:
        for part in model.document_element(self.tree):
            if not isinstance(part.tag, str) or part.tag in SKIPPED_PARTS:
                continue
            self.walk(part)
        assign_unit_ids(self.units)
        return self.units

    # structure -----------------------------------------------------------

    def walk(self, el: etree._Element) -> None:
        self.check_no_loose_text(el.text, el, "text")
        for child in el:
            if isinstance(child.tag, str):
                if child.tag in BLOCKS:
                    self.block(child)
                elif child.tag not in SKIPPED_PARTS:     # an annex's meta (its attachment's doc)
                    self.walk(child)
            self.check_no_loose_text(child.tail, child, "tail")

    def check_no_loose_text(self, text: str | None, el: etree._Element, where: str) -> None:
        if text and text.strip():
            pos = model.pos_of(el)
            at = f" (source line {pos[0]})" if pos else ""
            raise WriterError(
                f"XLIFF: text {text.strip()[:40]!r} in <{local(el)}> {where}{at} is not inside a "
                "paragraph, heading or note, so it would not be translated",
                "this is a bug in the reader or in xliff.BLOCKS; please report it with the source file")

    def block(self, el: etree._Element) -> None:
        if el.tag == akn("num") and (UNTRANSLATED_NUM.match(model.flow_text(el)) or (
                el.getparent().tag in (akn("point"), akn("item")) and LIST_LABEL.match(model.flow_text(el)))):
            return                                  # "12.", "(a)": merge writes them in the target language
        tokens: list = []
        codes: dict[str, Code] = {}
        notes: list[etree._Element] = []
        self.inline(el, tokens, codes, notes)
        if not any(k != "text" or v.strip() for k, v in tokens):
            return                                  # an empty block: nothing to translate
        name = self.structural_key(el)
        if name in self.ids:
            raise WriterError(f"XLIFF: two blocks would get the unit name {name!r}",
                              "give the elements distinct eIds in the model")
        self.ids.add(name)
        unit = Unit("", el, self.kind(el), self.context(el), tokens, codes, name=name,
                    label=self.label(el))
        unit.segments = segment_tokens(tokens, self.info.language)
        self.units.append(unit)
        for note in notes:
            self.walk_note(note)

    def walk_note(self, note: etree._Element) -> None:
        for child in note:
            if isinstance(child.tag, str):
                if child.tag in BLOCKS:
                    self.block(child)
                else:
                    self.walk(child)
            self.check_no_loose_text(child.tail, child, "tail")
        self.check_no_loose_text(note.text, note, "text")

    def inline(self, el, tokens, codes, notes) -> None:
        if el.text:
            tokens.append(("text", el.text))
        for child in el:
            if isinstance(child.tag, str):
                n = len(codes) + 1
                cid = f"c{n}"
                if child.tag == akn("authorialNote"):
                    code = Code(cid, child, "ph", "other", can_delete=False)
                    codes[cid] = code
                    tokens.append(("ph", code))
                    notes.append(child)
                elif len(child) == 0 and not child.text:
                    code = Code(cid, child, "ph", "fmt", can_delete=child.tag in FORMATTING)
                    codes[cid] = code
                    tokens.append(("ph", code))
                else:
                    link = child.tag in (akn("ref"), akn("a"))
                    protected = (child.tag in PROTECTED
                                 or (child.tag == akn("a") and _URLISH.match(model.flow_text(child).strip())))
                    protected = bool(protected) and not xpath(child, ".//a:authorialNote")
                    code = Code(cid, child, "pc", "link" if link else ("fmt" if child.tag in FORMATTING else "other"),
                                protected=protected, can_delete=child.tag in FORMATTING)
                    codes[cid] = code
                    tokens.append(("open", code))
                    if protected:
                        tokens.append(("text", model.flow_text(child)))
                    else:
                        self.inline(child, tokens, codes, notes)
                    tokens.append(("close", code))
            if child.tail:
                tokens.append(("text", child.tail))

    # ids and context -----------------------------------------------------

    def structural_key(self, el: etree._Element) -> str:
        """Where the block is in the model, from the nearest eId: ``preamble__para_3``, ``fn_2``."""
        if el.get("eId"):
            return el.get("eId")
        parent = el.getparent()
        if el.tag in (akn("heading"), akn("subheading"), akn("num"), akn("from")) and parent.get("eId"):
            return f"{parent.get('eId')}__{local(el)}"
        owner = _text_owner(el)
        if el.tag == akn("p") and owner.get("eId"):
            # A paragraph's (or point's) own text: its content's p, or its lists' intro and wrap-up p.
            n = _own_text(owner).index(el) + 1
            return owner.get("eId") if n == 1 else f"{owner.get('eId')}__p_{n}"
        # A structural path from the nearest ancestor with an eId (or the document part).
        steps = []
        node = el
        while True:
            parent = node.getparent()
            if node.tag != akn("content"):
                key = _key(node)
                same = [c for c in parent if isinstance(c.tag, str) and _key(c) == key]
                steps.append(f"{key}_{same.index(node) + 1}")
            node = parent
            if node.get("eId") or node.getparent() is None or \
                    node.getparent().tag in (akn("doc"), akn("statement"), akn("debate")):
                steps.append(node.get("eId") or local(node))
                break
        return "__".join(reversed(steps))

    def kind(self, el: etree._Element) -> str:
        if el.tag == akn("p"):
            owner = el.getparent()
            if owner.tag in (akn("content"), akn("intro"), akn("wrapUp")):
                return local(_text_owner(el))
            if owner.tag == akn("authorialNote"):
                return "authorialNote"
            if owner.tag == akn("container") and owner.get("name"):
                return owner.get("name")
            if owner.tag in (akn("point"), akn("item"), akn("speech")):
                return local(owner)
            if owner.tag == akn("blockContainer") and next(owner.iterancestors(akn("speech")), None) is not None:
                return "speech"
        return local(el)

    def context(self, el: etree._Element) -> str:
        """The note for the translator: what the unit is, in words, and where it is."""
        label = self.label(el)
        sentence = label[:1].upper() + label[1:] + "."
        if el.tag == akn("num"):
            what = "item" if ", item (" in label else label.removeprefix("number of ").split(" ")[0]
            return (sentence + f" Write it as {what}s are numbered in the target language "
                    "(一. → I., A. → А. in Russian, (a) → a) in French).")
        if next(el.iterancestors(akn("authorialNote")), None) is not None:
            return sentence
        if el.tag in (akn("heading"), akn("subheading")):
            return sentence + self.chain(el.getparent(), include_self=False)
        return sentence + self.chain(el, include_self=False)

    def label(self, el: etree._Element) -> str:
        """What the block is, in words: "operative paragraph 4, item (b)", "footnote 3, called in …"."""
        note = next(el.iterancestors(akn("authorialNote")), None)
        if note is not None:
            caller = note.getparent()
            while caller is not None and caller.tag not in BLOCKS:
                caller = caller.getparent()
            where = self.label(caller) if caller is not None else "the document"
            return f"footnote {note.get('marker', '?')}, called in {where}"
        speech = el if el.tag == akn("speech") else next(el.iterancestors(akn("speech")), None)
        if speech is not None:
            return self.label_in_speech(el, speech)
        if el.tag == akn("narrative"):
            return "procedural line of the record"
        if el.tag in (akn("heading"), akn("num"), akn("subheading")):
            parent = el.getparent()
            if parent.tag in (akn("point"), akn("item")):
                return "number of " + self.label_in_body(parent)
            what = {"section": "chapter", "title": "division", "hcontainer": "subheading",
                    "paragraph": "paragraph"}.get(local(parent), local(parent))
            num = _num_text(parent).rstrip(".")
            place = f"{what} {num}".strip()
            return ("number of " if el.tag == akn("num") else "heading of ") + place
        return self.label_in_body(el)

    def label_in_speech(self, el: etree._Element, speech: etree._Element) -> str:
        """A block of a debate's turn: "the speaker's name …, opening turn 2 (Mr. Smith (United Kingdom))",
        "turn 2, by Mr. Smith (United Kingdom), its paragraph 1" (a summary record's: "paragraph 7")."""
        by = speech.get("by", "").lstrip("#")
        shown = xpath(self.tree, "string(//a:references/a:TLCPerson[@eId=$id]/@showAs)", id=by) or "the speaker"
        turns = [s for s in speech.getparent() if s.tag == akn("speech")]
        turn = f"turn {turns.index(speech) + 1}"
        if el.tag == akn("from"):
            return f"the speaker's name as the record prints it, opening {turn} ({shown})"
        container = next(el.iterancestors(akn("blockContainer")), None)
        if container is not None and _num_text(container):
            return f"paragraph {_num_text(container).rstrip('.')}, in {turn}, by {shown}"
        own = [c for c in speech if c.tag == akn("p")]
        n = own.index(el) + 1 if el in own else 1
        return f"{turn}, by {shown}, its paragraph {n}"

    def label_in_body(self, el: etree._Element) -> str:
        items = []
        node = el
        while node is not None:     # a sublist's points are items of the point it follows
            if node.tag in (akn("point"), akn("item")) and _num_text(node):
                items.append(f"({_num_text(node).strip('()').rstrip('.')})")
            node = model.list_owner(node) if node.tag in model.LISTS else node.getparent()
        item = (", item " + " ".join(reversed(items))) if items else ""
        para = el if el.tag == akn("paragraph") else next(el.iterancestors(akn("paragraph")), None)
        if para is not None:
            num = _num_text(para).rstrip(".").rstrip(" -").strip()
            what = "operative paragraph" if self.info.kind == "resolution" else "paragraph"
            return f"{what} {num}".strip() + item
        container = next((a for a in ([el] + list(el.iterancestors()))
                          if a.tag == akn("container") and a.get("name") == "preambularParagraph"), None)
        if container is not None:
            same = [c for c in container.getparent() if c.get("name") == "preambularParagraph"]
            return f"preambular paragraph {same.index(container) + 1}" + item
        part = next((a for a in el.iterancestors() if a.getparent() is not None
                     and a.getparent().tag in (akn("doc"), akn("statement"), akn("debate"))), None)
        where = local(part) if part is not None else "document"
        parent = el.getparent()
        steps = [_key(el)] if el.get("class") else []
        if parent is not None and parent is not part and parent.tag != akn("content"):
            steps.insert(0, _key(parent))
        words = [_PREFACE_WORDS.get(step, step) for step in steps]
        if where == "preface":
            where = "cover"
        elif where == "conclusions":
            where = "closing lines"
        if el.tag == akn("p") and parent is part and where == "closing lines":
            same = [c for c in part if c.tag == akn("p")]
            return f"closing lines, line {same.index(el) + 1}"
        return f"{where}: {', '.join(words)}" if words else f"{where} text" + item

    def chain(self, el: etree._Element, include_self: bool) -> str:
        parts = []
        for anc in ([el] if include_self else []) + list(el.iterancestors()):
            if anc.tag in (akn("section"), akn("title"), akn("hcontainer"), akn("chapter"), akn("part"),
                           akn("debateSection")):
                heading = anc.find(akn("heading"))
                text = " ".join(filter(None, [_num_text(anc), model.flow_text(heading).strip()
                                              if heading is not None else ""]))
                parts.append(text)
        return (" In: " + " › ".join(reversed(parts)) + ".") if parts else ""


#: How the target language's UN versions write what this kind of unit holds (issue 15: the same
#: hints for every language did not help). Keyed by (unit kind, language); "*" for any kind.
TARGET_HINTS = {
    ("preambularParagraph", "en"): "English preambular paragraphs open with a participle in italics "
                                   "(Recalling, Reaffirming also) and end with a comma.",
    ("preambularParagraph", "fr"): "Les alinéas du préambule commencent par un participe présent en italique "
                                   "(Rappelant, Réaffirmant également) et finissent par une virgule.",
    ("preambularParagraph", "es"): "Los párrafos del preámbulo empiezan con un gerundio en cursiva "
                                   "(Recordando, Reafirmando también) y terminan con una coma.",
    ("preambularParagraph", "ru"): "Пункты преамбулы начинаются с деепричастия курсивом "
                                   "(ссылаясь на, вновь подтверждая) и заканчиваются запятой.",
    ("preambularParagraph", "ar"): "تبدأ فقرات الديباجة بعبارة «وإذ تشير» أو «وإذ تؤكد من جديد» وتنتهي بفاصلة.",
    ("preambularParagraph", "zh"): "序言段以“回顾”“重申”等动词开头，以逗号结尾。",
    ("paragraph", "en"): "Operative paragraphs open with a verb in the present tense, in italics (Decides, "
                         "Requests) and end with a semicolon, the last with a full stop.",
    ("paragraph", "fr"): "Les paragraphes du dispositif commencent par un verbe au présent de l'indicatif en "
                         "italique (Décide, Prie) et finissent par un point-virgule précédé d'une espace insécable.",
    ("paragraph", "es"): "Los párrafos dispositivos empiezan con un verbo en presente en cursiva (Decide, "
                         "Solicita) y terminan con punto y coma.",
    ("paragraph", "ru"): "Пункты постановляющей части начинаются с глагола в настоящем времени курсивом "
                         "(постановляет, просит) и заканчиваются точкой с запятой.",
    ("paragraph", "ar"): "تبدأ فقرات المنطوق بفعل مضارع (تقرر، تطلب) وتنتهي بفاصلة منقوطة (؛).",
    ("paragraph", "zh"): "执行段以“决定”“请”等动词开头，以分号结尾，最后一段以句号结尾。",
    ("*", "fr"): "Typographie française : espace insécable avant ; : ! ? et à l'intérieur des guillemets « ».",
    ("*", "es"): "Comillas latinas « » y números con espacio fina como separador de millares.",
    ("*", "ru"): "Кавычки « », тысячи разделяются пробелом, даты: 21 декабря 2020 года.",
    ("*", "ar"): "الأرقام بالأرقام العربية الغربية (1، 2، 3)، والتواريخ: 21 كانون الأول/ديسمبر 2020.",
    ("*", "zh"): "使用全角标点（，。；：“”《》），数字与汉字之间不加空格。",
    ("*", "en"): "UN English: British spelling (-ize endings: organization), dates as 21 December 2020.",
}


def target_hint(unit: Unit, trg_lang: str) -> str | None:
    """The hint for translating this unit into ``trg_lang`` (a BCP 47 tag), or None."""
    lang = trg_lang.split("-")[0].lower()
    kind = unit.kind if unit.kind == "preambularParagraph" else None
    if unit.kind == "paragraph" and unit.label.startswith("operative paragraph") and ", item (" not in unit.label:
        kind = "paragraph"
    return TARGET_HINTS.get((kind, lang))


def file_hint(trg_lang: str) -> str | None:
    """The target language's conventions that hold for every unit (a note of the file)."""
    return TARGET_HINTS.get(("*", trg_lang.split("-")[0].lower()))


#: The first word of a unit id, by unit kind.
_ID_PREFIX = {"paragraph": "para", "preambularParagraph": "pre", "authorialNote": "fn", "heading": "head",
              "subheading": "head", "num": "num", "point": "item", "item": "item", "speech": "spch",
              "from": "from", "narrative": "narr"}


def assign_unit_ids(units: list[Unit]) -> None:
    """Give each unit an id made from its content, and point footnote calls at their notes' units.

    ``<kind>-<8 hex digits of the source's fingerprint>``, with ``-2``, ``-3`` … for the
    second and later units of the same text.  Not the model's eIds: those are positional
    (``preamble__para_4`` is the fourth preambular paragraph, ``para_4`` the paragraph
    numbered 4), so inserting, removing or moving one paragraph renumbers every later one,
    and a translation carried over by id (translate-toolkit ``pretranslate``, a CAT
    tool's project update) would land on the wrong paragraph.  A content id changes only
    when the unit's own source text changes.  The eId-based key stays in ``name``
    (XLIFF 2) / ``resname`` (1.2), for people.
    """
    seen: dict[str, int] = {}
    by_element: dict[etree._Element, str] = {}
    for unit in units:
        base = f"{_ID_PREFIX.get(unit.kind, 'text')}-{unit.fingerprint[:8]}"
        seen[base] = seen.get(base, 0) + 1
        unit.id = base if seen[base] == 1 else f"{base}-{seen[base]}"
        by_element[unit.element] = unit.id
    for unit in units:
        for code in unit.codes.values():
            if code.is_note:
                ids = [by_element[b] for b in code.element if b in by_element]
                code.sub_flows = " ".join(ids) or None


#: What the translator is told about a preface item, by its class or container name.
_PREFACE_WORDS = {
    "session": "the session line of the cover", "agendaItem": "the agenda item line",
    "agendaTitle": "the title of the agenda item", "longTitle": "the document's title",
    "proponent": "the author line", "summary": "the summary", "heading": "its heading",
}


def _text_owner(el: etree._Element) -> etree._Element:
    """What a block's text belongs to: the paragraph or point of a ``content``, or of a list's
    ``intro``/``wrapUp`` (a point for a sublist's); else the block's parent."""
    parent = el.getparent()
    if parent.tag == akn("content"):
        return parent.getparent()
    if parent.tag in (akn("intro"), akn("wrapUp")) and parent.getparent().tag in model.LISTS:
        return model.list_owner(parent.getparent())
    return parent


def _own_text(owner: etree._Element) -> list[etree._Element]:
    """The ``p`` elements that are ``owner``'s own text, in reading order: its ``content``'s, or
    the ``intro`` and ``wrapUp`` of each list it owns (a point owns the sublists after it)."""
    if owner.tag == akn("point"):
        lists = []
        for sibling in owner.itersiblings():
            if sibling.tag != akn("sublist"):
                break
            lists.append(sibling)
    else:
        lists = [c for c in owner if c.tag in model.LISTS]
    parts = [c for c in owner if c.tag == akn("content")]
    for lst in lists:
        parts.extend(c for c in lst if c.tag in (akn("intro"), akn("wrapUp")))
    return [p for part in parts for p in part if p.tag == akn("p")] or \
        [c for c in owner if c.tag == akn("p")]


def _key(el: etree._Element) -> str:
    return el.get("class") or el.get("name") or local(el)


def _num_text(el: etree._Element) -> str:
    num = el.find(akn("num"))
    return model.flow_text(num).strip() if num is not None else ""


# -------------------------------------------------------------- segmenting

def segment_tokens(tokens: list, lang: str) -> list:
    """Cut a unit's tokens into ("segment", tokens) and ("ignorable", tokens) at sentence ends.

    A boundary inside a paired code is dropped; a footnote call at a boundary stays with
    the sentence before it; whitespace between sentences is an ignorable.
    """
    text = "".join(v for k, v in tokens if k == "text")
    cuts = set(sentence_boundaries(text, lang))
    pieces: list[list] = [[]]
    offset = 0
    depth = 0
    for kind, value in tokens:
        if kind == "text":
            start = offset
            for cut in sorted(c for c in cuts if start <= c < start + len(value)):
                cuts.discard(cut)
                if depth:
                    continue                       # inside a link or emphasis: no boundary
                if cut > offset:
                    pieces[-1].append(("text", value[: cut - offset]))
                    value = value[cut - offset:]
                    offset = cut
                if pieces[-1]:
                    pieces.append([])
            pieces[-1].append(("text", value))
            offset += len(value)
        elif kind == "open":
            if offset in cuts:
                cuts.discard(offset)
                if depth == 0 and pieces[-1]:
                    pieces.append([])
            pieces[-1].append((kind, value))
            depth += 1
        else:                                      # "close", or "ph": stays with what precedes
            pieces[-1].append((kind, value))
            if kind == "close":
                depth -= 1
    # Pull whitespace at the edges of each piece out into ignorables.
    out: list = []
    for piece in pieces:
        piece = _merge_text(piece)
        if not piece:
            continue
        lead = trail = ""
        if piece[0][0] == "text":
            stripped = piece[0][1].lstrip(_LAYOUT)
            lead = piece[0][1][: len(piece[0][1]) - len(stripped)]
            piece[0] = ("text", stripped)
        if piece[-1][0] == "text":
            stripped = piece[-1][1].rstrip(_LAYOUT)
            trail = piece[-1][1][len(stripped):]
            piece[-1] = ("text", stripped)
        piece = [t for t in piece if t != ("text", "")]
        if lead:
            _add_ignorable(out, lead)
        if piece:
            out.append(("segment", piece))
        if trail:
            _add_ignorable(out, trail)
    if not any(kind == "segment" for kind, _ in out):
        # Whitespace only, with no code: cannot happen for an extracted unit.
        out = [("segment", _merge_text(list(tokens)))]
    return out


def _merge_text(tokens: list) -> list:
    merged: list = []
    for kind, value in tokens:
        if kind == "text" and merged and merged[-1][0] == "text":
            merged[-1] = ("text", merged[-1][1] + value)
        elif kind == "text" and not value:
            continue
        else:
            merged.append((kind, value))
    return merged


def _add_ignorable(out: list, text: str) -> None:
    if out and out[-1][0] == "ignorable":
        out[-1] = ("ignorable", [("text", out[-1][1][0][1] + text)])
    else:
        out.append(("ignorable", [("text", text)]))


# --------------------------------------------------------------- writing

def write_xliff(tree: etree._ElementTree, options: WriteOptions) -> bytes:
    if not options.target_language:
        raise WriterError("XLIFF needs a target language", "pass --target-lang (ar, zh, en, fr, ru, es)")
    try:
        target = language(options.target_language)
    except UnknownLanguage as exc:
        raise WriterError(f"XLIFF target language: {exc}", "pass --target-lang ar, zh, en, fr, ru or es") from None
    units = extract_units(tree)
    plans, leverage = plan_targets(tree, units, target, options.translation_memory)
    if options.xliff_profile in ("omegat", "trados") or options.xliff_version == "1.2":
        root = _xliff12(tree, units, target.bcp47, plans, options.xliff_profile)
    elif options.xliff_version in ("2.1", "2.0"):
        root = _xliff21(tree, units, target.bcp47, plans)
    else:
        raise WriterError(f"unknown XLIFF version {options.xliff_version!r}", "use 2.1 or 1.2")
    if leverage is not None:
        _record_leverage(root, leverage)
    indent_structure(root)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8") + b"\n"


@dataclasses.dataclass
class Plan:
    """How a unit is written: its segments with their targets (pre-translation) and candidates."""

    segments: list                  # [("segment"|"ignorable", source tokens, target tokens | None)]
    state: str | None = None        # the segments' state when pre-translated
    sub_state: str | None = None    # "un-pipeline:exact" / "un-pipeline:context"
    candidates: list = dataclasses.field(default_factory=list)   # fuzzy tm.Match, best first


def plan_targets(tree: etree._ElementTree, units: list[Unit], target, tmx: bytes | None):
    """Each unit's segments; with a translation memory (TMX bytes), its pre-translation.

    An exact or context-exact match fills the targets: cut into sentences in the target
    language, one per source segment when the counts agree, else the unit becomes one
    segment.  Fuzzy matches are only candidates, never targets.  Returns the plans by unit id,
    and the leverage (:class:`pipeline.tm.Leverage`) or None without a memory.
    """
    plans = {u.id: Plan([(k, t, None) for k, t in u.segments]) for u in units}
    if not tmx:
        return plans, None
    from ..tm import Memory, pretranslate, read_tmx, target_tokens
    info = model.document_info(tree)
    memory = Memory(read_tmx(tmx, "the translation memory"), info.lang.bcp47, target.bcp47)
    matches, leverage = pretranslate(units, memory)
    for unit in units:
        found = matches.get(unit.id) or []
        best = found[0] if found else None
        if best is not None and best.kind in ("exact", "context"):
            tokens = target_tokens(best, unit)
            if tokens:
                plans[unit.id] = Plan(_pair_segments(unit, tokens, target.code), "translated",
                                      "un-pipeline:" + best.kind)
                continue
        if found:
            plans[unit.id] = Plan([(k, t, None) for k, t in _whole(unit.tokens)], candidates=found)
    return plans, leverage


def _pair_segments(unit: Unit, target: list, lang: str) -> list:
    source_segments = [t for k, t in unit.segments if k == "segment"]
    pieces = segment_tokens(target, lang)
    target_segments = [t for k, t in pieces if k == "segment"]
    if len(target_segments) != len(source_segments):
        whole = _whole(unit.tokens)
        core = [t for k, t in _whole(target) if k == "segment"][0]
        return [(k, t, core if k == "segment" else None) for k, t in whole]
    # The whitespace after each target sentence (what separates it from the next).
    after: list[str] = []
    for k, t in pieces:
        if k == "segment":
            after.append("")
        elif after:
            after[-1] = t[0][1]
    out = []
    n = 0
    for k, t in unit.segments:
        if k == "segment":
            out.append((k, t, target_segments[n]))
            n += 1
        else:
            between = 0 < n < len(source_segments)
            out.append((k, t, [("text", after[n - 1])] if between else None))
    return out


def _whole(tokens: list) -> list:
    """The tokens as one segment, their edge whitespace as ignorables."""
    tokens = _merge_text(list(tokens))
    out: list = []
    lead = trail = ""
    if tokens and tokens[0][0] == "text":
        stripped = tokens[0][1].lstrip(_LAYOUT)
        lead = tokens[0][1][: len(tokens[0][1]) - len(stripped)]
        tokens[0] = ("text", stripped)
    if tokens and tokens[-1][0] == "text":
        stripped = tokens[-1][1].rstrip(_LAYOUT)
        trail = tokens[-1][1][len(stripped):]
        tokens[-1] = ("text", stripped)
    tokens = [t for t in tokens if t != ("text", "")]
    if lead:
        out.append(("ignorable", [("text", lead)]))
    out.append(("segment", tokens))
    if trail:
        out.append(("ignorable", [("text", trail)]))
    return out


#: Elements whose content is text a translator reads: never re-indented.
_LEAVES = {X2 + t for t in ("source", "target", "note", "data")} | {VAL + "rule"} | {
    X1 + t for t in ("source", "seg-source", "target", "note", "prop")} | {MDA + "meta"}


def indent_structure(el: etree._Element, level: int = 0, space: str = " ") -> None:
    """Pretty-print the structure (file, unit, segment …) and leave the text content untouched.

    ``etree.indent`` would add whitespace inside ``source``, which is content.
    """
    if el.tag in _LEAVES or not len(el):
        return
    pad = "\n" + space * (level + 1)
    el.text = pad
    for child in el:
        indent_structure(child, level + 1, space)
        child.tail = pad
    el[-1].tail = "\n" + space * level


def original_name(tree: etree._ElementTree) -> str:
    """The model file ``pipeline build --to akn`` writes for this document (its source's stem)."""
    from ..names import SOURCE_SUFFIXES
    info = model.document_info(tree)
    name = info.source_name
    for suffix in (".akn.xml", *SOURCE_SUFFIXES):
        if name.endswith(suffix):
            return name[: -len(suffix)] + ".akn.xml"
    return info.stem + ".akn.xml"


def _el(parent, tag, text=None, **attrs):
    el = etree.SubElement(parent, tag, {k.rstrip("_"): v for k, v in attrs.items() if v is not None})
    if text is not None:
        el.text = text
    return el


def _start_tag(el: etree._Element) -> str:
    attrs = "".join(f' {etree.QName(k).localname}="{_attr_escape(v)}"' for k, v in el.attrib.items()
                    if not k.startswith(PL))
    empty = el.tag == akn("authorialNote") or (len(el) == 0 and not el.text)
    return f"<{local(el)}{attrs}{'/' if empty else ''}>"


def _attr_escape(value: str) -> str:
    return value.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;")


def _xliff21(tree, units: list[Unit], trg_lang: str, plans: dict[str, Plan]) -> etree._Element:
    info = model.document_info(tree)
    nsmap = {None: XLIFF2_NS, "mda": MDA_NS, "val": VAL_NS}
    if any(p.candidates for p in plans.values()):
        nsmap["mtc"] = MTC_NS
    root = etree.Element(X2 + "xliff", nsmap=nsmap)
    root.set("version", "2.1")
    root.set("srcLang", info.lang.bcp47)
    root.set("trgLang", trg_lang)
    file_ = _el(root, X2 + "file", id="f1", original=original_name(tree))
    file_.set(XML_SPACE, "preserve")
    meta = _el(_el(file_, MDA + "metadata"), MDA + "metaGroup", category="document")
    _el(meta, MDA + "meta", info.symbol, type="symbol")
    _el(meta, MDA + "meta", info.language, type="language")
    file_notes = _el(file_, X2 + "notes")
    _el(file_notes, X2 + "note", _INSTRUCTIONS, category="instructions")
    if file_hint(trg_lang):
        _el(file_notes, X2 + "note", file_hint(trg_lang), category="hint", appliesTo="target")
    for unit in units:
        u = _el(file_, X2 + "unit", id=unit.id, name=unit.name, type="akn:" + unit.kind)
        group = _el(_el(u, MDA + "metadata"), MDA + "metaGroup", category="pipeline")
        _el(group, MDA + "meta", unit.fingerprint, type="fingerprint")
        symbols = _protected_counts(unit)
        if symbols:
            # Validation module: a CAT tool's QA can check each symbol is in the target.
            rules = _el(u, VAL + "validation")
            for text, count in symbols.items():
                _el(rules, VAL + "rule", isPresent=text, occurs=str(count) if count > 1 else None)
        notes = _el(u, X2 + "notes")
        _el(notes, X2 + "note", unit.context, category="context", appliesTo="source")
        hint = target_hint(unit, trg_lang)
        if hint:
            _el(notes, X2 + "note", hint, category="hint", appliesTo="target")
        if unit.codes:
            data = _el(u, X2 + "originalData")
            n = 0
            for code in unit.codes.values():
                ids = []
                parts = [_start_tag(code.element)] if code.kind == "ph" else [
                    _start_tag(code.element), f"</{local(code.element)}>"]
                for part in parts:
                    n += 1
                    _el(data, X2 + "data", part, id=f"d{n}")
                    ids.append(f"d{n}")
                code.data_ids = tuple(ids)
        mrk = 0
        for code in unit.codes.values():
            if code.protected:
                mrk += 1
                code.mrk_id = f"m{mrk}"
        plan = plans[unit.id]
        if plan.candidates:
            _candidates21(u, plan.candidates)
            u.append(u.find(X2 + "notes"))        # notes after the other modules, as the core schema wants
            if u.find(X2 + "originalData") is not None:
                u.append(u.find(X2 + "originalData"))
        s = i = 0
        for kind, tokens, target in plan.segments:
            if kind == "segment":
                s += 1
                seg = _el(u, X2 + "segment", id=f"s{s}",
                          state=plan.state if target is not None else None,
                          subState=plan.sub_state if target is not None else None)
            else:
                i += 1
                seg = _el(u, X2 + "ignorable", id=f"i{i}")
            _fill21(_el(seg, X2 + "source"), tokens)
            if target is not None:
                _fill21(_el(seg, X2 + "target"), target)
    return root


def _record_leverage(root: etree._Element, leverage) -> None:
    """The memory's leverage on the document, in the file: units and words per match band."""
    counts = leverage.as_dict()
    if root.tag == X2 + "xliff":
        group = _el(root.find(f"{X2}file/{MDA}metadata"), MDA + "metaGroup", category="leverage")
        for band, value in counts.items():
            _el(group, MDA + "meta", str(value["units"]), type=f"{band}-units")
            _el(group, MDA + "meta", str(value["words"]), type=f"{band}-words")
    else:
        header = root.find(f"{X1}file/{X1}header")
        text = "; ".join(f"{band}: {v['units']} units, {v['words']} words" for band, v in counts.items())
        header.insert(2, etree.Element(X1 + "note", {"from": "leverage"}))
        header[2].text = text
    indent_structure(root)


def _candidates21(unit_el: etree._Element, candidates: list) -> None:
    """Fuzzy matches in the Translation Candidates module, for the translator to use or not."""
    box = _el(unit_el, MTC + "matches")
    for n, match in enumerate(candidates, 1):
        m = _el(box, MTC + "match", id=f"tm{n}", ref="#s1", type="tm", origin=match.entry.origin or None,
                matchQuality=f"{match.quality:.1f}", similarity=f"{match.quality:.1f}")
        _fill_abstract21(_el(m, X2 + "source"), match.entry.source.tokens)
        _fill_abstract21(_el(m, X2 + "target"), match.entry.target.tokens)


def _fill_abstract21(parent: etree._Element, tokens: tuple) -> None:
    """A TM segment's text and codes (numbered by rank, with no original data)."""
    stack = [parent]
    for tok in tokens:
        if tok[0] == "text":
            model.append_text(stack[-1], tok[1])
        elif tok[0] == "ph":
            _el(stack[-1], X2 + "ph", id=f"c{tok[1]}")
        elif tok[0] == "open":
            stack.append(_el(stack[-1], X2 + "pc", id=f"c{tok[1]}"))
        elif len(stack) > 1:
            stack.pop()


def _protected_counts(unit: Unit) -> dict[str, int]:
    counts: dict[str, int] = {}
    for code in unit.codes.values():
        if code.protected:
            text = code.protected_text().strip()
            if text:
                counts[text] = counts.get(text, 0) + 1
    return counts


def _fill21(parent: etree._Element, tokens: list) -> None:
    stack = [parent]
    for kind, value in tokens:
        here = stack[-1]
        if kind == "text":
            model.append_text(here, value)
        elif kind == "ph":
            code: Code = value
            _el(here, X2 + "ph", id=code.id, dataRef=code.data_ids[0], type=code.type,
                     subType=code.sub_type, canCopy="no",
                     canDelete=None if code.can_delete else "no",
                     disp=code.marker, equiv=code.marker,
                     subFlows=code.sub_flows)
        elif kind == "open":
            code = value
            pc = _el(here, X2 + "pc", id=code.id, dataRefStart=code.data_ids[0], dataRefEnd=code.data_ids[1],
                     type=code.type, subType=code.sub_type, canCopy="no",
                     canDelete=None if code.can_delete else "no")
            stack.append(pc)
            if code.protected:
                stack.append(_el(pc, X2 + "mrk", id=code.mrk_id, translate="no"))
        else:
            code = value
            stack.pop()
            if code.protected:
                stack.pop()


def _xliff12(tree, units: list[Unit], trg_lang: str, plans: dict[str, Plan], profile: str = "standard") -> etree._Element:
    info = model.document_info(tree)
    root = etree.Element(X1 + "xliff", nsmap={None: XLIFF12_NS})
    root.set("version", "1.2")
    file_ = _el(root, X1 + "file", original=original_name(tree), datatype="xml")
    file_.set("source-language", info.lang.bcp47)
    file_.set("target-language", trg_lang)
    header = _el(file_, X1 + "header")
    # Strict XLIFF 1.2 has no prop-group: the document's facts are header notes.
    _el(header, X1 + "note", info.symbol, **{"from": "document-symbol"})
    _el(header, X1 + "note", info.language, **{"from": "document-language"})
    _el(header, X1 + "note", _INSTRUCTIONS, **{"from": "pipeline"})
    if file_hint(trg_lang):
        _el(header, X1 + "note", file_hint(trg_lang), **{"from": "pipeline", "annotates": "target"})
    body = _el(file_, X1 + "body")
    for unit in units:
        tu = _el(body, X1 + "trans-unit", id=unit.id, resname=unit.name, restype="x-akn-" + unit.kind,
                 extradata="fingerprint:" + unit.fingerprint)
        tu.set(XML_SPACE, "preserve")
        mrk_n = 0
        for code in unit.codes.values():
            if code.protected:
                mrk_n += 1
                code.mrk_id = f"m{mrk_n}"
        plan = plans[unit.id]
        _fill12(_el(tu, X1 + "source"), unit.tokens)
        if profile != "omegat":
            segsrc = _el(tu, X1 + "seg-source")
            s = 0
            for kind, tokens, _ in plan.segments:
                if kind == "segment":
                    s += 1
                    _fill12(_el(segsrc, X1 + "mrk", mtype="seg", mid=f"s{s}"), tokens)
                else:
                    model.append_text(segsrc, tokens[0][1])
        if plan.state:
            target = _el(tu, X1 + "target", state=plan.state, **{"state-qualifier": "exact-match"})
            s = 0
            for kind, tokens, tgt in plan.segments:
                if kind == "segment":
                    s += 1
                    _fill12(_el(target, X1 + "mrk", mtype="seg", mid=f"s{s}"), tgt)
                elif tgt is not None:
                    model.append_text(target, tgt[0][1])
        elif profile == "omegat":
            # OmegaT 3's XLIFF filter translates the content of <target>: it must hold the source.
            # No state: OmegaT keeps whatever state it finds, so a copy stays unconfirmed.
            _fill12(_el(tu, X1 + "target"), unit.tokens)
        elif profile == "trados":
            # Trados Studio and memoQ expect a target segmented like seg-source.
            target = _el(tu, X1 + "target", state="new")
            for n in range(1, sum(1 for k, _, _ in plan.segments if k == "segment") + 1):
                _el(target, X1 + "mrk", mtype="seg", mid=f"s{n}")
        _el(tu, X1 + "note", unit.context, **{"from": "pipeline", "annotates": "source"})
        hint = target_hint(unit, trg_lang)
        if hint:
            _el(tu, X1 + "note", hint, **{"from": "pipeline", "annotates": "target"})
        for match in plan.candidates:
            alt = _el(tu, X1 + "alt-trans", origin=match.entry.origin or None,
                      **{"match-quality": str(match.quality)})
            _fill_abstract12(_el(alt, X1 + "source"), match.entry.source.tokens)
            _fill_abstract12(_el(alt, X1 + "target"), match.entry.target.tokens)
    return root


def _fill_abstract12(parent: etree._Element, tokens: tuple) -> None:
    stack = [parent]
    for tok in tokens:
        if tok[0] == "text":
            model.append_text(stack[-1], tok[1])
        elif tok[0] == "ph":
            _el(stack[-1], X1 + "x", id=f"c{tok[1]}")
        elif tok[0] == "open":
            stack.append(_el(stack[-1], X1 + "g", id=f"c{tok[1]}"))
        elif len(stack) > 1:
            stack.pop()


def _fill12(parent: etree._Element, tokens: list) -> None:
    stack = [parent]
    for kind, value in tokens:
        here = stack[-1]
        if kind == "text":
            model.append_text(here, value)
        elif kind == "ph":
            code: Code = value
            attrs = {"id": code.id, "ctype": "x-akn-" + local(code.element)}
            if code.marker is not None:
                attrs["equiv-text"] = code.marker
            if code.is_note:
                if code.sub_flows:
                    attrs["xid"] = code.sub_flows.split()[0]
            _el(here, X1 + "x", **attrs)
        elif kind == "open":
            code = value
            g = _el(here, X1 + "g", id=code.id,
                    ctype="link" if code.type == "link" else (
                        {"i": "italic", "b": "bold", "u": "underlined"}.get(local(code.element))
                        or "x-akn-" + local(code.element)))
            stack.append(g)
            if code.protected:
                stack.append(_el(g, X1 + "mrk", mtype="protected", mid=code.mrk_id))
        else:
            code = value
            stack.pop()
            if code.protected:
                stack.pop()
