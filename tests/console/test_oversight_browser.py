"""抽查 in a real browser (INSPECT-1, INSPECT-2) against the real app on 127.0.0.1 with the demo city:
the town secretary signs in by QR, calls one demo cadre expected in the village now and sees the call
listed, the cadre waiting, as the API has it; the oversight duties table holds the API's rows."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from tests.console.test_browser import browser, console, live  # noqa: F401  (the live console's fixtures)


def available_cadre(live) -> dict:  # noqa: F811
    """A demo cadre of the secretary's town expected in the village now (VIEW-1 state present/expected)."""
    board = live.get("/boards/today?limit=500", "demo-secretary")
    ready = [item["person"] for item in board["items"] if item["state"] in ("present", "expected")]
    assert ready, f"no demo cadre is expected in the village today: {[i['state'] for i in board['items']]}"
    return ready[0]


def test_inspect1_the_town_secretary_calls_a_demo_cadre_and_sees_them_waiting(console, live):  # noqa: F811
    cadre = available_cadre(live)
    console.sign_in_by_qr("demo-secretary", start="/oversight")
    page = console.page
    expect(page).to_have_url(re.compile(r"/console/oversight$"))
    assert "抽查" in page.locator(".el-menu").inner_text()

    page.get_by_test_id("rollcall-people").click()
    page.keyboard.type(cadre["name"])
    page.locator(".el-select-dropdown__item:visible", has_text=cadre["name"]).first.click()
    page.keyboard.press("Escape")
    with page.expect_response(lambda r: r.url.endswith("/api/v1/roll-calls") and r.request.method == "POST") as sent:
        page.get_by_test_id("rollcall-start").click()
    assert sent.value.status == 201, sent.value.text()
    call_id = sent.value.json()["id"]

    expect(page.get_by_test_id(f"called-{cadre['id']}")).to_have_text("等待应答")
    recent = page.get_by_test_id("rollcalls")
    expect(recent.locator(".el-table__row").first).to_contain_text(f"#{call_id}")
    expect(recent.locator(".el-table__row").first).to_contain_text(cadre["name"])
    expect(recent.locator(".el-table__row").first).to_contain_text("等待应答 1")

    stored = live.get(f"/roll-calls/{call_id}", "demo-secretary")
    assert [(p["person"]["id"], p["status"]) for p in stored["people"]] == [(cadre["id"], "waiting")]
    assert stored["drawn"] is False and stored["closed_at"] is None
    assert live.get("/roll-calls?open=true", "demo-secretary")["items"][0]["id"] == call_id
    console.shot("oversight-01-rollcall")

    # the same cadre again, while their window is open: the API's refusal is shown (409, INSPECT-1)
    page.get_by_test_id("rollcall-people").click()
    page.keyboard.type(cadre["name"])
    page.locator(".el-select-dropdown__item:visible", has_text=cadre["name"]).first.click()
    page.keyboard.press("Escape")
    page.get_by_test_id("rollcall-start").click()
    expect(page.get_by_test_id("rollcall-error")).to_contain_text("所选干部正在被另一次点名，应答时限内不能重复点名")


def test_inspect2_the_duties_tab_lists_the_apis_rows_with_their_states(console, live):  # noqa: F811
    console.sign_in_by_qr("demo-secretary", start="/oversight")
    console.page.get_by_role("tab", name="督查任务").click()
    table = console.page.get_by_test_id("oversight-duties")
    expected = live.get("/oversight/duties?limit=200", "demo-secretary")["items"]
    expect(table.locator(".el-table__row")).to_have_count(len(expected))
    names = {"done": "已完成", "open": "进行中", "missing": "未完成"}
    for status in {row["status"] for row in expected}:
        expect(table).to_contain_text(names[status])
