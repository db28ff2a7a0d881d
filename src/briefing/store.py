"""Results several chapters use, computed once per state of their inputs and kept on disk.

The first chapter that needs a result computes it while its reads are recorded; the result and
that read set are stored under ``.build/shared/``. Any later kernel (another chapter, the build,
an analyst's JupyterLab session) whose inputs are unchanged loads it and replays the read set into
its own, so that its cache key still covers the inputs behind the result.
"""

from __future__ import annotations

import fcntl
import functools
import hashlib
import pickle
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path
from typing import Any

from briefing import fingerprint, paths, reads
from briefing.atomic import write_atomic


def _folder(name: str) -> Path:
    """The store of one result, per state of the package code and of the locked software."""
    return paths.build_dir() / "shared" / f"{name}-{_code(paths.root())[:16]}"


@lru_cache(maxsize=4)
def _code(root: Path) -> str:
    """Digest of the package code this process imported and of the lock: read once, not at every lookup
    (a running kernel keeps the code it imported even if the files change)."""
    package = paths.package_dir()
    return fingerprint.digest(
        fingerprint.files_under(package, ("**/*.py",)), package.parent, fingerprint.lock_hash(root)
    )


def _current() -> reads.Current:
    return reads.Current(paths.root(), reads.data_prints(), paths.config(), paths.editions_dir())


_MISSING = object()

#: This process's results by (name, state of the inputs): a later call in the same kernel costs nothing.
_MEMO: dict[tuple, tuple[dict[str, str], Any]] = {}
MEMO_SIZE = 8


def _state(name: str, key: str) -> tuple:
    return name, key, str(paths.root()), paths.stamp(paths.data_dir()), paths.config().stat().st_mtime_ns


def _replay(record: dict[str, str]) -> None:
    """Put the reads behind a result into the running chapter's read set."""
    for key, fingerprint_ in record.items():
        kind, _, item = key.partition(":")
        reads.record(kind, item, fingerprint_)


def stored(name: str, key: str = "") -> Any:
    """The stored value for today's inputs (its reads replayed), or None."""
    found = _lookup(name, key)
    if found is _MISSING:
        return None
    _replay(found[0])
    return found[1]


def _lookup(name: str, key: str) -> Any:
    """(read set, value) from the store for today's inputs, or _MISSING."""
    folder = _folder(name)
    current = _current()
    for entry in sorted(folder.glob("*.pickle")) if folder.is_dir() else []:
        try:
            stored_key, record, value = pickle.loads(entry.read_bytes())
        except Exception:  # a damaged or foreign entry is recomputed, never trusted
            continue
        if stored_key == key and current.holds(record):
            return record, value
    return _MISSING


def result(name: str, compute: Callable[[], Any], key: str = "") -> Any:
    """``compute()``'s value for today's inputs: from this process, else the store, else computed and stored.

    ``key`` names what ``compute`` was given besides what it reads through the loaders (a digest of its
    arguments), so that one name can hold results for several arguments. Every way records the reads
    behind the value, so the caller's cache key covers them."""
    state = _state(name, key)
    if state not in _MEMO:
        found = _lookup(name, key)
        if found is _MISSING:
            found = _compute_once(name, key, compute)
        if len(_MEMO) >= MEMO_SIZE:
            _MEMO.pop(next(iter(_MEMO)))
        _MEMO[state] = found
    record, value = _MEMO[state]
    _replay(record)
    return value


def _compute_once(name: str, key: str, compute: Callable[[], Any]) -> tuple[dict[str, str], Any]:
    """Compute and store, unless another kernel is computing the same result: then wait for it and
    read what it stored (chapters run side by side and often start by asking for the same results).
    The results depend on each other without cycles, so waiting cannot deadlock."""
    folder = _folder(name)
    folder.mkdir(parents=True, exist_ok=True)
    with open(folder / f".{hashlib.sha256(key.encode()).hexdigest()[:16]}.lock", "a+b") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # released by the system if this kernel dies
        try:
            found = _lookup(name, key)
            return _compute(name, key, compute) if found is _MISSING else found
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def _compute(name: str, key: str, compute: Callable[[], Any]) -> tuple[dict[str, str], Any]:
    with reads.recording() as record:
        value = compute()
    _store(_folder(name), key, record, value)
    return record, value


def keyed(name: str, key: str, compute: Callable[[], Any]) -> Any:
    """A value that depends on ``key`` alone (it reads nothing through the loaders): from the store if
    another process computed it for this key, else computed and stored (a failure stores nothing)."""
    target = _folder(name) / f"{hashlib.sha256(key.encode()).hexdigest()[:20]}.pickle"
    try:
        stored_key, value = pickle.loads(target.read_bytes())
        if stored_key == key:
            return value
    except Exception:  # missing, damaged or foreign: computed again, never trusted
        pass
    value = compute()
    try:
        _write(target, pickle.dumps((key, value)))
    except OSError:  # a store that cannot be written only costs the next process the computation
        pass
    return value


def shared(name: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Decorator: the function's result is computed once per state of what it reads and of its
    arguments, and shared by every kernel of a build (see :func:`result`)."""

    def wrap(compute: Callable[..., Any]) -> Callable[..., Any]:
        @functools.wraps(compute)
        def cached(*args: Any, **kwargs: Any) -> Any:
            key = digest(args, sorted(kwargs.items())) if args or kwargs else ""
            return result(name, lambda: compute(*args, **kwargs), key=key)

        return cached

    return wrap


def digest(*parts: Any) -> str:
    """A key for ``result`` from the arguments of a computation (pickled: data frames included)."""
    return hashlib.sha256(pickle.dumps(parts, protocol=5)).hexdigest()


def _store(folder: Path, key: str, record: dict[str, str], value: Any) -> None:
    target = folder / f"{hashlib.sha256(repr((key, sorted(record.items()))).encode()).hexdigest()[:20]}.pickle"
    _write(target, pickle.dumps((key, record, value)))


def _write(target: Path, data: bytes) -> None:
    """Write whole or not at all: kernels read the store while others write to it."""
    target.parent.mkdir(parents=True, exist_ok=True)
    write_atomic(target, data)
