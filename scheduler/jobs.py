"""The jobs of the scheduler, one function of (business_date) each, registered with ``@job``.

Domain issues add their jobs here with ``@job("name", "help")``; ``scheduler.registry`` runs them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from app.alerts.dispatch import dispatch
from app.attendance.close import close_day
from app.attendance.digest import send_no_show_digest
from app.corrections.service import hand_over_waiting_steps as hand_over_corrections
from app.duty.roster import settle_roster
from app.duty.service import duty_check as check
from app.duty.service import remind_calendar
from app.leave.service import hand_over_waiting_steps
from app.oversight.duties import alert_missed_duties
from app.oversight.service import close_due_roll_calls
from app.reports.duties import remind_and_escalate


@dataclass(frozen=True)
class Job:
    name: str
    func: Callable[[date], Any]
    help: str
    allow_future: bool = False


JOBS: dict[str, Job] = {}


def job(name: str, help: str, allow_future: bool = False):
    def register(func: Callable[[date], Any]) -> Callable[[date], Any]:
        JOBS[name] = Job(name, func, help, allow_future)
        return func

    return register


@job("day-close", "ATT-5: close that day (statuses, counters, missed logs, alerts), finalise days past grace")
def day_close(business_date: date):
    return close_day(business_date)


@job("dispatch", "deliver due alerts from the outbox (ALERT-1); the date is ignored")
def dispatch_job(business_date: date) -> dict:
    return dispatch()


@job("no-show", "ATT-6: the no-show digest to each town secretary and team leader (not before its time)")
def no_show_job(business_date: date) -> dict:
    return send_no_show_digest(business_date)


@job("roster", "DUTY-1/2: build duty rosters from that date for roster_lead_days", allow_future=True)
def roster(business_date: date) -> dict:
    return settle_roster(business_date)


@job("handover", "LV-4: hand approval steps of postings that ended to whoever holds the role now")
def handover_job(business_date: date) -> dict:
    return {"handed_over": hand_over_waiting_steps(), "corrections_handed_over": hand_over_corrections()}


@job("duty-check", "DUTY-3: alert duties without an accepted check-in by duty_checkin_deadline")
def duty_check(business_date: date) -> dict:
    return check(business_date)


@job("calendar-remind", "DUTY-4: remind the city office of a year only the provisional calendar knows")
def calendar_remind(business_date: date) -> dict:
    return remind_calendar(business_date)


@job("work-reports", "REPORT-1: remind teams of reports due soon, alert the level above of overdue ones")
def work_reports(business_date: date) -> dict:
    return remind_and_escalate(business_date)


@job("roll-call-close", "INSPECT-1: close roll calls past their deadline, record and alert the silent (date ignored)")
def roll_call_close(business_date: date):
    return close_due_roll_calls()


@job("oversight-check", "INSPECT-2, VISIT-1: alert the city office about duties of periods ended by that date")
def oversight_check(business_date: date) -> dict:
    return alert_missed_duties(business_date)
