"""ALERT-1..3 in bulk: ``emit_many`` writes the same inbox and outbox rows as ``emit`` one by one,
and dedupes exactly on the same unique keys (issue 17: the day close of a whole country)."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from app.alerts.models import Alert, Delivery
from app.alerts.service import Event, emit, emit_many
from app.extensions import db
from app.org.models import Town
from tests import dbsnapshot
from tests.alerts.conftest import TEMPLATES, Push
from tests.attendance.scenario import checkin, close, local
from tests.fakes.wechat import ROBOT_PATH, WEBHOOK_PATH
from tests.orgdata import standard_org

VOLATILE = {"id", "created_at", "next_attempt_at"}  # ids follow the sequence; times follow the clock


def test_alert1_emit_many_dedupes_exactly_like_emit(push, app):
    """ALERT-1: a repeated event, in the same batch, in a later batch or after ``emit``, adds nothing."""
    with app.app_context():
        p = {k: push.person(k) for k in ("m1a", "m1b", "sec1", "l1", "admin")}
        streak = Event("absence_streak", p["m1a"], [p["sec1"], p["l1"], p["l1"]], {"days": 3, "town_id": 1},
                       "ATT-3:3:m1a:2026-03-03", "李四连续缺勤已达3天", "李四自3月3日起连续缺勤3天", "ATT-3")
        log = Event("missed_log", p["m1b"], [p["m1b"], p["l1"]], {"date": "2026-03-03"}, "LOG-3:m1b:2026-03-03",
                    "王五03月03日工作日志未按时填写", "请补录", "LOG-3")
        nobody = Event("missed_log", p["m1b"], [], {}, "LOG-3:nobody", "t", "b", "LOG-3")
        assert emit_many([streak, log, streak, nobody]) == 4
        assert emit_many([log, streak]) == 0
        assert emit("missed_log", p["m1b"], [p["m1b"], p["l1"], p["admin"]], {"date": "2026-03-03"},
                    "LOG-3:m1b:2026-03-03", title="t", body="b", rule="LOG-3")[0].recipient_id == p["admin"].id
        db.session.commit()
        pairs = list(db.session.execute(select(Alert.dedupe_key, Alert.recipient_id).order_by(Alert.id)))
        assert sorted(pairs) == sorted({*pairs}) and len(pairs) == 5
        targets = list(db.session.execute(select(Delivery.dedupe_key, Delivery.channel, Delivery.target)))
        assert len(targets) == len(set(targets))
        # absence_streak has a template: the bound secretary and leader, the town robot, the webhook
        assert sorted(t[1:] for t in targets if t[0] == "ATT-3:3:m1a:2026-03-03") == [
            ("webhook", "webhook"), ("wechat", f"person:{p['l1'].id}"), ("wechat", f"person:{p['sec1'].id}"),
            ("wecom", "town:1")]
        assert not [t for t in targets if t[0] == "LOG-3:nobody"]


@pytest.fixture
def march_push(api, app, wechat, travel, tmp_path):
    """The standard organisation recorded and posted on Monday 2026-03-02, with every channel: the
    templates, the webhook, town t1's robot, sec1, l1, m1a and the admin bound to WeChat."""
    travel(local("2026-03-02", "08:00"))
    api.import_org(standard_org(start="2026-03-02"), tmp_path)
    app.config.update(WECHAT_SUBSCRIBE_TEMPLATES=TEMPLATES, ALERT_WEBHOOK_URL=f"{wechat.url}{WEBHOOK_PATH}")
    for key in ("sec1", "l1", "m1a", "admin"):
        response = api.post("/auth/login", json={"code": f"code-oid-{key}", "invite_code": api.invite_codes[key]})
        assert response.status_code == 200, response.get_json()
    with app.app_context():
        db.session.get(Town, api.ids["towns"]["t1"]).wecom_webhook = f"{wechat.url}{ROBOT_PATH}?key=t1"
        db.session.commit()
    return Push(api, app, wechat)


def _rows(model) -> list[dict]:
    """The table's rows in id order, without ids and times (``message.created_at`` included)."""
    rows = []
    for obj in db.session.scalars(select(model).order_by(model.id)):
        row = {c.key: getattr(obj, c.key) for c in model.__table__.columns if c.key not in VOLATILE}
        if "message" in row:
            row["message"] = {k: v for k, v in row["message"].items() if k != "created_at"}
        rows.append(row)
    return rows


def test_alert1_day_close_in_bulk_writes_what_one_by_one_writes(march_push, app, runner, travel):
    """ATT-3, ATT-4, LOG-3, RECALL-1 through ``jobs run day-close``: with ``ALERT_BULK_EMIT`` on and
    off the same inbox and outbox rows, in the same order; a close that finds them already written
    (the rows of the other path) adds none."""
    org = march_push.org
    for day in ("2026-03-02", "2026-03-03", "2026-03-04", "2026-03-05", "2026-03-06", "2026-03-09"):
        checkin(org, "m1a", local(day), travel)  # present, no log: a missed log (LOG-3) each working day
    travel(local("2026-03-21", "01:00"))  # the others absent from 03-02: ATT-3 at 3 and 7, a recall at 15
    with app.app_context():
        before = dbsnapshot.take()

    def close_with(bulk: bool) -> tuple[list[dict], list[dict]]:
        app.config["ALERT_BULK_EMIT"] = bulk
        close(runner, "2026-03-20")
        with app.app_context():
            return _rows(Alert), _rows(Delivery)

    one_by_one = close_with(False)
    with app.app_context():
        after_one_by_one = dbsnapshot.take()
        dbsnapshot.restore(before)
    bulk = close_with(True)
    kinds = {r["kind"] for r in bulk[0]}
    assert {"missed_log", "absence_streak", "recall_opened"} <= kinds
    assert {r["channel"] for r in bulk[1]} == {"wechat", "wecom", "webhook"}
    assert bulk == one_by_one

    with app.app_context():  # the close again, its alerts already there: nothing added
        dbsnapshot.restore({**before, "alerts": after_one_by_one["alerts"],
                            "alert_deliveries": after_one_by_one["alert_deliveries"]})
        counts = [db.session.scalar(select(func.count()).select_from(m)) for m in (Alert, Delivery)]
    again = close_with(True)
    assert [len(again[0]), len(again[1])] == counts
    assert again == one_by_one
