"""Writers: the document model in, the bytes of one output format out.

Each writer is ``write_<format>(tree, options) -> bytes`` and never touches the
disk; ``cli.py`` writes the result atomically.  Writers are imported lazily so
that ``pipeline check`` does not load WeasyPrint.
"""

from __future__ import annotations

import dataclasses
import importlib
import re
from pathlib import Path
from typing import Callable

from lxml import etree


#: The stylesheets: ``pipeline/styles`` in an installed package (the wheel maps the
#: repository's ``styles/`` there: see pyproject.toml), else ``styles/`` beside the package
#: (a checkout, an editable install).
STYLES_DIR = next((p for p in (Path(__file__).resolve().parent.parent / "styles",
                               Path(__file__).resolve().parent.parent.parent / "styles") if p.is_dir()),
                  Path(__file__).resolve().parent.parent / "styles")

#: Page sizes accepted in WriteOptions.page_size: CSS ``size`` keywords, or two lengths.
PAGE_SIZE = re.compile(
    r"^(?:(?:a[3-5]|b[45]|jis-b[45]|letter|legal|ledger)(?:\s+(?:portrait|landscape))?"
    r"|\d+(?:\.\d+)?(?:mm|cm|in|pt)\s+\d+(?:\.\d+)?(?:mm|cm|in|pt))$", re.I)


def page_size_problem(value: str) -> str | None:
    """Why ``value`` is not a page size the PDF writers accept, or None when it is one."""
    if PAGE_SIZE.match(" ".join(value.split())):
        return None
    return (f"the page size {value!r} is not a CSS page size: use a keyword such as A4 or letter "
            "(optionally 'landscape'), or two lengths such as '210mm 297mm'")


@dataclasses.dataclass(frozen=True)
class WriteOptions:
    """Options every writer receives; unknown options are a TypeError, not ignored."""

    #: PDF page size, a CSS ``size`` value ("A4", "letter").
    page_size: str = "A4"
    #: XLIFF target language (ISO 639-1); required for the xliff format.
    target_language: str | None = None
    #: XLIFF version: "2.1" (default) or "1.2".
    xliff_version: str = "2.1"
    #: Seconds since the epoch used for every embedded date (SOURCE_DATE_EPOCH); None = now.
    source_date_epoch: int | None = None
    #: For bilingual output: the model of the source-language document, paragraph-aligned.
    parallel: etree._ElementTree | None = None
    #: The same document in other languages in the same release: (ISO 639-1 code, relative
    #: address of its HTML page) pairs; the HTML links them (hreflang alternates, a switcher).
    languages: tuple[tuple[str, str], ...] = ()
    #: This document's other editions in the release: (format, relative address) pairs, format
    #: "pdf" or "epub"; the HTML links them.
    editions: tuple[tuple[str, str], ...] = ()
    #: XLIFF pre-translation: the bytes of a TMX 1.4 file (exact matches fill targets).
    translation_memory: bytes | None = None
    #: XLIFF for a tool: "standard", "omegat" (1.2, targets hold the source), "trados" (1.2, segmented targets).
    xliff_profile: str = "standard"
    #: For EPUB: the PDF edition's page map (``epub.page_map``'s bytes); None: lay the document out.
    page_map: bytes | None = None

    def __post_init__(self) -> None:
        # The page size goes into CSS (``@page { size: … }``): checked here, once for every writer.
        problem = page_size_problem(self.page_size)
        if problem:
            from ..diagnostics import WriterError
            raise WriterError(problem, "give --page-size a CSS page size")


@dataclasses.dataclass(frozen=True)
class Writer:
    name: str
    module: str
    function: str
    suffix: str          # file name suffix after the stem

    def load(self) -> Callable[[etree._ElementTree, WriteOptions], bytes]:
        return getattr(importlib.import_module(self.module, __name__), self.function)

    def output_name(self, stem: str, options: WriteOptions) -> str:
        if self.name == "xliff":
            return f"{stem}.{options.target_language}.xlf"
        return stem + self.suffix


WRITERS: dict[str, Writer] = {
    w.name: w for w in [
        Writer("akn", ".akn", "write_akn", ".akn.xml"),
        Writer("html", ".html", "write_html", ".html"),
        Writer("pdf", ".pdf", "write_pdf", ".pdf"),
        Writer("xliff", ".xliff", "write_xliff", ".xlf"),
        Writer("epub", ".epub", "write_epub", ".epub"),
        Writer("docx", ".docx", "write_docx", ".docx"),
    ]
}


def writer(name: str) -> Writer:
    return WRITERS[name]
