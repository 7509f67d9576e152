package dev.snaplife.cli.dlq;

import dev.snaplife.cli.SnaplifeCli;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code snaplife dlq replay <service> (--all | --id ID...)}. */
@Command(
    name = "replay",
    mixinStandardHelpOptions = true,
    description = {
      "Puts dead-lettered messages back on the service's own queue, to be processed again.",
      "",
      "Safe: consumers are idempotent (an event whose effect already happened is skipped), and nothing is lost if this is interrupted. --id sends each message to the queue first and deletes it from the DLQ second, so an interruption can at worst leave it in both. --all uses SQS's own redrive (a message move task) and follows it until it ends. Fix the cause first: a message that fails again returns to the DLQ. Try --dry-run first: it says what would be moved and moves nothing."
    },
    footer = {
      "",
      "Examples:",
      "  snaplife dlq replay export --id 0f1e2d3c-... --dry-run",
      "  snaplife dlq replay export --id 0f1e2d3c-... --id 9a8b7c6d-...",
      "  snaplife dlq replay snapshot --all",
      "  snaplife dlq replay snapshot --all --no-wait  # then: snaplife dlq list",
      "",
      "Exit code 1 when an id was not found or a message could not be replayed, when a move task is already running for the DLQ, or when the move task failed."
    })
final class DlqReplayCommand implements Callable<Integer> {

  static final Duration POLL = Duration.ofSeconds(1);

  @ParentCommand private DlqCommand dlq;
  @Spec private CommandSpec spec;

  @Mixin private ServiceArgument target;

  @ArgGroup(multiplicity = "1")
  private Selection selection;

  static final class Selection {
    @Option(names = "--all", required = true, description = "Every message in the DLQ.")
    boolean all;

    @Option(
        names = "--id",
        required = true,
        paramLabel = "MESSAGE-ID",
        arity = "1..*",
        description = "The SQS message id(s) that 'dlq show' prints.")
    List<String> ids;
  }

  @Option(names = "--dry-run", description = "Say what would be replayed; move nothing.")
  private boolean dryRun;

  @Option(names = "--no-wait", description = "With --all: start the move and return at once.")
  private boolean noWait;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    return dlq.withQueues(
        queues -> selection.all ? replayAll(queues, out) : replayIds(queues, out));
  }

  private int replayIds(DeadLetterQueues queues, PrintWriter out) {
    List<Replay> replays = queues.replay(target.service, selection.ids, dryRun);
    for (Replay r : replays) {
      out.printf(
          "%-40s %s%s%n",
          r.messageId(),
          r.outcome().name().toLowerCase(java.util.Locale.ROOT).replace('_', ' '),
          r.detail() == null ? "" : " " + r.detail());
    }
    out.flush();
    return replays.stream().anyMatch(Replay::problem) ? SnaplifeCli.PROBLEM : 0;
  }

  private int replayAll(DeadLetterQueues queues, PrintWriter out) {
    String from = queues.names().deadLetterQueue(target.service);
    String to = queues.names().queue(target.service);
    if (dryRun) {
      QueueDepth depth = queues.depth(target.service);
      var running = queues.latestMove(target.service).filter(MoveTask::running);
      out.printf("dry run: would move %d message(s) from %s to %s%n", depth.visible(), from, to);
      running.ifPresent(
          t ->
              out.printf(
                  "but a move task is already running (%d of %d moved): it would be refused%n",
                  t.moved(), t.toMove()));
      out.flush();
      return running.isPresent() ? SnaplifeCli.PROBLEM : 0;
    }
    if (queues.depth(target.service).visible() == 0) {
      out.printf("%s is empty: nothing to move%n", from);
      out.flush();
      return 0;
    }
    MoveTask started;
    try {
      started = queues.startMove(target.service);
    } catch (DeadLetterQueues.MoveRefusedException refused) {
      spec.commandLine().getErr().println("snaplife: " + from + ": " + refused.getMessage());
      return SnaplifeCli.PROBLEM;
    }
    out.printf("moving %d message(s) from %s to %s%n", started.toMove(), from, to);
    out.flush();
    if (noWait) {
      out.println("started; follow it with 'snaplife dlq list'");
      out.flush();
      return 0;
    }
    MoveTask end =
        queues.awaitMove(
            target.service,
            POLL,
            t -> {
              out.printf("%s: %d of %d moved%n", t.status(), t.moved(), t.toMove());
              out.flush();
            });
    if (!end.completed()) {
      spec.commandLine()
          .getErr()
          .printf(
              "snaplife: the move task ended %s after %d of %d%s%n",
              end.status(),
              end.moved(),
              end.toMove(),
              end.failureReason() == null ? "" : ": " + end.failureReason());
      return SnaplifeCli.PROBLEM;
    }
    out.printf("done: moved %d message(s) to %s%n", end.moved(), to);
    out.flush();
    return 0;
  }
}
