"""DUTY-2: the leader swaps two duties of the team; every change is recorded."""

from __future__ import annotations

from tests.duty.helpers import alerts, by_day, roster, run_job
from tests.helpers import assert_error


def _week(org, travel):
    travel("2026-03-02T09:00:00+08:00")
    run_job(org, "roster", "2026-03-02")
    days = by_day(roster(org))
    return days["2026-03-07"][0], days["2026-03-08"][0]


def test_duty2_leader_swaps_two_duties_and_it_is_recorded(org, travel):
    saturday, sunday = _week(org, travel)
    response = org.as_("l1").post("/roster/swap", json={"date_a": "2026-03-07", "person_a": saturday,
                                                       "date_b": "2026-03-08", "person_b": sunday})
    assert response.status_code == 200, response.get_json()
    assert {(i["date"], i["person_id"]) for i in response.get_json()["items"]} == {
        ("2026-03-07", sunday), ("2026-03-08", saturday)}
    assert by_day(roster(org)) == {"2026-03-07": [sunday], "2026-03-08": [saturday]}
    changes = org.as_("sec1").get(f"/roster/changes?village_id={org.village_id('v1')}").get_json()["items"]
    swaps = [c for c in changes if c["kind"] == "swapped"]
    assert len(swaps) == 2 and all(c["changed_by"]["id"] == org.person_id("l1") for c in swaps)
    assert {(c["date"], c["person"]["id"], c["previous_person"]["id"]) for c in swaps} == {
        ("2026-03-07", sunday, saturday), ("2026-03-08", saturday, sunday)}
    told = [a for a in alerts(org, "duty_assigned") if a.payload.get("change") == "swapped"]
    assert {(a.recipient_id, a.payload["date"]) for a in told} == {(sunday, "2026-03-07"), (saturday, "2026-03-08")}


def test_duty2_only_a_leader_swaps_within_the_team(org, travel):
    saturday, sunday = _week(org, travel)
    body = {"date_a": "2026-03-07", "person_a": saturday, "date_b": "2026-03-08", "person_b": sunday}
    assert_error(org.as_("m1a").post("/roster/swap", json=body), 403, "FORBIDDEN")
    assert_error(org.as_("l2").post("/roster/swap", json=body), 404, "NOT_FOUND")  # not their team
    outsider = {**body, "person_b": org.person_id("m2a")}
    assert_error(org.as_("l1").post("/roster/swap", json=outsider), 404, "NOT_FOUND")
    v2_sunday = by_day(roster(org, village="v2"))["2026-03-08"][0]
    assert_error(org.as_("l2").post("/roster/swap", json={**body, "person_a": v2_sunday, "person_b": v2_sunday}),
                 422, "NOTHING_TO_SWAP", rule="DUTY-2")
    assert by_day(roster(org)) == {"2026-03-07": [saturday], "2026-03-08": [sunday]}


def test_duty2_swap_of_a_duty_the_person_does_not_hold_is_refused(org, travel):
    saturday, sunday = _week(org, travel)
    third = next(org.person_id(k) for k in ("l1", "m1a", "m1b") if org.person_id(k) not in (saturday, sunday))
    response = org.as_("l1").post("/roster/swap", json={"date_a": "2026-03-07", "person_a": third,
                                                       "date_b": "2026-03-08", "person_b": sunday})
    error = assert_error(response, 422, "NOT_ON_DUTY", rule="DUTY-2")
    assert error["details"]["person_id"] == str(third)
    assert_error(org.as_("l1").post("/roster/swap", json={"date_a": "2026-03-07", "person_a": saturday,
                                                         "date_b": "2026-03-07", "person_b": sunday}),
                 422, "NOTHING_TO_SWAP", rule="DUTY-2")
    assert_error(org.as_("l1").post("/roster/swap", json={"date_a": "2026-03-07", "person_a": saturday}),
                 400, "VALIDATION_ERROR")


def test_duty2_swap_far_in_the_past_is_refused(org, travel):
    saturday, sunday = _week(org, travel)
    travel("2026-03-20T09:00:00+08:00")
    response = org.as_("l1").post("/roster/swap", json={"date_a": "2026-03-07", "person_a": saturday,
                                                       "date_b": "2026-03-08", "person_b": sunday})
    assert_error(response, 422, "SWAP_TOO_LATE", rule="DUTY-2")


def test_duty2_swap_of_a_past_day_tells_the_day_close(org, travel):
    from app.signals import day_data_changed

    saturday, sunday = _week(org, travel)
    travel("2026-03-09T09:00:00+08:00")
    heard = []

    def receiver(_sender, person_id, days):
        heard.append((person_id, tuple(days)))

    day_data_changed.connect(receiver)
    try:
        response = org.as_("l1").post("/roster/swap", json={"date_a": "2026-03-07", "person_a": saturday,
                                                           "date_b": "2026-03-08", "person_b": sunday})
    finally:
        day_data_changed.disconnect(receiver)
    assert response.status_code == 200, response.get_json()
    past = ("2026-03-07", "2026-03-08")
    assert sorted((p, tuple(d.isoformat() for d in days)) for p, days in heard) == sorted(
        [(saturday, past), (sunday, past)])
