"""``app.redact.redact``: the one redaction of logged and stored text (issue 11, 6)."""

from __future__ import annotations

from app.redact import redact


def test_issue11_redact_hides_query_values_named_secrets_and_row_details():
    assert redact("GET https://api.weixin.qq.com/sns/jscode2session?appid=wx1&secret=S3&js_code=C0DE&x=1") == \
        "GET https://api.weixin.qq.com/sns/jscode2session?appid=[redacted]&secret=[redacted]" \
        "&js_code=[redacted]&x=[redacted]"
    assert "S3" not in redact('{"appid": "wx1", "secret": "S3"}')
    assert "K9" not in redact("Max retries exceeded with url: /cgi-bin/webhook/send?key=K9 (Caused by …)")
    detail = 'new row violates check constraint\nDETAIL:  Failing row contains (7, 39.2712345, 110.2954321).'
    assert "39.2712345" not in redact(detail) and "check constraint" in redact(detail)
    assert redact("errcode 43101: user refuse to accept the msg") == "errcode 43101: user refuse to accept the msg"
