package dev.snaplife.contracts.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.snaplife.contracts.event.BackupRequested;
import dev.snaplife.contracts.event.EventEnvelope;
import dev.snaplife.contracts.event.EventType;
import java.io.IOException;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

class EventCodecTest {

  private final EventCodec codec = new EventCodec();

  @Test
  void omitsAbsentOptionalFieldsAndReadsThemBackAsNull() {
    EventEnvelope<BackupRequested> envelope =
        EventEnvelope.of(
            UUID.randomUUID(),
            Instant.parse("2026-11-20T01:00:00Z"),
            UUID.randomUUID(),
            null,
            "snaplife.operator",
            new BackupRequested("nightly", Instant.parse("2026-11-20T01:00:00Z"), null, true));

    String json = codec.toJson(envelope);

    assertThat(json).doesNotContain("causationId").doesNotContain("databaseIdentifiers");
    assertThat(codec.fromJson(json)).isEqualTo(envelope);
  }

  @Test
  void rejectsADocumentMissingARequiredField() throws IOException {
    ObjectNode document = fixtureTree(EventType.SNAPSHOT_CREATED);
    ((ObjectNode) document.get("data")).remove("policy");

    assertThatThrownBy(() -> codec.fromTree(document))
        .isInstanceOf(InvalidEventException.class)
        .hasMessageContaining("SnapshotCreated does not match its schema")
        .hasMessageContaining("policy");
  }

  @Test
  void rejectsAnEventIdThatIsNotAUuid() throws IOException {
    ObjectNode document = fixtureTree(EventType.SNAPSHOT_FAILED);
    document.put("eventId", "not-a-uuid");

    assertThatThrownBy(() -> codec.fromTree(document))
        .isInstanceOf(InvalidEventException.class)
        .hasMessageContaining("eventId");
  }

  @Test
  void rejectsAnUnknownEnumValue() throws IOException {
    ObjectNode document = fixtureTree(EventType.SNAPSHOT_DELETED);
    ((ObjectNode) document.get("data")).put("reason", "BECAUSE");

    assertThatThrownBy(() -> codec.fromTree(document))
        .isInstanceOf(InvalidEventException.class)
        .hasMessageContaining("reason");
  }

  @Test
  void rejectsAnUnknownEventTypeWithoutEchoingTheDocument() {
    assertThatThrownBy(
            () -> codec.fromJson("{\"eventType\":\"SnapshotVanished\",\"password\":\"hunter2\"}"))
        .isInstanceOf(InvalidEventException.class)
        .hasMessage("unknown eventType 'SnapshotVanished'")
        .hasMessageNotContaining("hunter2");
  }

  @Test
  void rejectsTextThatIsNotJson() {
    assertThatThrownBy(() -> codec.fromJson("{\"eventType\": secret-value"))
        .isInstanceOf(InvalidEventException.class)
        .hasMessageStartingWith("not JSON")
        .hasMessageNotContaining("secret-value");
  }

  @Test
  void acceptsPropertiesAddedByANewerProducer() throws IOException {
    ObjectNode document = fixtureTree(EventType.SNAPSHOT_CREATED);
    document.put("schemaVersion", 2);
    ((ObjectNode) document.get("data")).put("addedInVersion2", "anything");

    EventEnvelope<?> envelope = codec.fromTree(document);

    assertThat(envelope.schemaVersion()).isEqualTo(2);
    assertThat(envelope.type()).isEqualTo(EventType.SNAPSHOT_CREATED);
  }

  @Test
  void refusesToBuildAnEnvelopeWhoseTypeDisagreesWithItsData() {
    assertThatThrownBy(
            () ->
                new EventEnvelope<>(
                    UUID.randomUUID(),
                    "SnapshotCreated",
                    1,
                    Instant.now(),
                    UUID.randomUUID(),
                    null,
                    "snaplife.operator",
                    new BackupRequested("p", Instant.now(), null, false)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private ObjectNode fixtureTree(EventType type) throws IOException {
    return (ObjectNode) codec.mapper().readTree(FixturesTest.fixture("v1", type));
  }
}
