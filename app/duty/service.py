"""Duty roster records, notifications, the leader's swap, the duty check and ``duty_days``."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from sqlalchemy import Select, func, select
from sqlalchemy.orm import joinedload

from app import clock
from app.alerts.models import Alert
from app.alerts.service import emit
from app.calendar.service import year_entered
from app.duty.models import DutyAssignment, DutyChange
from app.duty.sources import accepted_checkins, away_days
from app.extensions import db
from app.org.models import Person, Village
from app.org.service import city_admins, supervisors
from app.policy import current_policy
from config.policy import Policy

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


def reminder_years(day: date, policy: Policy) -> list[int]:
    """DUTY-4: the years the city office must be reminded of on ``day``: only the provisional
    calendar knows them, and ``calendar_remind_from`` of the year before has come."""
    years = []
    for year in (day.year, day.year + 1):
        since = date.fromisoformat(f"{year - 1}-{policy.calendar_remind_from}")
        if day >= since and not year_entered(year):
            years.append(year)
    return years


def _last_reminder(year: int) -> date | None:
    created = db.session.scalar(select(func.max(Alert.created_at)).where(
        Alert.kind == "calendar_missing", Alert.dedupe_key.like(f"DUTY-4:calendar_missing:{year}:%")))
    return clock.business_day(created) if created else None


def remind_calendar(day: date) -> dict:
    """The ``calendar-remind`` job (DUTY-4): from ``calendar_remind_from`` of the year before, remind
    the city office every ``calendar_remind_every_days`` until the year is entered.

    Due when no reminder of that year was sent in the last ``calendar_remind_every_days`` days (so
    a day the scheduler was down delays the reminder by a day, never skips a week); the dedupe key
    names the year and the day, so two runs on one day remind once.
    """
    policy = current_policy()
    summary: dict = {"job": "calendar-remind", "date": day.isoformat(), "reminded": [], "provisional": []}
    for year in reminder_years(day, policy):
        summary["provisional"].append(year)
        last = _last_reminder(year)
        if last is not None and (day - last).days < policy.calendar_remind_every_days and last != day:
            continue
        emit("calendar_missing", None, city_admins(), {"year": year, "date": day.isoformat()},
             f"DUTY-4:calendar_missing:{year}:{day.isoformat()}", rule="DUTY-4",
             title=f"请录入{year}年节假日安排",
             body=(f"系统尚无{year}年的官方节假日和调休安排，目前按暂定日历（周末和法定节日，无调休）"
                   f"排班和统计考勤。请在“设置 → 节假日日历”中按国务院办公厅通知录入，录入后已结算的考勤和"
                   f"值班将按新日历重新计算。未录入前每{policy.calendar_remind_every_days}天提醒一次。"))
        summary["reminded"].append(year)
    return summary


def notify_cancelled(person_id: int, village: Village, day: date, change: DutyChange) -> None:
    """DUTY-4: tell the cadre that a duty was cancelled (the entered calendar made the day a working day)."""
    person = db.session.get(Person, person_id)
    emit("duty_cancelled", person, [person], {"date": day.isoformat(), "village_id": village.id,
                                              "change": change.kind},
         f"DUTY-4:cancelled:{change.id}", rule="DUTY-4",
         title=f"值班取消：{person.name} {day_zh(day)}",
         body=f"{person.name}：{day_zh(day)}按录入的节假日安排为工作日，您在{village.name}的值班已取消，当天按工作日正常在岗。")


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
