"""The scheduler's timetable: when each job of ``scheduler/jobs.py`` runs (Asia/Shanghai).

Each entry is a job name and APScheduler cron-trigger fields. The scheduler process
(``flask --app wsgi scheduler``) reads this; a deployment edits times here, not in code.
"""

from __future__ import annotations

TIMETABLE: dict[str, dict[str, str | int]] = {
    # DUTY-2: weekly, covering the next roster_lead_days (also `jobs run roster` on demand, e.g.
    # after a calendar correction or a long leave was approved).
    "roster": {"day_of_week": "mon", "hour": 1, "minute": 0},
    # DUTY-3: shortly after duty_checkin_deadline (10:00); on working days it finds no duty.
    "duty-check": {"hour": 10, "minute": 15},
}
