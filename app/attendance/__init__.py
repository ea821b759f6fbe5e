"""Attendance (ATT-*): day statuses, counters, summaries, the day close and the no-show digest (ATT-6)."""
