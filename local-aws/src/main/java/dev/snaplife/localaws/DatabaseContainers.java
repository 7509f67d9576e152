package dev.snaplife.localaws;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.JdbcDatabaseContainer;
import org.testcontainers.images.builder.Transferable;
import org.testcontainers.mariadb.MariaDBContainer;
import org.testcontainers.postgresql.PostgreSQLContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * The archive tests' PostgreSQL and MariaDB in containers ({@code snaplife.databases=containers}),
 * published on the loopback ports and with the admin login the tests already read ({@code
 * SNAPLIFE_PG_PORT}, {@code SNAPLIFE_MARIADB_PORT}, {@code SNAPLIFE_*_ADMIN_PASSWORD}, defaults
 * 5432, 3306 and {@code snaplife-local-admin}; user {@code snaplife_admin}, as {@code
 * scripts/databases.sh} creates it). So the coordinates reach the tests exactly as the local
 * servers' do, and the dump tools on the PATH reach them too.
 *
 * <p>Started by {@link DatabaseContainersExtension} and stopped when the JVM's tests are done (the
 * next test JVM needs the same ports); Ryuk removes them should the JVM die first.
 */
public final class DatabaseContainers {

  public static final String ADMIN = "snaplife_admin";
  public static final String DEFAULT_PASSWORD = "snaplife-local-admin";

  /**
   * The images: the servers' majors match Debian 12's client tools (pg_dump 15 refuses a newer
   * server) and the local servers the tests are written against.
   */
  public static final String POSTGRES_IMAGE_PROPERTY = "snaplife.databases.postgres-image";

  public static final String DEFAULT_POSTGRES_IMAGE = "postgres:15";
  public static final String MARIADB_IMAGE_PROPERTY = "snaplife.databases.mariadb-image";
  public static final String DEFAULT_MARIADB_IMAGE = "mariadb:10.11";

  /** Where and as whom the tests reach the two servers, from the tests' own variables. */
  public record Coordinates(
      int postgresPort, String postgresPassword, int mariadbPort, String mariadbPassword) {

    public static Coordinates from(Function<String, @Nullable String> environment) {
      return new Coordinates(
          port(environment, "SNAPLIFE_PG_PORT", 5432),
          value(environment, "SNAPLIFE_PG_ADMIN_PASSWORD", DEFAULT_PASSWORD),
          port(environment, "SNAPLIFE_MARIADB_PORT", 3306),
          value(environment, "SNAPLIFE_MARIADB_ADMIN_PASSWORD", DEFAULT_PASSWORD));
    }

    private static String value(
        Function<String, @Nullable String> environment, String name, String fallback) {
      String value = environment.apply(name);
      return value == null || value.isBlank() ? fallback : value;
    }

    private static int port(
        Function<String, @Nullable String> environment, String name, int fallback) {
      return Integer.parseInt(value(environment, name, String.valueOf(fallback)));
    }
  }

  private static @Nullable List<JdbcDatabaseContainer<?>> running;

  private DatabaseContainers() {}

  /** Starts both servers unless they run already. */
  public static synchronized void start() {
    if (running != null) {
      return;
    }
    requireDocker(() -> DockerClientFactory.instance().isDockerAvailable());
    requireLoopback(DockerClientFactory.instance().dockerHostIpAddress());
    Coordinates at = Coordinates.from(System::getenv);
    requireFree("PostgreSQL", at.postgresPort(), "SNAPLIFE_PG_PORT");
    requireFree("MariaDB", at.mariadbPort(), "SNAPLIFE_MARIADB_PORT");
    PostgreSQLContainer postgres =
        postgres(image(POSTGRES_IMAGE_PROPERTY, DEFAULT_POSTGRES_IMAGE), at);
    MariaDBContainer mariadb = mariadb(image(MARIADB_IMAGE_PROPERTY, DEFAULT_MARIADB_IMAGE), at);
    postgres.start();
    try {
      mariadb.start();
    } catch (RuntimeException e) {
      postgres.stop();
      throw e;
    }
    running = List.of(postgres, mariadb);
  }

  /** Stops both servers, freeing their ports for the next test JVM. */
  public static synchronized void stop() {
    if (running != null) {
      running.forEach(JdbcDatabaseContainer::stop);
      running = null;
    }
  }

  static PostgreSQLContainer postgres(String image, Coordinates at) {
    PostgreSQLContainer container =
        new PostgreSQLContainer(DockerImageName.parse(image).asCompatibleSubstituteFor("postgres"))
            // POSTGRES_USER is a superuser, as scripts/databases.sh makes snaplife_admin
            .withUsername(ADMIN)
            .withPassword(at.postgresPassword())
            .withDatabaseName("postgres");
    container.setPortBindings(
        List.of(portBinding(at.postgresPort(), PostgreSQLContainer.POSTGRESQL_PORT)));
    return container;
  }

  static MariaDBContainer mariadb(String image, Coordinates at) {
    MariaDBContainer container =
        new MariaDBContainer(DockerImageName.parse(image).asCompatibleSubstituteFor("mariadb"))
            .withUsername(ADMIN)
            .withPassword(at.mariadbPassword());
    // The image's user only owns its database; the tests create databases and logins.
    container.withCopyToContainer(
        Transferable.of(MARIADB_ADMIN_GRANT), "/docker-entrypoint-initdb.d/10-snaplife-admin.sql");
    container.setPortBindings(List.of(portBinding(at.mariadbPort(), 3306)));
    return container;
  }

  static final String MARIADB_ADMIN_GRANT =
      "GRANT ALL PRIVILEGES ON *.* TO '" + ADMIN + "'@'%' WITH GRANT OPTION;\n";

  /** A Docker port binding on loopback only, as the local servers listen. */
  static String portBinding(int hostPort, int containerPort) {
    if (hostPort < 1 || hostPort > 65_535) {
      throw new IllegalArgumentException("not a port: " + hostPort);
    }
    return "127.0.0.1:" + hostPort + ":" + containerPort;
  }

  /** Fails when something (the local server, say) already listens where a container would. */
  static void requireFree(String server, int port, String variable) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 1000);
    } catch (IOException free) {
      return;
    }
    throw new IllegalStateException(
        DatabaseMode.PROPERTY
            + "=containers publishes "
            + server
            + " on 127.0.0.1:"
            + port
            + ", and something listens there already (the local server? `scripts/databases.sh"
            + " stop`). Free the port, or set "
            + variable
            + " to another.");
  }

  static void requireDocker(BooleanSupplier dockerAvailable) {
    if (!dockerAvailable.getAsBoolean()) {
      throw new IllegalStateException(
          DatabaseMode.PROPERTY
              + "=containers runs PostgreSQL and MariaDB in containers, and Testcontainers finds"
              + " no Docker engine. Start Docker (or point DOCKER_HOST at one), or use the local"
              + " servers: leave "
              + DatabaseMode.PROPERTY
              + " unset (or -D"
              + DatabaseMode.PROPERTY
              + "=local) and `scripts/databases.sh start`.");
    }
  }

  /** The tests reach their databases on 127.0.0.1: a remote Docker host cannot serve them. */
  static void requireLoopback(String dockerHost) {
    if (!List.of("localhost", "127.0.0.1", "::1", "0:0:0:0:0:0:0:1").contains(dockerHost)) {
      throw new IllegalStateException(
          DatabaseMode.PROPERTY
              + "=containers needs Docker on this machine: the archive tests reach their"
              + " databases on 127.0.0.1, and Docker's containers are on "
              + dockerHost
              + ". Use the local servers instead (-D"
              + DatabaseMode.PROPERTY
              + "=local and `scripts/databases.sh start`).");
    }
  }

  private static String image(String property, String fallback) {
    return EmulatorContainers.imageName(System.getProperty(property), fallback);
  }
}
