package dev.snaplife.cli.dlq;

import org.jspecify.annotations.Nullable;

/** What {@code replay --id} did with one requested message id. */
public record Replay(String messageId, Outcome outcome, @Nullable String detail) {

  public enum Outcome {
    /** Sent to the source queue, then deleted from the DLQ. */
    REPLAYED,
    /** A dry run found it: it would be replayed. */
    WOULD_REPLAY,
    /** Not in the DLQ (already replayed, expired, or in flight with someone else). */
    NOT_FOUND,
    /** Not replayed, or replayed and not deleted (then it is in both queues: a duplicate). */
    FAILED
  }

  public boolean problem() {
    return outcome == Outcome.NOT_FOUND || outcome == Outcome.FAILED;
  }
}
