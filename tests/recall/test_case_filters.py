"""RECALL-1 lists: a person filter out of the caller's scope answers 404, like every person filter (ORG-2)."""

from __future__ import annotations

from tests.helpers import assert_error


def test_org2_recall_cases_person_filter_out_of_scope_is_404(org):
    assert_error(org.as_("sec1").get(f"/recall-cases?person_id={org.person_id('m3a')}"), 404, "NOT_FOUND")
    assert_error(org.as_("admin").get("/recall-cases?person_id=999999"), 404, "NOT_FOUND")
    in_town = org.as_("sec1").get(f"/recall-cases?person_id={org.person_id('m1a')}")
    assert in_town.status_code == 200 and in_town.get_json()["items"] == []
