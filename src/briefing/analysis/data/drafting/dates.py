"""Date expressions in an article, each resolved to a period with the rule that resolved it recorded.

A date without a year is taken as the latest such date on or before the dateline. A relative date is
counted from its anchor: 'two days later' from the date the text gave last, 'four years after X'
from the sentence's own date (X is that long before it) or, in a sentence without one, from the
dateline; 'the past four years' ends at the dateline.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta

from briefing.analysis.data.drafting.numbers import DIGITS, TIME_UNITS, WORDNUM, alternation, decimal_text, number_value
from briefing.analysis.data.drafting.text import Candidate, Span, overlaps, sentence_of

MONTHS = {m.lower(): i for i, m in enumerate(calendar.month_name) if m}
MONTHS.update({m.lower(): i for i, m in enumerate(calendar.month_abbr) if m})
MONTHS["sept"] = 9  # news style ('Sept. 18')
WEEKDAYS = {d.lower(): i for i, d in enumerate(calendar.day_name)}
MON = rf"(?P<month>{alternation(calendar.month_name[1:])}|(?:Sept|{alternation(calendar.month_abbr[1:])})\.?)"
#: Words that make a bare month name a date ('in May', not 'may'); each a fixed-width look-behind.
MONTH_CUES = ("in", "since", "until", "by", "from", "early", "late", "last", "this", "next", "of", "mid")
DUR = rf"(?P<num>{DIGITS}|{WORDNUM}|an?)[\s-]+(?P<unit>{alternation(TIME_UNITS)})(?:s|ies)?|(?P<half>half[\s-](?:a\s+)?century)"
DAY = alternation(calendar.day_name)
ABSOLUTE = [
    ("iso", r"(?P<year>\d{4})-(?P<mm>\d{2})-(?P<day>\d{2})"),
    ("days", rf"(?P<day>\d{{1,2}})\s*[-–/]\s*(?P<day2>\d{{1,2}})\s+{MON}(?:\s*,?\s+(?P<year>\d{{4}}))?"),
    # 'from Oct. 9 to 16', 'October 25-30, 2025', 'between October 25 and 30' (an 'and' alone joins two days)
    (
        "days",
        rf"{MON}\s+(?P<day>\d{{1,2}})\s*(?:[-–]|to|through|until)\s*(?P<day2>\d{{1,2}})(?![\d:])(?:\s*,?\s+(?P<year>\d{{4}}))?",
    ),
    (
        "days",
        rf"(?<=between\s){MON}\s+(?P<day>\d{{1,2}})\s+and\s+(?P<day2>\d{{1,2}})(?![\d:])(?:\s*,?\s+(?P<year>\d{{4}}))?",
    ),
    ("dmy", rf"(?P<day>\d{{1,2}})\s+{MON}\s*,?\s+(?P<year>\d{{4}})"),
    ("mdy", rf"{MON}\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<year>\d{{4}})"),
    ("month_rel", rf"{MON}\s+(?P<rel>this|last|next)\s+year"),
    ("dm", rf"(?P<day>\d{{1,2}})\s+{MON}"),
    ("md", rf"{MON}\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?(?!\d)"),
    ("my", rf"{MON}\s+(?P<year>\d{{4}})"),
    ("m", "(?:" + "|".join(f"(?<=\\b{w} )" for c in MONTH_CUES for w in (c, c.capitalize())) + rf"){MON}"),
    ("decade", r"(?:the\s+)?(?P<year>(?:1[5-9]|20)\d0)s"),
    ("year", r"(?P<year>(?:19|20)\d{2})"),
    (
        "weekday",
        rf"(?:(?P<rel>last|this|next|on)\s+)?(?P<weekday>{DAY})(?:\s+(?:and|to|through)\s+(?P<weekday2>{DAY}))?",
    ),
    ("part", r"(?P<part>earlier|later)\s+(?:in\s+)?(?:the|this)\s+(?P<unit>week|month|year)"),
    ("relative", r"(?P<word>yesterday|today|tomorrow|(?:last|this|next)\s+(?:year|month|week))"),
]
ANCHORED = [
    ("later", rf"(?:{DUR})\s+(?P<rel>later|afterwards|earlier|ago)"),
    ("after", rf"(?:{DUR})\s+(?P<rel>after|before)(?=\s)"),
    ("period", rf"(?:the\s+)?(?P<rel>past|last|previous|next|coming)\s+(?:{DUR})"),
    (
        "following",
        r"the\s+(?P<rel>next|following|same)\s+(?P<unit>day|week|month|year)|(?P<that>that)\s+(?P<unit2>day|week|month|year)",
    ),
]
FLAGS = re.IGNORECASE


def compiled(patterns: list[tuple[str, str]]) -> list[tuple[str, re.Pattern[str]]]:
    case = {"relative", "later", "after", "period", "following", "weekday", "part"}
    return [(k, re.compile(rf"(?<![\w-]){p}(?![\w-])", FLAGS if k in case else 0)) for k, p in patterns]


ABSOLUTE_RE, ANCHORED_RE = compiled(ABSOLUTE), compiled(ANCHORED)
PRECISION = {"day": 0, "week": 0, "month": 1, "year": 2, "decade": 3, "century": 3}
PRECISIONS = ["day", "month", "year", "decade"]


@dataclass(frozen=True)
class Period:
    start: date
    end: date
    precision: str
    rule: str


def month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def shifted(d: date, n: int, unit: str) -> date:
    """A date moved by whole units; months and years keep the day where the calendar allows."""
    if unit in ("day", "week"):
        return d + timedelta(days=n * (7 if unit == "week" else 1))
    months = n * {"month": 1, "year": 12, "decade": 120, "century": 1200}[unit]
    y, m = divmod(d.month - 1 + months, 12)
    return date(d.year + y, m + 1, min(d.day, calendar.monthrange(d.year + y, m + 1)[1]))


def widened(start: date, end: date, precision: str) -> tuple[date, date]:
    """A period widened to whole months, years or decades."""
    if precision == "month":
        return start.replace(day=1), month_end(end.year, end.month)
    if precision == "year":
        return date(start.year, 1, 1), date(end.year, 12, 31)
    if precision == "decade":
        return date(start.year - start.year % 10, 1, 1), date(end.year - end.year % 10 + 9, 12, 31)
    return start, end


def latest_on_or_before(dateline: date, month: int, day: int | None = None) -> int:
    """The year that puts a month (and day) without a printed year on or before the dateline."""
    return dateline.year if date(dateline.year, month, day or 1) <= dateline else dateline.year - 1


#: Words of a sentence about what is to come: a date without a year in it lies ahead of the dateline.
FUTURE = re.compile(
    r"\b(?:will|shall|scheduled|expected\s+to|plans?\s+to|planned|due\s+to|upcoming|to\s+be\s+held|set\s+to)\b",
    re.IGNORECASE,
)


class Dates:
    """Drafts the date expressions of one text against its dateline."""

    def __init__(self, text: str, dateline: date | None, sentences: list[Span], dated: list[dict[str, str]] = ()):
        self.text, self.dateline, self.sentences, self.dated = text, dateline, sentences, list(dated)
        self.on = (
            f"the dateline {dateline.isoformat()} ({calendar.day_name[dateline.weekday()]})"
            if dateline
            else "no dateline"
        )

    def expressions(self, skip: list[Span], end: int | None = None) -> list[tuple[str, re.Match]]:
        """Each date expression outside ``skip`` (up to ``end``) with its kind, in reading order; where
        two overlap, the pattern listed first wins."""
        taken = list(skip)
        found: list[tuple[str, re.Match]] = []
        for kind, pattern in ANCHORED_RE + ABSOLUTE_RE:
            for m in pattern.finditer(self.text, 0, len(self.text) if end is None else end):
                if not overlaps(m.span(), taken):
                    taken.append(m.span())
                    found.append((kind, m))
        return sorted(found, key=lambda x: x[1].start())

    def all(self, skip: list[Span]) -> list[Candidate]:
        """Every date expression outside ``skip``: absolute ones first, then those counted from an anchor."""
        anchored = dict(ANCHORED)
        resolved: list[tuple[int, Period]] = []
        rows = []
        for kind, m in self.expressions(skip):
            period = self.anchored(kind, m, resolved) if kind in anchored else self.calendar(kind, m)
            if period is not None:
                resolved.append((m.start(), period))
            rows.append(self.candidate(m, period, kind))
        return rows

    def candidate(self, m: re.Match, period: Period | None, kind: str) -> Candidate:
        if period is None:
            return Candidate(
                m.start(), m.group(), "date", "date", {}, "date expression without an anchor to resolve it"
            )
        fields = {
            "date": period.start.isoformat(),
            "date_end": period.end.isoformat(),
            "precision": period.precision,
            "date_rule": period.rule,
        }
        g = m.groupdict()
        if g.get("num") or g.get("half"):
            fields |= {
                "value": "50" if g.get("half") else decimal_text(number_value(g["num"])),
                "unit": unit_of(g) + "s",
            }
        note = "date expression" + (" counted from an anchor" if kind in dict(ANCHORED) else "")
        return Candidate(m.start(), m.group(), "date", "date", fields, note)

    # ------------------------------------------------------------ absolute and dateline-relative

    def calendar(self, kind: str, m: re.Match) -> Period | None:
        """:meth:`absolute`, or no period for what no calendar holds ('31 April', '12-3 May', 'earlier
        this week' on a Monday)."""
        try:
            period = self.absolute(kind, m)
        except ValueError:
            return None
        return period if period is None or period.start <= period.end else None

    def absolute(self, kind: str, m: re.Match) -> Period | None:
        """Start, end, precision and rule of an expression that needs at most the dateline."""
        g, said = m.groupdict(), m.group()
        month = MONTHS.get((g.get("month") or "").lower().rstrip(".")) if g.get("month") else None
        if kind == "iso":
            d = date(int(g["year"]), int(g["mm"]), int(g["day"]))
            return Period(d, d, "day", f"'{said}' stated in full")
        if kind == "days" and g.get("year"):
            first, last = date(int(g["year"]), month, int(g["day"])), date(int(g["year"]), month, int(g["day2"]))
            return Period(first, last, "day", f"'{said}' stated in full, the first day to the last")
        if kind in ("dmy", "mdy"):
            d = date(int(g["year"]), month, int(g["day"]))
            return Period(d, d, "day", f"'{said}' stated in full")
        if kind == "my":
            y = int(g["year"])
            return Period(date(y, month, 1), month_end(y, month), "month", f"'{said}' stated with its year")
        if kind == "decade":
            y = int(g["year"])
            return Period(date(y, 1, 1), date(y + 9, 12, 31), "decade", f"'{said}' taken as {y}-{y + 9}")
        if kind == "year":
            y = int(g["year"])
            return Period(date(y, 1, 1), date(y, 12, 31), "year", f"'{said}' taken as the whole year")
        if self.dateline is None:
            return None
        last = kind == "m" and bool(re.search(r"\b[Ll]ast\s+$", self.text[max(0, m.start() - 6) : m.start()]))
        period = self.relative(kind, g, said, month, last)
        if kind in ("dm", "md", "m", "days") and period is not None and self.ahead(m.start()):
            return self.next_year(period, said)
        return period

    def ahead(self, offset: int) -> bool:
        """The sentence speaks of what is to come before the date ('are scheduled to meet again … on
        October 25'), not after it ('In a speech on 3 March he said he will …')."""
        start, _ = sentence_of(self.sentences, offset)
        return bool(FUTURE.search(self.text, start, offset))

    def next_year(self, period: Period, said: str) -> Period:
        """A date without a year in a sentence about the future: the first such date after the dateline."""
        if period.start > self.dateline:
            return period
        first, last = period.start.replace(year=period.start.year + 1), period.end.replace(year=period.end.year + 1)
        rule = f"'{said}': year not printed; the sentence speaks of what is to come, so the first such date after {self.on}"
        return Period(first, last, period.precision, rule)

    def relative(self, kind: str, g: dict[str, str], said: str, month: int | None, last: bool = False) -> Period:
        """Expressions without a year, resolved against the dateline; the rule says how."""
        dl, on = self.dateline, self.on
        if kind == "month_rel":
            y = dl.year + {"this": 0, "last": -1, "next": 1}[g["rel"].lower()]
            return Period(date(y, month, 1), month_end(y, month), "month", f"'{said}' counted from {on}")
        if kind in ("dm", "md"):
            named = self.named_day(said, month, int(g["day"]))
            if named:
                return named
            y = latest_on_or_before(dl, month, int(g["day"]))
            d = date(y, month, int(g["day"]))
            return Period(d, d, "day", f"'{said}': year not printed; taken as the latest such date on or before {on}")
        if kind == "m" and last:
            # 'last August' in September is the year before's: this year's would be 'in August'
            rule = f"'last {said}': the month of the year before {on}"
            return Period(date(dl.year - 1, month, 1), month_end(dl.year - 1, month), "month", rule)
        if kind == "m":
            y = latest_on_or_before(dl, month)
            rule = f"'{said}': year not printed; taken as the latest such month on or before {on}"
            return Period(date(y, month, 1), month_end(y, month), "month", rule)
        if kind == "days":
            y = latest_on_or_before(dl, month, int(g["day"]))
            first, last = date(y, month, int(g["day"])), date(y, month, int(g["day2"]))
            return Period(
                first, last, "day", f"'{said}': year not printed; taken as the latest such days on or before {on}"
            )
        if kind == "weekday":
            return self.weekday(g, said)
        if kind == "part":
            return self.part(g["part"].lower(), g["unit"].lower(), said)
        return self.word(g["word"].lower(), said)

    def part(self, part: str, unit: str, said: str) -> Period:
        """'earlier in the week': from the week's (month's, year's) first day to the day before the dateline;
        'later this month': from the day after it to the last day."""
        dl = self.dateline
        first = {
            "week": dl - timedelta(days=dl.weekday()),
            "month": dl.replace(day=1),
            "year": dl.replace(month=1, day=1),
        }[unit]
        last = {
            "week": first + timedelta(days=6),
            "month": month_end(dl.year, dl.month),
            "year": date(dl.year, 12, 31),
        }[unit]
        start, end = (first, dl - timedelta(days=1)) if part == "earlier" else (dl + timedelta(days=1), last)
        rule = f"'{said}': the part of the {unit} {'before' if part == 'earlier' else 'after'} {self.on}"
        return Period(start, end, "day", rule + (", weeks from Monday" if unit == "week" else ""))  # may be empty

    def named_day(self, said: str, month: int, day: int) -> Period | None:
        """A day without a year that names a dated fact of the reference tables ('September 11 attacks')."""
        for row in self.dated:
            d = date.fromisoformat(row["date"])
            label = " ".join(row.get(c, "") for c in ("label", "text", "title"))
            if (d.month, d.day) == (month, day) and said.lower() in label.lower():
                return Period(
                    d,
                    d,
                    "day",
                    f"'{said}': year not printed; it names {row.get('id', 'a reference fact')} ({d.isoformat()})",
                )
        return None

    def word(self, word: str, said: str) -> Period:
        """yesterday, today, tomorrow; last, this or next week, month or year."""
        dl, on = self.dateline, self.on
        shift = {"yesterday": -1, "today": 0, "tomorrow": 1}
        if word in shift:
            d = dl + timedelta(days=shift[word])
            return Period(d, d, "day", f"'{said}' counted from {on}")
        rel, unit = word.split()
        n = {"last": -1, "this": 0, "next": 1}[rel]
        if unit == "week":
            monday = dl - timedelta(days=dl.weekday()) + timedelta(weeks=n)
            return Period(monday, monday + timedelta(days=6), "day", f"'{said}' counted from {on}, weeks from Monday")
        start, end = widened(shifted(dl, n, unit), shifted(dl, n, unit), unit)
        return Period(start, end, unit, f"'{said}' counted from {on}")

    def weekday(self, g: dict[str, str], said: str) -> Period:
        """A weekday named without a date: the latest such day on or before the dateline ('next': the first after)."""
        dl, on = self.dateline, self.on
        rel = (g.get("rel") or "").lower()
        wanted = WEEKDAYS[g["weekday"].lower()]
        back = (dl.weekday() - wanted) % 7
        if rel == "last" and back == 0:
            back = 7
        if rel == "next":
            d = dl + timedelta(days=(wanted - dl.weekday()) % 7 or 7)
            return Period(d, d, "day", f"'{said}' taken as the first {g['weekday']} after {on}")
        d = dl - timedelta(days=back)
        how = "before" if rel == "last" else "on or before"
        if g.get("weekday2"):  # 'on Friday and Saturday': the days up to the later one ('next': from the first)
            span = (WEEKDAYS[g["weekday2"].lower()] - wanted) % 7
            if rel == "next":
                first = dl + timedelta(days=(wanted - dl.weekday()) % 7 or 7)
                return Period(
                    first, first + timedelta(days=span), "day", f"'{said}' taken as the first such days after {on}"
                )
            last = dl - timedelta(days=(dl.weekday() - WEEKDAYS[g["weekday2"].lower()]) % 7)
            first = last - timedelta(days=span)
            rule = f"'{said}' taken as the latest {g['weekday']} to {g['weekday2']} on or before {on}"
            return Period(first, last, "day", rule)
        return Period(d, d, "day", f"'{said}' taken as the latest {g['weekday']} {how} {on}")

    # ------------------------------------------------------------ counted from an anchor

    def anchored(self, kind: str, m: re.Match, resolved: list[tuple[int, Period]]) -> Period | None:
        """A relative date counted from the text's previous date, the sentence's own date or the dateline."""
        g, said = m.groupdict(), m.group()
        rel = (g.get("rel") or "").lower()
        unit = unit_of(g)
        n = 50 if g.get("half") else int(number_value(g["num"])) if g.get("num") else 1
        if g.get("half"):
            unit = "year"
        previous = resolved[-1][1] if resolved else None
        sentence = sentence_of(self.sentences, m.start())
        own = [p for start, p in resolved if sentence[0] <= start < m.start()]
        if kind == "later" and rel == "ago" or kind == "period":
            if self.dateline is None:
                return None
            return self.from_dateline(n, unit, rel, said)
        if kind == "following":
            anchor = previous
            step = 0 if rel in ("same", "") else 1
            return None if anchor is None else self.moved(anchor, step, unit, said, "the previous date in the text")
        if kind == "later":
            sign = -1 if rel == "earlier" else 1
            return (
                None
                if previous is None
                else self.moved(previous, sign * n, unit, said, "the previous date in the text")
            )
        sign = -1 if rel == "after" else 1  # X happened N units before the sentence's date (or the present)
        if own:
            return self.moved(
                own[-1],
                sign * n,
                unit,
                said,
                "the sentence's own date, which is that long after it"
                if sign < 0
                else "the sentence's own date, which is that long before it",
            )
        if self.dateline is None:
            return None
        now = Period(self.dateline, self.dateline, "day", "")
        return self.moved(now, sign * n, unit, said, f"{self.on}: the sentence speaks of the present")

    def moved(self, anchor: Period, n: int, unit: str, said: str, what: str) -> Period:
        """An anchor's period moved by n units, at the coarser of the anchor's and the unit's precision."""
        coarser = min(PRECISION[unit], 3) > PRECISIONS.index(anchor.precision)
        precision = PRECISIONS[max(PRECISIONS.index(anchor.precision), min(PRECISION[unit], 3))]
        start, end = shifted(anchor.start, n, unit), shifted(anchor.end, n, unit)
        if coarser:
            start, end = widened(start, end, precision)
        rule = (
            f"'{said}': counted from {what} ({anchor.start.isoformat()} to {anchor.end.isoformat()}), "
            f"{'+' if n >= 0 else ''}{n} {unit}(s), at {precision} precision"
        )
        return Period(start, end, precision, rule)

    def from_dateline(self, n: int, unit: str, rel: str, said: str) -> Period:
        """'N units ago' and 'the past (or next) N units', counted from the dateline."""
        precision = PRECISIONS[min(PRECISION[unit], 3)]
        dl = self.dateline
        if rel == "ago":
            start, end = widened(shifted(dl, -n, unit), shifted(dl, -n, unit), precision)
            return Period(start, end, precision, f"'{said}': counted back from {self.on}, at {precision} precision")
        forward = rel in ("next", "coming")
        start, end = (dl, shifted(dl, n, unit)) if forward else (shifted(dl, -n, unit), dl)
        return Period(start, end, precision, f"'{said}': the period {'from' if forward else 'up to'} {self.on}")


def unit_of(g: dict[str, str]) -> str:
    """The time unit of a match, singular ('year')."""
    if g.get("half"):
        return "year"
    word = (g.get("unit") or g.get("unit2") or "day").lower()
    return next(u for u in TIME_UNITS if word.startswith(u[:4]))
