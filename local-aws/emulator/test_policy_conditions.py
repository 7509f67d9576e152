"""Conditions of resource policies (policy_conditions.py): a TLS-only bucket policy lets the
emulator's requests through, a condition that holds applies, against a launcher on a free port."""

import json
import unittest

from botocore.exceptions import ClientError

from launcher_testing import LauncherTestCase


def policy(bucket, effect, secure_transport):
    return json.dumps(
        {
            "Version": "2012-10-17",
            "Statement": [
                {
                    "Effect": effect,
                    "Principal": "*",
                    "Action": "s3:*",
                    "Resource": [f"arn:aws:s3:::{bucket}", f"arn:aws:s3:::{bucket}/*"],
                    "Condition": {"Bool": {"aws:SecureTransport": secure_transport}},
                }
            ],
        }
    )


class PolicyConditionTest(LauncherTestCase):
    def setUp(self):
        super().setUp()
        self.s3 = self.client("s3")
        self.bucket = f"conditions-{self.account}"
        self.s3.create_bucket(Bucket=self.bucket)

    def test_a_tls_only_policy_lets_the_emulators_requests_through(self):
        self.s3.put_bucket_policy(Bucket=self.bucket, Policy=policy(self.bucket, "Deny", "false"))

        self.s3.put_object(Bucket=self.bucket, Key="k", Body=b"kept")

        self.assertEqual(self.s3.get_object(Bucket=self.bucket, Key="k")["Body"].read(), b"kept")

    def test_a_deny_whose_condition_holds_still_denies(self):
        self.s3.put_bucket_policy(Bucket=self.bucket, Policy=policy(self.bucket, "Deny", "true"))

        with self.assertRaises(ClientError) as refused:
            self.s3.put_object(Bucket=self.bucket, Key="k", Body=b"refused")

        self.assertEqual(refused.exception.response["ResponseMetadata"]["HTTPStatusCode"], 403)


if __name__ == "__main__":
    unittest.main()
