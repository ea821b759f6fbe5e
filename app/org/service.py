"""Organisation queries that need the database: team composition (ORG-3) and the directory —
who leads a team, who supervises it, who is the city office. Who may see whom is ``scope.py`` (ORG-2)."""

from __future__ import annotations

from datetime import date

from sqlalchemy import func, or_, select
from sqlalchemy.orm import joinedload

from app import clock
from app.extensions import db
from app.org.models import Person, Posting, Village
from app.org.rules import team_shortfall
from app.org.scope import village_clause
from app.policy import current_policy


def composition_report(user: Person, on: date | None = None) -> list[dict]:
    """ORG-3: every village in ``user``'s scope whose team on ``on`` falls short."""
    on = on or clock.today()
    counts = dict(
        ((village_id, role), n) for village_id, role, n in db.session.execute(
            select(Posting.village_id, Posting.role, func.count())
            .where(Posting.start_date <= on, or_(Posting.end_date.is_(None), Posting.end_date >= on))
            .group_by(Posting.village_id, Posting.role)))
    report = []
    villages = db.session.scalars(select(Village).where(village_clause(user)).options(joinedload(Village.town))
                                  .order_by(Village.id))
    for village in villages:
        leaders, members = counts.get((village.id, "leader"), 0), counts.get((village.id, "member"), 0)
        shortfall = team_shortfall(village.types, leaders, members, current_policy())
        if shortfall is None:
            continue
        message, message_en = shortfall.describe()
        report.append({"village": village, "town": village.town, "types": village.types, "leaders": leaders,
                       "members": members, "leaders_needed": shortfall.leaders_needed,
                       "members_needed": shortfall.members_needed, "message": message,
                       "message_en": message_en})
    return report


def team_leaders(village_id: int, on: date | None = None) -> list[Person]:
    """The leaders (第一书记) posted to ``village_id`` on ``on`` (several during a handover, ORG-5)."""
    on = on or clock.today()
    return list(db.session.scalars(
        select(Person).join(Posting, Posting.person_id == Person.id)
        .where(Posting.village_id == village_id, Posting.role == "leader", Posting.start_date <= on,
               or_(Posting.end_date.is_(None), Posting.end_date >= on))
        .order_by(Posting.start_date, Person.id)))


def supervisors(village: Village, day: date) -> list[Person]:
    """Who hears about a team's problem: the team's leaders on ``day`` and the town secretaries."""
    return team_leaders(village.id, day) + town_secretaries(village.town_id)


def town_secretaries(town_id: int) -> list[Person]:
    return list(db.session.scalars(select(Person).where(
        Person.role == "town_secretary", Person.town_id == town_id).order_by(Person.id)))


def city_admins() -> list[Person]:
    return list(db.session.scalars(select(Person).where(Person.role == "city_admin").order_by(Person.id)))
