"""Attach each note body, left where the page break was, to its call as an ``authorialNote``.

Calls are runs of superscript digits (``¹``, ``¹⁴``) or asterisks in the text;
a body attaches to the nearest call with its marker that comes before it and
has no body yet (the call is on the page whose foot holds the body).
"""

from __future__ import annotations

import bisect
import re

from lxml import etree

from ..diagnostics import InternalError
from ..model import PL, E, akn, splice_text, xpath
from ..readers.text import SUPERSCRIPT_DIGITS, SUPERSCRIPT_VALUE
from . import Context

#: A call: superscript digits, in Arabic between parentheses "(²)", or asterisks.
CALL = re.compile(rf"\([{SUPERSCRIPT_DIGITS}]+\)|[{SUPERSCRIPT_DIGITS}]+|\*+")
#: Inline elements whose text can hold a call.
SKIP = {akn("ref"), akn("a"), akn("num")}


def text_slots(el: etree._Element):
    """Every (element, "text"|"tail") holding running text under ``el``, in document order,
    outside links, numbers and note bodies not yet placed."""
    if el.text:
        yield el, "text"
    for child in el:
        if isinstance(child.tag, str) and child.tag not in SKIP and child.tag != PL + "noteBody":
            yield from text_slots(child)
        if child.tail:
            yield child, "tail"


def find_calls(tree: etree._ElementTree, markers: set[str]):
    """(element, slot, match) for each call whose marker has a body somewhere, in document order."""
    calls = []
    doc = tree.getroot()[0]
    for el, slot in text_slots(doc):
        text = getattr(el, slot)
        for m in CALL.finditer(text):
            marker = "".join(SUPERSCRIPT_VALUE.get(c, c) for c in m.group(0).strip("()"))
            if marker in markers or m.group(0).strip("(")[0] in SUPERSCRIPT_DIGITS:
                calls.append([el, slot, m, marker])
    return calls


def note_eid(marker: str, used: set[str]) -> str:
    """``fn_3``, ``fn_star``, a table note's ``fn_a``; a marker used again (numbering restarts in an
    annex) gets a suffix."""
    if isinstance(used, NoteIds):
        return used.new(marker)
    base = "fn_" + (marker if marker.isalnum() else "star" * len(marker))
    eid, n = base, 1
    while eid in used:
        n += 1
        eid = f"{base}_{n}"
    used.add(eid)
    return eid


class NoteIds(set):
    """The eIds in use; ``fn_3``, ``fn_star``, and for a marker used again (numbering restarts in
    an annex) ``fn_3_2``, ``fn_3_3`` … (the next suffix of each base is remembered: linear)."""

    def __init__(self, used) -> None:
        super().__init__(used)
        self.next: dict[str, int] = {}

    def new(self, marker: str) -> str:
        base = "fn_" + (marker if marker.isdigit() else "star" * len(marker))
        eid, n = base, self.next.get(base, 1)
        if n > 1:
            eid = f"{base}_{n}"
        while eid in self:
            n += 1
            eid = f"{base}_{n}"
        self.next[base] = n + 1
        self.add(eid)
        return eid


def attach_footnotes(tree: etree._ElementTree, ctx: Context) -> None:
    """Each body to the nearest call of its marker before it that has no body yet; calls without a
    body and bodies without a call are reported.  Linear in the number of calls and bodies."""
    bodies = xpath(tree, "//pl:noteBody")
    markers = {b.get("marker") for b in bodies}
    order = {el: i for i, el in enumerate(tree.getroot().iter())}
    calls = find_calls(tree, markers)
    locator = ctx.locator()
    positions = [locator.pos(el if slot == "text" else el.getparent(), m.group(0))
                 for el, slot, m, marker in calls]
    used = NoteIds(xpath(tree, '//@eId'))

    # Walk calls and bodies in document order; each marker's unmatched calls are a stack.
    open_calls: dict[str, list[int]] = {}
    taken: set[int] = set()
    placements = []   # (call index, body)
    orphans = []
    next_call = 0
    for body in bodies:
        here = order[body]
        while next_call < len(calls) and order[calls[next_call][0]] < here:
            open_calls.setdefault(calls[next_call][3], []).append(next_call)
            next_call += 1
        stack = open_calls.get(body.get("marker"))
        if stack:
            best = stack.pop()
            taken.add(best)
            placements.append((best, body))
        else:
            orphans.append(body)

    # Calls with no body: reported, text kept as it is.
    for i, (el, slot, m, marker) in enumerate(calls):
        if i not in taken and m.group(0).strip("(")[0] in SUPERSCRIPT_DIGITS:
            ctx.reporter.warning("footnote-without-body", f"footnote {marker} has no body", positions[i],
                                 "add the note text after the paragraph, as “" + m.group(0) + " …”")

    # Notes are made (and their eIds numbered) in document order of their text slots, the last call
    # of a slot first, as always (an element's address changes from run to run: never sort by id()).
    placements.sort(key=lambda p: (order[calls[p[0]][0]], calls[p[0]][1], -calls[p[0]][2].start()))
    by_slot: dict[tuple, list] = {}
    for i, body in placements:
        el, slot, m, marker = calls[i]
        by_slot.setdefault((el, slot), []).append((m, make_note(body, marker, used)))
        ctx.reporter.info("footnote-attached",
                          f"the body of footnote {m.group(0)} (line {body.get(PL + 'line')}) was moved to its call",
                          positions[i])
        body.getparent().remove(body)
    # One splice per text slot, however many calls it holds (splicing call by call was quadratic).
    for (el, slot), notes in by_slot.items():
        notes.sort(key=lambda n: n[0].start())
        text, nodes, end = getattr(el, slot), [], 0
        for m, note in notes:
            nodes += [text[end: m.start()], note]
            end = m.end()
        nodes.append(text[end:])
        splice_text(el, slot, nodes)

    target_of = orphan_targets(tree, order) if orphans else None
    for body in orphans:
        marker = body.get("marker")
        pos = ctx.pos(body)
        target = target_of(body)
        body.getparent().remove(body)
        if target is None:
            raise InternalError(f"{ctx.name}: the note body {marker} at line {pos.line} has no element "
                                "to hold it (a document always has a heading or a paragraph)", pos)
        note = make_note(body, marker, used)
        note.set(PL + "orphan", "true")
        target.append(note)
        ctx.reporter.warning("footnote-without-call",
                             f"the body of footnote {marker} has no call in the text before it; "
                             "it was attached at the end of the "
                             + ("paragraph before it" if order.get(target, -1) < order[body] else
                                "first paragraph or heading after it"), pos,
                             f"add the call {marker} where the note belongs")
    remove_emptied_parts(tree)


def orphan_targets(tree: etree._ElementTree, order: dict):
    """Where a body without a call at document position ``here`` goes: the last paragraph before
    it in the same part (preface, preamble, main body …), else the first paragraph after it, else
    a heading (never the masthead or another note)."""
    holders = {}
    for kind in ("p", "heading"):
        found = xpath(tree, f"/a:akomaNtoso/*[not(self::a:meta) and not(self::a:coverPage)]//a:{kind}"
                            "[not(ancestor::a:authorialNote) and not(ancestor::pl:noteBody)]")
        ranked = sorted(((order[el], el) for el in found if el in order), key=lambda h: h[0])
        holders[kind] = ([k for k, _ in ranked], [el for _, el in ranked])

    def part(el: etree._Element) -> etree._Element:
        while el.getparent() is not None and el.getparent().getparent() is not None \
                and el.getparent().getparent().getparent() is not None:
            el = el.getparent()
        return el

    def target(body: etree._Element) -> etree._Element | None:
        here, home = order[body], part(body)
        for kind in ("p", "heading"):
            keys, elements = holders[kind]
            i = bisect.bisect_left(keys, here)
            if i > 0 and part(elements[i - 1]) is home:
                return elements[i - 1]
            if i < len(keys):
                return elements[i]
            if i > 0:
                return elements[i - 1]
        return None

    return target


def remove_emptied_parts(tree: etree._ElementTree) -> None:
    """A preface or preamble that held only note bodies is empty once they moved: AKN wants it gone."""
    for part in xpath(tree, "/a:akomaNtoso/*/a:preface | /a:akomaNtoso/*/a:preamble"):
        if not len(part):
            part.getparent().remove(part)


def make_note(body: etree._Element, marker: str, used: NoteIds) -> etree._Element:
    note = E("authorialNote", marker=marker, placement="bottom", eId=used.new(marker))
    for key in (PL + "line", PL + "col"):
        if body.get(key):
            note.set(key, body.get(key))
    for child in list(body):
        note.append(child)
    return note


