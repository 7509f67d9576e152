package dev.snaplife.cli.status;

import dev.snaplife.contracts.ledger.LifecycleEntry;
import dev.snaplife.contracts.ledger.LifecycleEntry.Stage;
import dev.snaplife.contracts.ledger.LifecycleEntry.State;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * Where one lifecycle stands, from its ledger entries: each stage (per subject: a copy's
 * destination, an export's rule, an archive's logical database) at its latest fact, the lifecycle's
 * state as a whole, and its last failure.
 *
 * @param stages the latest fact of each stage and subject, in stage order, then by first seen
 * @param entries every fact, oldest first
 */
record LifecycleStatus(
    UUID lifecycleId,
    String database,
    @Nullable String snapshot,
    Instant startedAt,
    Overall state,
    String summary,
    List<StageStatus> stages,
    @Nullable LifecycleEntry lastFailure,
    List<LifecycleEntry> entries) {

  /** The lifecycle as a whole. */
  enum Overall {
    /** A stage was requested and has not ended yet. */
    IN_PROGRESS,
    /** A stage's latest fact is a failure. */
    FAILED,
    /** Every stage recorded so far ended well. */
    OK,
    /** The snapshot or archive was deleted by retention: its life is over. */
    EXPIRED
  }

  /**
   * One stage and subject at its latest fact.
   *
   * @param since the stage's first fact, for how long it has been going
   */
  record StageStatus(Stage stage, String subject, LifecycleEntry latest, Instant since) {}

  static LifecycleStatus of(UUID lifecycleId, List<LifecycleEntry> facts) {
    if (facts.isEmpty()) {
      throw new IllegalArgumentException("lifecycle " + lifecycleId + " has no entries");
    }
    List<LifecycleEntry> entries =
        facts.stream()
            .sorted(
                Comparator.comparing(LifecycleEntry::occurredAt)
                    .thenComparing(e -> e.state() != State.IN_PROGRESS))
            .toList();
    Map<String, StageStatus> byStage = new LinkedHashMap<>();
    for (LifecycleEntry e : entries) {
      String key = e.stage() + "|" + e.subject();
      StageStatus before = byStage.get(key);
      byStage.put(
          key,
          new StageStatus(
              e.stage(), e.subject(), e, before == null ? e.occurredAt() : before.since()));
    }
    List<StageStatus> stages =
        byStage.values().stream()
            .sorted(Comparator.comparing(StageStatus::stage).thenComparing(StageStatus::since))
            .toList();
    LifecycleEntry lastFailure = null;
    for (LifecycleEntry e : entries) {
      if (e.state() == State.FAILED) {
        lastFailure = e;
      }
    }
    LifecycleEntry first = entries.get(0);
    String database =
        entries.stream()
            .map(LifecycleEntry::database)
            .filter(d -> !d.isBlank())
            .findFirst()
            .orElse(first.database());
    String snapshot =
        entries.stream()
            .map(LifecycleEntry::snapshot)
            .filter(s -> s != null)
            .findFirst()
            .orElse(null);
    Optional<StageStatus> failed =
        stages.stream().filter(s -> s.latest().state() == State.FAILED).reduce((a, b) -> b);
    List<StageStatus> running =
        stages.stream().filter(s -> s.latest().state() == State.IN_PROGRESS).toList();
    Overall state;
    String summary;
    if (failed.isPresent()) {
      state = Overall.FAILED;
      summary =
          "FAILED at "
              + label(failed.get())
              + ": "
              + failed.get().latest().failure()
              + (Boolean.TRUE.equals(failed.get().latest().retryable())
                  ? " (retryable)"
                  : " (needs a fix)");
    } else if (!running.isEmpty()) {
      state = Overall.IN_PROGRESS;
      List<String> labels = new ArrayList<>();
      running.forEach(s -> labels.add(label(s)));
      summary = "IN PROGRESS: " + String.join(", ", labels);
    } else if (expired(stages, first)) {
      state = Overall.EXPIRED;
      summary = "EXPIRED: deleted by retention";
    } else {
      state = Overall.OK;
      summary = "OK: every stage recorded so far is done";
    }
    return new LifecycleStatus(
        lifecycleId,
        database,
        snapshot,
        first.occurredAt(),
        state,
        summary,
        stages,
        lastFailure,
        entries);
  }

  /**
   * Expired when the original itself was deleted: an archive's expiry, or a snapshot's deletion
   * where the lifecycle began (a copy's deletion elsewhere leaves the original alive).
   */
  private static boolean expired(List<StageStatus> stages, LifecycleEntry first) {
    return stages.stream()
        .filter(s -> s.stage() == Stage.EXPIRE && s.latest().state() == State.DONE)
        .anyMatch(
            s ->
                s.latest().eventType().equals("ArchiveExpired")
                    || s.subject().equals(first.location()));
  }

  static String label(StageStatus stage) {
    return stage.subject().isBlank() ? stage.stage().name() : stage.stage() + " " + stage.subject();
  }
}
