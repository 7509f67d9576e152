package dev.snaplife.snapshot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.snaplife.contracts.event.BackupRequested;
import dev.snaplife.contracts.event.BackupRunPlanned;
import dev.snaplife.contracts.event.EventEnvelope;
import dev.snaplife.contracts.routing.SnaplifeService;
import dev.snaplife.platform.testing.EmulatorEnvironment;
import dev.snaplife.platform.testing.EventProbe;
import dev.snaplife.snapshot.testing.EmulatorFleet;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.scheduler.SchedulerClient;
import software.amazon.awssdk.services.scheduler.model.GetScheduleResponse;
import software.amazon.awssdk.services.scheduler.model.ScheduleSummary;

/**
 * Policies run on their schedules with no operator: the service puts an EventBridge Scheduler
 * schedule in place for each scheduled policy when it starts, and each firing becomes the
 * scheduler's BackupRequested, one per firing however often the firing is delivered.
 */
@SpringBootTest(classes = SnapshotServiceApplication.class)
class ScheduledBackupIntegrationTest {

  static final EmulatorEnvironment aws = EmulatorEnvironment.provision();
  static final String ENV = aws.names().environment();
  static final EmulatorFleet fleet =
      new EmulatorFleet(aws.target().client(RdsClient.builder()), ENV);
  static final SchedulerClient scheduler = aws.target().client(SchedulerClient.builder());
  static final EventProbe probe = aws.probe();

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) {
    aws.register(registry, SnaplifeService.SNAPSHOT);
    registry.add("snaplife.snapshot.policies.nightly.identifiers", () -> fleet.id("nightly-db"));
    registry.add("snaplife.snapshot.policies.nightly.schedule", () -> "cron(0 3 * * ? *)");
    registry.add("snaplife.snapshot.policies.nightly.schedule-timezone", () -> "Europe/Paris");
    registry.add("snaplife.snapshot.policies.on-request.identifiers", () -> fleet.id("nightly-db"));
  }

  @Test
  void eachScheduledPolicyHasItsScheduleIntoTheServicesQueue() {
    List<String> schedules =
        scheduler
            .listSchedules(b -> b.groupName(aws.names().scheduleGroup()).namePrefix("backup-"))
            .schedules()
            .stream()
            .map(ScheduleSummary::name)
            .toList();
    assertThat(schedules).containsExactly("backup-nightly");

    GetScheduleResponse nightly =
        scheduler.getSchedule(b -> b.groupName(aws.names().scheduleGroup()).name("backup-nightly"));
    assertThat(nightly.scheduleExpression()).isEqualTo("cron(0 3 * * ? *)");
    assertThat(nightly.scheduleExpressionTimezone()).isEqualTo("Europe/Paris");
    assertThat(nightly.target().arn()).endsWith(":" + aws.names().queue(SnaplifeService.SNAPSHOT));
    assertThat(nightly.target().input())
        .contains("\"timer\":\"backup-policy\"")
        .contains("\"payload\":{\"policy\":\"nightly\"}");
  }

  @Test
  void aFiringBecomesOneScheduledRequestAndOneRunHoweverOftenItIsDelivered() {
    fleet.instance("nightly-db");
    aws.setRdsQuotas(Map.of("ManualSnapshots", 100_000, "ManualClusterSnapshots", 100_000));
    Instant firing = Instant.parse("2026-11-21T02:00:00Z");

    aws.fireSchedule("backup-nightly", firing);
    aws.fireSchedule("backup-nightly", firing); // the Scheduler delivers at least once

    EventEnvelope<BackupRequested> request =
        await()
            .atMost(Duration.ofSeconds(20))
            .until(() -> requestsAt(firing), r -> !r.isEmpty())
            .get(0);
    assertThat(request.producer()).isEqualTo("snaplife.scheduler");
    assertThat(request.data().policy()).isEqualTo("nightly");
    assertThat(request.data().scheduledTime()).isEqualTo(firing);
    await().atMost(Duration.ofSeconds(20)).until(() -> !plansOf(request.eventId()).isEmpty());
    await()
        .during(Duration.ofSeconds(3))
        .atMost(Duration.ofSeconds(5))
        .until(
            () ->
                requestsAt(firing).stream().map(EventEnvelope::eventId).distinct().count() == 1
                    && plansOf(request.eventId()).size() == 1);

    Instant nextNight = firing.plus(Duration.ofDays(1));
    aws.fireSchedule("backup-nightly", nextNight);
    EventEnvelope<BackupRequested> next =
        await()
            .atMost(Duration.ofSeconds(20))
            .until(() -> requestsAt(nextNight), r -> !r.isEmpty())
            .get(0);
    assertThat(next.eventId()).as("a fresh request per firing").isNotEqualTo(request.eventId());
  }

  private static List<EventEnvelope<BackupRequested>> requestsAt(Instant at) {
    return probe.received(BackupRequested.class).stream()
        .filter(e -> e.data().scheduledTime().equals(at))
        .toList();
  }

  private static List<EventEnvelope<BackupRunPlanned>> plansOf(UUID runId) {
    return probe.received(BackupRunPlanned.class).stream()
        .filter(e -> e.data().runId().equals(runId))
        .toList();
  }
}
