"""REPORT-2 / ASSESS-1: the annual assessment sheet (年度考核表) — the rows of ``GET /assessments``
with their suggested and final grades, written by the reports package's one sheet writer.

The rows are built in chunks of the candidates (each chunk the same fixed set of statements as one
page of ``/assessments``), so a city's sheet streams like the monthly sheet.
"""

from __future__ import annotations

from collections.abc import Iterator

from app import clock
from app.assessment import figures
from app.errors import RuleViolation
from app.org.models import Person, Town
from app.reports.sheets import Column, Sheet

CHUNK = 500
CITY_NAME = "全市"
COLUMNS = (
    Column("姓名", 10), Column("镇（街道）", 12), Column("驻村村", 12), Column("职务", 8), Column("派出单位", 16),
    Column("驻村天数", 8, "number"), Column("应在岗", 8, "number"), Column("在岗天数", 8, "number"),
    Column("外出", 6, "number"), Column("请假", 6, "number"), Column("缺勤", 6, "number"),
    Column("最长连续缺勤", 8, "number"), Column("未整改日志", 8, "number"), Column("补卡", 6, "number"),
    Column("值班", 6, "number"), Column("召回", 6, "number"), Column("建议等次", 10), Column("建议理由", 30),
    Column("评定等次", 10), Column("评定意见", 24),
)
ROLES = {"leader": "第一书记", "member": "队员"}


def assessment_sheet(user: Person | None, year: int, town: Town | None) -> tuple[Sheet, str]:
    """ASSESS-1 rows of ``year`` in ``user``'s scope (one town, or all of it; ``user`` None: the
    operator's whole city) as a sheet, and its name."""
    if year > clock.today().year:
        raise RuleViolation("ASSESS-1", "不能导出未来年度的考核表", "a future year has no assessment")
    candidates = figures.candidates(user, year, town.id if town else None)

    def rows() -> Iterator[list]:
        for offset in range(0, len(candidates), CHUNK):
            for row in figures.rows(candidates[offset:offset + CHUNK], year):
                yield [row["person"].name, row["town"].name, row["village"].name, ROLES.get(row["role"], row["role"]),
                       row["unit"].name if row["unit"] else "", row["posted_days"], row["target"],
                       row["attendance_days"], row["business_days"], row["leave_days"], row["absent_days"],
                       row["longest_absence_streak"], row["unfixed_missed_logs"], row["corrections"],
                       row["duty_days_served"], len(row["recall_cases"]), row["suggested_grade"],
                       "；".join(r["text"] for r in row["reasons"]),
                       row["grade"] or "", row["comment"] or ""]

    name = town.name if town else CITY_NAME
    title = f"{name}{year}年度驻村干部考核表"
    sheet = Sheet(name=f"{year}年度考核", title=title, columns=COLUMNS, rows=rows(), freeze_columns=1,
                  subtitle=f"导出于 {clock.now():%Y-%m-%d %H:%M}；建议等次由考勤记录按考核规则生成（ASSESS-1），"
                           "评定等次为市驻村办录入", size=len(candidates))
    return sheet, f"{title}.xlsx"

