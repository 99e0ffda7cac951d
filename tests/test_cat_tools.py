"""Real CAT tools on our XLIFF: OmegaT (Debian's omegat, headless console mode) translates a
project from a TMX and exports; translate-toolkit's pocount and pofilter read our files.

The OmegaT run is the issue 15 loop as a translator runs it: ``build --xliff-profile omegat``,
``tm import`` of the UN's Chinese and English versions into the project's ``tm/auto`` (OmegaT
inserts its exact matches), ``omegat --mode=console-translate``, then ``pipeline merge`` of the
exported file.  OmegaT leaves a copy of the source in what it did not translate: merge must
keep each of those out by unit id (exit 9) and merge the rest as the UN's English.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from lxml import etree

from pipeline import model, read_source
from pipeline.cli import cli
from pipeline.diagnostics import Reporter
from pipeline.writers.xliff import extract_units

from conftest import SHARED

CORPUS = SHARED / "corpus"
ZH, EN = CORPUS / "zh_A-RES-75-234.txt", CORPUS / "en_A-RES-75-234.txt"
X1 = "{urn:oasis:names:tc:xliff:document:1.2}"

PROJECT = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<omegat>
  <project version="1.0">
    <source_dir>source</source_dir><source_dir_excludes/><target_dir>target</target_dir>
    <tm_dir>tm</tm_dir><glossary_dir>glossary</glossary_dir><glossary_file>glossary/glossary.txt</glossary_file>
    <dictionary_dir>dictionary</dictionary_dir>
    <source_lang>zh-CN</source_lang><target_lang>en</target_lang>
    <source_tok>org.omegat.tokenizer.LuceneSmartChineseTokenizer</source_tok>
    <target_tok>org.omegat.tokenizer.LuceneEnglishTokenizer</target_tok>
    <sentence_seg>false</sentence_seg><support_default_translations>true</support_default_translations>
    <remove_tags>false</remove_tags>
  </project>
</omegat>
"""


def _run(*args):
    result = CliRunner().invoke(cli, [str(a) for a in args])
    return result


@pytest.fixture(scope="module")
def omegat_export(tmp_path_factory):
    omegat = shutil.which("omegat")
    assert omegat, "OmegaT is missing: make test installs Debian's omegat package"
    root = tmp_path_factory.mktemp("omegat")
    project = root / "project"
    for sub in ("source", "target", "tm/auto", "omegat", "glossary", "dictionary"):
        (project / sub).mkdir(parents=True)
    (project / "omegat.project").write_text(PROJECT, encoding="utf-8")
    result = _run("tm", "import", ZH, EN, "-o", project / "tm" / "auto" / "un.tmx", "-q")
    assert result.exit_code == 0, result.output
    result = _run("build", ZH, "--to", "xliff", "--target-lang", "en", "--xliff-profile", "omegat",
                  "-o", root / "xliff", "-q", "--cache-dir", root / "cache")
    assert result.exit_code == 0, result.output
    shutil.copy(root / "xliff" / "zh_A-RES-75-234.en.xlf", project / "source")
    proc = subprocess.run([omegat, str(project), "--mode=console-translate"], capture_output=True, text=True,
                          timeout=300)
    assert proc.returncode == 0, proc.stdout[-2000:] + proc.stderr[-2000:]
    exported = project / "target" / "zh_A-RES-75-234.en.xlf"
    assert exported.exists(), proc.stdout[-2000:]
    stats = (project / "omegat" / "project_stats.txt").read_text(encoding="utf-8")
    return root, exported, stats


def test_omegat_finds_every_unit_of_the_omegat_profile(omegat_export):
    _, _, stats = omegat_export
    total = next(line for line in stats.splitlines() if line.startswith("Total:")).split()
    assert int(total[1]) == len(extract_units(read_source(ZH.read_bytes(), str(ZH), Reporter())))


def test_omegat_export_merges_and_its_source_copies_are_kept_out(omegat_export):
    root, exported, _ = omegat_export
    result = _run("merge", ZH, exported, "-o", root / "merged")
    assert result.exit_code == 9, result.output          # OmegaT left untranslated units: not publishable
    xlf = etree.parse(str(exported)).getroot()
    def words(el):                          # the text a translator translates: not the protected symbols
        return "".join(t for t in el.xpath(".//text()[not(ancestor::x:mrk)]", namespaces={"x": X1[1:-1]}))
    copies = {tu.get("id") for tu in xlf.iter(X1 + "trans-unit")
              if "".join(tu.find(X1 + "source").itertext()) == "".join(tu.find(X1 + "target").itertext())}
    translated = {tu.get("id") for tu in xlf.iter(X1 + "trans-unit")} - copies
    # A copy with no words to translate ("A/75/371。") is not caught: nothing says it is untranslated.
    copies = {tu.get("id") for tu in xlf.iter(X1 + "trans-unit")
              if tu.get("id") in copies and re.search(r"[\u4e00-\u9fff]", words(tu.find(X1 + "source")))}
    assert translated and copies                          # OmegaT's exact matches from tm/auto, and the rest
    flagged = {line.split(" unit ")[1].split(" ")[0] for line in result.output.splitlines()
               if "[target-is-source]" in line}
    assert flagged == copies
    merged = model.parse_model((root / "merged" / "zh_A-RES-75-234.en.akn.xml").read_bytes())
    english = {u.name: model.flow_text(u.element, notes=False) for u in
               extract_units(read_source(EN.read_bytes(), str(EN), Reporter()))}
    by_id = {u.id: u for u in extract_units(read_source(ZH.read_bytes(), str(ZH), Reporter()))}
    got = {u.name: model.flow_text(u.element, notes=False) for u in extract_units(merged)}
    assert len(translated) >= 15
    for uid in translated:
        name = by_id[uid].name
        assert got[name] == english[name], name


def _tool(name: str, *args: str) -> subprocess.CompletedProcess:
    exe = Path(sys.executable).with_name(name)
    assert exe.exists(), f"translate-toolkit's {name} is missing"
    return subprocess.run([str(exe), *args], capture_output=True, text=True, timeout=120)


@pytest.mark.parametrize("profile", ["standard", "omegat", "trados"])
def test_pocount_and_pofilter_read_our_xliff12(tmp_path, profile):
    out = tmp_path / "x"
    result = _run("build", ZH, "--to", "xliff", "--target-lang", "en", "--xliff-version", "1.2",
                  "--xliff-profile", profile, "-o", out, "-q", "--cache-dir", tmp_path / "cache")
    assert result.exit_code == 0, result.output
    xlf = out / "zh_A-RES-75-234.en.xlf"
    count = _tool("pocount", str(xlf))
    assert count.returncode == 0 and "Error" not in count.stderr, count.stderr
    units = len(extract_units(read_source(ZH.read_bytes(), str(ZH), Reporter())))
    assert f"Total:           {units}" in count.stdout.replace("  ", " ") or str(units) in count.stdout
    checked = _tool("pofilter", str(xlf), "-o", str(tmp_path / "filtered.xlf"))
    assert checked.returncode == 0 and "Error" not in checked.stderr, checked.stderr


def test_pofilter_checks_a_pre_translated_xliff12(tmp_path):
    """pofilter reads the targets the translation memory filled, codes included."""
    tmx = tmp_path / "un.tmx"
    assert _run("tm", "import", ZH, EN, "-o", tmx, "-q").exit_code == 0
    out = tmp_path / "x"
    result = _run("build", ZH, "--to", "xliff", "--target-lang", "en", "--xliff-version", "1.2", "--tm", tmx,
                  "-o", out, "-q", "--cache-dir", tmp_path / "cache")
    assert result.exit_code == 0, result.output
    xlf = out / "zh_A-RES-75-234.en.xlf"
    checked = _tool("pofilter", "--test=untranslated", str(xlf), "-o", str(tmp_path / "untranslated.xlf"))
    assert checked.returncode == 0 and "Error" not in checked.stderr, checked.stderr
    count = _tool("pocount", str(xlf))
    assert count.returncode == 0 and "Error" not in count.stderr, count.stderr
    assert "Translated:" in count.stdout


def test_translate_toolkit_pretranslate_never_carries_an_old_translation_into_an_edited_paragraph(tmp_path):
    """Issue 15: a translation carried over by id (pretranslate) merged the old French of an edited
    paragraph with exit 0. Unit ids are content ids now: the edited paragraph gets only a fuzzy
    alt-trans from pretranslate, and merge keeps it out by unit id (exit 9; --strict: nothing, 6)."""
    en, fr = CORPUS / "en_A-RES-75-234.txt", CORPUS / "fr_A-RES-75-234.txt"
    tmx = tmp_path / "un.tmx"
    assert _run("tm", "import", en, fr, "-o", tmx, "-q").exit_code == 0
    assert _run("build", en, "--to", "xliff", "--target-lang", "fr", "--xliff-version", "1.2", "--tm", tmx,
                "-o", tmp_path / "old", "-q", "--cache-dir", tmp_path / "cache").exit_code == 0
    edited = tmp_path / "en_A-RES-75-234.txt"
    text = en.read_text(encoding="utf-8")
    assert "Decides to include in the provisional agenda" in text
    edited.write_text(text.replace("Decides to include in the provisional agenda",
                                   "Also decides to include in the provisional agenda"), encoding="utf-8")
    assert _run("build", edited, "--to", "xliff", "--target-lang", "fr", "--xliff-version", "1.2",
                "-o", tmp_path / "new", "-q", "--cache-dir", tmp_path / "cache").exit_code == 0
    carried = tmp_path / "carried.xlf"
    proc = _tool("pretranslate", "-t", str(tmp_path / "old" / "en_A-RES-75-234.fr.xlf"),
                 str(tmp_path / "new" / "en_A-RES-75-234.fr.xlf"), "-o", str(carried))
    assert proc.returncode == 0 and "Error" not in proc.stderr, proc.stderr
    para_6 = next(u for u in extract_units(read_source(edited.read_bytes(), str(edited), Reporter()))
                  if u.name == "para_6")
    result = _run("merge", edited, carried, "-o", tmp_path / "out", "--fail-on-warning")
    assert result.exit_code == 9, result.output
    assert f"unit {para_6.describe()}: no target" in result.output
    merged = model.parse_model((tmp_path / "out" / "en_A-RES-75-234.fr.akn.xml").read_bytes())
    assert "Décide d’inscrire" not in model.flow_text(model.document_element(merged))
    assert _run("merge", edited, carried, "-o", tmp_path / "strict", "--strict").exit_code == 6
