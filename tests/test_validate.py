"""One broken fixture per validation rule, each asserting the exact one-line message."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from briefing.analysis.data.validate import DataError, check, validate
from helpers import run_cli, snapshot

DIST = "facts/distances.csv"
EVENTS = "facts/events.csv"
SOURCES = "sources/sources.csv"
PLACES = "reference/places.csv"


def replace(rel: str, old: str, new: str) -> Callable[[Path], None]:
    def edit(data: Path) -> None:
        text = (data / rel).read_text(encoding="utf-8")
        assert old in text, f"fixture lost {old!r}"
        (data / rel).write_text(text.replace(old, new, 1), encoding="utf-8")

    return edit


def write_bytes(rel: str, payload: bytes) -> Callable[[Path], None]:
    return lambda data: (data / rel).write_bytes(payload)


def remove(rel: str) -> Callable[[Path], None]:
    return lambda data: (data / rel).unlink()


CASES = {
    "missing file": (remove(EVENTS), "data/facts/events.csv: file missing"),
    "empty file": (write_bytes(EVENTS, b""), "data/facts/events.csv:1: file is empty (a header row is required)"),
    "Windows-1252 table": (
        lambda d: (d / DIST).write_bytes(
            (d / DIST).read_text(encoding="utf-8").replace("north", "north’").encode("cp1252")
        ),
        "data/facts/distances.csv:2: not UTF-8 (byte 0x92 at ",
    ),
    "mojibake": (
        replace(DIST, "north of the city", "northâ€™s city"),
        "data/facts/distances.csv:2: column 'quote': text decoded with the wrong character set ('â€™' was '’'): reopen the table as UTF-8",
    ),
    "invalid UTF-8": (
        lambda d: (d / DIST).write_bytes((d / DIST).read_bytes().replace(b"exact", b"ex\xffact")),
        "data/facts/distances.csv:2: not UTF-8 (byte 0xff at 126): save it as CSV in UTF-8 (LibreOffice: character set 'Unicode (UTF-8)'; Excel: 'CSV UTF-8')",
    ),
    "unterminated quote": (
        replace(EVENTS, 'Testville",71', "Testville,71"),
        "data/facts/events.csv:2: malformed CSV: unexpected end of data",
    ),
    "stray quote": (
        replace(EVENTS, '"On Tuesday', 'On "Tuesday'),
        "data/facts/events.csv:2: has 9 cells, header has 8",
    ),
    "unknown column": (
        replace(EVENTS, "precision,", "precision,colour,"),
        "data/facts/events.csv:1: column 'colour': unknown column (not in datapackage.json)",
    ),
    "missing column": (
        lambda d: (d / EVENTS).write_text("id,source_id,date,date_end,actors,quote,char_start\n", encoding="utf-8"),
        "data/facts/events.csv:1: column 'precision': missing column",
    ),
    "wrong cell count": (
        replace(EVENTS, "2025-10-07,2025-10-07,day,", "2025-10-07,day,"),
        "data/facts/events.csv:2: has 7 cells, header has 8",
    ),
    "wrong type": (
        replace(DIST, "44,km", "forty-four,km"),
        "data/facts/distances.csv:2: column 'value': not a number (type number) (value: 'forty-four')",
    ),
    "wrong integer": (
        replace(DIST, "city,36", "city,3.6e1"),
        "data/facts/distances.csv:2: column 'char_start': not an integer (type integer) (value: '3.6e1')",
    ),
    "outside enum": (
        replace(DIST, "44,km", "44,kms"),
        "data/facts/distances.csv:2: column 'unit': not one of km, mi (value: 'kms')",
    ),
    "required missing": (
        replace(DIST, "depot,city,44", "depot,,44"),
        "data/facts/distances.csv:2: column 'to_place': required value is missing",
    ),
    "duplicate id": (
        replace(DIST, "dist-beta", "dist-alpha"),
        "data/facts/distances.csv:3: column 'id': duplicate of line 2 (must be unique)",
    ),
    "dangling foreign key": (
        replace(DIST, "depot,city,44", "depot,town,44"),
        "data/facts/distances.csv:2: column 'to_place': no such id in places (value: 'town')",
    ),
    "dangling list item": (
        replace(EVENTS, "city;depot", "city;harbour"),
        "data/facts/events.csv:2: column 'actors': no such id in places (value: 'harbour')",
    ),
    "dangling source": (
        replace(DIST, "dist-beta,beta", "dist-beta,gamma"),
        "data/facts/distances.csv:3: column 'source_id': no such id in sources (value: 'gamma')",
    ),
    "quote not in source": (
        replace(DIST, "about 46km from", "about 64km from"),
        "data/facts/distances.csv:3: column 'quote': not found verbatim at char_start 30; it does not occur in the source (value: 'about 64km from the city')",
    ),
    "wrong offset": (
        replace(DIST, "city,36", "city,37"),
        "data/facts/distances.csv:2: column 'quote': not found verbatim at char_start 37; it occurs at 36 (value: '44km (27 miles) north of the city')",
    ),
    "negative offset": (
        replace(DIST, "city,36", "city,-1"),
        "data/facts/distances.csv:2: column 'char_start': below minimum 0 (value: '-1')",
    ),
    "altered source": (
        lambda d: (d / "sources/beta.txt").write_text("A second report, edited.\n", encoding="utf-8"),
        "data/sources/beta.txt: changed since it was registered: its sha256 is ",
    ),
    "missing source file": (
        remove("sources/beta.txt"),
        "data/sources/sources.csv:3: column 'file': source file missing (value: 'beta.txt')",
    ),
    "negative distance": (
        replace(DIST, "46,km", "-46,km"),
        "data/facts/distances.csv:3: column 'value': below minimum 0 (value: '-46')",
    ),
    "unit mismatch": (
        replace(DIST, "27,mi", "37,mi"),
        "data/facts/distances.csv:2: column 'alt_value': 37 mi disagrees with 44 km beyond rounding (value: '37')",
    ),
    "impossible date": (
        replace(EVENTS, "2025-10-07,2025-10-07", "2025-02-30,2025-10-07"),
        "data/facts/events.csv:2: column 'date': not a real calendar date (type date) (value: '2025-02-30')",
    ),
    "malformed date": (
        replace(EVENTS, "2025-10-07,2025-10-07", "7 Oct 2025,2025-10-07"),
        "data/facts/events.csv:2: column 'date': not a date in YYYY-MM-DD form (type date) (value: '7 Oct 2025')",
    ),
    "period ends before it starts": (
        replace(EVENTS, "2025-10-07,2025-10-07", "2025-10-07,2025-10-01"),
        "data/facts/events.csv:2: column 'date_end': ends before date 2025-10-07 (value: '2025-10-01')",
    ),
    "latitude out of range": (
        replace(PLACES, "34.5,69.2", "134.5,69.2"),
        "data/reference/places.csv:2: column 'lat': above maximum 90 (value: '134.5')",
    ),
    "longitude out of range": (
        replace(PLACES, "34.9,69.3", "34.9,-190"),
        "data/reference/places.csv:3: column 'lon': below minimum -180 (value: '-190')",
    ),
    "pattern": (
        replace(SOURCES, "beta,article", "Beta!,article"),
        "data/sources/sources.csv:3: column 'id': does not match pattern ^[a-z0-9-]+$ (value: 'Beta!')",
    ),
    "whitespace": (
        replace(DIST, ",about,", ", about,"),
        "data/facts/distances.csv:3: column 'qualifier': leading or trailing whitespace (value: ' about')",
    ),
    "broken datapackage": (
        write_bytes("datapackage.json", b'{"resources": ['),
        "datapackage.json: not valid JSON: Expecting value: line 1 column 16 (char 15)",
    ),
    "missing datapackage": (remove("datapackage.json"), "datapackage.json: file missing"),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_each_rule_reports_one_exact_line(mini: Path, case: str):
    edit, expected = CASES[case]
    edit(mini / "data")
    _, problems = validate(mini / "data")
    lines = [str(p) for p in problems]
    assert any(line.startswith(expected) for line in lines), lines
    assert all("\n" not in line for line in lines)


def test_committed_fixture_is_valid(mini: Path):
    tables, problems = validate(mini / "data")
    assert problems == []
    assert len(tables["distances"].rows) == 2


def test_all_problems_are_reported_at_once(mini: Path):
    replace(DIST, "44,km", "44,kms")(mini / "data")
    replace(EVENTS, "city;depot", "city;harbour")(mini / "data")
    with pytest.raises(DataError) as info:
        check(mini / "data")
    assert len(info.value.problems) == 2


def test_cli_exits_2_without_traceback_and_leaves_reports(mini: Path):
    reports = mini / "reports"
    reports.mkdir()
    (reports / "briefing.html").write_text("previous edition", encoding="utf-8")
    before = snapshot(reports)
    replace(DIST, "44,km", "44,kms")(mini / "data")
    for command in ("validate", "build"):
        result = run_cli(mini, command)
        assert result.returncode == 2
        out = result.stdout + result.stderr
        assert "Traceback" not in out
        assert "error: data/facts/distances.csv:2: column 'unit': not one of km, mi (value: 'kms')" in out
    assert snapshot(reports) == before


def test_an_altered_source_text_is_named_by_its_own_file(mini: Path):
    (mini / "data" / "sources" / "alpha.txt").write_text("edited\n", encoding="utf-8")
    result = run_cli(mini, "validate")
    errors = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert result.returncode == 2 and len(errors) >= 1
    assert errors[0].startswith("error: data/sources/alpha.txt: changed since it was registered: its sha256 is ")
    assert "data/sources/sources.csv line 2 records fb07c4f6" in errors[0]
