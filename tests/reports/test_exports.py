"""REPORT-2: the monthly attendance sheet and a recall case's evidence, opened with openpyxl and
checked cell by cell against ``/attendance/days`` (the API the phone and the console read)."""

from __future__ import annotations

from urllib.parse import quote

from tests.helpers import assert_error
from tests.orgdata import standard_org
from tests.reports.conftest import expected_mark, export, table, workbook

SHEET = "/exports/monthly-sheet?year=2026&month=11"
TOTALS = ("在岗", "外出", "请假", "休息", "缺勤", "值班", "补卡", "出勤天数")


def days_of(api, who: str, person_key: str) -> list[dict]:
    response = api.as_(who).get(f"/attendance/days?person_id={api.person_id(person_key)}&from=2026-11-01&to=2026-11-30")
    assert response.status_code == 200, response.get_json()
    return response.get_json()["items"]


def key_of(api, name: str) -> str:
    return next(p["key"] for p in standard_org()["people"] if p["name"] == name)


def assert_rows_match_attendance_days(api, who: str, rows: list[dict]) -> None:
    for row in rows:
        days = {int(d["date"][-2:]): d for d in days_of(api, who, key_of(api, row["姓名"]))}
        for number in range(1, 31):
            want = expected_mark(days[number]) if number in days else ""  # not closed yet: blank
            assert (row[str(number)] or "") == want, (row["姓名"], number, row[str(number)], days.get(number))
        statuses = [d["status"] for d in days.values()]
        assert row["在岗"] == statuses.count("present")
        assert row["外出"] == statuses.count("business")
        assert row["请假"] == statuses.count("leave")
        assert row["休息"] == statuses.count("rest")
        assert row["缺勤"] == statuses.count("absent")
        assert row["值班"] == sum(1 for d in days.values() if d["status"] == "present" and d["on_duty"])
        assert row["出勤天数"] == row["在岗"] + row["外出"]


def test_report2_monthly_sheet_of_a_town_matches_attendance_days(november):
    response = export(november, "sec1", SHEET)
    ws = workbook(response).active
    header, rows = table(ws)
    assert ws["A1"].value == "高家堡镇2026年11月驻村考勤表"
    assert header[:5] == ["序号", "姓名", "村", "职务", "派出单位"]
    assert header[5:35] == [str(n) for n in range(1, 31)] and tuple(header[35:]) == TOTALS
    assert [c.value for c in ws[4]][5:12] == ["日", "一", "二", "三", "四", "五", "六"]  # 2026-11-01 is a Sunday
    assert [(r["姓名"], r["村"], r["职务"], r["派出单位"]) for r in rows] == [
        ("张三", "前石畔村", "第一书记", "市财政局"), ("李四", "前石畔村", "工作队员", "市财政局"),
        ("王五", "前石畔村", "工作队员", "市农业农村局"), ("赵六", "庙沟门村", "第一书记", "市农业农村局"),
        ("钱七", "庙沟门村", "工作队员", "市财政局"), ("孙八", "庙沟门村", "工作队员", "市农业农村局")]
    assert_rows_match_attendance_days(november, "sec1", rows)
    marks = {row[str(n)] for row in rows for n in range(1, 31)}
    assert {"√", "公", "假", "休", "值", "×", None} <= marks  # the scenario shows every mark but 补
    li_si = next(r for r in rows if r["姓名"] == "李四")
    assert (li_si["4"], li_si["3"], li_si["10"]) == ("假", "√", "√")
    assert next(r for r in rows if r["姓名"] == "王五")["5"] == "公"


def test_report2_monthly_sheet_file_layout_and_print_setup(november):
    response = export(november, "sec1", SHEET)
    name = "高家堡镇2026年11月驻村考勤表.xlsx"
    assert f"filename*=UTF-8''{quote(name)}" in response.headers["Content-Disposition"]
    assert response.headers["Content-Disposition"].startswith("attachment;")
    ws = workbook(response).active
    assert ws.freeze_panes == "F5"  # the header rows and the who-columns stay in view
    assert ws.page_setup.orientation == "landscape" and ws.page_setup.paperSize == 9  # A4
    # one page wide (fitToWidth defaults to 1 when omitted), as many pages tall as the rows need
    assert ws.sheet_properties.pageSetUpPr.fitToPage and ws.page_setup.fitToWidth in (None, 1)
    assert ws.page_setup.fitToHeight == 0
    assert ws.print_title_rows == "$3:$4"  # the header repeats on every printed page
    legend = [row for row in ws.iter_rows(values_only=True) if row[0] == "图例"]
    assert legend and all(f"{mark} " in legend[0][1] for mark in ("√", "公", "假", "休", "值", "补", "×"))


def test_report2_city_sheet_covers_every_town_and_a_town_narrows_it(november):
    _, rows = table(workbook(export(november, "admin", SHEET)).active)
    assert {r["村"] for r in rows} == {"前石畔村", "庙沟门村", "沙峁村"}
    assert_rows_match_attendance_days(november, "admin", rows)
    response = export(november, "admin", f"{SHEET}&town_id={november.ids['towns']['t2']}")
    assert quote("孙家岔镇2026年11月驻村考勤表.xlsx") in response.headers["Content-Disposition"]
    _, rows = table(workbook(response).active)
    assert {r["村"] for r in rows} == {"沙峁村"}
    city = export(november, "admin", SHEET)
    assert quote("全市2026年11月驻村考勤表.xlsx") in city.headers["Content-Disposition"]


def test_report2_empty_town_is_a_sheet_with_headers(november):
    ws = workbook(export(november, "sec9", SHEET)).active
    header, rows = table(ws)
    assert rows == [] and header[:2] == ["序号", "姓名"] and ws["A1"].value == "空白镇2026年11月驻村考勤表"


def test_report2_monthly_sheet_bad_input(november):
    error = assert_error(export(november, "sec1", "/exports/monthly-sheet?year=2026&month=12"), 422,
                         "RULE_VIOLATION", "REPORT-2")
    assert error["details"]["reason"] == "MONTH_IN_FUTURE"
    error = assert_error(export(november, "sec1", "/exports/monthly-sheet?year=2026&month=10"), 422,
                         "RULE_VIOLATION", "REPORT-2")
    assert error["details"]["reason"] == "BEFORE_POSTINGS"
    other_town = f"{SHEET}&town_id={november.ids['towns']['t2']}"
    assert_error(export(november, "sec1", other_town), 404, "NOT_FOUND")  # ORG-2: another town
    assert_error(export(november, "admin", f"{SHEET}&town_id=999999"), 404, "NOT_FOUND")
    assert_error(export(november, "sec1", "/exports/monthly-sheet?year=2026&month=13"), 400, "VALIDATION_ERROR")
    assert_error(export(november, "l1", SHEET), 403, "FORBIDDEN")
    assert_error(export(november, "viewer1", SHEET), 403, "FORBIDDEN")


def test_report2_recall_evidence_sheet_shows_the_days_the_case_rests_on(november):
    case = next(c for c in november.as_("admin").get("/recall-cases?rule=ATT-3").get_json()["items"]
                if c["person"]["name"] == "孙八")
    response = export(november, "sec1", f"/exports/recall-evidence?case_id={case['id']}")
    assert quote("孙八2026年召回案件（ATT-3）证据.xlsx") in response.headers["Content-Disposition"]
    book = workbook(response)
    assert book.sheetnames == ["案件", "依据日期"]
    facts = {row[0]: row[1] for row in book["案件"].iter_rows(min_row=4, values_only=True) if row[0]}
    assert facts["姓名"] == "孙八" and facts["依据规则"] == "ATT-3" and facts["村"] == "庙沟门村"
    assert facts["状态"] == "待处理" and facts["案件编号"] == str(case["id"])
    days = {d["date"]: d for d in days_of(november, "sec1", "m2b")}
    ws = book["依据日期"]
    header = [c.value for c in ws[3]]
    rows = [dict(zip(header, r, strict=True)) for r in ws.iter_rows(min_row=4, values_only=True) if r[0]
            and r[0][:4] == "2026"]
    assert [r["日期"] for r in rows] == sorted(d for d in days if case["evidence"]["start"] <= d <=
                                                case["evidence"]["end"])
    for row in rows:
        assert row["标记"] == expected_mark(days[row["日期"]]), row
        assert row["证据所列"] == ("是" if row["日期"] in case["evidence"]["absent_days"] else None)
        assert row["有效打卡"] == 0
    assert sum(1 for r in rows if r["证据所列"] == "是") == len(case["evidence"]["absent_days"])


def test_report2_recall_evidence_scope(november):
    case = november.as_("admin").get("/recall-cases?rule=ATT-3").get_json()["items"][0]
    in_t2 = next(c for c in november.as_("admin").get("/recall-cases?rule=ATT-3").get_json()["items"]
                 if c["person"]["name"] == "吴十")
    assert_error(export(november, "sec1", f"/exports/recall-evidence?case_id={in_t2['id']}"), 404, "NOT_FOUND")
    assert_error(export(november, "admin", "/exports/recall-evidence?case_id=999999"), 404, "NOT_FOUND")
    assert_error(export(november, "l1", f"/exports/recall-evidence?case_id={case['id']}"), 403, "FORBIDDEN")
