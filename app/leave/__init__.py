"""Leave and official trips (LV-1..8)."""
