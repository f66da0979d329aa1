"""Calendar months as retention periods and reminders count them: the same day, clipped to a shorter month."""

from datetime import date

from procesregie.core.months import add_months


def test_the_same_day_months_later_or_earlier():
    assert add_months(date(2024, 3, 15), 60) == date(2029, 3, 15)
    assert add_months(date(2024, 3, 15), -12) == date(2023, 3, 15)
    assert add_months(date(2024, 11, 30), 2) == date(2025, 1, 30)  # across a year end


def test_a_shorter_month_gives_its_last_day():
    assert add_months(date(2024, 1, 31), 1) == date(2024, 2, 29)  # leap year
    assert add_months(date(2023, 1, 31), 1) == date(2023, 2, 28)
    assert add_months(date(2024, 2, 29), 12) == date(2025, 2, 28)
    assert add_months(date(2024, 5, 31), -1) == date(2024, 4, 30)
