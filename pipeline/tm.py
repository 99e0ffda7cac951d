"""Translation memory: two language versions of a document → TMX 1.4b; TMX + a new document → matches.

**Alignment by structure** (:func:`align`): the UN's six language versions of a document have
the same model structure, so the units of both models are paired by where they are
(:attr:`pipeline.writers.xliff.Unit.name`: ``preamble__para_3``, ``para_4``, ``fn_2`` …), never
by guessing sentence lengths.  Inside a pair, the codes are paired by what they stand for:
footnote calls by their order, links by their address (``undocs.org/<lang>/`` set aside),
document numbers in order.  A pair whose codes do not correspond is left out and reported.

**TMX** (:func:`write_tmx`, :func:`read_tmx`) through translate-toolkit's TMX store (header,
``tu``/``tuv``/``seg``, ``xml:lang``); inline codes are TMX 1.4b ``ph`` (footnote calls,
empty elements) and ``bpt``/``ept`` pairs (links, formatting) whose ``x`` is the code's rank
in the source segment, so a match's codes map onto the new unit's.  Each ``tu`` carries its
neighbours' source text (``prop type="x-context-prev"``/``"x-context-next"``) for
context-exact matches, as CAT tools' "101 %" / ICE matches.

**Pre-translation** (:func:`lookup`): exact (source text and codes equal), context-exact
(and both neighbours too), fuzzy (similarity of the texts, from 70 %).  Only exact and
context-exact matches fill targets; fuzzy ones are candidates for the translator
(XLIFF 2 Translation Candidates module, 1.2 ``alt-trans``).  :class:`Leverage` counts
units and words per band, as a CAT tool's analysis does.
"""

from __future__ import annotations

import dataclasses
import difflib
import re
from io import BytesIO

from lxml import etree

from . import model
from .diagnostics import MergeError, Reporter, SourcePos
from .languages import language
from .model import akn, local

#: Fuzzy bands reported in the leverage, (lowest similarity, name), best first.
BANDS = ((95, "95-99"), (85, "85-94"), (75, "75-84"), (70, "70-74"))
FUZZY_MIN = 70
_UNDOCS = re.compile(r"^https?://undocs\.org/[a-z]{2}/")
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


# ------------------------------------------------------------- tokens

@dataclasses.dataclass(frozen=True)
class Segment:
    """Text with codes: ("text", s) | ("ph", x, kind) | ("open", x, kind) | ("close", x)."""

    tokens: tuple

    @property
    def key(self) -> str:
        """The exact-match key: the text, with each code as a marker of its kind."""
        out = []
        for tok in self.tokens:
            if tok[0] == "text":
                out.append(tok[1])
            elif tok[0] == "close":
                out.append("\ue001")
            else:
                out.append(f"\ue000{tok[2]}\ue002" if tok[0] == "open" else f"\ue003{tok[2]}\ue002")
        return re.sub(r"\s+", " ", "".join(out)).strip()

    @property
    def text(self) -> str:
        return "".join(t[1] for t in self.tokens if t[0] == "text")

    @property
    def words(self) -> int:
        return count_words(self.text)


def count_words(text: str) -> int:
    """Words as CAT tools count them: space-separated words, and each Han character as one."""
    han = sum(1 for ch in text if "\u4e00" <= ch <= "\u9fff" or "\u3400" <= ch <= "\u4dbf")
    latin = re.sub(r"[\u3400-\u4dbf\u4e00-\u9fff]", " ", text)
    return han + len([w for w in latin.split() if any(c.isalnum() for c in w)])


def _code_kind(code) -> str:
    return "note" if code.is_note else local(code.element)


def unit_segment(unit) -> Segment:
    """A unit's source as a TM segment: codes numbered by their order in the unit."""
    order = {cid: n for n, cid in enumerate(unit.codes, 1)}
    return Segment(tuple(_abstract(tok, order) for tok in unit.tokens))


def _abstract(tok, order: dict[str, int]) -> tuple:
    kind, value = tok
    if kind == "text":
        return ("text", value)
    if kind == "close":
        return ("close", order[value.id])
    return (kind, order[value.id], _code_kind(value))


def _code_identity(code) -> tuple:
    """What a code stands for, the same in every language version."""
    el = code.element
    if code.is_note:
        return ("note",)
    href = el.get("href")
    if href:
        return (local(el), _UNDOCS.sub("", href))
    return (local(el),)


def _pair_codes(source_unit, target_unit) -> dict[str, int] | None:
    """Target code id → the rank (x) of the source code it corresponds to; None if they do not pair."""
    order = {cid: n for n, cid in enumerate(source_unit.codes, 1)}
    pools: dict[tuple, list[str]] = {}
    for cid, code in source_unit.codes.items():
        pools.setdefault(_code_identity(code), []).append(cid)
    mapping = {}
    for cid, code in target_unit.codes.items():
        pool = pools.get(_code_identity(code))
        if not pool:
            return _pair_codes_in_order(source_unit, target_unit)
        mapping[cid] = order[pool.pop(0)]
    if any(pools.values()):
        return _pair_codes_in_order(source_unit, target_unit)
    return mapping


def _pairing_kind(code) -> str:
    """Emphasis is one kind: the Chinese versions set in bold what the English set in italics."""
    kind = _code_kind(code)
    return "emphasis" if kind in ("i", "b", "u", "span") else kind


def _pair_codes_in_order(source_unit, target_unit) -> dict[str, int] | None:
    """Codes of each kind paired in their order, when addresses or emphasis differ between the
    versions (the Arabic links A/RES/57/270 where the English has A/RES/57/270B)."""
    order = {cid: n for n, cid in enumerate(source_unit.codes, 1)}
    pools: dict[str, list[str]] = {}
    for cid, code in source_unit.codes.items():
        pools.setdefault(_pairing_kind(code), []).append(cid)
    mapping = {}
    for cid, code in target_unit.codes.items():
        pool = pools.get(_pairing_kind(code))
        if not pool:
            return None
        other = source_unit.codes[pool.pop(0)]
        if _digits(code.element.get("href")) != _digits(other.element.get("href")):
            return None                        # links to other documents: not the same sentence
        mapping[cid] = order[other.id]
    return None if any(pools.values()) else mapping


def _digits(href: str | None) -> list[str]:
    return re.findall(r"\d+", _UNDOCS.sub("", href or ""))


@dataclasses.dataclass(frozen=True)
class Entry:
    """One translation unit of the memory."""

    source: Segment
    target: Segment
    source_lang: str          # BCP 47
    target_lang: str
    previous: str = ""        # the source key of the unit before, for context-exact matches
    next: str = ""
    origin: str = ""          # where it comes from: "A/RES/75/234 preamble__para_3"


def align(source_tree: etree._ElementTree, target_tree: etree._ElementTree, reporter: Reporter,
          name: str = "") -> list[Entry]:
    """Pair the units of two language versions of one document by their place in the model."""
    from .writers.xliff import extract_units
    src_info, trg_info = model.document_info(source_tree), model.document_info(target_tree)
    source_units, target_units = extract_units(source_tree), extract_units(target_tree)
    by_name = {u.name: u for u in target_units}
    keys = [unit_segment(u).key for u in source_units]
    counterpart = {id(u): by_name.get(u.name) for u in source_units}
    _pair_rest_in_order(source_units, target_units, counterpart)
    entries = []
    for i, unit in enumerate(source_units):
        other = counterpart.get(id(unit))
        if other is not None:
            by_name.pop(other.name, None)
        if other is None:
            reporter.warning("tm-unpaired", f"{unit.name} ({unit.label}) of the {src_info.lang.name_en} version has "
                             f"no counterpart in the {trg_info.lang.name_en} version; not in the memory",
                             SourcePos(name or src_info.source_name, 1))
            continue
        mapping = _pair_codes(unit, other)
        if mapping is None:
            reporter.warning("tm-codes-differ", f"{unit.name} ({unit.label}): its footnote calls and links differ "
                             f"between the {src_info.lang.name_en} and {trg_info.lang.name_en} versions; "
                             "not in the memory", SourcePos(name or src_info.source_name, 1))
            continue
        target = Segment(tuple(_abstract_mapped(tok, mapping) for tok in other.tokens))
        entries.append(Entry(unit_segment(unit), target, src_info.lang.bcp47, trg_info.lang.bcp47,
                             keys[i - 1] if i else "", keys[i + 1] if i + 1 < len(keys) else "",
                             f"{src_info.symbol} {unit.name}"))
    for other in by_name.values():
        reporter.warning("tm-unpaired", f"{other.name} ({other.label}) of the {trg_info.lang.name_en} version has no "
                         f"counterpart in the {src_info.lang.name_en} version; not in the memory",
                         SourcePos(name or trg_info.source_name, 1))
    return entries


def _pair_rest_in_order(source_units: list, target_units: list, counterpart: dict) -> None:
    """Units whose places are named differently in the two versions (an annex ``annex_1`` in one,
    ``annex_I`` in the other) paired by their order, where the kinds of the unpaired run agree."""
    taken = {id(u) for u in counterpart.values() if u is not None}
    rest_source = [u for u in source_units if counterpart.get(id(u)) is None]
    rest_target = [u for u in target_units if id(u) not in taken]
    matcher = difflib.SequenceMatcher(None, [u.kind for u in rest_source], [u.kind for u in rest_target],
                                      autojunk=False)
    for tag, a0, a1, b0, b1 in matcher.get_opcodes():
        if tag == "equal":
            for a, b in zip(rest_source[a0:a1], rest_target[b0:b1]):
                counterpart[id(a)] = b


def _abstract_mapped(tok, mapping: dict[str, int]) -> tuple:
    kind, value = tok
    if kind == "text":
        return ("text", value)
    if kind == "close":
        return ("close", mapping[value.id])
    return (kind, mapping[value.id], _code_kind(value))


def entries_from_merge(merged: list, source_lang: str, target_lang: str, symbol: str) -> list[Entry]:
    """TM entries of the units a merge put into the document: ``(unit, target tokens)`` pairs."""
    out = []
    for unit, tokens in merged:
        order = {cid: n for n, cid in enumerate(unit.codes, 1)}
        target = []
        for tok in tokens:
            if tok[0] == "text":
                target.append(("text", tok[1]))
            elif tok[0] == "protected":
                code = tok[1]
                x = order[code.id]
                text = tok[2] if len(tok) > 2 and tok[2] else code.protected_text()
                target += [("open", x, _code_kind(code)), ("text", text), ("close", x)]
            elif tok[0] == "close":
                target.append(("close", order[tok[1].id]))
            else:
                target.append((tok[0], order[tok[1].id], _code_kind(tok[1])))
        out.append(Entry(unit_segment(unit), Segment(tuple(target)), source_lang, target_lang,
                         origin=f"{symbol} {unit.name}"))
    return out


# ------------------------------------------------------------------ TMX

def write_tmx(entries: list[Entry]) -> bytes:
    """TMX 1.4b of the entries (translate-toolkit's TMX store, inline codes as ph/bpt/ept)."""
    from translate.storage.tmx import tmxfile
    source_lang = entries[0].source_lang if entries else "en"
    store = tmxfile(sourcelanguage=source_lang)
    store.addheader()
    header = store.document.getroot().find("header")
    header.set("creationtool", "un-pipeline")
    header.set("segtype", "paragraph")
    header.set("o-tmf", "akn")
    header.set("datatype", "xml")
    header.set("srclang", source_lang)
    for entry in entries:
        unit = store.addsourceunit(entry.source.text)
        unit.settarget(entry.target.text, entry.target_lang)
        tu = unit.xmlelement
        tuvs = tu.findall("tuv")
        _fill_seg(tuvs[0].find("seg"), entry.source)
        setattr_lang(tuvs[0], entry.source_lang)
        _fill_seg(tuvs[1].find("seg"), entry.target)
        for kind, value in (("x-context-prev", entry.previous), ("x-context-next", entry.next),
                            ("x-origin", entry.origin)):
            if value:
                prop = etree.Element("prop", type=kind)
                prop.text = value
                tu.insert(len(tu.findall("note")) + len(tu.findall("prop")), prop)
    out = BytesIO()
    store.serialize(out)
    return out.getvalue()


def setattr_lang(tuv: etree._Element, lang: str) -> None:
    tuv.set(XML_LANG, lang)


def _fill_seg(seg: etree._Element, segment: Segment) -> None:
    for child in list(seg):
        seg.remove(child)
    seg.text = None
    open_i: dict[int, int] = {}
    last = seg
    for tok in segment.tokens:
        if tok[0] == "text":
            if last is seg:
                seg.text = (seg.text or "") + tok[1]
            else:
                last.tail = (last.tail or "") + tok[1]
            continue
        if tok[0] == "ph":
            el = etree.SubElement(seg, "ph", x=str(tok[1]), type="x-" + tok[2])
        elif tok[0] == "open":
            open_i[tok[1]] = len(open_i) + 1
            el = etree.SubElement(seg, "bpt", i=str(open_i[tok[1]]), x=str(tok[1]), type="x-" + tok[2])
        else:
            el = etree.SubElement(seg, "ept", i=str(open_i[tok[1]]))
        last = el


def read_tmx(data: bytes, name: str) -> list[Entry]:
    """The entries of a TMX file: every ``tu`` with a ``tuv`` in its source language and one other."""
    from translate.storage.tmx import tmxfile
    if b"<!ENTITY" in data:
        raise MergeError(f"{name}: the TMX file declares entities; refusing it",
                         "save it again from your CAT tool")
    try:
        store = tmxfile(BytesIO(data))
    except etree.XMLSyntaxError as exc:
        raise MergeError(f"{name}:{exc.position[0]}:{exc.position[1] + 1}: not well-formed TMX: {exc.msg}",
                         "give a TMX 1.4 file") from None
    root = store.document.getroot()
    if root.tag != "tmx":
        raise MergeError(f"{name}: the root element is <{root.tag}>, not <tmx>", "give a TMX 1.4 file")
    header = root.find("header")
    default_src = header.get("srclang") if header is not None else None
    entries = []
    for unit in store.units:
        tu = unit.xmlelement
        tuvs = tu.findall("tuv")
        src_lang = tu.get("srclang") or default_src
        src = next((t for t in tuvs if _same_lang(t.get(XML_LANG), src_lang)), tuvs[0] if tuvs else None)
        props = {p.get("type"): p.text or "" for p in tu.findall("prop")}
        for tuv in tuvs:
            if tuv is src:
                continue
            entries.append(Entry(_read_seg(src.find("seg")), _read_seg(tuv.find("seg")), src.get(XML_LANG),
                                 tuv.get(XML_LANG), props.get("x-context-prev", ""),
                                 props.get("x-context-next", ""), props.get("x-origin", "")))
    return entries


def _same_lang(a: str | None, b: str | None) -> bool:
    return bool(a and b) and a.split("-")[0].lower() == b.split("-")[0].lower()


def _read_seg(seg: etree._Element | None) -> Segment:
    tokens: list = []
    if seg is None:
        return Segment(())
    if seg.text:
        tokens.append(("text", seg.text))
    x_of_i: dict[str, int] = {}
    auto = 1000
    for child in seg:
        tag = child.tag if isinstance(child.tag, str) else ""
        kind = (child.get("type") or "x-code").removeprefix("x-")
        x = child.get("x")
        if tag == "ph":
            tokens.append(("ph", int(x) if x and x.isdigit() else (auto := auto + 1), kind))
        elif tag == "bpt":
            n = int(x) if x and x.isdigit() else (auto := auto + 1)
            x_of_i[child.get("i") or ""] = n
            tokens.append(("open", n, kind))
        elif tag == "ept":
            n = x_of_i.get(child.get("i") or "")
            if n is not None:
                tokens.append(("close", n))
        elif tag == "hi":
            tokens.extend(_read_seg(child).tokens)
        if child.tail:
            tokens.append(("text", child.tail))
    return Segment(tuple(tokens))


# -------------------------------------------------------------- matching

@dataclasses.dataclass(frozen=True)
class Match:
    entry: Entry
    quality: int              # 0–100; 101 for a context-exact match
    kind: str                 # "context", "exact", "fuzzy"


class Memory:
    """Entries indexed for one language pair."""

    def __init__(self, entries: list[Entry], source_lang: str, target_lang: str) -> None:
        self.entries = [e for e in entries
                        if _same_lang(e.source_lang, source_lang) and _same_lang(e.target_lang, target_lang)]
        self.exact: dict[str, list[Entry]] = {}
        for entry in self.entries:
            self.exact.setdefault(entry.source.key, []).append(entry)

    def lookup(self, segment: Segment, previous: str = "", next_: str = "", fuzzy: bool = True) -> list[Match]:
        """The best matches for ``segment``, best first: context-exact, exact, then fuzzy from 70 %."""
        key = segment.key
        exact = self.exact.get(key, [])
        if exact:
            in_context = [e for e in exact if e.previous == previous and e.next == next_]
            if in_context:
                return [Match(in_context[0], 101, "context")]
            return [Match(exact[0], 100, "exact")]
        if not fuzzy or not key:
            return []
        found = []
        matcher = difflib.SequenceMatcher(autojunk=False)
        matcher.set_seq2(key)
        for entry in self.entries:
            other = entry.source.key
            if min(len(other), len(key)) / max(len(other), len(key), 1) < FUZZY_MIN / 100:
                continue
            matcher.set_seq1(other)
            if matcher.real_quick_ratio() * 100 < FUZZY_MIN or matcher.quick_ratio() * 100 < FUZZY_MIN:
                continue
            quality = int(matcher.ratio() * 100)
            if FUZZY_MIN <= quality < 100:
                found.append(Match(entry, quality, "fuzzy"))
        found.sort(key=lambda m: -m.quality)
        return found[:3]


@dataclasses.dataclass
class Leverage:
    """Units and words by match band, as a CAT tool's analysis reports them."""

    rows: dict[str, list[int]] = dataclasses.field(default_factory=lambda: {
        name: [0, 0] for name in ["context", "exact", *[b for _, b in BANDS], "new"]})

    def add(self, match: Match | None, words: int) -> None:
        if match is None:
            band = "new"
        elif match.kind in ("context", "exact"):
            band = match.kind
        else:
            band = next(name for low, name in BANDS if match.quality >= low)
        self.rows[band][0] += 1
        self.rows[band][1] += words

    def table(self) -> str:
        names = {"context": "context exact (101 %)", "exact": "exact (100 %)", "new": "new"}
        lines = [f"{'match':<22} {'units':>6} {'words':>7}"]
        for band, (units, words) in self.rows.items():
            lines.append(f"{names.get(band, 'fuzzy ' + band + ' %'):<22} {units:>6} {words:>7}")
        total = [sum(r[i] for r in self.rows.values()) for i in (0, 1)]
        lines.append(f"{'total':<22} {total[0]:>6} {total[1]:>7}")
        return "\n".join(lines)

    def as_dict(self) -> dict:
        return {band: {"units": u, "words": w} for band, (u, w) in self.rows.items()}


def pretranslate(units: list, memory: Memory) -> tuple[dict[str, list[Match]], Leverage]:
    """Matches for each unit (by unit id), and the leverage of the memory on the document."""
    keys = [unit_segment(u).key for u in units]
    matches: dict[str, list[Match]] = {}
    leverage = Leverage()
    for i, unit in enumerate(units):
        segment = unit_segment(unit)
        found = memory.lookup(segment, keys[i - 1] if i else "", keys[i + 1] if i + 1 < len(keys) else "")
        matches[unit.id] = found
        leverage.add(found[0] if found else None, segment.words)
    return matches, leverage


def target_tokens(match: Match, unit) -> list:
    """The match's target as unit tokens: ("text", s) | ("ph", Code) | ("open", Code) | ("close", Code).

    The codes are the unit's own, by rank: an exact match has the same codes in the same
    order as the unit.  None of a code that does not exist in the unit (a fuzzy match's).
    """
    codes = list(unit.codes.values())
    out = []
    for tok in match.entry.target.tokens:
        if tok[0] == "text":
            out.append(tok)
            continue
        x = tok[1]
        if not 1 <= x <= len(codes):
            return []
        out.append((tok[0], codes[x - 1]))
    return out


def language_of(code: str) -> str:
    return language(code).bcp47
