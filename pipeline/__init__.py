"""UN document pipeline: a source (raw text, the UN's AKN4UN XML) → Akoma Ntoso model → HTML, PDF, EPUB, XLIFF.

The stages, numbered as the progress log numbers them:

1. read       ``readers``: raw text (``text.read_report``) or the UN's AKN4UN XML
              (``akn4un.read_akn4un``) → model; chosen by the source's content
2. transform  ``transforms.TRANSFORMS``: repairs on the model (rejoin split paragraphs,
              attach footnotes, link symbols, …), each recorded in the report
3. validate   ``model.validate``: the Akoma Ntoso 3.0 XSD and unique eIds
4. write      ``writers.WRITERS``: the model → the bytes of one format

Only ``cli.py`` touches the disk; everything here takes and returns values.
"""

from __future__ import annotations

import importlib
import logging

from lxml import etree

from .diagnostics import PipelineError, Reporter, SourcePos

__all__ = ["ReadOptions", "WriteOptions", "WRITERS", "PipelineError", "Reporter",
           "read_source", "read_report", "write"]

PROGRESS = logging.getLogger("pipeline.progress")

#: Names imported on first use (PEP 562), so that a command that needs no reader (a no-op
#: rebuild, ``--help``) does not import it: the reader and the transforms take about a
#: third of the CLI's start-up.  ``from pipeline import ReadOptions`` works as before.
_LAZY = {"ReadOptions": ".readers.text", "read_report": ".readers.text",
         "WRITERS": ".writers", "WriteOptions": ".writers"}
_SUBMODULES = {"model", "readers", "transforms", "writers"}


def __getattr__(name: str):
    if name in _LAZY:
        value = getattr(importlib.import_module(_LAZY[name], __name__), name)
    elif name in _SUBMODULES:
        value = importlib.import_module("." + name, __name__)
    else:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_LAZY, *_SUBMODULES})


def read_source(data: bytes, name: str, reporter: Reporter,
                options: ReadOptions | None = None) -> etree._ElementTree:
    """Steps 1–3: the bytes of a source file → a valid model.

    The reader is chosen by content (``readers.source_kind``, ``readers.xml_kind``): raw text,
    the UN's AKN4UN XML, or a model this pipeline wrote.  An AKN source is validated as input
    first (exit 4 when invalid: the user's file); the model a reader made is validated after
    (exit 5 when invalid: our bug)."""
    from . import model
    from .readers.text import ReadOptions, read_report
    from .readers import parse_xml, source_kind, validate_source, xml_kind
    from .transforms import Context, run_transforms

    options = options or ReadOptions()
    model.load_schema_in_background()       # while the source is read
    kind = source_kind(data)
    if kind == "pdf":
        from .readers.pdf import read_pdf
        PROGRESS.info("Step 1 – read PDF %s", name)
        tree = read_pdf(data, name, reporter, options)
        PROGRESS.info("Step 3 – validate")
        model.validate(tree)
        return tree
    if kind == "xml":
        root = parse_xml(data, name)
        which = xml_kind(root, name)
        PROGRESS.info("Step 1 – validate the source %s", name)
        validate_source(root, name)
        if which == "model":
            PROGRESS.info("Step 1 – parse model %s", name)
            model.unindent(root)
            if model.upgrade(root):
                reporter.info("model-upgraded", "the model was written before its lists and annexes "
                              "followed AKN4UN (content/blockList/item, annexes in the mainBody); they "
                              "were read as list/intro/point/wrapUp and attachments/attachment",
                              SourcePos(name, 1, 1))
                model.validate(etree.ElementTree(root))
            return etree.ElementTree(root)
        from .readers.akn4un import read_akn4un
        PROGRESS.info("Step 1 – read AKN4UN %s", name)
        tree = read_akn4un(root, name, reporter, options)
    elif kind == "docx":
        from .readers.docx import read_docx
        PROGRESS.info("Step 1 – read Word file %s", name)
        tree, paragraphs = read_docx(data, name, reporter, options)
        run_transforms(tree, Context(reporter, name, paragraphs, 1))
    else:
        from .readers.extract import looks_like_extract, read_extract
        if looks_like_extract(data):
            PROGRESS.info("Step 1 – read PDF text extract %s", name)
            tree = read_extract(data, name, reporter, options)
            PROGRESS.info("Step 3 – validate")
            model.validate(tree)
            return tree
        PROGRESS.info("Step 1 – read %s", name)
        tree, text = read_report(data, name, reporter, options)
        run_transforms(tree, Context(reporter, text.name, text.lines, text.first_line, text.blocks))
    PROGRESS.info("Step 3 – validate")
    model.validate(tree)
    return tree


def write(tree: etree._ElementTree, fmt: str, options: WriteOptions | None = None) -> bytes:
    """Step 4: the model → the bytes of ``fmt`` (a key of WRITERS)."""
    from .writers import WRITERS, WriteOptions

    PROGRESS.info("Step 4 – write %s", fmt)
    return WRITERS[fmt].load()(tree, options or WriteOptions())


