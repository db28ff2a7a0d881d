"""Who a reporting verb's subject is: the names before it (a list such as 'Pakistan and China'), a
pronoun resolved to the person named last, a statement resolved to who issued it, 'the participants'
resolved to their meeting, 'both sides' to the pair named last; a subject the text does not name is none.
"""

from __future__ import annotations

import re

from briefing.analysis.data.drafting.known import FORUMS, Known, Mention
from briefing.analysis.data.drafting.text import Span, possessive, sentence_of

PRONOUN = re.compile(
    r"^\s*(?:[A-Z]\w*,\s+|(?:where|when)\s+(?=[hs]h?e\b))?(?P<p>He|She|It|They|(?:(?<=where\s)|(?<=when\s))s?he)\b"
)
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
#: The two sides of a meeting: 'the Taliban delegation met with the US team'.
MET = re.compile(r"\b(?:met|held\s+talks)\s+(?:with\s+)?(?:the\s+)?")
#: An inverted verb's subject that is a statement: 'said a statement from', 'said a statement issued by the'.
STATEMENT_FROM = re.compile(
    rf"\s+(?:a|an|the)\s+(?:\w+\s+)?{STATEMENT_NOUN}\s+(?:(?:issued|released|published)\s+)?(?:from|by)\s+(?:the\s+)?"
)
#: What an owner may speak through: '’s message warned', '’s foreign ministry said', '’s envoy told'.
OWNED_SPEAKER = re.compile(
    r"[’']s\s+(?:[\w-]+\s+)?(?:message|statement|letter|note|response|reply|readout|spokes(?:man|woman|person)|"
    r"envoy|representative|delegation|ambassador|embassy|mission|office|government|foreign\s+ministry|ministry)"
    r"\s+(?:(?:\w+ly|has|have|had|also|then)\s+){0,2}"
)
#: 'the president said': a person the text described by a role it gave them.
DESCRIBED = re.compile(
    r"^\s*[Tt]he\s+(?P<noun>president|prime\s+minister|minister|spokes(?:man|woman|person)|official|envoy|ambassador|leader|general|chief)\s+$"
)


class Subjects:
    """Finds the subjects of the verbs of one text."""

    def __init__(self, text: str, mentions: list[Mention], sentences: list[Span]):
        self.text, self.mentions, self.sentences = text, mentions, sentences

    def of(self, m: re.Match, sentence: Span) -> tuple[list[tuple[str, int]], Known | None]:
        """The actors the verb's subject names (a list such as 'Pakistan and China'), and a speaking person."""
        passive = re.match(r"\s+by\s+(?:the\s+)?", self.text[m.end() :]) if m.group().endswith("ed") else None
        if passive:
            after = [x for x in self.mentions if x.start == m.end() + passive.end()]
            start = max(sentence[0], self.text.rfind(", ", sentence[0], m.start()) + 2)
            return [(actor_of(x.known), start) for x in after if actor_of(x.known)], None
        opens = re.search(r"(?:^|[,”\"])\s*$", self.text[self.clause_start(sentence, m.start()) : m.start()])
        issuer = STATEMENT_FROM.match(self.text, m.end())  # '…,” said a statement from the Afghan foreign ministry'
        inverted = [  # '..., said Taimur Khan', not 'He said Pakistan had closed the road'
            x
            for x in self.mentions
            if opens
            and x.start == (issuer.end() if issuer else m.end() + 1)
            and x.known.kind in ("person", "actor", "organisation")
            and m.group() in ("said", "says", "added", "wrote")
            and not possessive(self.text, x.end)
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
        owner = self.owner_speaks(clause_start, m) if not named else None
        if owner is not None:  # 'Washington's message warned': the message's owner states it
            return [(actor_of(owner.known), owner.start)], owner.known if owner.known.kind == "person" else None
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

    def owner_speaks(self, clause_start: int, m: re.Match) -> Mention | None:
        """The owner opening a clause whose subject is its message or its spokesman ('Washington’s message
        warned', 'Pakistan’s envoy said'), when the owner stands for an actor."""
        for x in self.mentions:
            if (
                clause_start <= x.start < m.start()
                and OWNED_SPEAKER.fullmatch(self.text[x.end : m.start()])
                and re.fullmatch(r"(?:.*,\s*)?(?:[Tt]he\s+)?", self.text[clause_start : x.start], re.DOTALL)
                and actor_of(x.known)
            ):
                return x
        return None

    def last_pair(self, before: int) -> list[str]:
        """The two actors the text named last as a pair ('Pakistan and Afghanistan'), within the six
        sentences before an offset; none when no such pair is that close."""
        floor = ([s for s in self.sentences if s[1] <= before][-6:] or [(before, before)])[0][0]
        near = [x for x in self.mentions if floor <= x.start < before and x.known.actor]
        for a, b in reversed(list(zip(near, near[1:], strict=False))):
            if re.fullmatch(r"\s+and\s+(?:the\s+)?", self.text[a.end : b.start]) and a.known.actor != b.known.actor:
                return [a.known.actor, b.known.actor]
        for met in reversed(list(MET.finditer(self.text, floor, before))):  # 'X, led by Y, met with the US team'
            sentence = sentence_of(self.sentences, met.start())
            host = [x for x in near if sentence[0] <= x.start < met.start()][:1]
            guest = [x for x in near if met.end() <= x.start <= met.end() + 16][:1]
            if host and guest and host[0].known.actor != guest[0].known.actor:
                return [host[0].known.actor, guest[0].known.actor]
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
            and not possessive(self.text, x.end)
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
            r";\s|\s[–—]\s|,\s+(?:and|but|when|while|as)\s|,\s+(?=which\b|who\b|where\b)", self.text[sentence[0] : verb]
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
        person = self.last_person(clause_start)
        if person is None:
            return [], None
        named_in = sentence_of(self.sentences, person.start)
        owners = [  # an owner in a sentence of its own: 'Fitrat said … Trump’s reference …. He warned'
            x
            for x in self.mentions
            if named_in[1] <= x.start < clause_start
            and x.known.kind == "person"
            and x.known.name != person.known.name
            and possessive(self.text, x.end)
        ]
        if owners:
            return [], None
        return [(actor_of(person.known), clause_start + found.start("p"))], person.known

    def last_person(self, before: int) -> Mention | None:
        """The person named last before an offset; an owner ('rejected Trump’s assertions') is not who 'he' is."""
        people = [
            x
            for x in self.mentions
            if x.start < before and x.known.kind == "person" and not possessive(self.text, x.end)
        ]
        return people[-1] if people else None


#: What a position's actor key starts with for an organisation the tables do not know yet.
NEW_ACTOR = "?"


def actor_of(known: Known) -> str:
    """The actor a name stands for: an actor, an organisation's actor, a person's affiliation, a capital's
    country; for an organisation new to the tables, its name after NEW_ACTOR (the reviewer registers it)."""
    if not known.actor and not known.id and known.kind == "organisation":
        return NEW_ACTOR + known.name
    return known.actor
