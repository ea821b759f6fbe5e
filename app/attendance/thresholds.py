"""Threshold crossings of the day close: alerts (provisional statuses) and recall cases (final).

Each crossing fires once: every alert's dedupe key names the event (the run, the year and the
threshold), and a recall case is unique per cadre, rule and year (RECALL-1).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta

from sqlalchemy import func, select

from app import clock
from app.alerts.service import emit
from app.attendance import rules
from app.attendance.models import AttendanceState, AttendanceYear, DayStatus
from app.extensions import db
from app.org.models import Person, Posting, Village
from app.org.service import city_admins, team_leaders, town_secretaries
from app.policy import current_policy
from app.recall.models import RecallCase
from app.worklog.missed import MissedLog

RULE_ZH = {"ATT-2": "全年驻村天数不足", "ATT-3": "无正当理由连续离村", "ATT-4": "无正当理由累计离村",
           "LOG-4": "未按规定记录工作日志3次以上并拒绝整改", "LV-6": "请假累计超过30天"}


def _people(ids: Iterable[int]) -> dict[int, Person]:
    ids = list(set(ids))
    return {p.id: p for p in db.session.scalars(select(Person).where(Person.id.in_(ids)))} if ids else {}


def _village_of(person_id: int, day: date) -> Village | None:
    village_id = db.session.scalar(select(DayStatus.village_id).where(
        DayStatus.person_id == person_id, DayStatus.day <= day).order_by(DayStatus.day.desc()).limit(1))
    return db.session.get(Village, village_id) if village_id else None


def _town_people(person_id: int, day: date) -> tuple[str, list[Person], list[Person]]:
    """(village name, leaders, town secretaries) of the cadre's village on ``day``."""
    village = _village_of(person_id, day)
    if village is None:
        return "", [], []
    return village.name, team_leaders(village.id, day), town_secretaries(village.town_id)


def after_close(day: date, opened_missed: list[int]) -> None:
    """Alerts on provisional statuses after closing ``day`` (ATT-3 3/7, ATT-4 20/25, LOG-3, ATT-2)."""
    absent_today = select(DayStatus.person_id).where(DayStatus.day == day, DayStatus.status == rules.ABSENT)
    streak_alerts(day, absent_today)
    cumulative_alerts(day, absent_today)
    missed_log_alerts(day, opened_missed)
    projection_alerts(day)


def streak_alerts(day: date, who) -> None:
    """ATT-3: the town secretary at 3 days, the city office at 7."""
    policy = current_policy()
    states = list(db.session.scalars(select(AttendanceState).where(
        AttendanceState.person_id.in_(who),
        AttendanceState.run_length >= policy.absence_streak_alert_town_days)))
    people = _people(s.person_id for s in states)
    for state in states:
        person = people[state.person_id]
        village, _, secretaries = _town_people(person.id, day)
        for threshold, recipients in ((policy.absence_streak_alert_town_days, secretaries),
                                      (policy.absence_streak_alert_city_days, city_admins())):
            if state.run_length < threshold:
                continue
            emit("absence_streak", person, recipients, {"days": state.run_length, "since": state.run_start.isoformat(),
                                                        "threshold": threshold},
                 f"ATT-3:{threshold}:{person.id}:{state.run_start.isoformat()}", rule="ATT-3",
                 title=f"{person.name}连续缺勤已达{threshold}天",
                 body=f"{village}{person.name}自{state.run_start:%Y年%m月%d日}起无正当理由连续离村"
                      f"{state.run_length}天（期间休息日计入），请及时核实。")


def cumulative_alerts(day: date, who) -> None:
    """ATT-4: cumulative absent days of the year at 20 and 25 (the secretary and the city office)."""
    policy = current_policy()
    rows = list(db.session.scalars(select(AttendanceYear).where(
        AttendanceYear.person_id.in_(who), AttendanceYear.year == day.year,
        AttendanceYear.absent_days >= min(policy.absence_cumulative_alert_days))))
    people = _people(r.person_id for r in rows)
    for row in rows:
        person = people[row.person_id]
        village, _, secretaries = _town_people(person.id, day)
        for threshold in policy.absence_cumulative_alert_days:
            if row.absent_days >= threshold:
                emit("absence_cumulative", person, [*secretaries, *city_admins()],
                     {"days": row.absent_days, "year": day.year, "threshold": threshold},
                     f"ATT-4:{threshold}:{person.id}:{day.year}", rule="ATT-4",
                     title=f"{person.name}本年累计缺勤已达{threshold}天",
                     body=f"{village}{person.name}{day.year}年累计无正当理由离村{row.absent_days}天，"
                          f"超过{policy.absence_cumulative_recall_over}天将被召回。")


def missed_log_alerts(day: date, person_ids: list[int]) -> None:
    """LOG-3: the cadre and their leader when a missed log opens as ``open``."""
    rectify_by = day + timedelta(days=current_policy().rectify_days)
    for person in _people(person_ids).values():
        _, leaders, _ = _town_people(person.id, day)
        emit("missed_log", person, [person, *leaders], {"date": day.isoformat(), "rectify_by": rectify_by.isoformat()},
             f"LOG-3:{person.id}:{day.isoformat()}", rule="LOG-3",
             title=f"{person.name}{day:%m月%d日}工作日志未按时填写",
             body=f"{person.name}{day:%Y年%m月%d日}的工作日志未在当天填写，请于{rectify_by:%m月%d日}24时前补录，"
                  f"逾期视为拒绝整改。")


def projection_alerts(day: date) -> None:
    """ATT-2: warn cadre, leader and secretary when the year-end projection falls below 220, then 200."""
    policy, year = current_policy(), day.year
    postings: dict[int, list] = {}
    for pid, start, end in db.session.execute(select(Posting.person_id, Posting.start_date, Posting.end_date).where(
            Posting.start_date <= date(year, 12, 31))):
        postings.setdefault(pid, []).append((start, end))
    totals = db.session.execute(select(
        AttendanceYear.person_id, AttendanceYear.present_days + AttendanceYear.business_days,
        AttendanceYear.present_days + AttendanceYear.business_days + AttendanceYear.leave_days
        + AttendanceYear.rest_days + AttendanceYear.absent_days).where(
        AttendanceYear.year == year, AttendanceYear.person_id.in_(
            select(DayStatus.person_id).where(DayStatus.day == day))))
    warn: list[tuple[int, int, int]] = []
    for pid, attendance, elapsed in totals:
        planned = rules.planned_posted_days(year, postings.get(pid, []))
        projected = rules.projected_attendance(attendance, elapsed, planned)
        for threshold in rules.projection_warnings(
                projected, rules.prorated(policy.attendance_target_days, planned, year),
                rules.prorated(policy.attendance_fail_days, planned, year), elapsed, policy.projection_min_days):
            warn.append((pid, threshold, projected))
    people = _people(p for p, _, _ in warn)
    for pid, threshold, projected in warn:
        person = people[pid]
        _, leaders, secretaries = _town_people(pid, day)
        emit("projection_warning", person, [person, *leaders, *secretaries],
             {"projected": projected, "threshold": threshold, "year": year},
             f"ATT-2:{threshold}:{pid}:{year}", rule="ATT-2",
             title=f"{person.name}全年驻村天数预计低于{threshold}天",
             body=f"按目前进度，{person.name}{year}年驻村天数预计为{projected}天，低于{threshold}天的要求"
                  f"（按派驻时间折算），请合理安排在岗时间。")


def after_final(day: date) -> None:
    """RECALL-1 on final statuses up to ``day``: ATT-3 (15 days), ATT-4 (over 30), LOG-4, ATT-2 at year end."""
    policy, year = current_policy(), day.year
    for person_id in db.session.scalars(select(AttendanceYear.person_id).where(
            AttendanceYear.year == year, AttendanceYear.longest_streak >= policy.absence_streak_recall_days)):
        history = list(db.session.execute(select(DayStatus.day, DayStatus.status).where(
            DayStatus.person_id == person_id, DayStatus.provisional.is_(False), DayStatus.day <= day,
            DayStatus.day >= date(year - 1, 12, 1)).order_by(DayStatus.day)))
        for run in rules.runs(history):
            if run.length >= policy.absence_streak_recall_days and run.end.year == year:
                absent = [d.isoformat() for d, s in history if run.start <= d <= run.end and s == rules.ABSENT]
                open_case(person_id, "ATT-3", year, {"start": run.start.isoformat(), "end": run.end.isoformat(),
                                                     "length": run.length, "absent_days": absent})
                break
    for person_id in db.session.scalars(select(AttendanceYear.person_id).where(
            AttendanceYear.year == year, AttendanceYear.absent_days > policy.absence_cumulative_recall_over)):
        from app.attendance.counters import count_final_absences

        days = count_final_absences(person_id, year, day)
        if len(days) > policy.absence_cumulative_recall_over:
            open_case(person_id, "ATT-4", year, {"absent_days": [d.isoformat() for d in days], "count": len(days)})
    unfixed = db.session.execute(select(MissedLog.person_id, func.count()).where(
        MissedLog.status == "unfixed", MissedLog.day >= date(year, 1, 1), MissedLog.day <= date(year, 12, 31))
        .group_by(MissedLog.person_id).having(func.count() >= policy.unfixed_missed_logs_recall))
    for person_id, _ in unfixed.all():
        days = db.session.scalars(select(MissedLog.day).where(
            MissedLog.person_id == person_id, MissedLog.status == "unfixed", MissedLog.day >= date(year, 1, 1),
            MissedLog.day <= date(year, 12, 31)).order_by(MissedLog.day))
        open_case(person_id, "LOG-4", year, {"unfixed_missed_logs": [d.isoformat() for d in days]})
    if day == date(year, 12, 31):
        year_end_recalls(year)


def year_end_recalls(year: int) -> None:
    """ATT-2: fewer than 200 attendance days (prorated) in the year → recall."""
    policy = current_policy()
    postings: dict[int, list] = {}
    for pid, start, end in db.session.execute(select(Posting.person_id, Posting.start_date, Posting.end_date)):
        postings.setdefault(pid, []).append((start, end))
    for row in db.session.scalars(select(AttendanceYear).where(AttendanceYear.year == year)):
        planned = rules.planned_posted_days(year, postings.get(row.person_id, []))
        fail = rules.prorated(policy.attendance_fail_days, planned, year)
        if row.attendance_days < fail:
            open_case(row.person_id, "ATT-2", year, {"attendance_days": row.attendance_days, "required": fail,
                                                     "planned_posted_days": planned})


def leave_recalls(day: date) -> None:
    """LV-6: approved leave over 30 days in the year (counted from the approval) → recall; alerts at 20/25."""
    from app.leave.models import LeaveRequest
    from app.leave.service import leave_totals

    policy, year = current_policy(), day.year
    low = min(policy.leave_cumulative_alert_days)
    candidates = db.session.scalars(select(LeaveRequest.person_id).where(
        LeaveRequest.status == "approved", LeaveRequest.kind == "leave",
        LeaveRequest.start_date <= date(year, 12, 31), LeaveRequest.end_date >= date(year, 1, 1))
        .group_by(LeaveRequest.person_id).having(func.sum(LeaveRequest.days) >= low))
    for person_id in list(candidates):
        days = leave_totals(person_id, year)["leave_days"]
        person = db.session.get(Person, person_id)
        _, leaders, secretaries = _town_people(person_id, day)
        for threshold in policy.leave_cumulative_alert_days:
            if days >= threshold:
                emit("leave_cumulative", person, [person, *leaders, *secretaries],
                     {"days": days, "threshold": threshold, "year": year}, f"LV-6:{threshold}:{person_id}:{year}",
                     rule="LV-6", title=f"{person.name}本年请假累计已达{threshold}天",
                     body=f"{person.name}{year}年已批准请假{days:g}天，累计超过"
                          f"{policy.leave_cumulative_recall_over:g}天将被召回。")
        if days > policy.leave_cumulative_recall_over:
            open_case(person_id, "LV-6", year, {"leave_days": days})


def open_case(person_id: int, rule: str, year: int, evidence: dict) -> RecallCase | None:
    """RECALL-1: open a case unless this rule already opened one for the cadre this year."""
    if db.session.scalar(select(RecallCase.id).where(RecallCase.person_id == person_id, RecallCase.rule == rule,
                                                     RecallCase.year == year)):
        return None
    case = RecallCase(person_id=person_id, rule=rule, year=year, status="open", evidence=evidence,
                      opened_at=clock.now())
    db.session.add(case)
    db.session.flush()
    person = db.session.get(Person, person_id)
    village, leaders, secretaries = _town_people(person_id, clock.today())
    emit("recall_opened", person, [*city_admins(), *secretaries, *leaders],
         {"case_id": case.id, "rule": rule, "year": year}, f"RECALL:{rule}:{person_id}:{year}", rule=rule,
         title=f"{person.name}触发召回：{RULE_ZH.get(rule, rule)}",
         body=f"{village}{person.name}因{RULE_ZH.get(rule, rule)}（{rule}）触发{year}年召回，请市驻村办审核确认。")
    return case

