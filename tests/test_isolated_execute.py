"""The grader's Execute step starts each kernel its own way, not nbclient's."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from course.grading.plugins import execute


class FakeClient:
    allow_stdin = True

    def start_channels(self) -> None:
        pass


class FakeManager:
    """Records how the kernel was started, as a kernel manager would be asked."""

    def __init__(self) -> None:
        self.started: dict[str, Any] = {}

    def client(self) -> FakeClient:
        return FakeClient()

    async def start_kernel(self, **kwargs: Any) -> None:
        self.started = kwargs


def test_the_grader_waits_for_the_kernel_s_own_idle_reply(monkeypatch) -> None:
    waited: list[object] = []

    async def ready(kc: object, km: object, timeout: float) -> None:
        waited.append(kc)

    monkeypatch.setattr(execute, "kernel_ready", ready)
    step = execute.IsolatedExecute()
    step.km = FakeManager()
    kc = step.start_new_kernel_client()  # the blocking form nbclient's setup_kernel calls
    assert waited == [kc]  # not jupyter_client's wait, with its fixed fifth of a second
    assert kc.allow_stdin is False


def test_the_kernel_is_started_from_an_empty_folder_the_course_owns(tmp_path: Path) -> None:
    step = execute.IsolatedExecute()
    step.km = FakeManager()
    step._scratch = tmp_path
    step.resources = {"metadata": {"path": str(tmp_path / "learner")}}
    step.start_new_kernel()
    assert step.km.started["cwd"] == str(tmp_path / "launch")
