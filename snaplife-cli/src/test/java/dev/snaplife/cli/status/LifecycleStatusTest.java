package dev.snaplife.cli.status;

import static org.assertj.core.api.Assertions.assertThat;

import dev.snaplife.cli.status.LifecycleStatus.Overall;
import dev.snaplife.contracts.ledger.LifecycleEntry;
import dev.snaplife.contracts.ledger.LifecycleEntry.Stage;
import dev.snaplife.contracts.ledger.LifecycleEntry.State;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class LifecycleStatusTest {

  static final UUID LIFECYCLE = UUID.randomUUID();
  static final Instant T0 = Instant.parse("2026-12-06T01:00:00Z");
  static final String HOME = "123456789012/us-east-1";
  static final String DR = "222222222222/eu-west-1";

  @Test
  void aCopyRequestedAndNotEndedIsInProgress() {
    var status =
        LifecycleStatus.of(
            LIFECYCLE,
            List.of(
                fact(2, Stage.COPY, DR, State.IN_PROGRESS, "SnapshotCopyRequested"),
                fact(0, Stage.SNAPSHOT, "", State.DONE, "SnapshotCreated"),
                fact(1, Stage.SHARE, "", State.DONE, "SnapshotShared")));

    assertThat(status.state()).isEqualTo(Overall.IN_PROGRESS);
    assertThat(status.summary()).isEqualTo("IN PROGRESS: COPY " + DR);
    assertThat(status.startedAt()).isEqualTo(T0);
    assertThat(status.stages())
        .extracting(LifecycleStatus.StageStatus::stage)
        .containsExactly(Stage.SNAPSHOT, Stage.SHARE, Stage.COPY);
    assertThat(status.lastFailure()).isNull();
  }

  @Test
  void aFailureThatARetryFixedIsHistoryNotTheState() {
    var status =
        LifecycleStatus.of(
            LIFECYCLE,
            List.of(
                fact(0, Stage.SNAPSHOT, "", State.DONE, "SnapshotCreated"),
                fact(5, Stage.EXPORT, "lake", State.FAILED, "ExportFailed"),
                fact(60, Stage.EXPORT, "lake", State.DONE, "ExportCompleted")));

    assertThat(status.state()).isEqualTo(Overall.OK);
    assertThat(status.lastFailure()).isNotNull();
    assertThat(status.lastFailure().eventType()).isEqualTo("ExportFailed");
    assertThat(status.stages()).hasSize(2);
    assertThat(status.stages().get(1).since()).isEqualTo(T0.plusSeconds(5));
  }

  @Test
  void theLatestFailureOfAStageMakesTheLifecycleFailedWithItsReason() {
    var status =
        LifecycleStatus.of(
            LIFECYCLE,
            List.of(
                fact(0, Stage.SNAPSHOT, "", State.DONE, "SnapshotCreated"),
                fact(1, Stage.COPY, DR, State.IN_PROGRESS, "SnapshotCopyRequested"),
                fact(9, Stage.COPY, DR, State.FAILED, "SnapshotReplicationFailed")));

    assertThat(status.state()).isEqualTo(Overall.FAILED);
    assertThat(status.summary())
        .isEqualTo("FAILED at COPY " + DR + ": key not accessible (retryable)");
  }

  @Test
  void deletingACopyLeavesTheOriginalAliveDeletingTheOriginalEndsTheLifecycle() {
    var copyDeleted =
        LifecycleStatus.of(
            LIFECYCLE,
            List.of(
                fact(0, Stage.SNAPSHOT, "", State.DONE, "SnapshotCreated"),
                fact(9, Stage.COPY, DR, State.DONE, "SnapshotCopied"),
                fact(99, Stage.EXPIRE, DR, State.DONE, "SnapshotDeleted")));
    var originalDeleted =
        LifecycleStatus.of(
            LIFECYCLE,
            List.of(
                fact(0, Stage.SNAPSHOT, "", State.DONE, "SnapshotCreated"),
                fact(99, Stage.EXPIRE, HOME, State.DONE, "SnapshotDeleted")));

    assertThat(copyDeleted.state()).isEqualTo(Overall.OK);
    assertThat(originalDeleted.state()).isEqualTo(Overall.EXPIRED);
  }

  @Test
  void aRequestAndItsOutcomeAtTheSameInstantEndInTheOutcome() {
    var status =
        LifecycleStatus.of(
            LIFECYCLE,
            List.of(
                fact(3, Stage.ARCHIVE, "orders", State.DONE, "ArchiveWritten"),
                fact(3, Stage.ARCHIVE, "orders", State.IN_PROGRESS, "ArchiveRequested")));

    assertThat(status.state()).isEqualTo(Overall.OK);
    assertThat(status.stages())
        .singleElement()
        .satisfies(s -> assertThat(s.latest().state()).isEqualTo(State.DONE));
  }

  static LifecycleEntry fact(
      int second, Stage stage, String subject, State state, String eventType) {
    return new LifecycleEntry(
        LIFECYCLE,
        UUID.randomUUID(),
        eventType,
        T0.plusSeconds(second),
        stage,
        subject,
        state,
        "orders-db",
        "snaplife-orders-db-20261206-0100",
        stage == Stage.SNAPSHOT ? HOME : subject.isEmpty() ? HOME : subject,
        "detail of " + eventType,
        state == State.FAILED ? "key not accessible" : null,
        state == State.FAILED ? true : null,
        state == State.IN_PROGRESS ? null : "info");
  }
}
