"""CHK-7: the Idempotency-Key — replays, conflicts, keys per person, and racing copies."""

from __future__ import annotations

import threading

import pytest

from tests.checkin.conftest import body, checkin_count, near_v1, post
from tests.helpers import assert_error

pytestmark = pytest.mark.usefixtures("at_nine")


def test_chk7_key_is_required(org):
    assert_error(post(org, "m1a", body(), key=None), 400, "IDEMPOTENCY_KEY_REQUIRED", rule="CHK-7")
    assert checkin_count(org) == 0


def test_chk7_malformed_key_is_refused(org):
    assert_error(post(org, "m1a", body(), key="no spaces allowed"), 400, "VALIDATION_ERROR")
    assert_error(post(org, "m1a", body(), key="x" * 129), 400, "VALIDATION_ERROR")


def test_chk7_same_key_same_body_replays_the_original_answer(org):
    first = post(org, "m1a", body(near_v1(3000, 0)), key="phone-1")
    again = post(org, "m1a", body(near_v1(3000, 0)), key="phone-1")
    assert first.status_code == again.status_code == 201
    assert "Idempotent-Replayed" not in first.headers
    assert again.headers["Idempotent-Replayed"] == "true"
    assert again.get_json() == first.get_json()
    assert checkin_count(org) == 1


def test_chk7_the_same_request_spelt_differently_is_the_same_body(org):
    data = body()
    first = post(org, "m1a", data, key="k")
    respelt = dict(reversed(list(data.items())), captured_at="2026-03-02T01:00:00Z")
    again = post(org, "m1a", respelt, key="k")
    assert again.headers.get("Idempotent-Replayed") == "true" and again.get_json() == first.get_json()


def test_chk7_replay_answers_what_was_decided_then_not_now(org, travel):
    first = post(org, "m1a", body(), key="k").get_json()
    travel("2026-03-06T09:00:00+08:00")  # now the capture would be TOO_LATE
    again = post(org, "m1a", body(), key="k")
    assert again.get_json() == first and first["status"] == "accepted"


def test_chk7_same_key_other_body_conflicts_and_changes_nothing(org):
    first = post(org, "m1a", body(), key="k").get_json()
    assert_error(post(org, "m1a", body(accuracy=30), key="k"), 409, "IDEMPOTENCY_CONFLICT")
    assert post(org, "m1a", body(), key="k").get_json() == first
    assert checkin_count(org) == 1


def test_chk7_keys_are_per_person(org):
    mine = post(org, "m1a", body(), key="shared").get_json()
    theirs = post(org, "m1b", body(accuracy=40), key="shared")
    assert theirs.status_code == 201 and "Idempotent-Replayed" not in theirs.headers
    assert theirs.get_json()["id"] != mine["id"]
    assert checkin_count(org) == 2


def test_chk7_racing_copies_of_one_request_store_one_record(org, app):
    """Eight threads send the same key at once through the real server code: one row, one answer."""
    token = org.token("m1a")
    copies = 8
    barrier = threading.Barrier(copies)
    results: list = [None] * copies

    def send(i: int) -> None:
        client = app.test_client()
        barrier.wait()
        results[i] = client.post("/api/v1/checkins", json=body(), headers={
            "Authorization": f"Bearer {token}", "Idempotency-Key": "race"})

    threads = [threading.Thread(target=send, args=(i,)) for i in range(copies)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert [r.status_code for r in results] == [201] * copies
    assert len({r.get_json()["id"] for r in results}) == 1
    assert sum(r.headers.get("Idempotent-Replayed") == "true" for r in results) == copies - 1
    assert checkin_count(org) == 1
