package dev.snaplife.localaws;

import dev.snaplife.contracts.routing.ResourceNames;
import java.util.List;

/** What provisioning created or found, for the command's summary and for tests. */
public record ProvisionedEnvironment(
    ResourceNames names,
    String eventBusArn,
    List<String> queueUrls,
    String infoTopicArn,
    String alertsTopicArn,
    String sourceKmsKeyArn,
    String copyRegionKmsKeyArn,
    String drAccountKmsKeyArn) {}
