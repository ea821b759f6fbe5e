"""Never a 500 for bad input (API.md "Errors"): dates and instants at the edge of the calendar.

Python dates stop at 0001-01-01 and 9999-12-31; arithmetic past them raises OverflowError, which
was a 500. Such input is accepted where it means something (a filter up to 9999-12-31) and is a
400 VALIDATION_ERROR where it cannot be held (an instant whose business day is beyond 9999).
"""

from __future__ import annotations

import pytest

from tests.helpers import assert_error


@pytest.mark.parametrize("query", ["from=9999-12-31", "to=0001-01-01", "from=9999-12-31&to=9999-12-31",
                                   "from=0001-01-01&to=0001-01-01"])
def test_checkin_list_at_calendar_edges_is_answered_not_500(org, query):
    resp = org.as_("l1").get(f"/checkins?{query}")
    assert resp.status_code == 200, resp.get_data(as_text=True)
    assert resp.get_json() == {"items": [], "next_cursor": None}


@pytest.mark.parametrize("captured_at", ["9999-12-31T23:59:59-12:00", "9999-12-31T23:59:59+00:00",
                                         "0001-01-01T00:00:00+08:00"])
def test_chk6_capture_time_beyond_the_calendar_is_validation_error(org, travel, captured_at):
    travel("2026-03-02T09:00:00+08:00")
    resp = org.as_("m1a").post("/checkins", headers={"Idempotency-Key": "edge-1"},
                               json={"lat": 39.27, "lon": 110.29, "accuracy_m": 10, "captured_at": captured_at})
    error = assert_error(resp, 400, "VALIDATION_ERROR")
    assert "captured_at" in error["details"]["fields"]["json"]


def test_chk6_capture_time_long_ago_but_representable_is_still_stored_too_late(org, travel):
    travel("2026-03-02T09:00:00+08:00")
    resp = org.as_("m1a").post("/checkins", headers={"Idempotency-Key": "edge-2"},
                               json={"lat": 39.27, "lon": 110.29, "accuracy_m": 10,
                                     "captured_at": "1970-01-01T08:00:00+08:00"})
    assert resp.status_code == 201
    assert resp.get_json()["reason"] == "TOO_LATE"
