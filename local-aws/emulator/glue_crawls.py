"""Glue crawlers that crawl: a crawl over S3 targets holding Parquet files (the layout RDS snapshot
exports write) creates, updates, deprecates and deletes the tables of the crawler's database, as
AWS Glue's crawlers do. moto 5.2.5's crawlers change state and never crawl.

glue-crawl-progress: StartCrawler puts the crawler in State "RUNNING" for the time of moto's own
state-manager model of a crawl, "glue::crawl" (its RUNNING -> COMPLETED transition; moto
registers no default, so it was immediate), default here {"progression": "time", "seconds": 2},
changed through POST /moto-api/state-manager/set-transition. When RUNNING ends the crawl is done
(glue-crawl-tables), by a background thread that looks at every crawler about every 0.25 s, or
by the first request that reads the crawler, whichever comes first: nobody has to call
GetCrawler for the tables to appear, and no reader ever sees READY before them. The crawler then
reads "STOPPING" for 0.5 s (only with a "time" progression; other progressions go straight to
READY), then "READY" with LastCrawl {Status "SUCCEEDED" or "FAILED", ErrorMessage (failed only),
StartTime, LogGroup "/aws-glue/crawlers", LogStream <crawler name>, MessagePrefix <the crawl's
uuid>}; CrawlElapsedTime counts the milliseconds of a running crawl. StopCrawler is moto's (the
crawler STOPPING until the crawl's time is up); such a crawl changes no tables and its LastCrawl
Status is "CANCELLED", as on AWS. ListCrawls reports a failed crawl with State "FAILED" and its
ErrorMessage.
StartCrawler on a crawler that is not READY (RUNNING or STOPPING) fails with
CrawlerRunningException "Crawler with name <name> has already started", HTTP 400 (moto's
refused only RUNNING, and started a second crawl on a STOPPING crawler). UpdateCrawler, which
moto lacks, updates the fields given (Role, DatabaseName, Description, Targets, Schedule,
Classifiers, TablePrefix, SchemaChangePolicy, RecrawlPolicy, LineageConfiguration,
Configuration, CrawlerSecurityConfiguration; Version + 1, LastUpdated) of a READY crawler, and
refuses a crawler that is not with CrawlerRunningException "Cannot update Crawler while running.
Please stop crawl or wait until it completes to update." (AWS's text; AWS's API reference lists
CrawlerRunningException for UpdateCrawler, though CloudFormation users have reported the text
under InvalidInputException). DeleteCrawler likewise refuses a crawler that is not READY with
CrawlerRunningException "Cannot delete crawler<name> while it's running" (AWS's text). Unknown
crawlers: moto's EntityNotFoundException. GetCrawlerMetrics, which moto lacks, answers per crawler
(CrawlerNameList, or all of them) TablesCreated, TablesUpdated and TablesDeleted of the last
finished crawl, LastRuntimeSeconds, MedianRuntimeSeconds (of the finished crawls),
TimeLeftSeconds (of a running crawl's transition) and StillEstimating false, in one page;
unknown names are left out (a choice).

glue-crawl-tables: the crawl lists, for each S3 target (Targets.S3Targets[].Path,
"s3://bucket/prefix/"; a path without a trailing "/" covers that key and the keys under
"<prefix>/"), the objects under the prefix in moto's S3 backend of the crawler's account, less
those whose key relative to the prefix matches one of the target's Exclusions (Glue's globs: "*"
and "?" within a path segment, "**" across segments, "{a,b}" alternatives, "[...]" classes).
Every object whose key ends in ".parquet" belongs to a table folder: its parent directory, or
its grandparent when the parent's name is all digits (RDS exports write
<export>/<database>/<schema.table>/<n>/part-00000-<uuid>.gz.parquet). The table's name is the
crawler's TablePrefix (as given) plus the folder's base name (the bucket's name for files at the
bucket's root) lowercased with every character outside [a-z0-9_] replaced by "_". When the
crawler's database holds a table of that name at another location (another folder of this crawl
included, folders taken in target order, then key order), the name gets "_" and the first 8 hex
digits of the md5 of the new table's Location: an approximation of Glue's own way of telling
such tables apart (Glue appends a hash of the location too; its exact input is not
documented). The columns are those of the folder's files' Parquet schemas (read from the footer
with pyarrow; columns by name in the order first seen, the first file's type winning; a file
pyarrow cannot read is skipped, a folder with none readable makes no table), typed for Hive:
int64 bigint, int32 int, int16 smallint, int8 tinyint, string and large_string string, double,
float, bool boolean, any timestamp timestamp, date32 date, decimal128(p,s) decimal(p,s), binary
and large_binary binary, a dictionary its values' type, anything else string. No PartitionKeys:
RDS exports' digit folders are file groups, not key=value partitions (Glue would add
partition_0: string; a choice). The table (TableType "EXTERNAL_TABLE", StorageDescriptor
{Location "s3://bucket/<folder>/", Columns, InputFormat
"org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat", OutputFormat
"org.apache.hadoop.hive.ql.io.parquet.MapredParquetOutputFormat", SerdeInfo
{SerializationLibrary "org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe"}},
Parameters {"classification": "parquet", "UPDATED_BY_CRAWLER": <crawler name>}) is created in the
crawler's DatabaseName, which the crawl creates when missing, as Glue does; a table of that name
already at that Location is updated (a new version, only when something changed; its other
Parameters kept, DEPRECATED_BY_CRAWLER dropped), whoever made it, as Glue does, unless
SchemaChangePolicy.UpdateBehavior is "LOG". Tables whose Parameters say UPDATED_BY_CRAWLER this
crawler and that this crawl did not find (their folder holds no Parquet any more, or is no
longer under a target) are deleted when SchemaChangePolicy.DeleteBehavior is
"DELETE_FROM_DATABASE", else (Glue's default DEPRECATE_IN_DATABASE; LOG is treated alike, a
choice) marked with Parameters "DEPRECATED_BY_CRAWLER": <crawler name>; other tables are never
deprecated nor deleted. A target whose bucket does not exist in the crawler's account fails the
crawl (LastCrawl Status "FAILED", ErrorMessage "S3 target s3://<bucket>/...: the bucket <bucket>
does not exist.", a choice: AWS documents no text) and no table changes. A crawl that finds no
Parquet succeeds and changes nothing but the deprecations above. Only S3 targets are crawled.

glue-crawl-failures (fault injection): POST /moto-api/snaplife/glue-crawl-failures
{"crawlerName": "<Python regex, full match>", "errorMessage": "<text>"} adds a rule and answers
{"rules": [...]}; GET answers the rules, DELETE removes them all. A crawl started while a rule
matches its crawler's name (any account and region; the first matching rule) ends FAILED with
that ErrorMessage and changes no table. The rules are the launcher's and outlive POST
/moto-api/reset.

Glue requests are served one at a time, and never while a crawl writes to the catalog (moto's
Glue backend is not thread-safe).
"""

import hashlib
import re
import statistics
import threading
import time
import traceback

import pyarrow as pa
import pyarrow.parquet as pq
from moto.core.responses import ActionResult, EmptyResult
from moto.core.utils import utcnow
from moto.glue import models as glue_models
from moto.glue import responses as glue_responses
from moto.glue.exceptions import CrawlerRunningException, DatabaseAlreadyExistsException
from moto.moto_api import state_manager
from moto.moto_api._internal.managed_state_model import ManagedState
from moto.s3.models import FakeKey, s3_backends
from moto.utilities.utils import get_partition

from extension_support import existing_backends, failure_rules, register

PROGRESS_NAME = "glue-crawl-progress"
TABLES_NAME = "glue-crawl-tables"
FAILURES_NAME = "glue-crawl-failures"
NAMES = [PROGRESS_NAME, TABLES_NAME, FAILURES_NAME]

CRAWL_MODEL = "glue::crawl"  # moto's FakeCrawl
DEFAULT_CRAWL_TRANSITION = {"progression": "time", "seconds": 2}
STOPPING_SECONDS = 0.5
TICK_SECONDS = 0.25

LOCK = threading.RLock()  # over Glue's requests and the crawls
FAILURE_RULES = []  # [{"crawlerName", "errorMessage"}], the launcher's
_RULES_LOCK = threading.Lock()

INPUT_FORMAT = "org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat"
OUTPUT_FORMAT = "org.apache.hadoop.hive.ql.io.parquet.MapredParquetOutputFormat"
SERDE = "org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe"
UPDATED_BY = "UPDATED_BY_CRAWLER"
DEPRECATED_BY = "DEPRECATED_BY_CRAWLER"
LAST_CRAWL_STATUS = {"COMPLETED": "SUCCEEDED", "FAILED": "FAILED", "STOPPED": "CANCELLED"}


class CrawlFailed(Exception):
    pass


class Crawl(glue_models.FakeCrawl):
    """moto's crawl (model CRAWL_MODEL: RUNNING -> COMPLETED, STOPPING -> STOPPED) that crawls
    the moment its RUNNING ends: whoever reads its status first then (the thread, a request)
    does the crawl, so COMPLETED is never seen before the tables are written. A failed crawl
    ends FAILED."""

    def __init__(self, crawler):
        super().__init__(crawler.name)
        self.crawler = crawler
        self.started = time.monotonic()
        self.finished = None  # time.monotonic() when done (crawled, failed or stopped)
        self.error = None
        self.counts = {"TablesCreated": 0, "TablesUpdated": 0, "TablesDeleted": 0}
        # The failure rule of the crawler at the start, if any.
        self.injected = next(
            (
                rule["errorMessage"]
                for rule in list(FAILURE_RULES)
                if re.fullmatch(rule["crawlerName"], crawler.name)
            ),
            None,
        )

    @property
    def status(self):
        state = ManagedState.status.fget(self)
        if self.finished is None and state in ("COMPLETED", "STOPPED"):
            with LOCK:
                if self.finished is None:
                    if state == "COMPLETED":
                        _crawl(self)
                    self.finished = time.monotonic()
            state = self._status
        return state

    @status.setter
    def status(self, value):
        self._status = value

    def as_dict(self):
        result = super().as_dict()
        if self.error is not None:
            result["ErrorMessage"] = self.error
        return result


# --- the crawl ---------------------------------------------------------------------------------


def _hive_type(arrow_type):
    t = pa.types
    if t.is_dictionary(arrow_type):
        return _hive_type(arrow_type.value_type)
    for check, name in (
        (t.is_int64, "bigint"),
        (t.is_int32, "int"),
        (t.is_int16, "smallint"),
        (t.is_int8, "tinyint"),
        (t.is_string, "string"),
        (t.is_large_string, "string"),
        (t.is_float64, "double"),
        (t.is_float32, "float"),
        (t.is_boolean, "boolean"),
        (t.is_timestamp, "timestamp"),
        (t.is_date32, "date"),
        (t.is_binary, "binary"),
        (t.is_large_binary, "binary"),
    ):
        if check(arrow_type):
            return name
    if isinstance(arrow_type, pa.Decimal128Type):
        return f"decimal({arrow_type.precision},{arrow_type.scale})"
    return "string"


def _glob_regex(pattern):
    """Glue's exclude glob as a regex over a key relative to the include path."""
    out, i = [], 0
    while i < len(pattern):
        c = pattern[i]
        if pattern.startswith("**", i):
            out.append(".*")
            i += 2
            continue
        if c == "*":
            out.append("[^/]*")
        elif c == "?":
            out.append("[^/]")
        elif c == "{":
            end = pattern.find("}", i)
            if end < 0:
                out.append(re.escape(c))
            else:
                choices = pattern[i + 1 : end].split(",")
                out.append("(?:" + "|".join(re.escape(choice) for choice in choices) + ")")
                i = end + 1
                continue
        elif c == "[":
            end = pattern.find("]", i + 1)
            if end < 0:
                out.append(re.escape(c))
            else:
                body = pattern[i + 1 : end]
                if body.startswith("!"):
                    body = "^" + body[1:]
                out.append("[" + body.replace("\\", "\\\\") + "]")
                i = end + 1
                continue
        else:
            out.append(re.escape(c))
        i += 1
    return re.compile("".join(out))


def _split_path(path):
    """(bucket, prefix) of "s3://bucket/prefix"."""
    rest = path[len("s3://") :] if path.lower().startswith("s3://") else path
    bucket, _, prefix = rest.partition("/")
    return bucket, prefix


def _bucket(account, region, bucket_name):
    regions = dict.get(s3_backends, account)
    backend = dict.get(regions, get_partition(region)) if regions is not None else None
    return backend.buckets.get(bucket_name) if backend is not None else None


def _under(key, prefix):
    """Whether the key is covered by an include path's prefix ("a/b/": keys under it; "a/b":
    that key and the keys under "a/b/")."""
    if not prefix or prefix.endswith("/"):
        return key.startswith(prefix)
    return key == prefix or key.startswith(prefix + "/")


def _table_folder(key):
    parts = key.split("/")[:-1]
    if parts and parts[-1].isdigit():
        parts = parts[:-1]
    return "/".join(parts)


def _sanitized(name):
    return re.sub(r"[^a-z0-9_]", "_", name.lower())


def _schema(key):
    try:
        return pq.read_schema(pa.BufferReader(key.value))
    except Exception:  # not Parquet after all: Glue would not classify it as such either
        return None


def _found_folders(crawler, account, region):
    """{(bucket, folder): [schemas]} in target order, then key order; CrawlFailed when a
    target's bucket is missing."""
    targets = (crawler.targets or {}).get("S3Targets") or []
    buckets = []
    for target in targets:
        path = target.get("Path") or ""
        bucket_name, prefix = _split_path(path)
        bucket = _bucket(account, region, bucket_name)
        if bucket is None:
            raise CrawlFailed(f"S3 target {path}: the bucket {bucket_name} does not exist.")
        buckets.append((target, bucket, prefix))
    folders = {}
    for target, bucket, prefix in buckets:
        exclusions = [_glob_regex(p) for p in target.get("Exclusions") or []]
        for name, key in sorted(bucket.keys.items()):
            if not isinstance(key, FakeKey) or not name.endswith(".parquet"):
                continue
            if not _under(name, prefix):
                continue
            relative = name[len(prefix) :].lstrip("/")
            if any(pattern.fullmatch(relative) for pattern in exclusions):
                continue
            schemas = folders.setdefault((bucket.name, _table_folder(name)), [])
            schema = _schema(key)
            if schema is not None:
                schemas.append(schema)
    return {place: schemas for place, schemas in folders.items() if schemas}


def _columns(schemas):
    columns = {}
    for schema in schemas:
        for field in schema:
            columns.setdefault(field.name, _hive_type(field.type))
    return [{"Name": name, "Type": hive_type} for name, hive_type in columns.items()]


def _location(table):
    return ((table.as_dict().get("StorageDescriptor") or {}).get("Location")) or None


def _crawl(crawl):
    """Writes the crawl's findings to the catalog; on failure nothing, and the crawl FAILED."""
    crawler = crawl.crawler
    backend = crawler.backend
    try:
        if crawl.injected is not None:
            raise CrawlFailed(crawl.injected)
        found = _found_folders(crawler, backend.account_id, backend.region_name)
        _write_tables(crawl, backend, found)
    except CrawlFailed as e:
        crawl.error = str(e)
        crawl._status = "FAILED"
    except Exception as e:  # a crawl must end whatever happens
        traceback.print_exc()
        crawl.error = f"Internal Service Exception: {type(e).__name__}: {e}"
        crawl._status = "FAILED"
    crawl.end_time = utcnow()


def _write_tables(crawl, backend, found):
    crawler = crawl.crawler
    policy = crawler.schema_change_policy or {}
    if found and not crawler.database_name:
        raise CrawlFailed(f"Crawler {crawler.name} has no DatabaseName to write tables to.")
    database = backend.databases.get(crawler.database_name)
    if database is None and found:
        try:
            database = backend.create_database(
                crawler.database_name, {"Name": crawler.database_name}
            )
        except DatabaseAlreadyExistsException:
            database = backend.databases[crawler.database_name]
    kept = set()
    for (bucket_name, folder), schemas in found.items():
        location = f"s3://{bucket_name}/{folder}/" if folder else f"s3://{bucket_name}/"
        base = folder.rsplit("/", 1)[-1] if folder else bucket_name
        name = (crawler.table_prefix or "") + _sanitized(base)
        existing = database.tables.get(name)
        if existing is not None and _location(existing) != location:
            name = f"{name}_{hashlib.md5(location.encode()).hexdigest()[:8]}"
            existing = database.tables.get(name)
        if existing is not None and _location(existing) != location:
            continue  # the hashed name taken elsewhere too: left alone
        kept.add(name)
        table_input = {
            "Name": name,
            "StorageDescriptor": {
                "Location": location,
                "Columns": _columns(schemas),
                "InputFormat": INPUT_FORMAT,
                "OutputFormat": OUTPUT_FORMAT,
                "SerdeInfo": {"SerializationLibrary": SERDE},
            },
            "Parameters": {"classification": "parquet", UPDATED_BY: crawler.name},
            "TableType": "EXTERNAL_TABLE",
        }
        if existing is None:
            backend.create_table(crawler.database_name, name, table_input)
            crawl.counts["TablesCreated"] += 1
            continue
        if policy.get("UpdateBehavior") == "LOG":
            continue
        current = existing.get_version(str(existing._current_version))
        parameters = {
            **{k: v for k, v in (current.get("Parameters") or {}).items() if k != DEPRECATED_BY},
            **table_input["Parameters"],
        }
        updated = {**current, **table_input, "Parameters": parameters}
        if updated != current:
            existing.update(updated)
            crawl.counts["TablesUpdated"] += 1
    if database is None:
        return
    for name, table in list(database.tables.items()):
        if name in kept:
            continue
        current = table.get_version(str(table._current_version))
        parameters = current.get("Parameters") or {}
        if parameters.get(UPDATED_BY) != crawler.name:
            continue
        if policy.get("DeleteBehavior") == "DELETE_FROM_DATABASE":
            del database.tables[name]
            crawl.counts["TablesDeleted"] += 1
        elif parameters.get(DEPRECATED_BY) != crawler.name:
            table.update({**current, "Parameters": {**parameters, DEPRECATED_BY: crawler.name}})


# --- the crawler -------------------------------------------------------------------------------


def _crawler_status(original):
    def status(self):
        state = original.fget(self)
        if state == "READY" and self.crawls:
            crawl = self.crawls[-1]
            finished = getattr(crawl, "finished", None)
            if (
                finished is not None
                and state_manager.get_transition(CRAWL_MODEL).get("progression") == "time"
                and time.monotonic() - finished < STOPPING_SECONDS
            ):
                return "STOPPING"
        return state

    return property(status)


def start_crawler(self):
    if self.status != "READY":
        raise CrawlerRunningException(f"Crawler with name {self.name} has already started")
    self.crawls.append(Crawl(self))


def _crawler_as_dict(original):
    def as_dict(self):
        data = original(self)
        if self.crawls:
            crawl = self.crawls[-1]
            state = crawl.status
            if isinstance(crawl, Crawl) and state in LAST_CRAWL_STATUS:
                data["LastCrawl"]["Status"] = LAST_CRAWL_STATUS[state]
                if crawl.error is not None:
                    data["LastCrawl"]["ErrorMessage"] = crawl.error
            if isinstance(crawl, Crawl) and crawl.finished is None:
                data["CrawlElapsedTime"] = int((time.monotonic() - crawl.started) * 1000)
        return data

    return as_dict


# --- requests ----------------------------------------------------------------------------------

UPDATABLE = {
    "Role": "role",
    "DatabaseName": "database_name",
    "Description": "description",
    "Targets": "targets",
    "Schedule": "schedule",
    "Classifiers": "classifiers",
    "TablePrefix": "table_prefix",
    "SchemaChangePolicy": "schema_change_policy",
    "RecrawlPolicy": "recrawl_policy",
    "LineageConfiguration": "lineage_configuration",
    "Configuration": "configuration",
    "CrawlerSecurityConfiguration": "crawler_security_configuration",
}


def update_crawler(self):
    parameters = self.parameters
    crawler = self.glue_backend.get_crawler(parameters.get("Name"))
    if crawler.status != "READY":
        raise CrawlerRunningException(
            "Cannot update Crawler while running. Please stop crawl or wait until it completes "
            "to update."
        )
    for parameter, attribute in UPDATABLE.items():
        if parameter in parameters:
            setattr(crawler, attribute, parameters[parameter])
    crawler.version += 1
    crawler.last_updated = utcnow()
    return EmptyResult()


def _refusing_delete(original):
    def delete_crawler(self):
        crawler = self.glue_backend.get_crawler(self.parameters.get("Name"))
        if crawler.status != "READY":
            raise CrawlerRunningException(f"Cannot delete crawler{crawler.name} while it's running")
        return original(self)

    return delete_crawler


def _metrics(crawler):
    finished = [
        c for c in crawler.crawls if isinstance(c, Crawl) and c.finished is not None
    ]
    runtimes = [c.finished - c.started for c in finished]
    counts = finished[-1].counts if finished else {}
    left = 0.0
    if crawler.crawls and crawler.status == "RUNNING":
        transition = state_manager.get_transition(CRAWL_MODEL)
        if transition.get("progression") == "time":
            running = time.monotonic() - getattr(crawler.crawls[-1], "started", time.monotonic())
            left = max(0.0, float(transition["seconds"]) - running)
    return {
        "CrawlerName": crawler.name,
        "TimeLeftSeconds": round(left, 3),
        "StillEstimating": False,
        "LastRuntimeSeconds": round(runtimes[-1], 3) if runtimes else 0.0,
        "MedianRuntimeSeconds": round(statistics.median(runtimes), 3) if runtimes else 0.0,
        "TablesCreated": counts.get("TablesCreated", 0),
        "TablesUpdated": counts.get("TablesUpdated", 0),
        "TablesDeleted": counts.get("TablesDeleted", 0),
    }


def get_crawler_metrics(self):
    names = self.parameters.get("CrawlerNameList")
    crawlers = self.glue_backend.crawlers
    chosen = [crawlers[n] for n in names if n in crawlers] if names else list(crawlers.values())
    return ActionResult({"CrawlerMetricsList": [_metrics(c) for c in chosen]})


def _one_request_at_a_time():
    original = glue_responses.GlueResponse.call_action

    def call_action(self):
        with LOCK:
            return original(self)

    glue_responses.GlueResponse.call_action = call_action


# --- the thread and the failure rules ----------------------------------------------------------


def tick():
    """Reads every crawler's last crawl, which crawls those whose RUNNING has ended."""
    with LOCK:
        for _, _, backend in existing_backends(glue_models.glue_backends):
            for crawler in list(backend.crawlers.values()):
                if crawler.crawls:
                    crawler.crawls[-1].status


def _run():
    while True:
        try:
            tick()
        except Exception:  # keep ticking whatever happens
            traceback.print_exc()
        time.sleep(TICK_SECONDS)


def failures(request):
    return failure_rules(request, FAILURE_RULES, "crawlerName", "errorMessage", _RULES_LOCK)


def install():
    state_manager.register_default_transition(CRAWL_MODEL, DEFAULT_CRAWL_TRANSITION)
    crawler_cls = glue_models.FakeCrawler
    crawler_cls.status = _crawler_status(crawler_cls.status)
    crawler_cls.start_crawler = start_crawler
    crawler_cls.as_dict = _crawler_as_dict(crawler_cls.as_dict)
    response_cls = glue_responses.GlueResponse
    response_cls.update_crawler = update_crawler
    response_cls.get_crawler_metrics = get_crawler_metrics
    response_cls.delete_crawler = _refusing_delete(response_cls.delete_crawler)
    _one_request_at_a_time()
    register("/glue-crawl-failures", failures)
    threading.Thread(target=_run, name="snaplife-glue-crawls", daemon=True).start()
