"""The console in a real browser (Debian's chromium via Playwright) against the real app on
127.0.0.1 with the demo city: QR sign-in confirmed as the mini-program would, approvals, a cadre's
year, the calendar, the organisation import, failed deliveries, recall cases, sign-out. Every test
also fails on a CSP violation, a script error or a request to another origin (see browser.py)."""

from __future__ import annotations

import json
import re
from collections import Counter
from datetime import date, timedelta

import pytest
from playwright.sync_api import expect, sync_playwright

from app import clock
from tests.conftest import _base_config
from tests.console.browser import ConsolePage, launch
from tests.console.helpers import require_built_console, require_chromium
from tests.console.live import postgres_url, sqlite_copy, start_live_console, stop_live_console


@pytest.fixture(scope="module")
def live(database_template, wechat, tmp_path_factory):
    require_built_console()
    require_chromium()
    tmp = tmp_path_factory.mktemp("live")
    postgres = postgres_url()
    uri = postgres or sqlite_copy(database_template, tmp)
    console, server = start_live_console(uri, _base_config(uri, tmp, wechat))
    yield console
    stop_live_console(console, server, bool(postgres))


@pytest.fixture(scope="module")
def browser(live):
    with sync_playwright() as playwright:
        chromium = launch(playwright)
        yield chromium
        chromium.close()


@pytest.fixture
def console(browser, live):
    watched = ConsolePage.open(browser, live)
    yield watched
    watched.close()
    assert watched.problems == [], watched.problems


def sign_in_by_link(console: ConsolePage, who: str) -> None:
    console.page.goto(console.live.cli("console-link", who).strip())
    console.page.get_by_test_id("who").wait_for()


def open_menu(console: ConsolePage, *titles: str) -> None:
    for title in titles:
        console.page.get_by_role("menuitem", name=title).click()


def test_sign_in_by_scanning_the_qr_code_as_the_town_secretary(console):
    console.sign_in_by_qr("demo-secretary", shot_as="01-sign-in")
    expect(console.page).to_have_url(re.compile(r"/console/approvals$"))
    expect(console.page.get_by_test_id("who")).to_contain_text("陈志刚")
    expect(console.page.get_by_test_id("who")).to_contain_text("镇（街道）书记")
    menu = console.page.locator(".el-menu").inner_text()
    assert "审批" in menu and "干部考勤" in menu and "召回与考核" in menu and "设置" not in menu
    console.shot("02-approvals")


def test_approve_a_leave_from_the_queue(console, live):
    start = clock.today() + timedelta(days=1)
    body = {"kind": "leave", "start_date": start.isoformat(), "end_date": (start + timedelta(days=1)).isoformat(),
            "reason": "家中有事，需回城处理"}
    asked = live.call("POST", "/leave-requests", "demo-leader-2", json=body)
    assert asked.status_code == 201, asked.text
    request_id = asked.json()["id"]
    summary = f"/attendance/summary?person_id={live.person_id('demo-leader-2')}&year={start.year}"
    leave_before = live.get(summary, "demo-secretary")["approved_leave_days"]

    console.sign_in_by_qr("demo-secretary")
    console.page.get_by_test_id(f"approve-{request_id}").click()
    console.page.get_by_test_id("decision-comment").fill("同意，注意安全")
    console.shot("03-approval-dialog")
    console.page.get_by_test_id("decision-submit").click()
    expect(console.page.get_by_test_id(f"approve-{request_id}")).to_have_count(0)

    decided = live.get(f"/leave-requests/{request_id}", "demo-secretary")
    assert decided["status"] == "approved" and decided["steps"][-1]["comment"] == "同意，注意安全"
    assert request_id not in [r["id"] for r in live.get("/approvals/pending", "demo-secretary")["items"]]
    assert live.get(summary, "demo-secretary")["approved_leave_days"] == leave_before + 2


def test_a_cadres_heat_map_shows_the_apis_numbers(console, live):
    console.sign_in_by_qr("demo-secretary", start="/cadres")
    expect(console.page).to_have_url(re.compile(r"/console/cadres$"))
    console.shot("04-cadres")
    console.page.get_by_test_id("cadre-list").get_by_text("孙浩").click()
    person_id = live.person_id("demo-member-4")
    expect(console.page).to_have_url(re.compile(rf"/console/cadres/{person_id}$"))

    year = clock.today().year
    summary = live.get(f"/attendance/summary?person_id={person_id}&year={year}", "demo-secretary")
    days = live.get(f"/attendance/days?person_id={person_id}&from={year}-01-01&to={year}-12-31&limit=500",
                    "demo-secretary")["items"]
    expect(console.page.get_by_test_id("cadre-name")).to_have_text("孙浩")
    expect(console.page.get_by_test_id("attendance-days")).to_have_text(str(summary["attendance_days"]))
    expect(console.page.get_by_test_id("absent-days")).to_have_text(str(summary["absent_days"]))
    legend = console.page.get_by_test_id("heatmap-counts")
    counts = Counter(day["status"] for day in days)
    for status in ("present", "business", "leave", "rest", "absent"):
        expect(legend.locator(f"[data-status={status}] b")).to_have_text(str(counts[status]))
    assert counts["present"] == summary["present_days"] and counts["absent"] == summary["absent_days"]
    assert console.page.locator(".heatmap-chart canvas").count() >= 1
    console.shot("05-cadre")


def toggled(day: date, holidays: set[date], workdays: set[date]) -> None:
    """What one click on the console's year grid does (web/src/utils/calendar.ts toggleDay)."""
    weekend = day.weekday() >= 5
    if day in holidays:
        holidays.discard(day)
        if weekend:
            workdays.add(day)
    elif day in workdays:
        workdays.discard(day)
    else:
        holidays.add(day)


def test_the_city_office_enters_a_calendar_year_and_the_api_reads_it_back(console, live):
    year = clock.today().year + 2
    answer = live.call("GET", f"/admin/calendar/{year}", "demo-admin")
    holidays = {date.fromisoformat(d) for d in (answer.json()["holidays"] if answer.ok else [])}
    workdays = {date.fromisoformat(d) for d in (answer.json()["workdays"] if answer.ok else [])}
    fixed = [date(year, m, d) for m, d in ((1, 1), (5, 1), (5, 2), (10, 1), (10, 2), (10, 3))]
    saturday = next(date(year, 2, d) for d in range(1, 8) if date(year, 2, d).weekday() == 5)
    clicks = [d for d in fixed if d not in holidays] + ([saturday, saturday] if saturday not in workdays else [])
    for day in clicks:
        toggled(day, holidays, workdays)

    sign_in_by_link(console, "demo-admin")
    open_menu(console, "设置", "节假日日历")
    console.page.get_by_test_id("calendar-year").click()
    console.page.get_by_role("option", name=f"{year}年").click()
    for day in clicks:
        console.page.locator(f'button[data-date="{day.isoformat()}"]').click()
    console.page.get_by_test_id("calendar-note").fill("按国务院办公厅通知录入")
    console.page.get_by_test_id("calendar-save").click()
    expect(console.page.get_by_test_id("calendar-source")).to_have_text("已录入")
    console.shot("06-calendar")

    stored = live.get(f"/admin/calendar/{year}", "demo-admin")
    assert stored["holidays"] == sorted(d.isoformat() for d in holidays)
    assert stored["workdays"] == sorted(d.isoformat() for d in workdays)
    assert stored["note"] == "按国务院办公厅通知录入"


def test_an_organisation_file_with_problems_lists_every_one_and_writes_nothing(console, live, tmp_path):
    leader = {"key": "bad-leader", "name": "周新", "role": "leader", "unit": "czj", "party_member": False,
              "work_started_on": "2020-07-01", "source": "civil_servant"}
    temp = {"key": "bad-temp", "name": "吴临", "role": "member", "unit": "czj", "source": "temporary"}
    document = {"units": [{"key": "czj", "name": "神木市财政局"}], "people": [leader, temp],
                "postings": [{"person": key, "village": "shimao", "role": role, "start_date": clock.today().isoformat()}
                             for key, role in (("bad-leader", "leader"), ("bad-temp", "member"))]}
    upload = tmp_path / "组织.json"
    upload.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")

    sign_in_by_link(console, "demo-admin")
    open_menu(console, "设置", "组织导入")
    console.page.locator("input[type=file]").set_input_files(str(upload))
    problems = console.page.get_by_test_id("problems")
    expect(problems).to_contain_text("bad-leader")
    expect(problems).to_contain_text("bad-temp")
    expect(problems).to_contain_text("ORG-4")
    console.shot("07-org-import")
    names = [p["key"] for p in live.get("/people?limit=500", "demo-admin")["items"]]
    assert "bad-leader" not in names and "bad-temp" not in names


def test_the_city_office_sends_a_failed_delivery_again(console, live):
    failed = live.get("/admin/deliveries?status=failed", "demo-admin")["items"]
    assert failed, "the demo's alerts to the reserved webhook address should have failed"
    sign_in_by_link(console, "demo-admin")
    open_menu(console, "设置", "推送失败")
    table = console.page.get_by_test_id("deliveries")
    expect(table.locator(".el-table__body tr.el-table__row")).to_have_count(len(failed))
    console.shot("08-deliveries")
    table.get_by_role("button", name="重新发送").first.click()
    expect(table.locator(".el-table__row").first).to_contain_text("待发送")
    assert live.get("/admin/deliveries?status=failed", "demo-admin")["items"][0]["id"] != failed[0]["id"]


def test_a_town_secretary_reads_recall_cases_without_deciding(console):
    console.sign_in_by_qr("demo-secretary", start="/recall")
    expect(console.page.get_by_test_id("recall-cases")).to_be_visible()
    expect(console.page.get_by_text("此处仅供查看")).to_be_visible()
    console.shot("09-recall")


def test_org2_a_member_who_scans_is_told_the_console_is_not_for_them(console, live):
    console.sign_in_by_qr("demo-member-1", expect_refusal=True)
    expect(console.page.get_by_test_id("sign-in-error")).to_contain_text("工作队员请在驻村通小程序中办理")
    expect(console.page).to_have_url(re.compile(r"/console/login"))
    console.shot("10-member-refused")


def test_sign_out_revokes_the_console_session_only(console, live):
    console.sign_in_by_qr("demo-leader-1")
    token = console.token()
    assert live.call("GET", "/me", token=token).status_code == 200
    console.page.get_by_role("button", name="退出登录").click()
    expect(console.page).to_have_url(re.compile(r"/console/login"))
    assert live.call("GET", "/me", token=token).status_code == 401
    assert live.call("GET", "/me", "demo-leader-1").status_code == 200
    assert console.page.evaluate("sessionStorage.length") == 0 and console.page.context.cookies() == []


def test_log5_a_town_secretary_comments_on_a_cadres_log(console, live):
    person_id = live.person_id("demo-member-1")
    console.sign_in_by_qr("demo-secretary", start=f"/cadres/{person_id}")
    console.page.get_by_role("tab", name="工作日志").click()
    newest = console.page.locator(".el-timeline-item").first
    day = newest.locator(".el-timeline-item__timestamp").inner_text()
    newest.get_by_placeholder("写点评").fill("记录详实，继续保持")
    newest.get_by_role("button", name="点评").click()
    expect(newest).to_contain_text("陈志刚")
    logs = live.get(f"/logs?person_id={person_id}&limit=500", "demo-secretary")["items"]
    latest = max(logs, key=lambda log: log["date"])
    assert f"{int(latest['date'][5:7])}月{int(latest['date'][8:])}日" == day
    assert [c["body"] for c in live.get(f"/logs/{person_id}/{latest['date']}", "demo-secretary")["comments"]] == \
        ["记录详实，继续保持"]
