"""CHK-3..6: the check-in decision, a pure function of plain data.

``decide(fix, fences, previous_accepted, now, policy) -> Decision(status, reason, distance_m)``

Reasons are checked in this order; the first that applies is the reason given:

1. ``CLOCK_SKEW`` (CHK-6) — captured more than ``max_clock_skew_s`` in the future. Everything
   after depends on the capture time (its day, the posting, the speed), so it is judged first.
2. ``TOO_LATE`` (CHK-6) — captured more than ``offline_grace_h`` ago.
3. ``NOT_POSTED`` (CHK-3) — no posting covers the capture day (``fences is None``): there is no
   "own village" to be in.
4. ``MOCK_LOCATION`` (CHK-5) — the phone itself says the position is simulated.
5. ``LOW_ACCURACY`` (CHK-4) — accuracy worse than ``max_accuracy_m``: too vague to judge.
6. ``OUTSIDE_FENCE`` (CHK-3) — not inside any fence of the own village, allowing the accuracy
   (a posted village without any fence also lands here, with ``distance_m`` None).
7. ``IMPLAUSIBLE_SPEED`` (CHK-5) — inside, but the implied speed from the previous accepted
   check-in exceeds ``max_speed_kmh``. Judged last: a fix outside the fence is told to go to the
   village, which is what the cadre can act on. The distance between the two fixes is reduced by
   both accuracies, so GPS jitter between two check-ins seconds apart is not "speed".

``distance_m`` (metres to the nearest fence edge, 0 inside) is reported whenever there are fences,
whatever the reason, so every answer can say how far away the cadre is.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from geofence.distance import distance_m as point_distance_m
from geofence.fences import Fence, nearest

ACCEPTED, REJECTED = "accepted", "rejected"
REASONS = ("CLOCK_SKEW", "TOO_LATE", "NOT_POSTED", "MOCK_LOCATION", "LOW_ACCURACY", "OUTSIDE_FENCE",
           "IMPLAUSIBLE_SPEED")


class DecisionPolicy(Protocol):
    """The policy numbers ``decide`` reads (``config.policy.Policy`` provides them)."""

    max_accuracy_m: float
    max_speed_kmh: float
    offline_grace_h: int
    max_clock_skew_s: int


@dataclass(frozen=True, slots=True)
class Fix:
    """A position report in WGS-84 (convert with ``geofence.to_wgs84`` first), with its capture time."""

    lat: float
    lon: float
    accuracy_m: float
    captured_at: datetime
    mock_location: bool = False


@dataclass(frozen=True, slots=True)
class Decision:
    status: str  # accepted | rejected
    reason: str | None  # one of REASONS when rejected
    distance_m: float | None  # to the nearest fence edge, 0 inside; None without fences
    fence_index: int | None = None  # which fence was nearest
    speed_kmh: float | None = None  # the implied speed, when IMPLAUSIBLE_SPEED

    @property
    def accepted(self) -> bool:
        return self.status == ACCEPTED


def _reject(reason: str, distance: float | None, index: int | None, speed: float | None = None) -> Decision:
    return Decision(REJECTED, reason, distance, index, speed)


def implied_speed_kmh(fix: Fix, previous: Fix) -> float:
    """CHK-5: speed between two fixes, their distance reduced by both accuracies (jitter)."""
    metres = point_distance_m(previous.lat, previous.lon, fix.lat, fix.lon)
    metres = max(0.0, metres - fix.accuracy_m - previous.accuracy_m)
    if metres == 0.0:
        return 0.0
    seconds = abs((fix.captured_at - previous.captured_at).total_seconds())
    return float("inf") if seconds == 0 else metres / seconds * 3.6


def decide(fix: Fix, fences: Sequence[Fence] | None, previous_accepted: Fix | None, now: datetime,
           policy: DecisionPolicy) -> Decision:
    """CHK-3..6: accept or reject ``fix`` (see the module docstring for the order of reasons).

    ``fences`` are the fences of the villages of the cadre's posting(s) covering the capture day,
    or None when no posting covers it. ``previous_accepted`` is the cadre's accepted fix that
    precedes this one by capture time, if any. ``now`` is the server's aware "now".
    """
    index, distance = (None, None)
    if fences:
        index, distance = nearest(fences, fix.lat, fix.lon)
    age_s = (now - fix.captured_at).total_seconds()
    if -age_s > policy.max_clock_skew_s:
        return _reject("CLOCK_SKEW", distance, index)
    if age_s > policy.offline_grace_h * 3600:
        return _reject("TOO_LATE", distance, index)
    if fences is None:
        return _reject("NOT_POSTED", None, None)
    if fix.mock_location:
        return _reject("MOCK_LOCATION", distance, index)
    if fix.accuracy_m > policy.max_accuracy_m:
        return _reject("LOW_ACCURACY", distance, index)
    if distance is None or distance > fix.accuracy_m:
        return _reject("OUTSIDE_FENCE", distance, index)
    if previous_accepted is not None:
        speed = implied_speed_kmh(fix, previous_accepted)
        if speed > policy.max_speed_kmh:
            return _reject("IMPLAUSIBLE_SPEED", distance, index, speed)
    return Decision(ACCEPTED, None, distance, index)
