"""A jupyter_client kernel provisioner whose kernels come from the course's fork server.

``IsolatedExecute`` names it (``course-fork-server``, registered as an entry point in
``pyproject.toml``) in the kernel spec it builds when a fork server runs in this grading
process. Instead of starting a process, :meth:`launch_kernel` asks the fork server
(``course.grading.warm``) to fork a fresh kernel into the learner's box; polling, signals
and waiting go through the fork server too. ``IsolatedExecute`` deletes the box when the
notebook is done, whether or not the kernel started.
"""

from __future__ import annotations

import asyncio
import json
import signal
import sys
from pathlib import Path
from typing import Any

from jupyter_client.connect import KernelConnectionInfo
from jupyter_client.kernelspec import KernelSpec
from jupyter_client.provisioning import LocalProvisioner
from traitlets import Unicode

from .. import warm

NAME = "course-fork-server"


def forked_kernel_spec(box: Path, files: list[str]) -> KernelSpec:
    """The kernel spec of a kernel forked into ``box`` with the learner's ``files``."""
    return KernelSpec(
        argv=[sys.executable, "-I", "-m", "ipykernel_launcher", "-f", "{connection_file}"],
        language="python",
        display_name="Python 3 (course grading sandbox, forked)",
        interrupt_mode="message",
        env={},
        metadata={
            "kernel_provisioner": {
                "provisioner_name": NAME,
                "config": {"box": str(box), "files": json.dumps(sorted(files))},
            }
        },
    )


class ForkedKernelProvisioner(LocalProvisioner):  # type: ignore[misc]
    """Kernels forked by the fork server that made ``box``."""

    box = Unicode("", help="The learner's box made by the fork server.").tag(config=True)
    files = Unicode("[]", help="JSON list of the learner's files in the box.").tag(config=True)

    _pid: int | None = None

    @property
    def server(self) -> warm.ForkServer:
        server = warm.server_of(Path(self.box))
        if server is None:
            raise RuntimeError("the fork server for this kernel has stopped")
        return server

    @property
    def has_process(self) -> bool:
        return self._pid is not None

    async def launch_kernel(self, cmd: list[str], **kwargs: Any) -> KernelConnectionInfo:
        connection_file = self.parent.connection_file if self.parent else ""
        self._pid = self.server.spawn(Path(self.box), json.loads(self.files), connection_file)
        self.pid = self.pgid = self._pid
        await self._sockets_bound()
        return self.connection_info

    async def _sockets_bound(self, timeout: float = 30.0) -> None:
        """Wait until the kernel has made its five sockets (or has ended), so the client's
        first connection succeeds instead of retrying a tenth of a second later."""
        info = self.connection_info
        ip = str(info.get("ip", ""))
        names = ("shell_port", "iopub_port", "stdin_port", "control_port", "hb_port")
        paths = [Path(f"{ip}-{info[name]}") for name in names if name in info]
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while not all(path.exists() for path in paths):
            if await self.poll() is not None or loop.time() > deadline:
                return  # the client's own wait reports a kernel that did not start
            await asyncio.sleep(0.005)

    async def poll(self) -> int | None:
        if self._pid is None:
            return 0
        return self.server.status(self._pid)

    async def wait(self) -> int | None:
        if self._pid is None:
            return 0
        while (status := self.server.status(self._pid)) is None:
            await asyncio.sleep(0.02)
        self._pid = None
        return status

    async def send_signal(self, signum: int) -> None:
        if self._pid is not None:
            self.server.signal(self._pid, signum)

    async def kill(self, restart: bool = False) -> None:
        await self.send_signal(signal.SIGKILL)

    async def terminate(self, restart: bool = False) -> None:
        await self.send_signal(signal.SIGTERM)
