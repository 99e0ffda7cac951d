"""Merge (issue 6): round trips, pseudo-translation, and a table of broken translated files with exact diagnostics."""

from __future__ import annotations

import copy
import dataclasses
import re
from typing import Callable

import pytest
from click.testing import CliRunner
from lxml import etree

from pipeline import model
from pipeline.cli import cli
from pipeline.diagnostics import MergeError, Reporter
from pipeline.languages import language
from pipeline.merge import merge_xliff, pseudo_translate
from pipeline.model import E, akn, xpath
from pipeline.writers import WriteOptions
from pipeline.writers.xliff import extract_units, write_xliff
from validators import xliff as xliff_validator

from conftest import MODELS, copy_source_to_target

X2 = "urn:oasis:names:tc:xliff:document:2.0"
X1 = "urn:oasis:names:tc:xliff:document:1.2"
NS = {"x": X2, "x1": X1, "mda": "urn:oasis:names:tc:xliff:metadata:2.0"}


def xliff(tree, target="en", version="2.1") -> bytes:
    return write_xliff(tree, WriteOptions(target_language=target, xliff_version=version))


def body_bytes(tree, hrefs_from: str | None = None) -> list[bytes]:
    """The content (preface, body), canonical; undocs.org links mapped back to the source language."""
    parts = []
    for part in xpath(tree, "/a:akomaNtoso/*/a:preface | /a:akomaNtoso/*/a:mainBody"):
        part = copy.deepcopy(part)
        if hrefs_from:
            for el in xpath(part, ".//*[@href]"):
                el.set("href", el.get("href").replace(f"undocs.org/{hrefs_from}/", "undocs.org/zh/"))
        parts.append(etree.tostring(part, method="c14n"))
    return parts


def meta(tree, expr: str):
    return xpath(tree, expr)


# ------------------------------------------------------------- round trips

@pytest.mark.parametrize("version", ["2.1", "1.2"])
def test_identity_round_trip_same_language(minimal_model, version):
    """extract → copy source to target → merge gives back the same model, byte for byte outside the metadata."""
    original = copy.deepcopy(minimal_model)
    reporter = Reporter()
    merged = merge_xliff(minimal_model, copy_source_to_target(xliff(minimal_model, "zh", version)), reporter, "rt.xlf")
    assert reporter.diagnostics == []
    assert body_bytes(merged) == body_bytes(original)
    assert etree.tostring(merged.find(f".//{akn('coverPage')}"), method="c14n") == \
        etree.tostring(original.find(f".//{akn('coverPage')}"), method="c14n")
    assert etree.tostring(minimal_model) == etree.tostring(original), "merge changed its input"


@pytest.mark.parametrize("version", ["2.1", "1.2"])
def test_identity_round_trip_to_english(minimal_model, version):
    """To another language the text and structure stay, links and metadata move to the target language."""
    reporter = Reporter()
    merged = merge_xliff(minimal_model, copy_source_to_target(xliff(minimal_model, "en", version)), reporter, "rt.xlf")
    assert reporter.diagnostics == []
    assert body_bytes(merged, hrefs_from="en") == body_bytes(minimal_model)
    assert all("/en/" in h for h in meta(merged, "//a:mainBody//@href[contains(., 'undocs.org')]"))
    model.validate(merged)


def test_round_trip_keeps_the_spaces_between_sentences(minimal_model):
    """A source in a language with spaces: the ignorable between segments comes back."""
    minimal_model.find(".//{urn:x-un-pipeline:model}document").set("language", "en")
    p = xpath(minimal_model, "//a:paragraph[@eId='para_2']//a:p")[0]
    note = p.find(akn("authorialNote"))
    p.text = "The fund supports projects. Mobile Money is one of them."
    note.tail = " MicroLead is another.  It ends here."
    data = xliff(minimal_model, "fr")
    root = etree.fromstring(data)
    unit = root.find(".//x:unit[@name='para_2']", NS)
    assert [s.get("id") for s in unit if s.tag != f"{{{X2}}}notes" and s.get("id")] == \
        ["s1", "i1", "s2", "i2", "s3", "i3", "s4"]
    merged = merge_xliff(minimal_model, copy_source_to_target(data), Reporter(), "rt.xlf")
    assert body_bytes(merged, hrefs_from="fr") == body_bytes(minimal_model)


def test_xliff12_targets_segmented_like_seg_source(minimal_model):
    """CAT tools working on XLIFF 1.2 segments write targets as mrk mtype="seg", like seg-source."""
    minimal_model.find(".//{urn:x-un-pipeline:model}document").set("language", "en")
    p = xpath(minimal_model, "//a:paragraph[@eId='para_2']//a:p")[0]
    p.text = "The fund supports projects. Mobile Money is one of them."
    root = etree.fromstring(xliff(minimal_model, "fr", "1.2"))
    for tu in root.iter(f"{{{X1}}}trans-unit"):
        target = copy.deepcopy(tu.find(f"{{{X1}}}seg-source"))
        target.tag = f"{{{X1}}}target"
        target.set("state-qualifier", "x-pseudo")      # the identity pseudo-translation: no language QA
        tu.find(f"{{{X1}}}seg-source").addnext(target)
    assert len(root.findall(".//x1:trans-unit[@resname='para_2']/x1:target/x1:mrk[@mtype='seg']", NS)) == 2
    reporter = Reporter()
    merged = merge_xliff(minimal_model, etree.tostring(root), reporter, "seg.xlf")
    # Only the masthead (still Chinese in this model made "English") is reported.
    assert [d.code for d in reporter.diagnostics] == ["masthead-untranslated"] * 2
    assert body_bytes(merged, hrefs_from="fr") == body_bytes(minimal_model)


@pytest.mark.parametrize("target", ["en", "fr", "es", "ru", "ar"])
def test_merged_into_each_language(minimal_model, target):
    merged = merge_xliff(minimal_model, pseudo_translate(xliff(minimal_model, target)), Reporter(), "p.xlf")
    lang = language(target)
    info = model.document_info(merged)
    assert (info.language, info.lang.direction) == (target, lang.direction)
    assert meta(merged, "//a:FRBRExpression/a:FRBRlanguage/@language") == [lang.iso639_2]
    assert model.flow_text(meta(merged, "//a:container[@name='masthead']/a:p")[0]).strip() == lang.united_nations
    assert all(f"undocs.org/{target}/" in h for h in meta(merged, "//@href[contains(., 'undocs.org')]"))


def test_merged_metadata_is_a_translation(minimal_model):
    merged = merge_xliff(minimal_model, pseudo_translate(xliff(minimal_model, "en")), Reporter(), "p.xlf")
    info = model.document_info(merged)
    assert (info.language, info.source_language, info.symbol) == ("en", "zh", "A/73/321")
    expr = meta(merged, "//a:FRBRExpression")[0]
    assert expr.find(akn("FRBRthis")).get("value") == "/akn/un/doc/paper/un-ga/unknown/A-73-321/eng@/!main"
    assert expr.find(akn("FRBRlanguage")).get("language") == "eng"
    translation = expr.find(akn("FRBRtranslation"))
    assert (translation.get("href"), translation.get("fromLanguage")) == (
        "/akn/un/doc/paper/un-ga/unknown/A-73-321/zho@", "zho")
    assert meta(merged, "//a:FRBRManifestation/a:FRBRthis/@value") == [
        "/akn/un/doc/paper/un-ga/unknown/A-73-321/eng@/!main.xml"]
    masthead = [model.flow_text(p).strip() for p in meta(merged, "//a:container[@name='masthead']/a:p")]
    assert masthead == ["United Nations", "A/73/321", "General Assembly", "Distr.: General"]
    model.validate(merged)


# ----------------------------------------------------------------- pseudo

def _pseudo_checks(source, merged):
    """Every unit's text is pseudo text; every note, link and symbol survived, in order."""
    for unit in extract_units(merged):
        text = model.flow_text(unit.element).strip()
        assert text.startswith("[") and text.endswith("]"), (unit.id, text)
    for tag in ("authorialNote", "ref", "a", "i"):
        assert len(xpath(merged, f"//a:{tag}")) == len(xpath(source, f"//a:{tag}")), tag
    assert [(n.get("eId"), n.get("marker")) for n in xpath(merged, "//a:authorialNote")] == \
        [(n.get("eId"), n.get("marker")) for n in xpath(source, "//a:authorialNote")]
    target = model.document_info(merged).language
    assert [(r.get("class"), r.get("href").replace(f"undocs.org/{target}/", "undocs.org/zh/"), model.flow_text(r))
            for r in xpath(merged, "//a:ref | //a:a")] == \
        [(r.get("class"), r.get("href"), model.flow_text(r)) for r in xpath(source, "//a:ref | //a:a")]
    # Paragraph numbers are kept as they are.
    assert [n.text for n in xpath(merged, "//a:paragraph/a:num")] == [n.text for n in xpath(source, "//a:paragraph/a:num")]


@pytest.mark.parametrize("version", ["2.1", "1.2"])
def test_pseudo_then_merge(minimal_model, version):
    pseudo = pseudo_translate(xliff(minimal_model, "fr", version))
    if version == "2.1":
        assert xliff_validator.problems_21(pseudo) == []
    else:
        assert xliff_validator.problems_12(pseudo) == []
    reporter = Reporter()
    merged = merge_xliff(minimal_model, pseudo, reporter, "pseudo.xlf")
    assert reporter.diagnostics == []
    _pseudo_checks(minimal_model, merged)
    para_2 = model.flow_text(xpath(merged, "//a:paragraph[@eId='para_2']//a:p")[0])
    assert "Möƀîļé Möñéý föŕ ţĥé Pööŕ" in para_2
    assert model.document_info(merged).language == "fr"


def test_pseudo_is_at_least_30_percent_longer(minimal_model):
    root = etree.fromstring(pseudo_translate(xliff(minimal_model)))
    for seg in root.iter(f"{{{X2}}}segment"):
        src = "".join(seg.find("x:source", NS).itertext())
        tgt = "".join(seg.find("x:target", NS).itertext())
        assert len(tgt) >= 1.3 * len(src) - 1, (src, tgt)
        assert tgt.startswith("[") and tgt.endswith("]")
        assert seg.get("state") == "translated"
    # Into the same script, only accents and padding: exactly ~30 % longer.
    root = etree.fromstring(pseudo_translate(xliff(minimal_model, "zh")))
    for seg in root.iter(f"{{{X2}}}segment"):
        src = "".join(seg.find("x:source", NS).itertext())
        tgt = "".join(seg.find("x:target", NS).itertext())
        assert 1.3 * len(src) - 1 <= len(tgt) <= 1.3 * len(src) + 3, (src, tgt)


def test_pseudo_out_of_chinese_reads_as_latin_script(minimal_model):
    root = etree.fromstring(pseudo_translate(xliff(minimal_model, "en")))
    target = root.find(".//x:unit[@name='fn_1']/x:segment/x:target", NS)
    text = "".join(target.itertext())
    assert not re.search(r"[\u4e00-\u9fff。，]", text), text
    assert "70/1" in text                      # protected text unchanged


# ---------------------------------------------------- the fuzz table

def _unit(root, name):
    """A unit by its name (the model's eId-based key; unit ids are content hashes)."""
    unit = root.find(f".//x:unit[@name='{name}']", NS)
    return unit if unit is not None else root.find(f".//x1:trans-unit[@resname='{name}']", NS)


def _target(root, uid, seg="s1"):
    unit = _unit(root, uid)
    found = unit.find(f"x:segment[@id='{seg}']/x:target", NS)
    return found if found is not None else unit.find("x1:target", NS)


def _code(root, uid, cid, seg="s1"):
    return next(c for c in _target(root, uid, seg).iter() if c.get("id") == cid)


def _remove(el):
    parent = el.getparent()
    prev = el.getprevious()
    if el.tail:
        if prev is not None:
            prev.tail = (prev.tail or "") + el.tail
        else:
            parent.text = (parent.text or "") + el.tail
    parent.remove(el)


def delete_note_call(root):
    _remove(_code(root, "para_1", "c1"))


def duplicate_note_call(root):
    _target(root, "para_1", "s2").append(copy.deepcopy(_code(root, "para_1", "c2", "s2")))


def delete_link(root):
    _remove(_code(root, "fn_2", "c2"))


def swap_links(root):
    a, b = _code(root, "fn_2", "c1"), _code(root, "fn_2", "c2")
    a_copy, b_copy = copy.deepcopy(a), copy.deepcopy(b)
    a_copy.tail, b_copy.tail = a.tail, b.tail
    a.getparent().replace(a, b_copy)
    b.getparent().replace(b, a_copy)


def reorder_note_calls(root):
    c2 = _code(root, "para_1", "c2", "s2")
    _remove(c2)
    c2.tail = None
    _target(root, "para_1", "s1").insert(0, c2)


def foreign_element(root):
    tgt = _target(root, "para_3")
    bold = etree.SubElement(tgt, f"{{{X2}}}b")
    bold.text = "bold"
    html = etree.SubElement(tgt, "{http://www.w3.org/1999/xhtml}span")
    html.text = "x"


def unknown_code(root):
    etree.SubElement(_target(root, "para_2"), f"{{{X2}}}ph", id="c9")


def sc_ec_instead_of_pc(root):
    pc = _code(root, "para_3", "c3")
    sc = etree.Element(f"{{{X2}}}sc", id="c3")
    ec = etree.Element(f"{{{X2}}}ec", startRef="c3")
    inner = pc[0]
    ec.tail = pc.tail
    parent = pc.getparent()
    at = parent.index(pc)
    parent.remove(pc)
    for i, el in enumerate((sc, inner, ec)):
        parent.insert(at + i, el)


def empty_target(root):
    tgt = _target(root, "preface__agendaTitle_1")
    tgt.text = ""


def missing_target(root):
    tgt = _target(root, "sec_1__heading")
    tgt.getparent().remove(tgt)


def unknown_unit(root):
    unit = _unit(root, "para_2")
    unit.set("id", "para_99")
    unit.find(".//{urn:oasis:names:tc:xliff:metadata:2.0}meta[@type='fingerprint']").text = "0" * 16
    unit.set("name", "para_99")


def deleted_unit(root):
    unit = _unit(root, "fn_3")
    unit.getparent().remove(unit)


def protected_text_changed(root):
    _code(root, "fn_2", "m1").text = "A/72/298"


def protected_text_moved(root):
    pc = _code(root, "fn_2", "c1")
    mrk = pc[0]
    pc.remove(mrk)
    mrk.tail = None
    _target(root, "fn_2").insert(0, mrk)


def copied_code(root):
    etree.SubElement(_target(root, "para_1", "s2"), f"{{{X2}}}ph", id="c2b", copyOf="c2")


def paired_made_standalone(root):
    pc = _code(root, "para_3", "c3")
    ph = etree.Element(f"{{{X2}}}ph", id="c3")
    ph.tail = pc.tail
    pc.getparent().replace(pc, ph)


def reorder_sentences_of(root, uid):
    """A translator puts the second sentence first, as XLIFF 2 allows (target/@order)."""
    _target(root, uid, "s1").set("order", "2")
    _target(root, uid, "s2").set("order", "1")


def reorder_sentences(root):
    reorder_sentences_of(root, "para_1")


def bad_order(root):
    _target(root, "para_1", "s1").set("order", "7")


def another_document(root):
    root.find(".//mda:meta[@type='symbol']", NS).text = "A/73/999"


def wrong_source_language(root):
    root.set("srcLang", "fr")


def delete_note_call_12(root):
    _remove(next(_target(root, "para_1").iter(f"{{{X1}}}x")))


def bpt_in_12(root):
    etree.SubElement(_target(root, "para_2"), f"{{{X1}}}bpt", id="b1").text = "&lt;b&gt;"


@dataclasses.dataclass(frozen=True)
class Broken:
    name: str
    mutate: Callable
    #: (level, code, XPath of the element whose line is reported, message) for every diagnostic, in order.
    expected: tuple = ()
    fails: bool = False                      # MergeError (file-level problems, or --strict)
    error: str = ""                          # a regular expression the MergeError message matches
    version: str = "2.1"
    require_complete: bool = False


U = "//x:unit[@name='{}']"
T = "//x:unit[@name='{}']/x:segment[@id='{}']"
TARGET = T + "/x:target"

CASES = [
    Broken("note call deleted", delete_note_call,
           (("ERROR", "code-deleted", U.format("para_1"), "unit {para_1}: code c1 (footnote call 1) was deleted"),)),
    Broken("note call duplicated", duplicate_note_call,
           (("ERROR", "code-duplicated", TARGET.format("para_1", "s2") + "/x:ph[2]",
             "unit {para_1}: code c2 (footnote call 2) appears 2 times"),)),
    Broken("link deleted", delete_link,
           (("ERROR", "code-deleted", U.format("fn_2"), "unit {fn_2}: code c2 (ref A/71/208) was deleted"),)),
    Broken("links reordered (merged, flagged for review)", swap_links,
           (("WARNING", "code-order-changed", U.format("fn_2"), "unit {fn_2}: the links are in the order "
             "A/71/208, A/72/297; the source has A/72/297, A/71/208"),
            ("WARNING", "whitespace-repaired", U.format("fn_2"), "unit {fn_2}: line breaks, tabs or runs of "
             "spaces the source does not have were collapsed to one space"))),
    Broken("note calls reordered", reorder_note_calls,
           (("ERROR", "note-calls-reordered", U.format("para_1"),
             "unit {para_1}: footnote calls are in the order 2 1, the source has 1 2"),)),
    Broken("foreign elements", foreign_element,
           (("ERROR", "foreign-element", TARGET.format("para_3", "s1") + "/x:b",
             "unit {para_3_id}: unexpected element <b> in the target"),
            ("ERROR", "foreign-element", TARGET.format("para_3", "s1") + "/*[local-name()='span']",
             "unit {para_3_id}: unexpected element <span> in the target"))),
    Broken("unknown code", unknown_code,
           (("ERROR", "code-unknown", TARGET.format("para_2", "s1") + "/x:ph[@id='c9']",
             "unit {para_2}: code 'c9' is not in the source"),)),
    Broken("sc/ec instead of pc", sc_ec_instead_of_pc,
           (("ERROR", "code-unsupported", TARGET.format("para_3", "s1") + "/x:sc",
             "unit {para_3_id}: <sc> codes are not used by this document; the source's codes were changed into them"),
            ("ERROR", "code-unsupported", TARGET.format("para_3", "s1") + "/x:ec",
             "unit {para_3_id}: <ec> codes are not used by this document; the source's codes were changed into them"),
            ("INFO", "code-dropped", U.format("para_3"),
             "unit {para_3}: formatting code c3 (<i>) was dropped by the translator"))),
    Broken("empty target", empty_target,
           (("ERROR", "target-missing", U.format("preface__agendaTitle_1"),
             "unit {preface__agendaTitle_1}: an empty target (s1); the source text is kept"),)),
    Broken("empty target, --strict", empty_target,
           (("ERROR", "target-missing", U.format("preface__agendaTitle_1"),
             "unit {preface__agendaTitle_1}: an empty target (s1); the source text is kept"),),
           fails=True, require_complete=True),
    Broken("missing target", missing_target,
           (("ERROR", "target-missing", U.format("sec_1__heading"),
             "unit {sec_1__heading}: no target (s1); the source text is kept"),)),
    Broken("unknown unit id", unknown_unit,
           (("WARNING", "unit-unknown", U.format("para_99"),
             "unit para_99 (para_99) is not in this version of A/73/321 (removed, or its id was edited); "
             "its translation is ignored"),
            ("ERROR", "unit-missing", None, "unit {para_2} is missing from the file; the source text is kept"))),
    Broken("unit deleted", deleted_unit,
           (("ERROR", "unit-missing", None, "unit {fn_3} is missing from the file; the source text is kept"),)),
    Broken("protected text changed", protected_text_changed,
           (("WARNING", "protected-text-changed", TARGET.format("fn_2", "s1") + "/x:pc[1]",
             "unit {fn_2}: the protected text 'A/72/297' was changed to 'A/72/298'; the source's is kept"),),
           ),
    Broken("protected text moved out of its link", protected_text_moved,
           (("ERROR", "protected-text-moved", TARGET.format("fn_2", "s1") + "/x:mrk",
             "unit {fn_2}: protected text 'A/72/297' is not inside its link code"),
            ("WARNING", "protected-text-changed", TARGET.format("fn_2", "s1") + "/x:pc[1]",
             "unit {fn_2}: the protected text 'A/72/297' was changed to ''; the source's is kept"))),
    Broken("code copied", copied_code,
           (("ERROR", "code-copied", TARGET.format("para_1", "s2") + "/x:ph[@copyOf]",
             "unit {para_1_id}: code c2 was copied; this document's codes cannot be copied"),)),
    Broken("paired code made standalone", paired_made_standalone,
           (("ERROR", "code-changed", TARGET.format("para_3", "s1") + "/x:ph[@id='c3']",
             "unit {para_3}: code c3 (<i>) is no longer a paired code"),
            ("ERROR", "code-deleted", U.format("para_3"),
             "unit {para_3}: code c4 (ref JIU/REP/2018/2) was deleted"))),
    Broken("sentences reordered, moving the footnote calls out of sequence", reorder_sentences,
           (("ERROR", "note-calls-reordered", U.format("para_1"),
             "unit {para_1}: footnote calls are in the order 2 1, the source has 1 2"),)),
    Broken("order out of range", bad_order,
           (("ERROR", "segment-order", TARGET.format("para_1", "s1"),
             "unit {para_1_id}: order='7' is not a place between 1 and 2"),)),
    Broken("another document", another_document, fails=True, error=r"p\.xlf:\d+: this XLIFF file was made from document "
           r"A/73/999, not from A/73/321"),
    Broken("another source language", wrong_source_language, fails=True,
           error=r"p\.xlf:2: the file's source language is 'fr', but the document is in Chinese \(zh-Hans\)"),
    Broken("XLIFF 1.2: note call deleted", delete_note_call_12,
           (("ERROR", "code-deleted", "//x1:trans-unit[@resname='para_1']",
             "unit {para_1}: code c1 (footnote call 1) was deleted"),), version="1.2"),
    Broken("XLIFF 1.2: bpt code", bpt_in_12,
           (("ERROR", "code-unsupported", "//x1:trans-unit[@resname='para_2']/x1:target/x1:bpt",
             "unit {para_2_id}: <bpt> codes are not used by this document; the source's codes were changed into them"),),
           version="1.2"),
]


@pytest.fixture(scope="module")
def pseudo_files():
    tree = model.parse_model((MODELS / "minimal.akn.xml").read_bytes())
    return {v: pseudo_translate(xliff(tree, "en", v)) for v in ("2.1", "1.2")}


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_broken_translated_file(minimal_model, pseudo_files, case: Broken):
    root = etree.fromstring(pseudo_files[case.version])
    case.mutate(root)
    data = etree.tostring(root, xml_declaration=True, encoding="UTF-8")
    reread = etree.fromstring(data)
    reporter = Reporter()
    if case.fails:
        with pytest.raises(MergeError) as info:
            merge_xliff(minimal_model, data, reporter, "p.xlf", strict=case.require_complete)
        if case.error:
            assert re.fullmatch(case.error, info.value.message), info.value.message
        else:
            assert re.fullmatch(r"p\.xlf: \d+ problem\(s\) in the translated file, nothing merged.*",
                                info.value.message)
    else:
        merged = merge_xliff(minimal_model, data, reporter, "p.xlf")
        model.validate(merged)
        kept_out = {d.message.split(" ")[1] for d in reporter.diagnostics if d.level.name == "ERROR"}
        for unit in extract_units(merged):          # a unit kept out keeps its source text
            if unit.id in kept_out:
                assert unit.fingerprint in {u.fingerprint for u in extract_units(minimal_model)}
    got = [(d.level.name, d.code, d.pos.line if d.pos else None, d.message) for d in reporter.diagnostics]
    expected = []
    describe = {u.name: u.describe() for u in extract_units(minimal_model)}
    describe.update({u.name + "_id": u.id for u in extract_units(minimal_model)})
    for level, code, where, message in case.expected:
        line = reread.xpath(where, namespaces=NS)[0].sourceline if where else 1
        expected.append((level, code, line, message.format(**describe)))
    assert got == expected
    assert all(d.pos.path == "p.xlf" for d in reporter.diagnostics)


def test_reordered_links_are_merged_in_the_translator_s_order(minimal_model, pseudo_files):
    root = etree.fromstring(pseudo_files["2.1"])
    swap_links(root)
    merged = merge_xliff(minimal_model, etree.tostring(root), Reporter(), "p.xlf")
    note = xpath(merged, "//a:authorialNote[@eId='fn_2']/a:p")[0]
    assert [r.text for r in note.iter(akn("ref"))] == ["A/71/208", "A/72/297"]


def test_reordered_sentences_are_merged_in_the_target_order(minimal_model):
    p = xpath(minimal_model, "//a:paragraph[@eId='para_3']//a:p")[0]
    for child in list(p):
        p.remove(child)
    p.text = "第一句。第二句。"
    root = etree.fromstring(copy_source_to_target(xliff(minimal_model)))
    reorder_sentences_of(root, "para_3")
    merged = merge_xliff(minimal_model, etree.tostring(root), Reporter(), "p.xlf")
    assert xpath(merged, "//a:paragraph[@eId='para_3']//a:p")[0].text == "第二句。第一句。"


def test_protected_text_is_restored_from_the_source(minimal_model, pseudo_files):
    root = etree.fromstring(pseudo_files["2.1"])
    protected_text_changed(root)
    merged = merge_xliff(minimal_model, etree.tostring(root), Reporter(), "p.xlf")
    refs = xpath(merged, "//a:authorialNote[@eId='fn_2']//a:ref")
    assert [(r.text, r.get("href")) for r in refs] == [
        ("A/72/297", "https://undocs.org/en/A/72/297"), ("A/71/208", "https://undocs.org/en/A/71/208")]


def test_empty_target_keeps_the_source_text(minimal_model, pseudo_files):
    root = etree.fromstring(pseudo_files["2.1"])
    empty_target(root)
    merged = merge_xliff(minimal_model, etree.tostring(root), Reporter(), "p.xlf")
    assert xpath(merged, "//a:p[@class='agendaTitle']")[0].text == "发展方面的业务活动：南南合作促进发展"


def test_older_version_of_the_source(minimal_model, pseudo_files):
    """The document changed after extraction: the units whose source changed are named and kept
    out (their source text stays), the rest merges; --strict merges nothing."""
    changed = copy.deepcopy(minimal_model)
    p = xpath(changed, "//a:paragraph[@eId='para_3']//a:p")[0]
    p.text = "南南合作办公室（新措辞）通过其门户网站("
    xpath(changed, "//a:section[@eId='sec_1']/a:heading")[0].text = "导言"
    now = {u.name: u for u in extract_units(changed)}
    reporter = Reporter()
    merged = merge_xliff(changed, pseudo_files["2.1"], reporter, "p.xlf")
    root = etree.fromstring(pseudo_files["2.1"])
    assert [(d.code, d.pos.line) for d in reporter.diagnostics] == [
        ("unit-stale", _unit(root, "sec_1__heading").sourceline),
        ("unit-stale", _unit(root, "para_3").sourceline)]
    old_id = _unit(root, "sec_1__heading").get("id")
    assert reporter.diagnostics[0].message == (
        f"unit {old_id} (sec_1__heading): its source text has changed since the file was extracted (it is now "
        f"unit {now['sec_1__heading'].id}); the translation of the old text is kept out")
    assert xpath(merged, "//a:section[@eId='sec_1']/a:heading")[0].text == "导言"
    assert "Möƀîļé" in model.flow_text(xpath(merged, "//a:paragraph[@eId='para_2']//a:p")[0]) or \
        model.flow_text(xpath(merged, "//a:paragraph[@eId='para_2']//a:p")[0]) != model.flow_text(
            xpath(changed, "//a:paragraph[@eId='para_2']//a:p")[0])
    with pytest.raises(MergeError):
        merge_xliff(changed, pseudo_files["2.1"], Reporter(), "p.xlf", strict=True)


def test_a_file_without_fingerprints_is_checked_by_its_source_text(minimal_model, pseudo_files):
    """CAT tools may drop module metadata: the source text is then compared instead."""
    root = etree.fromstring(pseudo_files["2.1"])
    for md in root.findall(".//x:unit/mda:metadata", NS):
        md.getparent().remove(md)
    data = etree.tostring(root)
    reporter = Reporter()
    merge_xliff(minimal_model, data, reporter, "p.xlf")
    assert reporter.diagnostics == []
    changed = copy.deepcopy(minimal_model)
    xpath(changed, "//a:section[@eId='sec_1']/a:heading")[0].text = "导言"
    reporter = Reporter()
    merge_xliff(changed, data, reporter, "p.xlf")
    assert [d.code for d in reporter.diagnostics] == ["unit-stale"]


XXE = b"""<?xml version="1.0"?>
<!DOCTYPE xliff [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.1" srcLang="zh" trgLang="en"><file id="f1">
<unit id="para_1"><segment><source>x</source><target>&xxe;</target></segment></unit></file></xliff>"""
LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>
<lolz>&lol2;</lolz>"""


@pytest.mark.parametrize("data,message", [
    (XXE, r"x\.xlf:2: the file contains a DOCTYPE; XLIFF files must not \(it could read local files or expand "
          r"entities without limit\)"),
    (LAUGHS, r"x\.xlf:2: the file contains a DOCTYPE; .*"),
    (XXE.replace(b'<?xml version="1.0"?>', b'<?xml version="1.0" encoding="UTF-16"?>').decode().encode("utf-16"),
     r"x\.xlf:1: the file contains a DOCTYPE; XLIFF files must not"),
    (b"<?xml version='1.0'?>\n<xliff xmlns='urn:oasis:names:tc:xliff:document:2.0'>\n <file>\n</xliff>",
     r"x\.xlf:4:\d+: not well-formed XML: Opening and ending tag mismatch: file line 3 and xliff.*"),
    (b"<?xml version='1.0'?>\n<xliff>\n", r"x\.xlf:\d+:\d+: not well-formed XML: .*"),
    (b"<html/>", r"x\.xlf:1: the root element is <html>, not an XLIFF 2 or 1\.2 <xliff>"),
])
def test_unsafe_or_damaged_files_are_refused(minimal_model, data, message):
    reporter = Reporter()
    with pytest.raises(MergeError) as info:
        merge_xliff(minimal_model, data, reporter, "x.xlf")
    assert re.fullmatch(message, info.value.message), info.value.message


def test_pseudo_refuses_a_doctype_too():
    with pytest.raises(MergeError, match="DOCTYPE"):
        pseudo_translate(XXE, "x.xlf")


# ------------------------------------------------------------------ CLI

def test_cli_extract_pseudo_merge(tmp_path):
    runner = CliRunner()
    src = tmp_path / "minimal.akn.xml"
    src.write_bytes((MODELS / "minimal.akn.xml").read_bytes())
    out = tmp_path / "out"
    result = runner.invoke(cli, ["build", str(src), "--to", "xliff", "--target-lang", "fr", "-o", str(out), "-j", "1",
                                 "--cache-dir", str(tmp_path / "cache")])
    assert result.exit_code == 0, result.output
    xlf = out / "minimal.fr.xlf"
    assert xliff_validator.problems_21(xlf.read_bytes()) == []
    result = runner.invoke(cli, ["pseudo", str(xlf), "-o", str(tmp_path / "pseudo.xlf")])
    assert result.exit_code == 0, result.output
    result = runner.invoke(cli, ["merge", str(src), str(tmp_path / "pseudo.xlf"), "-o", str(out)])
    assert result.exit_code == 0, result.output
    merged = model.parse_model((out / "minimal.fr.akn.xml").read_bytes())
    model.validate(merged)
    assert model.document_info(merged).language == "fr"
    # The merged model is a source like any other.
    result = runner.invoke(cli, ["build", str(out / "minimal.fr.akn.xml"), "--to", "akn", "-o", str(tmp_path / "b"),
                                 "-j", "1", "--cache-dir", str(tmp_path / "cache")])
    assert result.exit_code == 0, result.output


def test_cli_merge_of_a_broken_unit_keeps_it_out_or_writes_nothing_with_strict(tmp_path, pseudo_files):
    root = etree.fromstring(pseudo_files["2.1"])
    delete_note_call(root)
    bad = tmp_path / "bad.xlf"
    bad.write_bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8"))
    line = _unit(etree.fromstring(bad.read_bytes()), "para_1").sourceline
    para_1 = next(u for u in extract_units(model.parse_model((MODELS / "minimal.akn.xml").read_bytes()))
                  if u.name == "para_1")
    out = tmp_path / "out"
    args = ["merge", str(MODELS / "minimal.akn.xml"), str(bad), "-o", str(out)]
    result = CliRunner().invoke(cli, args + ["--strict"])
    assert result.exit_code == 6
    message = f"{bad}:{line}:1: error: unit {para_1.describe()}: code c1 (footnote call 1) was deleted [code-deleted]"
    assert message in result.output
    assert "1 problem(s) in the translated file, nothing merged" in result.output
    assert not out.exists() or list(out.iterdir()) == []
    # Without --strict the rest merges, the unit keeps its source text, and the exit status says so.
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 9, result.output
    assert message in result.output
    merged = model.parse_model((out / "minimal.en.akn.xml").read_bytes())
    kept = xpath(merged, "//a:paragraph[@eId='para_1']//a:p")[0]
    assert model.flow_text(kept) == model.flow_text(para_1.element)


def test_cli_require_complete(tmp_path):
    xlf = tmp_path / "untranslated.xlf"
    tree = model.parse_model((MODELS / "minimal.akn.xml").read_bytes())
    xlf.write_bytes(xliff(tree, "es"))
    args = ["merge", str(MODELS / "minimal.akn.xml"), str(xlf), "-o", str(tmp_path / "out")]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 9                  # written, but untranslated: not ready to publish
    assert result.output.count("[target-missing]") == len(extract_units(tree))
    result = CliRunner().invoke(cli, args + ["--require-complete"])
    assert result.exit_code == 6


# ------------------------------------------------------------- the sample

@pytest.fixture(scope="module")
def sample_pseudo_merged(sample_read):
    tree = sample_read[0]
    reporter = Reporter()
    merged = merge_xliff(tree, pseudo_translate(xliff(tree, "en")), reporter, "sample.en.xlf")
    return tree, merged, reporter


def test_sample_round_trip(sample_read):
    tree = sample_read[0]
    reporter = Reporter()
    merged = merge_xliff(tree, copy_source_to_target(xliff(tree, "en")), reporter, "rt.xlf")
    assert reporter.diagnostics == []
    assert body_bytes(merged, hrefs_from="en") == body_bytes(tree)


def test_sample_pseudo_merge(sample_pseudo_merged):
    tree, merged, reporter = sample_pseudo_merged
    assert reporter.diagnostics == []
    _pseudo_checks(tree, merged)
    assert len(xpath(merged, "//a:paragraph")) == 95
    assert len(xpath(merged, "//a:authorialNote")) == 15


def test_sample_pseudo_builds_to_html(sample_pseudo_merged):
    """The merged model is built like any document: English lang, every paragraph pseudo text, notes kept."""
    from pipeline import write
    import lxml.html
    tree, merged, _ = sample_pseudo_merged
    page = lxml.html.fromstring(write(merged, "html", WriteOptions()))
    assert page.get("lang") == "en"
    paras = page.xpath("//div[contains(@class, 'para')]")
    assert len(paras) == 95
    for div in paras:
        text = " ".join(p.text_content() for p in div.xpath("./p")).strip()
        assert text.startswith("[") and "]" in text, text[:60]
    assert len(page.xpath("//*[@role='doc-footnote']")) == 15
    assert len(page.xpath("//a[@role='doc-noteref']")) == 15
    hrefs = page.xpath("//a[contains(@class, 'symbol') or contains(@class, 'resolution')]/@href")
    assert hrefs and all(h.startswith("https://undocs.org/en/") for h in hrefs)


@pytest.fixture(scope="module")
def sample_pseudo_outputs(sample_pseudo_merged, tmp_path_factory):
    """The pseudo-translated sample built to HTML, PDF and EPUB once for the module."""
    from pipeline import write
    _, merged, _ = sample_pseudo_merged
    out = tmp_path_factory.mktemp("pseudo-build")
    options = WriteOptions(source_date_epoch=1533600000)
    paths = {}
    for fmt, suffix in (("html", ".html"), ("pdf", ".pdf"), ("epub", ".epub")):
        paths[fmt] = out / f"A_73_321-ZH.en{suffix}"
        paths[fmt].write_bytes(write(merged, fmt, options))
    return paths


def test_sample_pseudo_html_is_valid(sample_pseudo_outputs):
    """Valid HTML; vnu's language guess is off because pseudo-English is no language (it was
    taken for Kurdish on some runs and not others)."""
    from validators import vnu
    messages = vnu.check([sample_pseudo_outputs["html"]], ["--also-check-css", "--no-langdetect"])
    bad = [str(m) for m in messages if m.kind in ("error", "warning")]
    assert not bad, "\n".join(bad)


def test_sample_pseudo_epub_is_valid(sample_pseudo_outputs):
    from validators import epubcheck
    report = epubcheck.check(sample_pseudo_outputs["epub"])
    assert [str(m) for m in report.of("FATAL", "ERROR", "WARNING")] == []
    import zipfile
    paras = notes = 0
    with zipfile.ZipFile(sample_pseudo_outputs["epub"]) as book:
        for name in book.namelist():
            if not name.endswith(".xhtml"):
                continue
            page = etree.fromstring(book.read(name))
            for div in page.xpath("//*[local-name()='div'][contains(concat(' ', @class, ' '), ' para ')]"):
                paras += 1
                text = div.xpath("string(./*[local-name()='p'][1])")
                assert "[" in text and text.rstrip().endswith("]"), (name, text[:60])
            notes += len(page.xpath("//*[local-name()='aside'][@role='doc-footnote']"))
    assert (paras, notes) == (95, 15)


def test_sample_pseudo_pdf(sample_pseudo_outputs):
    """English PDF: /Lang en, every paragraph's pseudo text and every note marker on the pages."""
    import subprocess
    import pikepdf
    with pikepdf.open(sample_pseudo_outputs["pdf"]) as pdf:
        assert str(pdf.Root.Lang) == "en"
        assert len(pdf.pages) > 5
    text = subprocess.run(["pdftotext", "-enc", "UTF-8", str(sample_pseudo_outputs["pdf"]), "-"],
                          capture_output=True, text=True, check=True).stdout
    assert "Möƀîļé Möñéý föŕ ţĥé Pööŕ" in text
    assert "United Nations" in text and "General Assembly" in text
    assert text.count("[") >= 95


# ------------------------------------------- translate-toolkit as the translator's tool

@pytest.mark.parametrize("version", ["2.1", "1.2"])
def test_file_saved_by_translate_toolkit_merges(minimal_model, version):
    """A real client edits and saves the file (targets with the source's placeables): merge accepts it.
    (Into the source's own language, where a copy of the source is a translation.)"""
    from translate.storage import xliff as tt_xliff12
    from translate.storage import xliff2 as tt_xliff2
    data = xliff(minimal_model, "zh", version)
    store = (tt_xliff2.Xliff2File if version == "2.1" else tt_xliff12.xlifffile).parsestring(data)
    for unit in store.units:
        unit.rich_target = unit.rich_source
    reporter = Reporter()
    merged = merge_xliff(minimal_model, bytes(store), reporter, "tt.xlf", min_state="initial")
    assert reporter.diagnostics == []
    assert body_bytes(merged) == body_bytes(minimal_model)


def test_plain_text_targets_from_a_tool_lose_codes_and_are_refused(minimal_model):
    """A tool that saves targets as plain text drops the footnote calls and links: every loss is listed."""
    from translate.storage import xliff2 as tt_xliff2
    store = tt_xliff2.Xliff2File.parsestring(xliff(minimal_model))
    for unit in store.units:
        unit.target = unit.source
    reporter = Reporter()
    with pytest.raises(MergeError):
        merge_xliff(minimal_model, bytes(store), reporter, "tt.xlf", strict=True)
    deleted = [d.message for d in reporter.diagnostics if d.code == "code-deleted"]
    units = {u.name: u for u in extract_units(minimal_model)}
    assert f"unit {units['para_1'].describe()}: code c1 (footnote call 1) was deleted" in deleted
    assert f"unit {units['fn_2'].describe()}: code c1 (ref A/72/297) was deleted" in deleted
    # Formatting (<i> in para_3) may be dropped: noted, not an error. The targets are copies of
    # the source in no state: untranslated for the QA, or Chinese where the symbols became text.
    assert {(d.level.name, d.code) for d in reporter.diagnostics} == {
        ("ERROR", "code-deleted"), ("INFO", "code-dropped"), ("ERROR", "target-is-source"),
        ("WARNING", "state-not-final"), ("WARNING", "target-wrong-language")}
    assert len(deleted) == sum(1 for u in extract_units(minimal_model) for c in u.codes.values() if not c.can_delete)


def test_pseudo_out_of_chinese_leaves_the_sentence_space_to_merge(minimal_model):
    """Pseudo-translation no longer hides glued sentences with trailing spaces: its segments end
    without one, and merge puts the English separator between them."""
    data = pseudo_translate(xliff(minimal_model, "en"))
    root = etree.fromstring(data)
    unit = _unit(root, "para_1")
    targets = ["".join(s.find("x:target", NS).itertext()) for s in unit.findall("x:segment", NS)]
    assert len(targets) == 2 and not any(t.endswith(" ") for t in targets)
    merged = merge_xliff(minimal_model, data, Reporter(), "p.xlf")
    text = model.flow_text(xpath(merged, "//a:paragraph[@eId='para_1']//a:p")[0])
    assert "~] [" in text and "~][" not in text
