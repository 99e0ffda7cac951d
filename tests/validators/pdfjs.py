"""pdf.js (Mozilla's PDF viewer, npm pdfjs-dist) in real headless Chromium: pages rendered to PNG, as data.

``tests/tools/pdfjs_render.cjs`` serves pdf.js and the PDF on a loopback port and renders the
pages in one browser.  A viewer that cannot run raises :class:`ValidatorUnavailable`; it never
passes silently.
"""

from __future__ import annotations

import dataclasses
import json
import shutil
import subprocess
from pathlib import Path

TOOLS = Path(__file__).resolve().parent.parent / "tools"
SCRIPT = TOOLS / "pdfjs_render.cjs"


class ValidatorUnavailable(RuntimeError):
    pass


@dataclasses.dataclass(frozen=True)
class Page:
    page: int
    png: Path
    text: str


@dataclasses.dataclass(frozen=True)
class Report:
    pdfjs_version: str
    browser: str
    pages: int
    rendered: list[Page]
    #: Everything pdf.js printed on the console (font warnings show up here).
    warnings: list[str]


def render(pdf: Path, out_dir: Path, pages=(1,), timeout: float = 180) -> Report:
    node = shutil.which("node")
    if node is None:
        raise ValidatorUnavailable("node is not installed (make install-test)")
    for package in ("pdfjs-dist", "puppeteer-core"):
        if not (TOOLS / "node_modules" / package).is_dir():
            raise ValidatorUnavailable(f"{package} missing in tests/tools/node_modules (make install-test)")
    out_dir.mkdir(parents=True, exist_ok=True)
    cmd = [node, str(SCRIPT), str(Path(pdf).resolve()), str(out_dir.resolve()), *map(str, pages)]
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, cwd=TOOLS)
    try:
        data = json.loads(proc.stdout)
    except json.JSONDecodeError:
        raise ValidatorUnavailable(f"pdfjs_render.cjs failed (exit {proc.returncode}): {proc.stderr[-2000:]}")
    if proc.returncode != 0 or "error" in data:
        raise ValidatorUnavailable(f"pdfjs_render.cjs failed (exit {proc.returncode}): {data.get('error')}")
    return Report(data["pdfjs_version"], data.get("browser", ""), data["pages"],
                  [Page(r["page"], Path(r["png"]), r["text"]) for r in data["rendered"]],
                  data["warnings"])
