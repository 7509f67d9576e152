package dev.snaplife.platform.schedule;

import org.jspecify.annotations.Nullable;

/**
 * The schedule of one configured policy: when EventBridge Scheduler fires its timer into the
 * service's queue, with which payload.
 *
 * @param policy the policy's name; the schedule is named after it
 * @param expression an EventBridge Scheduler expression ({@link ScheduleExpressions#isValid})
 * @param timezone an IANA zone, UTC when null
 * @param payloadJson the JSON object the timer's handler receives
 */
public record PolicySchedule(
    String policy, String expression, @Nullable String timezone, String payloadJson) {

  /**
   * The usual schedule: its timer's payload names the policy, {@code {"policy":"<name>"}} (policy
   * names are letters, digits, '-' and '_', checked at start-up, so nothing needs escaping).
   */
  public static PolicySchedule naming(String policy, String expression, @Nullable String timezone) {
    return new PolicySchedule(policy, expression, timezone, "{\"policy\":\"" + policy + "\"}");
  }
}
