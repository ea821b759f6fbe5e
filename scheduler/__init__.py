"""The scheduler process (see issue: day close)."""
