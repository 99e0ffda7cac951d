"""Issue 13: the official PDFs of shared/realworld built to the output formats, through the validators.

AKN and HTML for each of the 14 reports, letters and other organs' documents (the AKN against
the OASIS schema, all HTML pages in one run of the Nu checker); every format — AKN, HTML, PDF,
EPUB, XLIFF — for three of them of different shapes (a letter with its annex, an ECOSOC report
with 31 notes, a resolution whose annex is a table), with EPUBCheck, the XLIFF 2.1 schema and
the PDF/UA facts.  A PDF costs about a second to write, so every format for all 14 is left to
``pipeline build`` (and the corpus tests hold the writers on their own).
"""

from __future__ import annotations

import concurrent.futures

import pikepdf
import pytest

from conftest import AKN_XSD, SHARED
from pipeline import model, read_source, write
from pipeline.diagnostics import Reporter
from pipeline.readers.text import ReadOptions
from pipeline.writers import WriteOptions
from validators import epubcheck, vnu
from validators import pdf as pdfcheck
from validators import xliff as xliffcheck

PDF_DIR = SHARED / "realworld" / "pdf"
OTHERS = sorted(p.stem for p in PDF_DIR.glob("*.pdf") if not p.stem.startswith("A_RES_"))
EVERY_FORMAT = ["S_2025_330", "E_2025_76", "A_RES_78_249"]
EPOCH = 1_700_000_000
OPTIONS = WriteOptions(source_date_epoch=EPOCH)


def read(stem: str):
    return read_source((PDF_DIR / f"{stem}.pdf").read_bytes(), f"{stem}.pdf", Reporter(),
                       ReadOptions(source_date_epoch=EPOCH))


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> dict:
    """{stem: {format: path}}: AKN and HTML for the reports, every format for EVERY_FORMAT."""
    folder = tmp_path_factory.mktemp("realworld-pdf")

    def build(stem: str) -> tuple[str, dict]:
        tree = read(stem)
        formats = [("akn", ".akn.xml", OPTIONS), ("html", ".html", OPTIONS)]
        if stem in EVERY_FORMAT:
            formats += [("pdf", ".pdf", OPTIONS), ("epub", ".epub", OPTIONS),
                        ("xliff", ".fr.xlf", WriteOptions(source_date_epoch=EPOCH, target_language="fr"))]
        paths = {}
        for fmt, suffix, options in formats:
            path = folder / f"{stem}{suffix}"
            path.write_bytes(write(tree, fmt, options))
            paths[fmt] = path
        return stem, paths

    with concurrent.futures.ThreadPoolExecutor(max_workers=2) as pool:
        return dict(pool.map(build, sorted(set(OTHERS) | set(EVERY_FORMAT))))


@pytest.mark.parametrize("stem", sorted(set(OTHERS) | set(EVERY_FORMAT)))
def test_akn_is_valid_against_the_oasis_schema(built, stem):
    path = built[stem]["akn"]
    published = model.parse_model(path.read_bytes(), path.name)
    model.validate(published, AKN_XSD)
    assert model.document_info(published).symbol.replace("/", "_").startswith(stem)


def test_vnu_finds_nothing_in_any_page(built):
    messages = vnu.check([paths["html"] for paths in built.values()])
    assert [str(m) for m in messages if m.kind in ("error", "warning")] == []


@pytest.mark.parametrize("stem", EVERY_FORMAT)
def test_every_format(built, stem):
    paths = built[stem]
    with pikepdf.open(paths["pdf"]) as pdf:
        assert "/StructTreeRoot" in pdf.Root and bool(pdf.Root.MarkInfo.Marked)
        assert str(pdf.Root.Lang) == "en"
    fonts = pdfcheck.pdffonts(paths["pdf"])
    assert fonts and [f.name for f in fonts if not f.embedded] == []
    report = epubcheck.check(paths["epub"])
    assert [str(m) for m in report.of("FATAL", "ERROR", "WARNING")] == []
    assert xliffcheck.schema_21().validate(xliffcheck._parse(paths["xliff"].read_bytes()))
