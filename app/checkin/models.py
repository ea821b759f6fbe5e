"""CHK-3, CHK-7, CHK-8: a stored check-in, accepted or rejected, never dropped."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Boolean, Date, Float, ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.dbtypes import UTCDateTime
from app.extensions import db
from app.org.models import Person, Village

STATUSES = ("accepted", "rejected")


class Checkin(db.Model):
    """One check-in as the phone sent it, with the server's decision.

    ``(person_id, idempotency_key)`` is unique (CHK-7): two racing copies of a request cannot both
    be stored. ``day`` is the capture day in Asia/Shanghai (CHK-6), which the day close reads.
    ``message``/``message_en`` are stored so a replay answers exactly what the first answer said.
    """

    __tablename__ = "checkins"
    __table_args__ = (
        UniqueConstraint("person_id", "idempotency_key"),
        Index("ix_checkins_person_day", "person_id", "day"),
        Index("ix_checkins_person_captured", "person_id", "captured_at"),
        Index("ix_checkins_day_status", "day", "status"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id"))
    idempotency_key: Mapped[str] = mapped_column(String(128))
    request_hash: Mapped[str] = mapped_column(String(64))  # sha256 of the canonical request
    day: Mapped[date] = mapped_column(Date)
    captured_at: Mapped[datetime] = mapped_column(UTCDateTime)
    received_at: Mapped[datetime] = mapped_column(UTCDateTime)
    status: Mapped[str] = mapped_column(String(10))  # accepted | rejected
    reason: Mapped[str | None] = mapped_column(String(20))
    message: Mapped[str] = mapped_column(String(200))
    message_en: Mapped[str] = mapped_column(String(200))
    distance_m: Mapped[float | None] = mapped_column(Float)
    village_id: Mapped[int | None] = mapped_column(ForeignKey("villages.id"))
    # The fix as sent (CHK-2) and converted to WGS-84.
    lat: Mapped[float] = mapped_column(Float)
    lon: Mapped[float] = mapped_column(Float)
    coord_system: Mapped[str] = mapped_column(String(5))
    lat_wgs84: Mapped[float] = mapped_column(Float)
    lon_wgs84: Mapped[float] = mapped_column(Float)
    accuracy_m: Mapped[float] = mapped_column(Float)
    mock_location: Mapped[bool] = mapped_column(Boolean, default=False)
    device_id: Mapped[str | None] = mapped_column(String(128))  # CHK-8
    photo_id: Mapped[int | None] = mapped_column(ForeignKey("uploads.id"))  # CHK-8

    person: Mapped[Person] = relationship()
    village: Mapped[Village | None] = relationship()

    @property
    def answer(self) -> dict:
        """The body of the 201 answer (API.md), the same on every replay."""
        return {"id": self.id, "status": self.status, "reason": self.reason, "message": self.message,
                "message_en": self.message_en, "distance_m": self.distance_m, "day": self.day}
