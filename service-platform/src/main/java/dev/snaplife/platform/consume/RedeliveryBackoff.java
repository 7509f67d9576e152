package dev.snaplife.platform.consume;

import dev.snaplife.contracts.routing.DeliveryPolicy;
import io.awspring.cloud.sqs.listener.Visibility;
import io.awspring.cloud.sqs.listener.errorhandler.AsyncErrorHandler;
import io.awspring.cloud.sqs.listener.errorhandler.ErrorHandlerVisibilityHelper;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.springframework.messaging.Message;

/**
 * When a failed message comes back: after the delivery policy's backoff for its receive count; or,
 * when another consumer holds its claim, right when that lease ends, so a crashed holder is taken
 * over as soon as it can be and a live one is not raced. The failure stays failed, so the message
 * is not deleted.
 */
final class RedeliveryBackoff implements AsyncErrorHandler<String> {

  private final DeliveryPolicy policy;
  private final Clock clock;

  RedeliveryBackoff(DeliveryPolicy policy, Clock clock) {
    this.policy = policy;
    this.clock = clock;
  }

  @Override
  public CompletableFuture<Void> handle(Message<String> message, Throwable failure) {
    Visibility visibility = ErrorHandlerVisibilityHelper.getVisibility(message);
    int seconds = (int) comeBackAfter(message, failure).toSeconds();
    return visibility
        .changeToAsync(seconds)
        .thenCompose(done -> CompletableFuture.<Void>failedFuture(failure));
  }

  Duration comeBackAfter(Message<String> message, Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof EventInProgressException held) {
        Duration untilLeaseEnds = Duration.between(clock.instant(), held.leaseExpiresAt());
        return clamp(untilLeaseEnds.plusSeconds(1));
      }
    }
    return clamp(policy.backoff(ErrorHandlerVisibilityHelper.getReceiveMessageCount(message)));
  }

  private static Duration clamp(Duration d) {
    if (d.compareTo(Duration.ofSeconds(1)) < 0) {
      return Duration.ofSeconds(1);
    }
    return d.compareTo(DeliveryPolicy.MAX_VISIBILITY) > 0 ? DeliveryPolicy.MAX_VISIBILITY : d;
  }
}
