"""An official UN PDF → pages of lines with their layout (fonts, sizes, positions, superscripts).

The layout comes from PDFium (``pypdfium2``, Apache-2.0/BSD-3): the page's text objects — one
per run of text in one font — with their bounds, font size, font name and flags, read through
PDFium's C API one object at a time (not one character at a time), so a page costs a few
hundred calls.  Measured on the 56-page A/79/352 (bench/pdf_read.py): PyMuPDF is AGPL (not a
runtime dependency), pdfplumber/pdfminer.six take about 30 times as long as
``pdftotext -bbox-layout``, and poppler's bbox output has no font names, so no bold or italic.

Pages are read one at a time and closed, so memory holds one page of PDFium objects besides the
lines kept.  What cannot be read is one :class:`SourceError` naming the file: encrypted,
damaged, truncated, or scanned without a text layer (OCR is needed).
"""

from __future__ import annotations

import ctypes
import importlib.util
import math
import re
import threading
import types
from pathlib import Path

from ..diagnostics import SourceError, SourcePos
from .layout import Line, Page, Span

#: PDFium's FPDF_GetLastError codes.
_ERRORS = {1: "unknown error", 2: "file not found or could not be opened", 3: "not a PDF or damaged",
           4: "password", 5: "unsupported security scheme", 6: "page not found or damaged"}

BOLD_NAME = re.compile(r"bold|black|heavy|semibold|demi", re.I)
#: A Chinese "Hei" (黑, black) face: the UN's Chinese bold is SimHei, a face of regular weight
#: whose boldness is its name, not its flags or stem ("SimHei", "STHeiti", "FZHei-B01S", the name
#: 黑体 written in GBK); Microsoft YaHei is a plain sans, set as text.
HEI_NAME = re.compile(r"(?<!Ya)Hei(?:ti)?(?![a-z])|黑")
ITALIC_NAME = re.compile(r"italic|oblique|-it\b|,it\b", re.I)
NAMED_STYLE = re.compile(r"[-,]|MT$")


def _error(name: str, message: str, hint: str | None = None) -> SourceError:
    return SourceError(message, SourcePos(name, 1, 1), hint)


def check_complete(data: bytes, name: str) -> None:
    """A PDF ends with ``%%EOF`` (then at most white space): anything else was cut short."""
    if b"%%EOF" not in data[-2048:]:
        raise _error(name, "the PDF file is truncated (it does not end with %%EOF)",
                     "download it again: the file was cut short")


#: PDFium is not thread-safe: no two of its calls may run at once, in any two threads, even on two
#: documents (pypdfium2's documentation).  Every call of the reader holds this lock; it is not
#: held across a ``yield``, and every page, text page and document is closed explicitly (never
#: left to the collector, which may run in another thread).
PDFIUM_LOCK = threading.RLock()


#: The PDFium functions the reader calls, with their C signatures: every handle (document, page,
#: text page, object, font) is a ``void *``, which ctypes passes and returns as a plain int.
_SIGNATURES = {
    "FPDF_InitLibraryWithConfig": (None, "config"),
    "FPDF_GetLastError": (ctypes.c_ulong,),
    "FPDF_LoadMemDocument64": (ctypes.c_void_p, ctypes.c_char_p, ctypes.c_size_t, ctypes.c_char_p),
    "FPDF_CloseDocument": (None, ctypes.c_void_p),
    "FPDF_GetPageCount": (ctypes.c_int, ctypes.c_void_p),
    "FPDF_LoadPage": (ctypes.c_void_p, ctypes.c_void_p, ctypes.c_int),
    "FPDF_ClosePage": (None, ctypes.c_void_p),
    "FPDF_GetPageWidthF": (ctypes.c_float, ctypes.c_void_p),
    "FPDF_GetPageHeightF": (ctypes.c_float, ctypes.c_void_p),
    "FPDFPage_CountObjects": (ctypes.c_int, ctypes.c_void_p),
    "FPDFPage_GetObject": (ctypes.c_void_p, ctypes.c_void_p, ctypes.c_int),
    "FPDFFormObj_CountObjects": (ctypes.c_int, ctypes.c_void_p),
    "FPDFFormObj_GetObject": (ctypes.c_void_p, ctypes.c_void_p, ctypes.c_ulong),
    "FPDFPageObj_GetType": (ctypes.c_int, ctypes.c_void_p),
    "FPDFPageObj_GetMatrix": (ctypes.c_int, ctypes.c_void_p, "matrix"),
    "FPDFPageObj_GetBounds": (ctypes.c_int, ctypes.c_void_p, *[ctypes.POINTER(ctypes.c_float)] * 4),
    "FPDFTextObj_GetText": (ctypes.c_ulong, ctypes.c_void_p, ctypes.c_void_p, ctypes.c_char_p, ctypes.c_ulong),
    "FPDFTextObj_GetFontSize": (ctypes.c_int, ctypes.c_void_p, ctypes.POINTER(ctypes.c_float)),
    "FPDFTextObj_GetFont": (ctypes.c_void_p, ctypes.c_void_p),
    "FPDFFont_GetBaseFontName": (ctypes.c_size_t, ctypes.c_void_p, ctypes.c_char_p, ctypes.c_size_t),
    "FPDFFont_GetItalicAngle": (ctypes.c_int, ctypes.c_void_p, ctypes.POINTER(ctypes.c_int)),
    "FPDFFont_GetWeight": (ctypes.c_int, ctypes.c_void_p),
    "FPDFText_LoadPage": (ctypes.c_void_p, ctypes.c_void_p),
    "FPDFText_ClosePage": (None, ctypes.c_void_p),
    "FPDFText_CountChars": (ctypes.c_int, ctypes.c_void_p),
    "FPDFText_GetText": (ctypes.c_int, ctypes.c_void_p, ctypes.c_int, ctypes.c_int, ctypes.c_char_p),
    "FPDFText_IsGenerated": (ctypes.c_int, ctypes.c_void_p, ctypes.c_int),
    "FPDFText_GetTextObject": (ctypes.c_void_p, ctypes.c_void_p, ctypes.c_int),
    "FPDFText_GetCharBox": (ctypes.c_int, ctypes.c_void_p, ctypes.c_int, *[ctypes.POINTER(ctypes.c_double)] * 4),
}

#: PDFium's object types (fpdf_edit.h).
FPDF_PAGEOBJ_TEXT, FPDF_PAGEOBJ_IMAGE, FPDF_PAGEOBJ_FORM = 1, 3, 5


class FS_MATRIX(ctypes.Structure):
    """A page object's transformation matrix (fpdfview.h)."""
    _fields_ = [(name, ctypes.c_float) for name in "abcdef"]


class FPDF_LIBRARY_CONFIG(ctypes.Structure):
    """PDFium's configuration, version 2 (fpdfview.h): the fields that version reads."""
    _fields_ = [("version", ctypes.c_int), ("m_pUserFontPaths", ctypes.c_void_p),
                ("m_pIsolate", ctypes.c_void_p), ("m_v8EmbedderSlot", ctypes.c_uint)]


def _pdfium():
    """PDFium's C API: the library ``pypdfium2_raw`` ships, with the functions the reader calls
    declared here (:data:`_SIGNATURES`), initialised once.

    Handles are plain ints rather than ctypes pointers: no ``ctypes.cast`` per text run and no
    pointer objects converted at each call.  Measured in one process per run, interleaved
    (minimum of three readings of the 56-page A/79/352, five processes each, on a loaded
    machine): 0.29–0.34 s of CPU against 0.33–0.37 s through ``pypdfium2_raw``'s bindings.
    Start-up is the same either way (loading the library is what costs: 65 ms of CPU with
    Python's start, whether or not the bindings declare PDFium's whole API).  The functions
    are taken from a CDLL of the reader's own (``library[name]`` makes a new function object), so
    pypdfium2's own declarations are left as they are for any other user in the process; a
    pypdfium2 built without a library file in its package is used through its bindings'
    library.  Initialising twice is harmless (PDFium ignores a second call)."""
    global _API
    if _API is None:
        spec = importlib.util.find_spec("pypdfium2_raw")
        folder = Path(next(iter(spec.submodule_search_locations)))
        path = next((p for p in sorted(folder.iterdir()) if p.name in _LIBRARY_NAMES), None)
        if path is None:
            from pypdfium2_raw import bindings
            path = bindings._libs["pdfium"]._name
        library = ctypes.CDLL(str(path))
        api = types.SimpleNamespace()
        for function, (restype, *argtypes) in _SIGNATURES.items():
            c_function = library[function]
            c_function.restype = restype
            c_function.argtypes = [ctypes.POINTER(FPDF_LIBRARY_CONFIG) if t == "config" else
                                   ctypes.POINTER(FS_MATRIX) if t == "matrix" else t for t in argtypes]
            setattr(api, function, c_function)
        api.FPDF_InitLibraryWithConfig(FPDF_LIBRARY_CONFIG(version=2, m_pUserFontPaths=None, m_pIsolate=None,
                                                           m_v8EmbedderSlot=0))
        _API = api
    return _API


_API = None
_LIBRARY_NAMES = ("libpdfium.so", "libpdfium.dylib", "pdfium.dll")


def read_pages(data: bytes, name: str):
    """Yield the pages of the PDF ``data``, one at a time."""
    check_complete(data, name)
    with PDFIUM_LOCK:
        raw = _pdfium()
        # PDFium reads ``data`` in place: it stays referenced here until the document is closed.
        doc = raw.FPDF_LoadMemDocument64(data, len(data), None)
        if not doc:
            code = raw.FPDF_GetLastError()
            if code in (4, 5):
                raise _error(name, "the PDF is encrypted and cannot be read without its password",
                             "ask for an unprotected copy (the UN's ODS serves them unencrypted)") from None
            raise _error(name, f"the PDF cannot be read: {_ERRORS.get(code, 'unknown error')}",
                         "the file is damaged: download it again") from None
    try:
        with PDFIUM_LOCK:
            count = raw.FPDF_GetPageCount(doc)
        if count <= 0:
            raise _error(name, "the PDF has no pages")
        text_seen = images = 0
        for index in range(count):
            with PDFIUM_LOCK:
                page = raw.FPDF_LoadPage(doc, index)
                if not page:
                    raise _error(name, f"page {index + 1} of the PDF is damaged", "download the file again")
                try:
                    width, height = raw.FPDF_GetPageWidthF(page), raw.FPDF_GetPageHeightF(page)
                    textpage = raw.FPDFText_LoadPage(page)
                    if not textpage:
                        raise _error(name, f"page {index + 1} of the PDF is damaged", "download the file again")
                    try:
                        runs, page_images = _runs(raw, page, textpage, height)
                    finally:
                        raw.FPDFText_ClosePage(textpage)
                finally:
                    raw.FPDF_ClosePage(page)
            text_seen += bool(runs)
            images += page_images
            yield Page(index + 1, _lines(runs, index + 1), width, height, page_images)
        if not text_seen:
            if images:
                raise _error(name, "the PDF is a scanned image with no text layer: OCR is needed",
                             "run OCR on it first (e.g. ocrmypdf), then build the OCRed PDF")
            raise _error(name, "the PDF has no text")
    finally:
        with PDFIUM_LOCK:
            raw.FPDF_CloseDocument(doc)


#: What a text run's characters become: PDFium's line ends inside a run are spaces, its
#: generated hyphen (U+0002) a hyphen, NULs nothing.
_RUN_TEXT = str.maketrans({"\x00": None, "\r": None, "\n": " ", "\x02": "-"})


def _runs(raw, page, textpage, height: float) -> tuple[list, int]:
    """The page's text objects as spans (with ``top``/``bottom`` from the top of the page)."""
    runs: list[tuple[Span, float, float]] = []
    images = 0
    left, bottom, right, top = (ctypes.c_float() for _ in range(4))
    size = ctypes.c_float()
    matrix = FS_MATRIX()
    fonts: dict[int, tuple[str, bool, bool]] = {}
    # One text buffer for the page, grown when a run needs more (a call per run, not two); a
    # run's text is copied at its length.
    capacity = 4096
    buffer = ctypes.create_string_buffer(capacity)
    view = memoryview(buffer).cast("B")     # a run's bytes sliced from it: half ``string_at``'s cost
    object_type, object_text, get_matrix = raw.FPDFPageObj_GetType, raw.FPDFTextObj_GetText, raw.FPDFPageObj_GetMatrix
    get_bounds, get_size, get_font = raw.FPDFPageObj_GetBounds, raw.FPDFTextObj_GetFontSize, raw.FPDFTextObj_GetFont
    TEXT, IMAGE, FORM = FPDF_PAGEOBJ_TEXT, FPDF_PAGEOBJ_IMAGE, FPDF_PAGEOBJ_FORM

    gaps = _inner_gaps(raw, textpage)

    def walk(objects):
        nonlocal images, buffer, capacity, view
        for obj in objects:
            kind = object_type(obj)
            if kind != TEXT:
                if kind == IMAGE:
                    images += 1
                elif kind == FORM:
                    walk([raw.FPDFFormObj_GetObject(obj, i) for i in range(raw.FPDFFormObj_CountObjects(obj))])
                continue
            n = object_text(obj, textpage, buffer, capacity)
            if n <= 2:
                continue
            if n > capacity:
                capacity = 2 * n
                buffer = ctypes.create_string_buffer(capacity)
                view = memoryview(buffer).cast("B")
                object_text(obj, textpage, buffer, capacity)
            text = view[:n - 2].tobytes().decode("utf-16-le", "replace")
            run_text = text.translate(_RUN_TEXT)
            if not run_text.strip():
                continue
            get_matrix(obj, matrix)
            b, c = matrix.b, matrix.c
            rotated = (1 if b > 0 else -1) if b > 1e-3 or b < -1e-3 or c > 1e-3 or c < -1e-3 else 0
            get_bounds(obj, left, bottom, right, top)
            get_size(obj, size)
            font = get_font(obj)
            key = font or 0
            style = fonts.get(key)
            if style is None:
                style = fonts[key] = _font_style(raw, font) if key else ("", False, False)
            scale = math.hypot(c, matrix.d) or 1.0     # the vertical scale, rotated or not
            # Rotated text (a figure's axis label, a landscape page's margin): a line of its own,
            # placed where it starts at the top.  The run whole (its text translated above), or
            # its pieces (translated below).
            pieces = [(run_text, left.value, right.value)]
            inner = gaps.get(obj) if not rotated else None
            if inner:
                em = max(size.value * scale, 1.0)
                chars = list(text)
                pieces, start, x0 = [], 0, left.value
                for offset, end, begin in inner:
                    if (begin - end) / em > 0.5:
                        # Words the run draws far apart (a table's columns set in one run): a span each.
                        pieces.append(("".join(chars[start:offset]), x0, end))
                        start, x0 = offset + 1, begin
                    elif 0 < offset < len(text) - 1 and text[offset] == " ":
                        chars[offset] = _inner_space(text[offset - 1], text[offset + 1], (begin - end) / em)
                pieces.append(("".join(chars[start:]), x0, right.value))
            for index, (piece, x0, x1) in enumerate(pieces):
                if inner:
                    piece = piece.translate(_RUN_TEXT)
                if piece.strip():
                    runs.append((Span(piece, x0, x1, round(size.value * scale, 2), style[1], style[2],
                                      False, style[0], rotated=rotated, run_piece=index > 0),
                                 height - top.value, height - bottom.value if rotated else height - matrix.f))

    walk([raw.FPDFPage_GetObject(page, i) for i in range(raw.FPDFPage_CountObjects(page))])
    return runs, images


def _inner_gaps(raw, textpage) -> dict[int, list[tuple[int, float, float]]]:
    """Where a text run leaves a gap between two of its glyphs: PDFium marks it with a space it
    generates (a justified line's word spaces are characters of the text).  A gap of more than
    half an em parts words (a table's row set as one run, its columns placed by the run's own
    offsets); a smaller one is a justified line's kerning kept inside the run by a producer
    that sets a whole line as one run (pdftocairo, Ghostscript: "humankin d"), decided by
    :func:`_inner_space`.  For each run (by its address): the offset of that space in the run's
    text, where the glyph before it ends and where the one after it starts."""
    tp = textpage
    count = raw.FPDFText_CountChars(tp)
    if count <= 0:
        return {}
    buffer = ctypes.create_string_buffer(2 * (count + 1))
    raw.FPDFText_GetText(tp, 0, count, buffer)
    chars = buffer.raw[: 2 * count].decode("utf-16-le", "replace")
    if len(chars) != count:
        return {}       # a character outside the basic plane: offsets would not match; no split
    left, right, bottom, top = (ctypes.c_double() for _ in range(4))
    gaps: dict[int, list[tuple[int, float, float]]] = {}
    starts: dict[int, int] = {}
    index = chars.find(" ", 1)
    while 0 < index < count - 1:
        if chars[index - 1] not in " \r\n" and chars[index + 1] not in " \r\n" and \
                raw.FPDFText_IsGenerated(tp, index) == 1:
            key = raw.FPDFText_GetTextObject(tp, index - 1)
            if key and raw.FPDFText_GetTextObject(tp, index + 1) == key:
                raw.FPDFText_GetCharBox(tp, index - 1, left, right, bottom, top)
                end = right.value
                raw.FPDFText_GetCharBox(tp, index + 1, left, right, bottom, top)
                begin = left.value
                if begin > end:
                    if key not in starts:
                        first = index - 1
                        while first > 0 and raw.FPDFText_GetTextObject(tp, first - 1) == key:
                            first -= 1
                        starts[key] = first
                    gaps.setdefault(key, []).append((index - starts[key], end, begin))
        index = chars.find(" ", index + 1)
    return gaps


#: Letters, digits and hyphens of the alphabetic scripts (Latin, Greek, Cyrillic): where a gap
#: inside a run may be a word space or none.
_ALPHABETIC = re.compile("[0-9A-Za-z\u00c0-\u058f-]")


def _inner_space(before: str, after: str, gap: float) -> str:
    """What a gap of ``gap`` em inside a run, between the characters ``before`` and ``after``,
    becomes, as between two runs (:func:`_spaced`): a space, nothing (NUL, dropped with the
    run's other NULs), or a doubtful gap (``MAYBE_JOINED``/``MAYBE_SPACE``) that the words of the
    whole document decide."""
    if gap >= 0.3 or not (_ALPHABETIC.match(before) and _ALPHABETIC.match(after)):
        return " "
    if "-" in (before, after):
        return "\x00"                   # "capacity-building", "UN-SPIDER"
    if before.isdigit() or after.isdigit():
        return " " if gap >= 0.2 else "\x00"
    return "\x00" if gap < 0.12 else MAYBE_JOINED if gap < 0.2 else MAYBE_SPACE


def _font_style(raw, font) -> tuple[str, bool, bool]:
    """A font's name (without its subset prefix), and whether it is bold and italic."""
    name_buffer = ctypes.create_string_buffer(256)
    length = raw.FPDFFont_GetBaseFontName(font, name_buffer, 256)
    name_bytes = name_buffer.raw[: max(min(length, 256) - 1, 0)]
    font_name = name_bytes.decode("latin-1").split("+", 1)[-1]
    # A Chinese producer may name the font in Chinese, in GBK bytes ("#BA#DA#CC#E5": 黑体).
    hei = bool(HEI_NAME.search(font_name)) or not name_bytes.isascii() and \
        bool(HEI_NAME.search(name_bytes.decode("gbk", errors="replace")))
    angle = ctypes.c_int()
    raw.FPDFFont_GetItalicAngle(font, ctypes.byref(angle))
    # PDFium's weight is made from the font's /StemV, a hint producers write loosely (Ghostscript
    # gives Times Roman 306, a weight of 1364): it counts only for a name that does not say its
    # style ("Family-Style", "Family,Style", Monotype's "…MT"), and only within CSS's 100–900.
    weight = raw.FPDFFont_GetWeight(font)
    bold_weight = 600 <= weight <= 900 and not NAMED_STYLE.search(font_name)
    return (font_name, bool(BOLD_NAME.search(font_name)) or bold_weight or hei,
            bool(ITALIC_NAME.search(font_name)) or angle.value != 0)


def _lines(runs: list[tuple[Span, float, float]], page: int) -> list[Line]:
    """Text runs → lines: runs on one baseline, left to right; a smaller run raised above a
    line's baseline is a superscript of that line."""
    if not runs:
        return []
    weights: dict[float, int] = {}
    for span, _, _ in runs:
        weights[span.size] = weights.get(span.size, 0) + len(span.text)
    body = max(weights, key=weights.get)      # the size of most of the page's text
    rotated = [r for r in runs if r[0].rotated]
    ordered = sorted((r for r in runs if not r[0].rotated), key=lambda r: (r[2], r[0].x0))
    rows: list[list] = []          # [bottom, top, size, spans]
    for span, top, bottom in ordered:
        if rows and abs(rows[-1][0] - bottom) <= max(0.25 * span.size, 1.0):
            row = rows[-1]
            row[1] = min(row[1], top)
            row[2] = max(row[2], span.size)
            row[3].append(span)
        else:
            rows.append([bottom, top, span.size, [span]])
    # A row of smaller runs whose baseline is raised inside a row of larger text just below it
    # holds superscripts of that row: note calls, and the letters of an ordinal ("1er", "XIXe",
    # "no"), which a typesetter may set at nine tenths of the text's size, so a size alone does
    # not tell; the rise does, with each raised run touching a run of the row it belongs to.
    merged: list[list] = []
    for index, row in enumerate(rows):
        target = None
        if row[2] < min(body, 20) * 0.95:
            for other in [*rows[index + 1: index + 3], *reversed(merged[-2:])]:
                if _raised_onto(row, other, body):
                    target = other
                    break
        if target is not None:
            for span in row[3]:
                span.sup = True
            target[3].extend(row[3])
            target.append(True)
            continue
        merged.append(row)
    lines = []
    for row in merged:
        spans = sorted(row[3], key=lambda s: s.x0)
        lines.append(Line(_spaced(spans), page, 0, row[1], row[0], known_layout=True))
    lines.extend(_rotated_lines(rotated, page))
    lines.sort(key=lambda l: (l.bottom, l.x0))
    for number, line in enumerate(lines, 1):
        line.number = number
    return lines


def _raised_onto(row: list, other: list, body: float) -> bool:
    """Is ``row`` (``[bottom, top, size, spans]``) raised onto ``other``, a row of larger text:
    its baseline above ``other``'s by at least 0.15 of its size, inside its height?  Runs much
    smaller than the page's text (calls at two thirds of it) are superscripts by that alone; a
    run nearer the text's size must also touch a run of ``other`` (no more than a fifth of an em
    apart, on either side: a right-to-left line's call stands at the left of its word)."""
    if not (other[2] > row[2] * 1.05 and other[1] - 1 <= row[0] < other[0] - 0.15 * other[2]):
        return False
    if other[2] > row[2] * 1.15 and row[2] < min(body, 20) * 0.85:
        return True
    reach = 0.2 * other[2]
    return all(any(-reach <= span.x0 - s.x1 <= reach or -reach <= s.x0 - span.x1 <= reach for s in other[3])
               for span in row[3])


def _rotated_lines(runs: list[tuple[Span, float, float]], page: int) -> list[Line]:
    """Rotated runs → lines: the runs of one column of vertical text (overlapping across, each
    starting within an em of where the one before ends), in their reading order (upward or
    downward), as one span; a line is placed at the top of its text."""
    groups: list[list] = []
    for span, top, bottom in sorted(runs, key=lambda r: r[1]):
        group = next((g for g in groups if g[-1][0].rotated == span.rotated and min(g[-1][0].x1, span.x1)
                      > max(g[-1][0].x0, span.x0) and -1 < top - g[-1][2] < max(span.size, 1)), None)
        if group is not None:
            group.append((span, top, bottom))
        else:
            groups.append([(span, top, bottom)])
    lines: list[Line] = []
    for group in groups:
        ordered = group if group[0][0].rotated < 0 else list(reversed(group))
        first = ordered[0][0]
        text = re.sub(r"\s+", " ", "".join(s.text for s, _, _ in ordered)).strip()
        span = Span(text, first.x0, max(s.x1 for s, _, _ in group), first.size, first.bold, first.italic,
                    False, first.font, rotated=first.rotated)
        top = min(t for _, t, _ in group)
        # Read where it starts: where a line of its size set across from that top would be.
        lines.append(Line([span], page, 0, top, top + 0.7 * span.size, known_layout=True))
    return lines


#: Between two runs of letters whose gap is neither clearly a space nor clearly none: "no space,
#: probably" and "a space, probably".  ``readers.pages`` decides each by the document's own words.
MAYBE_JOINED, MAYBE_SPACE = "\ue001", "\ue002"
NO_BREAK_SPACES = ("\u00a0", "\u202f")
ARABIC = re.compile(r"[\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufeff]")

#: The separators one number may hold ("77/568", "2021-2025", "1,5", "12:30").
NUMBER_SEPARATORS = ("/", "-", ".", ",", ":")
#: A run of a number alone, with the space after it, in an Arabic line.
_ARABIC_LINE_NUMBER = re.compile(r"\d+(?:[.,/]\d+)* ")
_WHITE_SPACE, _NUMBER_END = re.compile(r"\s+"), re.compile(r"\d\.?$")
_LETTERS, _LETTERS_END = re.compile(r"[^\W\d_]+"), re.compile(r"[^\W\d_]+$")


#: What follows a number in one word: "21st", "1980s", "1er", "2e", "3a", "1º".
_ORDINAL_ENDINGS = {"st", "nd", "rd", "th", "s", "er", "re", "e", "a", "o", "os", "as", "bis"}


def _spaced(spans: list[Span]) -> list[Span]:
    """Spaces between runs from the gaps the PDF leaves, not from its text: PDFium adds a space at
    the end of a run wherever the next one starts a little apart, also inside a word of a
    justified line ("Jun e").  Measured on the shared PDFs, gaps inside words mostly stay under
    0.18 em and word spaces mostly start at 0.22 em; between 0.12 and 0.3 em a gap between two
    letters is marked as doubtful and decided later by the words of the whole document."""
    out: list[Span] = []
    # Arabic runs come in reading order: a space at the end of a run's text is drawn at its left,
    # one at its start at its right, inside the run's bounds, where no gap shows it.
    arabic_left = {id(s) for s in spans if s.text[-1:].isspace() and ARABIC.search(s.text)}
    # So is a number's before a bracket in an Arabic line ("2504 (2020)", a resolution and its
    # year: the space after "2504", at the line's right-to-left level, is drawn at its left,
    # where the bracket abuts it).
    if any(ARABIC.search(s.text) for s in spans):
        arabic_left |= {id(s) for before, s in zip(spans, spans[1:]) if before.text.rstrip()[-1:] in ")]"
                        and _ARABIC_LINE_NUMBER.fullmatch(s.text)}
    arabic_right = {id(s) for s in spans if s.text[:1].isspace() and ARABIC.search(s.text)}
    space_left, space_right = set(arabic_left), set(arabic_right)
    # A no-break space is a character of the text, never one PDFium adds: French typography sets
    # one before ";", ":", "!", "?", "»" and after "«" ("général ;"), where a space is otherwise
    # never put.
    space_left |= {id(s) for s in spans if s.text[:1] in NO_BREAK_SPACES}
    space_right |= {id(s) for s in spans if s.text[-1:] in NO_BREAK_SPACES}
    for span in spans:
        span.text = _WHITE_SPACE.sub(" ", span.text)
        if out:
            previous = out[-1]
            gap = span.x0 - previous.x1
            em = max(previous.size if not previous.sup else span.size, 1)
            # A run that ends with a space followed by one that starts with one (WeasyPrint ends
            # a run at a link or a change of font that way) is two words, however close: the gap
            # is about nothing because the run's bounds hold the space.  One side's space alone
            # proves nothing: PDFium adds one inside words of justified lines ("pa rticipating").
            # An Arabic run's space at its start is drawn at its right, one at its end at its
            # left: neither stands between these two.
            drawn_space = previous.text[-1:].isspace() and span.text[:1].isspace() and \
                id(span) not in arabic_right and id(previous) not in arabic_left
            ends_space = previous.text[-1:].isspace()
            starts_space = span.text[:1].isspace()
            previous.text = previous.text.rstrip()
            if span.sup:
                span.text = span.text.strip()
                continue_space = gap > 0.22 * em
            else:
                span.text = span.text.lstrip()
                continue_space = gap > 0.22 * em
                if previous.sup:
                    # A call, or an ordinal's raised ending ("1er", "63.er"), ends its word: what
                    # follows is a space or punctuation, never more of the word.
                    continue_space = continue_space or span.text[:1].isalnum() and (previous.text.isdigit() or
                                                                          previous.text.isalpha())
                elif span.text.rstrip() == "-" or previous.text.endswith("-") and previous.text[-2:-1].isalpha():
                    continue_space = gap > 0.3 * em        # a hyphen drawn apart: "zero - tolerance"
                elif span.text[:1] in ",.;:!?)]’" or previous.text[-1:] in "([":
                    continue_space = False                  # never a space before "," or "’", or after "("
                elif previous.text[-1:] in ")]" and (_ALPHABETIC.match(span.text) or ARABIC.match(span.text)):
                    # A word after a bracket: a space, however narrow ("2642 (2022)" set right to
                    # left draws the space of a justified line's start at 0.1 em).
                    continue_space = gap > 0.08 * em
                elif previous.text[-1:] == ":" and span.text[:1].isupper() and gap < 0.12 * em and \
                        "".join(s.text for s in out[-2:])[-2:-1].isupper():
                    continue_space = False                  # a name's colon between capitals: "SC:ORE"
                elif previous.text[-1:] in ".;:" and span.text[:1].isupper() or \
                        previous.text[-1:] == "," and span.text[:1].isalpha():
                    continue_space = True                   # "10.The", "2023,the": always a space
                elif span.text[:1].isdigit() and _NUMBER_END.search("".join(s.text for s in out[-2:])):
                    continue_space = gap > 0.3 * em         # "71/5 1", "8. 15": a number drawn in pieces
                elif previous.text[-1:].isalpha() and span.text[:1].isdigit():
                    # "of 2,695": a word and a number meet at a space; "M82A1", "COVID19" do not.
                    word = _LETTERS_END.search(previous.text).group(0)
                    continue_space = gap > (0.1 if word.islower() and len(word) > 1 else 0.22) * em
                elif previous.text[-1:].isdigit() and span.text[:1].isalpha():
                    # "1.45 billion", "57/284 A", "26 to" apart, "1980s", "21st" together: a word
                    # after a number is a word of its own unless it is an ordinal's ending.
                    word = _LETTERS.match(span.text).group(0)
                    continue_space = gap > 0.3 * em or gap > 0.1 * em and (
                        len(word) >= 3 or word.isupper() or word.lower() not in _ORDINAL_ENDINGS)
                elif (previous.italic, previous.bold) != (span.italic, span.bold):
                    # A change of font falls between words, even where no gap shows: the space of
                    # a justified line may be drawn inside the run before ("Recordando también"
                    # stretched across a line of three words, then "la"), or a slanted letter's
                    # ink reach over the space its run ends with (LibreOffice: "Taking note of ").
                    continue_space = gap > 0.12 * em or previous.text[-1:].isalpha() and span.text[:1].isalpha() \
                        or ends_space and gap > -0.25 * em
                elif previous.text[-1:].isalpha() and span.text[:1].isalpha() and 0.12 * em < gap < 0.3 * em:
                    previous.text += MAYBE_SPACE if gap >= 0.2 * em else MAYBE_JOINED
                    continue_space = False
            if drawn_space and -0.1 * em < gap < 0.12 * em and not span.sup and not previous.sup \
                    and span.text[:1] not in ",.;:!?)]":
                continue_space = True
            if starts_space and -0.1 * em < gap < 0.05 * em and not span.sup and not previous.sup \
                    and id(span) not in arabic_right and span.text[:1] not in ",.;:!?)]" \
                    and previous.text[-1:] not in "([":
                # A space PDFium reads at a run's start is a character the run draws (it adds its
                # own at a run's end): a run that starts where the one before ends holds the space
                # between them ("Country" then " – Trusted", set left to right in Arabic text).
                continue_space = True
            if span.sup and id(previous) in arabic_right and not previous.sup:
                # An Arabic run's first space, drawn at its right, before a call: the space after
                # the call ("71/205(13) و 72/190", the call raised at the left of "205").
                continue_space = True
            if (id(span) in space_left or id(previous) in space_right) and not span.sup:
                # Except inside a number: PDFium reads the digits at an Arabic run's left end
                # last ("… مقررها 568" of "77/568", whose "77" ends the run at the left) and adds
                # a space after them that nothing draws.
                continue_space = not (id(span) in space_left and previous.text in NUMBER_SEPARATORS
                                      and span.text.rstrip()[-1:].isdigit() and len(out) > 1
                                      and out[-2].text.lstrip().lstrip("،؛.:")[:1].isdigit() and gap < 0.12 * em)
            if continue_space:
                previous.text += " "
        out.append(span)
    if out:
        out[-1].text = out[-1].text.rstrip()
    return [s for s in out if s.text]


def read_pdf(data: bytes, name: str, reporter, options=None):
    """Step 1 for an official PDF: its pages → the model, repaired (steps 1–2)."""
    from .pages import read_paged

    tree, _ = read_paged(_scans_listed(read_pages(data, name), name, reporter), name, reporter, options,
                         layout=True)
    return tree


def _scans_listed(pages, name: str, reporter):
    """The pages, and one warning listing those that are images without text (a scanned annex):
    their content is not in the document, and the user is told so, never left to find out."""
    scanned: list[int] = []
    for page in pages:
        if page.images and not page.lines:
            scanned.append(page.number)
        yield page
    if scanned:
        ranges = []
        for number in scanned:
            if ranges and ranges[-1][1] == number - 1:
                ranges[-1][1] = number
            else:
                ranges.append([number, number])
        listed = ", ".join(str(a) if a == b else f"{a}–{b}" for a, b in ranges)
        reporter.warning("page-without-text",
                         f"{'page' if len(scanned) == 1 else 'pages'} {listed} of the PDF {'is an image' if len(scanned) == 1 else 'are images'} "
                         "without text (scanned): not read, their content is missing from the document",
                         SourcePos(f"{name}#page={scanned[0]}", 1, 1),
                         "run OCR on the PDF first (e.g. ocrmypdf), then build the OCRed PDF")
