"""Rate-limit counters kept in the app's own database, so a limit holds across gunicorn workers.

flask-limiter's ``memory://`` counts per process: four workers let four times the limit through.
``limits`` has no SQL storage, so this is one: ``RATELIMIT_STORAGE_URI = "database://"`` (the
default) keeps each fixed-window counter in ``rate_limit_counters``, incremented by one atomic
upsert (``INSERT … ON CONFLICT DO UPDATE … RETURNING``) on SQLite and PostgreSQL alike: every
worker, every process sees the same count, and two racing attempts can never both read 9 of 10.
A deployment with Redis sets ``RATELIMIT_STORAGE_URI=redis://…`` and this module is not used.

Counters are written on their own connection and transaction (never the request's session, which
the route commits or rolls back) and timed by ``app.clock``. Only the fixed-window strategy (the
default of flask-limiter) is supported.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from limits.storage import Storage
from sqlalchemy import Index, Integer, String, case, delete, func, select, text
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Mapped, mapped_column

from app import clock
from app.dbtypes import UTCDateTime
from app.extensions import db

#: Counters whose window ended this long ago are deleted when a new window opens.
STALE_AFTER = timedelta(hours=1)


class RateLimitCounter(db.Model):
    """One fixed window of one limit for one caller (``key`` is flask-limiter's, e.g. the address)."""

    __tablename__ = "rate_limit_counters"
    __table_args__ = (Index("ix_rate_limit_counters_expires_at", "expires_at"),)
    key: Mapped[str] = mapped_column(String(255), primary_key=True)
    count: Mapped[int] = mapped_column(Integer)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)


_table = RateLimitCounter.__table__


def _upsert(key: str, amount: int, expires_at: datetime, now: datetime):
    """The atomic increment: a new or expired window restarts at ``amount``, else adds ``amount``."""
    dialect = postgresql if db.engine.dialect.name == "postgresql" else sqlite
    insert = dialect.insert(_table).values(key=key, count=amount, expires_at=expires_at)
    expired = _table.c.expires_at <= now
    return insert.on_conflict_do_update(index_elements=[_table.c.key], set_={
        "count": case((expired, insert.excluded.count), else_=_table.c.count + insert.excluded.count),
        "expires_at": case((expired, insert.excluded.expires_at), else_=_table.c.expires_at),
    }).returning(_table.c.count)


class DatabaseStorage(Storage):
    """A ``limits`` storage backed by the app's database (``database://``)."""

    STORAGE_SCHEME = ["database"]

    @property
    def base_exceptions(self) -> type[Exception]:
        return SQLAlchemyError

    def incr(self, key: str, expiry: int, amount: int = 1) -> int:
        now = clock.now()
        with db.engine.begin() as connection:
            count = connection.execute(_upsert(key, amount, now + timedelta(seconds=expiry), now)).scalar_one()
        if count == amount:  # a window opened: sweep long-dead ones (own transaction, no lock held)
            with db.engine.begin() as connection:
                connection.execute(delete(_table).where(_table.c.expires_at < now - STALE_AFTER))
        return count

    def get(self, key: str) -> int:
        with db.engine.connect() as connection:
            count = connection.execute(select(_table.c.count).where(
                _table.c.key == key, _table.c.expires_at > clock.now())).scalar()
        return count or 0

    def get_expiry(self, key: str) -> float:
        with db.engine.connect() as connection:
            expires_at = connection.execute(select(_table.c.expires_at).where(_table.c.key == key)).scalar()
        return (expires_at or clock.now()).timestamp()

    def check(self) -> bool:
        try:
            with db.engine.connect() as connection:
                connection.execute(text("SELECT 1"))
        except SQLAlchemyError:
            return False
        return True

    def reset(self) -> int | None:
        with db.engine.begin() as connection:
            removed = connection.execute(select(func.count()).select_from(_table)).scalar()
            connection.execute(delete(_table))
        return removed

    def clear(self, key: str) -> None:
        with db.engine.begin() as connection:
            connection.execute(delete(_table).where(_table.c.key == key))
