package dev.snaplife.deploy;

import static dev.snaplife.deploy.template.Fn.eachOf;
import static dev.snaplife.deploy.template.Fn.equalsTo;
import static dev.snaplife.deploy.template.Fn.getAtt;
import static dev.snaplife.deploy.template.Fn.ifThen;
import static dev.snaplife.deploy.template.Fn.noValue;
import static dev.snaplife.deploy.template.Fn.not;
import static dev.snaplife.deploy.template.Fn.obj;
import static dev.snaplife.deploy.template.Fn.ref;
import static dev.snaplife.deploy.template.Fn.sub;

import dev.snaplife.contracts.routing.DeliveryPolicy;
import dev.snaplife.contracts.routing.ResourceNames;
import dev.snaplife.contracts.routing.SnaplifeService;
import dev.snaplife.contracts.routing.Topology;
import dev.snaplife.deploy.template.PolicyDocument;
import dev.snaplife.deploy.template.Template;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The home account and region's stack, from the routing table's topology (the same source local
 * provisioning reads): the bus, each service's queue, dead-letter queue, rules, tables, role,
 * Fargate service, autoscaling and alarms; the topics, buckets, key and schedules. Everything is
 * encrypted with the environment's rotating key, reachable over TLS only, and kept when the stack
 * is deleted where it holds state.
 */
public final class HomeStack {

  static final String DESTINATION_ACCOUNTS = "DestinationAccountIds";
  static final String OPERATORS = "OperatorPrincipalArns";
  private static final String CLUSTER = "Cluster";
  private static final String ALERTS = "AlertsTopic";
  private static final String INFO = "InfoTopic";
  private static final String BUS = "EventBus";

  private final ResourceNames names;
  private final Topology topology;
  private final ServiceRoles roles;
  private final Arns arns;
  private final DeliveryPolicy delivery;

  public HomeStack(ResourceNames names) {
    this.names = names;
    this.topology = new Topology(names);
    this.roles = new ServiceRoles(names);
    this.arns = new Arns(names);
    this.delivery = DeliveryPolicy.DEFAULTS;
  }

  public static String exportRole(ResourceNames names) {
    return names.environment() + "-export";
  }

  public static String crawlerRole(ResourceNames names) {
    return names.environment() + "-crawler";
  }

  /** The logical id prefix of a service's resources: {@code Snapshot}, {@code Replication}… */
  public static String logicalId(SnaplifeService service) {
    String name = service.name().toLowerCase(Locale.ROOT);
    return Character.toUpperCase(name.charAt(0)) + name.substring(1);
  }

  public static String taskRole(SnaplifeService service) {
    return logicalId(service) + "TaskRole";
  }

  public Template template() {
    Template t =
        new Template(
            "Snaplife environment "
                + names.environment()
                + ", home account and region: generated from the routing table by"
                + " dev.snaplife.deploy.DeployCommand; do not edit by hand.");
    parameters(t);
    key(t);
    bus(t);
    topics(t);
    buckets(t);
    List<Object> queueArns = new ArrayList<>();
    for (SnaplifeService service : SnaplifeService.values()) {
      queues(t, service);
      queueArns.add(getAtt(logicalId(service) + "Queue", "Arn"));
      tables(t, service);
    }
    scheduler(t, queueArns);
    exportAndCrawlerRoles(t);
    cluster(t);
    for (SnaplifeService service : SnaplifeService.values()) {
      taskRoleOf(t, service);
      fargateService(t, service);
      alarms(t, service);
    }
    ownershipTagGuard(t);
    t.output("EventBusArn", "The bus every Snaplife event travels on", getAtt(BUS, "Arn"));
    t.output("KeyArn", "The environment's key", getAtt(Arns.KEY, "Arn"));
    t.output("AlertsTopicArn", "Failures and alarms: subscribe on-call here", ref(ALERTS));
    t.output("InfoTopicArn", "Outcomes: subscribe reports here", ref(INFO));
    return t;
  }

  private void parameters(Template t) {
    t.parameter(
        "ImageRegistry",
        obj(
            "Type",
            "String",
            "Description",
            "Registry holding the images, e.g. 123456789012.dkr.ecr.us-east-1.amazonaws.com"));
    t.parameter(
        "ImageNamespace",
        obj(
            "Type",
            "String",
            "Default",
            "snaplife",
            "Description",
            "Repository prefix: images are <registry>/<namespace>/<service>:<tag>"));
    t.parameter("ImageTag", obj("Type", "String", "Description", "Tag of the five images"));
    t.parameter(
        "Subnets",
        obj(
            "Type",
            "List<AWS::EC2::Subnet::Id>",
            "Description",
            "Private subnets the tasks run in (they reach AWS through NAT or VPC endpoints)"));
    t.parameter(
        "SecurityGroups",
        obj(
            "Type",
            "List<AWS::EC2::SecurityGroup::Id>",
            "Description",
            "Security groups of the tasks: outbound HTTPS, and the archived databases' ports"));
    t.parameter(
        DESTINATION_ACCOUNTS,
        obj(
            "Type",
            "CommaDelimitedList",
            "Description",
            "Accounts snapshots may be shared with and whose events may reach this account's"
                + " default bus; this account's own id when copies only change region"));
    t.parameter(
        "CopyRegion",
        obj("Type", "String", "Description", "Region snapshot copies and their exports live in"));
    t.parameter(
        OPERATORS,
        obj(
            "Type",
            "CommaDelimitedList",
            "Description",
            "IAM role ARNs allowed to put operator events (snaplife backup run, archive run)"));
    t.parameter(
        "MaxTasks",
        obj(
            "Type",
            "Number",
            "Default",
            4,
            "MinValue",
            1,
            "Description",
            "Most tasks autoscaling runs per service"));
    t.parameter(
        "BacklogPerTask",
        obj(
            "Type",
            "Number",
            "Default",
            50,
            "MinValue",
            1,
            "Description",
            "Messages waiting per running task that autoscaling aims at"));
    t.parameter(
        "QueueAgeAlarmSeconds",
        obj(
            "Type",
            "Number",
            "Default",
            900,
            "Description",
            "Alert when a service's oldest waiting message is older than this"));
    t.parameter(
        "ArchiveObjectLock",
        obj(
            "Type",
            "String",
            "Default",
            "Disabled",
            "AllowedValues",
            List.of("Disabled", "GOVERNANCE", "COMPLIANCE"),
            "Description",
            "Object Lock mode of the archives bucket (only at its creation)"));
    t.parameter(
        "ArchiveObjectLockDays",
        obj(
            "Type",
            "Number",
            "Default",
            35,
            "MinValue",
            1,
            "Description",
            "Default retention of locked archives"));
    t.parameter(
        "LogRetentionDays",
        obj("Type", "Number", "Default", 30, "Description", "Task log retention"));
    for (SnaplifeService service : SnaplifeService.values()) {
      t.parameter(
          logicalId(service) + "Settings",
          obj(
              "Type",
              "String",
              "Default",
              "{}",
              "Description",
              service.serviceName()
                  + "'s settings (policies, rules) as SPRING_APPLICATION_JSON; see config/"));
    }
    t.condition("ArchiveLocked", not(equalsTo(ref("ArchiveObjectLock"), "Disabled")));
  }

  private void key(Template t) {
    PolicyDocument policy =
        keyPolicy()
            .statement(
                "AwsServicesDeliverEncryptedMessages",
                "Allow",
                obj(
                    "Service",
                    List.of(
                        "events.amazonaws.com", "cloudwatch.amazonaws.com", "sns.amazonaws.com")),
                ServiceRoles.ENCRYPT,
                "*",
                obj("StringEquals", obj("aws:SourceAccount", ref("AWS::AccountId"))))
            .statement(
                "DestinationAccountsCopySharedSnapshots",
                "Allow",
                obj("AWS", eachOf("arn:${AWS::Partition}:iam::", DESTINATION_ACCOUNTS, ":root")),
                List.of("kms:CreateGrant", "kms:Decrypt", "kms:DescribeKey"),
                "*",
                null);
    t.retainedResource(
        Arns.KEY,
        "AWS::KMS::Key",
        obj(
            "Description",
            "Snaplife " + names.environment() + ": queues, topics, tables, buckets, snapshots",
            "EnableKeyRotation",
            true,
            "RotationPeriodInDays",
            365,
            "KeyPolicy",
            policy.toMap()));
    t.resource(
        "KeyAlias",
        "AWS::KMS::Alias",
        obj("AliasName", names.kmsKeyAlias(), "TargetKeyId", ref(Arns.KEY)));
  }

  private void bus(Template t) {
    t.resource(BUS, "AWS::Events::EventBus", obj("Name", names.eventBus()));
    // Only the operators may put operator events, only each service its own.
    t.resource(
        "OperatorEventsPolicy",
        "AWS::Events::EventBusPolicy",
        obj(
            "EventBusName",
            getAtt(BUS, "Name"),
            "StatementId",
            "only-operators-put-operator-events",
            "Statement",
            busDeny(SnaplifeService.OPERATOR_SOURCE, ref(OPERATORS))));
    for (SnaplifeService service : SnaplifeService.values()) {
      t.resource(
          logicalId(service) + "EventsPolicy",
          "AWS::Events::EventBusPolicy",
          obj(
              "EventBusName",
              getAtt(BUS, "Name"),
              "StatementId",
              "only-" + service.serviceName() + "-puts-its-events",
              "Statement",
              busDeny(service.source(), List.of(getAtt(taskRole(service), "Arn")))));
    }
    // RDS's events from the destinations (copies made, exports ended) arrive on the default bus.
    t.resource(
        "DestinationsForwardEvents",
        "AWS::Events::EventBusPolicy",
        obj(
            "EventBusName",
            Topology.DEFAULT_BUS,
            "StatementId",
            names.environment() + "-destinations-forward-events",
            "Statement",
            obj(
                "Effect",
                "Allow",
                "Principal",
                obj("AWS", eachOf("arn:${AWS::Partition}:iam::", DESTINATION_ACCOUNTS, ":root")),
                "Action",
                "events:PutEvents",
                "Resource",
                sub(
                    "arn:${AWS::Partition}:events:${AWS::Region}:${AWS::AccountId}:event-bus/"
                        + Topology.DEFAULT_BUS))));
  }

  private Map<String, Object> busDeny(String source, Object allowedPrincipals) {
    return obj(
        "Effect",
        "Deny",
        "Principal",
        "*",
        "Action",
        "events:PutEvents",
        "Resource",
        arns.bus(),
        "Condition",
        obj(
            "StringEquals",
            obj("events:source", source),
            "ArnNotEquals",
            obj("aws:PrincipalArn", allowedPrincipals)));
  }

  private void topics(Template t) {
    t.resource(
        INFO,
        "AWS::SNS::Topic",
        obj("TopicName", names.infoTopic(), "KmsMasterKeyId", getAtt(Arns.KEY, "Arn")));
    t.resource(
        ALERTS,
        "AWS::SNS::Topic",
        obj("TopicName", names.alertsTopic(), "KmsMasterKeyId", getAtt(Arns.KEY, "Arn")));
    PolicyDocument policy =
        new PolicyDocument()
            .statement(
                "AlarmsAlert",
                "Allow",
                obj("Service", "cloudwatch.amazonaws.com"),
                List.of("sns:Publish"),
                ref(ALERTS),
                obj("StringEquals", obj("aws:SourceAccount", ref("AWS::AccountId"))))
            .denyInsecureTransport("sns", List.of(ref(INFO), ref(ALERTS)));
    t.resource(
        "TopicsPolicy",
        "AWS::SNS::TopicPolicy",
        obj("Topics", List.of(ref(INFO), ref(ALERTS)), "PolicyDocument", policy.toMap()));
  }

  private void buckets(Template t) {
    bucket(t, "ExportsBucket", names.exportsBucket("${AWS::AccountId}", "${AWS::Region}"), false);
    bucket(t, "ArchivesBucket", names.archivesBucket("${AWS::AccountId}", "${AWS::Region}"), true);
  }

  /**
   * Versioned, encrypted with the environment's key, no public access, TLS only. Expiry by the
   * services deletes the current version; the old one is gone 30 days later (or when its lock
   * ends).
   */
  private void bucket(Template t, String id, String name, boolean archives) {
    Map<String, Object> properties =
        obj(
            "BucketName",
            sub(name),
            "BucketEncryption",
            obj(
                "ServerSideEncryptionConfiguration",
                List.of(
                    obj(
                        "ServerSideEncryptionByDefault",
                        obj("SSEAlgorithm", "aws:kms", "KMSMasterKeyID", getAtt(Arns.KEY, "Arn")),
                        "BucketKeyEnabled",
                        true))),
            "PublicAccessBlockConfiguration",
            obj(
                "BlockPublicAcls",
                true,
                "BlockPublicPolicy",
                true,
                "IgnorePublicAcls",
                true,
                "RestrictPublicBuckets",
                true),
            "OwnershipControls",
            obj("Rules", List.of(obj("ObjectOwnership", "BucketOwnerEnforced"))),
            "VersioningConfiguration",
            obj("Status", "Enabled"),
            "LifecycleConfiguration",
            obj(
                "Rules",
                List.of(
                    obj(
                        "Id",
                        "snaplife-expired-versions",
                        "Status",
                        "Enabled",
                        "NoncurrentVersionExpiration",
                        obj("NoncurrentDays", 30),
                        "AbortIncompleteMultipartUpload",
                        obj("DaysAfterInitiation", 7)))));
    if (archives) {
      properties.put("ObjectLockEnabled", ifThen("ArchiveLocked", true, noValue()));
      properties.put(
          "ObjectLockConfiguration",
          ifThen(
              "ArchiveLocked",
              obj(
                  "ObjectLockEnabled",
                  "Enabled",
                  "Rule",
                  obj(
                      "DefaultRetention",
                      obj("Mode", ref("ArchiveObjectLock"), "Days", ref("ArchiveObjectLockDays")))),
              noValue()));
    }
    t.retainedResource(id, "AWS::S3::Bucket", properties);
    Object bucketArn = getAtt(id, "Arn");
    t.resource(
        id + "Policy",
        "AWS::S3::BucketPolicy",
        obj(
            "Bucket",
            ref(id),
            "PolicyDocument",
            new PolicyDocument()
                .denyInsecureTransport("s3", List.of(bucketArn, arns.objectsIn(bucketArn)))
                .toMap()));
  }

  private void queues(Template t, SnaplifeService service) {
    String id = logicalId(service);
    t.resource(
        id + "DeadLetterQueue",
        "AWS::SQS::Queue",
        obj(
            "QueueName",
            names.deadLetterQueue(service),
            "MessageRetentionPeriod",
            delivery.deadLetterRetention().toSeconds(),
            "KmsMasterKeyId",
            getAtt(Arns.KEY, "Arn"),
            "KmsDataKeyReusePeriodSeconds",
            3600));
    t.resource(
        id + "Queue",
        "AWS::SQS::Queue",
        obj(
            "QueueName",
            names.queue(service),
            "VisibilityTimeout",
            delivery.visibilityTimeout().toSeconds(),
            "MessageRetentionPeriod",
            delivery.queueRetention().toSeconds(),
            "ReceiveMessageWaitTimeSeconds",
            20,
            "KmsMasterKeyId",
            getAtt(Arns.KEY, "Arn"),
            "KmsDataKeyReusePeriodSeconds",
            3600,
            "RedrivePolicy",
            obj(
                "deadLetterTargetArn",
                getAtt(id + "DeadLetterQueue", "Arn"),
                "maxReceiveCount",
                delivery.maxReceiveCount())));
    List<Object> ruleArns = new ArrayList<>();
    int n = 0;
    for (Topology.RuleSpec rule : topology.rulesFor(service)) {
      String ruleId = id + "Rule" + (n++ == 0 ? "" : String.valueOf(n));
      t.resource(
          ruleId,
          "AWS::Events::Rule",
          obj(
              "Name",
              rule.name(),
              "Description",
              "Routes " + service + "'s subscriptions to its queue",
              "EventBusName",
              rule.eventBus().equals(Topology.DEFAULT_BUS)
                  ? Topology.DEFAULT_BUS
                  : getAtt(BUS, "Name"),
              "EventPattern",
              Template.json(rule.eventPattern()),
              "State",
              "ENABLED",
              "Targets",
              List.of(obj("Id", "queue", "Arn", getAtt(id + "Queue", "Arn")))));
      ruleArns.add(getAtt(ruleId, "Arn"));
    }
    PolicyDocument policy = new PolicyDocument();
    if (!ruleArns.isEmpty()) {
      policy.statement(
          "OnlyTheServicesRulesDeliver",
          "Allow",
          obj("Service", "events.amazonaws.com"),
          List.of("sqs:SendMessage"),
          getAtt(id + "Queue", "Arn"),
          obj("ArnEquals", obj("aws:SourceArn", ruleArns)));
    }
    policy.denyInsecureTransport(
        "sqs", List.of(getAtt(id + "Queue", "Arn"), getAtt(id + "DeadLetterQueue", "Arn")));
    t.resource(
        id + "QueuePolicy",
        "AWS::SQS::QueuePolicy",
        obj(
            "Queues",
            List.of(ref(id + "Queue"), ref(id + "DeadLetterQueue")),
            "PolicyDocument",
            policy.toMap()));
  }

  private void tables(Template t, SnaplifeService service) {
    String id = logicalId(service);
    table(t, id + "ProcessedEventsTable", names.processedEventsTable(service), "eventId", null);
    for (Topology.TableSpec spec : Topology.SERVICE_TABLES.getOrDefault(service, List.of())) {
      table(
          t,
          id + camel(spec.purpose()) + "Table",
          names.serviceTable(service, spec.purpose()),
          spec.hashKey(),
          spec.sortKey());
    }
  }

  private static String camel(String purpose) {
    StringBuilder out = new StringBuilder();
    for (String part : purpose.split("-")) {
      out.append(Character.toUpperCase(part.charAt(0))).append(part.substring(1));
    }
    return out.toString();
  }

  /** Pay per request, point-in-time recovery, the environment's key, TTL on expiresAt. */
  private void table(Template t, String id, String name, String hashKey, String sortKey) {
    List<Object> attributes = new ArrayList<>();
    List<Object> keys = new ArrayList<>();
    attributes.add(obj("AttributeName", hashKey, "AttributeType", "S"));
    keys.add(obj("AttributeName", hashKey, "KeyType", "HASH"));
    if (sortKey != null) {
      attributes.add(obj("AttributeName", sortKey, "AttributeType", "S"));
      keys.add(obj("AttributeName", sortKey, "KeyType", "RANGE"));
    }
    t.retainedResource(
        id,
        "AWS::DynamoDB::Table",
        obj(
            "TableName",
            name,
            "BillingMode",
            "PAY_PER_REQUEST",
            "AttributeDefinitions",
            attributes,
            "KeySchema",
            keys,
            "PointInTimeRecoverySpecification",
            obj("PointInTimeRecoveryEnabled", true),
            "SSESpecification",
            obj("SSEEnabled", true, "SSEType", "KMS", "KMSMasterKeyId", getAtt(Arns.KEY, "Arn")),
            "TimeToLiveSpecification",
            obj("AttributeName", "expiresAt", "Enabled", true)));
  }

  /** The role EventBridge Scheduler delivers timers and policy firings with, and the timers. */
  private void scheduler(Template t, List<Object> queueArns) {
    t.role(
        "SchedulerRole",
        names.schedulerRole(),
        "EventBridge Scheduler delivering Snaplife timers and policy runs to the queues",
        trust("scheduler.amazonaws.com"),
        "send-to-snaplife-queues",
        new PolicyDocument()
            .allow("SendToQueues", List.of("sqs:SendMessage"), queueArns)
            .allow("EncryptedQueues", ServiceRoles.ENCRYPT, getAtt(Arns.KEY, "Arn")));
    t.resource(
        "ScheduleGroup", "AWS::Scheduler::ScheduleGroup", obj("Name", names.scheduleGroup()));
    for (SnaplifeService service : SnaplifeService.values()) {
      int n = 0;
      for (Topology.ScheduleSpec schedule : topology.schedulesFor(service)) {
        Map<String, Object> resource =
            t.resource(
                logicalId(service) + "Timer" + (n++ == 0 ? "" : String.valueOf(n)),
                "AWS::Scheduler::Schedule",
                obj(
                    "Name",
                    schedule.name(),
                    "GroupName",
                    schedule.group(),
                    "ScheduleExpression",
                    schedule.expression(),
                    "FlexibleTimeWindow",
                    obj("Mode", "OFF"),
                    "State",
                    "ENABLED",
                    "Target",
                    obj(
                        "Arn",
                        getAtt(logicalId(service) + "Queue", "Arn"),
                        "RoleArn",
                        getAtt("SchedulerRole", "Arn"),
                        "Input",
                        schedule.input())));
        resource.put("DependsOn", "ScheduleGroup");
      }
    }
  }

  /** The roles RDS exports and Glue crawls with; services hand them over (iam:PassRole). */
  private void exportAndCrawlerRoles(Template t) {
    Object bucket = getAtt("ExportsBucket", "Arn");
    Object objects = arns.objectsIn(bucket);
    t.role(
        "ExportRole",
        exportRole(names),
        "RDS writing snapshot exports to the exports bucket",
        trust("export.rds.amazonaws.com"),
        "write-exports",
        new PolicyDocument()
            .allow("Bucket", List.of("s3:GetBucketLocation", "s3:ListBucket"), bucket)
            .allow("Objects", List.of("s3:DeleteObject", "s3:GetObject", "s3:PutObject"), objects)
            .allow(
                "EncryptedBucket",
                List.of("kms:Decrypt", "kms:DescribeKey", "kms:Encrypt", "kms:GenerateDataKey"),
                getAtt(Arns.KEY, "Arn")));
    t.role(
        "CrawlerRole",
        crawlerRole(names),
        "Glue crawling the exports into the catalogue",
        trust("glue.amazonaws.com"),
        "crawl-exports",
        new PolicyDocument()
            .allow("Bucket", List.of("s3:ListBucket"), bucket)
            .allow("Objects", List.of("s3:GetObject"), objects)
            .allow("EncryptedBucket", List.of("kms:Decrypt"), getAtt(Arns.KEY, "Arn"))
            .allow(
                "Catalogue",
                List.of(
                    "glue:BatchCreatePartition",
                    "glue:BatchGetPartition",
                    "glue:CreatePartition",
                    "glue:CreateTable",
                    "glue:DeleteTable",
                    "glue:GetDatabase",
                    "glue:GetPartition",
                    "glue:GetPartitions",
                    "glue:GetTable",
                    "glue:GetTables",
                    "glue:UpdatePartition",
                    "glue:UpdateTable"),
                List.of(arns.glue("catalog"), arns.glue("database/*"), arns.glue("table/*/*")))
            .allow(
                "CrawlerLogs",
                List.of("logs:CreateLogGroup", "logs:CreateLogStream", "logs:PutLogEvents"),
                sub(
                    "arn:${AWS::Partition}:logs:${AWS::Region}:${AWS::AccountId}"
                        + ":log-group:/aws-glue/*")));
  }

  private void cluster(Template t) {
    t.resource(
        CLUSTER,
        "AWS::ECS::Cluster",
        obj(
            "ClusterName",
            names.environment(),
            "ClusterSettings",
            // Container Insights gives RunningTaskCount, the denominator of backlog per task.
            List.of(obj("Name", "containerInsights", "Value", "enabled"))));
    t.role(
        "TaskExecutionRole",
        names.environment() + "-task-execution",
        "ECS pulling Snaplife's images and shipping its logs",
        trust("ecs-tasks.amazonaws.com"),
        "pull-and-log",
        new PolicyDocument()
            // GetAuthorizationToken has no resource to scope to.
            .allow("RegistryLogin", List.of("ecr:GetAuthorizationToken"), "*")
            .allow(
                "PullImages",
                List.of(
                    "ecr:BatchCheckLayerAvailability",
                    "ecr:BatchGetImage",
                    "ecr:GetDownloadUrlForLayer"),
                sub(
                    "arn:${AWS::Partition}:ecr:${AWS::Region}:${AWS::AccountId}"
                        + ":repository/${ImageNamespace}/*"))
            .allow(
                "Logs",
                List.of("logs:CreateLogStream", "logs:PutLogEvents"),
                sub(
                    "arn:${AWS::Partition}:logs:${AWS::Region}:${AWS::AccountId}"
                        + ":log-group:/snaplife/"
                        + names.environment()
                        + "/*")));
  }

  private void taskRoleOf(Template t, SnaplifeService service) {
    t.role(
        taskRole(service),
        names.environment() + "-" + service.serviceName(),
        service.serviceName() + ": only the calls its code makes, on its own resources",
        trust("ecs-tasks.amazonaws.com"),
        service.serviceName(),
        roles.policyOf(service));
  }

  /**
   * One Fargate service per Snaplife service: rolling deploys that keep every running task until
   * the new one is healthy (and roll back when it never is), and a stop that lets in-flight
   * messages finish (SIGTERM, then up to 120 s, which the services' graceful shutdown fits in).
   */
  private void fargateService(Template t, SnaplifeService service) {
    String id = logicalId(service);
    String logGroup = "/snaplife/" + names.environment() + "/" + service.serviceName();
    t.resource(
        id + "LogGroup",
        "AWS::Logs::LogGroup",
        obj("LogGroupName", logGroup, "RetentionInDays", ref("LogRetentionDays")));
    boolean archive = service == SnaplifeService.ARCHIVE;
    t.resource(
        id + "TaskDefinition",
        "AWS::ECS::TaskDefinition",
        obj(
            "Family",
            names.environment() + "-" + service.serviceName(),
            "RequiresCompatibilities",
            List.of("FARGATE"),
            "NetworkMode",
            "awsvpc",
            // archive-service runs pg_dump and mysqldump beside the JVM.
            "Cpu",
            archive ? "1024" : "256",
            "Memory",
            archive ? "2048" : "512",
            "RuntimePlatform",
            obj("OperatingSystemFamily", "LINUX", "CpuArchitecture", "X86_64"),
            "ExecutionRoleArn",
            getAtt("TaskExecutionRole", "Arn"),
            "TaskRoleArn",
            getAtt(taskRole(service), "Arn"),
            "ContainerDefinitions",
            List.of(
                obj(
                    "Name",
                    service.serviceName(),
                    "Image",
                    sub(
                        "${ImageRegistry}/${ImageNamespace}/"
                            + service.serviceName()
                            + ":${ImageTag}"),
                    "Essential",
                    true,
                    "PortMappings",
                    List.of(obj("ContainerPort", 8080, "Protocol", "tcp")),
                    "Environment",
                    List.of(
                        env("SNAPLIFE_ENVIRONMENT", names.environment()),
                        env("SPRING_APPLICATION_JSON", ref(id + "Settings")),
                        // The platform stops gracefully (listeners stop polling, handlers in
                        // flight finish); ECS waits 120 s after SIGTERM.
                        env("SPRING_LIFECYCLE_TIMEOUT_PER_SHUTDOWN_PHASE", "100s")),
                    "HealthCheck",
                    obj(
                        "Command",
                        List.of(
                            "CMD-SHELL",
                            "curl -fsS http://localhost:8080/actuator/health || exit 1"),
                        "Interval",
                        30,
                        "Timeout",
                        5,
                        "Retries",
                        3,
                        "StartPeriod",
                        60),
                    "StopTimeout",
                    120,
                    "LogConfiguration",
                    obj(
                        "LogDriver",
                        "awslogs",
                        "Options",
                        obj(
                            "awslogs-group",
                            logGroup,
                            "awslogs-region",
                            ref("AWS::Region"),
                            "awslogs-stream-prefix",
                            service.serviceName()))))));
    Map<String, Object> ecsService =
        t.resource(
            id + "Service",
            "AWS::ECS::Service",
            obj(
                "ServiceName",
                service.serviceName(),
                "Cluster",
                ref(CLUSTER),
                "LaunchType",
                "FARGATE",
                "TaskDefinition",
                ref(id + "TaskDefinition"),
                "DesiredCount",
                1,
                "DeploymentConfiguration",
                obj(
                    "MinimumHealthyPercent",
                    100,
                    "MaximumPercent",
                    200,
                    "DeploymentCircuitBreaker",
                    obj("Enable", true, "Rollback", true)),
                "NetworkConfiguration",
                obj(
                    "AwsvpcConfiguration",
                    obj(
                        "Subnets",
                        ref("Subnets"),
                        "SecurityGroups",
                        ref("SecurityGroups"),
                        "AssignPublicIp",
                        "DISABLED")),
                "PropagateTags",
                "SERVICE"));
    ecsService.put("DependsOn", List.of(id + "LogGroup", id + "Queue"));
    Map<String, Object> target =
        t.resource(
            id + "ScalableTarget",
            "AWS::ApplicationAutoScaling::ScalableTarget",
            obj(
                "ServiceNamespace",
                "ecs",
                "ScalableDimension",
                "ecs:service:DesiredCount",
                "ResourceId",
                sub("service/${" + CLUSTER + "}/" + service.serviceName()),
                "MinCapacity",
                1,
                "MaxCapacity",
                ref("MaxTasks")));
    target.put("DependsOn", id + "Service");
    t.resource(
        id + "BacklogScaling",
        "AWS::ApplicationAutoScaling::ScalingPolicy",
        obj(
            "PolicyName",
            names.environment() + "-" + service.serviceName() + "-backlog-per-task",
            "PolicyType",
            "TargetTrackingScaling",
            "ScalingTargetId",
            ref(id + "ScalableTarget"),
            "TargetTrackingScalingPolicyConfiguration",
            obj(
                "TargetValue",
                ref("BacklogPerTask"),
                "ScaleOutCooldown",
                60,
                "ScaleInCooldown",
                300,
                "CustomizedMetricSpecification",
                obj(
                    "Metrics",
                    List.of(
                        metric(
                            "backlog",
                            "AWS/SQS",
                            "ApproximateNumberOfMessagesVisible",
                            "Sum",
                            List.of(obj("Name", "QueueName", "Value", names.queue(service)))),
                        metric(
                            "tasks",
                            "ECS/ContainerInsights",
                            "RunningTaskCount",
                            "Average",
                            List.of(
                                obj("Name", "ClusterName", "Value", names.environment()),
                                obj("Name", "ServiceName", "Value", service.serviceName()))),
                        obj(
                            "Id",
                            "backlogpertask",
                            "Expression",
                            "backlog / tasks",
                            "Label",
                            "Messages waiting per task",
                            "ReturnData",
                            true))))));
  }

  private static Map<String, Object> metric(
      String id, String namespace, String name, String stat, List<Object> dimensions) {
    return obj(
        "Id",
        id,
        "MetricStat",
        obj(
            "Metric",
            obj("Namespace", namespace, "MetricName", name, "Dimensions", dimensions),
            "Stat",
            stat),
        "ReturnData",
        false);
  }

  /** Anything in the DLQ, and messages left waiting too long, alert on-call. */
  private void alarms(Template t, SnaplifeService service) {
    String id = logicalId(service);
    queueAlarm(
        t,
        id + "DeadLetterAlarm",
        names.deadLetterAlarm(service),
        "Messages in "
            + names.deadLetterQueue(service)
            + ": "
            + service
            + " gave up on them; each message's attribute snaplife-dead-letter-reason says why."
            + " `snaplife dlq list "
            + service.serviceName()
            + "`",
        names.deadLetterQueue(service),
        "ApproximateNumberOfMessagesVisible",
        60,
        0);
    queueAlarm(
        t,
        id + "QueueAgeAlarm",
        names.queue(service) + "-falling-behind",
        service + " is not keeping up: its oldest waiting message is older than the threshold",
        names.queue(service),
        "ApproximateAgeOfOldestMessage",
        300,
        ref("QueueAgeAlarmSeconds"));
  }

  /** An alarm on one queue's metric above a threshold, raised and cleared on the alerts topic. */
  private static void queueAlarm(
      Template t,
      String id,
      String name,
      String description,
      String queue,
      String metric,
      int periodSeconds,
      Object threshold) {
    t.resource(
        id,
        "AWS::CloudWatch::Alarm",
        obj(
            "AlarmName",
            name,
            "AlarmDescription",
            description,
            "Namespace",
            "AWS/SQS",
            "MetricName",
            metric,
            "Dimensions",
            List.of(obj("Name", "QueueName", "Value", queue)),
            "Statistic",
            "Maximum",
            "Period",
            periodSeconds,
            "EvaluationPeriods",
            1,
            "Threshold",
            threshold,
            "ComparisonOperator",
            "GreaterThanThreshold",
            "TreatMissingData",
            "notBreaching",
            "AlarmActions",
            List.of(ref(ALERTS)),
            "OKActions",
            List.of(ref(ALERTS))));
  }

  /**
   * A policy for the account to attach to every other principal (or to turn into a service control
   * policy): nobody but Snaplife adds or removes Snaplife's tags, so nobody can make retention
   * delete a snapshot Snaplife did not take.
   */
  private void ownershipTagGuard(Template t) {
    t.resource(
        "OwnershipTagGuard",
        "AWS::IAM::ManagedPolicy",
        obj(
            "ManagedPolicyName",
            names.environment() + "-ownership-tag-guard",
            "Description",
            "Attach to every principal but Snaplife's roles: denies tagging with snaplife:* keys",
            "PolicyDocument",
            new PolicyDocument()
                .deny(
                    "OnlySnaplifeTagsSnaplifeSnapshots",
                    List.of("rds:AddTagsToResource", "rds:RemoveTagsFromResource"),
                    "*",
                    ServiceRoles.touchesOwnershipTag())
                .toMap()));
  }

  private static Map<String, Object> env(String name, Object value) {
    return obj("Name", name, "Value", value);
  }

  /** A key policy whose first statement lets the account's IAM policies grant the key's use. */
  static PolicyDocument keyPolicy() {
    return new PolicyDocument()
        .statement(
            "AccountAdministersTheKey",
            "Allow",
            obj("AWS", sub("arn:${AWS::Partition}:iam::${AWS::AccountId}:root")),
            List.of("kms:*"),
            "*",
            null);
  }

  /** Trust for an AWS service acting for this account only. */
  static Map<String, Object> trust(String servicePrincipal) {
    return new PolicyDocument()
        .statement(
            "AssumedBy" + servicePrincipal.split("\\.")[0].replace("-", ""),
            "Allow",
            obj("Service", servicePrincipal),
            List.of("sts:AssumeRole"),
            null,
            obj("StringEquals", obj("aws:SourceAccount", ref("AWS::AccountId"))))
        .toMap();
  }
}
