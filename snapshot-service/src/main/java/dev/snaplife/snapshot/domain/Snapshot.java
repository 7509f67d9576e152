package dev.snaplife.snapshot.domain;

import dev.snaplife.contracts.event.DatabaseKind;
import dev.snaplife.retention.RetentionRule;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A DB snapshot or DB cluster snapshot as the fleet describes it, tags included (read from the
 * describe response, never one ListTagsForResource per snapshot).
 *
 * @param type {@code manual}, {@code automated} or {@code awsbackup}
 * @param createdAt absent while the snapshot is being created
 */
public record Snapshot(
    DatabaseKind kind,
    String identifier,
    String arn,
    String sourceIdentifier,
    String status,
    String type,
    @Nullable Instant createdAt,
    String engine,
    @Nullable String engineVersion,
    boolean encrypted,
    @Nullable String kmsKeyId,
    @Nullable Integer allocatedStorageGiB,
    Map<String, String> tags)
    implements RetentionRule.Retainable {

  public Snapshot {
    tags = Map.copyOf(tags);
  }

  public boolean isAvailable() {
    return "available".equals(status);
  }

  public boolean isFailed() {
    return "failed".equals(status) || "incompatible-restore".equals(status);
  }

  public Snapshot withCreatedAt(@Nullable Instant at) {
    return new Snapshot(
        kind,
        identifier,
        arn,
        sourceIdentifier,
        status,
        type,
        at,
        engine,
        engineVersion,
        encrypted,
        kmsKeyId,
        allocatedStorageGiB,
        tags);
  }

  public Optional<String> tag(String key) {
    return Optional.ofNullable(tags.get(key));
  }

  public String accountId() {
    return arn.split(":")[4];
  }

  public String region() {
    return arn.split(":")[3];
  }
}
