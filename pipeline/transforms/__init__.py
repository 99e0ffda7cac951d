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

    def at(self, line: int, col: int) -> SourcePos:
        return SourcePos(self.name, line, col)

    def pos(self, el: etree._Element, needle: str | None = None, occurrence: int = 0) -> SourcePos:
        """Position of ``el`` (from ``pl:line``/``pl:col`` on it or an ancestor), or of the
        ``occurrence``-th ``needle`` on that line from there."""
        node = el
        while node is not None and node.get(PL + "line") is None:
            node = node.getparent()
        if node is None:
            return SourcePos(self.name, 1, 1)
        line, col = int(node.get(PL + "line")), int(node.get(PL + "col", "1"))
        if needle and 0 < line <= len(self.lines):
            text, index = self.lines[line - 1], col - 2
            for _ in range(occurrence + 1):
                index = text.find(needle, index + 1)
                if index < 0:
                    break
            if index >= 0:
                col = index + 1
        return SourcePos(self.name, line, col)


def _registry():
    from .editorial import check_editorial
    from .footnotes import attach_footnotes
    from .links import link_symbols
    from .numbering import check_numbering
    from .paragraphs import rejoin_split_paragraphs
    return [
        ("rejoin_split_paragraphs", rejoin_split_paragraphs),
        ("attach_footnotes", attach_footnotes),
        ("link_symbols", link_symbols),
        ("check_numbering", check_numbering),
        ("check_editorial", check_editorial),
    ]


TRANSFORMS = _registry()


def run_transforms(tree: etree._ElementTree, ctx: Context) -> None:
    for name, transform in TRANSFORMS:
        PROGRESS.info("Step 2 – %s", name)
        transform(tree, ctx)
