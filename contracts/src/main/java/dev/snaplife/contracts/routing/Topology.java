package dev.snaplife.contracts.routing;

import dev.snaplife.contracts.ledger.LedgerTable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

/**
 * The event topology of one environment, derived from the routing table: for each service, the
 * rules that feed its queue and the event patterns they match, and the schedules that fire its
 * timers. Provisioning and the deployment template both read it, so they cannot disagree with
 * {@link Routing}.
 */
public final class Topology {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  /** The bus that AWS services publish their own events to. */
  public static final String DEFAULT_BUS = "default";

  /** A rule into one service's queue. */
  public record RuleSpec(String name, String eventBus, String eventPattern) {}

  /**
   * A Scheduler schedule firing a timer into one service's queue.
   *
   * @param input the message the Scheduler delivers, with its context attributes to fill in
   */
  public record ScheduleSpec(String group, String name, String expression, String input) {}

  /**
   * A service's table: {@code <env>-<service>-<purpose>}, string keys, time to live on {@code
   * expiresAt}.
   *
   * @param sortKey null for a table keyed by its hash key alone
   */
  public record TableSpec(String purpose, String hashKey, @Nullable String sortKey) {

    /** Keyed by a string {@code id}, as most are. */
    public static TableSpec keyedById(String purpose) {
      return new TableSpec(purpose, "id", null);
    }
  }

  /**
   * The tables each service keeps its own state in, besides its processed-events table. No table is
   * shared between services.
   */
  public static final Map<SnaplifeService, List<TableSpec>> SERVICE_TABLES =
      Map.of(
          SnaplifeService.SNAPSHOT, List.of(TableSpec.keyedById("state")),
          SnaplifeService.NOTIFIER,
              List.of(
                  TableSpec.keyedById("run-digests"),
                  // The lifecycle ledger `snaplife status` reads: entries under each lifecycle.
                  new TableSpec(LedgerTable.TABLE, LedgerTable.PK, LedgerTable.SK)),
          SnaplifeService.ARCHIVE, List.of(TableSpec.keyedById("journal")),
          SnaplifeService.REPLICATION, List.of(TableSpec.keyedById("journal")),
          SnaplifeService.EXPORT, List.of(TableSpec.keyedById("journal")));

  private final ResourceNames names;

  public Topology(ResourceNames names) {
    this.names = names;
  }

  public ResourceNames names() {
    return names;
  }

  /**
   * The rules feeding the service's queue: Snaplife's own events, then one rule per type of AWS's
   * native events, matching only the detail values the service acts on.
   */
  public List<RuleSpec> rulesFor(SnaplifeService service) {
    Routing.Subscription subscription = Routing.subscriptionOf(service);
    List<RuleSpec> rules = new ArrayList<>();
    if (!subscription.events().isEmpty()) {
      Map<String, Object> pattern = new LinkedHashMap<>();
      pattern.put("source", List.copyOf(Routing.producersOf(subscription.events())));
      pattern.put(
          "detail-type", subscription.events().stream().map(t -> t.detailType()).sorted().toList());
      rules.add(
          new RuleSpec(names.rule(service), names.eventBus(), JSON.writeValueAsString(pattern)));
    }
    subscription
        .nativeFilters()
        .forEach(
            (type, filter) ->
                rules.add(
                    new RuleSpec(
                        names.nativeRule(service, type),
                        DEFAULT_BUS,
                        nativePattern(type, filter))));
    return rules;
  }

  /** The services that act on RDS events emitted away from home: copies made, exports ended. */
  public static final List<SnaplifeService> FORWARDED_FOR =
      List.of(SnaplifeService.REPLICATION, SnaplifeService.EXPORT);

  /**
   * The rules each destination (another region, another account) needs so that the native events
   * replication-service (copies) and export-service (exports of copies) act on, which RDS emits
   * where the snapshot is, reach the home bus: per native type, the values those services' own
   * native rules match, on the destination's default bus.
   */
  public List<RuleSpec> forwardingRules() {
    Map<NativeEventType, Map<String, List<String>>> merged = new java.util.TreeMap<>();
    for (SnaplifeService service : FORWARDED_FOR) {
      Routing.subscriptionOf(service)
          .nativeFilters()
          .forEach(
              (type, filter) ->
                  filter.forEach(
                      (field, values) -> {
                        List<String> all =
                            merged
                                .computeIfAbsent(type, t -> new LinkedHashMap<>())
                                .computeIfAbsent(field, f -> new ArrayList<>());
                        values.stream().filter(v -> !all.contains(v)).forEach(all::add);
                      }));
    }
    List<RuleSpec> rules = new ArrayList<>();
    merged.forEach(
        (type, filter) ->
            rules.add(
                new RuleSpec(
                    names.forwardingRule(type), DEFAULT_BUS, nativePattern(type, filter))));
    return rules;
  }

  private static String nativePattern(NativeEventType type, Map<String, List<String>> filter) {
    Map<String, Object> pattern = new LinkedHashMap<>();
    pattern.put("source", List.of(type.source()));
    pattern.put("detail-type", List.of(type.detailType()));
    if (!filter.isEmpty()) {
      pattern.put("detail", new java.util.TreeMap<>(filter));
    }
    return JSON.writeValueAsString(pattern);
  }

  /** The schedules firing the service's timers into its queue. */
  public List<ScheduleSpec> schedulesFor(SnaplifeService service) {
    List<ScheduleSpec> schedules = new ArrayList<>();
    for (Timer timer : Routing.subscriptionOf(service).timers()) {
      schedules.add(
          new ScheduleSpec(
              names.scheduleGroup(),
              timer.scheduleName(service),
              timer.scheduleExpression(),
              Timer.schedulerInput(timer.name(), null)));
    }
    return schedules;
  }
}
