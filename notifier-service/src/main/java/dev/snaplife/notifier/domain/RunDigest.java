package dev.snaplife.notifier.domain;

import java.time.Instant;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * What one backup run did, gathered from its events in whatever order they arrive (seed 004's
 * "newly created manual snapshots and older deleted snapshots" message).
 *
 * @param planned the snapshots the run set out to take, once its BackupRunPlanned arrived
 * @param plannedDeletions likewise for deletions
 * @param failed "identifier: reason" of each failed snapshot
 * @param sent whether the digest went out already
 */
public record RunDigest(
    UUID runId,
    @Nullable String policy,
    @Nullable Instant scheduledTime,
    boolean dryRun,
    boolean planKnown,
    Set<String> planned,
    Set<String> plannedDeletions,
    Set<String> skipped,
    Set<String> created,
    Set<String> deleted,
    Set<String> failed,
    Instant firstSeenAt,
    boolean sent) {

  public RunDigest {
    planned = new TreeSet<>(planned);
    plannedDeletions = new TreeSet<>(plannedDeletions);
    skipped = new TreeSet<>(skipped);
    created = new TreeSet<>(created);
    deleted = new TreeSet<>(deleted);
    failed = new TreeSet<>(failed);
  }

  /** Every planned snapshot has an outcome and every planned deletion happened. */
  public boolean complete() {
    if (!planKnown) {
      return false;
    }
    if (dryRun) {
      return true;
    }
    Set<String> outcomes = new TreeSet<>(created);
    failed.forEach(
        f -> outcomes.add(f.substring(0, f.indexOf(':') < 0 ? f.length() : f.indexOf(':'))));
    return outcomes.containsAll(planned) && deleted.containsAll(plannedDeletions);
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
    section(body, "Failed", failed);
    section(body, "Skipped (newest snapshot younger than the backup interval)", skipped);
    if (!complete()) {
      Set<String> waiting = new TreeSet<>(planned);
      waiting.removeAll(created);
      failed.forEach(f -> waiting.remove(f.split(":")[0]));
      Set<String> deletionsWaiting = new TreeSet<>(plannedDeletions);
      deletionsWaiting.removeAll(deleted);
      waiting.addAll(deletionsWaiting);
      body.append(
          deadlinePassed
              ? "INCOMPLETE at the digest deadline; still waiting for:\n"
              : "Waiting for:\n");
      if (!planKnown) {
        body.append("  - the run's plan (BackupRunPlanned)\n");
      }
      waiting.forEach(w -> body.append("  - ").append(w).append('\n'));
    }
    body.append("\nRun: ").append(runId).append('\n');
    boolean alarming = !failed.isEmpty() || !complete();
    String subject =
        "[Snaplife] Backup run "
            + name
            + ": "
            + (dryRun ? planned.size() + " would be created" : created.size() + " created")
            + ", "
            + (dryRun ? plannedDeletions.size() : deleted.size())
            + " deleted, "
            + failed.size()
            + " failed"
            + (complete() ? "" : " (incomplete)");
    return new Notification(
        alarming ? Notification.Channel.ALERTS : Notification.Channel.INFO,
        subject,
        body.toString(),
        java.util.Map.of(
            "event_type",
            "BackupRunDigest",
            "severity",
            alarming ? "ALERT" : "INFO",
            "database",
            "*",
            "policy",
            name));
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
