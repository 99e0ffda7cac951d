"""What a source's file name tells: its kind (by suffix), its document symbol and its language.

Kept apart from ``readers.text`` so that planning a build (output names, cache keys, a no-op
rebuild) does not import the reader; ``readers.text`` re-exports these names.
"""

from __future__ import annotations

import re
from pathlib import PurePath

SOURCE_SUFFIXES = (".md", ".txt", ".docx")

FILE_NAME = re.compile(r"^(?P<symbol>[A-Z][A-Za-z0-9._()]*(?:_[A-Za-z0-9.()]+)*)-(?P<lang>[A-Za-z]{2})$")
CORPUS_NAME = re.compile(r"^(?P<lang>[a-z]{2})_(?P<symbol>[A-Z][A-Za-z0-9.()-]*)$")


def metadata_from_name(name: str) -> dict:
    """UN file names: ``A_73_321-ZH`` → A/73/321, zh; corpus names ``zh_A-RES-75-234`` too."""
    stem = PurePath(name).name
    for suffix in (".akn.xml", *SOURCE_SUFFIXES):
        if stem.endswith(suffix):
            stem = stem[: -len(suffix)]
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
