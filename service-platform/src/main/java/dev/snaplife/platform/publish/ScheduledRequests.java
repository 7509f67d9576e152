package dev.snaplife.platform.publish;

import dev.snaplife.contracts.event.EventEnvelope;
import dev.snaplife.contracts.routing.SnaplifeService;
import java.util.List;

/**
 * Puts a request on the bus on behalf of EventBridge Scheduler. A schedule fires into the service's
 * queue as a timer (the Scheduler cannot give an envelope its event id); the service's timer
 * handler relays the request here with an event id derived from the schedule and the firing's
 * scheduled time, so every firing is a fresh request and a retried firing is the same one.
 */
public final class ScheduledRequests {

  private final EventPublisher scheduler;

  public ScheduledRequests(EventPublisher publisherAsScheduler) {
    this.scheduler = publisherAsScheduler;
  }

  public void publish(List<? extends EventEnvelope<?>> requests) {
    for (EventEnvelope<?> request : requests) {
      if (!SnaplifeService.SCHEDULER_SOURCE.equals(request.producer())) {
        throw new IllegalArgumentException(
            "only the scheduler's requests are relayed, not " + request.producer());
      }
    }
    scheduler.publish(requests);
  }
}
