package dev.snaplife.cli.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import dev.snaplife.cli.CliRun;
import dev.snaplife.contracts.routing.Routing;
import dev.snaplife.contracts.routing.SnaplifeService;
import dev.snaplife.contracts.routing.Timer;
import dev.snaplife.platform.testing.EmulatorEnvironment;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.scheduler.SchedulerClient;
import software.amazon.awssdk.services.scheduler.model.FlexibleTimeWindowMode;
import software.amazon.awssdk.services.scheduler.model.ScheduleState;
import software.amazon.awssdk.services.scheduler.model.Target;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code snaplife schedules} on a provisioned environment: the timers provisioning created, and two
 * policy schedules as the services create them (one disabled), with their next firings.
 */
class SchedulesIntegrationTest {

  private static final EmulatorEnvironment env = EmulatorEnvironment.provision();
  private static final SchedulerClient scheduler = env.target().client(SchedulerClient.builder());
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

  @BeforeAll
  static void schedulePolicies() {
    createPolicySchedule(
        "backup-production-daily",
        "cron(0 2 * * ? *)",
        "Europe/Berlin",
        SnaplifeService.SNAPSHOT,
        "backup-policy",
        "production-daily",
        ScheduleState.ENABLED);
    createPolicySchedule(
        "archive-monthly-dumps",
        "cron(30 1 1 * ? *)",
        "UTC",
        SnaplifeService.ARCHIVE,
        "archive-policy",
        "monthly-dumps",
        ScheduleState.DISABLED);
  }

  @AfterAll
  static void closeClient() {
    scheduler.close();
  }

  @Test
  void listsEveryScheduleOfTheGroupWithWhatItSendsAndItsNextFiring() {
    Instant before = Instant.now();
    CliRun run = CliRun.run(env, "schedules", "--json");
    Instant after = Instant.now();

    assertThat(run.exit()).as(run.err()).isZero();
    JsonNode schedules = JSON.readTree(run.out());
    List<String> expectedNames =
        new ArrayList<>(List.of("archive-monthly-dumps", "backup-production-daily"));
    for (SnaplifeService service : SnaplifeService.values()) {
      Routing.subscriptionOf(service)
          .timers()
          .forEach(t -> expectedNames.add(t.scheduleName(service)));
    }
    assertThat(schedules.valueStream().map(s -> s.get("name").asString()))
        .containsExactlyElementsOf(expectedNames.stream().sorted().toList());

    JsonNode daily = named(schedules, "backup-production-daily");
    assertThat(daily.get("state").asString()).isEqualTo("ENABLED");
    assertThat(daily.get("expression").asString()).isEqualTo("cron(0 2 * * ? *)");
    assertThat(daily.get("timezone").asString()).isEqualTo("Europe/Berlin");
    assertThat(daily.get("target").asString())
        .isEqualTo("queue " + env.names().queue(SnaplifeService.SNAPSHOT));
    assertThat(daily.get("targetArn").asString()).isEqualTo(queueArn(SnaplifeService.SNAPSHOT));
    assertThat(daily.get("detailType").asString()).isEqualTo(Timer.DETAIL_TYPE);
    assertThat(daily.get("timer").asString()).isEqualTo("backup-policy");
    assertThat(daily.get("policy").asString()).isEqualTo("production-daily");
    assertThat(Instant.parse(daily.get("nextFireTime").asString()))
        .isIn(nextTwoInBerlin(before), nextTwoInBerlin(after));
    assertThat(daily.get("nextFireNote").isNull()).isTrue();

    JsonNode monthly = named(schedules, "archive-monthly-dumps");
    assertThat(monthly.get("state").asString()).isEqualTo("DISABLED");
    assertThat(monthly.get("nextFireTime").isNull()).isTrue();
    assertThat(monthly.get("nextFireNote").asString()).isEqualTo("disabled");
    assertThat(monthly.get("policy").asString()).isEqualTo("monthly-dumps");

    Timer rpo = Routing.RPO_WATCH;
    JsonNode watch = named(schedules, rpo.scheduleName(SnaplifeService.SNAPSHOT));
    assertThat(watch.get("expression").asString()).isEqualTo("rate(10 minutes)");
    assertThat(watch.get("timezone").asString()).isEqualTo("UTC");
    assertThat(watch.get("timer").asString()).isEqualTo("rpo-watch");
    assertThat(watch.get("policy").isNull()).isTrue();
    assertThat(watch.get("target").asString())
        .isEqualTo("queue " + env.names().queue(SnaplifeService.SNAPSHOT));
    // A rate counts from the schedule's creation (to the second, as the emulator's launcher fires
    // it): the next firing is the first whole period after now.
    Instant created =
        scheduler
            .getSchedule(
                b ->
                    b.groupName(env.names().scheduleGroup())
                        .name(rpo.scheduleName(SnaplifeService.SNAPSHOT)))
            .creationDate()
            .truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
    Instant next = Instant.parse(watch.get("nextFireTime").asString());
    long sinceCreation = Duration.between(created, next).toSeconds();
    assertThat(sinceCreation % 600).isZero();
    assertThat(sinceCreation).isPositive();
    assertThat(next).isAfter(before).isBeforeOrEqualTo(after.plus(Duration.ofMinutes(10)));
  }

  @Test
  void theTableShowsOneLinePerScheduleWithItsStateNextFiringAndTarget() {
    CliRun run = CliRun.run(env, "schedules");

    assertThat(run.exit()).as(run.err()).isZero();
    assertThat(run.out())
        .startsWith("schedule group " + env.names().scheduleGroup() + ": 6 schedule(s)")
        .containsPattern(
            "backup-production-daily +ENABLED +cron\\(0 2 \\* \\* \\? \\*\\) +Europe/Berlin +20\\d\\d-\\S+Z"
                + " +in \\d+h \\d\\dm +Snaplife Timer backup-policy \\(policy production-daily\\) +queue "
                + env.names().queue(SnaplifeService.SNAPSHOT))
        .containsPattern(
            "archive-monthly-dumps +DISABLED +cron\\(30 1 1 \\* \\? \\*\\) +UTC +- +disabled"
                + " +Snaplife Timer archive-policy \\(policy monthly-dumps\\) +queue "
                + env.names().queue(SnaplifeService.ARCHIVE))
        .containsPattern(
            "export-service-export-upkeep +ENABLED +rate\\(10 minutes\\) +UTC +20\\S+Z +in \\d+m \\d\\ds"
                + " +Snaplife Timer export-upkeep +queue "
                + env.names().queue(SnaplifeService.EXPORT));
  }

  @Test
  void anUnreachableEndpointOrAnUnprovisionedEnvironmentExitsThree() {
    int closed = CliRun.closedPort();
    CliRun unreachable =
        CliRun.run(env, "schedules", "--endpoint-url", "http://127.0.0.1:" + closed);
    assertThat(unreachable.exit()).isEqualTo(3);
    assertThat(unreachable.err()).contains("cannot reach AWS at http://127.0.0.1:" + closed);

    CliRun missing = CliRun.run(env, "schedules", "--environment", "nowhere");
    assertThat(missing.exit()).isEqualTo(3);
    assertThat(missing.err())
        .contains("schedule group nowhere does not exist")
        .contains("may not be provisioned");
  }

  @Test
  void usageErrorsExitTwo() {
    assertThat(CliRun.run(env, "schedules", "extra").exit()).isEqualTo(2);
    assertThat(CliRun.run(env, "schedules", "--limit", "3").exit()).isEqualTo(2);
  }

  /** The next 02:00 in Berlin after the instant (the day's or the next day's). */
  private static Instant nextTwoInBerlin(Instant after) {
    ZonedDateTime local = after.atZone(BERLIN);
    ZonedDateTime today = local.toLocalDate().atTime(LocalTime.of(2, 0)).atZone(BERLIN);
    return (today.toInstant().isAfter(after) ? today : today.plusDays(1)).toInstant();
  }

  private static JsonNode named(JsonNode schedules, String name) {
    return schedules
        .valueStream()
        .filter(s -> s.get("name").asString().equals(name))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no schedule " + name + " in " + schedules));
  }

  private static String queueArn(SnaplifeService service) {
    return env.sqs()
        .getQueueAttributes(
            b -> b.queueUrl(env.queueUrl(service)).attributeNamesWithStrings("QueueArn"))
        .attributesAsStrings()
        .get("QueueArn");
  }

  private static void createPolicySchedule(
      String name,
      String expression,
      String timezone,
      SnaplifeService service,
      String timer,
      String policy,
      ScheduleState state) {
    scheduler.createSchedule(
        b ->
            b.groupName(env.names().scheduleGroup())
                .name(name)
                .scheduleExpression(expression)
                .scheduleExpressionTimezone(timezone)
                .state(state)
                .flexibleTimeWindow(f -> f.mode(FlexibleTimeWindowMode.OFF))
                .target(
                    Target.builder()
                        .arn(queueArn(service))
                        .roleArn("arn:aws:iam::123456789012:role/" + env.names().schedulerRole())
                        .input(
                            Timer.schedulerInput(
                                timer, JSON.writeValueAsString(Map.of("policy", policy))))
                        .build()));
  }
}
