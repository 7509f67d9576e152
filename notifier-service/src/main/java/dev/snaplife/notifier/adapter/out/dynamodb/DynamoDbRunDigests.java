package dev.snaplife.notifier.adapter.out.dynamodb;

import dev.snaplife.notifier.application.port.RunDigests;
import dev.snaplife.notifier.domain.RunDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/**
 * Digests in the notifier's own table. Updates ADD to string sets and set scalars only if absent,
 * so they commute: events may arrive in any order, and twice. Items expire a week after the run.
 */
public final class DynamoDbRunDigests implements RunDigests {

  static final Duration KEEP = Duration.ofDays(7);

  private final DynamoDbClient dynamo;
  private final String table;

  public DynamoDbRunDigests(DynamoDbClient dynamo, String table) {
    this.dynamo = dynamo;
    this.table = table;
  }

  @Override
  public void record(UUID runId, Facts facts, Instant seenAt) {
    List<String> set = new ArrayList<>();
    List<String> add = new ArrayList<>();
    Map<String, AttributeValue> values = new HashMap<>();
    set.add("firstSeenAt = if_not_exists(firstSeenAt, :seen)");
    values.put(":seen", AttributeValue.fromS(seenAt.toString()));
    set.add("expiresAt = if_not_exists(expiresAt, :expires)");
    values.put(":expires", AttributeValue.fromN(Long.toString(seenAt.plus(KEEP).getEpochSecond())));
    if (facts.policy() != null) {
      set.add("policy = if_not_exists(policy, :policy)");
      values.put(":policy", AttributeValue.fromS(facts.policy()));
    }
    if (facts.scheduledTime() != null) {
      set.add("scheduledTime = if_not_exists(scheduledTime, :scheduled)");
      values.put(":scheduled", AttributeValue.fromS(facts.scheduledTime().toString()));
    }
    if (facts.dryRun() != null) {
      set.add("dryRun = :dryRun");
      values.put(":dryRun", AttributeValue.fromBool(facts.dryRun()));
    }
    if (facts.plan()) {
      set.add("planKnown = :true");
      values.put(":true", AttributeValue.fromBool(true));
    }
    addSet(add, values, "planned", facts.planned());
    addSet(add, values, "plannedDeletions", facts.plannedDeletions());
    addSet(add, values, "skipped", facts.skipped());
    addSet(add, values, "created", facts.created());
    addSet(add, values, "deleted", facts.deleted());
    addSet(add, values, "failed", facts.failed());
    String expression =
        "SET " + String.join(", ", set) + (add.isEmpty() ? "" : " ADD " + String.join(", ", add));
    dynamo.updateItem(
        b ->
            b.tableName(table)
                .key(key(runId))
                .updateExpression(expression)
                .expressionAttributeValues(values));
  }

  private static void addSet(
      List<String> add, Map<String, AttributeValue> values, String name, Collection<String> items) {
    if (!items.isEmpty()) {
      add.add(name + " :" + name);
      values.put(":" + name, AttributeValue.fromSs(List.copyOf(Set.copyOf(items))));
    }
  }

  @Override
  public Optional<RunDigest> get(UUID runId) {
    Map<String, AttributeValue> item =
        dynamo.getItem(b -> b.tableName(table).key(key(runId)).consistentRead(true)).item();
    return item == null || item.isEmpty() ? Optional.empty() : Optional.of(fromItem(item));
  }

  @Override
  public List<RunDigest> unsentSince(Instant before) {
    List<RunDigest> overdue = new ArrayList<>();
    dynamo
        .scanPaginator(
            b ->
                b.tableName(table)
                    .filterExpression("attribute_not_exists(sent) AND firstSeenAt < :before")
                    .expressionAttributeValues(
                        Map.of(":before", AttributeValue.fromS(before.toString()))))
        .items()
        .forEach(item -> overdue.add(fromItem(item)));
    return overdue;
  }

  @Override
  public boolean claimSending(UUID runId, Instant now, Duration lease) {
    try {
      dynamo.updateItem(
          b ->
              b.tableName(table)
                  .key(key(runId))
                  .updateExpression("SET sendingUntil = :until")
                  .conditionExpression(
                      "attribute_exists(id) AND attribute_not_exists(sent)"
                          + " AND (attribute_not_exists(sendingUntil) OR sendingUntil < :now)")
                  .expressionAttributeValues(
                      Map.of(
                          ":until",
                              AttributeValue.fromN(Long.toString(now.plus(lease).toEpochMilli())),
                          ":now", AttributeValue.fromN(Long.toString(now.toEpochMilli())))));
      return true;
    } catch (ConditionalCheckFailedException taken) {
      return false;
    }
  }

  @Override
  public void releaseSending(UUID runId) {
    dynamo.updateItem(
        b -> b.tableName(table).key(key(runId)).updateExpression("REMOVE sendingUntil"));
  }

  @Override
  public void markSent(UUID runId) {
    dynamo.updateItem(
        b ->
            b.tableName(table)
                .key(key(runId))
                .updateExpression("SET sent = :true")
                .expressionAttributeValues(Map.of(":true", AttributeValue.fromBool(true))));
  }

  private static Map<String, AttributeValue> key(UUID runId) {
    return Map.of("id", AttributeValue.fromS(runId.toString()));
  }

  private static RunDigest fromItem(Map<String, AttributeValue> item) {
    return new RunDigest(
        UUID.fromString(item.get("id").s()),
        text(item, "policy"),
        Optional.ofNullable(text(item, "scheduledTime")).map(Instant::parse).orElse(null),
        bool(item, "dryRun"),
        bool(item, "planKnown"),
        strings(item, "planned"),
        strings(item, "plannedDeletions"),
        strings(item, "skipped"),
        strings(item, "created"),
        strings(item, "deleted"),
        strings(item, "failed"),
        Instant.parse(item.get("firstSeenAt").s()),
        bool(item, "sent"));
  }

  private static String text(Map<String, AttributeValue> item, String name) {
    AttributeValue v = item.get(name);
    return v == null ? null : v.s();
  }

  private static boolean bool(Map<String, AttributeValue> item, String name) {
    AttributeValue v = item.get(name);
    return v != null && Boolean.TRUE.equals(v.bool());
  }

  private static Set<String> strings(Map<String, AttributeValue> item, String name) {
    AttributeValue v = item.get(name);
    return v == null || !v.hasSs() ? Set.of() : Set.copyOf(v.ss());
  }
}
