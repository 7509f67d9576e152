package dev.snaplife.replication.domain;

/** An account and region: where a snapshot or a copy lives. */
public record Location(String accountId, String region) {

  @Override
  public String toString() {
    return accountId + "/" + region;
  }
}
