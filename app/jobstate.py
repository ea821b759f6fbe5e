"""The scheduler's state in the database: job watermarks and the single-leader lease.

Kept in the app (not in ``scheduler/``) so migrations know the tables; only the scheduler and the
jobs write them.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, String
from sqlalchemy.orm import Mapped, mapped_column

from app.dbtypes import UTCDateTime
from app.extensions import db


class JobWatermark(db.Model):
    """The last business date a dated job completed, so a restart catches up every missed day."""

    __tablename__ = "job_watermarks"
    job: Mapped[str] = mapped_column(String(40), primary_key=True)
    last_date: Mapped[date] = mapped_column(Date)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)


class SchedulerLease(db.Model):
    """SQLite's leader lock: a row held by one scheduler until ``expires_at`` (renewed while alive).

    PostgreSQL uses a session advisory lock instead (scheduler/leader.py).
    """

    __tablename__ = "scheduler_leases"
    name: Mapped[str] = mapped_column(String(40), primary_key=True)
    holder: Mapped[str] = mapped_column(String(100))
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
