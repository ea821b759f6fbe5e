"""ALERT-3: each person sees their own alerts in the app, whatever happened to the push."""

from __future__ import annotations

from tests.helpers import assert_error


def test_alert3_inbox_lists_own_alerts_newest_first_with_subject(push, org):
    push.emit("absence_streak", "m1a", ["sec1", "l1"], "ATT-3:3:m1a:2026-03-02")
    push.emit("leave_pending", "m1b", ["l1"], "LV-4:1:l1", title="王五请假2天待您审批", body="王五申请3月3日至4日请假",
              rule="LV-4")
    items = org.as_("l1").get("/alerts").get_json()["items"]
    assert [i["kind"] for i in items] == ["leave_pending", "absence_streak"]
    assert items[0]["subject"] == {"id": org.person_id("m1b"), "name": "王五"}
    assert set(items[0]) == {"id", "kind", "rule", "subject", "title", "body", "created_at", "read"}
    assert items[0]["read"] is False and items[0]["rule"] == "LV-4"
    assert [i["kind"] for i in org.as_("sec1").get("/alerts").get_json()["items"]] == ["absence_streak"]
    assert org.as_("m1a").get("/alerts").get_json()["items"] == []


def test_alert3_unread_filter_count_and_mark_read(push, org):
    push.emit("absence_streak", "m1a", ["sec1"], "k1")
    push.emit("absence_streak", "m1b", ["sec1"], "k2", title="王五连续缺勤3天")
    sec1 = org.as_("sec1")
    assert sec1.get("/alerts/unread-count").get_json() == {"unread": 2}
    first = sec1.get("/alerts").get_json()["items"][-1]
    marked = sec1.post(f"/alerts/{first['id']}/read")
    assert marked.status_code == 200 and marked.get_json()["read"] is True
    assert sec1.post(f"/alerts/{first['id']}/read").status_code == 200  # idempotent
    assert sec1.get("/alerts/unread-count").get_json() == {"unread": 1}
    unread = sec1.get("/alerts", query_string={"unread": 1}).get_json()["items"]
    assert [i["title"] for i in unread] == ["王五连续缺勤3天"]


def test_alert3_another_persons_alert_is_not_found(push, org):
    push.emit("absence_streak", "m1a", ["sec1"], "k1")
    alert_id = org.as_("sec1").get("/alerts").get_json()["items"][0]["id"]
    assert_error(org.as_("sec2").post(f"/alerts/{alert_id}/read"), 404, "NOT_FOUND")
    assert_error(org.as_("sec2").post("/alerts/999999/read"), 404, "NOT_FOUND")
    assert org.as_("sec1").get("/alerts/unread-count").get_json() == {"unread": 1}


def test_alert3_every_role_has_an_inbox_and_it_needs_a_token(org):
    for key in ("m1a", "l1", "sec1", "admin", "viewer1"):
        response = org.as_(key).get("/alerts")
        assert response.status_code == 200 and response.get_json() == {"items": [], "next_cursor": None}
    assert_error(org.get("/alerts"), 401, "TOKEN_INVALID")


def test_alert3_inbox_pages_with_a_cursor(push, org):
    for n in range(3):
        push.emit("absence_streak", "m1a", ["sec1"], f"k{n}", title=f"李四第{n}条")
    first = org.as_("sec1").get("/alerts", query_string={"limit": 2}).get_json()
    second = org.as_("sec1").get("/alerts", query_string={"limit": 2, "cursor": first["next_cursor"]}).get_json()
    titles = [i["title"] for i in first["items"] + second["items"]]
    assert titles == ["李四第2条", "李四第1条", "李四第0条"] and second["next_cursor"] is None


def test_alert1_delivery_log_is_for_the_city_office_only(push, org):
    assert_error(org.as_("sec1").get("/admin/deliveries"), 403, "FORBIDDEN")
    assert_error(org.as_("admin").get("/admin/deliveries", query_string={"status": "lost"}), 400,
                 "VALIDATION_ERROR")
