"""The DOCX writer's reference document: pandoc's default reference.docx in, ours (UN-like styles) out.

``python -m pipeline.writers.docx_reference`` rewrites ``pipeline/data/reference.docx``; the
same pandoc gives the same bytes (every zip date is fixed), and the test suite checks that the
shipped file is what this script makes.  What it sets, after the UN's Word templates:

* fonts by script, the same as the PDF edition's (``languages.py``, installed by the Debian
  font packages): Noto Serif for Latin and Cyrillic, Noto Serif CJK SC for Chinese (the
  ``eastAsia`` slot), Noto Naskh Arabic for Arabic (the complex-script slot); 10 pt text,
  justified, A4 with 2 cm margins;
* headings: level 1 (chapters, annexes) bold 12 pt, level 2 (lettered divisions) bold 10 pt,
  level 3 (subheadings) bold 10 pt, each "number<tab>text" on a hanging indent, kept with
  the next paragraph; no theme colour;
* "UN Numbered Paragraph": the number in a hanging indent of 1 cm before its text; "UN List
  Item" 1–3 for (a), (i), 1) subparagraphs, each 1 cm deeper; "UN Continued Paragraph",
  "UN Body Text", "UN Preambular Paragraph" (first line indented);
* the cover: "UN Masthead", "UN Masthead Symbol" (the symbol, right, 14 pt), the borderless
  "Table" style pandoc gives every table, "UN Cover Line", "UN Agenda Title", "UN Proponent",
  "Title", "UN Subheading", "UN Conclusion";
* footnotes: "Footnote Text" 9 pt with the mark in a hanging indent, "Footnote Reference"
  superscript, numbered continuously through the document.

Right to left is not a style: the writer sets pandoc's ``dir: rtl`` for Arabic, which marks
every paragraph ``w:bidi`` and every run ``w:rtl``.
"""

from __future__ import annotations

import io
import subprocess
import sys
import zipfile
from pathlib import Path

from lxml import etree

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
W = "{%s}" % W_NS
OUTPUT = Path(__file__).resolve().parent.parent / "data" / "reference.docx"

#: Twentieths of a point.
CM = 567

FONTS = {"ascii": "Noto Serif", "hAnsi": "Noto Serif", "eastAsia": "Noto Serif CJK SC", "cs": "Noto Naskh Arabic"}

#: (styleId, name, type, basedOn, pPr, rPr): pPr/rPr as {element: {attribute: value}} in the w namespace.
STYLES = [
    ("UNNumberedParagraph", "UN Numbered Paragraph", "paragraph", "Normal",
     {"ind": {"left": 2 * CM, "hanging": CM}, "tabs": [2 * CM]}, {}),
    ("UNListItem", "UN List Item", "paragraph", "Normal",
     {"ind": {"left": 3 * CM, "hanging": CM}, "tabs": [3 * CM]}, {}),
    ("UNListItem2", "UN List Item 2", "paragraph", "Normal",
     {"ind": {"left": 4 * CM, "hanging": CM}, "tabs": [4 * CM]}, {}),
    ("UNListItem3", "UN List Item 3", "paragraph", "Normal",
     {"ind": {"left": 5 * CM, "hanging": CM}, "tabs": [5 * CM]}, {}),
    ("UNContinuedParagraph", "UN Continued Paragraph", "paragraph", "Normal",
     {"ind": {"left": 2 * CM}}, {}),
    ("UNBodyText", "UN Body Text", "paragraph", "Normal", {"ind": {"left": CM}}, {}),
    ("UNPreambularParagraph", "UN Preambular Paragraph", "paragraph", "Normal",
     {"ind": {"left": CM, "firstLine": CM}}, {}),
    ("UNCoverLine", "UN Cover Line", "paragraph", "Normal",
     {"spacing": {"after": 0}, "jc": "left"}, {}),
    ("UNAgendaTitle", "UN Agenda Title", "paragraph", "Normal",
     {"spacing": {"after": 240}, "jc": "left"}, {"b": True}),
    ("UNProponent", "UN Proponent", "paragraph", "Normal",
     {"ind": {"left": CM}, "spacing": {"after": 240}, "jc": "left"}, {"b": True, "sz": 24}),
    ("UNSubheading", "UN Subheading", "paragraph", "Normal",
     {"ind": {"left": CM}, "keepNext": True, "jc": "left"}, {"b": True}),
    ("UNConclusion", "UN Conclusion", "paragraph", "Normal",
     {"spacing": {"after": 0}, "jc": "right"}, {}),
    ("UNMasthead", "UN Masthead", "paragraph", "Normal",
     {"spacing": {"after": 0}, "jc": "left"}, {}),
    ("UNMastheadSymbol", "UN Masthead Symbol", "paragraph", "Normal",
     {"spacing": {"after": 0}, "jc": "right"}, {"sz": 28}),
]

#: Pandoc's own styles, changed: styleId → (pPr, rPr); rPr replaces the old one entirely.
CHANGED = {
    "Normal": ({"spacing": {"after": 120, "line": 240, "lineRule": "auto"}, "jc": "both"}, {}),
    "BodyText": ({"ind": {"left": CM}, "spacing": {"before": 0, "after": 120}}, {}),
    "FirstParagraph": ({"ind": {"left": CM}}, {}),
    "Compact": ({"spacing": {"before": 0, "after": 0}}, {}),
    "Title": ({"ind": {"left": CM}, "spacing": {"before": 240, "after": 240}, "jc": "left"},
              {"b": True, "sz": 28}),
    "Heading1": ({"ind": {"left": CM, "hanging": CM}, "tabs": [CM], "spacing": {"before": 360, "after": 240},
                  "keepNext": True, "jc": "left"}, {"b": True, "sz": 24}),
    "Heading2": ({"ind": {"left": CM, "hanging": CM}, "tabs": [CM], "spacing": {"before": 240, "after": 120},
                  "keepNext": True, "jc": "left"}, {"b": True, "sz": 20}),
    "Heading3": ({"ind": {"left": CM}, "spacing": {"before": 240, "after": 120},
                  "keepNext": True, "jc": "left"}, {"b": True, "sz": 20}),
    "FootnoteText": ({"ind": {"left": 2 * CM, "hanging": CM}, "tabs": [2 * CM],
                      "spacing": {"before": 0, "after": 40, "line": 220, "lineRule": "auto"}, "jc": "left"},
                     {"sz": 17}),
    "FootnoteReference": ({}, {"vertAlign": "superscript"}),
    "Hyperlink": ({}, {"color": "1F3864"}),
}


def w(tag: str, **attrs) -> etree._Element:
    el = etree.Element(W + tag)
    for key, value in attrs.items():
        el.set(W + key, str(value))
    return el


def ppr(spec: dict) -> etree._Element:
    """A ``w:pPr`` in schema order: keepNext, spacing… (Word refuses elements out of order)."""
    el = w("pPr")
    if spec.get("keepNext"):
        el.append(w("keepNext"))
    if "tabs" in spec:
        tabs = w("tabs")
        for pos in spec["tabs"]:
            tabs.append(w("tab", val="left", pos=pos))
        el.append(tabs)
    if "spacing" in spec:
        el.append(w("spacing", **spec["spacing"]))
    if "ind" in spec:
        el.append(w("ind", **spec["ind"]))
    if "jc" in spec:
        el.append(w("jc", val=spec["jc"]))
    return el


def rpr(spec: dict) -> etree._Element:
    el = w("rPr")
    if spec.get("b"):
        el.append(w("b"))
        el.append(w("bCs"))
    if "color" in spec:
        el.append(w("color", val=spec["color"]))
    if "sz" in spec:
        el.append(w("sz", val=spec["sz"]))
        el.append(w("szCs", val=spec["sz"]))
    if "vertAlign" in spec:
        el.append(w("vertAlign", val=spec["vertAlign"]))
    return el


def set_props(style: etree._Element, p_spec: dict, r_spec: dict | None) -> None:
    for tag, spec, make in (("pPr", p_spec, ppr), ("rPr", r_spec, rpr)):
        old = style.find(W + tag)
        if spec is None:
            continue
        new = make(spec)
        if old is not None:
            style.replace(old, new)
        else:
            style.append(new)


def restyle(styles: etree._Element) -> None:
    defaults = styles.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr")
    fonts = defaults.find(W + "rFonts")
    for key in list(fonts.attrib):
        del fonts.attrib[key]
    for slot, name in FONTS.items():
        fonts.set(W + slot, name)
    defaults.find(W + "sz").set(W + "val", "20")
    defaults.find(W + "szCs").set(W + "val", "20")
    by_id = {s.get(W + "styleId"): s for s in styles.iter(W + "style")}
    for style_id, (p_spec, r_spec) in CHANGED.items():
        set_props(by_id[style_id], p_spec, r_spec)
    # The table style of every pandoc table (the masthead): no borders, no banding.
    table = by_id["Table"]
    for tbl_pr in table.findall(W + "tblPr"):
        table.remove(tbl_pr)
    tbl_pr = w("tblPr")
    tbl_pr.append(w("tblInd", w=0, type="dxa"))
    borders = w("tblBorders")
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        borders.append(w(side, val="nil"))
    tbl_pr.append(borders)
    table.append(tbl_pr)
    for style_id, name, kind, based_on, p_spec, r_spec in STYLES:
        style = w("style", type=kind, customStyle=1, styleId=style_id)
        style.append(w("name", val=name))
        style.append(w("basedOn", val=based_on))
        style.append(w("qFormat"))
        set_props(style, p_spec, r_spec)
        styles.append(style)


def page_setup(document: etree._Element) -> None:
    """A4, 2 cm margins, footnotes numbered continuously through the document."""
    sect = document.find(f"{W}body/{W}sectPr")
    for child in list(sect):
        sect.remove(child)
    note_pr = w("footnotePr")
    note_pr.append(w("numRestart", val="continuous"))
    sect.append(note_pr)
    sect.append(w("pgSz", w=11906, h=16838))
    sect.append(w("pgMar", top=2 * CM, right=2 * CM, bottom=2 * CM, left=2 * CM, header=CM, footer=CM,
                  gutter=0))


def pandoc_default_reference() -> tuple[bytes, str]:
    import pypandoc
    path = pypandoc.get_pandoc_path()
    data = subprocess.run([path, "--print-default-data-file", "reference.docx"], check=True,
                          capture_output=True).stdout
    version = subprocess.run([path, "--version"], check=True, capture_output=True, text=True).stdout.split()[1]
    return data, version


def make_reference(base: bytes, pandoc_version: str) -> bytes:
    """Pandoc's default reference.docx → ours; the same input gives the same bytes."""
    source = zipfile.ZipFile(io.BytesIO(base))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for name in source.namelist():
            data = source.read(name)
            if name == "word/styles.xml":
                root = etree.fromstring(data)
                restyle(root)
                data = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
            elif name == "word/document.xml":
                root = etree.fromstring(data)
                page_setup(root)
                data = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
            elif name == "docProps/core.xml":
                data = data.replace(b"</cp:coreProperties>",
                                    f"<dc:description>UN-like styles for the pipeline's DOCX writer; made by "
                                    f"pipeline/writers/docx_reference.py from pandoc {pandoc_version}"
                                    f"</dc:description></cp:coreProperties>".encode())
            info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            target.writestr(info, data)
    return out.getvalue()


def main() -> None:
    base, version = pandoc_default_reference()
    OUTPUT.parent.mkdir(exist_ok=True)
    OUTPUT.write_bytes(make_reference(base, version))
    print(f"wrote {OUTPUT} (from pandoc {version})", file=sys.stderr)


if __name__ == "__main__":
    main()
