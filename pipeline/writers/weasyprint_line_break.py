"""WeasyPrint's first-line split, checked: a text, a style and an available width in, the line WeasyPrint's own measure says fits out.

Two defects of WeasyPrint 70's ``split_first_line`` (``weasyprint/text/line_break.py``) set a
line of one short word in the middle of a justified paragraph once letter spacing or word
spacing is set (print.css: ``letter-spacing: 0.33pt; word-spacing: -0.7pt``, styles/LAYOUT.md).
Both come from Pango fitting the line with one measure and WeasyPrint judging it with another:

1. *The line Pango fitted is taken for one that cannot be split.*  Step 2 measures Pango's first
   line with ``line_size``: the line as Pango broke it, its trailing space included, plus one
   letter spacing.  Pango fitted the line without the space and counted the letter spacing
   between characters only, so a line that fits with less than half a letter spacing to spare
   measures wider than the available width.  Step 3 then takes the ``else`` branch ("the line
   can't be split earlier, try to hyphenate the first word") and, the first word fitting,
   returns that word alone as the line.  E/2025/76, page 2: "the" alone on a line of
   paragraph 2; page 4: "of".
2. *A line Pango fitted overflows by WeasyPrint's measure.*  With word spacing, WeasyPrint gives a
   space at either end of a text box twice the spacing ("Pango gives only half of word-spacing
   on boundaries"); Pango fits the line of a box that starts with a space (the text after an
   ``<i>``) up to about a letter spacing wider than the width it was given.  The returned line
   is then wider than the available width, and ``split_inline_box`` breaks the line inside the
   box before instead: A/RES/78/128, page 2: "*Recalling*" alone, "*also* that the …" on the
   next line.

The fix wraps ``split_first_line`` and checks its answer against WeasyPrint's own final measure
(the width ``first_line_metrics`` gives, trailing spaces removed), which is also the width the
line box gets: (1) when it returns a single word although Pango broke the text later at a point
whose line fits, Pango's line is used; (2) when the line it returns is wider than the available
width and could break earlier, it is asked again with the width reduced by the overflow, so that
the line breaks at the previous opportunity in the same box.  Every other line is WeasyPrint's,
and so is every line of a text without letter or word spacing (Chinese, Arabic, the running
heads), where both measures agree.

``styles/LAYOUT.md`` ("A WeasyPrint line-breaking defect") holds the report for upstream with a
reproducer; delete this module and its ``install`` calls (``pdf.py``, ``bilingual.py``) when
WeasyPrint measures both ways alike.  If a release renames what is wrapped, ``install`` does
nothing and ``tests/test_writer_pdf.py::test_weasyprint_line_break_keeps_each_line_that_fits``
fails.
"""

from __future__ import annotations

import math

_INSTALLED: list[bool] = []

#: Tries of narrower widths for a line that overflows by WeasyPrint's measure.
_TRIES = 5


def install() -> None:
    """Wrap ``split_first_line`` where WeasyPrint's inline layout calls it (once per process)."""
    if _INSTALLED:
        return
    _INSTALLED.append(True)
    from weasyprint.layout import inline
    from weasyprint.text import line_break

    split = getattr(inline, "split_first_line", None)
    if split is None or not all(hasattr(line_break, name) for name in ("create_layout", "first_line_metrics")):
        return

    def checked_split_first_line(text, style, context, max_width, justification_spacing,
                                 is_line_start=True, minimum=False):
        result = split(text, style, context, max_width, justification_spacing, is_line_start, minimum)
        if minimum or max_width is None or math.isinf(max_width) or \
                style["white_space"] not in ("normal", "pre-line") or not _spaced(style):
            return result
        _, length, resume, width, _, _ = result
        if resume is None:
            return result
        words = text.encode()[:length].decode().strip(" ").count(" ") + 1
        if (words == 1) == _fits(width, max_width):
            # (1) one word that fits, or (2) several that do not: Pango's longest line that fits.
            better = _longest_fitting_line(line_break, text, style, context, max_width,
                                           justification_spacing)
            if better is not None and (better[2] is None or better[2] > resume or not _fits(width, max_width)):
                return better
        return result

    checked_split_first_line.__wrapped__ = split
    inline.split_first_line = checked_split_first_line


def _longest_fitting_line(line_break, text, style, context, max_width, justification_spacing):
    """WeasyPrint's metrics of the longest first line, broken where Pango breaks, whose width by
    WeasyPrint's final measure (``first_line_metrics``: trailing spaces removed, one letter
    spacing added) fits ``max_width`` (all of ``text`` if it fits); None if no line fits after
    a few narrower tries."""
    space_collapse = style["white_space"] in ("normal", "nowrap", "pre-line")
    width, step = max_width, None
    for _ in range(_TRIES):
        layout = line_break.create_layout(text, style, context, width, justification_spacing)
        first_line, resume = layout.get_first_line()
        metrics = line_break.first_line_metrics(first_line, text, layout, resume, space_collapse, style)
        if _fits(metrics[3], max_width):
            return metrics
        # Narrower by the overflow (and one Pango unit), then by twice as much each time: Pango's
        # own measure of a line can be a spacing narrower than WeasyPrint's.  The steps stay far
        # below a word's width, so no break point is skipped.
        step = 2 * step if step else metrics[3] - max_width + 1 / 1024
        width -= step
    return None


def _spaced(style) -> bool:
    """Letter or word spacing is set: without either, Pango and WeasyPrint measure alike."""
    return style["letter_spacing"] not in ("normal", 0) or bool(style["word_spacing"])


def _fits(width: float, max_width: float) -> bool:
    """As ``split_inline_box`` judges a line: within ``max_width`` give or take 1e-9 of it."""
    return width <= max_width * (1 + 1e-9)
