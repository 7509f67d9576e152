package dev.snaplife.cli;

import dev.snaplife.platform.testing.EmulatorEnvironment;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.util.Map;
import picocli.CommandLine;

/**
 * One run of {@code snaplife} in-process, as {@link SnaplifeCli#main} runs it, against an
 * environment on the emulator: its exit code and what it printed.
 */
public record CliRun(int exit, String out, String err) {

  public static CliRun run(EmulatorEnvironment env, String... args) {
    return run(env, new StringWriter(), args);
  }

  /**
   * The same, printing into {@code out} as it goes (a {@link StringWriter} may be read while the
   * command runs): for a command that keeps running, such as {@code status --watch}.
   */
  public static CliRun run(EmulatorEnvironment env, StringWriter out, String... args) {
    CommandLine cli =
        SnaplifeCli.commandLine(
            Map.of(
                "AWS_ENDPOINT_URL", env.target().endpoint().toString(),
                "AWS_REGION", "us-east-1",
                "AWS_ACCESS_KEY_ID", "test",
                "AWS_SECRET_ACCESS_KEY", "test",
                "SNAPLIFE_ENVIRONMENT", env.names().environment()));
    StringWriter err = new StringWriter();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err));
    int exit = cli.execute(args);
    return new CliRun(exit, out.toString(), err.toString());
  }

  /** A local port nothing listens on. */
  public static int closedPort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
