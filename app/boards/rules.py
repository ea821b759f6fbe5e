"""VIEW-1/VIEW-2 decisions as pure functions of plain data (no Flask, no database)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from config.policy import Policy

#: VIEW-1 states, in the order a board counts them.
STATES = ("present", "expected", "leave", "business", "rest")
#: §2 statuses of a live day → the board's state: a cadre due today without a check-in yet is
#: ``expected``, not ``absent`` (the day is not over).
_STATE_OF = {"present": "present", "absent": "expected", "leave": "leave", "business": "business", "rest": "rest"}
TOTAL_KEYS = ("cadres", *STATES, "on_duty", "logs_written", "rejected_attempts")


def today_state(status: str) -> str:
    """VIEW-1: the board's state for a §2 status evaluated on today's records so far."""
    return _STATE_OF[status]


def totals(rows: Iterable[Mapping[str, Any]]) -> dict[str, int]:
    """VIEW-1: counts of a set of board rows (cadres, each state, on duty, logs, rejected attempts)."""
    out = dict.fromkeys(TOTAL_KEYS, 0)
    for row in rows:
        out["cadres"] += 1
        out[row["state"]] += 1
        out["on_duty"] += bool(row["on_duty"])
        out["logs_written"] += bool(row["log_written"])
        out["rejected_attempts"] += row["rejected_attempts"]
    return out


#: The order of rule ids in a risk list (the recall rules, then the target line).
RISK_ORDER = ("ATT-2", "ATT-3", "ATT-4", "LOG-4", "LV-6", "ATT-1")


def risk(figures: Mapping[str, Any], policy: Policy) -> list[str]:
    """VIEW-2: the recall rules the cadre is near, from the year's figures (``year_figures``).

    ATT-3 current absence run ≥ ``risk_streak_days``; ATT-4 absent days ≥ ``risk_absent_days``;
    LV-6 approved leave days ≥ ``risk_leave_days``; LOG-4 unfixed missed logs ≥ ``risk_unfixed_logs``;
    ATT-2 the projection below the prorated 200-day line, ATT-1 below the prorated 220 target — the
    projection counts only after ``projection_min_days`` posted days, as for its warning (ATT-2).
    """
    found = set()
    if figures["current_absence_streak"] >= policy.risk_streak_days:
        found.add("ATT-3")
    if figures["absent_days"] >= policy.risk_absent_days:
        found.add("ATT-4")
    if figures["approved_leave_days"] >= policy.risk_leave_days:
        found.add("LV-6")
    if figures["missed_logs"]["unfixed"] >= policy.risk_unfixed_logs:
        found.add("LOG-4")
    projected = figures["projected_attendance_days"]
    if projected is not None and figures["elapsed_posted_days"] >= policy.projection_min_days:
        if projected < figures["fail_threshold"]:
            found.add("ATT-2")
        if projected < figures["target"]:
            found.add("ATT-1")
    return [rule for rule in RISK_ORDER if rule in found]


def sort_key(town_id: int, village_id: int, person_id: int, risk_count: int | None = None) -> str:
    """A board row's unique, fixed-width sort key (its paging cursor): by place, or risk first."""
    place = f"{town_id:010d}.{village_id:010d}.{person_id:010d}"
    return place if risk_count is None else f"{99 - min(risk_count, 99):02d}.{place}"
