"""Geofenced check-in (打卡): the endpoint, idempotency, offline sync (CHK-*)."""
