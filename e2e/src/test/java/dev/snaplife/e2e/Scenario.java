package dev.snaplife.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.snaplife.contracts.event.ArchiveExpired;
import dev.snaplife.contracts.event.ArchiveRequested;
import dev.snaplife.contracts.event.ArchiveVerified;
import dev.snaplife.contracts.event.ArchiveWritten;
import dev.snaplife.contracts.event.BackupRequested;
import dev.snaplife.contracts.event.EventEnvelope;
import dev.snaplife.contracts.event.ExportCompleted;
import dev.snaplife.contracts.event.SnaplifeEvent;
import dev.snaplife.contracts.event.SnapshotCopied;
import dev.snaplife.contracts.event.SnapshotCreated;
import dev.snaplife.contracts.event.SnapshotDeleted;
import dev.snaplife.contracts.event.SnapshotShared;
import dev.snaplife.contracts.routing.SnaplifeService;
import dev.snaplife.platform.testing.Benchmarks;
import dev.snaplife.platform.testing.Events;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.DBSnapshot;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * One scenario's own databases (a name prefix of its own), the runs it requests, and what it
 * observed of them: whether every lifecycle completed, whether anything happened twice, and its
 * figures.
 */
final class Scenario {

  final String name;
  final LifecycleFleet fleet;
  final LifecycleRecorder recorder;
  final List<String> databases;
  final String archiveInstance;
  final String archiveDatabase;
  final long startedNanos = System.nanoTime();
  private final Map<String, Long> callsBefore;
  private final Map<String, Long> attemptsBefore;
  private final List<EventEnvelope<BackupRequested>> backupRuns = new ArrayList<>();
  private final List<EventEnvelope<ArchiveRequested>> archiveRuns = new ArrayList<>();
  private final String archiveSecretArn;
  private Instant upkeepFiredAt;
  final Map<String, String> extraFigures = new LinkedHashMap<>();

  Scenario(String name, int databases, LifecycleFleet fleet, LifecycleRecorder recorder) {
    this(name, databases, 5000, fleet, recorder);
  }

  /** With an archived database of the given number of rows (about 100 bytes each). */
  Scenario(
      String name,
      int databases,
      int archiveRows,
      LifecycleFleet fleet,
      LifecycleRecorder recorder) {
    this.name = name;
    this.fleet = fleet;
    this.recorder = recorder;
    this.databases =
        IntStream.rangeClosed(1, databases)
            .mapToObj(i -> String.format("%s-%s-db%d", fleet.env, name, i))
            .toList();
    this.archiveInstance = fleet.env + "-" + name + "-arch";
    this.archiveDatabase = (fleet.env + "_" + name).replace('-', '_').toLowerCase();
    this.callsBefore = fleet.calls();
    this.attemptsBefore = fleet.attempts();
    fleet.instances(this.databases);
    this.archiveSecretArn = fleet.archivedDatabase(archiveInstance, archiveDatabase, archiveRows);
  }

  /** The scheduler's request to run the suite's policy over this scenario's databases. */
  EventEnvelope<BackupRequested> requestBackup(Instant scheduledTime) {
    EventEnvelope<BackupRequested> request =
        Events.envelope(
            new BackupRequested(LifecycleFleet.POLICY, scheduledTime, databases, false),
            SnaplifeService.SCHEDULER_SOURCE);
    backupRuns.add(request);
    fleet.aws.publishAs(SnaplifeService.SCHEDULER_SOURCE, request);
    return request;
  }

  /** The request to archive this scenario's database, kept the given number of days. */
  EventEnvelope<ArchiveRequested> requestArchive(Instant scheduledTime, Integer retentionDays) {
    EventEnvelope<ArchiveRequested> request =
        Events.envelope(
            new ArchiveRequested(
                LifecycleFleet.POLICY,
                archiveInstance,
                "postgres",
                archiveDatabase,
                archiveSecretArn,
                scheduledTime,
                null,
                retentionDays),
            SnaplifeService.SCHEDULER_SOURCE);
    archiveRuns.add(request);
    fleet.aws.publishAs(SnaplifeService.SCHEDULER_SOURCE, request);
    return request;
  }

  /** The archive service's hourly upkeep, fired now as its schedule would. */
  void fireArchiveUpkeep() {
    upkeepFiredAt = Instant.now();
    fleet.aws.fireTimer(
        SnaplifeService.ARCHIVE,
        dev.snaplife.contracts.routing.Routing.ARCHIVE_UPKEEP.name(),
        upkeepFiredAt,
        null);
  }

  private Duration finishedIn;

  /** How long the scenario took, from its databases' creation to its figures. */
  Duration finishedIn() {
    return finishedIn == null ? Duration.ofNanos(System.nanoTime() - startedNanos) : finishedIn;
  }

  // --- what was observed

  private boolean ours(String database) {
    return databases.contains(database);
  }

  @SuppressWarnings("unchecked")
  private <E extends SnaplifeEvent> List<EventEnvelope<E>> of(
      List<EventEnvelope<?>> all, Class<E> type, Function<E, String> database) {
    List<EventEnvelope<E>> matching = new ArrayList<>();
    Set<java.util.UUID> seen = new HashSet<>();
    for (EventEnvelope<?> e : all) {
      // A redelivered or re-published event (same id) is one event.
      if (type.isInstance(e.data())
          && database.apply((E) e.data()).equals(keyOf(e))
          && seen.add(e.eventId())) {
        matching.add((EventEnvelope<E>) e);
      }
    }
    return matching;
  }

  /** Events about this scenario's resources only. */
  private String keyOf(EventEnvelope<?> e) {
    return switch (e.data()) {
      case SnapshotCreated c when ours(c.snapshot().sourceIdentifier()) ->
          c.snapshot().sourceIdentifier();
      case SnapshotShared c when ours(c.snapshot().sourceIdentifier()) ->
          c.snapshot().sourceIdentifier();
      case SnapshotCopied c when ours(c.source().sourceIdentifier()) ->
          c.source().sourceIdentifier();
      case ExportCompleted c when ours(c.snapshot().sourceIdentifier()) ->
          c.snapshot().sourceIdentifier();
      case SnapshotDeleted c when ours(c.snapshot().sourceIdentifier()) ->
          c.snapshot().sourceIdentifier();
      case ArchiveWritten c when c.databaseIdentifier().equals(archiveInstance) -> archiveInstance;
      case ArchiveVerified c when c.databaseIdentifier().equals(archiveInstance) -> archiveInstance;
      case ArchiveExpired c when c.databaseIdentifier().equals(archiveInstance) -> archiveInstance;
      default -> "";
    };
  }

  /** Failure events about this scenario's databases: none is expected in any scenario. */
  List<String> failures() {
    List<String> ours = new ArrayList<>(databases);
    ours.add(archiveInstance);
    return recorder.events().stream()
        .filter(e -> e.eventType().endsWith("Failed"))
        .filter(e -> ours.stream().anyMatch(db -> e.data().toString().contains(db)))
        .map(e -> e.eventType() + " " + e.data())
        .distinct()
        .toList();
  }

  /** What the recorder holds about this scenario, each fact with the ids it was published under. */
  Observed observe() {
    List<EventEnvelope<?>> all = recorder.events();
    return new Observed(
        of(all, SnapshotCreated.class, c -> c.snapshot().sourceIdentifier()),
        of(all, SnapshotShared.class, c -> c.snapshot().sourceIdentifier()),
        of(all, SnapshotCopied.class, c -> c.source().sourceIdentifier()),
        of(all, ExportCompleted.class, c -> c.snapshot().sourceIdentifier()),
        of(all, SnapshotDeleted.class, c -> c.snapshot().sourceIdentifier()),
        of(all, ArchiveWritten.class, ArchiveWritten::databaseIdentifier),
        of(all, ArchiveVerified.class, ArchiveVerified::databaseIdentifier),
        of(all, ArchiveExpired.class, ArchiveExpired::databaseIdentifier),
        recorder.notificationsPerEvent(),
        recorder.notifications());
  }

  record Observed(
      List<EventEnvelope<SnapshotCreated>> created,
      List<EventEnvelope<SnapshotShared>> shared,
      List<EventEnvelope<SnapshotCopied>> copied,
      List<EventEnvelope<ExportCompleted>> exported,
      List<EventEnvelope<SnapshotDeleted>> deleted,
      List<EventEnvelope<ArchiveWritten>> written,
      List<EventEnvelope<ArchiveVerified>> verified,
      List<EventEnvelope<ArchiveExpired>> expired,
      Map<String, Long> notificationsPerEvent,
      List<LifecycleRecorder.Notification> notifications) {

    /** Distinct facts: one per key, whatever the number of deliveries or ids. */
    static <E extends SnaplifeEvent> Map<String, Set<String>> idsByFact(
        List<EventEnvelope<E>> events, Function<E, String> fact) {
      Map<String, Set<String>> ids = new TreeMap<>();
      events.forEach(
          e ->
              ids.computeIfAbsent(fact.apply(e.data()), k -> new HashSet<>())
                  .add(e.eventId().toString()));
      return ids;
    }

    Map<String, Set<String>> createdFacts() {
      return idsByFact(created, c -> c.snapshot().snapshotArn());
    }

    Map<String, Set<String>> sharedFacts() {
      return idsByFact(shared, c -> c.snapshot().snapshotArn());
    }

    Map<String, Set<String>> copiedFacts() {
      return idsByFact(
          copied,
          c -> c.source().snapshotArn() + " -> " + c.copy().accountId() + "/" + c.copy().region());
    }

    Map<String, Set<String>> exportedFacts() {
      return idsByFact(exported, c -> c.snapshot().snapshotArn());
    }

    Map<String, Set<String>> deletedFacts() {
      return idsByFact(deleted, c -> c.snapshot().snapshotArn());
    }

    Map<String, Set<String>> writtenFacts() {
      return idsByFact(written, c -> c.location().key());
    }

    Map<String, Set<String>> verifiedFacts() {
      return idsByFact(verified, c -> c.location().key());
    }

    Map<String, Set<String>> expiredFacts() {
      return idsByFact(expired, c -> c.location().key());
    }

    /** Every outcome's event ids: each must reach SNS. */
    Set<String> outcomeIds() {
      Set<String> ids = new HashSet<>();
      List.of(
              createdFacts(),
              sharedFacts(),
              copiedFacts(),
              exportedFacts(),
              deletedFacts(),
              writtenFacts(),
              verifiedFacts(),
              expiredFacts())
          .forEach(m -> m.values().forEach(ids::addAll));
      return ids;
    }

    boolean allNotified() {
      return outcomeIds().stream().allMatch(notificationsPerEvent::containsKey);
    }
  }

  /**
   * Whether every lifecycle requested so far ended: each database's snapshot of each run created,
   * shared, copied to both destinations and exported; the archive written and verified; and each of
   * those outcomes notified.
   */
  boolean complete(Observed o, int expectedDeletions, int expectedExpiries) {
    int snapshots = databases.size() * backupRuns.size();
    return o.createdFacts().size() == snapshots
        && o.sharedFacts().size() == snapshots
        && o.copiedFacts().size() == 2 * snapshots
        && o.exportedFacts().size() == snapshots
        && o.deletedFacts().size() == expectedDeletions
        && o.writtenFacts().size() == archiveRuns.size()
        && o.verifiedFacts().size() == archiveRuns.size()
        && o.expiredFacts().size() == expectedExpiries
        && o.allNotified();
  }

  String progress(Observed o) {
    return String.format(
        "%s: created %d, shared %d, copied %d, exported %d, deleted %d, written %d, verified %d,"
            + " expired %d, outcomes %d of which notified %d",
        name,
        o.createdFacts().size(),
        o.sharedFacts().size(),
        o.copiedFacts().size(),
        o.exportedFacts().size(),
        o.deletedFacts().size(),
        o.writtenFacts().size(),
        o.verifiedFacts().size(),
        o.expiredFacts().size(),
        o.outcomeIds().size(),
        o.outcomeIds().stream().filter(o.notificationsPerEvent()::containsKey).count());
  }

  /** Waits until every lifecycle requested so far has ended; returns what was observed. */
  Observed awaitComplete(Duration limit, int expectedDeletions, int expectedExpiries) {
    Observed[] last = new Observed[1];
    try {
      LifecycleFleet.within(
          limit,
          "the lifecycles of " + name + " to complete",
          () -> {
            last[0] = observe();
            List<String> failures = failures();
            if (!failures.isEmpty()) {
              throw new IllegalStateException(
                  name + ": a lifecycle failed: " + failures + "; " + progress(last[0]));
            }
            return complete(last[0], expectedDeletions, expectedExpiries);
          });
    } catch (org.awaitility.core.ConditionTimeoutException e) {
      throw new AssertionError(
          "not every lifecycle ended: "
              + (last[0] == null ? "nothing observed" : progress(last[0])),
          e);
    }
    return last[0];
  }

  /**
   * Nothing duplicated: each fact published under one event id; each outcome sent to SNS once; and
   * AWS holds exactly one snapshot per database and run, one copy per destination, one export task
   * per snapshot, one archive object per run (those not expired).
   */
  void assertNothingLostNorDuplicated(Observed o, S3Client s3) {
    for (var facts :
        List.of(
            o.createdFacts(),
            o.sharedFacts(),
            o.copiedFacts(),
            o.exportedFacts(),
            o.deletedFacts(),
            o.writtenFacts(),
            o.verifiedFacts(),
            o.expiredFacts())) {
      assertThat(facts).allSatisfy((fact, ids) -> assertThat(ids).as(fact).hasSize(1));
    }
    for (String id : o.outcomeIds()) {
      assertThat(o.notificationsPerEvent().get(id))
          .as("SNS messages about event " + id)
          .isEqualTo(1);
    }
    // Each run's snapshot of each database, once.
    for (String db : databases) {
      Set<String> runsOfDb =
          o.created().stream()
              .filter(c -> c.data().snapshot().sourceIdentifier().equals(db))
              .map(c -> String.valueOf(c.data().scheduledTime()))
              .collect(Collectors.toSet());
      assertThat(runsOfDb).as("runs that snapshotted " + db).hasSize(backupRuns.size());
    }
    Set<String> deletedArns = o.deletedFacts().keySet();
    for (String db : databases) {
      Set<String> expected =
          o.created().stream()
              .map(c -> c.data().snapshot())
              .filter(s -> s.sourceIdentifier().equals(db))
              .filter(s -> !deletedArns.contains(s.snapshotArn()))
              .map(s -> s.snapshotIdentifier())
              .collect(Collectors.toSet());
      assertThat(manualSnapshotsOf(fleet.rds, db))
          .as("snapshots of " + db)
          .containsExactlyInAnyOrderElementsOf(expected);
      Set<String> allCreated =
          o.created().stream()
              .map(c -> c.data().snapshot())
              .filter(s -> s.sourceIdentifier().equals(db))
              .map(s -> s.snapshotIdentifier())
              .collect(Collectors.toSet());
      assertThat(manualSnapshotsOf(fleet.rdsEu, db))
          .as("copies of " + db + " in eu-west-1")
          .containsExactlyInAnyOrderElementsOf(allCreated);
      assertThat(manualSnapshotsOf(fleet.rdsDr, db))
          .as("copies of " + db + " in " + LifecycleFleet.DR)
          .containsExactlyInAnyOrderElementsOf(allCreated);
    }
    for (String arn : o.createdFacts().keySet()) {
      long tasks =
          fleet.rds.describeExportTasks(b -> b.sourceArn(arn)).exportTasks().stream()
              .filter(t -> t.sourceArn().equals(arn))
              .count();
      assertThat(tasks).as("export tasks of " + arn).isEqualTo(1);
    }
    Set<String> expiredKeys = o.expiredFacts().keySet();
    Set<String> keptKeys = new HashSet<>(o.writtenFacts().keySet());
    keptKeys.removeAll(expiredKeys);
    for (EventEnvelope<ArchiveWritten> w : o.written()) {
      String key = w.data().location().key();
      String folder = key.substring(0, key.lastIndexOf('/') + 1);
      List<String> objects =
          s3
              .listObjectsV2(b -> b.bucket(w.data().location().bucket()).prefix(folder))
              .contents()
              .stream()
              .map(software.amazon.awssdk.services.s3.model.S3Object::key)
              .toList();
      assertThat(objects)
          .as("archive objects of " + archiveInstance)
          .containsExactlyInAnyOrderElementsOf(keptKeys);
    }
  }

  /** Manual snapshots whose identifier is the policy's name for the database (or its copies). */
  static List<String> manualSnapshotsOf(RdsClient rds, String database) {
    String prefix = "snaplife-" + database + "-";
    return rds.describeDBSnapshotsPaginator(b -> b.snapshotType("manual")).dbSnapshots().stream()
        .map(DBSnapshot::dbSnapshotIdentifier)
        .filter(id -> id.startsWith(prefix))
        .toList();
  }

  // --- figures

  /** Latency of each stage (p50/p99), calls per lifecycle, and the scenario's own figures. */
  String figures(Observed o) {
    Map<String, List<Long>> stages = new LinkedHashMap<>();
    Map<String, Instant> requestedAt = new TreeMap<>();
    backupRuns.forEach(r -> requestedAt.put(r.data().scheduledTime().toString(), r.occurredAt()));
    Map<String, Instant> createdAt = new TreeMap<>();
    for (var c : o.created()) {
      createdAt.putIfAbsent(c.data().snapshot().snapshotArn(), c.occurredAt());
      Instant asked = requestedAt.get(String.valueOf(c.data().scheduledTime()));
      if (asked != null) {
        add(stages, "BackupRequested → SnapshotCreated", asked, c.occurredAt());
      }
    }
    for (var s : o.shared()) {
      add(
          stages,
          "SnapshotCreated → SnapshotShared",
          createdAt.get(s.data().snapshot().snapshotArn()),
          s.occurredAt());
    }
    for (var s : o.copied()) {
      add(
          stages,
          "SnapshotCreated → SnapshotCopied",
          createdAt.get(s.data().source().snapshotArn()),
          s.occurredAt());
    }
    for (var s : o.exported()) {
      add(
          stages,
          "SnapshotCreated → ExportCompleted",
          createdAt.get(s.data().snapshot().snapshotArn()),
          s.occurredAt());
    }
    Map<String, Instant> archiveAsked = new TreeMap<>();
    archiveRuns.forEach(r -> archiveAsked.put(r.data().scheduledTime().toString(), r.occurredAt()));
    Map<String, Instant> writtenAt = new TreeMap<>();
    for (var w : o.written()) {
      writtenAt.putIfAbsent(w.data().location().key(), w.occurredAt());
      Instant scheduled = w.data().expiresAt().minus(Duration.ofDays(w.data().retentionDays()));
      add(
          stages,
          "ArchiveRequested → ArchiveWritten",
          archiveAsked.get(scheduled.toString()),
          w.occurredAt());
    }
    for (var v : o.verified()) {
      add(
          stages,
          "ArchiveWritten → ArchiveVerified",
          writtenAt.get(v.data().location().key()),
          v.occurredAt());
    }
    for (var d : o.deleted()) {
      Instant run =
          backupRuns.stream()
              .map(EventEnvelope::occurredAt)
              .filter(at -> at.isBefore(d.occurredAt()))
              .max(Instant::compareTo)
              .orElse(null);
      add(stages, "BackupRequested → SnapshotDeleted", run, d.occurredAt());
    }
    for (var x : o.expired()) {
      add(stages, "archive upkeep fired → ArchiveExpired", upkeepFiredAt, x.occurredAt());
    }
    Map<String, Instant> occurred = new TreeMap<>();
    List.of(
            o.created(),
            o.shared(),
            o.copied(),
            o.exported(),
            o.deleted(),
            o.written(),
            o.verified(),
            o.expired())
        .forEach(l -> l.forEach(e -> occurred.putIfAbsent(e.eventId().toString(), e.occurredAt())));
    for (var n : o.notifications()) {
      if (n.eventId() != null && occurred.containsKey(n.eventId())) {
        add(stages, "outcome → SNS message", occurred.get(n.eventId()), n.at());
      }
    }
    int lifecycles = o.createdFacts().size() + o.writtenFacts().size();
    Calls calls = Calls.between(callsBefore, fleet.calls());
    Calls attempts = Calls.between(attemptsBefore, fleet.attempts());
    Calls work = calls.withoutPolls();
    finishedIn = Duration.ofNanos(System.nanoTime() - startedNanos);
    StringBuilder text = new StringBuilder();
    text.append(
        String.format(
            "%n[e2e %s] %d lifecycles (%d snapshots, %d archives) in %.1f s%n",
            name,
            lifecycles,
            o.createdFacts().size(),
            o.writtenFacts().size(),
            (System.nanoTime() - startedNanos) / 1e9));
    stages.forEach(
        (stage, values) -> {
          List<Long> sorted = values.stream().sorted().toList();
          text.append(
              String.format(
                  "  %-36s p50 %6d ms  p99 %6d ms  (n=%d)%n",
                  stage,
                  Benchmarks.percentile(sorted, 50),
                  Benchmarks.percentile(sorted, 99),
                  sorted.size()));
        });
    text.append(
        String.format(
            "  AWS calls per lifecycle (without SQS ReceiveMessage): %.1f (%d calls: %s)%n",
            lifecycles == 0 ? 0.0 : (double) work.total() / lifecycles, work.total(), work));
    text.append(String.format("  AWS attempts (all services, polls included): %s%n", attempts));
    text.append(
        String.format(
            "  SNS messages: %d about events, %d others (digests, alarms)%n",
            o.notifications().stream()
                .filter(n -> n.eventId() != null && occurred.containsKey(n.eventId()))
                .count(),
            o.notifications().stream().filter(n -> n.eventId() == null).count()));
    extraFigures.forEach((k, v) -> text.append(String.format("  %s: %s%n", k, v)));
    return text.toString();
  }

  private static void add(Map<String, List<Long>> stages, String stage, Instant from, Instant to) {
    if (from != null && to != null) {
      stages
          .computeIfAbsent(stage, k -> new ArrayList<>())
          .add(Duration.between(from, to).toMillis());
    }
  }
}
