"""Domain events that other packages react to inside the same transaction (blinker, as Flask uses).

Senders do not know their receivers: the check-in, leave and work-log packages announce that data
for a person's past day changed; the day close (ATT-5) subscribes and re-evaluates that day and the
counters after it, in the sender's transaction. Receivers must not commit.
"""

from __future__ import annotations

from blinker import Namespace

_signals = Namespace()

#: ``day_data_changed.send(sender, person_id=int, days=list[date])`` — a check-in, an approval, a
#: cancelled or reported-back leave, or a duty change touched these business days of this person.
day_data_changed = _signals.signal("day-data-changed")

#: ``log_written.send(sender, person_id=int, day=date, late=bool)`` — a work log was written or
#: back-filled for ``day`` (LOG-3: a back-fill inside the window fixes a missed log).
log_written = _signals.signal("log-written")

#: ``calendar_changed.send(sender, year=int, version=int, became_non_working=list[date])`` — the
#: calendar of ``year`` was entered or corrected (DUTY-4: closed days are re-evaluated, the published
#: roster re-planned; ``became_non_working`` are the days that were working days before).
calendar_changed = _signals.signal("calendar-changed")

#: ``organisation_changed.send(sender)`` — people, postings or roles changed (an import, a confirmed
#: recall): steps waiting on someone who no longer holds the role are handed to who does (LV-4).
organisation_changed = _signals.signal("organisation-changed")

#: ``absence_approved.send(sender, person_id=int, start=date, end=date)`` — a leave or trip was
#: approved (DUTY-2: a duty the cadre holds in that range is handed to someone else at once).
absence_approved = _signals.signal("absence-approved")

#: ``checkin_recorded.send(sender, person_id=int, checkin_id=int, status=str, captured_at=datetime,
#: received_at=datetime, photo_id=int|None)`` — a new check-in was stored (not a replay). INSPECT-1:
#: an accepted one with a photo answers the cadre's open roll call.
checkin_recorded = _signals.signal("checkin-recorded")
