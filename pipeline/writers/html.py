"""The accessible HTML page: the document model in, one standalone HTML5 file (CSS inlined) out.

``html_document(tree, options)`` builds the page as an ``lxml.html`` tree; ``write_html``
serializes it.  The PDF writer (print CSS, ``float: footnote``) and the EPUB writer (one
XHTML file per chapter) start from ``html_document`` and rely on these hooks, which stay
stable:

* ``<html lang dir>``: BCP 47 language and direction of the document (``zh-Hans``, ``ltr``).
* ``<head>``: ``<meta charset>``, viewport, ``<title>`` "<title> — <symbol>", one ``<style>``
  (``styles/html.css`` plus a ``:root`` block with the language's font stacks).
* ``<head>`` also holds ``<meta name="description">``, ``dcterms.identifier`` (the symbol),
  ``dcterms.date`` and ``dcterms.source`` when known, and ``<link rel="alternate">`` with
  ``hreflang`` to each language version and with ``type`` to the PDF and EPUB editions
  (``WriteOptions.languages``/``editions``, filled by the build).
* ``<body>``, in this order:

  - ``<a class="skip-link" href="#main">`` (generated text);
  - when the release has other languages or editions, ``<nav class="editions">``: a list of
    the language versions by their own names (the current one ``aria-current="page"``) and
    links "PDF", "EPUB";
  - ``<header class="masthead">``: ``<div class="masthead-lines">`` holding the
    ``coverPage`` masthead paragraphs (``p.un``, ``p.symbol``, ``p.organ``, ``p.distribution``;
    any other line ``p.masthead-line``), then generated lines ``p.date`` (``<time datetime>``,
    only when the model knows the date) and ``p.original``; then ``<div class="cover">`` with
    the leading session / agenda paragraphs of the preface (``p.session``, ``p.agendaItem``,
    ``p.agendaTitle``) followed by their footnote bodies;
  - ``<main id="main">``: ``<div class="preface">`` (``h1`` from ``longTitle``,
    ``p.proponent``, ``section.summary`` with its ``h2``), then
    ``<nav class="toc" aria-labelledby="toc-heading">``: ``h2#toc-heading`` and nested ``ol``
    of links to the chapters and lettered divisions (generated text, copied from headings;
    after the title, so the page opens with what it is), then each chapter as
    ``<section class="chapter" id="sec_N">`` with an ``h2``, lettered divisions as
    ``<section class="division" id="sec_N__title_X">`` (``h3``), unnumbered subheadings as
    ``<section class="subheading" id="<eId>">`` (``h4``).  Heading levels follow nesting
    depth, so a subheading directly under a chapter is an ``h3``.  Headings are
    ``<hN><span class="num">一.</span> <span class="heading-text">引言</span></hN>``;
  - ``<footer>``: the symbol as a link to its undocs.org page (generated).

* A resolution (``statement name="resolution"``): ``<body class="resolution">``; the masthead
  lines read from the text (``docDate`` → ``p.date``, ``inline name="language"`` →
  ``p.language``, ``name="originalLanguage"`` → ``p.original``; the generated date and
  "Original" lines are then left out); the cover holds every preface line before the
  adoption line or the long title; ``longTitle`` prints "75/234. South-South cooperation"
  (a space between ``docNumber`` and ``docTitle``); ``<div class="preamble" id="preamble">``
  holds ``div.enactingFormula`` and each ``<div class="preambularParagraph"
  id="preamble__para_N">``; the operative paragraphs are ``div.para`` as above; lettered
  ``title`` elements are ``section.division``, annexes (the model's attachments) ``<section
  class="annex" id="annex_A">`` (both in the contents); ``<div class="conclusions"
  id="conclusions">`` follows the operative part, before the annexes (as the UN prints a
  resolution: the meeting and date close the resolution, its annexes follow).  There is no ``nav.toc`` when the document has no divisions.
* A subparagraph list (``list``, and AKN's ``blockList`` where a list is a block) is the
  ``p`` elements of its ``intro``, then ``<ol class="blockList" id>`` of ``<li class="item"
  id>`` (one per ``point``/``item``), each holding its blocks, the first ``p`` opening with
  ``<span class="num">(a)</span>`` (verbatim; a ``sublist`` is an ``ol`` inside the ``li`` of
  the point it follows), then the ``p class="wrapUp"`` of its ``wrapUp``.

* Each numbered paragraph is ``<div class="para" id="para_N">`` holding
  ``<a class="num" href="#para_N">N.</a>`` (the number, verbatim from the model, is its own
  self-link) and then the paragraph's ``<p>`` elements.
* Each footnote call is ``<a class="noteref" id="fnref_<n>" href="#fn_<n>" role="doc-noteref"
  aria-label="脚注 <marker>">marker</a>`` (``n`` = the authorialNote eId without ``fn_``:
  ``fn_1`` → ``1``, ``fn_star`` → ``star``); a later call of the same note (``noteRef``) is the
  same link without the ``id``.  Its body is a self-contained
  ``<aside class="footnote" id="fn_<n>" role="doc-footnote" data-marker="<marker>"
  aria-label="脚注 <marker>">`` whose first ``<p>`` starts with
  ``<a class="backlink" role="doc-backlink" href="#fnref_<n>" aria-label="返回…">marker</a>``.
  The aside follows the block holding its call: inside ``div.para`` after the ``<p>`` that
  calls it, elsewhere right after the ``p``/heading.  The PDF writer may move each aside to its
  call; the EPUB writer keeps it in the chapter file of its call.
* Symbols are ``<a class="symbol|resolution" href="https://undocs.org/…">``, other web
  addresses ``<a class="url">``; emphasis is ``<i>``.  Other AKN inlines become
  ``<span class="<akn name>">`` so no text is ever dropped.

Generated text (not in the model): the skip link, the table of contents, the date and
"Original" lines, the footnote markers and labels, the footer.  Everything else in the page
is the model's content text, in the model's order except that footnote bodies follow their
block rather than sitting inside the sentence.
"""

from __future__ import annotations

import copy
import datetime
import functools
import re
from pathlib import Path

import lxml.html
from lxml import etree

from .. import model
from ..diagnostics import WriterError
from ..languages import Language, language, undocs_url
from ..model import akn, local, xpath
from . import STYLES_DIR, WriteOptions

STYLES = STYLES_DIR

_MAKE = lxml.html.html_parser.makeelement
ENGLISH = language("en")

#: Block-level HTML elements after which the serializer puts a newline (insignificant whitespace).
_BLOCKS = {"html", "head", "body", "meta", "title", "style", "header", "nav", "main", "footer",
           "section", "div", "aside", "p", "h1", "h2", "h3", "h4", "h5", "h6", "ol", "ul", "li",
           "table", "tr", "th", "td"}

#: AKN elements written as blocks (anything else inside a block is inline content).
_BLOCK_NAMES = {"p", "paragraph", "container", "blockList", "list", "sublist", "item", "point", "section", "title",
                "chapter", "part", "subsection", "hcontainer", "content", "longTitle", "table"}

#: Hierarchical elements written as a section with its heading (:meth:`_Builder.division`).
_DIVISIONS = {"section", "title", "chapter", "part", "hcontainer", "subsection", "debateSection"}

#: AKN inline elements mapped to an HTML element of the same meaning.
_INLINE_TAGS = {"i": "i", "b": "b", "u": "u", "sup": "sup", "sub": "sub"}

#: Masthead lines read from the text, ``inline name`` → class of the HTML line.
_MASTHEAD_INLINES = {"distribution": "distribution", "language": "language",
                     "originalLanguage": "original"}

#: Languages whose documents print the masthead's issue date in their own language; the Arabic,
#: Chinese and Russian versions print it in English, as "Distr.: General" (the UN's AKN4UN XML:
#: ``docDate refersTo="#dateOfIssuance"`` is "11 December 2023" in all three).
_OWN_MASTHEAD_DATE = {"en", "fr", "es"}


def H(tag: str, *children, **attrs) -> lxml.html.HtmlElement:
    """Make an HTML element: ``H("a", "text", href="…", class_="x")``; None attributes dropped."""
    el = _MAKE(tag)
    for name, value in attrs.items():
        if value is None:
            continue
        el.set(name.rstrip("_").replace("_", "-"), str(value))
    for child in children:
        if child is None:
            continue
        if isinstance(child, str):
            model.append_text(el, child)
        else:
            el.append(child)
    return el


def stylesheet(name: str) -> str:
    """The text of ``styles/<name>`` (shipped with the pipeline, not user input).

    Read at each call, never memoized: a resident process (``pipeline serve``) sees an edit."""
    path = STYLES / name
    try:
        return path.read_text(encoding="utf-8")
    except OSError as exc:
        raise WriterError(f"the stylesheet {path} cannot be read: {exc.strerror}",
                          "reinstall the pipeline from its repository (styles/ ships with it)")


def font_stack(fonts: tuple[str, ...], generic: str) -> str:
    return ", ".join([f'"{f}"' for f in fonts] + [generic])


def language_css(lang: Language) -> str:
    return (":root {\n"
            f"  --font-serif: {font_stack(lang.serif_fonts, 'serif')};\n"
            f"  --font-sans: {font_stack(lang.sans_fonts, 'sans-serif')};\n"
            "}\n")


def format_date(iso: str, lang: Language) -> str:
    """A date as UN documents write it in ``lang``, from ICU's CLDR data: "7 August 2018",
    "7 août 2018", "7 de agosto de 2018", "2018年8月7日", "7 августа 2018 года",
    "7 آب/أغسطس 2018" (the UN's Arabic names both the Levantine and the Egyptian month)."""
    import icu

    day = datetime.date.fromisoformat(iso)
    calendar = icu.GregorianCalendar(day.year, day.month - 1, day.day)
    when = calendar.getTime()
    if lang.code == "ar":
        months = [icu.SimpleDateFormat("MMMM", icu.Locale(loc)).format(when)
                  for loc in ("ar_LB@numbers=latn", "ar_EG@numbers=latn")]
        month = months[0] if months[0] == months[1] else "/".join(months)
        return f"{day.day} {month} {day.year}"
    locale = icu.Locale("en_GB" if lang.code == "en" else lang.code)
    pattern = icu.DateTimePatternGenerator.createInstance(locale).getBestPattern("dMMMMy")
    if lang.code == "ru":
        # The UN writes the word in full, after an ordinary space (CLDR: U+202F and "г.").
        pattern = re.sub(r"\s*'г'\.", " 'года'", pattern)
    return icu.SimpleDateFormat(pattern, locale).format(when)


def masthead_date(iso: str, lang: Language) -> tuple[str, bool]:
    """The masthead's issue date and whether it is in English in another language's version."""
    english = lang.code not in _OWN_MASTHEAD_DATE
    return format_date(iso, ENGLISH if english else lang), english and lang.code != "en"


#: Languages whose script is not Latin: a Latin word inside them is another language.
_NON_LATIN = {"zh", "ar", "ru"}

#: A run of Latin-script text: words, URLs, symbols.  In Chinese it is another language when
#: it holds a word (two letters in a row: "(a)", "A." and "A/73/150" stay Chinese, labels and
#: symbols being read the same way); in Arabic and Russian a Latin document symbol is marked
#: too (issue 9: "a Latin symbol inside Arabic"), since those voices cannot read Latin letters.
#: Words of a run may be apart by a comma or semicolon and spaces ("United Nations, Treaty
#: Series, vol. 1771, No. 30822."): one run, so that right-to-left text orders it as one.
_LATIN_RUN = re.compile(
    r"[A-Za-z0-9][A-Za-z0-9./:\-_&'’@%#?=+~]*(?:[,;]?[ ]+[A-Za-z0-9][A-Za-z0-9./:\-_&'’@%#?=+~]*)*")
_WORD = re.compile(r"[A-Za-z]{2,}")
_WORD_OR_SYMBOL = re.compile(r"[A-Za-z]{2,}|[A-Za-z]\.?/[A-Za-z0-9]")



def mark_foreign_runs(body: lxml.html.HtmlElement, lang: Language) -> None:
    """In a Chinese, Arabic or Russian page, wrap Latin-script runs in ``<span lang="en">`` (or
    set it on an element holding only them), so that screen readers switch voice; in a
    right-to-left page the run also gets ``dir="ltr"``, an isolate ordered left to right as a
    whole (else "United Nations, Treaty Series, vol. 1771" prints its parts right to left)."""
    if lang.code not in _NON_LATIN:
        return
    foreign = _WORD if lang.code == "zh" else _WORD_OR_SYMBOL
    direction = "ltr" if lang.direction == "rtl" else None
    for el in list(body.iter()):
        if not isinstance(el.tag, str) or el.tag in ("style", "script"):
            continue
        if _inside_en(el):
            continue
        text = "".join(el.itertext())
        if (len(el) == 0 and el.tag in ("a", "span", "i") and el.get("lang") is None
                and _is_latin_run(text, foreign)):
            el.set("lang", "en")
            if direction:
                el.set("dir", direction)
            continue
        if el.text:
            _split_text(el, "text", foreign, direction)
        for child in list(el):
            if child.tail:
                _split_text(child, "tail", foreign, direction)
    if direction:
        for el in list(body.iter()):
            if isinstance(el.tag, str):
                _join_latin_isolates(el)


#: What may stand between two Latin runs of one left-to-right stretch: spaces and punctuation.
_BETWEEN_RUNS = re.compile(r"[\s,;:.()\-–]*")
#: A number that follows a Latin run (" 9068" after "No."): left to right with it, as the bidi
#: algorithm sets a number after a Latin letter.
_NUMBER_AFTER = re.compile(r"[ \u00a0]*\d(?:[\d.,/ \u00a0]*\d)?")


def _join_latin_isolates(el) -> None:
    """Latin runs that follow each other across inline elements ("United Nations, <i>Treaty
    Series</i>, vol. 634, No. 9068") are one left-to-right stretch: as separate isolates a
    right-to-left line would set them right to left ("9068 vol. 634, No. ,Treaty Series ,United
    Nations"), so they go into one ``<span lang="en" dir="ltr">``, with a number that follows."""
    children = list(el)
    k = 0
    while k < len(children):
        group = [children[k]]
        while _ltr_content(group[-1]) and k + len(group) < len(children) and \
                _BETWEEN_RUNS.fullmatch(group[-1].tail or "") and _ltr_content(children[k + len(group)]):
            group.append(children[k + len(group)])
        number = _NUMBER_AFTER.match(group[-1].tail or "") if _ltr_content(group[-1]) else None
        if len(group) > 1 or number:
            wrapper = H("span", lang="en", dir="ltr")
            group[0].addprevious(wrapper)
            tail = group[-1].tail or ""
            cut = number.end() if number else 0
            wrapper.tail, group[-1].tail = tail[cut:], tail[:cut] or None
            for member in group:
                wrapper.append(member)
        k += len(group)


def _ltr_content(el) -> bool:
    """An inline element holding a Latin run only: marked ``dir="ltr"``, or holding nothing but
    such elements and punctuation (``<i>, <span dir="ltr">Treaty Series</span></i>``)."""
    if not isinstance(el.tag, str) or el.tag not in ("span", "i", "a", "b", "u"):
        return False
    if el.get("dir") == "ltr":
        return True
    return len(el) > 0 and _BETWEEN_RUNS.fullmatch(el.text or "") is not None and all(
        _ltr_content(child) and _BETWEEN_RUNS.fullmatch(child.tail or "") for child in el)


def _is_latin_run(text: str, foreign: re.Pattern) -> bool:
    m = _LATIN_RUN.fullmatch(text.strip())
    return bool(m) and bool(foreign.search(text))


def _inside_en(el) -> bool:
    return any(a.get("lang") == "en" for a in [el, *el.iterancestors()])


def _split_text(el, slot: str, foreign: re.Pattern, direction: str | None) -> None:
    """Wrap the Latin runs of ``el``'s text or tail in ``<span lang="en">``."""
    text = getattr(el, slot)
    pieces: list = []
    pos = 0
    for m in _LATIN_RUN.finditer(text):
        if not foreign.search(m.group()):
            continue
        pieces.append(text[pos:m.start()])
        pieces.append(H("span", m.group(), lang="en", dir=direction))
        pos = m.end()
    if pieces:
        model.splice_text(el, slot, pieces + [text[pos:]])



def italicize_openings(main: lxml.html.HtmlElement, lang: Language) -> None:
    """The opening words of a resolution's enacting formula, preambular and operative paragraphs
    in italics, as the UN prints them, when the model does not mark them (a resolution read from
    text; the UN's XML marks them, and those stay as they are): the longest of the openings the
    UN itself italicizes in that language (``openings.OPENINGS``, read from its AKN4UN XML), or
    else the paragraph's first word; the whole enacting formula.  Languages the UN does not set
    so (Arabic, Chinese) are left alone."""
    from ..openings import OPENINGS

    phrases = OPENINGS.get(lang.code)
    if not phrases:
        return
    firsts = main.xpath("div[@class='preamble']/div/p[1] | .//div[@class='para'][a[@class='num']]"
                        "[not(ancestor::section[@class='annex'])]/p[1]")
    for p in firsts:
        text = p.text or ""
        if not text.strip() or (len(p) and p[0].tag == "i" and not text.strip()):
            continue
        lead = len(text) - len(text.lstrip())
        if len(p) and p[0].tag == "span" and p[0].get("class") == "num":
            continue            # a number opens the text: not an opening phrase
        body = text[lead:]
        if p.getparent().get("class") == "enactingFormula" and not len(p):
            # "The General Assembly,", "Le Conseil de sécurité,": the whole formula.
            words = body.rstrip().rstrip(",:")
        else:
            words = next((w for w in phrases if body.startswith(w)
                          and not body[len(w):len(w) + 1].isalpha()), None)
        if not words:
            # Not among the UN's: the first word (a participle or a verb), with the next one
            # after a particle ("Se dit", "с удовлетворением").
            first = re.match(r"(\w{1,2}\s+)?\w+", body)
            if first is None or not first.group().replace(" ", "").isalpha():
                continue
            words = first.group()
        model.splice_text(p, "text", [text[:lead], H("i", words, class_="opening"), body[len(words):]])


#: A French ordinal ("1er", "1re", "9490e"), printed with its letters superscript.
_FRENCH_ORDINAL = re.compile(r"(?<![\w/.\-])(\d+)(er|re|e)(?=[\s\u00a0\u202f,.;:)\]]|$)")


def superscript_ordinals(body: lxml.html.HtmlElement, lang: Language) -> None:
    """French ordinals as the UN prints them: ``1<sup>er</sup>``, ``9490<sup>e</sup>`` (the text
    is unchanged: the letters only move into a ``sup``)."""
    if lang.code != "fr":
        return
    for el in list(body.iter()):
        if not isinstance(el.tag, str) or el.tag in ("sup", "style", "script"):
            continue
        for slot, owner in [("text", el)] + [("tail", child) for child in el if isinstance(child.tag, str)]:
            text = getattr(owner, slot)
            if not text or not _FRENCH_ORDINAL.search(text):
                continue
            pieces: list = []
            pos = 0
            for m in _FRENCH_ORDINAL.finditer(text):
                pieces += [text[pos:m.start(2)], H("sup", m.group(2), class_="ordinal")]
                pos = m.end()
            model.splice_text(owner, slot, pieces + [text[pos:]])


#: Media types of the editions an HTML page links (WriteOptions.editions).
_EDITION_TYPES = {"pdf": "application/pdf", "epub": "application/epub+zip"}

#: The official languages in the UN's order (its sites list them so), and each one's own name.
_UN_ORDER = ("ar", "zh", "en", "fr", "ru", "es")
_AUTONYMS = {"ar": "العربية", "zh": "中文", "en": "English", "fr": "Français", "ru": "Русский",
             "es": "Español"}

#: The accessible name of the language and edition switcher, in the page's language.
_EDITIONS_LABEL = {"ar": "اللغات والنسخ", "zh": "语文和版本", "en": "Languages and editions",
                   "fr": "Langues et éditions", "ru": "Языки и издания", "es": "Idiomas y ediciones"}


# ------------------------------------------------------------------ the builder

class _Builder:
    def __init__(self, tree: etree._ElementTree, options: WriteOptions):
        self.tree = tree
        self.options = options
        self.info = model.document_info(tree)
        self.lang = self.info.lang
        self.source = self.info.source_name or "<model>"
        self.ids = set(xpath(tree, "//@eId")) | {"main", "toc-heading"}
        # Notes that share a marker (a Security Council resolution's "*" on each annex) get
        # distinct labels, "Note * (2)", as each aside is a landmark that needs a unique name.
        self.note_labels: dict[str, str] = {}
        seen: dict[str, int] = {}
        notes = xpath(tree, "//a:authorialNote")
        markers = [n.get("marker") or "" for n in notes]
        for note, marker in zip(notes, markers):
            seen[marker] = seen.get(marker, 0) + 1
            label = self.lang.footnote.format(marker=marker)
            if markers.count(marker) > 1:
                label += f" ({seen[marker]})"
            self.note_labels[note.get("eId") or ""] = label

    def unique_id(self, base: str) -> str:
        """An id for a generated element that no eId and no other generated id has."""
        candidate, n = base, 1
        while candidate in self.ids:
            n += 1
            candidate = f"{base}-{n}"
        self.ids.add(candidate)
        return candidate

    # ---------------------------------------------------------------- errors
    def error(self, el: etree._Element, message: str, hint: str | None = None) -> WriterError:
        pos = model.pos_of(el)
        where = f"{self.source}:{pos[0]}:{pos[1]}: " if pos else f"{self.source}: "
        return WriterError(where + message, hint)

    # ---------------------------------------------------------------- inlines
    def inline_into(self, target: lxml.html.HtmlElement, src: etree._Element,
                    notes: list[etree._Element]) -> None:
        """Append the inline content of ``src`` (its text and children) to ``target``."""
        if src.text:
            model.append_text(target, src.text)
        for child in src:
            if isinstance(child.tag, str):
                out = self.inline(child, notes)
                if out is not None:
                    target.append(out)
            if child.tail:
                model.append_text(target, child.tail)

    def inline(self, el: etree._Element, notes: list[etree._Element]) -> lxml.html.HtmlElement | None:
        name = local(el)
        if name == "authorialNote":
            notes.append(el)
            return self.noteref(el)
        if name == "noteRef":
            return self.noteref_again(el)
        if name in ("ref", "a"):
            href = (el.get("href") or "").strip()
            if not href.startswith(("https://", "http://")):
                raise self.error(el, f"the link {el.get('href')!r} is not an absolute http(s) address",
                                 "links in the model must be absolute web addresses (undocs.org/… or http…)")
            out = H("a", href=href, class_=el.get("class") or ("symbol" if name == "ref" else "url"))
        elif name in _INLINE_TAGS:
            out = H(_INLINE_TAGS[name])
        elif name in ("br", "eol"):
            out = H("br")
        else:
            out = H("span", class_=el.get("name") or name)
        self.inline_into(out, el, notes)
        return out

    def note_id(self, note: etree._Element) -> str:
        eid = note.get("eId") or ""
        if not eid.startswith("fn_"):
            raise self.error(note, f"a footnote has the eId {eid!r}, not fn_…",
                             "run the pipeline's transforms (assign_eids) before writing")
        return eid[3:]

    def note_label(self, note: etree._Element) -> str:
        return self.note_labels.get(note.get("eId") or "",
                                    self.lang.footnote.format(marker=note.get("marker") or ""))

    def noteref(self, note: etree._Element) -> lxml.html.HtmlElement:
        n = self.note_id(note)
        marker = note.get("marker") or ""
        if not marker:
            raise self.error(note, "a footnote has no marker")
        return H("a", marker, class_="noteref", id=f"fnref_{n}", href=f"#fn_{n}", role="doc-noteref",
                 aria_label=self.note_label(note))

    def noteref_again(self, ref: etree._Element) -> lxml.html.HtmlElement:
        """A later call of a note (``noteRef``): its marker, linked to the note as the first call
        is, without the first call's id (the note's backlink goes to the first call)."""
        target = (ref.get("href") or "").removeprefix("#")
        note = next(iter(xpath(ref, "//a:authorialNote[@eId=$eid]", eid=target)), None)
        if note is None:
            raise self.error(ref, f"a note reference points to #{target}, which is not a note of the document",
                             "a noteRef's href is the eId of an authorialNote: #fn_…")
        return H("a", ref.get("marker") or note.get("marker") or "", class_="noteref",
                 href=f"#fn_{self.note_id(note)}", role="doc-noteref", aria_label=self.note_label(note))

    def note_body(self, note: etree._Element) -> lxml.html.HtmlElement:
        n = self.note_id(note)
        marker = note.get("marker")
        aside = H("aside", class_="footnote", id=f"fn_{n}", role="doc-footnote", data_marker=marker,
                  aria_label=self.note_label(note))
        back = H("a", marker, class_="backlink", role="doc-backlink", href=f"#fnref_{n}",
                 aria_label=self.lang.back_to_call.format(marker=marker))
        children = [c for c in note if isinstance(c.tag, str)]
        if children and all(local(c) in _BLOCK_NAMES and not (c.tail or "").strip() for c in children) \
                and not (note.text or "").strip():
            for child in children:
                aside.extend(self.block(child, 5))
        else:
            # A body of bare text and inlines: one paragraph.
            p = H("p")
            inner: list[etree._Element] = []
            self.inline_into(p, note, inner)
            aside.extend(self.with_notes(p, inner))
        first = aside[0]
        first.insert(0, back)
        back.tail, first.text = (" " + (first.text or "")), None
        return aside

    # ---------------------------------------------------------------- blocks
    def with_notes(self, el: lxml.html.HtmlElement, notes: list[etree._Element]) -> list:
        return [el] + [self.note_body(n) for n in notes]

    def p(self, src: etree._Element, **attrs) -> list:
        notes: list[etree._Element] = []
        out = H("p", class_=src.get("class"), **attrs)
        self.inline_into(out, src, notes)
        return self.with_notes(out, notes)

    def heading(self, src: etree._Element, level: int, **attrs) -> list:
        """``num`` + ``heading`` of a hierarchical element as ``<hN>``."""
        notes: list[etree._Element] = []
        h = H(f"h{min(level, 6)}", **attrs)
        num = src.find(akn("num"))
        head = src.find(akn("heading"))
        if num is not None:
            span = H("span", class_="num")
            self.inline_into(span, num, notes)
            h.append(span)
            if head is not None:
                span.tail = " "
        if head is not None:
            span = H("span", class_="heading-text")
            self.inline_into(span, head, notes)
            h.append(span)
        sub = src.find(akn("subheading"))
        if sub is not None:
            # A debate section's second line (the agenda item's title under "Agenda item 8").
            if len(h):
                h[-1].tail = " "
            span = H("span", class_="subheading")
            self.inline_into(span, sub, notes)
            h.append(span)
        return self.with_notes(h, notes)

    def block(self, el: etree._Element, level: int) -> list:
        """The HTML of one block-level AKN element; ``level`` is the heading level of its heading."""
        name = local(el)
        if name == "p":
            return self.p(el)
        if name == "paragraph":
            return [self.paragraph(el, level)]
        if name in _DIVISIONS:
            return [self.division(el, level)]
        if name == "blockContainer":      # a summary record's numbered paragraph
            return [self.paragraph(el, level)]
        if name == "speech":
            return [self.speech(el, level)]
        if name == "narrative":
            out = self.p(el)
            out[0].set("class", "narrative")
            return out
        if name == "container":
            return [self.container(el, level)]
        if name == "longTitle":
            notes: list[etree._Element] = []
            h1 = H("h1")
            first = True
            for p in el:
                if not isinstance(p.tag, str):
                    continue
                if not first:
                    h1.append(H("br"))
                start = len(h1)
                self.inline_into(h1, p, notes)
                _space_between(h1, start)
                first = False
            return self.with_notes(h1, notes)
        if name in ("num", "heading", "from") or name == "subheading" and el.getparent() is not None \
                and local(el.getparent()) in _DIVISIONS:
            return []  # written by division() and speech()
        if name in ("list", "sublist"):
            return self.hierarchical_list(el, level)
        if name == "blockList":
            return [self.block_list(el, level)]
        if name == "table":
            return [self.table(el, level)]
        # Anything else keeps its text: a div of its blocks, or a p of its inlines.
        children = [c for c in el if isinstance(c.tag, str)]
        if children and all(local(c) in _BLOCK_NAMES for c in children) and not (el.text or "").strip():
            div = H("div", class_=el.get("name") or name)
            for c in children:
                div.extend(self.block(c, level))
            return [div]
        return self.p(el)

    def division(self, el: etree._Element, level: int) -> lxml.html.HtmlElement:
        name = local(el)
        cls = {"section": "chapter", "title": "division", "debateSection": "debateSection"}.get(
            name, el.get("name") or name)
        eid = el.get("eId")
        headed = any(el.find(akn(t)) is not None for t in ("num", "heading", "subheading"))
        # (A debate's opening lines, before its first heading: a section without one is a div.)
        sec = H("section" if headed or name != "debateSection" else "div", class_=cls, id=eid)
        if headed:
            sec.extend(self.heading(el, level))
            inner = level + 1
        else:
            inner = level
        for child in el:
            if isinstance(child.tag, str) and local(child) not in ("num", "heading", "subheading"):
                sec.extend(self.block(child, inner))
        return sec

    def speech(self, el: etree._Element, level: int) -> lxml.html.HtmlElement:
        """A turn of a debate: ``<div class="speech" id>`` of its paragraphs, the first opening
        with ``<span class="from">`` (the speaker's words as printed, "<b>Mr. Smith</b> (United
        Kingdom):"), as the UN prints a turn; a summary record's numbered paragraph keeps its
        number before them."""
        div = H("div", class_="speech", id=el.get("eId"))
        frm = el.find(akn("from"))
        for child in el:
            if isinstance(child.tag, str) and local(child) != "from":
                div.extend(self.block(child, level))
        if frm is None:
            return div
        notes: list[etree._Element] = []
        span = H("span", class_="from")
        self.inline_into(span, frm, notes)
        first = next(div.iter("p"), None)
        if first is None:
            first = H("p")
            div.insert(0, first)
        rest = first.text or ""
        said = "".join(span.itertext()).rstrip()
        # A space after the speaker, as printed: none before a summary record's ", speaking on
        # behalf of …" nor after a full-width colon ("主席：").
        joiner = "" if rest[:1] in (",", ";", ".", "،", "，") or said.endswith("：") or not (rest or len(first)) else " "
        span.tail = joiner + rest
        first.text = None
        first.insert(0, span)
        for note in reversed(notes):
            first.addnext(self.note_body(note))
        return div

    def paragraph(self, el: etree._Element, level: int) -> lxml.html.HtmlElement:
        eid = el.get("eId")
        div = H("div", class_="para", id=eid)
        num = el.find(akn("num"))
        notes: list[etree._Element] = []
        if num is not None:
            a = H("a", class_="num", href=f"#{eid}" if eid else None)
            self.inline_into(a, num, notes)
            if not eid:
                a.tag = "span"
            div.append(a)
            for n in notes:
                div.append(self.note_body(n))
        for child in el:
            if not isinstance(child.tag, str) or local(child) == "num":
                continue
            if local(child) == "content":
                for block in child:
                    if isinstance(block.tag, str):
                        div.extend(self.block(block, level))
            else:
                div.extend(self.block(child, level))
        return div

    def hierarchical_list(self, el: etree._Element, level: int) -> list:
        """A paragraph's list (``list``/``sublist``: "(a)", "a)", "i)"): its ``intro`` blocks, an
        ``<ol class="blockList">`` of its points, its ``wrapUp`` blocks (``p.wrapUp``).  A
        ``sublist`` goes inside the ``li`` of the point it follows."""
        out: list = []
        ol = H("ol", class_="blockList", id=el.get("eId"))
        wrap: list = []
        for child in el:
            if not isinstance(child.tag, str):
                continue
            name = local(child)
            if name == "intro":
                out.extend(b for c in child for b in self.block(c, level))
            elif name == "wrapUp":
                for c in child:
                    for block in self.block(c, level):
                        if block.tag == "p":
                            block.set("class", " ".join(filter(None, [block.get("class"), "wrapUp"])))
                        wrap.append(block)
            elif name == "point":
                ol.append(self.list_item(child, level))
            elif name == "sublist" and len(ol):
                ol[-1].extend(self.hierarchical_list(child, level))
            else:
                (ol if len(ol) else out).extend(self.block(child, level))
        return [*out, ol, *wrap]

    def block_list(self, el: etree._Element, level: int) -> lxml.html.HtmlElement:
        """A list of blocks (AKN's ``blockList``, in a preambular paragraph, a note or a cell):
        ``<ol class="blockList">`` of ``<li>`` as :meth:`list_item`; an intro or wrap-up of the
        list (``listIntroduction``/``listWrapUp``) stays a ``p`` around the ``ol``."""
        ol = H("ol", class_="blockList", id=el.get("eId"))
        wrapper = None
        for child in el:
            if not isinstance(child.tag, str):
                continue
            if local(child) != "item":
                # listIntroduction / listWrapUp: text beside the list, not an item of it.
                wrapper = wrapper if wrapper is not None else H("div", class_="blockList-group")
                if len(ol):
                    wrapper.append(ol)
                    ol = H("ol", class_="blockList")
                wrapper.extend(self.block(child, level))
                continue
            ol.append(self.list_item(child, level))
        if wrapper is not None:
            if len(ol):
                wrapper.append(ol)
            return wrapper
        return ol

    def list_item(self, child: etree._Element, level: int) -> lxml.html.HtmlElement:
        """A ``point`` or ``item`` → ``<li class="item" id>`` holding its number verbatim
        (``<span class="num">``, so the list style is none) and then its blocks."""
        li = H("li", class_="item", id=child.get("eId"))
        notes: list[etree._Element] = []
        num = child.find(akn("num"))
        span = None
        if num is not None:
            span = H("span", class_="num")
            self.inline_into(span, num, notes)
        rest = [b for c in child if isinstance(c.tag, str) and local(c) != "num"
                for b in (c if local(c) == "content" else [c]) if isinstance(b.tag, str)]
        if (child.text or "").strip() or any(local(c) not in _BLOCK_NAMES for c in rest):
            # An item of bare text and inlines (no p): one paragraph of it.
            bare = copy.deepcopy(child)
            for n in bare.findall(akn("num")):
                _remove_keep_tail(n)
            li.extend(self.p(bare))
        else:
            for block in rest:
                li.extend(self.block(block, level))
        if span is not None:
            # The number opens the item's first line (hanging in the indent), so no page
            # or column break can part it from its text.
            first = li[0] if len(li) and li[0].tag == "p" else None
            if first is not None:
                span.tail = first.text
                first.text = None
                first.insert(0, span)
            else:
                li.insert(0, span)
            for i, note in enumerate(notes):     # notes called in the number itself
                li.insert(1 + i, self.note_body(note))
        return li

    def table(self, el: etree._Element, level: int) -> lxml.html.HtmlElement:
        """An AKN ``table`` (``tr`` of ``th``/``td`` holding blocks) → ``<table>``, spans kept; an
        empty ``th`` is a ``td`` (axe: a header cell needs text).  The rows of column heads before
        the first row of data are its ``thead``, which a printed table repeats on each page it
        runs onto, as the UN prints it."""
        table = H("table", id=el.get("eId"))
        head, body = H("thead"), H("tbody")
        for row in el:
            if not isinstance(row.tag, str) or local(row) != "tr":
                continue
            tr = H("tr")
            heads = not len(body) and all(local(c) == "th" for c in row if isinstance(c.tag, str))
            (head if heads else body).append(tr)
            for cell in row:
                if not isinstance(cell.tag, str):
                    continue
                # An empty header cell (the corner of a table) heads nothing: a data cell.
                header = local(cell) == "th" and "".join(cell.itertext()).strip()
                out = H("th" if header else "td", colspan=cell.get("colspan"), rowspan=cell.get("rowspan"))
                for block in cell:
                    if isinstance(block.tag, str):
                        out.extend(self.block(block, level))
                tr.append(out)
        if len(head) and len(body):
            table.append(head)
        else:
            body[:0] = list(head)
        table.append(body)
        return table

    def container(self, el: etree._Element, level: int) -> lxml.html.HtmlElement:
        name = el.get("name") or "container"
        children = [c for c in el if isinstance(c.tag, str)]
        head = children[0] if children and local(children[0]) == "p" and children[0].get("class") == "heading" else None
        tag = "section" if head is not None else "div"
        out = H(tag, class_=name, id=el.get("eId"))
        for child in children:
            if child is head:
                hid = self.unique_id(f"{el.get('eId') or name}-heading")
                notes: list[etree._Element] = []
                h = H(f"h{min(level, 6)}", id=hid)
                self.inline_into(h, child, notes)
                out.set("aria-labelledby", hid)
                out.extend(self.with_notes(h, notes))
            else:
                out.extend(self.block(child, level + (head is not None)))
        return out

    # ---------------------------------------------------------------- page parts
    def title_text(self) -> str:
        doc = model.document_element(self.tree)
        long_title = xpath(doc, "a:preface/a:longTitle")
        if long_title:
            # docNumber and docTitle are apart in print ("75/234. South-South cooperation").
            pieces = []
            for p in long_title[0].iter(akn("p")):
                pieces.append(p.text or "")
                for child in p:
                    text = "" if child.tag in model.OUT_OF_FLOW else model.flow_text(child)
                    pieces.append(" " + text + " " + (child.tail or ""))
            text = " ".join("".join(pieces).split())
            if text:
                return text
        name = xpath(doc, "a:meta/a:identification/a:FRBRWork/a:FRBRname/@value")
        return name[0] if name else self.info.symbol

    def english_if(self, condition: bool) -> str | None:
        """``lang="en"`` for masthead words the UN keeps in English in other languages' versions
        ("Distr.: General", the date, "Original: English"), so they are read with English voices."""
        return "en" if condition and self.lang.code != "en" else None

    def ltr_if(self, english: bool) -> str | None:
        """``dir="ltr"`` for those English words inside a right-to-left page."""
        return "ltr" if english and self.lang.direction == "rtl" else None

    def is_english_masthead_line(self, cls: str, text: str) -> bool:
        """Whether a masthead line read from the text is in English in another language's
        version (the UN keeps "Distr.: General", the date and "Original: …" in English in the
        Arabic, Chinese and Russian versions)."""
        if cls == "distribution":
            return text == ENGLISH.distribution
        if cls == "date" and self.info.date:
            return text == masthead_date(self.info.date, self.lang)[0] and masthead_date(
                self.info.date, self.lang)[1]
        if cls == "original":
            return text.startswith("Original: ") and text[10:] in ENGLISH.language_names.values()
        return False

    def masthead(self, doc: etree._Element, cover_blocks: list) -> lxml.html.HtmlElement:
        header = H("header", class_="masthead")
        lines = H("div", class_="masthead-lines")
        authorities = 0
        printed: set[str] = set()   # classes of the lines read from the text
        for p in xpath(doc, "a:coverPage/a:container[@name='masthead']/a:p"):
            kids = [local(c) for c in p if isinstance(c.tag, str)]
            if kids[:1] == ["docNumber"]:
                cls = "symbol"
            elif kids[:1] == ["docAuthority"]:
                cls = "un" if authorities == 0 else "organ"
                authorities += 1
            elif kids[:1] == ["inline"] and p[0].get("name") in _MASTHEAD_INLINES:
                cls = _MASTHEAD_INLINES[p[0].get("name")]
            elif kids[:1] == ["docDate"]:
                cls = "date"
            else:
                cls = "masthead-line"
            notes: list[etree._Element] = []
            out = H("p", class_=cls)
            self.inline_into(out, p, notes)
            if self.english_if(self.is_english_masthead_line(cls, out.text_content().strip())):
                out.set("lang", "en")
                # Left to right inside an Arabic page, or "30 December 2020" shows as
                # "December 2020 30" (the bidi algorithm puts a leading number on the right).
                if self.lang.direction == "rtl":
                    out.set("dir", "ltr")
            printed.add(cls)
            lines.extend(self.with_notes(out, notes))
        # Other coverPage content (rare) keeps its text.
        for el in xpath(doc, "a:coverPage/*[not(self::a:container[@name='masthead'])]"):
            lines.extend(self.block(el, 2))
        # The date and "Original" lines are generated only when the text does not print them.
        if self.info.date and "date" not in printed:
            text, english = masthead_date(self.info.date, self.lang)
            lines.append(H("p", H("time", text, datetime=self.info.date), class_="date",
                           lang=self.english_if(english), dir=self.ltr_if(english)))
        # A translation was made from its original: "Original: Chinese" (and the line naming the
        # version's own language, as the UN's translations print it above that line).
        original = self.info.original_language or self.info.source_language
        if original and original != self.lang.code and "language" not in printed:
            own = self.lang.language_names.get(self.lang.code, self.lang.name_en)
            english = own == ENGLISH.language_names.get(self.lang.code)
            lines.append(H("p", own[:1].upper() + own[1:], class_="language",
                           lang=self.english_if(english), dir=self.ltr_if(english)))
        if original and "original" not in printed:
            name = self.lang.language_names.get(original, original)
            text = self.lang.original.format(language=name)
            english = ENGLISH.original.format(language=ENGLISH.language_names.get(original, ""))
            lines.append(H("p", text, class_="original", lang=self.english_if(text == english),
                           dir=self.ltr_if(text == english)))
        header.append(lines)
        if cover_blocks:
            cover = H("div", class_="cover")
            for el in cover_blocks:
                cover.extend(self.block(el, 2))
            # The notes of the cover lines (the agenda item's "*") close the cover, as at the
            # foot of a printed first page, rather than splitting the agenda lines.
            for aside in [c for c in cover if c.tag == "aside"]:
                cover.remove(aside)
                cover.append(aside)
            header.append(cover)
        return header

    def description(self) -> str:
        """One line saying what the page is: symbol, kind, title."""
        return f"{self.info.symbol}: {self.title_text()}"

    def metadata(self) -> list[lxml.html.HtmlElement]:
        """``<meta>`` description, date and identifier (Dublin Core names registered for HTML),
        and ``<link rel="alternate">`` to the other languages and editions of the release."""
        out = [H("meta", name="description", content=self.description()),
               H("meta", name="dcterms.identifier", content=self.info.symbol)]
        if self.info.date:
            out.append(H("meta", name="dcterms.date", content=self.info.date))
        if self.info.original_language or self.info.source_language:
            out.append(H("meta", name="dcterms.source", content=undocs_url(
                self.info.symbol, language(self.info.original_language or self.info.source_language))))
        for code, href in self.languages():
            if href:
                out.append(H("link", rel="alternate", hreflang=language(code).bcp47, href=href))
        for fmt, href in self.options.editions:
            out.append(H("link", rel="alternate", type=_EDITION_TYPES[fmt], href=href))
        return out

    def languages(self) -> list[tuple[str, str]]:
        """(code, address) of every language version, this one included, in the UN's order."""
        versions: dict[str, str | None] = dict(self.options.languages)
        if not versions:
            return []
        versions.setdefault(self.lang.code, None)
        return [(code, versions[code]) for code in _UN_ORDER if code in versions]

    def editions_nav(self) -> lxml.html.HtmlElement | None:
        """The visible switcher: each language version by its own name (the current one marked
        ``aria-current``), then the PDF and EPUB editions."""
        versions = self.languages()
        if not versions and not self.options.editions:
            return None
        nav = H("nav", class_="editions", aria_label=_EDITIONS_LABEL.get(self.lang.code, "Languages"))
        ul = H("ul")
        for code, href in versions:
            other = language(code)
            name = _AUTONYMS[code]
            if code == self.lang.code:
                item = H("span", name, aria_current="page", lang=other.bcp47, dir=other.direction)
            else:
                item = H("a", name, href=href, hreflang=other.bcp47, lang=other.bcp47, dir=other.direction)
            ul.append(H("li", item))
        for fmt, href in self.options.editions:
            ul.append(H("li", H("a", fmt.upper(), href=href, type=_EDITION_TYPES[fmt], class_="edition",
                                lang="en" if self.lang.code != "en" else None)))
        nav.append(ul)
        return nav

    def toc(self, main: lxml.html.HtmlElement) -> lxml.html.HtmlElement:
        nav = H("nav", H("h2", self.lang.contents, id="toc-heading"), class_="toc",
                aria_labelledby="toc-heading")

        def entries(parent) -> lxml.html.HtmlElement | None:
            ol = H("ol")
            for sec in parent.iterchildren("section"):
                if sec.get("class") not in ("chapter", "division", "annex", "debateSection") or not sec.get("id"):
                    continue
                h = sec[0] if len(sec) and sec[0].tag in ("h2", "h3", "h4") else None
                if h is None:
                    continue
                a = H("a", href="#" + sec.get("id"))
                for span in h.iterchildren("span"):
                    copy = H("span", class_=span.get("class"))
                    copy.text = "".join(t for t in span.itertext())
                    copy.tail = span.tail
                    a.append(copy)
                li = H("li", a)
                sub = entries(sec)
                if sub is not None:
                    li.append(sub)
                ol.append(li)
            return ol if len(ol) else None

        ol = entries(main)
        if ol is not None:
            nav.append(ol)
        return nav

    def build(self) -> lxml.html.HtmlElement:
        doc = model.document_element(self.tree)
        html = H("html", lang=self.lang.bcp47, dir=self.lang.direction)
        head = H("head",
                 H("meta", charset="utf-8"),
                 H("meta", name="viewport", content="width=device-width, initial-scale=1"),
                 H("meta", name="color-scheme", content="light dark"),
                 H("title", f"{self.title_text()} — {self.info.symbol}"),
                 *self.metadata(),
                 H("style", "\n" + language_css(self.lang) + stylesheet("html.css")))
        html.append(head)
        # A resolution's body says so: its print layout runs on after the title, where a
        # report's cover page ends (styles/print.css).
        # A meeting record's says which kind ("record verbatimRecord"): print.css sets a verbatim
        # record's proceedings in two columns.
        kind = "record " + doc.get("name", "") if local(doc) == "debate" else None
        body = H("body", class_="resolution" if self.info.kind == "resolution" else kind)
        html.append(body)
        body.append(H("a", self.lang.skip_to_main, class_="skip-link", href="#main"))
        body[-1].tail = "\n"

        preface = [c for c in xpath(doc, "a:preface/*")]
        cover_blocks = []
        # The cover: the leading lines of the preface (session, its dates, agenda item and
        # title), up to the long title, a resolution's adoption and origin lines or a draft's
        # sponsors (which the UN sets in the text column, over the title).
        while preface and local(preface[0]) == "p" and preface[0].get("class") not in (
                "adoption", "origin", "proponent"):
            cover_blocks.append(preface.pop(0))
        editions = self.editions_nav()
        if editions is not None:
            body.append(editions)
        body.append(self.masthead(doc, cover_blocks))

        main = H("main", id="main", tabindex="-1")
        if preface:
            div = H("div", class_="preface")
            for el in preface:
                div.extend(self.block(el, 2))
            main.append(div)
        for body_el in xpath(doc, "a:preamble|a:mainBody|a:body|a:debateBody|a:conclusions"):
            # A resolution's preamble (enacting formula, preambular paragraphs) and its
            # conclusions (meeting and date) are divs of their own; a body's blocks are main's.
            part = main
            if local(body_el) in ("preamble", "conclusions"):
                part = H("div", class_=local(body_el), id=self.unique_id(local(body_el)))
                main.append(part)
            for child in body_el:
                if isinstance(child.tag, str):
                    part.extend(self.block(child, 2))
        for annex in model.annexes(self.tree):     # after the conclusions, as the UN prints them
            main.extend(self.block(annex, 2))
        nav = self.toc(main)
        if nav.find("ol") is not None:   # a resolution without divisions has no contents
            # After the title (and a report's summary), so that the page opens with what it is.
            preface_div = main.find("div[@class='preface']")
            if preface_div is not None:
                preface_div.addnext(nav)
            else:
                main.insert(0, nav)
        body.append(main)
        link = undocs_url(self.info.symbol, self.lang)
        footer = H("footer", H("p", H("a", self.info.symbol, href=link, class_="symbol")))
        if self.info.job_number:
            # The UN's job number ("23-24913 (E)"), printed at the foot of the first page.
            footer.append(H("p", self.info.job_number, class_="job-number", lang=self.english_if(True),
                            dir=self.ltr_if(True)))
        body.append(footer)
        if self.info.kind == "resolution":
            italicize_openings(main, self.lang)
        mark_foreign_runs(body, self.lang)
        superscript_ordinals(body, self.lang)
        _newlines(html)
        return html


def _space_between(el: lxml.html.HtmlElement, start: int) -> None:
    """A space between adjacent inline children of ``el`` from index ``start`` on that the text
    does not separate ("75/234." + "South-South cooperation" → "75/234. South-South cooperation"):
    the UN sets them apart by layout, which the model does not carry."""
    kids = list(el)[start:]
    for a, b in zip(kids, kids[1:]):
        left = "".join(a.itertext()) + (a.tail or "")
        right = b.text_content() if b.tag != "br" else " "
        if a.tag != "br" and left and right and not left[-1].isspace() and not right[0].isspace():
            a.tail = (a.tail or "") + " "


def _remove_keep_tail(el: etree._Element) -> None:
    """Remove ``el`` from its parent, keeping the text that follows it."""
    parent, prev = el.getparent(), el.getprevious()
    if prev is not None:
        prev.tail = (prev.tail or "") + (el.tail or "")
    else:
        parent.text = (parent.text or "") + (el.tail or "")
    parent.remove(el)


def _newlines(root: lxml.html.HtmlElement) -> None:
    """A newline after each block element inside a block container, for a readable file."""
    for el in root.iter():
        if el.tag in _BLOCKS and el.getparent() is not None and el.getparent().tag in (
                "html", "head", "body", "header", "nav", "main", "footer", "section", "div",
                "aside", "ol", "ul", "li", "table", "tr") and not (el.tail or "").strip():
            el.tail = "\n"
        if el.tag in ("html", "head", "body", "header", "nav", "main", "footer", "section",
                      "div", "aside", "ol", "ul", "table", "tr") and len(el) and not (el.text or "").strip():
            el.text = "\n"


def html_document(tree: etree._ElementTree, options: WriteOptions) -> lxml.html.HtmlElement:
    """The whole page as an ``lxml.html`` tree (see the module docstring for its shape)."""
    return _Builder(tree, options).build()


def serialize(root: lxml.html.HtmlElement) -> bytes:
    """An HTML5 page: doctype, UTF-8."""
    return lxml.html.tostring(root, doctype="<!DOCTYPE html>", encoding="utf-8", method="html")


def write_html(tree: etree._ElementTree, options: WriteOptions) -> bytes:
    return serialize(html_document(tree, options))
