"""Helpers that walk real scenarios through the public API and the CLI."""

from __future__ import annotations

import json
import uuid
from datetime import date, datetime, timedelta

from tests.orgdata import V1_GCJ


def checkin(api, who: str, when: str, travel=None, lat_lon=V1_GCJ, accuracy: float = 20.0) -> dict:
    """Check in as ``who`` captured at ``when`` (ISO with offset), inside v1's fence by default."""
    if travel is not None:
        travel(when)
    response = api.as_(who).post("/checkins", headers={"Idempotency-Key": str(uuid.uuid4())},
                                 json={"lat": lat_lon[0], "lon": lat_lon[1], "coord_system": "gcj02",
                                       "accuracy_m": accuracy, "captured_at": when})
    assert response.status_code == 201, response.get_json()
    return response.get_json()


def close(runner, day: str | date) -> dict:
    result = runner.invoke(args=["jobs", "run", "day-close", "--date", str(day)])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def summary(api, who: str, person: str | None = None, year: int = 2026) -> dict:
    query = f"?year={year}" + (f"&person_id={api.person_id(person)}" if person else "")
    response = api.as_(who).get(f"/attendance/summary{query}")
    assert response.status_code == 200, response.get_json()
    return response.get_json()


def statuses(api, who: str, start: str, end: str, person: str | None = None) -> dict[str, str]:
    query = f"?from={start}&to={end}" + (f"&person_id={api.person_id(person)}" if person else "")
    response = api.as_(who).get(f"/attendance/days{query}")
    assert response.status_code == 200, response.get_json()
    return {d["date"]: d["status"] for d in response.get_json()["items"]}


def cases(api, who: str = "admin", **filters) -> list[dict]:
    query = "&".join(f"{k}={v}" for k, v in filters.items())
    response = api.as_(who).get(f"/recall-cases?{query}")
    assert response.status_code == 200, response.get_json()
    return response.get_json()["items"]


def dates(start: str, end: str) -> list[str]:
    first, last = date.fromisoformat(start), date.fromisoformat(end)
    return [(first + timedelta(days=i)).isoformat() for i in range((last - first).days + 1)]


def local(day: str, hhmm: str = "09:00") -> str:
    return datetime.fromisoformat(f"{day}T{hhmm}:00+08:00").isoformat()


def assert_recompute_equals_forward(app, api, since: date) -> None:
    """ATT-5: rebuilding every cadre's counters and run state from their statuses (what late data
    runs) gives exactly what the nightly set-based close wrote."""
    from sqlalchemy import select

    from app.attendance import counters
    from app.attendance.models import AttendanceState, AttendanceYear
    from app.extensions import db

    def snapshot():
        return [[{c.key: getattr(row, c.key) for c in model.__table__.columns}
                 for row in db.session.scalars(select(model).order_by(*model.__table__.primary_key.columns))]
                for model in (AttendanceYear, AttendanceState)]

    with app.app_context():
        forward = snapshot()
        counters.recompute_people(sorted(api.ids["people"].values()), since)
        db.session.flush()
        assert snapshot() == forward
        db.session.rollback()
