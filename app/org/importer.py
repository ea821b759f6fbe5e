"""Org import (API.md): all-or-nothing, every problem listed, upsert by key, invite codes.

The document is checked in full before anything is written: item shapes, duplicate keys,
references (to the file or to records already stored), role requirements (ORG-2), eligibility
(ORG-4) and overlapping postings. Only a document without problems is written, in one transaction.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from marshmallow import ValidationError
from sqlalchemy import select

from app.errors import DomainError, validation_error
from app.extensions import db
from app.org import invites
from app.org.models import Fence, Handover, Person, Posting, Town, Unit, Village
from app.org.rules import posting_eligibility, term_problems
from app.org.schemas import SECTIONS, OrgImportIn
from app.org.terms import check_handover, default_term_end
from app.policy import current_policy
from app.signals import organisation_changed
from geofence.coords import to_wgs84

SECTION_RULE = {"towns": "ORG-1", "units": "ORG-1", "villages": "ORG-1", "people": "ORG-2", "postings": "ORG-1"}
MODELS = {"towns": Town, "units": Unit, "villages": Village, "people": Person}


@dataclass
class Plan:
    """The checked document: items by section, stored records by key, problems and notes."""

    items: dict[str, list[dict]] = field(default_factory=dict)
    stored: dict[str, dict[str, Any]] = field(default_factory=dict)
    problems: list[dict] = field(default_factory=list)
    notes: list[dict] = field(default_factory=list)
    handovers: list[tuple[dict, tuple[str, str, date], int]] = field(default_factory=list)  # ORG-5

    def problem(self, section: str, key: str | None, rule: str, message: str, message_en: str, **extra):
        self.problems.append({"section": section, "key": key, "rule": rule, "message": message,
                              "message_en": message_en, **extra})

    def known(self, section: str, key: str | None) -> bool:
        return key is not None and (key in self.stored[section] or
                                    any(i["key"] == key for i in self.items[section]))

    def person(self, key: str) -> dict | None:
        """A person's fields as they will be after the import (file first, then the database)."""
        for item in self.items["people"]:
            if item["key"] == key:
                return item
        stored = self.stored["people"].get(key)
        if stored is None:
            return None
        return {c: getattr(stored, c) for c in ("key", "role", "source", "party_member", "party_joined_on",
                                                "work_started_on")}


def _item_key(section: str, raw: Any, index: int) -> str:
    if section == "postings" and isinstance(raw, dict):
        return f"{raw.get('person')}@{raw.get('village')}#{raw.get('start_date')}"
    return str(raw.get("key")) if isinstance(raw, dict) and raw.get("key") is not None else f"#{index}"


def _load_items(document: dict, plan: Plan) -> None:
    for section, schema_cls in SECTIONS.items():
        schema = schema_cls()
        seen: set[str] = set()
        plan.items[section] = []
        for index, raw in enumerate(document[section]):
            key = _item_key(section, raw, index)
            try:
                item = schema.load(raw)
            except ValidationError as err:
                plan.problem(section, key, SECTION_RULE[section], "字段缺失或格式不正确", "invalid item",
                             fields=err.messages)
                continue
            if key in seen:
                plan.problem(section, key, SECTION_RULE[section], "同一文件中键重复", "duplicate key in the file")
                continue
            seen.add(key)
            plan.items[section].append(item)


def _load_stored(plan: Plan) -> None:
    for section, model in MODELS.items():
        keys = {i["key"] for i in plan.items[section]}
        refs = _referenced_keys(plan, section)
        wanted = keys | refs
        plan.stored[section] = {r.key: r for r in db.session.scalars(select(model).where(model.key.in_(wanted)))}


def _referenced_keys(plan: Plan, section: str) -> set[str]:
    fields_by_section = {"towns": [("villages", "town"), ("people", "town")],
                         "units": [("people", "unit")],
                         "villages": [("postings", "village")],
                         "people": [("postings", "person"), ("postings", "handover_of")]}
    return {i[f] for s, f in fields_by_section.get(section, []) for i in plan.items[s] if i.get(f)}


def _check_references(plan: Plan) -> None:
    tiers = dict(current_policy().transport_allowance_yuan_by_tier)
    for v in plan.items["villages"]:
        if v["distance_tier"] is not None and v["distance_tier"] not in tiers:
            plan.problem("villages", v["key"], "PAY-1",
                         f"距离档“{v['distance_tier']}”不存在（可选：{'、'.join(tiers)}）",
                         f"unknown distance tier {v['distance_tier']!r} (one of {', '.join(tiers)})")
        if not plan.known("towns", v["town"]):
            plan.problem("villages", v["key"], "ORG-1", f"镇“{v['town']}”不存在", f"unknown town {v['town']!r}")
    for p in plan.items["people"]:
        for ref, section in (("unit", "units"), ("town", "towns")):
            if p.get(ref) and not plan.known(section, p[ref]):
                plan.problem("people", p["key"], "ORG-1", f"{ref}“{p[ref]}”不存在", f"unknown {ref} {p[ref]!r}")
        if p["role"] == "town_secretary" and not p.get("town"):
            plan.problem("people", p["key"], "ORG-2", "镇（街道）书记须指定所在镇", "a town_secretary needs a town")
        if p["role"] == "unit_viewer" and not p.get("unit"):
            plan.problem("people", p["key"], "ORG-2", "派出单位账号须指定单位", "a unit_viewer needs a unit")
        if p["role"] in ("member", "leader") and not p.get("unit"):
            plan.problem("people", p["key"], "ORG-1", "驻村干部须有派出单位", "a cadre needs a dispatching unit")


def _check_postings(plan: Plan) -> None:
    policy = current_policy()
    for item in plan.items["postings"]:
        key = _item_key("postings", item, 0)
        person = plan.person(item["person"])
        if person is None or not plan.known("villages", item["village"]):
            plan.problem("postings", key, "ORG-1", "人员或村不存在", "unknown person or village")
            continue
        if person["role"] != item["role"]:
            plan.problem("postings", key, "ORG-2", f"人员角色为“{person['role']}”，不能以“{item['role']}”身份派驻",
                         f"a {person['role']} cannot be posted as {item['role']}")
        problems, notes = posting_eligibility(
            posting_role=item["role"], source=person["source"], party_member=person["party_member"],
            party_joined_on=person["party_joined_on"], work_started_on=person["work_started_on"],
            appointed_on=item["start_date"], policy=policy)
        for pr in problems:
            plan.problem("postings", key, pr.rule, pr.message, pr.message_en, person=item["person"])
        for note in notes:
            plan.notes.append({"section": "postings", "key": key, "rule": "ORG-4", "note": note})
    _check_overlaps(plan)
    _check_terms(plan)


PostingKey = tuple[str, str, date]  # (person key, village key, start date)


def _postings_after(plan: Plan) -> dict[PostingKey, dict]:
    """Every posting of the people concerned as it will be after the import, with its handover (ORG-5)."""
    view: dict[PostingKey, dict] = {}
    stored_people = {p.id: k for k, p in plan.stored["people"].items()}
    if stored_people:
        rows = db.session.execute(select(Posting, Village.key).join(Village, Village.id == Posting.village_id)
                                  .where(Posting.person_id.in_(stored_people))).all()
        for posting, village_key in rows:
            view[(stored_people[posting.person_id], village_key, posting.start_date)] = {
                "role": posting.role, "end_date": posting.end_date, "planned_end_date": posting.planned_end_date,
                "handover": posting.handover}
    for item in plan.items["postings"]:
        key = (item["person"], item["village"], item["start_date"])
        old = view.get(key, {})
        view[key] = {"role": item["role"], "end_date": item["end_date"], "handover": old.get("handover"),
                     "planned_end_date": item["planned_end_date"] or old.get("planned_end_date")
                     or default_term_end(item["start_date"])}
    return view


def _check_terms(plan: Plan) -> None:
    """ORG-5 in the import: planned terms, no end before a handover is complete, handovers by ``handover_of``."""
    years = current_policy().term_min_years
    view = _postings_after(plan)
    for item in plan.items["postings"]:
        key = _item_key("postings", item, 0)
        if item["planned_end_date"]:
            for pr in term_problems(item["start_date"], item["planned_end_date"], years):
                plan.problem("postings", key, pr.rule, pr.message, pr.message_en, person=item["person"])
        handover = view.get((item["person"], item["village"], item["start_date"]), {}).get("handover")
        if handover is not None and item["end_date"] is not None and item["end_date"] < handover.end_date:
            plan.problem("postings", key, "ORG-5",
                         f"交接期至{handover.end_date.isoformat()}，原派驻不能在交接完成前结束",
                         f"the handover runs to {handover.end_date}: the posting cannot end before",
                         person=item["person"])
        if item["handover_of"] and plan.person(item["handover_of"]) is not None:
            _check_handover_of(plan, item, key, view)


def _check_handover_of(plan: Plan, item: dict, key: str, view: dict[PostingKey, dict]) -> None:
    """ORG-5: the successor's posting takes over the leaving cadre's posting in the same village and role,
    which must end (its ``end_date``) after ≥ handover_working_days working days together."""
    start = item["start_date"]
    leaving = [(k, v) for k, v in view.items() if k[0] == item["handover_of"] and k[1] == item["village"]
               and k[2] < start and (v["end_date"] is None or v["end_date"] >= start)]
    if not leaving or leaving[0][1]["role"] != item["role"] or leaving[0][1]["end_date"] is None:
        plan.problem("postings", key, "ORG-5", "被接任者须在该村以同一身份派驻，且其派驻须填写结束日期（交接期末）",
                     "the person handed over from needs a posting in this village and role that covers the "
                     "handover start and has an end_date (the handover's end)", person=item["person"])
        return
    leaving_key, posting = leaving[0]
    done = posting["handover"]
    if done is not None and (done.successor.person.key, done.successor.start_date) != (item["person"], start):
        plan.problem("postings", key, "ORG-5", "被接任者的派驻已在与他人交接", "that posting is already handed over",
                     person=item["person"])
        return
    days, problems = check_handover(start, posting["end_date"], posting["planned_end_date"], item["rotation_reason"])
    for pr in problems:
        plan.problem("postings", key, pr.rule, pr.message, pr.message_en, person=item["person"], reason=pr.code)
    if not problems and done is None:
        plan.handovers.append((item, leaving_key, days))


def _check_overlaps(plan: Plan) -> None:
    """A cadre serves one team at a time: postings of one person may not overlap (ORG-1)."""
    by_person: dict[str, dict[tuple[str, date], dict]] = {}
    stored_people = {p.id: k for k, p in plan.stored["people"].items()}
    if stored_people:
        rows = db.session.execute(select(Posting, Village.key).join(Village).where(
            Posting.person_id.in_(stored_people))).all()
        for posting, village_key in rows:
            person_key = stored_people[posting.person_id]
            by_person.setdefault(person_key, {})[(village_key, posting.start_date)] = {
                "start_date": posting.start_date, "end_date": posting.end_date}
    for item in plan.items["postings"]:
        by_person.setdefault(item["person"], {})[(item["village"], item["start_date"])] = item
    for person_key, postings in by_person.items():
        spans = sorted(postings.values(), key=lambda p: p["start_date"])
        for earlier, later in zip(spans, spans[1:], strict=False):
            if earlier["end_date"] is None or earlier["end_date"] >= later["start_date"]:
                plan.problem("postings", person_key, "ORG-1", "同一干部的驻村时间不能重叠（请先为原派驻填写结束日期）",
                             "postings of one person overlap (end the earlier posting first)")


def check(document: Any) -> Plan:
    """Validate a whole import document; nothing is written."""
    if not isinstance(document, dict):
        raise validation_error({"_schema": ["the import document must be a JSON object"]})
    try:
        loaded = OrgImportIn().load(document)
    except ValidationError as err:
        raise validation_error(err.messages) from err
    plan = Plan()
    _load_items(loaded, plan)
    _load_stored(plan)
    _check_references(plan)
    _check_postings(plan)
    return plan


def _fence_row(fence: dict) -> dict:
    system = fence.get("coord_system") or current_policy().default_coord_system
    source = {**fence, "coord_system": system}
    if fence["kind"] == "circle":
        lat, lon = to_wgs84(*fence["center"], system)
        radius = fence.get("radius_m") or current_policy().default_fence_radius_m
        return {"kind": "circle", "center_lat": lat, "center_lon": lon, "radius_m": radius, "points": None,
                "source": source}
    points = [list(to_wgs84(lat, lon, system)) for lat, lon in fence["points"]]
    return {"kind": "polygon", "center_lat": None, "center_lon": None, "radius_m": None, "points": points,
            "source": source}


def _assign(record: Any, values: dict) -> bool:
    changed = False
    for name, value in values.items():
        if getattr(record, name) != value:
            setattr(record, name, value)
            changed = True
    return changed


class _Writer:
    def __init__(self, plan: Plan):
        self.plan = plan
        self.created = {s: 0 for s in SECTIONS}
        self.updated = {s: 0 for s in SECTIONS}
        self.ids: dict[str, dict[str, int]] = {s: {} for s in MODELS}

    def upsert(self, section: str, key: str, values: dict, extra_changed: bool = False) -> Any:
        record = self.plan.stored[section].get(key)
        if record is None:
            record = MODELS[section](key=key, **values)
            db.session.add(record)
            self.plan.stored[section][key] = record
            self.created[section] += 1
        elif _assign(record, values) | extra_changed:
            self.updated[section] += 1
        db.session.flush()
        self.ids[section][key] = record.id
        return record

    def ref_id(self, section: str, key: str | None) -> int | None:
        return None if key is None else self.plan.stored[section][key].id

    def write(self) -> dict:
        plan = self.plan
        for t in plan.items["towns"]:
            self.upsert("towns", t["key"], {"name": t["name"], "wecom_webhook": t["wecom_webhook"]})
        for u in plan.items["units"]:
            rate = u["meal_rate_yuan"]  # PAY-1: stored in fen, exact
            fen = None if rate is None else int(rate * 100)
            self.upsert("units", u["key"], {"name": u["name"], "meal_rate_fen": fen})
        for v in plan.items["villages"]:
            self._village(v)
        for p in plan.items["people"]:
            self.upsert("people", p["key"], {
                "name": p["name"], "phone": p["phone"], "role": p["role"], "unit_id": self.ref_id("units", p["unit"]),
                "town_id": self.ref_id("towns", p["town"]), "party_member": p["party_member"],
                "party_joined_on": p["party_joined_on"], "work_started_on": p["work_started_on"],
                "source": p["source"]})
        for item in plan.items["postings"]:
            self._posting(item)
        self._handovers()
        codes = {p["key"]: invites.new_code(plan.stored["people"][p["key"]])
                 for p in plan.items["people"] if plan.stored["people"][p["key"]].openid is None}
        return {"created": self.created, "updated": self.updated, "ids": self.ids, "invite_codes": codes,
                "notes": plan.notes}

    def _village(self, v: dict) -> None:
        wanted = [_fence_row(f) for f in v["fences"]]
        record = self.plan.stored["villages"].get(v["key"])
        fences_changed = record is None or [f.source for f in record.fences] != [w["source"] for w in wanted]
        record = self.upsert("villages", v["key"], {"name": v["name"], "types": v["types"],
                                                    "distance_tier": v["distance_tier"],
                                                    "town_id": self.ref_id("towns", v["town"])},
                             extra_changed=record is not None and fences_changed)
        if fences_changed:
            record.fences = [Fence(**w) for w in wanted]

    def _posting(self, item: dict) -> None:
        person_id = self.plan.stored["people"][item["person"]].id
        village_id = self.plan.stored["villages"][item["village"]].id
        record = db.session.scalar(select(Posting).where(
            Posting.person_id == person_id, Posting.village_id == village_id,
            Posting.start_date == item["start_date"]))
        values = {"role": item["role"], "end_date": item["end_date"]}
        if item["planned_end_date"] or record is None or record.planned_end_date is None:
            values["planned_end_date"] = item["planned_end_date"] or default_term_end(item["start_date"])
        if record is None:
            db.session.add(Posting(person_id=person_id, village_id=village_id, start_date=item["start_date"],
                                   **values))
            self.created["postings"] += 1
        elif _assign(record, values):
            self.updated["postings"] += 1


    def _handovers(self) -> None:
        """ORG-5: a handover row for each new ``handover_of`` (the checks passed in ``_check_terms``)."""
        db.session.flush()
        for item, (leaving_person, village, leaving_start), days in self.plan.handovers:
            village_id = self.plan.stored["villages"][village].id
            leaving = self._stored_posting(leaving_person, village_id, leaving_start)
            successor = self._stored_posting(item["person"], village_id, item["start_date"])
            early = leaving.end_date < (leaving.planned_end_date or leaving.end_date)
            reason = item["rotation_reason"] if early else None
            db.session.add(Handover(leaving_posting_id=leaving.id, successor_posting_id=successor.id,
                                    start_date=item["start_date"], end_date=leaving.end_date, working_days=days,
                                    reason=reason))

    def _stored_posting(self, person_key: str, village_id: int, start: date) -> Posting:
        return db.session.scalars(select(Posting).where(
            Posting.person_id == self.plan.stored["people"][person_key].id, Posting.village_id == village_id,
            Posting.start_date == start)).one()


def import_org(document: Any) -> dict:
    """Check and, when there is no problem, write ``document``; commit is the caller's."""
    plan = check(document)
    if plan.problems:
        raise DomainError("RULE_VIOLATION", f"导入未执行：发现{len(plan.problems)}个问题，请修改后重新导入",
                          f"nothing imported: {len(plan.problems)} problem(s) found", 422,
                          rule=plan.problems[0]["rule"], details={"problems": plan.problems})
    result = _Writer(plan).write()
    db.session.flush()
    organisation_changed.send(None)
    return result
