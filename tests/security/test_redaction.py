"""Issue 11 (6): no secret, login code or coordinate in a log line, an admin view or an alert."""

from __future__ import annotations

import logging
import re

import pytest
from sqlalchemy import text

from app.extensions import db
from tests.checkin.conftest import body, post


def test_issue11_wechat_login_failure_logs_neither_secret_nor_login_code(org, wechat, caplog):
    wechat.routes[("GET", "/sns/jscode2session")] = lambda req: (500, {"oops": True})
    caplog.set_level(logging.INFO)
    answer = org.as_(None).post("/auth/login", json={"code": "CODE-4f1b9e"})
    assert answer.status_code == 502
    assert "jscode2session" in caplog.text  # the failure is logged …
    assert "test-secret" not in caplog.text and "CODE-4f1b9e" not in caplog.text  # … without them
    assert "test-secret" not in answer.get_data(as_text=True)


@pytest.fixture
def refuse_checkins(app):
    """A database that refuses every new check-in (a trigger), as a full disk or a bad migration would."""
    with app.app_context():
        if db.engine.dialect.name == "postgresql":
            statements = ["CREATE FUNCTION zhucun_refuse() RETURNS trigger AS $$ BEGIN "
                          "RAISE EXCEPTION 'refused by the test' USING DETAIL = "
                          "'Failing row contains (' || NEW.lat || ', ' || NEW.lon || ')'; END $$ LANGUAGE plpgsql",
                          "CREATE TRIGGER zhucun_refuse BEFORE INSERT ON checkins FOR EACH ROW "
                          "EXECUTE FUNCTION zhucun_refuse()"]
            undo = ["DROP TRIGGER zhucun_refuse ON checkins", "DROP FUNCTION zhucun_refuse()"]
        else:
            statements = ["CREATE TRIGGER zhucun_refuse BEFORE INSERT ON checkins "
                          "BEGIN SELECT RAISE(ABORT, 'refused by the test'); END"]
            undo = ["DROP TRIGGER zhucun_refuse"]
        with db.engine.begin() as connection:
            for statement in statements:
                connection.execute(text(statement))
    yield
    with app.app_context(), db.engine.begin() as connection:
        for statement in undo:
            connection.execute(text(statement))


def test_issue11_database_error_logs_no_statement_parameters(org, travel, refuse_checkins, caplog):
    travel("2026-03-02T09:00:00+08:00")
    answer = post(org, "m1a", body(device_id="DEVICE-77a1"))
    assert answer.status_code == 500 and answer.get_json()["error"]["code"] == "INTERNAL_ERROR"
    assert "refused by the test" in caplog.text  # the error is logged …
    assert "DEVICE-77a1" not in caplog.text  # … without the statement's parameters …
    # … nor a precise coordinate in any system (v1 lies near 39.27 N, 110.29 E; PostgreSQL's DETAIL
    # would quote the failing row)
    assert not re.search(r"\b39\.\d{4,}|\b110\.\d{4,}", caplog.text), caplog.text
