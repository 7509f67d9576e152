package dev.snaplife.cli.dlq;

import dev.snaplife.cli.Output;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code snaplife dlq list}. */
@Command(
    name = "list",
    mixinStandardHelpOptions = true,
    description = {
      "Every service's dead-letter queue: its depth and the age of its oldest message.",
      "",
      "DEPTH counts waiting and in-flight messages (IN FLIGHT: someone has received them, e.g. a running 'show' or 'replay', and they come back shortly). OLDEST is the age of the oldest of up to 10 peeked messages (SQS does not report a DLQ's oldest age directly). Read-only: the peeked messages are released at once."
    },
    footer = {
      "",
      "Examples:",
      "  snaplife dlq list",
      "  snaplife dlq list --json | jq '.[] | select(.depth > 0)'",
      "  SNAPLIFE_ENVIRONMENT=snaplife-staging snaplife dlq list"
    })
final class DlqListCommand implements Callable<Integer> {

  @ParentCommand private DlqCommand dlq;
  @Spec private CommandSpec spec;

  @Option(names = "--json", description = "Print JSON instead of a table.")
  private boolean json;

  /** One row of {@code --json}. */
  record Row(
      String service,
      String queue,
      int depth,
      int visible,
      int inFlight,
      @Nullable Instant oldestSentAt,
      @Nullable Long oldestAgeSeconds) {}

  @Override
  public Integer call() {
    return dlq.withQueues(
        queues -> {
          List<QueueDepth> depths = queues.depths();
          Instant now = Instant.now();
          PrintWriter out = spec.commandLine().getOut();
          if (json) {
            Output.json(
                out,
                depths.stream()
                    .map(
                        d ->
                            new Row(
                                d.service().serviceName(),
                                d.queue(),
                                d.depth(),
                                d.visible(),
                                d.inFlight(),
                                d.oldestSentAt(),
                                d.oldestSentAt() == null
                                    ? null
                                    : now.getEpochSecond() - d.oldestSentAt().getEpochSecond()))
                    .toList());
            return 0;
          }
          int width = depths.stream().mapToInt(d -> d.queue().length()).max().orElse(10);
          String format = "%-20s %-" + width + "s %6s %9s  %s%n";
          out.printf(format, "SERVICE", "DLQ", "DEPTH", "IN FLIGHT", "OLDEST");
          for (QueueDepth d : depths) {
            out.printf(
                format,
                d.service().serviceName(),
                d.queue(),
                d.depth(),
                d.inFlight(),
                Output.age(d.oldestSentAt(), now));
          }
          out.flush();
          return 0;
        });
  }
}
