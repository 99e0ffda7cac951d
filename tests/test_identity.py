"""Issue 13 items 4 and 5: a document's identity from the document itself, and any mix of files in a folder.

The organ of a symbol's series (the UNDP/UNFPA/UNOPS Executive Board is not the General
Assembly; an unknown series stays unknown, said by ``check``); outputs named by the symbol and
language the document gives when its file name carries none (``N2342312.pdf``); XLIFF into the
document's own language skipped by the language the reader found; files that are not documents
beside the sources skipped and listed; nothing written when a build fails on its input.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from lxml import etree

from conftest import ROOT, SHARED
from pipeline import Reporter, read_source
from pipeline.languages import LANGUAGES, ORGANS, masthead_organ, organ_of
from pipeline.model import document_info, xpath

PDF = SHARED / "realworld" / "pdf"
REPORT = ("Annual report on evaluation\n\n1. The Executive Board took note of the report.\n\n"
          "2. It asked for a new evaluation policy by 2026.\n")


def run(*args, cwd: Path):
    env = dict(os.environ, PYTHONPATH=str(ROOT), SOURCE_DATE_EPOCH="1700000000",
               PIPELINE_CACHE_DIR=str(cwd / "cache"))
    return subprocess.run([sys.executable, "-m", "pipeline", *args], capture_output=True, text=True,
                          env=env, cwd=cwd, timeout=300)


def read_text(name: str, text: str = REPORT):
    reporter = Reporter()
    tree = read_source(text.encode(), name, reporter)
    return tree, reporter


def masthead_authorities(tree) -> list[str]:
    return [" ".join("".join(el.itertext()).split()) for el in xpath(tree, "//a:coverPage//a:docAuthority")]


# ------------------------------------------------------------------ organs

@pytest.mark.parametrize("symbol, organ", [
    ("A/RES/78/128", "ga"), ("A/C.3/78/L.2", "ga"), ("A/HRC/55/1", "hrc"), ("A/HRC/RES/57/19", "hrc"),
    ("S/2025/85", "sc"), ("S/RES/2713 (2023)", "sc"), ("E/2025/8", "ecosoc"), ("E/CN.6/2024/3", "ecosoc"),
    ("E/ICEF/2024/1", "ecosoc"), ("ST/SGB/2019/8", "secretariat"),
    ("DP/2025/1", "undp-unfpa-unops"), ("DP/FPA/2025/3", "undp-unfpa-unops"), ("DP/OPS/2025/2", "undp-unfpa-unops"),
    ("UNW/2024/1", "un-women"), ("TD/B/71/1", "unctad"), ("UNEP/EA.6/1", "unea"), ("UNEP/CPR/164/2", "unep"),
    ("CRC/C/GC/25", "crc"), ("CEDAW/C/GC/39", "cedaw"), ("CCPR/C/GC/37", "ccpr"),
    ("A/79/989-S/2025/511", "ga"),                      # a joint symbol: its first organ
    ("WFP/EB.1/2025/4", None), ("ISBA/29/A/1", None), ("N2342312", None),   # unknown: never a guess
])
def test_the_organ_of_a_symbol_series(symbol, organ):
    assert organ_of(symbol) == organ


def test_every_organ_is_named_in_the_six_languages():
    for organ in ORGANS.values():
        assert sorted(organ.names) == sorted(LANGUAGES), organ.key
        assert all(name.strip() == name and name for name in organ.names.values()), organ.key


def test_an_executive_board_document_is_not_a_general_assembly_one():
    """DP/FPA/… (UNDP/UNFPA/UNOPS Executive Board) had the GA as organ, and its masthead said so."""
    for code in LANGUAGES:
        tree, reporter = read_text(f"DP_FPA_2025_3-{code.upper()}.md")
        info = document_info(tree)
        assert info.organ == "undp-unfpa-unops"
        assert masthead_authorities(tree)[1] == ORGANS["undp-unfpa-unops"].names[code]
        assert LANGUAGES[code].organs["ga"] not in masthead_authorities(tree)
        assert xpath(tree, "string(//a:FRBRWork/a:FRBRauthor/@href)") == "#sg"
        assert "/un-undp-unfpa-unops/" in xpath(tree, "string(//a:FRBRWork/a:FRBRuri/@value)")
        assert not [d for d in reporter.diagnostics if d.code == "organ-unknown"]


def test_the_executive_board_masthead_of_an_official_pdf():
    """The Board's five-line name in the PDF's masthead is read whole, and is its organ."""
    tree = read_source((PDF / "DP_2025_1.pdf").read_bytes(), "DP_2025_1.pdf", Reporter())
    assert document_info(tree).organ == "undp-unfpa-unops"
    assert masthead_authorities(tree) == ["United Nations", ORGANS["undp-unfpa-unops"].names["en"]]


def test_a_human_rights_council_document_prints_the_general_assembly_as_the_un_does():
    """The UN's own XML of A/HRC/RES/57/19: its masthead's issuing body is the General Assembly."""
    un = etree.parse(str(SHARED / "corpus" / "akn4un" / "A_HRC_RES_57_19S.xml"))
    printed = un.xpath("string(//*[local-name()='docAuthority'][@refersTo='#issuingBody'])").strip()
    assert printed == LANGUAGES["es"].organs[masthead_organ("hrc")]
    tree, _ = read_text("A_HRC_55_1-ES.md")
    assert document_info(tree).organ == "hrc"
    assert masthead_authorities(tree)[1] == printed


def test_an_unknown_series_stays_unknown_and_check_says_so(tmp_path):
    (tmp_path / "WFP_EB.1_2025_4-EN.md").write_text(REPORT)
    proc = run("check", "WFP_EB.1_2025_4-EN.md", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert ("WFP_EB.1_2025_4-EN.md:1:1: warning: the issuing organ of WFP/EB.1/2025/4 is not known: the WFP/ "
            "series is not one the pipeline knows") in proc.stderr
    assert 'hint: give it in a <stem>.meta.toml sidecar (organ = "…"' in proc.stderr
    tree, _ = read_text("WFP_EB.1_2025_4-EN.md")
    assert document_info(tree).organ is None
    assert xpath(tree, "//pl:document/@organ") == []
    assert masthead_authorities(tree) == ["United Nations"]          # no organ line invented
    assert xpath(tree, "string(//a:FRBRExpression/a:FRBRauthor/@href)") == "#un"
    # A sidecar gives it.
    (tmp_path / "WFP_EB.1_2025_4-EN.meta.toml").write_text('organ = "secretariat"\n')
    proc = run("check", "WFP_EB.1_2025_4-EN.md", cwd=tmp_path)
    assert "organ-unknown" not in proc.stderr
