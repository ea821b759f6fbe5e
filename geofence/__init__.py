"""Pure geofence library: coordinate systems, fences and the check-in decision.

It imports neither Flask nor the database, so it is tested and benchmarked on its own.
"""

from geofence.coords import COORD_SYSTEMS, to_wgs84, wgs84_to

__all__ = ["COORD_SYSTEMS", "to_wgs84", "wgs84_to"]
