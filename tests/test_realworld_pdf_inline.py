"""The inline reading of PDF text without pandoc (``readers.text.plain_inlines``) is pandoc's.

The PDF reader writes each block as CommonMark: words, backslash escapes and ``_`` emphasis.
``plain_inlines`` reads such a block in Python instead of starting pandoc (issue 13's speed).
These tests hold it to the real pandoc: every block of official PDFs read both ways gives the
same pandoc AST (so the same model), and so do tricky and random strings of the same syntax.
"""

from __future__ import annotations

import random

import pytest

from conftest import SHARED
from pipeline.diagnostics import Reporter
from pipeline.readers import text
from pipeline.readers.pdf import read_pdf

PDFS = SHARED / "realworld" / "pdf"
#: Reports, letters, resolutions, an Executive Board document: emphasis, bold openings, escapes.
FILES = ("A_79_352", "S_2025_85", "A_RES_78_128", "A_RES_78_90", "E_2025_73", "DP_2025_1", "S_2025_153",
         "A_80_33", "A_79_989")

TRICKY = ["_a_", "__a__", "___a___", "_a__b_", "a_b_c", "_a_b", "(_a_)", "_(a)_", "__a_", "_a__", "_ a_",
          "_a _", "x _a_, _b_.", "__a__ __b__", "_a_ _b_", "_a__b__c_", "__a_b_c__", "a\\_b", "_a\\_b_",
          "foo_bar_", "_foo_bar", "“_a_”", "_a_’s", "__foo, __bar__, baz__", "_foo __bar__ baz_",
          "___foo__ bar_", "_____a_____", "__a___b__", "____a_", "é_a_", "_a_é", "a\u00a0_b_", "_b_\u00a0c",
          "_a_ 1", "1_a_2", "_a_._b_", "_._", "__", "_", "a _ b", "_a b c_ d _e f_", "__Summary__:",
          "___a_ b__", "_a_b_c_", "__a__b__", "_a__b__c_d_", "a__b__c", "a\\.b \\# \\[x\\] \\\\ c",
          "e\u0301", "a  b   c", "\\[_on the report of the Sixth Committee (A/78/457, para. 7_)\\]", "a & b",
          " lead and trail ", "", "x\u2003y z\u3000w"]


def _blocks(name: str) -> list[str]:
    seen: list[str] = []
    real = text.inline_trees

    def spy(bodies, *args, **kwargs):
        seen.extend(bodies)
        return real(bodies, *args, **kwargs)

    path = PDFS / f"{name}.pdf"
    text.inline_trees = spy
    try:
        read_pdf(path.read_bytes(), str(path), Reporter())
    finally:
        text.inline_trees = real
    return seen


def _same_as_pandoc(bodies: list[str]) -> tuple[int, list[tuple[str, list, list]]]:
    """(blocks read without pandoc, those whose AST differs from pandoc's)."""
    fast = [(body, text.plain_inlines(body)) for body in bodies]
    fast = [(body, inlines) for body, inlines in fast if inlines is not None]
    truth = text.pandoc_inline_trees([body for body, _ in fast], "test")
    return len(fast), [(body, mine, theirs) for (body, mine), theirs in zip(fast, truth) if mine != theirs]


def test_every_block_of_official_pdfs_reads_as_pandoc_reads_it():
    bodies = [body for name in FILES for body in _blocks(name)]
    read, differ = _same_as_pandoc(bodies)
    assert not differ, differ[:3]
    # Nearly all of them go without pandoc (else the speed-up is gone).
    assert read >= 0.99 * len(bodies), (read, len(bodies))


def test_tricky_and_random_emphasis_reads_as_pandoc_reads_it():
    rng = random.Random(13)
    alphabet = ["a", "b", " ", "_", "_", "__", ".", "(", ")", "é", "\\_", ",", "“", "”", "1", "-", "\u00a0",
                "___", "xyz", "!", "'", "\\[", "\\]", "\\*", "\\\\", "&", "&amp;"]
    strings = TRICKY + sorted({"".join(rng.choice(alphabet) for _ in range(rng.randint(1, 14)))
                               for _ in range(3000)})
    read, differ = _same_as_pandoc(strings)
    assert not differ, differ[:3]
    assert read >= 0.4 * len(strings)


@pytest.mark.parametrize("body", ["[a link](http://un.org)", "<http://un.org>", "*star*", "`code`",
                                  "&amp; x", "line\nbreak", "tab\there", "trailing \\", "\\q", "a_b_$",
                                  "e\u0301 not NFC"])
def test_other_syntax_is_left_to_pandoc(body):
    assert text.plain_inlines(body) is None
