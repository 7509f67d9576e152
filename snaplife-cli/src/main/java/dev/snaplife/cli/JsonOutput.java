package dev.snaplife.cli;

import java.io.PrintWriter;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/** What {@code --json} prints: indented JSON of records, for {@code jq}. */
public final class JsonOutput {

  private static final JsonMapper JSON =
      JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

  private JsonOutput() {}

  public static void print(PrintWriter out, Object value) {
    out.println(JSON.writeValueAsString(value));
    out.flush();
  }
}
