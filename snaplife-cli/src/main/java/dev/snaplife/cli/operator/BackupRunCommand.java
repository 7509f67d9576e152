package dev.snaplife.cli.operator;

import dev.snaplife.cli.SnaplifeCli;
import dev.snaplife.contracts.event.BackupRequested;
import dev.snaplife.contracts.event.EventEnvelope;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code snaplife backup run <policy>}. */
@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    description = {
      "Requests a run of a backup policy now: publishes BackupRequested on the environment's bus (source snaplife.operator), which snapshot-service and the notifier receive.",
      "",
      "The policy must be one snapshot-service runs: it publishes its policies (item 'policies' of its state table) at every start, and a name not among them is refused, listing the known ones, with nothing sent. When it never published them (never started here), the request goes out unchecked, with a warning.",
      "",
      "Safe to repeat: snapshot names derive from the policy, the database and the scheduled time, so a second request for the same scheduled time (by default: this hour) takes nothing new. To take fresh snapshots, pass a later --scheduled-time. --dry-run makes snapshot-service report what the run would create and delete, and change nothing."
    },
    footer = {
      "",
      "Examples:",
      "  snaplife backup run production-daily",
      "  snaplife backup run production-daily --dry-run",
      "  snaplife backup run production-daily --database prod-orders  # repeat for more",
      "  snaplife backup run production-daily --scheduled-time 2026-12-06T03:00:00Z",
      "",
      "Exit code 1 when the policy is not in snapshot-service's catalogue (nothing sent)."
    })
final class BackupRunCommand implements Callable<Integer> {

  @ParentCommand private BackupCommand backup;
  @Spec private CommandSpec spec;

  @Parameters(
      index = "0",
      paramLabel = "POLICY",
      converter = RunOptions.PolicyConverter.class,
      description = "The backup policy, as configured in snapshot-service (e.g. production-daily).")
  private String policy;

  @Option(
      names = "--dry-run",
      description = "Report what the run would create and delete; change nothing.")
  private boolean dryRun;

  @Mixin private RunOptions options;

  @Override
  public Integer call() {
    Instant scheduledTime = options.scheduledTimeOrThisHour(Clock.systemUTC());
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    return OperatorSession.run(
        backup.root(),
        session -> {
          Optional<List<String>> known = session.backupPolicies().policies();
          if (known.isEmpty()) {
            err.println(
                "warning: snapshot-service has not published its policies in environment '"
                    + backup.root().names().environment()
                    + "' (no item 'policies' in "
                    + session.backupPolicies().table()
                    + ": never started here?); sending the request unchecked");
            err.flush();
          } else if (!known.get().contains(policy)) {
            err.println(
                "snaplife: no backup policy named '"
                    + policy
                    + "' in environment "
                    + backup.root().names().environment()
                    + " (snapshot-service runs: "
                    + (known.get().isEmpty() ? "none" : String.join(", ", known.get()))
                    + "); nothing was requested");
            err.flush();
            return SnaplifeCli.PROBLEM;
          }
          EventEnvelope<BackupRequested> sent =
              session
                  .bus()
                  .publish(
                      new BackupRequested(policy, scheduledTime, options.databasesOrAll(), dryRun));
          Requested.of(
                  sent,
                  session.bus().bus(),
                  policy,
                  scheduledTime,
                  sent.data().databaseIdentifiers(),
                  dryRun)
              .print(out, options.json);
          return 0;
        });
  }
}
