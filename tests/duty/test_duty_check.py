"""DUTY-3: duty days need an accepted check-in by duty_checkin_deadline; duty_days for the day close."""

from __future__ import annotations

from app.duty.service import duty_days
from tests.duty.helpers import alerts, by_day, d, roster, run_job


def test_duty3_check_waits_for_the_deadline(org, travel):
    travel("2026-03-02T09:00:00+08:00")
    run_job(org, "roster", "2026-03-02")
    travel("2026-03-07T09:30:00+08:00")
    assert run_job(org, "duty-check", "2026-03-07")["status"] == "before_deadline"
    assert alerts(org, "duty_missed") == []


def test_duty3_check_on_a_working_day_does_nothing(org, travel):
    travel("2026-03-02T09:00:00+08:00")
    run_job(org, "roster", "2026-03-02")
    travel("2026-03-06T11:00:00+08:00")
    assert run_job(org, "duty-check", "2026-03-06")["checked"] == 0


def test_duty3_duty_days_for_the_day_close(org, travel):
    travel("2026-03-02T09:00:00+08:00")
    run_job(org, "roster", "2026-03-02")
    days = by_day(roster(org))
    with org.app.app_context():
        everyone = duty_days(d("2026-03-01"), d("2026-03-31"))
        saturday_person = days["2026-03-07"][0]
        assert d("2026-03-07") in everyone[saturday_person]
        only = duty_days(d("2026-03-01"), d("2026-03-31"), [saturday_person])
        assert set(only) == {saturday_person}
        assert duty_days(d("2026-03-09"), d("2026-03-13")) == {}
