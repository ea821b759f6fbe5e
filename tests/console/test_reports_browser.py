"""报表 in a real browser: a town secretary downloads last month's attendance sheet (REPORT-2) and
the file opens with openpyxl, its marks equal to ``/attendance/days``; the reporting duties
(REPORT-1) list the demo villages' periods with their states."""

from __future__ import annotations

from datetime import date, timedelta

import openpyxl
from playwright.sync_api import expect

from app import clock
from tests.console.test_browser import browser, console, live  # noqa: F401  (the live console's fixtures)
from tests.reports.conftest import expected_mark, table


def last_month() -> date:
    return clock.today().replace(day=1) - timedelta(days=1)


def test_report2_a_town_secretary_downloads_the_monthly_sheet_and_it_opens(console, live, tmp_path):  # noqa: F811
    console.sign_in_by_qr("demo-secretary", start="/reports")
    page = console.page
    month = last_month()
    with page.expect_download() as started:
        page.get_by_test_id("download-sheet").click()
    download = started.value
    assert download.suggested_filename == f"高家堡镇{month.year}年{month.month}月驻村考勤表.xlsx"
    path = tmp_path / download.suggested_filename
    download.save_as(path)
    _, rows = table(openpyxl.load_workbook(path).active)
    people = {p["name"]: p["id"] for p in live.get("/people?limit=500", "demo-secretary")["items"]}
    assert rows and {r["村"] for r in rows} <= {"石峁村", "高家堡村"}
    first = month.replace(day=1)
    for row in rows:
        days = live.get(f"/attendance/days?person_id={people[row['姓名']]}&from={first}&to={month}",
                        "demo-secretary")["items"]
        marks = {int(d["date"][-2:]): expected_mark(d) for d in days}
        assert {n: row[str(n)] or "" for n in marks} == marks, row["姓名"]
    console.shot("20-reports")


def test_report1_the_duties_list_shows_each_villages_periods(console, live):  # noqa: F811
    console.sign_in_by_qr("demo-secretary", start="/reports")
    table_ = console.page.get_by_test_id("report-duties")
    expect(table_.locator(".el-table__row").first).to_be_visible()
    expected = live.get(f"/work-reports?year={clock.today().year}&limit=500", "demo-secretary")["items"]
    assert len(expected) == table_.locator(".el-table__row").count()
    assert any(item["state"] == "overdue" for item in expected)
    expect(table_).to_contain_text("逾期未报")
    console.page.get_by_text("逾期未报", exact=True).first.click()  # the state filter
    expect(table_.locator(".el-table__row")).to_have_count(sum(1 for i in expected if i["state"] == "overdue"))
