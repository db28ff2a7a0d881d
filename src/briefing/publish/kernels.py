"""Kernels forked from a warm server, so that chapters do not each pay for Python start-up and imports.

A :class:`ForkServer` is one Python process, started with the build's interpreter, that imports the
scientific stack once and then forks a fresh IPython kernel for each request. The child applies the
requested environment and working directory, starts a new session (so that signals reach it and its
subprocesses as a group, as with a normal kernel) and runs ``IPKernelApp`` on the connection file
written by the kernel manager. Nothing has run in the server but imports, so every kernel starts
with an empty user namespace, matplotlib's rcParams as at import and no figures.

nbclient takes the server through its kernel manager class::

    with ForkServer.for_kernel("bagram-briefing", env=kernel_env({})) as server:
        client = NotebookClient(nb, kernel_manager_class=server.kernel_manager_class, ...)

The manager's provisioner asks the server for a kernel instead of spawning a process; poll, wait,
signals, kill and terminate work on the kernel's pid and process group, and the server reports
each kernel's exit status as it reaps it. A request the server cannot serve faithfully (another
interpreter, or an environment variable that is read at import time set differently) falls back to
the ordinary subprocess launch; a server that is gone is an error.

When the server stops, is interrupted (SIGINT, SIGTERM) or loses its connection to the build, it
kills the kernels it forked and exits; a kernel whose server died exits on its own (ipykernel's
parent poller).

The server protocol is JSON lines over a socket pair: ``{"op": "spawn", "id", "args", "env",
"cwd"}`` and ``{"op": "stop"}`` one way; ``{"ready": {...}}``, ``{"id", "pid"}`` or ``{"id",
"error"}``, and ``{"exit": pid, "status": code}`` the other.
"""

from __future__ import annotations

import asyncio
import json
import logging
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Iterable, Mapping, Sequence
from queue import Empty
from typing import Any

from jupyter_client.asynchronous.client import AsyncKernelClient
from jupyter_client.manager import AsyncKernelManager
from jupyter_client.provisioning import LocalProvisioner
from traitlets import DottedObjectName, Type

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


class ForkServerError(RuntimeError):
    """The fork server is not running, failed to start, or refused a request."""


def startup_variable(name: str) -> bool:
    """Whether an environment variable is read at start-up (so it must match the server's)."""
    return name not in IGNORED_NAMES and (name in STARTUP_NAMES or name.startswith(STARTUP_PREFIXES))


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
        self._manager_class = type("ForkKernelManager", (ForkKernelManager,), {"fork_server": self})

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
                [*self.interpreter, "-c", BOOTSTRAP, os.path.abspath(__file__), config],
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
        if self._sock is not None:
            try:
                self._sock.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
        if self._reader is not None:
            self._reader.join(timeout)
        if self._sock is not None:
            self._sock.close()
        # A kernel the server could not reap (it was killed itself) is killed here by pid.
        for pid in self.pids():
            kill_group(pid, signal.SIGKILL)

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
        self._send(
            {
                "op": "spawn",
                "id": request_id,
                "args": list(args),
                "env": dict(env),
                "cwd": os.fspath(cwd) if cwd is not None else os.getcwd(),
            }
        )
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

    @property
    def kernel_manager_class(self) -> type[ForkKernelManager]:
        """A :class:`ForkKernelManager` bound to this server, for ``NotebookClient(kernel_manager_class=...)``."""
        return self._manager_class

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
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def kill_group(pid: int, signum: int) -> None:
    """Signal a kernel's process group (it leads its own session), or the kernel alone."""
    try:
        os.killpg(pid, signum)
        return
    except OSError:
        pass
    try:
        os.kill(pid, signum)
    except OSError:
        pass


# -- the kernel manager side ---------------------------------------------------------------------


class ForkedProcess:
    """What ``LocalProvisioner`` needs of a ``Popen``, for a kernel that is the server's child."""

    stdin = stdout = stderr = None

    def __init__(self, server: ForkServer, pid: int) -> None:
        self.server = server
        self.pid = pid
        self.returncode: int | None = None

    def poll(self) -> int | None:
        if self.returncode is None:
            self.returncode = self.server.poll(self.pid)
        return self.returncode

    def wait(self, timeout: float | None = None) -> int:
        if self.returncode is None:
            self.returncode = self.server.wait(self.pid, timeout)
            if self.returncode is None:
                raise subprocess.TimeoutExpired(f"kernel {self.pid}", timeout or 0)
        return self.returncode

    def send_signal(self, signum: int) -> None:
        if self.poll() is None:
            os.kill(self.pid, signum)

    def terminate(self) -> None:
        self.send_signal(signal.SIGTERM)

    def kill(self) -> None:
        self.send_signal(signal.SIGKILL)


class ForkProvisioner(LocalProvisioner):
    """A ``LocalProvisioner`` whose kernels are forked by a :class:`ForkServer`.

    Connection files, ports, interrupts, shutdown and clean-up are the local provisioner's; only
    the launch differs, and the process it manages is a :class:`ForkedProcess`.
    """

    forked = False

    async def launch_kernel(self, cmd: list[str], **kwargs: Any) -> Any:
        server: ForkServer | None = getattr(self.parent, "fork_server", None)
        env = kwargs.get("env") or dict(os.environ)
        cwd = kwargs.get("cwd") or os.getcwd()
        reason = "no fork server" if server is None else server.unsuitable(cmd, env, cwd)
        if reason:
            log.debug("starting kernel as a subprocess: %s", reason)
            return await super().launch_kernel(cmd, **kwargs)
        assert server is not None
        # A server that is gone (stopped, interrupted by Ctrl-C, or crashed) is an error, not a
        # reason to start kernels another way: after Ctrl-C the chapters still queued must fail
        # at once rather than run.
        pid = await asyncio.to_thread(server.spawn, kernel_args(cmd), env, cwd)
        self.process = ForkedProcess(server, pid)  # type: ignore[assignment]
        self.pid = self.pgid = pid
        self.cwd = cwd
        self.forked = True
        return self.connection_info


#: How long a forked kernel's channels are watched for one more message: jupyter_client waits
#: 0.2 s after the kernel is ready (and polls every 0.1 s at shutdown), fixed costs larger than
#: the start of a forked kernel itself.
QUIET = 0.02


class ForkKernelClient(AsyncKernelClient):
    """A client that sees a forked kernel ready as soon as it answers on shell and IOPub."""

    async def wait_for_ready(self, timeout: float | None = None) -> None:  # type: ignore[override]
        deadline = time.monotonic() + (float("inf") if timeout is None else timeout)
        while True:
            self.kernel_info()
            try:
                reply = await self.shell_channel.get_msg(timeout=0.25)
            except Empty:
                reply = None
            if reply is not None and reply["msg_type"] == "kernel_info_reply":
                try:  # IOPub connected: the kernel's status messages reach us
                    await self.iopub_channel.get_msg(timeout=QUIET * 5)
                except Empty:
                    pass
                else:
                    self._handle_kernel_info_reply(reply)
                    break
            if not await self._async_is_alive():
                raise RuntimeError("Kernel died before replying to kernel_info")
            if time.monotonic() > deadline:
                raise RuntimeError(f"Kernel didn't respond in {timeout:.0f} seconds")
        while True:  # drain what the start-up published
            try:
                await self.iopub_channel.get_msg(timeout=QUIET)
            except Empty:
                break


class ForkKernelManager(AsyncKernelManager):
    """An ``AsyncKernelManager`` that starts kernels through ``fork_server``.

    Use a server's :attr:`ForkServer.kernel_manager_class`, which sets ``fork_server``.
    """

    fork_server: ForkServer | None = None
    client_class = DottedObjectName("briefing.publish.kernels.ForkKernelClient")
    client_factory = Type(ForkKernelClient, klass=AsyncKernelClient)

    async def _async_wait(self, pollinterval: float = QUIET) -> None:
        await super()._async_wait(min(pollinterval, QUIET))

    async def _async_pre_start_kernel(self, **kw: Any) -> Any:
        if self.provisioner is None:
            self.kernel_id = self.kernel_id or kw.pop("kernel_id", str(uuid.uuid4()))
            self.provisioner = ForkProvisioner(kernel_id=self.kernel_id, kernel_spec=self.kernel_spec, parent=self)
        return await super()._async_pre_start_kernel(**kw)


# -- the server side (runs in the server process, loaded from this file) ------------------------

# Loads this file as a private module without putting its folder on sys.path, then serves. In a
# forked child, serve() returns the kernel to run, and the child runs it from the top of the stack.
BOOTSTRAP = """\
import importlib.util, json, sys
spec = importlib.util.spec_from_file_location("_fork_server", sys.argv[1])
module = importlib.util.module_from_spec(spec)
spec.loader.exec_module(module)
sys.exit(module.main(json.loads(sys.argv[2])))
"""


def main(config: dict[str, Any]) -> int:
    """The server's entry point: preload, serve, and in a forked child run the kernel."""
    # As ipykernel_launcher does: no current folder on sys.path while modules load
    # (IPython puts '' back when the kernel starts).
    if sys.path and sys.path[0] in ("", os.getcwd()):
        del sys.path[0]
    try:
        info = preload(config["preload"], config["libraries"])
        info["open_files"] = open_files(exclude=(config["fd"],))
    except KeyboardInterrupt:
        return 130
    job = serve(config["fd"], info)
    if job is None:
        exit_now(0)
    return run_kernel(*job)


def map_libraries(package: str) -> None:
    """dlopen a package's compiled modules and bundled libraries without importing the package."""
    import ctypes
    import importlib.util
    from pathlib import Path

    spec = importlib.util.find_spec(package)
    if spec is None or spec.origin is None:
        return
    folder = Path(spec.origin).parent
    libraries = sorted(folder.parent.glob(f"{package}.libs/*.so*")) + sorted(folder.rglob("*.so"))
    pending = list(libraries)
    for _ in range(3):  # bundled libraries depend on each other: retry those that failed
        failed = []
        for path in pending:
            try:
                ctypes.CDLL(str(path), mode=os.RTLD_NOW)
            except OSError:
                failed.append(path)
        if not failed or len(failed) == len(pending):
            break
        pending = failed


def preload(modules: Sequence[str], libraries: Sequence[str]) -> dict[str, Any]:
    import importlib

    start = time.perf_counter()
    failed: dict[str, str] = {}
    for package in libraries:
        try:
            map_libraries(package)
        except Exception as exc:
            failed[f"{package} (libraries)"] = f"{type(exc).__name__}: {exc}"
    loaded = []
    for name in modules:
        try:
            importlib.import_module(name)
            loaded.append(name)
        except Exception as exc:
            failed[name] = f"{type(exc).__name__}: {exc}"
    if "jupyter_client" in sys.modules:
        # The machine's network interfaces, which every kernel looks up when it reads its
        # connection file (a subprocess or two; nothing stays open).
        from jupyter_client import localinterfaces

        localinterfaces.localhost()
    return {"pid": os.getpid(), "seconds": round(time.perf_counter() - start, 3), "loaded": loaded, "failed": failed}


def open_files(exclude: Iterable[int] = ()) -> list[str]:
    """What the process has open besides stdin, stdout, stderr and ``exclude`` (Linux; else empty)."""
    found = []
    try:
        names = os.listdir("/proc/self/fd")
    except OSError:
        return found
    for name in names:
        if int(name) <= 2 or int(name) in exclude:
            continue
        try:
            target = os.readlink(f"/proc/self/fd/{name}")
        except OSError:  # the listing's own descriptor, closed by now
            continue
        if not target.startswith(f"/proc/{os.getpid()}/"):
            found.append(target)
    return sorted(found)


def serve(fd: int, info: dict[str, Any]) -> tuple[list[str], dict[str, str], str] | None:
    """Answer requests until told to stop; in a forked child, return (args, env, cwd) of its kernel."""
    import selectors

    sock = socket.socket(fileno=fd)
    wake_r, wake_w = os.pipe()
    os.set_blocking(wake_r, False)
    os.set_blocking(wake_w, False)
    stopping: list[int] = []

    def on_stop(signum: int, frame: Any) -> None:
        stopping.append(signum)

    previous = {s: signal.signal(s, on_stop) for s in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)}
    previous[signal.SIGCHLD] = signal.signal(signal.SIGCHLD, lambda signum, frame: None)
    signal.set_wakeup_fd(wake_w)
    children: set[int] = set()

    def send(message: dict[str, Any]) -> None:
        try:
            sock.sendall((json.dumps(message) + "\n").encode())
        except OSError:
            stopping.append(0)

    def reap(block: bool = False) -> None:
        while children:
            try:
                pid, status = os.waitpid(-1, 0 if block else os.WNOHANG)
            except ChildProcessError:
                children.clear()
                return
            if pid == 0:
                return
            children.discard(pid)
            send({"exit": pid, "status": os.waitstatus_to_exitcode(status)})

    send({"ready": info})
    selector = selectors.DefaultSelector()
    selector.register(sock, selectors.EVENT_READ)
    selector.register(wake_r, selectors.EVENT_READ)
    buffer = b""
    graceful = False
    while not stopping:
        for key, _ in selector.select(1.0):
            if key.fileobj == wake_r:
                try:
                    while os.read(wake_r, 512):
                        pass
                except BlockingIOError:
                    pass
                continue
            try:
                data = sock.recv(65536)
            except OSError:
                data = b""
            if not data:  # the build is gone
                stopping.append(0)
                break
            buffer += data
            *lines, buffer = buffer.split(b"\n")
            for line in lines:
                request = json.loads(line)
                if request.get("op") == "stop":
                    graceful = True
                    stopping.append(0)
                    break
                try:
                    pid = os.fork()
                except OSError as exc:
                    send({"id": request["id"], "error": f"fork failed: {exc}"})
                    continue
                if pid == 0:
                    # The kernel: leave the server behind and run from the top of the stack.
                    os.setsid()
                    signal.set_wakeup_fd(-1)
                    for signum, handler in previous.items():
                        signal.signal(signum, handler)
                    selector.close()
                    sock.close()
                    os.close(wake_r)
                    os.close(wake_w)
                    return request["args"], request["env"], request["cwd"]
                children.add(pid)
                send({"id": request["id"], "pid": pid})
        reap()
    # Stopping: kernels still running get SIGTERM (a stop request) or SIGKILL (interrupted, or
    # the build is gone), then SIGKILL after a short grace; all are reaped and reported.
    first = signal.SIGTERM if graceful else signal.SIGKILL
    for pid in list(children):
        kill_group(pid, first)
    deadline = time.monotonic() + 0.5
    while children and time.monotonic() < deadline:
        reap()
        time.sleep(0.01)
    for pid in list(children):
        kill_group(pid, signal.SIGKILL)
    reap(block=True)
    selector.close()
    sock.close()
    return None


def run_kernel(args: list[str], env: dict[str, str], cwd: str) -> int:
    """In a forked child: become a fresh kernel in ``env`` and ``cwd`` and run until shut down."""
    import importlib.util
    import tempfile

    os.chdir(cwd)
    os.environ.clear()
    os.environ.update(env)
    parent = os.getppid()
    os.environ["JPY_PARENT_PID"] = str(parent)
    time.tzset()
    tempfile.tempdir = None
    numpy = sys.modules.get("numpy")
    if numpy is not None and "numpy.random" in sys.modules:
        numpy.random.seed()  # the global generator was seeded in the server: reseed from the OS
    launcher = importlib.util.find_spec("ipykernel_launcher")
    sys.argv = [launcher.origin if launcher and launcher.origin else "ipykernel_launcher", *args]

    from ipykernel.kernelapp import IPKernelApp

    IPKernelApp.clear_instance()
    if "IPython.core.interactiveshell" in sys.modules:
        from IPython.core.interactiveshell import InteractiveShell

        InteractiveShell.clear_instance()
    # The kernel exits when its parent, the server, does (ipykernel's parent poller).
    try:
        IPKernelApp.launch_instance(argv=args, parent_handle=parent)
        code = 0
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else int(exc.code is not None)
    exit_now(code)
    return code


def exit_now(code: int) -> None:
    """Exit as the interpreter would, but without tearing down every preloaded module one by one
    (a second or more for the scientific stack): in the interpreter's order, non-daemon threads
    are waited for, atexit handlers run and streams are flushed."""
    import atexit

    threading._shutdown()  # type: ignore[attr-defined]
    atexit._run_exitfuncs()
    for stream in (sys.stdout, sys.stderr, sys.__stdout__, sys.__stderr__):
        try:
            if stream is not None:
                stream.flush()
        except Exception:
            pass
    os._exit(code)
