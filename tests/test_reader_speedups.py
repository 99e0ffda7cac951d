"""Faster forms of the PDF reader's helpers (issue 13's speed) give what the forms they replace gave."""

from __future__ import annotations

import re
import sys

from pipeline.readers.pages import compact


def test_compact_drops_the_white_space_res_backslash_s_drops_in_every_code_point():
    every = "".join(chr(c) for c in range(sys.maxunicode + 1) if not 0xD800 <= c <= 0xDFFF)
    assert compact(every) == re.sub(r"\s+", "", every)
    assert len(every) - len(compact(every)) == 29          # the white space Unicode and Python know
    assert compact(" a\u00a0b\u2003c\u3000d\x1ce\n") == "abcde"
