package dev.snaplife.cli.dlq;

import dev.snaplife.cli.Output;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code snaplife dlq show <service>}. */
@Command(
    name = "show",
    mixinStandardHelpOptions = true,
    description = {
      "The messages in a service's dead-letter queue and why they are there, without consuming them (each is received for a moment and released at once; this adds one to the DLQ's own receive count, which nothing acts on).",
      "",
      "Per message: its SQS message id (what 'replay --id' takes), the event type, event id and lifecycle id, the database, how many times the service received it, the reason the service attached (none: its retries ran out, look at the service's logs for the lifecycle id), and when it first failed. A body that is not JSON shows as 'unparseable' with its first 80 characters."
    },
    footer = {
      "",
      "Examples:",
      "  snaplife dlq show snapshot",
      "  snaplife dlq show export-service --limit 50",
      "  snaplife dlq show archive --json | jq -r '.[].reason' | sort | uniq -c"
    })
final class DlqShowCommand implements Callable<Integer> {

  static final int MAX_LIMIT = 1000;

  @ParentCommand private DlqCommand dlq;
  @Spec private CommandSpec spec;

  @Mixin private ServiceArgument target;

  @Option(
      names = "--limit",
      paramLabel = "N",
      defaultValue = "10",
      description =
          "Show at most N messages (default ${DEFAULT-VALUE}, at most " + MAX_LIMIT + ").")
  private int limit;

  @Option(names = "--json", description = "Print JSON instead of text.")
  private boolean json;

  @Override
  public Integer call() {
    if (limit < 1 || limit > MAX_LIMIT) {
      throw new ParameterException(
          spec.commandLine(), "--limit must be between 1 and " + MAX_LIMIT + ", got " + limit);
    }
    return dlq.withQueues(
        queues -> {
          QueueDepth depth = queues.depth(target.service);
          List<DeadLetter> letters = queues.peek(target.service, limit);
          PrintWriter out = spec.commandLine().getOut();
          if (json) {
            Output.json(out, letters);
            return 0;
          }
          print(out, depth, letters);
          return 0;
        });
  }

  private static void print(PrintWriter out, QueueDepth depth, List<DeadLetter> letters) {
    Instant now = Instant.now();
    out.printf(
        "%s: %d message(s), %d shown%s%n",
        depth.queue(),
        depth.depth(),
        letters.size(),
        depth.inFlight() > 0 ? " (" + depth.inFlight() + " in flight, not shown)" : "");
    for (DeadLetter l : letters) {
      out.println();
      out.printf("message     %s%n", l.messageId());
      out.printf("  event     %s %s%n", l.eventType(), Output.orDash(l.eventId()));
      if (l.preview() != null) {
        out.printf("  body      %s%n", l.preview());
      }
      out.printf("  lifecycle %s%n", Output.orDash(l.lifecycleId()));
      out.printf("  database  %s%n", Output.orDash(l.database()));
      out.printf("  receives  %s%n", Output.orDash(l.receiveCount()));
      out.printf(
          "  failed    %s (%s ago)%n",
          Output.orDash(l.firstFailedAt()), Output.age(l.firstFailedAt(), now));
      out.printf(
          "  reason    %s%n",
          l.reason() != null
              ? l.reason()
              : "(none attached: its retries ran out; see the service's logs)");
    }
    out.flush();
  }
}
