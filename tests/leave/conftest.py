"""Leave tests start on Monday 2026-03-02, 09:00 in Shenmu, two months into the standard postings."""

from __future__ import annotations

import pytest


@pytest.fixture
def lv(org, travel):
    travel("2026-03-02T09:00:00+08:00")
    return org


def ask(org, who: str, start: str, end: str | None = None, kind: str = "leave", **extra):
    body = {"kind": kind, "start_date": start, "end_date": end or start, "reason": "家中有事", **extra}
    if kind == "trip":
        body.setdefault("trip_type", "meeting")
    return org.as_(who).post("/leave-requests", json=body)


def asked(org, who: str, start: str, end: str | None = None, **extra) -> dict:
    response = ask(org, who, start, end, **extra)
    assert response.status_code == 201, response.get_json()
    return response.get_json()


def act(org, who: str, request_id: int, action: str, comment: str | None = None):
    body = {} if comment is None else {"comment": comment}
    return org.as_(who).post(f"/leave-requests/{request_id}/{action}", json=body)


def reimport(org, doc: dict) -> None:
    response = org.as_("admin").post("/admin/org-import", json=doc)
    assert response.status_code == 200, response.get_json()
    for section, ids in response.get_json()["ids"].items():
        org.ids.setdefault(section, {}).update(ids)


def alerts(org, kind: str | None = None) -> list[tuple[str, str, str]]:
    """(kind, recipient key, dedupe key) of the alerts written (the inbox endpoint is another issue's)."""
    from sqlalchemy import select

    from app.alerts.models import Alert
    from app.extensions import db

    keys = {v: k for k, v in org.ids["people"].items()}
    with org.app.app_context():
        rows = db.session.scalars(select(Alert).order_by(Alert.id)).all()
        return [(a.kind, keys[a.recipient_id], a.dedupe_key) for a in rows if kind in (None, a.kind)]
