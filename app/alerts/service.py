"""The one alert function (ALERT-1). Every domain calls ``emit``; nobody sends anything directly.

``emit`` writes in the caller's transaction (so an alert exists exactly when its cause does) and
is idempotent on ``dedupe_key``: emitting the same event twice adds nothing.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import select

from app.alerts.models import KINDS, Alert
from app.extensions import db
from app.org.models import Person


def emit(kind: str, subject: Person | None, recipients: Iterable[Person], payload: dict[str, Any],
         dedupe_key: str, *, title: str, body: str, rule: str | None = None) -> list[Alert]:
    """Record an alert about ``subject`` for each of ``recipients``; returns the rows added.

    ``title`` and ``body`` are Chinese and name the person concerned (ALERT-2). ``dedupe_key``
    identifies the event (e.g. ``"ATT-3:7:{person_id}:{first_day}"``), so a re-run of a job, or
    two schedulers at once, cannot alert twice. Does not commit.
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
    return added
