"""Dates in the English interface as the Netherlands writes them (day before month), not the American way:
a Dutch colleague reading 03/04/2025 must not have to guess. What is not set here comes from Django's `en`."""

DATE_FORMAT = "j F Y"
SHORT_DATE_FORMAT = "d/m/Y"
DATETIME_FORMAT = "j F Y H:i"
SHORT_DATETIME_FORMAT = "d/m/Y H:i"
TIME_FORMAT = "H:i"
FIRST_DAY_OF_WEEK = 1  # Monday
