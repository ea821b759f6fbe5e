"""ATT-3 across 1 January: runs are not cut at the new year, and each one reaches a threshold once.

Posted from Monday 2025-12-01. 王五 (m1b) never checks in: his run reaches 15 days on 15 December
and goes on into January. 李四 (m1a) is in the village through 19 December, absent from the 22nd
to the 31st (a run of 10, the weekend inside), and back on 4 January 2026 — a working day (调休)
after the New Year holiday of 1–3 January, so his December run ends with no absent day in 2026.
张三 (l1) is in through 19 December too but never comes back: his run from 22 December reaches
15 days on 5 January, so its case belongs to 2026.
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from tests.attendance.scenario import assert_recompute_equals_forward, cases, checkin, close, dates, local, summary
from tests.orgdata import standard_org

START, END = "2025-12-01", "2026-01-09"
DECEMBER_IN = {d for d in dates("2025-12-01", "2025-12-19") if date.fromisoformat(d).weekday() < 5}
PRESENT = {"m1a": DECEMBER_IN | set(dates("2026-01-04", "2026-01-09")), "l1": DECEMBER_IN}


def _next_day(day: str) -> str:
    return (date.fromisoformat(day) + timedelta(days=1)).isoformat()


@pytest.fixture(params=["nightly", "catch-up"])
def new_year(request, api, tmp_path, travel):
    """The forty days walked through: closed every night (finalised three nights later), or closed
    in one catch-up at the end (days past their grace final at once)."""
    travel(local(START, "08:00"))
    api.import_org(standard_org(start=START), tmp_path)
    for day in dates(START, END):
        for who in sorted(who for who, days in PRESENT.items() if day in days):
            checkin(api, who, local(day), travel)
        if request.param == "nightly":
            travel(local(_next_day(day), "00:30"))
            close(api.runner, day)
    travel(local(_next_day(END), "00:30"))
    close(api.runner, END)
    return api


def _streak_alerts(api, who: str, subject: str) -> list[str]:
    items = api.as_(who).get("/alerts?limit=500").get_json()["items"]
    return [a["title"] for a in items if a["kind"] == "absence_streak" and a["subject"]["id"] == api.person_id(subject)]


def test_att3_run_across_new_year_opens_one_case_in_the_year_it_reached_15(new_year):
    mine = [c for c in cases(new_year, rule="ATT-3") if c["person_id"] == new_year.person_id("m1b")]
    assert [(c["year"], c["evidence"]["start"]) for c in mine] == [(2025, "2025-12-01")]
    assert _streak_alerts(new_year, "sec1", "m1b") == ["王五连续缺勤已达3天"]  # each alert once for the run
    assert _streak_alerts(new_year, "admin", "m1b") == ["王五连续缺勤已达7天"]
    # The run is one: the new year's longest is the whole run through 9 January.
    assert summary(new_year, "m1b", year=2026)["longest_absence_streak"] == 40
    assert summary(new_year, "m1b", year=2025)["longest_absence_streak"] == 31
    assert summary(new_year, "m1b", year=2025)["current_absence_streak"] == 0  # that year is over
    later = [c for c in cases(new_year, rule="ATT-3") if c["person_id"] == new_year.person_id("l1")]
    assert [(c["year"], c["evidence"]["start"]) for c in later] == [(2026, "2025-12-22")]


def test_att3_new_year_longest_streak_counts_runs_whose_last_absent_day_is_in_that_year(new_year):
    assert summary(new_year, "m1a", year=2025)["longest_absence_streak"] == 10
    assert summary(new_year, "m1a", year=2026)["longest_absence_streak"] == 0
    assert summary(new_year, "m1a", year=2026)["current_absence_streak"] == 0


def test_att3_new_year_forward_close_equals_recompute_after_late_data(new_year, app):
    """The nightly UPDATE … FROM path and the per-person rebuild (what late data runs) agree."""
    assert_recompute_equals_forward(app, new_year, date.fromisoformat(START))
