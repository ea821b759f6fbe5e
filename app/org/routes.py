"""Directory and administration endpoints of the organisation (ORG-1..4)."""

from __future__ import annotations

from flask.views import MethodView
from sqlalchemy import select
from sqlalchemy.orm import joinedload, selectinload

from app.auth.current import require_user
from app.extensions import Blueprint, db
from app.org import importer, terms
from app.org.models import Person, Posting, Village
from app.org.schemas import (
    EndingArgs,
    EndingPostingOut,
    HandoverOut,
    OrgImportDoc,
    OrgImportOut,
    PeopleArgs,
    PersonOut,
    RotationIn,
    ShortfallOut,
    VillageArgs,
    VillageOut,
)
from app.org.scope import person_clause, village_clause, visible_person
from app.org.service import composition_report
from app.pagination import PageArgs, keyset_page, list_page, page_schema
from app.request_body import json_body

blp = Blueprint("org", __name__, url_prefix="/api/v1", description="Organisation: villages, people, import")


@blp.route("/villages")
class Villages(MethodView):
    @blp.arguments(VillageArgs, location="query")
    @blp.response(200, page_schema(VillageOut, "VillagePage"))
    def get(self, args):
        """Villages the caller may see (ORG-2), with their fences in WGS-84."""
        user = require_user()
        stmt = select(Village).where(village_clause(user)).options(joinedload(Village.town),
                                                                   selectinload(Village.fences))
        if "town_id" in args:
            stmt = stmt.where(Village.town_id == args["town_id"])
        return keyset_page(stmt, [(Village.id, False)], args.get("cursor"), args["limit"], db.session)


@blp.route("/people")
class People(MethodView):
    @blp.arguments(PeopleArgs, location="query")
    @blp.response(200, page_schema(PersonOut, "PersonPage"))
    def get(self, args):
        """People the caller may see (ORG-2); filter by village (anyone ever posted there) or role."""
        user = require_user()
        stmt = select(Person).where(person_clause(user, Person.id, "directory")).options(
            joinedload(Person.town), joinedload(Person.unit),
            selectinload(Person.postings).joinedload(Posting.village))  # PersonOut.posting
        if "village_id" in args:
            stmt = stmt.where(Person.id.in_(select(Posting.person_id).where(
                Posting.village_id == args["village_id"])))
        if "role" in args:
            stmt = stmt.where(Person.role == args["role"])
        return keyset_page(stmt, [(Person.id, False)], args.get("cursor"), args["limit"], db.session)


@blp.route("/people/<int:person_id>")
class OnePerson(MethodView):
    @blp.response(200, PersonOut)
    def get(self, person_id: int):
        """One person of the directory you may see (ORG-2), with ``no_promotion_until`` (RECALL-2); else 404."""
        return visible_person(require_user(), person_id, "directory")


@blp.route("/admin/org-import")
class OrgImport(MethodView):
    large_json = True  # a whole city's organisation with its fence polygons
    @blp.response(200, OrgImportOut)
    @blp.doc(requestBody={"required": True, "content": {"application/json": {"schema": OrgImportDoc}}})
    def post(self):
        """Import towns, units, villages, people and postings (all-or-nothing; upsert by key).

        Any invalid item → 422 with ``details.problems`` listing every problem with its item key and
        rule; nothing is written. Returns the ``ids`` map and fresh one-time invite codes.
        """
        require_user("city_admin")
        result = importer.import_org(json_body())
        db.session.commit()
        return result


@blp.route("/admin/composition")
class Composition(MethodView):
    @blp.arguments(PageArgs, location="query")
    @blp.response(200, page_schema(ShortfallOut, "CompositionReport"))
    def get(self, args):
        """ORG-3: villages whose current team falls short of what their types require."""
        user = require_user("city_admin", "town_secretary")
        return list_page(composition_report(user), lambda row: row["village"].id, args.get("cursor"), args["limit"])


@blp.route("/postings/ending")
class EndingPostings(MethodView):
    @blp.arguments(EndingArgs, location="query")
    @blp.response(200, page_schema(EndingPostingOut, "EndingPostingPage"))
    def get(self, args):
        """ORG-5: postings whose term (or set end) falls within `within_days` (default 90), soonest first,
        with their handover if a successor is named (city office; a town secretary: their town)."""
        user = require_user("city_admin", "town_secretary")
        stmt = terms.ending_query(user, args["within_days"])
        return keyset_page(stmt, [(Posting.planned_end_date, False), (Posting.id, False)], args.get("cursor"),
                           args["limit"], db.session)


@blp.route("/postings/<int:posting_id>/rotation")
class Rotation(MethodView):
    @blp.arguments(RotationIn)
    @blp.response(201, HandoverOut)
    def post(self, body, posting_id: int):
        """ORG-5: rotate a posting — the successor is posted to the village from `handover_start`, and the
        leaving posting ends on `handover_end`, after ≥ handover_working_days working days together.

        Before the term's planned end the reason must be `health` or `transfer_out` (promotion: 422).
        A short handover, or a successor already posted elsewhere, is 422 ORG-5."""
        user = require_user("city_admin")
        handover = terms.rotate(user, posting_id, body["successor_id"], body["handover_start"],
                                body.get("handover_end"), body.get("reason"))
        db.session.commit()
        return handover
