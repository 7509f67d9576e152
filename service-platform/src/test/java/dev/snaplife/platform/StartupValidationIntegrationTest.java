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
  void refusesAClaimLeaseNotShorterThanTheQueueVisibilityTimeoutPrintingItAlone(
      CapturedOutput output) {
    assertThatThrownBy(() -> start(Map.of("snaplife.events.claim-lease", "10m")))
        .rootCause()
        .hasMessageStartingWith(
            "snaplife.events.claim-lease: 10 min must be shorter than the queue's visibility"
                + " timeout of 45 s, or a redelivery after a crash would find the claim still"
                + " held (queue '"
                + aws.names().queue(SnaplifeService.ARCHIVE)
                + "')");
    // Spring Boot's failure report, not a stack trace: the property and the problem, first.
    assertThat(output)
        .contains(
            "Snaplife configuration refused:\n\n  snaplife.events.claim-lease: 10 min must be"
                + " shorter")
        .contains("Action:");
  }

  @Test
  void refusesARetryWindowThatWouldNotOutlastTheOutageTolerance() {
    assertThatThrownBy(
            () ->
                start(
                    Map.of(
                        "snaplife.events.outage-tolerance", "15m",
                        "snaplife.events.retry.max-backoff", "2s")))
        .rootCause()
        .hasMessageContaining(
            "a failing message is retried for 17 s before the dead-letter queue, less than the"
                + " outage tolerance plus the claim lease (15 min 6 s)");
  }

  @Test
  void refusesToForgetProcessedEventsBeforeTheDeadLetterQueueForgetsItsMessages() {
    assertThatThrownBy(() -> start(Map.of("snaplife.events.processed-retention", "7d")))
        .rootCause()
        .hasMessageStartingWith(
            "snaplife.events.processed-retention: 7 d is shorter than the dead-letter queue's"
                + " retention of 14 d");
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
