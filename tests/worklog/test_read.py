"""Reading logs in scope (ORG-2, LOG-5), paging by date, versions and comments by those who oversee."""

from __future__ import annotations

import pytest

from tests.helpers import assert_error

CADRES = ("l1", "m1a", "m1b", "l2", "m2a", "m2b", "l3", "m3a", "m3b")
SEES = {
    "admin": set(CADRES),
    "sec1": {"l1", "m1a", "m1b", "l2", "m2a", "m2b"},
    "sec2": {"l3", "m3a", "m3b"},
    "l1": {"l1", "m1a", "m1b"},
    "l3": {"l3", "m3a", "m3b"},
    "m1a": {"m1a"},
    "viewer1": {"l1", "m1a", "m2a"},
}


@pytest.fixture
def logs(org, travel):
    """Everyone wrote a log on 2 and 3 March 2026."""
    for day in ("2026-03-02", "2026-03-03"):
        travel(f"{day}T20:00:00+08:00")
        for who in CADRES:
            response = org.as_(who).put(f"/logs/{day}", json={"content": f"{who} 在 {day} 的工作"})
            assert response.status_code == 201
    return org


def authors(org, items) -> set[str]:
    by_id = {v: k for k, v in org.ids["people"].items()}
    return {by_id[item["person"]["id"]] for item in items}


@pytest.mark.parametrize("who", sorted(SEES))
def test_org2_log_list_is_scoped(logs, who):
    items = logs.as_(who).get("/logs?limit=500").get_json()["items"]
    assert authors(logs, items) == SEES[who] and len(items) == 2 * len(SEES[who])


@pytest.mark.parametrize("who", sorted(SEES))
def test_org2_one_log_is_404_beyond_scope(logs, who):
    for cadre in CADRES:
        response = logs.as_(who).get(f"/logs/{logs.person_id(cadre)}/2026-03-02")
        versions = logs.as_(who).get(f"/logs/{logs.person_id(cadre)}/2026-03-02/versions")
        if cadre in SEES[who]:
            assert response.status_code == 200 and response.get_json()["content"] == f"{cadre} 在 2026-03-02 的工作"
            assert versions.status_code == 200 and len(versions.get_json()["items"]) == 1
        else:
            assert_error(response, 404, "NOT_FOUND")
            assert_error(versions, 404, "NOT_FOUND")


def test_person_filter_beyond_scope_is_404(logs):
    assert_error(logs.as_("l1").get(f"/logs?person_id={logs.person_id('m2a')}"), 404, "NOT_FOUND")
    assert_error(logs.as_("m1a").get(f"/logs?person_id={logs.person_id('m1b')}"), 404, "NOT_FOUND")
    items = logs.as_("sec1").get(f"/logs?person_id={logs.person_id('m2a')}").get_json()["items"]
    assert authors(logs, items) == {"m2a"}


def test_list_is_by_date_ascending_with_a_range_and_cursor(logs):
    url = f"/logs?person_id={logs.person_id('m1a')}"
    items = logs.as_("sec1").get(url).get_json()["items"]
    assert [i["date"] for i in items] == ["2026-03-02", "2026-03-03"]
    ranged = logs.as_("sec1").get(url + "&from=2026-03-03&to=2026-03-31").get_json()["items"]
    assert [i["date"] for i in ranged] == ["2026-03-03"]
    assert logs.as_("sec1").get(url + "&to=2026-03-01").get_json()["items"] == []
    seen, cursor = [], None
    while True:
        page = logs.as_("admin").get("/logs?limit=4" + (f"&cursor={cursor}" if cursor else "")).get_json()
        seen += page["items"]
        cursor = page["next_cursor"]
        if not cursor:
            break
    assert len(seen) == 2 * len(CADRES) and len({i["id"] for i in seen}) == len(seen)
    assert [i["date"] for i in seen] == sorted(i["date"] for i in seen)


def test_a_missing_log_is_404(logs):
    assert_error(logs.as_("l1").get(f"/logs/{logs.person_id('m1a')}/2026-03-04"), 404, "NOT_FOUND")
    assert_error(logs.as_("l1").get("/logs/999999/2026-03-02"), 404, "NOT_FOUND")


@pytest.mark.parametrize("who", ["l1", "sec1"])
def test_log5_leader_and_town_secretary_comment_and_comments_come_with_the_log(logs, who, travel):
    travel("2026-03-04T09:00:00+08:00")
    url = f"/logs/{logs.person_id('m1a')}/2026-03-02"
    response = logs.as_(who).post(url + "/comments", json={"body": "  走访记录很具体，下次请附照片。 "})
    assert response.status_code == 201
    comment = response.get_json()
    assert comment["body"] == "走访记录很具体，下次请附照片。" and comment["author"]["id"] == logs.person_id(who)
    for reader in ("m1a", "l1", "sec1", "admin"):
        assert logs.as_(reader).get(url).get_json()["comments"] == [comment]
    listed = logs.as_("m1a").get("/logs?from=2026-03-02&to=2026-03-02").get_json()["items"]
    assert listed[0]["comments"] == [comment]


@pytest.mark.parametrize("who,cadre,status", [
    ("m1b", "m1a", 404),      # a member cannot even see a teammate's log
    ("m1a", "m1a", 403),      # nor comment on their own
    ("l1", "l1", 403),        # a leader does not review their own log
    ("admin", "m1a", 403),    # the city office reads, it does not comment here
    ("viewer1", "m1a", 403),  # read-only
    ("l2", "m1a", 404),       # another team's leader
    ("sec2", "m1a", 404),     # another town's secretary
])
def test_log5_others_may_not_comment(logs, who, cadre, status):
    response = logs.as_(who).post(f"/logs/{logs.person_id(cadre)}/2026-03-02/comments", json={"body": "看过"})
    assert_error(response, status, "FORBIDDEN" if status == 403 else "NOT_FOUND")
    if status == 403:
        assert response.get_json()["error"]["details"].get("rule") in ("LOG-5", "ORG-2")


def test_log5_secretary_comments_on_a_leaders_log(logs):
    response = logs.as_("sec1").post(f"/logs/{logs.person_id('l1')}/2026-03-02/comments", json={"body": "好"})
    assert response.status_code == 201


@pytest.mark.parametrize("body,status", [({"body": "   "}, 422), ({"body": "评" * 1001}, 422), ({}, 400),
                                         ({"body": None}, 400)])
def test_log5_comment_bodies_are_checked(logs, body, status):
    response = logs.as_("l1").post(f"/logs/{logs.person_id('m1a')}/2026-03-02/comments", json=body)
    assert_error(response, status, "RULE_VIOLATION" if status == 422 else "VALIDATION_ERROR")
    assert logs.as_("l1").get(f"/logs/{logs.person_id('m1a')}/2026-03-02").get_json()["comments"] == []


def test_a_comment_on_a_missing_log_is_404(logs):
    response = logs.as_("l1").post(f"/logs/{logs.person_id('m1a')}/2026-03-05/comments", json={"body": "?"})
    assert_error(response, 404, "NOT_FOUND")


def test_log5_comments_are_allowed_after_the_lock(logs, travel):
    travel("2026-04-01T09:00:00+08:00")
    url = f"/logs/{logs.person_id('m1a')}/2026-03-02"
    assert logs.as_("l1").post(url + "/comments", json={"body": "补充点评"}).status_code == 201
    assert logs.as_("l1").get(url).get_json()["locked"] is True
