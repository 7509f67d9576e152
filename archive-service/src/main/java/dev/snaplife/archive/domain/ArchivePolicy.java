package dev.snaplife.archive.domain;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * What to archive, when, where and for how long.
 *
 * @param selection which RDS databases the policy archives
 * @param databaseNames the logical databases to dump in each; empty dumps the one the database's
 *     secret names ({@code dbname})
 * @param schedule an EventBridge Scheduler expression, or null for runs on request only
 * @param secretPrefix the Secrets Manager name prefix: a database's credentials are the secret
 *     {@code <prefix><database identifier>} (seed 001: {@code cold-archiving/})
 * @param transition moves archives to a colder class after some days, by a bucket lifecycle rule;
 *     null for none
 * @param reverifyEvery how often an archive is restored again to prove it still restores; null
 *     verifies only after writing (if {@code verifyAfterWrite})
 */
public record ArchivePolicy(
    String name,
    Selection selection,
    List<String> databaseNames,
    @Nullable String schedule,
    @Nullable String scheduleTimezone,
    String secretPrefix,
    String bucket,
    String prefix,
    StorageClass storageClass,
    @Nullable String kmsKeyId,
    int retentionDays,
    Compression compression,
    @Nullable Transition transition,
    boolean verifyAfterWrite,
    @Nullable Duration reverifyEvery) {

  public ArchivePolicy {
    databaseNames = List.copyOf(databaseNames);
  }

  /**
   * The RDS databases a policy archives: those tagged with all of {@code tags} (seed 001), and
   * those listed by identifier.
   */
  public record Selection(Map<String, String> tags, List<String> identifiers) {

    public Selection {
      tags = Map.copyOf(tags);
      identifiers = List.copyOf(identifiers);
    }

    public boolean selects(String identifier, Map<String, String> databaseTags) {
      if (identifiers.contains(identifier)) {
        return true;
      }
      return !tags.isEmpty()
          && tags.entrySet().stream()
              .allMatch(t -> t.getValue().equals(databaseTags.get(t.getKey())));
    }
  }

  /** A bucket lifecycle transition of the policy's archives to a colder class. */
  public record Transition(int afterDays, StorageClass storageClass) {}

  /** The secret holding a database's credentials. */
  public String secretName(String databaseIdentifier) {
    return secretPrefix + databaseIdentifier;
  }

  /** The key prefix of every archive of this policy, ending in '/'. */
  public String keyPrefix() {
    return (prefix.isEmpty() ? "" : prefix + "/") + name + "/";
  }
}
