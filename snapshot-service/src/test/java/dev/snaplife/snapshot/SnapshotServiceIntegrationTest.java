package dev.snaplife.snapshot;

import dev.snaplife.contracts.routing.SnaplifeService;
import dev.snaplife.platform.testing.EmulatorEnvironment;
import dev.snaplife.platform.testing.ServiceIntegrationContract;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

@SpringBootTest(
    classes = SnapshotServiceApplication.class,
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class SnapshotServiceIntegrationTest extends ServiceIntegrationContract {

  static final EmulatorEnvironment aws = EmulatorEnvironment.provision();

  @DynamicPropertySource
  static void pointAtTheEmulator(DynamicPropertyRegistry registry) {
    aws.register(registry, SnaplifeService.SNAPSHOT);
    // The contract's sample request names policy "daily"; it selects no database of the
    // shared emulator's fleet.
    registry.add(
        "snaplife.snapshot.policies.daily.identifiers",
        () -> aws.names().environment() + "-no-such-database");
  }

  SnapshotServiceIntegrationTest() {
    super(aws, SnaplifeService.SNAPSHOT);
  }
}
