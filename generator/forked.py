"""Work shared out between forked processes, one for each CPU.

A forked process starts with everything this one has built (the graph, MkDocs' files
and navigation), so only each share's result has to travel back, pickled through a
pipe. Only on Linux: Windows has no `fork`, and on macOS a forked process may crash in
a system library this one has loaded; there the shares run here, one after another.
"""

from __future__ import annotations

import os
import pickle
import signal
import sys
import traceback
from collections.abc import Callable, Sequence
from typing import TypeVar

T = TypeVar("T")


class ForkedError(Exception):
    """A share failed in another process: the message is the last line of its traceback,
    which follows as a note wherever this exception's own traceback is printed."""


def cpus() -> int:
    """The CPUs this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


def can_fork() -> bool:
    return sys.platform == "linux"


def processes(jobs: int | None, items: int | None = None, per_process: int = 1) -> int:
    """How many processes to share work out between: `jobs` (default: one for each CPU),
    but no more than one for each `per_process` of the `items` (below that, forking costs
    more than it saves), and one where this module does not fork."""
    if not can_fork():
        return 1
    wanted = jobs or cpus()
    if items is not None:
        wanted = min(wanted, items // per_process)
    return max(1, wanted)


def split(items: Sequence[T], parts: int) -> list[list[T]]:
    """`items`, in order, in at most `parts` runs of nearly the same length."""
    if not items:
        return []
    size = -(-len(items) // parts)
    return [list(items[i:i + size]) for i in range(0, len(items), size)]


def run(calls: Sequence[Callable[[], T]]) -> list[T]:
    """Each call's result, in order: the first call runs here, the others each in a
    forked process meanwhile. Raises ForkedError if one of those fails."""
    if not can_fork():
        return [call() for call in calls]
    for stream in (sys.stdout, sys.stderr):
        stream.flush()  # or a forked process would print what waits there again
    children: list[tuple[int, int]] = []  # (pid, read end of its pipe)
    try:
        for call in calls[1:]:
            reading, writing = os.pipe()
            pid = os.fork()
            if pid == 0:  # pragma: no cover - runs forked; the parent checks what it sends
                os.close(reading)
                _child(call, writing)
            os.close(writing)
            children.append((pid, reading))
        results = [calls[0]()]
        while children:
            pid, reading = children.pop(0)
            try:
                with os.fdopen(reading, "rb") as stream:
                    try:
                        outcome, value = pickle.load(stream)
                    except (EOFError, pickle.UnpicklingError):
                        outcome, value = "stopped", None
            finally:
                _, status = os.waitpid(pid, 0)
            if outcome == "stopped":
                code = os.waitstatus_to_exitcode(status)
                raise ForkedError(f"a process working in parallel stopped unexpectedly "
                                  f"(exit status {code})")
            if outcome == "failed":
                error = ForkedError(value.strip().splitlines()[-1])
                error.add_note(f"In the forked process:\n{value.rstrip()}")
                raise error
            results.append(value)
        return results
    finally:
        for pid, reading in children:  # left only if this process failed first
            os.close(reading)
            try:
                os.kill(pid, signal.SIGTERM)
                os.waitpid(pid, 0)
            except OSError:
                pass


def _child(call: Callable[[], object], writing: int) -> None:  # pragma: no cover - forked
    code = 1
    try:
        with os.fdopen(writing, "wb") as stream:
            try:
                message = ("done", call())
            except BaseException:  # noqa: BLE001 - sent to the parent, which raises it
                message = ("failed", traceback.format_exc())
            pickle.dump(message, stream, protocol=pickle.HIGHEST_PROTOCOL)
        code = 0
    finally:
        os._exit(code)
