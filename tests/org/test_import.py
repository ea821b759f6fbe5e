"""Org import (API.md): ORG-1..4 validation, all-or-nothing, upsert, fences converted to WGS-84."""

from __future__ import annotations

import json

import pytest

from geofence.coords import gcj02_to_wgs84
from tests.helpers import assert_error
from tests.orgdata import V1_GCJ, standard_org


def post_import(org, document, who="admin"):
    return org.as_(who).post("/admin/org-import", json=document)


def problems_of(response) -> list[dict]:
    error = assert_error(response, 422, "RULE_VIOLATION")
    return error["details"]["problems"]


def people_count(org) -> int:
    return len(org.as_("admin").get("/people?limit=500").get_json()["items"])


def test_import_creates_and_reports_ids_and_invite_codes(api):
    response = api.as_(None).post("/admin/org-import", json=standard_org())
    assert_error(response, 401, "TOKEN_INVALID")


def test_reimport_is_idempotent_and_counts_only_changes(org):
    doc = standard_org()
    again = post_import(org, doc)
    assert again.status_code == 200, again.get_json()
    body = again.get_json()
    assert body["created"] == {"towns": 0, "units": 0, "villages": 0, "people": 0, "postings": 0}
    assert body["updated"] == {"towns": 0, "units": 0, "villages": 0, "people": 0, "postings": 0}
    assert body["ids"]["people"]["m1a"] == org.person_id("m1a")
    assert set(body["invite_codes"]) == {p["key"] for p in doc["people"]}
    doc["people"][1]["name"] = "李四（改）"
    doc["villages"][0]["fences"][0]["radius_m"] = 1500
    changed = post_import(org, doc).get_json()
    assert changed["updated"]["people"] == 1 and changed["updated"]["villages"] == 1
    assert people_count(org) == 13


def test_gcj02_fence_is_stored_in_wgs84(org):
    villages = {v["name"]: v for v in org.as_("admin").get("/villages").get_json()["items"]}
    fence = villages["前石畔村"]["fences"][0]
    expected = gcj02_to_wgs84(*V1_GCJ)
    assert fence["center"] == pytest.approx(list(expected), abs=1e-7)
    assert abs(fence["center"][0] - V1_GCJ[0]) > 1e-4  # the conversion really moved it
    assert villages["沙峁村"]["fences"][0]["kind"] == "polygon"


def test_bd09_fence_is_converted(org):
    doc = {"villages": [{"key": "vb", "town": "t1", "name": "百度村",
                         "fences": [{"kind": "circle", "center": [39.2763, 110.2966], "coord_system": "bd09"}]}]}
    assert post_import(org, doc).status_code == 200
    village = next(v for v in org.as_("admin").get("/villages").get_json()["items"] if v["key"] == "vb")
    fence = village["fences"][0]
    assert fence["radius_m"] == 1000  # CHK-1 default radius
    assert fence["center"][0] < 39.2763 and fence["center"][1] < 110.2966


def test_org4_leader_who_is_not_a_party_member_is_refused(org):
    doc = standard_org()
    doc["people"][0]["party_member"] = False
    problems = problems_of(post_import(org, doc))
    assert any(p["rule"] == "ORG-4" and p["section"] == "postings" for p in problems)


def test_org4_leader_with_under_a_year_of_party_standing_is_refused(org):
    doc = standard_org()
    doc["people"][0]["party_joined_on"] = "2025-06-01"  # posting starts 2026-01-01
    problems = problems_of(post_import(org, doc))
    assert [p["rule"] for p in problems] == ["ORG-4"] and "党龄" in problems[0]["message"]


def test_org4_leader_with_exactly_one_year_standing_is_allowed(org):
    doc = standard_org()
    doc["people"][0]["party_joined_on"] = "2025-01-01"
    assert post_import(org, doc).status_code == 200


def test_org4_leader_with_under_two_years_of_work_is_refused(org):
    doc = standard_org()
    doc["people"][0]["work_started_on"] = "2024-03-01"
    problems = problems_of(post_import(org, doc))
    assert problems[0]["rule"] == "ORG-4" and "工作经历" in problems[0]["message"]


@pytest.mark.parametrize("source", ["temporary", "public_welfare", "seconded", "logistics"])
def test_org4_excluded_sources_may_not_be_posted(org, source):
    doc = standard_org()
    doc["people"][1]["source"] = source  # m1a, a member
    problems = problems_of(post_import(org, doc))
    assert problems[0]["rule"] == "ORG-4" and problems[0]["person"] == "m1a"


def test_org4_member_not_in_party_is_allowed_with_a_note(org):
    body = post_import(org, standard_org()).get_json()
    assert any("m1b" in n["key"] and n["rule"] == "ORG-4" for n in body["notes"])


def test_import_is_all_or_nothing_and_lists_every_problem(org):
    doc = standard_org()
    doc["people"].append({"key": "new1", "name": "新人", "role": "member", "unit": "u1", "source": "temporary"})
    doc["postings"].append({"person": "new1", "village": "v1", "role": "member", "start_date": "2026-02-01"})
    doc["villages"].append({"key": "vx", "town": "nowhere", "name": "无镇村"})
    doc["people"].append({"key": "bad", "role": "member"})  # no name
    doc["people"].append({"key": "sec9", "name": "无镇书记", "role": "town_secretary", "town": None})
    problems = problems_of(post_import(org, doc))
    keys = {(p["section"], p["key"], p["rule"]) for p in problems}
    assert ("villages", "vx", "ORG-1") in keys
    assert ("people", "bad", "ORG-2") in keys
    assert ("people", "sec9", "ORG-2") in keys
    assert any(p["section"] == "postings" and p["rule"] == "ORG-4" for p in problems)
    assert people_count(org) == 13  # nothing written


def test_posting_role_must_match_person_role(org):
    doc = standard_org()
    doc["postings"].append({"person": "m2a", "village": "v3", "role": "leader", "start_date": "2027-01-01"})
    problems = problems_of(post_import(org, doc))
    assert any(p["rule"] == "ORG-2" for p in problems)


def test_org1_overlapping_postings_of_one_person_are_refused(org):
    doc = {"postings": [{"person": "m1a", "village": "v2", "role": "member", "start_date": "2026-06-01"}]}
    problems = problems_of(post_import(org, doc))
    assert problems[0]["rule"] == "ORG-1"
    ended = {"postings": [
        {"person": "m1a", "village": "v1", "role": "member", "start_date": "2026-01-01", "end_date": "2026-05-31"},
        {"person": "m1a", "village": "v2", "role": "member", "start_date": "2026-06-01"}]}
    assert post_import(org, ended).status_code == 200


def test_duplicate_keys_and_bad_shapes_are_problems(org):
    doc = {"towns": [{"key": "t9", "name": "甲"}, {"key": "t9", "name": "乙"}],
           "villages": [{"key": "v9", "town": "t1", "name": "坏围栏村",
                         "fences": [{"kind": "circle", "center": [999, 0]}, {"kind": "polygon", "points": [[1, 2]]}]}]}
    problems = problems_of(post_import(org, doc))
    assert {(p["section"], p["key"]) for p in problems} == {("towns", "t9"), ("villages", "v9")}


def test_import_document_must_be_an_object(org):
    assert_error(post_import(org, [1, 2]), 400, "VALIDATION_ERROR")
    assert_error(post_import(org, {"people": "nope"}), 400, "VALIDATION_ERROR")


def test_only_city_admin_imports(org):
    assert_error(post_import(org, standard_org(), who="sec1"), 403, "FORBIDDEN", rule="ORG-2")


def test_cli_import_prints_problems_and_exits_1(org, runner, tmp_path):
    doc = standard_org()
    doc["people"][0]["source"] = "seconded"
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    result = runner.invoke(args=["import-org", str(path)])
    assert result.exit_code == 1
    assert json.loads(result.output)["error"]["details"]["problems"][0]["rule"] == "ORG-4"
    path.write_text("{broken", encoding="utf-8")
    assert runner.invoke(args=["import-org", str(path)]).exit_code == 1


def test_seed_demo_is_repeatable_and_has_a_history(runner, travel):
    travel("2026-11-20T09:00:00+08:00")
    first = runner.invoke(args=["seed-demo"])
    assert first.exit_code == 0, first.output
    assert json.loads(first.stdout)["history_days_seeded"] == 45
    travel("2027-01-05T09:00:00+08:00")  # a new year: the posting date is kept, nothing overlaps (ORG-1)
    second = runner.invoke(args=["seed-demo"])
    assert second.exit_code == 0, second.output
    again = json.loads(second.stdout)
    assert again["created"]["people"] == 0 and again["created"]["postings"] == 0 and len(again["invite_codes"]) == 8
    assert again["history_days_seeded"] == 0


def test_issue_token_for_unknown_person_fails(runner):
    assert runner.invoke(args=["issue-token", "nobody"]).exit_code == 1


def test_org3_composition_lists_villages_that_fall_short(org):
    doc = {"postings": [{"person": "m3b", "village": "v3", "role": "member", "start_date": "2026-01-01",
                         "end_date": "2026-02-01"}]}
    assert post_import(org, doc).status_code == 200
    items = org.as_("admin").get("/admin/composition").get_json()["items"]
    assert [(i["village"]["name"], i["members_needed"]) for i in items] == [("沙峁村", 1)]
    assert org.as_("sec1").get("/admin/composition").get_json()["items"] == []  # not their town
    assert org.as_("sec2").get("/admin/composition").get_json()["items"][0]["leaders_needed"] == 0
    assert_error(org.as_("l3").get("/admin/composition"), 403, "FORBIDDEN")
