"""Validation against the AKN schema restricted to the common elements (issue 13's speed): the
restriction only ever refuses more, a document it refuses is judged by the whole schema, and
the parsed schemas are cached per schema file."""

from __future__ import annotations

import copy

import pytest
from lxml import etree

from pipeline import model
from pipeline.diagnostics import SchemaError

from conftest import AKN_XSD, load_model

XSD = "{http://www.w3.org/2001/XMLSchema}"
PARTICLES = {XSD + t for t in ("element", "group", "choice", "sequence", "any")}


def dropped_only_what_may_be_dropped(full: etree._Element, restricted: etree._Element) -> list[str]:
    """What the restriction changed besides :func:`model.restrict_schema`'s two edits (empty:
    nothing): ``restricted``'s children must be ``full``'s in order, less element references
    dropped from a choice keeping another particle or optional in a sequence, and (at the top)
    global element declarations."""
    wrong: list[str] = []
    if full.tag != restricted.tag or dict(full.attrib) != dict(restricted.attrib) or \
            (full.text or "").strip() != (restricted.text or "").strip():
        return [f"{full.tag} {dict(full.attrib)} changed"]
    kept = iter(restricted)
    following = next(kept, None)
    for child in full:
        if following is not None and child.tag == following.tag and dict(child.attrib) == dict(following.attrib):
            wrong += dropped_only_what_may_be_dropped(child, following)
            following = next(kept, None)
            continue
        if full.tag == XSD + "schema" and child.tag == XSD + "element":
            continue                                            # a global declaration dropped
        if child.tag == XSD + "element" and child.get("ref") and (
                full.tag == XSD + "choice" and any(c.tag in PARTICLES for c in restricted)
                or full.tag == XSD + "sequence" and child.get("minOccurs") == "0"):
            continue
        wrong.append(f"{child.tag} {dict(child.attrib)} dropped from {full.tag} {dict(full.attrib)}")
    if following is not None:
        wrong.append(f"{following.tag} {dict(following.attrib)} added")
    return wrong


def test_the_akn_restriction_makes_only_edits_that_shrink_what_is_valid():
    full = etree.parse(str(AKN_XSD))
    restricted = model.restrict_schema(copy.deepcopy(full), model.COMMON_ELEMENTS)
    assert restricted is not None
    assert dropped_only_what_may_be_dropped(full.getroot(), restricted.getroot()) == []
    declared = {el.get("name") for el in restricted.getroot().findall(XSD + "element")}
    assert model.COMMON_ELEMENTS <= declared < {el.get("name") for el in full.getroot().findall(XSD + "element")}
    etree.XMLSchema(restricted)                     # and libxml2 parses it
    # The check itself catches an edit outside the two.
    sequence = next(el for el in full.getroot().iter(XSD + "sequence")
                    if any(c.get("ref") and c.get("minOccurs") is None for c in el))
    required = next(c for c in sequence if c.get("ref") and c.get("minOccurs") is None)
    broken = copy.deepcopy(full)
    twin = list(broken.iter())[list(full.iter()).index(required)]
    twin.getparent().remove(twin)
    assert dropped_only_what_may_be_dropped(full.getroot(), broken.getroot())


def test_a_document_with_an_element_outside_the_restriction_is_judged_by_the_whole_schema(minimal_model):
    tree = copy.deepcopy(minimal_model)
    assert "term" not in model.COMMON_ELEMENTS
    # An AKN element the restriction does not declare (an inline "term"), where the whole schema
    # allows it: valid.
    p = model.xpath(tree, "//a:mainBody//a:p")[0]
    term = etree.SubElement(p, model.akn("term"), refersTo="#cooperation")
    term.text = "South-South cooperation"
    whole = etree.XMLSchema(etree.parse(str(AKN_XSD)))
    assert whole.validate(tree)
    assert model.check_schema(tree, AKN_XSD) == (True, [])
    model.validate(tree, AKN_XSD)
    common = etree.XMLSchema(model.restrict_schema(etree.parse(str(AKN_XSD)), model.COMMON_ELEMENTS))
    assert common.validate(tree) is False              # so the fallback is what said "valid"


def test_an_invalid_document_gets_the_whole_schemas_errors(minimal_model):
    tree = copy.deepcopy(minimal_model)
    model.xpath(tree, "//a:mainBody")[0].append(etree.Element(model.akn("docTitle")))
    whole = etree.XMLSchema(etree.parse(str(AKN_XSD)))
    assert not whole.validate(tree)
    valid, errors = model.check_schema(tree, AKN_XSD)
    assert not valid
    assert [(e.line, e.message) for e in errors] == [(e.line, e.message) for e in whole.error_log]
    with pytest.raises(SchemaError):
        model.validate(tree, AKN_XSD)


def test_every_model_of_the_tests_is_judged_alike_by_the_restriction_and_the_whole_schema():
    whole = etree.XMLSchema(etree.parse(str(AKN_XSD)))
    common = etree.XMLSchema(model.restrict_schema(etree.parse(str(AKN_XSD)), model.COMMON_ELEMENTS))
    for name in ("minimal.akn.xml", "resolution.akn.xml"):
        tree = load_model(name)
        assert whole.validate(tree) and common.validate(tree), name


SCHEMA = """<xsd:schema xmlns:xsd="http://www.w3.org/2001/XMLSchema" targetNamespace="urn:t" xmlns="urn:t"
    elementFormDefault="qualified">
  <xsd:element name="doc"><xsd:complexType><xsd:choice maxOccurs="unbounded">
    <xsd:element ref="p"/><xsd:element ref="rare"/>
  </xsd:choice></xsd:complexType></xsd:element>
  <xsd:element name="p" type="xsd:string"/>
  <xsd:element name="rare" type="xsd:integer"/>
</xsd:schema>"""

#: ``rare`` is declared but referenced only through the wildcard after ``p``.
WILD = """<xsd:schema xmlns:xsd="http://www.w3.org/2001/XMLSchema" targetNamespace="urn:t" xmlns="urn:t"
    elementFormDefault="qualified">
  <xsd:element name="doc"><xsd:complexType><xsd:sequence>
    <xsd:element ref="p"/>{wildcard}
  </xsd:sequence></xsd:complexType></xsd:element>
  <xsd:element name="p" type="xsd:string"/>
  <xsd:element name="rare" type="xsd:integer"/>
</xsd:schema>"""


@pytest.mark.parametrize("wildcard, refused", [
    ("", False),
    ('<xsd:any namespace="##other" processContents="lax" minOccurs="0"/>', False),
    ('<xsd:any namespace="##any" processContents="strict" minOccurs="0"/>', False),
    ('<xsd:any namespace="##any" processContents="skip" minOccurs="0"/>', False),
    ('<xsd:any namespace="##any" processContents="lax" minOccurs="0"/>', True),
    ('<xsd:any namespace="##targetNamespace" processContents="lax" minOccurs="0"/>', True),
    ('<xsd:any namespace="urn:t urn:u" processContents="lax" minOccurs="0"/>', True),
])
def test_a_lax_wildcard_over_the_schemas_own_namespace_refuses_the_restriction(wildcard, refused):
    text = WILD.format(wildcard=wildcard)
    restricted = model.restrict_schema(etree.ElementTree(etree.fromstring(text)), frozenset({"doc", "p"}))
    assert (restricted is None) is refused
    if refused:
        # Why: without its declaration, <rare> would be skipped by the lax wildcard, not checked.
        dropped = etree.XMLSchema(etree.fromstring(text.replace('<xsd:element name="rare" type="xsd:integer"/>', "")))
        document = etree.fromstring('<doc xmlns="urn:t"><p/><rare>not a number</rare></doc>')
        assert dropped.validate(document)
        assert not etree.XMLSchema(etree.fromstring(text)).validate(document)
    else:
        assert [el.get("name") for el in restricted.getroot().findall(XSD + "element")] == ["doc", "p"]


def test_substitution_groups_and_includes_refuse_the_restriction():
    grouped = SCHEMA.format(wildcard="").replace('name="rare" type="xsd:integer"',
                                                 'name="rare" type="xsd:string" substitutionGroup="p"')
    assert model.restrict_schema(etree.ElementTree(etree.fromstring(grouped)), frozenset({"doc"})) is None
    included = SCHEMA.format(wildcard='').replace("<xsd:element name=\"doc\">",
                                                  '<xsd:include schemaLocation="other.xsd"/><xsd:element name="doc">')
    assert model.restrict_schema(etree.ElementTree(etree.fromstring(included)), frozenset({"doc"})) is None


def test_the_parsed_schemas_are_cached_per_schema_file(tmp_path):
    """Two schema files, two verdicts: a schema parsed for one file is never used for another."""
    strict, loose = tmp_path / "strict.xsd", tmp_path / "loose.xsd"
    strict.write_text(SCHEMA.format(wildcard=""))
    loose.write_text(SCHEMA.format(wildcard="").replace('name="rare" type="xsd:integer"',
                                                        'name="rare" type="xsd:string"'))
    document = etree.ElementTree(etree.fromstring('<doc xmlns="urn:t"><rare>many</rare></doc>'))
    for _ in range(2):
        assert model.check_schema(document, strict)[0] is False
        assert model.check_schema(document, loose)[0] is True
