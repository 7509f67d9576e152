package dev.snaplife.snapshot.adapter.in.events;

import dev.snaplife.contracts.event.DatabaseKind;
import dev.snaplife.contracts.event.SnapshotOrigin;
import dev.snaplife.contracts.json.InvalidEventException;
import dev.snaplife.contracts.routing.NativeEventType;
import dev.snaplife.contracts.routing.Routing;
import dev.snaplife.platform.consume.NativeEvent;
import dev.snaplife.platform.consume.NativeEventHandler;
import dev.snaplife.snapshot.application.AdoptSnapshots;
import dev.snaplife.snapshot.application.FollowSnapshots;
import dev.snaplife.snapshot.domain.RdsIdentifiers;
import java.util.Optional;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.databind.JsonNode;

/**
 * AWS's own snapshot events, as the routing table filters them: RDS's "manual snapshot created"
 * ends the wait for one of ours; "automated snapshot created" and AWS Backup's completed jobs offer
 * a snapshot for adoption. Anything else the rules let through is accepted and ignored.
 */
@Configuration(proxyBeanMethods = false)
class AwsSnapshotEventListeners {

  private static final Logger log = LoggerFactory.getLogger(AwsSnapshotEventListeners.class);

  static final String MANUAL_SNAPSHOT_CREATED = Routing.MANUAL_SNAPSHOT_CREATED;
  static final String MANUAL_CLUSTER_SNAPSHOT_CREATED = Routing.MANUAL_CLUSTER_SNAPSHOT_CREATED;
  static final String AUTOMATED_SNAPSHOT_CREATED = Routing.AUTOMATED_SNAPSHOT_CREATED;
  static final String AUTOMATED_CLUSTER_SNAPSHOT_CREATED =
      Routing.AUTOMATED_CLUSTER_SNAPSHOT_CREATED;

  @Bean
  NativeEventHandler rdsDbSnapshotEvents(FollowSnapshots follow, AdoptSnapshots adopt) {
    return handler(
        NativeEventType.RDS_DB_SNAPSHOT_EVENT,
        event -> onRdsEvent(event, DatabaseKind.DB_INSTANCE, follow, adopt));
  }

  @Bean
  NativeEventHandler rdsDbClusterSnapshotEvents(FollowSnapshots follow, AdoptSnapshots adopt) {
    return handler(
        NativeEventType.RDS_DB_CLUSTER_SNAPSHOT_EVENT,
        event -> onRdsEvent(event, DatabaseKind.DB_CLUSTER, follow, adopt));
  }

  @Bean
  NativeEventHandler backupJobStateChanges(AdoptSnapshots adopt) {
    return handler(NativeEventType.BACKUP_JOB_STATE_CHANGE, event -> onBackupJob(event, adopt));
  }

  private static void onRdsEvent(
      NativeEvent event, DatabaseKind kind, FollowSnapshots follow, AdoptSnapshots adopt) {
    String eventId = event.detail().path("EventID").asString("");
    String identifier = event.detail().path("SourceIdentifier").asString("");
    if (!RdsIdentifiers.isSnapshot(identifier)) {
      throw new InvalidEventException(
          event.type().detailType()
              + " "
              + eventId
              + " names no valid snapshot identifier in detail.SourceIdentifier: '"
              + (identifier.length() > 80 ? identifier.substring(0, 80) + "…" : identifier)
              + "'");
    }
    switch (eventId) {
      case MANUAL_SNAPSHOT_CREATED, MANUAL_CLUSTER_SNAPSHOT_CREATED ->
          follow.snapshotCreated(kind, identifier);
      case AUTOMATED_SNAPSHOT_CREATED, AUTOMATED_CLUSTER_SNAPSHOT_CREATED ->
          adopt.adopt(SnapshotOrigin.AUTOMATED, kind, identifier);
      default -> log.debug("ignoring {} for {}", eventId, identifier);
    }
  }

  private static void onBackupJob(NativeEvent event, AdoptSnapshots adopt) {
    JsonNode detail = event.detail();
    String type = detail.path("resourceType").asString("");
    if (!"COMPLETED".equals(detail.path("state").asString(""))
        || !(type.equals("RDS") || type.equals("Aurora"))) {
      return;
    }
    // The recovery point of an RDS backup job is a snapshot; find its ARN in the event.
    Optional<String> snapshotArn =
        Stream.concat(
                Stream.of(detail.path("recoveryPointArn").asString("")), event.resources().stream())
            .filter(arn -> arn.contains(":snapshot:") || arn.contains(":cluster-snapshot:"))
            .findFirst();
    if (snapshotArn.isEmpty()) {
      log.warn("backup job {} completed without a snapshot ARN; not adopted", event.id());
      return;
    }
    String arn = snapshotArn.get();
    DatabaseKind kind =
        arn.contains(":cluster-snapshot:") ? DatabaseKind.DB_CLUSTER : DatabaseKind.DB_INSTANCE;
    String identifier =
        arn.substring(
                arn.indexOf(kind == DatabaseKind.DB_CLUSTER ? ":cluster-snapshot:" : ":snapshot:"))
            .replaceFirst("^:(cluster-)?snapshot:", "");
    if (!RdsIdentifiers.isSnapshot(identifier)) {
      throw new InvalidEventException(
          "backup job " + event.id() + " names a recovery point that is no snapshot: " + arn);
    }
    adopt.adopt(SnapshotOrigin.AWS_BACKUP, kind, identifier);
  }

  private static NativeEventHandler handler(
      NativeEventType type, java.util.function.Consumer<NativeEvent> body) {
    return new NativeEventHandler() {
      @Override
      public NativeEventType type() {
        return type;
      }

      @Override
      public void handle(NativeEvent event) {
        body.accept(event);
      }
    };
  }
}
