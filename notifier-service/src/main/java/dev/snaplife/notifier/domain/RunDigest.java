package dev.snaplife.notifier.domain;

import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * What one backup run did, gathered from its events in whatever order they arrive (seed 004's
 * "newly created manual snapshots and older deleted snapshots" message).
 *
 * @param planParts how many parts the run's plan has, once one arrived
 * @param planPartsReceived which parts arrived; the plan is known when all have
 * @param planned the snapshots the run set out to take
 * @param plannedDeletions likewise for deletions
 * @param failed "identifier: reason" of each snapshot that could not be taken
 * @param deletionsFailed "identifier: reason" of each snapshot RDS refused to delete
 * @param keptByRule how many snapshots each retention rule kept
 * @param deadlineScheduled whether the check at the digest deadline is on its way
 * @param sent whether the digest went out already
 */
public record RunDigest(
    UUID runId,
    @Nullable String policy,
    @Nullable Instant scheduledTime,
    boolean dryRun,
    @Nullable Integer planParts,
    Set<Integer> planPartsReceived,
    Set<String> planned,
    Set<String> plannedDeletions,
    Set<String> skipped,
    Set<String> created,
    Set<String> deleted,
    Set<String> failed,
    Set<String> deletionsFailed,
    Map<String, Integer> keptByRule,
    Instant firstSeenAt,
    boolean deadlineScheduled,
    boolean sent) {

  public RunDigest {
    planPartsReceived = new TreeSet<>(planPartsReceived);
    planned = new TreeSet<>(planned);
    plannedDeletions = new TreeSet<>(plannedDeletions);
    skipped = new TreeSet<>(skipped);
    created = new TreeSet<>(created);
    deleted = new TreeSet<>(deleted);
    failed = new TreeSet<>(failed);
    deletionsFailed = new TreeSet<>(deletionsFailed);
    keptByRule = new TreeMap<>(keptByRule);
  }

  /** Every part of the run's plan arrived. */
  public boolean planKnown() {
    return planParts != null && planPartsReceived.size() >= planParts;
  }

  /** The plan is known, every planned snapshot has an outcome and every deletion one too. */
  public boolean complete() {
    if (!planKnown()) {
      return false;
    }
    if (dryRun) {
      return true;
    }
    return identifiers(failed, created).containsAll(planned)
        && identifiers(deletionsFailed, deleted).containsAll(plannedDeletions);
  }

  /** The identifiers of "identifier: reason" entries, plus the given ones. */
  private static Set<String> identifiers(Set<String> withReasons, Set<String> plain) {
    Set<String> ids = new TreeSet<>(plain);
    withReasons.forEach(f -> ids.add(f.contains(": ") ? f.substring(0, f.indexOf(": ")) : f));
    return ids;
  }

  public Notification render(boolean deadlinePassed) {
    StringBuilder body = new StringBuilder();
    String name = policy == null ? "unknown policy" : policy;
    body.append("Backup run of policy ").append(name);
    if (scheduledTime != null) {
      body.append(" scheduled at ").append(scheduledTime);
    }
    body.append(dryRun ? " (DRY RUN: nothing was changed)" : "").append("\n\n");
    section(body, dryRun ? "Would create" : "Created", dryRun ? planned : created);
    section(body, dryRun ? "Would delete" : "Deleted", dryRun ? plannedDeletions : deleted);
    section(body, "Failed to snapshot", failed);
    section(body, "Failed to delete (retried by the next run)", deletionsFailed);
    section(body, "Skipped (newest snapshot younger than the backup interval)", skipped);
    if (!keptByRule.isEmpty()) {
      body.append("Kept by retention rule: ");
      StringBuilder rules = new StringBuilder();
      keptByRule.forEach(
          (rule, count) ->
              rules.append(rules.isEmpty() ? "" : ", ").append(rule).append(' ').append(count));
      body.append(rules).append("\n\n");
    }
    if (!complete()) {
      Set<String> waiting = new TreeSet<>(planned);
      waiting.removeAll(identifiers(failed, created));
      Set<String> deletionsWaiting = new TreeSet<>(plannedDeletions);
      deletionsWaiting.removeAll(identifiers(deletionsFailed, deleted));
      waiting.addAll(deletionsWaiting);
      body.append(
          deadlinePassed
              ? "INCOMPLETE at the digest deadline; still waiting for:\n"
              : "Waiting for:\n");
      if (!planKnown()) {
        body.append("  - the run's plan (BackupRunPlanned")
            .append(planParts == null ? "" : ", " + planPartsReceived.size() + " of " + planParts)
            .append(")\n");
      }
      waiting.forEach(w -> body.append("  - ").append(w).append('\n'));
    }
    body.append("\nRun: ").append(runId).append('\n');
    boolean alarming = !failed.isEmpty() || !deletionsFailed.isEmpty() || !complete();
    return new Notification(
        alarming ? Notification.Channel.ALERTS : Notification.Channel.INFO,
        subject(name),
        body.toString(),
        Map.of(
            "event_type",
            "BackupRunDigest",
            "severity",
            alarming ? "ALERT" : "INFO",
            "database",
            "*",
            "policy",
            name));
  }

  /** Says what happened: a dry run changed nothing, so it says what it would have done. */
  private String subject(String name) {
    String incomplete = complete() ? "" : " (incomplete)";
    if (dryRun) {
      return "[Snaplife] DRY RUN of "
          + name
          + ": "
          + planned.size()
          + " would be created, "
          + plannedDeletions.size()
          + " would be deleted, nothing changed"
          + incomplete;
    }
    return "[Snaplife] Backup run "
        + name
        + ": "
        + created.size()
        + " created, "
        + deleted.size()
        + " deleted, "
        + (failed.size() + deletionsFailed.size())
        + " failed"
        + incomplete;
  }

  private static void section(StringBuilder body, String title, Set<String> items) {
    body.append(title).append(" (").append(items.size()).append("):\n");
    if (items.isEmpty()) {
      body.append("  none\n");
    }
    items.forEach(i -> body.append("  - ").append(i).append('\n'));
    body.append('\n');
  }
}
