"""Positions from reporting verbs: who demanded, rejected, opposed, warned or said what, with a
suggested issue. The verb (or, after 'said', the words it reports) gives the stance; the clause's
subject gives the actor, a passive's 'by' phrase too; a subject the text does not name gives no row.
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Any

from briefing.analysis.data.drafting import fit
from briefing.analysis.data.drafting.known import FORUMS, Known, Mention
from briefing.analysis.data.drafting.names import ANALYST_ROLES
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
    r"demurred|explained|replied|suggest(?:s|ed)|lament(?:s|ed)|highlighted|underscor(?:ed|es|ing)|labell?ed|declaring|stressing|noting|emphasi[sz]ing|asserting(?=\s+that\b)|float(?:s|ed)|made\s+(?:it\s+)?clear|telling|arguing|adding(?=\s+that\b)|report(?:s|ed)(?=\s+(?:(?:on\s+\w+\s+)?that|this|it)\b)|made\s+(?:it\s+)?public|spoke(?=\s+(?:of|about)\b)|reiterat(?:e[sd]?|ing)|referenced|documented|thanked|credited|reaffirm(?:s|ed)?|(?<=, )claiming|hinted(?=\s+at\b)|"
    r"described(?=\s+(?:[\w’'-]+\s+){1,12}as\b)|"
    r"posted(?=\s+on\s+(?:his|her|their|its)\s+(?:[\w-]+\s+){0,3}(?:platform|account|page|channel|feed))|"
    r"(?:maintain(?:s|ed)?|assert(?:s|ed)?|respond(?:s|ed)?)(?=\s+(?:that\b|[“\"]|:))|"
    r"posted(?=\s+on\s+(?:social|X\b|Twitter|Facebook|Telegram))|"
    r"voiced(?=\s+(?:\w+\s+){0,2}(?:disapproval|support|opposition|concern|anger|frustration))|"
    r"shared(?=\s+(?:on\s+(?:social|X\b|Twitter|Facebook|Telegram)|an?\s+(?:part|post|message|statement|video|poem)))",
}
VERB = re.compile(r"\b(?:" + "|".join(f"(?P<{k}>{v})" for k, v in VERBS.items()) + r")\b")
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
#: Words that make the next word a noun: 'a show of support', 'their demands', 'the call'.
NOUN_BEFORE = re.compile(
    r"(?:\b(?:the|a|an|of|their|his|her|its|our|for|any|this|that|such|no|these|those)|[’']s)\s+$", re.IGNORECASE
)
PRONOUN = re.compile(r"^\s*(?:[A-Z]\w*,\s+)?(?P<p>He|She|It|They)\b")
#: 'he warned' right after a quotation: the pronoun is the verb's subject.
PRONOUN_AFTER_QUOTE = re.compile(r"(?:[”\"]|,)\s*(?P<p>he|she)\s+$")
#: 'what it alleges', 'what they described as': the clause's own subject speaks.
WHAT_IT = re.compile(r"\bwhat\s+(?:it|they)\s+$")
PREPOSITION = re.compile(
    r"\b(?:in|at|for|from|of|on|to|with|by|over|into|across|than|against|about|after|before|near|outside|around)"
    r"\s+(?:the\s+)?"
    r"(?:(?:north|south|east|west|central|northern|southern|eastern|western)[\w-]*\s+)?$"
)
#: A subject in common nouns right before the verb, after a comma: '..., police and rescue officials said'.
COMMON_SUBJECT = re.compile(r",\s+(?:[a-z][\w-]*\s+){1,5}$")
SENT_BY = re.compile(
    r"(?i:\b(?:officials?|representatives?|leaders?|envoys?|diplomats?|delegations?|ministers?|participants|members)"
    r"\s+(?:from|of)\s+(?:the\s+)?)$"
)
#: An aside between a subject and its verb: 'Lavrov, in his opening remarks, opposed', 'The paper, citing
#: an official, reported'.
ASIDE = re.compile(
    r",\s+(?:in|at|during|on|citing|quoting|speaking|writing|according\s+to|after|before|for\s+(?:his|her|its|their)"
    r"\s+part|(?:responding|reacting|replying|referring)\s+to|commenting\s+on)\b[^,;“”\"]{0,80},\s+(?:(?:\w+ly|has|have|had|also|then|today)\s+){0,2}"
)
#: A preposition that also opens a clause: 'after Trump claimed', whose name is the verb's subject.
CONJUNCTION = re.compile(r"\b(?:after|before|since|until)\s+(?:the\s+)?$")
#: A clause of condition or question: 'if the Taliban refused', 'whether he would': nothing is stated.
CONDITION = re.compile(r"\b(?:if|unless|whether)\b|\bshould\s+(?:the\s+)?$", re.IGNORECASE)
#: A subject that names two parties the text named before: 'both sides', 'the two neighboring countries'.
BOTH = re.compile(
    r"(?:^|,\s+)(?:[Bb]oth\s+(?:sides|parties|countries|governments|neighbou?rs)|[Tt]he\s+two\s+(?:\w+\s+)?"
    r"(?:sides|parties|countries|governments|neighbou?rs|nations))\s+(?:(?:also|have|had|\w+ly)\s+)*$"
)
#: A subject that names the members of a meeting or bloc: 'The participants said', 'The countries expressed'.
COLLECTIVE = re.compile(
    r"(?:^|,\s+)(?:[Tt]he\s+)?(?:[Pp]articipating\s+(?:nations|countries|states)|[Pp]articipants|(?<=[Tt]he\s)(?:parties|"
    r"members|delegates|delegations|countries|nations|signatories))\s+"
    r"(?:(?:also|have|had|\w+ly)\s+)*$"
)
#: 'They also urged' right after a sentence whose subject was such members.
THEY = re.compile(r"^\s*They\s+(?:(?:also|have|had|\w+ly)\s+)*$")
#: The nouns of a statement a text may report as speaking.
STATEMENT_NOUN = r"(?:statement|declaration|communiqu[eé])"
#: 'The statement also warned': a statement the text spoke of before speaks.
THE_STATEMENT = re.compile(
    rf"(?:(?:^|[”\"],?)\s*(?:[A-Z]\w*,\s+)?[Tt]he|(?:^|,)\s*(?:issuing|releasing|publishing|adopting)\s+(?:a|an|the|its|their))"
    rf"\s+(?:\w+\s+)?{STATEMENT_NOUN}\s+(?:(?:issued|released|published|adopted)\s+(?:after|at|by|following)\s+"
    r"(?:the\s+)?[\w-]+\s+)?(?:(?:also|further|then|\w+ly)\s+)?$"
)
#: A sentence a statement attributed: '“…,” the joint statement released after the talks said.'
STATEMENT_SAID = re.compile(
    rf"[”\"],?\s+(?:the|a|an|their|its)\s+(?:\w+\s+)?{STATEMENT_NOUN}\b[^.”\"]*?\b(?:said|says|stated|read|added)\W*$"
)
#: Where a statement names who issued it: 'a joint statement issued by participants of', 'a statement from'.
ISSUED_BY = re.compile(
    rf"\b{STATEMENT_NOUN}\s+(?:(?:issued|released|published|made|put\s+out)\s+)?(?:by|from)\s+"
    r"(?:(?:the\s+)?(?:participants|members|leaders|representatives)\s+(?:of|from|at)\s+)?(?:the\s+)?$"
)
#: 'the Taliban’s statement': the owner issued it.
OWNS_STATEMENT = re.compile(r"[’']s\s+(?:\w+\s+)?|\s+(?:joint\s+)?")  # '…’s statement', 'the Moscow Format statement'
#: 'The Taliban government issued a separate statement': the subject issued it.
ISSUED = re.compile(
    r"\s+(?:\w+ly\s+)?(?:issued|released|published|made|put\s+out)\s+(?:a|an|the|its|their)\s+(?:\w+\s+)?"
)
#: 'In a statement released Saturday, the IEA said': the subject after the comma issued it.
IN_STATEMENT = re.compile(
    rf"\s*In\s+(?:a|an|its|his|her|their|the)\s+(?:[\w-]+\s+)?{STATEMENT_NOUN}\b[^,.]{{0,60}},\s+(?:the\s+)?"
)
STATEMENT_WORD = re.compile(rf"\b{STATEMENT_NOUN}\b")
JOINER = re.compile(r"^(?:,\s*|\s+and\s+|\s+or\s+|,\s+and\s+)(?:the\s+)?$")
#: What may stand between a subject and its verb: adverbs and auxiliaries ('the Taliban have denied').
VERB_GAP = re.compile(r"\s*(?:(?:\w+ly|has|have|had|is|are|was|were|also|then)\s+){0,2}")
#: An institution is a subject where it opens its clause ('Meanwhile, the Afghan Ministry of Defense
#: announced', '..., a charge the Taliban-led government denies'), not after a verb ('met Pakistan's army chief').
INSTITUTION_SUBJECT = re.compile(
    r"^(?:.*[,;]\s*)?(?:[A-Z][a-z]+,?\s+)?(?:(?:a|an)\s+\w+\s+)?(?:(?i:members|officials|representatives|leaders)\s+"
    r"(?:of|from)\s+)?(?:[Tt]he\s+)?(?:[A-Z][\w-]*[’']s\s+)?$",
    re.DOTALL,
)
#: 'the president said': a person the text described by a role it gave them.
DESCRIBED = re.compile(
    r"^\s*[Tt]he\s+(?P<noun>president|prime\s+minister|minister|spokes(?:man|woman|person)|official|envoy|ambassador|leader|general|chief)\s+$"
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
    ):
        self.text, self.package, self.mentions, self.sentences = text, package, mentions, sentences
        self.table = fit.table_for(package, "position")
        res = fit.resource(package, self.table)
        self.stances, self.attributions, self.periods = (fit.enum(res, n) for n in ("stance", "attribution", "period"))
        self.issues = fit.profiles(tables.get(self.table), "issue")

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
            sentence = sentence_of(self.sentences, m.start())
            if self.text[sentence[0] : sentence[1]].rstrip().endswith("?") or self.is_noun(m) or self.negated(m):
                continue
            concept = self.reported(m, sentence) if concept == "say" else self.refined(concept, m, sentence)
            subjects, speaker = self.subjects(m, sentence)
            for actor, start in subjects:
                rows.setdefault((actor, start), self.row(m, concept, actor, speaker, start, sentence, dates, dateline))
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
            clause = self.clause_start(sentence, c.start)
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

    def subjects(self, m: re.Match, sentence: Span) -> tuple[list[tuple[str, int]], Known | None]:
        """The actors the verb's subject names (a list such as 'Pakistan and China'), and a speaking person."""
        passive = re.match(r"\s+by\s+(?:the\s+)?", self.text[m.end() :]) if m.group().endswith("ed") else None
        if passive:
            after = [x for x in self.mentions if x.start == m.end() + passive.end()]
            start = max(sentence[0], self.text.rfind(", ", sentence[0], m.start()) + 2)
            return [(actor_of(x.known), start) for x in after if actor_of(x.known)], None
        opens = re.search(r"(?:^|[,”\"])\s*$", self.text[self.clause_start(sentence, m.start()) : m.start()])
        inverted = [  # '..., said Taimur Khan', not 'He said Pakistan had closed the road'
            x
            for x in self.mentions
            if opens
            and x.start == m.end() + 1
            and x.known.kind in ("person", "actor", "organisation")
            and m.group() in ("said", "says", "added", "wrote")
            and not re.match(r"[’']s\b", self.text[x.end : x.end + 3])
        ]
        if m.lastgroup == "say" and inverted:
            x = inverted[0]
            return [(actor_of(x.known), self.clause_start(sentence, m.start()))] if actor_of(
                x.known
            ) else [], x.known if x.known.kind == "person" else None
        clause_start = self.clause_start(sentence, m.start())
        relative = re.match(r"\s*(?:which|who)\b", self.text[clause_start : m.start()])
        if relative:
            before = [
                x
                for x in self.mentions
                if x.end <= clause_start and re.fullmatch(r",?\s*", self.text[x.end : clause_start])
            ]
            return [(actor_of(x.known), x.start) for x in before[-1:] if actor_of(x.known)], None
        if BOTH.search(self.text[clause_start : m.start()]):  # 'both sides claiming', 'the two countries pledged'
            return [(actor, clause_start) for actor in self.last_pair(clause_start)], None
        if COLLECTIVE.search(self.text[clause_start : m.start()]) or self.they_are_members(clause_start, m):
            forum = self.last_forum(clause_start)
            return ([(actor_of(forum.known), clause_start)] if forum else []), None
        if THE_STATEMENT.search(self.text[clause_start : m.start()]) or self.it_is_the_statement(clause_start, m):
            # the forum may be named in this very clause: '…, issuing a statement saying'
            author = self.statement_author(clause_start) or self.last_forum(m.start())
            return ([(actor_of(author.known), clause_start)] if author and actor_of(author.known) else []), None
        named = self.named_between(clause_start, m.start())
        if not named or PRONOUN_AFTER_QUOTE.search(self.text[clause_start : m.start()]):
            return self.pronoun(clause_start, m)  # '..., he added': the pronoun, not a name before it
        if WHAT_IT.search(self.text[clause_start : m.start()]):
            named = named[:1]  # 'Pakistan struck ..., targeting what it alleges are hideouts'
        elif ASIDE.fullmatch(self.text[named[-1].end : m.start()]):
            pass  # the aside is no subject of its own
        elif COMMON_SUBJECT.search(self.text[named[-1].end : m.start()]):
            return [], None  # the subject is a common noun ('officials'): no named actor says it
        if any(x.known.actor for x in named):  # 'Chinese Foreign Ministry spokesperson Lin Jian': the person's
            named = [x for x in named if not actor_of(x.known).startswith(NEW_ACTOR)]  # country speaks
        reporting = self.reporting_subject(named, clause_start, m)
        inverted = len(reporting) < len(named)  # '..., Pakistan’s army said': the row quotes what it reports
        named = reporting
        if named[0].known.kind == "person" and not named[0].known.id:
            return [(named[0].known.actor, named[0].start)], named[0].known  # a person the tables do not know yet
        group = [named[0]]
        for x in named[1:]:
            if JOINER.match(self.text[group[-1].end : x.start]):
                group.append(x)
        speaker = group[0].known if group[0].known.kind == "person" else None
        start = clause_start if inverted else group[0].start
        return [(actor_of(x.known), start) for x in group if actor_of(x.known)], speaker

    def last_pair(self, before: int) -> list[str]:
        """The two actors the text named last as a pair ('Pakistan and Afghanistan'), within the six
        sentences before an offset; none when no such pair is that close."""
        floor = ([s for s in self.sentences if s[1] <= before][-6:] or [(before, before)])[0][0]
        near = [x for x in self.mentions if floor <= x.start < before and x.known.actor]
        for a, b in reversed(list(zip(near, near[1:], strict=False))):
            if re.fullmatch(r"\s+and\s+(?:the\s+)?", self.text[a.end : b.start]) and a.known.actor != b.known.actor:
                return [a.known.actor, b.known.actor]
        return []

    def they_are_members(self, clause_start: int, m: re.Match) -> bool:
        """'They' opening the sentence after one whose subject was 'the participants'."""
        return bool(THEY.match(self.text[clause_start : m.start()])) and self.previous_opens(
            clause_start, r"\s*[Tt]he\s+(?:participants|parties|members|delegates|countries|nations)\b"
        )

    def it_is_the_statement(self, clause_start: int, m: re.Match) -> bool:
        """'It added' opening the sentence after one whose subject was a statement."""
        return bool(re.match(r"^\s*It\s+(?:(?:also|further|\w+ly)\s+)*$", self.text[clause_start : m.start()])) and (
            self.previous_opens(clause_start, rf"\s*(?:[A-Z]\w*,\s+)?(?:[Tt]he\s+)?(?:\w+\s+){{0,3}}{STATEMENT_NOUN}\b")
            or bool(STATEMENT_SAID.search(self.previous_sentence(clause_start)))
        )

    def previous_opens(self, before: int, pattern: str) -> bool:
        """Whether the sentence before an offset opens with ``pattern``."""
        return bool(re.match(pattern, self.previous_sentence(before)))

    def previous_sentence(self, before: int) -> str:
        previous = [s for s in self.sentences if s[1] <= before][-1:]
        return self.text[previous[0][0] : previous[0][1]] if previous else ""

    def last_forum(self, before: int) -> Mention | None:
        """The meeting or bloc the text named last, within the eight sentences before an offset."""
        floor = ([s for s in self.sentences if s[0] <= before][-9:] or [(0, 0)])[0][0]  # this sentence and eight before
        near = [
            x
            for x in self.mentions
            if floor <= x.start < before
            and x.known.kind == "actor"
            and x.known.role in FORUMS
            and not self.listed_after(x)  # 'attended by Iran, India, and Central Asian states': a member
        ]
        return near[-1] if near else None

    def listed_after(self, x: Mention) -> bool:
        """Whether a name ends a list of actors ('Iran, India, and X')."""
        before = [y for y in self.mentions if y.end <= x.start and y.known.actor]
        return bool(before) and bool(re.fullmatch(r",?\s+(?:and\s+)?(?:the\s+)?", self.text[before[-1].end : x.start]))

    def statement_author(self, before: int) -> Mention | None:
        """Who issued the statement the text spoke of last before an offset: named after 'issued by' or
        'from', else the subject of the sentence that spoke of it ('The Taliban government issued a statement')."""
        for sentence in reversed([s for s in self.sentences if s[1] <= before][-3:]):
            said = STATEMENT_WORD.search(self.text, sentence[0], sentence[1])
            if not said:
                continue
            after = [x for x in self.mentions if said.end() < x.start < sentence[1]]
            issued = [x for x in after if ISSUED_BY.search(self.text[said.start() : x.start])]
            owner = [x for x in self.mentions if OWNS_STATEMENT.fullmatch(self.text[x.end : said.start()])]
            subject = [
                x
                for x in self.named_between(sentence[0], said.start())
                if ISSUED.fullmatch(self.text[x.end : said.start()])
            ]
            opening = IN_STATEMENT.match(self.text, sentence[0], sentence[1])  # 'In a statement …, the IEA said'
            opener = [x for x in self.mentions if opening and x.start == opening.end()]
            return (issued or owner or subject or opener or [None])[0]  # who only reacted to it did not issue it
        return None

    def named_between(self, start: int, end: int) -> list[Mention]:
        """The names that may be a subject between two offsets: actors (places standing for one), not
        after a preposition, not a possessive."""
        return [
            x
            for x in self.mentions
            if start <= x.start < end
            and (x.known.kind != "place" or x.known.actor)
            and (
                not PREPOSITION.search(self.text[start : x.start])
                or SENT_BY.search(self.text[start : x.start])
                or CONJUNCTION.search(self.text[start : x.start])
                and VERB_GAP.fullmatch(self.text[x.end : end])
                and re.match(r"\w+ed\b", self.text[end:])  # 'after Trump claimed', not 'before they agree'
            )
            and not CONDITION.search(self.text[start : x.start].rsplit(",", 1)[-1])
            and not re.match(r"[’']s\b", self.text[x.end : x.end + 3])
            and (x.known.role != "institution" or INSTITUTION_SUBJECT.match(self.text[start : x.start]))
        ]

    def reporting_subject(self, named: list[Mention], clause_start: int, m: re.Match) -> list[Mention]:
        """'..., Pakistan’s army said', '..., a charge the Taliban-led government denies': past a comma, the
        names right before the verb are its subject, not the names earlier in the sentence (which belong
        to what is reported)."""
        if not VERB_GAP.fullmatch(self.text[named[-1].end : m.start()]):
            return named
        first = len(named) - 1
        while first > 0 and JOINER.match(self.text[named[first - 1].end : named[first].start]):
            first -= 1
        return named[first:] if first and "," in self.text[named[first - 1].end : named[first].start] else named

    def clause_start(self, sentence: Span, verb: int) -> int:
        """Where the verb's clause begins: after a semicolon, a dash, ', and', ', but', ', when', ', which'."""
        cuts = re.finditer(
            r";\s|\s[–—]\s|,\s+(?:and|but|when|while|as)\s|,\s+(?=which\b|who\b)", self.text[sentence[0] : verb]
        )
        return max([sentence[0]] + [sentence[0] + c.end() for c in cuts])

    def pronoun(self, clause_start: int, m: re.Match) -> tuple[list[tuple[str, int]], Known | None]:
        """'He said ...': the person named last; 'the president said': the person named last with that
        role; '... but said': the subject of the sentence's first clause; 'it' and 'they' are left unresolved."""
        before = self.text[clause_start : m.start()]
        described = DESCRIBED.match(before)
        if described:
            noun = described["noun"].lower()
            people = [x for x in self.mentions if x.start < clause_start and x.known.kind == "person"]
            person = next((x for x in reversed(people) if noun in x.known.role.lower()), None)
            if person is None or not actor_of(person.known):
                return [], None
            return [(actor_of(person.known), clause_start + described.start("noun"))], person.known
        if re.fullmatch(r"\s*(?:and|but|then)\s+(?:\w+ly\s+)?", before):
            sentence = sentence_of(self.sentences, m.start())
            first = self.named_between(sentence[0], clause_start)[:1]
            # only a subject that opens the sentence ('The Taliban indicated ... but said'), not an object
            opening = [x for x in first if re.fullmatch(r"\s*(?:[Tt]he\s+)?", self.text[sentence[0] : x.start])]
            return [(actor_of(x.known), clause_start) for x in opening if actor_of(x.known)], None
        found = PRONOUN.match(self.text[clause_start : m.start()])
        after_quote = PRONOUN_AFTER_QUOTE.search(self.text[clause_start : m.start()])
        if after_quote:
            found = after_quote
        if not found or found["p"] in ("It", "They"):
            return [], None
        earlier = [  # an owner ('rejected Trump’s assertions') is not who 'he' is
            x
            for x in self.mentions
            if x.start < clause_start
            and x.known.kind == "person"
            and not re.match(r"[’']s\b", self.text[x.end : x.end + 3])
        ]
        if not earlier:
            return [], None
        return [(actor_of(earlier[-1].known), clause_start + found.start("p"))], earlier[-1].known

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


#: What a position's actor key starts with for an organisation the tables do not know yet.
NEW_ACTOR = "?"


def actor_of(known: Known) -> str:
    """The actor a name stands for: an actor, an organisation's actor, a person's affiliation, a capital's
    country; for an organisation new to the tables, its name after NEW_ACTOR (the reviewer registers it)."""
    if not known.actor and not known.id and known.kind == "organisation":
        return NEW_ACTOR + known.name
    return known.actor
