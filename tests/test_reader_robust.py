"""Issue 14 (reader side): each defect found by careless and hostile input, one test each.

Every case here failed before its fix: a label lost without a word, a silent change, a crash
(exit 1), "a bug in the pipeline" (exit 5) on plausible input, or a cost that explodes.
"""

from __future__ import annotations

import ast
import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT
from pipeline import model, read_source, write
from pipeline.diagnostics import Level, Reporter, SourceError
from pipeline.readers.text import ReadOptions

EN = "A_73_999-EN.md"
COVER = "Seventy-third session\n\nReport of the Secretary-General on something\n\n"


def read(text: str, name: str = EN, **options):
    reporter = Reporter()
    tree = read_source(text.encode("utf-8"), name, reporter, ReadOptions(source_date_epoch=0, **options))
    return tree, reporter


def found(reporter, level=Level.WARNING):
    return [(d.code, d.pos.line, d.pos.column) for d in reporter.diagnostics if d.level >= level]


def x(tree, expr):
    return model.xpath(tree, expr)


# ------------------------------------------------------------- labels kept

ANNEX = COVER + """I. Introduction

1. The report.

Annex

A. First part

1. Annex text.

(a) an item;

B. Second part

2. More annex text.
"""


def test_annex_parts_keep_their_letters_in_the_model_and_the_html():
    tree, reporter = read(ANNEX)
    # The annex is an attachment after the body, as AKN4UN has it.
    assert x(tree, "/a:akomaNtoso/*/a:attachments/a:attachment/a:doc[@name='annex']/a:mainBody/"
                   "a:hcontainer[@name='annex']/@eId") == ["annex_1"]
    assert x(tree, "//a:hcontainer[@name='annex']/a:title/a:num/text()") == ["A.", "B."]
    assert x(tree, "//a:hcontainer[@name='annex']/a:title/@eId") == ["annex_1__title_A", "annex_1__title_B"]
    assert x(tree, "//a:title[@eId='annex_1__title_A']//a:paragraph/a:num/text()") == ["1."]
    html = write(tree, "html").decode()
    assert '<span class="num">A.</span>' in html and '<span class="num">B.</span>' in html
    assert found(reporter) == []


def test_a_list_right_after_a_heading_keeps_its_labels_and_its_place():
    tree, reporter = read(COVER + "I. One\n\n1. Text.\n\nII. Two\n\n(a) item one;\n\n(b) item two.\n")
    items = x(tree, "//a:section[@eId='sec_2']/a:paragraph/a:list/a:point")
    assert [x(i, "string(a:num)") for i in items] == ["(a)", "(b)"]
    assert [model.flow_text(x(i, "a:content/a:p")[0]) for i in items] == ["item one;", "item two."]
    assert not x(tree, "//a:section[@eId='sec_2']//a:intro")       # no words before the list
    assert not x(tree, "//a:section[@eId='sec_1']//a:point")      # not carried back to paragraph 1
    assert ("list-without-paragraph", 11, 1) in found(reporter, Level.INFO)


# ------------------------------------------------------------- no silent change

def test_character_references_are_reported_where_they_stand():
    tree, reporter = read(COVER + "1. Fish\nand chips &amp; peas &#233;. `&amp;`\n")
    assert "chips & peas é. &amp;" in model.content_text(tree)     # a code span keeps it as written
    decoded = [(d.pos.line, d.pos.column, d.dropped) for d in reporter.diagnostics if d.code == "entity-decoded"]
    assert decoded == [(6, 11, "&amp;"), (6, 22, "&#233;")]


def test_unicode_normalization_is_reported_with_its_position():
    tree, reporter = read(COVER + "1. Le caf" + "e\u0301 est\nservi cafe\u0301.\n")
    changes = [(d.pos.line, d.pos.column) for d in reporter.diagnostics if d.code == "text-normalized"]
    assert changes == [(5, 10), (6, 10)]


# ------------------------------------------------------------- metadata

@pytest.mark.parametrize("sidecar, message, line, hint", [
    ('language = "en"\nsymbol = ""\n', "'symbol' is empty", 2, "delete the line"),
    ('date = "2020-02-31"\n', "is not a date", 1, "YYYY-MM-DD"),
    ('date = 2020-02-30\n', "Invalid date", 1, "TOML"),
    ('organ = "gaa"\n', "unknown organ 'gaa'", 1, "ga, sc, ecosoc, hrc"),
    ('\n\noriginal_language = "englsh"\n', "unknown original_language 'englsh'", 3, "ar, en, es, fr, ru, zh"),
    ('kind = "report"\nsymbol = "A/73/321<script>"\n', "is not a UN document symbol", 2, "A/73/321"),
    ('symbol = ["A/73/321"]\n', "must be a text", 1, "quotes"),
    ('symbol = "' + "A" * 300 + '"\n', "300 characters long", 1, None),
])
def test_sidecar_values_are_checked_when_read(sidecar, message, line, hint):
    from pipeline.readers.text import ReadOptions
    with pytest.raises(SourceError) as info:
        ReadOptions.from_toml(sidecar.encode(), "A_73_999-EN.meta.toml")
    error = info.value
    assert message in error.message and error.pos.path == "A_73_999-EN.meta.toml"
    assert error.pos.line == line and error.exit_code == 4
    if hint:
        assert hint in error.hint


@pytest.mark.parametrize("front, message, line", [
    ("symbol:\nlanguage: en\n", "'symbol' is empty", 2),
    ("language: en\ndate: 2020-02-31\n", "is not a date", 3),
    ("organ: gaa\n", "unknown organ", 2),
])
def test_front_matter_values_are_checked_with_their_line(front, message, line):
    with pytest.raises(SourceError) as info:
        read("---\n" + front + "---\n" + COVER + "1. Text.\n", name="draft.md")
    assert message in info.value.message and info.value.pos.line == line


def test_yaml_aliases_are_refused_at_once():
    """The 'billion laughs' of YAML: 375 bytes that asked for 888 MB."""
    laughs = "a: &a [x,x,x,x,x,x,x,x,x]\n" + "".join(
        f"{c}: &{c} [{', '.join(['*' + p] * 9)}]\n" for p, c in zip("abcdefgh", "bcdefghi"))
    with pytest.raises(SourceError) as info:
        read("---\n" + laughs + "---\n1. x\n")
    assert "aliases" in info.value.message and info.value.pos.line == 3


def test_metadata_size_is_limited():
    with pytest.raises(SourceError) as info:
        ReadOptions.from_toml(b"# " + b"x" * 70_000 + b"\n", "big.meta.toml")
    assert "more than" in info.value.message
    with pytest.raises(SourceError) as info:
        read("---\n" + "# x\n" * 20_000 + "---\n1. x\n")
    assert "longer than" in info.value.message


def test_impossible_masthead_date_is_text_not_an_invalid_model():
    tree, reporter = read("United Nations\n\nA/73/999\n\nGeneral Assembly\n\n31 February 2020\n\n" + COVER
                          + "1. Text.\n")
    assert model.document_info(tree).date is None
    assert "31 February 2020" in model.content_text(tree)


# ------------------------------------------------------------- plausible input, no "bug"

def test_report_without_cover_is_a_warning():
    tree, reporter = read("1. Text of the report.\n")
    assert found(reporter) == [("cover-missing", 1, 1)]
    assert not x(tree, "//a:preface")


def test_resolution_without_preamble_is_a_warning():
    tree, reporter = read("1. Decides to do it.\n", name="A_RES_75_999-EN.md")
    assert [c for c, *_ in found(reporter)] == ["cover-missing", "preamble-missing"]
    assert not x(tree, "//a:preamble") and x(tree, "//a:paragraph/@eId") == ["para_1"]


def test_chapter_number_used_twice():
    tree, reporter = read(COVER + "II. One\n\n1. Text.\n\nII. Two\n\n2. Text.\n")
    assert ("chapter-duplicate", 9, 1) in found(reporter)
    assert x(tree, "//a:section/@eId") == ["sec_2", "sec_2_2"]


def test_list_label_used_twice():
    tree, reporter = read(COVER + "1. Decides:\n\n(a) one;\n\n(a) two.\n")
    assert found(reporter) == [("list-label-duplicate", 9, 1)]
    assert x(tree, "//a:point/@eId") == ["para_1__list_1__point_a", "para_1__list_1__point_a_2"]


@pytest.mark.parametrize("text, href", [
    ("see https://example.org/x% here", "https://example.org/x%25"),
    ("see https://example.org/50%off here", "https://example.org/50%25off"),
    ("see https://example.org/a[1] here", "https://example.org/a%5B1%5D"),
    ("(see [https://example.org/x] here)", "https://example.org/x"),
    ("see [the site](https://example.org/%zz#a#b) here", "https://example.org/%25zz#a%23b"),
])
def test_url_characters_that_are_not_uri_syntax(text, href):
    tree, reporter = read(COVER + f"1. Text, {text}.\n")
    assert x(tree, "//a:a/@href") == [href]
    assert found(reporter) == []


@pytest.mark.parametrize("char", ["\ufffe", "\uffff"])
def test_non_characters_are_a_clear_source_error(char):
    with pytest.raises(SourceError) as info:
        read(COVER + "1. Text\n   with " + char + " here.\n")
    assert info.value.pos.line == 6 and info.value.pos.column == 9 and info.value.hint


def test_note_body_right_after_a_heading():
    tree, reporter = read(COVER + "I. Introduction\n\n¹ A note body.\n\n1. Text.\n")
    assert found(reporter) == [("footnote-without-call", 7, 1)]
    note = x(tree, "//a:authorialNote")[0]
    assert model.flow_text(note) == "A note body." and x(note, "string(ancestor::a:paragraph/@eId)") == "para_1"


def test_a_thousand_note_calls_in_one_paragraph():
    sup = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")
    calls = " ".join(f"word{str(i).translate(sup)}" for i in range(1, 1001))
    bodies = "\n\n".join(f"{str(i).translate(sup)} Note {i}." for i in range(1, 1001))
    tree, reporter = read(COVER + f"1. {calls}.\n\n{bodies}\n")
    assert found(reporter) == []
    notes = x(tree, "//a:paragraph/a:content/a:p/a:authorialNote")
    assert len(notes) == 1000 and [n.get("marker") for n in notes[:3]] == ["1", "2", "3"]
    assert model.flow_text(notes[-1]) == "Note 1000."


def test_link_targets_that_are_not_web_addresses_are_diagnosed():
    tree, reporter = read(COVER + "1. See [this](javascript:alert(1)) and\n[write](mailto:a@un.org) or [here](page.html).\n")
    assert [(c, l, col) for c, l, col in found(reporter)] == [
        ("link-not-web", 5, 15), ("link-not-web", 6, 9), ("link-not-web", 6, 36)]
    assert not x(tree, "//a:a") and "See this and write or here." in model.content_text(tree)


def test_check_and_build_agree_on_unsafe_links(tmp_path: Path):
    source = tmp_path / "A_73_999-EN.md"
    source.write_text(COVER + "1. See [this](javascript:alert(1)).\n", encoding="utf-8")
    env = {**os.environ, "PIPELINE_CACHE_DIR": str(tmp_path / "cache"), "SOURCE_DATE_EPOCH": "0",
           "PYTHONPATH": str(ROOT)}
    check = subprocess.run([sys.executable, "-m", "pipeline", "check", "--fail-on-warning", str(source)],
                           capture_output=True, text=True, env=env, timeout=300)
    assert check.returncode == 3 and "A_73_999-EN.md:5:15: warning" in check.stderr, check.stderr
    build = subprocess.run([sys.executable, "-m", "pipeline", "build", str(source), "--to", "akn,html",
                            "-o", str(tmp_path / "out")], capture_output=True, text=True, env=env, timeout=300)
    assert build.returncode == 0, build.stderr
    html = (tmp_path / "out" / "A_73_999-EN.html").read_text(encoding="utf-8")
    assert "javascript:" not in html and "See this." in html


def test_sidecar_typo_is_named_in_the_sidecar_not_while_writing(tmp_path: Path):
    source = tmp_path / "A_73_999-EN.md"
    source.write_text(COVER + "1. Text.\n", encoding="utf-8")
    (tmp_path / "A_73_999-EN.meta.toml").write_text('organ = "ga"\noriginal_language = "xx"\n')
    env = {**os.environ, "PIPELINE_CACHE_DIR": str(tmp_path / "cache"), "PYTHONPATH": str(ROOT)}
    proc = subprocess.run([sys.executable, "-m", "pipeline", "build", str(source), "--to", "html",
                           "-o", str(tmp_path / "out")], capture_output=True, text=True, env=env, timeout=300)
    assert proc.returncode == 4, proc.stderr
    assert "A_73_999-EN.meta.toml:2:1: error: unknown original_language 'xx'" in proc.stderr
    assert "while writing" not in proc.stderr and not list((tmp_path / "out").glob("*.html"))


def test_no_assert_on_input_in_the_reader_and_transforms():
    """``assert`` vanishes under ``python -O`` and is an AssertionError (exit 1) otherwise."""
    files = [ROOT / "pipeline" / "readers" / "text.py", *(ROOT / "pipeline" / "transforms").glob("*.py")]
    for path in files:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        asserts = [n.lineno for n in ast.walk(tree) if isinstance(n, ast.Assert)]
        raised = [n.lineno for n in ast.walk(tree) if isinstance(n, ast.Raise) and n.exc is not None
                  and "AssertionError" in ast.unparse(n.exc)]
        assert not asserts and not raised, f"{path.name}: lines {asserts + raised}"


# ------------------------------------------------------------- exact positions

MULTI_LINE = COVER + """1. The first line of a paragraph
that goes on, citing A/73/150 on its second line
and on its third https://example.org/a, then a call¹
and a second symbol A/72/297 on the fourth.

¹ The note.
"""


def test_positions_inside_a_multi_line_paragraph_are_exact():
    tree, reporter = read(MULTI_LINE)
    infos = {(d.code, d.message.split("”")[0].lstrip("“")): (d.pos.line, d.pos.column)
             for d in reporter.diagnostics if d.level == Level.INFO and d.code != "lines-joined"}
    lines = MULTI_LINE.split("\n")
    assert infos[("symbol-linked", "A/73/150")] == (6, 22) and lines[5][21:29] == "A/73/150"
    assert infos[("url-linked", "https://example.org/a")] == (7, 18) and lines[6][17:22] == "https"
    assert infos[("symbol-linked", "A/72/297")] == (8, 21) and lines[7][20:28] == "A/72/297"
    attached = [d for d in reporter.diagnostics if d.code == "footnote-attached"][0]
    assert (attached.pos.line, attached.pos.column) == (7, 52) and lines[6][51] == "¹"


def test_markdown_link_positions_are_exact_on_later_lines():
    text = COVER + "1. A paragraph whose\nsecond line has [A/73/150](#) and\n[a site](https://un.org) here.\n"
    _, reporter = read(text)
    got = [(d.code, d.pos.line, d.pos.column) for d in reporter.diagnostics if d.code.endswith("-linked")]
    assert got == [("symbol-linked", 6, 18), ("url-linked", 7, 10)]


def test_a_call_without_body_on_a_later_line():
    _, reporter = read(COVER + "1. First line,\nsecond line with a call² here.\n")
    assert found(reporter) == [("footnote-without-body", 6, 24)]


# ------------------------------------------------------------- linear cost

def test_a_five_megabyte_document_reads_in_linear_work(monkeypatch):
    """Bound the work, not the time: the characters the model's text helpers hold after each call
    (a helper that re-joins a paragraph's text per word holds it once per word: hundreds of times
    the document), the bytes given to pandoc (once), and the matching of calls to bodies."""
    from pipeline import model as model_module
    from pipeline.readers import text as text_module
    copied = {"chars": 0, "pandoc_runs": 0, "pandoc_chars": 0}
    append_text, close = model_module.append_text, model_module.MixedContent.close

    def slot_length(el):
        return len((el[-1].tail if len(el) else el.text) or "")

    def counting_append(el, text):
        append_text(el, text)
        copied["chars"] += slot_length(el)

    def counting_close(self):
        had = bool(self.pending)
        el = close(self)
        if had:
            copied["chars"] += len((self.last.tail if self.last is not None else el.text) or "")
        return el

    monkeypatch.setattr(model_module, "append_text", counting_append)
    monkeypatch.setattr(model_module.MixedContent, "close", counting_close)
    if hasattr(text_module, "append_text"):
        monkeypatch.setattr(text_module, "append_text", counting_append)
    import pypandoc
    convert = pypandoc.convert_text

    def counting_convert(source, *args, **kwargs):
        copied["pandoc_runs"] += 1
        copied["pandoc_chars"] += len(source)
        return convert(source, *args, **kwargs)

    monkeypatch.setattr(pypandoc, "convert_text", counting_convert)
    chinese = "发展中国家的南南合作，见 A/73/150 和 https://example.org/x。" * 40 + "¹\n\n¹ 脚注。\n\n"
    english = "The report notes progress in *several* areas, see [A/72/297](#). " * 30 + "²\n\n² Note.\n\n"
    parts = ["第七十三届会议\n\n报告\n\n"]
    size, number = 0, 0
    while size < 5_000_000:
        block = f"{number + 1}. {chinese}{number + 2}. {english}"
        number += 2
        parts.append(block)
        size += len(block.encode("utf-8"))
    parts.append(f"{number + 1}. " + "一行很长的文字" * 60_000 + "。\n")   # one 1.2 MB line
    source = "".join(parts)
    tree, reporter = read(source, name="A_73_999-ZH.md")
    chars = len(source)
    assert copied["chars"] < 3 * chars, copied
    assert copied["pandoc_runs"] == 1 and copied["pandoc_chars"] < 1.1 * chars, copied
    assert len(x(tree, "//a:paragraph")) == number + 1
    assert len(x(tree, "//a:authorialNote")) == number


def test_pandoc_missing_is_exit_8_not_a_crash(monkeypatch):
    import pypandoc

    from pipeline.diagnostics import ToolMissing

    def no_pandoc(*args, **kwargs):
        raise OSError("No pandoc was found: either install pandoc and add it to your PATH or …")

    monkeypatch.setattr(pypandoc, "convert_text", no_pandoc)
    with pytest.raises(ToolMissing) as info:
        # Markdown beyond words and _ emphasis: only pandoc reads it (readers.text.plain_inlines).
        read(COVER + "1. Text with *emphasis* and [a link](https://un.org).\n")
    assert info.value.exit_code == 8 and "pandoc" in info.value.message and info.value.hint


def test_a_long_paragraph_read_in_pieces_reads_as_the_whole(monkeypatch):
    """pandoc is quadratic in the links of one paragraph, so a long one goes in pieces cut where no
    syntax is open: the inlines must be exactly those of the whole paragraph."""
    from pipeline.readers import text as text_module
    body = ("See [A/72/297](#) and *several `code [x]` areas* of **work**, snake_case_name, "
            "<https://un.org/a_b> &amp; (notes) [a *b* c](https://x.org/(1)) ") * 240
    assert len(body) > 2 * text_module.LONG_PARAGRAPH
    assert len(text_module.pieces(body)) > 5
    in_pieces = text_module.inline_trees([body])
    monkeypatch.setattr(text_module, "LONG_PARAGRAPH", 10 ** 9)
    assert text_module.pieces(body) == [body]
    assert in_pieces == text_module.inline_trees([body])


# ------------------------------------------------------------- lists as AKN4UN has them

def test_a_list_is_the_paragraphs_list_with_its_intro_points_sublist_and_wrap_up():
    tree, reporter = read(COVER + "1. Decides:\n\n(a) one;\n\n(b) two, namely:\n\n(i) first;\n\n"
                          "(ii) second;\n\n(c) three;\n\nand to remain seized of the matter.\n")
    (paragraph,) = x(tree, "//a:paragraph")
    assert [model.local(c) for c in paragraph] == ["num", "list"]
    (lst,) = paragraph.findall(model.akn("list"))
    assert [model.local(c) for c in lst] == ["intro", "point", "point", "sublist", "point", "wrapUp"]
    assert x(lst, "a:point/@eId") == [f"para_1__list_1__point_{c}" for c in "abc"]
    assert x(lst, "a:sublist/@eId") == ["para_1__list_1__point_b__list_1"]
    assert x(lst, "a:sublist/a:point/a:num/text()") == ["(i)", "(ii)"]
    assert model.list_owner(x(lst, "a:sublist")[0]) is x(lst, "a:point")[1]
    assert model.flow_text(x(lst, "a:intro/a:p")[0]) == "Decides:"
    assert model.flow_text(x(lst, "a:wrapUp/a:p")[0]) == "and to remain seized of the matter."
    assert found(reporter) == []


def test_the_letter_after_k_is_a_point_not_a_roman_fifty():
    letters = "abcdefghijkl"
    tree, _ = read(COVER + "1. Decides:\n\n" + "".join(f"({c}) item {c};\n\n" for c in letters[:-1])
                   + "(l) item l.\n")
    assert x(tree, "//a:list/a:point/a:num/text()") == [f"({c})" for c in letters]
    assert not x(tree, "//a:sublist")


def test_a_paragraph_cut_after_its_list_joins_its_last_point():
    tree, reporter = read(COVER + "1. Decides:\n\n(a) one;\n\n(b) to act on the\n\nmatter at hand.\n")
    assert [model.flow_text(p) for p in x(tree, "//a:point/a:content/a:p")] == [
        "one;", "to act on the matter at hand."]
    assert model.flow_text(x(tree, "//a:intro/a:p")[0]) == "Decides:"
    assert "paragraph-rejoined" in reporter.codes()


OLD_LIST = """<content>
      <p>决定：</p>
      <blockList eId="para_1__list_1">
       <item eId="para_1__list_1__item_a"><num>(a)</num><p>一；</p></item>
       <item eId="para_1__list_1__item_b"><num>(b)</num><p>二：</p>
        <blockList eId="para_1__list_1__item_b__list_1">
         <item eId="para_1__list_1__item_b__list_1__item_i"><num>(i)</num><p>甲；</p></item>
        </blockList>
        <p class="wrapUp">乙；</p>
       </item>
      </blockList>
      <p class="wrapUp">丙。</p>
     </content>"""


OLD_ANNEX = """<hcontainer name="annex" eId="annex_1"><heading>附件</heading>
    <paragraph eId="annex_1__para_1"><num>1.</num><content><p>附件文本。</p></content></paragraph></hcontainer>
  </mainBody>"""


def test_a_model_written_before_lists_followed_akn4un_reads_in_the_current_form():
    """A model file (``.akn.xml``) with the former lists (``content/blockList/item``) and annexes
    (at the end of the ``mainBody``) is read as ``list/intro/point/sublist/wrapUp`` and
    ``attachments/attachment``, words and their order untouched, and said so."""
    source = (ROOT / "tests" / "models" / "minimal.akn.xml").read_text(encoding="utf-8")
    start = source.index("<content>", source.index('eId="para_1"'))
    old = source[:start] + OLD_LIST + source[source.index("</content>", start) + len("</content>"):]
    old = old.replace("</mainBody>", OLD_ANNEX)
    reporter = Reporter()
    tree = read_source(old.encode("utf-8"), "A_73_321-ZH.akn.xml", reporter)
    (paragraph,) = x(tree, "//a:paragraph[@eId='para_1']")
    assert [model.local(c) for c in paragraph] == ["num", "list"]
    lst = paragraph[1]
    assert [model.local(c) for c in lst] == ["intro", "point", "point", "sublist", "wrapUp"]
    assert x(lst, "a:point/@eId") == ["para_1__list_1__point_a", "para_1__list_1__point_b"]
    assert x(lst, "a:sublist/@eId") == ["para_1__list_1__point_b__list_1"]
    assert x(lst, "a:sublist/a:wrapUp/a:p/text()") == ["乙；"]
    assert x(lst, "a:wrapUp/a:p/text()") == ["丙。"] and not x(lst, ".//a:p[@class]")
    assert "".join(x(paragraph, ".//text()")).replace(" ", "") == "1.决定：(a)一；(b)二：(i)甲；乙；丙。"
    (annex,) = model.annexes(tree)
    assert annex.get("eId") == "annex_1" and x(annex, "string(a:paragraph/a:content/a:p)") == "附件文本。"
    assert model.local(model.document_element(tree)[-1]) == "attachments"
    assert x(annex, "string(ancestor::a:doc[@name='annex']/a:meta//a:FRBRWork/a:FRBRthis/@value)").endswith(
        "/!main/annex_1")
    assert "model-upgraded" in reporter.codes()
