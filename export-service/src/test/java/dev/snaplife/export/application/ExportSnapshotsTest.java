package dev.snaplife.export.application;

import static org.assertj.core.api.Assertions.assertThat;

import dev.snaplife.contracts.event.EventEnvelope;
import dev.snaplife.contracts.event.ExportCompleted;
import dev.snaplife.contracts.event.ExportFailed;
import dev.snaplife.contracts.event.SnapshotCreated;
import dev.snaplife.contracts.event.SnapshotOrigin;
import dev.snaplife.contracts.event.SnapshotRef;
import dev.snaplife.export.application.port.Catalogue;
import dev.snaplife.export.application.port.ExportJournal;
import dev.snaplife.export.application.port.RdsExports;
import dev.snaplife.export.application.port.Refused;
import dev.snaplife.export.domain.ExportRetention.CompletedExport;
import dev.snaplife.export.domain.ExportRule;
import dev.snaplife.export.domain.Location;
import dev.snaplife.platform.command.Command;
import dev.snaplife.platform.command.OutgoingCommand;
import dev.snaplife.platform.publish.OutgoingEvents;
import dev.snaplife.platform.testing.InMemorySlots;
import dev.snaplife.platform.testing.RecordingBus;
import dev.snaplife.platform.testing.TestFleet;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The export use cases with RDS, Glue and the journal in memory: slots and the wait, duplicates, a
 * task found started by an earlier delivery, and a late check that gives back a slot.
 */
class ExportSnapshotsTest {

  static final Location HOME = new Location("123456789012", "us-east-1");
  static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-06T01:00:00Z"), ZoneOffset.UTC);

  final InMemoryRds rds = new InMemoryRds();
  final InMemoryJournal journal = new InMemoryJournal();
  final InMemorySlots slots = new InMemorySlots();
  final RecordingBus bus = new RecordingBus();
  final ExportRules rules =
      new ExportRules(List.of(rule("lake", null)), "snaplife", 2, Duration.ofSeconds(30));
  final ExportOutcomes outcomes =
      new ExportOutcomes(rules, bus, new OutgoingEvents("snaplife.export-service", CLOCK));
  final CatalogueExports catalogue =
      new CatalogueExports(rules, new NoCatalogue(), journal, outcomes, bus);
  final ExportSnapshots exports =
      new ExportSnapshots(rules, rds, journal, slots, catalogue, outcomes, bus, CLOCK);

  @Test
  void aThirdExportWaitsForASlotAndStartsWhenOneEnds() {
    exports.onCreated(created("orders-1"));
    exports.onCreated(created("orders-2"));
    exports.onCreated(created("orders-3"));

    assertThat(rds.tasks).hasSize(2);
    assertThat(slots.waiting(HOME.toString())).hasSize(1);

    String first = rds.tasks.keySet().iterator().next();
    rds.finish(first, "COMPLETE", null);
    exports.onExportEvent(HOME, rds.tasks.get(first).sourceArn(), "RDS-EVENT-0161");

    assertThat(bus.published(ExportCompleted.class)).hasSize(1);
    OutgoingCommand wake = bus.commands(ExportSnapshots.WAKE).getLast();
    assertThat(wake.delay()).isZero();
    exports.wake(command(wake, ExportSnapshots.Wake.class));
    assertThat(rds.tasks).hasSize(3);
    assertThat(slots.waiting(HOME.toString())).isEmpty();
    assertThat(slots.holders(HOME.toString())).hasSize(2);
  }

  @Test
  void theSameSnapshotReportedAgainStartsNoSecondExport() {
    exports.onCreated(created("orders-1"));
    exports.onCreated(created("orders-1"));

    assertThat(rds.starts).isEqualTo(1);
  }

  @Test
  void aTaskStartedByAnEarlierDeliveryIsAdoptedWhenItExportsThisSnapshot() {
    EventEnvelope<SnapshotCreated> event = created("orders-1");
    exports.onCreated(event);
    journal.records.clear(); // the delivery stopped before it recorded the export
    slots.release(HOME.toString(), rds.tasks.keySet().iterator().next());

    exports.onCreated(event);

    assertThat(rds.starts).isEqualTo(2);
    assertThat(rds.tasks).hasSize(1);
    assertThat(journal.records.values())
        .singleElement()
        .extracting(ExportJournal.ExportRecord::status)
        .isEqualTo(ExportJournal.Status.EXPORTING);
    assertThat(bus.published(ExportFailed.class)).isEmpty();
  }

  @Test
  void anExportLimitRefusalFromRdsWaitsInsteadOfFailing() {
    rds.refuseNext = new Refused("ExportTaskLimitReached", "five running", true);

    exports.onCreated(created("orders-1"));

    assertThat(slots.waiting(HOME.toString())).hasSize(1);
    assertThat(slots.holders(HOME.toString())).isEmpty();
    assertThat(bus.published(ExportFailed.class)).isEmpty();
  }

  @Test
  void theUpkeepWakesWaitingExportsWhenSlotsAreFree() {
    rds.refuseNext = new Refused("ExportTaskLimitReached", "five running", true);
    exports.onCreated(created("orders-1"));
    assertThat(bus.commands(ExportSnapshots.WAKE)).isEmpty();

    exports.reconcile(HOME, CLOCK.instant());

    OutgoingCommand wake = bus.commands(ExportSnapshots.WAKE).getLast();
    exports.wake(command(wake, ExportSnapshots.Wake.class));
    assertThat(rds.tasks).hasSize(1);
    assertThat(slots.waiting(HOME.toString())).isEmpty();
  }

  @Test
  void aFailedTaskIsReportedWithItsCauseAndGivesBackItsSlot() {
    exports.onCreated(created("orders-1"));
    String task = rds.tasks.keySet().iterator().next();
    rds.finish(task, "FAILED", "S3 bucket is in another region");

    exports.check(task);

    ExportFailed failed = bus.published(ExportFailed.class).getFirst();
    assertThat(failed.step()).isEqualTo(ExportFailed.Step.EXPORT);
    assertThat(failed.failure().reason()).contains("S3 bucket is in another region");
    assertThat(slots.holders(HOME.toString())).isEmpty();
  }

  @Test
  void aLateCheckOfAnEndedExportGivesBackTheSlotItStillHolds() {
    exports.onCreated(created("orders-1"));
    String task = rds.tasks.keySet().iterator().next();
    rds.finish(task, "COMPLETE", null);
    exports.check(task);
    slots.acquire(HOME.toString(), task, 2); // a crash between completing and releasing

    exports.check(task);

    assertThat(slots.holders(HOME.toString())).isEmpty();
    assertThat(bus.published(ExportCompleted.class)).hasSize(1);
  }

  // --- fixtures ---

  static ExportRule rule(String name, ExportRule.Catalogue glue) {
    return new ExportRule(
        name,
        HOME,
        Set.of("daily"),
        null,
        Map.of(),
        Set.of(SnapshotOrigin.SNAPLIFE),
        false,
        "exports",
        "exports/",
        "arn:aws:iam::123456789012:role/export",
        "alias/snaplife",
        List.of(),
        glue,
        null);
  }

  static EventEnvelope<SnapshotCreated> created(String id) {
    SnapshotRef ref =
        TestFleet.instanceSnapshot(
            id, "orders", HOME.accountId(), HOME.region(), "alias/snaplife", CLOCK.instant());
    return EventEnvelope.of(
        UUID.randomUUID(),
        CLOCK.instant(),
        UUID.randomUUID(),
        null,
        "snaplife.snapshot-service",
        new SnapshotCreated(ref, "daily", SnapshotOrigin.SNAPLIFE, null, CLOCK.instant(), 7));
  }

  static <T> Command<T> command(OutgoingCommand sent, Class<T> type) {
    return RecordingBus.received(sent, type, CLOCK.instant());
  }

  /** RDS's export tasks in memory. */
  static final class InMemoryRds implements RdsExports {
    final Map<String, ExportTask> tasks = new LinkedHashMap<>();
    int starts;
    Refused refuseNext;

    @Override
    public ExportTask start(Location at, StartRequest request) {
      starts++;
      if (refuseNext != null) {
        Refused refused = refuseNext;
        refuseNext = null;
        throw refused;
      }
      if (tasks.containsKey(request.taskId())) {
        throw new AlreadyExists(request.taskId());
      }
      ExportTask task =
          new ExportTask(
              request.taskId(),
              request.sourceArn(),
              "STARTING",
              request.bucket(),
              request.prefix(),
              null,
              null);
      tasks.put(request.taskId(), task);
      return task;
    }

    void finish(String taskId, String status, String cause) {
      ExportTask t = tasks.get(taskId);
      tasks.put(
          taskId,
          new ExportTask(t.taskId(), t.sourceArn(), status, t.bucket(), t.prefix(), cause, 1));
    }

    @Override
    public Optional<ExportTask> find(Location at, String taskId) {
      return Optional.ofNullable(tasks.get(taskId));
    }

    @Override
    public Map<String, String> tags(Location at, String snapshotArn) {
      return Map.of();
    }
  }

  /** The journal in memory. */
  static final class InMemoryJournal implements ExportJournal {
    final Map<String, ExportRecord> records = new HashMap<>();
    final Map<String, List<CompletedExport>> completed = new HashMap<>();
    final Set<String> cataloguing = new TreeSet<>();

    @Override
    public Optional<ExportRecord> find(String taskId) {
      return Optional.ofNullable(records.get(taskId));
    }

    @Override
    public void save(ExportRecord record) {
      records.put(record.taskId(), record);
    }

    @Override
    public void addCompleted(String rule, String source, CompletedExport export) {
      completed.computeIfAbsent(rule + "/" + source, k -> new ArrayList<>()).add(export);
    }

    @Override
    public void removeCompleted(String rule, String source, String taskId) {
      completed
          .getOrDefault(rule + "/" + source, new ArrayList<>())
          .removeIf(e -> e.taskId().equals(taskId));
    }

    @Override
    public List<CompletedExport> completed(String rule, String source) {
      return List.copyOf(completed.getOrDefault(rule + "/" + source, List.of()));
    }

    @Override
    public Set<String> sources(String rule) {
      Set<String> sources = new TreeSet<>();
      completed.keySet().stream()
          .filter(k -> k.startsWith(rule + "/"))
          .forEach(k -> sources.add(k.substring(rule.length() + 1)));
      return sources;
    }

    @Override
    public void addCataloguing(String taskId) {
      cataloguing.add(taskId);
    }

    @Override
    public void removeCataloguing(String taskId) {
      cataloguing.remove(taskId);
    }

    @Override
    public Set<String> cataloguing() {
      return Set.copyOf(cataloguing);
    }
  }

  /** These rules catalogue nothing: any Glue call is a mistake. */
  static final class NoCatalogue implements Catalogue {
    @Override
    public void ensureDatabase(Location at, String database, String description) {
      throw new AssertionError("no Glue");
    }

    @Override
    public CrawlerState ensureCrawler(Location at, CrawlerSpec spec) {
      throw new AssertionError("no Glue");
    }

    @Override
    public boolean startCrawl(Location at, String crawler) {
      throw new AssertionError("no Glue");
    }

    @Override
    public CrawlerState state(Location at, String crawler) {
      throw new AssertionError("no Glue");
    }

    @Override
    public List<String> tablesUnder(Location at, String database, String s3Folder) {
      throw new AssertionError("no Glue");
    }
  }
}
