"""The approver's queue and the lists (LV-4), scope (ORG-2), yearly totals and the LV-6 warning."""

from __future__ import annotations

from tests.helpers import assert_error
from tests.leave.conftest import act, asked


def ids(response) -> list[int]:
    assert response.status_code == 200, response.get_json()
    return [r["id"] for r in response.get_json()["items"]]


def approve_all(org, rid: int, *approvers: str) -> dict:
    for who in approvers:
        answer = act(org, who, rid, "approve", "同意")
        assert answer.status_code == 200, answer.get_json()
    return answer.get_json()


def test_lv4_pending_queue_holds_only_what_waits_on_me(lv):
    a = asked(lv, "m1a", "2026-03-03")["id"]
    b = asked(lv, "m1b", "2026-03-03", "2026-03-08")["id"]
    c = asked(lv, "l1", "2026-03-03")["id"]
    d = asked(lv, "m2a", "2026-03-03")["id"]
    assert ids(lv.as_("l1").get("/approvals/pending")) == [b, a]  # newest first
    assert ids(lv.as_("sec1").get("/approvals/pending")) == [c]
    act(lv, "l1", b, "approve")
    assert ids(lv.as_("l1").get("/approvals/pending")) == [a]
    assert ids(lv.as_("sec1").get("/approvals/pending")) == [c, b]
    assert ids(lv.as_("l2").get("/approvals/pending")) == [d]
    assert ids(lv.as_("sec2").get("/approvals/pending")) == []
    assert ids(lv.as_("m1a").get("/approvals/pending")) == []


def test_org2_lists_are_scoped_and_filtered(lv):
    mine = asked(lv, "m1a", "2026-03-03")["id"]
    other = asked(lv, "m1b", "2026-03-10", "2026-03-11", kind="trip")["id"]
    far = asked(lv, "m3a", "2026-03-05")["id"]
    assert ids(lv.as_("m1a").get("/leave-requests")) == [mine]  # a member sees their own only
    assert ids(lv.as_("m1a").get("/leave-requests?mine=1")) == [mine]
    assert ids(lv.as_("l1").get("/leave-requests")) == [other, mine]
    assert ids(lv.as_("sec1").get("/leave-requests")) == [other, mine]
    assert ids(lv.as_("sec2").get("/leave-requests")) == [far]  # a secretary of another town sees nothing of t1
    assert ids(lv.as_("admin").get("/leave-requests")) == [far, other, mine]
    assert ids(lv.as_("viewer1").get("/leave-requests")) == [mine]  # unit u1: l1, m1a, m2a
    sec1 = lv.as_("sec1")
    assert ids(sec1.get(f"/leave-requests?person_id={lv.person_id('m1b')}")) == [other]
    assert ids(sec1.get("/leave-requests?kind=trip")) == [other]
    assert ids(sec1.get("/leave-requests?from=2026-03-04&to=2026-03-10")) == [other]
    assert ids(sec1.get("/leave-requests?to=2026-03-03")) == [mine]
    act(lv, "l1", mine, "approve")
    assert ids(sec1.get("/leave-requests?status=approved")) == [mine]
    assert_error(sec1.get(f"/leave-requests?person_id={lv.person_id('m3a')}"), 404, "NOT_FOUND")
    first = lv.as_("admin").get("/leave-requests?limit=2").get_json()
    assert len(first["items"]) == 2 and first["next_cursor"]
    assert ids(lv.as_("admin").get(f"/leave-requests?limit=2&cursor={first['next_cursor']}")) == [mine]


def test_lv6_lv7_totals_count_leave_and_trips_apart_and_follow_scope(lv):
    approve_all(lv, asked(lv, "m1a", "2026-03-03", "2026-03-07")["id"], "l1", "sec1")
    approve_all(lv, asked(lv, "m1a", "2026-03-09", "2026-03-10", kind="trip", trip_type="training")["id"], "l1")
    approve_all(lv, asked(lv, "m1a", "2026-03-11", half_day="am")["id"], "l1")
    asked(lv, "m1a", "2026-03-12")  # pending: not counted
    totals = lv.as_("l1").get(f"/leave-totals?person_id={lv.person_id('m1a')}&year=2026").get_json()
    assert totals == {"person_id": lv.person_id("m1a"), "year": 2026, "leave_days": 5.5, "trip_days": 2.0,
                      "leave_limit": 30.0}
    assert lv.as_("m1a").get("/leave-totals?year=2027").get_json()["leave_days"] == 0
    assert_error(lv.as_("sec2").get(f"/leave-totals?person_id={lv.person_id('m1a')}"), 404, "NOT_FOUND")


def test_lv6_approver_sees_when_approving_would_cross_30_days(lv):
    approve_all(lv, asked(lv, "m1a", "2026-03-03", "2026-03-30")["id"], "l1", "sec1")  # 28 days
    leave = asked(lv, "m1a", "2026-04-01", "2026-04-03")
    assert (leave["leave_days_this_year"], leave["leave_days_if_approved"]) == (28, 31)
    assert leave["would_exceed_leave_limit"] is True
    trip = asked(lv, "m1a", "2026-04-06", "2026-04-08", kind="trip")
    assert trip["would_exceed_leave_limit"] is False  # LV-7: trips never count toward LV-6
    short = asked(lv, "m1a", "2026-04-10", "2026-04-11")
    assert short["would_exceed_leave_limit"] is False and short["leave_days_if_approved"] == 30
    queued = {r["id"]: r for r in lv.as_("l1").get("/approvals/pending").get_json()["items"]}
    assert queued[leave["id"]]["would_exceed_leave_limit"] is True
