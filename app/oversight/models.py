"""INSPECT-1: a roll call (随机点名) and the cadres it calls, each waiting, answered or silent."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Boolean, Date, Float, ForeignKey, Index, String, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.dbtypes import UTCDateTime
from app.extensions import db
from app.org.models import Person, Town, Village

ANSWER_STATUSES = ("waiting", "answered", "silent")


class RollCall(db.Model):
    """One call by a town secretary or the city office; ``closed_at`` is set once, by the close job
    (a conditional UPDATE: two schedulers cannot both close and alert)."""

    __tablename__ = "roll_calls"
    __table_args__ = (Index("ix_roll_calls_open", "closed_at", "answer_by"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    caller_id: Mapped[int] = mapped_column(ForeignKey("people.id"))
    town_id: Mapped[int | None] = mapped_column(ForeignKey("towns.id"), index=True)  # None: city-wide
    drawn: Mapped[bool] = mapped_column(Boolean, default=False)  # drawn at random, or chosen
    called_at: Mapped[datetime] = mapped_column(UTCDateTime)
    answer_by: Mapped[datetime] = mapped_column(UTCDateTime)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    caller: Mapped[Person] = relationship()
    town: Mapped[Town | None] = relationship()
    people: Mapped[list[RollCallPerson]] = relationship(back_populates="roll_call", order_by="RollCallPerson.id")


class RollCallPerson(db.Model):
    """A cadre called by a roll call. ``in_window`` is true while the call's answer window is open:
    the partial unique index on (person_id) where ``in_window`` is the 409 guard — no cadre is in two
    open windows, whatever the races (INSPECT-1). ``called_at``/``answer_by`` are copied from the call
    so that a check-in answers with one UPDATE (app/oversight/service.py)."""

    __tablename__ = "roll_call_people"
    __table_args__ = (
        Index("uq_roll_call_people_in_window", "person_id", unique=True,
              sqlite_where=text("in_window"), postgresql_where=text("in_window")),
        Index("ix_roll_call_people_call", "roll_call_id"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    roll_call_id: Mapped[int] = mapped_column(ForeignKey("roll_calls.id"))
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id"))
    village_id: Mapped[int] = mapped_column(ForeignKey("villages.id"))
    town_id: Mapped[int] = mapped_column(ForeignKey("towns.id"), index=True)
    called_at: Mapped[datetime] = mapped_column(UTCDateTime)
    answer_by: Mapped[datetime] = mapped_column(UTCDateTime)
    in_window: Mapped[bool] = mapped_column(Boolean)
    status: Mapped[str] = mapped_column(String(10))  # waiting | answered | silent
    answered_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    checkin_id: Mapped[int | None] = mapped_column(ForeignKey("checkins.id"))

    roll_call: Mapped[RollCall] = relationship(back_populates="people")
    person: Mapped[Person] = relationship()
    village: Mapped[Village] = relationship()


VISIT_KINDS = ("spot_check", "inspection", "leader_visit", "condolence_visit")


class OversightVisit(db.Model):
    """INSPECT-2, VISIT-1: one oversight act — a town's spot check (抽查), a city inspection (督查指导),
    a unit leader's visit (调研指导) or a unit's visit to its cadres (走访慰问). Recorded with a check-in
    at the village by the inspector's account (``status``/``reason`` as CHK-3: a fix outside the fence
    is kept and ``counts`` is false), or by a roll call (``roll_call_id``, which counts)."""

    __tablename__ = "oversight_visits"
    __table_args__ = (Index("ix_oversight_visits_day", "day", "kind"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(20))
    rule: Mapped[str] = mapped_column(String(12))
    by_id: Mapped[int] = mapped_column(ForeignKey("people.id"))
    town_id: Mapped[int | None] = mapped_column(ForeignKey("towns.id"))  # spot checks: the town doing it
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("units.id"))  # unit visits: the unit doing it
    village_id: Mapped[int | None] = mapped_column(ForeignKey("villages.id"))  # None for a roll call
    roll_call_id: Mapped[int | None] = mapped_column(ForeignKey("roll_calls.id"), unique=True)
    day: Mapped[date] = mapped_column(Date)
    captured_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime)
    status: Mapped[str] = mapped_column(String(10))  # accepted | rejected
    reason: Mapped[str | None] = mapped_column(String(20))
    distance_m: Mapped[float | None] = mapped_column(Float)
    counts: Mapped[bool] = mapped_column(Boolean)
    note: Mapped[str | None] = mapped_column(String(500))

    by: Mapped[Person] = relationship()
    village: Mapped[Village | None] = relationship()
