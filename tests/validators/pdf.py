"""PDF facts for the tests: poppler (pdffonts, pdftotext, pdftoppm), MuPDF (mutool) and pikepdf, as data.

A tool that is missing raises :class:`ValidatorUnavailable`, so the test fails instead of
passing silently.  The structure tree is read with pikepdf; ``marked_content`` reads each page's
content stream and decodes the text of every marked-content sequence through the fonts'
ToUnicode maps, so a test can say which text is structure content and which is an artifact.
"""

from __future__ import annotations

import dataclasses
import re
import shutil
import subprocess
from pathlib import Path

import pikepdf

from . import ValidatorUnavailable


def _run(cmd: list[str], timeout: float = 120) -> str:
    if shutil.which(cmd[0]) is None:
        package = "mupdf-tools" if cmd[0] == "mutool" else "poppler-utils"
        raise ValidatorUnavailable(f"{cmd[0]} is not installed (apt-get install {package}; make install-test)")
    proc = subprocess.run(cmd, capture_output=True, timeout=timeout)
    if proc.returncode != 0:
        raise ValidatorUnavailable(f"{' '.join(cmd)} failed ({proc.returncode}): "
                                   f"{proc.stderr.decode('utf-8', 'replace')[-1000:]}")
    return proc.stdout.decode("utf-8", "replace")


# ------------------------------------------------------------------ poppler

@dataclasses.dataclass(frozen=True)
class Font:
    name: str
    type: str
    encoding: str
    embedded: bool
    subset: bool
    unicode: bool


def pdffonts(path: Path) -> list[Font]:
    """``pdffonts`` as rows (the type column may hold spaces: "CID Type 0C (OT)")."""
    out = _run(["pdffonts", str(path)])
    lines = out.splitlines()
    if len(lines) < 2 or not lines[1].startswith("---"):
        raise ValidatorUnavailable(f"unexpected pdffonts output: {out[:300]}")
    fonts = []
    for line in lines[2:]:
        # From both ends, not by the dashes' widths: a name longer than its column
        # ("KVUKLB+Noto-Naskh-Arabic-Bold-Oblique") pushes the other columns right.
        words = line.split()
        if len(words) < 8:
            raise ValidatorUnavailable(f"unexpected pdffonts line: {line!r}")
        name, encoding, flags = words[0], words[-6], words[-5:-2]
        fonts.append(Font(name, " ".join(words[1:-6]), encoding, flags[0] == "yes", flags[1] == "yes",
                          flags[2] == "yes"))
    return fonts


def pdftotext(path: Path, layout: bool = False) -> list[str]:
    """The text of each page (pdftotext's reading order), one string per page."""
    cmd = ["pdftotext", "-enc", "UTF-8"] + (["-layout"] if layout else []) + [str(path), "-"]
    pages = _run(cmd).split("\f")
    if pages and not pages[-1].strip():
        pages.pop()
    return pages


def render_poppler(path: Path, page: int, out: Path, dpi: int = 60) -> Path:
    """Page ``page`` (1-based) as PNG by poppler (``pdftoppm``)."""
    stem = out.with_suffix("")
    _run(["pdftoppm", "-r", str(dpi), "-f", str(page), "-l", str(page), "-png", "-singlefile",
          str(path), str(stem)])
    return stem.with_suffix(".png")


def render_mupdf(path: Path, page: int, out: Path, dpi: int = 60) -> Path:
    """Page ``page`` (1-based) as PNG by MuPDF (``mutool draw``)."""
    _run(["mutool", "draw", "-q", "-r", str(dpi), "-o", str(out), str(path), str(page)])
    return out


def ink(png: Path) -> float:
    """Share of dark pixels in a PNG (0 = blank page)."""
    from PIL import Image

    with Image.open(png) as im:
        gray = im.convert("L")
        hist = gray.histogram()
    return sum(hist[:128]) / max(1, sum(hist))


# --------------------------------------------------------------- structure

@dataclasses.dataclass
class Elem:
    """One structure element: its type, attributes, page, MCIDs (in order) and children."""

    obj: pikepdf.Dictionary
    type: str
    parent: "Elem | None"
    children: list["Elem"] = dataclasses.field(default_factory=list)
    #: (page index, mcid) of marked content directly in this element, in order, with
    #: children's content interleaved as ("elem", child) entries in ``kids``.
    kids: list = dataclasses.field(default_factory=list)
    annotations: list[pikepdf.Dictionary] = dataclasses.field(default_factory=list)

    def get(self, key: str):
        value = self.obj.get("/" + key)
        return None if value is None else str(value)

    def iter(self):
        yield self
        for child in self.children:
            yield from child.iter()

    def mcids(self):
        """Every (page, mcid) of this element and its descendants, in tree order."""
        for kind, value in self.kids:
            if kind == "mcid":
                yield value
            else:
                yield from value.mcids()

    def ancestors(self):
        node = self.parent
        while node is not None:
            yield node
            node = node.parent


def structure(pdf: pikepdf.Pdf) -> Elem:
    """The structure tree (role-mapped types) under StructTreeRoot."""
    root_dict = pdf.Root.StructTreeRoot
    rolemap = {str(k): str(v) for k, v in root_dict.get("/RoleMap", {}).items()}
    page_index = {page.objgen: i for i, page in enumerate(pdf.pages)}
    root = Elem(root_dict, "StructTreeRoot", None)

    def page_of(d, inherited):
        pg = d.get("/Pg")
        return page_index.get(pg.objgen, inherited) if pg is not None else inherited

    def add(kid, elem: Elem, page):
        if isinstance(kid, pikepdf.Array):
            for k in kid:
                add(k, elem, page)
        elif isinstance(kid, int) or (isinstance(kid, pikepdf.Object) and kid._type_code == pikepdf.ObjectType.integer):
            elem.kids.append(("mcid", (page, int(kid))))
        elif isinstance(kid, pikepdf.Dictionary):
            kind = kid.get("/Type")
            if kind == "/MCR":
                elem.kids.append(("mcid", (page_of(kid, page), int(kid.MCID))))
            elif kind == "/OBJR":
                elem.annotations.append(kid.Obj)
            else:
                name = str(kid.get("/S"))
                hops = 0
                while name in rolemap and hops < 10:
                    name, hops = rolemap[name], hops + 1
                child = Elem(kid, name.lstrip("/"), elem)
                elem.children.append(child)
                elem.kids.append(("elem", child))
                k = kid.get("/K")
                if k is not None:
                    add(k, child, page_of(kid, page))

    add(root_dict.get("/K"), root, None)
    return root


# ----------------------------------------------------------- content streams

def _tounicode(font: pikepdf.Dictionary) -> dict[int, str]:
    cmap = font.get("/ToUnicode")
    table: dict[int, str] = {}
    if cmap is None:
        return table
    text = cmap.read_bytes().decode("latin-1")
    for block in re.findall(r"beginbfchar(.*?)endbfchar", text, re.S):
        for src, dst in re.findall(r"<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]*)>", block):
            table[int(src, 16)] = bytes.fromhex(dst).decode("utf-16-be", "replace")
    for block in re.findall(r"beginbfrange(.*?)endbfrange", text, re.S):
        for lo, hi, dst in re.findall(r"<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>", block):
            base = int(dst, 16)
            for i, code in enumerate(range(int(lo, 16), int(hi, 16) + 1)):
                table[code] = chr(base + i)
    return table


@dataclasses.dataclass
class MarkedContent:
    page: int
    tag: str            # "Span", "Artifact", …
    mcid: int | None
    properties: dict
    text: str
    #: x of the first text shown inside, in PDF points from the page's left edge.
    x: float | None = None


def marked_content(pdf: pikepdf.Pdf) -> list[MarkedContent]:
    """Every marked-content sequence of every page with the text shown inside it (outermost wins)."""
    result: list[MarkedContent] = []
    for index, page in enumerate(pdf.pages):
        fonts = page.Resources.get("/Font", {})
        maps = {str(name): _tounicode(font) for name, font in fonts.items()}
        current: dict[int, str] = {}
        ctm = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
        saved: list[tuple] = []
        text_x = 0.0
        stack: list[MarkedContent | None] = []
        unmarked = MarkedContent(index, "", None, {}, "")
        for operands, operator in pikepdf.parse_content_stream(page):
            op = str(operator)
            if op in ("BDC", "BMC"):
                tag = str(operands[0]).lstrip("/")
                props = {}
                mcid = None
                if op == "BDC" and isinstance(operands[1], pikepdf.Dictionary):
                    props = {str(k): str(v) for k, v in operands[1].items()}
                    if "/MCID" in operands[1]:
                        mcid = int(operands[1].MCID)
                outer = next((m for m in reversed(stack) if m is not None), None)
                if outer is None:
                    mc = MarkedContent(index, tag, mcid, props, "")
                    result.append(mc)
                    stack.append(mc)
                else:
                    stack.append(None)
            elif op == "EMC":
                if stack:
                    stack.pop()
            elif op == "Tf":
                current = maps.get(str(operands[0]), {})
            elif op == "q":
                saved.append(ctm)
            elif op == "Q":
                ctm = saved.pop() if saved else ctm
            elif op == "cm":
                a, b, c, d, e, f = (float(x) for x in operands)
                A, B, C, D, E, F = ctm
                ctm = (a * A + b * C, a * B + b * D, c * A + d * C, c * B + d * D,
                       e * A + f * C + E, e * B + f * D + F)
            elif op == "Tm":
                text_x = float(operands[4]) * ctm[0] + float(operands[5]) * ctm[2] + ctm[4]
            elif op in ("Tj", "TJ", "'", '"'):
                parts = operands[-1] if op in ("TJ",) else [operands[-1]]
                data = b"".join(bytes(p) for p in parts if isinstance(p, pikepdf.String))
                text = "".join(current.get(int.from_bytes(data[i:i + 2], "big"), "\ufffd")
                               for i in range(0, len(data) - 1, 2))
                target = next((m for m in reversed(stack) if m is not None), unmarked)
                if target.x is None:
                    target.x = text_x
                target.text += text
        if unmarked.text:
            result.append(unmarked)
    return result


PAINT = {"f", "F", "f*", "B", "B*", "b", "b*", "S", "s", "Do", "sh"}


def painting(pdf: pikepdf.Pdf) -> list[tuple[int, str, str]]:
    """(page index, operator, outermost marked-content tag or "") of every painting operator
    (fills, strokes, images and forms, shadings)."""
    out = []
    for index, page in enumerate(pdf.pages):
        stack: list[str] = []
        for operands, operator in pikepdf.parse_content_stream(page):
            op = str(operator)
            if op in ("BDC", "BMC"):
                stack.append(str(operands[0]).lstrip("/"))
            elif op == "EMC" and stack:
                stack.pop()
            elif op in PAINT:
                out.append((index, op, stack[0] if stack else ""))
    return out


# ------------------------------------------------------------------ links

def named_destinations(pdf: pikepdf.Pdf) -> dict[str, tuple[int, float]]:
    """Named destinations → (page index, y of the target in PDF points)."""
    page_index = {page.objgen: i for i, page in enumerate(pdf.pages)}
    out: dict[str, tuple[int, float]] = {}
    names = pdf.Root.get("/Names")
    if names is None or "/Dests" not in names:
        return out

    def walk(node):
        if "/Names" in node:
            arr = node.Names
            for i in range(0, len(arr), 2):
                dest = arr[i + 1]
                if isinstance(dest, pikepdf.Dictionary):
                    dest = dest.D
                y = float(dest[3]) if len(dest) > 3 and dest[3] is not None else 0.0
                out[str(arr[i])] = (page_index.get(dest[0].objgen, -1), y)
        for kid in node.get("/Kids", []):
            walk(kid)

    walk(names.Dests)
    return out


def link_annotations(pdf: pikepdf.Pdf) -> list[tuple[int, pikepdf.Dictionary]]:
    return [(i, a) for i, page in enumerate(pdf.pages) for a in page.get("/Annots", [])
            if a.get("/Subtype") == "/Link"]
