"""PAY-1: the monthly allowance statement of a unit equals a hand computation, as JSON and as .xlsx."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from tests.attendance.scenario import checkin, close, local
from tests.helpers import assert_error
from tests.orgdata import V2_WGS, standard_org

START = "2026-03-02"


@pytest.fixture
def paid(api, tmp_path, travel):
    """u1 (市财政局: l1, m1a at v1; m2a at v2) with a meal rate of 80.00; v1 is `far`, v2 `near`.

    In March: l1 checks in on the 2nd, 3rd and 4th, m1a on the 2nd, m2a (at v2) on the 3rd and is on
    an approved trip on the 4th; the days through the 5th are closed."""
    travel(local(START, "08:00"))
    doc = standard_org(start=START)
    doc["units"][0]["meal_rate_yuan"] = "80.00"
    doc["villages"][0]["distance_tier"] = "far"
    doc["villages"][1]["distance_tier"] = "near"
    api.import_org(doc, tmp_path)
    trip = api.as_("m2a").post("/leave-requests", json={"kind": "trip", "trip_type": "meeting", "start_date":
                                                        "2026-03-04", "end_date": "2026-03-04", "reason": "开会"})
    assert api.as_("l2").post(f"/leave-requests/{trip.get_json()['id']}/approve", json={}).status_code == 200
    for day, who in (("2026-03-02", "l1"), ("2026-03-03", "l1"), ("2026-03-04", "l1"), ("2026-03-02", "m1a")):
        checkin(api, who, local(day), travel)
    checkin(api, "m2a", local("2026-03-03"), travel, lat_lon=V2_WGS)
    travel(local("2026-03-06", "01:00"))
    for day in ("2026-03-02", "2026-03-03", "2026-03-04", "2026-03-05"):
        close(api.runner, day)
    return api


def test_pay1_the_statement_of_a_unit_equals_the_hand_computation(paid):
    response = paid.as_("viewer1").get(f"/allowances?unit_id={paid.ids['units']['u1']}&year=2026&month=3")
    assert response.status_code == 200, response.get_json()
    found = response.get_json()
    lines = {line["person"]["name"]: line for line in found["lines"]}
    # By hand: 100.00 communication each; meal 80.00 × days; transport far 300.00 (v1), near 100.00 (v2).
    assert {name: (line["attendance_days"], line["meal"], line["transport"], line["total"])
            for name, line in lines.items()} == {
        "张三": (3, "240.00", "300.00", "640.00"),  # 100 + 3 × 80 + 300
        "李四": (1, "80.00", "300.00", "480.00"),  # 100 + 1 × 80 + 300
        "钱七": (2, "160.00", "100.00", "360.00"),  # 100 + (1 present + 1 business) × 80 + 100
    }
    assert found["totals"] == {"attendance_days": 6, "communication": "300.00", "meal": "480.00",
                               "transport": "700.00", "total": "1480.00"}
    assert all(line["meal_rate"] == "80.00" and line["communication"] == "100.00" for line in found["lines"])


def test_pay1_the_export_is_an_xlsx_with_the_same_lines_and_totals(paid):
    u1 = paid.ids["units"]["u1"]
    response = paid.as_("admin").get(f"/exports/allowances?unit_id={u1}&year=2026&month=3", buffered=True)
    assert response.status_code == 200
    assert response.mimetype == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert "filename*=UTF-8''" in response.headers["Content-Disposition"]  # the Chinese file name (RFC 5987)
    sheet = load_workbook(io.BytesIO(response.data)).active
    cells = list(sheet.iter_rows(values_only=True))
    header = next(i for i, row in enumerate(cells) if row[0] == "姓名")
    rows = [row for row in cells[header + 1:] if row[0]]
    assert [row[0] for row in rows] == ["张三", "李四", "钱七", "合计"]
    assert [Decimal(str(row[8])) for row in rows] == [Decimal("640"), Decimal("480"), Decimal("360"),
                                                      Decimal("1480")]
    assert sum(Decimal(str(row[8])) for row in rows[:-1]) == Decimal(str(rows[-1][8]))  # adds up to the fen
    assert rows[0][2:6] == (3, 100, 80, 240)  # days, communication, rate, meal: the computation, column by column


def test_pay1_the_policy_default_meal_rate_and_no_tier(paid):
    u2 = paid.ids["units"]["u2"]  # no rate: the policy's 40.00; v3 has no tier: no transport allowance
    found = paid.as_("admin").get(f"/allowances?unit_id={u2}&year=2026&month=3").get_json()
    line = next(line for line in found["lines"] if line["person"]["name"] == "周九")
    assert (line["meal_rate"], line["transport_tier"], line["transport"]) == ("40.00", None, "0.00")


def test_pay1_a_unit_reads_only_its_own_statement(paid):
    u2 = paid.ids["units"]["u2"]
    assert_error(paid.as_("viewer1").get(f"/allowances?unit_id={u2}&year=2026&month=3"), 404, "NOT_FOUND")
    assert_error(paid.as_("viewer1").get(f"/exports/allowances?unit_id={u2}&year=2026&month=3"), 404, "NOT_FOUND")
    assert_error(paid.as_("sec1").get(f"/allowances?unit_id={u2}&year=2026&month=3"), 403, "FORBIDDEN")


def test_pay1_an_unknown_distance_tier_is_refused_by_the_import(paid):
    doc = standard_org(start=START)
    doc["villages"][0]["distance_tier"] = "very_far"
    response = paid.as_("admin").post("/admin/org-import", json=doc)
    assert_error(response, 422, "RULE_VIOLATION", rule="PAY-1")
