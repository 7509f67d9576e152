package dev.snaplife.export.application;

import dev.snaplife.export.domain.ExportRule;
import dev.snaplife.export.domain.Location;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The validated export configuration the use cases work from.
 *
 * @param environment the Snaplife environment, part of the crawlers' names
 * @param exportsInFlight export slots per account and region (RDS runs five exports at once)
 * @param crawlCheck the first check of a crawl; later ones double, to five minutes at most
 */
public record ExportRules(
    List<ExportRule> rules, String environment, int exportsInFlight, Duration crawlCheck) {

  /** Checks of a crawl are at most this far apart. */
  static final Duration MAX_CRAWL_CHECK = Duration.ofMinutes(5);

  public ExportRules {
    rules = List.copyOf(rules);
  }

  public Optional<ExportRule> rule(String name) {
    return rules.stream().filter(r -> r.name().equals(name)).findFirst();
  }

  /** Every account and region the rules export in: the slot pools. */
  public Set<Location> locations() {
    Set<Location> locations = new LinkedHashSet<>();
    rules.forEach(r -> locations.add(r.location()));
    return locations;
  }

  Duration crawlCheckDelay(int attempt) {
    Duration delay = crawlCheck;
    for (int i = 0; i < attempt && delay.compareTo(MAX_CRAWL_CHECK) < 0; i++) {
      delay = delay.multipliedBy(2);
    }
    return delay.compareTo(MAX_CRAWL_CHECK) > 0 ? MAX_CRAWL_CHECK : delay;
  }
}
