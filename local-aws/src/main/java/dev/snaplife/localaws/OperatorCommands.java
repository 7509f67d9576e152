package dev.snaplife.localaws;

import dev.snaplife.contracts.event.BackupRequested;
import dev.snaplife.contracts.event.EventEnvelope;
import dev.snaplife.contracts.json.EventCodec;
import dev.snaplife.contracts.routing.ResourceNames;
import dev.snaplife.contracts.routing.SnaplifeService;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequestEntry;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResponse;

/**
 * What an operator does by hand: request a backup run now (what EventBridge Scheduler does on its
 * schedule), and, on an emulator, create a small demonstration fleet.
 */
final class OperatorCommands {

  private static final tools.jackson.databind.json.JsonMapper JSON =
      tools.jackson.databind.json.JsonMapper.builder().build();

  private final AwsTarget aws;
  private final ResourceNames names;

  OperatorCommands(AwsTarget aws, ResourceNames names) {
    this.aws = aws;
    this.names = names;
  }

  /**
   * The backup policies the snapshot service runs, as it published them at its last start; empty
   * when it never started in this environment (nothing to check against then).
   */
  Optional<List<String>> backupPolicies() {
    try (DynamoDbClient dynamo = aws.client(DynamoDbClient.builder())) {
      Map<String, AttributeValue> item =
          dynamo
              .getItem(
                  b ->
                      b.tableName(names.serviceTable(SnaplifeService.SNAPSHOT, "state"))
                          .key(Map.of("id", AttributeValue.fromS("policies"))))
              .item();
      if (item == null || !item.containsKey("policies")) {
        return Optional.empty();
      }
      List<String> policies = new ArrayList<>();
      JSON.readTree(item.get("policies").s()).forEach(p -> policies.add(p.path("name").asString()));
      return Optional.of(policies);
    } catch (ResourceNotFoundException notProvisioned) {
      return Optional.empty();
    }
  }

  /**
   * Puts a BackupRequested on the bus as the operator; returns its event id.
   *
   * @throws IllegalArgumentException for a policy the snapshot service does not run here: a typo
   *     would otherwise only reach the service's dead-letter queue
   */
  UUID requestBackup(String policy, boolean dryRun, List<String> databases, Instant scheduledTime) {
    Optional<List<String>> known = backupPolicies();
    if (known.isPresent() && !known.get().contains(policy)) {
      throw new IllegalArgumentException(
          "no backup policy named '"
              + policy
              + "' in environment "
              + names.environment()
              + " (the snapshot service runs: "
              + String.join(", ", known.get())
              + "); nothing was requested");
    }
    EventEnvelope<BackupRequested> event =
        EventEnvelope.of(
            UUID.randomUUID(),
            Instant.now(),
            UUID.randomUUID(),
            null,
            SnaplifeService.OPERATOR_SOURCE,
            new BackupRequested(
                policy,
                scheduledTime,
                databases.isEmpty() ? null : List.copyOf(databases),
                dryRun));
    try (EventBridgeClient events = aws.client(EventBridgeClient.builder())) {
      PutEventsResponse response =
          events.putEvents(
              b ->
                  b.entries(
                      PutEventsRequestEntry.builder()
                          .eventBusName(names.eventBus())
                          .source(SnaplifeService.OPERATOR_SOURCE)
                          .detailType(event.eventType())
                          .detail(new EventCodec().toJson(event))
                          .build()));
      if (response.failedEntryCount() != null && response.failedEntryCount() > 0) {
        throw new IllegalStateException(
            "the bus rejected the request: " + response.entries().get(0).errorMessage());
      }
    }
    return event.eventId();
  }

  static Instant thisHour() {
    return Instant.now().truncatedTo(ChronoUnit.HOURS);
  }
}
