"""RDS snapshot copies (rds_copies.py): progress, the cross-region copy limit and copies of
snapshots shared from other accounts, against a launcher on a free port."""

import json
import time
import unittest
import urllib.request

from launcher_testing import REGION, LauncherTestCase, wait_until

OTHER_REGION = "eu-west-1"
CREATE_MODEL = "rds::snapshot"
COPY_MODEL = "rds::snapshot-copy"


class CopyTestCase(LauncherTestCase):
    """Snapshots are created available at once and copies take 2 s, unless a test says
    otherwise; every global setting a test changes is put back."""

    def setUp(self):
        super().setUp()
        self.rds = self.client("rds")
        self.transition(CREATE_MODEL, {"progression": "immediate"})
        self.transition(COPY_MODEL, {"progression": "time", "seconds": 2})
        quotas = json.loads(self.post("/moto-api/snaplife/rds-quotas", {}))
        self.addCleanup(self.post, "/moto-api/snaplife/rds-quotas", quotas)
        limit = self.api("GET", "rds-copy-limit")
        self.addCleanup(self.api, "POST", "rds-copy-limit", limit)

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

    def other_account(self, offset=500000):
        return f"{int(self.account) + offset:012d}"

    def instance_snapshot(self, rds, snapshot_id, tags=()):
        """A DB instance and a manual snapshot of it; the snapshot."""
        rds.create_db_instance(
            DBInstanceIdentifier=f"{snapshot_id}-db",
            Engine="postgres",
            DBInstanceClass="db.t3.micro",
            AllocatedStorage=20,
            MasterUsername="admin",
            MasterUserPassword="not-a-real-password",
        )
        return rds.create_db_snapshot(
            DBInstanceIdentifier=f"{snapshot_id}-db",
            DBSnapshotIdentifier=snapshot_id,
            Tags=list(tags),
        )["DBSnapshot"]

    def cluster_snapshot(self, rds, snapshot_id, tags=()):
        rds.create_db_cluster(
            DBClusterIdentifier=f"{snapshot_id}-cluster",
            Engine="aurora-postgresql",
            MasterUsername="admin",
            MasterUserPassword="not-a-real-password",
        )
        return rds.create_db_cluster_snapshot(
            DBClusterIdentifier=f"{snapshot_id}-cluster",
            DBClusterSnapshotIdentifier=snapshot_id,
            Tags=list(tags),
        )["DBClusterSnapshot"]

    def snapshot(self, rds, snapshot_id):
        return rds.describe_db_snapshots(DBSnapshotIdentifier=snapshot_id)["DBSnapshots"][0]

    def cluster_snapshot_of(self, rds, snapshot_id):
        return rds.describe_db_cluster_snapshots(DBClusterSnapshotIdentifier=snapshot_id)[
            "DBClusterSnapshots"
        ][0]

    def assertError(self, raised, code, status):
        response = raised.exception.response
        self.assertEqual(response["Error"]["Code"], code, response["Error"])
        self.assertEqual(response["Error"]["Type"], "Sender")
        self.assertEqual(response["ResponseMetadata"]["HTTPStatusCode"], status)
        return response["Error"]["Message"]


class CopyProgressTest(CopyTestCase):
    def test_a_db_snapshot_copy_is_copying_with_rising_progress_then_available(self):
        self.instance_snapshot(self.rds, "progress-source")
        copy = self.rds.copy_db_snapshot(
            SourceDBSnapshotIdentifier="progress-source", TargetDBSnapshotIdentifier="progress-copy"
        )["DBSnapshot"]
        self.assertEqual(copy["Status"], "copying")
        self.assertLessEqual(copy["PercentProgress"], 10)
        seen = [(copy["Status"], copy["PercentProgress"])]
        deadline = time.monotonic() + 10
        while seen[-1][0] != "available":
            self.assertLess(time.monotonic(), deadline, f"never available: {seen}")
            time.sleep(0.2)
            snapshot = self.snapshot(self.rds, "progress-copy")
            seen.append((snapshot["Status"], snapshot["PercentProgress"]))
        statuses = {status for status, _ in seen}
        progress = [percent for _, percent in seen]
        self.assertEqual(statuses, {"copying", "available"})
        self.assertEqual(progress, sorted(progress))
        self.assertTrue(any(0 < percent < 100 for percent in progress), seen)
        self.assertEqual(seen[-1], ("available", 100))
        self.assertEqual(self.snapshot(self.rds, "progress-source")["Status"], "available")

    def test_a_cluster_snapshot_copy_is_copying_then_available(self):
        self.cluster_snapshot(self.rds, "cprogress-source")
        copy = self.rds.copy_db_cluster_snapshot(
            SourceDBClusterSnapshotIdentifier="cprogress-source",
            TargetDBClusterSnapshotIdentifier="cprogress-copy",
        )["DBClusterSnapshot"]
        self.assertEqual(copy["Status"], "copying")
        self.assertLessEqual(copy["PercentProgress"], 10)
        self.assertTrue(
            copy["SourceDBClusterSnapshotArn"].endswith(":cluster-snapshot:cprogress-source")
        )
        wait_until(
            lambda: self.cluster_snapshot_of(self.rds, "cprogress-copy")["Status"] == "available",
            message="the cluster snapshot copy never became available",
        )
        done = self.cluster_snapshot_of(self.rds, "cprogress-copy")
        self.assertEqual(done["PercentProgress"], 100)

    def test_copies_follow_their_own_transition_and_creates_theirs(self):
        self.transition(CREATE_MODEL, {"progression": "time", "seconds": 1})
        created = self.instance_snapshot(self.rds, "own-source")
        self.assertEqual(created["Status"], "creating")
        self.assertLess(created["PercentProgress"], 100)
        wait_until(lambda: self.snapshot(self.rds, "own-source")["Status"] == "available")
        # Made now, a copy would read "creating" for a second by the create transition.
        self.transition(COPY_MODEL, {"progression": "immediate"})
        at_once = self.rds.copy_db_snapshot(
            SourceDBSnapshotIdentifier="own-source", TargetDBSnapshotIdentifier="own-at-once"
        )["DBSnapshot"]
        self.assertEqual((at_once["Status"], at_once["PercentProgress"]), ("available", 100))
        self.transition(COPY_MODEL, {"progression": "time", "seconds": 5})
        slow = self.rds.copy_db_snapshot(
            SourceDBSnapshotIdentifier="own-source", TargetDBSnapshotIdentifier="own-slow"
        )["DBSnapshot"]
        self.assertEqual(slow["Status"], "copying")
        time.sleep(1.2)  # past the create transition: still copying
        self.assertEqual(self.snapshot(self.rds, "own-slow")["Status"], "copying")

    def test_a_source_that_is_not_available_fails_the_copy(self):
        self.transition(CREATE_MODEL, {"progression": "time", "seconds": 30})
        self.instance_snapshot(self.rds, "busy-source")
        with self.assertRaises(self.rds.exceptions.ClientError) as refused:
            self.rds.copy_db_snapshot(
                SourceDBSnapshotIdentifier="busy-source", TargetDBSnapshotIdentifier="busy-copy"
            )
        self.assertIn("creating", self.assertError(refused, "InvalidDBSnapshotState", 400))
        self.cluster_snapshot(self.rds, "cbusy-source")
        with self.assertRaises(self.rds.exceptions.ClientError) as refused:
            self.rds.copy_db_cluster_snapshot(
                SourceDBClusterSnapshotIdentifier="cbusy-source",
                TargetDBClusterSnapshotIdentifier="cbusy-copy",
            )
        self.assertError(refused, "InvalidDBClusterSnapshotStateFault", 400)
        manual = self.rds.describe_db_snapshots(SnapshotType="manual")["DBSnapshots"]
        self.assertEqual([s["DBSnapshotIdentifier"] for s in manual], ["busy-source"])

    def test_a_copy_still_copying_cannot_be_copied(self):
        self.instance_snapshot(self.rds, "chain-source")
        self.rds.copy_db_snapshot(
            SourceDBSnapshotIdentifier="chain-source", TargetDBSnapshotIdentifier="chain-copy"
        )
        with self.assertRaises(self.rds.exceptions.ClientError) as refused:
            self.rds.copy_db_snapshot(
                SourceDBSnapshotIdentifier="chain-copy", TargetDBSnapshotIdentifier="chain-copy-2"
            )
        self.assertIn("copying", self.assertError(refused, "InvalidDBSnapshotState", 400))


class CopyLimitTest(CopyTestCase):
    def setUp(self):
        super().setUp()
        self.here = self.client("rds", region=OTHER_REGION)  # the copies' destination

    def cross_region_copies(self, source_arn, count, prefix):
        for index in range(count):
            self.here.copy_db_snapshot(
                SourceDBSnapshotIdentifier=source_arn,
                TargetDBSnapshotIdentifier=f"{prefix}-{index}",
            )

    def test_a_sixth_concurrent_cross_region_copy_is_refused_until_one_finishes(self):
        self.transition(COPY_MODEL, {"progression": "time", "seconds": 2})
        source = self.instance_snapshot(self.rds, "limit-source")["DBSnapshotArn"]
        self.assertEqual(self.api("GET", "rds-copy-limit"), {"concurrentCrossRegionCopies": 5})
        self.cross_region_copies(source, 5, "limit-copy")
        with self.assertRaises(self.here.exceptions.ClientError) as refused:
            self.here.copy_db_snapshot(
                SourceDBSnapshotIdentifier=source, TargetDBSnapshotIdentifier="limit-sixth"
            )
        message = self.assertError(refused, "SnapshotQuotaExceeded", 400)
        self.assertEqual(
            message,
            "Cannot have more than 5 concurrent cross-region copies in progress to region "
            "eu-west-1.",
        )
        # Copies within the region, and cluster snapshot copies, are not counted with them.
        self.here.create_db_instance(
            DBInstanceIdentifier="local-db",
            Engine="postgres",
            DBInstanceClass="db.t3.micro",
            AllocatedStorage=20,
            MasterUsername="admin",
            MasterUserPassword="not-a-real-password",
        )
        self.here.create_db_snapshot(DBInstanceIdentifier="local-db", DBSnapshotIdentifier="local")
        self.here.copy_db_snapshot(
            SourceDBSnapshotIdentifier="local", TargetDBSnapshotIdentifier="local-copy"
        )
        cluster_source = self.cluster_snapshot(self.rds, "limit-csource")["DBClusterSnapshotArn"]
        self.here.copy_db_cluster_snapshot(
            SourceDBClusterSnapshotIdentifier=cluster_source,
            TargetDBClusterSnapshotIdentifier="limit-ccopy",
        )
        # Another account has its own five.
        elsewhere = self.client("rds", account=self.other_account(), region=OTHER_REGION)
        self.rds.modify_db_snapshot_attribute(
            DBSnapshotIdentifier="limit-source", AttributeName="restore", ValuesToAdd=["all"]
        )
        elsewhere.copy_db_snapshot(
            SourceDBSnapshotIdentifier=source, TargetDBSnapshotIdentifier="limit-theirs"
        )

        wait_until(
            lambda: self.snapshot(self.here, "limit-copy-0")["Status"] == "available",
            message="the first copy never became available",
        )
        accepted = self.here.copy_db_snapshot(
            SourceDBSnapshotIdentifier=source, TargetDBSnapshotIdentifier="limit-sixth"
        )["DBSnapshot"]
        self.assertEqual(accepted["Status"], "copying")
        self.assertEqual(accepted["SourceRegion"], REGION)

    def test_the_limit_is_set_through_the_control_endpoint(self):
        self.transition(COPY_MODEL, {"progression": "time", "seconds": 30})
        self.assertEqual(
            self.api("POST", "rds-copy-limit", {"concurrentCrossRegionCopies": 1}),
            {"concurrentCrossRegionCopies": 1},
        )
        self.assertEqual(self.api("GET", "rds-copy-limit"), {"concurrentCrossRegionCopies": 1})
        source = self.cluster_snapshot(self.rds, "setlimit-source")["DBClusterSnapshotArn"]
        self.here.copy_db_cluster_snapshot(
            SourceDBClusterSnapshotIdentifier=source, TargetDBClusterSnapshotIdentifier="one"
        )
        with self.assertRaises(self.here.exceptions.ClientError) as refused:
            self.here.copy_db_cluster_snapshot(
                SourceDBClusterSnapshotIdentifier=source, TargetDBClusterSnapshotIdentifier="two"
            )
        message = self.assertError(refused, "SnapshotQuotaExceeded", 400)
        self.assertIn("more than 1 concurrent", message)
        self.api("POST", "rds-copy-limit", {"concurrentCrossRegionCopies": 2})
        self.here.copy_db_cluster_snapshot(
            SourceDBClusterSnapshotIdentifier=source, TargetDBClusterSnapshotIdentifier="two"
        )
        for bad in ({"concurrentCrossRegionCopies": -1}, {"concurrentCrossRegionCopies": "5"},
                    {"concurrentCrossRegionCopies": 1.5}, {"copies": 5}):
            with self.subTest(bad):
                self.assertIn("error", self.api("POST", "rds-copy-limit", bad, expect=400))
        self.assertEqual(self.api("GET", "rds-copy-limit"), {"concurrentCrossRegionCopies": 2})
        self.api("DELETE", "rds-copy-limit", expect=405)


class CrossAccountCopyTest(CopyTestCase):
    def setUp(self):
        super().setUp()
        self.caller = self.other_account()
        self.theirs = self.client("rds", account=self.caller)

    def share(self, snapshot_id, *accounts):
        self.rds.modify_db_snapshot_attribute(
            DBSnapshotIdentifier=snapshot_id, AttributeName="restore", ValuesToAdd=list(accounts)
        )

    def test_a_shared_db_snapshot_is_copied_into_the_caller_s_account_with_its_key(self):
        source = self.instance_snapshot(
            self.rds, "shared-source", tags=[{"Key": "team", "Value": "owner"}]
        )
        self.share("shared-source", self.caller)
        key = self.client("kms", account=self.caller).create_key()["KeyMetadata"]
        copy = self.theirs.copy_db_snapshot(
            SourceDBSnapshotIdentifier=source["DBSnapshotArn"],
            TargetDBSnapshotIdentifier="received",
            KmsKeyId=key["KeyId"],
            Tags=[{"Key": "copied-by", "Value": "caller"}],
        )["DBSnapshot"]
        self.assertEqual(
            copy["DBSnapshotArn"], f"arn:aws:rds:{REGION}:{self.caller}:snapshot:received"
        )
        self.assertEqual(copy["Status"], "copying")
        self.assertEqual(copy["KmsKeyId"], key["Arn"])
        self.assertTrue(copy["Encrypted"])
        self.assertEqual(copy["SnapshotType"], "manual")
        self.assertEqual(copy["SourceDBSnapshotIdentifier"], source["DBSnapshotArn"])
        self.assertEqual(copy["TagList"], [{"Key": "copied-by", "Value": "caller"}])
        self.assertEqual(copy["DBInstanceIdentifier"], "shared-source-db")
        [listed] = self.theirs.describe_db_snapshots(SnapshotType="manual")["DBSnapshots"]
        self.assertEqual(listed["DBSnapshotIdentifier"], "received")
        self.assertNotIn(
            "received",
            [s["DBSnapshotIdentifier"] for s in self.rds.describe_db_snapshots()["DBSnapshots"]],
        )
        wait_until(lambda: self.snapshot(self.theirs, "received")["Status"] == "available")

    def test_a_snapshot_not_shared_with_the_caller_is_not_found(self):
        source = self.instance_snapshot(self.rds, "private-source")
        automated = [
            s["DBSnapshotArn"]
            for s in self.rds.describe_db_snapshots(SnapshotType="automated")["DBSnapshots"]
        ]
        self.assertTrue(automated)
        self.share("private-source", self.other_account(offset=600000))  # someone else
        for arn in (
            source["DBSnapshotArn"],
            automated[0],
            source["DBSnapshotArn"].replace("private-source", "no-such-snapshot"),
            source["DBSnapshotArn"].replace(REGION, OTHER_REGION),
            source["DBSnapshotArn"].replace(self.account, "999999999999"),
        ):
            with self.subTest(arn):
                with self.assertRaises(self.theirs.exceptions.ClientError) as refused:
                    self.theirs.copy_db_snapshot(
                        SourceDBSnapshotIdentifier=arn, TargetDBSnapshotIdentifier="not-mine"
                    )
                self.assertIn(arn, self.assertError(refused, "DBSnapshotNotFound", 404))
        self.assertEqual(self.theirs.describe_db_snapshots()["DBSnapshots"], [])

    def test_a_snapshot_shared_with_all_is_copied_by_any_account(self):
        source = self.instance_snapshot(self.rds, "public-source")["DBSnapshotArn"]
        self.share("public-source", "all")
        for offset in (500000, 600000):
            rds = self.client("rds", account=self.other_account(offset))
            copy = rds.copy_db_snapshot(
                SourceDBSnapshotIdentifier=source, TargetDBSnapshotIdentifier="public-copy"
            )["DBSnapshot"]
            self.assertIn(
                f":{self.other_account(offset)}:snapshot:public-copy", copy["DBSnapshotArn"]
            )

    def test_a_shared_snapshot_is_copied_to_another_region_in_one_step(self):
        source = self.instance_snapshot(self.rds, "far-source")["DBSnapshotArn"]
        self.share("far-source", self.caller)
        there = self.client("rds", account=self.caller, region=OTHER_REGION)
        kms = self.client("kms", account=self.caller, region=OTHER_REGION)
        key = kms.create_key()["KeyMetadata"]
        copy = there.copy_db_snapshot(
            SourceDBSnapshotIdentifier=source,
            TargetDBSnapshotIdentifier="far-copy",
            KmsKeyId=key["Arn"],
        )["DBSnapshot"]
        self.assertEqual(
            copy["DBSnapshotArn"], f"arn:aws:rds:{OTHER_REGION}:{self.caller}:snapshot:far-copy"
        )
        self.assertEqual((copy["SourceRegion"], copy["KmsKeyId"]), (REGION, key["Arn"]))
        # It is a cross-region copy: with a limit of 1, the next one is refused.
        self.api("POST", "rds-copy-limit", {"concurrentCrossRegionCopies": 1})
        with self.assertRaises(there.exceptions.ClientError) as refused:
            there.copy_db_snapshot(
                SourceDBSnapshotIdentifier=source, TargetDBSnapshotIdentifier="far-2"
            )
        self.assertError(refused, "SnapshotQuotaExceeded", 400)

    def test_a_same_account_copy_from_another_region_by_arn(self):
        source = self.instance_snapshot(self.rds, "mine-source")["DBSnapshotArn"]
        here = self.client("rds", region=OTHER_REGION)
        copy = here.copy_db_snapshot(
            SourceDBSnapshotIdentifier=source, TargetDBSnapshotIdentifier="mine-copy"
        )["DBSnapshot"]
        self.assertEqual(
            copy["DBSnapshotArn"],
            f"arn:aws:rds:{OTHER_REGION}:{self.account}:snapshot:mine-copy",
        )
        self.assertEqual((copy["Status"], copy["SourceRegion"]), ("copying", REGION))
        self.assertEqual(copy["SourceDBSnapshotIdentifier"], source)

    def test_copy_tags_takes_the_source_s_tags_unless_tags_are_given(self):
        # AWS (and moto, whose authors checked it) never merges the two: Tags win.
        source = self.instance_snapshot(
            self.rds, "tagged-source", tags=[{"Key": "team", "Value": "owner"}]
        )["DBSnapshotArn"]
        self.share("tagged-source", self.caller)
        copied = self.theirs.copy_db_snapshot(
            SourceDBSnapshotIdentifier=source,
            TargetDBSnapshotIdentifier="with-source-tags",
            CopyTags=True,
        )["DBSnapshot"]
        self.assertEqual(copied["TagList"], [{"Key": "team", "Value": "owner"}])
        given = self.theirs.copy_db_snapshot(
            SourceDBSnapshotIdentifier=source,
            TargetDBSnapshotIdentifier="with-given-tags",
            CopyTags=True,
            Tags=[{"Key": "copied-by", "Value": "caller"}],
        )["DBSnapshot"]
        self.assertEqual(given["TagList"], [{"Key": "copied-by", "Value": "caller"}])
        plain = self.theirs.copy_db_snapshot(
            SourceDBSnapshotIdentifier=source, TargetDBSnapshotIdentifier="without-tags"
        )["DBSnapshot"]
        self.assertEqual(plain["TagList"], [])

    def test_a_shared_source_that_is_not_available_fails_the_copy(self):
        self.transition(CREATE_MODEL, {"progression": "time", "seconds": 30})
        source = self.instance_snapshot(self.rds, "early-source")["DBSnapshotArn"]
        self.share("early-source", self.caller)
        with self.assertRaises(self.theirs.exceptions.ClientError) as refused:
            self.theirs.copy_db_snapshot(
                SourceDBSnapshotIdentifier=source, TargetDBSnapshotIdentifier="too-early"
            )
        self.assertError(refused, "InvalidDBSnapshotState", 400)

    def test_cross_account_copies_count_toward_the_caller_s_quota(self):
        source = self.instance_snapshot(self.rds, "quota-source")["DBSnapshotArn"]
        self.share("quota-source", self.caller)
        self.post("/moto-api/snaplife/rds-quotas", {"ManualSnapshots": 2})
        for index in range(2):
            self.theirs.copy_db_snapshot(
                SourceDBSnapshotIdentifier=source, TargetDBSnapshotIdentifier=f"quota-{index}"
            )
        with self.assertRaises(self.theirs.exceptions.ClientError) as refused:
            self.theirs.copy_db_snapshot(
                SourceDBSnapshotIdentifier=source, TargetDBSnapshotIdentifier="quota-2"
            )
        self.assertEqual(
            self.assertError(refused, "SnapshotQuotaExceeded", 400),
            "The request cannot be processed because it would exceed the maximum number of "
            "snapshots.",
        )
        quotas = self.theirs.describe_account_attributes()["AccountQuotas"]
        [manual] = [q for q in quotas if q["AccountQuotaName"] == "ManualSnapshots"]
        self.assertEqual((manual["Used"], manual["Max"]), (2, 2))

    def test_a_shared_cluster_snapshot_is_copied_and_an_unshared_one_is_not_found(self):
        source = self.cluster_snapshot(
            self.rds, "cshared-source", tags=[{"Key": "team", "Value": "owner"}]
        )["DBClusterSnapshotArn"]
        with self.assertRaises(self.theirs.exceptions.ClientError) as refused:
            self.theirs.copy_db_cluster_snapshot(
                SourceDBClusterSnapshotIdentifier=source, TargetDBClusterSnapshotIdentifier="cgot"
            )
        self.assertError(refused, "DBClusterSnapshotNotFoundFault", 404)
        self.rds.modify_db_cluster_snapshot_attribute(
            DBClusterSnapshotIdentifier="cshared-source",
            AttributeName="restore",
            ValuesToAdd=[self.caller],
        )
        key = self.client("kms", account=self.caller).create_key()["KeyMetadata"]
        copy = self.theirs.copy_db_cluster_snapshot(
            SourceDBClusterSnapshotIdentifier=source,
            TargetDBClusterSnapshotIdentifier="cgot",
            KmsKeyId=key["KeyId"],
            CopyTags=True,
        )["DBClusterSnapshot"]
        self.assertEqual(
            copy["DBClusterSnapshotArn"],
            f"arn:aws:rds:{REGION}:{self.caller}:cluster-snapshot:cgot",
        )
        self.assertEqual((copy["Status"], copy["KmsKeyId"]), ("copying", key["Arn"]))
        self.assertTrue(copy["StorageEncrypted"])
        self.assertEqual(copy["SourceDBClusterSnapshotArn"], source)
        self.assertEqual(copy["TagList"], [{"Key": "team", "Value": "owner"}])
        wait_until(lambda: self.cluster_snapshot_of(self.theirs, "cgot")["Status"] == "available")
        # A DB snapshot copy does not take a cluster snapshot's ARN.
        with self.assertRaises(self.theirs.exceptions.ClientError) as refused:
            self.theirs.copy_db_snapshot(
                SourceDBSnapshotIdentifier=source, TargetDBSnapshotIdentifier="wrong-kind"
            )
        self.assertError(refused, "InvalidParameterValue", 400)

    def test_the_extensions_are_listed(self):
        self.assertTrue(
            {"rds-copy-progress", "rds-copy-limit", "rds-cross-account-copy"}
            <= set(self.api("GET", "info")["extensions"])
        )


if __name__ == "__main__":
    unittest.main()
