"""The command line as a user meets it: a table of {args, exit code, stderr pattern, outputs} (translate-toolkit's CliCase), and help for every command."""

from __future__ import annotations

import dataclasses
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from pipeline.cli import cli
from pipeline.writers import WRITERS, WriteOptions

from conftest import MODELS, ROOT

MINIMAL = MODELS / "minimal.akn.xml"
BAD_XML = b"<?xml version='1.0'?>\n<akomaNtoso>\n <doc>\n</akomaNtoso>\n"


@dataclasses.dataclass(frozen=True)
class CliCase:
    name: str
    args: tuple[str, ...]             # {src} = a folder holding minimal.akn.xml and bad.akn.xml; {out}
    exit_code: int
    stderr: str = ""                  # a regular expression stderr must match
    outputs: tuple[str, ...] = ()     # exactly the files expected in {out} afterwards
    env: tuple[tuple[str, str], ...] = ()


CASES = [
    CliCase("version", ("--version",), 0),
    CliCase("no-source", ("build",), 2, r"Missing argument 'SOURCES\.\.\.'"),
    CliCase("missing-file", ("build", "{src}/nope.md", "-o", "{out}"), 2, r"nope\.md: no such file or directory"),
    CliCase("unknown-format", ("build", "{src}/minimal.akn.xml", "--to", "odt", "-o", "{out}"), 2,
            r"unknown format odt; choose from .*akn"),
    CliCase("jobs-zero", ("build", "{src}/minimal.akn.xml", "-j", "0", "-o", "{out}"), 2,
            r"'-j' / '--jobs': 0 is not in the range x>=1"),
    CliCase("bad-epoch", ("build", "{src}/minimal.akn.xml", "-o", "{out}"), 2,
            r"SOURCE_DATE_EPOCH='yesterday' is not a number", env=(("SOURCE_DATE_EPOCH", "yesterday"),)),
    CliCase("one-format", ("build", "{src}/minimal.akn.xml", "--to", "akn", "-o", "{out}"), 0,
            r"\[1/1\] built: .*minimal\.akn\.xml.*\n(.*\n)*1 built\n?$",
            ("SHA256SUMS", "manifest.json", "minimal.akn.xml")),
    CliCase("quiet", ("build", "-q", "{src}/minimal.akn.xml", "--to", "akn", "-o", "{out}"), 0, r"^$",
            ("SHA256SUMS", "manifest.json", "minimal.akn.xml")),
    CliCase("not-well-formed", ("build", "{src}/bad.akn.xml", "--to", "akn", "-o", "{out}"), 4,
            r"bad\.akn\.xml:4:\d+: error: not well-formed XML"),
    CliCase("one-bad-of-two", ("build", "{src}", "--to", "akn", "-o", "{out}", "-j", "1"), 4,
            r"bad\.akn\.xml:4:\d+: error: not well-formed XML(.*\n)*1 output\(s\) failed",
            ("SHA256SUMS", "manifest.json", "minimal.akn.xml")),
    # The page size goes into CSS: refused at the option, before anything is built.
    CliCase("page-size-injection", ("build", "{src}/minimal.akn.xml", "--page-size", "A4; }} body {{ color: red",
                                    "-o", "{out}"), 2, r"Invalid value for '--page-size': the page size 'A4; } body { color: red' is not a CSS page size"),
    CliCase("bilingual-page-size", ("build", "{src}/minimal.akn.xml", "--bilingual", "{src}/minimal.akn.xml",
                                    "--page-size", "A4; }} body {{ color: red", "-o", "{out}"), 2,
            r"Invalid value for '--page-size'"),
    CliCase("output-under-a-file", ("build", "{src}/minimal.akn.xml", "--to", "akn", "-o", "{src}/minimal.akn.xml/out"),
            12, r"^error: .*minimal\.akn\.xml/out: cannot create it: a file is in the way of the folder\n  hint: "),
    CliCase("check", ("check", "{src}/minimal.akn.xml"), 0, r"minimal\.akn\.xml: repairs: none; 0 warning\(s\)"),
]
if "xliff" in WRITERS:
    CASES.append(CliCase("all-without-target", ("build", "{src}/minimal.akn.xml", "--to", "all", "-o", "{out}"),
                         0, r"note: no XLIFF file: it needs --target-lang",
                         ("SHA256SUMS", "manifest.json",
                          *(WRITERS[f].output_name("minimal", WriteOptions()) for f in WRITERS if f != "xliff"))))
    CASES.append(CliCase("xliff-needs-target", ("build", "{src}/minimal.akn.xml", "--to", "xliff", "-o", "{out}"),
                         2, r"--to xliff needs --target-lang"))


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_cli_case(case: CliCase, tmp_path: Path):
    src, out = tmp_path / "src", tmp_path / "out"
    src.mkdir()
    (src / "minimal.akn.xml").write_bytes(MINIMAL.read_bytes())
    (src / "bad.akn.xml").write_bytes(BAD_XML)
    args = [a.format(src=src, out=out) for a in case.args]
    env = {**os.environ, "PIPELINE_CACHE_DIR": str(tmp_path / "cache"), "SOURCE_DATE_EPOCH": "0", **dict(case.env)}
    proc = subprocess.run([sys.executable, "-m", "pipeline", *args], capture_output=True, text=True,
                          cwd=ROOT, env=env, timeout=300)
    assert proc.returncode == case.exit_code, proc.stderr
    assert re.search(case.stderr, proc.stderr), proc.stderr
    found = sorted(p.name for p in out.iterdir()) if out.exists() else []
    assert found == sorted(case.outputs)


def commands():
    return sorted(cli.commands)


@pytest.mark.parametrize("name", commands())
def test_every_command_has_help_with_an_example_and_is_in_the_readme(name):
    result = CliRunner().invoke(cli, [name, "--help"])
    assert result.exit_code == 0, result.output
    assert re.search(r"Example:\n +pipeline " + re.escape(name) + " ", result.output), result.output
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert f"pipeline {name} " in readme, f"README.md never shows `pipeline {name}`"


def test_top_level_help_lists_the_exit_codes():
    result = CliRunner().invoke(cli, ["--help"])
    assert result.exit_code == 0
    for code in range(0, 9):
        assert re.search(rf"^ +{code} +\w", result.output, re.M), code
