"""Link UN document symbols, resolutions and web addresses in the running text.

``[A/73/150](#)`` links were resolved by the reader; this finds the ones the
PDF printed as plain text: bare symbols (SSC/19/3, JIU/REP/2018/2),
resolutions named in running text (第 70/1 号决议, resolution 70/1: whose, by the
UN's convention, see ``symbols``) and URLs (``https://…``, ``www.…``).  Every link made is
reported, and so is every resolution number left unlinked.
"""

from __future__ import annotations

import re

from lxml import etree

from ..languages import ORGANS, undocs_url
from ..model import AKN_NS, E, document_info, splice_text, xpath
from ..symbols import (LOCATED_IN, NUMBER, RESOLUTION_LIST, RESOLUTION_PHRASES, SYMBOL, URL, cited_organ,
                       clause_organ, clean_symbol, clean_url, is_symbol, number_shape, resolution_organ,
                       organ_named_after, resolution_symbol, split_joint, url_href)
from . import Context
from .footnotes import text_slots

AKN = f"{{{AKN_NS}}}"


#: A corrigendum, addendum or revision named after a symbol by its last part alone ("A/79/10 and
#: Corr.1", "A/79/352/Add.1 and Corr.1", "E/2024/50, Add.1 and Add.2"): group "part".
FOLLOWING_PART = re.compile(r"(?:,|[\s\u00a0]+(?:and|et|y|и|و|和|及))[\s\u00a0]*(?P<part>(?:Corr|Add|Rev|Amend)\.\d{1,3})\b")
#: What joins a resolution phrase to the list before it, the words before the phrase ("… and
#: resolution", "… et la résolution", "… y la resolución", "… и резолюцию"); within 200 characters.
AND_THE = re.compile(r"(?:\band|\bet|\by|\bи|\bو)(?:[\s\u00a0]+(?:the|la|le|les|el|las|los))?[\s\u00a0]*\Z")
#: In a list of resolutions, a number further than this from the one before it (a title, a date
#: between) is read as the list's only when it has the same shape.
LIST_NEAR = 60
#: Chinese numbers a resolution phrase holds: 第70/1号决议, 第69/193和69/196号决议, S-23/2号决议,
#: 第2254(2015)、2139(2014)和2191(2014)号决议, 第2286(2016)决议: a number after 第, or before 号,
#: 、, 和, 及 or 决议, with 决议 ahead in the clause and no 决定 (decision) before it.
ZH_NUMBER = re.compile(rf"(?P<pre>第[\s\u00a0]*)?(?<![A-Za-z0-9/.\-])(?P<num>{NUMBER})"
                       rf"(?P<post>[\s\u00a0]*(?:号|决议|[、和及与]|以及))?(?=(?:(?!决定)[^，。；])*决议)")


def find_links(text: str, lang, organ: str | None = None, unlinked: list | None = None,
               carry: dict | None = None) -> list[tuple[int, int, str, str]]:
    """Non-overlapping (start, end, class, href) in ``text``; earlier and longer matches win.

    ``organ``: the document's organ, which decides whose a bare resolution number is
    (:func:`symbols.resolution_organ`).  A number named as a resolution that no organ's
    convention makes a document goes to ``unlinked`` as (start, end, organ named or None, or
    "located" when it is the one printed in a document cited just before it).  ``carry``: a list
    of resolutions cut by a note call goes on in the text after it; the dict holds, between the
    two calls, whose the list is and its shape ("list")."""
    found = []
    for m in URL.finditer(text):
        url = clean_url(m.group(0))
        href = url_href(url)
        if href is not None:
            found.append((m.start(), m.start() + len(url), "url", href))
    for m in SYMBOL.finditer(text):
        symbol = clean_symbol(m.group(0))
        if is_symbol(symbol):
            # A joint symbol (A/77/895-S/2023/363) is filed, and linked by the UN, under its first.
            target = (split_joint(symbol) or [symbol])[0]
            found.append((m.start(), m.start() + len(symbol), "symbol", undocs_url(target, lang)))
            end = m.start() + len(symbol)
            while (more := FOLLOWING_PART.match(text, end)) is not None:
                part = more["part"]
                base = target if not re.search(rf"/{part.split('.')[0]}\.\d+$", target) else target.rsplit("/", 1)[0]
                found.append((more.start("part"), more.end("part"), "symbol", undocs_url(f"{base}/{part}", lang)))
                end = more.end()
    missed = []

    def resolution(start: int, end: int, cited: str | None) -> None:
        number = text[start:end]
        if cited == "located":
            missed.append((start, end, cited))
            return
        symbol = resolution_symbol(number, resolution_organ(number, organ, cited))
        if symbol:
            found.append((start, end, "resolution", undocs_url(symbol, lang)))
        else:
            missed.append((start, end, cited))

    def whose(start: int, num_start: int, num_end: int) -> str | None:
        located = LOCATED_IN.get(lang.code)
        if located is not None and located.search(text, max(0, start - 80), start):
            return "located"
        return cited_organ(text, start, num_start, num_end, lang) or clause_organ(text, start, lang)

    if lang.code == "zh":
        previous = None     # (end, organ) of the number before, in the same clause
        for m in ZH_NUMBER.finditer(text):
            if not (m["pre"] or m["post"]):
                continue
            cited = whose(m.start(), m.start("num"), m.end("num"))
            if cited is None and previous and not re.search("[，。；]", text[previous[0]:m.start()]):
                cited = previous[1]
            resolution(m.start("num"), m.end("num"), cited)
            previous = (m.end("num"), cited)
    elif (phrase := RESOLUTION_PHRASES.get(lang.code)) is not None:
        carried = (carry or {}).pop("list", None)
        lists = [(None, carried)] if carried else []
        lists += [(m, None) for m in phrase.finditer(text)]
        last = None         # (end, organ) of the list before, when an organ was named for it
        for m, carried in lists:
            if carried:
                cited, shape = carried
                numbers, end = [], 0
            else:
                cited = whose(m.start(), m.start("num"), m.end("num"))
                numbers = [(m.start("num"), m.end("num"))]
                end, shape = m.end("num"), number_shape(m["num"])
                if cited is None and last and AND_THE.search(text, last[0], m.start()) \
                        and not re.search(r"[.;:。；](?:\s|$)", text[last[0]:m.start()]) \
                        and resolution_symbol(m["num"], last[1]):
                    # "… résolutions 49/1 et 52/32 [du Conseil] … et la résolution S-34/1": the same organ's.
                    cited = last[1]
            while (more := RESOLUTION_LIST.match(text, end)) is not None:
                if len(more["gap"]) > LIST_NEAR and number_shape(more["num"]) != shape:
                    break
                numbers.append((more.start("num"), more.end("num")))
                end = more.end("num")
            if cited is None and len(numbers) > 1:
                # "resolutions 49/1 and 52/32 of the Human Rights Council": named after the last.
                cited = organ_named_after(text, numbers[-1][1], lang)
            for start, stop in numbers:
                resolution(start, stop, cited)
            last = (numbers[-1][1], cited) if numbers and cited and not cited.startswith("short:") \
                and cited != "located" else None
            if carry is not None and numbers and not re.search(r"[.;:。；](?:\s|$)", text[numbers[-1][1]:]):
                carry["list"] = (cited, shape)      # the list may go on after a note call
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
        #: A list of resolutions that runs on to a note call goes on after it (the note's own text,
        #: read in between, is another text): the list's state, by the note whose tail continues it.
        lists_at_note: dict = {}
        # A document's own title names it, it does not cite it.  A root holds its title (its
        # preface does) or none: no ancestor of a root is one.
        titled = bool(xpath(root, "descendant-or-self::a:longTitle"))
        for el, slot in list(text_slots(root)):
            if titled and xpath(el if slot == "text" else el.getparent(), "ancestor-or-self::a:longTitle"):
                continue
            text = getattr(el, slot)
            unlinked: list = []
            carry = lists_at_note.pop(el, {}) if slot == "tail" and el.tag == AKN + "authorialNote" else {}
            following = (el[0] if len(el) else None) if slot == "text" else el.getnext()
            links = find_links(text, lang, info.organ, unlinked, carry)
            if carry and following is not None and following.tag == AKN + "authorialNote":
                lists_at_note[following] = carry
            for start, end, cited in unlinked:
                number = text[start:end]
                if cited == "located":
                    whose = "it is the resolution printed in the document cited just before it"
                elif cited and cited.startswith("short:"):
                    whose = f"the text names the {cited[6:]} but not which one"
                elif cited:
                    whose = f"the {ORGANS[cited].names['en']}'s resolutions numbered so have no document symbol"
                elif number_shape(number) == "session" and (owner := resolution_organ(number, info.organ)) and \
                        int(number.split("/")[0]) < ORGANS[owner].first_numbered_session:
                    whose = (f"the {ORGANS[owner].names['en']} numbered its resolutions so only from its session "
                             f"{ORGANS[owner].first_numbered_session}: this is another body's")
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
