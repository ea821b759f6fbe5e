"""REPORT-1: the team's reports to the town (monthly), the unit (quarterly) and the city (half-yearly):
filing, the duty list (done, due, overdue), reminders and overdue alerts by the scheduler job."""

from __future__ import annotations

import json

from tests.helpers import assert_error
from tests.orgdata import standard_org

NOVEMBER = {"period": "2026-11", "to": "town", "content": "十一月：入户走访 32 户，协调产业项目 2 个。"}


def duties(api, who: str, query: str = "") -> dict[tuple[str, str], dict]:
    response = api.as_(who).get(f"/work-reports?limit=500{query}")
    assert response.status_code == 200, response.get_json()
    return {(item["village"]["name"], item["period"]): item for item in response.get_json()["items"]}


def run(api, day: str) -> dict:
    result = api.runner.invoke(args=["jobs", "run", "work-reports", "--date", day])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def inbox(api, who: str, kind: str) -> list[dict]:
    items = api.as_(who).get("/alerts?limit=500").get_json()["items"]
    return [a for a in items if a["kind"] == kind]


def test_report1_leader_files_and_the_list_shows_done_due_overdue(org, travel):
    travel("2026-12-03T10:00:00+08:00")
    filed = org.as_("l1").post("/work-reports", json=NOVEMBER)
    assert filed.status_code == 201, filed.get_json()
    body = filed.get_json()
    assert (body["village"]["name"], body["period"], body["to"], body["late"]) == ("前石畔村", "2026-11", "town", False)
    assert body["author"]["name"] == "张三" and body["submitted_at"].endswith("+08:00")
    v1 = duties(org, "sec1", f"&village_id={org.village_id('v1')}&year=2026")
    assert len(v1) == 12 + 4 + 2  # every period of the year has begun
    assert v1[("前石畔村", "2026-11")]["state"] == "done" and v1[("前石畔村", "2026-11")]["report"]["id"] == body["id"]
    assert v1[("前石畔村", "2026-11")]["due_on"] == "2026-12-05"
    assert v1[("前石畔村", "2026-10")]["state"] == "overdue"  # due 2026-11-05
    assert v1[("前石畔村", "2026-12")]["state"] == "due"
    assert (v1[("前石畔村", "2026-Q4")]["to"], v1[("前石畔村", "2026-Q4")]["due_on"]) == ("unit", "2027-01-05")
    assert v1[("前石畔村", "2026-Q3")]["state"] == "overdue"
    assert (v1[("前石畔村", "2026-H2")]["to"], v1[("前石畔村", "2026-H2")]["state"]) == ("city", "due")
    overdue = duties(org, "admin", "&year=2026&state=overdue")
    assert ("沙峁村", "2026-10") in overdue and ("前石畔村", "2026-11") not in overdue


def test_report1_late_report_is_marked_late(org, travel):
    travel("2026-12-06T10:00:00+08:00")
    body = org.as_("l1").post("/work-reports", json=NOVEMBER).get_json()
    assert body["late"] is True
    assert duties(org, "l1", "&period=2026-11")[("前石畔村", "2026-11")]["state"] == "done"


def test_report1_each_level_reads_its_scope(org, travel):
    travel("2026-12-03T10:00:00+08:00")
    assert org.as_("l1").post("/work-reports", json=NOVEMBER).status_code == 201
    assert {v for v, _ in duties(org, "sec1", "&period=2026-11")} == {"前石畔村", "庙沟门村"}
    assert {v for v, _ in duties(org, "sec2", "&period=2026-11")} == {"沙峁村"}
    assert {v for v, _ in duties(org, "admin", "&period=2026-11")} == {"前石畔村", "庙沟门村", "沙峁村"}
    assert {v for v, _ in duties(org, "viewer1", "&period=2026-11")} == {"前石畔村", "庙沟门村"}  # u1's cadres
    assert {v for v, _ in duties(org, "m1a", "&period=2026-11")} == {"前石畔村"}  # the team reads its own
    seen = duties(org, "viewer1", "&period=2026-11")[("前石畔村", "2026-11")]
    assert seen["report"]["content"] == NOVEMBER["content"]
    assert_error(org.as_("sec2").get(f"/work-reports?village_id={org.village_id('v1')}"), 404, "NOT_FOUND")


def test_report1_only_the_leader_writes_for_the_team(org, travel):
    travel("2026-12-03T10:00:00+08:00")
    assert_error(org.as_("m1a").post("/work-reports", json=NOVEMBER), 403, "NOT_TEAM_LEADER", "REPORT-1")
    assert_error(org.as_("sec1").post("/work-reports", json=NOVEMBER), 403, "FORBIDDEN")


def test_report1_a_team_without_a_leader_reports_through_a_member(api, tmp_path, travel):
    travel("2026-12-03T10:00:00+08:00")
    doc = standard_org()
    doc["postings"] = [p for p in doc["postings"] if p["person"] != "l2"]
    api.import_org(doc, tmp_path)
    filed = api.as_("m2a").post("/work-reports", json=NOVEMBER)
    assert filed.status_code == 201, filed.get_json()
    assert filed.get_json()["village"]["name"] == "庙沟门村"


def test_report1_bad_reports_are_refused(org, travel):
    travel("2026-12-03T10:00:00+08:00")
    wrong = assert_error(org.as_("l1").post("/work-reports", json={**NOVEMBER, "to": "city"}), 422,
                         "RULE_VIOLATION", "REPORT-1")
    assert wrong["details"] == {"rule": "REPORT-1", "reason": "WRONG_LEVEL", "period": "2026-11", "to": "town"}
    future = org.as_("l1").post("/work-reports", json={**NOVEMBER, "period": "2027-H1", "to": "city"})
    assert assert_error(future, 422, "RULE_VIOLATION", "REPORT-1")["details"]["reason"] == "PERIOD_IN_FUTURE"
    before = org.as_("l1").post("/work-reports", json={**NOVEMBER, "period": "2025-Q4", "to": "unit"})
    assert assert_error(before, 422, "RULE_VIOLATION", "REPORT-1")["details"]["reason"] == "NO_TEAM_IN_PERIOD"
    blank = org.as_("l1").post("/work-reports", json={**NOVEMBER, "content": "   "})
    assert assert_error(blank, 422, "RULE_VIOLATION", "REPORT-1")["details"]["reason"] == "CONTENT_LENGTH"
    photo = org.as_("l1").post("/work-reports", json={**NOVEMBER, "attachment_ids": [999999]})
    assert_error(photo, 422, "PHOTO_NOT_FOUND", "CHK-8")
    assert_error(org.as_("l1").post("/work-reports", json={**NOVEMBER, "period": "2026-13"}), 400,
                 "VALIDATION_ERROR")
    assert org.as_("l1").post("/work-reports", json=NOVEMBER).status_code == 201
    assert_error(org.as_("l1").post("/work-reports", json=NOVEMBER), 409, "REPORT_ALREADY_FILED")


def test_report1_job_reminds_before_the_due_date_and_alerts_the_level_above_once(org, travel):
    travel("2026-12-01T09:00:00+08:00")
    early = run(org, "2026-12-01")  # 2026-11 is due 2026-12-05: reminders from 12-02
    assert not [a for a in inbox(org, "l1", "report_due") if "2026-11向" in a["body"]]
    assert early["overdue"] > 0  # 2026-10 and earlier, never filed
    travel("2026-12-02T09:00:00+08:00")
    assert org.as_("l3").post("/work-reports", json=NOVEMBER).status_code == 201  # v3 has filed
    first = run(org, "2026-12-02")
    reminders = [a for a in inbox(org, "l1", "report_due") if "2026-11向" in a["body"]]
    assert len(reminders) == 1 and "前石畔村" in reminders[0]["body"] and reminders[0]["rule"] == "REPORT-1"
    assert not [a for a in inbox(org, "l3", "report_due") if "2026-11向" in a["body"]]  # filed: no reminder
    assert not inbox(org, "m1a", "report_due")  # the leader writes, the leader is reminded
    assert run(org, "2026-12-02") == {"reminded": 0, "overdue": 0}  # idempotent
    assert first["reminded"] == 2  # v1 and v2
    travel("2026-12-06T09:00:00+08:00")
    run(org, "2026-12-06")
    to_town = [a for a in inbox(org, "sec1", "report_overdue") if "2026-11向" in a["body"]]
    assert {a["body"][:4] for a in to_town} == {"前石畔村", "庙沟门村"}
    assert all(a["rule"] == "REPORT-1" for a in to_town)
    assert not [a for a in inbox(org, "sec2", "report_overdue") if "2026-11向" in a["body"]]  # v3 filed
    quarter = [a for a in inbox(org, "viewer1", "report_overdue") if "2026-Q3向" in a["body"]]
    assert {a["body"][:4] for a in quarter} == {"前石畔村", "庙沟门村"}  # u1 has cadres in v1 and v2
    half = [a for a in inbox(org, "admin", "report_overdue") if "2026-H1向" in a["body"]]
    assert len(half) == 3
    assert run(org, "2026-12-06") == {"reminded": 0, "overdue": 0}
    assert len([a for a in inbox(org, "sec1", "report_overdue") if "2026-11向" in a["body"]]) == 2
