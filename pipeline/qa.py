"""Translated text (a unit's source and target tokens) → the findings a reviewer acts on, by unit.

The checks a translation service runs before publishing (user-asks §5.3, issue 15), each a
diagnostic with a stable code, the unit id and the XLIFF line:

* ``target-missing``: no target, or an empty one, for some segment of the unit;
* ``target-is-source``: the target repeats the source and its state is not confirmed
  (OmegaT leaves the source text in untranslated segments); ``target-same-as-source`` when
  the segment is confirmed as translated (a title the target language cites in the original);
* ``target-wrong-language``: the target's letters are not in the target language's script,
  or (Latin-script targets) a language identifier (py3langid, its model shipped in the
  package, restricted to the six official languages) is confident it is another language;
* ``state-not-final``: a segment's ``state`` is below the one asked for (``initial`` in
  XLIFF 2, ``new``/``needs-*`` in 1.2);
* ``code-order-changed``: link codes in another order than the source's (two resolution
  symbols swapped: each date now follows the wrong resolution);
* ``tag-text``: the text of a code typed as characters (``<x2/>``, ``</g>``, ``{1}``), as a
  CAT tool shows codes, which would be printed in the document;
* ``whitespace-repaired``: line breaks, tabs or runs of spaces the source does not have
  (a file re-indented by an XML library), collapsed to one space.

:data:`KEPT_OUT` are the codes after which a unit's translation is not merged (its source
text stays, so the document is incomplete); :data:`REVIEW` are merged but flagged.
:func:`exit_code` maps the worst finding to the exit status documented in ``cli.py``.
"""

from __future__ import annotations

import functools
import re
import unicodedata

from .diagnostics import Level, Reporter
from .languages import Language

#: Findings after which the unit's translation is kept out of the document (level ERROR).
KEPT_OUT = frozenset({
    "target-missing", "target-is-source", "unit-missing", "unit-stale", "tag-text",
    "code-deleted", "code-unknown", "code-duplicated", "code-changed", "code-copied", "code-unsupported",
    "foreign-element", "note-calls-reordered", "protected-text-moved", "segment-order",
})
#: Findings merged as the translator wrote them but flagged for review (level WARNING).
REVIEW = frozenset({"target-wrong-language", "state-not-final", "code-order-changed", "target-same-as-source"})

EXIT_KEPT_OUT = 9
EXIT_REVIEW = 10

#: XLIFF 2 segment states, and XLIFF 1.2 target states, by rank (the higher, the further along).
STATES_2 = {"initial": 0, "translated": 1, "reviewed": 2, "final": 3}
STATES_12 = {"new": 0, "needs-translation": 0, "needs-adaptation": 0, "needs-l10n": 0,
             "needs-review-translation": 0, "needs-review-adaptation": 0, "needs-review-l10n": 0,
             "translated": 1, "signed-off": 2, "final": 3}
STATE_NAMES = ("initial", "translated", "reviewed", "final")

#: Code markup typed as text: OmegaT's tags (<x2/>, <g1>, </g1>), XLIFF element names,
#: and numbered placeholders as CAT tools display them ({1}, %1, [1]).
_TAG_TEXT = re.compile(
    r"</?(?:[a-z]{1,2}\d+|x|g|ph|pc|sc|ec|bx|ex|bpt|ept|it|mrk|sm|em|sub)(?:\s[^<>]*)?/?>"
    r"|\{\d+\}|\{/?[a-z]+\d*\}|%\d+(?:\$[sd])?")
#: The script of the letters a language is written in.
SCRIPTS = {"zh": "CJK", "ar": "ARABIC", "ru": "CYRILLIC", "en": "LATIN", "fr": "LATIN", "es": "LATIN"}
#: Words that carry no language: symbols (A/75/371), codes (COVID-19), numbers.
_NEUTRAL_WORD = re.compile(r"[A-Za-z0-9.,/()\-]*[\d/][A-Za-z0-9.,/()\-]*")


def exit_code(reporter: Reporter) -> int:
    """The exit status the worst merge finding calls for: 9 (kept out), 10 (review), else 0."""
    codes = {d.code for d in reporter.diagnostics if d.level >= Level.WARNING}
    if codes & KEPT_OUT:
        return EXIT_KEPT_OUT
    if codes & REVIEW:
        return EXIT_REVIEW
    return 0


# ------------------------------------------------------------------ language

def script_of(ch: str) -> str | None:
    """LATIN, CYRILLIC, ARABIC or CJK for a letter (Unicode character name), else None."""
    if not ch.isalpha():
        return None
    name = unicodedata.name(ch, "")
    for script in ("LATIN", "CYRILLIC", "ARABIC", "CJK"):
        if name.startswith(script):
            return script
    if name.startswith(("HIRAGANA", "KATAKANA", "HANGUL")):
        return "CJK"
    return "OTHER"


def _letters(text: str) -> str:
    return "".join(ch for ch in _NEUTRAL_WORD.sub(" ", text) if ch.isalpha())


@functools.lru_cache(maxsize=1)
def _identifier():
    from py3langid.langid import MODEL_FILE, LanguageIdentifier
    ident = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    ident.set_languages(["en", "fr", "es", "ru", "ar", "zh"])
    return ident


def language_problem(text: str, target: Language) -> str | None:
    """Why ``text`` does not read as ``target`` (a sentence for the report), or None.

    Short texts (under 6 letters, a Han character counting 3: "a)", "COVID-19") are not judged; script first (a
    Russian target must be mostly Cyrillic …, a Chinese one at least a quarter Han), then, for targets in
    the Latin script with 40 letters or more, the language identifier, which must be
    95 % sure of another language.
    """
    letters = _letters(text)
    han = sum(1 for ch in letters if script_of(ch) == "CJK")
    if len(letters) + 2 * han < 6:                 # a Han character says as much as a word
        return None
    counts: dict[str, int] = {}
    for ch in letters:
        script = script_of(ch)
        counts[script] = counts.get(script, 0) + 1
    expected = SCRIPTS[target.code]
    share = counts.get(expected, 0) / len(letters)
    # Chinese cites names and titles in Latin letters more than the other languages do.
    if share < (0.25 if expected == "CJK" else 0.5):
        main = max(counts, key=counts.get)
        return (f"{round(100 * share)} % of its letters are in the {expected.title()} script of "
                f"{target.name_en}; most are {main.title()}")
    if expected == "LATIN" and len(letters) >= 40:
        found, probability = _identifier().classify(_NEUTRAL_WORD.sub(" ", text))
        if found != target.code and SCRIPTS.get(found) == "LATIN" and probability >= 0.95:
            from .languages import language
            return f"it reads as {language(found).name_en} ({probability:.0%} sure), not {target.name_en}"
    return None


def is_copy_of_source(source: str, target: str, source_lang: Language, target_lang: Language) -> bool:
    """The target repeats a source that needed translating (words in the source's language)."""
    if source_lang.code == target_lang.code:
        return False
    squash = re.compile(r"\s+")
    if squash.sub("", source) != squash.sub("", target):
        return False
    if len(_letters(source)) < 4:
        return False                   # "A/75/371.", "COVID-19": the same in every language
    return language_problem(target, target_lang) is not None or SCRIPTS[source_lang.code] == SCRIPTS[
        target_lang.code]


def tag_text(source: str, target: str) -> list[str]:
    """Code markup typed as text in the target and not in the source: ``["<x2/>", "{1}"]``."""
    found = _TAG_TEXT.findall(target)
    known = _TAG_TEXT.findall(source)
    extra = []
    for item in found:
        if item in known:
            known.remove(item)
        else:
            extra.append(item)
    return extra


_LAYOUT_SPACE = re.compile(r"[ \t]*[\r\n\t][ \t\r\n]*| {2,}")


def repair_whitespace(text: str, source: str) -> str:
    """Line breaks, tabs and space runs the source does not have → one space (or none at an edge)."""
    if _LAYOUT_SPACE.search(source):
        return text
    if not text.strip() and ("\n" in text or "\t" in text):
        return ""                       # indentation between two codes: nothing was there
    return _LAYOUT_SPACE.sub(" ", text)
