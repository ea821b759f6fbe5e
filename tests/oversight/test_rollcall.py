"""INSPECT-1: random roll calls through HTTP and `flask jobs run roll-call-close`, with time travel."""

from __future__ import annotations

import random
from datetime import datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from app.oversight.rules import availability, draw
from tests.helpers import assert_error
from tests.leave.conftest import act, asked
from tests.oversight.conftest import alerts, call, called, photo_checkin, run_job, statuses


def _later(travel, minutes: int) -> None:
    travel(datetime.fromisoformat("2026-03-02T09:00:00+08:00") + timedelta(minutes=minutes))


def test_inspect1_chosen_cadres_are_called_and_alerted_at_once(oc):
    answer = called(oc, "sec1", "m1a", "m1b")
    assert statuses(answer) == {"李四": "waiting", "王五": "waiting"}
    called_at, answer_by = (datetime.fromisoformat(answer[k]) for k in ("called_at", "answer_by"))
    assert answer_by - called_at == timedelta(minutes=30)
    assert answer["answer_by"].endswith("+08:00") and answer["closed_at"] is None
    assert [who for who, _ in alerts(oc, "roll_call")] == ["m1a", "m1b"]
    inbox = oc.as_("m1a").get("/alerts").get_json()["items"]
    assert inbox[0]["kind"] == "roll_call" and "拍照打卡" in inbox[0]["title"]


def test_inspect1_an_accepted_checkin_with_a_photo_in_the_window_answers(oc, travel):
    rid = called(oc, "sec1", "m1a", "m1b", "m2a")["id"]
    _later(travel, 10)
    checkin = photo_checkin(oc, "m1a")
    photo_checkin(oc, "m1b", photo=False)  # accepted, but no photo
    photo_checkin(oc, "m2a")  # with a photo, but at v1: outside m2a's own village (rejected)
    answer = oc.as_("sec1").get(f"/roll-calls/{rid}").get_json()
    assert statuses(answer) == {"李四": "answered", "王五": "waiting", "钱七": "waiting"}
    row = next(r for r in answer["people"] if r["person"]["name"] == "李四")
    assert row["checkin_id"] == checkin["id"] and row["answered_at"].endswith("+08:00")


def test_inspect1_close_records_the_silent_and_alerts_caller_and_town_once(oc, travel):
    rid = called(oc, "admin", "m1a", "m1b", "m3a")["id"]
    _later(travel, 5)
    photo_checkin(oc, "m1a")
    assert run_job(oc)["closed"] == 0  # before the deadline nothing closes
    _later(travel, 31)
    assert run_job(oc) == {"job": "roll-call-close", "due": 1, "closed": 1, "silent": 2}
    answer = oc.as_("admin").get(f"/roll-calls/{rid}").get_json()
    assert statuses(answer) == {"李四": "answered", "王五": "silent", "吴十": "silent"}
    assert answer["closed_at"] is not None
    silent = alerts(oc, "roll_call_silent")
    assert sorted(who for who, _ in silent) == ["admin", "admin", "sec1", "sec2"]  # the caller per town, each town
    assert run_job(oc)["closed"] == 0  # a second run (a second scheduler) adds nothing
    assert alerts(oc, "roll_call_silent") == silent


def test_inspect1_a_checkin_after_the_window_does_not_answer(oc, travel):
    rid = called(oc, "sec1", "m1a")["id"]
    _later(travel, 31)  # the close job has not run yet
    photo_checkin(oc, "m1a")
    assert statuses(oc.as_("sec1").get(f"/roll-calls/{rid}").get_json()) == {"李四": "waiting"}
    run_job(oc)
    assert statuses(oc.as_("sec1").get(f"/roll-calls/{rid}").get_json()) == {"李四": "silent"}


def test_inspect1_draw_is_among_those_expected_in_the_village_now(oc):
    leave = asked(oc, "m1a", "2026-03-02")["id"]
    assert act(oc, "l1", leave, "approve").status_code == 200
    trip = asked(oc, "m2b", "2026-03-02", kind="trip")["id"]
    assert act(oc, "l2", trip, "approve").status_code == 200
    answer = called(oc, "sec1", draw=2)
    town1 = {oc.person_id(k) for k in ("l1", "m1b", "l2", "m2a")}  # t1 without m1a (leave) and m2b (trip)
    drawn = {row["person"]["id"] for row in answer["people"]}
    assert len(drawn) == 2 and drawn <= town1 and answer["drawn"] is True
    rest = called(oc, "sec1", draw=10)  # more than available: everyone available and not yet called
    assert {row["person"]["id"] for row in rest["people"]} == town1 - drawn
    assert_error(call(oc, "sec1", draw=1), 422, "RULE_VIOLATION", rule="INSPECT-1")


def test_inspect1_nobody_available_is_422_with_the_reason(oc, travel):
    travel("2026-03-07T09:00:00+08:00")  # a Saturday with no roster: everyone rests
    error = assert_error(call(oc, "sec1", draw=3), 422, "RULE_VIOLATION", rule="INSPECT-1")
    assert error["details"]["reason"] == "NOBODY_AVAILABLE" and error["details"]["unavailable"] == {"rest": 6}
    error = assert_error(call(oc, "sec1", person_ids=[oc.person_id("m1a")]), 422, "RULE_VIOLATION", rule="INSPECT-1")
    assert error["details"]["people"] == [{"person_id": oc.person_id("m1a"), "reason": "rest"}]


def test_inspect1_a_chosen_cadre_on_leave_is_422(oc):
    leave = asked(oc, "m1a", "2026-03-02")["id"]
    act(oc, "l1", leave, "approve")
    error = assert_error(call(oc, "sec1", person_ids=[oc.person_id("m1a"), oc.person_id("m1b")]), 422,
                         "RULE_VIOLATION", rule="INSPECT-1")
    assert error["details"]["people"] == [{"person_id": oc.person_id("m1a"), "reason": "leave"}]
    assert alerts(oc, "roll_call") == []  # refused whole: nobody was called


def test_inspect1_a_cadre_outside_the_scope_is_404(oc):
    assert_error(call(oc, "sec1", person_ids=[oc.person_id("m3a")]), 404, "NOT_FOUND")
    assert_error(call(oc, "sec1", draw=1, town_id=oc.ids["towns"]["t2"]), 404, "NOT_FOUND")
    assert_error(call(oc, "admin", draw=1, town_id=99999), 404, "NOT_FOUND")
    assert_error(call(oc, "l1", person_ids=[oc.person_id("m1a")]), 403, "FORBIDDEN")
    assert_error(call(oc, "sec1", person_ids=[oc.person_id("m1a")], draw=1), 422, "RULE_VIOLATION", rule="INSPECT-1")
    assert_error(call(oc, "sec1"), 422, "RULE_VIOLATION", rule="INSPECT-1")


def test_inspect1_a_second_call_of_a_cadre_within_the_window_is_409(oc, travel):
    called(oc, "sec1", "m1a")
    error = assert_error(call(oc, "admin", person_ids=[oc.person_id("m1b"), oc.person_id("m1a")]), 409,
                         "ROLL_CALL_OPEN")
    assert error["details"] == {"rule": "INSPECT-1", "person_ids": [oc.person_id("m1a")]}
    assert [who for who, _ in alerts(oc, "roll_call")] == ["m1a"]  # the refused call left nothing behind
    photo_checkin(oc, "m1a")  # answering early does not reopen the window
    assert_error(call(oc, "admin", person_ids=[oc.person_id("m1a")]), 409, "ROLL_CALL_OPEN")
    _later(travel, 31)  # the window is over (even before the close job): a new call may name her
    assert statuses(called(oc, "admin", "m1a")) == {"李四": "waiting"}


def test_inspect1_city_office_draws_city_wide_or_in_a_town(oc):
    answer = called(oc, "admin", draw=3, town_id=oc.ids["towns"]["t2"])
    assert {row["person"]["name"] for row in answer["people"]} == {"周九", "吴十", "郑十一"}
    assert answer["town_id"] == oc.ids["towns"]["t2"]
    assert len(called(oc, "admin", draw=6)["people"]) == 6  # the other six, in t1


def test_inspect1_roll_calls_are_read_in_scope(oc):
    first = called(oc, "sec1", "m1a")["id"]
    second = called(oc, "admin", "m1b", "m3a")["id"]
    third = called(oc, "sec2", "l3")["id"]

    def listed(who: str) -> list[int]:
        response = oc.as_(who).get("/roll-calls")
        assert response.status_code == 200, response.get_json()
        return [item["id"] for item in response.get_json()["items"]]

    assert listed("admin") == [third, second, first]
    assert listed("sec1") == [second, first]
    assert statuses(oc.as_("sec1").get(f"/roll-calls/{second}").get_json()) == {"王五": "waiting"}  # not t2's
    assert_error(oc.as_("sec1").get(f"/roll-calls/{third}"), 404, "NOT_FOUND")
    assert_error(oc.as_("m1a").get(f"/roll-calls/{first}"), 403, "FORBIDDEN")
    assert [i["id"] for i in oc.as_("admin").get("/roll-calls?open=false").get_json()["items"]] == []


# --- the pure rules ----------------------------------------------------------------------------------

@given(st.sets(st.integers(1, 10_000), max_size=60), st.integers(1, 100), st.integers())
def test_inspect1_draw_is_a_subset_of_the_candidates_of_the_asked_size(candidates, n, seed):
    picked = draw(candidates, n, random.Random(seed))
    assert set(picked) <= candidates and len(set(picked)) == len(picked) == min(n, len(candidates))
    assert picked == sorted(picked)


def test_inspect1_draw_reaches_every_candidate():
    rng = random.Random(7)
    seen = set().union(*(draw(range(1, 11), 2, rng) for _ in range(200)))
    assert seen == set(range(1, 11))


def test_inspect1_availability_follows_the_day():
    assert availability(True, True, False, None) is None
    assert availability(True, False, True, None) is None  # a duty day at the weekend
    assert availability(True, False, False, None) == "rest"
    assert availability(True, True, False, "leave") == "leave"
    assert availability(True, True, True, "trip") == "trip"
    assert availability(False, True, False, None) == "not_posted"
