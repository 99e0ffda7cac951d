"""What an official PDF holds, read independently of the pipeline (PyMuPDF, a test dependency):
its body words in reading order, its bold lines, its note numbers, its furniture.

The pipeline reads PDFs with PDFium; the tests hold its model to what PyMuPDF sees, so a fault
in one reading does not hide itself.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from functools import lru_cache
from pathlib import Path

JOB = re.compile(r"^\d{2}-\d{5}\*?(?:\([A-Z]\))?(?:\d{6})?\*?$")
BARCODE = re.compile(r"^\*\d{7}\*$")
LEADER = re.compile(r"(?:\.\s?){4,}\s*\d{1,4}\s*$")


def norm_word(word: str) -> str:
    word = unicodedata.normalize("NFKC", word).lower()
    word = word.replace("’", "'").replace("‘", "'").replace("“", '"').replace("”", '"')
    return re.sub(r"[^\w]", "", word)


def words_of(text: str) -> list[str]:
    """Words as compared: letters and digits only, hyphenated and slashed parts apart."""
    # A raised figure glued to a word (km², a call) is not compared: it is a call in one reading
    # and a plain figure in the other.  A gap before a possessive ("Minister ’s") is spacing, not a
    # word boundary.
    text = re.sub(r"\s+(?=[’']s\b)", "", text)
    # A raised letter (a table note's, "contingenciesᵃ") is a word of its own, as the PDF's
    # raised span is.
    text = re.sub("([ᵃᵇᶜᵈᵉᶠᵍʰⁱʲᵏˡᵐⁿᵒᵖʳˢᵗᵘᵛʷˣʸᶻ])", r" \1", text)
    return [w for w in (re.sub(r"(?<=[^\W\d_])\d+$", "", norm_word(t)) for t in re.split(r"[\s\-‑–—/]+", text)) if w]


@lru_cache(maxsize=None)
def pdf_facts(path: Path) -> dict:
    """Body words in order (running text, then each page's notes apart), bold line texts, note
    numbers, page count."""
    import pymupdf

    doc = pymupdf.open(path)
    body: list[str] = []
    notes: list[str] = []
    bold: list[str] = []
    note_numbers: list[str] = []
    masthead: list[str] = []
    pages = len(doc)
    last_heads: list[str] = []      # the words of the column heads of the last table read
    sizes: dict[float, int] = {}
    for page in doc:
        for block in page.get_text("dict")["blocks"]:
            for line in block.get("lines", []):
                for span in line["spans"]:
                    sizes[round(span["size"], 1)] = sizes.get(round(span["size"], 1), 0) + len(span["text"].strip())
    text_size = max(sizes, key=sizes.get) if sizes else 0.0
    cover_text = ""
    body_seen = False           # a numbered paragraph read: the front matter is over
    for page in doc:
        height = page.rect.height
        in_notes = False
        lines = []
        for block in page.get_text("dict")["blocks"]:
            for line in block.get("lines", []):
                spans = [s for s in line["spans"] if s["text"].strip()]
                if spans and line["dir"][0] < 0.99 and re.fullmatch(
                        r"\d{1,4}/\d{1,4}|[A-Z]{1,6}(?:/[A-Z0-9.]+)+|\d{2}-\d{5}",
                        re.sub(r"\s+", "", "".join(s["text"] for s in spans))):
                    continue    # the folio, symbol or job number set vertically in a landscape page's margin
                if spans:
                    # Read in the order of the baselines (a raised call does not lift its line
                    # above the line beside it); vertical text where it starts.
                    baseline = max(s["origin"][1] for s in spans) if line["dir"][0] > 0.99 else \
                        line["bbox"][1] + 0.7 * spans[0]["size"]
                    lines.append((line["bbox"][1], line["bbox"][0], spans, baseline))
        # Lines whose baselines are within 3 points stand side by side: left to right.
        lines.sort(key=lambda l: l[3])
        rows: list[list] = []
        for line in lines:
            if rows and line[3] - rows[-1][0][3] < 3:
                rows[-1].append(line)
            else:
                rows.append([line])
        # A table's rows: a row of lines set apart side by side (not a paragraph's number
        # before its text).  Its region runs from the first such row to the last, over the
        # lines of wrapped cells between them (at most 6 rows apart), with the column heads set
        # smaller right above it.  Its words are compared as a whole, not in order: a table
        # reads cell by cell, row by row (a column head wrapped onto two lines is one cell),
        # which no line-by-line reading gives.
        def columned(row):
            parts = sorted(row, key=lambda l: l[1])
            if len(parts) == 2 and re.fullmatch(r"\(?\w{1,5}[.)]?", "".join(s["text"] for s in parts[0][2]).strip()):
                return False
            return len(parts) >= 2
        marks = [k for k, row in enumerate(rows) if columned(row)]
        in_table: set[int] = set()
        for a, b in zip(marks, marks[1:]):
            if b - a <= 6:
                in_table.update(range(a, b + 1))
        for k in sorted(in_table):
            j = k - 1
            while j >= 0 and j not in in_table and k - j <= 3 and \
                    max(s["size"] for l in rows[j] for s in l[2]) < 0.92 * text_size:
                in_table.add(j)
                j -= 1
            # The last row's cell text wrapped onto lines below it, at the pitch of its lines.
            j = k + 1
            while k in marks and j < len(rows) and j not in in_table and \
                    rows[j][0][3] - rows[j - 1][0][3] <= 1.5 * max(s["size"] for s in rows[j][0][2]):
                in_table.add(j)
                j += 1
        table_of = {}
        for k in sorted(in_table):
            table_of[k] = table_of.get(k - 1, k) if k - 1 in in_table else k
        # A table's column heads: its first rows, set smaller than its body's rows.
        heads = set()

        def row_size(k):
            return max(s["size"] for l in rows[k] for s in l[2])
        for first in set(table_of.values()):
            region = sorted(k for k in table_of if table_of[k] == first)
            body_size = max(row_size(k) for k in region)
            for k in region:
                flat_row = re.sub(r"\s+", "", "".join(s["text"] for l in rows[k] for s in l[2]))
                if page.number > 0 and rows[k][0][0] < 0.085 * height or JOB.match(flat_row) or \
                        re.fullmatch(r"[A-Z]{1,6}(?:/[A-Z0-9.]+)+\*?", flat_row):
                    continue        # the running head, the symbol (not read)
                if row_size(k) >= body_size - 0.5:
                    break
                heads.add(k)
        lines = [l[:3] + (table_of.get(k), k in heads) for k, row in enumerate(rows)
                 for l in sorted(row, key=lambda l: l[1])]
        # A table of contents (the outputs make their own): its heading to its last entry.
        leaders = [i for i, (_, _, spans, _, _) in enumerate(lines) if re.search(r"(?:\.\s?){4,}", "".join(
            s["text"] for s in spans))]
        if len(leaders) >= 2:
            first = entry = leaders[0]
            # A contents page that continues the one before: its first entry opens at its number.
            for k in range(first - 1, max(first - 9, -1), -1):
                text = "".join(s["text"] for s in lines[k][2]).strip()
                if re.search(r"(?:\.\s?){4,}", text):
                    break
                if re.match(r"^(?:[IVXL]+|[A-Z]|\d{1,3})\.(?:\s|$|(?=[A-Z]))", text):
                    entry = k
                    break
            if leaders[0] - entry >= 4:
                first = entry
            while first > 0 and leaders[0] - first < 4 and not re.search(
                    r"^(Contents|Page|Chapter\s+Page)$", "".join(s["text"] for s in lines[first][2]).strip()):
                first -= 1
            while first > 0 and re.fullmatch(r"Contents|Chapter|Page|Chapter\s+Page|Annex|Annexes|Part \w+",
                                             "".join(s["text"] for s in lines[first - 1][2]).strip()):
                first -= 1
            lines = lines[:first] + lines[leaders[-1] + 2:]
        table = None
        page_words = 0          # body words of the page before its first table
        # An Official Records volume's inner title page repeats its cover (masthead, title,
        # sessions): a page before the body whose lines mostly repeat the cover's text, with no
        # numbered paragraph.  The repeated lines are furniture, as a running head is.
        flats = [re.sub(r"[\s\-‐‑–—•]+", "", "".join(s["text"] for s in spans)) for _, _, spans, _, _ in lines]
        if page.number == 0:
            cover_text = "".join(flats)
        repeated = [page.number > 0 and not body_seen and bool(f) and f in cover_text for f in flats]
        if sum(repeated) < 3 or sum(repeated) < 0.6 * len(flats) or any(
                re.match(r"\d{1,3}\.\s", "".join(s["text"] for s in spans)) for _, _, spans, _, _ in lines):
            repeated = [False] * len(flats)
        for (top, _, spans, region, head), again in zip(lines, repeated):
            if again:
                continue
            text = "".join(s["text"] for s in spans).strip()
            flat = re.sub(r"\s+", "", text)
            if min(s["size"] for s in spans) < 3:
                continue            # hidden text
            if page.number > 0 and top < 0.085 * height or top > 0.93 * height:
                continue            # running heads, folios, job numbers, barcodes
            if top > 0.9 * height and re.fullmatch(r"\d{1,3}", flat):
                continue            # a page number alone at the foot (the Executive Board's pages)
            if JOB.match(flat) or BARCODE.match(flat) or re.fullmatch(r"Pleaserecycle.?", flat, re.I):
                continue
            if re.fullmatch(r"[A-Z]{1,6}(?:/[A-Z0-9.]+)+\*?", flat) and (page.number > 0 or top < 0.1 * height):
                continue            # the symbol alone, printed at the head of a page (a cover's too)
            if re.fullmatch(r"_{5,}", flat):
                in_notes = True
                continue
            if LEADER.search(text):
                continue            # a table of contents (the outputs make their own)
            # Superscripts (smaller than the line, digits or asterisks): calls in the text,
            # numbers opening notes.
            largest = max(s["size"] for s in spans)
            if not in_notes and top > 0.5 * height and len(spans) > 1 and spans[0]["size"] < 0.8 * largest \
                    and re.fullmatch(r"\s*\d{1,3}\s*", spans[0]["text"]) and largest < 0.92 * text_size:
                in_notes = True     # notes at the page foot without a rule: a smaller line opening with a raised number
            if not in_notes and top > 0.5 * height and largest < 0.92 * text_size \
                    and re.match(r"\*{1,3}\s", text):
                in_notes = True     # an asterisk note (a title's, a reissue's) at the page foot without a rule
            kept = []
            for index, span in enumerate(spans):
                # Calls may come in pairs: "13,14".
                if span["size"] < 0.8 * largest and re.fullmatch(r"\s*(\d{1,3}(\s*,\s*\d{1,3})*|\*{1,3}|,)\s*",
                                                                 span["text"]):
                    if in_notes and index == 0:
                        note_numbers.append(span["text"].strip())
                    continue
                kept.append(span)
            target = masthead if page.number == 0 and top < 0.2 * height else notes if in_notes else body
            # A bold line: its text, calls aside (a heading's call is set in the text's roman, a
            # table note's raised letter too).
            if kept and all("Bold" in s["font"] or s["flags"] & 16 for s in kept if s["text"].strip() and not (
                    s["size"] < 0.8 * largest and re.fullmatch(r"\s*[a-z]\s*", s["text"]))):
                bold.append(" ".join(s["text"] for s in kept))
            if target is body and region is not None:
                if table is None or table[0] != (page.number, region):
                    # A table run on from the page before repeats its column heads at the top
                    # of the page: they are the heads of the table above, said once.
                    continued = not page_words and bool(last_heads)
                    if continued and body and isinstance(body[-1], Counter):
                        # One table over the page break: its words are one whole (a row the
                        # break cut runs on at the top of the page).
                        table = ((page.number, region), body[-1], [], continued)
                    else:
                        table = ((page.number, region), Counter(), [], continued)
                        body.append(table[1])
                found = words_of(" ".join(s["text"] for s in kept))
                if head:
                    table[2].extend(found)      # counted at the table's first row
                    continue
                if table[2]:
                    # (The heads repeated may leave out the line of units above them.)
                    if not (table[3] and not Counter(table[2]) - Counter(last_heads)):
                        table[1].update(table[2])
                    last_heads = list(table[2])
                    table[2].clear()
                table[1].update(found)
                continue
            if target is body:
                page_words += 1
                body_seen = body_seen or bool(re.match(r"\d{1,3}\.\s", text))
            target.extend(words_of(" ".join(s["text"] for s in kept)))
    return {"body": body, "notes": notes, "masthead": masthead, "bold": bold, "note_numbers": note_numbers, "pages": pages}


def is_subsequence(needle: list, haystack: list[str]) -> tuple[bool, int, list]:
    """Is ``needle`` in ``haystack`` in order?  (ok, index reached in needle, context there).
    An item of ``needle`` that is a Counter (a table's words) is there as a whole: all its words
    after the words before it, in any order, before the words after it."""
    position = 0
    joined = False
    for index, word in enumerate(needle):
        if joined:
            joined = False
            continue
        if isinstance(word, Counter):
            wanted = Counter(word)
            end = position
            while +wanted and end < len(haystack):
                if wanted[haystack[end]] > 0:
                    wanted[haystack[end]] -= 1
                end += 1
            if +wanted:
                return False, index, [f"a table lacking {dict(+wanted)}"]
            position = end
            continue
        try:
            position = haystack.index(word, position) + 1
        except ValueError:
            # A word one reading draws with a gap inside it ("operat ional": a justified line's
            # letter spacing) is one word in the other.
            after = needle[index + 1] if index + 1 < len(needle) else None
            if isinstance(after, str) and word + after in haystack[position:]:
                position = haystack.index(word + after, position) + 1
                joined = True
                continue
            split = next((j for j in range(position, len(haystack) - 1)
                          if haystack[j] + haystack[j + 1] == word), None)
            if split is not None:
                position = split + 2
                continue
            return False, index, needle[max(0, index - 8): index + 4]
    return True, len(needle), []


def unspaced(missing: Counter, truth: list[str], ours: list[str]) -> Counter:
    """``missing`` without the words that one reading spaces and the other does not ("45mm" and
    "45 mm", "operat ional" and "operational")."""
    missing = Counter(missing)
    ours_joined = Counter(a + b for a, b in zip(ours, ours[1:]))
    truth_joined = {a + b: (a, b) for a, b in zip(truth, truth[1:])}
    for word in list(missing):
        if ours_joined[word]:
            missing[word] = 0
    for joined, (a, b) in truth_joined.items():
        if missing[a] and missing[b] and joined in ours:
            missing[a] -= 1
            missing[b] -= 1
    return +missing


def flat(words: list) -> list[str]:
    """Body words with each table's words in place."""
    return [w for item in words for w in (item.elements() if isinstance(item, Counter) else [item])]


#: Inline elements, whose words run on into the text around them; a ``sup`` is a word of its own
#: (a table note's letter, read apart from its word in the PDF too).
INLINE = {"i", "b", "u", "sub", "span", "ref", "a", "inline", "docNumber", "docTitle", "docAuthority",
          "docDate", "docProponent", "session", "docStatus", "docType", "term", "abbr"}


def model_words(tree, notes: bool) -> list[str]:
    """The words of a model in reading order (see ``element_words``)."""
    from pipeline import model

    return element_words(model.document_element(tree), notes)


def element_words(element, notes: bool) -> list[str]:
    """The words of an element in reading order; block elements apart; note bodies only if ``notes``
    (then where they are, at their calls).  A table's own notes (marker "a", "b" …) are printed
    under the table, in the body: without ``notes`` they are read there, after the table, and
    their letters at their calls."""
    from pipeline import model

    parts: list[str] = []
    table_notes: list = []

    def walk(node):
        name = model.local(node)
        block = name not in INLINE
        if block:
            parts.append(" ")
        if node.text:
            parts.append(node.text)
        for child in node:
            if not isinstance(child.tag, str) or model.local(child) == "meta":
                pass
            elif model.local(child) == "authorialNote" and not re.fullmatch(r"\d+|\*+", child.get("marker") or ""):
                parts.append(f" {child.get('marker')} ")     # its letter at its call, a word of its own
                if notes:
                    parts.append(f" {child.get('marker')} ")
                    walk(child)
                else:
                    table_notes.append(child)
            elif model.local(child) == "authorialNote" and not notes:
                pass
            elif model.local(child) == "noteRef":
                parts.append(f" {child.get('marker')} ")     # a later call of a note: its letter, printed
            else:
                walk(child)
            if model.local(child) == "table" and table_notes:
                for note in table_notes:
                    parts.append(f" {note.get('marker')} ")
                    walk(note)
                table_notes.clear()
            if child.tail:
                parts.append(child.tail)
        if block:
            parts.append(" ")

    walk(element)
    return words_of("".join(parts))
