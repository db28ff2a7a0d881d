"""Benchmark: cold build, no-op rebuild, the naive nbconvert baseline, and validation at scale.

Run with ``make bench``. Each measurement runs on a fresh copy of the project in a temporary folder,
so the working tree's reports/ and cache are never touched. Prints medians; nothing here asserts.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import io
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PY = sys.executable


def fresh_copy(target: Path) -> Path:
    for part in ("data", "notebooks"):
        shutil.copytree(ROOT / part, target / part)
    return target


def timed(cmd: list[str], root: Path, env: dict[str, str] | None = None) -> float:
    start = time.perf_counter()
    subprocess.run(
        cmd,
        cwd=root,
        env={**os.environ, "BRIEFING_ROOT": str(root), **(env or {})},
        check=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    return time.perf_counter() - start


def tree_rss(pid: int) -> int:
    """Resident memory of a process and all its descendants, in bytes (from /proc)."""
    from briefing.publish.interrupt import descendants

    total = 0
    for p in [pid, *descendants(pid)]:
        try:
            for line in Path(f"/proc/{p}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1]) * 1024
        except OSError:
            continue
    return total


def timed_with_memory(cmd: list[str], root: Path) -> tuple[float, int]:
    """Wall time and the peak resident memory of the command with everything it started."""
    start = time.perf_counter()
    proc = subprocess.Popen(
        cmd,
        cwd=root,
        env={**os.environ, "BRIEFING_ROOT": str(root)},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    peak = 0
    while proc.poll() is None:
        peak = max(peak, tree_rss(proc.pid))
        time.sleep(0.05)
    if proc.returncode:
        raise subprocess.CalledProcessError(proc.returncode, cmd)
    return time.perf_counter() - start, peak


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    if old not in text:
        raise SystemExit(f"benchmark edit: {old!r} not found in {path.name}")
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def edit_judgment(root: Path) -> None:
    """One word: a judgment's likelihood."""
    path = root / "data" / "analysis" / "judgments.csv"
    rows = path.read_text(encoding="utf-8").splitlines(keepends=True)
    last = rows[-1]
    new = (
        last.replace(",likely,", ",very likely,", 1)
        if ",likely," in last
        else last.replace(",very likely,", ",likely,", 1)
    )
    path.write_text("".join(rows[:-1]) + new, encoding="utf-8")


def edit_claim(root: Path) -> None:
    """A claim row's value text and its quote (a shorter excerpt at the same offset)."""
    edit(
        root / "data" / "facts" / "casualties.csv",
        '"more than 2,500 casualties from violence"',
        '"more than 2,500 casualties"',
    )


def edit_markdown(root: Path) -> None:
    """One sentence of a chapter's Markdown."""
    path = next((root / "notebooks").glob("02-*.ipynb"))
    nb = json.loads(path.read_text(encoding="utf-8"))
    cell = next(c for c in nb["cells"] if c["cell_type"] == "markdown")
    cell["source"] = "".join(cell["source"]) + "\n\nThis sentence was added by the benchmark."
    path.write_text(json.dumps(nb, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")


def add_new_source(root: Path) -> None:
    """A new article registered with add-source and ten of its statements added as position rows."""
    actors = [
        "russia",
        "china",
        "india",
        "iran",
        "pakistan",
        "kazakhstan",
        "kyrgyzstan",
        "tajikistan",
        "uzbekistan",
        "taliban",
    ]
    sentences = [f"Officials of {a.title()} said on Monday that they opposed foreign bases." for a in actors]
    text = "Benchmark wire report\n\n" + " ".join(sentences) + "\n"
    article = root / "bench-article.txt"
    article.write_text(text, encoding="utf-8")
    subprocess.run(
        [
            PY,
            "-m",
            "briefing",
            "add-source",
            str(article),
            "--id",
            "bench-2025-10-20",
            "--outlet",
            "Bench Wire",
            "--date",
            "2025-10-20",
            "--licence",
            "benchmark text",
        ],
        cwd=root,
        check=True,
        capture_output=True,
    )
    rows = [
        {
            "id": f"pos-bench-{a}",
            "source_id": "bench-2025-10-20",
            "actor": a,
            "issue": "foreign_bases_afghanistan",
            "stance": "opposes",
            "period": "current",
            "attribution": "article",
            "note": f"{a} opposes foreign bases",
            "quote": q,
            "char_start": str(text.index(q)),
        }
        for a, q in zip(actors, sentences)
    ]
    append_rows(root / "data" / "facts" / "positions.csv", rows)


EDITS = {
    "one judgment's likelihood": edit_judgment,
    "one claim row (value text and quote)": edit_claim,
    "one chapter's Markdown": edit_markdown,
    "a new source with ten rows": add_new_source,
}


def builds(runs: int) -> dict[str, list[float]]:
    """Cold build, no-op, and a rebuild after each kind of edit, on fresh copies."""
    build = [PY, "-m", "briefing", "build"]
    out: dict[str, list[float]] = {"cold full build": [], "peak memory (GiB)": [], "no-op rebuild": []}
    out.update({name: [] for name in EDITS})
    for _ in range(runs):
        with tempfile.TemporaryDirectory() as tmp:
            root = fresh_copy(Path(tmp))
            seconds, peak = timed_with_memory(build, root)
            out["cold full build"].append(seconds)
            out["peak memory (GiB)"].append(peak / 2**30)
            out["no-op rebuild"].append(timed(build, root))
            for name, change in EDITS.items():
                change(root)
                out[name].append(timed(build, root))
    return out


def baseline(runs: int, pdf: bool = False) -> list[float]:
    """What one would do without this project: nbconvert --execute per chapter (HTML only, or with
    WeasyPrint per chapter)."""
    times = []
    for _ in range(runs):
        with tempfile.TemporaryDirectory() as tmp:
            root = fresh_copy(Path(tmp))
            out = root / "naive"
            start = time.perf_counter()
            for nb in sorted((root / "notebooks").glob("[0-9][0-9]-*.ipynb")):
                subprocess.run(
                    [PY, "-m", "jupyter", "nbconvert", "--execute", "--to", "html", "--output-dir", str(out), str(nb)],
                    cwd=root / "notebooks",
                    env={**os.environ, "BRIEFING_ROOT": str(root)},
                    check=True,
                    stdout=subprocess.DEVNULL,
                    stderr=subprocess.DEVNULL,
                )
                if pdf:
                    html = out / f"{nb.stem}.html"
                    subprocess.run(
                        [PY, "-m", "weasyprint", str(html), str(html.with_suffix(".pdf"))],
                        check=True,
                        stdout=subprocess.DEVNULL,
                        stderr=subprocess.DEVNULL,
                    )
            times.append(time.perf_counter() - start)
    return times


def append_rows(path: Path, rows: list[dict[str, str]]) -> None:
    """Append rows to a CSV, filling columns they do not name with empty cells."""
    with path.open(newline="", encoding="utf-8") as handle:
        header = next(csv.reader(handle))
    buf = io.StringIO()
    csv.DictWriter(buf, header, lineterminator="\n").writerows({**dict.fromkeys(header, ""), **r} for r in rows)
    with path.open("a", encoding="utf-8") as handle:
        handle.write(buf.getvalue())


def synthetic(root: Path, sources: int, facts: int) -> None:
    """Add ``sources`` generated source texts and ``facts`` quote-verified claims citing them.

    The claims are organisations of one synthetic actor: every chapter still runs, and the fact
    register in the appendix lists them all, as it would list real additions.
    """
    data = root / "data"
    per = max(1, facts // sources)
    registers, orgs = [], []
    for s in range(sources):
        names = [f"Synthetic Institute {s}-{k}" for k in range(per)]
        sentences = [f"A report by the {name} was cited. " for name in names]
        text = "".join(sentences)
        sid, name = f"synthetic-{s:04d}", f"synthetic-{s:04d}.txt"
        (data / "sources" / name).write_text(text, encoding="utf-8")
        registers.append(
            {
                "id": sid,
                "type": "article",
                "outlet": "Synthetic",
                "title": f"Synthetic source {s}",
                "dateline_date": "2025-10-01",
                "language": "en",
                "file": name,
                "sha256": hashlib.sha256(text.encode()).hexdigest(),
                "licence": "generated",
            }
        )
        offset = 0
        for k, (org, sentence) in enumerate(zip(names, sentences)):
            orgs.append(
                {
                    "id": f"org-syn-{s:04d}-{k:05d}",
                    "source_id": sid,
                    "actor": "synthetic_institute",
                    "name": org,
                    "type": "think_tank",
                    "quote": org,
                    "char_start": str(offset + sentence.index(org)),
                }
            )
            offset += len(sentence)
    append_rows(data / "sources" / "sources.csv", registers)
    append_rows(
        data / "reference" / "actors.csv",
        [{"id": "synthetic_institute", "name": "Synthetic institute", "short_name": "Synthetic", "type": "think_tank"}],
    )
    append_rows(data / "facts" / "organisations.csv", orgs)


def validation_scaling(sizes: list[int]) -> list[tuple[int, int, float]]:
    from briefing.analysis.data.validate import validate

    out = []
    for size in sizes:
        with tempfile.TemporaryDirectory() as tmp:
            root = fresh_copy(Path(tmp))
            if size:
                synthetic(root, max(1, size // 100), size)
            tables, problems = validate(root / "data")
            assert not problems, problems[:3]
            rows = sum(len(t.rows) for t in tables.values())
            best = min(_time(lambda folder=root: validate(folder / "data")) for _ in range(3))
            out.append((size, rows, best))
    return out


def _time(fn) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def scaled_build(sources: int, facts: int) -> float:
    with tempfile.TemporaryDirectory() as tmp:
        root = fresh_copy(Path(tmp))
        synthetic(root, sources, facts)
        return timed([PY, "-m", "briefing", "build"], root)


#: Targets on two cores: a ratio to the naive baseline measured in the same run, or an absolute bound.
TARGETS = {
    "cold full build": ("ratio", 0.20),
    "one judgment's likelihood": ("ratio", 0.10),
    "one claim row (value text and quote)": ("ratio", 0.15),
    "one chapter's Markdown": ("ratio", 0.10),
    "a new source with ten rows": ("ratio", 0.15),
    "no-op rebuild": ("seconds", 0.3),
    "peak memory (GiB)": ("value", 2.0),
}
ABSOLUTE = {"cold full build": 10.0, "one judgment's likelihood": 5.0}


def verdict(name: str, value: float, base: float) -> str:
    kind, bound = TARGETS.get(name, ("", 0.0))
    ratio = value / base if base else float("nan")
    parts = []
    if kind == "ratio":
        parts.append(f"{ratio:5.2f} of baseline (target <= {bound:.2f}: {'met' if ratio <= bound else 'NOT met'})")
    elif kind:
        parts.append(f"target <= {bound:g}: {'met' if value <= bound else 'NOT met'}")
    if name in ABSOLUTE:
        parts.append(f"absolute <= {ABSOLUTE[name]:g} s: {'met' if value <= ABSOLUTE[name] else 'NOT met'}")
    return "; ".join(parts)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--sources", type=int, default=100)
    parser.add_argument("--facts", type=int, default=10_000)
    parser.add_argument(
        "--baseline-pdf", action="store_true", help="also time the baseline with WeasyPrint per chapter"
    )
    parser.add_argument("--skip-scaled-build", action="store_true")
    args = parser.parse_args()
    print(f"machine: {os.cpu_count()} cores, Python {sys.version.split()[0]}; medians of {args.runs} runs")
    base = statistics.median(baseline(args.runs))
    print(f"{'naive baseline (nbconvert --execute --to html per chapter)':<58} {base:7.2f} s")
    result: dict[str, float] = {"baseline_s": base}
    if args.baseline_pdf:
        with_pdf = statistics.median(baseline(args.runs, pdf=True))
        print(f"{'naive baseline with WeasyPrint per chapter':<58} {with_pdf:7.2f} s")
        result["baseline_pdf_s"] = with_pdf
    for name, values in builds(args.runs).items():
        value = statistics.median(values)
        unit = "" if "GiB" in name else " s"
        print(f"{name:<58} {value:7.2f}{unit}  {verdict(name, value, base)}")
        result[name] = value
    if not args.skip_scaled_build:
        scaled = scaled_build(args.sources, args.facts)
        ratio = scaled / result["cold full build"]
        print(
            f"{f'build with +{args.sources} sources, +{args.facts} facts':<58} {scaled:7.2f} s  "
            f"{ratio:.2f}x the real build (target <= 1.5: {'met' if ratio <= 1.5 else 'NOT met'})"
        )
        result["scaled_build_s"] = scaled
    print("validation scaling (extra synthetic facts -> total rows, seconds, microseconds per row):")
    for size, rows, seconds in validation_scaling([0, args.facts]):
        print(f"  +{size:>6} facts  {rows:>6} rows  {seconds:6.2f} s  {seconds / rows * 1e6:6.1f} us/row")
    print(json.dumps(result))


if __name__ == "__main__":
    main()
