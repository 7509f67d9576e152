package dev.snaplife.platform.consume;

import dev.snaplife.contracts.json.EventCodec;
import dev.snaplife.platform.config.SnaplifeProperties;
import io.awspring.cloud.sqs.listener.SqsMessageListenerContainer;
import io.awspring.cloud.sqs.listener.acknowledgement.handler.AcknowledgementMode;
import io.awspring.cloud.sqs.listener.errorhandler.ExponentialBackoffErrorHandler;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

/**
 * The service's queue listener, built once here for every service from its properties: a Spring
 * Cloud AWS container on the service's own queue, acknowledging on success only, with exponential
 * backoff (by visibility timeout) for failures.
 */
@Configuration(proxyBeanMethods = false)
public class EventListenerConfiguration {

  @Bean
  QueueBinding queueBinding(SqsAsyncClient sqs, SnaplifeProperties properties) {
    return QueueBinding.resolve(sqs, properties.queue(), properties.events().claimLease());
  }

  @Bean
  EventHandlers eventHandlers(
      SnaplifeProperties properties,
      ObjectProvider<EventHandler> handlers,
      ObjectProvider<NativeEventHandler> nativeHandlers) {
    return new EventHandlers(
        properties.snaplifeService(),
        handlers.orderedStream().toList(),
        nativeHandlers.orderedStream().toList());
  }

  @Bean
  ProcessedEvents processedEvents(
      DynamoDbClient dynamo, SnaplifeProperties properties, Clock clock) {
    return new DynamoDbProcessedEvents(
        dynamo,
        properties.processedEventsTable(),
        properties.events().claimLease(),
        properties.events().processedRetention(),
        clock);
  }

  @Bean
  DeadLetterQueue deadLetterQueue(SqsAsyncClient sqs, QueueBinding queue, Clock clock) {
    return new DeadLetterQueue(sqs, queue, clock);
  }

  @Bean
  InboundEventProcessor inboundEventProcessor(
      EventCodec codec,
      SnaplifeProperties properties,
      EventHandlers handlers,
      ProcessedEvents processedEvents,
      DeadLetterQueue deadLetters,
      MeterRegistry meters) {
    return new InboundEventProcessor(
        new InboundMessageParser(codec, properties.snaplifeService()),
        handlers,
        processedEvents,
        deadLetters,
        meters);
  }

  @Bean
  SqsMessageListenerContainer<String> snaplifeEventListenerContainer(
      SqsAsyncClient sqs,
      QueueBinding queue,
      SnaplifeProperties properties,
      InboundEventProcessor processor) {
    SnaplifeProperties.Retry retry = properties.events().retry();
    Duration pollTimeout = properties.events().pollTimeout();
    return SqsMessageListenerContainer.<String>builder()
        .id(properties.service() + "-events")
        .sqsAsyncClient(sqs)
        .queueNames(queue.queueUrl())
        .messageListener(processor)
        .errorHandler(
            ExponentialBackoffErrorHandler.<String>builder()
                .initialVisibilityTimeoutSeconds(seconds(retry.initialBackoff()))
                .maxVisibilityTimeoutSeconds(seconds(retry.maxBackoff()))
                .multiplier(retry.multiplier())
                .build())
        .configure(
            options ->
                options
                    .acknowledgementMode(AcknowledgementMode.ON_SUCCESS)
                    .maxConcurrentMessages(properties.events().maxConcurrentMessages())
                    .maxMessagesPerPoll(Math.min(10, properties.events().maxConcurrentMessages()))
                    .pollTimeout(pollTimeout)
                    .listenerShutdownTimeout(pollTimeout.plusSeconds(10))
                    .messageSystemAttributeNames(List.of(MessageSystemAttributeName.ALL)))
        .build();
  }

  @Bean
  HealthIndicator eventListenerHealthIndicator(
      SqsMessageListenerContainer<String> container, QueueBinding queue) {
    return () ->
        (container.isRunning() ? Health.up() : Health.down())
            .withDetail("queue", queue.queueName())
            .withDetail("maxReceiveCount", queue.maxReceiveCount())
            .build();
  }

  private static int seconds(Duration duration) {
    return (int) Math.max(1, Math.min(duration.toSeconds(), 43_200));
  }
}
