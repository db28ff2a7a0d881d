"""Figures in an article: digits or words, with qualifier, unit or currency, scale, a conversion in
brackets, what a count counts, and the places a distance runs between.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

from briefing.analysis.data.drafting import fit
from briefing.analysis.data.drafting.known import Known, Mention, demonym_actor
from briefing.analysis.data.drafting.text import Candidate, Span, inside, overlaps, sentence_of, stems

QUALIFIERS = {
    "about": "about",
    "around": "about",
    "approximately": "about",
    "roughly": "about",
    "some": "about",
    "an estimated": "about",
    "nearly": "nearly",
    "almost": "nearly",
    "more than": "more than",
    "over": "more than",
    "less than": "less than",
    "fewer than": "less than",
    "under": "less than",
    "at least": "at least",
    "up to": "up to",
}
LENGTHS = {
    "km": "km",
    "kilometres": "km",
    "kilometers": "km",
    "kilometre": "km",
    "kilometer": "km",
    "miles": "mi",
    "mile": "mi",
    "mi": "mi",
    "metres": "m",
    "meters": "m",
    "metre": "m",
    "meter": "m",
    "m": "m",
    "feet": "ft",
    "foot": "ft",
    "ft": "ft",
}
PERCENT = {"%": "percent", "percent": "percent", "per cent": "percent"}
CURRENCIES = {
    "US$": "USD",
    "$": "USD",
    "USD": "USD",
    "€": "EUR",
    "EUR": "EUR",
    "£": "GBP",
    "GBP": "GBP",
    "dollars": "USD",
    "euros": "EUR",
    "pounds": "GBP",
}
SCALES = {"dozen": 12, "thousand": 10**3, "million": 10**6, "billion": 10**9, "trillion": 10**12, "bn": 10**9}
UNITS_WORDS = "one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen seventeen eighteen nineteen".split()
TENS_WORDS = "twenty thirty forty fifty sixty seventy eighty ninety".split()
WORD_VALUES = {w: i + 1 for i, w in enumerate(UNITS_WORDS)} | {w: 20 + 10 * i for i, w in enumerate(TENS_WORDS)}
WORD_VALUES |= {"dozen": 12, "a dozen": 12, "hundred": 100, "a hundred": 100, "a thousand": 1000}
#: Time units and the days of one, for durations and relative dates.
TIME_UNITS = {
    "day": "days",
    "week": "weeks",
    "month": "months",
    "year": "years",
    "decade": "decades",
    "century": "centuries",
}
#: Units of durations only (no date is counted in them): 'an hour away'.
CLOCK_UNITS = {"hour": "hours", "minute": "minutes"}
DURATION_UNITS = TIME_UNITS | CLOCK_UNITS


def alternation(words: Any) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


DIGITS = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
WORDNUM = rf"(?:{alternation(TENS_WORDS)})(?:-(?:{alternation(UNITS_WORDS[:9])}))?|{alternation(WORD_VALUES)}"
QUAL = rf"(?:(?P<qual>{alternation(QUALIFIERS)})\s+)?"
UNIT = alternation([*LENGTHS, *PERCENT, "dollars", "euros", "pounds"])
NUMBER = re.compile(
    rf"(?<![\w.,$€£-]){QUAL}(?P<cur>US\$|\$|€|£|(?:USD|EUR|GBP)\s?)?(?P<num>{DIGITS}|{WORDNUM})"
    rf"(?:[\s-]?(?P<scale>{alternation(SCALES)})\b)?"
    rf"(?:(?:\s?|-)(?P<unit>{UNIT})(?![\w-]))?"
    rf"(?:(?P<between>\s+(?:long|wide|high|deep|tall|away|across|thick|in length))?\s*\((?:(?P<altqual>{alternation(QUALIFIERS)})\s+)?"
    rf"(?P<alt>{DIGITS})(?:\s?|-)(?P<altunit>{alternation(LENGTHS)})\))?(?![\w])",  # '(1,622-mile)' too
    re.IGNORECASE,
)
DURATION = re.compile(
    rf"(?<![\w-]){QUAL}(?:(?P<num>{DIGITS}|{WORDNUM}|an?)[\s-]+(?P<unit>{alternation(DURATION_UNITS)})(?:s|ies)?(?P<age>-old)?"
    rf"(?P<and_half>\s+and\s+a\s+half)?|(?P<half>half[\s-](?:a\s+)?century)|(?P<one>{alternation(DURATION_UNITS)})-long)(?![\w-])",
    re.IGNORECASE,
)
STOP = set(
    "of and or were was are is be been have has had will would could should may might can who whom whose that which "
    "where in on at from to for with by as than when while more less the a an it its this these those through across "
    "into over under after before during since until near against among between about per like despite without "
    "within each every other another".split()
)
PLURALS = {"people", "children", "men", "women", "police", "personnel", "staff", "troops", "cattle"}
DIRECTIONS = {"north", "south", "east", "west", "north-east", "north-west", "south-east", "south-west"}
DIRECTION = re.compile(r"\s+(north|south|east|west)(?:[\s-]?(east|west))?\s+of\b", re.IGNORECASE)


def decimal_text(number: Decimal) -> str:
    """A value as the tables write it: no exponent, no trailing zeros."""
    text = f"{number:f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def number_value(said: str) -> Decimal:
    """The value of digits or of a number written in words ('twenty-five', 'a dozen')."""
    said = said.lower()
    if said[0].isdigit():
        return Decimal(said.replace(",", ""))
    if said in ("a", "an"):
        return Decimal(1)
    if "-" in said:
        tens, unit = said.split("-")
        return Decimal(WORD_VALUES[tens] + WORD_VALUES[unit])
    return Decimal(WORD_VALUES[said])


#: A word that starts the verb after a counted plural noun: a past tense or participle, or an auxiliary.
VERB_AFTER_NOUN = re.compile(r"^(?:\w+ed|\w+ing|were|are|was|is|have|had|has|will|would|could|may|who|that|which)$")


def counted(text: str, pos: int) -> tuple[str, list[str]]:
    """What a count counts: the head noun of up to three words after it, and the words before the head."""
    more = re.match(r"\s+or\s+(?:more|fewer|less|so)\b", text[pos : pos + 20])  # '10,000 or more troops'
    pos = pos + more.end() if more else pos
    paired = re.match(r"\s+([a-z][\w-]*)\s+and\s+([a-z][\w-]*)\s+([a-z][\w-]*s)\b", text[pos : pos + 80])
    if paired and not paired.group(1).endswith("s") and paired.group(1) not in STOP:
        return paired.group(3), [paired.group(1), paired.group(2)]  # '10 powerful and influential countries'
    words = []
    for m in re.finditer(r"\s([A-Za-z][\w’'-]*)", text[pos : pos + 60]):
        if m.start() != (0 if not words else words[-1][1]) or m.group(1).lower() in STOP:
            break
        words.append((m.group(1).rstrip("’'"), m.end()))
        if len(words) == 3:
            break
    names = [w for w, _ in words]
    # the noun phrase ends before a verb: 'two suicide bombers attacked' counts bombers
    verb = next(
        (i for i, w in enumerate(names) if i and VERB_AFTER_NOUN.match(w) and names[i - 1].lower().endswith("s")),
        len(names),
    )
    names = names[:verb]
    plural = [i for i, w in enumerate(names) if w.lower().endswith("s") or w.lower() in PLURALS]
    if plural:  # '200 police officers along', '12 people inside': the noun ends at its last plural
        names = names[: plural[-1] + 1]
    while names and not names[-1][0].islower() and len(names) > 1:
        names.pop()
    if not names or not (names[-1][0].islower() or len(names) == 1):
        return "", []
    return names[-1], names[:-1]


#: Words of harm a sentence uses and the words a table's listed measures use for them ('killed' ~ 'deaths').
HARM = {
    "death": re.compile(r"kill(?:s|ed|ing)?|died|dies|dead|deaths?", re.IGNORECASE),
    "casualty": re.compile(r"injur(?:y|ies|ed|ing)|wound(?:s|ed|ing)?", re.IGNORECASE),
}
#: A word that may open a compound noun before a counted noun: lower case, not an adverb, participle or adjective.
COMPOUND = re.compile(r"[a-z]+(?<!ly)(?<!ed)(?<!ing)(?<!al)(?<!ous)(?<!ive)(?<!ic)(?<!ful)")
#: A bare figure that a verb follows ('and 42 were injured'): it counts what the count before it counts.
BARE_BEFORE_VERB = re.compile(r"\s+(?:were|was|are|is|had|have|died|\w+ed)\b")
#: A count of people right before a bare count, joined to it: '13 soldiers, and 42 were', '12 killed and 30 wounded'.
EARLIER_COUNT = re.compile(
    r"\b\d[\d,.]*\s+(?:[A-Z][\w’'-]*\s+)?(?:[a-z][\w-]*\s+)?(?P<noun>(?!(?:killed|dead|injured|wounded|were|was|had|been|are)\b)[a-z][\w-]*)"
    r"(?:(?:\s+(?:were|was|had\s+been))?\s+(?:killed|dead|injured|wounded))?,?\s+(?:and\s+|while\s+)?$"
)
PEOPLE = re.compile(
    r"[a-z-]*(?:ers|ors|ists|ians|ants|ents|ees|troops|men|women|children|people|members|police|personnel)"
)


class Figures:
    """Drafts the figures of one text, given the names found in it and the package's tables."""

    def __init__(
        self, text: str, package: dict[str, Any], mentions: list[Mention], known: list[Known], sentences: list[Span]
    ):
        self.text, self.package, self.mentions, self.known, self.sentences = text, package, mentions, known, sentences

    def all(self, taken: list[Span], quotes: list[Span]) -> Iterator[Candidate]:
        """Every figure outside the spans already taken (dates), in reading order; in quotations, digits only."""
        found: list[Candidate] = []
        for m in NUMBER.finditer(self.text):
            if overlaps(m.span("num"), taken) or DURATION.match(self.text, m.start()):
                continue
            if not m["num"][0].isdigit() and inside(m.span(), quotes):
                continue
            c = self.figure(m)
            if c is not None:
                found.append(c)
        for m in DURATION.finditer(self.text):
            if not overlaps(m.span(), taken + [c.span for c in found]):
                found.append(self.duration(m))
        return iter(sorted(found, key=lambda c: c.start))

    def figure(self, m: re.Match) -> Candidate | None:
        """A figure with its qualifier, unit or currency, scale and an alternate unit in brackets."""
        value = number_value(m["num"]) * SCALES.get((m["scale"] or "").lower(), 1)
        qual = QUALIFIERS.get((m["qual"] or "").lower(), "exact")
        unit_word = (m["unit"] or "").lower()
        fields = {"value": decimal_text(value), "qualifier": qual}
        currency = CURRENCIES.get((m["cur"] or "").strip()) or CURRENCIES.get(unit_word)
        if m["alt"]:
            fields |= {
                "alt_value": m["alt"].replace(",", ""),
                "alt_unit": LENGTHS[m["altunit"].lower()],
                "alt_qualifier": QUALIFIERS.get((m["altqual"] or "").lower(), qual),
            }
        note = "number" + ("" if m["qual"] else " (no qualifier word: taken as exact)")
        quote = m.group().rstrip()
        if unit_word in LENGTHS:
            return self.length(m, quote, fields | {"unit": LENGTHS[unit_word]}, note)
        if unit_word in PERCENT or currency:
            fields["unit"] = PERCENT.get(unit_word) or currency
            return self.placed(Candidate(m.start(), quote, "number", "amount", fields, note), fields["unit"])
        return self.count(m, quote, fields, note)

    def placed(self, c: Candidate, unit: str, kind_word: str = "amount") -> Candidate:
        """Choose the table by the sentence's words and the unit; keep the signature's table when none fits."""
        start, end = sentence_of(self.sentences, c.start)
        name, chosen = fit.best_table(self.package, {"value"}, stems(self.text[start:end]), kind_word, unit)
        if name:
            c.table = name
            c.fields = chosen | c.fields
        return c

    def count(self, m: re.Match, quote: str, fields: dict[str, str], note: str) -> Candidate | None:
        """A count with what it counts; a word number needs a noun ('two runways', not 'one of')."""
        what, modifiers = counted(self.text, m.end())
        if what and not modifiers and VERB_AFTER_NOUN.match(what):  # '346 injured': a participle, no noun
            what = ""
        if modifiers and COMPOUND.fullmatch(modifiers[-1]):  # a compound noun: 'service members', 'border guards'
            what = f"{modifiers.pop()} {what}"
        if not what and m["num"][0].isdigit() and BARE_BEFORE_VERB.match(self.text, m.end()):
            what = self.earlier_noun(m.start())
            if what:
                note += f"; counts what the count before it counts ({what})"
        if not what and not m["num"][0].isdigit():
            return None
        if not m["num"][0].isdigit() and not self.plain_count(m, what):
            return None
        if what and self.text.find(what, m.end(), m.end() + 60) >= 0:
            quote = self.text[m.start() : self.text.index(what, m.end()) + len(what)]
        actors = [a for a in (demonym_actor(w, self.known) for w in modifiers) if a]
        counts = " ".join([what] + [f"({w})" for w in modifiers]) if what else "nothing named"
        c = Candidate(m.start(), quote.rstrip(), "number", "count", dict(fields), f"{note}; counts: {counts}")
        if actors:
            c.fields["actor"] = actors[0]
        if what.lower() in ("people", "persons"):
            c.fields["unit"] = "people"
        start, end = sentence_of(self.sentences, c.start)
        harm, clause = self.harm(m, (start, end))
        # the figure's clause decides, not the sentence: 'killed' earlier is not '42 were injured'
        words = stems(" ".join([what, *modifiers, clause])) | harm
        name, chosen = fit.best_table(self.package, {"value"}, words, "count", c.fields.get("unit", ""))
        table = fit.resource(self.package, name)
        if name and (chosen or c.fields.get("unit")):
            c.table, c.fields = name, chosen | c.fields
            if "count" in fit.enum(table, "unit") and "unit" not in c.fields:
                c.fields["unit"] = "count"
        else:
            c.table, c.note = "", c.note + "; no table has a field for it: code it where it belongs"
        return c

    def harm(self, m: re.Match, sentence: Span) -> tuple[set[str], str]:
        """The measure word for the harm a figure counts, and the words to choose its table by: the
        figure's own clause ('and 42 were injured'), else the clause before it that names the harm
        ('killed 13 soldiers and 160 civilians'); never across a semicolon or into another clause."""
        cut = r"[,;:.]|\b(?:after|when|because|while|as)\b"
        after = re.split(cut, self.text[m.end() : sentence[1]])[0]
        before = re.split(r"[;:]|,\s+and\b|\b(?:after|when|because|while)\b", self.text[sentence[0] : m.start()])[-1]
        own = re.split(cut, before)[-1] + self.text[m.start() : m.end()] + after
        for words in (after, *reversed(re.findall(r"[^,]+", before))):
            for word in re.findall(r"[A-Za-z]+", words):
                found = next((measure for measure, harm in HARM.items() if harm.fullmatch(word)), "")
                if found:
                    return {found}, words + " " + own
        return set(), own

    def earlier_noun(self, offset: int) -> str:
        """The people the count joined right before a bare count counts ('13 soldiers, and 42 were')."""
        start, _ = sentence_of(self.sentences, offset)
        found = EARLIER_COUNT.search(self.text, start, offset)
        return found["noun"] if found and PEOPLE.fullmatch(found["noun"]) else ""

    def plain_count(self, m: re.Match, what: str) -> bool:
        """A number in words counts something: 'two runways', 'two dozen', not 'the only one reaching out' nor 'one of'."""
        if m["scale"]:
            return True
        if m["num"].lower() in ("one", "a dozen", "dozen") or re.search(
            r"\b(?:only|this|that|no|any)\s+$", self.text[max(0, m.start() - 10) : m.start()]
        ):
            return False
        return what.lower().endswith("s") or what.lower() in PLURALS

    def length(self, m: re.Match, quote: str, fields: dict[str, str], note: str) -> Candidate:
        """A length: a distance between places when the sentence names where to, else a measurement."""
        c = Candidate(m.start(), quote, "number", "length", fields, note)
        direction = DIRECTION.match(self.text, m.end())
        if direction:
            word = "-".join(p.lower() for p in direction.groups() if p)
            if word in DIRECTIONS:
                c.fields["direction"] = word
        to, origin = self.ends(m)
        if to:
            c.fields["to_place"] = to
        if origin:
            c.fields["from_place"] = origin
        start, end = sentence_of(self.sentences, c.start)
        words = stems(self.text[start:end]) | {"length"} if m["between"] else stems(self.text[start:end])
        name, chosen = fit.best_table(self.package, {"value", "unit"}, words, "length", fields["unit"], bool(to))
        c.table, c.fields = name, chosen | c.fields
        if "facility" in fit.fields(fit.resource(self.package, name)) and not to:
            c.fields["facility"] = self.last_place(c.start, kinds=("airfield",)) or self.last_place(c.start)
        return c

    def ends(self, m: re.Match) -> tuple[str, str]:
        """Where a distance runs to (a place after 'of', 'from', 'to', 'away') and from (the sentence's first place)."""
        start, end = sentence_of(self.sentences, m.start())
        after = [x for x in self.mentions if m.end() <= x.start < end and x.known.kind == "place"]
        to = ""
        border = re.match(
            r"[^.;]{0,30}?\b(?:from|of|to)\s+the\s+([A-Z]\w+)\s+(?:border|boundary|frontier)", self.text[m.end() : end]
        )
        if border and (not after or m.end() + border.end() <= after[0].start):
            to = self.border(demonym_actor(border.group(1), self.known))
        elif after and re.search(r"\b(?:of|from|to|away)\b|:", self.text[m.end() : after[0].start]):
            if not NUMBER.search(self.text, m.end(), after[0].start):
                to = after[0].known.id
        before = [x for x in self.mentions if start <= x.start < m.start() and x.known.kind == "place"]
        origin = before[0].known.id if before and before[0].known.id != to else ""
        return to, origin

    def border(self, country: str) -> str:
        """A country's boundary among the places: of kind boundary, in that country, named after it."""
        names = [k.name for k in self.known if k.kind == "actor" and k.actor == country]
        found = [k for k in self.known if k.kind == "place" and k.role == "boundary" and k.country == country]
        found.sort(key=lambda k: not any(n in k.name for n in names))
        return found[0].id if country and found else ""

    def last_place(self, offset: int, kinds: tuple[str, ...] = ()) -> str:
        """The place named last before an offset (of the given kinds), within two sentences."""
        index = next((i for i, (s, e) in enumerate(self.sentences) if s <= offset < e), 0)
        floor = self.sentences[max(0, index - 2)][0] if self.sentences else 0
        places = [x for x in self.mentions if floor <= x.start < offset and x.known.kind == "place"]
        places = [x for x in places if not kinds or x.known.role in kinds]
        return places[-1].known.id if places else ""

    def duration(self, m: re.Match) -> Candidate:
        """A duration or an age ('five years', 'half-century', '23-year-old'), with its value."""
        if m["half"]:
            value, unit = Decimal(50), "years"
        elif m["one"]:  # 'a week-long visit'
            value, unit = Decimal(1), DURATION_UNITS[m["one"].lower()]
        else:
            value, unit = number_value(m["num"]), DURATION_UNITS[m["unit"].lower()]
            value += Decimal("0.5") if m["and_half"] else 0  # 'an hour and a half'
        fields = {
            "value": decimal_text(value),
            "unit": unit,
            "qualifier": QUALIFIERS.get((m["qual"] or "").lower(), "exact"),
        }
        what = "an age" if m["age"] else "a duration"
        note = f"{what}: no table has a field for it; code it in the row it belongs to"
        return Candidate(m.start(), m.group(), "number", "duration", fields, note, table="")
