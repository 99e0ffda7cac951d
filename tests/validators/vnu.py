"""The Nu HTML Checker (vnu.jar from the npm package vnu-jar, run with Java) on HTML files: messages as data.

``.html`` files are parsed as HTML, ``.xhtml`` as XML (vnu decides by the extension).  Warnings are
vnu's ``info`` messages with ``subType: warning``.  A checker that cannot run raises
:class:`ValidatorUnavailable`; it never passes silently.
"""

from __future__ import annotations

import dataclasses
import json
import subprocess
from pathlib import Path

from . import ValidatorUnavailable, java

JAR = Path(__file__).resolve().parent.parent / "tools" / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
#: vnu needs a deep stack (-Xss4m); serial GC and C1 only halve the JVM's start-up.
JAVA_OPTS = ["-Xss4m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"]


@dataclasses.dataclass(frozen=True)
class Message:
    kind: str          # "error", "warning", "info", "non-document-error"
    message: str
    file: str
    line: int | None
    extract: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.kind}: {self.message} [{self.extract.strip()[:80]}]"


def check(files, options=()) -> list[Message]:
    """Every message vnu gives on ``files`` (one JVM for all of them)."""
    if not JAR.is_file():
        raise ValidatorUnavailable(f"{JAR} is missing (make test runs npm ci in tests/tools)")
    cmd = [java(), *JAVA_OPTS, "-jar", str(JAR), "--format", "json", "--exit-zero-always", *options,
           *[str(f) for f in files]]
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=300)
    try:
        raw = json.loads(proc.stderr)["messages"]
    except (json.JSONDecodeError, KeyError):
        raise ValidatorUnavailable(f"vnu failed (exit {proc.returncode}): {proc.stderr[-2000:]}")
    messages = []
    for m in raw:
        t, sub = m.get("type"), m.get("subType")
        kind = ("error" if t == "error" else "warning" if t == "info" and sub == "warning"
                else "info" if t == "info" else "non-document-error")
        messages.append(Message(kind, m.get("message", ""), (m.get("url") or "").removeprefix("file:"),
                                m.get("lastLine"), m.get("extract", "")))
    if any(m.kind == "non-document-error" for m in messages):
        raise ValidatorUnavailable("vnu could not check: " + "; ".join(
            str(m) for m in messages if m.kind == "non-document-error"))
    return messages
