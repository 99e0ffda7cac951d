"""The UN's page furniture drawn from what the model knows: document facts in, print CSS out.

Measured on the official PDFs of shared/realworld (styles/LAYOUT.md, "Foot of page 1"): the
first page ends its text about 29 mm above the foot of the page, to leave room for

* the job number "23-24913 (E)" in 10 pt at the left, with under it the job number's barcode:
  Code 39 of its digits ("*2324913*", the UN prints it with a "3 of 9" font), 98.6 × 13.4 pt;
* "Please recycle" in the document's language, 8 pt bold, with the recycling symbol, and
* a QR code (version 3, error correction L, 55 pt square, flush with the block's right edge)
  encoding the document's address on undocs.org in its language
  ("https://undocs.org/en/A/RES/78/117"; decoded from the official files with zxing-cpp).

Every piece is vector graphics (SVG backgrounds of the first page's margin boxes, which
WeasyPrint draws as paths) or text in a margin box: ``pdf_tags`` marks both as artifacts
(``/Pagination /Footer``), never structure content, and the HTML and the EPUB never carry them
(they exist only in the print style sheet).  The UN emblem beside the organ's name is not
drawn: its use is restricted by General Assembly resolution 92 (I).

Libraries: segno for the QR code (pure Python, maintained, writes the minimal version for the
data and SVG directly, no Pillow); python-barcode for the Code 39 module pattern (pure Python,
maintained; we draw its modules ourselves to set the UN's size exactly).
"""

from __future__ import annotations

import io
import re
from urllib.parse import quote

from ..languages import PLEASE_RECYCLE, Language

#: undocs.org serves the six official languages under their ISO 639-1 codes.
_UNDOCS_LANGUAGES = frozenset(PLEASE_RECYCLE)

#: The Code 39 symbol as the UN prints it: 9 characters (start, 7 digits, stop) in 98.6 pt.
_BAR_MODULE_PT = 98.6 / 143
_BAR_HEIGHT_PT = 13.4
_QR_PT = 55.0

#: The "universal recycling symbol" (U+2672), the outline of DejaVu Sans's glyph (Bitstream
#: Vera licence, DejaVu changes in the public domain), in font units (2048 an em, y up).
_RECYCLE_PATH = (
    "M808 1452H1203Q1261 1452 1290 1381L1367 1247L1465 1303H1473Q1478 1303 1478 1296L1305 "
    "996H957L952 1001V1006Q970 1023 1052 1065V1070Q865 1396 849 1416Q803 1438 803 "
    "1442V1447ZM690 1434H713Q825 1434 880 1306Q910 1257 910 1247Q734 933 718 916H715Q414 1088 "
    "410 1096V1098Q568 1380 585 1388Q629 1434 690 1434ZM903 1411V1409L1105 1054L1083 "
    "1039V1036H1285L1380 1209L1352 1196Q1239 1393 1223 1406L1203 1411ZM465 1108 705 970 865 "
    "1249Q803 1393 726 1393H698Q614 1393 570 1291ZM1493 1024Q1511 1007 1660 734L1665 "
    "693V673Q1665 596 1585 529Q1562 511 1526 511H1380Q1368 522 1188 839V844ZM1242 829 1398 "
    "551H1531Q1585 551 1621 654L1623 680Q1623 737 1575 806L1480 968Q1252 839 1242 829ZM503 "
    "946H523Q532 946 649 731Q700 652 700 639L695 634H690L590 691Q410 382 395 349L392 328L397 "
    "288L390 283H387Q365 310 192 611Q172 637 172 668V675Q172 703 257 834L277 875H275L175 "
    "934V939L180 944ZM308 906V901L326 888H329V886Q329 878 213 680V670Q214 644 370 390L570 "
    "739H572L600 731V734L505 906ZM1142 606H1147L1152 601V485H1523Q1565 485 1601 518H1603L1608 "
    "513V511Q1602 490 1406 155Q1381 126 1347 126H1152V5L1147 0H1139Q967 290 967 303V306ZM885 "
    "485 893 478V131L888 126H590Q474 126 426 260L420 298V311Q420 361 508 485ZM1108 473 1013 301 "
    "1108 131H1113V139Q1113 167 1121 167H1352Q1374 167 1421 265L1526 444H1121Q1113 445 1113 "
    "465V473ZM529 444Q468 347 462 311V301Q462 216 552 173L582 167H852V444Z"
)

#: A job number: "23-24913 (E)" (two-digit year, five digits, the language letter).
_JOB = re.compile(r"(\d{2})-(\d{5})(?: \(([A-Z])\))?")
#: What may be printed as a job number at all (anything else is not printed).
_SAFE_JOB = re.compile(r"[\w\s()./-]{1,40}")


def undocs_address(symbol: str, lang: Language) -> str:
    """The document's address on undocs.org, in its language: what the UN's QR code encodes."""
    code = f"{lang.code}/" if lang.code in _UNDOCS_LANGUAGES else ""
    return f"https://undocs.org/{code}{symbol}"


def qr_svg(text: str) -> str:
    """``text`` as a QR code (error correction L, as the UN's), an SVG of ``_QR_PT`` points."""
    import segno

    qr = segno.make_qr(text, error="L", boost_error=False)
    buf = io.BytesIO()
    qr.save(buf, kind="svg", border=0, xmldecl=False, svgclass=None, lineclass=None)
    svg = buf.getvalue().decode("ascii")
    size = qr.symbol_size(border=0)[0]
    return svg.replace(f'width="{size}" height="{size}"',
                       f'width="{_QR_PT}pt" height="{_QR_PT}pt" viewBox="0 0 {size} {size}"', 1)


def code39_svg(digits: str) -> str:
    """``*digits*`` as Code 39 bars (no check character, as the UN's), an SVG in points."""
    from barcode import Code39

    modules = Code39(digits, add_checksum=False).build()[0]
    bars = [(m.start(), m.end() - m.start()) for m in re.finditer("1+", modules)]
    path = "".join(f"M{x} 0h{w}v1h-{w}z" for x, w in bars)
    width = len(modules) * _BAR_MODULE_PT
    return (f'<svg xmlns="http://www.w3.org/2000/svg" width="{width:.2f}pt" height="{_BAR_HEIGHT_PT}pt" '
            f'viewBox="0 0 {len(modules)} 1" preserveAspectRatio="none"><path d="{path}"/></svg>')


def recycle_svg() -> str:
    """The recycling symbol, 20 pt wide (the glyph's box: x 172–1665, y 0–1452)."""
    return ('<svg xmlns="http://www.w3.org/2000/svg" width="20pt" height="19.45pt" viewBox="172 0 1493 1452">'
            f'<path transform="matrix(1 0 0 -1 0 1452)" d="{_RECYCLE_PATH}"/></svg>')


def _url(svg: str) -> str:
    return 'url("data:image/svg+xml,' + quote(svg, safe=" =:/<>'") + '")'


def _css_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def first_page_foot_css(symbol: str | None, job: str | None, lang: Language) -> str:
    """The print CSS of the first page's foot (see the module docstring) and of the short job
    number on the other pages' folio line."""
    css = []
    job = " ".join(job.split()) if job and _SAFE_JOB.fullmatch(job) else None
    if job:
        match = _JOB.fullmatch(job)
        short = f"{match.group(1)}-{match.group(2)}" if match else job.split()[0]
        css.append(f"@page :left {{ @bottom-right {{ content: \"{short}\"; }} }}\n"
                   f"@page :right {{ @bottom-left {{ content: \"{short}\"; }} }}\n")
        bars = ""
        if match:
            bars = (f"background-image: {_url(code39_svg(match.group(1) + match.group(2)))}; "
                    "background-repeat: no-repeat; background-position: left 6pt top 39.2pt; ")
        css.append(f"@page :first {{ @bottom-left {{ content: {_css_string(job)}; {bars}}} }}\n")
    recycle = lang.please_recycle
    images = [_url(recycle_svg())]
    positions = [f"right {_QR_PT + 7}pt top 28pt"]
    if symbol:
        images.insert(0, _url(qr_svg(undocs_address(symbol, lang))))
        positions.insert(0, "right 0 top 0")
    css.append("@page :first { @bottom-right { "
               f"content: {_css_string(recycle)}; "
               f"background-image: {', '.join(images)}; background-repeat: no-repeat; "
               f"background-position: {', '.join(positions)}; }} }}\n")
    return "".join(css)
