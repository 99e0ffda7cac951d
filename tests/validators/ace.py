"""Ace by DAISY (npm ``@daisy/ace-cli``, the puppeteer runner) on an EPUB file: its violations as data.

Chromium is Debian's, started through ``ace_chromium.sh`` with the mandated flags.
Ace aborts every http(s) request itself, so it runs offline.  A checker that
cannot run raises :class:`ValidatorUnavailable`; it never passes silently.
"""

from __future__ import annotations

import dataclasses
import json
import os
import subprocess
import tempfile
from pathlib import Path

from . import TOOLS, ValidatorUnavailable, node

HERE = Path(__file__).resolve().parent
ACE_JS = TOOLS / "node_modules" / "@daisy" / "ace-cli" / "bin" / "ace.js"
CHROMIUM = HERE / "ace_chromium.sh"


@dataclasses.dataclass(frozen=True)
class Violation:
    rule: str
    impact: str
    document: str
    description: str

    def __str__(self) -> str:
        return f"{self.impact} {self.rule} in {self.document}: {self.description}"


@dataclasses.dataclass(frozen=True)
class Report:
    version: str
    outcome: str
    violations: tuple[Violation, ...]
    a11y_metadata: dict
    raw: dict


def version() -> str:
    return json.loads((ACE_JS.parent.parent / "package.json").read_text())["version"]


def check(path: Path, timeout: float = 300) -> Report:
    """Run Ace on ``path`` (an .epub file)."""
    executable = node()
    if not ACE_JS.is_file():
        raise ValidatorUnavailable(f"{ACE_JS} is missing (make test runs npm ci in tests/tools)")
    with tempfile.TemporaryDirectory(prefix="ace-") as tmp:
        out, scratch = Path(tmp) / "out", Path(tmp) / "tmp"
        scratch.mkdir()
        env = dict(os.environ, PUPPETEER_EXECUTABLE_PATH=str(CHROMIUM), PUPPETEER_SKIP_DOWNLOAD="1",
                   TMPDIR=str(scratch))
        proc = subprocess.run([executable, str(ACE_JS), "--silent", "--force", "--outdir", str(out),
                               "--tempdir", str(scratch), str(path)],
                              capture_output=True, text=True, timeout=timeout, env=env)
        report = out / "report.json"
        if not report.exists():
            raise ValidatorUnavailable(f"Ace wrote no report (exit {proc.returncode}): "
                                       f"{(proc.stderr or proc.stdout)[-2000:]}")
        data = json.loads(report.read_text(encoding="utf-8"))
    violations = []
    for doc in data.get("assertions", []):
        url = (doc.get("earl:testSubject") or {}).get("url", "?")
        for a in doc.get("assertions", []):
            result = a.get("earl:result") or {}
            if result.get("earl:outcome") != "fail":
                continue
            test = a.get("earl:test") or {}
            violations.append(Violation(test.get("dct:title", "?"), test.get("earl:impact", "?"), url,
                                        result.get("dct:description", "")))
    return Report(version(), (data.get("earl:result") or {}).get("earl:outcome", "?"),
                  tuple(violations), data.get("a11y-metadata") or {}, data)
