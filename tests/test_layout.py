"""The package in two halves: analysis (what chapters import) never imports publish (what the build runs)."""

from __future__ import annotations

import ast

import pytest

from helpers import ROOT

PACKAGE = ROOT / "src" / "briefing"
ANALYSIS = sorted((PACKAGE / "analysis").rglob("*.py"))
MODULES = sorted(PACKAGE.rglob("*.py"))


def imported(path) -> set[str]:
    """Absolute names of the modules a file imports, relative imports resolved within the package."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = ["briefing", *path.relative_to(PACKAGE).parent.parts]
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            base = package[: len(package) - node.level + 1] if node.level else []
            module = ".".join([*base, *(node.module.split(".") if node.module else [])])
            names |= {module} | {f"{module}.{a.name}" for a in node.names}
        elif isinstance(node, ast.Import):
            names |= {a.name for a in node.names}
    return names


def test_there_are_two_halves():
    assert ANALYSIS and sorted((PACKAGE / "publish").glob("*.py"))


@pytest.mark.parametrize("path", ANALYSIS, ids=lambda p: p.relative_to(PACKAGE).as_posix())
def test_the_analysis_half_never_imports_the_publishing_half(path):
    assert not [m for m in imported(path) if m.startswith("briefing.publish")]


def test_the_bottom_layer_imports_neither_half():
    for path in PACKAGE.glob("*.py"):
        if path.name != "__main__.py":
            assert not [m for m in imported(path) if m.startswith(("briefing.analysis", "briefing.publish"))], path.name


def module_name(path) -> str:
    parts = list(path.relative_to(PACKAGE).with_suffix("").parts)
    return ".".join(["briefing", *(parts[:-1] if parts[-1] == "__init__" else parts)])


@pytest.mark.parametrize("path", MODULES, ids=lambda p: p.relative_to(PACKAGE).as_posix())
def test_no_module_is_over_six_hundred_lines(path):
    assert len(path.read_text(encoding="utf-8").splitlines()) <= 600


def test_the_analysis_folder_shows_its_jobs_as_sub_packages():
    direct = [p for p in (PACKAGE / "analysis").glob("*.py") if p.name != "__init__.py"]
    jobs = [p for p in (PACKAGE / "analysis").iterdir() if (p / "__init__.py").is_file()]
    assert len(direct) <= 12 and len(jobs) >= 4


@pytest.mark.parametrize("path", ANALYSIS, ids=lambda p: p.relative_to(PACKAGE).as_posix())
def test_analysis_knows_nothing_of_pickles_locks_or_threads(path):
    machinery = ("pickle", "fcntl", "threading", "multiprocessing", "concurrent")
    assert not [m for m in imported(path) if m.split(".")[0] in machinery]


def runtime_imported(path) -> set[str]:
    """:func:`imported`, without the imports made only for type checkers (``if TYPE_CHECKING:``)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    typing_only = {
        id(inner)
        for node in ast.walk(tree)
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test)
        for stmt in node.body
        for inner in ast.walk(stmt)
    }
    names = set()
    for node in ast.walk(tree):
        if id(node) in typing_only:
            continue
        if isinstance(node, ast.ImportFrom) and not node.level:
            names |= {node.module} | {f"{node.module}.{a.name}" for a in node.names}
        elif isinstance(node, ast.Import):
            names |= {a.name for a in node.names}
    return names


def test_no_import_cycle():
    names = {module_name(p): p for p in MODULES}
    graph = {
        name: {m for m in runtime_imported(path) if m in names and m != name and not name.startswith(m + ".")}
        for name, path in names.items()
    }
    state: dict[str, int] = {}

    def visit(node: str, trail: list[str]) -> None:
        state[node] = 1
        for nxt in sorted(graph[node]):
            assert state.get(nxt) != 1, "import cycle: " + " -> ".join([*trail, node, nxt])
            if nxt not in state:
                visit(nxt, [*trail, node])
        state[node] = 2

    for node in sorted(graph):
        if node not in state:
            visit(node, [])


def test_the_package_names_no_place_or_actor_of_the_briefing():
    """The subject lives in data and settings: no string of the package's code (docstrings aside) names a
    place or an actor of the fact base, or holds a place's id."""
    import csv
    import re

    words = set()
    for table, columns in (("places", ("id", "name")), ("actors", ("short_name",))):
        with (ROOT / "data" / "reference" / f"{table}.csv").open(encoding="utf-8") as f:
            words |= {row[c].split(" (")[0].split(" Air")[0] for row in csv.DictReader(f) for c in columns}
    words = {w for w in words if len(w) > 3}  # "US" would match the currency sign "US$"
    pattern = re.compile("|".join(rf"\b{re.escape(w)}\b" for w in sorted(words)), re.IGNORECASE)
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        docstrings = {
            id(node.body[0].value)
            for node in ast.walk(tree)
            if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef) and ast.get_docstring(node) is not None
        }
        for node in ast.walk(tree):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings:
                found += [f"{path.name}:{node.lineno}: {m}" for m in pattern.findall(node.value)]
    assert not found


def test_the_build_reaches_its_first_kernels_without_importing_pandas_or_the_renderer():
    """The build process validates, dates the edition and schedules the chapters while the kernels import
    the scientific stack: pandas or nbconvert imported on that path would hold the first kernels up."""
    import subprocess
    import sys

    probe = (
        "import sys\n"
        "from briefing.publish import build, chapters, config\n"
        "from briefing.analysis.data.validate import validate\n"
        "tables, problems = validate(__import__('pathlib').Path(sys.argv[1]) / 'data')\n"
        "assert not problems, problems[:1]\n"
        "from briefing.paths import Project\n"
        "meta = config.briefing_meta(Project.at(__import__('pathlib').Path(sys.argv[1])), tables, {'all': '0' * 64})\n"
        "print(meta['edition'], build.data_prints(tables)('derived', 'newest-source-date')[:8])\n"
        "chapters.schedule([], {'x'}); config.brief_ids({'brief': ['01-brief']})\n"
        "print(sorted(m for m in ('pandas', 'nbconvert', 'weasyprint') if m in sys.modules))\n"
    )
    out = subprocess.run([sys.executable, "-c", probe, str(ROOT)], capture_output=True, text=True, check=True).stdout
    edition, _ = out.splitlines()[0].split()
    assert edition[:4].isdigit() and out.splitlines()[1] == "[]", out
