"""Pandoc, the program: its path (from pypandoc-binary) and one run of it, bytes in and bytes out.

Shared by the DOCX reader and writer, so that reading a Word file does not import the writer
(and its reference document is an input of DOCX outputs only).
"""

from __future__ import annotations

import os
import subprocess

from .diagnostics import ToolMissing


def pandoc_path() -> str:
    try:
        import pypandoc
        return pypandoc.get_pandoc_path()
    except (ImportError, OSError) as exc:
        raise ToolMissing(f"pandoc is not available: {exc}",
                          "install the pipeline's dependencies (pip install pypandoc-binary)") from None


def run_pandoc(args: list[str], stdin: bytes, epoch: int | None = None) -> subprocess.CompletedProcess:
    """Run pandoc with ``args`` on ``stdin``; ``SOURCE_DATE_EPOCH`` is ``epoch`` (unset when None)."""
    env = dict(os.environ)
    env.pop("SOURCE_DATE_EPOCH", None)
    if epoch is not None:
        env["SOURCE_DATE_EPOCH"] = str(epoch)
    return subprocess.run([pandoc_path(), *args], input=stdin, capture_output=True, env=env)
