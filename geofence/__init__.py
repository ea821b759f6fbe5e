"""Pure geofence library: coordinate systems, fences and the check-in decision.

It imports neither Flask nor the database, so it is tested and benchmarked on its own.
"""

from geofence.coords import COORD_SYSTEMS, to_wgs84, wgs84_to
from geofence.decide import ACCEPTED, REASONS, REJECTED, Decision, Fix, decide
from geofence.distance import distance_m
from geofence.fences import CircleFence, Fence, PolygonFence, polygon

__all__ = ["ACCEPTED", "COORD_SYSTEMS", "REASONS", "REJECTED", "CircleFence", "Decision", "Fence", "Fix",
           "PolygonFence", "decide", "distance_m", "polygon", "to_wgs84", "wgs84_to"]
