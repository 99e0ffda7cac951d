"""Check that numbered paragraphs run 1, 2, 3 … through the document (UN paragraphs never restart)."""

from __future__ import annotations

from lxml import etree

from ..model import akn, xpath
from . import Context


def check_numbering(tree: etree._ElementTree, ctx: Context) -> None:
    """The body's paragraphs are one sequence; an annex is its own, and a part of an annex (an
    enclosure, a report annexed) may start again at 1.  The subheadings under which paragraphs
    stand do not restart them."""
    scopes: dict = {}
    # "//a:mainBody//a:paragraph[a:num]", walked in document order: the XPath sorts its result by
    # comparing nodes, which in a tree built in memory (no line numbers to order by) walks their
    # siblings: 13 ms of A/79/352's 0.8 s, against 0.5 ms.
    body, num = akn("mainBody"), akn("num")
    paragraphs = [p for p in tree.getroot().iter(akn("paragraph"))
                  if p.find(num) is not None and next(p.iterancestors(body), None) is not None]
    for paragraph in paragraphs:
        annex = xpath(paragraph, "(ancestor::a:attachment | ancestor::a:hcontainer[@name='annex'])[last()]")
        scopes.setdefault(annex[0] if annex else None, []).append(paragraph)
    for scope, paragraphs in scopes.items():
        check_sequence(paragraphs, ctx, restarts=scope is not None)


def check_sequence(paragraphs, ctx: Context, restarts: bool = False) -> None:
    previous = 0
    for paragraph in paragraphs:
        text = xpath(paragraph, "string(a:num)").rstrip(".").strip()
        if not text.isdigit():
            continue
        number = int(text)
        if number == 1 and restarts:
            pass   # a part of an annex numbers its paragraphs afresh
        elif number == previous:
            pass   # a duplicate: reported by the reader, which had to give it another eId
        elif number > previous + 1:
            missing = f"{previous + 1}" if number == previous + 2 else f"{previous + 1}–{number - 1}"
            ctx.reporter.warning("paragraph-number-gap",
                                 f"paragraph {number} follows paragraph {previous}: {missing} missing",
                                 ctx.pos(paragraph), "check that no paragraph was lost in the extraction")
        elif number < previous:
            ctx.reporter.warning("paragraph-number-order",
                                 f"paragraph {number} comes after paragraph {previous}", ctx.pos(paragraph),
                                 "UN paragraph numbers run through the whole document and never restart")
        previous = number if number == 1 and restarts else max(previous, number)
