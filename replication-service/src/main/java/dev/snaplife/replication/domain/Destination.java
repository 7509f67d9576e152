package dev.snaplife.replication.domain;

import org.jspecify.annotations.Nullable;

/**
 * Where copies go: another region of this account, another account in this region, or both (a
 * chained copy, made in one step: RDS copies a shared snapshot across accounts and regions at
 * once).
 *
 * @param roleArn the role assumed in the destination account; absent for this account
 * @param kmsKeyId the key copies are encrypted with there (required for encrypted snapshots)
 */
public record Destination(
    String name,
    String accountId,
    String region,
    @Nullable String roleArn,
    @Nullable String kmsKeyId) {

  public boolean crossAccount(Location home) {
    return !accountId.equals(home.accountId());
  }

  public boolean crossRegion(Location home) {
    return !region.equals(home.region());
  }

  public Location location() {
    return new Location(accountId, region);
  }
}
