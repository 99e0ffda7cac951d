"""UN document symbols, resolution numbers and web addresses in running text → link targets.

One grammar of a symbol for every reader and writer (a masthead's, a link's, a file name's, an
FRBR URI's): an organ's or series' prefix (``A``, ``E/CN.6``, ``DP/FPA``, ``ICCD``: the research
guide's parent organs and special series, the prefixes of :data:`languages.ORGANS` first), then
``/`` parts holding at least one digit somewhere (``A/HRC/55/1/Add.1``, ``ICCD/COP(16)/23``,
``S/RES/2713 (2023)``); recognised by this shape, not by a list of known documents.

A resolution number printed alone (``70/1``) is linked only where the UN's convention makes it
one organ's: its shape is that organ's alone (``2713 (2023)`` is the Security Council's,
``2023/5`` the Economic and Social Council's), the text names the organ ("General Assembly
resolution 70/1", "résolution 52/3 du Conseil des droits de l'homme"), or the document's own organ
numbers its resolutions so (the General Assembly's "resolution 78/123" is A/RES/78/123, the Human
Rights Council's "resolution 52/3" A/HRC/RES/52/3).  Otherwise it is left unlinked and reported,
never linked to a wrong document.  Decisions have no symbol and are never linked.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping
from urllib.parse import quote

from .languages import ORGANS, SHORT_NAMES, Language, masthead_organ, undocs_url

#: Series prefixes that name no organ of :data:`languages.ORGANS` (their documents' organ stays
#: unknown) but are symbols all the same (research guide, standards.md §3.3).
OTHER_SERIES = ("SSC", "JIU", "HRC", "ICEF", "WFP", "IDB", "ISBA", "UNCTAD", "ITC", "APLC", "CCW", "BWC", "NPT",
                "SPLOS", "LOS", "PBC", "UNITAR", "UNU", "UNHCR", "UNIDO", "UNODC", "UNCITRAL", "TRADE",
                "INFCIRC", "GC", "CAC", "CTOC", "CCPOQ")
#: The first part of every symbol series: the organs' (``E/CN.6/`` → ``E``) and the others'.
SERIES = "|".join(sorted({prefix.split("/")[0] for organ in ORGANS.values() for prefix in organ.series}
                         | set(OTHER_SERIES), key=lambda p: (-len(p), p)))
#: One part after a ``/``: letters, digits, ``.``, ``-``, and a parenthesised session written
#: without a space (``COP(16)``, ``2758(XXVI)``); a parenthesis the part does not close is the
#: sentence's.
PART = r"[A-Za-z0-9.\-]+(?:\([A-Za-z0-9.\-]+\)[A-Za-z0-9.\-]*)*"
#: What may follow a symbol's parts in parentheses, as a part of the symbol: a Security Council
#: resolution's year printed apart (``S/RES/2713 (2023)``), a volume, part, section, introduction
#: or supplement of a document (``NPT/CONF.2010/50 (Vol. I)``, ``A/CONF.157/24 (Part I)``,
#: ``A/78/6 (Sect. 29A)``, ``A/78/6 (Introduction)``), which ODS keeps in the symbol.
QUALIFIER = r"\s?\((?:\d{4}|(?:Vol|Part|Sect|Introduction|Supp|Income\s+sect)\.?(?:\s?[A-Za-z0-9.]{1,8}){0,2})\)"
#: A symbol of a series :data:`SERIES` does not list, by its shape alone: a capitalised series and
#: at least one capitalised part before a number (``CAC/COSP/2021/17``, ``CTOC/COP/2022/9``,
#: ``HSP/HA.2/3``), never a lower-case or digit-free pair (``km/h``, ``HIV/AIDS``).
OTHER_SHAPE = r"[A-Z]{2,8}(?:/[A-Z][A-Z.]*\d*)+/\d{1,4}\b"
#: A symbol in running text (and, matched whole, a masthead's or a file name's): the series, its
#: parts, and a qualifier (:data:`QUALIFIER`) after which more parts may follow (``…(Part I)/Corr.1``).
SYMBOL = re.compile(rf"(?<![A-Za-z0-9/])(?:(?:{SERIES})(?:/{PART})+|{OTHER_SHAPE}(?:/{PART})*)"
                    rf"(?:{QUALIFIER}(?:/{PART})*)?")
#: A joint symbol as a masthead prints it: two symbols joined by a hyphen (``A/79/989-S/2025/511``).
JOINT_SYMBOL = re.compile(rf"^(?P<a>(?:{SERIES})(?:/{PART})+?)\s*[-–]\s*(?P<b>(?:{SERIES})/.+)$")
RESOLUTION_NUMBER = re.compile(r"^(?:ES-|S-)?\d{1,4}/\d{1,4}(?:\s?[A-Z])?$|^\d{1,4}\s?\(\d{4}\)$"
                               r"|^\d{1,4}(?:\s[A-Z])?\s?\([IVXLC]{1,7}\)$")


def is_symbol(text: str) -> bool:
    """Whether ``text`` is one whole UN document symbol (``A/RES/78/128``, ``E/CN.6/2024/L.1``,
    ``S/RES/2713 (2023)``): the grammar of :data:`SYMBOL`, a digit, balanced parentheses."""
    text = text.strip()
    return (bool(SYMBOL.fullmatch(text)) and any(ch.isdigit() for ch in text)
            and text.count("(") == text.count(")"))


def is_resolution_symbol(symbol: str) -> bool:
    """Whether a symbol is a resolution's: ``A/RES/78/128``, ``S/RES/2713 (2023)``,
    ``A/HRC/RES/52/3``, ``UNEP/EA.5/Res.2``."""
    return bool(re.search(r"/RES/|/Res\.\d", symbol, re.I))


def spaced_symbol(flat: str) -> str:
    """A symbol read with its white space removed (a masthead draws its first letter apart: "S
    /RES/…") as ODS writes it: a Security Council resolution's year one space apart
    (``S/RES/2719(2023)`` → ``S/RES/2719 (2023)``)."""
    return re.sub(r"(?<=\d)\((\d{4})\)", r" (\1)", flat)


def split_joint(text: str) -> list[str] | None:
    """A joint symbol's two symbols (``A/79/989-S/2025/511`` → both), else None."""
    m = JOINT_SYMBOL.match(text.strip())
    if m and is_symbol(m["a"]) and is_symbol(m["b"]):
        return [m["a"], m["b"]]
    return None


#: The lettered parts of a resolution as Arabic texts name them (217 ألف (د-3): 217 A (III)), in order.
ARABIC_PARTS = ("ألف", "باء", "جيم", "دال", "هاء", "واو", "زاي", "حاء", "طاء", "ياء", "كاف", "لام", "ميم", "نون",
                "سين", "عين", "فاء", "صاد", "قاف", "راء", "شين", "تاء", "ثاء", "خاء", "ذال", "ضاد")
#: A resolution number in any of :data:`RESOLUTION_SHAPES`: "70/1", "57/270 B", "ES-10/2", "2023/5",
#: "1844 (2008)", "1514 (XV)", "2200 A (XXI)"; whose it is, :func:`resolution_organ` decides.
NUMBER = (r"(?:(?:(?:ES|S)[-\u2010\u2011]|دإط-|دإ-)?\d{1,4}/\d{1,4}(?:[\s\u00a0][A-Z](?![A-Za-z]))?"
          r"|\d{1,4}[\s\u00a0]?\(\d{4}\)"
          r"|\d{1,4}(?:[\s\u00a0][A-Z])?[\s\u00a0]?\([IVXLC]{1,7}\)"
          rf"|\d{{1,4}}(?:[\s\u00a0](?:{'|'.join(ARABIC_PARTS)}))?[\s\u00a0]?\(د-\d{{1,2}}\))")


def _organ_forms(code: str) -> str:
    """A regex alternation of every organ's name, cited forms and short names in language ``code``."""
    forms = {o.names[code] for o in ORGANS.values()} | {f for o in ORGANS.values() for c, f in o.cited_as if c == code}
    forms |= {short[code] for short, _ in SHORT_NAMES.values() if code in short}
    return "|".join(re.escape(f).replace("’", "[’']") for f in sorted(forms, key=len, reverse=True))


class CompiledOnUse(Mapping):
    """Regular expressions by key, each compiled at its first use and kept: a document uses its
    own language's, and compiling the five others (the organs' names in each language) costs a
    process more than reading a one-page resolution's text.  Read-only, like the dict it stands
    for: ``table[key]``, ``table.get(key)``."""

    def __init__(self, sources: dict[str, str]) -> None:
        self._sources = sources
        self._compiled: dict[str, re.Pattern] = {}

    def __getitem__(self, key: str) -> re.Pattern:
        pattern = self._compiled.get(key)
        if pattern is None:
            pattern = self._compiled[key] = re.compile(self._sources[key])
        return pattern

    def __iter__(self):
        return iter(self._sources)

    def __len__(self) -> int:
        return len(self._sources)


#: Phrases that make a bare number a resolution, per language; group "num" is linked.  A list that
#: follows ("resolutions 57/270 B of 23 June 2003, 60/212 of …") is linked by RESOLUTION_LIST.
RESOLUTION_PHRASES = CompiledOnUse({
    # 第 70/1 号决议; in a list 第57/270 B号、…第74/239号决议 each number is linked, but never a
    # decision (执行局第 2018/5 号决定).
    "zh": rf"第\s*(?P<num>{NUMBER})\s*号(?=(?:(?!决定)[^，。；])*决议)",
    "en": rf"\b[Rr]esolutions?\s+(?P<num>{NUMBER})",
    # résolutions du Conseil des droits de l’homme 4/4, resoluciones del Consejo de Derechos
    # Humanos 4/4: the organ may stand between the word and the number.
    "fr": rf"\b[Rr]ésolutions?\s+(?:(?:du|de\s+la|de\s+l[’'])\s*(?:{_organ_forms('fr')})\s+)?"
          rf"(?P<num>{NUMBER})",
    "es": rf"\b[Rr]esoluci(?:ón|ones)\s+(?:(?:del|de\s+la)\s+(?:{_organ_forms('es')})\s+)?"
          rf"(?P<num>{NUMBER})",
    # резолюция Генеральной Ассамблеи 70/1, قرار مجلس الأمن 2250 (2015): the organ may stand
    # between the word and the number (see :func:`cited_organ`).
    "ru": rf"\b[Рр]езолюци\w*\s+(?:(?:{_organ_forms('ru')})\s+)?(?P<num>{NUMBER})",
    # A tatweel (ـ) may stretch any letter of the word: قــراراتها.
    # "قرار المجلس الاقتصادي والاجتماعي رقم 2023/11": "number" may stand before the number.
    "ar": rf"(?:ا\u0640*ل\u0640*)?ق\u0640*ر\u0640*ا\u0640*ر(?:[^\W\d]|\u0640)*\s*(?:(?:{_organ_forms('ar')})\s+)?"
          rf"(?:رقم\s+)?(?P<num>{NUMBER})",
})
#: The next number of a list of resolutions (:func:`transforms.links.find_links` takes one further
#: than 60 characters only of the same shape): the words between hold no sentence end, name no
#: decision, and open no resolution phrase of their own ("70/1 de l’Assemblée générale et sa
#: résolution 68/1": the second is read by its own phrase, with its own organ).
RESOLUTION_LIST = re.compile(
    rf"(?P<gap>(?:(?![.;:。；](?:\s|$)|decisi|décisi|решени|مقرر|[Rr]esolu|[Rr]ésolu|[Рр]езолюц|قرار)[^;。；]){{1,200}}?)"
    rf"(?:(?<![\w/\-\u2010\u2011])|(?<=\bو)(?=دإ))(?P<num>{NUMBER})")

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


#: The shapes of resolution numbers (an organ's ``resolutions`` names them): the session and the
#: number (General Assembly, Human Rights Council: ``78/123``, ``57/270 B``, ``ES-10/2``; no organ
#: has held a hundredth session: "307/76" is a misprint, not a resolution), the number and the year (Security Council: ``2713 (2023)``), the year and the number (Economic and
#: Social Council since 1978: ``2023/5``), the number and the session in Roman numerals (the
#: General Assembly before its 31st session, the Council before 1978: ``1514 (XV)``).
RESOLUTION_SHAPES = {
    "session": re.compile(r"(?:ES-|S-)?\d{1,2}/\d{1,4}(?:[\s\u00a0]?[A-Z])?"),
    "count-year": re.compile(r"\d{1,4}[\s\u00a0]?\(\d{4}\)"),
    "year": re.compile(r"(?:19[4-9]\d|20\d\d)/\d{1,4}"),
    "roman": re.compile(r"\d{1,4}(?:[\s\u00a0][A-Z])?[\s\u00a0]?\([IVXLC]{1,7}\)"),
}


#: A special session's prefix as printed: a non-breaking hyphen (Russian "S‑23/2"), the Arabic
#: "دإ-" (الدورة الاستثنائية, S-) and "دإط-" (the emergency special session's, ES-).
SESSION_PREFIXES = (("دإط-", "ES-"), ("دإ-", "S-"), ("\u2011", "-"), ("\u2010", "-"))


def plain_number(number: str) -> str:
    """A resolution number with its special-session prefix in the Latin form (``دإ-32/1`` → S-32/1)
    and an Arabic text's session in Roman numerals (``2200 ألف (د-21)`` → 2200 A (XXI))."""
    number = number.replace("\u00a0", " ").strip()
    for printed, plain in SESSION_PREFIXES:
        number = number.replace(printed, plain)
    m = re.fullmatch(r"(\d+)(?: (\S+))? ?\(د-(\d+)\)", number)
    if m:
        part = f" {chr(ord('A') + ARABIC_PARTS.index(m[2]))}" if m[2] in ARABIC_PARTS else ""
        number = f"{m[1]}{part} ({roman(int(m[3]))})"
    return number


def roman(n: int) -> str:
    """``21`` → ``XXI`` (a session number as the UN wrote it before the thirty-first)."""
    out = ""
    for value, letters in ((50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        while n >= value:
            out, n = out + letters, n - value
    return out


def number_shape(number: str) -> str | None:
    """The shape of a resolution number (a key of :data:`RESOLUTION_SHAPES`), or None."""
    number = plain_number(number)
    return next((shape for shape, pattern in RESOLUTION_SHAPES.items() if pattern.fullmatch(number)), None)


def resolution_organ(number: str, document_organ: str | None, cited: str | None = None) -> str | None:
    """Whose resolution a number printed in a document of ``document_organ`` is: the organ the
    text names (``cited``); else the one organ numbering its resolutions in that shape; else the
    document's organ, or the organ its masthead prints (a General Assembly committee's or
    commission's document cites the Assembly's), when it numbers its resolutions so; else None.
    A short name (``cited`` "short:council": "Council resolution 2744 (2024)") narrows the organs
    numbering so to those it may stand for: the document's or its parent's among them, else the
    only one."""
    if cited and not cited.startswith("short:"):
        return cited
    owners = [o.key for o in ORGANS.values() if resolution_symbol(number, o.key)]
    parent = masthead_organ(document_organ)
    if cited:
        owners = [o for o in owners if o in SHORT_NAMES[cited.removeprefix("short:")][1]]
        return next((o for o in (document_organ, parent) if o in owners), owners[0] if len(owners) == 1 else None)
    if len(owners) == 1:
        return owners[0]
    if document_organ in owners:
        return document_organ
    if document_organ in ORGANS and not ORGANS[document_organ].resolutions and parent in owners:
        return parent
    return None


def resolution_symbol(number: str, organ: str | None) -> str | None:
    """The symbol of resolution ``number`` of ``organ``: ga 70/1 → A/RES/70/1, 57/270 B →
    A/RES/57/270B; sc 1844 (2008) → S/RES/1844 (2008); ecosoc 2023/5 → E/RES/2023/5; hrc 52/3 →
    A/HRC/RES/52/3; unea 5/2 → UNEP/EA.5/Res.2; ga 1514 (XV) → A/RES/1514(XV), 2200 A (XXI) →
    A/RES/2200(XXI).  None when the organ issues no resolutions with symbols or numbers them in
    another shape, or had not begun to number them so in that session (ga 9/8: the Assembly numbered
    by session from its thirty-first; never a symbol of another document)."""
    number = plain_number(number)
    shape = number_shape(number)
    form = next((f for f in (ORGANS[organ].resolutions if organ in ORGANS else ()) if f[0] == shape), None)
    if form is None:
        return None
    if shape == "roman":
        # 2200 A (XXI): the lettered part is printed in the text; ODS files the resolution, and the
        # UN's own links point to it, as A/RES/2200(XXI).
        number = re.sub(r"^(\d+)\s[A-Z]\s?", r"\1", number)
    a, b = re.fullmatch(r"(\S+?)\s?[/(]\s?(.+?)\)?", number).groups()
    if shape == "session" and not a.startswith(("ES-", "S-")) and int(a) < ORGANS[organ].first_numbered_session:
        return None     # 9/8 in a General Assembly text is no Assembly resolution: it numbered 1514 (XV)
    if shape == "year" and ORGANS[organ].last_year and int(a) > ORGANS[organ].last_year:
        return None     # 2023/11: the Commission on Human Rights adopted its last in 2005
    return form[1].format(a=a, b=b.replace(" ", ""))


def cited_names(code: str) -> list[tuple[str, str]]:
    """(name, organ key) of the organs a text in language ``code`` may name beside a resolution
    number, longest first: their names in that language, the forms the text cites them by, and
    the short names (``Assembly``: key ``short:assembly``, see :data:`languages.SHORT_NAMES`)."""
    names = {short[code]: f"short:{key}" for key, (short, _) in SHORT_NAMES.items() if code in short}
    names.update({o.names[code]: o.key for o in ORGANS.values()})
    names.update({form: o.key for o in ORGANS.values() for lang, form in o.cited_as if lang == code})
    return sorted(names.items(), key=lambda kv: -len(kv[0]))


#: Per language: (a word every match of the name holds, the name's pattern, organ key) of every
#: organ name and short name, longest first (:func:`cited_organ`).
_CITED: dict[str, list[tuple[str, str, str]]] = {}
#: What joins a number to the organ named after it: "of the", "de l’", "du", "de la", "del".
_AFTER = r"[\s\u00a0]*(?:of\s+the\s+|de\s+l[’']\s*|du\s+|de\s+la\s+|del\s+|de\s+)?"
#: Words that may stand between an organ named as the subject and its resolution phrase: "the
#: General Assembly, in its resolution 70/1", "the Human Rights Council adopted its landmark
#: resolution 56/20", "l’Assemblée générale, dans sa résolution 70/1".
_SUBJECT_GAP = {
    "en": r"(?:[\s\u00a0]*,)?(?:[\s\u00a0]+(?:in|by|adopted|its|landmark|recent|the|has|had)){1,4}",
    "fr": r"(?:[\s\u00a0]*,)?(?:[\s\u00a0]+(?:dans|par|a|avait|adopté|sa|la)){1,4}",
    "es": r"(?:[\s\u00a0]*,)?(?:[\s\u00a0]+(?:en|por|ha|había|aprobó|aprobado|hizo|suy[oa]s?|su|la)){1,4}",
    "ru": r"(?:[\s\u00a0]*,)?(?:[\s\u00a0]+(?:в|во|его|её|ее|своей|своих|принятой|принятых)){1,3}",
    "ar": r"(?:[\s\u00a0]*،)?(?:[\s\u00a0]+(?:في|بموجب|وفي|ضمن)){1,2}",
}


_GAPS = {code: re.compile("(?:" + gap + ")?$") for code, gap in _SUBJECT_GAP.items()}
_GAPS["zh"] = re.compile(r"(?:[\s\u00a0]*\d{4}年\d{1,2}月\d{1,2}日)?(?:(?:关于|题为)[^，。；“”]{0,60}?的"
                         r"|题为“[^”]{0,120}”的)?[\s\u00a0]*$")
_END = re.compile("$")
#: A possessive before the resolution phrase: the subject, named later, adopted it ("in its",
#: "en su", "dans sa", "в своей").
_OWN = re.compile(r"(?:\b(?:its|their|su|sus|sa|ses|leur|leurs)|своей|своих)[\s\u00a0]+(?:\w+[\s\u00a0]+)?$",
                  re.I)
#: The organ named as the subject after the number and its date: "in its resolution 48/141 of
#: 20 December 1993, the General Assembly decided", "en su resolución 48/141, de 20 de diciembre
#: de 1993, la Asamblea General decidió".
_SUBJECT_AFTER = (r"(?:,?[\s\u00a0]*(?:of|de|du|del|от)[\s\u00a0]+[^,;.:()]{1,30}?\d{4}(?:[\s\u00a0]+года)?)?"
                  r"[\s\u00a0]*,[\s\u00a0]*(?:the|la|el|le|l[’'])?[\s\u00a0]*")


@functools.cache
def _name_patterns(name: str) -> tuple[re.Pattern, re.Pattern, re.Pattern]:
    """An organ name's pattern (:data:`_CITED`) alone, after a number, and as the subject after a
    number's date (:func:`cited_organ`): compiled once, for the name it is given."""
    return re.compile(name), re.compile(_AFTER + name), re.compile(_SUBJECT_AFTER + name)


def cited_organ(text: str, start: int, num_start: int, num_end: int, lang: Language) -> str | None:
    """The organ a resolution phrase names: right before it ("General Assembly resolution",
    "大会第"), between its word and its number ("قرار مجلس الأمن 2250", "резолюции Совета
    Безопасности 2250"), or right after its number ("résolution 70/1 de l’Assemblée générale",
    "резолюция 70/1 Генеральной Ассамблеи"), or as the subject after the number and its date
    when the phrase is the organ's own ("in its resolution 48/141 of 20 December 1993, the General
    Assembly"); a short name ("la resolución 78/203 de la Asamblea") as "short:assembly", which
    :func:`resolution_organ` resolves; None when it names none."""
    if lang.code not in _CITED:
        # A name's pattern is its words, verbatim, between white space and apostrophes: its
        # longest word is in every match, and a name none of the three places holds is passed
        # over without compiling its patterns (a document cites a few of the ~40 names).
        _CITED[lang.code] = [(max(re.split(r"[ ’]", name), key=len),
                              re.escape(name).replace("\\ ", r"[\s\u00a0]+").replace("’", "[’']"), key)
                             for name, key in cited_names(lang.code)]
    before = text[max(0, start - 120):start].rstrip()
    gap = _GAPS.get(lang.code, _END)
    between = text[start:num_start]
    after = text[num_end:num_end + 160]
    own = _OWN.search(text[max(0, start - 40):start]) is not None
    for word, pattern, key in _CITED[lang.code]:
        if word not in before and word not in between and word not in after:
            continue
        name, named_after, subject_after = _name_patterns(pattern)
        for m in name.finditer(before):
            if gap.match(before, m.end()) and not (m.start() and before[m.start() - 1].isalpha()
                                                   and lang.code != "zh"):
                return key
        if name.search(between) or named_after.match(after) or (own and subject_after.match(after)):
            return key
    return None


#: Per language, the end of a citation of a place in a document just before a resolution phrase
#: ("…Supplement No. 7 (E/2020/27), chap. I, sect. C, resolution 59/1"): the resolution is the one
#: printed there (a commission's, in its report), not a resolution of its own symbol.
LOCATED_IN = {
    "en": re.compile(r"\b(?:chap|sect|annex|part|paras?)\.?[\s\u00a0]+[\w.]+[\s\u00a0]*,[\s\u00a0]*$"),
    "fr": re.compile(r"\b(?:chap|sect|annexe|partie|par)\.?[\s\u00a0]+[\w.]+[\s\u00a0]*,[\s\u00a0]*$"),
    "es": re.compile(r"\b(?:cap|secc|anexo|parte|párrs?)\.?[\s\u00a0]+[\w.]+[\s\u00a0]*,[\s\u00a0]*$"),
    "ru": re.compile(r"(?:гл|разд|приложение|часть|пп?)\.?[\s\u00a0]+[\w.]+[\s\u00a0]*,[\s\u00a0]*$"),
    "ar": re.compile(r"(?:الفصل|الفرع|المرفق|الجزء)[\s\u00a0]+\S+[\s\u00a0]*،[\s\u00a0]*$"),
    "zh": re.compile(r"(?:章|节|附件)[\s\u00a0]*，[\s\u00a0]*(?:第[\s\u00a0]*)?$"),
}

#: Per language: the resolutions of an organ named before a list of their numbers in the same
#: clause ("the resolutions and decisions of the Human Rights Council, the most recent of which
#: being resolutions 53/26 …"): {names} is the alternation of the organs' names, group "organ".
_OWNED_RESOLUTIONS = {
    "en": r"[Rr]esolutions(?:[\s\u00a0]+and[\s\u00a0]+decisions)?[\s\u00a0]+of[\s\u00a0]+the[\s\u00a0]+(?P<organ>{names})"
          r"[\s\u00a0]*,[^;:.,\d]{{0,60}}$",
    "fr": r"[Rr]ésolutions(?:[\s\u00a0]+pertinentes)?(?:[\s\u00a0]+et[\s\u00a0]+décisions)?[\s\u00a0]+(?:du|de[\s\u00a0]+la|de[\s\u00a0]+l[’'])[\s\u00a0]*"
          r"(?P<organ>{names})[\s\u00a0]*,[^;:.,\d]{{0,60}}$",
    "es": r"[Rr]esoluciones(?:[\s\u00a0]+pertinentes)?(?:[\s\u00a0]+y[\s\u00a0]+decisiones)?[\s\u00a0]+(?:del|de[\s\u00a0]+la)[\s\u00a0]+(?P<organ>{names})"
          r"[\s\u00a0]*,[^;:.,\d]{{0,70}}$",
    "ru": r"[Рр]езолюци\w*(?:[\s\u00a0]+и[\s\u00a0]+решени\w*)?[\s\u00a0]+(?P<organ>{names})[\s\u00a0]*,[^;:.,\d]{{0,60}}$",
    "ar": r"قرارات(?:[\s\u00a0]+ومقررات)?[\s\u00a0]+(?P<organ>{names})[\s\u00a0]*،[^;:.،\d]{{0,40}}$",
    "zh": r"(?P<organ>{names})的各项决议(?:和决定)?[\s\u00a0]*，[^；。，]{{0,30}}$",
}
#: The word each of :data:`_OWNED_RESOLUTIONS` holds whatever it matches: a clause without it is
#: none, decided without the pattern (the organs' names: 4 ms to compile, the most of any pattern
#: of an English document's read).
_OWNED_WORD = {"en": "esolutions", "fr": "ésolutions", "es": "esoluciones", "ru": "езолюци", "ar": "قرارات",
               "zh": "的各项决议"}
_OWNED: dict[str, re.Pattern] = {}


def clause_organ(text: str, start: int, lang: Language) -> str | None:
    """The organ whose resolutions the clause before a resolution phrase names ("the resolutions
    and decisions of the Human Rights Council, the most recent of which being resolutions 53/26"),
    or None."""
    if lang.code not in _OWNED_RESOLUTIONS:
        return None
    clause = text[max(0, start - 200):start]
    if _OWNED_WORD[lang.code] not in clause:
        return None
    if lang.code not in _OWNED:
        names = {name: key for name, key in cited_names(lang.code) if not key.startswith("short:")}
        alternation = "|".join(re.escape(n).replace("\\ ", r"[\s\u00a0]+").replace("’", "[’']")
                               for n in sorted(names, key=len, reverse=True))
        _OWNED[lang.code] = (re.compile(_OWNED_RESOLUTIONS[lang.code].format(names=alternation)), names)
    pattern, names = _OWNED[lang.code]
    m = pattern.search(clause)
    if m is None:
        return None
    organ = " ".join(m["organ"].split()).replace("'", "’")
    return next((key for name, key in names.items() if " ".join(name.split()) == organ), None)


def organ_named_after(text: str, num_end: int, lang: Language) -> str | None:
    """The organ named right after a number ("… 28/3 du 24 mai 2019 et 31/1 du 20 mai 2022 de la
    Commission …", "resolutions 49/1 and 52/32 of the Human Rights Council"), or None: the owner
    of every number of a list it ends."""
    cited_organ(text, 0, 0, 0, lang)          # compiles the language's names
    after = text[num_end:num_end + 160]
    dated = re.compile(r"(?:,?[\s\u00a0]*(?:of|du|de|del|от)[\s\u00a0]+[^,;.:()]{1,30}?\d{4}(?:[\s\u00a0]+года)?,?)?")
    at = dated.match(after).end()
    for word, pattern, key in _CITED[lang.code]:
        if word not in after:
            continue
        named_after = _name_patterns(pattern)[1]
        if named_after.match(after, at) or named_after.match(after):
            return key
    return None


def link_for_text(text: str, lang: Language, organ: str | None = None) -> tuple[str, str] | None:
    """A link whose target was lost: ("symbol"|"resolution", undocs URL), or None.  A number alone
    is a resolution of the organ :func:`resolution_organ` finds for a document of ``organ``."""
    text = text.strip()
    if RESOLUTION_NUMBER.match(text):
        symbol = resolution_symbol(text, resolution_organ(text, organ))
        return ("resolution", undocs_url(symbol, lang)) if symbol else None
    symbol = clean_symbol(text)
    if is_symbol(symbol):
        return "symbol", undocs_url(symbol, lang)
    return None
