"""Raw report text (as extracted from the UN's PDF) → the document model, before repairs.

The text is decoded and normalized first (BOM, line ends; each change reported),
then cut into blocks (runs of non-blank lines).  The block structure — cover,
chapters, lettered divisions, unnumbered subheadings, numbered paragraphs, note
bodies left at the page foot, paragraph tails cut off by a page break — is ours
to recover; the inline syntax inside a block (links, ``*emphasis*``,
``<autolinks>``, escapes) is Markdown, read by pandoc's CommonMark reader
through its JSON AST.

What the reader cannot place yet it marks for the transforms: a note body is a
``pl:noteBody`` element where the page break left it, a paragraph tail is a
``pl:tail`` element; ``transforms`` move them and report each move.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import re
import tomllib
import unicodedata
from pathlib import PurePath

from lxml import etree

from . import model
from .diagnostics import Reporter, SourceError, SourcePos
from .languages import LANGUAGES, Language, UnknownLanguage, language
from .model import PL, E, akn, append_text, set_pos

SOURCE_SUFFIXES = (".md", ".txt")


@dataclasses.dataclass(frozen=True)
class ReadOptions:
    """Metadata the text does not hold; each field overrides what the file name implies."""

    #: Document symbol ("A/73/321"); default: from the UN file name.
    symbol: str | None = None
    #: ISO 639-1 language of the text; default: from the file name suffix (-ZH).
    language: str | None = None
    #: Issue date (YYYY-MM-DD); default: unknown, never invented.
    date: str | None = None
    #: Language the text was translated from (ISO 639-1); default: unknown.
    original_language: str | None = None
    #: Issuing organ: ga, sc, ecosoc, hrc; default: from the symbol.
    organ: str | None = None
    #: "report" or "resolution"; default: detected from the text.
    kind: str | None = None
    #: Seconds since the epoch for the markup date (SOURCE_DATE_EPOCH); None: today.
    source_date_epoch: int | None = None

    @classmethod
    def from_mapping(cls, values: dict, name: str) -> "ReadOptions":
        fields = {f.name for f in dataclasses.fields(cls)}
        unknown = sorted(set(values) - fields)
        if unknown:
            raise SourceError(f"unknown metadata key {unknown[0]!r}", SourcePos(name, 1, 1),
                              "known keys: " + ", ".join(sorted(fields - {'source_date_epoch'})))
        return cls(**{k: (str(v) if k != "source_date_epoch" else int(v)) for k, v in values.items()})

    @classmethod
    def from_toml(cls, data: bytes, name: str) -> "ReadOptions":
        try:
            values = tomllib.loads(data.decode("utf-8"))
        except (UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
            raise SourceError(f"cannot read the metadata sidecar: {exc}", SourcePos(name, 1, 1)) from None
        return cls.from_mapping(values, name)

    def merged(self, **overrides) -> "ReadOptions":
        """Fill the fields left unset here from ``overrides`` (set fields win)."""
        return dataclasses.replace(self, **{k: v for k, v in overrides.items()
                                            if v is not None and getattr(self, k) is None})


# ------------------------------------------------------------------ decoding

def decode(data: bytes, name: str, reporter: Reporter) -> list[str]:
    """Bytes → lines (no line ends); a BOM and CR line ends are removed and reported."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
        reporter.info("bom-removed", "a UTF-8 byte order mark was removed", SourcePos(name, 1, 1))
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        col = len(data[data.rfind(b"\n", 0, exc.start) + 1: exc.start].decode("utf-8", "replace")) + 1
        raise SourceError(
            f"byte 0x{data[exc.start]:02x} at offset {exc.start} is not UTF-8",
            SourcePos(name, line, col),
            "save the file as UTF-8 (it may be in GB18030, Windows-1252 or UTF-16)") from None
    if "\r" in text:
        crlf = text.count("\r\n")
        text = text.replace("\r\n", "\n").replace("\r", "\n")
        reporter.info("line-ends-normalized",
                      f"{crlf or 'some'} CR/CRLF line end(s) converted to LF", SourcePos(name, 1, 1))
    if not text.strip():
        raise SourceError("the file is empty", SourcePos(name, 1, 1),
                          "a source must hold the text of a UN document")
    bad = [i for i, ch in enumerate(text) if unicodedata.category(ch) == "Cc" and ch not in "\n\t"]
    if bad:
        line = text.count("\n", 0, bad[0]) + 1
        col = bad[0] - (text.rfind("\n", 0, bad[0]) + 1) + 1
        raise SourceError(f"control character U+{ord(text[bad[0]]):04X} in the text",
                          SourcePos(name, line, col), "remove it; it is not part of any UN document")
    return text.split("\n")


# ------------------------------------------------------------------ metadata

FILE_NAME = re.compile(r"^(?P<symbol>[A-Z][A-Za-z0-9._()]*(?:_[A-Za-z0-9.()]+)*)-(?P<lang>[A-Za-z]{2})$")
CORPUS_NAME = re.compile(r"^(?P<lang>[a-z]{2})_(?P<symbol>[A-Z][A-Za-z0-9.()-]*)$")
ORGAN_PREFIXES = (("A/HRC/", "hrc"), ("S/", "sc"), ("E/", "ecosoc"), ("A/", "ga"))


def metadata_from_name(name: str) -> dict:
    """UN file names: ``A_73_321-ZH`` → A/73/321, zh; corpus names ``zh_A-RES-75-234`` too."""
    stem = PurePath(name).name
    for suffix in (".akn.xml", *SOURCE_SUFFIXES):
        if stem.endswith(suffix):
            stem = stem[: -len(suffix)]
    m = FILE_NAME.match(stem)
    if m:
        return {"symbol": m["symbol"].replace("_", "/"), "language": m["lang"].lower()}
    m = CORPUS_NAME.match(stem)
    if m:
        symbol = m["symbol"]
        year = re.search(r"-(\d{4})$", symbol)
        if symbol.startswith("S-RES-") and year:   # S-RES-2713-2023 → S/RES/2713 (2023)
            return {"symbol": symbol[: year.start()].replace("-", "/") + f" ({year[1]})",
                    "language": m["lang"]}
        return {"symbol": symbol.replace("-", "/"), "language": m["lang"]}
    return {}


def organ_of(symbol: str) -> str:
    for prefix, organ in ORGAN_PREFIXES:
        if symbol.startswith(prefix):
            return organ
    return "ga"


FRONT_MATTER = re.compile(r"^---\s*$")


def split_front_matter(lines: list[str], name: str) -> tuple[dict, int]:
    """YAML front matter between ``---`` lines at the very top: (values, first body line index)."""
    if not lines or not FRONT_MATTER.match(lines[0]):
        return {}, 0
    for end in range(1, len(lines)):
        if FRONT_MATTER.match(lines[end]):
            import yaml
            try:
                values = yaml.safe_load("\n".join(lines[1:end])) or {}
            except yaml.YAMLError as exc:
                mark = getattr(exc, "problem_mark", None)
                raise SourceError(f"front matter is not valid YAML: {getattr(exc, 'problem', exc)}",
                                  SourcePos(name, (mark.line + 2) if mark else 1, (mark.column + 1) if mark else 1))
            if not isinstance(values, dict):
                raise SourceError("front matter must be a mapping of keys to values", SourcePos(name, 2, 1))
            return values, end + 1
    raise SourceError("front matter opened with --- is never closed", SourcePos(name, 1, 1),
                      "add a line --- after the metadata")


# ------------------------------------------------------------------- blocks

@dataclasses.dataclass
class Block:
    line: int          # 1-based line of the first character
    col: int           # 1-based column of the first character
    text: str          # the block's lines joined

    kind: str = ""     # set by classify()
    num: str = ""      # the printed number or marker ("1.", "一.", "A.", "¹")
    body: str = ""     # the text after the number
    body_col: int = 1  # column where ``body`` starts


def blocks_of(lines: list[str], first: int, name: str, reporter: Reporter) -> list[Block]:
    """Runs of non-blank lines; the lines of one run are joined (no space between CJK)."""
    blocks: list[Block] = []
    current: Block | None = None
    for index in range(first, len(lines)):
        raw = lines[index]
        stripped = raw.strip()
        if not stripped:
            current = None
            continue
        col = len(raw) - len(raw.lstrip()) + 1
        if current is None:
            current = Block(index + 1, col, stripped)
            blocks.append(current)
        else:
            joiner = "" if is_cjk(current.text[-1]) or is_cjk(stripped[0]) else " "
            current.text += joiner + stripped
            reporter.info("lines-joined", "a line break inside a block was joined",
                          SourcePos(name, index + 1, col))
    return blocks


def is_cjk(ch: str) -> bool:
    o = ord(ch)
    return (0x2E80 <= o <= 0x9FFF or 0xF900 <= o <= 0xFAFF or 0xFF00 <= o <= 0xFFEF
            or 0x20000 <= o <= 0x2FFFF)


SUPERSCRIPT_DIGITS = "⁰¹²³⁴⁵⁶⁷⁸⁹"
SUPERSCRIPT_VALUE = {ch: str(i) for i, ch in enumerate(SUPERSCRIPT_DIGITS)}
CHINESE_NUMERALS = "一二三四五六七八九十"
ROMAN = re.compile(r"^(?=[IVXLC])M*(C[MD]|D?C{0,3})(X[CL]|L?X{0,3})(I[XV]|V?I{0,3})$")

NOTE_BODY = re.compile(rf"^(?:\((?P<amarker>[{SUPERSCRIPT_DIGITS}]+)\)|(?P<marker>[{SUPERSCRIPT_DIGITS}]+|\*+))\s*(?P<body>\S.*)$")
CHAPTER = re.compile(rf"^(?P<num>[{CHINESE_NUMERALS}]+|[IVXLC]+)\s*[.．]\s*(?P<body>\S.*)$")
DIVISION = re.compile(r"^(?P<num>[A-Z])\.\s+(?P<body>\S.*)$")
PARAGRAPH = re.compile(r"^(?P<num>\d{1,4})\.\s+(?P<body>\S.*)$")

#: Characters that may end a complete paragraph (after trailing note calls are set aside).
TERMINAL = set("。！？.!?；;：:…")
CLOSERS = set("”’」』》）)]\"'")


def chinese_numeral_value(text: str) -> int:
    digits = {c: i + 1 for i, c in enumerate("一二三四五六七八九")}
    if text == "十":
        return 10
    if "十" in text:
        tens, _, units = text.partition("十")
        return (digits.get(tens, 1) * 10) + digits.get(units, 0)
    return digits[text]


def roman_value(text: str) -> int:
    values = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100, "D": 500, "M": 1000}
    total = 0
    for a, b in zip(text, text[1:] + " "):
        v = values[a]
        total += -v if b != " " and values.get(b, 0) > v else v
    return total


def chapter_value(num: str) -> int | None:
    if num[0] in CHINESE_NUMERALS:
        return chinese_numeral_value(num)
    if ROMAN.match(num):
        return roman_value(num)
    return None


def is_division_letter(num: str, chapter, division) -> bool:
    """"C." after "B." is a division, not chapter 100: a one-letter Roman numeral is a
    chapter only when it is the next chapter number."""
    if len(num) != 1 or num not in "IVXLC" or chapter is None:
        return False
    current = int(chapter.get("eId").split("_")[1])
    if chapter_value(num) == current + 1:
        previous = division.findtext(akn("num")) if division is not None else None
        return previous is not None and ord(previous[0]) + 1 == ord(num)
    return True


def ends_sentence(text: str) -> bool:
    """Does ``text`` end a sentence (trailing note calls, spaces and closing brackets aside)?"""
    stripped = text.rstrip().rstrip(SUPERSCRIPT_DIGITS + "*").rstrip()
    while stripped and stripped[-1] in CLOSERS:
        if stripped[-1] in ")）" and stripped[-2:-1] not in TERMINAL:
            return False
        stripped = stripped[:-1]
    return bool(stripped) and stripped[-1] in TERMINAL


def classify(block: Block) -> None:
    text = block.text
    for kind, pattern in (("note", NOTE_BODY), ("chapter", CHAPTER), ("division", DIVISION),
                          ("paragraph", PARAGRAPH)):
        m = pattern.match(text)
        if not m:
            continue
        num = m.group("amarker") if kind == "note" and m.group("amarker") else m.group(
            "marker" if kind == "note" else "num")
        if kind == "chapter" and chapter_value(num) is None:
            continue
        block.kind, block.num, block.body = kind, num, m.group("body")
        block.body_col = block.col + m.start("body")
        return
    block.kind, block.body, block.body_col = "text", text, block.col


# ------------------------------------------------------------------ inline

SENTINEL = "\ue000"


def inline_trees(bodies: list[str]) -> list[list]:
    """Each block's text → pandoc inline AST, all blocks in one pandoc run.

    Every block becomes one CommonMark paragraph; a private-use sentinel in front
    keeps a text that starts like a list item or heading ("1. ", "# ") a
    paragraph, and is removed from the result.
    """
    import pypandoc

    document = "\n\n".join(f"{SENTINEL} {body}" for body in bodies)
    ast = json.loads(pypandoc.convert_text(document, "json", format="commonmark"))
    paras = [b["c"] for b in ast["blocks"] if b["t"] == "Para"]
    if len(paras) != len(bodies) or len(ast["blocks"]) != len(bodies):
        raise AssertionError("pandoc did not return one paragraph per block")
    result = []
    for inlines in paras:
        first = inlines[0]
        assert first["t"] == "Str" and first["c"].startswith(SENTINEL)
        rest = first["c"][len(SENTINEL):]
        inlines = ([{"t": "Str", "c": rest}] if rest else []) + inlines[1:]
        if inlines and inlines[0]["t"] == "Space":
            inlines = inlines[1:]
        result.append(inlines)
    return result


class InlineBuilder:
    """pandoc inline AST → AKN inline content appended to an element."""

    def __init__(self, lang: Language, name: str, reporter: Reporter) -> None:
        self.lang, self.name, self.reporter = lang, name, reporter

    def fill(self, el: etree._Element, inlines: list, pos: SourcePos) -> etree._Element:
        self.pos = pos
        for node in inlines:
            self.add(el, node)
        return el

    def add(self, el: etree._Element, node: dict) -> None:
        t, c = node["t"], node.get("c")
        if t == "Str":
            append_text(el, c)
        elif t in ("Space", "SoftBreak", "LineBreak"):
            append_text(el, " ")
        elif t == "Emph":
            el.append(self.fill_child(E("i"), c))
        elif t == "Strong":
            el.append(self.fill_child(E("b"), c))
        elif t == "Underline":
            el.append(self.fill_child(E("u"), c))
        elif t == "Code":
            append_text(el, c[1])
        elif t == "RawInline":
            append_text(el, c[1])          # CommonMark raw HTML: keep it as the text it is
        elif t in ("Span", "Quoted", "SmallCaps", "Strikeout", "Superscript", "Subscript"):
            for child in (c[1] if t in ("Span", "Quoted") else c):
                self.add(el, child)
        elif t == "Link":
            self.add_link(el, c[1], c[2][0])
        elif t == "Image":
            append_text(el, "".join(_plain(c[1])))
            self.reporter.warning("image-dropped", "an image reference cannot be kept; its text was kept",
                                  self.pos)
        else:
            append_text(el, "".join(_plain([node])))

    def fill_child(self, el: etree._Element, inlines: list) -> etree._Element:
        for node in inlines:
            self.add(el, node)
        return el

    def add_link(self, el: etree._Element, inlines: list, target: str) -> None:
        text = "".join(_plain(inlines))
        if target in ("", "#"):
            # The PDF extraction kept the link text but lost the target: a symbol or a resolution.
            from .symbols import link_for_text
            link = link_for_text(text, self.lang)
            if link is None:
                self.reporter.warning("unresolved-link", f"the link “{text}” has no target and is not a "
                                      "UN document symbol; kept as plain text", self.pos,
                                      "write the symbol in full (A/RES/72/237) or give the link a URL")
                self.fill_child(el, inlines)
                return
            cls, href = link
            el.append(self.fill_child(E("ref", class_=cls, href=href), inlines))
            self.reporter.info("symbol-linked", f"link “{text}” → {href}", self.pos)
            return
        el.append(self.fill_child(E("a", class_="url", href=target), inlines))
        self.reporter.info("url-linked", f"“{text}” → {target}", self.pos)


def _plain(inlines: list) -> list[str]:
    out = []
    for node in inlines:
        t, c = node["t"], node.get("c")
        if t == "Str":
            out.append(c)
        elif t in ("Space", "SoftBreak", "LineBreak"):
            out.append(" ")
        elif t in ("Code", "RawInline"):
            out.append(c[1])
        elif t in ("Emph", "Strong", "Underline", "SmallCaps", "Strikeout", "Superscript", "Subscript"):
            out.extend(_plain(c))
        elif t in ("Span", "Quoted", "Link", "Image"):
            out.extend(_plain(c[1]))
    return out


# ------------------------------------------------------------------- cover

SESSION_WORDS = re.compile(r"(届会议|session|sesión|período de sesiones|сессия|الدورة)", re.I)
AGENDA_WORDS = re.compile(r"(议程|agenda|ordre du jour|programa|повестки|جدول الأعمال)", re.I)
SUMMARY_WORDS = {"摘要", "Summary", "Résumé", "Resumen", "Резюме", "موجز"}
ORDINALS_EN = {"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7,
               "eighth": 8, "ninth": 9}
TENS_EN = {"twentieth": 20, "thirtieth": 30, "fortieth": 40, "fiftieth": 50, "sixtieth": 60,
           "seventieth": 70, "eightieth": 80, "ninetieth": 90, "twenty": 20, "thirty": 30, "forty": 40,
           "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90}


def session_number(text: str) -> int | None:
    m = re.search(r"第([一二三四五六七八九十百]+)届", text)
    if m:
        value = m[1].replace("百", "")
        return chinese_numeral_value(value) if value else 100
    m = re.search(r"(\d+)", text)
    if m:
        return int(m[1])
    words = re.findall(r"[a-z]+", text.lower())
    total = sum(TENS_EN.get(w, 0) + ORDINALS_EN.get(w, 0) for w in words)
    return total or None


# ------------------------------------------------------------------- reader

class ReportReader:
    def __init__(self, name: str, reporter: Reporter, lang: Language) -> None:
        self.name, self.reporter, self.lang = name, reporter, lang
        self.inline = InlineBuilder(lang, name, reporter)

    def pos(self, block: Block, body: bool = True) -> SourcePos:
        return SourcePos(self.name, block.line, block.body_col if body else block.col)

    def p(self, block: Block, inlines: list, **attrs) -> etree._Element:
        el = set_pos(E("p", **attrs), block.line, block.body_col)
        return self.inline.fill(el, inlines, self.pos(block))

    def note_body(self, block: Block, inlines: list) -> etree._Element:
        el = etree.Element(PL + "noteBody", nsmap=model.NSMAP)
        el.set("marker", "".join(SUPERSCRIPT_VALUE.get(c, c) for c in block.num))
        set_pos(el, block.line, block.col)
        el.append(self.p(block, inlines))
        return el

    def tail(self, block: Block, inlines: list) -> etree._Element:
        el = etree.Element(PL + "tail", nsmap=model.NSMAP)
        set_pos(el, block.line, block.col)
        self.inline.fill(el, inlines, self.pos(block))
        return el

    # -- cover and preface -------------------------------------------------
    def preface(self, blocks: list[Block], inlines: list[list]) -> etree._Element:
        preface = E("preface")
        summary = None
        state = "start"
        for block, il in zip(blocks, inlines):
            if block.kind == "note":
                (summary if summary is not None else preface).append(self.note_body(block, il))
                continue
            text = block.text
            if summary is not None:
                summary.append(self.p(block, il))
            elif state == "start" and SESSION_WORDS.search(text) and len(text) < 80:
                number = session_number(text)
                p = set_pos(E("p", class_="session"), block.line, block.col)
                p.append(self.inline.fill(E("session", value=number or 0), il, self.pos(block)))
                if number is None:
                    self.reporter.warning("session-unknown", "cannot read the session number", self.pos(block))
                preface.append(p)
                state = "session"
            elif state in ("start", "session") and AGENDA_WORDS.search(text) and len(text) < 80:
                preface.append(self.p(block, il, class_="agendaItem"))
                state = "agenda"
            elif state == "agenda":
                preface.append(self.p(block, il, class_="agendaTitle"))
                state = "agendaTitle"
            elif text in SUMMARY_WORDS:
                summary = set_pos(E("container", name="summary"), block.line, block.col)
                summary.append(self.p(block, il, class_="heading"))
                preface.append(summary)
            elif text == self.lang.report_of_sg or text in {l.report_of_sg for l in LANGUAGES.values()}:
                p = set_pos(E("p", class_="proponent"), block.line, block.col)
                p.append(self.inline.fill(E("docProponent", refersTo="#sg"), il, self.pos(block)))
                preface.append(p)
                state = "proponent"
            elif state in ("start", "session", "agendaTitle") and akn("longTitle") not in [c.tag for c in preface]:
                title = set_pos(E("longTitle"), block.line, block.col)
                p = E("p")
                p.append(self.inline.fill(E("docTitle"), il, self.pos(block)))
                title.append(p)
                preface.append(title)
                state = "title" if state != "agendaTitle" else "agendaTitle"
            else:
                preface.append(self.p(block, il))
                self.reporter.warning("unrecognized-cover-line",
                                      "a line of the cover is not a session, agenda item, title or summary; "
                                      "kept as a preface paragraph", self.pos(block))
        return preface

    # -- body ----------------------------------------------------------------
    def body(self, blocks: list[Block], inlines: list[list]) -> etree._Element:
        body = E("mainBody")
        chapter = division = subheading = None
        last_paragraph: etree._Element | None = None
        last_block: Block | None = None
        seen_numbers: dict[int, int] = {}
        subheads = 0

        def container():
            return subheading if subheading is not None else division if division is not None \
                else chapter if chapter is not None else body

        for block, il in zip(blocks, inlines):
            if block.kind == "note":
                container().append(self.note_body(block, il))
                continue
            if block.kind == "chapter" and is_division_letter(block.num, chapter, division):
                block.kind = "division"
            if block.kind == "chapter":
                value = chapter_value(block.num)
                chapter = set_pos(E("section", E("num", block.num + "."), eId=f"sec_{value}"),
                                  block.line, block.col)
                chapter.append(self.inline.fill(E("heading"), il, self.pos(block)))
                body.append(chapter)
                division = subheading = None
                subheads = 0
                continue
            if block.kind == "division" and chapter is not None:
                division = set_pos(E("title", E("num", block.num + "."),
                                     eId=f"{chapter.get('eId')}__title_{block.num}"), block.line, block.col)
                division.append(self.inline.fill(E("heading"), il, self.pos(block)))
                chapter.append(division)
                subheading = None
                subheads = 0
                continue
            if block.kind == "paragraph":
                number = int(block.num)
                count = seen_numbers.get(number, 0) + 1
                seen_numbers[number] = count
                eid = f"para_{number}" if count == 1 else f"para_{number}_{count}"
                if count > 1:
                    self.reporter.warning("paragraph-number-duplicate",
                                          f"paragraph number {number} is used again (eId {eid})",
                                          self.pos(block, body=False),
                                          "renumber the paragraphs; references to this number are ambiguous")
                last_paragraph = set_pos(E("paragraph", E("num", block.num + "."), eId=eid),
                                         block.line, block.col)
                last_paragraph.append(E("content", self.p(block, il)))
                container().append(last_paragraph)
                last_block = block
                continue
            # A block of plain text: the tail of a paragraph cut by a page break, or a subheading.
            previous_open = last_paragraph is not None and not ends_sentence(model.flow_text(last_paragraph[-1]))
            looks_like_heading = len(block.text) <= 40 and not ends_sentence(block.text)
            if previous_open:
                container().append(self.tail(block, il))
                if looks_like_heading:
                    self.reporter.warning(
                        "heading-like-tail",
                        f"“{block.text}” looks like a subheading but paragraph {last_block.num.rstrip('.')} "
                        "before it ends mid-sentence, so it was joined to that paragraph", self.pos(block),
                        "if it is a heading, end the paragraph before it with its punctuation")
                continue
            if looks_like_heading and (division is not None or chapter is not None):
                subheads += 1
                parent = division if division is not None else chapter
                subheading = set_pos(E("hcontainer", name="subheading",
                                       eId=f"{parent.get('eId')}__subhead_{subheads}"), block.line, block.col)
                subheading.append(self.inline.fill(E("heading"), il, self.pos(block)))
                parent.append(subheading)
                continue
            self.reporter.warning("unnumbered-paragraph",
                                  "a paragraph of the body has no number; kept unnumbered", self.pos(block),
                                  "give it its number, or end the paragraph before it if this is its tail")
            para = set_pos(E("paragraph", eId=f"para_unnumbered_{block.line}"), block.line, block.col)
            para.append(E("content", self.p(block, il)))
            container().append(para)
            last_paragraph, last_block = para, block
        return body


@dataclasses.dataclass(frozen=True)
class SourceText:
    """The decoded source, kept so that diagnostics can point into it."""

    name: str
    lines: list[str]
    first_line: int     # 1-based: the first line after any front matter


def read_report(data: bytes, name: str, reporter: Reporter,
                options: ReadOptions | None = None) -> tuple[etree._ElementTree, SourceText]:
    """Step 1: raw text → model with ``pl:noteBody`` / ``pl:tail`` left for the transforms."""
    options = options or ReadOptions()
    lines = decode(data, name, reporter)
    front, first = split_front_matter(lines, name)
    options = options.merged(**ReadOptions.from_mapping(front, name).__dict__) if front else options
    options = options.merged(**metadata_from_name(name))
    if not options.symbol or not options.language:
        raise SourceError("cannot tell the document symbol and language", SourcePos(name, 1, 1),
                          "name the file as the UN does (A_73_321-ZH.md) or give symbol and language "
                          "in a <stem>.meta.toml sidecar")
    try:
        lang = language(options.language)
    except UnknownLanguage as exc:
        raise SourceError(str(exc), SourcePos(name, 1, 1)) from None

    blocks = blocks_of(lines, first, name, reporter)
    for block in blocks:
        classify(block)
    first_body = next((i for i, b in enumerate(blocks) if b.kind in ("chapter", "paragraph")), None)
    if first_body is None:
        raise SourceError("no numbered paragraph or chapter heading found", SourcePos(name, 1, 1),
                          "a report has numbered paragraphs (“1. …”) and chapters (“I. …”, “一. …”)")
    inlines = inline_trees([b.body for b in blocks])

    reader = ReportReader(name, reporter, lang)
    preface = reader.preface(blocks[:first_body], inlines[:first_body])
    body = reader.body(blocks[first_body:], inlines[first_body:])

    info = model.DocumentInfo(
        symbol=options.symbol, language=lang.code, kind=options.kind or "report",
        organ=options.organ or organ_of(options.symbol), date=options.date,
        original_language=options.original_language, source_name=PurePath(name).name)
    doc = E("doc", meta(info, preface, options), masthead(info), preface, body, name="report")
    root = E("akomaNtoso")
    root.append(doc)
    return etree.ElementTree(root), SourceText(name, lines, first + 1)


# -------------------------------------------------------------------- meta

def masthead(info: model.DocumentInfo) -> etree._Element:
    """The first-page masthead (AKN4UN coverPage), in the document's language."""
    lang = info.lang
    container = E("container", name="masthead")
    container.append(E("p", E("docAuthority", lang.united_nations, refersTo="#un")))
    container.append(E("p", E("docNumber", info.symbol, refersTo="#symbol")))
    container.append(E("p", E("docAuthority", lang.organs[info.organ], refersTo=f"#un-{info.organ}")))
    container.append(E("p", E("inline", lang.distribution, name="distribution")))
    if info.date:
        container.append(E("p", E("docDate", info.date, date=info.date)))
    if info.original_language:
        container.append(E("p", E("inline", lang.language_names[lang.code], name="language")))
        original = lang.original.format(language=lang.language_names[info.original_language])
        container.append(E("p", E("inline", original, name="originalLanguage")))
    return E("coverPage", container)


def meta(info: model.DocumentInfo, preface: etree._Element, options: ReadOptions) -> etree._Element:
    """FRBR identification (AKN4UN naming), references and the pipeline's facts."""
    lang = info.lang
    number = info.symbol.replace("/", "-").replace(" ", "_")
    date = info.date or "unknown"
    subtype = "paper" if info.kind == "report" else "deliberation"
    doctype = "doc" if info.kind == "report" else "statement"
    work = f"/akn/un/{doctype}/{subtype}/un-{info.organ}/{date}/{number}"
    expression = f"{work}/{lang.iso639_2}@{info.date or ''}"
    if options.source_date_epoch is not None:
        markup = dt.datetime.fromtimestamp(options.source_date_epoch, dt.timezone.utc).date().isoformat()
    else:
        markup = dt.date.today().isoformat()
    title = model.xpath(preface, "string(a:longTitle)") or info.symbol
    known = info.date or "0001-01-01"
    date_name = "issuance" if info.date else "unknown"
    identification = E(
        "identification",
        E("FRBRWork", E("FRBRthis", value=f"{work}/!main"), E("FRBRuri", value=work),
          E("FRBRdate", date=known, name=date_name), E("FRBRauthor", href="#sg" if info.kind == "report"
                                                        else f"#un-{info.organ}", as_="#author"),
          E("FRBRcountry", value="un"), E("FRBRsubtype", value=subtype),
          E("FRBRnumber", value=number, showAs=info.symbol), E("FRBRname", value=title)),
        E("FRBRExpression", E("FRBRthis", value=f"{expression}/!main"), E("FRBRuri", value=expression),
          E("FRBRdate", date=known, name=date_name), E("FRBRauthor", href=f"#un-{info.organ}", as_="#author"),
          E("FRBRlanguage", language=lang.iso639_2)),
        E("FRBRManifestation", E("FRBRthis", value=f"{expression}/!main.xml"),
          E("FRBRuri", value=f"{expression}.xml"), E("FRBRdate", date=markup, name="markup"),
          E("FRBRauthor", href="#pipeline", as_="#editor"), E("FRBRformat", value="application/akn+xml")),
        source="#pipeline")
    references = E(
        "references",
        E("TLCOrganization", eId="pipeline", href="/akn/ontology/organization/un/pipeline",
          showAs="UN document pipeline"),
        E("TLCOrganization", eId="un", href="/akn/ontology/organization/un", showAs="United Nations"),
        E("TLCOrganization", eId=f"un-{info.organ}", href=f"/akn/ontology/organization/un/un-{info.organ}",
          showAs=LANGUAGES["en"].organs[info.organ]),
        E("TLCPerson", eId="sg", href="/akn/ontology/person/un/secretaryGeneral", showAs="Secretary-General"),
        E("TLCRole", eId="author", href="/akn/ontology/role/un/author", showAs="Author"),
        E("TLCRole", eId="editor", href="/akn/ontology/role/un/editor", showAs="Editor"),
        E("TLCConcept", eId="symbol", href="/akn/ontology/concept/un/documentSymbol", showAs="Document symbol"),
        source="#pipeline")
    proprietary = E("proprietary", source="#pipeline")
    proprietary.append(model.info_element(info))
    return E("meta", identification, references, proprietary)
