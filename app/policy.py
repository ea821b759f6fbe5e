"""The policy in force for this app: ``config.policy.DEFAULT_POLICY`` plus ``POLICY_OVERRIDES``
(JSON in the environment, or a dict in the app config)."""

from __future__ import annotations

from flask import current_app, has_app_context

from config.policy import DEFAULT_POLICY, Policy, overridden


def current_policy() -> Policy:
    if not has_app_context():
        return DEFAULT_POLICY
    policy = current_app.extensions.get("zhucun_policy")
    if policy is None:
        policy = overridden(current_app.config.get("POLICY_OVERRIDES") or {})
        current_app.extensions["zhucun_policy"] = policy
    return policy
