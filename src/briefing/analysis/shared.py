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


def stored(name: str) -> Any:
    """The stored value for today's inputs (its reads replayed), or None."""
    value = _lookup(name)
    return None if value is _MISSING else value


def _lookup(name: str) -> Any:
    folder = _folder(name)
    current = _current()
    for entry in sorted(folder.glob("*.pickle")) if folder.is_dir() else []:
        try:
            record, value = pickle.loads(entry.read_bytes())
        except Exception:  # a damaged or foreign entry is recomputed, never trusted
            continue
        if current.holds(record):
            for key, fingerprint_ in record.items():
                kind, _, item = key.partition(":")
                reads.record(kind, item, fingerprint_)
            return value
    return _MISSING


def result(name: str, compute: Callable[[], Any]) -> Any:
    """``compute()``'s value for today's inputs: from the store when they are unchanged."""
    value = _lookup(name)
    if value is not _MISSING:
        return value
    folder = _folder(name)
    outer = dict(reads._RECORD)
    reads.reset()
    try:
        value = compute()
        record = dict(reads._RECORD)
    finally:
        reads._RECORD.update(outer)
    _store(folder, record, value)
    return value


def _store(folder: Path, record: dict[str, str], value: Any) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    data = pickle.dumps((record, value))
    target = folder / f"{hashlib.sha256(repr(sorted(record.items())).encode()).hexdigest()[:20]}.pickle"
    tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    tmp.write_bytes(data)
    os.replace(tmp, target)
