"""RECALL-1/2: deciding a recall case, and everything a confirmation sets."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select, update

from app import clock
from app.alerts.service import emit
from app.errors import Conflict, Forbidden, NotFound
from app.extensions import db
from app.org.models import Person, Posting
from app.org.rules import years_before
from app.org.scope import person_clause
from app.policy import current_policy
from app.recall.models import AnnualResult, RecallCase, UnitYearFlag
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
        _apply_confirmation(case, by)
        db.session.flush()
        organisation_changed.send(None)  # a recalled leader's pending approvals move on
    return case


def _apply_confirmation(case: RecallCase, by: Person) -> None:
    """RECALL-2: 不称职 for the year, the posting ends, 2 years without promotion, the unit is told."""
    today = clock.today()
    person = case.person
    last_day = today - timedelta(days=1)  # recalled today: no longer in post from today
    for posting in db.session.scalars(select(Posting).where(Posting.person_id == person.id)):
        if posting.end_date is None or posting.end_date > last_day:
            posting.end_date = max(posting.start_date, last_day)
            posting.ended_reason = f"召回（{case.rule}，案件 {case.id}）"
    result = db.session.scalar(select(AnnualResult).where(AnnualResult.person_id == person.id,
                                                          AnnualResult.year == case.year))
    if result is None:
        result = AnnualResult(person_id=person.id, year=case.year)
        db.session.add(result)
    result.grade, result.source, result.recorded_at = "不称职", f"recall:{case.id}", clock.now()
    person.no_promotion_until = years_before(today, -current_policy().no_promotion_years)
    if person.unit_id:
        db.session.add(UnitYearFlag(unit_id=person.unit_id, year=case.year, case_id=case.id,
                                    note="所派干部被召回，本年度不得评为优秀（通报批评）"))
        viewers = db.session.scalars(select(Person).where(Person.role == "unit_viewer",
                                                          Person.unit_id == person.unit_id))
        emit("recall_decided", person, list(viewers), {"case_id": case.id, "rule": case.rule},
             f"RECALL-2:{case.id}", rule="RECALL-2", title=f"{person.name}已被召回，请重新选派",
             body=f"{person.name}因{case.rule}被召回（{case.year}年度考核为不称职），请派出单位重新选派驻村干部。")


def visible_case(user: Person, case_id: int) -> RecallCase:
    """The case if its cadre is in the caller's scope (ORG-2), else NOT_FOUND."""
    case = db.session.scalar(select(RecallCase).where(RecallCase.id == case_id,
                                                      person_clause(user, RecallCase.person_id)))
    if case is None:
        raise NotFound("recall case", "召回案件")
    return case
