package dev.snaplife.platform.testing;

import dev.snaplife.contracts.event.EventEnvelope;
import dev.snaplife.contracts.event.EventType;
import dev.snaplife.contracts.event.SnaplifeEvent;
import dev.snaplife.contracts.json.EventCodec;
import dev.snaplife.contracts.routing.Routing;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import software.amazon.awssdk.services.eventbridge.model.Target;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import tools.jackson.databind.json.JsonMapper;

/**
 * A queue with a rule catching every Snaplife event on an environment's bus, so a test sees what
 * the services published. Each call to {@link #received()} collects what has arrived since.
 */
public final class EventProbe {

  private final EmulatorEnvironment aws;
  private final String queueUrl;
  private final EventCodec codec = new EventCodec();
  private final JsonMapper json = JsonMapper.builder().build();
  private final List<EventEnvelope<?>> received = new CopyOnWriteArrayList<>();

  /**
   * @param types the event types to catch; empty catches every Snaplife event. A probe that is not
   *     read keeps what it caught on its queue, and the emulator's SQS slows down with every
   *     message a queue holds: benchmarks catch only what they read.
   */
  EventProbe(EmulatorEnvironment aws, String name, Set<EventType> types) {
    this.aws = aws;
    this.queueUrl = aws.sqs().createQueue(b -> b.queueName(name)).queueUrl();
    String queueArn =
        aws.sqs()
            .getQueueAttributes(
                b -> b.queueUrl(queueUrl).attributeNames(QueueAttributeName.QUEUE_ARN))
            .attributes()
            .get(QueueAttributeName.QUEUE_ARN);
    TreeSet<String> producers = new TreeSet<>(Routing.producersOf(EnumSet.allOf(EventType.class)));
    Map<String, Object> match = new java.util.LinkedHashMap<>();
    match.put("source", List.copyOf(producers));
    if (!types.isEmpty()) {
      match.put("detail-type", types.stream().map(EventType::detailType).sorted().toList());
    }
    String pattern = json.writeValueAsString(match);
    aws.eventBridge()
        .putRule(b -> b.name(name).eventBusName(aws.names().eventBus()).eventPattern(pattern));
    aws.eventBridge()
        .putTargets(
            b ->
                b.rule(name)
                    .eventBusName(aws.names().eventBus())
                    .targets(Target.builder().id("probe").arn(queueArn).build()));
  }

  /** Everything received so far, in arrival order (redeliveries included). */
  public List<EventEnvelope<?>> received() {
    for (var message : aws.drain(queueUrl, Duration.ZERO)) {
      received.add(codec.fromTree(json.readTree(message.body()).get("detail")));
    }
    return new ArrayList<>(received);
  }

  @SuppressWarnings("unchecked")
  public <E extends SnaplifeEvent> List<EventEnvelope<E>> received(Class<E> type) {
    List<EventEnvelope<E>> matching = new ArrayList<>();
    for (EventEnvelope<?> event : received()) {
      if (type.isInstance(event.data())) {
        matching.add((EventEnvelope<E>) event);
      }
    }
    return matching;
  }
}
