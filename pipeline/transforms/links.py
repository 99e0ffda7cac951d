"""Link UN document symbols, General Assembly resolutions and web addresses in the running text.

``[A/73/150](#)`` links were resolved by the reader; this finds the ones the
PDF printed as plain text: bare symbols (SSC/19/3, JIU/REP/2018/2),
resolutions named in running text (第 70/1 号决议, resolution 70/1) and URLs
(``https://…``, ``www.…``).  Every link made is reported.
"""

from __future__ import annotations

from lxml import etree

from ..languages import undocs_url
from ..model import E, document_info, splice_text, xpath
from ..symbols import (RESOLUTION_LIST, RESOLUTION_PHRASES, SYMBOL, URL, clean_symbol, clean_url,
                       resolution_symbol, url_href)
from . import Context
from .footnotes import text_slots


def find_links(text: str, lang, resolutions: bool = True) -> list[tuple[int, int, str, str]]:
    """Non-overlapping (start, end, class, href) in ``text``; earlier and longer matches win.

    ``resolutions``: link numbers named as resolutions.  Off for the Human Rights Council,
    whose "resolution 4/4" is its own (A/HRC/RES/4/4), not the General Assembly's."""
    found = []
    for m in URL.finditer(text):
        url = clean_url(m.group(0))
        href = url_href(url)
        if href is not None:
            found.append((m.start(), m.start() + len(url), "url", href))
    for m in SYMBOL.finditer(text):
        symbol = clean_symbol(m.group(0))
        if any(ch.isdigit() for ch in symbol):
            found.append((m.start(), m.start() + len(symbol), "symbol", undocs_url(symbol, lang)))
    phrase = RESOLUTION_PHRASES.get(lang.code) if resolutions else None
    if phrase:
        for m in phrase.finditer(text):
            found.append((m.start("num"), m.end("num"), "resolution",
                          undocs_url(resolution_symbol(m.group("num")), lang)))
            end = m.end("num")
            while lang.code != "zh":
                more = RESOLUTION_LIST.match(text, end)
                if not more:
                    break
                found.append((more.start("num"), more.end("num"), "resolution",
                              undocs_url(resolution_symbol(more.group("num")), lang)))
                end = more.end("num")
    found.sort(key=lambda f: (f[0], -f[1]))
    result, end = [], -1
    for item in found:
        if item[0] >= end:
            result.append(item)
            end = item[1]
    return result


def link_symbols(tree: etree._ElementTree, ctx: Context) -> None:
    info = document_info(tree)
    lang = info.lang
    resolutions = info.organ != "hrc"
    roots = xpath(tree, "/a:akomaNtoso/*/a:preface | /a:akomaNtoso/*/a:preamble | /a:akomaNtoso/*/a:mainBody"
                        " | /a:akomaNtoso/*/a:conclusions | /a:akomaNtoso/*/a:attachments")
    locator = ctx.locator()
    for root in roots:
        for el, slot in list(text_slots(root)):
            if xpath(el if slot == "text" else el.getparent(), "ancestor-or-self::a:longTitle"):
                continue        # a document's own title names it, it does not cite it
            text = getattr(el, slot)
            links = find_links(text, lang, resolutions)
            if not links:
                continue
            nodes: list = [text[: links[0][0]]]
            for i, (start, end, cls, href) in enumerate(links):
                needle = text[start:end]
                following = links[i + 1][0] if i + 1 < len(links) else len(text)
                nodes += [E("a" if cls == "url" else "ref", needle, class_=cls, href=href), text[end:following]]
                ctx.reporter.info("url-linked" if cls == "url" else "symbol-linked",
                                  f"“{needle}” → {href}", locator.pos(el if slot == "text" else el.getparent(), needle))
            splice_text(el, slot, nodes)
