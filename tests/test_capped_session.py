"""A grading kernel sends a note in place of an oversized output and stays connected."""

from __future__ import annotations

import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import zmq
from jupyter_client import KernelManager
from jupyter_client.kernelspec import KernelSpec

from course.grading import capped_session

REFUSED = 16 * 1024 * 1024  # the grader's default refusal size (IsolatedExecute.max_message_bytes)


@pytest.fixture
def client(tmp_path: Path) -> Iterator[object]:
    """A capped kernel, reached the way the grader reaches one: refusing messages over 16 MiB."""
    context = zmq.Context()
    context.setsockopt(zmq.MAXMSGSIZE, REFUSED)
    km = KernelManager(context=context, transport="ipc", ip=str(tmp_path / "k"))
    km._kernel_spec = KernelSpec(
        argv=[sys.executable, "-I", "-m", capped_session.__name__, "-f", "{connection_file}"],
        language="python",
        display_name="capped",
    )
    km.start_kernel(cwd=str(tmp_path))
    kc = km.client(context=context)
    kc.start_channels()
    kc.wait_for_ready(timeout=60)
    yield kc
    kc.stop_channels()
    km.shutdown_kernel(now=True)
    context.term()


def outputs(kc, code: str, seconds: float = 20) -> list[dict]:  # type: ignore[no-untyped-def]
    """The output messages of running ``code``, up to the kernel going idle."""
    msg_id = kc.execute(code)
    found: list[dict] = []
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        try:
            msg = kc.get_iopub_msg(timeout=1)
        except Exception:  # noqa: BLE001 (queue.Empty: keep waiting)
            continue
        if msg["parent_header"].get("msg_id") != msg_id:
            continue
        if msg["msg_type"] == "status" and msg["content"]["execution_state"] == "idle":
            return found
        if msg["msg_type"] in capped_session.OUTPUTS:
            found.append(msg)
    raise AssertionError(f"the kernel's outputs stopped arriving; got {found}")


def test_an_oversized_print_becomes_a_note_and_later_outputs_still_arrive(client) -> None:
    huge = outputs(client, "print('y' * 20_000_000, flush=True)")
    (note,) = [m["content"]["text"] for m in huge]
    assert "over the limit of 4,194,304, and was left out" in note
    assert int(note.split()[3].replace(",", "")) > 20_000_000
    after = outputs(client, "print('after')")
    assert [m["content"]["text"] for m in after] == ["after\n"]


def test_an_oversized_result_keeps_its_type_and_count(client) -> None:
    (result,) = outputs(client, "'z' * 20_000_000")
    assert result["msg_type"] == "execute_result"
    assert "over the limit" in result["content"]["data"]["text/plain"]
    assert result["content"]["execution_count"] == 1
