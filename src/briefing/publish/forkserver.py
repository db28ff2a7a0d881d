"""A warm process that forks kernels, so that chapters do not each pay for Python start-up and imports.

A :class:`ForkServer` is one Python process, started with the build's interpreter, that imports the
scientific stack once and then forks a fresh IPython kernel for each request (the server's side is
:mod:`briefing.publish.forkserver_process`). The child applies the requested environment and working
directory, starts a new session (so that signals reach it and its subprocesses as a group, as with a
normal kernel) and runs ``IPKernelApp`` on the connection file written by the kernel manager. Nothing
has run in the server but imports, so every kernel starts with an empty user namespace, matplotlib's
rcParams as at import and no figures. jupyter_client reaches it through
:mod:`briefing.publish.forked_kernel`; the build through :class:`briefing.publish.kernels.ForkedKernels`.

When the server stops, is interrupted (SIGINT, SIGTERM) or loses its connection to the build, it
kills the kernels it forked and exits; a kernel whose server died exits on its own (ipykernel's
parent poller).
"""

from __future__ import annotations

import json
import logging
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from briefing.publish import forkserver_process
from briefing.publish.forkserver_process import kill_group

log = logging.getLogger(__name__)

# Imported in the server before it forks. None of these opens a file or a socket that a forked
# child would share (checked by ``ForkServer.info["open_files"]``). numpy's OpenBLAS starts worker
# threads; fork copies only the forking thread, and OpenBLAS sets its pool up again in the child.
PRELOAD: tuple[str, ...] = (
    "numpy",
    "pandas",
    "matplotlib",
    "matplotlib.pyplot",
    "matplotlib.backends.backend_agg",
    "shapely",
    "IPython",
    "ipykernel.kernelapp",
    "ipykernel.ipkernel",
    "ipykernel.zmqshell",
    "ipykernel.debugger",
    "debugpy",
    "pdb",
    "pydoc",
    "code",
    "mimetypes",
    "xmlrpc.client",
    "IPython.core.completerlib",
    "IPython.core.debugger",
    "IPython.core.logger",
    "IPython.core.oinspect",
    "IPython.extensions.storemagic",
    "IPython.utils.wildcard",
    "faulthandler",
    "tornado.platform.asyncio",
    # the standard library modules that pyproj, pyogrio and geopandas import
    "http.client",
    "email.parser",
    "statistics",
    "importlib.resources.readers",
    "sqlite3",
    "urllib.request",
    "zipfile",
    "uuid",
    "decimal",
)

# The geospatial modules themselves. Importing pyproj opens its proj.db (SQLite) and importing
# pyogrio opens the one GDAL bundles, so every kernel would inherit open SQLite handles, which
# SQLite says not to carry across fork. Faster, and the chapters come out the same in practice
# (PROJ's and GDAL's own connections are made in the kernel), but opt in: ``preload=FULL_PRELOAD``.
GEO_PRELOAD: tuple[str, ...] = ("pyproj", "pyogrio", "geopandas")
FULL_PRELOAD: tuple[str, ...] = PRELOAD + GEO_PRELOAD

# Packages whose shared libraries are mapped (dlopen) in the server without running their Python
# code: the dynamic linking is done once, and no library opens a file when it is loaded.
LIBRARIES: tuple[str, ...] = ("pyproj", "pyogrio", "shapely")

# Environment variables read when the interpreter or a preloaded module starts: a kernel whose
# environment sets one of these differently from the server's cannot be forked faithfully.
STARTUP_PREFIXES: tuple[str, ...] = (
    "PYTHON",
    "LD_",
    "DYLD_",
    "LC_",
    "MPL",
    "MATPLOTLIB",
    "PROJ",
    "PYPROJ",
    "GDAL",
    "CPL_",
    "OGR_",
    "OMP_",
    "OPENBLAS",
    "GOTO",
    "MKL_",
    "NUMEXPR",
    "VECLIB",
    "BLIS",
    "PYDEVD",
    "JUPYTER",
    "IPYTHON",
)
STARTUP_NAMES: frozenset[str] = frozenset(
    {"LANG", "LANGUAGE", "TZ", "HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME", "XDG_DATA_HOME"}
)
IGNORED_NAMES: frozenset[str] = frozenset({"PYTHONEXECUTABLE", "JPY_PARENT_PID", "JPY_SESSION_NAME"})

# Loads the server's module from its file without importing the package or putting its folder on
# sys.path, then serves. In a forked child, main() runs the kernel and exits.
BOOTSTRAP = """\
import importlib.util, json, sys
spec = importlib.util.spec_from_file_location("_fork_server", sys.argv[1])
module = importlib.util.module_from_spec(spec)
spec.loader.exec_module(module)
sys.exit(module.main(json.loads(sys.argv[2])))
"""


#: The server shares the build's process group, so a Ctrl-C in the terminal reaches it too. Arriving while
#: its interpreter starts up, it would make Python print a fatal error; so the server starts with SIGINT
#: ignored (an ignored signal stays ignored across exec, and Python then leaves it so), and its main()
#: takes Ctrl-C back once its own code runs. The build stops the server itself when interrupted.
IGNORING_CTRL_C = ("/bin/sh", "-c", 'trap "" INT; exec "$@"', "sh")


class ForkServerError(RuntimeError):
    """The fork server is not running, failed to start, or refused a request."""


def startup_variable(name: str) -> bool:
    """Whether an environment variable is read at start-up (so it must match the server's)."""
    return name not in IGNORED_NAMES and (name in STARTUP_NAMES or name.startswith(STARTUP_PREFIXES))


def interpreter_of(argv: Sequence[str]) -> list[str] | None:
    """The interpreter part of ``python [options] -m ipykernel_launcher ...``, or None."""
    for index in range(1, len(argv) - 1):
        if argv[index] == "-m" and argv[index + 1] in ("ipykernel_launcher", "ipykernel"):
            return list(argv[:index])
    return None


def kernel_args(argv: Sequence[str]) -> list[str]:
    """The arguments after ``-m ipykernel_launcher``."""
    for index in range(1, len(argv) - 1):
        if argv[index] == "-m" and argv[index + 1] in ("ipykernel_launcher", "ipykernel"):
            return list(argv[index + 2 :])
    raise ValueError("not an ipykernel command")


def pid_exists(pid: int) -> bool:
    """Whether a process of that id exists (a zombie counts)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


class ForkServer:
    """A process that has imported ``preload`` and forks one kernel per :meth:`spawn`.

    ``python`` and ``python_args`` are the interpreter and its options (default: this process's
    interpreter, which is the build's); ``env`` is the server's environment, which the kernels
    inherit as their start-up environment (default: ours, with ``MPLBACKEND=agg`` unless set).
    :meth:`start` returns at once; the server imports in the background and the first
    :meth:`spawn` waits until it is ready.
    """

    def __init__(
        self,
        python: str | None = None,
        preload: Iterable[str] = PRELOAD,
        *,
        python_args: Sequence[str] = (),
        env: Mapping[str, str] | None = None,
        libraries: Iterable[str] = LIBRARIES,
        startup_timeout: float = 120.0,
    ) -> None:
        self.python = os.path.abspath(python or sys.executable)
        self.python_args = list(python_args)
        self.preload = list(preload)
        self.libraries = list(libraries)
        self.env = dict(os.environ if env is None else env)
        self.env.pop("PYTHONEXECUTABLE", None)
        self.env.setdefault("MPLBACKEND", "agg")
        self.startup_timeout = startup_timeout
        self.info: dict[str, Any] = {}
        self.process: subprocess.Popen | None = None
        self._sock: socket.socket | None = None
        self._reader: threading.Thread | None = None
        self._send_lock = threading.Lock()
        self._cond = threading.Condition()
        self._connected = False
        self._next_id = 0
        self._replies: dict[int, dict[str, Any]] = {}
        self._exits: dict[int, int] = {}
        self._pids: set[int] = set()

    @classmethod
    def for_kernel(cls, kernel_name: str, preload: Iterable[str] = PRELOAD, **kwargs: Any) -> ForkServer:
        """A server with the interpreter and options of an installed kernelspec
        (``python [options] -m ipykernel_launcher -f {connection_file}``)."""
        from jupyter_client.kernelspec import KernelSpecManager

        argv = KernelSpecManager().get_kernel_spec(kernel_name).argv
        interpreter = interpreter_of(argv)
        if interpreter is None:
            raise ForkServerError(f"kernel {kernel_name!r} is not started with -m ipykernel_launcher")
        return cls(interpreter[0], preload, python_args=interpreter[1:], **kwargs)

    # -- lifecycle ---------------------------------------------------------------------------

    @property
    def interpreter(self) -> list[str]:
        return [self.python, *self.python_args]

    @property
    def running(self) -> bool:
        return self._connected and self.process is not None and self.process.poll() is None

    def start(self) -> ForkServer:
        """Start the server process; it imports ``preload`` while the caller goes on."""
        if self.process is not None:
            raise ForkServerError("the fork server was already started")
        ours, theirs = socket.socketpair()
        ours.setblocking(True)
        config = json.dumps({"fd": theirs.fileno(), "preload": self.preload, "libraries": self.libraries})
        try:
            self.process = subprocess.Popen(
                [
                    *IGNORING_CTRL_C,
                    *self.interpreter,
                    "-c",
                    BOOTSTRAP,
                    os.path.abspath(forkserver_process.__file__),
                    config,
                ],
                pass_fds=[theirs.fileno()],
                env=self.env,
                stdin=subprocess.DEVNULL,
                close_fds=True,
            )
        except BaseException:
            ours.close()
            raise
        finally:
            theirs.close()
        self._sock = ours
        self._connected = True
        self._reader = threading.Thread(target=self._read, name="fork-server-reader", daemon=True)
        self._reader.start()
        return self

    def wait_ready(self, timeout: float | None = None) -> dict[str, Any]:
        """Block until the server has imported its preload; returns what it reported."""
        timeout = self.startup_timeout if timeout is None else timeout
        with self._cond:
            if not self._cond.wait_for(lambda: self.info or not self._connected, timeout):
                raise ForkServerError(f"the fork server was not ready after {timeout:.0f} s")
            if not self.info:
                raise ForkServerError(f"the fork server exited while starting (status {self._status()})")
            return self.info

    def stop(self, timeout: float = 5.0) -> None:
        """Stop the server: it kills the kernels still running and reaps them, then exits."""
        if self.process is None:
            return
        if not self.info and self.process.poll() is None:
            # Still importing, so no kernel yet, and requests are not read: just end it.
            self.process.terminate()
        try:
            self._send({"op": "stop"})
        except (OSError, ForkServerError):
            pass
        try:
            self.process.wait(timeout)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self._disconnect(timeout)
        # A kernel the server could not reap (it was killed itself) is killed here by pid.
        for pid in self.pids():
            kill_group(pid, signal.SIGKILL)

    def _disconnect(self, timeout: float) -> None:
        if self._sock is not None:
            try:
                self._sock.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
        if self._reader is not None:
            self._reader.join(timeout)
        if self._sock is not None:
            self._sock.close()

    def __enter__(self) -> ForkServer:
        if self.process is None:
            self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # -- kernels -------------------------------------------------------------------------------

    def spawn(
        self,
        args: Sequence[str],
        env: Mapping[str, str],
        cwd: str | os.PathLike | None = None,
        timeout: float | None = None,
    ) -> int:
        """Fork a kernel running ``IPKernelApp`` with ``args`` (e.g. ``["-f", connection_file]``)
        in ``env`` and ``cwd``; returns its pid as soon as it is forked."""
        if self.process is None:
            raise ForkServerError("the fork server was not started")
        timeout = self.startup_timeout if timeout is None else timeout
        with self._cond:
            self._next_id += 1
            request_id = self._next_id
        folder = os.fspath(cwd) if cwd is not None else os.getcwd()
        self._send({"op": "spawn", "id": request_id, "args": list(args), "env": dict(env), "cwd": folder})
        return self._forked(request_id, timeout)

    def _forked(self, request_id: int, timeout: float) -> int:
        """The pid the server answered a spawn request with (an error raises)."""
        with self._cond:
            if not self._cond.wait_for(lambda: request_id in self._replies or not self._connected, timeout):
                raise ForkServerError(f"the fork server did not answer within {timeout:.0f} s")
            if request_id not in self._replies:
                raise ForkServerError(f"the fork server exited (status {self._status()})")
            reply = self._replies.pop(request_id)
            if "error" in reply:
                raise ForkServerError(reply["error"])
            self._pids.add(reply["pid"])
            return reply["pid"]

    def poll(self, pid: int) -> int | None:
        """The kernel's exit status (negative: killed by that signal), or None while it runs."""
        with self._cond:
            if pid in self._exits:
                return self._exits[pid]
            if self._connected:
                return None
        # The server is gone and reports nothing more: the kernel was reparented and is reaped
        # by init, so it is gone when its pid is.
        if pid_exists(pid):
            return None
        with self._cond:
            self._exits.setdefault(pid, -signal.SIGKILL)
            self._pids.discard(pid)
            return self._exits[pid]

    def wait(self, pid: int, timeout: float | None = None) -> int | None:
        """Wait for a kernel to exit; its status, or None on timeout."""
        deadline = None if timeout is None else time.monotonic() + timeout
        while (status := self.poll(pid)) is None:
            remaining = None if deadline is None else deadline - time.monotonic()
            if remaining is not None and remaining <= 0:
                return None
            with self._cond:
                self._cond.wait(0.05 if remaining is None else min(0.05, remaining))
        return status

    def pids(self) -> list[int]:
        """The kernels forked and not known to have exited."""
        with self._cond:
            candidates = sorted(self._pids)
        return [pid for pid in candidates if self.poll(pid) is None]

    def unsuitable(self, cmd: Sequence[str], env: Mapping[str, str], cwd: str | os.PathLike | None) -> str:
        """Why this kernel cannot be forked faithfully from this server ('' when it can)."""
        interpreter = interpreter_of(cmd)
        if interpreter is None:
            return "the kernel is not started with -m ipykernel_launcher"
        if [os.path.abspath(interpreter[0]), *interpreter[1:]] != self.interpreter:
            return f"the kernel's interpreter {interpreter} is not the server's {self.interpreter}"
        for name in sorted(set(env) | set(self.env)):
            if startup_variable(name) and env.get(name) != self.env.get(name):
                return f"the kernel's {name} is not the server's"
        if cwd is not None and "matplotlib" in self.preload and os.path.isfile(os.path.join(cwd, "matplotlibrc")):
            return "the kernel's folder has a matplotlibrc, which matplotlib reads at import"
        return ""

    # -- protocol ------------------------------------------------------------------------------

    def _send(self, message: dict[str, Any]) -> None:
        if self._sock is None or not self._connected:
            raise ForkServerError(f"the fork server is not running (status {self._status()})")
        data = (json.dumps(message) + "\n").encode()
        with self._send_lock:
            try:
                self._sock.sendall(data)
            except OSError as exc:
                raise ForkServerError(f"the fork server is not reachable: {exc}") from exc

    def _read(self) -> None:
        """The reader thread: hand each message to :meth:`_handle` until the server is gone."""
        assert self._sock is not None
        buffer = b""
        try:
            while True:
                try:
                    data = self._sock.recv(65536)
                except OSError:
                    break
                if not data:
                    break
                buffer += data
                *lines, buffer = buffer.split(b"\n")
                with self._cond:
                    for line in lines:
                        self._handle(json.loads(line))
                    self._cond.notify_all()
        finally:
            with self._cond:
                self._connected = False
                self._cond.notify_all()

    def _handle(self, message: dict[str, Any]) -> None:
        if "exit" in message:
            self._exits[message["exit"]] = message["status"]
            self._pids.discard(message["exit"])
        elif "ready" in message:
            self.info = message["ready"]
            for name, problem in self.info.get("failed", {}).items():
                log.warning("fork server could not preload %s: %s", name, problem)
        elif "id" in message:
            self._replies[message["id"]] = message

    def _status(self) -> int | None:
        return None if self.process is None else self.process.poll()
