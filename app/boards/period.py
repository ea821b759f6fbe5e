"""VIEW-2: the period board — one row per cadre of the scope for a month or a year, set-based.

The year's figures come from ``app.attendance.service.year_figures``, the very code that answers
``/attendance/summary``, for the whole scope in a fixed number of statements; a month replaces the
day counts and missed logs by the month's, while target, projection, streaks and risk stay the
year's (a run and a projection do not stop at a month's edge).
"""

from __future__ import annotations

import calendar
from datetime import date
from typing import Any

from sqlalchemy import func, select

from app.attendance.close import watermark
from app.attendance.service import MISSED_STATES, missed_counts, status_counts, year_figures
from app.boards import rules
from app.boards.scope import board_clauses, overlapping
from app.corrections.service import approved_counts as corrections_count
from app.extensions import db
from app.org.models import Person, Posting, Village
from app.policy import current_policy
from app.recall.models import RecallCase

MONTH_KEYS = ("present_days", "business_days", "leave_days", "rest_days", "absent_days", "duty_days_served")


def bounds(year: int, month: int | None) -> tuple[date, date]:
    if month is None:
        return date(year, 1, 1), date(year, 12, 31)
    return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])


def _placed(clauses, start: date, end: date) -> dict[int, Any]:
    """Each cadre's posting in the scope during the period (the latest one when several)."""
    rows = db.session.execute(
        select(Posting.person_id, Posting.village_id, Posting.start_date, Person.name,
               Village.name.label("village_name"), Village.town_id)
        .join(Person, Person.id == Posting.person_id).join(Village, Village.id == Posting.village_id)
        .where(overlapping(start, end), *clauses).order_by(Posting.person_id, Posting.start_date))
    return {row.person_id: row for row in rows}


def _open_cases(person_ids) -> dict[int, int]:
    return dict(db.session.execute(
        select(RecallCase.person_id, func.count()).where(RecallCase.person_id.in_(person_ids),
                                                         RecallCase.status == "open")
        .group_by(RecallCase.person_id)).all())


def _month(figures: dict, counts: dict | None, missed: dict | None) -> dict:
    counts = counts or dict.fromkeys(MONTH_KEYS, 0)
    month = {**figures, **{k: counts[k] for k in MONTH_KEYS}}
    month["attendance_days"] = counts["present_days"] + counts["business_days"]
    month["missed_logs"] = dict(missed or dict.fromkeys(MISSED_STATES, 0))
    return month


def period_board(user: Person, year: int, month: int | None, town_id: int | None, village_id: int | None,
                 by_risk: bool) -> dict[str, Any]:
    """VIEW-2 rows of the caller's scope, sorted by place, or by the length of the risk list first."""
    clauses = board_clauses(user, town_id, village_id)
    start, end = bounds(year, month)
    people = (select(Posting.person_id).join(Village, Village.id == Posting.village_id)
              .where(overlapping(start, end), *clauses).distinct())
    placed = _placed(clauses, start, end)
    figures = year_figures(people, year)
    counts = status_counts(people, start, end) if month else {}
    missed = missed_counts(people, start, end) if month else {}
    cases = _open_cases(people)
    # The year's are in the figures already; a month's are counted for the month.
    corrections = corrections_count(people, start, end) if month else {}
    policy, items = current_policy(), []
    for pid, where in placed.items():
        year_row = figures[pid]
        row = _month(year_row, counts.get(pid), missed.get(pid)) if month else year_row
        risk = rules.risk(year_row, policy)
        row.update(person={"id": pid, "name": where.name},
                   village={"id": where.village_id, "name": where.village_name},
                   corrections=corrections.get(pid, 0) if month else year_row["corrections"],
                   open_recall_cases=cases.get(pid, 0), risk=risk,
                   key=rules.sort_key(where.town_id, where.village_id, pid, len(risk) if by_risk else None))
        items.append(row)
    items.sort(key=lambda item: item["key"])
    closed = next(iter(figures.values()))["closed_through"] if figures else watermark()
    return {"year": year, "month": month, "from_": start, "to": end, "closed_through": closed, "items": items}
