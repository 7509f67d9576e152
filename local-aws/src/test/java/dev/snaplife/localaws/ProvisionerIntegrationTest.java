package dev.snaplife.localaws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.snaplife.contracts.routing.DeliveryPolicy;
import dev.snaplife.contracts.routing.NativeEventType;
import dev.snaplife.contracts.routing.ResourceNames;
import dev.snaplife.contracts.routing.Routing;
import dev.snaplife.contracts.routing.SnaplifeService;
import dev.snaplife.contracts.routing.Topology;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.model.MetricAlarm;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.Rule;
import software.amazon.awssdk.services.scheduler.SchedulerClient;
import software.amazon.awssdk.services.scheduler.model.GetScheduleResponse;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class ProvisionerIntegrationTest {

  private final LocalAws aws = LocalAws.get();

  @Test
  void provisioningTwiceChangesNothing() {
    ResourceNames names = new ResourceNames("prov" + System.nanoTime() % 1_000_000);
    Provisioner provisioner =
        new Provisioner(
            aws.target(), names, ProvisioningOptions.localDefaults(names.environment()));

    ProvisionedEnvironment first = provisioner.provision();
    String rulesBefore = rulesOf(names);
    ProvisionedEnvironment second = provisioner.provision();

    assertThat(second).isEqualTo(first);
    assertThat(rulesOf(names)).isEqualTo(rulesBefore);
  }

  @Test
  void everyQueueHasADeadLetterQueueAndEveryServiceItsOwnTable() {
    ProvisionedEnvironment env = aws.newEnvironment();
    try (SqsClient sqs = aws.target().client(SqsClient.builder());
        DynamoDbClient dynamo = aws.target().client(DynamoDbClient.builder())) {
      for (SnaplifeService service : SnaplifeService.values()) {
        String url = sqs.getQueueUrl(b -> b.queueName(env.names().queue(service))).queueUrl();
        Map<QueueAttributeName, String> attributes =
            sqs.getQueueAttributes(
                    b -> b.queueUrl(url).attributeNames(QueueAttributeName.REDRIVE_POLICY))
                .attributes();
        JsonNode redrive =
            JsonMapper.builder()
                .build()
                .readTree(attributes.get(QueueAttributeName.REDRIVE_POLICY));
        assertThat(redrive.get("deadLetterTargetArn").asString())
            .endsWith(":" + env.names().deadLetterQueue(service));
        assertThat(redrive.get("maxReceiveCount").asInt())
            .isEqualTo(DeliveryPolicy.DEFAULTS.maxReceiveCount());
        assertThat(
                dynamo
                    .describeTimeToLive(b -> b.tableName(env.names().processedEventsTable(service)))
                    .timeToLiveDescription()
                    .attributeName())
            .isEqualTo("expiresAt");
        for (Topology.TableSpec table : Topology.SERVICE_TABLES.getOrDefault(service, List.of())) {
          var keys =
              dynamo
                  .describeTable(
                      b -> b.tableName(env.names().serviceTable(service, table.purpose())))
                  .table()
                  .keySchema();
          assertThat(keys)
              .extracting(k -> k.attributeName())
              .as("%s's %s table", service, table.purpose())
              .containsExactlyElementsOf(
                  table.sortKey() == null
                      ? List.of(table.hashKey())
                      : List.of(table.hashKey(), table.sortKey()));
        }
      }
    }
    assertThat(env.drAccountKmsKeyArn()).contains(":222222222222:").contains("eu-west-1");
    assertThat(env.copyRegionKmsKeyArn()).contains(":123456789012:").contains("eu-west-1");
  }

  @Test
  void everyDestinationForwardsRdsCopyAndExportEventsToTheHomeDefaultBus() {
    ProvisionedEnvironment env = aws.newEnvironment();
    String rule = env.names().forwardingRule(NativeEventType.RDS_DB_SNAPSHOT_EVENT);
    AwsTarget dr = aws.target().assumingRole("arn:aws:iam::222222222222:role/x");
    for (AwsTarget destination :
        java.util.List.of(
            aws.target().inRegion(Region.EU_WEST_1), dr, dr.inRegion(Region.EU_WEST_1))) {
      try (EventBridgeClient events = destination.client(EventBridgeClient.builder())) {
        JsonNode pattern =
            JsonMapper.builder()
                .build()
                .readTree(events.describeRule(b -> b.name(rule)).eventPattern());
        assertThat(pattern.at("/detail/EventID").toString())
            .contains("RDS-EVENT-0060", "RDS-EVENT-0197", "RDS-EVENT-0161");
        assertThat(
                events
                    .describeRule(
                        b ->
                            b.name(
                                env.names()
                                    .forwardingRule(NativeEventType.RDS_DB_CLUSTER_SNAPSHOT_EVENT)))
                    .eventPattern())
            .contains("RDS-EVENT-0164");
        assertThat(events.listTargetsByRule(b -> b.rule(rule)).targets())
            .singleElement()
            .satisfies(
                t ->
                    assertThat(t.arn())
                        .isEqualTo("arn:aws:events:us-east-1:123456789012:event-bus/default"));
      }
    }
    try (EventBridgeClient events = aws.target().client(EventBridgeClient.builder())) {
      assertThat(events.describeEventBus(b -> b.name("default")).policy()).contains("222222222222");
    }
  }

  @Test
  void timersAreScheduledIntoTheirServicesQueueAndEveryDeadLetterQueueRaisesAnAlarm() {
    ProvisionedEnvironment env = aws.newEnvironment();
    ResourceNames names = env.names();
    try (SchedulerClient scheduler = aws.target().client(SchedulerClient.builder());
        CloudWatchClient cloudWatch = aws.target().client(CloudWatchClient.builder())) {
      GetScheduleResponse rpo =
          scheduler.getSchedule(
              b -> b.groupName(names.scheduleGroup()).name("snapshot-service-rpo-watch"));

      assertThat(rpo.scheduleExpression()).isEqualTo(Routing.RPO_WATCH.scheduleExpression());
      assertThat(rpo.target().arn()).endsWith(":" + names.queue(SnaplifeService.SNAPSHOT));
      assertThat(rpo.target().roleArn()).endsWith(":role/" + names.schedulerRole());
      assertThat(rpo.target().input())
          .contains("\"detail-type\":\"Snaplife Timer\"")
          .contains("\"timer\":\"rpo-watch\"")
          .contains("<aws.scheduler.scheduled-time>");
      for (SnaplifeService service : SnaplifeService.values()) {
        MetricAlarm alarm =
            cloudWatch
                .describeAlarms(b -> b.alarmNames(names.deadLetterAlarm(service)))
                .metricAlarms()
                .get(0);
        assertThat(alarm.dimensions().get(0).value()).isEqualTo(names.deadLetterQueue(service));
        assertThat(alarm.alarmActions()).containsExactly(env.alertsTopicArn());
      }
    }
  }

  @Test
  void aDeliveryPolicyThatCannotHoldIsRefusedBeforeAnythingIsCreated() {
    ResourceNames names = new ResourceNames("bad" + System.nanoTime() % 1_000_000);
    DeliveryPolicy fiveDeliveries =
        DeliveryPolicy.DEFAULTS.withQueue(
            java.time.Duration.ofSeconds(45),
            5,
            java.time.Duration.ofDays(4),
            java.time.Duration.ofDays(14));
    Provisioner provisioner =
        new Provisioner(
            aws.target(),
            names,
            ProvisioningOptions.localDefaults(names.environment()).withDelivery(fiveDeliveries));

    assertThatThrownBy(provisioner::provision)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("the queue's redrive maxReceiveCount");
    try (SqsClient sqs = aws.target().client(SqsClient.builder())) {
      assertThat(sqs.listQueues(b -> b.queueNamePrefix(names.environment())).queueUrls()).isEmpty();
    }
  }

  private String rulesOf(ResourceNames names) {
    try (EventBridgeClient events = aws.target().client(EventBridgeClient.builder())) {
      return events
          .listRules(b -> b.eventBusName(names.eventBus()).namePrefix(names.environment()))
          .rules()
          .stream()
          .map(Rule::toString)
          .sorted()
          .toList()
          .toString();
    }
  }
}
