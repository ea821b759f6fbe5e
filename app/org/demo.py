"""A small believable demo city for ``seed-demo``: 高家堡镇 in 神木市 with two villages.

Fences are entered as they would be from a Tencent/Amap map (GCJ-02) and a surveyed boundary
(WGS-84); postings start on 1 January of the current year so the demo always has a live team.
"""

from __future__ import annotations

from app import clock


def demo_document() -> dict:
    year_start = clock.today().replace(month=1, day=1).isoformat()

    def cadre(key, name, phone, role, unit, source="civil_servant", party=True, joined="2010-07-01"):
        return {"key": key, "name": name, "phone": phone, "role": role, "unit": unit, "town": None,
                "party_member": party, "party_joined_on": joined if party else None,
                "work_started_on": "2008-07-01", "source": source}

    return {
        "towns": [{"key": "gjb", "name": "高家堡镇", "wecom_webhook": None}],
        "units": [{"key": "czj", "name": "神木市财政局"}, {"key": "nyj", "name": "神木市农业农村局"},
                  {"key": "gdj", "name": "国网神木市供电公司"}],
        "villages": [
            {"key": "shimao", "town": "gjb", "name": "石峁村", "types": ["脱贫村", "乡村振兴示范村"],
             "fences": [{"kind": "circle", "center": [38.5652, 110.2935], "radius_m": 1500,
                         "coord_system": "gcj02"}]},
            {"key": "gaojiabao", "town": "gjb", "name": "高家堡村", "types": ["易地扶贫搬迁安置村"],
             "fences": [
                 {"kind": "polygon", "coord_system": "wgs84",
                  "points": [[38.6012, 110.2981], [38.6030, 110.3120], [38.5931, 110.3165],
                             [38.5885, 110.3042], [38.5929, 110.2957]]},
                 {"kind": "circle", "center": [38.5978, 110.3251], "radius_m": 400, "coord_system": "gcj02"},
             ]},
        ],
        "people": [
            cadre("demo-leader-1", "王建国", "13891200001", "leader", "czj", joined="2005-06-01"),
            cadre("demo-member-1", "李娜", "13891200002", "member", "czj"),
            cadre("demo-member-2", "刘强", "13891200003", "member", "nyj", source="institution", party=False),
            cadre("demo-leader-2", "张海峰", "13891200004", "leader", "nyj", joined="2008-07-01"),
            cadre("demo-member-3", "赵敏", "13891200005", "member", "gdj", source="soe"),
            cadre("demo-member-4", "孙浩", "13891200006", "member", "gdj", source="soe"),
            {"key": "demo-secretary", "name": "陈志刚", "phone": "13891200007", "role": "town_secretary",
             "town": "gjb", "unit": None, "party_member": True, "party_joined_on": "1998-07-01",
             "work_started_on": "1995-07-01", "source": "civil_servant"},
            {"key": "demo-admin", "name": "市驻村办", "phone": "13891200008", "role": "city_admin",
             "town": None, "unit": None, "party_member": True, "party_joined_on": "2000-07-01",
             "work_started_on": "1998-07-01", "source": "civil_servant"},
        ],
        "postings": [
            {"person": "demo-leader-1", "village": "shimao", "role": "leader", "start_date": year_start},
            {"person": "demo-member-1", "village": "shimao", "role": "member", "start_date": year_start},
            {"person": "demo-member-2", "village": "shimao", "role": "member", "start_date": year_start},
            {"person": "demo-leader-2", "village": "gaojiabao", "role": "leader", "start_date": year_start},
            {"person": "demo-member-3", "village": "gaojiabao", "role": "member", "start_date": year_start},
            {"person": "demo-member-4", "village": "gaojiabao", "role": "member", "start_date": year_start},
        ],
    }
