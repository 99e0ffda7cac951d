"""Issue 13: PDFs that cannot be read, and a UN-like PDF in a layout shared/ does not have.

Bad input is one clear message naming the file, exit 4, nothing written.  The UN-like PDF is
rendered here with WeasyPrint (a French report: masthead, running heads, folios, a job number,
numbered paragraphs, a note under its rule, a paragraph cut by the page break), so the reader
is held to the general rules of UN layout, not to the 32 files of shared/.
"""

from __future__ import annotations

import io
import subprocess
import sys

import pikepdf
import pytest
from click.testing import CliRunner

from pipeline import model, read_source
from pipeline.cli import cli
from pipeline.diagnostics import Reporter, SourceError
from pipeline.readers.text import ReadOptions

from conftest import SHARED

SMALL = SHARED / "realworld" / "pdf" / "A_RES_78_117.pdf"


def encrypted() -> bytes:
    out = io.BytesIO()
    with pikepdf.open(SMALL) as pdf:
        pdf.save(out, encryption=pikepdf.Encryption(owner="owner", user="user", R=6))
    return out.getvalue()


def scanned() -> bytes:
    """The first page as an image only: what a scanner gives."""
    import pypdfium2 as pdfium

    from pipeline.readers.pdf import PDFIUM_LOCK
    # Closed here, in this thread, under the reader's lock: a PDFium object left to the garbage
    # collector is closed in whatever thread collects it, which may be using PDFium meanwhile.
    with PDFIUM_LOCK:
        doc = pdfium.PdfDocument(SMALL)
        try:
            page = doc[0]
            bitmap = page.render(scale=1)
            image = bitmap.to_pil().copy()
            bitmap.close()
            page.close()
        finally:
            doc.close()
    out = io.BytesIO()
    image.save(out, "PDF")
    return out.getvalue()


BAD = {
    "encrypted": (encrypted, "encrypted"),
    "scanned": (scanned, "OCR"),
    "truncated": (lambda: SMALL.read_bytes()[: SMALL.stat().st_size // 2], "truncated"),
    "corrupt": (lambda: b"%PDF-1.7\n" + b"\x00 not a PDF body " * 100 + b"\n%%EOF\n", "damaged"),
}


@pytest.mark.parametrize("case", sorted(BAD))
def test_bad_pdf_is_one_clear_error_exit_4_nothing_written(case, tmp_path):
    make, words = BAD[case]
    source = tmp_path / f"{case}.pdf"
    source.write_bytes(make())
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["build", str(source), "--to", "akn,html", "-o", str(out)])
    assert result.exit_code == 4, result.output
    errors = [line for line in result.output.splitlines() if "error:" in line]
    assert len(errors) == 1 and str(source) in errors[0] and words in errors[0], result.output
    assert not out.exists() or not any(p.suffix in (".xml", ".html") for p in out.iterdir())
    check = CliRunner().invoke(cli, ["check", str(source)])
    assert check.exit_code == 4 and words in check.output


# ------------------------------------------------------------------ a UN-like PDF of our own

FRENCH_REPORT = """<!doctype html><html lang="fr"><head><meta charset="utf-8"><style>
@page { size: letter; margin: 72pt 60pt 72pt 60pt;
        @top-left { content: "A/80/999"; font: bold 8.5pt serif; }
        @bottom-left { content: counter(page) "/" counter(pages); font: bold 8.5pt serif; }
        @bottom-right { content: "25-01234"; font: 7pt serif; } }
@page :first { @top-left { content: none; } @bottom-left { content: "25-01234 (F)    120325"; font: 10pt serif; }
               @bottom-right { content: none; } }
body { font: 10pt/12pt serif; }
.mast { display: flex; justify-content: space-between; font-size: 14pt; }
.mast2 { display: flex; justify-content: space-between; }
.organ { font: bold 20pt serif; } .right { font-size: 10pt; }
h1 { font: bold 14pt serif; margin: 18pt 0 0 64pt; } h2 { font: bold 12pt serif; margin: 12pt 0 0 64pt; }
p { margin: 6pt 0 0 64pt; text-align: justify; } p.n { text-indent: -24pt; margin-left: 64pt; padding-left: 0; }
.sup { vertical-align: 3pt; font-size: 6.5pt; }
.rule { margin: 18pt 0 0 40pt; font-size: 8pt; } .note { font-size: 8.5pt; margin: 2pt 0 0 64pt; }
.brk { break-before: page; }
</style></head><body>
<div class="mast"><span>Nations Unies</span><span>A/80/999</span></div>
<div class="mast2"><span class="organ">Assemblée générale</span>
 <span class="right">Distr. générale<br>12 mars 2025<br>Français<br>Original : anglais</span></div>
<p style="margin-left:0;margin-top:40pt"><b>Quatre-vingtième session</b><br>Point 12 de l’ordre du jour</p>
<h1>Coopération internationale en matière de développement</h1>
<h2>Rapport du Secrétaire général</h2>
<h1>I. Introduction</h1>
<p class="n">1.&#9;Le présent rapport est soumis en application de la résolution 79/1 de l’Assemblée générale,<span class="sup">1</span> qui prie le Secrétaire général de rendre compte de la coopération internationale en matière de développement durable et de ses progrès dans toutes les régions du monde, en particulier dans les pays les moins avancés.</p>
<p class="n">2.&#9;Les États Membres ont souligné l’importance des partenariats et des données fiables pour mesurer les progrès accomplis vers la réalisation des objectifs de développement durable, et ils ont demandé que des indicateurs communs soient élaborés avec les organismes des Nations Unies.</p>
<div class="rule">__________________</div>
<p class="note"><span class="sup">1</span> Résolution 79/1, annexe.</p>
<p class="n brk">3.&#9;Le Secrétaire général recommande que l’Assemblée générale encourage les États Membres à renforcer la coopération Sud-Sud et la coopération triangulaire, qui complètent la coopération Nord-Sud sans s’y substituer, et à mobiliser des ressources nouvelles et additionnelles pour le développement.</p>
</body></html>"""


@pytest.fixture(scope="module")
def french_pdf() -> bytes:
    import weasyprint
    return weasyprint.HTML(string=FRENCH_REPORT).write_pdf()


def test_a_un_like_french_report_reads_by_its_layout(french_pdf):
    reporter = Reporter()
    tree = read_source(french_pdf, "N2501234.pdf", reporter, ReadOptions(source_date_epoch=0))
    info = model.document_info(tree)
    assert (info.symbol, info.language, info.date, info.original_language) == ("A/80/999", "fr", "2025-03-12", "en")
    doc = model.document_element(tree)
    paragraphs = model.xpath(doc, "a:mainBody//a:paragraph")
    assert [p.findtext(model.akn("num")) for p in paragraphs] == ["1.", "2.", "3."]
    notes = model.xpath(paragraphs[0], ".//a:authorialNote")
    assert [n.get("marker") for n in notes] == ["1"]
    assert "Résolution 79/1, annexe." in model.flow_text(notes[0], notes=True)
    text = model.content_text(tree)
    for furniture in ("25-01234", "2/2", "1/2"):
        assert furniture not in text
    dropped = [d for d in reporter.diagnostics if d.code == "furniture-dropped"]
    assert any("#page=2" in d.pos.path and "A/80/999" in d.message for d in dropped)


def test_a_language_that_cannot_be_told_stays_unknown(tmp_path):
    """A PDF with too little text to tell its language is refused with a hint, never guessed."""
    import weasyprint
    pdf = weasyprint.HTML(string="<p>United Nations</p><p>A/80/1</p><p>1. Xyz.</p>").write_pdf()
    with pytest.raises(SourceError, match="language"):
        read_source(pdf, "tiny.pdf", Reporter())


def test_pdfs_read_in_threads_at_once_give_the_same_models():
    """PDFium is not thread-safe: two threads reading two PDFs at once (as a resident builder or a
    threaded host may) must neither crash the process nor change a model. In a child process,
    so that a crash fails this test rather than ending the suite."""
    script = f"""
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from lxml import etree
from pipeline import Reporter, read_source
paths = sorted(Path({str(SHARED / "realworld" / "pdf")!r}).glob("A_RES_78_*.pdf"))[:6]
def read(path):
    return etree.tostring(read_source(path.read_bytes(), path.name, Reporter()))
alone = [read(p) for p in paths]
with ThreadPoolExecutor(3) as pool:
    for _ in range(3):
        assert list(pool.map(read, paths)) == alone
print("ok", len(paths))
"""
    proc = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert proc.stdout.split() == ["ok", "6"]
