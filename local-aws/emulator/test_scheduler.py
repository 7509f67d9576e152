"""EventBridge Scheduler firing (scheduler.py), against a launcher on a free port."""

import json
import time
from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

from botocore.exceptions import ClientError

from launcher_testing import REGION, LauncherTestCase, wait_until

ROLE = "arn:aws:iam::123456789012:role/scheduler"
FIRING_FIELDS = ("scheduleArn", "name", "group", "scheduledTime", "target", "error", "trigger")
TEMPLATE = json.dumps(
    {
        "arn": "<aws.scheduler.schedule-arn>",
        "at": "<aws.scheduler.scheduled-time>",
        "id": "<aws.scheduler.execution-id>",
        "attempt": "<aws.scheduler.attempt-number>",
    }
)


def iso(moment):
    return moment.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


class SchedulerTest(LauncherTestCase):
    def setUp(self):
        super().setUp()
        self.scheduler = self.client("scheduler")
        self.sqs = self.client("sqs")

    def queue(self, name):
        url = self.sqs.create_queue(QueueName=name)["QueueUrl"]
        return url, f"arn:aws:sqs:{REGION}:{self.account}:{name}"

    def schedule(self, name, expression, target, **kwargs):
        return self.scheduler.create_schedule(
            Name=name,
            ScheduleExpression=expression,
            FlexibleTimeWindow={"Mode": "OFF"},
            Target={"RoleArn": ROLE, **target},
            **kwargs,
        )["ScheduleArn"]

    def receive(self, url, wait=10):
        messages = self.sqs.receive_message(QueueUrl=url, WaitTimeSeconds=wait).get("Messages")
        self.assertTrue(messages, "no message arrived")
        return messages[0]["Body"]

    def fire(self, name, expect=200, **fields):
        body = {"name": name, "accountId": self.account, **fields}
        return self.api("POST", "scheduler/fire", body, expect=expect)

    def firings(self, name):
        firings = self.api("GET", f"scheduler/firings?name={name}")
        return [f for f in firings if f["scheduleArn"].split(":")[4] == self.account]

    def test_a_rate_schedule_delivers_its_input_to_a_queue_with_placeholders_substituted(self):
        url, queue_arn = self.queue("rate-target")
        start = datetime.now(timezone.utc) - timedelta(seconds=58)
        arn = self.schedule(
            "every-minute", "rate(1 minute)", {"Arn": queue_arn, "Input": TEMPLATE}, StartDate=start
        )
        body = json.loads(self.receive(url))
        window = start.replace(microsecond=0) + timedelta(minutes=1)
        self.assertEqual(body["arn"], arn)
        self.assertEqual(body["at"], iso(window))
        self.assertEqual(body["attempt"], "1")
        [firing] = self.firings("every-minute")
        self.assertEqual(firing["executionId"], body["id"])
        self.assertEqual(
            {k: firing[k] for k in FIRING_FIELDS},
            {
                "scheduleArn": arn,
                "name": "every-minute",
                "group": "default",
                "scheduledTime": iso(window),
                "target": queue_arn,
                "error": None,
                "trigger": "schedule",
            },
        )

    def test_disabled_and_already_missed_windows_never_fire(self):
        url, queue_arn = self.queue("control")
        now = datetime.now(timezone.utc)
        target = {"Arn": queue_arn, "Input": '{"from": "<aws.scheduler.schedule-arn>"}'}
        soon, missed = now - timedelta(seconds=58), now - timedelta(seconds=150)
        self.schedule("control", "rate(1 minute)", target, StartDate=soon)
        self.schedule("disabled", "rate(1 minute)", target, StartDate=soon, State="DISABLED")
        # Windows 90 s and 30 s ago were missed before the schedule existed; the next is in 30 s.
        self.schedule("no-backfill", "rate(1 minute)", target, StartDate=missed)
        self.assertTrue(json.loads(self.receive(url))["from"].endswith("/control"))
        time.sleep(1.5)  # two more ticks
        self.assertEqual(self.firings("disabled"), [])
        self.assertEqual(self.firings("no-backfill"), [])
        self.assertNotIn("Messages", self.sqs.receive_message(QueueUrl=url, WaitTimeSeconds=0))

    def test_an_event_bus_target_reaches_the_targets_of_matching_rules(self):
        events = self.client("events")
        url, queue_arn = self.queue("rule-target")
        bus_arn = events.create_event_bus(Name="snaplife")["EventBusArn"]
        events.put_rule(
            Name="from-scheduler",
            EventBusName="snaplife",
            EventPattern=json.dumps({"source": ["snaplife.scheduler"]}),
        )
        events.put_targets(
            Rule="from-scheduler", EventBusName="snaplife", Targets=[{"Id": "q", "Arn": queue_arn}]
        )
        arn = self.schedule(
            "nightly",
            "cron(0 3 * * ? *)",
            {
                "Arn": bus_arn,
                "Input": '{"run": "<aws.scheduler.scheduled-time>"}',
                "EventBridgeParameters": {
                    "DetailType": "BackupDue",
                    "Source": "snaplife.scheduler",
                },
            },
        )
        firing = self.fire("nightly", scheduledTime="2026-11-22T03:00:00Z")
        self.assertEqual((firing["error"], firing["trigger"]), (None, "manual"))
        event = json.loads(self.receive(url, wait=5))
        self.assertEqual(event["source"], "snaplife.scheduler")
        self.assertEqual(event["detail-type"], "BackupDue")
        self.assertEqual(event["detail"], {"run": "2026-11-22T03:00:00Z"})
        self.assertEqual(event["resources"], [arn])
        self.assertEqual(event["time"], "2026-11-22T03:00:00Z")

    def test_the_fire_endpoint_fires_once_now_by_default(self):
        url, queue_arn = self.queue("manual")
        target = {"Arn": queue_arn, "Input": TEMPLATE}
        self.schedule("yearly", "cron(0 0 1 1 ? *)", target, GroupName="default")
        before = datetime.now(timezone.utc).replace(microsecond=0)
        firing = self.fire("yearly", group="default")
        body = json.loads(self.receive(url, wait=2))
        self.assertEqual(body["id"], firing["executionId"])
        self.assertTrue(iso(before) <= body["at"] <= iso(datetime.now(timezone.utc)))
        self.assertEqual(self.firings("yearly"), [firing])

    def test_fire_endpoint_errors(self):
        self.assertIn("error", self.api("POST", "scheduler/fire", {}, expect=400))
        self.assertIn(
            "error",
            self.fire("nope", expect=404),
        )

    def test_a_one_time_schedule_fires_at_its_local_time_then_is_deleted(self):
        url, queue_arn = self.queue("once")
        berlin = ZoneInfo("Europe/Berlin")
        when = (datetime.now(berlin) + timedelta(seconds=2)).replace(microsecond=0)
        self.schedule(
            "once",
            f"at({when.strftime('%Y-%m-%dT%H:%M:%S')})",
            {"Arn": queue_arn, "Input": TEMPLATE},
            ScheduleExpressionTimezone="Europe/Berlin",
            ActionAfterCompletion="DELETE",
        )
        self.assertEqual(json.loads(self.receive(url))["at"], iso(when))

        def deleted():
            try:
                self.scheduler.get_schedule(Name="once")
                return False
            except ClientError as e:
                return e.response["Error"]["Code"] == "ResourceNotFoundException"

        wait_until(deleted, timeout=5, message="the completed schedule was not deleted")
        self.assertEqual(len(self.firings("once")), 1)

    def test_an_unsupported_target_is_a_failed_firing(self):
        self.schedule(
            "to-lambda",
            "cron(0 3 * * ? *)",
            {"Arn": f"arn:aws:lambda:{REGION}:{self.account}:function:f", "Input": "{}"},
        )
        firing = self.fire("to-lambda")
        self.assertIn("unsupported target", firing["error"])
        url, queue_arn = self.queue("missing-later")
        self.sqs.delete_queue(QueueUrl=url)
        self.schedule("to-missing-queue", "cron(0 3 * * ? *)", {"Arn": queue_arn})
        firing = self.fire("to-missing-queue")
        self.assertIn("QueueDoesNotExist", firing["error"])
