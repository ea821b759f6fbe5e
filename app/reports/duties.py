"""REPORT-1: filing a team's work report, the list of duties (due, done, overdue), and the job that
reminds the team before a due date and alerts the level above when a report is overdue.

Who writes: the team leader (第一书记, who is 工作队长) for the village team. A member writes only
while the team has no leader on the day (a village may have a team without one, ORG-3), so a
team is never left unable to report. Who reads: everyone whose scope holds the village (ORG-2).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import date

from sqlalchemy import or_, select
from sqlalchemy.orm import joinedload

from app import clock
from app.alerts.service import emit
from app.errors import Conflict, Forbidden, NotFound, RuleViolation
from app.extensions import db
from app.org.models import Person, Posting, Village
from app.org.scope import village_clause
from app.policy import current_policy
from app.reports import rules
from app.reports.models import WorkReport
from app.uploads.service import own_photos

LEVEL_NAMES = {"town": "镇（街道）", "unit": "派出单位", "city": "市驻村办"}


def _cadence() -> dict[str, int]:
    return dict(current_policy().report_cadence_months)


def _period(name: str) -> rules.Period:
    period = rules.parse_period(name, _cadence(), current_policy().report_due_day)
    if period is None:  # the schema's pattern lets only well-formed names through
        raise RuleViolation("REPORT-1", "报告期格式不正确", "malformed reporting period", {"period": name})
    return period


def _covering(day: date):
    return (Posting.start_date <= day) & or_(Posting.end_date.is_(None), Posting.end_date >= day)


def writable_village(user: Person, today: date) -> Village:
    """REPORT-1: the village whose team ``user`` reports for today, else 403."""
    postings = db.session.scalars(select(Posting).where(Posting.person_id == user.id, _covering(today))).all()
    for posting in postings:
        if posting.role == "leader":
            return posting.village
    for posting in postings:
        led = db.session.scalar(select(Posting.id).where(
            Posting.village_id == posting.village_id, Posting.role == "leader", _covering(today)).limit(1))
        if led is None:
            return posting.village
    raise Forbidden("NOT_TEAM_LEADER", "工作报告由第一书记（工作队长）代表工作队报送",
                    "the team leader files the team's work report", rule="REPORT-1")


def file_report(user: Person, body: dict) -> WorkReport:
    """REPORT-1: record the team's report of ``period`` to ``to``; one per village, level and period."""
    policy, today = current_policy(), clock.today()
    village = writable_village(user, today)
    period = _period(body["period"])
    if period.to != body["to"]:
        raise RuleViolation("REPORT-1", f"{body['period']} 的报告应报送{LEVEL_NAMES[period.to]}",
                            f"a report of {body['period']} goes to the {period.to}",
                            {"reason": "WRONG_LEVEL", "period": body["period"], "to": period.to})
    if not period.started(today):
        raise RuleViolation("REPORT-1", "报告期尚未开始", "the reporting period has not started",
                            {"reason": "PERIOD_IN_FUTURE", "period": body["period"]})
    if not rules.overlaps(period, team_spans([village.id]).get(village.id, [])):
        raise RuleViolation("REPORT-1", "该报告期内本村尚无驻村工作队", "the village had no team in that period",
                            {"reason": "NO_TEAM_IN_PERIOD", "period": body["period"]})
    content = body["content"].strip()
    if not content or len(content) > policy.report_content_max_chars:
        raise RuleViolation("REPORT-1", f"报告内容须为 1 至 {policy.report_content_max_chars} 个字",
                            f"the report needs 1..{policy.report_content_max_chars} characters",
                            {"reason": "CONTENT_LENGTH", "max_chars": policy.report_content_max_chars})
    attachments = list(dict.fromkeys(body.get("attachment_ids") or []))
    if len(attachments) > policy.report_max_attachments:
        raise RuleViolation("REPORT-1", f"每份报告最多 {policy.report_max_attachments} 个附件",
                            f"at most {policy.report_max_attachments} attachments",
                            {"reason": "TOO_MANY_ATTACHMENTS", "max": policy.report_max_attachments})
    own_photos(user, attachments)
    if db.session.scalar(select(WorkReport.id).where(WorkReport.village_id == village.id,
                                                     WorkReport.to_level == period.to,
                                                     WorkReport.period == period.name)) is not None:
        raise Conflict("REPORT_ALREADY_FILED", "本期报告已报送", "this period's report was already filed",
                       {"period": period.name, "to": period.to})
    report = WorkReport(village_id=village.id, to_level=period.to, period=period.name, year=period.start.year,
                        content=content, attachment_ids=attachments, author_id=user.id,
                        submitted_at=clock.now(), late=today > period.due_on)
    db.session.add(report)
    db.session.flush()
    return report


def team_spans(village_ids: Iterable[int]) -> dict[int, list[tuple[date, date | None]]]:
    """Per village, the spans in which someone was posted to its team (one query)."""
    out: dict[int, list[tuple[date, date | None]]] = defaultdict(list)
    ids = list(village_ids)
    if not ids:
        return out
    for village_id, start, end in db.session.execute(select(
            Posting.village_id, Posting.start_date, Posting.end_date).where(Posting.village_id.in_(ids))):
        out[village_id].append((start, end))
    return out


def scoped_villages(user: Person, village_id: int | None) -> list[Village]:
    """The villages ``user`` may read the duties of (ORG-2); a ``village_id`` outside answers 404."""
    stmt = select(Village).where(village_clause(user)).order_by(Village.id)
    if village_id is not None:
        stmt = stmt.where(Village.id == village_id)
    villages = list(db.session.scalars(stmt))
    if village_id is not None and not villages:
        raise NotFound("village", "村")
    return villages


def duties(user: Person, village_id: int | None, year: int, period: str | None = None,
           state: str | None = None) -> list[dict]:
    """REPORT-1: every started period of ``year`` of each village in scope, with its state and report.

    Three queries whatever the number of villages: villages, posting spans, reports."""
    policy, today = current_policy(), clock.today()
    villages = scoped_villages(user, village_id)
    spans = team_spans(v.id for v in villages)
    reports = {(r.village_id, r.to_level, r.period): r for r in db.session.scalars(
        select(WorkReport).options(joinedload(WorkReport.author)).where(
            WorkReport.village_id.in_([v.id for v in villages]), WorkReport.year == year))}
    periods = [p for p in rules.periods_of_year(year, _cadence(), policy.report_due_day)
               if p.started(today) and period in (None, p.name)]
    items = []
    for village in villages:
        for each in periods:
            if not rules.overlaps(each, spans.get(village.id, [])):
                continue
            report = reports.get((village.id, each.to, each.name))
            found = rules.duty_state(each, report is not None, today)
            if state in (None, found):
                items.append({"key": f"{village.id:09d}|{each.to}|{each.start.isoformat()}", "village": village,
                              "period": each.name, "to": each.to, "start": each.start, "end": each.end,
                              "due_on": each.due_on, "state": found, "report": report})
    items.sort(key=lambda item: item["key"])
    return items


def _recipients(village_ids: list[int], day: date) -> tuple[dict[int, list[Person]], dict[int, list[Person]]]:
    """Per village: the team members posted on ``day`` and the team's leaders among them."""
    team: dict[int, list[Person]] = defaultdict(list)
    leaders: dict[int, list[Person]] = defaultdict(list)
    for posting in db.session.scalars(select(Posting).options(joinedload(Posting.person)).where(
            Posting.village_id.in_(village_ids), _covering(day))):
        team[posting.village_id].append(posting.person)
        if posting.role == "leader":
            leaders[posting.village_id].append(posting.person)
    return team, leaders


def _above(level: str, village: Village, team: list[Person]) -> list[Person]:
    """REPORT-1: the level a report goes to: the town's secretaries, the team's units' viewers, the city."""
    stmt = select(Person)
    if level == "town":
        stmt = stmt.where(Person.role == "town_secretary", Person.town_id == village.town_id)
    elif level == "unit":
        stmt = stmt.where(Person.role == "unit_viewer", Person.unit_id.in_({p.unit_id for p in team if p.unit_id}))
    else:
        stmt = stmt.where(Person.role == "city_admin")
    return list(db.session.scalars(stmt))


def remind_and_escalate(day: date) -> dict:
    """REPORT-1 job: remind a team of an unfiled report from ``report_reminder_lead_days`` before its
    due date, and alert the level above once it is overdue. Idempotent: each alert's dedupe key names
    the village, the level and the period, so reruns and catch-ups alert once per period."""
    policy = current_policy()
    villages = list(db.session.scalars(select(Village).order_by(Village.id)))
    spans = team_spans(v.id for v in villages)
    periods = [p for year in (day.year - 1, day.year) for p in rules.periods_of_year(
        year, _cadence(), policy.report_due_day) if p.end < day]
    filed = set(db.session.execute(select(WorkReport.village_id, WorkReport.to_level, WorkReport.period).where(
        WorkReport.year >= day.year - 1)).all())
    team, leaders = _recipients([v.id for v in villages], day)
    counts = {"reminded": 0, "overdue": 0}
    above: dict[tuple[str, int], list[Person]] = {}
    for village in villages:
        for period in periods:
            if (village.id, period.to, period.name) in filed or not rules.overlaps(period, spans.get(village.id, [])):
                continue
            where = f"{village.name}驻村工作队{period.name}向{LEVEL_NAMES[period.to]}的工作报告"
            payload = {"village_id": village.id, "period": period.name, "to": period.to,
                       "due_on": period.due_on.isoformat(), "town_id": village.town_id}
            if rules.reminder_due(period, day, policy.report_reminder_lead_days):
                writers = leaders.get(village.id) or team.get(village.id, [])
                counts["reminded"] += bool(emit(
                    "report_due", None, writers, payload, f"REPORT-1:due:{village.id}:{period.to}:{period.name}",
                    title="工作报告即将到期", body=f"{where}应于 {period.due_on.isoformat()} 前报送。",
                    rule="REPORT-1"))
            elif day > period.due_on and period.due_on.year >= day.year - 1:
                counts["overdue"] += bool(emit(
                    "report_overdue", None, above.setdefault((period.to, village.id), _above(
                        period.to, village, team.get(village.id, []))), payload,
                    f"REPORT-1:overdue:{village.id}:{period.to}:{period.name}", title="工作报告逾期未报",
                    body=f"{where}应于 {period.due_on.isoformat()} 前报送，至今未报。", rule="REPORT-1"))
    return counts
