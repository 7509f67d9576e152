package dev.snaplife.snapshot.adapter.out.dynamodb;

import static dev.snaplife.snapshot.adapter.out.dynamodb.StateTable.s;

import dev.snaplife.snapshot.application.port.RpoStates;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/**
 * The recovery-point watch as one item, read in one call: an attribute {@code breach:<key>} per
 * open breach (its start) and {@code horizon:<policy>} per policy. Each change writes its own
 * attribute, so concurrent writers (a run and a tick) never overwrite each other.
 */
public final class DynamoDbRpoStates implements RpoStates {

  static final String BREACH = "breach:";
  static final String HORIZON = "horizon:";

  private final StateTable table;

  public DynamoDbRpoStates(StateTable table) {
    this.table = table;
  }

  private static Map<String, AttributeValue> key() {
    return Map.of("id", s("rpo-watch"));
  }

  @Override
  public Watch load() {
    Map<String, AttributeValue> item =
        table
            .dynamo()
            .getItem(b -> b.tableName(table.name()).key(key()).consistentRead(true))
            .item();
    Map<String, Instant> breaches = new HashMap<>();
    Map<String, Horizon> horizons = new HashMap<>();
    if (item != null) {
      item.forEach(
          (name, value) -> {
            if (name.startsWith(BREACH)) {
              breaches.put(name.substring(BREACH.length()), Instant.parse(value.s()));
            } else if (name.startsWith(HORIZON)) {
              String[] parts = value.s().split("\\|", 2);
              horizons.put(
                  name.substring(HORIZON.length()),
                  new Horizon(Instant.parse(parts[0]), parts.length > 1 ? parts[1] : ""));
            }
          });
    }
    return new Watch(breaches, horizons);
  }

  @Override
  public boolean markBreached(String breachKey, Instant since) {
    try {
      table
          .dynamo()
          .updateItem(
              b ->
                  b.tableName(table.name())
                      .key(key())
                      .updateExpression("SET #b = :since")
                      .conditionExpression("attribute_not_exists(#b)")
                      .expressionAttributeNames(Map.of("#b", BREACH + breachKey))
                      .expressionAttributeValues(Map.of(":since", s(since.toString()))));
      return true;
    } catch (ConditionalCheckFailedException alreadyOpen) {
      return false;
    }
  }

  @Override
  public void markRestored(String breachKey) {
    table
        .dynamo()
        .updateItem(
            b ->
                b.tableName(table.name())
                    .key(key())
                    .updateExpression("REMOVE #b")
                    .expressionAttributeNames(Map.of("#b", BREACH + breachKey)));
  }

  @Override
  public void saveHorizon(String policy, Horizon horizon) {
    table
        .dynamo()
        .updateItem(
            b ->
                b.tableName(table.name())
                    .key(key())
                    .updateExpression("SET #h = :h")
                    .expressionAttributeNames(Map.of("#h", HORIZON + policy))
                    .expressionAttributeValues(
                        Map.of(":h", s(horizon.freshUntil() + "|" + horizon.fleetDigest()))));
  }
}
