"""The jobs of the scheduler, one function of (business_date) each (see ``registry.job``)."""

from __future__ import annotations

from datetime import date

from scheduler.registry import job


@job("day-close", "ATT-5: close that day (statuses, counters, missed logs, alerts), finalise days past grace")
def day_close(business_date: date):
    from app.attendance.close import close_day

    return close_day(business_date)
