"""REPORT-2 / ASSESS-1: the annual assessment sheet, opened with openpyxl and checked cell by cell
against ``GET /assessments`` (the same rows, suggested and recorded grades)."""

from __future__ import annotations

import io
from urllib.parse import unquote

from openpyxl import load_workbook

from tests.helpers import assert_error

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def sheet_rows(response) -> tuple[list, dict[str, tuple]]:
    assert response.status_code == 200, response.get_data(as_text=True)[:300]
    assert response.mimetype == XLSX
    ws = load_workbook(io.BytesIO(response.data)).active
    cells = list(ws.iter_rows(values_only=True))
    at = next(i for i, row in enumerate(cells) if row[0] == "姓名")
    return list(cells[at]), {row[0]: row for row in cells[at + 1:] if row[0]}


def test_assess1_the_sheet_holds_the_rows_of_the_town_with_their_grades(fortnight):
    person = fortnight.person_id("l1")
    assert fortnight.as_("admin").put(f"/assessments/{person}/2026",
                                      json={"grade": "称职", "comment": "按期驻村"}).status_code == 200
    response = fortnight.as_("sec1").get("/exports/assessment-sheet?year=2026", buffered=True)
    disposition = unquote(response.headers["Content-Disposition"])
    assert "大柳塔镇2026年度驻村干部考核表.xlsx" in disposition
    header, by_name = sheet_rows(response)
    rows = fortnight.as_("sec1").get("/assessments?year=2026").get_json()["items"]
    assert sorted(by_name) == sorted(r["person"]["name"] for r in rows)
    column = {name: i for i, name in enumerate(header)}
    for row in rows:
        cells = by_name[row["person"]["name"]]
        assert cells[column["驻村村"]] == row["village"]["name"]
        assert cells[column["在岗天数"]] == row["attendance_days"]
        assert cells[column["缺勤"]] == row["absent_days"]
        assert cells[column["最长连续缺勤"]] == row["longest_absence_streak"]
        assert cells[column["补卡"]] == row["corrections"]
        assert cells[column["建议等次"]] == row["suggested_grade"]
        assert (cells[column["评定等次"]] or None) == row["grade"]
    l1 = by_name[next(r["person"]["name"] for r in rows if r["person"]["id"] == person)]
    assert (l1[column["评定等次"]], l1[column["评定意见"]]) == ("称职", "按期驻村")


def test_assess1_the_sheet_scope_and_bad_input(fortnight):
    town2 = fortnight.ids["towns"]["t2"]
    assert_error(fortnight.as_("sec1").get(f"/exports/assessment-sheet?year=2026&town_id={town2}"), 404, "NOT_FOUND")
    assert_error(fortnight.as_("l1").get("/exports/assessment-sheet?year=2026", buffered=True), 403, "FORBIDDEN")
    assert_error(fortnight.as_("admin").get("/exports/assessment-sheet?year=2030"), 422, "RULE_VIOLATION",
                 rule="ASSESS-1")
    _, city = sheet_rows(fortnight.as_("admin").get("/exports/assessment-sheet?year=2026", buffered=True))
    _, town = sheet_rows(fortnight.as_("admin").get(
        f"/exports/assessment-sheet?year=2026&town_id={fortnight.ids['towns']['t1']}", buffered=True))
    assert set(town) < set(city)
    _, empty = sheet_rows(fortnight.as_("admin").get("/exports/assessment-sheet?year=2025", buffered=True))
    assert empty == {}  # nobody posted in 2025: a sheet with its headers


def test_assess1_the_cli_writes_the_same_sheet_as_the_http_export(fortnight, tmp_path):
    out = tmp_path / "assessment.xlsx"
    result = fortnight.runner.invoke(args=["export", "assessment-sheet", "--town", "t1", "--year", "2026",
                                           "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert "写入 Excel" in result.stderr  # click's progress bar, on stderr
    http = load_workbook(io.BytesIO(fortnight.as_("sec1").get("/exports/assessment-sheet?year=2026",
                                                              buffered=True).data)).active
    cli = load_workbook(out).active

    def cells(ws):  # row 2 names the minute the sheet was made
        return [row for n, row in enumerate(ws.iter_rows(values_only=True), 1) if n != 2]
    assert cells(cli) == cells(http) and len(cells(cli)) > 3
    refused = fortnight.runner.invoke(args=["export", "assessment-sheet", "--year", "2030", "-o", str(out)])
    assert refused.exit_code == 1 and "ASSESS-1" in refused.stdout
