"""The fork server's own process: import the stack once, then fork one fresh kernel per request.

This file runs in the server, loaded by :data:`briefing.publish.forkserver.BOOTSTRAP` as a private
module (the package is not imported there), so it uses the standard library only. In a forked child,
:func:`serve` returns the kernel to run and the child runs it from the top of the stack.

The protocol is JSON lines over a socket pair: ``{"op": "spawn", "id", "args", "env", "cwd"}`` and
``{"op": "stop"}`` from the build; ``{"ready": {...}}``, ``{"id", "pid"}`` or ``{"id", "error"}``, and
``{"exit": pid, "status": code}`` back.
"""

from __future__ import annotations

import json
import os
import selectors
import signal
import socket
import sys
import threading
import time
from collections.abc import Iterable, Sequence
from typing import Any

#: A forked child's kernel: its ``IPKernelApp`` arguments, environment and folder.
Job = tuple[list[str], dict[str, str], str]


def main(config: dict[str, Any]) -> int:
    """The server's entry point: preload, serve, and in a forked child run the kernel."""
    # As ipykernel_launcher does: no current folder on sys.path while modules load
    # (IPython puts '' back when the kernel starts).
    if sys.path and sys.path[0] in ("", os.getcwd()):
        del sys.path[0]
    signal.signal(signal.SIGINT, signal.default_int_handler)  # started ignoring it (forkserver.IGNORING_CTRL_C)
    try:
        info = preload(config["preload"], config["libraries"])
        info["open_files"] = open_files(exclude=(config["fd"],))
    except KeyboardInterrupt:
        return 130
    job = serve(config["fd"], info)
    if job is None:
        exit_now(0)
    return run_kernel(*job)


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


# -- preloading ----------------------------------------------------------------------------------


def map_libraries(package: str) -> None:
    """dlopen a package's compiled modules and bundled libraries without importing the package."""
    import ctypes
    import importlib.util
    from pathlib import Path

    spec = importlib.util.find_spec(package)
    if spec is None or spec.origin is None:
        return
    folder = Path(spec.origin).parent
    pending = sorted(folder.parent.glob(f"{package}.libs/*.so*")) + sorted(folder.rglob("*.so"))
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
    """Map ``libraries`` and import ``modules``; what loaded, what failed and how long it took."""
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
    found: list[str] = []
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


# -- serving -------------------------------------------------------------------------------------


class Server:
    """The serving loop's state: the build's socket, a wake-up pipe for signals, the kernels forked."""

    def __init__(self, fd: int) -> None:
        self.sock = socket.socket(fileno=fd)
        self.wake_r, self.wake_w = os.pipe()
        os.set_blocking(self.wake_r, False)
        os.set_blocking(self.wake_w, False)
        self.stopping: list[int] = []
        self.graceful = False
        self.children: set[int] = set()
        self.buffer = b""
        self.selector = selectors.DefaultSelector()
        self.previous: dict[int, Any] = {}

    def catch_signals(self) -> None:
        """Stop on SIGINT, SIGTERM and SIGHUP; wake the loop on those and on SIGCHLD."""
        for signum in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
            self.previous[signum] = signal.signal(signum, lambda signum, frame: self.stopping.append(signum))
        self.previous[signal.SIGCHLD] = signal.signal(signal.SIGCHLD, lambda signum, frame: None)
        signal.set_wakeup_fd(self.wake_w)

    def send(self, message: dict[str, Any]) -> None:
        try:
            self.sock.sendall((json.dumps(message) + "\n").encode())
        except OSError:
            self.stopping.append(0)

    def reap(self, block: bool = False) -> None:
        """Collect the kernels that exited and report their status."""
        while self.children:
            try:
                pid, status = os.waitpid(-1, 0 if block else os.WNOHANG)
            except ChildProcessError:
                self.children.clear()
                return
            if pid == 0:
                return
            self.children.discard(pid)
            self.send({"exit": pid, "status": os.waitstatus_to_exitcode(status)})

    def run(self, info: dict[str, Any]) -> Job | None:
        """Answer requests until told to stop; in a forked child, return its kernel."""
        self.catch_signals()
        self.send({"ready": info})
        self.selector.register(self.sock, selectors.EVENT_READ)
        self.selector.register(self.wake_r, selectors.EVENT_READ)
        while not self.stopping:
            for key, _ in self.selector.select(1.0):
                if key.fileobj == self.wake_r:
                    self.drain_wake_up()
                elif (job := self.receive()) is not None:
                    return job
                elif self.stopping:
                    break
            self.reap()
        self.shutdown()
        return None

    def drain_wake_up(self) -> None:
        try:
            while os.read(self.wake_r, 512):
                pass
        except BlockingIOError:
            pass

    def receive(self) -> Job | None:
        """Read what the build sent and act on each whole line; a forked child gets its kernel."""
        try:
            data = self.sock.recv(65536)
        except OSError:
            data = b""
        if not data:  # the build is gone
            self.stopping.append(0)
            return None
        self.buffer += data
        *lines, self.buffer = self.buffer.split(b"\n")
        for line in lines:
            request = json.loads(line)
            if request.get("op") == "stop":
                self.graceful = True
                self.stopping.append(0)
                return None
            if (job := self.fork(request)) is not None:
                return job
        return None

    def fork(self, request: dict[str, Any]) -> Job | None:
        """Fork a kernel; the parent reports its pid and returns None, the child returns its job."""
        try:
            pid = os.fork()
        except OSError as exc:
            self.send({"id": request["id"], "error": f"fork failed: {exc}"})
            return None
        if pid == 0:
            self.leave()
            return request["args"], request["env"], request["cwd"]
        self.children.add(pid)
        self.send({"id": request["id"], "pid": pid})
        return None

    def leave(self) -> None:
        """In a forked kernel: a session of its own, the signals as they were, none of the server's files."""
        os.setsid()
        signal.set_wakeup_fd(-1)
        for signum, handler in self.previous.items():
            signal.signal(signum, handler)
        self.selector.close()
        self.sock.close()
        os.close(self.wake_r)
        os.close(self.wake_w)

    def shutdown(self) -> None:
        """Kernels still running get SIGTERM (a stop request) or SIGKILL (interrupted, or the build
        is gone), then SIGKILL after a short grace; all are reaped and reported."""
        first = signal.SIGTERM if self.graceful else signal.SIGKILL
        for pid in list(self.children):
            kill_group(pid, first)
        deadline = time.monotonic() + 0.5
        while self.children and time.monotonic() < deadline:
            self.reap()
            time.sleep(0.01)
        for pid in list(self.children):
            kill_group(pid, signal.SIGKILL)
        self.reap(block=True)
        self.selector.close()
        self.sock.close()


def serve(fd: int, info: dict[str, Any]) -> Job | None:
    """Serve the build on socket ``fd``; in a forked child, return (args, env, cwd) of its kernel."""
    return Server(fd).run(info)


# -- in a forked kernel --------------------------------------------------------------------------


def run_kernel(args: list[str], env: dict[str, str], cwd: str) -> int:
    """In a forked child: become a fresh kernel in ``env`` and ``cwd`` and run until shut down."""
    parent = become_fresh(env, cwd)
    launcher = module_file("ipykernel_launcher")
    sys.argv = [launcher or "ipykernel_launcher", *args]

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


def become_fresh(env: dict[str, str], cwd: str) -> int:
    """Take the kernel's folder and environment, and drop what the server set up; the server's pid."""
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
    return parent


def module_file(name: str) -> str | None:
    """Where a module's file is, without importing it (None when unknown)."""
    import importlib.util

    spec = importlib.util.find_spec(name)
    return spec.origin if spec is not None else None


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
