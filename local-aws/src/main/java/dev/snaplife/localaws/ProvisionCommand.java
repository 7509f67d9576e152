package dev.snaplife.localaws;

import dev.snaplife.contracts.routing.ResourceNames;
import java.util.Optional;

/**
 * Provisions an environment: {@code java -jar local-aws-exec.jar [environment]}. Reads the
 * endpoint, region and credentials from the standard AWS environment variables.
 */
public final class ProvisionCommand {

  private ProvisionCommand() {}

  public static void main(String[] args) {
    String environment =
        args.length > 0
            ? args[0]
            : Optional.ofNullable(System.getenv("SNAPLIFE_ENVIRONMENT"))
                .orElse(ResourceNames.DEFAULT_ENVIRONMENT);
    ResourceNames names;
    try {
      names = new ResourceNames(environment);
    } catch (IllegalArgumentException e) {
      System.err.println("SNAPLIFE_ENVIRONMENT: " + e.getMessage());
      System.exit(2);
      return;
    }
    ProvisionedEnvironment env =
        new Provisioner(
                AwsTarget.fromEnvironment(), names, ProvisioningOptions.localDefaults(environment))
            .provision();
    System.out.println("environment   " + names.environment());
    System.out.println("event bus     " + env.eventBusArn());
    env.queueUrls().forEach(q -> System.out.println("queue         " + q));
    System.out.println("info topic    " + env.infoTopicArn());
    System.out.println("alerts topic  " + env.alertsTopicArn());
    System.out.println("kms (source)  " + env.sourceKmsKeyArn());
    System.out.println("kms (copy)    " + env.copyRegionKmsKeyArn());
    System.out.println("kms (dr acct) " + env.drAccountKmsKeyArn());
  }
}
