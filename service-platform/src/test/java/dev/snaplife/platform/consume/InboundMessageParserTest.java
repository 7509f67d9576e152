package dev.snaplife.platform.consume;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.snaplife.contracts.event.EventType;
import dev.snaplife.contracts.json.EventCodec;
import dev.snaplife.contracts.json.InvalidEventException;
import dev.snaplife.contracts.routing.NativeEventType;
import dev.snaplife.contracts.routing.SnaplifeService;
import dev.snaplife.platform.testing.Events;
import org.junit.jupiter.api.Test;

class InboundMessageParserTest {

  private final EventCodec codec = new EventCodec();
  private final InboundMessageParser snapshotService =
      new InboundMessageParser(codec, SnaplifeService.SNAPSHOT);

  private String eventBridge(String source, String detailType, String detail) {
    return "{\"version\":\"0\",\"id\":\"7bf73129-1428-4cd3-a780-95db273d1602\",\"detail-type\":\""
        + detailType
        + "\",\"source\":\""
        + source
        + "\",\"account\":\"123456789012\",\"time\":\"2026-11-20T01:00:05Z\",\"region\":\"us-east-1\","
        + "\"resources\":[\"arn:aws:rds:us-east-1:123456789012:snapshot:rds:orders-db-2026-11-20-01-00\"],"
        + "\"detail\":"
        + detail
        + "}";
  }

  @Test
  void readsASnaplifeEventFromItsEventBridgeEnvelope() {
    var request = Events.envelope(Events.sample(EventType.BACKUP_REQUESTED), "snaplife.scheduler");

    InboundEvent parsed =
        snapshotService.parse(
            eventBridge("snaplife.scheduler", "BackupRequested", codec.toJson(request)));

    assertThat(parsed).isEqualTo(new InboundEvent.Snaplife(request));
    assertThat(parsed.id()).isEqualTo(request.eventId().toString());
  }

  @Test
  void readsANativeRdsEventKeyedByItsEventBridgeId() {
    InboundEvent parsed =
        snapshotService.parse(
            eventBridge(
                "aws.rds",
                "RDS DB Snapshot Event",
                "{\"EventID\":\"RDS-EVENT-0091\",\"SourceIdentifier\":\"rds:orders-db-2026-11-20-01-00\"}"));

    assertThat(parsed).isInstanceOf(InboundEvent.Native.class);
    NativeEvent event = ((InboundEvent.Native) parsed).event();
    assertThat(event.id()).isEqualTo("7bf73129-1428-4cd3-a780-95db273d1602");
    assertThat(event.type()).isEqualTo(NativeEventType.RDS_DB_SNAPSHOT_EVENT);
    assertThat(event.detail().get("EventID").asString()).isEqualTo("RDS-EVENT-0091");
    assertThat(event.resources()).hasSize(1);
  }

  @Test
  void refusesAnEventTypeNotRoutedToTheService() {
    var created =
        Events.envelope(Events.sample(EventType.SNAPSHOT_CREATED), "snaplife.snapshot-service");

    assertThatThrownBy(
            () ->
                snapshotService.parse(
                    eventBridge(
                        "snaplife.snapshot-service", "SnapshotCreated", codec.toJson(created))))
        .isInstanceOf(InvalidEventException.class)
        .hasMessage("SnapshotCreated is not routed to snapshot-service");
  }

  @Test
  void refusesADetailTypeThatDisagreesWithTheEnvelope() {
    var request = Events.envelope(Events.sample(EventType.BACKUP_REQUESTED), "snaplife.scheduler");
    var notifier = new InboundMessageParser(codec, SnaplifeService.NOTIFIER);

    assertThatThrownBy(
            () ->
                notifier.parse(
                    eventBridge(
                        "snaplife.snapshot-service", "SnapshotCreated", codec.toJson(request))))
        .isInstanceOf(InvalidEventException.class);
  }

  @Test
  void refusesABodyThatIsNotAnEventBridgeEvent() {
    assertThatThrownBy(() -> snapshotService.parse("{\"hello\":\"world\"}"))
        .isInstanceOf(InvalidEventException.class)
        .hasMessage("not an EventBridge event: source, detail-type and detail are required");
    assertThatThrownBy(() -> snapshotService.parse("[1,2]"))
        .hasMessage("message body is not a JSON object");
  }

  @Test
  void refusesAnUnknownAwsEvent() {
    assertThatThrownBy(
            () ->
                snapshotService.parse(
                    eventBridge("aws.ec2", "EC2 Instance State-change Notification", "{}")))
        .hasMessage("unknown AWS event aws.ec2/EC2 Instance State-change Notification");
  }
}
