package dev.snaplife.contracts.ledger;

import java.time.Instant;
import java.util.Locale;
import java.util.UUID;

/**
 * The lifecycle ledger's table layout, shared by its writer (notifier-service) and its reader
 * ({@code snaplife status}), so the two cannot disagree. One table, two string keys:
 *
 * <ul>
 *   <li>{@code lifecycle#<id>} / {@code <occurred-at millis, 15 digits>#<event id>}: one entry per
 *       event, with the attributes below, in the order the facts happened;
 *   <li>{@code database#<identifier>} and {@code snapshot#<identifier>} / {@code <lifecycle id>}:
 *       which lifecycles a database or a snapshot identifier has, with {@link #SEEN_AT} (the last
 *       fact's time) to show the most recent first.
 * </ul>
 *
 * Every write is a put of a key derived from the event, so a duplicate or a replay rewrites the
 * same items. Items carry {@link #EXPIRES_AT} (epoch seconds) for DynamoDB's time to live.
 */
public final class LedgerTable {

  /** The table's name suffix: {@code <env>-notifier-service-ledger}. */
  public static final String TABLE = "ledger";

  public static final String PK = "pk";
  public static final String SK = "sk";

  public static final String LIFECYCLE_ID = "lifecycleId";
  public static final String EVENT_ID = "eventId";
  public static final String EVENT_TYPE = "eventType";
  public static final String OCCURRED_AT = "occurredAt";
  public static final String STAGE = "stage";
  public static final String SUBJECT = "subject";
  public static final String STATE = "state";
  public static final String DATABASE = "database";
  public static final String SNAPSHOT = "snapshot";
  public static final String LOCATION = "location";
  public static final String DETAIL = "detail";
  public static final String FAILURE = "failure";
  public static final String RETRYABLE = "retryable";
  public static final String NOTIFIED = "notified";
  public static final String SEEN_AT = "seenAt";
  public static final String EXPIRES_AT = "expiresAt";

  private LedgerTable() {}

  public static String lifecycleKey(UUID lifecycleId) {
    return "lifecycle#" + lifecycleId;
  }

  public static String entryKey(Instant occurredAt, UUID eventId) {
    return String.format(Locale.ROOT, "%015d#%s", occurredAt.toEpochMilli(), eventId);
  }

  public static String databaseKey(String identifier) {
    return "database#" + identifier;
  }

  public static String snapshotKey(String identifier) {
    return "snapshot#" + identifier;
  }
}
