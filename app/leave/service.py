"""Leave and trips: what other domains read (approved days, yearly totals) and the request flow.

Interfaces for other packages:

- ``approved_days(start, end, person_ids=None)`` — the days covered by APPROVED requests (§2 status
  rules ``business`` and ``leave``; DUTY-2 availability).
- ``leave_totals(person_id, year)`` — LV-6 / ASSESS-1 counts; the one place they are computed.
- ``is_overdue(request, today)`` — LV-5: ended, no report back and no accepted check-in since;
  ``overdue_ids(requests, today)`` — the same for a page of requests in one query.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from datetime import date, timedelta

from sqlalchemy import Select, and_, func, select

from app import clock
from app.alerts.service import emit
from app.checkin.models import Checkin
from app.errors import Forbidden, RuleViolation
from app.extensions import db
from app.leave import rules
from app.leave.approvers import holds_step
from app.leave.models import LeaveRequest, LeaveStep, already_decided
from app.org.models import POSTED_ROLES, Person, Posting, Village
from app.org.service import city_admins, team_leaders, town_secretaries
from app.policy import current_policy
from app.signals import absence_approved, day_data_changed


def _approved_overlapping(lo: date, hi: date, person_ids: Iterable[int] | Select | None = None):
    """APPROVED requests whose covered days [start_date, covered_until] meet [lo, hi]."""
    stmt = select(LeaveRequest).where(LeaveRequest.status == "approved", LeaveRequest.start_date <= hi,
                                      LeaveRequest.covered_until >= lo)
    if person_ids is not None:
        stmt = stmt.where(LeaveRequest.person_id.in_(
            person_ids if isinstance(person_ids, Select) else list(person_ids)))
    return db.session.scalars(stmt.order_by(LeaveRequest.person_id, LeaveRequest.start_date))


def approved_days(start: date, end: date, person_ids: Iterable[int] | None = None) -> dict[int, dict[date, str]]:
    """Each person's days in [start, end] covered by an APPROVED request → "leave" or "trip".

    After a report back (销假, LV-5) only the days before the report-back day are covered. A half
    day covers its day. People without such days are absent from the result. Overlapping requests
    are refused (LV-3), but should two ever meet, "trip" wins (the §2 order: business before leave).
    """
    result: dict[int, dict[date, str]] = defaultdict(dict)
    for req in _approved_overlapping(start, end, person_ids):
        for day in rules.covered_days(req.start_date, req.covered_until, start, end):
            if result[req.person_id].get(day) != "trip":
                result[req.person_id][day] = req.kind
    return dict(result)


def year_totals(person_ids: Iterable[int], years: Iterable[int],
                among: Select | None = None) -> dict[tuple[int, int], dict[str, float]]:
    """LV-6: approved leave and trip days dated in each year, for several people in one query.

    Future days of an approved leave count (from the approval); released days (after a report back)
    do not; a half day counts 0.5. Keys are (person_id, year). ``among``, a SELECT of the same
    person ids, filters in the database instead of a list of thousands of ids (a city's board).
    """
    people, years = list(set(person_ids)), sorted(set(years))
    totals = {(p, y): {"leave_days": 0.0, "trip_days": 0.0} for p in people for y in years}
    if not people or not years:
        return totals
    lo, hi = date(years[0], 1, 1), date(years[-1], 12, 31)
    for req in _approved_overlapping(lo, hi, people if among is None else among):
        for year in years:
            n = rules.days_in_window(req.start_date, req.covered_until, req.half_day,
                                     date(year, 1, 1), date(year, 12, 31))
            totals[(req.person_id, year)][f"{req.kind}_days"] += n
    return totals


def leave_totals(person_id: int, year: int) -> dict:
    """LV-6, LV-7: ``{year, leave_days, trip_days}`` of approved requests dated in ``year``.

    Trips (LV-7) count as attendance and never toward the 30-day leave limit.
    """
    return {"year": year, **year_totals([person_id], [year])[(person_id, year)]}


def is_overdue(request: LeaveRequest, today: date | None = None) -> bool:
    """LV-5: an approved leave whose end has passed with no report back (销假) and no accepted
    check-in since it started (the cadre's return to the village closes it) shows as overdue."""
    return request.id in overdue_ids([request], today)


def overdue_ids(requests: Sequence[LeaveRequest], today: date | None = None) -> set[int]:
    """LV-5 for a page of requests: the ids of the overdue ones, the returns read in one query."""
    today = today or clock.today()
    ended = [r for r in requests if rules.leave_overdue(r.kind, r.status, r.end_date, r.reported_back_on, today)]
    if not ended:
        return set()
    returned = dict(db.session.execute(
        select(LeaveRequest.id, func.min(Checkin.day))
        .join(Checkin, and_(Checkin.person_id == LeaveRequest.person_id, Checkin.status == "accepted",
                            Checkin.day >= LeaveRequest.start_date))
        .where(LeaveRequest.id.in_([r.id for r in ended])).group_by(LeaveRequest.id)).all())
    return {r.id for r in ended if rules.leave_overdue(r.kind, r.status, r.end_date, r.reported_back_on, today,
                                                       returned_on=returned.get(r.id))}


# --- submitting (LV-1..3, LV-7, LV-8) -------------------------------------------------------------

def _refuse(refusal: rules.Refusal, **details) -> RuleViolation:
    return RuleViolation(refusal.rule, refusal.message, refusal.message_en,
                         details={"reason": refusal.reason, **details})


def _posting_for(person: Person, start: date, end: date) -> Posting:
    """LV-3: the request must lie inside one posting of the requester as leader or member."""
    for posting in person.postings:
        if posting.role in POSTED_ROLES and posting.covers(start) and posting.covers(end):
            return posting
    raise _refuse(rules.Refusal("LV-3", "OUTSIDE_POSTING", "申请日期不在您的驻村任职期内",
                                "the requested days are outside your posting"))


def _check_overlap(person_id: int, start: date, end: date) -> None:
    """LV-3: no overlap with another pending or approved request (released days are free again)."""
    other = db.session.scalar(select(LeaveRequest).where(
        LeaveRequest.person_id == person_id, LeaveRequest.status.in_(("pending", "approved")),
        LeaveRequest.start_date <= end, LeaveRequest.covered_until >= start).limit(1))
    if other is not None:
        raise _refuse(rules.Refusal(
            "LV-3", "OVERLAP", f"与已有申请（{other.start_date}至{other.end_date}）日期重叠",
            f"overlaps request {other.id} ({other.start_date} to {other.end_date})"), request_id=other.id)


_VACANT_ROLE = {"leader": ("本村第一书记", "the village's first secretary"),
                "town_secretary": ("镇（街道）党委书记", "the town secretary"),
                "city_admin": ("市驻村办", "the city office")}


def resolve_approver(role: str, village: Village, requester: Person, rule: str) -> Person:
    """The person who holds ``role`` for ``village`` now; a vacant role is a clear 422."""
    if role == "leader":  # posted as leader and still in the role of leader (not re-roled)
        candidates = [p for p in team_leaders(village.id) if p.role == "leader"]
    elif role == "town_secretary":
        candidates = town_secretaries(village.town_id)
    else:
        candidates = city_admins()
    candidates = [p for p in candidates if p.id != requester.id]
    if not candidates:
        zh, en = _VACANT_ROLE[role]
        raise RuleViolation(rule, f"审批人空缺：{zh}尚未设置，申请无法提交，请联系管理员",
                            f"approver vacant: no {en} is on record, so the request cannot be routed",
                            details={"role": role}, code="APPROVER_VACANT")
    return candidates[0]


def submit(user: Person, data: dict) -> LeaveRequest:
    """Create a request with its chain resolved to people, and alert the first approver (LV-4)."""
    policy, today = current_policy(), clock.today()
    start, end, half_day = data["start_date"], data["end_date"], data.get("half_day")
    refusal = rules.check_request(start, end, half_day, today, backdate_days=policy.leave_backdate_days,
                                  max_days=policy.leave_max_request_days)
    if refusal:
        raise _refuse(refusal)
    posting = _posting_for(user, start, end)
    # Serialise a person's submissions (row lock on PostgreSQL) so two overlapping ones cannot pass.
    db.session.execute(select(Person.id).where(Person.id == user.id).with_for_update())
    _check_overlap(user.id, start, end)
    days = rules.request_days(start, end, half_day)
    rule = "LV-1" if posting.role == "member" else "LV-2"
    roles = rules.approval_chain(posting.role, data["kind"], days, backdated=start < today,
                                 short_max=policy.short_leave_max_days)
    base = rules.approval_chain(posting.role, data["kind"], days, short_max=policy.short_leave_max_days)
    request = LeaveRequest(person_id=user.id, village_id=posting.village_id, requester_role=posting.role,
                           kind=data["kind"], trip_type=data.get("trip_type"), start_date=start, end_date=end,
                           half_day=half_day, days=days, reason=data["reason"], status="pending",
                           covered_until=end)
    for position, role in enumerate(roles, start=1):
        approver = resolve_approver(role, posting.village, user, rule)
        request.steps.append(LeaveStep(position=position, role=role, approver_id=approver.id,
                                       status="pending" if position == 1 else "waiting",
                                       added_for="LV-8" if position > len(base) else None))
    db.session.add(request)
    db.session.flush()
    notify_pending(request, request.steps[0])
    return request


# --- deciding (LV-4, LV-8) ------------------------------------------------------------------------

def check_turn(user: Person, request) -> LeaveStep:
    """LV-4: the current step is the caller's and the caller holds its role today, else 403/409.

    Any ``ApprovalFlow`` request: a leave or trip, or an attendance correction (CHK-9)."""
    if request.status != "pending":
        raise already_decided()
    if not request.can_decide(user) or not holds_step(user, request.current_step):
        if any(s.approver_id == user.id and s.status in ("approved", "rejected") for s in request.steps):
            raise already_decided()  # a second click after one's own step was decided
        raise Forbidden("NOT_YOUR_STEP", "该申请当前不在您的审批环节", "this request is not waiting on you",
                        rule="LV-4")
    return request.current_step


def approve(user: Person, request: LeaveRequest, comment: str | None) -> LeaveRequest:
    """Approve the current step; hand on to the next one, or finish the request (LV-1, LV-2, LV-8)."""
    step, today = check_turn(user, request), clock.today()
    if rules.town_reason_required(step.role, request.start_date, today) and not comment:
        raise RuleViolation("LV-8", "该申请包含已过去的日期，镇（街道）书记批准时须填写理由",
                            "the request covers past days: the town secretary must give a reason to approve it",
                            details={"field": "comment"})
    request.decide_step(user, "approved", comment)
    following = next((s for s in request.steps if s.status == "waiting"), None)
    if following is None and _needs_town_review(request, today):
        following = _add_town_review(request)
    if following is not None:
        request.open_step(following)
        notify_pending(request, following)
        return request
    request.finish("approved")
    notify_decided(request, step)
    announce_days(request.person_id, rules.covered_days(request.start_date, request.covered_until,
                                                        request.start_date, today))
    absence_approved.send(None, person_id=request.person_id, start=request.start_date, end=request.covered_until)
    return request


def reject(user: Person, request: LeaveRequest, comment: str | None) -> LeaveRequest:
    """Reject at the current step (a reason is required, LV-4); the request is decided."""
    step = check_turn(user, request)
    if not comment:
        raise RuleViolation("LV-4", "驳回时须填写理由", "a reason is required to reject",
                            details={"field": "comment"})
    request.decide_step(user, "rejected", comment)
    request.finish("rejected")
    notify_decided(request, step)
    return request


def _needs_town_review(request: LeaveRequest, today: date) -> bool:
    town = [(clock.business_day(s.decided_at), s.comment) for s in request.steps
            if s.role == "town_secretary" and s.status == "approved" and s.decided_at]
    return rules.needs_town_review(request.start_date, today, town)


def _add_town_review(request: LeaveRequest) -> LeaveStep:
    """LV-8: the request went past its start while pending; the town secretary must now approve."""
    village = db.session.get(Village, request.village_id)
    approver = resolve_approver("town_secretary", village, request.person, "LV-8")
    step = LeaveStep(position=len(request.steps) + 1, role="town_secretary", approver_id=approver.id,
                     status="waiting", added_for="LV-8")
    request.steps.append(step)
    db.session.flush()
    return step


def cancel(user: Person, request: LeaveRequest) -> LeaveRequest:
    """The requester withdraws a pending request or cancels an approved one before it starts."""
    _check_requester(user, request)
    if request.status not in ("pending", "approved"):
        raise already_decided()
    if not request.can_cancel(user):
        raise RuleViolation("LV-5", "已开始的假期不能撤销，请办理销假",
                            "a started leave cannot be cancelled; report back instead")
    was_approved = request.status == "approved"
    covered = rules.covered_days(request.start_date, request.covered_until, request.start_date, request.end_date)
    request.cancel(user)
    if was_approved:
        announce_days(request.person_id, covered)
    return request


def report_back(user: Person, request: LeaveRequest) -> LeaveRequest:
    """销假 (LV-5): back at post today; the unused days are released."""
    _check_requester(user, request)
    if request.status != "approved" or request.reported_back_on is not None:
        raise RuleViolation("LV-5", "只有已批准且未销假的申请可以销假",
                            "only an approved request not yet reported back can be", details={"status": request.status})
    if not request.can_report_back(user):
        raise RuleViolation("LV-5", "假期尚未开始，请撤销申请", "the request has not started; cancel it instead")
    before = request.covered_until
    request.report_back(user)
    released = rules.covered_days(request.covered_until + timedelta(days=1), before, request.start_date, before)
    announce_days(request.person_id, released)
    return request


def _check_requester(user: Person, request: LeaveRequest) -> None:
    if user.id != request.person_id:
        raise Forbidden("NOT_REQUESTER", "只有申请人本人可以进行此操作", "only the requester may do this", rule="LV-5")


def announce_days(person_id: int, days: Iterable[date]) -> None:
    """ATT-5: tell the day close which of this person's past business days changed (same transaction)."""
    today = clock.today()
    past = sorted(d for d in days if d < today)
    if past:
        day_data_changed.send(None, person_id=person_id, days=past)


# --- notifications (LV-4, ALERT-2) ----------------------------------------------------------------

_KIND_ZH = {"leave": "请假", "trip": "外出"}


def _span(request: LeaveRequest) -> str:
    half = {"am": "上午", "pm": "下午"}.get(request.half_day or "", "")
    if request.start_date == request.end_date:
        return f"{request.start_date:%m月%d日}{half}"
    return f"{request.start_date:%m月%d日}至{request.end_date:%m月%d日}"


def notify_pending(request: LeaveRequest, step: LeaveStep) -> None:
    """A request arrived at ``step``: alert its approver (dedupe: request id + step [+ new approver])."""
    name, what = request.person.name, _KIND_ZH[request.kind]
    key = f"leave_pending:{request.id}:{step.position}"
    if step.reassigned_from_id:
        key += f":{step.approver_id}"
    emit("leave_pending", request.person, [db.session.get(Person, step.approver_id)],
         {"request_id": request.id, "step": step.position, "role": step.role}, key, rule="LV-4",
         title=f"{name}的{what}申请待您审批",
         body=f"{name}申请{what}{_span(request)}，共{request.days:g}天，请及时审批。")


def hand_over_waiting_steps(_sender=None, **_kw) -> int:
    """LV-4: a step waiting on someone who no longer holds its role goes to whoever holds it now.

    Runs on every organisation change and nightly (the ``handover`` job: a posting that ended by its
    end date sends no event). Recorded on the step (``reassigned_from``, ``reassigned_at``) and the
    new approver is alerted. If the role is vacant the step keeps waiting on its approver (nothing
    disappears). Returns the number of steps handed over.
    """
    return hand_over_steps(LeaveStep, notify_pending)


def hand_over_steps(step_model, notify) -> int:
    """LV-4 for the pending steps of ``step_model`` (a leave's, a correction's); ``notify(request, step)``
    alerts the new approver."""
    moved = 0
    for step in list(db.session.scalars(select(step_model).where(step_model.status == "pending"))):
        if holds_step(step.approver, step):
            continue
        request = step.request
        village = db.session.get(Village, request.village_id)
        try:
            successor = resolve_approver(step.role, village, request.person, "LV-4")
        except RuleViolation:
            continue
        step.reassigned_from_id, step.reassigned_at = step.approver_id, clock.now()
        step.approver_id = successor.id
        db.session.flush()
        db.session.expire(step, ["approver"])
        notify(request, step)
        moved += 1
    return moved


def notify_decided(request: LeaveRequest, step: LeaveStep) -> None:
    """The request was approved (last step) or rejected (any step): alert the requester."""
    verdict = "已批准" if request.status == "approved" else "被驳回"
    what = _KIND_ZH[request.kind]
    comment = f"意见：{step.comment}" if step.comment else ""
    emit("leave_decided", request.person, [request.person],
         {"request_id": request.id, "step": step.position, "status": request.status},
         f"leave_decided:{request.id}:{step.position}", rule="LV-4",
         title=f"{request.person.name}的{what}申请{verdict}",
         body=f"{request.person.name}{_span(request)}的{what}申请{verdict}。{comment}")
