"""LV-4: an approver must hold the step's role for the requester on the day of the decision.

Ended postings (by a re-import, by their end date passing, by a recall), secretaries moved to
another town and re-roled people lose their steps at once: 404 when they can no longer see the
request, else 403 NOT_YOUR_STEP, and the request leaves their ``/approvals/pending``. The handover
(on every organisation change, and nightly for postings that ended by date) moves the step on.
"""

from __future__ import annotations

from tests.attendance.scenario import close, local
from tests.helpers import assert_error
from tests.leave.conftest import act, asked, reimport
from tests.orgdata import standard_org


def pending(org, who: str) -> list[int]:
    response = org.as_(who).get("/approvals/pending")
    assert response.status_code == 200, response.get_json()
    return [r["id"] for r in response.get_json()["items"]]


def new_leader(org, start: str) -> None:
    reimport(org, {
        "people": [{"key": "l1b", "name": "冯新", "role": "leader", "unit": "u1", "party_member": True,
                    "party_joined_on": "2012-07-01", "work_started_on": "2009-07-01", "source": "civil_servant"}],
        "postings": [{"person": "l1b", "village": "v1", "role": "leader", "start_date": start}]})


def end_l1(org, last_day: str) -> None:
    reimport(org, {"postings": [{"person": "l1", "village": "v1", "role": "leader", "start_date": "2026-01-01",
                                 "end_date": last_day}]})


def test_lv4_a_leader_whose_posting_ended_by_reimport_can_no_longer_approve(lv):
    rid = asked(lv, "m1a", "2026-03-05")["id"]
    end_l1(lv, "2026-03-01")  # nobody leads v1 now: the step keeps waiting, but not on l1's desk
    assert pending(lv, "l1") == []
    assert_error(act(lv, "l1", rid, "approve", "同意"), 404, "NOT_FOUND")
    assert_error(act(lv, "l1", rid, "reject", "不同意"), 404, "NOT_FOUND")
    new_leader(lv, "2026-03-02")  # the handover gives it to the new leader
    assert pending(lv, "l1b") == [rid]
    assert act(lv, "l1b", rid, "approve", "同意").get_json()["status"] == "approved"


def test_lv4_a_posting_that_ended_by_date_loses_its_steps_and_the_nightly_handover_moves_them(lv, travel, runner):
    end_l1(lv, "2026-03-10")
    new_leader(lv, "2026-03-11")  # a rotation imported ahead of time
    rid = asked(lv, "m1a", "2026-03-20")["id"]
    assert pending(lv, "l1") == [rid]
    travel("2026-03-11T09:00:00+08:00")
    assert pending(lv, "l1") == []
    assert_error(act(lv, "l1", rid, "approve", "同意"), 404, "NOT_FOUND")
    result = runner.invoke(args=["jobs", "run", "handover"])
    assert result.exit_code == 0, result.output
    assert pending(lv, "l1b") == [rid]
    step = lv.as_("l1b").get(f"/leave-requests/{rid}").get_json()["steps"][0]
    assert step["reassigned_from"]["id"] == lv.person_id("l1")
    assert act(lv, "l1b", rid, "approve", "同意").get_json()["status"] == "approved"


def test_lv4_a_secretary_moved_to_another_town_loses_the_town_step(lv):
    rid = asked(lv, "m1a", "2026-03-05", "2026-03-09")["id"]  # > 3 days: leader, then town
    assert act(lv, "l1", rid, "approve", "同意").status_code == 200
    assert pending(lv, "sec1") == [rid]
    reimport(lv, {"people": [{"key": "sec1", "name": "陈书记", "role": "town_secretary", "town": "t2",
                              "unit": None}]})
    assert pending(lv, "sec1") == []
    assert_error(act(lv, "sec1", rid, "approve"), 404, "NOT_FOUND")  # t1's records are out of sight now
    reimport(lv, {"people": [{"key": "sec1b", "name": "韩书记", "role": "town_secretary", "town": "t1",
                              "unit": None}]})
    assert pending(lv, "sec1b") == [rid]
    assert act(lv, "sec1b", rid, "approve").get_json()["status"] == "approved"


def test_lv4_a_re_roled_leader_who_still_sees_the_request_gets_not_your_step(lv):
    rid = asked(lv, "m1a", "2026-03-05")["id"]
    reimport(lv, {"people": [{"key": "l1", "name": "张三", "role": "city_admin", "town": None, "unit": None}]})
    assert pending(lv, "l1") == []
    assert_error(act(lv, "l1", rid, "approve", "同意"), 403, "NOT_YOUR_STEP", rule="LV-4")
    assert lv.as_("l1").get(f"/leave-requests/{rid}").status_code == 200  # the city office sees everything


def test_lv4_a_recalled_leader_loses_his_steps(api, runner, travel, tmp_path):
    travel(local("2026-03-02", "08:00"))
    api.import_org(standard_org(start="2026-03-02"), tmp_path)
    rid = asked(api, "m1a", "2026-04-01")["id"]
    travel(local("2026-03-25", "01:00"))
    close(runner, "2026-03-24")  # nobody checked in: l1 has an ATT-3 case
    case = next(c for c in api.as_("admin").get("/recall-cases?rule=ATT-3").get_json()["items"]
                if c["person_id"] == api.person_id("l1"))
    confirmed = api.as_("admin").post(f"/recall-cases/{case['id']}/confirm", json={"reason": "经核实，连续离村"})
    assert confirmed.status_code == 200, confirmed.get_json()
    assert pending(api, "l1") == []
    assert_error(act(api, "l1", rid, "approve", "同意"), 404, "NOT_FOUND")
    steps = api.as_("sec1").get(f"/leave-requests/{rid}").get_json()["steps"]
    assert steps[0]["status"] == "pending"  # nothing disappears: it waits for a new leader
