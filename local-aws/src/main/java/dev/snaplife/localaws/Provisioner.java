package dev.snaplife.localaws;

import dev.snaplife.contracts.routing.DeliveryPolicy;
import dev.snaplife.contracts.routing.ResourceNames;
import dev.snaplife.contracts.routing.SnaplifeService;
import dev.snaplife.contracts.routing.Topology;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.model.ComparisonOperator;
import software.amazon.awssdk.services.cloudwatch.model.Dimension;
import software.amazon.awssdk.services.cloudwatch.model.Statistic;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.ResourceAlreadyExistsException;
import software.amazon.awssdk.services.eventbridge.model.Target;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.EntityAlreadyExistsException;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.AliasListEntry;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketAlreadyOwnedByYouException;
import software.amazon.awssdk.services.s3.model.CreateBucketConfiguration;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;
import software.amazon.awssdk.services.s3.model.ServerSideEncryptionRule;
import software.amazon.awssdk.services.scheduler.SchedulerClient;
import software.amazon.awssdk.services.scheduler.model.FlexibleTimeWindowMode;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueNameExistsException;

/**
 * Creates everything one Snaplife environment needs on an emulator (or a sandbox account), derived
 * from the routing table: the bus and its rules, each service's queue with its dead-letter queue
 * (shaped by the delivery policy) and an alarm on it, the services' tables, the timers' schedules,
 * the topics, buckets and keys. Every step is idempotent: running it again changes nothing.
 */
public final class Provisioner {

  private final AwsTarget aws;
  private final Topology topology;
  private final ResourceNames names;
  private final ProvisioningOptions options;

  public Provisioner(AwsTarget aws, ResourceNames names, ProvisioningOptions options) {
    this.aws = aws;
    this.names = names;
    this.topology = new Topology(names);
    this.options = options;
  }

  /** Provisions the environment and returns what it created or found. */
  public ProvisionedEnvironment provision() {
    List<String> problems = options.delivery().violations();
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException("delivery policy refused: " + problems);
    }
    try (EventBridgeClient events = aws.client(EventBridgeClient.builder());
        SqsClient sqs = aws.client(SqsClient.builder());
        DynamoDbClient dynamo = aws.client(DynamoDbClient.builder());
        SnsClient sns = aws.client(SnsClient.builder());
        S3Client s3 = aws.client(S3Client.builder());
        SchedulerClient scheduler = aws.client(SchedulerClient.builder());
        CloudWatchClient cloudWatch = aws.client(CloudWatchClient.builder());
        IamClient iam = aws.client(IamClient.builder())) {
      String account = aws.accountId();
      String busArn = ensureBus(events);
      String infoTopic = sns.createTopic(b -> b.name(names.infoTopic())).topicArn();
      String alertsTopic = sns.createTopic(b -> b.name(names.alertsTopic())).topicArn();
      String schedulerRole = ensureSchedulerRole(iam, account);
      ensureScheduleGroup(scheduler);
      List<String> queueUrls = new ArrayList<>();
      for (SnaplifeService service : SnaplifeService.values()) {
        String queueUrl = ensureServiceQueue(events, sqs, service);
        queueUrls.add(queueUrl);
        ensureTable(dynamo, names.processedEventsTable(service), "eventId", null);
        for (Topology.TableSpec table : Topology.SERVICE_TABLES.getOrDefault(service, List.of())) {
          ensureTable(
              dynamo,
              names.serviceTable(service, table.purpose()),
              table.hashKey(),
              table.sortKey());
        }
        for (Topology.ScheduleSpec schedule : topology.schedulesFor(service)) {
          ensureSchedule(scheduler, schedule, queueArn(sqs, queueUrl), schedulerRole);
        }
        ensureDeadLetterAlarm(cloudWatch, service, alertsTopic);
      }
      ensureBucket(s3, names.exportsBucket(account, aws.region().id()));
      ensureBucket(s3, names.archivesBucket(account, aws.region().id()));
      String sourceKey = ensureKmsKey(aws, names.kmsKeyAlias());
      String copyRegionKey = ensureKmsKey(aws.inRegion(options.copyRegion()), names.kmsKeyAlias());
      AwsTarget drAccount = aws.assumingRole(options.drAccountRoleArn());
      String drAccountKey =
          ensureKmsKey(drAccount.inRegion(options.copyRegion()), names.kmsKeyAlias());
      forwardToHome(events, account, drAccount.accountId());
      for (AwsTarget destination :
          List.of(
              aws.inRegion(options.copyRegion()),
              drAccount,
              drAccount.inRegion(options.copyRegion()))) {
        ensureForwardingRules(destination, account);
      }
      return new ProvisionedEnvironment(
          names, busArn, queueUrls, infoTopic, alertsTopic, sourceKey, copyRegionKey, drAccountKey);
    }
  }

  /** Lets the destination account put events on the home account's default bus. */
  private void forwardToHome(EventBridgeClient events, String home, String destinationAccount) {
    if (destinationAccount.equals(home)) {
      return;
    }
    events.putPermission(
        b ->
            b.eventBusName(Topology.DEFAULT_BUS)
                .action("events:PutEvents")
                .principal(destinationAccount)
                .statementId(names.environment() + "-from-" + destinationAccount));
  }

  /**
   * In a destination, the rules forwarding the native events replication-service follows copies by
   * to the home account's default bus in the home region.
   */
  private void ensureForwardingRules(AwsTarget destination, String homeAccount) {
    String homeBus =
        "arn:aws:events:" + aws.region().id() + ":" + homeAccount + ":event-bus/default";
    try (EventBridgeClient events = destination.client(EventBridgeClient.builder())) {
      for (Topology.RuleSpec rule : topology.forwardingRules()) {
        events.putRule(
            b ->
                b.name(rule.name())
                    .eventBusName(rule.eventBus())
                    .eventPattern(rule.eventPattern())
                    .description("Forwards RDS's copy events to the home bus"));
        events.putTargets(
            b ->
                b.rule(rule.name())
                    .eventBusName(rule.eventBus())
                    .targets(Target.builder().id("home").arn(homeBus).build()));
      }
    }
  }

  private String ensureBus(EventBridgeClient events) {
    try {
      return events.createEventBus(b -> b.name(names.eventBus())).eventBusArn();
    } catch (ResourceAlreadyExistsException e) {
      return events.describeEventBus(b -> b.name(names.eventBus())).arn();
    }
  }

  /** The service's queue, its DLQ, and the rules that feed it. Returns the queue URL. */
  private String ensureServiceQueue(
      EventBridgeClient events, SqsClient sqs, SnaplifeService service) {
    DeliveryPolicy delivery = options.delivery();
    String dlqUrl =
        ensureQueue(
            sqs,
            names.deadLetterQueue(service),
            Map.of(
                QueueAttributeName.MESSAGE_RETENTION_PERIOD,
                seconds(delivery.deadLetterRetention())));
    String dlqArn = queueArn(sqs, dlqUrl);
    String queueUrl =
        ensureQueue(
            sqs,
            names.queue(service),
            Map.of(
                QueueAttributeName.VISIBILITY_TIMEOUT,
                seconds(delivery.visibilityTimeout()),
                QueueAttributeName.MESSAGE_RETENTION_PERIOD,
                seconds(delivery.queueRetention()),
                QueueAttributeName.RECEIVE_MESSAGE_WAIT_TIME_SECONDS,
                "20"));
    String queueArn = queueArn(sqs, queueUrl);
    String redrive =
        Json.write(
            Map.of("deadLetterTargetArn", dlqArn, "maxReceiveCount", delivery.maxReceiveCount()));
    List<String> ruleArns = new ArrayList<>();
    for (Topology.RuleSpec rule : topology.rulesFor(service)) {
      String ruleArn =
          events
              .putRule(
                  b ->
                      b.name(rule.name())
                          .eventBusName(rule.eventBus())
                          .eventPattern(rule.eventPattern())
                          .description("Routes " + service + "'s subscriptions to its queue"))
              .ruleArn();
      events.putTargets(
          b ->
              b.rule(rule.name())
                  .eventBusName(rule.eventBus())
                  .targets(Target.builder().id("queue").arn(queueArn).build()));
      ruleArns.add(ruleArn);
    }
    sqs.setQueueAttributes(
        b ->
            b.queueUrl(queueUrl)
                .attributes(
                    Map.of(
                        QueueAttributeName.REDRIVE_POLICY,
                        redrive,
                        QueueAttributeName.POLICY,
                        eventsMaySend(queueArn, ruleArns))));
    return queueUrl;
  }

  private static String seconds(java.time.Duration duration) {
    return String.valueOf(duration.toSeconds());
  }

  /**
   * The role EventBridge Scheduler assumes to put timer firings on the environment's queues; the
   * only thing it may do is send to them.
   */
  private String ensureSchedulerRole(IamClient iam, String account) {
    String role = names.schedulerRole();
    try {
      iam.createRole(
          b ->
              b.roleName(role)
                  .description("EventBridge Scheduler delivering Snaplife timers")
                  .assumeRolePolicyDocument(
                      policyDocument(
                          Map.of(
                              "Effect",
                              "Allow",
                              "Principal",
                              Map.of("Service", "scheduler.amazonaws.com"),
                              "Action",
                              "sts:AssumeRole",
                              "Condition",
                              Map.of("StringEquals", Map.of("aws:SourceAccount", account))))));
    } catch (EntityAlreadyExistsException alreadyThere) {
      // Created by an earlier run.
    }
    iam.putRolePolicy(
        b ->
            b.roleName(role)
                .policyName("send-to-snaplife-queues")
                .policyDocument(
                    policyDocument(
                        Map.of(
                            "Effect",
                            "Allow",
                            "Action",
                            "sqs:SendMessage",
                            "Resource",
                            "arn:aws:sqs:"
                                + aws.region().id()
                                + ":"
                                + account
                                + ":"
                                + names.environment()
                                + "-*"))));
    return "arn:aws:iam::" + account + ":role/" + role;
  }

  private void ensureScheduleGroup(SchedulerClient scheduler) {
    try {
      scheduler.createScheduleGroup(b -> b.name(names.scheduleGroup()));
    } catch (software.amazon.awssdk.services.scheduler.model.ConflictException alreadyThere) {
      // Created by an earlier run.
    }
  }

  /** Creates the timer's schedule, or brings an existing one to the wanted definition. */
  private static void ensureSchedule(
      SchedulerClient scheduler, Topology.ScheduleSpec spec, String queueArn, String roleArn) {
    software.amazon.awssdk.services.scheduler.model.Target target =
        software.amazon.awssdk.services.scheduler.model.Target.builder()
            .arn(queueArn)
            .roleArn(roleArn)
            .input(spec.input())
            .build();
    try {
      scheduler.createSchedule(
          b ->
              b.groupName(spec.group())
                  .name(spec.name())
                  .scheduleExpression(spec.expression())
                  .flexibleTimeWindow(f -> f.mode(FlexibleTimeWindowMode.OFF))
                  .target(target));
    } catch (software.amazon.awssdk.services.scheduler.model.ConflictException exists) {
      scheduler.updateSchedule(
          b ->
              b.groupName(spec.group())
                  .name(spec.name())
                  .scheduleExpression(spec.expression())
                  .flexibleTimeWindow(f -> f.mode(FlexibleTimeWindowMode.OFF))
                  .target(target));
    }
  }

  /**
   * An alarm on the service's dead-letter queue: any message in it alerts on-call through the
   * alerts topic within a minute, and its return to empty says so too.
   */
  private void ensureDeadLetterAlarm(
      CloudWatchClient cloudWatch, SnaplifeService service, String alertsTopic) {
    cloudWatch.putMetricAlarm(
        b ->
            b.alarmName(names.deadLetterAlarm(service))
                .alarmDescription(
                    "Messages in "
                        + names.deadLetterQueue(service)
                        + ": "
                        + service
                        + " gave up on them; each message's attribute snaplife-dead-letter-reason"
                        + " says why.")
                .namespace("AWS/SQS")
                .metricName("ApproximateNumberOfMessagesVisible")
                .dimensions(
                    Dimension.builder()
                        .name("QueueName")
                        .value(names.deadLetterQueue(service))
                        .build())
                .statistic(Statistic.MAXIMUM)
                .period(60)
                .evaluationPeriods(1)
                .threshold(0.0)
                .comparisonOperator(ComparisonOperator.GREATER_THAN_THRESHOLD)
                .treatMissingData("notBreaching")
                .actionsEnabled(true)
                .alarmActions(alertsTopic)
                .okActions(alertsTopic));
  }

  /** Creates the queue, or brings an existing one's attributes to the wanted values. */
  private static String ensureQueue(
      SqsClient sqs, String name, Map<QueueAttributeName, String> attributes) {
    try {
      return sqs.createQueue(b -> b.queueName(name).attributes(attributes)).queueUrl();
    } catch (QueueNameExistsException differentAttributes) {
      String url = sqs.getQueueUrl(b -> b.queueName(name)).queueUrl();
      sqs.setQueueAttributes(b -> b.queueUrl(url).attributes(attributes));
      return url;
    }
  }

  /** A queue policy letting only this environment's rules deliver into the queue. */
  private static String eventsMaySend(String queueArn, List<String> ruleArns) {
    return policyDocument(
        Map.of(
            "Sid",
            "SnaplifeRules",
            "Effect",
            "Allow",
            "Principal",
            Map.of("Service", "events.amazonaws.com"),
            "Action",
            "sqs:SendMessage",
            "Resource",
            queueArn,
            "Condition",
            Map.of("ArnEquals", Map.of("aws:SourceArn", ruleArns))));
  }

  /** An IAM or resource policy document of one statement. */
  private static String policyDocument(Map<String, Object> statement) {
    return Json.write(Map.of("Version", "2012-10-17", "Statement", List.of(statement)));
  }

  private static String queueArn(SqsClient sqs, String queueUrl) {
    return sqs.getQueueAttributes(
            b -> b.queueUrl(queueUrl).attributeNames(QueueAttributeName.QUEUE_ARN))
        .attributes()
        .get(QueueAttributeName.QUEUE_ARN);
  }

  /** A pay-per-request table keyed by string attributes, with TTL on {@code expiresAt}. */
  private static void ensureTable(
      DynamoDbClient dynamo, String table, String hashKey, @Nullable String sortKey) {
    List<AttributeDefinition> attributes = new ArrayList<>();
    List<KeySchemaElement> keys = new ArrayList<>();
    attributes.add(stringAttribute(hashKey));
    keys.add(KeySchemaElement.builder().attributeName(hashKey).keyType(KeyType.HASH).build());
    if (sortKey != null) {
      attributes.add(stringAttribute(sortKey));
      keys.add(KeySchemaElement.builder().attributeName(sortKey).keyType(KeyType.RANGE).build());
    }
    try {
      dynamo.createTable(
          b ->
              b.tableName(table)
                  .billingMode(BillingMode.PAY_PER_REQUEST)
                  .attributeDefinitions(attributes)
                  .keySchema(keys));
      dynamo.waiter().waitUntilTableExists(b -> b.tableName(table));
    } catch (ResourceInUseException alreadyThere) {
      // Created by an earlier run.
    }
    dynamo.updateTimeToLive(
        b ->
            b.tableName(table)
                .timeToLiveSpecification(t -> t.attributeName("expiresAt").enabled(true)));
  }

  private static AttributeDefinition stringAttribute(String name) {
    return AttributeDefinition.builder()
        .attributeName(name)
        .attributeType(ScalarAttributeType.S)
        .build();
  }

  private void ensureBucket(S3Client s3, String bucket) {
    try {
      if (aws.region().equals(Region.US_EAST_1)) {
        s3.createBucket(b -> b.bucket(bucket));
      } else {
        s3.createBucket(
            b ->
                b.bucket(bucket)
                    .createBucketConfiguration(
                        CreateBucketConfiguration.builder()
                            .locationConstraint(aws.region().id())
                            .build()));
      }
    } catch (BucketAlreadyOwnedByYouException alreadyThere) {
      // Created by an earlier run.
    }
    s3.putPublicAccessBlock(
        b ->
            b.bucket(bucket)
                .publicAccessBlockConfiguration(
                    c ->
                        c.blockPublicAcls(true)
                            .blockPublicPolicy(true)
                            .ignorePublicAcls(true)
                            .restrictPublicBuckets(true)));
    s3.putBucketEncryption(
        b ->
            b.bucket(bucket)
                .serverSideEncryptionConfiguration(
                    c ->
                        c.rules(
                            ServerSideEncryptionRule.builder()
                                .applyServerSideEncryptionByDefault(
                                    d -> d.sseAlgorithm(ServerSideEncryption.AWS_KMS))
                                .build())));
  }

  /** The key behind the alias in that account and region, created on first run. */
  private static String ensureKmsKey(AwsTarget target, String alias) {
    try (KmsClient kms = target.client(KmsClient.builder())) {
      for (AliasListEntry entry : kms.listAliasesPaginator(b -> {}).aliases()) {
        if (entry.aliasName().equals(alias) && entry.targetKeyId() != null) {
          return kms.describeKey(b -> b.keyId(entry.targetKeyId())).keyMetadata().arn();
        }
      }
      String keyArn =
          kms.createKey(b -> b.description("Snaplife snapshots and exports (" + alias + ")"))
              .keyMetadata()
              .arn();
      kms.createAlias(b -> b.aliasName(alias).targetKeyId(keyArn));
      return keyArn;
    }
  }
}
