"""The one alert function (ALERT-1) and the inbox (ALERT-3). Every domain calls ``emit``; nobody
sends anything directly.

``emit`` writes in the caller's transaction — the inbox rows and the outbox rows (one per channel
target, ALERT-2) — so an alert exists exactly when its cause does, and is idempotent on
``dedupe_key``: emitting the same event twice adds nothing. ``dispatch`` (app/alerts/dispatch.py)
delivers the outbox later.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from flask import current_app
from sqlalchemy import func, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import joinedload

from app import clock
from app.alerts.models import KINDS, Alert, Delivery
from app.alerts.rules import TOWN_KINDS, delivery_targets
from app.errors import NotFound
from app.extensions import db
from app.org.models import Person, Town
from app.pagination import keyset_page


def emit(kind: str, subject: Person | None, recipients: Iterable[Person], payload: dict[str, Any],
         dedupe_key: str, *, title: str, body: str, rule: str | None = None) -> list[Alert]:
    """Record an alert about ``subject`` for each of ``recipients``; returns the inbox rows added.

    ``title`` and ``body`` are Chinese and name the person concerned (ALERT-2). ``dedupe_key``
    identifies the event (e.g. ``"ATT-3:7:{person_id}:{first_day}"``), so a re-run of a job, or
    two schedulers at once, cannot alert twice. Town-level kinds go to the robot of
    ``payload["town_id"]`` when given, else of the subject's town. Does not commit.
    """
    if kind not in KINDS:
        raise ValueError(f"unknown alert kind {kind!r}")
    wanted = {p.id: p for p in recipients if p is not None}
    if not wanted:
        return []
    already = set(db.session.scalars(select(Alert.recipient_id).where(
        Alert.dedupe_key == dedupe_key, Alert.recipient_id.in_(wanted))))
    added = []
    for recipient_id in sorted(set(wanted) - already):
        alert = Alert(kind=kind, rule=rule, dedupe_key=dedupe_key, recipient_id=recipient_id,
                      subject_id=subject.id if subject else None, title=title, body=body, payload=payload)
        db.session.add(alert)
        added.append(alert)
    db.session.flush()
    message = {"kind": kind, "rule": rule, "title": title, "body": body, "payload": payload,
               "subject": {"id": subject.id, "name": subject.name} if subject else None,
               "created_at": clock.now().isoformat()}
    _queue(kind, subject, list(wanted.values()), message, dedupe_key)
    return added


def event_town_id(kind: str, subject: Person | None, payload: dict[str, Any]) -> int | None:
    """The town an event belongs to: ``payload["town_id"]``, else the subject's village town or own town."""
    if isinstance(payload.get("town_id"), int):
        return payload["town_id"]
    if subject is None:
        return None
    posting = subject.current_posting()
    return posting.village.town_id if posting else subject.town_id


def _queue(kind: str, subject: Person | None, recipients: list[Person], message: dict[str, Any],
           dedupe_key: str) -> None:
    """ALERT-1/2: the outbox rows of one event; rows already queued for it are left alone."""
    cfg = current_app.config
    templated = kind in cfg["WECHAT_SUBSCRIBE_TEMPLATES"]
    town_id = event_town_id(kind, subject, message["payload"])
    robot_town = None
    if kind in TOWN_KINDS and town_id is not None:
        town = db.session.get(Town, town_id)
        robot_town = town.id if town is not None and town.wecom_webhook else None
    targets = delivery_targets(kind, [p.id for p in recipients if templated and p.openid], robot_town,
                               bool(cfg.get("ALERT_WEBHOOK_URL")))
    if not targets:
        return
    now = clock.now()
    rows = [{"dedupe_key": dedupe_key, "kind": kind, "channel": channel, "target": target,
             "recipient_id": int(target.split(":")[1]) if channel == "wechat" else None,
             "town_id": town_id, "subject_id": subject.id if subject else None, "message": message,
             "status": "pending", "attempts": 0, "next_attempt_at": now, "created_at": now}
            for channel, target in targets]
    dialect = postgresql if db.session.get_bind().dialect.name == "postgresql" else sqlite
    stmt = dialect.insert(Delivery).values(rows).on_conflict_do_nothing(
        index_elements=["dedupe_key", "channel", "target"])
    db.session.execute(stmt)


# --- the inbox (ALERT-3) ---------------------------------------------------------------------

def inbox_page(user: Person, unread_only: bool, cursor: str | None, limit: int) -> dict[str, Any]:
    """The caller's own alerts, newest first."""
    stmt = select(Alert).where(Alert.recipient_id == user.id).options(joinedload(Alert.subject))
    if unread_only:
        stmt = stmt.where(Alert.read_at.is_(None))
    return keyset_page(stmt, [(Alert.created_at, True), (Alert.id, True)], cursor, limit, db.session)


def own_alert(user: Person, alert_id: int) -> Alert:
    """The caller's alert; another person's answers 404 like a missing one."""
    alert = db.session.get(Alert, alert_id)
    if alert is None or alert.recipient_id != user.id:
        raise NotFound("alert", "提醒")
    return alert


def unread_count(user: Person) -> int:
    return db.session.scalar(select(func.count()).select_from(Alert).where(
        Alert.recipient_id == user.id, Alert.read_at.is_(None))) or 0
