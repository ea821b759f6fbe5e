"""ORG-2 for boards: which postings a caller's board covers, narrowed by ``town_id``/``village_id``.

A member has no board (403); a town or village outside the caller's scope answers 404 (API.md:
never reveal another town's records).
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import ColumnElement, or_, select

from app.errors import Forbidden, NotFound
from app.extensions import db
from app.org.models import Person, Posting, Town, Village
from app.org.scope import person_clause, village_clause, visible_village

BOARD_ROLES = ("leader", "town_secretary", "city_admin", "unit_viewer")


def overlapping(start: date, end: date) -> ColumnElement[bool]:
    """A posting that covers at least one day of [start, end]."""
    return (Posting.start_date <= end) & or_(Posting.end_date.is_(None), Posting.end_date >= start)


def visible_town(user: Person, town_id: int) -> Town:
    """A town the caller sees at least one village of, else NOT_FOUND."""
    town = db.session.scalar(select(Town).where(
        Town.id == town_id, Town.id.in_(select(Village.town_id).where(village_clause(user)))))
    if town is None:
        raise NotFound("town", "镇")
    return town


def board_clauses(user: Person, town_id: int | None, village_id: int | None) -> list[ColumnElement[bool]]:
    """VIEW-1/VIEW-2 scope as WHERE clauses on ``Posting`` joined to ``Village``: the caller's team,
    town, city or unit (ORG-2), narrowed to a town or a village of it."""
    if user.role not in BOARD_ROLES:
        raise Forbidden("BOARD_NOT_ALLOWED", "工作队员无权查看看板", "a member has no board", rule="VIEW-1")
    clauses = [person_clause(user, Posting.person_id), village_clause(user)]
    if town_id is not None:
        clauses.append(Village.town_id == visible_town(user, town_id).id)
    if village_id is not None:
        clauses.append(Village.id == visible_village(user, village_id).id)
    return clauses
