package dev.snaplife.archive.adapter.out.dump;

import dev.snaplife.platform.config.SnaplifeConfigurationException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Whether the configured tools run at all: checked at start-up rather than at the first dump. */
public final class ToolCheck {

  private static final long TIMEOUT_SECONDS = 5;
  private static final Pattern PG_VERSION = Pattern.compile("\\(PostgreSQL\\)\\s+(\\d+)");

  private ToolCheck() {}

  /**
   * Runs each tool with {@code --version}.
   *
   * @return each tool's first line of output, keyed by the tool as configured
   * @throws SnaplifeConfigurationException naming the property of each tool that does not run, and
   *     the Debian package that provides it
   */
  public static Map<String, String> verify(Tools tools) {
    Map<String, String> versions = new LinkedHashMap<>();
    List<String> problems = new ArrayList<>();
    check(tools.pgDump(), "pg-dump", "postgresql-client", versions, problems);
    check(tools.pgRestore(), "pg-restore", "postgresql-client", versions, problems);
    check(tools.mysqlDump(), "mysql-dump", "mariadb-client", versions, problems);
    check(tools.mysqlClient(), "mysql-client", "mariadb-client", versions, problems);
    if (!problems.isEmpty()) {
      throw new SnaplifeConfigurationException(problems);
    }
    return Collections.unmodifiableMap(versions);
  }

  /**
   * The major version of a pg_dump ({@code pg_dump (PostgreSQL) 15.18} is 15): it dumps servers of
   * that version and older only.
   *
   * @throws IllegalStateException when it does not run or does not say its version
   */
  public static int pgDumpMajorVersion(String pgDump) {
    String line = versionLine(pgDump);
    Matcher version = PG_VERSION.matcher(line);
    if (!version.find()) {
      throw new IllegalStateException(
          "'" + pgDump + " --version' printed '" + line + "', not a pg_dump version");
    }
    return Integer.parseInt(version.group(1));
  }

  private static void check(
      String tool,
      String property,
      String debianPackage,
      Map<String, String> versions,
      List<String> problems) {
    try {
      versions.put(tool, versionLine(tool));
    } catch (IllegalStateException e) {
      problems.add(
          "snaplife.archive.tools."
              + property
              + ": "
              + e.getMessage()
              + "; install the Debian package "
              + debianPackage
              + " or set the property to the tool's path");
    }
  }

  private static String versionLine(String tool) {
    Process process;
    try {
      process = new ProcessBuilder(tool, "--version").redirectErrorStream(true).start();
    } catch (IOException e) {
      throw new IllegalStateException("'" + tool + "' cannot be run (" + e.getMessage() + ")");
    }
    try {
      process.getOutputStream().close();
      if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        throw new IllegalStateException(
            "'" + tool + " --version' did not answer within " + TIMEOUT_SECONDS + " s");
      }
      // A version fits in the pipe's buffer: read once the tool has exited.
      String output =
          new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
      if (process.exitValue() != 0) {
        throw new IllegalStateException(
            "'" + tool + " --version' exited with " + process.exitValue() + ": " + output);
      }
      return output
          .lines()
          .findFirst()
          .filter(line -> !line.isBlank())
          .orElseThrow(() -> new IllegalStateException("'" + tool + " --version' printed nothing"));
    } catch (IOException e) {
      throw new IllegalStateException("'" + tool + " --version' failed (" + e.getMessage() + ")");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while running '" + tool + " --version'");
    } finally {
      process.destroyForcibly();
    }
  }
}
