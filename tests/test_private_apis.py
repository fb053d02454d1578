"""The private APIs of our dependencies that the code leans on, each with why, so that an
upgrade that moves one fails here, loudly, before it fails a class's grading.

- ``ProcessPoolExecutor._processes`` (grader/bulk/runner.py ``_stop``): a pool shut down with
  ``wait=False`` leaves its workers running their jobs; Python 3.14 adds
  ``terminate_workers()``, 3.11 has only the private map of worker processes.
- Textual's ``Screen._compositor`` (tests/test_first_frame.py): no public API gives a frame's
  cells with their styles.
"""

from __future__ import annotations

import multiprocessing
import time
from concurrent.futures import ProcessPoolExecutor

from bigpicture.grader.bulk.runner import _stop


def test_a_stopped_pool_terminates_its_busy_workers():
    pool = ProcessPoolExecutor(1, multiprocessing.get_context("fork"))
    pool.submit(time.sleep, 600)
    deadline = time.monotonic() + 60
    while not pool._processes:  # the worker starts with the first task
        assert time.monotonic() < deadline
        time.sleep(0.01)
    (worker,) = pool._processes.values()
    _stop(pool)
    # Ended, whoever reaps it: the pool's own thread may wait for it first, and then this
    # Process object can no longer tell (its poll() sees no child and says "still running").
    deadline = time.monotonic() + 60
    while _running(worker.pid) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not _running(worker.pid)


def _running(pid: int) -> bool:
    """Whether ``pid`` is a process that has not ended (a zombie has ended)."""
    try:
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().rsplit(")", 1)[1].split()[0] not in ("Z", "X")
    except OSError:
        return False


def test_textual_screens_have_a_compositor_that_renders_strips():
    from textual.screen import Screen

    assert hasattr(Screen, "_compositor") or "_compositor" in Screen.__init__.__code__.co_names
