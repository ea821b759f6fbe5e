"""The scheduler's timetable: when each job of ``scheduler/jobs.py`` runs (Asia/Shanghai).

Each entry is a job name and APScheduler cron-trigger fields. The scheduler process
(``flask --app wsgi scheduler``) reads this; a deployment edits times here, not in code.
"""

from __future__ import annotations

TIMETABLE: dict[str, dict[str, str | int]] = {
    # "job-name": {"hour": 0, "minute": 30},
}
