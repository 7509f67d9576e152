package dev.snaplife.snapshot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.snaplife.contracts.event.BackupRequested;
import dev.snaplife.contracts.event.BackupRunPlanned;
import dev.snaplife.contracts.event.EventEnvelope;
import dev.snaplife.contracts.event.SnapshotCreated;
import dev.snaplife.contracts.event.SnapshotFailed;
import dev.snaplife.contracts.routing.SnaplifeService;
import dev.snaplife.platform.aws.AwsApiCallMetrics;
import dev.snaplife.platform.testing.EmulatorEnvironment;
import dev.snaplife.platform.testing.EventProbe;
import dev.snaplife.platform.testing.Events;
import dev.snaplife.snapshot.testing.EmulatorFleet;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import software.amazon.awssdk.services.rds.RdsClient;

/**
 * A run over 300 databases while the emulator throttles 30 % of RDS calls (our launcher's fault
 * injection, seeded): the RDS client's throttling back-off absorbs it and every snapshot is taken
 * and reported, none failed.
 */
@SpringBootTest(classes = SnapshotServiceApplication.class)
class ThrottledRunIntegrationTest {

  static final EmulatorEnvironment aws = EmulatorEnvironment.provisionInFreshAccount();
  static final String ENV = aws.names().environment();
  static final EmulatorFleet fleet =
      new EmulatorFleet(aws.target().client(RdsClient.builder()), ENV);
  static final EventProbe probe = aws.probe();
  static final int DATABASES = 300;

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) {
    aws.register(registry, SnaplifeService.SNAPSHOT);
    registry.add("snaplife.snapshot.policies.fleet.name-pattern", () -> "^" + ENV + "-db-");
    registry.add("snaplife.snapshot.poll-interval", () -> "1s");
    // Throttled attempts back off and retry: enough attempts that 30 % never exhausts them.
    registry.add("snaplife.aws.max-attempts", () -> "10");
  }

  @BeforeAll
  static void fleetAndThrottling() {
    aws.setSnapshotCreationSeconds(1);
    aws.setRdsQuotas(Map.of("ManualSnapshots", 100_000, "ManualClusterSnapshots", 100_000));
    IntStream.range(0, DATABASES).forEach(i -> fleet.instance(String.format("db-%03d", i)));
    aws.setFaults(7, List.of(Map.of("service", "rds", "throttle", 0.3)));
  }

  @AfterAll
  static void stopThrottling() {
    aws.clearFaults();
  }

  @Autowired MeterRegistry meters;

  @Test
  void aRunOverThreeHundredDatabasesCompletesWithThirtyPercentOfRdsCallsThrottled() {
    EventEnvelope<BackupRequested> run =
        Events.envelope(
            new BackupRequested("fleet", Instant.now().truncatedTo(ChronoUnit.HOURS), null, false),
            "snaplife.scheduler");
    long start = System.nanoTime();
    aws.publishAs("snaplife.scheduler", run);

    await()
        .atMost(Duration.ofMinutes(8))
        .until(
            () ->
                probe.received(SnapshotCreated.class).stream()
                        .map(e -> e.data().snapshot().snapshotIdentifier())
                        .distinct()
                        .count()
                    == DATABASES);
    long millis = (System.nanoTime() - start) / 1_000_000;

    assertThat(probe.received(SnapshotFailed.class)).isEmpty();
    assertThat(
            probe.received(BackupRunPlanned.class).stream()
                .filter(p -> p.data().runId().equals(run.eventId()))
                .findFirst()
                .orElseThrow()
                .data()
                .plannedSnapshots())
        .hasSize(DATABASES);
    long calls = rds(AwsApiCallMetrics.METRIC);
    long attempts = rds(AwsApiCallMetrics.ATTEMPTS);
    var faults = aws.faults();
    System.out.printf(
        "%nThrottled run: %d databases, 30 %% of RDS calls throttled by the emulator"
            + " (%d of %d RDS requests it saw)%n  RDS calls %d, attempts %d; all %d snapshots"
            + " reported in %d ms%n%n",
        DATABASES,
        faults.path("injected").properties().stream()
            .filter(e -> e.getKey().startsWith("rds:"))
            .mapToLong(e -> e.getValue().asLong())
            .sum(),
        faults.path("seen").properties().stream()
            .filter(e -> e.getKey().startsWith("rds:"))
            .mapToLong(e -> e.getValue().asLong())
            .sum(),
        calls,
        attempts,
        DATABASES,
        millis);
    assertThat(attempts).isGreaterThan(calls);
  }

  private long rds(String metric) {
    if (metric.equals(AwsApiCallMetrics.METRIC)) {
      return meters.find(metric).tag("service", "Rds").timers().stream()
          .mapToLong(Timer::count)
          .sum();
    }
    return (long)
        meters.find(metric).tag("service", "Rds").counters().stream()
            .mapToDouble(Counter::count)
            .sum();
  }
}
