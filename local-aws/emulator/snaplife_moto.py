"""Snaplife's launcher around moto's server: the same emulator, with the few behaviours of AWS
that Snaplife must exercise and moto lacks. Each extension is listed with its endpoints; their
modules' docstrings give the details. Control endpoints live under /moto-api/snaplife/, are
never faulted, and take and answer JSON.

- info (this module): GET /moto-api/snaplife/info answers {"launcher": "snaplife-moto",
  "moto": "<moto version>", "extensions": [names below]}, so scripts can tell this launcher
  from any other server on a port.
- sqs-cheap-receive (this module): moto checks each received message's retention by building the
  queue's whole attribute map, which counts every message in the queue: a receive from a queue
  holding n messages cost O(n) per message returned, and a backlog of a few thousand messages
  slowed every consumer of the emulator to a crawl. The check reads the retention period itself.
- rds-snapshot-progress (this module): manual DB and cluster snapshots stay "creating" for a
  while before they are "available", as on AWS (where it takes minutes), PercentProgress rising
  from 0 to 100 meanwhile. The delay is a moto state-manager transition, model "rds::snapshot",
  default {"progression": "time", "seconds": 3}; tests change it through the standard POST
  /moto-api/state-manager/set-transition. A snapshot that records another transition on itself
  (PROGRESS: model, start, status; a copy) progresses by that one instead.
- rds-one-at-a-time (this module): RDS requests are served one at a time. moto's RDS backend is
  not thread-safe (concurrent creates fail with "OrderedDict mutated during iteration"); AWS
  has no such failure, so clients calling in parallel must not see it.
- rds-quotas (this module): creating or copying a manual DB or cluster snapshot past the quota
  fails with SnapshotQuotaExceeded, as on AWS, where only manual snapshots count (moto's own
  fixed limit, which counts automated ones too, is lifted). RDS DescribeAccountAttributes
  answers with the ManualSnapshots and
  ManualClusterSnapshots quotas, their usage counted from the snapshots that exist. The maximum
  defaults to AWS's 100 and is set with POST /moto-api/snaplife/rds-quotas {"ManualSnapshots":
  5, ...}.
- rds-copy-progress (rds_copies.py): a snapshot made by CopyDBSnapshot or CopyDBClusterSnapshot
  is "copying" (PercentProgress 0 to 100) for a while, then "available": model
  "rds::snapshot-copy", default {"progression": "time", "seconds": 3}, set through the same
  POST /moto-api/state-manager/set-transition. A source that is not available fails the copy
  with InvalidDBSnapshotState or InvalidDBClusterSnapshotStateFault.
- rds-copy-limit (rds_copies.py): at most 5 cross-region copies "copying" at once per
  destination region, account and snapshot type (DB, cluster); one more fails with
  SnapshotQuotaExceeded "Cannot have more than 5 concurrent cross-region copies in progress to
  region <region>.". GET/POST /moto-api/snaplife/rds-copy-limit {"concurrentCrossRegionCopies":
  5}.
- rds-cross-account-copy (rds_copies.py): CopyDBSnapshot and CopyDBClusterSnapshot take as source
  the ARN of a snapshot of another account (in any region) when it is manual and shared with
  the caller (its "restore" attribute holds the caller's account id or "all"), else
  DBSnapshotNotFound / DBClusterSnapshotNotFoundFault as AWS. The copy is the caller's, with its
  KmsKeyId and tags, within its quota and copy limit.
- rds-export-progress (rds_exports.py): a StartExportTask of a DB or cluster snapshot reads
  "STARTING", then "IN_PROGRESS" (PercentProgress 0 to 100), then "COMPLETE" with TaskEndTime and
  TotalExtractedDataInGB, moved on by a background thread: model "rds::export-task", default
  {"progression": "time", "seconds": 3}, set through POST /moto-api/state-manager/set-transition.
  AWS's checks: the source exists and is available, its engine is exportable (mysql, mariadb,
  postgres, aurora, aurora-mysql, aurora-postgresql; else InvalidExportSourceState), the bucket
  (InvalidS3BucketFault) and KMS key (KMSKeyNotAccessibleFault) exist.
- rds-export-limit (rds_exports.py): at most 5 tasks STARTING, IN_PROGRESS or CANCELING at once
  per account and region; one more fails with ExportTaskLimitReached (the launcher's code: AWS
  documents the limit, not the error) "Cannot have more than 5 concurrent export tasks in
  progress.". GET/POST /moto-api/snaplife/rds-export-limit {"concurrentExports": 5}.
- rds-export-failures (rds_exports.py): POST/GET/DELETE /moto-api/snaplife/rds-export-failures
  {"snapshotIdentifier": "<regex>", "failureCause": "<text>"}: a matching task ends "FAILED" with
  that FailureCause. CancelExportTask: "CANCELING", then "CANCELED"; an ended task refuses with
  InvalidExportTaskStateFault.
- rds-export-files (rds_exports.py): a completed task writes into its S3 bucket, under
  <S3Prefix>/<ExportTaskIdentifier>/, gzip Parquet files per table
  (<database>/<schema.table>/1/part-00000-<uuid>.gz.parquet), export_info_<id>.json and
  export_tables_info_<id>_from_1_to_<N>.json, honouring ExportOnly (an entry matching nothing
  fails the task). What a snapshot holds: POST/GET/DELETE /moto-api/snaplife/rds-export-contents
  {"sourceIdentifier", "databases": {db: {table: {"columns": {name: type}, "rows": n}}}}; else a
  default database "app" with tables customers and orders.
- rds-export-events (rds_exports.py): an ended task puts AWS's RDS event (RDS-EVENT-0159 to 0164,
  detail-type "RDS DB Snapshot Event" or "RDS DB Cluster Snapshot Event") on the account's
  default EventBridge bus. GET/POST /moto-api/snaplife/rds-export-events {"emit": true}.
- kms-aws-managed-keys (aws_managed_keys.py): the KMS keys behind the reserved aliases
  alias/aws/<service> (aws/rds, aws/s3...) read KeyManager "AWS" (customer keys "CUSTOMER"). A DB
  instance or cluster created with StorageEncrypted and no KmsKeyId, and its snapshots, get the
  ARN of the account's and region's aws/rds key (moto: "default_kms_key_id"); an unencrypted
  cluster and its snapshots get no KmsKeyId. Sharing ("restore" ValuesToAdd) a DB or cluster
  snapshot encrypted with an AWS-managed key fails with InvalidParameterValue, as on AWS: copy it
  with a customer managed key and share the copy.
- rds-paging (this module): DescribeDBInstances, DescribeDBSnapshots, DescribeDBClusterSnapshots
  and DescribeDBClusters page with MaxRecords and Marker, as AWS does (moto pages none of them,
  or fails past page one). moto itself filters these describes by Filters (db-snapshot-id,
  db-cluster-snapshot-id... with many values), and the paging applies to the filtered list.
- account-from-access-key (accounts.py): a 12-digit numeric access key id selects the account
  with that number (moto puts every unknown key in 123456789012), e.g. a fresh, empty account
  per test.
- faults (faults.py): POST/GET/DELETE /moto-api/snaplife/faults. Rules that throttle, fail or
  delay chosen requests ({"seed", "rules": [{"service", "operation", "throttle", "error",
  "latencyMs", "forSeconds"}]}), answered in each protocol's own error format; GET adds the
  requests seen and the faults injected since the last POST or DELETE.
- scheduler (scheduler.py): EventBridge Scheduler schedules (rate, cron, at; time zone, start
  and end dates, ActionAfterCompletion DELETE) fire to SQS queues and event buses from a
  background thread. GET/DELETE /moto-api/snaplife/scheduler/firings[?name=&group=]
  lists/forgets the firings; POST /moto-api/snaplife/scheduler/fire {"name", "group",
  "scheduledTime", "accountId", "region"} fires a schedule once, now.
- alarms (alarms.py): CloudWatch alarms on AWS/SQS ApproximateNumberOfMessagesVisible and
  ApproximateAgeOfOldestMessage (QueueName dimension) evaluate from a background thread
  (instantaneous values, one datapoint) and notify their SNS actions on a change of state.
  GET/POST /moto-api/snaplife/alarms {"intervalSeconds": 5}; POST
  /moto-api/snaplife/alarms/evaluate evaluates at once.
- cloudwatch-cbor (cloudwatch_cbor.py): CloudWatch over the Smithy RPC v2 CBOR protocol, the only
  one the AWS SDK for Java v2 speaks to it (POST /service/GraniteServiceVersion20100801/operation/
  <Operation>, smithy-protocol: rpc-v2-cbor), translated to and from moto's JSON 1.0 protocol;
  installed after faults, whose rules on "monitoring" and its operations apply and whose answers
  reach the client as CBOR errors.
- sqs-message-move-tasks (sqs_move_tasks.py): SQS StartMessageMoveTask, ListMessageMoveTasks and
  CancelMessageMoveTask (DLQ redrive; moto answers 500): the messages in a dead-letter queue at
  the start move, from a background thread, back to the queue that uses it (or to DestinationArn),
  at MaxNumberOfMessagesPerSecond if given; one running task per source queue.
- glue-crawl-progress (glue_crawls.py): StartCrawler makes a crawler RUNNING for the time of
  moto's model "glue::crawl", default {"progression": "time", "seconds": 2} (POST
  /moto-api/state-manager/set-transition), then STOPPING briefly, then READY with LastCrawl
  {Status SUCCEEDED or FAILED, ErrorMessage, StartTime, LogGroup, LogStream, MessagePrefix}; the
  crawl is done by a background thread when RUNNING ends. StartCrawler, UpdateCrawler (which
  moto lacks) and DeleteCrawler on a crawler that is not READY fail with
  CrawlerRunningException. GetCrawlerMetrics (moto lacks it) counts the last crawl's tables.
- glue-crawl-tables (glue_crawls.py): a crawl makes a table of each folder of Parquet files under
  its S3 targets (Exclusions honoured; a partition folder of digits counts as its parent, the
  layout of RDS exports): name TablePrefix + folder name, "_<md5 of location>" on a clash,
  columns from the Parquet schemas in Hive types, in the crawler's database (created if
  missing); its tables found no more are deleted (DeleteBehavior DELETE_FROM_DATABASE) or marked
  DEPRECATED_BY_CRAWLER. A missing target bucket fails the crawl.
- glue-crawl-failures (glue_crawls.py): POST/GET/DELETE /moto-api/snaplife/glue-crawl-failures
  {"crawlerName": "<regex, full match>", "errorMessage"}: the matching crawlers' next crawls end
  FAILED with that message and change no table.

- cloudformation-resources (cloudformation_resources.py): CreateStack, UpdateStack and DeleteStack
  deploy types moto's CloudFormation skipped silently: AWS::SQS::QueuePolicy, AWS::SNS::Subscription,
  AWS::SNS::TopicPolicy, AWS::Events::EventBusPolicy, AWS::S3::BucketPolicy,
  AWS::Scheduler::ScheduleGroup and Schedule (fired by the scheduler extension),
  AWS::CloudWatch::Alarm (evaluated by the alarms extension),
  AWS::ApplicationAutoScaling::ScalableTarget and ScalingPolicy, each into moto's backend so
  the services' APIs read them back; and properties it ignored: S3 Bucket versioning, public
  access block, lifecycle, ownership controls, object lock, BucketKeyEnabled; DynamoDB Table
  point-in-time recovery, TTL, SSE (and an update); KMS Key policy as an object, rotation and its
  period, update, delete as a scheduled deletion; EventBus Ref (its name) and Policy. A queue's
  Policy also survives a SetQueueAttributes that does not name it.
- policy-conditions (policy_conditions.py): a resource policy statement whose Condition does not
  hold does not apply (moto denied on it, so a TLS-only bucket policy refused every request), and
  requests carry aws:SecureTransport "true": the launcher stands for AWS's HTTPS endpoints.

The extensions' own state (fault rules, firings, the alarm interval, the RDS quotas and copy
limit, the export limit, export failure rules, contents and event switch, the crawl failure
rules) is not moto's: POST /moto-api/reset leaves it; DELETE the faults, firings, export
failures and contents, and crawl failure rules instead. To
probe for a running launcher use GET /moto-api/snaplife/info: moto 5.2.5's
/moto-api/data.json answers 500 as soon as an RDS DB instance exists (a write-only property of
its model). Tests: test_*.py here, each against a launcher on a free port
(launcher_testing.py).

Run: python snaplife_moto.py -H 127.0.0.1 -p 4566  (the same arguments as moto_server).
"""

import json
import sys
import threading
from datetime import datetime, timezone

import moto
from moto.core.responses import ActionResult
from moto.moto_api import state_manager
from moto.moto_api._internal import urls as moto_api_urls
from moto.rds import exceptions as rds_exceptions
from moto.rds import models as rds_models
from moto.rds import responses as rds_responses
from moto.sqs import models as sqs_models
from moto.core.utils import unix_time

import accounts
import alarms
import aws_managed_keys
import cloudformation_resources
import cloudwatch_cbor
import faults
import glue_crawls
import policy_conditions
import rds_copies
import rds_exports
import scheduler
import sqs_move_tasks
from extension_support import method_not_allowed, register

SNAPSHOT_MODEL = "rds::snapshot"
DEFAULT_SNAPSHOT_TRANSITION = {"progression": "time", "seconds": 3}
QUOTAS = {"ManualSnapshots": 100, "ManualClusterSnapshots": 100}


def _now():
    return datetime.now(timezone.utc)


# Set on a snapshot whose progress follows another transition than SNAPSHOT_MODEL's (a copy,
# rds_copies.py): (model name, start time, status while in progress).
PROGRESS = "_snaplife_progress"


def _progress_fraction(snapshot):
    """How far the snapshot's transition has gone, from 0.0 (just begun) to 1.0 (done): its own
    (PROGRESS), else SNAPSHOT_MODEL's since the snapshot was created."""
    model, started, _ = snapshot.__dict__.get(PROGRESS) or (
        SNAPSHOT_MODEL,
        getattr(snapshot, "created", None),
        "creating",
    )
    transition = state_manager.get_transition(model)
    seconds = float(transition.get("seconds", 0))
    if transition.get("progression") != "time" or started is None or seconds <= 0:
        return 1.0
    if started.tzinfo is None:
        started = started.replace(tzinfo=timezone.utc)
    return min(1.0, max(0.0, (_now() - started).total_seconds() / seconds))


def _in_progress(snapshot):
    """A manual snapshot that is 'available' underneath but not yet by its transition."""
    return (
        snapshot.__dict__.get("_snaplife_status", "available") == "available"
        and getattr(snapshot, "snapshot_type", "manual") == "manual"
        and _progress_fraction(snapshot) < 1.0
    )


def _progressive_status(cls):
    """Replaces the class's plain `status` attribute with one that reads 'creating' (or the
    PROGRESS status, e.g. a copy's 'copying') until the transition's time has passed, for manual
    snapshots that were created 'available'; and `percent_progress` (PercentProgress) with one
    that rises from 0 to 100 meanwhile."""

    def get_status(self):
        if _in_progress(self):
            return (self.__dict__.get(PROGRESS) or (None, None, "creating"))[2]
        return self.__dict__.get("_snaplife_status", "available")

    def set_status(self, value):
        self.__dict__["_snaplife_status"] = value

    def get_percent_progress(self):
        if _in_progress(self):
            return int(_progress_fraction(self) * 100)
        return self.__dict__.get("_snaplife_percent_progress", 100)

    def set_percent_progress(self, value):
        self.__dict__["_snaplife_percent_progress"] = value

    cls.status = property(get_status, set_status)
    cls.percent_progress = property(get_percent_progress, set_percent_progress)


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


def _enforce_manual_quota(backend_method, quota_name):
    """Wraps a create or copy so that it fails like AWS once the manual quota is used up."""

    def enforced(self, *args, **kwargs):
        if _manual_snapshot_usage(self)[quota_name] >= QUOTAS[quota_name]:
            raise rds_exceptions.SnapshotQuotaExceededFault()
        return backend_method(self, *args, **kwargs)

    enforced.__name__ = backend_method.__name__
    return enforced


def _quotas_as_aws_counts_them():
    # moto refuses any snapshot once 1,000 exist, automated ones included; AWS counts manual
    # snapshots against a quota the account can raise. The launcher's quotas decide instead.
    rds_models.RDSBackend.SNAPSHOT_QUOTA = property(lambda self: 10**9)
    for name, quota in (
        ("create_db_snapshot", "ManualSnapshots"),
        ("copy_db_snapshot", "ManualSnapshots"),
        ("create_db_cluster_snapshot", "ManualClusterSnapshots"),
        ("copy_db_cluster_snapshot", "ManualClusterSnapshots"),
    ):
        setattr(
            rds_models.RDSBackend,
            name,
            _enforce_manual_quota(getattr(rds_models.RDSBackend, name), quota),
        )


def set_rds_quotas(request, full_url, headers):
    size = int(headers.get("Content-Length") or 0)
    raw = request.environ["wsgi.input"].read(size) if size else b"{}"
    body = json.loads(raw or b"{}")
    unknown = set(body) - set(QUOTAS)
    if unknown:
        return 400, {}, json.dumps({"error": f"unknown quotas {sorted(unknown)}"})
    QUOTAS.update({name: int(value) for name, value in body.items()})
    return 200, {}, json.dumps(QUOTAS)


EXTENSIONS = [
    "info",
    "rds-one-at-a-time",
    "sqs-cheap-receive",
    "rds-snapshot-progress",
    "rds-quotas",
    "rds-paging",
    *rds_copies.NAMES,
    *rds_exports.NAMES,
    aws_managed_keys.NAME,
    accounts.NAME,
    faults.NAME,
    scheduler.NAME,
    alarms.NAME,
    cloudwatch_cbor.NAME,
    sqs_move_tasks.NAME,
    *glue_crawls.NAMES,
    cloudformation_resources.NAME,
    policy_conditions.NAME,
]


def info(request):
    if request.method != "GET":
        method_not_allowed(request)
    return 200, {"launcher": "snaplife-moto", "moto": moto.__version__, "extensions": EXTENSIONS}


RDS_LOCK = threading.Lock()


def _one_rds_request_at_a_time():
    original = rds_responses.RDSResponse.call_action

    def call_action(self):
        with RDS_LOCK:
            return original(self)

    rds_responses.RDSResponse.call_action = call_action


def _cheap_retention_check():
    def is_message_valid_based_on_retention_period(self, queue_name, message):
        queue = self.get_queue(queue_name)
        retain_until = int(queue.message_retention_period) + message.sent_timestamp / 1000
        return retain_until > unix_time()

    sqs_models.SQSBackend.is_message_valid_based_on_retention_period = (
        is_message_valid_based_on_retention_period
    )


def install():
    register("/info", info)
    _cheap_retention_check()
    _one_rds_request_at_a_time()
    state_manager.register_default_transition(SNAPSHOT_MODEL, DEFAULT_SNAPSHOT_TRANSITION)
    _progressive_status(rds_models.DBSnapshot)
    _progressive_status(rds_models.DBClusterSnapshot)
    _paged("describe_db_instances", "DBInstances")
    _paged("describe_db_snapshots", "DBSnapshots")
    _paged("describe_db_cluster_snapshots", "DBClusterSnapshots")
    _paged("describe_db_clusters", "DBClusters")
    rds_responses.RDSResponse.describe_account_attributes = describe_account_attributes
    _quotas_as_aws_counts_them()
    moto_api_urls.url_paths["{0}/moto-api/snaplife/rds-quotas"] = set_rds_quotas
    rds_copies.install(PROGRESS)  # after the progress and the quotas: wraps both
    rds_exports.install(RDS_LOCK)  # after rds-one-at-a-time, whose lock its thread takes
    aws_managed_keys.install()
    accounts.install()
    faults.install()
    cloudwatch_cbor.install()  # after faults: wraps its middleware
    scheduler.install()
    alarms.install()
    sqs_move_tasks.install()
    glue_crawls.install()
    cloudformation_resources.install()
    policy_conditions.install()


if __name__ == "__main__":
    install()
    from moto.server import main

    main(sys.argv[1:])
