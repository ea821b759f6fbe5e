"""DUTY-4 in the console: 设置 → 节假日日历 shows where the year's calendar comes from — official
(chinese-calendar), entered, or provisional (weekends and the law's statutory days, no 调休)."""

from __future__ import annotations

from playwright.sync_api import expect

from app import clock
from app.calendar.service import builtin_years
from tests.console.test_browser import browser, console, live, open_menu, sign_in_by_link  # noqa: F401


def test_duty4_calendar_page_shows_a_provisional_year_with_the_law_s_days(console, live):  # noqa: F811
    year = clock.today().year + 1
    answer = live.get(f"/admin/calendar/{year}", "demo-admin")
    assert answer["source"] == "provisional" and answer["workdays"] == []
    sign_in_by_link(console, "demo-admin")
    open_menu(console, "设置", "节假日日历")
    console.page.get_by_test_id("calendar-year").click()
    console.page.get_by_role("option", name=f"{year}年").click()
    expect(console.page.get_by_test_id("calendar-source")).to_have_text("暂定（尚无官方通知）")
    expect(console.page.get_by_test_id("calendar-provisional-hint")).to_be_visible()
    expect(console.page.get_by_text(f"法定节假日 {len(answer['holidays'])}天")).to_be_visible()
    if year - 1 in builtin_years():  # chinese-calendar 1.11 knows through 2026
        console.page.get_by_test_id("calendar-year").click()
        console.page.get_by_role("option", name=f"{year - 1}年").click()
        expect(console.page.get_by_test_id("calendar-source")).to_have_text("官方日历")
        expect(console.page.get_by_test_id("calendar-provisional-hint")).to_have_count(0)
