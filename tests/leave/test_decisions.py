"""Approving and rejecting (LV-4), LV-8 for past days, cancel and 销假 (LV-5), day_data_changed."""

from __future__ import annotations

import threading

from app.signals import day_data_changed
from tests.helpers import assert_error
from tests.leave.conftest import act, alerts, asked


def test_lv1_member_long_leave_climbs_leader_then_town(lv):
    rid = asked(lv, "m1a", "2026-03-03", "2026-03-06")["id"]
    after_leader = act(lv, "l1", rid, "approve", "同意").get_json()
    assert after_leader["status"] == "pending"
    assert [s["status"] for s in after_leader["steps"]] == ["approved", "pending"]
    assert after_leader["steps"][0]["comment"] == "同意" and after_leader["steps"][0]["decided_at"]
    done = act(lv, "sec1", rid, "approve").get_json()
    assert done["status"] == "approved" and [s["status"] for s in done["steps"]] == ["approved", "approved"]
    assert alerts(lv) == [("leave_pending", "l1", f"leave_pending:{rid}:1"),
                          ("leave_pending", "sec1", f"leave_pending:{rid}:2"),
                          ("leave_decided", "m1a", f"leave_decided:{rid}:2")]


def test_lv2_leader_long_leave_goes_to_city(lv):
    rid = asked(lv, "l1", "2026-03-03", "2026-03-10")["id"]
    assert act(lv, "sec1", rid, "approve").status_code == 200
    assert [r["id"] for r in lv.as_("admin").get("/approvals/pending").get_json()["items"]] == [rid]
    assert act(lv, "admin", rid, "approve").get_json()["status"] == "approved"


def test_lv4_not_your_step_is_403_and_out_of_scope_is_404(lv):
    rid = asked(lv, "m1a", "2026-03-03", "2026-03-06")["id"]
    for who in ("sec1", "admin", "m1a", "viewer1"):  # can see it, not their step (or their own)
        assert_error(act(lv, who, rid, "approve"), 403, "NOT_YOUR_STEP")
    for who in ("sec2", "l2", "l3", "m1b"):  # another team, town, or a teammate: not visible
        assert_error(act(lv, who, rid, "approve"), 404, "NOT_FOUND")
        assert_error(lv.as_(who).get(f"/leave-requests/{rid}"), 404, "NOT_FOUND")
    assert lv.as_("sec2").get("/leave-requests").get_json()["items"] == []
    assert lv.as_("sec1").get(f"/leave-requests/{rid}").status_code == 200


def test_lv4_reject_needs_a_comment_and_ends_the_request(lv):
    rid = asked(lv, "m1a", "2026-03-03", "2026-03-06")["id"]
    assert_error(act(lv, "l1", rid, "reject"), 422, "RULE_VIOLATION", rule="LV-4")
    assert_error(act(lv, "l1", rid, "reject", "   "), 422, "RULE_VIOLATION", rule="LV-4")
    rejected = act(lv, "l1", rid, "reject", "春耕期间人手紧").get_json()
    assert rejected["status"] == "rejected"
    assert [s["status"] for s in rejected["steps"]] == ["rejected", "waiting"]
    assert ("leave_decided", "m1a", f"leave_decided:{rid}:1") in alerts(lv)
    assert lv.as_("sec1").get("/approvals/pending").get_json()["items"] == []


def test_lv4_a_decided_step_cannot_be_decided_again(lv):
    rid = asked(lv, "m1a", "2026-03-03")["id"]
    assert act(lv, "l1", rid, "approve").status_code == 200
    assert_error(act(lv, "l1", rid, "approve"), 409, "ALREADY_DECIDED")
    assert_error(act(lv, "l1", rid, "reject", "改主意"), 409, "ALREADY_DECIDED")


def test_lv4_two_clicks_at_once_record_one_decision(lv):
    rid = asked(lv, "m1a", "2026-03-03", "2026-03-06")["id"]
    token = lv.token("l1")
    barrier, codes = threading.Barrier(4), []

    def click(verdict: str):
        client = lv.app.test_client()
        barrier.wait()
        response = client.post(f"/api/v1/leave-requests/{rid}/{verdict}", json={"comment": verdict},
                               headers={"Authorization": f"Bearer {token}"})
        codes.append(response.status_code)

    threads = [threading.Thread(target=click, args=(v,)) for v in ("approve", "reject", "approve", "reject")]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(codes) == [200, 409, 409, 409]
    steps = lv.as_("m1a").get(f"/leave-requests/{rid}").get_json()["steps"]
    assert steps[0]["status"] in ("approved", "rejected") and steps[0]["comment"] in ("approve", "reject")
    assert steps[0]["comment"] == steps[0]["status"].replace("approved", "approve").replace("rejected", "reject")
    assert len([a for a in alerts(lv) if a[2].endswith(":2") or "decided" in a[0]]) == 1


def test_lv8_backdated_member_leave_needs_the_town_secretary_with_a_reason(lv):
    request = asked(lv, "m1a", "2026-02-28", "2026-03-01")  # sick at the weekend, reported on Monday
    assert [(s["role"], s["added_for"]) for s in request["steps"]] == [("leader", None), ("town_secretary", "LV-8")]
    rid = request["id"]
    act(lv, "l1", rid, "approve")
    assert_error(act(lv, "sec1", rid, "approve"), 422, "RULE_VIOLATION", rule="LV-8")
    changed = []
    day_data_changed.connect(receiver := lambda _s, **kw: changed.append(kw))
    try:
        assert act(lv, "sec1", rid, "approve", "病假属实，补批").get_json()["status"] == "approved"
    finally:
        day_data_changed.disconnect(receiver)
    assert [(c["person_id"], [d.isoformat() for d in c["days"]]) for c in changed] == [
        (lv.person_id("m1a"), ["2026-02-28", "2026-03-01"])]


def test_lv8_a_request_approved_after_its_start_gets_a_town_review_step(lv, travel):
    rid = asked(lv, "m1a", "2026-03-04", "2026-03-05")["id"]  # submitted ahead, left waiting
    travel("2026-03-05T08:00:00+08:00")
    answer = act(lv, "l1", rid, "approve", "同意").get_json()
    assert answer["status"] == "pending"
    assert [(s["role"], s["status"], s["added_for"]) for s in answer["steps"]] == [
        ("leader", "approved", None), ("town_secretary", "pending", "LV-8")]
    assert_error(act(lv, "sec1", rid, "approve"), 422, "RULE_VIOLATION", rule="LV-8")
    assert act(lv, "sec1", rid, "approve", "情况属实").get_json()["status"] == "approved"


def test_lv5_cancel_before_start_and_not_after(lv, travel):
    pending = asked(lv, "m1a", "2026-03-03")["id"]
    assert_error(act(lv, "l1", pending, "cancel"), 403, "NOT_REQUESTER")
    assert act(lv, "m1a", pending, "cancel").get_json()["status"] == "cancelled"
    assert lv.as_("l1").get("/approvals/pending").get_json()["items"] == []
    assert_error(act(lv, "l1", pending, "approve"), 409, "ALREADY_DECIDED")
    approved = asked(lv, "m1a", "2026-03-04")["id"]
    act(lv, "l1", approved, "approve")
    travel("2026-03-04T08:00:00+08:00")
    assert_error(act(lv, "m1a", approved, "cancel"), 422, "RULE_VIOLATION", rule="LV-5")


def test_lv5_report_back_releases_unused_days_and_clears_overdue(lv, travel):
    rid = asked(lv, "m1a", "2026-03-03", "2026-03-12")["id"]
    assert_error(act(lv, "m1a", rid, "report-back"), 422, "RULE_VIOLATION", rule="LV-5")  # not approved
    act(lv, "l1", rid, "approve")
    act(lv, "sec1", rid, "approve")
    assert_error(act(lv, "m1a", rid, "report-back"), 422, "RULE_VIOLATION", rule="LV-5")  # not started
    travel("2026-03-06T08:00:00+08:00")
    back = act(lv, "m1a", rid, "report-back").get_json()
    assert back["reported_back_on"] == "2026-03-06" and back["days"] == 10 and back["days_released"] == 7
    assert back["overdue"] is False
    totals = lv.as_("m1a").get("/leave-totals?year=2026").get_json()
    assert totals["leave_days"] == 3 and totals["trip_days"] == 0 and totals["leave_limit"] == 30
    assert asked(lv, "m1a", "2026-03-07", kind="trip")["days"] == 1  # released days are free again
    assert_error(act(lv, "m1a", rid, "report-back"), 422, "RULE_VIOLATION", rule="LV-5")


def test_lv5_approved_leave_past_its_end_without_report_back_is_overdue(lv, travel):
    rid = asked(lv, "m1a", "2026-03-03", "2026-03-04")["id"]
    act(lv, "l1", rid, "approve")
    assert lv.as_("l1").get(f"/leave-requests/{rid}").get_json()["overdue"] is False
    travel("2026-03-05T08:00:00+08:00")
    assert lv.as_("l1").get(f"/leave-requests/{rid}").get_json()["overdue"] is True
    act(lv, "m1a", rid, "report-back")
    late = lv.as_("l1").get(f"/leave-requests/{rid}").get_json()
    assert late["overdue"] is False and late["days_released"] == 0


def test_lv4_approving_again_after_handing_on_is_409_not_403(lv):
    rid = asked(lv, "m1a", "2026-03-03", "2026-03-06")["id"]
    act(lv, "l1", rid, "approve")
    assert_error(act(lv, "l1", rid, "approve"), 409, "ALREADY_DECIDED")


def test_lv5_first_accepted_checkin_after_the_leave_closes_it(lv, travel):
    from tests.attendance.scenario import checkin

    rid = asked(lv, "m1a", "2026-03-03", "2026-03-04")["id"]
    act(lv, "l1", rid, "approve")
    travel("2026-03-05T08:00:00+08:00")
    assert lv.as_("l1").get(f"/leave-requests/{rid}").get_json()["overdue"] is True
    checkin(lv, "m1a", "2026-03-05T08:30:00+08:00", travel)
    assert lv.as_("l1").get(f"/leave-requests/{rid}").get_json()["overdue"] is False
