package dev.snaplife.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.snaplife.contracts.event.BackupRequested;
import dev.snaplife.contracts.event.BackupRunPlanned;
import dev.snaplife.contracts.event.EventEnvelope;
import dev.snaplife.contracts.event.SnapshotDeleted;
import dev.snaplife.contracts.event.SnapshotFailed;
import dev.snaplife.contracts.routing.SnaplifeService;
import dev.snaplife.notifier.NotifierServiceApplication;
import dev.snaplife.platform.testing.EmulatorEnvironment;
import dev.snaplife.platform.testing.EventProbe;
import dev.snaplife.platform.testing.Events;
import dev.snaplife.snapshot.SnapshotServiceApplication;
import dev.snaplife.snapshot.domain.SnaplifeTags;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ForkJoinPool;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.Tag;

/**
 * Benchmark of the snapshot stage as deployed: snapshot-service and notifier-service running
 * together on the emulator with production settings (20 s long polls, default lease and backoff),
 * through the real listeners, in an account of their own holding a fleet of {@value #DEFAULT_SIZE}
 * instances. It prints, per service and operation, the AWS calls and attempts of a take run (every
 * database snapshotted) and of a retention run (every database's older snapshot deleted), both
 * without and with 30 % of RDS calls throttled, the run times, and all calls per snapshot; and it
 * holds the targets of issue 6 (at most 7 calls per snapshot across both services).
 */
class SnapshotStageBenchmarkIntegrationTest {

  static final int DEFAULT_SIZE = 1000;
  static final int DATABASES = Integer.getInteger("snaplife.benchmark.databases", DEFAULT_SIZE);
  static final double CALLS_PER_SNAPSHOT_TARGET = 7.0;
  static final String SCHEDULER = "snaplife.scheduler";

  static final EmulatorEnvironment aws = EmulatorEnvironment.provisionInFreshAccount();
  static final String ENV = aws.names().environment();
  static final RdsClient rds = aws.target().client(RdsClient.builder());
  // Only what the benchmark reads: an unread probe queue of thousands slows the emulator's SQS.
  static final EventProbe probe =
      aws.probe(
          dev.snaplife.contracts.event.EventType.BACKUP_RUN_PLANNED,
          dev.snaplife.contracts.event.EventType.SNAPSHOT_FAILED,
          dev.snaplife.contracts.event.EventType.SNAPSHOT_DELETED);
  static final List<String> databases =
      IntStream.range(0, DATABASES).mapToObj(i -> String.format("%s-bench-%04d", ENV, i)).toList();
  static final List<RunningService> running = new ArrayList<>();
  static RunningService snapshots;
  static RunningService notifier;

  @BeforeAll
  static void fleetAndServices() {
    aws.setSnapshotCreationSeconds(2);
    aws.setRdsQuotas(Map.of("ManualSnapshots", 1_000_000, "ManualClusterSnapshots", 1_000_000));
    inParallel(
        databases,
        db ->
            Fleets.createInstance(
                rds,
                b ->
                    b.dbInstanceIdentifier(db)
                        .engine("postgres")
                        .dbInstanceClass("db.t3.micro")
                        .allocatedStorage(20)
                        .masterUsername("admin")
                        .masterUserPassword("not-a-real-password")));
    Map<String, String> properties =
        new HashMap<>(aws.productionProperties(SnaplifeService.SNAPSHOT));
    String p = "snaplife.snapshot.policies.";
    properties.put(p + "take.name-pattern", "^" + ENV + "-bench-");
    properties.put(p + "take.delete-expired", "false");
    properties.put(p + "retain.name-pattern", "^" + ENV + "-bench-");
    properties.put(p + "retain.retention-days", "0");
    properties.put("snaplife.snapshot.poll-interval", "2s");
    // Throttled attempts back off and retry: enough attempts that throttling never exhausts them.
    properties.put("snaplife.aws.max-attempts", "10");
    snapshots =
        RunningService.start(
            SnapshotServiceApplication.class, SnaplifeService.SNAPSHOT, properties);
    running.add(snapshots);
    notifier =
        RunningService.start(
            NotifierServiceApplication.class,
            SnaplifeService.NOTIFIER,
            aws.productionProperties(SnaplifeService.NOTIFIER));
    running.add(notifier);
  }

  @AfterAll
  static void stop() {
    aws.clearFaults();
    RunningService.closeAll(running);
  }

  @Test
  void takeAndRetentionRunsStayWithinTheCallBudgetWithAndWithoutThrottling() {
    Instant firstRun = Instant.now().truncatedTo(ChronoUnit.HOURS);
    List<Measured> results = new ArrayList<>();

    System.out.printf(
        "%nSnapshot stage benchmark: %d instances in an account of their own; snapshot-service"
            + " and notifier-service with production settings%n",
        DATABASES);
    results.add(printed(take("take", firstRun)));
    seedRetainSnapshots(firstRun);
    results.add(printed(retention("retention", firstRun)));

    // 30 % of RDS calls throttled (seeded), whatever the rate.
    throttleRds(11);
    results.add(
        printed(take("take, 30 % of RDS calls throttled", firstRun.plus(Duration.ofHours(25)))));
    var takeThrottled = aws.faults();
    aws.clearFaults();
    seedRetainSnapshots(firstRun.plus(Duration.ofHours(25)));
    throttleRds(12);
    results.add(
        printed(
            retention(
                "retention, 30 % of RDS calls throttled", firstRun.plus(Duration.ofHours(25)))));
    var retentionThrottled = aws.faults();
    aws.clearFaults();

    System.out.printf(
        "%n  RDS throttled at random (%.0f %%): the emulator throttled %s of the take's RDS"
            + " requests and %s of the retention's%n%n",
        100 * THROTTLED_SHARE, throttledShare(takeThrottled), throttledShare(retentionThrottled));
    Measured take = results.get(0);
    Measured retention = results.get(1);
    assertThat(take.callsPerItem()).isLessThanOrEqualTo(CALLS_PER_SNAPSHOT_TARGET);
    assertThat(retention.callsPerItem()).isLessThanOrEqualTo(CALLS_PER_SNAPSHOT_TARGET);
    assertThat(take.snapshot().of("Rds.CreateDBSnapshot")).isEqualTo(DATABASES);
    assertThat(retention.snapshot().of("Rds.DeleteDBSnapshot")).isEqualTo(DATABASES);
    assertThat(results.get(2).attempts().of("Rds."))
        .isGreaterThan(results.get(2).snapshot().of("Rds."));
  }

  static final double THROTTLED_SHARE = 0.3;

  /** How long the emulator may take to carry every outcome to the notifier. */
  static final Duration ALL_OUTCOMES = Duration.ofMinutes(15);

  private static void throttleRds(long seed) {
    aws.setFaults(seed, List.of(Map.of("service", "rds", "throttle", THROTTLED_SHARE)));
  }

  private static Measured printed(Measured measured) {
    System.out.println(measured.report());
    return measured;
  }

  private static String throttledShare(tools.jackson.databind.JsonNode faults) {
    long seen = sum(faults.path("seen"));
    long throttled = sum(faults.path("injected"));
    return String.format(
        "%d of %d (%.0f %%)", throttled, seen, 100.0 * throttled / Math.max(1, seen));
  }

  private static long sum(tools.jackson.databind.JsonNode counters) {
    return counters.properties().stream()
        .filter(e -> e.getKey().startsWith("rds:"))
        .mapToLong(e -> e.getValue().asLong())
        .sum();
  }

  /** A run that snapshots every database; measured until the notifier has every outcome. */
  private Measured take(String name, Instant at) {
    Baseline before = baseline();
    double createdBefore = notifier.handled("SnapshotCreated");
    // The emulator serves every request from one Python process: while the run is measured, the
    // notifier waits (its messages queue up), so the run's time compares with RST's, which has
    // nothing else calling the emulator. Then the notifier catches up, and that is measured too.
    notifier.pauseListening();
    EventEnvelope<BackupRequested> run = request("take", at);
    long start = System.nanoTime();

    planOf(run);
    long planned = millisSince(start);
    notifier.resumeListening();
    await()
        .atMost(ALL_OUTCOMES)
        .until(() -> notifier.handled("SnapshotCreated") - createdBefore >= DATABASES);
    long allReported = millisSince(start);
    assertThat(failuresOf(run)).isEmpty();
    return measure(name, before, DATABASES, "snapshot taken", planned, allReported);
  }

  /**
   * A run whose retention deletes one older snapshot of every database (kept: the newest, taken an
   * hour ago, so nothing is created either); {@link #seedRetainSnapshots} prepares it.
   */
  private Measured retention(String name, Instant at) {
    Baseline before = baseline();
    double deletedBefore = notifier.handled("SnapshotDeleted");
    notifier.pauseListening();
    EventEnvelope<BackupRequested> run = request("retain", at);
    long start = System.nanoTime();

    BackupRunPlanned plan = planOf(run);
    long planned = millisSince(start);
    notifier.resumeListening();
    await()
        .atMost(ALL_OUTCOMES)
        .until(
            () ->
                notifier.handled("SnapshotDeleted") - deletedBefore
                    >= plan.plannedDeletions().size());
    long allReported = millisSince(start);
    assertThat(plan.plannedSnapshots()).isEmpty();
    assertThat(
            probe.received(SnapshotDeleted.class).stream()
                .filter(d -> run.eventId().equals(d.data().runId()))
                .map(d -> d.data().snapshot().snapshotIdentifier())
                .distinct()
                .count())
        .isEqualTo(plan.plannedDeletions().size());
    return measure(
        name, before, plan.plannedDeletions().size(), "snapshot deleted", planned, allReported);
  }

  /**
   * Gives every database two snapshots of the retain policy, the newer taken just before the run:
   * retention keeps only the newest, so the other (and any from an earlier seeding) expires.
   */
  private static void seedRetainSnapshots(Instant at) {
    for (Instant taken : List.of(at.minus(Duration.ofDays(3)), at.minus(Duration.ofHours(1)))) {
      inParallel(
          databases,
          db ->
              rds.createDBSnapshot(
                  b ->
                      b.dbInstanceIdentifier(db)
                          .dbSnapshotIdentifier(db + "-retain-" + taken.getEpochSecond())
                          .tags(retainTags(taken))));
    }
    await()
        .atMost(Duration.ofMinutes(2))
        .until(
            () ->
                rds
                    .describeDBSnapshotsPaginator(b -> b.snapshotType("manual"))
                    .dbSnapshots()
                    .stream()
                    .noneMatch(s -> "creating".equals(s.status())));
  }

  private static List<Tag> retainTags(Instant scheduledTime) {
    List<Tag> tags = new ArrayList<>();
    Map<String, String> map = new HashMap<>();
    map.put(SnaplifeTags.CREATED_BY, SnaplifeTags.CREATOR);
    map.put(SnaplifeTags.ENVIRONMENT, ENV);
    map.put(SnaplifeTags.POLICY, "retain");
    map.put(SnaplifeTags.SCHEDULED_TIME, scheduledTime.toString());
    map.put(SnaplifeTags.RUN_ID, UUID.randomUUID().toString());
    map.forEach((k, v) -> tags.add(Tag.builder().key(k).value(v).build()));
    return tags;
  }

  private record Baseline(
      Map<String, Long> snapshot, Map<String, Long> snapshotAttempts, Map<String, Long> notifier) {}

  private static Baseline baseline() {
    return new Baseline(snapshots.calls(), snapshots.attempts(), notifier.calls());
  }

  /** Waits until both services' work calls settle, then takes the difference. */
  private Measured measure(
      String name, Baseline before, int items, String item, long plannedMs, long reportedMs) {
    await()
        .pollInterval(Duration.ofMillis(500))
        .during(Duration.ofSeconds(3))
        .atMost(Duration.ofMinutes(2))
        .until(new Settled());
    return new Measured(
        name,
        items,
        item,
        Calls.between(before.snapshot(), snapshots.calls()),
        Calls.between(before.snapshotAttempts(), snapshots.attempts()),
        Calls.between(before.notifier(), notifier.calls()),
        plannedMs,
        reportedMs);
  }

  /** True while the services' calls other than long polls no longer change. */
  private static final class Settled implements java.util.concurrent.Callable<Boolean> {
    private long last = -1;

    @Override
    public Boolean call() {
      long now =
          new Calls(snapshots.calls()).withoutPolls().total()
              + new Calls(notifier.calls()).withoutPolls().total();
      boolean same = now == last;
      last = now;
      return same;
    }
  }

  record Measured(
      String name,
      int items,
      String item,
      Calls snapshot,
      Calls attempts,
      Calls notifier,
      long plannedMs,
      long reportedMs) {

    double callsPerItem() {
      return (snapshot.total() + notifier.total()) / (double) items;
    }

    String report() {
      return String.format(
          "%n  %s: %d × %s; run (request to its last create or delete, plan published) %d ms;"
              + " request to every outcome notified %d ms%n"
              + "    snapshot-service calls %d: %s%n"
              + "    snapshot-service attempts %d: %s%n"
              + "    notifier-service calls %d: %s%n"
              + "    all calls per %s: %.2f (target ≤ %.0f)",
          name,
          items,
          item,
          plannedMs,
          reportedMs,
          snapshot.total(),
          snapshot,
          attempts.total(),
          attempts,
          notifier.total(),
          notifier,
          item,
          callsPerItem(),
          CALLS_PER_SNAPSHOT_TARGET);
    }
  }

  private static EventEnvelope<BackupRequested> request(String policy, Instant at) {
    EventEnvelope<BackupRequested> run =
        Events.envelope(new BackupRequested(policy, at, null, false), SCHEDULER);
    aws.publishAs(SCHEDULER, run);
    return run;
  }

  private static BackupRunPlanned planOf(EventEnvelope<BackupRequested> run) {
    return await()
        .atMost(Duration.ofMinutes(5))
        .until(
            () ->
                probe.received(BackupRunPlanned.class).stream()
                    .filter(e -> e.data().runId().equals(run.eventId()))
                    .findFirst(),
            java.util.Optional::isPresent)
        .orElseThrow()
        .data();
  }

  private static List<SnapshotFailed> failuresOf(EventEnvelope<BackupRequested> run) {
    return probe.received(SnapshotFailed.class).stream()
        .filter(f -> run.eventId().equals(f.data().runId()))
        .map(EventEnvelope::data)
        .toList();
  }

  private static long millisSince(long start) {
    return (System.nanoTime() - start) / 1_000_000;
  }

  private static <T> void inParallel(List<T> items, java.util.function.Consumer<T> action) {
    try (ForkJoinPool pool = new ForkJoinPool(8)) {
      pool.submit(() -> items.parallelStream().forEach(action)).join();
    }
  }
}
