package dev.snaplife.localaws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.snaplife.localaws.DatabaseContainers.Coordinates;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DatabaseContainersTest {

  private static final Map<String, String> NONE = Map.of();

  @Test
  void theDatabaseModeDefaultsToTheLocalServersAndRefusesUnknownValues() {
    assertThat(DatabaseMode.select(NONE::get, NONE::get)).isEqualTo(DatabaseMode.LOCAL);
    assertThat(DatabaseMode.parse("containers")).isEqualTo(DatabaseMode.CONTAINERS);
    assertThat(DatabaseMode.parse("local")).isEqualTo(DatabaseMode.LOCAL);
    assertThat(
            DatabaseMode.select(
                Map.of("snaplife.databases", "containers")::get,
                Map.of("SNAPLIFE_DATABASES", "local")::get))
        .isEqualTo(DatabaseMode.CONTAINERS);
    assertThat(DatabaseMode.select(NONE::get, Map.of("SNAPLIFE_DATABASES", "containers")::get))
        .isEqualTo(DatabaseMode.CONTAINERS);
    assertThatThrownBy(() -> DatabaseMode.parse("docker"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("snaplife.databases")
        .hasMessageContaining("local, containers");
  }

  @Test
  void theContainersTakeTheCoordinatesTheArchiveTestsReadForTheLocalServers() {
    assertThat(Coordinates.from(NONE::get))
        .isEqualTo(new Coordinates(5432, "snaplife-local-admin", 3306, "snaplife-local-admin"));
    Map<String, String> environment =
        Map.of(
            "SNAPLIFE_PG_PORT", "15432",
            "SNAPLIFE_PG_ADMIN_PASSWORD", "pg-secret",
            "SNAPLIFE_MARIADB_PORT", "13306",
            "SNAPLIFE_MARIADB_ADMIN_PASSWORD", "maria-secret");
    assertThat(Coordinates.from(environment::get))
        .isEqualTo(new Coordinates(15432, "pg-secret", 13306, "maria-secret"));
  }

  @Test
  void theServersArePublishedOnLoopbackAtThosePortsWithTheAdminLogin() {
    Coordinates at = new Coordinates(15432, "pg-secret", 13306, "maria-secret");

    var postgres = DatabaseContainers.postgres(DatabaseContainers.DEFAULT_POSTGRES_IMAGE, at);
    assertThat(postgres.getPortBindings()).containsExactly("127.0.0.1:15432:5432/tcp");
    assertThat(postgres.getUsername()).isEqualTo("snaplife_admin");
    assertThat(postgres.getPassword()).isEqualTo("pg-secret");
    assertThat(postgres.getDatabaseName()).isEqualTo("postgres");

    var mariadb = DatabaseContainers.mariadb(DatabaseContainers.DEFAULT_MARIADB_IMAGE, at);
    assertThat(mariadb.getPortBindings()).containsExactly("127.0.0.1:13306:3306/tcp");
    assertThat(mariadb.getUsername()).isEqualTo("snaplife_admin");
    assertThat(mariadb.getPassword()).isEqualTo("maria-secret");
    // the tests create databases and logins: the admin needs every privilege, as locally
    assertThat(DatabaseContainers.MARIADB_ADMIN_GRANT)
        .isEqualTo("GRANT ALL PRIVILEGES ON *.* TO 'snaplife_admin'@'%' WITH GRANT OPTION;\n");

    assertThatThrownBy(() -> DatabaseContainers.portBinding(0, 5432))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void withoutDockerOrWithARemoteOneTheDatabaseContainersFailSayingWhatToDo() {
    assertThatThrownBy(() -> DatabaseContainers.requireDocker(() -> false))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("snaplife.databases=containers")
        .hasMessageContaining("no Docker engine")
        .hasMessageContaining("scripts/databases.sh start");
    assertThatCode(() -> DatabaseContainers.requireDocker(() -> true)).doesNotThrowAnyException();

    assertThatThrownBy(() -> DatabaseContainers.requireLoopback("192.168.99.100"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("snaplife.databases=containers")
        .hasMessageContaining("192.168.99.100");
    assertThatCode(() -> DatabaseContainers.requireLoopback("localhost"))
        .doesNotThrowAnyException();
  }

  @Test
  void aPortTheLocalServerHoldsFailsNamingTheVariableThatMovesIt() throws IOException {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      assertThatThrownBy(
              () ->
                  DatabaseContainers.requireFree(
                      "PostgreSQL", taken.getLocalPort(), "SNAPLIFE_PG_PORT"))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("127.0.0.1:" + taken.getLocalPort())
          .hasMessageContaining("SNAPLIFE_PG_PORT");
    }
    int free;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      free = socket.getLocalPort();
    }
    assertThatCode(() -> DatabaseContainers.requireFree("MariaDB", free, "SNAPLIFE_MARIADB_PORT"))
        .doesNotThrowAnyException();
  }

  @Test
  void testJvmsWithoutTheJdbcDriversStartNoDatabases() {
    // local-aws's tests talk to no database: neither driver is on this classpath
    assertThat(DatabaseContainersExtension.hasJdbcDrivers()).isFalse();
  }
}
