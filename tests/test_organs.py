"""Issue 13 item 4, the general case: symbols, organs and series beyond the GA, SC and ECOSOC.

One grammar of a symbol (``symbols``), one table of organs (``languages.ORGANS``: masthead
names in six languages, symbol series, how each numbers its resolutions), read the same way by
the masthead reader, the link transform, the AKN4UN reader and the file names; page furniture
("Please recycle") in six languages from one table shared by the PDF reader and writer.
"""

from __future__ import annotations

import pytest

from pipeline import Reporter, read_source
from pipeline.languages import LANGUAGES, ORGANS, PLEASE_RECYCLE, masthead_organ, organ_of
from pipeline.model import document_info, xpath
from pipeline.readers.akn4un import symbol_from_uri
from pipeline.readers.text import ReadOptions
from pipeline.symbols import is_resolution_symbol, is_symbol, split_joint
from pipeline.transforms.links import find_links

#: A symbol of each organ's series (and of the Assembly's own series that the brief names).
SYMBOLS = {
    "ga": "A/C.3/78/L.2/Rev.1", "sc": "S/PRST/2024/1", "ecosoc": "E/2025/8", "hrc": "A/HRC/55/1/Add.1",
    "secretariat": "ST/SGB/2019/8", "undp-unfpa-unops": "DP/FPA/2025/1", "un-women": "UNW/2024/1",
    "unctad": "TD/B/C.I/55", "unep": "UNEP/CPR/164/2", "unea": "UNEP/EA.6/1", "trusteeship": "T/1995",
    "ilc": "A/CN.4/770", "chr": "E/CN.4/2005/135", "uncitral": "A/CN.9/1100", "undc": "A/CN.10/2024/1", "unhcr-excom": "A/AC.96/1234",
    "statcom": "E/CN.3/2024/1", "csocd": "E/CN.5/2024/2", "csw": "E/CN.6/2024/3", "cnd": "E/CN.7/2024/4",
    "cpd": "E/CN.9/2024/2", "ccpcj": "E/CN.15/2024/5", "cstd": "E/CN.16/2024/2", "unff": "E/CN.18/2024/3",
    "cescr": "E/C.12/GC/26", "unicef": "E/ICEF/2024/P/L.1", "ece": "ECE/TRANS/WP.29/2024/1",
    "escap": "ESCAP/80/1", "eca": "E/ECA/COE/42/1", "escwa": "E/ESCWA/C.1/2024/1", "eclac": "LC/G.2789",
    "unfccc": "FCCC/CP/2023/11/Add.1", "unccd": "ICCD/COP(16)/23", "crc": "CRC/C/GC/25",
    "cedaw": "CEDAW/C/GC/39", "ccpr": "CCPR/C/GC/37", "cerd": "CERD/C/GC/36", "cat": "CAT/C/GC/4",
    "crpd": "CRPD/C/GC/8", "cmw": "CMW/C/GC/5", "ced": "CED/C/10",
}
OTHER_SYMBOLS = ["A/RES/78/128", "A/CONF.234/5", "A/INF/78/1", "A/BUR/78/1", "A/AC.109/2024/1",
                 "S/RES/2713 (2023)", "ST/AI/2021/3", "A/RES/2758(XXVI)", "A/ES-10/1", "SSC/19/3",
                 "JIU/REP/2018/2", "A/78/PV.10"]
DATES = {"en": "1 July 2024", "fr": "1er juillet 2024", "es": "1 de julio de 2024", "ru": "1 July 2024",
         "ar": "1 July 2024", "zh": "1 July 2024"}
DISTRIBUTION = {"fr": "Distr. générale", "es": "Distr. general"}
ORIGINAL = {"fr": "Original : anglais", "es": "Original: inglés"}


def test_every_organ_has_a_symbol_here_and_its_series_are_symbols():
    assert set(SYMBOLS) == set(ORGANS)
    for key, symbol in SYMBOLS.items():
        assert is_symbol(symbol), symbol
        assert organ_of(symbol) == key, symbol
        for prefix in ORGANS[key].series:
            assert organ_of(prefix + "1") == key


@pytest.mark.parametrize("symbol", OTHER_SYMBOLS)
def test_the_symbols_of_other_series_are_symbols(symbol):
    assert is_symbol(symbol)


def test_a_resolutions_symbol_in_each_organs_form():
    for symbol in ("A/RES/78/128", "S/RES/2713 (2023)", "E/RES/2023/5", "A/HRC/RES/52/3", "UNEP/EA.5/Res.2"):
        assert is_resolution_symbol(symbol), symbol
    assert not any(map(is_resolution_symbol, ("A/78/1", "E/CN.6/2024/L.1", "S/PRST/2024/1")))


def test_a_joint_symbol_splits_in_two_and_a_job_number_is_no_symbol():
    assert split_joint("A/79/989-S/2025/511") == ["A/79/989", "S/2025/511"]
    assert split_joint("A/HRC/55/1/Add.1") is None
    assert not is_symbol("N2342312") and not is_symbol("23-24961") and not is_symbol("A/HRC")


def masthead_extract(key: str, code: str) -> str:
    """Page 1 of a text extract, as an official document of organ ``key`` in language ``code``
    prints it: the UN, the symbol, the organ its masthead prints, distribution, date."""
    lang = LANGUAGES[code]
    printed = ORGANS[masthead_organ(key)].names[code]
    return (f"{lang.united_nations}\n{SYMBOLS[key]}\n{printed}\n{DISTRIBUTION.get(code, 'Distr.: General')}\n"
            f"{DATES[code]}\n\n{ORIGINAL.get(code, 'Original: English')}\n\n24-12345 (E)\n*2412345*\n{lang.please_recycle}\n\f"
            f"{SYMBOLS[key]}\n\n1. {lang.report_of_sg} {SYMBOLS[key]}.\n\n2. {lang.report_of_sg}.\n")


@pytest.mark.parametrize("code", sorted(LANGUAGES))
def test_the_masthead_of_every_organ_is_read_in_every_language(code):
    """The symbol, the organ (the series' when the masthead prints its parent), the language and
    the original language of a page 1 in each language; its "Please recycle" line is dropped and listed."""
    for key in ORGANS:
        reporter = Reporter()
        tree = read_source(masthead_extract(key, code).encode(), "N2412345.txt", reporter,
                           ReadOptions(source_date_epoch=0))
        info = document_info(tree)
        assert (info.symbol, info.organ, info.language, info.original_language) == (SYMBOLS[key], key, code, "en"), \
            (key, code)
        dropped = [d.message for d in reporter.diagnostics if d.code == "furniture-dropped"]
        assert any(PLEASE_RECYCLE[code] in m for m in dropped), (key, code, dropped)
        assert "organ-unknown" not in reporter.codes()


@pytest.mark.parametrize("text, lang, organ, linked", [
    # The document's own organ's convention.
    ("resolution 78/123", "en", "ga", "A/RES/78/123"),
    ("resolution 52/3", "en", "hrc", "A/HRC/RES/52/3"),
    ("resolution 2023/5", "en", "ecosoc", "E/RES/2023/5"),
    ("resolution 5/2", "en", "unea", "UNEP/EA.5/Res.2"),
    ("resolution 2713 (2023)", "en", "sc", "S/RES/2713 (2023)"),
    # A shape one organ alone numbers so is that organ's in any document; one two share is neither's.
    ("resolution 2713 (2023)", "en", "ga", "S/RES/2713 (2023)"),
    ("resolution 2004/5", "en", "ga", None),       # the Council's, or the Commission on Human Rights'
    ("resolution 2023/5", "en", "ga", "E/RES/2023/5"),     # the Commission adopted its last in 2005
    ("Economic and Social Council resolution 2023/5", "en", "ga", "E/RES/2023/5"),
    # The organ the text names decides.
    ("Human Rights Council resolution 52/3", "en", "ga", "A/HRC/RES/52/3"),
    ("General Assembly resolution 60/251", "en", "hrc", "A/RES/60/251"),
    ("General Assembly resolution 70/1", "en", "csw", "A/RES/70/1"),
    ("résolution 52/3 du Conseil des droits de l’homme", "fr", "ga", "A/HRC/RES/52/3"),
    ("resolución 70/1 de la Asamblea General", "es", "ecosoc", "A/RES/70/1"),
    ("резолюции Генеральной Ассамблеи 70/1", "ru", None, "A/RES/70/1"),
    ("резолюция 52/3 Совета по правам человека", "ru", "ga", "A/HRC/RES/52/3"),
    ("قرار الجمعية العامة 70/1", "ar", None, "A/RES/70/1"),
    ("人权理事会第52/3号决议", "zh", "ga", "A/HRC/RES/52/3"),
    ("安全理事会第2250(2015)号决议", "zh", "ga", "S/RES/2250 (2015)"),         # Chinese sets no space
    ("经济及社会理事会第2023/5号决议", "zh", "ga", "E/RES/2023/5"),
    ("Also in 2024, the Human Rights Council adopted its landmark resolution 56/20", "en", "ecosoc",
     "A/HRC/RES/56/20"),                                                     # E/2025/73, page 9
    ("such as the General Assembly in resolution 48/162, which", "en", "undp-unfpa-unops",
     "A/RES/48/162"),                                                        # DP/2025/1, page 3
    ("l’Assemblée générale, dans sa résolution 70/1", "fr", "csw", "A/RES/70/1"),
    ("the Human Rights Council. The Commission adopted resolution 56/20", "en", None, None),
    # The organ named as the subject after the number and its date.
    ("in its resolution 48/141 of 20 December 1993, the General Assembly decided", "en", "hrc", "A/RES/48/141"),
    ("en su resolución 48/141, de 20 de diciembre de 1993, la Asamblea General decidió", "es", "hrc",
     "A/RES/48/141"),
    # The Commission on Human Rights numbered as the Council does: named, it decides; bare, no one.
    ("establecido por la Comisión de Derechos Humanos en su resolución 1998/72", "es", "hrc",
     "E/CN.4/RES/1998/72"),
    ("resolution 1998/72", "en", "hrc", None),
    ("las resoluciones del Consejo de Derechos Humanos 9/3, sobre", "es", "ga", "A/HRC/RES/9/3"),
    ("les résolutions du Conseil des droits de l'homme 9/3", "fr", None, "A/HRC/RES/9/3"),
    # A short name is the document's organ or its parent, if it may be.
    ("la resolución 78/203 de la Asamblea, de 19 de diciembre de 2023", "es", "hrc", "A/RES/78/203"),
    ("la résolution 4/4 du Conseil", "fr", "hrc", "A/HRC/RES/4/4"),
    ("resolution 5/2 of the Assembly", "en", "unea", "UNEP/EA.5/Res.2"),
    ("the Council resolution 52/3", "en", "ga", "A/HRC/RES/52/3"),     # the one council numbering so
    ("the Assembly resolution 35/2", "en", "csw", None),               # the General or Environment Assembly
    # The General Assembly numbered by session only from its thirty-first: 5/2 is the other's.
    ("the Assembly resolution 5/2", "en", "csw", "UNEP/EA.5/Res.2"),
    # A short name and a shape one of its organs alone numbers so (A/80/33, A/RES/78/221).
    ("24. The adoption of Council resolution 2744 (2024), which", "en", "ga", "S/RES/2744 (2024)"),
    ("to the Human Rights Council at its fifty-sixth session, in accordance with Council resolution 53/30",
     "en", "ga", "A/HRC/RES/53/30"),
    ("la resolución 2250 (2015) del Consejo", "es", "hrc", "S/RES/2250 (2015)"),
    # A subject after the number is the resolution's only when the phrase is possessive (A/80/33).
    ("Committee established pursuant to resolution 1718 (2006), the Secretariat was asked", "en", "ga",
     "S/RES/1718 (2006)"),
    ("pursuant to resolution 78/1 of 1 May 2024, the Secretariat was asked", "en", "ga", "A/RES/78/1"),
    # The Roman numerals of the early sessions: the Assembly's, and the Council's before 1978.
    ("resolution 1514 (XV)", "en", "ga", "A/RES/1514(XV)"),
    ("第2758(XXVI)号决议", "zh", "ga", "A/RES/2758(XXVI)"),
    ("resolution 1503 (XLVIII)", "en", "ecosoc", "E/RES/1503(XLVIII)"),
    ("resolution 1514 (XV)", "en", "crc", None),
    # A committee of the Assembly cites the Assembly's.
    ("resolution 78/105", "en", "uncitral", "A/RES/78/105"),
    ("la résolution 70/1 de l’Assemblée générale et sa résolution 68/1", "fr", "csw", "A/RES/70/1"),
    # Unknown: left unlinked, never a General Assembly guess.
    ("resolution 78/123", "en", None, None),
    ("resolution 68/1", "en", "csw", None),
    ("resolution 78/123", "en", "crc", None),
    ("联合国环境大会第5/2号决议", "zh", "ga", "UNEP/EA.5/Res.2"),
    ("Commission on the Status of Women resolution 60/2", "en", "ga", None),
])
def test_a_resolution_number_is_linked_only_by_the_uns_convention(text, lang, organ, linked):
    unlinked: list = []
    links = [link for link in find_links(text, LANGUAGES[lang], organ, unlinked) if link[2] == "resolution"]
    if linked is None:
        assert links == [] and len(unlinked) == 1
    elif "68/1" in text:                     # the second, the Commission's own, stays plain text
        assert [href.rsplit("/", 3)[-3:] for *_, href in links] == [["RES", "70", "1"]] and len(unlinked) == 1
    else:
        # The form of the UN's own links: no space, the parentheses as they are (…/S/RES/1844(2008)).
        assert [href.split("/", 4)[4] for *_, href in links] == [linked.replace(" ", "")]


def test_an_unknown_organ_reports_the_resolution_it_leaves_unlinked():
    text = "United Nations\nWFP/EB.1/2025/4\n\n1. Recalling resolution 78/123 of the Assembly.\n\n2. Text.\n"
    reporter = Reporter()
    tree = read_source(text.encode(), "WFP_EB.1_2025_4-EN.txt", reporter, ReadOptions(source_date_epoch=0))
    assert not xpath(tree, "//a:ref[@class='resolution']")
    assert [d.message for d in reporter.diagnostics if d.code == "resolution-not-linked"]


@pytest.mark.parametrize("uri, author, symbol", [
    ("/akn/un/statement/deliberation/unga/2023-12-18/78-128/", "ga", "A/RES/78/128"),
    ("/akn/un/statement/deliberation/unga/2006-06-30/ES-10-17/", "", "A/RES/ES-10/17"),
    ("/akn/un/statement/deliberation/unsc/2023-12-22/2713-2023/", "", "S/RES/2713 (2023)"),
    ("/akn/un/statement/deliberation/unecosoc/2023-07-25/2023-5/", "", "E/RES/2023/5"),
    ("/akn/un/statement/deliberation/unga-hrc/2023-04-03/52-3/", "", "A/HRC/RES/52/3"),
    ("/akn/un/statement/deliberation/unea/2024-03-01/6-1/", "", "UNEP/EA.6/Res.1"),
    ("/akn/un/statement/deliberation/body/2024-03-01/6-1/", "hrc", "A/HRC/RES/6/1"),
    ("/akn/un/doc/report/unsg/2024-07-01/A-79-123/", "", "A/79/123"),
    ("/akn/un/doc/paper/un-undp-unfpa-unops/2025-01-01/DP-FPA-2025-1/", "", "DP/FPA/2025/1"),
    ("/akn/un/doc/letter/un-ga/2025-06-20/A-79-989-S-2025-511/", "", "A/79/989-S/2025/511"),   # joint
    ("/akn/un/statement/deliberation/un-sc/2023-12-22/S-RES-2713_(2023)/", "", "S/RES/2713 (2023)"),
    ("/akn/un/doc/report/un-hrc/2024-01-01/A-HRC-55-1-Add.1/", "", "A/HRC/55/1/Add.1"),
    ("/akn/un/statement/decision/unga/2023-12-22/78-540/", "ga", None),       # decisions have no symbol
    ("/akn/un/statement/deliberation/uncsw/2024-03-22/68-1/", "", None),      # no symbol for it
    ("/akn/un/statement/deliberation/unga/2023-12-18/eng@/", "", None),
    ("/akn/fr/act/2023-12-18/78-128/", "ga", None),
])
def test_the_symbol_an_akn4un_work_uri_names(uri, author, symbol):
    assert symbol_from_uri(uri, author) == symbol


def test_please_recycle_is_one_table_for_the_reader_and_the_writer():
    from pipeline.readers.pages import furniture_kind
    from pipeline.writers import pdf_furniture
    assert pdf_furniture.PLEASE_RECYCLE is PLEASE_RECYCLE
    for code, text in PLEASE_RECYCLE.items():
        assert furniture_kind(text, [], 1, "foot") == "recycling notice", code
        assert furniture_kind(text + " ♲", [], 1, "foot") == "recycling notice", code
    assert furniture_kind("Merci de recycler", [], 1, "body") == "recycling notice"
    assert furniture_kind("♲ الاستعمال إعادة الرجاء", [], 1, "foot") == "recycling notice"   # RTL, reversed
    assert furniture_kind("P l e a s e  r e c y c l e", [], 1, "foot") == "recycling notice"
    assert furniture_kind("Please note the recycling of paper", [], 1, "body") is None


def test_a_preview_of_a_job_number_file_is_named_by_its_symbol(tmp_path):
    """``pipeline serve`` names a preview as the build names the outputs (``names.keeps_name``):
    ``N2342312.pdf`` by the symbol and language its masthead gives, ``A_RES_78_117.pdf`` by its stem."""
    import shutil

    from conftest import SHARED
    from pipeline.cli import load_source
    from pipeline.serve import PreviewServer
    pdf = SHARED / "realworld" / "pdf" / "A_RES_78_117.pdf"
    shutil.copy(pdf, tmp_path / "N2342312.pdf")
    shutil.copy(pdf, tmp_path / "A_RES_78_117.pdf")
    server = PreviewServer([tmp_path / "N2342312.pdf", tmp_path / "A_RES_78_117.pdf"], [tmp_path],
                           builder=None, load_source=load_source)
    assert sorted(server.previews) == ["A_RES_78_117", "A_RES_78_117-EN"]
    assert server.previews["A_RES_78_117-EN"].path.name == "N2342312.pdf"
    # Its sidecar is named by its file, and a PDF saved into the folder is previewed too.
    from watchfiles import Change
    touched, _ = server.affected({(Change.modified, str(tmp_path / "N2342312.meta.toml"))})
    assert [p.stem for p in touched] == ["A_RES_78_117-EN"]
    shutil.copy(pdf.with_name("A_RES_78_246.pdf"), tmp_path / "N2399999.pdf")
    touched, _ = server.affected({(Change.added, str(tmp_path / "N2399999.pdf"))})
    assert [(p.stem, p.path.name) for p in touched] == [("A_RES_78_246-EN", "N2399999.pdf")]
    # A second file of one document keeps its file's stem: both previews stay.
    shutil.copy(pdf, tmp_path / "N2388888.pdf")
    touched, _ = server.affected({(Change.added, str(tmp_path / "N2388888.pdf"))})
    assert [p.stem for p in touched] == ["N2388888"] and "A_RES_78_117-EN" in server.previews


@pytest.mark.parametrize("name, symbol, language", [
    ("A_79_989-S_2025_511-EN.akn.xml", "A/79/989-S/2025/511", "en"),      # our output name of a joint symbol
    ("A_79_989-S_2025_511-FR.md", "A/79/989-S/2025/511", "fr"),
    ("E_CN.6_2024_L.1-FR.md", "E/CN.6/2024/L.1", "fr"),
    ("S_RES_2713(2023)-FR.md", "S/RES/2713(2023)", "fr"),
])
def test_a_file_name_tells_the_symbol_of_any_series(name, symbol, language):
    """Our own output names of a joint symbol (``A_79_989-S_2025_511-EN``) told nothing."""
    from pipeline.names import metadata_from_name, output_stem
    assert metadata_from_name(name) == {"symbol": symbol, "language": language}
    assert metadata_from_name("Annual-report-EN.md") == {}      # a hyphen starts a joint symbol only
    if "/" in symbol:
        assert metadata_from_name(output_stem(symbol, language) + ".akn.xml") == {"symbol": symbol.replace(" ", ""),
                                                                               "language": language}
