package dev.snaplife.export.adapter.out.dynamodb;

import dev.snaplife.export.application.port.ExportJournal;
import dev.snaplife.export.domain.ExportRetention.CompletedExport;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import tools.jackson.databind.json.JsonMapper;

/**
 * The export journal in export-service's own table ({@code <env>-export-service-journal}, keyed by
 * {@code id}): {@code export/<task id>} per export (its record as JSON); {@code
 * completed/<rule>/<source>} a string set of {@code <completed at>|<task id>}; {@code
 * sources/<rule>} a string set of source databases; {@code cataloguing} a string set of task ids.
 * Sets change with ADD and DELETE, so two replicas never overwrite each other's entries.
 */
public final class DynamoDbExportJournal implements ExportJournal {

  private static final String CATALOGUING = "cataloguing";

  private final DynamoDbClient dynamo;
  private final String table;
  private final JsonMapper json;

  public DynamoDbExportJournal(DynamoDbClient dynamo, String table, JsonMapper json) {
    this.dynamo = dynamo;
    this.table = table;
    this.json = json;
  }

  @Override
  public Optional<ExportRecord> find(String taskId) {
    Map<String, AttributeValue> item = get("export/" + taskId);
    if (item == null || !item.containsKey("record")) {
      return Optional.empty();
    }
    return Optional.of(json.readValue(item.get("record").s(), ExportRecord.class));
  }

  @Override
  public void save(ExportRecord record) {
    dynamo.putItem(
        b ->
            b.tableName(table)
                .item(
                    Map.of(
                        "id", s("export/" + record.taskId()),
                        "status", s(record.status().name()),
                        "record", s(json.writeValueAsString(record)))));
  }

  @Override
  public void addCompleted(String rule, String sourceIdentifier, CompletedExport export) {
    if (completed(rule, sourceIdentifier).stream()
        .anyMatch(e -> e.taskId().equals(export.taskId()))) {
      return;
    }
    add(completedId(rule, sourceIdentifier), export.completedAt() + "|" + export.taskId());
    add("sources/" + rule, sourceIdentifier);
  }

  @Override
  public void removeCompleted(String rule, String sourceIdentifier, String taskId) {
    List<String> entries =
        members(completedId(rule, sourceIdentifier)).stream()
            .filter(e -> e.endsWith("|" + taskId))
            .toList();
    remove(completedId(rule, sourceIdentifier), entries);
  }

  @Override
  public List<CompletedExport> completed(String rule, String sourceIdentifier) {
    return members(completedId(rule, sourceIdentifier)).stream()
        .map(
            e ->
                new CompletedExport(
                    e.substring(e.indexOf('|') + 1), Instant.parse(e.substring(0, e.indexOf('|')))))
        .sorted(Comparator.comparing(CompletedExport::completedAt))
        .toList();
  }

  @Override
  public Set<String> sources(String rule) {
    return new TreeSet<>(members("sources/" + rule));
  }

  @Override
  public void addCataloguing(String taskId) {
    add(CATALOGUING, taskId);
  }

  @Override
  public void removeCataloguing(String taskId) {
    if (members(CATALOGUING).contains(taskId)) {
      remove(CATALOGUING, List.of(taskId));
    }
  }

  @Override
  public Set<String> cataloguing() {
    return new TreeSet<>(members(CATALOGUING));
  }

  private static String completedId(String rule, String sourceIdentifier) {
    return "completed/" + rule + "/" + sourceIdentifier;
  }

  private Map<String, AttributeValue> get(String id) {
    Map<String, AttributeValue> item =
        dynamo.getItem(b -> b.tableName(table).key(key(id)).consistentRead(true)).item();
    return item == null || item.isEmpty() ? null : item;
  }

  private List<String> members(String id) {
    Map<String, AttributeValue> item = get(id);
    return item == null || !item.containsKey("members") ? List.of() : item.get("members").ss();
  }

  private void add(String id, String member) {
    dynamo.updateItem(
        b ->
            b.tableName(table)
                .key(key(id))
                .updateExpression("ADD members :m")
                .expressionAttributeValues(Map.of(":m", AttributeValue.fromSs(List.of(member)))));
  }

  private void remove(String id, List<String> members) {
    if (members.isEmpty()) {
      return;
    }
    dynamo.updateItem(
        b ->
            b.tableName(table)
                .key(key(id))
                .updateExpression("DELETE members :m")
                .expressionAttributeValues(Map.of(":m", AttributeValue.fromSs(members))));
  }

  private static Map<String, AttributeValue> key(String id) {
    return Map.of("id", s(id));
  }

  private static AttributeValue s(String value) {
    return AttributeValue.fromS(value);
  }
}
