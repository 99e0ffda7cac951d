"""The real validators the tests run (XSDs, EPUBCheck, Ace, axe-core, the Nu checker, pdf.js,
actionlint, translate-toolkit), each wrapped to return its findings as data.

What they share: a validator that cannot run raises :class:`ValidatorUnavailable`, so the test
using it fails rather than skips; the Node tools live in ``tests/tools`` (``npm ci`` by
``make test``), the Java ones need ``java`` (``default-jre-headless``).
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

TOOLS = Path(__file__).resolve().parent.parent / "tools"


class ValidatorUnavailable(RuntimeError):
    """A validator that cannot run here (not installed, crashed, wrote no report)."""


def node(*packages: str) -> str:
    """The ``node`` executable, once ``packages`` are installed in ``tests/tools/node_modules``."""
    executable = shutil.which("node")
    if executable is None:
        raise ValidatorUnavailable("node is not installed (make test installs nodejs)")
    for package in packages:
        if not (TOOLS / "node_modules" / package).is_dir():
            raise ValidatorUnavailable(f"{package} is missing in tests/tools/node_modules "
                                       "(make test runs npm ci there)")
    return executable


def java() -> str:
    executable = shutil.which("java")
    if executable is None:
        raise ValidatorUnavailable("java is not installed (make test installs default-jre-headless)")
    return executable


def node_json(script: Path, args, packages: tuple[str, ...], timeout: float) -> dict:
    """Run one of our Node scripts in ``tests/tools``: the JSON it prints, or ValidatorUnavailable
    when it prints none or reports an ``error``."""
    proc = subprocess.run([node(*packages), str(script), *map(str, args)], capture_output=True, text=True,
                          timeout=timeout, cwd=TOOLS)
    try:
        data = json.loads(proc.stdout)
    except json.JSONDecodeError:
        raise ValidatorUnavailable(f"{script.name} failed (exit {proc.returncode}): {proc.stderr[-2000:]}")
    if proc.returncode != 0 or (isinstance(data, dict) and "error" in data):
        detail = data.get("error") if isinstance(data, dict) else proc.stderr[-2000:]
        raise ValidatorUnavailable(f"{script.name} failed (exit {proc.returncode}): {detail}")
    return data
