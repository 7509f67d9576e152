package dev.snaplife.export.adapter.in.events;

import dev.snaplife.contracts.json.InvalidEventException;
import dev.snaplife.contracts.routing.NativeEventType;
import dev.snaplife.export.application.ExportSnapshots;
import dev.snaplife.export.domain.Location;
import dev.snaplife.platform.consume.NativeEvent;
import dev.snaplife.platform.consume.NativeEventHandler;
import java.util.regex.Pattern;
import org.springframework.stereotype.Component;

/**
 * RDS's snapshot export events (failed, canceled, completed), for DB snapshots and DB cluster
 * snapshots, which the routing table lets through: which snapshot comes from {@code
 * detail.SourceArn} (or {@code SourceIdentifier} in the event's account and region), checked before
 * it reaches a lookup.
 */
final class RdsExportEvents {

  private static final Pattern SNAPSHOT_ARN =
      Pattern.compile(
          "arn:aws[a-z-]*:rds:[a-z0-9-]+:\\d{12}:(snapshot|cluster-snapshot):[A-Za-z][A-Za-z0-9:-]{0,254}");

  private RdsExportEvents() {}

  static void handle(NativeEvent event, ExportSnapshots exports) {
    String eventId = event.detail().path("EventID").asString("");
    String arn = event.detail().path("SourceArn").asString("");
    if (arn.isEmpty()) {
      // Events without it name the snapshot alone, in the event's own account and region.
      arn =
          "arn:aws:rds:"
              + event.region()
              + ":"
              + event.account()
              + (event.type() == NativeEventType.RDS_DB_CLUSTER_SNAPSHOT_EVENT
                  ? ":cluster-snapshot:"
                  : ":snapshot:")
              + event.detail().path("SourceIdentifier").asString("");
    }
    if (!SNAPSHOT_ARN.matcher(arn).matches()) {
      throw new InvalidEventException(
          "RDS "
              + eventId
              + " names no snapshot ARN in detail.SourceArn: '"
              + (arn.length() > 120 ? arn.substring(0, 120) + "…" : arn)
              + "'");
    }
    String[] parts = arn.split(":");
    exports.onExportEvent(new Location(parts[4], parts[3]), arn, eventId);
  }

  @Component
  static class OfDbSnapshots implements NativeEventHandler {
    private final ExportSnapshots exports;

    OfDbSnapshots(ExportSnapshots exports) {
      this.exports = exports;
    }

    @Override
    public NativeEventType type() {
      return NativeEventType.RDS_DB_SNAPSHOT_EVENT;
    }

    @Override
    public void handle(NativeEvent event) {
      RdsExportEvents.handle(event, exports);
    }
  }

  @Component
  static class OfClusterSnapshots implements NativeEventHandler {
    private final ExportSnapshots exports;

    OfClusterSnapshots(ExportSnapshots exports) {
      this.exports = exports;
    }

    @Override
    public NativeEventType type() {
      return NativeEventType.RDS_DB_CLUSTER_SNAPSHOT_EVENT;
    }

    @Override
    public void handle(NativeEvent event) {
      RdsExportEvents.handle(event, exports);
    }
  }
}
