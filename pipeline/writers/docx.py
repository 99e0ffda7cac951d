"""The Word document: the document model in, a DOCX file in UN style out (through pandoc).

The model becomes a pandoc JSON AST (``document_ast``) that pandoc's DOCX writer turns into
WordprocessingML with ``pipeline/data/reference.docx`` as its reference document (its styles
are made by ``writers/docx_reference.py``).  The Word file reads like a UN Word document, so
that an editor can work in it and the DOCX reader (``readers/docx.py``) can read it back into
the same model:

* the masthead is a borderless two-column table (United Nations and the organ on the left; the
  symbol, distribution, date and languages on the right);
* each chapter, lettered division, annex and subheading is a Word heading (levels 1, 2, 1, 3)
  whose number is typed, then a tab ("I.<tab>Introduction"), as in the UN's templates;
* each numbered paragraph is typed "1.<tab>text" in the style "UN Numbered Paragraph", whose
  hanging indent sets the number in the margin of its text; a subparagraph "(a)<tab>text" is
  "UN List Item" (deeper levels "UN List Item 2", "UN List Item 3");
* each ``authorialNote`` is a real Word footnote at its call: auto-numbered when its marker is
  the next number, else with its marker as a custom mark ("*", or a numbering that restarts);
  a later call of the same note (``noteRef``, a table's note called in two cells) is its marker
  in superscript, as Word has one reference a footnote;
* symbols, resolutions and web addresses are hyperlinks;
* the document properties carry the title, the symbol (subject), the language, and the model's
  facts as custom properties (``un-symbol``, ``un-language``, ``un-kind``, …) for the reader;
* Arabic is right to left (pandoc's ``dir: rtl``: ``w:bidi`` paragraphs, ``w:rtl`` runs).

Pandoc's output is then finished in the zip (``_finish``): tabs become ``w:tab``, custom note
marks are set, the title property is written without a title paragraph, the page size is set,
and every zip entry and embedded date comes from ``SOURCE_DATE_EPOCH``, so the same model
gives the same bytes.
"""

from __future__ import annotations

import datetime as dt
import functools
import io
import json
import os
import re
import zipfile
from importlib import resources

from lxml import etree

from .. import model, pandoc
from ..diagnostics import WriterError
from ..model import akn, local
from . import WriteOptions

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
W = "{%s}" % W_NS
CP_NS = "http://schemas.openxmlformats.org/package/2006/metadata/core-properties"
DC = "{http://purl.org/dc/elements/1.1/}"
DCTERMS = "{http://purl.org/dc/terms/}"

#: The pandoc AST version our JSON declares (pandoc 3.x reads it).
API_VERSION = [1, 23, 1]

#: Paragraph styles (names as in reference.docx; pandoc looks them up by name).
STYLE_NUMBERED = "UN Numbered Paragraph"
STYLE_CONTINUED = "UN Continued Paragraph"
STYLE_BODY = "UN Body Text"
STYLE_PREAMBLE = "UN Preambular Paragraph"
STYLE_ITEM = ("UN List Item", "UN List Item 2", "UN List Item 3")
STYLE_COVER = "UN Cover Line"
STYLE_AGENDA_TITLE = "UN Agenda Title"
STYLE_PROPONENT = "UN Proponent"
STYLE_SUBHEAD = "UN Subheading"
STYLE_CONCLUSION = "UN Conclusion"
STYLE_MASTHEAD = "UN Masthead"
STYLE_MASTHEAD_SYMBOL = "UN Masthead Symbol"
STYLE_TITLE = "Title"

#: The style of a preface or conclusions ``p`` by its class.
P_STYLES = {"session": STYLE_COVER, "agendaItem": STYLE_COVER, "agendaTitle": STYLE_AGENDA_TITLE,
            "proponent": STYLE_PROPONENT, "adoption": STYLE_COVER, "origin": STYLE_COVER,
            "heading": STYLE_SUBHEAD, "wrapUp": STYLE_CONTINUED}

#: Word heading level of each kind of division.
HEADING_LEVEL = {"section": 1, "chapter": 1, "part": 1, "title": 2, "subheading": 3, "annex": 1}

#: Page sizes of WriteOptions.page_size in twentieths of a point (width, height), portrait.
PAGE_SIZES = {"a3": (16838, 23811), "a4": (11906, 16838), "a5": (8391, 11906), "b4": (14173, 20013),
              "b5": (9978, 14173), "letter": (12240, 15840), "legal": (12240, 20160), "ledger": (15840, 24480)}
UNITS = {"mm": 56.6929, "cm": 566.929, "in": 1440.0, "pt": 20.0}


# ------------------------------------------------------------------ the AST

def Str(text: str) -> dict:
    return {"t": "Str", "c": text}


SPACE = {"t": "Space"}


def text_inlines(text: str) -> list[dict]:
    """Text → Str and Space nodes (a space is pandoc's Space, other white space stays in the Str)."""
    out: list[dict] = []
    for i, word in enumerate(text.split(" ")):
        if i:
            out.append(SPACE)
        if word:
            out.append(Str(word))
    return out


def para(inlines: list, style: str | None = None) -> dict:
    block = {"t": "Para", "c": inlines}
    return div([block], style) if style else block


def div(blocks: list, style: str) -> dict:
    return {"t": "Div", "c": [["", [], [["custom-style", style]]], blocks]}


def header(level: int, inlines: list) -> dict:
    return {"t": "Header", "c": [level, ["", [], []], inlines]}


class DocumentAST:
    """One document model → the pandoc AST of its Word file, and its notes in order."""

    def __init__(self, tree: etree._ElementTree) -> None:
        self.tree = tree
        self.info = model.document_info(tree)
        self.lang = self.info.lang
        #: Every note in the order pandoc writes them: its marker, or None when Word's own
        #: numbering prints it (the marker is the next number).
        self.custom_marks: list[str | None] = []
        self.auto_number = 0

    # -- inline content -----------------------------------------------------
    def inlines(self, el: etree._Element, skip: tuple[str, ...] = ("num",)) -> list[dict]:
        """The running text of ``el`` (its text, inline children and tails) as pandoc inlines."""
        out = text_inlines(el.text or "")
        previous = None
        for child in el:
            if isinstance(child.tag, str) and local(child) not in skip:
                if previous is not None and local(previous) == "docNumber" and local(child) == "docTitle" \
                        and not previous.tail:
                    out.append(SPACE)     # "75/234." and "South-South cooperation" share a line
                out.extend(self.inline(child))
                previous = child
            out.extend(text_inlines(child.tail or ""))
        return out

    def inline(self, el: etree._Element) -> list[dict]:
        name = local(el)
        if name == "authorialNote":
            return [self.note(el)]
        if name == "noteRef":       # a later call of a note: its marker, raised as the call is
            return [{"t": "Superscript", "c": text_inlines(el.get("marker") or "")}]
        content = self.inlines(el)
        if name in ("ref", "a") and el.get("href"):
            return [{"t": "Link", "c": [["", [], []], content, [el.get("href"), ""]]}]
        wrap = {"i": "Emph", "b": "Strong", "u": "Underline", "sup": "Superscript", "sub": "Subscript"}
        if name in wrap:
            return [{"t": wrap[name], "c": content}]
        return content

    def note(self, el: etree._Element) -> dict:
        marker = el.get("marker") or ""
        if marker == str(self.auto_number + 1):
            self.auto_number += 1
            self.custom_marks.append(None)
        else:
            self.custom_marks.append(marker or "*")
        blocks = [{"t": "Para", "c": self.inlines(p)} for p in el if isinstance(p.tag, str) and local(p) == "p"]
        if not blocks or (el.text or "").strip():
            blocks = [{"t": "Para", "c": text_inlines(model.flow_text(el).strip())}]
        return {"t": "Note", "c": blocks}

    def numbered(self, num: etree._Element | None, inlines: list[dict]) -> list[dict]:
        """"1." + tab + text: the number typed, as a UN Word document has it."""
        if num is None or not (num.text or "").strip():
            return inlines
        return [*self.inlines(num, skip=()), Str("\t"), *inlines]

    # -- blocks -------------------------------------------------------------
    def document(self) -> dict:
        doc = model.document_element(self.tree)
        blocks: list[dict] = []
        parts = [p for p in doc if isinstance(p.tag, str) and local(p) not in ("meta", "attachments")]
        # The annexes (the model's attachments) right after the body, before the closing lines,
        # where the text reader looks for them when the Word file is read back.
        at = next((i for i, p in enumerate(parts) if local(p) == "conclusions"), len(parts))
        parts[at:at] = model.annexes(self.tree)
        for part in parts:
            blocks.extend(self.part(part) if local(part) != "hcontainer" else self.division(part))
        return {"pandoc-api-version": API_VERSION, "meta": self.meta(), "blocks": blocks}

    def part(self, el: etree._Element) -> list[dict]:
        name = local(el)
        if name == "coverPage":
            out = []
            for child in el:
                if local(child) == "container" and child.get("name") == "masthead":
                    out.append(self.masthead(child))
                else:
                    out.extend(self.block(child, 0))
            return out
        if name == "conclusions":
            return [para(self.inlines(p), STYLE_CONCLUSION) for p in el if local(p) == "p"] + \
                [b for c in el if local(c) != "p" for b in self.block(c, 0)]
        return [b for child in el for b in self.block(child, 0)]

    def block(self, el: etree._Element, depth: int) -> list[dict]:
        """A block element of the model → pandoc blocks; ``depth`` is the list nesting."""
        if not isinstance(el.tag, str):
            return []
        name = local(el)
        if name == "p":
            style = P_STYLES.get(el.get("class") or "", STYLE_BODY)
            if el.getparent() is not None and el.getparent().get("name") == "preambularParagraph":
                style = STYLE_PREAMBLE
            return [para(self.inlines(el), style)]
        if name == "longTitle":
            return [para(self.inlines(p), STYLE_TITLE) for p in el if local(p) == "p"]
        if name in ("paragraph", "blockContainer"):
            return self.paragraph(el)
        if name == "speech":
            return self.speech(el, depth)
        if name == "narrative":
            return [para([{"t": "Emph", "c": self.inlines(el)}], STYLE_BODY)]
        if name in ("formula", "container", "content", "intro", "wrapUp"):
            return [b for child in el for b in self.block(child, depth)]
        if name == "blockList":
            return [b for item in el for b in self.item(item, depth)]
        if name in ("list", "sublist"):
            return self.list_blocks(el, depth, edges=True)
        if name in _DIVISIONS:
            return self.division(el)
        if name in ("num", "heading", "from", "authorialNote") or name == "subheading" and \
                el.getparent() is not None and local(el.getparent()) in _DIVISIONS:
            return []           # (written by division() and speech())
        if name == "table":
            return [self.table(el)]
        # Anything else keeps its text as a paragraph: nothing is dropped.
        if any(isinstance(c.tag, str) and c.tag in _BLOCKS for c in el):
            return [b for child in el for b in self.block(child, depth)]
        return [para(self.inlines(el), STYLE_BODY)]

    def division(self, el: etree._Element) -> list[dict]:
        kind = el.get("name") if local(el) == "hcontainer" else local(el)
        level = HEADING_LEVEL.get(kind or "", 3)
        head = el.find(akn("heading"))
        num = el.find(akn("num"))
        out = []
        if head is not None or num is not None:
            text = self.inlines(head) if head is not None else []
            out.append(header(level, self.numbered(num, text)))
        sub = el.find(akn("subheading"))
        if sub is not None:     # a debate section's agenda item title, under "Agenda item 8"
            out.append(header(level, self.inlines(sub)))
        for child in el:
            if local(child) not in ("num", "heading", "subheading"):
                out.extend(self.block(child, 0))
        return out

    def paragraph(self, el: etree._Element) -> list[dict]:
        num = el.find(akn("num"))
        out: list[dict] = []
        first = True
        for child in self.reading_blocks(el):
            if local(child) == "p" and first:
                out.append(para(self.numbered(num, self.inlines(child)),
                                STYLE_NUMBERED if num is not None else STYLE_BODY))
                first = False
            elif local(child) == "p":
                out.append(para(self.inlines(child), STYLE_CONTINUED))
            else:
                if first and num is not None:
                    out.append(para(self.numbered(num, []), STYLE_NUMBERED))
                    first = False
                out.extend(self.list_blocks(child, 0, edges=False) if local(child) == "list"
                           else self.block(child, 0))
        return out

    def speech(self, el: etree._Element, depth: int) -> list[dict]:
        """A debate's turn: its paragraphs, the first opening with the speaker's words as printed
        ("**Mr. Smith** (United Kingdom): …"), after a summary record's paragraph number."""
        out = [b for child in el if local(child) != "from" for b in self.block(child, depth)]
        frm = el.find(akn("from"))
        if frm is None:
            return out
        said = self.inlines(frm)
        first = _first_para(out)
        if first is None:
            return [para(said, STYLE_BODY)] + out
        inlines = first["c"]
        # After the number and its tab ("1.<tab>"), if the paragraph is numbered.
        at = next((i + 1 for i, node in enumerate(inlines) if node.get("t") == "Str" and node["c"].endswith("\t")), 0)
        rest = inlines[at:]
        glue = [] if not rest or rest[0].get("t") == "Str" and rest[0]["c"][:1] in (",", ";", ".", "،", "，") \
            or model.flow_text(frm).rstrip().endswith("：") else [SPACE]
        first["c"] = inlines[:at] + said + glue + rest
        return out

    @staticmethod
    def reading_blocks(el: etree._Element) -> list[etree._Element]:
        """A paragraph's or point's blocks in reading order: its ``content``'s, or each list's
        ``intro`` blocks, the list (its points) and its ``wrapUp`` blocks."""
        out = []
        for part in el:
            if not isinstance(part.tag, str) or local(part) == "num":
                continue
            if local(part) == "content":
                out.extend(part)
            elif local(part) == "list":
                intro, wrap = part.find(akn("intro")), part.find(akn("wrapUp"))
                out.extend([*(intro if intro is not None else []), part, *(wrap if wrap is not None else [])])
            else:
                out.append(part)
        return [c for c in out if isinstance(c.tag, str)]

    def list_blocks(self, el: etree._Element, depth: int, edges: bool) -> list[dict]:
        """A ``list``'s points (and with ``edges`` its intro and wrap-up); a ``sublist`` one level deeper."""
        out: list[dict] = []
        for child in el:
            name = local(child) if isinstance(child.tag, str) else ""
            if name == "point":
                out.extend(self.item(child, depth))
            elif name == "sublist":
                out.extend(self.list_blocks(child, depth + 1, edges=True))
            elif name in ("intro", "wrapUp") and edges:
                for block in child:
                    if isinstance(block.tag, str):
                        out.extend([para(self.inlines(block), STYLE_CONTINUED)] if local(block) == "p"
                                   else self.block(block, depth))
            elif name and name not in ("intro", "wrapUp"):
                out.extend(self.block(child, depth))
        return out

    def item(self, el: etree._Element, depth: int) -> list[dict]:
        if not isinstance(el.tag, str) or local(el) not in ("item", "point"):
            return self.block(el, depth)
        style = STYLE_ITEM[min(depth, len(STYLE_ITEM) - 1)]
        num = el.find(akn("num"))
        out: list[dict] = []
        first = True
        for child in self.reading_blocks(el):
            if local(child) == "p" and first:
                out.append(para(self.numbered(num, self.inlines(child)), style))
                first = False
            elif local(child) == "p":
                out.append(para(self.inlines(child), STYLE_CONTINUED))
            elif local(child) == "blockList":
                out.extend(b for sub in child for b in self.item(sub, depth + 1))
            else:
                out.extend(self.block(child, depth + 1))
        return out

    def masthead(self, container: etree._Element) -> dict:
        """The masthead as a borderless two-column table: United Nations and the organs left, the
        symbol and the distribution, date and language lines right.  Word and the DOCX reader read
        a table row by row, so a line that would come before the right cell it follows starts a
        new row: the reading order is the model's."""
        rows: list[tuple[list, list]] = [([], [])]
        for p in container:
            if not isinstance(p.tag, str):
                continue
            inner = next((c for c in p if isinstance(c.tag, str)), None)
            kind = local(inner) if inner is not None else ""
            if kind == "docAuthority":
                if rows[-1][1]:
                    rows.append(([], []))
                rows[-1][0].append(para(self.inlines(p), STYLE_MASTHEAD))
            else:
                style = STYLE_MASTHEAD_SYMBOL if kind == "docNumber" else STYLE_MASTHEAD
                rows[-1][1].append(para(self.inlines(p), style))

        def cell(blocks):
            return [["", [], []], {"t": "AlignDefault"}, 1, 1, blocks]

        body_rows = [[["", [], []], [cell(left), cell(right)]] for left, right in rows]
        colspecs = [[{"t": "AlignDefault"}, {"t": "ColWidth", "c": 0.5}]] * 2
        return {"t": "Table", "c": [["", [], []], [None, []], colspecs, [["", [], []], []],
                                    [[["", [], []], 0, [], body_rows]], [["", [], []], []]]}

    def table(self, el: etree._Element) -> dict:
        """An AKN ``table`` → a Word table: its leading rows of ``th`` are the table's head
        (repeated on each page), a cell over several columns or rows keeps its span."""
        def row(tr):
            cells = [[["", [], []], {"t": "AlignDefault"}, int(c.get("rowspan", "1")), int(c.get("colspan", "1")),
                      [b for child in c for b in self.block(child, 0)]]
                     for c in tr if isinstance(c.tag, str) and local(c) in ("th", "td")]
            return [["", [], []], cells]

        rows = [tr for tr in el if isinstance(tr.tag, str) and local(tr) == "tr"]
        head = 0
        while head < len(rows) - 1 and all(local(c) == "th" for c in rows[head] if isinstance(c.tag, str)):
            head += 1
        width = max((sum(int(c.get("colspan", "1")) for c in tr if isinstance(c.tag, str)) for tr in rows), default=1)
        colspecs = [[{"t": "AlignDefault"}, {"t": "ColWidthDefault"}]] * width
        return {"t": "Table", "c": [["", [], []], [None, []], colspecs, [["", [], []], [row(r) for r in rows[:head]]],
                                    [[["", [], []], 0, [], [row(r) for r in rows[head:]]]], [["", [], []], []]]}

    # -- metadata -----------------------------------------------------------
    def meta(self) -> dict:
        """Document properties: pandoc writes ``lang`` and ``subject`` to core.xml, the others as custom
        properties (the title and author are set in core.xml afterwards: as metadata, pandoc would
        also print them as paragraphs)."""
        info = self.info

        def s(value: str) -> dict:
            return {"t": "MetaString", "c": value}

        meta = {"lang": s(self.lang.bcp47), "subject": s(info.symbol),
                "un-symbol": s(info.symbol), "un-language": s(info.language), "un-kind": s(info.kind)}
        if info.organ:
            meta["un-organ"] = s(info.organ)
        if info.date:
            meta["un-date"] = s(info.date)
        if info.original_language:
            meta["un-original-language"] = s(info.original_language)
        if self.lang.direction == "rtl":
            meta["dir"] = s("rtl")
        return meta

    def title(self) -> str:
        titles = model.xpath(self.tree, "/a:akomaNtoso/*/a:preface/a:longTitle")
        text = " ".join(" ".join(model.flow_text(p).split()) for p in titles[0]) if titles else ""
        return text or self.info.symbol


#: Hierarchical elements written as a heading and their blocks (:meth:`DocumentAST.division`).
_DIVISIONS = {"section", "chapter", "part", "title", "hcontainer", "division", "subdivision", "debateSection"}

_BLOCKS = {akn(t) for t in ("p", "paragraph", "blockList", "list", "sublist", "container", "hcontainer",
                            "section", "title", "longTitle", "formula", "content")}


# ---------------------------------------------------------------- pandoc

def _first_para(blocks: list[dict]) -> dict | None:
    """The first pandoc ``Para`` of ``blocks`` (inside a styled ``Div`` if need be)."""
    for block in blocks:
        if block.get("t") == "Para":
            return block
        if block.get("t") == "Div":
            found = _first_para(block["c"][1])
            if found is not None:
                return found
    return None


@functools.lru_cache(maxsize=1)
def reference_docx() -> bytes:
    """The reference document (styles, page, fonts) shipped as package data."""
    return resources.files("pipeline").joinpath("data/reference.docx").read_bytes()


def run_pandoc(args: list[str], stdin: bytes, epoch: int | None) -> bytes:
    """Pandoc's standard output for ``args`` on ``stdin``, SOURCE_DATE_EPOCH set when given."""
    proc = pandoc.run_pandoc(args, stdin, epoch)
    if proc.returncode:
        raise WriterError(f"pandoc failed (exit {proc.returncode}): "
                          f"{proc.stderr.decode('utf-8', 'replace').strip()[:500]}")
    return proc.stdout


def write_docx(tree: etree._ElementTree, options: WriteOptions) -> bytes:
    """The model → the bytes of a .docx file (deterministic under ``options.source_date_epoch``)."""
    doc = DocumentAST(tree)
    ast = doc.document()
    import tempfile
    with tempfile.TemporaryDirectory(prefix="pipeline-docx-") as tmp:
        reference = os.path.join(tmp, "reference.docx")
        with open(reference, "wb") as fh:
            fh.write(reference_docx())
        data = run_pandoc(["--from", "json", "--to", "docx", "--reference-doc", reference, "--output", "-"],
                          json.dumps(ast, ensure_ascii=False).encode("utf-8"), options.source_date_epoch)
    return finish(data, doc, options)


# ------------------------------------------------------------ finishing

def finish(data: bytes, doc: DocumentAST, options: WriteOptions) -> bytes:
    """Pandoc's DOCX → ours: tabs, custom note marks, title, page size, fixed dates (see the module doc)."""
    epoch = options.source_date_epoch
    moment = (dt.datetime.fromtimestamp(epoch, dt.timezone.utc) if epoch is not None
              else dt.datetime.now(dt.timezone.utc))
    # Zip entries carry local time without a zone; before 1980 is not representable.
    stamp = max(moment.replace(tzinfo=None), dt.datetime(1980, 1, 1)).timetuple()[:6]
    source = zipfile.ZipFile(io.BytesIO(data))
    parts = {name: source.read(name) for name in source.namelist()}
    document = etree.fromstring(parts["word/document.xml"])
    footnotes = etree.fromstring(parts["word/footnotes.xml"]) if "word/footnotes.xml" in parts else None
    split_tabs(document)
    if footnotes is not None:
        split_tabs(footnotes, note_mark_tab=True)
    set_custom_marks(document, footnotes, doc.custom_marks)
    set_page_size(document, options.page_size)
    if doc.lang.direction == "rtl":
        mirror_tables(document)
    parts["word/document.xml"] = etree.tostring(document, xml_declaration=True, encoding="UTF-8",
                                                standalone=True)
    if footnotes is not None:
        parts["word/footnotes.xml"] = etree.tostring(footnotes, xml_declaration=True, encoding="UTF-8",
                                                     standalone=True)
    parts["docProps/core.xml"] = core_properties(parts["docProps/core.xml"], doc.title(),
                                                 doc.lang.united_nations, moment)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for name in source.namelist():         # pandoc's order: [Content_Types].xml first
            info = zipfile.ZipInfo(name, date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            target.writestr(info, parts[name])
    return out.getvalue()


def split_tabs(root: etree._Element, note_mark_tab: bool = False) -> None:
    """A tab inside ``w:t`` is a space to Word: make it a ``w:tab`` element between two texts.

    ``note_mark_tab``: in footnotes.xml, the space pandoc writes after the note's own mark becomes a
    tab too, so that the note text hangs after its number like the UN's."""
    for t in list(root.iter(W + "t")):
        if t.text and "\t" in t.text:
            run = t.getparent()
            pieces = t.text.split("\t")
            index = run.index(t)
            t.text = pieces[0]
            for piece in pieces[1:]:
                index += 1
                run.insert(index, etree.Element(W + "tab"))
                if piece:
                    index += 1
                    new = etree.Element(W + "t")
                    new.text = piece
                    new.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
                    run.insert(index, new)
            if not pieces[0]:
                run.remove(t)
    if note_mark_tab:
        for ref in root.iter(W + "footnoteRef"):
            run = ref.getparent()
            following = run.getnext()
            texts = following.findall(W + "t") if following is not None else []
            if len(texts) == 1 and texts[0].text == " ":
                following.replace(texts[0], etree.Element(W + "tab"))


def set_custom_marks(document: etree._Element, footnotes: etree._Element | None,
                     marks: list[str | None]) -> None:
    """The k-th note reference gets ``marks[k]`` as its custom mark (in the text and in the note)."""
    refs = list(document.iter(W + "footnoteReference"))
    if len(refs) != len(marks):
        raise WriterError(f"pandoc wrote {len(refs)} footnotes for {len(marks)} notes of the model")
    notes = {n.get(W + "id"): n for n in footnotes.iter(W + "footnote")} if footnotes is not None else {}
    for ref, mark in zip(refs, marks):
        if mark is None:
            continue
        ref.set(W + "customMarkFollows", "1")
        run = ref.getparent()
        text = etree.SubElement(run, W + "t")
        text.text = mark
        note = notes.get(ref.get(W + "id"))
        if note is not None:
            for own in note.iter(W + "footnoteRef"):
                own_run = own.getparent()
                replacement = etree.Element(W + "t")
                replacement.text = mark
                own_run.replace(own, replacement)


def mirror_tables(document: etree._Element) -> None:
    """Right to left, a table's first column is on the right (``w:bidiVisual``), and a masthead line
    without Arabic letters ("Distr.: General", "30 December 2020") runs left to right, as in the
    UN's Arabic documents (pandoc marks every paragraph of an RTL document ``w:bidi``)."""
    for table in document.iter(W + "tbl"):
        props = table.find(W + "tblPr")
        if props is None:
            props = etree.Element(W + "tblPr")
            table.insert(0, props)
        if props.find(W + "bidiVisual") is None:
            props.insert(next((i for i, c in enumerate(props) if c.tag in (W + "tblW", W + "jc", W + "tblInd",
                                                                            W + "tblLook")), len(props)),
                         etree.Element(W + "bidiVisual"))
        for p in table.iter(W + "p"):
            text = "".join(t.text or "" for t in p.iter(W + "t"))
            if text.strip() and not re.search("[\u0600-\u06ff]", text):
                for mark in [*p.iter(W + "bidi"), *p.iter(W + "rtl")]:
                    mark.getparent().remove(mark)


def set_page_size(document: etree._Element, page_size: str) -> None:
    """``A4``, ``letter landscape`` or ``210mm 297mm`` → the section's ``w:pgSz``."""
    words = page_size.lower().split()
    landscape = "landscape" in words
    words = [w for w in words if w not in ("portrait", "landscape")]
    if len(words) == 1 and words[0] in PAGE_SIZES:
        width, height = PAGE_SIZES[words[0]]
    elif len(words) == 2 and all(re.fullmatch(r"\d+(?:\.\d+)?(mm|cm|in|pt)", w) for w in words):
        width, height = (round(float(w[:-2]) * UNITS[w[-2:]]) for w in words)
    else:
        raise WriterError(f"page size {page_size!r} is not one a Word file can take",
                          "use A4, A5, letter, legal (portrait or landscape) or two lengths (210mm 297mm)")
    if landscape:
        width, height = max(width, height), min(width, height)
    for sect in document.iter(W + "sectPr"):
        size = sect.find(W + "pgSz")
        if size is None:
            size = etree.SubElement(sect, W + "pgSz")
        size.set(W + "w", str(width))
        size.set(W + "h", str(height))
        if landscape:
            size.set(W + "orient", "landscape")


def core_properties(data: bytes, title: str, author: str, moment: dt.datetime) -> bytes:
    """docProps/core.xml with the document's title and author, and both dates at ``moment``."""
    root = etree.fromstring(data)
    for name, value in (("creator", author), ("title", title)):
        el = root.find(DC + name)
        if el is None:
            el = etree.Element(DC + name)
            root.insert(0, el)
        el.text = value
    stamp = moment.strftime("%Y-%m-%dT%H:%M:%SZ")
    for name in ("created", "modified"):
        date = root.find(DCTERMS + name)
        if date is not None:
            date.text = stamp
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
