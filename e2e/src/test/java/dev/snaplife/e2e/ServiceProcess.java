package dev.snaplife.e2e;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * One service as its own operating-system process, launched the way it is deployed ({@code
 * scripts/service.sh run}: the extracted jar, {@code scripts/service-jvm.options}, the
 * ahead-of-time cache), so its start-up time and resident memory can be measured.
 */
final class ServiceProcess implements AutoCloseable {

  static final Path ROOT = repositoryRoot();

  private static final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private static final JsonMapper json = JsonMapper.builder().build();

  final String name;
  final Process process;
  final int port;
  final Path log;
  final long startedNanos;

  private ServiceProcess(String name, Process process, int port, Path log, long startedNanos) {
    this.name = name;
    this.process = process;
    this.port = port;
    this.log = log;
    this.startedNanos = startedNanos;
  }

  /** Extracts the jar and trains its cache when the build changed (not part of start-up). */
  static void prepare(String name, Map<String, String> properties) {
    Path log = logFile(name + "-prepare");
    Process prepare = launch("prepare", name, properties, 0, log);
    try {
      if (!prepare.waitFor(5, TimeUnit.MINUTES) || prepare.exitValue() != 0) {
        prepare.destroyForcibly();
        throw new IllegalStateException(
            "scripts/service.sh prepare " + name + " failed; see " + log);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  static ServiceProcess start(String name, Map<String, String> properties) {
    return start(name, name, properties);
  }

  /** Starts the service with its output in {@code e2e/target/service-logs/<logName>.log}. */
  static ServiceProcess start(String name, String logName, Map<String, String> properties) {
    int port = freePort();
    Path log = logFile(logName);
    long started = System.nanoTime();
    return new ServiceProcess(name, launch("run", name, properties, port, log), port, log, started);
  }

  private static Process launch(
      String command, String name, Map<String, String> properties, int port, Path log) {
    List<String> line = new ArrayList<>(List.of("bash", "scripts/service.sh", command, name));
    properties.forEach((key, value) -> line.add("--" + key + "=" + value));
    ProcessBuilder builder =
        new ProcessBuilder(line)
            .directory(ROOT.toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
    builder.environment().put("SERVER_PORT", Integer.toString(port));
    try {
      Process process = builder.start();
      // A benchmark killed halfway must not leave its services running.
      Runtime.getRuntime().addShutdownHook(new Thread(process::destroyForcibly));
      return process;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Waits until the health document says UP for the given queue; the time it took since start. */
  Duration awaitHealthy(String queue) {
    await()
        .atMost(Duration.ofMinutes(2))
        .pollInterval(Duration.ofMillis(50))
        .failFast("the process exited; see " + log, () -> !process.isAlive())
        .until(
            () -> {
              String body = get("/actuator/health");
              return body != null
                  && body.contains("\"queue\":\"" + queue + "\"")
                  && json.readTree(body).path("status").asString().equals("UP");
            });
    return Duration.ofNanos(System.nanoTime() - startedNanos);
  }

  /** Events handled so far, of every type. */
  double handled() {
    String body = get("/actuator/metrics/snaplife.events.consumed?tag=outcome:handled");
    if (body == null) {
      return 0;
    }
    JsonNode measurements = json.readTree(body).path("measurements");
    return measurements.isEmpty() ? 0 : measurements.get(0).path("value").asDouble();
  }

  /** The resident set now and at its peak, in MiB, from /proc. */
  Memory memory() {
    try {
      long rss = 0;
      long peak = 0;
      for (String line :
          Files.readAllLines(Path.of("/proc", Long.toString(process.pid()), "status"))) {
        if (line.startsWith("VmRSS:")) {
          rss = kib(line);
        } else if (line.startsWith("VmHWM:")) {
          peak = kib(line);
        }
      }
      return new Memory(rss / 1024, peak / 1024);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  record Memory(long rssMiB, long peakMiB) {}

  private static long kib(String statusLine) {
    return Long.parseLong(statusLine.replaceAll("[^0-9]", ""));
  }

  private String get(String path) {
    return get(port, path, Duration.ofSeconds(2));
  }

  /** The body of a GET on a local service's port; null when it does not answer 200. */
  static String get(int port, String path, Duration timeout) {
    try {
      HttpResponse<String> response =
          http.send(
              HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                  .timeout(timeout)
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      return response.statusCode() == 200 ? response.body() : null;
    } catch (IOException e) {
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(60, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
  }

  private static Path logFile(String name) {
    try {
      Path dir = ROOT.resolve("e2e/target/service-logs");
      Files.createDirectories(dir);
      return dir.resolve(name + ".log");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Path repositoryRoot() {
    Path dir = Path.of("").toAbsolutePath();
    while (dir != null && !Files.isRegularFile(dir.resolve("scripts/service.sh"))) {
      dir = dir.getParent();
    }
    if (dir == null) {
      throw new IllegalStateException(
          "scripts/service.sh not found above " + Path.of("").toAbsolutePath());
    }
    return dir;
  }
}
