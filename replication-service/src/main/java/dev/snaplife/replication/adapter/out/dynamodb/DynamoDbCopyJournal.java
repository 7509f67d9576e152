package dev.snaplife.replication.adapter.out.dynamodb;

import dev.snaplife.contracts.event.SnapshotCopyRequested;
import dev.snaplife.replication.application.port.CopyJournal;
import dev.snaplife.replication.domain.Location;
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
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import tools.jackson.databind.json.JsonMapper;

/**
 * The copy journal in replication-service's own table ({@code <env>-replication-service-journal},
 * keyed by {@code id}): {@code copy/<key>} per copy; {@code slot/<location>/<n>} per copy slot of a
 * destination, held by one copy (a conditional put takes it, so two replicas never hold one slot);
 * {@code waiting/<location>} a string set of {@code <since>|<copy key>}, oldest first when sorted.
 */
public final class DynamoDbCopyJournal implements CopyJournal {

  private final DynamoDbClient dynamo;
  private final String table;
  private final JsonMapper json;

  public DynamoDbCopyJournal(DynamoDbClient dynamo, String table, JsonMapper json) {
    this.dynamo = dynamo;
    this.table = table;
    this.json = json;
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
    Map<String, String> holders = slots(location, limit);
    if (holders.containsValue(copyKey)) {
      return true;
    }
    for (int n = 0; n < limit; n++) {
      String slot = slotId(location, n);
      if (holders.containsKey(slot)) {
        continue;
      }
      try {
        dynamo.putItem(
            b ->
                b.tableName(table)
                    .item(Map.of("id", s(slot), "holder", s(copyKey)))
                    .conditionExpression("attribute_not_exists(id)"));
        return true;
      } catch (ConditionalCheckFailedException taken) {
        // Another replica took it since the read: try the next.
      }
    }
    return false;
  }

  @Override
  public void releaseSlot(Location location, String copyKey) {
    // Slots beyond any limit ever configured are not looked at; 50 is RDS's highest copy quota.
    slots(location, 50)
        .forEach(
            (slot, holder) -> {
              if (holder.equals(copyKey)) {
                try {
                  dynamo.deleteItem(
                      b ->
                          b.tableName(table)
                              .key(key(slot))
                              .conditionExpression("holder = :me")
                              .expressionAttributeValues(Map.of(":me", s(copyKey))));
                } catch (ConditionalCheckFailedException released) {
                  // Released by an earlier delivery.
                }
              }
            });
  }

  @Override
  public void addWaiting(Location location, String copyKey, Instant since) {
    if (waitingEntries(location).stream().anyMatch(e -> e.endsWith("|" + copyKey))) {
      return;
    }
    dynamo.updateItem(
        b ->
            b.tableName(table)
                .key(key(waitingId(location)))
                .updateExpression("ADD copies :entry")
                .expressionAttributeValues(
                    Map.of(":entry", AttributeValue.fromSs(List.of(since + "|" + copyKey)))));
  }

  @Override
  public void removeWaiting(Location location, String copyKey) {
    List<String> entries =
        waitingEntries(location).stream().filter(e -> e.endsWith("|" + copyKey)).toList();
    if (entries.isEmpty()) {
      return;
    }
    dynamo.updateItem(
        b ->
            b.tableName(table)
                .key(key(waitingId(location)))
                .updateExpression("DELETE copies :entries")
                .expressionAttributeValues(Map.of(":entries", AttributeValue.fromSs(entries))));
  }

  @Override
  public List<String> waiting(Location location) {
    return waitingEntries(location).stream()
        .sorted()
        .map(e -> e.substring(e.indexOf('|') + 1))
        .toList();
  }

  private List<String> waitingEntries(Location location) {
    Map<String, AttributeValue> item =
        dynamo
            .getItem(b -> b.tableName(table).key(key(waitingId(location))).consistentRead(true))
            .item();
    if (item == null || !item.containsKey("copies")) {
      return List.of();
    }
    return item.get("copies").ss();
  }

  /** The holders of the location's first {@code limit} slots, by slot id. */
  private Map<String, String> slots(Location location, int limit) {
    List<Map<String, AttributeValue>> keys = new ArrayList<>();
    for (int n = 0; n < limit; n++) {
      keys.add(key(slotId(location, n)));
    }
    Map<String, String> holders = new HashMap<>();
    Map<String, KeysAndAttributes> request =
        Map.of(table, KeysAndAttributes.builder().keys(keys).consistentRead(true).build());
    // Unprocessed keys (throttling) are read once more at once; still unread, the message is
    // redelivered later, which is the backoff, rather than a thread waiting here.
    for (int attempt = 0; attempt < 2 && !request.isEmpty(); attempt++) {
      Map<String, KeysAndAttributes> pending = request;
      var response = dynamo.batchGetItem(b -> b.requestItems(pending));
      response
          .responses()
          .getOrDefault(table, List.of())
          .forEach(item -> holders.put(item.get("id").s(), item.get("holder").s()));
      request = response.hasUnprocessedKeys() ? response.unprocessedKeys() : Map.of();
    }
    if (!request.isEmpty()) {
      throw new IllegalStateException(
          "DynamoDB left copy slots of " + location + " unread: throttled, tried again later");
    }
    return holders;
  }

  private static String slotId(Location location, int n) {
    return "slot/" + location + "/" + n;
  }

  private static String waitingId(Location location) {
    return "waiting/" + location;
  }

  private static Map<String, AttributeValue> key(String id) {
    return Map.of("id", s(id));
  }

  private static AttributeValue s(String value) {
    return AttributeValue.fromS(value);
  }
}
