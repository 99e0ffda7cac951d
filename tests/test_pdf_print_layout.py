"""Issue 13: the printed layout of documents other than letters and resolutions, measured beside
the UN's own print (styles/LAYOUT.md, "Reports and letters"): an Official Records volume's cover
and chapters, heading numbers, an agenda's hanging items, tables of figures, "[Original: …]"
lines and enclosures, a draft's sponsors, an Executive Board's masthead.

Each document is read from its official PDF (or, for a draft resolution, from a PDF printed by
tests/doctypes_sources.py) and printed on Letter paper; pdfplumber gives the words' positions,
sizes and fonts on both files.
"""

from __future__ import annotations

import doctypes_sources
import pdfplumber
import pytest

from pipeline import read_source, write
from pipeline.diagnostics import Reporter
from pipeline.readers.text import ReadOptions
from pipeline.writers import WriteOptions

from conftest import SHARED

EPOCH = 1_700_000_000


_PRINTED: dict = {}


def printed(source, tmp_path):
    """Our PDF of ``source`` (a path), Letter paper; each source laid out once per session."""
    if source in _PRINTED:
        return _PRINTED[source]
    tree = read_source(source.read_bytes(), source.name, Reporter(), ReadOptions(source_date_epoch=EPOCH))
    ours = tmp_path / (source.stem + ".ours.pdf")
    ours.write_bytes(write(tree, "pdf", WriteOptions(source_date_epoch=EPOCH, page_size="letter")))
    _PRINTED[source] = ours
    return ours


def official(stem):
    return SHARED / "realworld" / "pdf" / f"{stem}.pdf"


def lines(pdf, page_numbers=None):
    """[(page, top, x0, x1, size, bold, text)] of each text line (words grouped by pdfplumber)."""
    out = []
    with pdfplumber.open(pdf) as doc:
        for n, page in enumerate(doc.pages, 1):
            if page_numbers and n not in page_numbers:
                continue
            for line in page.extract_text_lines(return_chars=True, strip=True):
                chars = [c for c in line["chars"] if c["text"].strip()]
                if not chars:
                    continue
                size = round(max(c["size"] for c in chars), 1)
                bold = all("Bold" in c["fontname"] for c in chars)
                out.append((n, round(line["top"], 1), round(line["x0"], 1), round(line["x1"], 1),
                            size, bold, line["text"]))
    return out


def test_an_official_records_volume_has_a_cover_page_then_front_matter_then_chapters(tmp_path):
    """A/80/33: the cover alone on page 1 (no chapter, no paragraph), at the UN's positions; each
    "Chapter N" opens a page, at the block's left in 14 pt bold, its title under it."""
    ours = printed(official("A_80_33"), tmp_path)
    page_one = [l for l in lines(ours, {1})]
    text = " ".join(l[6] for l in page_one)
    assert "Supplement No. 33" in text and "Chapter" not in text and "Special Committee held" not in text
    theirs = {l[6]: l for l in lines(official("A_80_33"), {1})}
    for line in page_one:
        if line[6] in ("United Nations", "Report of the Special", "General Assembly", "Official Records"):
            assert abs(line[1] - theirs[line[6]][1]) < 3 and abs(line[4] - theirs[line[6]][4]) < 1, (line, theirs[line[6]])
    labels = [l for l in lines(ours) if l[6].startswith("Chapter ") and l[4] == 14]
    assert [l[6] for l in labels] == ["Chapter I", "Chapter II", "Chapter III", "Chapter IV", "Chapter V"]
    with pdfplumber.open(ours) as doc:
        for label in labels:
            body = [l for l in doc.pages[label[0] - 1].extract_text_lines() if l["top"] > 65]
            assert body[0]["text"] == label[6]                    # it opens its page (under the head)
    assert all(abs(l[2] - 59.5) < 1 and l[5] for l in labels)     # block's left, bold


def test_an_agendas_items_hang(tmp_path):
    """A/80/33, para. 8: item 5 wraps, its second line starts where its text starts (x 170.9 in the
    UN's, 23.7 pt right of the label), not at the column."""
    ours = printed(official("A_80_33"), tmp_path)
    found = lines(ours)
    i = next(k for k, l in enumerate(found) if l[6].startswith("5. Consideration of the questions"))
    label, after = found[i], found[i + 1]
    assert after[6].startswith(("resolution", "79/125")), after
    assert abs(label[2] - 146.3) < 1                                  # the label in the indent
    assert abs(after[2] - (label[2] + 23.8)) < 1, (label, after)      # the text's line, hanging


def test_chapter_headings_are_14pt_with_the_number_ending_short_of_the_column(tmp_path):
    """E/2025/8: "I. Introduction" in 14 pt bold, the number set right so that it ends about 10 pt
    short of the column as the UN's ("I." at x 102.1, "VIII." at 80.8, each ending at 111)."""
    ours = printed(official("E_2025_8"), tmp_path)
    with pdfplumber.open(ours) as doc:
        numbers = []
        for page in doc.pages:
            for w in page.extract_words(extra_attrs=["size", "fontname"]):
                if w["size"] > 13.9 and w["text"].rstrip(".") in ("I", "II", "III", "IV", "V", "VI", "VII", "VIII"):
                    numbers.append(w)
    assert [w["text"] for w in numbers] == ["I.", "II.", "III.", "IV.", "V.", "VI.", "VII.", "VIII."]
    column = 122.5
    for w in numbers:
        assert "Bold" in w["fontname"]
        assert 8 < column - w["x1"] < 13, w


def test_table_figures_stay_on_one_line_and_are_set_right(tmp_path):
    """A/RES/78/249's annex: every figure on one line ("63 930 800", "(2 061 900)"), the figures of
    a column ending at the same x; the cells 8.5 pt, the head cells not bold."""
    ours = printed(official("A_RES_78_249"), tmp_path)
    found = lines(ours)
    text = "\n".join(l[6] for l in found)
    for figure in ("63 930 800", "58 552 400", "(2 061 900)", "(1 897 200)", "65 459 100", "27 553 750"):
        assert figure in text, figure
    with pdfplumber.open(ours) as doc:
        page = doc.pages[-1]
        words = page.extract_words(extra_attrs=["size", "fontname"])
    ends = {}
    for w in words:
        if w["text"] in ("400", "500", "100", "750", "900", "900)", "200)", "800"):
            ends.setdefault(round(w["x1"] / 40), set()).add(round(w["x1"], 1))
    assert len(ends) == 2 and all(len(v) == 1 for v in ends.values()), ends     # two columns, flush
    gross = next(w for w in words if w["text"] == "Gross")
    assert "Bold" not in gross["fontname"] and gross["size"] < 8.5


def test_original_line_is_set_right_and_an_enclosure_opens_a_page(tmp_path):
    """S/2025/330: "[Original: Arabic, …]" ends at the column's end, in a box starting past the
    middle (the UN's from x 298); "Enclosure" opens its page at the block's left."""
    ours, theirs = printed(official("S_2025_330"), tmp_path), official("S_2025_330")
    mine = [l for l in lines(ours) if l[6].startswith("[Original:")]
    official_lines = [l for l in lines(theirs) if l[6].startswith("[Original:")]
    assert len(mine) == len(official_lines) == 2
    for a, b in zip(mine, official_lines):
        assert abs(a[2] - b[2]) < 4 and abs(a[3] - b[3]) < 3, (a, b)
    with pdfplumber.open(ours) as doc:
        opening = [[l for l in p.extract_text_lines() if l["top"] > 65][0] for p in doc.pages]
    enclosure = [l for l in opening if l["text"] == "Enclosure"]
    assert len(enclosure) == 1 and abs(enclosure[0]["x0"] - 59.5) < 1


def test_a_drafts_sponsors_are_in_roman_at_body_size(tmp_path):
    """A draft resolution's "Argentina, …: draft resolution" in roman 10 pt over the 12 pt title."""
    document, facts = doctypes_sources.DOCUMENTS["A_C.3_79_L.12"]()
    source = tmp_path / "A_C.3_79_L.12.pdf"
    source.write_bytes(doctypes_sources.pdf(document))
    ours = printed(source, tmp_path)
    found = lines(ours, {1})
    sponsor = next(l for l in found if l[6] == facts["sponsor"])
    title = next(l for l in found if l[6] == facts["title"])
    assert sponsor[4] == 10 and not sponsor[5]
    assert title[4] == 12 and title[5] and 20 < title[1] - sponsor[1] < 28


def test_an_executive_boards_long_name_is_set_as_its_masthead(tmp_path):
    """DP/2025/1: the organ "Executive Board of the United Nations Development Programme, …" in
    17 pt bold (20 pt would run it below the rule), the thick rule under it at y 196 as the UN's,
    "Distr.: General" at x 396 (the UN's 395.7)."""
    ours = printed(official("DP_2025_1"), tmp_path)
    found = lines(ours, {1})
    organ = [l for l in found if l[5] and l[4] == 17]
    assert organ and organ[-1][6] == "Project Services"
    with pdfplumber.open(ours) as doc:
        distr = next(w for w in doc.pages[0].extract_words() if w["text"] == "Distr.:")
    assert abs(distr["x0"] - 395.7) < 2
    with pdfplumber.open(ours) as doc:
        rules = [r for r in doc.pages[0].rects if r["width"] > 400 and r["height"] < 3] + \
                [r for r in doc.pages[0].lines if r["width"] > 400]
        thick = [r for r in doc.pages[0].rects if r["width"] > 400 and r["height"] > 100]
    bottoms = {round(r["bottom"]) for r in rules + thick}
    assert any(190 < b < 200 for b in bottoms), bottoms
    assert organ[-1][1] + 17 < min(b for b in bottoms if b > 150)


def test_a_joint_letters_session_block_and_annex_are_set_as_the_uns(tmp_path):
    """A/79/989-S/2025/511: the session block in two columns, "Security Council" / "Eightieth year"
    at x 348 beside "General Assembly" / "Seventy-ninth session" (each organ on its own line); the
    annex ("Annex to the letter dated …", a heading in our model) opens page 2 in 12 pt bold."""
    ours, theirs = printed(official("A_79_989"), tmp_path), official("A_79_989")
    def session_words(pdf):
        with pdfplumber.open(pdf) as doc:
            words = [w for w in doc.pages[0].extract_words() if 200 < w["top"] < 245]
        return {w["text"]: (w["x0"], w["top"]) for w in words
                if w["text"] in ("General", "Seventy-ninth", "Security", "Eightieth")}

    a, b = session_words(ours), session_words(theirs)
    assert set(a) == set(b) == {"General", "Seventy-ninth", "Security", "Eightieth"}
    for word in a:
        assert abs(a[word][0] - b[word][0]) < 1.5 and abs(a[word][1] - b[word][1]) < 4, (word, a, b)
    assert a["Seventy-ninth"][1] > a["General"][1] + 10      # the organ on a line of its own
    mine = lines(ours, {2})
    annex = [l for l in mine if l[0] == 2 and l[1] > 65][0]
    assert annex[6].startswith("Annex to the letter dated") and annex[4] == 12 and annex[5]


def test_print_roles_are_marked_in_other_languages_and_forms():
    """The marks print.css sets apart, on short pages: a French "[Original : anglais]" line, a
    Russian enclosure, a French agenda, figures with signs, brackets, percentages and dashes (and
    words that are not figures), a Spanish Official Records subtitle."""
    import lxml.html

    from pipeline.writers.pdf import mark_print_roles

    root = lxml.html.fromstring(
        '<html><body><div class="masthead"><div class="masthead-lines"><p class="organ">Security Council</p>'
        '</div></div><main><div class="preface"><h1>T</h1>'
        '<p class="subtitle">Asamblea General Documentos Oficiales Octogésimo período de sesiones '
        'Suplemento núm. 33</p></div>'
        '<section class="annex"><h2>Annexe</h2><div class="para"><p>[Original : anglais]</p></div>'
        '<div class="para"><p>[Original: English] and more text in the same paragraph</p><p>x</p></div>'
        '<section class="subheading"><h3>Вложение</h3></section></section>'
        '<div class="para"><p>La Commission a adopté l’ordre du jour suivant :</p>'
        '<ol class="blockList"><li><p>Ouverture</p></li></ol>'
        '<p>Elle a examiné les points suivants (a) à (c) :</p><ol class="blockList"><li><p>a</p></li></ol></div>'
        '<table><tr><th>Item</th><th>2024</th><th>Note</th></tr>'
        '<tr><td>Staff</td><td>(2 061 900)</td><td>see below</td></tr>'
        '<tr><td>Rate</td><td>12.5 %</td><td>–</td></tr>'
        '<tr><td>Posts</td><td>–</td><td>3 posts</td></tr></table>'
        '<section class="subheading"><h2>Chapitre IV</h2></section>'
        '</main></body></html>')
    mark_print_roles(root)
    assert [p.text for p in root.xpath("//p[contains(@class,'original-line')]")] == ["[Original : anglais]"]
    assert root.xpath("//section[contains(@class,'enclosure')]/h3")[0].text == "Вложение"
    assert [ol.get("class") for ol in root.xpath("//ol")] == ["blockList agenda", "blockList"]
    figures = [c.text_content() for c in root.xpath("//*[contains(@class,'figure')]")]
    assert figures == ["2024", "(2 061 900)", "12.5 %", "–", "–"]
    assert root.xpath("//section[contains(@class,'chapter-label')]/h2")[0].text == "Chapitre IV"
    assert root.find("body").get("class") == "official-records"
    assert [s.text for s in root.xpath("//p[@class='subtitle records-line']/span")] == [
        "Asamblea General", "Documentos Oficiales", "Octogésimo período de sesiones", "Suplemento núm. 33"]
    assert root.xpath("//p[contains(@class,'organ')]")[0].get("class") == "organ"     # short: 20 pt


def test_the_summary_box_spans_the_block_as_the_uns(tmp_path):
    """E/2025/8: the summary's box from x 60 to 552.8 (21 mm from each edge of the page), "Summary"
    at x 72.3, the paragraph's first line indented 23.7 pt, its other lines at the column."""
    ours = printed(official("E_2025_8"), tmp_path)
    with pdfplumber.open(ours) as doc:
        page = doc.pages[0]
        boxes = [r for r in page.rects if r["width"] > 400 and r["height"] > 100 and r["top"] > 250]
        words = page.extract_words()
    assert boxes and abs(boxes[0]["x0"] - 60) < 1 and abs(boxes[0]["x1"] - 552.6) < 1, boxes
    summary = next(w for w in words if w["text"] == "Summary")
    assert abs(summary["x0"] - 72.3) < 1
    first = next(w for w in words if w["text"] == "In" and w["top"] > summary["top"])
    assert abs(first["x0"] - (122.5 + 23.8)) < 1


@pytest.mark.parametrize("stem", ["A_80_38", "A_80_39"])
def test_an_official_records_cover_lists_the_sessions_the_report_covers(stem, tmp_path):
    """A/80/38 and A/80/39: under the 28 pt title, each session the report covers in 20 pt bold,
    its dates on a line of their own ("Eighty-eighth session" / "(13–31 May 2024)"), as the UN's
    cover sets them; the title's lines break where the UN's do."""
    ours, theirs = printed(official(stem), tmp_path), official(stem)
    mine = [l for l in lines(ours, {1}) if 150 < l[1] < 470]
    official_lines = [l for l in lines(theirs, {1}) if 150 < l[1] < 470]
    assert [l[6] for l in mine] == [l[6] for l in official_lines]
    for a, b in zip(mine, official_lines):
        assert abs(a[1] - b[1]) < 3 and abs(a[4] - b[4]) < 1 and a[5] == b[5], (a, b)
