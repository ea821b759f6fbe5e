"""Threshold crossings of the day close: alerts (provisional statuses) and recall cases (final).

Each crossing fires once: every alert's dedupe key names the event (the run, the year and the
threshold), and a recall case is unique per cadre, rule and year (RECALL-1).
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from datetime import date, time, timedelta

from sqlalchemy import Select, and_, func, select

from app import clock
from app.alerts.models import Alert
from app.alerts.service import Event, emit, emit_many
from app.attendance import evidence, rules
from app.attendance.counters import count_final_absences
from app.attendance.models import AttendanceState, AttendanceYear, DayStatus
from app.checkin.rules import attempts_phrase
from app.extensions import db
from app.leave.models import LeaveRequest
from app.leave.service import year_totals
from app.org.models import Person, Posting, Village
from app.org.service import city_admins
from app.policy import current_policy
from app.recall import service as recall
from app.recall.models import RecallCase
from app.worklog.missed import MissedLog
from config.policy import Policy


def rule_zh(rule: str, policy: Policy) -> str:
    """The ground of a recall in Chinese, its numbers those of the policy in force (RECALL-1)."""
    return {"ATT-2": "全年驻村天数不足", "ATT-3": "无正当理由连续离村", "ATT-4": "无正当理由累计离村",
            "LOG-4": f"未按规定记录工作日志{policy.unfixed_missed_logs_recall}次以上并拒绝整改",
            "LV-6": f"请假累计超过{policy.leave_cumulative_recall_over:g}天"}.get(rule, rule)


def _until_zh(day: date, deadline: time) -> str:
    """LOG-3: the last minute for a back-fill as a message says it: 03月08日24时 for the default
    23:59 (the end of the day), else 03月08日22:00."""
    if (deadline.hour, deadline.minute) == (23, 59):
        return f"{day:%m月%d日}24时"
    return f"{day:%m月%d日}{deadline:%H:%M}"


def _fired(keys: Iterable[str]) -> set[str]:
    """The dedupe keys among ``keys`` that already produced an alert (one query per 500 keys).

    Lets the nightly close skip, set-based, every crossing that fired on an earlier night instead
    of asking per cadre; ``emit`` stays the guarantee, this is only the shortcut.
    """
    keys = list(dict.fromkeys(keys))
    fired: set[str] = set()
    for i in range(0, len(keys), 500):
        fired.update(db.session.scalars(select(Alert.dedupe_key).where(Alert.dedupe_key.in_(keys[i:i + 500]))
                                        .distinct()))
    return fired


def _unfired(due: list[tuple], person_id) -> tuple[list[tuple], dict[int, Person]]:
    """The crossings of ``due`` (tuples whose last item is the dedupe key) that have not fired yet,
    and the people they are about (``person_id(item)`` names them), loaded in one query."""
    fired = _fired(item[-1] for item in due)
    fresh = [item for item in due if item[-1] not in fired]
    return fresh, _people(person_id(item) for item in fresh)


def _fired_cases(rule: str, year: int) -> Select:
    """Cadres who already have a case for ``rule`` in ``year`` (RECALL-1: at most one). A withdrawn
    case (RECALL-3) does not count: should its ground hold again, it opens again."""
    return select(RecallCase.person_id).where(RecallCase.rule == rule, RecallCase.year == year,
                                              RecallCase.status != "withdrawn")


def _people(ids: Iterable[int]) -> dict[int, Person]:
    ids = list(set(ids))
    return {p.id: p for p in db.session.scalars(select(Person).where(Person.id.in_(ids)))} if ids else {}


class Recipients:
    """Who hears about a cadre on ``day``: their village, its leaders, the town's secretaries.

    Loaded in a few queries for a batch of cadres at a time (``prepare``), so a night with
    thousands of alerts does not look each of them up one by one, and ``forget`` drops a batch's
    rows again: what the close holds in memory follows the batch, not the city.
    """

    def __init__(self, day: date):
        self.day = day
        self.admins: list[Person] | None = None
        self.forget()

    def forget(self) -> None:
        self.village_of: dict[int, int | None] = {}
        self.villages: dict[int, Village] = {}
        self.leaders: dict[int, list[Person]] = {}
        self.secretaries: dict[int, list[Person]] = {}

    def prepare(self, person_ids: Iterable[int]) -> None:
        """Load the villages, leaders and secretaries of these cadres (those not loaded yet)."""
        day, new = self.day, [pid for pid in set(person_ids) if pid not in self.village_of]
        for chunk in _chunks(sorted(new)):
            self.village_of.update(dict.fromkeys(chunk))
            self.village_of.update(db.session.execute(select(DayStatus.person_id, DayStatus.village_id).where(
                DayStatus.day == day, DayStatus.person_id.in_(chunk))).all())
        for pid in new:
            if self.village_of[pid] is None:  # not posted on the day: their last posted day
                self.village_of[pid] = db.session.scalar(
                    select(DayStatus.village_id).where(DayStatus.person_id == pid, DayStatus.day <= day)
                    .order_by(DayStatus.day.desc()).limit(1))
        village_ids = sorted({self.village_of[pid] for pid in new} - set(self.villages) - {None})
        for chunk in _chunks(village_ids):
            self.villages.update((v.id, v) for v in db.session.scalars(select(Village).where(Village.id.in_(chunk))))
            for village_id, person in db.session.execute(
                    select(Posting.village_id, Person).join(Person, Person.id == Posting.person_id).where(
                        Posting.village_id.in_(chunk), Posting.role == "leader", Posting.start_date <= day,
                        (Posting.end_date.is_(None)) | (Posting.end_date >= day))
                    .order_by(Posting.start_date, Person.id)):
                self.leaders.setdefault(village_id, []).append(person)
        town_ids = sorted({self.villages[v].town_id for v in village_ids if v in self.villages}
                          - set(self.secretaries))
        for chunk in _chunks(town_ids):
            self.secretaries.update((t, []) for t in chunk)
            for person in db.session.scalars(select(Person).where(
                    Person.role == "town_secretary", Person.town_id.in_(chunk)).order_by(Person.id)):
                self.secretaries[person.town_id].append(person)

    def of(self, person_id: int) -> tuple[Village | None, list[Person], list[Person]]:
        """(village, leaders, town secretaries) of the cadre's village on the day (or last posted day)."""
        if person_id not in self.village_of:
            self.prepare([person_id])
        village = self.villages.get(self.village_of[person_id])
        if village is None:
            return None, [], []
        return village, self.leaders.get(village.id, []), self.secretaries.get(village.town_id, [])

    def city(self) -> list[Person]:
        if self.admins is None:
            self.admins = city_admins()
        return self.admins


# Cadres per batch of the close's alerts: memory follows this, not the size of the city.
BATCH = 5000


def _chunks(items: list, size: int = 500) -> Iterable[list]:
    for i in range(0, len(items), size):
        yield items[i:i + size]


def _pages(stmt: Select, person_id, *, scalars: bool = False, size: int = BATCH) -> Iterable[list]:
    """The rows of ``stmt`` ordered by ``person_id``, in lists of ``size``: one statement whose rows
    are streamed (a server-side cursor on PostgreSQL), so memory follows the batch and the cost
    stays one pass whatever the city's size (a LIMIT per page would rescan the day each time)."""
    stmt = stmt.order_by(person_id).execution_options(yield_per=size)
    result = db.session.scalars(stmt) if scalars else db.session.execute(stmt)
    for part in result.partitions():
        yield list(part)


def _where(village: Village | None) -> tuple[str, dict]:
    """The village name for a message, and the payload key that routes the alert to its town."""
    return (village.name, {"town_id": village.town_id}) if village else ("", {})


def after_close(day: date, opened_missed: list[int]) -> None:
    """Alerts on provisional statuses after closing ``day`` (ATT-3 3/7, ATT-4 20/25, LOG-3, ATT-2)."""
    absent_today = select(DayStatus.person_id).where(DayStatus.day == day, DayStatus.status == rules.ABSENT)
    ctx = Recipients(day)
    streak_alerts(day, absent_today, ctx)
    cumulative_alerts(day, absent_today, ctx)
    missed_log_alerts(day, opened_missed, ctx)
    projection_alerts(day, ctx)


def streak_alerts(day: date, who, ctx: Recipients | None = None) -> None:
    """ATT-3: the town secretary at 3 days, the city office at 7 (once per run and threshold)."""
    policy, ctx = current_policy(), ctx or Recipients(day)
    thresholds = (policy.absence_streak_alert_town_days, policy.absence_streak_alert_city_days)
    for states in _pages(select(AttendanceState).where(
            AttendanceState.person_id.in_(who), AttendanceState.run_length >= policy.absence_streak_alert_town_days),
            AttendanceState.person_id, scalars=True):
        due = [(s, t, f"ATT-3:{t}:{s.person_id}:{s.run_start.isoformat()}") for s in states for t in thresholds
               if s.run_length >= t]
        due, people = _unfired(due, lambda item: item[0].person_id)
        ctx.prepare(people)
        attempts = evidence.in_current_runs((state.person_id for state, _, _ in due), day)
        events = []
        for state, threshold, key in due:
            person, tried = people[state.person_id], attempts.get(state.person_id, {})
            village, _, secretaries = ctx.of(person.id)
            village, where = _where(village)
            recipients = secretaries if threshold == policy.absence_streak_alert_town_days else ctx.city()
            events.append(Event(
                "absence_streak", person, recipients, {"days": state.run_length, "since": state.run_start.isoformat(),
                                                       "threshold": threshold, "rejected_attempts": tried, **where},
                key, rule="ATT-3", title=f"{person.name}连续缺勤已达{threshold}天",
                body=f"{village}{person.name}自{state.run_start:%Y年%m月%d日}起无正当理由连续离村"
                     f"{state.run_length}天（期间休息日计入），{attempts_phrase(tried)}，请及时核实。"))
        emit_many(events)
        ctx.forget()


def cumulative_alerts(day: date, who, ctx: Recipients | None = None) -> None:
    """ATT-4: cumulative absent days of the year at 20 and 25 (the secretary and the city office)."""
    policy, ctx = current_policy(), ctx or Recipients(day)
    for rows in _pages(select(AttendanceYear).where(
            AttendanceYear.person_id.in_(who), AttendanceYear.year == day.year,
            AttendanceYear.absent_days >= min(policy.absence_cumulative_alert_days)),
            AttendanceYear.person_id, scalars=True):
        due = [(r, t, f"ATT-4:{t}:{r.person_id}:{day.year}") for r in rows
               for t in policy.absence_cumulative_alert_days if r.absent_days >= t]
        due, people = _unfired(due, lambda item: item[0].person_id)
        ctx.prepare(people)
        attempts = evidence.on_absent_days((row.person_id for row, _, _ in due), day)
        events = []
        for row, threshold, key in due:
            person, tried = people[row.person_id], attempts.get(row.person_id, {})
            village, _, secretaries = ctx.of(person.id)
            village, where = _where(village)
            events.append(Event(
                "absence_cumulative", person, [*secretaries, *ctx.city()],
                {"days": row.absent_days, "year": day.year, "threshold": threshold, "rejected_attempts": tried,
                 **where}, key, rule="ATT-4", title=f"{person.name}本年累计缺勤已达{threshold}天",
                body=f"{village}{person.name}{day.year}年累计无正当理由离村{row.absent_days}天，"
                     f"{attempts_phrase(tried)}；超过{policy.absence_cumulative_recall_over}天将被召回。"))
        emit_many(events)
        ctx.forget()


def missed_log_alerts(day: date, person_ids: list[int], ctx: Recipients | None = None) -> None:
    """LOG-3: the cadre and their leader when a missed log opens as ``open`` (in batches of cadres)."""
    policy, ctx = current_policy(), ctx or Recipients(day)
    rectify_by = day + timedelta(days=policy.rectify_days)
    until = _until_zh(rectify_by, policy.log_deadline)
    for batch in _chunks(sorted(set(person_ids)), BATCH):
        people = _people(batch)
        ctx.prepare(people)
        events = []
        for pid in batch:
            person = people[pid]
            village, leaders, _ = ctx.of(pid)
            events.append(Event(
                "missed_log", person, [person, *leaders],
                {"date": day.isoformat(), "rectify_by": rectify_by.isoformat(), **_where(village)[1]},
                f"LOG-3:{pid}:{day.isoformat()}", rule="LOG-3",
                title=f"{person.name}{day:%m月%d日}工作日志未按时填写",
                body=f"{person.name}{day:%Y年%m月%d日}的工作日志未在当天填写，请于{until}前补录，"
                     f"逾期视为拒绝整改。"))
        emit_many(events)
        ctx.forget()


def projection_alerts(day: date, ctx: Recipients | None = None) -> None:
    """ATT-2: warn cadre, leader and secretary when the year-end projection falls below 220, then 200.

    In pages of cadres (keyset on the person id), each with its postings, so memory follows the page.
    """
    policy, year, ctx = current_policy(), day.year, ctx or Recipients(day)
    totals = select(
        AttendanceYear.person_id, (AttendanceYear.present_days + AttendanceYear.business_days).label("attendance"),
        (AttendanceYear.present_days + AttendanceYear.business_days + AttendanceYear.leave_days
         + AttendanceYear.rest_days + AttendanceYear.absent_days).label("elapsed")).join(
        DayStatus, and_(DayStatus.person_id == AttendanceYear.person_id, DayStatus.day == day)).where(
        AttendanceYear.year == year)
    # Cadres posted at the same dates share their planned days and prorated thresholds (cached).
    planned_of = functools.cache(lambda spans: rules.planned_posted_days(year, spans))
    limits_of = functools.cache(lambda planned: (rules.prorated(policy.attendance_target_days, planned, year),
                                                 rules.prorated(policy.attendance_fail_days, planned, year)))
    for page in _pages(totals, AttendanceYear.person_id):
        postings: dict[int, list] = {}
        for pid, start, end in db.session.execute(select(Posting.person_id, Posting.start_date, Posting.end_date).where(
                Posting.start_date <= date(year, 12, 31), Posting.person_id >= page[0].person_id,
                Posting.person_id <= page[-1].person_id)):
            postings.setdefault(pid, []).append((start, end))
        warn: list[tuple[int, int, int, str]] = []
        for pid, attendance, elapsed in page:
            if elapsed < policy.projection_min_days:
                continue  # projection_warnings gives none before then
            planned = planned_of(tuple(postings.get(pid, ())))
            projected = rules.projected_attendance(attendance, elapsed, planned)
            for threshold in rules.projection_warnings(projected, *limits_of(planned), elapsed,
                                                       policy.projection_min_days):
                warn.append((pid, threshold, projected, f"ATT-2:{threshold}:{pid}:{year}"))
        warn, people = _unfired(warn, lambda item: item[0])
        ctx.prepare(people)
        events = []
        for pid, threshold, projected, key in warn:
            person = people[pid]
            village, leaders, secretaries = ctx.of(pid)
            events.append(Event(
                "projection_warning", person, [person, *leaders, *secretaries],
                {"projected": projected, "threshold": threshold, "year": year, **_where(village)[1]},
                key, rule="ATT-2",
                title=f"{person.name}全年驻村天数预计低于{threshold}天",
                body=f"按目前进度，{person.name}{year}年驻村天数预计为{projected}天，低于{threshold}天的要求"
                     f"（按派驻时间折算），请合理安排在岗时间。"))
        emit_many(events)
        ctx.forget()


def after_final(day: date) -> None:
    """RECALL-1 on final statuses up to ``day``: ATT-3 (15 days), ATT-4 (over 30), LOG-4, ATT-2 at year end."""
    policy, year = current_policy(), day.year
    for person_id in list(db.session.scalars(select(AttendanceYear.person_id).where(
            AttendanceYear.year == year, AttendanceYear.longest_streak >= policy.absence_streak_recall_days,
            AttendanceYear.person_id.not_in(_fired_cases("ATT-3", year))))):
        streak_recall(person_id, day, policy.absence_streak_recall_days)
    for person_id in list(db.session.scalars(select(AttendanceYear.person_id).where(
            AttendanceYear.year == year, AttendanceYear.absent_days > policy.absence_cumulative_recall_over,
            AttendanceYear.person_id.not_in(_fired_cases("ATT-4", year))))):
        days = count_final_absences(person_id, year, day)
        if len(days) > policy.absence_cumulative_recall_over:
            open_case(person_id, "ATT-4", year, {"absent_days": [d.isoformat() for d in days], "count": len(days)})
    unfixed = db.session.execute(select(MissedLog.person_id, func.count()).where(
        MissedLog.status == "unfixed", MissedLog.day >= date(year, 1, 1), MissedLog.day <= date(year, 12, 31),
        MissedLog.person_id.not_in(_fired_cases("LOG-4", year)))
        .group_by(MissedLog.person_id).having(func.count() >= policy.unfixed_missed_logs_recall))
    for person_id, _ in unfixed.all():
        days = db.session.scalars(select(MissedLog.day).where(
            MissedLog.person_id == person_id, MissedLog.status == "unfixed", MissedLog.day >= date(year, 1, 1),
            MissedLog.day <= date(year, 12, 31)).order_by(MissedLog.day))
        open_case(person_id, "LOG-4", year, {"unfixed_missed_logs": [d.isoformat() for d in days]})
    if day == date(year, 12, 31):
        year_end_recalls(year)


def streak_recall(person_id: int, day: date, threshold: int) -> None:
    """ATT-3: a case in ``day.year`` for the run that reached ``threshold`` final days on a day of
    that year. A run that reached it in December and goes on into January opened its case then;
    it opens none in the new year (one case per run, in the year it reached 15)."""
    evidence = streak_ground(person_id, day, threshold)
    if evidence is not None:
        open_case(person_id, "ATT-3", day.year, evidence)


def streak_ground(person_id: int, day: date, threshold: int) -> dict | None:
    """ATT-3 evidence: the run of final statuses up to ``day`` that reached ``threshold`` on a day
    of ``day.year``, or None (RECALL-1 opens on it, RECALL-3 withdraws without it)."""
    year = day.year
    since = select(func.max(DayStatus.day)).where(  # the last day before the year that ended a run
        DayStatus.person_id == person_id, DayStatus.day < date(year, 1, 1),
        DayStatus.status.in_(rules.JUSTIFIED)).scalar_subquery()
    history = list(db.session.execute(select(DayStatus.day, DayStatus.status).where(
        DayStatus.person_id == person_id, DayStatus.provisional.is_(False), DayStatus.day <= day,
        DayStatus.day >= func.coalesce(since, date(year - 1, 1, 1))).order_by(DayStatus.day)))
    for run in rules.runs(history):
        reached = rules.reached_on(run, history, threshold)
        if reached is not None and reached.year == year:
            absent = [d.isoformat() for d, s in history if run.start <= d <= run.end and s == rules.ABSENT]
            return {"start": run.start.isoformat(), "end": run.end.isoformat(), "length": run.length,
                    "absent_days": absent}
    return None


def year_end_recalls(year: int) -> None:
    """ATT-2: fewer than 200 attendance days (prorated) in the year → recall."""
    postings = postings_of()
    for row in db.session.scalars(select(AttendanceYear).where(AttendanceYear.year == year)):
        evidence = attendance_ground(row, postings.get(row.person_id, []))
        if evidence is not None:
            open_case(row.person_id, "ATT-2", year, evidence)


def postings_of(person_ids: list[int] | None = None) -> dict[int, list]:
    stmt = select(Posting.person_id, Posting.start_date, Posting.end_date)
    if person_ids is not None:
        stmt = stmt.where(Posting.person_id.in_(person_ids))
    postings: dict[int, list] = {}
    for pid, start, end in db.session.execute(stmt):
        postings.setdefault(pid, []).append((start, end))
    return postings


def attendance_ground(row: AttendanceYear, postings: list) -> dict | None:
    """ATT-2 evidence: the year's attendance days below the prorated 200, or None.

    Prorated by the posted days of the year that were observed, when fewer than planned (a cadre
    recorded in the system mid-posting): the rule cannot judge days nobody could record.
    """
    planned = rules.planned_posted_days(row.year, postings)
    observed = row.present_days + row.business_days + row.leave_days + row.rest_days + row.absent_days
    fail = rules.prorated(current_policy().attendance_fail_days, min(planned, observed), row.year)
    if row.attendance_days < fail:
        return {"attendance_days": row.attendance_days, "required": fail, "planned_posted_days": planned}
    return None


def leave_recalls(day: date) -> None:
    """LV-6: approved leave over 30 days in the year (counted from the approval) → recall; alerts at 20/25."""
    policy, year, ctx = current_policy(), day.year, Recipients(day)
    candidates = list(db.session.scalars(select(LeaveRequest.person_id).where(
        LeaveRequest.status == "approved", LeaveRequest.kind == "leave",
        LeaveRequest.start_date <= date(year, 12, 31), LeaveRequest.end_date >= date(year, 1, 1))
        .group_by(LeaveRequest.person_id).having(func.sum(LeaveRequest.days) >= min(
            policy.leave_cumulative_alert_days))))
    totals = {pid: t["leave_days"] for (pid, _), t in year_totals(candidates, [year]).items()}
    due = [(pid, t, f"LV-6:{t}:{pid}:{year}") for pid, days in totals.items()
           for t in policy.leave_cumulative_alert_days if days >= t]
    due, people = _unfired(due, lambda item: item[0])
    ctx.prepare(people)
    events = []
    for person_id, threshold, key in due:
        person, days = people[person_id], totals[person_id]
        village, leaders, secretaries = ctx.of(person_id)
        events.append(Event(
            "leave_cumulative", person, [person, *leaders, *secretaries],
            {"days": days, "threshold": threshold, "year": year, **_where(village)[1]}, key, rule="LV-6",
            title=f"{person.name}本年请假累计已达{threshold}天",
            body=f"{person.name}{year}年已批准请假{days:g}天，累计超过"
                 f"{policy.leave_cumulative_recall_over:g}天将被召回。"))
    emit_many(events)
    for person_id, days in totals.items():
        if days > policy.leave_cumulative_recall_over:
            open_case(person_id, "LV-6", year, {"leave_days": days}, ctx)


def open_case(person_id: int, rule: str, year: int, evidence: dict,
              ctx: Recipients | None = None) -> RecallCase | None:
    """RECALL-1: open a case unless this rule already opened one for the cadre this year; a case
    of that rule and year that was withdrawn (RECALL-3) opens again, its withdrawal kept."""
    case = db.session.scalar(select(RecallCase).where(RecallCase.person_id == person_id, RecallCase.rule == rule,
                                                      RecallCase.year == year))
    if case is not None and case.status != "withdrawn":
        return None
    again = case is not None
    if again:
        recall.reinstate(case, evidence)
    else:
        case = RecallCase(person_id=person_id, rule=rule, year=year, status="open", evidence=evidence,
                          opened_at=clock.now())
        db.session.add(case)
        db.session.flush()
    person = db.session.get(Person, person_id)
    village, leaders, secretaries = (ctx or Recipients(clock.today())).of(person_id)
    village, where = _where(village)
    ground = rule_zh(rule, current_policy())
    emit("recall_opened", person, [*city_admins(), *secretaries, *leaders],
         {"case_id": case.id, "rule": rule, "year": year, **where},
         f"RECALL:{rule}:{person_id}:{year}" + (f":again:{len(case.history)}" if again else ""), rule=rule,
         title=f"{person.name}触发召回：{ground}",
         body=f"{village}{person.name}因{ground}（{rule}）触发{year}年召回，请市驻村办审核确认。")
    return case

