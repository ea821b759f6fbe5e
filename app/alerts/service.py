"""The one alert function (ALERT-1) and the inbox (ALERT-3). Every domain calls ``emit``; nobody
sends anything directly.

``emit`` writes in the caller's transaction — the inbox rows and the outbox rows (one per channel
target, ALERT-2) — so an alert exists exactly when its cause does, and is idempotent on
``dedupe_key``: emitting the same event twice adds nothing. ``emit_many`` does the same for many
events at once (a night's missed logs): the inbox and outbox rows of a whole batch in a few
multi-row INSERTs, each ``ON CONFLICT DO NOTHING`` on the same unique keys, so the dedupe is the
database's and exact. ``dispatch`` (app/alerts/dispatch.py) delivers the outbox later.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from flask import current_app
from sqlalchemy import bindparam, func, select
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


@dataclass(frozen=True)
class Event:
    """One alert event for ``emit_many``: the arguments of ``emit``."""

    kind: str
    subject: Person | None
    recipients: Sequence[Person]
    payload: dict[str, Any]
    dedupe_key: str
    title: str
    body: str
    rule: str | None = None


# Rows per INSERT statement of ``emit_many`` (SQLAlchemy's insertmanyvalues pages the VALUES lists).
BULK_ROWS = 1000


def emit_many(events: Iterable[Event]) -> int:
    """ALERT-1..3 for many events in one go: what ``emit`` does for each, in bulk. Does not commit.

    The inbox rows of all events go in multi-row INSERTs ``ON CONFLICT (dedupe_key, recipient_id)
    DO NOTHING`` and the outbox rows in ``ON CONFLICT (dedupe_key, channel, target) DO NOTHING``,
    in the order ``emit`` would write them (event by event, recipients by id), so the rows are the
    same as emitting one by one, and a re-run adds nothing. Towns' robots are looked up once for
    the batch. Returns the number of inbox rows added. With ``ALERT_BULK_EMIT`` off, each event
    goes through ``emit`` (the reference path the bulk one is tested against).
    """
    events = list(events)
    if not current_app.config.get("ALERT_BULK_EMIT", True):
        return sum(len(emit(e.kind, e.subject, e.recipients, e.payload, e.dedupe_key, title=e.title, body=e.body,
                            rule=e.rule)) for e in events)
    for e in events:
        if e.kind not in KINDS:
            raise ValueError(f"unknown alert kind {e.kind!r}")
    cfg = current_app.config
    templates, webhook = cfg["WECHAT_SUBSCRIBE_TEMPLATES"], bool(cfg.get("ALERT_WEBHOOK_URL"))
    events = [(e, {p.id: p for p in e.recipients if p is not None}) for e in events]
    events = [(e, wanted, event_town_id(e.kind, e.subject, e.payload)) for e, wanted in events if wanted]
    robots = _robot_towns({town_id for e, _, town_id in events if e.kind in TOWN_KINDS and town_id is not None})
    alerts, deliveries = [], []
    for e, wanted, town_id in events:
        now = clock.now()
        subject_id = e.subject.id if e.subject else None
        alerts.extend({"kind": e.kind, "rule": e.rule, "dedupe_key": e.dedupe_key, "recipient_id": rid,
                       "subject_id": subject_id, "title": e.title, "body": e.body, "payload": e.payload,
                       "created_at": now, "read_at": None} for rid in sorted(wanted))
        templated = e.kind in templates
        targets = delivery_targets(e.kind, [p.id for p in wanted.values() if templated and p.openid],
                                   town_id if e.kind in TOWN_KINDS and town_id in robots else None, webhook)
        message = {"kind": e.kind, "rule": e.rule, "title": e.title, "body": e.body, "payload": e.payload,
                   "subject": {"id": e.subject.id, "name": e.subject.name} if e.subject else None,
                   "created_at": now.isoformat()}
        deliveries.extend(_delivery_row(e.kind, e.dedupe_key, channel, target, town_id, subject_id, message, now)
                          for channel, target in targets)
    db.session.flush()  # the caller's pending rows (a recall case) go first, as with emit
    added = 0
    for i in range(0, len(alerts), BULK_ROWS):
        added += _insert_new(Alert, alerts[i:i + BULK_ROWS], ["dedupe_key", "recipient_id"])
    for i in range(0, len(deliveries), BULK_ROWS):
        _insert_new(Delivery, deliveries[i:i + BULK_ROWS], ["dedupe_key", "channel", "target"])
    return added


def _insert_new(model, rows: list[dict[str, Any]], unique: list[str]) -> int:
    """INSERT ``rows`` (same keys each) ``ON CONFLICT (unique) DO NOTHING``; the number inserted.

    PostgreSQL: one statement whose rows come from ``unnest`` of one array per column, so its text
    is the same whatever the number of rows (parsed and planned once, not a VALUES list of
    thousands of parameters). SQLite: SQLAlchemy's multi-row VALUES (insertmanyvalues).
    """
    table = model.__table__
    if db.session.get_bind().dialect.name == "postgresql":
        names = list(rows[0])
        arrays = select(*[func.unnest(bindparam(f"c_{name}", [r[name] for r in rows],
                                                type_=postgresql.ARRAY(table.c[name].type))).label(name)
                          for name in names])
        stmt = postgresql.insert(table).from_select(names, arrays).on_conflict_do_nothing(index_elements=unique)
        return len(db.session.execute(stmt.returning(table.c.id)).all())
    stmt = sqlite.insert(table).on_conflict_do_nothing(index_elements=unique).returning(table.c.id)
    return len(db.session.execute(stmt, rows).all())


def _insert(model):
    dialect = postgresql if db.session.get_bind().dialect.name == "postgresql" else sqlite
    return dialect.insert(model.__table__)


def _robot_towns(town_ids: set[int]) -> set[int]:
    """The towns among ``town_ids`` that have a WeCom group robot (ALERT-2)."""
    if not town_ids:
        return set()
    return set(db.session.scalars(select(Town.id).where(Town.id.in_(town_ids), Town.wecom_webhook.is_not(None),
                                                        Town.wecom_webhook != "")))


def _delivery_row(kind: str, dedupe_key: str, channel: str, target: str, town_id: int | None,
                  subject_id: int | None, message: dict[str, Any], now) -> dict[str, Any]:
    return {"dedupe_key": dedupe_key, "kind": kind, "channel": channel, "target": target,
            "recipient_id": int(target.split(":")[1]) if channel == "wechat" else None,
            "town_id": town_id, "subject_id": subject_id, "message": message,
            "status": "pending", "attempts": 0, "next_attempt_at": now, "created_at": now}


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
    rows = [_delivery_row(kind, dedupe_key, channel, target, town_id, subject.id if subject else None, message, now)
            for channel, target in targets]
    db.session.execute(_insert(Delivery).values(rows).on_conflict_do_nothing(
        index_elements=["dedupe_key", "channel", "target"]))


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
