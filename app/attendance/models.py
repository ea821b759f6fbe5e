"""ATT-1..5, materialised: one status per cadre per day, counters per cadre per year, streak state.

Summaries read these tables and never rescan check-ins (ARCHITECTURE "data design that scales");
the day close writes them set-based and re-evaluates a person's past day when late data arrives.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Boolean, Date, ForeignKey, Index, Integer, String, text
from sqlalchemy.orm import Mapped, mapped_column

from app.dbtypes import UTCDateTime
from app.extensions import db


class DayStatus(db.Model):
    """§2: a cadre's status on one business day. ``provisional`` until the CHK-6 grace ends (ATT-5)."""

    __tablename__ = "day_statuses"
    __table_args__ = (
        Index("ix_day_statuses_day_status", "day", "status"),
        # ATT-5: the few days still provisional, found without scanning a year of statuses.
        Index("ix_day_statuses_provisional_day", "day", sqlite_where=text("provisional = 1"),
              postgresql_where=text("provisional = true")),
    )
    # No foreign keys (migration 0092): the close copies person and village from ``postings``, which
    # has them; checking them again per row was half the cost of the close's largest statement.
    person_id: Mapped[int] = mapped_column(primary_key=True)
    day: Mapped[date] = mapped_column(Date, primary_key=True)
    village_id: Mapped[int] = mapped_column()
    status: Mapped[str] = mapped_column(String(12))
    on_duty: Mapped[bool] = mapped_column(Boolean, default=False)
    provisional: Mapped[bool] = mapped_column(Boolean, default=True)
    # DUTY-4: decided with the Monday–Friday fallback because the year's calendar was unknown.
    calendar_provisional: Mapped[bool] = mapped_column(Boolean, default=False)
    evaluated_at: Mapped[datetime] = mapped_column(UTCDateTime)


class AttendanceYear(db.Model):
    """Running counts per cadre per calendar year, updated by each day close (ATT-1..4).

    PostgreSQL: fillfactor 70 (migration 0092), so the nightly rewrite of every row stays in its page.
    """

    __tablename__ = "attendance_years"
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id"), primary_key=True)
    year: Mapped[int] = mapped_column(Integer, primary_key=True)
    present_days: Mapped[int] = mapped_column(default=0)
    business_days: Mapped[int] = mapped_column(default=0)
    leave_days: Mapped[int] = mapped_column(default=0)
    rest_days: Mapped[int] = mapped_column(default=0)
    absent_days: Mapped[int] = mapped_column(default=0)
    duty_days_served: Mapped[int] = mapped_column(default=0)
    longest_streak: Mapped[int] = mapped_column(default=0)

    @property
    def attendance_days(self) -> int:
        return self.present_days + self.business_days


class AttendanceState(db.Model):
    """ATT-3: the cadre's open absence run as of ``last_day`` (``rules.StreakState``, as integers).

    ``run_length`` counts from the run's first to its last absent day; ``pending_rest`` counts the
    rest days since, which join the run only if another absent day follows.
    """

    __tablename__ = "attendance_state"
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id"), primary_key=True)
    run_start: Mapped[date | None] = mapped_column(Date)
    run_length: Mapped[int] = mapped_column(default=0)
    pending_rest: Mapped[int] = mapped_column(default=0)
    last_day: Mapped[date | None] = mapped_column(Date)
