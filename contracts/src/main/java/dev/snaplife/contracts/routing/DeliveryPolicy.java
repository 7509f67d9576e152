package dev.snaplife.contracts.routing;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * How a message travels through a service's queue, and the relations that keep "nothing lost,
 * nothing twice" true. Provisioning creates queues from it and every service checks its queue
 * against it at start-up, so both read one set of values ({@code snaplife.events.*}) and a mismatch
 * is refused before the first message.
 *
 * <ul>
 *   <li>A handler holds its event's claim for {@link #claimLease} and renews it, with the message's
 *       visibility, every {@link #heartbeat()} while it runs: a long handler never runs twice, and
 *       a crashed one is taken over soon after its message reappears.
 *   <li>A failed delivery comes back after {@link #backoff(long)}; after {@link #maxReceiveCount}
 *       deliveries the message goes to the dead-letter queue. The whole {@link #retryWindow()} must
 *       outlast a regional outage of {@link #outageTolerance} plus a crashed consumer's lease.
 *   <li>Processed event ids are remembered at least as long as the dead-letter queue keeps
 *       messages, so replaying an old message whose effect completed is skipped, not redone.
 * </ul>
 *
 * @param visibilityTimeout the queue's visibility timeout: how long a received message stays hidden
 * @param maxReceiveCount deliveries before the queue's redrive policy dead-letters a message
 * @param claimLease how long a claim blocks other consumers without a heartbeat
 * @param initialBackoff the wait before the second delivery of a failed message
 * @param maxBackoff the longest wait between deliveries
 * @param multiplier growth of the wait per delivery
 * @param outageTolerance the outage a message must survive without reaching the dead-letter queue
 * @param processedRetention how long processed event ids are remembered
 * @param queueRetention how long the queue keeps a message
 * @param deadLetterRetention how long the dead-letter queue keeps a message
 */
public record DeliveryPolicy(
    Duration visibilityTimeout,
    int maxReceiveCount,
    Duration claimLease,
    Duration initialBackoff,
    Duration maxBackoff,
    double multiplier,
    Duration outageTolerance,
    Duration processedRetention,
    Duration queueRetention,
    Duration deadLetterRetention) {

  /** The longest visibility timeout and delay SQS allows. */
  public static final Duration MAX_VISIBILITY = Duration.ofHours(12);

  /** SQS keeps a message at most 14 days. */
  public static final Duration MAX_RETENTION = Duration.ofDays(14);

  public static final DeliveryPolicy DEFAULTS =
      new DeliveryPolicy(
          Duration.ofSeconds(45),
          10,
          Duration.ofSeconds(30),
          Duration.ofSeconds(10),
          Duration.ofMinutes(5),
          2.0,
          Duration.ofMinutes(15),
          Duration.ofDays(15),
          Duration.ofDays(4),
          MAX_RETENTION);

  /** How often a running handler renews its claim and its message's visibility. */
  public Duration heartbeat() {
    return claimLease.dividedBy(3);
  }

  /** The wait after the given delivery failed (the first delivery is 1). */
  public Duration backoff(long receiveCount) {
    double seconds =
        initialBackoff.toMillis() / 1000.0 * Math.pow(multiplier, Math.max(0, receiveCount - 1));
    long capped = (long) Math.min(seconds, maxBackoff.toSeconds());
    return Duration.ofSeconds(Math.max(1, capped));
  }

  /**
   * From the first delivery to the last: the backoffs between them added up (a failure of the last
   * delivery goes to the dead-letter queue at once).
   */
  public Duration retryWindow() {
    Duration total = Duration.ZERO;
    for (int receive = 1; receive < maxReceiveCount; receive++) {
      total = total.plus(backoff(receive));
    }
    return total;
  }

  /**
   * Every broken relation, each naming what to change: a {@code snaplife.events.*} property, or an
   * attribute of the provisioned queue; empty when the policy holds.
   */
  public List<String> violations() {
    List<String> problems = new ArrayList<>();
    if (claimLease.compareTo(Duration.ofSeconds(3)) < 0) {
      problems.add("snaplife.events.claim-lease: " + claimLease + " is under 3 s");
    }
    if (claimLease.compareTo(visibilityTimeout) >= 0) {
      problems.add(
          "snaplife.events.claim-lease: "
              + human(claimLease)
              + " must be shorter than the queue's visibility timeout of "
              + human(visibilityTimeout)
              + ", or a redelivery after a crash would find the claim still held");
    }
    if (visibilityTimeout.compareTo(MAX_VISIBILITY) > 0) {
      problems.add("the queue's VisibilityTimeout: " + human(visibilityTimeout) + " is over 12 h");
    }
    if (maxReceiveCount < 1 || maxReceiveCount > 1000) {
      problems.add("the queue's redrive maxReceiveCount: " + maxReceiveCount + " is not 1 to 1000");
    }
    if (initialBackoff.compareTo(maxBackoff) > 0 || maxBackoff.compareTo(MAX_VISIBILITY) > 0) {
      problems.add(
          "snaplife.events.retry.max-backoff: "
              + human(maxBackoff)
              + " must be at least the initial backoff ("
              + human(initialBackoff)
              + ") and at most 12 h");
    }
    if (multiplier < 1.0) {
      problems.add("snaplife.events.retry.multiplier: " + multiplier + " is below 1");
    }
    Duration needed = outageTolerance.plus(claimLease);
    if (retryWindow().compareTo(needed) < 0) {
      problems.add(
          "snaplife.events.retry.* / the queue's redrive maxReceiveCount: a failing message is"
              + " retried for "
              + human(retryWindow())
              + " before the dead-letter queue, less than the outage tolerance plus the claim"
              + " lease ("
              + human(needed)
              + "); raise the receive count or the backoff");
    }
    if (queueRetention.compareTo(retryWindow()) < 0) {
      problems.add(
          "the queue's MessageRetentionPeriod: "
              + human(queueRetention)
              + " would expire messages still being retried ("
              + human(retryWindow())
              + ")");
    }
    if (deadLetterRetention.compareTo(MAX_RETENTION) > 0
        || queueRetention.compareTo(MAX_RETENTION) > 0) {
      problems.add("the queues' MessageRetentionPeriod: SQS keeps messages at most 14 days");
    }
    if (processedRetention.compareTo(deadLetterRetention) < 0) {
      problems.add(
          "snaplife.events.processed-retention: "
              + human(processedRetention)
              + " is shorter than the dead-letter queue's retention of "
              + human(deadLetterRetention)
              + ", so replaying an old message whose effect completed would run it again");
    }
    return problems;
  }

  /** The same policy as the queue actually provisioned says, for a start-up check. */
  public DeliveryPolicy withQueue(
      Duration visibility, int receiveCount, Duration retention, Duration deadLetters) {
    return new DeliveryPolicy(
        visibility,
        receiveCount,
        claimLease,
        initialBackoff,
        maxBackoff,
        multiplier,
        outageTolerance,
        processedRetention,
        retention,
        deadLetters);
  }

  /** "15 min 30 s", "14 d", "45 s": how on-call reads durations. */
  static String human(Duration d) {
    long seconds = d.toSeconds();
    if (seconds == 0) {
      return "0 s";
    }
    StringBuilder text = new StringBuilder();
    long[] sizes = {86_400, 3_600, 60, 1};
    String[] units = {"d", "h", "min", "s"};
    for (int i = 0; i < sizes.length; i++) {
      long n = seconds / sizes[i];
      seconds %= sizes[i];
      if (n > 0) {
        text.append(text.isEmpty() ? "" : " ").append(n).append(' ').append(units[i]);
      }
    }
    return text.toString();
  }
}
