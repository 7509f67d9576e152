package dev.snaplife.export.config;

import dev.snaplife.contracts.json.EventCodec;
import dev.snaplife.contracts.routing.SnaplifeService;
import dev.snaplife.export.adapter.out.dynamodb.DynamoDbExportJournal;
import dev.snaplife.export.adapter.out.glue.GlueCatalogue;
import dev.snaplife.export.adapter.out.rds.RdsClientExports;
import dev.snaplife.export.adapter.out.s3.S3ExportStorage;
import dev.snaplife.export.application.CatalogueExports;
import dev.snaplife.export.application.ExportOutcomes;
import dev.snaplife.export.application.ExportRules;
import dev.snaplife.export.application.ExportSnapshots;
import dev.snaplife.export.application.ExportUpkeep;
import dev.snaplife.export.application.port.Catalogue;
import dev.snaplife.export.application.port.ExportJournal;
import dev.snaplife.export.application.port.RdsExports;
import dev.snaplife.export.domain.Location;
import dev.snaplife.platform.aws.LocationClients;
import dev.snaplife.platform.aws.SnaplifeAwsClients;
import dev.snaplife.platform.command.CommandQueue;
import dev.snaplife.platform.config.SnaplifeProperties;
import dev.snaplife.platform.publish.EventPublisher;
import dev.snaplife.platform.publish.OutgoingEvents;
import dev.snaplife.platform.slots.DynamoDbSlots;
import dev.snaplife.platform.slots.Slots;
import java.time.Clock;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import software.amazon.awssdk.regions.providers.AwsRegionProvider;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.glue.GlueClient;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sts.StsClient;

/** Wires the use cases to their adapters, and the clients of every location the rules export in. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ExportProperties.class)
public class ExportServiceConfiguration {

  @Bean
  Location exportHome(SnaplifeAwsClients clients, AwsRegionProvider region) {
    try (StsClient sts = clients.sync(StsClient.builder())) {
      return new Location(sts.getCallerIdentity().account(), region.getRegion().id());
    }
  }

  @Bean
  ExportRules exportRules(ExportProperties properties, Location home, SnaplifeProperties platform) {
    return ExportConfig.rules(properties, home, platform.environment());
  }

  @Bean
  LocationClients exportLocationClients(
      SnaplifeAwsClients clients, Location home, ExportProperties properties) {
    return new LocationClients(
        clients,
        home.accountId(),
        properties.roles(),
        clients.sync(StsClient.builder()),
        "snaplife-export");
  }

  @Bean
  RdsExports rdsExports(LocationClients clients) {
    return new RdsClientExports(
        l -> clients.client(RdsClient.class, RdsClient::builder, l.accountId(), l.region(), true));
  }

  @Bean
  Catalogue glueCatalogue(LocationClients clients) {
    return new GlueCatalogue(
        l ->
            clients.client(
                GlueClient.class, GlueClient::builder, l.accountId(), l.region(), false));
  }

  @Bean
  ExportJournal exportJournal(
      DynamoDbClient dynamo, SnaplifeProperties platform, EventCodec codec) {
    return new DynamoDbExportJournal(dynamo, journalTable(platform), codec.mapper());
  }

  @Bean
  Slots exportSlots(DynamoDbClient dynamo, SnaplifeProperties platform) {
    return new DynamoDbSlots(dynamo, journalTable(platform));
  }

  private static String journalTable(SnaplifeProperties platform) {
    return platform.names().serviceTable(SnaplifeService.EXPORT, "journal");
  }

  @Bean
  ExportOutcomes exportOutcomes(
      ExportRules rules, EventPublisher publisher, OutgoingEvents outgoing) {
    return new ExportOutcomes(rules, publisher, outgoing);
  }

  @Bean
  CatalogueExports catalogueExports(
      ExportRules rules,
      Catalogue glue,
      ExportJournal journal,
      ExportOutcomes outcomes,
      CommandQueue commands) {
    return new CatalogueExports(rules, glue, journal, outcomes, commands);
  }

  @Bean
  ExportSnapshots exportSnapshots(
      ExportRules rules,
      RdsExports rds,
      ExportJournal journal,
      Slots slots,
      CatalogueExports catalogue,
      ExportOutcomes outcomes,
      CommandQueue commands,
      Clock clock) {
    return new ExportSnapshots(rules, rds, journal, slots, catalogue, outcomes, commands, clock);
  }

  @Bean
  ExportUpkeep exportUpkeep(
      ExportRules rules,
      ExportSnapshots exports,
      CatalogueExports catalogue,
      ExportJournal journal,
      LocationClients clients,
      Clock clock) {
    return new ExportUpkeep(
        rules,
        exports,
        catalogue,
        journal,
        new S3ExportStorage(
            l ->
                clients.client(
                    S3Client.class, S3Client::builder, l.accountId(), l.region(), false)),
        clock);
  }
}
