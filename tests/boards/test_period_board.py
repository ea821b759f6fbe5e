"""VIEW-2: the period board through the API — equal to /attendance/summary, months, risk, cases.

Six weeks of t1 and t2 from Monday 2026-03-02 to Friday 04-10, closed at once on 04-14 (every day
final): l1 checks in every day, weekends too, and writes no log; m1a checks in Monday to Wednesday;
m1b is on an approved leave 03-16 … 04-08; nobody else checks in.
"""

from __future__ import annotations

from collections import Counter
from datetime import date, timedelta

import pytest

from tests.attendance.scenario import checkin, close, local, summary
from tests.boards.conftest import board
from tests.helpers import assert_error

LAST = date(2026, 4, 10)
FIGURES = ("attendance_days", "present_days", "business_days", "rest_days", "absent_days", "leave_days",
           "approved_leave_days", "duty_days_served", "missed_logs", "target", "fail_threshold",
           "projected_attendance_days", "days_needed_for_target", "days_needed_for_minimum",
           "longest_absence_streak", "current_absence_streak")


@pytest.fixture
def six_weeks(march, runner, travel):
    request = march.as_("m1b").post("/leave-requests", json={
        "kind": "leave", "start_date": "2026-03-16", "end_date": "2026-04-08", "reason": "家中老人住院陪护"})
    assert request.status_code == 201, request.get_json()
    for approver in ("l1", "sec1"):
        answer = march.as_(approver).post(f"/leave-requests/{request.get_json()['id']}/approve", json={})
        assert answer.status_code == 200, answer.get_json()
    day = date(2026, 3, 2)
    while day <= LAST:
        checkin(march, "l1", local(day.isoformat(), "09:00"), travel)
        if day.weekday() < 3:
            checkin(march, "m1a", local(day.isoformat(), "09:10"), travel)
        day += timedelta(days=1)
    travel(local("2026-04-14", "01:00"))
    close(runner, LAST)
    return march


def rows(api, answer: dict) -> dict[str, dict]:
    names = {api.person_id(k): k for k in api.ids["people"]}
    return {names[item["person"]["id"]]: item for item in answer["items"]}


def test_view2_period_board_equals_attendance_summary_for_every_cadre_of_a_town(six_weeks):
    answer = board(six_weeks, "sec1", "/boards/period", year=2026, limit=2)
    found = rows(six_weeks, answer)
    assert set(found) == {"l1", "m1a", "m1b", "l2", "m2a", "m2b"}
    for key, row in found.items():
        expected = summary(six_weeks, "sec1", key)
        assert {f: row[f] for f in FIGURES} == {f: expected[f] for f in FIGURES}, key
    assert found["l1"]["attendance_days"] == 40 and found["m1b"]["leave_days"] == 24
    assert found["m2b"]["absent_days"] > 20 and found["m2b"]["current_absence_streak"] > 15
    assert {r["corrections"] for r in found.values()} == {0}  # CHK-9 not merged yet: none can exist


def test_view2_month_omitted_means_the_year_and_this_year_by_default(six_weeks):
    answer = six_weeks.as_("admin").get("/boards/period").get_json()
    assert (answer["year"], answer["month"], answer["from"], answer["to"]) == (2026, None, "2026-01-01", "2026-12-31")
    assert answer["closed_through"] == LAST.isoformat()


def test_view2_a_month_counts_that_months_days_and_missed_logs(six_weeks):
    answer = board(six_weeks, "admin", "/boards/period", year=2026, month=4)
    assert (answer["month"], answer["from"], answer["to"]) == (4, "2026-04-01", "2026-04-30")
    for key, row in rows(six_weeks, answer).items():
        person = six_weeks.person_id(key)
        days = six_weeks.as_("admin").get(f"/attendance/days?person_id={person}&from=2026-04-01&to=2026-04-30")
        statuses = Counter(d["status"] for d in days.get_json()["items"])
        assert row["attendance_days"] == statuses["present"] + statuses["business"], key
        assert (row["absent_days"], row["leave_days"], row["rest_days"]) == (
            statuses["absent"], statuses["leave"], statuses["rest"]), key
        missed = six_weeks.as_("admin").get(f"/missed-logs?person_id={person}&year=2026&limit=500").get_json()["items"]
        april = Counter(m["status"] for m in missed if m["date"].startswith("2026-04"))
        assert row["missed_logs"] == {s: april[s] for s in ("open", "fixed", "unfixed")}, key
        year_row = summary(six_weeks, "admin", key)
        assert row["current_absence_streak"] == year_row["current_absence_streak"]  # a run is the year's
        assert row["target"] == year_row["target"]
    assert rows(six_weeks, answer)["l1"]["attendance_days"] == 10


def test_view2_risk_names_the_recall_rules_each_cadre_is_near(six_weeks):
    found = rows(six_weeks, board(six_weeks, "sec1", "/boards/period", year=2026))
    assert found["l1"]["risk"] == ["LOG-4"]  # every day in, no log written
    assert found["m1a"]["risk"] == ["ATT-2", "LOG-4", "ATT-1"]  # three days a week: projection low
    assert found["m1b"]["risk"] == ["ATT-2", "LV-6", "ATT-1"]  # 24 leave days; the run broken by the leave
    assert found["m2b"]["risk"] == ["ATT-2", "ATT-3", "ATT-4", "ATT-1"]  # never in


def test_view2_sort_risk_puts_the_longest_risk_lists_first(six_weeks):
    items = board(six_weeks, "admin", "/boards/period", year=2026, sort="risk", limit=3)["items"]
    assert len(items) == 9
    lengths = [len(item["risk"]) for item in items]
    assert lengths == sorted(lengths, reverse=True) and lengths[0] == 4 and lengths[-1] == 1
    assert items[-1]["person"]["id"] == six_weeks.person_id("l1")


def test_view2_open_recall_cases_match_the_recall_list(six_weeks):
    cases = six_weeks.as_("admin").get("/recall-cases?status=open&limit=500").get_json()["items"]
    per_person = Counter(c["person_id"] for c in cases)
    assert per_person[six_weeks.person_id("m2b")] >= 1  # ATT-3 at the 15th day
    for item in board(six_weeks, "admin", "/boards/period", year=2026)["items"]:
        assert item["open_recall_cases"] == per_person[item["person"]["id"]]


def test_view2_member_is_refused_403(march):
    assert_error(march.as_("m1a").get("/boards/period"), 403, "BOARD_NOT_ALLOWED")


def test_view2_unit_viewer_sees_the_units_cadres(six_weeks):
    assert set(rows(six_weeks, board(six_weeks, "viewer1", "/boards/period"))) == {"l1", "m1a", "m2a"}
