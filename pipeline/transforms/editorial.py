"""Editorial doubts in the text itself, reported with their exact position and never changed.

These read the source lines, not the model, so that each position is exact:
an English word standing alone inside Chinese text ("千年发展目标 and 可持续发展目标"),
ASCII punctuation between Chinese characters, a doubled character ("价值值").

A repeated character is most often right: a reduplication (个个), a word
boundary (联合国|国家), a name (南南合作).  ICU's dictionary word breaker tells
them apart from a typing error: the repeat is reported only when the first
character ends a word of several characters and the second stands alone
(价值|值), and the pair occurs at most twice in the document: a pair that
recurs (南南, "South-South") is a term, whatever the word breaker says.
"""

from __future__ import annotations

import bisect
import functools
import re

from lxml import etree

from ..model import document_info
from . import Context

HAN = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
CJK_CONTEXT = HAN + r"\u3000-\u303f\uff00-\uffef"


@functools.cache
def chinese_patterns() -> tuple[re.Pattern, re.Pattern, re.Pattern]:
    """An English word, ASCII punctuation and a doubled ideograph in Chinese text: compiled at
    the first Chinese document, not in every process (Python's compiler walks each of their
    ideograph ranges' 28,000 code points: 6 ms).  The English words are case-blind only: the
    ideographs around them have no case (re.I would fold each of those code points)."""
    return (re.compile(rf"(?<=[{HAN}])\s*\b((?i:and|or|of|the|for|with|to|in|on|by))\b\s*(?=[{HAN}])"),
            re.compile(rf"(?<=[{CJK_CONTEXT}])[,:;!?](?=\s?[{CJK_CONTEXT}])"),
            re.compile(rf"([{HAN}])\1"))
LINK_SYNTAX = re.compile(r"\]\([^)]*\)|<https?://[^>]*>|https?://\S+|www\.\S+")


def words(text: str) -> list[tuple[int, int]]:
    """(start, end) of each word of ``text`` by ICU's dictionary-based Chinese word breaker."""
    import icu
    breaker = icu.BreakIterator.createWordInstance(icu.Locale("zh"))
    breaker.setText(text)
    bounds = [0, *breaker]
    return list(zip(bounds, bounds[1:]))


class WordSpans:
    """The words of one line, broken once (ICU), looked up by character index with bisect."""

    def __init__(self, text: str) -> None:
        self.spans = words(text)
        self.starts = [start for start, _ in self.spans]

    def of(self, index: int) -> tuple[int, int] | None:
        i = bisect.bisect_right(self.starts, index) - 1
        if i >= 0 and self.spans[i][0] <= index < self.spans[i][1]:
            return self.spans[i]
        return None


def is_stray_repeat(text: str, index: int, spans: WordSpans | None = None) -> bool:
    """Is ``text[index+1]`` (equal to ``text[index]``) a stray repeat of the end of a word?"""
    spans = spans or WordSpans(text)
    first, second = spans.of(index), spans.of(index + 1)
    return (first is not None and second is not None and first != second
            and first[1] - first[0] > 1 and first[1] == index + 1 and second == (index + 1, index + 2))


def check_editorial(tree: etree._ElementTree, ctx: Context) -> None:
    if document_info(tree).language != "zh":
        return
    english_word, ascii_punct, doubled = chinese_patterns()
    lines = ctx.lines[ctx.first_line - 1:]
    pair_counts: dict[str, int] = {}
    for line in lines:
        for m in doubled.finditer(line):
            pair_counts[m.group(0)] = pair_counts.get(m.group(0), 0) + 1
    for index, line in enumerate(ctx.lines):
        if index + 1 < ctx.first_line:
            continue
        masked = LINK_SYNTAX.sub(lambda m: " " * len(m.group(0)), line)
        for m in english_word.finditer(masked):
            ctx.reporter.warning("english-word-in-chinese",
                                 f"the English word “{m.group(1)}” stands inside the Chinese text",
                                 ctx.at(index + 1, m.start(1) + 1),
                                 "translate it (and → 和, or → 或) if it is not a name")
        commas = list(ascii_punct.finditer(masked))
        if commas:
            kinds = "".join(sorted({m.group(0) for m in commas}))
            ctx.reporter.warning("ascii-punctuation-in-chinese",
                                 f"{len(commas)} ASCII punctuation mark(s) “{kinds}” between Chinese characters",
                                 ctx.at(index + 1, commas[0].start() + 1),
                                 "Chinese text uses full-width punctuation: ， ： ； ！ ？")
        spans = None
        for m in doubled.finditer(masked):
            if pair_counts.get(m.group(0), 0) > 2:
                continue
            spans = spans or WordSpans(masked)
            if not is_stray_repeat(masked, m.start(), spans):
                continue
            ctx.reporter.warning("doubled-character", f"the character “{m.group(1)}” is doubled: “{m.group(0)}”",
                                 ctx.at(index + 1, m.start() + 1),
                                 "delete one if this is a typing error")
