"""Link UN document symbols, resolutions and web addresses in the running text.

``[A/73/150](#)`` links were resolved by the reader; this finds the ones the
PDF printed as plain text: bare symbols (SSC/19/3, JIU/REP/2018/2),
resolutions named in running text (第 70/1 号决议, resolution 70/1: whose, by the
UN's convention, see ``symbols``) and URLs (``https://…``, ``www.…``).  Every link made is
reported, and so is every resolution number left unlinked.
"""

from __future__ import annotations

from lxml import etree

from ..languages import undocs_url
from ..model import E, document_info, splice_text, xpath
from ..languages import ORGANS
from ..symbols import (RESOLUTION_LIST, RESOLUTION_PHRASES, SYMBOL, URL, cited_organ, clean_symbol, clean_url,
                       is_symbol, resolution_organ, resolution_symbol, url_href)
from . import Context
from .footnotes import text_slots


def find_links(text: str, lang, organ: str | None = None,
               unlinked: list | None = None) -> list[tuple[int, int, str, str]]:
    """Non-overlapping (start, end, class, href) in ``text``; earlier and longer matches win.

    ``organ``: the document's organ, which decides whose a bare resolution number is
    (:func:`symbols.resolution_organ`).  A number named as a resolution that no organ's
    convention makes a document goes to ``unlinked`` as (start, end, organ named or None)."""
    found = []
    for m in URL.finditer(text):
        url = clean_url(m.group(0))
        href = url_href(url)
        if href is not None:
            found.append((m.start(), m.start() + len(url), "url", href))
    for m in SYMBOL.finditer(text):
        symbol = clean_symbol(m.group(0))
        if is_symbol(symbol):
            found.append((m.start(), m.start() + len(symbol), "symbol", undocs_url(symbol, lang)))
    phrase = RESOLUTION_PHRASES.get(lang.code)
    missed = []

    def resolution(start: int, end: int, cited: str | None) -> None:
        number = text[start:end]
        symbol = resolution_symbol(number, resolution_organ(number, organ, cited))
        if symbol:
            found.append((start, end, "resolution", undocs_url(symbol, lang)))
        else:
            missed.append((start, end, cited))

    if phrase:
        for m in phrase.finditer(text):
            cited = cited_organ(text, m.start(), m.start("num"), m.end("num"), lang)
            resolution(m.start("num"), m.end("num"), cited)
            end = m.end("num")
            while lang.code != "zh":
                more = RESOLUTION_LIST.match(text, end)
                if not more:
                    break
                resolution(more.start("num"), more.end("num"), cited)
                end = more.end("num")
    found.sort(key=lambda f: (f[0], -f[1]))
    result, end = [], -1
    for item in found:
        if item[0] >= end:
            result.append(item)
            end = item[1]
    if unlinked is not None:
        unlinked.extend(miss for miss in missed
                        if not any(f[0] <= miss[0] < f[1] for f in result))
    return result


def link_symbols(tree: etree._ElementTree, ctx: Context) -> None:
    info = document_info(tree)
    lang = info.lang
    roots = xpath(tree, "/a:akomaNtoso/*/a:preface | /a:akomaNtoso/*/a:preamble | /a:akomaNtoso/*/a:mainBody"
                        " | /a:akomaNtoso/*/a:conclusions | /a:akomaNtoso/*/a:attachments")
    locator = ctx.locator()
    for root in roots:
        for el, slot in list(text_slots(root)):
            if xpath(el if slot == "text" else el.getparent(), "ancestor-or-self::a:longTitle"):
                continue        # a document's own title names it, it does not cite it
            text = getattr(el, slot)
            unlinked: list = []
            links = find_links(text, lang, info.organ, unlinked)
            for start, end, cited in unlinked:
                number = text[start:end]
                if cited and cited.startswith("short:"):
                    whose = f"the text names the {cited[6:]} but not which one"
                elif cited:
                    whose = f"the {ORGANS[cited].names['en']}'s resolutions numbered so have no document symbol"
                else:
                    organ = f"the {ORGANS[info.organ].names['en']}" if info.organ in ORGANS else "an unknown organ"
                    whose = (f"in a document of {organ} a number alone is no one organ's resolution "
                             "by the UN's convention")
                ctx.reporter.info("resolution-not-linked", f"resolution “{number}” is not linked: {whose}",
                                  locator.pos(el if slot == "text" else el.getparent(), number),
                                  "link it in the source, or write the organ (“General Assembly resolution …”)")
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
