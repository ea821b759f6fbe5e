"""Alerts (ALERT-1..3): the one alert function, the inbox, the outbox and its delivery."""
