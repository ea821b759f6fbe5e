"""INSPECT-1: pure decisions of a roll call (no Flask, no database)."""

from __future__ import annotations

import random
from collections.abc import Iterable, Sequence
from datetime import datetime, timedelta

UNAVAILABLE_REASONS = ("not_posted", "leave", "trip", "rest")


def availability(posted: bool, working_day: bool, on_duty: bool, away: str | None) -> str | None:
    """INSPECT-1: None when the cadre is expected in the village now, else why not.

    Expected = posted today, a working day or their duty day (ATT-6), and no approved leave or trip:
    ``"not_posted"``, ``"leave"``, ``"trip"`` or ``"rest"`` (a non-working day off the roster).
    """
    if not posted:
        return "not_posted"
    if away in ("leave", "trip"):
        return away
    if not (working_day or on_duty):
        return "rest"
    return None


def draw(candidates: Iterable[int], n: int, rng: random.Random) -> list[int]:
    """INSPECT-1: ``n`` distinct cadres drawn uniformly at random from ``candidates`` (all of them when
    there are fewer), in ascending id order. ``rng`` is ``secrets.SystemRandom()`` in service, so the
    called cannot predict the draw; tests pass a seeded ``random.Random`` and check properties."""
    pool: Sequence[int] = sorted(set(candidates))
    return sorted(rng.sample(pool, min(n, len(pool))))


def answer_by(called_at: datetime, answer_min: int) -> datetime:
    """INSPECT-1: the end of the answer window, ``rollcall_answer_min`` after the call."""
    return called_at + timedelta(minutes=answer_min)


def answers(status: str, photo_id: int | None, captured_at: datetime, received_at: datetime,
            called_at: datetime, window_end: datetime) -> bool:
    """INSPECT-1: does this check-in answer a call? Accepted, with a photo, taken after the call and
    received by the end of the window (an offline check-in sent after the window is too late)."""
    return status == "accepted" and photo_id is not None and called_at <= captured_at and received_at <= window_end
