package dev.snaplife.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.snaplife.contracts.event.ArchiveRequested;
import dev.snaplife.contracts.event.EventEnvelope;
import dev.snaplife.contracts.event.EventType;
import dev.snaplife.contracts.routing.DeliveryPolicy;
import dev.snaplife.contracts.routing.SnaplifeService;
import dev.snaplife.platform.consume.DeadLetterQueue;
import dev.snaplife.platform.testing.EmulatorEnvironment;
import dev.snaplife.platform.testing.Events;
import dev.snaplife.platform.testservice.RecordingArchiveHandler;
import dev.snaplife.platform.testservice.TestArchiveService;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * The delivery policy at work with durations scaled down: an 8-second visibility timeout, a
 * 3-second claim lease (a heartbeat a second), four deliveries. A handler that runs longer than
 * both never runs twice; a duplicate waits for the lease instead of racing; a message that fails on
 * every delivery reaches the dead-letter queue with its last error as the reason.
 */
@SpringBootTest(classes = TestArchiveService.class)
class DeliveryPolicyIntegrationTest {

  static final DeliveryPolicy SHORT =
      new DeliveryPolicy(
          Duration.ofSeconds(8),
          4,
          Duration.ofSeconds(3),
          Duration.ofSeconds(1),
          Duration.ofSeconds(2),
          2.0,
          Duration.ZERO,
          Duration.ofDays(15),
          Duration.ofDays(4),
          Duration.ofDays(14));

  static final EmulatorEnvironment aws = EmulatorEnvironment.provision(SHORT);
  static final String SCHEDULER = "snaplife.scheduler";

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) {
    aws.register(registry, SnaplifeService.ARCHIVE);
    registry.add("snaplife.events.claim-lease", () -> "3s");
  }

  @Autowired RecordingArchiveHandler handler;
  @Autowired MeterRegistry meters;

  @Test
  void aHandlerRunningLongerThanTheVisibilityTimeoutAndTheLeaseRunsOnce() {
    EventEnvelope<ArchiveRequested> slow = request("slow-14");

    aws.publishAs(SCHEDULER, slow);

    await().atMost(Duration.ofSeconds(40)).until(() -> handler.handledCount(slow.eventId()) == 1);
    assertThat(handler.attempts.get(slow.eventId())).hasValue(1);
    assertThat(heartbeats("renewed")).isGreaterThanOrEqualTo(10);
    await()
        .during(Duration.ofSeconds(9))
        .atMost(Duration.ofSeconds(12))
        .until(() -> handler.attempts.get(slow.eventId()).get() == 1);
  }

  @Test
  void aDuplicateOfAnEventBeingHandledComesBackWhenTheLeaseEndsNotAtTheBackoff() {
    EventEnvelope<ArchiveRequested> slow = request("slow-9");
    String message = aws.asEventBridgeMessage(SCHEDULER, slow);
    double heldBefore = consumed("in-progress-elsewhere");

    aws.sendRaw(SnaplifeService.ARCHIVE, message);
    aws.sendRaw(SnaplifeService.ARCHIVE, message);

    await().atMost(Duration.ofSeconds(40)).until(() -> handler.handledCount(slow.eventId()) == 1);
    await().atMost(Duration.ofSeconds(20)).until(() -> consumed("duplicate") >= 1);
    assertThat(handler.attempts.get(slow.eventId())).hasValue(1);
    // Over nine seconds of handling, a duplicate backing off by 1-2 s would return five times or
    // more; waiting for the renewed 3 s lease each time, it returns at most three times.
    assertThat(consumed("in-progress-elsewhere") - heldBefore).isBetween(1.0, 3.0);
  }

  @Test
  void aMessageFailingOnEveryDeliveryReachesTheDeadLetterQueueWithItsLastError() {
    EventEnvelope<ArchiveRequested> doomed = request("fail-always");

    aws.publishAs(SCHEDULER, doomed);

    List<Message> dead = new ArrayList<>();
    await()
        .atMost(Duration.ofSeconds(40))
        .until(
            () ->
                dead.addAll(
                    aws.drain(
                        aws.deadLetterQueueUrl(SnaplifeService.ARCHIVE), Duration.ofSeconds(1))));
    assertThat(handler.attempts.get(doomed.eventId())).hasValue(4);
    assertThat(dead).hasSize(1);
    assertThat(dead.get(0).messageAttributes().get(DeadLetterQueue.REASON).stringValue())
        .isEqualTo(
            "failed on all 4 deliveries; last error: java.lang.IllegalStateException: simulated"
                + " outage of the archive bucket");
    assertThat(dead.get(0).messageAttributes().get(DeadLetterQueue.RECEIVE_COUNT).stringValue())
        .isEqualTo("4");
  }

  private static EventEnvelope<ArchiveRequested> request(String database) {
    return Events.envelope(
        new ArchiveRequested(
            "yearly",
            "orders-db",
            "postgres",
            database,
            "arn:aws:secretsmanager:us-east-1:123456789012:secret:orders",
            Instant.parse("2026-11-20T02:00:00Z"),
            null,
            null),
        SCHEDULER);
  }

  private double consumed(String outcome) {
    var counter =
        meters
            .find("snaplife.events.consumed")
            .tag("type", EventType.ARCHIVE_REQUESTED.detailType())
            .tag("outcome", outcome)
            .counter();
    return counter == null ? 0 : counter.count();
  }

  private double heartbeats(String outcome) {
    var counter = meters.find("snaplife.events.heartbeats").tag("outcome", outcome).counter();
    return counter == null ? 0 : counter.count();
  }
}
