package dev.snaplife.contracts.event;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * What one run of a backup policy set out to do, published once its snapshots are requested and its
 * deletions done. A digest is complete when every planned snapshot has a SnapshotCreated or
 * SnapshotFailed and every planned deletion a SnapshotDeleted or SnapshotDeletionFailed; in a dry
 * run nothing follows and this is the whole report.
 *
 * <p>A plan too large for one EventBridge entry (256 KiB; a run over thousands of databases) is
 * published in parts: each carries {@code part} of {@code parts}, and the lists of all parts
 * together are the plan. A plan in one entry leaves both absent.
 *
 * @param runId the BackupRequested event id of the run
 * @param plannedSnapshots identifiers of the snapshots the run takes (would take, in a dry run)
 * @param skippedDatabases databases whose newest snapshot is younger than the backup interval
 * @param plannedDeletions identifiers of the snapshots past retention that the run deleted or tried
 *     to delete (would delete, in a dry run); snapshots found already gone are not listed
 * @param kept since schema version 2: the policy's snapshots retention kept, with the rules that
 *     kept each
 * @param part since schema version 2: which part of the plan this is, from 1
 * @param parts since schema version 2: how many parts the plan has
 */
public record BackupRunPlanned(
    String policy,
    UUID runId,
    Instant scheduledTime,
    boolean dryRun,
    List<String> plannedSnapshots,
    List<String> skippedDatabases,
    List<String> plannedDeletions,
    @Nullable List<KeptSnapshot> kept,
    @Nullable Integer part,
    @Nullable Integer parts)
    implements SnaplifeEvent {

  public BackupRunPlanned {
    plannedSnapshots = List.copyOf(plannedSnapshots);
    skippedDatabases = List.copyOf(skippedDatabases);
    plannedDeletions = List.copyOf(plannedDeletions);
    kept = kept == null ? null : List.copyOf(kept);
    if ((part == null) != (parts == null)) {
      throw new IllegalArgumentException("part and parts go together");
    }
    if (part != null && (part < 1 || part > parts)) {
      throw new IllegalArgumentException("part " + part + " of " + parts);
    }
  }

  /** A plan published in one piece. */
  public BackupRunPlanned(
      String policy,
      UUID runId,
      Instant scheduledTime,
      boolean dryRun,
      List<String> plannedSnapshots,
      List<String> skippedDatabases,
      List<String> plannedDeletions,
      List<KeptSnapshot> kept) {
    this(
        policy,
        runId,
        scheduledTime,
        dryRun,
        plannedSnapshots,
        skippedDatabases,
        plannedDeletions,
        kept,
        null,
        null);
  }

  /** How many parts the whole plan has; 1 when it was published in one piece. */
  public int partCount() {
    return parts == null ? 1 : parts;
  }

  /** This part's number; 1 when the plan was published in one piece. */
  public int partNumber() {
    return part == null ? 1 : part;
  }

  /**
   * The plan cut into {@code count} parts with the lists spread evenly, in order; every part keeps
   * the run's scalars. Used when the whole plan does not fit one EventBridge entry.
   */
  public List<BackupRunPlanned> split(int count) {
    if (count < 1) {
      throw new IllegalArgumentException("count " + count);
    }
    List<KeptSnapshot> keptList = kept == null ? List.of() : kept;
    return java.util.stream.IntStream.range(0, count)
        .mapToObj(
            i ->
                new BackupRunPlanned(
                    policy,
                    runId,
                    scheduledTime,
                    dryRun,
                    slice(plannedSnapshots, i, count),
                    slice(skippedDatabases, i, count),
                    slice(plannedDeletions, i, count),
                    kept == null ? null : slice(keptList, i, count),
                    i + 1,
                    count))
        .toList();
  }

  private static <T> List<T> slice(List<T> list, int index, int count) {
    int from = (int) ((long) list.size() * index / count);
    int to = (int) ((long) list.size() * (index + 1) / count);
    return list.subList(from, to);
  }
}
