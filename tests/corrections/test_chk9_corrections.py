"""CHK-9: attendance corrections (补卡) for weak-GPS days, through HTTP with time travel."""

from __future__ import annotations

import uuid

import pytest

from tests.attendance.scenario import close, local, statuses, summary
from tests.checkin.conftest import near_v1
from tests.helpers import assert_error
from tests.images import upload_photo, view_photo
from tests.orgdata import standard_org

MONDAY = "2026-03-02"


@pytest.fixture
def org(api, tmp_path, travel):
    """The standard organisation, recorded on 1 March (so the day close judges March), postings from 1 March."""
    travel(local("2026-03-01", "08:00"))
    api.import_org(standard_org(start="2026-03-01"), tmp_path)
    return api


def attempt(api, who: str, when: str, accuracy: float = 900.0, north_m: float = 0.0) -> dict:
    """A check-in captured at ``when`` (a weak fix by default) as ``who``; returns the answer."""
    lat, lon = near_v1(north_m=north_m)
    response = api.as_(who).post("/checkins", headers={"Idempotency-Key": str(uuid.uuid4())}, json={
        "lat": lat, "lon": lon, "coord_system": "gcj02", "accuracy_m": accuracy, "captured_at": when})
    assert response.status_code == 201, response.get_json()
    return response.get_json()


def ask(api, who: str, day: str, photo: int, reason: str = "村里信号弱，定位不准"):
    return api.as_(who).post("/corrections", json={"date": day, "reason": reason, "photo_id": photo})


def weak_day(org, travel, who: str = "m1a", day: str = MONDAY, tries: int = 3) -> int:
    """``tries`` refused check-ins (LOW_ACCURACY) on ``day`` and a photo uploaded that day; its id."""
    for hour in range(tries):
        travel(local(day, f"{9 + hour:02d}:00"))
        assert attempt(org, who, local(day, f"{9 + hour:02d}:00"))["reason"] == "LOW_ACCURACY"
    return upload_photo(org, who)


def test_chk9_an_approved_correction_makes_a_weak_gps_day_present_and_corrected(org, runner, travel):
    photo = weak_day(org, travel)
    travel(local("2026-03-03", "08:00"))
    close(runner, MONDAY)
    assert statuses(org, "m1a", MONDAY, MONDAY) == {MONDAY: "absent"}
    response = ask(org, "m1a", MONDAY, photo)
    assert response.status_code == 201, response.get_json()
    correction = response.get_json()
    assert correction["status"] == "pending" and correction["date"] == MONDAY
    assert correction["person"] == {"id": org.person_id("m1a"), "name": correction["person"]["name"]}
    assert [a["reason"] for a in correction["attempts"]] == ["LOW_ACCURACY"] * 3
    assert all(a["accuracy_m"] == 900.0 and a["captured_at"].endswith("+08:00") for a in correction["attempts"])
    assert [(s["role"], s["approver_id"], s["status"]) for s in correction["steps"]] == [
        ("leader", org.person_id("l1"), "pending")]

    queue = org.as_("l1").get("/approvals/pending").get_json()["items"]
    assert [(i["kind"], i["id"]) for i in queue] == [("correction", correction["id"])]
    assert queue[0]["photo_id"] == photo and len(queue[0]["attempts"]) == 3
    assert view_photo(org, "l1", photo).status_code == 200  # VIEW-3: the approver sees the photo
    assert org.as_("sec1").get("/approvals/pending").get_json()["items"] == []

    decided = org.as_("l1").post(f"/corrections/{correction['id']}/approve", json={})
    assert decided.status_code == 200, decided.get_json()
    assert decided.get_json()["status"] == "approved"
    # ATT-5: re-evaluated in the approval's transaction, like an offline check-in; no close re-run.
    days = org.as_("m1a").get(f"/attendance/days?from={MONDAY}&to={MONDAY}").get_json()["items"]
    assert days[0]["status"] == "present" and days[0]["corrected"] is True
    year = summary(org, "m1a")
    assert (year["present_days"], year["absent_days"], year["corrections"]) == (1, 0, 1)
    assert org.as_("l1").get("/approvals/pending").get_json()["items"] == []
    alerts = org.as_("m1a").get("/alerts").get_json()["items"]
    assert any(a["kind"] == "correction_decided" and "已批准" in a["title"] for a in alerts)


def test_chk9_a_day_present_by_a_checkin_is_not_marked_corrected(org, runner, travel):
    travel(local(MONDAY))
    assert attempt(org, "m1a", local(MONDAY), accuracy=20)["status"] == "accepted"
    photo = upload_photo(org, "m1a")
    travel(local("2026-03-03", "08:00"))
    close(runner, MONDAY)
    days = org.as_("m1a").get(f"/attendance/days?from={MONDAY}&to={MONDAY}").get_json()["items"]
    assert days[0]["status"] == "present" and days[0]["corrected"] is False
    assert _reason(ask(org, "m1a", MONDAY, photo)) == "ALREADY_PRESENT"


def test_chk9_a_leaders_correction_goes_to_the_town_secretary(org, travel):
    photo = weak_day(org, travel, who="l1", tries=1)
    correction = ask(org, "l1", MONDAY, photo).get_json()
    assert [(s["role"], s["approver_id"]) for s in correction["steps"]] == [("town_secretary", org.person_id("sec1"))]
    assert [i["kind"] for i in org.as_("sec1").get("/approvals/pending").get_json()["items"]] == ["correction"]


def _reason(response) -> str:
    return assert_error(response, 422, "RULE_VIOLATION", rule="CHK-9")["details"]["reason"]


def test_chk9_refusals_name_their_reason(org, travel):
    # Farther than correction_max_distance_m (3,000 m) from the fence: not a weak-signal day.
    travel(local(MONDAY))
    assert attempt(org, "m1a", local(MONDAY), accuracy=20, north_m=6000)["reason"] == "OUTSIDE_FENCE"
    far_photo = upload_photo(org, "m1a")
    assert _reason(ask(org, "m1a", MONDAY, far_photo)) == "NOT_ELIGIBLE"
    # A weak fix whose point is 40 km away is not a weak signal in the village either.
    assert attempt(org, "l1", local(MONDAY), accuracy=900, north_m=40_000)["reason"] == "LOW_ACCURACY"
    assert _reason(ask(org, "l1", MONDAY, upload_photo(org, "l1"))) == "NOT_ELIGIBLE"
    # 2 km outside (within 3,000 m) is a weak-signal day.
    assert attempt(org, "m1b", local(MONDAY), accuracy=20, north_m=3000)["reason"] == "OUTSIDE_FENCE"
    assert ask(org, "m1b", MONDAY, upload_photo(org, "m1b")).status_code == 201
    # A rest day needs no correction; a day not yet come cannot have one.
    travel(local("2026-03-07"))
    assert _reason(ask(org, "m1a", "2026-03-07", upload_photo(org, "m1a"))) == "NOT_ELIGIBLE"
    assert _reason(ask(org, "m1a", "2026-03-09", upload_photo(org, "m1a"))) == "NOT_ELIGIBLE"


def test_chk9_the_window_and_the_photo_of_the_day(org, travel):
    photo = weak_day(org, travel, tries=1)
    travel(local("2026-03-03"))
    other_day = upload_photo(org, "m1a")
    error = assert_error(ask(org, "m1a", MONDAY, other_day), 422, "RULE_VIOLATION", rule="CHK-9")
    assert error["details"]["reason"] == "PHOTO_NOT_OF_THE_DAY"
    assert_error(ask(org, "m1a", MONDAY, upload_photo(org, "m1b")), 422, "PHOTO_NOT_FOUND", rule="CHK-8")
    travel(local("2026-03-06"))  # four days after: correction_window_days is 3
    assert _reason(ask(org, "m1a", MONDAY, photo)) == "WINDOW_PASSED"


def test_chk9_at_most_three_corrections_a_month(org, travel):
    for day in ("2026-03-02", "2026-03-03", "2026-03-04"):
        travel(local(day, "18:00"))  # no check-in at all that day ("could not check in at all")
        assert ask(org, "m1a", day, upload_photo(org, "m1a")).status_code == 201
    travel(local("2026-03-05", "18:00"))
    error = assert_error(ask(org, "m1a", "2026-03-05", upload_photo(org, "m1a")), 422, "RULE_VIOLATION", "CHK-9")
    assert error["details"]["reason"] == "MONTHLY_LIMIT" and error["details"]["limit"] == 3


def test_chk9_a_second_pending_correction_of_the_day_is_a_conflict(org, travel):
    photo = weak_day(org, travel, tries=1)
    assert ask(org, "m1a", MONDAY, photo).status_code == 201
    assert_error(ask(org, "m1a", MONDAY, photo), 409, "CORRECTION_PENDING")


def test_chk9_only_the_steps_approver_decides_and_a_rejection_needs_a_reason(org, travel):
    photo = weak_day(org, travel, tries=1)
    cid = ask(org, "m1a", MONDAY, photo).get_json()["id"]
    assert_error(org.as_("l2").post(f"/corrections/{cid}/approve", json={}), 404, "NOT_FOUND")
    assert_error(org.as_("sec1").post(f"/corrections/{cid}/approve", json={}), 403, "NOT_YOUR_STEP")
    assert_error(org.as_("m1a").post(f"/corrections/{cid}/approve", json={}), 403, "NOT_YOUR_STEP")
    assert_error(org.as_("l1").post(f"/corrections/{cid}/reject", json={}), 422, "RULE_VIOLATION", rule="LV-4")
    rejected = org.as_("l1").post(f"/corrections/{cid}/reject", json={"comment": "当天未见到本人"}).get_json()
    assert rejected["status"] == "rejected" and rejected["steps"][0]["comment"] == "当天未见到本人"
    assert_error(org.as_("l1").post(f"/corrections/{cid}/approve", json={}), 409, "ALREADY_DECIDED")
    # A rejected correction gives its place back: the day may be asked again.
    assert ask(org, "m1a", MONDAY, photo).status_code == 201


def test_chk9_the_list_is_scoped_and_filtered(org, travel):
    photo = weak_day(org, travel, tries=1)
    cid = ask(org, "m1a", MONDAY, photo).get_json()["id"]
    m1a = org.person_id("m1a")
    for who in ("m1a", "l1", "sec1", "admin"):
        page = org.as_(who).get(f"/corrections?person_id={m1a}&status=pending").get_json()
        assert [c["id"] for c in page["items"]] == [cid], who
    assert org.as_("sec1").get("/corrections?status=approved").get_json()["items"] == []
    assert org.as_("sec2").get("/corrections").get_json()["items"] == []
    assert org.as_("m1b").get("/corrections").get_json()["items"] == []
    assert_error(org.as_("sec2").get(f"/corrections/{cid}"), 404, "NOT_FOUND")
    assert_error(org.as_("sec2").get(f"/corrections?person_id={m1a}"), 404, "NOT_FOUND")
    assert_error(org.as_("sec1").post("/corrections", json={"date": MONDAY, "reason": "x", "photo_id": photo}),
                 403, "FORBIDDEN")


def test_chk9_lv4_a_correction_waiting_on_a_leader_who_left_goes_to_the_new_leader(org, travel):
    from tests.leave.conftest import reimport

    photo = weak_day(org, travel, tries=1)
    cid = ask(org, "m1a", MONDAY, photo).get_json()["id"]
    reimport(org, {"postings": [{"person": "l1", "village": "v1", "role": "leader", "start_date": "2026-03-01",
                                 "end_date": "2026-03-01"}]})
    assert org.as_("l1").get("/approvals/pending").get_json()["items"] == []
    assert_error(org.as_("l1").post(f"/corrections/{cid}/approve", json={}), 404, "NOT_FOUND")
    reimport(org, {
        "people": [{"key": "l1b", "name": "冯新", "role": "leader", "unit": "u1", "party_member": True,
                    "party_joined_on": "2012-07-01", "work_started_on": "2009-07-01", "source": "civil_servant"}],
        "postings": [{"person": "l1b", "village": "v1", "role": "leader", "start_date": "2026-03-02"}]})
    queue = org.as_("l1b").get("/approvals/pending").get_json()["items"]
    assert [(i["kind"], i["id"]) for i in queue] == [("correction", cid)]
    assert queue[0]["steps"][0]["reassigned_from"]["id"] == org.person_id("l1")
    assert org.as_("l1b").post(f"/corrections/{cid}/approve", json={}).get_json()["status"] == "approved"
