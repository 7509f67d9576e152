package dev.snaplife.archive.config;

import dev.snaplife.archive.adapter.out.dump.ProcessDumpTools;
import dev.snaplife.archive.adapter.out.dump.ToolCheck;
import dev.snaplife.archive.adapter.out.dump.Tools;
import dev.snaplife.archive.adapter.out.dynamodb.DynamoDbArchiveJournal;
import dev.snaplife.archive.adapter.out.rds.RdsDatabaseDirectory;
import dev.snaplife.archive.adapter.out.s3.S3ArchiveStore;
import dev.snaplife.archive.adapter.out.scheduler.SchedulerArchiveSchedules;
import dev.snaplife.archive.adapter.out.secrets.SecretsManagerCredentialStore;
import dev.snaplife.archive.application.ArchivePolicies;
import dev.snaplife.archive.application.RunArchivePolicy;
import dev.snaplife.archive.application.ScheduleArchivePolicies;
import dev.snaplife.archive.application.UpkeepArchives;
import dev.snaplife.archive.application.VerifyArchive;
import dev.snaplife.archive.application.WriteArchive;
import dev.snaplife.archive.application.port.ArchiveJournal;
import dev.snaplife.archive.application.port.ArchiveStore;
import dev.snaplife.archive.application.port.CredentialStore;
import dev.snaplife.archive.application.port.DumpTools;
import dev.snaplife.archive.domain.ArchivePolicy;
import dev.snaplife.archive.domain.DatabaseCredentials;
import dev.snaplife.archive.domain.Engine;
import dev.snaplife.contracts.json.EventCodec;
import dev.snaplife.contracts.routing.SnaplifeService;
import dev.snaplife.platform.aws.SnaplifeAwsClients;
import dev.snaplife.platform.command.CommandQueue;
import dev.snaplife.platform.config.SnaplifeConfigurationException;
import dev.snaplife.platform.config.SnaplifeProperties;
import dev.snaplife.platform.consume.QueueBinding;
import dev.snaplife.platform.publish.EventPublisher;
import dev.snaplife.platform.publish.OutgoingEvents;
import dev.snaplife.platform.publish.ScheduledRequests;
import dev.snaplife.platform.schedule.PolicySchedules;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import software.amazon.awssdk.regions.providers.AwsRegionProvider;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.scheduler.SchedulerClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.sts.StsClient;

/** Wires the use cases to their adapters. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ArchiveProperties.class)
public class ArchiveServiceConfiguration {

  /** Where this service runs: one STS call at start-up, for the default bucket and schedules. */
  record Location(String accountId, String region) {}

  @Bean
  Location archiveLocation(SnaplifeAwsClients clients, AwsRegionProvider region) {
    try (StsClient sts = clients.sync(StsClient.builder())) {
      return new Location(sts.getCallerIdentity().account(), region.getRegion().id());
    }
  }

  @Bean
  ArchivePolicies archivePolicies(
      ArchiveProperties properties, SnaplifeProperties platform, Location location) {
    String defaultBucket =
        properties.bucket() != null
            ? properties.bucket()
            : platform.names().archivesBucket(location.accountId(), location.region());
    List<ArchivePolicy> policies = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    properties
        .policies()
        .forEach(
            (name, p) -> {
              try {
                policies.add(PolicyConfig.toPolicy(name, p, properties, defaultBucket));
              } catch (SnaplifeConfigurationException e) {
                problems.addAll(e.problems());
              }
            });
    if (!problems.isEmpty()) {
      throw new SnaplifeConfigurationException(problems);
    }
    return new ArchivePolicies(policies);
  }

  @Bean
  RdsClient archiveRdsClient(SnaplifeAwsClients clients) {
    return clients.throttleTolerant(RdsClient.builder());
  }

  @Bean
  S3Client archiveS3Client(SnaplifeAwsClients clients) {
    return clients.sync(S3Client.builder());
  }

  @Bean
  SecretsManagerClient archiveSecretsClient(SnaplifeAwsClients clients) {
    return clients.sync(SecretsManagerClient.builder());
  }

  @Bean
  SchedulerClient archiveSchedulerClient(SnaplifeAwsClients clients) {
    return clients.sync(SchedulerClient.builder());
  }

  @Bean
  CredentialStore credentialStore(SecretsManagerClient secrets, EventCodec codec) {
    return new SecretsManagerCredentialStore(secrets, codec.mapper());
  }

  /**
   * The dump tools, checked at start-up: a missing tool fails the service here, naming its
   * property, not at the first dump. The verification servers' logins are read here too.
   */
  @Bean
  DumpTools dumpTools(ArchiveProperties properties, CredentialStore credentials) {
    ArchiveProperties.Tools configured = properties.tools();
    Tools tools =
        new Tools(
            configured.pgDump(),
            configured.pgRestore(),
            configured.mysqlDump(),
            configured.mysqlClient(),
            configured.workDirectory() != null
                ? configured.workDirectory()
                : Path.of(System.getProperty("java.io.tmpdir")));
    ToolCheck.verify(tools);
    Map<Engine, DatabaseCredentials> servers = new EnumMap<>(Engine.class);
    ArchiveProperties.Verification verification = properties.verification();
    if (verification.postgres() != null) {
      servers.put(
          Engine.POSTGRES,
          verificationLogin(
              credentials,
              verification.postgres().secret(),
              "snaplife.archive.verification.postgres.secret"));
    }
    if (verification.mysql() != null) {
      servers.put(
          Engine.MYSQL,
          verificationLogin(
              credentials,
              verification.mysql().secret(),
              "snaplife.archive.verification.mysql.secret"));
    }
    return new ProcessDumpTools(tools, servers);
  }

  private static DatabaseCredentials verificationLogin(
      CredentialStore credentials, String secret, String property) {
    try {
      return credentials.read(secret).credentials();
    } catch (CredentialStore.SecretUnavailableException e) {
      throw new SnaplifeConfigurationException(property, e.getMessage());
    }
  }

  @Bean
  ArchiveStore archiveStore(
      S3Client s3, ArchiveProperties properties, SnaplifeProperties platform) {
    return new S3ArchiveStore(
        s3, properties.partSize().toBytes(), "snaplife-" + platform.environment() + "-archive-");
  }

  @Bean
  ArchiveJournal archiveJournal(DynamoDbClient dynamo, SnaplifeProperties platform) {
    return new DynamoDbArchiveJournal(
        dynamo, platform.names().serviceTable(SnaplifeService.ARCHIVE, "journal"));
  }

  @Bean
  RunArchivePolicy runArchivePolicy(
      ArchivePolicies policies,
      RdsClient rds,
      CredentialStore credentials,
      EventPublisher publisher,
      OutgoingEvents outgoing) {
    return new RunArchivePolicy(
        policies, new RdsDatabaseDirectory(rds), credentials, publisher, outgoing);
  }

  @Bean
  WriteArchive writeArchive(
      ArchivePolicies policies,
      ArchiveJournal journal,
      CredentialStore credentials,
      DumpTools tools,
      ArchiveStore store,
      EventPublisher publisher,
      OutgoingEvents outgoing,
      CommandQueue commands,
      Clock clock) {
    return new WriteArchive(
        policies, journal, credentials, tools, store, publisher, outgoing, commands, clock);
  }

  @Bean
  VerifyArchive verifyArchive(
      ArchivePolicies policies,
      ArchiveJournal journal,
      ArchiveStore store,
      DumpTools tools,
      EventPublisher publisher,
      OutgoingEvents outgoing,
      CommandQueue commands,
      Clock clock) {
    return new VerifyArchive(policies, journal, store, tools, publisher, outgoing, commands, clock);
  }

  @Bean
  UpkeepArchives upkeepArchives(
      ArchivePolicies policies,
      ArchiveJournal journal,
      ArchiveStore store,
      EventPublisher publisher,
      OutgoingEvents outgoing,
      CommandQueue commands,
      Clock clock) {
    return new UpkeepArchives(policies, journal, store, publisher, outgoing, commands, clock);
  }

  @Bean
  ScheduleArchivePolicies scheduleArchivePolicies(
      ArchivePolicies policies,
      SchedulerClient scheduler,
      QueueBinding queue,
      Location location,
      ArchiveStore store,
      ScheduledRequests requests,
      OutgoingEvents outgoing,
      SnaplifeProperties platform,
      ArchiveProperties properties) {
    PolicySchedules schedules =
        PolicySchedules.forService(
            scheduler,
            platform,
            queue.queueName(),
            location.accountId(),
            location.region(),
            SchedulerArchiveSchedules.PREFIX,
            ScheduleArchivePolicies.TIMER,
            properties.schedulerRoleArn(),
            "snaplife.archive.scheduler-role-arn");
    return new ScheduleArchivePolicies(
        policies,
        new SchedulerArchiveSchedules(schedules),
        store,
        requests,
        outgoing,
        platform.environment());
  }
}
