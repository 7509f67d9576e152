package dev.snaplife.replication.application.port;

import dev.snaplife.replication.domain.Location;

/** KMS, for what RDS will not say itself: who manages a snapshot's key. */
public interface Keys {

  /**
   * Whether the key is AWS-managed ({@code aws/rds}): a snapshot encrypted with it cannot be
   * shared.
   *
   * @throws RdsSnapshots.StepRefused when the key cannot be described (gone, or not accessible)
   */
  boolean awsManaged(Location location, String keyId);
}
