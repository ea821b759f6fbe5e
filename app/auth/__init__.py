"""WeChat login, bearer tokens, roles and the one place that decides scope (ORG-2)."""
