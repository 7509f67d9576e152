package dev.snaplife.snapshot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.snaplife.contracts.event.BackupRequested;
import dev.snaplife.contracts.event.EventEnvelope;
import dev.snaplife.contracts.routing.SnaplifeService;
import dev.snaplife.platform.aws.AwsApiCallMetrics;
import dev.snaplife.platform.testing.EmulatorEnvironment;
import dev.snaplife.platform.testing.Events;
import dev.snaplife.snapshot.application.TakeSnapshots;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import software.amazon.awssdk.services.rds.RdsClient;

/**
 * Benchmark: RDS API calls of one backup run over a fleet of I instances with S existing snapshots,
 * counted by the platform's per-operation call metrics and printed. Target (issue 3): at most 2 +
 * ⌈I/100⌉ + ⌈S/100⌉ + one create per snapshot taken. I and S are what the account holds when the
 * run starts (the emulator's account is shared with other test classes), and the emulator pages
 * every describe the run uses at 100, as RDS does.
 */
@SpringBootTest(classes = SnapshotServiceApplication.class)
class RdsApiBudgetBenchmarkIntegrationTest {

  static final EmulatorEnvironment aws = EmulatorEnvironment.provision();
  static final String ENV = aws.names().environment();
  static final RdsClient rds = aws.target().client(RdsClient.builder());
  static final int INSTANCES = 250;
  static final int SNAPSHOTS = 150;
  static final int SELECTED = 100;

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) {
    aws.register(registry, SnaplifeService.SNAPSHOT);
    registry.add("snaplife.snapshot.policies.bench.name-pattern", () -> "^" + ENV + "-bench-0");
    registry.add("snaplife.snapshot.policies.bench.delete-expired", () -> "false");
    // Keep the timers out of the count.
    registry.add("snaplife.snapshot.poll-interval", () -> "1h");
    registry.add("snaplife.snapshot.rpo-check-interval", () -> "1h");
  }

  @BeforeAll
  static void fleet() {
    aws.setRdsQuotas(Map.of("ManualSnapshots", 100_000, "ManualClusterSnapshots", 100_000));
    // 250 instances, of which bench-000 … bench-099 match the policy's pattern.
    IntStream.range(0, INSTANCES)
        .forEach(
            i ->
                rds.createDBInstance(
                    b ->
                        b.dbInstanceIdentifier(String.format("%s-bench-%03d", ENV, i))
                            .engine("postgres")
                            .dbInstanceClass("db.t3.micro")
                            .allocatedStorage(20)
                            .masterUsername("admin")
                            .masterUserPassword("not-a-real-password")));
    IntStream.range(0, SNAPSHOTS)
        .forEach(
            i ->
                rds.createDBSnapshot(
                    b ->
                        b.dbInstanceIdentifier(String.format("%s-bench-%03d", ENV, i % INSTANCES))
                            .dbSnapshotIdentifier(String.format("%s-existing-%03d", ENV, i))));
  }

  @Autowired TakeSnapshots takeSnapshots;
  @Autowired MeterRegistry meters;

  @Test
  void oneRunStaysWithinTheRdsCallBudget() {
    long instances =
        rds.describeDBInstancesPaginator(b -> b.maxRecords(100)).dbInstances().stream().count();
    long snapshots =
        rds.describeDBSnapshotsPaginator(b -> b.maxRecords(100)).dbSnapshots().stream().count();
    Instant at = Instant.now().truncatedTo(ChronoUnit.HOURS);

    Run first = measure(new BackupRequested("bench", at, null, false));
    Run second = measure(new BackupRequested("bench", at.plus(Duration.ofHours(1)), null, false));

    long firstTarget = 2 + ceil(instances) + ceil(snapshots) + SELECTED;
    long snapshotsAfter = snapshots + SELECTED;
    long secondTarget = 2 + ceil(instances) + ceil(snapshotsAfter);
    System.out.printf(
        "%nRDS API budget benchmark (fleet I=%d instances, S=%d snapshots, %d selected)%n"
            + "  first run:  %d calls %s in %d ms; target ≤ 2 + ⌈I/100⌉ + ⌈S/100⌉ + %d creates = %d%n"
            + "  second run (inside the interval, nothing to create): %d calls %s in %d ms; target ≤ %d%n"
            + "  a naive tool reading tags per snapshot would add %d ListTagsForResource calls%n%n",
        instances,
        snapshots,
        SELECTED,
        first.total(),
        first.byOperation(),
        first.millis(),
        SELECTED,
        firstTarget,
        second.total(),
        second.byOperation(),
        second.millis(),
        secondTarget,
        snapshots);

    assertThat(first.byOperation()).containsEntry("CreateDBSnapshot", (long) SELECTED);
    assertThat(first.total()).isLessThanOrEqualTo(firstTarget);
    assertThat(second.byOperation())
        .doesNotContainKeys("CreateDBSnapshot", "DescribeAccountAttributes");
    assertThat(second.total()).isLessThanOrEqualTo(secondTarget);
  }

  record Run(Map<String, Long> byOperation, long millis) {
    long total() {
      return byOperation.values().stream().mapToLong(Long::longValue).sum();
    }
  }

  private Run measure(BackupRequested request) {
    Map<String, Long> before = rdsCalls();
    EventEnvelope<BackupRequested> event = Events.envelope(request, "snaplife.scheduler");
    long start = System.nanoTime();
    takeSnapshots.run(event);
    long millis = (System.nanoTime() - start) / 1_000_000;
    Map<String, Long> after = rdsCalls();
    Map<String, Long> delta = new TreeMap<>();
    after.forEach(
        (op, n) -> {
          long d = n - before.getOrDefault(op, 0L);
          if (d > 0) {
            delta.put(op, d);
          }
        });
    return new Run(delta, millis);
  }

  private Map<String, Long> rdsCalls() {
    Map<String, Long> calls = new TreeMap<>();
    for (Timer timer : meters.find(AwsApiCallMetrics.METRIC).tag("service", "Rds").timers()) {
      calls.merge(timer.getId().getTag("operation"), timer.count(), Long::sum);
    }
    return calls;
  }

  private static long ceil(long n) {
    return (n + 99) / 100;
  }
}
