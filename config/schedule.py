"""The scheduler's timetable: when each job of ``scheduler/jobs.py`` runs (Asia/Shanghai).

Each entry is a job name and APScheduler cron-trigger fields. The scheduler process
(``flask --app wsgi scheduler``) reads it for the policy in force (``POLICY_OVERRIDES`` included):
the no-show digest runs at ``no_show_digest_time`` and the duty check shortly after
``duty_checkin_deadline``. A deployment edits the other times here, not in code.
"""

from __future__ import annotations

import os
from datetime import datetime, time, timedelta

from config.policy import Policy

#: DUTY-3: the duty check runs this long after the deadline (a check-in of the last minute is in).
DUTY_CHECK_AFTER = timedelta(minutes=15)


def timetable(policy: Policy) -> dict[str, dict[str, str | int]]:
    no_show = policy.no_show_digest_time
    duty_check = _after(policy.duty_checkin_deadline, DUTY_CHECK_AFTER)
    return {
        # ATT-5: shortly after midnight, close yesterday (and finalise the day whose grace just ended).
        "day-close": {"hour": 0, "minute": 20},
        # ALERT-1: deliver the outbox every minute.
        "dispatch": {"minute": "*"},
        # ATT-6: the no-show digest at no_show_digest_time (config/policy.py, default 10:00).
        "no-show": {"hour": no_show.hour, "minute": no_show.minute},
        # DUTY-2: covers the next roster_lead_days. Daily rather than weekly: a re-run keeps published
        # days, so the only effect is that new postings and days entering the window are covered within a
        # day (leave approved over a duty is repaired at once, by the approval). Also on demand.
        "roster": {"hour": 1, "minute": 0},
        # LV-4: a posting that ended yesterday (by its end date, with no import that day) hands its
        # waiting approval steps to whoever holds the role from today.
        "handover": {"hour": 0, "minute": 5},
        # DUTY-3: shortly after duty_checkin_deadline (default 10:00, so 10:15); on working days it finds no duty.
        "duty-check": {"hour": duty_check.hour, "minute": duty_check.minute},
        # DUTY-4: each morning, remind the city office of a year only the provisional calendar knows
        # (from calendar_remind_from of the year before, every calendar_remind_every_days).
        "calendar-remind": {"hour": 9, "minute": 0},
        # REPORT-1: each morning, remind teams of reports due soon and alert the level above of
        # overdue ones (once per period: the alerts' dedupe keys); its window catches up missed days.
        "work-reports": {"hour": 8, "minute": 30},
        # INSPECT-1: close roll calls whose answer window ended, every minute.
        "roll-call-close": {"minute": "*"},
        # INSPECT-2, VISIT-1: after midnight, the periods that ended yesterday (month, quarter, half, year).
        "oversight-check": {"hour": 0, "minute": 40},
    }


def _after(moment: time, delay: timedelta) -> time:
    """``moment`` + ``delay`` on the same day (never past 23:59: the job works on that day)."""
    later = datetime.combine(datetime.min, moment) + delay
    return later.time() if later.day == datetime.min.day else time(23, 59)


#: A job's business date is today minus this many days (the day close works on yesterday).
BUSINESS_DATE_OFFSET_DAYS: dict[str, int] = {"day-close": 1, "oversight-check": 1}

#: Jobs run once when the scheduler starts, so days missed while it was down are caught up.
CATCH_UP_AT_START: tuple[str, ...] = ("day-close", "roster", "handover", "calendar-remind", "work-reports")

#: Leader election (scheduler/leader.py). Every HEARTBEAT seconds the leader proves it still leads
#: and a standby tries to lead; on SQLite the leader's lease lasts LEASE seconds unrenewed. A
#: leader killed outright is replaced within about one heartbeat on PostgreSQL (its lock ends with
#: its connection) and within LEASE + HEARTBEAT on SQLite. A lease must outlast a few heartbeats,
#: since a renewal can wait behind a long write (a day close) on SQLite.
LEADER_HEARTBEAT_S: float = float(os.environ.get("SCHEDULER_HEARTBEAT_S", "5"))
LEADER_LEASE_S: float = float(os.environ.get("SCHEDULER_LEASE_S", "30"))
