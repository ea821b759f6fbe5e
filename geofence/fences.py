"""CHK-1/CHK-3: circle and polygon fences in WGS-84.

Each fence answers two questions for a WGS-84 point: ``distance_m`` (metres to the fence, 0
inside) and ``contains(lat, lon, accuracy_m)`` ("inside, allowing the reported accuracy"):

- circle: inside when geodesic distance − accuracy ≤ radius (CHK-3 literally), i.e. the distance
  to the fence edge is at most the accuracy;
- polygon: inside, or within ``accuracy_m`` of the boundary. The polygon is projected once onto a
  local plane around its own centroid (metres east/north, using the ellipsoid's radii there) and
  tested with shapely 2 (a prepared geometry). For a village-sized polygon (a few km across) the
  projection's scale error is below 0.1 % of the distance to the centroid (measured in the tests);
  far-away fixes get a distance good for a message ("距 5.2 公里"), not for surveying.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache

import shapely
from shapely.geometry import Point, Polygon

from geofence.distance import distance_m, radii


class Fence:
    """The interface of a fence: the distance to it and the CHK-3 inside test."""

    def distance_m(self, lat: float, lon: float) -> float:  # pragma: no cover - interface
        raise NotImplementedError

    def contains(self, lat: float, lon: float, accuracy_m: float = 0.0) -> bool:
        """CHK-3: inside, allowing the reported accuracy."""
        return self.distance_m(lat, lon) <= accuracy_m


@dataclass(frozen=True)
class CircleFence(Fence):
    """A centre (WGS-84) and a radius in metres (default 1,000 m around the village committee)."""

    lat: float
    lon: float
    radius_m: float

    def distance_m(self, lat: float, lon: float) -> float:
        return max(0.0, distance_m(self.lat, self.lon, lat, lon) - self.radius_m)


@dataclass(frozen=True)
class PolygonFence(Fence):
    """A ring of ``[lat, lon]`` WGS-84 vertices (village boundary, resettlement site 安置点)."""

    points: tuple[tuple[float, float], ...]
    _plane: _Plane = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_plane", _plane(self.points))

    def distance_m(self, lat: float, lon: float) -> float:
        plane = self._plane
        x, y = plane.project(lat, lon)
        if shapely.contains_xy(plane.prepared, x, y):
            return 0.0
        return float(plane.boundary.distance(Point(x, y)))


@dataclass(frozen=True)
class _Plane:
    lat0: float
    lon0: float
    per_lat: float
    per_lon: float
    prepared: Polygon
    boundary: object

    def project(self, lat: float, lon: float) -> tuple[float, float]:
        return (lon - self.lon0) * self.per_lon, (lat - self.lat0) * self.per_lat


@lru_cache(maxsize=4096)
def _plane(points: tuple[tuple[float, float], ...]) -> _Plane:
    """Project the ring once (cached by its vertices, so an edited fence is a new entry)."""
    lat0 = sum(p[0] for p in points) / len(points)
    lon0 = sum(p[1] for p in points) / len(points)
    per_lat, per_lon = radii(lat0)
    ring = [((lon - lon0) * per_lon, (lat - lat0) * per_lat) for lat, lon in points]
    polygon = Polygon(ring)
    if not polygon.is_valid:
        polygon = shapely.make_valid(polygon)
    shapely.prepare(polygon)
    return _Plane(lat0, lon0, per_lat, per_lon, polygon, polygon.boundary)


def polygon(points: Sequence[Sequence[float]]) -> PolygonFence:
    """A polygon fence from ``[[lat, lon], ...]`` (WGS-84)."""
    return PolygonFence(tuple((float(lat), float(lon)) for lat, lon in points))


def nearest(fences: Sequence[Fence], lat: float, lon: float) -> tuple[int, float]:
    """(index, distance) of the fence nearest to the point; distance 0 when inside one."""
    best_index, best = -1, float("inf")
    for index, fence in enumerate(fences):
        d = fence.distance_m(lat, lon)
        if d < best:
            best_index, best = index, d
            if d == 0.0:
                break
    return best_index, best
