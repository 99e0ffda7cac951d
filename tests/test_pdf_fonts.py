"""Issue 13: bold and italic read from a PDF's fonts where the style is in the font's name only.

The UN's Chinese documents set their headings in SimHei (黑体, "black face"): a face of regular
weight, flags and stem, whose boldness is its design and its name.  The PDF here is made with
WeasyPrint from Noto Sans CJK (Debian's fonts-noto-cjk) subset and renamed SimHei, set at
``font-weight: normal`` as a producer using the real SimHei sets it.
"""

from __future__ import annotations

from fontTools import subset
from fontTools.ttLib import TTFont

from pipeline.readers.pdf import read_pages

NOTO_SANS_CJK = "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"
HEADING = "第一章 执行情况报告"
TEXT = "大会根据第号决议，秘书长的说明。"


def renamed_font(path, family: str) -> None:
    font = TTFont(NOTO_SANS_CJK, fontNumber=2)          # Noto Sans CJK SC
    options = subset.Options()
    options.name_IDs = ["*"]
    subsetter = subset.Subsetter(options)
    subsetter.populate(text=HEADING + TEXT)
    subsetter.subset(font)
    for record in font["name"].names:
        if record.nameID in (1, 4, 6, 16):
            record.string = family
    font["CFF "].cff.fontNames[0] = family
    font.save(str(path))


def test_a_simhei_heading_is_bold(tmp_path):
    import weasyprint

    renamed_font(tmp_path / "simhei.otf", "SimHei")
    renamed_font(tmp_path / "yahei.otf", "MicrosoftYaHei")
    html = f"""<html><head><style>
      @font-face {{ font-family: SimHei; src: url({(tmp_path / 'simhei.otf').as_uri()}); }}
      @font-face {{ font-family: MicrosoftYaHei; src: url({(tmp_path / 'yahei.otf').as_uri()}); }}
      body {{ font-family: 'Noto Serif CJK SC'; font-size: 10.5pt; }}
      h2 {{ font-family: SimHei; font-weight: normal; font-size: 10.5pt; }} .sans {{ font-family: MicrosoftYaHei; }}
      </style></head><body><h2>{HEADING}</h2><p>{TEXT}</p><p class="sans">{TEXT}</p></body></html>"""
    (page,) = read_pages(weasyprint.HTML(string=html).write_pdf(), "t.pdf")
    styles = [(line.text, {s.font for s in line.spans}, line.bold) for line in page.lines]
    assert styles == [(HEADING, {"SimHei"}, True), (TEXT, {"Noto-Serif-CJK-SC"}, False),
                      (TEXT, {"MicrosoftYaHei"}, False)]
