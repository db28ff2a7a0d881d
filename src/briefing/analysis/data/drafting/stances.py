"""Positions from reporting verbs: who demanded, rejected, opposed, warned or said what, with a
suggested issue. The verb (or, after 'said', the words it reports) gives the stance; the clause's
subject gives the actor, a passive's 'by' phrase too; a subject the text does not name gives no row.
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Any

from briefing.analysis.data.drafting import fit
from briefing.analysis.data.drafting.known import Known, Mention
from briefing.analysis.data.drafting.names import ANALYST_ROLES
from briefing.analysis.data.drafting.subjects import NEW_ACTOR, Subjects, actor_of
from briefing.analysis.data.drafting.text import Candidate, Span, inside, same_stem, sentence_of
from briefing.analysis.data.validate import Table

#: Reporting and stance verbs in their printed forms, by the stance they express.
VERBS = {
    "demand": r"demand(?:s|ed|ing)?|call(?:s|ed)? (?:for|on|upon)|urge[sd]?|urging|press(?:es|ed)? for|request(?:s|ed)(?!\s+anonymity)|"
    r"renew(?:s|ed)?\s+(?:his|her|its|their)\s+call",
    "oppose": r"oppose[sd]?|opposing|reject(?:s|ed|ing)?|condemn(?:s|ed)?|denounce[sd]?|decr(?:y|ies|ied)|"
    r"(?:slam(?:s|med)|lambast(?:s|ed))(?=\s+(?:\S+\s+){0,4}?(?:decision|remarks?|comments?|move|plan|bid|"
    r"demands?|statement|polic(?:y|ies)|claims?|call|proposal|offer|threats?|idea|stance|position)\b)|refuse[sd]?|bristled? at|"
    r"criticis(?:e|es|ed|ing)|criticiz(?:e|es|ed|ing)|object(?:s|ed)? to|dismiss(?:es|ed)?|signall?(?:s|ed|led)? opposition|"
    r"(?:came|coming|come) down hard on|rul(?:e[sd]?|ing) out|disput(?:e[sd]?|ing)(?=\s+(?:the|this|that|these|those|a|an|any|such|his|her|its|their|claims?|reports?|allegations?|accounts?)\b)|(?:deliver(?:s|ed|ing)?|issu(?:e[sd]?|ing))\s+an?\s+(?:\w+\s+)?(?:refusal|rejection)",
    "support": r"support(?:s|ed)?|welcome[sd]?|endorse[sd]?|favou?r(?:s|ed)?|prefer(?:s|red)?|backed|backs|praise[sd]?",
    "recognise": r"recogni[sz]e[sd]?",
    "upgrade": r"upgrade[sd]?",
    "deny": r"den(?:y|ies|ied)",
    "allege": r"accuse[sd]?|allege[sd]?|blame[sd]?|attribute[sd]? to",
    "warn": r"warn(?:s|ed)?|threaten(?:s|ed)?|issu(?:e[sd]?|ing)\s+an?\s+(?:\w+\s+)?warning",
    "fear": r"fear(?:s|ed)?|worr(?:y|ies|ied) about",
    "agree": r"agree[sd]?",
    "commit": r"pledge[sd]?|vow(?:s|ed)?|promise[sd]?|offer(?:s|ed)?",
    "say": r"said|says|saying|calling|told|stated|stating|confirm(?:s|ed)|(?<!\bwas\s)(?<!\bis\s)(?<!\bbe\s)(?<!\bbeen\s)(?<!\bwere\s)(?:remind(?:s|ed)|justif(?:y|ies|ied)(?=\s+(?:the|his|her|its|their|this|that|a|an)\b)|"
    r"referred\s+to(?!\s+as\b)|assure[sd](?=\s+(?:that\b|[A-Z]|the\s|reporters|journalists)))|argue[sd]?|stress(?:es|ed)|declare[sd]|announce[sd]|cite[sd]|added|"
    r"insist(?:s|ed)?|comment(?:s|ed)?|repeat(?:s|ed)?|claim(?:s|ed)?|note[sd]|"
    r"indicate[sd]|reveal(?:s|ed)|emphasi[sz]e[sd]|elaborated|characteri[sz]ed|wrote|signall?(?:ed|ing)|"
    r"(?:released|issued)(?=\s+(?:a|an)\s+(?:\w+\s+)?statement)|expressed(?=\s+(?:\w+\s+)?(?:hope|concern|regret|interest|"
    r"support|opposition|confidence|satisfaction|disappointment|appreciation|gratitude|thanks|desire|wish|willingness|"
    r"readiness|condolences|solidarity))|"
    r"demurred|explained|replied|suggest(?:s|ed)|lament(?:s|ed)|highlighted|underscor(?:ed|es|ing)|labell?ed|declaring|stressing|noting|emphasi[sz]ing|asserting(?=\s+that\b)|float(?:s|ed)|made\s+(?:it\s+)?clear|telling|arguing|adding(?=\s+that\b)|report(?:s|ed)(?=\s+(?:(?:on\s+\w+\s+)?that|this|it)\b)|made\s+(?:it\s+)?public|spoken?(?=\s+(?:of|about)\b)|underlin(?:e[sd]|ing)|outlin(?:e[sd]|ing)|reiterat(?:e[sd]?|ing)|referenced|documented|thanked|credited|reaffirm(?:s|ed)?|(?<=, )claiming|hinted(?=\s+at\b)|"
    r"described(?=\s+(?:[\w’'-]+\s+){1,12}as\b)|"
    r"posted(?=\s+on\s+(?:his|her|their|its)\s+(?:[\w-]+\s+){0,3}(?:platform|account|page|channel|feed))|"
    r"(?:maintain(?:s|ed)?|assert(?:s|ed)?|respond(?:s|ed)?)(?=\s+(?:that\b|[“\"]|:))|"
    r"posted(?=\s+on\s+(?:social|X\b|Twitter|Facebook|Telegram))|"
    r"voiced(?=\s+(?:\w+\s+){0,2}(?:disapproval|support|opposition|concern|anger|frustration))|"
    r"shared(?=\s+(?:on\s+(?:social|X\b|Twitter|Facebook|Telegram)|an?\s+(?:part|post|message|statement|video|poem)))",
}
VERB = re.compile(r"(?<![\w-])(?:" + "|".join(f"(?P<{k}>{v})" for k, v in VERBS.items()) + r")\b")
#: A stance as a noun after its owner's name: '’s recent call for', '’s Sept. 18 remarks', '’s stated objective'.
POSSESSED = re.compile(
    r"[’']s\s+(?:[\w.-]+\s+){0,2}?(?:(?P<demand>calls?(?=\s+for)|demands?)|(?P<warn>threats?|warnings?)|"
    r"(?P<say>remarks|comments|objectives?)|(?P<commit>pledges?|promises?))(?=\s+(?:for|that|to|of|on|about)\b)"
)  # with what it holds: 'Trump’s remarks, urging …' names his remarks, it does not report them
#: Words after 'said' that carry the stance it reports.
REPORTED = {
    "oppose": r"oppos\w*|reject\w*|against|unacceptable|no circumstances",
    "support": r"support\w*|welcom\w*",
    "demand": r"must|should|call(?:s|ed)? for|urge[sd]?",
    "commit": r"would|will",
}
#: A source named after 'according to', past the words that say what it issued ('a statement issued by').
ACCORDING = re.compile(r"\b[Aa]ccording\s+to\s+")
#: What others relayed is not the source's own word: 'according to Afghan media', '… Pakistani sources'.
RELAYED = re.compile(r"(?:[’']s)?\s+(?:media|press|outlets?|reports?|sources|news|television|newspapers?)\b")
MEDIA = re.compile(
    r"\b(?:News|Times|Post|Press|TV|Radio|Agency|Journal|Tribune|Herald|Gazette|Telegraph|Television|Media)\b"
)
#: Words that make the next word a noun: 'a show of support', 'their demands', 'the call'.
NOUN_BEFORE = re.compile(
    r"(?:\b(?:the|a|an|of|their|his|her|its|our|for|any|this|that|such|no|these|those)|[’']s)\s+$", re.IGNORECASE
)


class Stances:
    """Drafts position rows from the reporting verbs of one text."""

    def __init__(
        self,
        text: str,
        package: dict[str, Any],
        tables: dict[str, Table],
        mentions: list[Mention],
        sentences: list[Span],
        adjectives: list[Mention] = (),
    ):
        self.text, self.package, self.mentions, self.sentences = text, package, mentions, sentences
        self.table = fit.table_for(package, "position")
        res = fit.resource(package, self.table)
        self.stances, self.attributions, self.periods = (fit.enum(res, n) for n in ("stance", "attribution", "period"))
        self.issues = fit.profiles(tables.get(self.table), "issue")
        self.subjects = Subjects(text, mentions, sentences)
        self.adjectives = adjectives  # 'American officials' name their state where a source is named

    def all(
        self, quotes: list[Span], attributions: list[Span], dates: list[Candidate], dateline: date | None
    ) -> list[Candidate]:
        """One candidate per actor of each reporting verb whose subject the text names."""
        if not self.table:
            return []
        rows: dict[tuple[str, int], Candidate] = {}
        for m in VERB.finditer(self.text):
            concept = m.lastgroup
            by_statement = re.search(
                r"\b[Tt]he\s+(?:\w+\s+)?statement\s+$", self.text[max(0, m.start() - 40) : m.start()]
            )
            if (
                inside(m.span(), quotes)
                or concept == "say"
                and (inside(m.span(), attributions) or self.introduces_quote(m))
                and not by_statement  # '“…,” the statement said': its speaker is who issued it
            ):
                continue
            if concept == "say" and re.search(r"\bto\s+$", self.text[max(0, m.start() - 4) : m.start()]):
                continue  # 'when asked to comment': the infinitive states nothing
            sentence = sentence_of(self.sentences, m.start())
            if self.text[sentence[0] : sentence[1]].rstrip().endswith("?") or self.is_noun(m) or self.negated(m):
                continue
            concept = self.reported(m, sentence) if concept == "say" else self.refined(concept, m, sentence)
            subjects, speaker = self.subjects.of(m, sentence)
            for actor, start in subjects:
                merge(rows, (actor, start), self.row(m, concept, actor, speaker, start, sentence, dates, dateline))
        for m, source in self.according(quotes):  # 'According to a statement issued by X, …'
            actor, sentence = actor_of(source.known), sentence_of(self.sentences, m.start())
            speaker = source.known if source.known.kind == "person" else None
            row = self.row(m, self.reported(m, sentence), actor, speaker, sentence[0], sentence, dates, dateline)
            merge(rows, (actor, sentence[0]), row)
        for m, owner in self.possessed(quotes):  # 'Trump’s recent call for Washington to retake the base'
            actor, sentence = actor_of(owner.known), sentence_of(self.sentences, m.start())
            speaker = owner.known if owner.known.kind == "person" else None
            rows.setdefault(
                (actor, owner.start), self.row(m, m.lastgroup, actor, speaker, owner.start, sentence, dates, dateline)
            )
        return list(rows.values())

    def possessed(self, quotes: list[Span]) -> list[tuple[re.Match, Mention]]:
        """A stance named as a noun its owner holds: 'Trump’s recent call for', 'Donald Trump’s stated objective'."""
        found = []
        for m in POSSESSED.finditer(self.text):
            owner = [x for x in self.mentions if x.end == m.start() and actor_of(x.known)]
            if owner and not inside(m.span(), quotes) and not inside(owner[0].span, quotes):
                found.append((m, owner[0]))
        return found

    def according(self, quotes: list[Span]) -> list[tuple[re.Match, Mention]]:
        """'according to X', 'according to a statement issued by X', 'according to … American officials':
        the source named, not the media or unnamed sources that relayed it."""
        found = []
        for m in ACCORDING.finditer(self.text):
            if inside(m.span(), quotes):
                continue
            phrase_end = m.end() + len(re.split(r"[,.;:]", self.text[m.end() : m.end() + 120], maxsplit=1)[0])
            named = [
                x
                for x in self.mentions + self.adjectives
                if m.end() <= x.start < phrase_end
                and re.fullmatch(
                    r"(?:(?!(?:in|at|near|on|inside|outside|across)\s)[a-z][\w-]*\s+)*", self.text[m.end() : x.start]
                )
                and actor_of(x.known)
                and (x.known.role != "institution" or self.text[x.start].isupper())  # 'the military': whose?
                and not MEDIA.search(x.known.name)  # 'according to Tolo News': an outlet relays
            ]
            first = self.owner_of_his(m) or (min(named, key=lambda x: x.start) if named else None)
            if first is not None and not RELAYED.match(self.text[first.end : first.end + 30]):
                found.append((m, first))
        return found

    def owner_of_his(self, m: re.Match) -> Mention | None:
        """'according to his Foreign Ministry': the person named last before it (outside a possessive)."""
        if not re.match(
            r"(?:his|her)\s+(?:\w+\s+)?(?i:ministry|office|government|spokes\w+|embassy)\b", self.text[m.end() :]
        ):
            return None
        person = self.subjects.last_person(m.start())
        return person if person is not None and actor_of(person.known) else None

    def quoted(
        self, speech: list[Candidate], found: list[Candidate], dates: list[Candidate], dateline: date | None
    ) -> list[Candidate]:
        """A quotation whose speaker stands for an actor is also that actor's statement: one position row
        per quotation, quoting it with its attribution, unless a row of that actor already covers it."""
        if not self.table:
            return []
        rows = []
        for c in speech:
            actor = c.fields.get("speaker_actor", "")
            sentence = sentence_of(self.sentences, c.start)
            clause = self.subjects.clause_start(sentence, c.start)
            start = clause if VERB.search(self.text, clause, c.start) else c.start  # 'Trump replied, “…”'
            if not actor or any(p.fields.get("actor") == actor and p.start < c.end and start < p.end for p in found):
                continue
            concept = "say"  # a quotation's words are the reviewer's to read: 'never support' is no support
            fields = {
                "actor": actor,
                "stance": self.stance(concept),
                "note": " ".join(c.fields.get("words", "").split()),
            }
            fields["issue"] = fit.suggest(self.issues, self.text[slice(*sentence)])
            fields["speaker"] = c.fields.get("speaker", "")
            fields["draft_speaker"] = c.fields.get("draft_speaker", "")
            fields["attribution"] = "actor" if "actor" in self.attributions else ""
            fields["period"] = self.period(sentence, dates, dateline)
            fields = {k: v for k, v in fields.items() if v}
            note = f"position from a quotation of {fields.get('draft_speaker', actor)} ({concept})"
            quote = self.text[start : c.end]
            rows.append(Candidate(start, quote, "position", "position", fields, note, table=self.table))
        return rows

    def is_noun(self, m: re.Match) -> bool:
        """'a show of support', 'Bagram demands': the word names a thing, not a stance taken."""
        before = self.text[max(0, m.start() - 30) : m.start()]
        place = any(x.end == m.start() - 1 and x.known.kind == "place" and not x.known.actor for x in self.mentions)
        return bool(NOUN_BEFORE.search(before)) or place

    def negated(self, m: re.Match) -> bool:
        """'has not made public', 'have not said', 'is yet to reject': nothing is stated."""
        return bool(
            re.search(
                r"\b(?:not|never|yet\s+to)\s+(?:\w+\s+)?$|n[’']t\s+$", self.text[max(0, m.start() - 20) : m.start()]
            )
        )

    def introduces_quote(self, m: re.Match) -> bool:
        return bool(re.match(r"\s*(?:[A-Z][\w ]{0,30})?[:,]?\s*[“\"]", self.text[m.end() : m.end() + 40]))

    def reported(self, m: re.Match, sentence: Span) -> str:
        """The stance the words after 'said' report, or 'say' when they report none."""
        complement = self.text[m.end() : self.clause_end(m.end(), sentence)]
        for concept, words in REPORTED.items():
            found = re.search(rf"\b(?:{words})\b", complement, re.IGNORECASE)
            if found and not re.search(r"\b(?:not|never|no)\s+(?:\w+\s+)?$", complement[: found.start()]):
                return concept
        return "say"

    def refined(self, concept: str, m: re.Match, sentence: Span) -> str:
        """Rejecting an allegation is denying it."""
        nearby = self.text[max(sentence[0], m.start() - 40) : self.clause_end(m.end(), sentence)]
        return "deny" if concept == "oppose" and re.search(r"\ballegation|accusation|claims?\b", nearby) else concept

    def clause_end(self, offset: int, sentence: Span) -> int:
        stop = re.search(r"[;:]|\s[–—]\s|,\s+(?:and|but|while|although)\b", self.text[offset : sentence[1]])
        return offset + stop.start() if stop else sentence[1]

    def row(
        self,
        m: re.Match,
        concept: str,
        actor: str,
        speaker: Known | None,
        start: int,
        sentence: Span,
        dates: list[Candidate],
        dateline: date | None,
    ) -> Candidate:
        end = self.clause_end(m.end(), sentence)
        if (
            start < m.start()
            and re.fullmatch(r"\s*[A-Z][\w’' -]*[.!]?\s*", self.text[m.end() : end])
            and m.lastgroup == "say"
        ):
            end = m.end() + len(
                self.text[m.end() : end].rstrip(" .!")
            )  # '..., said Taimur Khan.' or '..., Bokhari said.'
        quote = self.text[start:end].rstrip(" ,.")
        targets = [
            x.known.actor
            for x in self.mentions
            if m.end() <= x.start < end
            and x.known.actor not in ("", actor)
            and not re.search(r"\b(?:in|at|from|with|of|within)\s+(?:the\s+)?$", self.text[m.end() : x.start])
        ]
        new = actor.startswith(NEW_ACTOR)
        fields = {"actor": "" if new else actor, "stance": self.stance(concept), "note": " ".join(quote.split())}
        if new:
            fields["draft_actor"] = actor[len(NEW_ACTOR) :]
        fields["issue"] = fit.suggest(self.issues, self.text[slice(*sentence)])
        if targets:
            fields["target"] = targets[0]
        if speaker is not None and speaker.id:
            fields["speaker"] = speaker.id
        if speaker is not None:
            fields["draft_speaker"] = speaker.name
        fields["attribution"] = self.attribution(speaker)
        fields["period"] = self.period(sentence, dates, dateline)
        fields = {k: v for k, v in fields.items() if v}
        note = f"position from '{m.group()}' ({concept}); issue suggested from the rows coded under it" + (
            "" if fields.get("issue") else ": none fits"
        )
        if new:
            note += f"; {fields['draft_actor']} is new to the tables: register it as an actor and fill actor"
        return Candidate(start, quote, "position", "position", fields, note, table=self.table)

    def stance(self, concept: str) -> str:
        """The table's listed stance for a concept ('oppose' -> 'opposes'), else 'other'."""
        wanted = {"deny": ("rejects_allegation", "denies", "rejects"), "recognise": ("recognises", "recognizes")}.get(
            concept, ()
        )
        for value in self.stances:
            if value in wanted or same_stem(value.split("_")[0].rstrip("sd"), concept.rstrip("e")):
                return value
        return "other" if "other" in self.stances else ""

    def attribution(self, speaker: Known | None) -> str:
        """Who states it: the actor itself, an analyst, or the article."""
        if speaker is None:
            value = "actor"
        elif ANALYST_ROLES.search(speaker.role):
            value = "analyst"
        else:
            value = "actor"
        return value if value in self.attributions else ""

    def period(self, sentence: Span, dates: list[Candidate], dateline: date | None) -> str:
        """'past' when the sentence dates it half a year or more before the dateline, else 'current'."""
        ends = [
            c.fields.get("date_end") for c in dates if sentence[0] <= c.start < sentence[1] and c.fields.get("date_end")
        ]
        past = dateline is not None and any(date.fromisoformat(e) < dateline - timedelta(days=180) for e in ends)
        value = "past" if past else "current"
        return value if value in self.periods else ""


def merge(rows: dict[tuple[str, int], Candidate], key: tuple[str, int], row: Candidate) -> None:
    """Keep one row per actor and statement: a row inside another of its actor ('…, Guo added' inside 'China
    supports …, Guo added') gives that row its speaker; a longer quote of the same words extends the first
    row, which keeps its stance."""
    outer = next((c for (a, _), c in rows.items() if a == key[0] and c.start <= row.start and row.end <= c.end), None)
    if outer is not None:
        carry(row, outer)
        return
    old = rows.setdefault(key, row)
    if old is row or not row.quote.startswith(old.quote) or len(row.quote) <= len(old.quote):
        return
    old.quote, old.fields["note"] = row.quote, row.fields["note"]
    carry(row, old)


def carry(row: Candidate, into: Candidate) -> None:
    """A row's speaker, where the row it is merged into has none."""
    for name in ("speaker", "draft_speaker"):
        if name in row.fields and name not in into.fields:
            into.fields[name] = row.fields[name]
