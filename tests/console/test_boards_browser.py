"""The boards in a real browser (VIEW-1, VIEW-2) against the real app on 127.0.0.1 with the demo
city: the today board shows the API's numbers and refreshes itself every minute; the period board
lists the cadres nearest a recall rule first and links to the cadre's page."""

from __future__ import annotations

import re
import uuid

from playwright.sync_api import expect

from app import clock
from geofence.coords import wgs84_to
from tests.console.test_browser import browser, console, live  # noqa: F401  (the live console's fixtures)

STATE_NAMES = {"present": "已打卡", "expected": "应到未到", "leave": "请假", "business": "因公外出", "rest": "休息"}




def check_in(live, who: str, far: bool = False) -> dict:  # noqa: F811
    """A check-in of ``who`` now, at the centre of their village's fence (or 20 km off it)."""
    village = live.get("/me", who)["posting"]["village"]["id"]
    fence = next(v for v in live.get("/villages?limit=500", "demo-admin")["items"] if v["id"] == village)["fences"][0]
    lat, lon = fence["center"] if fence["center"] else fence["points"][0]
    lat, lon = wgs84_to(lat + (0.2 if far else 0.0), lon, "gcj02")
    answer = live.call("POST", "/checkins", who, headers={"Idempotency-Key": str(uuid.uuid4())},
                       json={"lat": lat, "lon": lon, "coord_system": "gcj02", "accuracy_m": 15,
                             "captured_at": clock.now().isoformat()})
    assert answer.status_code == 201, answer.text
    return answer.json()


def test_view1_today_board_shows_the_apis_numbers_and_refreshes_every_minute(console, live):  # noqa: F811
    assert check_in(live, "demo-member-1")["status"] == "accepted"
    assert check_in(live, "demo-member-3", far=True)["status"] == "rejected"
    page = console.page
    page.clock.install()
    console.sign_in_by_qr("demo-secretary", start="/boards/today")
    expect(page).to_have_url(re.compile(r"/console/boards/today$"))
    board = live.get("/boards/today?limit=500", "demo-secretary")
    totals = board["totals"]
    for key, test_id in (("present", "total-present"), ("expected", "total-expected"), ("leave", "total-leave"),
                         ("business", "total-business"), ("on_duty", "total-on-duty"), ("logs_written", "total-logs"),
                         ("rejected_attempts", "total-rejected")):
        expect(page.get_by_test_id(test_id)).to_have_text(str(totals[key]))
    assert totals["present"] >= 1 and totals["rejected_attempts"] >= 1
    for village in board["villages"]:
        card = page.get_by_test_id(f"village-{village['village']['id']}")
        expect(card).to_contain_text(village["village"]["name"])
        for key in ("present", "expected", "leave"):
            expect(card.get_by_test_id(f"village-{key}")).to_have_text(str(village["totals"][key]))
    for item in board["items"]:
        expect(page.get_by_test_id(f"state-{item['person']['id']}")).to_have_text(STATE_NAMES[item["state"]])
    console.shot("boards-01-today")

    assert check_in(live, "demo-member-3")["status"] == "accepted"  # 孙浩's colleague arrives
    with page.expect_response(lambda r: "/api/v1/boards/today" in r.url):
        page.clock.run_for(61_000)
    member = live.person_id("demo-member-3")
    expect(page.get_by_test_id(f"state-{member}")).to_have_text("已打卡")
    expect(page.get_by_test_id("total-present")).to_have_text(str(totals["present"] + 1))


def test_view2_period_board_lists_the_riskiest_first_and_opens_the_cadre(console, live):  # noqa: F811
    console.sign_in_by_qr("demo-secretary", start="/boards/period")
    expect(console.page).to_have_url(re.compile(r"/console/boards/period$"))
    year = clock.today().year
    items = live.get(f"/boards/period?year={year}&sort=risk&limit=500", "demo-secretary")["items"]
    at_risk = sum(1 for item in items if item["risk"])
    expect(console.page.get_by_test_id("period-count")).to_contain_text(f"共 {len(items)} 人，{at_risk} 人接近召回条件")
    first = items[0]
    cell = console.page.get_by_test_id(f"period-{first['person']['id']}")
    expect(cell).to_have_text(first["person"]["name"])
    rows = console.page.locator(".el-table-v2__row")
    expect(rows.first).to_contain_text(first["person"]["name"])
    console.shot("boards-02-period")
    cell.click()
    expect(console.page).to_have_url(re.compile(rf"/console/cadres/{first['person']['id']}$"))
    expect(console.page.get_by_test_id("cadre-name")).to_have_text(first["person"]["name"])
