"""CHK-2: WGS-84 ⇄ GCJ-02 ⇄ BD-09.

GCJ-02 ("Mars coordinates") is the public obfuscation every map in China applies; WeChat's
``wx.getLocation({type: "gcj02"})``, Tencent and Amap report it, Baidu reports BD-09. Fences are
stored in WGS-84, so every fix and every admin-entered coordinate is converted here first.
The forward transform is the widely published one; the reverse has no closed form and is
solved by fixed-point iteration to well under 0.5 m. Points outside China pass through unchanged
(the obfuscation is not applied there).
"""

from __future__ import annotations

import math

COORD_SYSTEMS = ("wgs84", "gcj02", "bd09")

_A = 6378245.0  # Krasovsky 1940 semi-major axis used by GCJ-02
_EE = 0.00669342162296594323  # its eccentricity squared
_X_PI = math.pi * 3000.0 / 180.0
_INVERSE_TOLERANCE_DEG = 1e-7  # ≈ 1 cm
_INVERSE_MAX_ITER = 30


def outside_china(lat: float, lon: float) -> bool:
    """The rough box inside which GCJ-02 applies (the same box every public implementation uses)."""
    return not (73.66 < lon < 135.05 and 3.86 < lat < 53.55)


def _transform_lat(x: float, y: float) -> float:
    ret = -100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * math.sqrt(abs(x))
    ret += (20.0 * math.sin(6.0 * x * math.pi) + 20.0 * math.sin(2.0 * x * math.pi)) * 2.0 / 3.0
    ret += (20.0 * math.sin(y * math.pi) + 40.0 * math.sin(y / 3.0 * math.pi)) * 2.0 / 3.0
    ret += (160.0 * math.sin(y / 12.0 * math.pi) + 320 * math.sin(y * math.pi / 30.0)) * 2.0 / 3.0
    return ret


def _transform_lon(x: float, y: float) -> float:
    ret = 300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * math.sqrt(abs(x))
    ret += (20.0 * math.sin(6.0 * x * math.pi) + 20.0 * math.sin(2.0 * x * math.pi)) * 2.0 / 3.0
    ret += (20.0 * math.sin(x * math.pi) + 40.0 * math.sin(x / 3.0 * math.pi)) * 2.0 / 3.0
    ret += (150.0 * math.sin(x / 12.0 * math.pi) + 300.0 * math.sin(x / 30.0 * math.pi)) * 2.0 / 3.0
    return ret


def wgs84_to_gcj02(lat: float, lon: float) -> tuple[float, float]:
    if outside_china(lat, lon):
        return lat, lon
    dlat = _transform_lat(lon - 105.0, lat - 35.0)
    dlon = _transform_lon(lon - 105.0, lat - 35.0)
    radlat = lat / 180.0 * math.pi
    magic = 1 - _EE * math.sin(radlat) ** 2
    sqrtmagic = math.sqrt(magic)
    dlat = (dlat * 180.0) / ((_A * (1 - _EE)) / (magic * sqrtmagic) * math.pi)
    dlon = (dlon * 180.0) / (_A / sqrtmagic * math.cos(radlat) * math.pi)
    return lat + dlat, lon + dlon


def gcj02_to_wgs84(lat: float, lon: float) -> tuple[float, float]:
    """Invert GCJ-02 by iteration: find w with forward(w) = g."""
    if outside_china(lat, lon):
        return lat, lon
    wlat, wlon = lat, lon
    for _ in range(_INVERSE_MAX_ITER):
        glat, glon = wgs84_to_gcj02(wlat, wlon)
        dlat, dlon = glat - lat, glon - lon
        if abs(dlat) < _INVERSE_TOLERANCE_DEG and abs(dlon) < _INVERSE_TOLERANCE_DEG:
            break
        wlat, wlon = wlat - dlat, wlon - dlon
    return wlat, wlon


def gcj02_to_bd09(lat: float, lon: float) -> tuple[float, float]:
    z = math.sqrt(lon * lon + lat * lat) + 0.00002 * math.sin(lat * _X_PI)
    theta = math.atan2(lat, lon) + 0.000003 * math.cos(lon * _X_PI)
    return z * math.sin(theta) + 0.006, z * math.cos(theta) + 0.0065


def bd09_to_gcj02(lat: float, lon: float) -> tuple[float, float]:
    x, y = lon - 0.0065, lat - 0.006
    z = math.sqrt(x * x + y * y) - 0.00002 * math.sin(y * _X_PI)
    theta = math.atan2(y, x) - 0.000003 * math.cos(x * _X_PI)
    return z * math.sin(theta), z * math.cos(theta)


def to_wgs84(lat: float, lon: float, system: str) -> tuple[float, float]:
    """Convert a ``[lat, lon]`` in ``system`` (wgs84, gcj02, bd09) to WGS-84."""
    if system == "wgs84":
        return lat, lon
    if system == "gcj02":
        return gcj02_to_wgs84(lat, lon)
    if system == "bd09":
        return gcj02_to_wgs84(*bd09_to_gcj02(lat, lon))
    raise ValueError(f"unknown coordinate system {system!r}")


def wgs84_to(lat: float, lon: float, system: str) -> tuple[float, float]:
    """Convert a WGS-84 ``[lat, lon]`` into ``system``."""
    if system == "wgs84":
        return lat, lon
    if system == "gcj02":
        return wgs84_to_gcj02(lat, lon)
    if system == "bd09":
        return gcj02_to_bd09(*wgs84_to_gcj02(lat, lon))
    raise ValueError(f"unknown coordinate system {system!r}")
