"""Readers: each kind of source → the one document model (``pipeline.model``).

Every reader takes the bytes of a source and its name and returns a model tree of the same
shape; the transforms then repair it and the writers consume it.  No reader writes a file and no
writer reads a source.

* ``text``: raw UN report or resolution text (the sample's form: text extracted from the
  official PDF and cleaned up), in the six official languages.

A source is dispatched by its content, not its name (``source_kind``): a user's folder holds
``N2342312.pdf``, ``report.txt`` and ``A_RES_78_128-2325871E.xml`` side by side.
"""

from __future__ import annotations

#: Each kind of source and what its bytes start with (after a BOM and white space).
KINDS = ("pdf", "xml", "text")


def source_kind(data: bytes) -> str:
    """``"pdf"``, ``"xml"`` or ``"text"``: what the bytes are, whatever the file is called."""
    if data[:1024].lstrip(b"\x00\t\r\n ").startswith(b"%PDF-"):
        return "pdf"
    head = data.lstrip(b"\xef\xbb\xbf \t\r\n")[:200]
    if head.startswith(b"<?xml") or head.startswith(b"<akomaNtoso") or head.startswith(b"<!--"):
        return "xml"
    return "text"
