package dev.snaplife.contracts.routing;

import static dev.snaplife.contracts.event.EventType.*;
import static dev.snaplife.contracts.routing.SnaplifeService.*;

import dev.snaplife.contracts.event.EventType;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
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

  /**
   * What one service's queue receives.
   *
   * @param nativeFilters per native type, the detail fields and the values the rule matches (the
   *     RDS event ids the service handles, say), so the queue never receives what it would only
   *     drop
   * @param timers periodic work fired into the queue by EventBridge Scheduler
   */
  public record Subscription(
      Set<EventType> events,
      Map<NativeEventType, Map<String, List<String>>> nativeFilters,
      List<Timer> timers) {
    public Subscription {
      events = events.isEmpty() ? Set.of() : Collections.unmodifiableSet(EnumSet.copyOf(events));
      nativeFilters =
          nativeFilters.isEmpty()
              ? Map.of()
              : Collections.unmodifiableMap(new EnumMap<>(nativeFilters));
      timers = List.copyOf(timers);
    }

    public Set<NativeEventType> nativeEvents() {
      return nativeFilters.keySet();
    }

    public boolean isEmpty() {
      return events.isEmpty() && nativeFilters.isEmpty() && timers.isEmpty();
    }
  }

  /** RDS's event ids for the snapshot events Snaplife acts on (RDS User Guide, event catalogue). */
  public static final String MANUAL_SNAPSHOT_CREATED = "RDS-EVENT-0042";

  public static final String AUTOMATED_SNAPSHOT_CREATED = "RDS-EVENT-0091";
  public static final String MANUAL_CLUSTER_SNAPSHOT_CREATED = "RDS-EVENT-0075";
  public static final String AUTOMATED_CLUSTER_SNAPSHOT_CREATED = "RDS-EVENT-0169";

  /**
   * RDS's DB snapshot copy events: finished and canceled, cross-Region (0060, 0061) and local,
   * which includes a copy from another account (0197, 0190). The catalogue has none for cluster
   * snapshot copies, which are followed by polling alone.
   */
  public static final List<String> SNAPSHOT_COPY_EVENTS =
      List.of("RDS-EVENT-0060", "RDS-EVENT-0061", "RDS-EVENT-0197", "RDS-EVENT-0190");

  /**
   * RDS's snapshot export events: failed, canceled, completed; for DB snapshots (0159-0161) and DB
   * cluster snapshots (0162-0164). RDS sends events on a best-effort basis, so export-service also
   * reconciles its exports in flight on its upkeep timer.
   */
  public static final List<String> SNAPSHOT_EXPORT_EVENTS =
      List.of("RDS-EVENT-0159", "RDS-EVENT-0160", "RDS-EVENT-0161");

  public static final List<String> CLUSTER_SNAPSHOT_EXPORT_EVENTS =
      List.of("RDS-EVENT-0162", "RDS-EVENT-0163", "RDS-EVENT-0164");

  /** The recovery-point objective watch of the snapshot service. */
  public static final Timer RPO_WATCH = new Timer("rpo-watch", "rate(10 minutes)");

  /**
   * archive-service's upkeep: expires archives past retention and sends the archives due for a
   * re-verification to be verified, each as its own message.
   */
  public static final Timer ARCHIVE_UPKEEP = new Timer("archive-upkeep", "rate(1 hour)");

  /**
   * replication-service's upkeep: expires copies past their copy retention in every destination,
   * and wakes copies waiting for a free copy slot whose wake-up was lost.
   */
  public static final Timer REPLICATION_UPKEEP = new Timer("replication-upkeep", "rate(1 hour)");

  /**
   * export-service's upkeep: reconciles the exports and crawls in flight with RDS and Glue (a lost
   * event costs at most one tick), starts exports waiting for a free export slot, and expires
   * exports past their retention.
   */
  public static final Timer EXPORT_UPKEEP = new Timer("export-upkeep", "rate(10 minutes)");

  private static final Map<SnaplifeService, Subscription> SUBSCRIPTIONS =
      new EnumMap<>(SnaplifeService.class);
  private static final Map<EventType, Set<String>> PRODUCERS = new EnumMap<>(EventType.class);

  static {
    subscribe(
        SNAPSHOT,
        Set.of(BACKUP_REQUESTED),
        Map.of(
            NativeEventType.RDS_DB_SNAPSHOT_EVENT,
            Map.of("EventID", List.of(MANUAL_SNAPSHOT_CREATED, AUTOMATED_SNAPSHOT_CREATED)),
            NativeEventType.RDS_DB_CLUSTER_SNAPSHOT_EVENT,
            Map.of(
                "EventID",
                List.of(MANUAL_CLUSTER_SNAPSHOT_CREATED, AUTOMATED_CLUSTER_SNAPSHOT_CREATED)),
            NativeEventType.BACKUP_JOB_STATE_CHANGE,
            Map.of("state", List.of("COMPLETED"))),
        List.of(RPO_WATCH));
    // Each copy is an event of its own that replication-service sends itself through the bus.
    // Copies end on RDS's own events, forwarded from each destination to the home bus.
    subscribe(
        REPLICATION,
        Set.of(SNAPSHOT_CREATED, SNAPSHOT_COPY_REQUESTED),
        Map.of(NativeEventType.RDS_DB_SNAPSHOT_EVENT, Map.of("EventID", SNAPSHOT_COPY_EVENTS)),
        List.of(REPLICATION_UPKEEP));
    subscribe(
        EXPORT,
        Set.of(SNAPSHOT_CREATED, SNAPSHOT_COPIED),
        Map.of(
            NativeEventType.RDS_DB_SNAPSHOT_EVENT,
            Map.of("EventID", SNAPSHOT_EXPORT_EVENTS),
            NativeEventType.RDS_DB_CLUSTER_SNAPSHOT_EVENT,
            Map.of("EventID", CLUSTER_SNAPSHOT_EXPORT_EVENTS)),
        List.of(EXPORT_UPKEEP));
    subscribe(
        ARCHIVE,
        Set.of(ARCHIVE_RUN_REQUESTED, ARCHIVE_REQUESTED),
        Map.of(),
        List.of(ARCHIVE_UPKEEP));
    // The notifier hears every outcome, the run requests so it can digest each run, and the
    // requests of copies and archives and the start of exports, so the lifecycle ledger shows them
    // in progress.
    subscribe(
        NOTIFIER,
        Set.of(
            BACKUP_REQUESTED,
            SNAPSHOT_COPY_REQUESTED,
            EXPORT_STARTED,
            ARCHIVE_REQUESTED,
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
            ARCHIVE_VERIFIED,
            ARCHIVE_VERIFICATION_FAILED,
            BACKUP_RUN_PLANNED,
            SNAPSHOT_DELETION_FAILED,
            RPO_BREACHED,
            RPO_RESTORED,
            SNAPSHOT_REPLICATION_FAILED),
        Map.of(),
        List.of());

    produce(BACKUP_REQUESTED, SCHEDULER_SOURCE, OPERATOR_SOURCE);
    produce(ARCHIVE_RUN_REQUESTED, SCHEDULER_SOURCE, OPERATOR_SOURCE);
    // A run fans out into one request per database; an operator may also request one directly.
    produce(ARCHIVE_REQUESTED, ARCHIVE.source(), SCHEDULER_SOURCE, OPERATOR_SOURCE);
    produce(SNAPSHOT_CREATED, SNAPSHOT.source());
    produce(SNAPSHOT_FAILED, SNAPSHOT.source());
    produce(BACKUP_RUN_PLANNED, SNAPSHOT.source());
    produce(RPO_BREACHED, SNAPSHOT.source());
    produce(RPO_RESTORED, SNAPSHOT.source());
    produce(SNAPSHOT_DELETED, SNAPSHOT.source(), REPLICATION.source());
    produce(SNAPSHOT_DELETION_FAILED, SNAPSHOT.source(), REPLICATION.source());
    produce(SNAPSHOT_SHARED, REPLICATION.source());
    produce(SNAPSHOT_COPIED, REPLICATION.source());
    produce(SNAPSHOT_COPY_REQUESTED, REPLICATION.source(), OPERATOR_SOURCE);
    produce(SNAPSHOT_REPLICATION_FAILED, REPLICATION.source());
    produce(EXPORT_STARTED, EXPORT.source());
    produce(EXPORT_COMPLETED, EXPORT.source());
    produce(EXPORT_FAILED, EXPORT.source());
    produce(ARCHIVE_WRITTEN, ARCHIVE.source());
    produce(ARCHIVE_FAILED, ARCHIVE.source());
    produce(ARCHIVE_EXPIRED, ARCHIVE.source());
    produce(ARCHIVE_VERIFIED, ARCHIVE.source());
    produce(ARCHIVE_VERIFICATION_FAILED, ARCHIVE.source());
  }

  private Routing() {}

  private static void subscribe(
      SnaplifeService service,
      Set<EventType> events,
      Map<NativeEventType, Map<String, List<String>>> nativeFilters,
      List<Timer> timers) {
    SUBSCRIPTIONS.put(service, new Subscription(events, nativeFilters, timers));
  }

  private static void produce(EventType type, String... sources) {
    PRODUCERS.put(type, Collections.unmodifiableSet(new LinkedHashSet<>(Arrays.asList(sources))));
  }

  /** What the service's queue receives; empty for a service that consumes nothing. */
  public static Subscription subscriptionOf(SnaplifeService service) {
    return SUBSCRIPTIONS.getOrDefault(service, new Subscription(Set.of(), Map.of(), List.of()));
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
