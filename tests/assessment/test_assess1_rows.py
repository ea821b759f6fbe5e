"""ASSESS-1: the assessment rows through HTTP (after a fortnight walked through the API and the CLI's
day close), checked against a hand count of the raw records, the scopes and the half-year rule."""

from __future__ import annotations

import math

from tests.assessment.scenario import TOWN1, hand_count, walk
from tests.helpers import assert_error
from tests.orgdata import standard_org


def rows(api, who: str, query: str = "year=2026") -> dict[str, dict]:
    response = api.as_(who).get(f"/assessments?{query}")
    assert response.status_code == 200, response.get_json()
    by_id = {v: k for k, v in api.ids["people"].items()}
    return {by_id[r["person"]["id"]]: r for r in response.get_json()["items"]}


def test_assess1_rows_of_a_town_equal_a_hand_count_of_its_raw_records(fortnight):
    town = rows(fortnight, "sec1")
    assert sorted(town) == sorted(TOWN1)
    target = math.ceil(220 * 305 / 365)  # ATT-1: posted from 2 March, open-ended
    for who in TOWN1:
        row = town[who]
        expected = hand_count(who)
        assert {k: row[k] for k in expected} == expected, who
        assert (row["target"], row["fail_threshold"], row["posted_days"]) == (target, math.ceil(200 * 305 / 365), 305)
        assert row["grade"] is None and row["year_closed"] is False
        summary = fortnight.as_("admin").get(f"/attendance/summary?year=2026&person_id={row['person']['id']}")
        assert {k: row[k] for k in ("attendance_days", "absent_days", "leave_days", "longest_absence_streak")} == {
            k: summary.get_json()[k] for k in ("attendance_days", "absent_days", "leave_days",
                                               "longest_absence_streak")}
    assert town["l2"]["village"]["name"] == "庙沟门村" and town["l1"]["town"]["name"] == "大柳塔镇"
    assert town["l1"]["unit"]["name"] == "市财政局"


def test_assess1_suggested_grade_gives_its_reasons_from_the_policy_table(fortnight):
    town = rows(fortnight, "admin")
    never = town["m2b"]  # never checked in: the pace projects 0 attendance days
    assert never["suggested_grade"] == "不称职"
    assert {(r["rule"], r["grade"]) for r in never["reasons"]} >= {("ATT-2", "不称职"), ("ATT-1", "基本称职")}
    assert never["reasons"][0]["grade"] == "不称职" and "ATT-2" in never["reasons"][0]["text"]
    assert all(r["grade"] in ("不称职", "基本称职") for r in never["reasons"])


def test_assess1_the_city_office_changes_the_grade_table_through_policy_overrides(fresh_api, tmp_path, travel):
    table = [["基本称职", "absent_days", ">=", 1, "ATT-4"]]
    with fresh_api({"POLICY_OVERRIDES": {"assessment_grade_rules": table}}) as api:
        walk(api, tmp_path, travel)
        town = rows(api, "admin")
        assert town["m2b"]["suggested_grade"] == "基本称职"
        assert [r["rule"] for r in town["m2b"]["reasons"]] == ["ATT-4"]
        assert town["m1b"]["suggested_grade"] == ("基本称职" if hand_count("m1b")["absent_days"] else "称职")


def test_assess1_scopes_city_town_unit_and_403_for_cadres(fortnight):
    assert len(rows(fortnight, "admin")) == 9
    assert sorted(rows(fortnight, "sec2")) == ["l3", "m3a", "m3b"]
    assert sorted(rows(fortnight, "viewer1")) == ["l1", "m1a", "m2a"]  # unit u1's cadres
    t1, t2 = fortnight.ids["towns"]["t1"], fortnight.ids["towns"]["t2"]
    assert sorted(rows(fortnight, "admin", f"year=2026&town_id={t2}")) == ["l3", "m3a", "m3b"]
    assert_error(fortnight.as_("sec1").get(f"/assessments?year=2026&town_id={t2}"), 404, "NOT_FOUND")
    assert_error(fortnight.as_("viewer1").get(f"/assessments?year=2026&town_id={t2}"), 404, "NOT_FOUND")
    assert_error(fortnight.as_("admin").get("/assessments?year=2026&town_id=999999"), 404, "NOT_FOUND")
    assert sorted(rows(fortnight, "viewer1", f"year=2026&town_id={t1}")) == ["l1", "m1a", "m2a"]
    for cadre in ("m1a", "l1"):
        assert_error(fortnight.as_(cadre).get("/assessments?year=2026"), 403, "FORBIDDEN")
    assert_error(fortnight.as_("admin").get("/assessments"), 400, "VALIDATION_ERROR")  # year is required


def test_assess1_more_than_half_the_year_is_183_of_365_days(api, tmp_path, travel):
    travel("2026-07-01T08:00:00+08:00")
    doc = standard_org(start="2026-07-02")  # 2 July … 31 December = 183 days > 182.5: assessed
    late = next(p for p in doc["postings"] if p["person"] == "m1b")
    late["start_date"] = "2026-07-03"  # 182 days: not more than half
    ended = next(p for p in doc["postings"] if p["person"] == "m2a")
    ended["start_date"], ended["end_date"] = "2026-01-01", "2026-07-02"  # 183 days: assessed
    api.import_org(doc, tmp_path)
    town = rows(api, "admin")
    assert "m1b" not in town and "m2a" in town and "m1a" in town
    assert town["m1a"]["posted_days"] == 183 and town["m2a"]["posted_days"] == 183
    assert rows(api, "admin", "year=2025") == {}
