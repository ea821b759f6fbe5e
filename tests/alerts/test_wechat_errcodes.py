"""Issue 11 (10): WeChat's errcodes on stable_token and subscribe/send, against the fake server."""

from __future__ import annotations

import logging

from tests.fakes.wechat import FakeRequest

TOKEN, SEND = "/cgi-bin/stable_token", "/cgi-bin/message/subscribe/send"


def _notices(org) -> list[dict]:
    return [a for a in org.as_("admin").get("/alerts").get_json()["items"] if a["kind"] == "delivery_failed"]


def _wechat_rows(push) -> list[dict]:
    return [r for r in push.deliveries() if r["channel"] == "wechat" and r["kind"] != "delivery_failed"]


def test_issue11_alert1_token_invalid_40014_is_refreshed_and_sent_at_once(push):
    fake = push.wechat

    def send(req: FakeRequest):
        if req.query.get("access_token") != fake.access_token:
            return 200, {"errcode": 40014, "errmsg": "invalid access_token"}
        return 200, {"errcode": 0, "errmsg": "ok"}

    push.route(SEND, send)
    push.emit("leave_pending", "m1a", ["l1"], "a")
    push.dispatch()
    fake.expire_token()
    push.emit("leave_pending", "m1a", ["l1"], "b")
    push.dispatch()
    row = push.one("wechat", "b")
    assert row["status"] == "sent" and row["attempts"] == 1
    assert push.calls(TOKEN)[-1].body["force_refresh"] is True


def test_issue11_alert1_wechat_daily_quota_45009_fails_at_once_and_tells_the_city_office_once_a_day(
        push, org, travel):
    push.route(SEND, lambda req: (200, {"errcode": 45009, "errmsg": "reach max api daily quota limit"}))
    push.emit("leave_pending", "m1a", ["l1"], "a")
    push.emit("leave_pending", "m1b", ["l1", "sec1"], "b")
    push.dispatch()
    rows = _wechat_rows(push)
    assert len(rows) == 3
    for row in rows:  # failed visibly after one attempt, not retried every minute
        assert row["status"] == "failed" and row["attempts"] == 1 and "45009" in row["last_error"]
    [notice] = _notices(org)
    assert "额度" in notice["title"] and "45009" in notice["body"]
    push.emit("leave_pending", "m2a", ["l1"], "c")
    push.dispatch()
    assert len(_notices(org)) == 1  # once a day, however many fail
    travel("2026-03-03T09:00:00+08:00")
    push.emit("leave_pending", "m2b", ["l1"], "d")
    push.dispatch()
    assert len(_notices(org)) == 2


def test_issue11_alert1_wrong_secret_fails_delivery_as_a_configuration_error(push, org, caplog):
    push.route(TOKEN, lambda req: (200, {"errcode": 40125, "errmsg": "invalid appsecret"}))
    push.emit("leave_pending", "m1a", ["l1"], "a")
    push.emit("leave_pending", "m1b", ["l1"], "b")
    push.dispatch()
    rows = _wechat_rows(push)
    assert [r["status"] for r in rows] == ["failed", "failed"] and all(r["attempts"] == 1 for r in rows)
    assert rows[0]["history"][0]["errcode"] == 40125
    [notice] = _notices(org)
    assert "配置错误" in notice["title"] and "WECHAT_SECRET" in notice["body"]
    errors = [r for r in caplog.records if "configuration error" in r.getMessage()]
    assert errors and all(r.levelno == logging.ERROR for r in errors)
    assert "test-secret" not in caplog.text


def test_issue11_alert1_errcode_sent_as_a_string_is_read_as_a_number(push):
    push.route(SEND, lambda req: (200, {"errcode": "0", "errmsg": "ok"}))
    push.emit("leave_pending", "m1a", ["l1"], "a")
    push.dispatch()
    assert push.one("wechat", "a")["status"] == "sent"
    push.route(SEND, lambda req: (200, {"errcode": "43101", "errmsg": "user refuse to accept the msg"}))
    push.emit("leave_pending", "m1a", ["l1"], "b")
    push.dispatch()
    row = push.one("wechat", "b")
    assert row["status"] == "failed" and row["history"][0]["errcode"] == 43101
