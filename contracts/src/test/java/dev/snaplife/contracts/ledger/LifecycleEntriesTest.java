package dev.snaplife.contracts.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import dev.snaplife.contracts.event.EventEnvelope;
import dev.snaplife.contracts.event.EventType;
import dev.snaplife.contracts.event.SnapshotCopied;
import dev.snaplife.contracts.event.SnapshotCopyRequested;
import dev.snaplife.contracts.event.SnapshotReplicationFailed;
import dev.snaplife.contracts.json.EventCodec;
import dev.snaplife.contracts.ledger.LifecycleEntry.Stage;
import dev.snaplife.contracts.ledger.LifecycleEntry.State;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class LifecycleEntriesTest {

  /** Runs belong to no single snapshot or archive: their digests tell about them. */
  static final Set<EventType> RUN_EVENTS =
      EnumSet.of(
          EventType.BACKUP_REQUESTED,
          EventType.BACKUP_RUN_PLANNED,
          EventType.ARCHIVE_RUN_REQUESTED);

  final EventCodec codec = new EventCodec();

  @ParameterizedTest
  @EnumSource(EventType.class)
  void everyFactAboutASnapshotOrAnArchiveHasAnEntryNamingItsDatabase(EventType type)
      throws IOException {
    EventEnvelope<?> event = fixture(type);

    var entry = LifecycleEntries.of(event);

    if (RUN_EVENTS.contains(type)) {
      assertThat(entry).isEmpty();
      return;
    }
    assertThat(entry).isPresent();
    assertThat(entry.get().lifecycleId()).isEqualTo(event.lifecycleId());
    assertThat(entry.get().eventId()).isEqualTo(event.eventId());
    assertThat(entry.get().occurredAt()).isEqualTo(event.occurredAt());
    assertThat(entry.get().database()).isNotBlank();
    assertThat(entry.get().detail()).isNotBlank();
    assertThat(entry.get().failure() != null)
        .as("a failure has a reason, nothing else has")
        .isEqualTo(entry.get().state() == State.FAILED);
    assertThat(entry.get().notified()).isNull();
  }

  @Test
  void aCopyRequestAndItsOutcomePairUpByTheirDestination() throws IOException {
    var requested = (SnapshotCopyRequested) fixture(EventType.SNAPSHOT_COPY_REQUESTED).data();
    var copied = (SnapshotCopied) fixture(EventType.SNAPSHOT_COPIED).data();
    var failed = (SnapshotReplicationFailed) fixture(EventType.SNAPSHOT_REPLICATION_FAILED).data();
    String destination = "222222222222/eu-west-1";
    var request =
        new SnapshotCopyRequested(
            requested.source(),
            requested.policy(),
            requested.rule(),
            "dr-eu",
            "222222222222",
            "eu-west-1",
            requested.sourceTags());
    var copy =
        new SnapshotCopied(
            copied.source(),
            new dev.snaplife.contracts.event.SnapshotRef(
                "arn:aws:rds:eu-west-1:222222222222:snapshot:"
                    + copied.source().snapshotIdentifier(),
                copied.source().snapshotIdentifier(),
                copied.source().databaseKind(),
                copied.source().sourceIdentifier(),
                copied.source().engine(),
                null,
                "222222222222",
                "eu-west-1",
                true,
                "key",
                null,
                null),
            copied.policy(),
            copied.retentionDays());
    var copyFailed =
        new SnapshotReplicationFailed(
            failed.snapshot(),
            failed.policy(),
            failed.rule(),
            SnapshotReplicationFailed.Step.COPY,
            "dr-eu",
            "222222222222",
            "eu-west-1",
            failed.failure());

    LifecycleEntry inProgress = LifecycleEntries.of(envelope(request)).orElseThrow();
    LifecycleEntry done = LifecycleEntries.of(envelope(copy)).orElseThrow();
    LifecycleEntry refused = LifecycleEntries.of(envelope(copyFailed)).orElseThrow();

    assertThat(inProgress.stage()).isEqualTo(Stage.COPY);
    assertThat(inProgress.state()).isEqualTo(State.IN_PROGRESS);
    assertThat(inProgress.subject()).isEqualTo(destination);
    assertThat(inProgress.location()).isEqualTo(destination);
    assertThat(done.subject()).isEqualTo(destination);
    assertThat(done.state()).isEqualTo(State.DONE);
    assertThat(done.snapshot()).isEqualTo(copied.source().snapshotIdentifier());
    assertThat(refused.stage()).isEqualTo(Stage.COPY);
    assertThat(refused.subject()).isEqualTo(destination);
    assertThat(refused.failure()).startsWith(failed.failure().reason());
    assertThat(refused.retryable()).isEqualTo(failed.failure().retryable());
  }

  @Test
  void aShareThatFailedIsTheShareStageWhateverItsStep() throws IOException {
    var failed = (SnapshotReplicationFailed) fixture(EventType.SNAPSHOT_REPLICATION_FAILED).data();
    var reencrypt =
        new SnapshotReplicationFailed(
            failed.snapshot(),
            failed.policy(),
            failed.rule(),
            SnapshotReplicationFailed.Step.REENCRYPT,
            null,
            failed.accountId(),
            failed.region(),
            failed.failure());

    LifecycleEntry entry = LifecycleEntries.of(envelope(reencrypt)).orElseThrow();

    assertThat(entry.stage()).isEqualTo(Stage.SHARE);
    assertThat(entry.state()).isEqualTo(State.FAILED);
    assertThat(entry.detail()).contains("step REENCRYPT");
  }

  @Test
  void entryKeysSortInTheOrderTheFactsHappened() {
    UUID id = UUID.randomUUID();
    String earlier = LedgerTable.entryKey(Instant.parse("2026-12-06T09:59:59.999Z"), id);
    String later = LedgerTable.entryKey(Instant.parse("2026-12-06T10:00:00Z"), id);
    String muchLater = LedgerTable.entryKey(Instant.parse("2286-11-20T17:46:40Z"), id);

    assertThat(earlier).isLessThan(later);
    assertThat(later).isLessThan(muchLater);
  }

  private EventEnvelope<?> fixture(EventType type) throws IOException {
    String name = "/fixtures/v" + type.schemaVersion() + "/" + type.detailType() + ".json";
    try (InputStream in = getClass().getResourceAsStream(name)) {
      assertThat(in).as("fixture %s", name).isNotNull();
      return codec.fromJson(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    }
  }

  private static EventEnvelope<?> envelope(dev.snaplife.contracts.event.SnaplifeEvent data) {
    return EventEnvelope.of(
        UUID.randomUUID(), Instant.now(), UUID.randomUUID(), null, "snaplife.test", data);
  }
}
