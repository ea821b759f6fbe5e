"""The policy in force for this app: ``config.policy.DEFAULT_POLICY`` plus ``POLICY_OVERRIDES``."""

from __future__ import annotations

from flask import current_app, has_app_context

from config.policy import DEFAULT_POLICY, Policy


def current_policy() -> Policy:
    if not has_app_context():
        return DEFAULT_POLICY
    policy = current_app.extensions.get("zhucun_policy")
    if policy is None:
        policy = DEFAULT_POLICY.replace(**current_app.config.get("POLICY_OVERRIDES", {}))
        current_app.extensions["zhucun_policy"] = policy
    return policy
