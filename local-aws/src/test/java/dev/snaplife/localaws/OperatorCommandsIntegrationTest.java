package dev.snaplife.localaws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.snaplife.contracts.routing.SnaplifeService;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

class OperatorCommandsIntegrationTest {

  private final LocalAws aws = LocalAws.get();
  private final ProvisionedEnvironment env = aws.newEnvironment();
  private final OperatorCommands commands = new OperatorCommands(aws.target(), env.names());

  @Test
  void aRequestForAPolicyTheServiceDoesNotRunIsRefusedBeforeAnythingIsSent() {
    publishCatalogue("production-daily", "staging-weekly");

    assertThatThrownBy(
            () -> commands.requestBackup("production-dialy", false, List.of(), Instant.now()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "no backup policy named 'production-dialy' in environment "
                + env.names().environment()
                + " (the snapshot service runs: production-daily, staging-weekly); nothing was"
                + " requested");
    assertThat(commands.requestBackup("production-daily", true, List.of(), Instant.now()))
        .isNotNull();
  }

  @Test
  void withoutACatalogueTheRequestGoesOutUnchecked() {
    assertThat(commands.backupPolicies()).isEmpty();
    assertThat(commands.requestBackup("anything", true, List.of(), Instant.now())).isNotNull();
  }

  private void publishCatalogue(String... policies) {
    StringBuilder json = new StringBuilder("[");
    for (String p : policies) {
      json.append(json.length() > 1 ? "," : "").append("{\"name\":\"").append(p).append("\"}");
    }
    json.append(']');
    try (DynamoDbClient dynamo = aws.target().client(DynamoDbClient.builder())) {
      dynamo.putItem(
          b ->
              b.tableName(env.names().serviceTable(SnaplifeService.SNAPSHOT, "state"))
                  .item(
                      Map.of(
                          "id", AttributeValue.fromS("policies"),
                          "policies", AttributeValue.fromS(json.toString()))));
    }
  }
}
