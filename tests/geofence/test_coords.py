"""CHK-2: coordinate conversion against published pairs, and round trips across China."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from geofence.coords import bd09_to_gcj02, gcj02_to_bd09, gcj02_to_wgs84, to_wgs84, wgs84_to, wgs84_to_gcj02
from geofence.distance import distance_m

# (wgs_lat, wgs_lon, gcj_lat, gcj_lon): googollee/eviltransform's test data and wandergis/coordtransform's.
WGS_GCJ = [
    (31.1774276, 121.5272106, 31.17530398364597, 121.531541859215),  # Shanghai
    (22.543847, 113.912316, 22.540796131694766, 113.9171764808363),  # Shenzhen
    (39.911954, 116.377817, 39.91334545536069, 116.38404722455657),  # Beijing
    (39.915, 116.404, 39.91640428150164, 116.41024449916938),  # Beijing, coordtransform
]
# (gcj_lat, gcj_lon, bd_lat, bd_lon): coordtransform's gcj02tobd09 / bd09togcj02 examples. (eviltransform's
# BD-09 data is not used: its BD-09 formula uses sin(y·π) where Baidu's uses sin(y·π·3000/180).)
GCJ_BD = [(39.915, 116.404, 39.92133699351021, 116.41036949371029)]
BD_TO_GCJ = [(39.915, 116.404, 39.90865673957631, 116.39762729119315)]
CHINA_LAT = st.floats(18.0, 53.0)
CHINA_LON = st.floats(74.0, 134.5)


@pytest.mark.parametrize(("wlat", "wlon", "glat", "glon"), WGS_GCJ)
def test_chk2_wgs84_to_gcj02_matches_published_pairs(wlat, wlon, glat, glon):
    assert wgs84_to_gcj02(wlat, wlon) == pytest.approx((glat, glon), abs=1e-9)


@pytest.mark.parametrize(("wlat", "wlon", "glat", "glon"), WGS_GCJ)
def test_chk2_gcj02_to_wgs84_inverts_within_half_a_metre(wlat, wlon, glat, glon):
    assert distance_m(*gcj02_to_wgs84(glat, glon), wlat, wlon) < 0.5


@pytest.mark.parametrize(("glat", "glon", "blat", "blon"), GCJ_BD)
def test_chk2_gcj02_to_bd09_matches_published_pair(glat, glon, blat, blon):
    assert gcj02_to_bd09(glat, glon) == pytest.approx((blat, blon), abs=1e-9)


@pytest.mark.parametrize(("blat", "blon", "glat", "glon"), BD_TO_GCJ)
def test_chk2_bd09_to_gcj02_matches_published_pair(blat, blon, glat, glon):
    assert bd09_to_gcj02(blat, blon) == pytest.approx((glat, glon), abs=1e-9)


def test_chk2_gcj02_offset_is_hundreds_of_metres_in_shenmu():
    lat, lon = 38.83, 110.49  # 神木
    assert 100 < distance_m(*wgs84_to_gcj02(lat, lon), lat, lon) < 1000


@pytest.mark.parametrize("system", ["wgs84", "gcj02", "bd09"])
def test_chk2_points_outside_china_pass_through(system):
    paris = (48.8566, 2.3522)
    assert to_wgs84(*paris, "wgs84") == paris
    if system != "bd09":  # BD-09 adds its own offset everywhere; only GCJ-02 is limited to China
        assert to_wgs84(*paris, system) == paris
        assert wgs84_to(*paris, system) == paris


def test_chk2_unknown_system_is_refused():
    with pytest.raises(ValueError):
        to_wgs84(39.0, 110.0, "utm")


@settings(max_examples=400, deadline=None)
@given(CHINA_LAT, CHINA_LON, st.sampled_from(["gcj02", "bd09"]))
def test_chk2_round_trip_is_within_half_a_metre_across_china(lat, lon, system):
    back = to_wgs84(*wgs84_to(lat, lon, system), system)
    assert distance_m(*back, lat, lon) < 0.5
