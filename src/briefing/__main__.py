"""Command line: ``python -m briefing build|annex|publish|validate|locate|add-source|draft|promote|remove-source``.

Data problems and refused commands exit with status 2, build failures with 1; none prints a Python traceback.
"""

from __future__ import annotations

import argparse
import gc
import os
import sys
from collections.abc import Callable
from pathlib import Path


def cmd_build(args: argparse.Namespace) -> int:
    from briefing import paths
    from briefing.publish.build import BuildError, annex, build, publish
    from briefing.publish.interrupt import EXIT_STATUS, Interrupted, abort
    from briefing.publish.lock import LockedError

    project = paths.project()
    runs = {"annex": lambda: annex(project=project), "publish": lambda: publish(project=project)}
    run = runs.get(args.command, lambda: build(force=args.force, project=project))
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
            print(
                f"full traceback: {exc.log.relative_to(Path.cwd()) if exc.log.is_relative_to(Path.cwd()) else exc.log}",
                file=sys.stderr,
            )
        print("build failed; reports/ is unchanged", file=sys.stderr)
        return 1


def cmd_validate(args: argparse.Namespace) -> int:
    """Validate data/, then the drafts' kept rows as promote would: the same problems, in the same words."""
    from briefing import paths
    from briefing.analysis.data.promotion import draft_problems, pending_drafts
    from briefing.analysis.data.validate import validate

    data = paths.data_dir()
    tables, problems = validate(data)
    for problem in problems:
        print(f"error: {problem}", file=sys.stderr)
    drafted = [line for source in pending_drafts(data) for line in draft_problems(data, source, problems)]
    for line in drafted:
        print(f"error: {line}", file=sys.stderr)
    if problems:
        print(f"{len(problems)} problem(s) in data/", file=sys.stderr)
    if drafted:
        print(
            f"{len(drafted)} problem(s) in rows of data/drafts/ marked keep=yes (promote would refuse them)",
            file=sys.stderr,
        )
    if problems or drafted:
        return 2
    rows = sum(len(t.rows) for t in tables.values())
    print(f"data/ is valid: {len(tables)} tables, {rows} rows")
    return 0


def cmd_locate(args: argparse.Namespace) -> int:
    """Print the char_start of a verbatim excerpt in a source, for coding new facts."""
    from briefing import paths
    from briefing.analysis.data.intake import locate

    def run() -> int:
        print("\n".join(map(str, locate(paths.data_dir(), args.source, args.quote))))
        return 0

    return refusing(run)


def refusing(run: Callable[[], int]) -> int:
    """Run an intake command; a refusal is one line on stderr and exit status 2."""
    from briefing.analysis.data.intake import Refusal

    try:
        return run()
    except Refusal as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2


def cmd_add_source(args: argparse.Namespace) -> int:
    """Copy a text into data/sources/, register it with its sha256 and validate."""
    from briefing import paths
    from briefing.analysis.data.intake import NewSource, add_source

    new = NewSource(
        path=Path(args.path),
        id=args.id,
        outlet=args.outlet,
        date=args.date,
        place=args.place,
        type=args.type,
        language=args.language,
        licence=args.licence,
        title=args.title,
        description=args.description,
        url=args.url,
    )

    def run() -> int:
        target = add_source(paths.data_dir(), new)
        where = f"dateline {args.date}" + (f", {args.place}" if args.place else " (no place)")
        print(f"registered {args.id}: data/sources/{target.name}; {where}; data/ is valid")
        print(f"next: python -m briefing draft {args.id}")
        return 0

    return refusing(run)


def cmd_draft(args: argparse.Namespace) -> int:
    """Write candidate fact rows of a registered source to data/drafts/ID.csv (or .xlsx) and summarise them."""
    from briefing import paths
    from briefing.analysis.data.drafting import draft

    def run() -> int:
        result = draft(paths.data_dir(), args.source, force=args.force, fmt=args.format)
        print(f"drafted {result.rows} candidate rows into data/drafts/{result.path.name}")
        for name, count in result.by_table.items():
            print(f"  {name:<16} {count:5d}")
        print(f"review: set keep=yes and an id on the rows to keep, then python -m briefing promote {args.source}")
        return 0

    return refusing(run)


def cmd_promote(args: argparse.Namespace) -> int:
    """Append the reviewed rows of a draft to their tables and validate."""
    from briefing import paths
    from briefing.analysis.data.promotion import NothingToPromote, promote

    def run() -> int:
        try:
            added = promote(paths.data_dir(), args.source)
        except NothingToPromote as exc:
            print(exc)
            return 0
        print(
            f"promoted {sum(added.values())} rows: "
            + ", ".join(f"{n} {c}" for n, c in sorted(added.items()))
            + "; data/ is valid"
        )
        return 0

    return refusing(run)


def cmd_remove_source(args: argparse.Namespace) -> int:
    """Take a source out: register row, stored text, draft and every row citing it."""
    from briefing import paths
    from briefing.analysis.data.removal import remove_source

    def run() -> int:
        data = paths.data_dir()
        print("\n".join(remove_source(data, args.source, yes=args.yes).summary(data)))
        print("data/ is valid")
        return 0

    return refusing(run)


def parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(prog="briefing", description=__doc__.splitlines()[0])
    sub = top.add_subparsers(dest="command", required=True)
    b = sub.add_parser("build", help="validate, execute chapters and publish reports/")
    b.add_argument("--force", action="store_true", help="re-execute every chapter, ignoring the cache")
    b.set_defaults(func=cmd_build)
    a = sub.add_parser("annex", help="build if needed, then lay out reports/annex.pdf (the full analysis in print)")
    a.set_defaults(func=cmd_build, force=False)
    pub = sub.add_parser(
        "publish", help="build if needed, then record reports/ as an edition (what changed compares with it)"
    )
    pub.set_defaults(func=cmd_build, force=False)
    v = sub.add_parser("validate", help="check data/ against data/datapackage.json and the sources")
    v.set_defaults(func=cmd_validate)
    loc = sub.add_parser("locate", help="print the char_start of an excerpt in a source")
    loc.add_argument("source", help="source id, e.g. from data/sources/sources.csv")
    loc.add_argument("quote", help="the verbatim excerpt")
    loc.set_defaults(func=cmd_locate)
    add = sub.add_parser("add-source", help="copy a text into data/sources/ and register it with its sha256")
    add.add_argument("path", help="the text file (UTF-8), copied byte for byte")
    add.add_argument("--id", required=True, help="new source id (lower case, digits, hyphens)")
    add.add_argument("--outlet", required=True, help="publisher or outlet")
    add.add_argument("--date", required=True, help="dateline date, YYYY-MM-DD")
    add.add_argument("--place", default="", help="dateline place (leave out when the dateline names none)")
    add.add_argument("--type", default="article", help="kind of source (default: article)")
    add.add_argument("--language", default="en", help="language code (default: en)")
    add.add_argument("--licence", default="not recorded", help="licence or terms of use")
    add.add_argument("--title", help="the source's own title: must occur in its text")
    add.add_argument("--description", help="the analyst's description of the source")
    add.add_argument("--url", help="where the source was published")
    add.set_defaults(func=cmd_add_source)
    dr = sub.add_parser("draft", help="draft candidate fact rows of a source into data/drafts/ID.csv")
    dr.add_argument("source", help="registered source id with a stored text")
    dr.add_argument("--force", action="store_true", help="overwrite an existing draft (and its review)")
    dr.add_argument(
        "--format",
        choices=("csv", "xlsx"),
        default="csv",
        help="csv (UTF-8 with a byte-order mark) or xlsx (every cell typed as text: no cell becomes a date)",
    )
    dr.set_defaults(func=cmd_draft)
    pr = sub.add_parser("promote", help="append the draft rows marked keep=yes to their tables and validate")
    pr.add_argument("source", help="source id of the draft")
    pr.set_defaults(func=cmd_promote)
    rm = sub.add_parser(
        "remove-source", help="remove a source: register row, stored text, draft and every row citing it"
    )
    rm.add_argument("source", help="registered source id")
    rm.add_argument("--yes", action="store_true", help="also when judgments or indicators rest on its rows")
    rm.set_defaults(func=cmd_remove_source)
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
    status = main()
    # At exit the interpreter's collections would walk the whole heap a build leaves (parsed chapters,
    # data frames, fonts) once more, a third of a second; frozen objects are left to the OS.
    gc.freeze()
    sys.exit(status)
