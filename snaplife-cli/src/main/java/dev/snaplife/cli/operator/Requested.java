package dev.snaplife.cli.operator;

import dev.snaplife.cli.Output;
import dev.snaplife.contracts.event.EventEnvelope;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * A run requested by hand, as printed (and as {@code --json}).
 *
 * @param databases null: every database the policy selects
 * @param dryRun null for requests that have no dry run
 */
record Requested(
    String eventType,
    UUID eventId,
    UUID lifecycleId,
    String bus,
    String source,
    String policy,
    Instant scheduledTime,
    @Nullable List<String> databases,
    @Nullable Boolean dryRun) {

  static Requested of(
      EventEnvelope<?> sent,
      String bus,
      String policy,
      Instant scheduledTime,
      @Nullable List<String> databases,
      @Nullable Boolean dryRun) {
    return new Requested(
        sent.eventType(),
        sent.eventId(),
        sent.lifecycleId(),
        bus,
        sent.producer(),
        policy,
        scheduledTime,
        databases,
        dryRun);
  }

  void print(PrintWriter out, boolean json) {
    if (json) {
      Output.json(out, this);
      return;
    }
    out.printf("%s published on bus %s%n", eventType, bus);
    out.printf("  event id        %s%n", eventId);
    out.printf("  lifecycle id    %s%n", lifecycleId);
    out.printf("  policy          %s%n", policy);
    out.printf("  scheduled time  %s%n", scheduledTime);
    out.printf(
        "  databases       %s%n",
        databases == null ? "all the policy selects" : String.join(", ", databases));
    if (dryRun != null) {
      out.printf(
          "  dry run         %s%n",
          dryRun ? "yes (reports what it would do, changes nothing)" : "no");
    }
    out.flush();
  }
}
