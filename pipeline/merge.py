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
from .diagnostics import MergeError, Reporter, SourcePos
from .languages import LANGUAGES, Language, language
from .model import akn, xpath
from .writers.xliff import (MDA, X1, X2, XLIFF12_NS, XLIFF2_NS, Code, Unit, extract_units)

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


# ---------------------------------------------------------- the file's view

class _XUnit:
    """One unit as the translator's file has it."""

    def __init__(self, uid: str, el: etree._Element, fingerprint: str | None,
                 source_text: str, parts: list, missing: list[str], empty: list[str]) -> None:
        self.id, self.el, self.fingerprint, self.source_text = uid, el, fingerprint, source_text
        self.parts = parts          # target tokens, or None when a target is missing
        self.missing = missing      # ids of segments with no target
        self.empty = empty          # ids of segments with an empty target


class _Reader:
    """Reads the units of an XLIFF 2.x or 1.2 file into tokens, reporting what it cannot read."""

    def __init__(self, root: etree._Element, name: str, reporter: Reporter) -> None:
        self.root, self.name, self.reporter = root, name, reporter
        self.errors = 0

    def pos(self, el: etree._Element) -> SourcePos:
        return SourcePos(self.name, el.sourceline or 1)

    def error(self, code: str, message: str, el: etree._Element, hint: str | None = None) -> None:
        self.errors += 1
        self.reporter.error(code, message, self.pos(el), hint)

    # 2.x ---------------------------------------------------------------

    def units2(self) -> list[_XUnit]:
        out = []
        for u in self.root.iter(X2 + "unit"):
            uid = u.get("id") or ""
            fp = u.find(f"{MDA}metadata/{MDA}metaGroup/{MDA}meta[@type='fingerprint']")
            missing, empty = [], []
            source_text = []
            placed: list[tuple[int, list]] = []   # (position in the target, tokens)
            children = [c for c in u if c.tag in (X2 + "segment", X2 + "ignorable")]
            for position, child in enumerate(children, 1):
                src = child.find(X2 + "source")
                tgt = child.find(X2 + "target")
                source_text.append(_plain(src))
                order = self.order(tgt, position, len(children), uid)
                if child.tag == X2 + "ignorable":
                    placed.append((order, [("junction", _plain(src), None if tgt is None else _plain(tgt))]))
                    continue
                sid = child.get("id") or "?"
                if tgt is None:
                    missing.append(sid)
                    continue
                tokens = self.tokens(tgt, uid)
                if not _has_content(tokens):
                    empty.append(sid)
                    continue
                placed.append((order, tokens))
            orders = [o for o, _ in placed]
            if len(set(orders)) != len(orders):
                self.error("segment-order", f"unit {uid}: two targets claim the same place (order)", u,
                           "each target's order attribute must be unique in its unit")
            parts = [tok for _, tokens in sorted(placed, key=lambda p: p[0]) for tok in tokens]
            out.append(_XUnit(uid, u, fp.text.strip() if fp is not None and fp.text else None,
                              "".join(source_text), parts, missing, empty))
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
            fp = u.find(f"{X1}prop-group/{X1}prop[@prop-type='fingerprint']")
            src = u.find(X1 + "source")
            tgt = u.find(X1 + "target")
            missing, empty, parts = [], [], []
            if tgt is None:
                missing.append("target")
            else:
                parts = self.tokens(tgt, uid)
                if not _has_content(parts):
                    empty.append("target")
            out.append(_XUnit(uid, u, fp.text.strip() if fp is not None and fp.text else None,
                              _plain(src) if src is not None else "", parts, missing, empty))
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
                name: str = "<xliff>", require_complete: bool = False) -> etree._ElementTree:
    """A new model: ``tree`` with each unit's text replaced by the XLIFF file's target.

    Raises MergeError (after reporting every problem to ``reporter``) if the file
    cannot be merged faithfully.
    """
    info = model.document_info(tree)
    root = parse_xliff(xliff_bytes, name)
    reader = _Reader(root, name, reporter)
    ns = etree.QName(root).namespace
    if etree.QName(root).localname != "xliff" or ns not in (XLIFF2_NS, XLIFF12_NS):
        raise MergeError(f"{name}:{root.sourceline}: the root element is <{root.tag}>, not an XLIFF 2 or 1.2 <xliff>",
                         "give the translated XLIFF file made by pipeline build --to xliff")
    if ns == XLIFF2_NS:
        src_lang, trg_lang = root.get("srcLang"), root.get("trgLang")
        symbol = root.find(f"{X2}file/{MDA}metadata/{MDA}metaGroup/{MDA}meta[@type='symbol']")
    else:
        file_ = root.find(X1 + "file")
        src_lang = file_.get("source-language") if file_ is not None else None
        trg_lang = file_.get("target-language") if file_ is not None else None
        symbol = root.find(f"{X1}file/{X1}header/{X1}prop-group/{X1}prop[@prop-type='symbol']")
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
    xunits = reader.units2() if ns == XLIFF2_NS else reader.units12()

    seen: dict[str, _XUnit] = {}
    changed: list[str] = []
    for xu in xunits:
        if xu.id in seen:
            reader.error("unit-duplicated", f"unit {xu.id} appears twice (first on line {seen[xu.id].el.sourceline})",
                         xu.el)
            continue
        seen[xu.id] = xu
        unit = by_id.get(xu.id)
        if unit is None:
            reader.error("unit-unknown", f"unit {xu.id} is not in {info.symbol}: the file was made from "
                         "another version of the document, or the id was edited", xu.el, _HINT_REEXTRACT)
            continue
        if (xu.fingerprint and xu.fingerprint != unit.fingerprint) or (
                not xu.fingerprint and _squash(xu.source_text) != _squash(unit.plain_source())):
            changed.append(xu.id)
            reader.error("unit-source-changed", f"unit {xu.id}: its source text has changed since the "
                         "file was extracted; the translation is of the old text", xu.el, _HINT_REEXTRACT)
            continue
        if xu.missing or xu.empty:
            what = ("no target" if xu.missing else "an empty target")
            segs = ", ".join(xu.missing + xu.empty)
            if require_complete:
                reader.error("target-missing", f"unit {xu.id}: {what} ({segs})", xu.el,
                             "translate it, or merge without --require-complete to keep the source text")
            else:
                reporter.warning("target-missing", f"unit {xu.id}: {what} ({segs}); the source text is kept",
                                 reader.pos(xu.el), "translate it, or use --require-complete to refuse this")
            continue
        tokens = _check_codes(reader, xu, unit)
        if tokens is not None:
            _rebuild(unit, _resolve_junctions(tokens, source_lang.code == "zh"))
    for unit in units:
        if unit.id not in seen:
            msg = f"unit {unit.id} is missing from the file"
            if require_complete:
                reader.errors += 1
                reporter.error("unit-missing", msg, SourcePos(name, 1), _HINT_REEXTRACT)
            else:
                reporter.warning("unit-missing", msg + "; the source text is kept", SourcePos(name, 1),
                                 _HINT_REEXTRACT)
    if reader.errors:
        detail = f"; changed since extraction: {', '.join(changed)}" if changed else ""
        raise MergeError(f"{name}: {reader.errors} problem(s) in the translated file, nothing merged{detail}",
                         "each problem is listed above with its unit id and line")
    _retarget(new, info, source_lang, target_lang, reporter, name)
    model.validate(new)
    return new


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
            reader.error("protected-text-moved", f"unit {xu.id}: protected text {tok[2]!r} is not inside "
                         "its link code", el, "keep the symbol inside its link")
            continue
        cid = tok[1]
        code = codes.get(cid)
        problem = None
        if code is None:
            problem = ("code-unknown", f"unit {xu.id}: code {cid!r} is not in the source",
                       "remove it: only the source's codes can be used")
        else:
            used[cid] = used.get(cid, 0) + 1
            if used[cid] > 1:
                problem = ("code-duplicated", f"unit {xu.id}: code {cid} ({_describe(code)}) appears "
                           f"{used[cid]} times", "keep one copy of it")
            elif (kind == "ph") != (code.kind == "ph"):
                problem = ("code-changed", f"unit {xu.id}: code {cid} ({_describe(code)}) is no longer "
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
            if text.strip() != code.protected_text().strip():
                reader.reporter.warning(
                    "protected-text-changed", f"unit {xu.id}: the protected text {code.protected_text()!r} "
                    f"was changed to {text!r}; the source's is kept", reader.pos(el))
            out.append(("protected", code))
            stack.append((code, False))
            skipping = 1
        else:
            out.append(("open", code))
            stack.append((code, True))
    for cid, code in codes.items():
        if cid in used:
            continue
        if code.can_delete:
            reader.reporter.info("code-dropped", f"unit {xu.id}: formatting code {cid} ({_describe(code)}) "
                                 "was dropped by the translator", reader.pos(xu.el))
        else:
            reader.error("code-deleted", f"unit {xu.id}: code {cid} ({_describe(code)}) was deleted",
                         xu.el, "put it back: footnote calls, links and marked-up text must survive")
    source_notes = [c.id for c in codes.values() if c.is_note and c.id in notes_order]
    if notes_order != source_notes:
        reader.error("note-calls-reordered", f"unit {xu.id}: footnote calls are in the order "
                     f"{_markers(codes, notes_order)}, the source has {_markers(codes, source_notes)}",
                     xu.el, "footnote markers are numbered in reading order; keep the calls in that order")
    if reader.errors > errors_before:
        return None
    return out


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


def _resolve_junctions(tokens: list, source_cjk: bool) -> list:
    """Replace the gaps between segments by text: the translator's, or what the languages need.

    Without a target for the gap, the source's whitespace is kept, except between two
    CJK sentences translated from a language written with spaces; with no whitespace in
    the source (Chinese), a space is put between sentences of a language that uses them.
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
        if not left or not right:
            out.append(("text", source_ws))             # leading or trailing whitespace of the unit
            continue
        if left[-1].isspace() or right[0].isspace():
            continue
        cjk = _is_cjk(left[-1]) or _is_cjk(right[0])
        if source_ws:
            if not (cjk and not source_cjk):
                out.append(("text", source_ws))
        elif not cjk:
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

    undocs = re.compile(r"^(https?://undocs\.org/)(%s)(/)" % "|".join(LANGUAGES))
    for el in xpath(tree, "//*[@href]"):
        el.set("href", undocs.sub(lambda m: m.group(1) + target.code + m.group(3), el.get("href")))

    words = {source.united_nations: target.united_nations,
             source.distribution: target.distribution}
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
    length = len("".join(tgt.itertext()))
    pad = "~" * max(1, math.ceil(source_length * 1.3) - length - 2)
    tgt.text = "[" + (tgt.text or "")
    model.append_text(tgt, pad + "]")
    return tgt
