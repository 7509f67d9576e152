package dev.snaplife.cli.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import dev.snaplife.cli.AwsCalls;
import dev.snaplife.contracts.routing.ResourceNames;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Proxy;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.scheduler.SchedulerClient;
import software.amazon.awssdk.services.scheduler.model.GetScheduleGroupResponse;
import software.amazon.awssdk.services.scheduler.model.GetScheduleRequest;
import software.amazon.awssdk.services.scheduler.model.GetScheduleResponse;
import software.amazon.awssdk.services.scheduler.model.ListSchedulesRequest;
import software.amazon.awssdk.services.scheduler.model.ListSchedulesResponse;
import software.amazon.awssdk.services.scheduler.model.ScheduleState;
import software.amazon.awssdk.services.scheduler.model.ScheduleSummary;
import software.amazon.awssdk.services.scheduler.model.Target;

/**
 * What the schedules listing makes of AWS's answers that the emulator never gives: several pages, a
 * target on a bus, start and end dates, an expression it cannot read.
 */
class EnvironmentSchedulesTest {

  private static final Instant NOW = Instant.parse("2026-12-06T14:24:36Z");
  private static final String QUEUE = "arn:aws:sqs:us-east-1:123456789012:prod-snapshot-service";
  private static final String BUS = "arn:aws:events:us-east-1:123456789012:event-bus/prod-events";

  private final List<String> pageTokens = new ArrayList<>();

  private final Map<String, GetScheduleResponse> schedules =
      Map.of(
          "backup-weekly",
          GetScheduleResponse.builder()
              .name("backup-weekly")
              .state(ScheduleState.ENABLED)
              .scheduleExpression("cron(0 3 ? * SUN *)")
              .scheduleExpressionTimezone("UTC")
              .target(
                  Target.builder()
                      .arn(BUS)
                      .eventBridgeParameters(p -> p.detailType("BackupRequested"))
                      .input("{\"eventType\":\"BackupRequested\",\"data\":{\"policy\":\"weekly\"}}")
                      .build())
              .build(),
          "later",
          GetScheduleResponse.builder()
              .name("later")
              .scheduleExpression("rate(1 day)")
              .startDate(Instant.parse("2027-01-01T00:00:00Z"))
              .creationDate(Instant.parse("2026-01-01T00:00:00Z"))
              .target(Target.builder().arn(QUEUE).input("not json").build())
              .build(),
          "over",
          GetScheduleResponse.builder()
              .name("over")
              .state(ScheduleState.ENABLED)
              .scheduleExpression("cron(0 3 * * ? *)")
              .endDate(Instant.parse("2026-12-01T00:00:00Z"))
              .target(Target.builder().arn(QUEUE).build())
              .build(),
          "strange",
          GetScheduleResponse.builder()
              .name("strange")
              .state(ScheduleState.ENABLED)
              .scheduleExpression("cron(0 3 LW * ? *)")
              .target(Target.builder().arn("arn:aws:lambda:us-east-1:1:function:f").build())
              .build());

  @Test
  void followsEveryPageAndDescribesEachSchedule() {
    List<ScheduleView> views =
        new EnvironmentSchedules(fakeScheduler(), new AwsCalls(new ResourceNames("prod"), "test"))
            .list(NOW);

    assertThat(pageTokens).containsExactly("(first)", "page-2");
    assertThat(views)
        .extracting(ScheduleView::name)
        .containsExactly("backup-weekly", "later", "over", "strange");

    ScheduleView weekly = views.get(0);
    assertThat(weekly.target()).isEqualTo("bus prod-events");
    assertThat(weekly.sends()).isEqualTo("BackupRequested (policy weekly)");
    assertThat(weekly.nextFireTime()).isEqualTo(Instant.parse("2026-12-13T03:00:00Z"));
    assertThat(weekly.timezone()).isEqualTo("UTC");

    ScheduleView later = views.get(1);
    assertThat(later.state()).isEqualTo("ENABLED");
    assertThat(later.timezone()).isEqualTo("UTC");
    assertThat(later.target()).isEqualTo("queue prod-snapshot-service");
    assertThat(later.sends()).isEqualTo("(input not readable)");
    assertThat(later.nextFireTime()).isEqualTo(Instant.parse("2027-01-02T00:00:00Z"));

    ScheduleView over = views.get(2);
    assertThat(over.nextFireTime()).isNull();
    assertThat(over.nextFireNote()).isEqualTo("ended");

    ScheduleView strange = views.get(3);
    assertThat(strange.nextFireTime()).isNull();
    assertThat(strange.nextFireNote()).isEqualTo("unknown: W in day-of-month is not supported");
    assertThat(strange.target()).isEqualTo("arn:aws:lambda:us-east-1:1:function:f");
  }

  /** A SchedulerClient answering ListSchedules in two pages, and GetSchedule from the map. */
  private SchedulerClient fakeScheduler() {
    InvocationHandler handler =
        (proxy, method, args) ->
            switch (args != null && args.length == 1 && args[0] instanceof Consumer<?>
                ? "consumer builder"
                : method.getName()) {
              case "listSchedules" -> {
                ListSchedulesRequest request = (ListSchedulesRequest) args[0];
                assertThat(request.groupName()).isEqualTo("prod");
                pageTokens.add(request.nextToken() == null ? "(first)" : request.nextToken());
                yield request.nextToken() == null
                    ? ListSchedulesResponse.builder()
                        .schedules(summary("strange"), summary("later"))
                        .nextToken("page-2")
                        .build()
                    : ListSchedulesResponse.builder()
                        .schedules(summary("over"), summary("backup-weekly"))
                        .build();
              }
              case "getSchedule" -> schedules.get(((GetScheduleRequest) args[0]).name());
              case "getScheduleGroup" -> GetScheduleGroupResponse.builder().name("prod").build();
              case "close" -> null;
              default -> {
                if (method.isDefault()) {
                  yield InvocationHandler.invokeDefault(proxy, method, args);
                }
                throw new UnsupportedOperationException(method.getName());
              }
            };
    return (SchedulerClient)
        Proxy.newProxyInstance(
            SchedulerClient.class.getClassLoader(),
            new Class<?>[] {SchedulerClient.class},
            handler);
  }

  private static ScheduleSummary summary(String name) {
    return ScheduleSummary.builder().name(name).groupName("prod").build();
  }
}
