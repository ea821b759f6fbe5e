"""CHK-9, VIEW-3 in the console (a real browser against the real app with the demo city): the 审批
queue shows an attendance correction with the day's refused check-ins and their photo thumbnails,
the approver approves it there, and a cadre's page shows check-in photos, enlarged on a click."""

from __future__ import annotations

import io
import re
import uuid

import pytest
from PIL import Image
from playwright.sync_api import expect

from app import clock
from tests.console.test_browser import browser, console, live  # noqa: F401 (fixtures)


def _photo(server, who: str) -> int:
    buffer = io.BytesIO()
    Image.new("RGB", (800, 600), (30, 120, 200)).save(buffer, format="JPEG")
    answer = server.call("POST", "/uploads", who, files={"file": ("p.jpg", buffer.getvalue(), "image/jpeg")})
    assert answer.status_code == 201, answer.text
    return answer.json()["id"]


def _weak_checkin(server, who: str, photo: int) -> dict:
    """A cell-tower fix (1,500 m) at the centre of the cadre's village fence."""
    fence = next(f for v in server.get("/villages", who)["items"] for f in v["fences"] if f["kind"] == "circle")
    body = {"lat": fence["center"][0], "lon": fence["center"][1], "coord_system": "wgs84", "accuracy_m": 1500.0,
            "captured_at": clock.now().isoformat(), "photo_id": photo}
    answer = server.call("POST", "/checkins", who, json=body, headers={"Idempotency-Key": str(uuid.uuid4())})
    assert answer.status_code == 201, answer.text
    return answer.json()


def test_chk9_view3_a_correction_is_approved_from_the_queue_with_its_attempts_and_photos(console, live):  # noqa: F811
    if not clock.today().weekday() < 5:
        pytest.skip("CHK-9 corrects a working day; the demo has no duty for the leader today")
    who = "demo-leader-2"
    attempt_photo = _photo(live, who)
    assert _weak_checkin(live, who, attempt_photo)["reason"] == "LOW_ACCURACY"
    photo = _photo(live, who)
    asked = live.call("POST", "/corrections", who, json={"date": clock.today().isoformat(),
                                                       "reason": "村里只有基站定位", "photo_id": photo})
    assert asked.status_code == 201, asked.text
    cid = asked.json()["id"]

    console.sign_in_by_qr("demo-secretary")  # a leader's correction goes to the town secretary (LV-2)
    attempts = console.page.get_by_test_id(f"attempts-{cid}")
    expect(attempts).to_contain_text("当日被拒打卡 1 次")
    expect(attempts).to_contain_text("定位精度")
    expect(attempts.get_by_test_id(f"photo-{attempt_photo}").locator("img")).to_be_visible()
    expect(attempts.get_by_test_id(f"photo-{photo}").locator("img")).to_be_visible()
    natural = attempts.get_by_test_id(f"photo-{photo}").locator("img").evaluate("i => i.naturalWidth")
    assert natural == 320  # the thumbnail, not the 800 px photo
    console.shot("corrections-01-queue")
    console.page.get_by_test_id(f"approve-correction-{cid}").click()
    console.page.get_by_test_id("decision-comment").fill("信号弱属实")
    console.page.get_by_test_id("decision-submit").click()
    expect(console.page.get_by_test_id(f"approve-correction-{cid}")).to_have_count(0)
    decided = live.get(f"/corrections/{cid}", "demo-secretary")
    assert decided["status"] == "approved" and decided["steps"][0]["comment"] == "信号弱属实"

    console.page.goto(console.url(f"/cadres/{live.person_id(who)}"))
    console.page.get_by_role("tab", name="打卡记录").click()
    thumb = console.page.get_by_test_id(f"photo-{attempt_photo}").first
    expect(thumb.locator("img")).to_be_visible()
    thumb.click()
    expect(console.page.locator(".el-image-viewer__img")).to_be_visible()
    console.shot("corrections-02-checkin-photo")
    assert re.match(r"^blob:", console.page.locator(".el-image-viewer__img").get_attribute("src") or "")
