"""POST /leave-requests: chains resolved to people (LV-1, LV-2, LV-7), refusals (LV-3), vacancy."""

from __future__ import annotations

import pytest

from tests.helpers import assert_error
from tests.leave.conftest import alerts, ask, asked, reimport


def chain_of(request: dict) -> list[tuple[str, int, str]]:
    return [(s["role"], s["approver_id"], s["status"]) for s in request["steps"]]


@pytest.mark.parametrize("kind", ["leave", "trip"])
@pytest.mark.parametrize(("who", "end", "roles"), [
    ("m1a", "2026-03-04", ["l1"]),                       # LV-1: member, 3 days
    ("m1a", "2026-03-05", ["l1", "sec1"]),               # LV-1: member, 4 days
    ("l1", "2026-03-04", ["sec1"]),                      # LV-2: leader, 3 days
    ("l1", "2026-03-05", ["sec1", "admin"]),             # LV-2: leader, 4 days
])
def test_lv1_lv2_lv7_chain_resolves_to_people(lv, who, end, roles, kind):
    request = asked(lv, who, "2026-03-02", end, kind=kind)
    assert request["status"] == "pending" and request["kind"] == kind
    assert request["requester"] == {"id": lv.person_id(who), "name": request["requester"]["name"]}
    expected = [(s["role"], lv.person_id(key)) for s, key in zip(request["steps"], roles, strict=True)]
    assert [(r, a) for r, a, _ in chain_of(request)] == expected
    assert [s["status"] for s in request["steps"]] == ["pending"] + ["waiting"] * (len(roles) - 1)
    assert all(s["decided_at"] is None and s["comment"] is None for s in request["steps"])


def test_lv3_days_inclusive_and_half_day(lv):
    assert asked(lv, "m1a", "2026-03-02", "2026-03-04")["days"] == 3
    half = asked(lv, "m1b", "2026-03-05", half_day="pm")
    assert half["days"] == 0.5 and half["half_day"] == "pm"


@pytest.mark.parametrize(("start", "end", "extra", "reason"), [
    ("2026-03-06", "2026-03-05", {}, "END_BEFORE_START"),
    ("2026-03-05", "2026-03-06", {"half_day": "am"}, "HALF_DAY_MULTI_DAY"),
    ("2026-03-05", "2027-03-06", {}, "TOO_LONG"),
    ("2026-02-26", "2026-02-26", {}, "TOO_FAR_BACK"),
    ("2025-12-31", "2026-03-03", {}, "TOO_FAR_BACK"),
])
def test_lv3_refusals_name_the_rule(lv, start, end, extra, reason):
    error = assert_error(ask(lv, "m1a", start, end, **extra), 422, "RULE_VIOLATION", rule="LV-3")
    assert error["details"]["reason"] == reason


def test_lv3_outside_the_posting_is_refused(lv):
    reimport(lv, {"postings": [{"person": "m2b", "village": "v2", "role": "member", "start_date": "2026-01-01",
                                "end_date": "2026-03-31"}]})
    error = assert_error(ask(lv, "m2b", "2026-03-30", "2026-04-02"), 422, "RULE_VIOLATION", rule="LV-3")
    assert error["details"]["reason"] == "OUTSIDE_POSTING"
    assert ask(lv, "m2b", "2026-03-30", "2026-03-31").status_code == 201


def test_lv3_overlap_with_pending_or_approved_is_refused_but_not_with_rejected(lv):
    first = asked(lv, "m1a", "2026-03-03", "2026-03-05")
    error = assert_error(ask(lv, "m1a", "2026-03-05", "2026-03-06"), 422, "RULE_VIOLATION", rule="LV-3")
    assert error["details"] == {"rule": "LV-3", "reason": "OVERLAP", "request_id": first["id"]}
    assert ask(lv, "m1a", "2026-03-05", kind="trip").status_code == 422  # trips and leave share days
    assert ask(lv, "m1b", "2026-03-05").status_code == 201  # another cadre
    assert lv.as_("l1").post(f"/leave-requests/{first['id']}/reject", json={"comment": "人手不足"}).status_code == 200
    assert ask(lv, "m1a", "2026-03-05", "2026-03-06").status_code == 201


@pytest.mark.parametrize(("body", "field"), [
    ({"kind": "leave", "start_date": "2026-03-03", "end_date": "2026-03-03", "reason": "  "}, "reason"),
    ({"kind": "leave", "start_date": "2026-03-03", "end_date": "2026-03-03"}, "reason"),
    ({"kind": "trip", "start_date": "2026-03-03", "end_date": "2026-03-03", "reason": "开会"}, "trip_type"),
    ({"kind": "leave", "start_date": "2026-03-03", "end_date": "2026-03-03", "reason": "x", "trip_type": "meeting"},
     "trip_type"),
    ({"kind": "holiday", "start_date": "2026-03-03", "end_date": "2026-03-03", "reason": "x"}, "kind"),
    ({"kind": "leave", "start_date": "2026-03-03", "end_date": "2026-03-03", "reason": "x", "half_day": "noon"},
     "half_day"),
])
def test_malformed_requests_are_400(lv, body, field):
    error = assert_error(lv.as_("m1a").post("/leave-requests", json=body), 400, "VALIDATION_ERROR")
    assert field in str(error["details"])


def test_only_cadres_request_leave(lv):
    assert_error(ask(lv, "sec1", "2026-03-03"), 403, "FORBIDDEN")


def test_vacant_leader_is_a_clear_422(lv):
    reimport(lv, {"postings": [{"person": "l3", "village": "v3", "role": "leader", "start_date": "2026-01-01",
                                "end_date": "2026-03-01"}]})
    error = assert_error(ask(lv, "m3a", "2026-03-03"), 422, "APPROVER_VACANT", rule="LV-1")
    assert error["details"]["role"] == "leader" and "空缺" in error["message"]


def test_vacant_town_secretary_is_a_clear_422(lv):
    reimport(lv, {"people": [{"key": "sec2", "name": "林书记", "role": "town_secretary", "town": "t1"}]})
    error = assert_error(ask(lv, "l3", "2026-03-03"), 422, "APPROVER_VACANT", rule="LV-2")
    assert error["details"]["role"] == "town_secretary"


def test_lv4_first_approver_is_alerted_naming_the_requester(lv):
    request = asked(lv, "m1a", "2026-03-03")
    assert alerts(lv) == [("leave_pending", "l1", f"leave_pending:{request['id']}:1")]
    with lv.app.app_context():
        from app.alerts.models import Alert
        from app.extensions import db

        alert = db.session.scalars(db.select(Alert)).one()
        assert "李四" in alert.title and "李四" in alert.body
