"""ATT-5: late data re-evaluates closed days in the sender's transaction (app/signals.py).

The receivers of the day close; ``app/receivers.py`` connects them.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from sqlalchemy import select

from app import clock
from app.alerts.service import emit
from app.attendance import thresholds
from app.attendance.close import JOB, reclose, reevaluate, watermark
from app.attendance.counters import fix_missed_log
from app.attendance.models import DayStatus
from app.attendance.withdrawals import review_open_cases
from app.calendar.service import is_working_day
from app.extensions import db
from app.jobstate import lock_job
from app.org.models import Person


def on_day_data_changed(_sender, person_id: int, days: list[date], **_):
    """ATT-5 late data re-evaluates the days; RECALL-3 then withdraws the cases it took the ground of."""
    reevaluate(person_id, days)
    review_open_cases({"kind": "late_data", "days": sorted({d.isoformat() for d in days})}, [person_id])


def on_log_written(_sender, person_id: int, day: date, **_):
    fix_missed_log(person_id, day, clock.now())


def on_calendar_changed(_sender, year: int, version: int | None = None, **_):
    """DUTY-4: re-evaluate the closed days of ``year`` that the new calendar may classify differently
    (every day the provisional calendar decided, and every day the entry changes); RECALL-3 then
    withdraws the open cases of that year (and of the next: a run crosses 1 January) that lost
    their ground."""
    lock_job(JOB)  # never beside a running close of those days (ATT-5)
    mark = watermark()
    changed: dict[int, list[date]] = defaultdict(list)
    days = db.session.scalars(select(DayStatus.day).where(
        DayStatus.day >= date(year, 1, 1), DayStatus.day <= date(year, 12, 31)).distinct().order_by(DayStatus.day))
    for day in list(days):
        flagged = db.session.scalar(select(DayStatus.calendar_provisional).where(DayStatus.day == day).limit(1))
        if mark is not None and day <= mark and (flagged or is_working_day(day) != (day.weekday() < 5)):
            people = reclose(day)
            for person_id in people:
                changed[person_id].append(day)
            if people:  # ATT-3/ATT-4 alerts a new absence crosses, as for any late data
                thresholds.streak_alerts(day, people)
                thresholds.cumulative_alerts(day, people)
    tell_recalculated(year, version, changed)
    review_open_cases({"kind": "calendar", "year": year, "version": version}, years=[year, year + 1])


STATUS_ZH = {"present": "在岗", "business": "因公外出", "leave": "请假", "rest": "休息", "absent": "缺勤"}


def tell_recalculated(year: int, version: int | None, changed: dict[int, list[date]]) -> None:
    """DUTY-4: each cadre whose closed days the entered calendar changed hears which, and what they are now."""
    if not changed:
        return
    people = {p.id: p for p in db.session.scalars(select(Person).where(Person.id.in_(list(changed))))}
    now = dict(((pid, day), status) for pid, day, status in db.session.execute(
        select(DayStatus.person_id, DayStatus.day, DayStatus.status).where(
            DayStatus.person_id.in_(list(changed)), DayStatus.day.in_({d for ds in changed.values() for d in ds}))))
    for person_id, days in sorted(changed.items()):
        person = people[person_id]
        shown = "；".join(f"{d.month}月{d.day}日：{STATUS_ZH.get(now.get((person_id, d)), '不在派驻期')}"
                         for d in days[:10]) + ("等" if len(days) > 10 else "")
        emit("attendance_recalculated", person, [person],
             {"year": year, "version": version, "days": [d.isoformat() for d in days]},
             f"DUTY-4:recalculated:{year}:{version}:{person_id}", rule="DUTY-4",
             title=f"{person.name}的考勤已按{year}年节假日安排重新计算",
             body=f"市驻村办录入了{year}年节假日安排，{person.name}已结算的{len(days)}天考勤随之改变（{shown}）。")
