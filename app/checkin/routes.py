"""``POST /api/v1/checkins`` (CHK-2..8, idempotent) and ``GET /api/v1/checkins`` (scoped list)."""

from __future__ import annotations

from flask import request
from flask.views import MethodView
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from app.auth.current import check_caller, require_user, token_claims
from app.checkin.models import Checkin
from app.checkin.schemas import IDEMPOTENCY_KEY, CheckinIn, CheckinItem, CheckinListArgs, CheckinOut
from app.checkin.service import load_facts, submit_checkin
from app.errors import DomainError, validation_error
from app.extensions import Blueprint, db
from app.org.scope import person_clause, visible_person
from app.pagination import keyset_page, page_schema

blp = Blueprint("checkin", __name__, url_prefix="/api/v1", description="Check-in (打卡) against the village fence")

KEY_HEADER = {"in": "header", "name": "Idempotency-Key", "required": True, "schema": {"type": "string"},
              "description": "chosen by the phone, 1–128 characters [A-Za-z0-9._:-]; per person (CHK-7)"}


def idempotency_key() -> str:
    """CHK-7: the ``Idempotency-Key`` header, required (400 IDEMPOTENCY_KEY_REQUIRED)."""
    key = request.headers.get("Idempotency-Key", "").strip()
    if not key:
        raise DomainError("IDEMPOTENCY_KEY_REQUIRED", "缺少 Idempotency-Key 请求头，请升级小程序后重试",
                          "the Idempotency-Key header is required", 400, rule="CHK-7")
    try:
        IDEMPOTENCY_KEY(key)
    except Exception as exc:  # marshmallow's ValidationError
        raise validation_error({"Idempotency-Key": ["1–128 characters of A-Z a-z 0-9 . _ : -"]},
                               "invalid Idempotency-Key") from exc
    return key


CHECKIN_ROLES = ("member", "leader")


@blp.route("/checkins")
class Checkins(MethodView):
    # A schema instance, not the class: webargs would build a new schema per request from a class.
    @blp.arguments(CheckinIn())
    @blp.response(201, CheckinOut, headers={"Idempotent-Replayed": {
        "description": "true when this answer replays an earlier request with the same key",
        "schema": {"type": "string"}}})
    @blp.doc(parameters=[KEY_HEADER])
    def post(self, data):
        """Check in (CHK-3..8): accepted or rejected with a reason, stored either way; idempotent per key.

        The same ``Idempotency-Key`` with the same body answers the stored result again (header
        ``Idempotent-Replayed: true``); with another body, 409 ``IDEMPOTENCY_CONFLICT``.
        """
        # require_user("member", "leader"), with the caller read in the check-in's own query.
        person_id, version = token_claims()
        facts = load_facts(person_id, data["captured_at"])
        check_caller(facts.caller, version, CHECKIN_ROLES)
        key = idempotency_key()
        outcome = submit_checkin(facts, key, data)
        db.session.commit()
        headers = {"Idempotent-Replayed": "true"} if outcome.replayed else {}
        return outcome.answer, 201, headers

    @blp.arguments(CheckinListArgs, location="query")
    @blp.response(200, page_schema(CheckinItem, "CheckinPage"))
    def get(self, args):
        """Check-ins by capture day, newest first; scoped (ORG-2): a person out of scope answers 404."""
        user = require_user()
        stmt = (select(Checkin).options(joinedload(Checkin.person), joinedload(Checkin.village))
                .where(person_clause(user, Checkin.person_id), Checkin.day >= args["from_"],
                       Checkin.day <= args["to"]))
        if "person_id" in args:
            stmt = stmt.where(Checkin.person_id == visible_person(user, args["person_id"]).id)
        order = [(Checkin.captured_at, True), (Checkin.id, True)]
        return keyset_page(stmt, order, args.get("cursor"), args["limit"], db.session)
