"""The printed document: the document model in, a tagged PDF/UA-1 file in UN layout out.

The page is the accessible HTML of ``html.py`` reworked for print (``print_document``):

* each footnote body (``aside.footnote``) moves to its call and becomes an inline
  ``<span class="fn" id="fn_<n>" data-marker="…">`` styled ``float: footnote``, so WeasyPrint
  sets it at the foot of the page of its call; the call itself is the ``::footnote-call``
  pseudo-element (a real superscript of the marker, not a Unicode superscript character);
  the HTML back-links go, as the call has no anchor in print;
* the skip link, the table of contents and the footer (screen furniture) go; the PDF's
  bookmarks, the masthead and the running header do their work;
* paragraph numbers stop being self-links and move into the first line of their paragraph;
* a letter's body is ``body.letter`` and its signature block ``p.signature`` (then
  ``p.signature-line``): print.css sets its title in 12 pt and the signature right;
* runs of Latin-script words inside a Chinese, Arabic or Russian text carry ``lang="en"`` (and
  ``dir="ltr"`` in Arabic) from ``html.py``; the PDF structure element gets ``/Lang``;
* Chinese is justified between characters, adjacent full-width marks compressed and no
  paragraph left with a one- or two-character last line (``pdf_cjk``);
* the style is ``styles/print.css`` after a ``:root`` block with the language's font stacks
  and the page size of ``WriteOptions.page_size``.

``render_document`` lays that page out with WeasyPrint (memoized per tree and options, so a
build writing PDF and EPUB lays out once; the EPUB writer reads its page breaks from it),
keeping every footnote on the page of its call (WeasyPrint 70 would move a note to the next
page to fit one more line of a later paragraph: see ``_InColumn``) and every line of a justified
paragraph as full as it fits (WeasyPrint 70 could leave one word alone on it:
``weasyprint_line_break``), and
``write_pdf`` writes it with ``pdf_variant="pdf/ua-1"``, fixing the structure tree on the way
(``pdf_tags``: notes, artifacts, languages, fonts).
"""

from __future__ import annotations

import collections
import contextvars
import hashlib
import re
import sys
import threading

import lxml.html
from lxml import etree

from .. import model
from ..diagnostics import WriterError
from ..languages import Language
from . import PAGE_SIZE, WriteOptions, pdf_furniture
from .html import H, font_stack, html_document, language_css, stylesheet

#: WeasyPrint's PDF variant: PDF 1.7, tagged, PDF/UA-1 identification in XMP.
PDF_VARIANT = "pdf/ua-1"

#: Page sizes accepted in WriteOptions.page_size (shared with the CLI's option check).
_PAGE_SIZE = PAGE_SIZE

# ------------------------------------------------------------------ print HTML

def print_document(tree: etree._ElementTree, options: WriteOptions) -> lxml.html.HtmlElement:
    """The HTML page that is laid out for print (see the module docstring)."""
    info = model.document_info(tree)
    lang = info.lang
    root = html_document(tree, options)
    body = root.find("body")
    head = root.find("head")
    for el in body.xpath("a[contains(@class,'skip-link')] | .//nav | footer"):
        el.getparent().remove(el)
    _notes_to_calls(root, info.source_name or "<model>")
    for header in body.xpath("header"):
        header.tag = "div"  # tagged Div, not NonStruct; the class stays "masthead"
    hang_paragraph_numbers(root)
    mark_letters_and_signatures(root)
    set_record_columns(root)
    mark_print_roles(root)
    _break_symbols_at_spaces_only(root)
    for number in root.xpath("//h1/span[@class='docNumber']"):
        # "78/117." hangs left of the column: the title starts at the column, not a space in.
        number.tail = (number.tail or "").lstrip(" ") or None
    if lang.code == "zh":
        from . import pdf_cjk
        pdf_cjk.prepare(body)
    # The PDF's Info and XMP: WeasyPrint takes /Subject (dc:description) from the page's
    # description and /Keywords (pdf:Keywords) from its keywords: the symbol, the issue date,
    # the job number.
    keywords = [k for k in (info.symbol, info.date, info.job_number) if k]
    head.find("title").addnext(H("meta", name="keywords", content=", ".join(k.replace(",", " ") for k in keywords)))
    style = head.find("style")
    style.text = ("\n" + print_css(lang, options.page_size)
                  + pdf_furniture.first_page_foot_css(info.symbol, info.job_number, lang))
    return root


def _break_symbols_at_spaces_only(root: lxml.html.HtmlElement) -> None:
    """A document symbol never breaks at a slash (print.css: nowrap), but one with a space,
    "2254 (2015)", may break there, as in the UN's own PDFs: each word is a ``span.nobreak``."""
    for a in root.xpath("//a[@class='symbol' or @class='resolution'][not(*)]"):
        words = (a.text or "").split(" ")
        if len(words) < 2:
            continue
        a.set("class", a.get("class") + " spaced")
        a.text = None
        for i, word in enumerate(words):
            span = H("span", word, class_="nobreak")
            span.tail = " " if i < len(words) - 1 else None
            a.append(span)


#: "(Signed)" before a signatory's name, as the UN prints it in its six languages.
_SIGNED = re.compile(r"\s*[(（]\s*(?:Signed|Signé|Firmado|Подпись|签名|توقيع)\s*[)）]")
#: The title of a letter or note verbale (the UN's 12 pt title; a report's is 14 pt).
_LETTER_TITLE = re.compile(
    r"\s*(?:(?:identical\s+)?letters?\s+dated|note\s+verbale\s+dated"
    r"|lettres?\s+(?:identiques\s+)?datées?|note\s+verbale\s+datée"
    r"|cartas?\s+(?:idénticas\s+)?de\s+fecha|nota\s+verbal\s+de\s+fecha"
    r"|(?:идентичные\s+)?письм[оа]\b|вербальная\s+нота"
    r"|رسال(?:ة|تان)|مذكرة\s+شفوية)"
    r"|.*(?:的信|的同文信|的普通照会)\s*$", re.I | re.S)


def mark_letters_and_signatures(root: lxml.html.HtmlElement) -> None:
    """Mark what print.css sets as the UN sets a letter: ``body.letter`` for a letter or note
    verbale (its title, or a signature in its body), ``p.signature`` for the paragraph opening
    "(Signed)" and ``p.signature-line`` for the paragraphs after it in the same division (the
    signatory's title and office), all set right under the text."""
    body = root.find("body")
    for p in root.xpath("//main//div[@class='para']/p[1]"):
        if not _SIGNED.match(p.text_content()):
            continue
        p.set("class", "signature")
        if not p.xpath("ancestor::section"):
            body.set("class", " ".join(filter(None, [body.get("class"), "letter"])))
        para = p.getparent().getnext()
        while para is not None and para.tag == "div" and para.get("class") == "para" and \
                len(para) == 1 and para[0].tag == "p" and not _SIGNED.match(para[0].text_content()):
            para[0].set("class", "signature-line")
            para = para.getnext()
    title = root.xpath("//main/div[@class='preface']/h1")
    if title and _LETTER_TITLE.match(title[0].text_content()) and "letter" not in (body.get("class") or ""):
        body.set("class", " ".join(filter(None, [body.get("class"), "letter"])))


def set_record_columns(root: lxml.html.HtmlElement) -> None:
    """A verbatim record's proceedings (``body.verbatimRecord``: its debate sections) in one
    ``div.debateBody``, which print.css sets in two columns running on across its headings, as
    the UN prints a verbatim record under its cover."""
    if "verbatimRecord" not in (root.find("body").get("class") or "").split():
        return
    sections = root.xpath("//main/*[contains(concat(' ', @class, ' '), ' debateSection ')]")
    if not sections:
        return
    wrapper = lxml.html.Element("div", {"class": "debateBody"})
    sections[0].addprevious(wrapper)
    wrapper.extend(sections)


#: A line "[Original: English]" under an annex or enclosure heading, in the six languages.
_ORIGINAL_LINE = re.compile(r"\s*\[\s*(?:Original|Подлинный|原件|原文|الأصل)\b[^\]]*\]\s*$")
#: The heading of a letter's enclosure (it starts a page, as the UN prints it).
_ENCLOSURE = re.compile(r"\s*(?:Enclosure|Pièce\s+jointe|Apéndice|Вложение|附文|الضميمة)"
                        r"(?:\s+\S{1,6})?\s*$", re.I)
#: The heading of a letter's annex that the reader left a plain heading ("Annex to the letter dated
#: …"): it opens a page, as an annex does.
_ANNEX_HEADING = re.compile(r"\s*(?:(?:Annex|Annexe|Anexo|Приложение)\b|附件|المرفق|مرفق)", re.I)
#: A joint document's session line, the organ first ("Security Council Eightieth year").
_ORGAN_THEN_SESSION = re.compile(
    r"\s*(General Assembly|Security Council|Economic and Social Council|Assemblée générale"
    r"|Conseil de sécurité|Conseil économique et social|Asamblea General|Consejo de Seguridad"
    r"|Consejo Económico y Social|Генеральная Ассамблея|Совет Безопасности"
    r"|Экономический и Социальный Совет|大会|安全理事会|经济及社会理事会|الجمعية العامة|مجلس الأمن"
    r"|المجلس الاقتصادي والاجتماعي)\s+(\S.*?)\s*$", re.S)
#: The paragraph introducing an agenda, whose items the UN sets hanging ("…adopted the following
#: agenda:"), in the six languages.
_AGENDA_INTRO = re.compile(r"(?:\bagenda|ordre\s+du\s+jour|\bprograma|повестк|议程|جدول\s+الأعمال)"
                           r"[^:：]{0,80}[:：]\s*$", re.I)
#: The label of an Official Records chapter, "Chapter I", set on a line of its own at the block's
#: left over the chapter's title, each chapter on a new page.
_CHAPTER_LABEL = re.compile(r"\s*(?:Chapter|Chapitre|Capítulo|Глава)\s+[IVXLC\d]+\.?\s*$"
                            r"|\s*第[一二三四五六七八九十百]+章\s*$|\s*الفصل\s+\S+\s*$", re.I)
#: An organ's name longer than this many characters is set in 17 pt, the masthead growing to
#: hold it ("Executive Board of the United Nations Development Programme, the United Nations
#: Population Fund and the United Nations Office for Project Services", DP/2025/1).
_LONG_ORGAN = 60
#: A table cell holding a figure: "63 930 800", "(2 061 900)", "12.5", "–", "45 %", "$1,234", "3.2a".
_FIGURE = re.compile(r"\s*(?:[-−–—]|\(?[-−–]?\s*[$€£¥]?\s*\d[\d \u00a0\u202f,.]*\s*(?:%|per\s+cent)?\)?"
                     r"[a-z*]?)\s*$")
#: The subtitle of an Official Records volume ("General Assembly Official Records Eightieth
#: Session Supplement No. 33"), split where the UN's cover breaks it into lines.
_OFFICIAL_RECORDS = re.compile(
    r"\s*(?P<organ>.+?)\s+(?P<records>Official\s+Records|Documents\s+officiels|Documentos\s+Oficiales"
    r"|Официальные\s+отчеты)\s+(?P<session>.+?(?:Session|session|período\s+de\s+sesiones|сессия|"
    r"Year|année|Año|год))\s*(?P<supplement>(?:Supplement|Supplément|Suplemento|Дополнение)\b.*)?$",
    re.S)


def mark_print_roles(root: lxml.html.HtmlElement) -> None:
    """Mark what print.css sets apart as the UN's own print does (styles/LAYOUT.md, "Reports and
    letters"):

    * ``p.original-line``: "[Original: English]" under an annex's or enclosure's heading (set
      right in a box of the column's right part);
    * ``section.enclosure``: a letter's enclosure (a new page);
    * ``section.annex-heading``: a letter's annex the reader left a heading ("Annex to the
      letter dated …": a new page);
    * ``div.cover.joint``: a joint document's session block (a column per organ, each organ a
      ``span.organ`` on its own line);
    * ``ol.agenda``: the items of an agenda (hanging);
    * ``td.figure``, ``th.figure``: a table's cells holding figures and the heads over them (set
      right, never broken);
    * ``chapter-label`` on the section (or the number) of a heading "Chapter I" (a new page, the
      label at the block's left);
    * ``p.organ.long``: an organ's name too long for the masthead's 20 pt (an Executive Board's);
    * ``body.official-records``: an Official Records volume (a cover page of its own, the front
      matter, then the chapters).
    """
    for p in root.xpath("//main//div[@class='para']/p[1]"):
        if _ORIGINAL_LINE.match(p.text_content()) and len(p.getparent()) == 1:
            p.set("class", " ".join(filter(None, [p.get("class"), "original-line"])))
    for section in root.xpath("//main//section[not(contains(@class,'annex'))]"):
        heading = section.find("*")
        if heading is not None and heading.tag in ("h2", "h3", "h4", "h5") \
                and _ENCLOSURE.match(heading.text_content()):
            section.set("class", section.get("class") + " enclosure")
    for section in root.xpath("//main/section[contains(@class,'subheading')]"):
        heading = section.find("*")
        if heading is not None and heading.tag in ("h2", "h3") and _ANNEX_HEADING.match(heading.text_content()):
            section.set("class", section.get("class") + " annex-heading")
    sessions = root.xpath("//div[@class='cover']/p[@class='session']")
    if len(sessions) > 1:
        sessions[0].getparent().set("class", "cover joint")
        for p in sessions:
            _split_organ_from_session(p)
    for ol in root.xpath("//main//ol[@class='blockList']"):
        intro = ol.getprevious()
        if intro is not None and intro.tag == "p" and _AGENDA_INTRO.search(intro.text_content()):
            ol.set("class", "blockList agenda")
    for table in root.xpath("//main//table"):
        _mark_figures(table)
    for heading in root.xpath("//main//section/*[1][self::h2 or self::h3 or self::h4]"):
        num = heading.find("span[@class='num']")
        label = num if num is not None else heading
        if _CHAPTER_LABEL.match(label.text_content()):
            if num is not None:
                num.set("class", "num chapter-label")
            else:
                section = heading.getparent()
                section.set("class", section.get("class") + " chapter-label")
    for organ in root.xpath("//div[@class='masthead-lines']/p[@class='organ']"):
        if len(organ.text_content()) > _LONG_ORGAN:
            organ.set("class", "organ long")
    subtitles = root.xpath("//main/div[@class='preface']/p[@class='subtitle']")
    records = [p for p in subtitles if _OFFICIAL_RECORDS.match(p.text_content())]
    if records:
        _official_records_cover(root, records[0], [p for p in subtitles if p is not records[0]])


def _split_organ_from_session(p: lxml.html.HtmlElement) -> None:
    """"General Assembly Seventy-ninth session" as the UN sets a joint document's session block:
    the organ on a line of its own (``span.organ``) over its session."""
    span = p.find("span")
    holder = span if span is not None and len(span) == 0 else (p if len(p) == 0 else None)
    if holder is None:
        return
    m = _ORGAN_THEN_SESSION.match(holder.text or "")
    if m:
        holder.text = None
        organ = H("span", m.group(1), class_="organ")
        organ.tail = " " + m.group(2)
        holder.insert(0, organ)


def _mark_figures(table: lxml.html.HtmlElement) -> None:
    """``figure`` on each cell whose text is a figure, and on each head cell all of whose columns
    hold figures (the rows' columns counted with their ``colspan``)."""
    columns: dict[int, list[bool]] = {}
    heads: list[tuple[lxml.html.HtmlElement, range]] = []
    for row in table.iter("tr"):
        col = 0
        for cell in row:
            if cell.tag not in ("td", "th"):
                continue
            span = range(col, col + max(1, int(cell.get("colspan", "1") or 1)))
            col = span.stop
            text = cell.text_content().replace("\u2060", "").strip()
            if cell.tag == "th" or not text:
                if cell.tag == "th":
                    heads.append((cell, span))
                continue
            figure = bool(_FIGURE.match(text))
            if figure:
                cell.set("class", " ".join(filter(None, [cell.get("class"), "figure"])))
            for c in span:
                columns.setdefault(c, []).append(figure)
    for cell, span in heads:
        if all(columns.get(c) and all(columns[c]) for c in span):
            cell.set("class", " ".join(filter(None, [cell.get("class"), "figure"])))


def _official_records_cover(root: lxml.html.HtmlElement, subtitle: lxml.html.HtmlElement,
                            sessions: list[lxml.html.HtmlElement]) -> None:
    """An Official Records volume as the UN prints it: ``body.official-records``; its records
    line (``p.subtitle.records-line``) one line per part, as on the cover ("General Assembly" /
    "Official Records" / "Eightieth Session" / "Supplement No. 33"), each a ``span`` the
    stylesheet sets on its own line; the other subtitles, the sessions the report covers
    (``p.subtitle.session-line``), with their dates on a line of their own ("Eighty-eighth
    session" / "(13–31 May 2024)", ``span.dates``)."""
    body = root.find("body")
    body.set("class", " ".join(filter(None, [body.get("class"), "official-records"])))
    for p in sessions:
        p.set("class", "subtitle session-line")
        if len(p) == 0 and "(" in (p.text or "")[1:]:
            head, _, dates = p.text.partition("(")
            p.text = head.rstrip() + " "
            p.append(H("span", "(" + dates, class_="dates"))
    subtitle.set("class", "subtitle records-line")
    if len(subtitle):
        return          # marked-up text: left as it is
    parts = _OFFICIAL_RECORDS.match(subtitle.text_content()).groupdict()
    subtitle.text = None
    for name in ("organ", "records", "session", "supplement"):
        if parts[name]:
            subtitle.append(H("span", " ".join(parts[name].split()), class_=name))
            subtitle[-1].tail = " "
    subtitle[-1].tail = None


def hang_paragraph_numbers(root: lxml.html.HtmlElement) -> None:
    """Each paragraph number (``div.para > a.num``) into the first line of its paragraph, a
    ``span.num`` hanging in the indent: a page break can never leave it alone at the foot of a
    page, and the paragraph is one block (print.css, bilingual.css)."""
    for num in root.xpath("//div[@class='para']/a[@class='num']"):
        num.tag = "span"
        num.attrib.pop("href", None)
        first = num.getnext()
        if first is not None and first.tag == "p":
            num.drop_tree()          # keeps its tail
            num.tail = first.text
            first.text = None
            first.insert(0, num)


#: Page sizes in millimetres, for the margins that centre the UN's text column.
_PAGE_MM = {"a3": (297, 420), "a4": (210, 297), "a5": (148, 210), "b4": (250, 353), "b5": (176, 250),
            "jis-b4": (257, 364), "jis-b5": (182, 257), "letter": (215.9, 279.4),
            "legal": (215.9, 355.6), "ledger": (279.4, 431.8)}
_MM = {"mm": 1.0, "cm": 10.0, "in": 25.4, "pt": 25.4 / 72}

#: The UN's text column (styles/LAYOUT.md): 367 pt wide (129.5 mm), at least 20 mm from the edge.
_COLUMN_MM = 129.5
_MIN_SIDE_MM = 20.0
#: The masthead, the running head and its rule span a block 21 mm from each edge of the page.
_BLOCK_SIDE_MM = 21.0
#: The rule under the running head, from the top of the page; print.css's top margin (25.4 mm).
_HEAD_RULE_PT = 64.8
_TOP_MARGIN_PT = 72.0

#: Latin and Cyrillic documents are printed in Times New Roman; Liberation Serif has its metrics,
#: so lines break where the UN's do.  Chinese and Arabic keep their own faces.
_TIMES_METRIC = ("Liberation Serif",)


def _page_mm(size: str) -> tuple[float, float]:
    words = size.lower().split()
    if words[0] in _PAGE_MM:
        width, height = _PAGE_MM[words[0]]
        return (height, width) if words[1:] == ["landscape"] else (width, height)
    (a, ua), (b, ub) = (re.fullmatch(r"([\d.]+)([a-z]+)", w).groups() for w in words[:2])
    return float(a) * _MM[ua], float(b) * _MM[ub]


def print_css(lang: Language, page_size: str) -> str:
    size = " ".join(page_size.split())
    if not _PAGE_SIZE.match(size):
        raise WriterError(f"the page size {page_size!r} is not a CSS page size",
                          "use a keyword such as A4 or letter, or two lengths such as '210mm 297mm'")
    width, _ = _page_mm(size)
    side = max(_MIN_SIDE_MM, (width - _COLUMN_MM) / 2)
    root = language_css(lang)
    if lang.code not in ("zh", "ar"):
        fonts = _TIMES_METRIC + lang.serif_fonts
        root += (":root {\n"
                 f"  --font-serif: {font_stack(fonts, 'serif')};\n"
                 f"  --font-sans: {font_stack(fonts, 'serif')};\n"
                 "}\n")
    css = (root + f"@page {{ size: {size}; margin-left: {side:.2f}mm; margin-right: {side:.2f}mm; "
           f"background-size: {width - 2 * _BLOCK_SIDE_MM:.2f}mm 0.24pt; "
           f"background-position: {_BLOCK_SIDE_MM - side:.2f}mm {_HEAD_RULE_PT - _TOP_MARGIN_PT}pt; }}\n"
           f":root {{ --side: {side:.2f}mm; }}\n" + stylesheet("print.css"))
    if lang.direction == "rtl":
        # The short rule above the notes starts where the lines start (@page has no :dir()).
        css += "\n@page { @footnote { background-position: right top; } }\n"
    return css


#: U+2060, no break on either side (Unicode line breaking class WJ); drawn as nothing.
WORD_JOINER = "\u2060"


def _notes_to_calls(root: lxml.html.HtmlElement, source: str) -> None:
    """Move each ``aside.footnote`` into its call as a ``span.fn`` (print footnotes); a later call
    of a note (an ``a.noteref`` without id) stays a raised marker linked to it."""
    calls = {a.get("href")[1:]: a for a in root.xpath("//a[contains(@class,'noteref')][@href][@id]")}
    for aside in root.xpath("//aside[contains(@class,'footnote')]"):
        note_id = aside.get("id")
        call = calls.pop(note_id, None)
        if call is None:
            raise WriterError(f"{source}: the footnote {note_id} has no call in the text",
                              "every footnote body needs a call; check the model's authorialNote")
        span = H("span", class_="fn", id=note_id, data_marker=aside.get("data-marker"))
        for block in aside:
            if not isinstance(block.tag, str):
                continue
            for back in block.xpath(".//a[contains(@class,'backlink')]"):
                if back.tail:
                    back.tail = back.tail.lstrip(" ")
                back.drop_tree()
            inner = H("span", class_="fn-p")
            inner.text = block.text
            for child in list(block):
                inner.append(child)
            span.append(inner)
        span.tail = call.tail
        # No line break between a call and the word it is glued to ("thereto,¹¹" would otherwise
        # put the call at the start of the next line: a break is allowed after a comma).
        previous = call.getprevious()
        if previous is not None:
            previous.tail = (previous.tail or "") + WORD_JOINER
        else:
            call.getparent().text = (call.getparent().text or "") + WORD_JOINER
        call.getparent().replace(call, span)
        aside.getparent().remove(aside)
    if calls:
        name = next(iter(calls))
        raise WriterError(f"{source}: the footnote call {name} has no footnote body",
                          "every footnote call needs its body; check the model's authorialNote")


# --------------------------------------------------------------------- layout

_CACHE: "collections.OrderedDict[tuple, tuple]" = collections.OrderedDict()
_CACHE_LOCK = threading.Lock()
_CACHE_SIZE = 2


def _fingerprint(tree: etree._ElementTree) -> str:
    return hashlib.blake2b(etree.tostring(tree), digest_size=16).hexdigest()


def render_document(tree: etree._ElementTree, options: WriteOptions):
    """The laid-out print document (a ``weasyprint.Document``), memoized.

    The same tree object with the same content and options gives the same Document, so a
    build writing both PDF and EPUB lays the pages out once.  ``Document.pages[i]._page_box``
    holds the boxes of page ``i``; each box's ``element`` is the print HTML element it comes
    from (ids ``para_N``, ``sec_…``, ``fn_…`` as in ``html.py``).
    """
    # Every input of the layout: the tree, the options and the print stylesheet (a resident
    # process sees an edit of it).
    key = (id(tree), _fingerprint(tree), options, stylesheet("print.css"))
    with _CACHE_LOCK:
        hit = _CACHE.get(key)
        if hit is not None and hit[0] is tree:
            _CACHE.move_to_end(key)
            return hit[1]
    document = _render(tree, options)
    with _CACHE_LOCK:
        _CACHE[key] = (tree, document)
        while len(_CACHE) > _CACHE_SIZE:
            _CACHE.popitem(last=False)
    return document


def clear_layouts() -> None:
    """Forget every memoized layout (``build`` calls it after each task: memory stays bounded)."""
    with _CACHE_LOCK:
        _CACHE.clear()


def _render(tree: etree._ElementTree, options: WriteOptions):
    page = print_document(tree, options)
    forced: set[str] = set()
    while True:
        document = _layout(page, options)
        block = _deferred_note_block(document)
        if block is None or block in forced or len(forced) >= _MAX_FORCED_BREAKS:
            return document
        # WeasyPrint 70 makes room for a line of a paragraph at the foot of a page by moving
        # the page's last footnote to the next page, away from its call (its "report
        # footnotes" path ignores footnote-policy; Kozea/WeasyPrint #1564).  _InColumn stops
        # that; should a note still land after its call's page, starting that paragraph on
        # the next page keeps it there, at the cost of one more layout.
        forced.add(block)
        el = page.get_element_by_id(block)
        prev = el.getprevious()
        if prev is not None and prev.tag in ("h2", "h3", "h4") and el.getparent().tag == "section":
            el = el.getparent()  # never leave a heading alone at the foot of the page
        el.set("style", (el.get("style") or "") + "break-before: page;")


#: At most this many paragraphs are pushed to the next page to keep notes with their calls.
_MAX_FORCED_BREAKS = 8

_KEEP_NOTES: contextvars.ContextVar[bool] = contextvars.ContextVar("un_keep_notes", default=False)


class _InColumn:
    """``LayoutContext.in_column``, reading true in ``_linebox_layout`` while we lay out.

    WeasyPrint 70's ``_linebox_layout`` decides to move the page's last footnote to the next
    page (to fit one more line of a later paragraph) only when ``not context.in_column``; that
    read is the only one in that function.  Answering true there, and only there, makes it
    break the page before the line (orphans and widows respected) instead, which keeps each
    note on the page of its call in a single layout.  Every other reader, and every layout
    not made by this writer, sees the real value.  If a WeasyPrint release changes that code,
    nothing breaks: ``_render`` still checks the pages and re-lays out (the tests check too).
    """

    def __get__(self, obj, objtype=None):
        if obj is None:
            return self
        value = obj.__dict__.get("_un_in_column", False)
        if not value and _KEEP_NOTES.get() and sys._getframe(1).f_code is _LINEBOX_CODE[0]:
            return True
        return value

    def __set__(self, obj, value):
        obj.__dict__["_un_in_column"] = value


_LINEBOX_CODE: list = []


def _install_note_keeper() -> None:
    if _LINEBOX_CODE:
        return
    from weasyprint.layout import LayoutContext, block

    linebox = getattr(block, "_linebox_layout", None)
    if linebox is None:
        _LINEBOX_CODE.append(None)  # a different WeasyPrint: rely on the re-layout check
        return
    _LINEBOX_CODE.append(linebox.__code__)
    LayoutContext.in_column = _InColumn()


#: What WeasyPrint's ``LayoutContext`` keeps that only the layout reads: the computed style of
#: every element and of six pseudo-elements each (WeasyPrint's user-agent sheet gives every
#: element ``::marker``, ``::footnote-call``, ``::footnote-marker``, ``::note-call``,
#: ``::note-marker`` and ``::note-callback`` styles: 53,000 of the 62,000 styles of a 233-page
#: Chinese document), the page maker's states, the table and hyphenation caches, the targets
#: and running elements.  The context outlives the layout (each SVG image of the pages keeps
#: it, to fetch the images an SVG refers to when it is drawn), so all of it stayed alive while
#: the PDF was drawn and written: 70 MiB of the 437 MiB peak of that document.
_LAYOUT_ONLY = ("style_for", "page_maker", "target_collector", "string_set", "running_elements",
                "page_footnotes", "broken_out_of_flow", "_excluded_shapes", "_excluded_shapes_root_boxes",
                "tables", "dictionaries", "footnotes", "reported_footnotes", "current_page_footnotes")

_RELEASING: list = []


def _install_layout_release() -> None:
    """Wrap ``weasyprint.document.layout_document`` (once): after a layout made by this writer,
    drop what only the layout reads (:data:`_LAYOUT_ONLY`), set to None so that a later reader,
    should a WeasyPrint release add one, fails loudly instead of reading an empty value.  The
    boxes keep the styles they use; drawing, links, bookmarks and tags read only the boxes."""
    if _RELEASING:
        return
    import weasyprint.document

    layout_document = weasyprint.document.layout_document

    def layout_then_release(html, root_box, context, *args, **kwargs):
        pages = list(layout_document(html, root_box, context, *args, **kwargs))
        if _KEEP_NOTES.get():
            for name in _LAYOUT_ONLY:
                if hasattr(context, name):
                    setattr(context, name, None)
        return pages

    weasyprint.document.layout_document = layout_then_release
    _RELEASING.append(layout_then_release)


#: Each thread's font configuration and the state of the font folders it was made from.
_FONT_CONFIGS = threading.local()

#: Where fontconfig finds the fonts (its default configuration's folders).
FONT_FOLDERS = ("/usr/share/fonts", "/usr/local/share/fonts", "~/.local/share/fonts", "~/.fonts")


def font_configuration():
    """WeasyPrint's font configuration (fontconfig's fonts and Pango's font map), made once per
    thread and kept while the fonts on disk stay the same.

    Given none, WeasyPrint makes one for each document it lays out: fontconfig loads its
    configuration again and Pango's font map starts empty, so every face is opened and its
    caches filled anew at each layout, about 0.12 s of the sample's 1.2 s PDF (a resident
    rebuild, or each document of a batch worker after its first: measured in turns, 8 rounds,
    the same bytes each time).  Our stylesheets declare no ``@font-face`` (which would add
    fonts to the configuration), so one configuration serves every document.  It is made
    again when a font folder changes (a font package installed or upgraded), so that a long-
    running process lays out with the fonts a new one would find.  Pango's objects are not
    made to be used by two threads at once, hence one per thread (the worker processes, and
    the resident builder's layout worker, have one thread)."""
    from weasyprint.text.fonts import FontConfiguration

    state = _font_folders_state()
    held = getattr(_FONT_CONFIGS, "held", None)
    if held is None or held[0] != state:
        held = _FONT_CONFIGS.held = (state, FontConfiguration())
    return held[1]


def _font_folders_state() -> tuple:
    """Every folder under :data:`FONT_FOLDERS` with its modification time (a font added,
    removed or replaced changes its folder's)."""
    import os

    state = []
    for root in FONT_FOLDERS:
        for folder, _dirs, _files in os.walk(os.path.expanduser(root)):
            try:
                state.append((folder, os.stat(folder).st_mtime_ns))
            except OSError:
                continue
    return tuple(state)


_STYLESHEETS: "collections.OrderedDict[str, object]" = collections.OrderedDict()
_STYLESHEETS_KEPT = 8


def _parsed_stylesheet(css: str):
    """``css`` parsed by WeasyPrint (a ``weasyprint.CSS``), memoized on its text.

    Every layout used to parse the print stylesheet again from the page's ``<style>`` (20 KB:
    0.025 s of each resident rebuild and of each document of a batch).  A parsed stylesheet is
    only read by the layouts that use it (its selectors, its @page rules), so one serves every
    layout of the same text.  WeasyPrint gives a stylesheet passed to ``render`` the user
    origin rather than the author's: the same cascade here, since the page has no other
    stylesheet, none of its rules is ``!important`` and the inline styles (the forced page
    breaks) win over both."""
    import weasyprint

    with _CACHE_LOCK:
        hit = _STYLESHEETS.get(css)
        if hit is not None:
            _STYLESHEETS.move_to_end(css)
            return hit
    parsed = weasyprint.CSS(string=css)
    with _CACHE_LOCK:
        _STYLESHEETS[css] = parsed
        while len(_STYLESHEETS) > _STYLESHEETS_KEPT:
            _STYLESHEETS.popitem(last=False)
    return parsed


def _layout(page: lxml.html.HtmlElement, options: WriteOptions):
    import weasyprint

    from . import pdf_cjk, weasyprint_line_break

    _install_note_keeper()
    _install_layout_release()
    pdf_cjk.install()
    weasyprint_line_break.install()
    styles = page.xpath("//style | //link[@rel='stylesheet']")
    sheet = styles[0] if len(styles) == 1 and styles[0].tag == "style" and styles[0].text else None
    stylesheets = []
    if sheet is not None:
        # The page's one stylesheet, parsed once per process (see _parsed_stylesheet).
        stylesheets.append(_parsed_stylesheet(sheet.text))
        css, sheet.text = sheet.text, None
    try:
        html = lxml.html.tostring(page, doctype="<!DOCTYPE html>", encoding="utf-8", method="html")
    finally:
        if sheet is not None:
            sheet.text = css
    token = _KEEP_NOTES.set(True)
    try:
        document = weasyprint.HTML(string=html.decode("utf-8")).render(
            pdf_variant=PDF_VARIANT, stylesheets=stylesheets, font_config=font_configuration())
    finally:
        _KEEP_NOTES.reset(token)
    if options.source_date_epoch is not None:
        import datetime
        stamp = datetime.datetime.fromtimestamp(options.source_date_epoch, datetime.timezone.utc)
        document.metadata.created = document.metadata.modified = stamp.strftime("%Y-%m-%dT%H:%M:%SZ")
    return document


def _deferred_note_block(document) -> str | None:
    """The id of the block to start on a new page so that a deferred note stays with its call.

    Looks for the first footnote whose body is laid out on a later page than its call, and
    returns the last paragraph that begins on the call's page: the line that pushed the note
    away is that paragraph's first line.
    """
    from weasyprint.formatting_structure import boxes

    call_page: dict[str, int] = {}
    body_page: dict[str, int] = {}
    first_page: dict[str, int] = {}
    last_on_page: dict[int, list[str]] = {}

    def walk(box, index):
        if isinstance(box, boxes.FootnoteAreaBox):
            for child in box.children:
                if child.element is not None:
                    body_page.setdefault(child.element.get("id"), index)
            return
        tag = box.element_tag or ""
        if tag.endswith("::footnote-call"):
            call_page.setdefault(box.element.get("id"), index)
        elif isinstance(box, boxes.BlockBox) and box.element is not None and "::" not in tag:
            eid = box.element.get("id")
            if eid and box.element.get("class") == "para":
                first_page.setdefault(eid, index)
                last_on_page.setdefault(index, []).append(eid)
        for child in getattr(box, "children", ()) or ():
            walk(child, index)

    for index, page in enumerate(document.pages):
        walk(page._page_box, index)
    for note, page in call_page.items():
        if body_page.get(note, page) <= page:
            continue
        paras = [e for e in last_on_page.get(page, []) if first_page[e] == page]
        if not paras:
            return None
        return paras[-1]
    return None


def write_pdf(tree: etree._ElementTree, options: WriteOptions) -> bytes:
    """The tagged PDF/UA-1 file of the document."""
    from . import pdf_tags

    info = model.document_info(tree)
    document = render_document(tree, options)
    return pdf_tags.write_tagged(document, info.lang, pdf_variant=PDF_VARIANT)
