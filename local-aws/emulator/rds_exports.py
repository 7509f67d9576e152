"""RDS snapshot exports to S3 as AWS runs them: they take time, few run at once, they can fail or
be canceled, they write Parquet files and JSON reports into the bucket, and they end with an RDS
event on EventBridge. moto's StartExportTask finished at once and wrote nothing.

rds-export-progress: a task started by StartExportTask from a DB snapshot or a DB cluster snapshot
(SourceArn) reads Status "STARTING" (PercentProgress 0) for the first fifth of its transition,
then "IN_PROGRESS", PercentProgress rising from 0 to 100 over the rest, then "COMPLETE" with
TaskEndTime and TotalExtractedDataInGB (whole GB, as AWS's Integer: 0 for small exports). The
delay is the moto state-manager transition of model "rds::export-task", default {"progression":
"time", "seconds": 3}, changed through POST /moto-api/state-manager/set-transition; with any
other progression StartExportTask still answers "STARTING" (AWS always does) and the task ends
at the next look (a tick or a describe). A background thread ticks every 0.25 s over every
account's and region's tasks, holding snaplife_moto's RDS_LOCK, so a task's ending (files,
event) happens at its time whether or not anyone describes it; DescribeExportTasks and
CancelExportTask first end the tasks whose time has passed, so they never show a stale status.
DescribeExportTasks also honours SourceArn and the Filters export-task-identifier, s3-bucket,
source-arn and status (lowercase, as AWS documents them). SourceType is "SNAPSHOT" for both
kinds of source (moto said "CLUSTER" for a cluster snapshot; AWS keeps "CLUSTER" for exports of
a DB cluster itself, which the launcher does not model: a SourceArn that is neither a snapshot
nor a cluster snapshot fails with InvalidParameterValue). Checks, in AWS's order as far as it is
known, all HTTP 400 unless said:
- ExportTaskAlreadyExists for a task identifier the account and region already used (moto's);
- DBSnapshotNotFound / DBClusterSnapshotNotFoundFault (404) for a source that does not exist in
  the caller's account and region;
- InvalidExportSourceState for a source that is not "available" (still creating or copying),
  and for an engine RDS cannot export: only mysql, mariadb, postgres, aurora, aurora-mysql and
  aurora-postgresql; the message names the engine;
- InvalidS3BucketFault "The S3 bucket <name> does not exist." when the caller's account has no
  such bucket (its region is not checked: the bucket is taken to be in the caller's region);
- KMSKeyNotAccessibleFault when KmsKeyId (key id, key ARN, alias name or alias ARN) names no key
  of the caller's account and region (of the ARN's, for an ARN).
The IAM role is not checked (moto's IAM does not enforce policies anyway).

rds-export-limit: at most 5 tasks may be STARTING, IN_PROGRESS or CANCELING at once per account
and region, DB and cluster snapshot exports together. AWS documents this limit of five ("You can
have up to five concurrent DB snapshot export tasks in progress per account") but the API
reference names no error for it: the launcher's choice is ExportTaskLimitReached, HTTP 400,
"Cannot have more than 5 concurrent export tasks in progress.". GET
/moto-api/snaplife/rds-export-limit answers {"concurrentExports": 5}; POST with that body sets
it (an integer, 0 or more; other keys are refused with 400) and answers the same. The setting is
the launcher's, for every account, and outlives POST /moto-api/reset.

rds-export-failures: POST /moto-api/snaplife/rds-export-failures {"snapshotIdentifier":
"<python regex>", "failureCause": "<text>"} adds a rule; GET answers {"rules": [...]}; DELETE
clears them (launcher state, outlives reset). A task whose source snapshot identifier fullmatches
a rule's regex, when it would complete, ends "FAILED" with FailureCause the rule's text (the first
matching rule's), TaskEndTime, and writes nothing to S3. CancelExportTask makes a STARTING or
IN_PROGRESS task "CANCELING", and the next tick "CANCELED" (nothing written); cancelling a task
in any other state (ended, or already CANCELING: a choice) fails with
InvalidExportTaskStateFault, HTTP 400 (moto canceled any task); an unknown identifier fails with
moto's ExportTaskNotFound (404).

rds-export-files: a task that completes writes, with moto's S3 backend of its account, into its
bucket under <S3Prefix>/<ExportTaskIdentifier>/ (the prefix given with or without a trailing '/',
or empty: then the keys start with the identifier), as RDS lays an export out:
- per exported table <database>/<schema>.<table>/1/part-00000-<uuid4>.gz.parquet (MySQL engines:
  <database>/<database>.<table>/...), a Parquet file written with pyarrow, gzip-compressed, with
  the table's columns and deterministic rows (row i, from 1: bigint and int i; string
  "<column>-i"; double i * 1.5; boolean i even; timestamp 2024-01-01T00:00 UTC + i hours; date
  2024-01-01 + i days; decimal(p,s) i + (i % 100) / 100);
- export_info_<ExportTaskIdentifier>.json: {exportTaskIdentifier, sourceArn, exportOnly,
  snapshotTime, taskStartTime, taskEndTime (ISO-8601 UTC: the launcher's format), s3Bucket,
  s3Prefix (as given), iamRoleArn, kmsKeyId, status "COMPLETE", percentProgress 100,
  totalExtractedDataInGB, perTableStatus: [{target, status "COMPLETE", sizeGB, warningMessage
  null}]}, target being <database>.<schema>.<table> (MySQL engines: <database>.<table>);
- export_tables_info_<ExportTaskIdentifier>_from_1_to_<N>.json (N tables): {perTableStatus:
  [{target, status, sizeGB, schemaMetadata: {originalTypeMappings: [{columnName, originalType,
  expectedExportedType, originalCharMaxLength, originalNumPrecision,
  originalDateTimePrecision}]}}]}. The type names follow the engine (postgres "bigint", "text",
  "timestamp without time zone", "numeric"...; MySQL "bigint", "varchar", "datetime",
  "decimal"...) and the Parquet type written ("int64", "binary (UTF8)", "int64
  (TIMESTAMP_MICROS)", "fixed_len_byte_array (DECIMAL(10,2))"...): the launcher's table.
Each object is put with ServerSideEncryption aws:kms and the ARN of the task's KMS key (moto
records both).
What a snapshot holds is set per source DB instance or cluster: POST
/moto-api/snaplife/rds-export-contents {"sourceIdentifier": "<instance or cluster id>",
"databases": {"<database>": {"<table>": {"columns": {"<name>": "<type>"}, "rows": <n>}}}}, types
bigint, int, string, double, boolean, timestamp, date, decimal(p,s); tables of postgres engines
are named "<schema>.<table>" (a name without a dot is in schema "public"), of MySQL engines
"<table>". GET answers {"contents": [...]}, DELETE clears them (launcher state, outlives reset).
Without a setting, a postgres-family snapshot holds database "app", tables public.customers (id
bigint, name string, created_at timestamp) and public.orders (id bigint, customer_id bigint,
total decimal(10,2), placed_at timestamp), 20 rows each; a MySQL-family one database "app",
tables customers and orders, the same columns. The contents are read when the task completes.
ExportOnly selects as RDS does: "database", "database.schema" (postgres), "database.table"
(MySQL), "database.schema.table" (postgres); none exports everything. An entry that matches no
database, schema or table makes the task FAIL with FailureCause "The ExportOnly entry '<entry>'
matches no database, schema or table of the snapshot." and nothing written (AWS's behaviour is
not documented: the launcher's choice).

rds-export-events: when a task ends (COMPLETE, FAILED, CANCELED) the launcher puts AWS's RDS
event onto the default EventBridge bus of the task's account and region, through moto's events
backend (so rules deliver it to their targets): source "aws.rds", detail-type "RDS DB Snapshot
Event" (DB snapshot source) or "RDS DB Cluster Snapshot Event" (cluster snapshot), resources
[the snapshot's ARN], detail {EventCategories ["notification"], SourceType "SNAPSHOT" or
"CLUSTER_SNAPSHOT", SourceArn, Date (ISO-8601 UTC), Message, SourceIdentifier (the snapshot's
identifier), EventID}, ids and messages from AWS's RDS event catalogue: DB snapshot RDS-EVENT-0159
"The snapshot export task failed.", RDS-EVENT-0160 "The snapshot export task was canceled.",
RDS-EVENT-0161 "The snapshot export task completed."; DB cluster snapshot RDS-EVENT-0162 "The DB
cluster snapshot export task failed.", RDS-EVENT-0163 "The DB cluster snapshot export task was
canceled.", RDS-EVENT-0164 "The DB cluster snapshot export task completed.". GET/POST
/moto-api/snaplife/rds-export-events {"emit": true} reads or turns emission on or off (default
on; launcher state), so tests can simulate a lost event.

The tasks live on moto's RDS backend: POST /moto-api/reset forgets them.
"""

import io
import json
import re
import sys
import threading
import time
import traceback
import uuid
from datetime import date, datetime, timedelta, timezone
from decimal import Decimal

import pyarrow as pa
import pyarrow.parquet as pq
from moto.events.models import events_backends
from moto.moto_api import state_manager
from moto.rds import models as rds_models
from moto.rds.exceptions import (
    DBClusterSnapshotNotFoundError,
    DBSnapshotNotFoundFault,
    ExportTaskAlreadyExistsError,
    ExportTaskNotFoundError,
    RDSClientError,
)
from moto.rds.utils import split_arn
from moto.s3.models import s3_backends
from moto.utilities.utils import get_partition

import aws_managed_keys
from extension_support import (
    ApiError,
    existing_backends,
    failure_rules,
    integer_setting,
    method_not_allowed,
    read_json,
    register,
)

PROGRESS_NAME = "rds-export-progress"
LIMIT_NAME = "rds-export-limit"
FAILURES_NAME = "rds-export-failures"
FILES_NAME = "rds-export-files"
EVENTS_NAME = "rds-export-events"
NAMES = [PROGRESS_NAME, LIMIT_NAME, FAILURES_NAME, FILES_NAME, EVENTS_NAME]

EXPORT_MODEL = "rds::export-task"
DEFAULT_EXPORT_TRANSITION = {"progression": "time", "seconds": 3}
STARTING_SHARE = 0.2  # of the transition's time, spent STARTING
TICK_SECONDS = 0.25

LIMIT_KEY = "concurrentExports"
LIMIT = {LIMIT_KEY: 5}
RUNNING = ("STARTING", "IN_PROGRESS", "CANCELING")
ENDED = ("COMPLETE", "FAILED", "CANCELED")

POSTGRES_ENGINES = {"postgres", "aurora-postgresql"}
MYSQL_ENGINES = {"mysql", "mariadb", "aurora", "aurora-mysql"}

_STATE = threading.Lock()  # over the launcher state below
FAILURE_RULES = []  # [{"snapshotIdentifier", "failureCause"}]
CONTENTS = {}  # source instance or cluster identifier -> {"databases": ...}
EVENTS = {"emit": True}

EVENT_IDS = {
    ("SNAPSHOT", "FAILED"): ("RDS-EVENT-0159", "The snapshot export task failed."),
    ("SNAPSHOT", "CANCELED"): ("RDS-EVENT-0160", "The snapshot export task was canceled."),
    ("SNAPSHOT", "COMPLETE"): ("RDS-EVENT-0161", "The snapshot export task completed."),
    ("CLUSTER_SNAPSHOT", "FAILED"): (
        "RDS-EVENT-0162",
        "The DB cluster snapshot export task failed.",
    ),
    ("CLUSTER_SNAPSHOT", "CANCELED"): (
        "RDS-EVENT-0163",
        "The DB cluster snapshot export task was canceled.",
    ),
    ("CLUSTER_SNAPSHOT", "COMPLETE"): (
        "RDS-EVENT-0164",
        "The DB cluster snapshot export task completed.",
    ),
}
DETAIL_TYPES = {
    "SNAPSHOT": "RDS DB Snapshot Event",
    "CLUSTER_SNAPSHOT": "RDS DB Cluster Snapshot Event",
}

_DEFAULT_COLUMNS = {
    "customers": {"id": "bigint", "name": "string", "created_at": "timestamp"},
    "orders": {
        "id": "bigint",
        "customer_id": "bigint",
        "total": "decimal(10,2)",
        "placed_at": "timestamp",
    },
}
DEFAULT_ROWS = 20
_DECIMAL = re.compile(r"decimal\((\d{1,2}),(\d{1,2})\)")
_SIMPLE_TYPES = {"bigint", "int", "string", "double", "boolean", "timestamp", "date"}
_EPOCH = datetime(2024, 1, 1, tzinfo=timezone.utc)


def _now():
    return datetime.now(timezone.utc)


def _iso(moment):
    if moment is None:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    return moment.astimezone(timezone.utc).isoformat(timespec="milliseconds").replace(
        "+00:00", "Z"
    )


def _error(code, message):
    return RDSClientError(code, message)


# Types: the Parquet column, the engine's original type and how RDS reports the mapping.


def _arrow_type(kind):
    match = _DECIMAL.fullmatch(kind)
    if match:
        return pa.decimal128(int(match.group(1)), int(match.group(2)))
    return {
        "bigint": pa.int64(),
        "int": pa.int32(),
        "string": pa.string(),
        "double": pa.float64(),
        "boolean": pa.bool_(),
        "timestamp": pa.timestamp("us"),
        "date": pa.date32(),
    }[kind]


def _value(kind, column, i):
    match = _DECIMAL.fullmatch(kind)
    if match:
        scale = int(match.group(2))
        return (Decimal(i) + Decimal(i % 100) / 100).quantize(Decimal(1).scaleb(-scale))
    if kind in ("bigint", "int"):
        return i
    if kind == "string":
        return f"{column}-{i}"
    if kind == "double":
        return i * 1.5
    if kind == "boolean":
        return i % 2 == 0
    if kind == "timestamp":
        return (_EPOCH + timedelta(hours=i)).replace(tzinfo=None)
    return date(2024, 1, 1) + timedelta(days=i)


def _type_mapping(kind, column, postgres):
    """An originalTypeMappings entry for a column."""
    match = _DECIMAL.fullmatch(kind)
    char_max, precision, datetime_precision = 0, 0, 0
    if match:
        precision = int(match.group(1))
        original = "numeric" if postgres else "decimal"
        exported = f"fixed_len_byte_array (DECIMAL({match.group(1)},{match.group(2)}))"
    elif kind == "bigint":
        original, exported, precision = "bigint", "int64", 64
    elif kind == "int":
        original, exported, precision = ("integer" if postgres else "int"), "int32", 32
    elif kind == "string":
        original, exported = ("text" if postgres else "varchar"), "binary (UTF8)"
        char_max = 0 if postgres else 255
    elif kind == "double":
        original, exported = ("double precision" if postgres else "double"), "double"
        precision = 53
    elif kind == "boolean":
        original, exported = ("boolean" if postgres else "tinyint"), "boolean"
    elif kind == "timestamp":
        original = "timestamp without time zone" if postgres else "datetime"
        exported, datetime_precision = "int64 (TIMESTAMP_MICROS)", 6
    else:
        original, exported = "date", "int32 (DATE)"
    return {
        "columnName": column,
        "originalType": original,
        "expectedExportedType": exported,
        "originalCharMaxLength": char_max,
        "originalNumPrecision": precision,
        "originalDateTimePrecision": datetime_precision,
    }


def _valid_type(kind):
    if kind in _SIMPLE_TYPES:
        return True
    match = _DECIMAL.fullmatch(kind) if isinstance(kind, str) else None
    return bool(match) and 1 <= int(match.group(1)) <= 38 and int(match.group(2)) <= int(
        match.group(1)
    )


# The task: what the launcher records on moto's ExportTask.


def _source(backend, source_arn):
    """The snapshot a SourceArn names in the backend's account and region, and its SourceType
    for events ("SNAPSHOT", "CLUSTER_SNAPSHOT")."""
    try:
        _, account, resource_type, name = split_arn(source_arn)
    except (ValueError, AttributeError):
        raise _error(
            "InvalidParameterValue", f"Invalid SourceArn: {source_arn}"
        ) from None
    name = name.lower()
    if resource_type == "snapshot":
        snapshot = backend.database_snapshots.get(name)
        if snapshot is None or account != backend.account_id:
            raise DBSnapshotNotFoundFault(name)
        return snapshot, "SNAPSHOT"
    if resource_type == "cluster-snapshot":
        snapshot = backend.cluster_snapshots.get(name)
        if snapshot is None or account != backend.account_id:
            raise DBClusterSnapshotNotFoundError(name)
        return snapshot, "CLUSTER_SNAPSHOT"
    raise _error(
        "InvalidParameterValue",
        f"The launcher exports DB snapshots and DB cluster snapshots only, not {source_arn}.",
    )


def _snapshot_identifier(snapshot):
    identifier = getattr(snapshot, "db_snapshot_identifier", None)
    return identifier or snapshot.db_cluster_snapshot_identifier


def _source_identifier(snapshot):
    """The DB instance or cluster the snapshot was taken of."""
    return getattr(snapshot, "db_instance_identifier", None) or snapshot.db_cluster_identifier


def _fraction(task, now):
    transition = state_manager.get_transition(EXPORT_MODEL)
    seconds = float(transition.get("seconds", 0))
    if transition.get("progression") != "time" or seconds <= 0:
        return 1.0
    return min(1.0, max(0.0, (now - task.task_start_time).total_seconds() / seconds))


def _bucket_exists(account, region, bucket):
    regions = dict.get(s3_backends, account)
    backend = dict.get(regions, get_partition(region)) if regions is not None else None
    return backend is not None and bucket in backend.buckets


def _running(backend):
    return sum(1 for task in list(backend.export_tasks.values()) if task.status in RUNNING)


def _start_export_task(original):
    def start_export_task(self, kwargs):
        _advance(self, _now())
        task_id = kwargs["export_task_identifier"]
        if task_id in self.export_tasks:
            raise ExportTaskAlreadyExistsError(task_id)
        snapshot, source_type = _source(self, kwargs["source_arn"])
        if snapshot.status != "available":
            raise _error(
                "InvalidExportSourceStateFault",
                f"Export source should be 'available' but current status is {snapshot.status}.",
            )
        engine = snapshot.engine
        if engine not in POSTGRES_ENGINES | MYSQL_ENGINES:
            raise _error(
                "InvalidExportSourceStateFault",
                f"The engine {engine} of snapshot {_snapshot_identifier(snapshot)} does not "
                "support exporting to Amazon S3.",
            )
        bucket = kwargs.get("s3_bucket_name")
        if not _bucket_exists(self.account_id, self.region_name, bucket):
            raise _error("InvalidS3BucketFault", f"The S3 bucket {bucket} does not exist.")
        kms_key_id = kwargs.get("kms_key_id")
        key = aws_managed_keys.find_key(kms_key_id, self.account_id, self.region_name)
        if key is None:
            raise _error(
                "KMSKeyNotAccessibleFault", f"The KMS key {kms_key_id} is not accessible."
            )
        limit = LIMIT[LIMIT_KEY]
        if _running(self) >= limit:
            raise _error(
                "ExportTaskLimitReached",
                f"Cannot have more than {limit} concurrent export tasks in progress.",
            )
        task = original(self, kwargs)
        task.status = "STARTING"
        task.percent_progress = 0
        task.task_start_time = task.created_at
        if task.task_start_time.tzinfo is None:
            task.task_start_time = task.task_start_time.replace(tzinfo=timezone.utc)
        task.task_end_time = None
        task.snapshot_time = snapshot.created
        task.source_type = "SNAPSHOT"
        task.s3_prefix = kwargs.get("s3_prefix") or ""
        task.export_only = list(kwargs.get("export_only") or [])
        task.total_extracted_data_in_gb = None
        task.failure_cause = None
        task.warning_message = None
        task._snaplife_event_source_type = source_type
        task._snaplife_key_arn = key.arn
        return task

    start_export_task.__name__ = original.__name__
    return start_export_task


def _cancel_export_task(self, export_task_identifier):
    _advance(self, _now())
    task = self.export_tasks.get(export_task_identifier)
    if task is None:
        raise ExportTaskNotFoundError(export_task_identifier)
    if task.status not in ("STARTING", "IN_PROGRESS"):
        raise _error(
            "InvalidExportTaskStateFault",
            f"Cannot cancel export task {export_task_identifier} because it is {task.status}.",
        )
    task.status = "CANCELING"
    return task


FILTERS = {
    "export-task-identifier": lambda task: task.export_task_identifier,
    "s3-bucket": lambda task: task.s3_bucket,
    "source-arn": lambda task: task.source_arn,
    "status": lambda task: task.status.lower(),
}


def _describe_export_tasks(original):
    def describe_export_tasks(self):
        backend = self.backend
        _advance(backend, _now())
        result = original(self)
        tasks = list(result._result.get("ExportTasks") or [])
        source_arn = self.params.get("SourceArn")
        if source_arn:
            tasks = [t for t in tasks if t.source_arn == source_arn]
        for entry in self.params.get("Filters") or []:
            name, values = entry.get("Name"), entry.get("Values") or []
            if name not in FILTERS:
                raise _error("InvalidParameterValue", f"Unrecognized filter name: {name}")
            tasks = [t for t in tasks if FILTERS[name](t) in values]
        result._result["ExportTasks"] = tasks
        return result

    describe_export_tasks.__name__ = original.__name__
    return describe_export_tasks


# Progress and ending.


def _advance(backend, now, tick=False):
    """Moves the backend's tasks on by the clock; on a tick, CANCELING ones end CANCELED.
    Called with RDS_LOCK held (an RDS request, or the tick thread)."""
    for task in list(backend.export_tasks.values()):
        if "_snaplife_event_source_type" not in task.__dict__:
            continue  # not started through the launcher: leave moto's as it is
        if task.status == "CANCELING":
            if tick:
                _end(backend, task, "CANCELED", now)
            continue
        if task.status not in ("STARTING", "IN_PROGRESS"):
            continue
        fraction = _fraction(task, now)
        if fraction >= 1.0:
            _complete(backend, task, now)
        elif fraction >= STARTING_SHARE:
            task.status = "IN_PROGRESS"
            task.percent_progress = int((fraction - STARTING_SHARE) / (1 - STARTING_SHARE) * 100)


def _end(backend, task, status, now, failure=None):
    task.status = status
    task.task_end_time = now
    if failure is not None:
        task.failure_cause = failure
    try:
        _emit(backend, task, status, now)
    except Exception:  # the event is best effort; the task's end stands
        traceback.print_exc(file=sys.stderr)


def _complete(backend, task, now):
    snapshot = task.snapshot
    with _STATE:
        rule = next(
            (
                r
                for r in FAILURE_RULES
                if re.fullmatch(r["snapshotIdentifier"], _snapshot_identifier(snapshot))
            ),
            None,
        )
    if rule is not None:
        _end(backend, task, "FAILED", now, rule["failureCause"])
        return
    postgres = snapshot.engine in POSTGRES_ENGINES
    tables = _tables(snapshot, postgres)
    selected = [t for t in tables if not task.export_only]
    for entry in task.export_only:
        matching = [t for t in tables if _selects(entry, t, postgres)]
        if not matching:
            _end(
                backend,
                task,
                "FAILED",
                now,
                f"The ExportOnly entry '{entry}' matches no database, schema or table of the "
                "snapshot.",
            )
            return
        selected.extend(t for t in matching if t not in selected)
    try:
        total_bytes = _write_files(backend, task, selected, postgres, now)
    except Exception as e:  # the bucket deleted meanwhile...
        traceback.print_exc(file=sys.stderr)
        _end(backend, task, "FAILED", now, f"The export could not write to S3: {e}")
        return
    task.percent_progress = 100
    task.total_extracted_data_in_gb = int(total_bytes / 10**9)
    _end(backend, task, "COMPLETE", now)


def _tables(snapshot, postgres):
    """[(database, schema or None, table, spec)] of what the snapshot holds."""
    with _STATE:
        contents = CONTENTS.get(_source_identifier(snapshot))
    if contents is None:
        prefix = "public." if postgres else ""
        databases = {
            "app": {
                prefix + name: {"columns": columns, "rows": DEFAULT_ROWS}
                for name, columns in _DEFAULT_COLUMNS.items()
            }
        }
    else:
        databases = contents["databases"]
    tables = []
    for database, database_tables in databases.items():
        for name, spec in database_tables.items():
            if postgres:
                schema, _, table = name.rpartition(".")
                tables.append((database, schema or "public", table, spec))
            else:
                tables.append((database, None, name, spec))
    return tables


def _selects(entry, table, postgres):
    database, schema, name, _ = table
    parts = entry.split(".")
    if parts[0] != database:
        return False
    if len(parts) == 1:
        return True
    if postgres:
        if len(parts) == 2:
            return parts[1] == schema
        return len(parts) == 3 and parts[1:] == [schema, name]
    return len(parts) == 2 and parts[1] == name


def _target(table):
    database, schema, name, _ = table
    return f"{database}.{schema}.{name}" if schema is not None else f"{database}.{name}"


def _parquet(spec):
    columns = spec["columns"]
    rows = range(1, int(spec["rows"]) + 1)
    arrays = [
        pa.array([_value(kind, column, i) for i in rows], type=_arrow_type(kind))
        for column, kind in columns.items()
    ]
    table = pa.Table.from_arrays(arrays, names=list(columns))
    sink = io.BytesIO()
    pq.write_table(table, sink, compression="gzip")
    return sink.getvalue()


def _write_files(backend, task, tables, postgres, now):
    s3 = s3_backends[backend.account_id][get_partition(backend.region_name)]
    prefix = task.s3_prefix.strip("/")
    task_id = task.export_task_identifier
    base = f"{prefix}/{task_id}/" if prefix else f"{task_id}/"

    def put(key, body):
        try:
            s3.put_object(
                task.s3_bucket,
                key,
                body,
                encryption="aws:kms",
                kms_key_id=task.__dict__.get("_snaplife_key_arn"),
            )
        except TypeError:  # a moto without these arguments: unencrypted, best effort
            s3.put_object(task.s3_bucket, key, body)

    statuses, total = [], 0
    for table in tables:
        database, schema, name, spec = table
        folder = f"{schema}.{name}" if schema is not None else f"{database}.{name}"
        body = _parquet(spec)
        put(f"{base}{database}/{folder}/1/part-00000-{uuid.uuid4()}.gz.parquet", body)
        total += len(body)
        statuses.append((table, len(body) / 10**9))
    count = len(tables)
    tables_info = {
        "perTableStatus": [
            {
                "target": _target(table),
                "status": "COMPLETE",
                "sizeGB": size,
                "schemaMetadata": {
                    "originalTypeMappings": [
                        _type_mapping(kind, column, postgres)
                        for column, kind in table[3]["columns"].items()
                    ]
                },
            }
            for table, size in statuses
        ]
    }
    put(
        f"{base}export_tables_info_{task.export_task_identifier}_from_1_to_{count}.json",
        json.dumps(tables_info, indent=2).encode(),
    )
    info = {
        "exportTaskIdentifier": task.export_task_identifier,
        "sourceArn": task.source_arn,
        "exportOnly": list(task.export_only),
        "snapshotTime": _iso(task.snapshot_time),
        "taskStartTime": _iso(task.task_start_time),
        "taskEndTime": _iso(now),
        "s3Bucket": task.s3_bucket,
        "s3Prefix": task.s3_prefix,
        "iamRoleArn": task.iam_role_arn,
        "kmsKeyId": task.kms_key_id,
        "status": "COMPLETE",
        "percentProgress": 100,
        "totalExtractedDataInGB": int(total / 10**9),
        "perTableStatus": [
            {"target": _target(table), "status": "COMPLETE", "sizeGB": size, "warningMessage": None}
            for table, size in statuses
        ],
    }
    put(f"{base}export_info_{task_id}.json", json.dumps(info, indent=2).encode())
    return total


def _emit(backend, task, status, now):
    with _STATE:
        if not EVENTS["emit"]:
            return
    source_type = task.__dict__["_snaplife_event_source_type"]
    event_id, message = EVENT_IDS[(source_type, status)]
    snapshot = task.snapshot
    detail = {
        "EventCategories": ["notification"],
        "SourceType": source_type,
        "SourceArn": snapshot.arn,
        "Date": _iso(now),
        "Message": message,
        "SourceIdentifier": _snapshot_identifier(snapshot),
        "EventID": event_id,
    }
    events = events_backends[backend.account_id][backend.region_name]
    events.put_events(
        [
            {
                "Source": "aws.rds",
                "DetailType": DETAIL_TYPES[source_type],
                "Detail": json.dumps(detail),
                "Resources": [snapshot.arn],
            }
        ]
    )


class _Ticker:
    def __init__(self, rds_lock):
        self.rds_lock = rds_lock

    def start(self):
        threading.Thread(target=self._run, name="snaplife-rds-exports", daemon=True).start()

    def _run(self):
        while True:
            try:
                self.tick()
            except Exception:  # keep ticking whatever happens
                traceback.print_exc(file=sys.stderr)
            time.sleep(TICK_SECONDS)

    def tick(self):
        for _, _, backend in existing_backends(rds_models.rds_backends):
            if not backend.export_tasks:
                continue
            with self.rds_lock:
                _advance(backend, _now(), tick=True)


# Control endpoints.


def export_limit(request):
    return integer_setting(request, LIMIT, LIMIT_KEY)


def export_failures(request):
    return failure_rules(request, FAILURE_RULES, "snapshotIdentifier", "failureCause", _STATE)


def _validate_databases(databases):
    if not isinstance(databases, dict):
        raise ApiError(400, "databases must be an object")
    for database, tables in databases.items():
        if not database or "." in database or not isinstance(tables, dict):
            raise ApiError(
                400, f"database {database!r}: a name without '.' and an object of tables"
            )
        for name, spec in tables.items():
            if not isinstance(spec, dict) or set(spec) - {"columns", "rows"}:
                raise ApiError(400, f"table {name!r}: an object with columns and rows")
            columns, rows = spec.get("columns"), spec.get("rows", 0)
            if not isinstance(columns, dict) or not columns:
                raise ApiError(400, f"table {name!r}: columns must be a non-empty object")
            for column, kind in columns.items():
                if not isinstance(kind, str) or not _valid_type(kind):
                    raise ApiError(
                        400,
                        f"column {column!r} of {name!r}: type must be one of "
                        f"{sorted(_SIMPLE_TYPES)} or decimal(p,s)",
                    )
            if isinstance(rows, bool) or not isinstance(rows, int) or rows < 0:
                raise ApiError(400, f"table {name!r}: rows must be an integer of 0 or more")


def export_contents(request):
    if request.method == "POST":
        body = read_json(request)
        unknown = set(body) - {"sourceIdentifier", "databases"}
        if unknown:
            raise ApiError(400, f"unknown keys {sorted(unknown)}")
        source = body.get("sourceIdentifier")
        if not isinstance(source, str) or not source:
            raise ApiError(
                400, "sourceIdentifier (a DB instance or cluster identifier) is required"
            )
        databases = body.get("databases")
        _validate_databases(databases)
        with _STATE:
            CONTENTS[source.lower()] = {"databases": databases}
    elif request.method == "DELETE":
        with _STATE:
            CONTENTS.clear()
    elif request.method != "GET":
        method_not_allowed(request)
    with _STATE:
        return 200, {
            "contents": [
                {"sourceIdentifier": source, "databases": value["databases"]}
                for source, value in CONTENTS.items()
            ]
        }


def export_events(request):
    if request.method == "POST":
        body = read_json(request)
        unknown = set(body) - {"emit"}
        if unknown:
            raise ApiError(400, f"unknown settings {sorted(unknown)}")
        if "emit" in body:
            if not isinstance(body["emit"], bool):
                raise ApiError(400, "emit must be true or false")
            with _STATE:
                EVENTS["emit"] = body["emit"]
    elif request.method != "GET":
        method_not_allowed(request)
    with _STATE:
        return 200, dict(EVENTS)


def install(rds_lock):
    """After snaplife_moto's rds-one-at-a-time (rds_lock is its RDS_LOCK, which the tick thread
    takes) and rds-snapshot-progress (a source's status is read through it)."""
    from moto.rds import responses as rds_responses

    state_manager.register_default_transition(EXPORT_MODEL, DEFAULT_EXPORT_TRANSITION)
    rds_models.RDSBackend.start_export_task = _start_export_task(
        rds_models.RDSBackend.start_export_task
    )
    rds_models.RDSBackend.cancel_export_task = _cancel_export_task
    rds_responses.RDSResponse.describe_export_tasks = _describe_export_tasks(
        rds_responses.RDSResponse.describe_export_tasks
    )
    register("/rds-export-limit", export_limit)
    register("/rds-export-failures", export_failures)
    register("/rds-export-contents", export_contents)
    register("/rds-export-events", export_events)
    _Ticker(rds_lock).start()
