"""RECALL-3: after a re-evaluation, an open recall case whose ground no longer holds is withdrawn.

The grounds are the very computations that open the cases (``thresholds``): ATT-3 a run of final
absences reaching 15 days in the year, ATT-4 more than 30 final absent days, LOG-4 3 unfixed
missed logs, LV-6 more than 30 approved leave days, ATT-2 (at year end) fewer attendance days than
the prorated 200. A manual case (discipline, incapacity) rests on no record and is never
withdrawn. Only ``open`` cases are reviewed: a confirmed or dismissed case is never changed by
late data, and a case the city office reopened is under its review.

Called in the transaction of the change (a calendar entered, late data re-evaluating a day) and by
the nightly close (a future leave cancelled, which re-evaluates no closed day).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from sqlalchemy import func, select

from app import clock
from app.attendance.counters import count_final_absences
from app.attendance.models import AttendanceYear
from app.attendance.thresholds import Recipients, attendance_ground, postings_of, rule_zh, streak_ground
from app.extensions import db
from app.leave.service import year_totals
from app.policy import current_policy
from app.recall import service as recall
from app.recall.models import AUTOMATIC_RULES, RecallCase
from app.worklog.missed import MissedLog


def _through(year: int) -> date:
    """The last day of ``year`` that the review may judge (today's and later are not closed)."""
    return min(date(year, 12, 31), clock.today())


def ground_now(case: RecallCase) -> tuple[bool, str, str]:
    """Does the case's ground hold on the records as they are now? With what they show (zh, en)."""
    policy, pid, year = current_policy(), case.person_id, case.year
    if case.rule == "ATT-3":
        evidence = streak_ground(pid, _through(year), policy.absence_streak_recall_days)
        longest = db.session.scalar(select(AttendanceYear.longest_streak).where(
            AttendanceYear.person_id == pid, AttendanceYear.year == year)) or 0
        return (evidence is not None,
                f"重新计算后{year}年最长连续缺勤{longest}天，未达{policy.absence_streak_recall_days}天",
                f"re-evaluated, the longest absence streak of {year} is {longest} days, "
                f"below {policy.absence_streak_recall_days}")
    if case.rule == "ATT-4":
        count = len(count_final_absences(pid, year, _through(year)))
        return (count > policy.absence_cumulative_recall_over,
                f"重新计算后{year}年累计缺勤{count}天，未超过{policy.absence_cumulative_recall_over}天",
                f"re-evaluated, {count} absent days in {year}, not over {policy.absence_cumulative_recall_over}")
    if case.rule == "LOG-4":
        count = db.session.scalar(select(func.count()).select_from(MissedLog).where(
            MissedLog.person_id == pid, MissedLog.status == "unfixed", MissedLog.day >= date(year, 1, 1),
            MissedLog.day <= date(year, 12, 31))) or 0
        return (count >= policy.unfixed_missed_logs_recall, f"重新计算后{year}年拒绝整改的缺记日志{count}次",
                f"re-evaluated, {count} unfixed missed logs in {year}")
    if case.rule == "LV-6":
        days = year_totals([pid], [year]).get((pid, year), {}).get("leave_days", 0)
        return (days > policy.leave_cumulative_recall_over, f"重新计算后{year}年已批准请假{days:g}天，"
                f"未超过{policy.leave_cumulative_recall_over:g}天",
                f"re-evaluated, {days:g} approved leave days in {year}, "
                f"not over {policy.leave_cumulative_recall_over:g}")
    if case.rule == "ATT-2":
        row = db.session.get(AttendanceYear, (pid, year))
        evidence = attendance_ground(row, postings_of([pid]).get(pid, [])) if row else None
        days = row.attendance_days if row else 0
        return (evidence is not None, f"重新计算后{year}年驻村{days}天，已达折算后的要求",
                f"re-evaluated, {days} attendance days in {year} meet the prorated requirement")
    return True, "", ""  # a manual case (discipline, incapacity) rests on no record


def change_zh(change: dict) -> str:
    """The change that caused a re-evaluation, as the withdrawal's reason says it."""
    if change["kind"] == "calendar":
        return f"市驻村办录入{change['year']}年节假日安排（第{change.get('version')}版）"
    if change["kind"] == "late_data":
        return "补报的打卡、迟到的审批或销假改变了" + "、".join(change.get("days", [])[:5]) + "的考勤"
    return f"{change.get('date', '')}夜间结算复核"


def review_open_cases(change: dict, person_ids: Iterable[int] | None = None,
                      years: Iterable[int] | None = None) -> list[int]:
    """RECALL-3: withdraw every open automatic case (of ``person_ids``, of ``years``) whose ground no
    longer holds, recording ``change`` (``{kind: calendar|late_data|day_close, …}``) as its cause.

    Returns the ids of the cases withdrawn. A reopened case and a manual one are left alone.
    """
    stmt = select(RecallCase).where(RecallCase.status == "open", RecallCase.reopened_at.is_(None),
                                    RecallCase.rule.in_(AUTOMATIC_RULES)).order_by(RecallCase.id)
    if person_ids is not None:
        stmt = stmt.where(RecallCase.person_id.in_(list(person_ids)))
    if years is not None:
        stmt = stmt.where(RecallCase.year.in_(list(years)))
    withdrawn, ctx = [], Recipients(clock.today())
    for case in list(db.session.scalars(stmt)):
        holds, shown, shown_en = ground_now(case)
        if holds:
            continue
        ground = rule_zh(case.rule, current_policy())
        cause = {"reason": f"{change_zh(change)}，{shown}，“{ground}”的召回依据已不成立。",
                 "reason_en": f"{shown_en}: the ground of the {case.rule} case no longer holds",
                 "change": change}
        _, leaders, secretaries = ctx.of(case.person_id)
        if recall.withdraw(case, cause, [*secretaries, *leaders]):
            withdrawn.append(case.id)
    return withdrawn
