"""XLIFF writer (issue 6): schema-valid 2.1, readable 1.2, stable ids, UN-aware segments, a reviewed golden."""

from __future__ import annotations

import copy
import re
from pathlib import Path

import pytest
from lxml import etree
from translate.storage import xliff as tt_xliff12
from translate.storage import xliff2 as tt_xliff2

from pipeline import model
from pipeline.diagnostics import WriterError
from pipeline.languages import language
from pipeline.model import E, akn, xpath
from pipeline.segment import split_sentences
from pipeline.writers import WRITERS, WriteOptions
from pipeline.writers.xliff import extract_units, write_xliff
from validators import xliff as xliff_validator

GOLDEN = Path(__file__).parent / "golden" / "xliff"
X2 = "{urn:oasis:names:tc:xliff:document:2.0}"
X1 = "{urn:oasis:names:tc:xliff:document:1.2}"


def xliff(tree, target="en", version="2.1") -> bytes:
    return write_xliff(tree, WriteOptions(target_language=target, xliff_version=version))


def unit_ids(data: bytes, version="2.1") -> list[str]:
    """The units' names (their place in the model; the ids are content hashes), in order."""
    root = etree.fromstring(data)
    tag = X2 + "unit" if version == "2.1" else X1 + "trans-unit"
    return [u.get("name") or u.get("resname") for u in root.iter(tag)]


def ids_by_name(tree) -> dict[str, str]:
    return {u.name: u.id for u in extract_units(tree)}


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


# ---------------------------------------------------------------- validity

@pytest.mark.parametrize("target", ["en", "fr", "es", "ru", "ar", "zh"])
def test_xliff21_of_minimal_is_valid(minimal_model, target):
    data = xliff(minimal_model, target)
    assert xliff_validator.problems_21(data) == []
    root = etree.fromstring(data)
    assert root.get("version") == "2.1"
    assert root.get("srcLang") == "zh-Hans"
    assert root.get("trgLang") == language(target).bcp47


def test_the_oasis_schematron_rules_run_and_catch(minimal_model):
    """The spec's own Schematron rules (not our checks) pass our file and fail broken ones:
    a duplicated unit id, a dataRef to no data element, a subFlows to no unit."""
    data = xliff(minimal_model)
    assert xliff_validator.schematron_problems(data) == []
    ids = {k: v.encode() for k, v in ids_by_name(minimal_model).items()}
    for old, new, says in ((b'<unit id="' + ids["para_2"] + b'"', b'<unit id="' + ids["para_1"] + b'"',
                            "id duplication found"),
                           (b'dataRefEnd="d2"', b'dataRefEnd="d99"', "dataRefEnd"),
                           (b'subFlows="' + ids["fn_1"] + b'"', b'subFlows="fn_404"', "subFlows")):
        bad = data.replace(old, new, 1)
        assert bad != data, old
        problems = xliff_validator.schematron_problems(bad)
        assert problems and all(p.startswith("schematron: ") for p in problems), (old, problems)
        assert any(says in p for p in problems), (old, problems)


def test_xliff12_of_minimal_is_consistent(minimal_model):
    data = xliff(minimal_model, "fr", "1.2")
    assert xliff_validator.problems_12(data) == []
    file_ = etree.fromstring(data).find(X1 + "file")
    assert (file_.get("source-language"), file_.get("target-language")) == ("zh-Hans", "fr")


def test_validator_catches_what_the_schema_cannot(minimal_model):
    """The extra checks are real: each one fails on a file broken in its way, which the XSD accepts."""
    data = xliff(minimal_model)
    ids = {k: v.encode() for k, v in ids_by_name(minimal_model).items()}
    broken = {
        b'subFlows="' + ids["fn_1"] + b'"': b'subFlows="fn_404"',
        b'<unit id="' + ids["para_2"] + b'"': b'<unit id="' + ids["para_1"] + b'"',
        b'dataRefEnd="d2"': b'dataRefEnd="d99"',
        b'<segment id="s2">': b'<segment id="c2">',
    }
    schema_accepts = []
    for old, new in broken.items():
        bad = data.replace(old, new, 1)
        assert bad != data, old
        if xliff_validator.schema_21().validate(etree.fromstring(bad)):
            schema_accepts.append(old)
        assert xliff_validator.problems_21(bad), f"{old!r} → {new!r} was not caught"
    # The XSD alone lets the dangling references through: that is why the extra checks exist.
    assert b'subFlows="' + ids["fn_1"] + b'"' in schema_accepts and b'dataRefEnd="d2"' in schema_accepts


def test_missing_target_language_is_a_clear_error(minimal_model):
    with pytest.raises(WriterError, match="target language"):
        write_xliff(minimal_model, WriteOptions())
    with pytest.raises(WriterError, match="unknown language 'de': the UN's official languages are ar, en, es, fr, ru, zh"):
        write_xliff(minimal_model, WriteOptions(target_language="de"))


def test_registered_as_a_writer(minimal_model):
    writer = WRITERS["xliff"]
    options = WriteOptions(target_language="en")
    assert writer.output_name("A_73_321-ZH", options) == "A_73_321-ZH.en.xlf"
    assert writer.load()(minimal_model, options) == xliff(minimal_model)


# --------------------------------------------------------- what is in it

EXPECTED_MINIMAL_UNITS = [
    "preface__session_1", "preface__agendaItem_1", "fn_star", "preface__agendaTitle_1",
    "preface__longTitle_1__p_1", "preface__proponent_1", "preface__summary_1__heading_1",
    "preface__summary_1__p_1", "sec_1__num", "sec_1__heading", "para_1", "fn_1", "fn_2",
    "sec_2__num", "sec_2__heading", "sec_2__title_A__num", "sec_2__title_A__heading", "para_2", "fn_3",
    "sec_2__title_A__subhead_1__heading", "para_3",
]


def test_units_of_minimal(minimal_model):
    """Every paragraph, heading, chapter number, preface item and note; each note after its caller."""
    assert unit_ids(xliff(minimal_model)) == EXPECTED_MINIMAL_UNITS
    assert unit_ids(xliff(minimal_model, version="1.2"), "1.2") == EXPECTED_MINIMAL_UNITS


def test_inline_codes(minimal_model):
    root = etree.fromstring(xliff(minimal_model))
    units = {u.get("name"): u for u in root.iter(X2 + "unit")}
    ids = ids_by_name(minimal_model)
    # A footnote call: ph with subFlows to the note's unit, undeletable, uncopyable, marker shown.
    ph = units["para_1"].find(f".//{X2}ph")
    assert (ph.get("subFlows"), ph.get("canDelete"), ph.get("canCopy"), ph.get("disp")) == (
        ids["fn_1"], "no", "no", "1")
    data = units["para_1"].find(f"{X2}originalData/{X2}data[@id='{ph.get('dataRef')}']")
    assert 'eId="fn_1"' in data.text
    # A symbol: pc link with originalData, its text protected.
    pc = units["fn_2"].find(f".//{X2}pc")
    assert (pc.get("type"), pc.get("canDelete")) == ("link", "no")
    assert units["fn_2"].find(f"{X2}originalData/{X2}data[@id='{pc.get('dataRefStart')}']").text == \
        '<ref class="symbol" href="https://undocs.org/zh/A/72/297">'
    mrk = pc.find(X2 + "mrk")
    assert (mrk.get("translate"), mrk.text) == ("no", "A/72/297")
    # The validation module lists the symbols a target must keep.
    assert [r.get("isPresent") for r in units["fn_2"].iter("{urn:oasis:names:tc:xliff:validation:2.0}rule")] == \
        ["A/72/297", "A/71/208"]
    # Emphasis: a deletable fmt pc holding the link.
    fmt = [p for p in units["para_3"].iter(X2 + "pc") if p.get("type") == "fmt"]
    assert len(fmt) == 1 and fmt[0].get("canDelete") is None and fmt[0].find(X2 + "pc") is not None
    # Context notes: paragraph number and section heading.
    note = units["para_3"].find(f"{X2}notes/{X2}note").text
    assert "Paragraph 3" in note and "政策对话与发展" in note and "A. 联合国支持南南合作的创新式做法" in note
    assert "Footnote 2, called in paragraph 1" in units["fn_2"].find(f"{X2}notes/{X2}note").text
    # The document is identified, each unit carries the fingerprint of its source.
    assert root.find(f".//{{urn:oasis:names:tc:xliff:metadata:2.0}}meta[@type='symbol']").text == "A/73/321"
    for unit in units.values():
        assert re.fullmatch(r"[0-9a-f]{16}", unit.find(
            ".//{urn:oasis:names:tc:xliff:metadata:2.0}meta[@type='fingerprint']").text)


def test_xliff12_codes(minimal_model):
    root = etree.fromstring(xliff(minimal_model, version="1.2"))
    units = {u.get("resname"): u for u in root.iter(X1 + "trans-unit")}
    x = units["para_1"].find(f"{X1}source/{X1}x")
    assert (x.get("xid"), x.get("equiv-text")) == (ids_by_name(minimal_model)["fn_1"], "1")
    g = units["fn_2"].find(f"{X1}source/{X1}g")
    assert g.get("ctype") == "link"
    assert g.find(X1 + "mrk").get("mtype") == "protected"
    segs = units["para_1"].findall(f"{X1}seg-source/{X1}mrk[@mtype='seg']")
    assert [s.get("mid") for s in segs] == ["s1", "s2"]


# ---------------------------------------------------- translate-toolkit reads it

def test_translate_toolkit_reads_xliff21(minimal_model):
    """translate-toolkit's XLIFF 2 store sees every unit (one per segment) with the right source text."""
    data = xliff(minimal_model)
    store = tt_xliff2.Xliff2File.parsestring(data)
    names = {v: k for k, v in ids_by_name(minimal_model).items()}
    by_unit: dict[str, list[str]] = {}
    for tu in store.units:
        unit_id, _, seg = tu.getid().partition("::")
        assert re.fullmatch(r"s\d+", seg)
        by_unit.setdefault(names[unit_id], []).append(tu.source)
    assert list(by_unit) == EXPECTED_MINIMAL_UNITS
    assert by_unit["para_1"] == ["国际社会在其通过的《2030 年可持续发展议程》 中，商定了一项行动计划。",
                                 "本报告连同我前两份报告， 强调指出联合国系统的行动。"]
    assert by_unit["fn_2"] == ["A/72/297 和 A/71/208。"]
    assert by_unit["sec_1__num"] == ["一."]
    for unit in extract_units(minimal_model):
        assert squash("".join(by_unit[unit.name])) == squash(model.flow_text(unit.element)), unit.id


def test_translate_toolkit_reads_xliff12(minimal_model):
    store = tt_xliff12.xlifffile.parsestring(xliff(minimal_model, version="1.2"))
    seen = {tu.xmlelement.get("id"): tu.source for tu in store.units}
    assert [tu.xmlelement.get("resname") for tu in store.units] == EXPECTED_MINIMAL_UNITS
    for unit in extract_units(minimal_model):
        assert seen[unit.id] == model.flow_text(unit.element), unit.id


# ------------------------------------------------------------ id stability

def _units_by_id(data: bytes) -> dict[str, bytes]:
    root = etree.fromstring(data)
    return {u.get("id"): etree.tostring(u, with_tail=False) for u in root.iter(X2 + "unit")}


def test_adding_a_paragraph_changes_no_other_unit(minimal_model):
    before = _units_by_id(xliff(minimal_model))
    changed = copy.deepcopy(minimal_model)
    last = xpath(changed, "//a:paragraph[@eId='para_3']")[0]
    new = E("paragraph", E("num", "4."), E("content", E("p", "新的段落。", E(
        "authorialNote", E("p", "新的脚注。"), marker="4", placement="bottom", eId="fn_4"))), eId="para_4")
    last.addnext(new)
    inserted = E("paragraph", E("num", "1 之二."), E("content", E("p", "插入的段落。")), eId="para_1bis")
    xpath(changed, "//a:paragraph[@eId='para_1']")[0].addnext(inserted)
    model.validate(changed)
    after = _units_by_id(xliff(changed))
    new_ids = ids_by_name(changed)
    assert set(after) - set(before) == {new_ids[n] for n in ("para_4", "fn_4", "para_1bis", "para_1bis__num")}
    for uid, unit in before.items():
        assert after[uid] == unit, f"unit {uid} changed"


def test_re_extraction_is_byte_identical(minimal_model):
    first = xliff(minimal_model)
    again = xliff(model.parse_model((Path(__file__).parent / "models" / "minimal.akn.xml").read_bytes()))
    assert first == again
    assert xliff(minimal_model, version="1.2") == xliff(copy.deepcopy(minimal_model), version="1.2")


def test_text_outside_any_unit_is_an_error(minimal_model):
    """No text is silently left untranslated: loose text in a structural element stops the writer."""
    section = xpath(minimal_model, "//a:section[@eId='sec_1']")[0]
    section[0].tail = "游离的文字"
    with pytest.raises(WriterError, match="游离的文字"):
        xliff(minimal_model)


# ------------------------------------------------------------ segmentation

SEGMENTS = [
    ("en", "See para. 5 of document A/72/297. The report No. 5 was adopted.",
     ["See para. 5 of document A/72/297. ", "The report No. 5 was adopted."]),
    ("en", "As noted in resolution 70/1. Mr. Guterres said, e.g. this.",
     ["As noted in resolution 70/1. ", "Mr. Guterres said, e.g. this."]),
    ("en", "In art. 3. The Secretary-General reported (see sect. II). It ends.",
     ["In art. 3. ", "The Secretary-General reported (see sect. II). ", "It ends."]),
    ("fr", "Voir la résolution 70/1 du 25 sept. 2015. Voir art. 3. Fin.",
     ["Voir la résolution 70/1 du 25 sept. 2015. ", "Voir art. 3. ", "Fin."]),
    ("es", "Véase el párr. 5 del documento A/72/297. Fin.", ["Véase el párr. 5 del documento A/72/297. ", "Fin."]),
    ("ru", "См. п. 5 документа A/72/297. Конец.", ["См. п. 5 документа A/72/297. ", "Конец."]),
    ("zh", "国际社会商定了一项行动计划。本报告强调指出！是否如此？是。",
     ["国际社会商定了一项行动计划。", "本报告强调指出！", "是否如此？", "是。"]),
    ("zh", "不可或缺的要求。《2030 年议程》营造了使命感。“新议程”得到执行。",
     ["不可或缺的要求。", "《2030 年议程》营造了使命感。", "“新议程”得到执行。"]),
    ("en", "It ends. (A new sentence.) \u201cQuoted.\u201d Done.",
     ["It ends. ", "(A new sentence.) ", "\u201cQuoted.\u201d ", "Done."]),
    ("ar", "هل انتهى؟ نعم. انتهى", ["هل انتهى؟ ", "نعم. ", "انتهى"]),
    # Issue 15: sales numbers are never cut, nor French par., Spanish secc., Russian п. and разд.
    ("en", "(United Nations publication, Sales No. E.78.II.A.11 and corrigendum), chap. I. Next.",
     ["(United Nations publication, Sales No. E.78.II.A.11 and corrigendum), chap. I. ", "Next."]),
    ("fr", "(publication des Nations Unies, numéro de vente : F.78.II.A.11 et rectificatif), chap. I. Suite.",
     ["(publication des Nations Unies, numéro de vente : F.78.II.A.11 et rectificatif), chap. I. ", "Suite."]),
    ("fr", "Voir par. 12 et sect. II du rapport. Suite.", ["Voir par. 12 et sect. II du rapport. ", "Suite."]),
    ("es", "(publicación de las Naciones Unidas, núm. de venta: S.78.II.A.11), cap. I. Luego.",
     ["(publicación de las Naciones Unidas, núm. de venta: S.78.II.A.11), cap. I. ", "Luego."]),
    ("es", "Véase la secc. II y el párr. 4. Luego.", ["Véase la secc. II y el párr. 4. ", "Luego."]),
    ("ru", "(издание Организации Объединенных Наций, в продаже под № R.78.II.A.11), гл. I. Далее.",
     ["(издание Организации Объединенных Наций, в продаже под № R.78.II.A.11), гл. I. ", "Далее."]),
    ("ru", "См. п. 5 и разд. II. Далее.", ["См. п. 5 и разд. II. ", "Далее."]),
    ("ar", "(منشورات الأمم المتحدة، رقم المبيع A.78.II.A.11)، الفصل الأول. التالي.",
     ["(منشورات الأمم المتحدة، رقم المبيع A.78.II.A.11)، الفصل الأول. ", "التالي."]),
    ("zh", "(联合国出版物，出售品编号：C.78.II.A.11和更正)，第一章。下一句。",
     ["(联合国出版物，出售品编号：C.78.II.A.11和更正)，第一章。", "下一句。"]),
    ("en", "See document A/75/371. The report No. 5 was adopted. See resolution 70/1, para. 3. End.",
     ["See document A/75/371. ", "The report No. 5 was adopted. ", "See resolution 70/1, para. 3. ", "End."]),
]


@pytest.mark.parametrize("lang,text,expected", SEGMENTS)
def test_un_sentence_segmentation(lang, text, expected):
    assert split_sentences(text, lang) == expected


def test_note_call_at_a_sentence_end_stays_with_its_sentence(minimal_model):
    p = xpath(minimal_model, "//a:paragraph[@eId='para_2']//a:p")[0]
    note = p.find(akn("authorialNote"))
    note.tail = "第二句话。"
    root = etree.fromstring(xliff(minimal_model))
    unit = next(u for u in root.iter(X2 + "unit") if u.get("name") == "para_2")
    segs = unit.findall(X2 + "segment")
    assert len(segs) == 2
    assert segs[0].find(f"{X2}source/{X2}ph").get("subFlows") == ids_by_name(minimal_model)["fn_3"]
    assert segs[1].find(X2 + "source").text == "第二句话。"


def test_no_segment_boundary_inside_a_code(minimal_model):
    p = xpath(minimal_model, "//a:paragraph[@eId='para_1']//a:p")[0]
    for child in list(p):
        p.remove(child)
    p.text = "Start. "
    p.append(E("i", "One sentence. Another sentence."))
    p[-1].tail = " End."
    minimal_model.find(".//{urn:x-un-pipeline:model}document").set("language", "en")
    root = etree.fromstring(xliff(minimal_model, "fr"))
    unit = next(u for u in root.iter(X2 + "unit") if u.get("name") == "para_1")
    sources = ["".join(s.find(X2 + "source").itertext()) for s in unit.findall(X2 + "segment")]
    assert sources == ["Start.", "One sentence. Another sentence.", "End."]
    assert [i.find(X2 + "source").text for i in unit.findall(X2 + "ignorable")] == [" ", " "]


# ------------------------------------------------------------------ golden

@pytest.mark.parametrize("version,name", [("2.1", "minimal.en.xlf"), ("1.2", "minimal.en.xliff12.xlf")])
def test_golden(minimal_model, file_regression, version, name):
    """Reviewed by eye; `pytest --force-regen` rewrites it, then review `git diff`."""
    data = xliff(minimal_model, "en", version)
    file_regression.check(data.decode(), fullpath=GOLDEN / name, binary=False, encoding="utf-8")


# ------------------------------------------------------------ the sample

@pytest.fixture(scope="module")
def sample_xliff(sample_read):
    return xliff(sample_read[0])


def test_sample_xliff21_is_valid_and_complete(sample_read, sample_xliff):
    tree = sample_read[0]
    assert xliff_validator.problems_21(sample_xliff) == []
    ids = unit_ids(sample_xliff)
    paragraphs = [p.get("eId") for p in xpath(tree, "//a:paragraph")]
    notes = [n.get("eId") for n in xpath(tree, "//a:authorialNote")]
    assert len(paragraphs) == 95 and len(notes) == 15
    assert set(paragraphs) <= set(ids) and set(notes) <= set(ids)
    assert len(ids) == len(set(ids))
    # Every character of the content is in some unit, except the masthead and paragraph numbers.
    store = tt_xliff2.Xliff2File.parsestring(sample_xliff)
    everything = squash("".join(tu.source for tu in store.units))
    for unit in extract_units(tree):
        assert squash(model.flow_text(unit.element)) in everything


def test_sample_xliff12_is_consistent(sample_read):
    data = xliff(sample_read[0], "fr", "1.2")
    assert xliff_validator.problems_12(data) == []
    store = tt_xliff12.xlifffile.parsestring(data)
    assert [tu.xmlelement.get("resname") for tu in store.units] == unit_ids(xliff(sample_read[0]))
    assert [tu.xmlelement.get("id") for tu in store.units] == [u.id for u in extract_units(sample_read[0])]


def test_sample_re_extraction_is_byte_identical(sample_read, sample_xliff):
    """Reading the sample again and extracting gives the same bytes (no counters, no dates)."""
    from pipeline import read_source
    from pipeline.diagnostics import Reporter
    from conftest import SAMPLE
    again = read_source(SAMPLE.read_bytes(), "source/A_73_321-ZH.md", Reporter())
    assert xliff(again) == sample_xliff


def test_hints_follow_the_target_language():
    """Each target language gets its own conventions: a French operative paragraph is told about
    the no-break space before ';', a Chinese one about its verbs, and the file about typography."""
    from pipeline import read_source
    from pipeline.diagnostics import Reporter
    from conftest import SHARED
    path = SHARED / "corpus" / "en_A-RES-75-234.txt"
    tree = read_source(path.read_bytes(), str(path), Reporter())
    hints = {}
    for target in ("fr", "zh", "ar"):
        root = etree.fromstring(xliff(tree, target))
        unit = next(u for u in root.iter(X2 + "unit") if u.get("name") == "para_1")
        hints[target] = unit.find(f"{X2}notes/{X2}note[@category='hint']").text
        file_hint = root.find(f"{X2}file/{X2}notes/{X2}note[@category='hint']").text
        assert file_hint and file_hint not in hints.values()
        pre = next(u for u in root.iter(X2 + "unit") if u.get("name") == "preamble__para_1")
        assert pre.find(f"{X2}notes/{X2}note[@category='hint']").text != hints[target]
        assert xliff_validator.problems_21(etree.tostring(root, xml_declaration=True, encoding="UTF-8")) == []
    assert "point-virgule" in hints["fr"] and "决定" in hints["zh"] and "؛" in hints["ar"]
    assert len(set(hints.values())) == 3
    units = {u.get("name"): u for u in etree.fromstring(xliff(tree, "fr")).iter(X2 + "unit")}
    note = units["para_1"].find(f"{X2}notes/{X2}note[@category='context']").text
    assert note == "Operative paragraph 1."
    assert units["fn_4" if "fn_4" in units else "fn_1"].find(f"{X2}notes/{X2}note").text.startswith("Footnote")
