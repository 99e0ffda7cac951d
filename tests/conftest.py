"""Shared fixtures: paths to the shared schemas and corpus, the sample, the hand-written models."""

from __future__ import annotations

import copy
import os
import signal
from pathlib import Path

import pytest
from lxml import etree

from pipeline import ReadOptions, model, read_source
from pipeline.diagnostics import Reporter

ROOT = Path(__file__).resolve().parent.parent
#: ../shared, as handed over (schemas, corpus, the sample); `make test` exports UN_SHARED_DIR
#: when it lives elsewhere (beside the repository a clone came from).
SHARED = Path(os.environ.get("UN_SHARED_DIR") or ROOT.parent / "shared")
SAMPLE = ROOT / "source" / "A_73_321-ZH.md"
MODELS = Path(__file__).resolve().parent / "models"
AKN_XSD = SHARED / "schemas" / "akn" / "akomantoso30.xsd"
XLIFF_XSD = SHARED / "schemas" / "xliff" / "xliff21_bundle.xsd"
XLIFF2 = "urn:oasis:names:tc:xliff:document:2.0"
XLIFF1 = "urn:oasis:names:tc:xliff:document:1.2"


# Ctrl-C is Python's KeyboardInterrupt here, and each build a test starts gets it as a terminal
# sends it: a shell's background job (`make test &`, `nohup … &`) runs everything under it with
# SIGINT ignored, which a child inherits, so the tests that interrupt a build would find it
# running on to the end.
signal.signal(signal.SIGINT, signal.default_int_handler)


def load_model(name: str):
    return model.parse_model((MODELS / name).read_bytes(), name)


@pytest.fixture
def minimal_model():
    return load_model("minimal.akn.xml")


@pytest.fixture(scope="session")
def sample_read():
    """The sample report read once for the session: (tree, reporter)."""
    reporter = Reporter()
    tree = read_source(SAMPLE.read_bytes(), "source/A_73_321-ZH.md", reporter,
                       ReadOptions(source_date_epoch=0))
    return tree, reporter


@pytest.fixture
def sample_model(sample_read):
    """A private copy of the sample's model (tests may mutate it)."""
    return copy.deepcopy(sample_read[0])


def copy_source_to_target(data: bytes) -> bytes:
    """What a CAT tool's "copy source to target" does, in both XLIFF versions, marked as the
    identity pseudo-translation (state translated, pipeline pseudo's marker), so that merge's
    QA does not report the copy as untranslated text."""
    root = etree.fromstring(data)
    for seg in root.iter(f"{{{XLIFF2}}}segment"):
        target = copy.deepcopy(seg.find(f"{{{XLIFF2}}}source"))
        target.tag = f"{{{XLIFF2}}}target"
        seg.append(target)
        seg.set("state", "translated")
        seg.set("subState", "un-pipeline:pseudo")
    for tu in root.iter(f"{{{XLIFF1}}}trans-unit"):
        target = copy.deepcopy(tu.find(f"{{{XLIFF1}}}source"))
        target.tag = f"{{{XLIFF1}}}target"
        target.set("state", "translated")
        target.set("state-qualifier", "x-pseudo")
        tu.find(f"{{{XLIFF1}}}seg-source").addnext(target)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8")
