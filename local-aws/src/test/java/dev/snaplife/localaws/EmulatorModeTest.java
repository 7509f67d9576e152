package dev.snaplife.localaws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class EmulatorModeTest {

  private static final Map<String, String> NONE = Map.of();

  @Test
  void withNothingSetTheHarnessUsesTheLocalProcessAsBefore() {
    assertThat(EmulatorMode.select(NONE::get, NONE::get)).isEqualTo(EmulatorMode.PROCESS);
    assertThat(EmulatorMode.parse(null)).isEqualTo(EmulatorMode.PROCESS);
    assertThat(EmulatorMode.parse("  ")).isEqualTo(EmulatorMode.PROCESS);
    assertThat(EmulatorMode.PROCESS.usesContainer()).isFalse();
  }

  @Test
  void eachValueSelectsItsMode() {
    assertThat(EmulatorMode.parse("process")).isEqualTo(EmulatorMode.PROCESS);
    assertThat(EmulatorMode.parse("launcher-container")).isEqualTo(EmulatorMode.LAUNCHER_CONTAINER);
    assertThat(EmulatorMode.parse("localstack")).isEqualTo(EmulatorMode.LOCALSTACK);
    assertThat(EmulatorMode.parse(" LocalStack ")).isEqualTo(EmulatorMode.LOCALSTACK);
    assertThat(EmulatorMode.LAUNCHER_CONTAINER.usesContainer()).isTrue();
    assertThat(EmulatorMode.LOCALSTACK.usesContainer()).isTrue();
    for (EmulatorMode mode : EmulatorMode.values()) {
      assertThat(EmulatorMode.parse(mode.value())).isEqualTo(mode);
    }
  }

  @Test
  void theSystemPropertyWinsOverTheEnvironmentWhichServesWhenItIsUnset() {
    Map<String, String> property = Map.of("snaplife.emulator", "localstack");
    Map<String, String> environment = Map.of("SNAPLIFE_EMULATOR", "launcher-container");

    assertThat(EmulatorMode.select(property::get, environment::get))
        .isEqualTo(EmulatorMode.LOCALSTACK);
    assertThat(EmulatorMode.select(NONE::get, environment::get))
        .isEqualTo(EmulatorMode.LAUNCHER_CONTAINER);
    assertThat(EmulatorMode.select(Map.of("snaplife.emulator", "")::get, environment::get))
        .isEqualTo(EmulatorMode.LAUNCHER_CONTAINER);
  }

  @Test
  void anUnknownValueFailsNamingThePropertyAndTheAcceptedValues() {
    assertThatThrownBy(() -> EmulatorMode.parse("docker"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("snaplife.emulator")
        .hasMessageContaining("'docker'")
        .hasMessageContaining("process, launcher-container, localstack");
    Map<String, String> environment = Map.of("SNAPLIFE_EMULATOR", "moto");
    assertThatThrownBy(() -> EmulatorMode.select(NONE::get, environment::get))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("snaplife.emulator")
        .hasMessageContaining("SNAPLIFE_EMULATOR");
  }
}
