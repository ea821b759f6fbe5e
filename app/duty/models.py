"""DUTY-1..3: duty assignments and the record of every change."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app import clock
from app.dbtypes import UTCDateTime
from app.extensions import db
from app.org.models import Person, Village

CHANGE_KINDS = ("assigned", "repaired", "removed", "swapped", "cancelled")


class DutyAssignment(db.Model):
    """DUTY-1/2: a cadre on duty in their village on a non-working day (a working day for them, DUTY-3)."""

    __tablename__ = "duty_assignments"
    __table_args__ = (
        UniqueConstraint("village_id", "day", "person_id"),
        Index("ix_duty_assignments_person_day", "person_id", "day"),
        Index("ix_duty_assignments_day", "day"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    village_id: Mapped[int] = mapped_column(ForeignKey("villages.id"))
    day: Mapped[date] = mapped_column(Date)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)

    person: Mapped[Person] = relationship()
    village: Mapped[Village] = relationship()


class DutyChange(db.Model):
    """DUTY-2: the record of every roster change — who, when, what and why.

    ``kind``: ``assigned`` (the roster job), ``repaired`` (the assignee became unavailable and
    someone else took the day), ``removed`` (unavailable, and nobody could take it), ``swapped``
    (by the leader), ``cancelled`` (the calendar changed and the day is a working day now).
    ``changed_by`` is empty for the roster job.
    """

    __tablename__ = "duty_changes"
    __table_args__ = (Index("ix_duty_changes_village_day", "village_id", "day"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    village_id: Mapped[int] = mapped_column(ForeignKey("villages.id"))
    day: Mapped[date] = mapped_column(Date)
    kind: Mapped[str] = mapped_column(String(20))
    person_id: Mapped[int | None] = mapped_column(ForeignKey("people.id"))
    previous_person_id: Mapped[int | None] = mapped_column(ForeignKey("people.id"))
    reason: Mapped[str] = mapped_column(Text)
    changed_by_id: Mapped[int | None] = mapped_column(ForeignKey("people.id"))
    changed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)

    person: Mapped[Person | None] = relationship(foreign_keys=[person_id])
    previous_person: Mapped[Person | None] = relationship(foreign_keys=[previous_person_id])
    changed_by: Mapped[Person | None] = relationship(foreign_keys=[changed_by_id])
