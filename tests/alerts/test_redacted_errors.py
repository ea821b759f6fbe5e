"""Issue 11 (6): a receiver's URL (a WeCom robot's ``?key=``) never reaches ``/admin/deliveries``,
the ``delivery_failed`` alert nor what is pushed onward, nor a log line."""

from __future__ import annotations

import json
import logging
import socket

from app.extensions import db
from app.org.models import Town
from tests.fakes.wechat import WEBHOOK_PATH

ROBOT_KEY = "ROBOT-KEY-693f2c1e"


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_issue11_alert1_robot_key_never_reaches_admin_deliveries_nor_alerts(push, app, org, wechat, caplog):
    caplog.set_level(logging.INFO)
    app.config.update(ALERT_MAX_ATTEMPTS=2, ALERT_RETRY_BASE_S=0, WECHAT_SUBSCRIBE_TEMPLATES={})
    with app.app_context():
        db.session.get(Town, org.ids["towns"]["t1"]).wecom_webhook = \
            f"http://127.0.0.1:{_closed_port()}/cgi-bin/webhook/send?key={ROBOT_KEY}"
        db.session.commit()
    push.emit("absence_streak", "m1a", ["sec1"], "streak")
    push.dispatch()  # connection refused twice: failed, and the city office is told
    push.dispatch()  # the notice goes out
    rows = push.deliveries()
    robot = [r for r in rows if r["channel"] == "wecom"]
    assert robot and robot[0]["status"] == "failed" and "Connection" in robot[0]["last_error"]
    admin_views = json.dumps(rows, ensure_ascii=False) + org.as_("admin").get("/alerts").get_data(as_text=True)
    assert "delivery_failed" in admin_views
    onward = [json.dumps(c.body, ensure_ascii=False) for c in wechat.calls(WEBHOOK_PATH)]
    assert any("delivery_failed" in b for b in onward)  # the notice was pushed on to the webhook …
    for place in (admin_views, *onward, caplog.text):
        assert ROBOT_KEY not in place  # … and nowhere is the robot's key
