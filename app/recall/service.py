"""RECALL-1/2/3: deciding a recall case, everything a confirmation sets, withdrawal and reopening."""

from __future__ import annotations

from sqlalchemy import select, update

from app import clock
from app.alerts.service import emit
from app.errors import Conflict, Forbidden, NotFound
from app.extensions import db
from app.org.models import Person
from app.org.scope import person_clause
from app.org.service import city_admins
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


def withdraw(case: RecallCase, cause: dict, told: list[Person]) -> bool:
    """RECALL-3: withdraw an open case whose ground no longer holds, with ``cause`` recorded
    (``{reason, reason_en, change}``); the city office, the cadre and ``told`` hear of it.

    A conditional UPDATE on ``status = 'open'``: a case the city office decided meanwhile (confirmed
    or dismissed) is never changed by late data. False when nothing was withdrawn.
    """
    now = clock.now()
    claimed = db.session.execute(update(RecallCase).where(
        RecallCase.id == case.id, RecallCase.status == "open", RecallCase.reopened_at.is_(None))
        .values(status="withdrawn", cause=cause, withdrawn_at=now)).rowcount
    if claimed != 1:
        return False
    db.session.refresh(case)
    person = case.person
    emit("recall_withdrawn", person, [*city_admins(), person, *told],
         {"case_id": case.id, "rule": case.rule, "year": case.year, "change": cause.get("change")},
         f"RECALL-3:{case.id}:{now.isoformat()}", rule="RECALL-3",
         title=f"{person.name}的召回已自动撤销（{case.rule}）",
         body=f"{person.name}{case.year}年因{case.rule}触发的召回依据已不成立，已自动撤销：{cause['reason']}")
    return True


def reinstate(case: RecallCase, evidence: dict) -> RecallCase:
    """RECALL-1/3: a withdrawn case whose ground holds again opens again (one case per rule and
    year), its withdrawal kept in ``history``."""
    case.history = [*(case.history or []), {"status": "withdrawn", "at": case.withdrawn_at.isoformat(),
                                            "cause": case.cause, "evidence": case.evidence}]
    case.status, case.evidence, case.cause, case.withdrawn_at = "open", evidence, None, None
    case.opened_at = clock.now()
    db.session.flush()
    return case


def reopen(case: RecallCase, by: Person, reason: str) -> RecallCase:
    """RECALL-3: the city office reopens a confirmed or dismissed case for review.

    The case is ``open`` again (to be confirmed or dismissed anew); the earlier decision is kept in
    ``history``. Late data never withdraws a reopened case: its review is the city office's. What a
    confirmation set (RECALL-2) stays until the review decides.
    """
    if by.role != "city_admin":
        raise Forbidden(message="召回仅由市驻村办复核", message_en="only the city office reviews recalls",
                        rule="RECALL-3")
    if case.status not in ("confirmed", "dismissed"):
        raise Conflict("NOT_DECIDED", "只有已确认或已撤销的召回可以复核",
                       "only a confirmed or dismissed case can be reopened", details={"status": case.status})
    earlier = {"status": case.status, "at": case.decided_at.isoformat() if case.decided_at else None,
               "by_id": case.decided_by_id, "reason": case.reason}
    claimed = db.session.execute(update(RecallCase).where(
        RecallCase.id == case.id, RecallCase.status == case.status).values(
        status="open", reopened_at=clock.now(), reopened_by_id=by.id, reopen_reason=reason,
        decided_by_id=None, decided_at=None, reason=None, history=[*(case.history or []), earlier])).rowcount
    if claimed != 1:
        raise Conflict("ALREADY_DECIDED", "该召回已处理", "this case has already been decided")
    db.session.refresh(case)
    return case


def visible_case(user: Person, case_id: int) -> RecallCase:
    """The case if its cadre is in the caller's scope (ORG-2), else NOT_FOUND."""
    case = db.session.scalar(select(RecallCase).where(RecallCase.id == case_id,
                                                      person_clause(user, RecallCase.person_id)))
    if case is None:
        raise NotFound("recall case", "召回案件")
    return case
