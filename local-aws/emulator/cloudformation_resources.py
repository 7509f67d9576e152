"""CloudFormation resource types and properties that moto 5.2.5's CloudFormation lacks, applied to
moto's own backends so that the services' APIs read them back and the launcher's other
extensions (scheduler.py, alarms.py) act on them.

What AWS does: CreateStack/UpdateStack/DeleteStack create, change and delete every resource of
the template, failing the stack on a type or property it cannot apply. What moto lacked: it
builds its type registry from CloudFormationModel.__subclasses__() (cached with lru_cache in
moto.cloudformation.parsing) and silently SKIPS a type it has no model for (the stack still ends
CREATE_COMPLETE, Ref gives None, so a property holding it vanishes, and GetAtt fails the stack);
of the types it has, it ignores several properties. What the launcher now does
(cloudformation-resources):

New types, created, updated (in place, or replaced where AWS replaces: a new name) and deleted:
- AWS::SQS::QueuePolicy: PolicyDocument (object or text) becomes the Policy attribute of each
  queue of Queues (queue URLs); removed from the queues on delete. Ref: a generated id. And a
  later SetQueueAttributes that does not name Policy keeps it, as on AWS (moto reset it).
- AWS::SNS::Subscription: TopicArn, Protocol (sqs, email, lambda, https...), Endpoint,
  FilterPolicy (object or text), FilterPolicyScope, RawMessageDelivery, RedrivePolicy,
  DeliveryPolicy, SubscriptionRoleArn, Region (the topic's). Ref and GetAtt Arn: the
  subscription ARN. Unsubscribed on delete.
- AWS::SNS::TopicPolicy: PolicyDocument becomes the Policy attribute of each topic of Topics
  (ARNs); each topic's default policy comes back on delete.
- AWS::Events::EventBusPolicy: EventBusName (default "default"), StatementId, and either
  Statement (one policy statement, its Sid the StatementId, its Resource the bus ARN when
  absent) or Action/Principal/Condition {Type, Key, Value} (as PutPermission, with its
  checks): the bus's policy (DescribeEventBus Policy) gains the statement; delete removes it.
- AWS::S3::BucketPolicy: Bucket, PolicyDocument, as PutBucketPolicy; DeleteBucketPolicy on
  delete.
- AWS::Scheduler::ScheduleGroup: Name, Tags. Ref: the name; GetAtt Arn, CreationDate,
  LastModificationDate, State. Delete deletes its schedules too, as AWS does.
- AWS::Scheduler::Schedule: Name, GroupName, Description, ScheduleExpression,
  ScheduleExpressionTimezone, StartDate, EndDate (ISO-8601), FlexibleTimeWindow, Target (Arn,
  RoleArn, Input, SqsParameters, EventBridgeParameters, RetryPolicy, DeadLetterConfig...),
  State, KmsKeyArn, in moto's scheduler backend: GetSchedule returns it and the launcher's
  scheduler fires it. Ref: the name; GetAtt Arn.
- AWS::CloudWatch::Alarm: every field of PutMetricAlarm (AlarmName, AlarmDescription,
  ActionsEnabled, AlarmActions, OKActions, InsufficientDataActions, ComparisonOperator,
  DatapointsToAlarm, Dimensions, EvaluateLowSampleCountPercentile, EvaluationPeriods,
  ExtendedStatistic, MetricName, Metrics (metric math: Id, Expression, Label, MetricStat,
  Period, ReturnData), Namespace, Period, Statistic, Threshold, ThresholdMetricId,
  TreatMissingData, Unit, Tags): DescribeAlarms returns it and the launcher's alarm evaluation
  applies. Ref: the name; GetAtt Arn.
- AWS::ApplicationAutoScaling::ScalableTarget: ServiceNamespace, ResourceId, ScalableDimension,
  MinCapacity, MaxCapacity, RoleARN, SuspendedState, ScheduledActions, as
  RegisterScalableTarget (moto checks that an ECS service exists). Ref, as AWS:
  "<ResourceId>|<ScalableDimension>|<ServiceNamespace>"; GetAtt Id. Delete deregisters it and
  deletes its scaling policies, as AWS does.
- AWS::ApplicationAutoScaling::ScalingPolicy: PolicyName, PolicyType, ScalingTargetId (a
  ScalableTarget's Ref) or ResourceId/ScalableDimension/ServiceNamespace,
  TargetTrackingScalingPolicyConfiguration (PredefinedMetricSpecification or
  CustomizedMetricSpecification, with its Metrics list), StepScalingPolicyConfiguration, as
  PutScalingPolicy. Ref and GetAtt Arn: the policy ARN.

Fixes to types moto has:
- AWS::S3::Bucket also applies VersioningConfiguration, PublicAccessBlockConfiguration,
  LifecycleConfiguration (Rules: Id, Status, Prefix, TagFilters, ExpirationInDays,
  ExpirationDate, ExpiredObjectDeleteMarker, Transitions/Transition, NoncurrentVersionExpiration
  (NoncurrentVersionExpirationInDays), NoncurrentVersionTransitions/NoncurrentVersionTransition,
  AbortIncompleteMultipartUpload), OwnershipControls, ObjectLockEnabled and
  ObjectLockConfiguration (default retention), and keeps BucketEncryption's BucketKeyEnabled; on
  update, a lifecycle, public access block or ownership control removed from the template is
  removed from the bucket.
- AWS::DynamoDB::Table also applies PointInTimeRecoverySpecification (DescribeContinuousBackups),
  TimeToLiveSpecification (DescribeTimeToLive) and SSESpecification (SSEEnabled, SSEType,
  KMSMasterKeyId: DescribeTable's SSEDescription with the key's ARN); it gains an update, in
  place for those three and DeletionProtectionEnabled (moto had none: any change made the
  resource vanish from the stack), replacing the table on a new TableName.
- AWS::KMS::Key takes KeyPolicy as a JSON object (stored as text, so DescribeKey and
  GetKeyPolicy work) or absent (the default policy), KeySpec, KeyUsage, MultiRegion,
  EnableKeyRotation and RotationPeriodInDays (GetKeyRotationStatus answers it; EnableKeyRotation
  takes it too); it gains an update (Description, KeyPolicy, Enabled, rotation and its period,
  in place; a new KeySpec, KeyUsage or MultiRegion replaces the key) and its delete schedules
  the deletion (PendingWindowInDays, default 30) instead of erasing the key at once.
- AWS::Events::EventBus: Ref is the bus's name (moto gave its model object, which crashed any
  Rule with EventBusName: {"Ref": Bus}); its Policy property (object or text) becomes the bus's
  policy (replacing, on update, only the statements it put there), and Description,
  KmsKeyIdentifier, DeadLetterConfig and Tags (on create) are kept (moto passed only the name);
  an update now keeps the bus (and its rules) unless the Name changes.

Still ignored: S3 Bucket notifications, CORS, replication, website, logging, analytics,
inventory and metrics configurations, a lifecycle rule's ObjectSizeGreaterThan/LessThan and
NoncurrentVersionExpiration's NewerNoncurrentVersions (moto's rules have no place for them);
DynamoDB Table updates of anything but the four properties above (keys, indexes, billing,
throughput, streams, tags); KMS Key Origin and BypassPolicyLockoutSafetyCheck; on update, an
EventBus's Tags, and tags removed from an alarm, schedule group or key (they stay on the
resource). What moto only stores is not made to act: scaling policies and scheduled actions
never change an ECS service's DesiredCount, a Schedule's FlexibleTimeWindow and RetryPolicy are
not applied by the scheduler, and the alarms extension evaluates only single-metric SQS alarms
(metric math is stored and described, not evaluated).
"""

import json
from datetime import datetime, timezone
from urllib.parse import urlparse

from moto.applicationautoscaling.models import applicationautoscaling_backends
from moto.cloudformation import parsing
from moto.cloudformation.exceptions import UnformattedGetAttTemplateException
from moto.cloudwatch.models import MetricDataQuery, MetricStat, Metric, Dimension
from moto.cloudwatch.models import cloudwatch_backends
from moto.core.common_models import CloudFormationModel
from moto.dynamodb.models import dynamodb_backends
from moto.dynamodb.models.table import Table
from moto.events.models import EventBus, EventBusPolicyStatement, events_backends
from moto.kms import models as kms_models
from moto.kms import responses as kms_responses
from moto.s3.models import FakeBucket, s3_backends
from moto.scheduler.models import scheduler_backends
from moto.sns.models import sns_backends
from moto.sqs import models as sqs_models
from moto.sqs.models import sqs_backends
from moto.utilities.utils import get_partition

NAME = "cloudformation-resources"
# The models' module as moto's model registry reads it (InstanceTrackerMeta: the part after the
# first dot names the "service" under which /moto-api/data.json lists them).
MODULE = "snaplife.cloudformation_resources"
DEFAULT_ROTATION_PERIOD_DAYS = 365
DEFAULT_PENDING_WINDOW_DAYS = 30


# --- helpers -------------------------------------------------------------------------------


def _properties(cloudformation_json):
    return cloudformation_json.get("Properties") or {}


def _true(value):
    return str(value).lower() == "true"


def _text(document):
    """A policy document as text: CloudFormation takes it as a JSON object or a string."""
    return document if isinstance(document, str) else json.dumps(document)


def _epoch(value):
    """An ISO-8601 date (a template's) as epoch seconds, as moto keeps the scheduler's dates."""
    if value is None or isinstance(value, (int, float)):
        return value
    moment = datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    return moment.timestamp()


def _int(value):
    return None if value is None else int(value)


class _Attributes:
    """GetAtt for the models below: ATTRIBUTES maps an attribute name to the instance's
    attribute holding it."""

    ATTRIBUTES = {}

    @classmethod
    def has_cfn_attr(cls, attr):
        return attr in cls.ATTRIBUTES

    def get_cfn_attribute(self, attribute_name):
        if attribute_name not in self.ATTRIBUTES:
            raise UnformattedGetAttTemplateException()
        return getattr(self, self.ATTRIBUTES[attribute_name])


# --- AWS::SQS::QueuePolicy -------------------------------------------------------------------


def _queue(url, account_id, region):
    """(backend, queue name) of a queue URL: http(s)://<host>/<account>/<name>; the region from a
    host sqs.<region>.<...>, else the stack's."""
    parsed = urlparse(url)
    parts = parsed.path.strip("/").split("/")
    account = parts[-2] if len(parts) >= 2 and parts[-2].isdigit() else account_id
    host = (parsed.hostname or "").split(".")
    queue_region = host[1] if len(host) > 2 and host[0] == "sqs" else region
    return sqs_backends[account][queue_region], parts[-1]


def _keep_queue_policy():
    """moto's SetQueueAttributes resets the queue's Policy whenever the request does not name it
    (a later SetQueueAttributes of VisibilityTimeout erased a deployed QueuePolicy); AWS keeps
    it. The policy now changes only when Policy is given (or the queue is being created)."""
    original = sqs_models.Queue._set_attributes

    def _set_attributes(self, attributes, now=None):
        if "Policy" in attributes or "_policy_json" not in self.__dict__:
            return original(self, attributes, now)
        kept = self._policy_json
        original(self, attributes, now)
        self._policy_json = kept

    sqs_models.Queue._set_attributes = _set_attributes


class SqsQueuePolicy(_Attributes, CloudFormationModel):
    __module__ = MODULE

    def __init__(self, name, queues, account_id, region):
        self.name, self.queues = name, list(queues)
        self.account_id, self.region = account_id, region

    @property
    def physical_resource_id(self):
        return self.name

    @staticmethod
    def cloudformation_name_type():
        return ""

    @staticmethod
    def cloudformation_type():
        return "AWS::SQS::QueuePolicy"

    @classmethod
    def create_from_cloudformation_json(
        cls, resource_name, cloudformation_json, account_id, region_name, **kwargs,
    ):
        properties = _properties(cloudformation_json)
        policy = cls(resource_name, properties.get("Queues") or [], account_id, region_name)
        policy._apply(_text(properties["PolicyDocument"]))
        return policy

    def _apply(self, text):
        for url in self.queues:
            backend, name = _queue(url, self.account_id, self.region)
            backend.set_queue_attributes(name, {"Policy": text})

    @classmethod
    def update_from_cloudformation_json(
        cls, original_resource, new_resource_name, cloudformation_json, account_id, region_name,
    ):
        properties = _properties(cloudformation_json)
        queues = properties.get("Queues") or []
        original_resource._clear([url for url in original_resource.queues if url not in queues])
        original_resource.queues = list(queues)
        original_resource._apply(_text(properties["PolicyDocument"]))
        return original_resource

    def _clear(self, urls):
        for url in urls:
            backend, name = _queue(url, self.account_id, self.region)
            if name in backend.queues:
                backend.set_queue_attributes(name, {"Policy": ""})

    def delete(self, account_id, region_name):
        self._clear(self.queues)

    @classmethod
    def delete_from_cloudformation_json(
        cls, resource_name, cloudformation_json, account_id, region_name,
    ):
        pass  # delete() does it


# --- AWS::SNS::Subscription ------------------------------------------------------------------

SUBSCRIPTION_ATTRIBUTES = (
    "FilterPolicyScope",  # before FilterPolicy, which is validated by its scope
    "FilterPolicy",
    "RawMessageDelivery",
    "RedrivePolicy",
    "DeliveryPolicy",
    "SubscriptionRoleArn",
)


def _subscription_value(name, value):
    if name == "RawMessageDelivery":
        return "true" if _true(value) else "false"
    return _text(value) if name in ("FilterPolicy", "RedrivePolicy", "DeliveryPolicy") else value


class SnsSubscription(_Attributes, CloudFormationModel):
    __module__ = MODULE
    ATTRIBUTES = {"Arn": "arn"}

    def __init__(self, arn, topic_arn, protocol, endpoint, backend):
        self.arn, self.topic_arn, self.protocol, self.endpoint = arn, topic_arn, protocol, endpoint
        self.backend = backend

    @property
    def physical_resource_id(self):
        return self.arn

    @staticmethod
    def cloudformation_name_type():
        return ""

    @staticmethod
    def cloudformation_type():
        return "AWS::SNS::Subscription"

    @staticmethod
    def _backend(properties, account_id, region_name):
        topic_region = properties.get("Region") or properties["TopicArn"].split(":")[3] or region_name
        return sns_backends[account_id][topic_region]

    @classmethod
    def create_from_cloudformation_json(
        cls, resource_name, cloudformation_json, account_id, region_name, **kwargs,
    ):
        properties = _properties(cloudformation_json)
        backend = cls._backend(properties, account_id, region_name)
        subscription = backend.subscribe(
            properties["TopicArn"], properties["Endpoint"], properties["Protocol"]
        )
        model = cls(
            subscription.arn, properties["TopicArn"], properties["Protocol"], properties["Endpoint"], backend
        )
        model._apply(properties, {})
        model._properties = dict(properties)
        return model

    def _apply(self, properties, previous):
        for name in SUBSCRIPTION_ATTRIBUTES:
            if name in properties:
                self.backend.set_subscription_attributes(
                    self.arn, name, _subscription_value(name, properties[name])
                )
            elif name in previous:  # removed from the template
                default = "false" if name == "RawMessageDelivery" else ""
                self.backend.set_subscription_attributes(self.arn, name, default)

    @classmethod
    def update_from_cloudformation_json(
        cls, original_resource, new_resource_name, cloudformation_json, account_id, region_name,
    ):
        properties = _properties(cloudformation_json)
        previous = original_resource.__dict__.get("_properties", {})
        same = (properties["TopicArn"], properties["Protocol"], properties["Endpoint"]) == (
            original_resource.topic_arn,
            original_resource.protocol,
            original_resource.endpoint,
        )
        if not same:  # AWS replaces the subscription
            original_resource.delete(account_id, region_name)
            return cls.create_from_cloudformation_json(
                new_resource_name, cloudformation_json, account_id, region_name
            )
        original_resource._apply(properties, previous)
        original_resource._properties = dict(properties)
        return original_resource

    def delete(self, account_id, region_name):
        self.backend.unsubscribe(self.arn)

    @classmethod
    def delete_from_cloudformation_json(
        cls, resource_name, cloudformation_json, account_id, region_name,
    ):
        pass


# --- AWS::SNS::TopicPolicy -------------------------------------------------------------------


def _topic(arn, account_id):
    parts = arn.split(":")
    return sns_backends[parts[4] or account_id][parts[3]].get_topic(arn)


class SnsTopicPolicy(_Attributes, CloudFormationModel):
    __module__ = MODULE
    ATTRIBUTES = {"Id": "name"}

    def __init__(self, name, topics, account_id):
        self.name, self.topics, self.account_id = name, list(topics), account_id

    @property
    def physical_resource_id(self):
        return self.name

    @staticmethod
    def cloudformation_name_type():
        return ""

    @staticmethod
    def cloudformation_type():
        return "AWS::SNS::TopicPolicy"

    @classmethod
    def create_from_cloudformation_json(
        cls, resource_name, cloudformation_json, account_id, region_name, **kwargs,
    ):
        properties = _properties(cloudformation_json)
        policy = cls(resource_name, properties.get("Topics") or [], account_id)
        policy._apply(_text(properties["PolicyDocument"]))
        return policy

    def _apply(self, text):
        for arn in self.topics:
            _topic(arn, self.account_id).policy = text

    def _restore(self, arns):
        for arn in arns:
            try:
                topic = _topic(arn, self.account_id)
            except Exception:  # the topic is gone already
                continue
            topic._policy_json = topic._create_default_topic_policy(
                arn.split(":")[3], arn.split(":")[4], topic.name
            )

    @classmethod
    def update_from_cloudformation_json(
        cls, original_resource, new_resource_name, cloudformation_json, account_id, region_name,
    ):
        properties = _properties(cloudformation_json)
        topics = properties.get("Topics") or []
        original_resource._restore([arn for arn in original_resource.topics if arn not in topics])
        original_resource.topics = list(topics)
        original_resource._apply(_text(properties["PolicyDocument"]))
        return original_resource

    def delete(self, account_id, region_name):
        self._restore(self.topics)

    @classmethod
    def delete_from_cloudformation_json(
        cls, resource_name, cloudformation_json, account_id, region_name,
    ):
        pass


# --- AWS::Events::EventBusPolicy -------------------------------------------------------------


def _bus(name, account_id, region_name):
    """A bus by name or ARN."""
    name = name or "default"
    if name.startswith("arn:"):
        parts = name.split(":")
        return events_backends[parts[4]][parts[3]].describe_event_bus(name.split("/")[-1])
    return events_backends[account_id][region_name].describe_event_bus(name)


class EventsEventBusPolicy(_Attributes, CloudFormationModel):
    __module__ = MODULE

    def __init__(self, bus_name, statement_id, account_id, region):
        self.bus_name, self.statement_id = bus_name, statement_id
        self.account_id, self.region = account_id, region

    @property
    def physical_resource_id(self):
        return f"{self.bus_name}|{self.statement_id}"

    @staticmethod
    def cloudformation_name_type():
        return ""

    @staticmethod
    def cloudformation_type():
        return "AWS::Events::EventBusPolicy"

    @classmethod
    def create_from_cloudformation_json(
        cls, resource_name, cloudformation_json, account_id, region_name, **kwargs,
    ):
        properties = _properties(cloudformation_json)
        bus_name = properties.get("EventBusName") or "default"
        statement_id = properties["StatementId"]
        bus = _bus(bus_name, account_id, region_name)
        statement = properties.get("Statement")
        if statement is not None:
            statement = json.loads(statement) if isinstance(statement, str) else dict(statement)
            statement["Sid"] = statement_id
            statement.setdefault("Effect", "Allow")
            statement.setdefault("Resource", bus.arn)
            bus._statements[statement_id] = EventBusPolicyStatement.from_dict(statement)
        else:
            events_backends[account_id][region_name]._put_permission_from_params(
                bus,
                properties.get("Action"),
                properties.get("Principal"),
                statement_id,
                properties.get("Condition"),
            )
        return cls(bus.name, statement_id, account_id, region_name)

    @classmethod
    def update_from_cloudformation_json(
        cls, original_resource, new_resource_name, cloudformation_json, account_id, region_name,
    ):
        original_resource.delete(account_id, region_name)
        return cls.create_from_cloudformation_json(
            new_resource_name, cloudformation_json, account_id, region_name
        )

    def delete(self, account_id, region_name):
        try:
            bus = _bus(self.bus_name, self.account_id, self.region)
        except Exception:  # the bus is gone, and its policy with it
            return
        bus.remove_statement(self.statement_id)

    @classmethod
    def delete_from_cloudformation_json(
        cls, resource_name, cloudformation_json, account_id, region_name,
    ):
        pass


# --- AWS::S3::BucketPolicy -------------------------------------------------------------------


class S3BucketPolicy(_Attributes, CloudFormationModel):
    __module__ = MODULE

    def __init__(self, bucket, backend):
        self.bucket, self.backend = bucket, backend

    @property
    def physical_resource_id(self):
        return self.bucket

    @staticmethod
    def cloudformation_name_type():
        return ""

    @staticmethod
    def cloudformation_type():
        return "AWS::S3::BucketPolicy"

    @classmethod
    def create_from_cloudformation_json(
        cls, resource_name, cloudformation_json, account_id, region_name, **kwargs,
    ):
        properties = _properties(cloudformation_json)
        backend = s3_backends[account_id][get_partition(region_name)]
        backend.put_bucket_policy(properties["Bucket"], _text(properties["PolicyDocument"]).encode())
        return cls(properties["Bucket"], backend)

    @classmethod
    def update_from_cloudformation_json(
        cls, original_resource, new_resource_name, cloudformation_json, account_id, region_name,
    ):
        if _properties(cloudformation_json)["Bucket"] != original_resource.bucket:
            original_resource.delete(account_id, region_name)
        return cls.create_from_cloudformation_json(
            new_resource_name, cloudformation_json, account_id, region_name
        )

    def delete(self, account_id, region_name):
        if self.bucket in self.backend.buckets:
            self.backend.delete_bucket_policy(self.bucket)

    @classmethod
    def delete_from_cloudformation_json(
        cls, resource_name, cloudformation_json, account_id, region_name,
    ):
        pass


# --- AWS::Scheduler::ScheduleGroup and Schedule ----------------------------------------------


class SchedulerScheduleGroup(_Attributes, CloudFormationModel):
    __module__ = MODULE
    ATTRIBUTES = {
        "Arn": "arn",
        "CreationDate": "creation_date",
        "LastModificationDate": "last_modification_date",
        "State": "state",
    }

    def __init__(self, group, backend):
        self.name, self.arn, self.backend = group.name, group.arn, backend
        self.creation_date = self.last_modification_date = str(group.created_on)
        self.state = "ACTIVE"

    @property
    def physical_resource_id(self):
        return self.name

    @staticmethod
    def cloudformation_name_type():
        return "Name"

    @staticmethod
    def cloudformation_type():
        return "AWS::Scheduler::ScheduleGroup"

    @classmethod
    def create_from_cloudformation_json(
        cls, resource_name, cloudformation_json, account_id, region_name, **kwargs,
    ):
        properties = _properties(cloudformation_json)
        backend = scheduler_backends[account_id][region_name]
        group = backend.create_schedule_group(resource_name, properties.get("Tags") or [])
        return cls(group, backend)

    @classmethod
    def update_from_cloudformation_json(
        cls, original_resource, new_resource_name, cloudformation_json, account_id, region_name,
    ):
        if new_resource_name != original_resource.name:
            original_resource.delete(account_id, region_name)
            return cls.create_from_cloudformation_json(
                new_resource_name, cloudformation_json, account_id, region_name
            )
        tags = _properties(cloudformation_json).get("Tags") or []
        if tags:
            original_resource.backend.tag_resource(original_resource.arn, tags)
        return original_resource

    def delete(self, account_id, region_name):
        self.backend.schedule_groups.pop(self.name, None)  # its schedules with it


def _schedule_arguments(properties, name):
    return {
        "name": name,
        "group_name": properties.get("GroupName") or "default",
        "description": properties.get("Description"),
        "schedule_expression": properties["ScheduleExpression"],
        "schedule_expression_timezone": properties.get("ScheduleExpressionTimezone"),
        "start_date": _epoch(properties.get("StartDate")),
        "end_date": _epoch(properties.get("EndDate")),
        "flexible_time_window": properties.get("FlexibleTimeWindow") or {"Mode": "OFF"},
        "target": dict(properties["Target"]),
        "state": properties.get("State") or "ENABLED",
        "kms_key_arn": properties.get("KmsKeyArn"),
    }


class SchedulerSchedule(_Attributes, CloudFormationModel):
    __module__ = MODULE
    ATTRIBUTES = {"Arn": "arn"}

    def __init__(self, schedule, backend):
        self.name, self.group_name, self.arn = schedule.name, schedule.group_name, schedule.arn
        self.backend = backend

    @property
    def physical_resource_id(self):
        return self.name

    @staticmethod
    def cloudformation_name_type():
        return "Name"

    @staticmethod
    def cloudformation_type():
        return "AWS::Scheduler::Schedule"

    @classmethod
    def create_from_cloudformation_json(
        cls, resource_name, cloudformation_json, account_id, region_name, **kwargs,
    ):
        properties = _properties(cloudformation_json)
        backend = scheduler_backends[account_id][region_name]
        schedule = backend.create_schedule(
            **_schedule_arguments(properties, resource_name),
            action_after_completion=properties.get("ActionAfterCompletion"),
        )
        return cls(schedule, backend)

    @classmethod
    def update_from_cloudformation_json(
        cls, original_resource, new_resource_name, cloudformation_json, account_id, region_name,
    ):
        properties = _properties(cloudformation_json)
        arguments = _schedule_arguments(properties, new_resource_name)
        if (new_resource_name, arguments["group_name"]) != (original_resource.name, original_resource.group_name):
            original_resource.delete(account_id, region_name)
            return cls.create_from_cloudformation_json(
                new_resource_name, cloudformation_json, account_id, region_name
            )
        original_resource.backend.update_schedule(**arguments)
        return original_resource

    def delete(self, account_id, region_name):
        group = self.backend.schedule_groups.get(self.group_name)
        if group is not None:
            group.schedules.pop(self.name, None)


# --- AWS::CloudWatch::Alarm ------------------------------------------------------------------


def _metric_data_queries(metrics):
    """Metrics (metric math) as PutMetricAlarm's response code builds them."""
    if not metrics:
        return None
    queries = []
    for metric in metrics:
        stat = metric.get("MetricStat") or {}
        metric_stat = None
        if (stat.get("Metric") or {}).get("MetricName"):
            metric_stat = MetricStat(
                metric=Metric(
                    metric_name=stat["Metric"]["MetricName"],
                    namespace=stat["Metric"].get("Namespace"),
                    dimensions=[
                        Dimension(name=d.get("Name"), value=d.get("Value"))
                        for d in stat["Metric"].get("Dimensions") or []
                    ],
                ),
                period=_int(stat.get("Period")),
                stat=stat.get("Stat"),
                unit=stat.get("Unit"),
            )
        return_data = metric.get("ReturnData")
        queries.append(
            MetricDataQuery(
                query_id=metric.get("Id"),
                label=metric.get("Label"),
                period=_int(metric.get("Period")),
                return_data=None if return_data is None else _true(return_data),
                expression=metric.get("Expression"),
                metric_stat=metric_stat,
            )
        )
    return queries


def _put_alarm(name, properties, account_id, region_name):
    backend = cloudwatch_backends[account_id][region_name]
    threshold = properties.get("Threshold")
    actions_enabled = properties.get("ActionsEnabled", True)
    return backend.put_metric_alarm(
        name=name,
        namespace=properties.get("Namespace"),
        metric_name=properties.get("MetricName"),
        metric_data_queries=_metric_data_queries(properties.get("Metrics")),
        comparison_operator=properties.get("ComparisonOperator"),
        evaluation_periods=_int(properties.get("EvaluationPeriods")),
        datapoints_to_alarm=_int(properties.get("DatapointsToAlarm")),
        period=_int(properties.get("Period")),
        threshold=None if threshold is None else float(threshold),
        statistic=properties.get("Statistic"),
        extended_statistic=properties.get("ExtendedStatistic"),
        description=properties.get("AlarmDescription"),
        dimensions=properties.get("Dimensions") or [],
        alarm_actions=properties.get("AlarmActions") or [],
        ok_actions=properties.get("OKActions") or [],
        insufficient_data_actions=properties.get("InsufficientDataActions") or [],
        unit=properties.get("Unit"),
        actions_enabled=_true(actions_enabled),
        treat_missing_data=properties.get("TreatMissingData"),
        evaluate_low_sample_count_percentile=properties.get("EvaluateLowSampleCountPercentile"),
        threshold_metric_id=properties.get("ThresholdMetricId"),
        tags=properties.get("Tags") or [],
    )


class CloudWatchAlarm(_Attributes, CloudFormationModel):
    __module__ = MODULE
    ATTRIBUTES = {"Arn": "arn"}

    def __init__(self, alarm, backend):
        self.name, self.arn, self.backend = alarm.name, alarm.alarm_arn, backend

    @property
    def physical_resource_id(self):
        return self.name

    @staticmethod
    def cloudformation_name_type():
        return "AlarmName"

    @staticmethod
    def cloudformation_type():
        return "AWS::CloudWatch::Alarm"

    @classmethod
    def create_from_cloudformation_json(
        cls, resource_name, cloudformation_json, account_id, region_name, **kwargs,
    ):
        alarm = _put_alarm(resource_name, _properties(cloudformation_json), account_id, region_name)
        return cls(alarm, cloudwatch_backends[account_id][region_name])

    @classmethod
    def update_from_cloudformation_json(
        cls, original_resource, new_resource_name, cloudformation_json, account_id, region_name,
    ):
        if new_resource_name != original_resource.name:
            original_resource.delete(account_id, region_name)
        return cls.create_from_cloudformation_json(
            new_resource_name, cloudformation_json, account_id, region_name
        )

    def delete(self, account_id, region_name):
        self.backend.delete_alarms([self.name])


# --- AWS::ApplicationAutoScaling::ScalableTarget and ScalingPolicy -----------------------------


class ApplicationAutoScalingScalableTarget(_Attributes, CloudFormationModel):
    __module__ = MODULE
    ATTRIBUTES = {"Id": "physical_resource_id"}

    def __init__(self, namespace, resource_id, dimension, backend):
        self.namespace, self.resource_id, self.dimension = namespace, resource_id, dimension
        self.backend = backend

    @property
    def physical_resource_id(self):
        return f"{self.resource_id}|{self.dimension}|{self.namespace}"

    @staticmethod
    def cloudformation_name_type():
        return ""

    @staticmethod
    def cloudformation_type():
        return "AWS::ApplicationAutoScaling::ScalableTarget"

    @classmethod
    def create_from_cloudformation_json(
        cls, resource_name, cloudformation_json, account_id, region_name, **kwargs,
    ):
        properties = _properties(cloudformation_json)
        backend = applicationautoscaling_backends[account_id][region_name]
        namespace = properties["ServiceNamespace"]
        resource_id = properties["ResourceId"]
        dimension = properties["ScalableDimension"]
        backend.register_scalable_target(
            namespace,
            resource_id,
            dimension,
            min_capacity=_int(properties.get("MinCapacity")),
            max_capacity=_int(properties.get("MaxCapacity")),
            role_arn=properties.get("RoleARN"),
            suspended_state=properties.get("SuspendedState"),
        )
        target = cls(namespace, resource_id, dimension, backend)
        target._put_scheduled_actions(properties.get("ScheduledActions") or [])
        return target

    def _put_scheduled_actions(self, actions):
        for action in actions:
            self.backend.put_scheduled_action(
                service_namespace=self.namespace,
                schedule=action["Schedule"],
                timezone=action.get("Timezone"),
                scheduled_action_name=action["ScheduledActionName"],
                resource_id=self.resource_id,
                scalable_dimension=self.dimension,
                start_time=action.get("StartTime"),
                end_time=action.get("EndTime"),
                scalable_target_action=action.get("ScalableTargetAction"),
            )

    @classmethod
    def update_from_cloudformation_json(
        cls, original_resource, new_resource_name, cloudformation_json, account_id, region_name,
    ):
        properties = _properties(cloudformation_json)
        key = (properties["ServiceNamespace"], properties["ResourceId"], properties["ScalableDimension"])
        if key != (original_resource.namespace, original_resource.resource_id, original_resource.dimension):
            original_resource.delete(account_id, region_name)
        return cls.create_from_cloudformation_json(
            new_resource_name, cloudformation_json, account_id, region_name
        )

    def delete(self, account_id, region_name):
        backend = self.backend
        for key, policy in list(backend.policies.items()):
            if (policy.service_namespace, policy.resource_id, policy.scalable_dimension) == (
                self.namespace,
                self.resource_id,
                self.dimension,
            ):
                policy.delete_alarms(account_id, region_name)
                del backend.policies[key]
        backend.scheduled_actions = [
            a
            for a in backend.scheduled_actions
            if (a.resource_id, a.scalable_dimension) != (self.resource_id, self.dimension)
        ]
        if self.resource_id in backend.targets.get(self.dimension, {}):
            backend.deregister_scalable_target(self.namespace, self.resource_id, self.dimension)


class ApplicationAutoScalingScalingPolicy(_Attributes, CloudFormationModel):
    __module__ = MODULE
    ATTRIBUTES = {"Arn": "arn"}

    def __init__(self, policy, backend):
        self.arn, self.name = policy.policy_arn, policy.policy_name
        self.namespace, self.resource_id = policy.service_namespace, policy.resource_id
        self.dimension, self.backend = policy.scalable_dimension, backend

    @property
    def physical_resource_id(self):
        return self.arn

    @staticmethod
    def cloudformation_name_type():
        return "PolicyName"

    @staticmethod
    def cloudformation_type():
        return "AWS::ApplicationAutoScaling::ScalingPolicy"

    @classmethod
    def create_from_cloudformation_json(
        cls, resource_name, cloudformation_json, account_id, region_name, **kwargs,
    ):
        properties = _properties(cloudformation_json)
        backend = applicationautoscaling_backends[account_id][region_name]
        if properties.get("ScalingTargetId"):
            resource_id, dimension, namespace = properties["ScalingTargetId"].split("|")
        else:
            resource_id = properties["ResourceId"]
            dimension = properties["ScalableDimension"]
            namespace = properties["ServiceNamespace"]
        policy_type = properties.get("PolicyType")
        body = (
            properties.get("StepScalingPolicyConfiguration")
            if policy_type == "StepScaling"
            else properties.get("TargetTrackingScalingPolicyConfiguration")
        )
        policy = backend.put_scaling_policy(
            policy_name=resource_name,
            service_namespace=namespace,
            resource_id=resource_id,
            scalable_dimension=dimension,
            policy_body=body,
            policy_type=policy_type,
        )
        return cls(policy, backend)

    @classmethod
    def update_from_cloudformation_json(
        cls, original_resource, new_resource_name, cloudformation_json, account_id, region_name,
    ):
        original_resource.delete(account_id, region_name)
        return cls.create_from_cloudformation_json(
            new_resource_name, cloudformation_json, account_id, region_name
        )

    def delete(self, account_id, region_name):
        try:
            self.backend.delete_scaling_policy(self.name, self.namespace, self.resource_id, self.dimension)
        except Exception:  # gone with its scalable target
            pass


NEW_MODELS = (
    SqsQueuePolicy,
    SnsSubscription,
    SnsTopicPolicy,
    EventsEventBusPolicy,
    S3BucketPolicy,
    SchedulerScheduleGroup,
    SchedulerSchedule,
    CloudWatchAlarm,
    ApplicationAutoScalingScalableTarget,
    ApplicationAutoScalingScalingPolicy,
)


def _no_class_delete(model):
    """moto deletes a resource with its instance's delete(account_id, region_name); the
    abstract class method is there for the abstract base only."""
    if "delete_from_cloudformation_json" not in model.__dict__:
        model.delete_from_cloudformation_json = classmethod(lambda *args, **kwargs: None)


# --- AWS::S3::Bucket -------------------------------------------------------------------------


def _lifecycle_rule(rule):
    """A CloudFormation lifecycle rule in the shape moto's PutBucketLifecycleConfiguration
    keeps (its XML parsed)."""
    api = {"ID": rule.get("Id"), "Status": rule.get("Status", "Enabled")}
    prefix = rule.get("Prefix")
    tags = [{"Key": t["Key"], "Value": t.get("Value", "")} for t in rule.get("TagFilters") or []]
    if tags and (prefix is not None or len(tags) > 1):
        api["Filter"] = {"And": {"Prefix": prefix or "", "Tag": tags}}
    elif tags:
        api["Filter"] = {"Tag": tags[0]}
    else:
        api["Filter"] = {"Prefix": prefix or ""}
    expiration = {}
    if rule.get("ExpirationInDays") is not None:
        expiration["Days"] = int(rule["ExpirationInDays"])
    if rule.get("ExpirationDate") is not None:
        expiration["Date"] = rule["ExpirationDate"]
    if rule.get("ExpiredObjectDeleteMarker") is not None:
        expiration["ExpiredObjectDeleteMarker"] = "true" if _true(rule["ExpiredObjectDeleteMarker"]) else "false"
    if expiration:
        api["Expiration"] = expiration
    transitions = list(rule.get("Transitions") or []) + ([rule["Transition"]] if rule.get("Transition") else [])
    if transitions:
        api["Transition"] = [
            {
                "Days": _int(t.get("TransitionInDays")),
                "Date": t.get("TransitionDate"),
                "StorageClass": t.get("StorageClass"),
            }
            for t in transitions
        ]
    noncurrent = rule.get("NoncurrentVersionExpiration") or {}
    days = noncurrent.get("NoncurrentDays", rule.get("NoncurrentVersionExpirationInDays"))
    if days is not None:
        api["NoncurrentVersionExpiration"] = {"NoncurrentDays": int(days)}
    noncurrent_transitions = list(rule.get("NoncurrentVersionTransitions") or []) + (
        [rule["NoncurrentVersionTransition"]] if rule.get("NoncurrentVersionTransition") else []
    )
    if noncurrent_transitions:
        api["NoncurrentVersionTransition"] = [
            {
                "NoncurrentDays": _int(t.get("TransitionInDays")),
                "StorageClass": t.get("StorageClass"),
                "NewerNoncurrentVersions": _int(t.get("NewerNoncurrentVersions")),
            }
            for t in noncurrent_transitions
        ]
    abort = rule.get("AbortIncompleteMultipartUpload")
    if abort:
        api["AbortIncompleteMultipartUpload"] = {"DaysAfterInitiation": int(abort["DaysAfterInitiation"])}
    return api


def _apply_bucket_properties(bucket, properties, account_id, region_name, updating):
    backend = s3_backends[account_id][get_partition(region_name)]
    name = bucket.name
    encryption = properties.get("BucketEncryption")
    if encryption and bucket.encryption:
        rules = encryption.get("ServerSideEncryptionConfiguration") or [{}]
        if "BucketKeyEnabled" in rules[0]:
            bucket.encryption["Rule"]["BucketKeyEnabled"] = "true" if _true(rules[0]["BucketKeyEnabled"]) else "false"
    versioning = (properties.get("VersioningConfiguration") or {}).get("Status")
    if versioning:
        backend.put_bucket_versioning(name, versioning)
    if _true(properties.get("ObjectLockEnabled")) or (
        (properties.get("ObjectLockConfiguration") or {}).get("ObjectLockEnabled") == "Enabled"
    ):
        bucket.object_lock_enabled = True
        bucket.versioning_status = "Enabled"
        retention = ((properties.get("ObjectLockConfiguration") or {}).get("Rule") or {}).get(
            "DefaultRetention"
        ) or {}
        bucket.default_lock_mode = retention.get("Mode")
        bucket.default_lock_days = _int(retention.get("Days"))
        bucket.default_lock_years = _int(retention.get("Years"))
    block = properties.get("PublicAccessBlockConfiguration")
    if block:
        backend.put_public_access_block(
            name, {key: "true" if _true(value) else "false" for key, value in block.items()}
        )
    elif updating and bucket.public_access_block is not None:
        backend.delete_public_access_block(name)
    ownership = (properties.get("OwnershipControls") or {}).get("Rules")
    if ownership:
        backend.put_bucket_ownership_controls(name, ownership[0]["ObjectOwnership"])
    elif updating and bucket.ownership_rule:
        backend.delete_bucket_ownership_controls(name)
    lifecycle = (properties.get("LifecycleConfiguration") or {}).get("Rules")
    if lifecycle:
        backend.put_bucket_lifecycle_configuration(name, [_lifecycle_rule(r) for r in lifecycle])
    elif updating and bucket.rules:
        backend.delete_bucket_lifecycle(name)


def _patch_bucket():
    create = FakeBucket.create_from_cloudformation_json.__func__
    update = FakeBucket.update_from_cloudformation_json.__func__

    def create_from_cloudformation_json(
        cls, resource_name, cloudformation_json, account_id, region_name, **kwargs,
    ):
        bucket = create(cls, resource_name, cloudformation_json, account_id, region_name, **kwargs)
        _apply_bucket_properties(bucket, _properties(cloudformation_json), account_id, region_name, False)
        return bucket

    def update_from_cloudformation_json(
        cls, original_resource, new_resource_name, cloudformation_json, account_id, region_name,
    ):
        properties = _properties(cloudformation_json)
        # moto's update tags the bucket named by BucketName: it must be there.
        properties.setdefault("BucketName", original_resource.name)
        bucket = update(cls, original_resource, new_resource_name, cloudformation_json, account_id, region_name)
        if bucket is original_resource:  # a new bucket got its properties from create
            _apply_bucket_properties(bucket, properties, account_id, region_name, True)
        return bucket

    FakeBucket.create_from_cloudformation_json = classmethod(create_from_cloudformation_json)
    FakeBucket.update_from_cloudformation_json = classmethod(update_from_cloudformation_json)


# --- AWS::DynamoDB::Table --------------------------------------------------------------------


def _kms_key_arn(key_id, account_id, region_name):
    if not key_id:
        return key_id
    try:
        return kms_models.kms_backends[account_id][region_name].describe_key(key_id).arn
    except Exception:  # not a key of this account and region: kept as given
        return key_id


def _api_sse(sse, account_id, region_name):
    """CloudFormation's SSESpecification (SSEEnabled) as the API's (Enabled), which moto's table
    reads; None when disabled."""
    if not sse or not _true(sse.get("SSEEnabled", sse.get("Enabled"))):
        return None
    api = {"Enabled": True, "SSEType": sse.get("SSEType") or "KMS"}
    if sse.get("KMSMasterKeyId"):
        api["KMSMasterKeyId"] = _kms_key_arn(sse["KMSMasterKeyId"], account_id, region_name)
    return api


def _apply_table_properties(table, properties, account_id, region_name):
    backend = dynamodb_backends[account_id][region_name]
    pitr = properties.get("PointInTimeRecoverySpecification")
    if pitr is not None:
        spec = {"PointInTimeRecoveryEnabled": _true(pitr.get("PointInTimeRecoveryEnabled"))}
        if pitr.get("RecoveryPeriodInDays") is not None:
            spec["RecoveryPeriodInDays"] = int(pitr["RecoveryPeriodInDays"])
        backend.update_continuous_backups(table.name, spec)
    ttl = properties.get("TimeToLiveSpecification")
    if ttl is not None:
        backend.update_time_to_live(
            table.name,
            {"Enabled": _true(ttl.get("Enabled")), "AttributeName": ttl.get("AttributeName", "")},
        )


def _patch_table():
    create = Table.create_from_cloudformation_json.__func__

    def create_from_cloudformation_json(
        cls, resource_name, cloudformation_json, account_id, region_name, **kwargs,
    ):
        cloudformation_json = dict(cloudformation_json)
        properties = dict(_properties(cloudformation_json))
        cloudformation_json["Properties"] = properties
        if "SSESpecification" in properties:
            sse = _api_sse(properties["SSESpecification"], account_id, region_name)
            if sse is None:
                del properties["SSESpecification"]
            else:
                properties["SSESpecification"] = sse
        table = create(cls, resource_name, cloudformation_json, account_id, region_name, **kwargs)
        _apply_table_properties(table, properties, account_id, region_name)
        return table

    def update_from_cloudformation_json(
        cls, original_resource, new_resource_name, cloudformation_json, account_id, region_name,
    ):
        properties = _properties(cloudformation_json)
        if properties.get("TableName", original_resource.name) != original_resource.name:
            dynamodb_backends[account_id][region_name].delete_table(original_resource.name)
            return cls.create_from_cloudformation_json(
                new_resource_name, cloudformation_json, account_id, region_name
            )
        table = original_resource
        _apply_table_properties(table, properties, account_id, region_name)
        table.sse_specification = _api_sse(properties.get("SSESpecification"), account_id, region_name)
        if table.sse_specification and "KMSMasterKeyId" not in table.sse_specification:
            table.sse_specification["KMSMasterKeyId"] = table._get_default_encryption_key(account_id, region_name)
        if "DeletionProtectionEnabled" in properties:
            table.deletion_protection_enabled = _true(properties["DeletionProtectionEnabled"])
        return table

    Table.create_from_cloudformation_json = classmethod(create_from_cloudformation_json)
    Table.update_from_cloudformation_json = classmethod(update_from_cloudformation_json)


# --- AWS::KMS::Key ---------------------------------------------------------------------------

ROTATION_PERIOD = "_snaplife_rotation_period_days"
PENDING_WINDOW = "_snaplife_pending_window_days"
KEY_REPLACEMENT = ("KeySpec", "KeyUsage", "MultiRegion")


def _apply_key_properties(key, properties, backend):
    if properties.get("KeyPolicy") is not None:
        backend.put_key_policy(key.id, _text(properties["KeyPolicy"]))
    key.description = properties.get("Description") or ""
    rotation = _true(properties.get("EnableKeyRotation", False))
    key.key_rotation_status = rotation
    period = properties.get("RotationPeriodInDays")
    key.__dict__[ROTATION_PERIOD] = int(period) if period is not None else DEFAULT_ROTATION_PERIOD_DAYS
    key.__dict__[PENDING_WINDOW] = int(properties.get("PendingWindowInDays") or DEFAULT_PENDING_WINDOW_DAYS)
    if _true(properties.get("Enabled", True)):
        if key.key_state == "Disabled":
            backend.enable_key(key.id)
    elif key.key_state == "Enabled":
        backend.disable_key(key.id)


def _kms_tags(properties):
    return [{"TagKey": t["Key"], "TagValue": t["Value"]} for t in properties.get("Tags") or []]


def _create_key(cls, resource_name, cloudformation_json, account_id, region_name, **kwargs):
    backend = kms_models.kms_backends[account_id][region_name]
    properties = _properties(cloudformation_json)
    policy = properties.get("KeyPolicy")
    key = backend.create_key(
        policy=None if policy is None else _text(policy),
        key_usage=properties.get("KeyUsage") or "ENCRYPT_DECRYPT",
        key_spec=properties.get("KeySpec") or "SYMMETRIC_DEFAULT",
        description=properties.get("Description"),
        tags=_kms_tags(properties),
        multi_region=_true(properties.get("MultiRegion", False)),
    )
    _apply_key_properties(key, properties, backend)
    return key


def _update_key(
    cls, original_resource, new_resource_name, cloudformation_json, account_id, region_name,
):
    properties = _properties(cloudformation_json)
    backend = kms_models.kms_backends[account_id][region_name]
    key = original_resource
    replaced = (
        (properties.get("KeySpec") or "SYMMETRIC_DEFAULT") != key.key_spec
        or (properties.get("KeyUsage") or "ENCRYPT_DECRYPT") != key.key_usage
        or _true(properties.get("MultiRegion", False)) != bool(key.multi_region)
    )
    if replaced:
        key.delete(account_id, region_name)
        return _create_key(cls, new_resource_name, cloudformation_json, account_id, region_name)
    _apply_key_properties(key, properties, backend)
    if properties.get("Tags"):
        backend.tagger.tag_resource(key.id, _kms_tags(properties))
    return key


def _schedule_key_deletion(self, account_id, region_name):
    """DeleteStack schedules the key's deletion, as CloudFormation does."""
    backend = kms_models.kms_backends[account_id][region_name]
    if self.id in backend.keys and self.key_state != "PendingDeletion":
        backend.schedule_key_deletion(
            self.id, self.__dict__.get(PENDING_WINDOW, DEFAULT_PENDING_WINDOW_DAYS)
        )


def _patch_key():
    kms_models.Key.create_from_cloudformation_json = classmethod(_create_key)
    kms_models.Key.update_from_cloudformation_json = classmethod(_update_key)
    kms_models.Key.delete = _schedule_key_deletion
    original_has = kms_models.Key.has_cfn_attr.__func__
    original_get = kms_models.Key.get_cfn_attribute

    def has_cfn_attr(cls, attr):
        return attr == "KeyId" or original_has(cls, attr)

    def get_cfn_attribute(self, attribute_name):
        return self.id if attribute_name == "KeyId" else original_get(self, attribute_name)

    kms_models.Key.has_cfn_attr = classmethod(has_cfn_attr)
    kms_models.Key.get_cfn_attribute = get_cfn_attribute

    # The rotation period through the API too: EnableKeyRotation(RotationPeriodInDays),
    # GetKeyRotationStatus answers it (and the key ARN as KeyId, as AWS).
    enable = kms_responses.KmsResponse.enable_key_rotation
    status = kms_responses.KmsResponse.get_key_rotation_status

    def enable_key_rotation(self):
        answer = enable(self)
        key = self.kms_backend.keys[self.kms_backend.get_key_id(self._get_param("KeyId"))]
        period = self._get_param("RotationPeriodInDays")
        key.__dict__[ROTATION_PERIOD] = int(period) if period else DEFAULT_ROTATION_PERIOD_DAYS
        return answer

    def get_key_rotation_status(self):
        answer = json.loads(status(self))
        key = self.kms_backend.keys[self.kms_backend.get_key_id(self._get_param("KeyId"))]
        answer["KeyId"] = key.arn
        if answer.get("KeyRotationEnabled"):
            answer["RotationPeriodInDays"] = key.__dict__.get(ROTATION_PERIOD, DEFAULT_ROTATION_PERIOD_DAYS)
        return json.dumps(answer)

    kms_responses.KmsResponse.enable_key_rotation = enable_key_rotation
    kms_responses.KmsResponse.get_key_rotation_status = get_key_rotation_status


# --- AWS::Events::EventBus -------------------------------------------------------------------


POLICY_SIDS = "_snaplife_policy_sids"  # on an EventBus: the statements of its Policy property


def _set_bus_policy(bus, policy):
    """The bus's Policy property replaces the statements it put before; those of
    EventBusPolicy resources (or PutPermission) stay."""
    for sid in bus.__dict__.pop(POLICY_SIDS, []):
        bus.remove_statement(sid)
    if policy is None:
        return
    document = json.loads(policy) if isinstance(policy, str) else policy
    statements = document.get("Statement") or []
    if isinstance(statements, dict):
        statements = [statements]
    for index, statement in enumerate(statements):
        statement = dict(statement)
        statement.setdefault("Sid", f"statement-{index}")
        statement.setdefault("Effect", "Allow")
        statement.setdefault("Resource", bus.arn)
        bus._statements[statement["Sid"]] = EventBusPolicyStatement.from_dict(statement)
        bus.__dict__.setdefault(POLICY_SIDS, []).append(statement["Sid"])


def _patch_event_bus():
    EventBus.physical_resource_id = property(lambda self: self.name)
    update = EventBus.update_from_cloudformation_json.__func__

    def create_from_cloudformation_json(
        cls, resource_name, cloudformation_json, account_id, region_name, **kwargs,
    ):
        properties = _properties(cloudformation_json)
        bus = events_backends[account_id][region_name].create_event_bus(
            name=resource_name,
            event_source_name=properties.get("EventSourceName"),
            description=properties.get("Description"),
            kms_key_identifier=properties.get("KmsKeyIdentifier"),
            dead_letter_config=properties.get("DeadLetterConfig"),
            tags=properties.get("Tags"),
        )
        _set_bus_policy(bus, properties.get("Policy"))
        return bus

    def update_from_cloudformation_json(
        cls, original_resource, new_resource_name, cloudformation_json, account_id, region_name,
    ):
        if new_resource_name != original_resource.name:
            return update(cls, original_resource, new_resource_name, cloudformation_json, account_id, region_name)
        properties = _properties(cloudformation_json)
        original_resource.description = properties.get("Description")
        original_resource.kms_key_identifier = properties.get("KmsKeyIdentifier")
        original_resource.dead_letter_config = properties.get("DeadLetterConfig")
        _set_bus_policy(original_resource, properties.get("Policy"))
        return original_resource

    EventBus.create_from_cloudformation_json = classmethod(create_from_cloudformation_json)
    EventBus.update_from_cloudformation_json = classmethod(update_from_cloudformation_json)


def install():
    for model in NEW_MODELS:
        _no_class_delete(model)
    _patch_bucket()
    _patch_table()
    _patch_key()
    _patch_event_bus()
    _keep_queue_policy()
    # moto's registry is CloudFormationModel.__subclasses__(), cached on first use: the new
    # models joined it by being defined; the caches are cleared in case a stack was already
    # parsed before (then without them).
    parsing.get_model_list.cache_clear()
    parsing.get_model_map.cache_clear()
    parsing.get_name_type_map.cache_clear()
