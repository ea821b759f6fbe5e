"""LV-4: a step waiting on someone who no longer holds the role is handed to whoever holds it now."""

from __future__ import annotations

from tests.helpers import assert_error
from tests.leave.conftest import act, asked, reimport


def new_leader_replaces_l1(org) -> None:
    """l1's posting ends yesterday; l1b (from unit u1) leads v1 from today (a rotation, ORG-5)."""
    reimport(org, {
        "people": [{"key": "l1b", "name": "冯新", "role": "leader", "unit": "u1", "party_member": True,
                    "party_joined_on": "2012-07-01", "work_started_on": "2009-07-01", "source": "civil_servant"}],
        "postings": [{"person": "l1", "village": "v1", "role": "leader", "start_date": "2026-01-01",
                      "end_date": "2026-03-01"},
                     {"person": "l1b", "village": "v1", "role": "leader", "start_date": "2026-03-02"}]})


def test_lv4_waiting_step_moves_to_the_new_leader_and_is_recorded(lv):
    rid = asked(lv, "m1a", "2026-03-05")["id"]
    new_leader_replaces_l1(lv)
    queue = lv.as_("l1b").get("/approvals/pending").get_json()["items"]
    assert [r["id"] for r in queue] == [rid]
    step = queue[0]["steps"][0]
    assert step["approver_id"] == lv.person_id("l1b") and step["reassigned_from"]["id"] == lv.person_id("l1")
    assert step["reassigned_at"]
    assert lv.as_("l1").get("/approvals/pending").get_json()["items"] == []
    assert_error(act(lv, "l1", rid, "approve"), 404, "NOT_FOUND")  # no longer leads v1: out of scope
    assert act(lv, "l1b", rid, "approve", "同意").get_json()["status"] == "approved"
    told = [a for a in lv.as_("l1b").get("/alerts").get_json()["items"] if a["kind"] == "leave_pending"]
    assert len(told) == 1


def test_lv4_a_decided_step_keeps_its_approver(lv):
    rid = asked(lv, "m1a", "2026-03-05", "2026-03-09")["id"]  # > 3 days: leader, then town
    act(lv, "l1", rid, "approve", "同意")
    new_leader_replaces_l1(lv)
    steps = lv.as_("sec1").get(f"/leave-requests/{rid}").get_json()["steps"]
    assert steps[0]["approver_id"] == lv.person_id("l1") and steps[0]["reassigned_from"] is None
    assert steps[1]["status"] == "pending" and steps[1]["approver_id"] == lv.person_id("sec1")


def test_lv4_a_vacant_role_keeps_the_step_waiting(lv):
    rid = asked(lv, "m1a", "2026-03-05")["id"]
    reimport(lv, {"postings": [{"person": "l1", "village": "v1", "role": "leader", "start_date": "2026-01-01",
                                "end_date": "2026-03-01"}]})
    steps = lv.as_("sec1").get(f"/leave-requests/{rid}").get_json()["steps"]
    assert steps[0]["approver_id"] == lv.person_id("l1") and steps[0]["status"] == "pending"
