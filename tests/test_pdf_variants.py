"""Issue 13: the official PDFs of shared/ as users also hold them, made here with real tools.

The same document re-written by other producers (qpdf, pdftocairo, Ghostscript, MuPDF's mutool),
cut into page ranges, two documents joined, pages rotated, cropped, annotated, partly scanned,
and broken files; and a UN resolution printed to PDF by LibreOffice from our own DOCX of the
UN's XML.  Each one reads to the right model, or is refused with one clear error naming the file
and what to do (exit 4): never exit 5, never a traceback, never a silently wrong document.

Every variant is made once per module, into a temporary folder, from the shared files.
"""

from __future__ import annotations

import shutil
import subprocess

import pikepdf
import pytest
from click.testing import CliRunner

from pipeline import model, read_source
from pipeline.cli import cli
from pipeline.diagnostics import Reporter
from pipeline.readers.text import ReadOptions

from conftest import SHARED
from test_realworld_pdf import ours, truth

PDF = SHARED / "realworld" / "pdf"
AKN4UN = SHARED / "realworld" / "akn4un" / "english"
RESOLUTION = "A_RES_78_72"          # 9 pages: preamble, 46 operative paragraphs, lists, 33 notes
SHORT = "A_RES_78_197"              # 3 pages: preamble, 12 operative paragraphs, lists, notes
REPORT = PDF / "A_79_352.pdf"       # 56 pages: chapters, tables, figures, landscape pages


def run(*command: str) -> None:
    subprocess.run(command, check=True, capture_output=True, timeout=300)


def read(path):
    reporter = Reporter()
    tree = read_source(path.read_bytes(), path.name, reporter, ReadOptions(source_date_epoch=0))
    return tree, reporter


def warnings(reporter, code: str) -> list[str]:
    return [d.message for d in reporter.diagnostics if d.code == code]


def build(path, out):
    """``pipeline build X.pdf --to akn``, then ``pipeline check -v X.pdf``, as a user runs them."""
    built = CliRunner().invoke(cli, ["build", str(path), "--to", "akn", "-o", str(out)])
    checked = CliRunner().invoke(cli, ["check", "-v", str(path)])
    for result in (built, checked):
        # An exit code, never an exception escaping (a traceback) nor "a bug" (exit 5).
        assert result.exception is None or isinstance(result.exception, SystemExit), result.output
        assert result.exit_code != 5 and "Traceback" not in result.output, result.output
    return built, checked


@pytest.fixture(scope="module")
def variants(tmp_path_factory):
    """Every variant, made once: name → path."""
    for tool in ("qpdf", "pdftocairo", "gs", "mutool"):
        assert shutil.which(tool), f"{tool} is missing: make install-test installs it"
    folder = tmp_path_factory.mktemp("variants")
    res = PDF / f"{RESOLUTION}.pdf"
    made = {}

    def path(name):
        made[name] = folder / f"{name}.pdf"
        return str(made[name])

    # Other producers.
    run("qpdf", "--linearize", str(res), path("qpdf-linearized"))
    run("qpdf", "--object-streams=generate", str(res), path("qpdf-object-streams"))
    run("qpdf", "--encrypt", "", "owner", "256", "--", str(res), path("qpdf-owner-password"))
    run("mutool", "clean", "-gggg", str(res), path("mutool-clean"))
    run("pdftocairo", "-pdf", str(res), path("pdftocairo"))
    # Ghostscript re-writes a page in about half a second: a 3-page resolution.
    run("gs", "-q", "-dNOPAUSE", "-dBATCH", "-dSAFER", "-sDEVICE=pdfwrite", f"-sOutputFile={path('ghostscript')}",
        str(PDF / f"{SHORT}.pdf"))
    # Pages turned, cropped, annotated.
    run("qpdf", "--rotate=+90", str(res), path("rotated-90"))
    run("qpdf", "--rotate=+180:1", str(res), path("page-1-rotated-180"))
    with pikepdf.open(res) as pdf:
        for page in pdf.pages:
            x0, y0, x1, y1 = (float(v) for v in page.mediabox)
            page.obj.CropBox = pikepdf.Array([x0 + 36, y0 + 36, x1 - 36, y1 - 36])
        pdf.save(path("cropped"))
    import pymupdf
    with pymupdf.open(res) as doc:
        for page in doc:
            page.add_text_annot((500, 60), "Reviewer: check this paragraph")
            page.add_freetext_annot(pymupdf.Rect(380, 20, 590, 50), "Comment: verify the numbers", fontsize=9)
            words = page.get_text("words")[10:20]
            if words:
                page.add_highlight_annot([pymupdf.Rect(w[:4]) for w in words])
        doc.save(path("annotated"))
    # Page ranges and joined documents.
    run("qpdf", "--empty", "--pages", str(REPORT), "3-5", "--", path("report-pages-3-5"))
    run("qpdf", "--empty", "--pages", str(REPORT), "7", "--", path("report-page-7"))
    run("qpdf", "--empty", "--pages", str(REPORT), "16-18", "--", path("report-pages-16-18"))
    run("qpdf", "--empty", "--pages", str(REPORT), "z", "--", path("report-last-page"))
    run("qpdf", "--empty", "--pages", str(res), str(PDF / "A_RES_78_50.pdf"), "--", path("two-resolutions"))
    # A scanned annex: the first 4 pages as printed, the rest images (Ghostscript's image device).
    run("gs", "-q", "-dNOPAUSE", "-dBATCH", "-dSAFER", "-sDEVICE=pdfimage24", "-r72", "-dFirstPage=5",
        f"-sOutputFile={folder / 'scan.pdf'}", str(res))
    run("qpdf", "--empty", "--pages", str(res), "1-4", str(folder / "scan.pdf"), "--", path("scanned-pages-5-9"))
    # Bad input.
    run("gs", "-q", "-dNOPAUSE", "-dBATCH", "-dSAFER", "-sDEVICE=pdfimage24", "-r72",
        f"-sOutputFile={path('scanned')}", str(PDF / "A_RES_78_117.pdf"))
    run("qpdf", "--encrypt", "user", "owner", "256", "--", str(res), path("user-password"))
    data = res.read_bytes()
    (folder / "truncated-60.pdf").write_bytes(data[: len(data) * 6 // 10])
    made["truncated-60"] = folder / "truncated-60.pdf"
    (folder / "zero-bytes.pdf").write_bytes(b"")
    made["zero-bytes"] = folder / "zero-bytes.pdf"
    blank = pikepdf.new()
    for _ in range(3000):
        blank.add_blank_page(page_size=(612, 792))
    blank.save(path("3000-blank-pages"))
    return made


# ------------------------------------------------------------------ other producers

#: What the UN's XML of the resolution holds besides its words: the same in every producer's PDF.
STRUCTURE = ("preamble_notes", "paragraphs", "paragraph_notes", "points", "structure", "annexes")


@pytest.fixture(scope="module")
def expected():
    return truth(RESOLUTION)


@pytest.mark.parametrize("variant", ["qpdf-linearized", "qpdf-object-streams", "qpdf-owner-password",
                                     "mutool-clean", "pdftocairo", "rotated-90", "page-1-rotated-180",
                                     "cropped", "annotated"])
def test_the_same_resolution_from_another_producer_reads_as_the_uns_xml(variants, expected, variant):
    """Re-written, rotated, cropped or annotated: the model is the UN's, word for word (pdftocairo
    sets a justified line as one run, where PDFium put spaces inside words: 'humankin d')."""
    tree, _ = read(variants[variant])
    got = ours(tree)
    assert {k: got[k] for k in expected if got[k] != expected[k]} == {}
    info = model.document_info(tree)
    assert (info.symbol, info.language, info.date) == ("A/RES/78/72", "en", "2023-12-11")


def test_ghostscripts_pdf_reads_with_the_structure_of_the_uns_xml(variants):
    """Ghostscript writes a /StemV that PDFium turns into a bold weight for Times Roman: every line
    read as bold made every paragraph a heading (no preamble, no operative paragraph).  Its text
    layer maps the curly quotes to '<' and '=' (pdftotext reads the same): the words are compared
    without quotation marks."""
    got, expected = ours(read(variants["ghostscript"])[0]), truth(SHORT)
    assert {k: got[k] for k in STRUCTURE if got[k] != expected[k]} == {}
    unquoted = str.maketrans("", "", "“”<=")
    for key in ("preamble", "paragraph_text"):
        assert [t.translate(unquoted) for t in got[key]] == [t.translate(unquoted) for t in expected[key]]


# ------------------------------------------------------------------ page ranges and joined files

def test_pages_cut_out_of_a_report_have_no_invented_identity(variants, tmp_path):
    """Pages 3–5: no masthead.  The symbol is the running head's, the date and title stay unknown,
    a warning says the file starts inside a document, and the running text is body."""
    tree, reporter = read(variants["report-pages-3-5"])
    info = model.document_info(tree)
    assert (info.symbol, info.language, info.date) == ("A/79/352", "en", None)
    assert warnings(reporter, "masthead-missing")
    doc = model.document_element(tree)
    assert model.xpath(doc, "a:preface//a:docTitle") == []
    assert model.xpath(doc, "a:coverPage//a:inline[@name='distribution']") == []      # not known either
    first = model.xpath(doc, "a:mainBody/*[a:num]")[0]
    assert (first.findtext(model.akn("num")), first.findtext(model.akn("heading"))) == ("I.", "Introduction")
    nums = [p.findtext(model.akn("num")) for p in model.xpath(doc, "a:mainBody//a:paragraph[a:num]")]
    assert nums[:3] == ["1.", "2.", "3."]
    built, checked = build(variants["report-pages-3-5"], tmp_path / "out")
    assert built.exit_code == 0 and checked.exit_code == 0, built.output + checked.output
    assert "masthead-missing" in checked.output


def test_a_page_opening_with_a_subheading_reads_it_as_a_heading(variants):
    """Page 7 alone opens with '2. Board of Auditors' over paragraph 12: the top fifth of the page
    was taken for a masthead, joining heading and paragraph into a paragraph numbered 2."""
    tree, _ = read(variants["report-page-7"])
    doc = model.document_element(tree)
    nums = [p.findtext(model.akn("num")) for p in model.xpath(doc, "a:mainBody//a:paragraph[a:num]")]
    assert nums[:3] == ["12.", "13.", "14."]
    first = model.xpath(doc, "a:mainBody//a:paragraph[a:num]")[0]
    assert model.flow_text(first.find(model.akn("content")), notes=False).split()[:3] == ["Since", "the", "previous"]
    assert "Board of Auditors" in " ".join(model.flow_text(h, notes=False)
                                           for h in model.xpath(doc, "a:mainBody//a:heading"))


def test_a_file_starting_mid_sentence_is_no_title(variants):
    """Pages 16–18 open inside a paragraph ('envelope. The contracts …'): that is body text, not
    the report's title."""
    tree, reporter = read(variants["report-pages-16-18"])
    doc = model.document_element(tree)
    assert model.xpath(doc, "a:preface//a:docTitle") == []
    first = model.xpath(doc, "a:mainBody//a:p")[0]
    assert model.flow_text(first, notes=False).startswith("envelope. The contracts for building E")
    assert warnings(reporter, "masthead-missing")


def test_the_last_page_alone_builds(variants, tmp_path):
    """A landscape page holding a table: its running head was read as a masthead, and the table's
    words did not count to tell the language, leaving too little text to tell it (exit 4)."""
    built, checked = build(variants["report-last-page"], tmp_path / "out")
    assert built.exit_code == 0 and checked.exit_code == 0, built.output + checked.output
    tree = model.parse_model((tmp_path / "out" / "A_79_352-EN.akn.xml").read_bytes(), "A_79_352-EN.akn.xml")
    assert model.document_info(tree).language == "en"
    assert model.xpath(tree, "//a:table")


def test_two_documents_joined_are_refused_not_mixed(variants, tmp_path):
    """A/RES/78/72 and A/RES/78/50 joined by qpdf read as one resolution with the second one in its
    operative part; now one error names the page where the second begins, and how to split."""
    path = variants["two-resolutions"]
    built, checked = build(path, tmp_path / "out")
    assert built.exit_code == 4 and checked.exit_code == 4
    errors = [line for line in built.output.splitlines() if "error:" in line]
    assert len(errors) == 1 and str(path) in errors[0] and "page=10" in errors[0], built.output
    assert "A/RES/78/50" in errors[0] and "qpdf" in built.output
    assert not list((tmp_path / "out").glob("*.xml"))


def test_two_language_versions_joined_are_refused(variants, tmp_path):
    """The English A/RES/78/197 and the French one (our PDF of the UN's French XML) joined: the
    same symbol twice, the UN's name in another language on page 4."""
    french = SHARED / "realworld" / "akn4un" / "french"
    result = CliRunner().invoke(cli, ["build", str(next(french.glob(f"{SHORT}-*.xml"))), "--to", "pdf",
                                      "-o", str(tmp_path)])
    assert result.exit_code == 0, result.output
    joined = tmp_path / "joined.pdf"
    run("qpdf", "--empty", "--pages", str(PDF / f"{SHORT}.pdf"), str(tmp_path / f"{SHORT}-FR.pdf"), "--",
        str(joined))
    built, checked = build(joined, tmp_path / "out")
    assert built.exit_code == 4 and checked.exit_code == 4
    errors = [line for line in built.output.splitlines() if "error:" in line]
    assert len(errors) == 1 and "page=4" in errors[0] and "French" in errors[0], built.output


# ------------------------------------------------------------------ scans and bad input

def test_a_scanned_annex_is_listed_not_dropped_silently(variants, tmp_path):
    """Pages 5–9 as images: the printed pages are read, the scanned ones listed in one warning."""
    tree, reporter = read(variants["scanned-pages-5-9"])
    (message,) = warnings(reporter, "page-without-text")
    assert "pages 5–9" in message
    assert model.document_info(tree).symbol == "A/RES/78/72"
    built, checked = build(variants["scanned-pages-5-9"], tmp_path / "out")
    assert built.exit_code == 0 and checked.exit_code == 0
    assert "pages 5–9" in checked.output and "OCR" in checked.output


BAD = {
    "zero-bytes": "empty",
    "truncated-60": "truncated",
    "user-password": "password",
    "scanned": "OCR",
    "3000-blank-pages": "no text",
}


@pytest.mark.parametrize("variant", sorted(BAD))
def test_bad_input_is_one_clear_error_exit_4(variants, variant, tmp_path):
    path = variants[variant]
    built, checked = build(path, tmp_path / "out")
    assert built.exit_code == 4 and checked.exit_code == 4, built.output + checked.output
    errors = [line for line in built.output.splitlines() if "error:" in line]
    assert len(errors) == 1 and str(path) in errors[0] and BAD[variant] in errors[0], built.output
    assert BAD[variant] in checked.output
    assert not list((tmp_path / "out").glob("*.xml"))


# ------------------------------------------------------------------ LibreOffice

@pytest.mark.parametrize("number", ["72", "197", "230"])
def test_libreoffices_pdf_of_our_docx_reads_back_as_the_uns_xml(libreoffice_pdfs, number):
    """The UN's XML → our DOCX → LibreOffice's PDF (a producer the UN uses too) → the PDF reader:
    the UN's model again.  78/72: a hanging paragraph cut by a page break went on as a paragraph
    of its own; 78/230: an italic run's overhang ate a space ('Taking note ofthe')."""
    stem = f"A_RES_78_{number}"
    tree, _ = read(libreoffice_pdfs[stem])
    expected, got = truth(stem), ours(tree)
    assert {k: got[k] for k in expected if got[k] != expected[k]} == {}


@pytest.fixture(scope="module")
def libreoffice_pdfs(tmp_path_factory):
    folder = tmp_path_factory.mktemp("libreoffice")
    stems = [f"A_RES_78_{n}" for n in ("72", "197", "230")]
    sources = [str(next(AKN4UN.glob(f"{stem}-*.xml"))) for stem in stems]
    result = CliRunner().invoke(cli, ["build", *sources, "--to", "docx", "-o", str(folder)])
    assert result.exit_code == 0, result.output
    docx = sorted(str(p) for p in folder.glob("*.docx"))
    assert len(docx) == 3
    profile = tmp_path_factory.mktemp("lo-profile")
    subprocess.run(["soffice", f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "pdf",
                    "--outdir", str(folder), *docx], check=True, capture_output=True, timeout=300)
    return {stem: folder / f"{stem}-EN.pdf" for stem in stems}
