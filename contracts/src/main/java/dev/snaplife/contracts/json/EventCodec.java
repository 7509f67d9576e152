package dev.snaplife.contracts.json;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.snaplife.contracts.event.EventEnvelope;
import dev.snaplife.contracts.event.EventType;
import dev.snaplife.contracts.event.SnaplifeEvent;
import java.util.List;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JavaType;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads and writes event envelopes as JSON. Reading checks the document against its type's schema
 * before binding, so a consumer never acts on a half-valid event. Unknown properties are accepted,
 * so that a newer producer's additive changes do not break older consumers.
 */
public final class EventCodec {

  private final JsonMapper mapper;

  public EventCodec() {
    this.mapper =
        JsonMapper.builder()
            .changeDefaultPropertyInclusion(
                incl -> incl.withValueInclusion(JsonInclude.Include.NON_NULL))
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
            .build();
  }

  public JsonMapper mapper() {
    return mapper;
  }

  public String toJson(EventEnvelope<?> envelope) {
    return mapper.writeValueAsString(envelope);
  }

  /** Parses a document that must be an event envelope. */
  public EventEnvelope<?> fromJson(String json) {
    JsonNode document;
    try {
      document = mapper.readTree(json);
    } catch (JacksonException e) {
      throw new InvalidEventException("not JSON: " + e.getOriginalMessage());
    }
    return fromTree(document);
  }

  /** Binds an already parsed document, after checking it against its type's schema. */
  public EventEnvelope<?> fromTree(JsonNode document) {
    if (document == null || !document.isObject()) {
      throw new InvalidEventException("an event must be a JSON object");
    }
    JsonNode typeNode = document.get("eventType");
    if (typeNode == null || !typeNode.isString()) {
      throw new InvalidEventException("missing eventType");
    }
    EventType type =
        EventType.fromDetailType(typeNode.asString())
            .orElseThrow(
                () -> new InvalidEventException("unknown eventType " + quote(typeNode.asString())));
    List<String> violations = EventSchemas.violations(type, document);
    if (!violations.isEmpty()) {
      throw new InvalidEventException(
          type.detailType() + " does not match its schema: " + String.join("; ", violations));
    }
    JavaType javaType =
        mapper.getTypeFactory().constructParametricType(EventEnvelope.class, type.dataClass());
    try {
      EventEnvelope<?> envelope = mapper.readerFor(javaType).readValue(document);
      return envelope;
    } catch (JacksonException e) {
      throw new InvalidEventException(
          type.detailType() + " cannot be read: " + e.getOriginalMessage());
    } catch (IllegalArgumentException | NullPointerException e) {
      throw new InvalidEventException(type.detailType() + " is invalid: " + e.getMessage());
    }
  }

  /** Narrows a parsed envelope to the data class a handler expects. */
  @SuppressWarnings("unchecked")
  public static <E extends SnaplifeEvent> EventEnvelope<E> narrow(
      EventEnvelope<?> envelope, Class<E> dataClass) {
    if (!dataClass.isInstance(envelope.data())) {
      throw new IllegalArgumentException(
          "expected " + dataClass.getSimpleName() + ", got " + envelope.eventType());
    }
    return (EventEnvelope<E>) envelope;
  }

  private static String quote(String value) {
    String shortened = value.length() > 64 ? value.substring(0, 64) + "…" : value;
    return "'" + shortened + "'";
  }
}
