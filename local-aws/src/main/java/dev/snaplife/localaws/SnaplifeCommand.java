package dev.snaplife.localaws;

import dev.snaplife.contracts.routing.ResourceNames;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The emulator's and local run's command line, reading the endpoint, region and credentials from
 * the standard AWS environment variables and the environment name from {@code
 * SNAPLIFE_ENVIRONMENT}:
 *
 * <pre>
 *   provision [environment]
 *   demo-fleet
 *   notifications [--for SECONDS]
 * </pre>
 *
 * <p>The on-call and operator commands (runs by hand, schedules, DLQs) are {@code snaplife}, module
 * snaplife-cli.
 */
public final class SnaplifeCommand {

  private SnaplifeCommand() {}

  public static void main(String[] args) {
    List<String> rest = new ArrayList<>(Arrays.asList(args));
    String command = rest.isEmpty() ? "provision" : rest.remove(0);
    String environment =
        Optional.ofNullable(System.getenv("SNAPLIFE_ENVIRONMENT"))
            .orElse(ResourceNames.DEFAULT_ENVIRONMENT);
    if (command.equals("provision") && !rest.isEmpty()) {
      environment = rest.remove(0);
    }
    ResourceNames names;
    try {
      names = new ResourceNames(environment);
    } catch (IllegalArgumentException e) {
      fail("SNAPLIFE_ENVIRONMENT: " + e.getMessage());
      return;
    }
    AwsTarget aws = AwsTarget.fromEnvironment();
    switch (command) {
      case "provision" -> provision(aws, names);
      case "demo-fleet" -> demoFleet(aws, names);
      case "notifications" -> notifications(aws, names, rest);
      default ->
          fail(
              "unknown command '"
                  + command
                  + "': provision | demo-fleet | notifications (runs by hand, schedules and"
                  + " DLQs: scripts/snaplife)");
    }
  }

  private static void demoFleet(AwsTarget aws, ResourceNames names) {
    DemoFleet.Logins logins;
    try {
      logins = DemoFleet.Logins.fromEnvironment(System.getenv());
    } catch (IllegalArgumentException e) {
      fail(e.getMessage());
      return;
    }
    List<String> created = new DemoFleet(aws, names).create(logins);
    System.out.println(
        "demo fleet "
            + DemoFleet.databases()
            + (created.isEmpty() ? " (all there already)" : ", created " + created));
  }

  private static void notifications(AwsTarget aws, ResourceNames names, List<String> args) {
    java.time.Duration forHowLong = null;
    if (args.size() == 2 && args.get(0).equals("--for")) {
      forHowLong = java.time.Duration.ofSeconds(Long.parseLong(args.get(1)));
    } else if (!args.isEmpty()) {
      fail("usage: notifications [--for SECONDS]");
    }
    new NotificationTail(aws, names).follow(System.out, forHowLong);
  }

  private static void provision(AwsTarget aws, ResourceNames names) {
    ProvisionedEnvironment env =
        new Provisioner(aws, names, ProvisioningOptions.localDefaults(names.environment()))
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

  private static void fail(String message) {
    System.err.println(message);
    System.exit(2);
  }
}
