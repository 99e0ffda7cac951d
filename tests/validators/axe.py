"""axe-core inside real headless Chromium (tests/tools/axe_run.cjs) on HTML/XHTML files: violations as data.

One browser runs every file in every colour scheme asked for (``light``, ``dark``: the page is
loaded with ``prefers-color-scheme`` emulated).  A checker that cannot run raises
:class:`ValidatorUnavailable`; it never passes silently.
"""

from __future__ import annotations

import dataclasses

from . import TOOLS, ValidatorUnavailable, node_json  # noqa: F401  (ValidatorUnavailable: what run raises)
SCRIPT = TOOLS / "axe_run.cjs"
#: WCAG 2.2 AA plus axe's best practices, as issue 3 asks.
TAGS = ("wcag2a", "wcag2aa", "wcag21aa", "wcag22aa", "best-practice")


@dataclasses.dataclass(frozen=True)
class Run:
    file: str
    scheme: str
    violations: list[dict]
    incomplete: list[dict]
    passes: list[str]
    blocked: list[str]
    #: selector -> {"rest", "hover", "focus"}: computed style of its first match in each state
    #: (color, textDecorationLine, outlineStyle, after, listStyleType, paddingInlineStart,
    #: inViewport, focusVisible); None if no match.
    probes: dict
    #: document scrollWidth - viewport width: > 0 means sideways scrolling (WCAG 1.4.10 reflow).
    overflow_x: int

    def describe(self) -> str:
        """One line per violating node, for assertion messages."""
        lines = []
        for v in self.violations:
            for n in v["nodes"]:
                summary = " ".join((n.get("summary") or "").split())
                lines.append(f"{self.file} [{self.scheme}] {v['id']} ({v['impact']}): {n['target']}: {summary}")
        return "\n".join(lines)


@dataclasses.dataclass(frozen=True)
class Report:
    axe_version: str
    browser: str
    runs: list[Run]

    def run(self, file, scheme: str = "light") -> Run:
        for r in self.runs:
            if r.file == str(file) and r.scheme == scheme:
                return r
        raise KeyError((file, scheme))


def run(files, schemes=("light",), tags=TAGS, width: int = 1280, probes=(), timeout: float = 300) -> Report:
    """axe-core on each of ``files`` in each colour scheme of ``schemes``.

    ``probes``: CSS selectors whose first match is inspected at rest, hovered, and focused with
    the Tab key (after axe has run), to prove what becomes visible on hover and focus.
    """
    args = ["--tags", ",".join(tags), "--schemes", ",".join(schemes), "--width", width,
            *[a for p in probes for a in ("--probe", p)], *files]
    data = node_json(SCRIPT, args, ("axe-core", "puppeteer-core"), timeout)
    runs = [Run(r["file"], r["scheme"], r["violations"], r["incomplete"], r["passes"], r["blocked"],
                r.get("probes", {}), r["overflow_x"]) for r in data["runs"]]
    return Report(data["axe_version"], data.get("browser", ""), runs)
