"""DUTY-2/3 with the other domains: leave and trips skip and repair duties; check-ins satisfy them."""

from __future__ import annotations

from tests.duty.helpers import alerts, by_day, duty_counts, roster, run_job
from tests.helpers import assert_error
from tests.orgdata import V1_GCJ

TEAM_V1 = ("l1", "m1a", "m1b")


def approved_leave(org, who: str, start: str, end: str, kind: str = "leave") -> None:
    body = {"kind": kind, "start_date": start, "end_date": end, "reason": "家中有事"}
    if kind == "trip":
        body["trip_type"] = "meeting"
    response = org.as_(who).post("/leave-requests", json=body)
    assert response.status_code == 201, response.get_json()
    approver = "sec1" if who == "l1" else "l1"  # LV-1/LV-2, ≤ 3 days
    decided = org.as_(approver).post(f"/leave-requests/{response.get_json()['id']}/approve", json={})
    assert decided.get_json()["status"] == "approved", decided.get_json()


def key_of(org, person_id: int) -> str:
    return next(k for k, v in org.ids["people"].items() if v == person_id)


def test_duty2_cadres_on_leave_or_trip_are_skipped(org, travel):
    travel("2026-03-02T09:00:00+08:00")
    approved_leave(org, "m1a", "2026-03-07", "2026-03-08")
    approved_leave(org, "m1b", "2026-03-08", "2026-03-08", kind="trip")
    run_job(org, "roster", "2026-03-02")
    days = by_day(roster(org))
    assert org.person_id("m1a") not in days["2026-03-07"] + days["2026-03-08"]
    assert days["2026-03-08"] == [org.person_id("l1")]


def test_duty2_published_day_is_repaired_when_its_assignee_goes_on_leave(org, travel):
    """The repair happens when the leave is approved, not at the next roster run."""
    travel("2026-03-02T09:00:00+08:00")
    run_job(org, "roster", "2026-03-02")
    before = by_day(roster(org))
    saturday = before["2026-03-07"][0]
    approved_leave(org, key_of(org, saturday), "2026-03-07", "2026-03-07")
    after = by_day(roster(org))
    assert after["2026-03-07"] != [saturday] and after["2026-03-08"] == before["2026-03-08"]
    changes = org.as_("l1").get(f"/roster/changes?village_id={org.village_id('v1')}").get_json()["items"]
    assert (changes[0]["kind"], changes[0]["reason"], changes[0]["previous_person"]["id"]) == (
        "repaired", "leave", saturday)
    told = alerts(org, "duty_assigned", key_of(org, after["2026-03-07"][0]))
    assert any(a.payload == {"date": "2026-03-07", "village_id": org.village_id("v1"), "change": "repaired"}
               for a in told)
    summary = run_job(org, "roster", "2026-03-02")
    assert summary["repaired"] == 0 and summary["assigned"] == 0  # already repaired; idempotent


def test_duty2_leave_over_a_duty_replans_only_that_team(org, travel):
    """The approval repairs the cadre's team at once; another team's roster waits for its own run,
    even when a day it has not been given yet entered the window meanwhile."""
    travel("2026-03-02T09:00:00+08:00")
    run_job(org, "roster", "2026-03-02")  # covers 2 to 9 March
    travel("2026-03-07T09:00:00+08:00")  # Saturday 14 March is in the window now, and nobody's yet
    sunday = by_day(roster(org))["2026-03-08"][0]
    other_team = roster(org, village="v2")
    other_changes = org.as_("admin").get(f"/roster/changes?village_id={org.village_id('v2')}").get_json()["items"]
    approved_leave(org, key_of(org, sunday), "2026-03-08", "2026-03-08")
    assert by_day(roster(org))["2026-03-08"] != [sunday]  # the cadre's team is repaired at once
    assert roster(org, village="v2") == other_team and "2026-03-14" not in by_day(other_team)
    assert org.as_("admin").get(f"/roster/changes?village_id={org.village_id('v2')}").get_json()["items"] == (
        other_changes)


def test_duty1_everyone_away_alerts_leader_and_town_secretary(org, travel):
    travel("2026-03-02T09:00:00+08:00")
    run_job(org, "roster", "2026-03-02")
    for who in TEAM_V1:  # each approval repairs at once; the last leaves nobody to take the day
        approved_leave(org, who, "2026-03-07", "2026-03-07")
    assert "2026-03-07" not in by_day(roster(org))
    changes = org.as_("l1").get(f"/roster/changes?village_id={org.village_id('v1')}").get_json()["items"]
    assert changes[0]["kind"] == "removed"
    summary = run_job(org, "roster", "2026-03-02")
    assert summary["uncovered"] == [{"village_id": org.village_id("v1"), "date": "2026-03-07"}]
    assert {a.recipient_id for a in alerts(org, "duty_uncovered")} == {org.person_id("l1"), org.person_id("sec1")}


def test_duty2_fairness_holds_when_someone_was_away(org, travel):
    travel("2026-03-02T09:00:00+08:00")
    approved_leave(org, "m1a", "2026-03-07", "2026-03-08")
    for monday in ("2026-03-02", "2026-03-09", "2026-03-16", "2026-03-23"):
        travel(f"{monday}T01:00:00+08:00")
        run_job(org, "roster", monday)
    counts = duty_counts(roster(org, start="2026-03-01", end="2026-03-31"))
    assert max(counts.values()) - min(counts.values()) <= 1, counts  # m1a catches up later


def test_duty2_swap_onto_a_day_of_leave_is_refused(org, travel):
    travel("2026-03-02T09:00:00+08:00")
    run_job(org, "roster", "2026-03-02")
    days = by_day(roster(org))
    saturday, sunday = days["2026-03-07"][0], days["2026-03-08"][0]
    approved_leave(org, key_of(org, saturday), "2026-03-08", "2026-03-08")
    response = org.as_("l1").post("/roster/swap", json={"date_a": "2026-03-07", "person_a": saturday,
                                                       "date_b": "2026-03-08", "person_b": sunday})
    error = assert_error(response, 422, "NOT_AVAILABLE", rule="DUTY-2")
    assert error["details"]["reason"] == "leave" and "请假" in error["message"]


def checkin(org, who: str, captured_at: str, key: str):
    body = {"lat": V1_GCJ[0], "lon": V1_GCJ[1], "coord_system": "gcj02", "accuracy_m": 20,
            "captured_at": captured_at}
    response = org.as_(who).post("/checkins", json=body, headers={"Idempotency-Key": key})
    assert response.status_code == 201 and response.get_json()["status"] == "accepted", response.get_json()


def test_duty3_missed_duty_alerts_leader_and_town_once(org, travel):
    travel("2026-03-02T09:00:00+08:00")
    run_job(org, "roster", "2026-03-02")
    v1_saturday = by_day(roster(org))["2026-03-07"][0]
    v2_saturday = by_day(roster(org, village="v2"))["2026-03-07"][0]
    travel("2026-03-07T09:20:00+08:00")
    checkin(org, key_of(org, v1_saturday), "2026-03-07T09:20:00+08:00", "duty-1")
    travel("2026-03-07T10:20:00+08:00")
    summary = run_job(org, "duty-check", "2026-03-07")
    assert summary["checked"] == 3
    assert {m["person_id"] for m in summary["missed"]} == {v2_saturday, by_day(roster(org, village="v3"))[
        "2026-03-07"][0]}
    missed = alerts(org, "duty_missed")
    assert {(a.subject_id, a.recipient_id) for a in missed if a.subject_id == v2_saturday} == {
        (v2_saturday, org.person_id("l2")), (v2_saturday, org.person_id("sec1"))}
    assert all(a.subject_id != v1_saturday for a in missed)
    run_job(org, "duty-check", "2026-03-07")
    assert len(alerts(org, "duty_missed")) == len(missed)


def test_duty3_check_in_after_the_deadline_is_still_a_miss(org, travel):
    travel("2026-03-02T09:00:00+08:00")
    run_job(org, "roster", "2026-03-02")
    v1_saturday = by_day(roster(org))["2026-03-07"][0]
    travel("2026-03-07T10:05:00+08:00")
    checkin(org, key_of(org, v1_saturday), "2026-03-07T10:05:00+08:00", "late-1")
    run_job(org, "duty-check", "2026-03-07")
    assert any(a.subject_id == v1_saturday for a in alerts(org, "duty_missed", "l1"))


def test_duty3_assignee_on_leave_granted_that_morning_is_not_a_missed_duty(org, travel):
    travel("2026-03-02T09:00:00+08:00")
    run_job(org, "roster", "2026-03-02")
    saturday = by_day(roster(org))["2026-03-07"][0]
    for who in TEAM_V1:  # the whole team goes away: nobody can take the duty over
        if org.person_id(who) != saturday:
            approved_leave(org, who, "2026-03-07", "2026-03-07")
    travel("2026-03-07T08:00:00+08:00")
    approved_leave(org, key_of(org, saturday), "2026-03-07", "2026-03-07")
    travel("2026-03-07T10:30:00+08:00")
    summary = run_job(org, "duty-check", "2026-03-07")
    assert org.person_id("l1") not in [m["person_id"] for m in summary["missed"]]
    assert saturday not in [m["person_id"] for m in summary["missed"]]
