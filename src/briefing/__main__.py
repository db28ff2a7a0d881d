"""Command line: ``python -m briefing build|annex|publish|validate|locate``.

Data problems exit with status 2, build failures with 1; neither prints a Python traceback.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path


def cmd_build(args: argparse.Namespace) -> int:
    from .publish.build import BuildError, annex, build, publish
    from .publish.interrupt import EXIT_STATUS, Interrupted, abort
    from .publish.lock import LockedError

    run = {"annex": annex, "publish": publish}.get(args.command, lambda: build(force=args.force))
    try:
        try:
            return run()
        except KeyboardInterrupt:
            raise abort() from None
    except Interrupted as exc:
        print(f"error: {exc}", file=sys.stderr, flush=True)
        sys.stdout.flush()
        os._exit(EXIT_STATUS)  # chapter threads may still be unwinding: do not wait for them
    except LockedError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    except BuildError as exc:
        print(f"error: {exc}", file=sys.stderr)
        if exc.log:
            print(f"full traceback: {exc.log.relative_to(Path.cwd()) if exc.log.is_relative_to(Path.cwd()) else exc.log}", file=sys.stderr)
        print("build failed; reports/ is unchanged", file=sys.stderr)
        return 1


def cmd_validate(args: argparse.Namespace) -> int:
    from . import paths
    from .analysis.validate import validate

    tables, problems = validate(paths.data_dir())
    for problem in problems:
        print(f"error: {problem}", file=sys.stderr)
    if problems:
        print(f"{len(problems)} problem(s) in data/", file=sys.stderr)
        return 2
    rows = sum(len(t.rows) for t in tables.values())
    print(f"data/ is valid: {len(tables)} tables, {rows} rows")
    return 0


def cmd_locate(args: argparse.Namespace) -> int:
    """Print the char_start of a verbatim excerpt in a source, for coding new facts."""
    from . import paths
    from .analysis.validate import read_package, read_table

    package, _ = read_package(paths.datapackage())
    resource = next(r for r in package["resources"] if r["name"] == "sources")
    table, _ = read_table(paths.data_dir(), resource)
    row = next((r for r in table.rows if r["id"] == args.source), None) if table else None
    if row is None or not row.get("file"):
        print(f"error: no source with a stored text has id {args.source!r}", file=sys.stderr)
        return 2
    text = (paths.sources_dir() / row["file"]).read_text(encoding="utf-8")
    hits = [i for i in range(len(text)) if text.startswith(args.quote, i)]
    if not hits:
        print(f"error: the excerpt does not occur verbatim in {row['file']}", file=sys.stderr)
        return 2
    print("\n".join(map(str, hits)))
    return 0


def parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(prog="briefing", description=__doc__.splitlines()[0])
    sub = top.add_subparsers(dest="command", required=True)
    b = sub.add_parser("build", help="validate, execute chapters and publish reports/")
    b.add_argument("--force", action="store_true", help="re-execute every chapter, ignoring the cache")
    b.set_defaults(func=cmd_build)
    a = sub.add_parser("annex", help="build if needed, then lay out reports/annex.pdf (the full analysis in print)")
    a.set_defaults(func=cmd_build, force=False)
    pub = sub.add_parser("publish", help="build if needed, then record reports/ as an edition (what changed compares with it)")
    pub.set_defaults(func=cmd_build, force=False)
    v = sub.add_parser("validate", help="check data/ against data/datapackage.json and the sources")
    v.set_defaults(func=cmd_validate)
    loc = sub.add_parser("locate", help="print the char_start of an excerpt in a source")
    loc.add_argument("source", help="source id, e.g. from data/sources/sources.csv")
    loc.add_argument("quote", help="the verbatim excerpt")
    loc.set_defaults(func=cmd_locate)
    return top


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        return args.func(args)
    except FileNotFoundError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:  # before anything was started
        print("error: interrupted; reports/ is unchanged", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
