"""Attach each note body, left where the page break was, to its call as an ``authorialNote``.

Calls are runs of superscript digits (``¹``, ``¹⁴``) or asterisks in the text;
a body attaches to the nearest call with its marker that comes before it and
has no body yet (the call is on the page whose foot holds the body).
"""

from __future__ import annotations

import re

from lxml import etree

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
    """``fn_3``, ``fn_star``; a marker used again (numbering restarts in an annex) gets a suffix."""
    base = "fn_" + (marker if marker.isdigit() else "star" * len(marker))
    eid, n = base, 1
    while eid in used:
        n += 1
        eid = f"{base}_{n}"
    used.add(eid)
    return eid


def attach_footnotes(tree: etree._ElementTree, ctx: Context) -> None:
    bodies = xpath(tree, "//pl:noteBody")
    markers = {b.get("marker") for b in bodies}
    order = {el: i for i, el in enumerate(tree.getroot().iter())}
    calls = find_calls(tree, markers)
    taken: set[int] = set()
    used: set[str] = set(xpath(tree, '//@eId'))
    placements = []   # (call index, body)
    orphans = []
    for body in bodies:
        marker = body.get("marker")
        here = order[body]
        best = None
        for i, (el, slot, m, mk) in enumerate(calls):
            if mk != marker or i in taken:
                continue
            if order[el] < here:
                best = i
        if best is None:
            orphans.append(body)
        else:
            taken.add(best)
            placements.append((best, body))

    # Calls with no body: reported, text kept as it is.
    for i, (el, slot, m, marker) in enumerate(calls):
        if i not in taken and m.group(0).strip("(")[0] in SUPERSCRIPT_DIGITS:
            ctx.reporter.warning("footnote-without-body", f"footnote {marker} has no body",
                                 ctx.pos(el, m.group(0)),
                                 "add the note text after the paragraph, as “" + m.group(0) + " …”")

    # Replace calls by notes, the last call of each text slot first so that offsets stay valid.
    # Elements in document order, not by id(): the notes' eIds are numbered in this order, and
    # an element's address changes from run to run (the outputs were not reproducible).
    for i, body in sorted(placements, key=lambda p: (order[calls[p[0]][0]], calls[p[0]][1], -calls[p[0]][2].start())):
        el, slot, m, marker = calls[i]
        note = make_note(body, marker, used)
        call_pos = ctx.pos(el, m.group(0))
        insert_at_call(el, slot, m, note)
        ctx.reporter.info("footnote-attached",
                          f"the body of footnote {m.group(0)} (line {body.get(PL + 'line')}) was moved to its call",
                          call_pos)
        body.getparent().remove(body)

    for body in orphans:
        marker = body.get("marker")
        paragraph = body.getprevious()
        while paragraph is not None and not xpath(paragraph, "descendant-or-self::a:p"):
            paragraph = paragraph.getprevious()
        pos = ctx.pos(body)
        if paragraph is None:
            parent = body.getparent()
            target = xpath(parent, "ancestor-or-self::*[a:p][1]/a:p")
            target = target[-1] if target else None
        else:
            target = xpath(paragraph, "descendant-or-self::a:p")[-1]
        if target is None:
            raise AssertionError("a note body with no paragraph before it")
        note = make_note(body, marker, used)
        note.set(PL + "orphan", "true")
        target.append(note)
        body.getparent().remove(body)
        ctx.reporter.warning("footnote-without-call",
                             f"the body of footnote {marker} has no call in the text before it; "
                             "it was attached at the end of the paragraph before it", pos,
                             f"add the call {marker} where the note belongs")


def make_note(body: etree._Element, marker: str, used: set[str]) -> etree._Element:
    note = E("authorialNote", marker=marker, placement="bottom", eId=note_eid(marker, used))
    for key in (PL + "line", PL + "col"):
        if body.get(key):
            note.set(key, body.get(key))
    for child in list(body):
        note.append(child)
    return note


def insert_at_call(el: etree._Element, slot: str, m: re.Match, note: etree._Element) -> None:
    text = getattr(el, slot)
    splice_text(el, slot, [text[: m.start()], note, text[m.end():]])
