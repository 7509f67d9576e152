package dev.snaplife.cli;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.scheduler.SchedulerClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * Where the command talks to AWS, from the standard environment: {@code AWS_ENDPOINT_URL} (or
 * {@code --endpoint-url}), {@code AWS_REGION} / {@code AWS_DEFAULT_REGION} (default us-east-1), and
 * credentials from {@code AWS_ACCESS_KEY_ID} / {@code AWS_SECRET_ACCESS_KEY} / {@code
 * AWS_SESSION_TOKEN} or else the SDK's default chain (profiles, SSO, instance roles).
 *
 * <p>Two attempts per call and short connect timeouts: at night a missing endpoint must say so in
 * seconds, not after a minute of retries.
 *
 * @param endpoint the endpoint override; null for AWS itself
 */
public record AwsConnection(
    @Nullable URI endpoint, Region region, AwsCredentialsProvider credentials) {

  static final int MAX_ATTEMPTS = 2;

  /** Reads the connection from environment variables, the option winning over the variable. */
  public static AwsConnection from(Map<String, String> env, @Nullable URI endpointOption) {
    URI endpoint =
        endpointOption != null
            ? endpointOption
            : variable(env, "AWS_ENDPOINT_URL").map(URI::create).orElse(null);
    Region region =
        Region.of(
            variable(env, "AWS_REGION")
                .or(() -> variable(env, "AWS_DEFAULT_REGION"))
                .orElse("us-east-1"));
    Optional<String> key = variable(env, "AWS_ACCESS_KEY_ID");
    Optional<String> secret = variable(env, "AWS_SECRET_ACCESS_KEY");
    AwsCredentialsProvider credentials;
    if (key.isPresent() && secret.isPresent()) {
      credentials =
          StaticCredentialsProvider.create(
              variable(env, "AWS_SESSION_TOKEN")
                  .<software.amazon.awssdk.auth.credentials.AwsCredentials>map(
                      token -> AwsSessionCredentials.create(key.get(), secret.get(), token))
                  .orElseGet(() -> AwsBasicCredentials.create(key.get(), secret.get())));
    } else {
      credentials = DefaultCredentialsProvider.builder().build();
    }
    return new AwsConnection(endpoint, region, credentials);
  }

  public SqsClient sqs() {
    return client(SqsClient.builder());
  }

  public EventBridgeClient eventBridge() {
    return client(EventBridgeClient.builder());
  }

  public DynamoDbClient dynamo() {
    return client(DynamoDbClient.builder());
  }

  public SchedulerClient scheduler() {
    return client(SchedulerClient.builder());
  }

  /**
   * A client of any AWS service with this connection's endpoint, region, credentials and limits.
   */
  private <B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>, C> C client(B builder) {
    builder
        .region(region)
        .credentialsProvider(credentials)
        .httpClientBuilder(
            ApacheHttpClient.builder()
                .connectionTimeout(Duration.ofSeconds(3))
                .socketTimeout(Duration.ofSeconds(30)))
        .overrideConfiguration(
            c ->
                c.retryStrategy(r -> r.maxAttempts(MAX_ATTEMPTS))
                    .apiCallTimeout(Duration.ofSeconds(60)));
    if (endpoint != null) {
      builder.endpointOverride(endpoint);
    }
    return builder.build();
  }

  /** The endpoint as an engineer would name it in a message. */
  public String describe() {
    return endpoint != null ? endpoint.toString() : "AWS in " + region.id();
  }

  private static Optional<String> variable(Map<String, String> env, String name) {
    return Optional.ofNullable(env.get(name)).filter(v -> !v.isBlank());
  }
}
