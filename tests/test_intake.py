"""add-source, draft and promote: each success, and each refusal on one line with nothing written."""

from __future__ import annotations

import csv
import hashlib
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from briefing import fingerprint
from briefing.analysis.data.validate import validate
from helpers import (
    ADD_SECOND_SOURCE,
    FIXTURES,
    ROOT,
    SECOND_SOURCE_TITLE,
    apply_review,
    copy_project,
    run_cli,
    save_as_spreadsheet,
    snapshot,
)

SECOND = FIXTURES / "second-source"
ARTICLE = SECOND / "article.txt"
TITLE = SECOND_SOURCE_TITLE
ADD = ADD_SECOND_SOURCE


@pytest.fixture(scope="module")
def pristine(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return copy_project(ROOT, tmp_path_factory.mktemp("pristine"))


@pytest.fixture
def project(pristine: Path, tmp_path: Path) -> Path:
    """A fresh copy of the real project with the test article beside it (outside data/)."""
    root = copy_project(pristine, tmp_path / "p")
    shutil.copy(ARTICLE, tmp_path / "article.txt")
    return root


def add(root: Path, *changes: tuple[str, str]) -> list[str]:
    args = [a.format(path=root.parent / "article.txt") for a in ADD]
    for flag, value in changes:
        if flag in args:
            args[args.index(flag) + 1] = value
        else:
            args += [flag, value]
    return args


def one_line_refusal(root: Path, args: list[str], expected: str, data_before: dict[str, bytes] | None = None) -> None:
    before = data_before if data_before is not None else snapshot(root / "data")
    result = run_cli(root, *args)
    assert result.returncode == 2, result.stdout + result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), lines
    assert expected in lines[0], lines[0]
    assert "Traceback" not in result.stderr
    assert snapshot(root / "data") == before, "a refused command wrote to data/"


def test_add_source_copies_the_text_byte_for_byte_registers_it_and_validates(project: Path):
    register = project / "data" / "sources" / "sources.csv"
    old = register.read_bytes()
    result = run_cli(project, *add(project))
    assert result.returncode == 0, result.stderr
    assert (
        "registered testwire-2025-10-10: data/sources/testwire-2025-10-10.txt; dateline 2025-10-10, Kabul, Afghanistan;"
        " data/ is valid" in result.stdout
    )
    stored = project / "data" / "sources" / "testwire-2025-10-10.txt"  # stored under its id
    assert stored.read_bytes() == ARTICLE.read_bytes()
    assert register.read_bytes().startswith(old)
    row = {r["id"]: r for r in csv.DictReader(register.open(encoding="utf-8"))}["testwire-2025-10-10"]
    assert row["sha256"] == hashlib.sha256(ARTICLE.read_bytes()).hexdigest()
    assert (row["title"], row["outlet"], row["dateline_date"], row["dateline_place"]) == (
        TITLE,
        "Test Wire",
        "2025-10-10",
        "Kabul, Afghanistan",
    )
    assert row["description"].startswith("A test text") and row["type"] == "article" and row["language"] == "en"
    assert validate(project / "data")[1] == []


def test_the_register_shows_the_description_as_the_analysts(project: Path, use_project):
    from briefing.analysis.data.provenance import source_register

    assert run_cli(project, *add(project)).returncode == 0
    use_project(project)
    frame = source_register().set_index("id")
    assert frame.loc["testwire-2025-10-10", "description (analyst's)"].startswith("A test text imitating")
    assert frame.loc["testwire-2025-10-10", "title"] == TITLE


def test_add_source_without_title_leaves_the_title_empty(project: Path):
    args = add(project)
    i = args.index("--title")
    del args[i : i + 2]
    assert run_cli(project, *args).returncode == 0
    rows = {r["id"]: r for r in csv.DictReader((project / "data/sources/sources.csv").open(encoding="utf-8"))}
    assert rows["testwire-2025-10-10"]["title"] == ""  # the source has no title of its own


def test_add_source_appends_in_the_line_ends_of_a_register_saved_by_a_spreadsheet(project: Path):
    register = project / "data" / "sources" / "sources.csv"
    save_as_spreadsheet(register, bom=True, crlf=True, quote_all=True)
    old = register.read_bytes()
    assert run_cli(project, *add(project)).returncode == 0
    new = register.read_bytes()
    assert (
        new.startswith(old) and new[len(old) :].endswith(b"\r\n") and b"\n" not in new[len(old) :].replace(b"\r\n", b"")
    )


REFUSALS: dict[str, tuple[Callable[[Path], list[str]], str]] = {
    "id already registered": (
        lambda r: add(r, ("--id", "aj-2025-10-09")),
        "source id 'aj-2025-10-09' is already registered",
    ),
    "a text already stored under the id": (
        lambda r: add(r) if (r / "data/sources/testwire-2025-10-10.txt").write_text("x", encoding="utf-8") else [],
        "a file named testwire-2025-10-10.txt is already in data/sources/",
    ),
    "curly apostrophe in a title printed with a straight one": (
        lambda r: add(r, ("--title", "Friday’s statements")),
        "--title 'Friday’s statements' does not occur in the text; the text prints it with ' for ’ at",
    ),
    "not UTF-8": (
        lambda r: (
            add(r, ("--id", "x")) if (r.parent / "article.txt").write_bytes("caf\u00e9".encode("latin-1")) else []
        ),
        "article.txt: not UTF-8 text (byte 0xe9 at 3); save it as UTF-8",
    ),
    "binary file": (
        lambda r: add(r) if (r.parent / "article.txt").write_bytes(b"\x00\x01PK") else [],
        "article.txt: not a text file",
    ),
    "missing file": (lambda r: [*add(r)[:1], str(r.parent / "nothing.txt"), *add(r)[2:]], "nothing.txt: no such file"),
    "date does not parse": (
        lambda r: add(r, ("--date", "10/10/2025")),
        "--date '10/10/2025': not a calendar date in YYYY-MM-DD form",
    ),
    "impossible date": (lambda r: add(r, ("--date", "2025-02-30")), "--date '2025-02-30': not a calendar date"),
    "title not in the text": (
        lambda r: add(r, ("--title", "Bagram handed back")),
        "--title 'Bagram handed back' does not occur in the text",
    ),
    "same text under another id": (
        lambda r: [
            *add(r)[:1],
            str(shutil.copy(r / "data/sources/000_17332fbec8ad6729.txt", r.parent / "copy.txt")),
            *add(r, ("--title", "Bagram"))[2:],
        ],
        "the same text is already registered as 'aj-2025-10-09'",
    ),
    "id breaks the register's pattern": (
        lambda r: add(r, ("--id", "Test Wire!")),
        "validation failed, nothing written: data/sources/sources.csv:",
    ),
    "unknown type": (
        lambda r: add(r, ("--type", "blog")),
        "validation failed, nothing written: data/sources/sources.csv:",
    ),
}


@pytest.mark.parametrize("case", sorted(REFUSALS))
def test_add_source_refuses_with_one_line_and_writes_nothing(project: Path, case: str):
    build_args, expected = REFUSALS[case]
    args = build_args(project)  # some cases set the scene first (a stray file, a broken text)
    one_line_refusal(project, args, expected, snapshot(project / "data"))


@pytest.fixture
def added(project: Path) -> Path:
    assert run_cli(project, *add(project)).returncode == 0
    return project


def draft_rows(root: Path) -> list[dict[str, str]]:
    with (root / "data/drafts/testwire-2025-10-10.csv").open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def test_draft_writes_candidates_with_verbatim_quotes_and_prints_a_summary(added: Path):
    fingerprints = fingerprint.inputs(added, ROOT / "src" / "briefing")
    result = run_cli(added, "draft", "testwire-2025-10-10")
    assert result.returncode == 0, result.stderr
    rows = draft_rows(added)
    assert result.stdout.startswith(f"drafted {len(rows)} candidate rows into data/drafts/testwire-2025-10-10.csv")
    for table in ("distances", "events", "positions", "quotations"):
        count = sum(r["table"] == table for r in rows)
        assert f"  {table:<16} {count:5d}" in result.stdout
    text = ARTICLE.read_text(encoding="utf-8")
    for row in rows:
        start = int(row["char_start"])
        assert text[start : start + len(row["quote"])] == row["quote"]
        assert row["source_id"] == "testwire-2025-10-10" and row["keep"] == "" and row["id"] == ""
    assert fingerprint.inputs(added, ROOT / "src" / "briefing") == fingerprints, (
        "a draft changed the inputs' fingerprints"
    )


def by_quote(rows: list[dict[str, str]], quote: str) -> dict[str, str]:
    return next(r for r in rows if r["quote"] == quote)


def test_draft_finds_every_number_with_unit_and_qualifier(added: Path):
    assert run_cli(added, "draft", "testwire-2025-10-10").returncode == 0
    rows = draft_rows(added)
    expected = {
        "about 50km (about 30 miles)": ("distances", "50", "km", "about", "30", "mi"),
        "3.6km (2.2 miles)": ("base", "3.6", "km", "exact", "2.2", "mi"),  # a runway's length, not a distance
        "nearly 12 percent": ("economy", "12", "percent", "nearly", "", ""),
        "more than $2.4 billion": ("economy", "2400000000", "USD", "more than", "", ""),
        "about 20 million people": ("economy", "20000000", "people", "about", "", ""),
    }
    for quote, (table, value, unit, qualifier, alt, alt_unit) in expected.items():
        row = by_quote(rows, quote)
        assert (row["table"], row["value"], row["unit"], row["qualifier"], row["alt_value"], row["alt_unit"]) == (
            table,
            value,
            unit,
            qualifier,
            alt,
            alt_unit,
        ), quote
    assert (
        by_quote(rows, "about 50km (about 30 miles)")["from_place"],
        by_quote(rows, "about 50km (about 30 miles)")["to_place"],
    ) == ("bagram_airfield", "kabul")
    assert by_quote(rows, "about 50km (about 30 miles)")["direction"] == "north"
    runway = by_quote(rows, "3.6km (2.2 miles)")
    assert (runway["facility"], runway["attribute"]) == ("bagram_airfield", "runway_length")
    numbers = [r for r in rows if r["draft_kind"] == "number"]
    assert len(numbers) == len(expected), [r["quote"] for r in numbers]
    weeks = by_quote(rows, "two weeks before")  # a duration that also dates what it counts from
    assert (weeks["value"], weeks["unit"], weeks["date"]) == ("2", "weeks", "2021-08-29")


def test_draft_resolves_dates_and_weekdays_against_the_dateline_and_records_the_rule(added: Path):
    assert run_cli(added, "draft", "testwire-2025-10-10").returncode == 0
    rows = draft_rows(added)
    expected = {  # the dateline 2025-10-10 is a Friday
        "Friday": ("2025-10-10", "2025-10-10", "day"),
        "on Tuesday": ("2025-10-07", "2025-10-07", "day"),
        "July": ("2025-07-01", "2025-07-31", "month"),
        "on Wednesday": ("2025-10-08", "2025-10-08", "day"),
        "last year": ("2024-01-01", "2024-12-31", "year"),
        "November": ("2024-11-01", "2024-11-30", "month"),
        "15 August 2021": ("2021-08-15", "2021-08-15", "day"),
    }
    for quote, (start, end, precision) in expected.items():
        row = by_quote(rows, quote)
        assert (row["table"], row["date"], row["date_end"], row["precision"]) == ("events", start, end, precision), (
            quote
        )
    assert (
        by_quote(rows, "on Tuesday")["date_rule"]
        == "'on Tuesday' taken as the latest Tuesday on or before the dateline 2025-10-10 (Friday)"
    )
    assert "year not printed; taken as the latest such month on or before" in by_quote(rows, "November")["date_rule"]


def test_draft_gives_known_names_no_row_of_their_own_and_new_names_one(added: Path):
    assert run_cli(added, "draft", "testwire-2025-10-10").returncode == 0
    rows = draft_rows(added)
    assert not [r for r in rows if r["draft_kind"] == "mention"]
    positions = [r for r in rows if r["table"] == "positions"]
    both = [r for r in positions if r["quote"] == "Pakistan and China both said they opposed a renewed US presence"]
    assert {(r["actor"], r["stance"], r["target"]) for r in both} == {
        ("pakistan", "opposes", "united_states"),
        ("china", "opposes", "united_states"),
    }
    assert any(r["actor"] == "russia" and r["stance"] == "recognises" for r in positions)
    names = [r for r in rows if r["draft_kind"] == "name"]
    assert [(r["quote"], r["table"], r["role"]) for r in names if r["quote"] == "Mira Castellan"] == [
        ("Mira Castellan", "people", "security analyst")
    ]
    assert len({r["quote"] for r in names}) == len(names), "a new name drafted twice"


def test_draft_finds_quotations_with_speaker_and_medium(added: Path):
    assert run_cli(added, "draft", "testwire-2025-10-10").returncode == 0
    quote = next(r for r in draft_rows(added) if r["draft_kind"] == "quotation")
    assert quote["table"] == "quotations" and quote["quote"].startswith("“The neighbours have learned")
    assert quote["words"] == "The neighbours have learned to speak with one voice on this, whatever else divides them"
    assert quote["medium"] == "told Test Wire" and "speaker: Mira Castellan" in quote["draft_note"]
    assert quote["draft_speaker"] == "Mira Castellan" and quote["speaker"] == ""  # not in the people table yet


@pytest.mark.parametrize(
    "source, expected",
    [
        ("no-such-source", "no source with a stored text has id 'no-such-source'"),
        ("analyst", "no source with a stored text has id 'analyst'"),
    ],
)
def test_draft_refuses_a_source_without_a_stored_text(added: Path, source: str, expected: str):
    one_line_refusal(added, ["draft", source], expected)


def test_draft_refuses_to_overwrite_a_review_and_leaves_invalid_data_alone(added: Path):
    assert run_cli(added, "draft", "testwire-2025-10-10").returncode == 0
    one_line_refusal(
        added, ["draft", "testwire-2025-10-10"], "data/drafts/testwire-2025-10-10.csv exists and may hold your review"
    )
    assert run_cli(added, "draft", "testwire-2025-10-10", "--force").returncode == 0
    (added / "data/sources/testwire-2025-10-10.txt").write_text("edited", encoding="utf-8")
    one_line_refusal(
        added,
        ["draft", "testwire-2025-10-10", "--force"],
        "data/ does not validate (data/sources/testwire-2025-10-10.txt: changed since",
    )


def test_drafts_are_outside_validation_and_cache_stamps(added: Path):
    from briefing import paths

    drafts = added / "data" / "drafts"
    drafts.mkdir()
    before = paths.stamp(added / "data"), fingerprint.inputs(added, ROOT / "src" / "briefing")
    (drafts / "scratch.csv").write_bytes(b'\xff\xfenot even UTF-8,"')
    assert validate(added / "data")[1] == []
    assert (paths.stamp(added / "data"), fingerprint.inputs(added, ROOT / "src" / "briefing")) == before


@pytest.fixture
def drafted(added: Path) -> Path:
    assert run_cli(added, "draft", "testwire-2025-10-10").returncode == 0
    return added


def test_promote_moves_reviewed_rows_into_the_tables_and_validates(drafted: Path):
    apply_review(drafted / "data/drafts/testwire-2025-10-10.csv", SECOND / "review.csv")
    result = run_cli(drafted, "promote", "testwire-2025-10-10")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "promoted 4 rows: base 1, distances 1, events 1, positions 1; data/ is valid"
    tables, problems = validate(drafted / "data")
    assert problems == []
    row = next(r for r in tables["distances"].rows if r["id"] == "dist-testwire-bagram-kabul")
    assert (row["value"], row["unit"], row["qualifier"], row["alt_value"], row["quote"]) == (
        "50",
        "km",
        "about",
        "30",
        "about 50km (about 30 miles)",
    )
    event = next(r for r in tables["events"].rows if r["id"] == "evt-testwire-moscow-format-meeting")
    assert event["date"] == "2025-10-07" and event["date_rule"].startswith("'on Tuesday' taken as")
    kept = [r for r in draft_rows(drafted) if r["keep"]]
    assert {r["keep"] for r in kept} == {"promoted"} and len(kept) == 4
    again = run_cli(drafted, "promote", "testwire-2025-10-10")
    assert again.returncode == 0 and again.stdout.startswith("already promoted: the 4 kept row(s)"), again.stdout


def keep(root: Path, quote: str, **cells: str) -> int:
    """Mark the draft row with ``quote`` as kept; returns its line in the draft."""
    path = root / "data/drafts/testwire-2025-10-10.csv"
    rows = draft_rows(root)
    index = next(i for i, r in enumerate(rows) if r["quote"] == quote)
    rows[index].update(keep="yes", **cells)
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    return index + 2


def test_promote_refuses_a_row_validation_rejects_naming_its_draft_line(drafted: Path):
    line = keep(drafted, "more than $2.4 billion", id="econ-testwire-aid", subject="afghanistan", measure="sanctions")
    one_line_refusal(
        drafted,
        ["promote", "testwire-2025-10-10"],
        f"validation failed, nothing written: data/drafts/testwire-2025-10-10.csv:{line}: column 'unit': not one of percent, people (value: 'USD') (to become data/facts/economy.csv line",
    )


@pytest.mark.parametrize(
    "cells, expected",
    [
        ({"id": ""}, "column 'id': kept rows need an id"),
        ({"id": "x", "table": "sources"}, "column 'table': not a claim table ('sources')"),
    ],
)
def test_promote_refuses_incomplete_rows(drafted: Path, cells: dict[str, str], expected: str):
    line = keep(drafted, "about 50km (about 30 miles)", **cells)
    one_line_refusal(
        drafted, ["promote", "testwire-2025-10-10"], f"data/drafts/testwire-2025-10-10.csv:{line}: {expected}"
    )


def test_promote_refuses_without_a_draft(added: Path):
    one_line_refusal(
        added,
        ["promote", "testwire-2025-10-10"],
        "no draft for 'testwire-2025-10-10': run python -m briefing draft testwire-2025-10-10 first",
    )


def test_promote_reads_a_draft_saved_by_a_spreadsheet(drafted: Path):
    apply_review(drafted / "data/drafts/testwire-2025-10-10.csv", SECOND / "review.csv")
    save_as_spreadsheet(drafted / "data/drafts/testwire-2025-10-10.csv", bom=True, crlf=True, quote_all=True)
    result = run_cli(drafted, "promote", "testwire-2025-10-10")
    assert result.returncode == 0, result.stderr
