package dev.snaplife.platform.testing;

import dev.snaplife.contracts.event.EventEnvelope;
import dev.snaplife.contracts.json.EventCodec;
import dev.snaplife.contracts.routing.ResourceNames;
import dev.snaplife.contracts.routing.SnaplifeService;
import dev.snaplife.localaws.LocalAws;
import dev.snaplife.localaws.ProvisionedEnvironment;
import dev.snaplife.platform.publish.EventBridgeEventPublisher;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.test.context.DynamicPropertyRegistry;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

/**
 * A freshly provisioned Snaplife environment on the emulator, with the SDK clients a test uses to
 * drive and observe it. Each test class takes its own, so classes never see each other's queues.
 */
public final class EmulatorEnvironment {

  private final LocalAws aws;
  private final ProvisionedEnvironment provisioned;
  private final SqsClient sqs;
  private final EventBridgeClient eventBridge;
  private final DynamoDbClient dynamo;
  private final EventCodec codec = new EventCodec();

  private EmulatorEnvironment(LocalAws aws, ProvisionedEnvironment provisioned) {
    this.aws = aws;
    this.provisioned = provisioned;
    this.sqs = aws.target().client(SqsClient.builder());
    this.eventBridge = aws.target().client(EventBridgeClient.builder());
    this.dynamo = aws.target().client(DynamoDbClient.builder());
  }

  public static EmulatorEnvironment provision() {
    LocalAws aws = LocalAws.get();
    return new EmulatorEnvironment(aws, aws.newEnvironment());
  }

  /**
   * An environment made some other way than by the provisioner (by the CloudFormation template, in
   * the deploy test), in the given account of the emulator.
   */
  public static EmulatorEnvironment of(LocalAws aws, ProvisionedEnvironment provisioned) {
    return new EmulatorEnvironment(aws, provisioned);
  }

  /** An environment whose queues follow the given delivery policy instead of the defaults. */
  public static EmulatorEnvironment provision(
      dev.snaplife.contracts.routing.DeliveryPolicy delivery) {
    LocalAws aws = LocalAws.get();
    return new EmulatorEnvironment(
        aws,
        aws.newEnvironment(
            dev.snaplife.localaws.ProvisioningOptions.localDefaults("t").withDelivery(delivery)));
  }

  /**
   * An environment in an account of its own on the emulator: an RDS fleet, quotas and throttling no
   * other test class sees, for tests and benchmarks that count.
   */
  public static EmulatorEnvironment provisionInFreshAccount() {
    LocalAws aws = LocalAws.get().inFreshAccount();
    return new EmulatorEnvironment(aws, aws.newEnvironment());
  }

  public ResourceNames names() {
    return provisioned.names();
  }

  public ProvisionedEnvironment provisioned() {
    return provisioned;
  }

  /** For building clients of services the platform does not use (RDS, SNS…). */
  public dev.snaplife.localaws.AwsTarget target() {
    return aws.target();
  }

  public SqsClient sqs() {
    return sqs;
  }

  public EventBridgeClient eventBridge() {
    return eventBridge;
  }

  public DynamoDbClient dynamo() {
    return dynamo;
  }

  /**
   * Properties that run the given service against this environment, with durations scaled down so
   * tests observe retries, heartbeats and lease takeovers in seconds: short polls, a 6 s claim
   * lease (a heartbeat every 2 s), backoff of 1 to 2 s, and no outage to outlast (the delivery
   * policy's relations still hold, and are checked at start-up).
   */
  public Map<String, String> serviceProperties(SnaplifeService service) {
    Map<String, String> properties = new LinkedHashMap<>(aws.serviceProperties(names()));
    properties.put("snaplife.service", service.serviceName());
    properties.put("snaplife.events.poll-timeout", "1s");
    properties.put("snaplife.events.claim-lease", "6s");
    properties.put("snaplife.events.outage-tolerance", "0s");
    properties.put("snaplife.events.retry.initial-backoff", "1s");
    properties.put("snaplife.events.retry.max-backoff", "2s");
    return properties;
  }

  /**
   * Properties that run the given service against this environment as it runs in production:
   * 20-second long polls, the default lease and backoff. For benchmarks that count calls.
   */
  public Map<String, String> productionProperties(SnaplifeService service) {
    Map<String, String> properties = new LinkedHashMap<>(aws.serviceProperties(names()));
    properties.put("snaplife.service", service.serviceName());
    return properties;
  }

  public void register(DynamicPropertyRegistry registry, SnaplifeService service) {
    serviceProperties(service).forEach((key, value) -> registry.add(key, () -> value));
  }

  /** Puts events on the bus as the given producer (a service's source, or the scheduler's). */
  public void publishAs(String source, EventEnvelope<?>... events) {
    new EventBridgeEventPublisher(
            eventBridge, codec, names().eventBus(), source, 3, new SimpleMeterRegistry())
        .publish(List.of(events));
  }

  public String queueUrl(SnaplifeService service) {
    return sqs.getQueueUrl(b -> b.queueName(names().queue(service))).queueUrl();
  }

  public String deadLetterQueueUrl(SnaplifeService service) {
    return sqs.getQueueUrl(b -> b.queueName(names().deadLetterQueue(service))).queueUrl();
  }

  /** Sends a raw body straight to a service's queue, as a broken or foreign producer might. */
  public void sendRaw(SnaplifeService service, String body) {
    sqs.sendMessage(b -> b.queueUrl(queueUrl(service)).messageBody(body));
  }

  /**
   * Puts a timer firing on the service's queue exactly as its EventBridge Scheduler schedule would,
   * so a test need not wait for the schedule.
   */
  public void fireTimer(
      SnaplifeService service, String timer, java.time.Instant scheduledTime, String payloadJson) {
    String body =
        dev.snaplife.contracts.routing.Timer.schedulerInput(timer, payloadJson)
            .replace("<aws.scheduler.execution-id>", java.util.UUID.randomUUID().toString())
            .replace("<aws.scheduler.scheduled-time>", scheduledTime.toString())
            .replace(
                "<aws.scheduler.schedule-arn>",
                "arn:aws:scheduler:us-east-1:123456789012:schedule/"
                    + names().scheduleGroup()
                    + "/"
                    + service.serviceName()
                    + "-"
                    + timer);
    sendRaw(service, body);
  }

  /** Receives (and deletes) what is on the queue now, waiting up to the given time for a first. */
  public List<Message> drain(String queueUrl, Duration wait) {
    List<Message> all = new ArrayList<>();
    int waitSeconds = (int) wait.toSeconds();
    while (true) {
      int w = all.isEmpty() ? waitSeconds : 0;
      List<Message> batch =
          sqs.receiveMessage(
                  b ->
                      b.queueUrl(queueUrl)
                          .maxNumberOfMessages(10)
                          .waitTimeSeconds(w)
                          .messageAttributeNames("All")
                          .messageSystemAttributeNames(MessageSystemAttributeName.ALL))
              .messages();
      if (batch.isEmpty()) {
        return all;
      }
      all.addAll(batch);
      batch.forEach(
          m -> sqs.deleteMessage(d -> d.queueUrl(queueUrl).receiptHandle(m.receiptHandle())));
    }
  }

  /**
   * Puts an event on the default bus as AWS itself would (RDS, AWS Backup); returns the id
   * EventBridge gave it, which is the consumers' idempotency key.
   */
  public String putAwsEvent(
      dev.snaplife.contracts.routing.NativeEventType type, String detailJson, String... resources) {
    return eventBridge
        .putEvents(
            b ->
                b.entries(
                    software.amazon.awssdk.services.eventbridge.model.PutEventsRequestEntry
                        .builder()
                        .eventBusName("default")
                        .source(type.source())
                        .detailType(type.detailType())
                        .resources(resources)
                        .detail(detailJson)
                        .build()))
        .entries()
        .get(0)
        .eventId();
  }

  /** Starts catching every Snaplife event published on this environment's bus. */
  public EventProbe probe() {
    return new EventProbe(
        this, names().environment() + "-probe-" + System.nanoTime() % 100000, Set.of());
  }

  /**
   * Starts catching only the given types of Snaplife events published on this environment's bus.
   */
  public EventProbe probe(dev.snaplife.contracts.event.EventType... types) {
    return new EventProbe(
        this, names().environment() + "-probe-" + System.nanoTime() % 100000, Set.of(types));
  }

  /**
   * Sets the emulator's RDS manual snapshot quotas (our launcher's extension of moto). The quota is
   * account-wide, so tests set it and restore it.
   */
  public void setRdsQuotas(Map<String, Integer> quotas) {
    post("/moto-api/snaplife/rds-quotas", JSON.writeValueAsString(quotas));
  }

  /**
   * Fires one of this environment's EventBridge Scheduler schedules now, as if its time had come
   * (our launcher's extension; its own background firing follows the schedule's expression).
   */
  public void fireSchedule(String name, java.time.Instant scheduledTime) {
    post(
        "/moto-api/snaplife/scheduler/fire",
        JSON.writeValueAsString(
            Map.of(
                "name", name,
                "group", names().scheduleGroup(),
                "scheduledTime", scheduledTime.toString())));
  }

  /**
   * Injects faults into the emulator's answers (our launcher's extension): for example {@code
   * Map.of("service", "rds", "throttle", 0.3)}. Faults are emulator-wide: clear them after use.
   */
  public void setFaults(long seed, List<Map<String, Object>> rules) {
    post(
        "/moto-api/snaplife/faults", JSON.writeValueAsString(Map.of("seed", seed, "rules", rules)));
  }

  public void clearFaults() {
    send("DELETE", "/moto-api/snaplife/faults", "");
  }

  /** What the emulator saw and injected since faults were last set. */
  public tools.jackson.databind.JsonNode faults() {
    return JSON.readTree(send("GET", "/moto-api/snaplife/faults", ""));
  }

  /** How long new manual snapshots stay "creating" in the emulator (moto's state manager). */
  public void setSnapshotCreationSeconds(double seconds) {
    setTimeTransition("rds::snapshot", seconds);
  }

  /** How long snapshot copies stay "copying" in the emulator (our launcher's extension). */
  public void setCopySeconds(double seconds) {
    setTimeTransition("rds::snapshot-copy", seconds);
  }

  private void setTimeTransition(String model, double seconds) {
    post(
        "/moto-api/state-manager/set-transition",
        JSON.writeValueAsString(
            Map.of(
                "model_name",
                model,
                "transition",
                Map.of("progression", "time", "seconds", seconds))));
  }

  /** How many cross-region copies RDS lets be in flight per destination region (default 5). */
  public void setConcurrentCrossRegionCopies(int limit) {
    post(
        "/moto-api/snaplife/rds-copy-limit",
        JSON.writeValueAsString(Map.of("concurrentCrossRegionCopies", limit)));
  }

  /** How long export tasks stay in progress in the emulator (our launcher's extension). */
  public void setExportSeconds(double seconds) {
    setTimeTransition("rds::export-task", seconds);
  }

  /** How long a Glue crawl runs in the emulator (our launcher's extension). */
  public void setCrawlSeconds(double seconds) {
    setTimeTransition("glue::crawl", seconds);
  }

  /** How many export tasks RDS runs at once per account and region (default 5). */
  public void setConcurrentExports(int limit) {
    post(
        "/moto-api/snaplife/rds-export-limit",
        JSON.writeValueAsString(Map.of("concurrentExports", limit)));
  }

  /**
   * Export tasks of snapshots whose identifier matches the regular expression end FAILED with this
   * cause (our launcher's extension); emulator-wide, so cleared after use.
   */
  public void failExports(String snapshotIdentifierRegex, String failureCause) {
    post(
        "/moto-api/snaplife/rds-export-failures",
        JSON.writeValueAsString(
            Map.of("snapshotIdentifier", snapshotIdentifierRegex, "failureCause", failureCause)));
  }

  public void clearExportFailures() {
    send("DELETE", "/moto-api/snaplife/rds-export-failures", "");
  }

  /** Whether the emulator sends RDS's export events to the default bus (as AWS, best effort). */
  public void setExportEventsSent(boolean sent) {
    post("/moto-api/snaplife/rds-export-events", JSON.writeValueAsString(Map.of("emit", sent)));
  }

  private void post(String path, String body) {
    send("POST", path, body);
  }

  private String send(String method, String path, String body) {
    try {
      var response =
          java.net.http.HttpClient.newHttpClient()
              .send(
                  java.net.http.HttpRequest.newBuilder(aws.endpoint().resolve(path))
                      .method(method, java.net.http.HttpRequest.BodyPublishers.ofString(body))
                      .header("Content-Type", "application/json")
                      .build(),
                  java.net.http.HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() >= 300) {
        throw new IllegalStateException(
            path + " answered " + response.statusCode() + ": " + response.body());
      }
      return response.body();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static final tools.jackson.databind.json.JsonMapper JSON =
      tools.jackson.databind.json.JsonMapper.builder().build();

  /** Wraps an envelope the way an EventBridge rule delivers it to SQS. */
  public String asEventBridgeMessage(String source, EventEnvelope<?> event) {
    return "{\"version\":\"0\",\"id\":\""
        + java.util.UUID.randomUUID()
        + "\",\"detail-type\":\""
        + event.eventType()
        + "\",\"source\":\""
        + source
        + "\",\"account\":\"123456789012\",\"time\":\""
        + event.occurredAt()
        + "\",\"region\":\"us-east-1\",\"resources\":[],\"detail\":"
        + codec.toJson(event)
        + "}";
  }
}
