package dev.snaplife.replication.application;

import dev.snaplife.contracts.event.DeletionReason;
import dev.snaplife.contracts.event.EventEnvelope;
import dev.snaplife.contracts.event.SnapshotDeleted;
import dev.snaplife.contracts.event.SnapshotReplicationFailed.Step;
import dev.snaplife.platform.publish.EventPublisher;
import dev.snaplife.platform.publish.OutgoingEvents;
import dev.snaplife.replication.application.port.RdsSnapshots;
import dev.snaplife.replication.application.port.RdsSnapshots.StepRefused;
import dev.snaplife.replication.domain.CopyRetentionPlan;
import dev.snaplife.replication.domain.Destination;
import dev.snaplife.replication.domain.Location;
import dev.snaplife.replication.domain.Replica;
import dev.snaplife.replication.domain.ReplicaTags;
import dev.snaplife.replication.domain.ReplicationRule;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Destination retention, on the hourly upkeep: in every location the rules copy to (and at home,
 * for re-encrypted copies), each rule's copies past its copy retention are deleted with the same
 * named rules as the source's retention, never the newest copy of a database, never one on legal
 * hold, never anything replication did not make. {@code SnapshotDeleted} names the location. The
 * upkeep also wakes copies waiting for a slot, should a wake-up have been lost.
 */
public final class ExpireCopies {

  private static final Logger log = LoggerFactory.getLogger(ExpireCopies.class);

  public static final String TIMER =
      dev.snaplife.contracts.routing.Routing.REPLICATION_UPKEEP.name();

  private final ReplicationRules rules;
  private final RdsSnapshots snapshots;
  private final CopySnapshots copies;
  private final EventPublisher publisher;
  private final OutgoingEvents outgoing;
  private final Clock clock;
  private final ReplicationFailures failures;

  public ExpireCopies(
      ReplicationRules rules,
      RdsSnapshots snapshots,
      CopySnapshots copies,
      EventPublisher publisher,
      OutgoingEvents outgoing,
      Clock clock) {
    this.rules = rules;
    this.snapshots = snapshots;
    this.copies = copies;
    this.publisher = publisher;
    this.outgoing = outgoing;
    this.clock = clock;
    this.failures = new ReplicationFailures(publisher, outgoing);
  }

  /**
   * @param tick the timer firing's id: events derive from it, so a redelivered tick repeats none
   */
  public void run(UUID tick) {
    Instant now = clock.instant();
    Map<Location, Set<ReplicationRule>> byLocation = new LinkedHashMap<>();
    for (ReplicationRule rule : rules.rules()) {
      byLocation.computeIfAbsent(rules.home(), l -> new LinkedHashSet<>()).add(rule);
      for (Destination d : rule.destinations()) {
        byLocation.computeIfAbsent(d.location(), l -> new LinkedHashSet<>()).add(rule);
      }
    }
    for (Map.Entry<Location, Set<ReplicationRule>> entry : byLocation.entrySet()) {
      Location location = entry.getKey();
      List<Replica> inLocation;
      try {
        inLocation = snapshots.manualSnapshots(location);
      } catch (StepRefused refused) {
        log.warn("cannot list the copies in {}: {}", location, refused.getMessage());
        continue;
      }
      for (ReplicationRule rule : entry.getValue()) {
        expire(tick, location, rule, inLocation, now);
      }
      copies.wakeWaiting(location, now);
    }
  }

  private void expire(
      UUID tick, Location location, ReplicationRule rule, List<Replica> inLocation, Instant now) {
    CopyRetentionPlan plan = CopyRetentionPlan.of(rule, rules.environment(), inLocation, now);
    List<EventEnvelope<?>> deleted = new ArrayList<>();
    for (Replica copy : plan.expired()) {
      UUID lifecycle = lifecycleOf(copy);
      String policy = copy.tags().getOrDefault(ReplicaTags.SOURCE_POLICY, rule.name());
      try {
        snapshots.delete(location, copy);
      } catch (StepRefused refused) {
        failures.publish(
            tick,
            lifecycle,
            ReplicateSnapshot.ref(copy),
            policy,
            rule.name(),
            Step.EXPIRE,
            copy.tags().get(ReplicaTags.DESTINATION),
            location,
            refused.errorCode(),
            refused.getMessage(),
            refused.retryable());
        continue;
      }
      log.info("expired copy {} in {} (rule {})", copy.identifier(), location, rule.name());
      deleted.add(
          outgoing.aboutSubject(
              tick,
              lifecycle,
              new SnapshotDeleted(
                  ReplicateSnapshot.ref(copy), policy, DeletionReason.COPY_RETENTION, null),
              copy.arn()));
    }
    if (!deleted.isEmpty()) {
      publisher.publish(deleted);
    }
  }

  private static UUID lifecycleOf(Replica copy) {
    try {
      return UUID.fromString(copy.tags().getOrDefault(ReplicaTags.LIFECYCLE_ID, ""));
    } catch (IllegalArgumentException edited) {
      return OutgoingEvents.lifecycleIdOf(copy.arn());
    }
  }
}
