"""Names the tables already know, found in an article: by name, short name, surname or plain name,
spelled another way, or as a country's adjective; and the titles printed before a person's name.
"""

from __future__ import annotations

import os
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date

from briefing.analysis.data.drafting.text import Span, overlaps
from briefing.analysis.data.validate import Table

#: Trailing words that make a place's name formal ('Bagram Air Base' is printed 'Bagram').
GENERIC_TAIL = re.compile(
    r"\s+(?:international\s+airport|air\s*base|airbase|airfield|airport|base|province|region|city|district)$",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Known:
    """A name the tables know, and what it identifies."""

    name: str
    kind: str  # actor, place, organisation, person
    id: str
    actor: str = (
        ""  # the actor it stands for: itself, an organisation's actor, a person's affiliation, a capital's country
    )
    role: str = ""  # a person's role, a place's kind, an actor's type
    country: str = ""  # the country a place lies in


@dataclass(frozen=True)
class Mention:
    start: int
    end: int
    known: Known

    @property
    def span(self) -> Span:
        return (self.start, self.end)


def plain(name: str) -> str:
    return re.sub(r"\s*\([^)]*\)", "", name).strip()


def aliases(name: str, kind: str) -> list[str]:
    """The forms a name is printed in: as registered, without a bracketed note, before ' of ', without a generic tail."""
    found = [name, plain(name)]
    if " of " in plain(name) and len(plain(name).split(" of ")[0].split()) >= 2:
        found.append(plain(name).split(" of ")[0])
    if kind == "place":
        short = GENERIC_TAIL.sub("", plain(name))
        if len(short) >= 4:
            found.append(short)
    acronym = re.search(r"\(([A-Z]{2,})\)", name)
    if acronym:
        found.append(acronym.group(1))
    # a name quoted in the note is another name it goes by: "Taliban (…, 'Islamic Emirate of Afghanistan')"
    for other in re.findall(r"\([^)]*?['‘\"“]([A-Z][^'’\"”()]{3,}?)['’\"”]", name):
        found += [other] + [other.split(" of ")[0]] * (len(other.split(" of ")[0].split()) >= 2)
    return [a for a in dict.fromkeys(found) if a]


def known_names(tables: dict[str, Table]) -> list[Known]:
    """Names of actors, places, organisations and people in the tables, longest first, each once."""
    found: dict[str, Known] = {}
    surnames: dict[str, list[Known]] = {}
    for t in tables.values():
        columns = {f["name"] for f in t.fields}
        for row in t.rows:
            for known in names_of(t, columns, row):
                for alias in aliases(known.name, known.kind):
                    found.setdefault(alias, Known(alias, known.kind, known.id, known.actor, known.role, known.country))
                if known.kind == "person" and len(known.name.split()) > 1:
                    surnames.setdefault(known.name.split()[-1], []).append(known)
    for surname, people in surnames.items():
        if len({p.id for p in people}) == 1 and surname not in found and len(surname) >= 3:
            p = people[0]
            found[surname] = Known(surname, "person", p.id, p.actor, p.role)
    return sorted(found.values(), key=lambda k: -len(k.name))


#: The kinds of actor that meet as a series, and whose members a text calls 'the participants'.
FORUMS = ("intergovernmental", "bloc")
#: A report of a series' meeting comes within this many days of it: 'the Moscow Format said' is that meeting.
OCCASION_DAYS = 14


def occasions(known: list[Known], tables: dict[str, Table], day: date | None) -> list[Known]:
    """A series (an intergovernmental forum) that the tables also hold as one dated meeting stands for that
    meeting in a text dated within OCCASION_DAYS after it; its name still names the series. A meeting is an
    actor of type 'meeting' whose name contains the series' name; its date is the first dated row citing it."""
    if day is None:
        return known
    held = meeting_dates(tables)
    recent = [k for k in known if k.id in held and 0 <= (day - held[k.id]).days <= OCCASION_DAYS]
    series: dict[str, str] = {}  # a series' id to its recent meeting's, found by its full name
    for k in known:
        if k.kind == "actor" and k.role in FORUMS and len(k.name.split()) > 1:
            meeting = next((m for m in recent if k.name.lower() in m.name.lower() and m.id != k.id), None)
            if meeting is not None:
                series.setdefault(k.id, meeting.id)
    return [
        replace(k, actor=series[k.id]) if k.id in series else k for k in known
    ]  # its short name, and its organisation rows, too


def meeting_dates(tables: dict[str, Table]) -> dict[str, date]:
    """The first date of the rows whose actors include a registered meeting."""
    meetings = {r["id"] for t in tables.values() for r in t.rows if r.get("type") == "meeting" and r.get("id")}
    held: dict[str, date] = {}
    for t in tables.values():
        for row in t.rows:
            if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", row.get("date") or ""):
                continue
            for actor in set((row.get("actors") or "").split(";")) & meetings:
                held[actor] = min(held.get(actor, date.max), date.fromisoformat(row["date"]))
    return held


def names_of(t: Table, columns: set[str], row: dict[str, str]) -> list[Known]:
    """What one row names: an actor or place of a reference table, an organisation or a person of a claim table."""
    kind = t.resource.get("kind")
    if kind == "reference" and {"name", "short_name"} <= columns:
        return [
            Known(row[c], "actor", row["id"], row["id"], row.get("type", ""))
            for c in ("name", "short_name")
            if row.get(c)
        ]
    if kind == "reference" and {"name", "lat", "lon"} <= columns and row.get("name"):
        stands_for = row.get("country", "") if row.get("kind") == "capital" else ""
        return [Known(row["name"], "place", row["id"], stands_for, row.get("kind", ""), row.get("country", ""))]
    if kind == "claim" and {"actor", "name", "type"} <= columns and row.get("name"):
        return [Known(row["name"], "organisation", row["actor"], row["actor"], row.get("type", ""))]
    if kind == "claim" and {"name", "role", "affiliation"} <= columns and row.get("name"):
        return [Known(row["name"], "person", row["id"], row.get("affiliation", ""), row.get("role", ""))]
    return []


def mentions(text: str, known: list[Known], skip: list[Span]) -> list[Mention]:
    """Every mention of a known name, longest name first; names of two words or more in any case."""
    taken: list[Span] = list(skip)
    found = []
    for k in known:
        flags = re.IGNORECASE if len(k.name.split()) > 1 else 0
        surname = k.kind == "person" and " " not in k.name
        for m in re.finditer(rf"(?<![\w-]){re.escape(k.name)}(?![\w])", text, flags):
            if overlaps(m.span(), taken):
                continue
            if surname and another_first_name(text, m.start()):
                continue  # 'Asim Khan' is not the Khan the tables know
            taken.append(m.span())
            found.append(Mention(m.start(), m.end(), k))
    found += introduced_acronyms(text, found, taken)
    return sorted(found + respelled_places(text, known, taken), key=lambda m: m.start)


def introduced_acronyms(text: str, found: list[Mention], taken: list[Span]) -> list[Mention]:
    """An acronym a text introduces in brackets after a known name ('the Islamic Emirate of Afghanistan
    (IEA)') names the same at every place it is printed."""
    more = []
    for m in found:
        acronym = re.match(r" \(([A-Z]{2,8})\)", text[m.end : m.end + 12])
        if not acronym or not initials(acronym.group(1), text[m.start : m.end]):
            continue  # '… Mission in Afghanistan (UNAMA)' introduces the longer name
        for a in re.finditer(rf"(?<![\w-]){acronym.group(1)}(?![\w-])", text):
            if not overlaps(a.span(), taken):
                taken.append(a.span())
                more.append(Mention(a.start(), a.end(), m.known))
    return more


def initials(acronym: str, name: str) -> bool:
    """Whether an acronym is made of a name's capitals, in order, from its first ('TTP': Tehreek-e-Taliban Pakistan)."""
    capitals = iter(re.findall(r"[A-Z]", name))
    return name[:1] == acronym[:1] and all(letter in capitals for letter in acronym)


def respelled_places(text: str, known: list[Known], taken: list[Span]) -> list[Mention]:
    """One-word countries and places printed another way ('Kyrgyzistan', 'Tayikistan'): close in spelling,
    neither a form of the other ('Russians', 'Pakistani' are words of their own)."""
    names = [k for k in known if k.kind in ("actor", "place") and " " not in k.name and len(k.name) >= 6]
    found = []
    for w in re.finditer(r"(?<![\w’'-])[A-Z][a-z]{5,}(?![\w’'-])", text):
        word = w.group()
        if overlaps(w.span(), taken) or demonym_actor(word, known):
            continue
        for k in names:
            related = word.startswith(k.name) or k.name.startswith(word)
            if not related and abs(len(word) - len(k.name)) <= 2 and close_spelling(word, k.name):
                found.append(Mention(w.start(), w.end(), k))
                break
    return found


def another_first_name(text: str, start: int) -> bool:
    """Whether a capitalised word other than a title stands right before a surname: someone else's name."""
    before = re.search(r"([A-Z][\w’'-]*)\s+$", text[max(0, start - 40) : start])
    word = before.group(1) if before else ""
    possessive = re.search(r"[’']s$", word)  # 'ISSI’s Khan' is the institute's Khan
    return bool(word) and not possessive and not is_title(word) and not NOT_NAMES.match(word)


#: English country adjectives that do not begin with their country's name (the rest are found by prefix).
IRREGULAR_DEMONYMS = {
    "British": "United Kingdom",
    "Dutch": "Netherlands",
    "French": "France",
    "Swiss": "Switzerland",
    "Spanish": "Spain",
    "Turkish": "Turkey",
    "Greek": "Greece",
    "Danish": "Denmark",
    "Swedish": "Sweden",
    "Finnish": "Finland",
    "Polish": "Poland",
    "Emirati": "United Arab Emirates",
    "Saudi": "Saudi Arabia",
    "Filipino": "Philippines",
    "American": "United States",  # or 'United States of America', as the tables may spell it
}


def demonym_actor(word: str, known: Sequence[Known]) -> str:
    """The actor a country adjective stands for ('Pakistani', 'Afghan', 'Chinese', 'British'), or ''."""
    country = IRREGULAR_DEMONYMS.get(word)
    if country:
        names = (country, f"{country} of America") if country == "United States" else (country,)
        return next((k.actor for k in known if k.kind == "actor" and k.name in names and k.actor), "")
    # 'Soviet' is the Soviet Union's, 'Czech' the Czech Republic's; 'Uzbek', 'Kazakh', 'Turkmen' by -stan
    forms = (f"{word} Union", f"{word} Republic", f"{word}stan", f"{word}istan")
    formed = next((k.actor for k in known if k.kind == "actor" and k.name in forms), "")
    if formed:
        return formed
    if not word[:1].isupper() or not re.search(r"(?:an|ese|i|ish|ic|h)$", word):
        return ""
    for k in known:
        if k.kind != "actor" or k.role not in ("state", "government") or " " in k.name:
            continue
        common = len(os.path.commonprefix([word, k.name]))
        if common >= 4 and (k.name.startswith(word) or common >= len(k.name) - 1):
            return k.actor
    return ""


def demonym_mentions(text: str, known: Sequence[Known], skip: list[Span]) -> list[Mention]:
    """Each country adjective ('British Prime Minister') as a mention of its actor."""
    found = []
    names = {k.name for k in known}
    for w in re.finditer(r"(?<![\w’'-])[A-Z][a-z]+(?![\w’'])", text):  # 'Soviet-built' too
        before, after = text[max(0, w.start() - 30) : w.start()], text[w.end() : w.end() + 30]
        lead = re.search(r"([A-Z][\w’'-]*)\s+$", before)
        in_name = (lead and not NOT_NAMES.match(lead.group(1))) or re.match(r"\s+(?!(?:[A-Z]\w*\s+)*[a-z])[A-Z]", after)
        titled = re.match(r"\s+([A-Z]\w*)", after)
        if w.group() in names or any(s <= w.start() < e for s, e in skip):
            continue
        if in_name and not (titled and is_title(titled.group(1))):
            continue  # 'Pham Minh Chinh', 'Smriti Irani', 'the Indian Ocean': part of a name
        actor = demonym_actor(w.group(), known)
        if actor:
            k = next(k for k in known if k.actor == actor and k.kind == "actor")
            found.append(Mention(w.start(), w.end(), Known(k.name, "actor", k.id, actor, k.role)))
    return found


#: Words of a person's role or title: after them comes a name ('minister Ishaq Dar', 'Police Chief Saeed Ahmad').
ROLES = (
    "spokesman|spokeswoman|spokesperson|minister|president|analyst|director|official|envoy|ambassador|general|"
    "commander|chief|secretary|adviser|advisor|researcher|professor|leader|governor|senator|mr|mrs|ms|dr|gen|"
    "vice|prime|deputy|foreign|defen[cs]e|interior|finance|police|lt|col|maj|capt|head|inspector|superintendent|"
    "officer|sheikh|king|queen|prince|judge|justice|mayor|speaker|chairman|chairwoman|special|representative|army|staff"
)
ROLE_WORDS = re.compile(rf"(?:{ROLES})\.?,?\s*$", re.IGNORECASE)
TITLE_WORDS = re.compile(rf"^(?:{ROLES})\.?$", re.IGNORECASE)


def is_title(word: str) -> bool:
    """One word of a title printed before a name, capitalised as titles are ('Minister', not 'minister')."""
    return word[:1].isupper() and bool(TITLE_WORDS.match(word))


def spelled_otherwise(name: str, known: Sequence[Known]) -> Known | None:
    """A registered person printed with another transliteration ('Amir Khan Mottaqi' for 'Amir Khan
    Muttaqi'): every word the same but one, and that one close (same first letter, few letters apart)."""
    words = name.split()
    if len(words) < 2:
        return None
    for k in known:
        theirs = k.name.split()
        if k.kind != "person" or len(theirs) != len(words):
            continue
        differ = [(a, b) for a, b in zip(words, theirs, strict=True) if a != b]
        if len(differ) == 1 and close_spelling(*differ[0]):
            return k
    return None


def close_spelling(a: str, b: str) -> bool:
    """Two spellings of one name: same first letter, long enough, and at least 80% alike."""
    from difflib import SequenceMatcher

    return a[:1] == b[:1] and min(len(a), len(b)) >= 5 and SequenceMatcher(None, a.lower(), b.lower()).ratio() >= 0.8


#: Capitalised words that open a sentence or name a day or month, not a person.
NOT_NAMES = re.compile(
    r"^(?:The|A|An|In|On|At|But|And|Yet|For|If|It|This|That|These|Those|He|She|They|We|Its|Their|Still|However|Since|"
    r"When|While|After|Before|As|Although|Though|Because|Where|Why|How|What|Who|Then|Now|So|Also|Meanwhile|"
    r"Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|January|February|March|April|May|June|July|August|"
    r"September|October|November|December)$"
)
