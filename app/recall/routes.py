"""Recall cases (RECALL-1/2/3): the city office confirms, dismisses or reopens; a town secretary reads
their town's. Withdrawal (RECALL-3) is automatic, never by hand."""

from __future__ import annotations

from flask.views import MethodView
from marshmallow import Schema, fields, validate
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from app.auth.current import require_user
from app.extensions import Blueprint, db
from app.fields import record_id, year_field
from app.org.schemas import Ref
from app.org.scope import person_clause, visible_person
from app.pagination import PageArgs, keyset_page, page_schema
from app.recall import service
from app.recall.models import RecallCase

blp = Blueprint("recall", __name__, url_prefix="/api/v1", description="Recall cases")
READERS = ("city_admin", "town_secretary")


class CaseArgs(PageArgs):
    status = fields.String(validate=validate.OneOf(["open", "confirmed", "dismissed", "withdrawn"]))
    rule = fields.String(validate=validate.Length(1, 12))
    year = year_field()
    person_id = record_id()


class DecisionIn(Schema):
    reason = fields.String(required=True, validate=validate.Length(2, 2000))


class CaseOut(Schema):
    id = fields.Integer()
    person_id = fields.Integer()
    person = fields.Nested(Ref)
    rule = fields.String()
    year = fields.Integer()
    evidence = fields.Dict()
    status = fields.String(metadata={"description": "open, confirmed, dismissed, or withdrawn (RECALL-3: "
                                                    "automatically, its ground gone)"})
    opened_at = fields.DateTime()
    decided_at = fields.DateTime(allow_none=True)
    decided_by = fields.Nested(Ref, allow_none=True)
    reason = fields.String(allow_none=True)
    cause = fields.Dict(allow_none=True, metadata={
        "description": "RECALL-3: why the case was withdrawn automatically: {reason, reason_en, change: {kind: "
                       "calendar|late_data|day_close, …}}"})
    withdrawn_at = fields.DateTime(allow_none=True)
    reopened_at = fields.DateTime(allow_none=True)
    reopened_by = fields.Nested(Ref, allow_none=True)
    reopen_reason = fields.String(allow_none=True)
    history = fields.List(fields.Dict(), allow_none=True, metadata={
        "description": "earlier states of the case (a withdrawal, a decision before a reopening), oldest first"})


@blp.route("/recall-cases")
class Cases(MethodView):
    @blp.arguments(CaseArgs, location="query")
    @blp.response(200, page_schema(CaseOut, "RecallCasePage"))
    def get(self, args):
        """Recall cases with their evidence, newest first (city office; a town secretary: their town).

        ``person_id`` out of the caller's scope answers 404 (ORG-2)."""
        user = require_user(*READERS)
        stmt = select(RecallCase).where(person_clause(user, RecallCase.person_id)).options(
            joinedload(RecallCase.person), joinedload(RecallCase.decided_by), joinedload(RecallCase.reopened_by))
        if "person_id" in args:  # a person out of scope answers 404, like every person filter (ORG-2)
            stmt = stmt.where(RecallCase.person_id == visible_person(user, args["person_id"]).id)
        for key in ("status", "rule", "year"):
            if key in args:
                stmt = stmt.where(getattr(RecallCase, key) == args[key])
        return keyset_page(stmt, [(RecallCase.id, True)], args.get("cursor"), args["limit"], db.session)


def _decide(case_id: int, body: dict, confirm: bool):
    user = require_user(*READERS)
    case = service.decide(service.visible_case(user, case_id), user, confirm, body["reason"])
    db.session.commit()
    return case


@blp.route("/recall-cases/<int:case_id>/confirm")
class Confirm(MethodView):
    @blp.arguments(DecisionIn)
    @blp.response(200, CaseOut)
    def post(self, body, case_id):
        """RECALL-2: confirm — 不称职, the posting ends, 2 years without promotion, the unit must re-select."""
        return _decide(case_id, body, True)


@blp.route("/recall-cases/<int:case_id>/dismiss")
class Dismiss(MethodView):
    @blp.arguments(DecisionIn)
    @blp.response(200, CaseOut)
    def post(self, body, case_id):
        """Dismiss an open case with a reason (RECALL-1)."""
        return _decide(case_id, body, False)


@blp.route("/recall-cases/<int:case_id>/reopen")
class Reopen(MethodView):
    @blp.arguments(DecisionIn)
    @blp.response(200, CaseOut)
    def post(self, body, case_id):
        """RECALL-3: reopen a confirmed or dismissed case for review, with a reason (city office).

        The case is ``open`` again and is confirmed or dismissed anew; the earlier decision is kept
        in ``history``. Late data never withdraws a reopened case. 409 ``NOT_DECIDED`` for a case
        that is open or withdrawn."""
        user = require_user(*READERS)
        case = service.reopen(service.visible_case(user, case_id), user, body["reason"])
        db.session.commit()
        return case
