"""Schedule expressions' next firing times (schedule_expressions.py): pure unit tests."""

import unittest
from datetime import datetime, timedelta, timezone

from schedule_expressions import ExpressionError, parse

UTC = timezone.utc


def utc(*args):
    return datetime(*args, tzinfo=UTC)


def firings(expression, after, count, tz="UTC", anchor=None):
    calculator = parse(expression, tz, anchor)
    result = []
    for _ in range(count):
        after = calculator.next_after(after)
        if after is None:
            break
        result.append(after)
    return result


class CronTest(unittest.TestCase):
    def test_every_day_at_a_fixed_time(self):
        self.assertEqual(
            firings("cron(0 3 * * ? *)", utc(2026, 11, 22, 2, 59, 59), 3),
            [utc(2026, 11, 22, 3), utc(2026, 11, 23, 3), utc(2026, 11, 24, 3)],
        )

    def test_the_next_firing_is_strictly_after(self):
        self.assertEqual(
            firings("cron(0 3 * * ? *)", utc(2026, 11, 22, 3), 1), [utc(2026, 11, 23, 3)]
        )

    def test_steps_ranges_and_lists(self):
        self.assertEqual(
            firings("cron(0/20 8-9 * * ? *)", utc(2026, 1, 5, 7), 7),
            [
                utc(2026, 1, 5, 8, 0),
                utc(2026, 1, 5, 8, 20),
                utc(2026, 1, 5, 8, 40),
                utc(2026, 1, 5, 9, 0),
                utc(2026, 1, 5, 9, 20),
                utc(2026, 1, 5, 9, 40),
                utc(2026, 1, 6, 8, 0),
            ],
        )
        self.assertEqual(
            firings("cron(5,35 */12 * * ? *)", utc(2026, 1, 5, 0, 10), 3),
            [utc(2026, 1, 5, 0, 35), utc(2026, 1, 5, 12, 5), utc(2026, 1, 5, 12, 35)],
        )

    def test_weekday_names_and_numbers_with_one_as_sunday(self):
        # 2026-11-22 is a Sunday.
        by_name = firings("cron(30 6 ? * MON-FRI *)", utc(2026, 11, 21), 6)
        self.assertEqual([d.day for d in by_name], [23, 24, 25, 26, 27, 30])
        self.assertEqual(firings("cron(30 6 ? * 2-6 *)", utc(2026, 11, 21), 6), by_name)
        sundays = firings("cron(0 12 ? * 1 *)", utc(2026, 11, 1), 3)
        self.assertEqual([d.day for d in sundays], [1, 8, 15])
        self.assertEqual(firings("cron(0 12 ? * SUN *)", utc(2026, 11, 1), 3), sundays)

    def test_month_names_day_of_month_and_year(self):
        self.assertEqual(
            firings("cron(0 0 1 JAN,JUL ? 2027-2028)", utc(2026, 11, 22), 5),
            [utc(2027, 1, 1), utc(2027, 7, 1), utc(2028, 1, 1), utc(2028, 7, 1)],
        )

    def test_last_day_of_month_and_last_and_nth_weekday(self):
        self.assertEqual(
            [d.date().isoformat() for d in firings("cron(0 0 L * ? *)", utc(2028, 1, 15), 3)],
            ["2028-01-31", "2028-02-29", "2028-03-31"],
        )
        self.assertEqual(  # last Friday of the month
            [d.day for d in firings("cron(0 9 ? * 6L *)", utc(2026, 11, 1), 2)], [27, 25]
        )
        self.assertEqual(  # second Tuesday
            [d.day for d in firings("cron(0 9 ? * TUE#2 *)", utc(2026, 11, 1), 2)], [10, 8]
        )

    def test_time_zone(self):
        # 03:00 in Berlin is 02:00 UTC in winter, 01:00 UTC in summer.
        self.assertEqual(
            firings("cron(0 3 * * ? *)", utc(2026, 11, 22), 1, "Europe/Berlin"),
            [utc(2026, 11, 22, 2)],
        )
        self.assertEqual(
            firings("cron(0 3 * * ? *)", utc(2026, 7, 1), 1, "Europe/Berlin"),
            [utc(2026, 7, 1, 1)],
        )

    def test_across_daylight_saving_changes(self):
        # New York: clocks go forward 2026-03-08 02:00 -> 03:00, back 2026-11-01 02:00 -> 01:00.
        daily = firings("cron(30 2 * * ? *)", utc(2026, 3, 7), 3, "America/New_York")
        self.assertEqual(
            daily,
            [
                utc(2026, 3, 7, 7, 30),  # 02:30 EST
                utc(2026, 3, 8, 7, 30),  # 02:30 does not exist: fires at 03:30 EDT
                utc(2026, 3, 9, 6, 30),  # 02:30 EDT
            ],
        )
        hourly = firings("cron(0 * * * ? *)", utc(2026, 11, 1, 4, 30), 4, "America/New_York")
        # 01:00 EDT (05:00Z) fires; 01:00 EST (06:00Z) repeats the local time and does not.
        self.assertEqual(hourly, [utc(2026, 11, 1, hour) for hour in (5, 7, 8, 9)])
        self.assertEqual(len(set(hourly)), len(hourly))
        self.assertEqual(hourly, sorted(hourly))

    def test_an_expression_that_never_fires_answers_none(self):
        self.assertEqual(firings("cron(0 0 30 FEB ? *)", utc(2026, 1, 1), 1), [])
        self.assertEqual(firings("cron(0 0 1 1 ? 2020)", utc(2026, 1, 1), 1), [])

    def test_invalid_expressions_are_refused(self):
        for expression in (
            "cron(0 3 * * ?)",
            "cron(61 3 * * ? *)",
            "cron(0 3 * FOO ? *)",
            "cron(0 3 5-1 * ? *)",
            "rate(0 minutes)",
            "rate(5 weeks)",
            "at(2026-13-01T00:00:00)",
            "every 5 minutes",
        ):
            with self.subTest(expression):
                with self.assertRaises(ExpressionError):
                    parse(expression, "UTC", utc(2026, 1, 1))
        with self.assertRaises(ExpressionError):
            parse("cron(0 3 * * ? *)", "Mars/Olympus_Mons")


class RateAndAtTest(unittest.TestCase):
    def test_rate_fires_every_period_from_one_period_after_its_anchor(self):
        anchor = utc(2026, 11, 22, 3, 0, 0)
        self.assertEqual(
            firings("rate(5 minutes)", utc(2026, 11, 22, 2), 3, anchor=anchor),
            [anchor + timedelta(minutes=m) for m in (5, 10, 15)],
        )
        self.assertEqual(
            firings("rate(1 hour)", utc(2026, 11, 22, 5, 10), 1, anchor=anchor),
            [utc(2026, 11, 22, 6)],
        )
        self.assertEqual(
            firings("rate(2 days)", anchor + timedelta(days=2), 1, anchor=anchor),
            [anchor + timedelta(days=4)],
        )

    def test_at_fires_once_in_its_time_zone(self):
        self.assertEqual(
            firings("at(2026-11-22T10:00:00)", utc(2026, 11, 1), 3, "Europe/Berlin"),
            [utc(2026, 11, 22, 9)],
        )
        self.assertEqual(firings("at(2026-11-22T10:00:00)", utc(2026, 11, 23), 1), [])


if __name__ == "__main__":
    unittest.main()
