package dev.snaplife.platform.testing;

import dev.snaplife.platform.aws.AwsApiCallMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** What the benchmarks measure with: AWS calls per operation, and latency percentiles. */
public final class Benchmarks {

  private Benchmarks() {}

  /** Every AWS call the service made so far, by {@code Service.Operation}. */
  public static Map<String, Double> calls(MeterRegistry meters) {
    Map<String, Double> calls = new HashMap<>();
    for (Timer t : meters.find(AwsApiCallMetrics.METRIC).timers()) {
      String key = t.getId().getTag("service") + "." + t.getId().getTag("operation");
      calls.merge(key, (double) t.count(), Double::sum);
    }
    return calls;
  }

  /** The calls made since {@code before}, by operation, without the ones not made. */
  public static Map<String, Double> callsSince(MeterRegistry meters, Map<String, Double> before) {
    Map<String, Double> used = new TreeMap<>(calls(meters));
    used.replaceAll((k, v) -> v - before.getOrDefault(k, 0.0));
    used.values().removeIf(v -> v == 0);
    return used;
  }

  /** The sum of the calls to the services whose names start with one of the prefixes. */
  public static double sumOf(Map<String, Double> calls, String... servicePrefixes) {
    return calls.entrySet().stream()
        .filter(e -> java.util.Arrays.stream(servicePrefixes).anyMatch(e.getKey()::startsWith))
        .mapToDouble(Map.Entry::getValue)
        .sum();
  }

  /** The p-th percentile (nearest rank) of sorted values. */
  public static long percentile(List<Long> sorted, int p) {
    int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
    return sorted.get(Math.max(0, Math.min(index, sorted.size() - 1)));
  }
}
