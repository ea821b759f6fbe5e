"""ORG-5: planned terms, postings ending soon, rotations with a handover of ≥ 30 working days, and
the org import applying the same checks. Dates of 2026 use the official calendar (清明 on Monday
6 April, 劳动节 1–5 May with Saturday 9 May worked)."""

from __future__ import annotations

from datetime import date

import pytest

from app.org.rules import handover_problems, planned_term_end
from tests.helpers import assert_error
from tests.orgdata import _cadre, standard_org

SPARES = {"people": [_cadre("n1", "新书记", "leader", "u1"), _cadre("n2", "新队员", "member", "u2")]}


@pytest.fixture
def terms(org, travel, tmp_path):
    travel("2026-03-02T09:00:00+08:00")
    org.import_org(SPARES, tmp_path)
    return org


def posting_id(org, who: str) -> int:
    people = org.as_("admin").get("/people?limit=500").get_json()["items"]
    return next(p["posting"]["id"] for p in people if p["id"] == org.person_id(who))


def rotate(org, who: str, successor: str, start: str, end: str | None = None, reason: str | None = None):
    body = {"successor_id": org.person_id(successor), "handover_start": start}
    if end:
        body["handover_end"] = end
    if reason:
        body["reason"] = reason
    return org.as_("admin").post(f"/postings/{posting_id(org, who)}/rotation", json=body)


def ending(org, who: str = "admin", within: int = 90) -> list[dict]:
    response = org.as_(who).get(f"/postings/ending?within_days={within}&limit=500")
    assert response.status_code == 200, response.get_json()
    return response.get_json()["items"]


def reimport(org, doc: dict):
    return org.as_("admin").post("/admin/org-import", json=doc)


def test_org5_a_posting_is_planned_for_two_years_and_listed_90_days_before(terms, travel):
    assert ending(terms, within=366) == []  # the terms end on 2027-12-31
    travel("2027-10-04T09:00:00+08:00")  # 88 days before
    items = ending(terms)
    assert len(items) == 9 and {i["planned_end_date"] for i in items} == {"2027-12-31"}
    assert {i["town"]["name"] for i in ending(terms, "sec1")} == {"大柳塔镇"} and len(ending(terms, "sec1")) == 6
    assert len(ending(terms, "sec2")) == 3
    assert_error(terms.as_("l1").get("/postings/ending"), 403, "FORBIDDEN")
    travel("2027-09-30T09:00:00+08:00")  # 92 days before
    assert ending(terms) == []


def test_org5_rotation_opens_a_handover_of_30_working_days_with_both_posted(terms, travel):
    answer = rotate(terms, "l1", "n1", "2026-03-02", reason="health")
    assert answer.status_code == 201, answer.get_json()
    handover = answer.get_json()
    # By hand: 30 working days from Monday 2 March, 清明 (Monday 6 April) off → Monday 13 April.
    assert (handover["start_date"], handover["end_date"], handover["working_days"]) == ("2026-03-02", "2026-04-13", 30)
    assert handover["leaving"]["person"]["name"] == "张三" and handover["successor"]["person"]["name"] == "新书记"
    assert handover["reason"] == "health" and handover["role"] == "leader"
    leaders = terms.as_("admin").get(f"/people?village_id={terms.village_id('v1')}&role=leader").get_json()["items"]
    assert {p["name"]: p["posting"]["village"]["name"] for p in leaders} == {"张三": "前石畔村", "新书记": "前石畔村"}
    listed = {i["person"]["name"]: i for i in ending(terms)}
    assert listed["张三"]["end_date"] == "2026-04-13" and listed["张三"]["handover"]["successor"]["name"] == "新书记"
    travel("2026-04-14T09:00:00+08:00")  # the handover is over: the leaving cadre is released
    leaders = terms.as_("admin").get(f"/people?village_id={terms.village_id('v1')}&role=leader").get_json()["items"]
    assert {p["name"]: (p["posting"] or {}).get("start_date") for p in leaders} == {"张三": None,
                                                                                   "新书记": "2026-03-02"}


def test_org5_the_handover_counts_working_days_of_the_official_calendar(terms):
    # By hand: from Monday 27 April, 1–5 May are off and Saturday 9 May is worked → Tuesday 9 June.
    answer = rotate(terms, "m1b", "n2", "2026-04-27", reason="transfer_out")
    assert answer.status_code == 201, answer.get_json()
    assert answer.get_json()["end_date"] == "2026-06-09"


def test_org5_a_handover_shorter_than_the_policy_is_422(terms):
    error = assert_error(rotate(terms, "l1", "n1", "2026-03-02", "2026-04-10", "health"), 422, "RULE_VIOLATION",
                         rule="ORG-5")
    assert error["details"]["reason"] == "HANDOVER_TOO_SHORT"
    assert (error["details"]["working_days"], error["details"]["required"]) == (29, 30)
    assert error["details"]["earliest_end"] == "2026-04-13"


def test_org5_an_early_rotation_needs_health_or_transfer_out_never_promotion(terms):
    error = assert_error(rotate(terms, "l1", "n1", "2026-03-02", reason="promotion"), 422, "RULE_VIOLATION",
                         rule="ORG-5")
    assert error["details"]["reason"] == "PROMOTION_NOT_ALLOWED"
    error = assert_error(rotate(terms, "l1", "n1", "2026-03-02"), 422, "RULE_VIOLATION", rule="ORG-5")
    assert error["details"]["reason"] == "REASON_REQUIRED"
    assert rotate(terms, "l1", "n1", "2026-03-02", reason="transfer_out").status_code == 201


def test_org5_a_rotation_at_the_term_end_needs_no_reason(terms, travel):
    travel("2027-10-04T09:00:00+08:00")
    error = assert_error(rotate(terms, "l1", "n1", "2027-11-01"), 422, "RULE_VIOLATION", rule="ORG-5")
    assert error["details"]["earliest_end"] == "2027-12-10"  # 30 working days end before the term does
    answer = rotate(terms, "l1", "n1", "2027-11-01", "2027-12-31")  # the leaving cadre stays to the term's end
    assert answer.status_code == 201, answer.get_json()
    assert (answer.get_json()["reason"], answer.get_json()["working_days"]) == (None, 45)  # by hand: 9 weeks


def test_org5_a_successor_already_posted_elsewhere_is_422(terms):
    error = assert_error(rotate(terms, "l1", "l2", "2026-03-02", reason="health"), 422, "RULE_VIOLATION",
                         rule="ORG-5")
    assert error["details"]["reason"] == "SUCCESSOR_POSTED"
    error = assert_error(rotate(terms, "l1", "n2", "2026-03-02", reason="health"), 422, "RULE_VIOLATION",
                         rule="ORG-5")
    assert error["details"]["reason"] == "ROLE_MISMATCH"


def test_org5_one_rotation_per_posting_and_only_by_the_city_office(terms):
    assert rotate(terms, "l1", "n1", "2026-03-02", reason="health").status_code == 201
    pid = posting_id(terms, "l1")
    again = terms.as_("admin").post(f"/postings/{pid}/rotation", json={
        "successor_id": terms.person_id("n2"), "handover_start": "2026-03-03", "reason": "health"})
    assert_error(again, 409, "POSTING_NOT_OPEN")
    by_sec = terms.as_("sec1").post(f"/postings/{pid}/rotation", json={
        "successor_id": terms.person_id("n2"), "handover_start": "2026-03-03"})
    assert_error(by_sec, 403, "FORBIDDEN")
    assert_error(terms.as_("admin").post("/postings/99999/rotation", json={
        "successor_id": terms.person_id("n2"), "handover_start": "2026-03-03"}), 404, "NOT_FOUND")


def test_org5_the_leaving_posting_cannot_end_before_the_handover_in_the_import(terms):
    assert rotate(terms, "l1", "n1", "2026-03-02", reason="health").status_code == 201
    doc = {"postings": [{"person": "l1", "village": "v1", "role": "leader", "start_date": "2026-01-01",
                         "end_date": "2026-03-31"}]}
    error = assert_error(reimport(terms, doc), 422, "RULE_VIOLATION", rule="ORG-5")
    assert [p["rule"] for p in error["details"]["problems"]] == ["ORG-5"]
    doc["postings"][0]["end_date"] = "2026-04-13"
    assert reimport(terms, doc).status_code == 200


def test_org5_the_import_opens_a_handover_with_the_same_checks(terms):
    doc = {"postings": [
        {"person": "l1", "village": "v1", "role": "leader", "start_date": "2026-01-01", "end_date": "2026-03-20"},
        {"person": "n1", "village": "v1", "role": "leader", "start_date": "2026-03-02", "handover_of": "l1",
         "rotation_reason": "promotion"}]}
    error = assert_error(reimport(terms, doc), 422, "RULE_VIOLATION", rule="ORG-5")
    assert sorted(p.get("reason") for p in error["details"]["problems"]) == ["HANDOVER_TOO_SHORT",
                                                                           "PROMOTION_NOT_ALLOWED"]
    doc["postings"][0]["end_date"], doc["postings"][1]["rotation_reason"] = "2026-04-13", "transfer_out"
    assert reimport(terms, doc).status_code == 200, reimport(terms, doc).get_json()
    assert reimport(terms, doc).status_code == 200  # the same document again changes nothing
    listed = {i["person"]["name"]: i for i in ending(terms)}
    assert listed["张三"]["handover"] == {"successor": {"id": terms.person_id("n1"), "name": "新书记"},
                                        "start_date": "2026-03-02", "end_date": "2026-04-13", "working_days": 30}
    again = terms.as_("admin").post(f"/postings/{posting_id(terms, 'l1')}/rotation", json={
        "successor_id": terms.person_id("n2"), "handover_start": "2026-03-03", "reason": "health"})
    assert_error(again, 409, "POSTING_NOT_OPEN")


def test_org5_a_planned_term_under_two_years_is_refused_by_the_import(terms):
    doc = standard_org()
    doc["postings"][0]["planned_end_date"] = "2027-06-30"
    error = assert_error(reimport(terms, doc), 422, "RULE_VIOLATION", rule="ORG-5")
    assert "2027-12-31" in error["details"]["problems"][0]["message"]
    doc["postings"][0]["planned_end_date"] = "2028-06-30"  # a longer term is fine
    assert reimport(terms, doc).status_code == 200


def test_org5_the_planned_term_end_of_a_leap_day_start():
    assert planned_term_end(date(2026, 1, 1), 2) == date(2027, 12, 31)
    assert planned_term_end(date(2028, 2, 29), 2) == date(2030, 2, 27)  # 28 Feb is the anniversary


def test_org5_handover_rules_on_plain_data():
    term_end = date(2027, 12, 31)
    assert handover_problems(working_days=30, required=30, ends_on=term_end, planned_end=term_end, reason=None) == []
    assert [p.code for p in handover_problems(working_days=29, required=30, ends_on=date(2026, 5, 1),
                                              planned_end=term_end, reason="promotion")] == [
        "HANDOVER_TOO_SHORT", "PROMOTION_NOT_ALLOWED"]
    assert handover_problems(working_days=31, required=30, ends_on=date(2026, 5, 1), planned_end=term_end,
                             reason="transfer_out") == []
