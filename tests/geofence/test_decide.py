"""CHK-3..6: every reason code of decide(), and the order in which they are checked."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from config.policy import DEFAULT_POLICY
from geofence import CircleFence, Fix, decide
from tests.geofence.test_fences import CENTRE, offset

NOW = datetime(2026, 3, 2, 1, 0, tzinfo=UTC)
FENCES = [CircleFence(*CENTRE, 1000.0)]
INSIDE = offset(*CENTRE, 100, 0)


def fix(point=INSIDE, accuracy=20.0, ago=timedelta(0), mock=False) -> Fix:
    return Fix(point[0], point[1], accuracy, NOW - ago, mock)


def run(f: Fix, fences=FENCES, previous=None):
    return decide(f, fences, previous, NOW, DEFAULT_POLICY)


def test_chk3_inside_is_accepted_with_distance_zero():
    decision = run(fix())
    assert (decision.status, decision.reason, decision.distance_m) == ("accepted", None, 0.0)


def test_chk3_outside_fence_reports_distance_to_the_edge():
    decision = run(fix(offset(*CENTRE, 0, 6200)))
    assert (decision.status, decision.reason) == ("rejected", "OUTSIDE_FENCE")
    assert decision.distance_m == pytest.approx(5200, abs=1)


def test_chk3_accuracy_allows_a_fix_just_outside():
    assert run(fix(offset(*CENTRE, 0, 1150), accuracy=160)).status == "accepted"
    assert run(fix(offset(*CENTRE, 0, 1150), accuracy=140)).reason == "OUTSIDE_FENCE"


def test_chk3_village_without_fences_is_outside_with_no_distance():
    decision = run(fix(), fences=[])
    assert (decision.reason, decision.distance_m) == ("OUTSIDE_FENCE", None)


def test_chk3_not_posted():
    decision = run(fix(), fences=None)
    assert (decision.reason, decision.distance_m) == ("NOT_POSTED", None)


def test_chk4_low_accuracy():
    assert run(fix(accuracy=200.0)).status == "accepted"
    assert run(fix(accuracy=200.5)).reason == "LOW_ACCURACY"


def test_chk5_mock_location():
    assert run(fix(mock=True)).reason == "MOCK_LOCATION"


def test_chk5_implausible_speed_from_previous_accepted():
    previous = Fix(*offset(*CENTRE, 0, -300_000), 10.0, NOW - timedelta(hours=1))  # 300 km away an hour ago
    decision = run(fix(), previous=previous)
    assert decision.reason == "IMPLAUSIBLE_SPEED" and decision.speed_kmh > 200
    slow = Fix(*offset(*CENTRE, 0, -100_000), 10.0, NOW - timedelta(hours=1))  # 100 km/h
    assert run(fix(), previous=slow).status == "accepted"


def test_chk5_gps_jitter_between_fixes_seconds_apart_is_not_speed():
    previous = Fix(*offset(*CENTRE, 60, 0), 30.0, NOW - timedelta(seconds=1))
    assert run(fix(accuracy=30.0), previous=previous).status == "accepted"
    same_instant = Fix(*offset(*CENTRE, 900, 0), 10.0, NOW)
    assert run(fix(accuracy=10.0), previous=same_instant).reason == "IMPLAUSIBLE_SPEED"


def test_chk6_offline_capture_inside_grace_is_accepted():
    assert run(fix(ago=timedelta(hours=71, minutes=59))).status == "accepted"
    assert run(fix(ago=timedelta(hours=72))).status == "accepted"


def test_chk6_too_late():
    assert run(fix(ago=timedelta(hours=72, seconds=1))).reason == "TOO_LATE"


def test_chk6_clock_skew():
    assert run(fix(ago=-timedelta(seconds=300))).status == "accepted"
    assert run(fix(ago=-timedelta(seconds=301))).reason == "CLOCK_SKEW"


@pytest.mark.parametrize(("kwargs", "fences", "reason"), [
    ({"ago": -timedelta(hours=1), "mock": True, "accuracy": 900}, None, "CLOCK_SKEW"),
    ({"ago": timedelta(days=5), "mock": True, "accuracy": 900}, None, "TOO_LATE"),
    ({"mock": True, "accuracy": 900}, None, "NOT_POSTED"),
    ({"mock": True, "accuracy": 900, "point": (40.0, 111.0)}, FENCES, "MOCK_LOCATION"),
    ({"accuracy": 900, "point": (40.0, 111.0)}, FENCES, "LOW_ACCURACY"),
])
def test_chk3_reasons_are_checked_in_the_documented_order(kwargs, fences, reason):
    assert run(fix(**kwargs), fences=fences).reason == reason


def test_chk5_outside_fence_is_reported_before_implausible_speed():
    previous = Fix(*offset(*CENTRE, 0, -300_000), 10.0, NOW - timedelta(hours=1))
    assert run(fix(offset(*CENTRE, 0, 5000)), previous=previous).reason == "OUTSIDE_FENCE"


def test_chk3_rejections_still_report_the_distance():
    decision = run(fix(offset(*CENTRE, 0, 3000), mock=True))
    assert decision.reason == "MOCK_LOCATION" and decision.distance_m == pytest.approx(2000, abs=1)
