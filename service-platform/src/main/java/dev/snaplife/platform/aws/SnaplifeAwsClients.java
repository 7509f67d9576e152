package dev.snaplife.platform.aws;

import io.awspring.cloud.autoconfigure.AwsSyncClientCustomizer;
import io.awspring.cloud.autoconfigure.core.AwsClientBuilderConfigurer;
import java.util.stream.Stream;
import org.springframework.beans.factory.ObjectProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;

/**
 * Builds synchronous AWS clients the way every Snaplife client is built: region, credentials and
 * endpoint override from Spring Cloud AWS, call metrics, retry budget and timeouts from the
 * platform.
 */
public final class SnaplifeAwsClients {

  private final AwsClientBuilderConfigurer configurer;
  private final ObjectProvider<AwsSyncClientCustomizer> customizers;
  private final int maxAttempts;

  SnaplifeAwsClients(
      AwsClientBuilderConfigurer configurer,
      ObjectProvider<AwsSyncClientCustomizer> customizers,
      int maxAttempts) {
    this.configurer = configurer;
    this.customizers = customizers;
    this.maxAttempts = maxAttempts;
  }

  public <B extends AwsClientBuilder<B, C>, C> C sync(B builder) {
    return configurer
        .configureSyncClient(builder, null, null, Stream.empty(), customizers.orderedStream())
        .build();
  }

  /**
   * A client for an API that throttles under load (RDS): the SDK's adaptive retry strategy, which
   * also limits the client's own request rate once it is throttled, so bounded concurrency backs
   * off instead of burning attempts.
   */
  public <B extends AwsClientBuilder<B, C>, C> C adaptive(B builder) {
    B configured =
        configurer.configureSyncClient(
            builder, null, null, Stream.empty(), customizers.orderedStream());
    configured.overrideConfiguration(
        configured.overrideConfiguration().toBuilder()
            .retryStrategy(
                AwsRetryStrategy.adaptiveRetryStrategy().toBuilder()
                    .maxAttempts(maxAttempts)
                    .build())
            .build());
    return configured.build();
  }
}
