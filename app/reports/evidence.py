"""REPORT-2 / RECALL-1: a recall case's evidence as a workbook — the case, then the days it rests on.

The days: those the evidence names (``absent_days``, ``unfixed_missed_logs``) or spans (``start`` ..
``end`` of an ATT-3 run), every day between the first and the last so the rest days inside a run
show too; for a case about a whole year (ATT-2, LV-6) every closed day of the year. Each day row
carries what the day close decided and the raw records it decided from (check-ins, the log).
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from datetime import date, timedelta

from sqlalchemy import select

from app.attendance.close import watermark
from app.attendance.models import DayStatus
from app.checkin.models import Checkin
from app.clock import BUSINESS_TZ
from app.errors import NotFound
from app.extensions import db
from app.org.models import Person
from app.org.scope import person_clause
from app.recall.models import RecallCase
from app.reports import rules
from app.reports.exports import MARK_FORMATS, STATUS_NAMES, WEEKDAYS, corrected_column
from app.reports.sheets import Column, Sheet
from app.worklog.missed import MissedLog
from app.worklog.models import WorkLog

CASE_STATUS = {"open": "待处理", "confirmed": "已确认召回", "dismissed": "已驳回", "withdrawn": "已撤销"}
MAX_EVIDENCE_DAYS = 366


def visible_case(user: Person | None, case_id: int) -> RecallCase:
    """ORG-2: the case if the caller may see its cadre (``user`` None: the operator's CLI), else 404."""
    stmt = select(RecallCase).where(RecallCase.id == case_id)
    case = db.session.scalar(stmt if user is None else stmt.where(person_clause(user, RecallCase.person_id)))
    if case is None:
        raise NotFound("recall case", "召回案件")
    return case


def evidence_days(case: RecallCase) -> tuple[list[date], set[date]]:
    """The days to show and, among them, the ones the evidence names."""
    named: set[date] = set()
    for value in case.evidence.values():
        if isinstance(value, list):
            named.update(_date(v) for v in value if _date(v))
    bounds = [d for d in (_date(case.evidence.get("start")), _date(case.evidence.get("end"))) if d]
    points = sorted(named | set(bounds))
    if points:
        first, last = points[0], points[-1]
    else:
        closed = watermark()
        first, last = date(case.year, 1, 1), min(date(case.year, 12, 31), closed or date(case.year, 1, 1))
    last = min(last, first + timedelta(days=MAX_EVIDENCE_DAYS - 1))
    return [first + timedelta(days=i) for i in range((last - first).days + 1)], named


def _date(value) -> date | None:
    try:
        return date.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        return None


def _records(person_id: int, first: date, last: date) -> tuple[dict, dict, set, dict]:
    """Statuses, check-ins, written logs and missed logs of the range (four queries)."""
    statuses = {row.day: row for row in db.session.execute(select(
        DayStatus.day, DayStatus.status, DayStatus.on_duty, DayStatus.provisional,
        corrected_column().label("corrected")).where(
        DayStatus.person_id == person_id, DayStatus.day >= first, DayStatus.day <= last))}
    checkins: dict[date, list] = defaultdict(list)
    for day, status, reason in db.session.execute(select(Checkin.day, Checkin.status, Checkin.reason).where(
            Checkin.person_id == person_id, Checkin.day >= first, Checkin.day <= last).order_by(Checkin.captured_at)):
        checkins[day].append((status, reason))
    logs = set(db.session.scalars(select(WorkLog.day).where(
        WorkLog.person_id == person_id, WorkLog.day >= first, WorkLog.day <= last)))
    missed = dict(db.session.execute(select(MissedLog.day, MissedLog.status).where(
        MissedLog.person_id == person_id, MissedLog.day >= first, MissedLog.day <= last)).all())
    return statuses, checkins, logs, missed


def evidence_workbook(case: RecallCase) -> tuple[list[Sheet], str]:
    """The two sheets of a case's evidence and the workbook's Chinese file name."""
    person = case.person
    posting = person.postings[-1] if person.postings else None
    village = posting.village.name if posting else ""
    facts = [("案件编号", case.id), ("姓名", person.name), ("村", village),
             ("派出单位", person.unit.name if person.unit else ""), ("依据规则", case.rule), ("年度", case.year),
             ("状态", CASE_STATUS.get(case.status, case.status)),
             ("立案时间", _local(case.opened_at)), ("决定时间", _local(case.decided_at)),
             ("决定理由", case.reason or ""),
             *((f"证据：{key}", json.dumps(value, ensure_ascii=False)) for key, value in case.evidence.items())]
    title = f"{person.name}{case.year}年召回案件（{case.rule}）证据"
    summary = Sheet(name="案件", title=title, columns=[Column("项目", 16), Column("内容", 80)], rows=facts,
                    landscape=False, size=len(facts))
    days, named = evidence_days(case)
    statuses, checkins, logs, missed = _records(person.id, days[0], days[-1])

    def rows():
        for day in days:
            s = statuses.get(day)
            tried = checkins.get(day, [])
            rejected = Counter(reason or "" for status, reason in tried if status == "rejected")
            yield [day.isoformat(), WEEKDAYS[day.weekday()],
                   rules.day_mark(s.status, s.on_duty, s.corrected) if s else "",
                   STATUS_NAMES.get(s.status, s.status) if s else "未结算", "是" if s and s.on_duty else "",
                   sum(1 for status, _ in tried if status == "accepted"), sum(rejected.values()),
                   "、".join(f"{reason}×{n}" for reason, n in sorted(rejected.items())),
                   "已写" if day in logs else "", {"open": "待补", "fixed": "已补", "unfixed": "未补"}.get(
                       missed.get(day, ""), ""), "是" if day in named else "",
                   "临时" if s and s.provisional else ""]

    columns = [Column("日期", 11), Column("星期", 5), Column("标记", 5, "mark"), Column("状态", 9),
               Column("值班", 5), Column("有效打卡", 8, "number"), Column("被拒打卡", 8, "number"),
               Column("被拒原因", 24), Column("工作日志", 8), Column("漏记日志", 8), Column("证据所列", 8),
               Column("临时结算", 8)]
    table = Sheet(name="依据日期", title=title, columns=columns, rows=rows(), freeze_columns=1, size=len(days),
                  mark_formats=MARK_FORMATS, legend=rules.LEGEND,
                  subtitle="每日状态取自日终结算（ATT-5），打卡与日志取自原始记录；“证据所列”为案件证据中列明的日期。")
    return [summary, table], f"{title}.xlsx"


def _local(instant) -> str:
    return instant.astimezone(BUSINESS_TZ).strftime("%Y-%m-%d %H:%M") if instant else ""
