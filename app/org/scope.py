"""ORG-2: the one place that decides which people and villages a caller may see.

Every endpoint that returns or changes someone's records asks here. Out of scope answers 404,
never 403, so nobody learns that another team's or town's records exist.

- member: records of their own; the directory of their team
- leader: their team (everyone posted to a village they currently lead)
- town_secretary: everyone posted in their town, and the town's own staff
- city_admin: everyone
- unit_viewer: the people of their dispatching unit, read-only
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import ColumnElement, Select, or_, select, true

from app import clock
from app.errors import NotFound
from app.extensions import db
from app.org.models import Person, Posting, Village

READ_ONLY_ROLES = ("unit_viewer",)


def _covering(day: date):
    return (Posting.start_date <= day) & (or_(Posting.end_date.is_(None), Posting.end_date >= day))


def current_village_ids(person: Person, role: str | None = None, on: date | None = None) -> Select:
    """Villages where ``person`` holds a posting (of ``role``, if given) covering ``on``."""
    stmt = select(Posting.village_id).where(Posting.person_id == person.id, _covering(on or clock.today()))
    if role:
        stmt = stmt.where(Posting.role == role)
    return stmt


def visible_person_ids(user: Person, purpose: str = "records") -> Select | None:
    """A SELECT of the person ids ``user`` may see, or None for everyone.

    ``purpose`` is "records" (check-ins, logs, leave, attendance) or "directory" (names and
    postings): a member sees only their own records but may look up their teammates.
    """
    if user.role == "city_admin":
        return None
    if user.role == "town_secretary":
        in_town = select(Posting.person_id).join(Village, Village.id == Posting.village_id).where(
            Village.town_id == user.town_id)
        return in_town.union(select(Person.id).where(Person.town_id == user.town_id))
    if user.role == "unit_viewer":
        return select(Person.id).where(Person.unit_id == user.unit_id)
    if user.role == "leader" or (user.role == "member" and purpose == "directory"):
        team_role = "leader" if user.role == "leader" else None
        team = select(Posting.person_id).where(Posting.village_id.in_(current_village_ids(user, team_role)))
        return team.union(select(Person.id).where(Person.id == user.id))
    return select(Person.id).where(Person.id == user.id)


def person_clause(user: Person, column, purpose: str = "records") -> ColumnElement[bool]:
    """A WHERE clause restricting ``column`` (a person id column) to what ``user`` may see."""
    ids = visible_person_ids(user, purpose)
    return true() if ids is None else column.in_(ids)


def visible_person(user: Person, person_id: int, purpose: str = "records") -> Person:
    """The person with ``person_id`` if ``user`` may see them, else NOT_FOUND (404)."""
    person = db.session.scalar(
        select(Person).where(Person.id == person_id, person_clause(user, Person.id, purpose)))
    if person is None:
        raise NotFound("person", "人员")
    return person


def village_clause(user: Person) -> ColumnElement[bool]:
    """A WHERE clause on ``Village`` restricting it to the villages ``user`` may see."""
    if user.role == "city_admin":
        return true()
    if user.role == "town_secretary":
        return Village.town_id == user.town_id
    if user.role == "unit_viewer":
        unit_people = select(Person.id).where(Person.unit_id == user.unit_id)
        return Village.id.in_(select(Posting.village_id).where(Posting.person_id.in_(unit_people)))
    return Village.id.in_(current_village_ids(user))


def visible_village(user: Person, village_id: int) -> Village:
    village = db.session.scalar(select(Village).where(Village.id == village_id, village_clause(user)))
    if village is None:
        raise NotFound("village", "村")
    return village
