package dev.snaplife.snapshot.adapter.out.dynamodb;

import static dev.snaplife.snapshot.adapter.out.dynamodb.StateTable.s;

import dev.snaplife.snapshot.application.port.ReportedSnapshots;
import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** One small item per reported snapshot, kept two days (longer than any snapshot is followed). */
public final class DynamoDbReportedSnapshots implements ReportedSnapshots {

  static final Duration KEEP = Duration.ofDays(2);

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
    List<String> ids = snapshotArns.stream().distinct().map(arn -> "reported/" + arn).toList();
    Set<String> reported = new HashSet<>();
    table
        .getAll(ids)
        .forEach(item -> reported.add(item.get("id").s().substring("reported/".length())));
    return reported;
  }
}
