"""Attendance corrections (补卡, CHK-9): a weak-GPS day counted present on a leave's approval chain."""
