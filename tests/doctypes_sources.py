"""Short UN documents of the kinds shared/ does not hold, set in the UN's layout and printed to PDF.

Draft resolutions and decisions ("L." documents), a revised draft, corrigenda, a verbatim
record (two columns, speakers' turns), a summary record, a provisional agenda, a note verbale and
a letter with annexes and an enclosure, resolutions of the Security Council, Human Rights Council
and Economic and Social Council, a presidential statement, a Secretary-General's bulletin, a
report with a dated contents page: each is written
here as HTML with the masthead of the Official Document System's PDFs (letter paper; "United
Nations" and the symbol on one line, the organ in 20-point bold, "Distr.:", the date and
"Original:" on the right, a rule; the session block at the left margin; the text column in
10-point Times from 124 points; job number, barcode and running heads in the page margins) and
printed by WeasyPrint (Liberation Serif: Times New Roman's metrics).  The texts are ours,
modelled on the patterns of real ones; each comes with the facts a reader must recover.
"""

from __future__ import annotations

import dataclasses
import html

CSS = """
@page { size: 612pt 792pt; margin: 72pt 122pt 70pt 124pt;
        @bottom-left { content: element(job); width: 200pt; }
        @top-left { font: 8.5pt 'Liberation Serif'; vertical-align: middle; }
        @top-right { content: counter(page) "/" counter(pages); font: 8.5pt 'Liberation Serif';
                     vertical-align: middle; } }
@page :first { @top-left { content: none; } @top-right { content: none; } }
body { font: 10pt/12pt 'Liberation Serif'; margin: 0; text-align: justify; }
.job { position: running(job); font: 10pt 'Liberation Serif'; margin-left: -60pt; }
.n { display: inline-block; width: 24pt; text-indent: 0; }
.job .barcode { font: bold 12pt 'Liberation Mono'; }
.masthead { width: 366pt; border-bottom: 1.5pt solid black; height: 132pt; box-sizing: border-box;
            margin-bottom: 10pt; border-collapse: collapse; }
.masthead td { vertical-align: top; padding: 0; text-align: left; }
.masthead .un { font-size: 14pt; width: 274pt; }
.masthead .symbol { font-size: 10pt; text-align: right; }
.masthead .symbol b { font-weight: normal; font-size: 20pt; }
.masthead .organ { font: bold 20pt 'Liberation Serif'; }
.masthead .distr { font-size: 10pt; line-height: 12pt; }
.masthead tr.rest td { height: 100%; }
.session { margin-left: -64pt; width: 200pt; text-align: left; margin-bottom: 16pt; }
.session b { font-weight: bold; }
h1 { font: bold 14pt/16pt 'Liberation Serif'; margin: 12pt 0 12pt 0; }
h2 { font: bold 12pt/14pt 'Liberation Serif'; margin: 12pt 0 6pt 0; }
h3 { font: bold 10pt/12pt 'Liberation Serif'; margin: 12pt 0 6pt 0; }
.sponsor { margin: 12pt 0 12pt 0; }
p { margin: 0 0 6pt 0; text-indent: 24pt; }
p.flush { text-indent: 0; }
p.num { text-indent: 24pt; }
p.right { text-align: right; font-style: italic; }
.corr p { text-indent: 0; }
.corr p.instr { margin-left: 24pt; }
.agenda p { text-indent: -24pt; margin-left: 24pt; }
p.toc { text-indent: 0; text-align: left; white-space: nowrap; overflow: hidden; }
.agenda p.sub { margin-left: 48pt; }
.record { columns: 2; column-gap: 18pt; margin-left: -64pt; margin-right: -4pt; }
.record p { text-indent: 12pt; }
.record h3 { text-align: center; margin: 8pt 0 4pt; }
.record h3 + p.it { text-align: center; text-indent: 0; font-weight: bold; }
.recinfo { margin-left: -64pt; }
.members { margin-left: -64pt; border-collapse: collapse; font-size: 10pt; }
.members td { padding: 0 4pt 0 0; vertical-align: top; }
h2.restitle { font-size: 10pt; line-height: 12pt; margin: 12pt 0 12pt -64pt; padding-left: 64pt; text-indent: -64pt; }
h2.restitle .resnum { display: inline-block; width: 64pt; text-indent: 0; }
p.conclusion { text-align: right; text-indent: 0; margin-top: 12pt; }
h3.section { text-align: center; margin-top: 12pt; }
p.signed { text-align: right; text-indent: 0; margin-top: 18pt; }
.notes { position: absolute; bottom: 0; left: 0; width: 366pt; font-size: 9pt; line-height: 10pt; }
.notes p { text-indent: 0; margin: 0 0 0 24pt; }
sup { font-size: 6pt; vertical-align: super; line-height: 0; }
"""


@dataclasses.dataclass
class Masthead:
    symbol: str
    organ: str = "General Assembly"
    distribution: str = "Limited"
    date: str = "30 October 2024"
    original: str | None = "English"
    job: str = "24-19876 (E)    301024"
    session: list[str] = dataclasses.field(default_factory=list)   # HTML lines of the left block
    united_nations: str = "United Nations"                           # in the document's language

    def html(self) -> str:
        first = self.symbol[0]
        rest = html.escape(self.symbol[1:])
        distr = [f"Distr.: {html.escape(self.distribution)}", html.escape(self.date)]
        if self.distribution in RECORDS_LINE:               # a verbatim record: no date, no "Distr.:"
            # (On one line, as the UN sets it; the Russian words are wider than the cell.)
            distr = [f'<b style="white-space: nowrap"><i>{html.escape(self.distribution)}</i></b>']
        elif self.distribution == "Provisional":          # a Security Council record
            distr = ["<b>Provisional</b>"]
        if self.original:
            distr.append("")
            distr.append(f"Original: {html.escape(self.original)}")
        digits = "".join(ch for ch in self.job.split()[0] if ch.isdigit())
        return (f'<div class="job">{html.escape(self.job)}<br/><span class="barcode">*{digits}*</span></div>'
                f'<table class="masthead"><tr><td class="un">{html.escape(self.united_nations)}</td>'
                f'<td class="symbol"><b>{first}</b>{rest}</td></tr>'
                f'<tr><td class="organ">{html.escape(self.organ)}</td>'
                f'<td class="distr">{"<br/>".join(distr)}</td></tr><tr class="rest"><td></td><td></td></tr></table>'
                + (f'<div class="session">{"<br/>".join(self.session)}</div>' if self.session else ""))


#: What a verbatim record's masthead prints in place of the distribution, in its language.
RECORDS_LINE = ("Official Records", "Documents officiels", "Официальные отчеты", "正式记录")


def page(masthead: Masthead, body: str, lang: str = "en") -> str:
    running_head = f'@page {{ @top-left {{ content: "{masthead.symbol}"; }} }} @page :first {{ @top-left {{ content: none; }} }}'
    return (f'<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8"/><style>{CSS}{running_head}</style></head>'
            f'<body>{masthead.html()}{body}</body></html>')


def pdf(document_html: str) -> bytes:
    import weasyprint
    return weasyprint.HTML(string=document_html).write_pdf()


# -- the documents ------------------------------------------------------------------------------

PREAMBLE = [
    "<i>Recalling</i> its resolution 78/197 of 19 December 2023 and all its previous resolutions on the "
    "right to food, as well as all resolutions and decisions adopted by the Human Rights Council on the subject,",
    "<i>Reaffirming</i> the Universal Declaration of Human Rights, which provides that everyone has the right "
    "to a standard of living adequate for the health and well-being of himself and of his family, including food,",
    "<i>Deeply concerned</i> that the number of people suffering from hunger and food insecurity continues to "
    "rise in many parts of the world, in particular in developing countries,",
]
OPERATIVE = [
    "<i>Reaffirms</i> that hunger constitutes an outrage and a violation of human dignity and therefore "
    "requires the adoption of urgent measures at the national, regional and international levels for its elimination;",
    "<i>Encourages</i> all States to take steps with a view to achieving progressively the full realization of "
    "the right to food, including steps to promote the conditions for everyone to be free from hunger:",
    "<i>Requests</i> the Secretary-General to submit to the General Assembly at its eightieth session a report "
    "on the implementation of the present resolution;",
    "<i>Decides</i> to continue its consideration of the question at its eightieth session under the item "
    "entitled \u201cPromotion and protection of human rights\u201d.",
]
ITEMS = ["to adopt national strategies for the realization of the right to food;",
         "to strengthen the resilience of food systems to climate shocks and conflict;"]


def draft_resolution(symbol: str = "A/C.3/79/L.12", revised: bool = False) -> tuple[str, dict]:
    sponsors = "Argentina, Brazil, Chile, Ecuador and Paraguay"
    kind = "revised draft resolution" if revised else "draft resolution"
    masthead = Masthead(symbol, session=["<b>Seventy-ninth session</b>", "Third Committee", "Agenda item 71 (b)",
                                         "<b>Promotion and protection of human rights: human rights "
                                         "questions, including alternative approaches for improving the "
                                         "effective enjoyment of human rights and fundamental freedoms</b>"])
    paragraphs = ['<p class="flush" style="margin-left: 24pt"><i>The General Assembly</i>,</p>']
    paragraphs += [f"<p>{text}</p>" for text in PREAMBLE]
    for n, text in enumerate(OPERATIVE, 1):
        paragraphs.append(f'<p class="num"><span class="n">{n}.</span>{text}</p>')
        if n == 2:
            paragraphs += [f'<p style="margin-left: 24pt; text-align: left">({letter})&#x2003;{item}</p>'
                           for letter, item in zip("ab", ITEMS)]
    body = (f'<p class="sponsor flush">{sponsors}: {kind}</p>'
            f'<h2>The right to food</h2>' + "".join(paragraphs))
    facts = {"symbol": symbol, "distribution": "Limited", "sponsor": f"{sponsors}: {kind}",
             "title": "The right to food", "preamble": 3, "operative": 4, "items": 2,
             "session": "Seventy-ninth session", "agenda": "Agenda item 71 (b)", "date": "2024-10-30"}
    return page(masthead, body), facts


def draft_decision() -> tuple[str, dict]:
    masthead = Masthead("E/2025/L.10", organ="Economic and Social Council", date="5 June 2025",
                        job="25-09123 (E)    050625",
                        session=["<b>2025 session</b>", "25 July 2024\u201330 July 2025", "Agenda item 18 (c)",
                                 "<b>Economic and environmental questions: statistics</b>"])
    body = ('<p class="sponsor flush">Draft decision submitted by the Vice-President of the Council, '
            'Ms. Maria Silva (Brazil), on the basis of informal consultations</p>'
            '<h2>Report of the Statistical Commission on its fifty-sixth session</h2>'
            '<p>The Economic and Social Council takes note of the report of the Statistical Commission on its '
            'fifty-sixth session and approves the provisional agenda and documentation for the fifty-seventh '
            'session of the Commission set out below.</p>')
    facts = {"symbol": "E/2025/L.10", "distribution": "Limited", "date": "2025-06-05",
             "sponsor": "Draft decision submitted by the Vice-President of the Council, Ms. Maria Silva "
                        "(Brazil), on the basis of informal consultations",
             "title": "Report of the Statistical Commission on its fifty-sixth session"}
    return page(masthead, body), facts


def corrigendum() -> tuple[str, dict]:
    masthead = Masthead("A/79/352/Corr.1", distribution="General", date="12 November 2024",
                        job="24-21455 (E)    121124",
                        session=["<b>Seventy-ninth session</b>", "Agenda item 73 (b)",
                                 "<b>Promotion and protection of human rights: human rights questions</b>"])
    body = ('<h1>Extreme poverty and human rights</h1>'
            '<h3>Note by the Secretary-General</h3>'
            '<h3>Corrigendum</h3>'
            '<div class="corr">'
            '<p><span class="n">1.</span>Paragraph 5, third line</p>'
            '<p class="instr"><i>For</i> 12 per cent <i>read</i> 21 per cent</p>'
            '<p><span class="n">2.</span>Paragraph 17, first sentence</p>'
            '<p class="instr"><i>The sentence should read</i></p>'
            '<p class="instr">Since 2020, social protection coverage has grown in 41 countries, but remains '
            'below half of the population in most low-income countries.</p>'
            '<p><span class="n">3.</span>Annex, table 2, column headed \u201c2023\u201d</p>'
            '<p class="instr"><i>For</i> 4.6 <i>read</i> 6.4</p>'
            '</div>')
    facts = {"symbol": "A/79/352/Corr.1", "distribution": "General", "date": "2024-11-12",
             "title": "Extreme poverty and human rights"}
    return page(masthead, body), facts


SPEECHES = [
    ("The President", "I now give the floor to the representative of the United Kingdom, who will speak "
     "on behalf of the Group of Friends of the Convention."),
    ("Mr. Smith (United Kingdom)", "Let me begin by congratulating you, Mr. President, on your election. "
     "The United Kingdom remains firmly committed to the work of this Assembly and to a strong and "
     "effective multilateral system, with the United Nations at its centre. We face conflicts, climate "
     "change and debt crises that no country can solve alone."),
    ("Ms. Dlamini (South Africa)", "My delegation aligns itself with the statement made by the "
     "representative of Uganda on behalf of the Group of 77 and China. We call on all Member States "
     "to support the reform of the international financial architecture, so that developing countries "
     "have a voice equal to their share of the world economy."),
    ("Mr. Tanaka (Japan)", "Japan welcomes the adoption of the Pact for the Future. We will work with "
     "all partners for its implementation, in particular on the reform of the Security Council, which "
     "must reflect the realities of the twenty-first century."),
]


def verbatim_record(symbol: str = "A/79/PV.12", rounds: int = 0) -> tuple[str, dict]:
    masthead = Masthead(symbol, distribution="General", date="1 October 2024", original=None,
                        job="24-28311 (E)", session=[])
    masthead.distribution = "Official Records"
    info = ('<div class="recinfo"><p class="flush"><b>Seventy-ninth session</b></p>'
            '<p class="flush"><b>12th plenary meeting</b></p>'
            '<p class="flush">Tuesday, 1 October 2024, 10 a.m.</p><p class="flush">New York</p>'
            '<p class="flush"><i>President</i>: Mr. Yang . . . . . . . . . . . . . . . . . . . . . (Cameroon)</p></div>')
    turns = "".join(f'<p><b>{html.escape(who.split(" (")[0])}</b>{html.escape(who[len(who.split(" (")[0]):])}: {text}</p>'
                    for who, text in SPEECHES)
    body = (info + '<div class="record">'
            '<p class="flush"><i>The meeting was called to order at 10.05 a.m.</i></p>'
            '<h3>Agenda item 8 (<i>continued</i>)</h3><p class="it">General debate</p>'
            # (A longer record opens with a longer turn: its first page ends inside a turn.)
            + (turns.replace("the Convention.", "the Convention. We meet at a difficult time, and the world is watching what this Assembly will do.", 1) if rounds else turns) + turns.replace("Mr. Tanaka", "Mr. Okafor").replace("(Japan)", "(Nigeria)")
            + turns.replace("Mr. Smith", "Ms. Larsen").replace("(United Kingdom)", "(Norway)") * rounds +
            '<p class="flush"><i>The meeting rose at 1.10 p.m.</i></p></div>')
    facts = {"symbol": symbol, "speakers": [who for who, _ in SPEECHES], "turns": 4 * (2 + rounds)}
    return page(masthead, body), facts


def security_council_record() -> tuple[str, dict]:
    """A Security Council verbatim record: "Provisional" in the masthead, the members' list with
    leaders, the agenda, the note on corrections at the foot of the first page."""
    masthead = Masthead("S/PV.9876", organ="Security Council", distribution="Official Records",
                        job="24-13579 (E)", session=[], original=None)
    masthead.distribution = "Provisional"
    members = [("Algeria", "Mr. Bendjama"), ("China", "Mr. Fu Cong"), ("France", "Mr. De Rivière"),
               ("Guyana", "Mrs. Rodrigues-Birkett"), ("Japan", "Mr. Ishikane")]
    dots = " . " * 14
    rows = "".join(f'<tr><td>{"<i>Members</i>:" if i == 0 else ""}</td><td>{c}{dots}</td><td>{r}</td></tr>'
                   for i, (c, r) in enumerate(members))
    info = ('<div class="recinfo"><p class="flush"><b>Seventy-ninth year</b></p>'
            '<p class="flush"><b>9876th meeting</b></p>'
            '<p class="flush">Tuesday, 14 May 2024, 10 a.m.</p><p class="flush">New York</p>'
            f'<p class="flush"><i>President</i>: Mr. Smith{dots}(United Kingdom)</p>'
            f'<table class="members">{rows}</table>'
            '<p class="flush"><b>Agenda</b></p><p class="flush">The situation in the Middle East</p></div>')
    turns = "".join(f'<p><b>{html.escape(who.split(" (")[0])}</b>{html.escape(who[len(who.split(" (")[0]):])}: {text}</p>'
                    for who, text in SPEECHES[1:])
    body = (info + '<div class="record">'
            '<p class="flush"><i>The meeting was called to order at 10.05 a.m.</i></p>'
            '<h3>Adoption of the agenda</h3><p class="flush"><i>The agenda was adopted.</i></p>'
            '<h3>The situation in the Middle East</h3>'
            '<p><b>The President</b>: In accordance with rule 37 of the Council\'s provisional rules of '
            'procedure, I invite the representative of Egypt to participate in this meeting.</p>'
            + turns * 2 + '<p class="flush"><i>The meeting rose at 11.40 a.m.</i></p></div>')
    facts = {"symbol": "S/PV.9876", "turns": 1 + 2 * (len(SPEECHES) - 1), "members": members}
    return page(masthead, body), facts


def summary_record() -> tuple[str, dict]:
    masthead = Masthead("E/2025/SR.5", organ="Economic and Social Council", distribution="General",
                        date="14 February 2025", original="English", job="25-02210 (E)    140225",
                        session=["<b>2025 session</b>", "25 July 2024\u201330 July 2025"])
    body = ('<h2>Summary record of the 5th meeting</h2>'
            '<p class="flush">Held at Headquarters, New York, on Thursday, 6 February 2025, at 10 a.m.</p>'
            '<p class="flush"><i>President</i>:\tMr. Rae (Canada)</p>'
            '<h3>Contents</h3>'
            '<p class="flush">Elections, nominations, confirmations and appointments</p>'
            '<p class="flush"><i>The meeting was called to order at 10.10 a.m.</i></p>'
            '<h3>Elections, nominations, confirmations and appointments</h3>'
            '<p><span class="n">1.</span><b>The President</b> said that the Council had before it the note by the '
            'Secretary-General on the vacancies in its subsidiary bodies.</p>'
            '<p><span class="n">2.</span><b>Mr. Hernández</b> (Mexico) said that his delegation supported the candidates '
            'nominated by the Group of Latin American and Caribbean States.</p>'
            '<p><span class="n">3.</span><b>Ms. Okonjo</b> (Nigeria), speaking on behalf of the Group of African States, '
            'said that the Group welcomed the nominations.</p>'
            '<p><span class="n">4.</span><i>The candidates were elected by acclamation.</i></p>'
            '<p class="flush"><i>The meeting rose at 11.25 a.m.</i></p>')
    facts = {"symbol": "E/2025/SR.5", "paragraphs": 4}
    return page(masthead, body), facts


#: A verbatim record in another language: the words of its masthead, cover and procedural lines
#: as the UN prints them, the presiding officer's title, and the turns (speaker, delegation, text).
RECORD_WORDS = {
    "fr": {"un": "Nations Unies", "organ": "Assemblée générale", "records": "Documents officiels",
           "session": "Soixante-dix-neuvième session", "meeting": "12e séance plénière",
           "date": "Mardi 1er octobre 2024, à 10 heures", "president": "Président",
           "president_name": ("M. Yang", "Cameroun"),
           "opened": "La séance est ouverte à 10 h 5.", "item": "Point 8 de l’ordre du jour (<i>suite</i>)",
           "item_title": "Débat général", "rose": "La séance est levée à 13 h 10.", "colon": " :",
           "chair": "Le Président",
           "turns": [("M. Smith", "Royaume-Uni", "Je tiens tout d’abord à vous féliciter, Monsieur le Président, "
                      "de votre élection. Le Royaume-Uni reste fermement attaché aux travaux de cette Assemblée."),
                     ("Mme Dlamini", "Afrique du Sud", "Ma délégation s’associe à la déclaration faite par le "
                      "représentant de l’Ouganda au nom du Groupe des 77 et de la Chine."),
                     ("M. Tanaka", "Japon", "Le Japon se félicite de l’adoption du Pacte pour l’avenir et "
                      "travaillera avec tous ses partenaires à sa mise en œuvre.")],
           "chair_text": "Je donne maintenant la parole au représentant du Royaume-Uni."},
    "ru": {"un": "Организация Объединенных Наций", "organ": "Генеральная Ассамблея", "records": "Официальные отчеты",
           "session": "Семьдесят девятая сессия", "meeting": "12-е пленарное заседание",
           "date": "Вторник, 1 октября 2024 года, 10 ч. 00 м.", "president": "Председатель",
           "president_name": ("г-н Ян", "Камерун"),
           "opened": "Заседание открывается в 10 ч. 05 м.", "item": "Пункт 8 повестки дня (<i>продолжение</i>)",
           "item_title": "Общие прения", "rose": "Заседание закрывается в 13 ч. 10 м.", "colon": ":",
           "chair": "Председатель",
           "turns": [("Г-н Смит", "Соединенное Королевство", "Прежде всего позвольте мне поздравить Вас, "
                      "г-н Председатель, с избранием. Соединенное Королевство по-прежнему привержено работе Ассамблеи."),
                     ("Г-жа Дламини", "Южная Африка", "Моя делегация присоединяется к заявлению, сделанному "
                      "представителем Уганды от имени Группы 77 и Китая."),
                     ("Г-н Танака", "Япония", "Япония приветствует принятие Пакта во имя будущего и будет работать "
                      "со всеми партнерами над его осуществлением.")],
           "chair_text": "Сейчас я предоставляю слово представителю Соединенного Королевства.",
           # (The Russian version marks a speech delivered in another language.)
           "chair_spoke_in": "говорит по-английски"},
    "zh": {"un": "联合国", "organ": "大会", "records": "正式记录",
           "session": "第七十九届会议", "meeting": "第12次全体会议",
           "date": "2024年10月1日星期二上午10时", "president": "主席",
           "president_name": ("杨先生", "喀麦隆"), "brackets": ("（", "）"),
           "opened": "上午10时05分开会。", "item": "议程项目8（续）",
           "item_title": "一般性辩论", "rose": "下午1时10分散会。", "colon": "：",
           "chair": "主席",
           "turns": [("史密斯先生", "联合王国", "首先，我祝贺主席当选。联合王国仍然坚定地致力于大会的工作，"
                      "致力于以联合国为核心的强有力和有效的多边体系。"),
                     ("德拉米尼女士", "南非", "我国代表团赞同乌干达代表以77国集团和中国的名义所作的发言。"),
                     ("田中先生", "日本", "日本欢迎通过《未来契约》，并将与所有伙伴合作加以落实。")],
           "chair_text": "我现在请联合王国代表发言。",
           # (Chinese sets more words to a line: more turns, so that a page has its two columns.)
           "rounds": 4},
}


def verbatim_record_in(lang: str) -> tuple[str, dict]:
    """A General Assembly verbatim record in French, Russian or Chinese (A/79/PV.12): "Le Président :",
    "Председатель:", "主席：", the delegation in brackets, the procedural lines in italics."""
    w = RECORD_WORDS[lang]
    masthead = Masthead("A/79/PV.12", organ=w["organ"], distribution=w["records"], original=None,
                        job=f"24-28311 ({lang[0].upper()})", session=[], united_nations=w["un"])
    opening, closing = w.get("brackets", (" (", ")"))
    name, where = w["president_name"]
    info = (f'<div class="recinfo"><p class="flush"><b>{w["session"]}</b></p>'
            f'<p class="flush"><b>{w["meeting"]}</b></p>'
            f'<p class="flush">{w["date"]}</p><p class="flush">New York</p>'
            f'<p class="flush"><i>{w["president"]}</i>{w["colon"]} {name} . . . . . . . . . . . . . .'
            f'{opening}{where}{closing}</p></div>')
    turns = [(w["chair"], None, w["chair_text"])] + w["turns"]
    spoke = f' (<i>{w["chair_spoke_in"]}</i>)' if "chair_spoke_in" in w else ""
    paragraphs = "".join(f'<p><b>{html.escape(who)}</b>{f"{opening}{html.escape(country)}{closing}" if country else spoke}'
                         f'{w["colon"]}{"" if lang == "zh" else " "}{html.escape(text)}</p>' for who, country, text in turns)
    body = (info + '<div class="record">'
            f'<p class="flush"><i>{w["opened"][:-1]}</i>{w["opened"][-1]}</p>'
            f'<h3>{w["item"]}</h3><p class="it">{w["item_title"]}</p>'
            + paragraphs * w.get("rounds", 2)
            + f'<p class="flush"><i>{w["rose"][:-1]}</i>{w["rose"][-1]}</p></div>')
    facts = {"symbol": "A/79/PV.12", "language": lang,
             "from": [f"{who}{f'{opening}{country}{closing}' if country else spoke.replace('<i>', '').replace('</i>', '')}"
                      f"{w['colon']}".replace("\u00a0", " ") for who, country, _ in turns] * w.get("rounds", 2),
             "president": f"{name} ({where})", "narratives": [w["opened"], w["rose"]],
             "heading": w["item"].replace("<i>", "").replace("</i>", ""), "subheading": w["item_title"]}
    return page(masthead, body, lang), facts


def verbatim_record_with_acting_president() -> tuple[str, dict]:
    """A plenary meeting where a Vice-President takes the Chair and the President returns to it;
    an address introduced by its own heading, a speaker escorted in and out (italic lines), the
    Acting President speaking in French (the language in italic brackets)."""
    masthead = Masthead("A/79/PV.20", distribution="Official Records", original=None,
                        job="24-29001 (E)", session=[])
    info = ('<div class="recinfo"><p class="flush"><b>Seventy-ninth session</b></p>'
            '<p class="flush"><b>20th plenary meeting</b></p>'
            '<p class="flush">Monday, 7 October 2024, 3 p.m.</p><p class="flush">New York</p>'
            '<p class="flush"><i>President</i>: Mr. Yang . . . . . . . . . . . . . . (Cameroon)</p></div>')
    body = (info + '<div class="record">'
            '<p class="flush"><i>In the absence of the President, Mr. Kusano (Japan), Vice-President, took the '
            'Chair.</i></p>'
            '<p class="flush"><i>The meeting was called to order at 3.05 p.m.</i></p>'
            '<h3>Agenda item 8 (<i>continued</i>)</h3><p class="it">General debate</p>'
            '<h3>Address by Mr. Ruto, President of the Republic of Kenya</h3>'
            '<p><b>The Acting President</b> (<i>spoke in French</i>): The Assembly will now hear an address '
            'by the President of the Republic of Kenya.</p>'
            '<p class="flush"><i>Mr. William Ruto, President of the Republic of Kenya, was escorted into the '
            'General Assembly Hall.</i></p>'
            '<p><b>President Ruto</b>: It is an honour to address this Assembly on behalf of the people of Kenya, '
            'who ask that the promises of the Pact for the Future be kept.</p>'
            '<p class="flush"><i>Mr. William Ruto, President of the Republic of Kenya, was escorted from the '
            'General Assembly Hall.</i></p>'
            '<p class="flush"><i>The President returned to the Chair.</i></p>'
            '<p><b>The President</b>: I now give the floor to the representative of Norway.</p>'
            '<p><b>Ms. Larsen</b> (Norway): Norway thanks the President of Kenya for his address.</p>'
            # (A turn of two paragraphs: the second opens with no name.)
            '<p>We share his hope that the Pact for the Future will be implemented in full, and we stand '
            'ready to work with all delegations to that end.</p>'
            '<p class="flush"><i>The meeting rose at 4.20 p.m.</i></p></div>')
    facts = {"symbol": "A/79/PV.20",
             "turns": [("The Acting President (spoke in French):", "Mr. Kusano (Japan)", "The Acting President"),
                       ("President Ruto:", "President Ruto", ""),
                       ("The President:", "Mr. Yang (Cameroon)", "The President"),
                       ("Ms. Larsen (Norway):", "Ms. Larsen (Norway)", "Norway")],
             "headings": ["Agenda item 8 (continued)", "Address by Mr. Ruto, President of the Republic of Kenya"]}
    return page(masthead, body), facts


def provisional_agenda() -> tuple[str, dict]:
    masthead = Masthead("A/79/150", distribution="General", date="15 July 2024", original="English",
                        job="24-12001 (E)    150724", session=["<b>Seventy-ninth session</b>"])
    items = ["Opening of the session by the President of the General Assembly.",
             "Minute of silent prayer or meditation.",
             "Credentials of representatives to the seventy-ninth session of the General Assembly:",
             "Election of the President of the General Assembly.",
             "Promotion of sustained economic growth and sustainable development:"]
    subs = {3: ["Appointment of the members of the Credentials Committee;", "Report of the Credentials Committee."],
            5: ["Macroeconomic policy questions;", "Sustainable development."]}
    lines = []
    for n, item in enumerate(items, 1):
        lines.append(f'<p><span class="n">{n}.</span>{item}</p>')
        for letter, sub in zip("ab", subs.get(n, [])):
            lines.append(f'<p class="sub"><span class="n">({letter})</span>{sub}</p>')
    body = ('<h1>Provisional agenda of the seventy-ninth regular session of the General Assembly</h1>'
            '<p class="flush">To convene at United Nations Headquarters, New York, on Tuesday, 10 September 2024, '
            'at 3 p.m.</p><div class="agenda">' + "".join(lines) + '</div>')
    facts = {"symbol": "A/79/150", "items": 5, "subitems": 4}
    return page(masthead, body), facts


def note_verbale() -> tuple[str, dict]:
    """A note verbale transmitted as a document: its title, the Mission's compliments, an annex."""
    masthead = Masthead("A/79/412", distribution="General", date="3 October 2024", job="24-17770 (E)    031024",
                        session=["<b>Seventy-ninth session</b>", "Agenda item 68",
                                 "<b>Elimination of racism, racial discrimination, xenophobia and related "
                                 "intolerance</b>"])
    body = ('<h2>Note verbale dated 1 October 2024 from the Permanent Mission of Chile to the United Nations '
            'addressed to the Secretary-General</h2>'
            '<p>The Permanent Mission of Chile to the United Nations presents its compliments to the '
            'Secretary-General and has the honour to transmit herewith the national report of Chile on the '
            'implementation of the Durban Declaration and Programme of Action (see annex).</p>'
            '<p>The Permanent Mission would be grateful if the present note and its annex could be circulated '
            'as a document of the General Assembly, under agenda item 68.</p>'
            '<h3 style="page-break-before: always">Annex to the note verbale dated 1 October 2024 '
            'from the Permanent Mission of Chile to the United Nations addressed to the Secretary-General</h3>'
            '<h2>National report of Chile</h2>'
            '<p><span class="n">1.</span>Chile has adopted a national plan against racism for the period '
            '2024–2030, which sets out measures in education, employment and the justice system.</p>'
            '<p><span class="n">2.</span>The plan was prepared in consultation with civil society and '
            'the organizations of Indigenous Peoples and of people of African descent.</p>')
    facts = {"symbol": "A/79/412", "title": "Note verbale dated 1 October 2024 from the Permanent Mission of "
             "Chile to the United Nations addressed to the Secretary-General"}
    return page(masthead, body), facts


def security_council_resolution() -> tuple[str, dict]:
    """S/RES/2719 (2023): no session block; "Resolution 2719 (2023)" and the line of its adoption
    as its title; the Council's formula, preambular and operative paragraphs, a note; "Decides to
    remain seized of the matter." last."""
    masthead = Masthead("S/RES/2719 (2023)", organ="Security Council", distribution="General",
                        date="28 December 2023", original=None, job="23-26337 (E)", session=[])
    preamble = [
        "<i>Recalling</i> its previous resolutions and statements of its President on cooperation between the "
        "United Nations and regional and subregional organizations, in particular the African Union,",
        "<i>Reaffirming</i> its primary responsibility for the maintenance of international peace and security "
        "under the Charter of the United Nations,",
        "<i>Recognizing</i> that regional organizations are well positioned to understand the root causes of "
        "armed conflicts owing to their knowledge of the region,<sup>1</sup>",
    ]
    operative = [
        "<i>Decides</i> that African Union-led peace support operations authorized by the Security Council "
        "may receive assessed contributions on a case-by-case basis;",
        "<i>Requests</i> the Secretary-General and the Chairperson of the African Union Commission to "
        "report jointly to the Council on progress made:",
        "<i>Decides</i> to remain seized of the matter.",
    ]
    paragraphs = ['<p><i>The Security Council</i>,</p>'] + [f"<p>{t}</p>" for t in preamble]
    for n, text in enumerate(operative, 1):
        paragraphs.append(f'<p class="num"><span class="n">{n}.</span>{text}</p>')
        if n == 2:
            paragraphs += [f'<p style="margin-left: 24pt; text-align: left">({letter})&#x2003;{item}</p>'
                           for letter, item in zip("ab", ["within 180 days, on the planning of each operation;",
                                                          "annually thereafter, on its financing."])]
    body = ('<h1 style="margin-top: 24pt">Resolution 2719 (2023)</h1>'
            '<p class="flush adopted">Adopted by the Security Council at its 9512th meeting, on 28 December 2023</p>'
            + "".join(paragraphs) + NOTES_FOOT.format(notes='<p><sup>1</sup> See S/2023/303, annex.</p>'))
    facts = {"symbol": "S/RES/2719 (2023)", "organ": "sc", "date": "2023-12-28", "preamble": 3, "operative": 3,
             "items": 2, "title": "Resolution 2719 (2023)",
             "adopted": "Adopted by the Security Council at its 9512th meeting, on 28 December 2023"}
    return page(masthead, body), facts


def presidential_statement() -> tuple[str, dict]:
    """S/PRST/2024/5: "Statement by the President of the Security Council", the meeting at which
    it was made, and the statement's paragraphs, each in quotation marks, unnumbered."""
    masthead = Masthead("S/PRST/2024/5", organ="Security Council", distribution="General",
                        date="22 April 2024", original="English", job="24-07311 (E)    220424", session=[])
    quoted = [
        "\u201cThe Security Council reaffirms its commitment to the sovereignty, independence, unity and "
        "territorial integrity of all States in the region.",
        "\u201cThe Security Council expresses deep concern at the humanitarian situation and calls on all "
        "parties to allow the safe, rapid and unimpeded passage of humanitarian relief.",
        "\u201cThe Security Council requests the Secretary-General to keep it informed of developments.\u201d",
    ]
    body = ('<h1 style="margin-top: 24pt">Statement by the President of the Security Council</h1>'
            '<p>At the 9600th meeting of the Security Council, held on 22 April 2024, in connection with the '
            'Council\u2019s consideration of the item entitled \u201cThe situation in the Great Lakes region\u201d, '
            'the President of the Security Council made the following statement on behalf of the Council:</p>'
            + "".join(f"<p>{q}</p>" for q in quoted))
    facts = {"symbol": "S/PRST/2024/5", "organ": "sc", "date": "2024-04-22",
             "title": "Statement by the President of the Security Council", "paragraphs": 4}
    return page(masthead, body), facts


def human_rights_council_resolution() -> tuple[str, dict]:
    """A/HRC/RES/55/1: "General Assembly" in the masthead, the Council in the session block, the
    line of adoption, "55/1." before the title, the meeting and date at the end, and the vote."""
    masthead = Masthead("A/HRC/RES/55/1", distribution="General", date="8 April 2024",
                        job="24-06530 (E)    080424",
                        session=["<b>Human Rights Council</b>", "<b>Fifty-fifth session</b>",
                                 "26 February\u20135 April 2024", "Agenda item 3",
                                 "<b>Promotion and protection of all human rights, civil, political, economic, "
                                 "social and cultural rights, including the right to development</b>"])
    body = ('<p class="flush" style="margin-top: 12pt"><b>Resolution adopted by the Human Rights Council on '
            '4 April 2024</b></p>'
            '<h2 class="restitle"><span class="resnum">55/1.</span>The right to food</h2>'
            '<p><i>The Human Rights Council</i>,</p>'
            '<p><i>Guided by</i> the purposes and principles of the Charter of the United Nations,</p>'
            '<p><i>Reaffirming</i> all previous resolutions on the right to food adopted by the Commission on '
            'Human Rights and the Human Rights Council,</p>'
            '<p class="num"><span class="n">1.</span><i>Reaffirms</i> that hunger constitutes an outrage and a '
            'violation of human dignity;</p>'
            '<p class="num"><span class="n">2.</span><i>Decides</i> to continue its consideration of this '
            'question under the same agenda item.</p>'
            '<p class="conclusion"><i>56th meeting<br/>4 April 2024</i></p>'
            '<p class="flush">[Adopted without a vote.]</p>')
    facts = {"symbol": "A/HRC/RES/55/1", "organ": "hrc", "date": "2024-04-08", "preamble": 2, "operative": 2,
             "title": "The right to food", "number": "55/1."}
    return page(masthead, body), facts


def ecosoc_resolution() -> tuple[str, dict]:
    """E/RES/2024/3: the Council's session block, the line of adoption and its bracketed origin,
    "2024/3." before the title, the plenary meeting and date at the end."""
    masthead = Masthead("E/RES/2024/3", organ="Economic and Social Council", distribution="General",
                        date="10 June 2024", job="24-10777 (E)    100624",
                        session=["<b>2024 session</b>", "27 July 2023\u201324 July 2024", "Agenda item 18 (e)",
                                 "<b>Economic and environmental questions: cartography</b>"])
    body = ('<p class="flush" style="margin-top: 12pt"><b>Resolution adopted by the Economic and Social Council '
            'on 5 June 2024</b></p>'
            '<p class="flush">[on the recommendation of the Committee of Experts on Global Geospatial '
            'Information Management (E/2024/L.12)]</p>'
            '<h2 class="restitle"><span class="resnum">2024/3.</span>Strengthening institutional arrangements '
            'on geospatial information management</h2>'
            '<p><i>The Economic and Social Council</i>,</p>'
            '<p><i>Recalling</i> its resolution 2016/27 of 27 July 2016 on strengthening institutional '
            'arrangements on geospatial information management,</p>'
            '<p class="num"><span class="n">1.</span><i>Welcomes</i> the work of the Committee of Experts;</p>'
            '<p class="num"><span class="n">2.</span><i>Requests</i> the Committee of Experts to report to the '
            'Council at its 2027 session.</p>'
            '<p class="conclusion"><i>22nd plenary meeting<br/>5 June 2024</i></p>')
    facts = {"symbol": "E/RES/2024/3", "organ": "ecosoc", "date": "2024-06-10", "preamble": 1, "operative": 2,
             "title": "Strengthening institutional arrangements on geospatial information management",
             "number": "2024/3."}
    return page(masthead, body), facts


def secretary_generals_bulletin() -> tuple[str, dict]:
    """ST/SGB/2024/1: "Secretariat" in the masthead; "Secretary-General's bulletin" and a title;
    the promulgation; sections ("Section 1" over "Definitions"), paragraphs numbered 1.1, 1.2."""
    masthead = Masthead("ST/SGB/2024/1", organ="Secretariat", distribution="General", date="1 March 2024",
                        original=None, job="24-03991 (E)    010324", session=[])
    sections = [("Definitions", ["For the purposes of the present bulletin, \u201cstaff member\u201d means any "
                                 "person holding an appointment under the Staff Regulations and Rules.",
                                 "\u201cPersonal data\u201d means any information relating to an identified or "
                                 "identifiable individual."]),
                ("General provisions", ["Personal data shall be processed fairly and for specified purposes only.",
                                        "Staff members shall have access to their personal data held by the "
                                        "Organization."]),
                ("Final provisions", ["The present bulletin shall enter into force on 1 March 2024."])]
    parts = []
    for s, (heading, paragraphs) in enumerate(sections, 1):
        parts.append(f'<h3 class="section">Section {s}<br/>{heading}</h3>')
        parts += [f'<p class="num"><span class="n">{s}.{n}</span>{text}</p>' for n, text in enumerate(paragraphs, 1)]
    body = ('<h2 style="margin-top: 24pt">Secretary-General\u2019s bulletin</h2>'
            '<h1>Protection of personal data</h1>'
            '<p>The Secretary-General, for the purpose of establishing the principles for the protection of '
            'personal data processed by the Organization, promulgates the following:</p>'
            + "".join(parts)
            + '<p class="signed"><i>(Signed)</i> Ant\u00f3nio <b>Guterres</b><br/>Secretary-General</p>')
    facts = {"symbol": "ST/SGB/2024/1", "organ": "secretariat", "date": "2024-03-01",
             "title": "Protection of personal data", "sections": [h for h, _ in sections],
             "numbers": [f"{s}.{n}" for s, (_, ps) in enumerate(sections, 1) for n in range(1, len(ps) + 1)]}
    return page(masthead, body), facts


def letter_with_enclosure() -> tuple[str, dict]:
    """A letter transmitting another (its annex) which has a report enclosed: the signatories'
    names, titles and offices set right, each line apart; "Annex to the letter dated …" and
    "Enclosure" opening pages, each an attachment of the document."""
    masthead = Masthead("S/2025/612", organ="Security Council", distribution="General", date="2 October 2025",
                        job="25-15820 (E)    021025", session=[])
    body = ('<h2 style="margin-top: 24pt">Letter dated 30 September 2025 from the Secretary-General addressed '
            'to the President of the Security Council</h2>'
            '<p>I have the honour to transmit herewith a letter dated 26 September 2025 from the Director '
            'General of the International Atomic Energy Agency, conveying his report on the verification '
            'activities of the Agency (see annex).</p>'
            '<p>I should be grateful if you would bring the present letter and its annex to the attention of '
            'the members of the Security Council.</p>'
            '<p class="signed"><i>(Signed)</i> Ant\u00f3nio <b>Guterres</b></p>'
            '<h2 style="page-break-before: always">Annex to the letter dated 30 September 2025 from the '
            'Secretary-General addressed to the President of the Security Council</h2>'
            '<p>I have the honour to transmit to you my report on the verification activities of the Agency '
            'for the period from 1 July to 31 August 2025 (see enclosure).</p>'
            '<p class="signed"><i>(Signed)</i> Rafael Mariano <b>Grossi</b><br/>Director General<br/>'
            'International Atomic Energy Agency</p>'
            '<h2 style="page-break-before: always">Enclosure</h2>'
            '<h2>Verification activities of the International Atomic Energy Agency</h2>'
            '<p class="num"><span class="n">1.</span>The Agency continued to verify the non-diversion of '
            'declared nuclear material at the facilities and locations outside facilities declared.</p>'
            '<p class="num"><span class="n">2.</span>The Agency carried out 14 inspections and 3 design '
            'information verifications during the period.</p>')
    facts = {"symbol": "S/2025/612", "signatures": [["(Signed) Ant\u00f3nio Guterres"],
                                                    ["(Signed) Rafael Mariano Grossi", "Director General",
                                                     "International Atomic Energy Agency"]]}
    return page(masthead, body), facts


#: The notes at a page's foot under their rule (a float at the page's bottom).
NOTES_FOOT = '<div class="notes"><p>__________________</p>{notes}</div>'


def unnumbered_corrigendum() -> tuple[str, dict]:
    """E/2025/8/Corr.1: two corrections, unnumbered, each its place in italics over what to
    change there."""
    masthead = Masthead("E/2025/8/Corr.1", organ="Economic and Social Council", distribution="General",
                        date="20 March 2025", job="25-04410 (E)    200325",
                        session=["<b>2025 session</b>", "25 July 2024\u201330 July 2025", "Agenda item 12 (g)"])
    body = ('<h1>Report of the Committee for Development Policy on its twenty-seventh session</h1>'
            '<h3>Corrigendum</h3>'
            '<div class="corr">'
            '<p><i>Paragraph 12, third line</i></p>'
            '<p class="instr"><i>For</i> 2023 <i>read</i> 2024</p>'
            '<p><i>Annex I, table 3</i></p>'
            '<p class="instr"><i>Delete the last row</i></p>'
            '</div>')
    facts = {"symbol": "E/2025/8/Corr.1",
             "corrections": [["Paragraph 12, third line", "For 2023 read 2024"],
                             ["Annex I, table 3", "Delete the last row"]]}
    return page(masthead, body), facts


def report_with_contents() -> tuple[str, dict]:
    """A committee's report whose first page is its cover alone; the next opens with the report's
    date in brackets, set right, over its contents; the body starts on the page after."""
    masthead = Masthead("A/80/44", distribution="General", date="2 April 2025", job="25-05522 (E)    020425",
                        session=["<b>Eightieth session</b>", "Item 68 of the preliminary list"])
    entries = [("I.", "Organizational and other matters", 3), ("II.", "Follow-up procedure", 4),
               ("III.", "Adoption of the report", 4)]
    contents = "".join(f'<p class="toc">{n}&#x2003;{t} {" ." * 30}&#x2003;{pg}</p>' for n, t, pg in entries)
    body = ('<h1>Report of the Committee against Torture</h1>'
            '<h3>Seventy-ninth session (7\u201325 April 2025)</h3>'
            '<div style="page-break-before: always"><p class="right" style="font-style: normal">[28 March 2025]</p>'
            '<h2>Contents</h2>' + contents + '</div>'
            '<h2 style="page-break-before: always">I.&#x2003;Organizational and other matters</h2>'
            '<p class="num"><span class="n">1.</span>The Committee held its seventy-ninth session at the United '
            'Nations Office at Geneva from 7 to 25 April 2025.</p>'
            '<h2>II.&#x2003;Follow-up procedure</h2>'
            '<p class="num"><span class="n">2.</span>The Committee reviewed the follow-up reports of eight '
            'States parties.</p>'
            '<h2>III.&#x2003;Adoption of the report</h2>'
            '<p class="num"><span class="n">3.</span>The Committee adopted the present report on 25 April 2025.</p>')
    facts = {"symbol": "A/80/44", "date_line": "[28 March 2025]",
             # (dropped as furniture, and listed so by ``check -v``)
             "dropped": "Contents " + " ".join(f"{n} {t} {pg}" for n, t, pg in entries),
             "chapters": ["Organizational and other matters", "Follow-up procedure", "Adoption of the report"]}
    return page(masthead, body), facts


DOCUMENTS = {
    "A_C.3_79_L.12": draft_resolution,
    "A_79_L.5_Rev.1": lambda: draft_resolution("A/79/L.5/Rev.1", revised=True),
    "E_2025_L.10": draft_decision,
    "A_79_352_Corr.1": corrigendum,
    "A_79_PV.12": verbatim_record,
    "A_79_PV.13": lambda: verbatim_record("A/79/PV.13", rounds=4),
    "E_2025_SR.5": summary_record,
    "S_PV.9876": security_council_record,
    "A_79_150": provisional_agenda,
    "A_79_412": note_verbale,
    "S_RES_2719_2023": security_council_resolution,
    "S_PRST_2024_5": presidential_statement,
    "A_HRC_RES_55_1": human_rights_council_resolution,
    "E_RES_2024_3": ecosoc_resolution,
    "ST_SGB_2024_1": secretary_generals_bulletin,
    "S_2025_612": letter_with_enclosure,
    "E_2025_8_Corr.1": unnumbered_corrigendum,
    "A_80_44": report_with_contents,
}
