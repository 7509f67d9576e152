package dev.snaplife.replication.adapter.out.dynamodb;

import dev.snaplife.contracts.event.SnapshotCopyRequested;
import dev.snaplife.platform.slots.DynamoDbSlots;
import dev.snaplife.platform.slots.Slots;
import dev.snaplife.replication.application.port.CopyJournal;
import dev.snaplife.replication.domain.Location;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import tools.jackson.databind.json.JsonMapper;

/**
 * The copy journal in replication-service's own table ({@code <env>-replication-service-journal},
 * keyed by {@code id}): {@code copy/<key>} per copy, and each destination's copy slots and waiting
 * copies as the platform's {@link DynamoDbSlots} keeps them (pool: the destination's location).
 */
public final class DynamoDbCopyJournal implements CopyJournal {

  private final DynamoDbClient dynamo;
  private final String table;
  private final JsonMapper json;
  private final Slots slots;

  public DynamoDbCopyJournal(DynamoDbClient dynamo, String table, JsonMapper json) {
    this.dynamo = dynamo;
    this.table = table;
    this.json = json;
    this.slots = new DynamoDbSlots(dynamo, table);
  }

  @Override
  public Optional<CopyRecord> find(String copyKey) {
    Map<String, AttributeValue> item =
        dynamo
            .getItem(b -> b.tableName(table).key(key("copy/" + copyKey)).consistentRead(true))
            .item();
    if (item == null || item.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(
        new CopyRecord(
            copyKey,
            Status.valueOf(item.get("status").s()),
            json.readValue(item.get("request").s(), SnapshotCopyRequested.class),
            UUID.fromString(item.get("causeEventId").s()),
            UUID.fromString(item.get("lifecycleId").s()),
            item.containsKey("copyArn") ? item.get("copyArn").s() : null,
            item.containsKey("startedAt") ? Instant.parse(item.get("startedAt").s()) : null));
  }

  @Override
  public void save(CopyRecord r) {
    Map<String, AttributeValue> item = new HashMap<>();
    item.put("id", s("copy/" + r.copyKey()));
    item.put("status", s(r.status().name()));
    item.put("request", s(json.writeValueAsString(r.request())));
    item.put("causeEventId", s(r.causeEventId().toString()));
    item.put("lifecycleId", s(r.lifecycleId().toString()));
    if (r.copyArn() != null) {
      item.put("copyArn", s(r.copyArn()));
    }
    if (r.startedAt() != null) {
      item.put("startedAt", s(r.startedAt().toString()));
    }
    dynamo.putItem(b -> b.tableName(table).item(item));
  }

  @Override
  public boolean acquireSlot(Location location, String copyKey, int limit) {
    return slots.acquire(location.toString(), copyKey, limit);
  }

  @Override
  public void releaseSlot(Location location, String copyKey) {
    slots.release(location.toString(), copyKey);
  }

  @Override
  public void addWaiting(Location location, String copyKey, Instant since) {
    slots.addWaiting(location.toString(), copyKey, since);
  }

  @Override
  public void removeWaiting(Location location, String copyKey) {
    slots.removeWaiting(location.toString(), copyKey);
  }

  @Override
  public List<String> waiting(Location location) {
    return slots.waiting(location.toString());
  }

  private static Map<String, AttributeValue> key(String id) {
    return Map.of("id", s(id));
  }

  private static AttributeValue s(String value) {
    return AttributeValue.fromS(value);
  }
}
