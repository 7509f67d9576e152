package dev.snaplife.archive.adapter.out.dump;

import dev.snaplife.archive.application.port.DumpTools.ToolFailedException;
import dev.snaplife.archive.domain.DatabaseCredentials;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

/**
 * One run of a tool: the child process, and the tail of its error output drained on a daemon thread
 * (so a chatty tool never blocks on a full pipe). Every text it gives out is scrubbed of the login.
 */
final class ToolProcess implements AutoCloseable {

  private static final int TAIL_BYTES = 8 * 1024;
  private static final Duration DRAIN_GRACE = Duration.ofSeconds(5);
  private static final int SIGNAL_OFFSET = 128;

  private final String name;
  private final Process process;
  private final DatabaseCredentials login;
  private final Tail stderr = new Tail();
  private final Thread drainer;

  private ToolProcess(String name, Process process, DatabaseCredentials login) {
    this.name = name;
    this.process = process;
    this.login = login;
    this.drainer =
        Thread.ofPlatform()
            .daemon()
            .name(name + "-stderr-" + process.pid())
            .start(() -> drain(process.getErrorStream()));
  }

  /**
   * @param environment edits the inherited environment
   * @throws ToolFailedException (NotConfigured) when the tool cannot be started
   */
  static ToolProcess start(
      String command,
      List<String> arguments,
      Consumer<Map<String, String>> environment,
      DatabaseCredentials login) {
    List<String> commandLine = new ArrayList<>();
    commandLine.add(command);
    commandLine.addAll(arguments);
    ProcessBuilder builder = new ProcessBuilder(commandLine);
    environment.accept(builder.environment());
    String name = displayName(command);
    try {
      return new ToolProcess(name, builder.start(), login);
    } catch (IOException e) {
      throw new ToolFailedException(
          name + " cannot be started (" + login.scrub(e.getMessage()) + ")",
          "NotConfigured",
          false);
    }
  }

  /** The environment of the PostgreSQL tools: the password, and nothing of the caller's PG*. */
  static Consumer<Map<String, String>> postgresEnvironment(DatabaseCredentials login) {
    return env -> {
      env.keySet().removeIf(key -> key.startsWith("PG"));
      env.put("PGPASSWORD", login.password());
      env.put("PGAPPNAME", "snaplife-archive");
      env.put("PGCONNECT_TIMEOUT", "10");
      // Messages in English, so an authentication failure is recognised.
      String all = env.remove("LC_ALL");
      if (all != null) {
        env.putIfAbsent("LC_CTYPE", all);
      }
      env.put("LC_MESSAGES", "C");
    };
  }

  /** The environment of the MySQL tools: nothing of the caller's that overrides the option file. */
  static Consumer<Map<String, String>> mysqlEnvironment() {
    return env -> {
      env.remove("MYSQL_PWD");
      env.remove("MYSQL_HOST");
      env.remove("MYSQL_TCP_PORT");
    };
  }

  String name() {
    return name;
  }

  InputStream stdout() {
    return process.getInputStream();
  }

  OutputStream stdin() {
    return process.getOutputStream();
  }

  ProcessHandle handle() {
    return process.toHandle();
  }

  /**
   * Waits for the tool to exit and its error output to be drained.
   *
   * @return its exit status; 128 + n when killed by signal n
   */
  int waitFor() {
    try {
      int exit = process.waitFor();
      drainer.join(DRAIN_GRACE);
      return exit;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      close();
      throw new ToolFailedException(name + " was interrupted", "Interrupted", true);
    }
  }

  /** "pg_dump failed (exit 1): what it said last", scrubbed. */
  String failure(int exit) {
    String how =
        exit > SIGNAL_OFFSET ? "killed by signal " + (exit - SIGNAL_OFFSET) : "exit " + exit;
    String said = stderrTail();
    return name + " failed (" + how + "): " + (said.isEmpty() ? "no error output" : said);
  }

  /** The last lines of its error output, scrubbed. */
  String stderrTail() {
    return login.scrub(stderr.text()).strip();
  }

  /** Whether the tool said that the server refused the login. */
  boolean refusedLogin() {
    String said = stderr.text().toLowerCase(Locale.ROOT);
    return said.contains("password authentication failed")
        || said.contains("no password supplied")
        || said.contains("access denied");
  }

  /** Kills the tool and whatever it started, if still running. */
  @Override
  public void close() {
    process.descendants().forEach(ProcessHandle::destroyForcibly);
    process.destroyForcibly();
  }

  private void drain(InputStream errors) {
    byte[] buffer = new byte[4096];
    try (errors) {
      int n;
      while ((n = errors.read(buffer)) != -1) {
        stderr.append(buffer, n);
      }
    } catch (IOException e) {
      // the stream closes when the process is killed: what was read stays in the tail
    }
  }

  private static String displayName(String command) {
    Path fileName = Path.of(command).getFileName();
    return fileName == null ? command : fileName.toString();
  }

  /** The last {@value #TAIL_BYTES} bytes written. */
  private static final class Tail {
    private final byte[] ring = new byte[TAIL_BYTES];
    private long written;

    synchronized void append(byte[] bytes, int length) {
      for (int i = 0; i < length; i++) {
        ring[(int) (written++ % TAIL_BYTES)] = bytes[i];
      }
    }

    synchronized String text() {
      int size = (int) Math.min(written, TAIL_BYTES);
      byte[] tail = new byte[size];
      int start = (int) ((written - size) % TAIL_BYTES);
      for (int i = 0; i < size; i++) {
        tail[i] = ring[(start + i) % TAIL_BYTES];
      }
      return new String(tail, StandardCharsets.UTF_8);
    }
  }
}
