"""CloudFormation types and properties moto lacked (cloudformation_resources.py): each test deploys
a small template with CreateStack through boto3 against a launcher on a free port and reads the
effect back through the services' own APIs; UpdateStack and DeleteStack likewise."""

import json
import unittest

from botocore.exceptions import ClientError

from launcher_testing import REGION, LauncherTestCase, wait_until


def template(resources, outputs=None):
    body = {"AWSTemplateFormatVersion": "2010-09-09", "Resources": resources}
    if outputs:
        body["Outputs"] = outputs
    return json.dumps(body)


def queue(name):
    return {"Type": "AWS::SQS::Queue", "Properties": {"QueueName": name}}


def sqs_policy(queue_logical_id, principal="sns.amazonaws.com"):
    return {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Sid": "allow",
                "Effect": "Allow",
                "Principal": {"Service": principal},
                "Action": "sqs:SendMessage",
                "Resource": {"Fn::GetAtt": [queue_logical_id, "Arn"]},
            }
        ],
    }


class CloudFormationResourcesTest(LauncherTestCase):
    def setUp(self):
        super().setUp()
        self.cfn = self.client("cloudformation")

    def deploy(self, name, body):
        """CreateStack; the stack's resources {logical id: (type, physical id)}, all created."""
        self.cfn.create_stack(StackName=name, TemplateBody=body)
        return self.resources(name, "CREATE_COMPLETE")

    def update(self, name, body):
        self.cfn.update_stack(StackName=name, TemplateBody=body)
        return self.resources(name, "UPDATE_COMPLETE")

    def resources(self, name, status):
        stack = self.cfn.describe_stacks(StackName=name)["Stacks"][0]
        self.assertEqual(stack["StackStatus"], status)
        summaries = self.cfn.list_stack_resources(StackName=name)["StackResourceSummaries"]
        resources = {
            r["LogicalResourceId"]: (r["ResourceType"], r["PhysicalResourceId"]) for r in summaries
        }
        self.assertNotIn("", resources, "a resource was skipped")
        return resources

    def delete(self, name):
        self.cfn.delete_stack(StackName=name)

    def outputs(self, name):
        stack = self.cfn.describe_stacks(StackName=name)["Stacks"][0]
        return {o["OutputKey"]: o["OutputValue"] for o in stack.get("Outputs", [])}

    def assert_code(self, code, call, **kwargs):
        with self.assertRaises(ClientError) as raised:
            call(**kwargs)
        self.assertEqual(raised.exception.response["Error"]["Code"], code)

    # --- SQS QueuePolicy ----------------------------------------------------------------------

    def test_queue_policy_sets_each_queue_policy_and_removing_it_clears_them(self):
        sqs = self.client("sqs")
        self.deploy(
            "queues",
            template(
                {
                    "Jobs": queue("jobs"),
                    "Dlq": queue("jobs-dlq"),
                    "Policy": {
                        "Type": "AWS::SQS::QueuePolicy",
                        "Properties": {
                            "Queues": [{"Ref": "Jobs"}, {"Ref": "Dlq"}],
                            "PolicyDocument": sqs_policy("Jobs", "events.amazonaws.com"),
                        },
                    },
                }
            ),
        )
        for name in ("jobs", "jobs-dlq"):
            url = sqs.get_queue_url(QueueName=name)["QueueUrl"]
            policy = json.loads(
                sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["Policy"])["Attributes"][
                    "Policy"
                ]
            )
            statement = policy["Statement"][0]
            self.assertEqual(statement["Principal"], {"Service": "events.amazonaws.com"})
            self.assertEqual(
                statement["Resource"], f"arn:aws:sqs:{REGION}:{self.account}:jobs"
            )
        # Setting another attribute keeps it (moto reset the policy).
        url = sqs.get_queue_url(QueueName="jobs")["QueueUrl"]
        sqs.set_queue_attributes(QueueUrl=url, Attributes={"VisibilityTimeout": "45"})
        self.assertIn(
            "Policy", sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["Policy"])["Attributes"]
        )
        # The policy alone goes; the queues are the stack's too, so delete it through an update.
        self.update("queues", template({"Jobs": queue("jobs"), "Dlq": queue("jobs-dlq")}))
        url = sqs.get_queue_url(QueueName="jobs")["QueueUrl"]
        attributes = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["Policy"])
        self.assertNotIn("Policy", attributes.get("Attributes", {}))

    # --- SNS Subscription and TopicPolicy -----------------------------------------------------

    def test_subscription_filters_and_delivers_raw_messages_and_topic_policy_applies(self):
        sns, sqs = self.client("sns"), self.client("sqs")
        resources = self.deploy(
            "alerts",
            template(
                {
                    "Topic": {"Type": "AWS::SNS::Topic", "Properties": {"TopicName": "alerts"}},
                    "Tail": queue("alerts-tail"),
                    "TailPolicy": {
                        "Type": "AWS::SQS::QueuePolicy",
                        "Properties": {
                            "Queues": [{"Ref": "Tail"}],
                            "PolicyDocument": sqs_policy("Tail"),
                        },
                    },
                    "Subscription": {
                        "Type": "AWS::SNS::Subscription",
                        "Properties": {
                            "TopicArn": {"Ref": "Topic"},
                            "Protocol": "sqs",
                            "Endpoint": {"Fn::GetAtt": ["Tail", "Arn"]},
                            "RawMessageDelivery": True,
                            "FilterPolicy": {"severity": ["alert"]},
                        },
                    },
                    "Mail": {
                        "Type": "AWS::SNS::Subscription",
                        "Properties": {
                            "TopicArn": {"Ref": "Topic"},
                            "Protocol": "email",
                            "Endpoint": "ops@example.com",
                        },
                    },
                    "TopicPolicy": {
                        "Type": "AWS::SNS::TopicPolicy",
                        "Properties": {
                            "Topics": [{"Ref": "Topic"}],
                            "PolicyDocument": {
                                "Version": "2012-10-17",
                                "Statement": [
                                    {
                                        "Sid": "cloudwatch",
                                        "Effect": "Allow",
                                        "Principal": {"Service": "cloudwatch.amazonaws.com"},
                                        "Action": "sns:Publish",
                                        "Resource": {"Ref": "Topic"},
                                    }
                                ],
                            },
                        },
                    },
                },
                {"SubscriptionArn": {"Value": {"Fn::GetAtt": ["Subscription", "Arn"]}}},
            ),
        )
        topic_arn = f"arn:aws:sns:{REGION}:{self.account}:alerts"
        subscriptions = sns.list_subscriptions_by_topic(TopicArn=topic_arn)["Subscriptions"]
        self.assertEqual(
            sorted((s["Protocol"], s["Endpoint"]) for s in subscriptions),
            [
                ("email", "ops@example.com"),
                ("sqs", f"arn:aws:sqs:{REGION}:{self.account}:alerts-tail"),
            ],
        )
        sqs_arn = resources["Subscription"][1]
        self.assertEqual(self.outputs("alerts")["SubscriptionArn"], sqs_arn)
        attributes = sns.get_subscription_attributes(SubscriptionArn=sqs_arn)["Attributes"]
        self.assertEqual(attributes["RawMessageDelivery"], "true")
        self.assertEqual(json.loads(attributes["FilterPolicy"]), {"severity": ["alert"]})

        for severity in ("info", "alert"):
            sns.publish(
                TopicArn=topic_arn,
                Message=f"a {severity}",
                MessageAttributes={"severity": {"DataType": "String", "StringValue": severity}},
            )
        url = sqs.get_queue_url(QueueName="alerts-tail")["QueueUrl"]
        messages = sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=10).get("Messages", [])
        self.assertEqual([m["Body"] for m in messages], ["a alert"])  # raw, filtered

        policy = json.loads(sns.get_topic_attributes(TopicArn=topic_arn)["Attributes"]["Policy"])
        self.assertEqual([s["Sid"] for s in policy["Statement"]], ["cloudwatch"])

        # Without the subscriptions and the topic policy: unsubscribed, the default policy back.
        self.update(
            "alerts",
            template(
                {
                    "Topic": {"Type": "AWS::SNS::Topic", "Properties": {"TopicName": "alerts"}},
                    "Tail": queue("alerts-tail"),
                }
            ),
        )
        self.assertEqual(sns.list_subscriptions_by_topic(TopicArn=topic_arn)["Subscriptions"], [])
        policy = json.loads(sns.get_topic_attributes(TopicArn=topic_arn)["Attributes"]["Policy"])
        self.assertEqual([s["Sid"] for s in policy["Statement"]], ["__default_statement_ID"])

    # --- EventBridge EventBus (Ref, Policy) and EventBusPolicy --------------------------------

    def test_event_bus_ref_is_its_name_and_bus_policies_apply(self):
        events, sqs = self.client("events"), self.client("sqs")
        other = "210987654321"
        resources = self.deploy(
            "bus",
            template(
                {
                    "Bus": {
                        "Type": "AWS::Events::EventBus",
                        "Properties": {
                            "Name": "snaplife",
                            "Description": "Snaplife's lifecycle events",
                            "Policy": {
                                "Version": "2012-10-17",
                                "Statement": [
                                    {
                                        "Sid": "own",
                                        "Effect": "Allow",
                                        "Principal": {"AWS": f"arn:aws:iam::{self.account}:root"},
                                        "Action": "events:PutEvents",
                                        "Resource": f"arn:aws:events:{REGION}:{self.account}:event-bus/snaplife",
                                    }
                                ],
                            },
                        },
                    },
                    "Target": queue("bus-target"),
                    "Rule": {
                        "Type": "AWS::Events::Rule",
                        "Properties": {
                            "Name": "orders",
                            "EventBusName": {"Ref": "Bus"},
                            "EventPattern": {"source": ["snaplife.orders"]},
                            "Targets": [{"Id": "q", "Arn": {"Fn::GetAtt": ["Target", "Arn"]}}],
                        },
                    },
                    "FromOther": {
                        "Type": "AWS::Events::EventBusPolicy",
                        "Properties": {
                            "EventBusName": {"Ref": "Bus"},
                            "StatementId": "from-other",
                            "Action": "events:PutEvents",
                            "Principal": other,
                        },
                    },
                    "FromOrg": {
                        "Type": "AWS::Events::EventBusPolicy",
                        "Properties": {
                            "EventBusName": {"Ref": "Bus"},
                            "StatementId": "from-org",
                            "Statement": {
                                "Effect": "Allow",
                                "Principal": "*",
                                "Action": "events:PutEvents",
                                "Resource": {"Fn::GetAtt": ["Bus", "Arn"]},
                                "Condition": {
                                    "StringEquals": {"aws:PrincipalOrgID": "o-snaplife"}
                                },
                            },
                        },
                    },
                }
            ),
        )
        self.assertEqual(resources["Bus"][1], "snaplife")
        self.assertEqual(
            events.describe_event_bus(Name="snaplife")["Description"], "Snaplife's lifecycle events"
        )
        self.assertEqual(events.list_rules(EventBusName="snaplife")["Rules"][0]["Name"], "orders")
        policy = json.loads(events.describe_event_bus(Name="snaplife")["Policy"])
        statements = {s["Sid"]: s for s in policy["Statement"]}
        self.assertEqual(set(statements), {"own", "from-other", "from-org"})
        self.assertEqual(
            statements["from-other"]["Principal"], {"AWS": f"arn:aws:iam::{other}:root"}
        )
        self.assertEqual(
            statements["from-org"]["Condition"],
            {"StringEquals": {"aws:PrincipalOrgID": "o-snaplife"}},
        )
        # The rule on the bus named by Ref delivers.
        events.put_events(
            Entries=[
                {
                    "EventBusName": "snaplife",
                    "Source": "snaplife.orders",
                    "DetailType": "OrderPlaced",
                    "Detail": "{}",
                }
            ]
        )
        url = sqs.get_queue_url(QueueName="bus-target")["QueueUrl"]
        wait_until(lambda: sqs.receive_message(QueueUrl=url).get("Messages"))

        # An update of the bus's Policy keeps the bus, its rule and the other statements.
        body = json.loads(json.dumps(self.cfn.get_template(StackName="bus")["TemplateBody"]))
        body["Resources"]["Bus"]["Properties"]["Policy"]["Statement"][0]["Sid"] = "own-v2"
        self.update("bus", json.dumps(body))
        policy = json.loads(events.describe_event_bus(Name="snaplife")["Policy"])
        self.assertEqual(
            {s["Sid"] for s in policy["Statement"]}, {"own-v2", "from-other", "from-org"}
        )
        self.assertEqual(events.list_rules(EventBusName="snaplife")["Rules"][0]["Name"], "orders")

        self.delete("bus")
        self.assert_code(
            "ResourceNotFoundException", events.describe_event_bus, Name="snaplife"
        )

    def test_event_bus_policy_on_the_default_bus_goes_with_its_stack(self):
        events = self.client("events")
        self.deploy(
            "default-bus",
            template(
                {
                    "Permission": {
                        "Type": "AWS::Events::EventBusPolicy",
                        "Properties": {
                            "StatementId": "dr-account",
                            "Action": "events:PutEvents",
                            "Principal": "210987654321",
                        },
                    }
                }
            ),
        )
        policy = json.loads(events.describe_event_bus()["Policy"])
        self.assertEqual([s["Sid"] for s in policy["Statement"]], ["dr-account"])
        self.delete("default-bus")
        self.assertNotIn("Policy", events.describe_event_bus())

    # --- S3 Bucket properties and BucketPolicy ------------------------------------------------

    def test_bucket_properties_and_bucket_policy(self):
        s3 = self.client("s3")
        bucket = f"snaplife-exports-{self.account}"
        self.deploy(
            "bucket",
            template(
                {
                    "Bucket": {
                        "Type": "AWS::S3::Bucket",
                        "Properties": {
                            "BucketName": bucket,
                            "VersioningConfiguration": {"Status": "Enabled"},
                            "OwnershipControls": {
                                "Rules": [{"ObjectOwnership": "BucketOwnerEnforced"}]
                            },
                            "BucketEncryption": {
                                "ServerSideEncryptionConfiguration": [
                                    {
                                        "ServerSideEncryptionByDefault": {
                                            "SSEAlgorithm": "aws:kms",
                                            "KMSMasterKeyID": "alias/aws/s3",
                                        },
                                        "BucketKeyEnabled": True,
                                    }
                                ]
                            },
                            "PublicAccessBlockConfiguration": {
                                "BlockPublicAcls": True,
                                "BlockPublicPolicy": True,
                                "IgnorePublicAcls": True,
                                "RestrictPublicBuckets": True,
                            },
                            "LifecycleConfiguration": {
                                "Rules": [
                                    {
                                        "Id": "exports",
                                        "Status": "Enabled",
                                        "Prefix": "exports/",
                                        "ExpirationInDays": 30,
                                        "NoncurrentVersionExpiration": {"NoncurrentDays": 7},
                                        "AbortIncompleteMultipartUpload": {
                                            "DaysAfterInitiation": 1
                                        },
                                        "Transitions": [
                                            {"StorageClass": "STANDARD_IA", "TransitionInDays": 10}
                                        ],
                                    },
                                    {
                                        "Id": "tmp",
                                        "Status": "Enabled",
                                        "TagFilters": [{"Key": "kind", "Value": "tmp"}],
                                        "ExpirationInDays": 1,
                                    },
                                ]
                            },
                        },
                    },
                    "Policy": {
                        "Type": "AWS::S3::BucketPolicy",
                        "Properties": {
                            "Bucket": {"Ref": "Bucket"},
                            "PolicyDocument": {
                                "Version": "2012-10-17",
                                "Statement": [
                                    {
                                        "Sid": "TlsOnly",
                                        "Effect": "Deny",
                                        "Principal": "*",
                                        "Action": "s3:*",
                                        "Resource": [
                                            {"Fn::GetAtt": ["Bucket", "Arn"]},
                                            {"Fn::Sub": "${Bucket.Arn}/*"},
                                        ],
                                        "Condition": {"Bool": {"aws:SecureTransport": "false"}},
                                    }
                                ],
                            },
                        },
                    },
                }
            ),
        )
        self.assertEqual(s3.get_bucket_versioning(Bucket=bucket)["Status"], "Enabled")
        self.assertEqual(
            s3.get_bucket_ownership_controls(Bucket=bucket)["OwnershipControls"]["Rules"],
            [{"ObjectOwnership": "BucketOwnerEnforced"}],
        )
        block = s3.get_public_access_block(Bucket=bucket)["PublicAccessBlockConfiguration"]
        self.assertEqual(set(block.values()), {True})
        self.assertEqual(len(block), 4)
        rule = s3.get_bucket_encryption(Bucket=bucket)["ServerSideEncryptionConfiguration"][
            "Rules"
        ][0]
        self.assertTrue(rule["BucketKeyEnabled"])
        self.assertEqual(rule["ApplyServerSideEncryptionByDefault"]["SSEAlgorithm"], "aws:kms")
        rules = {
            r["ID"]: r for r in s3.get_bucket_lifecycle_configuration(Bucket=bucket)["Rules"]
        }
        exports = rules["exports"]
        self.assertEqual(exports["Filter"], {"Prefix": "exports/"})
        self.assertEqual(exports["Expiration"]["Days"], 30)
        self.assertEqual(exports["NoncurrentVersionExpiration"]["NoncurrentDays"], 7)
        self.assertEqual(exports["AbortIncompleteMultipartUpload"]["DaysAfterInitiation"], 1)
        self.assertEqual(
            exports["Transitions"], [{"Days": 10, "StorageClass": "STANDARD_IA"}]
        )
        self.assertEqual(rules["tmp"]["Filter"], {"Tag": {"Key": "kind", "Value": "tmp"}})
        policy = json.loads(s3.get_bucket_policy(Bucket=bucket)["Policy"])
        self.assertEqual(policy["Statement"][0]["Sid"], "TlsOnly")
        self.assertEqual(
            policy["Statement"][0]["Resource"],
            [f"arn:aws:s3:::{bucket}", f"arn:aws:s3:::{bucket}/*"],
        )

        # Updated without the policy, lifecycle and public access block: they go.
        self.update(
            "bucket",
            template(
                {
                    "Bucket": {
                        "Type": "AWS::S3::Bucket",
                        "Properties": {
                            "BucketName": bucket,
                            "VersioningConfiguration": {"Status": "Suspended"},
                        },
                    }
                }
            ),
        )
        self.assertEqual(s3.get_bucket_versioning(Bucket=bucket)["Status"], "Suspended")
        self.assert_code("NoSuchBucketPolicy", s3.get_bucket_policy, Bucket=bucket)
        self.assert_code(
            "NoSuchLifecycleConfiguration", s3.get_bucket_lifecycle_configuration, Bucket=bucket
        )
        self.assert_code(
            "NoSuchPublicAccessBlockConfiguration", s3.get_public_access_block, Bucket=bucket
        )
        self.assert_code(
            "OwnershipControlsNotFoundError", s3.get_bucket_ownership_controls, Bucket=bucket
        )

    def test_bucket_object_lock(self):
        s3 = self.client("s3")
        bucket = f"snaplife-locked-{self.account}"
        self.deploy(
            "locked",
            template(
                {
                    "Bucket": {
                        "Type": "AWS::S3::Bucket",
                        "Properties": {
                            "BucketName": bucket,
                            "ObjectLockEnabled": True,
                            "VersioningConfiguration": {"Status": "Enabled"},
                            "ObjectLockConfiguration": {
                                "ObjectLockEnabled": "Enabled",
                                "Rule": {"DefaultRetention": {"Mode": "GOVERNANCE", "Days": 3}},
                            },
                        },
                    }
                }
            ),
        )
        configuration = s3.get_object_lock_configuration(Bucket=bucket)[
            "ObjectLockConfiguration"
        ]
        self.assertEqual(configuration["ObjectLockEnabled"], "Enabled")
        self.assertEqual(
            configuration["Rule"]["DefaultRetention"], {"Mode": "GOVERNANCE", "Days": 3}
        )

    # --- Scheduler ----------------------------------------------------------------------------

    def test_schedule_group_and_schedule_are_created_fired_and_deleted(self):
        scheduler, sqs = self.client("scheduler"), self.client("sqs")
        self.deploy(
            "schedules",
            template(
                {
                    "Group": {
                        "Type": "AWS::Scheduler::ScheduleGroup",
                        "Properties": {"Name": "snaplife"},
                    },
                    "Target": queue("nightly"),
                    "Nightly": {
                        "Type": "AWS::Scheduler::Schedule",
                        "Properties": {
                            "Name": "nightly-export",
                            "GroupName": {"Ref": "Group"},
                            "ScheduleExpression": "cron(0 3 * * ? *)",
                            "ScheduleExpressionTimezone": "Europe/Paris",
                            "FlexibleTimeWindow": {"Mode": "FLEXIBLE", "MaximumWindowInMinutes": 15},
                            "State": "ENABLED",
                            "Target": {
                                "Arn": {"Fn::GetAtt": ["Target", "Arn"]},
                                "RoleArn": {"Fn::Sub": "arn:aws:iam::${AWS::AccountId}:role/scheduler"},
                                "Input": "{\"job\": \"export\"}",
                            },
                        },
                    },
                },
                {
                    "GroupArn": {"Value": {"Fn::GetAtt": ["Group", "Arn"]}},
                    "ScheduleArn": {"Value": {"Fn::GetAtt": ["Nightly", "Arn"]}},
                },
            ),
        )
        schedule = scheduler.get_schedule(Name="nightly-export", GroupName="snaplife")
        self.assertEqual(schedule["ScheduleExpression"], "cron(0 3 * * ? *)")
        self.assertEqual(schedule["ScheduleExpressionTimezone"], "Europe/Paris")
        self.assertEqual(
            schedule["FlexibleTimeWindow"], {"Mode": "FLEXIBLE", "MaximumWindowInMinutes": 15}
        )
        self.assertEqual(schedule["State"], "ENABLED")
        self.assertEqual(schedule["Target"]["Input"], '{"job": "export"}')
        self.assertEqual(
            schedule["Target"]["RoleArn"], f"arn:aws:iam::{self.account}:role/scheduler"
        )
        outputs = self.outputs("schedules")
        self.assertEqual(outputs["ScheduleArn"], schedule["Arn"])
        self.assertEqual(
            outputs["GroupArn"], scheduler.get_schedule_group(Name="snaplife")["Arn"]
        )

        # The launcher's scheduler fires it.
        firing = self.api(
            "POST",
            "scheduler/fire",
            {"name": "nightly-export", "group": "snaplife", "accountId": self.account, "region": REGION},
        )
        self.assertIsNone(firing["error"])
        url = sqs.get_queue_url(QueueName="nightly")["QueueUrl"]
        messages = sqs.receive_message(QueueUrl=url).get("Messages", [])
        self.assertEqual([m["Body"] for m in messages], ['{"job": "export"}'])

        # UpdateStack changes it in place.
        body = json.loads(json.dumps(self.cfn.get_template(StackName="schedules")["TemplateBody"]))
        nightly = body["Resources"]["Nightly"]["Properties"]
        nightly["State"] = "DISABLED"
        nightly["ScheduleExpression"] = "cron(30 2 * * ? *)"
        self.update("schedules", json.dumps(body))
        schedule = scheduler.get_schedule(Name="nightly-export", GroupName="snaplife")
        self.assertEqual(schedule["State"], "DISABLED")
        self.assertEqual(schedule["ScheduleExpression"], "cron(30 2 * * ? *)")

        self.delete("schedules")
        self.assert_code(
            "ResourceNotFoundException",
            scheduler.get_schedule,
            Name="nightly-export",
            GroupName="snaplife",
        )
        self.assert_code("ResourceNotFoundException", scheduler.get_schedule_group, Name="snaplife")

    # --- CloudWatch Alarm ---------------------------------------------------------------------

    def test_alarms_are_described_and_evaluated(self):
        cloudwatch, sqs, sns = self.client("cloudwatch"), self.client("sqs"), self.client("sns")
        self.deploy(
            "alarms",
            template(
                {
                    "Topic": {"Type": "AWS::SNS::Topic", "Properties": {"TopicName": "alarms"}},
                    "Watched": queue("watched"),
                    "Tail": queue("alarm-tail"),
                    "TailSubscription": {
                        "Type": "AWS::SNS::Subscription",
                        "Properties": {
                            "TopicArn": {"Ref": "Topic"},
                            "Protocol": "sqs",
                            "Endpoint": {"Fn::GetAtt": ["Tail", "Arn"]},
                        },
                    },
                    "Backlog": {
                        "Type": "AWS::CloudWatch::Alarm",
                        "Properties": {
                            "AlarmName": "watched-backlog",
                            "AlarmDescription": "messages waiting",
                            "Namespace": "AWS/SQS",
                            "MetricName": "ApproximateNumberOfMessagesVisible",
                            "Dimensions": [
                                {"Name": "QueueName", "Value": {"Fn::GetAtt": ["Watched", "QueueName"]}}
                            ],
                            "Statistic": "Maximum",
                            "Period": 60,
                            "EvaluationPeriods": 1,
                            "Threshold": 0,
                            "ComparisonOperator": "GreaterThanThreshold",
                            "TreatMissingData": "notBreaching",
                            "AlarmActions": [{"Ref": "Topic"}],
                            "OKActions": [{"Ref": "Topic"}],
                        },
                    },
                    "Math": {
                        "Type": "AWS::CloudWatch::Alarm",
                        "Properties": {
                            "AlarmName": "backlog-per-task",
                            "ComparisonOperator": "GreaterThanOrEqualToThreshold",
                            "EvaluationPeriods": 3,
                            "DatapointsToAlarm": 2,
                            "Threshold": 100,
                            "Metrics": [
                                {
                                    "Id": "visible",
                                    "ReturnData": False,
                                    "MetricStat": {
                                        "Metric": {
                                            "Namespace": "AWS/SQS",
                                            "MetricName": "ApproximateNumberOfMessagesVisible",
                                            "Dimensions": [{"Name": "QueueName", "Value": "watched"}],
                                        },
                                        "Period": 60,
                                        "Stat": "Sum",
                                    },
                                },
                                {
                                    "Id": "perTask",
                                    "Expression": "visible / 2",
                                    "Label": "backlog per task",
                                    "ReturnData": True,
                                },
                            ],
                        },
                    },
                },
                {"AlarmArn": {"Value": {"Fn::GetAtt": ["Backlog", "Arn"]}}},
            ),
        )
        alarms = {
            a["AlarmName"]: a
            for a in cloudwatch.describe_alarms(AlarmNames=["watched-backlog", "backlog-per-task"])[
                "MetricAlarms"
            ]
        }
        backlog = alarms["watched-backlog"]
        topic_arn = f"arn:aws:sns:{REGION}:{self.account}:alarms"
        self.assertEqual(backlog["Dimensions"], [{"Name": "QueueName", "Value": "watched"}])
        self.assertEqual(backlog["AlarmActions"], [topic_arn])
        self.assertEqual(backlog["OKActions"], [topic_arn])
        self.assertEqual(backlog["TreatMissingData"], "notBreaching")
        self.assertEqual(backlog["Threshold"], 0.0)
        self.assertEqual(backlog["AlarmArn"], self.outputs("alarms")["AlarmArn"])
        math = alarms["backlog-per-task"]
        self.assertEqual([m["Id"] for m in math["Metrics"]], ["visible", "perTask"])
        self.assertEqual(math["Metrics"][1]["Expression"], "visible / 2")
        self.assertEqual(
            math["Metrics"][0]["MetricStat"]["Metric"]["Dimensions"],
            [{"Name": "QueueName", "Value": "watched"}],
        )
        self.assertEqual(math["DatapointsToAlarm"], 2)

        # The launcher evaluates it: a message in the queue sets it off, and the topic hears it.
        watched = sqs.get_queue_url(QueueName="watched")["QueueUrl"]
        sqs.send_message(QueueUrl=watched, MessageBody="work")
        changes = self.api("POST", "alarms/evaluate")["transitions"]
        mine = [c for c in changes if c["alarmArn"] == backlog["AlarmArn"]]
        self.assertEqual([(c["oldState"], c["newState"]) for c in mine], [("OK", "ALARM")])
        self.assertEqual(mine[0]["notified"], [topic_arn])
        tail = sqs.get_queue_url(QueueName="alarm-tail")["QueueUrl"]
        message = json.loads(sqs.receive_message(QueueUrl=tail)["Messages"][0]["Body"])
        self.assertEqual(json.loads(message["Message"])["NewStateValue"], "ALARM")

        self.delete("alarms")
        self.assertEqual(
            cloudwatch.describe_alarms(AlarmNames=["watched-backlog", "backlog-per-task"])[
                "MetricAlarms"
            ],
            [],
        )
        self.assertEqual(sns.list_subscriptions()["Subscriptions"], [])

    # --- Application Auto Scaling -------------------------------------------------------------

    def test_scalable_target_and_scaling_policies(self):
        autoscaling = self.client("application-autoscaling")
        resource_id = "service/snaplife/worker"
        backlog_metrics = [
            {
                "Id": "visible",
                "ReturnData": False,
                "MetricStat": {
                    "Metric": {
                        "Namespace": "AWS/SQS",
                        "MetricName": "ApproximateNumberOfMessagesVisible",
                        "Dimensions": [{"Name": "QueueName", "Value": "jobs"}],
                    },
                    "Stat": "Sum",
                },
            },
            {
                "Id": "tasks",
                "ReturnData": False,
                "MetricStat": {
                    "Metric": {
                        "Namespace": "ECS/ContainerInsights",
                        "MetricName": "RunningTaskCount",
                        "Dimensions": [
                            {"Name": "ClusterName", "Value": "snaplife"},
                            {"Name": "ServiceName", "Value": "worker"},
                        ],
                    },
                    "Stat": "Average",
                },
            },
            {
                "Id": "perTask",
                "Expression": "visible / IF(tasks > 0, tasks, 1)",
                "Label": "backlog per task",
                "ReturnData": True,
            },
        ]
        resources = self.deploy(
            "scaling",
            template(
                {
                    "Cluster": {
                        "Type": "AWS::ECS::Cluster",
                        "Properties": {"ClusterName": "snaplife"},
                    },
                    "TaskDefinition": {
                        "Type": "AWS::ECS::TaskDefinition",
                        "Properties": {
                            "Family": "worker",
                            "ContainerDefinitions": [
                                {"Name": "worker", "Image": "worker:latest", "Memory": 512}
                            ],
                        },
                    },
                    "Service": {
                        "Type": "AWS::ECS::Service",
                        "Properties": {
                            "ServiceName": "worker",
                            "Cluster": {"Ref": "Cluster"},
                            "TaskDefinition": {"Ref": "TaskDefinition"},
                            "DesiredCount": 0,
                        },
                    },
                    "Target": {
                        "Type": "AWS::ApplicationAutoScaling::ScalableTarget",
                        "DependsOn": "Service",
                        "Properties": {
                            "ServiceNamespace": "ecs",
                            "ResourceId": resource_id,
                            "ScalableDimension": "ecs:service:DesiredCount",
                            "MinCapacity": 0,
                            "MaxCapacity": 4,
                            "RoleARN": {
                                "Fn::Sub": "arn:aws:iam::${AWS::AccountId}:role/aws-service-role/ecs.application-autoscaling.amazonaws.com/AWSServiceRoleForApplicationAutoScaling_ECSService"
                            },
                        },
                    },
                    "Backlog": {
                        "Type": "AWS::ApplicationAutoScaling::ScalingPolicy",
                        "Properties": {
                            "PolicyName": "backlog-per-task",
                            "PolicyType": "TargetTrackingScaling",
                            "ScalingTargetId": {"Ref": "Target"},
                            "TargetTrackingScalingPolicyConfiguration": {
                                "TargetValue": 10,
                                "ScaleInCooldown": 120,
                                "ScaleOutCooldown": 30,
                                "CustomizedMetricSpecification": {"Metrics": backlog_metrics},
                            },
                        },
                    },
                    "Step": {
                        "Type": "AWS::ApplicationAutoScaling::ScalingPolicy",
                        "DependsOn": "Target",
                        "Properties": {
                            "PolicyName": "step",
                            "PolicyType": "StepScaling",
                            "ServiceNamespace": "ecs",
                            "ResourceId": resource_id,
                            "ScalableDimension": "ecs:service:DesiredCount",
                            "StepScalingPolicyConfiguration": {
                                "AdjustmentType": "ChangeInCapacity",
                                "Cooldown": 60,
                                "StepAdjustments": [
                                    {"MetricIntervalLowerBound": 0, "ScalingAdjustment": 1}
                                ],
                            },
                        },
                    },
                },
                {"PolicyArn": {"Value": {"Ref": "Backlog"}}},
            ),
        )
        self.assertEqual(
            resources["Target"][1], f"{resource_id}|ecs:service:DesiredCount|ecs"
        )
        [target] = autoscaling.describe_scalable_targets(ServiceNamespace="ecs")["ScalableTargets"]
        self.assertEqual(target["ResourceId"], resource_id)
        self.assertEqual((target["MinCapacity"], target["MaxCapacity"]), (0, 4))
        policies = {
            p["PolicyName"]: p
            for p in autoscaling.describe_scaling_policies(ServiceNamespace="ecs")["ScalingPolicies"]
        }
        self.assertEqual(set(policies), {"backlog-per-task", "step"})
        tracking = policies["backlog-per-task"]
        self.assertEqual(tracking["PolicyARN"], self.outputs("scaling")["PolicyArn"])
        configuration = tracking["TargetTrackingScalingPolicyConfiguration"]
        self.assertEqual(configuration["TargetValue"], 10.0)
        self.assertEqual(
            configuration["CustomizedMetricSpecification"]["Metrics"][2]["Expression"],
            "visible / IF(tasks > 0, tasks, 1)",
        )
        self.assertEqual(
            [m["Id"] for m in configuration["CustomizedMetricSpecification"]["Metrics"]],
            ["visible", "tasks", "perTask"],
        )
        self.assertEqual(
            policies["step"]["StepScalingPolicyConfiguration"]["StepAdjustments"],
            [{"MetricIntervalLowerBound": 0.0, "ScalingAdjustment": 1}],
        )

        self.delete("scaling")
        self.assertEqual(
            autoscaling.describe_scalable_targets(ServiceNamespace="ecs")["ScalableTargets"], []
        )
        self.assertEqual(
            autoscaling.describe_scaling_policies(ServiceNamespace="ecs")["ScalingPolicies"], []
        )

    # --- DynamoDB Table -----------------------------------------------------------------------

    def test_table_point_in_time_recovery_ttl_and_sse(self):
        dynamodb = self.client("dynamodb")
        table = {
            "Type": "AWS::DynamoDB::Table",
            "Properties": {
                "TableName": "instances",
                "BillingMode": "PAY_PER_REQUEST",
                "AttributeDefinitions": [{"AttributeName": "id", "AttributeType": "S"}],
                "KeySchema": [{"AttributeName": "id", "KeyType": "HASH"}],
                "PointInTimeRecoverySpecification": {"PointInTimeRecoveryEnabled": True},
                "TimeToLiveSpecification": {"AttributeName": "expiresAt", "Enabled": True},
                "SSESpecification": {
                    "SSEEnabled": True,
                    "SSEType": "KMS",
                    "KMSMasterKeyId": {"Ref": "Key"},
                },
            },
        }
        key = {"Type": "AWS::KMS::Key", "Properties": {"Description": "tables"}}
        resources = self.deploy("table", template({"Key": key, "Table": table}))
        key_arn = f"arn:aws:kms:{REGION}:{self.account}:key/{resources['Key'][1]}"
        backups = dynamodb.describe_continuous_backups(TableName="instances")
        self.assertEqual(
            backups["ContinuousBackupsDescription"]["PointInTimeRecoveryDescription"][
                "PointInTimeRecoveryStatus"
            ],
            "ENABLED",
        )
        ttl = dynamodb.describe_time_to_live(TableName="instances")["TimeToLiveDescription"]
        self.assertEqual(ttl, {"TimeToLiveStatus": "ENABLED", "AttributeName": "expiresAt"})
        sse = dynamodb.describe_table(TableName="instances")["Table"]["SSEDescription"]
        self.assertEqual(sse["Status"], "ENABLED")
        self.assertEqual(sse["SSEType"], "KMS")
        self.assertEqual(sse["KMSMasterKeyArn"], key_arn)

        # An update: point-in-time recovery off, the table kept with its items.
        dynamodb.put_item(TableName="instances", Item={"id": {"S": "i-1"}})
        table["Properties"]["PointInTimeRecoverySpecification"] = {
            "PointInTimeRecoveryEnabled": False
        }
        self.update("table", template({"Key": key, "Table": table}))
        backups = dynamodb.describe_continuous_backups(TableName="instances")
        self.assertEqual(
            backups["ContinuousBackupsDescription"]["PointInTimeRecoveryDescription"][
                "PointInTimeRecoveryStatus"
            ],
            "DISABLED",
        )
        self.assertEqual(dynamodb.scan(TableName="instances")["Count"], 1)

    # --- KMS Key ------------------------------------------------------------------------------

    def test_key_policy_object_rotation_update_and_delete(self):
        kms = self.client("kms")
        policy = {
            "Version": "2012-10-17",
            "Statement": [
                {
                    "Sid": "root",
                    "Effect": "Allow",
                    "Principal": {"AWS": {"Fn::Sub": "arn:aws:iam::${AWS::AccountId}:root"}},
                    "Action": "kms:*",
                    "Resource": "*",
                }
            ],
        }

        def key(**properties):
            return template(
                {
                    "Key": {
                        "Type": "AWS::KMS::Key",
                        "Properties": {
                            "Description": "snaplife data",
                            "KeyPolicy": policy,
                            "PendingWindowInDays": 7,
                            **properties,
                        },
                    },
                    "Alias": {
                        "Type": "AWS::KMS::Alias",
                        "Properties": {"AliasName": "alias/snaplife", "TargetKeyId": {"Ref": "Key"}},
                    },
                },
                {
                    "KeyArn": {"Value": {"Fn::GetAtt": ["Key", "Arn"]}},
                    "KeyId": {"Value": {"Fn::GetAtt": ["Key", "KeyId"]}},
                },
            )

        resources = self.deploy(
            "key", key(EnableKeyRotation=True, RotationPeriodInDays=180)
        )
        key_id = resources["Key"][1]
        self.assertEqual(self.outputs("key")["KeyId"], key_id)
        metadata = kms.describe_key(KeyId="alias/snaplife")["KeyMetadata"]
        self.assertEqual(metadata["KeyId"], key_id)
        self.assertEqual(metadata["Description"], "snaplife data")
        stored = json.loads(kms.get_key_policy(KeyId=key_id, PolicyName="default")["Policy"])
        self.assertEqual(
            stored["Statement"][0]["Principal"], {"AWS": f"arn:aws:iam::{self.account}:root"}
        )
        status = kms.get_key_rotation_status(KeyId=key_id)
        self.assertTrue(status["KeyRotationEnabled"])
        self.assertEqual(status["RotationPeriodInDays"], 180)
        self.assertEqual(status["KeyId"], metadata["Arn"])

        # UpdateStack changes the same key in place.
        self.update("key", key(EnableKeyRotation=False, Description="snaplife data v2"))
        self.assertEqual(self.outputs("key")["KeyArn"], metadata["Arn"])
        self.assertFalse(kms.get_key_rotation_status(KeyId=key_id)["KeyRotationEnabled"])
        self.assertEqual(
            kms.describe_key(KeyId=key_id)["KeyMetadata"]["Description"], "snaplife data v2"
        )
        self.update("key", key(EnableKeyRotation=True, RotationPeriodInDays=90, Enabled=False))
        status = kms.get_key_rotation_status(KeyId=key_id)
        self.assertEqual((status["KeyRotationEnabled"], status["RotationPeriodInDays"]), (True, 90))
        self.assertEqual(kms.describe_key(KeyId=key_id)["KeyMetadata"]["KeyState"], "Disabled")

        # DeleteStack schedules the deletion, as CloudFormation does.
        self.delete("key")
        metadata = kms.describe_key(KeyId=key_id)["KeyMetadata"]
        self.assertEqual(metadata["KeyState"], "PendingDeletion")
        self.assertIn("DeletionDate", metadata)

    def test_key_without_a_policy_gets_the_default_one(self):
        kms = self.client("kms")
        resources = self.deploy("plain-key", template({"Key": {"Type": "AWS::KMS::Key"}}))
        stored = json.loads(
            kms.get_key_policy(KeyId=resources["Key"][1], PolicyName="default")["Policy"]
        )
        self.assertEqual(stored["Statement"][0]["Action"], "kms:*")


if __name__ == "__main__":
    unittest.main()
