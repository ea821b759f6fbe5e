"""A console token is handed out once even when several processes poll the same nonce at the same
instant (the collect is a conditional UPDATE): real separate processes, one database. Each process
holds the window between reading the session and claiming it open for half a second, so every poll
has read "not collected yet" before any of them claims."""

from __future__ import annotations

import multiprocessing
import time

from app import create_app
from app.auth import tokens
from tests.auth.test_web_sessions import confirm, qr_code, start

POLLERS = 4


def poll_at_once(uri: str, nonce: str, barrier, answers) -> None:
    """One process: its own app and connections, released by the barrier with the others."""
    issue = tokens.issue

    def slow_issue(*args, **kwargs):
        time.sleep(0.5)
        return issue(*args, **kwargs)

    tokens.issue = slow_issue  # this process only: the token is made between the read and the claim
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": uri})
    client = app.test_client()
    client.get("/api/v1/health")  # connect before the race, so the polls start together
    barrier.wait(timeout=120)
    response = client.get(f"/api/v1/auth/web-sessions/{nonce}")
    answers.put((response.status_code, (response.get_json() or {}).get("status")))


def test_racing_polls_in_separate_processes_get_one_token(org):
    started = start(org)
    assert confirm(org, "sec1", qr_code(started)).status_code == 200
    context = multiprocessing.get_context("spawn")
    barrier, answers = context.Barrier(POLLERS), context.Queue()
    uri = org.app.config["SQLALCHEMY_DATABASE_URI"]
    pollers = [context.Process(target=poll_at_once, args=(uri, started["nonce"], barrier, answers))
               for _ in range(POLLERS)]
    for process in pollers:
        process.start()
    results = sorted(answers.get(timeout=180) for _ in pollers)
    for process in pollers:
        process.join(timeout=60)
    assert results == [(200, "signed_in")] + [(404, None)] * (POLLERS - 1)
