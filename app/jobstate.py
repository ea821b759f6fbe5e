"""The scheduler's state in the database: job watermarks, job locks and the single-leader lease.

Kept in the app (not in ``scheduler/``) so migrations know the tables; only the scheduler and the
jobs write them.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, String
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Mapped, mapped_column

from app import clock
from app.dbtypes import UTCDateTime
from app.errors import Conflict
from app.extensions import db


class JobWatermark(db.Model):
    """The last business date a dated job completed, so a restart catches up every missed day."""

    __tablename__ = "job_watermarks"
    job: Mapped[str] = mapped_column(String(40), primary_key=True)
    last_date: Mapped[date] = mapped_column(Date)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)


class JobLock(db.Model):
    """One row per job whose steps must never run twice at once (``lock_job``); ``taken_at`` is
    when the lock was last taken, for an operator's curiosity only."""

    __tablename__ = "job_locks"
    name: Mapped[str] = mapped_column(String(40), primary_key=True)
    taken_at: Mapped[datetime] = mapped_column(UTCDateTime)


class SchedulerLease(db.Model):
    """SQLite's leader lock: a row held by one scheduler until ``expires_at`` (renewed while alive).

    PostgreSQL uses a session advisory lock instead (scheduler/leader.py).
    """

    __tablename__ = "scheduler_leases"
    name: Mapped[str] = mapped_column(String(40), primary_key=True)
    holder: Mapped[str] = mapped_column(String(100))
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)


class JobBusy(Conflict):
    """409: another process holds the job's lock and the wait for it ran out."""

    def __init__(self, job: str):
        super().__init__("JOB_BUSY", f"另一个“{job}”任务正在运行，请稍后再试",
                         f"another {job} run holds the lock; try again when it has finished", {"job": job})


def lock_job(name: str) -> None:
    """Hold job ``name``'s lock until the current transaction ends; call it first in each step.

    An upsert of the job's row: PostgreSQL keeps that row locked until COMMIT or ROLLBACK, and a
    second process waits for it (then reads what the first committed); SQLite takes its database
    write lock with the first write of a transaction and holds it the same way. So whatever a step
    reads after this call, no other process can change underneath it, and two day closes, a
    close and a late re-evaluation, or two schedulers, follow one another instead of mixing.
    A wait cut short (SQLite's busy timeout, PostgreSQL's ``lock_timeout`` when set) is ``JobBusy``.
    """
    insert = (postgresql.insert if db.session.get_bind().dialect.name == "postgresql" else sqlite.insert)(JobLock)
    stmt = insert.values(name=name, taken_at=clock.now())
    try:
        db.session.execute(stmt.on_conflict_do_update(index_elements=[JobLock.name],
                                                      set_={"taken_at": stmt.excluded.taken_at}))
    except OperationalError as exc:
        if getattr(exc.orig, "sqlstate", None) == "55P03" or "database is locked" in str(exc.orig):
            raise JobBusy(name) from exc
        raise
