"""Source positions, diagnostics and the error tree: what went wrong, where, and what to do.

Every stage reports through one :class:`Reporter` per document.  Problems that
still let us produce a faithful document are *diagnostics* (collected, printed
GCC-style, never fatal by themselves); problems that do not are
:class:`PipelineError` exceptions, mapped to exit codes in ``cli.py`` only.
"""

from __future__ import annotations

import dataclasses
import enum
import json
import re
from typing import Iterable


class Level(enum.IntEnum):
    INFO = 1      # a repair the normalizer made (the normalization report)
    WARNING = 2   # something in the text looks wrong; the text is kept as it is
    ERROR = 3     # the output is incomplete or not valid


@dataclasses.dataclass(frozen=True, order=True)
class SourcePos:
    """A 1-based position; the column counts characters (code points), not bytes."""

    path: str
    line: int
    column: int = 1

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.column}"


@dataclasses.dataclass(frozen=True)
class Diagnostic:
    level: Level
    code: str        # stable kebab-case identifier, e.g. "footnote-without-body"
    message: str
    pos: SourcePos | None = None
    hint: str | None = None
    #: The source text a repair or a drop removed from the document, exactly as written
    #: (``None``: nothing removed); a check that every source character is kept reads it.
    dropped: str | None = None

    def format(self) -> str:
        where = f"{self.pos}: " if self.pos else ""
        text = f"{where}{self.level.name.lower()}: {self.message} [{self.code}]"
        if self.hint:
            text += f"\n  hint: {self.hint}"
        return text

    def as_json(self) -> dict:
        """pandoc's log keys: type, level, source, line, column."""
        return {
            "type": self.code,
            "level": self.level.name,
            "message": self.message,
            "source": self.pos.path if self.pos else None,
            "line": self.pos.line if self.pos else None,
            "column": self.pos.column if self.pos else None,
            "hint": self.hint,
            **({"dropped": self.dropped} if self.dropped is not None else {}),
        }


class Reporter:
    """Collects the diagnostics of one run (docutils' Reporter, pandoc's log)."""

    def __init__(self) -> None:
        self.diagnostics: list[Diagnostic] = []

    def report(self, level: Level, code: str, message: str,
               pos: SourcePos | None = None, hint: str | None = None, dropped: str | None = None) -> None:
        self.diagnostics.append(Diagnostic(level, code, message, pos, hint, dropped))

    def info(self, code: str, message: str, pos: SourcePos | None = None,
             hint: str | None = None) -> None:
        self.report(Level.INFO, code, message, pos, hint)

    def warning(self, code: str, message: str, pos: SourcePos | None = None,
                hint: str | None = None) -> None:
        self.report(Level.WARNING, code, message, pos, hint)

    def error(self, code: str, message: str, pos: SourcePos | None = None,
              hint: str | None = None) -> None:
        self.report(Level.ERROR, code, message, pos, hint)

    def at_least(self, level: Level) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.level >= level]

    def codes(self, level: Level | None = None) -> list[str]:
        return [d.code for d in self.diagnostics if level is None or d.level == level]

    def sorted(self) -> list[Diagnostic]:
        """In the order of the source: by file, page (``file.pdf#page=10`` after ``#page=2``),
        line and column."""
        return sorted(self.diagnostics, key=position_order)

    def to_json(self) -> str:
        return json.dumps([d.as_json() for d in self.sorted()], ensure_ascii=False, indent=1)


def position_order(diagnostic: Diagnostic) -> tuple:
    """A diagnostic's place in its source; the numbers of a path (its page) compare as numbers."""
    pos = diagnostic.pos or SourcePos("", 0, 0)
    path = [int(part) if index % 2 else part for index, part in enumerate(re.split(r"(\d+)", pos.path))]
    return path, pos.line, pos.column, diagnostic.code


def format_all(diagnostics: Iterable[Diagnostic]) -> str:
    return "\n".join(d.format() for d in diagnostics)


# --------------------------------------------------------------------- errors

class PipelineError(Exception):
    """Root of the errors that stop a document; ``cli.py`` maps each to an exit code."""

    exit_code = 1

    def __init__(self, message: str, hint: str | None = None, *, pos: SourcePos | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint
        self.pos = pos

    def format(self) -> str:
        where = f"{self.pos}: " if self.pos else ""
        text = f"{where}error: {self.message}"
        if self.hint:
            text += f"\n  hint: {self.hint}"
        return text


class SourceError(PipelineError):
    """The source cannot be read as a document (not UTF-8, empty, no structure)."""

    exit_code = 4

    def __init__(self, message: str, pos: SourcePos | None = None, hint: str | None = None) -> None:
        super().__init__(message, hint, pos=pos)


class SchemaError(PipelineError):
    """The model does not validate against the Akoma Ntoso (or XLIFF) schema: a bug in a stage."""

    exit_code = 5

    def __init__(self, message: str, errors: list[str] | None = None) -> None:
        super().__init__(message, "this is a bug in the pipeline; please report it with the source file")
        self.errors = errors or []

    def format(self) -> str:
        lines = [super().format()] + [f"  {e}" for e in self.errors[:20]]
        return "\n".join(lines)


class InternalError(PipelineError):
    """An invariant of our own code does not hold (never bad input): a bug, named with its file and element."""

    exit_code = 5

    def __init__(self, message: str, pos: SourcePos | None = None) -> None:
        super().__init__(message, "this is a bug in the pipeline; please report it with the source file",
                         pos=pos)


class MergeError(PipelineError):
    """A translated XLIFF file cannot be merged back."""

    exit_code = 6


class WriterError(PipelineError):
    """A writer (PDF, EPUB …) failed on a valid model."""

    exit_code = 7


class ToolMissing(PipelineError):
    """An external program the pipeline needs is not installed."""

    exit_code = 8


class OutputError(PipelineError):
    """The output folder cannot take the outputs (not a folder, read-only, full disk)."""

    exit_code = 12
