"""Ctrl-C (SIGINT to the build's process group, as a terminal sends it) at several points of a build."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from briefing.paths import Project
from helpers import as_from_a_terminal, clean_environment, copy_built, snapshot

MESSAGE = "error: build interrupted; reports/ is unchanged"


def processes_of(root: Path) -> list[int]:
    """Processes (kernels included, which run in sessions of their own) working for this project."""
    marker = f"BRIEFING_ROOT={root}".encode()
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit() and int(entry.name) != os.getpid():
            try:
                if marker in (entry / "environ").read_bytes().split(b"\0"):
                    found.append(int(entry.name))
            except OSError:
                continue
    return found


@pytest.fixture(scope="module")
def built(mini_built: Path, tmp_path_factory) -> Path:
    return copy_built(mini_built, tmp_path_factory.mktemp("interrupt") / "mini")


@pytest.mark.parametrize(
    "after, kernels", [("start", "forked"), ("executing", "forked"), ("chapter", "forked"), ("chapter", "plain")]
)
def test_ctrl_c_stops_the_build_cleanly(built: Path, after: str, kernels: str):
    before = snapshot(built / "reports")
    env = {
        **clean_environment(),
        **Project.at(built).environment(),
        "BRIEFING_FORK_SERVER": "0" if kernels == "plain" else "1",
    }
    proc = subprocess.Popen(
        [sys.executable, "-m", "briefing", "build", "--force"],
        cwd=built,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
        preexec_fn=as_from_a_terminal,
    )
    if after != "start":
        wanted = "executing" if after == "executing" else " ok "
        for line in proc.stdout:
            if wanted in line:
                break
    else:
        time.sleep(0.3)
    os.killpg(proc.pid, signal.SIGINT)
    try:
        out, err = proc.communicate(timeout=20)  # a guard against hanging, not a speed target
    except subprocess.TimeoutExpired:
        proc.kill()
        pytest.fail("the build did not stop after Ctrl-C")
    assert proc.returncode in (130, 0), err
    if proc.returncode == 130:
        assert err.strip().splitlines()[-1] in (MESSAGE, "error: interrupted; reports/ is unchanged")
        assert "Traceback" not in err
        assert snapshot(built / "reports") == before
    assert not list((built / ".build").glob("stage-*"))
    assert not list((built / ".build" / "cache").glob("*.tmp-*"))
    time.sleep(0.2)
    assert processes_of(built) == [], "a kernel or helper process outlived the build"


def test_the_fork_server_starts_with_ctrl_c_ignored_until_its_own_code_takes_it():
    """A Ctrl-C while the server's interpreter starts up must not make Python print a fatal error."""
    from briefing.publish.forkserver import IGNORING_CTRL_C

    probe = "import signal; print(signal.getsignal(signal.SIGINT) == signal.SIG_IGN)"
    out = subprocess.run([*IGNORING_CTRL_C, sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "True"
    # the kernels it forks take Ctrl-C back: test_kernels.test_interrupt_reaches_a_forked_kernel
