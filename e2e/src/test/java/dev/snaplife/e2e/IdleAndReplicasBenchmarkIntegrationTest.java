package dev.snaplife.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.snaplife.archive.ArchiveServiceApplication;
import dev.snaplife.contracts.event.BackupRequested;
import dev.snaplife.contracts.routing.Routing;
import dev.snaplife.contracts.routing.SnaplifeService;
import dev.snaplife.export.ExportServiceApplication;
import dev.snaplife.notifier.NotifierServiceApplication;
import dev.snaplife.platform.testing.EmulatorEnvironment;
import dev.snaplife.platform.testing.Events;
import dev.snaplife.replication.ReplicationServiceApplication;
import dev.snaplife.snapshot.SnapshotServiceApplication;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.rds.RdsClient;

/**
 * Benchmark of a fleet at rest: the five services with production settings over 200 instances that
 * all have a fresh snapshot. It prints each service's calls over an idle minute and per hour, the
 * calls of one recovery-point tick, and the same tick with two replicas of the snapshot service on
 * one queue: periodic work runs once per tick, not once per replica (issue 6, ≤ 1,000 calls an hour
 * for all five).
 */
class IdleAndReplicasBenchmarkIntegrationTest {

  static final int DATABASES = 200;
  static final long IDLE_CALLS_PER_HOUR_TARGET = 1000;

  /** Longer than the production long poll (20 s), so polls begun during activity have ended. */
  static final Duration SETTLE = Duration.ofSeconds(25);

  static final Duration IDLE_WINDOW = Duration.ofSeconds(60);

  static final EmulatorEnvironment aws = EmulatorEnvironment.provisionInFreshAccount();
  static final String ENV = aws.names().environment();
  static final List<RunningService> running = new ArrayList<>();
  static final Map<SnaplifeService, RunningService> services = new LinkedHashMap<>();

  @BeforeAll
  static void aFleetWithFreshSnapshotsAndTheFiveServices() {
    aws.setSnapshotCreationSeconds(1);
    aws.setRdsQuotas(Map.of("ManualSnapshots", 1_000_000, "ManualClusterSnapshots", 1_000_000));
    RdsClient rds = aws.target().client(RdsClient.builder());
    IntStream.range(0, DATABASES)
        .parallel()
        .forEach(
            i ->
                Fleets.createInstance(
                    rds,
                    b ->
                        b.dbInstanceIdentifier(String.format("%s-idle-%03d", ENV, i))
                            .engine("postgres")
                            .dbInstanceClass("db.t3.micro")
                            .allocatedStorage(20)
                            .masterUsername("admin")
                            .masterUserPassword("not-a-real-password")));
    Map<String, String> snapshot = snapshotServiceProperties();
    start(SnapshotServiceApplication.class, SnaplifeService.SNAPSHOT, snapshot);
    start(ReplicationServiceApplication.class, SnaplifeService.REPLICATION, Map.of());
    start(ExportServiceApplication.class, SnaplifeService.EXPORT, Map.of());
    start(ArchiveServiceApplication.class, SnaplifeService.ARCHIVE, Map.of());
    start(NotifierServiceApplication.class, SnaplifeService.NOTIFIER, Map.of());
    aws.publishAs(
        "snaplife.scheduler",
        Events.envelope(
            new BackupRequested("daily", Instant.now().truncatedTo(ChronoUnit.HOURS), null, false),
            "snaplife.scheduler"));
    await()
        .atMost(Duration.ofMinutes(2))
        .until(
            () -> services.get(SnaplifeService.NOTIFIER).handled("SnapshotCreated") >= DATABASES);
    settle(List.copyOf(services.values()));
  }

  static Map<String, String> snapshotServiceProperties() {
    Map<String, String> properties = new HashMap<>();
    properties.put("snaplife.snapshot.policies.daily.name-pattern", "^" + ENV + "-idle-");
    properties.put("snaplife.snapshot.policies.daily.rpo", "26h");
    properties.put("snaplife.snapshot.poll-interval", "2s");
    return properties;
  }

  static RunningService start(Class<?> app, SnaplifeService service, Map<String, String> extra) {
    Map<String, String> properties = new HashMap<>(aws.productionProperties(service));
    properties.putAll(extra);
    RunningService started = RunningService.start(app, service, properties);
    running.add(started);
    services.putIfAbsent(service, started);
    return started;
  }

  @AfterAll
  static void stop() {
    RunningService.closeAll(running);
  }

  @Test
  void aFleetAtRestCostsFewCallsAndATickRunsOncePerFleetNotPerReplica() {
    // Settle first: a message handled just before the window leaves extra long polls in flight
    // that would end inside it. After a quiet poll timeout, each service has one poll at a time.
    Map<SnaplifeService, Map<String, Long>> settling = new LinkedHashMap<>();
    services.forEach((s, r) -> settling.put(s, r.calls()));
    await()
        .during(SETTLE)
        .atMost(SETTLE.multipliedBy(4))
        .pollInterval(Duration.ofSeconds(1))
        .until(
            () -> {
              boolean quiet =
                  services.entrySet().stream()
                      .allMatch(
                          e ->
                              Calls.between(settling.get(e.getKey()), e.getValue().calls())
                                      .withoutPolls()
                                      .total()
                                  == 0);
              if (!quiet) {
                services.forEach((s, r) -> settling.put(s, r.calls()));
              }
              return quiet;
            });
    Map<SnaplifeService, Map<String, Long>> before = new LinkedHashMap<>();
    services.forEach((s, r) -> before.put(s, r.calls()));
    long start = System.nanoTime();
    // At rest, the services only long-poll their queues: any other call during the window fails.
    await()
        .during(IDLE_WINDOW)
        .atMost(IDLE_WINDOW.plusSeconds(10))
        .pollInterval(Duration.ofSeconds(1))
        .until(
            () ->
                services.entrySet().stream()
                    .allMatch(
                        e ->
                            Calls.between(before.get(e.getKey()), e.getValue().calls())
                                    .withoutPolls()
                                    .total()
                                == 0));
    double minutes = (System.nanoTime() - start) / 60e9;
    Map<SnaplifeService, Calls> idle = new LinkedHashMap<>();
    services.forEach((s, r) -> idle.put(s, Calls.between(before.get(s), r.calls())));

    RunningService snapshot = services.get(SnaplifeService.SNAPSHOT);
    Calls firstTick = tick(List.of(snapshot), 1);
    Calls oneReplica = tick(List.of(snapshot), 2);
    RunningService second =
        start(
            SnapshotServiceApplication.class,
            SnaplifeService.SNAPSHOT,
            snapshotServiceProperties());
    settle(List.of(snapshot, second));
    Calls twoReplicas = tick(List.of(snapshot, second), 3);
    Calls twoReplicasAgain = tick(List.of(snapshot, second), 4);

    long ticksPerHour = 6; // Routing.RPO_WATCH: rate(10 minutes)
    long idlePerHour =
        Math.round(idle.values().stream().mapToLong(Calls::total).sum() / minutes * 60)
            + ticksPerHour * oneReplica.total();
    StringBuilder report = new StringBuilder();
    report.append(
        String.format(
            "%nIdle fleet benchmark: %d instances with fresh snapshots, five services,"
                + " production settings%n",
            DATABASES));
    idle.forEach(
        (s, calls) ->
            report.append(
                String.format(
                    "  %-20s %3d calls in %.1f min (≈ %d an hour): %s%n",
                    s, calls.total(), minutes, Math.round(calls.total() / minutes * 60), calls)));
    report.append(
        String.format(
            "  recovery-point tick (%s), first after start: %d calls: %s%n"
                + "  recovery-point tick, one replica:  %d calls: %s%n"
                + "  recovery-point tick, two replicas: %d and %d calls: %s%n"
                + "  all five services at rest: ≈ %d calls an hour (target ≤ %d)%n",
            Routing.RPO_WATCH.scheduleExpression(),
            firstTick.total(),
            firstTick,
            oneReplica.total(),
            oneReplica,
            twoReplicas.total(),
            twoReplicasAgain.total(),
            twoReplicas,
            idlePerHour,
            IDLE_CALLS_PER_HOUR_TARGET));
    System.out.println(report);

    assertThat(twoReplicas.total()).isEqualTo(oneReplica.total());
    assertThat(twoReplicasAgain.total()).isEqualTo(oneReplica.total());
    assertThat(idlePerHour).isLessThanOrEqualTo(IDLE_CALLS_PER_HOUR_TARGET);
  }

  /**
   * Fires one recovery-point tick as its schedule would and counts, across the given replicas, the
   * calls it took (long polls aside).
   */
  private static Calls tick(List<RunningService> replicas, int n) {
    Map<String, Long> before = sum(replicas);
    double handledBefore = replicas.stream().mapToDouble(r -> r.handled("rpo-watch")).sum();
    aws.fireTimer(
        SnaplifeService.SNAPSHOT,
        "rpo-watch",
        Instant.parse("2026-11-22T00:00:00Z").plus(Duration.ofMinutes(10L * n)),
        null);
    await()
        .atMost(Duration.ofSeconds(60))
        .until(
            () -> replicas.stream().mapToDouble(r -> r.handled("rpo-watch")).sum() > handledBefore);
    settle(replicas);
    return Calls.between(before, sum(replicas)).withoutPolls();
  }

  private static Map<String, Long> sum(List<RunningService> replicas) {
    Map<String, Long> total = new HashMap<>();
    replicas.forEach(r -> r.calls().forEach((op, n) -> total.merge(op, n, Long::sum)));
    return total;
  }

  /** Waits until the services' work calls stop changing (acknowledgements are batched). */
  private static void settle(List<RunningService> replicas) {
    long[] last = {-1};
    await()
        .pollInterval(Duration.ofMillis(500))
        .during(Duration.ofSeconds(3))
        .atMost(Duration.ofMinutes(2))
        .until(
            () -> {
              long now =
                  replicas.stream()
                      .mapToLong(r -> new Calls(r.calls()).withoutPolls().total())
                      .sum();
              boolean same = now == last[0];
              last[0] = now;
              return same;
            });
  }
}
