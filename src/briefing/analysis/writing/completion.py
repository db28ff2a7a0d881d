"""Tab completion of ids where the writing API takes them: ``p.fact("dist-ba<Tab>`` offers the fact ids
that start so, ``p.calc("`` the computed results', ``p.mark("`` and ``p.value(`` both.

An IPython completion matcher (its v2 API), added to the kernel's completer when a chapter imports the
writing API; outside IPython nothing is registered.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

from briefing.analysis import computed
from briefing.analysis.data import facts

#: The writing API's calls taking ids: which kind of ids, and at which positional argument ("any": every one,
#: "rest": all but the first, which is text).
TAKES = {
    "fact": ("facts", "first"),
    "row": ("facts", "first"),
    "source": ("facts", "first"),
    "count": ("facts", "first"),
    "calc": ("computed", "first"),
    "mark": ("both", "any"),
    "value": ("both", "rest"),
}
#: An unclosed string argument of a call, up to the cursor: the call's name, the arguments before it
#: and what is typed.
OPEN_ARGUMENT = re.compile(r"\b(?P<call>\w+)\((?P<before>[^()]*?)[\"'](?P<typed>[\w.:-]*)$")


def takes_here(call: str, before: str) -> bool:
    """Whether the argument being typed is one that takes an id (a template or a text does not)."""
    if call not in TAKES:
        return False
    position = before.count(",")  # arguments are ids and short strings, without commas of their own
    where = TAKES[call][1]
    return where == "any" or (where == "first" and position == 0) or (where == "rest" and position > 0)


def ids_for(call: str) -> list[str]:
    """The ids a call of the writing API takes, sorted."""
    kind = TAKES[call][0] if call in TAKES else ""
    found: list[str] = []
    if kind in ("facts", "both"):
        found += facts.index()
    if kind in ("computed", "both"):
        try:
            found += computed.ids()
        except Exception:  # noqa: BLE001 - a project whose computed results cannot be made still completes fact ids
            pass
    return sorted(set(found))


def completions(line: str) -> tuple[str, list[str]]:
    """What is typed of an id at the end of ``line`` and the ids completing it ('', [] outside an id)."""
    match = OPEN_ARGUMENT.search(line)
    if not match or not takes_here(match["call"], match["before"]):
        return "", []
    typed = match["typed"]
    return typed, [i for i in ids_for(match["call"]) if i.startswith(typed)]


def matcher() -> Callable:
    """The IPython matcher offering :func:`completions` (IPython imported only when a kernel asks)."""
    from IPython.core.completer import CompletionContext, SimpleCompletion, context_matcher

    @context_matcher()
    def complete_ids(context: CompletionContext) -> dict:
        before = context.full_text[: context.cursor_position].splitlines() or [""]
        typed, found = completions(before[-1])
        return {
            "completions": [SimpleCompletion(text=i, type="id") for i in found],
            "matched_fragment": typed,
            "suppress": bool(found),
        }

    return complete_ids


def register(shell: object | None) -> None:
    """Add the matcher to a running IPython shell's completer, once."""
    completer = getattr(shell, "Completer", None)
    if completer is None:
        return
    present: Iterable = completer.custom_matchers
    if not any(getattr(m, "__qualname__", "").endswith("complete_ids") for m in present):
        completer.custom_matchers.append(matcher())
