"""ALERT-1: retries with backoff, giving up loudly, the robot's rate limit, and crashed dispatchers."""

from __future__ import annotations

import time
from datetime import timedelta

from tests.alerts.conftest import due
from tests.fakes.wechat import ROBOT_PATH, WEBHOOK_PATH

T0 = "2026-03-02T09:00:00+08:00"


def _webhook_only(app):
    app.config["WECHAT_SUBSCRIBE_TEMPLATES"] = {}


def test_alert1_failed_send_is_retried_with_exponential_backoff_and_jitter(push, app, travel):
    _webhook_only(app)
    push.route(WEBHOOK_PATH, lambda req: (500, {"error": "down"}))
    push.emit("missed_log", "m1a", ["m1a"], "k")
    waits = []
    for _ in range(4):
        assert push.dispatch()["retry"] == 1
        row = push.one("webhook", "k")
        started = row["history"][-1]["started_at"]
        waits.append((due(row) - due({"next_attempt_at": started})).total_seconds())
        assert push.dispatch()["retry"] == 0  # not due yet: nothing is sent early
        travel(due(row) + timedelta(seconds=1))
    # base 30 s doubling; equal jitter: between half the ceiling and the ceiling.
    for wait, ceiling in zip(waits, (30, 60, 120, 240), strict=True):
        assert ceiling / 2 <= wait <= ceiling + 1
    assert [a["status_code"] for a in push.one("webhook", "k")["history"]] == [500] * 4


def test_alert1_an_hour_long_outage_is_delivered_exactly_once_after_recovery(push, travel):
    state = {"up": False}
    answer = {ROBOT_PATH: {"errcode": 0}, WEBHOOK_PATH: {"ok": True}, "/cgi-bin/message/subscribe/send": {}}

    def flaky(path):
        def route(req):
            return (200, answer[path]) if state["up"] else (503, {"error": "maintenance"})
        return route

    push.route(ROBOT_PATH, flaky(ROBOT_PATH))
    push.route(WEBHOOK_PATH, flaky(WEBHOOK_PATH))
    push.emit("absence_streak", "m1a", ["sec1"], "ATT-3:3:m1a")
    minute = 0
    while minute < 60:  # the scheduler runs dispatch every minute through the outage
        travel(f"2026-03-02T09:{minute:02d}:00+08:00")
        push.dispatch()
        minute += 1
    state["up"] = True
    for hour in range(10, 13):
        for minute in range(0, 60, 5):
            travel(f"2026-03-02T{hour}:{minute:02d}:00+08:00")
            push.dispatch()
    rows = {r["channel"]: r for r in push.deliveries()}
    assert {c: r["status"] for c, r in rows.items()} == {"wechat": "sent", "wecom": "sent", "webhook": "sent"}
    successes = [c for c in push.wechat.requests if c.path in (ROBOT_PATH, WEBHOOK_PATH)]
    assert len(successes) == rows["wecom"]["attempts"] + rows["webhook"]["attempts"]
    assert [a["outcome"] for a in rows["wecom"]["history"]][-1] == "sent"
    assert sum(a["outcome"] == "sent" for r in rows.values() for a in r["history"]) == 3


def test_alert1_200_with_an_errcode_is_not_success(push, app):
    push.route(ROBOT_PATH, lambda req: (200, {"errcode": -1, "errmsg": "system busy"}))
    push.emit("absence_streak", "m1a", ["sec1"], "k")
    push.dispatch()
    row = push.one("wecom", "k")
    assert row["status"] == "pending" and row["history"][0]["errcode"] == -1
    assert row["last_error"] == "errcode -1: system busy"


def test_alert1_timeout_is_retried(push, app):
    _webhook_only(app)

    def slow(req):
        time.sleep(1.5)  # longer than ALERT_HTTP_TIMEOUT_S in the tests
        return 200, {"ok": True}

    push.route(WEBHOOK_PATH, slow)
    push.emit("missed_log", "m1a", ["m1a"], "k")
    assert push.dispatch()["retry"] == 1
    row = push.one("webhook", "k")
    assert row["status"] == "pending" and "Timeout" in row["last_error"]
    assert row["history"][0]["status_code"] is None


def test_alert1_gives_up_after_max_attempts_and_tells_the_city_office_once(push, app, org, travel):
    _webhook_only(app)
    app.config["ALERT_MAX_ATTEMPTS"] = 3
    push.route(WEBHOOK_PATH, lambda req: (500, {}))
    push.emit("missed_log", "m1a", ["m1a"], "a")
    push.emit("missed_log", "m1b", ["m1b"], "b", title="王五漏写日志")
    for _ in range(3):
        push.dispatch()
        travel(max(due(r) for r in push.deliveries()) + timedelta(seconds=1))
    failed = push.deliveries(status="failed")
    assert {r["dedupe_key"] for r in failed} == {"a", "b"}
    assert all(r["attempts"] == 3 for r in failed)
    # One notice per channel target and day, however many alerts failed; its own failure is not re-told.
    notices = org.as_("admin").get("/alerts").get_json()["items"]
    assert [n["kind"] for n in notices] == ["delivery_failed"]
    assert "Webhook" in notices[0]["title"]
    push.dispatch()
    assert {r["dedupe_key"] for r in push.deliveries(status="failed")} >= {"a", "b"}


def test_alert1_city_office_can_send_a_failed_delivery_again(push, app, org):
    _webhook_only(app)
    push.route(WEBHOOK_PATH, lambda req: (404, {}))
    push.emit("missed_log", "m1a", ["m1a"], "a")
    push.dispatch()
    row = push.one("webhook", "a")
    assert row["status"] == "failed"
    push.route(WEBHOOK_PATH, lambda req: (200, {}))
    again = org.as_("admin").post(f"/admin/deliveries/{row['id']}/retry")
    assert again.status_code == 200 and again.get_json()["status"] == "pending"
    push.dispatch()
    assert push.one("webhook", "a")["status"] == "sent"
    assert org.as_("admin").post(f"/admin/deliveries/{row['id']}/retry").status_code == 409


def test_alert1_robot_takes_at_most_20_a_minute_and_nothing_is_dropped(push, app, travel):
    _webhook_only(app)
    app.config["ALERT_WEBHOOK_URL"] = None
    for n in range(25):
        push.emit("absence_streak", "m1a", ["sec1"], f"k{n}")
    result = push.dispatch()
    assert result["sent"] == 20 and result["deferred"] == 5
    assert len(push.calls(ROBOT_PATH)) == 20
    assert push.dispatch()["sent"] == 0
    travel("2026-03-02T09:01:05+08:00")
    assert push.dispatch()["sent"] == 5
    assert len(push.calls(ROBOT_PATH)) == 25
    assert {r["status"] for r in push.deliveries()} == {"sent"}
    assert all(r["attempts"] == 1 for r in push.deliveries())


def test_alert1_robot_rate_limit_errcode_45009_waits_without_using_up_attempts(push, app, travel):
    _webhook_only(app)
    app.config["ALERT_MAX_ATTEMPTS"] = 1
    push.route(ROBOT_PATH, lambda req: (200, {"errcode": 45009, "errmsg": "api freq out of limit"}))
    push.emit("absence_streak", "m1a", ["sec1"], "k")
    assert push.dispatch()["deferred"] == 1
    row = push.one("wecom", "k")
    assert row["status"] == "pending" and row["attempts"] == 0
    assert row["history"][0]["outcome"] == "deferred"
    push.route(ROBOT_PATH, lambda req: (200, {"errcode": 0, "errmsg": "ok"}))
    travel(due(row) + timedelta(seconds=1))
    push.dispatch()
    assert push.one("wecom", "k")["status"] == "sent"


def test_alert1_row_of_a_dispatcher_killed_mid_batch_is_retried_after_the_lease(push, app, travel):
    from app.alerts.dispatch import claim
    from app.alerts.models import DeliveryAttempt
    from app.extensions import db

    _webhook_only(app)
    push.emit("missed_log", "m1a", ["m1a"], "k")
    with app.app_context():  # a dispatcher claims the row, starts an attempt, and dies before recording
        _token, [row] = claim(10)
        db.session.add(DeliveryAttempt(delivery_id=row.id, number=1, started_at=row.claimed_until
                                       - timedelta(seconds=app.config["ALERT_CLAIM_LEASE_S"])))
        row.attempts = 1
        db.session.commit()
    assert push.dispatch()["sent"] == 0  # another dispatcher leaves a claimed row alone
    assert push.calls(WEBHOOK_PATH) == []
    travel("2026-03-02T09:05:30+08:00")  # the 300 s lease has passed
    assert push.dispatch()["sent"] == 1
    row = push.one("webhook", "k")
    assert row["status"] == "sent" and [a["outcome"] for a in row["history"]] == [None, "sent"]
    assert len(push.calls(WEBHOOK_PATH)) == 1


def test_alert1_two_dispatchers_never_claim_the_same_row(push, app):
    from app.alerts.dispatch import claim

    for n in range(5):
        push.emit("missed_log", "m1a", ["m1a"], f"k{n}")
    with app.app_context():
        _, first = claim(3)
        _, second = claim(10)
        _, third = claim(10)
        assert len(first) == 3 and len(second) == 2 and third == []
        assert not {d.id for d in first} & {d.id for d in second}


def test_alert1_dispatchers_running_at_once_send_each_row_once(push, app):
    import threading

    from scheduler.registry import run_job

    _webhook_only(app)
    app.config["ALERT_DISPATCH_BATCH"] = 2

    def slowish(req):
        time.sleep(0.05)  # keeps both dispatchers busy at the same time
        return 200, {"ok": True}

    push.route(WEBHOOK_PATH, slowish)
    for n in range(12):
        push.emit("missed_log", "m1a", ["m1a"], f"k{n}")
    results, errors = [], []

    def run():
        try:
            with app.app_context():
                results.append(run_job("dispatch"))  # the dispatch job, as the scheduler runs it
        except Exception as exc:  # surfaced below
            errors.append(exc)

    threads = [threading.Thread(target=run) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert sum(r["sent"] for r in results) == 12
    keys = [c.headers["Idempotency-Key"] for c in push.calls(WEBHOOK_PATH)]
    assert sorted(keys) == sorted(f"k{n}" for n in range(12))


def test_alert1_no_transaction_is_open_while_a_push_goes_out_and_its_attempt_is_on_record(push, app, wechat):
    """Every HTTP call of the dispatcher (the token, WeChat, the robot, the webhook) finds the
    dispatcher's session outside any transaction and the attempt of its row already committed."""
    from sqlalchemy import func, select

    from app.alerts.models import DeliveryAttempt
    from app.extensions import db
    from scheduler.registry import run_job

    token, send = "/cgi-bin/stable_token", "/cgi-bin/message/subscribe/send"
    answers = {path: wechat.routes[("POST", path)] for path in (token, send, ROBOT_PATH, WEBHOOK_PATH)}
    dispatcher, seen = {}, []

    def observed(path):
        def handler(req):
            with dispatcher["engine"].connect() as other:  # another connection sees only what is committed
                started = other.scalar(select(func.count()).select_from(DeliveryAttempt)
                                       .where(DeliveryAttempt.finished_at.is_(None)))
            seen.append((path, dispatcher["session"].in_transaction(), started))
            return answers[path](req)
        return handler

    for path in answers:
        push.route(path, observed(path))
    for dedupe_key in ("first", "after-the-token-was-revoked"):
        push.emit("absence_streak", "m1a", ["l1"], dedupe_key)  # WeChat, the town robot and the webhook
        with app.app_context():
            dispatcher.update(session=db.session(), engine=db.engine)
            run_job("dispatch")
        wechat.expire_token()
    assert {path for path, _, _ in seen} == set(answers)
    assert [path for path, _, _ in seen].count(token) == 2  # fetched, then refreshed after a 40001
    assert all(not in_transaction and started == 1 for _, in_transaction, started in seen), seen
