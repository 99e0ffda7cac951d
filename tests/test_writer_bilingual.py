"""Bilingual pages (issue 6): source and translation side by side, block by block, in HTML and PDF."""

from __future__ import annotations

import collections

import copy
import re
import subprocess

import lxml.html
import pikepdf
import pytest
from click.testing import CliRunner

from pipeline import model
from pipeline.cli import cli
from pipeline.diagnostics import Reporter, WriterError
from pipeline.merge import merge_xliff, pseudo_translate
from pipeline.model import E, xpath
from pipeline.writers import WriteOptions
from pipeline.writers.bilingual import write_bilingual_html, write_bilingual_pdf
from pipeline.writers.html import write_html
from pipeline.writers.xliff import write_xliff

from conftest import MODELS, SHARED

EPOCH = 1533600000


def translate(tree, lang="en"):
    return merge_xliff(tree, pseudo_translate(write_xliff(tree, WriteOptions(target_language=lang))),
                       Reporter(), "pseudo.xlf")


def page(translated, source) -> lxml.html.HtmlElement:
    return lxml.html.fromstring(write_bilingual_html(translated, WriteOptions(parallel=source)))


def test_minimal_side_by_side(minimal_model):
    translated = translate(minimal_model)
    root = page(translated, minimal_model)
    assert root.get("lang") == "en"
    rows = root.xpath("//main/div[contains(@class, 'row')]")
    assert rows
    for row in rows:
        src, tgt = row.xpath("./div")
        assert (src.get("class"), src.get("lang"), tgt.get("class"), tgt.get("lang")) == \
            ("src", "zh-Hans", "tgt", "en")
    # Paragraph by paragraph: each numbered paragraph is one row, source left, translation right.
    paras = root.xpath("//div[contains(@class, 'row')][.//div[@class='para']]")
    assert [r.xpath("./div[@class='tgt']/div[@class='para']/@id") for r in paras] == [["para_1"], ["para_2"], ["para_3"]]
    assert [r.xpath("./div[@class='src']/div[@class='para']/@id") for r in paras] == [
        ["src-para_1"], ["src-para_2"], ["src-para_3"]]
    first = paras[0]
    assert "国际社会在其通过的《2030 年可持续发展议程》" in first.xpath("string(./div[@class='src'])")
    assert first.xpath("string(./div[@class='tgt']//p)").startswith("[")
    # Notes follow their paragraph in each column, and each column's links stay in it.
    assert first.xpath("./div[@class='src']//aside/@id") == ["src-fn_1", "src-fn_2"]
    assert first.xpath("./div[@class='tgt']//aside/@id") == ["fn_1", "fn_2"]
    ids = root.xpath("//@id")
    assert len(ids) == len(set(ids))
    for href in root.xpath("//a/@href[starts-with(., '#')]"):
        assert href[1:] in ids, href
    assert all(h.startswith("#src-") for h in root.xpath("//div[@class='src']//a/@href[starts-with(., '#')]"))
    # One heading outline: the translation's headings.
    assert not root.xpath("//div[@class='src']//*[self::h1 or self::h2 or self::h3 or self::h4]")
    assert root.xpath("//div[@class='tgt']//h2")


def test_every_text_of_both_documents_is_on_the_page(minimal_model):
    translated = translate(minimal_model)
    root = page(translated, minimal_model)
    for tree, column in ((minimal_model, "src"), (translated, "tgt")):
        single = lxml.html.fromstring(write_html(tree, WriteOptions()))
        # (the contents, in main after the title, are not in the side-by-side page)
        expected = "".join("".join(single.xpath("//main//text()[not(ancestor::nav)]")).split())
        got = "".join("".join(root.xpath(f"//div[@class='{column}'][not(.//div[@class='masthead-lines'])]"
                                         "[not(ancestor::header)]//text()")).split())
        assert expected in got or expected == got[-len(expected):], column


def test_misaligned_translation_is_refused(minimal_model):
    translated = translate(minimal_model)
    para = xpath(translated, "//a:paragraph[@eId='para_3']")[0]
    para.addnext(E("paragraph", E("num", "4."), E("content", E("p", "Extra.")), eId="para_4"))
    with pytest.raises(WriterError, match="the source has .* blocks, the translation"):
        write_bilingual_html(translated, WriteOptions(parallel=minimal_model))
    with pytest.raises(WriterError, match="needs the source document"):
        write_bilingual_html(translated, WriteOptions())
    other = copy.deepcopy(minimal_model)
    other.find(".//{urn:x-un-pipeline:model}document").set("symbol", "A/73/999")
    with pytest.raises(WriterError, match="the source given is A/73/999"):
        write_bilingual_html(translate(minimal_model), WriteOptions(parallel=other))


@pytest.fixture(scope="module")
def sample_bilingual(sample_read, tmp_path_factory):
    source = sample_read[0]
    translated = translate(source)
    out = tmp_path_factory.mktemp("bilingual")
    options = WriteOptions(parallel=source, source_date_epoch=EPOCH)
    html = out / "A_73_321-ZH.en.bilingual.html"
    html.write_bytes(write_bilingual_html(translated, options))
    pdf = out / "A_73_321-ZH.en.bilingual.pdf"
    pdf.write_bytes(write_bilingual_pdf(translated, options))
    return html, pdf


def test_sample_bilingual_html(sample_bilingual):
    from validators import axe, vnu
    html, _ = sample_bilingual
    root = lxml.html.fromstring(html.read_bytes())
    assert len(root.xpath("//div[contains(@class, 'row')][.//div[@class='para']]")) == 95
    assert len(root.xpath("//aside[@role='doc-footnote']")) == 30
    # No language guess: the target column is pseudo-English, which is no language.
    messages = vnu.check([html], ["--also-check-css", "--no-langdetect"])
    bad = [str(m) for m in messages if m.kind in ("error", "warning")]
    assert not bad, "\n".join(bad)
    report = axe.run([html])
    assert [v["id"] for r in report.runs for v in r.violations] == []


def test_sample_bilingual_pdf(sample_bilingual):
    _, pdf_path = sample_bilingual
    with pikepdf.open(pdf_path) as pdf:
        box = [float(v) for v in pdf.pages[0].MediaBox]
        assert box[2] > box[3], "landscape"
        assert len(pdf.pages) > 10
        # Tagged like the one-language PDF: PDF/UA-1, the document's language (the
        # translation's), and the source column's language on its structure elements.
        assert "/StructTreeRoot" in pdf.Root and bool(pdf.Root.MarkInfo.Marked)
        assert str(pdf.Root.Lang) == "en" and bool(pdf.Root.ViewerPreferences.DisplayDocTitle)
        with pdf.open_metadata() as meta:
            assert meta.get("pdfuaid:part") == "1"
        langs = collections.Counter(str(o.Lang) for o in pdf.objects
                                    if isinstance(o, pikepdf.Dictionary) and o.get("/Type") == "/StructElem"
                                    and "/Lang" in o)
        assert langs["zh-Hans"] > 95, langs     # every paragraph row's source column, at least
    text = subprocess.run(["pdftotext", "-enc", "UTF-8", str(pdf_path), "-"], capture_output=True, text=True,
                          check=True).stdout
    assert "国际社会在其通过的" in text and "General Assembly" in text and "联合国" in text
    # The two columns interleave in the text layer, line by line: look for each line's words.
    assert "Möƀîļé Möñéý" in text and "föŕ ţĥé Pööŕ sî MîçŕöĻéåđ" in text


def column_texts(pdf_path) -> tuple[str, str]:
    """The text of the left and of the right half of every page (pdftotext, cropped)."""
    with pikepdf.open(pdf_path) as pdf:
        pages = len(pdf.pages)
        width, height = (float(v) for v in pdf.pages[0].MediaBox[2:])
    texts = []
    for x, w in ((0, width / 2), (width / 2, width / 2)):
        out = subprocess.run(["pdftotext", "-enc", "UTF-8", "-layout", "-r", "72", "-x", str(int(x)), "-y", "0",
                              "-W", str(int(w) + 1), "-H", str(int(height) + 1), str(pdf_path), "-"],
                             capture_output=True, text=True, check=True).stdout
        texts.append(out)
    assert pages > 1
    return texts[0], texts[1]


def assert_columns_hold_their_models(pdf_path, source, translated):
    """Every character of each model is drawn in its column (issue 14: a row split across a
    page break lost the opening lines of one column)."""
    left, right = column_texts(pdf_path)
    for tree, text, column in ((source, left, "source"), (translated, right, "translation")):
        want = collections.Counter("".join(model.content_text(tree).split()))
        have = collections.Counter("".join(text.split()))
        missing = want - have
        assert not missing, f"{column} column lacks {sum(missing.values())} characters: {missing.most_common(12)}"


def test_sample_bilingual_pdf_keeps_every_line_of_both_columns(sample_bilingual, sample_read):
    source = sample_read[0]
    assert_columns_hold_their_models(sample_bilingual[1], source, translate(source))


def test_resolution_bilingual_pdf_keeps_every_line_of_both_columns(tmp_path):
    from pipeline import ReadOptions, read_source
    name = "fr_S-RES-2713-2023.txt"
    source = read_source((SHARED / "corpus" / name).read_bytes(), name, Reporter(), ReadOptions(source_date_epoch=0))
    translated = translate(source, "en")
    # The pseudo-translation's fill ("~~~…]") is one unbreakable word of up to 80 characters
    # that runs off the page; spaced out, the pseudo text wraps as a translation does.
    for el in translated.iter():
        for slot in ("text", "tail"):
            value = getattr(el, slot, None) if isinstance(el.tag, str) else None
            if value and "~~" in value:
                setattr(el, slot, re.sub(r"~{2,}", lambda m: " ".join(m.group()), value))
    pdf = tmp_path / "res.pdf"
    pdf.write_bytes(write_bilingual_pdf(translated, WriteOptions(parallel=source, source_date_epoch=EPOCH)))
    assert_columns_hold_their_models(pdf, source, translated)


def test_cli_bilingual(tmp_path):
    tree = model.parse_model((MODELS / "minimal.akn.xml").read_bytes())
    translated = tmp_path / "minimal.en.akn.xml"
    translated.write_bytes(model.to_bytes(model.strip_private(translate(tree))))
    runner = CliRunner()
    result = runner.invoke(cli, ["build", str(translated), "--bilingual", str(MODELS / "minimal.akn.xml"),
                                 "--to", "html,pdf", "-o", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == [   # a release like any build's
        "SHA256SUMS", "manifest.json", "minimal.en.bilingual.html", "minimal.en.bilingual.pdf"]
    result = runner.invoke(cli, ["build", str(translated), "--bilingual", str(MODELS / "minimal.akn.xml"),
                                 "--to", "akn", "-o", str(tmp_path / "out2")])
    assert result.exit_code == 2 and "--bilingual writes html and pdf pages" in result.output


def test_a_page_weasyprint_cannot_lay_out_is_a_writer_error(minimal_model, monkeypatch):
    """WeasyPrint's page maker asserts on a row it cannot break; the user gets a WriterError
    that says what to do, not a traceback."""
    import weasyprint

    def fail(self, *args, **kwargs):
        raise AssertionError

    monkeypatch.setattr(weasyprint.HTML, "render", fail)
    with pytest.raises(WriterError, match="could not lay out the side-by-side pages") as info:
        write_bilingual_pdf(translate(minimal_model), WriteOptions(parallel=minimal_model))
    assert "--to html" in info.value.hint
