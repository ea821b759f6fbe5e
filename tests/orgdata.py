"""The standard test organisation: two towns, three villages, three teams, every role.

    town t1 (大柳塔镇): village v1 (leader l1, members m1a m1b), village v2 (l2, m2a m2b)
    town t2 (孙家岔镇): village v3 (l3, m3a m3b)
    sec1 (town t1), sec2 (town t2), admin (city), viewer1 (unit u1: l1, m1a, m2a)

v1's fence is a 1,000 m circle entered in GCJ-02 around V1_GCJ; v3 has a polygon in WGS-84.
"""

from __future__ import annotations

import copy

V1_GCJ = (39.2700, 110.2900)  # [lat, lon] GCJ-02, as a phone in v1 reports it
V2_WGS = (39.3500, 110.1500)
V3_POLY_WGS = [[38.9000, 110.4000], [38.9000, 110.4200], [38.8850, 110.4200], [38.8850, 110.4000]]
POSTING_START = "2026-01-01"


def _cadre(key: str, name: str, role: str, unit: str, **extra) -> dict:
    person = {"key": key, "name": name, "phone": "13800000000", "role": role, "unit": unit, "town": None,
              "party_member": True, "party_joined_on": "2010-07-01", "work_started_on": "2008-07-01",
              "source": "civil_servant"}
    person.update(extra)
    return person


def standard_org(start: str = POSTING_START) -> dict:
    doc = {
        "towns": [{"key": "t1", "name": "大柳塔镇", "wecom_webhook": None},
                  {"key": "t2", "name": "孙家岔镇", "wecom_webhook": None}],
        "units": [{"key": "u1", "name": "市财政局"}, {"key": "u2", "name": "市农业农村局"}],
        "villages": [
            {"key": "v1", "town": "t1", "name": "前石畔村", "types": ["脱贫村"],
             "fences": [{"kind": "circle", "center": list(V1_GCJ), "radius_m": 1000, "coord_system": "gcj02"}]},
            {"key": "v2", "town": "t1", "name": "庙沟门村", "types": [],
             "fences": [{"kind": "circle", "center": list(V2_WGS), "radius_m": 800, "coord_system": "wgs84"}]},
            {"key": "v3", "town": "t2", "name": "沙峁村", "types": ["乡村振兴示范村"],
             "fences": [{"kind": "polygon", "points": V3_POLY_WGS, "coord_system": "wgs84"}]},
        ],
        "people": [
            _cadre("l1", "张三", "leader", "u1"), _cadre("m1a", "李四", "member", "u1"),
            _cadre("m1b", "王五", "member", "u2", party_member=False, party_joined_on=None),
            _cadre("l2", "赵六", "leader", "u2"), _cadre("m2a", "钱七", "member", "u1"),
            _cadre("m2b", "孙八", "member", "u2"),
            _cadre("l3", "周九", "leader", "u2"), _cadre("m3a", "吴十", "member", "u2"),
            _cadre("m3b", "郑十一", "member", "u2"),
            {"key": "sec1", "name": "陈书记", "role": "town_secretary", "town": "t1", "unit": None},
            {"key": "sec2", "name": "林书记", "role": "town_secretary", "town": "t2", "unit": None},
            {"key": "admin", "name": "市驻村办", "role": "city_admin", "town": None, "unit": None},
            {"key": "viewer1", "name": "财政局组织科", "role": "unit_viewer", "town": None, "unit": "u1"},
        ],
        "postings": [],
    }
    teams = {"v1": ("l1", "m1a", "m1b"), "v2": ("l2", "m2a", "m2b"), "v3": ("l3", "m3a", "m3b")}
    for village, (leader, *members) in teams.items():
        doc["postings"].append({"person": leader, "village": village, "role": "leader", "start_date": start})
        for member in members:
            doc["postings"].append({"person": member, "village": village, "role": "member", "start_date": start})
    return copy.deepcopy(doc)
