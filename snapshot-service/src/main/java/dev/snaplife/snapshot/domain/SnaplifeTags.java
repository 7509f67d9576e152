package dev.snaplife.snapshot.domain;

import dev.snaplife.retention.RetentionRule;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * The tags Snaplife puts on what it creates. Retention only ever touches snapshots carrying {@link
 * #CREATED_BY} = {@link #CREATOR} (seed 002's convention), its environment and its policy.
 */
public final class SnaplifeTags {

  public static final String CREATED_BY = "CreatedBy";
  public static final String CREATOR = "Snaplife";
  public static final String ENVIRONMENT = "snaplife:environment";
  public static final String POLICY = "snaplife:policy";
  public static final String LIFECYCLE_ID = "snaplife:lifecycle-id";
  public static final String RUN_ID = "snaplife:run-id";
  public static final String SCHEDULED_TIME = "snaplife:scheduled-time";

  /** A snapshot carrying this tag with value {@code true} is never deleted by retention. */
  public static final String LEGAL_HOLD = RetentionRule.LEGAL_HOLD_TAG;

  private SnaplifeTags() {}

  public static Map<String, String> forNewSnapshot(
      BackupPolicy policy, UUID lifecycleId, UUID runId, Instant scheduledTime) {
    Map<String, String> tags = new LinkedHashMap<>();
    tags.put(CREATED_BY, CREATOR);
    tags.put(ENVIRONMENT, policy.environment());
    tags.put(POLICY, policy.name());
    tags.put(LIFECYCLE_ID, lifecycleId.toString());
    tags.put(RUN_ID, runId.toString());
    tags.put(SCHEDULED_TIME, scheduledTime.toString());
    return tags;
  }

  /** Made by Snaplife, in this environment, under this policy. */
  public static boolean ownedBy(Snapshot snapshot, BackupPolicy policy) {
    return CREATOR.equals(snapshot.tags().get(CREATED_BY))
        && policy.environment().equals(snapshot.tags().get(ENVIRONMENT))
        && policy.name().equals(snapshot.tags().get(POLICY));
  }

  /** Made by Snaplife in this environment, under any of its policies. */
  public static boolean ownedByEnvironment(Snapshot snapshot, String environment) {
    return CREATOR.equals(snapshot.tags().get(CREATED_BY))
        && environment.equals(snapshot.tags().get(ENVIRONMENT))
        && snapshot.tags().containsKey(POLICY);
  }

  public static boolean onLegalHold(Snapshot snapshot) {
    return snapshot.onLegalHold();
  }
}
