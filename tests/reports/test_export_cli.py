"""REPORT-2 for operators: ``flask export monthly-sheet`` / ``export recall-evidence`` write the same
workbook as the HTTP export, with a progress bar on stderr (click's runner)."""

from __future__ import annotations

import json

import openpyxl

from tests.reports.conftest import export, workbook


def values(book: openpyxl.Workbook) -> dict[str, list[tuple]]:
    """Every sheet's cells, less the 'generated at' line (row 2), which names the minute it was made."""
    return {ws.title: [row for n, row in enumerate(ws.iter_rows(values_only=True), 1) if n != 2] for ws in book}


def test_report2_cli_monthly_sheet_equals_the_http_export(november, tmp_path):
    out = tmp_path / "nov.xlsx"
    result = november.runner.invoke(args=["export", "monthly-sheet", "--town", "t1", "--month", "2026-11",
                                          "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == {"file": str(out), "rows": 6}
    assert "写入 Excel" in result.stderr  # click's progress bar, on stderr
    from_http = workbook(export(november, "sec1", "/exports/monthly-sheet?year=2026&month=11"))
    assert values(openpyxl.load_workbook(out)) == values(from_http)


def test_report2_cli_whole_city_and_default_file_name(november, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = november.runner.invoke(args=["export", "monthly-sheet", "--month", "2026-11"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == {"file": "全市2026年11月驻村考勤表.xlsx", "rows": 9}
    ws = openpyxl.load_workbook(tmp_path / "全市2026年11月驻村考勤表.xlsx").active
    assert ws["A1"].value == "全市2026年11月驻村考勤表"


def test_report2_cli_refusals(november, tmp_path):
    out = str(tmp_path / "x.xlsx")
    unknown = november.runner.invoke(args=["export", "monthly-sheet", "--town", "nope", "--month", "2026-11",
                                           "-o", out])
    assert unknown.exit_code == 1 and json.loads(unknown.stdout)["error"]["code"] == "NOT_FOUND"
    future = november.runner.invoke(args=["export", "monthly-sheet", "--month", "2027-01", "-o", out])
    assert future.exit_code == 1
    assert json.loads(future.stdout)["error"]["details"] == {"rule": "REPORT-2", "reason": "MONTH_IN_FUTURE",
                                                             "month": "2027-01"}
    bad = november.runner.invoke(args=["export", "monthly-sheet", "--month", "2026-13", "-o", out])
    assert bad.exit_code == 2  # click's usage error
    no_case = november.runner.invoke(args=["export", "recall-evidence", "--case", "999999", "-o", out])
    assert no_case.exit_code == 1 and json.loads(no_case.stdout)["error"]["code"] == "NOT_FOUND"


def test_report2_cli_recall_evidence(november, tmp_path):
    case = november.as_("admin").get("/recall-cases?rule=ATT-3").get_json()["items"][0]
    out = tmp_path / "case.xlsx"
    result = november.runner.invoke(args=["export", "recall-evidence", "--case", str(case["id"]), "-o", str(out)])
    assert result.exit_code == 0, result.output
    from_http = workbook(export(november, "admin", f"/exports/recall-evidence?case_id={case['id']}"))
    assert values(openpyxl.load_workbook(out)) == values(from_http)
