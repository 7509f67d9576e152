package dev.snaplife.snapshot.adapter.out.dynamodb;

import dev.snaplife.contracts.event.DatabaseKind;
import dev.snaplife.snapshot.application.port.PendingSnapshots;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/** Pending snapshots in the service's own table, keyed by kind and snapshot identifier. */
public final class DynamoDbPendingSnapshots implements PendingSnapshots {

  private final DynamoDbClient dynamo;
  private final String table;

  public DynamoDbPendingSnapshots(DynamoDbClient dynamo, String table) {
    this.dynamo = dynamo;
    this.table = table;
  }

  private static String key(DatabaseKind kind, String identifier) {
    return kind + "/" + identifier;
  }

  @Override
  public void add(PendingSnapshot p) {
    Map<String, AttributeValue> item = new HashMap<>();
    item.put("id", s(key(p.kind(), p.snapshotIdentifier())));
    item.put("kind", s(p.kind().name()));
    item.put("snapshotIdentifier", s(p.snapshotIdentifier()));
    item.put("policy", s(p.policy()));
    item.put("runId", s(p.runId().toString()));
    item.put("causeEventId", s(p.causeEventId().toString()));
    item.put("lifecycleId", s(p.lifecycleId().toString()));
    item.put("scheduledTime", s(p.scheduledTime().toString()));
    item.put("requestedAt", s(p.requestedAt().toString()));
    if (p.retentionDays() != null) {
      item.put("retentionDays", AttributeValue.fromN(p.retentionDays().toString()));
    }
    dynamo.putItem(b -> b.tableName(table).item(item));
  }

  @Override
  public List<PendingSnapshot> all() {
    List<PendingSnapshot> all = new ArrayList<>();
    dynamo
        .scanPaginator(b -> b.tableName(table).consistentRead(true))
        .items()
        .forEach(item -> all.add(fromItem(item)));
    return all;
  }

  @Override
  public Optional<PendingSnapshot> find(DatabaseKind kind, String snapshotIdentifier) {
    Map<String, AttributeValue> item =
        dynamo
            .getItem(
                b ->
                    b.tableName(table)
                        .key(Map.of("id", s(key(kind, snapshotIdentifier))))
                        .consistentRead(true))
            .item();
    return item == null || item.isEmpty() ? Optional.empty() : Optional.of(fromItem(item));
  }

  @Override
  public boolean remove(PendingSnapshot p) {
    try {
      dynamo.deleteItem(
          b ->
              b.tableName(table)
                  .key(Map.of("id", s(key(p.kind(), p.snapshotIdentifier()))))
                  .conditionExpression("attribute_exists(id)"));
      return true;
    } catch (ConditionalCheckFailedException alreadyRemoved) {
      return false;
    }
  }

  private static PendingSnapshot fromItem(Map<String, AttributeValue> item) {
    AttributeValue retention = item.get("retentionDays");
    return new PendingSnapshot(
        DatabaseKind.valueOf(item.get("kind").s()),
        item.get("snapshotIdentifier").s(),
        item.get("policy").s(),
        UUID.fromString(item.get("runId").s()),
        UUID.fromString(item.get("causeEventId").s()),
        UUID.fromString(item.get("lifecycleId").s()),
        Instant.parse(item.get("scheduledTime").s()),
        Instant.parse(item.get("requestedAt").s()),
        retention == null ? null : Integer.valueOf(retention.n()));
  }

  private static AttributeValue s(String value) {
    return AttributeValue.fromS(value);
  }
}
