"""Helpers shared by the launcher's extensions: control endpoints under /moto-api/snaplife/
(registration in moto's moto-api routes, JSON in and out) and a walk over moto's backends."""

import json
import re

from moto.moto_api._internal import urls as moto_api_urls

PREFIX = "/moto-api/snaplife"
JSON_HEADERS = {"Content-Type": "application/json"}


class ApiError(Exception):
    """Answered as {"error": message} with the given status."""

    def __init__(self, status, message):
        super().__init__(message)
        self.status = status
        self.message = message


def register(path, handler):
    """Serves handler(request) -> (status, json-able body) at PREFIX + path, all methods. The
    moto-api app is built on its first request, so this must run before the server starts."""

    def endpoint(request, full_url, headers):
        try:
            status, body = handler(request)
        except ApiError as e:
            status, body = e.status, {"error": e.message}
        return status, dict(JSON_HEADERS), json.dumps(body)

    endpoint.__name__ = "snaplife_" + path.strip("/").replace("/", "_").replace("-", "_")
    moto_api_urls.url_paths["{0}" + PREFIX + path] = endpoint


def read_json(request, default=None):
    """The request's JSON object body; default (or {}) when the body is empty."""
    raw = request.get_data()
    if not raw.strip():
        return {} if default is None else default
    try:
        body = json.loads(raw)
    except ValueError as e:
        raise ApiError(400, f"body is not JSON: {e}") from None
    if not isinstance(body, dict):
        raise ApiError(400, "body must be a JSON object")
    return body


def method_not_allowed(request):
    raise ApiError(405, f"{request.method} is not supported here")


def existing_backends(backend_dict):
    """(account id, region, backend) for every backend moto has created so far, without creating
    any; a snapshot, so requests may add accounts and regions meanwhile."""
    for account_id, regions in list(dict.items(backend_dict)):
        for region, backend in list(dict.items(regions)):
            yield account_id, region, backend


def integer_setting(request, settings, key):
    """GET answers the settings; POST {key: n} sets an integer of 0 or more. A launcher setting
    (a limit, say) that outlives POST /moto-api/reset."""
    if request.method == "POST":
        body = read_json(request)
        unknown = set(body) - {key}
        if unknown:
            raise ApiError(400, f"unknown settings {sorted(unknown)}")
        if key in body:
            value = body[key]
            if isinstance(value, bool) or not isinstance(value, int) or value < 0:
                raise ApiError(400, f"{key} must be an integer of 0 or more")
            settings[key] = value
    elif request.method != "GET":
        method_not_allowed(request)
    return 200, dict(settings)


def failure_rules(request, rules, pattern_key, text_key, lock):
    """POST {pattern_key: <regex>, text_key: <text>} adds a fault rule, DELETE clears them, and
    every method answers {"rules": [...]}: the launcher's fault injection of one extension."""
    if request.method == "POST":
        body = read_json(request)
        unknown = set(body) - {pattern_key, text_key}
        if unknown:
            raise ApiError(400, f"unknown keys {sorted(unknown)}")
        pattern, text = body.get(pattern_key), body.get(text_key)
        if not isinstance(pattern, str) or not isinstance(text, str) or not text:
            raise ApiError(400, f"{pattern_key} (a regex) and {text_key} (text) are required")
        try:
            re.compile(pattern)
        except re.error as e:
            raise ApiError(400, f"{pattern_key} is not a regular expression: {e}") from None
        with lock:
            rules.append({pattern_key: pattern, text_key: text})
    elif request.method == "DELETE":
        with lock:
            rules.clear()
    elif request.method != "GET":
        method_not_allowed(request)
    with lock:
        return 200, {"rules": [dict(rule) for rule in rules]}
