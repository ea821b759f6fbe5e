"""Never a 500 for bad input (API.md "Errors"): ids too large for any record.

Found by tests/test_api_fuzz.py: an id beyond 64 bits reached SQLite and raised OverflowError (500).
Ids are INTEGER columns, so anything above 2**31 - 1 names no record: in a path it is 404 NOT_FOUND,
in a query or a body it is malformed input, 400 VALIDATION_ERROR.
"""

from __future__ import annotations

import pytest

from tests.helpers import assert_error

HUGE = "9" * 25
TOO_BIG = str(2**31)


@pytest.mark.parametrize(("who", "method", "path"), [
    ("l1", "POST", f"/leave-requests/{HUGE}/approve"),
    ("l1", "POST", f"/leave-requests/{HUGE}/reject"),
    ("m1a", "GET", f"/leave-requests/{TOO_BIG}"),
    ("l1", "GET", f"/logs/{HUGE}/2026-03-02"),
    ("m1a", "POST", f"/alerts/{HUGE}/read"),
    ("admin", "POST", f"/recall-cases/{HUGE}/confirm"),
    ("admin", "POST", f"/admin/deliveries/{HUGE}/retry"),
])
def test_id_too_large_in_path_is_not_found(org, who, method, path):
    body = {"comment": "好", "reason": "理由充分"} if method == "POST" else None
    assert_error(org.as_(who).request(method, path, json=body), 404, "NOT_FOUND")


@pytest.mark.parametrize(("who", "path"), [
    ("l1", f"/logs?person_id={HUGE}"),
    ("l1", f"/checkins?person_id={HUGE}"),
    ("l1", f"/leave-requests?person_id={TOO_BIG}"),
    ("l1", f"/missed-logs?person_id={HUGE}"),
    ("l1", f"/attendance/summary?person_id={HUGE}"),
    ("l1", f"/attendance/days?person_id={HUGE}"),
    ("admin", f"/roster/changes?village_id={HUGE}"),
    ("admin", f"/roster?village_id={HUGE}"),
    ("admin", f"/people?village_id={HUGE}"),
    ("admin", f"/villages?town_id={HUGE}"),
    ("admin", f"/recall-cases?person_id={HUGE}"),
    ("admin", f"/recall-cases?year={HUGE}"),
])
def test_id_too_large_in_query_is_validation_error(org, who, path):
    error = assert_error(org.as_(who).get(path), 400, "VALIDATION_ERROR")
    assert error["details"]["fields"]


def test_photo_id_too_large_in_log_body_is_validation_error(org, travel):
    travel("2026-03-02T18:00:00+08:00")
    resp = org.as_("m1a").put("/logs/2026-03-02", json={"content": "走访农户", "photo_ids": [int(HUGE)]})
    assert_error(resp, 400, "VALIDATION_ERROR")


def test_person_id_too_large_in_swap_body_is_validation_error(org):
    resp = org.as_("l1").post("/roster/swap", json={"date_a": "2026-03-07", "person_a": int(HUGE),
                                                   "date_b": "2026-03-08", "person_b": org.person_id("m1a")})
    assert_error(resp, 400, "VALIDATION_ERROR")
