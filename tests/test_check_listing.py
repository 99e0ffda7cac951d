"""Issue 13: `pipeline check -v X.pdf` lists what was dropped, page by page, in page order."""

from __future__ import annotations

import json
import re

from click.testing import CliRunner

from pipeline.cli import cli, listing
from pipeline.diagnostics import Level, Reporter, SourcePos

from conftest import SHARED

REPORT = SHARED / "realworld" / "pdf" / "A_79_352.pdf"


def test_pages_in_numeric_order_furniture_one_line_a_page(tmp_path):
    log = tmp_path / "log.json"
    result = CliRunner().invoke(cli, ["check", "-v", "--diagnostics-json", str(log), str(REPORT)])
    assert result.exit_code == 0, result.output
    lines = [l for l in result.output.splitlines() if "#page=" in l]
    pages = [int(re.search(r"#page=(\d+):", l)[1]) for l in lines]
    assert pages == sorted(pages) and pages[-1] == 56
    furniture = [l for l in lines if l.endswith("[furniture-dropped]")]
    furniture_pages = [int(re.search(r"#page=(\d+):", l)[1]) for l in furniture]
    assert furniture_pages == sorted(set(furniture_pages)), "one line a page"
    assert any(re.search(r"#page=11:1:1: info: page furniture dropped: running head “A/79/352” \(line 1\); "
                         r"page foot “24-16783 11/56” \(line \d+\)", l) for l in furniture)
    # A table of contents is one piece of that line, not one per line of it.
    assert any(re.search(r"table of contents: \d+ lines \(\d+–\d+\)", l) for l in furniture)
    # The JSON log keeps every diagnostic, one per dropped line, in the same order.
    entries = json.loads(log.read_text())
    dropped = [e for e in entries if e["type"] == "furniture-dropped"]
    assert len(dropped) > 2 * len(furniture)
    order = [(int(e["source"].rsplit("=", 1)[1]), e["line"]) for e in dropped]
    assert order == sorted(order)


def test_listing_groups_only_what_it_should():
    reporter = Reporter()
    for page, line, message in ((10, 1, "running head “X” dropped"), (2, 30, "page foot “2/10” dropped"),
                                (2, 1, "running head “X” dropped")):
        reporter.info("furniture-dropped", message, SourcePos("x.pdf#page=%d" % page, line))
    reporter.report(Level.WARNING, "note-line-without-note", "a line", SourcePos("x.pdf#page=2", 5))
    reporter.info("furniture-dropped", "page foot “x” dropped", SourcePos("x.txt", 3))
    text = listing(reporter.sorted()).splitlines()
    assert text == [
        "x.pdf#page=2:1:1: info: page furniture dropped: running head “X” (line 1); page foot “2/10” (line 30) "
        "[furniture-dropped]",
        "x.pdf#page=2:5:1: warning: a line [note-line-without-note]",
        "x.pdf#page=10:1:1: info: page furniture dropped: running head “X” (line 1) [furniture-dropped]",
        "x.txt:3:1: info: page foot “x” dropped [furniture-dropped]",
    ]
