"""INSPECT-2, VISIT-1: oversight visits recorded with a check-in at the village, the board of duties,
and the period-end alerts of `flask jobs run oversight-check`, with time travel."""

from __future__ import annotations

import json

from tests.checkin.conftest import body, near_v1
from tests.helpers import assert_error
from tests.oversight.conftest import alerts, called, now_iso


def visit(org, who: str, kind: str, village: str = "v1", point=None):
    return org.as_(who).post("/oversight/visits", json={
        **body(point, captured_at=now_iso()), "kind": kind, "village_id": org.village_id(village)})


def board(org, who: str = "admin", query: str = "year=2026") -> dict[tuple[str, str | None, str], tuple[int, str]]:
    response = org.as_(who).get(f"/oversight/duties?{query}&limit=500")
    assert response.status_code == 200, response.get_json()
    return {(row["duty"], row["subject"]["name"], row["period"]): (row["done"], row["status"])
            for row in response.get_json()["items"]}


def run_check(org, day: str) -> dict:
    result = org.runner.invoke(args=["jobs", "run", "oversight-check", "--date", day])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_inspect2_a_spot_check_with_a_checkin_in_the_village_counts(oc):
    answer = visit(oc, "sec1", "spot_check")
    assert answer.status_code == 201, answer.get_json()
    recorded = answer.get_json()
    assert (recorded["status"], recorded["counts"], recorded["rule"]) == ("accepted", True, "INSPECT-2")
    assert recorded["village"]["name"] == "前石畔村" and recorded["captured_at"].endswith("+08:00")
    assert board(oc, "sec1") == {("town_spot_check", "大柳塔镇", "2026-01"): (0, "missing"),
                                 ("town_spot_check", "大柳塔镇", "2026-02"): (0, "missing"),
                                 ("town_spot_check", "大柳塔镇", "2026-03"): (1, "done")}


def test_inspect2_a_visit_outside_the_fence_is_kept_but_does_not_count(oc):
    answer = visit(oc, "sec1", "spot_check", point=near_v1(north_m=5000))
    assert answer.status_code == 201, answer.get_json()
    recorded = answer.get_json()
    assert (recorded["status"], recorded["reason"], recorded["counts"]) == ("rejected", "OUTSIDE_FENCE", False)
    assert recorded["distance_m"] > 3000 and recorded["message"] and recorded["message_en"]
    assert board(oc, "sec1")[("town_spot_check", "大柳塔镇", "2026-03")] == (0, "open")


def test_inspect2_a_roll_call_is_the_towns_spot_check_or_the_citys_inspection(oc):
    called(oc, "sec2", "m3a")
    assert board(oc)[("town_spot_check", "孙家岔镇", "2026-03")] == (1, "done")
    assert board(oc)[("city_inspection", "市驻村办", "2026-Q1")] == (0, "open")
    called(oc, "admin", "m1a")
    assert board(oc)[("city_inspection", "市驻村办", "2026-Q1")] == (1, "done")
    assert board(oc)[("town_spot_check", "大柳塔镇", "2026-03")] == (0, "open")  # the city's call is not t1's


def test_visit1_unit_visits_are_recorded_by_the_units_account_where_its_cadres_are(oc):
    assert visit(oc, "viewer1", "leader_visit").status_code == 201
    assert visit(oc, "viewer1", "condolence_visit").status_code == 201
    assert_error(visit(oc, "viewer1", "leader_visit", "v3"), 404, "NOT_FOUND")  # no u1 cadre in v3
    error = assert_error(visit(oc, "viewer1", "spot_check"), 422, "RULE_VIOLATION", rule="INSPECT-2")
    assert error["details"]["reason"] == "KIND_NOT_YOURS"
    assert_error(visit(oc, "sec1", "spot_check", "v3"), 404, "NOT_FOUND")  # another town's village
    assert_error(visit(oc, "m1a", "spot_check"), 403, "FORBIDDEN")
    assert board(oc, "viewer1") == {("unit_leader_visit", "市财政局", "2026-H1"): (1, "done"),
                                    ("unit_visit", "市财政局", "2026"): (1, "open")}  # two a year
    assert board(oc)[("unit_leader_visit", "市农业农村局", "2026-H1")] == (0, "open")


def test_inspect2_period_ends_alert_the_city_office_once_per_duty_and_period(oc, travel):
    assert visit(oc, "sec1", "spot_check").status_code == 201  # March for t1
    travel("2026-03-31T00:45:00+08:00")
    assert run_check(oc, "2026-03-30")["missing"] == 4  # January and February of both towns
    travel("2026-04-01T00:45:00+08:00")
    assert run_check(oc, "2026-03-31")["missing"] == 6  # and March of t2, and the city's first quarter
    sent = alerts(oc, "oversight_missed")
    assert [who for who, _ in sent] == ["admin"] * 6
    assert {key for _, key in sent} == {
        f"INSPECT-2:town_spot_check:{oc.ids['towns'][t]}:2026-{m}" for t, m in
        (("t1", "01"), ("t1", "02"), ("t2", "01"), ("t2", "02"), ("t2", "03"))} | {
        "INSPECT-2:city_inspection:None:2026-Q1"}
    run_check(oc, "2026-03-31")
    assert alerts(oc, "oversight_missed") == sent  # a second run (or scheduler) adds nothing
    inbox = oc.as_("admin").get("/alerts").get_json()["items"]
    assert any(item["title"] == "孙家岔镇2026-03未完成镇（街道）月度抽查" for item in inbox)


def test_visit1_missing_unit_visits_are_reported_to_the_city_office_at_the_year_end(oc, travel):
    for kind in ("leader_visit", "condolence_visit", "condolence_visit"):
        assert visit(oc, "viewer1", kind).status_code == 201
    travel("2027-01-01T00:45:00+08:00")
    run_check(oc, "2026-12-31")
    keys = {key for _, key in alerts(oc, "oversight_missed") if key.startswith("VISIT-1")}
    u1, u2 = oc.ids["units"]["u1"], oc.ids["units"]["u2"]
    assert keys == {f"VISIT-1:unit_leader_visit:{u1}:2026-H2", f"VISIT-1:unit_leader_visit:{u2}:2026-H1",
                    f"VISIT-1:unit_leader_visit:{u2}:2026-H2", f"VISIT-1:unit_visit:{u2}:2026"}
