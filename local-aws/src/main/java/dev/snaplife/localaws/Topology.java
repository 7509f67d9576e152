package dev.snaplife.localaws;

import dev.snaplife.contracts.routing.NativeEventType;
import dev.snaplife.contracts.routing.ResourceNames;
import dev.snaplife.contracts.routing.Routing;
import dev.snaplife.contracts.routing.SnaplifeService;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * The event topology of one environment, derived from the routing table: for each service, the
 * rules that feed its queue and the event patterns they match. Provisioning and the deployment
 * template both read it, so they cannot disagree with {@link Routing}.
 */
public final class Topology {

  /** The bus that AWS services publish their own events to. */
  public static final String DEFAULT_BUS = "default";

  /** A rule into one service's queue. */
  public record RuleSpec(String name, String eventBus, String eventPattern) {}

  /**
   * The tables each service keeps its own state in (keyed by a string {@code id}), besides its
   * processed-events table. No table is shared between services.
   */
  public static final Map<SnaplifeService, List<String>> SERVICE_TABLES =
      Map.of(
          SnaplifeService.SNAPSHOT, List.of("pending-snapshots", "rpo-state"),
          SnaplifeService.NOTIFIER, List.of("run-digests"));

  private final ResourceNames names;

  public Topology(ResourceNames names) {
    this.names = names;
  }

  public ResourceNames names() {
    return names;
  }

  /** The rules feeding the service's queue: Snaplife's own events, then AWS's native ones. */
  public List<RuleSpec> rulesFor(SnaplifeService service) {
    Routing.Subscription subscription = Routing.subscriptionOf(service);
    List<RuleSpec> rules = new java.util.ArrayList<>();
    if (!subscription.events().isEmpty()) {
      Map<String, Object> pattern = new LinkedHashMap<>();
      pattern.put("source", List.copyOf(Routing.producersOf(subscription.events())));
      pattern.put(
          "detail-type", subscription.events().stream().map(t -> t.detailType()).sorted().toList());
      rules.add(new RuleSpec(names.rule(service), names.eventBus(), Json.write(pattern)));
    }
    nativePattern(subscription)
        .ifPresent(
            pattern -> rules.add(new RuleSpec(names.nativeRule(service), DEFAULT_BUS, pattern)));
    return rules;
  }

  private static Optional<String> nativePattern(Routing.Subscription subscription) {
    if (subscription.nativeEvents().isEmpty()) {
      return Optional.empty();
    }
    Map<String, Object> pattern = new LinkedHashMap<>();
    pattern.put(
        "source",
        List.copyOf(
            subscription.nativeEvents().stream()
                .map(NativeEventType::source)
                .collect(java.util.stream.Collectors.toCollection(TreeSet::new))));
    pattern.put(
        "detail-type",
        subscription.nativeEvents().stream().map(NativeEventType::detailType).sorted().toList());
    return Optional.of(Json.write(pattern));
  }
}
