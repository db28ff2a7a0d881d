"""What a spreadsheet can do to a cell it opened: decode it in the wrong character set, or make it a date.

Both leave a cell that still reads as text, so validation alone would only say a quote "does not
occur". These tests name the cause, so the line an analyst reads says what to do about it.
"""

from __future__ import annotations

import re

#: Characters that UTF-8 bytes become when read as Windows-1252 or Latin-1: a lead byte of a
#: two- or three-byte sequence ('Ã', 'Â', 'â', ...) followed by a continuation byte.
MOJIBAKE = re.compile(
    "[\u00c2-\u00f4][\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192"
    "\u02c6\u02dc\u2013\u2014\u2018-\u201e\u2020-\u2022\u2026\u2030\u2039\u203a\u20ac\u2122]+"
)


def misdecoded(value: str) -> str | None:
    """The text ``value`` was before a wrong character set garbled it, or None when it looks intact.

    Undoing the garbling must give valid UTF-8, so ordinary accented words are never flagged.
    """
    if not MOJIBAKE.search(value):
        return None
    try:
        fixed = b"".join(single_byte(ch) for ch in value).decode("utf-8")
    except UnicodeError:
        return None
    return fixed if fixed != value else None


def single_byte(ch: str) -> bytes:
    """The byte a Windows-1252 reader (Latin-1 for the bytes 1252 leaves undefined) turned into ``ch``."""
    try:
        return ch.encode("cp1252")
    except UnicodeEncodeError:
        return ch.encode("latin-1")


def garbled_mark(value: str) -> tuple[str, str] | None:
    """The first garbled mark of a cell and what it was ('â€™', '’'), or None when the cell is intact."""
    if misdecoded(value) is None:
        return None
    mark = MOJIBAKE.search(value).group()
    return mark, misdecoded(mark) or "?"


#: A date as a spreadsheet writes one it recognised: 09/20/26, 20.09.2026, 2026-09-20 00:00:00.
SPREADSHEET_DATE = re.compile(
    r"\d{1,2}[/.]\d{1,2}[/.]\d{2}(?:\d{2})?(?:\s+\d{1,2}:\d{2}(?::\d{2})?(?:\s*[AP]M)?)?|\d{4}-\d{2}-\d{2}\s+\d{2}:\d{2}:\d{2}"
)
#: Words a spreadsheet reads as a date: a month name with a day or a year, or a day/month fraction.
DATE_WORDS = re.compile(
    r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d|\d{1,2}\s+(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)|^\d{1,2}/\d{1,2}",
    re.IGNORECASE,
)


def looks_like_spreadsheet_date(value: str) -> bool:
    """True when a cell holds nothing but a date in a spreadsheet's own format."""
    return bool(SPREADSHEET_DATE.fullmatch(value.strip()))


def date_cause(cell: str, original: str) -> str:
    """Why a quote cell no longer matches its text, when a spreadsheet made the text a date; else ''."""
    if looks_like_spreadsheet_date(cell) and DATE_WORDS.search(original):
        return (
            f"a spreadsheet turned the text {original!r} into the date {cell!r}: open the .xlsx draft, or import "
            "the CSV with every column as Text, and copy the quote from the source again"
        )
    return ""


def charset_cause(cell: str) -> str:
    """Why a cell reads wrongly when a spreadsheet decoded it in the wrong character set; else ''."""
    garbled = garbled_mark(cell)
    if garbled is None:
        return ""
    return (
        f"text decoded with the wrong character set ('{garbled[0]}' was '{garbled[1]}'): "
        "reopen the table as UTF-8 and save it again (LibreOffice: character set 'Unicode (UTF-8)')"
    )
