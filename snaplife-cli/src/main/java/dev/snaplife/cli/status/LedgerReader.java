package dev.snaplife.cli.status;

import static dev.snaplife.contracts.ledger.LedgerTable.*;

import dev.snaplife.cli.AwsCalls;
import dev.snaplife.contracts.ledger.LifecycleEntry;
import dev.snaplife.contracts.ledger.LifecycleEntry.Stage;
import dev.snaplife.contracts.ledger.LifecycleEntry.State;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;

/**
 * Reads the lifecycle ledger the notifier keeps ({@code <env>-notifier-service-ledger}): which
 * lifecycles a database or snapshot has, and each lifecycle's entries in the order they happened.
 * Queries only, paginated; never a scan.
 */
final class LedgerReader {

  private final DynamoDbClient dynamo;
  private final String table;
  private final AwsCalls aws;

  LedgerReader(DynamoDbClient dynamo, String table, AwsCalls aws) {
    this.dynamo = dynamo;
    this.table = table;
    this.aws = aws;
  }

  /**
   * The lifecycles a target names, most recently active first: a lifecycle id itself, a snapshot
   * identifier or ARN, or a DB instance or cluster identifier.
   */
  List<UUID> lifecyclesOf(String target, int limit) {
    Optional<UUID> id = asUuid(target);
    if (id.isPresent()) {
      return query(lifecycleKey(id.get())).isEmpty() ? List.of() : List.of(id.get());
    }
    String identifier =
        target.startsWith("arn:") ? target.substring(target.lastIndexOf(':') + 1) : target;
    List<Map<String, AttributeValue>> index = query(snapshotKey(identifier));
    if (index.isEmpty()) {
      index = query(databaseKey(identifier));
    }
    return index.stream()
        .sorted(
            Comparator.comparing(
                    (Map<String, AttributeValue> i) -> Instant.parse(i.get(SEEN_AT).s()))
                .reversed())
        .limit(limit)
        .map(i -> UUID.fromString(i.get(LIFECYCLE_ID).s()))
        .toList();
  }

  /** The lifecycle's entries, oldest first. */
  List<LifecycleEntry> entries(UUID lifecycleId) {
    return query(lifecycleKey(lifecycleId)).stream().map(LedgerReader::entry).toList();
  }

  private List<Map<String, AttributeValue>> query(String key) {
    return aws.call(
        "Query",
        "the lifecycle ledger " + table,
        () -> {
          List<Map<String, AttributeValue>> items = new ArrayList<>();
          QueryRequest request =
              QueryRequest.builder()
                  .tableName(table)
                  .keyConditionExpression("#pk = :pk")
                  .expressionAttributeNames(Map.of("#pk", PK))
                  .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS(key)))
                  .build();
          dynamo.queryPaginator(request).items().forEach(items::add);
          return items;
        });
  }

  private static LifecycleEntry entry(Map<String, AttributeValue> item) {
    return new LifecycleEntry(
        UUID.fromString(item.get(LIFECYCLE_ID).s()),
        UUID.fromString(item.get(EVENT_ID).s()),
        item.get(EVENT_TYPE).s(),
        Instant.parse(item.get(OCCURRED_AT).s()),
        Stage.valueOf(item.get(STAGE).s()),
        string(item, SUBJECT),
        State.valueOf(item.get(STATE).s()),
        string(item, DATABASE),
        nullable(item, SNAPSHOT),
        nullable(item, LOCATION),
        string(item, DETAIL),
        nullable(item, FAILURE),
        item.containsKey(RETRYABLE) ? item.get(RETRYABLE).bool() : null,
        nullable(item, NOTIFIED));
  }

  private static String string(Map<String, AttributeValue> item, String name) {
    String value = nullable(item, name);
    return value == null ? "" : value;
  }

  private static String nullable(Map<String, AttributeValue> item, String name) {
    AttributeValue value = item.get(name);
    return value == null ? null : value.s();
  }

  private static Optional<UUID> asUuid(String target) {
    try {
      UUID id = UUID.fromString(target);
      return id.toString().equalsIgnoreCase(target) ? Optional.of(id) : Optional.empty();
    } catch (IllegalArgumentException notAUuid) {
      return Optional.empty();
    }
  }
}
