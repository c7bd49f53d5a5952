"""Percentiles, and what the serving phases record: latencies, garbage-collector pauses and the
event loop's lag."""

from __future__ import annotations

import asyncio
import gc
import logging
import math
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any


def percentile(values: Sequence[float], p: float) -> float:
    """Nearest-rank percentile (``p`` in 0..100); NaN for no values."""
    if not values:
        return math.nan
    ordered = sorted(values)
    rank = max(1, math.ceil(p / 100 * len(ordered)))
    return ordered[rank - 1]


@dataclass
class Latencies:
    """Seconds per request, and requests that got no (or an error) reply."""

    seconds: list[float] = field(default_factory=list)
    errors: int = 0
    empty: int = 0

    def summary(self) -> dict[str, Any]:
        ms = [s * 1000 for s in self.seconds]
        return {
            "count": len(ms),
            "errors": self.errors,
            "empty": self.empty,
            "p50_ms": percentile(ms, 50),
            "p95_ms": percentile(ms, 95),
            "p99_ms": percentile(ms, 99),
            "max_ms": max(ms) if ms else math.nan,
            "mean_ms": sum(ms) / len(ms) if ms else math.nan,
        }


class GcPauses:
    """Garbage-collector pauses (any thread) while installed: they stop the event loop too."""

    def __init__(self) -> None:
        self.pauses: list[tuple[int, float]] = []
        self._started: dict[int, float] = {}

    def _callback(self, phase: str, info: dict[str, Any]) -> None:
        thread = threading.get_ident()
        if phase == "start":
            self._started[thread] = time.perf_counter()
        elif thread in self._started:
            self.pauses.append((info["generation"], time.perf_counter() - self._started[thread]))

    def __enter__(self) -> GcPauses:
        gc.callbacks.append(self._callback)
        return self

    def __exit__(self, *exc: object) -> None:
        gc.callbacks.remove(self._callback)

    def summary(self) -> dict[str, Any]:
        full = [seconds * 1000 for generation, seconds in self.pauses if generation == 2]
        return {
            "collections": len(self.pauses),
            "full_collections": len(full),
            "max_ms": max((s * 1000 for _, s in self.pauses), default=0.0),
            "full_max_ms": max(full, default=0.0),
        }


class Heartbeat:
    """Sleeps 1 ms in a loop and records how late each wake-up was: the event loop's stalls."""

    def __init__(self, interval: float = 0.001) -> None:
        self.interval = interval
        self.lags: list[float] = []
        self.worst: list[tuple[float, float]] = []
        """The longest lags (seconds) with their wall-clock time (``time.time()``), for
        finding what stalled the loop in the process's log."""

    async def run(self, stop: asyncio.Event) -> None:
        while not stop.is_set():
            started = time.perf_counter()
            await asyncio.sleep(self.interval)
            lag = time.perf_counter() - started - self.interval
            self.lags.append(lag)
            if lag > 0.02:
                self.worst = sorted([*self.worst, (lag, time.time())], reverse=True)[:5]

    def summary(self) -> dict[str, Any]:
        ms = [lag * 1000 for lag in self.lags]
        return {
            "beats": len(ms),
            "max_ms": max(ms) if ms else math.nan,
            "p99_ms": percentile(ms, 99),
            "over_50ms": sum(lag > 50 for lag in ms),
            "over_100ms": sum(lag > 100 for lag in ms),
            "worst": [[round(lag * 1000, 1), round(at, 3)] for lag, at in self.worst],
        }


class GatewayWarnings(logging.Handler):
    """discord.py's gateway warnings ("Can't keep up", "heartbeat blocked"), kept; install
    with ``logging.getLogger("discord.gateway").addHandler(...)``."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage().splitlines()[0])
