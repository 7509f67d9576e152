package dev.snaplife.cli.dlq;

import dev.snaplife.cli.SnaplifeCli;
import java.util.function.Function;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;
import software.amazon.awssdk.services.sqs.SqsClient;

/** {@code snaplife dlq}: the dead-letter queues of the environment's five services. */
@Command(
    name = "dlq",
    mixinStandardHelpOptions = true,
    subcommands = {DlqListCommand.class, DlqShowCommand.class, DlqReplayCommand.class},
    description = {
      "Dead-letter queues: what is in each service's DLQ, why, and putting it back.",
      "",
      "A message lands in <environment>-<service>-dlq when the service gave up on it: at once for poison (unparseable, invalid; the reason is attached), or after its retries ran out (no reason attached). Every DLQ has a CloudWatch alarm that pages when it is not empty.",
      "",
      "Safe to run at any time: 'list' and 'show' only look (they receive messages for a moment and release them at once). 'replay' puts messages back on the service's queue; consumers are idempotent, so replaying an event whose effect already happened does nothing. Fix the cause first (deploy, configuration), or the message comes straight back."
    },
    footer = {
      "",
      "Typical night:",
      "  snaplife dlq list                      # which DLQ pages, how deep, how old",
      "  snaplife dlq show export               # what is in it and why",
      "  snaplife dlq replay export --id ID     # after the fix: one message back",
      "  snaplife dlq replay export --all       # after the fix: all of them"
    })
public final class DlqCommand {

  @ParentCommand private SnaplifeCli root;

  /** Runs the work against the environment's DLQs with a client that is closed afterwards. */
  int withQueues(Function<DeadLetterQueues, Integer> work) {
    var names = root.names();
    var aws = root.aws();
    try (SqsClient sqs = aws.sqs()) {
      return work.apply(new DeadLetterQueues(sqs, names, aws.describe()));
    }
  }
}
