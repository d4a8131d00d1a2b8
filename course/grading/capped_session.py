"""Start a grading kernel whose oversized outputs are replaced by a note before they are sent.

The grader refuses any message from a kernel over ``IsolatedExecute.max_message_bytes``
(ZeroMQ's ``MAXMSGSIZE``). ZeroMQ answers such a message by dropping the connection, and it
does not come back: every later output of that kernel is lost, including the answers each
check cell hands to the grader, so one ``print`` of a huge table would cost a learner every
mark below it. Inside the kernel, this module replaces an output message over :data:`CAP`
by a short note saying so, before it is sent.

It protects a learner only from their own mistake. A learner who undoes it only cuts their
own kernel off; the grader's limits do not rely on it.
"""

from __future__ import annotations

import sys
from typing import Any

MiB = 1024 * 1024
CAP = 4 * MiB  # well below the grader's default refusal size of 16 MiB
OUTPUTS = {"stream", "display_data", "execute_result", "update_display_data", "error"}


def too_large(size: int, limit: int) -> str:
    """The note that stands in for an output over ``limit`` bytes (also used by the grader)."""
    return f"[This output was {size:,} bytes, over the limit of {limit:,}, and was left out.]"


def replacement(msg_type: str, content: dict[str, Any], size: int, cap: int) -> dict[str, Any]:
    """Small content, of the same message type, that says an output of ``size`` was left out."""
    text = too_large(size, cap)
    if msg_type == "stream":
        return {"name": content.get("name", "stdout"), "text": text + "\n"}
    if msg_type == "error":
        return {"ename": "OutputTooLarge", "evalue": text, "traceback": [text]}
    small: dict[str, Any] = {"data": {"text/plain": text}, "metadata": {}}
    for key in ("execution_count", "transient"):
        if key in content:
            small[key] = content[key]
    return small


def install(cap: int = CAP) -> None:
    """Make every ``Session`` in this process send a note in place of an output over ``cap``."""
    from jupyter_client.session import Session

    original = Session.serialize

    def serialize(self: Session, msg: dict[str, Any], ident: Any = None) -> list[bytes]:
        frames = original(self, msg, ident)
        size = sum(len(frame) for frame in frames)
        msg_type = msg.get("header", {}).get("msg_type")
        if size <= cap or msg_type not in OUTPUTS or not isinstance(msg.get("content"), dict):
            return frames
        small = replacement(msg_type, msg["content"], size, cap)
        return original(self, {**msg, "content": small}, ident)

    Session.serialize = serialize  # type: ignore[method-assign]


def launch(argv: list[str]) -> None:
    """Run ipykernel on ``argv`` (``-f <connection file>``) with outputs capped."""
    install()
    from ipykernel import kernelapp

    kernelapp.launch_new_instance(argv=argv)


if __name__ == "__main__":
    launch(sys.argv[1:])
