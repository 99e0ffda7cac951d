"""Pages of lines (an official PDF, or a text extract of one) → the normalised text of the document.

One page normaliser for every page-structured source.  It recognises and drops page furniture
(running heads, folios ``2/15``, job numbers ``23-24961 (E)``, barcodes ``*2324961*``, "Please
recycle", the note rule), separates the note bodies at each page foot from the running text (a
note continued on the next page is one note), joins the paragraphs that page breaks and note
blocks cut, reads the identity of the document from its masthead, and emits the normalised text
form that ``readers.text`` reads (one block per paragraph, heading or cover item; calls as
superscript digits; note bodies ``¹ …`` after the paragraph of their call; italics as
``*…*``), so that one set of structure rules serves every source.  What only a PDF knows rides
along: the italics and bold of the text, tables (kept aside and put back into the model as AKN
``table`` elements), and where each emitted character came from (file, page, line on the page),
so that every diagnostic points into the source the user can open.  A page set in two columns
(a verbatim record) is read column by column (``two_column_order``), a paragraph cut by the
column break joined as one cut by a page break.

With layout (a PDF) the decisions use fonts, sizes and positions; without (a text extract) they
use the document's own evidence — note numbers run 1, 2, 3… and a call's digits match a note
body on the same page — and each doubtful case is reported, never guessed silently.
"""

from __future__ import annotations

import dataclasses
import functools
import re
import unicodedata
from collections import Counter

from ..diagnostics import Level, Reporter, SourcePos
from ..languages import LANGUAGES, ORGAN_BY_NAME, ORGANS, PLEASE_RECYCLE
from ..symbols import is_symbol, spaced_symbol, split_joint
from .layout import Line, Page, Span

SUPERSCRIPT = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")
#: The raised small letters of Unicode (there is none for "q"), for a table note's letter in the text.
RAISED_LETTERS = dict(zip("abcdefghijklmnoprstuvwxyz", "ᵃᵇᶜᵈᵉᶠᵍʰⁱʲᵏˡᵐⁿᵒᵖʳˢᵗᵘᵛʷˣʸᶻ"))
#: What a raised ordinal ending or abbreviation follows: a Roman numeral ("XXIe") or a lone
#: letter ("no", "Mme").
RAISED_ENDING_OF = re.compile(r"(?:^|[^\w])(?:[IVXLCDM]+|[^\W\d_])$")

# ------------------------------------------------------------------ furniture

#: Job number and print date at a page foot: "23-25871 (E) 291223", "24-19914* (E)", "23-25871".
JOB_NUMBER = re.compile(r"^\d{2}-\d{5}\*?(?:\([A-Z]\))?(?:\d{6})?\*?$"
                        # A right-to-left document draws it from the right: "(A) 23-24493".
                        r"|^[()]{1,2}A[()]{1,2}\d{2}-\d{5}\*?$")
BARCODE = re.compile(r"^\*\d{7}\*$")
FOLIO = re.compile(r"^(?:\d{1,4}/\d{1,4}|-\s?\d{1,4}\s?-|(?:Page|page|Página|Стр\.)\s\d{1,4})$")
#: "Please recycle" at the foot of page 1, in any of the six languages (``languages.PLEASE_RECYCLE``,
#: which our PDF writer prints too), the recycling symbol beside it or not: its words in any order
#: (a right-to-left line may be extracted with its words reversed), or its letters run together.
RECYCLE_SIGNS = "♲♻"
RECYCLE_WORDS = {frozenset(text.casefold().split()) for text in PLEASE_RECYCLE.values()}
RECYCLE = re.compile("^(?:" + "|".join(re.escape(re.sub(r"\s+", "", text)) for text in PLEASE_RECYCLE.values())
                     + ")$", re.I)


#: The recycling signs as spaces (a table made once, not at each of the calls, one a line).
_SIGNS_AS_SPACES = {ord(c): " " for c in RECYCLE_SIGNS}


def is_recycling_notice(text: str) -> bool:
    plain = text.replace("\u0640", "").translate(_SIGNS_AS_SPACES).casefold()
    return frozenset(plain.split()) in RECYCLE_WORDS or bool(RECYCLE.match(compact(plain)))
NOTE_RULE = re.compile(r"^[_\u2014\u2015\-]{8,}$")
#: A line holding only a small number (a page number of an unfoliated page foot).
BARE_NUMBER = re.compile(r"^\d{1,3}$")


@dataclasses.dataclass
class Dropped:
    page: int
    line: int
    text: str
    why: str


def opens_body(line: Line, index: int, lines: list[Line], page: Page) -> bool:
    """Is this small line at the top of a page the first of the body, not a running head?  The
    running head stands apart, a rule and a blank line above the text; a table's column heads
    repeated at the top of a page run straight on into the table below the page's head."""
    for following in lines[index + 1:]:
        if following.bottom - line.bottom >= 2.2 * max(line.size, 1):
            return False
        if following.top >= 0.1 * page.height:
            return True
        line = following
    return False


def compact(text: str) -> str:
    """``text`` without its white space (``str.split`` and ``re``'s ``\\s`` hold the same code
    points white space; this is three times as fast as ``re.sub``, at 5,000 calls a report)."""
    return "".join(text.split())


def flat_text(text: str) -> str:
    """Text compared for repetition: no spaces, doubtful or not, no dashes or hyphens."""
    return re.sub(r"[\s\ue001\ue002\-‐‑–—•]+", "", text)


#: The heading of an Official Records volume's note on symbols, in the six languages.
NOTE_WORDS = {"Note", "Nota", "Примечание", "ملاحظة", "说明", "注"}


def wrapped_organ(lines: list[Line]) -> list[Line]:
    """The lines of an organ's name wrapped over several lines, from the first ("Executive Board
    of the" / "United Nations Development" / …), when the first alone is not a masthead item and
    the lines joined are an organ's name; [] otherwise."""
    for n in range(2, len(lines) + 1):
        if masthead_key(" ".join(l.text.strip() for l in lines[:n])) in ORGAN_KEYS:
            return lines[:n]
    return []


def symbol_fragment(text: str, symbols: list[str]) -> bool:
    """Is ``text`` a piece of the document's symbol, not the symbol ("E / 2 5", "E/25" of
    E/2025/8): its characters, series letters first and a slash, in the symbol's order?"""
    flat = compact(text).rstrip("*")
    for symbol in symbols:
        if len(flat) < 3 or flat == compact(symbol) or "/" not in flat or flat[0] != symbol[0]:
            continue
        rest = iter(symbol)
        if all(c in rest for c in flat):
            return True
    return False


def furniture_kind(text: str, symbols: list[str], page: int, zone: str) -> str | None:
    """What piece of page furniture ``text`` is, or None.  ``zone`` is "head", "foot" or "body":
    where the line sits on its page (a number alone is a folio only in a head or foot)."""
    flat = compact(text)
    if not flat:
        return None
    if JOB_NUMBER.match(flat):
        return "job number"
    if BARCODE.match(flat):
        return "barcode"
    if is_recycling_notice(text):
        return "recycling notice"
    if NOTE_RULE.match(flat):
        return "note rule"
    if zone != "body" and (FOLIO.match(text.strip()) or BARE_NUMBER.match(flat)):
        return "page number"
    if zone != "body":
        for symbol in symbols:
            if flat == compact(symbol):
                return "running head"
    if zone == "body":
        return None
    # A folio and a job number, or a symbol and a folio, side by side on one line.
    parts = [p for p in re.split(r"\s{2,}|\t", text.strip()) if p]
    if len(parts) > 1 and all(furniture_kind(p, symbols, page, zone) for p in parts):
        return "page foot"
    words = text.split()
    if len(words) >= 2 and all(
            FOLIO.match(w) or JOB_NUMBER.match(w) or BARE_NUMBER.match(w) for w in words):
        return "page foot"
    return None


# ------------------------------------------------------------------ blocks

@dataclasses.dataclass
class Piece:
    """Emitted text and where it came from."""

    text: str
    page: int
    line: int
    col: int = 1


@dataclasses.dataclass
class Block:
    kind: str                      # "text", "heading", "note", "cover", "masthead"
    pieces: list[Piece]
    page: int
    line: int
    calls: list[str] = dataclasses.field(default_factory=list)   # note markers called in the block
    marker: str = ""               # a note's marker
    indent: bool = False           # began with a first-line indent or a number (a new paragraph)
    numbered: bool = False
    last_x1: float = 0.0           # right end of the block's last line
    #: Where the text of the block's last line starts, when that line is not its first (the
    #: margin its paragraph's lines keep: under the number, or hanging after it).
    wrap_x0: float | None = None
    bold: bool = False
    size: float = 0.0
    table: list | None = None      # rows of cells, for a table

    @property
    def text(self) -> str:
        return "".join(p.text for p in self.pieces)


@dataclasses.dataclass
class Normalised:
    """The normalised text, where each of its lines came from, and what the source told."""

    name: str
    lines: list[str]
    origins: list[list[Piece]]     # per emitted line: its pieces with their columns in the line
    facts: dict
    tables: dict[str, list]        # placeholder → rows of cells (strings)
    dropped: list[Dropped]
    layouts: list[str] = dataclasses.field(default_factory=list)   # per line: what the layout says it is
    #: placeholder → the table's own notes set under it ("a Including …"): (marker, text)
    table_notes: dict[str, list[tuple[str, str]]] = dataclasses.field(default_factory=dict)

    def source_pos(self, line: int, col: int) -> SourcePos:
        """A position in the normalised text → the page, line on the page and column there."""
        if not 0 < line <= len(self.origins) or not self.origins[line - 1]:
            return SourcePos(self.name, 1, 1)
        best = self.origins[line - 1][0]
        offset = 0
        for piece in self.origins[line - 1]:
            if piece.col <= col:
                best, offset = piece, col - piece.col
        return SourcePos(f"{self.name}#page={best.page}", best.line, max(1, 1 + offset))


# ------------------------------------------------------------------ inline

MARKDOWN_SPECIAL = re.compile(r"([\\`*_<>\[\]#|~])|(&(?=#?\w+;))")


def escape(text: str) -> str:
    """Plain text → CommonMark that reads back as the same text."""
    return MARKDOWN_SPECIAL.sub(lambda m: "\\" + m.group(0), text)


def render_spans(spans: list[Span], block_bold: bool, block_italic: bool, calls: list[str],
                 note_markers: set[str] | None) -> str:
    """Spans → the normalised text of a line: italics as ``*…*``, bold (inside a line that is
    not all bold) as ``**…**``, note calls as superscript digits."""
    spans = cjk_unspaced(spans)
    runs: list[list] = []       # [italic, bold, sup, text]
    for span in spans:
        italic = span.italic and not block_italic
        bold = span.bold and not block_bold
        if runs and not span.sup and not runs[-1][2] and (runs[-1][0], runs[-1][1]) == (italic, bold):
            runs[-1][3] += span.text
        elif runs and not span.sup and not runs[-1][2] and (not span.text.strip(" ,.;:()") or
                                                            ARABIC_MARKS.fullmatch(span.text.strip())):
            runs[-1][3] += span.text          # punctuation, or a vowel mark, takes the style before it
        else:
            runs.append([italic, bold, span.sup, span.text])
    out: list[str] = []
    for index, (italic, bold, sup, text) in enumerate(runs):
        if sup:
            marker, space = text.strip(), text[len(text.rstrip()):]
            # The UN's Arabic documents print a call in parentheses: "(1)".
            marker = re.sub(r"^\((\d{1,3})\)$", r"\1", marker)
            if re.fullmatch(r"\d{1,3}", marker) and (note_markers is None or marker in note_markers):
                calls.append(marker)
                out.append(marker.translate(SUPERSCRIPT) + space)
            elif re.fullmatch(r"\*{1,3}", marker):
                calls.append(marker)
                out.append("\\*" * len(marker) + space)
            elif re.fullmatch(r"[a-pr-z]", marker) and out and out[-1][-1:].isalpha() and \
                    not RAISED_ENDING_OF.search(out[-1]):
                # A table note's letter right after a word ("contingencies" + raised "a" in a
                # table's title): a raised letter, never a letter glued to the word.  After a
                # Roman numeral or a lone letter it ends an ordinal or an abbreviation ("XXIe",
                # "no", "Mme"): letters of the word, as the text has them.
                out.append(RAISED_LETTERS[marker] + space)
            else:
                out.append(escape(text))
            continue
        core = text.strip()
        if not core:
            out.append(text)
            continue
        if italic or bold:
            # Emphasis marks hug the words: spaces and punctuation at either end stay outside
            # ("_The General Assembly_,"), where CommonMark reads them as plain text; an Arabic
            # vowel mark ends its word ("_أيضاً_").
            m = re.match(r"^([\W_]*?)(\w.*[\w\u064b-\u065f\u0670]|\w)([\W_]*)$", text, re.S)
            lead, core, trail = (m.group(1), m.group(2), m.group(3)) if m else ("", core, "")
        else:
            lead, trail = text[: len(text) - len(text.lstrip())], text[len(text.rstrip()):]
        body = escape(core)
        # "_" marks emphasis at word boundaries and never reads as a note marker ("* …") at the
        # start of a block; "*" only inside a word.
        before = runs[index - 1][3][-1:] if index and not lead else " "
        after = runs[index + 1][3][:1] if index + 1 < len(runs) and not trail else " "
        mark = "*" if before.isalnum() or after.isalnum() else "_"
        if italic and re.search(r"\w", core):
            body = f"{mark}{body}{mark}"
        if bold and re.search(r"\w", core):
            body = f"{mark * 2}{body}{mark * 2}"
        out.append(escape(lead) + body + escape(trail))
    # An Arabic vowel or shadda mark is drawn as a run of its own: it belongs to the letter before
    # it, never after a space ("أساسيا ً" is "أساسياً").
    return SPACE_BEFORE_MARK.sub("", "".join(out))


#: Space before an Arabic combining mark (harakat, tanwin, shadda, the superscript alef).
SPACE_BEFORE_MARK = re.compile(r"(?<=[\u0621-\u064a\u0671-\u06d3])\s+(?=[\u064b-\u065f\u0670])")
ARABIC_MARKS = re.compile(r"[\u064b-\u065f\u0670]+")

#: Ideographs and full-width forms, and the quotation marks Chinese text uses (“…”, ‘…’), which
#: a Chinese font sets full width.
CJK_CHAR = "[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef“”‘’]"


@functools.cache
def cjk_gap() -> re.Pattern:
    """A gap beside an ideograph (compiled at its first use, in a Chinese document only: its
    classes of ideographs cost 3 ms to compile, the most of any pattern of a PDF's read)."""
    return re.compile(rf"(?<={CJK_CHAR})[\s\ue001\ue002]+(?={CJK_CHAR}|[A-Za-z0-9])"
                      rf"|(?<=[A-Za-z0-9])[\s\ue001\ue002]+(?={CJK_CHAR})")


#: Numbers in Chinese text: digits with spaces between them.  A space there is a thousands
#: separator ("30 034人") only between groups of three digits; else it is the justification of
#: the line, which spaces every character ("201 9年", "2 3日").
CJK_DIGIT_GAP = re.compile(r"(?<![\d ])\d+(?: \d+)+(?![\d])")


def digits_unspaced(m: re.Match) -> str:
    return m.group(0) if re.fullmatch(r"\d{1,3}(?: \d{3})+", m.group(0)) else m.group(0).replace(" ", "")


def cjk_unspaced(spans: list[Span]) -> list[Span]:
    """Chinese (and Japanese) text is set without spaces: a gap between two ideographs or
    full-width punctuation marks (``，。、《》（）``) is the justification or the punctuation's
    own width, never a space of the text.  Such spaces are removed, inside a run and between two
    runs (a change of font: bold opening words, a quotation mark in another face), and between
    an ideograph and a number or Latin word ("第57/73号": a justified line stretches that gap).
    A space between two Latin words or numbers ("51/45 B号") stays, and one after a note call
    unless the call stands between two Chinese characters.  A
    doubtful gap of the PDF reader (``pdf.MAYBE_SPACE``) beside an ideograph is none."""
    if not any(has_cjk(span.text) for span in spans):
        return spans

    def cjk(ch: str) -> bool:
        return is_cjk(ch) or ch in "“”‘’"

    out = [dataclasses.replace(span, text=CJK_DIGIT_GAP.sub(digits_unspaced, cjk_gap().sub("", span.text)))
           for span in spans]
    for index, (left, right) in enumerate(zip(out, out[1:])):
        if left.sup and index and not out[index - 1].sup:
            # A call between two Chinese characters ("、² 《禁止"): no space after it either, as
            # none would be without it (a full-width mark's blank half is no space).
            before, after = out[index - 1].text.rstrip()[-1:], right.text.lstrip()[:1]
            if before and after and cjk(before) and cjk(after):
                left.text = left.text.rstrip()
            continue
        if left.sup or right.sup:
            continue
        a, b = left.text.rstrip(" \ue001\ue002"), right.text.lstrip(" \ue001\ue002")
        if a and b and (cjk(a[-1]) and (cjk(b[0]) or b[0].isascii() and b[0].isalnum()) or
                        cjk(b[0]) and a[-1].isascii() and a[-1].isalnum()):
            left.text, right.text = a, b
    return out


# ------------------------------------------------------------------ right-to-left lines

ARABIC_LETTER = re.compile(r"[\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufeff]")
LATIN_OR_DIGIT = re.compile(r"[A-Za-z0-9\u00c0-\u024f]")
MIRRORED = str.maketrans("()[]{}<>«»“”", ")(][}{><»«”“")
#: A punctuation mark glued before a number after a space (" ،2014", " .31363") is the mark
#: that ends the number, drawn at its left: Arabic puts a space after "،" and none before it.
MARK_BEFORE_NUMBER = re.compile(r"(^|\s)([،.؛:])(\d[\d/.,:]*\d|\d)(?=\s|$)")
#: What PDFium returns for a run of Latin letters and numbers drawn in a right-to-left line: its
#: pieces (words, numbers, each neutral character) in reverse ("/RES/A" for "A/RES/",
#: "Nations United" for "United Nations").
LTR_PIECE = re.compile(r"[A-Za-z\u00c0-\u024f]+|[.,]?\d+(?:[.,]\d+)*|.", re.S)


def is_rtl(text: str) -> bool:
    """A line (or column) written right to left: more Arabic letters than Latin ones."""
    arabic = len(ARABIC_LETTER.findall(text))
    return arabic > 0 and arabic >= len(re.findall(r"[A-Za-z]", text))


def unreversed(text: str) -> str:
    """A run of Latin letters and numbers as drawn, from PDFium's text of it in a right-to-left
    document (see ``LTR_PIECE``); other text unchanged."""
    core = text.rstrip(" \ue001\ue002")
    if ARABIC_LETTER.search(core) or not LATIN_OR_DIGIT.search(core):
        return text
    return "".join(reversed(LTR_PIECE.findall(core))) + text[len(core):]


def logical_order(line: Line, rtl_page: bool = True) -> Line:
    """A line of an Arabic document in reading order.  A PDF draws a line left to right; Arabic
    is read right to left, with its numbers and Latin words (symbols "A/78/409", dates "1996")
    read left to right inside it (the Unicode bidirectional algorithm, by which the UN's Arabic
    documents are set).  Each column of the line (parts set far apart: the masthead's English
    and Arabic sides) that is right to left is put back in reading order by
    :func:`reading_order`; a line without Arabic is left as it is."""
    if not line.spans or not rtl_page:
        return line
    # A note of Latin text only ("(1) A/78/91.") is still set right to left: its marker, raised,
    # stands at the right end.
    marked_at_right = max(line.spans, key=lambda s: s.x1).sup
    if LONE_NUMBER.fullmatch(line.text.strip()):
        # One number and its marks, the line of a right-to-left paragraph: an item's number ("2 -",
        # drawn "- 2"), the end of a sentence ("32.", which PDFium gives ".32").
        return dataclasses.replace(line, spans=reading_order(line.spans))
    if not ARABIC_LETTER.search(line.text) and not marked_at_right:
        return dataclasses.replace(line, spans=[dataclasses.replace(s, text=unreversed(s.text)) for s in line.spans])
    columns_: list[list[Span]] = [[]]
    for span in line.spans:
        if columns_[-1] and span.x0 - columns_[-1][-1].x1 > 3 * max(min(columns_[-1][-1].size, span.size), 6):
            columns_.append([])
        columns_[-1].append(span)
    spans: list[Span] = []
    for column in columns_:
        text = "".join(s.text for s in column)
        if not is_rtl(text) and not (marked_at_right and column is columns_[-1]):
            spans.extend(dataclasses.replace(s, text=unreversed(s.text)) for s in column)
        else:
            spans.extend(reading_order(raised_runs_joined(column)))
    return dataclasses.replace(line, spans=spans)


#: A line of one number with its marks and no letter: "2 -", "- 2", ".32", "،2014".
LONE_NUMBER = re.compile(r"[-–.،؛:]?\s*\d+(?:[.,:/]\d+)*\s*[-–.،؛:]?")
#: A note call in the line as the bidirectional algorithm sees it: one neutral character (the
#: object replacement character), never part of the number or word beside it.
CALL_MARK = "\ufffc"
#: A symbol or code as drawn: letters and digits joined by "/", ".", "-", ":" ("A/78/409",
#: "C-25/DEC.9"); one with a Latin letter is one left-to-right unit.
SYMBOL_DRAWN = re.compile(r"[A-Za-z\u00c0-\u024f0-9]+(?:[/.\-:][A-Za-z\u00c0-\u024f0-9]+)+")
LATIN_LETTER = re.compile(r"[A-Za-z\u00c0-\u024f]")
#: The gaps ``readers.pdf`` leaves between two runs: a space, or a doubtful one.
GAPS = " \ue001\ue002"


def reading_order(column: list[Span]) -> list[Span]:
    """The runs of a right-to-left column (left to right, as drawn) → pieces of them in reading
    order.

    PDFium gives each run's text in its own guess of reading order: a run holding Arabic in
    logical order (its numbers read left to right), a run of Latin letters and numbers alone in
    reverse ("/RES/A" for "A/RES/", "Nations United" for "United Nations"), a run of neutrals
    alone (brackets, quotation marks, "/", a dash) right to left.  A number or a Latin phrase is often drawn across several
    runs (the "/" of "77/568" in another font, the digits of "2018/10" at the ends of two
    Arabic runs), so no order of whole runs is right: the line is put back as the characters
    drawn, left to right (each run's text in the order it is drawn: the bidirectional algorithm
    applied to it alone), then read by ICU's inverse bidirectional algorithm (visual order to
    logical, "like direct": the inverse of the algorithm by which the line was set), in a
    right-to-left paragraph.  Brackets and double quotation marks at a right-to-left level are
    mirrored glyphs ("(" is drawn as ")", the opening "”" as "“"); a mark PDFium puts before the
    number it ends (" ،2014") is put after it; a raised call is one unit, as drawn ("(1)"); the
    gap between two runs goes where the algorithm puts it, except before a punctuation mark or
    a closing bracket.  A run comes out as one piece or several (the "77" and "المؤرخ" of one
    run on either side of "/568"), each keeping its run's font, size and position."""
    import icu

    chars: list[str] = []           # the line as drawn, left to right
    owners: list[int] = []          # the run of each character; -1 - j for the gap after run j
    cores: list[str] = []
    for j, span in enumerate(column):
        core = span.text.rstrip(GAPS)
        cores.append(core)
        if span.sup:
            shown = CALL_MARK
        elif ARABIC_LETTER.search(core):
            shown = str(_bidi(icu, MARK_BEFORE_NUMBER.sub(r"\1\3\2", core), inverse=False))
        elif LATIN_OR_DIGIT.search(core):
            shown = "".join(reversed(LTR_PIECE.findall(core)))
        else:
            shown = core[::-1]          # neutrals alone (”( of “)): PDFium reads them right to left
        chars.extend(shown)
        owners.extend([j] * len(shown))
        if len(core) < len(span.text):
            chars.append(" ")
            owners.append(-1 - j)
    # A symbol or code of Latin letters with numbers ("S/PRST/2021/5", "C-25/DEC.9") is drawn
    # left to right as one unit (the writer isolates it, as the UN's documents do), which the
    # algorithm alone would cut at its numbers ("2021/5/S/PRST"): it stands as one letter.
    units = [(m.start(), m.end()) for m in SYMBOL_DRAWN.finditer("".join(chars)) if LATIN_LETTER.search(m.group())]
    text, starts, k = [], [], 0
    for start, end in [*units, (len(chars), len(chars))]:
        for i in range(k, start):
            # One character outside the basic plane (two UTF-16 units) stands as U+FFFD, a neutral.
            text.append(chars[i] if len(chars[i].encode("utf-16-le")) == 2 else "\ufffd")
            starts.append((i, i + 1))
        if end > start:
            text.append("A")
            starts.append((start, end))
        k = end
    bidi = _bidi(icu, "".join(text), inverse=True)
    # The characters in reading order, each with its level (odd: drawn right to left, mirrored).
    sequence = [(i, bidi.getLevelAt(u) if b - a == 1 else 0)
                for u in bidi.getVisualMap() for a, b in [starts[u]] for i in range(a, b)]
    pieces: list[list] = []         # [run index, text]
    deferred = ""                   # a gap met before a call: it goes after the call
    for k, (i, level) in enumerate(sequence):
        owner = owners[i]
        if owner < 0:
            gap = column[-1 - owner].text[len(cores[-1 - owner]):]
            after = next(((j, lv) for j, lv in sequence[k + 1:] if owners[j] >= 0 and
                          not column[owners[j]].sup), None)
            following = "" if after is None else chars[after[0]]
            if after is not None and after[1] % 2:
                following = following.translate(MIRRORED)
            nxt = next((j for j, _ in sequence[k + 1:] if owners[j] >= 0), None)
            if following in ("،", "؛", "؟", ".", ":", ")", "]") or not pieces:
                continue                # no space before a punctuation mark, a closing bracket
            if nxt is not None and column[owners[nxt]].sup:
                deferred = gap          # a call follows its word with no space: the space after it
            else:
                pieces[-1][1] += gap
            continue
        if column[owner].sup:
            # A call in brackets, whichever way its glyphs face (a producer that maps a mirrored
            # glyph to the other bracket draws "(17)" as ")17("): "(17)".
            pieces.append([owner, re.sub(r"^[()](\d{1,3})[()]$", r"(\1)", cores[owner]) + deferred])
            deferred = ""
            continue
        char = chars[i].translate(MIRRORED) if level % 2 else chars[i]
        if pieces and pieces[-1][0] == owner:
            pieces[-1][1] += char
        else:
            pieces.append([owner, char])
    texts = facing_brackets([text for _j, text in pieces])
    return [dataclasses.replace(column[j], text=text) for (j, _text), text in zip(pieces, texts)]


#: Each bracket and quotation mark: its kind (the brackets of one kind pair), and a bracket's
#: opening and closing forms.  "“" and "”" are one kind: which of them opens depends on the
#: convention (the UN's Arabic opens with "”" and closes with "“").
BRACKET_KIND = {"(": "(", ")": "(", "[": "[", "]": "[", "{": "{", "}": "{", "«": "«", "»": "«",
                "“": "“", "”": "“", "‘": "‘", "’": "‘"}
#: A quotation mark's closing form, the mirror of its opening one.
QUOTE_CLOSING = {"“": "”", "”": "“", "‘": "’", "’": "‘", "«": "»", "»": "«"}
OPENING = {"(": "(", "[": "[", "{": "{"}
CLOSING = {"(": ")", "[": "]", "{": "}"}
BRACKET_RUN = re.compile("[()\\[\\]{}«»“”‘’]+")


def _in_word(char: str) -> bool:
    return char.isalnum() or unicodedata.category(char) == "Mn"


def facing_brackets(texts: list[str]) -> list[str]:
    """The pieces of a right-to-left line with each bracket and quotation mark facing the way
    the text around it says: a run of them after a word, before a space, a mark or the line's
    end closes; one after a space or the line's start, before a word, opens.

    PDFium mirrors the characters of what it takes for a right-to-left segment of the line,
    judged in the order the glyphs are drawn: of the two brackets around a Latin phrase in
    Arabic text ("(HeForShe)", drawn left to right as ")HeForShe(", whichever character each
    glyph maps to), it mirrors one and not the other, which the bidirectional pass above cannot
    tell ("(HeForShe(").  So a bracket takes the form its place gives it; closing ones close
    what the line opened, innermost first ("(مبادرة ”CATCH(”" → "(مبادرة ”CATCH“)"), a quotation
    mark with the mirror of the one that opened it (a quotation mark that opens, or closes
    nothing opened in the line, is left as it is: its form is the document's convention).  One
    between two words or two spaces, and an empty pair ("()"), are left as they are.  The
    pieces keep their lengths."""
    text = "".join(texts)
    if not BRACKET_RUN.search(text):
        return texts
    out = list(text)
    stack: list[str] = []         # the opening brackets and quotation marks met, as they read
    for match in BRACKET_RUN.finditer(text):
        before = text[match.start() - 1] if match.start() else " "
        after = text[match.end()] if match.end() < len(text) else " "
        run = match.group()
        if any(opening + closing in run for opening, closing in CLOSING.items()):
            continue                    # an empty pair, "()", as the text has it
        if _in_word(before) and not _in_word(after):
            closing: list[tuple[int, str]] = []       # (where its opening one stands, form)
            for char in run:
                kind = BRACKET_KIND[char]
                opened = next((k for k in range(len(stack) - 1, -1, -1) if stack[k] and BRACKET_KIND[stack[k]] == kind), -1)
                if opened >= 0:
                    opening = stack[opened]
                    form = CLOSING.get(opening) or QUOTE_CLOSING[opening]
                    stack[opened] = ""          # closed (kept in place: positions stay)
                else:
                    form = CLOSING.get(kind, char)
                closing.append((opened, form))
            closing.sort(key=lambda c: -c[0])   # innermost first; those opened before the line last
            out[match.start():match.end()] = [form for _opened, form in closing]
            while stack and not stack[-1]:
                stack.pop()
        elif not _in_word(before) and _in_word(after):
            for k, char in enumerate(run):
                out[match.start() + k] = OPENING.get(BRACKET_KIND[char], char)
                stack.append(out[match.start() + k])
    joined, pieces, start = "".join(out), [], 0
    for piece in texts:
        pieces.append(joined[start:start + len(piece)])
        start += len(piece)
    return pieces


def _bidi(icu, text: str, inverse: bool):
    """ICU's bidirectional algorithm over ``text`` in a right-to-left paragraph: forward (the
    text as drawn, without mirroring: a run's text holds the glyphs drawn), or inverse (the
    ``icu.Bidi`` object, read through its visual map and levels)."""
    bidi = icu.Bidi()
    if inverse:
        bidi.setReorderingMode(icu.UBiDiReorderingMode.INVERSE_LIKE_DIRECT)
    bidi.setPara(icu.UnicodeString(text), 1)
    return bidi if inverse else bidi.writeReordered(0)


def raised_runs_joined(column: list[Span]) -> list[Span]:
    """Runs of one raised call drawn in pieces ("(", "1", ")") as one run, with their text in
    the order drawn and no space inside it."""
    out: list[Span] = []
    for span in column:
        if span.sup and out and out[-1].sup and span.x0 - out[-1].x1 < max(span.size, 1):
            last = out[-1]
            text = last.text.strip() + span.text.strip()
            out[-1] = dataclasses.replace(last, text=text + span.text[len(span.text.rstrip()):], x1=span.x1)
        else:
            out.append(span)
    return out


def join_lines(previous: str, line: str, language: str | None = None) -> str:
    """The separator between two lines of one paragraph: none after a hyphen that joins a
    compound word (the UN does not hyphenate words at line ends), none in CJK, else a space.
    A line may also break after an em dash, whose spacing is the language's: English sets it
    closed ("the Organization—its"); Spanish sets the dashes of an aside against the aside
    ("inteligencia artificial —que, […]— de"): a dash after a space opens one, a dash after a
    word closes one; French and Russian space it on both sides."""
    if not previous:
        return ""
    # A range's en dash ("2010–2018") is set without spaces, so a line may break after it too.
    if previous.endswith(("-", "‑", "/", "–")) and not previous.endswith((" -", " –")) and line[:1].isalnum():
        return ""
    if previous.endswith("—") and line[:1].isalnum():
        opening = previous[-2:-1].isspace()
        if language == "es" and opening or language == "en" and not opening:
            return ""
    # Chinese breaks a line anywhere, never at a space: no space where either side is CJK
    # ("1998" + "年"), only between two Latin words or numbers (an emphasis mark aside).
    last, first = previous.rstrip("*_")[-1:], line.lstrip("*_")[:1]
    if last and first and (is_cjk(last) or is_cjk(first)):
        return ""
    return "" if previous.endswith(" ") else " "


def is_cjk(ch: str) -> bool:
    o = ord(ch)
    return 0x2E80 <= o <= 0x9FFF or 0xF900 <= o <= 0xFAFF or 0xFF00 <= o <= 0xFFEF


#: The first character ``is_cjk`` holds true of: a text whose greatest character is below it holds
#: none (one ``max`` in C), so the pattern of them, 2 ms to compile, is compiled only for a text
#: that may hold one.
FIRST_CJK = "\u2e80"


@functools.cache
def cjk_any() -> re.Pattern:
    """A character ``is_cjk`` holds true of, found by one search rather than a call per character."""
    return re.compile("[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef]")


def has_cjk(text: str) -> bool:
    """Whether ``text`` holds a character ``is_cjk`` holds true of: looked for character by
    character only in a text holding one above :data:`FIRST_CJK` (an ideograph, or the private
    marks of a doubtful gap, ``pdf.MAYBE_SPACE``), and then found at its first ideograph."""
    return max(text, default="") >= FIRST_CJK and any(map(is_cjk, text))


def cjk_count(text: str) -> int:
    """How many characters of ``text`` ``is_cjk`` holds true of."""
    return len(cjk_any().findall(text)) if max(text, default="") >= FIRST_CJK else 0


# ------------------------------------------------------------------ masthead

LANGUAGE_NAMES = {name.lower(): code for lang in LANGUAGES.values()
                  for code, name in lang.language_names.items()}


def masthead_key(text: str) -> str:
    """A masthead word as compared: case and spacing aside, and without the tatweel (U+0640) that
    Arabic typesetting stretches words with ("الأمــم المتحـدة" is "الأمم المتحدة")."""
    return re.sub(r"\s+", " ", text.replace("\u0640", "")).strip().casefold()


UN_NAMES = {masthead_key(lang.united_nations) for lang in LANGUAGES.values()}
ORGAN_NAMES = ORGAN_BY_NAME     # every organ's masthead name in the six languages, former names too
ORGAN_KEYS = {masthead_key(name): name for name in ORGAN_NAMES}
#: The UN prints its name and the organ's at the head of page 1 in the language of the document
#: ("Nations Unies / Assemblée générale", "联合国 / 大会", "الأمم المتحدة / الجمعية العامة"): the
#: masthead tells the language even of a document too short to tell it from its text.
MASTHEAD_LANGUAGE = {**{masthead_key(name): code for organ in ORGANS.values() for code, name in organ.former_names},
                     **{masthead_key(name): lang.code for lang in LANGUAGES.values()
                        for name in (lang.united_nations, *lang.organs.values())}}


#: Month names of masthead dates in the official languages written with month names.
MONTHS = {name: number for number, names in enumerate((
    "january janvier enero января январь",
    "february février febrero февраля февраль",
    "march mars marzo марта март",
    "april avril abril апреля апрель",
    "may mai mayo мая май",
    "june juin junio июня июнь",
    "july juillet julio июля июль",
    "august août agosto августа август",
    "september septembre septiembre setiembre сентября сентябрь",
    "october octobre octubre октября октябрь",
    "november novembre noviembre ноября ноябрь",
    "december décembre diciembre декабря декабрь"), 1) for name in names.split()}


def masthead_date(text: str) -> str | None:
    """A masthead date ("21 December 2023", "1er décembre 2023", "11 de octubre de 2024",
    "21 декабря 2023 года", "2023年12月21日") → ISO 8601; None when the text is not a date.
    (``readers.text.parse_date`` reads the same; this one stays out of that module's import.)"""
    m = re.fullmatch(r"(\d{1,2})(?:er)?\s+(?:de\s+)?([^\W\d_]+?)\s*(?:de\s+)?(\d{4})(?:\s+года)?", text.strip())
    if m and m[2].lower() in MONTHS:
        return f"{int(m[3]):04d}-{MONTHS[m[2].lower()]:02d}-{int(m[1]):02d}"
    m = re.fullmatch(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日", text.strip())
    if m:
        return f"{int(m[1]):04d}-{int(m[2]):02d}-{int(m[3]):02d}"
    return None


def language_of_text(text: str) -> str | None:
    """The official language a text is written in, from its script and its commonest words;
    None when the evidence is too thin (never a guess)."""
    letters = [c for c in text if c.isalpha()]
    if len(letters) < 200:
        return None
    joined = "".join(letters)
    scripts = {"ar": len(re.findall("[\u0600-\u06ff]", joined)), "zh": cjk_count(joined),
               "ru": len(re.findall("[\u0400-\u04ff]", joined))}
    scripts["latin"] = len(letters) - sum(scripts.values())
    script, count = max(scripts.items(), key=lambda item: item[1])    # over 60 %: no tie
    if count < 0.6 * len(letters):
        return None
    if script != "latin":
        return script
    words = Counter(re.findall(r"[a-zàâçéèêëîïôûùüÿñáíóú]+", text.lower()))
    votes = {
        "en": sum(words[w] for w in ("the", "of", "and", "to", "in", "that", "is", "for", "with")),
        "fr": sum(words[w] for w in ("le", "la", "les", "des", "et", "du", "que", "dans", "pour")),
        "es": sum(words[w] for w in ("el", "los", "las", "del", "y", "que", "en", "por", "para")),
    }
    ranked = sorted(votes.items(), key=lambda kv: -kv[1])
    if ranked[0][1] >= 20 and ranked[0][1] >= 2 * ranked[1][1]:
        return ranked[0][0]
    return None


# ------------------------------------------------------------------ the normaliser

#: A draft's sponsor line ("Argentina, Brazil and Chile: draft resolution", "…: revised draft
#: decision", "Draft resolution submitted by the Chair") in the six official languages.
SPONSOR_LINE = re.compile(
    r"^(?:.+:\s*(?:revised\s+)?draft\s+(?:resolutions?|decisions?)|(?:Revised\s+)?[Dd]raft\s+(?:resolution|decision)s?"
    r"\s+(?:submitted|proposed)\s+by\s.+|.+\s*:\s*(?:projet|projets) de (?:résolution|décision)(?: révisé)?"
    r"|.+\s*:\s*proyecto(?: revisado)? de (?:resolución|decisión)|.+\s*:\s*(?:пересмотренный )?проект (?:резолюции|решения)"
    r"|.+\s*:\s*مشروع (?:قرار|مقرر)(?: منقح)?|.+[:：]\s*(?:订正)?(?:决议|决定)草案)$")
#: A record's meeting line ("12th plenary meeting", "5th meeting", "9876th meeting").
MEETING_LINE = re.compile(r"^\d{1,5}(?:st|nd|rd|th)\s+(?:plenary\s+)?meeting$|^\d{1,5}(?:e|re)\s+séance(?: plénière)?$"
                          r"|^\d{1,5}\.ª\s+sesión(?: plenaria)?$|^\d{1,5}-е\s+(?:пленарное\s+)?заседание$")
#: The first line of a record's body, which ends its cover.
CALLED_TO_ORDER = re.compile(r"^(?:The meeting was (?:called to order|resumed|opened)|La séance est (?:ouverte|reprise)|"
                             r"Se (?:abre|reanuda) la sesión|Заседание (?:открывается|возобновляется)|"
                             r"(?:افتتحت|استؤنفت) الجلسة)|^(?:上午|下午)\s*\d{1,2}\s*时(?:\s*\d{1,2}\s*分)?(?:开会|复会)")


#: The words of one letter of the UN's alphabetic languages (English, French, Spanish, Russian).
ONE_LETTER_WORDS = {"a", "I", "y", "à", "o", "и", "в", "к", "с", "у", "о", "а", "я"}


class PageNormaliser:
    """Pages in, normalised text out (see the module docstring)."""

    def __init__(self, name: str, reporter: Reporter, layout: bool) -> None:
        self.name, self.reporter, self.layout = name, reporter, layout
        self.dropped: list[Dropped] = []
        self.facts: dict = {}
        self.symbols: list[str] = []
        self.blocks: list[Block] = []
        self.notes: list[Block] = []
        self.tables: dict[str, list] = {}
        self.table_notes: dict[str, list[Block]] = {}
        self.open_table: Block | None = None        # the table whose notes may follow
        self.table_note_line: Line | None = None    # the last line read as a table note's
        self.sample: list[str] = []
        self.masthead_lines: list = []
        self.sampled = 0            # characters of text kept to tell the language

    def pos(self, page: int, line: int, col: int = 1) -> SourcePos:
        return SourcePos(f"{self.name}#page={page}", line, col)

    # -- whole document ------------------------------------------------------
    def run(self, pages) -> Normalised:
        pages = list(pages)     # one pass over the PDF; the lines are kept (the size of the text)
        if self.layout:
            columns = None
            for page in pages:
                page.lines, columns = two_column_order(page, columns)
        body_size, left = self.measure(pages)
        self.body_size, self.left = body_size, left
        self.number_x = self.paragraph_number_x(pages) if self.layout else None
        self.line_pitch = self.measure_pitch(pages)
        for page in pages:
            self.read_page(page)
        self.check_note_sequence()
        self.decide_doubtful_spaces()
        lines, origins, layouts = self.emit()
        sample = " ".join(self.sample)
        self.facts.setdefault("language", self.masthead_language() or language_of_text(sample))
        notes = {key: [(note.marker, note.text.strip()) for note in blocks]
                 for key, blocks in self.table_notes.items() if blocks}
        return Normalised(self.name, lines, origins, self.facts, self.tables, self.dropped, layouts, notes)

    def measure(self, pages: list[Page]) -> tuple[float, float]:
        """The size of the running text and the left edge of its lines (the commonest ones)."""
        sizes: Counter = Counter()
        lefts: Counter = Counter()
        for page in pages:
            for line in page.lines:
                if line.size:
                    sizes[line.size] += len(line.text)
        body = sizes.most_common(1)[0][0] if sizes else 0.0
        for page in pages:
            for line in page.lines:
                if line.size and abs(line.size - body) < 0.6:
                    lefts[round(line.x0)] += 1
        # The left edge of the text: the leftmost position that many lines share (first lines of
        # paragraphs are indented, so the commonest one may be the indent).
        top = lefts.most_common(1)[0][1] if lefts else 0
        frequent = sorted(x for x, n in lefts.items() if n >= 0.3 * top and n >= 2)
        left = frequent[0] if frequent else (lefts.most_common(1)[0][0] if lefts else 0.0)
        return body, float(left)

    def paragraph_number_x(self, pages: list[Page]) -> float | None:
        """Where the document sets its paragraph numbers ("1.", "2." …): the commonest left edge
        of the lines that open with one.  A report hangs them in the margin of its text, a
        resolution indents them; a numbered line set further right than the document's own
        numbers is an item of a list a paragraph holds (an agenda, a quoted decision's paragraphs)."""
        edges: Counter = Counter()
        for page in pages:
            for line in page.lines:
                if PARAGRAPH_NUMBER_ONLY.match(line.text.strip()) and not line.bold and \
                        abs(line.size - self.body_size) < 0.6:
                    edges[round(line.x0 / 4)] += 1      # 4-point buckets: numbers of one column
        if not edges:
            return None
        bucket, count = edges.most_common(1)[0]
        return min(line.x0 for page in pages for line in page.lines
                   if round(line.x0 / 4) == bucket and PARAGRAPH_NUMBER_ONLY.match(line.text.strip())) \
            if count >= 3 else None

    def masthead_language(self) -> str | None:
        """The language the masthead is printed in: the organ's name, and the UN's name if it is
        there too, in one language (the UN's name alone is too little to tell)."""
        organ, un = self.facts.get("organ_language"), self.facts.get("un_name_language")
        return organ if organ and un in (None, organ) else None

    def measure_pitch(self, pages: list[Page]) -> float:
        """The document's line pitch: the baseline step between two lines of running text of
        one paragraph (the smallest frequent step, never less than the size).  It is set by the
        script, not only by the size: the UN sets Latin and Cyrillic text at about 1.2 × its
        size, Chinese and Arabic with more leading (10.5 pt type on 17 pt in Chinese), so "a step
        larger than a line" is measured, not assumed."""
        if not self.layout:
            return 0.0
        steps: Counter = Counter()
        for page in pages:
            body = [l for l in page.lines if l.size and abs(l.size - self.body_size) < 0.3]
            for above, below in zip(body, body[1:]):
                step = round(below.bottom - above.bottom)
                if self.body_size <= step < 3 * self.body_size:    # type is never set tighter than solid
                    steps[step] += 1
        if not steps:
            return 0.0
        # The smallest frequent step: in a short document the steps between paragraphs (half a
        # line more) may outnumber those inside them.
        top = steps.most_common(1)[0][1]
        return float(min(step for step, n in steps.items() if n >= max(2, 0.3 * top) or n == top))

    # -- one page ------------------------------------------------------------
    def zone(self, page: Page, line: Line, index: int, lines: list[Line]) -> str:
        """Where a line sits: "head", "foot", "body", or "margin" (set vertically: the running
        head, folio and job number of a landscape page, or a figure's axis label)."""
        if self.layout:
            if line.spans and all(s.rotated for s in line.spans):
                return "margin"
            if line.top < 0.1 * page.height:
                return "head"
            if line.top > 0.88 * page.height:
                return "foot"
            return "body"
        if index < 3:
            return "head"
        if index >= len(lines) - 4:
            return "foot"
        return "body"

    def drop(self, page: int, line: Line, why: str) -> None:
        self.dropped.append(Dropped(page, line.number, line.text.strip(), why))
        job = re.match(r"^\s*(\d{2})\s*-\s*(\d{5})\s*\*?\s*(\([A-Z]\))?", line.text)
        if why in ("job number", "page foot") and job and "job_number" not in self.facts:
            # The UN's job number of this language version: "23-25871 (E)" on the first page.
            self.facts["job_number"] = f"{job[1]}-{job[2]}" + (f" {job[3]}" if job[3] else "")
        self.reporter.info("furniture-dropped", f"{why} “{line.text.strip()[:60]}” dropped",
                           self.pos(page, line.number, 1))

    def read_page(self, page: Page) -> None:
        lines = [l for l in page.lines if l.text.strip()]
        if self.layout:
            rtl = is_rtl("".join(l.text for l in lines))
            lines = [logical_order(l, rtl) for l in lines]
            self.rtl_page = rtl
        if page.number == 1 and self.layout and not self.top_of_page(page, lines)[0]:
            self.without_masthead(page, lines)
        elif page.number == 1:
            self.cover_text = flat_text(" ".join(l.text for l in lines))
            lines = self.masthead(page, lines)
            lines = self.cover(page, lines)
        elif self.layout:
            self.check_same_document(page, lines)
            lines = self.front_matter(page, lines)
            if not lines:
                return
        elif not self.layout:
            # A text extract's page head: the symbol, the running title, the folio and job
            # number, in some order; everything up to the last of them is the running head.
            last = max((i for i, l in enumerate(lines[:8])
                        if furniture_kind(l.text, self.symbols, page.number, "head")), default=-1)
            # A short page's foot (its folio, job number) may be among its first eight lines: the
            # head ends before the page's first line of text (a paragraph's number, a line that
            # ends a clause, not with a contents entry's leader dots), which a running title never is.
            text = next((i for i, l in enumerate(lines[:last]) if not furniture_kind(
                l.text, self.symbols, page.number, "head") and (
                starts_numbered(l.text.strip()) or re.fullmatch(r"\d{1,3}\.|\([a-z]{1,3}\)", l.text.strip())
                or l.text.rstrip().endswith((".", ";", ",")) and not re.search(r"(?:\.\s?){3,}$", l.text.rstrip()))), None)
            if text is not None:
                last = max((i for i, l in enumerate(lines[:text])
                            if furniture_kind(l.text, self.symbols, page.number, "head")), default=-1)
            for line in lines[: last + 1]:
                self.drop(page.number, line, furniture_kind(line.text, self.symbols, page.number, "head")
                          or "running head")
            lines = lines[last + 1:]
        body: list[Line] = []
        notes: list[Line] = []
        in_notes = False
        for index, line in enumerate(lines):
            if self.layout and line.size and line.size < 3:
                self.drop(page.number, line, "hidden text")
                continue
            zone = self.zone(page, line, index, lines)
            kind = furniture_kind(line.text, self.symbols, page.number, zone)
            if kind is None and self.layout and page.number > 1 and zone == "head" and \
                    line.size and line.size < 0.95 * self.body_size and not opens_body(line, index, lines, page):
                kind = "running head"
            if kind is None and not self.layout and page.number > 1 and zone == "head" and \
                    self.is_running_title(line.text):
                kind = "running head"
            if kind == "page number" and not self.layout and index and BARE_LEADER.search(lines[index - 1].text):
                kind = None     # a contents entry's page number, on a line of its own (contents_lines)
            if kind is None and self.layout and zone == "foot" and len(line.spans) > 1 and \
                    all(furniture_kind(s.text, self.symbols, page.number, zone) for s in line.spans
                        if s.text.strip() and not re.fullmatch(r"[-/ ]+", s.text.strip())):
                kind = "page foot"
            if kind == "note rule":
                in_notes = True
                self.drop(page.number, line, kind)
                continue
            if kind:
                self.drop(page.number, line, kind)
                continue
            if not in_notes and self.starts_note_area(page, line, lines[index:]):
                in_notes = True
            (notes if in_notes else body).append(line)
        # The notes at this page's foot: a raised number in the text is the call of one of them;
        # any other raised number (km², 1st) is not a call.
        self.page_notes = {m for m, _ in (note_marker(l, self.layout) for l in notes) if m}
        self.page_notes |= {"*", "**", "***"}
        self.read_body(page, body)
        self.read_notes(page, notes)

    def front_matter(self, page: Page, lines: list[Line]) -> list[Line]:
        """An Official Records volume's pages between its cover and its body: the inner title
        page (the masthead "General Assembly / Official Records / … Supplement No. 38", the title
        and sessions of the cover again, the imprint "United Nations • New York, 2025") and the
        page of the "Note" on symbols with the ISSN.  Before any body text, a page of no numbered
        paragraph whose lines mostly repeat the cover is the inner title page: the repeated lines
        are dropped (listed as furniture), the others are front matter; a page that opens with
        "Note" is front matter.  Front matter goes to the preface, never to the body.  Returns
        the lines left for the body."""
        if any(b.kind != "cover" for b in self.blocks) or not lines:
            return lines
        first = next((i for i, l in enumerate(lines[:4]) if not furniture_kind(
            l.text, self.symbols, page.number, self.zone(page, l, i, lines)) and not (
            self.zone(page, l, i, lines) == "head" and l.size and l.size < 0.95 * self.body_size)), None)
        dated = lines[first].text.strip() if first is not None else ""
        if re.fullmatch(r"\[[^\[\]]{6,40}\]", dated) and masthead_date(dated[1:-1]):
            # The report's date in brackets, set right above its contents ("[28 March 2025]"):
            # front matter, not the body's first paragraph.
            line = lines.pop(first)
            line.cover, line.cover_continues = "front", False
            self.add_cover_line(page, line)
        if not lines or len(lines) > 25 or any(PARAGRAPH_NUMBER_ONLY.match(l.text.strip()) for l in lines):
            return lines
        cover = getattr(self, "cover_text", "")
        parts = [[flat_text(p) for p in split_columns(l)] for l in lines]
        repeated = [bool(cover) and all(p and p in cover for p in line_parts) for line_parts in parts]
        title_page = sum(repeated) >= 3 and sum(repeated) >= 0.6 * len(lines)
        note_page = flat_text(lines[0].text).rstrip(":") in NOTE_WORDS and len(lines) <= 12
        if not title_page and not note_page:
            return lines
        previous: Line | None = None
        for line, again in zip(lines, repeated):
            if title_page and again:
                self.drop(page.number, line, "title page repeated")
                continue
            line.cover = "front"
            # The lines of one paragraph run on at the line pitch, from the same margin.
            line.cover_continues = previous is not None and abs(line.size - previous.size) < 0.6 and \
                0 < line.bottom - previous.bottom <= 1.45 * max(line.size, 1) and line.x0 <= previous.x0 + 2
            self.add_cover_line(page, line)
            previous = line
        self.reporter.info("front-matter", ("the inner title page" if title_page else "a page of front matter")
                           + " read into the preface", self.pos(page.number, lines[0].number))
        return []

    def is_running_title(self, text: str) -> bool:
        """A text extract's running head: the symbol, with the title or not."""
        flat = compact(text)
        return any(compact(s) in flat for s in self.symbols if s) and len(flat) < 200

    def starts_note_area(self, page: Page, line: Line, rest: list[Line]) -> bool:
        """A note body at the page foot without a rule (a rule drawn as a line or an image, not
        as text): a smaller line opening with a raised marker, with only smaller lines or page
        furniture under it (the first page's job number is set in text size under its notes)."""
        if not self.layout and getattr(line, "opens_notes", False):
            return True     # the extract reader found the notes of a page without a rule
        if not self.layout:
            # Without layout, an asterisk note under the text of a page whose text calls it
            # ("Report of the Secretary-General*" … "* The present report was submitted late").
            # Only notes and furniture under it: a few lines, none opening a numbered paragraph
            # (an extract whose pages were not told apart runs on into the next page's text).
            star = re.match(r"^(\*{1,3})\s+\S", line.text.strip())
            return bool(star) and len(rest) <= 12 and not any(starts_numbered(l.text.strip()) for l in rest) \
                and any(
                re.search(rf"[^\s*]{re.escape(star[1])}(?!\*)", above.text)
                for above in page.lines if above.number < line.number)
        if not line.spans:
            return False
        first = line.spans[0]
        # An asterisk note's marker is often set in roman, at the note's size ("* Reissued …").
        opens = first.sup or bool(re.match(r"^\s*\*{1,3}(?:\s|$)", first.text))
        return opens and line.size and line.size < 0.92 * self.body_size and all(
            (l.size or 0) < 0.92 * self.body_size or furniture_kind(
                l.text, self.symbols, page.number, self.zone(page, l, 0, rest)) for l in rest)

    # -- masthead ------------------------------------------------------------
    def top_of_page(self, page: Page, lines: list[Line]) -> tuple[str | None, list[str], str | None]:
        """What the top fifth of a page shows: "un" when it names the United Nations, "organ" when
        an organ only (an Official Records cover), None when neither, in a line at least of the
        running text's size (a running title in small print may name an organ: "… of the General
        Assembly"); the symbols printed there; and the language of the UN's name."""
        masthead: str | None = None
        symbols: list[str] = []
        language: str | None = None
        for line in lines:
            if line.top >= 0.2 * page.height:
                break
            for part in split_columns(line):
                flat = compact(part.strip().rstrip("*"))
                if is_symbol(flat) or split_joint(flat):
                    symbols.append(spaced_symbol(flat))
                if line.size < 0.95 * self.body_size:
                    continue
                # (A right-to-left line may come in visual order, its words reversed.)
                keys = {masthead_key(part.strip()), masthead_key(" ".join(reversed(part.split())))}
                un = next((key for key in keys if key in UN_NAMES), None)
                if un is not None:
                    masthead, language = "un", MASTHEAD_LANGUAGE.get(un)
                elif keys & ORGAN_KEYS.keys():
                    masthead = masthead or "organ"
        return masthead, symbols, language

    def without_masthead(self, page: Page, lines: list[Line]) -> None:
        """The first page has no masthead: the file starts inside a document (pages cut out of
        it).  Its symbol is the one its running head prints, if any; nothing else of its
        identity (date, organ, session, title) is guessed."""
        symbols = self.top_of_page(page, lines)[1]
        self.facts["masthead"] = False
        if symbols:
            self.symbols = split_joint(symbols[0]) or [symbols[0]]
            self.facts["symbol"] = symbols[0]
            self.facts["symbols"] = self.symbols
        self.reporter.warning(
            "masthead-missing",
            "the first page has no masthead (no “United Nations” or organ name at its top): the file "
            "starts inside a document, all of it is read as body" +
            (f"; its symbol {symbols[0]} is read from the running head" if symbols else "") +
            "; its date, session and title are unknown",
            self.pos(page.number, lines[0].number if lines else 1),
            "build the whole document as published for its full identity")

    def check_same_document(self, page: Page, lines: list[Line]) -> None:
        """A later page opening with the masthead of another symbol, or the UN's name in another
        language, begins another document (two PDFs joined into one file, or two language versions):
        one document is never read out of two.  A page that also prints this document's own symbol
        at its head (the running head a document's first page never has) is a page of this
        document whose annex reproduces another's masthead: a letter transmitting a report."""
        masthead, symbols, language = self.top_of_page(page, lines)
        if masthead != "un" or not self.symbols:
            return
        own = [s for s in symbols if s in self.symbols or s == self.facts.get("symbol")]
        other = [s for s in symbols if s not in own]
        if own and other:
            self.reporter.info("annexed-document-masthead",
                               f"page {page.number} reproduces the masthead of {other[0]} under the running head "
                               f"of {own[0]}: read as part of {self.facts.get('symbol')} (an annex)",
                               self.pos(page.number, lines[0].number))
            return
        first_language = self.facts.get("un_name_language")
        if other or symbols and language and first_language and language != first_language:
            from ..diagnostics import SourceError
            what = other[0] if other else f"{symbols[0]} in {LANGUAGES[language].name_en}" \
                if language in LANGUAGES else symbols[0]
            raise SourceError(
                f"page {page.number} begins another document ({what}) after {self.facts.get('symbol')}: "
                "the file holds more than one document", self.pos(page.number, lines[0].number),
                f"split it and build each document alone, e.g. qpdf --empty --pages {self.name} "
                f"1-{page.number - 1} -- first.pdf")

    def masthead(self, page: Page, lines: list[Line]) -> list[Line]:
        """Read the identity of the document from the first page's masthead and drop its lines
        (they are emitted again in the normalised order).  Returns the other lines."""
        limit = 0.2 * page.height if self.layout else None
        segments: list[tuple[Line, str]] = []
        rest: list[Line] = []
        organ_line: Line | None = None      # the last line of the organ's name, which may wrap below the zone
        wrapped: list[Line] = []            # a text extract's lines of an organ's name that wraps
        other: list[tuple[Line, str]] = []   # parts of the masthead that are not an item it knows
        for index, line in enumerate(lines):
            if any(line is l for l in wrapped):
                continue
            if not self.layout and index < 16 and "organ_names" not in self.facts and \
                    (wrapped := wrapped_organ(lines[index: index + 6])):
                # "Executive Board of the" / "United Nations Development" / … on five lines.
                self.masthead_item(" ".join(l.text.strip() for l in wrapped))
                segments.append((line, self.facts["organ_names"][0]))
                continue
            in_zone = (line.top < limit) if self.layout else index < 12 and not self.facts.get("masthead_done")
            if self.layout and not in_zone and organ_line is not None and organ_line.size == line.size and \
                    organ_line.bold == line.bold and abs(organ_line.x0 - line.x0) < 2 and \
                    0 <= line.top - organ_line.bottom < 0.8 * line.size:
                in_zone = True      # the organ's name goes on ("… and the United" / "Nations Office for …")
            if not self.layout and index < 16 and symbol_fragment(line.text, self.symbols):
                # "E / 2 5" under the masthead: the PDF's hidden copy of its symbol, which only its
                # layout (a size under 3 points) tells; a text extract prints it.
                self.drop(page.number, line, "hidden copy of the symbol")
                continue
            if not in_zone:
                rest.append(line)
                continue
            parts = split_columns(line) if self.layout else [p for p in re.split(r"\s{3,}", line.text.strip()) if p]
            recognised = []
            for part in parts:
                recognised.append(self.masthead_item(part))
            if self.layout or any(recognised):
                for part, ok in zip(parts, recognised):
                    if ok:
                        segments.append((line, part))
                    elif self.layout:
                        segments.append((line, part))
                        other.append((line, part))
                        if line.x0 < 0.4 * page.width:
                            organ_line = line
                if not all(recognised) and not self.layout:
                    rest.append(line)
            else:
                rest.append(line)
                if self.facts.get("symbol"):
                    self.facts["masthead_done"] = True
        if other and "organ_names" not in self.facts:
            self.facts["organ_names"] = [" ".join(part for _, part in other)]
        elif other:
            # The organ is known: what else the masthead holds is not an item it can place.  It
            # stays out of the body (it is the masthead's), so the user is told.
            line = other[0][0]
            self.reporter.report(
                Level.WARNING, "masthead-text-unread",
                "the masthead holds text that is not one of its items (symbol, organ, distribution, "
                "date, original language): " + "; ".join(f"“{part.strip()[:60]}”" for _, part in other) +
                " is not in the document",
                self.pos(page.number, line.number, 1),
                "if it is part of the organ's name or the title, report the document so the masthead "
                "reader learns its form", dropped=" ".join(part for _, part in other))
        self.masthead_lines = segments
        return rest

    def cjk_heading_ends(self, last: Block, previous: Line, line: Line) -> bool:
        """A Chinese heading's line that ends short of the measure, with a heading's line at its
        margin after it, ends that heading: Chinese wraps at any character, so a wrapped line
        runs to the measure ("一. 代表和全权证书", then "第1条", then "代表团的组成", set at the
        line pitch in our PDF of 78/128, are three headings, not one)."""
        if not (self.layout and last.kind == "heading" and last.bold) or getattr(self, "rtl_page", False):
            return False
        first = line.text.lstrip()[:1]
        if not (first and is_cjk(first) and has_cjk(previous.text)):
            return False
        size = max(s.size for s in line.spans)
        return abs(line.x0 - previous.x0) < 2 and previous.x1 + 2 * size < self.page_right

    def masthead_item(self, text: str) -> bool:
        """Record what a masthead item tells; False when it is not a masthead item."""
        t = text.strip().rstrip("*").strip()
        flat = compact(t)
        key = masthead_key(t)
        if key in UN_NAMES:
            self.facts.setdefault("un_name", t)
            self.facts.setdefault("un_name_language", MASTHEAD_LANGUAGE[key])
            return True
        joint = split_joint(flat)
        if joint or is_symbol(flat):
            symbols = [spaced_symbol(s) for s in joint or [flat]]
            if not self.symbols:
                self.symbols = symbols
                self.facts["symbol"] = "-".join(symbols)
                self.facts["symbols"] = symbols
            return True
        if key in ORGAN_KEYS:
            self.facts.setdefault("organ_names", []).append(t)
            self.facts.setdefault("organ_language", MASTHEAD_LANGUAGE[key])
            return True
        from .text import OFFICIAL_RECORDS
        if t.startswith(("Distr", "Distribution")) or t in OFFICIAL_RECORDS:      # a verbatim record's
            self.facts.setdefault("distribution", t)
            return True
        date = masthead_date(t)
        if date and "date" not in self.facts:
            self.facts["date"] = date
            self.facts["date_text"] = t
            return True
        m = re.match(r"^(?:Original|Originale?|Оригинал|الأصل)\s*:\s*(?P<lang>.+)$", t)
        if m:
            code = LANGUAGE_NAMES.get(m["lang"].strip().lower())
            if code:
                self.facts["original_language"] = code
            self.facts["original_text"] = t
            return True
        if t.lower() in LANGUAGE_NAMES:
            self.facts.setdefault("language_line", t)
            return True
        return False

    def cover(self, page: Page, lines: list[Line]) -> list[Line]:
        """Mark the cover lines of the first page, under the masthead, with what each is
        (``Line.cover``: "session", "sessionDates", "agendaItem", "agendaTitle", "title",
        "subtitle", "summary"), by the UN's layout of a cover, in any language:

        * a block set at the page's left margin, left of the text column, in text size: the
          session in bold (a joint document: one column per organ, its name and its session or
          year in bold), then in roman the session's dates and the agenda item, then the agenda
          item's titles in bold (a sub-item's indented); a title that wraps runs on at the same
          margin from a line that reached the column's right edge;
        * in the text column, the document's title: bold lines in the largest size of the cover,
          one line pitch apart; then its subtitle ("Report of the Secretary-General", the
          session's dates), bold, smaller or further apart;
        * the summary box: a line of its own set left of the text column ("Summary", in italics),
          whose text runs to the document's first heading or numbered paragraph.

        Ends at the first line of the body (roman text in the text column, a numbered heading
        hanging left of it, a numbered paragraph) or at the notes of the page foot."""
        if not self.layout or not self.body_size:
            return lines
        # A resolution's title and lines of adoption are read by their words (readers.text); its
        # session block, by the layout as any other document's ("Human Rights Council" / "Fifty-
        # fifth session" / "26 February–5 April 2024" / "Agenda item 3": the dates apart).
        resolution = "/RES/" in self.facts.get("symbol", "")
        body = self.body_size
        candidates: list[Line] = []
        for index, line in enumerate(lines):
            zone = self.zone(page, line, index, lines)
            if furniture_kind(line.text, self.symbols, page.number, zone) or not line.size or line.size < 3:
                continue
            if line.size < 0.92 * body:
                break               # the notes of the page foot
            if CALLED_TO_ORDER.match(line.text.strip()):
                break               # a record's body opens ("The meeting was called to order at …")
            candidates.append(line)
        if not candidates:
            return lines
        # Where a line starts and ends: its left and right ends, mirrored in a right-to-left page
        # (Arabic), whose cover is the mirror image (the session block at the right margin).
        if is_rtl("".join(l.text for l in candidates)):
            def start(line: Line) -> float:
                return page.width - line.x1

            def end(line: Line) -> float:
                return page.width - line.x0
        else:
            def start(line: Line) -> float:
                return line.x0

            def end(line: Line) -> float:
                return line.x1
        # The left block: lines in text size at one margin, before where the title is set.
        right = next((l for l in candidates if start(l) > start(candidates[0]) + 25 and
                      (cover_bold(l) or l.size > body + 0.6)), None)
        left: list[Line] = []
        record = bool(re.search(r"/(?:PV|SR)\.\d", self.facts.get("symbol", "")))
        if record and right is None and abs(candidates[0].size - body) < 0.6:
            # A record's cover is its left block alone (session, meeting, date, place, President),
            # up to the body's first line ("The meeting was called to order …").
            left = [l for l in candidates if abs(l.size - body) < 0.6]
            left = left[:next((i for i, l in enumerate(left) if abs(start(l) - start(left[0])) > 2), len(left))]
        elif right is not None and abs(candidates[0].size - body) < 0.6:
            margin = start(candidates[0])
            for line in candidates:
                if line is right or abs(line.size - body) >= 0.6 or not margin - 2 < start(line) < start(right) - 25:
                    break
                left.append(line)
            # The block is a narrow column of a few short lines (its two columns in a joint
            # document): lines of running text at the margin are no cover.
            if len(left) > 14 or any(end(l) - margin > 0.45 * page.width for l in left
                                     if len(split_columns(l)) == 1):
                left = []
        self.cover_left(left, start, end)
        if resolution:
            return self.joint_columns(left, lines)
        rest = candidates[len(left):]
        # A draft's sponsors, between the agenda item and the title ("Argentina, Brazil and Chile:
        # draft resolution", "Draft decision submitted by the President").
        sponsor = next((k for k, l in enumerate(rest[:6]) if cover_bold(l)), 0)
        if sponsor and SPONSOR_LINE.match(" ".join(l.text.strip() for l in rest[:sponsor])):
            for k, line in enumerate(rest[:sponsor]):
                line.cover, line.cover_continues = "proponent", k > 0
            rest = rest[sponsor:]
        # The title block: bold, in the text column.
        title_size = max((l.size for l in rest[:6] if cover_bold(l)), default=0.0)
        if rest and title_size and cover_bold(rest[0]):
            role, previous = "title", None
            for line in rest:
                text = line.text.strip()
                if starts_numbered(text) or previous is not None and start(line) < start(previous) - 8 and line.bold:
                    break           # a numbered paragraph, or a chapter heading hanging its number
                if all(s.italic for s in line.spans if s.text.strip()) and start(line) < start(rest[0]) - 8:
                    line.cover = "summary"          # the summary box's heading
                    break
                if not cover_bold(line):
                    break           # the body's first line (a letter, a note's transmittal text)
                apart = previous is not None and line.bottom - previous.bottom > 1.3 * line.size
                if role == "title" and previous is not None and (abs(line.size - previous.size) > 0.6 or apart):
                    role = "subtitle"
                line.cover_continues = role == "title" or not apart
                line.cover = role
                previous = line
        return self.joint_columns(left, lines)

    def joint_columns(self, left: list[Line], lines: list[Line]) -> list[Line]:
        """A joint document's session lines set in two columns, one per organ ("General
        Assembly / Seventy-ninth session", "Security Council / Eightieth year"): one session item
        per column, its lines in order (the left column first)."""
        rows = [l for l in left if getattr(l, "cover", None) == "session" and len(split_columns(l)) > 1]
        if not rows:
            return lines
        columns: dict[int, list[Line]] = {}
        for row in rows:
            parts: list[list[Span]] = [[]]
            for span in row.spans:
                last = parts[-1][-1] if parts[-1] else None
                if last is not None and max(span.x0 - last.x1, last.x0 - span.x1) > 3 * max(min(last.size, span.size), 6):
                    parts.append([])
                parts[-1].append(span)
            for k, spans in enumerate(parts):
                piece = Line(spans, row.page, row.number, row.top, row.bottom, row.known_layout)
                piece.cover = "session"
                piece.cover_continues = k in columns
                columns.setdefault(k, []).append(piece)
        at = next(i for i, l in enumerate(lines) if l is rows[0])
        kept = [l for l in lines if not any(l is r for r in rows)]
        return kept[:at] + [piece for k in sorted(columns) for piece in columns[k]] + kept[at:]

    def cover_left(self, left: list[Line], start, end) -> None:
        """The roles of the cover's left block (see :meth:`cover`): bold lines before any roman
        one are the session; roman lines are the session's dates and, the last before bold
        lines, the agenda item; the bold lines after it are the agenda item's titles.  Where no
        line of the block is bold (a font whose name does not say so), the words decide."""
        from .text import AGENDA_WORDS, SESSION_WORDS
        if left and not any(l.bold for l in left):
            agenda = next((i for i, l in enumerate(left) if AGENDA_WORDS.search(l.text)), None)
            for i, line in enumerate(left):
                line.cover = "agendaItem" if i == agenda else "agendaTitle" if agenda is not None and i > agenda \
                    else "session" if i == 0 and SESSION_WORDS.search(line.text) else "sessionDates"
            return
        margin = min(start(l) for l in left) if left else 0.0
        single = [end(l) for l in left if len(split_columns(l)) == 1]
        edge = max(single) if single else None      # the column's far edge: its widest line

        def wrapped(line: Line, previous: Line | None) -> bool:
            """A line that wrapped runs on at the same margin, in the same weight: mid-sentence
            ("… human" / "rights questions", "… de septiembre de" / "2026"), or (a title) at the
            block's margin after a line that reached the column's edge, where its first word did
            not fit ("… United Nations High" / "Commissioner for …").  A sub-item, indented under its
            heading, opens an item of its own; so does a line after a heading's colon."""
            if previous is None or previous.bold != line.bold or abs(start(line) - start(previous)) >= 2:
                return False
            text = line.text.strip()
            if text[:1].islower():
                return True         # (after a colon too: "Economic and environmental questions:" / "statistics")
            if previous.text.rstrip().endswith((":", "：")):
                return False
            if text[:1].isdigit() and not line.bold:
                return True
            if edge is None or start(line) > margin + 4 or not line.bold or not line.spans:
                return False        # (the roman lines are short: a date, an agenda item's number)
            first = line.spans[0]
            word = len(text.split()[0]) * (first.x1 - first.x0) / max(len(first.text.strip()), 1)
            return end(previous) + 0.3 * line.size + word > edge + 1

        # The roman lines, each with the lines it wraps onto: the session's dates, the agenda item.
        roman: list[list[Line]] = []
        item_seen = False
        previous: Line | None = None

        def place_roman(last_is_item: bool) -> None:
            for k, group in enumerate(roman):
                role = "agendaItem" if item_seen or (k == len(roman) - 1 if last_is_item else
                                                     AGENDA_WORDS.search(" ".join(l.text for l in group))) \
                    else "sessionDates"
                for n, l in enumerate(group):
                    l.cover, l.cover_continues = role, n > 0

        for line in left:
            if not line.bold:
                if roman and wrapped(line, previous):
                    roman[-1].append(line)
                else:
                    roman.append([line])
                previous = line
                continue
            if roman:
                place_roman(True)       # another agenda item after titles, or the first one
                item_seen, roman = True, []
            if MEETING_LINE.match(line.text.strip()):
                line.cover, line.cover_continues = "meeting", False     # a record's "12th plenary meeting"
            elif not item_seen:
                # The session, on one line or more ("Human Rights Council" / "Fifty-eighth session").
                line.cover = "session"
                line.cover_continues = previous is not None and getattr(previous, "cover", None) == "session"
            else:
                line.cover = "agendaTitle"
                line.cover_continues = wrapped(line, previous)
            previous = line
        if roman:
            place_roman(False)

    # -- running text ----------------------------------------------------------
    def read_body(self, page: Page, lines: list[Line]) -> None:
        previous: Line | None = None
        pitch = self.body_size * 1.2 if self.body_size else 12.0
        lefts = Counter(round(l.x0) for l in lines if l.size and abs(l.size - self.body_size) < 0.6)
        shared = sorted(x for x, n in lefts.items() if n >= 2)
        self.page_left = shared[0] if shared else self.left
        self.page_lefts = shared
        # Where the lines end (where a right-to-left page's start): the rightmost that two share.
        rights = sorted((round(l.x1) for l in lines if l.size and abs(l.size - self.body_size) < 0.6), reverse=True)
        self.page_right = next((x for x, y in zip(rights, rights[1:]) if x - y <= 1), rights[0] if rights else 0.0)
        contents = contents_lines(lines)
        tables = find_tables(lines, self.body_size) if self.layout else extract_tables(lines)
        self.first_of_page = True
        for index, line in enumerate(lines):
            if index in contents:
                self.drop(page.number, line, "table of contents")
                continue
            if self.sampled < 20000:
                # A table's words tell the language too (a page of tables alone has little else).
                self.sample.append(line.text)
                self.sampled += len(line.text)
            if index in tables:
                rows = tables[index]
                if rows is not None:
                    self.add_table(page, line, rows)
                    previous = None
                self.first_of_page = False
                continue
            self.add_body_line(page, line, previous, pitch)
            self.first_of_page = False
            previous = line

    def add_table(self, page: Page, line: Line, rows: list) -> None:
        """A table: a placeholder block in the text, its rows kept to be put into the model.  A
        table that opens a page right after a table ending the page before, with the same columns
        and the same column heads or none, is that table continued: its rows are added to it."""
        calls: list[str] = []
        cells = []
        for header, row in rows:
            cells.append((header, [None if spans is None else render_plain(spans, calls) for spans in row]))
        last = self.blocks[-1] if self.blocks else None
        # (A table run over three pages or more ends on the page of its last rows.)
        if last is not None and last.table is not None and getattr(last, "table_end", last.page) == page.number - 1 and \
                self.first_of_page and len(last.table[0][1]) == len(cells[0][1]):
            def heads(table):
                # The heads' texts, row by row (where a head spanning columns was placed aside).
                return [[t for t in (re.sub(r"[\s\ue001\ue002]", "", c or "") for c in row) if t]
                        for header, row in table if header]
            repeated, before = heads(cells), heads(last.table)
            # The heads repeated, all of them or the column heads without the line of units above
            # them ("(Millions of Swiss francs)").
            if not repeated or repeated in (before[:len(repeated)], before[-len(repeated):]):
                body = [row for row in cells if not row[0]]
                above = last.table[-1][1] if last.table and not last.table[-1][0] else None
                if body and above is not None and not body[0][1][0] and body[0][1][0] is not None and \
                        above[0] and len(above) == len(body[0][1]) and \
                        not any(c and NUMERIC_CELL.match(c) for c in body[0][1]):
                    # The row the page break cut: its cells' text runs on at the top of this page,
                    # nothing in the first column (a new row would open with its head).
                    last.table[-1] = (False, [a if not b else b if not a else a + join_lines(a, b) + b
                                              for a, b in zip(above, body[0][1])])
                    body = body[1:]
                    self.reporter.info("table-row-continued", f"a row of the table of page {last.page} "
                                       "continues on this page; joined", self.pos(page.number, line.number))
                last.table.extend(body)
                last.calls.extend(calls)
                last.table_end = page.number
                self.open_table = last
                shown = " | ".join(re.sub(r"[\s\ue001\ue002\ue011]+", " ", c).strip()
                                   for header, row in cells if header for c in row if c and c.strip())
                self.reporter.info("table-continued", f"the table of page {last.page} continues"
                                   + (f" (its column heads repeated, dropped: “{shown}”)" if repeated else ""),
                                   self.pos(page.number, line.number))
                return
        key = f"\ue010table {len(self.tables) + 1}\ue010"
        self.tables[key] = cells
        self.table_notes[key] = []
        block = Block("table", [Piece(key, page.number, line.number, 1)], page.number, line.number,
                      calls=calls, table=cells)
        self.blocks.append(block)
        self.open_table = block
        self.reporter.info("table-recognised", f"a table of {len(rows)} rows and "
                           f"{max(len(r) for _, r in rows)} columns", self.pos(page.number, line.number))

    def line_pieces(self, line: Line, block: Block, block_bold: bool, skip: int = 0) -> str:
        spans = line.spans[skip:]
        return render_spans(spans, block_bold, False, block.calls, getattr(self, "page_notes", None))

    def take_table_note(self, page: Page, line: Line) -> bool:
        """A line of a table's own notes, set small under it: "ᵃ Including …" (a raised letter or
        an asterisk opening a note), or the next line of such a note.  The note is kept with its
        table, to be put at its calls in the table's cells (``insert_tables``).  "Source: …" and
        "Note: …" lines are the table's own text after it: they stay running text.  Any line set
        at the running text's size ends the table's notes."""
        table, last = self.open_table, self.table_note_line
        self.table_note_line = None
        if table is None or not self.layout or not line.spans:
            return False
        if not line.size or line.size > self.body_size - 0.4:
            self.open_table = None
            return False
        notes = self.table_notes[table.pieces[0].text]
        first = line.spans[0]
        marker = first.text.strip()
        star = re.match(r"^\s*(\*{1,3})\s+(?=\S)", first.text)
        if first.sup and TABLE_NOTE_MARKER.fullmatch(marker) or star:
            rest = line.spans[1:] if first.sup else [dataclasses.replace(first, text=first.text[star.end():]),
                                                     *line.spans[1:]]
            marker = marker if first.sup else star[1]
            note = Block("note", [Piece(render_plain(rest, []), page.number, line.number, 1)],
                         page.number, line.number, marker=marker)
            notes.append(note)
            self.table_note_line = line
            self.reporter.info("table-note", f"note {marker} of the table of page {table.page} read",
                               self.pos(page.number, line.number))
            return True
        if last is not None and notes and abs(line.size - last.size) < 0.3 and \
                0 < line.bottom - last.bottom <= 1.6 * line.size and line.x0 > last.x0 - 1 and \
                not TABLE_TEXT_LINE.match(line.text.strip()):
            note = notes[-1]
            text = render_plain(line.spans, [])
            note.pieces.append(Piece(join_lines(note.text, text) + text, page.number, line.number, 1))
            self.table_note_line = line
            return True
        return False

    def add_body_line(self, page: Page, line: Line, previous: Line | None, pitch: float) -> None:
        if getattr(line, "cover", None):
            self.add_cover_line(page, line)
            return
        if self.take_table_note(page, line):
            return
        column_top = getattr(line, "column_top", False)
        if column_top:
            previous = None         # a right column's first line (two_column_order): as a page's first
        text = line.text.strip()
        numbered = starts_numbered(text)
        bold = line.bold if self.layout else False
        size = line.size
        last = self.blocks[-1] if self.blocks else None
        # A first-line indent: further right than the line before (or than the page's left edge).
        reference = text_x0(previous) if previous is not None else self.page_left
        if previous is not None and starts_numbered(previous.text.strip()):
            reference = max(reference, line.x0)     # the lines after a hanging number ("1.  Text")
        # A first-line indent is a few ems; a line set much further right is aligned (a signature,
        # a right-aligned line), not indented.
        indent = self.layout and reference + 8 < line.x0 < reference + 60
        # A page's first line starting past the middle of the text (the meeting and date of a
        # resolution, set right) does not continue the paragraph before.
        apart = self.layout and line.x0 > (reference + self.page_right) / 2
        if self.layout and getattr(self, "rtl_page", False):
            # Right to left, a paragraph's first line is indented from the right edge.
            right = previous.x1 if previous is not None else self.page_right
            indent = right - 60 < line.x1 < right - 8
            apart = line.x1 < (right + self.page_left) / 2
        new = True
        # A row of a list set with leader dots (a record's "China . . . . . Mr. Fu Cong", its
        # members one a line): an item of its own, never run on into the row before it.
        leader_row = bool(LEADER_ROW.search(text))
        if last is not None and last.kind in ("text", "heading") and last.table is None and not leader_row:
            if previous is None:
                # First line of a page: it continues the paragraph cut by the page break unless it
                # opens a paragraph of its own (a number, an indent, a heading).
                # A hanging paragraph ("10." at the margin, its lines set after the number, as
                # Word and LibreOffice lay out a numbered list) goes on at the x of its lines.
                hanging = last.wrap_x0 is not None and abs(line.x0 - last.wrap_x0) < 2 and \
                    not ends_paragraph(last.text) and not getattr(self, "rtl_page", False)
                new = numbered or indent and not hanging or apart or bold != last.bold or last.kind == "heading" or \
                    (self.layout and abs(size - last.size) > 0.6) or \
                    (not self.layout and not continues(last.text, text, line))
                if not new:
                    self.reporter.info("paragraph-rejoined", f"a paragraph cut by a {'column' if column_top else 'page'}"
                                       " break was joined", self.pos(page.number, line.number))
            else:
                # Lines of a paragraph follow at one line pitch (about 1.2 × the size, baseline to
                # baseline); the UN sets paragraphs apart by half a line more.
                step = line.bottom - previous.bottom if self.layout else 0
                if self.layout:
                    # "(iii)" that a line of running text happens to begin, at the line pitch and the
                    # margin of the line above, is a run-in list's label, not a new paragraph.
                    if numbered and text.startswith("(") and 0 < step <= 1.3 * max(size, previous.size or size) \
                            and abs(line.x0 - previous.x0) < 2 and not ends_paragraph(previous.text):
                        numbered = False
                    # Paragraphs are set apart by half a line more than the document's line pitch.
                    gap = max(1.45 * max(size, previous.size or size), 1.2 * self.line_pitch)
                    new = numbered or indent or step > gap or self.set_right_apart(line, previous) or \
                        bool(line.spans[0].rotated or previous.spans[0].rotated) or \
                        step < 0 or bold != last.bold or abs(size - last.size) > 0.6 or \
                        bool(LABEL_LINE.match(previous.text.strip()) or LABEL_LINE.match(text)) or \
                        self.cjk_heading_ends(last, previous, line)
                else:
                    # (A list's row ends at its line's end; a row cut after its leader dots goes on.)
                    new = numbered or bool(LEADER_ROW.search(previous.text)) or \
                        bool(getattr(line, "para_start", False)) and not BARE_LEADER.search(previous.text)
                    record = self.opens_record_line(text, previous.text)
                    if record is not None:
                        # A record's columns are narrower than its cover: a line short of the
                        # page's width ends a paragraph only where it ends a sentence.
                        new = numbered or record or new and ends_paragraph(previous.text)
        if new:
            block = Block("heading" if bold else "text", [], page.number, line.number, indent=indent,
                          numbered=bool(numbered), bold=bold, size=size)
            # A numbered line set well right of where the document sets its paragraph numbers, in
            # a list that a colon opens ("… adopted the following agenda:"), is an item of the
            # paragraph before it (the agenda's "1. Opening of the session."), so long as its
            # lines hang at its text (see below).
            opened = last is not None and (getattr(last, "item", False) or
                                           last.text.rstrip().endswith(":"))
            indented = bool(self.layout and not bold and self.number_x is not None and
                            PARAGRAPH_NUMBER_ONLY.match(text) and line.x0 > self.number_x + 12)
            # A text quoted in the document (a decision it reports adopted, "1. Stresses …" to
            # "33. Decides …"): its paragraphs are numbered from 1 again, set in from where the
            # document sets its own numbers; they are items of the document's paragraph that
            # quotes them, up to the document's next own paragraph.
            if numbered and self.layout and self.number_x is not None and not bold and \
                    abs(line.x0 - self.number_x) <= 4:
                self.quoting = False
            elif indented and re.match(r"1\s?\.", text) and any(
                    b.numbered and not getattr(b, "item", False) for b in self.blocks):
                self.quoting = True
            block.item = indented and (opened or getattr(self, "quoting", False))
            block.quoted = block.item and getattr(self, "quoting", False)
            block.item_x = text_x0(line)
            self.blocks.append(block)
        else:
            block = last
            if getattr(block, "item", False) and not getattr(block, "quoted", False) and line.x0 < block.item_x - 8:
                block.item = False      # its lines run back to the margin: a paragraph, not an item
        rendered = self.line_pieces(line, block, block.bold)
        if numbered and new and self.layout:
            rendered = re.sub(r"^(\d{1,3})\s+\.", r"\1.", rendered)
        joiner = join_lines(block.text, rendered, self.masthead_language()) if block.pieces else ""
        if joiner:
            block.pieces.append(Piece(joiner, page.number, line.number, 0))
        block.pieces.append(Piece(rendered, page.number, line.number, 1))
        block.last_x1 = line.x1
        block.wrap_x0 = text_x0(line) if len(block.pieces) > 1 else None

    def opens_record_line(self, text: str, previous: str) -> bool | None:
        """In a meeting record's text extract (no layout), does the line begin a paragraph
        whatever the line before: a turn ("Mr. Smith (United Kingdom): …", "Le Président : …"),
        the cover's "President: …", an agenda item's heading and the line after it (the item's
        title), and after a sentence's end a procedural line ("The meeting rose at …": the words
        of one may also end a line that goes on with another's, "(Japan), Vice-President, took
        the Chair.")?  None when the document is not a record."""
        from ..transforms.records import RECORD_SYMBOL, opens_meeting, opens_record_paragraph
        if not RECORD_SYMBOL.search(self.facts.get("symbol", "")):
            return None
        from ..transforms.records import AGENDA, CONTENTS, PROCEDURAL_WITHIN
        text = text.strip()
        kind = opens_record_paragraph(text, summary="/SR." in self.facts.get("symbol", ""))
        if not getattr(self, "meeting_opened", False):
            # The cover (up to "The meeting was called to order …") is read as any cover is; the
            # items its agenda (a summary record's contents) lists head the meeting's sections.
            self.meeting_opened = opens_meeting(text, previous)
            if AGENDA.match(text) or CONTENTS.match(text):
                self.record_agenda = set()
            elif getattr(self, "record_agenda", None) is not None and not self.meeting_opened:
                self.record_agenda.add(text)
            return True if self.meeting_opened or kind == "cover" else None
        if text in getattr(self, "record_agenda", ()):
            kind = "heading"
        after_item, self.after_agenda_item = getattr(self, "after_agenda_item", False), kind == "agendaItem"
        return after_item or kind is not None and (kind != "procedural" or not PROCEDURAL_WITHIN.search(text)
                                                   or ends_paragraph(previous))

    def set_right_apart(self, line: Line, previous: Line) -> bool:
        """Are these two lines, each set right (ending at the text's right edge, starting well in
        from its left), items of their own: a resolution's meeting and date ("56th meeting" /
        "4 April 2024"), a signatory's name, title and office ("Director General" / "Organisation
        for the Prohibition of Chemical Weapons")?  Not the lines of one justified column (they
        start at one x), nor a right-set text that goes on ("[Original: Arabic, Chinese, French," /
        "Russian and Spanish]": a comma or an open bracket ends the line above)."""
        left, right = self.page_left, self.page_right
        if not self.layout or getattr(self, "rtl_page", False) or right - left < 100:
            return False
        # (A margin other lines of the page share is a margin of the text: of its paragraphs'
        # lines, of their first lines' indent, of a column.)
        set_right = all(abs(l.x1 - right) < 3 and l.x0 > left + 60 and
                        not any(abs(l.x0 - x) < 1.5 for x in self.page_lefts) for l in (line, previous))
        same_start = abs(line.x0 - previous.x0) < 1
        above = previous.text.rstrip()
        goes_on = above.endswith((",", "-", "\u2010", "/")) or above.count("[") > above.count("]") or \
            above.count("(") > above.count(")")
        return set_right and not same_start and not goes_on

    def add_cover_line(self, page: Page, line: Line) -> None:
        """A line of the cover (:meth:`cover`): an item of its own, or the next line of the
        title, subtitle or agenda title before it."""
        role = line.cover
        last = self.blocks[-1] if self.blocks else None
        if last is not None and last.kind == "cover" and last.cover == role and getattr(line, "cover_continues", False):
            block = last
        else:
            block = Block("cover", [], page.number, line.number, bold=line.bold, size=line.size)
            block.cover = role
            self.blocks.append(block)
        rendered = render_spans(line.spans, cover_bold(line), role == "summary", block.calls,
                                getattr(self, "page_notes", None))
        joiner = join_lines(block.text, rendered) if block.pieces else ""
        if joiner:
            block.pieces.append(Piece(joiner, page.number, line.number, 0))
        block.pieces.append(Piece(rendered, page.number, line.number, 1))
        block.last_x1 = line.x1

    # -- notes -------------------------------------------------------------------
    def read_notes(self, page: Page, lines: list[Line]) -> None:
        table_note: Line | None = None      # the line before, of a table's note
        for line in lines:
            marker, rest_spans = note_marker(line, self.layout)
            if marker is not None and not re.fullmatch(r"\d{1,3}|\*{1,3}", marker):
                # "a", "b": the notes of a table, set under it; they stay with the text.
                self.add_body_line(page, line, None, 12.0)
                table_note = line
                continue
            if marker is None and table_note is not None:
                # A table note's next line (never a note of the page's foot).
                self.add_body_line(page, line, table_note, 12.0)
                table_note = line
                continue
            table_note = None
            if marker is not None:
                note = Block("note", [], page.number, line.number, marker=marker)
                self.notes.append(note)
                text = render_spans(rest_spans, False, False, [], None)
                note.pieces.append(Piece(text.lstrip(), page.number, line.number, 1))
                continue
            text = render_spans(line.spans, False, False, [], None)
            if not self.notes:
                self.reporter.warning("note-line-without-note",
                                      "a line of the page foot's note area belongs to no note; kept as text",
                                      self.pos(page.number, line.number))
                self.add_body_line(page, line, None, 12.0)
                continue
            note = self.notes[-1]
            if note.page != page.number and not any(p.page == page.number for p in note.pieces):
                self.reporter.info("note-continued",
                                   f"note {note.marker} continues from page {note.page}; joined",
                                   self.pos(page.number, line.number))
            previous = note.text
            joiner = join_lines(previous, text.strip())
            note.pieces.append(Piece(joiner + text.strip(), page.number, line.number, 1))
        # Notes are emitted after the block of their call: remember where they were read.
        for note in self.notes:
            if not hasattr(note, "anchor"):
                note.anchor = len(self.blocks) - 1

    def check_note_sequence(self) -> None:
        previous = 0
        for note in self.notes:
            if note.marker.isdigit():
                n = int(note.marker)
                if n != previous + 1 and n != 1:
                    self.reporter.warning("note-number-out-of-sequence",
                                          f"note {n} follows note {previous}", self.pos(note.page, note.line),
                                          "check that no note was lost or misread")
                previous = n

    def decide_doubtful_spaces(self) -> None:
        """A gap between two runs of letters that is neither clearly a space nor clearly none
        (``pdf.MAYBE_JOINED``/``MAYBE_SPACE``): joined when the joined word is one the document
        uses elsewhere and one of its parts is not ("particip ation"), spaced when both parts are
        its words and the joined one is not ("of the"), else as the gap suggested."""
        doubtful = re.compile("((?:[’'](?=s))?[^\\W\\d_]*)([\ue001\ue002])([^\\W\\d_]*)")
        vocabulary: Counter = Counter()
        table_notes = [note for notes in self.table_notes.values() for note in notes]
        pieces = [p for block in [*self.blocks, *self.notes, *table_notes] for p in block.pieces]
        for piece in pieces:
            if "\ue001" in piece.text or "\ue002" in piece.text:
                clean = re.sub(r"[^\W\d_]*[\ue001\ue002][^\W\d_]*", " ", piece.text)
            else:
                clean = piece.text
            vocabulary.update(w.lower() for w in re.findall(r"[^\W\d_]+", clean))

        def is_word(part: str) -> bool:
            """A word of the document's own; a single letter only as a word of one letter ("a",
            "I", Spanish "y", Russian "и", "в") (a list's "(d)" is no evidence that "balance d" is
            two words)."""
            return bool(vocabulary[part.lower()]) and (len(part) > 1 or part in ONE_LETTER_WORDS)

        def decide(m: re.Match) -> str:
            left, mark, right = m.group(1), m.group(2), m.group(3)
            if left[:1] in "’'":
                return left + " " + right       # a possessive ends its word ("country’s borders")
            joined = (left + right).lower()
            if vocabulary[joined] and not (is_word(left) and is_word(right)):
                return left + right
            if is_word(left) and is_word(right) and not vocabulary[joined]:
                return left + " " + right
            if len(left) == 1 and left.islower() and not is_word(left) or \
                    len(right) == 1 and right.islower() and not is_word(right):
                return left + right         # a lone small letter is a piece of a word ("inequalitie s")
            if left and right[:1].islower() and min(len(left), len(right)) <= 2 and \
                    not is_word(left) and not is_word(right):
                return left + right         # a fragment, and no word of the document on either side ("ro se")
            return left + (" " if mark == "\ue002" else "") + right

        for piece in pieces:
            while "\ue001" in piece.text or "\ue002" in piece.text:
                piece.text = doubtful.sub(decide, piece.text, count=1)
        for key, rows in self.tables.items():
            decided = []
            for header, cells in rows:
                cells = list(cells)
                for k, cell in enumerate(cells):
                    while cell is not None and ("\ue001" in cell or "\ue002" in cell):
                        cell = doubtful.sub(decide, cell, count=1)
                    cells[k] = cell
                decided.append((header, cells))
            self.tables[key] = decided

    # -- emission --------------------------------------------------------------
    def emit(self) -> tuple[list[str], list[list[Piece]]]:
        lines: list[str] = []
        origins: list[list[Piece]] = []
        layouts: list[str] = []

        def out(text: str, pieces: list[Piece], layout: str = "") -> None:
            lines.append(text)
            origins.append(pieces)
            layouts.append(layout)
            lines.append("")
            origins.append([])
            layouts.append("")

        # The masthead, in the order readers.text expects.
        if self.masthead_lines:
            where = {text: (line.page, line.number) for line, text in self.masthead_lines}
            first_page, first_line = next(iter(where.values()))

            def item(text: str, key: str | None = None):
                page, number = where.get(key or text, (first_page, first_line))
                out(text, [Piece(text, page, number, 1)])

            item(self.facts.get("un_name", "United Nations"))
            if self.facts.get("symbol"):
                symbol_source = next((t for _, t in self.masthead_lines if compact(t).rstrip("*").startswith(
                    compact(self.symbols[0]))), None)
                # The symbol's asterisk calls the note of a reissue ("DP/2025/1*": "* Reissued for
                # technical reasons"): kept, so that the note is at its call.
                star = re.search(r"\*+$", compact(symbol_source or ""))
                where[self.facts["symbol"] + ("\\*" * len(star[0]) if star else "")] = where.get(
                    symbol_source, (first_page, first_line))
                item(self.facts["symbol"] + ("\\*" * len(star[0]) if star else ""))
            for organ in self.facts.get("organ_names", []):
                item(organ)
            if self.facts.get("distribution"):
                item(self.facts["distribution"])
            if self.facts.get("date_text"):
                item(self.facts["date_text"])
            if self.facts.get("language_line"):
                item(self.facts["language_line"])
            if self.facts.get("original_text"):
                item(self.facts["original_text"])
        # Calls → the notes they call, in order.
        pending = list(self.notes)
        by_anchor: dict[int, list[Block]] = {}
        for note in pending:
            by_anchor.setdefault(note.anchor, []).append(note)
        placed: set[int] = set()
        for index, block in enumerate(self.blocks):
            text = block.text
            if block.kind == "heading":
                text = text.replace("**", "")
            layout = getattr(block, "cover", None) or ((
                "heading" if block.kind == "heading" else "item" if getattr(block, "item", False)
                else "paragraph") if self.layout or block.kind == "table" else "")
            out(text, columns(block.pieces), layout)
            for marker in block.calls:
                note = next((n for n in pending if id(n) not in placed and n.marker == marker
                             and n.anchor >= index), None)
                if note is None:
                    continue
                placed.add(id(note))
                self.emit_note(note, out)
            for note in by_anchor.get(index, []):
                if id(note) not in placed and not any(
                        later.calls and note.marker in later.calls for later in self.blocks[index + 1:index + 4]):
                    placed.add(id(note))
                    self.emit_note(note, out)
        for note in pending:
            if id(note) not in placed:
                self.emit_note(note, out)
        return lines, origins, layouts

    def emit_note(self, note: Block, out) -> None:
        marker = note.marker.translate(SUPERSCRIPT) if note.marker.isdigit() else note.marker
        pieces = [Piece(marker + " ", note.page, note.line, 1)] + note.pieces
        out("".join(p.text for p in pieces), columns(pieces))


def cover_bold(line: Line) -> bool:
    """A bold line of the cover, whatever the note call it ends with ("Report of the
    Secretary-General*": the asterisk is set in roman)."""
    chars = [s for s in line.spans if s.text.strip() and not s.sup and not re.fullmatch(r"\*{1,3}", s.text.strip())]
    return bool(chars) and all(s.bold for s in chars)


#: A line of a table of contents: its title, dot leaders, the page number.
LEADER = re.compile(r"(?:\.\s?){4,}\s*\d{1,4}\s*$|…{2,}\s*\d{1,4}\s*$")
#: The same without its page number, which a text extract may give on a line of its own
#: (PyMuPDF's "Introduction . . . . . ." then "5").  Other lists end lines in leaders too (a
#: Security Council record's "Algeria . . . . . ." then "Mr. Bendjama"): such a line is an entry
#: only on a page headed as contents or with its page number alone on the next line.
#: Leader dots between two words of a line, not before a page number at its end (a contents
#: entry, :data:`LEADER`): a list's row ("Algeria . . . . . Mr. Bendjama").
LEADER_ROW = re.compile(r"[^\W\d_)]\s*(?:\.\s?){4,}\s*[^\W\d_(]")
BARE_LEADER = re.compile(r"(?:\.\s?){4,}\s*$|…{2,}\s*$")
CONTENTS_WORDS = {"Contents", "Table des matières", "Índice", "Содержание", "المحتويات", "目录", "Page", "Página",
                  "Стр.", "الصفحة", "页次",
                  # The label of a contents' list of annexes, heading a contents page of its own.
                  "Annexes", "Anexos", "Приложения", "المرفقات"}


#: The number opening an entry of a table of contents: a chapter's, a section's, an annex's.
CONTENTS_ENTRY = re.compile(r"^(?:[IVXL]+|[A-Z]|\d{1,3})\.\s")


def contents_lines(lines: list[Line]) -> set[int]:
    """The lines of a table of contents (the outputs make their own): from its heading ("Contents",
    "Page") to its last line with dot leaders, including the wrapped titles between."""
    headed = any(l.text.strip() in CONTENTS_WORDS for l in lines)

    def numbered_below(i: int) -> bool:
        """The next line with text is a page number alone."""
        below = next((l.text.strip() for l in lines[i + 1:i + 4] if l.text.strip()), "")
        return bool(re.fullmatch(r"\d{1,4}", below))

    leaders = [i for i, l in enumerate(lines)
               if LEADER.search(l.text) or BARE_LEADER.search(l.text) and (headed or numbered_below(i))]
    if len(leaders) < 2 and not (leaders and headed):
        return set()
    leader = set(leaders).__contains__
    start, end = leaders[0], leaders[-1]
    if numbered_below(end):         # the last entry's page number, on a line of its own
        end = next(k for k in range(end + 1, len(lines)) if lines[k].text.strip())
    # An entry whose title wraps starts on the lines above its leaders (a contents page that
    # continues one before it has no heading to start from): at its number ("III. Working paper
    # submitted by …", seven lines up), when one opens a line above with no leaders between.
    for k in range(start - 1, max(start - 9, -1), -1):
        if leader(k) or lines[k].text.strip() in CONTENTS_WORDS:
            break
        if CONTENTS_ENTRY.match(lines[k].text.strip()):
            start = k
            break
    for _ in range(3):
        if start > 0 and not CONTENTS_ENTRY.match(lines[start].text.strip()) \
                and not leader(start - 1) and lines[start].text.strip() not in CONTENTS_WORDS \
                and not any(w in lines[start - 1].text for w in CONTENTS_WORDS):
            start -= 1
    while start > 0 and (lines[start - 1].text.strip() in CONTENTS_WORDS or start - 1 > leaders[0] - 4
                         and not leader(start - 1) and
                         any(lines[k].text.strip() in CONTENTS_WORDS for k in range(max(0, start - 4), start))):
        start -= 1
    return set(range(start, end + 1))


#: The marker of a table's own note, raised: "a", "b" … "aa", or an asterisk.
TABLE_NOTE_MARKER = re.compile(r"[a-z]{1,2}|\*{1,3}")
#: A table's own text after it, never one of its notes: "Source: …", "Note: …", "Notes: …" (and
#: the French, Spanish and Russian words).
TABLE_TEXT_LINE = re.compile(r"^(?:Sources?|Notes?|Abbreviations?|Fuentes?|Notas?|Источник|Источники|"
                             r"Примечание|Примечания)\s?[:.]", re.I)


#: Around a raised letter of a table cell ("Headquarters" + "d": the call of the table's note d),
#: kept as a ``sup`` of the cell, never glued to the word.
RAISED = "\ue011"


def render_plain(spans: list[Span], calls: list[str]) -> str:
    """A table cell's text: plain, with note calls as superscript digits, a table note's letter
    between ``RAISED`` marks."""
    out = []
    for span in cjk_unspaced(spans):
        if span.sup and re.fullmatch(r"\d{1,3}", span.text.strip()):
            calls.append(span.text.strip())
            out.append(span.text.strip().translate(SUPERSCRIPT) + span.text[len(span.text.rstrip()):])
        elif span.sup and re.fullmatch(r"[a-z]{1,2}(?:,[a-z]{1,2})*|\*{1,3}", span.text.strip()):
            out.append(RAISED + span.text.strip() + RAISED + span.text[len(span.text.rstrip()):])
        else:
            out.append(span.text)
    # Doubtful gaps stay marked: decide_doubtful_spaces decides them with the running text's.
    return re.sub(r"\s+", " ", "".join(out)).strip()


def cells_of(line: Line) -> list[list[Span]]:
    """A line's spans grouped into cells: a gap of 1.5 em or more between two runs separates two
    cells (a gap inside a run may be a justified line's word space)."""
    cells: list[list[Span]] = []
    previous = None
    for span in line.spans:
        if previous is not None and not span.sup and not span.run_piece and \
                span.x0 - previous.x1 > 1.5 * max(previous.size, 1):
            cells.append([])
        if not cells:
            cells.append([])
        cells[-1].append(span)
        previous = span
    return cells


NUMERIC_CELL = re.compile(r"^[(\-–]?[\d\s.,%]+\)?[a-z]?$")
#: A figure cut at one of its spaces by a narrow column: its first part ("63 930", "(2 061") and
#: its last ("800", "900)").
FIGURE_START = re.compile(r"^([(\-–]?)\d{1,3}(?: \d{3})*$")
FIGURE_END = re.compile(r"^\d{3}(?: \d{3})*(\)?)(?:[.,]\d+)?$")


def figure_wrapped(above: str, below: str, likely: bool) -> bool:
    """Is ``below`` the end of the figure ``above``, wrapped in its cell ("63 930" over "800")?
    Sure where a parenthesis opened above closes below ("(2 061" over "900)"); else only where
    ``likely`` (the table sets its rows apart and the line below is not a row's of its own)."""
    start, end = FIGURE_START.match(above), FIGURE_END.match(below)
    if not start or not end:
        return False
    if start.group(1) == "(" or end.group(1):
        return start.group(1) == "(" and bool(end.group(1))
    return likely


def extract_tables(lines: list[Line]) -> dict[int, list | None]:
    """The tables a text extract's reader found (``extract.text_tables``: each line of a table
    carries its rows), as ``find_tables`` gives them: the rows at the table's first line left."""
    out: dict[int, list | None] = {}
    seen: set[int] = set()
    for index, line in enumerate(lines):
        rows = getattr(line, "text_table", None)
        if rows is not None:
            out[index] = None if id(rows) in seen else rows
            seen.add(id(rows))
    return out


def find_tables(lines: list[Line], body_size: float) -> dict[int, list | None]:
    """The tables of a page: runs of lines set in columns.  Returns, for each line of a table,
    None, except for its first line, which maps to the table's rows: (is header, cells)."""
    cells = [cells_of(l) for l in lines]

    def tabular(i: int) -> bool:
        c = cells[i]
        first = "".join(s.text for s in c[0]).strip() if c else ""
        if c and re.fullmatch(r"\(?[\w]{1,5}[.)]?", first) and abs(lines[i].size - body_size) < 0.6:
            c = c[1:]       # "1.  Text", "(a)  Text": the number of a paragraph, not a cell
        if len(c) < 2:
            return False
        return True

    def label_before_row(j: int, starts: set[int]) -> bool:
        """Lines ``j``… are a row's label wrapped over lines of the first column ("Prior year-" /
        "end balance" / "carried" / "forward  –  12.7 …"), closely set, up to the row's line; or
        labels of groups of rows set apart as rows are ("Expenditure sections" / "Professional
        and higher"), each within the first column (running text would run across the others)."""
        left = min(starts)
        second = min((x for x in starts if x > left + 2), default=None)
        for k in range(j, min(j + 8, len(lines))):
            step = lines[k].bottom - lines[k - 1].bottom
            inside = second is not None and lines[k - 1].x1 < second - 2 and (lines[k].x1 < second - 2 or tabular(k))
            # (Rows stand 2.15 em apart in a Latin table, 2.5 em in a Chinese one, whose lines
            # are set 1.6 em apart.)
            if k > j and step > (2.7 if inside else 1.7) * max(lines[k].size, 1):
                return False
            if tabular(k):
                return k > j
            if len(cells[k]) != 1 or abs(lines[k].x0 - left) > 2 * max(lines[k].size, 1) or \
                    k - j >= 6 and not inside:
                return False
        # A group's label at the foot of the page, its rows on the next ("General Service" under
        # the last row of "Professional and higher"): within the first column, as labels are.
        return len(lines) - j <= 3 and second is not None and \
            all(lines[k].x1 < second - 2 and len(cells[k]) == 1 and abs(lines[k].x0 - left) <= 2
                and not TABLE_TEXT_LINE.match(lines[k].text.strip()) for k in range(j, len(lines)))

    result: dict[int, list | None] = {}
    i = 0
    while i < len(lines):
        if not tabular(i):
            i += 1
            continue
        start = end = i
        starts = {round(min(s.x0 for s in c)) for c in cells[i]}
        j = i + 1
        while j < len(lines):
            step = lines[j].bottom - lines[j - 1].bottom
            if step > 3.5 * max(lines[j].size, 1):
                break
            if tabular(j):
                end = j
                starts |= {round(min(s.x0 for s in c)) for c in cells[j]}
            elif step <= 2.5 * max(lines[j].size, 1) and sum(
                    any(abs(min(s.x0 for s in c) - x) <= 2 for x in starts) for c in table_cells(lines[j])) >= 2:
                # A row whose cells stand closer than a running text's columns would ("Security
                # Officer (P-3)" half an em before "Encumbered"), each where a column of the
                # table starts: a row of it.
                end = j
            elif not any(s.rotated for s in lines[j].spans) and lines[j].size <= lines[end].size + 0.6 and \
                    all(any(abs(min(s.x0 for s in c) - x) <= 2 for x in starts) for c in cells[j]) and (
                        step <= 1.45 * max(lines[j].size, 1) or step <= 2.5 * max(lines[j].size, 1)
                        and min(s.x0 for s in lines[j].spans) > min(starts) + 2 * max(lines[j].size, 1)):
                # A cell's text wrapped onto lines of its own, in the table's columns (a column
                # but the first may hold paragraphs of its own).
                end = j
            elif not any(tabular(k) for k in range(j + 1, min(j + 3, len(lines)))):
                if not label_before_row(j, starts):
                    break
                if not any(tabular(k) for k in range(j + 1, len(lines))):
                    end = j         # a group's label at the page foot
            j += 1
        rows_idx = [k for k in range(start, end + 1) if tabular(k)]
        if len(rows_idx) < 2:
            i = end + 1
            continue
        size = sorted(lines[k].size for k in rows_idx)[len(rows_idx) // 2]      # the median
        # Column heads above the first row: set smaller than the text, or in italics, or in
        # columns, right above it (heads in italics a little further: a row of empty heads or the
        # rule under the heads between).
        def head_above(k: int) -> bool:
            above = lines[k - 1]
            # In italics (the UN's column heads), or bold over the columns but the first (Chinese
            # heads, never slanted; a unit line "(美元)"): a table's title stands at its left.
            styled = all(s.italic for s in above.spans if s.text.strip()) or \
                above.x0 > min(starts) + 2 * size and all(s.bold for s in above.spans if s.text.strip())
            return k - 1 not in result and 0 < above.size <= size + 0.2 and (
                above.size < body_size - 0.5 or len(cells[k - 1]) > 1 or styled) and \
                lines[k].bottom - above.bottom < (4.5 if styled else 3) * size

        while start > 0:
            if head_above(start):
                start -= 1
            elif start > 1 and len(cells[start - 1]) == 1 and abs(lines[start - 1].x0 - min(starts)) <= 2 and \
                    lines[start].bottom - lines[start - 1].bottom < 3 * size and head_above(start - 1):
                # A label of the first column alone between the heads and the first row ("Of
                # which:", "Professional and higher"): the first row of the body.
                start -= 2
            else:
                break
        # The unit of a table's figures under its title, at its left ("(Thousands of Swiss
        # francs)"), is the title's line, not a row of column heads.
        if start < rows_idx[0] and len(cells[start]) == 1 and UNIT_LINE.match(lines[start].text.strip()) and \
                lines[start].x0 <= min(lines[k].x0 for k in range(start, end + 1)) + 2:
            start += 1
        # Text set vertically in the margin beside the table (a landscape page's symbol) is not
        # part of it.
        members = [k for k in range(start, end + 1) if not any(s.rotated for s in lines[k].spans)]
        rows = table_rows([lines[k] for k in members])
        if max(len(r) for _, r in rows) >= 2:
            result.update({k: None for k in members})
            result[members[0]] = rows
        # else: the "columns" overlap (a figure's labels, text set around a picture): running text
        i = end + 1
    return result


#: A line wholly in parentheses: the unit of a table's figures under its title, "(Thousands of
#: Swiss francs)", "(United States dollars)".
UNIT_LINE = re.compile(r"^\([^()]{3,}\)$")
#: A label set before the text of a table's first cell: "4.", "(iii)", "B.".
CELL_LABEL = re.compile(r"\(?(?:\d{1,3}|[a-z]{1,3}|[ivxl]{1,6}|[A-Z])[.)]")


def table_cells(line: Line) -> list[list[Span]]:
    """A table line's spans grouped into cells.  In a table, columns may stand as little as half an
    em apart (the UN sets a row of figures or dates that close, often as one run placed by its
    own offsets, which the PDF reader splits), while the words of one cell are a space apart; a
    label set before a cell's text ("4.", "(iii)") belongs to that cell; a raised note letter or
    call to the cell it follows."""
    cells: list[list[Span]] = []
    previous = None
    for span in line.spans:
        if previous is not None and not span.sup:
            gap = span.x0 - previous.x1
            em = max(min(previous.size, span.size) if not previous.sup else span.size, 1)
            label = CELL_LABEL.fullmatch("".join(s.text for s in cells[-1]).strip())
            if gap > 0.5 * em and not (label and gap < 1.5 * em):
                cells.append([])
            elif label and not previous.text.endswith(" "):
                cells[-1].append(Span(" "))     # "(iii)Construction", set tight on its tab: a label, a space
        if not cells:
            cells.append([])
        cells[-1].append(span)
        previous = span
    return cells


def table_rows(lines: list[Line]) -> list:
    """Lines of a table → rows: (is header, cells), a cell being its spans, or None where the cell
    before it spans that column too (a column head over several columns).

    The columns are those of the table's body: the bands of the page its cells cover.  The
    column heads are the lines above the body set smaller or in italics (the UN's style), or,
    where the heads are set as the body is, the lines above its first row of figures.  A head
    over several columns ("In current report" over "Start" and "End") spans them; head lines
    that set their cells over the same columns are one row ("Change in end" over "date").  A row
    of the body is its lines: where the table sets its rows apart (more space between rows than
    between lines), the lines that follow closely are the wrapped text of the row; where it sets
    them at one pitch, each line is a row, but a label wrapped onto the line below (the first
    column only) is read with its row, and a line with nothing in the first column continues the
    row above."""
    cells = [table_cells(l) for l in lines]

    def style(cell: list[Span]) -> tuple[bool, bool]:
        """Bold, italic: a group's label ("Professional and higher", in bold) over its first row
        is a row of its own, not the first line of that row's label."""
        spans = [s for s in cell if s.text.strip()]
        return all(s.bold for s in spans), all(s.italic for s in spans)

    def text(cell: list[Span]) -> str:
        return "".join(s.text for s in cell).strip()

    def numeric(cell: list[Span]) -> bool:
        return bool(NUMERIC_CELL.match(text(cell)))

    size = sorted(l.size for l in lines)[len(lines) // 2]
    # Column heads: set smaller than the body, or in italics.
    heads = 0
    while heads < len(lines) - 1 and (lines[heads].size < size - 0.5 or all(
            s.italic for s in lines[heads].spans if s.text.strip() and not s.sup)):
        heads += 1
    # Lines of the first column alone, in italics, with no head over the other columns: a group's
    # label opening the body (a table continued on a page without its heads: "Chapitre 3 des
    # recettes"), not column heads.
    if heads and all(len(cells[k]) == 1 and lines[k].x0 <= min(l.x0 for l in lines) + 2 for k in range(heads)):
        heads = 0
    # A label of the first column alone set apart under heads in columns ("Expenditure sections",
    # in italics as the heads are) labels rows: the body starts there.
    heads = next((k for k in range(1, heads) if len(cells[k]) == 1 and any(len(cells[m]) > 1 for m in range(k))
                  and lines[k].x0 <= min(l.x0 for l in lines) + 2
                  and lines[k].bottom - lines[k - 1].bottom > 1.6 * max(lines[k].size, 1)), heads)
    if not heads:
        first_data = next((k for k, row in enumerate(cells) if len(row) > 1 and any(map(numeric, row[1:]))), 0)
        heads = first_data
        # A line of the first column alone under the column heads ("Expenditure sections",
        # "Professional and higher") labels rows: the body starts there.
        spread = next((k for k in range(first_data) if len(cells[k]) > 1), None)
        if spread is None:
            heads = 0       # lines of the first column alone: the first row's label, wrapped
        else:
            left = min(l.x0 for l in lines)
            heads = next((k for k in range(spread + 1, first_data) if len(cells[k]) == 1 and lines[k].x0 <= left + 2),
                         first_data)

    intervals = sorted((min(s.x0 for s in c), max(s.x1 for s in c)) for row in cells[heads:] for c in row)
    bands: list[list[float]] = []
    for x0, x1 in intervals:
        if bands and x0 <= bands[-1][1] + 2:
            bands[-1][1] = max(bands[-1][1], x1)
        else:
            bands.append([x0, x1])

    def extent(cell: list[Span]) -> tuple[float, float]:
        return min(s.x0 for s in cell if not s.sup or len(cell) == 1), max(s.x1 for s in cell)

    def band(cell: list[Span]) -> int:
        x0, x1 = extent(cell)
        return max(range(len(bands)), key=lambda b: min(x1, bands[b][1]) - max(x0, bands[b][0]))

    # Each column's full width: its body's cells and the heads set flush with them (a head is
    # set to its column's right edge over figures, to its left edge over text).
    wide = [list(b) for b in bands]
    for k in range(heads):
        for c in cells[k]:
            x0, x1 = extent(c)
            over = [b for b, (b0, b1) in enumerate(bands) if min(x1, b1) - max(x0, b0) > 0.5]
            for b, (b0, b1) in enumerate(bands):
                # (A head beside others on its line over one column only is that column's, set
                # flush with it or not: a head centred over its figures.)
                if abs(x1 - b1) <= 2 or abs(x0 - b0) <= 2 or len(cells[k]) > 1 and over == [b]:
                    wide[b] = [min(wide[b][0], x0), max(wide[b][1], x1)]
                    break

    def covered(cell: list[Span], alone: bool = False) -> tuple[int, int]:
        """The columns a head covers: those it overlaps, or the one nearest it; a head alone on
        its line, set in the middle of a run of columns ("Maximum capacity after renovation" over
        four, narrower than them), covers that run, as the UN centres a head over the columns
        it spans."""
        x0, x1 = extent(cell)
        over = [b for b, (b0, b1) in enumerate(bands) if min(x1, b1) - max(x0, b0) > 0.5]
        found = (over[0], over[-1]) if over else (band(cell), band(cell))
        if not alone:
            return found
        inside = [b for b, (b0, b1) in enumerate(wide) if min(x1, b1) - max(x0, b0) > 0.5]
        if not inside or any(abs(x1 - b1) <= 2 or abs(x0 - b0) <= 2 for b0, b1 in wide):
            return found        # set flush with a column: that column's head
        centre = (x0 + x1) / 2
        # (A head starting right of the first column, the row heads' own, never spans it.)
        runs = [(i, j) for i in range(inside[0] + 1) for j in range(inside[-1], len(wide))
                if wide[i][0] - 2 <= x0 and x1 <= wide[j][1] + 2 and not (i == 0 and x0 > wide[0][1])]
        if not runs:
            return found

        def boxes(run: tuple[int, int]) -> list[tuple[float, float]]:
            """Where a run of columns may stand: over its cells' text, or from the middle of the
            gutter before it to the middle of the gutter after it (the table's edge at either
            end), as the producer measured its columns."""
            i, j = run
            left = (wide[i - 1][1] + wide[i][0]) / 2 if i > 0 else wide[i][0]
            right = (wide[j][1] + wide[j + 1][0]) / 2 if j + 1 < len(wide) else wide[j][1]
            return [(wide[i][0], wide[j][1]), (left, right)]

        def off(run: tuple[int, int]) -> float:
            """How far the head stands from the middle of the run, in parts of the run's width."""
            return min(abs((left + right) / 2 - centre) / max(right - left, 1) for left, right in boxes(run))

        # The widest run the head stands in the middle of (a narrower run inside it may have its
        # middle there too by chance).
        centred = [r for r in runs if off(r) <= 0.04]
        return max(centred, key=lambda r: (r[1] - r[0], -off(r))) if centred else found

    def joined(parts: list[list[Span]]) -> list[Span]:
        """A cell's lines as one run of spans, a space between two lines as running text has
        it (none after a line ending in a compound's hyphen or a range's dash: "10–" / "14")."""
        out: list[Span] = []
        for part in parts:
            if "".join(s.text for s in out).strip():
                separator = join_lines("".join(s.text for s in out).rstrip(), "".join(s.text for s in part).lstrip())
                if not separator:
                    last = max(k for k, s in enumerate(out) if s.text.strip())
                    out[last] = dataclasses.replace(out[last], text=out[last].text.rstrip())
                    del out[last + 1:]
                out.append(Span(separator))
            out.extend(part)
        return out

    def wrapped_label(k: int) -> bool:
        """Line ``k``, of the first column alone, is a row's label wrapped over lines closely set
        down to the row's line of cells ("Prior year-" / "end balance" / "carried" / "forward  –")."""
        for m in range(k + 1, min(k + 6, len(lines))):
            if lines[m].bottom - lines[m - 1].bottom >= 1.5 * max(lines[m].size, 1) or \
                    style(cells[m][0]) != style(cells[k][0]) or band(cells[m][0]) != 0:
                return False
            if len(cells[m]) > 1:
                return True
        return False

    rows: list = []
    # Column heads, each row a map (first column, last column) → its lines' spans.
    head_rows: list[dict[tuple[int, int], list[list[Span]]]] = []
    reach: list[dict[tuple[int, int], tuple[float, float]]] = []      # each head's first and last line
    placed_above: list[tuple[float, float, tuple[int, int]]] = []     # the heads of the line above
    for k in range(heads):
        line_cells = {}
        # A line of heads with one head a column: each over its column, in order, wherever in its
        # column it is set (a head at the left of a column of figures set to the right).
        in_order = len(cells[k]) == len(bands) > 1
        for index, c in enumerate(cells[k]):
            x0, x1 = extent(c)
            # A head's next line, under it at the text's pitch: that head's, whatever it is centred on.
            above = [key for a0, a1, key in placed_above if a0 - 2 <= x0 and x1 <= a1 + 2] \
                if k and lines[k].bottom - lines[k - 1].bottom <= 1.7 * max(lines[k].size, 1) else []
            key = (index, index) if in_order else above[0] if len(above) == 1 else \
                covered(c, alone=len(cells[k]) == 1)
            line_cells.setdefault(key, []).append(c)
        placed_above = [(*extent(c), key) for key, parts in line_cells.items() for c in parts]
        current = head_rows[-1] if head_rows else None
        # (Lines of one head at the text's pitch: up to 1.6 em, a Chinese text's 17 pt on 10.5 pt
        # a little more; two rows of heads stand two lines apart.)
        fits = current is not None and lines[k].bottom - lines[k - 1].bottom <= 1.7 * max(lines[k].size, 1) and \
            all(a == b or a[1] < b[0] or b[1] < a[0] for a in line_cells for b in current)
        if not fits:
            head_rows.append({})
            reach.append({})
        for key, parts in line_cells.items():
            head_rows[-1].setdefault(key, []).extend(parts)
            first_bottom = reach[-1].get(key, (lines[k].bottom, 0.0))[0]
            reach[-1][key] = (first_bottom, lines[k].bottom)
    # A head of one column wrapped onto the next head row ("Change in end" over "date", the row
    # of "Start" and "End" beside it) is one cell, in the lower row.
    for upper in range(len(head_rows) - 1):
        for key in [key for key in head_rows[upper] if key[0] == key[1] and key in head_rows[upper + 1]]:
            if reach[upper + 1][key][0] - reach[upper][key][1] <= 1.7 * size:
                head_rows[upper + 1][key][:0] = head_rows[upper].pop(key)
    for head in head_rows:
        out: list = [[] for _ in bands]
        for (first, last), parts in sorted(head.items()):
            out[first] = joined(parts)
            for b in range(first + 1, last + 1):
                out[b] = None
        rows.append((True, out))

    body = list(range(heads, len(lines)))
    steps = [lines[k].bottom - lines[k - 1].bottom for k in body[1:]]
    # The pitch of a cell's lines: the smallest step of a line (a step much smaller is a line of
    # the same row drawn a little lower: a cell's paragraph set apart, a raised run).
    lines_apart = [step for step in steps if step >= 0.6 * size]
    pitch = min(lines_apart) if lines_apart else min(steps) if steps else 0.0
    # Rows set apart: some steps clearly larger than the pitch of a cell's lines; a line within
    # 1.3 lines of the one above is the same row's.  Rows set only a point or two apart (a word
    # processor's cells padded: 13.5 pt rows of 10.5 pt lines): a line closer to the one above
    # than halfway to the rows' step is the same row's.
    apart = [step for step in steps if step > 1.2 * pitch]
    spaced = bool(apart)
    # (The lines' pitch here: a step shorter than the type's size is a line drawn in two pieces.)
    line_pitch = min((step for step in steps if step >= 1.1 * size), default=pitch)
    joining = min(1.3 * line_pitch, (line_pitch + min((step for step in steps if step > 1.2 * line_pitch),
                                                      default=2 * line_pitch)) / 2)
    current: list | None = None         # [cells by column, first line's style, lines]
    pending: list[list[Span]] = []      # a label wrapped onto its row's line below
    pending_lines: list[int] = []
    # Where each row of the body stands: its lines' top and bottom, and its first cell's.
    boxes: dict[int, list] = {}

    def mark(index: int, k: int, first: bool) -> None:
        box = boxes.setdefault(index, [lines[k].top, lines[k].bottom, None, None])
        box[0], box[1] = min(box[0], lines[k].top), max(box[1], lines[k].bottom)
        if first:
            box[2] = lines[k].top if box[2] is None else min(box[2], lines[k].top)
            box[3] = lines[k].bottom if box[3] is None else max(box[3], lines[k].bottom)

    for k in body:
        row = cells[k]
        line = lines[k]
        step = line.bottom - lines[k - 1].bottom if k > heads else None
        close = step is not None and step <= (joining if spaced else 1.6 * max(line.size, 1))
        placed = [(band(c), c) for c in row]
        # A paragraph of its own in a column but the first, set apart as rows are, is its row's too.
        own_paragraph = spaced and placed[0][0] != 0 and step is not None and step <= 2.5 * max(line.size, 1)
        if current is not None and (close or own_paragraph):
            # A figure's end wrapped under it stands on a line that leaves a column of figures of
            # the line above empty, or the first column (a row of its own fills them).
            sparse = placed[0][0] != 0 or any(current[0][b] and numeric(current[0][b][-1]) for b in
                                              set(range(len(bands))) - {b for b, _ in placed})
            clash = any(numeric(c) and any(numeric(p) for p in current[0][b])
                        and not (current[0][b] and figure_wrapped(text(current[0][b][-1]), text(c), spaced and sparse))
                        for b, c in placed)
            labelled = placed[0][0] == 0 and CELL_LABEL.match(text(placed[0][1]))
            same_style = not current[0][0] or placed[0][0] != 0 or style(current[0][0][0]) == style(placed[0][1])
            if spaced:
                joins = not clash and not labelled and same_style
            else:
                joins = not clash and placed[0][0] != 0
            if joins:
                for b, c in placed:
                    current[0][b].append(c)
                mark(len(rows) - 1, k, placed[0][0] == 0)
                continue
        if len(row) == 1 and placed[0][0] == 0 and not spaced and wrapped_label(k):
            pending.append(row[0])
            pending_lines.append(k)
            continue
        current = [[[] for _ in bands]]
        for b, c in placed:
            current[0][b].append(c)
        if pending:
            current[0][0][:0] = pending
            pending = []
        rows.append((False, current[0]))
        for m in [*pending_lines, k]:
            mark(len(rows) - 1, m, m != k or placed[0][0] == 0)
        pending_lines = []
    centred_row_heads(rows, boxes, text, numeric, size)
    rows = [(header, [cell if cell is None or header else joined(cell) for cell in out]) for header, out in rows]
    if is_rtl("".join(l.text for l in lines)):
        rows = [(header, right_to_left(out)) for header, out in rows]
    return rows


def right_to_left(cells: list) -> list:
    """A row's cells from the right: the first column of a right-to-left table is its rightmost.
    A cell over several columns (its ``None`` after it) stays before the columns it covers."""
    out: list = []
    covered = 0
    for cell in reversed(cells):
        if cell is None:
            covered += 1
            continue
        out += [cell] + [None] * covered
        covered = 0
    return out + [None] * covered


def centred_row_heads(rows: list, boxes: dict[int, list], text, numeric, size: float) -> None:
    """A row head set in the middle of the rows it heads (a cell merged down, its text centred
    beside them: "2021" beside "January" … "April") → at the top of them, where
    ``row_head_spans`` finds a head over the rows under it.  A table sets its row heads so
    when its first row of labels has none; each head then heads the rows around it whose middle
    is its own."""
    def first(index: int) -> str:
        return " ".join(text(part) for part in rows[index][1][0]).strip()

    def labelled(index: int) -> bool:
        if not 0 <= index < len(rows):
            return False
        cells = rows[index][1]
        return not rows[index][0] and len(cells) >= 3 and bool(cells[1]) and \
            not any(numeric(part) for part in cells[1]) and index in boxes

    body = [i for i in range(len(rows)) if labelled(i)]
    if not body or first(body[0]) or not any(first(i) for i in body):
        return
    claimed = -1
    for r in body:
        if not first(r) or boxes[r][2] is None:
            continue
        middle = (boxes[r][2] + boxes[r][3]) / 2
        up = []
        while r - len(up) - 1 > claimed and labelled(r - len(up) - 1) and not first(r - len(up) - 1):
            up.append(r - len(up) - 1)
        down = []
        while labelled(r + len(down) + 1) and not first(r + len(down) + 1):
            down.append(r + len(down) + 1)
        found = next(((u, d) for u in range(len(up), 0, -1) for d in range(len(down) + 1)
                      if abs((boxes[r - u][0] + boxes[r + d][1]) / 2 - middle) <= 0.3 * size), None)
        if found is None:
            claimed = r
            continue
        u, d = found
        rows[r - u][1][0], rows[r][1][0] = rows[r][1][0], rows[r - u][1][0]
        claimed = r + d


#: A line that is a label of its own, never run into the title under it: "Annex", "Annex II",
#: "Chapter IV", "Enclosure", "Appendix".
LABEL_LINE = re.compile(r"^(?:Annex|Annexe|Anexo|Приложение|المرفق|附件|Chapter|Chapitre|Capítulo|Глава|"
                        r"Enclosure|Appendix|Pièce jointe)(?:\s+[A-Z0-9IVXL]{1,6})?$")


def text_x0(line: Line) -> float:
    """Where the text of a line starts: after a number set apart before it ("1.", "78/117.")."""
    head = ""
    for first, second in zip(line.spans, line.spans[1:]):
        head += first.text
        if len(head.strip()) > 10:
            break
        if second.x0 - first.x1 > 1.0 * max(first.size, 1):
            return second.x0 if re.fullmatch(r"[\w/().\- ]+", head.strip()) else line.x0
    return line.x0


def columns(pieces: list[Piece]) -> list[Piece]:
    """Pieces with ``col`` set to where each starts in the emitted line (1-based)."""
    out, col = [], 1
    for piece in pieces:
        out.append(Piece(piece.text, piece.page, piece.line, col))
        col += len(piece.text)
    return out


def split_columns(line: Line) -> list[str]:
    """A line's spans → its parts set far apart (a masthead's left and right columns)."""
    parts: list[str] = []
    current = ""
    previous = None
    for span in line.spans:
        if previous is not None and span.x0 - previous.x1 > 3 * max(min(previous.size, span.size), 6):
            parts.append(current.strip())
            current = ""
        current += span.text
        previous = span
    parts.append(current.strip())
    # A doubtful gap in a masthead item: a space as the gap suggested.
    parts = [p.replace("\ue001", "").replace("\ue002", " ") for p in parts]
    return [p for p in parts if p]


#: The columns of a page set in two (``two_column_order``): the gutter's place, and how far the
#: right column is moved to stand under the left one.
Columns = tuple[float, float]


def crosses(line: Line, x: float) -> bool:
    """Whether a run of the line's text is set across ``x``."""
    return any(s.x0 < x < s.x1 for s in line.spans if s.text.strip())


def running_text(part: list[Span]) -> bool:
    """A column's line: mostly letters (a table's row is mostly figures), and no gap inside
    wider than two ems (a table's row is cells set apart)."""
    chars = "".join(s.text for s in part)
    letters = sum(ch.isalpha() for ch in chars)
    return letters >= 0.7 * len(chars.replace(" ", "")) and all(
        b.x0 - a.x1 <= 2 * max(a.size, b.size, 1) for a, b in zip(part, part[1:]))


def two_column_order(page: Page, before: Columns | None = None) -> tuple[list[Line], Columns | None]:
    """A page set in two columns of running text (a verbatim record: ``A/79/PV.12``,
    ``S/PV.9876``) → its lines in reading order, as one column: the left column's lines, then the
    right column's, each band between lines that cross the gutter (a heading or the record's
    header set across the page) read on its own.  The right column's spans are moved left by the
    distance between the columns' edges, so that indents, paragraph starts and headings are
    measured as in a page of one column; a printed row keeps its line number in both halves.

    A page is read so when it has a gutter: a vertical strip near the middle with at least six
    full lines of justified running text on each side of it (each a quarter to half the page
    wide), few lines crossing it.  Their baselines need not meet (a column's headings and
    paragraph spaces shift the other's lines).  Any other page (a table's cells are figures or
    ragged, a masthead's right part is short) is returned as it is.

    Returns the lines and the columns found, which ``before`` gives the next page: a record's
    last page, a few lines of each column, is read with the columns of the page before it."""
    lines = page.lines
    if before is not None and lines and sum(crosses(l, before[0]) for l in lines) <= 0.2 * len(lines):
        rows = [l for l in lines if not crosses(l, before[0]) and 0.1 * page.height < l.top < 0.88 * page.height]
        return in_columns(page, lines, rows, *before), before
    if len(lines) < 10:
        return lines, None
    wide = 0.25 * page.width
    # The full lines of each column: running text a quarter to half the page wide, wholly left
    # or right of the middle (a row holding a line of both columns, when their baselines meet,
    # gives one to each side).
    left: list[tuple[Line, float, float]] = []
    right: list[tuple[Line, float, float]] = []
    low, high = 0.35 * page.width, 0.65 * page.width
    for line in lines:
        if line.x1 - line.x0 < wide:
            continue
        spans = line.spans if line.spans[0].x0 <= line.spans[-1].x0 else line.spans[::-1]
        parts = [(spans, line.x0, line.x1)]
        if line.x0 < low and line.x1 > high:
            # Split at the widest gap near the middle, if wider than a word space can be (an em).
            split, widest, split_x = 0, max(6.0, spans[0].size), 0.0
            start = spans[0].x1      # the right edge of the spans so far
            for i in range(1, len(spans)):
                span = spans[i]
                if span.x0 - start > widest and start < high and span.x0 > low:
                    split, widest, split_x = i, span.x0 - start, start
                if span.x1 > start:
                    start = span.x1
            if split:
                parts = [(spans[:split], line.x0, split_x), (spans[split:], spans[split].x0, line.x1)]
        for part, x0, x1 in parts:
            if not wide <= x1 - x0 <= 0.5 * page.width or not running_text(part):
                continue
            if x1 < 0.6 * page.width:
                left.append((line, x0, x1))
            elif x0 > 0.4 * page.width:
                right.append((line, x0, x1))
    if len(left) < 6 or len(right) < 6:
        return lines, None

    # Each column is justified: most of its full lines end at one edge (a table's text cells,
    # ragged, do not).
    def edge(ends: list[float]) -> tuple[float, int]:
        """The place most of ``ends`` are within 3 points of, and how many are."""
        return max(((x, sum(abs(x - y) < 3 for y in ends)) for x in ends), key=lambda e: e[1])

    left_edge, count = edge([x1 for _, _, x1 in left])
    right_end, right_count = edge([x1 for _, _, x1 in right])
    if count < 0.5 * len(left) or right_count < 0.5 * len(right):
        return lines, None
    left = [piece for piece in left if piece[2] < left_edge + 3]
    right = [piece for piece in right if piece[1] > left_edge + 3 and piece[2] < right_end + 3]
    if len(left) < 6 or len(right) < 6:
        return lines, None
    right_edge = min(x0 for _, x0, _ in right)
    gutter = (max(x1 for _, _, x1 in left) + right_edge) / 2
    shift = right_edge - min(x0 for _, x0, _ in left)
    rows = {id(line) for line, _, _ in left + right}
    best_rows = [line for line in lines if id(line) in rows]
    # Across a gutter only a heading or a record's header is set: a page where many lines between
    # those rows cross it is one column of justified text whose word spaces happen to line up
    # (a Russian resolution, its words set as runs of their own).
    first, last = lines.index(best_rows[0]), lines.index(best_rows[-1])
    if sum(crosses(l, gutter) for l in lines[first:last + 1]) > 0.2 * (last - first + 1):
        return lines, None
    return in_columns(page, lines, best_rows, gutter, shift), (gutter, shift)


def in_columns(page: Page, lines: list[Line], rows: list[Line], gutter: float, shift: float) -> list[Line]:
    """The lines of a page in two columns (``two_column_order``) in reading order.  The columns run
    from the first of ``rows`` (lines known to be in a column) to the last, widened over the
    lines of the columns' size next to them that do not cross the gutter (a column's first or
    last lines), never into the page's head (the first page's masthead, a later page's running
    head in smaller type)."""
    if not rows:
        return lines
    size = Counter(l.size for l in rows).most_common(1)[0][0]
    top = 0.2 * page.height if page.number == 1 else 0.0

    def in_column(line: Line) -> bool:
        # (A column may run into the zone of the page's foot; its furniture is dropped by its top.)
        return not crosses(line, gutter) and abs(line.size - size) < 0.6 and top < line.top

    first, last = lines.index(rows[0]), lines.index(rows[-1])
    while first > 0 and in_column(lines[first - 1]):
        first -= 1
    while last + 1 < len(lines) and in_column(lines[last + 1]):
        last += 1
    out = lines[:first]
    band_left: list[Line] = []
    band_right: list[Line] = []

    def close_band() -> None:
        if band_left and band_right:
            band_right[0].column_top = True     # read as a page's first line: it may go on with the left column
        out.extend(band_left)
        out.extend(band_right)
        band_left.clear()
        band_right.clear()

    for line in lines[first:last + 1]:
        if crosses(line, gutter):
            close_band()
            out.append(line)
            continue
        left = [s for s in line.spans if s.x1 <= gutter]
        right = [s for s in line.spans if s.x0 >= gutter]
        if left:
            band_left.append(Line(left, line.page, line.number, line.top, line.bottom, line.known_layout))
        if right:
            moved = [dataclasses.replace(s, x0=s.x0 - shift, x1=s.x1 - shift) for s in right]
            band_right.append(Line(moved, line.page, line.number, line.top, line.bottom, line.known_layout))
    close_band()
    out.extend(lines[last + 1:])
    return out


#: "1.", "(a)", "IV.", "B."; in Arabic "1 -" (the UN's Arabic documents number paragraphs so).
PARAGRAPH_NUMBER = re.compile(r"^(\d{1,3})\s?[.]\s|^\d{1,3}\s?-\s|^\((?:[a-z]{1,3}|[ivxl]{1,6}|\d{1,2})\)\s|^[IVXL]{1,6}\.\s|^[A-Z]\.\s"
                              # a paragraph numbered in its section ("1.1 For the purposes …"; not "2.5 per cent")
                              r"|^\d{1,3}\.\d{1,3}\.?\s(?=[^\sa-zà-ÿа-яё\d])")


#: A paragraph's number: "12. " (not a list item's "(a)", nor a heading's "IV." or "B.").
PARAGRAPH_NUMBER_ONLY = re.compile(r"^\d{1,3}\s?\.\s")


def ends_paragraph(text: str) -> bool:
    """A line that ends a paragraph: a full stop or a colon at its end (a semicolon ends an item
    of a list, which may be run in)."""
    return text.rstrip().rstrip("”’\"')").endswith((".", ":", "!", "?"))


def starts_numbered(text: str) -> bool:
    return bool(PARAGRAPH_NUMBER.match(text))


def continues(before: str, after: str, line: Line) -> bool:
    """Without layout: does ``after`` (the first line of a page) continue ``before``?"""
    from .text import ends_sentence
    return not starts_numbered(after) and (not ends_sentence(before) and not before.endswith(",")
                                           or after[:1].islower())


def note_marker(line: Line, layout: bool) -> tuple[str | None, list[Span]]:
    """The marker opening a note body line, and the spans after it."""
    if line.spans and line.spans[0].sup:
        # An Arabic note's marker in parentheses, "(1)", as its call.
        return re.sub(r"^\((\d{1,3})\)$", r"\1", line.spans[0].text.strip()), line.spans[1:]
    if layout:
        first = line.spans[0]
        marker = first.text.strip()
        if first.sup and re.fullmatch(r"\d{1,3}|\*{1,3}", marker) or re.fullmatch(r"\*{1,3}", marker):
            return marker, line.spans[1:]
        # An asterisk note's marker set in roman, in one run with its text: "* Reissued for …".
        star = re.match(r"^\s*(\*{1,3})\s+(?=\S)", first.text)
        if star:
            return star[1], [dataclasses.replace(first, text=first.text[star.end():]), *line.spans[1:]]
        # A UN note opens with a raised number; a line of a note that starts with a number
        # ("11 March 2024 …") is not a new note.
        return None, line.spans
    m = re.match(r"^(\d{1,3}|\*{1,3})\s+\S", line.text.strip())
    if m and line.spans and m[1].startswith("*"):
        # An asterisk note read from plain text: its body after the marker.
        lead = re.match(r"^\s*\*{1,3}\s*", line.spans[0].text)
        if lead:
            return m[1], [dataclasses.replace(line.spans[0], text=line.spans[0].text[lead.end():]), *line.spans[1:]]
    # A text extract's note numbers are raised by its reader, on the document's evidence; a note's
    # line that opens with another number ("5 January 2025.") goes on the note before it.
    return None, line.spans


# ------------------------------------------------------------------ into the model

def read_paged(pages, name: str, reporter: Reporter, options, layout: bool):
    """Pages → (model, normalised text): the normalised text is read by ``readers.text`` and
    repaired by the transforms; every diagnostic and source position is then mapped back to the
    page and line of the source."""
    from .. import model
    from ..diagnostics import Diagnostic, SourceError
    from ..model import PL
    from ..transforms import Context, run_transforms
    from .text import ReadOptions, read_report

    normaliser = PageNormaliser(name, reporter, layout)
    norm = normaliser.run(list(pages))
    facts = norm.facts
    options = options or ReadOptions()
    organs = [ORGAN_NAMES[ORGAN_KEYS[masthead_key(n)]] for n in facts.get("organ_names", [])
              if masthead_key(n) in ORGAN_KEYS]
    # The symbol's series is more specific than the masthead's organ when the masthead prints
    # that series' parent (A/HRC/…: "General Assembly"); else the masthead decides.
    from ..languages import masthead_organ, organ_of
    series = organ_of(options.symbol or facts.get("symbol"))
    if organs and series and masthead_organ(series) == organs[0]:
        organs[0] = series
    options = options.merged(symbol=facts.get("symbol"), language=facts.get("language"),
                             date=facts.get("date"), original_language=facts.get("original_language"),
                             organ=organs[0] if organs else None)
    if not options.symbol:
        raise SourceError("cannot find the document symbol in the masthead", SourcePos(name, 1, 1),
                          "give it in a <stem>.meta.toml sidecar: symbol = \"A/78/1\"")
    if not options.language:
        raise SourceError("cannot tell the language of the document from its text", SourcePos(name, 1, 1),
                          "give it in a <stem>.meta.toml sidecar: language = \"en\"")
    from ..languages import UnknownLanguage, language
    from .text import Block, classify, first_body_index, inline_trees, model_from_blocks
    try:
        lang = language(options.language)
    except UnknownLanguage as exc:
        raise SourceError(str(exc), SourcePos(name, 1, 1)) from None
    inner = Reporter()
    blocks = []
    for index, (text, layout) in enumerate(zip(norm.lines, norm.layouts)):
        if text.strip():
            block = Block(index + 1, 1, text.strip())
            classify(block)
            block.layout = layout
            if layout == "heading" and block.kind == "paragraph":
                # A bold numbered line ("1. Board of Auditors") heads a subsection: its number is
                # part of its heading, not a paragraph's.
                block.kind, block.num, block.printed, block.body, block.body_offset = "text", "", "", block.text, 0
            elif layout == "item" and block.kind == "paragraph":
                # An item numbered "1." in a paragraph's list: one level, labelled as printed.
                block.kind, block.num = "item", block.printed
            elif block.kind in ("chapter", "division") and record_turn(block.text, facts.get("symbol", "")):
                # "M. Smith (Royaume-Uni) : …": a French speaker's title, not chapter M (1000).
                block.kind, block.num, block.printed, block.body, block.body_offset = "text", "", "", block.text, 0
            blocks.append(block)
    try:
        if not blocks:
            raise SourceError("the document has no text", SourcePos(name, 1, 1))
        starts_inside = facts.get("masthead") is False
        for block in blocks[:0 if starts_inside else first_body_index(blocks, name)]:
            if block.kind not in ("note", "text"):
                # Before the body a list label or an annex line is cover text: keep all of it (as
                # readers.text does), not the text after its label ("(iii) to approve …").
                block.kind, block.num, block.printed, block.body, block.body_offset = "text", "", "", block.text, 0
        inlines = inline_trees([b.body for b in blocks])
        tree = model_from_blocks(blocks, inlines, name, inner, options, lang, starts_inside=starts_inside)
        insert_tables(tree, norm.tables, norm.table_notes, inner, name)
        if facts.get("job_number"):
            for el in model.xpath(tree, "//pl:document"):
                el.set("jobNumber", facts["job_number"])
        unique_eids(tree, inner, name)
        run_transforms(tree, Context(inner, name, norm.lines, 1))
    except SourceError as exc:
        if exc.pos is not None and exc.pos.path == name:
            exc.pos = norm.source_pos(exc.pos.line, exc.pos.column)
        for d in inner.diagnostics:
            reporter.diagnostics.append(remap(d, norm, name))
        raise
    for d in inner.diagnostics:
        if d.code in ("lines-joined",):
            continue
        reporter.diagnostics.append(remap(d, norm, name))
    for el in tree.iter():
        line = el.get(PL + "line")
        if line is None:
            continue
        pos = norm.source_pos(int(line), int(el.get(PL + "col", "1")))
        el.set(PL + "line", str(pos.line))
        el.set(PL + "col", str(pos.column))
        el.set(PL + "page", pos.path.rsplit("=", 1)[-1] if "#page=" in pos.path else "1")
    return tree, norm


def record_turn(text: str, symbol: str) -> bool:
    """Does a paragraph of a meeting record open a turn ("M. Smith (Royaume-Uni) : …")?"""
    from ..transforms.records import RECORD_SYMBOL, opens_record_paragraph
    return bool(RECORD_SYMBOL.search(symbol)) and opens_record_paragraph(text, "/SR." in symbol) == "turn"


def unique_eids(tree, reporter: Reporter, name: str) -> None:
    """An eId the structure rules gave twice (a chapter number printed twice, a second list in
    one paragraph) gets a suffix, with the eIds under it; each one is reported."""
    from ..model import PL, xpath
    seen: set[str] = set()
    for el in xpath(tree, "//*[@eId]"):
        eid = el.get("eId")
        if eid not in seen:
            seen.add(eid)
            continue
        n = 2
        while f"{eid}_{n}" in seen:
            n += 1
        new = f"{eid}_{n}"
        el.set("eId", new)
        seen.add(new)
        for child in el.iterdescendants():
            value = child.get("eId")
            if value and value.startswith(eid + "__"):
                child.set("eId", new + value[len(eid):])
        line = el.get(PL + "line")
        reporter.warning("eid-duplicate", f"the identifier {eid} was given twice; the second is {new}",
                         SourcePos(name, int(line) if line else 1, int(el.get(PL + "col", "1"))),
                         "a chapter, division or list number is printed twice: check the numbering")


def cell_paragraph(text: str):
    """A table cell's text → its ``p``, a raised note letter as a ``sup``."""
    from ..model import E
    parts = text.split(RAISED)
    p = E("p", parts[0])
    for index in range(1, len(parts), 2):
        sup = E("sup", parts[index])
        sup.tail = parts[index + 1] if index + 1 < len(parts) else ""
        p.append(sup)
    return p


def insert_tables(tree, tables: dict[str, list], notes: dict[str, list[tuple[str, str]]] | None = None,
                  reporter: Reporter | None = None, name: str = "") -> None:
    """Each table's placeholder paragraph → an AKN ``table`` of ``tr``/``th``/``td`` cells (a cell
    over several columns with its ``colspan``), its own notes at their calls (``put_table_notes``)."""
    from ..model import E, xpath
    count = 0
    for p in xpath(tree, "//a:p[contains(., '\ue010table ')]"):
        key = "".join(p.itertext()).strip()
        rows = tables.get(key)
        if rows is None:
            continue
        count += 1
        table = E("table", eId=f"table_{count}")
        spans = row_head_spans(rows)
        covered = {k for first, span in spans.items() for k in range(first + 1, first + span)}
        for index, (header, cells) in enumerate(rows):
            tr = E("tr")
            for column, cell in enumerate(cells):
                if column == 0 and index in covered:
                    continue            # the row head above stands beside this row too
                if cell is None:        # the column is the cell's before it (a head over several columns)
                    tr[-1].set("colspan", str(int(tr[-1].get("colspan", "1")) + 1))
                else:
                    tr.append(E("th" if header else "td", cell_paragraph(cell)))
                    if column == 0 and index in spans:
                        tr[-1].set("rowspan", str(spans[index]))
            table.append(tr)
        put_table(p, table)
        if notes and notes.get(key):
            put_table_notes(table, notes[key], reporter or Reporter(), name)


def row_head_spans(rows: list) -> dict[int, int]:
    """The row heads of the first column that stand beside several rows (a cell merged down):
    {row index: rows it spans}.  A table with two columns of row heads ("2021" | "January",
    "February" … "December", then "Total") sets the outer head once, at the top of its group:
    the rows under it with nothing in the first column and a head of their own in the second
    are its rows too.  Rows whose second column holds figures are not (an empty first cell
    before a figure is an empty cell)."""
    def text(cell) -> str:
        return re.sub(r"[\s\ue011]+", " ", cell or "").strip()

    def labelled(cells) -> bool:
        return len(cells) >= 3 and bool(text(cells[1])) and not NUMERIC_CELL.match(text(cells[1])) \
            and cells[1] is not None

    spans: dict[int, int] = {}
    index = 0
    while index < len(rows):
        header, cells = rows[index]
        if header or not text(cells[0]) or not labelled(cells):
            index += 1
            continue
        end = index + 1
        while end < len(rows) and not rows[end][0] and not text(rows[end][1][0]) and labelled(rows[end][1]):
            end += 1
        if end - index > 1:
            spans[index] = end - index
        index = end
    return spans


def put_table_notes(table, notes: list[tuple[str, str]], reporter: Reporter, name: str) -> None:
    """A table's own notes ("a Including …", set under the table) → ``authorialNote`` elements
    with the note's letter as ``marker``, each at its first call: a raised letter in a cell
    (``sup``) or in the table's title above it (the ``RAISED_LETTERS`` the text has).  A later call
    of the same note is a ``noteRef`` to it (AKN has one ``authorialNote`` a note; the writers show
    the letter, linked to the note); a note no call names is kept as text after the table,
    reported."""
    from ..model import E, PL, splice_text, xpath
    from ..transforms.footnotes import note_eid
    used = set(xpath(table.getroottree(), "//@eId"))
    bodies = dict(notes)
    placed: dict[str, str] = {}         # marker → the eId of its note

    def note(marker: str):
        if marker in placed:
            return E("noteRef", marker=marker, href="#" + placed[marker])
        placed[marker] = note_eid(marker, used)
        el = E("authorialNote", E("p", bodies[marker]), marker=marker, placement="bottom", eId=placed[marker])
        if table.get(PL + "line"):
            el.set(PL + "line", table.get(PL + "line"))
            el.set(PL + "col", table.get(PL + "col", "1"))
        return el

    # The title above the table (its heading, or the paragraph before it): its raised letters.
    raised = {v: k for k, v in RAISED_LETTERS.items()}
    for title in xpath(table, "preceding::*[self::a:p or self::a:heading or self::a:subheading]"
                              "[not(ancestor::a:table)][position() <= 2]"):
        for el in [title, *title.iterdescendants()]:
            for slot in ("text", "tail"):
                if el is title and slot == "tail" or not isinstance(el.tag, str):
                    continue
                text = getattr(el, slot)
                if not text or not any(raised.get(c) in bodies for c in text):
                    continue
                nodes, start = [], 0
                for index, char in enumerate(text):
                    marker = raised.get(char)
                    if marker in bodies:
                        nodes += [text[start:index], note(marker)]
                        start = index + 1
                nodes.append(text[start:])
                splice_text(el, slot, nodes)
    for sup in list(xpath(table, ".//a:sup")):
        markers = [m.strip() for m in (sup.text or "").split(",")]
        if not all(m in bodies for m in markers):
            continue
        parent, tail = sup.getparent(), sup.tail
        index = parent.index(sup)
        parent.remove(sup)
        made = [note(m) for m in markers]
        for offset, el in enumerate(made):
            parent.insert(index + offset, el)
        made[-1].tail = tail
    after = table
    for marker, text in notes:
        if marker in placed:
            continue
        line = table.get(PL + "line")
        reporter.warning("table-note-without-call",
                         f"the table's note {marker} has no call in the table or its title; "
                         "kept as text after the table",
                         SourcePos(name, int(line) if line else 1, int(table.get(PL + "col", "1"))),
                         f"check the table for the raised {marker} that calls it")
        p = E("p", f"{marker} {text}")
        after.addnext(p)
        after = p


def put_table(p, table) -> None:
    """``table`` in the place of its placeholder paragraph ``p`` (its source position kept); where a
    block cannot stand (a list item, a heading), after the block that holds the placeholder."""
    from ..model import PL
    for key_ in (PL + "line", PL + "col"):
        if p.get(key_):
            table.set(key_, p.get(key_))
    parent = p.getparent()
    if parent.tag.endswith(("}content", "}container", "}td", "}intro", "}wrapUp")):
        parent.replace(p, table)
    else:
        holder = p
        while holder.getparent() is not None and not holder.getparent().tag.endswith("}content"):
            holder = holder.getparent()
        holder.addnext(table) if holder.getparent() is not None else parent.replace(p, table)
        if p.getparent() is not None:
            p.getparent().remove(p)


def remap(d, norm: Normalised, name: str):
    from ..diagnostics import Diagnostic
    if d.pos is None or d.pos.path != name:
        return d
    return Diagnostic(d.level, d.code, d.message, norm.source_pos(d.pos.line, d.pos.column), d.hint)
