"""ATT-3 (its last sentence), ATT-4: every absence alert names the rejected attempts of those days."""

from __future__ import annotations

import pytest

from tests.attendance.scenario import close, local
from tests.corrections.test_chk9_corrections import attempt
from tests.orgdata import standard_org


@pytest.fixture
def march(api, tmp_path, travel):
    travel(local("2026-03-01", "08:00"))
    api.import_org(standard_org(start="2026-03-01"), tmp_path)
    return api


def _alerts(api, who: str, kind: str) -> list[dict]:
    return [a for a in api.as_(who).get("/alerts?limit=500").get_json()["items"] if a["kind"] == kind]


def _weak_week(api, runner, travel, days=("2026-03-02", "2026-03-03", "2026-03-04")) -> None:
    """m1a tries three times a day with a cell-tower fix and once from 1.5 km out; m1b never tries."""
    for day in days:
        for hour in ("09", "12", "17"):
            travel(local(day, f"{hour}:00"))
            assert attempt(api, "m1a", local(day, f"{hour}:00"))["reason"] == "LOW_ACCURACY"
        travel(local(day, "18:00"))
        assert attempt(api, "m1a", local(day, "18:00"), accuracy=20, north_m=2500)["reason"] == "OUTSIDE_FENCE"
    travel(local("2026-03-05", "01:00"))
    close(runner, days[-1])


def test_att3_the_streak_alert_names_the_refused_attempts_by_reason(march, runner, travel):
    _weak_week(march, runner, travel)
    by_subject = {a["subject"]["id"]: a for a in _alerts(march, "sec1", "absence_streak")}
    weak = by_subject[march.person_id("m1a")]
    assert "连续离村3天" in weak["body"]
    assert "其间 9 次打卡因定位精度不足被拒、3 次因不在村范围内被拒" in weak["body"], weak["body"]
    empty = by_subject[march.person_id("m1b")]
    assert "其间无被拒的打卡记录" in empty["body"], empty["body"]


def test_att3_attempts_outside_the_run_are_not_named(march, runner, travel):
    travel(local("2026-03-01", "09:00"))  # a Sunday, before the run began: a refused attempt of another day
    assert attempt(march, "m1a", local("2026-03-01"), accuracy=20, north_m=40_000)["reason"] == "OUTSIDE_FENCE"
    _weak_week(march, runner, travel, days=("2026-03-02", "2026-03-03", "2026-03-04"))
    weak = {a["subject"]["id"]: a for a in _alerts(march, "sec1", "absence_streak")}[march.person_id("m1a")]
    assert "其间 9 次打卡因定位精度不足被拒、3 次因不在村范围内被拒" in weak["body"], weak["body"]


def test_att4_the_cumulative_alert_names_the_refused_attempts_of_the_absent_days(api, app, tmp_path, runner, travel):
    app.config["POLICY_OVERRIDES"] = {"absence_cumulative_alert_days": (2, 25)}
    travel(local("2026-03-01", "08:00"))
    api.import_org(standard_org(start="2026-03-01"), tmp_path)
    _weak_week(api, runner, travel, days=("2026-03-02", "2026-03-03"))
    weak = {a["subject"]["id"]: a for a in _alerts(api, "sec1", "absence_cumulative")}[api.person_id("m1a")]
    assert "累计无正当理由离村2天" in weak["body"]
    assert "其间 6 次打卡因定位精度不足被拒、2 次因不在村范围内被拒" in weak["body"], weak["body"]
