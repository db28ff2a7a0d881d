"""New names in an article, worth a row of their own (one row per name), and what the text says they
are: a person with a role, an organisation, a place. Names the tables know are found in known.py.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from briefing.analysis.data.drafting.known import (
    NOT_NAMES,
    ROLE_WORDS,
    ROLES,
    TITLE_WORDS,
    Known,
    Mention,
    demonym_actor,
    initials,
    is_title,
)
from briefing.analysis.data.drafting.text import Candidate, Span, inside, overlaps, possessive

# ---------------------------------------------------------------- new names

ORGANISATION_WORDS = re.compile(
    r"\b(?:Institute|Organi[sz]ation|Ministry|Group|Council|Agency|Army|Party|Office|Department|House|Committee|"
    r"Commission|Bank|Fund|Union|Association|Network|News|Times|Post|Wire|Forces|Movement|Front|Court|Parliament|"
    r"Senate|Congress|Centre|Center|University|Corporation|Company|Authority|Service|Programme|Program|Social|"
    r"Hospital|Clinic|Police|Constabulary|Brigade|Division|Command|Embassy|School|College|Academy|Foundation|"
    r"Nations|Mission|Assembly|Alliance|Coalition|Federation|Secretariat|Directorate|Bureau|Cabinet|"
    r"Journal|Press|Herald|Tribune|Gazette|Telegraph|Radio|Television|Broadcasting|Media)\b"
)
CAPITALISED = re.compile(
    r"(?<![\w’'-])(?:[A-Z](?:\.|[\w’'-]*))(?:[ \t]+(?:(?:of|for|and|the|de|al|bin)[ \t]+)?"
    r"(?!(?:The|An?|In|On|At|But)\b)[A-Z](?:\.|[\w’'-]*)|[ \t]+(?:al|el|ad|ud|ul)-[A-Z][\w’'-]*)+"
)  # 'Ayman al-Zawahiri' too
#: A single word of an Arabic article and a capitalised name: 'al-Qaeda', 'al-Shabaab' (a group, unless it
#: is the surname of a person the text names in full).
ARTICLED = re.compile(r"(?<![\w’'-])(?:al|Al|el|El)-[A-Z][\w’'-]+")


def new_mentions(text: str, names: list[NewName], known: Sequence[Known] = ()) -> list[Mention]:
    """Every mention of the new people, by full name or surname, as mentions without an id; a person whose
    title names a country ('Pakistan's President') stands for that country."""
    people = {
        n.name: Known(n.name, "person", "", role_actor(n.role, known), n.role) for n in names if n.kind == "person"
    }
    found = [Mention(s, s + len(n.name), people[n.name]) for n in names if n.kind == "person" for s in n.mentions]
    for n in names:  # an organisation new to the tables: each time its name is printed
        if n.kind == "organisation":
            org = Known(n.name, "organisation", "", "", "")
            found += [Mention(s, s + len(n.name), org) for s in n.mentions]
    for n in names:
        if n.kind != "person":
            continue
        for short in short_forms(n, names):
            for m in re.finditer(rf"(?<![\w-]){re.escape(short)}(?![\w-])(?!\s+[A-Z])", text):
                if m.start() > n.start and not any(f.start <= m.start() < f.end for f in found):
                    found.append(Mention(m.start(), m.end(), people[n.name]))
    return sorted(found, key=lambda m: m.start)


def short_forms(n: NewName, names: list[NewName]) -> list[str]:
    """The words a person is called by after the full name: the surname, and the first word where it may be
    a family name printed first ('Guo' after 'Guo Jiakun'), unless another person in the text shares it."""
    words = n.name.split()
    forms = [words[-1]] if len(words[-1]) >= 3 else []
    others = {w for o in names if o is not n and o.kind == "person" for w in o.name.split()}
    first = words[0]
    if (
        len(words) >= 2
        and len(first) >= 3
        and first not in others
        and not is_title(first)
        and not NOT_NAMES.match(first)
    ):
        forms.append(first)
    return forms


def government_of(actor: str, known: Sequence[Known]) -> str:
    """The actor that governs a state, when the tables hold one ('government of Afghanistan'), else the state."""
    state = next((k for k in known if k.kind == "actor" and k.id == actor and k.role == "state"), None)
    if state is None:
        return actor
    for k in known:
        if (
            k.kind == "actor"
            and k.role == "government"
            and re.search(rf"\bgovernment\s+of\s+{re.escape(state.name)}\b", k.name, re.IGNORECASE)
        ):
            return k.actor
    return actor


#: Roles of people who comment rather than speak for an actor: 'Taliban analyst X' speaks for no Taliban.
ANALYST_ROLES = re.compile(r"analyst|researcher|director|expert|fellow|professor|scholar", re.IGNORECASE)


def role_actor(role: str, known: Sequence[Known]) -> str:
    """The actor a title names: 'Pakistan's President' or 'Pakistani Foreign Minister' -> pakistan, 'Taliban
    government spokesperson' -> taliban; else ''."""
    if ANALYST_ROLES.search(role):
        return ""
    # 'the Russian President’s special representative for Afghanistan' serves Russia: what follows 'for'
    # or 'to' is the post's portfolio, unless nothing before it names an actor ('spokesperson for the Taliban')
    employer = re.split(r"\s(?:for|to|on)\s+(?:the\s+)?(?=[A-Z])", role, maxsplit=1)[0]
    served = role_actor(employer, known) if employer != role else ""
    if served:
        return served
    actors = [k for k in known if k.kind == "actor" and k.actor]  # longest name first
    named = next((k.actor for k in actors if re.search(rf"(?<![\w-]){re.escape(k.name)}(?:[’']s)?(?![\w-])", role)), "")
    actor = named or next((a for a in (demonym_actor(w, known) for w in re.findall(r"[A-Z][\w-]+", role)) if a), "")
    # 'an official with the Afghan foreign ministry' serves the state's government
    governing = re.search(r"\b(?:government|ministry|authorities|administration)\b", role, re.IGNORECASE)
    return government_of(actor, known) if actor and governing else actor


@dataclass
class NewName:
    """A name the tables do not know, with its first mention and what the text says it is."""

    name: str
    start: int
    kind: str
    role: str = ""
    mentions: list[int] = field(default_factory=list)


def named_parts(run: str) -> list[tuple[int, str, str]]:
    """The names in a capitalised run, each with its offset in the run and the title printed before it:
    'Pakistan's President Asif Ali Zardari and Prime Minister Shehbaz Sharif' gives two names, titled."""
    parts, at, titles = [], 0, 0
    for piece in re.split(r"(\s+and\s+)(?=(?:[A-Z][\w.’'-]*\s+)*?[A-Z][\w.’'-]*\s+[A-Z])", run):
        if re.fullmatch(r"\s+and\s+", piece):
            at += len(piece)
            continue
        words = piece.split()
        titled = max((i for i, w in enumerate(words) if is_title(w)), default=-1)
        if 0 <= titled < len(words) - 1 and ORGANISATION_WORDS.fullmatch(words[titled + 1]):
            titled = -1  # 'General Directorate of Intelligence': the title word opens an organisation's name
        if 0 <= titled < len(words) - 1 and words[titled + 1] in ("for", "of"):
            titled = portfolio_end(words, titled)  # 'Special Representative for Prisoner Affairs'
            if titled == len(words) - 1:
                at, titles = at + len(piece), titles + 1  # a title alone: no name in it
                continue
        if titled >= 0 and len(words) - titled - 1 >= 2:
            name = " ".join(words[titled + 1 :])
            parts.append((at + piece.index(name), name, " ".join(words[: titled + 1])))
        else:
            parts.append((at, piece, ""))
        at += len(piece)
    # a possessive before the first title holds for the titles joined to it: 'Pakistan's President X and
    # Prime Minister Y' makes Y Pakistan's Prime Minister
    owner = re.match(r"\S+[’']s\s", parts[0][2] + " ") if parts and parts[0][2] else None
    if owner:
        parts = [(a, n, t if not t or t.startswith(owner.group()) else owner.group() + t) for a, n, t in parts]
    joined = len(parts) > 1 and not ORGANISATION_WORDS.search(run)  # 'Ryan Corbett and William McKenty'
    if titles and not parts:
        return []
    return parts if joined or any(title for _, _, title in parts) else [(0, run, "")]


def portfolio_end(words: list[str], titled: int) -> int:
    """Where a title's portfolio ends ('Minister for Economic Affairs', 'Representative for Prisoner
    Affairs'): after its last 'Affairs', else after the one word it names ('Envoy for Afghanistan')."""
    affairs = [i for i, w in enumerate(words) if i > titled and w.rstrip(",") == "Affairs"]
    return affairs[-1] if affairs else min(titled + 2, len(words) - 1)


#: Words printed before a title that say whose it is: 'Taliban government Spokesperson', 'Interior Ministry spokesman'.
TITLE_LEAD = re.compile(r"((?:(?:[A-Z][\w’'-]*|government|military|army|ministry|[a-z]+-led)\s+){1,3})$")


def title_with_lead(text: str, start: int, title: str) -> str:
    """A title (printed before the name at ``start``) with the words right before it that name whose title
    it is ('Taliban government Spokesperson')."""
    before = text[:start].rstrip()
    if not before.endswith(title):
        return title  # a title composed from a possessive the names share ('Pakistan's Prime Minister')
    start = len(before) - len(title)
    lead = TITLE_LEAD.search(text[max(0, start - 50) : start])
    words = lead.group(1).split() if lead else []
    while words and NOT_NAMES.match(words[0]):
        words.pop(0)
    return " ".join([*words, title])


def new_names(text: str, known_mentions: list[Mention], skip: list[Span], quotes: list[Span]) -> list[NewName]:
    """Capitalised runs of two words or more that no table knows, once each, with their kind guessed."""
    known_spans = [m.span for m in known_mentions]
    taken = known_spans + skip
    found: dict[str, NewName] = {}
    for m in CAPITALISED.finditer(text):
        listed = place_list(text, m)
        for offset, part, title in listed or named_parts(m.group()):
            words = trimmed(re.sub(r"[’']s$", "", part.rstrip(".")).split())
            if (
                len(words) < (1 if listed else 2)
                or all(w.isupper() for w in words)
                or COMPASS.fullmatch(" ".join(words))
            ):
                continue  # 'South' of 'South and Central Asia' names nothing alone
            name = " ".join(words)
            start = m.start() + offset + part.index(words[0])
            span = (start, start + len(name))
            near = (span[0] - 1, span[1] + 1)
            # next to a known name ('Pakistan’s X'), or inside the dateline or title (not just after it)
            named_for = ORGANISATION_WORDS.fullmatch(words[-1]) and any(  # 'US Congress', 'Kabul Times'
                s == span[0] and e < span[1] and not possessive(text, e) for s, e in known_spans
            )
            behind = next((e for s, e in known_spans if s == span[0] and e < span[1] and text[e] == " "), None)
            rest = text[behind + 1 : span[1]].split() if behind is not None else []
            if len(rest) >= 2 and not named_for and rest[0][0].isupper() and not is_title(rest[0]):
                # 'the Taliban Zabihullah Mujahid': the known name is the title's, the rest a new name
                words = text[behind + 1 : span[1]].split()
                name, start = " ".join(words), behind + 1
                span, near = (start, start + len(name)), (start - 1, start + len(name) + 1)
            if (overlaps(near, known_spans) and not named_for) or overlaps(span, skip) or inside(span, quotes):
                continue
            if name in found:
                found[name].mentions.append(start)
                continue
            role = title_with_lead(text, m.start() + offset, title) if title else role_of(text, start, len(name))
            kind = "person" if title and kind_of(text, name, start) != "organisation" else kind_of(text, name, start)
            kind = "place" if listed else kind
            found[name] = NewName(name, start, "person" if kind == "name" and role else kind, role, [start])
    for surname in {n.name.split()[-1]: n for n in found.values() if n.kind == "name"}:
        person = [n for n in found.values() if n.name.split()[-1] == surname and n.kind == "name"]
        if len(person) == 1 and re.search(rf"(?<!\w){re.escape(surname)}\s+(?:said|says|told|added|wrote)\b", text):
            person[0].kind = "person"
    single = [
        (n, s, "place")
        for n, s in place_words(text, taken + [(n.start, n.start + len(n.name)) for n in found.values()])
    ]
    surnames = {n.name.split()[-1] for n in found.values() if n.kind in ("person", "name")}
    single += [(n, s, "organisation") for n, s in told_words(text, taken) if n not in surnames]
    single += [
        (n, s, "organisation") for n, s in acronyms(text, taken) if n not in found and not short_for(n, s, text, found)
    ]
    spans = taken + [(s, s + len(n.name)) for n in found.values() for s in n.mentions]
    single += [(m.group(), m.start(), "organisation") for m in ARTICLED.finditer(text) if not overlaps(m.span(), spans)]
    single += [(n, s, "place") for n, s in listed_words(text, known_mentions, taken) if n not in found]
    for name, start, kind in single:
        if name in found:
            found[name].mentions.append(start)
        else:
            found[name] = NewName(name, start, kind, "", [start])
    return sorted(titled_surnames(found).values(), key=lambda n: n.start)


def titled_surnames(found: dict[str, NewName]) -> dict[str, NewName]:
    """'Ambassador Sadiq' after 'Ambassador Muhammad Sadiq' is that person again, not a new one."""
    for name, n in list(found.items()):
        words = name.split()
        if len(words) != 2 or not is_title(words[0]):
            continue
        person = [p for p in found.values() if p is not n and p.name.split()[-1] == words[1] and " " in p.name]
        if len(person) == 1:
            person[0].mentions.extend(s + len(words[0]) + 1 for s in n.mentions)
            person[0].kind = "person"
            del found[name]
    return found


COMPASS = re.compile(r"(?:North|South|East|West|Central|Northern|Southern|Eastern|Western)(?:[ -](?:east|west)\w*)?")
#: Number words that open a run without being part of a name ('Five Pakistani soldiers').
NUMBER_WORDS = re.compile(
    r"^(?:One|Two|Three|Four|Five|Six|Seven|Eight|Nine|Ten|Eleven|Twelve|Twenty|Thirty|Forty|Fifty|Hundreds?|Thousands?|Dozens?)$"
)


def trimmed(words: list[str]) -> list[str]:
    """A run's words without the leading ones that are no part of a name ('The', 'Five', 'and', a
    weekday) and without a trailing weekday or month ('FP News Desk October')."""
    words = list(words)
    while words and (NOT_NAMES.match(words[0]) or NUMBER_WORDS.match(words[0]) or words[0] in ("and", "of", "the")):
        words.pop(0)
    while words and NOT_NAMES.match(words[-1]):
        words.pop()
    if len(words) > 2 and re.search(r"[’']s$", words[0]) and not is_title(words[1]):
        words.pop(0)  # 'China’s People’s Liberation Army' is the army; its owner is named on its own
    return words


#: 'Kurram and North Waziristan districts': names joined before a plural place noun are places each.
PLACES_AFTER = re.compile(r"^\s+(?:districts|provinces|regions|states|cities|towns|villages|valleys|areas)\b")


def place_list(text: str, run: re.Match) -> list[tuple[int, str, str]]:
    """The parts of a run such as 'Kurram and North Waziristan' before 'districts', else none."""
    if " and " not in run.group() or not PLACES_AFTER.match(text[run.end() : run.end() + 20]):
        return []
    parts, at = [], 0
    for piece in re.split(r"(,\s+|\s+and\s+)", run.group()):
        if piece.strip() and not re.fullmatch(r",\s+|\s+and\s+", piece):
            parts.append((at, piece, ""))
        at += len(piece)
    return parts


#: A single capitalised word is taken for a new place only where the words around it say so.
PLACE_BEFORE = re.compile(
    r"(?:\b(?:in|near|at|from|into|towards?|across)|(?:north|south|east|west)(?:-\w+)?\s+of|\b(?:governor|province|city|outskirts|capital)\s+of)\s+$",
    re.IGNORECASE,
)
PLACE_AFTER = re.compile(r"^\s+(?:airfield|airbase|airport|province|district|city|crossing|valley|region)\b")
WORD = re.compile(r"(?<![\w’'-])[A-Z][a-z]{3,}(?![\w’'-])")
#: The rest of a list of single names that ends in a plural place noun: ', Laghman, and Nuristan provinces'.
LISTED_PLACES = re.compile(
    r"(?:,\s+(?:and\s+)?[A-Z][a-z]{3,}(?![\w’'-]))*,?\s+and\s+[A-Z][a-z]{3,}\s+"
    r"(?:districts|provinces|regions|states|cities|towns|villages|valleys|areas)\b|\s+(?:districts|provinces|regions|valleys)\b"
)


def place_words(text: str, taken: list[Span]) -> list[tuple[str, int]]:
    """Single capitalised words that a preposition or a place noun marks as a place ('near Torkham')."""
    found = []
    for m in WORD.finditer(text):
        if overlaps(m.span(), taken) or NOT_NAMES.match(m.group()) or COMPASS.fullmatch(m.group()):
            continue
        if PLACE_BEFORE.search(text[max(0, m.start() - 30) : m.start()]) or PLACE_AFTER.match(
            text[m.end() : m.end() + 20]
        ):
            found.append((m.group(), m.start()))
        elif LISTED_PLACES.match(text[m.end() : m.end() + 80]):  # 'Kunar, Laghman, and Nuristan provinces'
            found.append((m.group(), m.start()))
    names = {n for n, _ in found}
    return [(n, s) for n, s in found if n in names]


def listed_words(text: str, known_mentions: list[Mention], taken: list[Span]) -> list[tuple[str, int]]:
    """Single capitalised words listed with a registered state ('mediated by Qatar and Türkiye'), not
    opening a sentence: a state or place the tables do not know yet."""
    states = [  # a state, or a place that stands for one ('Ankara and Doha led the mediation')
        m.span
        for m in known_mentions
        if m.known.kind == "actor" and m.known.role == "state" or m.known.kind == "place" and m.known.actor
    ]
    found = []
    for m in re.finditer(r"(?<![\w’'-])[^\W\d_][^\W\d_]{3,}(?![\w’'-])", text):
        word = m.group()
        if (
            not word[0].isupper()
            or overlaps(m.span(), taken)
            or NOT_NAMES.match(word)
            or is_title(word)
            or COMPASS.fullmatch(word)
        ):
            continue
        if re.search(r"(?:^|[.!?]\s*)$", text[max(0, m.start() - 3) : m.start()]):
            # a sentence's first word, unless a known place follows it ('Ankara and Doha led')
            if any(re.fullmatch(r"\s+and\s+", text[m.end() : s]) for s, _ in states if s >= m.end()):
                found.append((word, m.start()))
            continue
        listing = re.match(r",\s|,?\s+(?:and|or)\s", text[m.end() : m.end() + 6])  # the list goes on after it
        before = r",?\s+(?:and|or)\s+" + (r"|,\s+" if listing else "")
        joined = any(re.fullmatch(before, text[e : m.start()]) for _, e in states if e <= m.start())
        joined = joined or any(
            re.fullmatch(r",?\s+(?:and|or)\s+|,\s+", text[m.end() : s]) for s, _ in states if s >= m.end()
        )
        if joined:
            found.append((m.group(), m.start()))
    return found


#: Grades of rank printed in lower case before a title ('chief Taliban spokesman').
RANKS = {"chief", "senior", "top", "deputy", "acting", "former", "veteran"}
#: Whom a title serves, printed in lower case before it ('Afghan government spokesperson').
SERVED = {"government", "ministry", "military", "army", "administration"}
PREPOSITIONS = {"with", "of", "to", "for", "from", "by", "after", "before", "against", "about", "among"}

#: A single capitalised word after these is whom a source spoke to or who reported it: 'told Reuters'.
TOLD_BEFORE = re.compile(r"\b(?:told|according\s+to|reported\s+by|quoted\s+by|reports?)\s+(?:the\s+)?$")


def told_words(text: str, taken: list[Span]) -> list[tuple[str, int]]:
    """Single capitalised words named as the outlet a source spoke to ('told Reuters', 'according to AFP')."""
    found = []
    for m in re.finditer(r"(?<![\w’'-])[A-Z][\w]+(?![\w’'-])(?!\s+[A-Z])", text):  # 'told Ariana News' is a longer name
        if (
            not overlaps(m.span(), taken)
            and not NOT_NAMES.match(m.group())
            and TOLD_BEFORE.search(text[max(0, m.start() - 20) : m.start()])
        ):
            found.append((m.group(), m.start()))
    return found


def acronyms(text: str, taken: list[Span]) -> list[tuple[str, int]]:
    """An acronym a text introduces in brackets after a name ('… Mission in Afghanistan (UNAMA)'), at every
    place it is printed, unless the tables know it."""
    found = []
    for first in re.finditer(r"(?<=[A-Za-z] \()([A-Z]{3,8})(?=\))", text):
        for m in re.finditer(rf"(?<![\w-]){first.group(1)}(?![\w-])", text):
            if not overlaps((m.start() - 1, m.end() + 1), taken):
                found.append((m.group(), m.start()))
    return list(dict.fromkeys(found))


def short_for(acronym: str, start: int, text: str, found: dict[str, NewName]) -> bool:
    """Whether an acronym is a new name's short form, introduced in brackets right after it ('Afghan General
    Directorate of Intelligence (GDI)'); if so it is recorded as one more mention of that name."""
    for n in found.values():
        first = text.find(f"{n.name} ({acronym})")
        words = n.name.split()
        if first >= 0 and (initials(acronym, n.name) or initials(acronym, " ".join(words[1:]))):
            n.mentions.append(start)
            return True
    return False


def kind_of(text: str, name: str, start: int) -> str:
    """person, organisation, place or name, from the words of the name and around it."""
    if ORGANISATION_WORDS.search(name):
        return "organisation"
    before = text[max(0, start - 40) : start]
    after = text[start + len(name) : start + len(name) + 40]
    if ROLE_WORDS.search(before) or re.match(
        r",\s+(?:a|an|the)\s+[\w\s-]{0,40}?(?:analyst|spokes\w+|director|minister|official|researcher|expert)", after
    ):
        return "person"
    if re.search(r"\b(?:said|says|told|added|wrote)\s*$", before.strip(" ,")) and len(name.split()) <= 3:
        return "person"
    if re.match(r",?\s+(?:said|says|told|added|wrote)\b", after):
        return "person"
    if re.search(r"\b(?:in|near|from|to|at)\s+(?:the\s+)?$", before) and len(name.split()) <= 3:
        return "place"
    return "name"


def role_of(text: str, start: int, length: int) -> str:
    """A person's role as the text gives it: an appositive (', a security analyst,') or a title before the name."""
    after = re.match(r",\s+(?:a|an|the)\s+([^,.;“”]{3,80}?)(?:,|\s+(?:said|told|says)\b)", text[start + length :])
    if after:
        return after.group(1).strip()
    headed = re.match(r",\s+((?:[\w-]+\s+){0,2}?[\w-]+\s+(?:of|for|at)\s+[^,.;“”]{3,100}?),", text[start + length :])
    post = headed.group(1).split(" of ")[0].split(" for ")[0].split(" at ")[0].split() if headed else []
    if post and all(TITLE_WORDS.match(w) or w.lower() in RANKS for w in post):
        return headed.group(
            1
        )  # ', head of the Ministry of Defense,', ', deputy spokesman for …', ', Chief of Staff of …,'
    of_known = re.search(  # 'The main spokesman of the Taliban Zabihullah Mujahid'
        rf"\b((?:[a-z]+\s+){{0,2}}(?i:{ROLES})\s+(?:of|for)\s+(?:the\s+)?[A-Z][\w’'-]*)\s+$",
        text[max(0, start - 80) : start],
    )
    if of_known:
        return of_known.group(1)
    before = re.search(r"((?:[A-Z][\w-]*\s+){1,4})$", text[max(0, start - 60) : start])
    if before and ROLE_WORDS.search(before.group(1)):
        return before.group(1).strip()
    # 'the Taliban government’s chief spokesman, Zabihullah Mujahid,': a role set before the name
    ahead = re.search(r"\b[Tt]he\s+((?:[\w’'-]+\s+){0,8}?[\w’'-]+),\s+$", text[max(0, start - 120) : start])
    if ahead and titled_post(ahead.group(1)) and re.match(r",", text[start + length :]):
        return ahead.group(1)
    # 'chief Taliban spokesman Zabihullah Mujahid': a lower-case role word right before the name
    lower = re.search(r"((?:[\w’'-]+\s+){1,4})$", text[max(0, start - 60) : start].split(",")[-1].split(".")[-1])
    words = lower.group(1).split() if lower else []
    if not words or not TITLE_WORDS.match(words[-1]):
        return ""
    # the words of a title only: title words, capitalised names and adjectives, a few grades of rank
    title = []
    for w in reversed(words):
        if not (TITLE_WORDS.match(w) or w[:1].isupper() or w in RANKS or w in SERVED and title):
            break
        title.insert(0, w)  # 'Afghan government spokesperson': the government's
    rest = words[: len(words) - len(title)]
    if rest and rest[-1].lower() in PREPOSITIONS:
        return ""  # 'After talks with Pakistani police Ahmad Karimi said': the police are not his title
    return " ".join(title)


def titled_post(words: str) -> bool:
    """A role ending in a title ('chief spokesman') or in a title's portfolio ('Special Representative for
    Prisoner Affairs')."""
    portfolio = re.search(rf"\b(?i:{ROLES})\s+(?:for|of)\s+(?:[A-Z][\w’'-]*\s*)+$", words)
    return bool(TITLE_WORDS.match(words.split()[-1]) or portfolio)


def country_after(text: str, n: NewName, found: list[Mention]) -> str:
    """The country a new place is said to be in: 'Shindand airfield in western Afghanistan'."""
    tail = re.match(
        r"(?:\s+[a-z]+)?\s+in\s+(?:the\s+)?(?:(?:north|south|east|west)\w*\s+)?", text[n.start + len(n.name) :]
    )
    if not tail:
        return ""
    at = n.start + len(n.name) + tail.end()
    return next((m.known.actor for m in found if m.start == at and m.known.kind == "actor"), "")


def name_candidates(
    text: str, names: list[NewName], found: list[Mention], signatures: dict[str, str]
) -> list[Candidate]:
    """One candidate per new name, at its first mention."""
    rows = []
    for n in names:
        fields = {"name": n.name}
        if n.kind == "place" and country_after(text, n, found):
            fields["country"] = country_after(text, n, found)
        if n.role:
            fields["role"] = n.role
        later = f"; {len(n.mentions) - 1} more mention(s)" if len(n.mentions) > 1 else ""
        what = {
            "person": "a person",
            "organisation": "an organisation",
            "place": "a place (add it to the place table)",
            "name": "a name (choose the table)",
        }[n.kind]
        rows.append(
            Candidate(
                n.start,
                n.name,
                "name",
                signatures.get(n.kind, ""),
                fields,
                f"new name, not in the tables: {what}{later}",
            )
        )
    return rows
