package dev.snaplife.e2e;

import dev.snaplife.contracts.routing.SnaplifeService;
import dev.snaplife.platform.aws.AwsApiCallMetrics;
import io.awspring.cloud.sqs.listener.SqsMessageListenerContainer;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * One Snaplife service running in this JVM with its real listener, clients and metrics, as a
 * deployment would run it: several services, or several replicas of one, side by side, each with
 * its own application context and meter registry.
 */
final class RunningService implements AutoCloseable {

  final SnaplifeService service;
  private final ConfigurableApplicationContext context;

  private RunningService(SnaplifeService service, ConfigurableApplicationContext context) {
    this.service = service;
    this.context = context;
  }

  static RunningService start(
      Class<?> application, SnaplifeService service, Map<String, String> properties) {
    Map<String, Object> all = new HashMap<>(properties);
    all.put("snaplife.service", service.serviceName());
    // Every service jar carries an application.yaml; the one found first must not decide.
    all.put("spring.application.name", service.serviceName());
    // As arguments, not builder properties: those are defaults, below every application.yaml.
    String[] arguments =
        all.entrySet().stream()
            .map(e -> "--" + e.getKey() + "=" + e.getValue())
            .toArray(String[]::new);
    ConfigurableApplicationContext context =
        new SpringApplicationBuilder(application).web(WebApplicationType.NONE).run(arguments);
    return new RunningService(service, context);
  }

  <T> T bean(Class<T> type) {
    return context.getBean(type);
  }

  /** Stops taking messages from its queue (they wait there), as a service scaled to zero. */
  void pauseListening() {
    context.getBean(SqsMessageListenerContainer.class).stop();
  }

  void resumeListening() {
    context.getBean(SqsMessageListenerContainer.class).start();
  }

  MeterRegistry meters() {
    return context.getBean(MeterRegistry.class);
  }

  /** AWS API calls so far, by "Service.Operation". */
  Map<String, Long> calls() {
    Map<String, Long> calls = new TreeMap<>();
    for (Timer timer : meters().find(AwsApiCallMetrics.METRIC).timers()) {
      calls.merge(key(timer.getId()), timer.count(), Long::sum);
    }
    return calls;
  }

  /** Attempts so far (retries included), by "Service.Operation". */
  Map<String, Long> attempts() {
    Map<String, Long> attempts = new TreeMap<>();
    for (Counter counter : meters().find(AwsApiCallMetrics.ATTEMPTS).counters()) {
      attempts.merge(key(counter.getId()), (long) counter.count(), Long::sum);
    }
    return attempts;
  }

  /** Events this service handled (claimed and completed), of the given type. */
  double handled(String eventType) {
    var counter =
        meters()
            .find("snaplife.events.consumed")
            .tag("type", eventType)
            .tag("outcome", "handled")
            .counter();
    return counter == null ? 0 : counter.count();
  }

  private static String key(io.micrometer.core.instrument.Meter.Id id) {
    return id.getTag("service") + "." + id.getTag("operation");
  }

  @Override
  public void close() {
    context.close();
  }

  /** Stops them all at once: each waits for its long poll to end. */
  static void closeAll(List<RunningService> services) {
    CompletableFuture.allOf(
            services.stream()
                .map(s -> CompletableFuture.runAsync(s::close))
                .toArray(CompletableFuture[]::new))
        .join();
  }
}
