package dev.snaplife.contracts.json;

import static org.assertj.core.api.Assertions.assertThat;

import dev.snaplife.contracts.event.EventEnvelope;
import dev.snaplife.contracts.event.EventType;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import tools.jackson.databind.JsonNode;

/**
 * One fixture per event type and schema version, kept forever: documents written by older producers
 * must keep parsing as the contracts move on.
 */
class FixturesTest {

  private final EventCodec codec = new EventCodec();

  static String fixture(String version, EventType type) throws IOException {
    String name = "/fixtures/" + version + "/" + type.detailType() + ".json";
    try (InputStream in = FixturesTest.class.getResourceAsStream(name)) {
      assertThat(in).as("fixture %s", name).isNotNull();
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @ParameterizedTest
  @EnumSource(EventType.class)
  void version1FixtureStillParsesIntoTheRecord(EventType type) throws IOException {
    EventEnvelope<?> envelope = codec.fromJson(fixture("v1", type));

    assertThat(envelope.type()).isEqualTo(type);
    assertThat(envelope.data()).isInstanceOf(type.dataClass());
    assertThat(envelope.schemaVersion()).isEqualTo(1);
  }

  @ParameterizedTest
  @EnumSource(EventType.class)
  void writingTheRecordBackGivesTheSameDocument(EventType type) throws IOException {
    for (int version = 1; version <= type.schemaVersion(); version++) {
      String original = fixture("v" + version, type);
      EventEnvelope<?> envelope = codec.fromJson(original);

      String written = codec.toJson(envelope);

      JsonNode expected = codec.mapper().readTree(original);
      JsonNode actual = codec.mapper().readTree(written);
      assertThat(actual).as("v%d of %s", version, type).isEqualTo(expected);
      assertThat(EventSchemas.violations(type, actual)).isEmpty();
    }
  }

  /** A type that moved on has a fixture of its current version too, besides the old ones. */
  @ParameterizedTest
  @EnumSource(EventType.class)
  void theCurrentVersionHasAFixtureThatParses(EventType type) throws IOException {
    EventEnvelope<?> envelope = codec.fromJson(fixture("v" + type.schemaVersion(), type));

    assertThat(envelope.schemaVersion()).isEqualTo(type.schemaVersion());
  }
}
