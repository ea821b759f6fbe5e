"""LV-1, LV-2, LV-4: who holds an approval step's role for a request on a given day.

A step names a role (``leader``, ``town_secretary``, ``city_admin``) and the person it was
resolved to. That person may decide it only while they still hold the role for the requester on
the day of the decision: the leader posted (as leader, in the role of leader) to the request's
village that day; a town secretary of that village's town; a city admin. An ended posting, a
secretary moved to another town or a person given another role loses the step at once; the
handover (``service.hand_over_waiting_steps``) gives it to whoever holds the role now.

The rule is one SQL clause, used for the approver's queue, the decision and the handover alike.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import ColumnElement, and_, false, or_, select

from app import clock
from app.extensions import db
from app.leave.models import LeaveRequest, LeaveStep
from app.org.models import Person, Village
from app.org.scope import current_village_ids


def held_steps_clause(person: Person, on: date | None = None) -> ColumnElement[bool]:
    """A WHERE clause on (``LeaveStep``, ``LeaveRequest``): the steps whose role ``person`` holds on ``on``."""
    on = on or clock.today()
    if person.role == "leader":
        return and_(LeaveStep.role == "leader",
                    LeaveRequest.village_id.in_(current_village_ids(person, "leader", on)))
    if person.role == "town_secretary" and person.town_id is not None:
        return and_(LeaveStep.role == "town_secretary",
                    LeaveRequest.village_id.in_(select(Village.id).where(Village.town_id == person.town_id)))
    if person.role == "city_admin":
        return LeaveStep.role == "city_admin"
    return false()


def holds_step(person: Person, step: LeaveStep, on: date | None = None) -> bool:
    """LV-4: ``person`` holds ``step``'s role for its request on ``on`` (default today)."""
    return db.session.scalar(
        select(LeaveStep.id).join(LeaveRequest, LeaveRequest.id == LeaveStep.request_id)
        .where(LeaveStep.id == step.id, held_steps_clause(person, on))) is not None


def waiting_on(person: Person, on: date | None = None) -> ColumnElement[bool]:
    """A WHERE clause on (``LeaveStep``, ``LeaveRequest``): pending steps that ``person`` may decide on ``on``."""
    return and_(LeaveStep.approver_id == person.id, LeaveStep.status == "pending",
                LeaveRequest.status == "pending", held_steps_clause(person, on))


def decided_by(person: Person) -> ColumnElement[bool]:
    """A WHERE clause on ``LeaveRequest``: requests with a step ``person`` decided (their own record)."""
    return LeaveRequest.id.in_(select(LeaveStep.request_id).where(
        LeaveStep.approver_id == person.id, or_(LeaveStep.status == "approved", LeaveStep.status == "rejected")))
