"""Check-in: load the caller, posting, fences and previous fix, call ``geofence.decide``, store, replay.

CHK-7 idempotency rests on the unique constraint ``(person_id, idempotency_key)``, not on a
check-then-insert: two copies of one request racing each other both try to insert; the loser's
``INSERT … ON CONFLICT DO NOTHING`` inserts nothing (it waits for the winner's transaction), and it
answers the winner's stored record as a replay — no error, nothing to roll back.

This is the hottest write path (every cadre, every morning; issue 3, BENCHMARKS.md): one SELECT
(``load_facts``) and one INSERT … RETURNING per check-in, both prebuilt SQLAlchemy Core
statements executed on the session's connection (no ORM unit of work, identity map or statement
construction per request), then the route's durable COMMIT.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from functools import lru_cache
from typing import Any, NamedTuple

from sqlalchemy import and_, bindparam, func, or_, select, true
from sqlalchemy.dialects import postgresql, sqlite

from app import clock
from app.checkin.models import Checkin
from app.checkin.rules import checkin_message, request_fingerprint
from app.errors import Conflict
from app.extensions import db
from app.org.models import Fence, Person, Posting, Village
from app.policy import current_policy
from app.signals import checkin_recorded, day_data_changed
from app.uploads.service import attach_own
from geofence import CircleFence, Decision, Fix, decide, polygon, to_wgs84
from geofence.fences import Fence as GeoFence


@dataclass(frozen=True)
class Outcome:
    """The answer of a check-in (API.md) and whether this request only replayed it (CHK-7)."""

    answer: dict[str, Any]
    replayed: bool


class PostedVillage(NamedTuple):
    id: int
    name: str


@dataclass(frozen=True)
class CheckinFacts:
    """What deciding a check-in needs, read in one query (``load_facts``).

    ``caller`` is the person's (token_version, role), None when the person does not exist;
    ``posted`` lists (fence or None, village) for the postings covering the capture day, newest
    posting first (CHK-3); ``previous`` is the accepted fix just before the capture (CHK-5).
    """

    person_id: int
    caller: tuple[int, str] | None
    posted: list[tuple[GeoFence | None, PostedVillage]]
    previous: Fix | None


def submit_checkin(facts: CheckinFacts, key: str, data: dict[str, Any]) -> Outcome:
    """CHK-3..8: decide and store a check-in, or replay the one stored under ``key``.

    The insert is optimistic: a retry is rare, so the unique constraint, not a prior lookup,
    finds it (one query fewer on the hot path, and correct under races by construction).
    """
    fingerprint = request_fingerprint(data)
    person_id = facts.person_id
    if data["photo_id"] is not None:
        attach_own(db.session.get_one(Person, person_id), [data["photo_id"]])
    row = _decide(facts, data)
    row.update(person_id=person_id, idempotency_key=key, request_hash=fingerprint)
    connection = db.session.connection()
    row["id"] = connection.execute(_INSERT[connection.dialect.name], row).scalar()
    if row["id"] is None:  # the key is taken: this request was sent before (CHK-7)
        stored = _stored(person_id, key)
        if stored is None:
            raise RuntimeError("a check-in key conflicted with no stored check-in")
        return _replay(stored, fingerprint)
    if row["day"] < clock.today():  # ATT-5: late data for a past day is re-evaluated
        day_data_changed.send(None, person_id=person_id, days=[row["day"]])
    checkin_recorded.send(None, person_id=person_id, checkin_id=row["id"], status=row["status"],
                          captured_at=row["captured_at"], received_at=row["received_at"], photo_id=row["photo_id"])
    return Outcome({name: row[name] for name in ANSWER_FIELDS}, replayed=False)


ANSWER_FIELDS = ("id", "status", "reason", "message", "message_en", "distance_m", "day")
# The new id comes back with the INSERT (RETURNING): no second statement reads the row back. A taken
# key inserts nothing and returns no row.
_INSERT = {name: dialect.insert(Checkin.__table__)
           .on_conflict_do_nothing(index_elements=["person_id", "idempotency_key"]).returning(Checkin.id)
           for name, dialect in (("postgresql", postgresql), ("sqlite", sqlite))}


def _stored(person_id: int, key: str) -> Checkin | None:
    return db.session.scalar(select(Checkin).where(Checkin.person_id == person_id,
                                                   Checkin.idempotency_key == key))


def _replay(existing: Checkin, fingerprint: str) -> Outcome:
    if existing.request_hash != fingerprint:
        raise Conflict("IDEMPOTENCY_CONFLICT", "该幂等键已用于另一条不同的打卡，请生成新的键",
                       "this Idempotency-Key was already used for a different check-in", {"rule": "CHK-7"})
    return Outcome(existing.answer, replayed=True)


def _decide(facts: CheckinFacts, data: dict[str, Any]) -> dict[str, Any]:
    """The columns of the check-in row: the fix as sent and converted, and the decision (CHK-3..6)."""
    policy, now = current_policy(), clock.now()
    captured_at: datetime = data["captured_at"]
    lat, lon = to_wgs84(data["lat"], data["lon"], data["coord_system"])
    fix = Fix(lat, lon, data["accuracy_m"], captured_at, data["mock_location"])
    posted = facts.posted
    fences = [fence for fence, _ in posted if fence is not None] if posted else None
    owners = [village for fence, village in posted if fence is not None]
    decision = decide(fix, fences, facts.previous, now, policy)
    village = _village_of(decision, owners, [village for _, village in posted])
    message, message_en = checkin_message(decision, village.name if village else None, policy)
    distance = None if decision.distance_m is None else round(decision.distance_m, 1)
    return dict(day=clock.business_day(captured_at), captured_at=captured_at, received_at=now,
                status=decision.status, reason=decision.reason, message=message, message_en=message_en,
                distance_m=distance, village_id=village.id if village else None, lat=data["lat"],
                lon=data["lon"], coord_system=data["coord_system"], lat_wgs84=lat, lon_wgs84=lon,
                accuracy_m=data["accuracy_m"], mock_location=data["mock_location"],
                device_id=data["device_id"], photo_id=data["photo_id"])


def load_facts(person_id: int, captured_at: datetime) -> CheckinFacts:
    """The caller, their postings' fences on the capture day and their previous accepted fix,
    in one SELECT (``_FACTS``): one row per fence of each posted village (one with no fence
    columns for a village without fences, one with no posting columns when not posted)."""
    rows = db.session.connection().execute(_FACTS, {
        "person_id": person_id, "day": clock.business_day(captured_at), "captured_at": captured_at}).all()
    if not rows:
        return CheckinFacts(person_id, None, [], None)
    first = rows[0]
    previous = None if first.prev_lat is None else Fix(first.prev_lat, first.prev_lon, first.prev_accuracy,
                                                       first.prev_captured)
    posted = [(None if row.kind is None else geo_fence(row), PostedVillage(row.village_id, row.village_name))
              for row in rows if row.village_id is not None]
    return CheckinFacts(person_id, (first.token_version, first.role), posted, previous)


def _facts_statement():
    """CHK-3/CHK-5 and the caller (ORG-2) as one statement, built once.

    The previous accepted fix is an uncorrelated derived table (the person is a bound parameter)
    joined ON TRUE: one probe of ``ix_checkins_person_captured`` on SQLite and PostgreSQL alike,
    whatever the size of the table.
    """
    people, postings, villages = Person.__table__.c, Posting.__table__.c, Village.__table__.c
    fences, checkins = Fence.__table__.c, Checkin.__table__.c
    person_id = bindparam("person_id", type_=people.id.type)
    day = bindparam("day", type_=postings.start_date.type)
    previous = (select(checkins.lat_wgs84.label("prev_lat"), checkins.lon_wgs84.label("prev_lon"),
                       checkins.accuracy_m.label("prev_accuracy"), checkins.captured_at.label("prev_captured"))
                .where(checkins.person_id == person_id, checkins.status == "accepted",
                       checkins.captured_at <= bindparam("captured_at", type_=checkins.captured_at.type))
                .order_by(checkins.captured_at.desc(), checkins.id.desc()).limit(1).subquery("previous"))
    posting = and_(postings.person_id == people.id, postings.start_date <= day,
                   or_(postings.end_date.is_(None), postings.end_date >= day))
    return (select(people.token_version, people.role, villages.id.label("village_id"),
                   villages.name.label("village_name"), fences.kind, fences.center_lat, fences.center_lon,
                   fences.radius_m, fences.points, previous)
            .select_from(Person.__table__)
            .outerjoin(Posting.__table__, posting)
            .outerjoin(Village.__table__, villages.id == postings.village_id)
            .outerjoin(Fence.__table__, fences.village_id == villages.id)
            .outerjoin(previous, true())
            .where(people.id == person_id)
            .order_by(postings.start_date.desc(), villages.id, fences.id))


_FACTS = _facts_statement()


def geo_fence(fence: Any) -> GeoFence:
    """The geofence object of a stored fence, a ``Fence`` or a row of its columns (CHK-1: WGS-84)."""
    if fence.kind == "circle":
        return CircleFence(fence.center_lat, fence.center_lon, fence.radius_m)
    return _polygon(tuple(tuple(p) for p in fence.points or ()))


@lru_cache(maxsize=4096)
def _polygon(points: tuple[tuple[float, float], ...]) -> GeoFence:
    return polygon(points)


def _village_of(decision: Decision, owners: list[PostedVillage],
                villages: list[PostedVillage]) -> PostedVillage | None:
    if decision.fence_index is not None and owners:
        return owners[decision.fence_index]
    return villages[0] if villages else None


def accepted_checkin_counts(day: date, person_ids: Iterable[int] | None = None,
                            before: datetime | None = None) -> dict[int, int]:
    """ATT-1/ATT-6/DUTY-3: accepted check-ins per person captured on business day ``day``.

    Only those captured before ``before`` when given; persons with none are absent from the dict.
    """
    stmt = (select(Checkin.person_id, func.count()).where(Checkin.day == day, Checkin.status == "accepted")
            .group_by(Checkin.person_id))
    if person_ids is not None:
        stmt = stmt.where(Checkin.person_id.in_(list(person_ids)))
    if before is not None:
        stmt = stmt.where(Checkin.captured_at < before)
    return {person_id: count for person_id, count in db.session.execute(stmt)}
