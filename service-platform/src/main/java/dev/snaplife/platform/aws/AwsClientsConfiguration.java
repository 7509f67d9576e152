package dev.snaplife.platform.aws;

import dev.snaplife.platform.config.SnaplifeProperties;
import io.awspring.cloud.autoconfigure.AwsAsyncClientCustomizer;
import io.awspring.cloud.autoconfigure.AwsSyncClientCustomizer;
import io.awspring.cloud.autoconfigure.core.AwsClientBuilderConfigurer;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import software.amazon.awssdk.core.client.builder.SdkClientBuilder;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;

/**
 * The one place AWS clients are built. Spring Cloud AWS's configurer applies region, credentials
 * and the endpoint override ({@code spring.cloud.aws.endpoint}, else the SDK's own {@code
 * AWS_ENDPOINT_URL}); the customizers below add call metrics and the retry budget to every client,
 * the SQS client of the listener included. A service builds further clients with {@link
 * SnaplifeAwsClients}.
 */
@Configuration(proxyBeanMethods = false)
public class AwsClientsConfiguration {

  @Bean
  AwsApiCallMetrics awsApiCallMetrics(MeterRegistry registry) {
    return new AwsApiCallMetrics(registry);
  }

  @Bean
  AwsSyncClientCustomizer snaplifeSyncClientCustomizer(
      AwsApiCallMetrics metrics, SnaplifeProperties properties) {
    return builder -> instrument((SdkClientBuilder<?, ?>) builder, metrics, properties);
  }

  @Bean
  AwsAsyncClientCustomizer snaplifeAsyncClientCustomizer(
      AwsApiCallMetrics metrics, SnaplifeProperties properties) {
    return builder -> instrument((SdkClientBuilder<?, ?>) builder, metrics, properties);
  }

  /** Adds to what the configurer set, rather than replacing it. */
  private static void instrument(
      SdkClientBuilder<?, ?> builder, AwsApiCallMetrics metrics, SnaplifeProperties properties) {
    ClientOverrideConfiguration current = builder.overrideConfiguration();
    builder.overrideConfiguration(
        current.toBuilder()
            .addExecutionInterceptor(metrics)
            .retryStrategy(r -> r.maxAttempts(properties.aws().maxAttempts()))
            .build());
  }

  @Bean
  SnaplifeAwsClients snaplifeAwsClients(
      AwsClientBuilderConfigurer configurer,
      ObjectProvider<AwsSyncClientCustomizer> syncCustomizers) {
    return new SnaplifeAwsClients(configurer, syncCustomizers);
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
