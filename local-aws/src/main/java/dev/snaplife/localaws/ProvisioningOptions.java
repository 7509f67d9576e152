package dev.snaplife.localaws;

import dev.snaplife.contracts.routing.DeliveryPolicy;
import software.amazon.awssdk.regions.Region;

/**
 * Where the disaster-recovery side lives and how queues behave.
 *
 * @param copyRegion the region snapshot copies go to
 * @param drAccountRoleArn the role assumed in the destination account
 * @param delivery visibility timeout, receive count and retention of the queues, checked against
 *     the services' side (lease, backoff, replay window) before anything is created
 */
public record ProvisioningOptions(
    Region copyRegion, String drAccountRoleArn, DeliveryPolicy delivery) {

  /** The local defaults of DESIGN.md: copies to eu-west-1 in account 222222222222. */
  public static ProvisioningOptions localDefaults(String environment) {
    return new ProvisioningOptions(
        Region.EU_WEST_1,
        "arn:aws:iam::222222222222:role/" + environment + "-replication",
        DeliveryPolicy.DEFAULTS);
  }

  public ProvisioningOptions withDelivery(DeliveryPolicy other) {
    return new ProvisioningOptions(copyRegion, drAccountRoleArn, other);
  }
}
