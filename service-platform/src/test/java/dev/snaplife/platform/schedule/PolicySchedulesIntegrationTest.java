package dev.snaplife.platform.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import dev.snaplife.contracts.routing.Routing;
import dev.snaplife.contracts.routing.SnaplifeService;
import dev.snaplife.platform.testing.EmulatorEnvironment;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.scheduler.SchedulerClient;
import software.amazon.awssdk.services.scheduler.model.ScheduleSummary;

/**
 * Reconciling a service's policy schedules on the emulator's Scheduler, in an environment
 * provisioned with its timers' schedules.
 */
class PolicySchedulesIntegrationTest {

  static final EmulatorEnvironment aws = EmulatorEnvironment.provision();

  /**
   * archive-service's policies are {@code archive-<policy>}; its upkeep timer's schedule, {@code
   * archive-service-archive-upkeep}, starts the same. Reconciling deleted it once, so the upkeep
   * never fired (found by deploying the template).
   */
  @Test
  void reconcilingDeletesStalePoliciesButNotTheTimersSchedulesUnderTheSamePrefix() {
    try (SchedulerClient scheduler = aws.target().client(SchedulerClient.builder())) {
      String group = aws.names().scheduleGroup();
      PolicySchedules schedules =
          new PolicySchedules(
              scheduler,
              group,
              "archive-",
              "archive-run",
              new PolicySchedules.QueueTarget(
                  aws.target().accountId(),
                  aws.target().region().id(),
                  aws.names().queue(SnaplifeService.ARCHIVE),
                  aws.names().schedulerRole()),
              null,
              "snaplife.archive.scheduler-role-arn");

      schedules.reconcile(List.of(PolicySchedule.naming("monthly", "cron(30 1 1 * ? *)", null)));
      assertThat(names(scheduler, group)).contains("archive-monthly");

      schedules.reconcile(List.of());

      assertThat(names(scheduler, group))
          .containsExactly(Routing.ARCHIVE_UPKEEP.scheduleName(SnaplifeService.ARCHIVE));
    }
  }

  private static List<String> names(SchedulerClient scheduler, String group) {
    return scheduler
        .listSchedules(b -> b.groupName(group).namePrefix("archive-"))
        .schedules()
        .stream()
        .map(ScheduleSummary::name)
        .toList();
  }
}
