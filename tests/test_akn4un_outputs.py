"""Issue 13: every AKN4UN XML of ``../shared/realworld/akn4un/`` (108 files: 18 General Assembly
resolutions × six languages) builds to every format and passes the validators.

One ``pipeline build`` of the six folders (``-j 2``: the CLI's parallel path, as a user runs it)
makes the 108 × (AKN, HTML, PDF, EPUB) and an XLIFF per other official language of en, fr.  Then:

* on all 108: the AKN 3.0 XSD (every AKN file), the XLIFF 2.1 schemas and Schematron rules (every
  XLIFF file), the Nu checker (every HTML page, one JVM), the PDF checks of ``validators/pdf.py``
  (tagged PDF/UA-1 with its language, direction and title shown, every font embedded with a
  ToUnicode map, every character of the model in the text pdftotext extracts);
* on a spread, every validator: axe-core in Chromium (one browser) on the HTML page and every
  EPUB content document of three resolutions in all six languages (78/128 with three annexes,
  lists and notes; 78/249 with a table in its annex; 78/246, the shortest), EPUBCheck (which
  validates the EPUB's XHTML: the Nu checker does not know ``epub:type``) and Ace on one EPUB per
  language (six resolutions, each language another one).

The split keeps the module near five minutes on two cores: the build is about 150 CPU-seconds,
EPUBCheck and Ace each start a JVM or a browser per book.
"""

from __future__ import annotations

import collections
import concurrent.futures
import io
import json
import os
import re
import subprocess
import sys
import unicodedata
import zipfile
from pathlib import Path

import pikepdf
import pytest
from lxml import etree

from conftest import AKN_XSD, ROOT, SHARED
from pipeline import model
from validators import ace, axe, epubcheck, vnu
from validators import pdf as pdfcheck
from validators import xliff as xliffcheck

REALWORLD = SHARED / "realworld" / "akn4un"
FOLDERS = sorted(p for p in REALWORLD.iterdir() if p.is_dir())
LETTERS = {"arabic": "AR", "chinese": "ZH", "english": "EN", "french": "FR", "russian": "RU", "spanish": "ES"}
EPOCH = "1703203200"             # 2023-12-22
#: The spread every validator sees: three resolutions in all six languages.
SPREAD = ("A_RES_78_128", "A_RES_78_249", "A_RES_78_246")
#: EPUBCheck and Ace: one book per language, each another resolution.
BOOKS = ("A_RES_78_128-AR", "A_RES_78_249-ZH", "A_RES_78_252-EN", "A_RES_78_219-FR", "A_RES_78_229-RU",
         "A_RES_78_72-ES")
EPUB_NS = {"opf": "http://www.idpf.org/2007/opf"}


def stems() -> list[str]:
    out = []
    for folder in FOLDERS:
        for path in sorted(folder.glob("*.xml")):
            symbol = path.stem.rsplit("-", 1)[0]
            out.append(f"{symbol}-{LETTERS[folder.name]}")
    return out


STEMS = stems()


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    """The 108 files built by one ``pipeline build`` into one folder (exit 0, nothing failed)."""
    out = tmp_path_factory.mktemp("akn4un-out")
    env = dict(os.environ, PYTHONPATH=str(ROOT), SOURCE_DATE_EPOCH=EPOCH)
    proc = subprocess.run([sys.executable, "-m", "pipeline", "build", *map(str, FOLDERS), "--to", "akn,html,pdf,epub,xliff",
                           "--target-lang", "en,fr", "-j", "2", "-o", str(out), "--cache-dir", str(out / ".cache"),
                           "--json", "-q"], capture_output=True, text=True, env=env, timeout=900)
    assert proc.returncode == 0, proc.stderr[-3000:]
    result = json.loads(proc.stdout)
    assert {row["status"] for row in result["outputs"]} == {"built"}
    return out


@pytest.fixture(scope="module")
def models(built) -> dict[str, etree._ElementTree]:
    return {stem: model.parse_model((built / f"{stem}.akn.xml").read_bytes(), f"{stem}.akn.xml") for stem in STEMS}


def epub_documents(built: Path, stem: str, into: Path) -> list[Path]:
    """The EPUB's content documents in spine order, extracted under ``into``."""
    book = zipfile.ZipFile(io.BytesIO((built / f"{stem}.epub").read_bytes()))
    target = into / stem
    book.extractall(target)
    opf = etree.fromstring(book.read("EPUB/package.opf"))
    items = {i.get("id"): i.get("href") for i in opf.iterfind(".//opf:manifest/opf:item", EPUB_NS)}
    return [target / "EPUB" / items[r.get("idref")] for r in opf.iterfind(".//opf:spine/opf:itemref", EPUB_NS)]


def nospace(text: str) -> str:
    return re.sub(r"\s+", "", text)


def test_every_file_in_every_format(built):
    assert len(STEMS) == 108
    names = {p.name for p in built.iterdir()}
    for stem in STEMS:
        for suffix in (".akn.xml", ".html", ".pdf", ".epub"):
            assert stem + suffix in names
        targets = {"en", "fr"} - {stem[-2:].lower()}
        assert {n for n in names if n.startswith(stem + ".") and n.endswith(".xlf")} == \
            {f"{stem}.{t}.xlf" for t in targets}
    manifest = json.loads((built / "manifest.json").read_text())
    assert len(manifest["artifacts"]) == 108 * 4 + 36 * 1 + 72 * 2
    assert subprocess.run(["sha256sum", "--quiet", "-c", "SHA256SUMS"], cwd=built).returncode == 0


# ------------------------------------------------------------------ all 108

def test_akn_is_valid_against_the_oasis_schema(built, models):
    schema = etree.XMLSchema(etree.parse(str(AKN_XSD)))
    invalid = {stem: [f"{e.line}: {e.message}" for e in schema.error_log][:3]
               for stem, tree in models.items() if not schema.validate(tree)}
    assert invalid == {}
    assert {model.document_info(t).language for t in models.values()} == {"ar", "zh", "en", "fr", "ru", "es"}


def test_xliff_is_valid_xliff_2_1(built):
    files = sorted(built.glob("*.xlf"))
    assert len(files) == 108 * 2 - 36
    problems = {f.name: xliffcheck.problems_21(f.read_bytes())[:3] for f in files}
    assert {name: p for name, p in problems.items() if p} == {}


def test_vnu_finds_nothing_in_any_page(built):
    messages = vnu.check([built / f"{stem}.html" for stem in STEMS])
    assert [str(m) for m in messages if m.kind in ("error", "warning")] == []


def check_pdf(built: Path, stem: str, tree) -> list[str]:
    """The PDF/UA facts of validators/pdf.py for one file; the problems found."""
    path = built / f"{stem}.pdf"
    info = model.document_info(tree)
    lang = info.lang
    problems = []
    with pikepdf.open(path) as pdf:
        if "/StructTreeRoot" not in pdf.Root or not bool(pdf.Root.MarkInfo.Marked):
            problems.append("not tagged")
        if str(pdf.Root.get("/Lang")) != lang.bcp47:
            problems.append(f"/Lang {pdf.Root.get('/Lang')}")
        with pdf.open_metadata() as meta:
            if meta.get("pdfuaid:part") != "1":
                problems.append("no PDF/UA-1 identification")
        prefs = pdf.Root.ViewerPreferences
        if not bool(prefs.DisplayDocTitle):
            problems.append("title not displayed")
        if str(prefs.get("/Direction", "/L2R")) != ("/R2L" if lang.direction == "rtl" else "/L2R"):
            problems.append("direction")
    fonts = pdfcheck.pdffonts(path)
    if not fonts or [f.name for f in fonts if not (f.embedded and f.unicode)]:
        problems.append(f"fonts not embedded with ToUnicode: {[f.name for f in fonts if not (f.embedded and f.unicode)]}")
    text = "".join(pdfcheck.pdftotext(path, layout=True))
    have = collections.Counter(nospace(unicodedata.normalize("NFKC", text)))
    # Format characters (U+200E …) steer the layout and are not drawn: no text of the PDF holds them.
    want = collections.Counter(c for c in nospace(unicodedata.normalize("NFKC", model.content_text(tree)))
                               if unicodedata.category(c) != "Cf")
    missing = want - have
    if missing:
        problems.append(f"characters of the model not in the PDF text: {dict(missing.most_common(10))}")
    if "\ufffd" in text:
        problems.append("U+FFFD in the text")
    return problems


def test_pdf_tagged_fonts_embedded_and_every_character_of_the_model(built, models):
    with concurrent.futures.ThreadPoolExecutor(max_workers=2) as pool:
        found = dict(zip(STEMS, pool.map(lambda s: check_pdf(built, s, models[s]), STEMS)))
    assert {stem: p for stem, p in found.items() if p} == {}


def test_html_page_has_every_character_of_the_model(built, models):
    """The page's text (generated text aside) is the model's, character for character."""
    import lxml.html
    generated = ("//a[@class='skip-link'] | //nav | //body/footer | //p[@class='date'][time]"
                 " | //p[@class='original'][not(span)] | //a[@class='noteref'] | //a[@class='backlink']")
    for stem in STEMS:
        body = lxml.html.fromstring((built / f"{stem}.html").read_bytes()).find("body")
        for el in body.xpath(generated):
            el.drop_tree()
        have = collections.Counter(nospace(body.text_content()))
        want = collections.Counter(nospace(model.content_text(models[stem])))
        assert have == want, stem


# ------------------------------------------------------------------ the spread

@pytest.fixture(scope="module")
def spread_documents(built, tmp_path_factory) -> dict[str, list[Path]]:
    into = tmp_path_factory.mktemp("epubs")
    stems = [s for s in STEMS if s.rsplit("-", 1)[0] in SPREAD]
    assert len(stems) == 18
    return {stem: epub_documents(built, stem, into) for stem in stems}


def test_axe_finds_nothing_in_the_pages_and_epub_documents_of_the_spread(built, spread_documents):
    files = [built / f"{stem}.html" for stem in spread_documents]
    files += [doc for docs in spread_documents.values() for doc in docs]
    report = axe.run(files)
    assert len(report.runs) == len(files)
    assert [r.describe() for r in report.runs if r.violations] == []


def test_epubcheck_and_ace_find_nothing_in_one_book_per_language(built):
    assert {b[-2:] for b in BOOKS} == set(LETTERS.values())
    with concurrent.futures.ThreadPoolExecutor(max_workers=2) as pool:
        checks = dict(zip(BOOKS, pool.map(lambda b: epubcheck.check(built / f"{b}.epub"), BOOKS)))
        aces = dict(zip(BOOKS, pool.map(lambda b: ace.check(built / f"{b}.epub"), BOOKS)))
    assert {b: [str(m) for m in r.of("FATAL", "ERROR", "WARNING", "USAGE")] for b, r in checks.items()} == \
        {b: [] for b in BOOKS}
    assert {b: [str(v) for v in r.violations] for b, r in aces.items()} == {b: [] for b in BOOKS}
    assert {r.outcome for r in aces.values()} == {"pass"}


def test_a_resolution_reads_as_the_un_prints_it(built):
    """78/249 in Arabic: masthead, title, preamble, the meeting and date, then the annex with its
    table (rows and cells, the header cell spanning two columns), in that order."""
    import lxml.html
    page = lxml.html.fromstring((built / "A_RES_78_249-AR.html").read_bytes())
    main = page.find(".//main")
    order = [el.get("class") for el in main if el.tag in ("div", "section")]
    assert order.index("conclusions") < order.index("annex")
    table = main.find(".//section[@class='annex']//table")
    assert table is not None and len(table.findall("tbody/tr")) > 10
    assert table.xpath("count(.//th[@colspan='2'])") >= 1
    assert page.get("dir") == "rtl" and page.get("lang") == "ar"


# ------------------------------------------------------------------ read back from our PDF

#: The PDF writer follows the UN's layout in every language (styles/LAYOUT.md), so our PDF of a
#: resolution is the nearest thing to an official PDF in Arabic, Chinese, French, Russian and
#: Spanish that shared/ holds: read back by the PDF reader, it must give the model it was made
#: from.  Files that do not yet, and why (issue 13):
#: Arabic tables: the cells of a right-to-left table and their note letters read from our PDF.
ARABIC_TABLE = "the annex table read from the right (tables area)"
SHORT_PDF: dict[str, str] = {
    "A_RES_78_128-AR": "issue 13: what the UN's XML stores oddly: its last preambular paragraph ('واعترافا') "
                       "as a paragraph of mainBody, paragraph 6 as an unnumbered one starting '6 –' (read into "
                       "5), items with a number and no text ('11 -', article 49's '1 -', '2 -', lost); and "
                       "single quotation marks read facing the other way ('‘الماء … المستدامة’')",
    "A_RES_78_221-AR": "issue 13: '2023(22)2023' as the UN's XML has it (no space after the call) read "
                       "'2023(22) 2023': PDFium ends the run beside the call with a space it generates, "
                       "taken for the one an Arabic run draws at its left",
    "A_RES_78_249-AR": f"issue 13: {ARABIC_TABLE}",
    "A_RES_78_252-AR": f"issue 13: {ARABIC_TABLE}",
    "A_RES_78_252-RU": "issue 13: paragraph 76, whose italic opening words the UN's XML ends inside a "
                       "word ('<i>постановляет у</i>величить')",
}


def pdf_params():
    return [pytest.param(s, marks=pytest.mark.xfail(strict=True, reason=SHORT_PDF[s])) if s in SHORT_PDF else s
            for s in STEMS]


@pytest.fixture(scope="module")
def read_back(built):
    """Each PDF read by the PDF reader (as ``pipeline build X.pdf`` reads an official one)."""
    from pipeline import read_source
    from pipeline.diagnostics import Reporter
    from pipeline.readers.text import ReadOptions

    def read(stem):
        return read_source((built / f"{stem}.pdf").read_bytes(), f"{stem}.pdf", Reporter(),
                           ReadOptions(source_date_epoch=0))
    cache: dict = {}
    return lambda stem: cache[stem] if stem in cache else cache.setdefault(stem, read(stem))


def printed_tables(tree) -> list[list[list[tuple]]]:
    """Each table of the model as a reader of its print sees it: the rows with text, each a list
    of its cells with text as (th or td, text without spaces, first column, last column, rows
    spanned).  Columns are counted as printed: two neighbouring columns that no row sets text
    apart in are one (the UN's XML has empty columns under a head over two); rows are counted
    among the rows with text."""
    out = []
    for table in model.xpath(model.document_element(tree), ".//a:table"):
        rows = [[(etree.QName(c).localname, nospace(model.flow_text(c)), int(c.get("colspan", "1")),
                  int(c.get("rowspan", "1"))) for c in tr] for tr in table]
        grid: dict[tuple[int, int], tuple[int, int]] = {}
        for r, row in enumerate(rows):
            c = 0
            for i, (_, _, colspan, rowspan) in enumerate(row):
                while (r, c) in grid:
                    c += 1
                for dr in range(rowspan):
                    for dc in range(colspan):
                        grid[(r + dr, c + dc)] = (r, i)
                c += colspan
        width = max((c for _, c in grid), default=-1) + 1
        text = {(r, i): cell[1] for r, row in enumerate(rows) for i, cell in enumerate(row)}
        column = [0] * width
        for c in range(1, width):
            apart = any(grid.get((r, c - 1)) not in (None, grid.get((r, c))) and (r, c) in grid
                        and text[grid[(r, c - 1)]] and text[grid[(r, c)]] for r in range(len(rows)))
            column[c] = column[c - 1] + apart
        with_text = [r for r in range(len(rows)) if any(text[(r, i)] for i in range(len(rows[r])))]
        table_out = []
        for r in with_text:
            cells = []
            for i, (tag, words, _, _) in enumerate(rows[r]):
                if words:
                    slots = [slot for slot, cell in grid.items() if cell == (r, i)]
                    columns = sorted({column[c] for _, c in slots})
                    spanned = len({q for q, _ in slots if q in with_text})
                    cells.append((tag, words, columns[0], columns[-1], spanned))
            table_out.append(cells)
        out.append(table_out)
    return out


@pytest.mark.parametrize("stem", STEMS)
def test_the_masthead_of_our_pdf_gives_symbol_language_and_date(read_back, models, stem):
    """The masthead read as the UN prints it in each language ("Asamblea General", "大会",
    "الجمعية العامة", the symbol drawn from the right on an Arabic page)."""
    got, expected = model.document_info(read_back(stem)), model.document_info(models[stem])
    assert (got.symbol, got.language, got.date) == (expected.symbol, expected.language, expected.date)


#: The resolutions whose annex holds a table, in every language.
TABLES = [s for s in STEMS if s.rsplit("-", 1)[0] in ("A_RES_78_249", "A_RES_78_252")]
#: Tables of our PDF that do not yet read back as the model's, and why (issue 13).
TABLE_SHAPE: dict[str, str] = {
    "A_RES_78_249-AR": ARABIC_TABLE,
    "A_RES_78_252-AR": ARABIC_TABLE,
}


@pytest.mark.parametrize("stem", [pytest.param(s, marks=pytest.mark.xfail(strict=True, reason=TABLE_SHAPE[s]))
                                  if s in TABLE_SHAPE else s for s in TABLES])
def test_the_tables_of_our_pdf_read_back_as_the_models(read_back, models, stem):
    """The annex table of 78/249 (heads over two columns of figures, figures wrapped in their
    narrow column, run onto a second page with its heads repeated) and of 78/252 (groups of rows
    under labels, over three pages) read back with the model's rows, cells, heads and spans."""
    assert printed_tables(read_back(stem)) == printed_tables(models[stem])


@pytest.mark.parametrize("stem", pdf_params())
def test_our_pdf_reads_back_as_the_model_it_was_made_from(read_back, models, stem):
    """Preambular and operative paragraphs, their notes at their calls, list points, annexes and
    the running text word for word, as tests/test_realworld_pdf.py holds the UN's PDFs to."""
    from test_realworld_pdf import ours
    expected, got = ours(models[stem]), ours(read_back(stem))
    if stem.endswith("-AR"):
        expected, got = arabic_xml_normalised(expected), arabic_xml_normalised(got)
    if stem.endswith("-ZH"):
        expected, got = chinese_xml_normalised(expected), chinese_xml_normalised(got)
    assert {k: got[k] for k in expected if got[k] != expected[k]} == {}


#: A month pair's "/" with a space after it before an Arabic word ("نيسان/ أبريل").
SPACE_AFTER_SLASH = re.compile(r"/ (?=[\u0600-\u06ff])")
#: A number written with its groups apart: two or more groups of at most three digits.
DIGIT_GROUPS = re.compile(r"(?<!\d)(?<!\d )\d{1,3}(?: \d{1,3})+(?!\d)")


#: A space between two Chinese characters.
SPACE_IN_CHINESE = re.compile(r"(?<=[\u3400-\u9fff，、。；：）》”])\s+(?=[\u3400-\u9fff（《“])")


def chinese_xml_normalised(words_of: dict) -> dict:
    """The running text of a Chinese resolution as compared, on both sides: without a space
    between two Chinese characters, which Chinese is set without, which the reader does not
    keep (text extractors put one at every line end and gap) and which the UN's XML has in a
    few places ("利益攸关方 的代表", a heading of 78/128's rules of procedure)."""
    out = dict(words_of)
    for key in ("preamble", "paragraph_text"):
        out[key] = [SPACE_IN_CHINESE.sub("", t) for t in words_of[key]]
    out["annex_words"] = SPACE_IN_CHINESE.sub("", " ".join(words_of["annex_words"])).split()
    return out


def arabic_xml_normalised(words_of: dict) -> dict:
    """The running text of an Arabic resolution as compared, on both sides (the model and its
    PDF read back), where the UN's XML stores what no page can show:

    * a space after the "/" of a month pair ("نيسان/ أبريل", where the same files write
      "تموز/يوليه"): our PDF breaks the line at that space, so it is nowhere drawn;
    * a number whose groups are stored in visual order ("500 823 4" for 4 823 500: the XML was
      made from a right-to-left file where a number's groups, parted by spaces, run right to
      left), which a page shows, and a reader reads, as the number: each number is compared
      in reading order (its groups reversed when its last group is the short one), and one
      whose groups are all of three digits ("600 355"), which cannot be told, by its smaller
      order.  What is left unchecked: the order of the groups of such a number."""
    def number(match: re.Match) -> str:
        groups = match.group().split()
        if len(groups[0]) == 3 and len(groups[-1]) < 3:
            groups.reverse()
        elif all(len(g) == 3 for g in groups):
            groups = min(groups, groups[::-1])
        return " ".join(groups)

    def fix(text: str) -> str:
        return DIGIT_GROUPS.sub(number, SPACE_AFTER_SLASH.sub("/", text))
    out = dict(words_of)
    for key in ("preamble", "paragraph_text"):
        out[key] = [fix(t) for t in words_of[key]]
    out["annex_words"] = fix(" ".join(words_of["annex_words"])).split()
    return out
