package dev.snaplife.localaws;

import dev.snaplife.contracts.routing.ResourceNames;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The operator's command line, reading the endpoint, region and credentials from the standard AWS
 * environment variables and the environment name from {@code SNAPLIFE_ENVIRONMENT}:
 *
 * <pre>
 *   provision [environment]
 *   request-backup POLICY [--dry-run] [--database ID]... [--scheduled-time ISO-INSTANT]
 *   demo-fleet
 *   notifications [--for SECONDS]
 * </pre>
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
      case "request-backup" -> requestBackup(new OperatorCommands(aws, names), rest);
      case "demo-fleet" -> demoFleet(aws, names);
      case "notifications" -> notifications(aws, names, rest);
      default ->
          fail(
              "unknown command '"
                  + command
                  + "': provision | request-backup | demo-fleet | notifications");
    }
  }

  private static void requestBackup(OperatorCommands commands, List<String> args) {
    if (args.isEmpty() || args.get(0).startsWith("--")) {
      fail("usage: request-backup POLICY [--dry-run] [--database ID]... [--scheduled-time ISO]");
    }
    String policy = args.remove(0);
    if (commands.backupPolicies().isEmpty()) {
      System.err.println(
          "warning: the snapshot service has not published its policies here yet (never"
              + " started?); sending the request unchecked");
    }
    boolean dryRun = false;
    List<String> databases = new ArrayList<>();
    Instant at = OperatorCommands.thisHour();
    for (int i = 0; i < args.size(); i++) {
      switch (args.get(i)) {
        case "--dry-run" -> dryRun = true;
        case "--database" -> databases.add(value(args, ++i, "--database"));
        case "--scheduled-time" -> at = Instant.parse(value(args, ++i, "--scheduled-time"));
        default -> fail("unknown option " + args.get(i));
      }
    }
    UUID requested;
    try {
      requested = commands.requestBackup(policy, dryRun, databases, at);
    } catch (IllegalArgumentException refused) {
      fail(refused.getMessage());
      return;
    }
    System.out.println(
        "BackupRequested "
            + requested
            + " for policy "
            + policy
            + " at "
            + at
            + (dryRun ? " (dry run)" : ""));
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

  private static String value(List<String> args, int i, String option) {
    if (i >= args.size()) {
      fail(option + " needs a value");
    }
    return args.get(i);
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
