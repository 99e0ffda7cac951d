"""Extractable text in a WeasyPrint PDF: its pydyf objects in, the same pages drawn the same way
out, with every glyph code standing for one character on the baseline of its line.

Text extractors that give logical order (Poppler's ``pdftotext``, pdf.js) read a right-to-left
line as every PDF writer draws it, glyph by glyph from left to right, and reverse its
right-to-left runs character by character (MuPDF gives the visual order as it is).  Three
things in WeasyPrint's output defeat that, all in Arabic:

* a vowel mark (damma, shadda, tanween: ``يُنفّذ``) is placed by HarfBuzz above its letter and
  drawn with a text rise (``Ts``); an extractor then sees a glyph on another baseline, takes
  it for another line and cuts the real line in pieces it puts out of order;
* a ligature glyph stands for several characters (Noto Sans Arabic's lam-alef ``لأ``), which
  its ``/ToUnicode`` entry gives in logical order; Poppler spreads them left to right inside
  the glyph, and its reversal of the line turns ``لأ`` into ``أل``;
* WeasyPrint maps each glyph to the text of the first cluster it is drawn in, the whole text to
  one glyph of a cluster of several: the damma HarfBuzz keeps in the cluster of "أُ" maps to
  "أُ", and every later damma reads so ("تأُفرض" for "تُفرض").

Here, on the objects WeasyPrint's ``finisher`` gets (nothing is re-parsed):

* each raised glyph is drawn on the baseline as a new glyph of the same embedded TrueType font:
  a composite glyph that is the original moved by its text rise and x offset, so the ink does
  not move.  Its code is given a small width (``_MARK_SLOT`` of an em, taken from the space
  just left of its letter, its pen moves undone in the same ``TJ``), so that an extractor
  finds the mark just before its letter in visual order, that is just after it once the line
  is reversed;
* each right-to-left glyph with several characters is drawn as one code per character: the
  glyph itself (as a new composite of itself) for the last character and empty glyphs for the
  others, their widths adding up to the glyph's, in visual (right-to-left reversed) order;
* a mark glyph mapped to more than its mark, or a glyph mapped to nothing, maps to the
  character the font's ``cmap`` gives it (``_Font._own_characters``).  Brackets need nothing:
  WeasyPrint maps a mirrored bracket to the character it stands for, as LibreOffice does, and
  no glyph is drawn for two different characters in one file (recorded on the ten Arabic
  resolutions of shared/); how an extractor reads brackets around a Latin phrase in Arabic
  text is its own bidirectional guess (see ``readers.pages.facing_brackets``).

Every other glyph, every font without these glyphs, and every document in a left-to-right
language where none occurs, is left as WeasyPrint wrote it.  Only TrueType fonts (``glyf``)
are changed (the Arabic and Latin Noto fonts); a raised glyph of a CFF font is left raised.
"""

from __future__ import annotations

import io
import re
import unicodedata

import pydyf

#: Width of the slot a raised glyph's code takes left of its letter, in thousandths of an em:
#: more than Poppler's duplicate-glyph distance (0.1 em) from the letter, less than most
#: letters are wide, so that the code sorts between the letter and its left neighbour.
_MARK_SLOT = 120

#: Glyph ids a font must have free to be edited (each mark position and letter of a ligature
#: takes one; a fully vowelled text needs a few hundred).
_ROOM = 4096

_TOKEN = re.compile(rb"<([0-9a-fA-F]*)>|(-?(?:\d+\.?\d*|\.\d+)(?:[eE]-?\d+)?)")
_TJ = re.compile(rb"^\[(.*)\] TJ$", re.S)
_TS = re.compile(rb"^(-?[0-9.eE-]+) Ts$")
_TF = re.compile(rb"^/(\S+) (-?[0-9.eE-]+) Tf$")
_BFCHAR = re.compile(rb"^<([0-9a-fA-F]+)> <([0-9a-fA-F]*)>$")


def _obj(pdf: pydyf.PDF, reference) -> pydyf.Object:
    if isinstance(reference, (bytes, str)):
        return pdf.objects[int(reference.split()[0])]
    return reference


def _bytes(item) -> bytes | None:
    if isinstance(item, bytes):
        return item
    if isinstance(item, str):
        return item.encode()
    return None


def _is_rtl(text: str, rtl_document: bool) -> bool:
    """Right-to-left text: a strong right-to-left letter, or only marks in an RTL document."""
    classes = {unicodedata.bidirectional(c) for c in text}
    if classes & {"R", "AL"}:
        return True
    return rtl_document and bool(text) and classes <= {"NSM"}


class _Font:
    """One embedded TrueType font: its glyph table, ``/W`` widths and ``/ToUnicode`` map."""

    def __init__(self, pdf: pydyf.PDF, type0: pydyf.Dictionary):
        from fontTools.ttLib import TTFont

        self.cid_font = _obj(pdf, type0["DescendantFonts"][0])
        descriptor = _obj(pdf, self.cid_font["FontDescriptor"])
        self.file = _obj(pdf, descriptor["FontFile2"])
        self.to_unicode_stream = _obj(pdf, type0["ToUnicode"])
        self.tt = TTFont(io.BytesIO(b"".join(_bytes(p) or bytes(p) for p in self.file.stream)),
                         recalcTimestamp=False)    # byte-reproducible builds
        self.upem = self.tt["head"].unitsPerEm
        self.text: dict[int, str] = {}
        #: Index in the ToUnicode stream of each glyph's entry.
        self.entries: dict[int, int] = {}
        for index, line in enumerate(self.to_unicode_stream.stream):
            match = _BFCHAR.match(_bytes(line) or b"")
            if match:
                gid = int(match[1], 16)
                self.text[gid] = bytes.fromhex(match[2].decode()).decode("utf-16-be")
                self.entries[gid] = index
        self.retexted = self._own_characters()
        self.widths: dict[int, float] = {}
        w = self.cid_font.get("W", [])
        for first, widths in zip(w[::2], w[1::2]):
            for i, width in enumerate(widths):
                self.widths[int(first) + i] = float(width)
        self.added: dict[tuple, int] = {}

    def _own_characters(self) -> bool:
        """Give each glyph of a cluster its own characters, not its cluster's.

        WeasyPrint maps a glyph to the text of the first cluster it is drawn in, and a cluster
        of several glyphs gives all its text to one of them and none to the others: drawn for
        "أُ" (alef with hamza, then a damma HarfBuzz keeps in its cluster), the damma glyph maps
        to "أُ" and reads so wherever else it is drawn ("تأُفرض" for "تُفرض"), and a letter
        first met as the silent part of such a cluster maps to nothing.  Here a mark glyph
        that is the font's own glyph for one mark of its text (its ``cmap``) maps to that
        mark, and a glyph mapped to nothing maps to the character whose glyph it is.  Whether
        anything changed."""
        suspect = [gid for gid, text in self.text.items()
                   if not text or (len(text) > 1 and any(unicodedata.combining(c) for c in text))]
        if not suspect:
            return False
        nominal: dict[int, list[str]] = {}
        order = self.tt.getGlyphOrder()
        ids = {name: gid for gid, name in enumerate(order)}
        for code, name in sorted((self.tt.getBestCmap() or {}).items()):
            if name in ids:
                nominal.setdefault(ids[name], []).append(chr(code))
        changed = False
        for gid in suspect:
            text, own = self.text[gid], nominal.get(gid, [])
            if not text and own:
                new = own[0]
            else:
                marks = [c for c in own if c in text and unicodedata.combining(c)]
                if len(marks) != 1:
                    continue
                new = marks[0]
            self.text[gid] = new
            self.to_unicode_stream.stream[self.entries[gid]] = (
                f"<{gid:04x}> <{new.encode('utf-16-be').hex()}>".encode())
            changed = True
        return changed

    def glyph(self, key: tuple, component: tuple[int, float, float] | None, width: float,
              text: str) -> int:
        """The code of a new glyph: ``component`` (glyph id, dx, dy in thousandths of an em)
        as a composite glyph, or an empty one; ``width`` in thousandths of an em."""
        from fontTools.ttLib.tables._g_l_y_f import Glyph, GlyphComponent

        if key in self.added:
            return self.added[key]
        glyf = self.tt["glyf"]
        order = self.tt.getGlyphOrder()      # the list glyf[...] = ... appends to
        gid = len(order)
        if gid > 0xFFFF:
            from ..diagnostics import WriterError
            raise WriterError(f"the font {self.tt['name'].getDebugName(4)} has no glyph id left "
                              "for its vowel marks and ligatures (65,536 at most)",
                              "report this with the source file: it is a pipeline limit")
        name = f"un.pipeline.{gid}"
        glyph = Glyph()
        if component is None:
            glyph.numberOfContours = 0
        else:
            base, dx, dy = component
            part = GlyphComponent()
            part.glyphName = order[base]
            part.x, part.y = round(dx * self.upem / 1000), round(dy * self.upem / 1000)
            part.flags = 0x0002  # ARGS_ARE_XY_VALUES
            glyph.numberOfContours = -1
            glyph.components = [part]
        glyf[name] = glyph
        self.tt["hmtx"].metrics[name] = (max(0, round(width * self.upem / 1000)), 0)
        self.widths[gid] = width
        self.text[gid] = text
        self.added[key] = gid
        return gid

    def save(self) -> None:
        """Write the font file, ``/W`` and ``/ToUnicode`` back, if a glyph was added."""
        if not self.added:
            return
        self.tt["maxp"].numGlyphs = len(self.tt.getGlyphOrder())
        data = io.BytesIO()
        self.tt.save(data)
        self.file.stream = [data.getvalue()]
        self.file.extra["Length1"] = len(data.getvalue())
        new = sorted(self.added.values())
        w = self.cid_font["W"]
        for gid in new:
            w.extend([gid, pydyf.Array([round(self.widths[gid], 3)])])
        entries = [f"<{gid:04x}> <{self.text[gid].encode('utf-16-be').hex()}>".encode()
                   for gid in new if self.text[gid]]
        lines = self.to_unicode_stream.stream
        end = lines.index(b"endcmap")
        block = []
        for i in range(0, len(entries), 100):  # a bfchar block holds at most 100 entries
            chunk = entries[i:i + 100]
            block += [f"{len(chunk)} beginbfchar".encode(), *chunk, b"endbfchar"]
        lines[end:end] = block


def _parse_tj(data: bytes) -> list[float | list[int]] | None:
    """A ``TJ`` array of 2-byte codes: numbers and lists of codes."""
    match = _TJ.match(data)
    if not match:
        return None
    items: list[float | list[int]] = []
    for hexa, number in _TOKEN.findall(match[1]):
        if number:
            items.append(float(number))
        else:
            if len(hexa) % 4:
                return None
            items.append([int(hexa[i:i + 4], 16) for i in range(0, len(hexa), 4)])
    return items


def _format_tj(items: list[float | list[int]]) -> bytes:
    out = []
    for item in items:
        if isinstance(item, list):
            out.append("<" + "".join(f"{code:04x}" for code in item) + ">")
        elif item:
            out.append(f"{item:.3f}".rstrip("0").rstrip("."))
    return ("[" + "".join(out) + "] TJ").encode()


class _Rewriter:
    def __init__(self, pdf: pydyf.PDF, rtl_document: bool):
        self.pdf = pdf
        self.rtl = rtl_document
        self.fonts: dict[str, _Font | None] = {}

    def font(self, name: str, resources: pydyf.Dictionary) -> _Font | None:
        """The TrueType font of resource ``name``, or None for a font left alone."""
        if name not in self.fonts:
            font = None
            type0 = _obj(self.pdf, resources[name]) if name in resources else None
            if type0 is not None and type0.get("Subtype") == "/Type0":
                cid_font = _obj(self.pdf, type0["DescendantFonts"][0])
                descriptor = _obj(self.pdf, cid_font["FontDescriptor"])
                if (cid_font.get("Subtype") == "/CIDFontType2" and "FontFile2" in descriptor
                        and cid_font.get("CIDToGIDMap") == "/Identity"):
                    font = _Font(self.pdf, type0)
                    if font.tt["maxp"].numGlyphs > 0xFFFF - _ROOM:
                        font = None      # a font this large keeps its glyphs as they are
            self.fonts[name] = font
        return self.fonts[name]

    def codes(self, font: _Font, code: int, widths: list[float], component) -> list[int]:
        """Codes drawing glyph ``code`` (as ``component``), one character each in visual
        order when its text is right to left, of ``widths``."""
        text = font.text.get(code, "")
        chars = list(reversed(text)) if len(widths) > 1 else [text]
        first = font.glyph(("glyph", component, widths[0]), component, widths[0], chars[0])
        return [first] + [font.glyph(("empty", char, width), None, width, char)
                          for char, width in zip(chars[1:], widths[1:])]

    def parts(self, font: _Font, code: int) -> int:
        """How many codes glyph ``code`` becomes: one per character if right to left."""
        text = font.text.get(code, "")
        return len(text) if len(text) > 1 and _is_rtl(text, self.rtl) else 1

    def rewrite(self, stream: list, resources: pydyf.Dictionary) -> list:
        """The items of a page's content stream, raised glyphs and ligatures redrawn."""
        out: list = []
        font: _Font | None = None
        size = rise = 0.0
        run: list[tuple[int, float, int, float]] = []   # (index in out, rise, code, x offset)
        for item in stream:
            data = _bytes(item)
            if data is None:
                out.append(item)
                continue
            if match := _TF.match(data):
                self._redraw(out, run, font, size)
                font, size = self.font(match[1].decode(), resources), float(match[2])
            elif (match := _TS.match(data)) and font is not None and size:
                rise = float(match[1])
                continue                  # a raised glyph is drawn on the baseline instead
            elif data.endswith(b" TJ") and font is not None:
                items = _parse_tj(data)
                if rise:
                    form = _raised_form(items)
                    if form is None:     # not WeasyPrint's form: drawn as it was
                        out.extend([f"{rise:g} Ts".encode(), data, b"0 Ts"])
                    else:
                        out.append(None)
                        run.append((len(out) - 1, rise, *form))
                    continue
                if items is not None and any(isinstance(i, list) and i for i in items):
                    self._redraw(out, run, font, size)
                    item = self._ligatures(font, items) or item
                # a TJ of pen moves only (the kerning after a raised glyph) keeps the run open
            elif data in (b"ET", b"EMC") or data.endswith((b"BDC", b"BMC")):
                self._redraw(out, run, font, size)
            out.append(item)
        self._redraw(out, run, font, size)
        return out

    def _ligatures(self, font: _Font, items) -> bytes | None:
        changed = False
        new: list[float | list[int]] = []
        for item in items:
            if isinstance(item, list):
                codes: list[int] = []
                for code in item:
                    n = self.parts(font, code)
                    if n > 1:
                        share = font.widths.get(code, 0.0) / n
                        codes += self.codes(font, code, [share] * n, (code, 0.0, 0.0))
                        changed = True
                    else:
                        codes.append(code)
                item = codes
            new.append(item)
        return _format_tj(new) if changed else None

    def _redraw(self, out: list, run: list, font: _Font | None, size: float) -> None:
        """Draw a run of raised glyphs (the marks left of one letter) on the baseline.

        Each raised ``TJ`` starts where the letter will be drawn (WeasyPrint undoes the mark's
        x offset in the next ``TJ``); their codes share the slot [letter - _MARK_SLOT, letter]
        in drawing order, the first code of each carrying the glyph's own advance too."""
        if not run:
            return
        assert font is not None
        counts = [self.parts(font, code) for _i, _rise, code, _offset in run]
        slot = _MARK_SLOT / sum(counts)
        done = 0
        for (index, rise, code, offset), count in zip(run, counts):
            shift = _MARK_SLOT - done * slot
            own = font.widths.get(code, 0.0)
            component = (code, round(shift + offset, 3), round(rise / size * 1000, 3))
            codes = self.codes(font, code, [slot + own] + [slot] * (count - 1), component)
            out[index] = _format_tj([shift, codes, -(offset + shift - count * slot)])
            done += count
        run.clear()


def _raised_form(items) -> tuple[int, float] | None:
    """(code, x offset) of a raised ``TJ`` as WeasyPrint writes one: an offset, one glyph."""
    if items is None:
        return None
    items = [i for i in items if i != []]
    if len(items) == 2 and not isinstance(items[0], list):
        offset, glyph = -items[0], items[1]
    elif len(items) == 1:
        offset, glyph = 0.0, items[0]
    else:
        return None
    if not isinstance(glyph, list) or len(glyph) != 1:
        return None
    return glyph[0], offset


def make_text_extractable(pdf: pydyf.PDF, rtl_document: bool) -> None:
    """Redraw raised glyphs on the baseline and split right-to-left ligatures (module doc)."""
    rewriter = _Rewriter(pdf, rtl_document)
    for kid in pdf.pages["Kids"][::3]:
        page = pdf.objects[kid]
        contents = _obj(pdf, page["Contents"])
        if not rtl_document and not any(b" Ts" in (_bytes(i) or b"") for i in contents.stream):
            continue
        resources = _obj(pdf, page["Resources"])
        fonts = _obj(pdf, resources["Font"]) if "Font" in resources else pydyf.Dictionary()
        contents.stream = rewriter.rewrite(contents.stream, fonts)
    for font in rewriter.fonts.values():
        if font is not None:
            font.save()
