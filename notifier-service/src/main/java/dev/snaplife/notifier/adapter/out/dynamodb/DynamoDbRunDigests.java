package dev.snaplife.notifier.adapter.out.dynamodb;

import dev.snaplife.notifier.application.port.RunDigests;
import dev.snaplife.notifier.domain.RunDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;

/**
 * Digests in the notifier's own table, one item per run. Updates ADD to sets and set scalars only
 * if absent, so they commute: events may arrive in any order, and twice. Each update returns the
 * digest as it now stands, so recording an outcome and deciding whether the run is complete is one
 * call. Retention counts are kept per plan part ({@code kept:<part>}), so a repeated part counts
 * once. Items expire a week after the run.
 */
public final class DynamoDbRunDigests implements RunDigests {

  static final Duration KEEP = Duration.ofDays(7);
  static final String KEPT = "kept:";

  private final DynamoDbClient dynamo;
  private final String table;

  public DynamoDbRunDigests(DynamoDbClient dynamo, String table) {
    this.dynamo = dynamo;
    this.table = table;
  }

  @Override
  public RunDigest record(UUID runId, Facts facts, Instant seenAt) {
    List<String> set = new ArrayList<>();
    List<String> add = new ArrayList<>();
    Map<String, String> names = new HashMap<>();
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
    if (facts.planPart() != null) {
      set.add("planParts = :parts");
      values.put(":parts", AttributeValue.fromN(Integer.toString(facts.planPart().parts())));
      add.add("planPartsReceived :part");
      values.put(
          ":part", AttributeValue.fromNs(List.of(Integer.toString(facts.planPart().part()))));
      if (!facts.keptByRule().isEmpty()) {
        set.add("#kept = :kept");
        names.put("#kept", KEPT + facts.planPart().part());
        Map<String, AttributeValue> counts = new HashMap<>();
        facts.keptByRule().forEach((rule, n) -> counts.put(rule, AttributeValue.fromN("" + n)));
        values.put(":kept", AttributeValue.fromM(counts));
      }
    }
    for (Outcome outcome : Outcome.values()) {
      List<String> items = facts.get(outcome);
      if (!items.isEmpty()) {
        add.add(outcome.attribute() + " :" + outcome.attribute());
        values.put(
            ":" + outcome.attribute(), AttributeValue.fromSs(List.copyOf(Set.copyOf(items))));
      }
    }
    String expression =
        "SET " + String.join(", ", set) + (add.isEmpty() ? "" : " ADD " + String.join(", ", add));
    Map<String, AttributeValue> item =
        dynamo
            .updateItem(
                b ->
                    b.tableName(table)
                        .key(key(runId))
                        .updateExpression(expression)
                        .expressionAttributeNames(names.isEmpty() ? null : names)
                        .expressionAttributeValues(values)
                        .returnValues(ReturnValue.ALL_NEW))
            .attributes();
    return fromItem(item);
  }

  @Override
  public Optional<RunDigest> get(UUID runId) {
    Map<String, AttributeValue> item =
        dynamo.getItem(b -> b.tableName(table).key(key(runId)).consistentRead(true)).item();
    return item == null || item.isEmpty() ? Optional.empty() : Optional.of(fromItem(item));
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
    setTrue(runId, "sent");
  }

  @Override
  public void markDeadlineScheduled(UUID runId) {
    setTrue(runId, "deadlineScheduled");
  }

  private void setTrue(UUID runId, String attribute) {
    dynamo.updateItem(
        b ->
            b.tableName(table)
                .key(key(runId))
                .updateExpression("SET #a = :true")
                .expressionAttributeNames(Map.of("#a", attribute))
                .expressionAttributeValues(Map.of(":true", AttributeValue.fromBool(true))));
  }

  private static Map<String, AttributeValue> key(UUID runId) {
    return Map.of("id", AttributeValue.fromS(runId.toString()));
  }

  private static RunDigest fromItem(Map<String, AttributeValue> item) {
    Map<String, Integer> kept = new java.util.TreeMap<>();
    item.forEach(
        (name, value) -> {
          if (name.startsWith(KEPT) && value.hasM()) {
            value.m().forEach((rule, n) -> kept.merge(rule, Integer.parseInt(n.n()), Integer::sum));
          }
        });
    AttributeValue parts = item.get("planParts");
    AttributeValue received = item.get("planPartsReceived");
    return new RunDigest(
        UUID.fromString(item.get("id").s()),
        text(item, "policy"),
        Optional.ofNullable(text(item, "scheduledTime")).map(Instant::parse).orElse(null),
        bool(item, "dryRun"),
        parts == null ? null : Integer.valueOf(parts.n()),
        received == null || !received.hasNs()
            ? Set.of()
            : received.ns().stream().map(Integer::valueOf).collect(Collectors.toSet()),
        strings(item, Outcome.PLANNED),
        strings(item, Outcome.PLANNED_DELETIONS),
        strings(item, Outcome.SKIPPED),
        strings(item, Outcome.CREATED),
        strings(item, Outcome.DELETED),
        strings(item, Outcome.FAILED),
        strings(item, Outcome.DELETIONS_FAILED),
        kept,
        Instant.parse(item.get("firstSeenAt").s()),
        bool(item, "deadlineScheduled"),
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

  private static Set<String> strings(Map<String, AttributeValue> item, Outcome outcome) {
    AttributeValue v = item.get(outcome.attribute());
    return v == null || !v.hasSs() ? Set.of() : new TreeSet<>(v.ss());
  }
}
