package dev.snaplife.contracts.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ResourceNamesTest {

  @Test
  void derivesEveryNameFromTheEnvironment() {
    ResourceNames names = new ResourceNames("snaplife-staging");

    assertThat(names.queue(SnaplifeService.EXPORT)).isEqualTo("snaplife-staging-export-service");
    assertThat(names.deadLetterQueue(SnaplifeService.EXPORT))
        .isEqualTo("snaplife-staging-export-service-dlq");
    assertThat(names.processedEventsTable(SnaplifeService.NOTIFIER))
        .isEqualTo("snaplife-staging-notifier-service-processed-events");
    assertThat(names.exportsBucket("123456789012", "us-east-1"))
        .isEqualTo("snaplife-staging-exports-123456789012-us-east-1");
  }

  @Test
  void everyRuleNameFitsEventBridgesSixtyFourCharactersForTheLongestEnvironment() {
    ResourceNames longest = new ResourceNames("a".repeat(30));

    for (SnaplifeService service : SnaplifeService.values()) {
      assertThat(longest.rule(service)).hasSizeLessThanOrEqualTo(64);
      for (NativeEventType type : NativeEventType.values()) {
        assertThat(longest.nativeRule(service, type)).hasSizeLessThanOrEqualTo(64);
      }
      assertThat(longest.deadLetterAlarm(service)).hasSizeLessThanOrEqualTo(255);
    }
  }

  @Test
  void refusesAnEnvironmentThatCannotNameABucket() {
    assertThatThrownBy(() -> new ResourceNames("Snaplife_Prod"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("environment must match");
  }
}
