package dev.snaplife.contracts.routing;

/**
 * Periodic work of a service, fired by an EventBridge Scheduler schedule into the service's own
 * queue: one message per firing, so with any number of replicas the work runs once per tick (the
 * event claim picks one consumer).
 *
 * @param name the timer's name, also the handler's
 * @param scheduleExpression an EventBridge Scheduler expression, {@code rate(...)} or {@code
 *     cron(...)}
 */
public record Timer(String name, String scheduleExpression) {

  /** The detail-type of a timer firing on the wire. */
  public static final String DETAIL_TYPE = "Snaplife Timer";

  /** The Scheduler schedule firing this timer for a service of an environment. */
  public String scheduleName(SnaplifeService service) {
    return service.serviceName() + "-" + name;
  }

  /**
   * The Scheduler target input of a timer firing: an EventBridge-shaped message the service's
   * platform reads, with the Scheduler's context attributes (the firing's scheduled time, the
   * schedule) filled in by the Scheduler at each firing.
   *
   * @param timer the handler's name
   * @param payloadJson a JSON object handed to the handler, or null
   */
  public static String schedulerInput(String timer, String payloadJson) {
    return "{\"version\":\"0\",\"id\":\"<aws.scheduler.execution-id>\","
        + "\"source\":\""
        + SnaplifeService.SCHEDULER_SOURCE
        + "\",\"detail-type\":\""
        + DETAIL_TYPE
        + "\",\"time\":\"<aws.scheduler.scheduled-time>\",\"detail\":{\"timer\":\""
        + timer
        + "\",\"schedule\":\"<aws.scheduler.schedule-arn>\""
        + (payloadJson == null ? "" : ",\"payload\":" + payloadJson)
        + "}}";
  }
}
