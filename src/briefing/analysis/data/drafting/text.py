"""The pieces of an article the drafters share: candidates, sentences, the dateline and quoted spans."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

Span = tuple[int, int]


@dataclass
class Candidate:
    """One drafted row: where it is in the text, what kind it is and the fields it could fill.

    ``signature`` names the fields a table needs to take it (see fit.SIGNATURES); ``table`` overrides
    that choice when a drafter knows better (a runway length goes to the table with a runway attribute).
    """

    start: int
    quote: str
    kind: str
    signature: str
    fields: dict[str, str] = field(default_factory=dict)
    note: str = ""
    table: str | None = None

    @property
    def end(self) -> int:
        return self.start + len(self.quote)

    @property
    def span(self) -> Span:
        return (self.start, self.end)


def overlaps(span: Span, taken: list[Span]) -> bool:
    return any(span[0] < e and s < span[1] for s, e in taken)


def inside(span: Span, spans: list[Span]) -> bool:
    return any(s <= span[0] and span[1] <= e for s, e in spans)


#: Words after which a full stop does not end a sentence.
ABBREVIATIONS = {
    "mr",
    "mrs",
    "ms",
    "dr",
    "gen",
    "lt",
    "col",
    "sgt",
    "st",
    "jr",
    "sr",
    "no",
    "vs",
    "prof",
    "rep",
    "sen",
    "gov",
}
BOUNDARY = re.compile(r"[.!?][”\"’)]*\s+(?=[A-Z“\"‘(])|\n+")


def sentences(text: str) -> list[Span]:
    """Sentence spans: a stop, question or exclamation mark before a capital, or a line break."""
    spans, start = [], 0
    for m in BOUNDARY.finditer(text):
        word = re.search(r"(\w+)\W*$", text[max(0, m.start() - 12) : m.start() + 1])
        if m.group()[0] == "." and word and (word.group(1).lower() in ABBREVIATIONS or len(word.group(1)) == 1):
            continue
        end = m.start() + (0 if m.group()[0] == "\n" else 1)
        if text[start:end].strip():
            spans.append((start, end))
        start = m.end()
    if text[start:].strip():
        spans.append((start, len(text.rstrip())))
    return spans


def sentence_of(spans: list[Span], offset: int) -> Span:
    """The sentence holding an offset."""
    return next(((s, e) for s, e in spans if s <= offset < e), (offset, offset))


def sentence_text(text: str, spans: list[Span], start: int, end: int) -> str:
    """The sentence(s) around a span, on one line, for the reviewer's eye."""
    first = sentence_of(spans, start)[0]
    last = sentence_of(spans, max(start, end - 1))[1]
    return " ".join(text[first:last].split())


#: Quoted words: curly or straight marks, also mixed (a straight opening closed by a curly one, as copies
#: of wire reports print them), within one paragraph; a closing mark typed where an opening one belongs
#: (after a space or at a paragraph's start, before a capital) opens too.
#: Single marks quote too when they hold a sentence or a clause ('If X doesn’t…, BAD THINGS…'): they open
#: before a capital and close after punctuation, so apostrophes and scare quotes ('bad things') stay out.
QUOTED = re.compile(
    r"“[^”\n]*”|\"[^\"\n]*[\"”]|(?<!\S)”(?=[A-Z‘])[^“”\n]*”"
    r"|(?<![\w’'])'(?=[A-Z])(?:[^'\n]|'(?=\w))*?[.,!?]'(?!\w)|(?<![\w’'])‘(?=[A-Z])(?:[^’\n]|’(?=\w))*?[.,!?]’(?!\w)"
)


def quoted(text: str) -> list[Span]:
    """The spans of quoted words, their marks included."""
    return [m.span() for m in QUOTED.finditer(text)]


#: What ends a dateline: a dash ('Kabul, Afghanistan – '), or a colon after the place, date and agency
#: ('PESHAWAR, Pakistan, Nov 24, (AP): ').
DASH = re.compile(r"\s[–—-]\s|(?<=\S):\s")
#: A wire agency's mark closing a dateline: '(AP)', '(Reuters)'.
AGENCY = re.compile(r"\([A-Za-z]{2,12}\)\s*$")
MONTH_DAY = re.compile(r"\b(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?\s+\d{1,2}\b")


def possessive(text: str, end: int) -> bool:
    """Whether the name ending at ``end`` is printed as an owner ('Trump’s comments')."""
    return bool(re.match(r"[’']s\b", text[end : end + 3]))


#: A dateline printed on a line of its own: a place in capitals, and maybe its country ('KARACHI, Pakistan').
DATELINE_LINE = re.compile(r"[A-Z][A-Z .'-]{2,30}(?:,\s+[A-Z][\w .'-]{2,30})?")


def dateline(text: str, place: str) -> Span | None:
    """The dateline at the head of the first body paragraph ('Kabul, Afghanistan – '), or None.

    A paragraph opening with a short run of words and a dash is a dateline when the run names the
    register's place, holds a date, or is in capitals; the register's place wins over the others.
    """
    found = []
    for para in re.finditer(r"[^\n]+", text[:2000]):
        if para.start() > 0 and DATELINE_LINE.fullmatch(para.group().strip()):
            named = bool(place) and para.group().strip() == place.strip()
            found.append((not named, para.start(), para.end()))  # 'KARACHI, Pakistan' on a line of its own
            continue
        dash = DASH.search(para.group(), 0, 120)
        if not dash:
            continue
        head = para.group()[: dash.start()]
        if len(head.split()) > 10:
            continue
        named = bool(place) and any(p.strip() and p.strip() in head for p in place.split(","))
        if dash.group().strip() == ":" and not (AGENCY.search(head) or head.split(",")[0].strip().isupper()):
            continue  # 'Trump wrote on 20 September 2025:' opens a quotation, not a dateline
        dated = bool(re.search(r"\d{4}", head) or MONTH_DAY.search(head))
        first = head.split(",")[0].strip()
        capitals = head.strip().isupper() or (len(first) >= 3 and first.isupper() and "," in head)
        if named or dated or capitals:
            found.append((not named, para.start(), para.start() + dash.end()))
    return min(found)[1:] if found else None


def title_span(text: str, title: str) -> Span | None:
    """Where the source's own title stands at the top of the text."""
    if title and title in text[: len(title) + 200]:
        start = text.index(title)
        return (start, start + len(title))
    return None


WORD = re.compile(r"[A-Za-z][\w’'-]*")


def stem(word: str) -> str:
    """A crude stem for matching words of a text with words of a table's values ('runways' ~ 'runway')."""
    w = word.lower().strip("’'")
    for suffix in ("ies", "ied", "ing", "es", "ed", "s"):
        if w.endswith(suffix) and len(w) - len(suffix) >= 3:
            return w[: -len(suffix)] + ("y" if suffix in ("ies", "ied") else "")
    return w


def stems(text: str) -> set[str]:
    return {stem(w) for w in WORD.findall(text)}


def same_stem(a: str, b: str) -> bool:
    """Two stems of one word: one is a prefix of the other, four letters at least ('kill' ~ 'killed')."""
    short, long = sorted((a, b), key=len)
    return len(short) >= 4 and long.startswith(short) or a == b
