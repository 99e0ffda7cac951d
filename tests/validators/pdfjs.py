"""pdf.js (Mozilla's PDF viewer, npm pdfjs-dist) in real headless Chromium: pages rendered to PNG, as data.

``tests/tools/pdfjs_render.cjs`` serves pdf.js and the PDF on a loopback port and renders the
pages in one browser.  A viewer that cannot run raises :class:`ValidatorUnavailable`; it never
passes silently.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

from . import TOOLS, ValidatorUnavailable, node_json  # noqa: F401  (ValidatorUnavailable: what render raises)
SCRIPT = TOOLS / "pdfjs_render.cjs"


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
    out_dir.mkdir(parents=True, exist_ok=True)
    data = node_json(SCRIPT, [Path(pdf).resolve(), out_dir.resolve(), *pages], ("pdfjs-dist", "puppeteer-core"),
                     timeout)
    return Report(data["pdfjs_version"], data.get("browser", ""), data["pages"],
                  [Page(r["page"], Path(r["png"]), r["text"]) for r in data["rendered"]],
                  data["warnings"])
