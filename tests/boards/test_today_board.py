"""VIEW-1: the today board through the API — live states, totals, scope (ORG-2), paging."""

from __future__ import annotations

import uuid

import pytest

from tests.attendance.scenario import checkin, local
from tests.boards.conftest import board, leave
from tests.helpers import assert_error
from tests.orgdata import V1_GCJ

TODAY = "2026-03-10"  # a Tuesday, a working day
FAR = (V1_GCJ[0] + 0.2, V1_GCJ[1])  # some 22 km from v1: refused OUTSIDE_FENCE


def rejected(api, who: str, when: str) -> None:
    response = api.as_(who).post("/checkins", headers={"Idempotency-Key": str(uuid.uuid4())},
                                 json={"lat": FAR[0], "lon": FAR[1], "coord_system": "gcj02", "accuracy_m": 20,
                                       "captured_at": when})
    assert response.status_code == 201 and response.get_json()["status"] == "rejected", response.get_json()


@pytest.fixture
def tuesday(march, travel):
    """t1 on 2026-03-10 at 11:00: l1 checked in at 08:30, m1a refused twice, m1b on leave, m2a on a
    trip, l2 wrote today's log; l2, m1a and m2b are due and not in yet."""
    travel(local(TODAY, "07:00"))
    leave(march, "m1b", "l1", TODAY)
    leave(march, "m2a", "l2", TODAY, kind="trip")
    checkin(march, "l1", local(TODAY, "08:30"), travel)
    rejected(march, "m1a", local(TODAY, "08:40"))
    rejected(march, "m1a", local(TODAY, "08:45"))
    travel(local(TODAY, "11:00"))
    log = march.as_("l2").put(f"/logs/{TODAY}", json={"content": "走访脱贫户三户"})
    assert log.status_code in (200, 201), log.get_json()
    return march


def by_key(api, answer: dict) -> dict[str, dict]:
    names = {api.person_id(k): k for k in api.ids["people"]}
    return {names[item["person"]["id"]]: item for item in answer["items"]}


def test_view1_town_board_gives_every_cadre_live_state(tuesday):
    answer = board(tuesday, "sec1", "/boards/today")
    assert answer["date"] == TODAY
    rows = by_key(tuesday, answer)
    assert set(rows) == {"l1", "m1a", "m1b", "l2", "m2a", "m2b"}
    assert {k: r["state"] for k, r in rows.items()} == {
        "l1": "present", "m1a": "expected", "m1b": "leave", "l2": "expected", "m2a": "business", "m2b": "expected"}
    assert rows["l1"]["first_checkin_at"] == f"{TODAY}T08:30:00+08:00"
    assert rows["l1"]["village"] == {"id": tuesday.village_id("v1"), "name": "前石畔村"}
    assert rows["l1"]["role"] == "leader" and rows["m1a"]["role"] == "member"
    assert rows["m1a"]["first_checkin_at"] is None and rows["m1a"]["rejected_attempts"] == 2
    assert [k for k, r in rows.items() if r["log_written"]] == ["l2"]
    assert answer["totals"] == {"cadres": 6, "present": 1, "expected": 3, "leave": 1, "business": 1, "rest": 0,
                                "on_duty": 0, "logs_written": 1, "rejected_attempts": 2}
    villages = {v["village"]["name"]: v["totals"] for v in answer["villages"]}
    assert villages["前石畔村"] == {"cadres": 3, "present": 1, "expected": 1, "leave": 1, "business": 0, "rest": 0,
                                  "on_duty": 0, "logs_written": 0, "rejected_attempts": 2}
    assert villages["庙沟门村"]["expected"] == 2 and villages["庙沟门村"]["business"] == 1


def test_view1_board_is_live_a_checkin_moves_it_without_a_day_close(tuesday, travel):
    before = by_key(tuesday, board(tuesday, "l1", "/boards/today"))
    assert before["m1a"]["state"] == "expected"
    checkin(tuesday, "m1a", local(TODAY, "11:05"), travel)
    after = by_key(tuesday, board(tuesday, "l1", "/boards/today"))
    assert after["m1a"]["state"] == "present" and after["m1a"]["first_checkin_at"] == f"{TODAY}T11:05:00+08:00"
    assert after["m1a"]["rejected_attempts"] == 2


@pytest.mark.parametrize(("who", "cadres"), [
    ("l1", {"l1", "m1a", "m1b"}), ("sec2", {"l3", "m3a", "m3b"}), ("viewer1", {"l1", "m1a", "m2a"}),
    ("admin", {"l1", "m1a", "m1b", "l2", "m2a", "m2b", "l3", "m3a", "m3b"})])
def test_view1_org2_each_role_sees_its_scope(tuesday, who, cadres):
    answer = board(tuesday, who, "/boards/today")
    assert set(by_key(tuesday, answer)) == cadres
    assert answer["totals"]["cadres"] == len(cadres)


def test_view1_narrowed_to_a_town_or_village_of_the_scope(tuesday):
    v2 = board(tuesday, "sec1", "/boards/today", village_id=tuesday.village_id("v2"))
    assert set(by_key(tuesday, v2)) == {"l2", "m2a", "m2b"} and len(v2["villages"]) == 1
    t2 = board(tuesday, "admin", "/boards/today", town_id=tuesday.ids["towns"]["t2"])
    assert set(by_key(tuesday, t2)) == {"l3", "m3a", "m3b"}


def test_view1_member_is_refused_403(tuesday):
    assert_error(tuesday.as_("m1a").get("/boards/today"), 403, "BOARD_NOT_ALLOWED")


@pytest.mark.parametrize(("who", "query"), [
    ("sec1", {"town": "t2"}), ("sec1", {"village": "v3"}), ("l1", {"village": "v2"}), ("viewer1", {"village": "v3"}),
    ("admin", {"town_id": 999999}), ("admin", {"village_id": 999999})])
def test_view1_town_or_village_outside_the_scope_is_404(tuesday, who, query):
    params = {"town_id": tuesday.ids["towns"][query["town"]]} if "town" in query else \
        {"village_id": tuesday.village_id(query["village"])} if "village" in query else query
    assert_error(tuesday.as_(who).get("/boards/today", query_string=params), 404, "NOT_FOUND")
    assert_error(tuesday.as_(who).get("/boards/period", query_string=params), 404, "NOT_FOUND")


def test_view1_pages_cover_the_scope_once_while_totals_cover_all(tuesday):
    first = tuesday.as_("admin").get("/boards/today?limit=4").get_json()
    assert len(first["items"]) == 4 and first["next_cursor"] and first["totals"]["cadres"] == 9
    every = board(tuesday, "admin", "/boards/today", limit=4)["items"]
    assert len(every) == 9 and len({i["person"]["id"] for i in every}) == 9


def test_view1_weekend_is_rest_but_the_duty_cadre_is_expected(march, runner, travel):
    travel(local("2026-03-12", "09:00"))
    result = runner.invoke(args=["jobs", "run", "roster", "--date", "2026-03-12"])
    assert result.exit_code == 0, result.output
    travel(local("2026-03-14", "09:00"))  # Saturday
    roster = march.as_("admin").get("/roster?from=2026-03-14&to=2026-03-14").get_json()["items"]
    on_duty = {r["person_id"] for r in roster}
    assert on_duty
    answer = march.as_("admin").get("/boards/today").get_json()
    for item in answer["items"]:
        duty = item["person"]["id"] in on_duty
        assert item["on_duty"] is duty
        assert item["state"] == ("expected" if duty else "rest")
    assert answer["totals"]["on_duty"] == len(on_duty) and answer["totals"]["rest"] == 9 - len(on_duty)
