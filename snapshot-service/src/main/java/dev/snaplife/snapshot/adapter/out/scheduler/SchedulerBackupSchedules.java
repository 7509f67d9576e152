package dev.snaplife.snapshot.adapter.out.scheduler;

import dev.snaplife.contracts.routing.Timer;
import dev.snaplife.snapshot.application.ScheduleBackupPolicies;
import dev.snaplife.snapshot.application.port.BackupSchedules;
import dev.snaplife.snapshot.domain.BackupPolicy;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import software.amazon.awssdk.services.scheduler.SchedulerClient;
import software.amazon.awssdk.services.scheduler.model.ConflictException;
import software.amazon.awssdk.services.scheduler.model.FlexibleTimeWindowMode;
import software.amazon.awssdk.services.scheduler.model.GetScheduleResponse;
import software.amazon.awssdk.services.scheduler.model.ResourceNotFoundException;
import software.amazon.awssdk.services.scheduler.model.ScheduleSummary;
import software.amazon.awssdk.services.scheduler.model.Target;

/**
 * One EventBridge Scheduler schedule per scheduled policy, {@code backup-<policy>} in the
 * environment's schedule group, firing the {@value ScheduleBackupPolicies#TIMER} timer into this
 * service's queue. Reconciling creates what is missing, updates what changed, and deletes the
 * schedules of policies no longer configured or no longer scheduled; unchanged schedules cost one
 * read each.
 */
public final class SchedulerBackupSchedules implements BackupSchedules {

  static final String PREFIX = "backup-";

  private final SchedulerClient scheduler;
  private final String group;
  private final String queueArn;
  private final String roleArn;

  public SchedulerBackupSchedules(
      SchedulerClient scheduler, String group, String queueArn, String roleArn) {
    this.scheduler = scheduler;
    this.group = group;
    this.queueArn = queueArn;
    this.roleArn = roleArn;
  }

  @Override
  public void reconcile(Collection<BackupPolicy> policies) {
    Map<String, BackupPolicy> wanted = new HashMap<>();
    policies.stream()
        .filter(p -> p.schedule().expression() != null)
        .forEach(p -> wanted.put(PREFIX + p.name(), p));
    Map<String, ScheduleSummary> existing = new HashMap<>();
    scheduler
        .listSchedulesPaginator(b -> b.groupName(group).namePrefix(PREFIX))
        .schedules()
        .forEach(s -> existing.put(s.name(), s));
    for (Map.Entry<String, BackupPolicy> entry : wanted.entrySet()) {
      ensure(entry.getKey(), entry.getValue(), existing.containsKey(entry.getKey()));
    }
    for (String name : existing.keySet()) {
      if (!wanted.containsKey(name)) {
        try {
          scheduler.deleteSchedule(b -> b.groupName(group).name(name));
        } catch (ResourceNotFoundException alreadyGone) {
          // Another replica reconciled first.
        }
      }
    }
  }

  private void ensure(String name, BackupPolicy policy, boolean exists) {
    String expression = policy.schedule().expression();
    String timezone = policy.schedule().timezone() == null ? "UTC" : policy.schedule().timezone();
    String input =
        Timer.schedulerInput(
            ScheduleBackupPolicies.TIMER, "{\"policy\":\"" + policy.name() + "\"}");
    Target target = Target.builder().arn(queueArn).roleArn(roleArn).input(input).build();
    if (exists) {
      GetScheduleResponse current = scheduler.getSchedule(b -> b.groupName(group).name(name));
      if (Objects.equals(current.scheduleExpression(), expression)
          && Objects.equals(current.scheduleExpressionTimezone(), timezone)
          && current.target() != null
          && Objects.equals(current.target().arn(), queueArn)
          && Objects.equals(current.target().input(), input)) {
        return;
      }
      update(name, expression, timezone, target);
      return;
    }
    try {
      scheduler.createSchedule(
          b ->
              b.groupName(group)
                  .name(name)
                  .description("Snaplife backup policy " + policy.name())
                  .scheduleExpression(expression)
                  .scheduleExpressionTimezone(timezone)
                  .flexibleTimeWindow(f -> f.mode(FlexibleTimeWindowMode.OFF))
                  .target(target));
    } catch (ConflictException createdMeanwhile) {
      update(name, expression, timezone, target);
    }
  }

  private void update(String name, String expression, String timezone, Target target) {
    scheduler.updateSchedule(
        b ->
            b.groupName(group)
                .name(name)
                .scheduleExpression(expression)
                .scheduleExpressionTimezone(timezone)
                .flexibleTimeWindow(f -> f.mode(FlexibleTimeWindowMode.OFF))
                .target(target));
  }
}
