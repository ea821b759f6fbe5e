"""Lists (API.md conventions): ``{items, next_cursor}``, ``?cursor=`` and ``?limit=`` everywhere.

A cursor is opaque but comes back from the client: a forged or stale one is 400 VALIDATION_ERROR,
never a database error (found by tests/test_api_fuzz.py: a wrong-typed cursor value was a 500).
"""

from __future__ import annotations

import base64
import json

import pytest

from tests.helpers import assert_error

LISTS = ["/alerts", "/checkins", "/villages", "/people", "/logs", "/leave-requests", "/missed-logs", "/roster",
         "/recall-cases", "/approvals/pending", "/admin/deliveries"]
FORGED = [["x", "y"], [1, 2], [10**30, 1], [{"t": "2026-03-02T00:00:00"}, 1], [{"d": "2026-03-02"}, "x"],
          [None, None], [[1], {"a": 1}], [True, False], ["x"], [10**30]]


def forge(values) -> str:
    return base64.urlsafe_b64encode(json.dumps(values).encode()).decode().rstrip("=")


@pytest.mark.parametrize("path", LISTS)
def test_forged_cursor_is_validation_error_not_500(org, path):
    joiner = "&" if "?" in path else "?"
    for values in FORGED:
        resp = org.as_("admin").get(f"{path}{joiner}cursor={forge(values)}")
        assert_error(resp, 400, "VALIDATION_ERROR")


def test_org3_composition_report_pages_with_cursor_and_limit(org):
    ended = [{"person": key, "village": village, "role": "member", "start_date": "2026-01-01", "end_date": "2026-02-01"}
             for key, village in (("m1b", "v1"), ("m3b", "v3"))]
    assert org.as_("admin").post("/admin/org-import", json={"postings": ended}).status_code == 200
    everything = org.as_("admin").get("/admin/composition?limit=500").get_json()["items"]
    assert len(everything) >= 2
    first = org.as_("admin").get("/admin/composition?limit=1").get_json()
    assert first["items"] == everything[:1] and first["next_cursor"]
    rest = org.as_("admin").get(f"/admin/composition?limit=500&cursor={first['next_cursor']}").get_json()
    assert rest == {"items": everything[1:], "next_cursor": None}


def test_log5_versions_page_with_cursor_and_limit(org, travel):
    travel("2026-03-02T18:00:00+08:00")
    for content in ("走访农户", "走访农户三户", "走访农户五户"):
        assert org.as_("m1a").put("/logs/2026-03-02", json={"content": content}).status_code in (200, 201)
    path = f"/logs/{org.person_id('m1a')}/2026-03-02/versions"
    first = org.as_("m1a").get(f"{path}?limit=2").get_json()
    assert [v["number"] for v in first["items"]] == [1, 2]
    rest = org.as_("m1a").get(f"{path}?cursor={first['next_cursor']}").get_json()
    assert [v["number"] for v in rest["items"]] == [3] and rest["next_cursor"] is None
