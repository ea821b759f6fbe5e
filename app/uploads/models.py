"""CHK-8: an uploaded photo belongs to its uploader; only they can attach it to a record.

VIEW-3: ``attached_at`` is when the photo was first attached to a record (a check-in, a log, an
attendance correction). Every such record is the uploader's own (CHK-8), so whoever may read the
uploader's records may see an attached photo; an unattached one only its uploader.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from app import clock
from app.dbtypes import UTCDateTime
from app.extensions import db


class Upload(db.Model):
    __tablename__ = "uploads"
    id: Mapped[int] = mapped_column(primary_key=True)
    owner_id: Mapped[int] = mapped_column(ForeignKey("people.id"), index=True)
    path: Mapped[str] = mapped_column(String(200), unique=True)  # relative to UPLOAD_DIR, random name
    content_type: Mapped[str] = mapped_column(String(30))
    size_bytes: Mapped[int]
    width: Mapped[int]
    height: Mapped[int]
    sha256: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)
    attached_at: Mapped[datetime | None] = mapped_column(UTCDateTime)  # VIEW-3
