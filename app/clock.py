"""The only source of "now" in the application (never the database's clock).

Everything that needs the current time calls ``now()`` or ``today()`` here, so tests can travel in
time (``time_machine``) and a business "day" is always the day in Asia/Shanghai.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

BUSINESS_TZ = ZoneInfo("Asia/Shanghai")


def now() -> datetime:
    """The current instant, timezone-aware (UTC)."""
    return datetime.now(UTC)


def local_now() -> datetime:
    """The current instant on the business clock (Asia/Shanghai)."""
    return now().astimezone(BUSINESS_TZ)


def today() -> date:
    """Today's business date in Asia/Shanghai."""
    return local_now().date()


def business_day(instant: datetime) -> date:
    """The Asia/Shanghai calendar day an aware instant falls on."""
    if instant.tzinfo is None:
        raise ValueError("naive datetimes have no business day")
    return instant.astimezone(BUSINESS_TZ).date()


def at_local(day: date, moment: time) -> datetime:
    """An aware instant: ``moment`` on ``day`` in Asia/Shanghai."""
    return datetime.combine(day, moment, tzinfo=BUSINESS_TZ)


def end_of_day(day: date) -> datetime:
    """The first instant after ``day`` ends in Asia/Shanghai."""
    return at_local(day + timedelta(days=1), time(0, 0))
