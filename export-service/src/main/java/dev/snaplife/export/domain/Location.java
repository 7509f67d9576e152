package dev.snaplife.export.domain;

/** An account and region. */
public record Location(String accountId, String region) {

  @Override
  public String toString() {
    return accountId + "/" + region;
  }
}
