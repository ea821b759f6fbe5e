"""Fixtures for alert delivery: templates, a webhook, a town robot and bound WeChat accounts."""

from __future__ import annotations

import json
from datetime import datetime

import pytest

from app.alerts.service import emit
from app.extensions import db
from app.org.models import Person, Town
from tests.fakes.wechat import ROBOT_PATH, WEBHOOK_PATH

TEMPLATES = {
    "leave_pending": {"template_id": "TPL-LEAVE", "page": "pages/approvals/index",
                      "fields": {"thing1": "title", "name2": "subject", "time3": "created_at",
                                 "phrase4": "=待审批", "number5": "payload.days"}},
    "absence_streak": {"template_id": "TPL-ABSENT", "fields": {"thing1": "title", "name2": "subject"}},
    "delivery_failed": {"template_id": "TPL-FAILED", "fields": {"thing1": "title"}},
}


class Push:
    """Emit alerts and run the dispatcher, as the domains and the scheduler do."""

    def __init__(self, org, app, wechat):
        self.org, self.app, self.wechat = org, app, wechat

    def person(self, key: str) -> Person:
        return db.session.get(Person, self.org.person_id(key))

    def emit(self, kind: str, subject: str | None, recipients: list[str], key: str, title: str = "李四连续缺勤3天",
             body: str = "李四（前石畔村）自3月2日起连续缺勤3天", payload: dict | None = None, rule: str = "ATT-3"):
        with self.app.app_context():
            added = emit(kind, self.person(subject) if subject else None, [self.person(r) for r in recipients],
                         payload or {}, key, title=title, body=body, rule=rule)
            db.session.commit()
            return len(added)

    def dispatch(self) -> dict:
        result = self.org.runner.invoke(args=["jobs", "run", "dispatch"])
        assert result.exit_code == 0, result.output
        return json.loads(result.stdout)

    def deliveries(self, **query) -> list[dict]:
        response = self.org.as_("admin").get("/admin/deliveries", query_string=query)
        assert response.status_code == 200, response.get_json()
        return response.get_json()["items"]

    def one(self, channel: str, dedupe_key: str) -> dict:
        [row] = [d for d in self.deliveries() if d["channel"] == channel and d["dedupe_key"] == dedupe_key]
        return row

    def calls(self, path: str) -> list:
        return self.wechat.calls(path)

    def route(self, path: str, fn) -> None:
        self.wechat.routes[("POST", path)] = fn


def due(row: dict) -> datetime:
    return datetime.fromisoformat(row["next_attempt_at"])


@pytest.fixture
def push(org, app, wechat, travel):
    """Templates for three kinds, the JSON webhook, a robot for town t1; sec1, l1, m1a bound to WeChat."""
    travel("2026-03-02T09:00:00+08:00")
    app.config.update(WECHAT_SUBSCRIBE_TEMPLATES=TEMPLATES, ALERT_WEBHOOK_URL=f"{wechat.url}{WEBHOOK_PATH}")
    for key in ("sec1", "l1", "m1a", "admin"):
        response = org.post("/auth/login", json={"code": f"code-oid-{key}", "invite_code": org.invite_codes[key]})
        assert response.status_code == 200, response.get_json()
    with app.app_context():
        town = db.session.get(Town, org.ids["towns"]["t1"])
        town.wecom_webhook = f"{wechat.url}{ROBOT_PATH}?key=t1"
        db.session.commit()
    wechat.requests.clear()
    return Push(org, app, wechat)
