"""Board tests: the standard organisation (tests/orgdata.py), posted from Monday 2026-03-02."""

from __future__ import annotations

import pytest

from tests.attendance.scenario import local
from tests.orgdata import standard_org

START = "2026-03-02"  # a Monday


@pytest.fixture
def march(api, tmp_path, travel):
    travel(local(START, "08:00"))
    api.import_org(standard_org(start=START), tmp_path)
    return api


def board(api, who: str, path: str, **query) -> dict:
    """GET a board as ``who``, every page followed (``limit`` per page), the pages' items joined."""
    items, cursor, first = [], None, None
    while True:
        params = {**query, **({"cursor": cursor} if cursor else {})}
        response = api.as_(who).get(path, query_string=params)
        assert response.status_code == 200, response.get_json()
        page = response.get_json()
        first = first or page
        items += page["items"]
        cursor = page["next_cursor"]
        if cursor is None:
            return {**first, "items": items}


def leave(api, who: str, approver: str, day: str, kind: str = "leave") -> None:
    """An approved one-day leave or trip of ``who`` (LV-1: the team leader approves a member's)."""
    body = {"kind": kind, "start_date": day, "end_date": day, "reason": "家中有事"}
    if kind == "trip":
        body["trip_type"] = "meeting"
    asked = api.as_(who).post("/leave-requests", json=body)
    assert asked.status_code == 201, asked.get_json()
    approved = api.as_(approver).post(f"/leave-requests/{asked.get_json()['id']}/approve", json={})
    assert approved.status_code == 200, approved.get_json()
