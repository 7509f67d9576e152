package dev.snaplife.snapshot.application;

import static dev.snaplife.snapshot.testing.PolicyBuilder.aPolicy;
import static dev.snaplife.snapshot.testing.SnapshotServiceInMemory.request;
import static dev.snaplife.snapshot.testing.TestFleet.NOW;
import static dev.snaplife.snapshot.testing.TestFleet.instance;
import static org.assertj.core.api.Assertions.assertThat;

import dev.snaplife.contracts.event.BackupRequested;
import dev.snaplife.contracts.event.DatabaseKind;
import dev.snaplife.contracts.event.EventEnvelope;
import dev.snaplife.contracts.event.SnapshotCreated;
import dev.snaplife.contracts.event.SnapshotFailed;
import dev.snaplife.platform.command.Command;
import dev.snaplife.platform.command.OutgoingCommand;
import dev.snaplife.snapshot.application.FollowSnapshots.FollowUp;
import dev.snaplife.snapshot.domain.BackupPolicy;
import dev.snaplife.snapshot.domain.Snapshot;
import dev.snaplife.snapshot.testing.SnapshotServiceInMemory;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Following snapshots being created: the fallback check's calls, outcomes and next check. */
class FollowSnapshotsTest {

  private final BackupPolicy daily = aPolicy("daily").build();
  private final SnapshotServiceInMemory service = new SnapshotServiceInMemory(daily);
  private EventEnvelope<BackupRequested> request;

  @BeforeEach
  void aRunLeavesThreeSnapshotsBeingCreated() {
    IntStream.range(0, 3).forEach(i -> service.fleet.databases.add(instance("db-" + i)));
    request = request("daily", NOW);
    service.run.run(request);
    service.bus.putEventsCalls.clear();
    service.fleet.calls.clear();
  }

  private Command<FollowUp> sent(int index) {
    OutgoingCommand command = service.bus.commands.get(index);
    return new Command<>(command.name(), command.id(), NOW, (FollowUp) command.payload());
  }

  private Snapshot snapshotOf(String database) {
    return service.fleet.snapshots.stream()
        .filter(s -> s.sourceIdentifier().equals(database))
        .findFirst()
        .orElseThrow();
  }

  @Test
  void oneDescribeReportsTheAvailableOnesAndTheRestAreCheckedAgainLater() {
    service.fleet.setStatus(s -> !s.sourceIdentifier().equals("db-2"), "available");

    service.follow.check(sent(0));

    assertThat(service.fleet.calls).containsExactly("DescribeSnapshotsById/DB_INSTANCE/3");
    assertThat(service.bus.published(SnapshotCreated.class))
        .extracting(c -> c.snapshot().sourceIdentifier())
        .containsExactlyInAnyOrder("db-0", "db-1");
    assertThat(service.bus.putEventsCalls).as("one PutEvents for both").hasSize(1);
    FollowUp next = (FollowUp) service.bus.commands.get(1).payload();
    assertThat(next.snapshots()).containsExactly(snapshotOf("db-2").identifier());
    assertThat(next.attempt()).isEqualTo(2);
    assertThat(next.runId()).isEqualTo(request.eventId());
    assertThat(service.bus.commands.get(1).delay()).isEqualTo(Duration.ofSeconds(30));
  }

  @Test
  void theWaitDoublesEachTimeUpToTheMaximum() {
    FollowSnapshots.Timing timing =
        new FollowSnapshots.Timing(
            Duration.ofSeconds(15), Duration.ofMinutes(5), Duration.ofHours(6));

    assertThat(IntStream.rangeClosed(1, 7).mapToObj(timing::delay))
        .containsExactly(
            Duration.ofSeconds(15),
            Duration.ofSeconds(30),
            Duration.ofSeconds(60),
            Duration.ofSeconds(120),
            Duration.ofSeconds(240),
            Duration.ofMinutes(5),
            Duration.ofMinutes(5));
  }

  @Test
  void snapshotsRdsReportedAreNotDescribedAgainNorReportedTwice() {
    service.fleet.setStatus(s -> true, "available");
    service.follow.snapshotCreated(DatabaseKind.DB_INSTANCE, snapshotOf("db-0").identifier());
    service.fleet.calls.clear();
    service.bus.putEventsCalls.clear();

    service.follow.check(sent(0));

    assertThat(service.fleet.calls).containsExactly("DescribeSnapshotsById/DB_INSTANCE/2");
    assertThat(service.bus.published(SnapshotCreated.class))
        .extracting(c -> c.snapshot().sourceIdentifier())
        .containsExactlyInAnyOrder("db-1", "db-2");
  }

  @Test
  void theRdsEventAndTheCheckReportASnapshotWithOneEventId() {
    service.fleet.setStatus(s -> true, "available");
    Snapshot db0 = snapshotOf("db-0");

    service.follow.snapshotCreated(DatabaseKind.DB_INSTANCE, db0.identifier());
    service.state.reported.clear(); // as if the check raced the event
    service.follow.check(sent(0));

    assertThat(service.bus.envelopes(SnapshotCreated.class))
        .filteredOn(e -> e.data().snapshot().snapshotArn().equals(db0.arn()))
        .extracting(EventEnvelope::eventId)
        .hasSize(2)
        .containsOnly(service.bus.envelopes(SnapshotCreated.class).get(0).eventId());
  }

  @Test
  void failedGoneAndTimedOutSnapshotsAreReportedWithTheirReason() {
    service.fleet.setStatus(s -> s.sourceIdentifier().equals("db-0"), "failed");
    service.fleet.snapshots.removeIf(s -> s.sourceIdentifier().equals("db-1"));
    service.clock.advance(Duration.ofHours(7));

    service.follow.check(sent(0));

    assertThat(service.bus.published(SnapshotFailed.class))
        .extracting(f -> f.sourceIdentifier(), f -> f.failure().errorCode())
        .containsExactlyInAnyOrder(
            org.assertj.core.groups.Tuple.tuple("db-0", "SnapshotFailed"),
            // Gone: only its name is left to say which it was.
            org.assertj.core.groups.Tuple.tuple(
                dev.snaplife.snapshot.domain.SnapshotNaming.identifier(daily, "db-1", NOW),
                "DBSnapshotNotFound"),
            org.assertj.core.groups.Tuple.tuple("db-2", "SnapshotTimedOut"));
    assertThat(service.bus.commands).as("nothing left to follow").hasSize(1);
  }

  @Test
  void anRdsEventForASnapshotThisEnvironmentDidNotMakeIsIgnored() {
    service.fleet.databases.add(instance("hand-made"));
    service.fleet.snapshots.add(
        dev.snaplife.snapshot.testing.TestFleet.foreign(
            instance("hand-made"), "before-upgrade", NOW));

    boolean ours = service.follow.snapshotCreated(DatabaseKind.DB_INSTANCE, "before-upgrade");

    assertThat(ours).isFalse();
    assertThat(service.bus.published()).isEmpty();
    assertThat(List.copyOf(service.state.reported)).isEmpty();
  }
}
