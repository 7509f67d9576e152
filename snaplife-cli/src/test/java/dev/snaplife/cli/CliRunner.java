package dev.snaplife.cli;

import dev.snaplife.platform.testing.EmulatorEnvironment;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;
import picocli.CommandLine;

/** Runs {@code snaplife} in-process against an emulator environment, as its main would. */
public final class CliRunner {

  /** What a run printed and returned. */
  public record Run(int exit, String out, String err) {}

  private CliRunner() {}

  public static Run run(EmulatorEnvironment env, String... args) {
    return run(
        Map.of(
            "AWS_ENDPOINT_URL", env.target().endpoint().toString(),
            "AWS_REGION", "us-east-1",
            "AWS_ACCESS_KEY_ID", "test",
            "AWS_SECRET_ACCESS_KEY", "test",
            "SNAPLIFE_ENVIRONMENT", env.names().environment()),
        args);
  }

  public static Run run(Map<String, String> variables, String... args) {
    CommandLine cli = SnaplifeCli.commandLine(variables);
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    cli.setOut(new PrintWriter(out));
    cli.setErr(new PrintWriter(err));
    int exit = cli.execute(args);
    return new Run(exit, out.toString(), err.toString());
  }
}
