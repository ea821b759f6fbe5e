"""What the duty domain reads from other domains: approved absences and accepted check-ins.

Kept in one module so the roster, the swap and the duty check ask the same question the same way.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime

from app.checkin.service import accepted_checkin_counts
from app.leave.service import approved_days


def away_days(start: date, end: date, person_ids: Iterable[int] | None = None) -> dict[int, dict[date, str]]:
    """Approved leave and trips in [start, end]: person → {day: "leave" | "trip"} (LV-*)."""
    return approved_days(start, end, list(person_ids) if person_ids is not None else None)


def accepted_checkins(day: date, person_ids: Iterable[int], before: datetime) -> dict[int, int]:
    """Accepted check-ins of ``day`` captured before ``before``, per person (CHK-3)."""
    return accepted_checkin_counts(day, person_ids=list(person_ids), before=before)
