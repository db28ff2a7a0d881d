"""Helpers shared by the tests: project copies and the command line run as a user runs it."""

from __future__ import annotations

import ast
import csv
import io
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

from bs4 import BeautifulSoup, Tag

from briefing.paths import Project

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).resolve().parent / "fixtures"
ARTIFACTS = Path(__file__).resolve().parent / "artifacts"


def copy_project(source: Path, target: Path) -> Path:
    """Copy the parts of a project a build reads (data and notebooks) into ``target``."""
    for part in ("data", "notebooks"):
        shutil.copytree(
            source / part, target / part, ignore=shutil.ignore_patterns(".ipynb_checkpoints", "__pycache__")
        )
    return target


def copy_built(source: Path, target: Path) -> Path:
    """Copy a built project whole (inputs, outputs and build cache) into ``target``: as a build left it,
    for a test that changes it and builds again (a build there starts from what it finds up to date)."""
    shutil.copytree(source, target, symlinks=True)
    return target


def run_cli(root: Path, *args: str, timeout: int = 900) -> subprocess.CompletedProcess:
    """``python -m briefing ARGS`` with the project at ``root``."""
    env = {**clean_environment(), **Project.at(root).environment()}
    return subprocess.run(
        [sys.executable, "-m", "briefing", *args], cwd=root, env=env, capture_output=True, text=True, timeout=timeout
    )


def as_from_a_terminal() -> None:
    """For ``subprocess.Popen(preexec_fn=...)``: the child takes Ctrl-C as a command a shell starts in a
    terminal does, even when this test run was started with SIGINT ignored (a background job of a script)."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_DFL)


def clean_environment() -> dict[str, str]:
    """This process's environment without any project named in it: the project comes from a Project."""
    return {k: v for k, v in os.environ.items() if not k.startswith("BRIEFING_")}


def add_cell(chapter: Path, cell, at: int | None = None) -> None:
    """Add a cell to a chapter notebook (at the end, or before cell ``at``), as an analyst's edit."""
    import nbformat

    nb = nbformat.read(chapter, as_version=4)
    nb.cells.insert(len(nb.cells) if at is None else at, cell)
    nbformat.write(nb, chapter)


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file under a folder with its bytes, to prove a folder was left untouched."""
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def save_as_spreadsheet(path: Path, *, bom: bool = False, crlf: bool = False, quote_all: bool = False) -> None:
    """Rewrite a CSV as a spreadsheet saves it: same cells, with a BOM, CRLF line ends or every field quoted."""
    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"), newline="")))
    out = io.StringIO(newline="")
    csv.writer(
        out, lineterminator="\r\n" if crlf else "\n", quoting=csv.QUOTE_ALL if quote_all else csv.QUOTE_MINIMAL
    ).writerows(rows)
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + out.getvalue().encode("utf-8"))


SPREADSHEET_VARIANTS = {
    "bom": {"bom": True},
    "crlf": {"crlf": True},
    "quote-all": {"quote_all": True},
    "excel-csv-utf8": {"bom": True, "crlf": True},
    "all-three": {"bom": True, "crlf": True, "quote_all": True},
}


def apply_review(draft: Path, review: Path) -> None:
    """Do what an analyst's review does: keep the draft rows named in ``review`` (by quote), with their ids and cells."""
    with draft.open(encoding="utf-8-sig", newline="") as handle:  # a draft starts with a byte-order mark
        reader = csv.DictReader(handle)
        header, rows = reader.fieldnames, list(reader)
    with review.open(encoding="utf-8", newline="") as handle:
        decisions = list(csv.DictReader(handle))
    for decision in decisions:
        row = next(r for r in rows if r["quote"] == decision["quote"] and not r["keep"])
        row.update({k: v for k, v in decision.items() if v and k != "quote"}, keep="yes")
    with draft.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=header, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


SECOND_SOURCE = FIXTURES / "second-source"
SECOND_SOURCE_ID = "testwire-2025-10-10"
SECOND_SOURCE_TITLE = "Neighbours close ranks as Bagram demand lingers"
#: ``add-source`` for the fixture article, as an analyst would type it ({path}: the article's path).
ADD_SECOND_SOURCE = (
    "add-source",
    "{path}",
    "--id",
    SECOND_SOURCE_ID,
    "--outlet",
    "Test Wire",
    "--date",
    "2025-10-10",
    "--place",
    "Kabul, Afghanistan",
    "--licence",
    "Test text written for the tests",
    "--title",
    SECOND_SOURCE_TITLE,
    "--description",
    "A test text imitating a wire report, used to try a second source.",
)


def take_in_second_source(root: Path) -> None:
    """add-source, draft, the review of ``review.csv`` and promote: the fixture article into a project."""
    for step in (
        [a.format(path=SECOND_SOURCE / "article.txt") for a in ADD_SECOND_SOURCE],
        ("draft", SECOND_SOURCE_ID),
    ):
        result = run_cli(root, *step)
        assert result.returncode == 0, result.stdout + result.stderr
    apply_review(root / "data" / "drafts" / f"{SECOND_SOURCE_ID}.csv", SECOND_SOURCE / "review.csv")
    result = run_cli(root, "promote", SECOND_SOURCE_ID)
    assert result.returncode == 0, result.stdout + result.stderr


#: An inline expression of a MyST Markdown cell: what it shows is computed, not typed.
EXPRESSION = re.compile(r"\{eval\}`[^`]*`")
#: A row id of the fact base, the computed results, the checks or the judgments, by its prefix.
ROW_ID = re.compile(r"\b(?:calc|check|kj|base|cas|dist|econ|evt|mem|org|person|pos|quote|ref)-[a-z0-9][a-z0-9_-]*")
#: A number as a reader reads it in rendered prose ("C-17" and "1.9" inside a name or id are not).
NUMERAL = re.compile(r"(?<![A-Za-z\-\d.,])\d[\d,.]*")


def prose(markdown: str) -> str:
    """What a Markdown cell types itself: its text without its inline expressions."""
    return EXPRESSION.sub("", markdown)


def typed_numbers(markdown: str) -> list[str]:
    """The words of a Markdown cell that hold a digit typed into the prose (outside ``{eval}`` expressions).

    Numbers reach the narrative from the data, through inline expressions: a typed one goes stale."""
    return re.findall(r"\S*\d\S*", prose(markdown))


def typed_ids(markdown: str) -> list[str]:
    """Row ids typed into a Markdown cell's prose (outside its expressions): a reader is never shown one."""
    return [m.group() for m in ROW_ID.finditer(prose(markdown))]


def uncited_numbers(html: Tag) -> list[str]:
    """Numbers in the rendered prose of ``html`` (a chapter, or the whole briefing) that no citation backs.

    A cited value is a ``span.num`` followed by its note mark; tables, the contents, verbatim quotations,
    notes, code and credits are not the analyst's prose. Each hit comes with the start of its paragraph."""
    found = []
    for block in html.select("p, li, figcaption"):
        if block.find_parent(["table", "nav", "blockquote", "aside"]):
            continue
        clone = BeautifulSoup(str(block), "html.parser")
        for tag in clone.select("span.num, sup.cite, code, span.credit"):
            tag.decompose()
        text = clone.get_text(" ", strip=True)
        found += [f"{m.group()} in: {text[:80]}" for m in NUMERAL.finditer(text)]
    return found


def code_of(notebook: Path) -> list[str]:
    """The sources of a chapter's code cells."""
    import nbformat

    return [c.source for c in nbformat.read(notebook, as_version=4).cells if c.cell_type == "code"]


def definitions(code: str) -> list[str]:
    """Functions and classes a code cell defines: a chapter calls the package, it does not grow its own."""
    return [
        f"line {n.lineno}: {n.name}"
        for n in ast.walk(ast.parse(code))
        if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef))
    ]


NEW_REPORTING = FIXTURES / "new-reporting"
NEW_REPORTING_ID = "steppe-2025-10-14"
ADD_NEW_REPORTING = (
    "add-source",
    str(NEW_REPORTING / "article.txt"),
    "--id",
    NEW_REPORTING_ID,
    "--outlet",
    "Steppe Test Wire",
    "--date",
    "2025-10-14",
    "--place",
    "Almaty, Kazakhstan",
    "--licence",
    "Test text written for the tests",
    "--title",
    "Kazakhstan opens door to Western logistics as Bagram talks begin",
    "--description",
    "A test text imitating a wire report: new reporting for the evidence model.",
)


def add_rows_by_hand(root: Path, source_id: str, rows_csv: Path, text: str, suffix: str = "") -> list[str]:
    """Append the fixture's rows to their tables as an analyst editing the CSVs would: each row's cells
    under the table's own header, with the source id and the quote's offset in the text (ids ending in
    ``suffix``, for another copy of the fixture)."""
    added = []
    for row in csv.DictReader(rows_csv.open(encoding="utf-8")):
        row = {**row, "id": row["id"] + suffix}
        table = {"positions": "facts/positions.csv", "events": "facts/events.csv"}.get(
            row["table"], f"facts/{row['table']}.csv"
        )
        path = root / "data" / table
        header = next(csv.reader(io.StringIO(path.read_text(encoding="utf-8"))))
        cells = {**row, "source_id": source_id, "char_start": str(text.index(row["quote"]))}
        out = io.StringIO()
        csv.writer(out, lineterminator="\n").writerow([cells.get(column, "") for column in header])
        with path.open("a", encoding="utf-8") as handle:
            handle.write(out.getvalue())
        added.append(row["id"])
    return added


def take_in_new_reporting(root: Path, copy: int = 0) -> list[str]:
    """Register the new-reporting fixture and add its rows by hand; returns the ids added. ``copy`` k > 0
    takes in the k-th copy: the same report from another outlet (its text told apart by a last line)."""
    if not copy:
        result = run_cli(root, *ADD_NEW_REPORTING)
        text = (NEW_REPORTING / "article.txt").read_text(encoding="utf-8")
        assert result.returncode == 0, result.stdout + result.stderr
        return add_rows_by_hand(root, NEW_REPORTING_ID, NEW_REPORTING / "rows.csv", text)
    text = (NEW_REPORTING / "article.txt").read_text(encoding="utf-8") + f"\nCopy {copy} of the test text.\n"
    article = root / f"copy-{copy}.txt"
    article.write_text(text, encoding="utf-8")
    source_id = f"{NEW_REPORTING_ID}-copy-{copy}"
    options = dict(zip(ADD_NEW_REPORTING[2::2], ADD_NEW_REPORTING[3::2], strict=True))
    options |= {"--id": source_id, "--outlet": f"Test Wire {copy}"}
    result = run_cli(root, "add-source", str(article), *(x for pair in options.items() for x in pair))
    article.unlink()
    assert result.returncode == 0, result.stdout + result.stderr
    return add_rows_by_hand(root, source_id, NEW_REPORTING / "rows.csv", text, suffix=f"-copy-{copy}")


#: Words of running text (apart by spaces) in a string's literal parts: three make a phrase, which belongs in Markdown.
SENTENCE_WORDS = 3


def built_sentences(code: str) -> list[str]:
    """Sentences a code cell builds from pieces: an f-string, ``%`` or ``.format`` template, or a ``+`` of
    strings whose literal text holds :data:`SENTENCE_WORDS` words or more. Labels and templates of units
    ("{value} km", "border, {scale} (km)") are not sentences."""

    def words(text: str) -> int:
        return sum(1 for token in re.sub(r"\{[^{}]*\}", " ", text).split() if re.search(r"[A-Za-z]{2}", token))

    def literal(node: ast.AST) -> str:
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            return node.value
        if isinstance(node, ast.JoinedStr):
            return " ".join(literal(v) for v in node.values)
        if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
            return literal(node.left) + " " + literal(node.right)
        return ""

    found = []
    for node in ast.walk(ast.parse(code)):
        if isinstance(node, ast.JoinedStr) and any(isinstance(v, ast.FormattedValue) for v in node.values):
            text = literal(node)
        elif isinstance(node, ast.BinOp) and isinstance(node.op, (ast.Add, ast.Mod)):
            text = " ".join(literal(side) for side in (node.left, node.right))
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "format":
            text = literal(node.func.value)
        else:
            continue
        if words(text) >= SENTENCE_WORDS:
            found.append(f"line {node.lineno}: {ast.unparse(node)[:80]}")
    return found
