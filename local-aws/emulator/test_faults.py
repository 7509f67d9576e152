"""Fault injection (faults.py), against a launcher on a free port."""

import random
import time
import urllib.request

from botocore.exceptions import ClientError
from botocore.retries.standard import ThrottledRetryableChecker

from launcher_testing import LauncherTestCase

THROTTLING_CODES = ThrottledRetryableChecker._THROTTLED_ERROR_CODES

# service -> (client name, a harmless call)
CALLS = {
    "rds": ("rds", lambda c: c.describe_db_instances()),  # query
    "dynamodb": ("dynamodb", lambda c: c.list_tables()),  # JSON 1.0
    "events": ("events", lambda c: c.list_event_buses()),  # JSON 1.1
    "sqs": ("sqs", lambda c: c.list_queues()),  # JSON 1.0, query-compatible
    "monitoring": ("cloudwatch", lambda c: c.describe_alarms()),  # JSON 1.0, query-compatible
    "s3": ("s3", lambda c: c.list_buckets()),  # REST-XML, S3 errors
    "scheduler": ("scheduler", lambda c: c.list_schedules()),  # REST-JSON
}


class FaultsTest(LauncherTestCase):
    def setUp(self):
        super().setUp()
        self.api("DELETE", "faults")

    def tearDown(self):
        self.api("DELETE", "faults")

    def error_of(self, call, client):
        with self.assertRaises(ClientError) as caught:
            call(client)
        response = caught.exception.response
        return response["Error"]["Code"], response["ResponseMetadata"]["HTTPStatusCode"]

    def test_throttling_is_answered_in_each_protocol_as_sdks_classify_throttling(self):
        expected = {
            "rds": ("Throttling", 400),
            "dynamodb": ("ThrottlingException", 400),
            "events": ("ThrottlingException", 400),
            "sqs": ("RequestThrottled", 400),
            "monitoring": ("Throttling", 400),
            "s3": ("SlowDown", 503),
            "scheduler": ("ThrottlingException", 429),
        }
        self.api("POST", "faults", {"rules": [{"service": s, "throttle": 1} for s in expected]})
        for service, (client_name, call) in CALLS.items():
            with self.subTest(service):
                code, status = self.error_of(call, self.client(client_name))
                self.assertEqual((code, status), expected[service])
                self.assertIn(code, THROTTLING_CODES)

    def test_errors_are_internal_failures_in_each_protocol(self):
        expected = {
            "rds": "InternalFailure",
            "dynamodb": "InternalFailure",
            "events": "InternalFailure",
            "sqs": "InternalFailure",
            "monitoring": "InternalFailure",
            "s3": "InternalError",
            "scheduler": "InternalFailure",
        }
        self.api("POST", "faults", {"rules": [{"service": "*", "error": 1}]})
        for service, (client_name, call) in CALLS.items():
            with self.subTest(service):
                code, status = self.error_of(call, self.client(client_name))
                self.assertEqual((code, status), (expected[service], 500))

    def test_raw_answers_carry_the_protocol_headers(self):
        self.api(
            "POST", "faults", {"rules": [{"service": s, "throttle": 1} for s in ("sqs", "events")]}
        )
        seen = {}
        for client_name in ("sqs", "events"):
            client = self.client(client_name)
            client.meta.events.register(
                "after-call",
                lambda http_response, model, **kw: seen.__setitem__(model.name, http_response),
            )
            try:
                client.list_queues() if client_name == "sqs" else client.list_event_buses()
            except ClientError:
                pass
        sqs, events = seen["ListQueues"], seen["ListEventBuses"]
        self.assertEqual(sqs.headers["x-amzn-query-error"], "RequestThrottled;Sender")
        self.assertEqual(sqs.headers["x-amzn-ErrorType"], "ThrottlingException")
        self.assertEqual(events.headers["x-amzn-ErrorType"], "ThrottlingException")
        self.assertNotIn("x-amzn-query-error", events.headers)
        self.assertIn(b'"__type": "ThrottlingException"', events.content)

    def test_rules_match_the_operation_of_query_and_json_requests(self):
        self.api(
            "POST",
            "faults",
            {
                "rules": [
                    {"service": "rds", "operation": "CreateDBSnapshot", "throttle": 1},
                    {"service": "dynamodb", "operation": "ListTables", "error": 1},
                ]
            },
        )
        rds, dynamodb = self.client("rds"), self.client("dynamodb")
        rds.describe_db_snapshots()  # the form body was read and put back for moto
        self.assertEqual(
            self.error_of(
                lambda c: c.create_db_snapshot(DBSnapshotIdentifier="s", DBInstanceIdentifier="d"),
                rds,
            ),
            ("Throttling", 400),
        )
        dynamodb.describe_limits()
        self.assertEqual(
            self.error_of(lambda c: c.list_tables(), dynamodb), ("InternalFailure", 500)
        )

    def test_a_refusal_answers_the_rule_s_own_error_in_its_region_only(self):
        self.api(
            "POST",
            "faults",
            {
                "rules": [
                    {
                        "service": "rds",
                        "operation": "CopyDBSnapshot",
                        "region": "eu-west-1",
                        "refuse": 1,
                        "code": "KMSKeyNotAccessibleFault",
                        "message": "The key is not accessible.",
                    },
                    {
                        "service": "sts",
                        "operation": "AssumeRole",
                        "refuse": 1,
                        "code": "AccessDenied",
                        "status": 403,
                    },
                    {
                        "service": "kms",
                        "operation": "DescribeKey",
                        "refuse": 1,
                        "code": "NotFoundException",
                    },
                ]
            },
        )
        copy = lambda c: c.copy_db_snapshot(  # noqa: E731
            SourceDBSnapshotIdentifier="s", TargetDBSnapshotIdentifier="t"
        )
        with self.assertRaises(ClientError) as refused:
            copy(self.client("rds", region="eu-west-1"))
        error = refused.exception.response["Error"]
        self.assertEqual(
            (error["Code"], error["Message"]),
            ("KMSKeyNotAccessibleFault", "The key is not accessible."),
        )
        # Elsewhere the request reaches moto, which has no such snapshot.
        self.assertEqual(self.error_of(copy, self.client("rds")), ("DBSnapshotNotFound", 404))
        self.assertEqual(
            self.error_of(
                lambda c: c.assume_role(
                    RoleArn="arn:aws:iam::222222222222:role/x", RoleSessionName="test"
                ),
                self.client("sts"),
            ),
            ("AccessDenied", 403),
        )
        self.assertEqual(
            self.error_of(lambda c: c.describe_key(KeyId="alias/x"), self.client("kms")),
            ("NotFoundException", 400),
        )
        injected = self.api("GET", "faults")["injected"]
        self.assertEqual(injected["rds:CopyDBSnapshot:refuse:KMSKeyNotAccessibleFault"], 1)

    def outcomes(self, calls):
        sqs = self.client("sqs")
        results = []
        for _ in range(calls):
            try:
                sqs.list_queues()
                results.append(False)
            except ClientError:
                results.append(True)
        return results

    def test_throttling_follows_the_probability_and_a_seed_makes_it_exact(self):
        self.api("POST", "faults", {"rules": [{"service": "sqs", "throttle": 0.3}]})
        throttled = sum(self.outcomes(200))
        self.assertTrue(30 <= throttled <= 90, throttled)  # mean 60, sd 6.5

        self.api("POST", "faults", {"seed": 42, "rules": [{"service": "sqs", "throttle": 0.3}]})
        first = self.outcomes(200)
        rng = random.Random(42)
        self.assertEqual(first, [rng.random() < 0.3 for _ in range(200)])
        self.api("POST", "faults", {"seed": 42, "rules": [{"service": "sqs", "throttle": 0.3}]})
        self.assertEqual(self.outcomes(200), first)
        state = self.api("GET", "faults")
        self.assertEqual(state["injected"]["sqs:ListQueues:throttle"], sum(first))

    def test_a_rate_limit_throttles_what_exceeds_the_bucket_and_refills_over_time(self):
        self.api(
            "POST",
            "faults",
            {"rules": [{"service": "sqs", "ratePerSecond": 1, "burst": 5}]},
        )
        burst = self.outcomes(8)  # well under a second: less than one token comes back
        self.assertEqual(burst, [False] * 5 + [True] * 3)  # five tokens, then throttled
        time.sleep(2.1)  # two tokens come back in two seconds
        self.assertEqual(self.outcomes(3), [False, False, True])
        state = self.api("GET", "faults")
        self.assertEqual(state["injected"]["sqs:ListQueues:throttle"], 4)
        self.assertEqual(state["rules"][0]["ratePerSecond"], 1.0)

    def test_latency_delays_matching_requests_only(self):
        self.api("POST", "faults", {"rules": [{"service": "dynamodb", "latencyMs": 400}]})
        dynamodb, sqs = self.client("dynamodb"), self.client("sqs")
        dynamodb.list_tables()
        sqs.list_queues()  # warm connections and clients
        started = time.monotonic()
        dynamodb.list_tables()
        self.assertGreaterEqual(time.monotonic() - started, 0.4)
        started = time.monotonic()
        sqs.list_queues()
        self.assertLess(time.monotonic() - started, 0.3)
        self.assertEqual(self.api("GET", "faults")["injected"]["dynamodb:ListTables:latency"], 2)

    def test_a_rule_for_some_seconds_expires(self):
        self.api("POST", "faults", {"rules": [{"service": "*", "error": 1, "forSeconds": 1}]})
        sqs = self.client("sqs")
        self.assertEqual(self.error_of(lambda c: c.list_queues(), sqs), ("InternalFailure", 500))
        rules = self.api("GET", "faults")["rules"]
        self.assertEqual(len(rules), 1)
        self.assertTrue(0 < rules[0]["remainingSeconds"] <= 1, rules)
        time.sleep(1.1)
        sqs.list_queues()
        self.assertEqual(self.api("GET", "faults")["rules"], [])

    def test_moto_api_requests_are_never_faulted_nor_counted(self):
        self.api("POST", "faults", {"rules": [{"service": "*", "error": 1, "latencyMs": 500}]})
        started = time.monotonic()
        self.api("GET", "info")
        transition = self.url + "/moto-api/state-manager/get-transition?model_name=rds::snapshot"
        urllib.request.urlopen(transition, timeout=5).read()
        self.assertLess(time.monotonic() - started, 0.5)
        state = self.api("GET", "faults")
        self.assertEqual((state["seen"], state["injected"]), ({}, {}))

    def test_counters_count_attempts_since_the_last_post_or_delete(self):
        rds = self.client("rds", attempts=2)
        rds.describe_db_instances()  # before the POST: not counted
        self.api(
            "POST",
            "faults",
            {"rules": [{"service": "rds", "operation": "CreateDBSnapshot", "throttle": 1}]},
        )
        for _ in range(3):
            rds.describe_db_instances()
        with self.assertRaises(ClientError):
            rds.create_db_snapshot(DBSnapshotIdentifier="s", DBInstanceIdentifier="d")
        state = self.api("GET", "faults")
        self.assertEqual(state["seen"], {"rds:DescribeDBInstances": 3, "rds:CreateDBSnapshot": 2})
        self.assertEqual(state["injected"], {"rds:CreateDBSnapshot:throttle": 2})
        cleared = self.api("DELETE", "faults")
        self.assertEqual((cleared["rules"], cleared["seen"], cleared["injected"]), ([], {}, {}))

    def test_rest_requests_are_counted_under_operation_star(self):
        self.api("POST", "faults", {"rules": []})
        self.client("s3").list_buckets()
        self.client("scheduler").list_schedules()
        self.assertEqual(self.api("GET", "faults")["seen"], {"s3:*": 1, "scheduler:*": 1})

    def test_invalid_rules_are_refused(self):
        for body in (
            {"rules": [{"service": "rds", "throtle": 0.5}]},
            {"rules": [{"throttle": 0.7, "error": 0.5}]},
            {"rules": [{"throttle": 2}]},
            {"rules": "rds"},
            {"seed": 1, "extra": True},
            {"seed": [1], "rules": []},
            {"rules": [{"ratePerSecond": 0}]},
            {"rules": [{"burst": 5}]},
            {"rules": [{"refuse": 1}]},
            {"rules": [{"refuse": 1, "code": "AccessDenied", "status": 500}]},
            {"rules": [{"refuse": 0.6, "error": 0.6, "code": "AccessDenied"}]},
        ):
            with self.subTest(body=body):
                self.assertIn("error", self.api("POST", "faults", body, expect=400))
