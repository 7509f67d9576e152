package dev.snaplife.export.application.port;

import dev.snaplife.export.domain.Location;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/** RDS's snapshot export tasks, in the account and region of the snapshot. */
public interface RdsExports {

  /** Starts the export task; {@link AlreadyExists} when a task of that identifier exists. */
  ExportTask start(Location at, StartRequest request);

  Optional<ExportTask> find(Location at, String taskId);

  /** The snapshot's tags, for rules that select by tag. */
  Map<String, String> tags(Location at, String snapshotArn);

  record StartRequest(
      String taskId,
      String sourceArn,
      String bucket,
      String prefix,
      String iamRoleArn,
      String kmsKeyId,
      List<String> exportOnly) {}

  /**
   * An export task as RDS describes it.
   *
   * @param status STARTING, IN_PROGRESS, CANCELING, COMPLETE, CANCELED or FAILED
   */
  record ExportTask(
      String taskId,
      String sourceArn,
      String status,
      String bucket,
      String prefix,
      @Nullable String failureCause,
      @Nullable Integer totalExtractedDataGiB) {

    public boolean inProgress() {
      return switch (status.toUpperCase(java.util.Locale.ROOT)) {
        case "STARTING", "IN_PROGRESS", "CANCELING" -> true;
        default -> false;
      };
    }

    public boolean complete() {
      return status.equalsIgnoreCase("COMPLETE");
    }

    public boolean canceled() {
      return status.equalsIgnoreCase("CANCELED");
    }
  }

  /** A task of that identifier exists already. */
  final class AlreadyExists extends RuntimeException {
    public AlreadyExists(String taskId) {
      super("export task " + taskId + " exists");
    }
  }
}
