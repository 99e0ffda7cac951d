"""Transforms: repairs on the model, run in the listed order, each recorded in the report.

A transform is ``def name(tree, ctx) -> None``: it mutates the tree in place
(docutils' ``Transform.apply``) and reports every repair it makes as an INFO
diagnostic with its source position, and every doubt as a WARNING.  ``ctx``
carries the reporter and the source lines, so positions inside a paragraph can
be given to the column.
"""

from __future__ import annotations

import dataclasses
import logging

from lxml import etree

from ..diagnostics import Reporter, SourcePos
from ..model import PL

PROGRESS = logging.getLogger("pipeline.progress")


@dataclasses.dataclass
class Context:
    reporter: Reporter
    name: str
    lines: list[str]
    first_line: int = 1      # the first line after front matter
    #: The reader's blocks (``readers.text.Block``: joined text and where each line starts), so
    #: that a position inside a paragraph of several lines is given on its own line.
    blocks: list = dataclasses.field(default_factory=list)

    def __post_init__(self) -> None:
        self._block_at = {}
        self._index = {block.line: i for i, block in enumerate(self.blocks)}
        for block in self.blocks:
            for _, line, _ in block.segments or [(0, block.line, block.col)]:
                self._block_at[line] = block

    def continuations(self, block) -> list:
        """The blocks after ``block`` whose text a transform may have moved into it (a paragraph's
        tail after a page break, note bodies at the page foot), up to the next structural block."""
        found = []
        index = self._index.get(block.line)
        for following in self.blocks[index + 1: index + 5] if index is not None else []:
            if following.kind not in ("text", "note"):
                break
            found.append(following)
        return found

    def at(self, line: int, col: int) -> SourcePos:
        return SourcePos(self.name, line, col)

    def pos(self, el: etree._Element, needle: str | None = None, occurrence: int = 0) -> SourcePos:
        """Position of ``el`` (from ``pl:line``/``pl:col`` on it or an ancestor), or of the
        ``occurrence``-th ``needle`` in its source text from there (on any line of its block)."""
        return self.locator().pos(el, needle, occurrence)

    def locator(self) -> "Locator":
        """Positions of successive needles, each searched after the one found before in its block
        (linear over a paragraph however many things a transform reports in it)."""
        return Locator(self)


class Locator:
    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx
        self.after: dict[int, int] = {}   # block line → offset after the last needle found

    def pos(self, el: etree._Element, needle: str | None = None, occurrence: int = 0) -> SourcePos:
        ctx = self.ctx
        node = el
        while node is not None and node.get(PL + "line") is None:
            node = node.getparent()
        if node is None:
            return SourcePos(ctx.name, ctx.first_line, 1)
        line, col = int(node.get(PL + "line")), int(node.get(PL + "col", "1"))
        if not needle:
            return SourcePos(ctx.name, line, col)
        block = ctx._block_at.get(line)
        if block is None:     # not from the text reader: search the line itself
            text = ctx.lines[line - 1] if 0 < line <= len(ctx.lines) else ""
            index = col - 1 - len(needle)
            for _ in range(occurrence + 1):
                index = text.find(needle, index + len(needle))
                if index < 0:
                    return SourcePos(ctx.name, line, col)
            return SourcePos(ctx.name, line, index + 1)
        start = max(block.offset_of(line, col), self.after.get(block.line, 0))
        for candidate in [block, *ctx.continuations(block)]:
            index = start - len(needle)
            for _ in range(occurrence + 1):
                index = candidate.text.find(needle, index + len(needle))
                if index < 0:
                    break
            if index >= 0:
                self.after[candidate.line] = index + len(needle)
                return SourcePos(ctx.name, *candidate.at(index))
            start = self.after.get(candidate.line, 0)
        return SourcePos(ctx.name, line, col)


def _registry():
    from .editorial import check_editorial
    from .footnotes import attach_footnotes
    from .links import link_symbols
    from .numbering import check_numbering
    from .paragraphs import rejoin_split_paragraphs
    from .records import read_debate
    return [
        ("rejoin_split_paragraphs", rejoin_split_paragraphs),
        ("attach_footnotes", attach_footnotes),
        ("link_symbols", link_symbols),
        ("check_numbering", check_numbering),
        ("check_editorial", check_editorial),
        # Last: a record's turns are whole (rejoined, notes at their calls) before they become speeches.
        ("read_debate", read_debate),
    ]


TRANSFORMS = _registry()


def run_transforms(tree: etree._ElementTree, ctx: Context) -> None:
    for name, transform in TRANSFORMS:
        PROGRESS.info("Step 2 – %s", name)
        transform(tree, ctx)
