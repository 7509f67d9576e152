package dev.snaplife.archive.application;

import dev.snaplife.archive.application.port.ArchiveSchedules;
import dev.snaplife.archive.application.port.ArchiveStore;
import dev.snaplife.archive.domain.ArchivePolicy;
import dev.snaplife.contracts.event.ArchiveRunRequested;
import dev.snaplife.platform.command.Command;
import dev.snaplife.platform.publish.OutgoingEvents;
import dev.snaplife.platform.publish.ScheduledRequests;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Runs each archive policy on its schedule with no operator: an EventBridge Scheduler schedule per
 * policy fires a timer into this service's queue, and the timer becomes the scheduler's
 * ArchiveRunRequested on the bus, one per firing. The schedules, and the bucket lifecycle rules
 * moving archives to a colder class, follow the configuration each time the service starts.
 */
public final class ScheduleArchivePolicies {

  public static final String TIMER = "archive-policy";

  private final ArchivePolicies policies;
  private final ArchiveSchedules schedules;
  private final ArchiveStore store;
  private final ScheduledRequests requests;
  private final OutgoingEvents outgoing;
  private final String environment;

  /** The payload of the timer: which policy's schedule fired. */
  public record Firing(String policy) {}

  public ScheduleArchivePolicies(
      ArchivePolicies policies,
      ArchiveSchedules schedules,
      ArchiveStore store,
      ScheduledRequests requests,
      OutgoingEvents outgoing,
      String environment) {
    this.policies = policies;
    this.schedules = schedules;
    this.store = store;
    this.requests = requests;
    this.outgoing = outgoing;
    this.environment = environment;
  }

  public void reconcile() {
    schedules.reconcile(policies.all());
    Map<String, List<ArchivePolicy>> byBucket =
        policies.all().stream().collect(Collectors.groupingBy(ArchivePolicy::bucket));
    byBucket.forEach(store::ensureTransitions);
  }

  public void fired(Command<Firing> timer) {
    ArchivePolicy policy = policies.named(timer.payload().policy());
    requests.publish(
        List.of(
            outgoing.scheduled(
                new ArchiveRunRequested(policy.name(), timer.time(), null),
                "archive-policy/" + environment + "/" + policy.name(),
                timer.time())));
  }
}
