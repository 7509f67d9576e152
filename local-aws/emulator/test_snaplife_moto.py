"""Tests of the launcher's additions, against a launcher started on a free port."""

import json
import threading
import time
import urllib.request

from launcher_testing import LauncherTestCase


class LauncherTest(LauncherTestCase):
    @classmethod
    def tearDownClass(cls):
        request = urllib.request.Request(
            f"{cls.url}/moto-api/state-manager/unset-transition",
            data=json.dumps({"model_name": "rds::snapshot"}).encode(),
            method="POST",
        )
        urllib.request.urlopen(request).read()
        super().tearDownClass()

    def setUp(self):
        super().setUp()
        self.rds = self.client("rds")
        # The quotas are the launcher's, not an account's: tests that make many snapshots need room.
        self.post("/moto-api/snaplife/rds-quotas", {"ManualSnapshots": 100000})
        self.addCleanup(self.post, "/moto-api/snaplife/rds-quotas", {"ManualSnapshots": 100})

    def post(self, path, body):
        request = urllib.request.Request(
            self.url + path, data=json.dumps(body).encode(), method="POST"
        )
        return urllib.request.urlopen(request).read()

    def instance(self, name):
        self.rds.create_db_instance(
            DBInstanceIdentifier=name,
            Engine="postgres",
            DBInstanceClass="db.t3.micro",
            AllocatedStorage=20,
            MasterUsername="admin",
            MasterUserPassword="not-a-real-password",
        )

    def status_of(self, snapshot_id):
        return self.rds.describe_db_snapshots(DBSnapshotIdentifier=snapshot_id)["DBSnapshots"][0][
            "Status"
        ]

    def test_a_manual_snapshot_is_creating_until_its_transition_time_has_passed(self):
        self.post(
            "/moto-api/state-manager/set-transition",
            {"model_name": "rds::snapshot", "transition": {"progression": "time", "seconds": 1.5}},
        )
        self.instance("progress-db")
        self.rds.create_db_snapshot(
            DBSnapshotIdentifier="progress-snap", DBInstanceIdentifier="progress-db"
        )
        self.assertEqual(self.status_of("progress-snap"), "creating")
        deadline = time.monotonic() + 10
        while self.status_of("progress-snap") != "available":
            self.assertLess(time.monotonic(), deadline, "snapshot never became available")
            time.sleep(0.2)

    def test_an_immediate_transition_makes_snapshots_available_at_once(self):
        self.post(
            "/moto-api/state-manager/set-transition",
            {"model_name": "rds::snapshot", "transition": {"progression": "immediate"}},
        )
        self.instance("immediate-db")
        self.rds.create_db_snapshot(
            DBSnapshotIdentifier="immediate-snap", DBInstanceIdentifier="immediate-db"
        )
        self.assertEqual(self.status_of("immediate-snap"), "available")

    def test_a_manual_snapshot_past_the_quota_is_refused_and_automated_ones_do_not_count(self):
        rds = self.rds  # a fresh account: no other snapshot counts
        for i in range(3):
            rds.create_db_instance(
                DBInstanceIdentifier=f"quota-db-{i}",
                Engine="postgres",
                DBInstanceClass="db.t3.micro",
                AllocatedStorage=20,
                MasterUsername="admin",
                MasterUserPassword="password123",
            )
        self.post("/moto-api/snaplife/rds-quotas", {"ManualSnapshots": 2})
        try:
            rds.create_db_snapshot(DBInstanceIdentifier="quota-db-0", DBSnapshotIdentifier="q-1")
            rds.create_db_snapshot(DBInstanceIdentifier="quota-db-1", DBSnapshotIdentifier="q-2")
            with self.assertRaises(rds.exceptions.ClientError) as refused:
                rds.create_db_snapshot(DBInstanceIdentifier="quota-db-2", DBSnapshotIdentifier="q-3")
            self.assertEqual(refused.exception.response["Error"]["Code"], "SnapshotQuotaExceeded")
        finally:
            self.post("/moto-api/snaplife/rds-quotas", {"ManualSnapshots": 100000})

    def test_account_attributes_report_manual_snapshot_quota_and_usage(self):
        self.post("/moto-api/snaplife/rds-quotas", {"ManualSnapshots": 7})
        quotas = {
            q["AccountQuotaName"]: q
            for q in self.rds.describe_account_attributes()["AccountQuotas"]
        }
        manual = sum(
            1
            for s in self.rds.describe_db_snapshots(SnapshotType="manual")["DBSnapshots"]
        )
        self.assertEqual(quotas["ManualSnapshots"]["Max"], 7)
        self.assertEqual(quotas["ManualSnapshots"]["Used"], manual)
        self.assertIn("ManualClusterSnapshots", quotas)

    def test_instance_describes_page_past_the_first_page(self):
        for i in range(23):
            self.instance(f"pages-{i:02d}")
        seen, marker, calls = [], None, 0
        while True:
            kwargs = {"MaxRecords": 20, **({"Marker": marker} if marker else {})}
            page = self.rds.describe_db_instances(**kwargs)
            calls += 1
            seen += [d["DBInstanceIdentifier"] for d in page["DBInstances"]]
            marker = page.get("Marker")
            if not marker:
                break
        self.assertEqual(len(seen), len(set(seen)))
        self.assertTrue({f"pages-{i:02d}" for i in range(23)} <= set(seen))
        self.assertGreaterEqual(calls, 2)

    def test_snapshot_describes_page_by_max_records(self):
        self.instance("paging-db")
        for i in range(25):
            self.rds.create_db_snapshot(
                DBSnapshotIdentifier=f"paging-snap-{i:02d}", DBInstanceIdentifier="paging-db"
            )
        first = self.rds.describe_db_snapshots(
            DBInstanceIdentifier="paging-db", SnapshotType="manual", MaxRecords=20
        )
        self.assertEqual(len(first["DBSnapshots"]), 20)
        self.assertIn("Marker", first)
        rest = self.rds.describe_db_snapshots(
            DBInstanceIdentifier="paging-db",
            SnapshotType="manual",
            MaxRecords=20,
            Marker=first["Marker"],
        )
        self.assertEqual(len(rest["DBSnapshots"]), 5)
        self.assertNotIn("Marker", rest)

    def test_info_identifies_the_launcher_and_its_extensions(self):
        info = self.api("GET", "info")
        self.assertEqual(info["launcher"], "snaplife-moto")
        self.assertEqual(info["moto"], "5.2.5")
        self.assertTrue(
            {
                "faults",
                "scheduler",
                "alarms",
                "rds-paging",
                "rds-one-at-a-time",
                "sqs-cheap-receive",
                "account-from-access-key",
                "cloudwatch-cbor",
            }
            <= set(info["extensions"])
        )

    def test_concurrent_snapshot_creates_all_succeed(self):
        # Unserialised, moto's RDS backend fails some of these with "OrderedDict mutated during
        # iteration" (a 500 that AWS never gives).
        for index in range(4):
            self.instance(f"parallel-{index}")
        failures = []

        # boto3 creates clients thread-unsafely: one each, made here.
        clients = [self.client("rds") for _ in range(16)]

        def create(thread):
            client = clients[thread]
            for index in range(12):
                try:
                    client.create_db_snapshot(
                        DBInstanceIdentifier=f"parallel-{index % 4}",
                        DBSnapshotIdentifier=f"parallel-{thread}-{index}",
                    )
                    client.describe_db_snapshots(SnapshotType="manual", MaxRecords=100)
                    client.describe_account_attributes()
                except Exception as error:  # noqa: BLE001 - every failure is the finding
                    failures.append(repr(error))

        threads = [threading.Thread(target=create, args=(thread,)) for thread in range(16)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        self.assertEqual(failures, [])
        created, _ = self.read_all(self.rds.describe_db_snapshots, "DBSnapshots", SnapshotType="manual")
        self.assertEqual(
            len([s for s in created if s["DBSnapshotIdentifier"].startswith("parallel-")]), 16 * 12
        )

    def test_received_messages_honour_the_queues_retention_period(self):
        sqs = self.client("sqs")
        kept = sqs.create_queue(QueueName="retention-kept")["QueueUrl"]
        # moto takes a retention under SQS's 60 s minimum, which makes expiry testable.
        expiring = sqs.create_queue(
            QueueName="retention-expiring", Attributes={"MessageRetentionPeriod": "1"}
        )["QueueUrl"]
        for url in (kept, expiring):
            sqs.send_message_batch(
                QueueUrl=url,
                Entries=[{"Id": str(i), "MessageBody": f"message {i}"} for i in range(3)],
            )
        time.sleep(1.5)

        received = sqs.receive_message(QueueUrl=kept, MaxNumberOfMessages=10)["Messages"]
        expired = sqs.receive_message(QueueUrl=expiring, MaxNumberOfMessages=10).get("Messages", [])

        self.assertEqual(sorted(m["Body"] for m in received), [f"message {i}" for i in range(3)])
        self.assertEqual(expired, [])

    def read_all(self, describe, key, **kwargs):
        """Every page of a describe at MaxRecords 20: (identifiers, number of pages)."""
        seen, marker, pages = [], None, 0
        while True:
            page = describe(MaxRecords=20, **kwargs, **({"Marker": marker} if marker else {}))
            pages += 1
            seen += page[key]
            marker = page.get("Marker")
            if not marker:
                return seen, pages

    def test_snapshot_id_filters_with_a_hundred_values_return_exactly_those_across_pages(self):
        self.instance("filter-db")
        for i in range(105):
            self.rds.create_db_snapshot(
                DBSnapshotIdentifier=f"filter-snap-{i:03d}", DBInstanceIdentifier="filter-db"
            )
        wanted = [f"filter-snap-{i:03d}" for i in range(105) if i % 21 != 7]  # 100 of them
        snapshots, pages = self.read_all(
            self.rds.describe_db_snapshots,
            "DBSnapshots",
            Filters=[{"Name": "db-snapshot-id", "Values": wanted}],
        )
        identifiers = [s["DBSnapshotIdentifier"] for s in snapshots]
        self.assertEqual(sorted(identifiers), wanted)
        self.assertEqual(pages, 5)
        few = self.rds.describe_db_snapshots(
            Filters=[{"Name": "db-snapshot-id", "Values": ["filter-snap-003", "no-such-snap"]}]
        )["DBSnapshots"]
        self.assertEqual([s["DBSnapshotIdentifier"] for s in few], ["filter-snap-003"])

    def test_cluster_snapshot_id_filters_return_exactly_those_across_pages(self):
        self.rds.create_db_cluster(
            DBClusterIdentifier="filter-cluster",
            Engine="aurora-postgresql",
            MasterUsername="admin",
            MasterUserPassword="not-a-real-password",
        )
        for i in range(30):
            self.rds.create_db_cluster_snapshot(
                DBClusterSnapshotIdentifier=f"filter-csnap-{i:02d}",
                DBClusterIdentifier="filter-cluster",
            )
        wanted = [f"filter-csnap-{i:02d}" for i in range(30) if i != 4]
        snapshots, pages = self.read_all(
            self.rds.describe_db_cluster_snapshots,
            "DBClusterSnapshots",
            Filters=[{"Name": "db-cluster-snapshot-id", "Values": wanted + ["no-such-snap"]}],
        )
        self.assertEqual(sorted(s["DBClusterSnapshotIdentifier"] for s in snapshots), wanted)
        self.assertEqual(pages, 2)


if __name__ == "__main__":
    unittest.main()
