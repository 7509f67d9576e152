package dev.snaplife.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.snaplife.contracts.event.EventEnvelope;
import dev.snaplife.contracts.event.EventType;
import dev.snaplife.contracts.event.ExportCompleted;
import dev.snaplife.contracts.event.SnapshotCreated;
import dev.snaplife.contracts.json.EventCodec;
import dev.snaplife.contracts.routing.SnaplifeService;
import dev.snaplife.export.application.port.ExportJournal.ExportRecord;
import dev.snaplife.export.domain.ExportLayout;
import dev.snaplife.platform.testing.Benchmarks;
import dev.snaplife.platform.testing.EmulatorEnvironment;
import dev.snaplife.platform.testing.EventProbe;
import dev.snaplife.platform.testing.TestFleet;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.DBSnapshot;

/**
 * Benchmark of the export stage through its real listener, in an account of its own: snapshots of
 * as many databases arriving two a second, each exported (2 s in the emulator), catalogued by its
 * database's crawler (1 s) and reported. It prints the RDS and Glue calls per export and the
 * latency from {@code SnapshotCreated} to the export's start and to {@code ExportCompleted}. The
 * export slots are raised to 50 (RDS's five is a quota; the launcher's follows): what is measured
 * is the stage's own latency, not the wait for a slot, which the integration test covers.
 */
@SpringBootTest(
    classes = ExportServiceApplication.class,
    webEnvironment = SpringBootTest.WebEnvironment.NONE)
class ExportBenchmarkIntegrationTest {

  static final int SNAPSHOTS = Integer.getInteger("snaplife.benchmark.exports", 40);
  static final int PER_SECOND = 2;
  static final double RDS_CALLS_TARGET = 3.0;
  static final double GLUE_CALLS_TARGET = 8.0;
  static final Duration P99_TARGET = Duration.ofSeconds(2);

  /** The regression floor asserted (the target is printed): a loaded emulator may be slower. */
  static final Duration P99_FLOOR = Duration.ofSeconds(5);

  static final EmulatorEnvironment aws = EmulatorEnvironment.provisionInFreshAccount();
  static final String ENV = aws.names().environment();
  static final String ACCOUNT = aws.target().accountId();
  static final RdsClient rds = aws.target().client(RdsClient.builder());
  static final EventProbe probe = aws.probe(EventType.EXPORT_COMPLETED);

  @Autowired MeterRegistry meters;
  @Autowired EventCodec codec;

  @DynamicPropertySource
  static void configure(DynamicPropertyRegistry registry) {
    aws.register(registry, SnaplifeService.EXPORT);
    String r = "snaplife.export.";
    String role = "arn:aws:iam::" + ACCOUNT + ":role/" + ENV + "-export";
    registry.add(r + "exports-in-flight", () -> "50");
    registry.add(r + "crawl-check", () -> "1s");
    registry.add(r + "rules.bench.bucket", () -> aws.names().exportsBucket(ACCOUNT, "us-east-1"));
    registry.add(r + "rules.bench.iam-role-arn", () -> role);
    registry.add(r + "rules.bench.kms-key-id", () -> aws.provisioned().sourceKmsKeyArn());
    registry.add(r + "rules.bench.glue.crawler-role-arn", () -> role + "-crawler");
  }

  @AfterAll
  static void restoreTheEmulator() {
    aws.setConcurrentExports(5);
  }

  @Test
  void printsCallsPerExportAndTheLatencyToExportStartAndToCompletion() {
    aws.setConcurrentExports(50);
    aws.setExportSeconds(2);
    aws.setCrawlSeconds(1);
    List<DBSnapshot> snapshots = fleet();
    Map<String, Double> before = Benchmarks.calls(meters);

    Map<String, Instant> createdAt = new ConcurrentHashMap<>();
    ScheduledExecutorService arrivals = Executors.newSingleThreadScheduledExecutor();
    List<ScheduledFuture<?>> published = new ArrayList<>();
    for (int i = 0; i < snapshots.size(); i++) {
      DBSnapshot s = snapshots.get(i);
      published.add(
          arrivals.schedule(
              () -> {
                createdAt.put(s.dbSnapshotArn(), Instant.now());
                aws.publishAs(SnaplifeService.SNAPSHOT.source(), created(s));
              },
              i * 1000L / PER_SECOND,
              TimeUnit.MILLISECONDS));
    }
    arrivals.shutdown();
    await()
        .atMost(Duration.ofMinutes(5))
        .pollInterval(Duration.ofSeconds(1))
        .until(() -> completed().size() >= SNAPSHOTS);
    assertThat(published).allMatch(f -> f.isDone() && !f.isCancelled());

    Map<String, Double> used = Benchmarks.callsSince(meters, before);
    double rdsPerExport = Benchmarks.sumOf(used, "Rds.") / SNAPSHOTS;
    double gluePerExport = Benchmarks.sumOf(used, "Glue.") / SNAPSHOTS;
    List<Long> toStart = new ArrayList<>();
    List<Long> toCompleted = new ArrayList<>();
    Map<String, Instant> completedAt = completed();
    for (DBSnapshot s : snapshots) {
      Instant created = createdAt.get(s.dbSnapshotArn());
      toStart.add(Duration.between(created, startedAt(s)).toMillis());
      toCompleted.add(Duration.between(created, completedAt.get(s.dbSnapshotArn())).toMillis());
    }
    toStart.sort(Long::compare);
    toCompleted.sort(Long::compare);
    long p99 = Benchmarks.percentile(toStart, 99);

    System.out.printf(
        "%nexport benchmark: %d snapshots of as many databases, %d a second; export 2 s and"
            + " crawl 1 s in the emulator%n",
        SNAPSHOTS, PER_SECOND);
    used.forEach((op, n) -> System.out.printf("  %-45s %6.0f%n", op, n));
    System.out.printf(
        "  RDS calls per export: %.2f (target <= %.0f); Glue calls per export: %.2f (target <= %.0f)%n",
        rdsPerExport, RDS_CALLS_TARGET, gluePerExport, GLUE_CALLS_TARGET);
    System.out.printf(
        "  SnapshotCreated -> export started: p50 %d ms, p99 %d ms, max %d ms (target p99 <= %d"
            + " ms)%n",
        Benchmarks.percentile(toStart, 50), p99, toStart.getLast(), P99_TARGET.toMillis());
    System.out.printf(
        "  SnapshotCreated -> ExportCompleted (export, crawl, tables): p50 %d ms, p99 %d ms%n%n",
        Benchmarks.percentile(toCompleted, 50), Benchmarks.percentile(toCompleted, 99));

    assertThat(rdsPerExport).isLessThanOrEqualTo(RDS_CALLS_TARGET);
    assertThat(gluePerExport).isLessThanOrEqualTo(GLUE_CALLS_TARGET);
    assertThat(p99).isLessThanOrEqualTo(P99_FLOOR.toMillis());
  }

  List<DBSnapshot> fleet() {
    return TestFleet.instancesWithSnapshots(
        rds,
        IntStream.range(0, SNAPSHOTS)
            .mapToObj(i -> String.format("%s-bench-%03d", ENV, i))
            .toList(),
        aws.provisioned().sourceKmsKeyArn());
  }

  static EventEnvelope<SnapshotCreated> created(DBSnapshot s) {
    return TestFleet.created(TestFleet.ref(s, ACCOUNT, "us-east-1"), "daily");
  }

  /** When each snapshot's ExportCompleted arrived, by snapshot ARN. */
  static Map<String, Instant> completed() {
    Map<String, Instant> at = new ConcurrentHashMap<>();
    probe
        .received(ExportCompleted.class)
        .forEach(e -> at.putIfAbsent(e.data().snapshot().snapshotArn(), e.occurredAt()));
    return at;
  }

  /** The export's start, as the journal recorded it. */
  Instant startedAt(DBSnapshot s) {
    String table = aws.names().serviceTable(SnaplifeService.EXPORT, "journal");
    String taskId =
        ExportLayout.taskIdentifier("bench", s.dbSnapshotArn(), s.dbSnapshotIdentifier());
    Map<String, AttributeValue> item =
        aws.dynamo()
            .getItem(
                b -> b.tableName(table).key(Map.of("id", AttributeValue.fromS("export/" + taskId))))
            .item();
    return codec.mapper().readValue(item.get("record").s(), ExportRecord.class).startedAt();
  }
}
