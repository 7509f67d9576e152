package dev.snaplife.cli.schedule;

import dev.snaplife.cli.AwsCalls;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.services.scheduler.SchedulerClient;
import software.amazon.awssdk.services.scheduler.model.GetScheduleResponse;
import software.amazon.awssdk.services.scheduler.model.ScheduleState;
import software.amazon.awssdk.services.scheduler.model.ScheduleSummary;
import software.amazon.awssdk.services.scheduler.model.Target;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The EventBridge Scheduler schedules of an environment (its schedule group): the timers
 * provisioning creates, and the policies' schedules the services reconcile.
 */
public final class EnvironmentSchedules {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final SchedulerClient scheduler;
  private final AwsCalls aws;

  public EnvironmentSchedules(SchedulerClient scheduler, AwsCalls aws) {
    this.scheduler = scheduler;
    this.aws = aws;
  }

  public String group() {
    return aws.names().scheduleGroup();
  }

  /**
   * Every schedule of the group, by name, with its next firing after {@code now}.
   *
   * @throws dev.snaplife.cli.AwsUnavailableException when the group does not exist (the environment
   *     is not provisioned here), or AWS cannot be reached or refuses
   */
  public List<ScheduleView> list(Instant now) {
    String group = group();
    String resource = "schedule group " + group;
    aws.call("GetScheduleGroup", resource, () -> scheduler.getScheduleGroup(b -> b.name(group)));
    List<ScheduleSummary> summaries = new ArrayList<>();
    aws.call(
        "ListSchedules",
        resource,
        () -> {
          scheduler
              .listSchedulesPaginator(b -> b.groupName(group))
              .schedules()
              .forEach(summaries::add);
          return summaries;
        });
    List<ScheduleView> views = new ArrayList<>();
    for (ScheduleSummary summary : summaries) {
      GetScheduleResponse s =
          aws.call(
              "GetSchedule",
              "schedule " + group + "/" + summary.name(),
              () -> scheduler.getSchedule(b -> b.groupName(group).name(summary.name())));
      views.add(view(s, now));
    }
    views.sort(Comparator.comparing(ScheduleView::name));
    return views;
  }

  static ScheduleView view(GetScheduleResponse s, Instant now) {
    String timezone =
        s.scheduleExpressionTimezone() == null || s.scheduleExpressionTimezone().isBlank()
            ? "UTC"
            : s.scheduleExpressionTimezone();
    String state = s.state() == null ? ScheduleState.ENABLED.toString() : s.stateAsString();
    Instant next = null;
    String note = null;
    if (ScheduleState.DISABLED.toString().equals(state)) {
      note = "disabled";
    } else {
      try {
        Instant anchor = s.startDate() != null ? s.startDate() : s.creationDate();
        ScheduleExpression expression =
            ScheduleExpression.parse(s.scheduleExpression(), timezone, anchor);
        Instant from = now;
        if (s.startDate() != null && s.startDate().isAfter(now)) {
          from = s.startDate().minusNanos(1);
        }
        Optional<Instant> found = expression.nextAfter(from);
        if (found.isPresent() && (s.endDate() == null || !found.get().isAfter(s.endDate()))) {
          next = found.get();
        } else {
          note = s.endDate() != null && found.isPresent() ? "ended" : "none";
        }
      } catch (IllegalArgumentException unreadable) {
        note = "unknown: " + unreadable.getMessage();
      }
    }
    Target target = s.target();
    String arn = target == null ? "" : Objects.requireNonNullElse(target.arn(), "");
    Sends sends = Sends.of(target);
    return new ScheduleView(
        s.name(),
        state,
        s.scheduleExpression(),
        timezone,
        s.startDate(),
        s.endDate(),
        next,
        note,
        describeArn(arn),
        arn,
        sends.detailType(),
        sends.timer(),
        sends.policy());
  }

  /** "queue NAME", "bus NAME", or the ARN itself. */
  static String describeArn(String arn) {
    String[] parts = arn.split(":", 6);
    if (parts.length == 6 && parts[2].equals("sqs")) {
      return "queue " + parts[5];
    }
    if (parts.length == 6 && parts[2].equals("events") && parts[5].startsWith("event-bus/")) {
      return "bus " + parts[5].substring("event-bus/".length());
    }
    return arn;
  }

  /** What a firing sends, read from the target's input (and EventBridge parameters). */
  record Sends(@Nullable String detailType, @Nullable String timer, @Nullable String policy) {

    static Sends of(@Nullable Target target) {
      if (target == null) {
        return new Sends(null, null, null);
      }
      JsonNode input = null;
      if (target.input() != null) {
        try {
          input = JSON.readTree(target.input());
        } catch (RuntimeException notJson) {
          input = null;
        }
      }
      String detailType = null;
      JsonNode detail = null;
      if (target.eventBridgeParameters() != null) {
        // To a bus: the input is the event's detail.
        detailType = target.eventBridgeParameters().detailType();
        detail = input;
      } else if (input != null && input.isObject()) {
        // To a queue: the input is an EventBridge-shaped message.
        detailType = text(input.get("detail-type"));
        detail = input.get("detail");
      }
      if (detail == null || !detail.isObject()) {
        return new Sends(detailType, null, null);
      }
      if (detailType == null) {
        detailType = text(detail.get("eventType"));
      }
      String policy = text(detail.path("payload").get("policy"));
      if (policy == null) {
        policy = text(detail.path("data").get("policy"));
      }
      return new Sends(detailType, text(detail.get("timer")), policy);
    }

    private static @Nullable String text(@Nullable JsonNode node) {
      return node == null || !node.isString() ? null : node.asString();
    }
  }
}
