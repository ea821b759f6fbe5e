"""ATT-5 with real processes: two day closes at once (an operator's run during the nightly one, two
schedulers during a lease overlap) must leave exactly what one close leaves.

Each close runs ``flask --app wsgi jobs run day-close`` in a process of its own, against the test's
database (SQLite file or TEST_DATABASE_URL), with the clock frozen at the same instant, so the
statuses, counters, absence runs, alerts, deliveries and recall cases can be compared byte for byte.
"""

from __future__ import annotations

import json
from datetime import date

import pytest
from sqlalchemy import event, text

from app.extensions import db
from tests import dbsnapshot
from tests.attendance.scenario import checkin, close, dates, local, summary
from tests.orgdata import standard_org
from tests.processes import run_together

START = "2026-03-02"
# Two nights, each (the instant every process sees, the day closed). After midnight of the 25th the
# days through the 21st are past their 72 h grace (final at once, so recall cases open) and the
# 22nd to the 24th stay provisional; three nights later those three are finalised.
NIGHTS = (("2026-03-25T00:30:00+08:00", "2026-03-24"), ("2026-03-28T00:30:00+08:00", "2026-03-27"))
OUTCOME = ("day_statuses", "attendance_years", "attendance_state", "missed_logs", "alerts", "alert_deliveries",
           "recall_cases", "job_watermarks")
CLOSE = ["jobs", "run", "day-close", "--date"]


@pytest.fixture
def world(api, app, tmp_path, travel):
    """Three weeks of a standard city: a few check-ins, a leave, logs on time and late; the rest absent."""
    travel(local(START, "08:00"))
    api.import_org(standard_org(start=START), tmp_path)
    for day, who in (("2026-03-02", "m1a"), ("2026-03-03", "m1b"), ("2026-03-05", "l2"), ("2026-03-09", "m1a"),
                     ("2026-03-12", "l1"), ("2026-03-16", "m3a"), ("2026-03-23", "m1a")):
        checkin(api, who, local(day), travel)
        if who == "l2":
            asked = api.as_("m2a").post("/leave-requests", json={
                "kind": "leave", "start_date": "2026-03-10", "end_date": "2026-03-11", "reason": "家中有事"})
            assert asked.status_code == 201, asked.get_json()
            approved = api.as_("l2").post(f"/leave-requests/{asked.get_json()['id']}/approve", json={})
            assert approved.status_code == 200, approved.get_json()
        if who == "m1a":
            travel(local(day, "20:00"))
            assert api.as_("m1a").put(f"/logs/{day}", json={"content": "入户走访，整理台账"}).status_code == 201
        if who == "l1":
            travel(local("2026-03-13", "10:00"))  # a back-fill: late, inside the rectification window
            assert api.as_("l1").put(f"/logs/{day}", json={"content": "补录：村委会议"}).status_code == 201
    travel(local("2026-03-25", "00:10"))
    with app.app_context():
        snapshot = dbsnapshot.take()
    return snapshot


def _outcome(app) -> str:
    with app.app_context():
        return dbsnapshot.dump(*OUTCOME)


def _play(app, tmp_path, snapshot, copies: int) -> list[list[dict]]:
    """The two nights from ``snapshot``, each with ``copies`` closes at once; their answers."""
    with app.app_context():
        dbsnapshot.restore(snapshot)
        db.engine.dispose()  # nothing of this process stays connected while the closes run
    nights = []
    for at, day in NIGHTS:
        runs = run_together(app, tmp_path, at, [CLOSE + [day]] * copies)
        assert [r.returncode for r in runs] == [0] * copies, [r.log for r in runs]
        nights.append([r.json() for r in runs])
    return nights


def _each(answers: list[dict], key: str) -> list[str]:
    return sorted(day for answer in answers for day in answer[key])


def test_att5_two_day_closes_at_once_equal_one_close(app, world, tmp_path):
    alone = _play(app, tmp_path, world, 1)
    assert _each(alone[0], "closed") == dates(START, "2026-03-24")
    assert _each(alone[1], "closed") == dates("2026-03-25", "2026-03-27")
    assert _each(alone[1], "finalised") == dates("2026-03-22", "2026-03-24")
    expected = _outcome(app)
    assert '"ATT-3"' in expected and '"absence_streak"' in expected  # the world reaches the thresholds

    together = _play(app, tmp_path, world, 2)
    # Every day was closed and finalised exactly once, by one process or the other; the other
    # waited for the lock and found it done.
    for night, (mine, theirs) in enumerate(zip(alone, together, strict=True)):
        for key in ("closed", "finalised"):
            assert _each(theirs, key) == _each(mine, key), (night, key, theirs)
    assert _outcome(app) == expected


def test_att5_a_close_that_cannot_get_the_lock_says_so_and_changes_nothing(app, api, runner, tmp_path, travel):
    """Another close holds the lock past the wait this database allows (SQLite's busy timeout, or a
    ``lock_timeout`` an operator set on PostgreSQL): the close answers JOB_BUSY, exit 1, and writes nothing."""
    travel(local(START, "08:00"))
    api.import_org(standard_org(start=START), tmp_path)
    travel(local("2026-03-04", "00:30"))
    with app.app_context():
        holder = db.engine.connect()
        holder.begin()
        holder.execute(text("INSERT INTO job_locks (name, taken_at) VALUES ('day-close', :t) "
                            "ON CONFLICT (name) DO UPDATE SET taken_at = excluded.taken_at"), {"t": "2026-03-03"})
        short = "PRAGMA busy_timeout = 200" if db.engine.dialect.name == "sqlite" else "SET lock_timeout = '200ms'"
        event.listen(db.engine, "checkout", lambda dbapi, *_: dbapi.cursor().execute(short))
        busy = runner.invoke(args=CLOSE + ["2026-03-03"])
        assert busy.exit_code == 1
        assert json.loads(busy.stdout)["error"]["code"] == "JOB_BUSY"
        assert summary(api, "m1a")["closed_through"] is None
        holder.rollback()
        holder.close()
    assert close(runner, "2026-03-03")["closed"] == ["2026-03-02", "2026-03-03"]


def test_att5_a_day_added_twice_is_counted_once(app, api, runner, tmp_path, travel):
    """Counters are idempotent per (person, day) on their own, whatever the lock: a forward close
    of a day already counted (here: its watermark put back by hand) changes no counter or run."""
    travel(local(START, "08:00"))
    api.import_org(standard_org(start=START), tmp_path)
    checkin(api, "m1a", local("2026-03-02"), travel)
    travel(local("2026-03-07", "00:30"))
    close(runner, "2026-03-06")
    with app.app_context():
        before = dbsnapshot.dump("attendance_years", "attendance_state")
        db.session.execute(text("UPDATE job_watermarks SET last_date = :d"), {"d": date(2026, 3, 4)})
        db.session.commit()
    assert close(runner, "2026-03-06")["closed"] == ["2026-03-05", "2026-03-06"]
    with app.app_context():
        assert dbsnapshot.dump("attendance_years", "attendance_state") == before
    assert summary(api, "m1a")["current_absence_streak"] == 4
