"""Tests of the launcher's additions, against a launcher started on a free port."""

import json
import socket
import subprocess
import sys
import time
import unittest
import urllib.request
from pathlib import Path

import boto3


def _free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class LauncherTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.port = _free_port()
        cls.url = f"http://127.0.0.1:{cls.port}"
        launcher = Path(__file__).with_name("snaplife_moto.py")
        cls.server = subprocess.Popen(
            [sys.executable, str(launcher), "-H", "127.0.0.1", "-p", str(cls.port)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(cls.url + "/moto-api/data.json", timeout=2)
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.2)
        cls.rds = boto3.client(
            "rds",
            endpoint_url=cls.url,
            region_name="us-east-1",
            aws_access_key_id="test",
            aws_secret_access_key="test",
        )

    @classmethod
    def tearDownClass(cls):
        cls.server.terminate()
        cls.server.wait(10)

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


if __name__ == "__main__":
    unittest.main()
