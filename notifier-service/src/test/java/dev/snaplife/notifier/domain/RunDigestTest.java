package dev.snaplife.notifier.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class RunDigestTest {

  static final UUID RUN = UUID.fromString("3f1c2a9e-8d4b-4c6a-9e2f-1b7d5a0c4e81");
  static final Instant AT = Instant.parse("2026-11-20T01:00:00Z");

  /** A digest of policy "daily"; the sets a test leaves out are empty. */
  static final class Digest {
    Integer parts = 1;
    Set<Integer> received = Set.of(1);
    boolean dryRun;
    Set<String> planned = Set.of();
    Set<String> plannedDeletions = Set.of();
    Set<String> created = Set.of();
    Set<String> deleted = Set.of();
    Set<String> failed = Set.of();
    Set<String> deletionsFailed = Set.of();
    Map<String, Integer> kept = Map.of();

    RunDigest build() {
      return new RunDigest(
          RUN,
          "daily",
          AT,
          dryRun,
          parts,
          received,
          planned,
          plannedDeletions,
          Set.of(),
          created,
          deleted,
          failed,
          deletionsFailed,
          kept,
          AT,
          false,
          false);
    }
  }

  @Test
  void isCompleteWhenEverySnapshotAndDeletionHasAnOutcome() {
    Digest d = new Digest();
    d.planned = Set.of("s1", "s2");
    d.plannedDeletions = Set.of("old1", "old2");
    d.created = Set.of("s1");
    d.failed = Set.of("s2: quota reached");
    d.deleted = Set.of("old1");
    assertThat(d.build().complete()).isFalse();

    d.deletionsFailed = Set.of("old2: an export is running");
    assertThat(d.build().complete()).isTrue();
  }

  @Test
  void isNotCompleteUntilEveryPartOfThePlanArrived() {
    Digest d = new Digest();
    d.parts = 3;
    d.received = Set.of(1, 3);
    assertThat(d.build().planKnown()).isFalse();
    assertThat(d.build().complete()).isFalse();

    d.received = Set.of(1, 2, 3);
    assertThat(d.build().complete()).isTrue();
  }

  @Test
  void aDigestWithoutItsPlanIsNeverComplete() {
    Digest d = new Digest();
    d.parts = null;
    d.received = Set.of();

    assertThat(d.build().complete()).isFalse();
  }

  @Test
  void aDryRunSaysWhatItWouldHaveDoneAndThatNothingChanged() {
    Digest d = new Digest();
    d.dryRun = true;
    d.planned = Set.of("s1", "s2", "s3");
    d.plannedDeletions = Set.of("old1");

    Notification n = d.build().render(false);

    assertThat(n.subject())
        .isEqualTo(
            "[Snaplife] DRY RUN of daily: 3 would be created, 1 would be deleted, nothing changed");
    assertThat(n.channel()).isEqualTo(Notification.Channel.INFO);
    assertThat(n.body()).contains("Would create (3):").contains("Would delete (1):");
  }

  @Test
  void aRunWithFailuresIsAnAlertCountingSnapshotAndDeletionFailures() {
    Digest d = new Digest();
    d.planned = Set.of("s1", "s2");
    d.created = Set.of("s1");
    d.failed = Set.of("s2: quota reached");
    d.plannedDeletions = Set.of("old1", "old2");
    d.deleted = Set.of("old1");
    d.deletionsFailed = Set.of("old2: an export is running");
    d.kept = Map.of("keep-newest", 2, "within-7-days", 5);

    Notification n = d.build().render(false);

    assertThat(n.subject())
        .isEqualTo("[Snaplife] Backup run daily: 1 created, 1 deleted, 2 failed");
    assertThat(n.channel()).isEqualTo(Notification.Channel.ALERTS);
    assertThat(n.attributes()).containsEntry("severity", "ALERT");
    assertThat(n.body())
        .contains("Failed to snapshot (1):\n  - s2: quota reached\n")
        .contains("Failed to delete (retried by the next run) (1):\n  - old2: an export is running")
        .contains("Kept by retention rule: keep-newest 2, within-7-days 5");
  }

  @Test
  void anIncompleteRunAtTheDeadlineSaysWhatItIsStillWaitingFor() {
    Digest d = new Digest();
    d.planned = Set.of("s1", "s2");
    d.created = Set.of("s1");

    Notification n = d.build().render(true);

    assertThat(n.subject()).endsWith("1 created, 0 deleted, 0 failed (incomplete)");
    assertThat(n.body())
        .contains("INCOMPLETE at the digest deadline; still waiting for:\n  - s2\n");
    assertThat(n.channel()).isEqualTo(Notification.Channel.ALERTS);
  }

  @Test
  void aCleanRunGoesToTheInfoTopicOnly() {
    Digest d = new Digest();
    d.planned = Set.of("s1");
    d.created = Set.of("s1");

    Notification n = d.build().render(false);

    assertThat(n.subject())
        .isEqualTo("[Snaplife] Backup run daily: 1 created, 0 deleted, 0 failed");
    assertThat(n.channel()).isEqualTo(Notification.Channel.INFO);
  }
}
