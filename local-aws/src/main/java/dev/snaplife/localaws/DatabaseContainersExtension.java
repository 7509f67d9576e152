package dev.snaplife.localaws;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Starts the archive tests' databases in containers before the first test class of a JVM when
 * {@code snaplife.databases=containers}, and stops them when the JVM's tests are done. Otherwise it
 * does nothing.
 *
 * <p>Registered through {@code META-INF/services}, so it applies where JUnit's extension
 * autodetection is on ({@code junit.jupiter.extensions.autodetection.enabled=true}, which the
 * {@code containers} Maven profile sets), and only in test JVMs that carry both JDBC drivers: those
 * of the tests that talk to the databases (archive-service, e2e). A start that fails fails the test
 * class, with the reason; it never skips it.
 */
public final class DatabaseContainersExtension implements BeforeAllCallback {

  @Override
  public void beforeAll(ExtensionContext context) {
    if (DatabaseMode.selected() != DatabaseMode.CONTAINERS || !hasJdbcDrivers()) {
      return;
    }
    context
        .getRoot()
        .getStore(ExtensionContext.Namespace.create(DatabaseContainersExtension.class))
        .computeIfAbsent(
            "databases",
            key -> {
              DatabaseContainers.start();
              return (AutoCloseable) DatabaseContainers::stop;
            },
            AutoCloseable.class);
  }

  static boolean hasJdbcDrivers() {
    ClassLoader loader = DatabaseContainersExtension.class.getClassLoader();
    return present(loader, "org.postgresql.Driver") && present(loader, "org.mariadb.jdbc.Driver");
  }

  private static boolean present(ClassLoader loader, String name) {
    try {
      Class.forName(name, false, loader);
      return true;
    } catch (ClassNotFoundException e) {
      return false;
    }
  }
}
