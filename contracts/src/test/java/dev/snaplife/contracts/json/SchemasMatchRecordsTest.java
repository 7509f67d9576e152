package dev.snaplife.contracts.json;

import static org.assertj.core.api.Assertions.assertThat;

import dev.snaplife.contracts.event.EventType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The committed schemas are exactly what the records describe. After changing a record, rewrite
 * them with {@code ./mvnw -pl contracts test -Dsnaplife.writeSchemas=true} and review the diff: a
 * change must be additive (new optional properties), or it needs a new detail-type.
 */
class SchemasMatchRecordsTest {

  private static final Path SCHEMAS = Path.of("src/main/resources/schemas");

  @ParameterizedTest
  @EnumSource(EventType.class)
  void committedSchemaIsTheOneTheRecordsDescribe(EventType type) throws IOException {
    String generated = SchemaGenerator.schemaOf(type);
    Path file = SCHEMAS.resolve(type.detailType() + ".schema.json");
    if (Boolean.getBoolean("snaplife.writeSchemas")) {
      Files.createDirectories(SCHEMAS);
      Files.writeString(file, generated);
    }
    assertThat(file).as("schema file of %s", type).exists();
    assertThat(Files.readString(file))
        .as(
            "%s no longer matches its record; regenerate with -Dsnaplife.writeSchemas=true and"
                + " check the change is additive",
            file)
        .isEqualTo(generated);
  }
}
