"""ORG-2: each role sees its own, its team, its town, everything, or its unit — and 404 beyond."""

from __future__ import annotations

import pytest

from tests.helpers import assert_error

EVERYONE = {"l1", "m1a", "m1b", "l2", "m2a", "m2b", "l3", "m3a", "m3b", "sec1", "sec2", "admin", "viewer1"}
VISIBLE = {
    "admin": EVERYONE,
    "sec1": {"l1", "m1a", "m1b", "l2", "m2a", "m2b", "sec1"},
    "sec2": {"l3", "m3a", "m3b", "sec2"},
    "l1": {"l1", "m1a", "m1b"},
    "m1a": {"l1", "m1a", "m1b"},  # directory: the team
    "viewer1": {"l1", "m1a", "m2a", "viewer1"},
}


def keys_of(org, items) -> set[str]:
    by_id = {v: k for k, v in org.ids["people"].items()}
    return {by_id[i["id"]] for i in items}


@pytest.mark.parametrize("who", sorted(VISIBLE))
def test_org2_people_directory_is_scoped(org, who):
    items = org.as_(who).get("/people?limit=500").get_json()["items"]
    assert keys_of(org, items) == VISIBLE[who]


@pytest.mark.parametrize("who,villages", [("admin", {"v1", "v2", "v3"}), ("sec1", {"v1", "v2"}),
                                          ("sec2", {"v3"}), ("l2", {"v2"}), ("m3a", {"v3"}),
                                          ("viewer1", {"v1", "v2"})])
def test_org2_villages_are_scoped(org, who, villages):
    items = org.as_(who).get("/villages").get_json()["items"]
    assert {i["key"] for i in items} == villages


def test_org2_filters_by_village_and_role(org):
    items = org.as_("sec1").get(f"/people?village_id={org.village_id('v2')}&role=member").get_json()["items"]
    assert keys_of(org, items) == {"m2a", "m2b"}
    other_town = org.as_("sec1").get(f"/people?village_id={org.village_id('v3')}").get_json()["items"]
    assert other_town == []


def test_list_paging_with_cursor(org):
    first = org.as_("admin").get("/people?limit=5").get_json()
    assert len(first["items"]) == 5 and first["next_cursor"]
    seen = [i["id"] for i in first["items"]]
    cursor = first["next_cursor"]
    while cursor:
        page = org.as_("admin").get(f"/people?limit=5&cursor={cursor}").get_json()
        seen += [i["id"] for i in page["items"]]
        cursor = page["next_cursor"]
    assert seen == sorted(seen) and len(seen) == len(EVERYONE)


def test_list_rejects_bad_cursor_and_limit(org):
    assert_error(org.as_("admin").get("/people?cursor=%%%"), 400, "VALIDATION_ERROR")
    assert_error(org.as_("admin").get("/people?limit=501"), 400, "VALIDATION_ERROR")
    assert_error(org.as_("admin").get("/people?limit=0"), 400, "VALIDATION_ERROR")


def test_org2_scope_function_answers_404_beyond(org, app):
    """The one place: visible_person() answers NOT_FOUND for a person outside the caller's scope."""
    from app.errors import NotFound
    from app.extensions import db
    from app.org.models import Person
    from app.org.scope import visible_person

    with app.app_context():
        people = {k: db.session.get(Person, v) for k, v in org.ids["people"].items()}
        for who, visible in VISIBLE.items():
            for key in EVERYONE:
                if who == "m1a":
                    continue  # records scope of a member is only their own, checked below
                if key in visible:
                    assert visible_person(people[who], people[key].id).id == people[key].id
                else:
                    with pytest.raises(NotFound):
                        visible_person(people[who], people[key].id)
        assert visible_person(people["m1a"], people["m1a"].id)
        with pytest.raises(NotFound):
            visible_person(people["m1a"], people["m1b"].id)
