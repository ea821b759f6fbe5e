"""RECALL-3: an open case whose ground no longer holds after a re-evaluation (the calendar entered,
a late approval) is withdrawn automatically with its cause; a confirmed case never changes by late
data; the city office can reopen a decided case for review. Through the HTTP API and `flask jobs
run`, with time travel."""

from __future__ import annotations

from datetime import datetime

from tests.attendance.scenario import cases, checkin, close, local, summary
from tests.duty.helpers import HOLIDAYS_2027, WORKDAYS_2027, alerts
from tests.helpers import assert_error
from tests.leave.conftest import act, asked
from tests.orgdata import standard_org


def case_of(api, who: str, rule: str, year: int) -> dict:
    [case] = [c for c in cases(api, rule=rule, year=year) if c["person_id"] == api.person_id(who)]
    return case


def decide(api, case_id: int, action: str, reason: str = "经核实") -> dict:
    response = api.as_("admin").post(f"/recall-cases/{case_id}/{action}", json={"reason": reason})
    assert response.status_code == 200, response.get_json()
    return response.get_json()


def test_recall3_entering_2027_withdraws_an_att4_case_resting_on_provisional_working_days(api, runner, travel,
                                                                                          tmp_path):
    """Nobody checks in from 28 December 2026. On the provisional calendar (no 调休) 9–12 February
    2027 are working days, so the 31st absent day is 17 February (final on the 21st): ATT-4 opens.
    The notice makes 5–12 February the Spring Festival break and Saturday 20 February a make-up
    workday: 27 final absent days — the case is withdrawn; a confirmed one stays."""
    travel(local("2026-12-28", "08:00"))
    api.import_org(standard_org(start="2026-12-28"), tmp_path)
    travel(local("2027-02-21", "01:00"))
    close(runner, "2027-02-20")
    m1a = case_of(api, "m1a", "ATT-4", 2027)
    assert m1a["status"] == "open" and m1a["evidence"]["count"] == 31
    assert "2027-02-09" in m1a["evidence"]["absent_days"]
    confirmed = decide(api, case_of(api, "m1b", "ATT-4", 2027)["id"], "confirm")
    assert confirmed["status"] == "confirmed"
    streak = case_of(api, "m1a", "ATT-3", 2027)
    assert streak["status"] == "open"

    travel(local("2027-02-21", "09:00"))
    stored = api.as_("admin").put("/admin/calendar/2027", json={"holidays": HOLIDAYS_2027,
                                                                "workdays": WORKDAYS_2027, "note": "国办发明电"})
    assert stored.status_code == 200, stored.get_json()

    statuses = {d["date"]: d["status"] for d in api.as_("m1a").get(
        "/attendance/days?from=2027-02-09&to=2027-02-20").get_json()["items"]}
    assert statuses["2027-02-09"] == "rest" and statuses["2027-02-20"] == "absent"
    withdrawn = case_of(api, "m1a", "ATT-4", 2027)
    assert withdrawn["status"] == "withdrawn" and withdrawn["withdrawn_at"].endswith("+08:00")
    assert withdrawn["cause"]["change"] == {"kind": "calendar", "year": 2027, "version": 1}
    assert "2027年节假日安排" in withdrawn["cause"]["reason"] and "27天" in withdrawn["cause"]["reason"]
    assert withdrawn["decided_at"] is None
    assert [c["id"] for c in cases(api, status="withdrawn", rule="ATT-4")] == sorted(
        (c["id"] for c in cases(api, rule="ATT-4") if c["status"] == "withdrawn"), reverse=True)
    assert api.person_id("m1b") not in {c["person_id"] for c in cases(api, status="withdrawn")}
    assert case_of(api, "m1b", "ATT-4", 2027)["status"] == "confirmed"  # never changed by late data
    assert case_of(api, "m1b", "ATT-4", 2027)["cause"] is None
    assert case_of(api, "m1a", "ATT-3", 2027)["status"] == "open"  # its run still holds

    told = {a.recipient_id for a in alerts(api, "recall_withdrawn") if a.payload["case_id"] == withdrawn["id"]}
    assert {api.person_id("admin"), api.person_id("m1a"), api.person_id("sec1")} <= told
    inbox = [a for a in api.as_("m1a").get("/alerts").get_json()["items"] if a["kind"] == "recall_withdrawn"]
    assert inbox and inbox[0]["rule"] == "RECALL-3" and "李四" in inbox[0]["title"]

    # the ground holds again (absences go on): the same case opens again, its withdrawal kept
    for night in ("2027-02-24", "2027-02-28"):  # 22 February final: 27 + 18, 19, 20 (调休), 22
        travel(local(night, "01:00"))
        close(runner, night)
    again = case_of(api, "m1a", "ATT-4", 2027)
    assert again["status"] == "open" and again["cause"] is None and again["evidence"]["count"] == 31
    assert again["history"][0]["status"] == "withdrawn"
    assert summary(api, "m1a", year=2027)["absent_days"] >= 31


def test_recall3_a_late_approval_withdraws_an_open_att3_case_and_never_a_confirmed_one(api, runner, travel,
                                                                                      tmp_path):
    """m1a and m1b ask leave for 3–5 March that nobody approves in time; absent 3–17 March, their
    ATT-3 cases open. Approved late (LV-8), the run is 6–17 March: 12 days."""
    travel(local("2026-03-02", "08:00"))
    api.import_org(standard_org(start="2026-03-02"), tmp_path)
    requests = {who: asked(api, who, "2026-03-03", "2026-03-05")["id"] for who in ("m1a", "m1b")}
    for who in ("m1a", "m1b"):
        checkin(api, who, local("2026-03-02"), travel)
        checkin(api, who, local("2026-03-18"), travel)
    travel(local("2026-03-21", "01:00"))
    close(runner, "2026-03-20")
    m1a, m1b = case_of(api, "m1a", "ATT-3", 2026), case_of(api, "m1b", "ATT-3", 2026)
    assert m1a["status"] == m1b["status"] == "open" and m1a["evidence"]["length"] == 15
    decide(api, m1b["id"], "confirm")

    travel(local("2026-03-21", "09:00"))
    for rid in requests.values():
        assert act(api, "l1", rid, "approve", "同意").status_code == 200
        answer = act(api, "sec1", rid, "approve", "情况属实，补批")
        assert answer.status_code == 200 and answer.get_json()["status"] == "approved", answer.get_json()

    assert case_of(api, "m1b", "ATT-3", 2026)["status"] == "confirmed"
    withdrawn = case_of(api, "m1a", "ATT-3", 2026)
    assert withdrawn["status"] == "withdrawn"
    assert withdrawn["cause"]["change"] == {"kind": "late_data",
                                            "days": ["2026-03-03", "2026-03-04", "2026-03-05"]}
    assert "12天" in withdrawn["cause"]["reason"] and withdrawn["cause"]["reason_en"]
    assert summary(api, "m1a")["longest_absence_streak"] == 12

    # the nightly close does not open it again: the ground is gone
    travel(local("2026-03-22", "01:00"))
    close(runner, "2026-03-21")
    assert case_of(api, "m1a", "ATT-3", 2026)["status"] == "withdrawn"


def test_recall3_the_city_office_reopens_a_decided_case_for_review(api, runner, travel, tmp_path):
    travel(local("2026-03-02", "08:00"))
    api.import_org(standard_org(start="2026-03-02"), tmp_path)
    travel(local("2026-03-21", "01:00"))
    close(runner, "2026-03-20")
    confirmed = decide(api, case_of(api, "m1a", "ATT-3", 2026)["id"], "confirm", "连续离村属实")
    dismissed = decide(api, case_of(api, "m1b", "ATT-3", 2026)["id"], "dismiss", "因病住院")
    open_case = case_of(api, "l1", "ATT-3", 2026)

    admin = api.as_("admin")
    assert_error(api.as_("m1a").post(f"/recall-cases/{confirmed['id']}/reopen", json={"reason": "申诉"}),
                 403, "FORBIDDEN")
    assert_error(api.as_("sec1").post(f"/recall-cases/{confirmed['id']}/reopen", json={"reason": "申诉复核"}),
                 403, "FORBIDDEN", rule="RECALL-3")
    assert_error(api.as_("sec2").post(f"/recall-cases/{confirmed['id']}/reopen", json={"reason": "申诉复核"}),
                 404, "NOT_FOUND")
    assert_error(admin.post(f"/recall-cases/{open_case['id']}/reopen", json={"reason": "申诉复核"}),
                 409, "NOT_DECIDED")
    assert_error(admin.post(f"/recall-cases/{confirmed['id']}/reopen", json={}), 400, "VALIDATION_ERROR")

    reopened = admin.post(f"/recall-cases/{confirmed['id']}/reopen", json={"reason": "本人申诉，复核证据"})
    assert reopened.status_code == 200, reopened.get_json()
    body = reopened.get_json()
    assert body["status"] == "open" and body["reopen_reason"] == "本人申诉，复核证据"
    assert body["reopened_by"]["id"] == api.person_id("admin") and body["reopened_at"].endswith("+08:00")
    assert body["decided_at"] is None and body["reason"] is None
    [earlier] = body["history"]
    assert datetime.fromisoformat(earlier.pop("at")) == datetime.fromisoformat(confirmed["decided_at"])
    assert earlier == {"status": "confirmed", "by_id": api.person_id("admin"), "reason": "连续离村属实"}
    assert_error(admin.post(f"/recall-cases/{confirmed['id']}/reopen", json={"reason": "再次复核"}),
                 409, "NOT_DECIDED")
    again = decide(api, confirmed["id"], "confirm", "复核后维持")  # confirmed anew, the unit flagged once
    assert again["status"] == "confirmed" and len(again["history"]) == 1

    assert decide(api, dismissed["id"], "reopen", "补充材料")["status"] == "open"
    listed = {c["id"]: c for c in cases(api, status="open")}
    assert dismissed["id"] in listed and listed[dismissed["id"]]["history"][0]["status"] == "dismissed"
