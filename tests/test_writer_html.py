"""Issue 3: the accessible HTML page (pipeline/writers/html.py) — structure, text fidelity, axe-core, vnu.

Writer tests start from tests/models/*.akn.xml; the end-to-end ones use the sample read once per
session.  The validators run once per page set (one Chromium for axe, one JVM for vnu).
"""

from __future__ import annotations

import copy
import re
from pathlib import Path
from urllib.parse import unquote

import lxml.html
import pytest
from lxml import etree

from pipeline import model
from pipeline.diagnostics import WriterError
from pipeline.languages import language
from pipeline.model import akn, local, xpath
from pipeline.writers import WRITERS, WriteOptions
from pipeline.writers.html import html_document, write_html
from validators import axe, vnu

MODELS = Path(__file__).resolve().parent / "models"
GOLDEN = Path(__file__).resolve().parent / "golden" / "html"

#: Elements whose text the writer generates (not the model's content).
GENERATED = ("//a[@class='skip-link'] | //nav | //body/footer | //p[@class='date'] | //p[@class='original']"
             " | //a[@class='noteref'] | //a[@class='backlink']")


def load(name: str):
    return model.parse_model((MODELS / name).read_bytes(), name)


def with_language(tree, code: str):
    """A copy of ``tree`` whose document language is ``code`` (content unchanged)."""
    tree = copy.deepcopy(tree)
    xpath(tree, "//pl:document")[0].set("language", code)
    return tree


def parse(data: bytes) -> lxml.html.HtmlElement:
    return lxml.html.document_fromstring(data)


class Page:
    def __init__(self, name: str, tree, path: Path):
        self.name, self.tree, self.path = name, tree, path
        self.data = path.read_bytes()
        self.html = parse(self.data)


@pytest.fixture(scope="session")
def pages_dir(tmp_path_factory):
    return tmp_path_factory.mktemp("html")


def _write(pages_dir, name, tree, options: WriteOptions = WriteOptions()) -> Page:
    path = pages_dir / f"{name}.html"
    path.write_bytes(write_html(tree, options))
    return Page(name, tree, path)


#: A release with the document in three languages and in PDF and EPUB (issue 16, web edition).
RELEASE = WriteOptions(languages=(("zh", "A_73_321-ZH.html"), ("en", "A_73_321-EN.html"),
                                  ("ar", "A_73_321-AR.html")),
                       editions=(("pdf", "A_73_321-EN.pdf"), ("epub", "A_73_321-EN.epub")))


@pytest.fixture(scope="session")
def minimal_pages(pages_dir):
    """The minimal model as written (Chinese), and as if it were Arabic (rtl) and English."""
    tree = load("minimal.akn.xml")
    return {"minimal": _write(pages_dir, "minimal", tree),
            "minimal-ar": _write(pages_dir, "minimal-ar", with_language(tree, "ar")),
            "minimal-en": _write(pages_dir, "minimal-en", with_language(tree, "en"), RELEASE)}


@pytest.fixture(scope="session")
def sample_page(pages_dir, sample_read):
    tree, _ = sample_read
    return _write(pages_dir, "A_73_321-ZH", tree)


@pytest.fixture(scope="session", params=["minimal", "sample"])
def page(request, minimal_pages):
    if request.param == "minimal":
        return minimal_pages["minimal"]
    return request.getfixturevalue("sample_page")


PROBES = (".para > a.num", "a.noteref", "a.backlink", ".skip-link", "nav a")


@pytest.fixture(scope="session")
def axe_minimal(minimal_pages):
    return axe.run([p.path for p in minimal_pages.values()], schemes=("light", "dark"), probes=PROBES)


@pytest.fixture(scope="session")
def axe_sample(sample_page):
    # Desktop width (contents beside the text) and the 320 px of WCAG 1.4.10, light and dark.
    wide = axe.run([sample_page.path], schemes=("light", "dark"))
    phone = axe.run([sample_page.path], schemes=("light", "dark"), width=320)
    return wide.runs + phone.runs


# ------------------------------------------------------------------ registry, golden

def test_registered_as_html_writer():
    w = WRITERS["html"]
    assert (w.function, w.output_name("A_73_321-ZH", WriteOptions())) == ("write_html", "A_73_321-ZH.html")
    assert w.load() is write_html


def test_minimal_golden(minimal_pages, file_regression):
    """The whole page, reviewed by eye; accept a change with pytest --force-regen and read git diff.

    The inlined stylesheet is left out (its own file is styles/html.css), so a CSS change does not
    churn the golden; the language's font block stays in.
    """
    text = minimal_pages["minimal"].data.decode("utf-8")
    text = re.sub(r"(/\* Screen .*?)</style>", "/* styles/html.css */\n</style>", text, flags=re.S)
    file_regression.check(text, fullpath=GOLDEN / "minimal.html", binary=False, encoding="utf-8")


def test_deterministic(minimal_pages):
    tree = minimal_pages["minimal"].tree
    assert write_html(tree, WriteOptions()) == write_html(copy.deepcopy(tree), WriteOptions())


def test_html_document_is_the_page_write_html_serializes(minimal_pages):
    tree = minimal_pages["minimal"].tree
    root = html_document(tree, WriteOptions())
    assert isinstance(root, lxml.html.HtmlElement) and root.tag == "html"
    assert lxml.html.tostring(root, encoding="unicode") in write_html(tree, WriteOptions()).decode()


def test_writer_does_not_change_the_model(minimal_pages):
    tree = minimal_pages["minimal"].tree
    before = etree.tostring(tree)
    write_html(tree, WriteOptions())
    assert etree.tostring(tree) == before


# ------------------------------------------------------------------ document facts

def test_doctype_lang_dir_title(page):
    info = model.document_info(page.tree)
    assert page.data.startswith(b"<!DOCTYPE html>")
    assert page.html.get("lang") == "zh-Hans" and page.html.get("dir") == "ltr"
    title = page.html.findtext("head/title")
    long_title = "".join(model.flow_text(xpath(page.tree, "//a:longTitle")[0]).split())
    assert title == f"{long_title} — {info.symbol}"
    assert page.html.xpath("//meta[@charset='utf-8']") and page.html.xpath("//meta[@name='viewport']")


@pytest.mark.parametrize("code,dir_,label", [("ar", "rtl", "الحاشية 1"), ("en", "ltr", "Footnote 1")])
def test_language_drives_lang_dir_and_labels(minimal_pages, code, dir_, label):
    html = minimal_pages[f"minimal-{code}"].html
    lang = language(code)
    assert (html.get("lang"), html.get("dir")) == (lang.bcp47, dir_)
    assert html.xpath("//a[@id='fnref_1']/@aria-label") == [label]
    assert html.xpath("//a[@class='skip-link']")[0].text == lang.skip_to_main
    assert html.xpath("//nav/h2")[0].text == lang.contents
    assert html.xpath("//a[@href='#fnref_1']/@aria-label") == [lang.back_to_call.format(marker="1")]
    # The font stack of the language, Noto first.
    assert f'--font-serif: "{lang.serif_fonts[0]}"' in html.findtext("head/style")


def test_styles_inlined_standalone(page):
    style = page.html.findtext("head/style")
    assert "prefers-color-scheme: dark" in style and "@media print" in style
    assert '"Noto Serif CJK SC"' in style and ":lang(zh)" in style
    # Nothing outside the file: no stylesheet links, scripts or images.
    assert not page.html.xpath("//link | //script | //img | //iframe | //*[@src]")


def test_masthead(page):
    info = model.document_info(page.tree)
    header = page.html.xpath("/html/body/header")[0]
    assert header.xpath("string(.//p[@class='symbol'])") == info.symbol
    assert header.xpath("string(.//p[@class='distribution'])") == "Distr.: General"
    assert header.xpath("string(.//p[@class='organ'])") == info.lang.organs[info.organ]
    cover = header.xpath("div[@class='cover']")[0]
    assert cover.xpath("p[@class='session']") and cover.xpath("p[@class='agendaItem']")
    dates = header.xpath(".//time/@datetime")
    assert dates == ([info.date] if info.date else [])


def test_masthead_date_and_original_when_known(minimal_pages, pages_dir):
    tree = copy.deepcopy(minimal_pages["minimal"].tree)
    el = xpath(tree, "//pl:document")[0]
    el.set("date", "2018-08-03")
    el.set("originalLanguage", "en")
    html = parse(write_html(tree, WriteOptions()))
    assert html.xpath("//header//p[@class='date']/time[@datetime='2018-08-03']")[0].text == "3 August 2018"
    assert html.xpath("string(//header//p[@class='original'])") == "Original: English"
    # The masthead words the Chinese version keeps in English are marked as English (WCAG 3.1.2).
    assert html.xpath("//header//p[@lang='en']/@class") == ["distribution", "date", "language", "original"]
    tree_fr = with_language(tree, "fr")
    xpath(tree_fr, "//a:inline[@name='distribution']")[0].text = "Distr. générale"
    html_fr = parse(write_html(tree_fr, WriteOptions()))
    assert html_fr.xpath("string(//p[@class='date'])") == "3 août 2018"
    assert html_fr.xpath("//header//p[@lang]") == []


@pytest.mark.parametrize("code, day, printed", [
    ("en", "2018-08-07", "7 August 2018"), ("fr", "2018-08-07", "7 août 2018"),
    ("es", "2023-12-11", "11 de diciembre de 2023"), ("zh", "2018-08-07", "2018年8月7日"),
    ("ru", "2023-12-07", "7 декабря 2023 года"), ("ar", "2023-12-07", "7 كانون الأول/ديسمبر 2023"),
])
def test_dates_as_the_un_writes_them(code, day, printed):
    """Dates in each language as the UN's own documents write them (AKN4UN XML of A/RES/78/117:
    "7 декабря 2023 года", "7 كانون الأول/ديسمبر 2023"), from ICU's data; the masthead's issue
    date is in English in the Arabic, Chinese and Russian versions."""
    from pipeline.languages import language
    from pipeline.writers.html import format_date, masthead_date
    assert format_date(day, language(code)) == printed
    assert masthead_date(day, language(code)) == (
        (printed, False) if code in ("en", "fr", "es") else (format_date(day, language("en")), True))


# ------------------------------------------------------------------ landmarks and headings

def test_landmarks_and_skip_link(page):
    body = page.html.find("body")
    assert [el.tag for el in body if el.tag in ("header", "nav", "main", "footer")] == [
        "header", "main", "footer"]
    # The contents follow the title, inside main (issue 16: they came before the h1).
    main = body.find("main")
    assert [el.tag + "." + (el.get("class") or "") for el in main][:2] == ["div.preface", "nav.toc"]
    assert len(page.html.xpath("//main")) == 1 and len(page.html.xpath("//header | //footer")) == 2
    first_link = page.html.xpath("//a")[0]
    assert first_link.get("class") == "skip-link" and first_link.get("href") == "#main"
    assert page.html.xpath("//main/@id") == ["main"]
    nav = page.html.xpath("//nav")[0]
    assert nav.get("aria-labelledby") == "toc-heading" and nav.xpath("h2[@id='toc-heading']")


def test_headings_follow_model_hierarchy(page):
    html, tree = page.html, page.tree
    assert len(html.xpath("//h1")) == 1
    levels = [int(h.tag[1]) for h in html.xpath("//h1|//h2|//h3|//h4|//h5|//h6")]
    assert all(b <= a + 1 for a, b in zip(levels, levels[1:])), levels
    expected = {"section": ("chapter", "h2"), "title": ("division", "h3"), "hcontainer": ("subheading", "h4")}
    units = xpath(tree, "//a:mainBody//a:section | //a:mainBody//a:title | //a:mainBody//a:hcontainer[@name='subheading']")
    assert units
    for el in units:
        cls, h = expected[local(el)]
        depth = len([a for a in el.iterancestors() if local(a) in expected])
        sec = html.xpath(f"//section[@id='{el.get('eId')}']")
        assert len(sec) == 1 and sec[0].get("class") == cls, el.get("eId")
        heading = sec[0][0]
        assert heading.tag == f"h{2 + depth}", (el.get("eId"), heading.tag)
        if local(el) == "section":
            assert heading.tag == h
        text = "".join(model.flow_text(c) for c in el if local(c) in ("num", "heading"))
        assert "".join(heading.text_content().split()) == "".join(text.split())


def test_table_of_contents_lists_chapters_and_divisions(page):
    links = page.html.xpath("//nav//a/@href")
    ids = ["#" + e for e in xpath(page.tree, "//a:mainBody//a:section/@eId | //a:mainBody//a:title/@eId")]
    assert links == ids
    for a in page.html.xpath("//nav//a"):
        target = page.html.xpath(f"//*[@id='{a.get('href')[1:]}']")[0]
        assert "".join(a.text_content().split()) == "".join(target[0].text_content().split())


# ------------------------------------------------------------------ paragraphs

def test_every_numbered_paragraph_addressable(page):
    paras = xpath(page.tree, "//a:paragraph")
    for el in paras:
        eid = el.get("eId")
        div = page.html.xpath(f"//div[@id='{eid}']")
        assert len(div) == 1 and div[0].get("class") == "para"
        num = div[0][0]
        assert (num.tag, num.get("class"), num.get("href")) == ("a", "num", f"#{eid}")
        assert num.text == model.flow_text(el.find(akn("num")))
    assert len(page.html.xpath("//div[@class='para']")) == len(paras)


def test_sample_has_95_paragraphs(sample_page):
    ids = sample_page.html.xpath("//div[@class='para']/@id")
    assert ids == [f"para_{n}" for n in range(1, 96)]
    assert [a.text for a in sample_page.html.xpath("//div[@class='para']/a[@class='num']")] == [
        f"{n}." for n in range(1, 96)]


# ------------------------------------------------------------------ footnotes

def test_footnotes_dpub_aria(page):
    html, tree = page.html, page.tree
    lang = model.document_info(tree).lang
    notes = xpath(tree, "//a:authorialNote")
    calls = html.xpath("//a[@role='doc-noteref']")
    bodies = html.xpath("//*[@role='doc-footnote']")
    assert len(calls) == len(bodies) == len(notes)
    for note, call in zip(notes, calls):
        n = note.get("eId")[3:]
        marker = note.get("marker")
        assert (call.get("id"), call.get("href"), call.get("class"), call.text) == (
            f"fnref_{n}", f"#fn_{n}", "noteref", marker)
        assert call.get("aria-label") == lang.footnote.format(marker=marker)
        body = html.xpath(f"//*[@id='fn_{n}']")
        assert len(body) == 1
        body = body[0]
        assert (body.tag, body.get("class"), body.get("role"), body.get("data-marker")) == (
            "aside", "footnote", "doc-footnote", marker)
        back = body.xpath(".//a[@role='doc-backlink']")
        assert len(back) == 1 and back[0].get("href") == f"#fnref_{n}" and back[0].text == marker
        assert back[0].get("aria-label") == lang.back_to_call.format(marker=marker)
        # The backlink opens the note (read first, as the DAISY pattern has it).
        assert body.xpath("string(.)").lstrip().startswith(marker)
        # The note follows its call in reading order, in the same chapter.
        order = list(html.iter())
        assert order.index(call) < order.index(body)
        chapter = call.xpath("ancestor::section[@class='chapter']")
        assert chapter == body.xpath("ancestor::section[@class='chapter']")
    assert not html.xpath("//*[@role='doc-endnote'] | //li[@role]")


def test_sample_markers_verbatim(sample_page):
    markers = [a.text for a in sample_page.html.xpath("//a[@role='doc-noteref']")]
    assert markers == ["*"] + [str(n) for n in range(1, 15)]
    assert sample_page.html.xpath("//aside[@role='doc-footnote']/@data-marker") == markers


# ------------------------------------------------------------------ links

def test_links_absolute_or_resolving(page):
    ids = set(page.html.xpath("//@id"))
    hrefs = page.html.xpath("//@href")
    assert hrefs
    for href in hrefs:
        if href.startswith("#"):
            assert href[1:] in ids, href
        else:
            assert re.match(r"https?://[^/\s]+\.[a-z]+", href), href
    assert not [h for h in hrefs if h in ("", "#") or h.lower().startswith(("file:", "javascript:"))]


def test_symbols_link_to_undocs_in_document_language(page):
    refs = xpath(page.tree, "//a:ref")
    links = page.html.xpath("//main//a[@class='symbol' or @class='resolution'] | //header//a[@class='symbol' or @class='resolution']")
    assert [a.get("href") for a in links] == [r.get("href") for r in refs]
    assert all(a.get("href").startswith("https://undocs.org/zh/") for a in links)
    urls = xpath(page.tree, "//a:a")
    # The HTML serializer percent-encodes non-ASCII characters of an address (same IRI).
    assert [unquote(a.get("href")) for a in page.html.xpath("//a[@class='url']")] == [
        unquote(u.get("href")) for u in urls]


# ------------------------------------------------------------------ every character, in order

def _squash(text: str) -> str:
    return "".join(text.split())


def test_every_content_character_in_order(page):
    """The model's content text equals the page's text minus generated labels.

    Two streams, each compared whole (whitespace aside, since the page adds layout spaces):
    the running text (model.content_text without notes) and the note bodies in order, which
    the page sets after the block holding their call.
    """
    tree = page.tree
    doc = model.document_element(tree)
    running = "".join(model.flow_text(c) for c in doc if c.tag != akn("meta"))
    notes = "".join(model.flow_text(n, notes=True) for n in xpath(tree, "//a:authorialNote"))
    assert len(_squash(running + notes)) == len(_squash(model.content_text(tree)))

    body = copy.deepcopy(page.html.find("body"))
    for el in body.xpath(GENERATED):
        el.drop_tree()           # keeps the tail
    asides = body.xpath("//aside[@class='footnote']")
    html_notes = "".join(a.text_content() for a in asides)
    for a in asides:
        a.drop_tree()
    assert _squash(body.text_content()) == _squash(running)
    assert _squash(html_notes) == _squash(notes)


# ------------------------------------------------------------------ bad input

def test_non_web_link_is_a_clear_error(minimal_pages):
    tree = copy.deepcopy(minimal_pages["minimal"].tree)
    xpath(tree, "//a:a[@class='url']")[0].set("href", "file:///home/x.html")
    with pytest.raises(WriterError) as exc:
        write_html(tree, WriteOptions())
    assert "minimal.md:37:" in exc.value.message and "file:///home/x.html" in exc.value.message


def test_note_without_eid_is_a_clear_error(minimal_pages):
    tree = copy.deepcopy(minimal_pages["minimal"].tree)
    del xpath(tree, "//a:authorialNote")[1].attrib["eId"]
    with pytest.raises(WriterError, match=r"minimal\.md:25:.*eId"):
        write_html(tree, WriteOptions())


def test_note_body_of_bare_inlines_keeps_links_and_text(minimal_pages):
    tree = copy.deepcopy(minimal_pages["minimal"].tree)
    note = xpath(tree, "//a:authorialNote[@eId='fn_2']")[0]
    for child in list(note):
        note.remove(child)
    note.append(model.E("ref", "A/72/297", href="https://undocs.org/zh/A/72/297", class_="symbol"))
    note[-1].tail = "。"
    html = parse(write_html(tree, WriteOptions()))
    body = html.xpath("//aside[@id='fn_2']")[0]
    assert body.xpath("p/a[@class='symbol']/@href") == ["https://undocs.org/zh/A/72/297"]
    assert "".join(body.text_content().split()) == "2A/72/297。"


def test_two_summaries_get_distinct_heading_ids(minimal_pages):
    tree = copy.deepcopy(minimal_pages["minimal"].tree)
    summary = xpath(tree, "//a:container[@name='summary']")[0]
    summary.addnext(copy.deepcopy(summary))
    html = parse(write_html(tree, WriteOptions()))
    ids = html.xpath("//section[@class='summary']/@aria-labelledby")
    assert len(ids) == 2 and len(set(ids)) == 2
    assert all(len(html.xpath(f"//h2[@id='{i}']")) == 1 for i in ids)


def test_unknown_inline_keeps_its_text(minimal_pages):
    tree = copy.deepcopy(minimal_pages["minimal"].tree)
    p = xpath(tree, "//a:paragraph[@eId='para_3']/a:content/a:p")[0]
    p.append(model.E("abbr", "UNDP", title="x"))
    html = parse(write_html(tree, WriteOptions()))
    assert html.xpath("string(//div[@id='para_3']/p/span[@class='abbr'])") == "UNDP"


# ------------------------------------------------------------------ validators

def _axe_clean(runs):
    bad = "\n".join(r.describe() for r in runs if r.violations)
    assert not bad, "axe-core violations:\n" + bad
    assert all(not r.blocked for r in runs), [r.blocked for r in runs]


def test_axe_minimal_light_dark_rtl(axe_minimal, minimal_pages):
    assert len(axe_minimal.runs) == 2 * len(minimal_pages)
    _axe_clean(axe_minimal.runs)
    assert all(r.overflow_x <= 0 for r in axe_minimal.runs)
    # The rules that matter here did run (a page axe cannot read passes nothing).
    passed = set(axe_minimal.runs[0].passes)
    assert {"color-contrast", "landmark-one-main", "region", "heading-order", "bypass",
            "aria-allowed-role", "link-name", "html-lang-valid"} <= passed


def test_keyboard_and_hover_visibility(axe_minimal, minimal_pages):
    """In real Chromium: the paragraph number shows as a self-link (underline, ¶) on hover and on
    keyboard focus only; the skip link appears when focused; every link kind has a focus outline."""
    for run in axe_minimal.runs:
        probes = run.probes
        num = probes[".para > a.num"]
        assert num["rest"]["textDecorationLine"] == "none" and num["rest"]["after"] == "none"
        for state in ("hover", "focus"):
            assert num[state]["textDecorationLine"] == "underline", (run.scheme, state)
            assert "\u00b6" in num[state]["after"], (run.scheme, state)
            assert num[state]["color"] != num["rest"]["color"]
        skip = probes[".skip-link"]
        assert not skip["rest"]["inViewport"] and skip["focus"]["inViewport"]
        for sel in PROBES:
            focus = probes[sel]["focus"]
            assert focus and focus["focusVisible"] and focus["outlineStyle"] == "solid", (sel, run.scheme)


def test_axe_sample_light_dark_wide_phone(axe_sample):
    assert {(r.scheme) for r in axe_sample} == {"light", "dark"} and len(axe_sample) == 4
    _axe_clean(axe_sample)
    assert "color-contrast" in axe_sample[1].passes  # dark mode really checked for contrast
    assert [r.overflow_x <= 0 for r in axe_sample] == [True] * 4  # reflows at 320 px, no sideways scroll


def test_vnu_minimal(minimal_pages):
    messages = vnu.check([minimal_pages["minimal"].path], ["--also-check-css"])
    bad = [str(m) for m in messages if m.kind in ("error", "warning")]
    assert not bad, "\n".join(bad)


def test_vnu_sample(sample_page):
    messages = vnu.check([sample_page.path], ["--also-check-css"])
    bad = [str(m) for m in messages if m.kind in ("error", "warning")]
    assert not bad, "\n".join(bad)


# ------------------------------------------------------------------ what a user runs

def test_cli_build_sample_to_html(sample_page, tmp_path):
    """``pipeline build source/A_73_321-ZH.md --to html`` gives A_73_321-ZH.html, the writer's bytes."""
    from click.testing import CliRunner

    from conftest import SAMPLE
    from pipeline.cli import cli

    out = tmp_path / "output"
    result = CliRunner().invoke(cli, ["build", str(SAMPLE), "--to", "html", "-o", str(out), "-j", "1",
                                      "--cache-dir", str(tmp_path / "cache")])
    assert result.exit_code == 0, result.output
    assert (out / "A_73_321-ZH.html").read_bytes() == sample_page.data


def test_every_foreign_run_carries_its_language_and_direction():
    """A/RES/75/234 (ar): the English note 3 and the Latin symbols are lang="en", dir="ltr" in the
    HTML (and so in the EPUB and the PDF, which start from it); an Arabic word is not."""
    from conftest import SHARED
    from pipeline import ReadOptions, Reporter, read_source
    name = "ar_A-RES-75-234.txt"
    tree = read_source((SHARED / "corpus" / name).read_bytes(), name, Reporter(), ReadOptions(source_date_epoch=0))
    html = parse(write_html(tree, WriteOptions()))
    runs = html.xpath("//aside[@id='fn_3']//*[@lang='en']")
    assert [(r.text_content(), r.get("dir")) for r in runs] == [
        ("United Nations, Treaty Series, vol. 1771, No. 30822.", "ltr")]
    english = " ".join(r.text_content() for r in html.xpath("//main//*[@lang='en']"))
    assert "A/75/463/Add.2" in english or "A/RES" in english or "A/" in english
    assert not any("\u0600" <= ch <= "\u06ff" for ch in english)


def test_a_latin_run_across_inline_elements_is_one_left_to_right_isolate():
    """A/RES/78/50 (ar), note 5: "United Nations, <i>Treaty Series</i>, vol. 634, No. 9068." is one
    left-to-right stretch with its number: as three isolates a right-to-left line sets them right
    to left, and WeasyPrint printed "9068 vol. 634, No. ,Treaty Series ,United Nations"."""
    from conftest import SHARED
    from pipeline import ReadOptions, Reporter, read_source
    (path,) = (SHARED / "realworld" / "akn4un" / "arabic").glob("A_RES_78_50-*.xml")
    tree = read_source(path.read_bytes(), path.name, Reporter(), ReadOptions(source_date_epoch=0))
    html = parse(write_html(tree, WriteOptions()))
    outer = html.xpath("//aside[@id='fn_5']//*[@dir='ltr'][not(ancestor::*[@dir='ltr'])]")
    assert [" ".join(r.text_content().split()) for r in outer] == ["United Nations, Treaty Series, vol. 634, No. 9068"]


def test_french_ordinals_are_superscript():
    """"9490e séance", "1er décembre": the letters superscript, as the UN prints them; the text
    itself is unchanged."""
    from conftest import SHARED
    from pipeline import ReadOptions, Reporter, read_source
    name = "fr_S-RES-2713-2023.txt"
    tree = read_source((SHARED / "corpus" / name).read_bytes(), name, Reporter(), ReadOptions(source_date_epoch=0))
    raw = write_html(tree, WriteOptions()).decode()
    assert '9490<sup class="ordinal">e</sup> séance' in raw
    assert '1<sup class="ordinal">er</sup>' in raw
    html = parse(raw.encode())
    assert {s.text for s in html.xpath("//sup[@class='ordinal']")} <= {"e", "er", "re"}
    for sup in html.xpath("//sup[@class='ordinal']"):
        before = sup.getprevious().tail if sup.getprevious() is not None else sup.getparent().text
        assert (before or "")[-1:].isdigit(), before
    assert "9490e séance" in html.xpath("string(//body)")


def test_a_translation_names_its_original_and_the_job_number_is_printed(minimal_pages):
    tree = copy.deepcopy(minimal_pages["minimal"].tree)
    el = xpath(tree, "//pl:document")[0]
    el.set("language", "en")
    el.set("sourceLanguage", "zh")
    el.set("jobNumber", "18-13022 (E)")
    html = parse(write_html(tree, WriteOptions()))
    header = html.xpath("//header")[0]
    assert header.xpath("string(.//p[@class='language'])") == "English"
    assert header.xpath("string(.//p[@class='original'])") == "Original: Chinese"
    assert html.xpath("string(//footer/p[@class='job-number'])") == "18-13022 (E)"


def test_a_release_links_its_languages_and_editions(minimal_pages):
    """hreflang alternates and a visible switcher between the language versions, links to the
    PDF and EPUB editions, and what the page is in its metadata (vnu and axe run on this page
    with the others)."""
    html = minimal_pages["minimal-en"].html
    alternates = {(l.get("hreflang"), l.get("href")) for l in html.xpath("//head/link[@rel='alternate'][@hreflang]")}
    assert alternates == {("zh-Hans", "A_73_321-ZH.html"), ("en", "A_73_321-EN.html"), ("ar", "A_73_321-AR.html")}
    assert {(l.get("type"), l.get("href")) for l in html.xpath("//head/link[@rel='alternate'][@type]")} == {
        ("application/pdf", "A_73_321-EN.pdf"), ("application/epub+zip", "A_73_321-EN.epub")}
    nav = html.xpath("//body/nav[@class='editions']")[0]
    assert nav.get("aria-label")
    items = [(el.text, el.get("lang"), el.get("href"), el.get("aria-current")) for el in nav.xpath(".//li/*")]
    assert items == [("العربية", "ar", "A_73_321-AR.html", None), ("中文", "zh-Hans", "A_73_321-ZH.html", None),
                     ("English", "en", None, "page"), ("PDF", None, "A_73_321-EN.pdf", None),
                     ("EPUB", None, "A_73_321-EN.epub", None)]
    assert html.xpath("//head/meta[@name='description']/@content")[0].startswith("A/73/321: ")
    assert html.xpath("//head/meta[@name='dcterms.identifier']/@content") == ["A/73/321"]
    # The contents come after the title: the page opens with what it is.
    order = [el.tag for el in html.xpath("//h1 | //nav[@class='toc']")]
    assert order == ["h1", "nav"]
    # Without a release, none of it.
    plain = minimal_pages["minimal"].html
    assert not plain.xpath("//nav[@class='editions'] | //link[@rel='alternate']")


def test_a_build_links_the_language_versions_it_writes(tmp_path):
    """The build fills WriteOptions.languages/editions: two language versions of A/RES/75/234
    built together link each other, and each page links its PDF and EPUB when the build makes
    them (the plan's HTML jobs carry them; no other format does)."""
    import shutil

    from click.testing import CliRunner

    from conftest import SHARED
    from pipeline import build as build_module
    from pipeline.cli import cli

    for name in ("en_A-RES-75-234.txt", "fr_A-RES-75-234.txt"):
        shutil.copy(SHARED / "corpus" / name, tmp_path / name)
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["build", str(tmp_path / "en_A-RES-75-234.txt"),
                                      str(tmp_path / "fr_A-RES-75-234.txt"), "--to", "html", "-o", str(out),
                                      "--cache-dir", str(tmp_path / "cache"), "-j", "1"])
    assert result.exit_code == 0, result.output
    fr = lxml.html.document_fromstring((out / "fr_A-RES-75-234.html").read_bytes())
    assert {(l.get("hreflang"), l.get("href")) for l in fr.xpath("//link[@rel='alternate']")} == {
        ("en", "en_A-RES-75-234.html"), ("fr", "fr_A-RES-75-234.html")}
    assert fr.xpath("//nav[@class='editions']//*[@aria-current='page']/text()") == ["Français"]
    sources = [build_module.Source(n, n[:-4], b"") for n in ("en_A-RES-75-234.txt", "fr_A-RES-75-234.txt",
                                                             "A_73_321-ZH.md")]
    links = build_module._release_links(sources, ["html", "pdf", "epub"])
    assert links["en_A-RES-75-234.txt"] == {
        "languages": (("en", "en_A-RES-75-234.html"), ("fr", "fr_A-RES-75-234.html")),
        "editions": (("pdf", "en_A-RES-75-234.pdf"), ("epub", "en_A-RES-75-234.epub"))}
    assert links["A_73_321-ZH.md"]["languages"] == ()          # its only version here
    assert build_module._release_links(sources, ["pdf"]) == {}


@pytest.mark.parametrize("name, openings", [
    ("en_A-RES-75-234.txt", ["The General Assembly", "Reaffirming", "Reaffirming also", "Reaffirming further"]),
    ("fr_S-RES-2713-2023.txt", ["Le Conseil de sécurité", "Rappelant", "Réaffirmant", "Se félicitant"]),
    ("ru_A-RES-75-234.txt", ["Генеральная Ассамблея", "подтверждая", "подтверждая также"]),
    ("zh_A-RES-75-234.txt", []),
])
def test_resolution_opening_words_in_italics(name, openings):
    """A resolution read from text: the enacting formula and the opening words of each
    preambular and operative paragraph in italics, as the UN's XML marks them ("Reaffirming
    also", not "Reaffirming also its"); none in Chinese, which the UN does not slant."""
    from conftest import SHARED
    from pipeline import ReadOptions, Reporter, read_source
    tree = read_source((SHARED / "corpus" / name).read_bytes(), name, Reporter(), ReadOptions(source_date_epoch=0))
    html = parse(write_html(tree, WriteOptions()))
    found = [i.text for i in html.xpath("//i[@class='opening']")]
    assert found[:len(openings)] == openings
    if openings:
        operative = html.xpath("//div[@class='para'][a[@class='num']][not(ancestor::section[@class='annex'])]")
        assert operative and all(p.xpath("p[1]/*[1][self::i]") for p in operative)
    assert "".join(html.xpath("//main//text()")).count("Reaffirming also its") <= 2
