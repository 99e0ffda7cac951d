"""Source model + translated XLIFF (2.1 or 1.2) → a new model of the document in the target language.

The XLIFF carries only text; the structure comes from the source model, as in
translate-toolkit's ``xliff2odf`` with templates.  Each unit's target replaces the text
of the element the unit was extracted from (:func:`pipeline.writers.xliff.extract_units`),
and the inline elements are rebuilt from the *source model*, never from the file's
``originalData``: a footnote call moves with its note, a link keeps its address, and the
text of a symbol is restored from the source.

The translator's file is checked, never trusted (user-asks §5.3):

* it must be well-formed XML without a DOCTYPE or entity declarations (no XXE, no
  entity expansion), made from this document (symbol, source language) and from this
  version of it (a fingerprint of each unit's source text is in the file);
* every unit id must be known, and every unit of the document present;
* in each target, codes may move (word order differs between languages) but not be
  deleted when ``canDelete="no"``, duplicated, invented or made from foreign elements, and
  footnote calls keep their order (the markers are numbered in reading order);
* a missing or empty target falls back to the source text with a warning, or is an error
  with ``require_complete``.

Segment states: every target present is merged whatever its ``state`` (``initial`` drafts
included): translate-toolkit's xliff2odf merging only approved units produced silently
untranslated documents (translate #3946).  Whoever wants only reviewed text should
export only reviewed targets.

Every problem is a diagnostic with the unit id and the XLIFF line.  Errors stop the merge
with :class:`MergeError` after all of them have been reported; nothing is written then.

:func:`pseudo_translate` fills the targets of an XLIFF file with a pseudo-translation
(accented, bracketed, about 30 % longer, codes kept), so the loop can be tested without
a translator.
"""

from __future__ import annotations

import copy
import math
import re
import unicodedata

from lxml import etree

from . import model
from .diagnostics import Level, MergeError, Reporter, SourcePos
from .languages import LANGUAGES, Language, language
from .model import akn, xpath
from .qa import (KEPT_OUT, STATE_NAMES, STATES_2, STATES_12, is_copy_of_source, language_problem,
                 repair_whitespace, tag_text)
from .writers.xliff import (MDA, X1, X2, XLIFF12_NS, XLIFF2_NS, Code, Unit, extract_units)

#: How a pseudo-translated segment is marked (not a language: the language check skips it).
PSEUDO_SUBSTATE = "un-pipeline:pseudo"

_HINT_REEXTRACT = ("extract the XLIFF again from the current source (pipeline build --to xliff) "
                   "and pre-translate it from your translation memory")


# ------------------------------------------------------------------ parsing

def parse_xliff(data: bytes, name: str) -> etree._Element:
    """Parse an XLIFF file safely: no DTD, no entities, no network; MergeError otherwise."""
    for marker, what in ((b"<!DOCTYPE", "a DOCTYPE"), (b"<!ENTITY", "an entity declaration")):
        at = data.find(marker)
        if at >= 0:
            line = data.count(b"\n", 0, at) + 1
            raise MergeError(f"{name}:{line}: the file contains {what}; XLIFF files must not "
                             "(it could read local files or expand entities without limit)",
                             "save the file again from your CAT tool, without a DOCTYPE")
    _check_encoding(data, name)
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False,
                             dtd_validation=False, huge_tree=False)
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        line, col = exc.position
        raise MergeError(f"{name}:{line}:{col + 1}: not well-formed XML: {exc.msg}",
                         "the file was damaged; export it again from your CAT tool") from None
    docinfo = root.getroottree().docinfo
    if docinfo.doctype or docinfo.internalDTD is not None:
        raise MergeError(f"{name}:1: the file contains a DOCTYPE; XLIFF files must not",
                         "save the file again from your CAT tool, without a DOCTYPE")
    if any(isinstance(n, etree._Entity) for n in root.iter()):
        raise MergeError(f"{name}: the file contains entity references",
                         "save the file again from your CAT tool")
    return root


_DECLARED_ENCODING = re.compile(rb"""^\s*<\?xml[^>]*?\bencoding\s*=\s*["']([A-Za-z0-9._-]+)["']""")


def _check_encoding(data: bytes, name: str) -> None:
    """Refuse a file whose declared encoding is not what its bytes are (it would merge as mojibake).

    A CAT tool or editor that saves UTF-8 bytes under ``encoding="ISO-8859-1"`` (or the
    reverse) makes every accented letter of the translation two wrong ones.
    """
    match = _DECLARED_ENCODING.match(data[:200])
    if not match or data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return
    declared = match.group(1).decode("ascii").lower().replace("_", "-")
    if declared in ("utf-8", "utf8", "us-ascii", "ascii"):
        return
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return                                  # really in the declared legacy encoding
    if any(b > 0x7F for b in data):
        raise MergeError(f"{name}:1: the file declares encoding={match.group(1).decode()!r}, but its bytes "
                         "are UTF-8: its text would be read as mojibake",
                         "save it again as UTF-8 (XLIFF's encoding), or correct the encoding in its first line")


# ---------------------------------------------------------- the file's view

class _XUnit:
    """One unit as the translator's file has it."""

    def __init__(self, uid: str, el: etree._Element, fingerprint: str | None, name: str,
                 source_parts: list, parts: list, missing: list[str], empty: list[str],
                 states: list[tuple[str, int, etree._Element]]) -> None:
        self.id, self.el, self.fingerprint, self.name = uid, el, fingerprint, name
        self.source_parts = source_parts   # source tokens, every segment and ignorable in order
        self.parts = parts          # target tokens
        self.missing = missing      # ids of segments with no target
        self.empty = empty          # ids of segments with an empty target
        self.states = states        # (segment id, state rank, element) of each translated segment
        self.pseudo = False         # every target is a pseudo-translation (pipeline pseudo)
        self.confirmed = False      # every target has a state saying it is translated (stated, not defaulted)

    @property
    def source_text(self) -> str:
        return "".join(t[1] if t[0] == "text" else t[2] for t in self.source_parts if t[0] in ("text", "mrk"))

    @property
    def target_text(self) -> str:
        """The target's words: text, protected text and the whitespace it puts between sentences."""
        out = []
        for t in self.parts:
            if t[0] == "text":
                out.append(t[1])
            elif t[0] == "mrk":
                out.append(t[2])
            elif t[0] == "junction":
                out.append(t[2] if t[2] is not None else " ")
        return "".join(out)

    def translatable_text(self, parts: list) -> str:
        """The text a translator writes: without protected (symbol) text."""
        return "".join(t[1] for t in parts if t[0] == "text")


class _Reader:
    """Reads the units of an XLIFF 2.x or 1.2 file into tokens, reporting what it cannot read."""

    def __init__(self, root: etree._Element, name: str, reporter: Reporter) -> None:
        self.root, self.name, self.reporter = root, name, reporter
        self.errors = 0
        self.unit_errors: dict[str, int] = {}     # unit id → errors reported for it
        self.current: str | None = None

    def pos(self, el: etree._Element) -> SourcePos:
        return SourcePos(self.name, el.sourceline or 1)

    def error(self, code: str, message: str, el: etree._Element, hint: str | None = None) -> None:
        self.errors += 1
        if self.current is not None:
            self.unit_errors[self.current] = self.unit_errors.get(self.current, 0) + 1
        self.reporter.error(code, message, self.pos(el), hint)

    # 2.x ---------------------------------------------------------------

    def units2(self) -> list[_XUnit]:
        out = []
        for u in self.root.iter(X2 + "unit"):
            uid = u.get("id") or ""
            self.current = uid
            fp = u.find(f"{MDA}metadata/{MDA}metaGroup/{MDA}meta[@type='fingerprint']")
            missing, empty, states, pseudo = [], [], [], []
            source_parts: list = []
            placed: list[tuple[int, list]] = []   # (position in the target, tokens)
            children = [c for c in u if c.tag in (X2 + "segment", X2 + "ignorable")]
            previous = None
            for position, child in enumerate(children, 1):
                src = child.find(X2 + "source")
                tgt = child.find(X2 + "target")
                source_parts.extend(self.tokens(src, uid) if src is not None else [])
                order = self.order(tgt, position, len(children), uid)
                if child.tag == X2 + "ignorable":
                    placed.append((order, [("junction", _plain(src), None if tgt is None else _plain(tgt))]))
                    previous = child
                    continue
                if previous is not None and previous.tag == X2 + "segment":
                    # Two sentences with nothing between them in the source (Chinese): the
                    # junction is the target language's separator.
                    placed.append((order - 0.5, [("junction", "", None)]))
                previous = child
                sid = child.get("id") or "?"
                if tgt is None:
                    missing.append(sid)
                    continue
                tokens = self.tokens(tgt, uid)
                if not _has_content(tokens):
                    empty.append(sid)
                    continue
                states.append((sid, STATES_2.get(child.get("state") or "initial", 0), child))
                pseudo.append(child.get("subState") == PSEUDO_SUBSTATE)
                placed.append((order, tokens))
            orders = [o for o, _ in placed]
            if len(set(orders)) != len(orders):
                self.error("segment-order", f"unit {uid}: two targets claim the same place (order)", u,
                           "each target's order attribute must be unique in its unit")
            parts = [tok for _, tokens in sorted(placed, key=lambda p: p[0]) for tok in tokens]
            out.append(_XUnit(uid, u, fp.text.strip() if fp is not None and fp.text else None,
                              u.get("name") or "", source_parts, parts, missing, empty, states))
            out[-1].pseudo = bool(pseudo) and all(pseudo)
            out[-1].confirmed = bool(states) and min(r for _, r, _ in states) >= STATES_2["translated"]
        self.current = None
        return out

    def order(self, tgt: etree._Element | None, position: int, count: int, uid: str) -> int:
        """Where a target goes: its ``order`` (translators may reorder sentences), else in place."""
        if tgt is None or tgt.get("order") is None:
            return position
        value = tgt.get("order")
        if not value.isdigit() or not 1 <= int(value) <= count:
            self.error("segment-order", f"unit {uid}: order={value!r} is not a place between 1 and {count}", tgt)
            return position
        return int(value)

    # 1.2 ---------------------------------------------------------------

    def units12(self) -> list[_XUnit]:
        out = []
        for u in self.root.iter(X1 + "trans-unit"):
            uid = u.get("id") or ""
            self.current = uid
            fp = u.find(f"{X1}prop-group/{X1}prop[@prop-type='fingerprint']")
            fingerprint = fp.text.strip() if fp is not None and fp.text else None
            extradata = u.get("extradata") or ""
            if extradata.startswith("fingerprint:"):
                fingerprint = extradata.split(":", 1)[1].strip()
            src = u.find(X1 + "source")
            tgt = u.find(X1 + "target")
            missing, empty, parts, states, explicit = [], [], [], [], []
            if tgt is None:
                missing.append("target")
            else:
                parts = self.tokens(tgt, uid)
                if not _has_content(parts):
                    empty.append("target")
                else:
                    state = tgt.get("state")
                    rank = STATES_12.get(state, 1) if state else (2 if u.get("approved") == "yes" else 1)
                    states.append(("target", rank, tgt))
                    explicit.append(bool(state) or u.get("approved") == "yes")
            out.append(_XUnit(uid, u, fingerprint, u.get("resname") or "",
                              self.tokens(src, uid) if src is not None else [], parts, missing, empty, states))
            out[-1].pseudo = tgt is not None and tgt.get("state-qualifier") == "x-pseudo"
            out[-1].confirmed = bool(states) and all(explicit) and min(r for _, r, _ in states) >= 1
        self.current = None
        return out

    # inline content ----------------------------------------------------

    def tokens(self, el: etree._Element, uid: str) -> list:
        """("text", s) | ("ph", id, el) | ("open", id, el) | ("close", id, el) | ("mrk", id, text, el)."""
        out: list = []
        if el.text:
            out.append(("text", el.text))
        for child in el:
            if not isinstance(child.tag, str):
                pass                                          # comments, processing instructions
            else:
                self.code(child, uid, out)
            if child.tail:
                out.append(("text", child.tail))
        return out

    def code(self, child: etree._Element, uid: str, out: list) -> None:
        ns, tag = _split(child.tag)
        v2 = ns == XLIFF2_NS
        v1 = ns == XLIFF12_NS
        if (v2 and tag == "ph") or (v1 and tag == "x"):
            if child.get("copyOf"):
                self.error("code-copied", f"unit {uid}: code {child.get('copyOf')} was copied; "
                           "this document's codes cannot be copied", child)
                return
            out.append(("ph", child.get("id") or "", child))
        elif (v2 and tag == "pc") or (v1 and tag == "g"):
            if child.get("copyOf"):
                self.error("code-copied", f"unit {uid}: code {child.get('copyOf')} was copied; "
                           "this document's codes cannot be copied", child)
                return
            out.append(("open", child.get("id") or "", child))
            out.extend(self.tokens(child, uid))
            out.append(("close", child.get("id") or "", child))
        elif (v2 and tag == "mrk" and child.get("translate") == "no") or (
                v1 and tag == "mrk" and child.get("mtype") == "protected"):
            out.append(("mrk", child.get("id") or child.get("mid") or "", _plain(child), child))
        elif (v2 and tag in ("mrk", "sm", "em")) or (v1 and tag == "mrk"):
            # An annotation (comment, term, segment marker): its content is the text.
            if tag == "mrk" and v1 and child.get("mtype") == "seg":
                if any(t[0] == "seg" for t in out):
                    out.append(("junction", "", None))
                out.append(("seg",))
            if tag in ("sm", "em"):
                self.reporter.info("annotation-removed", f"unit {uid}: annotation <{tag}> removed",
                                   self.pos(child))
                return
            out.extend(self.tokens(child, uid))
        elif (v2 and tag in ("sc", "ec")) or (v1 and tag in ("bx", "ex", "bpt", "ept", "it", "ph", "sub")):
            self.error("code-unsupported", f"unit {uid}: <{tag}> codes are not used by this document; "
                       "the source's codes were changed into them", child,
                       "keep the codes as the source has them (pc/ph in XLIFF 2, g/x in XLIFF 1.2)")
        else:
            self.error("foreign-element", f"unit {uid}: unexpected element <{etree.QName(child).localname}> "
                       f"in the target", child, "remove it: a target holds text and the source's codes only")


def _has_content(tokens: list) -> bool:
    """Some text or a code: an empty target has neither."""
    return any((t[0] == "text" and t[1].strip()) or t[0] in ("ph", "open", "mrk") for t in tokens)


def _split(tag: str) -> tuple[str, str]:
    q = etree.QName(tag)
    return q.namespace or "", q.localname


def _plain(el: etree._Element | None) -> str:
    return "".join(el.itertext()) if el is not None else ""


# -------------------------------------------------------------------- merge

def merge_xliff(tree: etree._ElementTree, xliff_bytes: bytes, reporter: Reporter,
                name: str = "<xliff>", require_complete: bool = False, strict: bool = False,
                min_state: str = "translated", merged_units: list | None = None) -> etree._ElementTree:
    """A new model: ``tree`` with each unit's text replaced by the XLIFF file's target.

    A unit whose translation cannot be trusted (stale, untranslated, broken codes, tag
    text: :data:`pipeline.qa.KEPT_OUT`) keeps its source text and is an ERROR diagnostic;
    suspicious translations (:data:`pipeline.qa.REVIEW`) are merged and are WARNINGs.  With
    ``strict`` (or ``require_complete``) any kept-out unit makes it a MergeError instead.
    ``merged_units``, if given, receives ``(unit, target tokens)`` of every unit merged
    (for the translation memory).  Raises MergeError (after reporting every problem to
    ``reporter``) if the file cannot be merged at all.
    """
    info = model.document_info(tree)
    root = parse_xliff(xliff_bytes, name)
    reader = _Reader(root, name, reporter)
    ns = etree.QName(root).namespace
    if etree.QName(root).localname != "xliff" or ns not in (XLIFF2_NS, XLIFF12_NS):
        raise MergeError(f"{name}:{root.sourceline}: the root element is <{root.tag}>, not an XLIFF 2 or 1.2 <xliff>",
                         "give the translated XLIFF file made by pipeline build --to xliff")
    src_lang, trg_lang, symbol = file_facts(root)
    symbol_text = symbol.text.strip() if symbol is not None and symbol.text else None
    if symbol_text and symbol_text != info.symbol:
        raise MergeError(f"{name}:{symbol.sourceline}: this XLIFF file was made from document {symbol_text}, "
                         f"not from {info.symbol}", "merge it with the source it was extracted from")
    source_lang = info.lang
    try:
        if not src_lang or language(src_lang) != source_lang:
            raise MergeError(f"{name}:{root.sourceline}: the file's source language is {src_lang!r}, but the "
                             f"document is in {source_lang.name_en} ({source_lang.bcp47})",
                             "merge it with the source it was extracted from")
        if not trg_lang:
            raise MergeError(f"{name}:{root.sourceline}: the file has no target language",
                             "extract it again with --target-lang")
        target_lang = language(trg_lang)
    except ValueError as exc:   # UnknownLanguage
        raise MergeError(f"{name}:{root.sourceline}: {exc}") from None

    new = copy.deepcopy(tree)
    units = extract_units(new)
    by_id = {u.id: u for u in units}
    by_fingerprint: dict[str, list[Unit]] = {}
    for unit in units:
        by_fingerprint.setdefault(unit.fingerprint, []).append(unit)
    by_name = {u.name: u for u in units}
    xunits = reader.units2() if ns == XLIFF2_NS else reader.units12()
    if not xunits:
        raise MergeError(f"{name}:{root.sourceline}: the file has no translation units, so it translates "
                         f"nothing of {info.symbol}", "give the XLIFF file your CAT tool exported, "
                         "made from pipeline build --to xliff")
    file_ids = {xu.id for xu in xunits}
    wanted_rank = STATE_NAMES.index(min_state)

    seen: dict[str, _XUnit] = {}
    claimed: set[str] = set()
    fatal = 0
    for xu in xunits:
        reader.current = xu.id
        if xu.id in seen:
            reader.error("unit-duplicated", f"unit {xu.id} appears twice (first on line {seen[xu.id].el.sourceline})",
                         xu.el, "export the file again from your CAT tool")
            fatal += 1
            continue
        seen[xu.id] = xu
        unit = by_id.get(xu.id)
        if unit is None and xu.fingerprint:
            # The same text under another id (an identical paragraph was inserted before it).
            unit = next((u for u in by_fingerprint.get(xu.fingerprint, [])
                         if u.id not in file_ids and u.id not in claimed), None)
        if unit is None:
            same_place = by_name.get(xu.name) if xu.name else None
            if _report_unknown(reader, xu, same_place, file_ids, info):
                claimed.add(same_place.id)
            continue
        claimed.add(unit.id)
        if (xu.fingerprint and xu.fingerprint != unit.fingerprint) or (
                not xu.fingerprint and _squash(xu.source_text) != _squash(unit.plain_source())):
            reader.error("unit-stale", f"unit {unit.describe()}: its source text has changed since the file "
                         "was extracted; the translation of the old text is kept out", xu.el, _HINT_REEXTRACT)
            continue
        if xu.missing or xu.empty:
            what = ("no target" if xu.missing else "an empty target")
            segs = ", ".join(xu.missing + xu.empty)
            reader.error("target-missing", f"unit {unit.describe()}: {what} ({segs}); the source text is kept",
                         xu.el, "translate it")
            continue
        tokens = _check_codes(reader, xu, unit)
        if tokens is None:
            continue
        if not _qa(reader, xu, unit, source_lang, target_lang, wanted_rank):
            continue
        tokens = _resolve_junctions(tokens, source_lang, target_lang)
        tokens = _repair_whitespace(reader, xu, unit, tokens)
        _rebuild(unit, tokens)
        if merged_units is not None:
            merged_units.append((unit, tokens))
    reader.current = None
    for unit in units:
        if unit.id not in seen and unit.id not in claimed:
            reader.errors += 1
            reporter.error("unit-missing", f"unit {unit.describe()} is missing from the file; the source text "
                           "is kept", SourcePos(name, 1), _HINT_REEXTRACT)
    kept_out = [d for d in reporter.diagnostics if d.level == Level.ERROR and d.code in KEPT_OUT]
    if fatal or ((strict or require_complete) and kept_out):
        raise MergeError(f"{name}: {reader.errors} problem(s) in the translated file, nothing merged",
                         "each problem is listed above with its unit id and line")
    _retarget(new, info, source_lang, target_lang, reporter, name)
    model.validate(new)
    return new


def file_facts(root: etree._Element) -> tuple[str | None, str | None, etree._Element | None]:
    """The source language, target language and the element holding the document symbol."""
    if etree.QName(root).namespace == XLIFF2_NS:
        symbol = root.find(f"{X2}file/{MDA}metadata/{MDA}metaGroup/{MDA}meta[@type='symbol']")
        return root.get("srcLang"), root.get("trgLang"), symbol
    file_ = root.find(X1 + "file")
    symbol = root.find(f"{X1}file/{X1}header/{X1}note[@from='document-symbol']")
    if symbol is None:
        symbol = root.find(f"{X1}file/{X1}header/{X1}prop-group/{X1}prop[@prop-type='symbol']")
    if file_ is None:
        return None, None, symbol
    return file_.get("source-language"), file_.get("target-language"), symbol


def _report_unknown(reader: _Reader, xu: _XUnit, same_place: Unit | None, file_ids: set[str],
                    info: model.DocumentInfo) -> bool:
    """Report a unit id the document does not have; True if it is the old version of ``same_place``."""
    if same_place is not None and same_place.id not in file_ids:
        reader.error("unit-stale", f"unit {xu.id} ({xu.name}): its source text has changed since the file was "
                     f"extracted (it is now unit {same_place.id}); the translation of the old text is kept out",
                     xu.el, _HINT_REEXTRACT)
        return True
    reader.reporter.warning(
            "unit-unknown", f"unit {xu.id}{f' ({xu.name})' if xu.name else ''} is not in this version of "
            f"{info.symbol} (removed, or its id was edited); its translation is ignored", reader.pos(xu.el),
            _HINT_REEXTRACT)
    return False


def _qa(reader: _Reader, xu: _XUnit, unit: Unit, source: Language, target: Language, wanted_rank: int) -> bool:
    """The checks of :mod:`pipeline.qa` on one unit; False if its translation is to be kept out."""
    text = xu.translatable_text(xu.parts)
    source_text = xu.translatable_text(xu.source_parts)
    tags = tag_text(source_text, text)
    if tags:
        reader.error("tag-text", f"unit {unit.describe()}: the target has code markup typed as text "
                     f"({', '.join(tags)}); it would be printed in the document", xu.el,
                     "put the code back with your CAT tool's tag commands instead of typing it")
        return False
    if not xu.pseudo and is_copy_of_source(source_text, text, source, target):
        if not xu.confirmed:
            reader.error("target-is-source", f"unit {unit.describe()}: the target is a copy of the {source.name_en} "
                         "source and is not confirmed as translated (a CAT tool's copy of an untranslated "
                         "segment); the source text is kept", xu.el, "translate it")
            return False
        reader.reporter.warning("target-same-as-source", f"unit {unit.describe()}: the target is the same as the "
                                f"{source.name_en} source, confirmed as translated", reader.pos(xu.el),
                                "check that it is meant to stay in the source's words (a title cited in the original)")
        return True
    problem = None if xu.pseudo or source == target else language_problem(text, target)
    if problem:
        reader.reporter.warning("target-wrong-language", f"unit {unit.describe()}: the target does not read as "
                                f"{target.name_en}: {problem}", reader.pos(xu.el),
                                "check that this is the translation of this unit into the target language")
    low = [(sid, rank, el) for sid, rank, el in xu.states if rank < wanted_rank]
    if low:
        sid, rank, el = low[0]
        reader.reporter.warning("state-not-final", f"unit {unit.describe()}: segment {sid} is in state "
                                f"{el.get('state') or 'initial (no state)'}, below {STATE_NAMES[wanted_rank]}",
                                reader.pos(el), "finish and confirm the translation in your CAT tool")
    source_links = [c.id for c in unit.codes.values() if c.type == "link"]
    target_links = [t[1] for t in xu.parts if t[0] == "open" and t[1] in source_links]
    if target_links != [c for c in source_links if c in target_links]:
        names = {c.id: c.protected_text().strip() or model.flow_text(c.element).strip() for c in unit.codes.values()}
        reader.reporter.warning(
            "code-order-changed", f"unit {unit.describe()}: the links are in the order "
            f"{', '.join(names[c] for c in target_links)}; the source has "
            f"{', '.join(names[c] for c in source_links if c in target_links)}", reader.pos(xu.el),
            "check that each link still goes with its words (a date with its resolution)")
    return True


def _repair_whitespace(reader: _Reader, xu: _XUnit, unit: Unit, tokens: list) -> list:
    """Layout whitespace (a file re-indented by an XML library) collapsed; the unit's edges as the source's."""
    source = unit.plain_source()
    out = [(("text", repair_whitespace(t[1], source)) if t[0] == "text" else t) for t in tokens]
    texts = [i for i, t in enumerate(out) if t[0] == "text"]
    if texts and out[0][0] == "text" and not source[:1].isspace():
        out[0] = ("text", out[0][1].lstrip(" \t\r\n"))
    if texts and out[-1][0] == "text" and not source[-1:].isspace():
        out[-1] = ("text", out[-1][1].rstrip(" \t\r\n"))
    if out != tokens:
        reader.reporter.warning("whitespace-repaired", f"unit {unit.describe()}: line breaks, tabs or runs of "
                                "spaces the source does not have were collapsed to one space", reader.pos(xu.el),
                                "the file was re-indented by a tool; check that its text is as the translator wrote it")
    return [t for t in out if t != ("text", "")]


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


# ------------------------------------------------------------ code checks

def _check_codes(reader: _Reader, xu: _XUnit, unit: Unit) -> list | None:
    """The target tokens with every code checked against the source unit; None after errors."""
    errors_before = reader.errors
    codes = unit.codes
    used: dict[str, int] = {}
    out: list = []
    stack: list[tuple[Code | None, bool]] = []        # (code, emit its close)
    skipping = 0                                       # inside a protected or rejected code
    notes_order: list[str] = []
    for tok in xu.parts:
        kind = tok[0]
        if kind == "close":
            code, emit = stack.pop() if stack else (None, False)
            if skipping:
                skipping -= 1
            elif emit:
                out.append(("close", code))
            continue
        if skipping:
            if kind == "open":
                stack.append((None, False))
                skipping += 1
            continue
        if kind in ("text", "junction"):
            out.append(tok)
            continue
        if kind == "seg":
            continue
        el = tok[-1]
        if kind == "mrk":
            reader.error("protected-text-moved", f"unit {unit.describe()}: protected text {tok[2]!r} is not inside "
                         "its link code", el, "keep the symbol inside its link")
            continue
        cid = tok[1]
        code = codes.get(cid)
        problem = None
        if code is None:
            problem = ("code-unknown", f"unit {unit.describe()}: code {cid!r} is not in the source",
                       "remove it: only the source's codes can be used")
        else:
            used[cid] = used.get(cid, 0) + 1
            if used[cid] > 1:
                problem = ("code-duplicated", f"unit {unit.describe()}: code {cid} ({_describe(code)}) appears "
                           f"{used[cid]} times", "keep one copy of it")
            elif (kind == "ph") != (code.kind == "ph"):
                problem = ("code-changed", f"unit {unit.describe()}: code {cid} ({_describe(code)}) is no longer "
                           f"{'a standalone' if code.kind == 'ph' else 'a paired'} code",
                           "use the code as the source has it")
        if problem:
            reader.error(problem[0], problem[1], el, problem[2])
            if kind == "open":
                stack.append((None, False))
                skipping = 1
            continue
        if code.is_note:
            notes_order.append(cid)
        if kind == "ph":
            out.append(("ph", code))
        elif code.protected:
            inner = _inner(xu.parts, tok)
            text = ("".join(t[2] for t in inner if t[0] == "mrk")
                    or "".join(t[1] for t in inner if t[0] == "text"))
            localised = None
            if text.strip() != code.protected_text().strip():
                if _same_symbol(text, code.protected_text()) and len(code.element) == 0:
                    localised = text.strip()
                    reader.reporter.info(
                        "protected-text-localised", f"unit {unit.describe()}: the protected text "
                        f"{code.protected_text()!r} is written {localised!r} in the target language", reader.pos(el))
                else:
                    reader.reporter.warning(
                        "protected-text-changed", f"unit {unit.describe()}: the protected text "
                        f"{code.protected_text()!r} was changed to {text!r}; the source's is kept", reader.pos(el))
            out.append(("protected", code, localised))
            stack.append((code, False))
            skipping = 1
        else:
            out.append(("open", code))
            stack.append((code, True))
    for cid, code in codes.items():
        if cid in used:
            continue
        if code.can_delete:
            reader.reporter.info("code-dropped", f"unit {unit.describe()}: formatting code {cid} ({_describe(code)}) "
                                 "was dropped by the translator", reader.pos(xu.el))
        else:
            reader.error("code-deleted", f"unit {unit.describe()}: code {cid} ({_describe(code)}) was deleted",
                         xu.el, "put it back: footnote calls, links and marked-up text must survive")
    source_notes = [c.id for c in codes.values() if c.is_note and c.id in notes_order]
    if notes_order != source_notes:
        reader.error("note-calls-reordered", f"unit {unit.describe()}: footnote calls are in the order "
                     f"{_markers(codes, notes_order)}, the source has {_markers(codes, source_notes)}",
                     xu.el, "footnote markers are numbered in reading order; keep the calls in that order")
    if reader.errors > errors_before:
        return None
    return out


def _same_symbol(text: str, source: str) -> bool:
    """The same document symbol or number written the target language's way: the same digits
    in the same order and something besides (``57/270 B`` → ``57/270 باء``, ``75/234.`` → ``75/234. -``)."""
    digits = re.findall(r"\d+", source)
    return bool(digits) and re.findall(r"\d+", text) == digits and bool(text.strip())


def _inner(parts: list, open_tok: tuple) -> list:
    depth = 0
    collecting = False
    inner = []
    for tok in parts:
        if tok is open_tok:
            collecting = True
            depth = 1
            continue
        if not collecting:
            continue
        if tok[0] == "open":
            depth += 1
        elif tok[0] == "close":
            depth -= 1
            if depth == 0:
                break
        inner.append(tok)
    return inner


def _describe(code: Code) -> str:
    el = code.element
    if code.is_note:
        return f"footnote call {el.get('marker')}"
    if code.protected:
        return f"{model.local(el)} {code.protected_text()}"
    return f"<{model.local(el)}>"


def _markers(codes: dict[str, Code], ids: list[str]) -> str:
    return " ".join(codes[i].element.get("marker", "?") for i in ids)


# ------------------------------------------------------------ rebuilding

def _is_cjk(ch: str) -> bool:
    return unicodedata.east_asian_width(ch) in ("W", "F")


def _resolve_junctions(tokens: list, source: Language, target: Language) -> list:
    """Replace the gaps between segments by text: the translator's, or the target language's separator.

    The separator is the target language's, whatever the source's: nothing between two
    Chinese sentences, one space between sentences of every other language (a Chinese
    source has no whitespace between its sentences; an English one has a space that a
    Chinese target does not want).  Into the same language, the source's whitespace stays.
    """
    out: list = []
    for i, tok in enumerate(tokens):
        if tok[0] != "junction":
            out.append(tok)
            continue
        _, source_ws, target_ws = tok
        if target_ws is not None:
            out.append(("text", target_ws))
            continue
        left = "".join(t[1] for t in out if t[0] == "text")
        right = "".join(t[1] for t in tokens[i + 1:] if t[0] == "text")
        if not left or not right or source.code == target.code or (source_ws and target.code != "zh"):
            out.append(("text", source_ws))             # edges, the same language, or both with spaces
            continue
        if left[-1].isspace() or right[0].isspace():
            continue
        if target.code == "zh":
            cjk = _is_cjk(left[-1]) or _is_cjk(right[0])
        else:                                           # "。" carries its own space (Chinese left as is)
            cjk = _is_cjk(left[-1])
        if not cjk:
            out.append(("text", " "))
    return out


def _rebuild(unit: Unit, tokens: list) -> None:
    """Replace the content of the unit's element by the target, with codes from the model."""
    el = unit.element
    for child in list(el):
        el.remove(child)
    el.text = None
    stack = [el]
    for tok in tokens:
        kind = tok[0]
        here = stack[-1]
        if kind == "text":
            model.append_text(here, tok[1])
        elif kind == "ph":
            orig = tok[1].element
            orig.tail = None
            here.append(orig)
        elif kind == "protected":
            new = copy.deepcopy(tok[1].element)
            new.tail = None
            if len(tok) > 2 and tok[2]:
                new.text = tok[2]                       # 57/270 B → 57/270 باء: the target's own form
            here.append(new)
        elif kind == "open":
            orig = tok[1].element
            new = etree.SubElement(here, orig.tag, dict(orig.attrib))
            stack.append(new)
        elif kind == "close":
            if len(stack) > 1:
                stack.pop()


# ------------------------------------------------------------- metadata

def _retarget(tree: etree._ElementTree, info: model.DocumentInfo, source: Language, target: Language,
              reporter: Reporter, name: str) -> None:
    """Make the model a translation: FRBR expression, pl:document, undocs.org links, masthead."""
    ident = xpath(tree, "/a:akomaNtoso/*/a:meta/a:identification")[0]
    src_tag, trg_tag = f"/{source.iso639_2}@", f"/{target.iso639_2}@"
    expression = ident.find(akn("FRBRExpression"))
    source_uri = expression.find(akn("FRBRuri")).get("value")
    for part in (expression, ident.find(akn("FRBRManifestation"))):
        if part is None:
            continue
        for key in ("FRBRthis", "FRBRuri"):
            for el in part.findall(akn(key)):
                el.set("value", el.get("value").replace(src_tag, trg_tag))
    langs = expression.findall(akn("FRBRlanguage"))
    for el in langs:
        el.set("language", target.iso639_2)
    for old in expression.findall(akn("FRBRtranslation")):
        expression.remove(old)
    translation = etree.Element(akn("FRBRtranslation"))
    translation.set("href", source_uri)
    translation.set("fromLanguage", source.iso639_2)
    translation.set("by", "#translator")
    langs[-1].addnext(translation)
    references = xpath(tree, "/a:akomaNtoso/*/a:meta/a:references")[0]
    if not xpath(references, "a:TLCOrganization[@eId='translator']"):
        org = etree.Element(akn("TLCOrganization"))
        org.set("eId", "translator")
        org.set("href", "/akn/ontology/organization/un/translator")
        org.set("showAs", "Translator")
        orgs = references.findall(akn("TLCOrganization"))
        (orgs[-1].addnext(org) if orgs else references.insert(0, org))

    doc = xpath(tree, "/a:akomaNtoso/*/a:meta/a:proprietary/pl:document")[0]
    doc.set("language", target.code)
    doc.set("sourceLanguage", source.code)

    # The work's name is the title, in the target language now (derived, as the reader does).
    title = xpath(tree, "string(/a:akomaNtoso/*/a:preface/a:longTitle)")
    for name_el in ident.iter(akn("FRBRname")):
        if title.strip():
            name_el.set("value", title)
    # Each annex's identification is the document's, naming the annex: the translation's now.
    for annex in model.annexes(tree):
        annex_meta = annex.getparent().getparent().find(akn("meta"))
        annex_meta.replace(annex_meta.find(akn("identification")),
                           model.annex_identification(model.document_element(tree), annex.get("eId")))
    # The masthead date as the target language's version prints it.
    from .writers.html import masthead_date
    for date_el in xpath(tree, "//a:coverPage//a:docDate[@date]"):
        if len(date_el) == 0:
            try:
                date_el.text = masthead_date(date_el.get("date"), target)[0]
            except ValueError:
                pass
    localise_numbers(tree, target)

    undocs = re.compile(r"^(https?://undocs\.org/)(%s)(/)" % "|".join(LANGUAGES))
    for el in xpath(tree, "//*[@href]"):
        el.set("href", undocs.sub(lambda m: m.group(1) + target.code + m.group(3), el.get("href")))

    words = {source.united_nations: target.united_nations,
             source.distribution: target.distribution}
    # A meeting record's masthead prints "Official Records" (the Security Council's
    # "Provisional") where other documents print their distribution.
    for kind in range(2):
        words[RECORDS_LINES[source.code][kind]] = RECORDS_LINES[target.code][kind]
    words.update({source.organs[k]: target.organs[k] for k in source.organs if k in target.organs})
    for el in xpath(tree, "//a:coverPage/a:container[@name='masthead']//*[self::a:docAuthority or "
                          "self::a:inline[@name='distribution']]"):
        # Without tatweel (U+0640): the Arabic masthead stretches "الأمــم المتحـدة" with it.
        text = model.flow_text(el).strip().replace("\u0640", "")
        if len(el) == 0 and text in words:
            el.text = words[text]
        elif text not in words.values():
            reporter.warning("masthead-untranslated", f"masthead line {text!r} is not a word this pipeline "
                             f"knows in {source.name_en}; it is kept as it is", SourcePos(name, 1))


#: What a verbatim record's masthead prints in place of the distribution, in each language: the
#: General Assembly's ("Official Records") and the Security Council's ("Provisional").
RECORDS_LINES = {"en": ("Official Records", "Provisional"), "fr": ("Documents officiels", "Provisoire"),
                 "es": ("Documentos Oficiales", "Provisional"), "ru": ("Официальные отчеты", "Предварительный отчет"),
                 "ar": ("الوثائق الرسمية", "مؤقت"), "zh": ("正式记录", "临时")}


# ------------------------------------------------------------ numbering

#: List item letters as the Arabic versions write them, (أ), (ب) …, in the abjad order.
ARABIC_LETTERS = "أ ب ج د هـ و ز ح ط ي ك ل م ن س ع ف ص ق ر ش ت ث خ ذ ض ظ غ".split()
_PARA_NUM = re.compile(r"^\s*(\d+)\s*(?:\.|-)?\s*$")
_ITEM_NUM = re.compile(r"^\s*\(?\s*([a-z]{1,2}|[ivxlc]{1,6}|[\u0600-\u06ff]{1,3})\s*\)\s*$")
_ROMAN = ("i ii iii iv v vi vii viii ix x xi xii xiii xiv xv xvi xvii xviii xix xx xxi xxii xxiii xxiv "
          "xxv xxvi xxvii xxviii xxix xxx").split()


def paragraph_number(n: int, lang: Language) -> str:
    """``1.`` in every official language but Arabic, whose versions number paragraphs ``1 -``."""
    return f"{n} -" if lang.code == "ar" else f"{n}."


def item_label(kind: str, n: int, lang: Language) -> str:
    """A list item's label in the target language: (a) en, zh; a) fr, es, ru; (أ) ar; (i)/i) roman."""
    if kind == "roman":
        text = _ROMAN[n - 1] if n <= len(_ROMAN) else str(n)
    elif lang.code == "ar":
        text = ARABIC_LETTERS[n - 1] if n <= len(ARABIC_LETTERS) else str(n)
    else:
        text = chr(ord("a") + n - 1) if n <= 26 else chr(ord("a") + (n - 1) // 26 - 1) + chr(ord("a") + (n - 1) % 26)
    return f"{text})" if lang.code in ("fr", "es", "ru") else f"({text})"


def _item_index(label: str, position: int, siblings: list[str]) -> tuple[str, int] | None:
    """(kind, 1-based index) of a list label: letter (a, أ), roman (i), from the label itself."""
    match = _ITEM_NUM.match(label)
    if not match:
        return None
    text = match.group(1)
    # "i", "v", "x" are letters or roman numbers: roman if the list starts with "i".
    roman = text in _ROMAN and (siblings[:1] and _ITEM_NUM.match(siblings[0])
                                and _ITEM_NUM.match(siblings[0]).group(1) == "i")
    if roman:
        return "roman", _ROMAN.index(text) + 1
    if text in ARABIC_LETTERS:
        return "letter", ARABIC_LETTERS.index(text) + 1
    if re.fullmatch(r"[a-z]", text):
        return "letter", ord(text) - ord("a") + 1
    return None


def localise_numbers(tree: etree._ElementTree, target: Language) -> None:
    """Paragraph numbers and list labels as the target language's UN versions write them.

    They are not translation units: the pipeline derives them (``1.`` → ``1 -`` in Arabic,
    ``(a)`` → ``a)`` in French, Spanish and Russian, → ``(أ)`` in Arabic).
    """
    for num in xpath(tree, "//a:paragraph/a:num"):
        match = _PARA_NUM.match(model.flow_text(num))
        if match and len(num) == 0:
            num.text = paragraph_number(int(match.group(1)), target)
    for container in xpath(tree, "//a:list | //a:sublist | //a:blockList"):
        items = [c for c in container if c.tag in (akn("point"), akn("item"))]
        nums = [c.find(akn("num")) for c in items]
        labels = [model.flow_text(n) if n is not None else "" for n in nums]
        for num, label, position in zip(nums, labels, range(len(labels))):
            if num is None or len(num):
                continue
            found = _item_index(label, position, labels)
            if found:
                num.text = item_label(found[0], found[1], target)


# ----------------------------------------------------------------- pseudo

_ACCENTS = str.maketrans(
    "abcdeghiklnorstuyzABCDEGHIKLNORSTUYZ",
    "åƀçđéĝĥîķļñöŕšţûýžÅƁÇĐÉĜĤÎĶĻÑÖŔŠŢÛÝŽ")
_CONSONANTS = "bcdfghklmnprstvz"
_VOWELS = "åéîöû"
_CJK_PUNCTUATION = {"。": ". ", "，": ", ", "、": ", ", "；": "; ", "：": ": ", "！": "! ", "？": "? ",
                    "（": " (", "）": ") ", "《": " “", "》": "” ", "「": " “", "」": "” ", "…": "… "}


def pseudo_text(text: str, latin: bool = False) -> str:
    """Accented text; with ``latin``, each CJK character becomes an accented Latin syllable.

    The Latin form makes a pseudo-translation out of Chinese look like a text in the
    target language (word spaces, Latin line breaking, the target's fonts).
    """
    if not latin:
        return text.translate(_ACCENTS)
    out: list[str] = []
    word = 0
    for ch in text:
        if ch in _CJK_PUNCTUATION:
            out.append(_CJK_PUNCTUATION[ch])
            word = 0
        elif unicodedata.east_asian_width(ch) == "W" and ch.isalpha():
            n = ord(ch)
            if word == 3:
                out.append(" ")
                word = 0
            out.append(_CONSONANTS[n % 16] + _VOWELS[(n // 16) % 5])
            word += 1
        else:
            out.append(ch.translate(_ACCENTS))
            word = 0
    return re.sub(r" {2,}", " ", "".join(out))


def pseudo_translate(xliff_bytes: bytes, name: str = "<xliff>") -> bytes:
    """Fill every target with a pseudo-translation: ``[`` accented source ``~~~]``, codes kept.

    Out of Chinese into another language, the Chinese characters become accented Latin
    syllables, so the pseudo-translated document reads as the target language's script.
    """
    root = parse_xliff(xliff_bytes, name)
    ns = etree.QName(root).namespace
    if ns == XLIFF2_NS:
        latin = _primary(root.get("srcLang")) == "zh" and _primary(root.get("trgLang")) != "zh"
        for seg in root.iter(X2 + "segment"):
            src = seg.find(X2 + "source")
            old = seg.find(X2 + "target")
            if old is not None:
                seg.remove(old)
            tgt = _pseudo_copy(src, X2 + "target",
                               lambda m: m.tag == X2 + "mrk" and m.get("translate") == "no", latin)
            tgt.tail = src.tail
            src.addnext(tgt)
            seg.set("state", "translated")
            seg.set("subState", PSEUDO_SUBSTATE)
    elif ns == XLIFF12_NS:
        for file_ in root.iter(X1 + "file"):
            latin = (_primary(file_.get("source-language")) == "zh"
                     and _primary(file_.get("target-language")) != "zh")
            for tu in file_.iter(X1 + "trans-unit"):
                src = tu.find(X1 + "source")
                old = tu.find(X1 + "target")
                if old is not None:
                    tu.remove(old)
                tgt = _pseudo_copy(src, X1 + "target",
                                   lambda m: m.tag == X1 + "mrk" and m.get("mtype") == "protected", latin)
                tgt.set("state", "translated")
                tgt.set("state-qualifier", "x-pseudo")
                anchor = tu.find(X1 + "seg-source")
                anchor = anchor if anchor is not None else src
                tgt.tail = anchor.tail
                anchor.addnext(tgt)
    else:
        raise MergeError(f"{name}: not an XLIFF 2 or 1.2 file")
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8") + b"\n"


def _primary(code: str | None) -> str:
    return (code or "").split("-")[0].lower()


def _pseudo_copy(src: etree._Element, tag: str, protected, latin: bool) -> etree._Element:
    tgt = copy.deepcopy(src)
    tgt.tag = tag
    tgt.tail = None
    source_length = len("".join(src.itertext()))

    def walk(el):
        if protected(el):
            return
        if el.text:
            el.text = pseudo_text(el.text, latin)
        for child in el:
            walk(child)
            if child.tail:
                child.tail = pseudo_text(child.tail, latin)

    walk(tgt)
    # No trailing space ("。" became ". "): the space between sentences is merge's to put.
    if len(tgt) and tgt[-1].tail:
        tgt[-1].tail = tgt[-1].tail.rstrip(" ")
    elif not len(tgt) and tgt.text:
        tgt.text = tgt.text.rstrip(" ")
    length = len("".join(tgt.itertext()))
    pad = "~" * max(1, math.ceil(source_length * 1.3) - length - 2)
    tgt.text = "[" + (tgt.text or "")
    model.append_text(tgt, pad + "]")
    return tgt


# --------------------------------------------------------------------- QA

def qa_xliff(xliff_bytes: bytes, reporter: Reporter, name: str = "<xliff>",
             min_state: str = "translated") -> int:
    """The checks of :mod:`pipeline.qa` on a translated file alone (no source model): units checked.

    Codes are checked against the file's own source: deleted, invented or duplicated,
    links reordered.  Staleness needs the source document: that is ``pipeline merge``'s.
    """
    root = parse_xliff(xliff_bytes, name)
    ns = etree.QName(root).namespace
    if etree.QName(root).localname != "xliff" or ns not in (XLIFF2_NS, XLIFF12_NS):
        raise MergeError(f"{name}:{root.sourceline}: the root element is <{root.tag}>, not an XLIFF 2 or 1.2 <xliff>")
    src_lang, trg_lang, _ = file_facts(root)
    try:
        source, target = language(src_lang or ""), language(trg_lang or "")
    except ValueError as exc:
        raise MergeError(f"{name}:{root.sourceline}: {exc}", "the file needs its source and target languages") from None
    reader = _Reader(root, name, reporter)
    xunits = reader.units2() if ns == XLIFF2_NS else reader.units12()
    if not xunits:
        raise MergeError(f"{name}:{root.sourceline}: the file has no translation units")
    wanted = STATE_NAMES.index(min_state)
    for xu in xunits:
        reader.current = xu.id
        label = f"{xu.id} ({xu.name})" if xu.name else xu.id
        if xu.missing or xu.empty:
            reader.error("target-missing", f"unit {label}: {'no target' if xu.missing else 'an empty target'} "
                         f"({', '.join(xu.missing + xu.empty)})", xu.el, "translate it")
            continue
        source_text = xu.translatable_text(xu.source_parts)
        text = xu.translatable_text(xu.parts)
        tags = tag_text(source_text, text)
        if tags:
            reader.error("tag-text", f"unit {label}: code markup typed as text ({', '.join(tags)})", xu.el,
                         "put the code back with your CAT tool's tag commands instead of typing it")
        if not xu.pseudo and is_copy_of_source(source_text, text, source, target):
            if xu.confirmed:
                reporter.warning("target-same-as-source", f"unit {label}: the target is the same as the source, "
                                 "confirmed as translated", reader.pos(xu.el))
            else:
                reader.error("target-is-source", f"unit {label}: the target is a copy of the source, not "
                             "confirmed as translated", xu.el, "translate it")
        problem = None if xu.pseudo else language_problem(text, target)
        if problem:
            reporter.warning("target-wrong-language", f"unit {label}: the target does not read as "
                             f"{target.name_en}: {problem}", reader.pos(xu.el))
        for sid, rank, el in xu.states:
            if rank < wanted:
                reporter.warning("state-not-final", f"unit {label}: segment {sid} is in state "
                                 f"{el.get('state') or 'initial (no state)'}, below {min_state}", reader.pos(el))
                break
        _qa_codes(reader, xu, label)
        full, full_source = xu.target_text, "".join(
            t[1] if t[0] == "text" else t[2] for t in xu.source_parts if t[0] in ("text", "mrk"))
        if repair_whitespace(full, full_source) != full or (full != full.strip()
                                                             and full_source == full_source.strip()):
            reporter.warning("whitespace-damaged", f"unit {label}: the target has line breaks, tabs, runs of "
                             "spaces or edge spaces the source does not have", reader.pos(xu.el),
                             "merge repairs it; check the file was not re-indented by a tool")
    reader.current = None
    return len(xunits)


def _qa_codes(reader: _Reader, xu: _XUnit, label: str) -> None:
    def codes(parts):
        return [(t[1], t[2]) for t in parts if t[0] in ("ph", "open")]
    source = codes(xu.source_parts)
    target = codes(xu.parts)
    source_ids = [cid for cid, _ in source]
    target_ids = [cid for cid, _ in target]
    elements = dict(source)
    for cid in sorted(set(target_ids)):
        if cid not in elements:
            reader.error("code-unknown", f"unit {label}: code {cid!r} is not in the source", xu.el)
        elif target_ids.count(cid) > source_ids.count(cid):
            reader.error("code-duplicated", f"unit {label}: code {cid} appears {target_ids.count(cid)} times", xu.el)
    for cid, el in source:
        deletable = el.get("canDelete", "yes") != "no" if etree.QName(el).namespace == XLIFF2_NS else (
            el.get("ctype") in ("bold", "italic", "underlined"))
        if cid not in target_ids and not deletable:
            reader.error("code-deleted", f"unit {label}: code {cid} was deleted", xu.el,
                         "put it back: footnote calls, links and marked-up text must survive")

    def links(parts):
        return [t[1] for t in parts if t[0] == "open" and (t[2].get("type") == "link" or t[2].get("ctype") == "link")]
    src_links, trg_links = links(xu.source_parts), links(xu.parts)
    if trg_links != [c for c in src_links if c in trg_links]:
        reader.reporter.warning("code-order-changed", f"unit {label}: the links are in the order "
                                f"{' '.join(trg_links)}; the source has {' '.join(src_links)}", reader.pos(xu.el),
                                "check that each link still goes with its words (a date with its resolution)")
