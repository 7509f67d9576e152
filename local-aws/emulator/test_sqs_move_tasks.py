"""SQS message move tasks, the DLQ redrive API (sqs_move_tasks.py), with boto3 (SQS's JSON
protocol) against a launcher on a free port."""

import time
import unittest

from botocore.exceptions import ClientError

from launcher_testing import REGION, LauncherTestCase, wait_until


class MoveTaskTest(LauncherTestCase):
    def setUp(self):
        super().setUp()
        self.sqs = self.client("sqs")

    def arn(self, url):
        return self.sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["QueueArn"])[
            "Attributes"
        ]["QueueArn"]

    def queue_with_dlq(self, name="orders"):
        """A queue dead-lettering after one receive, and its DLQ: (queue url, dlq url, dlq arn)."""
        dlq = self.sqs.create_queue(QueueName=f"{name}-dlq")["QueueUrl"]
        dlq_arn = self.arn(dlq)
        queue = self.sqs.create_queue(
            QueueName=name,
            Attributes={
                "RedrivePolicy": f'{{"deadLetterTargetArn": "{dlq_arn}", "maxReceiveCount": "1"}}',
                "VisibilityTimeout": "0",
            },
        )["QueueUrl"]
        return queue, dlq, dlq_arn

    def count(self, url):
        attributes = self.sqs.get_queue_attributes(
            QueueUrl=url, AttributeNames=["ApproximateNumberOfMessages"]
        )["Attributes"]
        return int(attributes["ApproximateNumberOfMessages"])

    def receive_all(self, url, expected, visibility=30):
        messages = []

        def received():
            messages.extend(
                self.sqs.receive_message(
                    QueueUrl=url,
                    MaxNumberOfMessages=10,
                    MessageAttributeNames=["All"],
                    VisibilityTimeout=visibility,
                ).get("Messages", [])
            )
            return len(messages) >= expected

        wait_until(received, message=f"only {len(messages)} of {expected} messages")
        return messages

    def fill_dlq(self, dlq, n):
        for i in range(0, n, 10):
            self.sqs.send_message_batch(
                QueueUrl=dlq,
                Entries=[
                    {"Id": str(j), "MessageBody": f"message {j}"} for j in range(i, min(n, i + 10))
                ],
            )

    def task(self, dlq_arn):
        return self.sqs.list_message_move_tasks(SourceArn=dlq_arn)["Results"][0]

    def assert_error(self, code, call, **kwargs):
        with self.assertRaises(ClientError) as raised:
            call(**kwargs)
        self.assertEqual(raised.exception.response["Error"]["Code"], code)
        return raised.exception.response["Error"]["Message"]

    def test_dead_lettered_messages_go_back_to_their_source_queue_intact(self):
        queue, dlq, dlq_arn = self.queue_with_dlq()
        attributes = {
            "kind": {"DataType": "String", "StringValue": "order"},
            "size": {"DataType": "Number", "StringValue": "3"},
            "blob": {"DataType": "Binary", "BinaryValue": b"\x00\x01"},
        }
        for i in range(3):
            self.sqs.send_message(
                QueueUrl=queue, MessageBody=f"order {i}", MessageAttributes=attributes
            )
        # Received once without a delete (visibility 0): the next receive dead-letters them.
        self.receive_all(queue, 3, visibility=0)
        self.assertEqual(self.sqs.receive_message(QueueUrl=queue).get("Messages", []), [])
        self.assertEqual(self.count(dlq), 3)

        handle = self.sqs.start_message_move_task(SourceArn=dlq_arn)["TaskHandle"]
        self.assertTrue(handle)
        task = wait_until(
            lambda: (t := self.task(dlq_arn))["Status"] == "COMPLETED" and t,
            message="the task never completed",
        )
        self.assertEqual(task["ApproximateNumberOfMessagesMoved"], 3)
        self.assertEqual(task["ApproximateNumberOfMessagesToMove"], 3)
        self.assertNotIn("DestinationArn", task)
        self.assertNotIn("TaskHandle", task)
        self.assertEqual(self.count(dlq), 0)
        moved = self.receive_all(queue, 3)
        self.assertEqual(sorted(m["Body"] for m in moved), ["order 0", "order 1", "order 2"])
        for message in moved:
            self.assertEqual(message["MessageAttributes"], attributes)

    def test_messages_move_to_an_explicit_destination(self):
        _, dlq, dlq_arn = self.queue_with_dlq()
        other = self.sqs.create_queue(QueueName="elsewhere")["QueueUrl"]
        self.fill_dlq(dlq, 4)
        self.sqs.start_message_move_task(SourceArn=dlq_arn, DestinationArn=self.arn(other))
        task = wait_until(
            lambda: (t := self.task(dlq_arn))["Status"] == "COMPLETED" and t,
            message="the task never completed",
        )
        self.assertEqual(task["DestinationArn"], self.arn(other))
        self.assertEqual(task["ApproximateNumberOfMessagesMoved"], 4)
        self.assertEqual(self.count(dlq), 0)
        self.assertEqual(
            sorted(m["Body"] for m in self.receive_all(other, 4)),
            [f"message {i}" for i in range(4)],
        )

    def test_the_rate_limit_paces_the_move_and_list_shows_running_then_completed(self):
        queue, dlq, dlq_arn = self.queue_with_dlq()
        self.fill_dlq(dlq, 6)
        start = time.monotonic()
        handle = self.sqs.start_message_move_task(
            SourceArn=dlq_arn, MaxNumberOfMessagesPerSecond=5
        )["TaskHandle"]
        running = self.task(dlq_arn)
        self.assertEqual(running["Status"], "RUNNING")
        self.assertEqual(running["TaskHandle"], handle)
        self.assertEqual(running["SourceArn"], dlq_arn)
        self.assertEqual(running["MaxNumberOfMessagesPerSecond"], 5)
        self.assertEqual(running["ApproximateNumberOfMessagesToMove"], 6)
        self.assertLess(running["ApproximateNumberOfMessagesMoved"], 6)
        self.assertLess(abs(running["StartedTimestamp"] / 1000 - time.time()), 5)
        task = wait_until(
            lambda: (t := self.task(dlq_arn))["Status"] == "COMPLETED" and t,
            message="the task never completed",
            interval=0.05,
        )
        elapsed = time.monotonic() - start
        # 6 messages at 5 a second: the last one leaves 1 s after the first.
        self.assertGreaterEqual(elapsed, 0.9)
        self.assertLess(elapsed, 3.0)
        self.assertEqual(task["ApproximateNumberOfMessagesMoved"], 6)
        self.assertEqual(self.count(queue), 6)

    def test_cancel_stops_the_move_with_a_count(self):
        queue, dlq, dlq_arn = self.queue_with_dlq()
        self.fill_dlq(dlq, 20)
        handle = self.sqs.start_message_move_task(
            SourceArn=dlq_arn, MaxNumberOfMessagesPerSecond=10
        )["TaskHandle"]
        time.sleep(0.35)
        moved = self.sqs.cancel_message_move_task(TaskHandle=handle)[
            "ApproximateNumberOfMessagesMoved"
        ]
        self.assertGreaterEqual(moved, 1)
        self.assertLess(moved, 20)
        time.sleep(0.3)
        task = self.task(dlq_arn)
        self.assertEqual(task["Status"], "CANCELLED")
        self.assertEqual(task["ApproximateNumberOfMessagesMoved"], moved)
        self.assertNotIn("TaskHandle", task)
        self.assertEqual(self.count(queue), moved)
        self.assertEqual(self.count(dlq), 20 - moved)
        # boto3 reads the query-compatible code AWS sends along (x-amzn-query-error).
        self.assert_error(
            "AWS.SimpleQueueService.UnsupportedOperation", self.sqs.cancel_message_move_task, TaskHandle=handle
        )
        self.assert_error(
            "ResourceNotFoundException", self.sqs.cancel_message_move_task, TaskHandle="nope"
        )

    def test_a_second_concurrent_task_is_refused_and_a_later_one_listed_first(self):
        _, dlq, dlq_arn = self.queue_with_dlq()
        self.fill_dlq(dlq, 5)
        first = self.sqs.start_message_move_task(
            SourceArn=dlq_arn, MaxNumberOfMessagesPerSecond=2
        )["TaskHandle"]
        message = self.assert_error(
            "InvalidParameterValue", self.sqs.start_message_move_task, SourceArn=dlq_arn
        )
        self.assertIn("There is already a task running", message)
        self.sqs.cancel_message_move_task(TaskHandle=first)
        self.sqs.start_message_move_task(SourceArn=dlq_arn)
        wait_until(lambda: self.task(dlq_arn)["Status"] == "COMPLETED")
        tasks = self.sqs.list_message_move_tasks(SourceArn=dlq_arn, MaxResults=10)["Results"]
        self.assertEqual([t["Status"] for t in tasks], ["COMPLETED", "CANCELLED"])
        self.assertEqual(
            sum(t["ApproximateNumberOfMessagesMoved"] for t in tasks), 5
        )

    def test_an_unknown_source_or_one_that_is_no_dlq_is_refused(self):
        queue, _, _ = self.queue_with_dlq()
        missing = f"arn:aws:sqs:{REGION}:{self.account}:no-such-queue"
        self.assert_error(
            "ResourceNotFoundException", self.sqs.start_message_move_task, SourceArn=missing
        )
        self.assert_error(
            "ResourceNotFoundException", self.sqs.list_message_move_tasks, SourceArn=missing
        )
        message = self.assert_error(
            "InvalidParameterValue", self.sqs.start_message_move_task, SourceArn=self.arn(queue)
        )
        self.assertEqual(message, "Source queue must be configured as a Dead Letter Queue.")

    def test_a_dlq_of_several_queues_needs_a_destination(self):
        _, dlq, dlq_arn = self.queue_with_dlq()
        self.sqs.create_queue(
            QueueName="second",
            Attributes={
                "RedrivePolicy": f'{{"deadLetterTargetArn": "{dlq_arn}", "maxReceiveCount": "1"}}'
            },
        )
        self.assert_error(
            "InvalidParameterValue", self.sqs.start_message_move_task, SourceArn=dlq_arn
        )


if __name__ == "__main__":
    unittest.main()
