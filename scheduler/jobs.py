"""The jobs of the scheduler, one function of (business_date) each (see ``registry.job``)."""

from __future__ import annotations

from datetime import date

from scheduler.registry import job


@job("day-close", "ATT-5: close that day (statuses, counters, missed logs, alerts), finalise days past grace")
def day_close(business_date: date):
    from app.attendance.close import close_day

    return close_day(business_date)


@job("dispatch", "deliver due alerts from the outbox (ALERT-1); the date is ignored")
def dispatch_job(business_date: date) -> dict:
    from app.alerts.dispatch import dispatch

    return dispatch()


@job("no-show", "ATT-6: the no-show digest to each town secretary and team leader (not before its time)")
def no_show_job(business_date: date) -> dict:
    from app.alerts.digest import send_no_show_digest

    return send_no_show_digest(business_date)


@job("roster", "DUTY-1/2: build duty rosters from that date for roster_lead_days", allow_future=True)
def roster(business_date: date) -> dict:
    from app.duty.roster import build_roster

    return build_roster(business_date)


@job("duty-check", "DUTY-3: alert duties without an accepted check-in by duty_checkin_deadline")
def duty_check(business_date: date) -> dict:
    from app.duty.service import duty_check as check

    return check(business_date)
