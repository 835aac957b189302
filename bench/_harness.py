"""Timing, peak memory and the one-line report every benchmark prints."""

from __future__ import annotations

import contextlib
import gc
import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

T = TypeVar("T")

_STATUS = Path("/proc/self/status")
_CLEAR_REFS = Path("/proc/self/clear_refs")


def _hwm_kb() -> int | None:
    try:
        for line in _STATUS.read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    except OSError:
        pass
    return None


def reset_peak() -> None:
    """Reset the process's peak resident memory (Linux: VmHWM), so a later
    `peak_mb()` reports the peak since now."""
    gc.collect()
    with contextlib.suppress(OSError):
        _CLEAR_REFS.write_text("5")


def peak_mb() -> float:
    kb = _hwm_kb()
    if kb is None:  # not Linux: fall back to the all-time peak
        import resource

        kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return kb / 1024


def best_of(fn: Callable[[], T], repeats: int) -> tuple[float, T]:
    """The fastest of `repeats` runs (seconds) and the last run's result."""
    best = float("inf")
    result: T
    for _ in range(max(repeats, 1)):
        gc.collect()
        start = time.perf_counter()
        result = fn()
        best = min(best, time.perf_counter() - start)
    return best, result


def emit(name: str, seconds: float, reference_seconds: float | None, peak: float) -> None:
    ratio = f"{reference_seconds / seconds:.1f}" if reference_seconds else "n/a"
    print(f"BENCH {name} {seconds:.2f} s ratio={ratio} peak={peak:.0f}MB", flush=True)
