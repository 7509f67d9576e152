package dev.snaplife.cli.operator;

import dev.snaplife.cli.AwsCalls;
import dev.snaplife.cli.AwsConnection;
import dev.snaplife.cli.SnaplifeCli;
import java.time.Clock;
import java.util.function.Function;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;

/**
 * What a request by hand needs of AWS: the environment's bus, and what the services published about
 * themselves. Its clients are closed when the command ends.
 */
final class OperatorSession {

  private final OperatorBus bus;
  private final BackupPolicyCatalogue backupPolicies;

  private OperatorSession(OperatorBus bus, BackupPolicyCatalogue backupPolicies) {
    this.bus = bus;
    this.backupPolicies = backupPolicies;
  }

  /** Runs the work with the environment's clients; returns its exit code. */
  static int run(SnaplifeCli root, Function<OperatorSession, Integer> work) {
    var names = root.names();
    AwsConnection connection = root.aws();
    AwsCalls aws = new AwsCalls(names, connection.describe());
    try (EventBridgeClient events = connection.eventBridge();
        DynamoDbClient dynamo = connection.dynamo()) {
      return work.apply(
          new OperatorSession(
              new OperatorBus(events, aws, Clock.systemUTC()),
              new BackupPolicyCatalogue(dynamo, aws)));
    }
  }

  OperatorBus bus() {
    return bus;
  }

  BackupPolicyCatalogue backupPolicies() {
    return backupPolicies;
  }
}
