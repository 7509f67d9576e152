package dev.snaplife.contracts.ledger;

import java.time.Instant;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * One fact in the life of a snapshot or an archive, as the lifecycle ledger keeps it: which stage,
 * where, in what state, and what went wrong. The notifier writes one per event it hears; the
 * on-call command reads them ({@code snaplife status}).
 *
 * @param subject what the stage acted on within the lifecycle, so that a request and its outcome
 *     pair up: a copy's destination {@code account/region}, an export's rule, an archive's logical
 *     database; empty when the stage happens once per lifecycle
 * @param database the DB instance or cluster identifier
 * @param snapshot the snapshot identifier, when the fact is about a snapshot
 * @param location where it happened, {@code account/region}
 * @param detail one line for a person: what was done, with what
 * @param failure the reason, for a {@link State#FAILED} fact
 * @param retryable for a failure: whether trying again may help
 * @param notified the SNS topic the notifier told ({@code info}, {@code alerts}), or null
 */
public record LifecycleEntry(
    UUID lifecycleId,
    UUID eventId,
    String eventType,
    Instant occurredAt,
    Stage stage,
    String subject,
    State state,
    String database,
    @Nullable String snapshot,
    @Nullable String location,
    String detail,
    @Nullable String failure,
    @Nullable Boolean retryable,
    @Nullable String notified) {

  /** The stages of a lifecycle, in the order a snapshot or an archive goes through them. */
  public enum Stage {
    SNAPSHOT,
    SHARE,
    COPY,
    EXPORT,
    ARCHIVE,
    VERIFY,
    EXPIRE,
    RPO
  }

  /** Where a stage stands after this fact. */
  public enum State {
    /** Requested or started; another fact will end it. */
    IN_PROGRESS,
    DONE,
    FAILED
  }

  public LifecycleEntry withNotified(@Nullable String topic) {
    return new LifecycleEntry(
        lifecycleId,
        eventId,
        eventType,
        occurredAt,
        stage,
        subject,
        state,
        database,
        snapshot,
        location,
        detail,
        failure,
        retryable,
        topic);
  }
}
