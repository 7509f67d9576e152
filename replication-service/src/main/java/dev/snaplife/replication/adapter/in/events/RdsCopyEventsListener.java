package dev.snaplife.replication.adapter.in.events;

import dev.snaplife.contracts.json.InvalidEventException;
import dev.snaplife.contracts.routing.NativeEventType;
import dev.snaplife.platform.consume.NativeEvent;
import dev.snaplife.platform.consume.NativeEventHandler;
import dev.snaplife.replication.application.CopySnapshots;
import dev.snaplife.replication.domain.Location;
import java.util.regex.Pattern;
import org.springframework.stereotype.Component;

/**
 * RDS's DB snapshot copy events (finished, canceled), which the routing table lets through and each
 * destination's rule forwards to the home bus: where the copy is comes from the event's account and
 * region, which copy from {@code detail.SourceIdentifier}.
 */
@Component
class RdsCopyEventsListener implements NativeEventHandler {

  private static final Pattern SNAPSHOT_ID = Pattern.compile("[A-Za-z][A-Za-z0-9-]{0,254}");

  private final CopySnapshots copies;

  RdsCopyEventsListener(CopySnapshots copies) {
    this.copies = copies;
  }

  @Override
  public NativeEventType type() {
    return NativeEventType.RDS_DB_SNAPSHOT_EVENT;
  }

  @Override
  public void handle(NativeEvent event) {
    String eventId = event.detail().path("EventID").asString("");
    String identifier = event.detail().path("SourceIdentifier").asString("");
    if (!SNAPSHOT_ID.matcher(identifier).matches()) {
      throw new InvalidEventException(
          "RDS "
              + eventId
              + " names no valid snapshot identifier in detail.SourceIdentifier: '"
              + (identifier.length() > 80 ? identifier.substring(0, 80) + "…" : identifier)
              + "'");
    }
    String[] arn = event.detail().path("SourceArn").asString("").split(":");
    Location location =
        arn.length == 7 && arn[0].equals("arn")
            ? new Location(arn[4], arn[3])
            : new Location(event.account(), event.region());
    copies.onCopyEvent(location, identifier, eventId);
  }
}
