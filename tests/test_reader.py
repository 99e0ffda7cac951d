"""Issue 2: the sample report read into the model — structure, notes, links, repairs, warnings."""

from __future__ import annotations

import re
from copy import deepcopy

import pytest
from lxml import etree

from conftest import AKN_XSD, SAMPLE, SHARED

GOLDEN = SAMPLE.parent.parent / "tests" / "golden"
from pipeline import model
from pipeline.diagnostics import Level
from pipeline.model import xpath


def ids(tree, expr):
    return [el.get("eId") for el in xpath(tree, expr)]


def test_validates_against_the_official_xsd(sample_model):
    schema = etree.XMLSchema(etree.parse(str(AKN_XSD)))
    assert schema.validate(sample_model), schema.error_log
    eids = xpath(sample_model, "//@eId")
    assert len(eids) == len(set(eids))


def test_ninety_five_paragraphs_numbered_in_order(sample_model):
    nums = [p.findtext(model.akn("num")) for p in xpath(sample_model, "//a:mainBody//a:paragraph")]
    assert nums == [f"{n}." for n in range(1, 96)]
    assert ids(sample_model, "//a:paragraph") == [f"para_{n}" for n in range(1, 96)]


def test_chapters_sections_and_subheadings(sample_model):
    chapters = xpath(sample_model, "//a:mainBody/a:section")
    assert [c.findtext(model.akn("num")) for c in chapters] == ["一.", "二.", "三.", "四."]
    assert chapters[0].findtext(model.akn("heading")) == "引言"
    assert ids(sample_model, "//a:section[@eId='sec_2']/a:title") == [
        "sec_2__title_A", "sec_2__title_B", "sec_2__title_C", "sec_2__title_D"]
    subheadings = xpath(sample_model, "//a:title[@eId='sec_2__title_C']/a:hcontainer[@name='subheading']")
    assert [s.findtext(model.akn("heading")) for s in subheadings] == [
        "政策对话与发展", "为促进能力建设进行知识共享", "建立伙伴关系和创新性筹资",
        "联合国对区域和区域间南南倡议的支持", "监测、评价和报告"]
    # Each subheading holds the paragraphs that follow it.
    assert ids(subheadings[0], "a:paragraph")[0] == "para_26"
    assert ids(subheadings[-1], "a:paragraph") == ["para_61", "para_62", "para_63", "para_64"]


def test_every_note_is_at_its_call(sample_model):
    notes = xpath(sample_model, "//a:authorialNote")
    where = [(n.get("marker"), n.get("placement"),
              (xpath(n, "ancestor::a:paragraph/@eId") or ["preface"])[0]) for n in notes]
    expected_paragraphs = {1: 1, 2: 1, 3: 10, 4: 20, 5: 24, 6: 32, 7: 51, 8: 53, 9: 56, 10: 60,
                           11: 81, 12: 82, 13: 83, 14: 94}
    assert where == [("*", "bottom", "preface")] + [
        (str(m), "bottom", f"para_{p}") for m, p in expected_paragraphs.items()]
    # The * note sits right after 临时议程, its body is the agenda's symbol.
    star = notes[0]
    assert star.getparent().text == "临时议程"
    assert xpath(star, "string(.//a:ref/@href)") == "https://undocs.org/zh/A/73/150"
    # Note 1 replaces the superscript between 》 and the space before 中.
    first = notes[1]
    assert (first.getprevious() is None and first.getparent().text.endswith("《2030 年可持续发展议程》"))
    assert first.tail.startswith(" 中，")
    assert model.flow_text(first) == "第 70/1 号决议。"
    # No superscript digit is left in the text: every call became a note.
    assert not re.search("[⁰¹²³⁴⁵⁶⁷⁸⁹]", model.content_text(sample_model))


def test_split_paragraphs_are_joined(sample_read):
    tree, reporter = sample_read
    rejoined = [d for d in reporter.diagnostics if d.code == "paragraph-rejoined"]
    assert [d.message.split()[1] for d in rejoined] == ["14", "24", "38", "56", "79", "85"]
    assert [d.pos.line for d in rejoined] == [63, 91, 129, 175, 233, 253]
    texts = {n: model.flow_text(xpath(tree, f"//a:paragraph[@eId='para_{n}']/a:content/a:p")[0])
             for n in (14, 24, 38, 56, 79, 85)}
    assert "其他四个联合国组织，国际劳工组织(劳工组织)" in texts[14]
    assert "太平洋金融普惠方案,包括欧洲联盟" in texts[24]
    assert "国家适应计划提供技术指导" in texts[38]
    assert "设立非洲南南合作协调机制。" in texts[56]
    assert "亚洲及太平洋经济社会委员会合作" in texts[79]
    assert texts[85].endswith("与联合国发展系统各组织的战略框架和计划保持一致。")
    assert "政策和程序所规定的准则" in texts[85]


def test_symbols_resolutions_and_urls_are_linked(sample_model):
    refs = [(r.get("class"), r.text, r.get("href")) for r in xpath(sample_model, "//a:ref")]
    symbols = [text for cls, text, _ in refs if cls == "symbol"]
    resolutions = [(text, href) for cls, text, href in refs if cls == "resolution"]
    assert resolutions == [
        ("72/237", "https://undocs.org/zh/A/RES/72/237"), ("70/1", "https://undocs.org/zh/A/RES/70/1"),
        ("72/279", "https://undocs.org/zh/A/RES/72/279"), ("71/1", "https://undocs.org/zh/A/RES/71/1")]
    assert symbols == ["A/73/150", "A/72/297", "A/71/208", "A/72/297", "A/71/208", "SSC/19/3",
                       "JIU/REP/2018/2", "JIU/REP/2011/3", "A/72/297"]
    assert all(href == f"https://undocs.org/zh/{text}" for cls, text, href in refs if cls == "symbol")
    # The emphasis around JIU/REP/2018/2 is kept, the link inside it.
    assert xpath(sample_model, "//a:i/a:ref/text()") == ["JIU/REP/2018/2"]
    # The Executive Board's decision 2018/5 has no symbol: not linked.
    para_87 = xpath(sample_model, "//a:paragraph[@eId='para_87']")[0]
    assert "执行局第 2018/5 号决定" in model.flow_text(para_87) and not xpath(para_87, ".//a:ref")
    urls = [(a.text, a.get("href")) for a in xpath(sample_model, "//a:a")]
    assert len(urls) == 12
    assert ("www.unsouthsouth.org", "http://www.unsouthsouth.org") in urls
    # CJK punctuation never ends up inside a URL.
    assert not any(re.search(r"[^\x21-\x7e]", href) for _, href in urls)
    assert urls[0][1].endswith("ba904804-060c-49ed-83c5-bd5d70a99335")


def test_editorial_warnings_point_at_the_flaws(sample_read):
    _, reporter = sample_read
    found = [(d.code, d.pos.line, d.pos.column) for d in reporter.at_least(Level.WARNING)]
    assert ("english-word-in-chinese", 133, 50) in found     # 千年发展目标 and 可持续发展目标
    assert ("english-word-in-chinese", 187, 177) in found    # 项目 and 方案
    assert ("doubled-character", 229, 272) in found          # 价值值
    ascii_lines = [line for code, line, _ in found if code == "ascii-punctuation-in-chinese"]
    assert ascii_lines[:3] == [65, 67, 71] and len(ascii_lines) == 17
    # Nothing else is reported: no false doubled characters (南南, 联合国国家), no structural doubts.
    assert {code for code, *_ in found} == {"english-word-in-chinese", "doubled-character",
                                           "ascii-punctuation-in-chinese"}
    lines = SAMPLE.read_text(encoding="utf-8").split("\n")
    assert lines[132][49:52] == "and" and lines[228][271] == "值"


def test_repairs_are_reported_with_source_lines(sample_read):
    _, reporter = sample_read
    infos = [d for d in reporter.diagnostics if d.level == Level.INFO]
    counts = {}
    for d in infos:
        counts[d.code] = counts.get(d.code, 0) + 1
        assert d.pos is not None and d.pos.line > 0
    assert counts == {"footnote-attached": 15, "paragraph-rejoined": 6, "symbol-linked": 13, "url-linked": 12}
    moved = [d for d in infos if d.code == "footnote-attached" and "¹⁴" in d.message][0]
    assert (moved.pos.line, moved.pos.column) == (273, 69) and "line 277" in moved.message


def strip_source_syntax(line: str) -> str:
    """The content characters of a source line: markers, link syntax and emphasis marks aside."""
    line = re.sub(r"^(\d+\.|[一二三四五六七八九十]+\.|[A-Z]\.)\s*", "", line)
    line = re.sub(r"^[⁰¹²³⁴⁵⁶⁷⁸⁹]+\s*|^\*\s+", "", line)
    line = re.sub(r"\[([^\]]*)\]\(#?\)", r"\1", line)
    line = re.sub(r"<(https?://[^>]+)>", r"\1", line)
    line = re.sub(r"\*([^*\s][^*]*)\*", r"\1", line)
    line = re.sub(r"[⁰¹²³⁴⁵⁶⁷⁸⁹*]", "", line)
    return re.sub(r"\s+", "", line)


def test_nothing_is_lost(sample_model):
    """Every content character of the source is in the model, block by block, in order."""
    notes = [re.sub(r"\s+", "", model.flow_text(n)) for n in xpath(sample_model, "//a:authorialNote")]
    body = deepcopy(sample_model)
    for num in xpath(body, "//a:num"):        # the numbers are checked above
        num.getparent().remove(num)
    running = re.sub(r"\s+", "", "".join(model.flow_text(el) for el in
                                         xpath(body, "/a:akomaNtoso/a:doc/*[not(self::a:meta)]")))
    source_chars = 0
    position = 0
    for number, line in enumerate(SAMPLE.read_text(encoding="utf-8").split("\n"), 1):
        content = strip_source_syntax(line)
        if not content:
            continue
        source_chars += len(content)
        if re.match(r"^([⁰¹²³⁴⁵⁶⁷⁸⁹]+|\*)\s", line):
            assert content in notes, f"line {number}: note body not found"
            continue
        found = running.find(content, position)
        assert found >= 0, f"line {number}: {content[:30]}… not found in order"
        position = found + len(content)
    masthead = sum(len(re.sub(r"\s+", "", model.flow_text(c))) for c in xpath(sample_model, "//a:coverPage"))
    assert len(running) + sum(map(len, notes)) == source_chars + masthead


def test_unknown_date_is_never_invented(sample_model):
    info = model.document_info(sample_model)
    assert (info.symbol, info.language, info.date) == ("A/73/321", "zh", None)
    assert not xpath(sample_model, "//a:docDate")
    dates = xpath(sample_model, "//a:FRBRWork/a:FRBRdate | //a:FRBRExpression/a:FRBRdate")
    assert [(d.get("date"), d.get("name")) for d in dates] == [("0001-01-01", "unknown")] * 2
    assert xpath(sample_model, "string(//a:FRBRWork/a:FRBRthis/@value)") == \
        "/akn/un/doc/paper/un-ga/unknown/A-73-321/!main"


def test_cover_and_preface(sample_model):
    preface = xpath(sample_model, "//a:preface")[0]
    assert xpath(preface, "string(a:p/a:session/@value)") == "73"
    assert xpath(preface, "string(a:p[@class='agendaTitle'])") == "发展方面的业务活动：南南合作促进发展"
    assert xpath(preface, "string(a:longTitle//a:docTitle)") == "南南合作情况"
    assert xpath(preface, "string(a:p/a:docProponent)") == "秘书长的报告"
    summary = xpath(preface, "a:container[@name='summary']/a:p")
    assert model.flow_text(summary[0]) == "摘要" and model.flow_text(summary[1]).startswith("本报告根据大会第 72/237")
    masthead = [model.flow_text(p) for p in xpath(sample_model, "//a:coverPage//a:p")]
    assert masthead == ["联合国", "A/73/321", "大会", "Distr.: General"]


def test_golden_model(sample_model, file_regression):
    """The whole model, pretty-printed with source positions; review `git diff` after --force-regen."""
    file_regression.check(model.to_bytes(sample_model).decode(), encoding="utf-8",
                          fullpath=GOLDEN / "reader" / "A_73_321-ZH.akn.xml")


@pytest.mark.parametrize("lang, lines", [
    ("en", ["48th plenary meeting", "21 December 2020"]),
    ("ar", ["الجلسة العامة 48", "21 كانون الأول/ديسمبر 2020"]),
    ("ru", ["48-е пленарное заседание", "21 декабря 2020\u00a0года"]),
])
def test_closing_lines_of_a_resolution_stay_two_lines(lang, lines):
    """The meeting and the date close a resolution as two lines in every language (the Arabic
    month is two words, the Russian date ends in года): joined, they read as two adjacent numbers."""
    from pipeline import Reporter, read_source
    tree = read_source((SHARED / "corpus" / f"{lang}_A-RES-75-234.txt").read_bytes(),
                       f"{lang}_A-RES-75-234.txt", Reporter())
    assert [model.flow_text(p) for p in model.xpath(tree, "//a:conclusions/a:p")] == lines
