"""jupyter_client's side of a forked kernel: a kernel manager whose kernels a fork server starts.

nbclient takes a server through its kernel manager class::

    client = NotebookClient(nb, kernel_manager_class=manager_class_for(server), ...)

The manager's provisioner asks the server for a kernel instead of spawning a process; poll, wait,
signals, kill and terminate work on the kernel's pid and process group, and the server reports each
kernel's exit status as it reaps it. A request the server cannot serve faithfully (another
interpreter, or an environment variable that is read at import time set differently) falls back to
the ordinary subprocess launch; a server that is gone is an error.
"""

from __future__ import annotations

import asyncio
import logging
import os
import signal
import subprocess
import time
import uuid
from queue import Empty
from typing import Any

from jupyter_client.asynchronous.client import AsyncKernelClient
from jupyter_client.manager import AsyncKernelManager
from jupyter_client.provisioning import LocalProvisioner
from traitlets import DottedObjectName, Type

from briefing.publish.forkserver import ForkServer, kernel_args

log = logging.getLogger(__name__)

#: How long a forked kernel's channels are watched for one more message: jupyter_client waits
#: 0.2 s after the kernel is ready (and polls every 0.1 s at shutdown), fixed costs larger than
#: the start of a forked kernel itself.
QUIET = 0.02


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


class ForkKernelClient(AsyncKernelClient):
    """A client that sees a forked kernel ready as soon as it answers on shell and IOPub."""

    async def wait_for_ready(self, timeout: float | None = None) -> None:  # type: ignore[override]
        deadline = time.monotonic() + (float("inf") if timeout is None else timeout)
        while not await self._answered():
            if not await self._async_is_alive():
                raise RuntimeError("Kernel died before replying to kernel_info")
            if time.monotonic() > deadline:
                raise RuntimeError(f"Kernel didn't respond in {timeout:.0f} seconds")
        while True:  # drain what the start-up published
            try:
                await self.iopub_channel.get_msg(timeout=QUIET)
            except Empty:
                break

    async def _answered(self) -> bool:
        """Ask for kernel_info once: whether the kernel replied and IOPub is connected."""
        self.kernel_info()
        try:
            reply = await self.shell_channel.get_msg(timeout=0.25)
        except Empty:
            return False
        if reply["msg_type"] != "kernel_info_reply":
            return False
        try:  # IOPub connected: the kernel's status messages reach us
            await self.iopub_channel.get_msg(timeout=QUIET * 5)
        except Empty:
            return False
        self._handle_kernel_info_reply(reply)
        return True


class ForkKernelManager(AsyncKernelManager):
    """An ``AsyncKernelManager`` that starts kernels through ``fork_server``.

    Use :func:`manager_class_for`, which makes a subclass with ``fork_server`` set.
    """

    fork_server: ForkServer | None = None
    client_class = DottedObjectName("briefing.publish.forked_kernel.ForkKernelClient")
    client_factory = Type(ForkKernelClient, klass=AsyncKernelClient)

    async def _async_wait(self, pollinterval: float = QUIET) -> None:
        await super()._async_wait(min(pollinterval, QUIET))

    async def _async_pre_start_kernel(self, **kw: Any) -> Any:
        if self.provisioner is None:
            self.kernel_id = self.kernel_id or kw.pop("kernel_id", str(uuid.uuid4()))
            self.provisioner = ForkProvisioner(kernel_id=self.kernel_id, kernel_spec=self.kernel_spec, parent=self)
        return await super()._async_pre_start_kernel(**kw)


def manager_class_for(server: ForkServer) -> type[ForkKernelManager]:
    """A :class:`ForkKernelManager` bound to ``server``, for ``NotebookClient(kernel_manager_class=...)``."""
    return type("ForkKernelManager", (ForkKernelManager,), {"fork_server": server})
