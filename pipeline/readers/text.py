"""Raw UN text (as extracted from the UN's PDF) → the document model, before repairs.

The text is decoded and normalized first (BOM, line ends; each change reported),
then cut into blocks.  The block structure — masthead, cover, chapters, lettered
divisions, unnumbered subheadings, numbered paragraphs and their (a)/a)/i) lists,
annexes, note bodies left at the page foot, paragraph tails cut off by a page
break — is ours to recover, for a report (``doc``) and for a resolution
(``statement`` with a preamble and conclusions), in the six official languages; the inline syntax inside a block (links, ``*emphasis*``,
``<autolinks>``, escapes) is Markdown, read by pandoc's CommonMark reader
through its JSON AST.

What the reader cannot place yet it marks for the transforms: a note body is a
``pl:noteBody`` element where the page break left it, a paragraph tail is a
``pl:tail`` element; ``transforms`` move them and report each move.
"""

from __future__ import annotations

import bisect
import dataclasses
import datetime as dt
import json
import re
import unicodedata
from pathlib import PurePath

from lxml import etree

from .. import model
from ..diagnostics import InternalError, Level, Reporter, SourceError, SourcePos, ToolMissing
from ..languages import LANGUAGES, Language, UnknownLanguage, language
from ..model import PL, E, akn, set_pos
from ..names import CORPUS_NAME, FILE_NAME, SOURCE_SUFFIXES, metadata_from_name  # noqa: F401 (re-exported)


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
    #: Issuing organ (a key of languages.ORGANS: ga, sc, ecosoc, hrc, undp-unfpa-unops …); default:
    #: from the masthead or the symbol's series, else unknown (never guessed).
    organ: str | None = None
    #: "report" or "resolution"; default: detected from the text.
    kind: str | None = None
    #: Seconds since the epoch for the markup date (SOURCE_DATE_EPOCH); None: today.
    source_date_epoch: int | None = None

    @classmethod
    def from_mapping(cls, values: dict, name: str, lines: list[str] | None = None,
                     first_line: int = 1) -> "ReadOptions":
        """Metadata from a sidecar or front matter, each value checked (``lines``: the metadata's
        text, so that an error names the line of its key; ``first_line``: where that text starts)."""
        fields = {f.name for f in dataclasses.fields(cls)} - {"source_date_epoch"}
        checked = {}
        for key, value in values.items():
            pos = SourcePos(name, *_key_position(str(key), lines or [], first_line))
            if key not in fields:
                raise SourceError(f"unknown metadata key {str(key)[:40]!r}", pos,
                                  "known keys: " + ", ".join(sorted(fields)))
            checked[key] = check_metadata(key, value, pos)
        return cls(**checked)

    @classmethod
    def from_toml(cls, data: bytes, name: str) -> "ReadOptions":
        import tomllib      # only with a sidecar: 5 ms of every reading process otherwise
        if len(data) > METADATA_MAX_BYTES:
            raise SourceError(f"the metadata sidecar is {len(data)} bytes, more than {METADATA_MAX_BYTES}",
                              SourcePos(name, 1, 1), "a sidecar holds a few short keys (symbol, language, date …)")
        try:
            text = data.decode("utf-8")
            values = tomllib.loads(text)
        except UnicodeDecodeError as exc:
            raise SourceError(f"the metadata sidecar is not UTF-8: {exc.reason}", SourcePos(name, 1, 1),
                              "save the sidecar as UTF-8") from None
        except tomllib.TOMLDecodeError as exc:
            m = re.search(r"\(at line (\d+), column (\d+)\)", str(exc))
            pos = SourcePos(name, int(m[1]), int(m[2])) if m else SourcePos(name, 1, 1)
            raise SourceError(f"cannot read the metadata sidecar: {exc}", pos,
                              'write one key = "value" per line (TOML)') from None
        return cls.from_mapping(values, name, text.split("\n"))

    def merged(self, **overrides) -> "ReadOptions":
        """Fill the fields left unset here from ``overrides`` (set fields win)."""
        return dataclasses.replace(self, **{k: v for k, v in overrides.items()
                                            if v is not None and getattr(self, k) is None})


#: The largest sidecar or front matter, and the longest metadata value, read (a symbol is a few
#: dozen characters; this bounds what a hostile file can make the reader do).
METADATA_MAX_BYTES = 64 * 1024
METADATA_MAX_CHARS = 200
#: What a symbol may hold: UN symbols are Latin letters, digits and ``/ . - ( )`` and spaces.
SYMBOL_SHAPE = re.compile(r"[A-Za-z][A-Za-z0-9/.()\- ]*")
KINDS = ("report", "resolution")


def _key_position(key: str, lines: list[str], first_line: int) -> tuple[int, int]:
    """(line, column) of ``key = …`` (TOML) or ``key: …`` (YAML) in ``lines``; (first_line, 1) if absent."""
    pattern = re.compile(rf"^\s*[\"']?{re.escape(key)}[\"']?\s*[=:]")
    for index, line in enumerate(lines):
        m = pattern.match(line)
        if m:
            return first_line + index, len(line) - len(line.lstrip()) + 1
    return first_line, 1


def check_metadata(key: str, value, pos: SourcePos) -> str:
    """One metadata value, checked and normalized, or a SourceError naming the key and the allowed values."""
    from ..languages import LANGUAGES
    if value is None or (isinstance(value, str) and not value.strip()):
        raise SourceError(f"the metadata key {key!r} is empty", pos,
                          f"give {key} a value, or delete the line to use the default")
    if key == "date" and isinstance(value, (dt.date, dt.datetime)):
        value = (value.date() if isinstance(value, dt.datetime) else value).isoformat()
    if not isinstance(value, str):
        raise SourceError(f"the metadata key {key!r} must be a text, not {type(value).__name__}", pos,
                          f'write it in quotes: {key} = "…"')
    value = value.strip()
    if len(value) > METADATA_MAX_CHARS:
        raise SourceError(f"the value of {key!r} is {len(value)} characters long (at most {METADATA_MAX_CHARS})",
                          pos)
    if key == "symbol" and not SYMBOL_SHAPE.fullmatch(value):
        raise SourceError(f"{value!r} is not a UN document symbol", pos,
                          "a symbol is letters, digits and / . - ( ), as in A/73/321 or S/RES/2713 (2023)")
    if key in ("language", "original_language"):
        try:
            value = language(value).code
        except UnknownLanguage:
            raise SourceError(f"unknown {key} {value!r}", pos,
                              "the UN's official languages are " + ", ".join(sorted(LANGUAGES))) from None
    if key == "organ" and value not in LANGUAGES["en"].organs:
        raise SourceError(f"unknown organ {value!r}", pos, "organ is one of " + ", ".join(LANGUAGES["en"].organs))
    if key == "kind" and value not in KINDS:
        raise SourceError(f"unknown kind {value!r}", pos, "kind is report or resolution")
    if key == "date":
        try:
            if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
                raise ValueError("not YYYY-MM-DD")
            dt.date.fromisoformat(value)
        except ValueError as exc:
            raise SourceError(f"the date {value!r} is not a date: {exc}", pos,
                              "write the issue date as YYYY-MM-DD, e.g. 2018-08-07") from None
    return value


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
    bad = NOT_TEXT.search(text)
    if bad:
        index = bad.start()
        line = text.count("\n", 0, index) + 1
        col = index - (text.rfind("\n", 0, index) + 1) + 1
        count = len(NOT_TEXT.findall(text))
        kind = "non-character" if bad.group(0) in "\ufffe\uffff" else "control character"
        raise SourceError(f"{kind} U+{ord(bad.group(0)):04X} in the text"
                          + (f" ({count} such characters in the file)" if count > 1 else ""),
                          SourcePos(name, line, col),
                          "remove it; it is not part of any UN document (XML cannot hold it)")
    return text.split("\n")


#: Characters no document holds and XML cannot: C0/C1 controls but tab and line feed, U+FFFE, U+FFFF.
NOT_TEXT = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ufffe\uffff]")


# ------------------------------------------------------------------ metadata

from ..languages import organ_of  # noqa: E402,F401 (re-exported: the organ of a symbol's series)


def unknown_organ(symbol: str, reporter: Reporter, pos: SourcePos) -> None:
    """Say that a document's organ is not known (its series is in no table): a masthead the
    pipeline makes prints no organ line (one read from the source is kept as printed) and the
    FRBR author is the United Nations, until a sidecar says."""
    from ..languages import ORGANS
    series = symbol.split("/", 1)[0] + "/" if "/" in symbol else symbol
    reporter.warning("organ-unknown", f"the issuing organ of {symbol} is not known: the {series} series "
                     "is not one the pipeline knows, so the metadata names no organ and a masthead the "
                     "pipeline makes prints none",
                     pos, "give it in a <stem>.meta.toml sidecar (organ = \"…\"; known organs: "
                     + ", ".join(ORGANS) + ")")


FRONT_MATTER = re.compile(r"^---\s*$")


def split_front_matter(lines: list[str], name: str) -> tuple[dict, int]:
    """YAML front matter between ``---`` lines at the very top: (values, first body line index).

    Read with a safe loader that refuses aliases (``&a`` … ``*a`` expands exponentially: a few
    hundred bytes can ask for gigabytes) and at most METADATA_MAX_BYTES long."""
    if not lines or not FRONT_MATTER.match(lines[0]):
        return {}, 0
    size = 0
    for end in range(1, len(lines)):
        size += len(lines[end]) + 1
        if size > METADATA_MAX_BYTES:
            raise SourceError(f"the front matter is longer than {METADATA_MAX_BYTES} characters",
                              SourcePos(name, end + 1, 1),
                              "front matter holds a few short keys; close it with a line ---")
        if FRONT_MATTER.match(lines[end]):
            import yaml
            try:
                values = yaml.load("\n".join(lines[1:end]), Loader=_metadata_loader()) or {}
            except RecursionError:
                raise SourceError("front matter is nested too deeply", SourcePos(name, 2, 1),
                                  "write one key: value per line") from None
            except yaml.YAMLError as exc:
                mark = getattr(exc, "problem_mark", None)
                raise SourceError(f"front matter is not valid YAML: {getattr(exc, 'problem', None) or exc}",
                                  SourcePos(name, (mark.line + 2) if mark else 1, (mark.column + 1) if mark else 1),
                                  "write one key: value per line") from None
            if not isinstance(values, dict):
                raise SourceError("front matter must be a mapping of keys to values", SourcePos(name, 2, 1),
                                  "write one key: value per line")
            return values, end + 1
    raise SourceError("front matter opened with --- is never closed", SourcePos(name, 1, 1),
                      "add a line --- after the metadata")


def _metadata_loader():
    """PyYAML's SafeLoader, refusing aliases."""
    import yaml

    class MetadataLoader(yaml.SafeLoader):
        def compose_node(self, parent, index):
            if self.check_event(yaml.AliasEvent):
                event = self.peek_event()
                raise yaml.composer.ComposerError(
                    None, None, "aliases (*name) are not allowed in front matter", event.start_mark)
            return super().compose_node(parent, index)

    # Dates stay text, checked by check_metadata (PyYAML raises a bare ValueError for 2020-02-31).
    MetadataLoader.add_constructor("tag:yaml.org,2002:timestamp", yaml.SafeLoader.construct_yaml_str)
    return MetadataLoader


# ------------------------------------------------------------------- blocks

@dataclasses.dataclass
class Block:
    line: int          # 1-based line of the first character
    col: int           # 1-based column of the first character
    text: str          # the block's lines joined

    kind: str = ""     # set by classify()
    num: str = ""      # the number or marker without punctuation ("1", "一", "A", "¹", "a")
    printed: str = ""  # the number as printed ("1.", "1 -", "一.", "(a)", "a)")
    body: str = ""     # the text after the number
    body_offset: int = 0   # where ``body`` starts in ``text``
    #: Where each source line's text starts in ``text``: (offset, line, column), in order.
    segments: list = dataclasses.field(default_factory=list)
    #: What the source's layout says the block is, when it says: "heading" (bold, a heading style),
    #: "paragraph" (a paragraph of its own, never the tail of the one before) or "table" (a
    #: table's placeholder, in the paragraph before it); "" when the
    #: text alone must tell (the readers of PDFs and Word files set it).
    layout: str = ""

    @property
    def body_col(self) -> int:
        return self.at(self.body_offset)[1] if self.body_offset else self.col

    @property
    def body_line(self) -> int:
        return self.at(self.body_offset)[0] if self.body_offset else self.line

    def at(self, offset: int) -> tuple[int, int]:
        """The source (line, column) of ``text[offset]``."""
        segments = self.segments or [(0, self.line, self.col)]
        index = bisect.bisect_right(segments, offset, key=lambda s: s[0]) - 1
        start, line, col = segments[max(index, 0)]
        return line, col + offset - start

    def offset_of(self, line: int, col: int) -> int:
        """The offset in ``text`` of source (line, column); 0 when it is not in this block."""
        for start, seg_line, seg_col in self.segments or [(0, self.line, self.col)]:
            if seg_line == line:
                return max(start + col - seg_col, 0)
        return 0


def blocks_of(lines: list[str], first: int, name: str, reporter: Reporter) -> list[Block]:
    """Blocks of text: a blank line ends one, and so does a line that starts a structural unit
    (a numbered paragraph, heading, list item or note body).  Before the first such unit — the
    cover, one line per item — every line is a block of its own.  The other lines of a run
    continue the block before them (joined with no space between CJK characters).

    Each block keeps where each of its lines starts (``Block.segments``), so that a position
    inside a joined paragraph maps back to its own line and column; the parts are joined once
    (joining line by line was quadratic in the length of a paragraph)."""
    blocks: list[Block] = []
    parts: list[list[str]] = []
    current: Block | None = None
    length = 0
    in_body = False
    for index in range(first, len(lines)):
        raw = lines[index]
        stripped = raw.strip()
        if not stripped:
            current = None
            continue
        col = len(raw) - len(raw.lstrip()) + 1
        probe = Block(index + 1, col, stripped)
        classify(probe)
        structural = probe.kind != "text" or is_conclusion_line(stripped)
        in_body = in_body or probe.kind in ("chapter", "division", "paragraph", "section")
        if current is None or structural or not in_body:
            current = probe
            current.segments = [(0, index + 1, col)]
            blocks.append(current)
            parts.append([stripped])
            length = len(stripped)
        else:
            joiner = "" if is_cjk(parts[-1][-1][-1]) or is_cjk(stripped[0]) else " "
            length += len(joiner)
            current.segments.append((length, index + 1, col))
            parts[-1].extend((joiner, stripped))
            length += len(stripped)
            reporter.info("lines-joined", "a line break inside a block was joined",
                          SourcePos(name, index + 1, col))
    for block, pieces in zip(blocks, parts):
        if len(pieces) > 1:
            block.text = "".join(pieces)
            classify(block)
    return blocks


def is_cjk(ch: str) -> bool:
    o = ord(ch)
    return (0x2E80 <= o <= 0x9FFF or 0xF900 <= o <= 0xFAFF or 0xFF00 <= o <= 0xFFEF
            or 0x20000 <= o <= 0x2FFFF)


SUPERSCRIPT_DIGITS = "⁰¹²³⁴⁵⁶⁷⁸⁹"
SUPERSCRIPT_VALUE = {ch: str(i) for i, ch in enumerate(SUPERSCRIPT_DIGITS)}
CHINESE_NUMERALS = "一二三四五六七八九十"
ROMAN = re.compile(r"^(?=[IVXLC])M*(C[MD]|D?C{0,3})(X[CL]|L?X{0,3})(I[XV]|V?I{0,3})$")

#: An asterisk marker stands apart from its note ("* Reissued for technical reasons"): asterisks
#: glued to a word open its emphasis ("**回顾**其…", bold opening words of a Chinese preambular
#: paragraph), not a note.
NOTE_BODY = re.compile(rf"^(?:\((?P<amarker>[{SUPERSCRIPT_DIGITS}]+)\)|(?P<marker>[{SUPERSCRIPT_DIGITS}]+|\*+(?=\s)))"
                       rf"\s*(?P<body>\S.*)$")
#: Arabic chapter numbers are ordinal words: "أولا - مقدمة".
ARABIC_ORDINALS = ("أولا", "ثانيا", "ثالثا", "رابعا", "خامسا", "سادسا", "سابعا", "ثامنا", "تاسعا", "عاشرا")
#: Lettered divisions: Latin "A.", Cyrillic "А.", Arabic letter names in abjad order "ألف -".
CYRILLIC_LETTERS = "АБВГДЕЖЗИКЛМНОП"
ARABIC_LETTERS = ("ألف", "باء", "جيم", "دال", "هاء", "واو", "زاي", "حاء", "طاء", "ياء")
CHAPTER = re.compile(rf"^(?:(?P<num>[{CHINESE_NUMERALS}]+|[IVXLC]+)\s*[.．]|(?P<anum>{'|'.join(ARABIC_ORDINALS)})\s+-)"
                     r"\s*(?P<body>\S.*)$")
DIVISION = re.compile(rf"^(?:(?P<num>[A-Z{CYRILLIC_LETTERS}])\.|(?P<anum>{'|'.join(ARABIC_LETTERS)})\s+-)"
                      r"\s+(?P<body>\S.*)$")
#: "1. " everywhere; Arabic writes "1 - ".
PARAGRAPH = re.compile(r"^(?P<num>\d{1,4})(?:\.|\s+-)\s+(?P<body>\S.*)$")
#: A paragraph numbered within its section ("1.1", "2.3."), as a Secretary-General's bulletin or an
#: administrative instruction numbers them: its text opens with no lower-case letter or digit (a
#: sentence "2.5 per cent of …" is not one).
SECTION_PARAGRAPH = re.compile(r"^(?P<num>\d{1,3}\.\d{1,3})\.?\s+(?P<body>[^\sa-zà-ÿа-яё\d].*)$")
#: The numbered section of a bulletin or instruction: "Section 1" over its heading ("Definitions"),
#: on one line or two.
SECTION = re.compile(r"^(?:Section|Sección|Раздел|الفرع|第)\s*(?P<num>\d{1,3})(?:\s*节)?(?!\S)\s*(?P<body>.*)$")
#: Subparagraph items: "(a)", French, Spanish and Russian "a)", "i)", "1)", Arabic "(أ)", and
#: Cyrillic letters ("а)", "б)": Russian texts letter their items in either alphabet, and the
#: UN's own XML mixes them, "а)" then "b)").
ITEM = re.compile(r"^(?P<num>\((?:[a-z]{1,3}|[ivxl]{1,6}|\d{1,2}|[\u0621-\u064a]{1,3}|[а-яё]{1,2})\)"
                  r"|(?:[a-z]{1,3}|[ivxl]{1,6}|\d{1,2}|[а-яё]{1,2})\))\s+(?P<body>\S.*)$")
#: An annex's heading: "Annex II", "Приложение I", "附件一" (its numeral set close), "المرفق الثاني"
#: (an ordinal word, as the UN's Arabic annexes are numbered).
ARABIC_ANNEX_ORDINALS = ("الأول", "الثاني", "الثالث", "الرابع", "الخامس", "السادس", "السابع", "الثامن",
                         "التاسع", "العاشر")
ANNEX = re.compile(r"^(?P<num>(?:Annex|Annexe|Anexo|Приложение|المرفق|附件)(?:\s+[A-Z0-9IVX]+|\s*[一二三四五六七八九十]+"
                   rf"|\s+(?:{'|'.join(ARABIC_ANNEX_ORDINALS)}))?)$")
#: The heading of an annex to a letter or note verbale, naming it: "Annex to the note verbale dated
#: …", "Annex II to the identical letters dated …", "Annexe à la lettre datée du …", "Anexo de la
#: carta de fecha …", "Приложение к письму …", "مرفق الرسالة المؤرخة …", "…信的附件".
ANNEX_TO = re.compile(
    r"^(?P<num>(?:Annex|Annexe|Anexo|Приложение)(?:\s+[A-Z0-9IVX]+)?)\s+(?:to\s+the|à\s+la|au|aux|de\s+la|del|к)\s+"
    r"(?:\S+\s+){0,2}?(?:letters?|note|communication|lettres?|cartas?|nota|письму|письмам|вербальной|ноте)\b.*$"
    r"|^(?P<anum>مرفق)\s+(?:الرسالة|الرسالتين|المذكرة)\b.*$"
    r"|^.+(?:信|普通照会)的(?P<cnum>附件[一二三四五六七八九十]*)$", re.S)
#: An enclosure of a letter ("Enclosure", "Enclosure II", "Pièce jointe", "附文"), alone or naming
#: the letter it goes with: an attachment of the document, as an annex is.
ENCLOSURE = re.compile(r"^(?P<num>(?:Enclosure|Pièce jointe|Documento adjunto|Добавление|الضميمة|附文)"
                       r"(?:\s+[A-Z0-9IVX]+)?)(?:\s+(?:to\s+the|à\s+la|au|de\s+la|del|к)\s.+)?$", re.S)

#: The place a corrigendum's correction applies to, opening it: "Paragraph 5, third line", "Page 3,
#: paragraph 2", "Annex, table 2", "Footnote 4", "Title", "Summary, second paragraph" (and the same
#: in French and Spanish), set in italics or not.
CORRECTION_PLACE = re.compile(
    r"^[*_]{0,2}(?:Page|Paragraphs?|Annex|Table|Figure|Footnote|Title|Chapter|Section|Summary|Heading|Subheading|"
    r"Line|Column|Box|Recommendation|Paragraphe|Annexe|Tableau|Note|Titre|Chapitre|Résumé|Ligne|Colonne|"
    r"Encadré|Página|Párrafo|Anexo|Cuadro|Nota|Título|Capítulo|Sección|Resumen|Línea|Columna|Recuadro)\b"
    r"(?:[^.]{0,80})$")

#: What a correction changes at its place, on a line of its own: "*For* 2023 *read* 2024", "*Delete*
#: the last row", "*The sentence should read*" (and in French and Spanish).
CORRECTION_CHANGE = re.compile(
    r"^[*_]{0,2}(?:For\b.+\bread\b|Delete\b|Insert\b|Replace\b|Add\b|The\s.{0,60}\bshould read\b|"
    r"Au lieu de\b|Supprimer\b|Insérer\b|Remplacer\b|Ajouter\b|Donde dice\b|Suprímase\b|Insértese\b|"
    r"Sustitúyase\b|Añádase\b)")
#: The line under a corrigendum's title, in the six languages.
CORRIGENDUM_WORDS = {"Corrigendum", "Rectificatif", "Corrección", "Исправление", "تصويب", "更正"}

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
    if num in ARABIC_ORDINALS:
        return ARABIC_ORDINALS.index(num) + 1
    if num[0] in CHINESE_NUMERALS:
        return chinese_numeral_value(num)
    if ROMAN.match(num):
        return roman_value(num)
    return None


def division_key(num: str) -> str:
    """The letter of a division in eIds, the same in every language: А → A, باء → B."""
    if num in ARABIC_LETTERS:
        return "ABCDEFGHIJ"[ARABIC_LETTERS.index(num)]
    if num in CYRILLIC_LETTERS:
        return "ABCDEFGHIJKLMNOP"[CYRILLIC_LETTERS.index(num)]
    return num


def is_division_letter(num: str, chapter, division) -> bool:
    """"C." after "B." is a division, not chapter 100: a one-letter Roman numeral is a chapter
    only when it is the next chapter number and does not continue the letters of the divisions."""
    if len(num) != 1 or num not in "IVXLC":
        return False
    previous = division.findtext(akn("num")) if division is not None else None
    if previous and ord(previous[0]) + 1 == ord(num):
        return True
    found = re.search(r"sec_(\d+)", chapter.get("eId")) if chapter is not None else None   # annex_II__sec_3
    current = int(found[1]) if found else 0
    return chapter_value(num) != current + 1


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
    if ANNEX.match(text):
        block.kind, block.num, block.body, block.body_offset = "annex", text, text, 0
        return
    for pattern in (ANNEX_TO, ENCLOSURE):
        m = pattern.match(text)
        if m:
            block.kind, block.num, block.body, block.body_offset = "annex", m["num"] or m.groupdict().get(
                "anum") or m.groupdict().get("cnum"), text, 0
            block.enclosure = pattern is ENCLOSURE
            return
    for kind, pattern in (("note", NOTE_BODY), ("chapter", CHAPTER), ("division", DIVISION),
                          ("paragraph", PARAGRAPH), ("paragraph", SECTION_PARAGRAPH), ("section", SECTION),
                          ("item", ITEM)):
        m = pattern.match(text)
        if not m:
            continue
        if kind == "note":
            num = m.group("amarker") or m.group("marker")
        elif kind in ("chapter", "division"):
            num = m.group("num") or m.group("anum")
        else:
            num = m.group("num")
        if kind == "chapter" and chapter_value(num) is None:
            continue
        block.kind, block.num, block.body = kind, num, m.group("body")
        block.printed = text[: m.start("body")].strip()
        if kind == "item":
            block.num = num.strip("()")
        block.body_offset = m.start("body")
        return
    block.kind, block.body, block.body_offset = "text", text, 0


# ------------------------------------------------------------------ inline

SENTINEL = "\ue000"


def inline_trees(bodies: list[str], name: str = "<source>") -> list[list]:
    """Each block's text → pandoc inline AST, all blocks in one pandoc run.

    Every block becomes one CommonMark paragraph (a long one several: ``pieces``); a private-use
    sentinel in front keeps a text that starts like a list item or heading ("1. ", "# ") a
    paragraph, and is removed from the result.  A block of words, backslash escapes and ``_``
    emphasis only (``plain_inlines``: most of what the PDF reader writes) is read here, as pandoc
    reads it; pandoc is run only for the others, if any.
    """
    result: list[list] = [[] for _ in bodies]
    rest = []
    for index, body in enumerate(bodies):
        inlines = plain_inlines(body)
        if inlines is None:
            rest.append(index)
        else:
            result[index] = inlines
    if rest:
        for index, inlines in zip(rest, pandoc_inline_trees([bodies[i] for i in rest], name)):
            result[index] = inlines
    return result


def pandoc_inline_trees(bodies: list[str], name: str) -> list[list]:
    """``inline_trees`` by pandoc's CommonMark reader, all blocks in one run."""
    import pypandoc

    owners, texts = [], []
    for index, body in enumerate(bodies):
        for piece in pieces(body):
            owners.append(index)
            texts.append(piece)
    document = "\n\n".join(f"{SENTINEL} {text}" for text in texts)
    document, runs = protect_runs(document)
    try:
        ast = json.loads(pypandoc.convert_text(document, "json", format="commonmark"))
    except OSError as exc:
        raise ToolMissing(f"pandoc cannot be run: {exc}",
                          "install pandoc (make installs it), or put it on PATH") from None
    if runs:
        ast = restore_runs(ast, runs)
    paras = [b["c"] for b in ast["blocks"] if b["t"] == "Para"]
    if len(paras) != len(texts) or len(ast["blocks"]) != len(texts):
        raise InternalError(f"{name}: pandoc returned {len(ast['blocks'])} blocks for {len(texts)} "
                            "paragraphs of text")
    result: list[list] = [[] for _ in bodies]
    for owner, inlines in zip(owners, paras):
        first = inlines[0] if inlines else {}
        if first.get("t") != "Str" or not first["c"].startswith(SENTINEL):
            raise InternalError(f"{name}: pandoc lost the marker that opens a paragraph of text")
        rest = first["c"][len(SENTINEL):]
        inlines = ([{"t": "Str", "c": rest}] if rest else []) + inlines[1:]
        if inlines and inlines[0]["t"] == "Space":
            inlines = inlines[1:]
        if result[owner] and inlines:
            result[owner].append({"t": "Space"})     # the space the text was cut at
        result[owner].extend(inlines)
    return result


#: What makes a block's text more than words, backslash escapes and ``_`` emphasis to CommonMark
#: (links, autolinks, HTML, code, ``*``, what may be a character reference, line ends, a backslash
#: that escapes nothing): such a block goes to pandoc.
_NOT_PLAIN = re.compile(r"[*`\[\]<\x00-\x1f\x7f\\]|&#?\w+;")
#: A backslash escape: the punctuation mark it escapes is plain text.
_ESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])")
_PLAIN_TOKEN = re.compile(r"\\[!-/:-@\[-`{-~]|_+| +|[^\\_ ]+")


def plain_inlines(body: str):
    """The pandoc inline AST of ``body`` as pandoc's CommonMark reader gives it, when the text is
    words, backslash escapes and ``_``/``__`` emphasis only; None for anything else.

    Emphasis follows CommonMark's rules for ``_`` (flanking delimiter runs, the rule of three,
    the delimiter stack; spec 0.31, "Emphasis and strong emphasis"); a delimiter beside a
    character whose class the versions of the spec disagree on (a symbol), beside an unusual
    space or format character, beside an escaped ``_``, or that can both open and close
    (between two punctuation marks), sends the block to pandoc.  Text is NFC, as pandoc makes it:
    text that is not is left to pandoc too.  tests/test_realworld_pdf_inline.py compares this
    with pandoc on every block of the shared PDFs and on tricky cases."""
    if _NOT_PLAIN.search(_ESCAPE.sub("", body) if "\\" in body else body) \
            or not unicodedata.is_normalized("NFC", body):
        return None
    if "_" not in body:
        out: list = []
        for word in body.split(" "):
            if word:
                if out:
                    out.append(SPACE)
                out.append({"t": "Str", "c": _unescape(word) if "\\" in word else word})
        return out
    if len(body) > LONG_PARAGRAPH:
        return None             # pandoc reads it in pieces: leave the cutting to it
    # items: text strings and delimiter runs [count, can_open, can_close, original count]
    items: list = []
    tokens = _PLAIN_TOKEN.findall(body)
    position = 0
    for k, token in enumerate(tokens):
        if token[0] == "_":
            if k and tokens[k - 1] == "\\_" or k + 1 < len(tokens) and tokens[k + 1] == "\\_":
                return None     # pandoc keeps an escaped "_" beside a run apart: its rules
            before = body[position - 1] if position else " "
            after = body[position + len(token)] if position + len(token) < len(body) else " "
            kinds = (_char_class(before), _char_class(after))
            if None in kinds:
                return None
            left = kinds[1] != "space" and (kinds[1] != "punct" or kinds[0] in ("space", "punct"))
            right = kinds[0] != "space" and (kinds[0] != "punct" or kinds[1] in ("space", "punct"))
            opens = left and (not right or kinds[0] == "punct")
            closes = right and (not left or kinds[1] == "punct")
            if opens and closes:
                return None     # between two punctuation marks: pandoc's output differs in its Strs
            items.append([len(token), opens, closes, len(token)])
        else:
            items.append(token[1] if token[0] == "\\" else token)
        position += len(token)
    _match_emphasis(items)
    return _inlines(items)


SPACE = {"t": "Space"}


def _unescape(text: str) -> str:
    return _ESCAPE.sub(r"\1", text)


def _char_class(ch: str) -> str | None:
    """"space", "punct" or "other" for CommonMark's flanking rules; None where unsure."""
    if ch == " ":
        return "space"
    if ch.isascii():
        if ch in "$+<=>^`|~":
            return None         # ASCII symbols: punctuation in the spec, not in every reader
        return "punct" if not ch.isalnum() else "other"
    category = unicodedata.category(ch)
    if category == "Zs":
        return "space"
    if category[0] == "P":
        return "punct"
    if category[0] in "SZC":
        return None
    return "other"


def _match_emphasis(items: list) -> None:
    """CommonMark's "process emphasis" over ``items`` (one delimiter character: ``_``): matched
    runs become ("Emph"|"Strong", children) nodes in place; unmatched runs stay as lists."""
    openers_bottom: dict = {}
    i = 0
    while i < len(items):
        closer = items[i]
        if not isinstance(closer, list) or not closer[2]:
            i += 1
            continue
        key = (closer[3] % 3, closer[1])
        bottom = openers_bottom.get(key, -1)
        j = i - 1
        opener = None
        while j > bottom:
            item = items[j]
            if isinstance(item, list) and item[1] and item[0] > 0:
                if (item[2] or closer[1]) and (item[3] + closer[3]) % 3 == 0 \
                        and not (item[3] % 3 == 0 and closer[3] % 3 == 0):
                    j -= 1
                    continue
                opener = item
                break
            j -= 1
        if opener is None:
            openers_bottom[key] = i - 1
            if not closer[1]:
                closer[2] = False           # no longer a closer, stays as text
            i += 1
            continue
        use = 2 if opener[0] >= 2 and closer[0] >= 2 else 1
        opener[0] -= use
        closer[0] -= use
        inner = [x if not isinstance(x, list) else "_" * x[0] for x in items[j + 1: i]]
        node = ("Strong" if use == 2 else "Emph", inner)
        items[j + 1: i] = [node]
        i = j + 2                            # the closer, now right after the node
        # The bottoms past the removed delimiters are stale: recompute from scratch.
        openers_bottom = {k: min(v, j) for k, v in openers_bottom.items()}
        if opener[0] == 0:
            items[j] = ""
        if closer[0] == 0:
            items[i] = ""
            i += 1


def _inlines(items: list) -> list:
    """Items → pandoc inlines, merged as pandoc's builder merges them (Str with Str, Space with
    Space, Emph with Emph, Strong with Strong)."""
    out: list = []

    def add(node) -> None:
        if out:
            last = out[-1]
            if node["t"] == last["t"] == "Str":
                out[-1] = {"t": "Str", "c": last["c"] + node["c"]}
                return
            if node["t"] == last["t"] == "Space":
                return
            if node["t"] == last["t"] and node["t"] in ("Emph", "Strong"):
                merged = list(last["c"])
                out[-1] = {"t": node["t"], "c": merged}
                for child in node["c"]:
                    _append(merged, child)
                return
        out.append(node)

    for item in items:
        if isinstance(item, tuple):
            add({"t": item[0], "c": _inlines(item[1])})
            continue
        text = item if isinstance(item, str) else "_" * item[0]
        for k, piece in enumerate(text.split(" ")):
            if k:
                add(SPACE)
            if piece:
                add({"t": "Str", "c": piece})
    while out and out[0]["t"] == "Space":
        out.pop(0)
    while out and out[-1]["t"] == "Space":
        out.pop()
    return out


def _append(out: list, node: dict) -> None:
    if out and out[-1]["t"] == node["t"] == "Str":
        out[-1] = {"t": "Str", "c": out[-1]["c"] + node["c"]}
    elif not (out and out[-1]["t"] == node["t"] == "Space"):
        out.append(node)


#: Above this length a paragraph goes to pandoc in pieces of about PIECE characters: pandoc's
#: CommonMark reader is quadratic in the links of one paragraph (1,000 links: 7 s; 4,000: 110 s).
LONG_PARAGRAPH = 16_000
PIECE = 4_000


def pieces(body: str) -> list[str]:
    """``body`` cut at spaces where no inline syntax is open — brackets, parentheses, angle
    brackets, code, ``*`` and ``_`` all balanced — so that each piece reads as it would in the
    whole; a paragraph under LONG_PARAGRAPH is one piece."""
    if len(body) <= LONG_PARAGRAPH:
        return [body]
    cuts, start = [], 0
    depth = {"[": 0, "(": 0, "<": 0}            # nesting syntax, balanced by its closer
    closer = {"]": "[", ")": "(", ">": "<"}
    marks = {"`": 0, "*": 0, "_": 0}            # paired syntax, balanced by an even count
    i, n = 0, len(body)
    while i < n:
        ch = body[i]
        if ch == "\\":
            i += 2
            continue
        if ch in depth:
            depth[ch] += 1
        elif ch in closer:
            depth[closer[ch]] -= 1
        elif ch in marks:
            marks[ch] += 1
        elif ch == " " and i - start >= PIECE and not any(depth.values()) \
                and not any(count % 2 for count in marks.values()):
            cuts.append(body[start:i])
            start = i + 1
        i += 1
    cuts.append(body[start:])
    return [cut for cut in cuts if cut.strip()] or [body]


#: A run of text no CommonMark syntax can act inside: no white space, none of the characters that
#: open or close inline syntax (links, autolinks, emphasis, code, HTML, references, escapes).
PLAIN_RUN = re.compile(r"[^\s\\`*_\[\]<>&!()\"':@]{64,}")
#: Placeholders for those runs while pandoc reads the text: Supplementary Private Use Area-B.
PLACEHOLDERS = re.compile("[\U00100000-\U0010FFFD]")


def _starter(ch: str) -> bool:
    return not unicodedata.combining(ch) and not 0x1160 <= ord(ch) <= 0x11FF


def protect_runs(document: str) -> tuple[str, list[str]]:
    """Replace the inside of each long plain run by one placeholder character.

    pandoc's CommonMark reader is quadratic in the length of a run of text without white space
    (a 440 KB Chinese paragraph takes 6.5 s, twice that 20 s); Chinese has no spaces.  The run's
    first and last characters stay (emphasis delimiters look at their neighbours), and so does
    any combining mark at either end (NFC composes across it); ``restore_runs`` puts the text
    back, in NFC as pandoc would have made it."""
    if PLACEHOLDERS.search(document):
        return document, []     # the text uses the placeholders itself: read it as it is
    runs: list[str] = []

    def hide(m: re.Match) -> str:
        run = m.group(0)
        i, j = 1, len(run) - 1
        while i < j and not _starter(run[i]):
            i += 1
        while j > i and not _starter(run[j]):
            j -= 1
        if j - i < 16 or len(runs) >= 0xFFFD:
            return run
        runs.append(unicodedata.normalize("NFC", run[i:j]))
        return run[:i] + chr(0x100000 + len(runs) - 1) + run[j:]

    return PLAIN_RUN.sub(hide, document), runs


def restore_runs(node, runs: list[str]):
    """The pandoc AST with every placeholder replaced by its run."""
    if isinstance(node, str):
        if PLACEHOLDERS.search(node) is None:
            return node
        return PLACEHOLDERS.sub(lambda m: runs[ord(m.group(0)) - 0x100000], node)
    if isinstance(node, list):
        return [restore_runs(child, runs) for child in node]
    if isinstance(node, dict):
        return {key: restore_runs(value, runs) for key, value in node.items()}
    return node


#: A character reference CommonMark decodes (``&amp;``, ``&#233;``, ``&#x4E2D;``), not after a backslash.
ENTITY = re.compile(r"(?<!\\)&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")


#: A code span (`` `x` ``, ``` ``x`` ```): CommonMark decodes no reference inside one.
CODE_SPAN = re.compile(r"(?<!`)(`+)(?!`).*?(?<!`)\1(?!`)")


def entity_spans(text: str) -> list[tuple[int, int, str]]:
    """(start, end, decoded) of each character reference in ``text`` that decodes to something else
    (outside code spans, where it stays as written)."""
    import html
    found = []
    if "&" in text:
        code = [m.span() for m in CODE_SPAN.finditer(text)] if "`" in text else []
        starts = [start for start, _ in code]
        for m in ENTITY.finditer(text):
            i = bisect.bisect_right(starts, m.start()) - 1
            if i >= 0 and m.start() < code[i][1]:
                continue
            decoded = html.unescape(m.group(0))
            if decoded != m.group(0):
                found.append((m.start(), m.end(), decoded))
    return found


def _code_points(text: str) -> str:
    return " ".join(f"U+{ord(ch):04X}" for ch in text)


def nfc_spans(text: str) -> list[tuple[int, int, str]]:
    """(start, end, normalized) of each run of ``text`` that Unicode NFC changes (pandoc applies it)."""
    if unicodedata.is_normalized("NFC", text):
        return []
    found = []
    i, n = 0, len(text)
    while i < n:
        j = i + 1
        while j < n and (unicodedata.combining(text[j]) or 0x1160 <= ord(text[j]) <= 0x11FF):
            j += 1
        chunk = text[i:j]
        if not unicodedata.is_normalized("NFC", chunk):
            found.append((i, j, unicodedata.normalize("NFC", chunk)))
        i = j
    return found


class InlineBuilder:
    """pandoc inline AST → AKN inline content appended to an element.

    Diagnostics point at the thing they name: the builder knows the block being filled and
    searches the source text of a link from where the previous one was found."""

    def __init__(self, lang: Language, name: str, reporter: Reporter) -> None:
        self.lang, self.name, self.reporter = lang, name, reporter
        self.block: Block | None = None
        self.cursor = 0
        self.organ: str | None = None       # the document's organ: whose a bare resolution number is

    def fill(self, el: etree._Element, inlines: list, block: "Block | None" = None) -> etree._Element:
        """Append ``inlines`` to ``el``; ``block`` (the source block) is where diagnostics point."""
        if block is not None and block is not self.block:
            self.start(block)
        content = model.MixedContent(el)
        for node in inlines:
            self.add(content, node)
        return content.close()

    def start(self, block: "Block") -> None:
        """A new block: report what pandoc will change in its text (character references, NFC)."""
        self.block, self.cursor = block, block.body_offset
        body = block.text[block.body_offset:]
        for start, end, decoded in entity_spans(body):
            self.reporter.report(Level.INFO, "entity-decoded",
                                 f"the character reference “{body[start:end]}” was read as “{decoded}”",
                                 self.at(block.body_offset + start),
                                 "write the character itself, or \\& to keep the reference as text",
                                 dropped=body[start:end])
        for start, end, normalized in nfc_spans(body):
            self.reporter.report(Level.INFO, "text-normalized",
                                 f"“{body[start:end]}” ({_code_points(body[start:end])}) was normalized "
                                 f"(Unicode NFC) to “{normalized}” ({_code_points(normalized)})",
                                 self.at(block.body_offset + start), dropped=body[start:end])

    @property
    def pos(self) -> SourcePos | None:
        """Where the block being filled starts (for subclasses' diagnostics)."""
        return self.at(self.block.body_offset) if self.block is not None else None

    def at(self, offset: int) -> SourcePos:
        if self.block is None:
            return SourcePos(self.name, 1, 1)
        return SourcePos(self.name, *self.block.at(offset))

    def locate(self, needle: str) -> SourcePos:
        """The position of ``needle`` in the block's source, after the last thing located."""
        if self.block is None:
            return SourcePos(self.name, 1, 1)
        index = self.block.text.find(needle, self.cursor) if needle else -1
        if index < 0:
            return self.at(self.cursor)
        self.cursor = index + len(needle)
        return self.at(index)

    def add(self, content: "model.MixedContent | etree._Element", node: dict) -> None:
        if not isinstance(content, model.MixedContent):      # an element: fill it at once
            into = model.MixedContent(content)
            self.add(into, node)
            into.close()
            return
        t, c = node.get("t"), node.get("c")
        if t == "Str":
            content.text(self.xml_text(c))
        elif t in ("Space", "SoftBreak", "LineBreak"):
            content.text(" ")
        elif t == "Emph":
            content.element(self.fill(E("i"), c))
        elif t == "Strong":
            content.element(self.fill(E("b"), c))
        elif t == "Underline":
            content.element(self.fill(E("u"), c))
        elif t in ("Code", "RawInline"):
            content.text(self.xml_text(c[1]))   # CommonMark raw HTML: keep it as the text it is
        elif t in ("Span", "Quoted", "SmallCaps", "Strikeout", "Superscript", "Subscript"):
            for child in (c[1] if t in ("Span", "Quoted") else c):
                self.add(content, child)
        elif t == "Link":
            if c[2][1]:
                self.reporter.report(Level.WARNING, "link-title-dropped",
                                     f"the title “{c[2][1]}” of the link “{''.join(_plain(c[1]))}” cannot be kept",
                                     self.locate(c[2][1]), "put the title in the text if it matters",
                                     dropped=c[2][1])
            self.add_link(content, c[1], c[2][0])
        elif t == "Image":
            text = "".join(_plain(c[1]))
            content.text(self.xml_text(text))
            self.reporter.report(Level.WARNING, "image-dropped",
                                 f"an image ({c[2][0]}) cannot be kept; its text “{text}” was kept",
                                 self.locate(c[2][0]), "describe the image in the text", dropped=c[2][0])
        else:
            content.text(self.xml_text("".join(_plain([node]))))

    def xml_text(self, text: str) -> str:
        """``text``, with any character XML cannot hold (a reference like ``&#1;`` decodes to one)
        replaced by U+FFFD and reported."""
        if NOT_TEXT.search(text) is None:
            return text
        for m in NOT_TEXT.finditer(text):
            self.reporter.report(Level.WARNING, "character-replaced",
                                 f"U+{ord(m.group(0)):04X} cannot be kept in a document; replaced by U+FFFD",
                                 self.locate("&#"), "remove the character reference", dropped=m.group(0))
        return NOT_TEXT.sub("\ufffd", text)

    def add_link(self, content: "model.MixedContent", inlines: list, target: str) -> None:
        from ..symbols import link_for_text, web_href
        text = "".join(_plain(inlines))
        pos = self.locate(target if target not in ("", "#") else text)
        if target in ("", "#"):
            # The PDF extraction kept the link text but lost the target: a symbol or a resolution.
            link = link_for_text(text, self.lang, self.organ)
            if link is None:
                self.reporter.warning("unresolved-link", f"the link “{text}” has no target and is not a "
                                      "UN document symbol; kept as plain text", pos,
                                      "write the symbol in full (A/RES/72/237) or give the link a URL")
                for node in inlines:
                    self.add(content, node)
                return
            cls, href = link
            content.element(self.fill(E("ref", class_=cls, href=href), inlines))
            self.reporter.info("symbol-linked", f"link “{text}” → {href}", pos)
            return
        href = web_href(target)
        if href is None:
            scheme = target.split(":", 1)[0].lower() if ":" in target else ""
            self.reporter.report(
                Level.WARNING, "link-not-web",
                f"the link target “{target[:80]}” of “{text}” is not a web address"
                + (" (its host or port is not valid)" if scheme in ("http", "https")
                   else f" ({scheme}: links are not published)" if scheme else " (a relative address)")
                + "; the link text was kept, the target dropped", pos,
                "link to an absolute http:// or https:// address, or remove the link", dropped=target)
            for node in inlines:
                self.add(content, node)
            return
        content.element(self.fill(E("a", class_="url", href=href), inlines))
        self.reporter.info("url-linked", f"“{text}” → {href}", pos)


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
#: The Security Council's year on a cover, under its name ("Eightieth year", "Quatre-vingtième année").
SESSION_YEAR = re.compile(r"^\S+(?:[\s-]\S+)?\s(?:year|année|año|год)$", re.I)
#: (Before a session opens, its items are those of the preliminary list: "Item 68 of the preliminary list".)
AGENDA_WORDS = re.compile(r"(议程|agenda|ordre du jour|programa|повестки|جدول الأعمال|preliminary list|liste préliminaire"
                          r"|lista preliminar|предварительного перечня|القائمة الأولية|项目预备清单)", re.I)
SUMMARY_WORDS = {"摘要", "Summary", "Résumé", "Resumen", "Резюме", "موجز"}
#: A session's dates under it ("25 July 2024–30 July 2025", "27 to 31 January 2025, New York",
#: "2025年1月27日至31日"): a year among other numbers.
SESSION_DATES = re.compile(r"(?<!\d)(?:19|20)\d{2}(?!\d)")
#: What a cover line is, as a source's layout tells it (``readers.pages``): the ``Block.layout``
#: of the cover's blocks, each one's place in the preface (``BlockReader.cover_item``).
#: What a verbatim record's masthead prints where other documents print their distribution
#: (the General Assembly's "Official Records", the Security Council's "Provisional").
OFFICIAL_RECORDS = {"Official Records", "Documents officiels", "Documentos Oficiales", "Официальные отчеты",
                    "الوثائق الرسمية", "正式记录", "Provisional", "Provisoire", 
                    "Предварительный отчет", "مؤقت", "临时"}
#: A Secretariat issuance's line naming what kind of document it is, over its title
#: ("Secretary-General’s bulletin" / "Protection of personal data"; ST/SGB, ST/AI, ST/IC), in the
#: six languages: the document's type (``docType``), not its title.
ISSUANCE_TYPES = {"Secretary-General’s bulletin", "Secretary-General's bulletin", "Administrative instruction",
                  "Information circular", "Circulaire du Secrétaire général", "Instruction administrative",
                  "Circulaire d’information", "Boletín del Secretario General", "Instrucción administrativa",
                  "Circular informativa", "Бюллетень Генерального секретаря", "Административная инструкция",
                  "Информационный циркуляр", "نشرة الأمين العام", "أمر إداري", "تعميم إعلامي", "秘书长公报",
                  "行政指示", "情况通报"}
COVER_ROLES = ("session", "sessionDates", "meeting", "agendaItem", "agendaTitle", "proponent", "title", "subtitle",
               "summary", "front")
#: Words of a spelled-out session number ("Seventy-fifth", "Soixante-quinzième", "Septuagésimo quinto",
#: "Семьдесят пятая", "الخامسة والسبعون"): each word's value; the number is their sum.
SESSION_NUMBER_WORDS = {
    # English
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7, "eighth": 8,
    "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12, "thirteenth": 13, "fourteenth": 14,
    "fifteenth": 15, "sixteenth": 16, "seventeenth": 17, "eighteenth": 18, "nineteenth": 19,
    "twentieth": 20, "thirtieth": 30, "fortieth": 40, "fiftieth": 50, "sixtieth": 60, "seventieth": 70,
    "eightieth": 80, "ninetieth": 90, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60,
    "seventy": 70, "eighty": 80, "ninety": 90,
    # French
    "premier": 1, "première": 1, "unième": 1, "deuxième": 2, "troisième": 3, "quatrième": 4, "cinquième": 5,
    "sixième": 6, "septième": 7, "huitième": 8, "neuvième": 9, "dixième": 10, "onzième": 11,
    "douzième": 12, "treizième": 13, "quatorzième": 14, "quinzième": 15, "seizième": 16, "dix": 10,
    "vingt": 20, "vingtième": 20, "trente": 30, "trentième": 30, "quarante": 40, "quarantième": 40,
    "cinquante": 50, "cinquantième": 50, "soixante": 60, "soixantième": 60, "quatrevingt": 80,
    "quatrevingtième": 80, "quatrevingts": 80,
    # Spanish
    "primero": 1, "primer": 1, "segundo": 2, "tercero": 3, "tercer": 3, "cuarto": 4, "quinto": 5,
    "sexto": 6, "séptimo": 7, "octavo": 8, "noveno": 9, "décimo": 10, "vigésimo": 20, "trigésimo": 30,
    "cuadragésimo": 40, "quincuagésimo": 50, "sexagésimo": 60, "septuagésimo": 70, "octogésimo": 80,
    "nonagésimo": 90,
    # Russian
    "первая": 1, "вторая": 2, "третья": 3, "четвертая": 4, "четвёртая": 4, "пятая": 5, "шестая": 6,
    "седьмая": 7, "восьмая": 8, "девятая": 9, "десятая": 10, "двадцать": 20, "тридцать": 30, "сорок": 40,
    "пятьдесят": 50, "шестьдесят": 60, "семьдесят": 70, "восемьдесят": 80, "девяносто": 90,
    "двадцатая": 20, "тридцатая": 30, "сороковая": 40, "пятидесятая": 50, "шестидесятая": 60,
    "семидесятая": 70, "восьмидесятая": 80, "девяностая": 90,
    # Arabic (a leading و "and" is dropped first)
    "الأولى": 1, "الحادية": 1, "الثانية": 2, "الثالثة": 3, "الرابعة": 4, "الخامسة": 5, "السادسة": 6,
    "السابعة": 7, "الثامنة": 8, "التاسعة": 9, "العاشرة": 10, "العشرون": 20, "الثلاثون": 30,
    "الأربعون": 40, "الخمسون": 50, "الستون": 60, "السبعون": 70, "الثمانون": 80, "التسعون": 90,
}


def session_number(text: str) -> int | None:
    """The session number of a cover line: digits, Chinese numerals or spelled out in any language."""
    m = re.search(r"第([一二三四五六七八九十百]+)届", text)
    if m:
        value = m[1].replace("百", "")
        return chinese_numeral_value(value) if value else 100
    m = re.search(r"(\d+)", text)
    if m:
        return int(m[1])
    words = re.split(r"[\s\-]+", text.lower().replace("quatre-vingt", "quatrevingt"))
    total = sum(SESSION_NUMBER_WORDS.get(w, SESSION_NUMBER_WORDS.get(w[1:], 0) if w.startswith("و") else 0)
                for w in words)
    return total or None


# ------------------------------------------------------------------- reader

class BlockReader:
    """Classified blocks → the parts of the model (preface, preamble, body), for both kinds."""

    def __init__(self, name: str, reporter: Reporter, lang: Language) -> None:
        self.name, self.reporter, self.lang = name, reporter, lang
        self.inline = InlineBuilder(lang, name, reporter)
        self.eids: set[str] = set()
        self.next_suffix: dict[str, int] = {}
        #: Whether the document is a corrigendum (its symbol's "/Corr.1"): its body is a list of
        #: corrections, each a place and what to change there (:data:`CORRECTION_PLACE`).
        self.corrigendum = False

    def unique_eid(self, eid: str, what: str, block: Block, message: str | None = None) -> str:
        """``eid``, or ``eid_2``, ``eid_3`` … when a number or label is used twice (reported)."""
        if eid not in self.eids:
            self.eids.add(eid)
            return eid
        n = self.next_suffix.get(eid, 2)     # remembered: a label used a thousand times stays linear
        while f"{eid}_{n}" in self.eids:
            n += 1
        unique = f"{eid}_{n}"
        self.next_suffix[eid] = n + 1
        self.eids.add(unique)
        self.reporter.warning(f"{what}-duplicate",
                              (message or f"the {what} number {block.printed or block.num} is used again")
                              + f" (kept, as {unique})", self.pos(block, body=False),
                              "renumber; references to this number are ambiguous")
        return unique

    def pos(self, block: Block, body: bool = True) -> SourcePos:
        return SourcePos(self.name, *((block.body_line, block.body_col) if body else (block.line, block.col)))

    def p(self, block: Block, inlines: list, **attrs) -> etree._Element:
        el = set_pos(E("p", **attrs), block.body_line, block.body_col)
        return self.inline.fill(el, inlines, block)

    def note_body(self, block: Block, inlines: list) -> etree._Element:
        el = etree.Element(PL + "noteBody", nsmap=model.NSMAP)
        el.set("marker", "".join(SUPERSCRIPT_VALUE.get(c, c) for c in block.num))
        set_pos(el, block.line, block.col)
        el.append(self.p(block, inlines))
        return el

    def tail(self, block: Block, inlines: list) -> etree._Element:
        el = etree.Element(PL + "tail", nsmap=model.NSMAP)
        set_pos(el, block.line, block.col)
        self.inline.fill(el, inlines, block)
        return el

    # -- cover and preface -------------------------------------------------
    def cover_item(self, preface: etree._Element, block: Block, il: list) -> etree._Element | None:
        """A cover line whose role the source's layout told (``Block.layout`` in COVER_ROLES)
        → its place in the preface; returns the summary container when it opens one."""
        role = block.layout
        if role == "session":
            number = session_number(block.text)
            p = set_pos(E("p", class_="session"), block.line, block.col)
            p.append(self.inline.fill(E("session", value=number or 0), il, block))
            if number is None:
                self.reporter.warning("session-unknown", "cannot read the session number", self.pos(block))
            preface.append(p)
        elif role in ("sessionDates", "agendaItem", "agendaTitle"):
            preface.append(self.p(block, il, class_=role))
        elif role == "front":
            # Front matter of an Official Records volume (its imprint, its note on symbols).
            preface.append(self.p(block, il, class_="frontMatter"))
        elif role == "proponent":
            preface.append(self.sponsors(block, il))
        elif role == "title" and re.sub(r"[\\*\s]+$", "", block.text) in ISSUANCE_TYPES:
            preface.append(self.issuance_type(block, il))
        elif role in ("title", "meeting") or role == "subtitle" and preface.find(akn("longTitle")) is None \
                and preface.find("*[@class='docType']") is not None:
            # (A record's meeting, "12th plenary meeting", is what it is titled by; a bulletin's
            # title follows the line naming its type.)
            title = preface.find(akn("longTitle"))
            if title is None:
                title = set_pos(E("longTitle"), block.line, block.col)
                preface.append(title)
            p = E("p")
            p.append(self.inline.fill(E("docTitle"), il, block))
            title.append(p)
        elif role == "subtitle":
            text = re.sub(r"[\\*\s]+$", "", block.text)       # its note call aside
            if text in {l.report_of_sg for l in LANGUAGES.values()}:
                p = set_pos(E("p", class_="proponent"), block.line, block.col)
                p.append(self.inline.fill(E("docProponent", refersTo="#sg"), il, block))
                preface.append(p)
            else:
                preface.append(self.p(block, il, class_="subtitle"))
        elif role == "summary":
            summary = set_pos(E("container", name="summary"), block.line, block.col)
            summary.append(self.p(block, il, class_="heading"))
            preface.append(summary)
            return summary
        return None

    def issuance_type(self, block: Block, il: list) -> etree._Element:
        """"Secretary-General’s bulletin" over a bulletin's title → ``<p class="docType">``."""
        p = set_pos(E("p", class_="docType"), block.line, block.col)
        p.append(self.inline.fill(E("docType"), il, block))
        return p

    def sponsors(self, block: Block, il: list) -> etree._Element:
        """A draft's sponsor line → ``<p class="proponent">``: the sponsors as ``docProponent`` and
        what the document is as ``docStage`` ("Argentina and Chile: draft resolution"), or the
        whole line as ``docStage`` when it names its proponent in a phrase ("Draft decision
        submitted by the President")."""
        p = set_pos(E("p", class_="proponent"), block.line, block.col)
        text = block.text
        colon = max(text.rfind(":"), text.rfind("："))
        if colon > 0:
            sponsors, rest = split_inlines(il, colon)
            stage = split_inlines(rest, len(text[colon:]) - len(text[colon + 1:].lstrip()))[1]
            p.append(self.inline.fill(E("docProponent"), sponsors, block))
            p[-1].tail = text[colon:len(text) - len(text[colon + 1:].lstrip())]
            p.append(self.inline.fill(E("docStage"), stage, block))
        else:
            p.append(self.inline.fill(E("docStage"), il, block))
        return p

    def preface(self, blocks: list[Block], inlines: list[list]) -> etree._Element:
        preface = E("preface")
        summary = None
        state = "start"
        # When the layout told the cover's lines, a line it did not place is not the title.
        layout_told = any(b.layout == "title" for b in blocks)
        organs = {name for lang in LANGUAGES.values() for name in lang.organs.values()}
        organ: list = []            # an organ's name over its session (a joint document's column)
        for index, (block, il) in enumerate(zip(blocks, inlines)):
            if block.kind == "note":
                (summary if summary is not None else preface).append(self.note_body(block, il))
                continue
            text = block.text
            if block.layout in COVER_ROLES:
                opened = self.cover_item(preface, block, il)
                summary = opened if opened is not None else summary
                continue
            later = next((b.text for b in blocks[index + 1:] if b.kind != "note"), "")
            if summary is None and state != "proponent" and text in organs and (
                    SESSION_WORDS.search(later) or SESSION_YEAR.match(later)) and len(later) < 80:
                organ = il + [{"t": "Space"}]   # "Security Council" over "Eightieth year": one session line
                continue
            if summary is not None:
                summary.append(self.p(block, il))
            elif (state == "start" or organ) and (SESSION_WORDS.search(text) or SESSION_YEAR.match(text)) \
                    and len(text) < 80:
                number = session_number(text)
                p = set_pos(E("p", class_="session"), block.line, block.col)
                p.append(self.inline.fill(E("session", value=number or 0), organ + il, block))
                organ = []
                if number is None:
                    self.reporter.warning("session-unknown", "cannot read the session number", self.pos(block))
                preface.append(p)
                state = "session"
            elif state == "session" and SESSION_DATES.search(text) and len(re.findall(r"\d+", text)) >= 2 \
                    and len(text.split()) <= 10 and not AGENDA_WORDS.search(text):
                preface.append(self.p(block, il, class_="sessionDates"))    # "25 July 2024–30 July 2025"
            elif state in ("start", "session") and AGENDA_WORDS.search(text) and len(text) < 80:
                preface.append(self.p(block, il, class_="agendaItem"))
                state = "agenda"
            elif state == "agenda":
                preface.append(self.p(block, il, class_="agendaTitle"))
                state = "agendaTitle"
            elif re.sub(r"^[*_]+|[*_]+$", "", text) in SUMMARY_WORDS:
                summary = set_pos(E("container", name="summary"), block.line, block.col)
                summary.append(self.p(block, il, class_="heading"))
                preface.append(summary)
            elif re.sub(r"[\\*\s]+$", "", text) in ISSUANCE_TYPES and akn("longTitle") not in [c.tag for c in preface]:
                preface.append(self.issuance_type(block, il))
            elif re.sub(r"[\\*\s]+$", "", text) in {l.report_of_sg for l in LANGUAGES.values()}:
                p = set_pos(E("p", class_="proponent"), block.line, block.col)
                p.append(self.inline.fill(E("docProponent", refersTo="#sg"), il, block))
                preface.append(p)
                state = "proponent"
            elif state in ("start", "session", "agendaTitle") and akn("longTitle") not in [c.tag for c in preface] \
                    and not layout_told:
                title = set_pos(E("longTitle"), block.line, block.col)
                p = E("p")
                p.append(self.inline.fill(E("docTitle"), il, block))
                title.append(p)
                preface.append(title)
                state = "title" if state != "agendaTitle" else "agendaTitle"
            else:
                preface.append(self.p(block, il))
                self.reporter.warning("unrecognized-cover-line",
                                      "a line of the cover is not a session, agenda item, title or summary; "
                                      "kept as a preface paragraph", self.pos(block))
        return preface

    # -- the masthead, when the text has it -----------------------------------
    def masthead(self, blocks: list[Block], inlines: list[list], symbol: str
                 ) -> tuple[etree._Element | None, int, dict]:
        """The first-page masthead lines of the text (United Nations, symbol, organ, Distr.,
        date, language, Original: …) → (coverPage, blocks used, facts read from them)."""
        if not blocks or blocks[0].text not in {l.united_nations for l in LANGUAGES.values()} | {
                "الأمــم المتحـدة"}:
            return None, 0, {}
        container = E("container", name="masthead")
        facts: dict = {}
        used = 0
        organs = {name: key for l in LANGUAGES.values() for key, name in l.organs.items()}
        for block, il in zip(blocks, inlines):
            text = block.text
            if used == 0:
                inner = E("docAuthority", refersTo="#un")
            elif re.sub(r"(?:\\?\*)+$", "", text).replace(" ", "") == symbol.replace(" ", "") or \
                    text.replace("\u00a0", " ") == symbol:     # the symbol may call a note: "DP/2025/1*"
                inner = E("docNumber", refersTo="#symbol")
            elif text in organs:
                inner = E("docAuthority", refersTo=f"#un-{organs[text]}")   # as ``masthead`` writes it
            elif text.startswith("Distr") or text in OFFICIAL_RECORDS:     # (a verbatim record's)
                inner = E("inline", name="distribution")
            elif parse_date(text, self.lang) and "date" not in facts:
                facts["date"] = parse_date(text, self.lang)
                inner = E("docDate", date=facts["date"])
            elif text.lower() in {n.lower() for n in self.lang.language_names.values()}:
                inner = E("inline", name="language")
            elif text.startswith("Original"):
                name = text.split(":", 1)[-1].strip().lower()
                code = next((c for c, n in self.lang.language_names.items() if n.lower() == name), None)
                if code:
                    facts["original_language"] = code
                inner = E("inline", name="originalLanguage")
            else:
                break
            p = set_pos(E("p"), block.line, block.col)
            p.append(self.inline.fill(inner, il, block))
            container.append(p)
            used += 1
        return E("coverPage", container), used, facts

    # -- a resolution's cover, preface and preamble ---------------------------
    def resolution_front(self, blocks: list[Block], inlines: list[list], info: dict
                         ) -> tuple[etree._Element, etree._Element]:
        """Cover lines → preface; the enacting formula and preambular paragraphs → preamble."""
        preface, preamble = E("preface"), E("preamble")
        state = "cover"
        count = 0
        for block, il in zip(blocks, inlines):
            text = block.text
            if block.kind == "note":
                (preamble if state == "preamble" else preface).append(self.note_body(block, il))
                continue
            if state == "cover" and block.layout in COVER_ROLES:
                self.cover_item(preface, block, il)     # a draft's cover, told by the layout
                continue
            if state == "cover":
                title = RESOLUTION_TITLE.match(text)
                if SESSION_WORDS.search(text) and len(text) < 60 and not preface.findall(akn("longTitle")):
                    number = session_number(text)
                    p = set_pos(E("p", class_="session"), block.line, block.col)
                    p.append(self.inline.fill(E("session", value=number or 0), il, block))
                    preface.append(p)
                elif AGENDA_WORDS.search(text) and len(text) < 60:
                    preface.append(self.p(block, il, class_="agendaItem"))
                    state = "agendaTitle"
                    continue
                elif title:
                    long_title = set_pos(E("longTitle"), block.line, block.col)
                    p = E("p")
                    number, rest = split_inlines(il, title.end("num"))
                    p.append(self.inline.fill(E("docNumber"), number, block))
                    if rest:
                        p.append(self.inline.fill(E("docTitle"), rest, block))
                    long_title.append(p)
                    preface.append(long_title)
                elif ADOPTION_WORDS.search(text):
                    preface.append(self.p(block, il, class_="adoption"))
                elif bracketed(text):
                    preface.append(self.p(block, il, class_="origin"))
                elif text.endswith((",", "，", "،")) and len(text) < 60 or names_organ(text) and \
                        preface.find(akn("longTitle")) is not None:
                    # "The General Assembly,"; or, after the title, the organ's name alone (the
                    # UN's Russian XML of A/RES/78/252 prints "Генеральная Ассамблея" so).
                    preamble.append(set_pos(E("formula", self.p(block, il), name="enactingFormula"),
                                            block.line, block.col))
                    state = "preamble"
                else:
                    preface.append(self.p(block, il))
                continue
            if state == "agendaTitle":
                preface.append(self.p(block, il, class_="agendaTitle"))
                state = "cover"
                continue
            # The preamble: one container per preambular paragraph; short lines are headings.
            if block.layout == "heading" or not block.layout and len(text) <= (40 if is_cjk(text[0]) else 100) \
                    and not ends_sentence(text) and not text.endswith((",", "，", "،")):
                container = E("container", self.p(block, il, class_="heading"), name="crossHeading")
            else:
                count += 1
                container = E("container", self.p(block, il), name="preambularParagraph",
                              eId=f"preamble__para_{count}")
            preamble.append(set_pos(container, block.line, block.col))
        return preface, preamble

    # -- body ----------------------------------------------------------------
    def body(self, blocks: list[Block], inlines: list[list], kind: str = "report"
             ) -> tuple[etree._Element, etree._Element | None]:
        """The main body, and for a resolution its conclusions (meeting and date lines)."""
        from ..transforms.records import opens_record_paragraph
        body = E("mainBody")
        chapter = division = subheading = annex = None
        last_paragraph: etree._Element | None = None
        opened: etree._Element | None = None     # an unnumbered paragraph that a colon's opened
        last_block: Block | None = None
        seen_numbers: dict[str, int] = {}
        subheads = annexes = enclosures = 0
        conclusions = None
        last_numbered = max((i for i, b in enumerate(blocks) if b.kind in ("paragraph", "item")), default=-1)

        def container():
            for candidate in (subheading, division, chapter, annex):
                if candidate is not None:
                    return candidate
            return body

        def prefix():
            """Paragraph numbers run through the body; an annex (and each part of one) restarts them."""
            if annex is None:
                return ""
            return f"{(subheading if subheading is not None else annex).get('eId')}__"

        for index, (block, il) in enumerate(zip(blocks, inlines)):
            if block.kind == "note":
                (conclusions if conclusions is not None else container()).append(self.note_body(block, il))
                continue
            if kind == "resolution" and index > last_numbered and block.kind == "text" and (
                    is_conclusion_line(block.text) or bracketed(block.text)):
                if conclusions is None:
                    conclusions = E("conclusions")
                conclusions.append(self.p(block, il))
                continue
            if block.kind == "annex":
                # (An enclosure is an attachment as an annex is, numbered apart.)
                enclosure = getattr(block, "enclosure", False)
                enclosures += enclosure
                annexes += not enclosure
                count = enclosures if enclosure else annexes
                label = re.sub(r"\W+", "", block.num.split(None, 1)[1]) if " " in block.num.strip() else str(count)
                if not label.isascii():
                    label = str(count)        # "المرفق الثاني": its place
                eid = self.unique_eid(f"{'enclosure' if enclosure else 'annex'}_{label}", "annex", block)
                annex = set_pos(E("hcontainer", name="annex", eId=eid), block.line, block.col)
                annex.append(self.inline.fill(E("heading"), il, block))
                body.append(annex)
                chapter = division = subheading = last_paragraph = None
                subheads = 0
                continue
            if block.kind == "chapter" and is_division_letter(block.num, chapter, division):
                block.kind = "division"
            if block.kind == "section" and kind == "resolution":
                # A resolution's "Section 1 Overall policymaking …" (a budget's sections, under its
                # parts) is a subheading, as the UN marks it up; its number apart.
                subheads += 1
                parent = division if division is not None else chapter if chapter is not None else \
                    annex if annex is not None else body
                owner = f"{parent.get('eId')}__" if parent.get("eId") else ""
                subheading = set_pos(E("hcontainer", E("num", block.printed), name="subheading",
                                       eId=f"{owner}subhead_{subheads}"), block.line, block.col)
                if block.body:
                    subheading.append(self.inline.fill(E("heading"), il, block))
                parent.append(subheading)
                last_paragraph = None
                continue
            if block.kind == "section":
                # "Section 1" / "Definitions": a section numbered in words, its heading on the
                # same line or the next (below).
                base = f"{annex.get('eId')}__" if annex is not None else ""
                eid = self.unique_eid(f"{base}sec_{block.num}", "chapter", block)
                chapter = set_pos(E("section", E("num", block.printed), eId=eid), block.line, block.col)
                if block.body:
                    chapter.append(self.inline.fill(E("heading"), il, block))
                (annex if annex is not None else body).append(chapter)
                division = subheading = last_paragraph = None
                subheads = 0
                continue
            if chapter is not None and block.kind == "text" and last_paragraph is None and \
                    chapter.find(akn("heading")) is None and chapter.find(akn("num")) is not None and \
                    len(chapter) == 1 and not ends_sentence(block.text):
                chapter.append(self.inline.fill(E("heading"), il, block))     # "Section 1" / "Definitions"
                continue
            if block.kind == "chapter":
                # In an annex too: "I." and "A." there head its parts, with their numbers.
                value = chapter_value(block.num)
                base = f"{annex.get('eId')}__" if annex is not None else ""
                eid = self.unique_eid(f"{base}sec_{value}", "chapter", block)
                chapter = set_pos(E("section", E("num", block.printed), eId=eid), block.line, block.col)
                chapter.append(self.inline.fill(E("heading"), il, block))
                (annex if annex is not None else body).append(chapter)
                division = subheading = last_paragraph = None
                subheads = 0
                continue
            if block.kind == "division":
                parent = next(c for c in (chapter, annex, body) if c is not None)
                key = division_key(block.num)
                eid = f"{parent.get('eId')}__title_{key}" if parent is not body else f"title_{key}"
                eid = self.unique_eid(eid, "division", block)
                division = set_pos(E("title", E("num", block.printed), eId=eid), block.line, block.col)
                division.append(self.inline.fill(E("heading"), il, block))
                parent.append(division)
                subheading = last_paragraph = None
                subheads = 0
                continue
            if block.kind == "item" and last_paragraph is None:
                # A list right after a heading: an unnumbered paragraph holds it, labels kept.
                last_paragraph = set_pos(E("paragraph", E("content"),
                                           eId=self.unique_eid(f"para_unnumbered_{block.line}", "paragraph", block)),
                                         block.line, block.col)
                container().append(last_paragraph)
                self.reporter.info("list-without-paragraph",
                                   f"the list opening with “{block.printed}” follows a heading; it was kept "
                                   "as an unnumbered paragraph", self.pos(block, body=False))
                self.add_item(last_paragraph, block, il)
                last_block = block
                continue
            if block.kind == "paragraph":
                key = prefix() + block.num
                count = seen_numbers.get(key, 0) + 1
                seen_numbers[key] = count
                eid = f"{prefix()}para_{block.num}" + ("" if count == 1 else f"_{count}")
                if count > 1:
                    self.reporter.warning("paragraph-number-duplicate",
                                          f"paragraph number {block.num} is used again (eId {eid})",
                                          self.pos(block, body=False),
                                          "renumber the paragraphs; references to this number are ambiguous")
                last_paragraph = set_pos(E("paragraph", E("num", block.printed), eId=eid),
                                         block.line, block.col)
                last_paragraph.append(E("content", self.p(block, il)))
                container().append(last_paragraph)
                last_block = block
                continue
            if block.kind == "item" and last_paragraph is not None:
                self.add_item(last_paragraph, block, il)
                continue
            if block.layout == "table":
                # A table's placeholder (a Word file's table): in the paragraph before it, after
                # its list if it has one, or a paragraph of its own.
                if last_paragraph is None:
                    last_paragraph = set_pos(E("paragraph", eId=f"para_unnumbered_{block.line}"),
                                             block.line, block.col)
                    last_paragraph.append(E("content"))
                    container().append(last_paragraph)
                    last_block = block
                last_list = next(last_paragraph.iterchildren(akn("list"), reversed=True), None)
                (model.wrap_up(last_list) if last_list is not None
                 else last_paragraph.find(akn("content"))).append(self.p(block, il))
                continue
            if self.corrigendum and not block.text.startswith("\ue010table "):
                # A correction: its place ("Paragraph 5, third line", numbered or not) opens it;
                # what to change there ("*For* 12 *read* 21", "*The sentence should read*" and the
                # sentence) goes on in it, one ``p`` each, up to the next place.
                content = last_paragraph.find(akn("content")) if last_paragraph is not None else None
                if content is not None and not CORRECTION_PLACE.match(block.text):
                    content.append(self.p(block, il))
                    continue
                if CORRECTION_PLACE.match(block.text):
                    para = set_pos(E("paragraph", eId=f"para_unnumbered_{block.line}"), block.line, block.col)
                    para.append(E("content", self.p(block, il)))
                    container().append(para)
                    last_paragraph, last_block = para, block
                    continue
            # A block of plain text: the tail of a paragraph cut by a page break, a subheading,
            # or (in a resolution) the words that close a paragraph after its list.
            # (A table's placeholder ends no sentence, but the text after a table is no tail.)
            previous_open = not block.layout and last_paragraph is not None and not ends_sentence(
                model.flow_text(xpath_last_text(last_paragraph))) and \
                not (last_block is not None and last_block.text.startswith("\ue010table ")) and \
                not (kind == "record" and (opens_record_paragraph(block.text)    # a turn, "The meeting rose …",
                                           or last_block is not None           # an agenda item's title
                                           and opens_record_paragraph(last_block.text) == "agendaItem"))
            looks_like_heading = block.layout == "heading" or not block.layout \
                and len(block.text) <= (40 if is_cjk(block.text[0]) else 100) \
                and not ends_sentence(block.text) \
                and not block.text.endswith((",", "，", "،"))
            if previous_open and not (looks_like_heading and last_block is not None and last_block.kind == "item"):
                container().append(self.tail(block, il))
                if looks_like_heading and len(block.text) <= 40:
                    self.reporter.warning(
                        "heading-like-tail",
                        f"“{block.text}” looks like a subheading but paragraph {last_block.num} "
                        "before it ends mid-sentence, so it was joined to that paragraph", self.pos(block),
                        "if it is a heading, end the paragraph before it with its punctuation")
                continue
            last_list = next(last_paragraph.iterchildren(akn("list"), reversed=True), None) \
                if last_paragraph is not None else None
            # A paragraph that a colon ends, with no list, opens what follows: a paragraph the
            # layout sets apart is one of its own even in lower case (the Russian "понедельник,
            # 9 июня — …" of a schedule), never words closing it; so is the next one after it
            # ("вторник, 10 июня — …").
            opens = block.layout == "paragraph" and last_list is None and last_paragraph is not None and (
                model.flow_text(xpath_last_text(last_paragraph)).rstrip().endswith((":", "："))
                or last_paragraph is opened)
            if opens:
                opened = None       # the paragraph made below, after which the same holds
            if last_paragraph is not None and block.text[:1].islower() and not opens:
                if last_list is not None:
                    model.wrap_up(last_list).append(self.p(block, il))
                else:
                    last_paragraph.find(akn("content")).append(self.p(block, il, class_="wrapUp"))
                number = (last_paragraph.findtext(akn("num")) or "").rstrip(".- ")
                self.reporter.info("paragraph-continued", f"“{block.text[:20]}…” continues "
                                   + (f"paragraph {number}" if number else "the unnumbered paragraph")
                                   + " after its list", self.pos(block))
                continue
            if looks_like_heading and (container() is not body or block.layout == "heading"):
                subheads += 1
                parent = division if division is not None else chapter if chapter is not None else \
                    annex if annex is not None else body
                owner = f"{parent.get('eId')}__" if parent.get("eId") else ""
                subheading = set_pos(E("hcontainer", name="subheading",
                                       eId=f"{owner}subhead_{subheads}"), block.line, block.col)
                if block.printed and block.kind in ("chapter", "division"):
                    subheading.append(E("num", block.printed))     # "I." of a chapter in an annex
                subheading.append(self.inline.fill(E("heading"), il, block))
                parent.append(subheading)
                last_paragraph = None
                continue
            if block.layout != "paragraph" and kind != "record":    # (a record's turns have no number)
                self.reporter.warning("unnumbered-paragraph",
                                      "a paragraph of the body has no number; kept unnumbered", self.pos(block),
                                      "give it its number, or end the paragraph before it if this is its tail")
            para = set_pos(E("paragraph", eId=f"para_unnumbered_{block.line}"), block.line, block.col)
            para.append(E("content", self.p(block, il)))
            container().append(para)
            last_paragraph, last_block = para, block
            if opens:
                opened = para
        return body, conclusions

    def add_item(self, paragraph: etree._Element, block: Block, il: list) -> None:
        """A subparagraph "(a)", "i)" … joins the list of the paragraph before it (AKN4UN's
        ``list/point``, the paragraph's words so far becoming the list's ``intro``); "(i)" after
        "(a)" opens the ``sublist`` of that point."""
        lst = next(paragraph.iterchildren(akn("list"), reversed=True), None)
        if lst is None or lst.find(akn("wrapUp")) is not None:
            # A second list in the same paragraph (after words that close the first) is list_2.
            number = sum(1 for _ in paragraph.iterchildren(akn("list"))) + 1
            lst = model.open_list(paragraph, self.new_eid(paragraph.get("eId"), "list", number))
        for _ in range(item_level(block.num, paragraph) - 1):
            last = next((c for c in reversed(lst) if c.tag in (akn("point"), akn("sublist"))), None)
            if last is None:
                break
            if last.tag == akn("sublist") and last.find(akn("wrapUp")) is None:
                lst = last
                continue
            owner = model.list_owner(last) if last.tag == akn("sublist") else last
            number = 1 + sum(1 for c in last.itersiblings(akn("sublist"), preceding=True)
                             if model.list_owner(c) is owner) + (last.tag == akn("sublist"))
            sublist = E("sublist", eId=self.new_eid(owner.get("eId"), "list", number))
            last.addnext(sublist)
            lst = sublist
        label = re.sub(r'[^0-9A-Za-z]', '', block.num) or str(len(lst) + 1)
        eid = self.unique_eid(f"{lst.get('eId')}__point_{label}", "list-label", block,
                              f"the list label {block.printed} is used again in this list")
        point = set_pos(E("point", E("num", block.printed), E("content", self.p(block, il)), eId=eid),
                        block.line, block.col)
        wrap = lst.find(akn("wrapUp"))
        if wrap is not None:
            wrap.addprevious(point)
        else:
            lst.append(point)

    def new_eid(self, owner: str, kind: str, number: int) -> str:
        """``<owner>__<kind>_<number>``, the number raised past any eId already given."""
        eid = f"{owner}__{kind}_{number}"
        while eid in self.eids:
            number += 1
            eid = f"{owner}__{kind}_{number}"
        self.eids.add(eid)
        return eid


MONTHS = {
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7, "august": 8,
    "september": 9, "october": 10, "november": 11, "december": 12,
    "janvier": 1, "février": 2, "mars": 3, "avril": 4, "mai": 5, "juin": 6, "juillet": 7, "août": 8,
    "septembre": 9, "octobre": 10, "novembre": 11, "décembre": 12,
    "enero": 1, "febrero": 2, "marzo": 3, "abril": 4, "mayo": 5, "junio": 6, "julio": 7, "agosto": 8,
    "septiembre": 9, "setiembre": 9, "octubre": 10, "noviembre": 11, "diciembre": 12,
}


def parse_date(text: str, lang: Language) -> str | None:
    """A masthead date ("30 December 2020", "1er décembre 2023", "11 de octubre de 2024",
    "2020年12月30日") → ISO 8601, or None when the line is not a date."""
    m = re.fullmatch(r"(\d{1,2})(?:er)?\s+(?:de\s+)?([^\W\d_]+)\s+(?:de\s+)?(\d{4})", text.strip())
    if m and m[2].lower() in MONTHS:
        return _iso_date(int(m[3]), MONTHS[m[2].lower()], int(m[1]))
    m = re.fullmatch(r"(\d{4})年(\d{1,2})月(\d{1,2})日", text.strip())
    if m:
        return _iso_date(int(m[1]), int(m[2]), int(m[3]))
    return None


def _iso_date(year: int, month: int, day: int) -> str | None:
    """YYYY-MM-DD, or None for a day that does not exist (31 February is text, not a date)."""
    try:
        return dt.date(year, month, day).isoformat()
    except ValueError:
        return None


RESOLUTION_TITLE = re.compile(
    r"^(?P<num>(?:\d{1,4}/\d{1,4}\.(?:\s*-)?|(?:Resolution|Résolution|Resolución|Резолюция|القرار|第)\s*\d{1,4}"
    r"\s*\(\d{4}\)(?:\s*号决议)?))\s*")
#: "Resolution adopted by the General Assembly on …", and a Security Council resolution's "Adopted by
#: the Security Council at its 9512th meeting, on …" in the six languages.
ADOPTION_WORDS = re.compile(r"(adopted by|adoptée par|aprobada por|принятая|اتخذته|Adoptée|决议$|通过的决议"
                            r"|^Adopted by|^Aprobada por|^Принята|^اتخذه|次会议通过$)")


def split_inlines(inlines: list, chars: int) -> tuple[list, list]:
    """Split pandoc inlines after ``chars`` characters of text (Str and Space only before it)."""
    head, rest, count = [], list(inlines), 0
    while rest and count < chars:
        node = rest.pop(0)
        if node["t"] == "Space":
            head.append(node)
            count += 1
            continue
        if node["t"] != "Str":
            rest.insert(0, node)
            break
        take = chars - count
        if len(node["c"]) <= take:
            head.append(node)
            count += len(node["c"])
        else:
            head.append({"t": "Str", "c": node["c"][:take]})
            rest.insert(0, {"t": "Str", "c": node["c"][take:]})
            count = chars
    while rest and rest[0]["t"] == "Space":
        rest.pop(0)
    return head, rest


def xpath_last_text(paragraph: etree._Element) -> etree._Element:
    """The element holding the last running text of a paragraph (its last p, or last item's p)."""
    ps = model.xpath(paragraph, ".//a:p")
    return ps[-1] if ps else paragraph


def item_level(num: str, paragraph: etree._Element) -> int:
    """1 for (a), 2 for (i) under a lettered item, 3 for 1) under a Roman one."""
    if num.isdigit():
        return 3
    if re.fullmatch(r"[ivxl]+", num):
        # The label of the last point of the paragraph's own lists (its last list's last point).
        last_list = next(paragraph.iterchildren(akn("list"), reversed=True), None)
        last_item = next(last_list.iterchildren(akn("point"), reversed=True), None) if last_list is not None else None
        letters = [last_item.findtext(akn("num"))] if last_item is not None and last_item.findtext(akn("num")) else []
        previous = letters[-1].strip("()") if letters else ""
        if len(num) == 1 and len(previous) == 1 and ord(num) == ord(previous) + 1:
            return 1                    # (i) after (h), (l) after (k): the next letter, not a Roman number
        return 2 if letters else 1
    return 1


CONCLUSION = re.compile(r"(plenary meeting|séance plénière|sesión plenaria|пленарное заседание|الجلسة العامة|"
                        r"^\d+\w{0,2}\s(?:meeting|séance|sesión|заседание)$|"
                        r"全体会议|^\d{1,2}(er)?\s\w+\s\d{4}$|^\d{4}年\d{1,2}月\d{1,2}日$|^\d{1,2}\sde\s\w+\sde\s\d{4}$|"
                        r"^\d{1,2}\s[\w/]+(?:\s[\w/]+)?\s\d{4}(?:\sгода)?$)")


def bracketed(text: str) -> bool:
    """A line in square brackets, as printed (``[Adopted without a vote.]``, a resolution's
    ``[on the recommendation of …]``) or escaped in the PDF reader's text (``\\[…\\]``)."""
    return bool(re.fullmatch(r"\\?\[.*\\?\]", text.strip(), re.S))


def is_conclusion_line(text: str) -> bool:
    """A resolution's closing line: its meeting or its date, in italics (``*56th meeting*``, as
    the PDF reader emits it) or not."""
    text = text.strip().strip("*_")
    return len(text) <= 60 and bool(CONCLUSION.search(text))


@dataclasses.dataclass(frozen=True)
class SourceText:
    """The decoded source, kept so that diagnostics can point into it."""

    name: str
    lines: list[str]
    first_line: int     # 1-based: the first line after any front matter
    #: The blocks read (their joined text and line starts), for exact positions in the transforms.
    blocks: list = dataclasses.field(default_factory=list)


def read_report(data: bytes, name: str, reporter: Reporter,
                options: ReadOptions | None = None) -> tuple[etree._ElementTree, SourceText]:
    """Step 1: raw text → model with ``pl:noteBody`` / ``pl:tail`` left for the transforms."""
    options = options or ReadOptions()
    lines = decode(data, name, reporter)
    front, first = split_front_matter(lines, name)
    if front:
        options = options.merged(**ReadOptions.from_mapping(front, name, lines[1:first - 1], 2).__dict__)
    options = options.merged(**metadata_from_name(name))
    options = dataclasses.replace(options, **{
        f.name: check_metadata(f.name, getattr(options, f.name), SourcePos(name, 1, 1))
        for f in dataclasses.fields(options)
        if f.name != "source_date_epoch" and getattr(options, f.name) not in (None, "")})
    if not options.symbol or not options.language:
        raise SourceError("cannot tell the document symbol and language", SourcePos(name, 1, 1),
                          "name the file as the UN does (A_73_321-ZH.md) or give symbol and language "
                          "in a <stem>.meta.toml sidecar")
    try:
        lang = language(options.language)
    except UnknownLanguage as exc:
        raise SourceError(str(exc), SourcePos(name, 1, 1)) from None

    blocks = blocks_of(lines, first, name, reporter)
    first_body = first_body_index(blocks, name)
    for block in blocks[:first_body]:
        if block.kind not in ("note", "text"):
            # Before the body a list label or an annex line is cover text: keep all of it.
            block.kind, block.num, block.printed, block.body, block.body_offset = "text", "", "", block.text, 0
    inlines = inline_trees([b.body for b in blocks], name)
    tree = model_from_blocks(blocks, inlines, name, reporter, options, lang)
    return tree, SourceText(name, lines, first + 1, blocks)


def first_body_index(blocks: list[Block], name: str) -> int:
    """Index of the first block of the body (a numbered paragraph or chapter heading).  When the
    source's layout told the cover's lines, the body starts after them (a letter's first
    paragraph, a note's transmittal text), with the notes they call, unless the cover ends with
    a summary: that runs to the first numbered paragraph or chapter heading."""
    roles = [i for i, b in enumerate(blocks[:200]) if b.layout in COVER_ROLES]
    if roles and blocks[roles[-1]].layout != "summary":
        after = roles[-1] + 1
        while after < len(blocks) and blocks[after].kind == "note":
            after += 1
        if after < len(blocks) and not is_enacting_formula(blocks[after]) and not (
                ADOPTION_WORDS.search(blocks[after].text) or RESOLUTION_TITLE.match(blocks[after].text)):
            return after
        # A draft resolution: its preamble ("The General Assembly," …) runs to the first
        # operative paragraph, as a resolution's does; so does a resolution's, after its session
        # block and its lines of adoption and title.
    first_body = next((i for i, b in enumerate(blocks) if b.kind in ("chapter", "division", "paragraph", "section")),
                      None)
    if first_body is None:
        # A letter, or a resolution of one unnumbered paragraph: the body starts at the first
        # whole sentence after the enacting formula ("The General Assembly,") or the title.
        formula = next((i for i, b in enumerate(blocks) if b.kind == "text" and len(b.text) < 60
                        and b.text.endswith((",", "，", "،")) and not is_conclusion_line(b.text)
                        and not b.text.startswith(("[", "(")) and ":" not in b.text), None)
        start = formula + 1 if formula is not None else roles[-1] + 1 if roles else 0
        first_body = next((i for i in range(start, len(blocks)) if blocks[i].kind == "text"
                           and ends_sentence(blocks[i].text) and not blocks[i].text.endswith((",", "，", "،"))
                           and (formula is not None or len(blocks[i].text) > 80)), None)
    if first_body is None:
        # A corrigendum of unnumbered corrections: its body follows the line "Corrigendum".
        first_body = next((i + 1 for i, b in enumerate(blocks[:-1]) if b.kind == "text"
                           and re.sub(r"^[*_]+|[*_]+$", "", b.text) in CORRIGENDUM_WORDS), None)
    if first_body is None:
        raise SourceError("no numbered paragraph or chapter heading found", SourcePos(name, 1, 1),
                          "a report has numbered paragraphs (“1. …”) and chapters (“I. …”, “一. …”)")
    return first_body


def names_organ(text: str) -> bool:
    """Is ``text`` an organ's name alone, as a resolution's enacting formula may print it without
    its comma ("Генеральная Ассамблея", "The General Assembly", emphasis marks aside)?"""
    from ..languages import ORGAN_BY_NAME
    name = re.sub(r"^(?:The|La|Le|El|L')\s*", "", text.strip("*_ "))
    return len(text) < 60 and name in ORGAN_BY_NAME


def is_enacting_formula(block: Block) -> bool:
    """"The General Assembly,", "The Economic and Social Council,": a short line ending with a comma."""
    return block.kind == "text" and len(block.text) < 60 and block.text.endswith((",", "，", "،")) \
        and not is_conclusion_line(block.text) and not block.text.startswith(("[", "("))


def model_from_blocks(blocks: list[Block], inlines: list[list], name: str, reporter: Reporter,
                      options: ReadOptions, lang: Language, inline_builder: type | None = None,
                      starts_inside: bool = False) -> etree._ElementTree:
    """Classified blocks and their pandoc inlines → the model: what every reader of running text
    shares (raw text here, Word files in ``readers.docx`` with their own ``inline_builder``).
    ``starts_inside``: the text begins inside a document (pages cut out of it, no masthead), so
    there is no cover and all of it is body."""
    first_body = 0 if starts_inside else first_body_index(blocks, name)
    reader = BlockReader(name, reporter, lang)
    if inline_builder is not None:
        reader.inline = inline_builder(lang, name, reporter)
    cover, used, facts = reader.masthead(blocks[:first_body], inlines[:first_body], options.symbol)
    options = options.merged(**facts)
    reader.inline.organ = options.organ or organ_of(options.symbol)
    from ..symbols import is_resolution_symbol
    from ..transforms.records import RECORD_SYMBOL
    kind = options.kind or ("record" if RECORD_SYMBOL.search(options.symbol) else "resolution"
                            if is_resolution_symbol(options.symbol) or any(
        b.text.endswith((",", "，", "،")) and len(b.text) < 60 for b in blocks[used:first_body]) else "report")
    if kind == "resolution":
        preface, preamble = reader.resolution_front(blocks[used:first_body], inlines[used:first_body], facts)
    else:
        preface, preamble = reader.preface(blocks[used:first_body], inlines[used:first_body]), None
    reader.corrigendum = bool(re.search(r"/Corr\.\d", options.symbol or ""))
    body, conclusions = reader.body(blocks[first_body:], inlines[first_body:], kind)
    start = SourcePos(name, blocks[first_body].line, blocks[first_body].col)
    if not any(child.tag != PL + "noteBody" for child in preface):
        reporter.warning("cover-missing", f"the {kind} has no cover (session, agenda item, title) before "
                         "its first numbered paragraph or heading", start,
                         "give the cover lines of the document before its body")
    if preamble is not None and not len(preamble):
        reporter.warning("preamble-missing", "the resolution has no preamble (“The General Assembly,” and "
                         "its preambular paragraphs) before its first operative paragraph", start,
                         "give the preamble, or kind = \"report\" in the sidecar if this is not a resolution")
        preamble = None
    if not len(preface):
        preface = None

    organ = options.organ or organ_of(options.symbol)
    if organ is None:
        unknown_organ(options.symbol, reporter, SourcePos(name, 1, 1))
    info = model.DocumentInfo(
        symbol=options.symbol, language=lang.code, kind=kind,
        organ=organ, date=options.date,
        original_language=options.original_language, source_name=PurePath(name).name)
    if kind == "resolution":
        doc = E("statement", meta(info, preface, options),
                cover if cover is not None else masthead(info, distribution=not starts_inside),
                preface, preamble, body, conclusions, name="resolution")
    else:
        # (A record's body is made its debateBody by transforms.records, once its turns are whole.)
        doc = E("debate" if kind == "record" else "doc", meta(info, preface, options),
                cover if cover is not None else masthead(info, distribution=not starts_inside),
                preface, body, conclusions, name=kind)
    model.attach_annexes(doc)
    root = E("akomaNtoso")
    root.append(doc)
    return etree.ElementTree(root)


# -------------------------------------------------------------------- meta

def masthead(info: model.DocumentInfo, distribution: bool = True) -> etree._Element:
    """The first-page masthead (AKN4UN coverPage), in the document's language: the organ line is
    the organ the UN prints there (a Human Rights Council document's is the General Assembly),
    none when the organ is unknown; no distribution line for pages cut out of a document (its
    distribution is not known)."""
    from ..languages import masthead_organ
    lang = info.lang
    container = E("container", name="masthead")
    container.append(E("p", E("docAuthority", lang.united_nations, refersTo="#un")))
    container.append(E("p", E("docNumber", info.symbol, refersTo="#symbol")))
    printed = masthead_organ(info.organ)
    if printed:
        container.append(E("p", E("docAuthority", lang.organs[printed], refersTo=f"#un-{printed}")))
    if distribution:
        container.append(E("p", E("inline", lang.distribution, name="distribution")))
    if info.date:
        container.append(E("p", E("docDate", info.date, date=info.date)))
    if info.original_language:
        container.append(E("p", E("inline", lang.language_names[lang.code], name="language")))
        original = lang.original.format(language=lang.language_names[info.original_language])
        container.append(E("p", E("inline", original, name="originalLanguage")))
    return E("coverPage", container)


def organ_references(key: str | None) -> list[etree._Element]:
    """The TLCOrganization of the document's organ, and of the organ its masthead prints."""
    from ..languages import masthead_organ
    keys = dict.fromkeys(k for k in (key, masthead_organ(key)) if k)
    return [E("TLCOrganization", eId=f"un-{k}", href=f"/akn/ontology/organization/un/un-{k}",
              showAs=LANGUAGES["en"].organs[k]) for k in keys]


def meta(info: model.DocumentInfo, preface: etree._Element, options: ReadOptions) -> etree._Element:
    """FRBR identification (AKN4UN naming), references and the pipeline's facts."""
    lang = info.lang
    number = info.symbol.replace("/", "-").replace(" ", "_")
    date = info.date or "unknown"
    # AKN4UN's classes: a report is a paper (doc), a record a record (debate, its structure made
    # by transforms.records), a resolution a deliberation (statement).
    subtype = {"report": "paper", "record": "record"}.get(info.kind, "deliberation")
    doctype = {"report": "doc", "record": "debate"}.get(info.kind, "statement")
    actor = f"un-{info.organ}" if info.organ else "un"      # an unknown organ: the United Nations
    work = f"/akn/un/{doctype}/{subtype}/{actor}/{date}/{number}"
    expression = f"{work}/{lang.iso639_2}@{info.date or ''}"
    if options.source_date_epoch is not None:
        markup = dt.datetime.fromtimestamp(options.source_date_epoch, dt.timezone.utc).date().isoformat()
    else:
        markup = dt.date.today().isoformat()
    # The number and the title apart ("78/128. 2025 United Nations Conference …"), not run together.
    title = " ".join(" ".join("".join(part.itertext()).split()) for part in model.xpath(
        preface, "a:longTitle/a:p/*[self::a:docNumber or self::a:docTitle]")) if preface is not None else ""
    title = title or (model.xpath(preface, "string(a:longTitle)") if preface is not None else "") or info.symbol
    known = info.date or "0001-01-01"
    date_name = "issuance" if info.date else "unknown"
    identification = E(
        "identification",
        E("FRBRWork", E("FRBRthis", value=f"{work}/!main"), E("FRBRuri", value=work),
          E("FRBRdate", date=known, name=date_name), E("FRBRauthor", href="#sg" if info.kind == "report"
                                                        else f"#{actor}", as_="#author"),
          E("FRBRcountry", value="un"), E("FRBRsubtype", value=subtype),
          E("FRBRnumber", value=number, showAs=info.symbol), E("FRBRname", value=title)),
        E("FRBRExpression", E("FRBRthis", value=f"{expression}/!main"), E("FRBRuri", value=expression),
          E("FRBRdate", date=known, name=date_name), E("FRBRauthor", href=f"#{actor}", as_="#author"),
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
        *organ_references(info.organ),
        E("TLCPerson", eId="sg", href="/akn/ontology/person/un/secretaryGeneral", showAs="Secretary-General"),
        E("TLCRole", eId="author", href="/akn/ontology/role/un/author", showAs="Author"),
        E("TLCRole", eId="editor", href="/akn/ontology/role/un/editor", showAs="Editor"),
        E("TLCConcept", eId="symbol", href="/akn/ontology/concept/un/documentSymbol", showAs="Document symbol"),
        source="#pipeline")
    proprietary = E("proprietary", source="#pipeline")
    proprietary.append(model.info_element(info))
    return E("meta", identification, references, proprietary)
