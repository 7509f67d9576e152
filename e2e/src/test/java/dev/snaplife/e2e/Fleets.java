package dev.snaplife.e2e;

import java.util.function.Consumer;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.CreateDbInstanceRequest;
import software.amazon.awssdk.services.rds.model.DbInstanceAlreadyExistsException;

/** Building test fleets on the emulator, from many threads at once. */
final class Fleets {

  private Fleets() {}

  /**
   * Creates an instance; one that exists already is fine (a retried attempt whose first try the
   * emulator completed).
   */
  static void createInstance(RdsClient rds, Consumer<CreateDbInstanceRequest.Builder> request) {
    try {
      rds.createDBInstance(request);
    } catch (DbInstanceAlreadyExistsException retriedAfterSuccess) {
      // The instance is there, as wanted.
    }
  }
}
