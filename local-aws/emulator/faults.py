"""Fault injection: throttling, internal errors and latency on chosen AWS requests, answered in
each protocol's own error format so that SDKs classify them as they would AWS's.

POST /moto-api/snaplife/faults replaces every rule (and resets the counters):

    {"seed": 42,                                  optional; seeds the draws, for exact runs
     "rules": [{"service": "rds",                 SigV4 signing name, or "*" (default)
                "operation": "CreateDBSnapshot",  API action, or "*" (default)
                "throttle": 0.3,                  probability of a throttling error
                "error": 0.0,                     probability of an internal error
                "latencyMs": 0,                   delay before the request is handled
                "ratePerSecond": null,            throttle what exceeds this rate, as AWS does:
                "burst": null,                      a token bucket of "burst" tokens (default:
                                                    one second's worth) refilled at the rate
                "forSeconds": null,               the rule expires that long after the POST
                "region": "*",                    only requests signed for this region
                "refuse": 0.0,                    probability of refusing with AWS's own error:
                "code": "KMSKeyNotAccessibleFault",   its code (required with refuse),
                "message": "...",                     message,
                "status": 400}]}                      and HTTP status

GET answers {"seed", "rules": [... each with "remainingSeconds" (null: no expiry)],
"seen": {"rds:CreateDBSnapshot": n}, "injected": {"rds:CreateDBSnapshot:throttle": n}}: every
request (each SDK attempt) seen and every fault injected (kinds throttle, error, latency), by
"service:operation", since the last POST or DELETE. POST and DELETE answer the same; DELETE
removes every rule and resets the counters.

A request's service is the signing name in its Authorization credential scope (or the
X-Amz-Credential query parameter of a presigned URL; "unknown" when unsigned). Its operation is
the Action parameter of query-protocol requests (query string or form body), the part after the
last "." of X-Amz-Target for JSON-protocol requests, and "*" for REST requests (s3, scheduler...),
which therefore match only operation "*". Requests to /moto-api/... are never faulted nor counted.

Every unexpired rule that matches a request applies, in order: its latency is added, then one
draw r in [0, 1) decides: r < throttle throttles, r < throttle + error fails, r < throttle +
error + refuse refuses (a client error a person must fix: a key not accessible, a role that
cannot be assumed), answered with the rule's code, message and status in the protocol's format. The first rule
whose draw fails the request decides the answer; the latency is slept first either way. Each
matching rule consumes exactly one draw, so a seeded run is reproducible. A rule with a rate
throttles a request that finds its bucket empty (before the draw): a random share models a
flaky service, a rate models AWS's own request-rate limits, which clients can adapt to.

Answers: query protocol (rds, sns, sts...) HTTP 400 <ErrorResponse> Sender/Throttling, or 500
Receiver/InternalFailure; EC2 503 RequestLimitExceeded or 500 InternalError; JSON protocols
(dynamodb, events, kms, sqs, monitoring...) HTTP 400 {"__type": "ThrottlingException"} or 500
InternalFailure with the x-amzn-ErrorType header, plus x-amzn-query-error
("RequestThrottled;Sender" for SQS, "Throttling;Sender" for CloudWatch,
"InternalFailure;Receiver") for the two awsQueryCompatible services, from which botocore and the
Java SDK take the error code; REST-JSON (scheduler, lambda...) 429 ThrottlingException or 500
InternalFailure; S3 503 <Error><Code>SlowDown</Code> or 500 InternalError.
"""

import io
import json
import random
import threading
import time
import uuid
from collections import Counter
from urllib.parse import parse_qs
from xml.sax.saxutils import escape

from moto.moto_server.werkzeug_app import DomainDispatcherApplication

from extension_support import ApiError, method_not_allowed, read_json, register

NAME = "faults"

RULE_DEFAULTS = {
    "service": "*",
    "operation": "*",
    "throttle": 0.0,
    "error": 0.0,
    "latencyMs": 0,
    "ratePerSecond": None,
    "burst": None,
    "forSeconds": None,
    "region": "*",
    "refuse": 0.0,
    "code": None,
    "message": None,
    "status": 400,
}
# awsQueryCompatible services: the query-protocol error code the SDKs read from a header.
QUERY_COMPATIBLE_THROTTLE_CODES = {"sqs": "RequestThrottled", "monitoring": "Throttling"}
REST_XML_SERVICES = {"route53", "cloudfront", "s3-control"}
THROTTLE_MESSAGE = "Rate exceeded"
ERROR_MESSAGE = "An internal error occurred. Please try again."


class Rule:
    def __init__(self, spec, now):
        unknown = set(spec) - set(RULE_DEFAULTS)
        if unknown:
            raise ApiError(400, f"unknown rule fields {sorted(unknown)}")
        spec = {**RULE_DEFAULTS, **spec}
        self.service = str(spec["service"] or "*")
        self.region = str(spec["region"] or "*")
        self.code = spec["code"]
        self.message = str(spec["message"] or spec["code"] or "")
        self.operation = str(spec["operation"] or "*")
        try:
            self.throttle = float(spec["throttle"] or 0)
            self.error = float(spec["error"] or 0)
            self.refuse = float(spec["refuse"] or 0)
            self.status = int(spec["status"] or 400)
            self.latency_ms = float(spec["latencyMs"] or 0)
            for_seconds = spec["forSeconds"]
            self.for_seconds = None if for_seconds is None else float(for_seconds)
        except (TypeError, ValueError):
            raise ApiError(400, f"rule {spec} has a non-numeric value") from None
        if not (0 <= self.throttle <= 1 and 0 <= self.error <= 1 and 0 <= self.refuse <= 1):
            raise ApiError(400, "throttle, error and refuse are probabilities between 0 and 1")
        if self.throttle + self.error + self.refuse > 1:
            raise ApiError(400, "throttle + error + refuse must not exceed 1")
        if self.refuse and not self.code:
            raise ApiError(400, "refuse needs the code of the error to answer")
        if not 400 <= self.status < 500:
            raise ApiError(400, "status must be a 4xx client error")
        if self.latency_ms < 0 or (self.for_seconds is not None and self.for_seconds < 0):
            raise ApiError(400, "latencyMs and forSeconds must not be negative")
        self.expires_at = None if self.for_seconds is None else now + self.for_seconds
        try:
            rate = spec["ratePerSecond"]
            self.rate = None if rate is None else float(rate)
            burst = spec["burst"]
            self.burst = None if burst is None else float(burst)
        except (TypeError, ValueError):
            raise ApiError(400, f"rule {spec} has a non-numeric rate or burst") from None
        if self.rate is not None and self.rate <= 0:
            raise ApiError(400, "ratePerSecond must be positive")
        if self.burst is not None and (self.rate is None or self.burst < 1):
            raise ApiError(400, "burst needs a ratePerSecond and must be at least 1")
        if self.rate is not None and self.burst is None:
            self.burst = max(1.0, self.rate)
        self.tokens = self.burst
        self.refilled_at = now

    def take_token(self, now):
        """False when the rule's request rate is exceeded (no token left in its bucket)."""
        if self.rate is None:
            return True
        self.tokens = min(self.burst, self.tokens + (now - self.refilled_at) * self.rate)
        self.refilled_at = now
        if self.tokens >= 1:
            self.tokens -= 1
            return True
        return False

    def expired(self, now):
        return self.expires_at is not None and now >= self.expires_at

    def matches(self, service, operation, region="*"):
        return (
            (self.service == "*" or self.service.lower() == service.lower())
            and (self.operation == "*" or self.operation.lower() == operation.lower())
            and (self.region == "*" or self.region == region)
        )

    def to_json(self, now):
        remaining = None if self.expires_at is None else round(self.expires_at - now, 3)
        return {
            "service": self.service,
            "operation": self.operation,
            "throttle": self.throttle,
            "error": self.error,
            "latencyMs": self.latency_ms,
            "ratePerSecond": self.rate,
            "burst": self.burst,
            "forSeconds": self.for_seconds,
            "region": self.region,
            "refuse": self.refuse,
            "code": self.code,
            "message": self.message,
            "status": self.status,
            "remainingSeconds": remaining,
        }


class Faults:
    def __init__(self):
        self._lock = threading.Lock()
        self._set([], None)

    def _set(self, rules, seed):
        self.rules = rules
        self.seed = seed
        self.rng = random.Random(seed)
        self.seen = Counter()
        self.injected = Counter()

    def configure(self, body):
        unknown = set(body) - {"seed", "rules"}
        if unknown:
            raise ApiError(400, f"unknown fields {sorted(unknown)}")
        specs = body.get("rules") or []
        if not isinstance(specs, list) or not all(isinstance(s, dict) for s in specs):
            raise ApiError(400, "rules must be a list of objects")
        seed = body.get("seed")
        if not (seed is None or isinstance(seed, (int, str))) or isinstance(seed, bool):
            raise ApiError(400, "seed must be an integer or a string")
        now = time.monotonic()
        rules = [Rule(spec, now) for spec in specs]
        with self._lock:
            self._set(rules, seed)

    def clear(self):
        with self._lock:
            self._set([], None)

    def describe(self):
        now = time.monotonic()
        with self._lock:
            return {
                "seed": self.seed,
                "rules": [r.to_json(now) for r in self.rules if not r.expired(now)],
                "seen": dict(self.seen),
                "injected": dict(self.injected),
            }

    def decide(self, service, operation, region="*"):
        """Counts the request; returns (seconds to sleep, None | "throttle" | "error" | the
        refusing Rule)."""
        now = time.monotonic()
        key = f"{service}:{operation}"
        latency_ms, failure = 0.0, None
        with self._lock:
            self.seen[key] += 1
            for rule in self.rules:
                if rule.expired(now) or not rule.matches(service, operation, region):
                    continue
                latency_ms += rule.latency_ms
                draw = self.rng.random()
                within_rate = rule.take_token(now)
                if failure is None:
                    if not within_rate:
                        failure = "throttle"
                    elif draw < rule.throttle:
                        failure = "throttle"
                    elif draw < rule.throttle + rule.error:
                        failure = "error"
                    elif draw < rule.throttle + rule.error + rule.refuse:
                        failure = rule
            if latency_ms:
                self.injected[f"{key}:latency"] += 1
            if isinstance(failure, Rule):
                self.injected[f"{key}:refuse:{failure.code}"] += 1
            elif failure:
                self.injected[f"{key}:{failure}"] += 1
        return latency_ms / 1000.0, failure


FAULTS = Faults()


def _form_body(environ):
    """A form-encoded body, read and put back for moto to read again."""
    if not environ.get("CONTENT_TYPE", "").startswith("application/x-www-form-urlencoded"):
        return ""
    try:
        size = int(environ.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return ""
    if not size:
        return ""
    body = environ["wsgi.input"].read(size)
    environ["wsgi.input"] = io.BytesIO(body)
    return body.decode("utf-8", "replace")


def signing_region(environ):
    """The region of the request's SigV4 credential scope, or "*" when unsigned."""
    query = parse_qs(environ.get("QUERY_STRING", ""))
    auth = environ.get("HTTP_AUTHORIZATION", "")
    credential = auth.split("Credential=", 1)[1].split(",", 1)[0] if "Credential=" in auth else ""
    credential = credential or (query.get("X-Amz-Credential") or [""])[0]
    scope = credential.strip().split("/")
    return scope[2] if len(scope) == 5 else "*"


def refusal_response(environ, protocol, rule):
    """(status line, headers, body) of a rule's refusal: its code, message and status."""
    request_id = str(uuid.uuid4())
    status = f"{rule.status} Refused"
    headers = [("x-amzn-RequestId", request_id)]
    if protocol in ("query", "rest-xml", "ec2", "s3"):
        body = (
            f"<ErrorResponse><Error><Type>Sender</Type><Code>{escape(rule.code)}</Code>"
            f"<Message>{escape(rule.message)}</Message></Error>"
            f"<RequestId>{request_id}</RequestId></ErrorResponse>"
        )
        headers.append(("Content-Type", "text/xml"))
    else:
        body = json.dumps({"__type": rule.code, "message": rule.message})
        headers += [("Content-Type", "application/x-amz-json-1.1"), ("x-amzn-ErrorType", rule.code)]
        if environ.get("HTTP_X_AMZN_QUERY_MODE"):
            headers.append(("x-amzn-query-error", f"{rule.code};Sender"))
    data = body.encode("utf-8")
    headers.append(("Content-Length", str(len(data))))
    return status, headers, data


def classify(environ):
    """(service, operation, protocol) of an AWS request; protocol is one of "query", "ec2",
    "json", "rest-json", "rest-xml", "s3"."""
    query = parse_qs(environ.get("QUERY_STRING", ""))
    service = None
    auth = environ.get("HTTP_AUTHORIZATION", "")
    credential = auth.split("Credential=", 1)[1].split(",", 1)[0] if "Credential=" in auth else ""
    credential = credential or (query.get("X-Amz-Credential") or [""])[0]
    scope = credential.strip().split("/")
    if len(scope) == 5:
        service = scope[3].lower()
    path = environ.get("PATH_INFO", "")
    if service == "s3" and (
        path.startswith("/v20180820/") or "s3-control" in environ.get("HTTP_HOST", "")
    ):
        service = "s3-control"
    service = service or "unknown"

    target = environ.get("HTTP_X_AMZ_TARGET")
    if target:
        return service, target.rsplit(".", 1)[-1], "json"
    action = (query.get("Action") or [None])[0]
    if not action:
        action = (parse_qs(_form_body(environ)).get("Action") or [None])[0]
    if action:
        return service, action, "ec2" if service == "ec2" else "query"
    if service == "s3":
        return service, "*", "s3"
    return service, "*", "rest-xml" if service in REST_XML_SERVICES else "rest-json"


def fault_response(environ, service, protocol, failure):
    """(status line, headers, body) of the error answered for this failure."""
    request_id = str(uuid.uuid4())
    throttle = failure == "throttle"
    headers = [("x-amzn-RequestId", request_id)]
    if protocol == "s3":
        status = "503 Slow Down" if throttle else "500 Internal Server Error"
        code = "SlowDown" if throttle else "InternalError"
        message = "Please reduce your request rate." if throttle else ERROR_MESSAGE
        body = (
            '<?xml version="1.0" encoding="UTF-8"?>\n'
            f"<Error><Code>{code}</Code><Message>{message}</Message>"
            f"<RequestId>{request_id}</RequestId><HostId>{request_id}</HostId></Error>"
        )
        headers += [("Content-Type", "application/xml"), ("x-amz-request-id", request_id)]
    elif protocol == "ec2":
        status = "503 Service Unavailable" if throttle else "500 Internal Server Error"
        code = "RequestLimitExceeded" if throttle else "InternalError"
        message = "Request limit exceeded." if throttle else ERROR_MESSAGE
        body = (
            f"<Response><Errors><Error><Code>{code}</Code><Message>{message}</Message></Error>"
            f"</Errors><RequestID>{request_id}</RequestID></Response>"
        )
        headers.append(("Content-Type", "text/xml"))
    elif protocol in ("query", "rest-xml"):
        status = "400 Bad Request" if throttle else "500 Internal Server Error"
        code = "Throttling" if throttle else "InternalFailure"
        kind = "Sender" if throttle else "Receiver"
        message = THROTTLE_MESSAGE if throttle else ERROR_MESSAGE
        body = (
            f"<ErrorResponse><Error><Type>{kind}</Type><Code>{code}</Code>"
            f"<Message>{escape(message)}</Message></Error>"
            f"<RequestId>{request_id}</RequestId></ErrorResponse>"
        )
        headers.append(("Content-Type", "text/xml"))
    else:  # json, rest-json
        if throttle:
            status = "429 Too Many Requests" if protocol == "rest-json" else "400 Bad Request"
        else:
            status = "500 Internal Server Error"
        code = "ThrottlingException" if throttle else "InternalFailure"
        message = THROTTLE_MESSAGE if throttle else ERROR_MESSAGE
        body = json.dumps({"__type": code, "message": message})
        content_type = environ.get("CONTENT_TYPE") or ""
        if protocol == "rest-json":
            content_type = "application/json"
        elif "json" not in content_type:
            content_type = "application/x-amz-json-1.0"
        headers += [("Content-Type", content_type), ("x-amzn-ErrorType", code)]
        if service in QUERY_COMPATIBLE_THROTTLE_CODES or environ.get("HTTP_X_AMZN_QUERY_MODE"):
            if throttle:
                query_error = QUERY_COMPATIBLE_THROTTLE_CODES.get(service, "Throttling") + ";Sender"
            else:
                query_error = "InternalFailure;Receiver"
            headers.append(("x-amzn-query-error", query_error))
    data = b"" if environ.get("REQUEST_METHOD") == "HEAD" else body.encode("utf-8")
    headers.append(("Content-Length", str(len(data))))
    return status, headers, data


def handle(environ, start_response, serve):
    service, operation, protocol = classify(environ)
    delay, failure = FAULTS.decide(service, operation, signing_region(environ))
    if delay:
        time.sleep(delay)
    if failure is None:
        return serve()
    if isinstance(failure, Rule):
        status, headers, data = refusal_response(environ, protocol, failure)
    else:
        status, headers, data = fault_response(environ, service, protocol, failure)
    start_response(status, headers)
    return [data]


def faults_endpoint(request):
    if request.method == "POST":
        FAULTS.configure(read_json(request))
    elif request.method == "DELETE":
        FAULTS.clear()
    elif request.method != "GET":
        method_not_allowed(request)
    return 200, FAULTS.describe()


def install():
    original = DomainDispatcherApplication.__call__

    def __call__(self, environ, start_response):
        path = environ.get("PATH_INFO", "")
        if isinstance(path, bytes):
            path = path.decode("utf-8", "replace")
        if path.startswith("/moto-api"):
            return original(self, environ, start_response)
        return handle(environ, start_response, lambda: original(self, environ, start_response))

    DomainDispatcherApplication.__call__ = __call__
    register("/faults", faults_endpoint)
