package dev.snaplife.cli.dlq;

import org.jspecify.annotations.Nullable;

/**
 * An SQS message move task (the native DLQ redrive) as ListMessageMoveTasks reports it.
 *
 * @param status RUNNING, COMPLETED, CANCELLING, CANCELLED or FAILED
 */
public record MoveTask(String status, long moved, long toMove, @Nullable String failureReason) {

  public boolean running() {
    return status.equals("RUNNING") || status.equals("CANCELLING");
  }

  public boolean completed() {
    return status.equals("COMPLETED");
  }
}
