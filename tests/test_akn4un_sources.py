"""Issue 13 item 5 and its bad input: sources dispatched by content, mixed folders, and XML that
is not what the pipeline reads.

A folder holding an official PDF, raw text, the UN's XML (under its UN file name), a model this
pipeline wrote and files of other kinds builds every source and names each file it skips; an empty folder, or
one with nothing to read, fails; a file of another kind named on the command line is an error
naming it.  XML that is not Akoma Ntoso, and Akoma Ntoso that is not valid, are each one clear
message with the file and line, exit 4, and nothing written.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import MODELS, ROOT, SHARED

UN_XML = SHARED / "realworld" / "akn4un" / "french" / "A_RES_78_246-2326260F.xml"
UN_XML_ZH = SHARED / "realworld" / "akn4un" / "chinese" / "A_RES_78_246-2326260C.xml"
INVALID_AKN = SHARED / "corpus" / "akn4un" / "75_234_C.xml"     # the UN's own: preamble after mainBody
TEXT = SHARED / "corpus" / "en_A-RES-75-234.txt"
PDF = SHARED / "realworld" / "pdf" / "A_RES_78_246.pdf"          # the official PDF, as downloaded
EPOCH = "1700000000"


def run(*args, tmp_path: Path):
    env = dict(os.environ, PYTHONPATH=str(ROOT), SOURCE_DATE_EPOCH=EPOCH,
               PIPELINE_CACHE_DIR=str(tmp_path / "cache"))
    return subprocess.run([sys.executable, "-m", "pipeline", *args], capture_output=True, text=True,
                          env=env, cwd=tmp_path, timeout=300)


def nothing_written(out: Path) -> bool:
    """No file in the output folder (the folder itself may have been made)."""
    return not out.exists() or not any(out.rglob("*"))


def test_mixed_folder_builds_every_source_and_names_what_it_skips(tmp_path):
    folder = tmp_path / "downloads"
    folder.mkdir()
    shutil.copy(UN_XML, folder)
    shutil.copy(TEXT, folder)
    shutil.copy(PDF, folder)
    shutil.copy(MODELS / "resolution.akn.xml", folder / "S_RES_2713-FR.akn.xml")
    (folder / "photo.png").write_bytes(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR")
    (folder / "budget.csv").write_text("a,b\n1,2\n")
    # A UN XML file saved without its extension is still found by its content.
    shutil.copy(UN_XML_ZH, folder / "A_RES_78_246-2326260C")
    proc = run("build", "downloads", "--to", "akn,html", "-o", "out", "--json", tmp_path=tmp_path)
    assert proc.returncode == 0, proc.stderr
    result = json.loads(proc.stdout)
    built = sorted(row["path"] for row in result["outputs"])
    assert built == ["A_RES_78_246-FR.akn.xml", "A_RES_78_246-FR.html",
                     "A_RES_78_246-ZH.akn.xml", "A_RES_78_246-ZH.html",
                     "A_RES_78_246.akn.xml", "A_RES_78_246.html",
                     "S_RES_2713-FR.akn.xml", "S_RES_2713-FR.html",
                     "en_A-RES-75-234.akn.xml", "en_A-RES-75-234.html"]
    for name in ("photo.png", "budget.csv"):
        assert f"downloads/{name}: warning: not a source the pipeline reads; skipped [source-skipped]" \
            in proc.stderr
    # The UN's file name gives the symbol and language, not its job number.
    manifest = json.loads((tmp_path / "out" / "manifest.json").read_text())
    languages = {a["path"]: a["language"] for a in manifest["artifacts"]}
    assert languages["A_RES_78_246-FR.html"] == "fr" and languages["A_RES_78_246-ZH.html"] == "zh"
    assert languages["A_RES_78_246.html"] == "en"          # the PDF's, read from its masthead


def test_un_xml_gets_xliff_for_the_other_languages_only(tmp_path):
    shutil.copy(UN_XML, tmp_path)
    proc = run("build", UN_XML.name, "--to", "xliff", "--target-lang", "all", "-o", "out", tmp_path=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert sorted(p.name for p in (tmp_path / "out").glob("*.xlf")) == [
        f"A_RES_78_246-FR.{lang}.xlf" for lang in ("ar", "en", "es", "ru", "zh")]


@pytest.mark.parametrize("contents", [None, {"notes.odt": b"PK\x03\x04", "logo.png": b"\x89PNG\r\n"}],
                         ids=["empty", "nothing-readable"])
def test_a_folder_without_sources_fails(tmp_path, contents):
    folder = tmp_path / "in"
    folder.mkdir()
    for name, data in (contents or {}).items():
        (folder / name).write_bytes(data)
    proc = run("build", "in", "-o", "out", tmp_path=tmp_path)
    assert proc.returncode == 2
    assert "no source found in in: the pipeline reads" in proc.stderr
    assert nothing_written(tmp_path / "out")
    assert run("check", "in", tmp_path=tmp_path).returncode == 2


def test_an_unsupported_file_named_directly_is_an_error_naming_it(tmp_path):
    (tmp_path / "logo.png").write_bytes(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR")
    proc = run("build", "logo.png", "-o", "out", tmp_path=tmp_path)
    assert proc.returncode == 4
    assert proc.stderr.count("error:") == 1
    assert "logo.png:1:1: error: not a source the pipeline reads" in proc.stderr
    assert nothing_written(tmp_path / "out")


def test_xml_that_is_not_akoma_ntoso(tmp_path):
    (tmp_path / "page.xml").write_text('<?xml version="1.0"?>\n<!-- an XHTML page -->\n'
                                       '<html xmlns="http://www.w3.org/1999/xhtml"><body/></html>\n')
    proc = run("build", "page.xml", "-o", "out", tmp_path=tmp_path)
    assert proc.returncode == 4
    assert proc.stderr.count("error:") == 1
    assert ("page.xml:3:1: error: this XML file is not Akoma Ntoso: its root element is "
            "<{http://www.w3.org/1999/xhtml}html>, not <akomaNtoso>") in proc.stderr
    assert "hint: the pipeline reads a UN PDF, raw text (.txt, .md)" in proc.stderr
    assert nothing_written(tmp_path / "out")


def test_akn_that_is_not_valid_is_the_users_input_not_a_bug(tmp_path):
    """The UN's own 75_234_C.xml puts a preamble after the main body: exit 4 with its line."""
    shutil.copy(INVALID_AKN, tmp_path)
    proc = run("build", INVALID_AKN.name, "-o", "out", tmp_path=tmp_path)
    assert proc.returncode == 4, proc.stderr
    assert proc.stderr.count("error:") == 1
    assert ("75_234_C.xml:180:1: error: not valid Akoma Ntoso 3.0: Element 'preamble': This element "
            "is not expected.") in proc.stderr
    assert "bug" not in proc.stderr
    assert nothing_written(tmp_path / "out")
    check = run("check", INVALID_AKN.name, tmp_path=tmp_path)
    assert check.returncode == 4 and "75_234_C.xml:180:1:" in check.stderr


def test_our_own_model_made_invalid_by_hand_is_exit_4_too(tmp_path):
    """A model this pipeline wrote, edited into something not valid: the user's input (exit 4)."""
    text = (MODELS / "resolution.akn.xml").read_text()
    broken = text.replace("<preamble>", "<preamble><bogus/>", 1)
    (tmp_path / "S_RES_2713-FR.akn.xml").write_text(broken)
    proc = run("build", "S_RES_2713-FR.akn.xml", "--to", "html", "-o", "out", tmp_path=tmp_path)
    assert proc.returncode == 4
    line = broken[: broken.index("<bogus/>")].count("\n") + 1
    assert f"S_RES_2713-FR.akn.xml:{line}:" in proc.stderr and "Element 'bogus'" in proc.stderr
    assert nothing_written(tmp_path / "out")


def test_xml_not_well_formed_names_line_and_column(tmp_path):
    (tmp_path / "A_RES_78_246-2326260F.xml").write_bytes(UN_XML.read_bytes()[:3000])
    proc = run("build", "A_RES_78_246-2326260F.xml", "-o", "out", tmp_path=tmp_path)
    assert proc.returncode == 4
    assert "A_RES_78_246-2326260F.xml:" in proc.stderr and "not well-formed XML" in proc.stderr
    assert nothing_written(tmp_path / "out")


def test_xml_with_an_entity_is_refused_without_reading_anything(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP SECRET")
    (tmp_path / "x.xml").write_text(f'<?xml version="1.0"?>\n<!DOCTYPE a [<!ENTITY s SYSTEM "file://{secret}">]>\n'
                                     '<akomaNtoso xmlns="http://docs.oasis-open.org/legaldocml/ns/akn/3.0">&s;</akomaNtoso>\n')
    proc = run("check", "x.xml", tmp_path=tmp_path)
    assert proc.returncode == 4
    assert "x.xml:2:1: error: a DOCTYPE is not allowed in an Akoma Ntoso source" in proc.stderr
    assert "TOP SECRET" not in proc.stderr + proc.stdout


def test_source_kind_by_content():
    from pipeline.readers import detect, source_kind
    assert source_kind(b"%PDF-1.7\n") == "pdf"
    assert source_kind(UN_XML.read_bytes()) == "xml"            # no XML declaration: <akomaNtoso …
    assert source_kind(b"\xef\xbb\xbf<?xml version='1.0'?><a/>") == "xml"
    assert source_kind("United Nations\nA/73/321\n".encode()) == "text"
    assert detect(b"%PDF-1.4", "N2342312") == "pdf"
    assert detect(b"United Nations", "report.txt") == "text"
    assert detect(b"United Nations", "report.docx") is None
