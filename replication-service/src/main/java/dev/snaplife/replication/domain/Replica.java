package dev.snaplife.replication.domain;

import dev.snaplife.contracts.event.DatabaseKind;
import dev.snaplife.retention.RetentionRule;
import java.time.Instant;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A snapshot as replication sees it in some account and region: a source, or one of its copies.
 *
 * @param status RDS's status: {@code creating} or {@code copying} while in progress
 * @param createdAt when RDS says it was taken (a copy carries its source's time); absent while
 *     being created
 */
public record Replica(
    DatabaseKind kind,
    String identifier,
    String arn,
    String sourceIdentifier,
    String status,
    @Nullable Instant createdAt,
    String engine,
    @Nullable String engineVersion,
    boolean encrypted,
    @Nullable String kmsKeyId,
    @Nullable Integer allocatedStorageGiB,
    Map<String, String> tags)
    implements RetentionRule.Retainable {

  public Replica {
    tags = Map.copyOf(tags);
  }

  public boolean isAvailable() {
    return "available".equals(status);
  }

  public boolean inProgress() {
    return "creating".equals(status) || "copying".equals(status) || "pending".equals(status);
  }

  public String accountId() {
    return arn.split(":")[4];
  }

  public String region() {
    return arn.split(":")[3];
  }
}
