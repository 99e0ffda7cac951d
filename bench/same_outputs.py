"""A speed change's proof that it changes nothing: two checkouts' outputs of the same sources, compared byte for byte.

For each source folder, each checkout runs ``pipeline build --to akn`` (one process for the
folder, ``-j1``, so that whatever one document leaves in the process meets the next) and
``pipeline check -v`` (the diagnostics, with their positions); then ``check -v`` again on each
PDF alone, in a process of its own.  The sources: the official PDFs of shared/realworld/pdf and
the text extracts of them the tests read (``pdftotext``, ``pdftotext -layout`` and, where PyMuPDF
is installed, its ``get_text()``), one folder per form (a form's extracts share their names).
``SOURCE_DATE_EPOCH=0`` pins the dates.

``python -m bench.same_outputs BASE [FOLDER …]`` compares the checkout at BASE (a ``git worktree
add --detach`` of the commit before the change) with this one, on the folders given or the
default sources; it prints each output that differs and exits 1 if any does.
"""

from __future__ import annotations

import filecmp
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PDFS = Path(os.environ.get("UN_SHARED_DIR") or ROOT.parent / "shared") / "realworld" / "pdf"


def make_sources(folder: Path) -> list[Path]:
    """The default sources in ``folder``: the PDFs, and one folder of extracts per form."""
    pdf = folder / "pdf"
    pdf.mkdir()
    for path in sorted(PDFS.glob("*.pdf")):
        (pdf / path.name).symlink_to(path)
    forms = {"pdftotext": [], "pdftotext-layout": ["-layout"]}
    for form, flags in forms.items():
        (folder / form).mkdir()
        for path in sorted(PDFS.glob("*.pdf")):
            subprocess.run(["pdftotext", *flags, str(path), str(folder / form / f"{path.stem}.txt")], check=True)
    try:
        import pymupdf
    except ImportError:
        pymupdf = None
    if pymupdf is not None:
        (folder / "pymupdf").mkdir()
        for path in sorted(PDFS.glob("*.pdf")):
            with pymupdf.open(path) as doc:
                text = "".join(page.get_text() for page in doc)
            (folder / "pymupdf" / f"{path.stem}.txt").write_text(text, encoding="utf-8")
    return sorted(p for p in folder.iterdir() if p.is_dir())


def outputs(checkout: Path, folders: list[Path], out: Path) -> None:
    """The outputs of ``checkout`` for ``folders`` in ``out``: the AKN files, and what each
    command printed, with its exit status."""
    env = {**os.environ, "PYTHONPATH": str(checkout), "SOURCE_DATE_EPOCH": "0"}

    def run(args: list[str], log: Path) -> None:
        # Run from ``out``: ``python -m`` puts the working folder first on the path, before PYTHONPATH.
        done = subprocess.run([sys.executable, "-m", "pipeline", *args], env=env, cwd=out, capture_output=True,
                              text=True)
        log.write_text(f"{done.stdout}{done.stderr}exit {done.returncode}\n", encoding="utf-8")

    for folder in folders:
        akn = out / "akn" / folder.name
        with tempfile.TemporaryDirectory() as cache:
            run(["build", "-q", "--force", "-j1", "--to", "akn", "-o", str(akn), "--cache-dir", cache, str(folder)],
                out / f"build.{folder.name}.log")
        (akn / "manifest.json").unlink(missing_ok=True)     # its tool versions and times
        run(["check", "-v", *sorted(str(p) for p in folder.iterdir())], out / f"check.{folder.name}.log")
        for pdf in sorted(folder.glob("*.pdf")):
            run(["check", "-v", str(pdf)], out / f"check.{folder.name}.{pdf.name}.log")


def differences(a: Path, b: Path) -> list[str]:
    """The files of ``a`` and ``b`` that differ, or are in one only (relative paths)."""
    found: list[str] = []

    def walk(cmp: filecmp.dircmp, prefix: str) -> None:
        found.extend(prefix + name for name in cmp.left_only + cmp.right_only + cmp.funny_files)
        found.extend(prefix + name for name in cmp.common_files
                     if not filecmp.cmp(Path(cmp.left) / name, Path(cmp.right) / name, shallow=False))
        for name, sub in cmp.subdirs.items():
            walk(sub, f"{prefix}{name}/")

    walk(filecmp.dircmp(a, b), "")
    return sorted(found)


def main() -> None:
    if len(sys.argv) < 2:
        raise SystemExit(__doc__)
    base = Path(sys.argv[1]).resolve()
    with tempfile.TemporaryDirectory(prefix="same-outputs-") as work:
        work = Path(work)
        if len(sys.argv) > 2:
            folders = [Path(f).resolve() for f in sys.argv[2:]]
        else:
            (work / "sources").mkdir()
            folders = make_sources(work / "sources")
        for name, checkout in (("base", base), ("this", ROOT)):
            (work / name).mkdir()
            outputs(checkout, folders, work / name)
        akn = sum(1 for _ in (work / "this" / "akn").rglob("*.akn.xml"))
        logs = sum(1 for _ in (work / "this").glob("*.log"))
        found = differences(work / "base", work / "this")
    for name in found:
        print(f"differs: {name}")
    print(f"{len(found)} differences in {akn} AKN files and {logs} command outputs, {base} against {ROOT}")
    sys.exit(1 if found else 0)


if __name__ == "__main__":
    main()
