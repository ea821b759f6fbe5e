"""Who reacts to which domain event (app/signals.py): every receiver, connected in one place.

Senders never know their receivers; this table is where a reader finds them. ``create_app``
calls ``connect()`` once per app (blinker ignores a receiver connected twice). Receivers run in
the sender's transaction and never commit.
"""

from __future__ import annotations

from app.attendance import hooks as attendance
from app.corrections import service as corrections
from app.duty import roster
from app.leave import service as leave
from app.oversight import service as oversight
from app.signals import (
    absence_approved,
    calendar_changed,
    checkin_recorded,
    day_data_changed,
    log_written,
    organisation_changed,
)

RECEIVERS = (
    (day_data_changed, attendance.on_day_data_changed),  # ATT-5: re-evaluate the closed days
    (log_written, attendance.on_log_written),  # LOG-3: a back-fill fixes a missed log
    (calendar_changed, attendance.on_calendar_changed),  # DUTY-4: re-evaluate the year's closed days
    (calendar_changed, roster.on_calendar_changed),  # DUTY-4: cancel duties on new working days
    (absence_approved, roster.on_absence_approved),  # DUTY-2: repair the team's duties at once
    (organisation_changed, leave.hand_over_waiting_steps),  # LV-4: waiting steps go to who holds the role
    (organisation_changed, corrections.hand_over_waiting_steps),  # LV-4, CHK-9: the same for corrections
    (checkin_recorded, oversight.on_checkin_recorded),  # INSPECT-1: a photo check-in answers a roll call
)


def connect() -> None:
    for signal, receiver in RECEIVERS:
        signal.connect(receiver)
