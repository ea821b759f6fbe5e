"""INSPECT-1: pure decisions of a roll call (no Flask, no database)."""

from __future__ import annotations

import random
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

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


# --- INSPECT-2, VISIT-1: the duties of oversight -------------------------------------------------

@dataclass(frozen=True)
class Duty:
    """A duty of oversight: who owes it (``subject``: town, city or unit), how often, how many, which kinds count."""

    name: str
    rule: str
    subject: str
    period: str  # month | quarter | half | year
    policy_name: str  # the required count in config/policy.py
    kinds: tuple[str, ...]


DUTIES = (
    Duty("town_spot_check", "INSPECT-2", "town", "month", "town_spot_checks_per_month", ("spot_check",)),
    Duty("city_inspection", "INSPECT-2", "city", "quarter", "city_inspections_per_quarter", ("inspection",)),
    Duty("unit_leader_visit", "VISIT-1", "unit", "half", "unit_leader_visits_per_half_year", ("leader_visit",)),
    Duty("unit_visit", "VISIT-1", "unit", "year", "unit_visits_per_year", ("condolence_visit",)),
)
#: Which kinds each role records (INSPECT-2: towns and the city office; VISIT-1: the unit's account).
KINDS_BY_ROLE = {"town_secretary": ("spot_check",), "city_admin": ("inspection",),
                 "unit_viewer": ("leader_visit", "condolence_visit")}
RULE_OF_KIND = {kind: duty.rule for duty in DUTIES for kind in duty.kinds}
_MONTHS = {"month": 1, "quarter": 3, "half": 6, "year": 12}


@dataclass(frozen=True)
class Period:
    label: str  # 2026-03, 2026-Q1, 2026-H1, 2026
    start: date
    end: date


def periods(kind: str, year: int) -> list[Period]:
    """The periods of ``kind`` in ``year``, in order."""
    months = _MONTHS[kind]
    found = []
    for index in range(12 // months):
        first = index * months + 1
        start = date(year, first, 1)
        after = date(year, first + months, 1) if first + months <= 12 else date(year + 1, 1, 1)
        label = {"month": f"{year}-{first:02d}", "quarter": f"{year}-Q{index + 1}", "half": f"{year}-H{index + 1}",
                 "year": str(year)}[kind]
        found.append(Period(label, start, after - timedelta(days=1)))
    return found


def duty_status(done: int, required: int, period: Period, today: date) -> str:
    """``done`` once enough were recorded; ``missing`` when the period ended short; else ``open``."""
    if done >= required:
        return "done"
    return "missing" if period.end < today else "open"
