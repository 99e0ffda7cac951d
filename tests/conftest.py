"""Shared fixtures: paths to the shared schemas and corpus, the sample, the hand-written models."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline import ReadOptions, model, read_source
from pipeline.diagnostics import Reporter

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
SAMPLE = ROOT / "source" / "A_73_321-ZH.md"
MODELS = Path(__file__).resolve().parent / "models"
AKN_XSD = SHARED / "schemas" / "akn" / "akomantoso30.xsd"
XLIFF_XSD = SHARED / "schemas" / "xliff" / "xliff21_bundle.xsd"


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
    from copy import deepcopy
    return deepcopy(sample_read[0])
