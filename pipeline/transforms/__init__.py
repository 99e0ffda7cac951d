"""Transforms: repairs on the model, run in the listed order, each recorded in the report.

A transform is ``def name(tree, reporter, source_name) -> None``: it mutates the
tree in place (docutils' ``Transform.apply``) and reports every repair it makes
as an INFO diagnostic with the source line, and every doubt as a WARNING.
"""

from __future__ import annotations

import logging

from lxml import etree

from ..diagnostics import Reporter

PROGRESS = logging.getLogger("pipeline.progress")

TRANSFORMS: list[tuple[str, object]] = []


def run_transforms(tree: etree._ElementTree, reporter: Reporter, source_name: str) -> None:
    for name, transform in TRANSFORMS:
        PROGRESS.info("Step 2 – %s", name)
        transform(tree, reporter, source_name)
