"""LV-1, LV-2, LV-3, LV-5, LV-7, LV-8 as pure rules: every chain, day counting, refusals."""

from __future__ import annotations

from datetime import date

import pytest

from app.leave import rules

D = date(2026, 3, 2)


@pytest.mark.parametrize("kind", ["leave", "trip"])  # LV-7: trips climb the same chains
@pytest.mark.parametrize(("role", "days", "chain"), [
    ("member", 1, ["leader"]),                              # LV-1 short
    ("member", 3, ["leader"]),                              # LV-1 the threshold itself is short
    ("member", 3.5, ["leader", "town_secretary"]),          # LV-1 long
    ("member", 10, ["leader", "town_secretary"]),
    ("leader", 0.5, ["town_secretary"]),                    # LV-2 short
    ("leader", 3, ["town_secretary"]),
    ("leader", 4, ["town_secretary", "city_admin"]),        # LV-2 long
])
def test_lv1_lv2_lv7_approval_chain(role, days, chain, kind):
    assert rules.approval_chain(role, kind, days) == chain


def test_lv1_threshold_comes_from_policy():
    assert rules.approval_chain("member", "leave", 3, short_max=2) == ["leader", "town_secretary"]


def test_lv8_backdated_chain_always_includes_the_town_secretary():
    assert rules.approval_chain("member", "leave", 1, backdated=True) == ["leader", "town_secretary"]
    assert rules.approval_chain("leader", "trip", 2, backdated=True) == ["town_secretary"]
    assert rules.approval_chain("leader", "leave", 5, backdated=True) == ["town_secretary", "city_admin"]


def test_approval_chain_refuses_unknown_roles_and_kinds():
    with pytest.raises(ValueError):
        rules.approval_chain("town_secretary", "leave", 1)
    with pytest.raises(ValueError):
        rules.approval_chain("member", "holiday", 1)


def test_lv3_days_are_inclusive_calendar_days_and_half_days():
    assert rules.request_days(date(2026, 3, 2), date(2026, 3, 4)) == 3  # Monday to Wednesday
    assert rules.request_days(D, D) == 1
    assert rules.request_days(D, D, "pm") == 0.5
    assert rules.request_days(date(2026, 3, 6), date(2026, 3, 9)) == 4  # weekends count


@pytest.mark.parametrize(("start", "end", "half", "reason"), [
    (date(2026, 3, 5), date(2026, 3, 4), None, "END_BEFORE_START"),
    (date(2026, 3, 5), date(2026, 3, 6), "am", "HALF_DAY_MULTI_DAY"),
    (date(2026, 3, 5), date(2027, 3, 6), None, "TOO_LONG"),  # 367 days; 366 (a leap year) allowed
    (date(2026, 2, 26), date(2026, 2, 26), None, "TOO_FAR_BACK"),  # 4 days back
])
def test_lv3_refusals(start, end, half, reason):
    refusal = rules.check_request(start, end, half, D)
    assert refusal is not None and refusal.rule == "LV-3" and refusal.reason == reason


def test_lv3_limits_themselves_are_allowed():
    assert rules.check_request(date(2026, 2, 27), date(2026, 2, 27), None, D) is None  # 3 days back
    assert rules.check_request(date(2026, 3, 5), date(2027, 3, 5), None, D) is None  # 366 days


def test_lv5_report_back_releases_the_day_it_happens_and_after():
    assert rules.covered_until(date(2026, 3, 10), None) == date(2026, 3, 10)
    assert rules.covered_until(date(2026, 3, 10), date(2026, 3, 5)) == date(2026, 3, 4)
    assert rules.covered_until(date(2026, 3, 10), date(2026, 3, 20)) == date(2026, 3, 10)
    assert rules.days_in_window(date(2026, 3, 2), date(2026, 3, 1), None, D, D) == 0


def test_lv5_overdue_only_for_an_approved_leave_past_its_end_without_report_back():
    end = date(2026, 3, 1)
    assert rules.leave_overdue("leave", "approved", end, None, D)
    assert not rules.leave_overdue("leave", "approved", end, date(2026, 3, 1), D)
    assert not rules.leave_overdue("leave", "approved", D, None, D)  # ends today
    assert not rules.leave_overdue("leave", "pending", end, None, D)
    assert not rules.leave_overdue("trip", "approved", end, None, D)
    assert not rules.leave_overdue("leave", "approved", end, None, D, returned_on=D)


def test_lv6_would_exceed_is_strictly_over_the_limit():
    assert not rules.would_exceed(27, 3)
    assert rules.would_exceed(27, 3.5)


def test_lv8_town_review_needed_until_a_town_secretary_approved_past_days_with_a_reason():
    start = date(2026, 2, 28)
    assert rules.needs_town_review(start, D, [])
    assert rules.needs_town_review(start, D, [(date(2026, 2, 27), "ok")])  # approved before start
    assert rules.needs_town_review(start, D, [(D, "  ")])
    assert not rules.needs_town_review(start, D, [(D, "病假，次日补报")])
    assert not rules.needs_town_review(D, D, [])  # starts today: nothing past
    assert rules.town_reason_required("town_secretary", start, D)
    assert not rules.town_reason_required("leader", start, D)
