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
    subprocess.run(cmd, cwd=root, env={**os.environ, "BRIEFING_ROOT": str(root), **(env or {})}, check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def cold_and_noop(runs: int) -> tuple[list[float], list[float]]:
    cold, noop = [], []
    for _ in range(runs):
        with tempfile.TemporaryDirectory() as tmp:
            root = fresh_copy(Path(tmp))
            cold.append(timed([PY, "-m", "briefing", "build"], root))
            noop.append(timed([PY, "-m", "briefing", "build"], root))
    return cold, noop


def baseline(runs: int) -> list[float]:
    """What one would do without this project: nbconvert --execute per chapter, then WeasyPrint."""
    times = []
    for _ in range(runs):
        with tempfile.TemporaryDirectory() as tmp:
            root = fresh_copy(Path(tmp))
            out = root / "naive"
            start = time.perf_counter()
            for nb in sorted((root / "notebooks").glob("[0-9][0-9]-*.ipynb")):
                subprocess.run([PY, "-m", "jupyter", "nbconvert", "--execute", "--to", "html", "--output-dir", str(out), str(nb)],
                               cwd=root / "notebooks", env={**os.environ, "BRIEFING_ROOT": str(root),
                                                            "BRIEFING_FIGURES": str(out), "BRIEFING_SIDE": str(out)},
                               check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            for html in sorted(out.glob("*.html")):
                subprocess.run([PY, "-m", "weasyprint", str(html), str(html.with_suffix(".pdf"))], check=True,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
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
        registers.append({"id": sid, "type": "article", "outlet": "Synthetic", "title": f"Synthetic source {s}",
                          "dateline_date": "2025-10-01", "language": "en", "file": name,
                          "sha256": hashlib.sha256(text.encode()).hexdigest(), "licence": "generated"})
        offset = 0
        for k, (org, sentence) in enumerate(zip(names, sentences)):
            orgs.append({"id": f"org-syn-{s:04d}-{k:05d}", "source_id": sid, "actor": "synthetic_institute", "name": org,
                         "type": "think_tank", "quote": org, "char_start": str(offset + sentence.index(org))})
            offset += len(sentence)
    append_rows(data / "sources" / "sources.csv", registers)
    append_rows(data / "reference" / "actors.csv", [{"id": "synthetic_institute", "name": "Synthetic institute",
                                                     "short_name": "Synthetic", "type": "think_tank"}])
    append_rows(data / "facts" / "organisations.csv", orgs)


def validation_scaling(sizes: list[int]) -> list[tuple[int, int, float]]:
    from briefing.analysis.validate import validate

    out = []
    for size in sizes:
        with tempfile.TemporaryDirectory() as tmp:
            root = fresh_copy(Path(tmp))
            if size:
                synthetic(root, max(1, size // 100), size)
            tables, problems = validate(root / "data")
            assert not problems, problems[:3]
            rows = sum(len(t.rows) for t in tables.values())
            best = min(_time(lambda: validate(root / "data")) for _ in range(3))
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--sources", type=int, default=100)
    parser.add_argument("--facts", type=int, default=10_000)
    parser.add_argument("--skip-baseline", action="store_true")
    parser.add_argument("--skip-scaled-build", action="store_true")
    args = parser.parse_args()
    print(f"machine: {os.cpu_count()} cores, Python {sys.version.split()[0]}")
    cold, noop = cold_and_noop(args.runs)
    print(f"cold full build      median {statistics.median(cold):6.1f} s  runs {['%.1f' % t for t in cold]}")
    print(f"no-op rebuild        median {statistics.median(noop):6.2f} s  runs {['%.2f' % t for t in noop]}")
    result = {"cold_s": statistics.median(cold), "noop_s": statistics.median(noop)}
    if not args.skip_baseline:
        base = baseline(args.runs)
        print(f"naive baseline       median {statistics.median(base):6.1f} s  runs {['%.1f' % t for t in base]}")
        print(f"speed-up (baseline / cold build): {statistics.median(base) / statistics.median(cold):.2f}x")
        result["baseline_s"] = statistics.median(base)
    print("validation scaling (extra synthetic facts -> total rows, seconds, microseconds per row):")
    for size, rows, seconds in validation_scaling([0, args.facts // 10, args.facts // 2, args.facts]):
        print(f"  +{size:>6} facts  {rows:>6} rows  {seconds:6.2f} s  {seconds / rows * 1e6:6.1f} us/row")
    if not args.skip_scaled_build:
        scaled = scaled_build(args.sources, args.facts)
        print(f"build with +{args.sources} sources, +{args.facts} facts: {scaled:6.1f} s "
              f"({scaled / result['cold_s']:.2f}x the real-data build)")
        result["scaled_build_s"] = scaled
    print(json.dumps(result))


if __name__ == "__main__":
    main()
