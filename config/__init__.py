"""Configuration: environment-driven settings and the policy parameters of RULES.md."""
