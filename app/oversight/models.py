"""INSPECT-1: a roll call (随机点名) and the cadres it calls, each waiting, answered or silent."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, Index, String, text
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
