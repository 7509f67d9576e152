"""CloudWatch alarms on SQS metrics that evaluate (alarms.py), against a launcher on a free
port."""

import json
import time
import urllib.request

from launcher_testing import REGION, LauncherTestCase, wait_until

EXPECTED_FIELDS = (
    "AlarmName",
    "AlarmDescription",
    "AWSAccountId",
    "NewStateValue",
    "OldStateValue",
    "Region",
)


class AlarmsTest(LauncherTestCase):
    interval = 0.2

    @classmethod
    def tearDownClass(cls):
        request = urllib.request.Request(
            f"{cls.url}/moto-api/snaplife/alarms", data=b'{"intervalSeconds": 5}', method="POST"
        )
        urllib.request.urlopen(request).read()
        super().tearDownClass()

    def setUp(self):
        super().setUp()
        self.api("POST", "alarms", {"intervalSeconds": self.interval})
        self.sqs = self.client("sqs")
        self.sns = self.client("sns")
        self.cloudwatch = self.client("cloudwatch")

    def queue(self, name):
        return self.sqs.create_queue(QueueName=name)["QueueUrl"]

    def subscribed_inbox(self):
        """A topic and the queue subscribed to it: (topic ARN, inbox queue URL)."""
        topic = self.sns.create_topic(Name="alarms")["TopicArn"]
        inbox = self.queue("inbox")
        self.sns.subscribe(
            TopicArn=topic, Protocol="sqs", Endpoint=f"arn:aws:sqs:{REGION}:{self.account}:inbox"
        )
        return topic, inbox

    def alarm(self, name, queue_name, metric="ApproximateNumberOfMessagesVisible", **kwargs):
        self.cloudwatch.put_metric_alarm(
            **{
                "AlarmName": name,
                "AlarmDescription": f"{queue_name} has messages",
                "Namespace": "AWS/SQS",
                "MetricName": metric,
                "Dimensions": [{"Name": "QueueName", "Value": queue_name}],
                "Statistic": "Maximum",
                "Period": 60,
                "EvaluationPeriods": 1,
                "Threshold": 0,
                "ComparisonOperator": "GreaterThanThreshold",
                **kwargs,
            }
        )

    def state(self, name):
        return self.cloudwatch.describe_alarms(AlarmNames=[name])["MetricAlarms"][0]

    def notification(self, inbox):
        messages = self.sqs.receive_message(QueueUrl=inbox, WaitTimeSeconds=5).get("Messages")
        self.assertTrue(messages, "no notification arrived")
        self.sqs.delete_message(QueueUrl=inbox, ReceiptHandle=messages[0]["ReceiptHandle"])
        envelope = json.loads(messages[0]["Body"])
        return envelope["Subject"], json.loads(envelope["Message"])

    def test_a_visible_message_raises_the_alarm_and_purging_clears_it(self):
        topic, inbox = self.subscribed_inbox()
        watched = self.queue("watched")
        self.alarm("backlog", "watched", AlarmActions=[topic], OKActions=[topic])
        time.sleep(3 * self.interval)
        self.assertEqual(self.state("backlog")["StateValue"], "OK")

        self.sqs.send_message(QueueUrl=watched, MessageBody="work")
        subject, message = self.notification(inbox)
        self.assertEqual(subject, 'ALARM: "backlog" in US East (N. Virginia)')
        self.assertEqual(
            {k: message[k] for k in EXPECTED_FIELDS},
            {
                "AlarmName": "backlog",
                "AlarmDescription": "watched has messages",
                "AWSAccountId": self.account,
                "NewStateValue": "ALARM",
                "OldStateValue": "OK",
                "Region": "US East (N. Virginia)",
            },
        )
        self.assertTrue(message["NewStateReason"].startswith("Threshold Crossed: 1 datapoint [1.0"))
        self.assertRegex(message["StateChangeTime"], r"^\d{4}-\d\d-\d\dT[\d:]{8}\.\d{3}\+0000$")
        self.assertEqual(
            message["Trigger"],
            {
                **message["Trigger"],
                "MetricName": "ApproximateNumberOfMessagesVisible",
                "Namespace": "AWS/SQS",
                "Statistic": "MAXIMUM",
                "Dimensions": [{"value": "watched", "name": "QueueName"}],
                "Period": 60,
                "EvaluationPeriods": 1,
                "ComparisonOperator": "GreaterThanThreshold",
                "Threshold": 0.0,
            },
        )
        alarm = self.state("backlog")
        self.assertEqual(alarm["StateValue"], "ALARM")
        self.assertEqual(json.loads(alarm["StateReasonData"])["recentDatapoints"], [1.0])

        self.sqs.purge_queue(QueueUrl=watched)
        subject, message = self.notification(inbox)
        self.assertEqual(subject, 'OK: "backlog" in US East (N. Virginia)')
        self.assertEqual((message["NewStateValue"], message["OldStateValue"]), ("OK", "ALARM"))
        self.assertEqual(self.state("backlog")["StateValue"], "OK")

    def test_messages_in_flight_or_delayed_are_not_visible(self):
        watched = self.queue("hidden")
        self.sqs.send_message(QueueUrl=watched, MessageBody="later", DelaySeconds=30)
        self.sqs.send_message(QueueUrl=watched, MessageBody="now")
        self.sqs.receive_message(QueueUrl=watched, VisibilityTimeout=30)
        self.alarm("hidden-backlog", "hidden")
        changes = self.api("POST", "alarms/evaluate")["transitions"]
        time.sleep(3 * self.interval)
        self.assertEqual(self.state("hidden-backlog")["StateValue"], "OK")
        self.assertFalse([c for c in changes if c["alarmName"] == "hidden-backlog"])

    def test_the_age_of_the_oldest_message_raises_its_alarm(self):
        watched = self.queue("aging")
        self.alarm(
            "stale",
            "aging",
            metric="ApproximateAgeOfOldestMessage",
            Threshold=2,
            ComparisonOperator="GreaterThanOrEqualToThreshold",
        )
        self.sqs.send_message(QueueUrl=watched, MessageBody="old")
        time.sleep(3 * self.interval)
        self.assertEqual(self.state("stale")["StateValue"], "OK")
        wait_until(lambda: self.state("stale")["StateValue"] == "ALARM", timeout=5)

    def test_disabled_actions_change_the_state_without_notifying(self):
        topic, inbox = self.subscribed_inbox()
        watched = self.queue("quiet")
        self.alarm("quiet-backlog", "quiet", AlarmActions=[topic], ActionsEnabled=False)
        self.sqs.send_message(QueueUrl=watched, MessageBody="work")
        wait_until(lambda: self.state("quiet-backlog")["StateValue"] == "ALARM", timeout=5)
        self.assertNotIn("Messages", self.sqs.receive_message(QueueUrl=inbox, WaitTimeSeconds=1))

    def test_a_missing_queue_is_insufficient_data_and_other_alarms_are_left_alone(self):
        self.alarm("nowhere", "no-such-queue")
        self.alarm("notbreaching", "no-such-queue", TreatMissingData="notBreaching")
        self.cloudwatch.put_metric_alarm(
            AlarmName="cpu",
            Namespace="AWS/EC2",
            MetricName="CPUUtilization",
            Statistic="Average",
            Period=60,
            EvaluationPeriods=1,
            Threshold=-1,
            ComparisonOperator="GreaterThanThreshold",
        )
        wait_until(lambda: self.state("nowhere")["StateValue"] == "INSUFFICIENT_DATA", timeout=5)
        self.assertEqual(self.state("notbreaching")["StateValue"], "OK")
        self.assertEqual(self.state("cpu")["StateValue"], "OK")

    def test_the_interval_can_be_read_and_changed(self):
        self.assertEqual(self.api("GET", "alarms")["intervalSeconds"], self.interval)
        self.assertEqual(self.api("POST", "alarms", {"intervalSeconds": 2})["intervalSeconds"], 2)
        self.assertIn("error", self.api("POST", "alarms", {"intervalSeconds": 0}, expect=400))
        self.assertIn("error", self.api("POST", "alarms", {"interval": 1}, expect=400))
