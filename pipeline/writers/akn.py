"""The public Akoma Ntoso file: the model without source positions, pretty-printed.

With ``source_date_epoch`` (SOURCE_DATE_EPOCH) the manifestation date, the one date
that says when the file was made, is that day (UTC), so two builds give the same bytes.
"""

from __future__ import annotations

import datetime

from lxml import etree

from .. import model
from . import WriteOptions


def write_akn(tree: etree._ElementTree, options: WriteOptions) -> bytes:
    public = model.strip_private(tree)
    if options.source_date_epoch is not None:
        day = datetime.datetime.fromtimestamp(options.source_date_epoch, datetime.timezone.utc).date()
        for date in model.xpath(public, "/a:akomaNtoso/*/a:meta/a:identification/a:FRBRManifestation/a:FRBRdate"):
            date.set("date", day.isoformat())
    return model.to_bytes(public)
