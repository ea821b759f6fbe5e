"""ASSESS-1, read side: the assessment rows of a scope, set-based.

Who is assessed comes from one statement over the postings of the year (the cadres of the scope and
every posting of theirs, so a cadre who moved town mid-year is counted whole); the page's figures come
from the same stored counters ``/attendance/summary`` reads (``attendance_years``, missed logs, recall
cases) in a fixed number of statements for the whole page, never one per cadre.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from typing import Any

from sqlalchemy import func, or_, select, true
from sqlalchemy.orm import joinedload

from app.assessment import corrections, rules
from app.attendance import rules as attendance_rules
from app.attendance.close import watermark
from app.attendance.models import AttendanceYear
from app.extensions import db
from app.org.models import Person, Posting, Town, Village
from app.org.scope import person_clause
from app.pagination import list_page
from app.policy import current_policy
from app.recall.models import AnnualResult, RecallCase, UnitYearFlag
from app.worklog.missed import MissedLog

EMPTY_YEAR = {"present_days": 0, "business_days": 0, "leave_days": 0, "rest_days": 0, "absent_days": 0,
              "duty_days_served": 0, "longest_streak": 0}


def _overlaps(year: int):
    return (Posting.start_date <= date(year, 12, 31)) & (
        or_(Posting.end_date.is_(None), Posting.end_date >= date(year, 1, 1)))


def candidates(user: Person | None, year: int, town_id: int | None,
               person_id: int | None = None) -> list[dict[str, Any]]:
    """Every cadre of the scope assessed for ``year``: posted more than half the year, or already graded.

    ``user`` None is the operator's scope (the CLI): the whole city."""
    in_scope = select(Posting.person_id).join(Village, Village.id == Posting.village_id).where(
        _overlaps(year), person_clause(user, Posting.person_id) if user is not None else true())
    if person_id is not None:
        in_scope = in_scope.where(Posting.person_id == person_id)
    if user is not None and user.role == "town_secretary":
        in_scope = in_scope.where(Village.town_id == user.town_id)
    if town_id is not None:
        in_scope = in_scope.where(Village.town_id == town_id)
    postings = db.session.execute(select(Posting.person_id, Posting.village_id, Posting.role, Posting.start_date,
                                         Posting.end_date).where(Posting.person_id.in_(in_scope), _overlaps(year)))
    graded = set(db.session.scalars(select(AnnualResult.person_id).where(
        AnnualResult.year == year, AnnualResult.person_id.in_(in_scope))))
    spans: dict[int, list] = defaultdict(list)
    for row in postings:
        spans[row.person_id].append(row)
    share = current_policy().assessment_min_posted_share
    out = []
    for person_id in sorted(spans):
        posted = attendance_rules.planned_posted_days(year, [(p.start_date, p.end_date) for p in spans[person_id]])
        if rules.posted_more_than_half(posted, year, share) or person_id in graded:
            main = max(spans[person_id], key=lambda p: (
                attendance_rules.planned_posted_days(year, [(p.start_date, p.end_date)]), p.start_date))
            out.append({"person_id": person_id, "posted_days": posted, "village_id": main.village_id,
                        "role": main.role})
    return out


def assessed(user: Person, person_id: int, year: int) -> bool:
    """Whether ``person_id`` is assessed for ``year`` (ASSESS-1) within ``user``'s scope."""
    return bool(candidates(user, year, None, person_id))


def page(user: Person, year: int, town_id: int | None, cursor: str | None, limit: int) -> dict[str, Any]:
    """API.md ``GET /assessments``: one page of rows, by person id."""
    result = list_page(candidates(user, year, town_id), lambda c: c["person_id"], cursor, limit)
    result["items"] = rows(result["items"], year)
    return result


def rows(candidates: list[dict[str, Any]], year: int) -> list[dict[str, Any]]:
    ids = [c["person_id"] for c in candidates]
    if not ids:
        return []
    people = {p.id: p for p in db.session.scalars(select(Person).where(Person.id.in_(ids)).options(
        joinedload(Person.unit)))}
    villages = {v.id: v for v in db.session.scalars(select(Village).where(
        Village.id.in_({c["village_id"] for c in candidates})).options(joinedload(Village.town)))}
    years = {y.person_id: y for y in db.session.scalars(select(AttendanceYear).where(
        AttendanceYear.year == year, AttendanceYear.person_id.in_(ids)))}
    missed: dict[int, dict[str, int]] = defaultdict(dict)
    for person_id, status, count in db.session.execute(select(MissedLog.person_id, MissedLog.status, func.count())
                                                       .where(MissedLog.person_id.in_(ids),
                                                              MissedLog.day >= date(year, 1, 1),
                                                              MissedLog.day <= date(year, 12, 31))
                                                       .group_by(MissedLog.person_id, MissedLog.status)):
        missed[person_id][status] = count
    cases: dict[int, list] = defaultdict(list)
    for case in db.session.execute(select(RecallCase.person_id, RecallCase.id, RecallCase.rule, RecallCase.status)
                                   .where(RecallCase.person_id.in_(ids), RecallCase.year == year)
                                   .order_by(RecallCase.id)):
        cases[case.person_id].append(case)
    results = {r.person_id: r for r in db.session.scalars(select(AnnualResult).where(
        AnnualResult.year == year, AnnualResult.person_id.in_(ids)).options(joinedload(AnnualResult.recorded_by)))}
    unit_ids = {p.unit_id for p in people.values() if p.unit_id}
    ineligible = set(db.session.scalars(select(UnitYearFlag.unit_id).where(
        UnitYearFlag.year == year, UnitYearFlag.unit_id.in_(unit_ids)))) if unit_ids else set()
    fixes = corrections.approved_corrections(ids, year)
    closed_through = watermark()
    year_closed = closed_through is not None and closed_through >= date(year, 12, 31)
    return [_row(c, year, people[c["person_id"]], villages[c["village_id"]], years.get(c["person_id"]),
                 missed[c["person_id"]], cases[c["person_id"]], results.get(c["person_id"]), ineligible,
                 fixes.get(c["person_id"], 0), year_closed) for c in candidates]


def _row(candidate, year, person, village, counters, missed, cases, result, ineligible, fixes, year_closed):
    policy = current_policy()
    counts = {k: getattr(counters, k) for k in EMPTY_YEAR} if counters else dict(EMPTY_YEAR)
    posted = candidate["posted_days"]
    attendance = counts["present_days"] + counts["business_days"]
    elapsed = sum(counts[k] for k in ("present_days", "business_days", "leave_days", "rest_days", "absent_days"))
    projected = attendance_rules.projected_attendance(attendance, elapsed, posted)
    by_status = defaultdict(int)
    for case in cases:
        by_status[case.status] += 1
    metrics = {
        "attendance_days": attendance, "present_days": counts["present_days"],
        "business_days": counts["business_days"], "leave_days": counts["leave_days"],
        "absent_days": counts["absent_days"], "longest_absence_streak": counts["longest_streak"],
        "duty_days_served": counts["duty_days_served"], "posted_days": posted,
        "target": attendance_rules.prorated(policy.attendance_target_days, posted, year),
        "fail_threshold": attendance_rules.prorated(policy.attendance_fail_days, posted, year),
        # ATT-2's pace before the year is closed; None while no day of the year is counted yet
        "year_end_attendance_days": attendance if year_closed else projected,
        "open_missed_logs": missed.get("open", 0), "unfixed_missed_logs": missed.get("unfixed", 0),
        "corrections": fixes, "open_recall_cases": by_status["open"],
        "confirmed_recall_cases": by_status["confirmed"],
    }
    suggested, reasons = rules.suggest(metrics, policy.assessment_grade_rules, policy.assessment_default_grade)
    town: Town = village.town
    return {
        "person": person, "year": year, "village": village, "town": town, "unit": person.unit,
        "role": candidate["role"], **metrics, "trip_days": counts["business_days"],
        "projected_attendance_days": projected, "year_closed": year_closed,
        "missed_logs": {s: missed.get(s, 0) for s in ("open", "fixed", "unfixed")},
        "recall_cases": [{"id": c.id, "rule": c.rule, "status": c.status} for c in cases],
        "suggested_grade": suggested, "reasons": reasons,
        "grade": result.grade if result else None, "comment": result.comment if result else None,
        "grade_source": result.source if result else None,
        "graded_by": result.recorded_by if result else None, "graded_at": result.recorded_at if result else None,
        "unit_excellent_eligible": person.unit_id not in ineligible,
        "no_promotion_until": person.no_promotion_until,
    }
