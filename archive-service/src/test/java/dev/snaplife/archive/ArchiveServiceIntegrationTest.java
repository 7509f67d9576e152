package dev.snaplife.archive;

import dev.snaplife.contracts.routing.SnaplifeService;
import dev.snaplife.platform.testing.EmulatorEnvironment;
import dev.snaplife.platform.testing.ServiceIntegrationContract;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

@SpringBootTest(
    classes = ArchiveServiceApplication.class,
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ArchiveServiceIntegrationTest extends ServiceIntegrationContract {

  static final EmulatorEnvironment aws = EmulatorEnvironment.provision();

  @DynamicPropertySource
  static void pointAtTheEmulator(DynamicPropertyRegistry registry) {
    aws.register(registry, SnaplifeService.ARCHIVE);
    // The policy the sample events name; its database has no login here, so a request for it is
    // an ArchiveFailed without a dump.
    registry.add("snaplife.archive.policies.yearly.identifiers", () -> "orders-db");
    registry.add("snaplife.archive.policies.yearly.verify-after-write", () -> "false");
  }

  ArchiveServiceIntegrationTest() {
    super(aws, SnaplifeService.ARCHIVE);
  }
}
