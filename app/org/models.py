"""ORG-1..4: the city's towns, villages and their fences, dispatching units, people, postings."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON, Boolean, Date, Float, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app import clock
from app.dbtypes import UTCDateTime
from app.extensions import db

ROLES = ("member", "leader", "town_secretary", "city_admin", "unit_viewer")
POSTED_ROLES = ("member", "leader")
SOURCES = ("civil_servant", "institution", "soe", "temporary", "public_welfare", "seconded", "logistics")


class Town(db.Model):
    """镇/街道 (ORG-1). ``wecom_webhook`` is the town's WeCom group robot for town-level alerts."""

    __tablename__ = "towns"
    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(100))
    wecom_webhook: Mapped[str | None] = mapped_column(String(500))

    villages: Mapped[list[Village]] = relationship(back_populates="town", order_by="Village.id")


class Unit(db.Model):
    """派出单位, the dispatching unit a cadre comes from (ORG-1)."""

    __tablename__ = "units"
    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(100))
    # PAY-1: the unit's travel-meal rate in fen (0.01 yuan) per attendance day (the policy default when None).
    meal_rate_fen: Mapped[int | None] = mapped_column(Integer)


class Village(db.Model):
    """村 (ORG-1) with its types (ORG-3) and fences (CHK-1)."""

    __tablename__ = "villages"
    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(64), unique=True)
    town_id: Mapped[int] = mapped_column(ForeignKey("towns.id"), index=True)
    name: Mapped[str] = mapped_column(String(100))
    types: Mapped[list[str]] = mapped_column(JSON, default=list)
    distance_tier: Mapped[str | None] = mapped_column(String(20))  # PAY-1: a tier of transport_allowance_yuan_by_tier

    town: Mapped[Town] = relationship(back_populates="villages")
    fences: Mapped[list[Fence]] = relationship(back_populates="village", order_by="Fence.id",
                                               cascade="all, delete-orphan")


class Fence(db.Model):
    """A village geofence in WGS-84 (CHK-1). ``source`` keeps what was entered, for audit (CHK-2)."""

    __tablename__ = "fences"
    id: Mapped[int] = mapped_column(primary_key=True)
    village_id: Mapped[int] = mapped_column(ForeignKey("villages.id"), index=True)
    kind: Mapped[str] = mapped_column(String(10))  # circle | polygon
    center_lat: Mapped[float | None] = mapped_column(Float)
    center_lon: Mapped[float | None] = mapped_column(Float)
    radius_m: Mapped[float | None] = mapped_column(Float)
    points: Mapped[list[list[float]] | None] = mapped_column(JSON)  # [[lat, lon], ...] WGS-84
    source: Mapped[dict] = mapped_column(JSON)  # the fence as entered, with its coord_system

    village: Mapped[Village] = relationship(back_populates="fences")


class Person(db.Model):
    """A user of the system in one role (ORG-2); cadres also have a dispatching unit (ORG-1)."""

    __tablename__ = "people"
    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(50))
    phone: Mapped[str | None] = mapped_column(String(20))
    role: Mapped[str] = mapped_column(String(20))
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("units.id"), index=True)
    town_id: Mapped[int | None] = mapped_column(ForeignKey("towns.id"), index=True)
    party_member: Mapped[bool] = mapped_column(Boolean, default=False)
    party_joined_on: Mapped[date | None] = mapped_column(Date)
    work_started_on: Mapped[date | None] = mapped_column(Date)
    source: Mapped[str | None] = mapped_column(String(20))
    openid: Mapped[str | None] = mapped_column(String(64), unique=True)
    unionid: Mapped[str | None] = mapped_column(String(64))
    bound_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Bumped to revoke every token issued before (e.g. on unbinding a lost phone).
    token_version: Mapped[int] = mapped_column(default=1)
    # RECALL-2: set when a recall is confirmed.
    no_promotion_until: Mapped[date | None] = mapped_column(Date)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)

    unit: Mapped[Unit | None] = relationship()
    town: Mapped[Town | None] = relationship()
    postings: Mapped[list[Posting]] = relationship(back_populates="person", order_by="Posting.start_date")

    def current_posting(self, on: date | None = None) -> Posting | None:
        """The posting that covers ``on`` (default today), or None."""
        on = on or clock.today()
        for posting in self.postings:
            if posting.covers(on):
                return posting
        return None


class Posting(db.Model):
    """A cadre's posting to a village team as leader or member; history is kept, never rewritten."""

    __tablename__ = "postings"
    __table_args__ = (
        UniqueConstraint("person_id", "village_id", "start_date"),
        Index("ix_postings_village_dates", "village_id", "start_date", "end_date"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id"), index=True)
    village_id: Mapped[int] = mapped_column(ForeignKey("villages.id"))
    role: Mapped[str] = mapped_column(String(10))  # leader | member
    start_date: Mapped[date] = mapped_column(Date)
    end_date: Mapped[date | None] = mapped_column(Date)
    # ORG-5: the last day of the planned term (start + term_min_years by default); set on every posting.
    planned_end_date: Mapped[date | None] = mapped_column(Date, index=True)
    ended_reason: Mapped[str | None] = mapped_column(Text)
    note: Mapped[str | None] = mapped_column(Text)

    person: Mapped[Person] = relationship(back_populates="postings")
    village: Mapped[Village] = relationship()
    #: ORG-5: the handover this posting leaves through, if it is being rotated.
    handover: Mapped[Handover | None] = relationship(
        primaryjoin="Handover.leaving_posting_id == Posting.id", viewonly=True, uselist=False)

    def covers(self, day: date) -> bool:
        return self.start_date <= day and (self.end_date is None or day <= self.end_date)


class Handover(db.Model):
    """ORG-5: a rotation — the successor's posting overlaps the leaving one for at least
    ``handover_working_days`` working days, and the leaving posting ends on ``end_date``, not before.
    One handover per leaving posting and per successor posting (unique keys)."""

    __tablename__ = "handovers"
    id: Mapped[int] = mapped_column(primary_key=True)
    leaving_posting_id: Mapped[int] = mapped_column(ForeignKey("postings.id"), unique=True)
    successor_posting_id: Mapped[int] = mapped_column(ForeignKey("postings.id"), unique=True)
    start_date: Mapped[date] = mapped_column(Date)
    end_date: Mapped[date] = mapped_column(Date)
    working_days: Mapped[int] = mapped_column()
    reason: Mapped[str | None] = mapped_column(String(20))  # health | transfer_out (early); None at term end
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("people.id"))  # None: the org import
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)

    leaving: Mapped[Posting] = relationship(foreign_keys=[leaving_posting_id])
    successor: Mapped[Posting] = relationship(foreign_keys=[successor_posting_id])


class InviteCode(db.Model):
    """A one-time code that binds a WeChat account to a person; only its HMAC is stored."""

    __tablename__ = "invite_codes"
    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id"), index=True)
    code_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
