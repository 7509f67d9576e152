"""CloudWatch over Smithy RPC v2 CBOR (cloudwatch_cbor.py): raw requests written as the AWS SDK
for Java v2 writes them, botocore's own RPC v2 CBOR client, and the translation in-process."""

import gzip
import http.client
import io
import json
import math
import struct
import time
import unittest
from unittest import mock

import botocore.model
import cbor2
from botocore.exceptions import ClientError

import cloudwatch_cbor
import faults
from launcher_testing import LauncherTestCase

SERVICE = "GraniteServiceVersion20100801"
NAMESPACE = "com.amazonaws.cloudwatch"
TOPIC = "arn:aws:sns:us-east-1:000000000000:alerts"


class Timestamp(float):
    """Epoch seconds, written as tag 1."""


def java_cbor(value):
    """CBOR as the Java SDK 2.41 writes it (seen on the wire): maps of indefinite length,
    arrays of definite length, whole doubles as integers, other doubles as single precision
    when that is exact, timestamps as tag 1 over a double."""
    if isinstance(value, dict):
        items = b"".join(java_cbor(k) + java_cbor(v) for k, v in value.items())
        return b"\xbf" + items + b"\xff"
    if isinstance(value, list):
        n = len(value)
        head = bytes([0x80 | n]) if n < 24 else b"\x98" + bytes([n])
        return head + b"".join(java_cbor(v) for v in value)
    if isinstance(value, Timestamp):
        return b"\xc1\xfb" + struct.pack(">d", value)
    if isinstance(value, float):
        if value.is_integer():
            return cbor2.dumps(int(value))
        single = struct.pack(">f", value)
        if struct.unpack(">f", single)[0] == value:
            return b"\xfa" + single
        return b"\xfb" + struct.pack(">d", value)
    return cbor2.dumps(value)


def decode(raw):
    """A CBOR answer with its tag-1 timestamps kept as CBORTag(1, seconds)."""
    return cbor2.loads(raw, semantic_decoders={1: lambda value, immutable: cbor2.CBORTag(1, value)})


class RpcV2CborTestCase(LauncherTestCase):
    def call(self, operation, body=None, data=None, headers=None, expect=200):
        """POSTs an RPC v2 CBOR request (body: written as the Java SDK would; data: raw bytes);
        (decoded answer or None, lower-cased headers)."""
        if data is None:
            data = b"" if body is None else java_cbor(body)
        sent = {
            "smithy-protocol": "rpc-v2-cbor",
            "Accept": "application/cbor",
            "x-amzn-query-mode": "true",
            "X-Amz-Date": "20260101T000000Z",
            "Authorization": (
                f"AWS4-HMAC-SHA256 Credential={self.account}/20260101/us-east-1/monitoring/"
                "aws4_request, SignedHeaders=accept;content-type;host;smithy-protocol;x-amz-date, "
                "Signature=" + "0" * 64
            ),
        }
        if data:
            sent["Content-Type"] = "application/cbor"
        sent.update(headers or {})
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
        try:
            connection.request(
                "POST", f"/service/{SERVICE}/operation/{operation}", body=data, headers=sent
            )
            response = connection.getresponse()
            status, raw = response.status, response.read()
            answer_headers = {k.lower(): v for k, v in response.getheaders()}
        finally:
            connection.close()
        self.assertEqual(status, expect, raw)
        self.assertEqual(answer_headers.get("smithy-protocol"), "rpc-v2-cbor")
        self.assertNotIn("x-amzn-errortype", answer_headers)
        self.assertEqual(answer_headers["content-length"], str(len(raw)))
        if not raw:
            self.assertNotIn("content-type", answer_headers)
            return None, answer_headers
        self.assertEqual(answer_headers["content-type"], "application/cbor")
        return decode(raw), answer_headers

    def put_alarm(self, name, **overrides):
        alarm = {
            "AlarmName": name,
            "Namespace": "AWS/SQS",
            "MetricName": "ApproximateNumberOfMessagesVisible",
            "Dimensions": [{"Name": "QueueName", "Value": f"{name}-queue"}],
            "Statistic": "Maximum",
            "Period": 60,
            "EvaluationPeriods": 1,
            "Threshold": 0.75,
            "ComparisonOperator": "GreaterThanThreshold",
            "TreatMissingData": "notBreaching",
            "AlarmActions": [TOPIC],
            **overrides,
        }
        answer, _ = self.call("PutMetricAlarm", alarm)
        self.assertIsNone(answer)  # no output: 200 without a body

    def describe(self, name):
        answer, _ = self.call("DescribeAlarms", {"AlarmNames": [name]})
        return answer["MetricAlarms"]

    def assert_recent_timestamp(self, value, seconds=120):
        self.assertIsInstance(value, cbor2.CBORTag)
        self.assertEqual(value.tag, 1)
        self.assertIsInstance(value.value, float)
        self.assertLess(abs(value.value - time.time()), seconds)


class CloudWatchCborTest(RpcV2CborTestCase):
    def test_put_metric_alarm_and_describe_alarms_round_trip(self):
        self.put_alarm("depth", Threshold=0.1)  # not exact in single precision: a double
        (alarm,) = self.describe("depth")
        self.assertEqual(alarm["AlarmName"], "depth")
        self.assertEqual(
            alarm["AlarmArn"], f"arn:aws:cloudwatch:us-east-1:{self.account}:alarm:depth"
        )
        self.assertEqual(alarm["Namespace"], "AWS/SQS")
        self.assertEqual(alarm["MetricName"], "ApproximateNumberOfMessagesVisible")
        self.assertEqual(alarm["Dimensions"], [{"Name": "QueueName", "Value": "depth-queue"}])
        self.assertEqual(alarm["Statistic"], "Maximum")
        self.assertEqual((alarm["Period"], alarm["EvaluationPeriods"]), (60, 1))
        self.assertEqual(alarm["Threshold"], 0.1)
        self.assertIsInstance(alarm["Threshold"], float)
        self.assertEqual(alarm["ComparisonOperator"], "GreaterThanThreshold")
        self.assertEqual(alarm["TreatMissingData"], "notBreaching")
        self.assertEqual(alarm["AlarmActions"], [TOPIC])
        self.assertIs(alarm["ActionsEnabled"], True)
        self.assertEqual(alarm["StateValue"], "OK")
        self.assert_recent_timestamp(alarm["StateUpdatedTimestamp"])
        self.assert_recent_timestamp(alarm["AlarmConfigurationUpdatedTimestamp"])

        # A whole double arrives as an integer (as the Java SDK writes 0.0) and answers a float.
        self.put_alarm("zero", Threshold=0.0)
        (zero,) = self.describe("zero")
        self.assertEqual(zero["Threshold"], 0.0)
        self.assertIsInstance(zero["Threshold"], float)

        # The same alarms, seen through moto's JSON protocol.
        alarms = self.client("cloudwatch").describe_alarms(AlarmNames=["depth", "zero"])
        self.assertEqual(
            sorted((a["AlarmName"], a["Threshold"]) for a in alarms["MetricAlarms"]),
            [("depth", 0.1), ("zero", 0.0)],
        )

    def test_set_alarm_state_and_delete_alarms(self):
        # A namespace that alarms.py does not evaluate, so that nothing changes the state back.
        self.put_alarm("manual", Namespace="Snaplife/Tests", MetricName="Things")
        self.assertIsNone(
            self.call(
                "SetAlarmState",
                {"AlarmName": "manual", "StateValue": "ALARM", "StateReason": "by hand"},
            )[0]
        )
        (alarm,) = self.describe("manual")
        self.assertEqual((alarm["StateValue"], alarm["StateReason"]), ("ALARM", "by hand"))
        self.assert_recent_timestamp(alarm["StateUpdatedTimestamp"])

        self.assertIsNone(self.call("DeleteAlarms", {"AlarmNames": ["manual"]})[0])
        self.assertEqual(self.describe("manual"), [])

    def test_put_metric_data_with_timestamp_then_statistics_and_list_metrics(self):
        sent = round(time.time() - 30, 3)
        datum = {
            "MetricName": "Runs",
            "Dimensions": [{"Name": "Service", "Value": "snapshot"}],
            "Timestamp": Timestamp(sent),
            "Value": 1.5,  # single precision on the wire
            "Unit": "Count",
        }
        self.assertIsNone(
            self.call("PutMetricData", {"Namespace": "Snaplife/Tests", "MetricData": [datum]})[0]
        )
        statistics, _ = self.call(
            "GetMetricStatistics",
            {
                "Namespace": "Snaplife/Tests",
                "MetricName": "Runs",
                "Dimensions": [{"Name": "Service", "Value": "snapshot"}],
                "StartTime": Timestamp(time.time() - 600),
                "EndTime": Timestamp(time.time() + 60),
                "Period": 60,
                "Statistics": ["Sum", "SampleCount", "Maximum"],
            },
        )
        (point,) = statistics["Datapoints"]
        self.assertEqual(point["Timestamp"], cbor2.CBORTag(1, sent))
        self.assertEqual((point["Sum"], point["SampleCount"], point["Maximum"]), (1.5, 1.0, 1.5))
        self.assertEqual(point["Unit"], "Count")

        listed, _ = self.call("ListMetrics", {"Namespace": "Snaplife/Tests"})
        self.assertEqual(
            listed["Metrics"],
            [
                {
                    "Namespace": "Snaplife/Tests",
                    "MetricName": "Runs",
                    "Dimensions": [{"Name": "Service", "Value": "snapshot"}],
                }
            ],
        )

    def test_bodies_of_every_form_are_read(self):
        self.put_alarm("forms")
        # No body at all, an empty indefinite map (the Java SDK's empty input), an empty map.
        for data in (b"", b"\xbf\xff", b"\xa0"):
            with self.subTest(data=data):
                answer, _ = self.call("DescribeAlarms", data=data)
                self.assertEqual([a["AlarmName"] for a in answer["MetricAlarms"]], ["forms"])
        # Definite lengths throughout (cbor2's own encoding) and a gzipped body (PutMetricData
        # has the requestCompression trait).
        answer, _ = self.call("DescribeAlarms", data=cbor2.dumps({"AlarmNames": ["forms"]}))
        self.assertEqual(len(answer["MetricAlarms"]), 1)
        body = cbor2.dumps(
            {
                "Namespace": "Snaplife/Tests",
                "MetricData": [{"MetricName": "Zipped", "Value": 2.0, "Unit": "Count"}],
            },
            indefinite_containers=True,
        )
        self.call(
            "PutMetricData", data=gzip.compress(body), headers={"Content-Encoding": "gzip"}
        )
        listed, _ = self.call("ListMetrics", {"Namespace": "Snaplife/Tests"})
        self.assertEqual([m["MetricName"] for m in listed["Metrics"]], ["Zipped"])

    def test_errors_carry_their_shape_id_and_the_query_error_code(self):
        # moto's code is mapped back to the operation's error shape...
        answer, headers = self.call(
            "SetAlarmState",
            {"AlarmName": "missing", "StateValue": "ALARM", "StateReason": "x"},
            expect=404,
        )
        self.assertEqual(answer["__type"], f"{NAMESPACE}#ResourceNotFound")
        self.assertIsInstance(answer["message"], str)
        self.assertEqual(headers["x-amzn-query-error"], "ResourceNotFound;Sender")

        # ...also when the shape's name is not the code (DashboardNotFoundError/ResourceNotFound).
        answer, headers = self.call("GetDashboard", {"DashboardName": "missing"}, expect=404)
        self.assertEqual(
            answer,
            {
                "__type": f"{NAMESPACE}#DashboardNotFoundError",
                "message": "Dashboard does not exist",
            },
        )
        self.assertEqual(headers["x-amzn-query-error"], "ResourceNotFound;Sender")

        # An invalid parameter.
        answer, headers = self.call(
            "GetMetricStatistics",
            {
                "Namespace": "Snaplife/Tests",
                "MetricName": "Runs",
                "StartTime": Timestamp(time.time() - 600),
                "EndTime": Timestamp(time.time()),
                "Period": 60,
            },
            expect=400,
        )
        self.assertEqual(answer["__type"], f"{NAMESPACE}#InvalidParameterCombinationException")
        self.assertEqual(answer["message"], "Must specify either Statistics or ExtendedStatistics")
        self.assertEqual(headers["x-amzn-query-error"], "InvalidParameterCombination;Sender")

        # NaN crosses as JSON 1.0 writes it, and moto rejects it as AWS does.
        answer, _ = self.call(
            "PutMetricData",
            {"Namespace": "Snaplife/Tests", "MetricData": [{"MetricName": "m", "Value": math.nan}]},
            expect=400,
        )
        self.assertEqual(answer["__type"], f"{NAMESPACE}#InvalidParameterValueException")

    def test_requests_the_extension_cannot_serve(self):
        answer, _ = self.call("NoSuchOperation", {}, expect=404)
        self.assertEqual(answer["__type"], "UnknownOperationException")
        answer, _ = self.call("DescribeAlarms", data=b"\xbf\x61", expect=400)
        self.assertEqual(answer["__type"], "SerializationException")
        answer, _ = self.call("DescribeAlarms", data=cbor2.dumps([1]), expect=400)
        self.assertEqual(answer["__type"], "SerializationException")

    def test_botocore_rpc_v2_cbor_client(self):
        """botocore has its own RPC v2 CBOR serializer and parser (it prefers JSON for
        CloudWatch): a second, independent client of the protocol."""
        protocols = ("smithy-rpc-v2-cbor", "json", "query")
        with mock.patch.object(botocore.model, "PRIORITY_ORDERED_SUPPORTED_PROTOCOLS", protocols):
            cloudwatch = self.client("cloudwatch")
        self.assertEqual(cloudwatch.meta.service_model.resolved_protocol, "smithy-rpc-v2-cbor")
        cloudwatch.put_metric_alarm(
            AlarmName="boto",
            Namespace="Snaplife/Tests",
            MetricName="Things",
            Dimensions=[{"Name": "Service", "Value": "x"}],
            Statistic="Maximum",
            Period=60,
            EvaluationPeriods=1,
            Threshold=3.25,
            ComparisonOperator="GreaterThanOrEqualToThreshold",
            AlarmActions=[TOPIC],
        )
        cloudwatch.set_alarm_state(AlarmName="boto", StateValue="ALARM", StateReason="test")
        (alarm,) = cloudwatch.describe_alarms(AlarmNames=["boto"])["MetricAlarms"]
        self.assertEqual(
            (alarm["Threshold"], alarm["StateValue"], alarm["AlarmActions"]),
            (3.25, "ALARM", [TOPIC]),
        )
        self.assertLess(abs(alarm["StateUpdatedTimestamp"].timestamp() - time.time()), 120)
        cloudwatch.delete_alarms(AlarmNames=["boto"])
        self.assertEqual(cloudwatch.describe_alarms(AlarmNames=["boto"])["MetricAlarms"], [])
        with self.assertRaises(cloudwatch.exceptions.ResourceNotFound) as caught:
            cloudwatch.set_alarm_state(AlarmName="boto", StateValue="OK", StateReason="gone")
        self.assertEqual(caught.exception.response["Error"]["Code"], "ResourceNotFound")
        self.assertEqual(caught.exception.response["ResponseMetadata"]["HTTPStatusCode"], 404)


class CloudWatchCborFaultsTest(RpcV2CborTestCase):
    def setUp(self):
        super().setUp()
        self.api("DELETE", "faults")

    def tearDown(self):
        self.api("DELETE", "faults")

    def test_fault_rules_match_the_operation_and_answer_in_cbor(self):
        self.api(
            "POST",
            "faults",
            {
                "rules": [
                    {"service": "monitoring", "operation": "DescribeAlarms", "throttle": 1},
                    {"service": "monitoring", "operation": "ListMetrics", "error": 1},
                ]
            },
        )
        self.put_alarm("faulted")  # another operation: not faulted
        answer, headers = self.call("DescribeAlarms", {"AlarmNames": ["faulted"]}, expect=400)
        self.assertEqual(answer, {"__type": "ThrottlingException", "message": "Rate exceeded"})
        self.assertEqual(headers["x-amzn-query-error"], "Throttling;Sender")
        answer, headers = self.call("ListMetrics", {}, expect=500)
        self.assertEqual(answer["__type"], "InternalFailure")
        self.assertEqual(headers["x-amzn-query-error"], "InternalFailure;Receiver")

        state = self.api("GET", "faults")
        self.assertEqual(
            state["seen"],
            {
                "monitoring:PutMetricAlarm": 1,
                "monitoring:DescribeAlarms": 1,
                "monitoring:ListMetrics": 1,
            },
        )
        self.assertEqual(
            state["injected"],
            {"monitoring:DescribeAlarms:throttle": 1, "monitoring:ListMetrics:error": 1},
        )
        with self.assertRaises(ClientError) as caught:  # boto3's JSON requests alike
            self.client("cloudwatch").describe_alarms()
        self.assertEqual(caught.exception.response["Error"]["Code"], "Throttling")


class TranslationTest(unittest.TestCase):
    """The translation in-process, around a stand-in for faults and moto."""

    def environ(self, operation, data, **extra):
        return {
            "REQUEST_METHOD": "POST",
            "PATH_INFO": f"/service/{SERVICE}/operation/{operation}",
            "QUERY_STRING": "",
            "CONTENT_TYPE": "application/cbor",
            "CONTENT_LENGTH": str(len(data)),
            "HTTP_SMITHY_PROTOCOL": "rpc-v2-cbor",
            "HTTP_AUTHORIZATION": "AWS4-HMAC-SHA256 Credential=test/20260101/us-east-1/"
            "monitoring/aws4_request, SignedHeaders=host, Signature=0",
            "HTTP_X_AMZN_QUERY_MODE": "true",
            "wsgi.input": io.BytesIO(data),
            **extra,
        }

    def serve(self, environ, status, headers, body):
        """Runs the extension's handler against an inner app answering (status, headers, body);
        (environ the inner app saw, its JSON body, (status, headers, body) answered)."""
        seen = {}

        def inner(env, start_response):
            seen["environ"] = dict(env)
            seen["body"] = env["wsgi.input"].read(int(env["CONTENT_LENGTH"]))
            start_response(status, headers)
            return [body]

        answered = {}

        def start_response(status_line, answer_headers):
            answered["status"], answered["headers"] = status_line, dict(answer_headers)

        target = cloudwatch_cbor.target_of(environ)
        data = b"".join(cloudwatch_cbor.handle(environ, start_response, inner, *target))
        return (
            seen.get("environ"),
            json.loads(seen["body"]) if "body" in seen else None,
            (answered["status"], answered["headers"], data),
        )

    def test_the_request_is_reissued_as_json_1_0_at_its_original_path(self):
        data = java_cbor(
            {
                "Namespace": "N",
                "MetricData": [
                    {
                        "MetricName": "m",
                        "Timestamp": Timestamp(1700000000.123),
                        "Values": [1.0, 2.5, math.inf],
                    }
                ],
            }
        )
        environ, document, (status, headers, body) = self.serve(
            self.environ("PutMetricData", data), "200 OK", [("Content-Type", "text")], b"{}"
        )
        self.assertEqual(
            document,
            {
                "Namespace": "N",
                "MetricData": [
                    {"MetricName": "m", "Timestamp": 1700000000.123, "Values": [1, 2.5, "Infinity"]}
                ],
            },
        )
        self.assertEqual(environ["PATH_INFO"], f"/service/{SERVICE}/operation/PutMetricData")
        self.assertEqual(environ["HTTP_X_AMZ_TARGET"], f"{SERVICE}.PutMetricData")
        self.assertEqual(environ["CONTENT_TYPE"], "application/x-amz-json-1.0")
        authorization = self.environ("PutMetricData", b"")["HTTP_AUTHORIZATION"]
        self.assertEqual(environ["HTTP_AUTHORIZATION"], authorization)
        # What faults.py makes of it: the service, the operation, JSON errors.
        self.assertEqual(faults.classify(environ), ("monitoring", "PutMetricData", "json"))
        self.assertEqual((status, body), ("200 OK", b""))
        self.assertEqual(headers, {"smithy-protocol": "rpc-v2-cbor", "Content-Length": "0"})

    def test_datetimes_and_byte_strings_become_json_values(self):
        data = cbor2.dumps(
            {
                "A": cbor2.CBORTag(0, "2024-01-02T03:04:05.5Z"),  # cbor2 decodes as a datetime
                "B": b"\x00\xffdata",
                "C": cbor2.undefined,
                "D": cbor2.CBORTag(1, 1700000000),
            }
        )
        _, document, _ = self.serve(
            self.environ("DescribeAlarms", data), "200 OK", [], b'{"MetricAlarms": []}'
        )
        self.assertEqual(
            document, {"A": 1704164645.5, "B": "AP9kYXRh", "C": None, "D": 1700000000}
        )

    def test_the_answer_follows_the_output_shape(self):
        moto_answer = {
            "MetricDataResults": [
                {
                    "Id": "q",
                    "Timestamps": [1700000000.1234, "2024-01-02T03:04:05Z"],
                    "Values": [1, 2.5],
                    "StatusCode": "Complete",
                    "Label": None,
                }
            ],
            "Messages": [],
        }
        _, _, (status, headers, body) = self.serve(
            self.environ("GetMetricData", b""),
            "200 OK",
            [("Content-Type", "text"), ("x-amzn-RequestId", "r1")],
            json.dumps(moto_answer).encode(),
        )
        self.assertEqual(status, "200 OK")
        self.assertEqual(headers["Content-Type"], "application/cbor")
        self.assertEqual(headers["x-amzn-RequestId"], "r1")
        result = decode(body)["MetricDataResults"][0]
        self.assertEqual(
            result["Timestamps"], [cbor2.CBORTag(1, 1700000000.123), cbor2.CBORTag(1, 1704164645.0)]
        )
        self.assertEqual(result["Values"], [1.0, 2.5])
        self.assertIsInstance(result["Values"][0], float)
        self.assertNotIn("Label", result)  # nulls are omitted

    def test_errors_without_a_query_error_header_get_one(self):
        _, _, (status, headers, body) = self.serve(
            self.environ("SetAlarmState", b""),
            "400 Bad Request",
            [("X-Amzn-ErrorType", f"{SERVICE}#InvalidFormat"), ("Content-Type", "text")],
            json.dumps({"__type": f"{SERVICE}#InvalidFormat", "Message": "Unknown"}).encode(),
        )
        self.assertEqual(status, "400 Bad Request")
        self.assertNotIn("X-Amzn-ErrorType", headers)
        self.assertEqual(headers["x-amzn-query-error"], "InvalidFormat;Sender")
        self.assertEqual(
            decode(body), {"__type": f"{NAMESPACE}#InvalidFormatFault", "message": "Unknown"}
        )

    def test_only_rpc_v2_cbor_requests_of_known_services_are_translated(self):
        self.assertEqual(
            cloudwatch_cbor.target_of(self.environ("ListMetrics", b"")), (SERVICE, "ListMetrics")
        )
        absolute = self.environ("ListMetrics", b"")
        absolute["PATH_INFO"] = f"/v1/service/{NAMESPACE}.{SERVICE}/operation/ListMetrics"
        self.assertEqual(cloudwatch_cbor.target_of(absolute), (SERVICE, "ListMetrics"))
        for change in (
            {"HTTP_SMITHY_PROTOCOL": "rpc-v2-json"},
            {"REQUEST_METHOD": "GET"},
            {"PATH_INFO": "/service/DynamoDB_20120810/operation/ListTables"},
            {"PATH_INFO": f"/service/{SERVICE}/operation/ListMetrics/extra"},
        ):
            with self.subTest(change=change):
                environ = {**self.environ("ListMetrics", b""), **change}
                self.assertIsNone(cloudwatch_cbor.target_of(environ))
        environ = self.environ("ListMetrics", b"")
        del environ["HTTP_SMITHY_PROTOCOL"]
        self.assertIsNone(cloudwatch_cbor.target_of(environ))


if __name__ == "__main__":
    unittest.main()
