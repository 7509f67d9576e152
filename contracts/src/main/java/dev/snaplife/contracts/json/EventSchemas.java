package dev.snaplife.contracts.json;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.SpecificationVersion;
import dev.snaplife.contracts.event.EventType;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * The JSON Schema of each event type, as kept in {@code schemas/<detail-type>.schema.json} of this
 * module. Each schema describes the whole envelope with that type's data, so producers in any
 * language can validate what they publish.
 */
public final class EventSchemas {

  private static final Map<EventType, Schema> SCHEMAS = new EnumMap<>(EventType.class);

  static {
    SchemaRegistry registry =
        SchemaRegistry.withDefaultDialect(
            SpecificationVersion.DRAFT_2020_12,
            builder ->
                builder.schemaRegistryConfig(
                    SchemaRegistryConfig.builder().formatAssertionsEnabled(true).build()));
    for (EventType type : EventType.values()) {
      try (InputStream in = open(type)) {
        SCHEMAS.put(type, registry.getSchema(in));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  private EventSchemas() {}

  /** The classpath resource holding the type's schema. */
  public static String resourceName(EventType type) {
    return "schemas/" + type.detailType() + ".schema.json";
  }

  private static InputStream open(EventType type) {
    InputStream in = EventSchemas.class.getClassLoader().getResourceAsStream(resourceName(type));
    if (in == null) {
      throw new IllegalStateException("missing schema resource " + resourceName(type));
    }
    return in;
  }

  /** The violations of the type's schema in the document; empty when it is valid. */
  public static List<String> violations(EventType type, JsonNode document) {
    List<Error> errors = SCHEMAS.get(type).validate(document);
    return errors.stream().map(e -> e.getInstanceLocation() + ": " + e.getMessage()).toList();
  }
}
