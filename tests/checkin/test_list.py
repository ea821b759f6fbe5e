"""GET /checkins: scope (ORG-2), newest first with cursors, date-range limits; accepted_checkin_counts."""

from __future__ import annotations

from datetime import date, time

import pytest

from app import clock
from app.checkin.service import accepted_checkin_counts
from tests.checkin.conftest import body, near_v1, post
from tests.helpers import assert_error

pytestmark = pytest.mark.usefixtures("at_nine")


def checkin(org, who: str, at: str = "2026-03-02T08:00:00+08:00", **kw) -> int:
    response = post(org, who, body(captured_at=at, **kw))
    assert response.status_code == 201, response.get_json()
    return response.get_json()["id"]


def listed(org, who: str, query: str = "") -> list[int]:
    response = org.as_(who).get(f"/checkins{query}")
    assert response.status_code == 200, response.get_json()
    return [item["id"] for item in response.get_json()["items"]]


@pytest.fixture
def three(org):
    return {who: checkin(org, who) for who in ("m1a", "m1b", "m2a")}


def test_org2_member_sees_own_checkins_only(org, three):
    assert listed(org, "m1a") == [three["m1a"]]
    assert_error(org.as_("m1a").get(f"/checkins?person_id={org.person_id('m1b')}"), 404, "NOT_FOUND")


def test_org2_leader_sees_the_team(org, three):
    assert sorted(listed(org, "l1")) == sorted([three["m1a"], three["m1b"]])
    assert listed(org, "l1", f"?person_id={org.person_id('m1b')}") == [three["m1b"]]
    assert_error(org.as_("l2").get(f"/checkins?person_id={org.person_id('m1a')}"), 404, "NOT_FOUND")


def test_org2_town_city_and_unit_scopes(org, three):
    assert sorted(listed(org, "sec1")) == sorted(three.values())
    assert listed(org, "sec2") == []
    assert_error(org.as_("sec2").get(f"/checkins?person_id={org.person_id('m1a')}"), 404, "NOT_FOUND")
    assert sorted(listed(org, "admin")) == sorted(three.values())
    assert sorted(listed(org, "viewer1")) == sorted([three["m1a"], three["m2a"]])  # unit u1
    assert_error(org.as_("viewer1").get(f"/checkins?person_id={org.person_id('m1b')}"), 404, "NOT_FOUND")


def test_list_items_carry_person_village_and_decision(org):
    checkin(org, "m1a", mock_location=True)
    item = org.as_("l1").get("/checkins").get_json()["items"][0]
    assert item["person"] == {"id": org.person_id("m1a"), "name": "李四"}
    assert item["village"]["name"] == "前石畔村"
    assert (item["status"], item["reason"], item["day"]) == ("rejected", "MOCK_LOCATION", "2026-03-02")


def test_list_is_newest_first_and_pages_with_a_cursor(org):
    ids = [checkin(org, "m1a", f"2026-03-0{d}T08:00:00+08:00") for d in (1, 2)]
    ids.append(checkin(org, "m1a", "2026-02-28T08:00:00+08:00"))
    first = org.as_("m1a").get("/checkins?limit=2&from=2026-02-01").get_json()
    assert [i["id"] for i in first["items"]] == [ids[1], ids[0]]
    second = org.as_("m1a").get(f"/checkins?limit=2&from=2026-02-01&cursor={first['next_cursor']}").get_json()
    assert [i["id"] for i in second["items"]] == [ids[2]] and second["next_cursor"] is None


def test_list_filters_by_capture_day(org):
    old = checkin(org, "m1a", "2026-02-28T08:00:00+08:00")
    new = checkin(org, "m1a")
    assert listed(org, "m1a", "?from=2026-02-28&to=2026-02-28") == [old]
    assert listed(org, "m1a", "?from=2026-03-01") == [new]


@pytest.mark.parametrize("query", ["?from=2026-03-02&to=2026-03-01", "?from=2025-01-01&to=2026-03-02",
                                   "?from=2025-03-01&to=2026-03-02", "?from=March", "?cursor=%%%"])
def test_list_date_range_limits(org, query):
    assert_error(org.as_("m1a").get(f"/checkins{query}"), 400, "VALIDATION_ERROR")


def test_att6_accepted_checkin_counts(org, app):
    checkin(org, "m1a", "2026-03-02T07:00:00+08:00")
    checkin(org, "m1a", "2026-03-02T08:30:00+08:00")
    checkin(org, "m1b", "2026-03-02T08:00:00+08:00", mock_location=True)  # rejected: not counted
    checkin(org, "m2a", "2026-03-01T08:00:00+08:00")  # another day
    checkin(org, "l1", "2026-03-02T08:45:00+08:00", point=near_v1(0, 0))
    m1a, l1 = org.person_id("m1a"), org.person_id("l1")
    with app.app_context():
        assert accepted_checkin_counts(date(2026, 3, 2)) == {m1a: 2, l1: 1}
        assert accepted_checkin_counts(date(2026, 3, 2), [m1a, org.person_id("m1b")]) == {m1a: 2}
        before = clock.at_local(date(2026, 3, 2), time(8, 0))
        assert accepted_checkin_counts(date(2026, 3, 2), before=before) == {m1a: 1}
        assert accepted_checkin_counts(date(2026, 3, 3)) == {}


def test_list_allows_a_366_day_range(org):
    assert org.as_("m1a").get("/checkins?from=2025-03-02&to=2026-03-02").status_code == 200
