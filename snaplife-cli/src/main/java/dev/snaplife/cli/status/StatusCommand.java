package dev.snaplife.cli.status;

import dev.snaplife.cli.AwsCalls;
import dev.snaplife.cli.Output;
import dev.snaplife.cli.SnaplifeCli;
import dev.snaplife.contracts.ledger.LedgerTable;
import dev.snaplife.contracts.ledger.LifecycleEntry;
import dev.snaplife.contracts.routing.SnaplifeService;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** {@code snaplife status}. */
@Command(
    name = "status",
    mixinStandardHelpOptions = true,
    description = {
      "Where a snapshot or an archive stands in its lifecycle: every snapshot, share, copy, export, archive, verification and expiry of it, when each happened, its current state and the last failure.",
      "",
      "TARGET is a DB instance or cluster identifier (its most recent lifecycles), a snapshot identifier or ARN, or a lifecycle id (the 'Lifecycle:' line of every notification, the lifecycle id 'dlq show' prints). Read from the lifecycle ledger the notifier keeps as events happen (<environment>-notifier-service-ledger), so it works while every other service is down; while the notifier is down, it shows what was recorded until then.",
      "",
      "STATE per stage: IN_PROGRESS (requested, not ended: a copy, an archive dump), DONE, FAILED (with the reason, and whether a retry may help). The lifecycle is FAILED when a stage's latest fact is a failure, IN PROGRESS while a stage runs, EXPIRED once retention deleted it, OK otherwise."
    },
    footer = {
      "",
      "Examples:",
      "  snaplife status prod-orders                     # its 3 most recent lifecycles",
      "  snaplife status prod-orders --limit 10",
      "  snaplife status snaplife-production-daily-prod-orders-2026-12-06t0100",
      "  snaplife status 6f1c1d9e-0b7e-3a55-9a57-3c1f9a0c2f11 --json",
      "  snaplife status --watch prod-orders prod-billing   # follow them live; Ctrl-C ends",
      "",
      "Exit codes: 0 found; 1 nothing recorded for a target (after --watch: still nothing); 2 usage; 3 AWS unreachable or the ledger table missing."
    })
public final class StatusCommand implements Callable<Integer> {

  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);
  private static final DateTimeFormatter CLOCK =
      DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneOffset.UTC);

  @ParentCommand private SnaplifeCli root;
  @Spec private CommandSpec spec;

  @Parameters(
      arity = "1..*",
      paramLabel = "TARGET",
      description = "Database identifier, snapshot identifier or ARN, or lifecycle id.")
  private List<String> targets;

  @Option(
      names = "--limit",
      paramLabel = "N",
      defaultValue = "3",
      description =
          "Lifecycles per database, most recently active first (default ${DEFAULT-VALUE}).")
  private int limit;

  @Option(names = "--json", description = "Print JSON instead of tables.")
  private boolean json;

  @Option(
      names = "--watch",
      description = "Keep following: print each new fact as it is recorded, until Ctrl-C.")
  private boolean watch;

  @Option(
      names = "--interval",
      paramLabel = "DURATION",
      defaultValue = "PT2S",
      converter = DurationConverter.class,
      description = "With --watch: how often to look (default 2s; e.g. 5s, 1m).")
  private Duration interval;

  @Option(
      names = "--for",
      paramLabel = "DURATION",
      converter = DurationConverter.class,
      description = "With --watch: stop after this long (e.g. 10m); default: until Ctrl-C.")
  private @Nullable Duration watchFor;

  @Override
  public Integer call() {
    if (limit < 1) {
      throw new picocli.CommandLine.ParameterException(
          spec.commandLine(), "--limit must be at least 1");
    }
    var aws = root.aws();
    String table = root.names().serviceTable(SnaplifeService.NOTIFIER, LedgerTable.TABLE);
    try (DynamoDbClient dynamo = aws.dynamo()) {
      LedgerReader ledger =
          new LedgerReader(dynamo, table, new AwsCalls(root.names(), aws.describe()));
      return watch ? watch(ledger) : once(ledger);
    }
  }

  private int once(LedgerReader ledger) {
    PrintWriter out = spec.commandLine().getOut();
    Map<String, List<LifecycleStatus>> found = read(ledger);
    List<String> missing =
        found.entrySet().stream()
            .filter(e -> e.getValue().isEmpty())
            .map(Map.Entry::getKey)
            .toList();
    if (json) {
      Output.json(out, found);
    } else {
      found.values().forEach(statuses -> statuses.forEach(s -> print(out, s)));
      out.flush();
    }
    for (String target : missing) {
      spec.commandLine()
          .getErr()
          .println(
              "snaplife: nothing recorded for '"
                  + target
                  + "' in "
                  + root.names().serviceTable(SnaplifeService.NOTIFIER, LedgerTable.TABLE)
                  + " (no snapshot or archive of it yet, a typo, or another environment)");
    }
    return missing.isEmpty() ? 0 : SnaplifeCli.PROBLEM;
  }

  /**
   * Prints what is there, then each new fact as a line as it is recorded, and a lifecycle's state
   * when it changes. A target that has nothing yet is waited for: a database's first snapshot.
   */
  private int watch(LedgerReader ledger) {
    PrintWriter out = spec.commandLine().getOut();
    Instant until = watchFor == null ? Instant.MAX : Instant.now().plus(watchFor);
    Set<UUID> shown = new HashSet<>();
    Set<UUID> seenEvents = new HashSet<>();
    Map<UUID, LifecycleStatus.Overall> states = new HashMap<>();
    boolean first = true;
    while (true) {
      for (var target : read(ledger).entrySet()) {
        if (target.getValue().isEmpty() && first) {
          out.println("waiting for '" + target.getKey() + "' to appear in the ledger...");
        }
        for (LifecycleStatus status : target.getValue()) {
          if (shown.add(status.lifecycleId())) {
            print(out, status);
            status.entries().forEach(e -> seenEvents.add(e.eventId()));
            states.put(status.lifecycleId(), status.state());
            continue;
          }
          for (LifecycleEntry e : status.entries()) {
            if (seenEvents.add(e.eventId())) {
              out.println(line(e, status.database()));
            }
          }
          if (states.put(status.lifecycleId(), status.state()) != status.state()) {
            out.println(
                CLOCK.format(Instant.now())
                    + "  "
                    + status.database()
                    + "  lifecycle "
                    + status.lifecycleId()
                    + ": "
                    + status.summary());
          }
        }
      }
      out.flush();
      first = false;
      if (!Instant.now().plus(interval).isBefore(until)) {
        return shown.isEmpty() ? SnaplifeCli.PROBLEM : 0;
      }
      try {
        Thread.sleep(interval.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return 0;
      }
    }
  }

  private Map<String, List<LifecycleStatus>> read(LedgerReader ledger) {
    Map<String, List<LifecycleStatus>> found = new LinkedHashMap<>();
    for (String target : targets) {
      List<LifecycleStatus> statuses = new ArrayList<>();
      for (UUID id : ledger.lifecyclesOf(target, limit)) {
        List<LifecycleEntry> entries = ledger.entries(id);
        if (!entries.isEmpty()) {
          statuses.add(LifecycleStatus.of(id, entries));
        }
      }
      found.put(target, statuses);
    }
    return found;
  }

  private static void print(PrintWriter out, LifecycleStatus status) {
    out.println(
        "lifecycle "
            + status.lifecycleId()
            + "  database "
            + status.database()
            + (status.snapshot() == null ? "" : "  snapshot " + status.snapshot()));
    out.println("state     " + status.summary());
    String format = "  %-8s %-24s %-11s %-19s %8s %-8s %s%n";
    out.printf(format, "STAGE", "SUBJECT", "STATE", "AT (UTC)", "AFTER", "NOTIFIED", "DETAIL");
    for (LifecycleStatus.StageStatus stage : status.stages()) {
      LifecycleEntry latest = stage.latest();
      out.printf(
          format,
          stage.stage(),
          stage.subject().isBlank() ? "-" : stage.subject(),
          latest.state(),
          TIME.format(latest.occurredAt()),
          "+" + Output.age(status.startedAt(), latest.occurredAt()),
          Output.orDash(latest.notified()),
          latest.state() == LifecycleEntry.State.FAILED
              ? latest.failure() + " (" + latest.detail() + ")"
              : latest.detail());
    }
    LifecycleEntry failure = status.lastFailure();
    out.println(
        "last failure: "
            + (failure == null
                ? "none"
                : TIME.format(failure.occurredAt())
                    + " "
                    + failure.stage()
                    + (failure.subject().isBlank() ? "" : " " + failure.subject())
                    + ": "
                    + failure.failure()
                    + (Boolean.TRUE.equals(failure.retryable()) ? " (retryable)" : "")));
    out.println();
  }

  private static String line(LifecycleEntry e, String database) {
    return CLOCK.format(e.occurredAt())
        + "  "
        + database
        + "  "
        + e.stage()
        + (e.subject().isBlank() ? "" : " " + e.subject())
        + "  "
        + e.state()
        + "  "
        + (e.failure() == null ? e.detail() : e.failure() + " (" + e.detail() + ")");
  }
}
