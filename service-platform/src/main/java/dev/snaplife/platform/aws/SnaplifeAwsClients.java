package dev.snaplife.platform.aws;

import io.awspring.cloud.autoconfigure.AwsSyncClientCustomizer;
import io.awspring.cloud.autoconfigure.core.AwsClientBuilderConfigurer;
import java.util.stream.Stream;
import org.springframework.beans.factory.ObjectProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;

/**
 * Builds synchronous AWS clients the way every Snaplife client is built: region, credentials and
 * endpoint override from Spring Cloud AWS, call metrics and retry budget from the platform.
 */
public final class SnaplifeAwsClients {

  private final AwsClientBuilderConfigurer configurer;
  private final ObjectProvider<AwsSyncClientCustomizer> customizers;

  SnaplifeAwsClients(
      AwsClientBuilderConfigurer configurer, ObjectProvider<AwsSyncClientCustomizer> customizers) {
    this.configurer = configurer;
    this.customizers = customizers;
  }

  public <B extends AwsClientBuilder<B, C>, C> C sync(B builder) {
    return configurer
        .configureSyncClient(builder, null, null, Stream.empty(), customizers.orderedStream())
        .build();
  }
}
