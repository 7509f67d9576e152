package dev.snaplife.contracts.routing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.snaplife.contracts.event.EventType;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class RoutingTest {

  @ParameterizedTest
  @EnumSource(EventType.class)
  void everyEventTypeHasAProducerAndAConsumer(EventType type) {
    assertThat(Routing.producersOf(type)).isNotEmpty();
    assertThat(Routing.subscribersOf(type)).isNotEmpty();
  }

  @Test
  void theNotifierHearsEveryOutcomeTheRunRequestsAndTheRequestsOfStagesInProgress() {
    // An archive run is only its fan-out: the per-database requests are what the ledger records.
    Set<EventType> expected = EnumSet.allOf(EventType.class);
    expected.remove(EventType.ARCHIVE_RUN_REQUESTED);

    assertThat(Routing.subscriptionOf(SnaplifeService.NOTIFIER).events())
        .containsExactlyInAnyOrderElementsOf(expected);
  }

  @Test
  void snapshotsFanOutToReplicationExportAndTheNotifier() {
    assertThat(Routing.subscribersOf(EventType.SNAPSHOT_CREATED))
        .containsExactlyInAnyOrder(
            SnaplifeService.REPLICATION, SnaplifeService.EXPORT, SnaplifeService.NOTIFIER);
    assertThat(Routing.subscribersOf(EventType.ARCHIVE_REQUESTED))
        .containsExactlyInAnyOrder(SnaplifeService.ARCHIVE, SnaplifeService.NOTIFIER);
  }

  @Test
  void anArchiveRunFansOutThroughTheBusIntoOneRequestPerDatabase() {
    assertThat(Routing.subscribersOf(EventType.ARCHIVE_RUN_REQUESTED))
        .containsExactly(SnaplifeService.ARCHIVE);
    assertThat(Routing.producersOf(EventType.ARCHIVE_REQUESTED))
        .contains(SnaplifeService.ARCHIVE.source());
    assertThat(Routing.subscriptionOf(SnaplifeService.ARCHIVE).timers())
        .containsExactly(Routing.ARCHIVE_UPKEEP);
  }

  @Test
  void exportsAreReconciledOnAnUpkeepTimer() {
    assertThat(Routing.subscriptionOf(SnaplifeService.EXPORT).timers())
        .containsExactly(Routing.EXPORT_UPKEEP);
  }

  @Test
  void aSnapshotIsCopiedToEachDestinationThroughTheBus() {
    assertThat(Routing.subscribersOf(EventType.SNAPSHOT_COPY_REQUESTED))
        .containsExactlyInAnyOrder(SnaplifeService.REPLICATION, SnaplifeService.NOTIFIER);
    assertThat(Routing.subscriptionOf(SnaplifeService.REPLICATION).timers())
        .containsExactly(Routing.REPLICATION_UPKEEP);
    assertThat(Routing.subscribersOf(EventType.SNAPSHOT_REPLICATION_FAILED))
        .containsExactly(SnaplifeService.NOTIFIER);
  }

  @Test
  void nativeAwsEventsGoToTheSnapshotServiceCopyEventsToReplicationAndExportEventsToExport() {
    for (SnaplifeService service : SnaplifeService.values()) {
      Set<NativeEventType> nativeEvents = Routing.subscriptionOf(service).nativeEvents();
      switch (service) {
        case SNAPSHOT ->
            assertThat(nativeEvents).containsExactlyInAnyOrder(NativeEventType.values());
        case REPLICATION -> {
          assertThat(nativeEvents).containsExactly(NativeEventType.RDS_DB_SNAPSHOT_EVENT);
          assertThat(
                  Routing.subscriptionOf(service)
                      .nativeFilters()
                      .get(NativeEventType.RDS_DB_SNAPSHOT_EVENT))
              .containsExactly(
                  java.util.Map.entry(
                      "EventID",
                      java.util.List.of(
                          "RDS-EVENT-0060", "RDS-EVENT-0061", "RDS-EVENT-0197", "RDS-EVENT-0190")));
        }
        case EXPORT -> {
          Routing.Subscription export = Routing.subscriptionOf(service);
          assertThat(export.nativeFilters().get(NativeEventType.RDS_DB_SNAPSHOT_EVENT))
              .containsExactly(
                  java.util.Map.entry(
                      "EventID",
                      java.util.List.of("RDS-EVENT-0159", "RDS-EVENT-0160", "RDS-EVENT-0161")));
          assertThat(export.nativeFilters().get(NativeEventType.RDS_DB_CLUSTER_SNAPSHOT_EVENT))
              .containsExactly(
                  java.util.Map.entry(
                      "EventID",
                      java.util.List.of("RDS-EVENT-0162", "RDS-EVENT-0163", "RDS-EVENT-0164")));
          assertThat(nativeEvents).hasSize(2);
        }
        default -> assertThat(nativeEvents).isEmpty();
      }
    }
  }

  @Test
  void nativeRulesMatchOnlyTheEventsTheSnapshotServiceActsOn() {
    Routing.Subscription snapshot = Routing.subscriptionOf(SnaplifeService.SNAPSHOT);

    assertThat(snapshot.nativeFilters().get(NativeEventType.RDS_DB_SNAPSHOT_EVENT))
        .containsExactly(
            java.util.Map.entry("EventID", java.util.List.of("RDS-EVENT-0042", "RDS-EVENT-0091")));
    assertThat(snapshot.nativeFilters().get(NativeEventType.RDS_DB_CLUSTER_SNAPSHOT_EVENT))
        .containsExactly(
            java.util.Map.entry("EventID", java.util.List.of("RDS-EVENT-0075", "RDS-EVENT-0169")));
    assertThat(snapshot.nativeFilters().get(NativeEventType.BACKUP_JOB_STATE_CHANGE))
        .containsExactly(java.util.Map.entry("state", java.util.List.of("COMPLETED")));
  }

  @Test
  void theRecoveryPointWatchIsATimerOfTheSnapshotServiceOnly() {
    assertThat(Routing.subscriptionOf(SnaplifeService.SNAPSHOT).timers())
        .containsExactly(Routing.RPO_WATCH);
    assertThat(Routing.RPO_WATCH.scheduleName(SnaplifeService.SNAPSHOT))
        .isEqualTo("snapshot-service-rpo-watch");
    for (SnaplifeService other : SnaplifeService.values()) {
      if (other == SnaplifeService.NOTIFIER) {
        assertThat(Routing.subscriptionOf(other).timers()).isEmpty();
      }
    }
  }

  /**
   * Loops through the bus are impossible: the exceptions are an archive run's fan-out into
   * per-database requests, whose handling never requests another archive, and a snapshot's
   * replication into one copy request per destination, whose handling never requests another copy.
   */
  @Test
  void noServiceConsumesWhatItPublishesItself() {
    for (SnaplifeService service : SnaplifeService.values()) {
      for (EventType consumed : Routing.subscriptionOf(service).events()) {
        if (service == SnaplifeService.ARCHIVE && consumed == EventType.ARCHIVE_REQUESTED
            || service == SnaplifeService.REPLICATION
                && consumed == EventType.SNAPSHOT_COPY_REQUESTED) {
          continue;
        }
        assertThat(Routing.producersOf(consumed))
            .as("%s consumes %s", service, consumed)
            .doesNotContain(service.source());
      }
    }
  }

  @Test
  void everyServiceHasAQueueWorthOfSubscriptions() {
    assertThat(Arrays.stream(SnaplifeService.values()))
        .allSatisfy(s -> assertThat(Routing.subscriptionOf(s).isEmpty()).isFalse());
  }
}
