package dev.snaplife.localaws;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import org.junit.jupiter.api.Test;

class LocalAwsTest {

  @Test
  void aMissingEmulatorFailsWithHowToStartIt() throws IOException {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    URI endpoint = URI.create("http://127.0.0.1:" + closedPort);

    assertThatThrownBy(() -> LocalAws.requireAnswering(endpoint))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("No AWS emulator answers at " + endpoint)
        .hasMessageContaining("scripts/moto.sh start");
  }
}
