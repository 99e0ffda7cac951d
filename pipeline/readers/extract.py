"""Plain text extracted from an official UN PDF → pages of lines, for the page normaliser.

The forms users have: PyMuPDF's ``page.get_text()`` (pages joined with form feeds or without,
paragraphs apart by blank lines, calls glued to words: ``Countries,1``) and ``pdftotext`` (a form
feed between pages, no blank lines, a number alone on its line before its paragraph, note
markers apart from their bodies).  The text has no fonts and no positions, so each decision is
taken on the document's own evidence: a page ends at its furniture (folio, job number); a note
body opens with the note number that comes next (1, 2, 3…); a number in the text is a call only
when a note with that number is at the foot of the same page and it is the next call expected.
Doubtful cases are reported (``note-call-uncertain``, ``note-marker-uncertain``), never guessed
silently.  ``looks_like_extract`` tells such an extract from the cleaned-up text form the sample
has, by content.  Also read: pdf.js's text (what a browser's viewer copies: a line's runs joined
with nothing between them), ``pdftotext -layout``'s tables (``text_tables``; tables of figures too
narrow for runs of spaces, column by column: ``figure_tables``), extracts in the other official
languages (directional marks around right-to-left runs removed: ``bidi-controls-removed``), and
words hyphenated at line ends, joined where the document prints them whole (``hyphen-removed``).
"""

from __future__ import annotations

import functools
import re

from ..diagnostics import Reporter, SourcePos
from ..languages import LANGUAGES
from .layout import Line, Page, Span
from ..symbols import is_symbol, split_joint
from .pages import (BARCODE, FOLIO, JOB_NUMBER, NOTE_RULE, NUMERIC_CELL, ORGAN_KEYS, UN_NAMES, compact, furniture_kind,
                    is_recycling_notice, join_lines, masthead_date, masthead_key, read_paged)

NUMBER_ALONE = re.compile(r"^(?:\d{1,3}\.|\((?:[a-z]{1,3}|[ivxl]{1,6}|\d{1,2})\)|[IVXL]{1,6}\.|[A-Z]\.|\d{1,4}/\d{1,4}\.)$")
#: A section's heading line ("Section 1", over "Definitions"), and a paragraph number within a
#: section alone on its line ("1.1"): a number of that section only, not any decimal (a table's
#: "4.6").
#: A resolution's number before its title ("55/1. The right to food", its number put back before
#: the title's first line when printed apart): the title opens there, after the line of adoption.
RESOLUTION_NUMBER_LINE = re.compile(r"^\d{1,4}/\d{1,4}\.\s")
SECTION_LINE = re.compile(r"^(?:Section|Sección|Раздел)\s+(?P<num>\d{1,3})$")
SECTION_NUMBER_ALONE = re.compile(r"^(?P<section>\d{1,3})\.\d{1,3}\.?$")
#: A resolution's enacting formula, a line of its own in every UN resolution: the organ's name
#: (with its article) and a comma — "The General Assembly,", "The Executive Board,",
#: "L'Assemblée générale,", "La Asamblea General,", "Генеральная Ассамблея,", "大会，",
#: "إن الجمعية العامة،".  Organs the languages table does not name are matched in English form
#: (an article and capitalised words ending in a body's name).
ENACTING_FORMULA = re.compile(
    r"^(?i:(?:The|La|El|Le|Les|L['’]|إن)\s*)?(?i:" +
    "|".join(sorted((re.escape(n) for lang in LANGUAGES.values() for n in lang.organs.values()),
                    key=len, reverse=True)) +
    r")\s*[,،，]$|^The (?:[A-Z][\w’'-]*,? (?:(?:and|of|on|for|the|to) )*){0,6}"
    r"(?:Assembly|Council|Board|Commission|Committee|Conference|Parties|Forum),$")

def _preamble_openings() -> re.Pattern:
    from ..openings import OPENINGS
    # Not the italic words of tables' headers ("Category", "Gross") or of the formula.
    organs = [n.lower() for lang in LANGUAGES.values() for n in lang.organs.values()]
    phrases = {p.rstrip(",") for phrases in OPENINGS.values() for p in phrases
               if len(p) > 3 and not any(o in p.lower() for o in organs)
               and p.split()[0].lower() not in ("category", "catégorie", "categoría", "категория", "gross",
                                                "брутто", "cifras")}
    return re.compile("|".join(re.escape(p) for p in sorted(phrases, key=len, reverse=True)) +
                      r"|[A-Z][a-z]{3,}ing\b")


#: The opening words of a preambular paragraph ("Recalling", "Deeply convinced", "Rappelant",
#: "напоминая", …: those the UN's XML sets in italics, and any English participle).
PREAMBLE_OPENING = _preamble_openings()
NOTE_START = re.compile(r"^(?P<marker>\d{1,3}|\*{1,3})(?:\s+(?P<body>\S.*))?$")


def looks_like_extract(data: bytes) -> bool:
    """Is this text a page-by-page extract of a PDF (form feeds, job numbers, barcodes, folios,
    note rules) rather than the cleaned-up text form?  Two kinds of evidence are needed."""
    try:
        text = BIDI_CONTROLS.sub("", data.decode("utf-8", "replace"))
    except Exception:
        return False
    # Each column of a padded line apart: the job number beside "Please recycle" (-layout).
    lines = [part for l in furniture_apart(text.splitlines()) for part in re.split(r"\s{3,}", l.strip())]
    evidence = {
        "form feed": "\f" in text,
        "job number": any(JOB_NUMBER.match(compact(l)) for l in lines if l),
        "barcode": any(BARCODE.match(compact(l)) for l in lines if l),
        "folio": sum(bool(FOLIO.match(l)) for l in lines) >= 2,
        "note rule": any(NOTE_RULE.match(compact(l)) for l in lines if l),
        "recycling notice": any(is_recycling_notice(l) for l in lines if 0 < len(l) < 60),
    }
    return sum(evidence.values()) >= 2


#: Directional formatting characters (embeddings, overrides, isolates, marks) that pdftotext
#: sets around a right-to-left document's runs ("\u202b\u202a)A( 23-24913\u202c\u202c"): they
#: order the text for display, hold none of it, and hide its furniture from the reader.
BIDI_CONTROLS = re.compile("[\u200e\u200f\u202a-\u202e\u2066-\u2069]")


#: A page's last furniture glued to the next page's first line when pages are joined with no line
#: end between them (PyMuPDF's sorted text): "*2508352*S/2025/330", "3/9S/2025/330".
GLUED_FURNITURE = re.compile(r"^(?P<foot>\s*(?:\*\d{7}\*|\d{1,4}/\d{1,4}))(?P<head>[A-Z]{1,6}/\S+.*)$")
#: The first page's job number glued to the recycling notice beside it (PyMuPDF, a right-to-left
#: page: ")A( 23-24913الرجاء إعادة الاستعمال").
GLUED_JOB = re.compile(r"^(?P<job>\s*(?:[()]{1,2}[A-Z][()]{1,2} ?\d{2}-\d{5}|\d{2}-\d{5} ?\([A-Z]\)))\s*(?P<rest>\S.*)$")


#: A page's folio and job number glued together, in either order (pdf.js joins the runs of one
#: line with nothing between them): "9/2523-25871" (9/25, 23-25871), "25-007256/25".
GLUED_FOLIO = re.compile(r"^(?P<lead>\s*)(?:(?P<a>\d{1,3}/\d{1,3})(?P<b>\d{2}-\d{5}(?: ?\([A-Z]\))?)|"
                         r"(?P<job>\d{2}-\d{5})(?P<folio>\d{1,3}/\d{1,3}))\s*$")


def furniture_apart(lines: list[str], document: list[str] | None = None) -> list[str]:
    """Page furniture set on a line of its own: tools that pad columns with spaces (``pdftotext
    -layout``, PyMuPDF's sorted text) print a job number or barcode and the next page's running
    title, or the symbol and a line of the title, side by side on one line ("*2325871*      2025
    United Nations Conference …", "A/RES/78/128      the oceans, seas …"); a page joined to the
    next with no line end glues the last furniture to the next page's first line.  Such a line is
    cut where the columns stand apart, when one of its columns is furniture or the symbol alone
    (the symbol as the running heads of the whole ``document`` print it, when ``lines`` are a page's)."""
    out: list[str] = []
    # The document's symbol, as running heads print it: a symbol beside other text on two lines or
    # more (not a symbol a table lists once: "CEDAW/C/88/2      Report of the United Nations …").
    seen: dict[str, int] = {}
    for line in document or lines:
        for part in re.split(r"\s{3,}", line.strip()):
            if "/" in part and is_symbol(compact(part).rstrip("*")):
                seen[compact(part)] = seen.get(compact(part), 0) + 1
    for line in lines:
        glued = GLUED_FURNITURE.match(line)
        if glued and (is_symbol(compact(glued["head"]).rstrip("*")) or
                      is_symbol(glued["head"].split()[0].rstrip("*"))):
            line = glued["foot"] + "   " + glued["head"]
        job = GLUED_JOB.match(line)
        if job and is_recycling_notice(job["rest"]):
            line = job["job"] + "   " + job["rest"]
        folio = GLUED_FOLIO.match(line)
        if folio:
            line = folio["lead"] + "   ".join((folio["a"], folio["b"]) if folio["a"] else (folio["job"], folio["folio"]))
        parts = [p for p in re.split(r"\s{3,}", line.strip()) if p]
        if len(parts) > 1 and any(between_pages(p) or seen.get(compact(p), 0) >= 2 and is_symbol(compact(p).rstrip("*"))
                                  for p in parts) and \
                not all(between_pages(p) for p in parts) and not masthead_parts(" ".join(parts)):
            out.extend(parts)
        else:
            out.append(line)
    return out


def split_pages(text: str) -> list[list[str]]:
    """The pages of an extract: at form feeds; without them (pages glued: pypdf, pdfplumber, a
    scraper that joined its pages), at the page furniture between two pages (see ``glued_pages``)."""
    if "\f" in text:
        pages = text.split("\f")
        if pages and not pages[-1].strip():
            pages.pop()
        document = text.split("\n")
        return [furniture_apart(p.split("\n"), document) for p in pages]
    return glued_pages(furniture_apart(text.split("\n")))


#: The furniture that stands between two pages: folio, job number (and its date printed apart),
#: barcode, recycling notice, and those side by side ("2/25 23-25871").
PAGE_FURNITURE = ("page number", "job number", "barcode", "recycling notice", "page foot")


def between_pages(line: str) -> bool:
    flat = compact(line)
    if not flat or JOB_DATE.match(flat):
        return bool(flat)
    if FOLIO.match(line.strip()):
        return True
    words = line.split()
    if all(w.isdigit() and len(w) <= 3 for w in words):
        return False        # figures of a table ("1 005", "4 333 4 738"), a number alone
    return furniture_kind(line, [], 0, "foot") in PAGE_FURNITURE and not re.fullmatch(r"\d{1,3}", flat) or \
        len(words) >= 2 and all(FOLIO.match(w) or JOB_NUMBER.match(w) or JOB_DATE.match(w) for w in words)


def glued_pages(lines: list[str]) -> list[list[str]]:
    """Pages run together with no form feed: a page ends where the furniture between two pages
    stands — the foot of one (folio, job number) and the head of the next (running title,
    symbol), in either order as the extracting tool read them.  Such a run of lines is one
    "seam"; a line belongs to it when it is furniture, the document's symbol alone, or a line
    repeated as a running head is (a line seen at two or more seams).  The seam opens the next
    page, furniture last, so that the page's head reads as furniture; the first page's job
    number and barcode, printed under its masthead (PyMuPDF, pypdf), open no page: a seam ends
    a page only after three lines of text that are not the masthead."""
    furniture = [between_pages(l) for l in lines]
    # The document's symbol alone on a line: in the masthead, and repeated in the running heads
    # (not a symbol a note cites once: "A/78/744/Add.6.").
    symbols = [is_symbol(compact(l).rstrip("*")) or bool(split_joint(compact(l).rstrip("*")))
               for l in lines]
    seen: dict[str, int] = {}
    for line, symbol in zip(lines, symbols):
        if symbol:
            seen[compact(line)] = seen.get(compact(line), 0) + 1
    first = {compact(l) for l in [l for l in lines if l.strip()][:8]}
    symbol_alone = [symbol and (seen[compact(l)] >= 2 or compact(l) in first) for l, symbol in zip(lines, symbols)]
    # Lines next to furniture (within 4 lines) that recur: the running title, the symbol with it.
    near: dict[str, int] = {}
    for i, line in enumerate(lines):
        if line.strip() and not furniture[i] and any(furniture[max(0, i - 4): i + 5]):
            near[compact(line)] = near.get(compact(line), 0) + 1
    # A running head recurs on most pages (a third of the folios at least: not a note's "2024)."
    # that two page feet happen to hold).
    folios = sum(bool(FOLIO.search(l)) and furniture[i] for i, l in enumerate(lines))
    repeated = [bool(l.strip()) and near.get(compact(l), 0) >= max(2, folios // 3) and len(compact(l)) > 3
                and not NOTE_RULE.match(compact(l)) for l in lines]
    pages: list[list[str]] = [[]]
    text_lines = 0
    i = 0
    while i < len(lines):
        if not (furniture[i] or symbol_alone[i]):
            pages[-1].append(lines[i])
            if lines[i].strip() and not repeated[i] and not masthead_parts(lines[i]):
                text_lines += 1
            i += 1
            continue
        # A seam: furniture, the symbol, running head lines and blanks around them.
        start = i
        while start > 0 and (repeated[start - 1] or not lines[start - 1].strip()) and pages[-1]:
            start -= 1
            pages[-1].pop()
        end = i
        held: list[int] = []        # a page's last note lines printed among its furniture (pdftotext)
        while True:
            while end < len(lines) and (furniture[end] or symbol_alone[end] or repeated[end] or not lines[end].strip()):
                end += 1
            # Lines between two pieces of furniture are the page's last notes when the page has
            # its note rule and the next page's head (its symbol, running title) has not begun.
            # (Or, with no rule in the text (drawn as a line), when the page ends with note numbers
            # printed alone on their lines, as pdftotext prints them apart from their bodies.)
            tail = [l.strip() for l in pages[-1][-6:] if l.strip()]
            ruled = any(NOTE_RULE.match(compact(l) or "x") for l in pages[-1][-40:]) or \
                bool(tail) and bool(re.fullmatch(r"\d{1,3}", tail[-1]))
            among = [k for k in range(end, min(end + 20, len(lines))) if lines[k].strip()]
            stop = next((n for n, k in enumerate(among) if furniture[k]), None)
            if not stop or stop > (15 if ruled else 3) or \
                    any(symbol_alone[k] or repeated[k] for k in [*range(start, end), *among[:stop]]):
                break
            held += among[:stop]
            end = among[stop]
        seam = [k for k in range(start, end) if k not in held]
        # A page numbered with a bare number under the symbol of its running head ("DP/2025/1",
        # "2"): the number is the next page's when it is the count of pages so far plus one.
        if text_lines > 3 and end < len(lines) and not any(furniture[k] for k in seam) and \
                any(symbol_alone[k] for k in seam) and lines[end].strip() == str(len(pages) + 1):
            furniture[end] = True
            seam.append(end)
            end += 1
        if text_lines > 3 and any(furniture[k] for k in seam) and any(l.strip() for l in lines[end:]):
            pages[-1].extend(lines[k] for k in held)
            pages.append([lines[k] for k in seam if not furniture[k]] + [lines[k] for k in seam if furniture[k]])
            text_lines = 0
        else:
            pages[-1].extend(lines[start:end])
        i = end
    return [p for p in pages if any(l.strip() for l in p)]


def masthead_parts(line: str) -> list[str]:
    """The masthead items a line holds ("United Nations", "A/79/352", "Distr.: General", a
    date, "Original: English"), when it holds nothing else; [] otherwise.  Extracting tools
    put the masthead's two columns on one line ("General Assembly Distr.: General")."""
    words = line.split()
    if not words or len(words) > 12:
        return []
    if is_masthead_item(line):
        return [line.strip()]
    for k in range(1, len(words)):
        left, right = " ".join(words[:k]), " ".join(words[k:])
        if is_masthead_item(left) and is_masthead_item(right):
            return [left, right]
    return []


def is_masthead_item(text: str) -> bool:
    t = text.strip().rstrip("*").strip()
    flat, key = compact(t), masthead_key(t)
    return key in UN_NAMES or key in ORGAN_KEYS or is_symbol(flat) or bool(split_joint(flat)) \
        or t.startswith(("Distr.", "Distribution")) or bool(masthead_date(t)) or \
        bool(re.match(r"^(?:Original|Originale?|Оригинал|الأصل)\s*:\s*\S", t))


def masthead_columns(lines: list[str]) -> list[str]:
    """The first page's masthead as the masthead reader takes it: its two columns printed on
    one line are set three spaces apart ("General Assembly   Distr.: General"); the symbol's
    series letters, set larger and printed apart by some tools ("A S" above "United Nations
    /79/797- /2025/109", pdfplumber), are put back into it ("A/79/797-S/2025/109"); a symbol glued
    to the item beside it ("DP/2025/1*United Nations", pdf.js) is set apart."""
    lines = list(lines)
    heads = [i for i, l in enumerate(lines[:30]) if l.strip()][:14]
    for n, i in enumerate(heads):
        letters = lines[i].split()
        if not (1 <= len(letters) <= 2 and all(re.fullmatch(r"[A-Z]{1,6}/?", w) for w in letters)):
            continue
        for j in heads[n + 1: n + 4]:
            # (A Security Council resolution's year is a word of its symbol: "/RES/2719 (2023)".)
            words = re.sub(r"(?<=\d)\s(\(\d{4}\))(?=\s|$)", "\x00\\1", lines[j]).split()
            tail = words[-len(letters):]
            if len(words) < len(letters) or not all("/" in w for w in tail):    # (the rest alone: "/C.3/79/L.12")
                continue
            symbol = "".join(a + b for a, b in zip(letters, tail)).replace("\x00", " ")
            if is_symbol(symbol.rstrip("*")) or split_joint(symbol.rstrip("*")):
                lines[j] = " ".join(words[: -len(letters)]).replace("\x00", " ") + "   " + symbol
                lines[i] = ""
                break
    for i in heads:
        # The symbol glued to the item beside it (pdf.js joins a line's runs with nothing between
        # them: "DP/2025/1*United Nations").
        glued = re.match(r"^(?P<symbol>[A-Z][\w./()-]*?/[\w./()-]*?\d\*?)(?P<rest>[A-Z][a-z].*)$", lines[i].strip())
        if glued and is_symbol(glued["symbol"].rstrip("*")) and is_masthead_item(glued["rest"]):
            lines[i] = glued["symbol"] + "   " + glued["rest"]
        # (A right-to-left masthead's two columns glued where its script meets the Latin one:
        # "الأمــم المتحـدةA/RES/78/117", "الجمعية العامةDistr.: General", PyMuPDF.)
        for cut in re.finditer(r"(?<=[\u0600-\u06ff])(?=[A-Za-z0-9])|(?<=[A-Za-z0-9.*])(?=[\u0600-\u06ff])", lines[i]):
            left, right = lines[i][: cut.start()], lines[i][cut.start():]
            if left.strip() and right.strip() and is_masthead_item(left) and is_masthead_item(right):
                lines[i] = left.rstrip() + "   " + right.lstrip()
                break
        parts = masthead_parts(lines[i])
        if len(parts) == 2:
            lines[i] = "   ".join(parts)
    return lines


#: A job number without its date, and the date (DDMMYY) pdftotext prints on a line of its own.
JOB_UNDATED = re.compile(r"^\d{2}-\d{5}\*?(?:\([A-Z]\))?$")
JOB_DATE = re.compile(r"^(?:0[1-9]|[12]\d|3[01])(?:0[1-9]|1[0-2])\d\d$")


def job_number_dated(raw_lines: list[str]) -> list[str]:
    """The first page's job number, "23-26260 (E)", and its date, "030124", printed apart
    (pdftotext) are one piece of furniture: the date is put back on the job number's line (its own
    line left blank), so that it is dropped with it, not left in the text or in the last note."""
    jobs = [i for i, l in enumerate(raw_lines) if JOB_UNDATED.match(compact(l))]
    dates = [i for i, l in enumerate(raw_lines) if JOB_DATE.match(l.strip())]
    if len(jobs) != 1 or len(dates) != 1 or dates[0] < jobs[0] - 3:
        return raw_lines
    lines = list(raw_lines)
    lines[jobs[0]] = lines[jobs[0]].rstrip() + " " + lines[dates[0]].strip()
    lines[dates[0]] = ""
    return lines


def column_runs(line: str) -> list[tuple[int, str]]:
    """A padded line's runs of text and the character columns they start at (words one or two
    spaces apart are one run)."""
    return [(m.start(), m.group()) for m in re.finditer(r"\S+(?: {1,2}\S+)*", line)]


def text_tables(raw_lines: list[str], limit: int) -> dict[int, list | None]:
    """The tables of a page of an extract padded with spaces, in its first ``limit`` lines: runs
    of two rows or more (blank lines between them allowed) set in two columns or more, three
    spaces apart at least, that start at the same character positions, as ``pages.find_tables`` gives them: for each line of
    a table None, except its first line, which maps to the table's rows (is header, cells).  A
    line whose runs all start at the table's later columns (a cell's text wrapped onto the next
    line) goes on the row above; so does a line right under a row, with no blank between, that
    leaves the row's last column empty ("Chair)   (Kingdom of the)").  A paragraph's number
    before its text ("14.   The Committee") is no column."""
    runs = [column_runs(l) if l.strip() else [] for l in raw_lines[:limit]]

    def columned(i: int) -> bool:
        r = runs[i]
        # (Not the masthead's two columns, furniture side by side, a table of contents' leaders.)
        return len(r) >= 2 and not (len(r) == 2 and NUMBER_ALONE.match(r[0][1])) and \
            not all(is_masthead_item(t) for _, t in r) and not any(between_pages(t) for _, t in r) and \
            not re.search(r"(?:\. ?){4,}", raw_lines[i])

    def near(x: int, xs) -> bool:
        return any(abs(x - y) <= 1 for y in xs)

    result: dict[int, list | None] = {}
    i = 0
    while i < len(runs):
        if not columned(i):
            i += 1
            continue
        starts = [x for x, _ in runs[i]]
        members, rows_at, end, blank = [i], [i], i, 0
        j = i + 1
        while j < len(runs) and blank <= 2:
            if not runs[j]:
                blank += 1
                j += 1
                continue
            xs = [x for x, _ in runs[j]]
            if columned(j) and sum(near(x, starts) for x in xs) >= 2 and all(near(x, starts) or x > starts[0] for x in xs):
                starts += [x for x in xs if not near(x, starts)]
                rows_at.append(j)
            elif not all(near(x, starts[1:]) for x in xs):
                if not (len(xs) == 1 and near(xs[0], starts[:1]) and any(columned(k) for k in range(j + 1, min(j + 4, len(runs))))):
                    break       # text that is no cell of the table's columns
                rows_at.append(j)   # a label alone in the first column ("Reports of States Parties")
            members.append(j)
            end, blank = j, 0
            j += 1
        if len([k for k in rows_at if columned(k)]) < 2:
            i += 1
            continue
        # A column head wrapped onto the line above the table's first row, in its columns
        # ("Term of office expires" over "on 31 December").
        above = i - 1
        if above >= 0 and runs[above] and all(near(x, starts[1:]) for x, _ in runs[above]):
            members.insert(0, above)
        # The columns: the bands of character positions the body rows' runs cover (figures set
        # flush right start at different positions in one column), heads apart (a head may span
        # columns).
        body = [k for k in rows_at if columned(k)][1:]
        intervals = sorted((x, x + len(text)) for k in body or rows_at for x, text in runs[k])
        bands: list[list[int]] = []
        for x0, x1 in intervals:
            if bands and x0 <= bands[-1][1] + 1:
                bands[-1][1] = max(bands[-1][1], x1)
            else:
                bands.append([x0, x1])
        merged = [b[0] for b in bands]

        def column(x: int) -> int:
            return max([k for k, c in enumerate(merged) if c <= x + 1] or [0])

        rows: list[list[str]] = []
        previous = None
        for k in members[1:] if members[0] < i else members:
            cells: dict[int, str] = {}
            for x, text in runs[k]:
                cells.setdefault(column(x), text)
            first_empty = 0 not in cells
            last_empty = len(merged) - 1 not in cells
            joined = rows and (first_empty or previous == k - 1 and last_empty and len(cells) > 1 and
                               all(rows[-1][c] for c in range(len(merged)) if c in cells))
            if joined:
                for c, text in cells.items():
                    rows[-1][c] = (rows[-1][c] + " " + text).strip()
            else:
                rows.append(["" for _ in merged])
                for c, text in cells.items():
                    rows[-1][c] = text
            previous = k
        if members[0] < i:
            for c, text in ((column(x), text) for x, text in runs[members[0]]):
                rows[0][c] = (text + " " + rows[0][c]).strip()
        # Column heads: the first row, set apart from the body by a blank line, with no figure
        # or symbol in it.
        first_row = [k for k in members if k >= i]
        head = len(rows) > 2 and len(first_row) > 1 and first_row[1] > first_row[0] + 1 and \
            not any(NUMERIC_CELL.match(c) or "/" in c for c in rows[0])
        table = [(head and n == 0, [[Span(cell)] for cell in row]) for n, row in enumerate(rows)]
        result.update({k: None for k in members})
        result[members[0]] = table
        i = end + 1
    return result


#: A token of a figure in a table of figures: a dash for nothing, a number's first group of digits
#: (its thousands set apart by spaces: "10 599"), a group of three, with a decimal part, in
#: parentheses (a negative: "(12.7)"), a percentage, a note letter ("168b").
FIGURE_TOKEN = re.compile(r"^(?:[–—-]|\(?\d{1,3}(?:[.,]\d+)?\)?%?[a-z]?|\(?\d{1,3}|\d{3}(?:[.,]\d+)?\)?%?[a-z]?)$")
FIGURE_FIRST = re.compile(r"^(?:[–—-]|\(?\d{1,3}(?:[.,]\d+)?\)?%?[a-z]?)$")
FIGURE_GROUP = re.compile(r"^\d{3}(?:[.,]\d+)?\)?%?[a-z]?$")


def figure_cells(tokens: list[tuple[int, str]], groups: int = 4) -> list[list[int]]:
    """The ways a run of figure tokens may be cut into figures: each figure a first token
    ("10", "–", "(12.7)", "74.0") and the groups of three digits after it ("10 599", "(1 914.7)").
    Returns, for each token, the lengths (at most ``groups``) the figure starting there may have."""
    options = []
    for i, (_, token) in enumerate(tokens):
        lengths = []
        if FIGURE_FIRST.match(token) or re.fullmatch(r"\(?\d{1,3}", token):
            if FIGURE_FIRST.match(token):
                lengths.append(1)
            if token[-1:].isdigit() and "." not in token and not token.startswith(("–", "—", "-")):
                k = i + 1
                while k < len(tokens) and k - i < groups and FIGURE_GROUP.match(tokens[k][1]):
                    if tokens[k][0] - (tokens[k - 1][0] + len(tokens[k - 1][1])) != 1:
                        break       # (a thousands group is one space after the digits before it)
                    closes = not tokens[k][1][-1:].isdigit()
                    if not token.startswith("(") or tokens[k][1].endswith(")") or not closes:
                        lengths.append(k - i + 1)
                    if closes:
                        break
                    k += 1
            if token.startswith("(") and not token.endswith(")"):
                lengths = [n for n in lengths if n > 1 and tokens[i + n - 1][1].endswith(")")]
        options.append(lengths)
    return options


def figure_row(line: str) -> tuple[str, int, list[tuple[int, str]]] | None:
    """A line of a table of figures: its label (the words before the figures: "Renovation work",
    "0.0 per cent") and the tokens of its figures with their character columns; None when fewer
    than three figure tokens end it."""
    tokens = [(m.start(), m.group()) for m in re.finditer(r"\S+", line)]
    # A note's letter set apart after a figure ("270 b") is the figure's.
    for n in range(len(tokens) - 1, 0, -1):
        (x0, before), (x1, letter) = tokens[n - 1], tokens[n]
        if re.fullmatch(r"[a-z]", letter) and x1 == x0 + len(before) + 1 and FIGURE_TOKEN.match(before) and \
                before[-1:].isdigit():
            tokens[n - 1: n + 1] = [(x0, before + letter)]
    k = len(tokens)
    while k > 0 and FIGURE_TOKEN.match(tokens[k - 1][1]):
        k -= 1
    figures = tokens[k:]
    if len(figures) < 3:
        return None
    # The label ends at a word; the figures start two spaces at least after it (one after a
    # note's letter: "to next year b (12.7)").
    if k and figures[0][0] - (tokens[k - 1][0] + len(tokens[k - 1][1])) < 2 and \
            not re.fullmatch(r"[a-z]", tokens[k - 1][1]):
        return None
    label = " ".join(t for _, t in tokens[:k])
    return label, figures[0][0] if figures else len(line), figures


def cut_figures(figures: list[tuple[int, str]], edges: list[int], skip_cost: float = 3,
                groups: int = 4) -> list[str] | None:
    """A row's figure tokens cut into the table's columns, whose right edges are ``edges``
    (figures are set flush right, give or take the extracting tool's rounding of positions): of
    the ways of cutting the tokens into figures (``figure_cells``), the one whose figures end
    nearest their columns' edges, in order, a column left empty costing more than a figure a few
    characters off (``skip_cost``), a figure of at most ``groups`` groups of digits.  None when the tokens cannot be cut into at most as many figures as columns."""
    options = figure_cells(figures, groups)
    n, m = len(figures), len(edges)
    inf = float("inf")
    # best[i][j]: the cost of cutting tokens[i:] into columns[j:].
    best = [[inf] * (m + 1) for _ in range(n + 1)]
    choice: dict[tuple[int, int], tuple[str, int]] = {}
    for j in range(m + 1):
        best[n][j] = skip_cost * (m - j)
    for i in range(n - 1, -1, -1):
        for j in range(m - 1, -1, -1):
            skip = best[i][j + 1] + skip_cost
            if skip < best[i][j]:
                best[i][j], choice[i, j] = skip, ("skip", 0)
            for length in options[i]:
                last = figures[i + length - 1]
                end = last[0] + len(last[1])
                cost = abs(end - edges[j]) + best[i + length][j + 1]
                if cost < best[i][j]:
                    best[i][j], choice[i, j] = cost, ("cell", length)
    if best[0][0] == inf:
        return None
    cells, i, j = [], 0, 0
    while j < m:
        kind, length = choice.get((i, j), ("skip", 0)) if i < n else ("skip", 0)
        if kind == "skip":
            cells.append("")
        else:
            cells.append(" ".join(t for _, t in figures[i: i + length]))
            i += length
        j += 1
    return cells if i == n else None


def figure_tables(raw_lines: list[str], limit: int) -> dict[int, list | None]:
    """Tables of figures in a page of an extract padded with spaces (``pdftotext -layout``): rows
    of a label and three figures or more, set flush right in columns so narrow that the extracting
    tool puts one space between two figures ("10 599 27 612": two figures, their thousands set
    apart), which ``text_tables``' runs of spaces cannot cut.  The columns' right edges are read
    over all the table's lines: the ends of the figures that stand apart (a dash, a figure two
    spaces from the next) and of the column heads; each row is then cut into figures by the
    grammar of a figure ("10 599", "(12.7)", "–"), figure ends nearest the edges.  A label wrapped
    onto lines above its figures is joined to its row; head lines over the columns (their words
    set flush right too) are joined column by column, a blank line apart making another head row.
    Returns what ``text_tables`` returns: for each line of a table None, its first line the rows."""
    rows = {i: figure_row(raw_lines[i]) for i in range(min(limit, len(raw_lines))) if raw_lines[i].strip()}
    result: dict[int, list | None] = {}
    indices = sorted(i for i, r in rows.items() if r)
    groups: list[list[int]] = []
    for i in indices:
        if groups and all(not raw_lines[k].strip() or figure_row(raw_lines[k]) is None and
                          len(raw_lines[k].split()) <= 8 for k in range(groups[-1][-1] + 1, i)) and \
                i - groups[-1][-1] <= 6:
            groups[-1].append(i)
        else:
            groups.append([i])
    for group in groups:
        if len(group) < 3:
            continue
        body = [rows[i] for i in group]
        start = min(x for _, x, _ in body)
        # Column heads: the lines above the first row, blank lines (two at most) between them,
        # whose words stand over the figures (a caption at the margin, or a title alone, ends them).
        heads: list[int] = []
        k = group[0] - 1
        while k >= 0 and raw_lines[k].strip() and figure_row(raw_lines[k]) is None and \
                all(x + len(t) <= start for x, t in column_runs(raw_lines[k])):
            k -= 1          # the first row's label, wrapped onto lines above its figures
        first_body = k + 1
        blanks = 0
        while k >= 0 and blanks <= 2:
            line = raw_lines[k]
            if not line.strip():
                blanks += 1
                k -= 1
                continue
            runs = column_runs(line)
            if len(runs) < 2 or not any(x + len(t) > start for x, t in runs) or \
                    any(between_pages(t) for _, t in runs):
                break
            heads.insert(0, k)
            blanks = 0
            k -= 1
        # The right edges: where figures surely end — at the line's end, two spaces or more before
        # the next, before a token that cannot go on a figure ("599" before "27": a group of
        # thousands has three digits), or with a token that cannot go on ("–", "74.0", "(5.2)").
        ends: dict[int, int] = {}
        for _, _, figures in body:
            for n, (x, token) in enumerate(figures):
                end = x + len(token)
                if n + 1 == len(figures) or figures[n + 1][0] - end >= 2 or not FIGURE_GROUP.match(figures[n + 1][1]) \
                        or not token[-1:].isdigit() or "." in token or "," in token:
                    ends[end] = ends.get(end, 0) + 1
        # Edges two characters apart or less are one column's (the tool rounds positions).
        edges: list[list[int]] = []
        for end in sorted(ends):
            if edges and end - edges[-1][-1] <= 2:
                edges[-1].append(end)
            else:
                edges.append([end])
        # (An edge only one row of four or more shows is that row's drift: pdftotext sets a row
        # whose label runs long a few characters left.)
        edges = [e for e in edges if sum(ends[x] for x in e) >= (2 if len(body) >= 4 else 1)]
        columns = [max(e, key=lambda x: ends[x]) for e in edges]
        most = max(len(f) for _, _, f in body)
        if len(columns) < 3:
            continue
        # A figure has two groups of digits at most ("81 203 107 661" is two figures), unless a row
        # whose figures all stand apart (as many runs as columns) shows a wider one.
        groups = 2
        for _, _, figures in body:
            runs = [[figures[0]]]
            for before, (x, token) in zip(figures, figures[1:]):
                if x - (before[0] + len(before[1])) >= 2:
                    runs.append([])
                runs[-1].append((x, token))
            if len(runs) == len(columns):
                groups = max([groups] + [len(r) for r in runs if all(FIGURE_GROUP.match(t) for _, t in r[1:])])
        spacing = sorted(b - a for a, b in zip(columns, columns[1:]))
        cut = [cut_figures(f, columns, 4 * spacing[len(spacing) // 2], groups) for _, _, f in body]
        if any(c is None for c in cut) or sum(len([x for x in c if x]) for c in cut) < len(cut) * 2:
            continue
        table: list[tuple[bool, list]] = []
        # Head rows: a blank line apart makes another row; each word to the column whose edge is
        # the first at or after its end (set flush right), words in the label's place to the label.
        head_rows: list[list[str]] = []
        previous = None
        # (Heads are centred or set flush right: a piece of a head goes to the column whose edge
        # is nearest its end; a run of words one space apart is cut after a word ending by an edge
        # when the next word starts past it: "2014–2024 31 July 2024 December 2024".)
        for k in heads:
            if previous is None or k > previous + 1:
                head_rows.append(["" for _ in range(len(columns) + 1)])
            for run in re.finditer(r"\S+(?: \S+)*", raw_lines[k]):
                words = list(re.finditer(r"\S+", run.group()))
                pieces, piece = [], []
                for n, w in enumerate(words):
                    piece.append(w.group())
                    end = run.start() + w.end()
                    if n + 1 == len(words) or any(abs(end - e) <= 3 < run.start() + words[n + 1].start() - e + 3
                                                  for e in columns):
                        pieces.append((end, " ".join(piece)))
                        piece = []
                for end, text in pieces:
                    c = 0 if end <= start else 1 + min(range(len(columns)), key=lambda n: abs(columns[n] - end))
                    head_rows[-1][c] = (head_rows[-1][c] + " " + text).strip()
            previous = k
        for row in head_rows:
            table.append((True, [[Span(cell)] for cell in row]))
        members = list(heads)
        label_lines: list[str] = []
        for k in range(first_body, group[-1] + 1):
            members.append(k)
            if k in group:
                label, _, _ = rows[k]
                cells = cut[group.index(k)]
                label = functools.reduce(lambda a, b: a + join_lines(a, b) + b, label_lines + ([label] if label else []), "")
                table.append((False, [[Span(label)]] + [[Span(c)] for c in cells]))
                label_lines = []
            elif raw_lines[k].strip():
                label_lines.append(raw_lines[k].strip())
            else:
                label_lines = []
        if label_lines:
            members = [k for k in members if k <= group[-1]]
        # Lines between head and body (blank) belong to the table too.
        members = sorted(set(members) | set(range(members[0], group[-1] + 1)))
        result.update({k: None for k in members})
        result[members[0]] = table
    return result


def running_titles_first(pages: list[list[str]]) -> None:
    """A page's running title, printed under its running head's symbol ("A/RES/78/128", then
    "2025 United Nations Conference to Support …" on two or three lines), is put before the
    symbol, so that the page's head, up to its last piece of furniture, is the running head the
    page normaliser drops (and says it drops).  A running title is a line at the head of two pages
    or more, among their first six lines, that the first page's title block prints too; the
    head is the run of such lines, furniture and blank lines at the page's top."""
    if len(pages) < 3:
        return
    cover = compact("".join(pages[0][:60]))

    def head(lines: list[str]) -> list[int]:
        return [i for i, l in enumerate(lines) if l.strip()][:6]

    counts: dict[str, int] = {}
    for lines in pages[1:]:
        for i in head(lines):
            flat = compact(lines[i])
            counts[flat] = counts.get(flat, 0) + 1

    def furniture(line: str) -> bool:
        flat = compact(line)
        return between_pages(line) or is_symbol(flat.rstrip("*")) or bool(split_joint(flat.rstrip("*")))

    for lines in pages[1:]:
        titles, pieces, end = [], [], 0
        for i, line in enumerate(lines):
            flat = compact(line)
            if not flat:
                continue
            if furniture(line):
                pieces.append(i)
            elif counts.get(flat, 0) >= 2 and len(flat) > 3 and flat in cover and not NOTE_RULE.match(flat):
                titles.append(i)
            else:
                break
            end = i + 1
        if titles and pieces and max(titles) > min(pieces):
            lines[:end] = [lines[i] for i in titles] + [lines[i] for i in range(end) if i not in titles]


class ExtractPages:
    """Text lines → pages of :class:`Line`, with note calls and note markers found by evidence."""

    def __init__(self, name: str, reporter: Reporter) -> None:
        self.name, self.reporter = name, reporter
        self.next_note = 1          # the note number expected next at a page foot
        self.next_call = 1          # the call number expected next in the text
        self.called: set[str] = set()   # the notes of the current page already called
        self.section: str | None = None  # the number of the last "Section 1" line read

    def pos(self, page: int, line: int, col: int = 1) -> SourcePos:
        return SourcePos(f"{self.name}#page={page}", line, col)

    def pages(self, text: str) -> list[Page]:
        out = []
        self.split_words = SplitWords(text)
        pages = split_pages(text)
        running_titles_first(pages)
        for number, raw_lines in enumerate(pages, 1):
            if number == 1:
                raw_lines = masthead_columns(raw_lines)
            raw_lines = [self.split_words.rejoin(line, lambda col, found, word, n=number, i=i: self.reporter.info(
                "word-rejoined", f"“{found}” joined as “{word}”: the extracting tool cut a word of this "
                "document apart (it is printed whole elsewhere)", self.pos(n, i + 1, col)))
                for i, line in enumerate(raw_lines)]
            self.hyphenation_undone(number, raw_lines)
            out.append(self.page(number, raw_lines))
        return out

    #: A word cut at a line's end by a hyphen ("develop-"; a soft hyphen, U+00AD, or U+2010), and
    #: the rest of the word opening the next line ("ment of the …").
    LINE_END_HYPHEN = re.compile(r"(?P<head>[^\W\d_]+)(?P<hyphen>[-\u00ad\u2010])$")
    LINE_START_TAIL = re.compile(r"^(?P<indent>\s*)(?P<tail>[^\W\d_]+)(?P<rest>\S*)(?P<after>.*)$")

    def hyphenation_undone(self, page: int, raw_lines: list[str]) -> None:
        """Words hyphenated at a line's end (another publisher's PDF, or a tool that hyphenates):
        "develop-" / "ment" is the word "development" when the document prints "development"
        whole elsewhere and never "develop-ment" (a compound broken after its hyphen,
        "non-" / "governmental", keeps it, as the page normaliser joins it); a soft hyphen is
        always a word's.  The word is put whole on the first line (or, when the second line holds
        nothing else, on the second), and the repair is said.  Neither form printed elsewhere:
        the hyphen is kept, and that is said too."""
        words = self.split_words.words
        for i in range(len(raw_lines) - 1):
            end = self.LINE_END_HYPHEN.search(raw_lines[i].rstrip())
            start = self.LINE_START_TAIL.match(raw_lines[i + 1]) if end else None
            if not start or not start["tail"][:1].islower():
                continue
            head, tail = end["head"], start["tail"]
            whole, compound = (head + tail).lower(), f"{head}-{tail}".lower()
            pos = self.pos(page, i + 1, len(raw_lines[i].rstrip()))
            if end["hyphen"] != "\u00ad" and not (words[whole] and not words[compound]):
                if not words[whole] and not words[compound] and end["hyphen"] == "-":
                    self.reporter.info("hyphen-kept", f"“{head}-” / “{tail}” kept as “{head}-{tail}”: the document "
                                       "prints neither it nor “" + head + tail + "” elsewhere", pos)
                continue
            first = raw_lines[i].rstrip()[: -len(end.group())]
            if start["after"].strip():
                raw_lines[i] = first + head + tail + start["rest"]
                raw_lines[i + 1] = start["indent"] + start["after"].lstrip()
            elif first.strip():
                raw_lines[i] = first.rstrip()
                raw_lines[i + 1] = start["indent"] + head + tail + start["rest"] + start["after"]
            else:
                continue
            self.reporter.info("hyphen-removed", f"“{head}{end['hyphen']}” / “{tail}” joined as “{head}{tail}”: the "
                               "word was hyphenated at the line's end (printed whole elsewhere in the document)"
                               if end["hyphen"] != "\u00ad" else
                               f"“{head}” / “{tail}” joined as “{head}{tail}”: a soft hyphen ended the line", pos)

    def page(self, number: int, raw_lines: list[str]) -> Page:
        raw_lines = job_number_dated(raw_lines)
        # Note bodies first (after the rule): their numbers tell which numbers in the text are calls.
        rule = next((i for i, l in enumerate(raw_lines) if NOTE_RULE.match(compact(l) or "x")), None)
        inferred = rule is None and self.notes_without_rule(number, raw_lines)
        if inferred:
            rule = inferred - 1
        notes: dict[str, int] = {}
        rebuilt: dict[int, Line] | None = None
        if rule is not None and any(re.fullmatch(r"\d{1,3}", l.strip()) for l in raw_lines[rule + 1:]):
            rebuilt = self.apart_notes(number, raw_lines, rule, notes)
        elif rule is not None:
            expected = self.next_note
            for i in range(rule + 1, len(raw_lines)):
                m = NOTE_START.match(raw_lines[i].strip())
                if m and m["marker"].isdigit() and int(m["marker"]) in (expected, 1):
                    notes[m["marker"]] = i
                    expected = int(m["marker"]) + 1
                elif m and m["marker"].startswith("*"):
                    notes[m["marker"]] = i
            self.next_note = expected
        self.called = set()
        # Tables of an extract padded with spaces, above the notes: each of their lines carries the
        # table's rows (``pages.PageNormaliser`` puts the table in the place of its first line).
        # Tables of figures too narrow for runs of spaces to cut first, then the others.
        limit = rule + 1 if rule is not None else len(raw_lines)
        tables = figure_tables(raw_lines, limit)
        tables.update(text_tables([l if i not in tables else "" for i, l in enumerate(raw_lines)], limit))
        table_rows = None
        lines: list[Line] = []
        blank = False
        opened = False              # the note area of a page without a rule is opened
        #: Numbers alone on their lines, waiting for their texts: pdftotext may print two labels
        #: before their texts ("(b)", "3.", then the text of each), each goes with the next text.
        pending_numbers: list[Line] = []
        for index, raw in enumerate(raw_lines):
            stripped = raw.strip()
            if not stripped:
                blank = True
                continue
            in_notes = rule is not None and index > rule
            if index in tables:
                table_rows = tables[index] or table_rows
                line = Line([Span(stripped)], number, index + 1)
                line.text_table = table_rows
                line.blank_before, line.in_notes, blank = blank, False, False
                lines.append(line)
                continue
            if in_notes and rebuilt is not None:
                if index not in rebuilt:
                    continue
                line = rebuilt[index]
            elif in_notes:
                line = self.note_line(number, index + 1, stripped, notes)
            else:
                # (The text below the line, where a surer call of a number may stand.)
                self.below = "\n".join(raw_lines[index + 1: rule if rule is not None else len(raw_lines)])
                line = Line(self.body_spans(number, index + 1, stripped, notes), number, index + 1)
            line.blank_before = blank
            line.in_notes = in_notes
            # The first note line of a page without a rule opens its note area (a note number
            # printed apart, pdftotext, is not a line of its own here).
            line.opens_notes = bool(inferred) and in_notes and not opened and not between_pages(stripped)
            opened = opened or line.opens_notes
            blank = False
            if not in_notes and (m := SECTION_LINE.match(stripped)):
                self.section = m["num"]
            numbered_in_section = (m := SECTION_NUMBER_ALONE.match(stripped)) and m["section"] == self.section
            if not in_notes and (NUMBER_ALONE.match(stripped) or numbered_in_section) and \
                    not furniture_kind(stripped, [], number, "body"):
                # "1." alone on its line (pdftotext): it opens the paragraph on the next line.
                pending_numbers.append(line)
                continue
            if pending_numbers:
                pending_number = pending_numbers.pop(0)
                joined = Line([Span(pending_number.text + " ")] + line.spans, number, pending_number.number)
                joined.blank_before = pending_number.blank_before
                line = joined
            lines.append(line)
        lines.extend(pending_numbers)
        return Page(number, lines)

    #: A line opening a note: its number, alone (pdftotext) or before the note's text.
    NOTE_OPENER = re.compile(r"^(?P<num>\d{1,3})(?:\s+(?P<body>\S.*))?$")
    #: A line opening a numbered paragraph or a heading ("12. The Committee", "7.", "II. Findings").
    PARAGRAPH_OPENER = re.compile(r"^(?:\d{1,3}|[IVXL]{1,6}|[A-Z])\.(?:\s|$)")

    def notes_without_rule(self, page: int, raw_lines: list[str]) -> int | None:
        """Where a page's notes begin when the PDF drew its note rule as a line, not as text (the
        extract then has no rule), on the document's own evidence: the notes are a run of lines
        to the page foot (its furniture aside) that holds the note number expected next and the
        numbers after it in sequence, one note opening each; no numbered paragraph or heading
        follows; and the notes' numbers are called in the text above.  Two forms: each number
        before its note's text ("6  OHCHR, …": PyMuPDF, pdfplumber, pypdf), or the numbers
        alone on their lines (pdftotext), which pdftotext may print after the bodies they number
        (a page's first notes, whose numbers then stand last) — the run then opens at the block
        holding the first of them, after the blank line that sets the notes apart.  A numbered
        paragraph is no note: its number has its full stop, and the paragraph numbers run a
        sequence of their own that a note's number may continue only if every note of the run
        is called above.  Of several openings, the first above which all the run's numbers are
        called is taken (a line of text may open with the number: "2 March 2022 at its
        session,5"); failing it, the last above which most are, and said.  A run nothing calls
        is not taken, and said.  Returns the index of the first note line."""
        text = [i for i, l in enumerate(raw_lines) if l.strip() and not between_pages(l)
                and not furniture_kind(l, [], page, "body")]
        if len(text) < 3:
            return None
        judged = []
        # The note expected next; or, every note of the run called above, a numbering that starts
        # again at 1 (an annex numbers its notes anew), printed alone on its line.
        for first in dict.fromkeys((self.next_note, 1)):
            candidates = self.alone_run(raw_lines, text, first)
            alone = bool(candidates)
            # (A line of text opening with "1" is common: "1 October 2020, …"; a 1 alone on its line
            # under the text is not, nor a line opening with 1 after a blank line, where PyMuPDF
            # sets each note apart.)
            if not candidates:
                for n, i in enumerate(text):
                    m = self.NOTE_OPENER.match(raw_lines[i].strip())
                    if n >= 2 and m and m["body"] is not None and int(m["num"]) == first and \
                            re.search(r"[^\W\d_]", m["body"]) and (      # words, not a table's row ("2 142.0")
                            first == self.next_note or not raw_lines[i - 1].strip()):
                        run = self.note_run(raw_lines, text[n:], first)
                        below = "\n".join(re.sub(r"^\s*\d{1,3}\s", " ", raw_lines[k]) for k in text[n:])
                        # A line of text opening with the number calls a note below it ("2 March
                        # 2022 at its session,5", "session, 5 in which"): such a call is text's.
                        if run and not any(self.called_in(k, below, glued=True) or
                                           re.search(rf"[^\W\d_][.,;:”’)] {k} [a-z]", below) for k in run):
                            candidates.append((i, run))
            for start, run in candidates:
                above = "\n".join(raw_lines[k] for k in text if k < start)
                # Calls a space after a word ("Weapons 3 and") count when most of the run's calls
                # are sure, or when the numbers stand alone on their lines (pdftotext, which sets
                # every call a space apart: "co-sponsors 1 and"); alone they are no evidence
                # ("Goal 14", "line 1").
                sureness = [self.called_in(k, above) for k in run]
                # (Or when every number of the run is called, if only a space after a word ("Human
                # Rights 29 and"), and the run opens with the note number expected next: the
                # document's own note sequence and its calls agree.)
                called = [k for k, sure in zip(run, sureness) if sure] \
                    if sureness.count(2) >= 0.5 * len(run) or alone or \
                    first == self.next_note and first > 1 and all(sureness) else []
                if first == self.next_note or len(called) == len(run):
                    judged.append((start, run, called))
            # Both are tried: a run from the number expected next may leave notes above it
            # unexplained ("1", "2" where note 2 is expected: an annex that numbers its notes
            # anew), and gives way to a longer one from 1, every note of which is called.
        if not judged:
            return None
        if len({run[0] for _, run, _ in judged}) > 1:       # both: the one explaining more notes
            longest = max(len(run) for _, run, _ in judged)
            judged = [c for c in judged if len(c[1]) == longest and (c[1][0] == 1 or c[1][0] == self.next_note)]
        sure = [c for c in judged if len(c[2]) == len(c[1])]
        start, run, called = sure[0] if sure else judged[-1]
        where = f"“{raw_lines[start].strip()[:40]}”"
        numbers = f"notes {run[0]}–{run[-1]}" if len(run) > 1 else f"note {run[0]}"
        paragraphs = [int(m[1]) for i in text if i < start
                      and (m := re.match(r"^(\d{1,3})\.(?:\s|$)", raw_lines[i].strip()))]
        continues = bool(paragraphs) and run[0] == paragraphs[-1] + 1
        if run[0] not in called or len(called) < 0.5 * len(run) or continues and len(called) < len(run):
            self.reporter.info("note-area-uncertain",
                               f"{where} opens like note {run[0]}, but of the {numbers} only {len(called)} "
                               "are called in the text above"
                               + (", and the number continues the paragraph numbers" if continues else "")
                               + ": kept as text", self.pos(page, start + 1))
            return None
        if sure:
            self.reporter.warning("note-rule-inferred",
                                  f"page {page} has no note rule in the text (drawn as a line): its {numbers} "
                                  f"{'are' if len(run) > 1 else 'is'} taken to begin at {where}, "
                                  f"{'each called' if len(run) > 1 else 'called'} above", self.pos(page, start + 1))
        else:
            self.reporter.warning("note-rule-inferred",
                                  f"page {page} has no note rule in the text (drawn as a line): its {numbers} "
                                  f"{'are' if len(run) > 1 else 'is'} taken to begin at {where}, though only {len(called)} of them are called "
                                  "above: check them", self.pos(page, start + 1))
        return start

    def alone_run(self, raw_lines: list[str], text: list[int], first: int) -> list[tuple[int, list[int]]]:
        """pdftotext's notes: the numbers alone on their lines at the page foot are exactly the
        next notes' numbers (first, first + 1, … in any order); the run opens at the first of them
        when it is ``first``, otherwise at the start of its block (the first note's body before
        it, after a blank line).  [] when the page foot shows no such numbers."""
        alone = [(k, int(raw_lines[k].strip())) for k in text if re.fullmatch(r"\d{1,3}", raw_lines[k].strip())]
        best = None
        for j in range(len(alone) - 1, -1, -1):
            numbers = sorted(num for _, num in alone[j:])
            if numbers == list(range(first, first + len(numbers))):
                best = j
        if best is None:
            return []
        k, num = alone[best]
        start = k
        if num != first:
            n = text.index(k)
            back = n - 1
            while back > 0 and n - back < 12 and all(l.strip() for l in raw_lines[text[back - 1]: text[back] + 1]):
                back -= 1
            if back <= 1 or n - back >= 12:
                return []
            start = text[back]
        if any(self.PARAGRAPH_OPENER.match(raw_lines[i].strip()) for i in text if i >= start):
            return []
        return [(start, sorted(num for _, num in alone[best:]))]

    def note_run(self, raw_lines: list[str], indices: list[int], first: int) -> list[int]:
        """The note numbers a run of lines opens, each before its note's text, in sequence from
        ``first`` at its first line to the page foot; [] when a line breaks the sequence (a
        numbered paragraph or heading, a number alone) or the run does not open with ``first``."""
        numbers: list[int] = []
        for k in indices:
            line = raw_lines[k].strip()
            m = self.NOTE_OPENER.match(line)
            expected = numbers[-1] + 1 if numbers else first
            if m and int(m["num"]) == expected and m["body"] is not None:
                numbers.append(expected)
            elif not numbers or self.PARAGRAPH_OPENER.match(line) or m and m["body"] is None:
                return []
        return numbers

    @staticmethod
    def called_in(number: int, text: str, glued: bool = False) -> int:
        """How surely ``number`` is printed as a call in ``text``: 2 glued to a word or after its
        punctuation ("session,5", "2030, 4", "silenced.” 15", pdftotext's "law . 1"), set apart by its spaces after a word
        (PyMuPDF keeps a call's spaces: "development 2  welcomed"), after a year ("2020 36", "202210": 2022
        and note 10), a resolution's number ("71/205 13", "76/17918": 76/179 and note 18) or
        another call ("36,37"); 1 a space after a word ("Laboule 12 neighbourhood", but also "Goal
        14"); 0 not, nor in a symbol ("A/78/481/Add.3") or a number ("No. 39574").  With ``glued``,
        only a call glued to its word or punctuation, which only text has, not a note (0 or 2)."""
        punctuation = r"[”’\")\].,;:»，、。；：）》」]"
        after = rf"{number}(?![\d/]|\.\d|,\d{{3}}(?!\d))"
        if glued:
            return 2 * bool(re.search(rf"(?<![/\w.])(?:[^\W\d_]+{punctuation}{{0,3}}|(?:19|20)\d\d{punctuation}{{1,3}})"
                                      + after, text))
        if re.search(rf"[^\W\d_] {number}[ \t]{{2}}\S", text) or \
                re.search(rf"(?:(?<![/\w.])(?:[^\W\d_]+ ?{punctuation}{{1,3}}[ \t]{{0,2}}|[^\W\d_]+(?:[ \t]{{2}})?"
                     rf"|(?:19|20)\d\d{punctuation}{{0,3}}[ \t]{{0,2}})"
                     rf"|\d/\d{{1,3}}{punctuation}{{0,3}}[ \t]{{1,2}}|(?<=\d/)\d{{1,3}}|(?<=\d,) ?)" + after, text):
            return 2
        return int(bool(re.search(r"(?<![/\w.])[^\W\d_]+ " + after, text)))

    def apart_notes(self, page: int, raw_lines: list[str], rule: int, notes: dict[str, int]) -> dict[int, Line]:
        """pdftotext prints a page's note numbers apart from their bodies ("1", "2", then the
        bodies, or the bodies with some numbers among them).  The notes of the page are numbered
        from the next note number to the highest number printed; the body lines are cut into that
        many notes at sentence ends, in order.  When the count does not come out, it is said.  An
        asterisk note keeps its marker on its line ("* E/2025/1."): it is a note of its own, to its
        sentence's end, not the first lines of the numbered notes."""
        markers = [int(l.strip()) for l in raw_lines[rule + 1:] if re.fullmatch(r"\d{1,3}", l.strip())]
        texts = [i for i in range(rule + 1, len(raw_lines)) if raw_lines[i].strip()
                 and not re.fullmatch(r"\d{1,3}", raw_lines[i].strip())
                 and not furniture_kind(raw_lines[i], [], page, "foot")]
        out: dict[int, Line] = {}
        star: list[int] = []
        for i in texts:
            m = re.match(r"^(\*{1,3})\s+(\S.*)$", raw_lines[i].strip())
            if m:
                notes[m[1]] = i
                line = Line([Span(m[1], sup=True), Span(" " + m[2])], page, i + 1)
                line.note_start = True
                out[i] = line
                star.append(i)
            elif star and star[-1] == texts[texts.index(i) - 1] and not re.search(r"[.)”。）]$", raw_lines[star[-1]].strip()):
                out[i] = Line([Span(raw_lines[i].strip())], page, i + 1)
                star.append(i)
        texts = [i for i in texts if i not in star]
        first = self.next_note if self.next_note <= min(markers) else min(markers)
        numbers = list(range(first, max(markers) + 1))
        groups: list[list[int]] = []
        for i in texts:
            previous = raw_lines[groups[-1][-1]].strip() if groups else ""
            starts = not groups or len(groups) < len(numbers) and re.search(r"[.)”。）]$", previous) and \
                re.match(r"[A-Z0-9“(«《\u0410-\u042f\u4e00-\u9fff]", raw_lines[i].strip())
            if starts:
                groups.append([i])
            else:
                groups[-1].append(i)
        if len(groups) != len(numbers):
            self.reporter.warning("note-marker-uncertain",
                                  f"the page foot has {len(groups)} note bodies for the note numbers "
                                  f"{numbers[0]}–{numbers[-1]}; paired in order", self.pos(page, rule + 2))
        for n, group in zip(numbers, groups):
            notes[str(n)] = group[0]
            first_line = Line([Span(str(n), sup=True), Span(" " + raw_lines[group[0]].strip())], page, group[0] + 1)
            first_line.note_start = True
            out[group[0]] = first_line
            for i in group[1:]:
                out[i] = Line([Span(raw_lines[i].strip())], page, i + 1)
        for i in [i for g in groups[len(numbers):] for i in g]:
            out[i] = Line([Span(raw_lines[i].strip())], page, i + 1)
        for i in range(rule + 1, len(raw_lines)):
            if i not in out and raw_lines[i].strip() and not re.fullmatch(r"\d{1,3}", raw_lines[i].strip()):
                out[i] = Line([Span(raw_lines[i].strip())], page, i + 1)   # furniture: dropped, and said
        self.next_note = numbers[-1] + 1
        return out

    def note_line(self, page: int, number: int, text: str, notes: dict[str, int]) -> Line:
        m = NOTE_START.match(text)
        if m and notes.get(m["marker"]) == number - 1:
            spans = [Span(m["marker"], sup=True)]
            if m["body"]:
                spans.append(Span(" " + m["body"]))
            line = Line(spans, page, number)
            line.note_start = True
            return line
        if m and m["marker"].isdigit() and not m["body"]:
            self.reporter.warning("note-marker-uncertain",
                                  f"the number {m['marker']} alone at the page foot is not the next note "
                                  "number; kept as text", self.pos(page, number))
        return Line([Span(text)], page, number)

    #: (After a word, a closing quote or bracket, punctuation, Chinese punctuation too: "报告，2";
    #: not before a Chinese counter, "12 月 1 日", where the number is a day's.)
    CALL = re.compile(r"(?<=[^\W_]|[”’\")\].,;:»，、。；：）》」])(?P<space>\s{0,2})(?P<num>\d{1,3})"
                      r"(?=[\s,.;:)\u4e00-\u9fff，、。；：）]|$)(?!\s*[年月日号次届个项条款段])")

    #: A year or a resolution's number with a call glued to it: "20242" (2024, call 2), "76/17918"
    #: (resolution 76/179, call 18: the number after a session's slash has at most three digits).
    YEAR_CALL = re.compile(r"(?<!\d)(?P<year>(?:19|20)\d\d|(?<=\d/)\d{1,3})(?P<num>\d{1,2})(?=[\s,.;:)]|$)")

    def body_spans(self, page: int, number: int, text: str, notes: dict[str, int]) -> list[Span]:
        """A body line's text with its note calls as superscript spans: a number glued to a word
        or after punctuation is a call when it is the next call expected and a note with that
        number is at the foot of this page."""
        spans: list[Span] = []
        last = 0
        for m in self.CALL.finditer(text):
            num = m["num"]
            if num not in notes or num in self.called:
                uncalled = sorted(int(n) for n in notes if n.isdigit() and n not in self.called)
                year = None
                for length in (1, 2):
                    for head in (4, 3, 2, 1):
                        start = m.end() - length - head
                        candidate = self.YEAR_CALL.match(text, start) if start >= 0 and not m["space"] else None
                        if candidate and candidate.end() == m.end() and uncalled and year is None and \
                                candidate["num"] == str(uncalled[0]) and len(candidate["num"]) == length and \
                                (head == 4 or len(candidate["year"]) + length > 3):
                            year = candidate
                if year is None:
                    continue
                # "20242": the year 2024 and the call of note 2, the next note of this page.
                num = year["num"]
                self.reporter.warning("note-call-uncertain",
                                      f"“{year.group(0)}” read as {'the year ' if len(year['year']) == 4 and '/' not in text[year.start() - 1: year.start()] else 'the number '}{year['year']} and the call of note {num} "
                                      "(the next note at this page's foot)", self.pos(page, number, year.start() + 1))
                spans.append(Span(text[last: year.start("num")]))
                spans.append(Span(num, sup=True))
                last = m.end()
                self.called.add(num)
                self.next_call = int(num) + 1
                continue
            uncalled = sorted(int(n) for n in notes if n.isdigit() and n not in self.called)
            before = text[max(0, m.start() - 1): m.start()]
            glued = not m["space"] or re.match(r"[”’\")\].,;:]", before)
            if int(num) < self.next_call and int(num) != 1:
                continue
            word = text[:m.start()].rsplit(None, 1)[-1] if text[:m.start()].strip() else ""
            if not m["space"] and (before.isdigit() or "/" in word and before not in ",;:”’)" and not before.isalpha()) or \
                    m["space"] and re.search(r"\d[.,;:]?$", word) and int(num) != uncalled[0]:
                continue        # "A/78/481/Add.3", "Goals 4, 5": parts of a symbol or of a list of numbers
            if m["space"] and int(num) != uncalled[0]:
                continue        # "Goal 14": a number after a word and a space is not a call …
            if not glued and (re.match(r"\s+[^\W\d_]", text[m.end():]) or not text[m.end():].strip()) and \
                    self.called_in(int(num), text[m.end():] + "\n" + getattr(self, "below", ""), glued=True) + \
                    bool(re.search(rf"[^\W\d_] {num} [,.;:]", text[m.end():] + "\n" + getattr(self, "below", ""))):
                continue        # "от 1 декабря": a day, where the note is called surely further on ("разоружению 1 ,")
            if not glued:
                # … unless it is the first note of this page not called yet.
                self.reporter.info("note-call-by-evidence",
                                   f"“{text[max(0, m.start() - 15):m.end()]}”: {num} read as the call of note "
                                   f"{num} (the next note at this page's foot)",
                                   self.pos(page, number, m.start("num") + 1))
            elif int(num) != uncalled[0]:
                self.reporter.warning("note-call-uncertain",
                                      f"{num} after “{text[max(0, m.start() - 15):m.start()]}” read as the call of "
                                      f"note {num}, but note {uncalled[0]} of this page has no call before it",
                                      self.pos(page, number, m.start("num") + 1))
            spans.append(Span(text[last: m.start()]))
            spans.append(Span(num, sup=True))
            # (A call set apart on both sides before punctuation, "разоружению 1 ,": no space is
            # left before the comma.)
            last = m.end() + len(re.match(r"[ \t]*(?=[,.;:)»”])|", text[m.end():]).group())
            self.called.add(num)
            self.next_call = int(num) + 1
        spans.append(Span(text[last:]))
        return [s for s in spans if s.text]


class SplitWords:
    """Words an extracting tool cut apart: pdftotext spaces the letters of a justified line and
    may break a word at a wide gap ("infor mation", "Un ited", "internationa l") or set a
    compound's hyphen apart ("non -governmental").  A pair is joined only on the document's own
    evidence: the joined word is printed whole twice elsewhere in it, and one of the two pieces is no
    word of the document on its own (it only ever stands beside such a partner): "a part" stays,
    as "a" and "part" are both words, and so does a pair whose second word is capitalised ("Vice
    Presidents").  Each join is reported."""

    WORD = re.compile(r"-?[^\W\d_]+(?:-[^\W\d_]+)*")
    #: Two words side by side (a lookahead: every pair, overlapping ones too).
    PAIR = re.compile(r"(?<![\w-])(?=(?P<a>[^\W\d_]+) (?P<b>-?[^\W\d_]+(?:-[^\W\d_]+)*)(?![\w-]))")

    def __init__(self, text: str) -> None:
        from collections import Counter

        self.words = Counter(w.lower() for w in self.WORD.findall(text))
        pieces: Counter = Counter()
        for m in self.PAIR.finditer(text):
            if (m["a"] + m["b"]).lower() in self.words:
                pieces[m["a"].lower()] += 1
                pieces[m["b"].lower()] += 1
        self.pieces = pieces

    def joins(self, a: str, b: str) -> bool:
        joined = (a + b).lower()
        if b[0].isupper():
            return False        # "Vice Presidents": a word's cut-off end is not capitalised
        return self.words[joined] > 1 and (self.words[a.lower()] <= self.pieces[a.lower()] or
                                           self.words[b.lower()] <= self.pieces[b.lower()])

    def rejoin(self, line: str, report) -> str:
        if " " not in line:
            return line
        out, last = [], 0
        for m in self.PAIR.finditer(line):
            if m.start() < last or not self.joins(m["a"], m["b"]):
                continue
            end = m.start() + len(m["a"]) + 1 + len(m["b"])
            report(m.start() + 1, line[m.start(): end], m["a"] + m["b"])
            out += [line[last: m.start()], m["a"] + m["b"]]
            last = end
        return "".join(out) + line[last:]


def read_extract(data: bytes, name: str, reporter: Reporter, options=None):
    """Step 1 for a text extract of an official PDF: its pages → the model, repaired (steps 1–2)."""
    from .text import decode

    decode(data.replace(b"\f", b"\n"), name, Reporter())      # UTF-8, control characters: one clear error
    text = data.decode("utf-8-sig").replace("\r\n", "\n").replace("\r", "\n")
    controls = BIDI_CONTROLS.search(text)
    if controls:
        line = text.count("\n", 0, controls.start()) + 1
        reporter.info("bidi-controls-removed",
                      f"{len(BIDI_CONTROLS.findall(text))} directional formatting characters removed (the "
                      "extracting tool set them around right-to-left runs to order them for display; they "
                      "hold no text)", SourcePos(name, line, controls.start() - text.rfind("\n", 0, controls.start())))
        text = BIDI_CONTROLS.sub("", text)
    extract = ExtractPages(name, reporter)
    pages = extract.pages(text)
    mark_paragraph_starts(pages)
    tree, _ = read_paged(pages, name, reporter, options, layout=False)
    return tree


def mark_paragraph_starts(pages: list[Page]) -> None:
    """Where paragraphs begin, without layout: at a blank line when the extract sets paragraphs
    apart by them (PyMuPDF); otherwise (pdftotext) after a line that ends a sentence or a clause
    and stops short of the line width, or after a line the next line's first word would have fit
    on, whatever its end (a title before "The General Assembly,": a line is only broken where the
    next word does not fit).  A line's end is its text's, not its note calls' ("Office,¹")."""
    from .text import ADOPTION_WORDS, CORRECTION_CHANGE, CORRECTION_PLACE, CORRIGENDUM_WORDS, is_conclusion_line
    lines = [l for p in pages for l in p.lines]
    blank_form = sum(getattr(l, "blank_before", False) for l in lines) >= 0.08 * max(len(lines), 1)
    in_preamble = False         # between a resolution's enacting formula and its first number
    # A corrigendum (its symbol's "/Corr.1" in the masthead): "Corrigendum" and each correction's
    # place and change are lines of their own, however short the page's lines are.
    corrigendum = bool(pages) and any(re.search(r"/Corr\.\d", l.text) for l in pages[0].lines[:16])
    for page in pages:
        body = [l for l in page.lines if not getattr(l, "note_start", False)]
        lengths = sorted(len(l.text) for l in body)
        full = lengths[int(0.8 * (len(lengths) - 1))] if lengths else 80
        # The line width: the longest line, unless it stands far out (lines run together); not a
        # share of the lines, most of which are short masthead lines on a one-page resolution.
        top = len(lengths) - 1
        while top > 0 and lengths[top] > 1.3 * lengths[top - 1]:
            top -= 1
        width = lengths[top] if lengths else 80
        previous = None
        for line in page.lines:
            text = line.text.strip()
            if ENACTING_FORMULA.match(text):
                in_preamble = True
            elif NUMBER_ALONE.match(text) or re.match(r"\d{1,3}\.\s", text):
                in_preamble = False
            # A blank line before it, or the line before ends a clause short of the line width
            # (the last line of a paragraph); without blank lines, the first line of a page too.
            # The enacting formula is a paragraph of its own, though it follows a title that does
            # not end a sentence.  In a preamble, whose paragraphs all end with a comma, a short
            # line ending with one may be cut before a word too long for it: there a paragraph
            # starts at a line that opens as preambular paragraphs do ("Recalling", "Noting").
            # A note's call after the last clause ("… for 2023, 1") does not hide its end.
            # (A Chinese sentence ends with "。", a clause with "；" or "："; Chinese lines break
            # anywhere, so a short one ending with "，" ends its paragraph, in a preamble too; the
            # line after the formula opens the first preambular paragraph, whatever its words.)
            before = re.sub(r"(?<=[.;:,”،，。；：])\s*\d{1,3}$", "", previous.text.rstrip()) if previous else ""
            line.para_start = getattr(line, "blank_before", False) or (
                previous is None and not blank_form) or previous is not None and (
                before[-1:] in (".;:”。；：，" if in_preamble else ".;:,”،，。；：") and len(previous.text.rstrip()) < 0.85 * full) or \
                bool(ENACTING_FORMULA.match(text)) or bool(SECTION_LINE.match(text)) or \
                previous is not None and bool(ENACTING_FORMULA.match(previous.text.strip())) or \
                bool(RESOLUTION_NUMBER_LINE.match(text)) or \
                previous is not None and (
                    # a resolution's meeting and date after its last sentence; its origin in brackets
                    # under the line of adoption ("[on the recommendation of …]")
                    before[-1:] in ".;:" and is_conclusion_line(text) or
                    text.startswith("[") and bool(ADOPTION_WORDS.search(previous.text))) or \
                in_preamble and before[-1:] in ",،，" and bool(PREAMBLE_OPENING.match(text)) or \
                not in_preamble and previous is not None and fits_after(previous, text, width) and \
                not re.search(r"[^\W\d_][-\u2010\u2011]$", previous.text.rstrip()) or \
                corrigendum and (text in CORRIGENDUM_WORDS or previous is not None and previous.text.strip()
                                 in CORRIGENDUM_WORDS or bool(CORRECTION_PLACE.match(text) or
                                                              CORRECTION_CHANGE.match(text)))
            if in_preamble and not getattr(line, "in_notes", False) and re.search(r"[.。](?:\s*\d{1,3})?$", text):
                in_preamble = False     # a sentence ends: the operative part (unnumbered: one paragraph)
            previous = line


def fits_after(previous: Line, text: str, width: float) -> bool:
    """Would the first word of ``text`` have fit on the line before?  Then that line ended its
    paragraph, whatever its last character: a line is only broken where the next word does not
    fit (a title before "The General Assembly,", a closing "plenary meeting" before its date)."""
    end = text_without_calls(previous)
    return bool(end) and bool(text) and len(end) + 1 + len(text.split(None, 1)[0]) < 0.8 * width


def text_without_calls(line: Line) -> str:
    """A line's text without the note calls (and spaces) it ends with."""
    spans = list(line.spans)
    while spans and (spans[-1].sup or not spans[-1].text.strip()):
        spans.pop()
    return "".join(s.text for s in spans).rstrip()
