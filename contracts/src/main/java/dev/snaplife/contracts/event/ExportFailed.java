package dev.snaplife.contracts.event;

import org.jspecify.annotations.Nullable;

/**
 * A snapshot export, or cataloguing it, failed.
 *
 * @param rule the export rule that selected the snapshot
 * @param step where it failed; absent in events written before steps were reported
 */
public record ExportFailed(
    SnapshotRef snapshot,
    @Nullable String exportTaskIdentifier,
    Failure failure,
    @Nullable String rule,
    @Nullable Step step)
    implements SnaplifeEvent {

  /** The steps of an export, in order. */
  public enum Step {
    /** Starting the export task: the snapshot, engine, bucket, role or key were refused. */
    START,
    /** The export task failed or was canceled. */
    EXPORT,
    /** The Glue crawler over the export failed. */
    CATALOGUE,
    /** Deleting an export past its retention. */
    EXPIRE
  }
}
