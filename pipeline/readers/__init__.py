"""Readers: each kind of source → the one document model (``pipeline.model``).

Every reader takes the bytes of a source and its name and returns a model tree of the same
shape; the transforms then repair it and the writers consume it.  No reader writes a file and no
writer reads a source.

* ``text``: raw UN report or resolution text (the sample's form: text extracted from the
  official PDF and cleaned up), in the six official languages.
* ``pdf``: an official UN PDF, read by its layout (PDFium: fonts, sizes, positions, superscripts),
  and ``extract``: the plain text extracted from one (PyMuPDF's or pdftotext's form); both give
  pages of lines (``layout``) to the one page normaliser (``pages``), which drops page
  furniture, puts notes at their calls, joins what page breaks cut and hands blocks to the
  structure rules of ``text``.
* ``akn4un``: the UN's own Akoma Ntoso XML (DGACM's AKN4UN markup of its resolutions).
* a model this pipeline wrote (``.akn.xml``, with ``pl:document`` in ``meta/proprietary``) is
  read as it is.
* ``docx``: a Word file (an edited output of ``--to docx``, or a UN Word document).

A source is dispatched by its content, not its name (``source_kind``, then ``xml_kind`` for
XML): a user's folder holds ``N2342312.pdf``, ``report.txt`` and ``A_RES_78_128-2325871E.xml``
side by side.  An Akoma Ntoso source is the user's file: when it is not valid against the AKN 3.0
schema that is bad input (``SourceError``, exit 4, with the first schema error's line), not a bug.
"""

from __future__ import annotations

import re

from lxml import etree

from ..diagnostics import SourceError, SourcePos

#: Each kind of source, told from what its bytes start with (after a BOM and white space).
KINDS = ("pdf", "xml", "docx", "text")

#: Kinds of XML source (``xml_kind``): a model this pipeline wrote, or the UN's AKN4UN.
XML_KINDS = ("model", "akn4un")

#: What the pipeline reads, for the message about a file it cannot read.
READABLE = ("a UN PDF, raw text (.txt, .md), a Word file (.docx), the UN's Akoma Ntoso XML (AKN4UN) "
            "or a model this pipeline wrote (.akn.xml)")

_XML_START = re.compile(rb"<(\?xml|!--|!DOCTYPE|[A-Za-z_][\w.:-]*[\s/>])")


def source_kind(data: bytes) -> str:
    """``"pdf"``, ``"xml"``, ``"docx"`` or ``"text"``: what the bytes are, whatever the file is called."""
    if data[:1024].lstrip(b"\x00\t\r\n ").startswith(b"%PDF-"):
        return "pdf"
    if is_docx(data):
        return "docx"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):          # UTF-16 XML declares itself so
        head = data[2:400].decode("utf-16-le" if data[:2] == b"\xff\xfe" else "utf-16-be", "replace")
        return "xml" if head.lstrip().startswith("<") else "text"
    head = data.lstrip(b"\xef\xbb\xbf \t\r\n")[:200]
    if _XML_START.match(head):
        return "xml"
    return "text"


#: Name suffixes of raw text sources.
TEXT_SUFFIXES = (".txt", ".md")


def detect(data: bytes, name: str) -> str | None:
    """The kind of source a file is (a key of :data:`KINDS`) by its content first, its name
    second; None when it is no source the pipeline reads (an image, a spreadsheet …)."""
    kind = source_kind(data)
    if kind != "text":
        return kind
    if name.lower().endswith(TEXT_SUFFIXES):
        return "text"
    return None


#: Lines that only a UN document's text has: a numbered paragraph ("12. The", "12 - ", a number
#: alone on its line as PDF extracts put it), a chapter heading ("IV. Findings"), a masthead's
#: symbol line, front matter.
_DOCUMENT_LINE = re.compile(r"(?m)^[ \t]*(?:\d{1,3}(?:\.|[ \t]?[-\u2013])(?:[ \t]+\S|[ \t]*$)|[IVXL]{1,7}\.[ \t]+\S|---[ \t]*$)")


def looks_like_document(data: bytes) -> bool:
    """Whether text found in a source folder has the form of a UN document (or of a PDF's text
    extract, or front matter): a folder's ``notes.txt`` or ``links.md`` is skipped, not read
    and refused.  Text that is not UTF-8 counts as a document, so that reading it says why."""
    from ..languages import LANGUAGES
    from ..symbols import is_symbol
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return True
    if "\f" in text or _DOCUMENT_LINE.search(text):
        return True
    names = {lang.united_nations for lang in LANGUAGES.values()}
    head = [line.strip() for line in text.splitlines()[:40] if line.strip()]
    return any(line in names or is_symbol(line.rstrip("*")) for line in head)


def parse_xml(data: bytes, name: str) -> etree._Element:
    """The root of an XML source; no entity, DTD or network is ever loaded."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        line, col = exc.position
        raise SourceError(f"not well-formed XML: {exc.msg}", SourcePos(name, line or 1, (col or 0) + 1),
                          "fix the XML at that place (an AKN file must be well-formed XML)") from None
    docinfo = root.getroottree().docinfo
    if docinfo.doctype or docinfo.internalDTD is not None:
        line = next((i + 1 for i, text in enumerate(data.split(b"\n")) if b"<!DOCTYPE" in text), 1)
        raise SourceError("a DOCTYPE is not allowed in an Akoma Ntoso source (its entities are never "
                          "read)", SourcePos(name, line, 1), "remove the DOCTYPE declaration and the entities")
    return root


def xml_kind(root: etree._Element, name: str) -> str:
    """``"model"`` (written by this pipeline: ``pl:document`` in ``meta/proprietary``) or
    ``"akn4un"`` (any other Akoma Ntoso document, as the UN publishes them); anything else is
    not a source."""
    from .. import model
    if root.tag != model.akn("akomaNtoso"):
        qname = etree.QName(root)
        shown = f"{{{qname.namespace}}}{qname.localname}" if qname.namespace else qname.localname
        raise SourceError(
            f"this XML file is not Akoma Ntoso: its root element is <{shown}>, not "
            f"<akomaNtoso> in {model.AKN_NS}", SourcePos(name, root.sourceline or 1, 1),
            f"the pipeline reads {READABLE}")
    if model.xpath(root, "*/a:meta/a:proprietary/pl:document"):
        return "model"
    return "akn4un"


def validate_source(root: etree._Element, name: str) -> None:
    """Raise SourceError (exit 4) unless the user's AKN file is valid Akoma Ntoso 3.0."""
    from .. import model
    valid, errors = model.check_schema(etree.ElementTree(root))
    if valid:
        return
    first = errors[0]
    more = f" (and {len(errors) - 1} more)" if len(errors) > 1 else ""
    message = first.message.replace("{" + model.AKN_NS + "}", "")
    raise SourceError(f"not valid Akoma Ntoso 3.0: {message}{more}",
                      SourcePos(name, first.line or 1, (first.column or 0) + 1 if first.column else 1),
                      "the file must validate against the OASIS Akoma Ntoso 3.0 schema; "
                      "fix the element at that line (xmllint --schema akomantoso30.xsd shows every error)")


def is_docx(data: bytes) -> bool:
    """A zip holding ``word/document.xml``: a WordprocessingML package (.docx), whatever its name."""
    if not data.startswith(b"PK\x03\x04"):
        return False
    import io
    import zipfile
    try:
        return "word/document.xml" in zipfile.ZipFile(io.BytesIO(data)).namelist()
    except zipfile.BadZipFile:
        return False
