"""A board reading (VIEW-1, VIEW-2): one computation of a board, paged through by its cursors."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, LargeBinary, String
from sqlalchemy.orm import Mapped, mapped_column

from app.dbtypes import UTCDateTime
from app.extensions import db


class BoardReading(db.Model):
    """The whole board of one first page (``app.boards.readings``), compressed; a cache, never a record.

    Keyed by a random id that the cursors carry; only its ``person_id`` may page through it, and only
    with the arguments in ``query``. Rows past ``expires_at`` are deleted by the next first page.
    """

    __tablename__ = "board_readings"
    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id"))
    query: Mapped[str] = mapped_column(String(300))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    board: Mapped[bytes] = mapped_column(LargeBinary)
