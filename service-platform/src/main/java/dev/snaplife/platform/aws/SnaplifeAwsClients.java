package dev.snaplife.platform.aws;

import io.awspring.cloud.autoconfigure.AwsSyncClientCustomizer;
import io.awspring.cloud.autoconfigure.core.AwsClientBuilderConfigurer;
import java.time.Duration;
import java.util.function.Function;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ObjectProvider;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.retries.api.BackoffStrategy;

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
   * A client for an API that throttles under load (RDS): throttled attempts back off exponentially
   * with full jitter (0.5 s doubling to 20 s) for up to the configured attempts, with no retry
   * quota that a burst of throttling could exhaust. Callers bound their own concurrency. Not the
   * SDK's adaptive strategy: in this SDK version its client-side rate limiter holds clients far
   * below the server's rate (fixed upstream in aws-sdk-java-v2#7197); here it made a 300-database
   * run with 30 % of calls throttled take 386 s, against 56 s with this strategy.
   */
  public <B extends AwsClientBuilder<B, C>, C> C throttleTolerant(B builder) {
    return throttleTolerant(builder, b -> b);
  }

  /**
   * A client for another region and/or another account (credentials of an assumed role), built as
   * every other: the endpoint override, call metrics and retry settings stay.
   *
   * @param credentials absent for this service's own credentials
   */
  public <B extends AwsClientBuilder<B, C>, C> C elsewhere(
      B builder,
      boolean throttleTolerant,
      Region region,
      @Nullable AwsCredentialsProvider credentials) {
    Function<B, B> placed =
        b -> {
          b.region(region);
          if (credentials != null) {
            b.credentialsProvider(credentials);
          }
          return b;
        };
    if (throttleTolerant) {
      return throttleTolerant(builder, placed);
    }
    return placed
        .apply(
            configurer.configureSyncClient(
                builder, null, null, Stream.empty(), customizers.orderedStream()))
        .build();
  }

  private <B extends AwsClientBuilder<B, C>, C> C throttleTolerant(
      B builder, Function<B, B> adjust) {
    B configured =
        adjust.apply(
            configurer.configureSyncClient(
                builder, null, null, Stream.empty(), customizers.orderedStream()));
    configured.overrideConfiguration(
        configured.overrideConfiguration().toBuilder()
            .retryStrategy(
                AwsRetryStrategy.standardRetryStrategy().toBuilder()
                    .maxAttempts(maxAttempts)
                    .circuitBreakerEnabled(false)
                    .throttlingBackoffStrategy(
                        BackoffStrategy.exponentialDelay(THROTTLED_BASE_DELAY, THROTTLED_MAX_DELAY))
                    .build())
            .build());
    return configured.build();
  }

  static final Duration THROTTLED_BASE_DELAY = Duration.ofMillis(500);
  static final Duration THROTTLED_MAX_DELAY = Duration.ofSeconds(20);
}
