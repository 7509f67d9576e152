package dev.snaplife.notifier;

import dev.snaplife.contracts.routing.SnaplifeService;
import dev.snaplife.platform.testing.EmulatorEnvironment;
import dev.snaplife.platform.testing.ServiceIntegrationContract;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

@SpringBootTest(
    classes = NotifierServiceApplication.class,
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class NotifierServiceIntegrationTest extends ServiceIntegrationContract {

  static final EmulatorEnvironment aws = EmulatorEnvironment.provision();

  @DynamicPropertySource
  static void pointAtTheEmulator(DynamicPropertyRegistry registry) {
    aws.register(registry, SnaplifeService.NOTIFIER);
  }

  NotifierServiceIntegrationTest() {
    super(aws, SnaplifeService.NOTIFIER);
  }
}
