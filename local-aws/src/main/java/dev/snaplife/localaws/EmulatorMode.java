package dev.snaplife.localaws;

import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Which AWS emulator the test harness talks to, chosen by the system property {@value #PROPERTY}
 * (or the environment variable {@value #ENVIRONMENT}); the property wins when both are set.
 *
 * <p>The default is {@link #PROCESS}: the local launcher process of {@code scripts/moto.sh}, or
 * whatever {@code AWS_ENDPOINT_URL} names. The container modes are for machines with Docker. An
 * unknown value fails: a typo must not quietly fall back to another emulator.
 */
public enum EmulatorMode {
  /** The launcher as a local process (scripts/moto.sh), or {@code AWS_ENDPOINT_URL}. */
  PROCESS("process"),
  /** The project's launcher image in a container started by Testcontainers. */
  LAUNCHER_CONTAINER("launcher-container"),
  /**
   * LocalStack community in a container: the messaging tier only (SQS, SNS, EventBridge, DynamoDB,
   * S3, KMS, STS and what provisioning needs), no RDS or Glue.
   */
  LOCALSTACK("localstack");

  public static final String PROPERTY = "snaplife.emulator";
  public static final String ENVIRONMENT = "SNAPLIFE_EMULATOR";

  private final String value;

  EmulatorMode(String value) {
    this.value = value;
  }

  /** The value the property takes for this mode. */
  public String value() {
    return value;
  }

  public boolean usesContainer() {
    return this != PROCESS;
  }

  /** The accepted values, as a message lists them: {@code process, launcher-container, ...}. */
  public static String acceptedValues() {
    return Selection.accepted(values(), EmulatorMode::value);
  }

  /** A value of the property; null or blank is the default, {@link #PROCESS}. */
  public static EmulatorMode parse(@Nullable String value) {
    return Selection.parse(value, PROCESS, EmulatorMode::value, PROPERTY, ENVIRONMENT);
  }

  /** The mode this JVM selects: the system property, else the environment, else the default. */
  public static EmulatorMode selected() {
    return select(System::getProperty, System::getenv);
  }

  static EmulatorMode select(
      Function<String, @Nullable String> systemProperties,
      Function<String, @Nullable String> environment) {
    return parse(Selection.lookup(systemProperties, environment, PROPERTY, ENVIRONMENT));
  }
}
