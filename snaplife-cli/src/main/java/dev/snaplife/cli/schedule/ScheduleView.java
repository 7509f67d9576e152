package dev.snaplife.cli.schedule;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * One schedule of the environment as {@code snaplife schedules} shows it (and as {@code --json}).
 *
 * @param target what the target ARN names, e.g. {@code queue snaplife-snapshot-service} or {@code
 *     bus snaplife-events}
 * @param detailType the detail-type of what each firing sends ({@code Snaplife Timer} for timers)
 * @param timer the timer a firing runs, for timer firings
 * @param policy the policy a firing names in its payload, if any
 * @param nextFireTime the next firing, when there is one
 * @param nextFireNote why there is none: disabled, ended, or an expression this cannot read
 */
public record ScheduleView(
    String name,
    String state,
    String expression,
    String timezone,
    @Nullable Instant startDate,
    @Nullable Instant endDate,
    @Nullable Instant nextFireTime,
    @Nullable String nextFireNote,
    String target,
    String targetArn,
    @Nullable String detailType,
    @Nullable String timer,
    @Nullable String policy) {

  /** "Snaplife Timer backup-policy (policy production-daily)": what a firing sends, in brief. */
  public String sends() {
    StringBuilder s = new StringBuilder(detailType == null ? "(input not readable)" : detailType);
    if (timer != null) {
      s.append(' ').append(timer);
    }
    if (policy != null) {
      s.append(" (policy ").append(policy).append(')');
    }
    return s.toString();
  }
}
