package dev.snaplife.platform.consume;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;

/**
 * Processed events in a DynamoDB table keyed by {@code eventId}, with the semantics of Powertools'
 * idempotency store: a conditional put claims, a crashed consumer's claim expires after its lease,
 * and completed records expire through DynamoDB TTL on {@code expiresAt}. TTL deletion can lag by
 * days, so expiry is also checked in the condition itself.
 */
public final class DynamoDbProcessedEvents implements ProcessedEvents {

  static final String IN_PROGRESS = "IN_PROGRESS";
  static final String COMPLETED = "COMPLETED";

  private final DynamoDbClient dynamo;
  private final String table;
  private final Duration lease;
  private final Duration retention;
  private final Clock clock;

  public DynamoDbProcessedEvents(
      DynamoDbClient dynamo, String table, Duration lease, Duration retention, Clock clock) {
    this.dynamo = dynamo;
    this.table = table;
    this.lease = lease;
    this.retention = retention;
    this.clock = clock;
  }

  @Override
  public Claim claim(String eventId, String eventType) {
    Instant now = clock.instant();
    String token = UUID.randomUUID().toString();
    try {
      dynamo.putItem(
          b ->
              b.tableName(table)
                  .item(
                      Map.of(
                          "eventId", s(eventId),
                          "eventType", s(eventType),
                          "status", s(IN_PROGRESS),
                          "token", s(token),
                          "claimedAt", s(now.toString()),
                          "leaseExpiresAt", n(now.plus(lease).toEpochMilli()),
                          "expiresAt", n(now.plus(retention).getEpochSecond())))
                  .conditionExpression(
                      "attribute_not_exists(eventId)"
                          + " OR expiresAt < :nowSeconds"
                          + " OR (#status = :inProgress AND leaseExpiresAt < :nowMillis)")
                  .expressionAttributeNames(Map.of("#status", "status"))
                  .expressionAttributeValues(
                      Map.of(
                          ":nowSeconds", n(now.getEpochSecond()),
                          ":nowMillis", n(now.toEpochMilli()),
                          ":inProgress", s(IN_PROGRESS)))
                  .returnValuesOnConditionCheckFailure(
                      ReturnValuesOnConditionCheckFailure.ALL_OLD));
      return new Claim.Claimed(eventId, token);
    } catch (ConditionalCheckFailedException taken) {
      Map<String, AttributeValue> existing =
          taken.hasItem() && !taken.item().isEmpty() ? taken.item() : read(eventId);
      return existingClaim(eventId, existing);
    }
  }

  private Map<String, AttributeValue> read(String eventId) {
    return dynamo
        .getItem(b -> b.tableName(table).key(Map.of("eventId", s(eventId))).consistentRead(true))
        .item();
  }

  private static Claim existingClaim(String eventId, Map<String, AttributeValue> item) {
    if (item != null && COMPLETED.equals(stringOf(item, "status"))) {
      String completedAt = stringOf(item, "completedAt");
      return new Claim.AlreadyProcessed(
          eventId, completedAt == null ? Instant.EPOCH : Instant.parse(completedAt));
    }
    AttributeValue leaseEnd = item == null ? null : item.get("leaseExpiresAt");
    return new Claim.HeldElsewhere(
        eventId,
        leaseEnd == null ? Instant.EPOCH : Instant.ofEpochMilli(Long.parseLong(leaseEnd.n())));
  }

  @Override
  public boolean extend(Claim.Claimed claim) {
    Instant now = clock.instant();
    try {
      dynamo.updateItem(
          b ->
              b.tableName(table)
                  .key(Map.of("eventId", s(claim.eventId())))
                  .updateExpression("SET leaseExpiresAt = :lease")
                  .conditionExpression("#token = :token AND #status = :inProgress")
                  .expressionAttributeNames(Map.of("#token", "token", "#status", "status"))
                  .expressionAttributeValues(
                      Map.of(
                          ":lease", n(now.plus(lease).toEpochMilli()),
                          ":token", s(claim.token()),
                          ":inProgress", s(IN_PROGRESS))));
      return true;
    } catch (ConditionalCheckFailedException lost) {
      return false;
    }
  }

  @Override
  public void complete(Claim.Claimed claim) {
    Instant now = clock.instant();
    try {
      dynamo.updateItem(
          b ->
              b.tableName(table)
                  .key(Map.of("eventId", s(claim.eventId())))
                  .updateExpression(
                      "SET #status = :completed, completedAt = :now, expiresAt = :expires"
                          + " REMOVE leaseExpiresAt")
                  .conditionExpression("#token = :token")
                  .expressionAttributeNames(Map.of("#status", "status", "#token", "token"))
                  .expressionAttributeValues(
                      Map.of(
                          ":completed", s(COMPLETED),
                          ":now", s(now.toString()),
                          ":expires", n(now.plus(retention).getEpochSecond()),
                          ":token", s(claim.token()))));
    } catch (ConditionalCheckFailedException leaseTakenOver) {
      // Our lease ran out and another consumer claimed the event; its run records completion.
    }
  }

  @Override
  public void release(Claim.Claimed claim) {
    try {
      dynamo.deleteItem(
          b ->
              b.tableName(table)
                  .key(Map.of("eventId", s(claim.eventId())))
                  .conditionExpression("#token = :token")
                  .expressionAttributeNames(Map.of("#token", "token"))
                  .expressionAttributeValues(Map.of(":token", s(claim.token()))));
    } catch (ConditionalCheckFailedException notOursAnyMore) {
      // Another consumer holds it now; leave its claim alone.
    }
  }

  private static String stringOf(Map<String, AttributeValue> item, String name) {
    AttributeValue value = item.get(name);
    return value == null ? null : value.s();
  }

  private static AttributeValue s(String value) {
    return AttributeValue.fromS(value);
  }

  private static AttributeValue n(long value) {
    return AttributeValue.fromN(Long.toString(value));
  }
}
