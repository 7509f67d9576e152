package dev.snaplife.snapshot.config;

import dev.snaplife.contracts.routing.SnaplifeService;
import dev.snaplife.platform.aws.SnaplifeAwsClients;
import dev.snaplife.platform.config.SnaplifeProperties;
import dev.snaplife.platform.publish.EventPublisher;
import dev.snaplife.platform.publish.OutgoingEvents;
import dev.snaplife.snapshot.adapter.out.dynamodb.DynamoDbPendingSnapshots;
import dev.snaplife.snapshot.adapter.out.dynamodb.DynamoDbRpoStates;
import dev.snaplife.snapshot.adapter.out.rds.RdsClientFleet;
import dev.snaplife.snapshot.application.AdoptSnapshots;
import dev.snaplife.snapshot.application.FollowSnapshots;
import dev.snaplife.snapshot.application.Policies;
import dev.snaplife.snapshot.application.TakeSnapshots;
import dev.snaplife.snapshot.application.WatchRecoveryPoints;
import dev.snaplife.snapshot.application.port.PendingSnapshots;
import dev.snaplife.snapshot.application.port.RdsFleet;
import dev.snaplife.snapshot.application.port.RpoStates;
import dev.snaplife.snapshot.domain.BackupPolicy;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.PatternSyntaxException;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.rds.RdsClient;

/** Wires the use cases to their adapters. */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
@EnableConfigurationProperties(SnapshotProperties.class)
public class SnapshotServiceConfiguration {

  @Bean
  Policies policies(SnapshotProperties properties, SnaplifeProperties platform) {
    List<BackupPolicy> policies = new ArrayList<>();
    properties
        .policies()
        .forEach((name, p) -> policies.add(toPolicy(platform.environment(), name, p)));
    return new Policies(policies);
  }

  /** Checks what the annotations cannot, naming the property as the binder would. */
  static BackupPolicy toPolicy(String environment, String name, SnapshotProperties.Policy p) {
    String prefix = "snaplife.snapshot.policies." + name + ".";
    java.util.regex.Pattern pattern = null;
    if (p.namePattern() != null && !p.namePattern().isEmpty()) {
      try {
        pattern = java.util.regex.Pattern.compile(p.namePattern());
      } catch (PatternSyntaxException e) {
        throw new IllegalStateException(
            prefix + "name-pattern: not a valid regular expression: " + e.getDescription());
      }
    }
    if (p.identifiers() != null && p.identifiers().isEmpty()) {
      throw new IllegalStateException(
          prefix
              + "identifiers: an empty list would back up nothing; list the databases or remove"
              + " the property");
    }
    if (!name.matches("[a-zA-Z0-9][a-zA-Z0-9_-]{0,63}")) {
      throw new IllegalStateException(
          "snaplife.snapshot.policies: policy name '" + name + "' must be letters, digits, - or _");
    }
    return new BackupPolicy(
        environment,
        name,
        p.kinds(),
        pattern,
        p.tags(),
        p.engines(),
        p.identifiers() == null ? null : java.util.Set.copyOf(p.identifiers()),
        p.exclusions(),
        p.backupInterval(),
        p.snapshotPrefix(),
        new BackupPolicy.Retention(
            p.retentionDays(), p.keepDaily(), p.keepWeekly(), p.keepMonthly()),
        p.deleteExpired(),
        p.dryRun(),
        p.rpo(),
        p.adoptAwsBackup(),
        p.adoptAutomated());
  }

  @Bean
  RdsClient rdsClient(SnaplifeAwsClients clients) {
    return clients.sync(RdsClient.builder());
  }

  @Bean
  RdsFleet rdsFleet(RdsClient rds) {
    return new RdsClientFleet(rds);
  }

  @Bean
  PendingSnapshots pendingSnapshots(DynamoDbClient dynamo, SnaplifeProperties platform) {
    return new DynamoDbPendingSnapshots(
        dynamo, platform.names().serviceTable(SnaplifeService.SNAPSHOT, "pending-snapshots"));
  }

  @Bean
  RpoStates rpoStates(DynamoDbClient dynamo, SnaplifeProperties platform) {
    return new DynamoDbRpoStates(
        dynamo, platform.names().serviceTable(SnaplifeService.SNAPSHOT, "rpo-state"));
  }

  @Bean
  WatchRecoveryPoints watchRecoveryPoints(
      Policies policies,
      RdsFleet fleet,
      RpoStates states,
      EventPublisher publisher,
      OutgoingEvents outgoing,
      Clock clock) {
    return new WatchRecoveryPoints(policies, fleet, states, publisher, outgoing, clock);
  }

  @Bean
  TakeSnapshots takeSnapshots(
      Policies policies,
      RdsFleet fleet,
      PendingSnapshots pending,
      WatchRecoveryPoints recoveryPoints,
      EventPublisher publisher,
      OutgoingEvents outgoing,
      Clock clock) {
    return new TakeSnapshots(policies, fleet, pending, recoveryPoints, publisher, outgoing, clock);
  }

  @Bean
  FollowSnapshots followSnapshots(
      RdsFleet fleet,
      PendingSnapshots pending,
      EventPublisher publisher,
      OutgoingEvents outgoing,
      Clock clock,
      SnapshotProperties properties) {
    return new FollowSnapshots(
        fleet, pending, publisher, outgoing, clock, properties.giveUpAfter());
  }

  @Bean
  AdoptSnapshots adoptSnapshots(
      Policies policies, RdsFleet fleet, EventPublisher publisher, OutgoingEvents outgoing) {
    return new AdoptSnapshots(policies, fleet, publisher, outgoing);
  }
}
