"""CloudWatch over the Smithy RPC v2 CBOR protocol, which is the only protocol the AWS SDK for
Java v2 (2.41.x) speaks to CloudWatch. moto 5.2.5 serves CloudWatch's JSON 1.0 protocol (POST /
with X-Amz-Target, what boto3 sends) and answers 404 to CBOR; this extension translates.

A request is translated when it is a POST to [prefix]/service/<service>/operation/<operation>
(<service> may be the absolute shape id with '#' written '.', as the protocol allows) with the
header smithy-protocol: rpc-v2-cbor, and <service> is one of SERVICES (CloudWatch's
GraniteServiceVersion20100801); anything else passes by untouched. The CBOR body (empty: {};
gzip Content-Encoding undone; definite or indefinite lengths) becomes a JSON 1.0 request with
X-Amz-Target <service>.<operation> and Content-Type application/x-amz-json-1.0: timestamps
(tag 1, or any value cbor2 decodes as a datetime) become epoch seconds, byte strings base64,
NaN and infinities the strings JSON 1.0 uses; every other header (Authorization, from which
moto takes service, region and account) is kept.

moto's JSON answer goes back as CBOR, driven by the operation's output shape in botocore's model:
timestamps as tag 1 with epoch seconds (a float, to the millisecond), blobs as byte strings,
doubles as floats, nulls omitted. As the protocol requires, every answer carries smithy-protocol:
rpc-v2-cbor, and Content-Type application/cbor when it has a body (an operation without output,
such as PutMetricAlarm, answers 200 with no body). An error (status >= 400, status kept) is
{"__type": "<absolute shape id>", "message": ...} plus the error's other members: moto's JSON
__type holds the awsQueryError code ("ResourceNotFound" for GetDashboard's
DashboardNotFoundError, say), mapped back to the error shape of the operation (else of the
service) with that name or code, e.g. "com.amazonaws.cloudwatch#DashboardNotFoundError"; an
error the model lacks (fault injection's ThrottlingException, InternalFailure) keeps its bare
code. The x-amzn-query-error header ("<code>;Sender|Receiver", from which the SDKs of this
awsQueryCompatible service take the error code) is kept, or derived when moto set none; the
X-Amzn-ErrorType header is dropped, since the Java SDK would prefer it to __type. The extension
answers by itself an operation the model lacks (404 UnknownOperationException), a body that is not
a CBOR map (400 SerializationException) and a failure of moto (500 InternalFailure).

Order with faults.py: install() after faults.install(). The translation is in two halves around
faults' middleware. The outer one (DomainDispatcherApplication.__call__) decodes the body, adds
the JSON headers and encodes the answer, and leaves the path as it came; faults therefore sees
the original path, the service (monitoring, from the credential scope) and the operation (from
X-Amz-Target), so rules on "monitoring" and on an operation name apply, and what faults answers
(JSON 1.0, with x-amzn-query-error) reaches the client as a CBOR error. The inner half
(DomainDispatcherApplication.get_application) sets the path to / just before moto's CloudWatch
app routes the request.
"""

import base64
import functools
import gzip
import io
import json
import math
import re
import traceback
import zlib
from datetime import datetime, timezone
from decimal import Decimal
from fractions import Fraction

import botocore.session
import cbor2
from botocore.model import OperationNotFoundError
from botocore.utils import parse_timestamp
from moto.moto_server.werkzeug_app import DomainDispatcherApplication

NAME = "cloudwatch-cbor"
PROTOCOL = "rpc-v2-cbor"
CBOR_CONTENT_TYPE = "application/cbor"
JSON_CONTENT_TYPE = "application/x-amz-json-1.0"
PATH = re.compile(r"^(?:/.*)?/service/([^/]+)/operation/([^/]+)$")
# Smithy service shape name -> (botocore service name, namespace of the service's shapes).
SERVICES = {"GraniteServiceVersion20100801": ("cloudwatch", "com.amazonaws.cloudwatch")}
# Set on a translated request's environ: (service, operation). The inner half looks for it.
ENVIRON_KEY = "snaplife.rpc_v2_cbor"
# Response headers that the CBOR answer replaces or must not carry.
DROPPED_HEADERS = {
    "content-type",
    "content-length",
    "transfer-encoding",
    "x-amzn-errortype",
    "x-amzn-query-error",
    "smithy-protocol",
}
NON_FINITE = {"NaN", "Infinity", "-Infinity"}


class MalformedRequest(Exception):
    """The request body is not what the protocol allows; answered 400 SerializationException."""


@functools.lru_cache(maxsize=None)
def service_model(botocore_name):
    return botocore.session.get_session().get_service_model(botocore_name)


def target_of(environ):
    """(service shape name, operation) of an RPC v2 CBOR request this extension serves, else
    None."""
    if environ.get("REQUEST_METHOD") != "POST":
        return None
    if environ.get("HTTP_SMITHY_PROTOCOL", "").strip().lower() != PROTOCOL:
        return None
    path = environ.get("PATH_INFO", "")
    if isinstance(path, bytes):
        path = path.decode("utf-8", "replace")
    match = PATH.match(path)
    if not match:
        return None
    service = match.group(1).rsplit(".", 1)[-1]  # com.amazonaws.cloudwatch.Granite...
    if service not in SERVICES:
        return None
    return service, match.group(2)


# -- request: CBOR -> JSON 1.0 ------------------------------------------------------------------


def read_body(environ):
    length = environ.get("CONTENT_LENGTH") or ""
    stream = environ["wsgi.input"]
    if length.strip():
        try:
            size = int(length)
        except ValueError:
            raise MalformedRequest(f"bad Content-Length {length!r}") from None
        raw = stream.read(size) if size > 0 else b""
    elif environ.get("wsgi.input_terminated"):  # chunked: the server ends the stream
        raw = stream.read()
    else:
        raw = b""
    encoding = environ.get("HTTP_CONTENT_ENCODING", "").strip().lower()
    if encoding in ("gzip", "x-gzip"):
        try:
            raw = gzip.decompress(raw)
        except (OSError, EOFError, zlib.error) as e:
            raise MalformedRequest(f"body is not gzip: {e}") from None
    elif encoding not in ("", "identity"):
        raise MalformedRequest(f"unsupported Content-Encoding {encoding!r}")
    return raw


def _epoch(value, immutable=False):
    """Semantic decoder for tag 1: keeps the epoch seconds as they were sent."""
    return value


def decode_request(raw):
    """The JSON 1.0 document of a CBOR request body."""
    if not raw:
        return {}
    try:
        value = cbor2.loads(raw, semantic_decoders={1: _epoch})
    except (cbor2.CBORDecodeError, ValueError, TypeError, OverflowError) as e:
        raise MalformedRequest(f"body is not CBOR: {e}") from None
    if not isinstance(value, dict):
        raise MalformedRequest("body must be a CBOR map")
    return to_json(value)


def to_json(value):
    """A decoded CBOR value as the JSON 1.0 protocol writes it."""
    if isinstance(value, dict):
        return {str(k): to_json(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [to_json(v) for v in value]
    if isinstance(value, (bytes, bytearray, memoryview)):
        return base64.b64encode(bytes(value)).decode("ascii")
    if isinstance(value, datetime):
        if value.tzinfo is None:
            value = value.replace(tzinfo=timezone.utc)
        return value.timestamp()
    if isinstance(value, cbor2.CBORTag):
        return to_json(value.value)
    if isinstance(value, bool) or value is None or isinstance(value, (int, str)):
        return value
    if isinstance(value, (Decimal, Fraction)):
        value = float(value)
    if isinstance(value, float):
        if math.isnan(value):
            return "NaN"
        if math.isinf(value):
            return "Infinity" if value > 0 else "-Infinity"
        return value
    return None  # undefined and other simple values: null, as the protocol says


# -- response: JSON -> CBOR ---------------------------------------------------------------------


def epoch_seconds(value):
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return round(float(value), 3)
    if isinstance(value, str):
        try:
            return round(float(value), 3)
        except ValueError:
            parsed = parse_timestamp(value)
            if parsed.tzinfo is None:
                parsed = parsed.replace(tzinfo=timezone.utc)
            return round(parsed.timestamp(), 3)
    raise ValueError(f"not a timestamp: {value!r}")


def to_cbor(value, shape):
    """A value of moto's JSON answer as the CBOR protocol writes a member of this shape (None:
    unknown, written as it is)."""
    if value is None:
        return None
    kind = shape.type_name if shape is not None else None
    if kind == "structure" and isinstance(value, dict):
        members = shape.members
        return {k: to_cbor(v, members.get(k)) for k, v in value.items() if v is not None}
    if kind == "list" and isinstance(value, list):
        return [to_cbor(v, shape.member) for v in value]
    if kind == "map" and isinstance(value, dict):
        return {k: to_cbor(v, shape.value) for k, v in value.items() if v is not None}
    if kind == "timestamp":
        try:
            return cbor2.CBORTag(1, epoch_seconds(value))
        except (ValueError, OverflowError):
            return value
    if kind == "blob" and isinstance(value, str):
        try:
            return base64.b64decode(value, validate=True)
        except ValueError:
            return value.encode("utf-8")
    if kind in ("float", "double") and not isinstance(value, bool):
        if isinstance(value, (int, float)) or (isinstance(value, str) and value in NON_FINITE):
            return float(value)
    if kind in ("integer", "long", "short", "byte") and isinstance(value, float):
        return int(value) if value.is_integer() else value
    if isinstance(value, dict):
        return {k: to_cbor(v, None) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [to_cbor(v, None) for v in value]
    return value


def error_shape(model, operation_model, code):
    """The error shape named `code`, or whose awsQueryError code is `code`: the operation's
    errors first (GetDashboard's ResourceNotFound is DashboardNotFoundError), then the
    service's."""
    candidates = list(operation_model.error_shapes) if operation_model is not None else []
    for shapes in (candidates, model.error_shapes):
        for shape in shapes:
            if shape.name == code:
                return shape
        for shape in shapes:
            if shape.error_code == code:
                return shape
    return None


def error_document(status, headers, data):
    """(JSON error document, error code) of moto's or faults' error answer."""
    document = None
    if data:
        try:
            document = json.loads(data)
        except ValueError:
            pass
    if not isinstance(document, dict):
        text = data.decode("utf-8", "replace").strip() if data else ""
        document = {"message": text[:1000]} if text else {}
    code = document.get("__type") or headers.get("x-amzn-errortype")
    if not code:
        code = "InternalFailure" if status >= 500 else "UnknownError"
    code = str(code).split(":", 1)[0].rsplit("#", 1)[-1]
    return document, code


def error_answer(service, operation_model, status, headers, data):
    """(CBOR error body, x-amzn-query-error value or None)."""
    botocore_name, namespace = SERVICES[service]
    model = service_model(botocore_name)
    document, code = error_document(status, headers, data)
    shape = error_shape(model, operation_model, code)
    body = {"__type": f"{namespace}#{shape.name}" if shape is not None else code}
    message = document.get("message") or document.get("Message")
    if message:
        body["message"] = str(message)
    members = shape.members if shape is not None else {}
    for key, value in document.items():
        if key not in ("__type", "message", "Message") and value is not None:
            body[key] = to_cbor(value, members.get(key))
    query_error = headers.get("x-amzn-query-error")
    if not query_error and model.is_query_compatible:
        query_code = shape.error_code if shape is not None else code
        sender = shape.metadata.get("error", {}).get("senderFault") if shape else None
        fault = "Sender" if (sender if sender is not None else status < 500) else "Receiver"
        query_error = f"{query_code};{fault}"
    return cbor2.dumps(body), query_error


# -- the middleware -----------------------------------------------------------------------------


def call_app(app, environ):
    """(status line, headers, body) of a WSGI app's answer."""
    captured = {}
    chunks = []

    def start_response(status, headers, exc_info=None):
        captured["status"], captured["headers"] = status, list(headers)
        return chunks.append

    result = app(environ, start_response)
    try:
        for chunk in result:
            chunks.append(chunk)
    finally:
        close = getattr(result, "close", None)
        if close is not None:
            close()
    return captured["status"], captured["headers"], b"".join(chunks)


def answer(start_response, status, headers, body, query_error=None):
    headers = [(k, v) for k, v in headers if k.lower() not in DROPPED_HEADERS]
    headers.append(("smithy-protocol", PROTOCOL))
    if body:
        headers.append(("Content-Type", CBOR_CONTENT_TYPE))
    if query_error:
        headers.append(("x-amzn-query-error", query_error))
    headers.append(("Content-Length", str(len(body))))
    start_response(status, headers)
    return [body]


def translated_environ(environ, service, operation, document):
    body = json.dumps(document).encode("utf-8")
    inner = dict(environ)
    for key in ("HTTP_CONTENT_ENCODING", "HTTP_TRANSFER_ENCODING", "wsgi.input_terminated"):
        inner.pop(key, None)
    inner.update(
        {
            "CONTENT_TYPE": JSON_CONTENT_TYPE,
            "CONTENT_LENGTH": str(len(body)),
            "HTTP_X_AMZ_TARGET": f"{service}.{operation}",
            "wsgi.input": io.BytesIO(body),
            ENVIRON_KEY: (service, operation),
        }
    )
    return inner


def handle(environ, start_response, inner_app, service, operation):
    """Serves one RPC v2 CBOR request through inner_app(environ, start_response), which speaks
    JSON 1.0."""
    model = service_model(SERVICES[service][0])
    try:
        operation_model = model.operation_model(operation)
    except OperationNotFoundError:
        return failure(start_response, "404 Not Found", "UnknownOperationException", operation)
    try:
        document = decode_request(read_body(environ))
    except MalformedRequest as e:
        return failure(start_response, "400 Bad Request", "SerializationException", str(e))

    inner = translated_environ(environ, service, operation, document)
    try:
        status_line, headers, data = call_app(inner_app, inner)
    except Exception as e:  # moto failed; the server would answer an HTML page
        traceback.print_exc()
        return failure(start_response, "500 Internal Server Error", "InternalFailure", repr(e))
    status = int(status_line.split(None, 1)[0])
    if status >= 400:
        header_map = {k.lower(): v for k, v in headers}
        body, query_error = error_answer(service, operation_model, status, header_map, data)
        return answer(start_response, status_line, headers, body, query_error)
    output_shape = operation_model.output_shape
    if output_shape is None:
        return answer(start_response, status_line, headers, b"")  # no output: no body
    try:
        document = json.loads(data) if data.strip() else {}
    except ValueError:
        message = "the emulator answered a body that is not JSON"
        return failure(start_response, "500 Internal Server Error", "InternalFailure", message)
    body = cbor2.dumps(to_cbor(document, output_shape))
    return answer(start_response, status_line, headers, body)


def failure(start_response, status_line, code, message):
    """An error answered by this extension itself, not by moto."""
    body = cbor2.dumps({"__type": code, "message": message})
    return answer(start_response, status_line, [], body)


def install():
    """Call after faults.install(): the outer half must wrap faults' middleware."""
    original_call = DomainDispatcherApplication.__call__
    original_get_application = DomainDispatcherApplication.get_application

    def __call__(self, environ, start_response):
        target = target_of(environ)
        if target is None:
            return original_call(self, environ, start_response)
        return handle(
            environ,
            start_response,
            lambda env, respond: original_call(self, env, respond),
            *target,
        )

    def get_application(self, environ):
        app = original_get_application(self, environ)
        if ENVIRON_KEY not in environ:
            return app

        def at_root(env, respond):
            env["PATH_INFO"] = "/"  # where moto's JSON 1.0 route for the service is
            return app(env, respond)

        return at_root

    DomainDispatcherApplication.__call__ = __call__
    DomainDispatcherApplication.get_application = get_application
