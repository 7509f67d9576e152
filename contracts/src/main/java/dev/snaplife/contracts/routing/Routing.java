package dev.snaplife.contracts.routing;

import static dev.snaplife.contracts.event.EventType.*;
import static dev.snaplife.contracts.routing.SnaplifeService.*;

import dev.snaplife.contracts.event.EventType;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The routing table: who publishes each event type and who consumes it. Written once, here;
 * provisioning, deployment templates, documentation and the services' start-up checks derive from
 * it.
 */
public final class Routing {

  /** What one service's queue receives. */
  public record Subscription(Set<EventType> events, Set<NativeEventType> nativeEvents) {
    public Subscription {
      events = events.isEmpty() ? Set.of() : Collections.unmodifiableSet(EnumSet.copyOf(events));
      nativeEvents =
          nativeEvents.isEmpty()
              ? Set.of()
              : Collections.unmodifiableSet(EnumSet.copyOf(nativeEvents));
    }

    public boolean isEmpty() {
      return events.isEmpty() && nativeEvents.isEmpty();
    }
  }

  private static final Map<SnaplifeService, Subscription> SUBSCRIPTIONS =
      new EnumMap<>(SnaplifeService.class);
  private static final Map<EventType, Set<String>> PRODUCERS = new EnumMap<>(EventType.class);

  static {
    subscribe(
        SNAPSHOT,
        Set.of(BACKUP_REQUESTED),
        Set.of(
            NativeEventType.RDS_DB_SNAPSHOT_EVENT,
            NativeEventType.RDS_DB_CLUSTER_SNAPSHOT_EVENT,
            NativeEventType.BACKUP_JOB_STATE_CHANGE));
    subscribe(REPLICATION, Set.of(SNAPSHOT_CREATED), Set.of());
    subscribe(EXPORT, Set.of(SNAPSHOT_CREATED, SNAPSHOT_COPIED), Set.of());
    subscribe(ARCHIVE, Set.of(ARCHIVE_REQUESTED), Set.of());
    // The notifier hears every outcome, and the run requests so it can digest each run.
    subscribe(
        NOTIFIER,
        Set.of(
            BACKUP_REQUESTED,
            SNAPSHOT_CREATED,
            SNAPSHOT_DELETED,
            SNAPSHOT_FAILED,
            SNAPSHOT_SHARED,
            SNAPSHOT_COPIED,
            EXPORT_COMPLETED,
            EXPORT_FAILED,
            ARCHIVE_WRITTEN,
            ARCHIVE_FAILED,
            ARCHIVE_EXPIRED,
            BACKUP_RUN_PLANNED,
            RPO_BREACHED,
            RPO_RESTORED),
        Set.of());

    produce(BACKUP_REQUESTED, SCHEDULER_SOURCE, OPERATOR_SOURCE);
    produce(ARCHIVE_REQUESTED, SCHEDULER_SOURCE, OPERATOR_SOURCE);
    produce(SNAPSHOT_CREATED, SNAPSHOT.source());
    produce(SNAPSHOT_FAILED, SNAPSHOT.source());
    produce(BACKUP_RUN_PLANNED, SNAPSHOT.source());
    produce(RPO_BREACHED, SNAPSHOT.source());
    produce(RPO_RESTORED, SNAPSHOT.source());
    produce(SNAPSHOT_DELETED, SNAPSHOT.source(), REPLICATION.source());
    produce(SNAPSHOT_SHARED, REPLICATION.source());
    produce(SNAPSHOT_COPIED, REPLICATION.source());
    produce(EXPORT_COMPLETED, EXPORT.source());
    produce(EXPORT_FAILED, EXPORT.source());
    produce(ARCHIVE_WRITTEN, ARCHIVE.source());
    produce(ARCHIVE_FAILED, ARCHIVE.source());
    produce(ARCHIVE_EXPIRED, ARCHIVE.source());
  }

  private Routing() {}

  private static void subscribe(
      SnaplifeService service, Set<EventType> events, Set<NativeEventType> nativeEvents) {
    SUBSCRIPTIONS.put(service, new Subscription(events, nativeEvents));
  }

  private static void produce(EventType type, String... sources) {
    PRODUCERS.put(type, Collections.unmodifiableSet(new LinkedHashSet<>(Arrays.asList(sources))));
  }

  /** What the service's queue receives; empty for a service that consumes nothing. */
  public static Subscription subscriptionOf(SnaplifeService service) {
    return SUBSCRIPTIONS.getOrDefault(service, new Subscription(Set.of(), Set.of()));
  }

  /** The services whose queues receive events of this type. */
  public static Set<SnaplifeService> subscribersOf(EventType type) {
    return SUBSCRIPTIONS.entrySet().stream()
        .filter(e -> e.getValue().events().contains(type))
        .map(Map.Entry::getKey)
        .collect(Collectors.toCollection(() -> EnumSet.noneOf(SnaplifeService.class)));
  }

  /** The EventBridge sources allowed to publish this type; rules match on exactly these. */
  public static Set<String> producersOf(EventType type) {
    return PRODUCERS.getOrDefault(type, Set.of());
  }

  /** The sources of every producer of any of these types, for a rule's event pattern. */
  public static Set<String> producersOf(Set<EventType> types) {
    return types.stream()
        .flatMap(t -> producersOf(t).stream())
        .collect(Collectors.toCollection(TreeSet::new));
  }
}
