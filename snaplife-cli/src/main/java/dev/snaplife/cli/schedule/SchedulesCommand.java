package dev.snaplife.cli.schedule;

import dev.snaplife.cli.AwsCalls;
import dev.snaplife.cli.AwsConnection;
import dev.snaplife.cli.Output;
import dev.snaplife.cli.SnaplifeCli;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Function;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import software.amazon.awssdk.services.scheduler.SchedulerClient;

/** {@code snaplife schedules}. */
@Command(
    name = "schedules",
    mixinStandardHelpOptions = true,
    description = {
      "The environment's EventBridge Scheduler schedules (its schedule group, named like the environment) and when each fires next.",
      "",
      "Two kinds: timers, created by provisioning (<service>-<timer>, e.g. snapshot-service-rpo-watch), and policies' schedules, reconciled by the services at start (backup-<policy> by snapshot-service, archive-<policy> by archive-service). Per schedule: its state (a DISABLED schedule never fires), its expression and time zone, the next firing in UTC computed from the expression (rate(...) counts from the schedule's start date, else its creation), what each firing sends (the detail-type, the timer and the policy it names) and where (a queue, or a bus).",
      "",
      "Read-only. To run a policy now instead of waiting: 'snaplife backup run POLICY' or 'snaplife archive run POLICY'."
    },
    footer = {
      "",
      "Examples:",
      "  snaplife schedules",
      "  snaplife schedules --json | jq -r '.[] | select(.state != \"ENABLED\") | .name'",
      "",
      "Exit code 3 when the schedule group does not exist: the environment is not provisioned there."
    })
public final class SchedulesCommand implements Callable<Integer> {

  @ParentCommand private SnaplifeCli root;
  @Spec private CommandSpec spec;

  @Option(names = "--json", description = "Print JSON instead of a table.")
  private boolean json;

  @Override
  public Integer call() {
    return withSchedules(
        schedules -> {
          Instant now = Instant.now();
          List<ScheduleView> views = schedules.list(now);
          PrintWriter out = spec.commandLine().getOut();
          if (json) {
            Output.json(out, views);
          } else {
            print(out, schedules.group(), views, now);
          }
          return 0;
        });
  }

  private int withSchedules(Function<EnvironmentSchedules, Integer> work) {
    var names = root.names();
    AwsConnection aws = root.aws();
    try (SchedulerClient scheduler = aws.scheduler()) {
      return work.apply(new EnvironmentSchedules(scheduler, new AwsCalls(names, aws.describe())));
    }
  }

  static void print(PrintWriter out, String group, List<ScheduleView> views, Instant now) {
    out.printf("schedule group %s: %d schedule(s)%n", group, views.size());
    if (views.isEmpty()) {
      out.flush();
      return;
    }
    String[] header = {
      "NAME", "STATE", "EXPRESSION", "TIMEZONE", "NEXT (UTC)", "IN", "SENDS", "TO"
    };
    List<String[]> rows =
        views.stream()
            .map(
                v ->
                    new String[] {
                      v.name(),
                      v.state(),
                      v.expression(),
                      v.timezone(),
                      v.nextFireTime() != null ? v.nextFireTime().toString() : "-",
                      v.nextFireTime() != null ? until(now, v.nextFireTime()) : v.nextFireNote(),
                      v.sends(),
                      v.target()
                    })
            .toList();
    int[] widths = new int[header.length];
    for (int i = 0; i < header.length; i++) {
      widths[i] = header[i].length();
      for (String[] row : rows) {
        widths[i] = Math.max(widths[i], row[i].length());
      }
    }
    line(out, header, widths);
    rows.forEach(row -> line(out, row, widths));
    out.flush();
  }

  private static void line(PrintWriter out, String[] cells, int[] widths) {
    StringBuilder line = new StringBuilder();
    for (int i = 0; i < cells.length; i++) {
      line.append(
          i == cells.length - 1 ? cells[i] : String.format("%-" + widths[i] + "s  ", cells[i]));
    }
    out.println(line.toString().stripTrailing());
  }

  /** "in 3d 4h", "in 2h 05m", "in 4m 10s", "in 12s". */
  static String until(Instant now, Instant next) {
    Duration d = Duration.between(now, next);
    if (d.isNegative()) {
      d = Duration.ZERO;
    }
    if (d.toDays() > 0) {
      return "in " + d.toDays() + "d " + d.toHoursPart() + "h";
    }
    if (d.toHours() > 0) {
      return String.format("in %dh %02dm", d.toHours(), d.toMinutesPart());
    }
    if (d.toMinutes() > 0) {
      return String.format("in %dm %02ds", d.toMinutes(), d.toSecondsPart());
    }
    return "in " + d.toSeconds() + "s";
  }
}
