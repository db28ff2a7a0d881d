"""A state's institutions as the actor that speaks through them: 'Pakistan’s army', 'the Pakistani
military', 'the Afghan Ministry of Defense', 'the Taliban-led government', and later 'the military' or
'the army’s media wing' for the institution named last. A state whose government is an actor of its own
in the tables (a row of type government named 'government of <state>') speaks through that actor.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from briefing.analysis.data.drafting.known import Known, Mention, demonym_actor
from briefing.analysis.data.drafting.names import government_of
from briefing.analysis.data.drafting.text import overlaps

#: Institution nouns, by the class a later 'the <noun>' refers back to.
CLASSES = {
    "military": r"armed\s+forces|security\s+forces|forces|army|military|troops|navy|air\s+force",
    "government": r"government|authorities|administration|regime|cabinet|officials",
    "ministry": r"(?:foreign|defen[cs]e|interior)\s+ministry|ministry(?:\s+of\s+(?:foreign\s+affairs|[A-Z]\w+))?",
    "office": r"foreign\s+office|embassy|presidency",
    "police": r"police",
    "parliament": r"parliament|senate|national\s+assembly|lawmakers|legislators",
}
INSTITUTION = "(?i:" + "|".join(f"(?P<{k}>{v})" for k, v in CLASSES.items()) + ")"
#: A part of an institution that speaks for it: 'the army’s media wing', 'the ministry’s spokesman'.
PART = r"(?:[’']s\s+(?:media\s+wing|press\s+(?:office|wing)|spokes(?:man|woman|person)))?"
AFTER_ACTOR = re.compile(rf"(?:[’']s|-led)?\s+(?:(?:own|top|new|interim)\s+)?(?:{INSTITUTION}){PART}\b")
#: 'the Afghan Ministry of Defense', 'the Pakistani military': capitalised words only between ('Afghan
#: opposition forces' or 'Afghan refugees and officials' are not the state's).
AFTER_DEMONYM = re.compile(rf"\s+(?:(?:[A-Z][\w-]*|top|interim)\s+){{0,2}}?(?:{INSTITUTION}){PART}\b")
#: How far back 'the military' may refer, and what may not stand between: another state named.
REFER_BACK = 400
DEFINITE = re.compile(rf"\b[Tt]he\s+(?:{INSTITUTION}){PART}\b")
CAPITALISED_WORD = re.compile(r"(?<![\w’'-])[A-Z][a-z]+(?![\w’'])")


def institution_mentions(text: str, found: Sequence[Mention], known: Sequence[Known]) -> list[Mention]:
    """Every institution phrase the text names, as a mention of the actor that speaks through it."""
    named: list[tuple[Mention, str]] = []
    for m in found:
        after = AFTER_ACTOR.match(text, m.end) if m.known.kind == "actor" and m.known.actor else None
        if after:
            named.append((_mention(text, m.start, after.end(), government_of(m.known.actor, known)), _class(after)))
    for w in CAPITALISED_WORD.finditer(text):
        actor = demonym_actor(w.group(), known)
        after = AFTER_DEMONYM.match(text, w.end()) if actor else None
        if after and not any(overlaps((w.start(), after.end()), [x.span]) for x, _ in named):
            named.append((_mention(text, w.start(), after.end(), government_of(actor, known)), _class(after)))
    named.sort(key=lambda pair: pair[0].start)
    return sorted([m for m, _ in named] + _referred_back(text, named, found, known), key=lambda m: m.start)


def _referred_back(
    text: str, named: list[tuple[Mention, str]], found: Sequence[Mention], known: Sequence[Known]
) -> list[Mention]:
    """'the military': the actor of the institution of that class named last before it, close by (within
    REFER_BACK characters) and with no other actor named earlier in the same sentence ('Iran has its own
    worries, and the authorities there said' is not Pakistan's)."""
    referred = []
    for d in DEFINITE.finditer(text):
        if any(overlaps(d.span(), [m.span]) for m, _ in named):
            continue
        earlier = [m for m, c in named if c == _class(d) and m.end <= d.start()]
        if not earlier or d.start() - earlier[-1].end > REFER_BACK:
            continue
        last = earlier[-1]
        stops = [s.end() for s in re.finditer(r"[.!?][”\"]?\s+|\n", text[: d.start()])]
        since = max([last.end, *stops])
        others = [x for x in found if since <= x.start < d.start() and x.known.kind == "actor" and x.known.actor]
        if all(government_of(x.known.actor, known) == last.known.actor for x in others):
            referred.append(_mention(text, d.start(), d.end(), last.known.actor))
    return referred


def _class(match: re.Match) -> str:
    return next((k for k in CLASSES if match.group(k)), "")


def _mention(text: str, start: int, end: int, actor: str) -> Mention:
    return Mention(start, end, Known(text[start:end], "actor", actor, actor, "institution"))


def with_institutions(mentions: Sequence[Mention], institutions: Sequence[Mention]) -> list[Mention]:
    """The mentions with each institution phrase in place of the names inside it."""
    kept = [m for m in mentions if not any(overlaps(m.span, [i.span]) for i in institutions)]
    return sorted(kept + list(institutions), key=lambda m: m.start)
