"""LOG-3/LOG-4: a missed log per due day without a log by the deadline, and its rectification."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.dbtypes import UTCDateTime
from app.extensions import db
from app.org.models import Person


class MissedLog(db.Model):
    """``open`` → ``fixed`` (back-filled by ``rectify_by``) or ``unfixed`` (拒绝整改)."""

    __tablename__ = "missed_logs"
    __table_args__ = (Index("ix_missed_logs_status_rectify", "status", "rectify_by"),)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id"), primary_key=True)
    day: Mapped[date] = mapped_column(Date, primary_key=True)
    status: Mapped[str] = mapped_column(String(8))
    rectify_by: Mapped[date] = mapped_column(Date)
    opened_at: Mapped[datetime] = mapped_column(UTCDateTime)
    fixed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    unfixed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    person: Mapped[Person] = relationship()
