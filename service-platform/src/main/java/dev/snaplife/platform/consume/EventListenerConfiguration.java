package dev.snaplife.platform.consume;

import dev.snaplife.contracts.json.EventCodec;
import dev.snaplife.platform.command.CommandHandler;
import dev.snaplife.platform.command.CommandQueue;
import dev.snaplife.platform.command.SqsCommandQueue;
import dev.snaplife.platform.config.SnaplifeProperties;
import io.awspring.cloud.sqs.listener.SqsMessageListenerContainer;
import io.awspring.cloud.sqs.listener.acknowledgement.handler.AcknowledgementMode;
import io.awspring.cloud.sqs.listener.backpressure.BackPressureHandlerFactories;
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
 * Cloud AWS container on the service's own queue, acknowledging on success only, with handlers
 * under a heartbeat and failed messages brought back by the delivery policy's backoff.
 */
@Configuration(proxyBeanMethods = false)
public class EventListenerConfiguration {

  @Bean
  QueueBinding queueBinding(SqsAsyncClient sqs, SnaplifeProperties properties) {
    return QueueBinding.resolve(sqs, properties.queue(), properties.deliveryPolicy());
  }

  @Bean
  EventHandlers eventHandlers(
      SnaplifeProperties properties,
      EventCodec codec,
      ObjectProvider<EventHandler> handlers,
      ObjectProvider<NativeEventHandler> nativeHandlers,
      ObjectProvider<CommandHandler<?>> commandHandlers) {
    return new EventHandlers(
        properties.snaplifeService(),
        handlers.orderedStream().toList(),
        nativeHandlers.orderedStream().toList(),
        commandHandlers.orderedStream().toList(),
        codec.mapper());
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
  CommandQueue commandQueue(
      SqsAsyncClient sqs,
      QueueBinding queue,
      SnaplifeProperties properties,
      EventCodec codec,
      Clock clock) {
    return new SqsCommandQueue(
        sqs, queue.queueUrl(), properties.snaplifeService().source(), codec.mapper(), clock);
  }

  @Bean(destroyMethod = "close")
  Heartbeats heartbeats(ProcessedEvents processedEvents, QueueBinding queue, MeterRegistry meters) {
    return new Heartbeats(
        processedEvents, queue.delivery().heartbeat(), queue.visibilityTimeout(), meters);
  }

  @Bean
  InboundEventProcessor inboundEventProcessor(
      EventCodec codec,
      SnaplifeProperties properties,
      EventHandlers handlers,
      ProcessedEvents processedEvents,
      DeadLetterQueue deadLetters,
      Heartbeats heartbeats,
      QueueBinding queue,
      MeterRegistry meters) {
    return new InboundEventProcessor(
        new InboundMessageParser(codec, properties.snaplifeService()),
        handlers,
        processedEvents,
        deadLetters,
        heartbeats,
        queue.maxReceiveCount(),
        meters);
  }

  @Bean
  SqsMessageListenerContainer<String> snaplifeEventListenerContainer(
      SqsAsyncClient sqs,
      QueueBinding queue,
      SnaplifeProperties properties,
      InboundEventProcessor processor,
      Clock clock) {
    Duration pollTimeout = properties.events().pollTimeout();
    int concurrency = properties.events().maxConcurrentMessages();
    return SqsMessageListenerContainer.<String>builder()
        .id(properties.service() + "-events")
        .sqsAsyncClient(sqs)
        .queueNames(queue.queueUrl())
        .messageListener(processor)
        .errorHandler(new RedeliveryBackoff(queue.delivery(), clock))
        .configure(
            options ->
                options
                    .acknowledgementMode(AcknowledgementMode.ON_SUCCESS)
                    .maxConcurrentMessages(concurrency)
                    .maxMessagesPerPoll(Math.min(10, concurrency))
                    // One long poll at a time while polls come back empty (an idle service costs
                    // 3 receives a minute), several while they return messages; either way a poll
                    // goes out for the permits a long handler leaves free, within a second.
                    .backPressureHandlerFactory(
                        BackPressureHandlerFactories.compositeBackPressureHandler(
                            BackPressureHandlerFactories.concurrencyLimiterBackPressureHandler(),
                            containerOptions -> new OnePollWhenIdle()))
                    .maxDelayBetweenPolls(Duration.ofSeconds(1))
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
            .withDetail("retryWindow", queue.delivery().retryWindow().toString())
            .build();
  }
}
