package dev.snaplife.localaws;

import java.net.URI;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.Credentials;

/**
 * An account and region to talk to, through an optional endpoint override (the emulator). The
 * provisioner and the test harness build every client through it.
 *
 * @param endpoint the endpoint override; null for real AWS
 * @param maxAttempts SDK attempts per call; kept low against an emulator so a gap fails fast
 */
public record AwsTarget(
    @Nullable URI endpoint, Region region, AwsCredentialsProvider credentials, int maxAttempts) {

  /** From the standard environment: {@code AWS_ENDPOINT_URL}, {@code AWS_REGION}, credentials. */
  public static AwsTarget fromEnvironment() {
    URI endpoint =
        Optional.ofNullable(System.getenv("AWS_ENDPOINT_URL"))
            .filter(s -> !s.isBlank())
            .map(URI::create)
            .orElse(null);
    Region region =
        Region.of(
            Optional.ofNullable(System.getenv("AWS_REGION"))
                .or(() -> Optional.ofNullable(System.getenv("AWS_DEFAULT_REGION")))
                .orElse("us-east-1"));
    return new AwsTarget(endpoint, region, DefaultCredentialsProvider.builder().build(), 3);
  }

  public <B extends AwsClientBuilder<B, C>, C> C client(B builder) {
    builder
        .region(region)
        .credentialsProvider(credentials)
        .overrideConfiguration(c -> c.retryStrategy(r -> r.maxAttempts(maxAttempts)).build());
    if (endpoint != null) {
      builder.endpointOverride(endpoint);
    }
    return builder.build();
  }

  public AwsTarget inRegion(Region other) {
    return new AwsTarget(endpoint, other, credentials, maxAttempts);
  }

  /** The same endpoint and region, as the given role (for example in the DR account). */
  public AwsTarget assumingRole(String roleArn) {
    try (StsClient sts = client(StsClient.builder())) {
      Credentials c =
          sts.assumeRole(b -> b.roleArn(roleArn).roleSessionName("snaplife-provisioning"))
              .credentials();
      return new AwsTarget(
          endpoint,
          region,
          StaticCredentialsProvider.create(
              AwsSessionCredentials.create(c.accessKeyId(), c.secretAccessKey(), c.sessionToken())),
          maxAttempts);
    }
  }

  public String accountId() {
    try (StsClient sts = client(StsClient.builder())) {
      return sts.getCallerIdentity().account();
    }
  }
}
