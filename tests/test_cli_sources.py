"""Issue 2 at the command line: raw sources, `pipeline check`, warnings and errors as an editor sees them."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from lxml import etree

from conftest import AKN_XSD, ROOT, SAMPLE


def run(*args: str, tmp_path: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "PIPELINE_CACHE_DIR": str(tmp_path / "cache"), "SOURCE_DATE_EPOCH": "0"}
    return subprocess.run([sys.executable, "-m", "pipeline", *args], capture_output=True, text=True,
                          cwd=ROOT, env=env, timeout=300)


def test_check_prints_the_editorial_warnings_and_fails_on_request(tmp_path):
    plain = run("check", str(SAMPLE), tmp_path=tmp_path)
    assert plain.returncode == 0
    assert "A_73_321-ZH.md:133:50: warning: the English word “and” stands inside the Chinese text " \
           "[english-word-in-chinese]" in plain.stderr
    assert "A_73_321-ZH.md:229:272: warning: the character “值” is doubled: “值值” [doubled-character]" in plain.stderr
    assert "repairs: 15 footnote-attached, 6 paragraph-rejoined, 13 symbol-linked, 12 url-linked; 20 warning(s)" \
        in plain.stderr
    assert "info:" not in plain.stderr            # repairs only with -v
    verbose = run("check", "-v", str(SAMPLE), tmp_path=tmp_path)
    assert re.search(r"A_73_321-ZH\.md:63:1: info: paragraph 14 was cut by a page break", verbose.stderr)
    strict = run("check", "--fail-on-warning", str(SAMPLE), tmp_path=tmp_path)
    assert strict.returncode == 3 and "20 warning(s) reported" in strict.stderr


def test_diagnostics_json(tmp_path):
    out = tmp_path / "log.json"
    assert run("check", "--diagnostics-json", str(out), str(SAMPLE), tmp_path=tmp_path).returncode == 0
    import json
    entries = json.loads(out.read_text(encoding="utf-8"))
    doubled = [e for e in entries if e["type"] == "doubled-character"]
    assert doubled == [{"type": "doubled-character", "level": "WARNING", "message": "the character “值” is doubled: “值值”",
                        "source": str(SAMPLE), "line": 229, "column": 272, "hint": "delete one if this is a typing error"}]
    assert sum(e["level"] == "INFO" for e in entries) == 46


def test_build_akn_from_raw_text(tmp_path):
    proc = run("build", str(SAMPLE), "--to", "akn", "-o", str(tmp_path / "out"), tmp_path=tmp_path)
    assert proc.returncode == 0, proc.stderr
    written = tmp_path / "out" / "A_73_321-ZH.akn.xml"
    tree = etree.parse(str(written))
    assert etree.XMLSchema(etree.parse(str(AKN_XSD))).validate(tree)
    assert b"pl:line" not in written.read_bytes()          # the public file has no source positions


@pytest.mark.parametrize("content, message", [
    (b"", r"x_A_1_1-EN\.md:1:1: error: the file is empty\n  hint: "),
    (b"1. caf\xe9\n", r"x_A_1_1-EN\.md:1:7: error: byte 0xe9 at offset 6 is not UTF-8\n  hint: save the file as UTF-8"),
])
def test_unreadable_source_is_one_clear_message(tmp_path, content, message):
    source = tmp_path / "x_A_1_1-EN.md"
    source.write_bytes(content)
    proc = run("build", str(source), "--to", "akn", "-o", str(tmp_path / "out"), tmp_path=tmp_path)
    assert proc.returncode == 4
    assert re.search(message, proc.stderr), proc.stderr
    assert "Traceback" not in proc.stderr
    assert not list((tmp_path / "out").glob("*.akn.xml")) if (tmp_path / "out").exists() else True


def test_sidecar_metadata(tmp_path):
    source = tmp_path / "draft.md"
    source.write_bytes(SAMPLE.read_bytes())
    (tmp_path / "draft.meta.toml").write_text('symbol = "A/73/321"\nlanguage = "zh"\ndate = "2018-08-07"\n')
    proc = run("build", str(source), "--to", "akn", "-o", str(tmp_path / "out"), tmp_path=tmp_path)
    assert proc.returncode == 0, proc.stderr
    text = (tmp_path / "out" / "draft.akn.xml").read_text(encoding="utf-8")
    assert '<docDate date="2018-08-07">2018-08-07</docDate>' in text
    (tmp_path / "draft.meta.toml").write_text('symbl = "A/73/321"\n')
    proc = run("check", str(source), tmp_path=tmp_path)
    assert proc.returncode == 4 and "unknown metadata key 'symbl'" in proc.stderr


def test_xliff_for_every_other_official_language(tmp_path):
    out = tmp_path / "out"
    proc = run("build", str(SAMPLE), "--to", "xliff", "--target-lang", "all", "-o", str(out), tmp_path=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert sorted(p.name for p in out.glob("*.xlf")) == [
        f"A_73_321-ZH.{lang}.xlf" for lang in ("ar", "en", "es", "fr", "ru")]
    assert 'trgLang="ar"' in (out / "A_73_321-ZH.ar.xlf").read_text(encoding="utf-8")
    import json
    languages = {a["path"]: a["language"] for a in json.loads((out / "manifest.json").read_text())["artifacts"]}
    assert languages["A_73_321-ZH.ru.xlf"] == "ru"
    bad = run("build", str(SAMPLE), "--to", "xliff", "--target-lang", "en,xx", "-o", str(out), tmp_path=tmp_path)
    assert bad.returncode == 2 and "unknown language 'xx'" in bad.stderr
