"""VIEW-1/VIEW-2: a board is computed once per reading; its later pages are slices of that moment.

The first page (no cursor) computes the whole board and stores it; the cursors name that reading,
so the pages of one reading never mix two moments, whichever process answers them. After five
minutes, or with someone else's cursor, the board is computed afresh and continues after the
cursor's key. ``tuesday``: t1 on 2026-03-10 at 11:00, m1a due and not in yet.
"""

from __future__ import annotations

import multiprocessing
from datetime import datetime

import time_machine

from app import clock, create_app
from tests.attendance.scenario import checkin, local
from tests.boards.test_today_board import tuesday  # noqa: F401  (the fixture)
from tests.helpers import assert_error


def follow(api, who: str, path: str, first: dict, **query) -> list[dict]:
    """The pages after ``first``, each as answered."""
    pages, cursor = [], first["next_cursor"]
    while cursor:
        response = api.as_(who).get(path, query_string={**query, "cursor": cursor})
        assert response.status_code == 200, response.get_json()
        pages.append(response.get_json())
        cursor = pages[-1]["next_cursor"]
    return pages


def states(pages: list[dict], api) -> dict[str, str]:
    names = {api.person_id(k): k for k in api.ids["people"]}
    return {names[item["person"]["id"]]: item["state"] for page in pages for item in page["items"]}


def test_view1_pages_of_one_reading_never_mix_two_moments(tuesday, travel):  # noqa: F811
    first = tuesday.as_("sec1").get("/boards/today?limit=1").get_json()
    assert [i["person"]["id"] for i in first["items"]] == [tuesday.person_id("l1")]
    checkin(tuesday, "m1a", local("2026-03-10", "11:01"), travel)  # after the first page
    later = follow(tuesday, "sec1", "/boards/today", first, limit=1)
    assert len(later) == 5 and states(later, tuesday)["m1a"] == "expected"  # the reading's moment
    assert all(page["totals"] == first["totals"] for page in later)
    again = tuesday.as_("sec1").get("/boards/today?limit=10").get_json()  # a new reading
    assert states([again], tuesday)["m1a"] == "present"
    assert again["totals"]["present"] == first["totals"]["present"] + 1


def test_view2_pages_of_one_reading_never_mix_two_moments(tuesday, travel):  # noqa: F811
    query = {"year": 2026, "sort": "risk", "limit": 1}
    first = tuesday.as_("sec1").get("/boards/period", query_string=query).get_json()
    asked = tuesday.as_("m1a").post("/leave-requests", json={
        "kind": "leave", "start_date": "2026-03-20", "end_date": "2026-03-20", "reason": "家中有事"})
    assert tuesday.as_("l1").post(f"/leave-requests/{asked.get_json()['id']}/approve", json={}).status_code == 200
    pages = [first, *follow(tuesday, "sec1", "/boards/period", first, **query)]
    leave = {i["person"]["id"]: i["approved_leave_days"] for page in pages for i in page["items"]}
    assert len(leave) == 6 and leave[tuesday.person_id("m1a")] == 0  # LV-6 as at the first page
    fresh = tuesday.as_("sec1").get("/boards/period", query_string={**query, "limit": 10}).get_json()
    assert {i["person"]["id"]: i["approved_leave_days"] for i in fresh["items"]}[tuesday.person_id("m1a")] == 1


def test_view1_a_reading_past_five_minutes_is_computed_again_and_continues_after_the_cursor(tuesday, travel):  # noqa: F811
    first = tuesday.as_("sec1").get("/boards/today?limit=1").get_json()
    checkin(tuesday, "m1a", local("2026-03-10", "11:01"), travel)
    travel(local("2026-03-10", "11:06"))  # the reading has expired
    later = follow(tuesday, "sec1", "/boards/today", first, limit=1)
    seen = states(later, tuesday)
    assert seen["m1a"] == "present" and "l1" not in seen and len(seen) == 5  # after the cursor, each once


def test_view1_org2_someone_elses_cursor_reads_only_ones_own_scope(tuesday):  # noqa: F811
    first = tuesday.as_("sec1").get("/boards/today?limit=1").get_json()  # t1's reading
    other = tuesday.as_("sec2").get("/boards/today", query_string={"limit": 10, "cursor": first["next_cursor"]})
    assert other.status_code == 200, other.get_json()
    answer = other.get_json()
    assert answer["totals"]["cadres"] == 3 and {i["village"]["id"] for i in answer["items"]} == {
        tuesday.village_id("v3")}  # t2's board, not the stored t1 one


def test_view2_a_cursor_with_other_arguments_is_computed_for_those(tuesday):  # noqa: F811
    first = tuesday.as_("sec1").get("/boards/period?year=2026&limit=1").get_json()
    month = tuesday.as_("sec1").get("/boards/period", query_string={
        "year": 2026, "month": 3, "limit": 10, "cursor": first["next_cursor"]}).get_json()
    assert month["month"] == 3 and len(month["items"]) == 5


def test_view1_a_broken_cursor_is_400(tuesday):  # noqa: F811
    for cursor in ("not-a-cursor", "WzEsMl0", "WyJrZXkiLCJzaG9ydCJd"):  # garbage, [1,2], ["key","short"]
        assert_error(tuesday.as_("sec1").get("/boards/today", query_string={"cursor": cursor}), 400,
                     "VALIDATION_ERROR")


def _next_page_elsewhere(uri: str, token: str, cursor: str, at: str, answers) -> None:
    """Another process (its own app and connections, as another gunicorn worker) at the same moment."""
    with time_machine.travel(datetime.fromisoformat(at), tick=False):
        app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": uri})
        response = app.test_client().get("/api/v1/boards/today", query_string={"limit": 10, "cursor": cursor},
                                         headers={"Authorization": f"Bearer {token}"})
        answers.put((response.status_code, response.get_json()))


def test_view1_another_process_answers_the_next_page_from_the_same_reading(tuesday, travel):  # noqa: F811
    first = tuesday.as_("sec1").get("/boards/today?limit=1").get_json()
    checkin(tuesday, "m1a", local("2026-03-10", "11:01"), travel)
    context = multiprocessing.get_context("spawn")
    answers = context.Queue()
    process = context.Process(target=_next_page_elsewhere, args=(
        tuesday.app.config["SQLALCHEMY_DATABASE_URI"], tuesday.token("sec1"), first["next_cursor"],
        clock.now().isoformat(), answers))
    process.start()
    status, page = answers.get(timeout=180)
    process.join(timeout=60)
    assert status == 200, page
    assert states([page], tuesday)["m1a"] == "expected" and page["totals"] == first["totals"]
