"""Roll-call tests start on Monday 2026-03-02, 09:00 in Shenmu, two months into the standard postings."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest
from sqlalchemy import select

from app.alerts.models import Alert
from app.extensions import db
from tests.checkin.conftest import body, post
from tests.images import upload_photo

MONDAY = "2026-03-02T09:00:00+08:00"


@pytest.fixture
def oc(org, travel):
    travel(MONDAY)
    return org


def call(org, who: str, **request):
    return org.as_(who).post("/roll-calls", json=request)


def called(org, who: str, *people: str, **request) -> dict:
    if people:
        request["person_ids"] = [org.person_id(p) for p in people]
    response = call(org, who, **request)
    assert response.status_code == 201, response.get_json()
    return response.get_json()


def statuses(answer: dict) -> dict[str, str]:
    return {row["person"]["name"]: row["status"] for row in answer["people"]}


def now_iso() -> str:
    return datetime.now(UTC).isoformat()


def photo_checkin(org, who: str, photo: bool = True, **extra) -> dict:
    """A check-in taken now in v1 (inside the fence unless ``extra`` moves it), with a photo."""
    if photo:
        extra["photo_id"] = upload_photo(org, who)
    response = post(org, who, body(captured_at=now_iso(), **extra))
    assert response.status_code == 201, response.get_json()
    return response.get_json()


def run_job(org, name: str = "roll-call-close") -> dict:
    result = org.runner.invoke(args=["jobs", "run", name])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def alerts(org, kind: str) -> list[tuple[str, str]]:
    """(recipient key, dedupe key) of the alerts of ``kind``."""
    keys = {v: k for k, v in org.ids["people"].items()}
    with org.app.app_context():
        rows = db.session.execute(select(Alert.recipient_id, Alert.dedupe_key).where(Alert.kind == kind)
                                  .order_by(Alert.id)).all()
    return [(keys[r], key) for r, key in rows]
