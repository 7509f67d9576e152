package dev.snaplife.deploy;

import dev.snaplife.contracts.routing.ResourceNames;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Writes an environment's two templates: {@code <env>-home.json}, {@code <env>-destination.json}.
 */
@Command(
    name = "snaplife-deploy",
    mixinStandardHelpOptions = true,
    description = "Writes the CloudFormation templates of a Snaplife environment.")
public final class DeployCommand implements Callable<Integer> {

  @Option(
      names = "--environment",
      defaultValue = ResourceNames.DEFAULT_ENVIRONMENT,
      description = "Environment name, the prefix of every resource (default: ${DEFAULT-VALUE})")
  String environment;

  @Option(
      names = "--out",
      defaultValue = "deploy/templates",
      description = "Directory to write into (default: ${DEFAULT-VALUE})")
  Path out;

  public static void main(String[] args) {
    System.exit(new CommandLine(new DeployCommand()).execute(args));
  }

  @Override
  public Integer call() throws IOException {
    ResourceNames names = new ResourceNames(environment);
    Files.createDirectories(out);
    for (Path written : Templates.write(names, out)) {
      System.out.println(written);
    }
    return 0;
  }
}
