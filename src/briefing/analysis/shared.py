"""Results several chapters use, computed once per state of their inputs and kept on disk.

The first chapter that needs a result computes it while its reads are recorded; the result and
that read set are stored under ``.build/shared/``. Any later kernel (another chapter, the build,
an analyst's JupyterLab session) whose inputs are unchanged loads it and replays the read set into
its own, so that its cache key still covers the inputs behind the result.
"""

from __future__ import annotations

import hashlib
import os
import pickle
from collections.abc import Callable
from pathlib import Path
from typing import Any

from .. import fingerprint, paths, reads


def _folder(name: str) -> Path:
    code = fingerprint.digest(fingerprint.files_under(paths.package_dir(), ("**/*.py",)), paths.package_dir().parent)
    return paths.build_dir() / "shared" / f"{name}-{code[:16]}"


def _current() -> reads.Current:
    from . import facts

    return reads.Current(paths.root(), facts.view().prints, paths.config(), paths.editions_dir())


_MISSING = object()

#: This process's results by (name, state of the inputs): a later call in the same kernel costs nothing.
_MEMO: dict[tuple, tuple[dict[str, str], Any]] = {}
MEMO_SIZE = 8


def _state(name: str) -> tuple:
    return name, str(paths.root()), paths.stamp(paths.data_dir()), paths.config().stat().st_mtime_ns


def _replay(record: dict[str, str]) -> None:
    """Put the reads behind a result into the running chapter's read set."""
    for key, fingerprint_ in record.items():
        kind, _, item = key.partition(":")
        reads.record(kind, item, fingerprint_)


def stored(name: str) -> Any:
    """The stored value for today's inputs (its reads replayed), or None."""
    found = _lookup(name)
    if found is _MISSING:
        return None
    _replay(found[0])
    return found[1]


def _lookup(name: str) -> Any:
    """(read set, value) from the store for today's inputs, or _MISSING."""
    folder = _folder(name)
    current = _current()
    for entry in sorted(folder.glob("*.pickle")) if folder.is_dir() else []:
        try:
            record, value = pickle.loads(entry.read_bytes())
        except Exception:  # a damaged or foreign entry is recomputed, never trusted
            continue
        if current.holds(record):
            return record, value
    return _MISSING


def result(name: str, compute: Callable[[], Any]) -> Any:
    """``compute()``'s value for today's inputs: from this process, else the store, else computed and stored.

    Every way records the reads behind the value, so the caller's cache key covers them."""
    state = _state(name)
    if state not in _MEMO:
        found = _lookup(name)
        if found is _MISSING:
            found = _compute(name, compute)
        if len(_MEMO) >= MEMO_SIZE:
            _MEMO.pop(next(iter(_MEMO)))
        _MEMO[state] = found
    record, value = _MEMO[state]
    _replay(record)
    return value


def _compute(name: str, compute: Callable[[], Any]) -> tuple[dict[str, str], Any]:
    outer = dict(reads._RECORD)
    reads.reset()
    try:
        value = compute()
        record = dict(reads._RECORD)
    finally:
        reads._RECORD.update(outer)
    _store(_folder(name), record, value)
    return record, value


def _store(folder: Path, record: dict[str, str], value: Any) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    data = pickle.dumps((record, value))
    target = folder / f"{hashlib.sha256(repr(sorted(record.items())).encode()).hexdigest()[:20]}.pickle"
    tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    tmp.write_bytes(data)
    os.replace(tmp, target)
