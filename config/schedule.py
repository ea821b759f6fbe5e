"""The scheduler's timetable: when each job of ``scheduler/jobs.py`` runs (Asia/Shanghai).

Each entry is a job name and APScheduler cron-trigger fields. The scheduler process
(``flask --app wsgi scheduler``) reads this; a deployment edits times here, not in code.
"""

from __future__ import annotations

TIMETABLE: dict[str, dict[str, str | int]] = {
    # ATT-5: shortly after midnight, close yesterday (and finalise the day whose grace just ended).
    "day-close": {"hour": 0, "minute": 20},
}

#: A job's business date is today minus this many days (the day close works on yesterday).
BUSINESS_DATE_OFFSET_DAYS: dict[str, int] = {"day-close": 1}

#: Jobs run once when the scheduler starts, so days missed while it was down are caught up.
CATCH_UP_AT_START: tuple[str, ...] = ("day-close",)
