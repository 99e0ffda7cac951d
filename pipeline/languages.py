"""The six official languages of the United Nations: codes, direction and the words a document prints.

One table, read by the reader (what a heading looks like), the writers (masthead
words, labels, fonts, direction) and merge (the target language's codes).  The
masthead lines follow the UN's own documents in ``../shared/corpus``: the
Arabic, Chinese and Russian versions keep "Distr.: General" in English.
"""

from __future__ import annotations

import dataclasses


@dataclasses.dataclass(frozen=True)
class Language:
    code: str                 # ISO 639-1, as in undocs.org/<code>/… and the file name suffix
    bcp47: str                # lang/xml:lang in HTML, EPUB, XLIFF
    iso639_2: str             # FRBRlanguage and the AKN expression IRI
    name_en: str
    direction: str            # "ltr" or "rtl"
    united_nations: str
    organs: dict[str, str]    # organ key -> its name in this language
    distribution: str
    report_of_sg: str
    contents: str             # table of contents heading
    footnote: str             # "Footnote {marker}" (screen-reader label of a call)
    back_to_call: str         # "Back to the call of footnote {marker}"
    notes_heading: str        # heading of the notes area in HTML
    skip_to_main: str
    original: str             # "Original: {language}" line; {language} in this language
    language_names: dict[str, str]   # ISO 639-1 -> name of that language, in this language
    page: str                 # label of a page in a page list: "Page {n}"
    serif_fonts: tuple[str, ...]
    sans_fonts: tuple[str, ...]
    # Characters that end a sentence, for segmentation checks and the reader.
    sentence_end: str = ".!?"


@dataclasses.dataclass(frozen=True)
class Organ:
    """An issuing organ or body: its name in each official language as the UN prints it in the
    first-page masthead, and the symbol series (prefixes) of its documents."""

    key: str                  # the model's organ key (``pl:document/@organ``, eId ``un-<key>``)
    names: dict[str, str]     # ISO 639-1 -> its name in that language
    series: tuple[str, ...]   # symbol prefixes of its documents ("A/HRC/")
    #: The organ the masthead prints, when it is another one: a Human Rights Council document
    #: (A/HRC/…) is a General Assembly document, printed "General Assembly" (the Council is
    #: named lower, in the cover).
    masthead: str | None = None
    #: Other names the same organ's mastheads have carried: (language, name); read, never written.
    former_names: tuple[tuple[str, str], ...] = ()


def _organ(key: str, series: tuple[str, ...], en: str, fr: str, es: str, ru: str, ar: str, zh: str,
           **more) -> Organ:
    return Organ(key, {"en": en, "fr": fr, "es": es, "ru": ru, "ar": ar, "zh": zh}, series, **more)


#: The organs of the common symbol series (the research guide's list: parent organs A/, S/, E/,
#: ST/ and special series such as DP/, TD/, UNEP/, CRC/C/).  A series not here has no organ:
#: the reader says so (``organ-unknown``) and a sidecar's ``organ`` can give one; none is guessed.
#: Commissions, committees and boards whose documents print their parent organ in the masthead
#: belong to it: E/CN.x (functional commissions), E/ICEF (UNICEF Executive Board), E/C.12
#: (Committee on Economic, Social and Cultural Rights) print "Economic and Social Council";
#: A/AC., A/CONF., A/C.x print "General Assembly"; TD/B prints the Conference's name.
ORGANS: dict[str, Organ] = {o.key: o for o in (
    _organ("ga", ("A/",), "General Assembly", "Assemblée générale", "Asamblea General",
           "Генеральная Ассамблея", "الجمعية العامة", "大会"),
    _organ("sc", ("S/",), "Security Council", "Conseil de sécurité", "Consejo de Seguridad",
           "Совет Безопасности", "مجلس الأمن", "安全理事会"),
    _organ("ecosoc", ("E/",), "Economic and Social Council", "Conseil économique et social",
           "Consejo Económico y Social", "Экономический и Социальный Совет", "المجلس الاقتصادي والاجتماعي",
           "经济及社会理事会"),
    _organ("hrc", ("A/HRC/",), "Human Rights Council", "Conseil des droits de l’homme",
           "Consejo de Derechos Humanos", "Совет по правам человека", "مجلس حقوق الإنسان", "人权理事会",
           masthead="ga"),
    _organ("secretariat", ("ST/",), "Secretariat", "Secrétariat", "Secretaría", "Секретариат",
           "الأمانة العامة", "秘书处"),
    _organ("undp-unfpa-unops", ("DP/",),
           "Executive Board of the United Nations Development Programme, the United Nations Population "
           "Fund and the United Nations Office for Project Services",
           "Conseil d’administration du Programme des Nations Unies pour le développement, du Fonds des "
           "Nations Unies pour la population et du Bureau des Nations Unies pour les services d’appui aux projets",
           "Junta Ejecutiva del Programa de las Naciones Unidas para el Desarrollo, del Fondo de Población de "
           "las Naciones Unidas y de la Oficina de las Naciones Unidas de Servicios para Proyectos",
           "Исполнительный совет Программы развития Организации Объединенных Наций, Фонда Организации "
           "Объединенных Наций в области народонаселения и Управления Организации Объединенных Наций по "
           "обслуживанию проектов",
           "المجلس التنفيذي لبرنامج الأمم المتحدة الإنمائي وصندوق الأمم المتحدة للسكان ومكتب الأمم المتحدة "
           "لخدمات المشاريع",
           "联合国开发计划署、联合国人口基金和联合国项目事务署执行局",
           former_names=(("en", "Executive Board of the United Nations Development Programme and of the "
                                "United Nations Population Fund"),)),
    _organ("un-women", ("UNW/",),
           "Executive Board of the United Nations Entity for Gender Equality and the Empowerment of Women",
           "Conseil d’administration de l’Entité des Nations Unies pour l’égalité des sexes et "
           "l’autonomisation des femmes",
           "Junta Ejecutiva de la Entidad de las Naciones Unidas para la Igualdad de Género y el "
           "Empoderamiento de las Mujeres",
           "Исполнительный совет Структуры Организации Объединенных Наций по вопросам гендерного "
           "равенства и расширения прав и возможностей женщин",
           "المجلس التنفيذي لهيئة الأمم المتحدة للمساواة بين الجنسين وتمكين المرأة",
           "联合国促进性别平等和增强妇女权能署执行局"),
    _organ("unctad", ("TD/",), "United Nations Conference on Trade and Development",
           "Conférence des Nations Unies sur le commerce et le développement",
           "Conferencia de las Naciones Unidas sobre Comercio y Desarrollo",
           "Конференция Организации Объединенных Наций по торговле и развитию",
           "مؤتمر الأمم المتحدة للتجارة والتنمية", "联合国贸易和发展会议"),
    _organ("unep", ("UNEP/",), "United Nations Environment Programme",
           "Programme des Nations Unies pour l’environnement",
           "Programa de las Naciones Unidas para el Medio Ambiente",
           "Программа Организации Объединенных Наций по окружающей среде",
           "برنامج الأمم المتحدة للبيئة", "联合国环境规划署"),
    _organ("unea", ("UNEP/EA.",),
           "United Nations Environment Assembly of the United Nations Environment Programme",
           "Assemblée des Nations Unies pour l’environnement du Programme des Nations Unies pour "
           "l’environnement",
           "Asamblea de las Naciones Unidas sobre el Medio Ambiente del Programa de las Naciones Unidas "
           "para el Medio Ambiente",
           "Ассамблея Организации Объединенных Наций по окружающей среде Программы Организации "
           "Объединенных Наций по окружающей среде",
           "جمعية الأمم المتحدة للبيئة التابعة لبرنامج الأمم المتحدة للبيئة",
           "联合国环境规划署联合国环境大会"),
    # Human rights treaty bodies: the masthead prints the treaty; the committee is named in the cover.
    _organ("crc", ("CRC/",), "Convention on the Rights of the Child",
           "Convention relative aux droits de l’enfant", "Convención sobre los Derechos del Niño",
           "Конвенция о правах ребенка", "اتفاقية حقوق الطفل", "儿童权利公约"),
    _organ("cedaw", ("CEDAW/",), "Convention on the Elimination of All Forms of Discrimination against Women",
           "Convention sur l’élimination de toutes les formes de discrimination à l’égard des femmes",
           "Convención sobre la Eliminación de Todas las Formas de Discriminación contra la Mujer",
           "Конвенция о ликвидации всех форм дискриминации в отношении женщин",
           "اتفاقية القضاء على جميع أشكال التمييز ضد المرأة", "消除对妇女一切形式歧视公约"),
    _organ("ccpr", ("CCPR/",), "International Covenant on Civil and Political Rights",
           "Pacte international relatif aux droits civils et politiques",
           "Pacto Internacional de Derechos Civiles y Políticos",
           "Международный пакт о гражданских и политических правах",
           "العهد الدولي الخاص بالحقوق المدنية والسياسية", "公民权利和政治权利国际公约"),
    _organ("cerd", ("CERD/",), "International Convention on the Elimination of All Forms of Racial Discrimination",
           "Convention internationale sur l’élimination de toutes les formes de discrimination raciale",
           "Convención Internacional sobre la Eliminación de Todas las Formas de Discriminación Racial",
           "Международная конвенция о ликвидации всех форм расовой дискриминации",
           "الاتفاقية الدولية للقضاء على جميع أشكال التمييز العنصري", "消除一切形式种族歧视国际公约"),
    _organ("cat", ("CAT/",), "Convention against Torture and Other Cruel, Inhuman or Degrading Treatment or "
           "Punishment",
           "Convention contre la torture et autres peines ou traitements cruels, inhumains ou dégradants",
           "Convención contra la Tortura y Otros Tratos o Penas Crueles, Inhumanos o Degradantes",
           "Конвенция против пыток и других жестоких, бесчеловечных или унижающих достоинство видов "
           "обращения и наказания",
           "اتفاقية مناهضة التعذيب وغيره من ضروب المعاملة أو العقوبة القاسية أو اللاإنسانية أو المهينة",
           "禁止酷刑和其他残忍、不人道或有辱人格的待遇或处罚公约"),
    _organ("crpd", ("CRPD/",), "Convention on the Rights of Persons with Disabilities",
           "Convention relative aux droits des personnes handicapées",
           "Convención sobre los Derechos de las Personas con Discapacidad",
           "Конвенция о правах инвалидов", "اتفاقية حقوق الأشخاص ذوي الإعاقة", "残疾人权利公约"),
    _organ("cmw", ("CMW/",), "International Convention on the Protection of the Rights of All Migrant Workers "
           "and Members of Their Families",
           "Convention internationale sur la protection des droits de tous les travailleurs migrants et "
           "des membres de leur famille",
           "Convención Internacional sobre la Protección de los Derechos de Todos los Trabajadores "
           "Migratorios y de Sus Familiares",
           "Международная конвенция о защите прав всех трудящихся-мигрантов и членов их семей",
           "الاتفاقية الدولية لحماية حقوق جميع العمال المهاجرين وأفراد أسرهم",
           "保护所有移徙工人及其家庭成员权利国际公约"),
    _organ("ced", ("CED/",), "International Convention for the Protection of All Persons from Enforced "
           "Disappearance",
           "Convention internationale pour la protection de toutes les personnes contre les disparitions forcées",
           "Convención Internacional para la Protección de Todas las Personas contra las Desapariciones Forzadas",
           "Международная конвенция для защиты всех лиц от насильственных исчезновений",
           "الاتفاقية الدولية لحماية جميع الأشخاص من الاختفاء القسري", "保护所有人免遭强迫失踪国际公约"),
)}

#: Symbol prefixes, longest first: the most specific series decides (A/HRC/ before A/).
_SERIES = sorted(((prefix, o.key) for o in ORGANS.values() for prefix in o.series),
                 key=lambda pair: -len(pair[0]))


def organ_of(symbol: str | None) -> str | None:
    """The organ of a document symbol's series (``DP/FPA/2025/1`` → ``undp-unfpa-unops``), by its
    most specific prefix; the first symbol of a joint one (``A/79/989-S/2025/511`` → ``ga``);
    None for a series not in :data:`ORGANS` (never a guess)."""
    if not symbol:
        return None
    flat = symbol.strip().upper()
    return next((key for prefix, key in _SERIES if flat.startswith(prefix.upper())), None)


def organ_names(code: str) -> dict[str, str]:
    """Organ key → its name in the language ``code`` (what ``Language.organs`` holds)."""
    return {key: organ.names[code] for key, organ in ORGANS.items()}


def masthead_organ(key: str | None) -> str | None:
    """The organ a document of organ ``key`` prints in its masthead (``hrc`` → ``ga``)."""
    if key is None or key not in ORGANS:
        return None
    return ORGANS[key].masthead or key


#: Every name a masthead prints for an organ, in any language (former names too) → its key.
ORGAN_BY_NAME: dict[str, str] = {
    **{name: o.key for o in ORGANS.values() for _, name in o.former_names},
    **{name: o.key for o in ORGANS.values() for name in o.names.values()},
}


LANGUAGES: dict[str, Language] = {}


def _add(lang: Language) -> None:
    LANGUAGES[lang.code] = lang


_add(Language(
    code="en", bcp47="en", iso639_2="eng", name_en="English", direction="ltr",
    united_nations="United Nations",
    organs=organ_names("en"),
    distribution="Distr.: General", report_of_sg="Report of the Secretary-General",
    contents="Contents", footnote="Footnote {marker}", back_to_call="Back to the call of footnote {marker}",
    notes_heading="Notes", skip_to_main="Skip to main content", original="Original: {language}",
    language_names={"ar": "Arabic", "zh": "Chinese", "en": "English", "fr": "French", "ru": "Russian",
                     "es": "Spanish"},
    page="Page {n}",
    serif_fonts=("Noto Serif", "DejaVu Serif"), sans_fonts=("Noto Sans", "DejaVu Sans"),
))
_add(Language(
    code="fr", bcp47="fr", iso639_2="fra", name_en="French", direction="ltr",
    united_nations="Nations Unies",
    organs=organ_names("fr"),
    distribution="Distr. générale", report_of_sg="Rapport du Secrétaire général",
    contents="Table des matières", footnote="Note {marker}", back_to_call="Retour à l’appel de la note {marker}",
    notes_heading="Notes", skip_to_main="Aller au contenu principal", original="Original : {language}",
    language_names={"ar": "arabe", "zh": "chinois", "en": "anglais", "fr": "français", "ru": "russe",
                    "es": "espagnol"},
    page="Page {n}",
    serif_fonts=("Noto Serif", "DejaVu Serif"), sans_fonts=("Noto Sans", "DejaVu Sans"),
))
_add(Language(
    code="es", bcp47="es", iso639_2="spa", name_en="Spanish", direction="ltr",
    united_nations="Naciones Unidas",
    organs=organ_names("es"),
    distribution="Distr. general", report_of_sg="Informe del Secretario General",
    contents="Índice", footnote="Nota {marker}", back_to_call="Volver a la llamada de la nota {marker}",
    notes_heading="Notas", skip_to_main="Ir al contenido principal", original="Original: {language}",
    language_names={"ar": "árabe", "zh": "chino", "en": "inglés", "fr": "francés", "ru": "ruso",
                    "es": "español"},
    page="Página {n}",
    serif_fonts=("Noto Serif", "DejaVu Serif"), sans_fonts=("Noto Sans", "DejaVu Sans"),
))
_add(Language(
    code="ru", bcp47="ru", iso639_2="rus", name_en="Russian", direction="ltr",
    united_nations="Организация Объединенных Наций",
    organs=organ_names("ru"),
    distribution="Distr.: General", report_of_sg="Доклад Генерального секретаря",
    contents="Содержание", footnote="Сноска {marker}", back_to_call="Назад к ссылке на сноску {marker}",
    notes_heading="Сноски", skip_to_main="Перейти к основному содержанию", original="Original: {language}",
    language_names={"ar": "Arabic", "zh": "Chinese", "en": "English", "fr": "French", "ru": "Russian",
                    "es": "Spanish"},
    page="Страница {n}",
    serif_fonts=("Noto Serif", "DejaVu Serif"), sans_fonts=("Noto Sans", "DejaVu Sans"),
))
_add(Language(
    code="ar", bcp47="ar", iso639_2="ara", name_en="Arabic", direction="rtl",
    united_nations="الأمم المتحدة",
    organs=organ_names("ar"),
    distribution="Distr.: General", report_of_sg="تقرير الأمين العام",
    contents="المحتويات", footnote="الحاشية {marker}", back_to_call="العودة إلى موضع الحاشية {marker}",
    notes_heading="الحواشي", skip_to_main="انتقل إلى المحتوى الرئيسي", original="Original: {language}",
    language_names={"ar": "Arabic", "zh": "Chinese", "en": "English", "fr": "French", "ru": "Russian",
                    "es": "Spanish"},
    page="الصفحة {n}",
    serif_fonts=("Noto Naskh Arabic", "Noto Serif"), sans_fonts=("Noto Sans Arabic", "Noto Sans"),
    sentence_end=".!?؟",
))
_add(Language(
    code="zh", bcp47="zh-Hans", iso639_2="zho", name_en="Chinese", direction="ltr",
    united_nations="联合国",
    organs=organ_names("zh"),
    distribution="Distr.: General", report_of_sg="秘书长的报告",
    contents="目录", footnote="脚注 {marker}", back_to_call="返回脚注 {marker} 的引用处",
    notes_heading="脚注", skip_to_main="跳到正文", original="Original: {language}",
    language_names={"ar": "Arabic", "zh": "Chinese", "en": "English", "fr": "French", "ru": "Russian",
                    "es": "Spanish"},
    page="第 {n} 页",
    serif_fonts=("Noto Serif CJK SC", "Noto Serif"), sans_fonts=("Noto Sans CJK SC", "Noto Sans"),
    sentence_end="。！？!?",
))

BY_ISO639_2 = {lang.iso639_2: lang for lang in LANGUAGES.values()}


class UnknownLanguage(ValueError):
    pass


def language(code: str) -> Language:
    """Look a language up by ISO 639-1, BCP 47 (zh-Hans, zh-CN) or ISO 639-2 code, any case."""
    key = code.strip().replace("_", "-")
    lower = key.lower()
    if lower in BY_ISO639_2:
        return BY_ISO639_2[lower]
    primary = lower.split("-")[0]
    if primary in LANGUAGES:
        return LANGUAGES[primary]
    raise UnknownLanguage(
        f"unknown language {code!r}: the UN's official languages are "
        + ", ".join(sorted(LANGUAGES)))


def undocs_url(symbol: str, lang: Language) -> str:
    """The permanent link of a UN document symbol in a language (undocs.org redirector)."""
    from urllib.parse import quote
    return f"https://undocs.org/{lang.code}/{quote(symbol, safe='/.-')}"
