package dev.snaplife.notifier.config;

import dev.snaplife.contracts.event.EventType;
import dev.snaplife.contracts.ledger.LedgerTable;
import dev.snaplife.contracts.routing.SnaplifeService;
import dev.snaplife.notifier.adapter.out.dynamodb.DynamoDbLifecycleLedger;
import dev.snaplife.notifier.adapter.out.dynamodb.DynamoDbRunDigests;
import dev.snaplife.notifier.adapter.out.sns.SnsNotificationChannels;
import dev.snaplife.notifier.application.NotifyOutcomes;
import dev.snaplife.notifier.application.port.LifecycleLedger;
import dev.snaplife.notifier.application.port.NotificationChannels;
import dev.snaplife.notifier.application.port.RunDigests;
import dev.snaplife.platform.aws.SnaplifeAwsClients;
import dev.snaplife.platform.command.CommandQueue;
import dev.snaplife.platform.config.SnaplifeProperties;
import java.time.Clock;
import java.util.EnumMap;
import java.util.Map;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import software.amazon.awssdk.regions.providers.AwsRegionProvider;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sts.StsClient;

/** Wires the notifier's use case to SNS, its digest table and the lifecycle ledger. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(NotifierProperties.class)
public class NotifierServiceConfiguration {

  @Bean
  SnsClient snsClient(SnaplifeAwsClients clients) {
    return clients.sync(SnsClient.builder());
  }

  @Bean
  NotificationChannels notificationChannels(
      SnsClient sns,
      SnaplifeAwsClients clients,
      AwsRegionProvider region,
      SnaplifeProperties platform,
      NotifierProperties properties) {
    String info = properties.infoTopicArn();
    String alerts = properties.alertsTopicArn();
    if (info == null || alerts == null) {
      // Derive the environment's topic ARNs: one STS call at start-up.
      String account;
      try (StsClient sts = clients.sync(StsClient.builder())) {
        account = sts.getCallerIdentity().account();
      }
      String prefix = "arn:aws:sns:" + region.getRegion().id() + ":" + account + ":";
      info = info != null ? info : prefix + platform.names().infoTopic();
      alerts = alerts != null ? alerts : prefix + platform.names().alertsTopic();
    }
    return new SnsNotificationChannels(sns, info, alerts);
  }

  @Bean
  RunDigests runDigests(DynamoDbClient dynamo, SnaplifeProperties platform) {
    return new DynamoDbRunDigests(
        dynamo, platform.names().serviceTable(SnaplifeService.NOTIFIER, "run-digests"));
  }

  @Bean
  LifecycleLedger lifecycleLedger(
      DynamoDbClient dynamo, SnaplifeProperties platform, NotifierProperties properties) {
    return new DynamoDbLifecycleLedger(
        dynamo,
        platform.names().serviceTable(SnaplifeService.NOTIFIER, LedgerTable.TABLE),
        properties.ledgerRetention());
  }

  @Bean
  NotifyOutcomes notifyOutcomes(
      NotificationChannels channels,
      RunDigests digests,
      LifecycleLedger ledger,
      CommandQueue commands,
      NotifierProperties properties,
      Clock clock) {
    Map<EventType, NotifyOutcomes.Route> routes = new EnumMap<>(EventType.class);
    properties
        .routes()
        .forEach(
            (detailType, route) ->
                routes.put(
                    EventType.fromDetailType(detailType)
                        .orElseThrow(
                            () ->
                                new IllegalStateException(
                                    "snaplife.notifier.routes: unknown event type '"
                                        + detailType
                                        + "'")),
                    route));
    return new NotifyOutcomes(
        channels, digests, ledger, commands, routes, properties.digestDeadline(), clock);
  }
}
