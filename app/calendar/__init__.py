"""The official calendar (DUTY-4): chinese-calendar with 调休, overridden per year by the city office.

It answers facts — is this a working day, which days of a range are not — and sends nothing: a
caller that meets an unknown year decides whom to tell.
"""
