"""Issue 15 on the UN's own translations of A/RES/75/234 (the corpus): stable unit ids across
versions, TMX alignment by structure, pre-translation leverage, round trips that give back the
UN's target-language model, and the QA findings a translation service relies on."""

from __future__ import annotations

import copy
import re

import pytest
from click.testing import CliRunner
from lxml import etree

from pipeline import model, read_source, tm
from pipeline.cli import cli
from pipeline.diagnostics import MergeError, Reporter
from pipeline.merge import merge_xliff, qa_xliff
from pipeline.model import E, xpath
from pipeline.writers import WriteOptions
from pipeline.writers.xliff import extract_units, write_xliff
from validators import xliff as xliff_validator

from conftest import SHARED

CORPUS = SHARED / "corpus"
X2 = "{urn:oasis:names:tc:xliff:document:2.0}"


@pytest.fixture(scope="module")
def corpus():
    out = {}
    for lang in ("zh", "en", "fr", "es", "ru", "ar"):
        path = CORPUS / f"{lang}_A-RES-75-234.txt"
        out[lang] = read_source(path.read_bytes(), str(path), Reporter())
    return out


def _block(unit) -> str:
    """A unit's element as XML, without positions and eIds: text, notes, links and spacing."""
    text = etree.tostring(unit.element, encoding=str, with_tail=False)
    return re.sub(r' (pl:line|pl:col|eId)="[^"]*"', "", text)


def _round_trip(corpus, source, target, version="2.1"):
    reporter = Reporter()
    tmx = tm.write_tmx(tm.align(corpus[source], corpus[target], reporter))
    data = write_xliff(corpus[source], WriteOptions(target_language=target, translation_memory=tmx,
                                                    xliff_version=version))
    merged = merge_xliff(corpus[source], data, reporter, "pre.xlf")
    return data, merged, reporter


@pytest.mark.parametrize("source,target", [("zh", "en"), ("en", "fr"), ("en", "es")])
def test_round_trip_with_the_un_translation_gives_the_un_model(corpus, source, target):
    """TM from the UN's two versions, pre-translation, merge: the UN's target-language model,
    paragraph by paragraph, notes at the same places, same links, same spacing."""
    data, merged, reporter = _round_trip(corpus, source, target)
    assert xliff_validator.problems_21(data) == []
    assert [d.format() for d in reporter.diagnostics] == []
    got = {u.name: _block(u) for u in extract_units(merged)}
    want = {u.name: _block(u) for u in extract_units(corpus[target])}
    assert got == want


def test_round_trip_en_ru_gives_the_un_model(corpus):
    """The Russian version too, closing lines included; its only finding is the note it cites in
    English (the UN's Russian keeps "United Nations, Treaty Series" as written), said, not hidden."""
    data, merged, reporter = _round_trip(corpus, "en", "ru")
    assert xliff_validator.problems_21(data) == []
    assert [(d.code, d.message.split(" ")[1]) for d in reporter.diagnostics] == [
        ("target-same-as-source", next(u.id for u in extract_units(merged) if u.name == "fn_3"))]
    got = {u.name: _block(u) for u in extract_units(merged)}
    want = {u.name: _block(u) for u in extract_units(corpus["ru"])}
    assert got == want


def test_round_trip_zh_en_keeps_the_space_between_sentences(corpus):
    """Chinese has no whitespace between sentences: the English ones are not glued together."""
    _, merged, _ = _round_trip(corpus, "zh", "en")
    text = model.flow_text(model.document_element(merged), notes=True)
    assert not re.search(r"[a-z]\.[A-Z][a-z]", text)
    note = next(u for u in extract_units(merged) if u.name == "fn_1")
    assert "Sales No.\u00a0E.78.II.A.11 and corrigendum" in model.flow_text(note.element)


def _insert_preambular(tree, text="Recalling also its new resolution,"):
    changed = copy.deepcopy(tree)
    first = xpath(changed, "//a:preamble/a:container[@name='preambularParagraph']")[0]
    para = E("container", E("p", text), name="preambularParagraph")
    first.addprevious(para)
    # The model numbers preambular paragraphs in order: renumber as the reader would.
    for n, el in enumerate(xpath(changed, "//a:preamble/a:container[@name='preambularParagraph']"), 1):
        el.set("eId", f"preamble__para_{n}")
    return changed


def test_inserting_a_preambular_paragraph_changes_no_other_unit_id(corpus):
    """Before: one preambular paragraph inserted shifted 8 unit ids. Now only the new one is new."""
    before = {u.id for u in extract_units(corpus["en"])}
    changed = _insert_preambular(corpus["en"])
    after = extract_units(changed)
    assert len(after) == len(before) + 1
    assert [u.id for u in after if u.id not in before] == [next(
        u.id for u in after if model.flow_text(u.element) == "Recalling also its new resolution,")]


def test_removing_and_moving_paragraphs_change_no_other_unit_id(corpus):
    tree = copy.deepcopy(corpus["en"])
    before = [u.id for u in extract_units(tree)]
    paragraphs = xpath(tree, "//a:mainBody/a:paragraph")
    removed = extract_units(tree)
    removed_id = next(u.id for u in removed if u.element in list(paragraphs[2].iter()))
    paragraphs[2].getparent().remove(paragraphs[2])        # operative paragraph 3 removed
    paragraphs[0].addnext(paragraphs[4])                   # operative paragraph 5 moved up
    after = [u.id for u in extract_units(tree)]
    assert set(after) == set(before) - {removed_id}


def test_editing_one_paragraph_then_pre_translating_gives_one_new_unit(corpus, tmp_path):
    """tm import of the corpus, one paragraph edited: 1 new unit, every other an exact match."""
    runner = CliRunner()
    tmx = tmp_path / "un.tmx"
    result = runner.invoke(cli, ["tm", "import", str(CORPUS / "zh_A-RES-75-234.txt"),
                                 str(CORPUS / "en_A-RES-75-234.txt"), "-o", str(tmx)])
    assert result.exit_code == 0, result.output
    edited = tmp_path / "zh_A-RES-75-234.txt"
    text = (CORPUS / "zh_A-RES-75-234.txt").read_text(encoding="utf-8")
    assert "表示注意到秘书长关于南南合作情况的报告" in text
    edited.write_text(text.replace("表示注意到秘书长关于南南合作情况的报告", "欢迎秘书长的新报告"), encoding="utf-8")
    result = runner.invoke(cli, ["tm", "leverage", str(edited), "--tm", str(tmx), "--target-lang", "en", "--json"])
    assert result.exit_code == 0, result.output
    import json
    counts = json.loads(result.output)
    units = len(extract_units(read_source(edited.read_bytes(), str(edited), Reporter())))
    fuzzy = sum(v["units"] for k, v in counts.items() if k[0].isdigit())
    assert counts["new"]["units"] == 1 and fuzzy == 0
    assert counts["context"]["units"] + counts["exact"]["units"] == units - 1
    # The edited paragraph's neighbours are exact but no longer in the same context.
    assert counts["exact"]["units"] == 2


def test_fuzzy_matches_are_candidates_never_targets(corpus):
    reporter = Reporter()
    tmx = tm.write_tmx(tm.align(corpus["en"], corpus["fr"], reporter))
    changed = copy.deepcopy(corpus["en"])
    p = xpath(changed, "//a:mainBody/a:paragraph[1]//a:p")[0]
    p.text = p.text.replace("Recalls the convening", "Recalls with satisfaction the convening")
    data = write_xliff(changed, WriteOptions(target_language="fr", translation_memory=tmx))
    assert xliff_validator.problems_21(data) == []
    root = etree.fromstring(data)
    unit = next(u for u in root.iter(X2 + "unit") if u.get("name") == "para_1")
    assert unit.findall(f"{X2}segment/{X2}target") == []
    match = unit.find(".//{urn:oasis:names:tc:xliff:matches:2.0}match")
    assert 70 <= float(match.get("matchQuality")) < 100
    assert "Rappelle" in "".join(match.find(X2 + "target").itertext())
    data12 = write_xliff(changed, WriteOptions(target_language="fr", translation_memory=tmx, xliff_version="1.2"))
    alt = etree.fromstring(data12).find(".//{urn:oasis:names:tc:xliff:document:1.2}alt-trans")
    assert alt is not None and 70 <= int(alt.get("match-quality")) < 100
    assert etree.fromstring(data12).find(".//{urn:oasis:names:tc:xliff:document:1.2}trans-unit[@resname='para_1']"
                                         "/{urn:oasis:names:tc:xliff:document:1.2}target") is None


def test_merge_adds_its_units_to_the_memory(corpus, tmp_path):
    data, _, _ = _round_trip(corpus, "zh", "en")
    xlf = tmp_path / "pre.en.xlf"
    xlf.write_bytes(data)
    tmx = tmp_path / "new.tmx"
    result = CliRunner().invoke(cli, ["merge", str(CORPUS / "zh_A-RES-75-234.txt"), str(xlf), "-o",
                                      str(tmp_path / "out"), "--tm", str(tmx)])
    assert result.exit_code == 0, result.output
    entries = tm.read_tmx(tmx.read_bytes(), str(tmx))
    assert len(entries) == len(extract_units(corpus["zh"]))
    assert all(e.target_lang == "en" for e in entries)


def test_merge_date_follows_source_date_epoch(corpus, tmp_path, monkeypatch):
    data, _, _ = _round_trip(corpus, "zh", "en")
    xlf = tmp_path / "pre.en.xlf"
    xlf.write_bytes(data)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1600000000")
    result = CliRunner().invoke(cli, ["merge", str(CORPUS / "zh_A-RES-75-234.txt"), str(xlf), "-o", str(tmp_path)])
    assert result.exit_code == 0, result.output
    written = (tmp_path / "zh_A-RES-75-234.en.akn.xml").read_text(encoding="utf-8")
    dates = re.findall(r'<FRBRdate date="([\d-]+)" name="(\w+)"', written)
    assert ("2020-09-13", "markup") in dates
    import datetime
    assert datetime.date.today().isoformat() not in {d for d, _ in dates}


# ------------------------------------------------------------ QA: one test per finding

@pytest.fixture()
def en_fr(corpus):
    data, _, _ = _round_trip(corpus, "en", "fr")
    return corpus["en"], etree.fromstring(data)


def _unit(root, name):
    return next(u for u in root.iter(X2 + "unit") if u.get("name") == name)


def _merge(tree, root, **kw):
    reporter = Reporter()
    merged = merge_xliff(tree, etree.tostring(root), reporter, "t.xlf", **kw)
    return merged, reporter, {(d.code, d.message.split(" ")[1]) for d in reporter.diagnostics}


def test_untranslated_target_is_kept_out_with_its_unit_id(en_fr):
    tree, root = en_fr
    unit = _unit(root, "para_3")
    for t in unit.iter(X2 + "target"):
        t.getparent().remove(t)
    merged, reporter, found = _merge(tree, root)
    assert ("target-missing", unit.get("id")) in found
    assert model.flow_text(next(u for u in extract_units(merged) if u.name == "para_3").element).startswith("Reaffirms")
    with pytest.raises(MergeError):
        _merge(tree, root, strict=True)


def test_omegat_style_source_copy_is_caught(en_fr):
    tree, root = en_fr
    unit = _unit(root, "para_4")
    for seg in unit.iter(X2 + "segment"):
        tgt = seg.find(X2 + "target")
        seg.remove(tgt)
        new = copy.deepcopy(seg.find(X2 + "source"))
        new.tag = X2 + "target"
        seg.append(new)
        seg.set("state", "initial")
    _, _, found = _merge(tree, root)
    assert ("target-is-source", unit.get("id")) in found


def test_target_in_the_wrong_language_is_flagged(en_fr, corpus):
    tree, root = en_fr
    unit = _unit(root, "para_5")
    spanish = model.flow_text(next(u for u in extract_units(corpus["es"]) if u.name == "para_5").element)
    segs = unit.findall(X2 + "segment")
    for seg in segs:
        seg.find(X2 + "target").clear()
    segs[0].find(X2 + "target").text = spanish
    for seg in segs[1:]:
        seg.find(X2 + "target").text = "Y además."
    for ign in unit.findall(X2 + "ignorable"):
        for t in ign.findall(X2 + "target"):
            ign.remove(t)
    _, reporter, found = _merge(tree, root)
    assert ("target-wrong-language", unit.get("id")) in found
    assert "Spanish" in next(d.message for d in reporter.diagnostics if d.code == "target-wrong-language")


def test_state_below_the_minimum_is_flagged(en_fr):
    tree, root = en_fr
    unit = _unit(root, "para_6")
    unit.find(X2 + "segment").set("state", "initial")
    _, _, found = _merge(tree, root)
    assert ("state-not-final", unit.get("id")) in found
    _, _, found = _merge(tree, root, min_state="initial")
    assert ("state-not-final", unit.get("id")) not in found


def test_swapped_link_codes_are_flagged(en_fr):
    tree, root = en_fr
    unit = _unit(root, "preamble__para_4")
    target = unit.find(f"{X2}segment/{X2}target")
    links = [pc for pc in target.iter(X2 + "pc") if pc.get("type") == "link"]
    a, b = links[0], links[1]
    a_copy, b_copy = copy.deepcopy(a), copy.deepcopy(b)
    a_copy.tail, b_copy.tail = a.tail, b.tail
    a.getparent().replace(a, b_copy)
    b.getparent().replace(b, a_copy)
    _, _, found = _merge(tree, root)
    assert ("code-order-changed", unit.get("id")) in found


@pytest.mark.parametrize("typed", ["<x2/>", "{1}", "</g1>"])
def test_typed_tag_text_is_kept_out(en_fr, typed):
    tree, root = en_fr
    unit = _unit(root, "para_2")
    target = unit.find(f"{X2}segment/{X2}target")
    target.text = (target.text or "") + typed
    merged, _, found = _merge(tree, root)
    assert ("tag-text", unit.get("id")) in found
    assert typed not in model.flow_text(model.document_element(merged))


def _remove_keeping_tail(el):
    parent, previous = el.getparent(), el.getprevious()
    if el.tail:
        if previous is not None:
            previous.tail = (previous.tail or "") + el.tail
        else:
            parent.text = (parent.text or "") + el.tail
    parent.remove(el)


def test_codes_missing_and_extra_are_kept_out(en_fr):
    tree, root = en_fr
    unit = _unit(root, "para_1")
    _remove_keeping_tail(next(unit.find(f"{X2}segment/{X2}target").iter(X2 + "ph")))   # the footnote call
    extra = _unit(root, "para_3").find(f"{X2}segment/{X2}target")
    etree.SubElement(extra, X2 + "ph", id="c9")
    merged, _, found = _merge(tree, root)
    assert ("code-deleted", unit.get("id")) in found
    assert ("code-unknown", _unit(root, "para_3").get("id")) in found
    units = {u.name: u for u in extract_units(merged)}
    assert model.flow_text(units["para_1"].element).startswith("Recalls")      # kept out: the source
    assert model.flow_text(units["para_2"].element).startswith("Prend acte")   # the rest merged


def test_a_re_indented_file_merges_as_the_original(en_fr):
    """An XML library re-indents every element: the merge gives the same model, with a warning."""
    tree, root = en_fr
    clean, _, _ = _merge(tree, copy.deepcopy(root))
    etree.indent(root, space="    ")
    merged, reporter, found = _merge(tree, root)
    assert {code for code, _ in found} == {"whitespace-repaired"}
    assert [_block(u) for u in extract_units(merged)] == [_block(u) for u in extract_units(clean)]
    from pipeline import write
    assert write(merged, "html")                           # the writers take it


def test_stale_unit_is_kept_out_and_the_rest_merges(corpus):
    """The source changed after extraction: that unit is named and kept out, the rest merges."""
    reporter = Reporter()
    tmx = tm.write_tmx(tm.align(corpus["en"], corpus["fr"], reporter))
    data = write_xliff(corpus["en"], WriteOptions(target_language="fr", translation_memory=tmx))
    changed = copy.deepcopy(corpus["en"])
    p = xpath(changed, "//a:mainBody/a:paragraph[6]//a:p")[0]
    p.text = p.text.replace("Decides", "Also decides")
    merged = merge_xliff(changed, data, reporter, "t.xlf")
    stale = [d for d in reporter.diagnostics if d.code == "unit-stale"]
    assert len(stale) == 1 and "(para_6)" in stale[0].message
    units = {u.name: u for u in extract_units(merged)}
    assert model.flow_text(units["para_6"].element).startswith("Also decides")
    assert model.flow_text(units["para_5"].element).startswith("Réaffirme")


def test_pipeline_qa_reports_by_unit_and_exits_by_the_worst_finding(en_fr, tmp_path):
    _, root = en_fr
    clean = tmp_path / "clean.xlf"
    clean.write_bytes(etree.tostring(root))
    result = CliRunner().invoke(cli, ["qa", str(clean)])
    assert result.exit_code == 0, result.output
    unit = _unit(root, "para_2")
    unit.find(f"{X2}segment/{X2}target").text = "<x2/>"
    bad = tmp_path / "bad.xlf"
    bad.write_bytes(etree.tostring(root))
    result = CliRunner().invoke(cli, ["qa", str(bad)])
    assert result.exit_code == 9
    assert f"unit {unit.get('id')} (para_2)" in result.output and "[tag-text]" in result.output


def test_an_xliff_without_units_is_refused(corpus):
    empty = (b'<?xml version="1.0" encoding="UTF-8"?><xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" '
             b'version="2.1" srcLang="en" trgLang="fr"><file id="f1"></file></xliff>')
    with pytest.raises(MergeError, match="no translation units"):
        merge_xliff(corpus["en"], empty, Reporter(), "empty.xlf")


def test_an_xliff_declaring_the_wrong_encoding_is_refused(corpus):
    data = write_xliff(corpus["en"], WriteOptions(target_language="fr"))
    lying = data.replace(b"encoding='UTF-8'", b"encoding='ISO-8859-1'", 1)
    assert lying != data
    with pytest.raises(MergeError, match="declares encoding='ISO-8859-1', but its bytes are UTF-8"):
        merge_xliff(corpus["en"], lying, Reporter(), "latin1.xlf")


# ------------------------------------------------ what the pipeline localises itself

def test_round_trip_en_ar_numbers_paragraphs_and_writes_symbols_as_the_arabic_version(corpus):
    """1. → 1 -, 57/270 B → 57/270 باء (the Arabic writes the suffix after the link), the title's
    number 75/234. -: every unit's text equals the UN's Arabic, notes and links at their places."""
    _, merged, reporter = _round_trip(corpus, "en", "ar")
    got = {u.name: u for u in extract_units(merged)}
    want = {u.name: u for u in extract_units(corpus["ar"])}
    same = [n for n in want if n in got and model.flow_text(got[n].element, notes=True)
            == model.flow_text(want[n].element, notes=True)]
    assert sorted(set(want) - set(same)) == []
    # Both closing lines (meeting, date) pair with the UN's Arabic: nothing is missing.
    assert [d.format() for d in reporter.diagnostics if d.code == "target-missing"] == []
    assert [n.text for n in xpath(merged, "//a:mainBody/a:paragraph/a:num")] == [f"{i} -" for i in range(1, 7)]
    assert "protected-text-localised" in {d.code for d in reporter.diagnostics}


@pytest.mark.parametrize("target,labels", [("fr", ["a)", "b)"]), ("en", ["(a)", "(b)"]), ("ar", ["(أ)", "(ب)"]),
                                           ("ru", ["a)", "b)"]), ("zh", ["(a)", "(b)"])])
def test_list_labels_are_derived_in_the_target_language(target, labels):
    """List labels are not units: merge writes them as the target language's versions do."""
    path = CORPUS / "fr_S-RES-2713-2023.txt"
    tree = read_source(path.read_bytes(), str(path), Reporter())
    assert not [u for u in extract_units(tree) if u.kind == "num" and u.element.getparent().tag.endswith("point")]
    data = write_xliff(tree, WriteOptions(target_language=target))
    from conftest import copy_source_to_target
    merged = merge_xliff(tree, copy_source_to_target(data), Reporter(), "t.xlf")
    first = xpath(merged, "(//a:list)[1]/a:point/a:num")
    assert [n.text for n in first[:2]] == labels


def test_symbol_digits_changed_are_not_localisation(en_fr):
    """A protected symbol whose numbers change is not the same symbol: the source's is kept."""
    tree, root = en_fr
    unit = _unit(root, "preamble__para_1")
    mrk = next(unit.find(f"{X2}segment/{X2}target").iter(X2 + "mrk"))
    mrk.text = "73/292"
    merged, reporter, found = _merge(tree, root)
    assert ("protected-text-changed", unit.get("id")) in found
    assert "73/291" in model.flow_text(next(u for u in extract_units(merged) if u.name == "preamble__para_1").element)


def test_masthead_date_and_frbrname_in_the_target_language(corpus):
    _, merged, _ = _round_trip(corpus, "en", "fr")
    assert xpath(merged, "string(//a:coverPage//a:docDate)") == xpath(corpus["fr"], "string(//a:coverPage//a:docDate)")
    assert xpath(merged, "string(//a:FRBRWork/a:FRBRname/@value)") == xpath(
        merged, "string(//a:preface/a:longTitle)")
    assert "Coopération" in xpath(merged, "string(//a:FRBRWork/a:FRBRname/@value)")


# ------------------------------------------- the UN's AKN4UN XML of 18 resolutions

AKN4UN = SHARED / "realworld" / "akn4un"
RESOLUTIONS = sorted(p.name[:-5] for p in (AKN4UN / "english").glob("*.xml"))


@pytest.mark.parametrize("stem", RESOLUTIONS)
def test_akn4un_round_trip_zh_en_gives_the_un_english(stem):
    """The UN's Chinese and English XML aligned into a TMX, the Chinese pre-translated and merged:
    every aligned unit's text is the UN's English, word for word (each note is its own unit)."""
    zh_path, en_path = AKN4UN / "chinese" / f"{stem}C.xml", AKN4UN / "english" / f"{stem}E.xml"
    zh = read_source(zh_path.read_bytes(), str(zh_path), Reporter())
    en = read_source(en_path.read_bytes(), str(en_path), Reporter())
    reporter = Reporter()
    entries = tm.align(zh, en, reporter)
    source_units = extract_units(zh)
    # Where the versions differ in their links or notes (a link in one only), the pair is left out.
    assert len(entries) >= 0.8 * len(source_units), [d.message for d in reporter.diagnostics][:5]
    data = write_xliff(zh, WriteOptions(target_language="en", translation_memory=tm.write_tmx(entries)))
    merged = merge_xliff(zh, data, Reporter(), "pre.xlf")
    got = {u.name: u for u in extract_units(merged)}
    # The English unit each aligned Chinese unit was paired with, as tm.align pairs them.
    english_units = extract_units(en)
    pairs = {id(u): {v.name: v for v in english_units}.get(u.name) for u in source_units}
    tm._pair_rest_in_order(source_units, english_units, pairs)
    aligned = {e.origin.split(" ", 1)[1] for e in entries}
    wrong = [u.name for u in source_units if u.name in aligned and model.flow_text(
        got[u.name].element) != model.flow_text(pairs[id(u)].element)]
    assert wrong == []


# ------------------------------------------- stable ids, on the documents' text as editors edit it

def _ids_of_text(text: str, name: str) -> list[str]:
    return [u.id for u in extract_units(read_source(text.encode(), name, Reporter()))]


def _renumber(text: str, after: int, step: int) -> str:
    """Operative paragraphs after ``after`` renumbered by ``step`` (what an editor does)."""
    return re.sub(r"(?m)^(\d+)\. ", lambda m: f"{int(m.group(1)) + step if int(m.group(1)) > after else m.group(1)}. ",
                  text)


@pytest.mark.parametrize("edit", ["insert preambular", "remove preambular", "move preambular",
                                  "insert operative", "remove operative"])
def test_editing_the_corpus_text_changes_no_other_unit_id(edit):
    """The real A/RES/75/234 text edited as an editor would: no unit id changes but the edited one
    (before, one preambular paragraph inserted shifted 8 ids; one operative paragraph, every later one)."""
    name = "en_A-RES-75-234.txt"
    text = (CORPUS / name).read_text(encoding="utf-8")
    paragraphs = text.split("\n\n")
    first_pre = next(i for i, p in enumerate(paragraphs) if p.startswith("Reaffirming its resolution 73/291"))
    op_2 = next(i for i, p in enumerate(paragraphs) if p.startswith("2. Takes note"))
    new = "Recalling also its new resolution on cooperation,"
    if edit == "insert preambular":
        paragraphs.insert(first_pre + 1, new)
    elif edit == "remove preambular":
        del paragraphs[first_pre + 1]
    elif edit == "move preambular":
        paragraphs.insert(first_pre, paragraphs.pop(first_pre + 2))
    elif edit == "insert operative":
        paragraphs.insert(op_2, "2. Welcomes the new report;")
        paragraphs[op_2 + 1:] = _renumber("\n\n".join(paragraphs[op_2 + 1:]), 1, 1).split("\n\n")
    else:                                   # operative paragraph 3 (its own text only: no note)
        paragraphs.pop(op_2 + 1)
        paragraphs[op_2 + 1:] = _renumber("\n\n".join(paragraphs[op_2 + 1:]), 3, -1).split("\n\n")
    before = _ids_of_text(text, name)
    after = _ids_of_text("\n\n".join(paragraphs), name)
    added, dropped = set(after) - set(before), set(before) - set(after)
    if edit.startswith("insert"):
        assert len(added) == 1 and not dropped
    elif edit.startswith("remove"):
        assert len(dropped) == 1 and not added
    else:
        assert not added and not dropped and after != before      # moved: same ids, new order


def test_the_pre_translated_file_carries_its_leverage(corpus):
    reporter = Reporter()
    tmx = tm.write_tmx(tm.align(corpus["zh"], corpus["en"], reporter))
    data = write_xliff(corpus["zh"], WriteOptions(target_language="en", translation_memory=tmx))
    assert xliff_validator.problems_21(data) == []
    root = etree.fromstring(data)
    meta = {m.get("type"): int(m.text) for m in root.iter("{urn:oasis:names:tc:xliff:metadata:2.0}meta")
            if m.getparent().get("category") == "leverage"}
    assert meta["context-units"] == len(extract_units(corpus["zh"])) and meta["new-units"] == 0
    data12 = write_xliff(corpus["zh"], WriteOptions(target_language="en", translation_memory=tmx,
                                                    xliff_version="1.2"))
    note = etree.fromstring(data12).find(".//{urn:oasis:names:tc:xliff:document:1.2}note[@from='leverage']")
    assert note.text.startswith(f"context: {len(extract_units(corpus['zh']))} units")
