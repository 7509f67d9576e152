package dev.snaplife.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.snaplife.contracts.routing.ResourceNames;
import dev.snaplife.contracts.routing.SnaplifeService;
import dev.snaplife.contracts.routing.Topology;
import dev.snaplife.deploy.HomeStack;
import dev.snaplife.deploy.Templates;
import dev.snaplife.deploy.iam.AwsOperationScanner;
import dev.snaplife.deploy.iam.IamActions;
import dev.snaplife.deploy.iam.TaskRoleGrants;
import dev.snaplife.localaws.AwsTarget;
import dev.snaplife.localaws.LocalAws;
import dev.snaplife.localaws.ProvisionedEnvironment;
import dev.snaplife.platform.testing.EmulatorEnvironment;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudformation.model.StackResourceSummary;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.model.MetricAlarm;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.PointInTimeRecoveryStatus;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.scheduler.SchedulerClient;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * The generated templates deployed onto the emulator with CloudFormation, the home stack and the
 * two destinations (the copy region, and that region of the disaster-recovery account), then one
 * whole lifecycle run by the five services on what the stacks made, nothing provisioned otherwise.
 *
 * <p>moto's CloudFormation lacks several types the templates use; the launcher's
 * cloudformation-resources extension adds them (policies of queues, topics, buses and buckets,
 * schedules, alarms, scaling) and applies the properties moto ignored (versioning, public access
 * blocks, point-in-time recovery, key rotation), each with its own launcher test. The first test
 * here fails if any resource was skipped and reads the hardening back through the services' APIs.
 * ECS and Application Auto Scaling are created as resources but run nothing on the emulator: the
 * services run as local processes with the task roles' permissions checked against their calls.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DeployedStackIntegrationTest {

  static final SecureRandom RANDOM = new SecureRandom();
  static final ResourceNames names =
      new ResourceNames("d" + Long.toString(RANDOM.nextLong() >>> 1, 36).substring(0, 8));
  static final LocalAws account = LocalAws.get().inFreshAccount();
  static final AwsTarget home = account.target();
  static final AwsTarget copyRegion = home.inRegion(Region.EU_WEST_1);
  static final AwsTarget drRegion =
      LocalAws.get().inAccount(LifecycleFleet.DR).target().inRegion(Region.EU_WEST_1);

  static StackDeployment homeStack;
  static final List<StackDeployment> destinations = new ArrayList<>();
  static EmulatorEnvironment aws;
  static LifecycleFleet fleet;
  static LifecycleRecorder recorder;
  static Scenario scenario;

  @BeforeAll
  static void deployTheTemplatesThenStartTheServices() {
    LifecycleFleet.Postgres.requireReachable();
    Map<String, String> templates = Templates.of(names);
    long started = System.nanoTime();
    homeStack =
        StackDeployment.create(
            home,
            names.environment() + "-home",
            templates.get(Templates.homeFile(names)),
            Map.of(
                "ImageRegistry", "registry.example",
                "ImageTag", "test",
                "Subnets", "subnet-0a1b2c3d",
                "SecurityGroups", "sg-0a1b2c3d",
                "DestinationAccountIds", LifecycleFleet.DR,
                "CopyRegion", "eu-west-1",
                "OperatorPrincipalArns", "arn:aws:iam::" + home.accountId() + ":role/on-call"));
    for (AwsTarget destination : List.of(copyRegion, drRegion)) {
      destinations.add(
          StackDeployment.create(
              destination,
              names.environment() + "-destination",
              templates.get(Templates.destinationFile(names)),
              Map.of("HomeAccountId", home.accountId(), "HomeRegion", "us-east-1")));
    }
    System.out.printf(
        "%n[deploy] three stacks created in %.1f s%n", (System.nanoTime() - started) / 1e9);

    try (SqsClient sqs = home.client(SqsClient.builder())) {
      List<String> queueUrls = new ArrayList<>();
      for (SnaplifeService service : SnaplifeService.values()) {
        queueUrls.add(sqs.getQueueUrl(b -> b.queueName(names.queue(service))).queueUrl());
      }
      aws =
          EmulatorEnvironment.of(
              account,
              new ProvisionedEnvironment(
                  names,
                  homeStack.outputs.get("EventBusArn"),
                  queueUrls,
                  homeStack.outputs.get("InfoTopicArn"),
                  homeStack.outputs.get("AlertsTopicArn"),
                  homeStack.outputs.get("KeyArn"),
                  destinations.get(0).outputs.get("KeyArn"),
                  destinations.get(1).outputs.get("KeyArn")));
    }
    fleet = new LifecycleFleet(aws);
    fleet.verificationLogins();
    recorder = new LifecycleRecorder(aws);
    fleet.start();
  }

  @AfterAll
  static void stop() {
    if (fleet != null) {
      fleet.close();
    }
    if (scenario != null) {
      LifecycleFleet.Postgres.dropDatabase(scenario.archiveDatabase);
    }
  }

  @Test
  @Order(1)
  @SuppressWarnings("unchecked")
  void everyResourceOfTheTemplatesIsDeployedAndHardened() {
    Map<String, Object> template = new HomeStack(names).template().toMap();
    Map<String, Object> declared = (Map<String, Object>) template.get("Resources");
    Map<String, String> deployed = new TreeMap<>();
    for (StackResourceSummary r : homeStack.resources) {
      deployed.put(r.logicalResourceId(), r.resourceType());
    }
    // moto lists a resource type it skipped as an entry without id or type.
    assertThat(deployed).as("resources the emulator skipped").doesNotContainKey("");
    assertThat(deployed.keySet()).containsExactlyInAnyOrderElementsOf(declared.keySet());
    // The copy region is in the home account: no role to assume there; the other account has one.
    assertThat(destinations.get(0).resources)
        .noneMatch(r -> r.logicalResourceId().equals("ReplicationRole"));
    assertThat(destinations.get(1).resources)
        .anyMatch(r -> r.logicalResourceId().equals("ReplicationRole"));

    String key = homeStack.outputs.get("KeyArn");
    try (KmsClient kms = home.client(KmsClient.builder());
        SqsClient sqs = home.client(SqsClient.builder());
        SnsClient sns = home.client(SnsClient.builder());
        DynamoDbClient dynamo = home.client(DynamoDbClient.builder());
        S3Client s3 = home.client(S3Client.builder());
        EventBridgeClient events = home.client(EventBridgeClient.builder());
        CloudWatchClient cloudWatch = home.client(CloudWatchClient.builder());
        SchedulerClient scheduler = home.client(SchedulerClient.builder())) {
      assertThat(kms.getKeyRotationStatus(b -> b.keyId(key)).keyRotationEnabled()).isTrue();
      for (SnaplifeService service : SnaplifeService.values()) {
        Map<QueueAttributeName, String> attributes =
            sqs.getQueueAttributes(
                    b -> b.queueUrl(aws.queueUrl(service)).attributeNames(QueueAttributeName.ALL))
                .attributes();
        assertThat(attributes.get(QueueAttributeName.KMS_MASTER_KEY_ID)).isEqualTo(key);
        assertThat(attributes.get(QueueAttributeName.POLICY))
            .contains("aws:SecureTransport", "events.amazonaws.com");
        assertThat(attributes.get(QueueAttributeName.REDRIVE_POLICY))
            .contains(names.deadLetterQueue(service));
        assertThat(
                dynamo
                    .describeContinuousBackups(
                        b -> b.tableName(names.processedEventsTable(service)))
                    .continuousBackupsDescription()
                    .pointInTimeRecoveryDescription()
                    .pointInTimeRecoveryStatus())
            .isEqualTo(PointInTimeRecoveryStatus.ENABLED);
      }
      for (String topic :
          List.of(homeStack.outputs.get("InfoTopicArn"), homeStack.outputs.get("AlertsTopicArn"))) {
        Map<String, String> attributes =
            sns.getTopicAttributes(b -> b.topicArn(topic)).attributes();
        assertThat(attributes.get("KmsMasterKeyId")).isEqualTo(key);
        assertThat(attributes.get("Policy")).contains("aws:SecureTransport");
      }
      for (String bucket :
          List.of(
              names.exportsBucket(home.accountId(), "us-east-1"),
              names.archivesBucket(home.accountId(), "us-east-1"))) {
        assertThat(s3.getBucketVersioning(b -> b.bucket(bucket)).statusAsString())
            .isEqualTo("Enabled");
        assertThat(
                s3.getPublicAccessBlock(b -> b.bucket(bucket))
                    .publicAccessBlockConfiguration()
                    .restrictPublicBuckets())
            .isTrue();
        assertThat(s3.getBucketPolicy(b -> b.bucket(bucket)).policy())
            .contains("aws:SecureTransport");
        assertThat(
                s3.getBucketEncryption(b -> b.bucket(bucket))
                    .serverSideEncryptionConfiguration()
                    .rules()
                    .get(0)
                    .applyServerSideEncryptionByDefault()
                    .kmsMasterKeyID())
            .isEqualTo(key);
      }
      assertThat(events.describeEventBus(b -> b.name(names.eventBus())).policy())
          .contains("snaplife.operator", "on-call");
      List<MetricAlarm> alarms =
          cloudWatch
              .describeAlarms(b -> b.alarmNamePrefix(names.environment() + "-"))
              .metricAlarms();
      assertThat(alarms).hasSize(2 * SnaplifeService.values().length);
      assertThat(alarms)
          .allSatisfy(
              a ->
                  assertThat(a.alarmActions())
                      .containsExactly(homeStack.outputs.get("AlertsTopicArn")));
      Topology topology = new Topology(names);
      for (SnaplifeService service : SnaplifeService.values()) {
        for (Topology.ScheduleSpec timer : topology.schedulesFor(service)) {
          assertThat(
                  scheduler
                      .getSchedule(b -> b.groupName(timer.group()).name(timer.name()))
                      .target()
                      .arn())
              .endsWith(":" + names.queue(service));
        }
      }
    }
  }

  @Test
  @Order(2)
  void oneLifecycleRunsOnTheDeployedResources() {
    scenario = new Scenario("deployed", 2, fleet, recorder);
    scenario.requestBackup(Instant.parse("2026-11-10T01:00:00Z"));
    scenario.requestArchive(Instant.parse("2026-11-10T02:00:00Z"), null);

    Scenario.Observed done = scenario.awaitComplete(Duration.ofMinutes(3), 0, 0);

    try (S3Client s3 = home.client(S3Client.builder())) {
      scenario.assertNothingLostNorDuplicated(done, s3);
    }
    System.out.println(scenario.figures(done));
  }

  /**
   * What each service really called (its {@code snaplife.aws.calls}) was found in its code by the
   * role test's scanner, and is granted by its task role in the deployed template.
   */
  @Test
  @Order(3)
  void eachServiceCalledOnlyWhatItsRoleGrants() {
    AwsOperationScanner scanner = new AwsOperationScanner(getClass().getClassLoader());
    Map<String, Object> parsed = new HomeStack(names).template().toMap();
    List<String> problems = new ArrayList<>();
    for (SnaplifeService service : SnaplifeService.values()) {
      Set<String> called = fleet.operations(service);
      Set<String> inCode = scanner.operationsOf(service.name().toLowerCase(Locale.ROOT));
      Set<String> granted = TaskRoleGrants.of(parsed, service);
      System.out.printf("[deploy] %s called %s%n", service, called);
      for (String operation : called) {
        if (!inCode.contains(operation)) {
          problems.add(service + " called " + operation + ", which the scanner did not find");
        }
        for (String action : IamActions.requiredBy(Set.of(operation)).keySet()) {
          if (granted.stream().noneMatch(a -> a.equalsIgnoreCase(action))) {
            problems.add(service + " called " + operation + " but its role lacks " + action);
          }
        }
      }
    }
    assertThat(problems).isEmpty();
  }
}
