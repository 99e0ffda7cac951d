"""Join the paragraphs a page break cut in two: each ``pl:tail`` goes back to the end of its paragraph."""

from __future__ import annotations

from lxml import etree

from ..diagnostics import InternalError
from ..model import PL, akn, append_text, flow_text, xpath
from ..readers.text import is_cjk
from . import Context


def rejoin_split_paragraphs(tree: etree._ElementTree, ctx: Context) -> None:
    for tail in xpath(tree, "//pl:tail"):
        paragraph = previous_paragraph(tail)
        if paragraph is None:   # the reader only makes a tail after a paragraph
            raise InternalError(f"{ctx.name}: the paragraph tail at line {ctx.pos(tail).line} has no "
                                "paragraph before it", ctx.pos(tail))
        # Its last running text in reading order: the last p of its content, or of its list (the
        # list's wrap-up, else its last point).
        targets = xpath(paragraph, ".//a:p[not(ancestor::a:authorialNote)]")
        if not targets:
            raise InternalError(f"{ctx.name}: the paragraph before the tail at line {ctx.pos(tail).line} "
                                "has no text", ctx.pos(tail))
        target = targets[-1]
        before = flow_text(target)
        first = (tail.text or flow_text(tail))[:1]
        joiner = "" if (before and is_cjk(before.rstrip()[-1])) or (first and is_cjk(first)) else " "
        append_text(target, joiner + (tail.text or ""))
        for child in list(tail):
            target.append(child)
        num = xpath(paragraph, "string(a:num)")
        ctx.reporter.info("paragraph-rejoined",
                          (f"paragraph {num.rstrip('.')}" if num.strip() else "an unnumbered paragraph")
                          + " was cut by a page break; its tail was joined back",
                          ctx.pos(tail))
        tail.getparent().remove(tail)


def previous_paragraph(el: etree._Element) -> etree._Element | None:
    for node in el.itersiblings(preceding=True):
        if node.tag == akn("paragraph"):
            return node
        found = xpath(node, ".//a:paragraph")
        if found:
            return found[-1]
    parent = el.getparent()
    return previous_paragraph(parent) if parent is not None and parent.tag != akn("doc") else None
