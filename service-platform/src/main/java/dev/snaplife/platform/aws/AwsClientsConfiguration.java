package dev.snaplife.platform.aws;

import dev.snaplife.platform.config.SnaplifeProperties;
import io.awspring.cloud.autoconfigure.AwsAsyncClientCustomizer;
import io.awspring.cloud.autoconfigure.AwsSyncClientCustomizer;
import io.awspring.cloud.autoconfigure.core.AwsClientBuilderConfigurer;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import software.amazon.awssdk.core.client.builder.SdkClientBuilder;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.sqs.SqsAsyncClientBuilder;

/**
 * The one place AWS clients are built. Spring Cloud AWS's configurer applies region, credentials
 * and the endpoint override ({@code spring.cloud.aws.endpoint}, else the SDK's own {@code
 * AWS_ENDPOINT_URL}); the customizers below add call metrics and the retry budget to every client,
 * the SQS client of the listener included, and a call timeout to every call. A service builds
 * further clients with {@link SnaplifeAwsClients}.
 */
@Configuration(proxyBeanMethods = false)
public class AwsClientsConfiguration {

  @Bean
  AwsApiCallMetrics awsApiCallMetrics(MeterRegistry registry) {
    return new AwsApiCallMetrics(registry);
  }

  /**
   * The timer threads of every client's call and attempt timeouts. Left to itself the SDK starts a
   * pool of five per client (twenty-odd idle threads in a service); one small pool serves them all.
   */
  @Bean
  AwsCallTimers snaplifeAwsCallTimers() {
    return new AwsCallTimers();
  }

  /**
   * Not a bare ScheduledExecutorService bean: that would stand in for Spring Boot's own task
   * scheduler.
   */
  static final class AwsCallTimers implements AutoCloseable {
    private final AtomicInteger count = new AtomicInteger();
    final ScheduledExecutorService executor =
        Executors.newScheduledThreadPool(
            2,
            task -> {
              Thread thread = new Thread(task, "snaplife-aws-timeouts-" + count.incrementAndGet());
              thread.setDaemon(true);
              return thread;
            });

    @Override
    public void close() {
      executor.shutdownNow();
    }
  }

  @Bean
  AwsSyncClientCustomizer snaplifeSyncClientCustomizer(
      AwsApiCallMetrics metrics, SnaplifeProperties properties, AwsCallTimers timers) {
    return builder ->
        instrument((SdkClientBuilder<?, ?>) builder, metrics, properties, timers.executor);
  }

  @Bean
  AwsAsyncClientCustomizer snaplifeAsyncClientCustomizer(
      AwsApiCallMetrics metrics, SnaplifeProperties properties, AwsCallTimers timers) {
    return builder ->
        instrument((SdkClientBuilder<?, ?>) builder, metrics, properties, timers.executor);
  }

  /**
   * Adds to what the configurer set, rather than replacing it: call metrics, the retry budget and
   * timeouts on every call. The queue's long poll gets its poll time on top of the attempt timeout.
   */
  private static void instrument(
      SdkClientBuilder<?, ?> builder,
      AwsApiCallMetrics metrics,
      SnaplifeProperties properties,
      ScheduledExecutorService timeouts) {
    ClientOverrideConfiguration current = builder.overrideConfiguration();
    Duration attemptTimeout = properties.aws().attemptTimeout();
    if (builder instanceof SqsAsyncClientBuilder) {
      Duration longPoll = properties.events().pollTimeout().plusSeconds(10);
      attemptTimeout = attemptTimeout.compareTo(longPoll) < 0 ? longPoll : attemptTimeout;
    }
    builder.overrideConfiguration(
        current.toBuilder()
            .addExecutionInterceptor(metrics)
            .retryStrategy(r -> r.maxAttempts(properties.aws().maxAttempts()))
            .apiCallAttemptTimeout(attemptTimeout)
            .apiCallTimeout(properties.aws().callTimeout())
            .scheduledExecutorService(timeouts)
            .build());
  }

  @Bean
  SnaplifeAwsClients snaplifeAwsClients(
      AwsClientBuilderConfigurer configurer,
      ObjectProvider<AwsSyncClientCustomizer> syncCustomizers,
      SnaplifeProperties properties) {
    return new SnaplifeAwsClients(configurer, syncCustomizers, properties.aws().maxAttempts());
  }

  @Bean
  @ConditionalOnMissingBean
  EventBridgeClient eventBridgeClient(SnaplifeAwsClients clients) {
    return clients.sync(EventBridgeClient.builder());
  }

  @Bean
  @ConditionalOnMissingBean
  DynamoDbClient dynamoDbClient(SnaplifeAwsClients clients) {
    return clients.sync(DynamoDbClient.builder());
  }
}
