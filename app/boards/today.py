"""VIEW-1: the today board — every cadre of the scope with today's live state, in one statement.

It evaluates today as the day close would (``app.attendance.sources.evaluate``, RULES.md §2 in SQL)
but on the records so far: a cadre due today without an accepted check-in yet is ``expected``.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import UTC
from typing import Any

from sqlalchemy import case, func, select

from app import clock
from app.attendance.sources import evaluate
from app.boards import rules
from app.boards.scope import board_clauses
from app.calendar.service import calendar_day
from app.checkin.models import Checkin
from app.extensions import db
from app.org.models import Person, Posting, Village
from app.worklog.models import WorkLog


def _rows(day, working: bool, clauses) -> list:
    attempts = (select(Checkin.person_id,
                       func.min(case((Checkin.status == "accepted", Checkin.captured_at))).label("first_at"),
                       func.sum(case((Checkin.status == "rejected", 1), else_=0)).label("rejected"))
                .where(Checkin.day == day).group_by(Checkin.person_id).subquery("t"))
    logs = select(WorkLog.person_id).where(WorkLog.day == day).subquery("w")
    stmt = (evaluate(day, working)
            .add_columns(Posting.role, Person.name, Village.name.label("village_name"), Village.town_id,
                         attempts.c.first_at, attempts.c.rejected, logs.c.person_id.is_not(None).label("log"))
            .join(Person, Person.id == Posting.person_id).join(Village, Village.id == Posting.village_id)
            .outerjoin(attempts, attempts.c.person_id == Posting.person_id)
            .outerjoin(logs, logs.c.person_id == Posting.person_id)
            .where(*clauses))
    return list(db.session.execute(stmt))


def _item(row) -> dict[str, Any]:
    first_at = row.first_at
    if first_at is not None and first_at.tzinfo is None:  # SQLite hands back the aggregate naive (UTC)
        first_at = first_at.replace(tzinfo=UTC)
    return {"person": {"id": row.person_id, "name": row.name},
            "village": {"id": row.village_id, "name": row.village_name}, "role": row.role,
            "state": rules.today_state(row.status), "on_duty": bool(row.on_duty),
            "first_checkin_at": first_at, "log_written": bool(row.log),
            "rejected_attempts": int(row.rejected or 0),
            "key": rules.sort_key(row.town_id, row.village_id, row.person_id)}


def today_board(user: Person, town_id: int | None, village_id: int | None) -> dict[str, Any]:
    """VIEW-1 for the caller's scope: items sorted by town, village and person, with totals per
    village and for the whole scope (whatever page the items are)."""
    clauses = board_clauses(user, town_id, village_id)
    day = clock.today()
    items = sorted((_item(row) for row in _rows(day, calendar_day(day).working, clauses)),
                   key=lambda item: item["key"])
    by_village: dict[int, list[dict]] = defaultdict(list)
    for item in items:
        by_village[item["village"]["id"]].append(item)
    villages = [{"village": rows[0]["village"], "totals": rules.totals(rows)} for rows in by_village.values()]
    return {"date": day, "totals": rules.totals(items), "villages": villages, "items": items}
