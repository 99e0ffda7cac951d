"""What an official PDF holds, read independently of the pipeline (PyMuPDF, a test dependency):
its body words in reading order, its bold lines, its note numbers, its furniture.

The pipeline reads PDFs with PDFium; the tests hold its model to what PyMuPDF sees, so a fault
in one reading does not hide itself.
"""

from __future__ import annotations

import re
import unicodedata
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
    sizes: dict[float, int] = {}
    for page in doc:
        for block in page.get_text("dict")["blocks"]:
            for line in block.get("lines", []):
                for span in line["spans"]:
                    sizes[round(span["size"], 1)] = sizes.get(round(span["size"], 1), 0) + len(span["text"].strip())
    text_size = max(sizes, key=sizes.get) if sizes else 0.0
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
        lines = [l[:3] for row in rows for l in sorted(row, key=lambda l: l[1])]
        # A table of contents (the outputs make their own): its heading to its last entry.
        leaders = [i for i, (_, _, spans) in enumerate(lines) if re.search(r"(?:\.\s?){4,}", "".join(
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
        for top, _, spans in lines:
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
            target.extend(words_of(" ".join(s["text"] for s in kept)))
            # A bold line: its text, calls aside (a heading's call is set in the text's roman).
            if kept and all("Bold" in s["font"] or s["flags"] & 16 for s in kept if s["text"].strip()):
                bold.append(" ".join(s["text"] for s in kept))
    return {"body": body, "notes": notes, "masthead": masthead, "bold": bold, "note_numbers": note_numbers, "pages": pages}


def is_subsequence(needle: list[str], haystack: list[str]) -> tuple[bool, int, list[str]]:
    """Is ``needle`` in ``haystack`` in order?  (ok, index reached in needle, context there)."""
    position = 0
    for index, word in enumerate(needle):
        try:
            position = haystack.index(word, position) + 1
        except ValueError:
            return False, index, needle[max(0, index - 8): index + 4]
    return True, len(needle), []


INLINE = {"i", "b", "u", "sup", "sub", "span", "ref", "a", "inline", "docNumber", "docTitle", "docAuthority",
          "docDate", "docProponent", "session", "docStatus", "docType", "term", "abbr"}


def model_words(tree, notes: bool) -> list[str]:
    """The words of a model in reading order; block elements apart; note bodies only if ``notes``
    (then where they are, at their calls)."""
    from pipeline import model

    parts: list[str] = []

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
            elif model.local(child) == "authorialNote" and not notes:
                pass
            else:
                walk(child)
            if child.tail:
                parts.append(child.tail)
        if block:
            parts.append(" ")

    walk(model.document_element(tree))
    return words_of("".join(parts))
