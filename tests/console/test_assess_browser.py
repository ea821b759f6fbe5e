"""ASSESS-1 in the console (召回与考核 → 年度考核), in a real browser against the real app: the city
office reads the assessment rows with their suggested grades, records a final grade, and the API
reads it back; a town secretary reads the table without the grading buttons."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from app import clock
from tests.conftest import _base_config
from tests.console.helpers import require_built_console, require_chromium
from tests.console.live import postgres_url, sqlite_copy, start_live_console, stop_live_console
from tests.console.test_browser import browser, console  # noqa: F401  (the browser and page over this live console)


def whole_year_team(year: int) -> dict:
    """A town of its own with one village and two cadres posted from 1 January (assessed)."""
    cadre = {"phone": "13800000000", "party_member": True, "party_joined_on": "2010-07-01",
             "work_started_on": "2008-07-01", "source": "civil_servant", "town": None}
    return {
        "towns": [{"key": "as-town", "name": "锦界镇", "wecom_webhook": None}],
        "units": [{"key": "as-unit", "name": "市审计局"}],
        "villages": [{"key": "as-v", "town": "as-town", "name": "考核村", "types": [],
                      "fences": [{"kind": "circle", "center": [38.80, 110.10], "radius_m": 1000,
                                  "coord_system": "wgs84"}]}],
        "people": [{"key": "as-leader", "name": "韩考核", "role": "leader", "unit": "as-unit", **cadre},
                   {"key": "as-member", "name": "冯评定", "role": "member", "unit": "as-unit", **cadre},
                   {"key": "as-sec", "name": "锦界书记", "role": "town_secretary", "town": "as-town", "unit": None}],
        "postings": [{"person": key, "village": "as-v", "role": role, "start_date": f"{year}-01-01"}
                     for key, role in (("as-leader", "leader"), ("as-member", "member"))],
    }


@pytest.fixture(scope="module")
def live(database_template, wechat, tmp_path_factory):
    require_built_console()
    require_chromium()
    tmp = tmp_path_factory.mktemp("live-assess")
    postgres = postgres_url()
    uri = postgres or sqlite_copy(database_template, tmp)
    console, server = start_live_console(uri, _base_config(uri, tmp, wechat))  # noqa: F811
    imported = console.call("POST", "/admin/org-import", "demo-admin", json=whole_year_team(clock.today().year))
    assert imported.status_code == 200, imported.text
    console.seed["ids"]["people"].update(imported.json()["ids"]["people"])
    yield console
    stop_live_console(console, server, bool(postgres))




def rows_of(live, who: str) -> dict[str, dict]:
    year = clock.today().year
    return {r["person"]["name"]: r for r in live.get(f"/assessments?year={year}&limit=500", who)["items"]}


def test_assess1_the_city_office_grades_a_cadre_from_the_assessment_table(console, live):  # noqa: F811
    before = rows_of(live, "demo-admin")["韩考核"]
    assert before["suggested_grade"] == "称职" and before["reasons"] == []  # no day counted yet: nothing holds
    console.page.goto(console.live.cli("console-link", "demo-admin").strip())
    console.page.get_by_test_id("who").wait_for()
    console.page.get_by_role("menuitem", name="召回与考核").click()
    console.page.get_by_role("tab", name="年度考核").click()
    table = console.page.get_by_test_id("assessments")
    row = table.locator(".el-table__body tr.el-table__row", has_text="韩考核")
    expect(row).to_contain_text(before["suggested_grade"])
    expect(row).to_contain_text(f"{before['attendance_days']} / {before['target']}")
    expect(row).to_contain_text("未评定")
    console.shot("11-assessment")
    row.get_by_role("button", name="评定").click()
    form = console.page.get_by_test_id("grade-form")
    form.get_by_text("称职", exact=True).click()
    form.get_by_placeholder("评语（可选）").fill("驻村工作扎实")
    console.page.get_by_role("button", name="确定").click()
    expect(row.get_by_test_id("final-grade")).to_have_text("称职")
    expect(row).to_contain_text("驻村工作扎实")
    graded = rows_of(live, "demo-admin")["韩考核"]
    assert (graded["grade"], graded["comment"], graded["grade_source"]) == ("称职", "驻村工作扎实", "city_office")
    assert graded["graded_by"]["id"] == live.person_id("demo-admin")


def test_assess1_a_town_secretary_reads_the_table_without_grading(console, live):  # noqa: F811
    console.sign_in_by_qr("as-sec", start="/recall")
    console.page.get_by_role("tab", name="年度考核").click()
    table = console.page.get_by_test_id("assessments")
    expect(table.locator(".el-table__body tr.el-table__row")).to_have_count(2)
    for name, row in rows_of(live, "as-sec").items():
        expect(table.locator(".el-table__body tr.el-table__row", has_text=name)).to_contain_text(row["suggested_grade"])
    expect(table.get_by_role("button", name="评定")).to_have_count(0)
