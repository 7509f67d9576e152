package dev.snaplife.snapshot.application;

import dev.snaplife.contracts.event.BackupRequested;
import dev.snaplife.platform.command.Command;
import dev.snaplife.platform.publish.OutgoingEvents;
import dev.snaplife.platform.publish.ScheduledRequests;
import dev.snaplife.snapshot.application.port.BackupSchedules;
import dev.snaplife.snapshot.application.port.PolicyCatalog;
import dev.snaplife.snapshot.domain.BackupPolicy;
import java.util.List;

/**
 * Runs each policy on its schedule with no operator: an EventBridge Scheduler schedule per policy
 * fires a timer into this service's queue, and the timer becomes the scheduler's BackupRequested on
 * the bus, one per firing (its id derives from the policy and the scheduled time). The schedules
 * and the catalogue of policies follow the configuration each time the service starts.
 */
public final class ScheduleBackupPolicies {

  public static final String TIMER = "backup-policy";

  private final Policies policies;
  private final BackupSchedules schedules;
  private final PolicyCatalog catalog;
  private final ScheduledRequests requests;
  private final OutgoingEvents outgoing;

  /** The payload of the timer: which policy's schedule fired. */
  public record Firing(String policy) {}

  public ScheduleBackupPolicies(
      Policies policies,
      BackupSchedules schedules,
      PolicyCatalog catalog,
      ScheduledRequests requests,
      OutgoingEvents outgoing) {
    this.policies = policies;
    this.schedules = schedules;
    this.catalog = catalog;
    this.requests = requests;
    this.outgoing = outgoing;
  }

  /** Brings the schedules and the catalogue in line with the configured policies. */
  public void reconcile() {
    schedules.reconcile(policies.all());
    catalog.publish(policies.all());
  }

  /** A policy's schedule fired: request the run it stands for. */
  public void fired(Command<Firing> timer) {
    BackupPolicy policy = policies.named(timer.payload().policy());
    requests.publish(
        List.of(
            outgoing.scheduled(
                new BackupRequested(policy.name(), timer.time(), null, false),
                "backup-policy/" + policy.environment() + "/" + policy.name(),
                timer.time())));
  }
}
