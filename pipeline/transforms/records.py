"""A meeting record read as a report (``doc`` of paragraphs) → AKN's ``debate`` of speeches.

Verbatim records (``A/79/PV.12``, ``S/PV.9876``) and summary records (``E/2025/SR.5``,
``A/C.3/79/SR.10``) are, in AKN4UN's Meeting Records class, a ``debate`` (FRBRsubtype
``record``, ``name="verbatimRecord"`` or ``"summaryRecord"``).  The readers find their paragraphs,
headings and cover as for any document; this step, run after the repairs (a turn cut by a
column or page break is whole again, its notes at their calls), gives them the structure a
reader, a screen reader and a translator need:

* ``preface``: the cover the reader found, then what the record prints before the meeting
  opens ("Held at Headquarters …", "President: …", the Security Council's members, its agenda,
  a summary record's contents), up to the first line of the meeting ("The meeting was called
  to order at 10 a.m.": ``readers.pages.CALLED_TO_ORDER``);
* ``debateBody`` of ``debateSection eId="dbsect_N" name="agendaItem"`` (or
  ``"proceedings"``), one per heading of the record (its ``heading``; a heading line right
  after another, an agenda item's title after "Agenda item 8", is its ``subheading``); what
  comes before the first heading is a section without one (``name="opening"``);
* a turn of speech — a paragraph opening with the speaker's name in bold, then the
  delegation or capacity in brackets and a colon in a verbatim record ("**Mr. Smith** (United
  Kingdom): …", "**Le Président** : …", "**主席**：…"), or the name and the delegation before
  the reported speech of a summary record ("**Mr. Hernández** (Mexico) said that …") — is a
  ``speech eId="dbsect_N__spch_M" by="#person_K" as="#role_J"``: its ``from`` holds those words
  as printed (bold kept), its ``p`` the rest; the paragraphs after it that open with no name
  are the same speaker's, until a heading, a procedural line or another speaker;
* a procedural line, set in italics alone ("The meeting was called to order at 10.05 a.m.",
  "A vote was taken by show of hands.", "The meeting rose at 1.10 p.m."), is a ``narrative``;
* the paragraphs of a summary record keep their numbers: each is a ``blockContainer
  eId="para_N"`` (``num``, then its ``p``; a list in it is AKN's ``blockList``), in its speech
  or, procedural, in its section with ``class="narrative"``.

Each speaker is a ``TLCPerson`` of ``meta/references`` (``showAs`` the name as printed) and
each capacity a ``TLCRole`` (the delegation's name, or the presiding officer's title); the
presiding officer's turns ("The President:") are by the President the cover names, while no
one else has taken the Chair.  Nothing is added or dropped: every word stays in its order.
"""

from __future__ import annotations

import re
import urllib.parse

from lxml import etree

from ..model import PL, A, E, akn, local, xpath
from . import Context

#: A record's symbol: a verbatim record (PV.) or a summary record (SR.), of any organ.
RECORD_SYMBOL = re.compile(r"/(?:PV|SR)\.\d")

#: What follows a verbatim record's speaker in bold: brackets (the delegation, "(spoke in
#: French)", "(говорит по-английски)") and the colon, in any of the six languages.
VERBATIM_TAIL = re.compile(r"^[\s\u00a0\u202f]*((?:[(（][^()（）]{1,120}[)）][\s\u00a0\u202f]*)*)[:：]")
#: What follows a summary record's speaker in bold: the delegation in brackets, if any.
SUMMARY_TAIL = re.compile(r"^[\s\u00a0\u202f]*((?:[(（][^()（）]{1,120}[)）])?)")
#: A bracket that says in which language the speaker spoke, not for whom.
SPOKE_IN = re.compile(r"spoke in|parle en|habla en|говорит по|تكلم|发言|interpretation", re.I)
#: The presiding officer's titles, as the record prints them before a turn.
PRESIDING = re.compile(
    r"^(?:The (?:Acting |Temporary )?(?:President|Chair|Chairman|Chairperson|Co-Chair)|"
    r"(?:Le|La) (?:Président|Présidente|Coprésident|Coprésidente)(?: par intérim)?|"
    r"(?:El|La) (?:Presidente|Presidenta|Copresidente|Copresidenta)(?: interin[oa])?|"
    r"(?:Исполняющ\w+ обязанности )?(?:Председател\w*|Сопредседател\w*)|(?:代理)?(?:主席|共同主席)|"
    r"(?:ال)?(?:رئيس|رئيسة|الرئيس بالنيابة|الرئيسة بالنيابة)\S*)$")
#: The cover's line naming the President ("President: Mr. Yang . . . (Cameroon)").
PRESIDENT_LINE = re.compile(r"^(?:President|Chair|Chairman|Chairperson|Président|Présidente|Presidente|Presidenta|"
                            r"Председатель|主席|الرئيس|الرئيسة)"
                            r"\s*[:：]\s*(?P<name>[^()（）]+?)[\s.\u2026]*[(（](?P<where>[^()（）]+)[)）]")
#: A summary record's list of what the meeting considered, in its cover.
CONTENTS = re.compile(r"^(?:Contents|Table des matières|Sommaire|Índice|Sumario|Содержание|目录|المحتويات)$")
#: A procedural line announcing that someone else presides from now on.
TAKES_CHAIR = re.compile(r"took the Chair|assume la présidence|ocupa la Presidencia|занимает место Председателя|"
                         r"تولى الرئاسة|主持会议", re.I)
#: The opening of the line saying who takes the Chair in the President's absence.
ABSENCE = re.compile(r"^(?:In the absence of the President|En l.absence d[ue] (?:Président|Présidente)|"
                     r"En ausencia (?:del Presidente|de la Presidenta)|В отсутствие Председателя)")
#: Who takes the Chair: "In the absence of the President, Mr. X (Country), Vice-President, took the Chair."
TAKER = re.compile(r"^(?:In the absence of the \w+, |En l.absence d[eu] \w+, |En ausencia del? \w+, )?"
                   r"(?P<name>[^,()]{2,60}?)\s*\((?P<where>[^()]+)\)")
#: The presiding officer back in the Chair ("The President returned to the Chair.").
RETURNS_TO_CHAIR = re.compile(r"returned to the Chair|reprend la présidence|vuelve a ocupar la Presidencia|"
                              r"вновь занимает место Председателя", re.I)
#: A heading that names an agenda item ("Agenda item 8 (continued)", "Point 8 de l'ordre du jour").
AGENDA_ITEM = re.compile(r"agenda items?\s+\d|points? \d+\w* de l.ordre du jour|temas? \d+\w* del programa|"
                         r"пункт\w* \d+\w* повестки|البند \d+|البنود|议程项目", re.I)
#: The cover's heading of the meeting's agenda ("Agenda", a summary record's "Contents").
AGENDA = re.compile(r"^(?:Agenda|Provisional agenda|Ordre du jour|Orden del día|Programa|Повестка дня|"
                    r"جدول الأعمال|议程)$", re.I)


#: A speaker's title of address, before the name, in the six languages (a text extract has no
#: bold to tell where a turn's speaker is: these and the colon do).
HONORIFIC = (r"(?:(?:Mrs|Mr|Ms|Miss|Dr|Sir|Dame|Lord|Lady|Archbishop|Cardinal|Monsignor|Prince|Princess|"
             r"King|Queen|Sheikh|Sheikha|Mme|Mlle|Sr|Sra|Srta|Dña?|H\.E|S\.E)\.?|M\.|Monsieur|Madame|Señor|Señora|"
             r"President|Vice-President|Prime Minister|Crown Prince|Emir|Amir|Chancellor|Président|Présidente|"
             r"Presidente|Presidenta|Президент|"
             r"Г-н|Г-жа|Гн|Гжа|السيد|السيدة|سمو|معالي)")
#: A speaker who is named by office (the presiding officer, the Secretary-General …).
OFFICE = (r"(?:The (?:Acting |Temporary )?(?:President|Chair|Chairman|Chairperson|Co-Chair|Vice-President|"
          r"Secretary-General|Deputy Secretary-General|Secretary)|(?:Le|La) (?:Président|Présidente|"
          r"Coprésident|Coprésidente|Secrétaire générale?|Vice-Président|Vice-Présidente)(?: par intérim)?|"
          r"(?:El|La) (?:Presidente|Presidenta|Secretario General|Secretaria General)(?: interin[oa])?|"
          r"(?:Исполняющ\w+ обязанности )?(?:Председател\w*|Сопредседател\w*)|Генеральн\w+ секретар\w+|"
          r"(?:代理)?(?:主席|共同主席)|秘书长|(?:ال)?(?:رئيس|رئيسة)(?: بالنيابة)?|الأمين العام)")
#: A verbatim record's turn in plain text: a title and a name (no sentence in it), brackets, a colon.
TEXT_TURN = re.compile(rf"^(?P<name>{OFFICE}|{HONORIFIC}[\s\u00a0][^\s:：()（）.!?;,][^:：()（）!?;]{{0,60}}?|"
                       r"[\u4e00-\u9fff·]{1,12}(?:先生|女士))"
                       r"(?P<brackets>(?:[\s\u00a0\u202f]*[(（][^()（）]{1,120}[)）])*)[\s\u00a0\u202f]*[:：]")
#: A summary record's turn in plain text: a title and a name, then its delegation in brackets
#: ("Mr. Hernández (Mexico) said that …"), or an office alone ("The President said that …").
SUMMARY_TEXT_TURN = re.compile(rf"^(?:(?P<office>{OFFICE})(?=\s*[,(（]|\s+\w)|(?P<name>{HONORIFIC}[\s\u00a0][^\s:：()（）.!?;,]"
                               r"[^:：()（）!?;,]{0,60}?)(?=[\s\u00a0]*[(（]))"
                               r"(?P<brackets>(?:[\s\u00a0\u202f]*[(（][^()（）]{1,120}[)）])?)")
#: A procedural line in plain text (a text extract has no italics): the meeting's opening, its
#: suspension, resumption and close, a vote taken, the agenda adopted, the Chair taken.
PROCEDURAL = re.compile(
    r"^(?:The meeting (?:was called to order|was opened|was suspended|was resumed|rose|was adjourned)\b|"
    r"The agenda was adopted|A (?:recorded )?vote was taken|.{1,80} (?:took|returned to) the Chair|"
    r"In the absence of the President|.{1,120}, was escorted (?:into|from) the |"
    r"La séance est (?:ouverte|suspendue|reprise|levée)|L.ordre du jour est adopté|Il est procédé au vote|"
    r"En l.absence d[ue] Président|.{1,120}, est escorté\w* (?:dans|hors de) la salle|"
    r"Se (?:abre|suspende|reanuda|levanta) la sesión|Queda aprobado el orden del día|Se procede a votación|"
    r"Заседание (?:открывается|прерывается|возобновляется|закрывается)|Повестка дня утверждается|"
    r"Проводится (?:заносимое в отчет о заседании )?голосование|"
    r"(?:افتتحت|علقت|استؤنفت|رفعت) الجلسة|أقر جدول الأعمال|"
    r"(?:上午|下午)\s*\d{1,2}\s*时(?:\s*\d{1,2}\s*分)?(?:开会|复会|散会|休会)|议程通过)")
#: The words of a procedural line that may stand at the end of a line of an extract, after a
#: line of it that they continue ("(Japan), Vice-President, took the Chair.").
PROCEDURAL_WITHIN = re.compile(r"(?:took|returned to) the Chair|, was escorted|est escorté|assume la présidence|"
                               r"reprend la présidence|ocupa la Presidencia|занимает место Председателя")
#: An agenda item's heading line ("Agenda item 8 (continued)"), alone on its line.
AGENDA_ITEM_LINE = re.compile(r"^(?:Agenda items? \d+[\w ,and()]*|Points? \d+[\w ,et()]* de l.ordre du jour(?: \(suite\))?|"
                              r"Temas? \d+[\w ,y()]* del programa(?: \(continuación\))?|"
                              r"Пункты? \d+[\w ,и()]* повестки дня(?: \(продолжение\))?|"
                              r"البنود? \d+.{0,40}من جدول الأعمال.{0,20}|议程项目\s*\d+.{0,20})$")


#: Lower-case words a person's name may hold ("Mr. De la Fuente", "Mr. bin Ali").
NAME_PARTICLES = {"de", "da", "del", "della", "di", "do", "dos", "das", "du", "des", "van", "von", "der", "den",
                  "ter", "ten", "al", "el", "bin", "ibn", "bint", "y", "la", "le", "zu", "e", "et"}


def text_speaker(text: str, summary: bool = False) -> re.Match | None:
    """The speaker that a record's paragraph of plain text opens with: a ``TEXT_TURN`` (or
    ``SUMMARY_TEXT_TURN``) match whose name is a name (its words capitalised, particles aside:
    not "Mr. Smith said:")."""
    m = (SUMMARY_TEXT_TURN if summary else TEXT_TURN).match(text)
    if m is None:
        return None
    name = m.group("name") or ""
    words = re.sub(rf"^{HONORIFIC}[\s\u00a0]", "", name).split()
    if any(w[:1].islower() and w not in NAME_PARTICLES for w in words):
        return None
    return m


#: The headings every meeting of a council prints that its agenda does not list.
STANDARD_HEADING = re.compile(r"^(?:Adoption of the agenda|Adoption de l.ordre du jour|Aprobación del orden del día|"
                              r"Утверждение повестки дня|إقرار جدول الأعمال|通过议程)$"
                              # A head of State's or Government's address ("Address by Mr. William Ruto, …").
                              r"|^(?:Address by|Allocution de|Discurso (?:de|del)|Выступление) \S.{0,200}$")


def opens_record_paragraph(text: str, summary: bool = False) -> str | None:
    """What a line of a record's text extract begins, if it begins a paragraph whatever the line
    before: ``"turn"``, ``"procedural"``, ``"agendaItem"`` (a heading the item's title may follow),
    ``"heading"`` or ``"cover"`` (the cover's "President: …"); None."""
    text = text.strip()
    if AGENDA_ITEM_LINE.match(text):
        return "agendaItem"
    if STANDARD_HEADING.match(text):
        return "heading"
    if PRESIDENT_LINE.match(text) or re.match(r"^(?:President|Président|Présidente|Presidente|Presidenta|"
                                              r"Председатель|主席|الرئيس)\s*[:：]", text):
        return "cover"
    if PROCEDURAL.match(text) or called_to_order(text):
        return "procedural"
    if text_speaker(text, summary):
        return "turn"
    return None


def opens_meeting(text: str, previous: str | None = None) -> bool:
    """The record's first line of the meeting, which ends its cover: "The meeting was called to
    order at …", or before it "In the absence of the President, Mr. X (…) took the Chair".  Given
    the line before (a text extract's lines), words that say who took the Chair open it only
    after a sentence's end (not "(Japan), Vice-President, took the Chair." going on with a line)."""
    if called_to_order(text) or ABSENCE.match(text):
        return True
    return len(text) < 250 and bool(TAKES_CHAIR.search(text)) and (
        previous is None or previous.rstrip().endswith((".", ")", ":")) and not previous.rstrip().endswith(","))


def called_to_order(text: str) -> bool:
    """"The meeting was called to order at 10 a.m." and its forms in the six languages (the rule
    the page normaliser ends a record's cover by)."""
    from ..readers.pages import CALLED_TO_ORDER
    return bool(CALLED_TO_ORDER.match(text))


def is_record(tree: etree._ElementTree) -> bool:
    """A record as the readers make it: a ``debate`` with a ``mainBody`` of paragraphs."""
    doc = tree.getroot()[0]
    return doc.tag == akn("debate") and doc.find(akn("mainBody")) is not None


def read_debate(tree: etree._ElementTree, ctx: Context) -> None:
    """Step 2, last: a verbatim or summary record's ``doc`` becomes its ``debate``."""
    if not is_record(tree):
        return
    doc = tree.getroot()[0]
    body = doc.find(akn("mainBody"))
    if body is None:
        return
    summary = "/SR." in xpath(doc, "string(a:meta/a:proprietary/pl:document/@symbol)")
    builder = _DebateBuilder(doc, summary)
    builder.run(body)
    ctx.reporter.info("record-read-as-debate",
                      f"the {'summary' if summary else 'verbatim'} record was read as a debate: "
                      f"{builder.sections} sections, {builder.speeches} speeches by "
                      f"{len(builder.people)} speakers, {builder.narratives} procedural lines",
                      ctx.pos(body))


def _plain(el: etree._Element) -> str:
    return " ".join("".join(el.itertext()).split())


def _only_italic(p: etree._Element) -> bool:
    """A line set in italics alone (punctuation aside): a procedural line."""
    if (p.text or "").strip() or not len(p):
        return False
    for child in p:
        if child.tag != akn("i") or re.search(r"\w", child.tail or ""):
            return False
    return True


class _DebateBuilder:
    def __init__(self, doc: etree._Element, summary: bool) -> None:
        self.doc = doc
        self.summary = summary
        self.references = doc.find(f"{A}meta/{A}references")
        self.people: dict[tuple[str, str], str] = {}
        self.roles: dict[str, str] = {}
        self.president: str | None = None      # the TLCPerson of the cover's President
        self.presiding: str | None = None      # who presides now
        self.sections = self.speeches = self.narratives = 0
        self.section: etree._Element | None = None
        self.speech: etree._Element | None = None
        self.fonts = True
        self.cover_text = " "
        self.title_of: etree._Element | None = None    # a section whose agenda item's title may follow

    # -------------------------------------------------------------- the walk
    def run(self, body: etree._Element) -> None:
        items = self.flatten(body)
        # Fonts: the source told bold and italics (a PDF, a Word file), and the record sets its
        # speakers in bold; else (a text extract) speakers, procedural lines and agenda items are
        # told by their words.
        self.fonts = any(b.tag == akn("p") and not (b.text or "").strip() and len(b) and b[0].tag == akn("b")
                         for kind, el in items if kind == "block" for b in self.blocks_of(el)[:1])
        opening = next((i for i, (kind, el) in enumerate(items) if kind == "block" and opens_meeting(_plain(el))),
                       None)
        preface = self.doc.find(akn("preface"))
        if preface is not None:
            # The cover may run on into the meeting ("The meeting was called to order …", or the
            # Vice-President taking the Chair before it, read as cover lines): from that line
            # on, it is the meeting's.
            start = next((i for i, el in enumerate(preface) if el.tag == akn("p") and opens_meeting(_plain(el))),
                         None)
            if start is not None:
                moved = list(preface)[start:]
                for el in moved:
                    preface.remove(el)
                items = [("block", el) for el in moved] + items
                opening = 0
        if opening:
            if preface is None:
                preface = E("preface")
                body.addprevious(preface)
            box = None
            for kind, el in items[:opening]:
                block = self.cover_block(kind, el)
                if box is not None and kind == "block":
                    box.extend(block if block.tag == akn("container") else [block])
                    continue
                preface.append(block)
                box = block if kind == "heading" else None
            items = items[opening:]
        if preface is not None:
            self.find_president(preface)
            self.cover_text = " " + " ".join(_plain(p) for p in preface.iter(akn("p"))
                                             if p.getparent().tag != akn("longTitle")) + " "
        self.presiding = self.president
        debate_body = E("debateBody")
        for attr in (PL + "line", PL + "col", PL + "page"):
            if body.get(attr):
                debate_body.set(attr, body.get(attr))
        self.debate_body = debate_body
        for kind, el in items:
            if kind == "heading":
                self.open_section(el)
            else:
                self.block(el)
        if not len(debate_body):
            self.new_section("opening")
        body.addprevious(debate_body)
        body.getparent().remove(body)
        self.doc.set("name", "summaryRecord" if self.summary else "verbatimRecord")

    def flatten(self, el: etree._Element) -> list[tuple[str, etree._Element]]:
        """The body's headings and paragraph-level blocks, in reading order."""
        out = []
        for child in el:
            if not isinstance(child.tag, str):
                continue
            if child.tag in (akn("hcontainer"), akn("section"), akn("title"), akn("chapter"), akn("part")):
                out.append(("heading", child))
                out.extend(self.flatten(child))
            elif child.tag in (akn("num"), akn("heading"), akn("subheading")):
                continue
            else:
                out.append(("block", child))
        return out

    def cover_block(self, kind: str, el: etree._Element) -> etree._Element:
        """A line of the record's cover before the meeting opens, as a preface block."""
        if kind == "heading":
            # "Agenda", "Contents": a container headed by it, its lines following.
            heading = el.find(akn("heading"))
            p = E("p", class_="heading")
            p.text, p[:] = heading.text, list(heading)
            box = E("container", p, name="agenda" if AGENDA.match(_plain(heading)) else "contents")
            return box
        blocks = self.blocks_of(el)
        if len(blocks) == 1 and blocks[0].tag == akn("p"):
            return blocks[0]
        return E("container", *blocks, name="cover")

    def blocks_of(self, paragraph: etree._Element) -> list[etree._Element]:
        """A paragraph's blocks (its content's ``p``; a list as AKN's ``blockList``)."""
        if paragraph.tag != akn("paragraph"):
            return [paragraph]
        out = []
        for child in paragraph:
            if child.tag == akn("content"):
                out.extend(child)
            elif child.tag in (akn("list"), akn("sublist")):
                out.extend(block_list(child))
            elif child.tag != akn("num"):
                out.append(child)
        return out

    def listed_in_cover(self, text: str) -> bool:
        """Is ``text`` a short line (no sentence) that the cover lists (its agenda, a summary
        record's contents)?  In the meeting, such a line alone heads its section."""
        return 0 < len(text) <= 150 and not re.search(r"[.:;!?。：]$", text) and f" {text} " in self.cover_text

    def find_president(self, preface: etree._Element) -> None:
        for p in preface.iter(akn("p")):
            m = PRESIDENT_LINE.match(_plain(p))
            if m:
                name = m.group("name").strip(" .")
                self.president = self.person(name, m.group("where").strip())
                return

    # -------------------------------------------------------------- sections
    def new_section(self, name: str) -> etree._Element:
        self.sections += 1
        self.section = E("debateSection", name=name, eId=f"dbsect_{self.sections}")
        self.debate_body.append(self.section)
        self.speech = None
        return self.section

    def open_section(self, el: etree._Element) -> None:
        heading = el.find(akn("heading"))
        if heading is None:
            return
        section = self.section
        if section is not None and len(section) == 1 and section[0].tag == akn("heading") \
                and el.find(akn("num")) is None:
            # A heading right after another: the agenda item's title under "Agenda item 8".
            heading.tag = akn("subheading")
            section.append(heading)
            return
        section = self.new_section("agendaItem" if AGENDA_ITEM.search(_plain(heading)) else "proceedings")
        for attr in (PL + "line", PL + "col", PL + "page"):
            if el.get(attr):
                section.set(attr, el.get(attr))
        num = el.find(akn("num"))
        if num is not None:
            section.append(num)
        section.append(heading)

    # -------------------------------------------------------------- turns
    def block(self, el: etree._Element) -> None:
        if self.section is None:
            self.new_section("opening")
        numbered = el.tag == akn("paragraph") and el.find(akn("num")) is not None
        blocks = self.blocks_of(el)
        first = blocks[0] if blocks and blocks[0].tag == akn("p") else None
        title, self.title_of = self.title_of, None
        if first is not None and not self.fonts and len(blocks) == 1 and not numbered:
            text = _plain(first)
            if (self.listed_in_cover(text) or STANDARD_HEADING.match(text)) and not len(first):
                # The title of an item the cover lists, alone on its line: its section's heading.
                self.new_section("agendaItem" if AGENDA_ITEM.search(text) else "proceedings").append(
                    E("heading", text))
                self.copy_pos(el, self.section)
                return
            if AGENDA_ITEM_LINE.match(text):
                # "Agenda item 8 (continued)" alone: a section's heading, the item's title after it.
                heading = E("heading")
                heading.text, heading[:] = first.text, list(first)
                self.new_section("agendaItem").append(heading)
                self.copy_pos(el, self.section)
                self.title_of = self.section
                return
            if title is not None and len(text) <= 150 and not re.search(r"[.:;!?。：]$", text) \
                    and self.speaker_text(text) is None:
                sub = E("subheading")
                sub.text, sub[:] = first.text, list(first)
                title.append(sub)
                return
        procedural = first is not None and (_only_italic(first) if self.fonts else (
            not len(first) and bool(PROCEDURAL.match(_plain(first)) or called_to_order(_plain(first)))))
        if procedural and len(blocks) == 1:
            self.narratives += 1
            self.speech = None
            said = _plain(first)
            if TAKES_CHAIR.search(said):
                # Who presides from now on: the one the line names, else no one known.
                taker = TAKER.match(said)
                self.presiding = self.person(taker.group("name").strip(), taker.group("where").strip()) \
                    if taker else None
            elif RETURNS_TO_CHAIR.search(said):
                self.presiding = self.president
            if numbered:
                self.section.append(self.numbered(el, blocks, class_="narrative"))
            else:
                narrative = E("narrative")
                narrative.text, narrative[:] = first.text, list(first)
                self.copy_pos(el, narrative)
                self.section.append(narrative)
            return
        speaker = self.speaker(first) if first is not None else None
        if speaker is not None:
            self.speeches += 1
            number = len(self.section.findall(akn("speech"))) + 1
            self.speech = E("speech", eId=f"{self.section.get('eId')}__spch_{number}",
                            by=f"#{speaker[1]}", **({"as_": f"#{speaker[2]}"} if speaker[2] else {}))
            self.copy_pos(el, self.speech)
            self.speech.append(speaker[0])
            self.section.append(self.speech)
        target = self.speech if self.speech is not None else self.section
        if numbered:
            target.append(self.numbered(el, blocks))
        else:
            target.extend(blocks)

    def numbered(self, el: etree._Element, blocks: list, class_: str | None = None) -> etree._Element:
        box = E("blockContainer", el.find(akn("num")), *blocks, eId=el.get("eId"), class_=class_)
        self.copy_pos(el, box)
        return box

    def speaker_text(self, text: str) -> re.Match | None:
        return text_speaker(text, self.summary)

    @staticmethod
    def copy_pos(source: etree._Element, target: etree._Element) -> None:
        for attr in (PL + "line", PL + "col", PL + "page"):
            if source.get(attr):
                target.set(attr, source.get(attr))

    def speaker(self, p: etree._Element) -> tuple[etree._Element, str, str | None] | None:
        """The turn a paragraph opens: its ``from`` (moved out of ``p``), the speaker's and the
        capacity's reference ids; None when it opens with no speaker.  With fonts, the speaker is
        the bold run the paragraph opens with; in a text extract (no bold anywhere in the record),
        the title and name before the brackets and colon (:func:`text_speaker`)."""
        if self.fonts:
            if (p.text or "").strip() or not len(p) or p[0].tag != akn("b"):
                return None
            bold = p[0]
            name = _plain(bold)
            if not name or len(name) > 80 or len(bold):
                return None
            # What follows the name: its tail and the inlines after it ("(<i>spoke in French</i>):").
            tail = (bold.tail or "") + "".join("".join(c.itertext()) + (c.tail or "") for c in p[1:])
            if name.endswith((":", "：")) and not self.summary:
                brackets, end = "", 0
                name = name.rstrip(":： \u00a0")
            else:
                m = (SUMMARY_TAIL if self.summary else VERBATIM_TAIL).match(tail)
                if m is None or self.summary and not tail[m.end():].strip():
                    return None
                brackets, end = m.group(1), m.end()
        else:
            tail = p.text or ""
            m = text_speaker(tail, self.summary)
            if m is None:
                return None
            bold = None
            name = (m.groupdict().get("office") or m.group("name") or "").strip()
            brackets, end = m.group("brackets") or "", m.end()
        inner = re.match(r"^(.*?)\s*[(（]([^()（）]+)[)）]$", name)     # "Mr. Smith (United Kingdom)" in bold
        capacity = inner.group(2).strip() if inner else None
        person_name = inner.group(1).strip() if inner else name
        for bracket in re.findall(r"[(（]([^()（）]+)[)）]", brackets):
            if capacity is None and not SPOKE_IN.search(bracket):
                capacity = bracket.strip()
        if not person_name or re.search(r"[.!?。]$", person_name) and not re.search(r"\b(?:Mr|Ms|Mrs|Dr|M|Mme)\.$",
                                                                                    person_name):
            return None
        if bold is not None:
            frm = cut_before(p, len("".join(bold.itertext())) + end)
            if frm is None:
                return None         # (the colon inside an inline element: not a speaker's line)
        else:
            frm = E("from")
            frm.text = tail[:end].rstrip()
            p.text = tail[end:].lstrip()
        office = re.fullmatch(OFFICE, person_name) is not None and capacity is None
        if office and PRESIDING.match(person_name):
            role = self.role(person_name, "presidingOfficer")
            by = self.presiding or self.person(person_name, "")
        elif office:
            role = self.role(person_name, "office")
            by = self.person(person_name, "")
        else:
            role = self.role(capacity, "delegation") if capacity else None
            by = self.person(person_name, capacity or "")
        return frm, by, role

    # -------------------------------------------------------------- references
    def person(self, name: str, capacity: str) -> str:
        key = (name, capacity)
        if key not in self.people:
            eid = f"person_{len(self.people) + 1}"
            self.people[key] = eid
            shown = f"{name} ({capacity})" if capacity else name
            self.add_reference(E("TLCPerson", eId=eid, href="/akn/ontology/person/un/" + _iri(shown), showAs=shown))
        return self.people[key]

    def role(self, capacity: str, kind: str) -> str:
        if capacity not in self.roles:
            eid = f"role_{len(self.roles) + 1}"
            self.roles[capacity] = eid
            self.add_reference(E("TLCRole", eId=eid, href=f"/akn/ontology/role/un/{kind}/" + _iri(capacity),
                                 showAs=capacity))
        return self.roles[capacity]

    def add_reference(self, el: etree._Element) -> None:
        # AKN's references list its TLCs in any order; ours go after the document's own.
        self.references.append(el)


def cut_before(p: etree._Element, offset: int) -> etree._Element | None:
    """A ``from`` holding the first ``offset`` characters of ``p`` (text and whole inline
    elements: the speaker in bold, "(<i>spoke in French</i>)", the colon), moved out of it; the
    white space between them left out.  None, and ``p`` untouched, when the offset falls inside
    an inline element."""
    parts: list[tuple[etree._Element | None, int]] = []      # (child or None for p.text, its length)
    pos = len(p.text or "")
    if offset > pos:
        for index, child in enumerate(p):
            size = len("".join(child.itertext()))
            if pos < offset < pos + size:
                return None
            pos += size
            if offset <= pos + len(child.tail or ""):
                parts.append((child, offset - pos))
                break
            pos += len(child.tail or "")
        else:
            return None
    frm = E("from")
    if offset <= len(p.text or ""):
        frm.text = (p.text or "")[:offset].rstrip()
        p.text = (p.text or "")[offset:].lstrip()
        return frm
    frm.text = p.text
    last, at = parts[0]
    rest = (last.tail or "")[at:]
    for child in list(p):
        frm.append(child)           # (moves it with its tail)
        if child is last:
            break
    last.tail = (last.tail or "")[:at].rstrip() or None
    p.text = rest.lstrip()
    return frm


def _iri(text: str) -> str:
    return urllib.parse.quote(re.sub(r"\s+", "_", text.strip()), safe="_.-()")


def block_list(lst: etree._Element) -> list[etree._Element]:
    """A paragraph's ``list`` (``intro``, ``point``, ``sublist``, ``wrapUp``) → AKN's block list
    (``blockList`` of ``item``, with ``listIntroduction``/``listWrapUp``), for a block container."""
    out = E("blockList", eId=lst.get("eId"))
    after: list[etree._Element] = []
    for child in lst:
        if not isinstance(child.tag, str):
            continue
        name = local(child)
        if name == "intro":
            if (intro := _as_inline_block(child, "listIntroduction")) is not None:
                out.append(intro)
            else:
                after.extend(child)       # (several blocks: before the list, as they are)
        elif name == "point":
            item = E("item", eId=child.get("eId"))
            for part in child:
                if part.tag == akn("content"):
                    item.extend(part)
                else:
                    item.append(part)
            out.append(item)
        elif name == "sublist" and len(out) and out[-1].tag == akn("item"):
            out[-1].extend(block_list(child))
        elif name == "wrapUp":
            if (wrap := _as_inline_block(child, "listWrapUp")) is not None:
                out.append(wrap)
            else:
                return [*after, out, *child]
    return [*after, out]


def _as_inline_block(part: etree._Element, name: str) -> etree._Element | None:
    """An ``intro``/``wrapUp`` holding one ``p`` → element ``name`` with that paragraph's
    content; None when it holds anything else."""
    if len(part) != 1 or part[0].tag != akn("p"):
        return None
    block = E(name)
    block.text, block[:] = part[0].text, list(part[0])
    return block
