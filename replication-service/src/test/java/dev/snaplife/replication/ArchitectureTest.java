package dev.snaplife.replication;

import dev.snaplife.platform.testing.ServiceArchitectureRules;
import org.junit.jupiter.api.Test;

class ArchitectureTest {

  @Test
  void layersDependInwardsOnly() {
    ServiceArchitectureRules.check("dev.snaplife.replication");
  }
}
