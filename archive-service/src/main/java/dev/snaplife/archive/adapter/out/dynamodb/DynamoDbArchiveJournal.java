package dev.snaplife.archive.adapter.out.dynamodb;

import dev.snaplife.archive.application.port.ArchiveJournal;
import dev.snaplife.archive.domain.ArchiveRecord;
import dev.snaplife.archive.domain.Compression;
import dev.snaplife.archive.domain.Engine;
import dev.snaplife.archive.domain.StorageClass;
import dev.snaplife.contracts.event.S3Location;
import dev.snaplife.contracts.event.TableRows;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/**
 * The journal in archive-service's own table ({@code <env>-archive-service-journal}, keyed by a
 * string {@code id}). Items by the prefix of their id: {@code archive/<archive id>} (one per
 * archive), {@code due/<kind>/<yyyy-mm-dd>} (the archive ids due that day, a string set that
 * writers add to atomically), {@code swept/<kind>} (the last day whose due list was dealt with,
 * kept before the earliest day anything is due). Expiry reads one item per day since the last
 * sweep, never a scan of the journal; a journal with nothing due costs one read.
 */
public final class DynamoDbArchiveJournal implements ArchiveJournal {

  private final DynamoDbClient dynamo;
  private final String table;

  public DynamoDbArchiveJournal(DynamoDbClient dynamo, String table) {
    this.dynamo = dynamo;
    this.table = table;
  }

  @Override
  public Optional<ArchiveRecord> find(String archiveId) {
    Map<String, AttributeValue> item =
        dynamo
            .getItem(b -> b.tableName(table).key(key("archive/" + archiveId)).consistentRead(true))
            .item();
    return item == null || item.isEmpty() ? Optional.empty() : Optional.of(fromItem(item));
  }

  @Override
  public void save(ArchiveRecord r) {
    Map<String, AttributeValue> item = new HashMap<>();
    item.put("id", s("archive/" + r.id()));
    item.put("archiveId", s(r.id()));
    item.put("status", s(r.status().name()));
    item.put("attempt", n(r.attempt()));
    item.put("policy", s(r.policy()));
    item.put("databaseIdentifier", s(r.databaseIdentifier()));
    item.put("databaseName", s(r.databaseName()));
    item.put("engine", s(r.engine().name()));
    item.put("bucket", s(r.location().bucket()));
    item.put("key", s(r.location().key()));
    item.put("storageClass", s(r.storageClass().name()));
    item.put("compression", s(r.compression().name()));
    item.put("scheduledTime", s(r.scheduledTime().toString()));
    item.put("startedAt", s(r.startedAt().toString()));
    if (r.finishedAt() != null) {
      item.put("finishedAt", s(r.finishedAt().toString()));
    }
    item.put("bytes", n(r.bytes()));
    if (r.sha256() != null) {
      item.put("sha256", s(r.sha256()));
    }
    item.put(
        "tables",
        AttributeValue.fromL(
            r.tables().stream()
                .map(t -> AttributeValue.fromM(Map.of("table", s(t.table()), "rows", n(t.rows()))))
                .toList()));
    item.put("retainUntil", s(r.retainUntil().toString()));
    if (r.failure() != null) {
      item.put("failure", s(r.failure()));
    }
    item.put("lifecycleId", s(r.lifecycleId().toString()));
    if (r.lastVerifiedAt() != null) {
      item.put("lastVerifiedAt", s(r.lastVerifiedAt().toString()));
    }
    dynamo.putItem(b -> b.tableName(table).item(item));
  }

  @Override
  public void due(Due kind, LocalDate day, String archiveId) {
    dynamo.updateItem(
        b ->
            b.tableName(table)
                .key(key(dueId(kind, day)))
                .updateExpression("ADD archives :id")
                .expressionAttributeValues(
                    Map.of(":id", AttributeValue.fromSs(List.of(archiveId)))));
    // The sweep starts after its cursor: keep the cursor before this day (create it, or move it
    // back; never forwards, which only sweeping does).
    String before = day.minusDays(1).toString();
    try {
      dynamo.putItem(
          b ->
              b.tableName(table)
                  .item(Map.of("id", s(sweptId(kind)), "day", s(before)))
                  .conditionExpression("attribute_not_exists(id)"));
    } catch (ConditionalCheckFailedException exists) {
      try {
        dynamo.updateItem(
            b ->
                b.tableName(table)
                    .key(key(sweptId(kind)))
                    .updateExpression("SET #d = :before")
                    .conditionExpression("#d >= :day")
                    .expressionAttributeNames(Map.of("#d", "day"))
                    .expressionAttributeValues(
                        Map.of(":before", s(before), ":day", s(day.toString()))));
      } catch (ConditionalCheckFailedException alreadyBefore) {
        // The sweep has not reached this day yet.
      }
    }
  }

  @Override
  public List<DueDay> unswept(Due kind, LocalDate today) {
    Map<String, AttributeValue> cursor =
        dynamo.getItem(b -> b.tableName(table).key(key(sweptId(kind))).consistentRead(true)).item();
    if (cursor == null || !cursor.containsKey("day")) {
      return List.of(); // nothing was ever due
    }
    LocalDate from = LocalDate.parse(cursor.get("day").s()).plusDays(1);
    List<DueDay> days = new ArrayList<>();
    for (LocalDate day = from; !day.isAfter(today); day = day.plusDays(1)) {
      LocalDate d = day;
      Map<String, AttributeValue> item =
          dynamo
              .getItem(b -> b.tableName(table).key(key(dueId(kind, d))).consistentRead(true))
              .item();
      List<String> ids =
          item == null || !item.containsKey("archives")
              ? List.of()
              : item.get("archives").ss().stream().sorted().toList();
      days.add(new DueDay(day, ids));
    }
    return days;
  }

  @Override
  public void swept(Due kind, LocalDate day) {
    // Only forwards: a slow replica finishing an older day must not move the cursor back. (A due
    // day added behind the cursor moves it back in due(), so that day is swept again.)
    try {
      dynamo.putItem(
          b ->
              b.tableName(table)
                  .item(Map.of("id", s(sweptId(kind)), "day", s(day.toString())))
                  .conditionExpression("attribute_not_exists(#d) OR #d < :day")
                  .expressionAttributeNames(Map.of("#d", "day"))
                  .expressionAttributeValues(Map.of(":day", s(day.toString()))));
    } catch (ConditionalCheckFailedException alreadyFurther) {
      // Another replica swept this day or a later one.
    }
  }

  @Override
  public void verified(String archiveId, Instant at, boolean restored) {
    dynamo.updateItem(
        b ->
            b.tableName(table)
                .key(key("archive/" + archiveId))
                .conditionExpression("attribute_exists(id)")
                .updateExpression("SET lastVerifiedAt = :at, lastVerification = :outcome")
                .expressionAttributeValues(
                    Map.of(
                        ":at", s(at.toString()), ":outcome", s(restored ? "RESTORED" : "FAILED"))));
  }

  private static ArchiveRecord fromItem(Map<String, AttributeValue> item) {
    List<TableRows> tables =
        item.containsKey("tables")
            ? item.get("tables").l().stream()
                .map(
                    t ->
                        new TableRows(
                            t.m().get("table").s(), Long.parseLong(t.m().get("rows").n())))
                .toList()
            : List.of();
    return new ArchiveRecord(
        item.get("archiveId").s(),
        ArchiveRecord.Status.valueOf(item.get("status").s()),
        Integer.parseInt(item.get("attempt").n()),
        item.get("policy").s(),
        item.get("databaseIdentifier").s(),
        item.get("databaseName").s(),
        Engine.valueOf(item.get("engine").s()),
        new S3Location(item.get("bucket").s(), item.get("key").s()),
        StorageClass.valueOf(item.get("storageClass").s()),
        Compression.valueOf(item.get("compression").s()),
        Instant.parse(item.get("scheduledTime").s()),
        Instant.parse(item.get("startedAt").s()),
        instant(item, "finishedAt"),
        Long.parseLong(item.get("bytes").n()),
        item.containsKey("sha256") ? item.get("sha256").s() : null,
        tables,
        Instant.parse(item.get("retainUntil").s()),
        item.containsKey("failure") ? item.get("failure").s() : null,
        UUID.fromString(item.get("lifecycleId").s()),
        instant(item, "lastVerifiedAt"));
  }

  private static Instant instant(Map<String, AttributeValue> item, String name) {
    return item.containsKey(name) ? Instant.parse(item.get(name).s()) : null;
  }

  private static String dueId(Due kind, LocalDate day) {
    return "due/" + kind.name().toLowerCase(java.util.Locale.ROOT) + "/" + day;
  }

  private static String sweptId(Due kind) {
    return "swept/" + kind.name().toLowerCase(java.util.Locale.ROOT);
  }

  private static Map<String, AttributeValue> key(String id) {
    return Map.of("id", s(id));
  }

  private static AttributeValue s(String value) {
    return AttributeValue.fromS(value);
  }

  private static AttributeValue n(long value) {
    return AttributeValue.fromN(Long.toString(value));
  }
}
