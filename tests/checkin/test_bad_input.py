"""Bad input never gives a 500 and never changes what is stored (CHK-2..8 validation)."""

from __future__ import annotations

import pytest

from tests.checkin.conftest import body, checkin_count, post
from tests.helpers import assert_error
from tests.images import upload_photo

pytestmark = pytest.mark.usefixtures("at_nine")

GOOD = body()


def without(field: str) -> dict:
    return {k: v for k, v in GOOD.items() if k != field}


@pytest.mark.parametrize("data", [
    "{not json", "", "[1, 2]", "null",
    without("lat"), without("lon"), without("accuracy_m"), without("captured_at"),
    {**GOOD, "lat": 91}, {**GOOD, "lon": -181}, {**GOOD, "lat": "39.27"}, {**GOOD, "lat": True},
    '{"lat": NaN, "lon": 110.29, "accuracy_m": 10, "captured_at": "2026-03-02T09:00:00+08:00"}',
    '{"lat": 39.27, "lon": Infinity, "accuracy_m": 10, "captured_at": "2026-03-02T09:00:00+08:00"}',
    '{"lat": 39.27, "lon": 110.29, "accuracy_m": -Infinity, "captured_at": "2026-03-02T09:00:00+08:00"}',
    {**GOOD, "accuracy_m": -1}, {**GOOD, "accuracy_m": 1e12},
    {**GOOD, "captured_at": "2026-03-02T09:00:00"}, {**GOOD, "captured_at": "yesterday"},
    {**GOOD, "captured_at": 1772413200},
    {**GOOD, "coord_system": "utm"}, {**GOOD, "mock_location": "yes"}, {**GOOD, "device_id": ""},
    {**GOOD, "device_id": "d" * 129}, {**GOOD, "photo_id": "1"}, {**GOOD, "photo_id": 0},
], ids=lambda d: (d if isinstance(d, str) else repr(sorted(d.items()))[:40]))
def test_malformed_checkins_are_400_and_store_nothing(org, data):
    assert_error(post(org, "m1a", data), 400, "VALIDATION_ERROR")
    assert checkin_count(org) == 0


def test_chk2_fields_wx_getlocation_adds_are_ignored(org):
    """The phone may forward wx.getLocation's whole result; the check-in is taken, not refused."""
    body = {**GOOD, "speed": -1, "altitude": 1105.2, "verticalAccuracy": 12, "horizontalAccuracy": 20}
    assert post(org, "m1a", body).status_code == 201
    assert checkin_count(org) == 1


def test_huge_body_is_413(org):
    huge = {**GOOD, "device_id": "x" * (2 * 1024 * 1024)}
    assert_error(post(org, "m1a", huge), 413, "PAYLOAD_TOO_LARGE")
    assert checkin_count(org) == 0


def test_chk8_someone_elses_photo_is_not_found(org):
    theirs = upload_photo(org, "m1b")
    assert_error(post(org, "m1a", {**GOOD, "photo_id": theirs}), 422, "PHOTO_NOT_FOUND", rule="CHK-8")
    assert_error(post(org, "m1a", {**GOOD, "photo_id": 99999}), 422, "PHOTO_NOT_FOUND", rule="CHK-8")
    assert checkin_count(org) == 0


def test_chk7_failed_request_leaves_its_key_free(org):
    theirs = upload_photo(org, "m1b")
    post(org, "m1a", {**GOOD, "photo_id": theirs}, key="k")
    assert post(org, "m1a", GOOD, key="k").status_code == 201
