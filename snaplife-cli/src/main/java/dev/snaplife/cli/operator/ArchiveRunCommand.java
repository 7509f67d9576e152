package dev.snaplife.cli.operator;

import dev.snaplife.contracts.event.ArchiveRunRequested;
import dev.snaplife.contracts.event.EventEnvelope;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code snaplife archive run <policy>}. */
@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    description = {
      "Requests a run of an archive policy now: publishes ArchiveRunRequested on the environment's bus (source snaplife.operator), which archive-service receives and turns into one archive request per database.",
      "",
      "archive-service publishes no catalogue of its policies, so the name is not checked here: a policy it does not run ends in its dead-letter queue with the reason 'no archive policy named ...' and the configured ones (see 'snaplife dlq show archive'). A --database the policy does not select is reported as an ArchiveFailed (NotSelected).",
      "",
      "Safe to repeat: archives are named by the policy, the database and the scheduled time, so a second request for the same scheduled time (by default: this hour) writes nothing new. To archive afresh, pass a later --scheduled-time."
    },
    footer = {
      "",
      "Examples:",
      "  snaplife archive run monthly-dumps",
      "  snaplife archive run monthly-dumps --database prod-orders",
      "  snaplife archive run monthly-dumps --scheduled-time 2026-12-06T03:00:00Z",
      "  snaplife archive run monthly-dumps --json | jq -r .eventId"
    })
final class ArchiveRunCommand implements Callable<Integer> {

  @ParentCommand private ArchiveCommand archive;
  @Spec private CommandSpec spec;

  @Parameters(
      index = "0",
      paramLabel = "POLICY",
      converter = RunOptions.PolicyConverter.class,
      description = "The archive policy, as configured in archive-service.")
  private String policy;

  @Mixin private RunOptions options;

  @Override
  public Integer call() {
    Instant scheduledTime = options.scheduledTimeOrThisHour(Clock.systemUTC());
    PrintWriter out = spec.commandLine().getOut();
    return OperatorSession.run(
        archive.root(),
        session -> {
          EventEnvelope<ArchiveRunRequested> sent =
              session
                  .bus()
                  .publish(
                      new ArchiveRunRequested(policy, scheduledTime, options.databasesOrAll()));
          Requested.of(
                  sent,
                  session.bus().bus(),
                  policy,
                  scheduledTime,
                  sent.data().databaseIdentifiers(),
                  null)
              .print(out, options.json);
          return 0;
        });
  }
}
