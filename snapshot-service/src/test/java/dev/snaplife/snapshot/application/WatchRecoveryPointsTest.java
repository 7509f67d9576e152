package dev.snaplife.snapshot.application;

import static dev.snaplife.snapshot.testing.PolicyBuilder.aPolicy;
import static dev.snaplife.snapshot.testing.TestFleet.NOW;
import static dev.snaplife.snapshot.testing.TestFleet.instance;
import static dev.snaplife.snapshot.testing.TestFleet.owned;
import static org.assertj.core.api.Assertions.assertThat;

import dev.snaplife.contracts.event.RecoveryPointObjectiveBreached;
import dev.snaplife.contracts.event.RecoveryPointObjectiveRestored;
import dev.snaplife.snapshot.domain.BackupPolicy;
import dev.snaplife.snapshot.domain.Database;
import dev.snaplife.snapshot.testing.SnapshotServiceInMemory;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The recovery-point watch: one alert per breach, one per recovery, few calls per tick. */
class WatchRecoveryPointsTest {

  private final BackupPolicy hourly = aPolicy("hourly").rpo(Duration.ofHours(1)).build();
  private final SnapshotServiceInMemory service = new SnapshotServiceInMemory(hourly);
  private final Database orders = instance("orders");

  @Test
  void aDatabaseWithoutAFreshSnapshotBreachesOnceAndRecoversOnce() {
    service.fleet.databases.add(orders);
    service.fleet.snapshots.add(owned(hourly, orders, NOW.minus(Duration.ofHours(2))));

    service.recoveryPoints.checkAll();
    service.recoveryPoints.checkAll();

    assertThat(service.bus.published(RecoveryPointObjectiveBreached.class))
        .singleElement()
        .satisfies(
            b -> {
              assertThat(b.sourceIdentifier()).isEqualTo("orders");
              assertThat(b.newestSnapshotAt()).isEqualTo(NOW.minus(Duration.ofHours(2)));
              assertThat(b.rpoMinutes()).isEqualTo(60);
            });

    service.fleet.snapshots.add(owned(hourly, orders, NOW.minus(Duration.ofMinutes(5))));
    service.recoveryPoints.checkAll();
    service.recoveryPoints.checkAll();

    assertThat(service.bus.published(RecoveryPointObjectiveRestored.class))
        .singleElement()
        .satisfies(r -> assertThat(r.breachedSince()).isEqualTo(NOW));
    assertThat(service.bus.published(RecoveryPointObjectiveBreached.class)).hasSize(1);
  }

  @Test
  void betweenRunsATickWithinTheHorizonReadsNoSnapshots() {
    service.fleet.databases.add(orders);
    service.fleet.snapshots.add(owned(hourly, orders, NOW.minus(Duration.ofMinutes(10))));
    service.recoveryPoints.checkAll();
    service.fleet.calls.clear();
    service.state.calls.clear();

    service.clock.advance(Duration.ofMinutes(30));
    service.recoveryPoints.checkAll();

    assertThat(service.fleet.calls)
        .containsExactlyInAnyOrder("DescribeDatabases/DB_INSTANCE", "DescribeDatabases/DB_CLUSTER");
    assertThat(service.state.calls).containsExactly("rpo.load");
    assertThat(service.bus.published()).isEmpty();
  }

  @Test
  void aNewDatabaseOrAPassedHorizonMakesTheTickReadTheSnapshots() {
    service.fleet.databases.add(orders);
    service.fleet.snapshots.add(owned(hourly, orders, NOW.minus(Duration.ofMinutes(10))));
    service.recoveryPoints.checkAll();

    service.fleet.databases.add(instance("billing"));
    service.fleet.calls.clear();
    service.recoveryPoints.checkAll();

    assertThat(service.fleet.count("DescribeSnapshots/")).isEqualTo(2);
    assertThat(service.bus.published(RecoveryPointObjectiveBreached.class))
        .extracting(RecoveryPointObjectiveBreached::sourceIdentifier)
        .containsExactly("billing");

    service.fleet.calls.clear();
    service.clock.advance(Duration.ofMinutes(55));
    service.recoveryPoints.checkAll();

    assertThat(service.fleet.count("DescribeSnapshots/")).isEqualTo(2);
    assertThat(service.bus.published(RecoveryPointObjectiveBreached.class))
        .extracting(RecoveryPointObjectiveBreached::sourceIdentifier)
        .containsExactly("billing", "orders");
  }
}
