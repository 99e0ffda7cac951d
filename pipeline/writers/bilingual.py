"""A translated model and its source model in, one side-by-side page out: HTML, or PDF laid out from it.

``tree`` is the translation (from ``pipeline merge``), ``options.parallel`` the document it
was translated from.  Both go through ``html.html_document``, so each column is exactly
what the one-language HTML shows; the pages are then cut into the same blocks (the
masthead, each cover line, heading and numbered paragraph, with the footnotes that follow
it) and set as rows of two columns: source on the left, translation on the right, each with
its own ``lang`` and ``dir``.  The merge keeps the model's structure, so the blocks pair
one to one; if they do not, the writer refuses rather than mis-align the text.

The source column's ids get the prefix ``src-`` (and its links follow), so ids stay unique
and each column's footnote links stay in their column.  The screen furniture (skip link
kept, contents and footer dropped) and the style (``html.css`` plus ``bilingual.css``)
follow the translation's page.  The PDF is WeasyPrint's layout of that page in landscape,
tagged by ``pdf_tags`` as the one-language PDF is (PDF/UA-1, each column's ``/Lang``).
"""

from __future__ import annotations

import copy
import dataclasses

import lxml.html
from lxml import etree

from .. import model
from ..diagnostics import WriterError
from ..languages import Language
from . import WriteOptions
from .html import H, font_stack, html_document, serialize, stylesheet

#: Elements whose children are blocks of their own (walked into), in the HTML writer's page.
_CONTAINERS = {"main", "section", "div.preface", "div.cover", "section.summary", "div.preamble",
               "div.conclusions"}
_ID_ATTRS = ("id",)
_REF_ATTRS = ("href", "aria-labelledby", "aria-describedby", "aria-controls")


def _key(el) -> str:
    cls = (el.get("class") or "").split()
    return el.tag + ("." + cls[0] if cls else "")


def _is_container(el) -> bool:
    return el.tag in ("main", "section") or _key(el) in _CONTAINERS


def blocks(page: lxml.html.HtmlElement) -> list[list]:
    """The page cut into rows: [[block, note, note…], …] in reading order."""
    body = page.find("body")
    rows: list[list] = []
    header = body.find("header")
    if header is not None:
        lines = header.find("div[@class='masthead-lines']")
        if lines is not None:
            rows.append([lines])
        cover = header.find("div[@class='cover']")
        if cover is not None:
            _walk(cover, rows)
    main = body.find("main")
    if main is None:
        raise WriterError("bilingual: the HTML page has no <main>", "this is a bug in the HTML writer")
    _walk(main, rows)
    return rows


def _walk(el, rows: list[list]) -> None:
    for child in el:
        if not isinstance(child.tag, str) or child.tag == "nav":
            continue
        if child.tag == "aside" and rows:
            rows[-1].append(child)
        elif _is_container(child):
            _walk(child, rows)
        else:
            rows.append([child])


def _prefix_ids(el, prefix: str) -> None:
    for node in el.iter():
        if not isinstance(node.tag, str):
            continue
        for attr in _ID_ATTRS:
            if node.get(attr):
                node.set(attr, prefix + node.get(attr))
        for attr in _REF_ATTRS:
            value = node.get(attr)
            if not value:
                continue
            if attr == "href":
                if value.startswith("#"):
                    node.set(attr, "#" + prefix + value[1:])
            else:
                node.set(attr, " ".join(prefix + v for v in value.split()))


def _column_css(selector: str, lang: Language) -> str:
    return (f"{selector} {{\n"
            f"  --font-serif: {font_stack(lang.serif_fonts, 'serif')};\n"
            f"  --font-sans: {font_stack(lang.sans_fonts, 'sans-serif')};\n"
            "}\n")


def bilingual_document(tree: etree._ElementTree, options: WriteOptions,
                       for_print: bool = False) -> lxml.html.HtmlElement:
    """The side-by-side page as an ``lxml.html`` tree; ``for_print``: each list item on a row
    of its own (see ``_cut_lists``)."""
    if options.parallel is None:
        raise WriterError("a bilingual page needs the source document (WriteOptions.parallel)",
                          "give the source with --bilingual SOURCE")
    target_info = model.document_info(tree)
    source_info = model.document_info(options.parallel)
    if source_info.symbol != target_info.symbol:
        raise WriterError(f"bilingual: the translation is of {target_info.symbol}, the source given is "
                          f"{source_info.symbol}", "give the source the translation was made from")
    plain = dataclasses.replace(options, parallel=None)
    target_page = html_document(tree, plain)
    source_page = html_document(options.parallel, plain)
    target_rows, source_rows = blocks(target_page), blocks(source_page)
    if for_print:
        target_rows, source_rows = _cut_lists(target_rows), _cut_lists(source_rows)
    for n, (t, s) in enumerate(zip(target_rows, source_rows), 1):
        if [_key(e) for e in t] != [_key(e) for e in s] or t[0].get("id") != s[0].get("id"):
            raise WriterError(f"bilingual: block {n} does not match: {_key(s[0])}#{s[0].get('id')} in the "
                              f"source, {_key(t[0])}#{t[0].get('id')} in the translation",
                              "merge the translation from this source again (pipeline merge)")
    if len(target_rows) != len(source_rows):
        raise WriterError(f"bilingual: the source has {len(source_rows)} blocks, the translation "
                          f"{len(target_rows)}", "merge the translation from this source again (pipeline merge)")

    tlang, slang = target_info.lang, source_info.lang
    page = copy.deepcopy(target_page)
    head, body = page.find("head"), page.find("body")
    title = head.find("title")
    title.text = (title.text or "") + f" ({slang.language_names.get(slang.code, slang.name_en)} · " \
                                       f"{tlang.language_names.get(tlang.code, tlang.name_en)})"
    style = head.find("style")
    style.text = ("\n" + _column_css(":root", tlang) + _column_css(".src", slang) + _column_css(".tgt", tlang)
                  + stylesheet("html.css") + stylesheet("bilingual.css"))
    body.set("class", "bilingual")
    skip = body.find("a[@class='skip-link']")
    for child in list(body):
        body.remove(child)
    if skip is not None:
        skip.tail = None
        body.append(skip)
    main = H("main", id="main")
    main.set("class", "bilingual")
    body.append(main)
    for s_row, t_row in zip(source_rows, target_rows):
        left = H("div", lang=slang.bcp47, dir=slang.direction)
        left.set("class", "src")
        right = H("div", lang=tlang.bcp47, dir=tlang.direction)
        right.set("class", "tgt")
        for el in s_row:
            el = copy.deepcopy(el)
            el.tail = None
            _prefix_ids(el, "src-")
            left.append(el)
        for el in t_row:
            el = copy.deepcopy(el)
            el.tail = None
            right.append(el)
        row = H("div", left, right)
        row.set("class", "row " + _key(t_row[0]).replace(".", "-"))
        if "continued" in (t_row[0].get("class") or "").split() and len(main):
            main[-1].set("class", main[-1].get("class") + " continues")   # no rule inside a block
        main.append(row)
    _demote_source_headings(main)
    return page


def _cut_lists(rows: list[list]) -> list[list]:
    """Rows with lists cut, in reading order, into pieces of a row each: the block's own text,
    each list item, what follows a list (``p.wrapUp``); nested items after their parent; the
    notes with the last piece.

    An operative paragraph with its lettered items can be longer than a landscape page
    (S/RES/2713 (2023) ¶ 9 and 45), and WeasyPrint 70 breaks such a row badly (a grid row
    raised an ``AssertionError`` in its page maker or lost a column's lines; the print rows
    are table rows now, see bilingual.css): a row per item keeps every break between items.  A piece
    keeps its list's indentation: it sits in as many ``ol``/``li`` wrappers (without ids) as it
    is deep.  Applied to both columns alike, so the rows still pair."""
    out: list[list] = []
    for row in rows:
        block, notes = row[0], row[1:]
        if block.find("ol") is None:
            out.append(row)
            continue
        pieces: list = []
        _pieces(block, lambda el: el, pieces)
        out.extend([[p] for p in pieces[:-1]] + [[pieces[-1], *notes]])
    return out


def _pieces(el, wrap, pieces: list) -> None:
    """Append to ``pieces`` the pieces of ``el`` (a block or a list item), each made whole by
    ``wrap``: its runs of children between lists (the first run a copy of ``el`` with its id
    and text, later ones a ``continued`` copy without id), and, in their place, the pieces of
    its lists' items."""
    run = None
    first = True
    if (el.text or "").strip() or (len(el) and el[0].tag != "ol"):
        run = _shallow(el)
        first = False
        pieces.append(wrap(run))
    for child in el:
        if child.tag == "ol":
            run = None
            for li in child.findall("li"):
                _pieces(li, lambda x, ol=child: wrap(_continued(el, _shell(ol, x))), pieces)
            if (child.tail or "").strip():        # text right after a list: a piece of its own
                run = _continued(el)
                run.text = child.tail
                pieces.append(wrap(run))
            continue
        if run is None:
            run = _shallow(el) if first else _continued(el)
            first = False
            pieces.append(wrap(run))
        run.append(copy.deepcopy(child))


def _shallow(el) -> lxml.html.HtmlElement:
    """``el`` without its children: its tag, attributes and text."""
    copy_ = H(el.tag)
    for name, value in el.attrib.items():
        copy_.set(name, value)
    copy_.text = el.text
    return copy_


def _continued(el, *children) -> lxml.html.HtmlElement:
    """A continuation of ``el`` (same tag and class, plus ``continued``; no id)."""
    return H(el.tag, *children, class_=((el.get("class") or "") + " continued").strip())


def _shell(ol, child) -> lxml.html.HtmlElement:
    """A copy of list ``ol`` without its items or id, holding ``child``."""
    shell = H("ol", child)
    for name, value in ol.attrib.items():
        if name != "id":
            shell.set(name, value)
    return shell


def _demote_source_headings(main) -> None:
    """One heading outline: the source column's headings become styled paragraphs."""
    for h in main.xpath(".//div[@class='src']//*[self::h1 or self::h2 or self::h3 or self::h4 or self::h5 "
                        "or self::h6]"):
        level = h.tag[1]
        h.set("class", ((h.get("class") or "") + f" heading h{level}").strip())
        h.tag = "p"


def write_bilingual_html(tree: etree._ElementTree, options: WriteOptions) -> bytes:
    return serialize(bilingual_document(tree, options))


#: WeasyPrint 70 does not mirror grid columns in right-to-left text, so a right-to-left
#: column's masthead (html.css: UN name and organ in the first column, symbol and dates in the
#: second) is mirrored by hand, as print.css does for a whole right-to-left page.
_WEASYPRINT_RTL_MASTHEAD = """
[dir=rtl] > .masthead-lines { grid-template-columns: auto 1fr; }
[dir=rtl] > .masthead-lines > .un, [dir=rtl] > .masthead-lines > .organ { grid-column: 2; }
[dir=rtl] > .masthead-lines > .symbol, [dir=rtl] > .masthead-lines > .distribution,
[dir=rtl] > .masthead-lines > .date, [dir=rtl] > .masthead-lines > .original,
[dir=rtl] > .masthead-lines > .language, [dir=rtl] > .masthead-lines > .masthead-line {
  grid-column: 1; text-align: left; }
"""


def write_bilingual_pdf(tree: etree._ElementTree, options: WriteOptions) -> bytes:
    """The side-by-side page laid out in landscape, tagged as the one-language PDF is (PDF/UA-1:
    each column's language on its structure elements, Arabic text extractable)."""
    import weasyprint

    from . import pdf_tags, weasyprint_line_break
    from .pdf import PDF_VARIANT, hang_paragraph_numbers

    weasyprint_line_break.install()
    page = bilingual_document(tree, options, for_print=True)
    hang_paragraph_numbers(page)
    style = page.find("head").find("style")
    style.text += f"@page {{ size: {options.page_size} landscape; }}\n" + _WEASYPRINT_RTL_MASTHEAD
    html = serialize(page).decode("utf-8")
    try:
        document = weasyprint.HTML(string=html).render()
    except AssertionError as exc:   # WeasyPrint's page maker, on a row it cannot break (_cut_lists)
        raise WriterError("bilingual: WeasyPrint could not lay out the side-by-side pages (a row it "
                          "cannot break across pages)",
                          "write the side-by-side HTML (--to html) and report this with the source "
                          "file") from exc
    if options.source_date_epoch is not None:
        import datetime
        stamp = datetime.datetime.fromtimestamp(options.source_date_epoch, datetime.timezone.utc)
        document.metadata.created = document.metadata.modified = stamp.strftime("%Y-%m-%dT%H:%M:%SZ")
    target, source = model.document_info(tree).lang, model.document_info(options.parallel).lang
    return pdf_tags.write_tagged(document, target, PDF_VARIANT,
                                 rtl_text="rtl" in (target.direction, source.direction))
