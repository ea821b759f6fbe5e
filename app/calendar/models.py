"""DUTY-4: calendar overrides entered by the city office (versioned).

The calendar sits below the organisation: it records who entered an override by their id, and
names the mapped class ``Person`` only as a string that SQLAlchemy resolves in its registry.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING

from sqlalchemy import JSON, ForeignKey, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app import clock
from app.dbtypes import UTCDateTime
from app.extensions import db

if TYPE_CHECKING:  # for type checkers only: the calendar imports nothing of the organisation
    from app.org.models import Person


class CalendarOverride(db.Model):
    """DUTY-4: one version of a year's calendar entered by the city office (the newest is in force).

    Earlier versions are kept, never rewritten, with who entered them and when.
    """

    __tablename__ = "calendar_overrides"
    __table_args__ = (UniqueConstraint("year", "version"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    year: Mapped[int] = mapped_column()
    version: Mapped[int] = mapped_column()
    holidays: Mapped[list[str]] = mapped_column(JSON)  # ISO dates, ascending
    workdays: Mapped[list[str]] = mapped_column(JSON)  # ISO dates (调休 weekend days), ascending
    note: Mapped[str | None] = mapped_column(Text)
    entered_by_id: Mapped[int] = mapped_column(ForeignKey("people.id"))
    entered_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)

    entered_by: Mapped[Person] = relationship("Person")

    def dates(self) -> tuple[frozenset[date], frozenset[date]]:
        return (frozenset(date.fromisoformat(d) for d in self.holidays),
                frozenset(date.fromisoformat(d) for d in self.workdays))
