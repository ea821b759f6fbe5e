"""ASSESS-1, write side: the city office records a cadre's annual grade (年度考核等次).

The grade is what the dispatching unit receives (作为其在派出单位的年度考核等次): its viewers get an
``assessment_graded`` alert for each recorded grade. 基本称职 or 不称职 confirms a recall (七(三)4):
the cadre's ASSESS-1 case of the year is opened if need be and confirmed, with every effect of
RECALL-2 (``app.recall.effects``).
"""

from __future__ import annotations

from sqlalchemy import select

from app import clock
from app.alerts.service import emit
from app.assessment import figures
from app.errors import Conflict, NotFound, RuleViolation
from app.extensions import db
from app.org.models import Person
from app.recall import effects, grades
from app.recall.models import AnnualResult, RecallCase
from app.signals import organisation_changed

CITY_OFFICE = "city_office"


def record_grade(by: Person, person: Person, year: int, body: dict) -> AnnualResult:
    """Record ``body["grade"]`` for ``person``'s ``year``; see the module docstring for the effects."""
    grade, comment = body["grade"], body.get("comment")
    if year > clock.today().year:
        raise RuleViolation("ASSESS-1", "不能为未来年度评定考核等次", "a future year cannot be graded")
    if not figures.assessed(by, person.id, year):
        raise NotFound("assessment", "年度考核")  # not posted more than half of that year
    existing = grades.result_of(person.id, year)
    correction = bool(body.get("correction"))
    if existing is not None and existing.source == CITY_OFFICE and not correction:
        raise Conflict("ALREADY_GRADED", f"{person.name}{year}年度已有考核结果（{existing.grade}），更正请注明理由",
                       f"{year} already has a result; send correction: true with a reason to change it")
    if correction and not (body.get("reason") or "").strip():
        raise RuleViolation("ASSESS-1", "更正考核等次须注明理由", "a correction needs a reason")
    _check_recall_bounds(person, year, grade)
    result = grades.record(person, year, grade, source=CITY_OFFICE, by=by, comment=comment,
                           correction_reason=body.get("reason") if correction else None)
    _tell_unit(person, year, grade, comment)
    if grade in grades.RECALL_GRADES:
        _confirm_recall(by, person, year, grade, comment)
    return result


def _check_recall_bounds(person: Person, year: int, grade: str) -> None:
    """RECALL-2: a recalled cadre's year stays 不称职 (基本称职 or 不称职 for an ASSESS-1 recall) and a
    cadre of a unit flagged that year is not rated 优秀."""
    confirmed = set(db.session.scalars(select(RecallCase.rule).where(
        RecallCase.person_id == person.id, RecallCase.year == year, RecallCase.status == "confirmed")))
    if confirmed - {effects.ASSESSMENT_RULE} and grade != grades.FAIL_GRADE:
        raise RuleViolation("RECALL-2", "该干部本年度已被确认召回，年度考核为不称职",
                            "a confirmed recall sets this year's result to 不称职",
                            {"confirmed_rules": sorted(confirmed)})
    if effects.ASSESSMENT_RULE in confirmed and grade not in grades.RECALL_GRADES:
        raise RuleViolation("RECALL-2", "该干部已因年度考核被召回，如需改评请先复核召回",
                            "the year's grade already confirmed a recall; reopen the case to review it")
    if grade == grades.GRADES[0] and grades.unit_ineligible(person.unit_id, year):
        raise RuleViolation("RECALL-2", "派出单位本年度有干部被召回，不得评为优秀",
                            "the dispatching unit had a cadre recalled this year: 优秀 is not allowed")


def _tell_unit(person: Person, year: int, grade: str, comment: str | None) -> None:
    if not person.unit_id:
        return
    change = db.session.scalar(select(grades.AnnualResultChange.id).where(
        grades.AnnualResultChange.person_id == person.id, grades.AnnualResultChange.year == year)
        .order_by(grades.AnnualResultChange.id.desc()).limit(1))
    viewers = db.session.scalars(select(Person).where(Person.role == "unit_viewer", Person.unit_id == person.unit_id))
    emit("assessment_graded", person, list(viewers), {"year": year, "grade": grade},
         f"ASSESS-1:{person.id}:{year}:{change}", rule="ASSESS-1",
         title=f"{person.name}{year}年度驻村考核：{grade}",
         body=f"{person.name}{year}年度驻村工作考核等次为{grade}，作为其在派出单位的年度考核等次。"
              + (f"评语：{comment}" if comment else ""))


def _confirm_recall(by: Person, person: Person, year: int, grade: str, comment: str | None) -> None:
    """ASSESS-1 → RECALL-2: open (or find) the year's ASSESS-1 case and confirm it, once."""
    case = db.session.scalar(select(RecallCase).where(RecallCase.person_id == person.id, RecallCase.year == year,
                                                      RecallCase.rule == effects.ASSESSMENT_RULE))
    now = clock.now()
    if case is None:
        case = RecallCase(person_id=person.id, rule=effects.ASSESSMENT_RULE, year=year, status="open",
                          evidence={"grade": grade, "comment": comment}, opened_at=now)
        db.session.add(case)
        db.session.flush()
    if case.status == "confirmed":
        return  # already recalled for this year's grade: nothing changes the second time
    case.status, case.decided_by_id, case.decided_at = "confirmed", by.id, now
    case.reason = f"年度考核为{grade}，立即召回（七(三)4）"
    db.session.flush()
    effects.apply_confirmation(case, by)
    organisation_changed.send(None)  # a recalled leader's pending approvals move on
