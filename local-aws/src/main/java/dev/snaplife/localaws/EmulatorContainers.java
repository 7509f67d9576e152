package dev.snaplife.localaws;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.NotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import org.jspecify.annotations.Nullable;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.localstack.LocalStackContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * The emulator in a container, for {@link EmulatorMode#LAUNCHER_CONTAINER} and {@link
 * EmulatorMode#LOCALSTACK}: started at most once per JVM, so every test class of a module's run
 * shares it, and never stopped here; Testcontainers' Ryuk removes it when the JVM ends.
 */
public final class EmulatorContainers {

  /** The launcher image to run; default {@value #DEFAULT_LAUNCHER_IMAGE}. */
  public static final String LAUNCHER_IMAGE_PROPERTY = "snaplife.emulator.image";

  public static final String DEFAULT_LAUNCHER_IMAGE = "snaplife/emulator:0.1.0-SNAPSHOT";

  /**
   * A docker-archive tar loaded into Docker when the launcher image is not there yet; default
   * {@code target/images/emulator.tar}, looked for from the working directory upwards.
   */
  public static final String IMAGE_ARCHIVE_PROPERTY = "snaplife.emulator.image-archive";

  public static final Path DEFAULT_IMAGE_ARCHIVE = Path.of("target", "images", "emulator.tar");

  /** The LocalStack image to run; default {@value #DEFAULT_LOCALSTACK_IMAGE}. */
  public static final String LOCALSTACK_IMAGE_PROPERTY = "snaplife.emulator.localstack-image";

  public static final String DEFAULT_LOCALSTACK_IMAGE = "localstack/localstack:4.4";

  /** The port both images serve AWS on inside the container. */
  public static final int AWS_PORT = 4566;

  /** What our launcher answers once it serves; the scripts tell it from other servers by it. */
  public static final String LAUNCHER_INFO_PATH = "/moto-api/snaplife/info";

  /**
   * The LocalStack services the messaging tier and its provisioning use: the queues, topics, bus,
   * tables, bucket, keys and caller identity, and the scheduler, alarms and IAM role the
   * provisioner creates. RDS and Glue are not among them: LocalStack community has neither.
   */
  public static final List<String> LOCALSTACK_SERVICES =
      List.of(
          "sqs", "sns", "events", "dynamodb", "s3", "kms", "sts", "iam", "scheduler", "cloudwatch");

  private static final Duration STARTUP_TIMEOUT = Duration.ofMinutes(3);

  private static @Nullable GenericContainer<?> started;
  private static @Nullable EmulatorMode startedMode;

  private EmulatorContainers() {}

  /**
   * The endpoint of the mode's container, started on the first call of this JVM and the same one
   * after it.
   */
  public static synchronized URI start(EmulatorMode mode) {
    if (!mode.usesContainer()) {
      throw new IllegalArgumentException(mode.value() + " runs no container");
    }
    if (started != null) {
      if (startedMode != mode) {
        throw new IllegalStateException(
            "this JVM already runs the " + startedMode.value() + " emulator, not " + mode.value());
      }
      return endpoint(started.getHost(), started.getMappedPort(AWS_PORT));
    }
    requireDocker(mode, () -> DockerClientFactory.instance().isDockerAvailable());
    GenericContainer<?> container =
        switch (mode) {
          case LAUNCHER_CONTAINER -> {
            String image =
                imageName(System.getProperty(LAUNCHER_IMAGE_PROPERTY), DEFAULT_LAUNCHER_IMAGE);
            ensureImage(
                image,
                imageArchive(
                    System.getProperty(IMAGE_ARCHIVE_PROPERTY), Path.of("").toAbsolutePath()));
            yield launcherContainer(image);
          }
          case LOCALSTACK ->
              localStack(
                  imageName(
                      System.getProperty(LOCALSTACK_IMAGE_PROPERTY), DEFAULT_LOCALSTACK_IMAGE),
                  System.getenv("LOCALSTACK_AUTH_TOKEN"));
          case PROCESS -> throw new AssertionError(mode);
        };
    container.start();
    started = container;
    startedMode = mode;
    return endpoint(container.getHost(), container.getMappedPort(AWS_PORT));
  }

  /** The AWS endpoint of a container seen from the tests: its host and mapped port. */
  public static URI endpoint(String host, int mappedPort) {
    if (host.isBlank()) {
      throw new IllegalArgumentException("no container host");
    }
    if (mappedPort < 1 || mappedPort > 65_535) {
      throw new IllegalArgumentException("not a port: " + mappedPort);
    }
    String authority = host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
    return URI.create("http://" + authority + ":" + mappedPort);
  }

  /** Fails, saying how to fix it, when a container mode finds no Docker engine. */
  static void requireDocker(EmulatorMode mode, BooleanSupplier dockerAvailable) {
    if (!dockerAvailable.getAsBoolean()) {
      throw new IllegalStateException(
          EmulatorMode.PROPERTY
              + "="
              + mode.value()
              + " runs the emulator in a container, and Testcontainers finds no Docker engine."
              + " Start Docker (or point DOCKER_HOST at one), or run the tests against the local"
              + " emulator process instead: leave "
              + EmulatorMode.PROPERTY
              + " unset (or -D"
              + EmulatorMode.PROPERTY
              + "=process, without -Pcontainers/-Plocalstack) and `scripts/moto.sh start`.");
    }
  }

  /**
   * The launcher image as a container: AWS on {@value #AWS_PORT}, ready once {@value
   * #LAUNCHER_INFO_PATH} says it is our launcher.
   */
  static GenericContainer<?> launcherContainer(String image) {
    return new GenericContainer<>(DockerImageName.parse(image))
        .withExposedPorts(AWS_PORT)
        .waitingFor(
            Wait.forHttp(LAUNCHER_INFO_PATH)
                .forPort(AWS_PORT)
                .forStatusCode(200)
                .forResponsePredicate(body -> body.contains("snaplife-moto"))
                .withStartupTimeout(STARTUP_TIMEOUT));
  }

  /** LocalStack with the messaging tier's services, and the auth token when the user has one. */
  static LocalStackContainer localStack(String image, @Nullable String authToken) {
    LocalStackContainer container =
        new LocalStackContainer(DockerImageName.parse(image))
            .withServices(LOCALSTACK_SERVICES.toArray(String[]::new));
    if (authToken != null && !authToken.isBlank()) {
      container.withEnv("LOCALSTACK_AUTH_TOKEN", authToken);
    }
    container.withStartupTimeout(STARTUP_TIMEOUT);
    return container;
  }

  /**
   * The image archive to load: the property's path when given (which must exist), else the first
   * {@link #DEFAULT_IMAGE_ARCHIVE} from {@code from} upwards (a module's tests run in the module's
   * directory, the archive is beside local-aws).
   */
  static Optional<Path> imageArchive(@Nullable String property, Path from) {
    if (property != null && !property.isBlank()) {
      Path given = Path.of(property).toAbsolutePath();
      if (!Files.isRegularFile(given)) {
        throw new IllegalStateException(
            IMAGE_ARCHIVE_PROPERTY + " names " + given + ", which is not a file");
      }
      return Optional.of(given);
    }
    for (Path dir = from.toAbsolutePath(); dir != null; dir = dir.getParent()) {
      Path candidate = dir.resolve(DEFAULT_IMAGE_ARCHIVE);
      if (Files.isRegularFile(candidate)) {
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }

  /** Loads the image from the archive when Docker does not have it; Docker Hub does not. */
  private static void ensureImage(String image, Optional<Path> archive) {
    DockerClient docker = DockerClientFactory.instance().client();
    if (hasImage(docker, image)) {
      return;
    }
    Path tar =
        archive.orElseThrow(
            () ->
                new IllegalStateException(
                    "The emulator image "
                        + image
                        + " is not in Docker and there is no "
                        + DEFAULT_IMAGE_ARCHIVE
                        + " to load it from. Build the image archive, or `docker load -i` it,"
                        + " or name an image Docker has with -D"
                        + LAUNCHER_IMAGE_PROPERTY
                        + "=... (or an archive with -D"
                        + IMAGE_ARCHIVE_PROPERTY
                        + "=...)."));
    try (InputStream in = Files.newInputStream(tar)) {
      docker.loadImageCmd(in).exec();
    } catch (IOException e) {
      throw new UncheckedIOException("reading " + tar, e);
    }
    if (!hasImage(docker, image)) {
      throw new IllegalStateException(
          tar
              + " was loaded into Docker but holds no image "
              + image
              + "; name the image it holds with -D"
              + LAUNCHER_IMAGE_PROPERTY
              + "=...");
    }
  }

  private static boolean hasImage(DockerClient docker, String image) {
    try {
      docker.inspectImageCmd(image).exec();
      return true;
    } catch (NotFoundException e) {
      return false;
    }
  }

  /** The image a property names, or the default when it names none. */
  static String imageName(@Nullable String property, String fallback) {
    return property == null || property.isBlank() ? fallback : property.strip();
  }
}
