"""Distances on the WGS-84 ellipsoid, fast where it matters.

Check-ins are decided a few hundred metres from a village centre, so the hot path uses the local
ellipsoidal ("flat earth with the ellipsoid's radii of curvature at the mid-latitude") formula:
the meridional radius M and the prime-vertical radius N at the mean latitude turn degree
differences into metres. Measured against geopy's Karney geodesic over random pairs in China's
bounding box (tests/geofence/test_fences.py), its error is below 1 cm up to 10 km. Beyond
``EXACT_BEYOND_M`` the exact geodesic (geopy) is used, so far-away fixes still get a true distance.
"""

from __future__ import annotations

import math

from geopy.distance import geodesic

WGS84_A = 6378137.0
WGS84_F = 1 / 298.257223563
WGS84_E2 = WGS84_F * (2 - WGS84_F)
EXACT_BEYOND_M = 10_000.0
_DEG = math.pi / 180.0


def radii(lat: float) -> tuple[float, float]:
    """(metres per degree of latitude, metres per degree of longitude) at ``lat``."""
    s = math.sin(lat * _DEG)
    w = 1.0 - WGS84_E2 * s * s
    meridional = WGS84_A * (1.0 - WGS84_E2) / (w * math.sqrt(w))
    prime_vertical = WGS84_A / math.sqrt(w)
    return meridional * _DEG, prime_vertical * math.cos(lat * _DEG) * _DEG


def fast_distance_m(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """The local ellipsoidal approximation (accurate to < 1 cm below 10 km; grows beyond)."""
    per_lat, per_lon = radii((lat1 + lat2) * 0.5)
    return math.hypot((lat2 - lat1) * per_lat, (lon2 - lon1) * per_lon)


def distance_m(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Geodesic distance in metres: the fast formula when near, geopy's exact geodesic when far."""
    near = fast_distance_m(lat1, lon1, lat2, lon2)
    if near <= EXACT_BEYOND_M:
        return near
    return geodesic((lat1, lon1), (lat2, lon2)).meters
