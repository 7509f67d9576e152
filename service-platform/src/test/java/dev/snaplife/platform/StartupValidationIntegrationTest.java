package dev.snaplife.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.snaplife.contracts.routing.SnaplifeService;
import dev.snaplife.platform.testing.EmulatorEnvironment;
import dev.snaplife.platform.testservice.TestArchiveService;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A service refuses to start on bad configuration, and what it prints names the property and the
 * problem: that is what on-call reads in a crash-looping deployment.
 */
@ExtendWith(OutputCaptureExtension.class)
class StartupValidationIntegrationTest {

  static final EmulatorEnvironment aws = EmulatorEnvironment.provision();

  @Test
  void refusesAServiceNameThatIsNotASnaplifeService(CapturedOutput output) {
    assertThatThrownBy(() -> start(Map.of("snaplife.service", "backup-service")))
        .isInstanceOf(RuntimeException.class);
    assertThat(output)
        .contains("Property: snaplife.service")
        .contains("must name a Snaplife service");
  }

  @Test
  void refusesAMultiplierThatWouldShrinkTheBackoff(CapturedOutput output) {
    assertThatThrownBy(() -> start(Map.of("snaplife.events.retry.multiplier", "0.5")))
        .isInstanceOf(RuntimeException.class);
    assertThat(output).contains("Property: snaplife.events.retry.multiplier");
  }

  @Test
  void refusesAClaimLeaseLongerThanTheQueueVisibilityTimeout() {
    assertThatThrownBy(() -> start(Map.of("snaplife.events.claim-lease", "10m")))
        .hasRootCauseMessage(
            "snaplife.events.claim-lease: PT10M must be shorter than queue '"
                + aws.names().queue(SnaplifeService.ARCHIVE)
                + "' visibility timeout of PT5M, or a redelivery would find the event still"
                + " claimed by a crashed consumer");
  }

  @Test
  void refusesAQueueThatWasNeverProvisioned() {
    assertThatThrownBy(() -> start(Map.of("snaplife.events.queue", "nobody-provisioned-this")))
        .rootCause()
        .hasMessageStartingWith(
            "snaplife.events.queue: queue 'nobody-provisioned-this' does not exist");
  }

  @Test
  void startsWithTheSameSettingsWhenNothingIsWrong() {
    try (ConfigurableApplicationContext context = start(Map.of())) {
      assertThat(context.isRunning()).isTrue();
    }
  }

  private static ConfigurableApplicationContext start(Map<String, String> overrides) {
    Map<String, Object> properties =
        new java.util.HashMap<>(aws.serviceProperties(SnaplifeService.ARCHIVE));
    properties.putAll(overrides);
    return new SpringApplicationBuilder(TestArchiveService.class)
        .web(WebApplicationType.NONE)
        .properties(properties)
        .run();
  }
}
