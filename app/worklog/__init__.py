"""Daily work logs (工作日志): writing, back-filling, the edit lock, versions, leader comments (LOG-*)."""
