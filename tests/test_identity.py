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
    ("S/2025/85", "sc"), ("S/RES/2713 (2023)", "sc"), ("E/2025/8", "ecosoc"), ("E/CN.6/2024/3", "csw"),
    ("E/ICEF/2024/1", "unicef"), ("ST/SGB/2019/8", "secretariat"),
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


# ------------------------------------------------------------------ output names and XLIFF targets

def test_a_job_number_file_is_named_by_the_symbol_and_language_of_its_masthead(tmp_path):
    """``N2342312.pdf`` (the ODS form) holding A/RES/78/128 in English: outputs A_RES_78_128-EN.*,
    and no XLIFF into English, the language its masthead and text give."""
    shutil.copy(PDF / "A_RES_78_128.pdf", tmp_path / "N2342312.pdf")
    proc = run("build", "N2342312.pdf", "--to", "akn,html,xliff", "--target-lang", "en,fr", "-o", "out",
               "--json", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    built = sorted(row["path"] for row in json.loads(proc.stdout)["outputs"])
    assert built == ["A_RES_78_128-EN.akn.xml", "A_RES_78_128-EN.fr.xlf", "A_RES_78_128-EN.html"]
    manifest = json.loads((tmp_path / "out" / "manifest.json").read_text())
    assert {a["source"] for a in manifest["artifacts"]} == {"N2342312.pdf"}
    # A rebuild finds the identity in the cache: same names, nothing rebuilt.
    again = run("build", "N2342312.pdf", "--to", "akn,html,xliff", "--target-lang", "en,fr", "-o", "out",
                "--json", cwd=tmp_path)
    assert {row["status"] for row in json.loads(again.stdout)["outputs"]} == {"up to date"}
    # Its translation merges under the same name.
    assert run("pseudo", "out/A_RES_78_128-EN.fr.xlf", "-o", "pseudo.fr.xlf", cwd=tmp_path).returncode == 0
    merged = run("merge", "N2342312.pdf", "pseudo.fr.xlf", "-o", "merged", cwd=tmp_path)
    assert [p.name for p in (tmp_path / "merged").iterdir()] == ["A_RES_78_128-EN.fr.akn.xml"], merged.stderr


def test_a_name_that_carries_the_symbol_keeps_its_stem_but_xliff_skips_the_found_language(tmp_path):
    shutil.copy(PDF / "A_RES_78_117.pdf", tmp_path)
    proc = run("build", "A_RES_78_117.pdf", "--to", "xliff", "--target-lang", "all", "-o", "out", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert sorted(p.name for p in (tmp_path / "out").glob("*.xlf")) == [
        f"A_RES_78_117.{lang}.xlf" for lang in ("ar", "es", "fr", "ru", "zh")]


def test_the_un_xml_language_from_frbr_and_the_sidecar_language(tmp_path):
    """A UN XML file under another name (75_234_E.xml): its FRBR language is English, so no
    English XLIFF; a sidecar's language decides over the file name's."""
    shutil.copy(SHARED / "corpus" / "akn4un" / "75_234_E.xml", tmp_path)
    proc = run("build", "75_234_E.xml", "--to", "xliff", "--target-lang", "en,fr", "-o", "out", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert [p.name for p in (tmp_path / "out").glob("*.xlf")] == ["A_RES_75_234-EN.fr.xlf"]
    (tmp_path / "A_1_1-EN.md").write_text("Intitulé\n\n1. Le Conseil a examiné le rapport.\n\n"
                                         "2. Il a pris note du rapport.\n")
    (tmp_path / "A_1_1-EN.meta.toml").write_text('language = "fr"\n')
    proc = run("build", "A_1_1-EN.md", "--to", "xliff", "--target-lang", "en,fr", "-o", "side", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert [p.name for p in (tmp_path / "side").glob("*.xlf")] == ["A_1_1-EN.en.xlf"]


def test_two_files_of_one_document_are_one_error_naming_both(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(PDF / "A_RES_78_117.pdf", folder / "N2342312.pdf")
    shutil.copy(PDF / "A_RES_78_117.pdf", folder / "N2342399.pdf")
    proc = run("build", "in", "--to", "akn", "-o", "out", cwd=tmp_path)
    assert proc.returncode == 4, proc.stderr
    assert ("in/N2342399.pdf:1:1: error: in/N2342312.pdf and in/N2342399.pdf are both A/RES/78/117 in "
            "English: their outputs would both be A_RES_78_117-EN.*") in proc.stderr
    assert not (tmp_path / "out").exists()


# ------------------------------------------------------------------ folders

def test_files_that_are_not_documents_are_skipped_and_listed_in_the_summary(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(SHARED / "corpus" / "en_A-RES-75-234.txt", folder)
    (folder / "README.md").write_text("# Downloads\n\nResolutions of the 75th session, from ODS.\n")
    (folder / "LICENSE").write_text("Copyright United Nations.\n")
    (folder / ".gitkeep").write_text("")
    (folder / "notes.txt").write_text("ask Maria for the French version\n")
    # A .md that looks like a document is read (and here refused for want of a symbol: exit 4).
    proc = run("build", "in", "--to", "akn", "-o", "out", "--json", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    result = json.loads(proc.stdout)
    assert [row["path"] for row in result["outputs"]] == ["en_A-RES-75-234.akn.xml"]
    assert sorted(Path(item["path"]).name for item in result["skipped"]) == [
        ".gitkeep", "LICENSE", "README.md", "notes.txt"]
    plain = run("build", "in", "--to", "akn", "-o", "out", cwd=tmp_path)
    summary = plain.stderr[plain.stderr.index("4 file(s) skipped, not documents:"):]
    assert ("in/README.md: warning: a project file (README, licence, change log …), not a document; "
            "skipped [source-skipped]") in summary
    assert "in/notes.txt: warning: text without the form of a UN document" in summary
    (folder / "draft.md").write_text("Draft report\n\n1. The Committee met in June.\n")
    proc = run("build", "in", "--to", "akn", "-o", "out", cwd=tmp_path)
    assert proc.returncode == 4 and "in/draft.md:1:1: error: cannot tell the document symbol" in proc.stderr
    # Named on the command line, a README is read as asked (and refused, with its name).
    proc = run("build", "in/README.md", "--to", "akn", "-o", "other", cwd=tmp_path)
    assert proc.returncode == 4 and "in/README.md:1:1: error:" in proc.stderr


def test_every_shared_text_source_looks_like_a_document():
    from pipeline.readers import looks_like_document
    for path in [*(SHARED / "corpus").glob("*.txt"), *(ROOT / "source").glob("*.md")]:
        assert looks_like_document(path.read_bytes()), path


@pytest.mark.parametrize("args", [("empty",), ("in",), ("logo.png",)], ids=["empty", "nothing-readable", "unreadable"])
def test_a_build_that_fails_on_its_input_writes_nothing_not_even_the_folder(tmp_path, args):
    (tmp_path / "empty").mkdir()
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "README.md").write_text("# nothing here\n")
    (tmp_path / "logo.png").write_bytes(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR")
    proc = run("build", *args, "-o", "out", cwd=tmp_path)
    assert proc.returncode in (2, 4), proc.stderr
    assert not (tmp_path / "out").exists()


def test_a_file_named_by_its_symbol_and_a_job_number_copy_are_one_error(tmp_path):
    """A_RES_78_117.pdf and N2342312.pdf holding the same English resolution: the same document
    twice (under two output names), one error naming both, nothing written."""
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(PDF / "A_RES_78_117.pdf", folder)
    shutil.copy(PDF / "A_RES_78_117.pdf", folder / "N2342312.pdf")
    proc = run("build", "in", "--to", "akn", "-o", "out", cwd=tmp_path)
    assert proc.returncode == 4, proc.stderr
    assert ("in/N2342312.pdf:1:1: error: in/A_RES_78_117.pdf and in/N2342312.pdf are both A/RES/78/117 in "
            "English: it would be built twice, as A_RES_78_117.* and A_RES_78_117-EN.*") in proc.stderr
    assert not (tmp_path / "out").exists()


def test_a_copy_found_in_a_later_batch_is_refused_alone(tmp_path, monkeypatch):
    """Sources are read 512 at a time (``SOURCES_PER_BATCH``), and outputs are written as they
    are built: a copy of a document found in a later batch cannot stop the build before
    anything is written.  It is refused alone (exit 4, naming both files); every other source is
    built, and the manifest lists exactly what the folder holds."""
    from click.testing import CliRunner

    from pipeline import cli
    folder = tmp_path / "in"
    folder.mkdir()
    for name in ("A_RES_78_117.pdf", "A_RES_78_128.pdf", "A_RES_78_182.pdf"):
        shutil.copy(PDF / name, folder)
    shutil.copy(PDF / "A_RES_78_117.pdf", folder / "N2342312.pdf")
    (tmp_path / "files.txt").write_text("in/A_RES_78_117.pdf\nin/A_RES_78_128.pdf\n"
                                        "in/N2342312.pdf\nin/A_RES_78_182.pdf\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(cli, "SOURCES_PER_BATCH", 2)
    result = CliRunner().invoke(cli.cli, ["build", "--from-list", "files.txt", "--to", "akn", "-j", "1",
                                          "--cache-dir", str(tmp_path / "cache"), "-o", "out"])
    assert result.exit_code == 4, result.output
    assert ("in/N2342312.pdf:1:1: error: in/A_RES_78_117.pdf and in/N2342312.pdf are both A/RES/78/117 in "
            "English") in result.output
    built = sorted(p.name for p in (tmp_path / "out").glob("*.akn.xml"))
    assert built == ["A_RES_78_117.akn.xml", "A_RES_78_128.akn.xml", "A_RES_78_182.akn.xml"]
    manifest = json.loads((tmp_path / "out" / "manifest.json").read_bytes())
    assert sorted(a["path"] for a in manifest["artifacts"]) == built
