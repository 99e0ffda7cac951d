"""The public Akoma Ntoso file: the model without source positions, pretty-printed."""

from __future__ import annotations

from lxml import etree

from .. import model
from . import WriteOptions


def write_akn(tree: etree._ElementTree, options: WriteOptions) -> bytes:
    return model.to_bytes(model.strip_private(tree))
