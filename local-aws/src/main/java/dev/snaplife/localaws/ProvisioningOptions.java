package dev.snaplife.localaws;

import software.amazon.awssdk.regions.Region;

/**
 * Where the disaster-recovery side lives and how queues behave.
 *
 * @param copyRegion the region snapshot copies go to
 * @param drAccountRoleArn the role assumed in the destination account
 * @param visibilityTimeoutSeconds how long a received message stays hidden before redelivery
 */
public record ProvisioningOptions(
    Region copyRegion, String drAccountRoleArn, int visibilityTimeoutSeconds) {

  /** The local defaults of DESIGN.md: copies to eu-west-1 in account 222222222222. */
  public static ProvisioningOptions localDefaults(String environment) {
    return new ProvisioningOptions(
        Region.EU_WEST_1, "arn:aws:iam::222222222222:role/" + environment + "-replication", 300);
  }
}
