"""INSPECT-1 with real processes: two schedulers closing the same roll calls at once close each call
once and alert each silent cadre once (the conditional UPDATE of ``closed_at`` and the dedupe keys)."""

from __future__ import annotations

import multiprocessing
import time

import pytest

from app import clock, create_app
from app.calendar.service import calendar_day
from app.oversight import service
from tests.oversight.conftest import alerts, called, run_job, statuses
from tests.processes import run_together

CLOSE = ["jobs", "run", "roll-call-close"]


def test_inspect1_two_schedulers_close_a_roll_call_once(oc, app, tmp_path, travel):
    first = called(oc, "admin", "m1a", "m3a")["id"]
    second = called(oc, "sec1", "m1b", "l2")["id"]
    finished = run_together(app, tmp_path, "2026-03-02T09:31:00+08:00", [CLOSE, CLOSE])
    assert [f.returncode for f in finished] == [0, 0], [f.log for f in finished]
    results = [f.json() for f in finished]
    assert sorted(r["closed"] for r in results) in ([0, 2], [1, 1]), results  # each call closed by one
    assert sum(r["silent"] for r in results) == 4
    assert sorted(alerts(oc, "roll_call_silent")) == sorted([
        ("admin", f"INSPECT-1:silent:{first}:{oc.ids['towns']['t1']}"),
        ("sec1", f"INSPECT-1:silent:{first}:{oc.ids['towns']['t1']}"),
        ("admin", f"INSPECT-1:silent:{first}:{oc.ids['towns']['t2']}"),
        ("sec2", f"INSPECT-1:silent:{first}:{oc.ids['towns']['t2']}"),
        ("sec1", f"INSPECT-1:silent:{second}:{oc.ids['towns']['t1']}")])
    travel("2026-03-02T09:40:00+08:00")
    assert run_job(oc)["due"] == 0  # both are closed for good
    for rid in (first, second):
        assert set(statuses(oc.as_("admin").get(f"/roll-calls/{rid}").get_json()).values()) == {"silent"}


def call_at_once(uri: str, token: str, person_ids: list[int], barrier, answers) -> None:
    """One process: its own app and connections; it holds its transaction open half a second after
    inserting the called cadres, so the other's INSERT meets the open window (or waits on it)."""
    notify = service._notify_called

    def slow_notify(*args, **kwargs):
        notify(*args, **kwargs)
        time.sleep(0.5)

    service._notify_called = slow_notify  # this process only
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": uri})
    client = app.test_client()
    client.get("/api/v1/health")  # connect before the race, so the calls start together
    barrier.wait(timeout=120)
    response = client.post("/api/v1/roll-calls", json={"person_ids": person_ids},
                           headers={"Authorization": f"Bearer {token}"})
    answers.put((response.status_code, (response.get_json() or {}).get("error", {}).get("code")))


def test_inspect1_two_racing_calls_of_one_cadre_one_is_409(org):
    """Real time (the processes' clock is not travelled): today's calendar decides who is available,
    so the cadre is named and both callers race on the same person."""
    with org.app.app_context():
        if not calendar_day(clock.today()).working:
            pytest.skip("today is not a working day: nobody is expected in the village")
    context = multiprocessing.get_context("spawn")
    barrier, answers = context.Barrier(2), context.Queue()
    uri = org.app.config["SQLALCHEMY_DATABASE_URI"]
    target = [org.person_id("m1a")]
    callers = [context.Process(target=call_at_once, args=(uri, org.token(who), target, barrier, answers))
               for who in ("sec1", "admin")]
    for process in callers:
        process.start()
    results = sorted(answers.get(timeout=180) for _ in callers)
    for process in callers:
        process.join(timeout=60)
    assert results == [(201, None), (409, "ROLL_CALL_OPEN")]
    assert [who for who, _ in alerts(org, "roll_call")] == ["m1a"]
