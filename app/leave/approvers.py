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


def held_steps_clause(person: Person, on: date | None = None, step_model=LeaveStep,
                      request_model=LeaveRequest) -> ColumnElement[bool]:
    """A WHERE clause on (``step_model``, ``request_model``): the steps whose role ``person`` holds on
    ``on``. The models are a leave's by default; an attendance correction (CHK-9) passes its own."""
    on = on or clock.today()
    if person.role == "leader":
        return and_(step_model.role == "leader",
                    request_model.village_id.in_(current_village_ids(person, "leader", on)))
    if person.role == "town_secretary" and person.town_id is not None:
        return and_(step_model.role == "town_secretary",
                    request_model.village_id.in_(select(Village.id).where(Village.town_id == person.town_id)))
    if person.role == "city_admin":
        return step_model.role == "city_admin"
    return false()


def _models(step) -> tuple:
    step_model = type(step)
    return step_model, step_model.request.property.mapper.class_


def holds_step(person: Person, step, on: date | None = None) -> bool:
    """LV-4: ``person`` holds ``step``'s role for its request on ``on`` (default today)."""
    step_model, request_model = _models(step)
    return db.session.scalar(
        select(step_model.id).join(request_model, request_model.id == step_model.request_id)
        .where(step_model.id == step.id, held_steps_clause(person, on, step_model, request_model))) is not None


def waiting_on(person: Person, on: date | None = None, step_model=LeaveStep,
               request_model=LeaveRequest) -> ColumnElement[bool]:
    """A WHERE clause on (``step_model``, ``request_model``): pending steps ``person`` may decide on ``on``."""
    return and_(step_model.approver_id == person.id, step_model.status == "pending",
                request_model.status == "pending", held_steps_clause(person, on, step_model, request_model))


def decided_by(person: Person, step_model=LeaveStep, request_model=LeaveRequest) -> ColumnElement[bool]:
    """A WHERE clause on ``request_model``: requests with a step ``person`` decided (their own record)."""
    return request_model.id.in_(select(step_model.request_id).where(
        step_model.approver_id == person.id, or_(step_model.status == "approved", step_model.status == "rejected")))
