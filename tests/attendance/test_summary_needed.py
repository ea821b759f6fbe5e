"""ATT-1/ATT-2 and LV-6 in a member's own year: days still needed, and the two leave counts explained."""

from __future__ import annotations

from app.attendance.rules import days_needed
from tests.attendance.scenario import checkin, close, local, summary
from tests.orgdata import standard_org


def test_att1_att2_summary_says_the_days_still_needed_for_target_and_the_200_line(api, tmp_path, travel, runner):
    travel(local("2026-03-02", "08:00"))
    api.import_org(standard_org(start="2026-03-02"), tmp_path)  # 305 posted days: target 184, line 168
    for day in ("2026-03-02", "2026-03-03", "2026-03-04"):
        checkin(api, "m1a", local(day), travel)
    travel(local("2026-03-06", "01:00"))
    close(runner, "2026-03-05")
    mine = summary(api, "m1a")
    assert (mine["target"], mine["fail_threshold"], mine["attendance_days"]) == (184, 168, 3)
    assert mine["days_needed_for_target"] == 181 and mine["days_needed_for_minimum"] == 165
    assert mine["remaining_posted_days"] == 305 - 4


def test_att1_days_needed_is_zero_once_reached():
    assert days_needed(184, 190) == 0 and days_needed(184, 184) == 0 and days_needed(184, 1) == 183


def test_lv6_openapi_explains_approved_leave_days_against_leave_days(client):
    summary_schema = client.get("/api/openapi.json").get_json()["components"]["schemas"]["SummaryOut"]["properties"]
    assert "30-day limit" in summary_schema["approved_leave_days"]["description"]
    assert "`leave_days`" in summary_schema["approved_leave_days"]["description"]
    assert "`approved_leave_days`" in summary_schema["leave_days"]["description"]
    for field in ("days_needed_for_target", "days_needed_for_minimum"):
        assert summary_schema[field]["type"] == "integer" and summary_schema[field]["description"]
