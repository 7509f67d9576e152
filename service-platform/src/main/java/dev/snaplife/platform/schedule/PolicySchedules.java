package dev.snaplife.platform.schedule;

import dev.snaplife.contracts.routing.Routing;
import dev.snaplife.contracts.routing.SnaplifeService;
import dev.snaplife.contracts.routing.Timer;
import dev.snaplife.platform.config.SnaplifeConfigurationException;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.services.scheduler.SchedulerClient;
import software.amazon.awssdk.services.scheduler.model.ConflictException;
import software.amazon.awssdk.services.scheduler.model.FlexibleTimeWindowMode;
import software.amazon.awssdk.services.scheduler.model.GetScheduleResponse;
import software.amazon.awssdk.services.scheduler.model.ResourceNotFoundException;
import software.amazon.awssdk.services.scheduler.model.ScheduleSummary;
import software.amazon.awssdk.services.scheduler.model.Target;

/**
 * One EventBridge Scheduler schedule per scheduled policy of a service, {@code <prefix><policy>} in
 * the environment's schedule group, firing the service's policy timer into its own queue.
 * Reconciling creates what is missing, updates what changed, and deletes the schedules (under the
 * prefix) of policies no longer configured or no longer scheduled; unchanged schedules cost one
 * read each.
 */
public final class PolicySchedules {

  private static final String ROLE_ARN = "arn:aws[a-z-]*:iam::\\d{12}:role/.+";

  private final SchedulerClient scheduler;
  private final String group;

  /** The schedules of every service's timers, which provisioning and the template create. */
  private static final Set<String> TIMER_SCHEDULES = timerSchedules();

  private final String prefix;
  private final String timer;
  private final String queueArn;
  private final String roleArn;

  /**
   * @param prefix names this service's kind of policy ({@code backup-}, {@code archive-}), so
   *     reconciling never touches another service's schedules
   * @param timer the handler the firings go to
   * @param roleArn the role the Scheduler assumes to send to the queue; null for the environment's
   *     scheduler role in this account
   * @param roleProperty the property that sets {@code roleArn}, named when it is no role ARN
   */
  public PolicySchedules(
      SchedulerClient scheduler,
      String group,
      String prefix,
      String timer,
      QueueTarget queue,
      @Nullable String roleArn,
      String roleProperty) {
    this.scheduler = scheduler;
    this.group = group;
    this.prefix = prefix;
    this.timer = timer;
    this.queueArn = queue.queueArn();
    this.roleArn = roleArn != null ? roleArn : queue.defaultRoleArn();
    if (!this.roleArn.matches(ROLE_ARN)) {
      throw new SnaplifeConfigurationException(
          roleProperty, "'" + this.roleArn + "' is not an IAM role ARN");
    }
  }

  /**
   * Where the schedules send: the service's queue, in the account and region the service runs in.
   *
   * @param schedulerRole the environment's scheduler role name, the default role
   */
  public record QueueTarget(
      String accountId, String region, String queueName, String schedulerRole) {

    String queueArn() {
      return "arn:aws:sqs:" + region + ":" + accountId + ":" + queueName;
    }

    String defaultRoleArn() {
      return "arn:aws:iam::" + accountId + ":role/" + schedulerRole;
    }
  }

  /**
   * The schedules of a service's policies, firing into its own queue in the account and region it
   * runs in, in the environment's schedule group.
   */
  public static PolicySchedules forService(
      SchedulerClient scheduler,
      dev.snaplife.platform.config.SnaplifeProperties platform,
      String queueName,
      String accountId,
      String region,
      String prefix,
      String timer,
      @Nullable String roleArn,
      String roleProperty) {
    return new PolicySchedules(
        scheduler,
        platform.names().scheduleGroup(),
        prefix,
        timer,
        new QueueTarget(accountId, region, queueName, platform.names().schedulerRole()),
        roleArn,
        roleProperty);
  }

  private static Set<String> timerSchedules() {
    Set<String> names = new HashSet<>();
    for (SnaplifeService service : SnaplifeService.values()) {
      Routing.subscriptionOf(service)
          .timers()
          .forEach(timer -> names.add(timer.scheduleName(service)));
    }
    return Set.copyOf(names);
  }

  public void reconcile(Collection<PolicySchedule> policies) {
    Map<String, PolicySchedule> wanted = new HashMap<>();
    policies.forEach(p -> wanted.put(prefix + p.policy(), p));
    Map<String, ScheduleSummary> existing = new HashMap<>();
    scheduler
        .listSchedulesPaginator(b -> b.groupName(group).namePrefix(prefix))
        .schedules()
        .forEach(s -> existing.put(s.name(), s));
    for (Map.Entry<String, PolicySchedule> entry : wanted.entrySet()) {
      ensure(entry.getKey(), entry.getValue(), existing.containsKey(entry.getKey()));
    }
    for (String name : existing.keySet()) {
      // A timer's schedule may share the prefix ("archive-service-archive-upkeep" under
      // "archive-"): it is the deployment's, not a policy's.
      if (!wanted.containsKey(name) && !TIMER_SCHEDULES.contains(name)) {
        try {
          scheduler.deleteSchedule(b -> b.groupName(group).name(name));
        } catch (ResourceNotFoundException alreadyGone) {
          // Another replica reconciled first.
        }
      }
    }
  }

  private void ensure(String name, PolicySchedule policy, boolean exists) {
    String expression = policy.expression();
    String timezone = policy.timezone() == null ? "UTC" : policy.timezone();
    String input = Timer.schedulerInput(timer, policy.payloadJson());
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
                  .description("Snaplife " + prefix + "policy " + policy.policy())
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
