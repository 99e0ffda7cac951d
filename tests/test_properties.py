"""Issue 14: for any text — generated, or the sample and the corpus mutated — reading never
crashes, never blames "a bug" (exit 5) on the input, and loses nothing silently.

Each example is read as ``read_source`` reads a file (reader, transforms, XSD validation), and:

* it either gives a model (valid AKN: ``read_source`` validates it) or a ``SourceError``
  (exit 4) naming this file, a line and a column that exist, and a hint; any other exception
  is a failure;
* every source character that is content — letters, digits and anything outside ASCII, after
  NFKC so that a superscript call "¹" and its marker "1" count as the same — is in the model
  (its text, a link's href, a note's marker for its call and its body), or in the ``dropped`` text of a diagnostic
  that reported removing it with its position;
* a text that Unicode NFC changes (pandoc applies NFC) gets a ``text-normalized`` report.

Fixed seed (``derandomize``) so the run is the same everywhere; examples that once failed are
kept as ``@example`` regression cases.  ``PROPERTY_EXAMPLES`` scales the run (2,000 generated
texts and 500 mutated documents by default; the figures in the commit were taken with 5,000 of each).
"""

from __future__ import annotations

import os
import re
import unicodedata
from collections import Counter
from datetime import timedelta
from urllib.parse import unquote

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from conftest import SAMPLE, SHARED
from pipeline import model, read_source
from pipeline.diagnostics import PipelineError, Reporter, SourceError
from pipeline.readers.text import ReadOptions

#: Generated texts; a mutated real document (a window of up to 50 lines) costs about three times one.
EXAMPLES = int(os.environ.get("PROPERTY_EXAMPLES", "2000"))
#: The deadline is a hang guard, not a speed test: no example of a few hundred lines takes seconds.
PROPERTY_SETTINGS = settings(
    max_examples=EXAMPLES, derandomize=True, deadline=timedelta(seconds=20), print_blob=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
MUTATION_SETTINGS = settings(PROPERTY_SETTINGS, max_examples=max(EXAMPLES // 4, 1))

#: Line openings the reader gives meaning to, in several languages.
OPENINGS = ["", "", "", "1. ", "2. ", "3. ", "4. ", "12 - ", "1. ", "5 - ", "I. ", "II. ", "一. ", "二. ", "أولا - ", "A. ", "B. ", "ألف - ",
            "(a) ", "(b) ", "a) ", "(i) ", "1) ", "(أ) ", "¹ ", "² ", "(¹) ", "* ", "** ", "Annex ", "Annex",
            "附件", "# ", "> ", "- ", "---", "    ", "\t", "[", "<"]
#: Text pieces: words of the six languages, Markdown syntax, links, symbols, calls, oddities.
PIECES = ["text", "word", "南南合作", "价值值", "。", "，", "and", "مقدمة", "Текст", "été", "e\u0301", "한글",
          "*", "**", "_", "`", "\\", "[", "]", "(", ")", "<", ">", "&", "&amp;", "&#1;", "&#0;", "&#xFFFE;",
          "&copy;", "!", "#", "\"", "'", ":", ";", ".", ",", "%", "~", "|",
          "[A/73/150](#)", "[x](#)", "[x](http://a.org/é)", "[x](javascript:alert(1))", "[x](mailto:a@b.org)",
          "[x](rel/path \"title\")", "![img](pic.png)", "<https://un.org/x>", "<a@b.org>", "<span>",
          "https://example.org/a%", "https://example.org/[x]", "www.un.org", "A/RES/70/1", "resolution 70/1",
          "第 70/1 号决议", "S/RES/2713 (2023)", "¹", "²", "¹⁴", "(¹)", "*", "\u00a0", "\u200b", "\ufeff",
          "\ue000", "\U00100000", "\uf900", "Å", "ﬁ", "The General Assembly,", "plenary meeting",
          "Seventy-third session", "第七十三届会议", "Summary", "摘要", "United Nations", "Distr.: General"]

#: Any character but those a source may not hold (C0/C1 controls, U+FFFE/U+FFFF: a clear exit 4,
#: kept to the @example cases) — otherwise nearly every example would stop there.
TEXT_CHARS = st.characters(blacklist_categories=("Cc", "Cs"), blacklist_characters="\ufffe\uffff")
piece = st.one_of(st.sampled_from(PIECES), st.text(TEXT_CHARS, min_size=1, max_size=8))
line = st.builds(lambda opening, parts, sep: opening + sep.join(parts),
                 st.sampled_from(OPENINGS), st.lists(piece, max_size=8), st.sampled_from([" ", "", "  "]))
document = st.builds(lambda lines, seps: "".join(l + s for l, s in zip(lines, seps)),
                     st.lists(line, min_size=1, max_size=14),
                     st.lists(st.sampled_from(["\n\n", "\n", "\n\n\n", "\r\n", "\n\n"]), min_size=14, max_size=14))
NAMES = ["A_73_999-EN.md", "A_73_999-ZH.md", "A_RES_75_999-FR.md", "A_73_999-AR.md", "S_RES_2713_(2023)-RU.txt"]


def content_chars(text: str) -> Counter:
    """The characters no Markdown syntax consumes: ASCII letters and digits, and everything outside
    ASCII but white space, after NFKC (superscript calls and their markers are the same digit)."""
    text = unicodedata.normalize("NFKC", text)
    return Counter(ch for ch in text if (ch.isalnum() if ch.isascii() else not ch.isspace()))


def model_chars(tree) -> Counter:
    doc = model.document_element(tree)
    parts = [model.content_text(tree)]
    parts += [unquote(h) for h in model.xpath(doc, ".//@href")]
    # A note stands for its call and for the marker its body opened with (one, if it had no call).
    for note in model.xpath(doc, ".//a:authorialNote"):
        parts += [note.get("marker")] * (1 if note.get(model.PL + "orphan") else 2)
    return content_chars("".join(parts))


def body_text(text: str) -> str:
    """The source without its front matter (metadata, not content)."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff").split("\n")
    if lines and re.match(r"^---\s*$", lines[0]):
        for end in range(1, len(lines)):
            if re.match(r"^---\s*$", lines[end]):
                return "\n".join(lines[end + 1:])
    return "\n".join(lines)


def check(text: str, name: str) -> str:
    """Read ``text`` as the file ``name`` and hold it to the properties of the module docstring;
    ``"model"`` or ``"source-error"``: what reading gave."""
    reporter = Reporter()
    try:
        tree = read_source(text.encode("utf-8", "surrogatepass"), name, reporter,
                           ReadOptions(source_date_epoch=0))
    except SourceError as exc:
        assert exc.exit_code == 4 and exc.pos is not None and exc.pos.path == name, exc.format()
        lines = text.split("\n")
        assert 1 <= exc.pos.line <= max(len(lines), 1), exc.format()
        assert exc.hint or "metadata" in exc.message, exc.format()
        return "source-error"
    except PipelineError as exc:
        pytest.fail(f"exit {exc.exit_code} on input: {exc.format()}")
    dropped = content_chars("".join(d.dropped for d in reporter.diagnostics if d.dropped))
    for d in reporter.diagnostics:
        assert d.pos is not None and d.pos.path == name and d.pos.line >= 1 and d.pos.column >= 1, d.format()
    missing = content_chars(body_text(text)) - model_chars(tree) - dropped
    assert not missing, f"lost without a report: {dict(missing)}"
    if not unicodedata.is_normalized("NFC", body_text(text)):
        assert "text-normalized" in reporter.codes() or not unicodedata.is_normalized(
            "NFC", unicodedata.normalize("NFC", body_text(text))), "NFC applied without a report"
    return "model"


# ------------------------------------------------------------------ generated text

@PROPERTY_SETTINGS
@given(document, st.sampled_from(NAMES))
@example("1. Text.\n", "A_73_999-EN.md")                                    # no cover
@example("The General Assembly,\n\n1. Decides.\n", "A_RES_75_999-EN.md")
@example("1. Decides.\n", "A_RES_75_999-EN.md")                            # no preamble
@example("x\n\nI. Intro\n\n¹ A note body.\n\n1. Text.\n", "A_73_999-EN.md")  # note after a heading
@example("x\n\n1. Text:\n\n(a) one;\n\n(a) two.\n", "A_73_999-EN.md")       # a label used twice
@example("x\n\nII. A\n\n1. T.\n\nII. B\n\n2. T.\n", "A_73_999-EN.md")       # a chapter used twice
@example("x\n\n1. See https://example.org/x% here.\n", "A_73_999-EN.md")
@example("x\n\n1. See https://example.org/x] here.\n", "A_73_999-EN.md")
@example("x\n\n1. Text \ufffe here.\n", "A_73_999-EN.md")
@example("x\n\n1. Text" + "¹" * 1000 + ".\n\n¹ body\n", "A_73_999-EN.md")
@example("x\n\n1. Fish &amp; chips &#1; e\u0301.\n", "A_73_999-EN.md")
@example("x\n\n1. [a](javascript:alert(1)) ![i](p.png) [b](u \"t\") <a@b.org>\n", "A_73_999-EN.md")
@example("x\n\nAnnex\n\nA. Part\n\n(a) item\n\nI. Chapter\n", "A_73_999-EN.md")
@example("---\na: &a [1]\nb: *a\n---\n1. x\n", "A_73_999-EN.md")
@example("I. text\n\n(a) text\n\ntext\n\n(a) text\n\n", "A_73_999-EN.md")    # two lists in one paragraph
@example("1. www.un.orghttps://example.org/a% <http://a.org:/x>\n", "A_73_999-EN.md")   # no valid host:port
@example("1. text\n\nI. plenary meeting\n", "A_RES_75_999-FR.md")        # a heading is no conclusion
@example("I. plenary meeting\n", "A_RES_75_999-FR.md")                     # (an empty mainBody: exit 5)
@example("x\n\nI. A\n\n(a) y\n\nz, cut by a page,\n", "A_73_999-EN.md")    # a tail after a list after a heading
@example("---\nsymbol:\n---\n1. x\n", "A_73_999-EN.md")
@example("---\norgan: gaa\n---\n1. x\n", "A_73_999-EN.md")
@example("---\ndate: 2020-02-31\n---\n1. x\n", "A_73_999-EN.md")
def test_any_text_reads_or_fails_clearly(text, name):
    check(text, name)


# ------------------------------------------------------------ mutated real documents

def real_documents() -> list[tuple[str, str]]:
    docs = [(SAMPLE.name, SAMPLE.read_text(encoding="utf-8"))]
    docs += [(p.name, p.read_text(encoding="utf-8")) for p in sorted((SHARED / "corpus").glob("*.txt"))]
    return docs


REAL = real_documents()


@st.composite
def mutated(draw):
    """A window of a real document (sample or corpus, 20 to 120 lines), with a few edits an editor might make."""
    name, text = draw(st.sampled_from(REAL))
    lines = text.split("\n")
    start = draw(st.integers(0, max(len(lines) - 1, 0)))
    window = lines[start: start + draw(st.integers(20, 120))]
    if draw(st.booleans()):
        window = lines[:draw(st.integers(0, 12))] + window      # keep the cover now and then
    for _ in range(draw(st.integers(0, 4))):
        if not window:
            break
        i = draw(st.integers(0, len(window) - 1))
        edit = draw(st.sampled_from(["delete", "duplicate", "insert", "cut", "join", "swap"]))
        if edit == "delete":
            del window[i]
        elif edit == "duplicate":
            window.insert(i, window[i])
        elif edit == "insert":
            window.insert(i, draw(line))
        elif edit == "cut":
            at = draw(st.integers(0, len(window[i])))
            window[i: i + 1] = [window[i][:at], window[i][at:]]
        elif edit == "join" and i + 1 < len(window):
            window[i: i + 2] = [window[i] + draw(st.sampled_from(["", " "])) + window[i + 1]]
        elif edit == "swap":
            j = draw(st.integers(0, len(window) - 1))
            window[i], window[j] = window[j], window[i]
    return name, "\n".join(window) + "\n"


@MUTATION_SETTINGS
@given(mutated())
def test_real_documents_mutated_read_or_fail_clearly(case):
    name, text = case
    check(text, name)
