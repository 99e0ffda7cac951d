"""Issue 13 (speed): patterns compiled at their first use give what the patterns compiled at import gave.

A PDF read compiles only the patterns its document can use (its language's resolution phrase,
ideographs' classes in a Chinese text only, the organs' names of a clause that holds the word
they follow).  Each cache here is keyed on everything its pattern depends on, and each shortcut
decides as the pattern would.
"""

from __future__ import annotations

import re

from pipeline import symbols
from pipeline.languages import LANGUAGES
from pipeline.readers import pages


def test_each_language_gets_its_own_resolution_phrase_compiled_once():
    table = symbols.RESOLUTION_PHRASES
    assert set(table) == {"zh", "en", "fr", "es", "ru", "ar"}
    for code in table:
        pattern = table[code]
        assert pattern.pattern == table._sources[code]          # keyed on the language: its own source
        assert table[code] is pattern and table.get(code) is pattern    # compiled once
    assert len({table[code].pattern for code in table}) == len(table)
    assert table.get("xx") is None and "xx" not in table
    assert table["fr"].search("la résolution du Conseil de sécurité 2250 (2015)")["num"] == "2250 (2015)"
    assert table["en"].search("General Assembly resolution 70/1 of")["num"] == "70/1"


def test_a_clause_without_the_word_of_its_pattern_names_no_organ_and_compiles_nothing():
    for code, word in symbols._OWNED_WORD.items():
        # The word is a literal every match holds: where the pattern starts, after its first
        # letter (a capital or not), or right after the organ's name (Chinese).
        source = symbols._OWNED_RESOLUTIONS[code]
        assert re.sub(r"^\[..\]", "", source).startswith(word) or \
            source.startswith("(?P<organ>{names})" + word), code
    en = LANGUAGES["en"]
    text = "the resolutions and decisions of the Human Rights Council, the most recent of which being resolutions 53/26"
    assert symbols.clause_organ(text, text.index("resolutions 53"), en) == "hrc"
    symbols._OWNED.clear()
    text = "as the Council stated, the most recent of which being resolution 53/26"
    assert symbols.clause_organ(text, text.index("resolution 53"), en) is None
    assert "en" not in symbols._OWNED


def test_ideographs_are_found_as_the_pattern_finds_them():
    pattern = re.compile("[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef]")
    samples = ["", "General Assembly", "“quoted” – text’s", "Jun\ue001e", "第57/73号", "a\uff0cb", "\u2e7f\ua000",
               "\uf8ff\ufb00", "résolution", "\u9fff", "\ufff0", "\U0001f600"]
    for text in samples:
        assert pages.has_cjk(text) == bool(pattern.search(text)), text
        assert pages.cjk_count(text) == len(pattern.findall(text)), text
    assert pages.cjk_gap().sub("", "大会 第 57/73 号") == "大会第57/73号"
