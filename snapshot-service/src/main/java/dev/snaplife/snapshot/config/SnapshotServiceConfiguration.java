package dev.snaplife.snapshot.config;

import dev.snaplife.contracts.json.EventCodec;
import dev.snaplife.contracts.routing.SnaplifeService;
import dev.snaplife.platform.aws.SnaplifeAwsClients;
import dev.snaplife.platform.command.CommandQueue;
import dev.snaplife.platform.config.SnaplifeProperties;
import dev.snaplife.platform.consume.QueueBinding;
import dev.snaplife.platform.publish.EventPublisher;
import dev.snaplife.platform.publish.OutgoingEvents;
import dev.snaplife.platform.publish.ScheduledRequests;
import dev.snaplife.platform.schedule.PolicySchedules;
import dev.snaplife.snapshot.adapter.out.dynamodb.DynamoDbPolicyCatalog;
import dev.snaplife.snapshot.adapter.out.dynamodb.DynamoDbReportedSnapshots;
import dev.snaplife.snapshot.adapter.out.dynamodb.DynamoDbRpoStates;
import dev.snaplife.snapshot.adapter.out.dynamodb.DynamoDbRunJournal;
import dev.snaplife.snapshot.adapter.out.dynamodb.StateTable;
import dev.snaplife.snapshot.adapter.out.rds.RdsClientFleet;
import dev.snaplife.snapshot.adapter.out.scheduler.SchedulerBackupSchedules;
import dev.snaplife.snapshot.application.AdoptSnapshots;
import dev.snaplife.snapshot.application.ExpireSnapshots;
import dev.snaplife.snapshot.application.FollowSnapshots;
import dev.snaplife.snapshot.application.Policies;
import dev.snaplife.snapshot.application.RunBackupPolicy;
import dev.snaplife.snapshot.application.ScheduleBackupPolicies;
import dev.snaplife.snapshot.application.TakeSnapshots;
import dev.snaplife.snapshot.application.WatchRecoveryPoints;
import dev.snaplife.snapshot.application.port.RdsFleet;
import dev.snaplife.snapshot.application.port.RpoStates;
import dev.snaplife.snapshot.domain.BackupPolicy;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import software.amazon.awssdk.regions.providers.AwsRegionProvider;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.scheduler.SchedulerClient;
import software.amazon.awssdk.services.sts.StsClient;

/** Wires the use cases to their adapters. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(SnapshotProperties.class)
public class SnapshotServiceConfiguration {

  @Bean
  Policies policies(SnapshotProperties properties, SnaplifeProperties platform) {
    List<BackupPolicy> policies = new ArrayList<>();
    properties
        .policies()
        .forEach((name, p) -> policies.add(PolicyConfig.toPolicy(platform.environment(), name, p)));
    return new Policies(policies);
  }

  /** Where this service runs: one STS call at start-up, for ARNs and failure reports. */
  @Bean
  RdsFleet.Location fleetLocation(SnaplifeAwsClients clients, AwsRegionProvider region) {
    try (StsClient sts = clients.sync(StsClient.builder())) {
      return new RdsFleet.Location(sts.getCallerIdentity().account(), region.getRegion().id());
    }
  }

  @Bean
  RdsClient rdsClient(SnaplifeAwsClients clients) {
    return clients.throttleTolerant(RdsClient.builder());
  }

  @Bean
  RdsFleet rdsFleet(RdsClient rds, RdsFleet.Location location) {
    return new RdsClientFleet(rds, location);
  }

  @Bean
  StateTable stateTable(DynamoDbClient dynamo, SnaplifeProperties platform) {
    return new StateTable(dynamo, platform.names().serviceTable(SnaplifeService.SNAPSHOT, "state"));
  }

  @Bean
  RpoStates rpoStates(StateTable table) {
    return new DynamoDbRpoStates(table);
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
      RdsFleet fleet, OutgoingEvents outgoing, SnapshotProperties properties) {
    return new TakeSnapshots(fleet, outgoing, properties.concurrency());
  }

  @Bean
  ExpireSnapshots expireSnapshots(
      RdsFleet fleet,
      StateTable table,
      EventCodec codec,
      OutgoingEvents outgoing,
      Clock clock,
      SnapshotProperties properties) {
    return new ExpireSnapshots(
        fleet,
        new DynamoDbRunJournal(table, codec.mapper(), clock),
        outgoing,
        clock,
        properties.concurrency());
  }

  @Bean
  FollowSnapshots followSnapshots(
      RdsFleet fleet,
      StateTable table,
      Policies policies,
      CommandQueue commands,
      EventPublisher publisher,
      OutgoingEvents outgoing,
      Clock clock,
      SnapshotProperties properties) {
    return new FollowSnapshots(
        fleet,
        new DynamoDbReportedSnapshots(table, clock),
        policies,
        commands,
        publisher,
        outgoing,
        clock,
        new FollowSnapshots.Timing(
            properties.pollInterval(), properties.maxPollInterval(), properties.giveUpAfter()));
  }

  @Bean
  RunBackupPolicy runBackupPolicy(
      Policies policies,
      RdsFleet fleet,
      TakeSnapshots take,
      ExpireSnapshots expire,
      FollowSnapshots follow,
      WatchRecoveryPoints recoveryPoints,
      EventPublisher publisher,
      OutgoingEvents outgoing) {
    return new RunBackupPolicy(
        policies, fleet, take, expire, follow, recoveryPoints, publisher, outgoing);
  }

  @Bean
  AdoptSnapshots adoptSnapshots(
      Policies policies, RdsFleet fleet, EventPublisher publisher, OutgoingEvents outgoing) {
    return new AdoptSnapshots(policies, fleet, publisher, outgoing);
  }

  @Bean
  SchedulerClient schedulerClient(SnaplifeAwsClients clients) {
    return clients.sync(SchedulerClient.builder());
  }

  @Bean
  ScheduleBackupPolicies scheduleBackupPolicies(
      Policies policies,
      SchedulerClient scheduler,
      QueueBinding queue,
      RdsFleet.Location location,
      StateTable table,
      EventCodec codec,
      ScheduledRequests requests,
      OutgoingEvents outgoing,
      SnaplifeProperties platform,
      SnapshotProperties properties,
      Clock clock) {
    PolicySchedules schedules =
        PolicySchedules.forService(
            scheduler,
            platform,
            queue.queueName(),
            location.accountId(),
            location.region(),
            SchedulerBackupSchedules.PREFIX,
            ScheduleBackupPolicies.TIMER,
            properties.schedulerRoleArn(),
            "snaplife.snapshot.scheduler-role-arn");
    return new ScheduleBackupPolicies(
        policies,
        new SchedulerBackupSchedules(schedules),
        new DynamoDbPolicyCatalog(table, codec.mapper(), clock),
        requests,
        outgoing);
  }
}
