"""Issue 13: lines of a right-to-left PDF page read back in reading order, and the spaces between
its runs, on small excerpts: the runs as PDFium gives them for lines of our Arabic PDFs (their
text, bounds and fonts copied from ``readers.pdf.read_pages``), each checked against the text
the line was set from.
"""

from __future__ import annotations

from pipeline.readers.layout import Line, Span
from pipeline.readers.pages import logical_order, reading_order
from pipeline.readers.pdf import _spaced

NASKH, SERIF = "Noto-Naskh-Arabic", "Noto-Serif"


def line(*runs) -> Line:
    """Runs ``(x0, x1, text[, font[, sup]])`` left to right, spaced as ``readers.pdf`` spaces them."""
    spans = [Span(text, x0, x1, 6.5 if rest[1:] and rest[1] else 11.0, font=rest[0] if rest else NASKH,
                  sup=bool(rest[1:] and rest[1])) for x0, x1, text, *rest in runs]
    return Line(_spaced(spans), 1, 1, known_layout=True)


def read(*runs) -> str:
    return logical_order(line(*runs)).text


def test_a_number_drawn_across_runs_reads_as_one_number():
    # "قرّرت في مقررها 77/568 المؤرخ 1 أيلول/سبتمبر 2023": the "/" of 77/568 is in another font,
    # "568" ends one Arabic run (PDFium adds a space after it that nothing draws), "77" starts
    # the next.
    assert read((114.62, 167.88, "سبتمبر 2023"), (168.44, 171.61, "/", SERIF),
                (172.35, 244.31, "77 المؤرخ 1 أيلول"), (244.85, 248.02, "/", SERIF),
                (248.71, 325.29, "رت في مقررها 568 "), (325.64, 404.74, " أن الجمعية العامة قرّ")) == \
        "أن الجمعية العامة قرّرت في مقررها 77/568 المؤرخ 1 أيلول/سبتمبر 2023"


def test_numbers_in_brackets_keep_their_order_and_spaces():
    # "2642 (2022) المؤرخ 12 تموز/يوليه 2022": brackets are mirrored glyphs; the space between
    # "2642" and "(" is drawn 1.3 pt wide at the start of a justified line.
    assert read((352.46, 416.72, "المؤرخ 12 تموز "), (419.76, 422.59, "(", SERIF),
                (423.47, 447.53, "2022"), (448.46, 451.28, ")", SERIF), (452.55, 480.18, "2642")) == \
        "2642 (2022) المؤرخ 12 تموز"


def test_a_space_inside_an_arabic_run_before_a_bracket_is_kept():
    # "العامة 1514 (د-15) المتضمن": the space after "1514" is drawn inside its run.
    assert read((114.84, 257.45, " المتضمن إعلان "), (260.51, 263.34, "(", SERIF), (264.67, 275.65, "15"),
                (276.55, 279.41, "-", SERIF), (280.06, 283.78, "د"), (284.59, 287.42, ")", SERIF),
                (288.20, 479.94, "وقرار الجمعية العامة 1514 ")).split() == \
        "وقرار الجمعية العامة 1514 (د-15) المتضمن إعلان".split()


def test_a_hyphen_drawn_apart_joins_a_grade_and_its_number():
    # "برتبة مد-1 لكبير": the hyphen's ink leaves a quarter em on either side.
    assert read((114.86, 229.3, "1 لكبير موظفي"), (231.96, 234.82, "- ", SERIF),
                (235.47, 300.77, "وظيفة برتبة مد")) == "وظيفة برتبة مد-1 لكبير موظفي"


def test_a_call_stays_after_the_number_it_follows():
    # "لعام 2024(1) وتقرير": the raised call, drawn in three runs, is one unit.
    got = logical_order(line((115.01, 216.42, " وتقرير اللجنة "), (219.19, 220.86, "(", SERIF, True),
                             (221.65, 223.38, "1 ", NASKH, True), (225.00, 226.67, ")", SERIF, True),
                             (227.56, 410.92, "المقترحة لعام 2024 ")))
    assert [(s.text.strip(), s.sup) for s in got.spans] == \
        [("المقترحة لعام 2024", False), ("(1)", True), ("وتقرير اللجنة", False)]


def test_reading_order_splits_a_run_on_either_side_of_a_number():
    runs = [Span("77 المؤرخ", 172.35, 244.31, 11.0, font=NASKH), Span("/", 244.85, 248.02, 11.0, font=SERIF),
            Span("مقررها 568", 248.71, 325.29, 11.0, font=NASKH)]
    assert [(s.text, s.x0) for s in reading_order(runs)] == \
        [("مقررها ", 248.71), ("77", 172.35), ("/", 244.85), ("568", 248.71), (" المؤرخ", 172.35)]


def test_a_no_break_space_before_a_left_to_right_word_stays():
    # Russian: "о своей резолюции 70/299 от 29 июля", the no-break spaces of the source.
    assert "".join(s.text for s in _spaced([Span("резолюции\u00a0 ", 114.27, 243.61, 11.0),
                                            Span("70/299 ", 247.54, 275.88, 11.0),
                                            Span(" и резолюции\u00a0", 276.64, 337.92, 11.0)])) == \
        "резолюции 70/299 и резолюции"


def test_no_space_after_a_call_between_two_chinese_characters():
    # "、² 《禁止": the call stands between two full-width marks; PDFium's gap after it is the
    # blank half of "《".  Between Latin words a call keeps its space ("Convention³ and").
    from pipeline.readers.pages import cjk_unspaced
    spans = [Span("公约》、", 164.71, 329.47, 11.0), Span("2 ", 337.66, 340.56, 6.5, sup=True),
             Span("《禁止酷刑", 346.36, 480.56, 11.0)]
    assert "".join(s.text for s in cjk_unspaced(spans)) == "公约》、2《禁止酷刑"
    spans = [Span("号", 100, 111, 11.0), Span("3 ", 112, 115, 6.5, sup=True), Span("A/78/1", 120, 160, 11.0)]
    assert "".join(s.text for s in cjk_unspaced(spans)) == "号3 A/78/1"


def test_a_justified_page_whose_word_spaces_line_up_is_one_column():
    # A Russian resolution: each word of a justified line is a run of its own, and on half the
    # lines a wide word space falls near the middle; the other lines run across it.  Not two
    # columns (their lines would be read left half, then right half).
    from pipeline.readers.layout import Page
    from pipeline.readers.pages import two_column_order
    words = "скоординированность нормативных оперативных аспектов своей деятельности".split()
    lines = []
    for n in range(20):
        top = 100 + 14 * n
        if n % 2:
            spans = [Span(" ".join(words[:3]), 114, 290, 11.0), Span(" ".join(words[3:]), 305, 480, 11.0)]
        else:
            spans = [Span(" ".join(words * 2)[:90], 114, 480, 11.0)]
        lines.append(Line(spans, 1, n + 1, top, top + 11, known_layout=True))
    page = Page(1, lines, 595, 842)
    assert two_column_order(page)[0] == lines


def russian_body(*texts: str):
    """Blocks of a Russian resolution's body as the PDF reader hands them to ``readers.text``:
    each a paragraph of its own by its layout (an indent, space above)."""
    from pipeline import model
    from pipeline.diagnostics import Reporter
    from pipeline.languages import language
    from pipeline.readers.text import Block, ReadOptions, classify, inline_trees, model_from_blocks
    blocks = []
    for index, text in enumerate(texts):
        block = Block(2 * index + 1, 1, text)
        classify(block)
        block.layout = "paragraph"
        blocks.append(block)
    tree = model_from_blocks(blocks, inline_trees([b.body for b in blocks]), "x.pdf", Reporter(),
                             ReadOptions(symbol="A/RES/78/1", language="ru"), language("ru"), starts_inside=True)
    return model.document_element(tree)


def test_cyrillic_list_labels_are_list_points():
    # The UN's Russian XML of A/RES/78/294 letters one list "а)" (Cyrillic), then "b)", "c)".
    from pipeline import model
    doc = russian_body("8. постановляет:", "а) первое;", "b) второе;", "в) третье.")
    assert [p.strip() for p in model.xpath(doc, "//a:point/a:num/text()")] == ["а)", "b)", "в)"]


def test_a_lower_case_paragraph_after_a_colon_is_a_paragraph_of_its_own():
    # A/RES/78/128 in Russian: "… в следующем порядке:" then the schedule, a paragraph a day,
    # each starting in lower case ("понедельник, 9 июня — …").
    from pipeline import model
    doc = russian_body("10. постановляет, что заседания будут проводиться в следующем порядке:",
                       "понедельник, 9 июня — с 09 ч 00 мин до 13 ч 00 мин", "вторник, 10 июня — с 10 ч 00 мин",
                       "11. постановляет далее, что форумы будут проводиться параллельно.")
    paragraphs = model.xpath(doc, "//a:paragraph")
    assert [(p.findtext(model.akn("num")), model.flow_text(p.find(model.akn("content"))).split(" ")[0])
            for p in paragraphs] == [("10.", "постановляет,"), (None, "понедельник,"), (None, "вторник,"),
                                     ("11.", "постановляет")]


def test_the_organ_named_alone_after_the_title_is_the_enacting_formula():
    # The UN's Russian XML of A/RES/78/252 prints "Генеральная Ассамблея" without its comma: the
    # preamble after it is a preamble still, not cover text.
    from pipeline import model
    from pipeline.diagnostics import Reporter
    from pipeline.languages import language
    from pipeline.readers.text import Block, ReadOptions, classify, inline_trees, model_from_blocks
    texts = ["78/252. Вопросы, связанные с предлагаемым бюджетом по программам на 2024 год",
             "*Генеральная Ассамблея*", "*подтверждая* свои резолюции 41/213 от 19 декабря 1986 года,",
             "*отмечая*, что многоязычие вносит вклад в достижение целей Организации,",
             "1. *подтверждает*, что Пятый комитет является главным комитетом;"]
    blocks = []
    for index, text in enumerate(texts):
        block = Block(2 * index + 1, 1, text)
        classify(block)
        blocks.append(block)
    tree = model_from_blocks(blocks, inline_trees([b.body for b in blocks]), "x.pdf", Reporter(),
                             ReadOptions(symbol="A/RES/78/252", language="ru"), language("ru"))
    doc = model.document_element(tree)
    assert model.xpath(doc, "string(a:preamble/a:formula)").strip() == "Генеральная Ассамблея"
    assert len(model.xpath(doc, "a:preamble/a:container[@name='preambularParagraph']")) == 2


def test_a_symbol_of_letters_and_numbers_is_read_as_drawn():
    # A note "(16) S/PRST/2021/5." of an Arabic document: the symbol drawn left to right in
    # four runs (PDFium gives the Latin run's pieces in reverse, "/PRST/S"); the bidirectional
    # algorithm alone would cut it at its numbers ("2021/5/S/PRST").
    got = logical_order(line((418.92, 419.95, "."), (420.69, 450.17, "/PRST/S", SERIF), (450.58, 467.78, "2021"),
                             (469.62, 472.07, "/", SERIF), (472.60, 476.45, "5 "), (488.41, 489.82, "(", SERIF, True),
                             (490.48, 496.03, "16", NASKH, True), (496.46, 497.88, ")", SERIF, True)))
    assert [(s.text.strip(), s.sup) for s in got.spans][0] == ("(16)", True)
    assert "".join(s.text for s in got.spans[1:]) == "S/PRST/2021/5."


def test_a_call_drawn_with_its_brackets_facing_out_is_a_call():
    # "(17) SC/13331.": the writer's font maps each bracket glyph to the other bracket.
    got = logical_order(line((438.46, 450.34, "/SC", SERIF), (451.10, 476.32, "13331. "),
                             (488.41, 489.82, ")", SERIF, True), (490.48, 496.02, "17", NASKH, True),
                             (496.46, 497.88, "(", SERIF, True)))
    assert got.spans[0].text.strip() == "(17)" and got.spans[0].sup


def test_the_space_after_a_word_goes_after_its_call():
    # "أذار/مارس(13) 2018": the call follows its word; the space is after the call.  Before a
    # comma there is none ("2021(9)، و").
    got = logical_order(line((259.07, 298.83, "2018 ودإ"), (299.76, 301.43, "( ", SERIF, True),
                             (302.21, 308.70, "13", NASKH, True), (309.28, 310.95, ")", SERIF, True),
                             (311.82, 337.39, "مارس ")))
    assert [s.text for s in got.spans][:2] == ["مارس", "(13) "]
    got = logical_order(line((246.35, 261.80, "، و "), (262.66, 264.33, "( ", SERIF, True),
                             (264.87, 267.92, "9", NASKH, True), (268.47, 270.14, ")", SERIF, True),
                             (271.04, 322.45, "فبراير 2021 ")))
    assert "".join(s.text for s in got.spans).startswith("فبراير 2021(9)، و")


def test_quotation_marks_and_brackets_drawn_in_one_run_keep_their_order():
    # "المعروف أيضا باسم ”داعش“)": the closing quotation mark and bracket drawn in one run, which
    # PDFium reads right to left ("”(").
    assert read((114.84, 364.20, " استخدم خردل"), (367.26, 375.06, "”( ", SERIF), (376.13, 398.84, "داعش"),
                (399.63, 403.63, "“", SERIF), (404.25, 480.45, "المعروف أيضا باسم ")).split() == \
        "المعروف أيضا باسم ”داعش“) استخدم خردل".split()


def test_brackets_around_a_latin_phrase_face_each_other():
    # "المرأة“ (HeForShe)، وكذلك" (78/182): PDFium mirrors the right bracket and not the left one,
    # so both come as ")"; a bracket after a word, before a mark, closes.
    assert read((114.84, 389.89, "، وكذلك تأييد الاتفاق الطوعي للأمين العام المتعلق بمنع الاستغلال"),
                (390.99, 393.81, ")", SERIF), (394.66, 444.74, "HeForShe", SERIF), (445.63, 448.46, ") ", SERIF),
                (453.8, 457.8, "”", SERIF), (458.63, 478.51, "المرأة")) == \
        "المرأة“ (HeForShe)، وكذلك تأييد الاتفاق الطوعي للأمين العام المتعلق بمنع الاستغلال"


def test_brackets_and_quotation_marks_close_innermost_first():
    # "(مبادرة ”CATCH“) المقرر" (78/229): the two closing ones come as one run ")“" that the
    # bidirectional pass turns into "(”"; they close "”" then "(".
    # (The runs as read_pages gives them, already spaced.)
    runs = [(114.86, 394.94, " المقرر أن يشترك في تنفيذها ", NASKH), (397.99, 405.79, ")“", SERIF),
            (407.99, 442.81, "CATCH", SERIF), (443.54, 447.54, "“ ", SERIF), (449.43, 476.86, "مبادرة", NASKH),
            (477.72, 480.55, ")", SERIF)]
    spans = [Span(text, x0, x1, 11.0, font=font) for x0, x1, text, font in runs]
    assert logical_order(Line(spans, 1, 1, known_layout=True)).text.split() == \
        "(مبادرة ”CATCH“) المقرر أن يشترك في تنفيذها".split()


def test_a_bracket_closing_what_an_earlier_line_opened_or_between_words_is_kept():
    from pipeline.readers.pages import facing_brackets
    assert facing_brackets(["كذا(، و"]) == ["كذا)، و"]
    assert facing_brackets(["قرار (أ) و(ب)", " كذا"]) == ["قرار (أ) و(ب)", " كذا"]
    assert facing_brackets(["نص ”اقتباس“ و", "(انظر"]) == ["نص ”اقتباس“ و", "(انظر"]
    assert facing_brackets(["والكيانات الأخرى() التي"]) == ["والكيانات الأخرى() التي"]   # as 78/128 has it
    assert facing_brackets(["Women’s ", "States’ و"]) == ["Women’s ", "States’ و"]


def test_a_space_a_run_starts_with_is_drawn_and_a_code_colon_has_none():
    # "Three Country – Trusted Broker" (78/72, left to right in Arabic text): the space before
    # the dash is the first character of the dash's run, which starts where "Country" ends.
    assert read((217.37, 347.8, "، وفقا للإجراءات التي تتبعها اللجنة"), (348.9, 390.72, "Country", SERIF),
                (390.72, 399.14, " – ", SERIF), (402.16, 481.03, "Broker Trusted ", SERIF)) == \
        "Country – Trusted Broker، وفقا للإجراءات التي تتبعها اللجنة"
    # "(مبادرة ”SC:ORE“)" (78/229): the colon, in the Arabic font, 0.1 em from "ORE".
    assert "SC:ORE" in read((114.84, 328.87, " لصالح الفئات "), (331.92, 339.72, ")“", SERIF),
                            (340.87, 352.71, "SC", SERIF), (353.59, 354.92, ": "), (355.96, 377.11, "ORE", SERIF),
                            (377.91, 381.91, "“ ", SERIF), (382.78, 409.22, "مبادرة"), (410.09, 412.92, ") ", SERIF),
                            (413.79, 480.5, "الصمود والتمكين"))


def test_a_number_before_a_bracketed_year_keeps_its_space():
    # "مجلس الأمن 2504 (2020) و" (78/222): the space after "2504", the last character of its run,
    # is drawn at the run's left, where ")" abuts it.
    assert read((245.38, 253.21, " و "), (256.28, 259.11, "( ", SERIF), (259.99, 284.09, "2020"),
                (284.98, 287.8, ")", SERIF), (288.5, 315.93, "2504 "),
                (316.59, 480.47, "اليعربية الحدودي في قرارات مجلس الأمن ")).split() == \
        "اليعربية الحدودي في قرارات مجلس الأمن 2504 (2020) و".split()


def test_the_space_after_a_call_drawn_in_the_arabic_run_beside_it():
    # "بالقرارين 71/205(13) و 72/190(14)،" (78/221): the space between the call and "و" is the
    # first character of the run " و ", drawn at its right, where the call (raised) abuts it.
    assert read((114.53, 115.95, "،"), (116.8, 118.47, "( ", NASKH, True), (119.25, 125.98, "14", NASKH, True),
                (126.32, 127.99, ")", NASKH, True), (128.84, 140.37, "72"), (140.94, 144.11, "/", SERIF),
                (145.09, 162.45, "190 "), (162.98, 239.07, " و "), (241.06, 242.73, "( ", NASKH, True),
                (243.52, 250.01, "13", NASKH, True), (250.58, 252.25, ")", NASKH, True), (253.11, 262.82, "71"),
                (265.21, 268.38, "/", SERIF), (268.9, 286.62, "205"),
                (287.25, 480.5, "المقدمين عملا بالقرارين ")).split() == \
        "المقدمين عملا بالقرارين 71/205(13) و 72/190(14)،".split()


def test_a_line_of_one_number_reads_right_to_left_and_a_time_keeps_its_comma_after_it():
    # 78/128's annex: an agenda item's number alone on its line ("2 -", the item empty in the
    # UN's XML), drawn "- 2"; "في المادة" / "32." at a paragraph's end, which PDFium gives ".32".
    assert read((468.89, 472.03, " - ", SERIF), (475.58, 478.79, "2 ")).split() == ["2", "-"]
    assert read((466.84, 480.61, ".32")) == "32."
    # "إلى الساعة 10:00، وأن": PDFium puts the comma before the time it ends.
    assert read((114.84, 439.02, "من الساعة 9:00 إلى الساعة ،10:00 وأن")) == "من الساعة 9:00 إلى الساعة 10:00، وأن"


def test_a_number_range_after_arabic_reads_in_order_without_a_space():
    # "للفترة 2021-2025، على" (78/229): after Arabic letters the two numbers are Arabic numbers
    # to the bidirectional algorithm, drawn "2025-2021" (as Chromium draws them too); PDFium ends
    # the run of "2021" with a space nothing draws and puts the comma before "2025".
    spans = [Span("،2025 على كل من الصعيد", 114.47, 220.49, 11.0, font=NASKH), Span("-", 221.39, 224.25, 11.0, font=SERIF),
             Span("البرمجة وتقديم المساعدة التقنية، وفق استراتيجيته للفترة 2021 ", 225.06, 480.51, 11.0, font=NASKH)]
    assert logical_order(Line(_spaced(spans), 1, 1, known_layout=True)).text == \
        "البرمجة وتقديم المساعدة التقنية، وفق استراتيجيته للفترة 2021-2025، على كل من الصعيد"
