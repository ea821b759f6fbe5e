"""CHK-1/CHK-3: circle and polygon fences, and the error of the fast distance formula."""

from __future__ import annotations

import math

import pytest
from geopy.distance import geodesic
from hypothesis import given, settings
from hypothesis import strategies as st

from geofence.distance import EXACT_BEYOND_M, distance_m, fast_distance_m, radii
from geofence.fences import CircleFence, nearest, polygon

CENTRE = (38.90, 110.41)
SQUARE = [[38.9000, 110.4000], [38.9000, 110.4200], [38.8850, 110.4200], [38.8850, 110.4000]]


def offset(lat: float, lon: float, north_m: float, east_m: float) -> tuple[float, float]:
    """A point ``north_m``/``east_m`` metres away (exact geodesic, for building test points)."""
    bearing = math.degrees(math.atan2(east_m, north_m))
    point = geodesic(meters=math.hypot(north_m, east_m)).destination((lat, lon), bearing)
    return point.latitude, point.longitude


@settings(max_examples=300, deadline=None)
@given(st.floats(18.0, 53.0), st.floats(74.0, 134.0), st.floats(0, 360), st.floats(1.0, EXACT_BEYOND_M))
def test_chk3_fast_distance_is_within_a_centimetre_of_the_geodesic_up_to_10_km(lat, lon, bearing, metres):
    end = geodesic(meters=metres).destination((lat, lon), bearing)
    assert fast_distance_m(lat, lon, end.latitude, end.longitude) == pytest.approx(metres, abs=0.01)


def test_chk3_far_distances_are_exact_geodesics():
    beijing, shenmu = (39.9042, 116.4074), (38.8424, 110.4989)
    assert distance_m(*beijing, *shenmu) == pytest.approx(geodesic(beijing, shenmu).meters, abs=1e-6)


def test_radii_are_those_of_the_wgs84_ellipsoid_at_the_equator():
    per_lat, per_lon = radii(0.0)
    assert per_lat == pytest.approx(110574.3, abs=0.1) and per_lon == pytest.approx(111319.5, abs=0.1)


@pytest.mark.parametrize(("north", "expected"), [(0, 0.0), (999.0, 0.0), (1000.5, 0.5), (1500, 500.0)])
def test_chk3_circle_distance_is_to_its_edge(north, expected):
    fence = CircleFence(*CENTRE, 1000.0)
    assert fence.distance_m(*offset(*CENTRE, north, 0)) == pytest.approx(expected, abs=0.01)


def test_chk3_circle_allows_the_reported_accuracy():
    fence = CircleFence(*CENTRE, 1000.0)
    point = offset(*CENTRE, 0, 1100)  # 100 m beyond the edge
    assert not fence.contains(*point, accuracy_m=99.0)
    assert fence.contains(*point, accuracy_m=101.0)


def test_chk3_polygon_inside_is_zero_and_outside_is_metres_to_the_boundary():
    fence = polygon(SQUARE)
    assert fence.distance_m(38.892, 110.41) == 0.0
    north_edge_mid = (38.9000, 110.41)
    outside = offset(*north_edge_mid, 250, 0)
    assert fence.distance_m(*outside) == pytest.approx(250.0, rel=1e-3)
    assert not fence.contains(*outside, accuracy_m=240)
    assert fence.contains(*outside, accuracy_m=260)


@settings(max_examples=200, deadline=None)
@given(st.sampled_from(SQUARE), st.floats(0, 360), st.floats(10.0, 3000.0))
def test_chk3_polygon_projection_error_is_below_a_tenth_of_a_percent(vertex, bearing, metres):
    """Lengths in the polygon's local plane (around its centroid) agree with geodesics to < 0.1 %."""
    plane = polygon(SQUARE)._plane
    end = geodesic(meters=metres).destination(tuple(vertex), bearing)
    (x1, y1), (x2, y2) = plane.project(*vertex), plane.project(end.latitude, end.longitude)
    assert math.hypot(x2 - x1, y2 - y1) == pytest.approx(metres, rel=1e-3)


def test_chk1_nearest_fence_wins():
    far = CircleFence(39.5, 110.0, 500.0)
    near = polygon(SQUARE)
    index, distance = nearest([far, near], 38.892, 110.41)
    assert (index, distance) == (1, 0.0)
