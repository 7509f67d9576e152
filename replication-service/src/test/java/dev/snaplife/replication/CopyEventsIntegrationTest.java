package dev.snaplife.replication;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.snaplife.contracts.event.EventEnvelope;
import dev.snaplife.contracts.event.EventType;
import dev.snaplife.contracts.event.SnapshotCopied;
import dev.snaplife.contracts.routing.NativeEventType;
import dev.snaplife.contracts.routing.SnaplifeService;
import dev.snaplife.platform.testing.EmulatorEnvironment;
import dev.snaplife.platform.testing.EventProbe;
import dev.snaplife.replication.testing.TestSnapshots;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.DBSnapshot;

/**
 * A copy ends when RDS says so: with the fallback checks fifteen minutes away, the copy's "finished
 * copy of snapshot" event (forwarded from its region to the home bus) is what publishes {@code
 * SnapshotCopied}; an event for a copy that is not replication's changes nothing.
 */
@SpringBootTest(
    classes = ReplicationServiceApplication.class,
    webEnvironment = SpringBootTest.WebEnvironment.NONE)
class CopyEventsIntegrationTest {

  static final EmulatorEnvironment aws = EmulatorEnvironment.provision();
  static final String ENV = aws.names().environment();
  static final RdsClient rds = aws.target().client(RdsClient.builder());
  static final RdsClient rdsEu =
      aws.target().inRegion(Region.EU_WEST_1).client(RdsClient.builder());
  static final EventProbe probe = aws.probe(EventType.SNAPSHOT_COPIED);

  @DynamicPropertySource
  static void configure(DynamicPropertyRegistry registry) {
    aws.register(registry, SnaplifeService.REPLICATION);
    String r = "snaplife.replication.";
    registry.add(r + "first-check", () -> "15m");
    registry.add(r + "destinations.eu.region", () -> "eu-west-1");
    registry.add(r + "destinations.eu.kms-key-id", () -> aws.provisioned().copyRegionKmsKeyArn());
    registry.add(r + "rules.regional.identifier-pattern", () -> "^" + ENV + "-");
    registry.add(r + "rules.regional.destinations", () -> "eu");
  }

  @Test
  void rdsFinishedCopyEventEndsTheCopyLongBeforeItsFirstCheck() {
    String id = ENV + "-orders";
    TestSnapshots.createInstance(rds, id, aws.provisioned().sourceKmsKeyArn());
    rds.createDBSnapshot(b -> b.dbInstanceIdentifier(id).dbSnapshotIdentifier(id + "-1"));
    DBSnapshot source =
        await()
            .atMost(Duration.ofSeconds(30))
            .until(
                () ->
                    rds.describeDBSnapshots(b -> b.dbSnapshotIdentifier(id + "-1"))
                        .dbSnapshots()
                        .get(0),
                s -> "available".equals(s.status()));
    aws.publishAs(
        SnaplifeService.SNAPSHOT.source(),
        TestSnapshots.created(TestSnapshots.ref(source, aws.target().accountId())));
    DBSnapshot copy =
        await()
            .atMost(Duration.ofSeconds(30))
            .ignoreExceptions()
            .until(
                () ->
                    rdsEu
                        .describeDBSnapshots(b -> b.dbSnapshotIdentifier(id + "-1"))
                        .dbSnapshots()
                        .get(0),
                s -> "available".equals(s.status()));
    // Someone else's copy's event first: nothing to end.
    aws.putAwsEvent(NativeEventType.RDS_DB_SNAPSHOT_EVENT, finished("someone-elses-copy", copy));

    aws.putAwsEvent(
        NativeEventType.RDS_DB_SNAPSHOT_EVENT,
        finished(copy.dbSnapshotIdentifier(), copy),
        copy.dbSnapshotArn());

    List<EventEnvelope<SnapshotCopied>> copied =
        await()
            .atMost(Duration.ofSeconds(30))
            .until(() -> probe.received(SnapshotCopied.class), l -> !l.isEmpty());
    assertThat(copied.get(0).data().copy().snapshotArn()).isEqualTo(copy.dbSnapshotArn());
    assertThat(copied.get(0).data().copy().region()).isEqualTo("eu-west-1");
  }

  static String finished(String identifier, DBSnapshot copy) {
    String arn = copy.dbSnapshotArn().replace(copy.dbSnapshotIdentifier(), identifier);
    return """
        {"EventCategories": ["notification"], "SourceType": "SNAPSHOT",
         "SourceArn": "%s", "Date": "%s",
         "Message": "Finished copy of snapshot %s from region us-east-1 in 1 minutes.",
         "SourceIdentifier": "%s", "EventID": "RDS-EVENT-0060"}
        """
        .formatted(arn, Instant.now(), identifier, identifier);
  }
}
