package dev.snaplife.snapshot.adapter.out.dynamodb;

import dev.snaplife.snapshot.application.port.RpoStates;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/** Open recovery-point breaches in the service's own table; an absent item means no breach. */
public final class DynamoDbRpoStates implements RpoStates {

  private final DynamoDbClient dynamo;
  private final String table;

  public DynamoDbRpoStates(DynamoDbClient dynamo, String table) {
    this.dynamo = dynamo;
    this.table = table;
  }

  private static Map<String, AttributeValue> key(String policy, String database) {
    return Map.of("id", AttributeValue.fromS(policy + "/" + database));
  }

  @Override
  public Optional<Instant> breachedSince(String policy, String database) {
    Map<String, AttributeValue> item =
        dynamo
            .getItem(b -> b.tableName(table).key(key(policy, database)).consistentRead(true))
            .item();
    return item == null || item.isEmpty()
        ? Optional.empty()
        : Optional.of(Instant.parse(item.get("breachedSince").s()));
  }

  @Override
  public void markBreached(String policy, String database, Instant since) {
    Map<String, AttributeValue> item = new java.util.HashMap<>(key(policy, database));
    item.put("breachedSince", AttributeValue.fromS(since.toString()));
    try {
      dynamo.putItem(
          b -> b.tableName(table).item(item).conditionExpression("attribute_not_exists(id)"));
    } catch (ConditionalCheckFailedException alreadyOpen) {
      // Another instance recorded the same breach first; keep its start time.
    }
  }

  @Override
  public void markRestored(String policy, String database) {
    dynamo.deleteItem(b -> b.tableName(table).key(key(policy, database)));
  }
}
