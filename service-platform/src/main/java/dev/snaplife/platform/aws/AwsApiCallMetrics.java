package dev.snaplife.platform.aws;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkServiceException;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttribute;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;

/**
 * Counts and times every AWS API call by service, operation and outcome, as the timer {@value
 * #METRIC}, and every attempt of it (the SDK's retries of throttling and 5xx included) as the
 * counter {@value #ATTEMPTS}. API-call budgets are read from the first: it is what our code asks
 * for; the second is what AWS sees.
 */
public final class AwsApiCallMetrics implements ExecutionInterceptor {

  public static final String METRIC = "snaplife.aws.calls";
  public static final String ATTEMPTS = "snaplife.aws.attempts";

  private static final ExecutionAttribute<Timer.Sample> SAMPLE =
      new ExecutionAttribute<>("snaplife.aws.call.sample");

  private final MeterRegistry registry;

  public AwsApiCallMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  @Override
  public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
    attributes.putAttribute(SAMPLE, Timer.start(registry));
  }

  @Override
  public void beforeTransmission(
      Context.BeforeTransmission context, ExecutionAttributes attributes) {
    registry
        .counter(
            ATTEMPTS,
            "service",
            String.valueOf(attributes.getAttribute(SdkExecutionAttribute.SERVICE_NAME)),
            "operation",
            String.valueOf(attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME)))
        .increment();
  }

  @Override
  public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
    record(attributes, "success");
  }

  @Override
  public void onExecutionFailure(Context.FailedExecution context, ExecutionAttributes attributes) {
    record(attributes, outcome(context.exception()));
  }

  private void record(ExecutionAttributes attributes, String outcome) {
    Timer.Sample sample = attributes.getAttribute(SAMPLE);
    if (sample == null) {
      return;
    }
    sample.stop(
        Timer.builder(METRIC)
            .description("AWS API calls made by this service")
            .tag(
                "service",
                String.valueOf(attributes.getAttribute(SdkExecutionAttribute.SERVICE_NAME)))
            .tag(
                "operation",
                String.valueOf(attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME)))
            .tag("outcome", outcome)
            .register(registry));
  }

  private static String outcome(Throwable failure) {
    if (failure instanceof AwsServiceException aws && aws.awsErrorDetails() != null) {
      return aws.awsErrorDetails().errorCode();
    }
    if (failure instanceof SdkServiceException service) {
      return "http-" + service.statusCode();
    }
    return "client-error";
  }
}
