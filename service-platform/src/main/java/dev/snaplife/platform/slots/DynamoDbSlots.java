package dev.snaplife.platform.slots;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;

/**
 * Slots in a service's own table (keyed by a string {@code id}): {@code slot/<pool>/<n>} per slot,
 * held by one holder (a conditional put takes it, so two replicas never hold one slot); {@code
 * waiting/<pool>} a string set of {@code <since>|<holder>}, oldest first when sorted.
 */
public final class DynamoDbSlots implements Slots {

  /** Slots beyond any limit ever configured are not looked at; 50 is RDS's highest copy quota. */
  static final int MAX_SLOTS = 50;

  private final DynamoDbClient dynamo;
  private final String table;

  public DynamoDbSlots(DynamoDbClient dynamo, String table) {
    this.dynamo = dynamo;
    this.table = table;
  }

  @Override
  public boolean acquire(String pool, String holder, int limit) {
    Map<String, String> holders = slots(pool, limit);
    if (holders.containsValue(holder)) {
      return true;
    }
    for (int n = 0; n < limit; n++) {
      String slot = slotId(pool, n);
      if (holders.containsKey(slot)) {
        continue;
      }
      try {
        dynamo.putItem(
            b ->
                b.tableName(table)
                    .item(Map.of("id", s(slot), "holder", s(holder)))
                    .conditionExpression("attribute_not_exists(id)"));
        return true;
      } catch (ConditionalCheckFailedException taken) {
        // Another replica took it since the read: try the next.
      }
    }
    return false;
  }

  @Override
  public void release(String pool, String holder) {
    slots(pool, MAX_SLOTS)
        .forEach(
            (slot, current) -> {
              if (current.equals(holder)) {
                try {
                  dynamo.deleteItem(
                      b ->
                          b.tableName(table)
                              .key(key(slot))
                              .conditionExpression("holder = :me")
                              .expressionAttributeValues(Map.of(":me", s(holder))));
                } catch (ConditionalCheckFailedException released) {
                  // Released by an earlier delivery.
                }
              }
            });
  }

  @Override
  public List<String> holders(String pool) {
    return List.copyOf(slots(pool, MAX_SLOTS).values());
  }

  @Override
  public void addWaiting(String pool, String holder, Instant since) {
    if (waitingEntries(pool).stream().anyMatch(e -> e.endsWith("|" + holder))) {
      return;
    }
    dynamo.updateItem(
        b ->
            b.tableName(table)
                .key(key(waitingId(pool)))
                .updateExpression("ADD copies :entry")
                .expressionAttributeValues(
                    Map.of(":entry", AttributeValue.fromSs(List.of(since + "|" + holder)))));
  }

  @Override
  public void removeWaiting(String pool, String holder) {
    List<String> entries =
        waitingEntries(pool).stream().filter(e -> e.endsWith("|" + holder)).toList();
    if (entries.isEmpty()) {
      return;
    }
    dynamo.updateItem(
        b ->
            b.tableName(table)
                .key(key(waitingId(pool)))
                .updateExpression("DELETE copies :entries")
                .expressionAttributeValues(Map.of(":entries", AttributeValue.fromSs(entries))));
  }

  @Override
  public List<String> waiting(String pool) {
    return waitingEntries(pool).stream()
        .sorted()
        .map(e -> e.substring(e.indexOf('|') + 1))
        .toList();
  }

  // The set's attribute is "copies" for the tables replication-service wrote before slots were
  // shared by services.
  private List<String> waitingEntries(String pool) {
    Map<String, AttributeValue> item =
        dynamo
            .getItem(b -> b.tableName(table).key(key(waitingId(pool))).consistentRead(true))
            .item();
    if (item == null || !item.containsKey("copies")) {
      return List.of();
    }
    return item.get("copies").ss();
  }

  /** The holders of the pool's first {@code limit} slots, by slot id. */
  private Map<String, String> slots(String pool, int limit) {
    List<Map<String, AttributeValue>> keys = new ArrayList<>();
    for (int n = 0; n < limit; n++) {
      keys.add(key(slotId(pool, n)));
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
          "DynamoDB left slots of " + pool + " unread: throttled, tried again later");
    }
    return holders;
  }

  private static String slotId(String pool, int n) {
    return "slot/" + pool + "/" + n;
  }

  private static String waitingId(String pool) {
    return "waiting/" + pool;
  }

  private static Map<String, AttributeValue> key(String id) {
    return Map.of("id", s(id));
  }

  private static AttributeValue s(String value) {
    return AttributeValue.fromS(value);
  }
}
