package dev.snaplife.export.domain;

import dev.snaplife.contracts.event.SnapshotOrigin;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Which snapshots are exported where, and how they are catalogued.
 *
 * @param location where the selected snapshots are, and so where RDS exports them from (an export
 *     runs in the snapshot's account and region, into a bucket of that region)
 * @param policies the backup policies whose snapshots are exported; empty for any
 * @param snapshotPattern snapshot identifiers to export, matched in full; null for any
 * @param tags tags the snapshot must carry, all of them
 * @param origins source snapshots of these origins are exported
 * @param copies copies made by replication-service (SnapshotCopied) are exported too
 * @param exportOnly RDS's ExportOnly: databases, schemas or tables; empty for everything
 * @param glue the catalogue, or null to publish on export completion
 * @param retentionDays exports older than this are deleted, the newest of a database excepted; null
 *     keeps them
 */
public record ExportRule(
    String name,
    Location location,
    Set<String> policies,
    @Nullable Pattern snapshotPattern,
    Map<String, String> tags,
    Set<SnapshotOrigin> origins,
    boolean copies,
    String bucket,
    String prefix,
    String iamRoleArn,
    String kmsKeyId,
    List<String> exportOnly,
    @Nullable Catalogue glue,
    @Nullable Integer retentionDays) {

  public ExportRule {
    policies = Set.copyOf(policies);
    tags = Map.copyOf(tags);
    origins = Set.copyOf(origins);
    exportOnly = List.copyOf(exportOnly);
    prefix = ExportLayout.normalisePrefix(prefix);
  }

  /**
   * The Glue side of a rule: one database and one crawler per source database.
   *
   * @param crawlerRoleArn the role the crawler reads the exports with
   * @param databasePrefix what the Glue database names start with
   */
  public record Catalogue(String crawlerRoleArn, String databasePrefix) {}

  /** Whether a snapshot (its policy, identifier and where it is) is one this rule exports. */
  public boolean selects(
      SnapshotFacts snapshot, boolean isCopy, @Nullable SnapshotOrigin sourceOrigin) {
    if (isCopy ? !copies : sourceOrigin == null || !origins.contains(sourceOrigin)) {
      return false;
    }
    if (!location.equals(snapshot.location())) {
      return false;
    }
    if (!policies.isEmpty() && !policies.contains(snapshot.policy())) {
      return false;
    }
    return snapshotPattern == null
        || snapshotPattern.matcher(snapshot.snapshotIdentifier()).matches();
  }

  /** Whether the snapshot's tags (read only for rules that select by tag) have all of ours. */
  public boolean tagsMatch(Map<String, String> snapshotTags) {
    return tags.entrySet().stream()
        .allMatch(t -> t.getValue().equals(snapshotTags.get(t.getKey())));
  }

  /** What selection looks at. */
  public record SnapshotFacts(String policy, String snapshotIdentifier, Location location) {}
}
