"""RDS snapshot exports to S3 (rds_exports.py): progress, the concurrency limit, failures and
cancels, the files written and the events emitted, against a launcher on a free port."""

import io
import json
import urllib.request

import pyarrow.parquet as pq

from launcher_testing import LauncherTestCase, wait_until

CREATE_MODEL = "rds::snapshot"
EXPORT_MODEL = "rds::export-task"
ROLE = "arn:aws:iam::{}:role/rds-s3-export"


class ExportTestCase(LauncherTestCase):
    """Snapshots are available at once and exports take 1 s, unless a test says otherwise; every
    global setting a test changes is put back."""

    def setUp(self):
        super().setUp()
        self.rds = self.client("rds")
        self.s3 = self.client("s3")
        self.transition(CREATE_MODEL, {"progression": "immediate"})
        self.transition(EXPORT_MODEL, {"progression": "time", "seconds": 1})
        limit = self.api("GET", "rds-export-limit")
        self.addCleanup(self.api, "POST", "rds-export-limit", limit)
        events = self.api("GET", "rds-export-events")
        self.addCleanup(self.api, "POST", "rds-export-events", events)
        self.addCleanup(self.api, "DELETE", "rds-export-failures")
        self.addCleanup(self.api, "DELETE", "rds-export-contents")
        self.bucket = f"exports-{self.account}"
        self.s3.create_bucket(Bucket=self.bucket)
        self.key = self.client("kms").create_key()["KeyMetadata"]["Arn"]

    def post(self, path, body):
        request = urllib.request.Request(
            self.url + path, data=json.dumps(body).encode(), method="POST"
        )
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.read()

    def transition(self, model, transition):
        self.post(
            "/moto-api/state-manager/set-transition",
            {"model_name": model, "transition": transition},
        )
        self.addCleanup(
            self.post, "/moto-api/state-manager/unset-transition", {"model_name": model}
        )

    def instance_snapshot(self, snapshot_id, engine="postgres"):
        """A DB instance "<snapshot_id>-db" and a manual snapshot of it; the snapshot's ARN."""
        self.rds.create_db_instance(
            DBInstanceIdentifier=f"{snapshot_id}-db",
            Engine=engine,
            DBInstanceClass="db.t3.micro",
            AllocatedStorage=20,
            MasterUsername="admin",
            MasterUserPassword="not-a-real-password",
        )
        return self.rds.create_db_snapshot(
            DBInstanceIdentifier=f"{snapshot_id}-db", DBSnapshotIdentifier=snapshot_id
        )["DBSnapshot"]["DBSnapshotArn"]

    def cluster_snapshot(self, snapshot_id, engine="aurora-postgresql"):
        """A DB cluster "<snapshot_id>-cluster" and a manual snapshot of it; the ARN."""
        self.rds.create_db_cluster(
            DBClusterIdentifier=f"{snapshot_id}-cluster",
            Engine=engine,
            MasterUsername="admin",
            MasterUserPassword="not-a-real-password",
        )
        return self.rds.create_db_cluster_snapshot(
            DBClusterIdentifier=f"{snapshot_id}-cluster",
            DBClusterSnapshotIdentifier=snapshot_id,
        )["DBClusterSnapshot"]["DBClusterSnapshotArn"]

    def start(self, task_id, source_arn, **extra):
        arguments = {
            "ExportTaskIdentifier": task_id,
            "SourceArn": source_arn,
            "S3BucketName": self.bucket,
            "IamRoleArn": ROLE.format(self.account),
            "KmsKeyId": self.key,
            **extra,
        }
        task = self.rds.start_export_task(**arguments)
        task.pop("ResponseMetadata")
        return task

    def task(self, task_id):
        return self.rds.describe_export_tasks(ExportTaskIdentifier=task_id)["ExportTasks"][0]

    def wait_for(self, task_id, status, timeout=10):
        return wait_until(
            lambda: (lambda t: t if t["Status"] == status else None)(self.task(task_id)),
            timeout=timeout,
            interval=0.05,
            message=f"{task_id} never {status}",
        )

    def keys(self, prefix=""):
        pages = self.s3.get_paginator("list_objects_v2").paginate(
            Bucket=self.bucket, Prefix=prefix
        )
        return sorted(o["Key"] for page in pages for o in page.get("Contents", []))

    def read(self, key):
        return self.s3.get_object(Bucket=self.bucket, Key=key)["Body"].read()

    def parquet_keys(self):
        return [key for key in self.keys() if key.endswith(".gz.parquet")]

    def assertError(self, call, code, status, **kwargs):
        with self.assertRaises(Exception) as raised:
            call(**kwargs)
        response = raised.exception.response
        self.assertEqual(response["Error"]["Code"], code, response["Error"])
        self.assertEqual(response["ResponseMetadata"]["HTTPStatusCode"], status)
        return response["Error"]["Message"]


class ExportProgressTest(ExportTestCase):
    def test_a_task_is_starting_then_in_progress_with_rising_progress_then_complete(self):
        arn = self.instance_snapshot("progress")
        task = self.start("progress-export", arn)
        self.assertEqual((task["Status"], task["PercentProgress"]), ("STARTING", 0))
        self.assertEqual(task["SourceType"], "SNAPSHOT")
        self.assertNotIn("TaskEndTime", task)
        seen = []

        def complete():
            current = self.task("progress-export")
            seen.append((current["Status"], current["PercentProgress"]))
            return current if current["Status"] == "COMPLETE" else None

        done = wait_until(complete, interval=0.05, message=f"never complete: {seen}")
        statuses = [status for status, _ in seen]
        self.assertIn("STARTING", statuses)
        self.assertIn("IN_PROGRESS", statuses)
        order = ["STARTING", "IN_PROGRESS", "COMPLETE"]
        self.assertEqual(statuses, sorted(statuses, key=order.index))
        progress = [percent for status, percent in seen if status == "IN_PROGRESS"]
        self.assertEqual(progress, sorted(progress))
        self.assertTrue(any(0 < percent < 100 for percent in progress), seen)
        self.assertEqual(done["PercentProgress"], 100)
        self.assertEqual(done["TotalExtractedDataInGB"], 0)
        self.assertGreater(done["TaskEndTime"], done["TaskStartTime"])

    def test_a_cluster_snapshot_task_completes_without_anyone_describing_it(self):
        arn = self.cluster_snapshot("cprogress")
        self.assertEqual(self.start("cprogress-export", arn)["Status"], "STARTING")
        # The files appear from the background thread alone.
        wait_until(lambda: len(self.keys()) == 4, message=f"files never written: {self.keys()}")
        self.assertEqual(self.task("cprogress-export")["Status"], "COMPLETE")

    def test_describe_filters_by_status_and_source(self):
        first = self.instance_snapshot("filtered-a")
        second = self.instance_snapshot("filtered-b")
        self.transition(EXPORT_MODEL, {"progression": "immediate"})
        self.start("filtered-a-export", first)
        self.wait_for("filtered-a-export", "COMPLETE")
        self.transition(EXPORT_MODEL, {"progression": "time", "seconds": 30})
        self.start("filtered-b-export", second)
        describe = self.rds.describe_export_tasks
        by_status = describe(Filters=[{"Name": "status", "Values": ["complete"]}])["ExportTasks"]
        self.assertEqual([t["ExportTaskIdentifier"] for t in by_status], ["filtered-a-export"])
        by_source = describe(SourceArn=second)["ExportTasks"]
        self.assertEqual([t["ExportTaskIdentifier"] for t in by_source], ["filtered-b-export"])
        self.rds.cancel_export_task(ExportTaskIdentifier="filtered-b-export")

    def test_sources_that_cannot_be_exported_are_refused(self):
        arn = self.instance_snapshot("checks")
        self.start("checks-export", arn)
        message = self.assertError(
            self.start, "ExportTaskAlreadyExists", 400, task_id="checks-export", source_arn=arn
        )
        self.assertIn("checks-export", message)
        missing = arn.replace(":snapshot:checks", ":snapshot:nothing-here")
        self.assertError(self.start, "DBSnapshotNotFound", 404, task_id="t1", source_arn=missing)
        missing_cluster = missing.replace(":snapshot:", ":cluster-snapshot:")
        self.assertError(
            self.start,
            "DBClusterSnapshotNotFoundFault",
            404,
            task_id="t2",
            source_arn=missing_cluster,
        )
        self.assertError(
            self.start,
            "InvalidS3BucketFault",
            400,
            task_id="t3",
            source_arn=arn,
            S3BucketName=f"no-such-bucket-{self.account}",
        )
        self.assertError(
            self.start,
            "KMSKeyNotAccessibleFault",
            400,
            task_id="t4",
            source_arn=arn,
            KmsKeyId=self.key.rsplit("/", 1)[0] + "/00000000-0000-0000-0000-000000000000",
        )
        oracle = self.instance_snapshot("oracle", engine="oracle-ee")
        message = self.assertError(
            self.start, "InvalidExportSourceState", 400, task_id="t5", source_arn=oracle
        )
        self.assertIn("oracle-ee", message)

    def test_fault_rules_still_apply_to_export_calls(self):
        self.addCleanup(self.api, "DELETE", "faults")
        self.api(
            "POST",
            "faults",
            {"rules": [{"service": "rds", "operation": "StartExportTask", "throttle": 1}]},
        )
        arn = self.instance_snapshot("faulted")
        self.assertError(self.start, "Throttling", 400, task_id="faulted-export", source_arn=arn)
        self.api("DELETE", "faults")
        self.assertEqual(self.start("faulted-export", arn)["Status"], "STARTING")

    def test_a_snapshot_still_creating_is_refused(self):
        self.transition(CREATE_MODEL, {"progression": "time", "seconds": 30})
        arn = self.instance_snapshot("creating")
        message = self.assertError(
            self.start, "InvalidExportSourceState", 400, task_id="creating-export", source_arn=arn
        )
        self.assertIn("creating", message)


class ExportLimitTest(ExportTestCase):
    def test_a_sixth_concurrent_task_is_refused_until_one_completes(self):
        self.transition(EXPORT_MODEL, {"progression": "time", "seconds": 3})
        arns = [self.instance_snapshot(f"limit-{n}") for n in range(5)]
        cluster = self.cluster_snapshot("limit-cluster")
        for n, arn in enumerate(arns[:4]):
            self.start(f"limit-{n}-export", arn)
        self.start("limit-cluster-export", cluster)  # DB and cluster tasks count together
        message = self.assertError(
            self.start, "ExportTaskLimitReached", 400, task_id="limit-4-export", source_arn=arns[4]
        )
        self.assertEqual(message, "Cannot have more than 5 concurrent export tasks in progress.")
        self.wait_for("limit-0-export", "COMPLETE")
        self.assertEqual(self.start("limit-4-export", arns[4])["Status"], "STARTING")
        # Another account has its own five.
        other = self.client("rds", account=f"{int(self.account) + 500000:012d}")
        with self.assertRaises(Exception) as raised:
            other.describe_export_tasks(ExportTaskIdentifier="limit-0-export")
        self.assertEqual(raised.exception.response["Error"]["Code"], "ExportTaskNotFound")

    def test_the_limit_endpoint_validates_and_outlives_reset(self):
        self.assertEqual(self.api("GET", "rds-export-limit"), {"concurrentExports": 5})
        for bad in ({"concurrentExports": -1}, {"concurrentExports": "3"},
                    {"concurrentExports": True}, {"concurrentExports": 1.5}, {"other": 1}):
            self.api("POST", "rds-export-limit", bad, expect=400)
        self.assertEqual(
            self.api("POST", "rds-export-limit", {"concurrentExports": 1}), {"concurrentExports": 1}
        )
        self.post("/moto-api/reset", {})
        self.assertEqual(self.api("GET", "rds-export-limit"), {"concurrentExports": 1})
        self.s3.create_bucket(Bucket=self.bucket)  # the reset took it
        self.key = self.client("kms").create_key()["KeyMetadata"]["Arn"]
        self.transition(CREATE_MODEL, {"progression": "immediate"})
        self.transition(EXPORT_MODEL, {"progression": "time", "seconds": 30})
        first, second = self.instance_snapshot("one-a"), self.instance_snapshot("one-b")
        self.start("one-a-export", first)
        self.assertError(
            self.start, "ExportTaskLimitReached", 400, task_id="one-b", source_arn=second
        )
        self.rds.cancel_export_task(ExportTaskIdentifier="one-a-export")
        self.wait_for("one-a-export", "CANCELED")
        self.start("one-b-export", second)
        self.rds.cancel_export_task(ExportTaskIdentifier="one-b-export")


class ExportFailureTest(ExportTestCase):
    def test_a_failure_rule_fails_a_matching_task_without_data(self):
        self.api("POST", "rds-export-failures", {"snapshotIdentifier": "(", "failureCause": "x"},
                 expect=400)
        self.api("POST", "rds-export-failures", {"snapshotIdentifier": "x"}, expect=400)
        cause = "The IAM role lacks s3:PutObject."
        rule = {"snapshotIdentifier": "doomed-.*", "failureCause": cause}
        self.assertEqual(self.api("POST", "rds-export-failures", rule), {"rules": [rule]})
        self.assertEqual(self.api("GET", "rds-export-failures"), {"rules": [rule]})
        doomed = self.instance_snapshot("doomed-1")
        spared = self.instance_snapshot("spared-doomed-1")  # fullmatch: not this one
        self.start("doomed-export", doomed)
        self.start("spared-export", spared)
        failed = self.wait_for("doomed-export", "FAILED")
        self.assertEqual(failed["FailureCause"], "The IAM role lacks s3:PutObject.")
        self.assertIn("TaskEndTime", failed)
        self.wait_for("spared-export", "COMPLETE")
        self.assertEqual(self.keys("doomed-export/"), [])
        self.assertEqual(len(self.keys("spared-export/")), 4)
        self.assertEqual(self.api("DELETE", "rds-export-failures"), {"rules": []})

    def test_cancel_is_canceling_then_canceled_and_an_ended_task_refuses(self):
        self.transition(EXPORT_MODEL, {"progression": "time", "seconds": 30})
        arn = self.instance_snapshot("cancel")
        self.start("cancel-export", arn)
        canceling = self.rds.cancel_export_task(ExportTaskIdentifier="cancel-export")
        self.assertEqual(canceling["Status"], "CANCELING")
        canceled = self.wait_for("cancel-export", "CANCELED")
        self.assertIn("TaskEndTime", canceled)
        self.assertEqual(self.keys(), [])
        message = self.assertError(
            self.rds.cancel_export_task,
            "InvalidExportTaskStateFault",
            400,
            ExportTaskIdentifier="cancel-export",
        )
        self.assertIn("CANCELED", message)
        self.transition(EXPORT_MODEL, {"progression": "immediate"})
        self.start("done-export", arn)
        self.wait_for("done-export", "COMPLETE")
        self.assertError(
            self.rds.cancel_export_task,
            "InvalidExportTaskStateFault",
            400,
            ExportTaskIdentifier="done-export",
        )
        self.assertError(
            self.rds.cancel_export_task, "ExportTaskNotFound", 404, ExportTaskIdentifier="nope"
        )


class ExportFilesTest(ExportTestCase):
    def test_the_files_are_laid_out_as_rds_does_with_real_parquet(self):
        contents = {
            "sourceIdentifier": "files-db",
            "databases": {
                "shop": {
                    "sales.items": {
                        "columns": {
                            "id": "int",
                            "label": "string",
                            "price": "decimal(10,2)",
                            "weight": "double",
                            "active": "boolean",
                            "added": "date",
                        },
                        "rows": 7,
                    },
                    "public.empty": {"columns": {"id": "bigint"}, "rows": 0},
                }
            },
        }
        self.assertEqual(
            self.api("POST", "rds-export-contents", contents), {"contents": [contents]}
        )
        self.api("POST", "rds-export-contents", {"sourceIdentifier": "x", "databases": {
            "d": {"t": {"columns": {"c": "varchar"}, "rows": 1}}}}, expect=400)
        self.api("POST", "rds-export-contents", {"sourceIdentifier": "x", "other": 1}, expect=400)
        arn = self.instance_snapshot("files")
        self.start("files-export", arn, S3Prefix="exports/daily")
        done = self.wait_for("files-export", "COMPLETE")
        base = "exports/daily/files-export/"
        keys = self.keys()
        self.assertEqual(len(keys), 4, keys)
        self.assertTrue(all(key.startswith(base) for key in keys), keys)
        self.assertIn(f"{base}export_info_files-export.json", keys)
        self.assertIn(f"{base}export_tables_info_files-export_from_1_to_2.json", keys)
        [items] = [k for k in keys if k.startswith(f"{base}shop/sales.items/1/part-00000-")]
        self.assertRegex(items, r"part-00000-[0-9a-f-]{36}\.gz\.parquet$")
        head = self.s3.head_object(Bucket=self.bucket, Key=items)
        self.assertEqual(head["ServerSideEncryption"], "aws:kms")
        self.assertEqual(head["SSEKMSKeyId"], self.key)
        parquet = pq.ParquetFile(io.BytesIO(self.read(items)))
        self.assertEqual(parquet.metadata.row_group(0).column(0).compression, "GZIP")
        table = parquet.read()
        self.assertEqual(table.column_names, ["id", "label", "price", "weight", "active", "added"])
        self.assertEqual(table.num_rows, 7)
        self.assertEqual(table.column("id").to_pylist(), list(range(1, 8)))
        self.assertEqual(str(table.schema.field("price").type), "decimal128(10, 2)")
        empty = [k for k in keys if k.startswith(f"{base}shop/public.empty/1/")]
        self.assertEqual(pq.read_table(io.BytesIO(self.read(empty[0]))).num_rows, 0)

        info = json.loads(self.read(f"{base}export_info_files-export.json"))
        self.assertEqual(info["exportTaskIdentifier"], "files-export")
        self.assertEqual(info["sourceArn"], arn)
        self.assertEqual(info["s3Bucket"], self.bucket)
        self.assertEqual(info["s3Prefix"], "exports/daily")
        self.assertEqual(info["kmsKeyId"], self.key)
        self.assertEqual((info["status"], info["percentProgress"]), ("COMPLETE", 100))
        self.assertEqual(info["totalExtractedDataInGB"], done["TotalExtractedDataInGB"])
        self.assertEqual(info["exportOnly"], [])
        for field in ("snapshotTime", "taskStartTime", "taskEndTime", "iamRoleArn"):
            self.assertTrue(info[field], field)
        self.assertEqual(
            sorted(t["target"] for t in info["perTableStatus"]),
            ["shop.public.empty", "shop.sales.items"],
        )
        for entry in info["perTableStatus"]:
            self.assertEqual(entry["status"], "COMPLETE")
            self.assertIsNone(entry["warningMessage"])
            self.assertGreater(entry["sizeGB"], 0)

        tables = json.loads(self.read(f"{base}export_tables_info_files-export_from_1_to_2.json"))
        [items_info] = [t for t in tables["perTableStatus"] if t["target"] == "shop.sales.items"]
        mappings = items_info["schemaMetadata"]["originalTypeMappings"]
        self.assertEqual([m["columnName"] for m in mappings], table.column_names)
        self.assertEqual(
            set(mappings[0]),
            {"columnName", "originalType", "expectedExportedType", "originalCharMaxLength",
             "originalNumPrecision", "originalDateTimePrecision"},
        )
        self.assertEqual(mappings[0]["originalType"], "integer")
        self.assertEqual(mappings[0]["expectedExportedType"], "int32")

    def test_default_contents_of_a_postgres_and_a_mysql_snapshot(self):
        pg = self.instance_snapshot("default-pg")
        mysql = self.instance_snapshot("default-my", engine="mysql")
        self.start("pg-export", pg, S3Prefix="")
        self.start("my-export", mysql, S3Prefix="mysql/")
        self.wait_for("pg-export", "COMPLETE")
        self.wait_for("my-export", "COMPLETE")
        for key_prefix, folders in (
            ("pg-export/app/", ["public.customers", "public.orders"]),
            ("mysql/my-export/app/", ["app.customers", "app.orders"]),
        ):
            keys = self.keys(key_prefix)
            self.assertEqual(sorted(k.split("/")[-3] for k in keys), folders, keys)
            by_folder = {k.split("/")[-3]: k for k in keys}
            customers = pq.read_table(io.BytesIO(self.read(by_folder[folders[0]])))
            orders = pq.read_table(io.BytesIO(self.read(by_folder[folders[1]])))
            self.assertEqual(customers.column_names, ["id", "name", "created_at"])
            self.assertEqual(orders.column_names, ["id", "customer_id", "total", "placed_at"])
            self.assertEqual((customers.num_rows, orders.num_rows), (20, 20))
        info = json.loads(self.read("mysql/my-export/export_info_my-export.json"))
        self.assertEqual(
            sorted(t["target"] for t in info["perTableStatus"]), ["app.customers", "app.orders"]
        )

    def test_export_only_selects_and_an_entry_matching_nothing_fails(self):
        self.api("POST", "rds-export-contents", {
            "sourceIdentifier": "only-db",
            "databases": {
                "app": {
                    "public.customers": {"columns": {"id": "bigint"}, "rows": 2},
                    "public.orders": {"columns": {"id": "bigint"}, "rows": 2},
                    "audit.log": {"columns": {"id": "bigint"}, "rows": 2},
                },
                "sales": {"public.deals": {"columns": {"id": "bigint"}, "rows": 2}},
                "other": {"public.skipped": {"columns": {"id": "bigint"}, "rows": 2}},
            },
        })
        arn = self.instance_snapshot("only")
        self.start("only-export", arn, ExportOnly=["app.public.orders", "app.audit", "sales"])
        self.wait_for("only-export", "COMPLETE")
        folders = sorted(
            "/".join(k.split("/")[1:3]) for k in self.keys("only-export/") if k.endswith(".parquet")
        )
        self.assertEqual(folders, ["app/audit.log", "app/public.orders", "sales/public.deals"])
        self.assertTrue(any(k.endswith("_from_1_to_3.json") for k in self.keys("only-export/")))

        self.start("nothing-export", arn, ExportOnly=["app.public.orders", "app.missing"])
        failed = self.wait_for("nothing-export", "FAILED")
        self.assertIn("'app.missing'", failed["FailureCause"])
        self.assertEqual(self.keys("nothing-export/"), [])

    def test_mysql_export_only_takes_database_dot_table(self):
        mysql = self.instance_snapshot("only-my", engine="mysql")
        self.start("only-my-export", mysql, ExportOnly=["app.orders"])
        self.wait_for("only-my-export", "COMPLETE")
        self.assertEqual(
            [k.split("/")[2] for k in self.parquet_keys()], ["app.orders"]
        )


class ExportEventsTest(ExportTestCase):
    def setUp(self):
        super().setUp()
        sqs = self.client("sqs")
        self.sqs = sqs
        self.queue = sqs.create_queue(QueueName="rds-events")["QueueUrl"]
        queue_arn = sqs.get_queue_attributes(QueueUrl=self.queue, AttributeNames=["QueueArn"])[
            "Attributes"
        ]["QueueArn"]
        events = self.client("events")
        events.put_rule(Name="rds", EventPattern=json.dumps({"source": ["aws.rds"]}))
        events.put_targets(Rule="rds", Targets=[{"Id": "queue", "Arn": queue_arn}])

    def received(self, count):
        messages = []

        def enough():
            answer = self.sqs.receive_message(QueueUrl=self.queue, MaxNumberOfMessages=10)
            messages.extend(json.loads(m["Body"]) for m in answer.get("Messages", []))
            return len(messages) >= count

        wait_until(enough, message=f"{count} events never arrived: {messages}")
        return messages

    def test_instance_and_cluster_snapshot_exports_emit_rds_events(self):
        self.api("POST", "rds-export-failures", {
            "snapshotIdentifier": "events-failing", "failureCause": "boom"})
        instance = self.instance_snapshot("events-instance")
        cluster = self.cluster_snapshot("events-cluster")
        failing = self.cluster_snapshot("events-failing")
        self.start("events-instance-export", instance)
        self.start("events-cluster-export", cluster)
        self.start("events-failing-export", failing)
        events = {e["detail"]["SourceIdentifier"]: e for e in self.received(3)}
        instance_event = events["events-instance"]
        self.assertEqual(instance_event["source"], "aws.rds")
        self.assertEqual(instance_event["detail-type"], "RDS DB Snapshot Event")
        self.assertEqual(instance_event["resources"], [instance])
        self.assertEqual(instance_event["region"], "us-east-1")  # moto's envelope has no "account"
        detail = instance_event["detail"]
        self.assertEqual(
            set(detail),
            {"EventCategories", "SourceType", "SourceArn", "Date", "Message",
             "SourceIdentifier", "EventID"},
        )
        self.assertEqual(detail["EventCategories"], ["notification"])
        self.assertEqual(detail["SourceType"], "SNAPSHOT")
        self.assertEqual(detail["SourceArn"], instance)
        self.assertEqual(detail["EventID"], "RDS-EVENT-0161")
        self.assertEqual(detail["Message"], "The snapshot export task completed.")
        self.assertRegex(detail["Date"], r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$")
        cluster_event = events["events-cluster"]
        self.assertEqual(cluster_event["detail-type"], "RDS DB Cluster Snapshot Event")
        self.assertEqual(cluster_event["detail"]["SourceType"], "CLUSTER_SNAPSHOT")
        self.assertEqual(cluster_event["detail"]["EventID"], "RDS-EVENT-0164")
        self.assertEqual(
            cluster_event["detail"]["Message"], "The DB cluster snapshot export task completed."
        )
        self.assertEqual(events["events-failing"]["detail"]["EventID"], "RDS-EVENT-0162")

    def test_a_canceled_export_emits_its_event(self):
        self.transition(EXPORT_MODEL, {"progression": "time", "seconds": 30})
        instance = self.instance_snapshot("events-cancel")
        self.start("events-cancel-export", instance)
        self.rds.cancel_export_task(ExportTaskIdentifier="events-cancel-export")
        [event] = self.received(1)
        self.assertEqual(event["detail"]["EventID"], "RDS-EVENT-0160")
        self.assertEqual(event["detail"]["Message"], "The snapshot export task was canceled.")

    def test_no_event_while_emission_is_off(self):
        self.assertEqual(self.api("GET", "rds-export-events"), {"emit": True})
        self.api("POST", "rds-export-events", {"emit": "no"}, expect=400)
        self.assertEqual(self.api("POST", "rds-export-events", {"emit": False}), {"emit": False})
        silent = self.instance_snapshot("silent")
        self.start("silent-export", silent)
        self.wait_for("silent-export", "COMPLETE")
        self.api("POST", "rds-export-events", {"emit": True})
        heard = self.instance_snapshot("heard")
        self.start("heard-export", heard)
        self.wait_for("heard-export", "COMPLETE")
        [event] = self.received(1)
        self.assertEqual(event["detail"]["SourceIdentifier"], "heard")
        answer = self.sqs.receive_message(QueueUrl=self.queue, MaxNumberOfMessages=10)
        self.assertEqual(answer.get("Messages", []), [])
