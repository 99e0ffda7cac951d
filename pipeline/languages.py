"""The six official languages of the United Nations: codes, direction and the words a document prints.

One table, read by the reader (what a heading looks like), the writers (masthead
words, labels, fonts, direction) and merge (the target language's codes).  The
masthead lines follow the UN's own documents in ``../shared/corpus``: the
Arabic, Chinese and Russian versions keep "Distr.: General" in English.  The
page furniture words ("Please recycle", :data:`PLEASE_RECYCLE`) are the same
table for the PDF writer that prints them and the PDF reader that drops them.

Beside it, the table of issuing organs (:data:`ORGANS`): each one's name in the
six languages as its masthead prints it, its symbol series, the organ its
masthead prints when that is its parent's, and how its resolutions are
numbered and named by symbol (read by ``symbols`` to link a resolution number).
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
    #: The line the UN prints at the foot of page 1 beside the recycling symbol, in this language
    #: (page furniture: our PDF writer prints it, the PDF reader drops it).
    please_recycle: str
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
    #: How its resolutions are numbered and their symbols, for an organ whose resolutions are
    #: documents of their own: one (shape, symbol) per numbering it has used, ("session",
    #: "A/RES/{a}/{b}") for "resolution 78/123" → A/RES/78/123 ({a}, {b}: the number's two parts);
    #: none for a body whose resolutions have no symbol (a commission's are printed in its session
    #: report) or that adopts none.  The shapes are ``symbols.RESOLUTION_SHAPES``.
    resolutions: tuple[tuple[str, str], ...] = ()
    #: Other forms running text names it by, (language, form): the Russian genitive after
    #: "резолюция", a Chinese short name; read beside a resolution number, never written.
    cited_as: tuple[tuple[str, str], ...] = ()
    #: The first session whose resolutions it numbered "session/number" (the General Assembly's
    #: thirty-first, 1976: before it "1514 (XV)"); a lower number in that shape is none of its.
    first_numbered_session: int = 1
    #: The last year of its "year/number" resolutions, when it has ceased to adopt them (the
    #: Commission on Human Rights: 2005); None while it adopts them.
    last_year: int | None = None


def _organ(key: str, series: tuple[str, ...], en: str, fr: str, es: str, ru: str, ar: str, zh: str,
           **more) -> Organ:
    return Organ(key, {"en": en, "fr": fr, "es": es, "ru": ru, "ar": ar, "zh": zh}, series, **more)


#: The organs of the common symbol series (the research guide's list: parent organs A/, S/, E/,
#: T/, ST/ and special series such as DP/, TD/, UNEP/, CRC/C/, FCCC/, ICCD/).  A series not here
#: has no organ: the reader says so (``organ-unknown``) and a sidecar's ``organ`` can give one;
#: none is guessed.  A body whose documents print their parent organ in the masthead has that
#: organ as ``masthead``: E/CN.x (functional commissions), E/ICEF (UNICEF Executive Board), E/C.12
#: (Committee on Economic, Social and Cultural Rights), E/ECE and the other regional commissions
#: print "Economic and Social Council"; A/HRC, A/CN.4 (International Law Commission), A/CN.9
#: (UNCITRAL), A/CN.10, A/AC.96 print "General Assembly", as do the series of the Assembly itself
#: (A/C.1–6, A/AC., A/CONF., A/INF, A/BUR: organ ``ga``); S/PRST is the Security Council's;
#: TD/B prints the Conference's name.
ORGANS: dict[str, Organ] = {o.key: o for o in (
    _organ("ga", ("A/",), "General Assembly", "Assemblée générale", "Asamblea General",
           "Генеральная Ассамблея", "الجمعية العامة", "大会",
           resolutions=(("session", "A/RES/{a}/{b}"), ("roman", "A/RES/{a}({b})")),
           cited_as=(("ru", "Генеральной Ассамблеи"), ("ru", "Генеральной Ассамблеей"), ("zh", "联大")),
           first_numbered_session=31),
    _organ("sc", ("S/",), "Security Council", "Conseil de sécurité", "Consejo de Seguridad",
           "Совет Безопасности", "مجلس الأمن", "安全理事会", resolutions=(("count-year", "S/RES/{a} ({b})"),),
           cited_as=(("ru", "Совета Безопасности"), ("ru", "Советом Безопасности"), ("zh", "安理会"))),
    _organ("ecosoc", ("E/",), "Economic and Social Council", "Conseil économique et social",
           "Consejo Económico y Social", "Экономический и Социальный Совет", "المجلس الاقتصادي والاجتماعي",
           "经济及社会理事会", resolutions=(("year", "E/RES/{a}/{b}"), ("roman", "E/RES/{a}({b})")),
           cited_as=(("ru", "Экономического и Социального Совета"), ("ru", "Экономическим и Социальным Советом"),
                     ("zh", "经社理事会"))),
    _organ("hrc", ("A/HRC/",), "Human Rights Council", "Conseil des droits de l’homme",
           "Consejo de Derechos Humanos", "Совет по правам человека", "مجلس حقوق الإنسان", "人权理事会",
           masthead="ga", resolutions=(("session", "A/HRC/RES/{a}/{b}"),),
           cited_as=(("ru", "Совета по правам человека"), ("ru", "Советом по правам человека"))),
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
           "联合国环境规划署联合国环境大会", resolutions=(("session", "UNEP/EA.{a}/Res.{b}"),),
           cited_as=(("en", "United Nations Environment Assembly"),
                     ("fr", "Assemblée des Nations Unies pour l’environnement"),
                     ("es", "Asamblea de las Naciones Unidas sobre el Medio Ambiente"),
                     ("ru", "Ассамблеи Организации Объединенных Наций по окружающей среде"),
                     ("ar", "جمعية الأمم المتحدة للبيئة"), ("zh", "联合国环境大会"))),
    _organ("trusteeship", ("T/",), "Trusteeship Council", "Conseil de tutelle",
           "Consejo de Administración Fiduciaria", "Совет по Опеке", "مجلس الوصاية", "托管理事会"),
    # Subsidiary bodies of the General Assembly: their documents print "General Assembly" in the
    # masthead and the body in the cover.
    _organ("ilc", ("A/CN.4/",), "International Law Commission", "Commission du droit international",
           "Comisión de Derecho Internacional", "Комиссия международного права", "لجنة القانون الدولي",
           "国际法委员会", masthead="ga"),
    _organ("uncitral", ("A/CN.9/",), "United Nations Commission on International Trade Law",
           "Commission des Nations Unies pour le droit commercial international",
           "Comisión de las Naciones Unidas para el Derecho Mercantil Internacional",
           "Комиссия Организации Объединенных Наций по праву международной торговли",
           "لجنة الأمم المتحدة للقانون التجاري الدولي", "联合国国际贸易法委员会", masthead="ga"),
    _organ("undc", ("A/CN.10/",), "Disarmament Commission", "Commission du désarmement", "Comisión de Desarme",
           "Комиссия по разоружению", "هيئة نزع السلاح", "裁军审议委员会", masthead="ga"),
    _organ("unhcr-excom", ("A/AC.96/",), "Executive Committee of the High Commissioner’s Programme",
           "Comité exécutif du Programme du Haut-Commissaire", "Comité Ejecutivo del Programa del Alto Comisionado",
           "Исполнительный комитет Программы Верховного комиссара", "اللجنة التنفيذية لبرنامج المفوض السامي",
           "高级专员方案执行委员会", masthead="ga"),
    # Functional and regional commissions and boards of the Economic and Social Council: their
    # documents print "Economic and Social Council" in the masthead and the body in the cover.
    _organ("chr", ("E/CN.4/",), "Commission on Human Rights", "Commission des droits de l’homme",
           "Comisión de Derechos Humanos", "Комиссия по правам человека", "لجنة حقوق الإنسان", "人权委员会",
           masthead="ecosoc", resolutions=(("year", "E/CN.4/RES/{a}/{b}"),), last_year=2005),   # then the HRC
    _organ("statcom", ("E/CN.3/",), "Statistical Commission", "Commission de statistique", "Comisión de Estadística",
           "Статистическая комиссия", "اللجنة الإحصائية", "统计委员会", masthead="ecosoc"),
    _organ("csocd", ("E/CN.5/",), "Commission for Social Development", "Commission du développement social",
           "Comisión de Desarrollo Social", "Комиссия социального развития", "لجنة التنمية الاجتماعية",
           "社会发展委员会", masthead="ecosoc"),
    _organ("csw", ("E/CN.6/",), "Commission on the Status of Women", "Commission de la condition de la femme",
           "Comisión de la Condición Jurídica y Social de la Mujer", "Комиссия по положению женщин",
           "لجنة وضع المرأة", "妇女地位委员会", masthead="ecosoc"),
    _organ("cnd", ("E/CN.7/",), "Commission on Narcotic Drugs", "Commission des stupéfiants",
           "Comisión de Estupefacientes", "Комиссия по наркотическим средствам", "لجنة المخدرات",
           "麻醉药品委员会", masthead="ecosoc"),
    _organ("cpd", ("E/CN.9/",), "Commission on Population and Development",
           "Commission de la population et du développement", "Comisión de Población y Desarrollo",
           "Комиссия по народонаселению и развитию", "لجنة السكان والتنمية", "人口与发展委员会", masthead="ecosoc"),
    _organ("ccpcj", ("E/CN.15/",), "Commission on Crime Prevention and Criminal Justice",
           "Commission pour la prévention du crime et la justice pénale",
           "Comisión de Prevención del Delito y Justicia Penal",
           "Комиссия по предупреждению преступности и уголовному правосудию",
           "لجنة منع الجريمة والعدالة الجنائية", "预防犯罪和刑事司法委员会", masthead="ecosoc"),
    _organ("cstd", ("E/CN.16/",), "Commission on Science and Technology for Development",
           "Commission de la science et de la technique au service du développement",
           "Comisión de Ciencia y Tecnología para el Desarrollo", "Комиссия по науке и технике в целях развития",
           "لجنة تسخير العلم والتكنولوجيا لأغراض التنمية", "科学和技术促进发展委员会", masthead="ecosoc"),
    _organ("unff", ("E/CN.18/",), "United Nations Forum on Forests", "Forum des Nations Unies sur les forêts",
           "Foro de las Naciones Unidas sobre los Bosques", "Форум Организации Объединенных Наций по лесам",
           "منتدى الأمم المتحدة المعني بالغابات", "联合国森林论坛", masthead="ecosoc"),
    _organ("cescr", ("E/C.12/",), "Committee on Economic, Social and Cultural Rights",
           "Comité des droits économiques, sociaux et culturels",
           "Comité de Derechos Económicos, Sociales y Culturales",
           "Комитет по экономическим, социальным и культурным правам",
           "اللجنة المعنية بالحقوق الاقتصادية والاجتماعية والثقافية", "经济、社会及文化权利委员会", masthead="ecosoc"),
    _organ("unicef", ("E/ICEF/",), "Executive Board of the United Nations Children’s Fund",
           "Conseil d’administration du Fonds des Nations Unies pour l’enfance",
           "Junta Ejecutiva del Fondo de las Naciones Unidas para la Infancia",
           "Исполнительный совет Детского фонда Организации Объединенных Наций",
           "المجلس التنفيذي لمنظمة الأمم المتحدة للطفولة", "联合国儿童基金会执行局", masthead="ecosoc"),
    _organ("ece", ("E/ECE/", "ECE/"), "Economic Commission for Europe", "Commission économique pour l’Europe",
           "Comisión Económica para Europa", "Европейская экономическая комиссия", "اللجنة الاقتصادية لأوروبا",
           "欧洲经济委员会", masthead="ecosoc"),
    _organ("escap", ("E/ESCAP/", "ESCAP/"), "Economic and Social Commission for Asia and the Pacific",
           "Commission économique et sociale pour l’Asie et le Pacifique",
           "Comisión Económica y Social para Asia y el Pacífico",
           "Экономическая и социальная комиссия для Азии и Тихого океана",
           "اللجنة الاقتصادية والاجتماعية لآسيا والمحيط الهادئ", "亚洲及太平洋经济社会委员会", masthead="ecosoc"),
    _organ("eca", ("E/ECA/", "ECA/"), "Economic Commission for Africa", "Commission économique pour l’Afrique",
           "Comisión Económica para África", "Экономическая комиссия для Африки", "اللجنة الاقتصادية لأفريقيا",
           "非洲经济委员会", masthead="ecosoc"),
    _organ("eclac", ("E/CEPAL/", "LC/"), "Economic Commission for Latin America and the Caribbean",
           "Commission économique pour l’Amérique latine et les Caraïbes",
           "Comisión Económica para América Latina y el Caribe",
           "Экономическая комиссия для Латинской Америки и Карибского бассейна",
           "اللجنة الاقتصادية لأمريكا اللاتينية ومنطقة البحر الكاريبي", "拉丁美洲和加勒比经济委员会",
           masthead="ecosoc"),
    _organ("escwa", ("E/ESCWA/", "ESCWA/"), "Economic and Social Commission for Western Asia",
           "Commission économique et sociale pour l’Asie occidentale",
           "Comisión Económica y Social para Asia Occidental",
           "Экономическая и социальная комиссия для Западной Азии",
           "اللجنة الاقتصادية والاجتماعية لغربي آسيا", "西亚经济社会委员会", masthead="ecosoc"),
    # Conventions with a secretariat of their own: the masthead prints the convention.
    _organ("unfccc", ("FCCC/",), "Framework Convention on Climate Change",
           "Convention-cadre sur les changements climatiques", "Convención Marco sobre el Cambio Climático",
           "Рамочная конвенция об изменении климата", "الاتفاقية الإطارية بشأن تغير المناخ", "气候变化框架公约"),
    _organ("unccd", ("ICCD/",), "Convention to Combat Desertification",
           "Convention sur la lutte contre la désertification", "Convención de Lucha contra la Desertificación",
           "Конвенция по борьбе с опустыниванием", "اتفاقية مكافحة التصحر", "防治荒漠化公约"),
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

#: The short names running text gives an organ after naming it once ("resolution 78/203 of the
#: Assembly", "la résolution 4/4 du Conseil"), per language, and the organs each may stand for:
#: which one is meant is the document's own organ or the organ its masthead prints, if either
#: is among them (``symbols.cited_organ``); else it is unknown.
SHORT_NAMES: dict[str, tuple[dict[str, str], tuple[str, ...]]] = {
    "assembly": ({"en": "Assembly", "fr": "Assemblée", "es": "Asamblea", "ru": "Ассамблеи", "ar": "الجمعية"},
                 ("ga", "unea")),
    "council": ({"en": "Council", "fr": "Conseil", "es": "Consejo", "ru": "Совета", "ar": "المجلس",
                 "zh": "理事会"}, ("sc", "ecosoc", "hrc", "trusteeship")),
    # "Commission resolution 31/1" (the Commission on Crime Prevention's, by its numbering): only
    # a commission, whose resolutions mostly have no symbol of their own.
    "commission": ({"en": "Commission", "fr": "Commission", "es": "Comisión", "ru": "Комиссии", "ar": "اللجنة",
                    "zh": "委员会"},
                   ("chr", "statcom", "csocd", "csw", "cnd", "cpd", "ccpcj", "cstd", "ilc", "uncitral", "undc",
                    "ece", "escap", "eca", "eclac", "escwa")),
}

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
    please_recycle="Please recycle",
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
    please_recycle="Merci de recycler",
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
    please_recycle="Se ruega reciclar",
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
    please_recycle="Просьба отправить на вторичную переработку",
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
    please_recycle="الرجاء إعادة الاستعمال",
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
    please_recycle="请回收",
    serif_fonts=("Noto Serif CJK SC", "Noto Serif"), sans_fonts=("Noto Sans CJK SC", "Noto Sans"),
    sentence_end="。！？!?",
))

BY_ISO639_2 = {lang.iso639_2: lang for lang in LANGUAGES.values()}
#: "Please recycle" in each official language (ISO 639-1 → the line), as page 1 prints it.
PLEASE_RECYCLE = {lang.code: lang.please_recycle for lang in LANGUAGES.values()}


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
    """The permanent link of a UN document symbol in a language (undocs.org redirector), in the
    form the UN's own AKN4UN files link: the symbol without its spaces, parentheses as they are
    (``S/RES/2713 (2023)`` → …/S/RES/2713(2023), ``A/78/6 (Sect. 29A)`` → …/A/78/6(Sect.29A))."""
    from urllib.parse import quote
    return f"https://undocs.org/{lang.code}/{quote(''.join(symbol.split()), safe='/.-()')}"
