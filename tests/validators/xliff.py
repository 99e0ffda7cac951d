"""XLIFF validators: the OASIS XLIFF 2.1 schemas with their modules, plus the rules no XSD can check.

``problems_21(data)`` validates against ``../shared/schemas/xliff/xliff21_bundle.xsd`` (core +
metadata, size restriction, validation, matches, glossary, fs, resource data) with lxml, then
runs the spec's own Schematron rules, the "advanced validation" no XSD can express: the core's
``xliff_core_2.1.sch`` (XPath 2: compiled with lxml's ISO Schematron skeleton, run by Saxon,
PyPI ``saxonche``) and the metadata and validation modules' (their rules are XPath 1: lxml
runs them).  Our own checks of the same constraints stay as a second opinion with clearer
messages: id uniqueness in each scope, ``dataRef*`` targets, ``sc``/``ec`` pairing, target
codes matching source codes, ``subFlows`` targets, ``trgLang`` iff a target exists.

``problems_12(data)`` checks XLIFF 1.2 structurally (no 1.2 XSD is available offline):
required attributes, unique ``trans-unit`` ids, code ids, ``xid`` targets, target codes.

Both return a list of messages; an empty list means valid.  A schema that cannot be
loaded raises, so a test using it fails rather than skips.
"""

from __future__ import annotations

import functools
from pathlib import Path

from lxml import etree

from conftest import SHARED

XLIFF_DIR = SHARED / "schemas" / "xliff"
BUNDLE = XLIFF_DIR / "xliff21_bundle.xsd"

X2 = "urn:oasis:names:tc:xliff:document:2.0"
X1 = "urn:oasis:names:tc:xliff:document:1.2"
INLINE2 = ("ph", "pc", "sc", "ec", "mrk", "sm", "em")


@functools.lru_cache(maxsize=1)
def schema_21() -> etree.XMLSchema:
    if not BUNDLE.exists():
        raise FileNotFoundError(f"the XLIFF 2.1 schema bundle is missing: {BUNDLE}")
    return etree.XMLSchema(etree.parse(str(BUNDLE)))


def _parse(data: bytes) -> etree._Element:
    parser = etree.XMLParser(resolve_entities=False, no_network=True)
    return etree.fromstring(data, parser)


def _q(ns: str, tag: str) -> str:
    return "{%s}%s" % (ns, tag)


#: The OASIS Schematron rules: those needing XPath 2 (Saxon) and those XPath 1 can run (lxml).
#: (SaxonC 12 aborts the process on the module rules' compiled stylesheet, so lxml runs them.)
SCHEMATRON_XPATH2 = ("xliff_core_2.1.sch",)
SCHEMATRON_XPATH1 = ("metadata.sch", "validation.sch")
SVRL = "{http://purl.oclc.org/dsdl/svrl}"


def _schematron_tree(name: str) -> etree._ElementTree:
    path = XLIFF_DIR / name
    if not path.exists():
        raise FileNotFoundError(f"the XLIFF Schematron rules are missing: {path}")
    tree = etree.parse(str(path))              # the DOCTYPE's entities expanded
    # lxml's skeleton refuses queryBinding="xslt2"; the stylesheet it makes is run by Saxon,
    # which evaluates the rules' XPath 2 all the same.
    tree.getroot().set("queryBinding", "xslt")
    return tree


@functools.lru_cache(maxsize=1)
def _saxon_rules():
    """Saxon and the core rules compiled to an XSLT stylesheet (ISO skeleton: include,
    abstract patterns, SVRL), once per process."""
    from lxml import isoschematron
    from saxonche import PySaxonProcessor

    xsl = Path(isoschematron.__file__).parent / "resources" / "xsl" / "iso-schematron-xslt1"
    steps = [etree.XSLT(etree.parse(str(xsl / f)))
             for f in ("iso_dsdl_include.xsl", "iso_abstract_expand.xsl", "iso_svrl_for_xslt1.xsl")]
    processor = PySaxonProcessor(license=False)
    compiled = []
    for name in SCHEMATRON_XPATH2:
        tree = _schematron_tree(name)
        for step in steps:
            tree = step(tree)
        compiled.append(processor.new_xslt30_processor().compile_stylesheet(
            stylesheet_text=etree.tostring(tree, encoding="unicode")))
    return processor, compiled


@functools.lru_cache(maxsize=1)
def _lxml_rules():
    from lxml import isoschematron
    return [isoschematron.Schematron(_schematron_tree(n), store_report=True) for n in SCHEMATRON_XPATH1]


def schematron_problems(data: bytes) -> list[str]:
    """What the OASIS XLIFF 2.1 Schematron rules report (failed asserts, reports), and how many
    rules fired (a run where none fires checked nothing)."""
    reports = []
    processor, compiled = _saxon_rules()
    node = processor.parse_xml(xml_text=data.decode("utf-8"))
    for stylesheet in compiled:
        reports.append(etree.fromstring(stylesheet.transform_to_string(xdm_node=node).encode("utf-8")))
    root = _parse(data)
    for rules in _lxml_rules():
        rules.validate(root)
        reports.append(rules.validation_report.getroot())
    if not any(r.find(f".//{SVRL}fired-rule") is not None for r in reports[:len(compiled)]):
        return ["schematron: no core rule fired (the rules did not run)"]
    problems = []
    for report in reports:
        for hit in report.iter(f"{SVRL}failed-assert", f"{SVRL}successful-report"):
            text = " ".join("".join(hit.itertext()).split())
            problems.append(f"schematron: {text}")
    return problems


def problems_21(data: bytes) -> list[str]:
    root = _parse(data)
    schema = schema_21()
    problems = [f"line {e.line}: {e.message}" for e in schema.error_log] if not schema.validate(root) else []
    problems += schematron_problems(data)
    file_ids: set[str] = set()
    has_target = False
    for file_ in root.iter(_q(X2, "file")):
        fid = file_.get("id")
        if fid in file_ids:
            problems.append(f"line {file_.sourceline}: file id {fid!r} is not unique")
        file_ids.add(fid)
        unit_ids: set[str] = set()
        for el in file_.iter(_q(X2, "unit"), _q(X2, "group")):
            if el.get("id") in unit_ids:
                problems.append(f"line {el.sourceline}: unit/group id {el.get('id')!r} is not unique in its file")
            unit_ids.add(el.get("id"))
        for unit in file_.iter(_q(X2, "unit")):
            uid = unit.get("id")
            data_ids = [d.get("id") for d in unit.iter(_q(X2, "data"))]
            if len(data_ids) != len(set(data_ids)):
                problems.append(f"unit {uid}: data ids are not unique")
            # Segment, ignorable and source inline ids share one scope.
            scope: list[str] = []
            source_codes: dict[str, str] = {}
            for part in unit:
                if part.tag in (_q(X2, "segment"), _q(X2, "ignorable")):
                    if part.get("id"):
                        scope.append(part.get("id"))
                    src = part.find(_q(X2, "source"))
                    for code in src.iter(*(_q(X2, t) for t in INLINE2)):
                        scope.append(code.get("id"))
                        source_codes[code.get("id")] = etree.QName(code).localname
                    tgt = part.find(_q(X2, "target"))
                    if tgt is not None:
                        has_target = True
                        target_ids = [c.get("id") for c in tgt.iter(*(_q(X2, t) for t in INLINE2))]
                        if len(target_ids) != len(set(target_ids)):
                            problems.append(f"unit {uid}: inline ids repeat in a target")
                        for code in tgt.iter(*(_q(X2, t) for t in INLINE2)):
                            kind = etree.QName(code).localname
                            if code.get("copyOf"):
                                continue
                            if code.get("id") not in source_codes:
                                problems.append(f"unit {uid}: target code {code.get('id')!r} is not in the source")
                            elif source_codes[code.get("id")] != kind:
                                problems.append(f"unit {uid}: target code {code.get('id')!r} is a {kind}, "
                                                f"the source's a {source_codes[code.get('id')]}")
                    elif part.get("state") not in (None, "initial"):
                        problems.append(f"unit {uid}: state {part.get('state')!r} without a target")
            dupes = {i for i in scope if scope.count(i) > 1}
            if dupes:
                problems.append(f"unit {uid}: ids {sorted(dupes)} are not unique in the unit")
            for code in unit.iter(_q(X2, "ph"), _q(X2, "pc"), _q(X2, "sc"), _q(X2, "ec")):
                for attr in ("dataRef", "dataRefStart", "dataRefEnd"):
                    ref = code.get(attr)
                    if ref is not None and ref not in data_ids:
                        problems.append(f"unit {uid}: {attr}={ref!r} names no data element")
                for flow in (code.get("subFlows") or "").split():
                    if flow not in unit_ids:
                        problems.append(f"unit {uid}: subFlows={flow!r} names no unit of the file")
            for side in ("source", "target"):
                starts = {c.get("id"): c for s in unit.iter(_q(X2, side)) for c in s.iter(_q(X2, "sc"))}
                ends = [c for s in unit.iter(_q(X2, side)) for c in s.iter(_q(X2, "ec"))]
                for ec in ends:
                    if ec.get("isolated") != "yes" and ec.get("startRef") not in starts:
                        problems.append(f"unit {uid}: ec startRef={ec.get('startRef')!r} has no sc")
                paired = {ec.get("startRef") for ec in ends}
                for sid, sc in starts.items():
                    if sc.get("isolated") != "yes" and sid not in paired:
                        problems.append(f"unit {uid}: sc {sid!r} has no ec")
    if has_target and not root.get("trgLang"):
        problems.append("targets exist but the xliff element has no trgLang")
    return problems


def problems_12(data: bytes) -> list[str]:
    root = _parse(data)
    problems = []
    if root.tag != _q(X1, "xliff") or root.get("version") != "1.2":
        return [f"not an XLIFF 1.2 document: {root.tag} version={root.get('version')}"]
    for file_ in root.iter(_q(X1, "file")):
        for attr in ("original", "source-language", "datatype"):
            if not file_.get(attr):
                problems.append(f"line {file_.sourceline}: file has no {attr}")
        units = list(file_.iter(_q(X1, "trans-unit")))
        ids = [u.get("id") for u in units]
        for uid in {i for i in ids if ids.count(i) > 1}:
            problems.append(f"trans-unit id {uid!r} is not unique")
        for unit in units:
            uid = unit.get("id")
            if not uid:
                problems.append(f"line {unit.sourceline}: trans-unit without id")
            src = unit.find(_q(X1, "source"))
            if src is None:
                problems.append(f"trans-unit {uid}: no source")
                continue
            codes = {c.get("id"): etree.QName(c).localname for c in src.iter(_q(X1, "g"), _q(X1, "x"))}
            if len(codes) != len(list(src.iter(_q(X1, "g"), _q(X1, "x")))):
                problems.append(f"trans-unit {uid}: code ids repeat in the source")
            for x in src.iter(_q(X1, "x")):
                if x.get("xid") and x.get("xid") not in ids:
                    problems.append(f"trans-unit {uid}: xid={x.get('xid')!r} names no trans-unit")
            for mrk in unit.iter(_q(X1, "mrk")):
                if not mrk.get("mtype"):
                    problems.append(f"trans-unit {uid}: mrk without mtype")
            tgt = unit.find(_q(X1, "target"))
            if tgt is not None:
                for c in tgt.iter(_q(X1, "g"), _q(X1, "x")):
                    if codes.get(c.get("id")) != etree.QName(c).localname:
                        problems.append(f"trans-unit {uid}: target code {c.get('id')!r} does not match the source")
            segsrc = unit.find(_q(X1, "seg-source"))
            if segsrc is not None and "".join(segsrc.itertext()) != "".join(src.itertext()):
                problems.append(f"trans-unit {uid}: seg-source text differs from source")
    return problems
