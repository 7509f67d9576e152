package dev.snaplife.snapshot.adapter.out.dynamodb;

import static dev.snaplife.snapshot.adapter.out.dynamodb.StateTable.s;

import dev.snaplife.snapshot.application.port.ReportedSnapshots;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;

/** One small item per reported snapshot, kept two days (longer than any snapshot is followed). */
public final class DynamoDbReportedSnapshots implements ReportedSnapshots {

  static final Duration KEEP = Duration.ofDays(2);
  static final int BATCH = 100;

  private final StateTable table;
  private final Clock clock;

  public DynamoDbReportedSnapshots(StateTable table, Clock clock) {
    this.table = table;
    this.clock = clock;
  }

  @Override
  public void markReported(String snapshotArn) {
    table
        .dynamo()
        .putItem(
            b ->
                b.tableName(table.name())
                    .item(
                        Map.of(
                            "id",
                            s("reported/" + snapshotArn),
                            "expiresAt",
                            StateTable.expiresAt(clock.instant(), KEEP))));
  }

  @Override
  public Set<String> reported(Collection<String> snapshotArns) {
    List<String> arns = List.copyOf(new HashSet<>(snapshotArns));
    Set<String> reported = new HashSet<>();
    for (int from = 0; from < arns.size(); from += BATCH) {
      List<Map<String, AttributeValue>> keys = new ArrayList<>();
      arns.subList(from, Math.min(from + BATCH, arns.size()))
          .forEach(arn -> keys.add(Map.of("id", s("reported/" + arn))));
      Map<String, KeysAndAttributes> request =
          Map.of(table.name(), KeysAndAttributes.builder().keys(keys).consistentRead(true).build());
      while (!request.isEmpty()) {
        Map<String, KeysAndAttributes> sending = request;
        BatchGetItemResponse response = table.dynamo().batchGetItem(b -> b.requestItems(sending));
        response
            .responses()
            .getOrDefault(table.name(), List.of())
            .forEach(item -> reported.add(item.get("id").s().substring("reported/".length())));
        request = response.hasUnprocessedKeys() ? response.unprocessedKeys() : Map.of();
      }
    }
    return reported;
  }
}
