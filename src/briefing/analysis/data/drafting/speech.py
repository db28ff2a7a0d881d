"""Direct quotations and who said them: named next to the quotation, by a pronoun or a description
resolved to the last person the text named, or by the sentence's reporting clause. A speaker the
text does not settle is left empty, never guessed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from briefing.analysis.data.drafting.known import Known, Mention, is_title
from briefing.analysis.data.drafting.names import NewName, role_actor
from briefing.analysis.data.drafting.text import Candidate, Span, possessive, sentence_of

SPEECH = (
    r"said|says|say|told|tells|wrote|writes|added|adds|stated|states|warned|warns|argued|argues|noted|notes|"
    r"insisted|insists|stressed|stresses|declared|declares|explained|explains|posted|posts|tweeted|continued|"
    r"asked|asks|replied|replies|recalled|recalls|claimed|claims|announced|announces|saying|calling|elaborated|"
    r"emphasi[sz]ed|revealed|shared|posted on \w+|published on \w+"
)
#: A courtesy title printed before a surname ('Mr. Jalaly'): part of how the name is printed, not of the name.
HONORIFIC = r"(?:Mr|Mrs|Ms|Dr|Gen|Col)\.?\s+"
NAME = rf"(?:{HONORIFIC})?[A-Z][\w’'-]+(?:\s+(?:[A-Z][\w’'-]+|al|bin|de))*"
#: Who spoke: a name ('the Inter-Services Public Relations (ISPR)' too), a pronoun or 'the analyst'.
WHO = rf"(?:the\s+)?(?P<who>{NAME}(?=\s*\([A-Z]{{2,}}\)|[\s,.;:!?]|$)|[Hh]e|[Ss]he|[Tt]hey|the\s+(?P<noun>[a-z][\w-]*(?:\s+[a-z][\w-]*)?))(?:\s*\([A-Z]{{2,}}\))?"
AFTER = re.compile(
    rf"^[,.!?]?”?[ \t]*(?:(?P<verb1>{SPEECH})\s+{WHO.replace('who', 'who1').replace('noun', 'noun1')}"
    rf"|{WHO}(?:,[^,“”\"]{{1,120}}?,?|\s+(?:from|of|at)\s+[^,.“”\"]{{1,60}})?\s+(?P<verb2>{SPEECH}))"
    rf"(?P<object>\s+(?!that\b)[A-Z][\w’'-]*(?:\s+[A-Z][\w’'-]*)*)?"
)
BEFORE = re.compile(
    rf"{WHO}\s+(?:(?:\w+ly|further|also|then|later)\s+)?(?P<verb>{SPEECH})(?P<object>\s+[A-Z][\w’'-]*(?:\s+[A-Z][\w’'-]*)*)?"
    r"(?:\s+(?:it|them|him|her|this|that)(?:\s+(?:a|an|the))?)?\s*[,:]?\s*$"  # 'calling it a "cowardly act"'
)
#: A name after one of these is not the subject: 'A spokesman for Ahmad Karimi told reporters'.
AFTER_PREPOSITION = re.compile(r"\b(?:in|at|for|from|of|on|to|with|by)\s+(?:the\s+)?$")
#: A person named as the object of a preposition, behind a title: 'with UK Prime Minister Keir Starmer'.
OBJECT_OF = re.compile(
    r"\b(?:with|alongside|beside|to|from|by|for|against|of|on|about|before)\s+(?:the\s+)?"
    r"(?:(?:Mr|Mrs|Ms|Dr|Gen|Col)\.\s+|[A-Z][\w’'-]*\s+|(?:prime|foreign|defen[cs]e|interior|deputy|minister|secretary|president|chancellor|"
    r"counterpart|envoy|ambassador|spokes\w+|former|acting|special|senior|chief|top|then)\s+){0,5}$"
)
#: A person in an aside of company: 'X, accompanied by former Afghan envoy Y, has delivered …'.
ACCOMPANYING = re.compile(
    r",\s+(?:(?:accompanied|joined|flanked|assisted|followed)\s+by|along\s+with|together\s+with|alongside)\s+"
    r"(?:the\s+)?(?:[A-Z][\w’'-]*\s+|[a-z]+\s+){0,5}$"
)
#: After a quotation that ends a sentence, a name and verb followed by where or how it was said (no
#: 'that', no number) still attribute it: '…HAPPEN!!!” Trump warned in a post on Truth Social.'
CIRCUMSTANCE = re.compile(r"\s+(?:in|on|at|during|via|through|from|while|when|after|before)\b[^“”\"\d]*?[.]\s")
CLAUSE = re.compile(rf"\b(?P<verb>{SPEECH}|believed|argue[sd]?|agreed)\b(?:\s+(?:that|he|she|it|they))?")
#: What may stand between a sentence's subject and its verb: an appositive, adverbs, another verb and 'and'.
SUBJECT_GAP = re.compile(
    r"(?:,[^“”\"]{0,120},)?(?:\s+(?:also|then|later|again|\w+ly))*(?:\s+[a-z][\w ]{0,40}\s+and)?\s*"
)
STATEMENT = re.compile(r"\b(?:statement|communiqu[eé]|declaration|release|report)\b", re.IGNORECASE)
WRITTEN = re.compile(r"\b(?:wrote|writes|posted|posts|tweeted|social media|post)\b", re.IGNORECASE)


@dataclass
class Said:
    """Who the text says spoke a quotation, and how it was found."""

    name: str = ""
    person: str = ""  # a people-table id
    actor: str = ""  # an actors-table id
    verb: str = ""
    object: str = ""
    how: str = ""
    end: int = 0  # where the attribution ends, when it follows the quotation


def same_person(printed: str, full: str) -> bool:
    """A name printed without titles and a registered full name: 'Donald Trump' may be printed 'Trump';
    'Amir Khan' is not 'Taimur Khan'."""
    return full.endswith(printed) or printed.endswith(full)


class Quotations:
    """Finds the quotations of one text and their speakers."""

    def __init__(
        self, text: str, mentions: list[Mention], new: list[NewName], sentences: list[Span], known: list[Known]
    ):
        self.text, self.mentions, self.sentences, self.known = text, mentions, sentences, known
        people = [(m.start, m.end, m.known) for m in mentions if m.known.kind == "person"]
        people += [
            (s, s + len(n.name), Known(n.name, "person", "", role_actor(n.role, known), n.role))
            for n in new
            if n.kind == "person"
            for s in n.mentions
        ]
        self.people = sorted(people, key=lambda p: p[0])
        # names the text does not say are people, nor anything else: 'he' after one may be that name
        self.unsure = [  # those opening a sentence, where a subject stands
            s
            for n in new
            if n.kind == "name" and " " in n.name
            for s in n.mentions
            if not text[sentence_of(sentences, s)[0] : s].strip()
        ]
        self.previous: tuple[int, Said] | None = None  # the last quotation's end and its settled speaker

    def all(self, spans: list[Span], medium: list[str]) -> list[Candidate]:
        """One candidate per quotation of three words or more, or shorter when a named speaker is found."""
        rows: list[Candidate] = []
        last: tuple[int, Said] | None = None
        for start, end in spans:
            words = self.text[start + 1 : end - 1].strip()
            said = self.attribution(start, end)
            elsewhere = re.match(rf"[^“”\"\n]{{0,60}}?\b(?:{SPEECH})\b", self.text[end : end + 80])
            if not said.name and not said.how and not elsewhere and last and self.continues(last[0], start):
                said = Said(
                    last[1].name,
                    last[1].person,
                    last[1].actor,
                    last[1].verb,
                    last[1].object,
                    "continues the quotation before it",
                )
            if len(words.split()) < 3 and not (said.person or said.actor):
                continue
            quote_end = said.end or end
            fields = {"words": words.rstrip(","), "medium": self.medium(start, end, said, medium)}
            fields |= {k: v for k, v in (("speaker", said.person), ("speaker_actor", said.actor)) if v}
            note = (
                f"direct quotation; speaker: {said.name} ({said.how})"
                if said.name
                else "direct quotation; no speaker settled by the text"
            )
            c = Candidate(start, self.text[start:quote_end], "quotation", "quotation", fields, note)
            c.fields["draft_speaker"] = said.name
            rows.append(c)
            if said.name:
                last = (max(end, said.end), said)
                self.previous = last
        return rows

    def continues(self, previous_end: int, start: int) -> bool:
        """A quotation right after another (same or next paragraph), no other person named between."""
        between = self.text[previous_end:start]
        attributed = sentence_of(self.sentences, max(0, previous_end - 1))[1]  # the sentence that attributed it
        return (
            between.count("\n") <= 2
            and len(between) < 400
            and not any(
                previous_end <= s < start
                and (not self.possessive(e) or s >= attributed)  # an owner in a sentence of its own may be 'he'
                and not self.aside_of(previous_end, s)
                for s, e, _ in self.people
            )
        )

    def circumstance(self, offset: int) -> bool:
        """What follows a name and its verb only says where or how (to the end of its sentence)."""
        found = CIRCUMSTANCE.match(self.text[offset : offset + 200] + "\n")
        clause = r"\b(?:that|would|will|was|were|is|are|had|has|have|he|she|it|they)\b"  # a clause of its own
        return bool(found) and not re.search(clause, found.group())

    def aside_of(self, previous_end: int, start: int) -> bool:
        """Named aside in the very sentence that attributed the quotation before ('…,” X said at a meeting
        with Prime Minister Y.'): Y does not take the floor."""
        return self.named_aside(start) and start < sentence_of(self.sentences, max(0, previous_end - 1))[1]

    def named_aside(self, start: int) -> bool:
        """A person named as the object of a preposition ('at a meeting with Prime Minister X') is not
        who speaks next."""
        lead = re.split(r"[.!?][”\"]?\s+", self.text[max(0, start - 80) : start])[-1]  # this sentence only
        return bool(OBJECT_OF.search(lead))

    def possessive(self, end: int) -> bool:
        """'Trump’s comments': a person named as an owner is not who speaks next."""
        return possessive(self.text, end)

    def attribution(self, start: int, end: int) -> Said:
        """The speaker named after the quotation, before it, or by the sentence's reporting clause."""
        after = AFTER.match(self.text[end : end + 200])
        if after and re.match(r"[.!?]\s", self.text[end : end + 2]):
            after = None  # '“realism and rationality”. He emphasized …': a stop after the mark ends the sentence
        if (
            after
            and self.text[end - 2 : end - 1] in ".!?"
            and not re.match(r"\s*(?:[.,;]|$)", self.text[end + after.end() :])
            and not (self.text[end - 2 : end - 1] in "!?" and self.circumstance(end + after.end()))
        ):
            after = None  # '…airspace.” He claimed 58 soldiers…' starts a sentence of its own
        if after:
            who = after["who1"] or after["who"]
            noun = after["noun1"] or after["noun"]
            said = self.resolve(who, noun, start, "named after the quotation")
            said.verb, said.object = after["verb1"] or after["verb2"], (after["object"] or "").strip()
            said.end = end + after.end()
            return said
        sentence = sentence_of(self.sentences, start)
        first = sentence[0]
        colon = self.text.rfind(":", 0, start)
        if self.text[:start].rstrip().endswith(":") and colon < first:
            first = sentence_of(self.sentences, colon)[0]  # 'Trump declared:' in the line above it
        lead = self.text[max(first, start - 120) : start]
        before = BEFORE.search(lead)
        if before and re.search(
            r"\b(?:in|at|for|from|of|on|to|by|about|after|over)\s+(?:the\s+)?$", lead[: before.start("who")]
        ):
            # 'a statement issued after consultations on Afghanistan said: “…”': the name is no speaker
            return Said(verb=before["verb"], how="a reporting verb whose speaker the text does not name")
        if before:
            said = self.resolve(before["who"], before["noun"], start, "named before the quotation")
            said.verb, said.object = before["verb"], (before["object"] or "").strip()
            return said
        return self.clause(sentence, start)

    def clause(self, sentence: Span, start: int) -> Said:
        """The speaker of the sentence's reporting verb: named right after it, or the sentence's subject."""
        text = self.text[sentence[0] : sentence[1]]
        for verb in CLAUSE.finditer(text):
            at = sentence[0] + verb.start()
            named_after = re.match(rf"\s+({NAME})", self.text[sentence[0] + verb.end() : sentence[1]])
            if verb.group("verb") in ("said", "says") and named_after:
                said = self.resolve(named_after.group(1), None, start, "named by the sentence's reporting verb")
                said.verb = verb.group("verb")
                return said
            person = [
                k
                for s, e, k in self.people
                if sentence[0] <= s < at
                and SUBJECT_GAP.fullmatch(self.text[e:at])
                and not AFTER_PREPOSITION.search(self.text[sentence[0] : s])
                and not ACCOMPANYING.search(self.text[max(0, s - 80) : s])  # 'X, accompanied by envoy Y, …'
            ]
            if person:  # 'Taliban spokesperson Zabihullah Mujahid told reporters that … “…”'
                said = Said(
                    person[-1].name, person[-1].id, person[-1].actor, how="subject of the sentence's reporting verb"
                )
                said.verb = verb.group("verb")
                return said
            subject = [
                m
                for m in self.mentions
                if sentence[0] <= m.start < min(at, sentence[0] + 25)
                and m.known.kind in ("person", "actor", "organisation")
                and SUBJECT_GAP.fullmatch(self.text[m.end : at])
            ]
            if subject and not AFTER_PREPOSITION.search(self.text[sentence[0] : subject[0].start]):
                how = "subject of the sentence's reporting verb"
                if subject[0].known.role == "institution":  # 'The army’s media wing told Reuters that “…”'
                    said = Said(subject[0].known.name, "", subject[0].known.actor, how=how)
                else:
                    said = self.resolve(subject[0].known.name, None, start, how)
                said.verb = verb.group("verb")
                return said
            said = self.pronoun_subject(sentence, at, verb.group("verb"), start)
            if said is not None:
                return said
        if CLAUSE.search(self.text[sentence[0] : start]):  # 'The statement also warned against what it
            return Said(how="a reporting verb whose speaker the text does not name")  # called “…”'
        return Said()

    def pronoun_subject(self, sentence: Span, at: int, verb: str, start: int) -> Said | None:
        """'Two days later, he posted on his platform: “…”', 'He cited …, saying, “…”': a pronoun subject of
        the sentence's own reporting verb speaks as the quotation before it did; no speaker when that
        quotation is not close (a pronoun names no one by itself), None when there is no such pronoun."""
        before = self.text[sentence[0] : at]
        if at > start or not re.fullmatch(SPEECH, verb) or re.search(r"\b(?:whether|if|asked|that|who)\b", before):
            return None
        pronoun = re.search(r"(?:^|,\s+)([Hh]e|[Ss]he)\s+(?:\w+ly\s+)?$", before)
        if not pronoun and verb.endswith("ing") and before.rstrip().endswith(","):
            pronoun = re.match(r"\s*(?:[A-Z]\w*,\s+)?(He|She)\b", before)
        if not pronoun:
            return None
        if self.previous and self.previous[1].name and self.continues(self.previous[0], start):
            said = self.previous[1]
            return Said(said.name, said.person, said.actor, verb, how=f"'{pronoun.group(1)}': the speaker before")
        return Said(verb=verb, how=f"'{pronoun.group(1)}' with no quotation of its speaker close before")

    def resolve(self, who: str, noun: str | None, start: int, how: str) -> Said:
        """A name, a pronoun or 'the analyst' made a speaker: a known person or actor, or a new name."""
        if who.lower() in ("he", "she"):
            if (
                self.previous
                and self.previous[1].person + self.previous[1].name
                and self.continues(self.previous[0], start)
            ):
                said = self.previous[1]  # '“…,” the president said. … “…,” he added.': the same speaker
                return Said(said.name, said.person, said.actor, how=f"'{who}': the speaker of the quotation before")
            last = self.last_person(start)
            return Said(last.name, last.id, last.actor, how=f"'{who}': the person named last") if last else Said()
        if who.lower() == "they":
            return Said()
        if noun:
            return self.described(noun, start, who, how)
        who = re.sub(rf"^{HONORIFIC}", "", who)  # 'Mr. Jalaly' is Jalaly
        words = who.split()
        while len(words) > 1 and is_title(words[0]):  # 'Ambassador Sadiq' is Sadiq
            words = words[1:]
        who = " ".join(words)
        new = {k.name: k for _, _, k in self.people if not k.id}
        for k in new.values():
            if who == k.name or k.name.endswith(" " + who):
                return Said(k.name, "", k.actor, how=how + "; not in the people table")
        first = [k for k in new.values() if " " in k.name and k.name.split()[0] == who]
        if len(first) == 1:  # a family name printed first ('Lin Jian' … 'Lin said')
            return Said(first[0].name, "", first[0].actor, how=how + "; its first name part; not in the people table")
        full = {}  # a person's longest registered name: 'Amir Khan' is not 'Taimur Khan' for sharing 'Khan'
        for k in self.known:
            if k.kind == "person" and len(k.name) > len(full.get(k.id, "")):
                full[k.id] = k.name
        for m in sorted(self.known, key=lambda k: -len(k.name)):
            family = m.kind == "person" and who.endswith(" " + m.name) and same_person(who, full.get(m.id, ""))
            if m.name == who or family or who.startswith(m.name + " "):
                if m.kind == "person":
                    return Said(m.name, m.id, m.actor, how=how)
                if m.kind in ("actor", "organisation"):
                    return Said(m.name, "", m.actor, how=how)
        return Said(who, how=how + "; not in the people table") if re.match(NAME + "$", who) and " " in who else Said()

    def described(self, noun: str, start: int, who: str, how: str) -> Said:
        """'the analyst': the person named last whose role, or the description after the name, holds the word."""
        word = noun.split()[-1]
        for _, e, k in reversed([p for p in self.people if p[0] < start]):
            appositive = re.match(r",\s+([^,.;“”]{3,100})", self.text[e : e + 110])
            if word in k.role.lower() or (appositive and word in appositive.group(1).lower()):
                return Said(k.name, k.id, k.actor, how=f"'{who}': the {word} named last")
        return Said(how=f"'{who}'")

    def last_person(self, start: int) -> Known | None:
        """The person named last before an offset, in the same paragraph or the two before it."""
        floor = start
        for _ in range(3):
            floor = max(0, self.text.rfind("\n\n", 0, floor))
        earlier = [(s, k) for s, e, k in self.people if floor <= s < start and not self.possessive(e)]
        if earlier and self.named_aside(earlier[-1][0]):
            return None  # 'met with X. “…,” he said': he may be either; no guess
        if earlier and any(earlier[-1][0] < s < start for s in self.unsure):
            return None  # 'Trump … Fasihuddin Fitrat, Chief of Staff …: “…,” he said': no guess
        if earlier:  # an owner in a sentence of its own: 'Fitrat said … Trump’s reference …. He warned'
            named_in = sentence_of(self.sentences, earlier[-1][0])
            owners = [
                k
                for s, e, k in self.people
                if named_in[1] <= s < start and self.possessive(e) and k.name != earlier[-1][1].name
            ]
            if owners:
                return None  # either may be 'he'; 'Mujahid dismissed Trump’s claims. He said' is Mujahid
        return earlier[-1][1] if earlier else None

    def medium(self, start: int, end: int, said: Said, allowed: list[str]) -> str:
        """How the words were given: told an outlet, wrote, a statement, said."""
        first = sentence_of(self.sentences, start)[0]
        around = self.text[first:start] + self.text[end : max(end, said.end)]
        if said.verb in ("told", "tells") and said.object:
            value = f"told {said.object}"
        elif said.verb and WRITTEN.search(said.verb) or not said.verb and WRITTEN.search(around):
            value = "wrote"
        elif STATEMENT.search(around):
            value = "statement"
        elif re.search(r"so-called\s*$", self.text[max(0, start - 12) : start]):
            value = "term"
        else:
            value = "said"
        if allowed and value not in allowed and not value.startswith("told") and "said" in allowed:
            return "said"
        return value
