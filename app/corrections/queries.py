"""Reading corrections in the caller's scope (ORG-2) and the approver's one queue (LV-4, CHK-9).

``GET /approvals/pending`` lists leave and trip requests and corrections together, newest first:
the queue is answered here, above both packages, so the leave package need not know corrections.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta

from sqlalchemy import Select, literal, or_, select, union_all
from sqlalchemy.orm import joinedload, selectinload

from app.corrections.models import Correction, CorrectionStep
from app.corrections.service import COUNTED, rejected_attempts
from app.errors import NotFound
from app.extensions import db
from app.leave import queries as leave_queries
from app.leave.approvers import decided_by, waiting_on
from app.leave.models import LeaveRequest, LeaveStep
from app.org.models import Person
from app.org.scope import person_clause, visible_person
from app.pagination import keyset_page


def _visible(user: Person):
    """ORG-2: corrections of people in the caller's scope (the town secretary sees every one in the
    town, CHK-9), plus those with a step the caller decided."""
    return or_(person_clause(user, Correction.person_id), decided_by(user, CorrectionStep, Correction))


def _with_references():
    return (joinedload(Correction.person),
            selectinload(Correction.steps).options(joinedload(CorrectionStep.approver),
                                                   joinedload(CorrectionStep.reassigned_from)))


def visible_correction(user: Person, correction_id: int) -> Correction:
    found = db.session.scalar(select(Correction).where(Correction.id == correction_id, _visible(user)))
    if found is None:
        raise NotFound("correction", "补卡申请")
    return found


def list_stmt(user: Person, args: dict) -> Select:
    """``GET /corrections`` filters: person_id, status, [from, to] of the corrected day."""
    stmt = select(Correction).where(_visible(user)).options(*_with_references())
    if "person_id" in args:
        stmt = stmt.where(Correction.person_id == visible_person(user, args["person_id"]).id)
    if "status" in args:
        stmt = stmt.where(Correction.status == args["status"])
    if "from_" in args:
        stmt = stmt.where(Correction.day >= args["from_"])
    if "to" in args:
        stmt = stmt.where(Correction.day <= args["to"])
    return stmt


def annotate(corrections: list[Correction]) -> list[Correction]:
    """What the approver must see (CHK-9): the day's rejected attempts, and the month's corrections so
    far; two queries for the whole page."""
    attempts = rejected_attempts((c.person_id, c.day) for c in corrections)
    used = _month_counts(corrections)
    for c in corrections:
        c.attempts = attempts.get((c.person_id, c.day), [])
        c.corrections_this_month = used.get((c.person_id, c.day.year, c.day.month), 0)
    return corrections


def _month_counts(corrections: list[Correction]) -> dict[tuple[int, int, int], int]:
    """(person, year, month) → pending or approved corrections (CHK-9's monthly limit), one query."""
    counts: dict[tuple[int, int, int], int] = defaultdict(int)
    if corrections:
        lo = min(c.day for c in corrections).replace(day=1)
        hi = (max(c.day for c in corrections).replace(day=28) + timedelta(days=4)).replace(day=1)
        for person_id, day in db.session.execute(select(Correction.person_id, Correction.day).where(
                Correction.person_id.in_({c.person_id for c in corrections}), Correction.status.in_(COUNTED),
                Correction.day >= lo, Correction.day < hi)):
            counts[(person_id, day.year, day.month)] += 1
    return counts


def pending_page(user: Person, cursor: str | None, limit: int) -> dict:
    """LV-4: the leave requests and corrections whose current step waits on the caller, newest first."""
    leaves = (select(LeaveRequest.created_at.label("created_at"), literal(0).label("kind"),
                     LeaveRequest.id.label("id"))
              .join(LeaveStep, LeaveStep.request_id == LeaveRequest.id).where(waiting_on(user)))
    corrections = (select(Correction.created_at.label("created_at"), literal(1).label("kind"),
                          Correction.id.label("id"))
                   .join(CorrectionStep, CorrectionStep.request_id == Correction.id)
                   .where(waiting_on(user, None, CorrectionStep, Correction)))
    queue = union_all(leaves, corrections).subquery("queue")
    order = [(queue.c.created_at, True), (queue.c.kind, True), (queue.c.id, True)]
    page = keyset_page(select(queue.c.created_at, queue.c.kind, queue.c.id), order, cursor, limit, db.session,
                       rows=True)
    wanted = {kind: [r.id for r in page["items"] if r.kind == kind] for kind in (0, 1)}
    found = {}
    if wanted[0]:
        found.update({(0, r.id): r for r in leave_queries.annotate(list(db.session.scalars(
            select(LeaveRequest).where(LeaveRequest.id.in_(wanted[0])).options(*leave_queries.with_references()))))})
    if wanted[1]:
        found.update({(1, c.id): c for c in annotate(list(db.session.scalars(
            select(Correction).where(Correction.id.in_(wanted[1])).options(*_with_references()))))})
    return {"items": [found[(r.kind, r.id)] for r in page["items"]], "next_cursor": page["next_cursor"]}


def corrected_on(person_id: int, day: date) -> Correction | None:
    """The correction of ``person_id`` for ``day`` that decides it: the approved one, else the latest."""
    return db.session.scalar(select(Correction).where(Correction.person_id == person_id, Correction.day == day)
                             .order_by((Correction.status == "approved").desc(), Correction.id.desc()).limit(1))
