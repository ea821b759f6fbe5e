"""ALERT-1/2: routing to WeChat, the town's WeCom robot and the webhook; what each channel receives."""

from __future__ import annotations

from tests.fakes.wechat import ROBOT_PATH, WEBHOOK_PATH

SEND = "/cgi-bin/message/subscribe/send"
TOKEN = "/cgi-bin/stable_token"


def test_alert2_town_alert_goes_to_each_persons_wechat_and_the_town_robot_once(push):
    assert push.emit("absence_streak", "m1a", ["sec1", "l1", "m1b"], "ATT-3:3:m1a:2026-03-02") == 3
    rows = push.deliveries()
    # m1b has no WeChat bound: the inbox only. The robot and the webhook hear the event once.
    assert sorted((r["channel"], r["target"]) for r in rows) == sorted([
        ("wechat", f"person:{push.org.person_id('sec1')}"), ("wechat", f"person:{push.org.person_id('l1')}"),
        ("wecom", f"town:{push.org.ids['towns']['t1']}"), ("webhook", "webhook")])
    result = push.dispatch()
    assert result["sent"] == 4 and result["pending"] == 0
    assert len(push.calls(ROBOT_PATH)) == 1 and len(push.calls(WEBHOOK_PATH)) == 1
    assert sorted(c.body["touser"] for c in push.calls(SEND)) == ["oid-l1", "oid-sec1"]
    assert push.dispatch()["sent"] == 0  # nothing is sent twice


def test_alert2_personal_alert_never_goes_to_the_robot(push):
    push.emit("leave_pending", "m1a", ["l1"], "LV-4:7:l1", title="李四请假待您审批", rule="LV-4")
    assert sorted(r["channel"] for r in push.deliveries()) == ["webhook", "wechat"]


def test_alert2_town_without_robot_and_kind_without_template(push):
    push.emit("absence_streak", "m3a", ["sec2"], "ATT-3:3:m3a")  # t2 has no robot; sec2 not bound
    push.emit("missed_log", "m1a", ["m1a"], "LOG-3:m1a", rule="LOG-3")  # no template for missed_log
    assert [r["channel"] for r in push.deliveries()] == ["webhook", "webhook"]


def test_alert1_second_emit_of_an_event_queues_nothing(push):
    push.emit("absence_streak", "m1a", ["sec1", "l1"], "ATT-3:3:m1a:2026-03-02")
    push.dispatch()
    assert push.emit("absence_streak", "m1a", ["sec1", "l1"], "ATT-3:3:m1a:2026-03-02") == 0
    assert len(push.deliveries()) == 4
    assert push.dispatch()["sent"] == 0
    assert len(push.calls(ROBOT_PATH)) == 1 and len(push.calls(SEND)) == 2


def test_alert2_subscribe_message_fits_wechat_field_limits(push):
    push.emit("leave_pending", "m1a", ["l1"], "LV-4:9", title="李四申请事假五天需要您尽快审批因为家中老人住院需要照顾",
              payload={"days": "5天"}, rule="LV-4")
    push.dispatch()
    [call] = push.calls(SEND)
    assert call.body["template_id"] == "TPL-LEAVE" and call.body["page"] == "pages/approvals/index"
    data = {k: v["value"] for k, v in call.body["data"].items()}
    assert len(data["thing1"]) == 20 and data["thing1"].endswith("…")
    assert data["name2"] == "李四" and data["phrase4"] == "待审批" and data["number5"] == "5"
    assert data["time3"] == "2026年3月2日 09:00"
    assert call.query["access_token"] == "token-1"
    assert call.headers["Idempotency-Key"] == "LV-4:9"


def test_alert1_access_token_is_cached_and_refreshed_before_expiry(push, travel):
    push.emit("leave_pending", "m1a", ["l1"], "a")
    push.emit("leave_pending", "m1b", ["l1"], "b")
    push.dispatch()
    assert len(push.calls(TOKEN)) == 1 and len(push.calls(SEND)) == 2
    travel("2026-03-02T10:56:00+08:00")  # 7,200 s token; refreshed 300 s before it runs out
    push.emit("leave_pending", "m1a", ["l1"], "c")
    push.dispatch()
    assert len(push.calls(TOKEN)) == 2
    assert push.calls(TOKEN)[-1].body["force_refresh"] is False


def test_alert1_token_invalid_40001_is_refreshed_and_the_send_retried_once(push):
    push.emit("leave_pending", "m1a", ["l1"], "a")
    push.dispatch()
    push.wechat.expire_token()
    push.emit("leave_pending", "m1a", ["l1"], "b")
    assert push.dispatch()["sent"] == 2  # the wechat row and the webhook row
    tokens = push.calls(TOKEN)
    assert len(tokens) == 2 and tokens[-1].body["force_refresh"] is True
    assert [c.query["access_token"] for c in push.calls(SEND)] == ["token-1", "token-1", "token-2"]
    [row] = [r for r in push.deliveries() if r["channel"] == "wechat" and r["status"] == "sent"
             and r["dedupe_key"] == "b"]
    assert row["attempts"] == 1


def test_alert1_user_refused_43101_is_a_final_failure_not_retried(push, app, org, travel):
    with app.app_context():
        from app.extensions import db
        from app.org.models import Person

        db.session.get(Person, org.person_id("l1")).openid = "refused-l1"
        db.session.commit()
    push.emit("leave_pending", "m1a", ["l1"], "a")
    assert push.dispatch()["failed"] == 1
    row = push.one("wechat", "a")
    assert row["status"] == "failed" and row["history"][0]["errcode"] == 43101
    assert row["history"][0]["outcome"] == "failed" and "43101" in row["last_error"]
    travel("2026-03-03T09:00:00+08:00")
    push.dispatch()
    assert [c.body["touser"] for c in push.calls(SEND)] == ["refused-l1", "oid-admin"]  # the admin is told
    assert [r["id"] for r in push.deliveries(status="failed")] == [row["id"]]
    [notice] = org.as_("admin").get("/alerts").get_json()["items"]
    assert notice["kind"] == "delivery_failed" and notice["subject"]["name"] == "张三"


def test_alert2_robot_markdown_is_cut_to_4096_utf8_bytes(push):
    push.emit("absence_streak", "m1a", ["sec1"], "long", body="李四缺勤" * 2000)
    push.dispatch()
    [call] = push.calls(ROBOT_PATH)
    content = call.body["markdown"]["content"]
    assert call.body["msgtype"] == "markdown" and call.query == {"key": "t1"}
    assert len(content.encode("utf-8")) <= 4096 and content.endswith("…")
    assert content.startswith("### 李四连续缺勤3天")


def test_alert2_webhook_gets_the_event_as_json_with_an_idempotency_key(push):
    push.emit("absence_streak", "m1a", ["sec1"], "ATT-3:3:m1a:2026-03-02", payload={"days": 3})
    push.dispatch()
    [call] = push.calls(WEBHOOK_PATH)
    assert call.headers["Idempotency-Key"] == "ATT-3:3:m1a:2026-03-02"
    body = call.body
    assert body["kind"] == "absence_streak" and body["rule"] == "ATT-3" and body["payload"] == {"days": 3}
    assert body["subject"] == {"id": push.org.person_id("m1a"), "name": "李四"}
    assert body["town_id"] == push.org.ids["towns"]["t1"] and body["title"] == "李四连续缺勤3天"


def test_alert2_webhook_never_goes_to_private_addresses_or_plain_http(push, app):
    for url, reason in (("https://10.0.0.5/hook", "private"), ("http://192.0.2.10/hook", "loopback"),
                        ("ftp://127.0.0.1/hook", "https")):
        app.config["ALERT_WEBHOOK_URL"] = url
        push.emit("missed_log", "m1a", ["m1a"], f"k-{url}")
        push.dispatch()
        row = push.one("webhook", f"k-{url}")
        assert row["status"] == "failed" and reason in row["last_error"]
    assert push.calls(WEBHOOK_PATH) == []


def test_alert2_webhook_redirect_is_not_followed(push):
    push.route(WEBHOOK_PATH, lambda req: (302, {"to": "elsewhere"}))
    push.emit("missed_log", "m1a", ["m1a"], "k")
    push.dispatch()
    row = push.one("webhook", "k")
    assert row["status"] == "failed" and row["last_error"] == "redirect not followed"
    assert row["history"][0]["status_code"] == 302
