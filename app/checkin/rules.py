"""CHK-3..7 as pure functions: what the cadre is told, and what makes two requests "the same"."""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, datetime
from typing import Any

from geofence import Decision


def format_distance(metres: float) -> tuple[str, str]:
    """"350 米" / "5.2 公里" (and English), as a cadre reads distances."""
    if metres < 1000:
        return f"{metres:.0f} 米", f"{metres:.0f} m"
    return f"{metres / 1000:.1f} 公里", f"{metres / 1000:.1f} km"


def checkin_message(decision: Decision, village_name: str | None, policy: Any) -> tuple[str, str]:
    """CHK-3: a Chinese and an English message that tells the cadre what to do."""
    place = village_name or "驻村"
    place_en = "the village"
    reason = decision.reason
    if reason is None:
        return f"{place}打卡成功", "checked in"
    if reason == "OUTSIDE_FENCE":
        if decision.distance_m is None:
            return (f"{place}尚未设置打卡范围，请联系市驻村办", "your village has no check-in area yet; "
                    "contact the city office")
        zh, en = format_distance(decision.distance_m)
        return f"距{place}打卡范围 {zh}，请到村内打卡", f"{en} from {place_en}; check in inside the village"
    texts = {
        "LOW_ACCURACY": (f"定位精度不足（需优于 {policy.max_accuracy_m:.0f} 米），请到开阔处开启 GPS 后重新打卡",
                         f"location too imprecise (must be within {policy.max_accuracy_m:.0f} m); "
                         "turn on GPS, move into the open and try again"),
        "MOCK_LOCATION": ("检测到模拟定位，请关闭虚拟定位软件后重新打卡",
                          "simulated location detected; turn off location spoofing and try again"),
        "IMPLAUSIBLE_SPEED": ("与上次打卡的位置和时间不符（移动速度异常），请在村内重新打卡",
                              "position inconsistent with your previous check-in (implausible speed); "
                              "check in again in the village"),
        "CLOCK_SKEW": ("手机时间不准确，请校正手机时间后重新打卡",
                       "your phone's clock is wrong; correct it and check in again"),
        "TOO_LATE": (f"该打卡记录超过 {policy.offline_grace_h} 小时未上传，已不能补交，请联系第一书记说明情况",
                     f"captured more than {policy.offline_grace_h} h ago and can no longer be synced; "
                     "tell your team leader"),
        "NOT_POSTED": ("打卡当日您没有驻村任职记录，请联系市驻村办核实",
                       "you had no village posting on that day; ask the city office to check"),
    }
    return texts[reason]


def request_fingerprint(data: dict[str, Any]) -> str:
    """CHK-7: sha256 of the validated request, so the same check-in hashes the same however it is
    spelt (key order, white space, an omitted default, another offset for the same instant)."""

    def normal(value: Any) -> Any:
        if isinstance(value, datetime):
            return value.astimezone(UTC).isoformat()
        return value

    canonical = json.dumps({k: normal(v) for k, v in sorted(data.items())}, separators=(",", ":"),
                           ensure_ascii=False)
    return hashlib.sha256(canonical.encode()).hexdigest()


# --- the rejected attempts in words (ATT-3 evidence, CHK-9) ---------------------------------------

#: CHK-3 reason codes in Chinese, as a secretary reads them.
REASON_ZH = {"LOW_ACCURACY": "定位精度不足", "OUTSIDE_FENCE": "不在村范围内", "IMPLAUSIBLE_SPEED": "移动速度异常",
             "CLOCK_SKEW": "手机时间异常", "MOCK_LOCATION": "疑似虚拟定位", "TOO_LATE": "离线补传超时",
             "NOT_POSTED": "不在任职期内"}


def attempts_phrase(counts: dict[str, int]) -> str:
    """ATT-3: "其间 5 次打卡因定位精度不足被拒、1 次因不在村范围内被拒", or "其间无被拒的打卡记录"."""
    if not counts:
        return "其间无被拒的打卡记录"
    parts = [f"{n} 次{'' if i else '打卡'}因{REASON_ZH.get(reason, reason)}被拒"
             for i, (reason, n) in enumerate(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))]
    return "其间 " + "、".join(parts)
