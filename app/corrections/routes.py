"""Attendance corrections (补卡, CHK-9) and the approver's queue of leave requests and corrections."""

from __future__ import annotations

from flask.views import MethodView

from app.auth.current import require_user
from app.corrections import queries, service
from app.corrections.models import Correction
from app.corrections.schemas import CorrectionIn, CorrectionListArgs, CorrectionOut, PendingApprovalOut
from app.extensions import Blueprint, db
from app.leave.schemas import CommentIn
from app.pagination import PageArgs, keyset_page, page_schema

blp = Blueprint("corrections", __name__, url_prefix="/api/v1", description="Attendance corrections (CHK-9)")


def _answer(correction: Correction) -> Correction:
    db.session.commit()
    return queries.annotate([correction])[0]


@blp.route("/corrections")
class Corrections(MethodView):
    @blp.arguments(CorrectionListArgs, location="query")
    @blp.response(200, page_schema(CorrectionOut, "CorrectionPage"))
    def get(self, args):
        """Corrections in the caller's scope, newest first (the town secretary sees the whole town)."""
        user = require_user()
        page = keyset_page(queries.list_stmt(user, args), [(Correction.id, True)], args.get("cursor"),
                           args["limit"], db.session)
        queries.annotate(page["items"])
        return page

    @blp.arguments(CorrectionIn)
    @blp.response(201, CorrectionOut)
    def post(self, body):
        """补卡 (CHK-9): ask that a day whose check-ins were refused for a weak fix count as present.

        Refusals are 422 RULE_VIOLATION rule CHK-9 with ``details.reason``: NOT_ELIGIBLE (refused for
        another reason, or farther than ``correction_max_distance_m``; a rest or leave day),
        WINDOW_PASSED, MONTHLY_LIMIT, ALREADY_PRESENT, PHOTO_NOT_OF_THE_DAY; someone else's photo is
        PHOTO_NOT_FOUND (CHK-8); a second pending correction of the day 409 CORRECTION_PENDING.
        """
        user = require_user("member", "leader")
        return _answer(service.submit(user, body))


@blp.route("/corrections/<int:correction_id>")
class CorrectionOne(MethodView):
    @blp.response(200, CorrectionOut)
    def get(self, correction_id):
        """One correction with its steps and the day's rejected attempts."""
        return queries.annotate([queries.visible_correction(require_user(), correction_id)])[0]


def _decision(name: str, summary: str):
    action = getattr(service, name)

    def post(self, body, correction_id):
        user = require_user()
        return _answer(action(user, queries.visible_correction(user, correction_id), body.get("comment") or None))

    post.__doc__ = summary
    view = blp.arguments(CommentIn)(blp.response(200, CorrectionOut)(post))
    blp.route(f"/corrections/<int:correction_id>/{name}", endpoint=f"correction_{name}")(
        type(f"Correction{name.title()}", (MethodView,), {"post": view}))


_decision("approve", "Approve the current step (its approver only, LV-4); the last makes the day present (CHK-9).")
_decision("reject", "Reject at the current step; a comment is required (LV-4).")


@blp.route("/approvals/pending")
class PendingApprovals(MethodView):
    @blp.arguments(PageArgs, location="query")
    @blp.response(200, page_schema(PendingApprovalOut, "PendingApprovalPage"))
    def get(self, args):
        """LV-4: the leave requests and corrections (``kind: "correction"``) waiting on me, newest first."""
        return queries.pending_page(require_user(), args.get("cursor"), args["limit"])
