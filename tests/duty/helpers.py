"""Helpers for the duty tests: run jobs, read the roster and the alerts."""

from __future__ import annotations

import json
from collections import Counter
from datetime import date

from sqlalchemy import select

from app.alerts.models import Alert
from app.extensions import db

# 2027 as the State Council might publish it (only the shape matters for the tests): every statutory
# day of the law (the provisional calendar's: 春节 eve 02-05, 清明 04-05, 端午 06-09, 中秋 09-15, …) with
# the longer breaks a notice adds, and five make-up weekend workdays (调休).
HOLIDAYS_2027 = ["2027-01-01", "2027-01-02", "2027-01-03", "2027-02-05", "2027-02-06", "2027-02-07",
                 "2027-02-08", "2027-02-09", "2027-02-10", "2027-02-11", "2027-02-12", "2027-04-03",
                 "2027-04-04", "2027-04-05", "2027-05-01", "2027-05-02", "2027-05-03", "2027-05-04",
                 "2027-05-05", "2027-06-09", "2027-09-15", "2027-10-01", "2027-10-02", "2027-10-03",
                 "2027-10-04", "2027-10-05", "2027-10-06", "2027-10-07"]
WORKDAYS_2027 = ["2027-02-20", "2027-04-25", "2027-05-08", "2027-09-26", "2027-10-09"]


def run_job(org, name: str, day: str) -> dict:
    result = org.runner.invoke(args=["jobs", "run", name, "--date", day])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def roster(org, who: str = "admin", village: str | None = "v1", start: str = "2026-01-01",
           end: str = "2026-12-31") -> list[dict]:
    query = f"/roster?from={start}&to={end}&limit=500"
    if village:
        query += f"&village_id={org.village_id(village)}"
    response = org.as_(who).get(query)
    assert response.status_code == 200, response.get_json()
    return response.get_json()["items"]


def by_day(items: list[dict]) -> dict[str, list[int]]:
    days: dict[str, list[int]] = {}
    for item in items:
        days.setdefault(item["date"], []).append(item["person_id"])
    return days


def duty_counts(items: list[dict]) -> Counter:
    return Counter(item["person_id"] for item in items)


def alerts(org, kind: str, recipient: str | None = None) -> list[Alert]:
    with org.app.app_context():
        stmt = select(Alert).where(Alert.kind == kind).order_by(Alert.id)
        if recipient:
            stmt = stmt.where(Alert.recipient_id == org.person_id(recipient))
        rows = list(db.session.scalars(stmt))
        db.session.expunge_all()
        return rows


def d(text: str) -> date:
    return date.fromisoformat(text)
