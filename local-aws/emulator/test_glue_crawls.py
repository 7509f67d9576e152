"""Glue crawls (glue_crawls.py): crawler states, tables made from Parquet files in moto's S3 in the
layout of RDS snapshot exports, deprecations and deletions, failures, against a launcher on a free
port."""

import hashlib
import io
import json
import unittest
import urllib.request
from datetime import date, datetime
from decimal import Decimal

import pyarrow as pa
import pyarrow.parquet as pq
from botocore.exceptions import ClientError

from launcher_testing import LauncherTestCase, wait_until

CRAWL_MODEL = "glue::crawl"
ROLE = "arn:aws:iam::123456789012:role/crawler"


def parquet(table):
    buffer = io.BytesIO()
    pq.write_table(table, buffer)
    return buffer.getvalue()


USERS = pa.table(
    {
        "id": pa.array([1, 2], pa.int64()),
        "age": pa.array([30, 40], pa.int32()),
        "rank": pa.array([1, 2], pa.int16()),
        "flags": pa.array([0, 1], pa.int8()),
        "name": pa.array(["a", "b"], pa.string()),
        "bio": pa.array(["x", "y"], pa.large_string()),
        "score": pa.array([1.5, 2.5], pa.float64()),
        "ratio": pa.array([0.5, 0.25], pa.float32()),
        "active": pa.array([True, False], pa.bool_()),
        "created_at": pa.array([datetime(2024, 1, 1), datetime(2024, 1, 2)], pa.timestamp("us")),
        "born": pa.array([date(1990, 1, 1), date(1991, 1, 1)], pa.date32()),
        "balance": pa.array([Decimal("1.25"), Decimal("2.50")], pa.decimal128(12, 2)),
        "avatar": pa.array([b"\x00", b"\x01"], pa.binary()),
        "tags": pa.array([["a"], ["b"]], pa.list_(pa.string())),
    }
)
USERS_TYPES = [
    ("id", "bigint"),
    ("age", "int"),
    ("rank", "smallint"),
    ("flags", "tinyint"),
    ("name", "string"),
    ("bio", "string"),
    ("score", "double"),
    ("ratio", "float"),
    ("active", "boolean"),
    ("created_at", "timestamp"),
    ("born", "date"),
    ("balance", "decimal(12,2)"),
    ("avatar", "binary"),
    ("tags", "string"),
]
ORDERS = pa.table({"order_id": pa.array([7], pa.int64()), "total": pa.array([9.5], pa.float64())})


class CrawlTestCase(LauncherTestCase):
    """Crawls take 1 s; the failure rules are put back as they were."""

    def setUp(self):
        super().setUp()
        self.glue = self.client("glue")
        self.s3 = self.client("s3")
        self.post(
            "/moto-api/state-manager/set-transition",
            {"model_name": CRAWL_MODEL, "transition": {"progression": "time", "seconds": 1}},
        )
        self.addCleanup(
            self.post, "/moto-api/state-manager/unset-transition", {"model_name": CRAWL_MODEL}
        )
        rules = self.api("GET", "glue-crawl-failures")["rules"]
        self.addCleanup(self.restore_rules, rules)

    def restore_rules(self, rules):
        self.api("DELETE", "glue-crawl-failures")
        for rule in rules:
            self.api("POST", "glue-crawl-failures", rule)

    def post(self, path, body):
        request = urllib.request.Request(
            self.url + path, data=json.dumps(body).encode(), method="POST"
        )
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.read()

    def bucket(self, name):
        """A bucket of the test's own (bucket names are global in moto)."""
        bucket = f"{name}-{self.account}"
        self.s3.create_bucket(Bucket=bucket)
        return bucket

    def put(self, bucket, key, body):
        self.s3.put_object(Bucket=bucket, Key=key, Body=body)

    def export(self, bucket, task, tables, database="appdb"):
        """Writes tables {"schema.table": pyarrow table} as an RDS snapshot export does."""
        self.put(bucket, f"{task}/export_info_{task}.json", b"{}")
        for table_name, table in tables.items():
            self.put(
                bucket,
                f"{task}/{database}/{table_name}/1/part-00000-0123-abcd.gz.parquet",
                parquet(table),
            )

    def crawler(self, name, paths, database="exports", **extra):
        self.glue.create_crawler(
            Name=name,
            Role=ROLE,
            DatabaseName=database,
            Targets={"S3Targets": [{"Path": path} for path in paths]},
            **extra,
        )

    def get(self, name):
        return self.glue.get_crawler(Name=name)["Crawler"]

    def crawl(self, name):
        """Starts a crawl and waits for the crawler to be READY again; the crawler."""
        self.glue.start_crawler(Name=name)
        return wait_until(
            lambda: (c := self.get(name))["State"] == "READY" and "LastCrawl" in c and c,
            message=f"crawler {name} never READY",
        )

    def tables(self, database="exports"):
        return {t["Name"]: t for t in self.glue.get_tables(DatabaseName=database)["TableList"]}

    def assertError(self, raised, code):
        error = raised.exception.response
        self.assertEqual(error["Error"]["Code"], code, error["Error"])
        self.assertEqual(error["ResponseMetadata"]["HTTPStatusCode"], 400)
        return error["Error"]["Message"]


class CrawlProgressTest(CrawlTestCase):
    def test_a_crawl_runs_then_the_crawler_is_ready_with_a_succeeded_last_crawl(self):
        bucket = self.bucket("empty")
        self.crawler("progress", [f"s3://{bucket}/nothing/"])
        self.assertEqual(self.get("progress")["State"], "READY")
        self.glue.start_crawler(Name="progress")
        running = self.get("progress")
        self.assertEqual(running["State"], "RUNNING")
        with self.assertRaises(ClientError) as raised:
            self.glue.start_crawler(Name="progress")
        self.assertEqual(
            self.assertError(raised, "CrawlerRunningException"),
            "Crawler with name progress has already started",
        )
        with self.assertRaises(ClientError) as raised:
            self.glue.update_crawler(Name="progress", TablePrefix="x_")
        self.assertEqual(
            self.assertError(raised, "CrawlerRunningException"),
            "Cannot update Crawler while running. Please stop crawl or wait until it completes "
            "to update.",
        )
        with self.assertRaises(ClientError) as raised:
            self.glue.delete_crawler(Name="progress")
        self.assertError(raised, "CrawlerRunningException")
        states = []

        def ready():
            crawler = self.glue.get_crawlers()["Crawlers"][0]
            states.append(crawler["State"])
            return crawler if crawler["State"] == "READY" else None

        done = wait_until(ready, interval=0.05, message="never READY")
        self.assertEqual(states[0], "RUNNING")
        self.assertEqual(states, sorted(states, key=["RUNNING", "STOPPING", "READY"].index))
        last = done["LastCrawl"]
        self.assertEqual(last["Status"], "SUCCEEDED")
        self.assertNotIn("ErrorMessage", last)
        self.assertEqual(last["LogGroup"], "/aws-glue/crawlers")
        self.assertEqual(last["LogStream"], "progress")
        self.assertRegex(last["MessagePrefix"], r"^[0-9a-f-]{36}$")
        self.assertIn("StartTime", last)
        self.assertIsNone(done.get("TablePrefix"))
        # Nothing found: nothing made, not even the database.
        with self.assertRaises(ClientError):
            self.glue.get_database(Name="exports")
        metrics = self.glue.get_crawler_metrics(CrawlerNameList=["progress"])
        self.assertEqual(metrics["CrawlerMetricsList"][0]["TablesCreated"], 0)
        # A ready crawler takes updates, and starts again.
        self.glue.update_crawler(
            Name="progress", TablePrefix="x_", SchemaChangePolicy={"DeleteBehavior": "LOG"}
        )
        updated = self.get("progress")
        self.assertEqual(updated["TablePrefix"], "x_")
        self.assertEqual(updated["SchemaChangePolicy"], {"DeleteBehavior": "LOG"})
        self.assertEqual(updated["Version"], running["Version"] + 1)
        self.assertEqual(updated["Targets"], running["Targets"])
        self.assertEqual(self.crawl("progress")["LastCrawl"]["Status"], "SUCCEEDED")

    def test_the_crawl_happens_without_anyone_reading_the_crawler(self):
        bucket = self.bucket("unread")
        self.export(bucket, "task", {"public.orders": ORDERS})
        self.crawler("unread", [f"s3://{bucket}/task/"])
        self.glue.start_crawler(Name="unread")
        wait_until(
            lambda: self.database_exists() and "public_orders" in self.tables(),
            message="no table without reading the crawler",
        )

    def test_a_stopped_crawl_is_cancelled_and_changes_nothing(self):
        bucket = self.bucket("stopped")
        self.export(bucket, "task", {"public.orders": ORDERS})
        self.crawler("stopped", [f"s3://{bucket}/task/"])
        self.glue.start_crawler(Name="stopped")
        self.glue.stop_crawler(Name="stopped")
        self.assertEqual(self.get("stopped")["State"], "STOPPING")
        last = wait_until(
            lambda: (c := self.get("stopped"))["State"] == "READY" and c["LastCrawl"],
            message="never READY after the stop",
        )
        self.assertEqual(last["Status"], "CANCELLED")
        self.assertFalse(self.database_exists())

    def test_info_lists_the_extensions(self):
        extensions = self.api("GET", "info")["extensions"]
        self.assertTrue(
            {"glue-crawl-progress", "glue-crawl-tables", "glue-crawl-failures"} <= set(extensions)
        )

    def database_exists(self):
        try:
            self.glue.get_database(Name="exports")
            return True
        except ClientError:
            return False


class CrawlTablesTest(CrawlTestCase):
    def test_tables_of_an_rds_export(self):
        bucket = self.bucket("export")
        self.export(bucket, "snap-1", {"public.Users": USERS, "public.orders": ORDERS})
        self.crawler("export", [f"s3://{bucket}/snap-1/"])
        crawler = self.crawl("export")
        self.assertEqual(crawler["LastCrawl"]["Status"], "SUCCEEDED")
        tables = self.tables()
        self.assertEqual(set(tables), {"public_users", "public_orders"})
        users = tables["public_users"]
        descriptor = users["StorageDescriptor"]
        self.assertEqual(descriptor["Location"], f"s3://{bucket}/snap-1/appdb/public.Users/")
        self.assertEqual([(c["Name"], c["Type"]) for c in descriptor["Columns"]], USERS_TYPES)
        self.assertEqual(
            descriptor["InputFormat"],
            "org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat",
        )
        self.assertEqual(
            descriptor["OutputFormat"],
            "org.apache.hadoop.hive.ql.io.parquet.MapredParquetOutputFormat",
        )
        self.assertEqual(
            descriptor["SerdeInfo"]["SerializationLibrary"],
            "org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe",
        )
        self.assertEqual(
            users["Parameters"], {"classification": "parquet", "UPDATED_BY_CRAWLER": "export"}
        )
        self.assertEqual(users["TableType"], "EXTERNAL_TABLE")
        orders = tables["public_orders"]["StorageDescriptor"]
        self.assertEqual(orders["Location"], f"s3://{bucket}/snap-1/appdb/public.orders/")
        self.assertEqual(
            [(c["Name"], c["Type"]) for c in orders["Columns"]],
            [("order_id", "bigint"), ("total", "double")],
        )
        metrics = self.glue.get_crawler_metrics()["CrawlerMetricsList"]
        self.assertEqual(metrics[0]["TablesCreated"], 2)
        # Crawled again, unchanged: the same tables, no new version.
        self.crawl("export")
        again = self.tables()
        self.assertEqual(set(again), {"public_users", "public_orders"})
        self.assertEqual(again["public_users"]["VersionId"], users["VersionId"])

    def test_the_same_folder_names_under_a_second_target_get_a_hashed_name(self):
        bucket = self.bucket("twice")
        self.export(bucket, "snap-a", {"public.orders": ORDERS})
        self.export(bucket, "snap-b", {"public.orders": ORDERS})
        self.crawler("twice", [f"s3://{bucket}/snap-a/", f"s3://{bucket}/snap-b/"])
        self.crawl("twice")
        second = f"s3://{bucket}/snap-b/appdb/public.orders/"
        hashed = "public_orders_" + hashlib.md5(second.encode()).hexdigest()[:8]
        tables = self.tables()
        self.assertEqual(set(tables), {"public_orders", hashed})
        self.assertEqual(
            tables["public_orders"]["StorageDescriptor"]["Location"],
            f"s3://{bucket}/snap-a/appdb/public.orders/",
        )
        self.assertEqual(tables[hashed]["StorageDescriptor"]["Location"], second)
        # Stable over crawls.
        self.crawl("twice")
        self.assertEqual(set(self.tables()), {"public_orders", hashed})

    def test_a_removed_target_s_tables_are_deleted_with_delete_from_database(self):
        bucket = self.bucket("deleting")
        self.export(bucket, "keep", {"public.kept": ORDERS})
        self.export(bucket, "drop", {"public.dropped": ORDERS})
        self.crawler(
            "deleting",
            [f"s3://{bucket}/keep/", f"s3://{bucket}/drop/"],
            SchemaChangePolicy={
                "UpdateBehavior": "UPDATE_IN_DATABASE",
                "DeleteBehavior": "DELETE_FROM_DATABASE",
            },
        )
        self.other_crawlers_table(bucket)
        self.crawl("deleting")
        self.assertEqual(set(self.tables()), {"public_kept", "public_dropped", "public_other"})
        self.glue.update_crawler(
            Name="deleting", Targets={"S3Targets": [{"Path": f"s3://{bucket}/keep/"}]}
        )
        self.crawl("deleting")
        self.assertEqual(set(self.tables()), {"public_kept", "public_other"})
        metrics = self.glue.get_crawler_metrics(CrawlerNameList=["deleting"])
        self.assertEqual(metrics["CrawlerMetricsList"][0]["TablesDeleted"], 1)

    def test_tables_found_no_more_are_deprecated_by_default(self):
        bucket = self.bucket("deprecating")
        self.export(bucket, "snap", {"public.stays": ORDERS, "public.goes": ORDERS})
        self.crawler("deprecating", [f"s3://{bucket}/snap/"])
        self.other_crawlers_table(bucket)
        self.crawl("deprecating")
        self.s3.delete_object(
            Bucket=bucket, Key="snap/appdb/public.goes/1/part-00000-0123-abcd.gz.parquet"
        )
        self.crawl("deprecating")
        tables = self.tables()
        self.assertEqual(set(tables), {"public_stays", "public_goes", "public_other"})
        self.assertEqual(
            tables["public_goes"]["Parameters"]["DEPRECATED_BY_CRAWLER"], "deprecating"
        )
        self.assertNotIn("DEPRECATED_BY_CRAWLER", tables["public_stays"]["Parameters"])
        self.assertNotIn("DEPRECATED_BY_CRAWLER", tables["public_other"]["Parameters"])
        # Back again: no longer deprecated.
        self.export(bucket, "snap", {"public.goes": ORDERS})
        self.crawl("deprecating")
        self.assertNotIn("DEPRECATED_BY_CRAWLER", self.tables()["public_goes"]["Parameters"])

    def other_crawlers_table(self, bucket):
        """A table of another crawler in the same database, crawled first; never touched."""
        self.export(bucket, "other", {"public.other": ORDERS})
        self.crawler(
            f"other-{bucket}",
            [f"s3://{bucket}/other/"],
            SchemaChangePolicy={"DeleteBehavior": "DELETE_FROM_DATABASE"},
        )
        self.crawl(f"other-{bucket}")

    def test_the_table_prefix_and_exclusions_are_honoured(self):
        bucket = self.bucket("prefixed")
        self.export(bucket, "snap", {"public.orders": ORDERS, "public.skipped": ORDERS})
        self.glue.create_crawler(
            Name="prefixed",
            Role=ROLE,
            DatabaseName="exports",
            TablePrefix="rds_",
            Targets={
                "S3Targets": [
                    {"Path": f"s3://{bucket}/snap", "Exclusions": ["appdb/public.skipped/**"]}
                ]
            },
        )
        self.crawl("prefixed")
        self.assertEqual(set(self.tables()), {"rds_public_orders"})

    def test_a_missing_bucket_fails_the_crawl_and_changes_nothing(self):
        bucket = self.bucket("present")
        self.export(bucket, "snap", {"public.orders": ORDERS})
        missing = f"missing-{self.account}"
        self.crawler("missing", [f"s3://{bucket}/snap/", f"s3://{missing}/snap/"])
        last = self.crawl("missing")["LastCrawl"]
        self.assertEqual(last["Status"], "FAILED")
        self.assertIn(missing, last["ErrorMessage"])
        with self.assertRaises(ClientError):
            self.glue.get_database(Name="exports")
        crawls = self.glue.list_crawls(CrawlerName="missing")["Crawls"]
        self.assertEqual(crawls[-1]["State"], "FAILED")
        self.assertEqual(crawls[-1]["ErrorMessage"], last["ErrorMessage"])


class CrawlFailuresTest(CrawlTestCase):
    def test_a_failure_rule_fails_the_matching_crawlers_crawls(self):
        bucket = self.bucket("ruled")
        self.export(bucket, "snap", {"public.orders": ORDERS})
        rules = self.api(
            "POST",
            "glue-crawl-failures",
            {"crawlerName": f"doomed-{self.account}-.*", "errorMessage": "Injected failure"},
        )["rules"]
        self.assertIn(
            {"crawlerName": f"doomed-{self.account}-.*", "errorMessage": "Injected failure"},
            rules,
        )
        self.crawler(f"doomed-{self.account}-1", [f"s3://{bucket}/snap/"])
        self.crawler(f"spared-{self.account}", [f"s3://{bucket}/snap/"], database="spared")
        last = self.crawl(f"doomed-{self.account}-1")["LastCrawl"]
        self.assertEqual((last["Status"], last["ErrorMessage"]), ("FAILED", "Injected failure"))
        with self.assertRaises(ClientError):
            self.glue.get_database(Name="exports")
        self.assertEqual(self.crawl(f"spared-{self.account}")["LastCrawl"]["Status"], "SUCCEEDED")
        self.assertEqual(set(self.tables("spared")), {"public_orders"})
        # The rules outlive a reset of moto; DELETE clears them.
        self.post("/moto-api/reset", {})
        self.assertIn(
            {"crawlerName": f"doomed-{self.account}-.*", "errorMessage": "Injected failure"},
            self.api("GET", "glue-crawl-failures")["rules"],
        )
        self.assertEqual(self.api("DELETE", "glue-crawl-failures"), {"rules": []})

    def test_bad_rules_are_refused(self):
        self.api("POST", "glue-crawl-failures", {"crawlerName": "(", "errorMessage": "x"}, 400)
        self.api("POST", "glue-crawl-failures", {"crawlerName": "a"}, 400)
        self.api("PUT", "glue-crawl-failures", {}, 405)


if __name__ == "__main__":
    unittest.main()
