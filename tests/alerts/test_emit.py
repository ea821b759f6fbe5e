"""ALERT-1: the one alert function is idempotent on its dedupe key and names the person."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from app.alerts.models import Alert
from app.alerts.service import emit
from app.extensions import db
from app.org.models import Person


def test_alert1_emit_twice_with_same_dedupe_key_adds_nothing(org, app):
    with app.app_context():
        people = {k: db.session.get(Person, v) for k, v in org.ids["people"].items()}
        first = emit("absence_streak", people["m1a"], [people["sec1"], people["l1"]], {"days": 3},
                     "ATT-3:3:m1a:2026-03-03", title="李四连续缺勤3天", body="李四自3月3日起连续缺勤3天", rule="ATT-3")
        again = emit("absence_streak", people["m1a"], [people["sec1"], people["l1"]], {"days": 3},
                     "ATT-3:3:m1a:2026-03-03", title="李四连续缺勤3天", body="…", rule="ATT-3")
        db.session.commit()
        assert len(first) == 2 and again == []
        assert db.session.scalar(select(func.count()).select_from(Alert)) == 2
        assert {a.subject_id for a in first} == {people["m1a"].id}


def test_alert1_unknown_kind_is_a_programming_error(org, app):
    with app.app_context(), pytest.raises(ValueError):
        emit("nonsense", None, [], {}, "k", title="t", body="b")
