"""Kernel sources: kernels forked from a warm process behave like kernels started normally.

Real processes throughout: a server, kernels forked from it, nbclient talking to them.
"""

from __future__ import annotations

import asyncio
import json
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError

from briefing.publish.execute import Runner
from briefing.publish.forked_kernel import manager_class_for
from briefing.publish.forkserver import FULL_PRELOAD, ForkServer
from briefing.publish.kernels import ForkedKernels, KernelSource, kernel_env, kernel_name, kernel_source
from helpers import as_from_a_terminal

KERNEL = "bagram-briefing"
SRC = Path(__file__).resolve().parents[1] / "src"

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="the fork server needs fork()")

# What a chapter sees of its kernel when it starts: the same from a forked kernel as from a new one.
PROBE = """\
import os, sys
import matplotlib
import matplotlib.pyplot as plt
print(sorted(k for k in globals() if not k.startswith('_')))
print(os.getcwd(), os.environ.get('BRIEFING_PROBE'), os.environ.get('MPLBACKEND'))
print(matplotlib.get_backend(), plt.get_fignums(), matplotlib.rcParams['figure.figsize'])
import hashlib; print(hashlib.sha256(repr(sorted(matplotlib.rcParams.items())).encode()).hexdigest())
print(sys.path)
print(os.path.basename(sys.argv[0]), sys.argv[1] == '-f', sys.flags.frozen_modules if hasattr(sys.flags, 'frozen_modules') else '')
print(get_ipython().execution_count, len(In))
"""


def notebook(*sources: str) -> nbformat.NotebookNode:
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(s) for s in sources])
    nb.metadata["kernelspec"] = {"name": KERNEL, "display_name": "Python (Bagram briefing)", "language": "python"}
    return nb


def run(
    nb: nbformat.NotebookNode, kernels: KernelSource | None, cwd: Path, env: dict[str, str] | None = None, **options
) -> dict:
    """Execute a notebook as Runner does; what happened to its kernel."""
    extra = {"kernel_manager_class": kernels.manager_class} if kernels and kernels.manager_class else {}
    options = {"timeout": 60, **extra, **options}
    client = NotebookClient(
        nb,
        kernel_name=KERNEL,
        extra_arguments=["--IPKernelApp.log_level=ERROR"],
        resources={"metadata": {"path": str(cwd)}},
        **options,
    )
    with client.setup_kernel(env=kernel_env(env or {})):
        km = client.km
        provisioner = km.provisioner
        for index, cell in enumerate(nb.cells):
            client.execute_cell(cell, index)
    return {"forked": getattr(provisioner, "forked", False), "pid": provisioner.pid, "km": km}


def text(cell: nbformat.NotebookNode) -> str:
    return "".join(o.get("text", "") for o in cell.outputs if o.output_type == "stream")


def gone(pid: int, within: float = 5.0) -> bool:
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return True
        if zombie(pid):
            return True
        time.sleep(0.02)
    return False


def zombie(pid: int) -> bool:
    """An exited process not reaped yet by a parent that is not us (it is as good as gone)."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().split(") ", 1)[1].startswith("Z")
    except (OSError, IndexError):
        return False


@pytest.fixture(scope="module")
def forked():
    with ForkedKernels(KERNEL, env=kernel_env({})) as kernels:
        yield kernels
    assert kernels.server.process.poll() is not None


@pytest.fixture(scope="module")
def server(forked: ForkedKernels) -> ForkServer:
    return forked.server


def test_preload_is_imported_once_and_opens_nothing(server: ForkServer) -> None:
    info = server.wait_ready()
    assert info["failed"] == {}
    for name in ("numpy", "pandas", "matplotlib.pyplot", "shapely", "ipykernel.kernelapp"):
        assert name in info["loaded"]
    # no files, sockets or pipes are open in the server besides its standard streams and the
    # protocol socket, so none is shared with a kernel
    assert info["open_files"] == []
    # the build's interpreter (the kernelspec may name it through another link to the same environment)
    assert os.path.realpath(server.python) == os.path.realpath(sys.executable)


def test_forked_kernel_starts_like_a_new_one(forked: ForkedKernels, tmp_path: Path) -> None:
    from_server, normal = notebook(PROBE), notebook(PROBE)
    env = {"BRIEFING_PROBE": "chapter"}
    assert run(from_server, forked, tmp_path, env)["forked"]
    assert not run(normal, KernelSource(), tmp_path, env)["forked"]
    assert text(from_server.cells[0]) == text(normal.cells[0])
    lines = text(from_server.cells[0]).splitlines()
    assert lines[0] == "['In', 'Out', 'exit', 'get_ipython', 'matplotlib', 'open', 'os', 'plt', 'quit', 'sys']"
    assert lines[1] == f"{tmp_path} chapter agg"
    assert lines[2].startswith("agg [] ")


def test_environment_and_folder_are_applied(forked: ForkedKernels, tmp_path: Path) -> None:
    (tmp_path / "local_module.py").write_text("VALUE = 42\n")
    nb = notebook(
        "import os, local_module\n"
        "print(os.getcwd(), os.environ['BRIEFING_FIGURES'], os.environ.get('BRIEFING_UNSET'), local_module.VALUE)\n"
        "print(os.getppid() == int(os.environ['JPY_PARENT_PID']), os.getpgid(0) == os.getpid())"
    )
    os.environ.pop("BRIEFING_UNSET", None)
    assert run(nb, forked, tmp_path, {"BRIEFING_FIGURES": "/figures/here"})["forked"]
    assert text(nb.cells[0]).splitlines() == [f"{tmp_path} /figures/here None 42", "True True"]


def test_kernels_in_a_row_share_nothing(forked: ForkedKernels, tmp_path: Path) -> None:
    first = notebook(
        "import matplotlib.pyplot as plt, numpy as np\n"
        "shared = 1\nplt.figure()\nplt.rcParams['lines.linewidth'] = 9\nnp.random.seed(1)\n"
        "print(plt.get_fignums())"
    )
    second = notebook(
        "import matplotlib.pyplot as plt, numpy as np\n"
        "print('shared' in globals(), plt.get_fignums(), plt.rcParams['lines.linewidth'])"
    )
    a = run(first, forked, tmp_path)
    b = run(second, forked, tmp_path)
    assert a["forked"] and b["forked"] and a["pid"] != b["pid"]
    assert text(first.cells[0]) == "[1]\n"
    assert text(second.cells[0]) == "False [] 1.5\n"


def test_random_state_is_not_inherited(forked: ForkedKernels, tmp_path: Path) -> None:
    draws = [notebook("import numpy, random; print(numpy.random.random(), random.random())") for _ in range(2)]
    for nb in draws:
        run(nb, forked, tmp_path)
    assert text(draws[0].cells[0]) != text(draws[1].cells[0])


def test_failing_cell_raises_and_the_kernel_is_gone(forked: ForkedKernels, server: ForkServer, tmp_path: Path) -> None:
    nb = notebook("x = 1", "1 / 0", "print('never')")
    client = NotebookClient(
        nb,
        kernel_name=KERNEL,
        timeout=60,
        kernel_manager_class=forked.manager_class,
        resources={"metadata": {"path": str(tmp_path)}},
    )
    with pytest.raises(CellExecutionError) as caught:
        with client.setup_kernel(env=kernel_env({})):
            pid = client.km.provisioner.pid
            for index, cell in enumerate(nb.cells):
                client.execute_cell(cell, index)
    assert caught.value.ename == "ZeroDivisionError"
    assert gone(pid)
    assert server.poll(pid) is not None
    assert pid not in server.pids()


def test_interrupt_reaches_a_forked_kernel(forked: ForkedKernels, tmp_path: Path) -> None:
    nb = notebook("import time\ntime.sleep(60)")
    start = time.monotonic()
    with pytest.raises(CellExecutionError) as caught:
        run(nb, forked, tmp_path, timeout=2, interrupt_on_timeout=True)
    assert caught.value.ename == "KeyboardInterrupt"
    assert time.monotonic() - start < 30


def test_runner_runs_a_chapter_through_the_server(forked: ForkedKernels, tmp_path: Path) -> None:
    chapter = tmp_path / "chapter.ipynb"
    nb = notebook("import os\nname = os.environ['BRIEFING_PROBE']")
    nb.cells.append(nbformat.v4.new_markdown_cell("The chapter is {eval}`name`."))
    nbformat.write(nb, chapter)
    result = Runner(workers=2, kernels=forked).run_one(chapter, {"BRIEFING_PROBE": "ch1"})
    assert result.ok, result.detail
    stored = result.notebook.cells[1].metadata["user_expressions"]
    assert stored[0]["result"]["data"]["text/plain"] == "'ch1'"


@pytest.mark.parametrize("source", ["plain", "forked"])
def test_the_read_set_comes_back_from_either_source(forked: ForkedKernels, tmp_path: Path, source: str) -> None:
    # what the chapter recorded, even when it rebound the package's name after recording
    chapter = tmp_path / "chapter.ipynb"
    nb = notebook("from briefing import reads\nreads.record('file', 'data/x.csv', 'abc')\nbriefing = 'a word'")
    nbformat.write(nb, chapter)
    kernels = forked if source == "forked" else KernelSource()
    result = Runner(workers=1, kernels=kernels).run_one(chapter)
    assert result.ok, result.detail
    assert result.reads == {"file:data/x.csv": "abc"}


def test_a_kernel_without_the_package_says_why_it_has_no_read_set(tmp_path: Path) -> None:
    chapter = tmp_path / "chapter.ipynb"
    nbformat.write(notebook("import sys\nsys.path[:] = []"), chapter)  # the package cannot be found
    result = Runner(workers=1).run_one(chapter)
    assert not result.ok
    assert result.error.startswith("after the last cell: the read set could not be read: ModuleNotFoundError"), (
        result.error
    )


def test_a_start_up_variable_that_differs_falls_back_to_a_subprocess(forked: ForkedKernels, tmp_path: Path) -> None:
    nb = notebook("import os, sys; print(os.environ['PYTHONHASHSEED'], os.getppid() == os.getpid())")
    outcome = run(nb, forked, tmp_path, {"PYTHONHASHSEED": "7"})
    assert not outcome["forked"]
    assert text(nb.cells[0]) == "7 False\n"


def test_stopping_the_server_leaves_no_kernel(tmp_path: Path) -> None:
    server = ForkServer.for_kernel(KERNEL, env=kernel_env({})).start()
    kms = []
    try:
        for _ in range(2):
            km = manager_class_for(server)(kernel_name=KERNEL)
            asyncio.run(km.start_kernel(cwd=str(tmp_path), env=kernel_env({})))  # and never shut down
            kms.append(km)
        pids = [km.provisioner.pid for km in kms]
        assert all(km.provisioner.forked for km in kms)
        assert sorted(server.pids()) == sorted(pids)
        assert all(asyncio.run(km.is_alive()) for km in kms)
    finally:
        server.stop()
    assert server.process.poll() is not None
    for pid in pids:
        with pytest.raises(ProcessLookupError):
            os.kill(pid, 0)
    assert server.pids() == []
    assert not any(asyncio.run(km.is_alive()) for km in kms)
    for km in kms:
        asyncio.run(km.cleanup_resources())


BUILD = """\
import asyncio, json, sys, time
from briefing.publish.kernels import ForkedKernels, kernel_env

with ForkedKernels({kernel!r}, env=kernel_env({{}})) as kernels:
    km = kernels.manager_class(kernel_name={kernel!r})
    asyncio.run(km.start_kernel(env=kernel_env({{}})))
    print(json.dumps({{"server": kernels.server.process.pid, "kernel": km.provisioner.pid}}), flush=True)
    time.sleep(120)
"""


def start_build(tmp_path: Path) -> tuple[subprocess.Popen, dict[str, int]]:
    """A build-like process in its own process group, with a server and a kernel running."""
    script = tmp_path / "build.py"
    script.write_text(textwrap.dedent(BUILD.format(kernel=KERNEL)))
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(SRC), os.environ.get("PYTHONPATH", "")])}
    build = subprocess.Popen(
        [sys.executable, str(script)],
        stdout=subprocess.PIPE,
        text=True,
        env=env,
        start_new_session=True,
        preexec_fn=as_from_a_terminal,
    )
    line = build.stdout.readline()
    assert line, "the build script did not start its kernel"
    return build, json.loads(line)


def test_ctrl_c_brings_everything_down(tmp_path: Path) -> None:
    build, pids = start_build(tmp_path)
    try:
        start = time.monotonic()
        os.killpg(build.pid, signal.SIGINT)  # what Ctrl-C in a terminal does
        assert gone(pids["server"], within=5) and gone(pids["kernel"], within=5)
        elapsed = time.monotonic() - start
        build.wait(10)
        print(f"everything down {elapsed:.3f} s after SIGINT")
        assert elapsed < 2.0, f"took {elapsed:.2f} s"
    finally:
        if build.poll() is None:
            os.killpg(build.pid, signal.SIGKILL)
        build.stdout.close()


def test_kernels_go_when_the_build_dies(tmp_path: Path) -> None:
    build, pids = start_build(tmp_path)
    try:
        build.kill()  # SIGKILL to the build alone: its server sees the connection close
        build.wait(10)
        assert gone(pids["server"], within=5)
        assert gone(pids["kernel"], within=5)
    finally:
        build.stdout.close()


def test_full_preload_kernels_use_the_geospatial_stack(tmp_path: Path) -> None:
    with ForkedKernels(KERNEL, preload=FULL_PRELOAD, env=kernel_env({})) as kernels:
        info = kernels.server.wait_ready()
        assert {"pyproj", "pyogrio", "geopandas"} <= set(info["loaded"])
        # importing pyproj opens its PROJ database: this is why it is not preloaded by default
        assert any(f.endswith("proj.db") for f in info["open_files"])
        nbs = [
            notebook(
                "import geopandas\n"
                "s = geopandas.GeoSeries.from_xy([69.26], [34.95], crs=4326).to_crs(32642)\n"
                "print(round(s.x[0]), round(s.y[0]))"
            )
            for _ in range(2)
        ]
        for nb in nbs:
            assert run(nb, kernels, tmp_path)["forked"]
        from pyproj import Transformer

        x, y = Transformer.from_crs(4326, 32642, always_xy=True).transform(69.26, 34.95)
        assert text(nbs[0].cells[0]) == text(nbs[1].cells[0]) == f"{round(x)} {round(y)}\n"


def chapter_outputs(result) -> list:
    """What a reader sees of a chapter: code cells' outputs and Markdown cells' inline values."""
    assert result.ok, result.detail
    return [
        [{k: v for k, v in o.items() if k != "execution_count"} for o in cell.outputs]
        if cell.cell_type == "code"
        else cell.metadata.get("user_expressions")
        for cell in result.notebook.cells
    ]


@pytest.mark.slow
def test_project_chapters_are_the_same_forked(forked: ForkedKernels, tmp_path: Path) -> None:
    from helpers import ROOT, copy_project

    root = copy_project(ROOT, tmp_path / "project")
    chapters = [root / "notebooks" / name for name in ("05-regional-alignment.ipynb", "06-security.ipynb")]
    runs = {}
    for label, kernels in (("normal", KernelSource()), ("forked", forked)):
        envs = {}
        for chapter in chapters:
            entry = tmp_path / label / chapter.stem
            (entry / "figures").mkdir(parents=True)
            (entry / "side").mkdir()
            envs[chapter] = {
                "BRIEFING_ROOT": str(root),
                "BRIEFING_FIGURES": str(entry / "figures"),
                "BRIEFING_SIDE": str(entry / "side"),
            }
        results = Runner(workers=2, kernels=kernels).run_all(chapters, lambda r: None, envs)
        figures = sorted(
            p.relative_to(tmp_path / label).as_posix() for p in (tmp_path / label).rglob("*") if p.is_file()
        )
        runs[label] = ([chapter_outputs(r) for r in results], figures)
    assert runs["forked"] == runs["normal"]
    assert runs["forked"][1], "the chapters wrote no figures"


def test_a_stopped_server_fails_chapters_at_once(tmp_path: Path) -> None:
    kernels = ForkedKernels(KERNEL, env=kernel_env({})).start()
    kernels.stop()
    chapter = tmp_path / "chapter.ipynb"
    nbformat.write(notebook("print('ran')"), chapter)
    start = time.monotonic()
    result = Runner(kernels=kernels).run_one(chapter)
    assert not result.ok
    assert result.error.startswith("ForkServerError: the fork server is not running")
    assert time.monotonic() - start < 5


def test_kill_and_graceful_shutdown_of_forked_kernels(
    forked: ForkedKernels, server: ForkServer, tmp_path: Path
) -> None:
    statuses = []
    for now in (True, False):
        km = forked.manager_class(kernel_name=KERNEL)
        asyncio.run(km.start_kernel(cwd=str(tmp_path), env=kernel_env({})))
        pid = km.provisioner.pid
        assert km.provisioner.forked and asyncio.run(km.is_alive())
        asyncio.run(km.shutdown_kernel(now=now))
        assert gone(pid, within=1)
        assert not km.has_kernel
        statuses.append(server.poll(pid))
    assert statuses[0] == -signal.SIGKILL  # killed: reported as by Popen
    assert statuses[1] is not None


def test_a_kernel_exits_as_an_interpreter_does(forked: ForkedKernels, server: ForkServer, tmp_path: Path) -> None:
    marker = tmp_path / "marker.txt"
    nb = notebook(
        "import atexit, threading, time\n"
        f"path = {str(marker)!r}\n"
        "def late():\n    time.sleep(0.3)\n    open(path, 'a').write('thread ')\n"
        "threading.Thread(target=late).start()\n"
        "atexit.register(lambda: open(path, 'a').write('atexit'))"
    )
    outcome = run(nb, forked, tmp_path)
    assert outcome["forked"]
    assert server.wait(outcome["pid"], timeout=10) == 0
    assert marker.read_text() == "thread atexit"


def test_a_build_forks_its_kernels_unless_asked_not_to(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    chapter = tmp_path / "01-chapter.ipynb"
    nbformat.write(notebook("pass"), chapter)
    monkeypatch.delenv("BRIEFING_FORK_SERVER", raising=False)
    source = kernel_source([chapter])
    assert isinstance(source, ForkedKernels) and source.name == KERNEL
    assert source.manager_class is None and source.server is None  # nothing starts before start()
    assert type(kernel_source([])) is KernelSource
    monkeypatch.setenv("BRIEFING_FORK_SERVER", "0")
    plain = kernel_source([chapter])
    assert type(plain) is KernelSource and plain.start().manager_class is None


def test_the_kernel_a_chapter_names_is_read_without_nbformat(tmp_path: Path) -> None:
    named, unnamed, broken = (tmp_path / f"{n}.ipynb" for n in ("named", "unnamed", "broken"))
    nbformat.write(notebook("pass"), named)
    nbformat.write(nbformat.v4.new_notebook(), unnamed)
    broken.write_text("{not json", encoding="utf-8")
    assert kernel_name(named) == KERNEL
    assert kernel_name(unnamed) == kernel_name(broken) == kernel_name(tmp_path / "missing.ipynb") == "python3"
