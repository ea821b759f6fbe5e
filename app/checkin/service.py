"""Check-in: load the posting, fences and previous fix, call ``geofence.decide``, store, replay.

CHK-7 idempotency rests on the unique constraint ``(person_id, idempotency_key)``, not on a
check-then-insert: two copies of one request racing each other both try to insert; the loser's
insert fails, it rolls back and answers the winner's stored record as a replay.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from functools import lru_cache
from typing import Any

from sqlalchemy import func, or_, select
from sqlalchemy.exc import IntegrityError

from app import clock
from app.checkin.models import Checkin
from app.checkin.rules import checkin_message, request_fingerprint
from app.errors import Conflict
from app.extensions import db
from app.org.models import Fence, Person, Posting, Village
from app.policy import current_policy
from app.signals import day_data_changed
from app.uploads.service import own_photos
from geofence import CircleFence, Decision, Fix, decide, polygon, to_wgs84
from geofence.fences import Fence as GeoFence


@dataclass(frozen=True)
class Outcome:
    """The answer of a check-in (API.md) and whether this request only replayed it (CHK-7)."""

    answer: dict[str, Any]
    replayed: bool


def submit_checkin(user: Person, key: str, data: dict[str, Any]) -> Outcome:
    """CHK-3..8: decide and store a check-in, or replay the one stored under ``key``. Commits.

    The insert is optimistic: a retry is rare, so the unique constraint, not a prior lookup,
    finds it (one query fewer on the hot path, and correct under races by construction).
    """
    fingerprint = request_fingerprint(data)
    if data["photo_id"] is not None:
        own_photos(user, [data["photo_id"]])
    person_id = user.id
    checkin = _decide_and_build(user, key, fingerprint, data)
    db.session.add(checkin)
    try:
        db.session.flush()
    except IntegrityError:
        db.session.rollback()
        stored = _stored(person_id, key)
        if stored is None:
            raise
        return _replay(stored, fingerprint)
    answer = checkin.answer
    if checkin.day < clock.today():  # ATT-5: late data for a past day is re-evaluated
        day_data_changed.send(None, person_id=person_id, days=[checkin.day])
    db.session.commit()
    return Outcome(answer, replayed=False)


def _stored(person_id: int, key: str) -> Checkin | None:
    return db.session.scalar(select(Checkin).where(Checkin.person_id == person_id,
                                                   Checkin.idempotency_key == key))


def _replay(existing: Checkin, fingerprint: str) -> Outcome:
    if existing.request_hash != fingerprint:
        raise Conflict("IDEMPOTENCY_CONFLICT", "该幂等键已用于另一条不同的打卡，请生成新的键",
                       "this Idempotency-Key was already used for a different check-in", {"rule": "CHK-7"})
    return Outcome(existing.answer, replayed=True)


def _decide_and_build(user: Person, key: str, fingerprint: str, data: dict[str, Any]) -> Checkin:
    policy, now = current_policy(), clock.now()
    captured_at: datetime = data["captured_at"]
    day = clock.business_day(captured_at)
    lat, lon = to_wgs84(data["lat"], data["lon"], data["coord_system"])
    fix = Fix(lat, lon, data["accuracy_m"], captured_at, data["mock_location"])
    posted = _posted_fences(user.id, day)
    fences = [geo_fence(fence) for fence, _ in posted if fence is not None] if posted else None
    owners = [village for fence, village in posted if fence is not None]
    decision = decide(fix, fences, _previous_accepted(user.id, captured_at), now, policy)
    village = _village_of(decision, owners, [village for _, village in posted])
    message, message_en = checkin_message(decision, village.name if village else None, policy)
    distance = None if decision.distance_m is None else round(decision.distance_m, 1)
    return Checkin(person_id=user.id, idempotency_key=key, request_hash=fingerprint, day=day,
                   captured_at=captured_at, received_at=now, status=decision.status, reason=decision.reason,
                   message=message, message_en=message_en, distance_m=distance,
                   village_id=village.id if village else None, lat=data["lat"], lon=data["lon"],
                   coord_system=data["coord_system"], lat_wgs84=lat, lon_wgs84=lon,
                   accuracy_m=data["accuracy_m"], mock_location=data["mock_location"],
                   device_id=data["device_id"], photo_id=data["photo_id"])


def _posted_fences(person_id: int, day: date) -> list[tuple[Fence | None, Village]]:
    """CHK-3: the fences of the villages of the person's postings covering ``day`` (one query);
    a posted village without fences appears once with None."""
    rows = db.session.execute(
        select(Fence, Village).select_from(Posting).join(Village, Village.id == Posting.village_id)
        .outerjoin(Fence, Fence.village_id == Village.id)
        .where(Posting.person_id == person_id, Posting.start_date <= day,
               or_(Posting.end_date.is_(None), Posting.end_date >= day))
        .order_by(Posting.start_date.desc(), Village.id, Fence.id))
    return [(fence, village) for fence, village in rows]


def geo_fence(fence: Fence) -> GeoFence:
    """The geofence object of a stored fence (CHK-1: stored in WGS-84)."""
    if fence.kind == "circle":
        return CircleFence(fence.center_lat, fence.center_lon, fence.radius_m)
    return _polygon(tuple(tuple(p) for p in fence.points or ()))


@lru_cache(maxsize=4096)
def _polygon(points: tuple[tuple[float, float], ...]) -> GeoFence:
    return polygon(points)


def _village_of(decision: Decision, owners: list[Village], villages: list[Village]) -> Village | None:
    if decision.fence_index is not None and owners:
        return owners[decision.fence_index]
    return villages[0] if villages else None


def _previous_accepted(person_id: int, captured_at: datetime) -> Fix | None:
    """CHK-5: the person's accepted check-in just before ``captured_at`` (by capture time)."""
    row = db.session.execute(
        select(Checkin.lat_wgs84, Checkin.lon_wgs84, Checkin.accuracy_m, Checkin.captured_at)
        .where(Checkin.person_id == person_id, Checkin.status == "accepted", Checkin.captured_at <= captured_at)
        .order_by(Checkin.captured_at.desc(), Checkin.id.desc()).limit(1)).first()
    return None if row is None else Fix(row.lat_wgs84, row.lon_wgs84, row.accuracy_m, row.captured_at)


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
