"""DUTY-4: the official calendar with 调休 — chinese-calendar, overridden per year by the city office."""

from __future__ import annotations

from datetime import date

from app.calendar import service as calendar
from app.calendar.rules import YearCalendar, override_problems
from config.policy import DEFAULT_POLICY
from tests.duty.helpers import HOLIDAYS_2027, WORKDAYS_2027, d
from tests.helpers import assert_error

FIXED = DEFAULT_POLICY.calendar_fixed_holidays


def test_duty4_2026_builtin_spring_festival_and_make_up_saturdays(app):
    with app.app_context():
        assert calendar.is_working_day(d("2026-02-14"))  # Saturday, 调休 make-up workday
        assert calendar.is_working_day(d("2026-02-28"))  # Saturday, 调休 make-up workday
        assert not calendar.is_working_day(d("2026-02-16"))  # Monday in the Spring Festival holiday
        assert not calendar.is_working_day(d("2026-02-23"))  # Monday, still the holiday
        assert calendar.is_working_day(d("2026-02-24"))
        assert not calendar.is_working_day(d("2026-03-07"))  # an ordinary Saturday
        assert calendar.non_working_days(d("2026-02-13"), d("2026-03-01")) == [
            date(2026, 2, day) for day in range(15, 24)] + [d("2026-03-01")]
        assert calendar.year_entered(2026) and calendar.year_entered(2004)


def test_duty4_a_year_without_a_calendar_is_provisional_never_refused(app):
    with app.app_context():
        assert not calendar.year_entered(2027)
        assert calendar.is_working_day(d("2027-01-04"))  # Monday
        assert not calendar.is_working_day(d("2027-01-01"))  # 元旦, a Friday
        assert calendar.calendar_day(d("2027-01-01")) == calendar.CalendarDay(False, True)
        assert calendar.calendar_day(d("2026-12-31")) == calendar.CalendarDay(True, False)
        assert calendar.non_working_days(d("2026-12-28"), d("2027-01-03")) == [
            d("2027-01-01"), d("2027-01-02"), d("2027-01-03")]


def test_duty4_get_calendar_shows_official_source(org):
    body = org.as_("admin").get("/admin/calendar/2026").get_json()
    assert body["source"] == "official" and body["version"] is None
    assert "2026-02-14" in body["workdays"] and "2026-02-16" in body["holidays"]
    assert "2026-02-14" not in body["non_working_days"] and "2026-03-07" in body["non_working_days"]
    assert body["builtin"]["package"] == "chinese-calendar"


def test_duty4_get_calendar_for_any_signed_in_and_put_for_the_city_office(org):
    assert org.as_("m1a").get("/admin/calendar/2027").get_json()["source"] == "provisional"
    assert org.as_("sec1").get("/admin/calendar/2026").get_json()["source"] == "official"
    assert_error(org.as_("sec1").put("/admin/calendar/2027", json={"holidays": HOLIDAYS_2027}), 403, "FORBIDDEN")
    assert_error(org.as_("admin").get("/admin/calendar/99999"), 400, "VALIDATION_ERROR")


def test_duty4_override_is_versioned_and_replaces_the_earlier_one(org):
    admin = org.as_("admin")
    first = admin.put("/admin/calendar/2027", json={"holidays": HOLIDAYS_2027, "workdays": WORKDAYS_2027,
                                                    "note": "国办发明电〔2026〕X号"})
    assert first.status_code == 200, first.get_json()
    body = first.get_json()
    assert body["source"] == "entered" and body["version"] == 1
    assert body["entered_by"]["id"] == org.person_id("admin")
    assert "2027-02-20" in body["workdays"] and "2027-02-20" not in body["non_working_days"]
    again = admin.put("/admin/calendar/2027", json={"holidays": HOLIDAYS_2027, "workdays": WORKDAYS_2027,
                                                    "note": "国办发明电〔2026〕X号"}).get_json()
    assert again["version"] == 1  # the same calendar again adds no version
    fewer = admin.put("/admin/calendar/2027", json={"holidays": HOLIDAYS_2027[:-1], "workdays": []}).get_json()
    assert fewer["version"] == 2 and fewer["workdays"] == [] and "2027-10-07" not in fewer["holidays"]
    assert [v["version"] for v in fewer["versions"]] == [2, 1]
    # an override of a year chinese-calendar knows takes precedence over it
    corrected = admin.put("/admin/calendar/2026", json={"holidays": ["2026-01-01", "2026-05-01", "2026-05-02",
                                                                     "2026-10-01", "2026-10-02", "2026-10-03"]})
    assert corrected.get_json()["source"] == "entered"
    with org.app.app_context():
        assert calendar.is_working_day(d("2026-02-16"))


def test_duty4_bad_overrides_list_every_problem_and_store_nothing(org):
    holidays = [*HOLIDAYS_2027, "2026-12-31", "2027-02-20"]  # 02-20 is also a make-up workday below
    response = org.as_("admin").put("/admin/calendar/2027", json={
        "holidays": holidays, "workdays": ["2027-02-20", "2027-03-03", "2028-01-01"]})
    problems = assert_error(response, 422, "RULE_VIOLATION", rule="DUTY-4")["details"]["problems"]
    assert {(p["field"], p["date"]) for p in problems} == {
        ("holidays", "2026-12-31"), ("workdays", "2028-01-01"),  # outside the year
        ("workdays", "2027-02-20"),  # both holiday and workday
        ("workdays", "2027-03-03"),  # a Wednesday cannot be a make-up workday
    }
    assert org.as_("admin").get("/admin/calendar/2027").get_json()["source"] == "provisional"


def test_duty4_override_missing_statutory_holidays_is_refused(org):
    """An override must list every statutory day of its year, lunar ones included (DUTY-4)."""
    response = org.as_("admin").put("/admin/calendar/2027", json={"holidays": ["2027-02-08"], "workdays": []})
    problems = assert_error(response, 422, "RULE_VIOLATION", rule="DUTY-4")["details"]["problems"]
    assert {p["date"] for p in problems} == {
        "2027-01-01", "2027-05-01", "2027-05-02", "2027-10-01", "2027-10-02", "2027-10-03",  # fixed dates
        "2027-02-05", "2027-02-06", "2027-02-07", "2027-04-05", "2027-06-09", "2027-09-15"}  # lunar, Qingming
    named = {p["date"]: p["message"] for p in problems}
    assert "春节" in named["2027-02-06"] and "中秋" in named["2027-09-15"]


def test_duty4_malformed_override_is_400(org):
    for body in ({"workdays": []}, {"holidays": ["not a date"]}, {"holidays": "2027-01-01"}):
        assert_error(org.as_("admin").put("/admin/calendar/2027", json=body), 400, "VALIDATION_ERROR")


def test_duty4_year_calendar_semantics_match_chinese_calendar():
    import chinese_calendar

    with_weekend_holiday = YearCalendar(2026, frozenset({d("2026-02-16"), d("2026-02-21")}),
                                        frozenset({d("2026-02-14")}), "entered")
    assert not with_weekend_holiday.is_working_day(d("2026-02-21"))
    assert with_weekend_holiday.is_working_day(d("2026-02-14"))
    assert not with_weekend_holiday.is_working_day(d("2026-02-15"))
    builtin = calendar.builtin_calendar(2026)
    day = d("2026-01-01")
    while day.year == 2026:
        assert builtin.is_working_day(day) == chinese_calendar.is_workday(day), day
        day = day.fromordinal(day.toordinal() + 1)


def test_duty4_override_problems_is_empty_for_a_sound_year():
    assert override_problems(2027, map(d, HOLIDAYS_2027), map(d, WORKDAYS_2027), FIXED) == []


def test_duty4_an_override_must_list_05_02_from_2025_on(org):
    """全国年节及纪念日放假办法 as revised in 2024: 劳动节 is 05-01 and 05-02 from 2025."""
    without = [day for day in HOLIDAYS_2027 if day != "2027-05-02"]
    refused = org.as_("admin").put("/admin/calendar/2027", json={"holidays": without, "workdays": WORKDAYS_2027})
    error = assert_error(refused, 422, "RULE_VIOLATION", rule="DUTY-4")
    assert [p["date"] for p in error["details"]["problems"]] == ["2027-05-02"]
    before_2025 = ["2024-01-01", "2024-05-01", "2024-10-01", "2024-10-02", "2024-10-03"]  # 05-02 not fixed yet
    assert org.as_("admin").put("/admin/calendar/2024", json={"holidays": before_2025}).status_code == 200
