"""Helpers shared by the launcher's extensions: control endpoints under /moto-api/snaplife/
(registration in moto's moto-api routes, JSON in and out) and a walk over moto's backends."""

import json

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
