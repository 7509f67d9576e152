package dev.snaplife.localaws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.snaplife.contracts.routing.ResourceNames;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testcontainers.containers.GenericContainer;

class EmulatorContainersTest {

  @Test
  void aContainersEndpointIsItsHostAndMappedPort() {
    assertThat(EmulatorContainers.endpoint("localhost", 32_771))
        .isEqualTo(URI.create("http://localhost:32771"));
    assertThat(EmulatorContainers.endpoint("192.168.49.2", 4566))
        .isEqualTo(URI.create("http://192.168.49.2:4566"));
    assertThat(EmulatorContainers.endpoint("::1", 32_771))
        .isEqualTo(URI.create("http://[::1]:32771"));
    assertThatThrownBy(() -> EmulatorContainers.endpoint("localhost", 0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> EmulatorContainers.endpoint(" ", 4566))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void theServicesUnderTestGetTheContainersEndpoint() {
    URI endpoint = EmulatorContainers.endpoint("localhost", 32_771);
    LocalAws aws = LocalAws.at(endpoint);

    assertThat(aws.endpoint()).isEqualTo(endpoint);
    assertThat(aws.target().endpoint()).isEqualTo(endpoint);
    assertThat(aws.serviceProperties(new ResourceNames("tc1")))
        .containsEntry("spring.cloud.aws.endpoint", "http://localhost:32771")
        .containsEntry("spring.cloud.aws.region.static", "us-east-1")
        .containsEntry("spring.cloud.aws.credentials.access-key", "test")
        .containsEntry("snaplife.environment", "tc1");
    assertThat(aws.inAccount("333333333333").endpoint()).isEqualTo(endpoint);
  }

  @Test
  void everyEmulatorPutsTheHarnessInTheAccountTheTestsEventsName() {
    // moto maps the key "test" to 123456789012; LocalStack takes a 12-digit key as the account
    assertThat(LocalAws.accessKeyFor(EmulatorMode.PROCESS)).isEqualTo("test");
    assertThat(LocalAws.accessKeyFor(EmulatorMode.LAUNCHER_CONTAINER)).isEqualTo("test");
    assertThat(LocalAws.accessKeyFor(EmulatorMode.LOCALSTACK)).isEqualTo("123456789012");

    LocalAws localStack =
        LocalAws.at(
            EmulatorContainers.endpoint("localhost", 32_771),
            LocalAws.accessKeyFor(EmulatorMode.LOCALSTACK));
    assertThat(localStack.serviceProperties(new ResourceNames("tc1")))
        .containsEntry("spring.cloud.aws.credentials.access-key", "123456789012");
    assertThat(localStack.target().credentials().resolveCredentials().accessKeyId())
        .isEqualTo("123456789012");
  }

  @Test
  void aContainerModeWithoutDockerFailsSayingHowToFixIt() {
    for (EmulatorMode mode :
        new EmulatorMode[] {EmulatorMode.LAUNCHER_CONTAINER, EmulatorMode.LOCALSTACK}) {
      assertThatThrownBy(() -> EmulatorContainers.requireDocker(mode, () -> false))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("snaplife.emulator=" + mode.value())
          .hasMessageContaining("no Docker engine")
          .hasMessageContaining("scripts/moto.sh start");
      assertThatCode(() -> EmulatorContainers.requireDocker(mode, () -> true))
          .doesNotThrowAnyException();
    }
  }

  @Test
  void theProcessModeStartsNoContainer() {
    assertThatThrownBy(() -> EmulatorContainers.start(EmulatorMode.PROCESS))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void localStackRunsTheMessagingTiersServicesAndNoDatabaseOnes() {
    assertThat(EmulatorContainers.LOCALSTACK_SERVICES)
        .containsExactlyInAnyOrder(
            "sqs",
            "sns",
            "events",
            "dynamodb",
            "s3",
            "kms",
            "sts",
            // what the provisioner creates beside them: the schedules, DLQ alarms, scheduler role
            "scheduler",
            "cloudwatch",
            "iam")
        .doesNotContain("rds", "glue");
    assertThat(EmulatorContainers.DEFAULT_LOCALSTACK_IMAGE).startsWith("localstack/localstack:");
  }

  @Test
  void theLauncherContainerServesAwsOnItsPortFromTheProjectsImage() {
    GenericContainer<?> container =
        EmulatorContainers.launcherContainer(EmulatorContainers.DEFAULT_LAUNCHER_IMAGE);

    // (the image name itself is resolved only against Docker, so it is checked below)
    assertThat(container.getExposedPorts()).containsExactly(4566);
  }

  @Test
  void theImagesAreTheDefaultsUnlessAPropertyNamesOthers() {
    assertThat(EmulatorContainers.imageName(null, EmulatorContainers.DEFAULT_LAUNCHER_IMAGE))
        .isEqualTo("snaplife/emulator:0.1.0-SNAPSHOT");
    assertThat(EmulatorContainers.imageName(" ", EmulatorContainers.DEFAULT_LAUNCHER_IMAGE))
        .isEqualTo("snaplife/emulator:0.1.0-SNAPSHOT");
    assertThat(
            EmulatorContainers.imageName(
                "registry.example/emulator:dev", EmulatorContainers.DEFAULT_LAUNCHER_IMAGE))
        .isEqualTo("registry.example/emulator:dev");
    assertThat(EmulatorContainers.LAUNCHER_IMAGE_PROPERTY).isEqualTo("snaplife.emulator.image");
  }

  @Test
  void theImageArchiveIsFoundFromAnyModuleOfTheCheckout(@TempDir Path root) throws IOException {
    Path module = Files.createDirectories(root.resolve("service-platform"));
    assertThat(EmulatorContainers.imageArchive(null, module)).isEmpty();

    Path tar = root.resolve("target/images/emulator.tar");
    Files.createDirectories(tar.getParent());
    Files.write(tar, new byte[] {0});

    assertThat(EmulatorContainers.imageArchive(null, module)).contains(tar);
    assertThat(EmulatorContainers.imageArchive("", root)).contains(tar);
    assertThat(EmulatorContainers.imageArchive(tar.toString(), module)).contains(tar);
  }

  @Test
  void aNamedImageArchiveThatIsMissingFails(@TempDir Path root) {
    String missing = root.resolve("nothing.tar").toString();
    assertThatThrownBy(() -> EmulatorContainers.imageArchive(missing, root))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("snaplife.emulator.image-archive")
        .hasMessageContaining(missing);
  }
}
