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


LANGUAGES: dict[str, Language] = {}


def _add(lang: Language) -> None:
    LANGUAGES[lang.code] = lang


_add(Language(
    code="en", bcp47="en", iso639_2="eng", name_en="English", direction="ltr",
    united_nations="United Nations",
    organs={"ga": "General Assembly", "sc": "Security Council", "ecosoc": "Economic and Social Council",
            "hrc": "Human Rights Council"},
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
    organs={"ga": "Assemblée générale", "sc": "Conseil de sécurité", "ecosoc": "Conseil économique et social",
            "hrc": "Conseil des droits de l’homme"},
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
    organs={"ga": "Asamblea General", "sc": "Consejo de Seguridad", "ecosoc": "Consejo Económico y Social",
            "hrc": "Consejo de Derechos Humanos"},
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
    organs={"ga": "Генеральная Ассамблея", "sc": "Совет Безопасности",
            "ecosoc": "Экономический и Социальный Совет", "hrc": "Совет по правам человека"},
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
    organs={"ga": "الجمعية العامة", "sc": "مجلس الأمن", "ecosoc": "المجلس الاقتصادي والاجتماعي",
            "hrc": "مجلس حقوق الإنسان"},
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
    organs={"ga": "大会", "sc": "安全理事会", "ecosoc": "经济及社会理事会", "hrc": "人权理事会"},
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
