"""Chinese typesetting in the PDF: the print HTML of a Chinese document in, the same page with
justification between characters, compressed punctuation and no one-character last lines out.

WeasyPrint 70 justifies a line by widening its spaces only (``count_expandable_spaces`` and
``Layout.set_text`` in WeasyPrint): a Chinese line without spaces stays ragged, and a line with
one space puts all its slack there (the sample's ``5 000万`` printed as ``5      000万``).
Chromium and the UN's own PDFs justify Chinese between characters.  Two pieces do that here:

* ``install()`` makes WeasyPrint count, in Chinese text (``lang`` zh), every gap next to a
  Chinese character or a full-width mark as a justification opportunity, and widen those gaps
  (a Pango letter-spacing on the character before the gap) instead of the spaces; a space
  (``2030 年``, the thin grouping space of ``5 000``), the spaces of a Latin run
  (``span.cjk-latin``) and the gaps inside a Latin word are not opportunities; no gap widens
  by more than 0.45 em (a line that would need more is left a little short, as JIS X 4051
  allows).  Other languages' text is left to WeasyPrint.  Only three functions are wrapped
  (``justify_line`` too); if a WeasyPrint release renames them, nothing breaks and Chinese
  lines fall back to
  WeasyPrint's own justification (the tests measure the gaps and would say so);
* ``prepare(body)`` edits the print HTML: the last characters of every paragraph and heading
  are bound together (``span.cjk-keep``, no break inside), so that no paragraph ends on a
  line of one or two characters (the line before gives up characters instead; the heading
  "C. …行动" no longer breaks ``行/动``); and where two full-width marks meet (``。《``,
  ``）、``) the first closing mark, or else the second opening one, is set half width with
  the font's ``halt`` feature (``span.cjk-halt``), as Chinese typesetting compresses them.
"""

from __future__ import annotations

import re

import lxml.html

from .. import model
from .html import H

#: Characters that take part in inter-character justification: CJK ideographs, kana,
#: full-width punctuation and forms.
_CJK = re.compile(r"[\u2e80-\u2fdf\u3000-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\ufe30-\ufe4f"
                  r"\uff00-\uffef]")

#: Full-width marks whose glyph sits in one half of its em square.
_CLOSING = set("、。，．：；？！）〕］｝〉》」』】〙〗”’")
_OPENING = set("（〔［｛〈《「『【〘〖“‘")

#: Characters of the end of a paragraph bound together (marks included), so that its last line
#: is never a lone character or two; more would widen the gaps of the line before it.
_KEEP = 3

#: The most a justified Chinese line widens one gap, in ems of the line's font size.
_MAX_GAP_EM = 0.45

#: Elements whose last characters are bound.
_BLOCKS = ("p", "h1", "h2", "h3", "h4")


def _is_cjk(ch: str) -> bool:
    return bool(_CJK.match(ch))


def opportunities(text: str) -> list[int]:
    """Indices ``i`` of the characters after which a justified Chinese line may widen: any gap
    (neither side a space) with a Chinese character or a full-width mark on one side.  A space
    is never one: in Chinese text it sets a figure or a Latin word apart ("2030 年", the thin
    space of "5 000万") and keeps its width.  The last character is never one (its gap is the
    box's end)."""
    out = []
    for i in range(len(text) - 1):
        a, b = text[i], text[i + 1]
        if a != " " and b != " " and (_is_cjk(a) or _is_cjk(b)):
            out.append(i)
    return out


# ------------------------------------------------------------------ WeasyPrint hooks

_INSTALLED: list = []


def _chinese(style) -> bool:
    lang = (style["lang"] or "").lower()
    return lang == "zh" or lang.startswith("zh-")


def _latin_in_chinese(style) -> bool:
    """A Latin run inside Chinese text (``span.cjk-latin``), which print.css marks with a
    ``hyphenate-limit-zone`` (read by automatic hyphenation only, which print.css never asks
    for): its spaces keep their width, the Chinese gaps of its line take the slack."""
    return bool(getattr(style["hyphenate_limit_zone"], "value", 0))




def install() -> None:
    """Make WeasyPrint justify Chinese text between characters (once per process)."""
    if _INSTALLED:
        return
    _INSTALLED.append(True)
    from weasyprint.formatting_structure import boxes
    from weasyprint.layout import inline
    from weasyprint.text import line_break

    count = getattr(inline, "count_expandable_spaces", None)
    set_text = getattr(line_break.Layout, "set_text", None)
    if count is None or set_text is None:
        return

    def count_expandable_spaces(box):
        if isinstance(box, boxes.TextBox) and _chinese(box.style):
            return len(opportunities(box.text))
        if isinstance(box, boxes.TextBox) and _latin_in_chinese(box.style):
            return 0
        return count(box)

    def layout_set_text(self, text, justify=False):
        spacing = self.justification_spacing if justify else 0
        if spacing and _latin_in_chinese(self.style):
            return set_text(self, text, False)
        if not spacing or not _chinese(self.style):
            return set_text(self, text, justify)
        set_text(self, text, False)
        points = opportunities(self.text)
        if not points:
            return None
        pango, units = line_break.pango, line_break.TO_UNITS
        attrs = pango.pango_layout_get_attributes(self.layout)
        if attrs == line_break.ffi.NULL:
            attrs = line_break.ffi.gc(pango.pango_attr_list_new(), pango.pango_attr_list_unref)
        letter = self.style["letter_spacing"]
        base = 0 if letter == "normal" else letter
        offsets = [0]
        for ch in self.text:
            offsets.append(offsets[-1] + len(ch.encode("utf-8")))
        amount = int((base + spacing) * units)
        for i in points:
            attr = pango.pango_attr_letter_spacing_new(amount)
            attr.start_index, attr.end_index = offsets[i], offsets[i + 1]
            pango.pango_attr_list_change(attrs, attr)
        pango.pango_layout_set_attributes(self.layout, attrs)
        return None

    justify = getattr(inline, "justify_line", None)

    def justify_line(context, line, extra_width):
        # A Chinese gap is never widened by more than 0.45 em: a line with few gaps
        # ("…包括，Mobile Money for the Poor 和" before "MicroLead。") is left a little short
        # rather than spaced out.
        if justify is not None and _has_chinese(line):
            gaps = count_expandable_spaces(line)
            if gaps:
                extra_width = min(extra_width, gaps * _MAX_GAP_EM * line.style["font_size"])
        return justify(context, line, extra_width)

    def _has_chinese(box) -> bool:
        if isinstance(box, boxes.TextBox):
            return _chinese(box.style)
        return any(_has_chinese(child) for child in getattr(box, "children", ()))

    inline.count_expandable_spaces = count_expandable_spaces
    line_break.Layout.set_text = layout_set_text
    if justify is not None:
        inline.justify_line = justify_line


# ------------------------------------------------------------------ the print HTML

def prepare(body: lxml.html.HtmlElement) -> None:
    """Bind the last characters of each block, compress adjacent full-width marks, and mark
    the Latin runs, whose spaces keep their width (``_mark_latin_runs``)."""
    _mark_latin_runs(body)
    for el in list(body.iter()):
        if isinstance(el.tag, str):
            for slot in ("text", "tail"):
                if getattr(el, slot):
                    _compress_punctuation(el, slot)
    for block in body.iter(*_BLOCKS):
        if not block.xpath("ancestor::*[contains(concat(' ', @class, ' '), ' masthead-lines ')]"):
            _keep_last_characters(block)


def _mark_latin_runs(body) -> None:
    """Each Latin run of the Chinese text (``lang="en"``, from html.py) as ``cjk-latin``."""
    for run in body.xpath(".//*[@lang='en']"):
        run.set("class", ((run.get("class") or "") + " cjk-latin").strip())


def _text_slots(el):
    """(element, slot) of every text and tail inside ``el`` in reading order, notes excluded."""
    if el.text:
        yield el, "text"
    for child in el:
        if not isinstance(child.tag, str):
            continue
        if "fn" not in (child.get("class") or "").split():
            yield from _text_slots(child)
        if child.tail:
            yield child, "tail"


def _compress_punctuation(el, slot: str) -> None:
    text = getattr(el, slot)
    marks = []
    for i in range(len(text) - 1):
        a, b = text[i], text[i + 1]
        if a in _CLOSING and (b in _CLOSING or b in _OPENING):
            marks.append(i)
        elif a in _OPENING and b in _OPENING:
            marks.append(i + 1)
    if not marks:
        return
    pieces: list = []
    pos = 0
    for i in sorted(set(marks)):
        pieces += [text[pos:i], H("span", text[i], class_="cjk-halt")]
        pos = i + 1
    pieces.append(text[pos:])
    model.splice_text(el, slot, pieces)


def _keep_last_characters(block) -> None:
    """Wrap the last ``_KEEP`` characters of ``block``'s last text, with what follows it there
    (a note call, a closing link), in ``span.cjk-keep``."""
    slots = [(el, slot) for el, slot in _text_slots(block) if (getattr(el, slot) or "").strip()]
    if not slots:
        return
    el, slot = slots[-1]
    text = getattr(el, slot)
    stripped = text.rstrip()
    if not _CJK.search(stripped[-_KEEP:]):
        return
    cut = len(stripped)
    kept = 0
    while cut > 0 and kept < _KEEP:
        cut -= 1
        if not stripped[cut].isspace():
            kept += 1
    if cut == 0:
        return                      # the whole text is short: nothing to bind it to
    parent = el if slot == "text" else el.getparent()
    following = list(el) if slot == "text" else list(el.itersiblings())
    keep = H("span", text[cut:], class_="cjk-keep")
    for node in following:
        keep.append(node)           # moves the note call and what follows into the span
    setattr(el, slot, text[:cut])
    parent.append(keep)
