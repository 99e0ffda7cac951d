"""Issue 13: the cover (page 1's masthead and title block) of the UN's reports, letters and notes,
read from their official PDFs and from text extracts of them, is in its AKN4UN places.

What page 1 prints is read here independently of the pipeline, with PyMuPDF (fonts, sizes,
positions and the drawn frame of the summary box), by the UN's layout of a cover: the masthead
in the top fifth; under its rule, a block at the page's left margin (the session in bold, its
dates and the agenda item in roman, the agenda item's titles in bold); in the text column the
title (bold, the cover's largest size) and its subtitle (bold, smaller); the summary in a framed
box; an asterisk note at the page foot.  The model is held to it: masthead items in
``coverPage``, ``p.session`` (with ``session/@value``), ``p.sessionDates``, ``p.agendaItem``,
``p.agendaTitle``, ``longTitle/p/docTitle``, ``p.proponent`` (``docProponent``) or
``p.subtitle``, ``container name="summary"`` (its heading, then every word of the box, in
order), and the title's asterisk note an ``authorialNote`` at its call, its text nowhere else.
"""

from __future__ import annotations

import re
import subprocess
from functools import lru_cache

import pytest

from pipeline import model, read_source
from pipeline.diagnostics import Reporter
from pipeline.readers.text import ReadOptions

from conftest import SHARED
from realworld_truth import words_of

PDF_DIR = SHARED / "realworld" / "pdf"
STEMS = sorted(p.stem for p in PDF_DIR.glob("*.pdf") if not p.stem.startswith("A_RES_"))
#: The Official Records supplements open with a title page, not a masthead.
TITLE_PAGE = {"A_80_33", "A_80_38", "A_80_39"}
MASTHEAD = [s for s in STEMS if s not in TITLE_PAGE]

#: The session numbers the covers print (spelled out or as a year), reviewed by eye on page 1:
#: a joint document prints one per organ ("Seventy-ninth session", "Eightieth year").
SESSIONS = {"A_79_352": [79], "A_79_797": [79, 80], "A_79_989": [79, 80], "DP_2025_1": [2025],
            "E_2025_73": [2025], "E_2025_76": [2025], "E_2025_8": [2025]}
#: The agenda item's words in the six official languages.
AGENDA = re.compile(r"agenda|ordre du jour|programa|повестки|议程|جدول الأعمال", re.I)
SUMMARY = {"Summary", "Résumé", "Resumen", "Резюме", "摘要", "موجز"}


# ------------------------------------------------------------------ the PDF's page 1, independently

@lru_cache(maxsize=None)
def page_lines(stem: str, number: int) -> tuple[list[dict], float, float]:
    """PyMuPDF's lines of a page (text, box, size, bold, italic), the text size, and where the
    masthead ends (its lower rule)."""
    import pymupdf
    with pymupdf.open(PDF_DIR / f"{stem}.pdf") as doc:
        sizes: dict[float, int] = {}
        for page in list(doc)[:3]:
            for block in page.get_text("dict")["blocks"]:
                for line in block.get("lines", []):
                    for span in line["spans"]:
                        sizes[round(span["size"])] = sizes.get(round(span["size"]), 0) + len(span["text"].strip())
        page = doc[number - 1]
        lines = []
        for block in page.get_text("dict")["blocks"]:
            for line in block.get("lines", []):
                spans = [s for s in line["spans"] if s["text"].strip()]
                if not spans:
                    continue
                main = [s for s in spans if s["text"].strip() not in ("*", "**")]
                lines.append({
                    "text": " ".join("".join(s["text"] for s in line["spans"]).split()),
                    "spans": spans,
                    "x0": min(s["bbox"][0] for s in spans), "x1": max(s["bbox"][2] for s in spans),
                    "y0": min(s["bbox"][1] for s in spans), "y1": max(s["bbox"][3] for s in spans),
                    "size": max(round(s["size"], 1) for s in main or spans),
                    "bold": all(s["flags"] & 16 or "Bold" in s["font"] for s in main or spans),
                    "italic": all(s["flags"] & 2 or "Italic" in s["font"] for s in main or spans),
                })
        lines.sort(key=lambda l: (round(l["y1"]), l["x0"]))
        # The masthead ends at its lower rule (a thin line across the page); a title page has none.
        rules = [d["rect"].y0 for d in page.get_drawings() if d["rect"].height < 2 and d["rect"].width > 100
                 and d["rect"].y0 < 0.35 * page.rect.height]
        return lines, float(max(sizes, key=sizes.get)), max(rules, default=0.2 * page.rect.height)


@lru_cache(maxsize=None)
def box_words(stem: str) -> list[str]:
    """The words inside the summary's frame (the ruled box under the title), its heading aside,
    on page 1 and on the pages it continues on."""
    import pymupdf
    words: list[str] = []
    with pymupdf.open(PDF_DIR / f"{stem}.pdf") as doc:
        for page in list(doc)[:4]:
            # The frame's sides: thin vertical rules at the left and right of the page's text.
            sides = [d["rect"] for d in page.get_drawings() if d["rect"].width < 2 and d["rect"].height > 4]
            if not sides:
                break
            left = min(r.x0 for r in sides)
            spans = [r for r in sides if abs(r.x0 - left) < 2]
            top, bottom = min(r.y0 for r in spans), max(r.y1 for r in spans)
            for w in page.get_text("words"):
                x0, y0, x1, y1, text = w[:5]
                if y0 >= top - 1 and y1 <= bottom + 1 and x0 > left:
                    words.append(text)
    return words


@lru_cache(maxsize=None)
def truth(stem: str) -> dict:
    """What page 1 of the PDF prints, by the UN's cover layout (see the module docstring)."""
    lines, text_size, masthead_end = page_lines(stem, 1)
    below = [l for l in lines if l["y0"] > masthead_end and round(l["size"]) >= text_size - 0.5]
    title_start = next((l for l in below if l["bold"] and l["size"] > text_size + 1), None)
    facts: dict = {"left": [], "title": [], "subtitle": [], "summary": False, "star_note": None, "star_call": None}
    if title_start is None:
        return facts
    for l in below:
        if l is title_start:
            break
        facts["left"].append(l)
    title_size = max(l["size"] for l in below if l["bold"] and l["y0"] >= title_start["y0"] - 1)
    role = "title"
    previous = None
    for l in below[below.index(title_start):]:
        # (PyMuPDF's boxes of a line may open with a space: a chapter's number hangs further.)
        if l["x0"] < title_start["x0"] - 16 or not l["bold"] or re.match(r"^[IVXL]+\.\s", l["text"]):
            facts["summary"] = l["italic"] and l["text"] in SUMMARY
            break
        if role == "title" and (abs(l["size"] - title_size) > 0.6 or previous and l["y1"] - previous["y1"] > 1.3 * l["size"]):
            role = "subtitle"
        facts[role].append(l["text"])
        previous = l
    foot = [l for l in lines if l["y0"] > 2.5 * masthead_end and l["size"] < text_size - 0.5 and re.match(r"^\*\s", l["text"])]
    if foot:
        facts["star_note"] = foot[0]["text"][1:].strip()
        facts["star_call"] = next((l["text"] for l in lines if l["y0"] < foot[0]["y0"] and l["text"].endswith("*")
                                   and l["size"] >= text_size - 0.5), None)
    return facts


# ------------------------------------------------------------------ the model

@lru_cache(maxsize=None)
def read(stem: str, form: str = "pdf"):
    if form == "pdf":
        data, name = (PDF_DIR / f"{stem}.pdf").read_bytes(), f"{stem}.pdf"
    elif form == "pdftotext":
        data = subprocess.run(["pdftotext", str(PDF_DIR / f"{stem}.pdf"), "-"], capture_output=True, check=True).stdout
        name = f"{stem}.txt"
    else:
        import pymupdf
        with pymupdf.open(PDF_DIR / f"{stem}.pdf") as doc:
            data = "".join(page.get_text() for page in doc).encode("utf-8")
        name = f"{stem}.txt"
    reporter = Reporter()
    tree = read_source(data, name, reporter, ReadOptions(source_date_epoch=0))
    return model.document_element(tree)


def texts(doc, path: str) -> list[str]:
    return [" ".join(model.flow_text(el, notes=False).split()) for el in model.xpath(doc, path)]


def words(items) -> list[str]:
    return [w for item in items for w in words_of(item)]


# ------------------------------------------------------------------ masthead

@pytest.mark.parametrize("stem", MASTHEAD)
def test_the_masthead_items(stem):
    """Symbol(s), distribution, date and original language, each as page 1 prints it."""
    lines, _, masthead_end = page_lines(stem, 1)
    printed = " ".join(l["text"] for l in lines if l["y0"] < masthead_end)
    doc = read(stem)
    masthead = "a:coverPage/a:container[@name='masthead']/a:p/"
    symbol = re.sub(r"\s", "", texts(doc, masthead + "a:docNumber")[0])
    assert all(part in printed.replace(" ", "") for part in symbol.split("-"))
    assert texts(doc, masthead + "a:inline[@name='distribution']") == re.findall(r"Distr\.: \w+", printed)
    assert texts(doc, masthead + "a:docDate") == re.findall(r"\d{1,2} [A-Z][a-z]+ \d{4}", printed)[:1]
    assert texts(doc, masthead + "a:inline[@name='originalLanguage']") == re.findall(r"Original: [A-Z][a-z]+", printed)


# ------------------------------------------------------------------ session, agenda item

@pytest.mark.parametrize("stem", MASTHEAD)
def test_the_session_and_agenda_block(stem):
    """The left block under the masthead: its words, in order, are the preface's session, session
    dates, agenda item and agenda titles (a joint document's two columns, one organ after the
    other); the agenda item is its own paragraph, as printed; each bold line after it is an
    agenda title of its own; the session numbers are those printed."""
    facts = truth(stem)
    doc = read(stem)
    cover = "a:preface/a:p[@class='session' or @class='sessionDates' or @class='agendaItem' or @class='agendaTitle']"
    left = facts["left"]
    assert sorted(words(texts(doc, cover))) == sorted(words(l["text"] for l in left))
    agenda = [l for l in left if AGENDA.search(l["text"]) and not l["bold"]]
    assert texts(doc, "a:preface/a:p[@class='agendaItem']") == [l["text"].rstrip("*") for l in agenda]
    if agenda:
        after = [l["text"] for l in left[left.index(agenda[-1]) + 1:] if l["bold"]]
        assert texts(doc, "a:preface/a:p[@class='agendaTitle']") == after
        dates = [l["text"] for l in left[:left.index(agenda[0])] if not l["bold"]]
        assert texts(doc, "a:preface/a:p[@class='sessionDates']") == dates
    values = [int(v) for v in model.xpath(doc, "a:preface/a:p[@class='session']/a:session/@value")]
    assert values == SESSIONS.get(stem, [])


# ------------------------------------------------------------------ title, subtitle

@pytest.mark.parametrize("stem", STEMS)
def test_the_title(stem):
    """The title is the bold lines in the cover's largest size, and only they."""
    facts = truth(stem)
    doc = read(stem)
    assert texts(doc, "a:preface/a:longTitle") == [" ".join(facts["title"]).rstrip("*").strip()]


@pytest.mark.parametrize("stem", MASTHEAD)
def test_the_subtitle(stem):
    """The bold lines under the title ("Report of the Secretary-General", "Note by …", a
    session's dates) are the subtitle: ``docProponent`` for the Secretary-General's report."""
    facts = truth(stem)
    doc = read(stem)
    subtitle = texts(doc, "a:preface/a:p[@class='proponent' or @class='subtitle']")
    expected = [" ".join(facts["subtitle"]).rstrip("*").strip()] if facts["subtitle"] else []
    assert subtitle == expected
    if expected and expected[0] == "Report of the Secretary-General":
        assert texts(doc, "a:preface/a:p[@class='proponent']/a:docProponent") == expected


# ------------------------------------------------------------------ the title's note, the summary

@pytest.mark.parametrize("stem", [s for s in MASTHEAD if truth(s)["star_note"]] if PDF_DIR.exists() else [])
def test_an_asterisk_note_is_at_its_call(stem):
    """Page 1's asterisk note is an authorialNote at the line that calls it, its text nowhere
    else in the document."""
    facts = truth(stem)
    doc = read(stem)
    notes = model.xpath(doc, ".//a:authorialNote[@marker='*']")
    assert [" ".join(model.flow_text(n, notes=True).split()) for n in notes] == [facts["star_note"]]
    assert not notes[0].get(model.PL + "orphan")
    calling = notes[0].getparent()
    assert " ".join(model.flow_text(calling, notes=False).split()).endswith(facts["star_call"].rstrip("*").strip())
    elsewhere = [p for p in model.xpath(doc, ".//a:p[not(ancestor::a:authorialNote)]")
                 if facts["star_note"] in " ".join(model.flow_text(p, notes=False).split())]
    assert elsewhere == []


@pytest.mark.parametrize("stem", [s for s in MASTHEAD if truth(s)["summary"]] if PDF_DIR.exists() else [])
def test_the_summary_box(stem):
    """The summary is a block of its own: its heading, then every word of the framed box, in
    order (notes aside), and nothing else."""
    doc = read(stem)
    (summary,) = model.xpath(doc, "a:preface/a:container[@name='summary']")
    heading, *paragraphs = [p for p in summary if p.tag == model.akn("p")]
    assert heading.get("class") == "heading" and model.flow_text(heading).strip() in SUMMARY
    boxed = words_of(" ".join(box_words(stem)))
    assert boxed[0] in {w.lower() for w in SUMMARY}
    assert words(model.flow_text(p, notes=False) for p in paragraphs) == boxed[1:]


# ------------------------------------------------------------------ text extracts of the same PDFs

#: Where a text extract does not yet give the cover the PDF gives (each a strict xfail, to be
#: removed the day it passes).  (PyMuPDF's extract of DP/2025/1, whose page 1 ran on into page 2,
#: is read since its pages are told apart by the bare page number under the running head's symbol.)
EXTRACT_SHORT: set[tuple[str, str]] = set()


def extract_params(measure: str, stems: list[str]):
    return [pytest.param(s, form, marks=pytest.mark.xfail(strict=True, reason="issue 13: extract cover"))
            if (s, measure) in EXTRACT_SHORT or (s, f"{measure}:{form}") in EXTRACT_SHORT else (s, form)
            for s in stems for form in ("pymupdf", "pdftotext")]


@pytest.mark.parametrize("stem,form", extract_params("session", [s for s in MASTHEAD if s in SESSIONS]))
def test_an_extract_gives_the_session_block(stem, form):
    """Without fonts, a text extract's session, session dates and agenda item are those the PDF
    prints, in their places, as read from the PDF."""
    facts = truth(stem)
    doc = read(stem, form)
    values = [int(v) for v in model.xpath(doc, "a:preface/a:p[@class='session']/a:session/@value")]
    assert values == SESSIONS[stem]
    agenda = [l for l in facts["left"] if AGENDA.search(l["text"]) and not l["bold"]]
    assert texts(doc, "a:preface/a:p[@class='agendaItem']") == [l["text"].rstrip("*") for l in agenda]
    dates = [l["text"] for l in facts["left"][:facts["left"].index(agenda[0])] if not l["bold"]]
    assert texts(doc, "a:preface/a:p[@class='sessionDates']") == dates


@pytest.mark.parametrize("stem,form", extract_params(
    "summary", [s for s in MASTHEAD if truth(s)["summary"]] if PDF_DIR.exists() else []))
def test_an_extract_gives_the_summary_box(stem, form):
    """A text extract's summary is its own block, its heading then every word of the box."""
    doc = read(stem, form)
    (summary,) = model.xpath(doc, "a:preface/a:container[@name='summary']")
    heading, *paragraphs = [p for p in summary if p.tag == model.akn("p")]
    assert model.flow_text(heading).strip() in SUMMARY
    assert words(model.flow_text(p, notes=False) for p in paragraphs) == words_of(" ".join(box_words(stem)))[1:]


# ------------------------------------------------------------------ covers in other languages

#: A UN-like page 1 in another official language, made here (WeasyPrint): the layout rules are
#: the UN's, the words the language's.  {dir}: the page's direction; the cover's words by key.
COVER_PAGE = """<!doctype html><html lang="{lang}" dir="{dir}"><head><meta charset="utf-8"><style>
@page {{ size: letter; margin: 72pt 60pt 72pt 60pt;
        @bottom-left {{ content: "{job}"; font: 10pt serif; }} }}
body {{ font: 10pt/12pt serif; }}
.mast {{ display: flex; justify-content: space-between; font-size: 14pt; }}
.mast2 {{ display: flex; justify-content: space-between; }}
.organ {{ font: bold 20pt serif; }} .right {{ font-size: 10pt; }}
.left p {{ margin: 0; }} .left {{ margin-top: 40pt; width: 230pt; }} .sub {{ margin-inline-start: 14pt !important; }}
h1 {{ font: bold 14pt/17pt serif; margin: 18pt 0 0 0; margin-inline-start: 64pt; }}
h2 {{ font: bold 12pt serif; margin: 12pt 0 0 0; margin-inline-start: 64pt; }}
.box {{ border: 0.6pt solid black; margin-top: 18pt; padding: 6pt 24pt 6pt 12pt; }}
.box .head {{ font: italic 12pt serif; margin: 0; }}
p {{ margin: 6pt 0 0 0; margin-inline-start: 52pt; text-align: justify; }}
.foot {{ position: absolute; bottom: 40pt; font-size: 8.5pt; margin-inline-start: 64pt; }}
</style></head><body>
<div class="mast"><span>{un}</span><span>A/80/999</span></div>
<div class="mast2"><span class="organ">{organ}</span>
 <span class="right">{distr}<br>{date}<br>{original}</span></div>
<div class="left"><p><b>{session}</b></p><p>{dates}</p><p>{item}</p>
<p><b>{heading}</b></p><p class="sub"><b>{sub1}</b></p><p class="sub"><b>{sub2}</b></p></div>
<h1>{title}</h1>
<h2>{subtitle}*</h2>
<div class="box"><p class="head">{summary}</p><p>{text}</p></div>
<h1 style="margin-inline-start: 40pt">I.&#9;{text_head}</h1>
<p>1.&#9;{text}</p>
<p class="foot">* {note}</p>
</body></html>"""

COVERS = {
    # A Human Rights Council report: the Council and its session on two bold lines; an agenda
    # title that wraps in the block's column.
    "en": dict(letter="E", un="United Nations", organ="General Assembly", distr="Distr.: General",
               date="12 March 2025", original="Original: English",
               session="Human Rights Council</b></p><p><b>Fifty-eighth session",
               dates="24 February–4 April 2025", item="Agenda items 2 and 3",
               heading="Annual report of the United Nations High Commissioner for Human Rights and reports of "
                       "the Office of the High Commissioner and the Secretary-General",
               sub1="Promotion and protection of all human rights, civil, political, economic, social and "
                    "cultural rights, including the right to development", sub2="Situation in the Sahel",
               title="Situation of human rights in the Sahel", subtitle="Report of the Secretary-General",
               summary="Summary", text_head="Introduction",
               text="The present report, submitted pursuant to Human Rights Council resolution 55/1, gives an "
                    "account of the situation of human rights in the Sahel during the period under review.",
               note="The present report was submitted late in order to reflect the most recent information."),
    "fr": dict(letter="F", un="Nations Unies", organ="Assemblée générale", distr="Distr. générale",
               date="12 mars 2025", original="Original : anglais", session="Quatre-vingtième session",
               dates="9 septembre 2025-8 septembre 2026", item="Point 13 f) et g) de l’ordre du jour",
               heading="Questions de coordination, questions relatives au programme et autres questions :",
               sub1="Pays d’Afrique qui sortent d’un conflit", sub2="Développement durable au Sahel",
               title="Appui intégré, cohérent et coordonné au Soudan du Sud et à la région du Sahel "
                     "apporté par le système des Nations Unies",
               subtitle="Rapport du Secrétaire général", summary="Résumé", text_head="Introduction",
               text="Le présent rapport, soumis en application des décisions 2024/344 et 2024/345 du Conseil "
                    "économique et social, donne un aperçu des efforts déployés par le système des Nations Unies "
                    "pour apporter un appui intégré, cohérent et coordonné.",
               note="Le présent rapport a été soumis tardivement afin de rendre compte des informations les plus récentes."),
    "es": dict(letter="S", un="Naciones Unidas", organ="Asamblea General", distr="Distr. general",
               date="12 de marzo de 2025", original="Original: inglés", session="Octogésimo período de sesiones",
               dates="9 de septiembre de 2025 a 8 de septiembre de 2026", item="Tema 13 f) y g) del programa",
               heading="Cuestiones de coordinación, de programas y de otra índole:",
               sub1="Países africanos que salen de situaciones de conflicto", sub2="Desarrollo sostenible en el Sahel",
               title="Apoyo integrado, coherente y coordinado a Sudán del Sur y a la región del Sahel por parte "
                     "del sistema de las Naciones Unidas",
               subtitle="Informe del Secretario General", summary="Resumen", text_head="Introducción",
               text="El presente informe, presentado en cumplimiento de las decisiones 2024/344 y 2024/345 del "
                    "Consejo Económico y Social, ofrece una visión general de los esfuerzos realizados por el "
                    "sistema de las Naciones Unidas.",
               note="El presente informe se presentó con retraso a fin de reflejar la información más reciente."),
}


#: An Arabic page 1 is the mirror image: the session block at the right margin.
RTL_COVER = dict(
    letter="A", un="الأمم المتحدة", organ="الجمعية العامة", distr="Distr.: General", date="12 March 2025",
    original="Original: English", session="الدورة الثمانون", dates="9 أيلول/سبتمبر 2025 - 8 أيلول/سبتمبر 2026",
    item="البند 13 من جدول الأعمال", heading="مسائل التنسيق والبرنامج والمسائل الأخرى:",
    sub1="البلدان الأفريقية الخارجة من النزاعات", sub2="التنمية المستدامة في منطقة الساحل",
    title="الدعم المتكامل والمتسق والمنسق المقدم من منظومة الأمم المتحدة إلى جنوب السودان ومنطقة الساحل",
    subtitle="تقرير الأمين العام", summary="موجز", text_head="مقدمة",
    text="يقدم هذا التقرير لمحة عامة عن الجهود المبذولة داخل منظومة الأمم المتحدة لتقديم الدعم المتكامل "
         "والمتسق والمنسق إلى جنوب السودان ومنطقة الساحل خلال الفترة المشمولة بالتقرير.",
    note="قدم هذا التقرير متأخرا ليعكس أحدث المعلومات والبيانات.")


def cover_pdf(lang: str, words: dict) -> bytes:
    import weasyprint
    # (No job number in the right-to-left page: WeasyPrint sets that run left to right, which no UN
    # page does, and the reader then takes it for text.)
    job = "" if lang == "ar" else f"25-01234 ({words['letter']})    120325"
    return weasyprint.HTML(string=COVER_PAGE.format(lang=lang, dir="rtl" if lang == "ar" else "ltr", job=job,
                                                    **words)).write_pdf()


def test_an_arabic_cover_is_read_as_the_mirror_image():
    """The cover's blocks of a right-to-left page, in their order and places.  (The words are
    compared only where they hold no lam-alef: WeasyPrint's Arabic text layer splits that ligature,
    the UN's does not.)"""
    data = cover_pdf("ar", RTL_COVER)
    doc = model.document_element(read_source(data, "cover-ar.pdf", Reporter(),
                                             ReadOptions(source_date_epoch=0, symbol="A/80/999", language="ar")))
    preface = doc.find(model.akn("preface"))
    places = [el.get("class") or el.get("name") or model.local(el) for el in preface]
    # (WeasyPrint's split ligature leaves its masthead unread, "األمم المتحدة": a line of its own.)
    places = places[places.index("session"):]
    assert places[:8] == ["session", "sessionDates", "agendaItem", "agendaTitle", "agendaTitle", "agendaTitle",
                          "longTitle", places[7]] and places[7] in ("proponent", "subtitle")
    assert places[8:] == ["summary"]
    assert texts(doc, "a:preface/a:p[@class='sessionDates']") == [RTL_COVER["dates"]]
    assert model.xpath(doc, "a:preface/a:p[@class='session']/a:session/@value") == ["80"]
    assert model.xpath(preface, "a:p[@class='proponent' or @class='subtitle']/a:authorialNote[@marker='*']")


@pytest.fixture(scope="module", params=sorted(COVERS))
def language_cover(request):
    lang = request.param
    words = COVERS[lang]
    data = cover_pdf(lang, words)
    doc = model.document_element(read_source(data, f"cover-{lang}.pdf", Reporter(),
                                             ReadOptions(source_date_epoch=0, symbol="A/80/999", language=lang)))
    return words, doc


def test_a_cover_in_another_language_is_read_by_its_layout(language_cover):
    """Session, its dates, agenda item, the item's heading and its two sub-items (each may wrap in
    the block's column), title, subtitle, the summary box and the title's asterisk note, by
    layout, in English (a Human Rights Council report: its session on two lines), French and
    Spanish."""
    words, doc = language_cover
    assert texts(doc, "a:preface/a:p[@class='session']") == [" ".join(re.sub("<[^>]+>", " ", words["session"]).split())]
    assert texts(doc, "a:preface/a:p[@class='sessionDates']") == [words["dates"]]
    assert texts(doc, "a:preface/a:p[@class='agendaItem']") == [words["item"]]
    assert texts(doc, "a:preface/a:p[@class='agendaTitle']") == [words["heading"], words["sub1"], words["sub2"]]
    assert texts(doc, "a:preface/a:longTitle") == [words["title"]]
    assert texts(doc, "a:preface/a:p[@class='proponent']/a:docProponent") == [words["subtitle"]]
    (note,) = model.xpath(doc, "a:preface/a:p[@class='proponent']//a:authorialNote[@marker='*']")
    assert " ".join(model.flow_text(note, notes=True).split()) == words["note"]
    (summary,) = model.xpath(doc, "a:preface/a:container[@name='summary']")
    assert [" ".join(model.flow_text(p).split()) for p in summary] == [words["summary"], words["text"]]


@pytest.mark.parametrize("stem,form", extract_params(
    "note", [s for s in MASTHEAD if truth(s)["star_note"]] if PDF_DIR.exists() else []))
def test_an_extract_gives_the_asterisk_note_at_its_call(stem, form):
    """A text extract's asterisk note under the text of a page that calls it is a note at its call."""
    facts = truth(stem)
    doc = read(stem, form)
    notes = model.xpath(doc, ".//a:authorialNote[@marker='*']")
    assert [" ".join(model.flow_text(n, notes=True).split()) for n in notes] == [facts["star_note"]]
    assert not notes[0].get(model.PL + "orphan")
    calling = notes[0].getparent()
    assert " ".join(model.flow_text(calling, notes=False).split()).endswith(facts["star_call"].rstrip("*").strip())


def test_running_text_at_the_margin_is_no_cover():
    """Paragraphs of running text set at the page's margin under the masthead, before a bold
    heading further right, are not taken for a session block (it is a narrow column)."""
    words = dict(COVERS["en"])
    text = " ".join([words["text"]] * 3)
    page = COVER_PAGE.replace('<div class="left">', f'<p style="margin-inline-start: 0">{text}</p>'
                                                    f'<p style="margin-inline-start: 0">{text}</p><div class="left" hidden>')
    import weasyprint
    data = weasyprint.HTML(string=page.format(lang="en", dir="ltr", job="25-01234 (E)    120325", **words)).write_pdf()
    doc = model.document_element(read_source(data, "margin.pdf", Reporter(),
                                             ReadOptions(source_date_epoch=0, symbol="A/80/999", language="en")))
    assert not texts(doc, "a:preface/a:p[@class='session' or @class='sessionDates' or @class='agendaItem' "
                          "or @class='agendaTitle']")
    assert text in " ".join(" ".join(model.flow_text(p).split()) for p in model.xpath(doc, ".//a:p"))
