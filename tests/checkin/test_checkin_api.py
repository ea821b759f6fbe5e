"""POST /checkins: every reason code of CHK-3..6 through the API, coordinate systems, offline sync."""

from __future__ import annotations

from datetime import date

import pytest

from app.signals import day_data_changed
from tests.checkin.conftest import NOW, body, near_v1, post
from tests.geofence.test_fences import offset
from tests.orgdata import V3_POLY_WGS

pytestmark = pytest.mark.usefixtures("at_nine")


def answer(response, status="accepted", reason=None) -> dict:
    assert response.status_code == 201, response.get_json()
    data = response.get_json()
    assert set(data) == {"id", "status", "reason", "message", "message_en", "distance_m", "day"}
    assert (data["status"], data["reason"]) == (status, reason), data
    assert data["message"] and data["message_en"]
    return data


def test_chk3_inside_v1_fence_is_accepted_on_its_capture_day(org):
    data = answer(post(org, "m1a", body()))
    assert data["distance_m"] == 0 and data["day"] == "2026-03-02"
    assert "前石畔村" in data["message"]


def test_chk2_coord_system_defaults_to_gcj02(org):
    point = near_v1(0, 1100)  # 100 m outside, if read as GCJ-02
    data = body(point)
    del data["coord_system"]
    assert answer(post(org, "m1a", data), "rejected", "OUTSIDE_FENCE")["distance_m"] == pytest.approx(100, abs=1)


@pytest.mark.parametrize("system", ["wgs84", "gcj02", "bd09"])
def test_chk2_the_same_place_in_any_coordinate_system_gets_the_same_answer(org, system):
    """v1's fence was entered in GCJ-02; a fix 1,300 m east of its centre is 300 m outside in every system."""
    data = answer(post(org, "m1a", body(near_v1(0, 1300, system), system)), "rejected", "OUTSIDE_FENCE")
    assert data["distance_m"] == pytest.approx(300, abs=0.5)


def test_chk2_gcj02_read_as_wgs84_would_be_wrong(org):
    """The GCJ-02 offset in Shenmu is hundreds of metres: the system named really is applied."""
    lat, lon = near_v1(0, 900, "gcj02")
    as_gcj = answer(post(org, "m1a", body((lat, lon), "gcj02")))
    as_wgs = post(org, "m1a", body((lat, lon), "wgs84", captured_at="2026-03-02T09:00:01+08:00")).get_json()
    assert as_gcj["distance_m"] == 0 and as_wgs["distance_m"] != 0


def test_chk3_outside_fence_tells_the_distance_and_what_to_do(org):
    data = answer(post(org, "m1a", body(near_v1(6200, 0))), "rejected", "OUTSIDE_FENCE")
    assert data["distance_m"] == pytest.approx(5200, abs=1)
    assert "5.2 公里" in data["message"] and "请到村内打卡" in data["message"]
    assert "5.2 km" in data["message_en"]


def test_chk3_another_villages_fence_does_not_count(org):
    answer(post(org, "m2a", body(near_v1())), "rejected", "OUTSIDE_FENCE")


def test_chk1_polygon_fence_of_v3(org):
    inside = (V3_POLY_WGS[0][0] - 0.005, V3_POLY_WGS[0][1] + 0.01)
    assert answer(post(org, "m3a", body(inside, "wgs84")))["distance_m"] == 0
    north = offset(V3_POLY_WGS[0][0], V3_POLY_WGS[0][1] + 0.01, 400, 0)
    data = answer(post(org, "m3a", body(north, "wgs84", accuracy=50)), "rejected", "OUTSIDE_FENCE")
    assert data["distance_m"] == pytest.approx(400, abs=1)


def test_chk3_accuracy_is_allowed_at_the_edge(org):
    answer(post(org, "m1a", body(near_v1(0, 1080), accuracy=100)))


def test_chk4_low_accuracy(org):
    answer(post(org, "m1a", body(accuracy=250)), "rejected", "LOW_ACCURACY")


def test_chk5_mock_location(org):
    answer(post(org, "m1a", body(mock_location=True)), "rejected", "MOCK_LOCATION")


def test_chk5_implausible_speed_against_previous_accepted_checkin(org, travel):
    answer(post(org, "m1a", body(near_v1(0, -900), accuracy=10)))
    data = answer(post(org, "m1a", body(near_v1(0, 900), accuracy=10, captured_at="2026-03-02T09:00:10+08:00")),
                  "rejected", "IMPLAUSIBLE_SPEED")
    assert data["distance_m"] == 0
    # half an hour after the previous accepted one, the same move is a walk
    travel("2026-03-02T10:00:00+08:00")
    answer(post(org, "m1a", body(near_v1(0, 900), accuracy=10, captured_at="2026-03-02T09:30:00+08:00")))


def test_chk5_rejected_checkins_are_not_the_previous_fix(org):
    answer(post(org, "m1a", body(near_v1(0, 20_000), accuracy=10)), "rejected", "OUTSIDE_FENCE")
    answer(post(org, "m1a", body(accuracy=10, captured_at="2026-03-02T09:00:05+08:00")))


def test_chk6_clock_skew(org):
    answer(post(org, "m1a", body(captured_at="2026-03-02T09:05:00+08:00")))
    answer(post(org, "m1a", body(captured_at="2026-03-02T09:10:00+08:00")), "rejected", "CLOCK_SKEW")


def test_chk6_offline_capture_inside_72h_is_accepted_on_its_own_day_and_announced(org, travel):
    travel("2026-03-04T20:00:00+08:00")
    seen = []

    def receiver(sender, person_id, days):
        seen.append((person_id, days))

    with day_data_changed.connected_to(receiver):
        data = answer(post(org, "m1a", body(captured_at="2026-03-02T07:30:00+08:00")))
    assert data["day"] == "2026-03-02"
    assert seen == [(org.person_id("m1a"), [date(2026, 3, 2)])]


def test_chk6_todays_checkin_is_not_announced_as_late(org):
    seen = []
    with day_data_changed.connected_to(lambda sender, **kw: seen.append(kw)):
        answer(post(org, "m1a", body()))
    assert seen == []


def test_chk6_too_late_after_72h_is_stored_rejected_and_announced(org, travel):
    travel("2026-03-05T09:00:01+08:00")
    seen = []
    with day_data_changed.connected_to(lambda sender, **kw: seen.append(kw)):
        data = answer(post(org, "m1a", body(captured_at=NOW)), "rejected", "TOO_LATE")
    assert data["day"] == "2026-03-02" and len(seen) == 1


def test_chk6_day_is_the_capture_day_in_shanghai(org):
    data = answer(post(org, "m1a", body(captured_at="2026-03-01T16:30:00Z")))  # 00:30 on 2 March in Shenmu
    assert data["day"] == "2026-03-02"


def test_chk3_not_posted_on_the_capture_day(org, travel):
    travel("2026-01-01T01:00:00+08:00")
    data = answer(post(org, "m1a", body(captured_at="2025-12-31T23:30:00+08:00")), "rejected", "NOT_POSTED")
    assert data["day"] == "2025-12-31" and data["distance_m"] is None


def test_chk8_own_photo_and_device_are_stored(org):
    from tests.images import upload_photo

    photo = upload_photo(org, "m1a")
    answer(post(org, "m1a", body(photo_id=photo, device_id="iPhone15,2")))
    item = org.as_("m1a").get("/checkins").get_json()["items"][0]
    assert (item["photo_id"], item["device_id"]) == (photo, "iPhone15,2")


def test_org2_only_posted_cadres_check_in(org):
    response = post(org, "sec1", body())
    assert response.status_code == 403
    assert post(org, None, body()).status_code == 401
