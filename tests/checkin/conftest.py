"""Helpers for check-in tests: a body near a village, posted with an Idempotency-Key."""

from __future__ import annotations

import itertools

import pytest

from geofence.coords import gcj02_to_wgs84, wgs84_to
from tests.geofence.test_fences import offset
from tests.orgdata import V1_GCJ

NOW = "2026-03-02T09:00:00+08:00"
V1_WGS = gcj02_to_wgs84(*V1_GCJ)
_keys = itertools.count(1)


def near_v1(north_m: float = 0.0, east_m: float = 0.0, system: str = "gcj02") -> tuple[float, float]:
    """A point ``north_m``/``east_m`` from v1's fence centre, expressed in ``system``."""
    return wgs84_to(*offset(*V1_WGS, north_m, east_m), system)


def body(point=None, system: str = "gcj02", accuracy: float = 25.0, captured_at: str = NOW, **extra) -> dict:
    lat, lon = point if point is not None else near_v1(system=system)
    return {"lat": lat, "lon": lon, "coord_system": system, "accuracy_m": accuracy, "captured_at": captured_at,
            **extra}


def post(org, who: str, data, key: str | None = "auto", **kwargs):
    headers = {} if key is None else {"Idempotency-Key": f"k-{next(_keys)}" if key == "auto" else key}
    if isinstance(data, (dict, list)):
        kwargs["json"] = data
    else:
        kwargs["data"] = data
        kwargs.setdefault("content_type", "application/json")
    return org.as_(who).post("/checkins", headers=headers, **kwargs)


def checkin_count(org) -> int:
    page = org.as_("admin").get("/checkins?from=2025-06-01&to=2026-05-31&limit=500").get_json()
    return len(page["items"])


@pytest.fixture
def at_nine(travel):
    travel(NOW)
