"""Duty roster records, notifications, the leader's swap, the duty check and ``duty_days``."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from sqlalchemy import Select, select
from sqlalchemy.orm import joinedload

from app import clock
from app.alerts.service import emit
from app.duty.models import DutyAssignment, DutyChange
from app.duty.sources import accepted_checkins, away_days
from app.extensions import db
from app.org.models import Person, Village
from app.org.service import city_admins, supervisors
from app.policy import current_policy

WEEKDAYS_ZH = "一二三四五六日"


def day_zh(day: date) -> str:
    return f"{day.month}月{day.day}日（周{WEEKDAYS_ZH[day.weekday()]}）"


def record_change(village_id: int, day: date, kind: str, person_id: int | None, previous_person_id: int | None,
                  reason: str, by: Person | None = None) -> DutyChange:
    """DUTY-2: keep a record of a roster change (assignment, repair, removal, swap, cancellation)."""
    change = DutyChange(village_id=village_id, day=day, kind=kind, person_id=person_id,
                        previous_person_id=previous_person_id, reason=reason,
                        changed_by_id=by.id if by else None)
    db.session.add(change)
    db.session.flush()
    return change


def notify_assigned(person: Person, village: Village, day: date, change: DutyChange) -> None:
    """DUTY-2: tell the cadre about their duty day (personal ``duty_assigned``)."""
    emit("duty_assigned", person, [person], {"date": day.isoformat(), "village_id": village.id,
                                             "change": change.kind},
         f"DUTY-2:assigned:{change.id}", rule="DUTY-2",
         title=f"值班安排：{person.name} {day_zh(day)}",
         body=f"{person.name}：您被安排于{day_zh(day)}在{village.name}值班，当天请按时在村打卡。")


def alert_uncovered(village: Village, day: date, needed: int, have: int) -> None:
    """DUTY-1: a non-working day the roster could not cover (everyone away, or nobody posted)."""
    emit("duty_uncovered", None, supervisors(village, day),
         {"village_id": village.id, "date": day.isoformat(), "needed": needed, "assigned": have},
         f"DUTY-1:uncovered:{village.id}:{day.isoformat()}", rule="DUTY-1",
         title=f"值班无人：{village.name} {day_zh(day)}",
         body=(f"{village.name}{day_zh(day)}需{needed}人值班，目前仅安排{have}人"
               f"（其余队员请假、外出或未在岗）。请第一书记协调安排。"))


def alert_calendar_missing(year: int) -> None:
    """DUTY-4: tell the city office, once per year, that ``year``'s calendar must be entered.

    The dedupe key is per year only, so the roster and the day close together alert once.
    """
    emit("calendar_missing", None, city_admins(), {"year": year}, f"calendar_missing:{year}",
         title=f"请录入{year}年节假日安排",
         body=(f"系统尚无{year}年的法定节假日和调休安排，{year}年的值班表暂不生成。"
               f"请在“节假日管理”中按国务院办公厅通知录入。"),
         rule="DUTY-4")


def duty_days(start: date, end: date, person_ids: Iterable[int] | None = None) -> dict[int, set[date]]:
    """DUTY-3: person → the days in [start, end] on which they are on duty (a working day for them)."""
    stmt = select(DutyAssignment.person_id, DutyAssignment.day).where(
        DutyAssignment.day >= start, DutyAssignment.day <= end)
    if person_ids is not None:
        stmt = stmt.where(DutyAssignment.person_id.in_(list(person_ids)))
    result: dict[int, set[date]] = {}
    for person_id, day in db.session.execute(stmt):
        result.setdefault(person_id, set()).add(day)
    return result


def roster_query(village_ids: Select | list[int], start: date, end: date) -> Select:
    """The duties of ``village_ids`` from ``start`` to ``end``, with the cadre and village each names."""
    return (select(DutyAssignment).options(joinedload(DutyAssignment.person), joinedload(DutyAssignment.village))
            .where(DutyAssignment.village_id.in_(village_ids), DutyAssignment.day >= start, DutyAssignment.day <= end))


def duty_check(day: date) -> dict:
    """DUTY-3 for ``day``: each assignee without an accepted check-in by the deadline → ``duty_missed``.

    Runs after ``duty_checkin_deadline`` (before it, it does nothing: check-ins may still come);
    on a working day there are no assignments and nothing to do. Alerts the team leaders and the
    town secretaries, once per assignment and assignee.
    """
    deadline = clock.at_local(day, current_policy().duty_checkin_deadline)
    summary: dict = {"job": "duty-check", "date": day.isoformat(), "checked": 0, "missed": []}
    if clock.now() < deadline:
        return {**summary, "status": "before_deadline", "deadline": deadline.isoformat()}
    rows = list(db.session.scalars(select(DutyAssignment).where(DutyAssignment.day == day)
                                   .order_by(DutyAssignment.village_id, DutyAssignment.person_id)))
    if not rows:
        return summary
    people = {row.person_id for row in rows}
    counts = accepted_checkins(day, people, before=deadline)
    away = away_days(day, day, people)  # leave granted after the roster ran: not a missed duty
    for row in rows:
        summary["checked"] += 1
        if counts.get(row.person_id, 0) >= 1 or day in away.get(row.person_id, {}):
            continue
        _alert_missed(row, deadline.strftime("%H:%M"))
        summary["missed"].append({"person_id": row.person_id, "village_id": row.village_id})
    return summary


def _alert_missed(row: DutyAssignment, deadline: str) -> None:
    person, village = row.person, row.village
    emit("duty_missed", person, supervisors(village, row.day),
         {"date": row.day.isoformat(), "village_id": village.id, "assignment_id": row.id},
         f"DUTY-3:missed:{row.id}:{row.person_id}", rule="DUTY-3",
         title=f"值班未到岗：{person.name} {day_zh(row.day)}",
         body=f"{person.name}{day_zh(row.day)}在{village.name}值班，截至{deadline}未在村打卡。")
