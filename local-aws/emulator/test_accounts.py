"""A 12-digit numeric access key is the account (accounts.py), against a launcher on a free
port."""

from launcher_testing import REGION, LauncherTestCase

DEFAULT_ACCOUNT = "123456789012"


class AccountsTest(LauncherTestCase):
    def other_account(self):
        return f"{int(self.account) + 500000:012d}"

    def test_rds_resources_live_in_the_key_s_account(self):
        rds = self.client("rds")
        rds.create_db_instance(
            DBInstanceIdentifier="accounts-db",
            Engine="postgres",
            DBInstanceClass="db.t3.micro",
            AllocatedStorage=20,
            MasterUsername="admin",
            MasterUserPassword="not-a-real-password",
        )
        [db] = rds.describe_db_instances()["DBInstances"]
        self.assertEqual(db["DBInstanceArn"], f"arn:aws:rds:{REGION}:{self.account}:db:accounts-db")
        other = self.client("rds", account=self.other_account())
        self.assertEqual(other.describe_db_instances()["DBInstances"], [])
        self.assertEqual(other.describe_db_snapshots()["DBSnapshots"], [])

    def test_sqs_queues_live_in_the_key_s_account(self):
        sqs = self.client("sqs")
        url = sqs.create_queue(QueueName="accounts-queue")["QueueUrl"]
        self.assertTrue(url.endswith(f"/{self.account}/accounts-queue"), url)
        arn = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["QueueArn"])["Attributes"]
        self.assertEqual(arn["QueueArn"], f"arn:aws:sqs:{REGION}:{self.account}:accounts-queue")
        other = self.client("sqs", account=self.other_account())
        self.assertNotIn("QueueUrls", other.list_queues())

    def test_dynamodb_tables_live_in_the_key_s_account(self):
        dynamodb = self.client("dynamodb")
        table = dynamodb.create_table(
            TableName="accounts-table",
            KeySchema=[{"AttributeName": "k", "KeyType": "HASH"}],
            AttributeDefinitions=[{"AttributeName": "k", "AttributeType": "S"}],
            BillingMode="PAY_PER_REQUEST",
        )["TableDescription"]
        self.assertEqual(
            table["TableArn"], f"arn:aws:dynamodb:{REGION}:{self.account}:table/accounts-table"
        )
        self.assertEqual(dynamodb.list_tables()["TableNames"], ["accounts-table"])
        other = self.client("dynamodb", account=self.other_account())
        self.assertEqual(other.list_tables()["TableNames"], [])

    def test_sts_reports_the_account_and_other_keys_keep_the_default(self):
        self.assertEqual(self.client("sts").get_caller_identity()["Account"], self.account)
        for key in ("test", "AKIAIOSFODNN7EXAMPLE", "12345"):
            with self.subTest(key):
                sts = self.client("sts", account=key)
                self.assertEqual(sts.get_caller_identity()["Account"], DEFAULT_ACCOUNT)
