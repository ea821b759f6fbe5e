"""ALERT-1: deliver the outbox — claim due rows, send, record every attempt, back off, give up loudly.

Safe with several dispatchers at once: a batch is claimed with ``FOR UPDATE SKIP LOCKED`` on
PostgreSQL and, on every database, a conditional UPDATE that stamps a claim token and a lease
(``claimed_until``). A dispatcher that dies between sending and recording leaves its rows claimed;
when the lease has passed they are due again and sent again — delivery is at-least-once, and each
send carries the dedupe key as ``Idempotency-Key`` so receivers can drop the repeat. A row is marked
``sent`` only on a success answer. All times come from ``app.clock``.

``dispatch`` is a job in steps (``scheduler.registry.run_job`` commits after each ``yield``): the
claim; for each row the attempt, recorded before anything is sent; the send, with no transaction
open (``channels.prepare`` read what it needs in the attempt's step); and the outcome.
"""

from __future__ import annotations

import logging
import random
import uuid
from collections.abc import Generator
from datetime import datetime, timedelta
from typing import Any

from flask import current_app
from sqlalchemy import and_, func, or_, select, update

from app import clock
from app.alerts import channels, rules
from app.alerts.models import Delivery, DeliveryAttempt
from app.alerts.rules import DEFERRED, FAILED, RETRY, SENT, Outcome
from app.alerts.service import emit
from app.extensions import db
from app.org.models import Person
from app.org.service import city_admins
from app.redact import describe, log_exception, redact

log = logging.getLogger(__name__)
ROBOT_WINDOW = timedelta(minutes=1)


def _claimable(now: datetime):
    return and_(Delivery.status == "pending", Delivery.next_attempt_at <= now,
                or_(Delivery.claimed_until.is_(None), Delivery.claimed_until < now))


def claim(limit: int) -> tuple[str, list[Delivery]]:
    """Claim up to ``limit`` due rows for this dispatcher (the caller's step commits the claim)."""
    now = clock.now()
    due = select(Delivery.id).where(_claimable(now)).order_by(Delivery.next_attempt_at, Delivery.id).limit(limit)
    if db.session.get_bind().dialect.name == "postgresql":
        due = due.with_for_update(skip_locked=True)
    ids = list(db.session.scalars(due))
    token = uuid.uuid4().hex
    if ids:
        lease = timedelta(seconds=current_app.config["ALERT_CLAIM_LEASE_S"])
        db.session.execute(update(Delivery).where(Delivery.id.in_(ids), _claimable(now))
                           .values(claim_token=token, claimed_until=now + lease)
                           .execution_options(synchronize_session=False))
    if not ids:
        return token, []
    return token, list(db.session.scalars(select(Delivery).where(Delivery.claim_token == token)
                                          .order_by(Delivery.next_attempt_at, Delivery.id)))


def robot_wait(delivery: Delivery, now: datetime) -> timedelta | None:
    """WeCom robots take ``WECOM_ROBOT_PER_MINUTE`` messages a minute: how long this one must wait."""
    window = list(db.session.scalars(
        select(DeliveryAttempt.started_at).join(Delivery, Delivery.id == DeliveryAttempt.delivery_id)
        .where(Delivery.channel == "wecom", Delivery.target == delivery.target,
               DeliveryAttempt.started_at > now - ROBOT_WINDOW)
        .order_by(DeliveryAttempt.started_at)))
    limit = current_app.config["WECOM_ROBOT_PER_MINUTE"]
    if len(window) < limit:
        return None
    return window[len(window) - limit] + ROBOT_WINDOW - now + timedelta(seconds=1)


def _still_ours(delivery: Delivery, token: str) -> bool:
    return delivery.claim_token == token and delivery.status == "pending"


def deliver(delivery: Delivery, token: str) -> Generator[None, None, str]:
    """Send one claimed row and record the result; returns the outcome (or ``lost``)."""
    now = clock.now()
    if not _still_ours(delivery, token) or delivery.claimed_until is None or delivery.claimed_until <= now:
        return "lost"  # the lease ran out while earlier rows were sent: another dispatcher may have it
    if delivery.channel == "wecom" and (wait := robot_wait(delivery, now)) is not None:
        _release(delivery, now + wait)
        yield
        return DEFERRED
    number = db.session.scalar(select(func.coalesce(func.max(DeliveryAttempt.number), 0))
                               .where(DeliveryAttempt.delivery_id == delivery.id)) + 1
    attempt = DeliveryAttempt(delivery_id=delivery.id, number=number, started_at=now)
    delivery.attempts += 1
    db.session.add(attempt)
    outgoing = channels.prepare(delivery)
    yield  # the attempt is on record before anything leaves the building
    try:
        outcome = yield from channels.send(outgoing)
    except Exception as exc:  # a bug must not stop the batch; the row is retried and the error kept
        log_exception(log, "delivery %s crashed", outgoing.id)
        outcome = Outcome(RETRY, error=f"internal error: {describe(exc)}")
    record(delivery, attempt, outcome, token)
    yield
    return outcome.result


def _release(delivery: Delivery, when: datetime) -> None:
    delivery.next_attempt_at, delivery.claim_token, delivery.claimed_until = when, None, None


def record(delivery: Delivery, attempt: DeliveryAttempt, outcome: Outcome, token: str) -> None:
    """Write the attempt's result and the row's next state (sent, retry later, or failed).

    The error text is redacted here, the one place it is stored: a receiver's URL (a robot's
    ``?key=``) must not reach ``/admin/deliveries`` nor the ``delivery_failed`` alert built from it."""
    now = clock.now()
    db.session.refresh(delivery)
    error = redact(outcome.error)
    attempt.finished_at, attempt.outcome = now, outcome.result
    attempt.status_code, attempt.errcode, attempt.error = outcome.status_code, outcome.errcode, error
    if outcome.result == SENT:
        if delivery.status == "pending":
            delivery.status, delivery.sent_at, delivery.last_error = "sent", now, None
            _release(delivery, delivery.next_attempt_at)
        return
    if not _still_ours(delivery, token):
        return  # another dispatcher took the row over after our lease expired; it decides now
    delivery.last_error = error
    cfg = current_app.config
    if outcome.result == DEFERRED:  # rate limited by the receiver: wait, without using up an attempt
        delivery.attempts -= 1
        _release(delivery, now + ROBOT_WINDOW)
    elif outcome.result == FAILED or delivery.attempts >= cfg["ALERT_MAX_ATTEMPTS"]:
        delivery.status, delivery.failed_at = "failed", now
        _release(delivery, delivery.next_attempt_at)
        _alert_failure(delivery, outcome)
    else:
        wait = rules.backoff_seconds(delivery.attempts, cfg["ALERT_RETRY_BASE_S"], cfg["ALERT_RETRY_CAP_S"],
                                     random.random())
        _release(delivery, now + timedelta(seconds=wait))


# A failure of the deployment rather than of one message (rules.QUOTA, rules.CONFIG): told once a day.
_CAUSE_NOTICES = {
    rules.QUOTA: ("微信订阅消息今日发送额度已用完",
                  "微信返回错误码{errcode}（今日调用额度已用完），今天的订阅消息无法再发送，未送达的推送已标记为失败。"
                  "请在推送记录中查看，额度恢复后可重新发送。"),
    rules.CONFIG: ("微信小程序配置错误，订阅消息无法发送",
                   "微信拒绝了本系统的小程序 AppID 或 AppSecret（错误码{errcode}），订阅消息无法发送，"
                   "微信登录也会失败。请核对服务器的 WECHAT_APPID 与 WECHAT_SECRET 配置，改正后在推送记录中重新发送。"),
}


def _alert_failure(delivery: Delivery, outcome: Outcome) -> None:
    """ALERT-1: a delivery given up on is told to the city office (one alert per channel target a day;
    a quota or configuration failure of WeChat, one alert a day for the whole deployment)."""
    if delivery.kind == "delivery_failed":
        return  # the failure of a failure notice stays in the admin list; no chain of notices
    day = clock.today().isoformat()
    if outcome.cause in _CAUSE_NOTICES:
        title, body = _CAUSE_NOTICES[outcome.cause]
        emit("delivery_failed", None, city_admins(),
             {"delivery_id": delivery.id, "channel": delivery.channel, "errcode": outcome.errcode,
              "cause": outcome.cause}, f"ALERT-1:{outcome.cause}:{delivery.channel}:{day}",
             title=title, body=body.format(errcode=outcome.errcode), rule="ALERT-1")
        return
    subject = db.session.get(Person, delivery.recipient_id) if delivery.recipient_id else delivery.subject
    channel_zh = {"wechat": "微信订阅消息", "wecom": "企业微信群机器人", "webhook": "Webhook"}[delivery.channel]
    who = f"（{subject.name}）" if subject else ""
    title = f"提醒推送失败：{channel_zh}{who}"
    body = (f"“{delivery.message.get('title', '')}”经{delivery.attempts}次尝试仍未能通过{channel_zh}送达{who}，"
            f"原因：{delivery.last_error or '未知'}。请在推送记录中查看失败的推送。")
    emit("delivery_failed", subject, city_admins(),
         {"delivery_id": delivery.id, "channel": delivery.channel, "target": delivery.target},
         f"ALERT-1:failed:{delivery.channel}:{delivery.target}:{day}", title=title, body=body, rule="ALERT-1")


def dispatch() -> Generator[None, None, dict[str, Any]]:
    """The ``dispatch`` job: deliver due rows in batches until none is due (or the batch limit)."""
    cfg = current_app.config
    counts = {SENT: 0, RETRY: 0, FAILED: 0, DEFERRED: 0, "lost": 0}
    for _ in range(cfg["ALERT_DISPATCH_MAX_BATCHES"]):
        token, batch = claim(cfg["ALERT_DISPATCH_BATCH"])
        yield  # the claim: other dispatchers skip these rows from now on
        if not batch:
            break
        for delivery in batch:
            counts[(yield from deliver(delivery, token))] += 1
    pending = db.session.scalar(select(func.count()).select_from(Delivery).where(Delivery.status == "pending"))
    return {"job": "dispatch", **counts, "pending": pending}
