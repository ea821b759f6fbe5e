"""RECALL-1/2: deciding a recall case, and everything a confirmation sets."""

from __future__ import annotations

from sqlalchemy import update

from app import clock
from app.errors import Conflict, Forbidden
from app.extensions import db
from app.org.models import Person
from app.recall import effects
from app.recall.models import RecallCase
from app.signals import organisation_changed


def decide(case: RecallCase, by: Person, confirm: bool, reason: str) -> RecallCase:
    """Confirm or dismiss an open case; the claim is a conditional UPDATE so two clicks decide once."""
    if by.role != "city_admin":
        raise Forbidden(message="召回仅由市驻村办确认或撤销", message_en="only the city office decides recalls",
                        rule="RECALL-1")
    now = clock.now()
    claimed = db.session.execute(update(RecallCase).where(RecallCase.id == case.id, RecallCase.status == "open")
                                 .values(status="confirmed" if confirm else "dismissed", decided_by_id=by.id,
                                         decided_at=now, reason=reason)).rowcount
    if claimed != 1:
        raise Conflict("ALREADY_DECIDED", "该召回已处理", "this case has already been decided")
    db.session.refresh(case)
    if confirm:
        effects.apply_confirmation(case, by)
        db.session.flush()
        organisation_changed.send(None)  # a recalled leader's pending approvals move on
    return case

