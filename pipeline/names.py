"""What a source's file name tells: its kind (by suffix), its document symbol and its language.

Kept apart from ``readers.text`` so that planning a build (output names, cache keys, a no-op
rebuild) does not import the reader; ``readers.text`` re-exports these names.
"""

from __future__ import annotations

import re
from pathlib import PurePath

SOURCE_SUFFIXES = (".md", ".txt", ".docx")

#: ``A_73_321-ZH``; a joint symbol's second symbol after a hyphen (``A_79_989-S_2025_511-EN``, as
#: ``output_stem`` writes it).
FILE_NAME = re.compile(r"^(?P<symbol>[A-Z][A-Za-z0-9._()]*(?:_[A-Za-z0-9.()]+)*(?:-[A-Z]+(?:_[A-Za-z0-9.()]+)+)?)"
                       r"-(?P<lang>[A-Za-z]{2})$")
CORPUS_NAME = re.compile(r"^(?P<lang>[a-z]{2})_(?P<symbol>[A-Z][A-Za-z0-9.()-]*)$")

#: The UN's XML file names (DGACM): ``A_RES_78_128-2325871E`` is the symbol, the job number and
#: the language letter; the job number and letter are not part of the symbol.
UN_XML_NAME = re.compile(r"^(?P<symbol>[A-Z][A-Za-z0-9.()]*(?:_[A-Za-z0-9.()]+)*)-(?P<job>\d{6,9})"
                         r"(?P<letter>[AECFRS])$")
LANGUAGE_LETTERS = {"A": "ar", "C": "zh", "E": "en", "F": "fr", "R": "ru", "S": "es"}


def un_xml_stem(stem: str) -> str | None:
    """``A_RES_78_128-2325871E`` → ``A_RES_78_128-EN`` (our file name of that symbol and
    language); None for any other name."""
    m = UN_XML_NAME.match(stem)
    return f"{m['symbol']}-{LANGUAGE_LETTERS[m['letter']].upper()}" if m else None


def metadata_from_name(name: str) -> dict:
    """UN file names: ``A_73_321-ZH`` → A/73/321, zh; corpus names ``zh_A-RES-75-234`` and the
    UN's XML names ``A_RES_78_128-2325871E`` too."""
    stem = PurePath(name).name
    for suffix in (".akn.xml", ".xml", *SOURCE_SUFFIXES):
        if stem.endswith(suffix):
            stem = stem[: -len(suffix)]
            break
    stem = un_xml_stem(stem) or stem
    m = FILE_NAME.match(stem)
    if m:
        return {"symbol": m["symbol"].replace("_", "/"), "language": m["lang"].lower()}
    m = CORPUS_NAME.match(stem)
    if m:
        symbol = m["symbol"]
        year = re.search(r"-(\d{4})$", symbol)
        if symbol.startswith("S-RES-") and year:   # S-RES-2713-2023 → S/RES/2713 (2023)
            return {"symbol": symbol[: year.start()].replace("-", "/") + f" ({year[1]})",
                    "language": m["lang"]}
        return {"symbol": symbol.replace("-", "/"), "language": m["lang"]}
    return {}


def name_carries_symbol(name: str) -> bool:
    """Whether a file name tells a document symbol: a UN name (``A_73_321-ZH``, ``zh_A-RES-75-234``,
    ``A_RES_78_128-2325871E``) or a symbol alone (``A_RES_78_128.pdf``); an ODS job-number name
    (``N2342312.pdf``) or any other (``report.md``) does not."""
    if metadata_from_name(name).get("symbol"):
        return True
    from .symbols import is_symbol
    return is_symbol(_stem(PurePath(name).name).replace("_", "/"))


def symbol_in_name(name: str) -> str | None:
    """The symbol a file name tells (``A_RES_78_128.pdf`` → ``A/RES/78/128``), None when it tells none."""
    if not name_carries_symbol(name):
        return None
    return metadata_from_name(name).get("symbol") or _stem(PurePath(name).name).replace("_", "/")


def symbol_key(symbol: str) -> str:
    """A symbol as two spellings of it compare: ``S/RES/2713 (2023)`` and ``S/RES/2713(2023)``."""
    return re.sub(r"\s+", "", symbol).upper()


def keeps_name(name: str) -> bool:
    """Whether a source's outputs keep its file's stem whatever the document says: its name
    carries a symbol, or it is a model this pipeline wrote (``.akn.xml``: named when written);
    otherwise (``N2342312.pdf``) they are named by the document's symbol and language."""
    return name_carries_symbol(name) or name.lower().endswith(".akn.xml")


def output_stem(symbol: str, language: str) -> str:
    """Our file name of a symbol and language: ``A/RES/78/128``, en → ``A_RES_78_128-EN`` (as the
    sample's ``A_73_321-ZH``); a joint symbol keeps its hyphen, spaces go (``S_RES_2713(2023)-FR``),
    and anything a file name should not hold becomes ``_``."""
    flat = re.sub(r"[^A-Za-z0-9._()\-]", "_", symbol.replace(" ", "").replace("/", "_")).strip("._")
    return f"{flat}-{language.upper()}"


def _stem(name: str) -> str:
    for suffix in (".akn.xml", ".xml", ".pdf", *SOURCE_SUFFIXES):
        if name.lower().endswith(suffix):
            return name[: -len(suffix)]
    return name
