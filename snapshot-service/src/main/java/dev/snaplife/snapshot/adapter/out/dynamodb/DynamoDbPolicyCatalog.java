package dev.snaplife.snapshot.adapter.out.dynamodb;

import static dev.snaplife.snapshot.adapter.out.dynamodb.StateTable.s;

import dev.snaplife.snapshot.application.port.PolicyCatalog;
import dev.snaplife.snapshot.domain.BackupPolicy;
import java.time.Clock;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;

/**
 * The catalogue as one item, {@code policies}: a JSON list of each policy's name, schedule and
 * retention, which the operator's command line reads to refuse a request for a policy that does not
 * exist.
 */
public final class DynamoDbPolicyCatalog implements PolicyCatalog {

  private final StateTable table;
  private final JsonMapper json;
  private final Clock clock;

  public DynamoDbPolicyCatalog(StateTable table, JsonMapper json, Clock clock) {
    this.table = table;
    this.json = json;
    this.clock = clock;
  }

  @Override
  public void publish(Collection<BackupPolicy> policies) {
    List<Map<String, Object>> entries =
        policies.stream()
            .map(
                p -> {
                  Map<String, Object> entry = new LinkedHashMap<>();
                  entry.put("name", p.name());
                  entry.put("kinds", p.selection().kindList());
                  entry.put("schedule", p.schedule().expression());
                  entry.put("backupInterval", p.schedule().backupInterval().toString());
                  entry.put("retentionDays", p.retention().retentionDays());
                  entry.put("dryRun", p.dryRun());
                  return entry;
                })
            .toList();
    table
        .dynamo()
        .putItem(
            b ->
                b.tableName(table.name())
                    .item(
                        Map.of(
                            "id", s("policies"),
                            "policies", s(json.writeValueAsString(entries)),
                            "updatedAt", s(clock.instant().toString()))));
  }
}
