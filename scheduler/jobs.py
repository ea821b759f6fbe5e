"""The jobs of the scheduler, one function of (business_date) each (see ``registry.job``)."""

from __future__ import annotations

from datetime import date

from scheduler.registry import job


@job("dispatch", "deliver due alerts from the outbox (ALERT-1); the date is ignored")
def dispatch_job(business_date: date) -> dict:
    from app.alerts.dispatch import dispatch

    return dispatch()


@job("no-show", "ATT-6: the no-show digest to each town secretary for that date")
def no_show_job(business_date: date) -> dict:
    from app.alerts.digest import send_no_show_digest

    return send_no_show_digest(business_date)
