package dev.snaplife.notifier.domain;

import static org.assertj.core.api.Assertions.assertThat;

import dev.snaplife.contracts.event.BackupRunPlanned;
import dev.snaplife.contracts.event.DatabaseKind;
import dev.snaplife.contracts.event.EventEnvelope;
import dev.snaplife.contracts.event.Failure;
import dev.snaplife.contracts.event.RecoveryPointObjectiveBreached;
import dev.snaplife.contracts.event.SnaplifeEvent;
import dev.snaplife.contracts.event.SnapshotDeletionFailed;
import dev.snaplife.contracts.event.SnapshotFailed;
import dev.snaplife.contracts.event.SnapshotRef;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class OutcomeFormatterTest {

  static final Instant AT = Instant.parse("2026-11-20T01:07:00Z");
  static final UUID EVENT = UUID.fromString("8b2f6c1e-4a7d-4f3b-9c5e-2d1a0b9e7f64");
  static final UUID LIFECYCLE = UUID.fromString("c4a1e7d2-5b3f-4e8a-a6c9-7f2d1b0e3a58");

  static EventEnvelope<?> envelope(SnaplifeEvent data) {
    return EventEnvelope.of(EVENT, AT, LIFECYCLE, null, "snaplife.snapshot-service", data);
  }

  static final SnapshotRef ORDERS =
      new SnapshotRef(
          "arn:aws:rds:us-east-1:123456789012:snapshot:snaplife-orders-db-20261101-0100-k3x9q2",
          "snaplife-orders-db-20261101-0100-k3x9q2",
          DatabaseKind.DB_INSTANCE,
          "orders-db",
          "postgres",
          "16.4",
          "123456789012",
          "us-east-1",
          true,
          null,
          AT,
          20);

  @Test
  void aFailedSnapshotSaysWhichDatabaseWhyAndWhetherRetryingHelps() {
    Notification n =
        OutcomeFormatter.format(
                envelope(
                    new SnapshotFailed(
                        "daily",
                        DatabaseKind.DB_INSTANCE,
                        "orders-db",
                        "snaplife-orders-db-20261120-0100-k3x9q2",
                        "postgres",
                        "123456789012",
                        "us-east-1",
                        new Failure("not permitted to snapshot orders-db", "AccessDenied", false),
                        null)),
                Notification.Channel.ALERTS)
            .orElseThrow();

    assertThat(n.subject()).isEqualTo("[Snaplife] Snapshot FAILED: orders-db (daily)");
    assertThat(n.body())
        .isEqualTo(
            "Database: orders-db (DB_INSTANCE)\n"
                + "Snapshot: snaplife-orders-db-20261120-0100-k3x9q2\n"
                + "Reason: not permitted to snapshot orders-db\n"
                + "Error code: AccessDenied\n"
                + "Retrying will not help until this is fixed.\n"
                + "\n"
                + "Event: SnapshotFailed "
                + EVENT
                + "\nLifecycle: "
                + LIFECYCLE
                + "\nAt: 2026-11-20T01:07:00Z\n");
    assertThat(n.attributes())
        .containsExactlyInAnyOrderEntriesOf(
            java.util.Map.of(
                "event_type", "SnapshotFailed",
                "severity", "ALERT",
                "database", "orders-db",
                "policy", "daily"));
  }

  @Test
  void aRefusedDeletionSaysTheSnapshotStaysUntilTheNextRun() {
    Notification n =
        OutcomeFormatter.format(
                envelope(
                    new SnapshotDeletionFailed(
                        ORDERS,
                        "daily",
                        new Failure("an export task is running", "InvalidDBSnapshotState", true),
                        null)),
                Notification.Channel.ALERTS)
            .orElseThrow();

    assertThat(n.subject()).isEqualTo("[Snaplife] Snapshot deletion FAILED: orders-db (daily)");
    assertThat(n.body())
        .contains("Snapshot: snaplife-orders-db-20261101-0100-k3x9q2\n")
        .contains("Reason: an export task is running\n")
        .contains("Retrying later may succeed.\n")
        .contains("The snapshot stays; the policy's next run tries to delete it again.\n");
  }

  @Test
  void anRpoBreachWithoutAnySnapshotSaysNone() {
    Notification n =
        OutcomeFormatter.format(
                envelope(
                    new RecoveryPointObjectiveBreached(
                        "hourly", DatabaseKind.DB_CLUSTER, "billing", 60, null, AT)),
                Notification.Channel.ALERTS)
            .orElseThrow();

    assertThat(n.subject()).isEqualTo("[Snaplife] RPO BREACHED: billing (hourly)");
    assertThat(n.body())
        .startsWith(
            "Database: billing (DB_CLUSTER)\n"
                + "Recovery point objective: 60 minutes\n"
                + "Newest available snapshot: none\n");
  }

  @Test
  void aRunPlanFeedsOnlyTheDigest() {
    assertThat(
            OutcomeFormatter.format(
                envelope(
                    new BackupRunPlanned(
                        "daily", EVENT, AT, false, List.of(), List.of(), List.of(), List.of())),
                Notification.Channel.INFO))
        .isEmpty();
  }
}
