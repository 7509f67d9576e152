package dev.snaplife.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.snaplife.cli.SnaplifeCli;
import dev.snaplife.contracts.event.EventType;
import dev.snaplife.contracts.routing.DeadLetterAttributes;
import dev.snaplife.contracts.routing.Routing;
import dev.snaplife.contracts.routing.SnaplifeService;
import dev.snaplife.platform.testing.EmulatorEnvironment;
import dev.snaplife.platform.testing.Events;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import picocli.CommandLine;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.Rule;
import software.amazon.awssdk.services.eventbridge.model.Target;
import software.amazon.awssdk.services.rds.model.DBSnapshot;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;

/**
 * The end-to-end fault suite: all five services, two replicas of each competing on its queue, each
 * its own process, on one environment of the emulator, through the bus. Each scenario takes
 * databases of its own (a name prefix of its own), runs their lifecycles (created, shared, copied
 * to another region and to the disaster-recovery account, exported and catalogued; a database
 * archived and verified; every outcome notified) under one fault, and asserts that nothing was lost
 * and nothing happened twice, on the bus, on SNS and in AWS's own state. Each prints its figures.
 *
 * <p>The scenarios share the processes (starting ten JVMs is most of a scenario's cost), not their
 * data; they run in order only so that a fault one injects is cleared before the next.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LifecycleFaultSuiteIntegrationTest {

  static final Duration LIFECYCLE_LIMIT = Duration.ofMinutes(3);
  static final int POISON = 1000;

  static final EmulatorEnvironment aws = EmulatorEnvironment.provisionInFreshAccount();
  static LifecycleFleet fleet;
  static LifecycleRecorder recorder;
  static S3Client s3;
  static final List<Scenario> scenarios = new ArrayList<>();
  static final long classStarted = System.nanoTime();
  static Duration startup = Duration.ZERO;

  @BeforeAll
  static void theFiveServicesTwiceOverOnTheEmulator() {
    LifecycleFleet.Postgres.requireReachable();
    aws.setSnapshotCreationSeconds(1.5);
    aws.setCopySeconds(2);
    aws.setExportSeconds(2);
    aws.setCrawlSeconds(1);
    aws.setConcurrentExports(50);
    // Emulator-wide, like the other classes that take many snapshots: every run of the suite
    // leaves its copies in the disaster-recovery account, which must not reach RDS's default 100.
    aws.setRdsQuotas(Map.of("ManualSnapshots", 100_000, "ManualClusterSnapshots", 100_000));
    aws.setConcurrentCrossRegionCopies(50);
    s3 = aws.target().client(S3Client.builder());
    fleet = new LifecycleFleet(aws);
    fleet.verificationLogins();
    recorder = new LifecycleRecorder(aws);
    long started = System.nanoTime();
    fleet.start();
    startup = Duration.ofNanos(System.nanoTime() - started);
    System.out.printf(
        "%n[e2e] ten service processes healthy in %.1f s%n", startup.toMillis() / 1000.0);
  }

  @AfterAll
  static void stop() {
    if (fleet != null) {
      fleet.close();
    }
    aws.clearFaults();
    // The emulator's settings are global: back to what the other test classes expect.
    aws.setSnapshotCreationSeconds(3);
    aws.setCopySeconds(3);
    aws.setConcurrentExports(5);
    aws.setConcurrentCrossRegionCopies(5);
    for (Scenario s : scenarios) {
      LifecycleFleet.Postgres.dropDatabase(s.archiveDatabase);
    }
    StringBuilder summary = new StringBuilder();
    scenarios.forEach(
        s ->
            summary.append(
                String.format("%n  %-10s %6.1f s", s.name, s.finishedIn().toMillis() / 1000.0)));
    System.out.printf(
        "%n[e2e] lifecycle fault suite: %d scenarios in %.1f s (ten processes started in %.1f s)%s%n",
        scenarios.size(),
        (System.nanoTime() - classStarted) / 1e9,
        startup.toMillis() / 1000.0,
        summary);
  }

  private static Scenario scenario(String name, int databases) {
    Scenario s = new Scenario(name, databases, fleet, recorder);
    scenarios.add(s);
    return s;
  }

  @Test
  @Order(1)
  void aFleetGoesThroughItsWholeLifecycleFromCreatedToExpired() {
    Scenario life = scenario("life", 2);
    Instant firstRun = Instant.parse("2026-11-02T01:00:00Z");
    // Kept one day from three days ago: due for expiry at the next archive upkeep.
    Instant archived = Instant.now().minus(Duration.ofDays(3)).truncatedTo(ChronoUnit.HOURS);

    life.requestBackup(firstRun);
    life.requestArchive(archived, 1);
    life.awaitComplete(LIFECYCLE_LIMIT, 0, 0);

    // The archive upkeep (hourly; fired now as its schedule would) expires the archive.
    life.fireArchiveUpkeep();
    life.awaitComplete(LIFECYCLE_LIMIT, 0, 1);
    // Two more runs, an hour apart. Retention runs as each run starts, while its own snapshots are
    // still being created, so it keeps the newest available one: the second run keeps the first
    // run's snapshots, the third deletes them and keeps the second's.
    life.requestBackup(firstRun.plus(Duration.ofHours(1)));
    life.awaitComplete(LIFECYCLE_LIMIT, 0, 1);
    life.requestBackup(firstRun.plus(Duration.ofHours(2)));
    Scenario.Observed done = life.awaitComplete(LIFECYCLE_LIMIT, life.databases.size(), 1);

    life.assertNothingLostNorDuplicated(done, s3);
    assertNoDeadLetters();
    assertThat(done.deleted())
        .allSatisfy(
            d -> assertThat(d.data().snapshot().snapshotIdentifier()).contains("20261102-0100"));
    // What on-call sees of it: the ledger the notifier kept, read by `snaplife status`. The first
    // run's snapshots went through every stage and were expired; the archive was verified and
    // expired.
    for (String database : life.databases) {
      String[] status = snaplife("status", database, "--limit", "3");
      assertThat(status[0]).as(status[2]).isEqualTo("0");
      String firstRunsLifecycle =
          Arrays.stream(status[1].split("\n\n"))
              .filter(block -> block.contains("20261102-0100"))
              .findFirst()
              .orElseThrow(() -> new AssertionError("no lifecycle of the first run: " + status[1]));
      assertThat(firstRunsLifecycle)
          .contains("state     EXPIRED: deleted by retention")
          .containsPattern("SNAPSHOT +- +DONE .* info ")
          .containsPattern("SHARE +- +DONE .* info ")
          .containsPattern("COPY +\\d{12}/eu-west-1 +DONE .* info ")
          .containsPattern("COPY +222222222222/\\S+ +DONE .* info ")
          .containsPattern("EXPORT +lake +DONE .* info ")
          .containsPattern("EXPIRE +\\d{12}/us-east-1 +DONE .* info +deleted: RETENTION")
          .contains("last failure: none");
    }
    String[] archive = snaplife("status", life.archiveInstance);
    assertThat(archive[1])
        .contains("state     EXPIRED: deleted by retention")
        .containsPattern("ARCHIVE +\\S+ +DONE ")
        .containsPattern("VERIFY +\\S+ +DONE ")
        .containsPattern("EXPIRE +\\S+ +DONE ");
    System.out.println(life.figures(done));
  }

  @Test
  @Order(2)
  void everyEventDeliveredTwiceChangesNothing() {
    Scenario twice = scenario("twice", 3);
    List<String[]> twins = twinEveryServiceRule();
    long duplicatesBefore = fleet.consumed("duplicate") + fleet.consumed("duplicate-in-flight");
    try {
      twice.requestBackup(Instant.parse("2026-11-03T01:00:00Z"));
      twice.requestArchive(Instant.parse("2026-11-03T02:00:00Z"), null);
      Scenario.Observed done = twice.awaitComplete(LIFECYCLE_LIMIT, 0, 0);
      // Each outcome reached the notifier twice: the second copy is dropped by its claim.
      LifecycleFleet.within(
          Duration.ofSeconds(30),
          "the second deliveries dropped",
          () ->
              fleet.consumed("duplicate") + fleet.consumed("duplicate-in-flight") - duplicatesBefore
                  >= done.outcomeIds().size());
      long duplicates =
          fleet.consumed("duplicate") + fleet.consumed("duplicate-in-flight") - duplicatesBefore;
      twice.extraFigures.put("rules doubled", twins.size() + " (each event delivered twice)");
      twice.extraFigures.put("second deliveries dropped by the consumers' claims", "" + duplicates);
      twice.assertNothingLostNorDuplicated(done, s3);
      assertNoDeadLetters();
      System.out.println(twice.figures(done));
    } finally {
      removeRules(twins);
    }
  }

  @Test
  @Order(3)
  void killingEachServiceMidFlowLosesNothingAndDuplicatesNothing() {
    // A database large enough (about 40 MB) that its dump is caught in flight.
    Scenario crash = new Scenario("crash", 3, 400_000, fleet, recorder);
    scenarios.add(crash);
    String archives = aws.names().archivesBucket(fleet.account, "us-east-1");
    // Slower stages, so that each is caught in flight.
    aws.setSnapshotCreationSeconds(8);
    aws.setCopySeconds(8);
    aws.setExportSeconds(8);
    try {
      crash.requestArchive(Instant.parse("2026-11-04T02:00:00Z"), null);
      crash.requestBackup(Instant.parse("2026-11-04T01:00:00Z"));

      await("the archive's dump being uploaded")
          .atMost(Duration.ofMinutes(1))
          .pollInterval(Duration.ofMillis(100))
          .until(
              () -> uploadsInFlight(archives, crash) > 0 || !crash.observe().written().isEmpty());
      boolean dumpInFlight = uploadsInFlight(archives, crash) > 0;
      boolean snapshotsCreating = anyInState(fleet.rds, crash, "creating");
      Duration snapshotRestart =
          fleet.killAndRestart(List.of(SnaplifeService.SNAPSHOT, SnaplifeService.ARCHIVE));

      LifecycleFleet.within(
          Duration.ofMinutes(2),
          "a copy of the crash scenario in progress",
          () -> anyInState(fleet.rdsEu, crash, "copying"));
      Duration othersRestart =
          fleet.killAndRestart(
              List.of(
                  SnaplifeService.REPLICATION, SnaplifeService.EXPORT, SnaplifeService.NOTIFIER));
      aws.setSnapshotCreationSeconds(1.5);
      aws.setCopySeconds(2);
      aws.setExportSeconds(2);

      Scenario.Observed done = crash.awaitComplete(Duration.ofMinutes(4), 0, 0);
      crash.extraFigures.put(
          "killed (kill -9, both replicas), " + fleet.kills() + " processes so far",
          "snapshot + archive (dump upload in flight: "
              + dumpInFlight
              + ", snapshots creating: "
              + snapshotsCreating
              + "), restarted in "
              + snapshotRestart.toMillis()
              + " ms; replication + export + notifier while copies were in progress, restarted in "
              + othersRestart.toMillis()
              + " ms");
      int leftUnfinished = uploadsInFlight(archives, crash);
      crash.extraFigures.put(
          "incomplete multipart uploads left by the killed dump", Integer.toString(leftUnfinished));
      crash.assertNothingLostNorDuplicated(done, s3);
      // The retried archive aborted the upload the killed attempt began: no parts stay billed.
      assertThat(leftUnfinished).as("multipart uploads left unfinished").isZero();
      assertNoDeadLetters();
      System.out.println(crash.figures(done));
    } finally {
      aws.setSnapshotCreationSeconds(1.5);
      aws.setCopySeconds(2);
      aws.setExportSeconds(2);
    }
  }

  @Test
  @Order(4)
  void aThousandMalformedMessagesEndInTheDeadLetterQueuesWithTheirReason() {
    Scenario poison = scenario("poison", 2);
    assertNoDeadLetters();
    Map<String, Long> pids = fleet.pids();
    poison.requestBackup(Instant.parse("2026-11-05T01:00:00Z"));
    poison.requestArchive(Instant.parse("2026-11-05T02:00:00Z"), null);

    long sending = System.nanoTime();
    Map<SnaplifeService, Integer> sent = sendMalformed(POISON);
    LifecycleFleet.within(
        Duration.ofMinutes(4),
        "all malformed messages in the dead-letter queues",
        () -> deadLetterDepth() >= POISON);
    double deadLettered = (System.nanoTime() - sending) / 1e9;

    Map<SnaplifeService, List<Message>> letters = new EnumMap<>(SnaplifeService.class);
    LifecycleFleet.SERVICES.parallelStream()
        .forEach(
            s -> {
              List<Message> drained = aws.drain(aws.deadLetterQueueUrl(s), Duration.ZERO);
              synchronized (letters) {
                letters.put(s, drained);
              }
            });
    Map<String, Integer> reasons = new TreeMap<>();
    letters.values().stream()
        .flatMap(List::stream)
        .forEach(
            m -> {
              var reason = m.messageAttributes().get(DeadLetterAttributes.REASON);
              String text = reason == null ? "(none)" : reason.stringValue();
              String kind = text.replaceAll("[0-9a-f-]{36}", "<id>").replaceAll("\\d+", "N");
              reasons.merge(kind.substring(0, Math.min(70, kind.length())), 1, Integer::sum);
            });

    Scenario.Observed done = poison.awaitComplete(LIFECYCLE_LIMIT, 0, 0);
    Map<String, Integer> perQueue = new TreeMap<>();
    letters.forEach((s, l) -> perQueue.put(s.serviceName(), l.size()));
    poison.extraFigures.put("malformed messages sent per queue", sent.toString());
    poison.extraFigures.put("dead-lettered per queue", perQueue.toString());
    poison.extraFigures.put(
        "all " + POISON + " in the DLQs after", String.format("%.1f s", deadLettered));
    poison.extraFigures.put("reasons", reasons.toString());
    System.out.println(poison.figures(done));

    for (SnaplifeService s : LifecycleFleet.SERVICES) {
      assertThat(letters.get(s)).as("dead letters of " + s).hasSize(sent.get(s));
      assertThat(letters.get(s))
          .allSatisfy(
              m ->
                  assertThat(m.messageAttributes())
                      .as("a dead letter's attributes")
                      .containsKey(DeadLetterAttributes.REASON));
    }
    int quarter = POISON / 4;
    assertThat(reasonsContaining(reasons, "not JSON")).isEqualTo(quarter);
    assertThat(reasonsContaining(reasons, "unknown detail-type")).isEqualTo(quarter);
    assertThat(reasonsContaining(reasons, "is not routed to")).isEqualTo(quarter);
    assertThat(fleet.allAlive()).isTrue();
    assertThat(fleet.pids()).isEqualTo(pids);
    poison.assertNothingLostNorDuplicated(done, s3);
  }

  @Test
  @Order(5)
  void anExportOutageDeadLettersItsMessagesAndAReplayCompletesThemOnce() {
    Scenario outage = scenario("outage", 3);
    aws.setFaults(
        5, List.of(Map.of("service", "rds", "operation", "StartExportTask", "error", 1.0)));
    try {
      outage.requestBackup(Instant.parse("2026-11-06T01:00:00Z"));
      outage.requestArchive(Instant.parse("2026-11-06T02:00:00Z"), null);
      LifecycleFleet.within(
          Duration.ofMinutes(4),
          "the export stage's messages of the outage in its dead-letter queue",
          () -> depth(aws.deadLetterQueueUrl(SnaplifeService.EXPORT)) >= outage.databases.size());
    } finally {
      aws.clearFaults();
    }
    int deadLettered = depth(aws.deadLetterQueueUrl(SnaplifeService.EXPORT));
    assertThat(outage.observe().exported()).isEmpty();

    String[] replay = snaplife("dlq", "replay", "export", "--all");
    assertThat(replay[0]).as("snaplife dlq replay: " + replay[1] + replay[2]).isEqualTo("0");
    String out = replay[1];
    Matcher moved = Pattern.compile("done: moved (\\d+) message").matcher(out);
    assertThat(moved.find()).as(out).isTrue();

    Scenario.Observed done = outage.awaitComplete(LIFECYCLE_LIMIT, 0, 0);
    outage.extraFigures.put("export messages dead-lettered", Integer.toString(deadLettered));
    outage.extraFigures.put("replayed (snaplife dlq replay export --all)", moved.group(1));
    System.out.println(outage.figures(done));
    assertThat(Integer.parseInt(moved.group(1))).isEqualTo(deadLettered);
    assertThat(depth(aws.deadLetterQueueUrl(SnaplifeService.EXPORT))).isZero();
    outage.assertNothingLostNorDuplicated(done, s3);
    assertNoDeadLetters();
  }

  @Test
  @Order(6)
  void withThirtyPercentOfRdsCallsThrottledEveryLifecycleCompletesOnce() {
    Scenario throttled = scenario("throttled", 6);
    Map<String, Long> callsBefore = fleet.calls();
    Map<String, Long> attemptsBefore = fleet.attempts();
    aws.setFaults(30, List.of(Map.of("service", "rds", "throttle", 0.3)));
    Scenario.Observed done;
    String injected;
    try {
      throttled.requestBackup(Instant.parse("2026-11-07T01:00:00Z"));
      throttled.requestArchive(Instant.parse("2026-11-07T02:00:00Z"), null);
      done = throttled.awaitComplete(LIFECYCLE_LIMIT, 0, 0);
      var faults = aws.faults();
      long seen = 0;
      long throttledRequests = 0;
      for (var e : faults.path("seen").properties()) {
        if (e.getKey().startsWith("rds:")) {
          seen += e.getValue().asLong();
        }
      }
      for (var e : faults.path("injected").properties()) {
        if (e.getKey().startsWith("rds:") && e.getKey().endsWith(":throttle")) {
          throttledRequests += e.getValue().asLong();
        }
      }
      injected = throttledRequests + " of " + seen + " RDS requests throttled by the emulator";
    } finally {
      aws.clearFaults();
    }
    long rdsCalls = Calls.between(callsBefore, fleet.calls()).of("Rds");
    long rdsAttempts = Calls.between(attemptsBefore, fleet.attempts()).of("Rds");
    throttled.extraFigures.put("emulator", injected);
    throttled.extraFigures.put(
        "services' RDS calls vs attempts", rdsCalls + " calls, " + rdsAttempts + " attempts");
    System.out.println(throttled.figures(done));
    throttled.assertNothingLostNorDuplicated(done, s3);
    assertNoDeadLetters();
    assertThat(rdsAttempts).isGreaterThan(rdsCalls);
  }

  // --- helpers

  /** Nothing dead-lettered that the scenario did not put there: no lifecycle lost a message. */
  private static void assertNoDeadLetters() {
    assertThat(deadLetterDepth()).as("messages in the dead-letter queues").isZero();
  }

  /**
   * Runs {@code snaplife} in-process on this environment: exit code, standard out, standard err.
   */
  private static String[] snaplife(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli =
        SnaplifeCli.commandLine(
            Map.of(
                "AWS_ENDPOINT_URL",
                aws.target().endpoint().toString(),
                "AWS_REGION",
                "us-east-1",
                "AWS_ACCESS_KEY_ID",
                fleet.account,
                "AWS_SECRET_ACCESS_KEY",
                "test",
                "SNAPLIFE_ENVIRONMENT",
                fleet.env));
    cli.setOut(new PrintWriter(out));
    cli.setErr(new PrintWriter(err));
    int exit = cli.execute(args);
    return new String[] {Integer.toString(exit), out.toString(), err.toString()};
  }

  private static int reasonsContaining(Map<String, Integer> reasons, String text) {
    return reasons.entrySet().stream()
        .filter(e -> e.getKey().contains(text))
        .mapToInt(Map.Entry::getValue)
        .sum();
  }

  private static int uploadsInFlight(String bucket, Scenario s) {
    return (int)
        s3.listMultipartUploads(b -> b.bucket(bucket)).uploads().stream()
            .filter(u -> u.key().contains("/" + s.archiveInstance + "/"))
            .count();
  }

  private static boolean anyInState(
      software.amazon.awssdk.services.rds.RdsClient rds, Scenario s, String status) {
    return rds.describeDBSnapshotsPaginator(b -> b.snapshotType("manual")).dbSnapshots().stream()
        .filter(
            x ->
                s.databases.stream()
                    .anyMatch(db -> x.dbSnapshotIdentifier().startsWith("snaplife-" + db + "-")))
        .map(DBSnapshot::status)
        .anyMatch(status::equals);
  }

  /**
   * For each service's rule on the bus (and its rules for native events on the default bus), a
   * second rule with the same pattern and the same target: every event reaches each queue twice.
   */
  private static List<String[]> twinEveryServiceRule() {
    EventBridgeClient eb = aws.eventBridge();
    List<String> queueArns =
        LifecycleFleet.SERVICES.stream()
            .map(
                s ->
                    aws.sqs()
                        .getQueueAttributes(
                            b ->
                                b.queueUrl(aws.queueUrl(s))
                                    .attributeNames(QueueAttributeName.QUEUE_ARN))
                        .attributes()
                        .get(QueueAttributeName.QUEUE_ARN))
            .toList();
    List<String[]> twins = new ArrayList<>();
    for (String bus : List.of(aws.names().eventBus(), "default")) {
      List<Rule> rules =
          eb.listRules(b -> b.eventBusName(bus).namePrefix(fleet.env)).rules().stream()
              .filter(r -> !r.name().contains("probe"))
              .toList();
      for (Rule rule : rules) {
        List<Target> targets =
            eb.listTargetsByRule(b -> b.rule(rule.name()).eventBusName(bus)).targets().stream()
                .filter(t -> queueArns.contains(t.arn()))
                .toList();
        if (targets.isEmpty() || rule.eventPattern() == null) {
          continue;
        }
        String twin = rule.name() + "-twice";
        eb.putRule(b -> b.name(twin).eventBusName(bus).eventPattern(rule.eventPattern()));
        eb.putTargets(b -> b.rule(twin).eventBusName(bus).targets(targets));
        twins.add(new String[] {bus, twin});
      }
    }
    assertThat(twins.size())
        .as("doubled rules")
        .isGreaterThanOrEqualTo(LifecycleFleet.SERVICES.size());
    return twins;
  }

  private static void removeRules(List<String[]> rules) {
    EventBridgeClient eb = aws.eventBridge();
    for (String[] r : rules) {
      List<String> ids =
          eb.listTargetsByRule(b -> b.rule(r[1]).eventBusName(r[0])).targets().stream()
              .map(Target::id)
              .toList();
      eb.removeTargets(b -> b.rule(r[1]).eventBusName(r[0]).ids(ids));
      eb.deleteRule(b -> b.name(r[1]).eventBusName(r[0]));
    }
  }

  /**
   * Malformed messages spread evenly over the five queues, four kinds in turn: a body that is not
   * JSON, an event of a type the service consumes that breaks its schema, an unknown event type,
   * and a valid event the service does not consume (misrouted).
   */
  private static Map<SnaplifeService, Integer> sendMalformed(int count) {
    Map<SnaplifeService, Integer> sent = new EnumMap<>(SnaplifeService.class);
    Map<SnaplifeService, List<SendMessageBatchRequestEntry>> batches =
        new EnumMap<>(SnaplifeService.class);
    for (int i = 0; i < count; i++) {
      SnaplifeService service = LifecycleFleet.SERVICES.get(i % LifecycleFleet.SERVICES.size());
      String body =
          switch ((i / LifecycleFleet.SERVICES.size()) % 4) {
            case 0 -> "not json {" + i;
            case 1 -> {
              EventType consumed = consumedBy(service);
              yield eventBridgeMessage(
                  consumed.detailType(),
                  Routing.producersOf(consumed).iterator().next(),
                  "{\"unexpected\":" + i + "}");
            }
            case 2 ->
                eventBridgeMessage(
                    "SnapshotTeleported",
                    SnaplifeService.SNAPSHOT.source(),
                    "{\"eventId\":\"" + UUID.randomUUID() + "\"}");
            default -> misrouted(service);
          };
      List<SendMessageBatchRequestEntry> batch =
          batches.computeIfAbsent(service, s -> new ArrayList<>());
      batch.add(
          SendMessageBatchRequestEntry.builder().id("m" + batch.size()).messageBody(body).build());
      sent.merge(service, 1, Integer::sum);
      if (batch.size() == 10) {
        flush(service, batch);
      }
    }
    batches.forEach(LifecycleFaultSuiteIntegrationTest::flush);
    return sent;
  }

  private static void flush(SnaplifeService service, List<SendMessageBatchRequestEntry> batch) {
    if (batch.isEmpty()) {
      return;
    }
    String url = aws.queueUrl(service);
    var response = aws.sqs().sendMessageBatch(b -> b.queueUrl(url).entries(List.copyOf(batch)));
    assertThat(response.failed()).isEmpty();
    batch.clear();
  }

  private static EventType consumedBy(SnaplifeService service) {
    return Arrays.stream(EventType.values())
        .filter(t -> Routing.subscribersOf(t).contains(service))
        .findFirst()
        .orElseThrow();
  }

  private static String misrouted(SnaplifeService service) {
    EventType type =
        Arrays.stream(EventType.values())
            .filter(t -> !Routing.subscribersOf(t).contains(service))
            .findFirst()
            .orElseThrow(() -> new AssertionError(service + " consumes every event type"));
    String source = Routing.producersOf(type).iterator().next();
    return aws.asEventBridgeMessage(source, Events.envelope(Events.sample(type), source));
  }

  private static String eventBridgeMessage(String detailType, String source, String detail) {
    return "{\"version\":\"0\",\"id\":\""
        + UUID.randomUUID()
        + "\",\"detail-type\":\""
        + detailType
        + "\",\"source\":\""
        + source
        + "\",\"account\":\""
        + fleet.account
        + "\",\"time\":\""
        + Instant.now()
        + "\",\"region\":\"us-east-1\",\"resources\":[],\"detail\":"
        + detail
        + "}";
  }

  private static int deadLetterDepth() {
    return LifecycleFleet.SERVICES.stream().mapToInt(s -> depth(aws.deadLetterQueueUrl(s))).sum();
  }

  private static int depth(String queueUrl) {
    Map<QueueAttributeName, String> a =
        aws.sqs()
            .getQueueAttributes(
                b ->
                    b.queueUrl(queueUrl)
                        .attributeNames(
                            QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                            QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE))
            .attributes();
    return Integer.parseInt(a.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES))
        + Integer.parseInt(a.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE));
  }
}
