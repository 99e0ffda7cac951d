"""Font files read when WeasyPrint needs their bytes: a laid-out document in, the same PDF out, without a copy of every whole font file held while its pages are painted.

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
"""

from __future__ import annotations

import sys

_INSTALLED: list[bool] = []
_NOT_READ = object()


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
    _INSTALLED.append(True)
