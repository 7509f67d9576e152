package dev.snaplife.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.snaplife.contracts.routing.ResourceNames;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * cfn-lint (pinned in the project's virtualenv with the emulator) passes on both templates in every
 * region Snaplife deploys to by default, warnings included: W3037 catches an IAM action that does
 * not exist, E3xxx a property CloudFormation would refuse.
 */
class CfnLintTest {

  static final Path LINT = Path.of("..", ".venv", "bin", "cfn-lint");

  @Test
  void bothTemplatesLintClean(@TempDir Path dir) throws Exception {
    Templates.write(new ResourceNames("snaplife"), dir);
    assertThat(lint(dir.resolve("snaplife-home.json"), dir.resolve("snaplife-destination.json")))
        .isEqualTo("");
  }

  @Test
  void aMisspelledActionFailsTheLint(@TempDir Path dir) throws Exception {
    Templates.write(new ResourceNames("snaplife"), dir);
    Path home = dir.resolve("snaplife-home.json");
    Files.writeString(home, Files.readString(home).replace("\"sns:Publish\"", "\"sns:Publsh\""));

    assertThat(lint(home)).contains("W3037", "publsh");
  }

  /** The lint's findings; empty when it passes. */
  static String lint(Path... templates) throws IOException, InterruptedException {
    if (!Files.isExecutable(LINT)) {
      throw new IllegalStateException(
          LINT.toAbsolutePath().normalize()
              + " is missing: install the project's virtualenv with `scripts/moto.sh install`"
              + " (it pins cfn-lint beside moto).");
    }
    List<String> command =
        new ArrayList<>(List.of(LINT.toString(), "--regions", "us-east-1", "eu-west-1", "--"));
    for (Path template : templates) {
      command.add(template.toString());
    }
    Process lint = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(lint.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!lint.waitFor(2, TimeUnit.MINUTES)) {
      lint.destroyForcibly();
      throw new IllegalStateException("cfn-lint did not finish in 2 minutes");
    }
    return lint.exitValue() == 0 ? "" : output.isEmpty() ? "exit " + lint.exitValue() : output;
  }
}
