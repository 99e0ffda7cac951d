"""Pages of lines, the one form every page-structured source takes before it is normalised.

An official PDF gives lines with rich signals (font size, bold, italic, superscript, position on
the page); a plain text extract of the same PDF gives the same lines with none.  The page
normaliser (``readers.pages``) reads both the same way.
"""

from __future__ import annotations

import dataclasses


class computed_once:
    """``functools.cached_property`` without its lock: a value computed at the first access and
    kept in the instance (where later accesses find it without calling here).  Python 3.11's
    cached_property takes a lock for every instance's first access, for all instances at once
    (3.12 dropped it): 2.2 µs against 0.9, on the eight thousand lines of a 56-page PDF.  A
    line is read by one thread."""

    def __init__(self, function) -> None:
        self.function = function
        self.name = function.__name__
        self.__doc__ = function.__doc__

    def __set_name__(self, owner, name: str) -> None:
        self.name = name

    def __get__(self, instance, owner=None):
        if instance is None:
            return self
        value = instance.__dict__[self.name] = self.function(instance)
        return value


@dataclasses.dataclass
class Span:
    """A run of text in one font: a piece of a line."""

    text: str
    x0: float = 0.0
    x1: float = 0.0
    size: float = 0.0          # font size in points; 0 when unknown (a text extract)
    bold: bool = False
    italic: bool = False
    sup: bool = False          # raised above the baseline and smaller: a note call
    font: str = ""
    #: Set vertically (a figure's axis label, a landscape page's margin): 1 reading upward, -1
    #: reading downward, 0 not rotated.
    rotated: int = 0
    #: A piece of a text run that the PDF drew with a gap of over half an em before it (a table's
    #: row set as one run; a justified line's wide word space): a cell of its own only where the
    #: line is already known to be a table's.
    run_piece: bool = False


@dataclasses.dataclass
class Line:
    """One printed line of a page, its spans in reading order."""

    spans: list[Span]
    page: int                  # 1-based page number
    number: int                # 1-based line number on the page (top to bottom)
    top: float = 0.0           # distance from the top of the page, in points
    bottom: float = 0.0
    known_layout: bool = False  # positions and fonts are real (a PDF), not guessed (a text extract)

    @computed_once
    def text(self) -> str:
        """The line's text (computed once: a line's spans are final when it is made)."""
        return "".join(s.text for s in self.spans)

    # The spans are in reading order: left to right, or right to left in an Arabic line.  Their
    # bounds are final too: computed once (the normaliser asks ten thousand times a document).
    @computed_once
    def x0(self) -> float:
        return min(s.x0 for s in self.spans) if self.spans else 0.0

    @computed_once
    def x1(self) -> float:
        return max(s.x1 for s in self.spans) if self.spans else 0.0

    @computed_once
    def size(self) -> float:
        """The size of most of the line's characters (superscripts aside)."""
        weights: dict[float, int] = {}
        for s in self.spans:
            if not s.sup and s.text.strip():
                weights[round(s.size, 1)] = weights.get(round(s.size, 1), 0) + len(s.text.strip())
        return max(weights, key=weights.get) if weights else 0.0

    @property
    def bold(self) -> bool:
        chars = [s for s in self.spans if s.text.strip() and not s.sup]
        return bool(chars) and all(s.bold for s in chars)


@dataclasses.dataclass
class Page:
    number: int                # 1-based
    lines: list[Line]
    width: float = 612.0
    height: float = 792.0
    images: int = 0            # images drawn on the page (a page of images and no text is a scan)
