"""Reading leave requests within the caller's scope (ORG-2), and what an approver sees (LV-4..6)."""

from __future__ import annotations

from datetime import date

from sqlalchemy import Select, or_, select
from sqlalchemy.orm import joinedload, selectinload

from app import clock
from app.errors import NotFound
from app.extensions import db
from app.leave import rules
from app.leave.approvers import decided_by, waiting_on
from app.leave.models import LeaveRequest, LeaveStep
from app.leave.service import overdue_ids, year_totals
from app.org.models import Person
from app.org.scope import person_clause, visible_person
from app.policy import current_policy


def _visible(user: Person):
    """ORG-2: requests of people in the caller's scope, plus those with a step the caller decided.

    A step waiting on someone who no longer holds its role (LV-4) does not make the request
    visible to them; whoever holds the role has the requester in scope.
    """
    return or_(person_clause(user, LeaveRequest.person_id), decided_by(user))


def visible_request(user: Person, request_id: int) -> LeaveRequest:
    """The request if the caller may see it, else NOT_FOUND (404, never revealing it exists)."""
    request = db.session.scalar(select(LeaveRequest).where(LeaveRequest.id == request_id, _visible(user)))
    if request is None:
        raise NotFound("leave request", "请假申请")
    return request


def with_references():
    """What ``LeaveRequestOut`` names: the requester, the steps, their approvers (LV-4)."""
    return (joinedload(LeaveRequest.person),
            selectinload(LeaveRequest.steps).options(joinedload(LeaveStep.approver),
                                                     joinedload(LeaveStep.reassigned_from)))


def list_stmt(user: Person, args: dict) -> Select:
    """``GET /leave-requests`` filters: mine, status, kind, person_id, [from, to] overlap."""
    stmt = select(LeaveRequest).where(_visible(user)).options(*with_references())
    if args.get("mine"):
        stmt = stmt.where(LeaveRequest.person_id == user.id)
    if "person_id" in args:
        stmt = stmt.where(LeaveRequest.person_id == visible_person(user, args["person_id"]).id)
    if "status" in args:
        stmt = stmt.where(LeaveRequest.status == args["status"])
    if "kind" in args:
        stmt = stmt.where(LeaveRequest.kind == args["kind"])
    if "from_" in args:
        stmt = stmt.where(LeaveRequest.end_date >= args["from_"])
    if "to" in args:
        stmt = stmt.where(LeaveRequest.start_date <= args["to"])
    return stmt


def pending_stmt(user: Person) -> Select:
    """LV-4: the requests whose current step waits on the caller, while they hold its role today."""
    return select(LeaveRequest).join(LeaveStep, LeaveStep.request_id == LeaveRequest.id) \
        .where(waiting_on(user)).options(*with_references())  # one pending step per request


def annotate(requests: list[LeaveRequest]) -> list[LeaveRequest]:
    """Add what an approver must see: the year's leave so far, the LV-6 limit, overdue (LV-5).

    Two queries for the whole page (the year totals, the returns after leave). ``leave_days_this_year``
    is the requester's approved leave days in the year the request starts; ``leave_days_if_approved``
    adds a pending leave's own days there; ``would_exceed_leave_limit`` is true when approving (or
    having approved) takes any year it touches strictly over ``leave_cumulative_recall_over`` (LV-6).
    """
    limit, today = current_policy().leave_cumulative_recall_over, clock.today()
    years = {y for r in requests for y in range(r.start_date.year, r.end_date.year + 1)}
    totals = year_totals({r.person_id for r in requests}, years)
    overdue = overdue_ids(requests, today)
    for r in requests:
        r.leave_days_this_year = totals[(r.person_id, r.start_date.year)]["leave_days"]
        adding = {y: _own_days(r, y) if r.kind == "leave" and r.status == "pending" else 0.0
                  for y in range(r.start_date.year, r.end_date.year + 1)}
        r.leave_days_if_approved = r.leave_days_this_year + adding[r.start_date.year]
        r.would_exceed_leave_limit = r.kind == "leave" and r.status in ("pending", "approved") and any(
            rules.would_exceed(totals[(r.person_id, y)]["leave_days"], add, limit) for y, add in adding.items())
        r.overdue = r.id in overdue
        used = rules.days_in_window(r.start_date, r.covered_until, r.half_day, r.start_date, r.end_date)
        r.days_released = r.days - used if r.reported_back_on else 0.0
    return requests


def _own_days(request: LeaveRequest, year: int) -> float:
    return rules.days_in_window(request.start_date, request.covered_until, request.half_day,
                                date(year, 1, 1), date(year, 12, 31))
