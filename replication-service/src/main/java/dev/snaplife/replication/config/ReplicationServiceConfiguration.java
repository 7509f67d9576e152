package dev.snaplife.replication.config;

import dev.snaplife.contracts.json.EventCodec;
import dev.snaplife.contracts.routing.SnaplifeService;
import dev.snaplife.platform.aws.LocationClients;
import dev.snaplife.platform.aws.SnaplifeAwsClients;
import dev.snaplife.platform.command.CommandQueue;
import dev.snaplife.platform.config.SnaplifeProperties;
import dev.snaplife.platform.publish.EventPublisher;
import dev.snaplife.platform.publish.OutgoingEvents;
import dev.snaplife.replication.adapter.out.dynamodb.DynamoDbCopyJournal;
import dev.snaplife.replication.adapter.out.kms.KmsKeys;
import dev.snaplife.replication.adapter.out.rds.RdsClientSnapshots;
import dev.snaplife.replication.application.CopySnapshots;
import dev.snaplife.replication.application.ExpireCopies;
import dev.snaplife.replication.application.ReplicateSnapshot;
import dev.snaplife.replication.application.ReplicationRules;
import dev.snaplife.replication.application.port.CopyJournal;
import dev.snaplife.replication.application.port.RdsSnapshots;
import dev.snaplife.replication.domain.Destination;
import dev.snaplife.replication.domain.Location;
import dev.snaplife.replication.domain.ReplicationRule;
import java.time.Clock;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import software.amazon.awssdk.regions.providers.AwsRegionProvider;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.sts.StsClient;

/** Wires the use cases to their adapters, and the clients of every location replication reaches. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ReplicationProperties.class)
public class ReplicationServiceConfiguration {

  @Bean
  Location replicationHome(SnaplifeAwsClients clients, AwsRegionProvider region) {
    try (StsClient sts = clients.sync(StsClient.builder())) {
      return new Location(sts.getCallerIdentity().account(), region.getRegion().id());
    }
  }

  @Bean
  ReplicationRules replicationRules(
      ReplicationProperties properties,
      Location home,
      SnaplifeProperties platform,
      Environment environment) {
    return ReplicationConfig.rules(
        properties, home, platform.environment(), sourceRetentionDays(environment));
  }

  /**
   * The backup policies' retention, when this service's configuration also holds snapshot-service's
   * ({@code snaplife.snapshot.policies.<name>.retention-days}): what copy retention is checked
   * against at start-up.
   */
  static Map<String, Integer> sourceRetentionDays(Environment environment) {
    Map<String, SourcePolicy> policies =
        Binder.get(environment)
            .bind("snaplife.snapshot.policies", Bindable.mapOf(String.class, SourcePolicy.class))
            .orElse(Map.of());
    Map<String, Integer> days = new LinkedHashMap<>();
    policies.forEach(
        (name, policy) -> {
          if (policy.retentionDays() != null) {
            days.put(name, policy.retentionDays());
          }
        });
    return days;
  }

  /** What replication reads of a backup policy: its retention. */
  record SourcePolicy(@org.jspecify.annotations.Nullable Integer retentionDays) {}

  /** The clients of every location replication reaches: destinations' regions and accounts. */
  @Bean
  LocationClients replicationLocationClients(
      SnaplifeAwsClients clients, Location home, ReplicationRules rules) {
    Map<String, String> roles = new HashMap<>();
    for (ReplicationRule rule : rules.rules()) {
      for (Destination d : rule.destinations()) {
        if (d.roleArn() != null) {
          roles.put(d.accountId(), d.roleArn());
        }
      }
    }
    return new LocationClients(
        clients,
        home.accountId(),
        roles,
        clients.sync(StsClient.builder()),
        "snaplife-replication");
  }

  private static RdsClient rds(LocationClients clients, Location location) {
    return clients.client(
        RdsClient.class, RdsClient::builder, location.accountId(), location.region(), true);
  }

  private static KmsClient kms(LocationClients clients, Location location) {
    return clients.client(
        KmsClient.class, KmsClient::builder, location.accountId(), location.region(), false);
  }

  @Bean
  RdsSnapshots replicationRdsSnapshots(LocationClients clients, Clock clock) {
    Function<Location, RdsClient> rds = l -> rds(clients, l);
    return new RdsClientSnapshots(rds, clock);
  }

  @Bean
  CopyJournal copyJournal(DynamoDbClient dynamo, SnaplifeProperties platform, EventCodec codec) {
    return new DynamoDbCopyJournal(
        dynamo,
        platform.names().serviceTable(SnaplifeService.REPLICATION, "journal"),
        codec.mapper());
  }

  @Bean
  ReplicateSnapshot replicateSnapshot(
      ReplicationRules rules,
      RdsSnapshots snapshots,
      LocationClients clients,
      EventPublisher publisher,
      OutgoingEvents outgoing,
      CommandQueue commands) {
    return new ReplicateSnapshot(
        rules, snapshots, new KmsKeys(l -> kms(clients, l)), publisher, outgoing, commands);
  }

  @Bean
  CopySnapshots copySnapshots(
      ReplicationRules rules,
      RdsSnapshots snapshots,
      CopyJournal journal,
      EventPublisher publisher,
      OutgoingEvents outgoing,
      CommandQueue commands,
      Clock clock) {
    return new CopySnapshots(rules, snapshots, journal, publisher, outgoing, commands, clock);
  }

  @Bean
  ExpireCopies expireCopies(
      ReplicationRules rules,
      RdsSnapshots snapshots,
      CopySnapshots copies,
      EventPublisher publisher,
      OutgoingEvents outgoing,
      Clock clock) {
    return new ExpireCopies(rules, snapshots, copies, publisher, outgoing, clock);
  }
}
