"""REPORT-1 periods and due dates, REPORT-2 marks and totals: the pure rules, without a database."""

from __future__ import annotations

from datetime import date

import pytest

from app.reports import rules
from config.policy import DEFAULT_POLICY

CADENCE = dict(DEFAULT_POLICY.report_cadence_months)
DUE_DAY = DEFAULT_POLICY.report_due_day


@pytest.mark.parametrize(("name", "to", "start", "end", "due"), [
    ("2026-11", "town", date(2026, 11, 1), date(2026, 11, 30), date(2026, 12, 5)),
    ("2026-12", "town", date(2026, 12, 1), date(2026, 12, 31), date(2027, 1, 5)),
    ("2026-02", "town", date(2026, 2, 1), date(2026, 2, 28), date(2026, 3, 5)),
    ("2026-Q1", "unit", date(2026, 1, 1), date(2026, 3, 31), date(2026, 4, 5)),
    ("2026-Q4", "unit", date(2026, 10, 1), date(2026, 12, 31), date(2027, 1, 5)),
    ("2026-H1", "city", date(2026, 1, 1), date(2026, 6, 30), date(2026, 7, 5)),
    ("2026-H2", "city", date(2026, 7, 1), date(2026, 12, 31), date(2027, 1, 5)),
])
def test_report1_periods_and_due_dates(name, to, start, end, due):
    assert rules.parse_period(name, CADENCE, DUE_DAY) == rules.Period(name, to, start, end, due)


@pytest.mark.parametrize("name", ["2026-13", "2026-00", "2026-Q5", "2026-H3", "2026-1", "26-11", "2026-q1"])
def test_report1_malformed_periods(name):
    assert rules.parse_period(name, CADENCE, DUE_DAY) is None


def test_report1_a_year_has_twelve_months_four_quarters_two_halves():
    periods = rules.periods_of_year(2026, CADENCE, DUE_DAY)
    assert [p.name for p in periods if p.to == "town"] == [f"2026-{m:02d}" for m in range(1, 13)]
    assert [p.name for p in periods if p.to == "unit"] == ["2026-Q1", "2026-Q2", "2026-Q3", "2026-Q4"]
    assert [p.name for p in periods if p.to == "city"] == ["2026-H1", "2026-H2"]


def test_report1_due_day_is_clamped_to_the_month():
    assert rules.due_date(date(2026, 1, 31), 31) == date(2026, 2, 28)


def test_report1_states_and_reminder_window():
    period = rules.parse_period("2026-11", CADENCE, DUE_DAY)
    assert rules.duty_state(period, True, date(2027, 1, 1)) == "done"
    assert rules.duty_state(period, False, date(2026, 12, 5)) == "due"
    assert rules.duty_state(period, False, date(2026, 12, 6)) == "overdue"
    window = [d for d in range(1, 8) if rules.reminder_due(period, date(2026, 12, d), 3)]
    assert window == [2, 3, 4, 5]


def test_report1_team_overlap():
    period = rules.parse_period("2026-Q1", CADENCE, DUE_DAY)
    assert rules.overlaps(period, [(date(2026, 3, 31), None)])
    assert not rules.overlaps(period, [(date(2026, 4, 1), None), (date(2025, 1, 1), date(2025, 12, 31))])


@pytest.mark.parametrize(("status", "on_duty", "corrected", "mark"), [
    ("present", False, False, "√"), ("present", True, False, "值"), ("present", True, True, "补"),
    ("present", False, True, "补"), ("business", False, False, "公"), ("leave", False, False, "假"),
    ("rest", False, False, "休"), ("absent", False, False, "×"), ("absent", True, False, "×"),
    ("not_posted", False, False, ""), (None, False, False, ""),
])
def test_report2_day_marks(status, on_duty, corrected, mark):
    assert rules.day_mark(status, on_duty, corrected) == mark


def test_report2_totals():
    days = [("present", False, False), ("present", True, False), ("present", False, True), ("business", False, False),
            ("leave", False, False), ("rest", False, False), ("absent", True, False), ("absent", False, False)]
    assert rules.tally(days) == {"present": 3, "business": 1, "leave": 1, "rest": 1, "absent": 2, "duty": 1,
                                 "corrected": 1, "attendance": 4}
