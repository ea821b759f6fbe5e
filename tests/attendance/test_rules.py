"""ATT-1..4 pure rules, property-tested against slow, obviously-correct references."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.attendance import rules
from app.attendance.rules import ABSENT, BUSINESS, LEAVE, NOT_POSTED, PRESENT, REST

START = date(2026, 1, 1)
status_lists = st.lists(st.sampled_from([PRESENT, BUSINESS, LEAVE, REST, ABSENT, NOT_POSTED]), max_size=60)


def dated(statuses: list[str], start: date = START) -> list[tuple[date, str]]:
    return [(start + timedelta(days=i), s) for i, s in enumerate(statuses)]


def reference_runs(statuses: list[str]) -> list[tuple[int, int]]:
    """ATT-3 by its definition: (i, j) with both ends absent, nothing justified or unposted between,
    and not extendable on either side to another absent day."""
    def ok(i: int, j: int) -> bool:
        return (statuses[i] == ABSENT and statuses[j] == ABSENT
                and all(s in (ABSENT, REST) for s in statuses[i:j + 1]))

    found = []
    n = len(statuses)
    for i in range(n):
        for j in range(i, n):
            if not ok(i, j):
                continue
            extends_left = any(ok(k, j) for k in range(i))
            extends_right = any(ok(i, k) for k in range(j + 1, n))
            if not extends_left and not extends_right:
                found.append((i, j))
    return found


@settings(max_examples=400, deadline=None)
@given(status_lists)
def test_att3_runs_match_the_definition(statuses):
    expected = [(START + timedelta(days=i), START + timedelta(days=j)) for i, j in reference_runs(statuses)]
    assert [(r.start, r.end) for r in rules.runs(dated(statuses))] == expected


@settings(max_examples=400, deadline=None)
@given(status_lists)
def test_att3_incremental_state_equals_recomputing(statuses):
    """The day close advances a state day by day; it must agree with recomputing from scratch."""
    state = rules.StreakState()
    longest = 0
    for i, (day, status) in enumerate(dated(statuses)):
        state = rules.advance(state, day, status)
        longest = max(longest, state.length)
        prefix = dated(statuses[: i + 1])
        assert state.length == rules.current_run(prefix)
        assert longest == rules.longest_run(prefix)


@settings(max_examples=400, deadline=None)
@given(status_lists, st.integers(min_value=1, max_value=20))
def test_att3_a_run_reaches_a_threshold_on_one_day(statuses, threshold):
    """The day a run reaches ``threshold``: the first day of it whose prefix of the run is that long."""
    days = dated(statuses)
    for run in rules.runs(days):
        inside = [(d, s) for d, s in days if run.start <= d <= run.end]
        expected = next((d for i, (d, _) in enumerate(inside)
                         if rules.longest_run(inside[: i + 1]) >= threshold), None)
        assert rules.reached_on(run, days, threshold) == expected


def test_att3_rest_days_inside_count_and_edges_are_trimmed():
    # rest, absent ×2, weekend rest ×2, absent, rest: the run is absent..absent = 5 days
    days = dated([REST, ABSENT, ABSENT, REST, REST, ABSENT, REST])
    assert [(r.start, r.length) for r in rules.runs(days)] == [(START + timedelta(days=1), 5)]
    assert rules.current_run(days) == 5


def test_att3_leave_breaks_the_run():
    days = dated([ABSENT, ABSENT, LEAVE, ABSENT])
    assert [r.length for r in rules.runs(days)] == [2, 1]
    assert rules.current_run(days) == 1


def test_att3_a_missing_day_breaks_the_run():
    days = [(START, ABSENT), (START + timedelta(days=2), ABSENT)]
    assert [r.length for r in rules.runs(days)] == [1, 1]


@pytest.mark.parametrize("kwargs,expected", [
    ({"accepted_checkins": 1, "approved": "leave", "working_day": True, "on_duty": False}, PRESENT),
    ({"accepted_checkins": 0, "approved": "trip", "working_day": True, "on_duty": False}, BUSINESS),
    ({"accepted_checkins": 0, "approved": "leave", "working_day": False, "on_duty": True}, LEAVE),
    ({"accepted_checkins": 0, "approved": None, "working_day": False, "on_duty": False}, REST),
    ({"accepted_checkins": 0, "approved": None, "working_day": False, "on_duty": True}, ABSENT),
    ({"accepted_checkins": 0, "approved": None, "working_day": True, "on_duty": False}, ABSENT),
])
def test_att_day_status_precedence(kwargs, expected):
    assert rules.day_status(posted=True, checkins_required=1, **kwargs) == expected


def test_att_day_status_needs_the_required_number_of_checkins():
    common = {"posted": True, "approved": None, "working_day": True, "on_duty": False}
    assert rules.day_status(accepted_checkins=1, checkins_required=2, **common) == ABSENT
    assert rules.day_status(accepted_checkins=2, checkins_required=2, **common) == PRESENT
    assert rules.day_status(accepted_checkins=5, checkins_required=1, posted=False, approved=None,
                            working_day=True, on_duty=False) == NOT_POSTED


def test_att1_prorated_target_example_of_the_rules():
    """ATT-1's own example: posted from 2026-03-02, open-ended → 305 days → target 184."""
    posted = rules.planned_posted_days(2026, [(date(2026, 3, 2), None)])
    assert posted == 305
    assert rules.prorated(220, posted, 2026) == 184
    assert rules.prorated(220, 365, 2026) == 220
    assert rules.prorated(200, 305, 2026) == 168


def test_att1_posted_days_merge_postings_and_clip_to_the_year():
    postings = [(date(2025, 6, 1), date(2026, 1, 31)), (date(2026, 1, 20), date(2026, 2, 10)),
                (date(2026, 12, 1), None)]
    assert rules.planned_posted_days(2026, postings) == 41 + 31
    assert rules.planned_posted_days(2024, [(date(2024, 1, 1), None)]) == 366


spans = st.tuples(st.dates(date(2025, 6, 1), date(2027, 6, 1)), st.one_of(st.none(), st.integers(0, 500)))


@settings(max_examples=300, deadline=None)
@given(st.lists(spans, max_size=5), st.sampled_from([2024, 2026]))
def test_att1_posted_days_equal_counting_each_day(raw, year):
    postings = [(start, None if length is None else start + timedelta(days=length)) for start, length in raw]
    days = set()
    for start, end in postings:
        day = max(start, date(year, 1, 1))
        while day <= min(end or date(year, 12, 31), date(year, 12, 31)):
            days.add(day)
            day += timedelta(days=1)
    assert rules.planned_posted_days(year, postings) == len(days)


@given(st.integers(1, 366), st.integers(0, 400), st.sampled_from([2024, 2026]))
def test_att1_prorated_is_the_exact_ceiling(posted, threshold, year):
    posted = min(posted, rules.days_in_year(year))
    value = rules.prorated(threshold, posted, year)
    assert value * rules.days_in_year(year) >= threshold * posted
    assert (value - 1) * rules.days_in_year(year) < threshold * posted


def test_att2_projection_and_warnings():
    assert rules.projected_attendance(0, 0, 365) is None
    assert rules.projected_attendance(50, 100, 365) == 182
    assert rules.projection_warnings(182, 220, 200, 100, 30) == [220, 200]
    assert rules.projection_warnings(210, 220, 200, 100, 30) == [220]
    assert rules.projection_warnings(182, 220, 200, 29, 30) == []  # a new posting is not warned
