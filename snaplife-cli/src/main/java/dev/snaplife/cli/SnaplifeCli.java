package dev.snaplife.cli;

import dev.snaplife.cli.dlq.DlqCommand;
import dev.snaplife.cli.operator.ArchiveCommand;
import dev.snaplife.cli.operator.BackupCommand;
import dev.snaplife.cli.schedule.SchedulesCommand;
import dev.snaplife.cli.status.StatusCommand;
import dev.snaplife.contracts.routing.ResourceNames;
import java.net.URI;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/**
 * {@code snaplife}: the on-call command. It talks to AWS directly (no Snaplife service needs to be
 * running) and reads where from the standard AWS environment and {@code SNAPLIFE_ENVIRONMENT}.
 */
@Command(
    name = "snaplife",
    mixinStandardHelpOptions = true,
    version = "snaplife 0.1.0",
    subcommands = {
      StatusCommand.class,
      DlqCommand.class,
      BackupCommand.class,
      ArchiveCommand.class,
      SchedulesCommand.class,
      CommandLine.HelpCommand.class
    },
    description = {
      "The on-call command of Snaplife. Talks to AWS directly; no Snaplife service needs to run.",
      "",
      "  dlq        what the services gave up on, and putting it back",
      "  backup     run a backup policy now (what its schedule does)",
      "  archive    run an archive policy now",
      "  schedules  what fires when, and what it sends",
      "",
      "AWS is found as the SDK finds it: AWS_ENDPOINT_URL (an emulator), AWS_REGION (default us-east-1), AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY or a profile. The environment (the prefix of every queue, bus, table and schedule group name) is SNAPLIFE_ENVIRONMENT, default 'snaplife'."
    },
    footer = {
      "",
      "Exit codes: 0 ok; 1 the operation found a problem (a replay partly failed, an id not found, a backup policy snapshot-service does not run); 2 usage error; 3 AWS unreachable or refused (no endpoint, access denied, a queue, bus or schedule group missing: the environment may not be provisioned)."
    })
public final class SnaplifeCli {

  public static final int PROBLEM = 1;
  public static final int AWS_UNAVAILABLE = 3;

  private final Map<String, String> env;

  @Spec private CommandSpec spec;

  @Option(
      names = "--environment",
      scope = ScopeType.INHERIT,
      paramLabel = "NAME",
      description =
          "Snaplife environment (resource name prefix); default $SNAPLIFE_ENVIRONMENT or"
              + " 'snaplife'.")
  private @Nullable String environment;

  @Option(
      names = "--endpoint-url",
      scope = ScopeType.INHERIT,
      paramLabel = "URL",
      description = "AWS endpoint override (an emulator); default $AWS_ENDPOINT_URL.")
  private @Nullable URI endpointUrl;

  /**
   * @param env the environment variables to read (the process's in {@link #main}, a map in tests)
   */
  public SnaplifeCli(Map<String, String> env) {
    this.env = Map.copyOf(env);
  }

  public static void main(String[] args) {
    // The SDK logs through SLF4J; without a provider SLF4J warns on stderr at every run.
    System.setProperty("slf4j.internal.verbosity", "ERROR");
    System.exit(commandLine(System.getenv()).execute(args));
  }

  /** The command line with its exit-code mapping, as {@link #main} runs it. */
  public static CommandLine commandLine(Map<String, String> env) {
    CommandLine commandLine = new CommandLine(new SnaplifeCli(env));
    commandLine.setExecutionExceptionHandler(
        (e, cmd, parsed) -> {
          if (e instanceof AwsUnavailableException) {
            cmd.getErr().println("snaplife: " + e.getMessage());
            return AWS_UNAVAILABLE;
          }
          throw e;
        });
    return commandLine;
  }

  /** The environment's resource names; a malformed name is a usage error. */
  public ResourceNames names() {
    String name =
        Optional.ofNullable(environment)
            .or(() -> Optional.ofNullable(env.get("SNAPLIFE_ENVIRONMENT")))
            .filter(s -> !s.isBlank())
            .orElse(ResourceNames.DEFAULT_ENVIRONMENT);
    try {
      return new ResourceNames(name);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(
          spec.commandLine(), "--environment / SNAPLIFE_ENVIRONMENT: " + e.getMessage());
    }
  }

  public AwsConnection aws() {
    return AwsConnection.from(env, endpointUrl);
  }
}
