package dev.snaplife.cli.operator;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.snaplife.cli.AwsCalls;
import dev.snaplife.cli.AwsConnection;
import dev.snaplife.cli.CliRun;
import dev.snaplife.contracts.event.EventType;
import dev.snaplife.contracts.routing.ResourceNames;
import dev.snaplife.platform.testing.Events;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;

class OperatorBusTest {

  @Test
  void refusesAnEventTheRoutingTableDoesNotLetAnOperatorPublishWithoutCallingAws() {
    String nowhere = "http://127.0.0.1:" + CliRun.closedPort();
    AwsConnection connection =
        AwsConnection.from(
            Map.of("AWS_ACCESS_KEY_ID", "test", "AWS_SECRET_ACCESS_KEY", "test"),
            java.net.URI.create(nowhere));
    try (EventBridgeClient events = connection.eventBridge()) {
      OperatorBus bus =
          new OperatorBus(events, new AwsCalls(new ResourceNames("t"), nowhere), Clock.systemUTC());

      assertThatThrownBy(() -> bus.publish(Events.sample(EventType.SNAPSHOT_CREATED)))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage(
              "the routing table does not let snaplife.operator publish SnapshotCreated"
                  + " (allowed: snaplife.snapshot-service)");
    }
  }
}
