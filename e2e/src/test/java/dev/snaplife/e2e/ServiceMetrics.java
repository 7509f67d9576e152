package dev.snaplife.e2e;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A service process's AWS call and attempt counters, by AWS service ({@code Rds}, {@code Sqs}...),
 * read from its actuator ({@code snaplife.aws.calls}, {@code snaplife.aws.attempts}).
 */
final class ServiceMetrics {

  static final String CALLS = "snaplife.aws.calls";
  static final String ATTEMPTS = "snaplife.aws.attempts";

  private static final JsonMapper json = JsonMapper.builder().build();

  private ServiceMetrics() {}

  /** The metric's count by AWS service, or an empty map when the process does not answer. */
  static Map<String, Long> byAwsService(int port, String metric) {
    Map<String, Long> counts = new TreeMap<>();
    for (String service : tagValues(get(port, "/actuator/metrics/" + metric), "service")) {
      counts.put(service, count(ofService(port, metric, service)));
      if (service.equals("Sqs")) {
        // The long polls apart: what the work cost is the rest.
        long polls =
            count(
                get(
                    port,
                    "/actuator/metrics/"
                        + metric
                        + "?tag="
                        + URLEncoder.encode("service:Sqs", StandardCharsets.UTF_8)
                        + "&tag="
                        + URLEncoder.encode("operation:ReceiveMessage", StandardCharsets.UTF_8)));
        counts.put("Sqs", counts.get("Sqs") - polls);
        counts.put("Sqs.ReceiveMessage", polls);
      }
    }
    return counts;
  }

  /**
   * The AWS operations the process called, as {@code Service:Operation} ({@code
   * Rds:CreateDBSnapshot}), whatever their outcome.
   */
  static Set<String> operations(int port, String metric) {
    Set<String> operations = new TreeSet<>();
    for (String service : tagValues(get(port, "/actuator/metrics/" + metric), "service")) {
      tagValues(ofService(port, metric, service), "operation")
          .forEach(operation -> operations.add(service + ":" + operation));
    }
    return operations;
  }

  /** The metric restricted to one AWS service. */
  private static JsonNode ofService(int port, String metric, String service) {
    return get(
        port,
        "/actuator/metrics/"
            + metric
            + "?tag="
            + URLEncoder.encode("service:" + service, StandardCharsets.UTF_8));
  }

  /** The values of one of the metric's tags; none when the process did not answer. */
  private static List<String> tagValues(JsonNode metric, String name) {
    List<String> values = new ArrayList<>();
    if (metric != null) {
      for (JsonNode tag : metric.path("availableTags")) {
        if (tag.path("tag").asString().equals(name)) {
          tag.path("values").forEach(v -> values.add(v.asString()));
        }
      }
    }
    return values;
  }

  /** Events the process consumed with the given outcome ({@code handled}, {@code duplicate}...). */
  static long consumed(int port, String outcome) {
    return count(
        get(
            port,
            "/actuator/metrics/snaplife.events.consumed?tag="
                + URLEncoder.encode("outcome:" + outcome, StandardCharsets.UTF_8)));
  }

  private static long count(JsonNode metric) {
    if (metric != null) {
      for (JsonNode m : metric.path("measurements")) {
        if (m.path("statistic").asString().equals("COUNT")) {
          return Math.round(m.path("value").asDouble());
        }
      }
    }
    return 0;
  }

  private static JsonNode get(int port, String path) {
    String body = ServiceProcess.get(port, path, Duration.ofSeconds(5));
    return body == null ? null : json.readTree(body);
  }
}
