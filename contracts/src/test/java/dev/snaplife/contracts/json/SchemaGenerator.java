package dev.snaplife.contracts.json;

import dev.snaplife.contracts.event.EventEnvelope;
import dev.snaplife.contracts.event.EventType;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Derives each event type's JSON Schema from its records: every component is required unless it is
 * {@link Nullable}; nested records become {@code $defs}. The schemas are committed, and a test
 * keeps them equal to what this derives, so the records and the schemas cannot drift apart.
 */
final class SchemaGenerator {

  static final JsonMapper PRETTY =
      JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private final Map<String, ObjectNode> definitions = new TreeMap<>();

  static String schemaOf(EventType type) {
    return PRETTY.writeValueAsString(new SchemaGenerator().generate(type)) + "\n";
  }

  private ObjectNode generate(EventType type) {
    ObjectNode root = NODES.objectNode();
    root.put("$schema", "https://json-schema.org/draft/2020-12/schema");
    root.put("$id", "https://snaplife.dev/schemas/" + type.detailType() + ".schema.json");
    root.put("title", type.detailType());
    root.put(
        "description",
        "Envelope of a "
            + type.detailType()
            + " event (schema version "
            + type.schemaVersion()
            + "). Generated from the contracts records; do not edit by hand.");
    ObjectNode envelope = recordSchema(EventEnvelope.class, type);
    root.setAll(envelope);
    if (!definitions.isEmpty()) {
      ObjectNode defs = root.putObject("$defs");
      definitions.forEach(defs::set);
    }
    return root;
  }

  private ObjectNode recordSchema(Class<?> recordClass, @Nullable EventType envelopeOf) {
    ObjectNode schema = NODES.objectNode();
    schema.put("type", "object");
    ObjectNode properties = schema.putObject("properties");
    ArrayNode required = NODES.arrayNode();
    for (RecordComponent component : recordClass.getRecordComponents()) {
      String name = component.getName();
      ObjectNode property;
      if (envelopeOf != null && name.equals("eventType")) {
        property = NODES.objectNode().put("const", envelopeOf.detailType());
      } else if (envelopeOf != null && name.equals("schemaVersion")) {
        property = NODES.objectNode().put("type", "integer").put("minimum", 1);
      } else if (envelopeOf != null && name.equals("data")) {
        property = recordSchema(envelopeOf.dataClass(), null);
      } else {
        property = typeSchema(component.getGenericType());
      }
      properties.set(name, property);
      if (!component.getAnnotatedType().isAnnotationPresent(Nullable.class)) {
        required.add(name);
      }
    }
    schema.set("required", required);
    return schema;
  }

  private ObjectNode typeSchema(Type type) {
    if (type instanceof ParameterizedType parameterized) {
      Class<?> raw = (Class<?>) parameterized.getRawType();
      if (java.util.List.class.isAssignableFrom(raw)) {
        ObjectNode array = NODES.objectNode().put("type", "array");
        array.set("items", typeSchema(parameterized.getActualTypeArguments()[0]));
        return array;
      }
      if (Map.class.isAssignableFrom(raw)
          && parameterized.getActualTypeArguments()[0] == String.class) {
        // A map of string keys (tags): an object whose values all have the value type's schema.
        ObjectNode object = NODES.objectNode().put("type", "object");
        ObjectNode values = typeSchema(parameterized.getActualTypeArguments()[1]);
        // A tag's value may be empty.
        values.remove("minLength");
        object.set("additionalProperties", values);
        return object;
      }
      throw new IllegalArgumentException("unsupported generic type " + type);
    }
    Class<?> c = (Class<?>) type;
    if (c == String.class) {
      return NODES.objectNode().put("type", "string").put("minLength", 1);
    }
    if (c == UUID.class) {
      return NODES.objectNode().put("type", "string").put("format", "uuid");
    }
    if (c == Instant.class) {
      return NODES.objectNode().put("type", "string").put("format", "date-time");
    }
    if (c == int.class || c == Integer.class || c == long.class || c == Long.class) {
      return NODES.objectNode().put("type", "integer");
    }
    if (c == boolean.class || c == Boolean.class) {
      return NODES.objectNode().put("type", "boolean");
    }
    if (c.isEnum()) {
      ObjectNode e = NODES.objectNode().put("type", "string");
      ArrayNode values = e.putArray("enum");
      for (Object constant : c.getEnumConstants()) {
        values.add(((Enum<?>) constant).name());
      }
      return e;
    }
    if (c.isRecord()) {
      definitions.computeIfAbsent(c.getSimpleName(), k -> recordSchema(c, null));
      return NODES.objectNode().put("$ref", "#/$defs/" + c.getSimpleName());
    }
    throw new IllegalArgumentException("unsupported type " + c);
  }
}
