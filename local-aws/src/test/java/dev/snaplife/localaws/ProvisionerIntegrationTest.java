package dev.snaplife.localaws;

import static org.assertj.core.api.Assertions.assertThat;

import dev.snaplife.contracts.routing.ResourceNames;
import dev.snaplife.contracts.routing.SnaplifeService;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.Rule;
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
        assertThat(redrive.get("maxReceiveCount").asInt()).isEqualTo(Provisioner.MAX_RECEIVE_COUNT);
        assertThat(
                dynamo
                    .describeTimeToLive(b -> b.tableName(env.names().processedEventsTable(service)))
                    .timeToLiveDescription()
                    .attributeName())
            .isEqualTo("expiresAt");
      }
    }
    assertThat(env.drAccountKmsKeyArn()).contains(":222222222222:").contains("eu-west-1");
    assertThat(env.copyRegionKmsKeyArn()).contains(":123456789012:").contains("eu-west-1");
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
