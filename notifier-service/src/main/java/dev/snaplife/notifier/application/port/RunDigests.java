package dev.snaplife.notifier.application.port;

import dev.snaplife.notifier.domain.RunDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * The digests being gathered, one per backup run. Every change adds to sets or sets what is absent,
 * so applying the same event twice changes nothing.
 */
public interface RunDigests {

  /** Records facts about the run, creating the digest on the first; returns it as it now is. */
  RunDigest record(UUID runId, Facts facts, Instant seenAt);

  Optional<RunDigest> get(UUID runId);

  /**
   * Takes the right to send the digest, so two instances (or two events of one run handled at once)
   * never both send it. A claim that is not followed by {@link #markSent} in time expires, and the
   * deadline check sends the digest then.
   */
  boolean claimSending(UUID runId, Instant now, Duration lease);

  void markSent(UUID runId);

  /** Gives the claim up after a failed send, so a retry can send. */
  void releaseSending(UUID runId);

  /** Notes that the deadline check is on its way, so it is scheduled once per run. */
  void markDeadlineScheduled(UUID runId);

  /** The sets a digest gathers, each named by the attribute that holds it. */
  enum Outcome {
    PLANNED("planned"),
    PLANNED_DELETIONS("plannedDeletions"),
    SKIPPED("skipped"),
    CREATED("created"),
    DELETED("deleted"),
    /** "identifier: reason" of a snapshot that could not be taken. */
    FAILED("failed"),
    /** "identifier: reason" of a snapshot RDS refused to delete. */
    DELETIONS_FAILED("deletionsFailed");

    private final String attribute;

    Outcome(String attribute) {
      this.attribute = attribute;
    }

    public String attribute() {
      return attribute;
    }
  }

  /**
   * What one event tells about its run; absent values and empty sets add nothing. Built from {@link
   * #about(String)}: {@code Facts.about("daily").with(Outcome.CREATED, List.of(id))}.
   *
   * @param planPart which part of the plan this event is, 1-based, with the count of parts
   * @param keptByRule how many snapshots each retention rule kept, in this plan part
   */
  record Facts(
      @Nullable String policy,
      @Nullable Instant scheduledTime,
      @Nullable Boolean dryRun,
      @Nullable PlanPart planPart,
      Map<Outcome, List<String>> outcomes,
      Map<String, Integer> keptByRule) {

    public record PlanPart(int part, int parts) {}

    public Facts {
      outcomes = Map.copyOf(outcomes);
      keptByRule = Map.copyOf(keptByRule);
    }

    public static Facts about(@Nullable String policy) {
      return new Facts(policy, null, null, null, Map.of(), Map.of());
    }

    public Facts scheduledAt(Instant at) {
      return new Facts(policy, at, dryRun, planPart, outcomes, keptByRule);
    }

    /** This event is part {@code part} of {@code parts} of the run's plan. */
    public Facts plan(int part, int parts, boolean dry, Map<String, Integer> kept) {
      return new Facts(policy, scheduledTime, dry, new PlanPart(part, parts), outcomes, kept);
    }

    public Facts with(Outcome outcome, Collection<String> items) {
      Map<Outcome, List<String>> more = new java.util.EnumMap<>(Outcome.class);
      more.putAll(outcomes);
      more.put(outcome, List.copyOf(items));
      return new Facts(policy, scheduledTime, dryRun, planPart, more, keptByRule);
    }

    public List<String> get(Outcome outcome) {
      return outcomes.getOrDefault(outcome, List.of());
    }
  }
}
