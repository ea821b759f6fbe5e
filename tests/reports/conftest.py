"""A November walked through the public API for the exports (REPORT-2).

The standard organisation, its town t1 renamed 高家堡镇, posted from Monday 2026-11-02. Through the
API: the roster is built (weekend duties), m1a takes a day of leave, m1b a day's trip, l1 checks in
on working days and the duty cadre of Saturday 11-07 checks in that day; the team of v2 never
checks in, so m2b's absence run reaches 15 days and ATT-3 opens a recall case once the days are
final. Every day from 11-02 to 11-19 is closed with ``jobs run day-close``; today is 2026-11-20.
"""

from __future__ import annotations

import io

import openpyxl
import pytest

from tests.attendance.scenario import checkin, close, dates, local
from tests.orgdata import standard_org

START, LAST_CLOSED, TODAY = "2026-11-02", "2026-11-19", "2026-11-20"
HEADER_ROW, FIRST_ROW = 3, 5  # row 3: day numbers and totals; row 4: weekdays; cadres from row 5
MARKS = {"present": "√", "business": "公", "leave": "假", "rest": "休", "absent": "×", "not_posted": ""}


def expected_mark(day: dict) -> str:
    """REPORT-2's marks from one item of ``/attendance/days``."""
    if day["status"] == "present" and (day.get("corrected") or day.get("mark") == "corrected"):
        return "补"
    if day["status"] == "present" and day["on_duty"]:
        return "值"
    return MARKS[day["status"]]


def table(ws) -> tuple[list[str], list[dict]]:
    """The header of the sheet and its cadre rows as {header: value}, up to the blank row."""
    header = [c.value for c in ws[HEADER_ROW]]
    rows = []
    for cells in ws.iter_rows(min_row=FIRST_ROW, values_only=True):
        if cells[0] is None:
            break
        rows.append(dict(zip(header, cells, strict=True)))
    return header, rows





def approved(api, who: str, day: str, kind: str) -> None:
    body = {"kind": kind, "start_date": day, "end_date": day, "reason": "家中有事" if kind == "leave" else "市里开会"}
    if kind == "trip":
        body["trip_type"] = "meeting"
    response = api.as_(who).post("/leave-requests", json=body)
    assert response.status_code == 201, response.get_json()
    decided = api.as_("l1").post(f"/leave-requests/{response.get_json()['id']}/approve", json={})
    assert decided.get_json()["status"] == "approved", decided.get_json()


def on_duty(api, village: str, day: str) -> str:
    items = api.as_("admin").get(f"/roster?village_id={api.village_id(village)}&from={day}&to={day}").get_json()
    person_id = items["items"][0]["person_id"]
    return next(key for key, value in api.ids["people"].items() if value == person_id)


@pytest.fixture
def november(api, tmp_path, travel):
    travel(local(START, "08:00"))
    doc = standard_org(start=START)
    doc["towns"][0]["name"] = "高家堡镇"
    doc["towns"].append({"key": "t9", "name": "空白镇", "wecom_webhook": None})  # a town without villages
    doc["people"].append({"key": "sec9", "name": "空书记", "role": "town_secretary", "town": "t9", "unit": None})
    api.import_org(doc, tmp_path)
    result = api.runner.invoke(args=["jobs", "run", "roster", "--date", START])
    assert result.exit_code == 0, result.output
    approved(api, "m1a", "2026-11-04", "leave")
    approved(api, "m1b", "2026-11-05", "trip")
    duty_cadre = on_duty(api, "v1", "2026-11-07")
    for day in dates(START, LAST_CLOSED):
        if day == "2026-11-07":
            checkin(api, duty_cadre, local(day), travel)
        elif day not in ("2026-11-08", "2026-11-14", "2026-11-15"):
            checkin(api, "l1", local(day), travel)
        if day in ("2026-11-03", "2026-11-10"):
            checkin(api, "m1a", local(day, "10:00"), travel)
    travel(local(TODAY, "09:00"))
    for day in dates(START, LAST_CLOSED):  # days past the 72 h grace are final at once (ATT-5)
        close(api.runner, day)
    api.duty_cadre = duty_cadre
    return api


def export(api, who: str, path: str):
    """GET an export, read whole (``buffered``: the response's temporary file is closed at once)."""
    return api.as_(who).get(path, buffered=True)


def workbook(response) -> openpyxl.Workbook:
    assert response.status_code == 200, response.get_data(as_text=True)[:500]
    assert response.headers["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    return openpyxl.load_workbook(io.BytesIO(response.get_data()))
