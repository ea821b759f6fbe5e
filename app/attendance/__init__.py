"""Attendance (ATT-*): day statuses, counters, summaries and the day close."""
