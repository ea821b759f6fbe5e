"""RECALL-2: everything a confirmed recall case sets, whichever way it was confirmed.

A case is confirmed by the city office (``POST /recall-cases/{id}/confirm``) or by an annual
grade of 基本称职 or 不称职 (ASSESS-1, ``PUT /assessments/{person_id}/{year}``). Either way:

- the annual result of the case's year becomes 不称职 (a case of rule ASSESS-1 keeps the grade the
  city office recorded: 基本称职 stays 基本称职, 七(三)4 asks for the recall, not for a lower grade);
- every posting of the cadre ends the day before the decision (recalled today: not in post today);
- ``no_promotion_until`` on the person: the decision date plus ``no_promotion_years`` (2);
- the dispatching unit is marked not eligible for 优秀 that year (通报批评, ``unit_year_flags``);
- the unit's viewers are told to re-select (alert ``recall_decided``, 责成派出单位重新选派).

Applying the effects of one case twice changes nothing the second time: postings already ended
stay as they are, the flag and the alert are keyed by the case, the result is written only when it
differs, and the no-promotion date never moves earlier.
"""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import select

from app import clock
from app.alerts.service import emit
from app.extensions import db
from app.org.models import Person, Posting
from app.org.rules import years_before
from app.policy import current_policy
from app.recall import grades
from app.recall.models import RecallCase, UnitYearFlag

ASSESSMENT_RULE = "ASSESS-1"


def decision_day(case: RecallCase) -> date:
    """The business day the case was decided (today for a case being confirmed now)."""
    return clock.business_day(case.decided_at) if case.decided_at is not None else clock.today()


def apply_confirmation(case: RecallCase, by: Person | None) -> None:
    """RECALL-2 for a confirmed ``case``; idempotent (see the module docstring)."""
    person = case.person
    decided = decision_day(case)
    if case.rule != ASSESSMENT_RULE:
        grades.record(person, case.year, grades.FAIL_GRADE, source=f"recall:{case.id}", by=by,
                      comment=f"召回确认（{case.rule}），年度考核直接评定为不称职")
    _end_postings(case, person, decided - timedelta(days=1))
    until = years_before(decided, -current_policy().no_promotion_years)
    if person.no_promotion_until is None or person.no_promotion_until < until:
        person.no_promotion_until = until
    if person.unit_id:
        _flag_unit(case, person)
    db.session.flush()


def _end_postings(case: RecallCase, person: Person, last_day: date) -> None:
    for posting in db.session.scalars(select(Posting).where(Posting.person_id == person.id)):
        if posting.end_date is None or posting.end_date > last_day:
            posting.end_date = max(posting.start_date, last_day)
            posting.ended_reason = f"召回（{case.rule}，案件 {case.id}）"


def _flag_unit(case: RecallCase, person: Person) -> None:
    flagged = db.session.scalar(select(UnitYearFlag.id).where(
        UnitYearFlag.unit_id == person.unit_id, UnitYearFlag.year == case.year, UnitYearFlag.case_id == case.id))
    if flagged is None:
        db.session.add(UnitYearFlag(unit_id=person.unit_id, year=case.year, case_id=case.id,
                                    note="所派干部被召回，本年度不得评为优秀（通报批评）"))
    viewers = db.session.scalars(select(Person).where(Person.role == "unit_viewer",
                                                      Person.unit_id == person.unit_id))
    emit("recall_decided", person, list(viewers), {"case_id": case.id, "rule": case.rule, "year": case.year},
         f"RECALL-2:{case.id}", rule="RECALL-2", title=f"{person.name}已被召回，请重新选派",
         body=f"{person.name}因{case.rule}被召回（{case.year}年度考核不得评为优秀，该干部两年内不得提拔），"
              f"请派出单位重新选派驻村干部。")
