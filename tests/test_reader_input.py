"""Issue 2: bad or unusual input gets a clear error or warning, and nothing else."""

from __future__ import annotations

import pytest

from conftest import SAMPLE, SHARED
from pipeline import model, read_source
from pipeline.diagnostics import Level, Reporter, SourceError
from pipeline.readers.text import ReadOptions

NAME = "A_73_999-ZH.md"

SMALL = """第七十三届会议

临时议程* 项目 25(b)

南南合作情况

秘书长的报告

* [A/73/150](#)。

一. 引言

1. 第一段文字，见报告。¹

¹ 第 70/1 号决议。

2. 第二段文字。
"""


def read(text: str | bytes, name: str = NAME, **options):
    reporter = Reporter()
    data = text.encode("utf-8") if isinstance(text, str) else text
    tree = read_source(data, name, reporter, ReadOptions(source_date_epoch=0, **options))
    return tree, reporter


def warnings(reporter):
    return [(d.code, d.pos.line, d.pos.column) for d in reporter.at_least(Level.WARNING)]


def test_small_document_reads_clean():
    tree, reporter = read(SMALL)
    assert warnings(reporter) == []
    assert len(model.xpath(tree, "//a:authorialNote")) == 2


@pytest.mark.parametrize("data, message, line, column", [
    (b"", "the file is empty", 1, 1),
    (b"\n \n\t\n", "the file is empty", 1, 1),
    ("一. 引言\n\n1. 文字\xe9".encode("utf-8")[:-1] + b"\xff\n", "byte 0xc3 at offset 22", 3, 6),
    ("一. 引言\n\n1. 文字\x07。\n".encode("utf-8"), "control character U+0007", 3, 6),
    ("只有一行文字。\n".encode("utf-8"), "no numbered paragraph or chapter heading", 1, 1),
])
def test_unreadable_sources_are_clear_errors(data, message, line, column):
    with pytest.raises(SourceError) as info:
        read(data)
    error = info.value
    assert message in error.message
    assert (error.pos.path, error.pos.line, error.pos.column) == (NAME, line, column)
    assert error.hint


def test_non_utf8_reports_the_byte_offset():
    data = "一. 引言\n\n1. 文字".encode("utf-8") + "。".encode("gb18030") + b"\n"
    with pytest.raises(SourceError) as info:
        read(data)
    assert "byte 0xa1 at offset 22 is not UTF-8" in info.value.message
    assert "GB18030" in info.value.hint


def test_bom_and_crlf_are_removed_and_reported():
    plain, _ = read(SMALL)
    tree, reporter = read(b"\xef\xbb\xbf" + SMALL.replace("\n", "\r\n").encode("utf-8"))
    assert [d.code for d in reporter.diagnostics if d.level == Level.INFO][:2] == [
        "bom-removed", "line-ends-normalized"]
    assert model.content_text(tree) == model.content_text(plain)
    assert warnings(reporter) == []


def test_note_call_without_body():
    _, reporter = read(SMALL.replace("2. 第二段文字。", "2. 第二段文字。²"))
    assert warnings(reporter) == [("footnote-without-body", 17, 10)]


def test_note_body_without_call_is_kept_and_reported():
    tree, reporter = read(SMALL + "\n³ 无人引用的脚注。\n")
    assert warnings(reporter) == [("footnote-without-call", 19, 1)]
    orphan = model.xpath(tree, "//a:authorialNote[@marker='3']")[0]
    assert model.flow_text(orphan) == "无人引用的脚注。"
    assert model.xpath(orphan, "string(ancestor::a:paragraph/@eId)") == "para_2"


def test_duplicate_paragraph_number():
    tree, reporter = read(SMALL + "\n2. 又一个第二段。\n")
    assert ("paragraph-number-duplicate", 19, 1) in warnings(reporter)
    assert [p.get("eId") for p in model.xpath(tree, "//a:paragraph")] == ["para_1", "para_2", "para_2_2"]


def test_paragraph_number_gap():
    _, reporter = read(SMALL + "\n5. 第五段。\n")
    assert warnings(reporter) == [("paragraph-number-gap", 19, 1)]
    assert "3–4 missing" in reporter.at_least(Level.WARNING)[0].message


def test_heading_like_tail_is_joined_and_reported():
    text = SMALL.replace("2. 第二段文字。", "2. 第二段文字，但是\n\n³ 脚注。\n\n被分页截断\n\n3. 第三段。²") \
        .replace("1. 第一段文字，见报告。¹", "1. 第一段文字，见报告。¹ 又见报告。²")
    tree, reporter = read(text.replace("¹ 第 70/1 号决议。", "¹ 第 70/1 号决议。\n\n² 另一个注。"))
    codes = [c for c, *_ in warnings(reporter)]
    assert "heading-like-tail" in codes
    para = model.xpath(tree, "//a:paragraph[@eId='para_2']")[0]
    assert model.flow_text(para).endswith("第二段文字，但是被分页截断")
    assert not model.xpath(tree, "//a:hcontainer")


def test_unknown_language_and_symbol():
    with pytest.raises(SourceError) as info:
        read(SMALL, name="report.md")
    assert "symbol and language" in info.value.message and ".meta.toml" in info.value.hint
    with pytest.raises(SourceError) as info:
        read(SMALL, name="A_73_321-XX.md")
    assert "unknown language 'xx'" in info.value.message


def test_front_matter_overrides_the_file_name():
    text = "---\nsymbol: A/73/321\nlanguage: zh\ndate: 2018-08-07\noriginal_language: en\n---\n" + SMALL
    tree, reporter = read(text, name="draft.md")
    info = model.document_info(tree)
    assert (info.symbol, info.date, info.original_language) == ("A/73/321", "2018-08-07", "en")
    assert model.xpath(tree, "string(//a:docDate/@date)") == "2018-08-07"
    masthead = [model.flow_text(p) for p in model.xpath(tree, "//a:coverPage//a:p")]
    assert masthead[-2:] == ["Chinese", "Original: English"]
    # Positions still point into the file, front matter included.
    assert model.xpath(tree, "string(//a:paragraph[@eId='para_1']/@pl:line)") == "19"


def test_multi_line_blocks_are_joined_without_spaces_in_chinese():
    tree, reporter = read(SMALL.replace("1. 第一段文字，见报告。¹", "1. 第一段文字，\n见报告。¹"))
    assert model.flow_text(model.xpath(tree, "//a:paragraph[@eId='para_1']//a:p")[0]).startswith(
        "第一段文字，见报告。")
    assert "lines-joined" in reporter.codes(Level.INFO)


def test_the_sample_file_is_the_shared_one_unchanged():
    shared = SHARED / "source" / SAMPLE.name
    assert SAMPLE.read_bytes() == shared.read_bytes()


ARABIC_REPORT = """الدورة الثالثة والسبعون

البند 25 (ب) من جدول الأعمال المؤقت*

حالة التعاون فيما بين بلدان الجنوب

تقرير الأمين العام

* A/73/150.

أولا - مقدمة

1 - اعتمد المجتمع الدولي خطة عام 2030(¹)، انظر القرار 70/1.

(¹) القرار 70/1.

ثانيا - الدعم

ألف - السياسات

2 - نص الفقرة الثانية، بما في ذلك:

(أ) البند الأول؛

(ب) البند الثاني.

باء - الابتكار

3 - نص الفقرة الثالثة.
"""


def test_arabic_report_structure():
    tree, reporter = read(ARABIC_REPORT, name="A_73_999-AR.md")
    assert warnings(reporter) == []
    x = lambda expr: model.xpath(tree, expr)  # noqa: E731
    assert [s.get("eId") for s in x("//a:section")] == ["sec_1", "sec_2"]
    assert [t.get("eId") for t in x("//a:title")] == ["sec_2__title_A", "sec_2__title_B"]
    assert x("//a:section/a:num/text()") == ["أولا -", "ثانيا -"]
    assert x("//a:paragraph/a:num/text()") == ["1 -", "2 -", "3 -"]
    assert x("//a:list/a:point/a:num/text()") == ["(أ)", "(ب)"]
    notes = [(n.get("marker"), n.xpath("string(ancestor::a:paragraph/@eId)", namespaces={"a": model.AKN_NS}))
             for n in x("//a:authorialNote")]
    assert notes == [("*", ""), ("1", "para_1")]
    assert x("//a:paragraph[@eId='para_1']//a:ref[not(ancestor::a:authorialNote)]/@href") == ["https://undocs.org/ar/A/RES/70/1"]
    assert x("string(//a:session/@value)") == "73"
