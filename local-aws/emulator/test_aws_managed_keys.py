"""AWS-managed KMS keys (aws_managed_keys.py): KeyManager "AWS" behind alias/aws/<service>, the
aws/rds key as RDS's default encryption key, and snapshots on it that cannot be shared, against
a launcher on a free port."""

import json
import unittest
import urllib.request
from concurrent.futures import ThreadPoolExecutor

from launcher_testing import REGION, LauncherTestCase

OTHER_REGION = "eu-west-1"
CREATE_MODEL = "rds::snapshot"
COPY_MODEL = "rds::snapshot-copy"
PASSWORD = "not-a-real-password"


class ManagedKeyTestCase(LauncherTestCase):
    """Snapshots and copies are available at once; the transitions are put back."""

    def setUp(self):
        super().setUp()
        self.rds = self.client("rds")
        self.kms = self.client("kms")
        for model in (CREATE_MODEL, COPY_MODEL):
            self.post(
                "/moto-api/state-manager/set-transition",
                {"model_name": model, "transition": {"progression": "immediate"}},
            )
            self.addCleanup(
                self.post, "/moto-api/state-manager/unset-transition", {"model_name": model}
            )

    def post(self, path, body):
        request = urllib.request.Request(
            self.url + path, data=json.dumps(body).encode(), method="POST"
        )
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.read()

    def other_account(self, offset=500000):
        return f"{int(self.account) + offset:012d}"

    def rds_key(self, account=None, region=REGION):
        """The aws/rds key's metadata in that account (default self.account) and region."""
        kms = self.client("kms", account=account, region=region)
        return kms.describe_key(KeyId="alias/aws/rds")["KeyMetadata"]

    def customer_key(self, account=None, region=REGION):
        kms = self.client("kms", account=account, region=region)
        return kms.create_key(Description="snaplife backups")["KeyMetadata"]

    def instance(self, rds, instance_id, **encryption):
        return rds.create_db_instance(
            DBInstanceIdentifier=instance_id,
            Engine="postgres",
            DBInstanceClass="db.t3.micro",
            AllocatedStorage=20,
            MasterUsername="admin",
            MasterUserPassword=PASSWORD,
            **encryption,
        )["DBInstance"]

    def cluster(self, rds, cluster_id, **encryption):
        return rds.create_db_cluster(
            DBClusterIdentifier=cluster_id,
            Engine="aurora-postgresql",
            MasterUsername="admin",
            MasterUserPassword=PASSWORD,
            **encryption,
        )["DBCluster"]

    def instance_snapshot(self, rds, snapshot_id, **encryption):
        """A DB instance (encrypted as asked) and a manual snapshot of it; the snapshot."""
        self.instance(rds, f"{snapshot_id}-db", **encryption)
        return rds.create_db_snapshot(
            DBInstanceIdentifier=f"{snapshot_id}-db", DBSnapshotIdentifier=snapshot_id
        )["DBSnapshot"]

    def cluster_snapshot(self, rds, snapshot_id, **encryption):
        self.cluster(rds, f"{snapshot_id}-cluster", **encryption)
        return rds.create_db_cluster_snapshot(
            DBClusterIdentifier=f"{snapshot_id}-cluster", DBClusterSnapshotIdentifier=snapshot_id
        )["DBClusterSnapshot"]

    def share(self, snapshot_id, *values, rds=None):
        rds = rds or self.rds
        return rds.modify_db_snapshot_attribute(
            DBSnapshotIdentifier=snapshot_id, AttributeName="restore", ValuesToAdd=list(values)
        )["DBSnapshotAttributesResult"]["DBSnapshotAttributes"]

    def share_cluster(self, snapshot_id, *values, rds=None):
        rds = rds or self.rds
        return rds.modify_db_cluster_snapshot_attribute(
            DBClusterSnapshotIdentifier=snapshot_id,
            AttributeName="restore",
            ValuesToAdd=list(values),
        )["DBClusterSnapshotAttributesResult"]["DBClusterSnapshotAttributes"]

    def assertRefused(self, raised, snapshot_id):
        response = raised.exception.response
        self.assertEqual(response["Error"]["Code"], "InvalidParameterValue", response["Error"])
        self.assertEqual(response["Error"]["Type"], "Sender")
        self.assertEqual(response["ResponseMetadata"]["HTTPStatusCode"], 400)
        self.assertEqual(
            response["Error"]["Message"],
            f"Snapshot {snapshot_id} is encrypted with the AWS-managed key aws/rds and cannot be "
            "shared. Copy it with a customer managed key and share the copy.",
        )


class ManagedKeysTest(ManagedKeyTestCase):
    def test_the_aws_rds_key_is_aws_managed_by_every_identifier(self):
        key = self.rds_key()
        self.assertEqual(key["KeyManager"], "AWS")
        self.assertEqual(
            key["Description"],
            "Default key that protects my RDS database volumes when no other key is defined",
        )
        self.assertEqual(key["AWSAccountId"], self.account)
        self.assertTrue(key["Arn"].startswith(f"arn:aws:kms:{REGION}:{self.account}:key/"))
        for identifier in (
            "alias/aws/rds",
            f"arn:aws:kms:{REGION}:{self.account}:alias/aws/rds",
            key["KeyId"],
            key["Arn"],
        ):
            with self.subTest(identifier):
                described = self.kms.describe_key(KeyId=identifier)["KeyMetadata"]
                self.assertEqual(
                    (described["KeyId"], described["KeyManager"]), (key["KeyId"], "AWS")
                )
        s3 = self.kms.describe_key(KeyId="alias/aws/s3")["KeyMetadata"]
        self.assertEqual(s3["KeyManager"], "AWS")
        self.assertNotEqual(s3["KeyId"], key["KeyId"])
        self.assertIn("S3 objects", s3["Description"])

    def test_customer_keys_stay_customer_managed_among_listed_keys(self):
        customer = self.customer_key()
        self.kms.create_alias(AliasName="alias/snaplife", TargetKeyId=customer["KeyId"])
        rds, s3 = self.rds_key(), self.kms.describe_key(KeyId="alias/aws/s3")["KeyMetadata"]
        managers = {
            listed["KeyId"]: self.kms.describe_key(KeyId=listed["KeyId"])["KeyMetadata"][
                "KeyManager"
            ]
            for listed in self.kms.list_keys()["Keys"]
        }
        self.assertEqual(
            managers,
            {customer["KeyId"]: "CUSTOMER", rds["KeyId"]: "AWS", s3["KeyId"]: "AWS"},
        )
        self.assertEqual(customer["KeyManager"], "CUSTOMER")
        by_alias = self.kms.describe_key(KeyId="alias/snaplife")["KeyMetadata"]
        self.assertEqual(by_alias["KeyManager"], "CUSTOMER")

    def test_each_account_and_region_has_its_own_aws_rds_key_made_once(self):
        with ThreadPoolExecutor(8) as pool:
            ids = set(pool.map(lambda _: self.rds_key()["KeyId"], range(16)))
        self.assertEqual(len(ids), 1)
        self.assertEqual([k["KeyId"] for k in self.kms.list_keys()["Keys"]], list(ids))
        keys = [
            self.rds_key(),
            self.rds_key(region=OTHER_REGION),
            self.rds_key(account=self.other_account()),
        ]
        self.assertEqual(len({key["Arn"] for key in keys}), 3)
        self.assertEqual({key["KeyManager"] for key in keys}, {"AWS"})

    def test_the_extension_is_listed(self):
        self.assertIn("kms-aws-managed-keys", self.api("GET", "info")["extensions"])


class DefaultRdsKeyTest(ManagedKeyTestCase):
    def test_an_encrypted_instance_without_a_key_and_its_snapshots_get_the_aws_rds_key(self):
        created = self.instance(self.rds, "enc-db", StorageEncrypted=True)
        key = self.rds_key()
        self.assertEqual(key["KeyManager"], "AWS")
        self.assertEqual((created["KmsKeyId"], created["StorageEncrypted"]), (key["Arn"], True))
        [described] = self.rds.describe_db_instances(DBInstanceIdentifier="enc-db")["DBInstances"]
        self.assertEqual(described["KmsKeyId"], key["Arn"])
        manual = self.rds.create_db_snapshot(
            DBInstanceIdentifier="enc-db", DBSnapshotIdentifier="enc-snap"
        )["DBSnapshot"]
        self.assertEqual((manual["KmsKeyId"], manual["Encrypted"]), (key["Arn"], True))
        snapshots = self.rds.describe_db_snapshots(DBInstanceIdentifier="enc-db")["DBSnapshots"]
        self.assertEqual(
            {s["SnapshotType"]: s["KmsKeyId"] for s in snapshots},
            {"manual": key["Arn"], "automated": key["Arn"]},
        )
        restored = self.rds.restore_db_instance_from_db_snapshot(
            DBInstanceIdentifier="enc-restored", DBSnapshotIdentifier="enc-snap"
        )["DBInstance"]
        self.assertEqual(restored["KmsKeyId"], key["Arn"])
        # In another region, that region's key.
        there = self.client("rds", region=OTHER_REGION)
        far = self.instance(there, "enc-far", StorageEncrypted=True)
        self.assertEqual(far["KmsKeyId"], self.rds_key(region=OTHER_REGION)["Arn"])
        self.assertNotEqual(far["KmsKeyId"], key["Arn"])

    def test_an_unencrypted_instance_and_its_snapshots_have_no_key(self):
        created = self.instance(self.rds, "plain-db")
        self.assertNotIn("KmsKeyId", created)
        self.assertFalse(created["StorageEncrypted"])
        snapshot = self.instance_snapshot(self.rds, "plain-snap")
        self.assertNotIn("KmsKeyId", snapshot)
        self.assertFalse(snapshot["Encrypted"])

    def test_an_encrypted_cluster_without_a_key_and_its_snapshots_get_the_aws_rds_key(self):
        created = self.cluster(self.rds, "enc-cluster", StorageEncrypted=True)
        key = self.rds_key()
        self.assertEqual((created["KmsKeyId"], created["StorageEncrypted"]), (key["Arn"], True))
        member = self.rds.create_db_instance(
            DBInstanceIdentifier="enc-member",
            DBClusterIdentifier="enc-cluster",
            Engine="aurora-postgresql",
            DBInstanceClass="db.t3.medium",
        )["DBInstance"]
        self.assertEqual((member["KmsKeyId"], member["StorageEncrypted"]), (key["Arn"], True))
        manual = self.rds.create_db_cluster_snapshot(
            DBClusterIdentifier="enc-cluster", DBClusterSnapshotIdentifier="enc-csnap"
        )["DBClusterSnapshot"]
        self.assertEqual((manual["KmsKeyId"], manual["StorageEncrypted"]), (key["Arn"], True))
        snapshots = self.rds.describe_db_cluster_snapshots(DBClusterIdentifier="enc-cluster")[
            "DBClusterSnapshots"
        ]
        self.assertEqual(
            {s["SnapshotType"]: s["KmsKeyId"] for s in snapshots},
            {"manual": key["Arn"], "automated": key["Arn"]},
        )
        restored = self.rds.restore_db_cluster_from_snapshot(
            DBClusterIdentifier="enc-crestored",
            SnapshotIdentifier="enc-csnap",
            Engine="aurora-postgresql",
        )["DBCluster"]
        self.assertEqual((restored["KmsKeyId"], restored["StorageEncrypted"]), (key["Arn"], True))

    def test_an_unencrypted_cluster_and_its_snapshots_have_no_key(self):
        created = self.cluster(self.rds, "plain-cluster")
        self.assertNotIn("KmsKeyId", created)
        self.assertFalse(created["StorageEncrypted"])
        [described] = self.rds.describe_db_clusters(DBClusterIdentifier="plain-cluster")[
            "DBClusters"
        ]
        self.assertNotIn("KmsKeyId", described)
        manual = self.rds.create_db_cluster_snapshot(
            DBClusterIdentifier="plain-cluster", DBClusterSnapshotIdentifier="plain-csnap"
        )["DBClusterSnapshot"]
        self.assertFalse(manual["StorageEncrypted"])
        for snapshot in self.rds.describe_db_cluster_snapshots(
            DBClusterIdentifier="plain-cluster"
        )["DBClusterSnapshots"]:
            with self.subTest(snapshot["SnapshotType"]):
                self.assertNotIn("KmsKeyId", snapshot)
                self.assertFalse(snapshot["StorageEncrypted"])
        # Unencrypted, it has no key to get from KMS: none was made.
        self.assertEqual(self.kms.list_keys()["Keys"], [])

    def test_a_given_key_is_kept_as_its_arn(self):
        customer = self.customer_key()
        self.kms.create_alias(AliasName="alias/snaplife", TargetKeyId=customer["KeyId"])
        by_id = self.instance(
            self.rds, "given-db", StorageEncrypted=True, KmsKeyId=customer["KeyId"]
        )
        self.assertEqual(by_id["KmsKeyId"], customer["Arn"])
        by_alias = self.cluster(
            self.rds, "given-cluster", StorageEncrypted=True, KmsKeyId="alias/snaplife"
        )
        self.assertEqual(by_alias["KmsKeyId"], customer["Arn"])
        named_default = self.instance(
            self.rds, "named-default-db", StorageEncrypted=True, KmsKeyId="alias/aws/rds"
        )
        self.assertEqual(named_default["KmsKeyId"], self.rds_key()["Arn"])


class SharingTest(ManagedKeyTestCase):
    def test_a_db_snapshot_on_the_aws_rds_key_cannot_be_shared(self):
        self.instance_snapshot(self.rds, "default-snap", StorageEncrypted=True)
        for values in ([self.other_account()], ["all"], [self.other_account(), self.account]):
            with self.subTest(values):
                with self.assertRaises(self.rds.exceptions.ClientError) as refused:
                    self.share("default-snap", *values)
                self.assertRefused(refused, "default-snap")
        attributes = self.rds.describe_db_snapshot_attributes(DBSnapshotIdentifier="default-snap")
        self.assertEqual(
            attributes["DBSnapshotAttributesResult"]["DBSnapshotAttributes"],
            [{"AttributeName": "restore", "AttributeValues": []}],
        )
        removed = self.rds.modify_db_snapshot_attribute(
            DBSnapshotIdentifier="default-snap",
            AttributeName="restore",
            ValuesToRemove=[self.other_account()],
        )["DBSnapshotAttributesResult"]["DBSnapshotAttributes"]
        self.assertEqual(removed, [{"AttributeName": "restore", "AttributeValues": []}])
        # A snapshot on a key named by its alias at creation is on the same key.
        self.instance_snapshot(
            self.rds, "named-snap", StorageEncrypted=True, KmsKeyId="alias/aws/rds"
        )
        with self.assertRaises(self.rds.exceptions.ClientError) as refused:
            self.share("named-snap", self.other_account())
        self.assertRefused(refused, "named-snap")

    def test_a_cluster_snapshot_on_the_aws_rds_key_cannot_be_shared(self):
        self.cluster_snapshot(self.rds, "default-csnap", StorageEncrypted=True)
        for values in ([self.other_account()], ["all"]):
            with self.subTest(values):
                with self.assertRaises(self.rds.exceptions.ClientError) as refused:
                    self.share_cluster("default-csnap", *values)
                self.assertRefused(refused, "default-csnap")
        attributes = self.rds.describe_db_cluster_snapshot_attributes(
            DBClusterSnapshotIdentifier="default-csnap"
        )["DBClusterSnapshotAttributesResult"]["DBClusterSnapshotAttributes"]
        self.assertEqual(attributes, [{"AttributeName": "restore", "AttributeValues": []}])
        removed = self.rds.modify_db_cluster_snapshot_attribute(
            DBClusterSnapshotIdentifier="default-csnap",
            AttributeName="restore",
            ValuesToRemove=[self.other_account()],
        )["DBClusterSnapshotAttributesResult"]["DBClusterSnapshotAttributes"]
        self.assertEqual(removed, [{"AttributeName": "restore", "AttributeValues": []}])

    def test_unencrypted_and_customer_key_snapshots_are_shared(self):
        customer = self.customer_key()
        other = self.other_account()
        shared = [{"AttributeName": "restore", "AttributeValues": [other]}]
        self.instance_snapshot(self.rds, "plain-snap")
        self.assertEqual(self.share("plain-snap", other), shared)
        self.instance_snapshot(
            self.rds, "customer-snap", StorageEncrypted=True, KmsKeyId=customer["Arn"]
        )
        self.assertEqual(self.share("customer-snap", other), shared)
        self.cluster_snapshot(self.rds, "plain-csnap")
        self.assertEqual(self.share_cluster("plain-csnap", other), shared)
        self.cluster_snapshot(
            self.rds, "customer-csnap", StorageEncrypted=True, KmsKeyId=customer["KeyId"]
        )
        self.assertEqual(self.share_cluster("customer-csnap", other), shared)
        # Removing works as before.
        removed = self.rds.modify_db_snapshot_attribute(
            DBSnapshotIdentifier="customer-snap", AttributeName="restore", ValuesToRemove=[other]
        )["DBSnapshotAttributesResult"]["DBSnapshotAttributes"]
        self.assertEqual(removed, [{"AttributeName": "restore", "AttributeValues": []}])

    def test_a_db_snapshot_copied_onto_a_customer_key_is_shared_and_copied_across(self):
        source = self.instance_snapshot(self.rds, "to-copy", StorageEncrypted=True)
        self.assertEqual(source["KmsKeyId"], self.rds_key()["Arn"])
        customer = self.customer_key()
        copy = self.rds.copy_db_snapshot(
            SourceDBSnapshotIdentifier="to-copy",
            TargetDBSnapshotIdentifier="on-customer-key",
            KmsKeyId=customer["KeyId"],
        )["DBSnapshot"]
        self.assertEqual((copy["KmsKeyId"], copy["Encrypted"]), (customer["Arn"], True))
        other = self.other_account()
        self.assertEqual(
            self.share("on-customer-key", other),
            [{"AttributeName": "restore", "AttributeValues": [other]}],
        )
        received = self.client("rds", account=other).copy_db_snapshot(
            SourceDBSnapshotIdentifier=copy["DBSnapshotArn"],
            TargetDBSnapshotIdentifier="received",
            KmsKeyId=self.customer_key(account=other)["KeyId"],
        )["DBSnapshot"]
        self.assertIn(f":{other}:snapshot:received", received["DBSnapshotArn"])
        # A copy without a key keeps its source's: still AWS-managed, still not shareable.
        plain_copy = self.rds.copy_db_snapshot(
            SourceDBSnapshotIdentifier="to-copy", TargetDBSnapshotIdentifier="same-key"
        )["DBSnapshot"]
        self.assertEqual(plain_copy["KmsKeyId"], source["KmsKeyId"])
        with self.assertRaises(self.rds.exceptions.ClientError) as refused:
            self.share("same-key", other)
        self.assertRefused(refused, "same-key")
        # The source is still refused too.
        with self.assertRaises(self.rds.exceptions.ClientError) as refused:
            self.share("to-copy", other)
        self.assertRefused(refused, "to-copy")

    def test_a_cluster_snapshot_copied_onto_a_customer_key_is_shared(self):
        source = self.cluster_snapshot(self.rds, "cto-copy", StorageEncrypted=True)
        self.assertEqual(source["KmsKeyId"], self.rds_key()["Arn"])
        customer = self.customer_key()
        copy = self.rds.copy_db_cluster_snapshot(
            SourceDBClusterSnapshotIdentifier="cto-copy",
            TargetDBClusterSnapshotIdentifier="con-customer-key",
            KmsKeyId=customer["Arn"],
        )["DBClusterSnapshot"]
        self.assertEqual((copy["KmsKeyId"], copy["StorageEncrypted"]), (customer["Arn"], True))
        other = self.other_account()
        self.assertEqual(
            self.share_cluster("con-customer-key", other),
            [{"AttributeName": "restore", "AttributeValues": [other]}],
        )
        received = self.client("rds", account=other).copy_db_cluster_snapshot(
            SourceDBClusterSnapshotIdentifier=copy["DBClusterSnapshotArn"],
            TargetDBClusterSnapshotIdentifier="creceived",
        )["DBClusterSnapshot"]
        self.assertIn(f":{other}:cluster-snapshot:creceived", received["DBClusterSnapshotArn"])
        plain_copy = self.rds.copy_db_cluster_snapshot(
            SourceDBClusterSnapshotIdentifier="cto-copy",
            TargetDBClusterSnapshotIdentifier="csame-key",
        )["DBClusterSnapshot"]
        self.assertEqual(plain_copy["KmsKeyId"], source["KmsKeyId"])
        with self.assertRaises(self.rds.exceptions.ClientError) as refused:
            self.share_cluster("csame-key", other)
        self.assertRefused(refused, "csame-key")

    def test_another_account_s_snapshot_on_its_aws_rds_key_cannot_be_copied_across(self):
        # Since it cannot be shared, the other account never finds it (rds-cross-account-copy).
        source = self.instance_snapshot(self.rds, "kept-home", StorageEncrypted=True)
        with self.assertRaises(self.rds.exceptions.ClientError):
            self.share("kept-home", self.other_account())
        theirs = self.client("rds", account=self.other_account())
        with self.assertRaises(theirs.exceptions.ClientError) as refused:
            theirs.copy_db_snapshot(
                SourceDBSnapshotIdentifier=source["DBSnapshotArn"],
                TargetDBSnapshotIdentifier="not-received",
            )
        self.assertEqual(refused.exception.response["Error"]["Code"], "DBSnapshotNotFound")


if __name__ == "__main__":
    unittest.main()
