"""Snaplife's launcher around moto's server: the same emulator, with the few behaviours of AWS
that Snaplife must exercise and moto lacks. It changes nothing else.

- Manual DB and cluster snapshots stay "creating" for a while before they are "available", as
  on AWS (where it takes minutes). The delay is a moto state-manager transition, model
  "rds::snapshot", default {"progression": "time", "seconds": 3}; tests change it through the
  standard POST /moto-api/state-manager/set-transition.
- RDS DescribeAccountAttributes answers with the ManualSnapshots and ManualClusterSnapshots
  quotas, their usage counted from the snapshots that exist. The maximum defaults to AWS's 100
  and is set with POST /moto-api/snaplife/rds-quotas {"ManualSnapshots": 5, ...}.
- DescribeDBInstances, DescribeDBSnapshots, DescribeDBClusterSnapshots and DescribeDBClusters
  page with MaxRecords and Marker, as AWS does (moto pages none of them, or fails past page one).

Run: python snaplife_moto.py -H 127.0.0.1 -p 4566  (the same arguments as moto_server).
"""

import json
import sys
from datetime import datetime, timezone

from moto.core.responses import ActionResult
from moto.moto_api import state_manager
from moto.moto_api._internal import urls as moto_api_urls
from moto.rds import models as rds_models
from moto.rds import responses as rds_responses

SNAPSHOT_MODEL = "rds::snapshot"
DEFAULT_SNAPSHOT_TRANSITION = {"progression": "time", "seconds": 3}
QUOTAS = {"ManualSnapshots": 100, "ManualClusterSnapshots": 100}


def _now():
    return datetime.now(timezone.utc)


def _progressive_status(cls):
    """Replaces the class's plain `status` attribute with one that reads 'creating' until the
    transition's time has passed, for manual snapshots that were created 'available'."""

    def get_status(self):
        status = self.__dict__.get("_snaplife_status", "available")
        if status != "available" or getattr(self, "snapshot_type", "manual") != "manual":
            return status
        transition = state_manager.get_transition(SNAPSHOT_MODEL)
        created = getattr(self, "created", None)
        if transition.get("progression") != "time" or created is None:
            return status
        if created.tzinfo is None:
            created = created.replace(tzinfo=timezone.utc)
        elapsed = (_now() - created).total_seconds()
        return "creating" if elapsed < float(transition.get("seconds", 0)) else status

    def set_status(self, value):
        self.__dict__["_snaplife_status"] = value

    cls.status = property(get_status, set_status)


def _paged(method_name, result_key):
    """Pages the describe's result list by MaxRecords (default 100, as AWS) with an opaque
    offset Marker."""
    original = getattr(rds_responses.RDSResponse, method_name)

    def paged(self):
        result = original(self)
        items = list(result._result.get(result_key) or [])
        limit = int(self.params.get("MaxRecords") or 100)
        marker = self.params.get("Marker")
        start = int(marker.removeprefix("snaplife-")) if marker else 0
        result._result[result_key] = items[start : start + limit]
        result._result.pop("Marker", None)
        if start + limit < len(items):
            result._result["Marker"] = f"snaplife-{start + limit}"
        # A plain result: moto's own paginator (on DescribeDBInstances) fails past page one.
        return ActionResult(result._result)

    paged.__name__ = method_name
    setattr(rds_responses.RDSResponse, method_name, paged)


def _manual_snapshot_usage(backend):
    db = sum(1 for s in backend.database_snapshots.values() if s.snapshot_type == "manual")
    cluster = sum(1 for s in backend.cluster_snapshots.values() if s.snapshot_type == "manual")
    return {"ManualSnapshots": db, "ManualClusterSnapshots": cluster}


def describe_account_attributes(self):
    usage = _manual_snapshot_usage(self.backend)
    quotas = [
        {"AccountQuotaName": name, "Used": usage[name], "Max": QUOTAS[name]} for name in QUOTAS
    ]
    return ActionResult({"AccountQuotas": quotas})


def set_rds_quotas(request, full_url, headers):
    size = int(headers.get("Content-Length") or 0)
    raw = request.environ["wsgi.input"].read(size) if size else b"{}"
    body = json.loads(raw or b"{}")
    unknown = set(body) - set(QUOTAS)
    if unknown:
        return 400, {}, json.dumps({"error": f"unknown quotas {sorted(unknown)}"})
    QUOTAS.update({name: int(value) for name, value in body.items()})
    return 200, {}, json.dumps(QUOTAS)


def install():
    state_manager.register_default_transition(SNAPSHOT_MODEL, DEFAULT_SNAPSHOT_TRANSITION)
    _progressive_status(rds_models.DBSnapshot)
    _progressive_status(rds_models.DBClusterSnapshot)
    _paged("describe_db_instances", "DBInstances")
    _paged("describe_db_snapshots", "DBSnapshots")
    _paged("describe_db_cluster_snapshots", "DBClusterSnapshots")
    _paged("describe_db_clusters", "DBClusters")
    rds_responses.RDSResponse.describe_account_attributes = describe_account_attributes
    moto_api_urls.url_paths["{0}/moto-api/snaplife/rds-quotas"] = set_rds_quotas


if __name__ == "__main__":
    install()
    from moto.server import main

    main(sys.argv[1:])
