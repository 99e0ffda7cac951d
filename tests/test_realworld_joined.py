"""Issue 13: a letter whose annex reproduces another document's masthead is one document; two
documents joined into one file are still refused.

The cases are made here from two official PDFs of ``../shared/realworld/pdf`` with PyMuPDF (a
test dependency): the Secretary-General's letter S/2025/395 (letter, annex, enclosure), whose
enclosure page keeps its running head ("S/2025/395"), its "Enclosure" heading and its foot, with
the first page of the report E/2025/8 reproduced below them (its own job number and barcode
left out, as an annex reproduction does); and the letter's first two pages followed by the
report's first page as published (a file holding two documents).
"""

from __future__ import annotations

import pymupdf
import pytest

from conftest import SHARED
from pipeline import ReadOptions, model, read_source
from pipeline.diagnostics import Reporter, SourceError

PDF = SHARED / "realworld" / "pdf"


def letter_with(annexed: bool) -> bytes:
    letter = pymupdf.open(PDF / "S_2025_395.pdf")
    report = pymupdf.open()
    report.insert_pdf(pymupdf.open(PDF / "E_2025_8.pdf"), from_page=0, to_page=0)
    if annexed:
        enclosure = letter[2]
        enclosure.add_redact_annot(pymupdf.Rect(0, 86, 612, 740))     # below "Enclosure", above the foot
        enclosure.apply_redactions()
        report[0].add_redact_annot(pymupdf.Rect(0, 730, 612, 792))    # the report's own job number, barcode
        report[0].apply_redactions()
        enclosure.show_pdf_page(pymupdf.Rect(30, 95, 30 + 612 * 0.9, 95 + 700 * 0.9), report, 0,
                                clip=pymupdf.Rect(0, 30, 612, 730))
    else:
        letter.delete_page(2)
        letter.insert_pdf(report)
    return letter.tobytes()


def test_a_letter_whose_annex_reproduces_a_reports_masthead_is_one_document():
    reporter = Reporter()
    tree = read_source(letter_with(annexed=True), "S_2025_395.pdf", reporter, ReadOptions(source_date_epoch=0))
    assert model.xpath(tree, "string(//a:FRBRWork/a:FRBRthis/@value)").endswith("/S-2025-395/!main")
    annexes = " ".join(" ".join(model.xpath(tree, "//a:attachments")[0].itertext()).split())
    assert "Trends and progress in international development cooperation" in annexes
    assert "E/2025/8" in annexes
    notes = [d for d in reporter.diagnostics if d.code == "annexed-document-masthead"]
    assert len(notes) == 1 and "E/2025/8" in notes[0].message and notes[0].pos.line


def test_two_documents_joined_into_one_file_are_still_refused():
    with pytest.raises(SourceError, match=r"page 3 begins another document \(E/2025/8\) after S/2025/395"):
        read_source(letter_with(annexed=False), "joined.pdf", Reporter(), ReadOptions(source_date_epoch=0))
