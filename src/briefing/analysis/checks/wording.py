"""How the checks word what they compare: stated figures and dates as the source gives them, readings, verdicts.

Shared by the kinds of check (:mod:`measured`, :mod:`recorded`) and by the chapters that quote them.
"""

from __future__ import annotations

import re
from typing import Any

import pandas as pd

from briefing.analysis.checks import claims, units
from briefing.analysis.writing import typography

PRECISION = {"day": "%-d %B %Y", "month": "%B %Y", "year": "%Y"}
"""How a date is printed at each precision the data record (a decade is 'the 1950s')."""


def count_as_said(n: int, quote: str) -> str:
    """A count as the source gives it: 'six' when its excerpt spells the number out, else '6'."""
    word = typography.NUMBER_WORDS[n] if 0 <= n < len(typography.NUMBER_WORDS) else ""
    return word if word and re.search(rf"\b{word}\b", quote, re.I) else f"{n:,}"


def figures(text: str) -> set[str]:
    """The figures a text states, without thousands separators: '2,500 km in 2021' -> {'2500', '2021'}."""
    return {m.replace(",", "") for m in re.findall(r"\d[\d,]*(?:\.\d+)?", text)}


def round_km(km: float) -> str:
    """A distance as a finding states it: to the hundred above a thousand km ('5,700 km'), else as printed."""
    return f"{round(km, -2):,.0f} km" if km >= 1000 else units.length_text(km)


def stated_distance(fact: dict[str, Any]) -> str:
    """A stated distance as the source prints it, with its qualifier: 'nearly 8,000 km'."""
    words = "" if fact["qualifier"] == "exact" else f"{fact['qualifier']} "
    return f"{words}{float(claims.stated_text(fact['value'])):,g} {fact['unit']}"


def stated_date(event: dict[str, Any]) -> str:
    """An event's date at the precision the source gives it: '9 October 2025', 'January 2020', 'the 1950s'."""
    start = pd.Timestamp(event["date"])
    if event["precision"] == "decade":
        return f"the {start.year}s"
    return start.strftime(PRECISION.get(str(event["precision"]), "%-d %B %Y"))


def either(readings: list[str]) -> str:
    """Readings joined as alternatives: 'either A, or B'; 'A, B, or C'; a single one as it is."""
    if len(readings) == 2:
        return f"either {readings[0]}, or {readings[1]}"
    return ", or ".join(readings)


def verdict_words(key: str) -> str:
    """The verdict as readers see it: the label in lower case ('partly consistent', 'wrong date')."""
    return claims.label(key).lower()
