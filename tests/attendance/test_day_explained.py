"""Why a day is what it is: ``GET /attendance/days/{date}`` explains a closed day from the raw records
(§2, ATT-5, CHK-9), and recall cases show their evidence days with the same explanation (RECALL-1)."""

from __future__ import annotations

from tests.attendance.scenario import close, local
from tests.corrections.test_chk9_corrections import ask, attempt, org, weak_day  # noqa: F401 (fixture)
from tests.helpers import assert_error

MONDAY = "2026-03-02"


def explain(api, who: str, day: str, person: str | None = None):
    query = {"person_id": api.person_id(person)} if person else {}
    return api.as_(who).get(f"/attendance/days/{day}", query_string=query)


def test_att5_a_weak_gps_absence_is_explained_then_its_correction(org, runner, travel):  # noqa: F811
    photo = weak_day(org, travel, tries=2)
    travel(local("2026-03-03", "08:00"))
    close(runner, MONDAY)
    day = explain(org, "m1a", MONDAY).get_json()
    assert (day["date"], day["status"], day["corrected"], day["provisional"]) == (MONDAY, "absent", False, True)
    assert "缺勤" in day["why"] and day["why_en"].endswith("absent")
    assert day["calendar"] == {"working_day": True, "source": "official", "provisional": False}
    assert day["village"]["id"] == org.village_id("v1") and day["on_duty"] is False and day["duty"] is None
    assert [(c["status"], c["reason"], c["accuracy_m"]) for c in day["checkins"]] == [
        ("rejected", "LOW_ACCURACY", 900.0)] * 2
    assert all(c["captured_at"].endswith("+08:00") and c["message"] for c in day["checkins"])
    assert day["approvals"] == [] and day["correction"] is None and day["log"] is None
    assert day["counters"] == {"counted_as": "absent_days", "absence_streak": 1, "absent_days_through": 1,
                               "attendance_days_through": 0, "missed_log": None}
    assert explain(org, "l1", MONDAY, "m1a").get_json() == day  # the approver reads the same reasons

    cid = ask(org, "m1a", MONDAY, photo).get_json()["id"]
    assert org.as_("l1").post(f"/corrections/{cid}/approve", json={}).status_code == 200
    day = explain(org, "sec1", MONDAY, "m1a").get_json()
    assert (day["status"], day["corrected"]) == ("present", True) and "补卡" in day["why"]
    assert day["correction"]["id"] == cid and day["correction"]["status"] == "approved"
    assert day["counters"]["counted_as"] == "present_days" and day["counters"]["absent_days_through"] == 0
    assert day["counters"]["attendance_days_through"] == 1 and day["counters"]["absence_streak"] == 0
    assert day["log"] == {"due": True, "written": False, "late": False, "first_written_at": None}


def test_att5_a_present_day_with_a_late_log_and_a_leave_and_a_rest_day(org, runner, travel):  # noqa: F811
    travel(local(MONDAY))
    assert attempt(org, "m1a", local(MONDAY), accuracy=20)["status"] == "accepted"
    travel(local("2026-03-03", "10:00"))
    assert org.as_("m1a").put(f"/logs/{MONDAY}", json={"content": "补录：走访农户"}).status_code == 201
    leave = org.as_("m1a").post("/leave-requests", json={"kind": "leave", "start_date": "2026-03-04",
                                                          "end_date": "2026-03-04", "reason": "看病"}).get_json()
    assert org.as_("l1").post(f"/leave-requests/{leave['id']}/approve", json={}).status_code == 200
    travel(local("2026-03-09", "08:00"))
    close(runner, "2026-03-08")
    monday = explain(org, "m1a", MONDAY).get_json()
    assert monday["status"] == "present" and monday["provisional"] is False and "1次打卡被接受" in monday["why"]
    assert monday["log"]["written"] is True and monday["log"]["late"] is True
    wednesday = explain(org, "m1a", "2026-03-04").get_json()
    assert wednesday["status"] == "leave"
    assert [(a["id"], a["kind"], a["status"], a["covers"]) for a in wednesday["approvals"]] == [
        (leave["id"], "leave", "approved", True)]
    saturday = explain(org, "m1a", "2026-03-07").get_json()
    assert saturday["status"] == "rest" and saturday["calendar"]["working_day"] is False
    assert saturday["counters"]["counted_as"] == "rest_days"
    tuesday = explain(org, "m1a", "2026-03-03").get_json()
    assert tuesday["status"] == "absent" and tuesday["counters"]["absence_streak"] == 1


def test_att5_a_day_not_closed_or_out_of_scope_is_404(org, runner, travel):  # noqa: F811
    travel(local("2026-03-03", "08:00"))
    close(runner, MONDAY)
    assert_error(explain(org, "m1a", "2026-03-03"), 404, "DAY_NOT_CLOSED", rule="ATT-5")
    assert_error(explain(org, "l2", MONDAY, "m1a"), 404, "NOT_FOUND")
    assert_error(explain(org, "m1b", MONDAY, "m1a"), 404, "NOT_FOUND")
    assert_error(org.as_("m1a").get("/attendance/days/2026-02-30"), 400, "VALIDATION_ERROR")
    assert explain(org, "m1a", "2026-02-27").get_json()["status"] == "not_posted"


def test_recall1_a_cases_evidence_days_are_explained_the_same_way(api, app, tmp_path, runner, travel):
    from tests.orgdata import standard_org

    app.config["POLICY_OVERRIDES"] = {"absence_streak_recall_days": 3}
    travel(local("2026-03-01", "08:00"))
    api.import_org(standard_org(start="2026-03-01"), tmp_path)
    for day in ("2026-03-02", "2026-03-03", "2026-03-04"):
        travel(local(day))
        attempt(api, "m1a", local(day))
    travel(local("2026-03-09", "08:00"))  # the grace has ended: the statuses are final at once
    close(runner, "2026-03-08")
    case = next(c for c in api.as_("admin").get("/recall-cases?rule=ATT-3").get_json()["items"]
                if c["person_id"] == api.person_id("m1a"))
    answer = api.as_("sec1").get(f"/recall-cases/{case['id']}/days").get_json()
    assert answer["rule"] == "ATT-3"
    assert [d["date"] for d in answer["days"]] == ["2026-03-02", "2026-03-03", "2026-03-04"]
    assert [d["checkins"][0]["reason"] for d in answer["days"]] == ["LOW_ACCURACY"] * 3
    assert answer["days"][1] == explain(api, "admin", "2026-03-03", "m1a").get_json()
    assert_error(api.as_("sec2").get(f"/recall-cases/{case['id']}/days"), 404, "NOT_FOUND")
    assert_error(api.as_("m1a").get(f"/recall-cases/{case['id']}/days"), 403, "FORBIDDEN")
