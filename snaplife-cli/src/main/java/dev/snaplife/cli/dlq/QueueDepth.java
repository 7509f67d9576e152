package dev.snaplife.cli.dlq;

import dev.snaplife.contracts.routing.SnaplifeService;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * A service's dead-letter queue as {@code dlq list} shows it.
 *
 * @param visible messages waiting (ApproximateNumberOfMessages)
 * @param inFlight messages someone has received and not yet deleted or released
 *     (ApproximateNumberOfMessagesNotVisible)
 * @param oldestSentAt the earliest SentTimestamp among up to ten peeked messages; null when none
 *     could be peeked
 */
public record QueueDepth(
    SnaplifeService service,
    String queue,
    int visible,
    int inFlight,
    @Nullable Instant oldestSentAt) {

  public int depth() {
    return visible + inFlight;
  }
}
