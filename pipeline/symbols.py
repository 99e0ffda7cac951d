"""UN document symbols, resolution numbers and web addresses in running text → link targets.

Symbols are recognised by their shape (an organ or series prefix, then ``/``
parts holding at least one digit), not by a list of known documents; a
resolution number printed alone (``70/1``) is a General Assembly resolution,
``A/RES/70/1``, only in the phrases each language uses for one.  Decisions
have no symbol and are never linked.
"""

from __future__ import annotations

import re
from urllib.parse import quote

from .languages import Language, undocs_url

SERIES = (r"A|S|E|ST|DP|TD|UNEP|SSC|JIU|CRC|CEDAW|CCPR|CERD|CAT|CMW|CRPD|CED|HRC|FCCC|UNW|ECE|ESCAP|ECA|ECLAC|"
          r"ESCWA|ICEF|WFP|IDB|ISBA|UNCTAD|ITC|APLC|CCW|BWC|NPT|SPLOS|LOS|PBC|UNITAR|UNU|UNHCR|UNIDO|UNODC|"
          r"UNCITRAL|TRADE|INFCIRC|GC")
SYMBOL = re.compile(
    rf"(?<![A-Za-z0-9/])(?:{SERIES})(?:/[A-Za-z0-9.\-]+)+(?:\s\(\d{{4}}\))?(?:/[A-Za-z0-9.\-]+)*")
RESOLUTION_NUMBER = re.compile(r"^(?:ES-|S-)?\d{1,4}/\d{1,4}(?:\s?[A-Z])?$")

#: A resolution number: General Assembly "70/1", "57/270 B", "ES-10/2"; Security Council "1844 (2008)".
NUMBER = r"(?:(?:ES-|S-)?\d{1,4}/\d{1,4}(?:[\s\u00a0][A-Z](?![A-Za-z]))?|\d{1,4}[\s\u00a0]\(\d{4}\))"

#: Phrases that make a bare number a resolution, per language; group "num" is linked.  A list that
#: follows ("resolutions 57/270 B of 23 June 2003, 60/212 of …") is linked by RESOLUTION_LIST.
RESOLUTION_PHRASES = {
    # 第 70/1 号决议; in a list 第57/270 B号、…第74/239号决议 each number is linked, but never a
    # decision (执行局第 2018/5 号决定).
    "zh": re.compile(rf"第\s*(?P<num>{NUMBER})\s*号(?=(?:(?!决定)[^，。；])*决议)"),
    "en": re.compile(rf"\b[Rr]esolutions?\s+(?P<num>{NUMBER})"),
    "fr": re.compile(rf"\b[Rr]ésolutions?\s+(?P<num>{NUMBER})"),
    "es": re.compile(rf"\b[Rr]esoluci(?:ón|ones)\s+(?P<num>{NUMBER})"),
    "ru": re.compile(rf"\b[Рр]езолюци[яиюейям]+\s+(?P<num>{NUMBER})"),
    "ar": re.compile(rf"(?:القرار|قرار\w*|القرارين)\s+(?P<num>{NUMBER})"),
}
#: The next number of a list of resolutions: the words between hold no sentence end and name no decision.
RESOLUTION_LIST = re.compile(
    rf"(?P<gap>(?:(?![.;:。；](?:\s|$)|decisi|décisi|решени|مقرر)[^;。；]){{1,60}}?)(?<![\w/])(?P<num>{NUMBER})")

#: A web address: printable ASCII only, so that it never takes in the Chinese, Arabic or
#: full-width punctuation written right after it; quotes and angle brackets end it too.
URL = re.compile(r"(?:https?://|www\.)[!#-&(-;=?-~]+")


def clean_symbol(text: str) -> str:
    """Drop punctuation that ends the sentence rather than the symbol."""
    while text and (text[-1] in ".,;:" or (text[-1] == ")" and text.count("(") < text.count(")"))):
        text = text[:-1]
    return text


def clean_url(text: str) -> str:
    """Drop what ends the sentence rather than the address: punctuation, an unbalanced ) or ]."""
    while text and (text[-1] in ".,;:!?'" or (text[-1] == ")" and text.count("(") < text.count(")"))
                    or (text[-1] == "]" and text.count("[") < text.count("]"))):
        text = text[:-1]
    return text


#: What an address keeps as written: RFC 3986's unreserved and reserved characters but ``[ ]``
#: (allowed only around an IPv6 host), and ``%`` of an escape already made.
URI_KEEP = "!$%&'()*+,/:;=?@-._~"
#: RFC 3986 authority: [userinfo@]host[:port], the host a name (percent-encoded if not ASCII); an
#: empty port ("a.org:/"), which RFC 3986 allows, is refused by libxml2's anyURI: not an address here.
AUTHORITY = re.compile(r"(?:[A-Za-z0-9\-._~%!$&'()*+,;=:]*@)?[A-Za-z0-9\-._~%!$&'()*+,;=]+(?::[0-9]+)?")


def web_href(target: str) -> str | None:
    """The href of a web address (``https://…``, ``www.…``), percent-encoded where URI syntax
    requires it (a lone ``%``, ``[ ]``, a space, a second ``#``, non-ASCII); ``None`` when the
    target is not an absolute http(s) address (``javascript:``, ``mailto:``, a relative path),
    which the writers must not publish."""
    target = target.strip()
    if target[:4].lower() == "www.":
        target = "http://" + target
    m = re.match(r"(?i)(https?)://(?=[^/?#\s])", target)
    if not m:
        return None
    rest = re.sub(r"%(?![0-9A-Fa-f]{2})", "%25", target[m.end():])
    authority = re.match(r"[^/?#]*", rest).group(0)
    if not AUTHORITY.fullmatch(quote(authority, safe=URI_KEEP)):
        return None          # "www.un.orghttps://…": no host and port an address can have
    path, hash_, fragment = rest.partition("#")
    href = m.group(1).lower() + "://" + quote(path, safe=URI_KEEP)
    return href + ("#" + quote(fragment, safe=URI_KEEP) if hash_ else "")


def url_href(text: str) -> str | None:
    """The href of a web address printed in the text (``None`` if it is not one)."""
    return web_href(text)


def resolution_symbol(number: str) -> str:
    """70/1 → A/RES/70/1; 57/270 B → A/RES/57/270B; 1844 (2008) → S/RES/1844 (2008)."""
    number = number.replace("\u00a0", " ")
    if "(" in number:
        return "S/RES/" + number
    return "A/RES/" + number.replace(" ", "")


def link_for_text(text: str, lang: Language) -> tuple[str, str] | None:
    """A link whose target was lost: ("symbol"|"resolution", undocs URL), or None."""
    text = text.strip()
    if RESOLUTION_NUMBER.match(text):
        return "resolution", undocs_url(resolution_symbol(text), lang)
    m = SYMBOL.fullmatch(clean_symbol(text))
    if m and any(ch.isdigit() for ch in text):
        return "symbol", undocs_url(m.group(0), lang)
    return None
