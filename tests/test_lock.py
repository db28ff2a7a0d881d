"""The build lock: exclusive while held, released when its holder ends, stale files recognised."""

from pathlib import Path

import pytest

from briefing.publish.lock import BuildLock, LockedError


def test_a_held_lock_refuses_a_second_holder_and_names_the_first(tmp_path: Path):
    path = tmp_path / "build.lock"
    with BuildLock(path):
        with pytest.raises(LockedError, match=r"another build is running \(pid \d+"):
            BuildLock(path).__enter__()
    assert not path.exists()
    with BuildLock(path) as again:  # released on exit
        assert not again.stale_cleared


def test_a_file_left_by_a_dead_build_is_taken_over_as_stale(tmp_path: Path):
    path = tmp_path / "build.lock"
    path.write_text("999999999\n")  # a PID, but no process holds the kernel lock
    with BuildLock(path) as lock:
        assert lock.stale_cleared
        assert path.read_text().strip() != "999999999"


def test_leaving_does_not_remove_a_lock_file_that_another_build_created(tmp_path: Path):
    path = tmp_path / "build.lock"
    first = BuildLock(path).__enter__()
    path.unlink()  # e.g. the build folder was cleaned while the first build ran
    with BuildLock(path):
        first.__exit__(None, None, None)
        assert path.exists(), "the first build removed the second build's lock"
        with pytest.raises(LockedError):
            BuildLock(path).__enter__()
