"""A Word file (.docx) → the document model, before repairs: pandoc's DOCX reader, then the text reader's blocks.

Pandoc reads the WordprocessingML (tracked changes accepted, comments left out) into its
JSON AST; each Word paragraph — body paragraph, heading, list item, table-cell paragraph —
becomes one block of ``readers.text``, classified by its text as a raw-text line is ("1.",
"I.", "A.", "(a)", "Annex"), so a UN Word document with its numbers typed ("1.<tab>…") and a
Word file written by ``writers/docx.py`` read the same way, through the same
``model_from_blocks``, transforms and diagnostics.  What Word knows better than text is taken
from Word:

* footnotes are Word footnotes, placed at their calls as ``authorialNote``; a note's marker is
  Word's automatic number, or its custom mark ("*") read from the document XML (pandoc drops it);
* hyperlinks stay links: to undocs.org a ``ref`` (``symbol``, or ``resolution`` when the text is
  a bare number), anything else an ``a class="url"``; symbols typed as plain text are linked by
  the ``link_symbols`` transform as in raw text;
* a list numbered by Word (not typed) gets its number printed as Word shows it ("1.", "(a)");
* the symbol and language come from the sidecar, else the document properties written by
  ``writers/docx.py`` (``un-symbol``, ``un-language``, …, then the subject and language), else the
  file name, else the masthead (a table at the top, or the page header), else the text's script
  and Word's language marks.

Tables (but the masthead's, at the very top) are AKN tables: head rows of ``th``, cells with
their paragraphs, spans kept.

Positions: the line of a diagnostic is the number of the paragraph in the Word file (1 for the
first non-empty paragraph, counting headings and list items; a table counts as one), the column
a character in it; the footnotes' paragraphs are numbered on after the last paragraph of the
body, in the order of their calls (a note itself points to the paragraph of its call).
"""

from __future__ import annotations

import collections
import io
import json
import re
import zipfile

from lxml import etree

from .. import model
from ..diagnostics import Reporter, SourceError, SourcePos
from ..languages import LANGUAGES, UnknownLanguage, language
from ..model import E, akn, set_pos
from ..names import metadata_from_name
from ..symbols import SYMBOL, clean_symbol, is_symbol
from .text import (Block, InlineBuilder, ReadOptions, _plain, classify, first_body_index,
                   model_from_blocks, parse_date)

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
W = "{%s}" % W_NS
CUSTOM = "{http://schemas.openxmlformats.org/officeDocument/2006/custom-properties}"
DC = "{http://purl.org/dc/elements/1.1/}"

#: Custom document properties written by ``writers/docx.py`` → ReadOptions fields.
PROPERTIES = {"un-symbol": "symbol", "un-language": "language", "un-kind": "kind", "un-organ": "organ",
              "un-date": "date", "un-original-language": "original_language"}

#: Printed numbers of a Word-numbered list item, by pandoc's list number style and delimiter.
ROMAN_VALUES = ((1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"), (50, "l"),
                (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i"))


# ------------------------------------------------------------------ the package

class Package:
    """The parts of the Word file this reader looks at itself (pandoc reads the rest)."""

    def __init__(self, data: bytes, name: str) -> None:
        self.name = name
        try:
            self.zip = zipfile.ZipFile(io.BytesIO(data))
            self.names = set(self.zip.namelist())
            self.document = self.xml("word/document.xml")
            self.footnotes = self.optional_xml("word/footnotes.xml")
            self.endnotes = self.optional_xml("word/endnotes.xml")
        except (zipfile.BadZipFile, KeyError, etree.XMLSyntaxError) as exc:
            raise SourceError(f"not a readable Word file: {exc}", SourcePos(name, 1, 1),
                              "open it in Word or LibreOffice and save it again as .docx") from None

    def xml(self, part: str) -> etree._Element:
        parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=True)
        return etree.fromstring(self.zip.read(part), parser)

    def optional_xml(self, part: str) -> etree._Element | None:
        if part not in self.names:
            return None
        try:
            return self.xml(part)
        except etree.XMLSyntaxError:
            return None

    def keep_meta_paragraphs(self) -> None:
        """Pandoc moves the first paragraphs styled Title, Subtitle, Author, Date or Abstract out of
        the body into its metadata; here they are text of the document (a title, a date line), so
        their style is replaced by none."""
        styles = self.optional_xml("word/styles.xml")
        if styles is None:
            return
        meta = {style.get(W + "styleId") for style in styles.iter(W + "style")
                if (style.find(W + "name") is not None and (style.find(W + "name").get(W + "val") or "").lower()
                    in ("title", "subtitle", "author", "date", "abstract"))}
        for style in self.document.iter(W + "pStyle"):
            if style.get(W + "val") in meta:
                style.getparent().remove(style)

    def properties(self) -> dict:
        """ReadOptions fields from the document properties (custom ones first, then core)."""
        found: dict = {}
        custom = self.optional_xml("docProps/custom.xml")
        if custom is not None:
            for prop in custom.iter(CUSTOM + "property"):
                field = PROPERTIES.get(prop.get("name", ""))
                value = "".join(prop.itertext()).strip()
                if field and value:
                    found[field] = value
        core = self.optional_xml("docProps/core.xml")
        if core is not None:
            subject = (core.findtext(DC + "subject") or "").strip()
            if subject and is_symbol(subject) and "symbol" not in found:
                found["symbol"] = subject
            lang = (core.findtext(DC + "language") or "").strip().split("-")[0].lower()
            if lang in LANGUAGES and "language" not in found:
                found["language"] = lang
        return found

    def note_marks(self) -> list[str | None]:
        """Each note reference of the body in document order: its custom mark, or None when Word
        numbers it.  The custom mark's text is removed from the XML (pandoc would keep it as text)."""
        marks: list[str | None] = []
        for ref in self.document.iter(W + "footnoteReference", W + "endnoteReference"):
            if ref.get(W + "customMarkFollows") not in ("1", "true", "on"):
                marks.append(None)
                continue
            mark = ""
            run = ref.getparent()
            for sibling in list(ref.itersiblings()):
                if sibling.tag == W + "t":
                    mark += sibling.text or ""
                    run.remove(sibling)
            if not mark:   # the mark in the next run
                following = run.getnext()
                texts = following.findall(W + "t") if following is not None and following.tag == W + "r" else []
                if texts:
                    mark = "".join(t.text or "" for t in texts)
                    following.getparent().remove(following)
            marks.append(mark.strip() or "*")
            self.drop_own_mark(ref, mark.strip())
        return marks

    def drop_own_mark(self, ref: etree._Element, mark: str) -> None:
        """A custom mark is typed again at the start of its note (Word has no ``footnoteRef`` for it):
        that text is the marker, not the note's."""
        notes = self.footnotes if ref.tag == W + "footnoteReference" else self.endnotes
        if notes is None or not mark:
            return
        for note in notes:
            if note.get(W + "id") != ref.get(W + "id"):
                continue
            for run in note.iter(W + "r"):
                text = "".join(t.text or "" for t in run.findall(W + "t"))
                if not text.strip() and run.find(W + "tab") is None:
                    continue
                if text.strip() == mark:
                    run.getparent().remove(run)
                return

    def with_document(self) -> bytes:
        """The package with its document and notes as this reader changed them."""
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
            for info in self.zip.infolist():
                changed = {"word/document.xml": self.document, "word/footnotes.xml": self.footnotes,
                           "word/endnotes.xml": self.endnotes}.get(info.filename)
                data = (etree.tostring(changed, xml_declaration=True, encoding="UTF-8", standalone=True)
                        if changed is not None else self.zip.read(info.filename))
                # A new ZipInfo: writing one mutates it, and this one belongs to the file being read.
                target.writestr(zipfile.ZipInfo(info.filename, info.date_time), data)
        return out.getvalue()

    def header_text(self) -> str:
        """The text of the page headers (a UN Word document keeps its masthead in the first one)."""
        parts = sorted(n for n in self.names if re.fullmatch(r"word/header\d*\.xml", n))
        texts = []
        for part in parts:
            root = self.optional_xml(part)
            if root is not None:
                texts.extend(" ".join(t.text or "" for t in p.iter(W + "t")) for p in root.iter(W + "p"))
        return "\n".join(texts)

    def word_languages(self) -> collections.Counter:
        """ISO 639-1 codes of Word's language marks (``w:lang``) in the styles and the body."""
        counts: collections.Counter = collections.Counter()
        for root in (self.optional_xml("word/styles.xml"), self.document):
            if root is None:
                continue
            for el in root.iter(W + "lang"):
                code = (el.get(W + "val") or "").split("-")[0].lower()
                if code in LANGUAGES:
                    counts[code] += 1
        return counts


# --------------------------------------------------------------------- pandoc

def pandoc_ast(data: bytes, name: str) -> dict:
    from ..pandoc import run_pandoc
    proc = run_pandoc(["--from", "docx", "--to", "json", "--track-changes=accept"], data)
    if proc.returncode:
        raise SourceError(f"pandoc cannot read this Word file: {proc.stderr.decode('utf-8', 'replace').strip()[:300]}",
                          SourcePos(name, 1, 1), "open it in Word or LibreOffice and save it again as .docx")
    return json.loads(proc.stdout)


def roman(n: int) -> str:
    out = ""
    for value, letters in ROMAN_VALUES:
        while n >= value:
            out += letters
            n -= value
    return out


def alpha(n: int) -> str:
    out = ""
    while n > 0:
        n, rest = divmod(n - 1, 26)
        out = chr(ord("a") + rest) + out
    return out


def list_number(n: int, style: str, delim: str) -> str:
    """Pandoc's ListAttributes → the number as printed: 3, LowerAlpha, TwoParens → "(c)"."""
    text = {"LowerAlpha": alpha(n), "UpperAlpha": alpha(n).upper(), "LowerRoman": roman(n),
            "UpperRoman": roman(n).upper()}.get(style, str(n))
    return {"TwoParens": f"({text})", "OneParen": f"{text})"}.get(delim, f"{text}.")


class Paragraphs:
    """Pandoc's blocks → the Word file's paragraphs as (inlines, from_table) in reading order."""

    def __init__(self, name: str, reporter: Reporter, in_cell: bool = False) -> None:
        self.name, self.reporter, self.in_cell = name, reporter, in_cell
        self.items: list[tuple[list, bool]] = []
        self.masthead_cells: list[str] = []
        self.tables: list[list] = []

    def blocks(self, blocks: list, prefix: list | None = None, in_table: bool = False) -> None:
        for block in blocks:
            self.block(block, prefix, in_table)
            prefix = None

    def block(self, block: dict, prefix: list | None, in_table: bool) -> None:
        t, c = block["t"], block.get("c")
        if t in ("Para", "Plain"):
            self.add((prefix or []) + c, in_table)
        elif t == "Header":
            self.add((prefix or []) + c[2], in_table)
        elif t == "LineBlock":
            for line in c:
                self.add((prefix or []) + line, in_table)
                prefix = None
        elif t in ("Div", "BlockQuote", "Figure"):
            self.blocks(c[1] if t == "Div" else c if t == "BlockQuote" else c[2], prefix, in_table)
        elif t == "OrderedList":
            (start, style, delim), items = c
            for i, item in enumerate(items):
                number = list_number(start + i, style["t"], delim["t"])
                self.blocks(item, [{"t": "Str", "c": number}, {"t": "Space"}], in_table)
        elif t == "BulletList":
            for item in c:
                self.blocks(item, None, in_table)
        elif t == "DefinitionList":
            for term, definitions in c:
                self.add(term, in_table)
                for definition in definitions:
                    self.blocks(definition, None, in_table)
        elif t == "Table":
            self.table(c)
        elif t in ("CodeBlock", "RawBlock"):
            self.add([{"t": "Str", "c": c[1]}], in_table)
        # HorizontalRule: nothing to keep

    def table(self, c: list) -> None:
        """A table at the very top is the masthead (its cells are cover lines, row by row); any other
        is a table of the document: one placeholder paragraph here, its rows kept in
        :attr:`tables` (head rows, then body rows; each cell its paragraphs' inlines, its spans),
        for :func:`put_tables` to put in the model."""
        _, _, _, head, bodies, foot = c
        rows = [(True, row) for row in head[1]]
        for body in bodies:
            rows += [(True, row) for row in body[2]] + [(False, row) for row in body[3]]
        rows += [(False, row) for row in foot[1]]
        if not self.items or self.in_cell:
            before = len(self.items)
            for _, row in rows:
                for cell in row[1]:
                    self.blocks(cell[4], None, True)
            if self.in_cell:
                self.reporter.warning("table-flattened", "a table inside a table cell was read as paragraphs of "
                                      "that cell, row by row", SourcePos(self.name, 1, 1),
                                      "check the order of its text in the outputs")
            else:
                self.masthead_cells = [text_of(inlines) for inlines, _ in self.items[before:]]
            return
        table = []
        for header, row in rows:
            cells = []
            for _, _, rowspan, colspan, blocks in row[1]:
                inner = Paragraphs(self.name, self.reporter, in_cell=True)
                inner.blocks(blocks, None, True)
                cells.append(([inlines for inlines, _ in inner.items], rowspan, colspan))
            table.append((header, cells))
        self.tables.append(table)
        self.items.append(([{"t": "Str", "c": f"{TABLE_MARK}{len(self.tables)}"}], False))

    def add(self, inlines: list, in_table: bool) -> None:
        inlines = strip_spaces(without_spans(inlines))
        if inlines and text_of(inlines).strip() or any(n["t"] == "Note" for n in inlines):
            self.items.append((inlines, in_table))


def without_spans(inlines: list) -> list:
    """Pandoc's Spans (right-to-left runs, bookmarks, Word styles) unwrapped: the model keeps
    none of their attributes, and the classifier needs the number's text at the top level."""
    out: list = []
    for node in inlines:
        t = node["t"]
        if t == "Span":
            out.extend(without_spans(node["c"][1]))
        elif t in ("Emph", "Strong", "Underline", "SmallCaps", "Strikeout", "Superscript", "Subscript"):
            out.append({"t": t, "c": without_spans(node["c"])})
        elif t in ("Link", "Quoted"):
            c = list(node["c"])
            c[1] = without_spans(c[1])
            out.append({"t": t, "c": c})
        else:
            out.append(node)
    return out


def strip_spaces(inlines: list) -> list:
    start, end = 0, len(inlines)
    while start < end and inlines[start]["t"] in ("Space", "SoftBreak", "LineBreak"):
        start += 1
    while end > start and inlines[end - 1]["t"] in ("Space", "SoftBreak", "LineBreak"):
        end -= 1
    return inlines[start:end]


def text_of(inlines: list) -> str:
    """The paragraph's text as the classifier sees it (note bodies left out, as in raw text)."""
    return "".join(_plain(inlines))


def drop_chars(inlines: list, count: int) -> list:
    """``inlines`` without their first ``count`` characters of text (the typed number, whatever its
    formatting: a bold "1." inside Strong is dropped with the Strong), leading spaces after it too."""
    out: list = []
    for node in inlines:
        if count <= 0:
            out.append(node)
            continue
        size = len(text_of([node]))
        if size <= count:
            count -= size
            if node["t"] == "Note":
                out.append(node)
            continue
        if node["t"] == "Str":
            out.append({"t": "Str", "c": node["c"][count:]})
        elif node["t"] in ("Emph", "Strong", "Underline", "SmallCaps", "Strikeout", "Superscript", "Subscript"):
            out.append({"t": node["t"], "c": drop_chars(node["c"], count)})
        elif node["t"] in ("Span", "Link", "Quoted"):
            c = list(node["c"])
            c[1] = drop_chars(c[1], count)
            out.append({"t": node["t"], "c": c})
        else:
            out.append(node)
        count = 0
    return strip_spaces(out)


def number_notes(ast: dict, marks: list[str | None], name: str, reporter: Reporter) -> None:
    """Give every Note of the AST its marker: Word's next number, or its custom mark."""
    notes = []

    def walk(node):
        if isinstance(node, dict):
            if node.get("t") == "Note":
                notes.append(node)
            walk(node.get("c"))
        elif isinstance(node, list):
            for child in node:
                walk(child)

    walk(ast["blocks"])
    if len(notes) != len(marks):
        reporter.warning("footnote-marks-unknown", f"the Word file has {len(marks)} note references but pandoc "
                         f"read {len(notes)} notes; they are numbered in order", SourcePos(name, 1, 1))
        marks = [None] * len(notes)
    number = 0
    for node, mark in zip(notes, marks):
        if mark is None:
            number += 1
            mark = str(number)
        node["marker"] = mark


# -------------------------------------------------------------------- inline

FORMATTING = ("Emph", "Strong", "Underline")


class DocxInlineBuilder(InlineBuilder):
    """The text reader's inline builder, plus what a Word file has that raw text has not: notes
    at their calls and hyperlinks with their targets."""

    def add(self, el: etree._Element, node: dict) -> None:
        if node["t"] == "Link" and len(node["c"][1]) == 1 and node["c"][1][0]["t"] in FORMATTING:
            # Pandoc puts a link outermost; a model (and the Word run) has the italics outside.
            inner = node["c"][1][0]
            node = {"t": inner["t"], "c": [{"t": "Link", "c": [node["c"][0], inner["c"], node["c"][2]]}]}
        if node["t"] != "Note":
            super().add(el, node)
            return
        pos = getattr(self, "pos", None)
        note = E("authorialNote", marker=node.get("marker", "*"), placement="bottom")
        if pos is not None:
            set_pos(note, pos.line, pos.column)
        builder = Paragraphs(self.name, self.reporter)
        builder.blocks(node["c"])
        for inlines, _ in builder.items:
            p = E("p")
            if pos is not None:
                set_pos(p, pos.line, pos.column)
            for child in inlines:
                self.add(p, child)
            note.append(p)
        if not len(note):
            note.append(E("p"))
        el.append(note)

    def add_link(self, el: etree._Element, inlines: list, target: str) -> None:
        text = "".join(_plain(inlines)).strip()
        if re.match(r"^https?://undocs\.org/", target):
            cls = "symbol" if is_symbol(clean_symbol(text)) else "resolution"
            el.append(self.fill(E("ref", class_=cls, href=target), inlines))
            self.reporter.info("symbol-linked", f"link “{text}” → {target}", self.pos)
            return
        super().add_link(el, inlines, target)


# --------------------------------------------------------------------- reader

def detect_language(package: Package, cells: list[str], texts: list[str]) -> str | None:
    """The masthead's "United Nations" in a language, else the script, else Word's language marks."""
    for cell in cells[:1]:
        for lang in LANGUAGES.values():
            if cell.replace("\u0640", "") == lang.united_nations.replace("\u0640", ""):
                return lang.code
    sample = "".join(texts)[:5000]
    scripts = {"zh": r"[\u4e00-\u9fff]", "ar": r"[\u0600-\u06ff]", "ru": r"[\u0400-\u04ff]"}
    counts = {code: len(re.findall(pattern, sample)) for code, pattern in scripts.items()}
    best = max(counts, key=counts.get)
    if counts[best] > len(sample) / 10:
        return best
    latin = [(n, code) for code, n in package.word_languages().items() if code in ("en", "fr", "es")]
    return max(latin)[1] if latin else None


def detect_symbol(cells: list[str], header: str) -> str | None:
    for text in [*cells, *header.splitlines()]:
        for m in SYMBOL.finditer(text):
            if is_symbol(clean_symbol(m.group(0))):
                return clean_symbol(m.group(0))
    return None


def read_docx(data: bytes, name: str, reporter: Reporter,
              options: ReadOptions | None = None) -> tuple[etree._ElementTree, list[str]]:
    """Step 1: a Word file → (model, the text of each of its paragraphs, for diagnostics' columns)."""
    options = options or ReadOptions()
    package = Package(data, name)
    report_revisions(package, name, reporter)
    package.keep_meta_paragraphs()
    marks = package.note_marks()
    ast = pandoc_ast(package.with_document(), name)
    number_notes(ast, marks, name, reporter)

    paragraphs = Paragraphs(name, reporter)
    paragraphs.blocks(ast["blocks"])
    if not paragraphs.items:
        raise SourceError("the Word file has no text", SourcePos(name, 1, 1),
                          "a source must hold the text of a UN document")
    texts = [text_of(inlines) for inlines, _ in paragraphs.items]

    options = options.merged(**package.properties()).merged(**metadata_from_name(name))
    cells = paragraphs.masthead_cells
    header = package.header_text()
    if not options.symbol:
        options = options.merged(symbol=detect_symbol(cells, header))
    if not options.language:
        options = options.merged(language=detect_language(package, cells, texts))
    if not options.symbol or not options.language:
        raise SourceError("cannot tell the document symbol and language", SourcePos(name, 1, 1),
                          "name the file as the UN does (A_73_321-E.docx → A/73/321, English), put the "
                          "symbol in the masthead, or give symbol and language in a <stem>.meta.toml sidecar")
    try:
        lang = language(options.language)
    except UnknownLanguage as exc:
        raise SourceError(str(exc), SourcePos(name, 1, 1)) from None
    if not cells and not options.date:       # a masthead in the page header: its date
        dates = [parse_date(line, lang) for line in header.splitlines()]
        options = options.merged(date=next((d for d in dates if d), None))

    blocks, inlines = [], []
    for index, ((il, _), text) in enumerate(zip(paragraphs.items, texts), start=1):
        block = Block(index, 1, text)
        if table_number(il):
            block.kind, block.body, block.layout = "text", text, "table"
        else:
            classify(block)
        blocks.append(block)
        inlines.append(drop_chars(il, block.body_col - block.col))
    first_body_index(blocks, name)
    tree = model_from_blocks(blocks, inlines, name, reporter, options, lang, DocxInlineBuilder)
    put_tables(tree, paragraphs.tables, DocxInlineBuilder(lang, name, reporter))
    name_notes(tree)
    # The notes' paragraphs come after the body's, so that the checks that read the text
    # (``check_editorial``) see them too, and a diagnostic in a note points to its own line.
    for note in tree.getroot().iter(akn("authorialNote")):
        for p in note.iter(akn("p")):
            texts.append(model.flow_text(p, notes=True))
            set_pos(p, len(texts), 1)
    return tree, texts


#: The text of a table's placeholder paragraph, before its number (a private-use character: no
#: Word paragraph has it).
TABLE_MARK = "\ue011table "


def table_number(inlines: list) -> int | None:
    """The number of the table whose placeholder paragraph ``inlines`` is, else None."""
    if len(inlines) == 1 and inlines[0]["t"] == "Str" and inlines[0]["c"].startswith(TABLE_MARK):
        return int(inlines[0]["c"][len(TABLE_MARK):])
    return None


def table_text(table: list) -> str:
    """A table as one line of text (its rows by " / ", its cells by " | "), for a source view."""
    return " / ".join(" | ".join(" ".join(text_of(inl) for inl in paragraphs) for paragraphs, _, _ in cells)
                      for _, cells in table)


def put_tables(tree, tables: list[list], builder: "DocxInlineBuilder") -> None:
    """Each table's placeholder paragraph → an AKN ``table``: ``th`` cells in the head rows, ``td``
    in the others, each with its paragraphs (their notes, links and emphasis as anywhere else)
    and its ``colspan``/``rowspan``."""
    from .pages import put_table
    for p in list(tree.getroot().iter(akn("p"))):
        text = "".join(p.itertext())
        if not text.startswith(TABLE_MARK) or not text[len(TABLE_MARK):].isdigit():
            continue
        number = int(text[len(TABLE_MARK):])
        table = E("table", eId=f"table_{number}")
        for header, cells in tables[number - 1]:
            tr = E("tr")
            for paragraphs, rowspan, colspan in cells:
                cell = E("th" if header else "td")
                for inlines in paragraphs or [[]]:
                    cell.append(builder.fill(E("p"), inlines))
                if colspan > 1:
                    cell.set("colspan", str(colspan))
                if rowspan > 1:
                    cell.set("rowspan", str(rowspan))
                tr.append(cell)
            table.append(tr)
        put_table(p, table)


def report_revisions(package: Package, name: str, reporter: Reporter) -> None:
    """Tracked changes are read as accepted (pandoc's default) and comments are not document text:
    both are said, so that nothing in the Word file goes unmentioned."""
    changes = sum(1 for _ in package.document.iter(W + "ins", W + "del", W + "moveFrom", W + "moveTo"))
    if changes:
        reporter.warning("tracked-changes-accepted", f"{changes} tracked change(s) were read as accepted",
                         SourcePos(name, 1, 1), "accept or reject them in Word to decide what the document says")
    comments = package.optional_xml("word/comments.xml")
    count = sum(1 for _ in comments.iter(W + "comment")) if comments is not None else 0
    if count:
        reporter.info("comments-ignored", f"{count} comment(s) of the Word file are not part of the document",
                      SourcePos(name, 1, 1))


def paragraph_texts(data: bytes, name: str) -> list[str]:
    """The text of each paragraph of a Word file as the diagnostics number them (the body's, then
    the notes'): what ``pipeline serve`` shows as the source of a Word file."""
    package = Package(data, name)
    package.keep_meta_paragraphs()
    package.note_marks()
    ast = pandoc_ast(package.with_document(), name)
    body = Paragraphs(name, Reporter())
    body.blocks(ast["blocks"])
    texts = [text_of(inlines) for inlines, _ in body.items]
    notes: list = []

    def walk(node):
        if isinstance(node, dict):
            if node.get("t") == "Note":
                notes.append(node)
                return
            walk(node.get("c"))
        elif isinstance(node, list):
            for child in node:
                walk(child)

    for inlines, _ in body.items:
        table = table_number(inlines)
        for cell_inlines in ([inl for _, cells in body.tables[table - 1] for paragraphs, _, _ in cells
                              for inl in paragraphs] if table else [inlines]):
            walk(cell_inlines)
    texts = [table_text(body.tables[table_number(inlines) - 1]) if table_number(inlines) else text
             for (inlines, _), text in zip(body.items, texts)]
    for note in notes:
        paragraphs = Paragraphs(name, Reporter())
        paragraphs.blocks(note["c"])
        texts += [text_of(inlines) for inlines, _ in paragraphs.items] or [""]
    return texts


def name_notes(tree: etree._ElementTree) -> None:
    """eIds of the notes, in document order, as ``attach_footnotes`` gives them to raw text's."""
    from ..transforms.footnotes import note_eid
    used = set(model.xpath(tree, "//@eId"))
    for note in tree.getroot().iter(akn("authorialNote")):
        if not note.get("eId"):
            note.set("eId", note_eid(note.get("marker"), used))
