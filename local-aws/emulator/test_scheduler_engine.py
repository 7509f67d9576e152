"""The scheduler thread's decisions (scheduler.py), in process: a moto scheduler backend of its
own, ticks at chosen instants, and a target that is recorded as a failed firing."""

import contextlib
import io
import unittest
from datetime import datetime, timedelta, timezone

from moto.scheduler.models import EventBridgeSchedulerBackend

from scheduler import Scheduler

T0 = datetime(2026, 11, 22, 3, 0, 0, tzinfo=timezone.utc)
ACCOUNT = "000000000001"
UNSUPPORTED = {"Arn": "arn:aws:lambda:us-east-1:000000000001:function:f", "RoleArn": "r"}


def at(seconds):
    return T0 + timedelta(seconds=seconds)


class EngineTest(unittest.TestCase):
    def setUp(self):
        self.backend = EventBridgeSchedulerBackend("us-east-1", ACCOUNT)
        self.scheduler = Scheduler()

    def schedule(self, name, expression, modified=0, **kwargs):
        arguments = {
            "description": None,
            "end_date": None,
            "flexible_time_window": {"Mode": "OFF"},
            "group_name": None,
            "kms_key_arn": None,
            "name": name,
            "schedule_expression": expression,
            "schedule_expression_timezone": None,
            "start_date": None,
            "state": None,
            "target": dict(UNSUPPORTED),
            "action_after_completion": None,
            **kwargs,
        }
        schedule = self.backend.create_schedule(**arguments)
        schedule.creation_date = schedule.last_modified_date = at(modified).timestamp()
        return schedule

    def tick(self, seconds):
        self.scheduler.tick(at(seconds), [(ACCOUNT, "us-east-1", self.backend)])

    def fired(self, name):
        return [f["scheduledTime"] for f in self.scheduler.firings(name)]

    def test_after_a_pause_the_missed_windows_fire_once(self):
        self.schedule("every-minute", "rate(1 minute)")
        self.tick(1)
        self.tick(59)
        self.assertEqual(self.fired("every-minute"), [])
        self.tick(60)
        self.assertEqual(self.fired("every-minute"), ["2026-11-22T03:01:00Z"])
        self.tick(61)
        self.tick(400)  # windows at 2, 3, 4, 5 and 6 minutes were missed
        self.tick(401)
        self.assertEqual(
            self.fired("every-minute"), ["2026-11-22T03:01:00Z", "2026-11-22T03:02:00Z"]
        )
        self.tick(420)
        self.assertEqual(self.fired("every-minute")[-1], "2026-11-22T03:07:00Z")

    def test_a_schedule_first_seen_late_does_not_backfill(self):
        # Created an hour ago; windows every minute at :30 s; the thread sees it only now.
        self.schedule("old", "rate(1 minute)", modified=-3600, start_date=at(-3570).timestamp())
        self.tick(0)
        self.assertEqual(self.fired("old"), [])
        self.tick(30)
        self.assertEqual(self.fired("old"), ["2026-11-22T03:00:30Z"])

    def test_windows_a_few_seconds_after_creation_are_not_lost_to_the_tick(self):
        self.schedule("soon", "at(2026-11-22T03:00:02)", modified=1)
        self.tick(3)
        self.assertEqual(self.fired("soon"), ["2026-11-22T03:00:02Z"])
        self.tick(4)
        self.assertEqual(len(self.fired("soon")), 1)

    def test_start_and_end_dates_bound_the_windows_and_delete_completes(self):
        self.schedule(
            "bounded",
            "cron(0-59 3 ? NOV SUN 2026)",  # every minute of this hour (moto checks StartDate
            # against the clock when an expression has a "*")
            start_date=at(90).timestamp(),
            end_date=at(200).timestamp(),
            action_after_completion="DELETE",
        )
        for second in range(0, 260, 10):
            self.tick(second)
        self.assertEqual(
            self.fired("bounded"), ["2026-11-22T03:02:00Z", "2026-11-22T03:03:00Z"]
        )
        self.assertNotIn("bounded", self.backend.schedule_groups["default"].schedules)

    def test_a_recurring_schedule_without_delete_stays_after_its_end(self):
        self.schedule("kept", "rate(1 minute)", end_date=at(90).timestamp())
        for second in (30, 60, 120, 180):
            self.tick(second)
        self.assertEqual(self.fired("kept"), ["2026-11-22T03:01:00Z"])
        self.assertIn("kept", self.backend.schedule_groups["default"].schedules)

    def test_disabled_schedules_do_not_fire_and_re_enabling_does_not_backfill(self):
        schedule = self.schedule("paused", "rate(1 minute)", state="DISABLED")
        for second in (30, 60, 120, 180):
            self.tick(second)
        self.assertEqual(self.fired("paused"), [])
        schedule.state = "ENABLED"  # as UpdateSchedule does, with a new modification time
        schedule.last_modified_date = at(190).timestamp()
        self.tick(191)
        self.assertEqual(self.fired("paused"), [])
        self.tick(240)
        self.assertEqual(self.fired("paused"), ["2026-11-22T03:04:00Z"])

    def test_one_time_schedules_complete_after_their_firing(self):
        self.schedule(
            "once-deleted",
            "at(2026-11-22T05:00:00)",
            schedule_expression_timezone="Europe/Berlin",  # 04:00 UTC
            action_after_completion="DELETE",
        )
        self.schedule("once-kept", "at(2026-11-22T04:00:00)", action_after_completion="NONE")
        self.schedule("in-the-past", "at(2026-11-22T02:00:00)", action_after_completion="DELETE")
        self.tick(3599)
        self.assertEqual(self.fired("once-deleted"), [])
        self.tick(3600)
        self.tick(3601)
        self.assertEqual(self.fired("once-deleted"), ["2026-11-22T04:00:00Z"])
        self.assertEqual(self.fired("once-kept"), ["2026-11-22T04:00:00Z"])
        self.assertEqual(self.fired("in-the-past"), [])
        schedules = self.backend.schedule_groups["default"].schedules
        self.assertEqual(sorted(schedules), ["in-the-past", "once-kept"])

    def test_an_invalid_expression_is_skipped_without_stopping_the_others(self):
        self.schedule("broken", "cron(every day)")
        self.schedule("fine", "rate(1 minute)")
        with contextlib.redirect_stderr(io.StringIO()) as stderr:
            self.tick(60)
        self.assertIn("broken not scheduled", stderr.getvalue())
        self.assertEqual(self.fired("broken"), [])
        self.assertEqual(self.fired("fine"), ["2026-11-22T03:01:00Z"])

    def test_failed_deliveries_are_recorded(self):
        self.schedule("to-lambda", "rate(1 minute)")
        self.tick(60)
        [firing] = self.scheduler.firings("to-lambda")
        self.assertIn("unsupported target", firing["error"])
        self.assertEqual(firing["trigger"], "schedule")


if __name__ == "__main__":
    unittest.main()
