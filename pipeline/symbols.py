"""UN document symbols, resolution numbers and web addresses in running text → link targets.

Symbols are recognised by their shape (an organ or series prefix, then ``/``
parts holding at least one digit), not by a list of known documents; a
resolution number printed alone (``70/1``) is a General Assembly resolution,
``A/RES/70/1``, only in the phrases each language uses for one.  Decisions
have no symbol and are never linked.
"""

from __future__ import annotations

import re

from .languages import Language, undocs_url

SERIES = (r"A|S|E|ST|DP|TD|UNEP|SSC|JIU|CRC|CEDAW|CCPR|CERD|CAT|CMW|CRPD|CED|HRC|FCCC|UNW|ECE|ESCAP|ECA|ECLAC|"
          r"ESCWA|ICEF|WFP|IDB|ISBA|UNCTAD|ITC|APLC|CCW|BWC|NPT|SPLOS|LOS|PBC|UNITAR|UNU|UNHCR|UNIDO|UNODC|"
          r"UNCITRAL|TRADE|INFCIRC|GC")
SYMBOL = re.compile(
    rf"(?<![\w/])(?:{SERIES})(?:/[A-Za-z0-9.\-]+)+(?:\s\(\d{{4}}\))?(?:/[A-Za-z0-9.\-]+)*")
RESOLUTION_NUMBER = re.compile(r"^(?:ES-|S-)?\d{1,4}/\d{1,4}(?:\s?[A-Z])?$")

#: Phrases that make a bare "70/1" a General Assembly resolution, per language. Group "num" is linked.
RESOLUTION_PHRASES = {
    "zh": re.compile(r"(?<!执行局)(?<!理事会)第\s*(?P<num>(?:ES-|S-)?\d{1,4}/\d{1,4}(?:\s?[A-Z](?![a-z]))?)\s*号决议"),
    "en": re.compile(r"\b[Rr]esolutions?\s+(?P<num>(?:ES-|S-)?\d{1,4}/\d{1,4}(?:\s[A-Z]\b)?)"),
    "fr": re.compile(r"\b[Rr]ésolutions?\s+(?P<num>(?:ES-|S-)?\d{1,4}/\d{1,4}(?:\s[A-Z]\b)?)"),
    "es": re.compile(r"\b[Rr]esoluci(?:ón|ones)\s+(?P<num>(?:ES-|S-)?\d{1,4}/\d{1,4}(?:\s[A-Z]\b)?)"),
    "ru": re.compile(r"\b[Рр]езолюци[яиюейям]+\s+(?P<num>(?:ES-|S-)?\d{1,4}/\d{1,4}(?:\s[A-Z]\b)?)"),
    "ar": re.compile(r"(?:القرار|قرارها|القرارين|قرار)\s+(?P<num>(?:ES-|S-)?\d{1,4}/\d{1,4}(?:\s[A-Z]\b)?)"),
}

#: A web address: printable ASCII only, so that it never takes in the Chinese, Arabic or
#: full-width punctuation written right after it; quotes and angle brackets end it too.
URL = re.compile(r"(?:https?://|www\.)[!#-&(-;=?-~]+")


def clean_symbol(text: str) -> str:
    """Drop punctuation that ends the sentence rather than the symbol."""
    while text and (text[-1] in ".,;:" or (text[-1] == ")" and text.count("(") < text.count(")"))):
        text = text[:-1]
    return text


def clean_url(text: str) -> str:
    while text and (text[-1] in ".,;:!?'" or (text[-1] == ")" and text.count("(") < text.count(")"))):
        text = text[:-1]
    return text


def url_href(text: str) -> str:
    return text if "://" in text else "http://" + text


def resolution_symbol(number: str) -> str:
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
