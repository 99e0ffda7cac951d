"""WeasyPrint's font files, read when needed and subset once per glyph set: a laid-out document in, the same PDF out, with less memory and, in a resident process, less time.

WeasyPrint 70's ``pdf.fonts.Font.__init__`` copies the whole file of each font face it draws
with into ``Font.file_content`` (``get_hb_object_data(hb_face)``) when the face is first
painted, and keeps the copy until the fonts are subset after the last page.  With HarfBuzz's
subsetter (the path WeasyPrint takes when libharfbuzz-subset is there, as the Makefile
installs it) the copy is never read: the subset is made from the face and replaces it.  A
Chinese document draws with three Noto CJK collections (Serif regular and bold, Sans bold:
70 MiB), so painting held 70 MiB of copies, and making them read every page of the mapped
font files (70 MiB more resident), on top of the layout: the sample 16× (207 pages) peaked
at 490 MiB, 365 MiB without them.

Here ``Font.file_content`` is read from the face the first time something reads it (the
fontTools fallback, a variable font's instancing, the type check of an unsubset font): the
same bytes, only when they are used.  If a WeasyPrint release moves the copy out of
``Font.__init__``, the check below no longer matches and the copy is made as before: slower
to free, never different.  The upstream fix would be the same laziness in ``Font``.

Subsetting a Noto CJK face with HarfBuzz takes about 40 ms, three faces for a Chinese document,
at every PDF build.  A resident process (``pipeline serve``, ``build.ResidentBuilder``) rebuilds
the same document after an edit, mostly with the same glyphs, so ``Font._harfbuzz_subset`` is
memoized on all of its inputs: the face (its index, size and ``head`` and ``name`` tables, which
carry the font's revision, checksum and dates), the glyph ids used, the hinting option and
whether glyphs are missing.  Its output, the subset font's bytes, is a function of those alone.
"""

from __future__ import annotations

import collections
import hashlib
import sys
import threading

_INSTALLED: list[bool] = []
_NOT_READ = object()

#: Subset fonts by every input of ``Font._harfbuzz_subset``, the most recent last.
_SUBSETS: "collections.OrderedDict[tuple, bytes]" = collections.OrderedDict()
_SUBSETS_KEPT = 12
_SUBSETS_LOCK = threading.Lock()


def install_lazy_font_files() -> None:
    """Make ``weasyprint.pdf.fonts.Font.file_content`` read on first use (once per process)."""
    if _INSTALLED:
        return
    from weasyprint.pdf import fonts

    read = fonts.get_hb_object_data
    init_code = fonts.Font.__init__.__code__

    def get_hb_object_data(hb_object, ot_color=None, glyph=None):
        if ot_color is None and sys._getframe(1).f_code is init_code:
            return _NOT_READ          # Font.__init__'s copy of the whole face: deferred
        return read(hb_object, ot_color, glyph)

    def file_content(font):
        data = font.__dict__.get("_un_file_content", _NOT_READ)
        if data is _NOT_READ:
            data = font.__dict__["_un_file_content"] = read(font.hb_face)
        return data

    def set_file_content(font, value):
        font.__dict__["_un_file_content"] = value

    fonts.get_hb_object_data = get_hb_object_data
    fonts.Font.file_content = property(file_content, set_file_content,
                                       doc="The font file's bytes, read from its face on first use.")
    subset = getattr(fonts.Font, "_harfbuzz_subset", None)
    if subset is not None:
        fonts.Font._harfbuzz_subset = _memoized_subset(subset, fonts)
    _INSTALLED.append(True)


def _memoized_subset(subset, fonts):
    from weasyprint.text.ffi import ffi, harfbuzz

    def table(face, tag: bytes) -> bytes:
        blob = harfbuzz.hb_face_reference_table(face, harfbuzz.hb_tag_from_string(tag, -1))
        try:
            length = ffi.new("unsigned int *")
            data = harfbuzz.hb_blob_get_data(blob, length)
            return b"" if data == ffi.NULL else ffi.unpack(data, int(length[0]))
        finally:
            harfbuzz.hb_blob_destroy(blob)

    def face_identity(font) -> str:
        blob = harfbuzz.hb_face_reference_blob(font.hb_face)
        try:
            size = harfbuzz.hb_blob_get_length(blob)
        finally:
            harfbuzz.hb_blob_destroy(blob)
        h = hashlib.sha256(f"{size} {font.index} {harfbuzz.hb_face_get_glyph_count(font.hb_face)}".encode())
        for tag in (b"head", b"name"):
            data = table(font.hb_face, tag)
            h.update(tag + len(data).to_bytes(4, "big") + data)
        return h.hexdigest()

    def harfbuzz_subset(font, to_unicode, hinting):
        key = (face_identity(font), tuple(sorted(to_unicode)), bool(hinting), bool(font.missing))
        with _SUBSETS_LOCK:
            hit = _SUBSETS.get(key)
            if hit is not None:
                _SUBSETS.move_to_end(key)
        if hit is not None:
            font.file_content = hit
            return None
        before = font.__dict__.get("_un_file_content", _NOT_READ)
        result = subset(font, to_unicode, hinting)
        after = font.__dict__.get("_un_file_content", _NOT_READ)
        if after is not before and isinstance(after, bytes):     # subset (else WeasyPrint warned)
            with _SUBSETS_LOCK:
                _SUBSETS[key] = after
                while len(_SUBSETS) > _SUBSETS_KEPT:
                    _SUBSETS.popitem(last=False)
        return result

    return harfbuzz_subset
