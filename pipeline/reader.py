"""Raw report text (as extracted from the UN's PDF) → the document model."""

from __future__ import annotations

import dataclasses

SOURCE_SUFFIXES = (".md", ".txt")


@dataclasses.dataclass(frozen=True)
class ReadOptions:
    @classmethod
    def from_toml(cls, data: bytes, name: str) -> "ReadOptions":
        return cls()


def read_report(data, name, reporter, options):
    raise NotImplementedError
