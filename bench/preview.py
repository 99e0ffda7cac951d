"""Edit → visible preview: how long ``pipeline serve`` takes to serve a saved edit of the sample.

A server runs in its own process on a copy of the sample (its first build done, the cache warm
for the unchanged parts); each run saves a new edit of one paragraph and measures, from the
save, the time until the server serves an HTML holding the new text (what the page reloads to,
pushed by Server-Sent Events; the browser's reload adds some 0.1–0.3 s, measured in Chromium by
``tests/test_serve.py``), then the time until the new PDF is served.  Medians of ``runs`` edits.
"""

from __future__ import annotations

import os
import re
import shutil
import statistics
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "source" / "A_73_321-ZH.md"
STEM = "A_73_321-ZH"
ANCHOR = "国际社会在其通过的"
TARGET_SECONDS = 3.0


def fetch(url: str) -> bytes | None:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.read()
    except (urllib.error.URLError, OSError):
        return None


def poll(url: str, test, timeout: float, step: float = 0.02) -> float | None:
    """Seconds until ``test(body)`` holds for ``url``'s body, or None after ``timeout``."""
    start = time.perf_counter()
    while time.perf_counter() - start < timeout:
        body = fetch(url)
        if body is not None and test(body):
            return time.perf_counter() - start
        time.sleep(step)
    return None


def edit_to_preview(runs: int, work: Path) -> dict:
    folder = work / "preview"
    folder.mkdir()
    source = folder / SAMPLE.name
    shutil.copy(SAMPLE, source)
    env = {**os.environ, "PYTHONPATH": str(ROOT), "SOURCE_DATE_EPOCH": "1533600000"}
    proc = subprocess.Popen([sys.executable, "-m", "pipeline", "serve", str(folder), "--port", "0",
                             "--cache-dir", str(work / "preview-cache")], stderr=subprocess.PIPE, text=True,
                            env=env)
    try:
        match = re.search(r"on (http://\S+/)", proc.stderr.readline())
        if not match:
            raise SystemExit("pipeline serve did not start")
        base = match[1] + f"doc/{STEM}/"
        if poll(base + "pdf", lambda body: body.startswith(b"%PDF"), 300) is None:
            raise SystemExit("pipeline serve did not build the sample within 300 s")
        original = source.read_text(encoding="utf-8")
        html_times, pdf_times = [], []
        for run in range(runs + 1):                  # the first edit is a warm-up
            marker = f"（第{run + 1}次修改）"
            start = time.perf_counter()
            source.write_text(original.replace(ANCHOR, ANCHOR + marker, 1), encoding="utf-8")
            html = poll(base + "html", lambda body: marker.encode() in body, 60)
            pdf = poll(base + "pdf", lambda body: body.startswith(b"%PDF"), 300)
            if html is None or pdf is None:
                raise SystemExit("pipeline serve did not show an edit within the time allowed")
            if run:
                html_times.append(html)
                pdf_times.append(time.perf_counter() - start)
        return {"html": statistics.median(html_times), "pdf": statistics.median(pdf_times), "runs": runs}
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
        proc.stderr.close()


def report(result: dict) -> str:
    ok = result["html"] <= TARGET_SECONDS
    verdict = "meets the target" if ok else "**misses the target**"
    return "\n".join([
        "", "## Live preview (`pipeline serve`), the sample", "",
        f"Median of {result['runs']} edits after a warm-up edit, from the save to the new output served.", "",
        "| measure | median s | target |", "| --- | ---: | --- |",
        f"| edit → new HTML served (the page reloads to it) | {result['html']:.2f} "
        f"| ≤ {TARGET_SECONDS:.0f} s: {verdict} |",
        f"| edit → new PDF served | {result['pdf']:.2f} | |", ""])


if __name__ == "__main__":
    import tempfile
    with tempfile.TemporaryDirectory(prefix="bench-preview-") as tmp:
        print(report(edit_to_preview(int(sys.argv[1]) if len(sys.argv) > 1 else 3, Path(tmp))))
