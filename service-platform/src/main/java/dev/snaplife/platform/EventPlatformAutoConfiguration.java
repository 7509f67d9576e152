package dev.snaplife.platform;

import dev.snaplife.contracts.json.EventCodec;
import dev.snaplife.contracts.routing.SnaplifeService;
import dev.snaplife.platform.aws.AwsClientsConfiguration;
import dev.snaplife.platform.config.SnaplifeProperties;
import dev.snaplife.platform.consume.EventListenerConfiguration;
import dev.snaplife.platform.publish.EventBridgeEventPublisher;
import dev.snaplife.platform.publish.EventPublisher;
import dev.snaplife.platform.publish.OutgoingEvents;
import dev.snaplife.platform.publish.ScheduledRequests;
import io.awspring.cloud.autoconfigure.core.AwsAutoConfiguration;
import io.awspring.cloud.autoconfigure.sqs.SqsAutoConfiguration;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;

/** Everything a Snaplife service gets by depending on the platform. */
@AutoConfiguration(after = {AwsAutoConfiguration.class, SqsAutoConfiguration.class})
@EnableConfigurationProperties(SnaplifeProperties.class)
@Import({AwsClientsConfiguration.class, EventListenerConfiguration.class})
public class EventPlatformAutoConfiguration {

  @Bean
  @ConditionalOnMissingBean
  Clock clock() {
    return Clock.systemUTC();
  }

  @Bean
  EventCodec eventCodec() {
    return new EventCodec();
  }

  @Bean
  @ConditionalOnMissingBean
  EventPublisher eventPublisher(
      EventBridgeClient eventBridge,
      EventCodec codec,
      SnaplifeProperties properties,
      MeterRegistry meters) {
    return new EventBridgeEventPublisher(
        eventBridge,
        codec,
        properties.busName(),
        properties.snaplifeService().source(),
        properties.events().publishMaxAttempts(),
        meters);
  }

  /** For services that relay EventBridge Scheduler's firings onto the bus as its requests. */
  @Bean
  ScheduledRequests scheduledRequests(
      EventBridgeClient eventBridge,
      EventCodec codec,
      SnaplifeProperties properties,
      MeterRegistry meters) {
    return new ScheduledRequests(
        new EventBridgeEventPublisher(
            eventBridge,
            codec,
            properties.busName(),
            SnaplifeService.SCHEDULER_SOURCE,
            properties.events().publishMaxAttempts(),
            meters));
  }

  @Bean
  OutgoingEvents outgoingEvents(SnaplifeProperties properties, Clock clock) {
    return new OutgoingEvents(properties.snaplifeService().source(), clock);
  }
}
