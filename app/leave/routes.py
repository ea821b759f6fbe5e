"""Leave and official trips: requests, decisions, cancel and 销假 (LV-1..8). The approver's queue
(``/approvals/pending``) also lists corrections, so app/corrections/routes.py answers it."""

from __future__ import annotations

from flask.views import MethodView

from app import clock
from app.auth.current import require_user
from app.extensions import Blueprint, db
from app.leave import queries, service
from app.leave.models import LeaveRequest
from app.leave.schemas import CommentIn, LeaveListArgs, LeaveRequestIn, LeaveRequestOut, TotalsArgs, TotalsOut
from app.org.scope import visible_person
from app.pagination import keyset_page, page_schema
from app.policy import current_policy

blp = Blueprint("leave", __name__, url_prefix="/api/v1", description="Leave and official trips (LV-1..8)")

LeavePage = page_schema(LeaveRequestOut, "LeaveRequestPage")


def _page(stmt, args: dict) -> dict:
    page = keyset_page(stmt, [(LeaveRequest.id, True)], args.get("cursor"), args["limit"], db.session)
    queries.annotate(page["items"])
    return page


def _answer(request) -> object:
    db.session.commit()
    return queries.annotate([request])[0]


@blp.route("/leave-requests")
class LeaveRequests(MethodView):
    @blp.arguments(LeaveListArgs, location="query")
    @blp.response(200, LeavePage)
    def get(self, args):
        """Leave and trip requests in the caller's scope (newest first); ``mine=1`` for one's own."""
        user = require_user()
        return _page(queries.list_stmt(user, args), args)

    @blp.arguments(LeaveRequestIn)
    @blp.response(201, LeaveRequestOut)
    def post(self, body):
        """Request leave or an official trip; the approval chain (LV-1, LV-2, LV-7, LV-8) is fixed now.

        Refusals are 422 naming the rule: LV-3 (dates, overlap, outside the posting, too far back),
        APPROVER_VACANT (a role of the chain has nobody in it).
        """
        user = require_user("member", "leader")
        return _answer(service.submit(user, body))


@blp.route("/leave-requests/<int:request_id>")
class LeaveRequestOne(MethodView):
    @blp.response(200, LeaveRequestOut)
    def get(self, request_id):
        """One request with its steps: who decided, when, and why (LV-4)."""
        return queries.annotate([queries.visible_request(require_user(), request_id)])[0]


def _action(name: str, summary: str, with_comment: bool):
    """A POST endpoint that applies ``service.<name>`` to a visible request and answers it."""
    action = getattr(service, name.replace("-", "_"))

    def post_with_comment(self, body, request_id):
        user = require_user()
        return _answer(action(user, queries.visible_request(user, request_id), body.get("comment") or None))

    def post_plain(self, request_id):
        user = require_user()
        return _answer(action(user, queries.visible_request(user, request_id)))

    view = post_with_comment if with_comment else post_plain
    view.__doc__ = summary
    view = blp.response(200, LeaveRequestOut)(view)
    if with_comment:
        view = blp.arguments(CommentIn)(view)
    blp.route(f"/leave-requests/<int:request_id>/{name}", endpoint=f"leave_{name.replace('-', '_')}")(
        type(f"Leave{name.title().replace('-', '')}", (MethodView,), {"post": view}))


_action("approve", "Approve the current step (its approver only; 403 NOT_YOUR_STEP otherwise; LV-4, LV-8).", True)
_action("reject", "Reject at the current step; a comment is required (LV-4).", True)
_action("cancel", "The requester withdraws a pending request or cancels an approved one before it starts.", False)
_action("report-back", "销假 (LV-5): the requester is back at post today; the unused days are released.", False)


@blp.route("/leave-totals")
class LeaveTotals(MethodView):
    @blp.arguments(TotalsArgs, location="query")
    @blp.response(200, TotalsOut)
    def get(self, args):
        """LV-6, LV-7: a cadre's approved leave days and trip days in a year (released days excluded)."""
        user = require_user()
        person = visible_person(user, args.get("person_id", user.id))
        totals = service.leave_totals(person.id, args.get("year", clock.today().year))
        return {"person_id": person.id, **totals, "leave_limit": current_policy().leave_cumulative_recall_over}
