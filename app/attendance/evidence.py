"""ATT-3 evidence: the rejected check-in attempts behind an absence, by reason, set-based.

Every absence alert names them ("其间 5 次打卡因定位精度不足被拒"), so a secretary can tell a weak-GPS
village (CHK-4, CHK-9) from an empty one. One query for all the cadres of a close.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import date

from sqlalchemy import and_, func, select

from app.attendance.models import AttendanceState, DayStatus
from app.attendance.rules import ABSENT
from app.checkin.models import Checkin
from app.extensions import db


def _by_reason(stmt) -> dict[int, dict[str, int]]:
    counts: dict[int, dict[str, int]] = defaultdict(dict)
    for person_id, reason, n in db.session.execute(stmt):
        counts[person_id][reason or "UNKNOWN"] = n
    return counts


def _rejected():
    return select(Checkin.person_id, Checkin.reason, func.count()).where(Checkin.status == "rejected")


def in_current_runs(person_ids: Iterable[int], day: date) -> dict[int, dict[str, int]]:
    """Per cadre, the rejected attempts of the days of their open absence run (its first day to ``day``)."""
    ids = list(set(person_ids))
    if not ids:
        return {}
    return _by_reason(_rejected().join(AttendanceState, AttendanceState.person_id == Checkin.person_id).where(
        Checkin.person_id.in_(ids), Checkin.day >= AttendanceState.run_start, Checkin.day <= day)
        .group_by(Checkin.person_id, Checkin.reason))


def on_absent_days(person_ids: Iterable[int], day: date) -> dict[int, dict[str, int]]:
    """Per cadre, the rejected attempts of the absent days of ``day``'s year up to ``day`` (ATT-4)."""
    ids = list(set(person_ids))
    if not ids:
        return {}
    absent = and_(DayStatus.person_id == Checkin.person_id, DayStatus.day == Checkin.day, DayStatus.status == ABSENT)
    return _by_reason(_rejected().join(DayStatus, absent).where(
        Checkin.person_id.in_(ids), Checkin.day >= date(day.year, 1, 1), Checkin.day <= day)
        .group_by(Checkin.person_id, Checkin.reason))
