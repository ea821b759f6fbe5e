"""ORG-5: terms and handovers — postings ending soon, and a rotation that names the successor.

A posting's planned term ends on ``planned_end_date`` (``term_min_years`` after its start by
default). A rotation posts the successor to the same village and role from ``handover_start`` and
ends the leaving posting on ``handover_end``: at least ``handover_working_days`` working days of
the official calendar (app/calendar) in which both are posted. The leaving posting cannot end before
that (the org import refuses it, ORG-5). Before the planned end a rotation needs a reason of
``health`` or ``transfer_out``; promotion is refused. The org import applies the same rules
(``handover_of`` on the successor's posting, app/org/importer.py).
"""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import Select, func, or_, select
from sqlalchemy.orm import joinedload, selectinload

from app import clock
from app.calendar.service import count_working_days, working_days_from
from app.errors import Conflict, NotFound, RuleViolation
from app.extensions import db
from app.org.models import Handover, Person, Posting, Village
from app.org.rules import TermProblem, handover_problems, planned_term_end, posting_eligibility
from app.policy import current_policy
from app.signals import organisation_changed

MAX_AHEAD_DAYS = 366  # a rotation is planned at most a year ahead, its handover at most a year long


def default_term_end(start: date) -> date:
    """ORG-5: the planned end of a posting starting on ``start`` (``term_min_years``)."""
    return planned_term_end(start, current_policy().term_min_years)


def default_handover_end(start: date) -> date:
    """ORG-5: the day the ``handover_working_days``-th working day from ``start`` falls on."""
    return working_days_from(start, current_policy().handover_working_days)[-1]


def check_handover(start: date, end: date, planned_end: date, reason: str | None) -> tuple[int, list[TermProblem]]:
    """ORG-5: the working days of a handover [start, end] and what refuses it (for the API and the import)."""
    days = count_working_days(start, end) if end >= start else 0
    return days, handover_problems(working_days=days, required=current_policy().handover_working_days,
                                   ends_on=end, planned_end=planned_end, reason=reason)


def _refuse(problem: TermProblem, **details) -> RuleViolation:
    return RuleViolation(problem.rule, problem.message, problem.message_en, details={"reason": problem.code, **details})


def _successor(successor_id: int, posting: Posting, start: date) -> Person:
    successor = db.session.get(Person, successor_id)
    if successor is None:
        raise NotFound("person", "人员")
    if successor.role != posting.role:
        raise RuleViolation("ORG-5", f"接任者的角色为“{successor.role}”，不能接任“{posting.role}”",
                            f"the successor is a {successor.role}, not a {posting.role}", {"reason": "ROLE_MISMATCH"})
    posted = db.session.scalar(select(Posting).where(
        Posting.person_id == successor.id, or_(Posting.end_date.is_(None), Posting.end_date >= start)))
    if posted is not None:
        raise RuleViolation("ORG-5", "接任者已在其他村驻村，不能同时接任", "the successor is already posted elsewhere",
                            {"reason": "SUCCESSOR_POSTED", "posting_id": posted.id})
    problems, _ = posting_eligibility(
        posting_role=posting.role, source=successor.source, party_member=successor.party_member,
        party_joined_on=successor.party_joined_on, work_started_on=successor.work_started_on, appointed_on=start,
        policy=current_policy())
    if problems:
        raise RuleViolation(problems[0].rule, problems[0].message, problems[0].message_en,
                            {"reason": "NOT_ELIGIBLE"})
    return successor


def rotate(user: Person, posting_id: int, successor_id: int, start: date, end: date | None,
           reason: str | None) -> Handover:
    """ORG-5: open the handover of ``posting`` to the successor; the leaving posting ends on ``end``.

    Does not commit. The unique key on ``handovers.leaving_posting_id`` keeps one rotation per posting."""
    posting = db.session.get(Posting, posting_id)
    if posting is None:
        raise NotFound("posting", "派驻记录")
    today = clock.today()
    if posting.end_date is not None and posting.end_date < today or posting.handover is not None:
        raise Conflict("POSTING_NOT_OPEN", "该派驻已结束或已在交接中",
                       "this posting has ended or is already handed over", {"rule": "ORG-5"})
    if start < max(today, posting.start_date):
        raise RuleViolation("ORG-5", "交接开始日期不能早于今天或原派驻开始日期",
                            "the handover cannot start before today or the posting's start",
                            {"reason": "START_IN_PAST"})
    horizon = timedelta(days=MAX_AHEAD_DAYS)
    if start > today + horizon or (end is not None and end > start + horizon):
        raise RuleViolation("ORG-5", f"交接开始须在{MAX_AHEAD_DAYS}天内，交接期不超过{MAX_AHEAD_DAYS}天",
                            f"a handover starts within {MAX_AHEAD_DAYS} days and lasts at most {MAX_AHEAD_DAYS} days",
                            {"reason": "TOO_FAR"})
    end = end or default_handover_end(start)
    planned_end = posting.planned_end_date or default_term_end(posting.start_date)
    days, problems = check_handover(start, end, planned_end, reason)
    if problems:
        raise _refuse(problems[0], working_days=days, required=current_policy().handover_working_days,
                      earliest_end=default_handover_end(start).isoformat(), planned_end_date=planned_end.isoformat())
    successor = _successor(successor_id, posting, start)
    new = Posting(person_id=successor.id, village_id=posting.village_id, role=posting.role, start_date=start,
                  planned_end_date=default_term_end(start), note=f"接任（ORG-5 交接，posting {posting.id}）")
    posting.end_date = end
    posting.ended_reason = f"rotation: {reason}" if reason else "rotation: term end"
    db.session.add(new)
    db.session.flush()
    handover = Handover(leaving_posting_id=posting.id, successor_posting_id=new.id, start_date=start, end_date=end,
                        working_days=days, reason=reason if end < planned_end else None, created_by_id=user.id)
    db.session.add(handover)
    db.session.flush()
    organisation_changed.send(None)
    return handover


def ending_query(user: Person, within_days: int) -> Select:
    """ORG-5: postings whose term (or set end) falls within ``within_days`` from today — the city office
    all, a town secretary those of their town — with the handover of each, if any."""
    today = clock.today()
    ends = func.coalesce(Posting.end_date, Posting.planned_end_date)
    stmt = (select(Posting).join(Village, Village.id == Posting.village_id)
            .where(ends >= today, ends <= today + timedelta(days=within_days))
            .options(joinedload(Posting.person), joinedload(Posting.village).joinedload(Village.town),
                     selectinload(Posting.handover).joinedload(Handover.successor).joinedload(Posting.person)))
    if user.role == "town_secretary":
        stmt = stmt.where(Village.town_id == user.town_id)
    return stmt
