package dev.snaplife.replication.domain;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * The tags on every copy replication makes: Snaplife's ownership (the same {@code CreatedBy} and
 * environment as the source stage), what it is a copy of, and the rule whose copy retention expires
 * it. Destination retention deletes only what carries all of them; {@code status} finds a copy by
 * its lifecycle id.
 */
public final class ReplicaTags {

  public static final String CREATED_BY = "CreatedBy";
  public static final String CREATOR = "Snaplife";
  public static final String ENVIRONMENT = "snaplife:environment";
  public static final String LIFECYCLE_ID = "snaplife:lifecycle-id";
  public static final String SOURCE_POLICY = "snaplife:source-policy";
  public static final String POLICY = "snaplife:policy";
  public static final String COPY_OF = "snaplife:copy-of";
  public static final String REPLICATION_RULE = "snaplife:replication-rule";
  public static final String DESTINATION = "snaplife:destination";

  /** Marks the in-place re-encrypted copy of a default-key snapshot. */
  public static final String REENCRYPTED_FROM = "snaplife:reencrypted-from";

  private ReplicaTags() {}

  /**
   * Snaplife's own tags of a copy; the source's tags carry over beside them (CopyTags). The
   * in-place re-encrypted copy gets only these: without the source's {@code snaplife:policy}, the
   * source stage's retention leaves it to replication.
   */
  public static Map<String, String> forCopy(
      String environment,
      UUID lifecycleId,
      String sourceArn,
      String rule,
      String destination,
      String sourcePolicy) {
    Map<String, String> tags = new LinkedHashMap<>();
    tags.put(CREATED_BY, CREATOR);
    tags.put(ENVIRONMENT, environment);
    tags.put(LIFECYCLE_ID, lifecycleId.toString());
    tags.put(COPY_OF, sourceArn);
    tags.put(REPLICATION_RULE, rule);
    tags.put(DESTINATION, destination);
    tags.put(SOURCE_POLICY, sourcePolicy);
    return tags;
  }

  /**
   * The source's tags a copy carries: all but AWS's own and those that would make the source
   * stage's retention count the copy as one of its snapshots.
   */
  public static Map<String, String> carriedOver(Map<String, String> sourceTags) {
    Map<String, String> carried = new LinkedHashMap<>();
    sourceTags.forEach(
        (k, v) -> {
          if (!k.startsWith("aws:") && !NOT_CARRIED.contains(k)) {
            carried.put(k, v);
          }
        });
    return carried;
  }

  /** The source's tags (carried over) overlaid with Snaplife's copy tags. */
  public static Map<String, String> ofCopy(
      Map<String, String> carriedOver, Map<String, String> snaplifeTags) {
    Map<String, String> tags = new LinkedHashMap<>(carriedOver);
    tags.putAll(snaplifeTags);
    return tags;
  }

  private static final java.util.Set<String> NOT_CARRIED =
      java.util.Set.of(POLICY, "snaplife:run-id", "snaplife:scheduled-time");

  /** Made by replication in this environment under this rule. */
  public static boolean ownedBy(Map<String, String> tags, String environment, String rule) {
    return CREATOR.equals(tags.get(CREATED_BY))
        && environment.equals(tags.get(ENVIRONMENT))
        && rule.equals(tags.get(REPLICATION_RULE))
        && tags.containsKey(COPY_OF);
  }
}
