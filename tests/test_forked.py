"""generator/forked.py: results in order, and a share that fails or dies in its process
reported in this one."""

from __future__ import annotations

import os

import pytest

from generator import forked

from .conftest import needs_fork


@needs_fork
def test_results_come_back_in_order() -> None:
    assert forked.run([lambda n=n: n * n for n in range(4)]) == [0, 1, 4, 9]
    assert forked.split(list(range(7)), 3) == [[0, 1, 2], [3, 4, 5], [6]]
    assert forked.split([], 2) == []


@needs_fork
def test_a_failure_elsewhere_is_raised_here_with_its_traceback() -> None:
    def fails() -> None:
        raise ValueError("no such council")

    with pytest.raises(forked.ForkedError) as raised:
        forked.run([lambda: 1, fails])
    assert str(raised.value) == "ValueError: no such council"
    assert "In the forked process:\nTraceback" in raised.value.__notes__[0]
    assert "in fails" in raised.value.__notes__[0]


@needs_fork
def test_a_process_that_dies_is_reported() -> None:
    with pytest.raises(forked.ForkedError, match=r"stopped unexpectedly \(exit status 3\)"):
        forked.run([lambda: 1, lambda: os._exit(3)])


def test_processes_never_exceed_one_per_share_of_work() -> None:
    assert forked.processes(4, items=10, per_process=5) == 2
    assert forked.processes(4, items=3, per_process=5) == 1
    assert forked.processes(3) == (3 if forked.can_fork() else 1)
