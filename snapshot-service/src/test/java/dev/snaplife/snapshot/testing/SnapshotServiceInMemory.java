package dev.snaplife.snapshot.testing;

import dev.snaplife.contracts.event.BackupRequested;
import dev.snaplife.contracts.event.EventEnvelope;
import dev.snaplife.contracts.routing.SnaplifeService;
import dev.snaplife.platform.publish.OutgoingEvents;
import dev.snaplife.platform.testing.RecordingBus;
import dev.snaplife.snapshot.application.ExpireSnapshots;
import dev.snaplife.snapshot.application.FollowSnapshots;
import dev.snaplife.snapshot.application.Policies;
import dev.snaplife.snapshot.application.RunBackupPolicy;
import dev.snaplife.snapshot.application.TakeSnapshots;
import dev.snaplife.snapshot.application.WatchRecoveryPoints;
import dev.snaplife.snapshot.domain.BackupPolicy;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * The snapshot service's use cases wired to in-memory ports, as the configuration wires them to
 * AWS: a test sets up the fleet, sends a request, and reads what was published and sent.
 */
public final class SnapshotServiceInMemory {

  public final InMemoryFleet fleet = new InMemoryFleet();
  public final InMemoryState state = new InMemoryState();
  public final RecordingBus bus = new RecordingBus();
  public final SettableClock clock = new SettableClock(TestFleet.NOW);
  public final Policies policies;
  public final OutgoingEvents outgoing;
  public final RunBackupPolicy run;
  public final FollowSnapshots follow;
  public final WatchRecoveryPoints recoveryPoints;

  public SnapshotServiceInMemory(BackupPolicy... policies) {
    this.policies = new Policies(List.of(policies));
    this.outgoing = new OutgoingEvents(SnaplifeService.SNAPSHOT.source(), clock);
    this.recoveryPoints =
        new WatchRecoveryPoints(this.policies, fleet, state, bus, outgoing, clock);
    this.follow =
        new FollowSnapshots(
            fleet,
            state,
            this.policies,
            bus,
            bus,
            outgoing,
            clock,
            new FollowSnapshots.Timing(
                Duration.ofSeconds(15), Duration.ofMinutes(5), Duration.ofHours(6)));
    this.run =
        new RunBackupPolicy(
            this.policies,
            fleet,
            new TakeSnapshots(fleet, outgoing, 4),
            new ExpireSnapshots(fleet, state, outgoing, clock, 4),
            follow,
            recoveryPoints,
            bus,
            outgoing);
  }

  /** A BackupRequested as the scheduler sends it. */
  public static EventEnvelope<BackupRequested> request(String policy, Instant at) {
    return request(new BackupRequested(policy, at, null, false));
  }

  public static EventEnvelope<BackupRequested> request(BackupRequested data) {
    return EventEnvelope.of(
        UUID.randomUUID(),
        data.scheduledTime(),
        UUID.randomUUID(),
        null,
        SnaplifeService.SCHEDULER_SOURCE,
        data);
  }
}
