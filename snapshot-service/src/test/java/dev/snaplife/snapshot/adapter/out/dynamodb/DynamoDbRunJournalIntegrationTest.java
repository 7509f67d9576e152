package dev.snaplife.snapshot.adapter.out.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;

import dev.snaplife.contracts.event.DatabaseKind;
import dev.snaplife.contracts.event.SnapshotRef;
import dev.snaplife.contracts.json.EventCodec;
import dev.snaplife.contracts.routing.SnaplifeService;
import dev.snaplife.platform.testing.EmulatorEnvironment;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The run journal in the service's real table: a plan of any size survives, whole. */
class DynamoDbRunJournalIntegrationTest {

  static final EmulatorEnvironment aws = EmulatorEnvironment.provision();

  final DynamoDbRunJournal journal =
      new DynamoDbRunJournal(
          new StateTable(aws.dynamo(), aws.names().serviceTable(SnaplifeService.SNAPSHOT, "state")),
          new EventCodec().mapper(),
          Clock.systemUTC());

  @Test
  void aRunWithNoJournalHasNoPlannedDeletions() {
    assertThat(journal.plannedDeletions(UUID.randomUUID())).isEmpty();
  }

  @Test
  void tenThousandPlannedDeletionsFarPastOneItemsLimitComeBackInOrder() {
    // About 4 MB of JSON: ten times what one DynamoDB item holds.
    UUID run = UUID.randomUUID();
    List<SnapshotRef> planned = refs(10_000);

    journal.recordDeletions(run, planned);

    assertThat(journal.plannedDeletions(run)).isEqualTo(planned);
  }

  @Test
  void aRetryThatRecordsAShorterPlanReadsOnlyThatPlan() {
    UUID run = UUID.randomUUID();
    journal.recordDeletions(run, refs(1_200));
    List<SnapshotRef> shorter = refs(7);

    journal.recordDeletions(run, shorter);

    assertThat(journal.plannedDeletions(run)).isEqualTo(shorter);
  }

  private static List<SnapshotRef> refs(int count) {
    return IntStream.range(0, count)
        .mapToObj(
            i ->
                new SnapshotRef(
                    "arn:aws:rds:eu-central-1:123456789012:snapshot:snaplife-orders-db-"
                        + i
                        + "-20261122-0400-k3x9q2",
                    "snaplife-orders-db-" + i + "-20261122-0400-k3x9q2",
                    DatabaseKind.DB_INSTANCE,
                    "orders-db-" + i,
                    "postgres",
                    "16.4",
                    "123456789012",
                    "eu-central-1",
                    true,
                    "arn:aws:kms:eu-central-1:123456789012:key/" + UUID.randomUUID(),
                    Instant.parse("2026-11-22T04:00:00Z").plusSeconds(i),
                    20 + i % 100))
        .toList();
  }
}
