"""Plain text in a UN language → sentence boundaries, for XLIFF segments.

ICU's sentence break iterator (PyICU) does the work, with its standard
abbreviation suppressions (``@ss=standard``: "Mr.", "e.g." …).  On top of it sit the
exceptions UN text needs and ICU does not know (user-asks §5.4, OpenXLIFF #32,
md2xliff #23): abbreviations of the Editorial Manual ("para.", "No.", "art.",
"resol.", "Sect." …), a boundary never falls inside a document symbol
(``A/72/297.``) nor right after a bare number ("3.").  Chinese 。！？ and Arabic ؟
are sentence ends for ICU already; an opening bracket after them (。《) starts the next
sentence, which ICU gets wrong.
"""

from __future__ import annotations

import functools
import re
import unicodedata

import icu

#: Abbreviations after which a full stop does not end a sentence (lower-cased, with the dot).
ABBREVIATIONS = frozenset("""
    para. paras. no. nos. art. arts. resol. sect. sects. chap. chaps. vol. vols. p. pp.
    e.g. i.e. cf. etc. et al. mr. mrs. ms. dr. prof. st. jan. feb. mar. apr. jun. jul. aug.
    sep. sept. oct. nov. dec. approx. fig. figs. op. cit. ibid. annex. suppl. corr. rev. add.
    ch. al. env. n. nº núm. párr. apdo. doc. res. s. ss. sr. sra. mme. mlle. m.
    п. пп. ст. см. г. гг. т. д. др. напр.
    par. pars. secc. sec. núms. cap. caps. párrs. pág. págs. ibíd. id. ed. éd. réf. ann. anexo.
    art. arts. apdo. apdos. inc. lit. ms. nos. n.º n.° nº. p.ej. doc. docs. suppl. supl.
    chap. chaps. pt. pts. subpara. subparas. sess. mtg. resp. rev. corr. add.
    с. стр. прим. рез. разд. гл. прил. вып. т.е. и.т.д.
""".split())

_WORD_BEFORE = re.compile(r"(\S+)\s*$")
_BARE_NUMBER = re.compile(r"^\s*[\dIVXLC]{1,4}\.\s*$")


@functools.lru_cache(maxsize=8)
def _iterator(locale: str) -> icu.BreakIterator:
    return icu.BreakIterator.createSentenceInstance(icu.Locale(locale + "@ss=standard"))


def sentence_boundaries(text: str, lang: str = "en") -> list[int]:
    """Offsets (in code points) where a new sentence starts, excluding 0 and ``len(text)``.

    A boundary sits after the whitespace that follows a sentence end, as in ICU.
    """
    if not text:
        return []
    it = _iterator(lang.split("-")[0].lower())
    it.setText(text)
    # PyICU works in UTF-16 code units; map them back to code points.
    units_to_points = _utf16_map(text)
    raw = [units_to_points[b] for b in it if 0 < b]
    raw = [b for b in raw if 0 < b < len(text)]
    kept: list[int] = []
    start = 0
    for b in raw:
        # ICU counts opening brackets and quotes after a full stop ("。《") as closing the
        # sentence; they open the next one.
        while b > start + 1 and unicodedata.category(text[b - 1]) in ("Ps", "Pi"):
            b -= 1
        if _suppressed(text, start, b):
            continue
        kept.append(b)
        start = b
    return kept


def _utf16_map(text: str) -> dict[int, int]:
    mapping = {0: 0}
    units = 0
    for i, ch in enumerate(text):
        units += 2 if ord(ch) > 0xFFFF else 1
        mapping[units] = i + 1
    return mapping


def _suppressed(text: str, start: int, boundary: int) -> bool:
    before = text[start:boundary]
    after = text[boundary:]
    if not before.rstrip() or not after.strip():
        return True
    if before[-1] in ".)" and after[:1].isalnum() and not _is_wide(after[0]):
        return True                                   # no space: a sales number E.78.II.A.11, "No.5"
    if _BARE_NUMBER.match(before):
        return True                                   # "3. " of "art. 3." or a heading number
    match = _WORD_BEFORE.search(before)
    if not match:
        return False
    word = match.group(1).lower()
    # Strip opening punctuation: "(para. 5)" → "para."
    word = word.lstrip("([«“‘\"'")
    if word in ABBREVIATIONS:
        return True
    if re.fullmatch(r"(?:[a-z]\.){2,}", word):         # "u.s." "a.m."
        return True
    # A document symbol ending the text before a digit or lower-case letter: not a sentence end.
    if "/" in word and after[:1].isdigit():
        return True
    return False


def _is_wide(ch: str) -> bool:
    return unicodedata.east_asian_width(ch) in ("W", "F")


def split_sentences(text: str, lang: str = "en") -> list[str]:
    """``text`` cut at :func:`sentence_boundaries`; the pieces join back to ``text``."""
    cuts = [0, *sentence_boundaries(text, lang), len(text)]
    return [text[a:b] for a, b in zip(cuts, cuts[1:])]
